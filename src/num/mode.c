/* mode -- the registry of number modes: names, aliases, the IEEE formats,
   which domain each is */
#include <string.h>
#include "gdtrace/mode.h"
#include "num/num-impl.h"

/* In the order help and error messages list them. */
static const gdt_mode modes[] = {
    { .name = "exact", .cls = GDT_MODE_EXACT },
    { .name = "mpfr", .cls = GDT_MODE_MPFR },
    { .name = "binary16", .alias = { "half", "float16" }, .cls = GDT_MODE_IEEE,
      .prec = 11, .emax = 15 },
    { .name = "bfloat16", .cls = GDT_MODE_IEEE, .prec = 8, .emax = 127 },
    { .name = "binary32", .alias = { "single", "float32" }, .cls = GDT_MODE_IEEE,
      .prec = 24, .emax = 127 },
    { .name = "binary64", .alias = { "double", "float64" }, .cls = GDT_MODE_IEEE,
      .prec = 53, .emax = 1023 },
    { .name = "binary128", .alias = { "quad" }, .cls = GDT_MODE_IEEE,
      .prec = 113, .emax = 16383 },
    { .name = "native-float", .cls = GDT_MODE_NATIVE, .prec = 24, .emax = 127,
      .format = "binary32" },
    { .name = "native-double", .cls = GDT_MODE_NATIVE, .prec = 53, .emax = 1023,
      .format = "binary64" },
    { .name = "int8", .cls = GDT_MODE_INT, .prec = 8 },
    { .name = "int16", .cls = GDT_MODE_INT, .prec = 16 },
    { .name = "int32", .cls = GDT_MODE_INT, .prec = 32 },
    { .name = "int64", .cls = GDT_MODE_INT, .prec = 64 },
    { .name = "certified", .cls = GDT_MODE_BALL },
};

#define NMODES (sizeof modes / sizeof modes[0])
#define NALIAS (sizeof modes[0].alias / sizeof modes[0].alias[0])

const gdt_mode *
gdt_mode_find(const char *name)
{
    size_t i, j;

    for (i = 0; i < NMODES; i++) {
        if (strcmp(name, modes[i].name) == 0)
            return &modes[i];
        for (j = 0; j < NALIAS && modes[i].alias[j] != NULL; j++)
            if (strcmp(name, modes[i].alias[j]) == 0)
                return &modes[i];
    }
    return NULL;
}

const gdt_mode *
gdt_mode_ieee(size_t i)
{
    size_t k;

    for (k = 0; k < NMODES; k++)
        if (modes[k].cls == GDT_MODE_IEEE && i-- == 0)
            return &modes[k];
    return NULL;
}

int
gdt_mode_class_of(const char *name)
{
    const gdt_mode *m = gdt_mode_find(name);

    return m == NULL ? -1 : (int)m->cls;
}

const char *
gdt_mode_canonical(const char *name)
{
    const gdt_mode *m = gdt_mode_find(name);

    return m == NULL ? NULL : m->name;
}

/* Append S to OUT, which holds *LEN bytes, within GDT_MODE_NAMES_SIZE. */
static void
put(char *out, size_t *len, const char *s)
{
    size_t n = strlen(s);

    if (n > GDT_MODE_NAMES_SIZE - 1 - *len)
        n = GDT_MODE_NAMES_SIZE - 1 - *len;
    memcpy(out + *len, s, n);
    *len += n;
    out[*len] = '\0';
}

const char *
gdt_mode_names(char out[GDT_MODE_NAMES_SIZE])
{
    return gdt_mode_names_of(-1, out);
}

const char *
gdt_mode_names_of(int cls, char out[GDT_MODE_NAMES_SIZE])
{
    size_t i, j, len = 0;

    out[0] = '\0';
    for (i = 0; i < NMODES; i++) {
        if (cls >= 0 ? modes[i].cls != (gdt_mode_class)cls : modes[i].cls == GDT_MODE_BALL)
            continue;
        if (len > 0)
            put(out, &len, ", ");
        put(out, &len, modes[i].name);
        for (j = 0; j < NALIAS && modes[i].alias[j] != NULL; j++) {
            put(out, &len, j == 0 ? " (" : ", ");
            put(out, &len, modes[i].alias[j]);
        }
        if (j > 0)
            put(out, &len, ")");
    }
    return out;
}

gdt_status
gdt_domain_init_mode(gdt_domain *d, const char *name, mpfr_prec_t prec, mpfr_rnd_t rnd)
{
    const gdt_mode *m = gdt_mode_find(name);
    gdt_status st;

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
        /* the formats up to binary64 on the machine's doubles (binary64
           rounding away from zero and binary128 emulated with MPFR): the
           same results */
        st = gdt_domain_init_ieee_hw(d, m->name, rnd);
        if (st != GDT_EVALUE)
            return st;
        return gdt_domain_init_ieee(d, m->name, rnd);
    case GDT_MODE_NATIVE:
        return gdt_domain_init_native(d, m->name, rnd);
    case GDT_MODE_INT:
        return gdt_domain_init_int(d, m->name);
    case GDT_MODE_BALL:
        return gdt_domain_init_ball(d, prec < 64 ? 64 : prec);
    }
    return GDT_EVALUE;
}
