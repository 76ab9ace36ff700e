/* num -- what every number domain shares: its scratch space */
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
