/* num_ball -- the ball domain: Arb's balls at a working precision

   A value is a midpoint and a radius (arb_t) that hold the exact-real
   result: every method is Arb's enclosure of its operation at D->prec
   bits, so a ball holds what exact arithmetic, functions included, gives
   on any number of its operands' balls.  What cannot be decided on balls
   is said, never guessed: cmp gives GDT_CMP_UNKNOWN when two balls
   overlap, and a ball that holds numbers of both signs proves no digit.
   The texts are the digits a ball proves (certified below), or the
   midpoint to N digits once the caller knows that the ball proves them.

   This file is the ball module, gdtrace-ball.so (ball_module.h), with
   base/buf.c and base/decimal.c, linked with Arb: the library reaches it
   through ball.c, the first time a ball domain is set up. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/num.h"
#include "num/arb_compat.h"
#include "num/ball_module.h"
#include "num/num-impl.h"

#define LOG10_2 0.30102999566398120

#define BALL(x) ((arb_ptr)(x)->b)
#define CBALL(x) ((arb_srcptr)(x)->b)
#define PREC(d) ((slong)(d)->prec)

static void
b_init(gdt_val *x, gdt_domain *d)
{
    (void)d;
    /* Arb's own allocations abort when memory runs out; so does this */
    x->b = flint_malloc(sizeof(arb_struct));
    arb_init(BALL(x));
}

static void
b_clear(gdt_val *x, gdt_domain *d)
{
    (void)d;
    arb_clear(BALL(x));
    flint_free(x->b);
    x->b = NULL;
}

/* Record in D what R is: inexact when its radius is not 0. */
static gdt_status
done(const gdt_val *r, gdt_domain *d)
{
    if (!arb_is_exact(CBALL(r)))
        d->flags |= GDT_FLAG_INEXACT;
    return GDT_OK;
}

/* r = q: exact when q's denominator is a power of 2 and its numerator
   fits the precision, else the correctly rounded midpoint and a radius */
static gdt_status
b_set_q(gdt_val *r, const mpq_t q, gdt_domain *d)
{
    fmpz_t p, s;

    fmpz_init(p);
    fmpz_init(s);
    fmpz_set_mpz(p, mpq_numref(q));
    fmpz_set_mpz(s, mpq_denref(q));
    arb_fmpz_div_fmpz(BALL(r), p, s, PREC(d));
    fmpz_clear(p);
    fmpz_clear(s);
    return done(r, d);
}

static gdt_status
b_set(gdt_val *r, const gdt_val *a, gdt_domain *d)
{
    arb_set(BALL(r), CBALL(a));
    return done(r, d);
}

static gdt_status
b_neg(gdt_val *r, const gdt_val *a, gdt_domain *d)
{
    arb_neg(BALL(r), CBALL(a));
    return done(r, d);
}

/* The methods that are one Arb function of two balls at D's precision. */
#define DEFINE_B2(name, OP)                                                    \
    static gdt_status                                                          \
    name(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)        \
    {                                                                          \
        OP(BALL(r), CBALL(a), CBALL(b), PREC(d));                              \
        return done(r, d);                                                     \
    }

DEFINE_B2(b_add, arb_add)
DEFINE_B2(b_sub, arb_sub)
DEFINE_B2(b_mul, arb_mul)

/* a / b: an exact zero divisor is the exact domain's error; a divisor
   ball that holds 0 gives a ball that is not finite */
static gdt_status
b_div(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    if (arb_is_zero(CBALL(b)))
        return GDT_EDIVZERO;
    arb_div(BALL(r), CBALL(a), CBALL(b), PREC(d));
    return done(r, d);
}

static gdt_status
b_pow_si(gdt_val *r, const gdt_val *a, long n, gdt_domain *d)
{
    fmpz_t e;

    if (n < 0 && arb_is_zero(CBALL(a)))
        return GDT_EDIVZERO;
    fmpz_init(e);
    fmpz_set_si(e, n);
    arb_pow_fmpz(BALL(r), CBALL(a), e, PREC(d));
    fmpz_clear(e);
    return done(r, d);
}

/* r = c - a*b: Arb's fused submul on a copy of c, as R may be A or B */
static gdt_status
b_fms(gdt_val *r, const gdt_val *c, const gdt_val *a, const gdt_val *b,
      gdt_domain *d)
{
    arb_t t;

    arb_init(t);
    arb_set(t, CBALL(c));
    arb_submul(t, CBALL(a), CBALL(b), PREC(d));
    arb_swap(BALL(r), t);
    arb_clear(t);
    return done(r, d);
}

/* the exact zero only: a ball around 0 is not known to be zero */
static int
b_is_zero(const gdt_val *a, gdt_domain *d)
{
    (void)d;
    return arb_is_zero(CBALL(a));
}

static int
b_is_nan(const gdt_val *a, gdt_domain *d)
{
    (void)d;
    return arf_is_nan(arb_midref(CBALL(a)));
}

/* not finite (an infinite midpoint or radius), and no NaN */
static int
b_is_inf(const gdt_val *a, gdt_domain *d)
{
    (void)d;
    return !arb_is_finite(CBALL(a)) && !arf_is_nan(arb_midref(CBALL(a)));
}

/* same midpoint and radius */
static int
b_identical(const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    (void)d;
    return arb_equal(CBALL(a), CBALL(b));
}

/* Set *M and *E to the midpoint of finite A as M 2^E (M odd, or 0);
   GDT_EDOMAIN when A is not finite, GDT_ERANGE when E is no long. */
static gdt_status
mid_2exp(mpz_t m, long *e, const gdt_val *a)
{
    fmpz_t fm, fe;
    gdt_status st = GDT_OK;

    if (!arb_is_finite(CBALL(a)))
        return GDT_EDOMAIN;
    fmpz_init(fm);
    fmpz_init(fe);
    arf_get_fmpz_2exp(fm, fe, arb_midref(CBALL(a)));
    if (fmpz_fits_si(fe)) {
        fmpz_get_mpz(m, fm);
        *e = fmpz_get_si(fe);
    } else {
        st = GDT_ERANGE;
    }
    fmpz_clear(fm);
    fmpz_clear(fe);
    return st;
}

/* R = M 2^E */
static void
q_of_2exp(mpq_t r, const mpz_t m, long e)
{
    mpq_set_z(r, m);
    if (e >= 0)
        mpq_mul_2exp(r, r, (mp_bitcnt_t)e);
    else
        mpq_div_2exp(r, r, (mp_bitcnt_t)-e);
}

/* the midpoint */
static gdt_status
b_get_q(mpq_t r, const gdt_val *a, gdt_domain *d)
{
    long e;
    gdt_status st = mid_2exp(d->tz, &e, a);

    if (st == GDT_OK)
        q_of_2exp(r, d->tz, e);
    return st;
}

/* Set X, of ARF's bits or more, to ARF exactly; 0 when ARF's exponent is
   outside MPFR's range (X is then left as it was). */
static int
mpfr_of_arf(mpfr_ptr x, const arf_t arf)
{
    if (arf_is_special(arf) || (fmpz_cmp_si(ARF_EXPREF(arf), mpfr_get_emax()) <= 0
                                && fmpz_cmp_si(ARF_EXPREF(arf), mpfr_get_emin()) >= 0)) {
        arf_get_mpfr(x, arf, MPFR_RNDN);
        return 1;
    }
    return 0;
}

/* the midpoint rounded into R; beyond MPFR's range its infinity or zero */
static int
b_get_fr(mpfr_ptr r, const gdt_val *a, mpfr_rnd_t rnd, gdt_domain *d)
{
    arf_srcptr m = arb_midref(CBALL(a));
    mpfr_t x;
    int t;

    (void)d;
    if (arf_is_nan(m)) {
        mpfr_set_nan(r);
        return 0;
    }
    mpfr_init2(x, arf_bits(m) < MPFR_PREC_MIN ? MPFR_PREC_MIN : arf_bits(m));
    if (mpfr_of_arf(x, m)) {
        t = mpfr_set(r, x, rnd);
    } else if (fmpz_sgn(ARF_EXPREF(m)) > 0) {
        mpfr_set_inf(r, arf_sgn(m));
        t = arf_sgn(m);
    } else {
        mpfr_set_zero(r, arf_sgn(m));
        t = -arf_sgn(m);
    }
    mpfr_clear(x);
    return t;
}

/* The ends of finite A, exactly or just outside it, as MPFR numbers
   (initialised here); 0 when one is outside MPFR's range (nothing to
   clear then). */
static int
ends(mpfr_t lo, mpfr_t hi, const gdt_val *a)
{
    slong prec = arb_bits(CBALL(a)) + 64;
    arf_t l, h;
    int ok;

    arf_init(l);
    arf_init(h);
    arb_get_lbound_arf(l, CBALL(a), prec);
    arb_get_ubound_arf(h, CBALL(a), prec);
    mpfr_init2(lo, arf_bits(l) < MPFR_PREC_MIN ? MPFR_PREC_MIN : arf_bits(l));
    mpfr_init2(hi, arf_bits(h) < MPFR_PREC_MIN ? MPFR_PREC_MIN : arf_bits(h));
    ok = mpfr_of_arf(lo, l) && mpfr_of_arf(hi, h);
    if (!ok) {
        mpfr_clear(lo);
        mpfr_clear(hi);
    }
    arf_clear(l);
    arf_clear(h);
    return ok;
}

/* Do LO and HI round to the same N-digit decimal?  Then every number
   between them does (rounding is monotonic), and S holds its digits, *E
   its exponent.  -1 when out of memory. */
static int
agree(gdt_buf *s, gdt_buf *t, mpfr_exp_t *e, size_t n, mpfr_srcptr lo, mpfr_srcptr hi)
{
    mpfr_exp_t f;
    size_t m = n + 8 < 7 ? 7 : n + 8;

    if (gdt_buf_reserve(s, m) != GDT_OK || gdt_buf_reserve(t, m) != GDT_OK)
        return -1;
    mpfr_get_str(s->s, e, 10, n, lo, MPFR_RNDN);
    mpfr_get_str(t->s, &f, 10, n, hi, MPFR_RNDN);
    return *e == f && strcmp(s->s, t->s) == 0;
}

/* The significant digits of the exact decimal value of M 2^E (M != 0),
   at most CAP: M's odd part times 5^-E when E < 0, else the integer
   without its trailing zeros. */
static size_t
exact_digits(const mpz_t m, long e, size_t cap)
{
    mpz_t z, ten;
    size_t n, k;
    mp_bitcnt_t tz = mpz_scan1(m, 0);
    char *s;

    mpz_init(z);
    mpz_init_set_ui(ten, 10);
    mpz_tdiv_q_2exp(z, m, tz);
    e += (long)tz;
    if (e < 0) {
        mpz_ui_pow_ui(ten, 5, (unsigned long)-e);
        mpz_mul(z, z, ten);
    } else {
        mpz_mul_2exp(z, z, (mp_bitcnt_t)e);
    }
    /* a bound before the digits: the cap is often far below them */
    if (cap < SIZE_MAX && mpz_sizeinbase(z, 10) > cap + 1) {
        n = cap;
    } else {
        s = mpz_get_str(NULL, 10, z);
        n = strlen(s) - (s[0] == '-');
        for (k = strlen(s); k > 1 && s[k - 1] == '0'; k--)
            n--;
        free(s);
        if (n > cap)
            n = cap;
    }
    mpz_clear(z);
    mpz_clear(ten);
    return n;
}

/* The count, and its digits in S (*E): see gdt_domain_ops.certified.
   Counts are tried from the most the ratio of midpoint to radius allows
   down: the first whose rounding agrees at both ends.  (A count below it
   may not: a ball around 1.5 proves 17 digits, 1.5000000000000000, and
   not 1, since 1.5 is the boundary of 1 and 2.) */
static size_t
certify(gdt_buf *s, gdt_buf *t, mpfr_exp_t *e, const gdt_val *a, size_t cap, int *exact,
        gdt_domain *d)
{
    arb_srcptr x = CBALL(a);
    mpfr_t lo, hi;
    size_t c;
    long ex;
    int ok = 0;

    *exact = 0;
    if (!arb_is_finite(x))
        return 0;
    if (arb_is_exact(x)) {
        *exact = 1;
        if (arf_is_zero(arb_midref(x)))
            return cap < 1 ? cap : 1;
        if (mid_2exp(d->tz, &ex, a) != GDT_OK)
            return 0;
        return exact_digits(d->tz, ex, cap);
    }
    if (arb_contains_zero(x) || !ends(lo, hi, a))
        return 0;
    /* the digits the ratio of midpoint to radius allows, and one more */
    {
        slong em = arf_abs_bound_lt_2exp_si(arb_midref(x));
        slong er = fmpz_get_si(MAG_EXPREF(arb_radref(x)));
        double bits = (double)em - (double)er;

        c = bits <= 0 ? 1 : (size_t)(bits * LOG10_2) + 2;
    }
    if (c > cap)
        c = cap;
    while (c > 0 && (ok = agree(s, t, e, c, lo, hi)) == 0)
        c--;
    if (c > 0 && ok < 0)
        c = 0;
    mpfr_clear(lo);
    mpfr_clear(hi);
    return c;
}

static size_t
b_certified(const gdt_val *a, size_t cap, int *exact, gdt_domain *d)
{
    gdt_buf s, t;
    mpfr_exp_t e;
    size_t c;

    gdt_buf_init(&s);
    gdt_buf_init(&t);
    c = certify(&s, &t, &e, a, cap, exact, d);
    gdt_buf_clear(&s);
    gdt_buf_clear(&t);
    return c;
}

/* The exact decimal of a ball of radius 0, or its midpoint to N digits
   (N > 0), as the exact domain writes a rational. */
static gdt_status
put_mid(gdt_buf *out, const gdt_val *a, int n, gdt_domain *d)
{
    long e;
    gdt_status st;

    if (arf_is_nan(arb_midref(CBALL(a))))
        return gdt_buf_puts(out, "nan");
    if (!arb_is_finite(CBALL(a)))
        return gdt_buf_puts(out, arf_sgn(arb_midref(CBALL(a))) < 0 ? "-inf" : "inf");
    if ((st = mid_2exp(d->tz, &e, a)) != GDT_OK)
        return st;
    q_of_2exp(d->tq, d->tz, e);
    if (n > 0)
        return gdt_q_get_str_n_max(out, d->tq, n, gdt_text_max_digits(d));
    return gdt_q_get_str_max(out, d->tq, gdt_text_max_digits(d), d->stop);
}

/* The digits A proves, printf %g layout; "?" when none. */
static gdt_status
put_certified(gdt_buf *out, const gdt_val *a, gdt_domain *d)
{
    gdt_buf s, t;
    mpfr_exp_t e;
    size_t c;
    int exact;
    gdt_status st;

    if (!arb_is_finite(CBALL(a)))
        return put_mid(out, a, 0, d);
    gdt_buf_init(&s);
    gdt_buf_init(&t);
    c = certify(&s, &t, &e, a, SIZE_MAX, &exact, d);
    if (exact)
        st = put_mid(out, a, 0, d);
    else if (c == 0)
        st = gdt_buf_puts(out, "?");
    else if (c > gdt_text_max_digits(d))
        st = GDT_ERANGE;
    else
        st = gdt_dec_put(out, s.s[0] == '-', s.s + (s.s[0] == '-'), c, (long)e - 1,
                         GDT_DEC_PRINTF_G, gdt_text_max_digits(d));
    gdt_buf_clear(&s);
    gdt_buf_clear(&t);
    return st;
}

static gdt_status
b_get_str(gdt_buf *out, const gdt_val *a, const gdt_numfmt *f, gdt_domain *d)
{
    switch (f->kind) {
    case GDT_DIGITS_SHORTEST:
    case GDT_DIGITS_EXACT:
        return put_certified(out, a, d);
    case GDT_DIGITS_N:
        if (f->n < 1)
            return GDT_EVALUE;
        return put_mid(out, a, f->n, d);
    case GDT_DIGITS_HEX:
        break;
    }
    return GDT_EDOMAIN;
}

/* a bound from the precision: a ball proves no more than its midpoint's
   bits, and an exact one has its exact decimal */
static size_t
b_str_digits(const gdt_val *a, const gdt_numfmt *f, gdt_domain *d)
{
    double bits = (double)arb_bits(CBALL(a));

    (void)d;
    if (f->kind == GDT_DIGITS_N)
        return f->n > 0 ? (size_t)f->n : 1;
    if (!arb_is_finite(CBALL(a)) || arf_is_zero(arb_midref(CBALL(a))))
        return 1;
    if (arb_is_exact(CBALL(a))) {
        /* m 2^e: m 5^-e has about (bits + 2.33 |e|) log10 2 digits */
        fmpz_t fm, fe;
        double e;

        fmpz_init(fm);
        fmpz_init(fe);
        arf_get_fmpz_2exp(fm, fe, arb_midref(CBALL(a)));
        e = fmpz_get_d(fe);
        fmpz_clear(fm);
        fmpz_clear(fe);
        return gdt_digits_of_bits(bits + (e < 0 ? -e * 2.3219280948873623 : e));
    }
    return gdt_digits_of_bits(bits);
}

/* Balls whose order is not decided give one that holds both
   candidates (min, max of Arb do that); huber and pow as below. */

/* huber(x, t) = x^2/2 where |x| <= t, else t*(|x| - t/2): when the ball
   of |x| - t holds 0, the union of both branches, which holds the value
   whichever branch the exact x and t take. */
static void
huber(arb_t r, const arb_t x, const arb_t t, slong prec)
{
    arb_t ax, q, l;
    int small, large;

    arb_init(ax);
    arb_init(q);
    arb_init(l);
    arb_abs(ax, x);
    small = arb_le(ax, t);
    large = arb_gt(ax, t);
    if (!large) {
        arb_sqr(q, x, prec);
        arb_mul_2exp_si(q, q, -1);
    }
    if (!small) {
        arb_mul_2exp_si(l, t, -1);
        arb_sub(l, ax, l, prec);
        arb_mul(l, l, t, prec);
    }
    if (small)
        arb_swap(r, q);
    else if (large)
        arb_swap(r, l);
    else
        arb_union(r, q, l, prec);
    arb_clear(ax);
    arb_clear(q);
    arb_clear(l);
}

/* pow(x, y) as C's: an exact integer y by repeated products (negative x
   too), else exp(y log x), whose ball is not finite for x <= 0; 0^y = 0
   for y > 0 */
static gdt_status
pow_ball(arb_t r, const arb_t x, const arb_t y, slong prec)
{
    fmpz_t n;

    if (arb_is_int(y)) {
        fmpz_init(n);
        arf_get_fmpz(n, arb_midref(y), ARF_RND_DOWN);
        if (fmpz_sgn(n) < 0 && arb_is_zero(x)) {
            fmpz_clear(n);
            return GDT_EDIVZERO;
        }
        arb_pow_fmpz(r, x, n, prec);
        fmpz_clear(n);
    } else if (arb_is_zero(x) && arb_is_positive(y)) {
        arb_zero(r);
    } else {
        arb_pow(r, x, y, prec);
    }
    return GDT_OK;
}

static gdt_status
b_func(gdt_val *r, gdt_func fn, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    arb_ptr z = BALL(r);
    arb_srcptr x = CBALL(a);
    slong p = PREC(d);
    gdt_status st = GDT_OK;
    arb_t t;

    arb_init(t);
    switch (fn) {
    case GDT_FN_EXP: arb_exp(z, x, p); break;
    case GDT_FN_LOG:
        /* no real value when every point of the ball has none: then
           neither has the exact-real argument it holds */
        if (arb_is_nonpositive(x))
            st = GDT_EDOMAIN; /* as the exact domain */
        else
            arb_log(z, x, p);
        break;
    case GDT_FN_SQRT:
        if (arb_is_negative(x))
            st = GDT_EDOMAIN;
        else
            arb_sqrt(z, x, p);
        break;
    case GDT_FN_SIN: arb_sin(z, x, p); break;
    case GDT_FN_COS: arb_cos(z, x, p); break;
    case GDT_FN_TAN: arb_tan(z, x, p); break;
    case GDT_FN_TANH: arb_tanh(z, x, p); break;
    case GDT_FN_SIGMOID: /* 1/(1 + exp(-x)) */
        arb_neg(t, x);
        arb_exp(t, t, p);
        arb_add_ui(t, t, 1, p);
        arb_inv(z, t, p);
        break;
    case GDT_FN_ABS: arb_abs(z, x); break;
    case GDT_FN_MIN: arb_min(z, x, CBALL(b), p); break;
    case GDT_FN_MAX: arb_max(z, x, CBALL(b), p); break;
    case GDT_FN_COSH: arb_cosh(z, x, p); break;
    case GDT_FN_SINH: arb_sinh(z, x, p); break;
    case GDT_FN_ATAN: arb_atan(z, x, p); break;
    case GDT_FN_ASINH: arb_asinh(z, x, p); break;
    case GDT_FN_LOG1P:
        arb_add_ui(t, x, 1, p);
        if (arb_is_nonpositive(t))
            st = GDT_EDOMAIN;
        else
            arb_log1p(z, x, p);
        break;
    case GDT_FN_EXPM1: arb_expm1(z, x, p); break;
    case GDT_FN_SOFTPLUS: /* log1p(exp(x)) */
        arb_exp(t, x, p);
        arb_log1p(z, t, p);
        break;
    case GDT_FN_RELU: /* max(0, x) */
        arb_zero(t);
        arb_max(z, t, x, p);
        break;
    case GDT_FN_ERF: arb_hypgeom_erf(z, x, p); break;
    case GDT_FN_POW: st = pow_ball(z, x, CBALL(b), p); break;
    case GDT_FN_HUBER: huber(z, x, CBALL(b), p); break;
    case GDT_FN_LOGCOSH:
        /* log1p(2 sinh(x/2)^2), cosh(x) - 1 without cancellation */
        arb_mul_2exp_si(t, x, -1);
        arb_sinh(t, t, p);
        arb_sqr(t, t, p);
        arb_mul_2exp_si(t, t, 1);
        arb_log1p(z, t, p);
        break;
    default:
        st = GDT_EVALUE;
        break;
    }
    arb_clear(t);
    return st == GDT_OK ? done(r, d) : st;
}

/* decided when the balls do not overlap, or are one exact number */
static int
b_cmp(const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    arb_srcptr x = CBALL(a), y = CBALL(b);

    (void)d;
    if (arf_is_nan(arb_midref(x)) || arf_is_nan(arb_midref(y)))
        return 2;
    if (arb_lt(x, y))
        return -1;
    if (arb_gt(x, y))
        return 1;
    if (arb_eq(x, y))
        return 0;
    return GDT_CMP_UNKNOWN;
}

static const gdt_domain_ops ball_ops = {
    .kind = "ball",
    .init = b_init, .clear = b_clear,
    .set_q = b_set_q, .set = b_set, .neg = b_neg,
    .add = b_add, .sub = b_sub, .mul = b_mul, .div = b_div,
    .pow_si = b_pow_si, .fms = b_fms,
    .is_zero = b_is_zero, .is_nan = b_is_nan,
    .is_inf = b_is_inf, .is_subnormal = gdt_val_never,
    .identical = b_identical, .cmp = b_cmp,
    .get_q = b_get_q, .get_fr = b_get_fr,
    .get_str = b_get_str, .str_digits = b_str_digits,
    .func = b_func,
    .certified = b_certified,
    .exact = 0, .has_div = 1,
    .funcs = GDT_FUNCS_ALL,
};

static void
b_thread_cleanup(void)
{
    flint_cleanup();
}

/* R = ARF, finite, exactly */
static gdt_status
q_of_arf(mpq_t r, const arf_t arf, gdt_domain *d)
{
    fmpz_t fm, fe;
    gdt_status st = GDT_OK;

    fmpz_init(fm);
    fmpz_init(fe);
    arf_get_fmpz_2exp(fm, fe, arf);
    if (fmpz_fits_si(fe)) {
        fmpz_get_mpz(d->tz, fm);
        q_of_2exp(r, d->tz, fmpz_get_si(fe));
    } else {
        st = GDT_ERANGE;
    }
    fmpz_clear(fm);
    fmpz_clear(fe);
    return st;
}

static gdt_status
b_get_ends(mpq_t lo, mpq_t hi, const gdt_val *a, gdt_domain *d)
{
    slong prec = arb_bits(CBALL(a)) + 64;
    arf_t l, h;
    gdt_status st;

    if (!arb_is_finite(CBALL(a)))
        return GDT_EDOMAIN;
    arf_init(l);
    arf_init(h);
    /* rounded outwards where they need more bits than PREC */
    arb_get_lbound_arf(l, CBALL(a), prec);
    arb_get_ubound_arf(h, CBALL(a), prec);
    st = q_of_arf(lo, l, d);
    if (st == GDT_OK)
        st = q_of_arf(hi, h, d);
    arf_clear(l);
    arf_clear(h);
    return st;
}

static gdt_status
b_set_ends(gdt_val *r, const mpq_t lo, const mpq_t hi, gdt_domain *d)
{
    gdt_val t;
    gdt_status st;

    b_init(&t, d);
    st = b_set_q(r, lo, d);
    if (st == GDT_OK)
        st = b_set_q(&t, hi, d);
    if (st == GDT_OK)
        arb_union(BALL(r), CBALL(r), CBALL(&t), PREC(d));
    b_clear(&t, d);
    return st == GDT_OK ? done(r, d) : st;
}

/* pi as a ball (gdt_domain_set_const): Arb's, at D's precision */
static gdt_status
b_const_pi(gdt_val *r, gdt_domain *d)
{
    arb_const_pi(BALL(r), PREC(d));
    return done(r, d);
}

/* the module's one symbol (ball_module.h) */
const gdt_ball_module gdt_module_ball_v1 = {
    .head = { GDT_BALL_ABI, sizeof(gdt_ball_module) },
    .ops = &ball_ops,
    .thread_cleanup = b_thread_cleanup,
    .get_ends = b_get_ends,
    .set_ends = b_set_ends,
    .const_pi = b_const_pi,
};
