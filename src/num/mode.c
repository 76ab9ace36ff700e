/* mode -- number modes by name: which domain, which options apply */
#include <string.h>
#include "gdtrace/mode.h"
#include "num/num-impl.h"

static const struct mode {
    const char *name;
    gdt_mode_class cls;
    const char *format; /* the domain's own name for it */
} modes[] = {
    { "exact", GDT_MODE_EXACT, "exact" },
    { "mpfr", GDT_MODE_MPFR, "mpfr" },
    { "binary16", GDT_MODE_IEEE, "binary16" },
    { "half", GDT_MODE_IEEE, "binary16" },
    { "float16", GDT_MODE_IEEE, "binary16" },
    { "bfloat16", GDT_MODE_IEEE, "bfloat16" },
    { "binary32", GDT_MODE_IEEE, "binary32" },
    { "single", GDT_MODE_IEEE, "binary32" },
    { "float32", GDT_MODE_IEEE, "binary32" },
    { "binary64", GDT_MODE_IEEE, "binary64" },
    { "double", GDT_MODE_IEEE, "binary64" },
    { "float64", GDT_MODE_IEEE, "binary64" },
    { "binary128", GDT_MODE_IEEE, "binary128" },
    { "quad", GDT_MODE_IEEE, "binary128" },
    { "native-float", GDT_MODE_NATIVE, "native-float" },
    { "native-double", GDT_MODE_NATIVE, "native-double" },
    { "int8", GDT_MODE_INT, "int8" },
    { "int16", GDT_MODE_INT, "int16" },
    { "int32", GDT_MODE_INT, "int32" },
    { "int64", GDT_MODE_INT, "int64" },
};

static const struct mode *
find(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof modes / sizeof modes[0]; i++)
        if (strcmp(name, modes[i].name) == 0)
            return &modes[i];
    return NULL;
}

int
gdt_mode_class_of(const char *name)
{
    const struct mode *m = find(name);

    return m == NULL ? -1 : (int)m->cls;
}

const char *
gdt_mode_canonical(const char *name)
{
    const struct mode *m = find(name);

    return m == NULL ? NULL : m->format;
}

const char *
gdt_mode_names(void)
{
    return "exact, mpfr, binary16 (half, float16), bfloat16, binary32 (single, float32), "
           "binary64 (double, float64), binary128 (quad), native-float, native-double, "
           "int8, int16, int32, int64";
}

const char *
gdt_mode_ieee_format(size_t i)
{
    size_t k;

    for (k = 0; k < sizeof modes / sizeof modes[0]; k++)
        if (modes[k].cls == GDT_MODE_IEEE && strcmp(modes[k].name, modes[k].format) == 0
            && i-- == 0)
            return modes[k].name;
    return NULL;
}

gdt_status
gdt_domain_init_mode(gdt_domain *d, const char *name, mpfr_prec_t prec, mpfr_rnd_t rnd)
{
    const struct mode *m = find(name);

    gdt_domain_empty(d);
    if (m == NULL)
        return GDT_EVALUE;
    switch (m->cls) {
    case GDT_MODE_EXACT:
        gdt_domain_init_exact(d);
        return GDT_OK;
    case GDT_MODE_MPFR:
        return gdt_domain_init_mpfr(d, prec, rnd);
    case GDT_MODE_IEEE:
        return gdt_domain_init_ieee(d, m->format, rnd);
    case GDT_MODE_NATIVE:
        return gdt_domain_init_native(d, m->format, rnd);
    case GDT_MODE_INT:
        return gdt_domain_init_int(d, m->format);
    }
    return GDT_EVALUE;
}
