/* num -- what every number domain shares: its scratch space, reading a
   value back from its text */
#include <stdint.h>
#include <string.h>
#include "gdtrace/num.h"
#include "num/fast.h"
#include "num/num-impl.h"

/* as num_mpfr.c has it, for the same bound */
#define LOG10_2 0.30102999566398120

void
gdt_domain_scratch_init(gdt_domain *d, mpfr_prec_t prec)
{
    mpz_init(d->tz);
    mpq_init(d->tq);
    mpfr_init2(d->tf, prec);
    gdt_buf_init(&d->tb);
    d->native = NULL;
    d->stop = NULL;
    d->sr = NULL;
}

void
gdt_domain_empty(gdt_domain *d)
{
    d->ops = NULL;
    d->name = NULL;
    d->prec = 0;
    d->rnd = MPFR_RNDN;
    d->emin = d->emax = 0;
    d->subnormal = 0;
    d->flags = 0;
    d->inside = 0;
    d->max_bits = 0;
    d->stop = NULL;
    d->native = NULL;
    d->sr = NULL;
}

gdt_fast_kind
gdt_fast_kind_of(const gdt_domain *d)
{
    gdt_fast_kind k;

    if (d->ops == NULL)
        return GDT_FAST_NONE;
    if ((k = gdt_native_fast_kind(d)) == GDT_FAST_NONE
        && (k = gdt_hw_fast_kind(d)) == GDT_FAST_NONE)
        k = gdt_mpfr_fast_kind(d);
    return k;
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
    gdt_domain_empty(d);
}

int
gdt_domain_str_fits(const gdt_numfmt *f, const gdt_domain *d)
{
    if (d->max_bits == 0)
        return 1;
    if (f->kind != GDT_DIGITS_SHORTEST)
        return 0;
    /* a shortest text of the IEEE formats of 53 bits or less (the native,
       the hardware and the emulated ones) and of the MPFR domains has at
       most 2 + p log10 2 digits, the bound their str_digits give at most,
       computed as they compute it */
    if ((d->subnormal && d->prec <= 53) || strcmp(d->ops->kind, "mpfr") == 0)
        return 2 + (size_t)((double)d->prec * LOG10_2) <= gdt_text_max_digits(d);
    return 0;
}

gdt_status
gdt_domain_check_str(const gdt_val *a, const gdt_numfmt *f, gdt_domain *d)
{
    gdt_buf b;
    gdt_status st;

    if (gdt_domain_str_fits(f, d) || d->ops->str_digits(a, f, d) <= gdt_text_max_digits(d))
        return GDT_OK;
    /* near the limit or past it: the text decides (get_str refuses a text
       that is too long before making it) */
    gdt_buf_init(&b);
    st = d->ops->get_str(&b, a, f, d);
    gdt_buf_clear(&b);
    return st;
}

gdt_status
gdt_domain_read(gdt_val *r, const char *text, gdt_domain *d)
{
    const gdt_domain_ops *ops = d->ops;
    const char *t = text;
    int neg = 0;
    mpfr_rnd_t saved = d->rnd, saved_native = MPFR_RNDN;
    gdt_status st;
    mpq_t q, one;
    size_t end;

    if (*t == '-') {
        neg = 1;
        t++;
    }
    mpq_init(q);
    mpq_init(one);
    /* inf and nan: 1/0 and 0/0 in the domain itself */
    if (strcmp(t, "inf") == 0 || strcmp(t, "nan") == 0) {
        gdt_val a;
        ops->init(&a, d);
        mpq_set_ui(one, t[0] == 'i' ? 1 : 0, 1);
        st = ops->set_q(&a, one, d);
        mpq_set_ui(one, 0, 1);
        if (st == GDT_OK)
            st = ops->set_q(r, one, d);
        if (st == GDT_OK)
            st = ops->div(r, &a, r, d);
        if (st == GDT_OK && neg)
            st = ops->neg(r, r, d);
        ops->clear(&a, d);
        goto out;
    }
    if (strncmp(t, "0x", 2) == 0) {
        /* a C99 hex float: exact in binary, read with MPFR at ample precision */
        mpfr_t x;
        mpfr_init2(x, 1 << 16);
        st = mpfr_set_str(x, t, 0, MPFR_RNDN) == 0 && mpfr_number_p(x) ? GDT_OK : GDT_ESYNTAX;
        if (st == GDT_OK)
            mpfr_get_q(q, x);
        mpfr_clear(x);
    } else {
        st = gdt_q_parse(q, t, &end);
    }
    if (st != GDT_OK)
        goto out;
    /* shortest strings read back to nearest, whatever the run's rounding */
    d->rnd = MPFR_RNDN;
    if (d->native != NULL) {
        saved_native = d->native->ieee.rnd;
        d->native->ieee.rnd = MPFR_RNDN;
    }
    st = ops->set_q(r, q, d);
    d->rnd = saved;
    if (d->native != NULL)
        d->native->ieee.rnd = saved_native;
    if (st == GDT_OK && neg)
        st = ops->neg(r, r, d);
out:
    mpq_clear(q);
    mpq_clear(one);
    return st;
}

gdt_status
gdt_domain_set_const(gdt_val *r, gdt_const c, gdt_domain *d)
{
    mpfr_t x;
    mpq_t q;
    gdt_status st;

    if (c == GDT_CONST_DLOSS) { /* the seed of the backward pass: 1 */
        mpq_init(q);
        mpq_set_ui(q, 1, 1);
        st = d->ops->set_q(r, q, d);
        mpq_clear(q);
        return st;
    }
    /* a ball holds pi itself, not a rounding of it */
    if (d->ops->certified != NULL)
        return gdt_ball_const_pi(r, d);
    /* an exact domain holds no irrational number, and a domain without a
       float precision (the machine integers) no pi */
    if (d->ops->exact || c != GDT_CONST_PI || d->prec < MPFR_PREC_MIN
        || d->prec > MPFR_PREC_MAX)
        return GDT_EINEXACT;
    mpfr_init2(x, d->prec);
    mpq_init(q);
    /* the domain's precision: pi is normal in every format, so this is the
       one rounding, and set_q takes the result exactly */
    mpfr_const_pi(x, d->rnd);
    mpfr_get_q(q, x);
    st = d->ops->set_q(r, q, d);
    mpq_clear(q);
    mpfr_clear(x);
    return st;
}
