/* num -- what every number domain shares: its scratch space, the names of
   the elementary functions */
#include <string.h>
#include "gdtrace/num.h"
#include "num-impl.h"

void
gdt_domain_scratch_init(gdt_domain *d, mpfr_prec_t prec)
{
    mpz_init(d->tz);
    mpq_init(d->tq);
    mpfr_init2(d->tf, prec);
    gdt_buf_init(&d->tb);
    d->native = NULL;
}

void
gdt_domain_clear(gdt_domain *d)
{
    if (d == NULL || d->ops == NULL)
        return;
    mpz_clear(d->tz);
    mpq_clear(d->tq);
    mpfr_clear(d->tf);
    gdt_buf_clear(&d->tb);
    gdt_native_free(d->native);
    d->native = NULL;
    d->ops = NULL;
}

/* indexed by gdt_func */
static const char *const func_names[] = {
    "exp", "log", "sqrt", "sin", "cos", "tan", "tanh", "sigmoid", "abs",
    "min", "max"
};

#define NFUNC (sizeof func_names / sizeof func_names[0])

const char *
gdt_func_name(gdt_func f)
{
    if ((unsigned)f >= NFUNC)
        return NULL;
    return func_names[f];
}

int
gdt_func_from_name(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < NFUNC; i++)
        if (strlen(func_names[i]) == len && memcmp(func_names[i], s, len) == 0)
            return (int)i;
    return -1;
}

int
gdt_func_arity(gdt_func f)
{
    return f == GDT_FN_MIN || f == GDT_FN_MAX ? 2 : 1;
}
