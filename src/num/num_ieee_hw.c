/* num_ieee_hw -- binary16, bfloat16, binary32 and binary64 on the
   machine's doubles

   The same numbers, results and flags as the MPFR emulation of these
   formats (num_mpfr.c), bit for bit, in every rounding direction; a value
   is a number of the format held exactly in gdt_val.d.

   + - * / compute the exact result X of two numbers a and b of the format
   as a double R, rounded to nearest, and the sign of the error X - R:
   - a product of two numbers of at most 24 bits is exact in a double (48
     bits, its exponent far inside a double's range): no error;
   - a sum's error is Knuth's TwoSum, exact in round-to-nearest;
   - a quotient's need not be known: with A, B < 2^p the integral
     significands of a and b, a/b is either a number M 2^u of p + 1 bits
     or at least 2^u / B away from it (the numerator of a/b - M 2^u, over
     B, is a nonzero multiple of 2^u or of 1), a relative distance above
     2^-(2p+1) >= 2^-49, more than R's 2^-53: so R is a/b itself, or no
     number of the format and no midpoint between two, and rounds as a/b
     in every direction.
   R and that sign are what round-to-odd keeps: X lies strictly between R
   and R's neighbour on the sign's side, and no number of the format (all
   doubles) lies there, so rounding X to the format in any direction is
   rounding R with the sign as a sticky bit (round_fmt, on R's bits) -- one
   correct rounding, no double rounding, and no change of the machine's
   rounding direction: the domain works in the default floating-point
   environment (round to nearest, no flush to zero) that C code assumes
   and that the native domains restore after each of their operations.
   Subnormals, overflow and the flags are decided there, with integers:
   underflow when the result, rounded to the precision with an unbounded
   exponent, is below the least normal number and inexact, as
   mpfr_subnormalize reports it.  The common case, to nearest well inside
   the normal range, needs only R's bits and the sign at a tie or on the
   grid: it is inline in fast.h (gdt_hw_add, ...), for the methods here
   and for the run's tight loop.

   x^n for 2 <= n <= 8 is pow_small.c's, exact on integers and rounded
   once.  What is not proven here goes through the emulation itself
   (gdt_domain.native, which holds it): set_q, fms, the other powers, the
   functions and every text but the shortest, which gdt_shortest writes from the
   double as the emulation does (and str_digits, the emulation's bound
   computed from the bits).  The values cross over exactly, on the
   stack (MPFR's custom interface).

   binary64 is no narrower format: it is the machine's own arithmetic in
   its rounding direction, native-double's methods with the machine's
   flags (gdt_domain_init_native_ieee in num_native.c), but for its
   functions; rounding away from zero, which the machine lacks, stays on
   the emulation. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/mode.h"
#include "gdtrace/num.h"
#include "num/fast.h"
#include "num/num-impl.h"
#include "num/shortest.h"

/* The formats done here have at most this many bits: a product of two is
   exact in a double, and a value fits one limb. */
#define HW_MAX_PREC 24

/* as num_mpfr.c has them, for the same bounds */
#define LOG10_2 0.30102999566398120
#define LOG2_5 2.3219280948873623

/* Where X lies between two consecutive multiples T and T + 1 of the unit
   (T the truncation of |X|): exactly on T, below the midpoint, on it,
   above it. */
enum { FRAC_ZERO, FRAC_LOW, FRAC_HALF, FRAC_HIGH };

/* 2^E, -1022 <= E <= 1023 */
static double
pow2(int e)
{
    uint64_t b = (uint64_t)(e + 1023) << 52;
    double x;

    memcpy(&x, &b, sizeof x);
    return x;
}

/* |X| / 2^SH rounded to an integer, where |X| = M + s, M an integer below
   2^60 and s of sign SE (-1, 0, 1) and magnitude below 1/2 (so that no
   multiple of 2^SH lies strictly between M and |X|, M > 0 when SE < 0);
   AWAY: round up in magnitude (else toward zero) when not RN.  *INEXACT
   is set to whether the rounding changed the value. */
static uint64_t
round_bits(uint64_t m, int sh, int se, int rn, int away, int *inexact)
{
    uint64_t t = m >> sh, rem = m & (((uint64_t)1 << sh) - 1);
    uint64_t half = (uint64_t)1 << (sh - 1);
    int frac;

    if (rem == 0 && se == 0) {
        frac = FRAC_ZERO;
    } else if (rem == 0 && se < 0) {
        t--; /* just below a multiple */
        frac = FRAC_HIGH;
    } else if (rem < half || (rem == half && se < 0)) {
        frac = FRAC_LOW;
    } else if (rem == half && se == 0) {
        frac = FRAC_HALF;
    } else {
        frac = FRAC_HIGH;
    }
    *inexact = frac != FRAC_ZERO;
    if (frac == FRAC_ZERO)
        return t;
    if (rn)
        return t + (frac == FRAC_HIGH || (frac == FRAC_HALF && (t & 1)));
    return t + (away != 0);
}

/* X = R + s rounded to D's format in D's direction, with the flags into
   D->flags: R a finite nonzero normal double, s zero or of sign SE (the
   sign of X - R) and below half an ulp of R. */
static double
round_slow(double r, int se, gdt_domain *d)
{
    int p = (int)d->prec, emin = 2 - (int)d->emax, emax = (int)d->emax - 1;
    int rn = d->rnd == MPFR_RNDN, neg, away, e, sh, inexact, tiny;
    uint64_t bits, m, t;
    double x, max;

    memcpy(&bits, &r, sizeof bits);
    neg = (int)(bits >> 63);
    e = (int)((bits >> 52) & 0x7ff) - 1023;
    m = (bits & (((uint64_t)1 << 52) - 1)) | ((uint64_t)1 << 52);
    if (neg)
        se = -se; /* now the sign of |X| - |R| */
    away = d->rnd == MPFR_RNDA || (d->rnd == MPFR_RNDU && !neg)
        || (d->rnd == MPFR_RNDD && neg);
    /* |R| = m 2^(e-52); |X| lies in [2^e, 2^(e+1)), one binade lower when
       R is a power of two and |X| below it */
    if (m == (uint64_t)1 << 52 && se < 0) {
        m <<= 1;
        e--;
    }
    /* the unit of the format in that binade: 2^(max(e, emin) - p + 1) */
    sh = (e < emin ? emin - e : 0) + 53 - p;
    if (sh > 60)
        sh = 60; /* |X| below half the least subnormal: m < 2^54 */
    t = round_bits(m, sh, se, rn, away, &inexact);
    x = (double)t * pow2((e < emin ? emin : e) - p + 1);
    /* tiny: |X| rounded to p bits with an unbounded exponent is below the
       least normal number 2^emin */
    tiny = e < emin - 1;
    if (e == emin - 1) {
        int ignore;
        tiny = round_bits(m, 53 - p, se, rn, away, &ignore) < (uint64_t)1 << p;
    }
    max = ((double)((uint64_t)1 << p) - 1) * pow2(emax - p + 1);
    if (x > max) {
        d->flags |= GDT_FLAG_OVERFLOW | GDT_FLAG_INEXACT;
        x = rn || away ? INFINITY : max;
    } else if (inexact) {
        d->flags |= GDT_FLAG_INEXACT;
        if (tiny)
            d->flags |= GDT_FLAG_UNDERFLOW;
    }
    return neg ? -x : x;
}

/* The sign of X: -1, 0, 1. */
static int
sign_of(double x)
{
    return (x > 0) - (x < 0);
}

/* X = R + s rounded to D's format and the flags (round_slow), where s is
   the error of R = a + b rounded to nearest (SUM set, A and B the
   operands: TwoSum's, exact) or zero (SUM 0: R is exact). */
static double
round_fmt(double r, int sum, double a, double b, gdt_domain *d)
{
    double bb;

    if (!sum)
        return round_slow(r, 0, d);
    bb = r - a;
    return round_slow(r, sign_of((a - (r - bb)) + (b - bb)), d);
}

/* A result that is no finite nonzero number (a zero, an infinity, a NaN),
   or an operand that is none, is X as the machine gives it, exactly;
   NAN_IN: an operand was a NaN, so that a NaN result is no invalid
   operation. */
static double
special(double x, int nan_in, gdt_domain *d)
{
    if (isnan(x) && !nan_in)
        d->flags |= GDT_FLAG_NAN;
    return x;
}

double
gdt_hw_add_slow(double a, double b, gdt_domain *d)
{
    double s = a + b;

    if (s != 0 && isfinite(s))
        return round_fmt(s, 1, a, b, d); /* now a and b are finite */
    /* an exact zero sum is +0 unless both are -0; rounding down, -0 unless
       both are +0 */
    if (s == 0 && d->rnd == MPFR_RNDD)
        s = -(-a + -b);
    return special(s, isnan(a) || isnan(b), d);
}

double
gdt_hw_mul_slow(double a, double b, gdt_domain *d)
{
    double x = a * b; /* exact */

    if (x != 0 && isfinite(x))
        return round_fmt(x, 0, 0, 0, d);
    return special(x, isnan(a) || isnan(b), d);
}

double
gdt_hw_div_slow(double a, double b, gdt_domain *d)
{
    double x = a / b;

    if (x != 0 && isfinite(x)) {
        /* now a and b are finite and nonzero: x is their quotient, or no
           number of p + 1 bits is (see above) */
        return round_fmt(x, 0, 0, 0, d);
    }
    if (isinf(x) && b == 0 && isfinite(a))
        d->flags |= GDT_FLAG_DIVBYZERO;
    return special(x, isnan(a) || isnan(b), d);
}

static void
hw_init(gdt_val *x, gdt_domain *d)
{
    (void)d;
    x->d = 0.0;
}

static void
hw_clear(gdt_val *x, gdt_domain *d)
{
    (void)x;
    (void)d;
}

static gdt_status
hw_set(gdt_val *r, const gdt_val *a, gdt_domain *d)
{
    (void)d;
    r->d = a->d;
    return GDT_OK;
}

static gdt_status
hw_neg(gdt_val *r, const gdt_val *a, gdt_domain *d)
{
    (void)d;
    r->d = -a->d;
    return GDT_OK;
}

static gdt_status
hw_add(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    r->d = gdt_hw_add(a->d, b->d, d);
    return GDT_OK;
}

static gdt_status
hw_sub(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    r->d = gdt_hw_add(a->d, -b->d, d);
    return GDT_OK;
}

static gdt_status
hw_mul(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    r->d = gdt_hw_mul(a->d, b->d, d);
    return GDT_OK;
}

static gdt_status
hw_div(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    r->d = gdt_hw_div(a->d, b->d, d);
    return GDT_OK;
}

/* ------------------------------------------------- through the emulation */

/* A value of the emulated format on the stack, without allocation. */
typedef struct fr_val {
    mp_limb_t limb[1];
    gdt_val v;
} fr_val;

/* X as a value of the emulation, exactly. */
static gdt_val *
fr_of(fr_val *x, double v, const gdt_domain *d)
{
    mpfr_custom_init(x->limb, d->prec);
    mpfr_custom_init_set(x->v.f, MPFR_ZERO_KIND, 0, d->prec, x->limb);
    mpfr_set_d(x->v.f, v, MPFR_RNDN);
    return &x->v;
}

/* Start a call of the emulation: its flags cleared; returns the caller's
   MPFR flags (the conversions raise some), for emul_end. */
static mpfr_flags_t
emul_begin(gdt_domain *d)
{
    d->native->ieee.flags = 0;
    return mpfr_flags_save();
}

/* End it: r = X exactly, the emulation's flags into D's, the caller's MPFR
   flags back; returns ST. */
static gdt_status
emul_end(gdt_val *r, const fr_val *x, gdt_status st, mpfr_flags_t save,
         gdt_domain *d)
{
    r->d = mpfr_get_d(x->v.f, MPFR_RNDN);
    mpfr_flags_restore(save, MPFR_FLAGS_ALL);
    d->flags |= d->native->ieee.flags;
    return st;
}

static gdt_status
hw_set_q(gdt_val *r, const mpq_t q, gdt_domain *d)
{
    gdt_domain *e = &d->native->ieee;
    mpfr_flags_t save = emul_begin(d);
    fr_val x;

    fr_of(&x, 0, d);
    return emul_end(r, &x, e->ops->set_q(&x.v, q, e), save, d);
}

/* small powers on integers (pow_small.c), the others by the emulation */
static gdt_status
hw_pow_si(gdt_val *r, const gdt_val *a, long n, gdt_domain *d)
{
    gdt_domain *e = &d->native->ieee;
    mpfr_flags_t save;
    fr_val x;

    if (gdt_fast_pow(&r->d, a->d, n, d))
        return GDT_OK;
    save = emul_begin(d);
    return emul_end(r, &x, e->ops->pow_si(&x.v, fr_of(&x, a->d, d), n, e),
                    save, d);
}

/* fused: the emulation's c - a*b */
static gdt_status
hw_fms(gdt_val *r, const gdt_val *c, const gdt_val *a, const gdt_val *b,
       gdt_domain *d)
{
    gdt_domain *e = &d->native->ieee;
    mpfr_flags_t save = emul_begin(d);
    fr_val x, y, z;

    return emul_end(r, &x,
                    e->ops->fms(&x.v, fr_of(&z, c->d, d), fr_of(&x, a->d, d),
                                fr_of(&y, b->d, d), e),
                    save, d);
}

static gdt_status
hw_func(gdt_val *r, gdt_func fn, const gdt_val *a, const gdt_val *b,
        gdt_domain *d)
{
    gdt_domain *e = &d->native->ieee;
    mpfr_flags_t save = emul_begin(d);
    fr_val x, y;

    return emul_end(r, &x,
                    e->ops->func(&x.v, fn, fr_of(&x, a->d, d),
                                 fr_of(&y, b != NULL ? b->d : 0, d), e),
                    save, d);
}

static int
hw_is_zero(const gdt_val *a, gdt_domain *d)
{
    (void)d;
    return a->d == 0;
}

static int
hw_is_nan(const gdt_val *a, gdt_domain *d)
{
    (void)d;
    return isnan(a->d) != 0;
}

static int
hw_is_inf(const gdt_val *a, gdt_domain *d)
{
    (void)d;
    return isinf(a->d) != 0;
}

/* nonzero and below the least normal number, 2^(emin + p - 2) in MPFR's
   terms (num_mpfr.c) */
static int
hw_is_subnormal(const gdt_val *a, gdt_domain *d)
{
    return a->d != 0 && fabs(a->d) < pow2((int)(d->emin + d->prec) - 2);
}

/* same bits, or both NaN */
static int
hw_identical(const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    (void)d;
    if (isnan(a->d) || isnan(b->d))
        return isnan(a->d) && isnan(b->d);
    return memcmp(&a->d, &b->d, sizeof a->d) == 0;
}

static gdt_status
hw_get_q(mpq_t r, const gdt_val *a, gdt_domain *d)
{
    (void)d;
    if (!isfinite(a->d))
        return GDT_EDOMAIN;
    mpq_set_d(r, a->d);
    return GDT_OK;
}

static int
hw_get_fr(mpfr_ptr r, const gdt_val *a, mpfr_rnd_t rnd, gdt_domain *d)
{
    (void)d;
    return mpfr_set_d(r, a->d, rnd);
}

/* the emulation's text, the shortest directly with its printer */
static gdt_status
hw_get_str(gdt_buf *out, const gdt_val *a, const gdt_numfmt *f, gdt_domain *d)
{
    gdt_domain *e = &d->native->ieee;
    gdt_shortest_fmt sf;
    mpfr_flags_t save;
    gdt_status st;
    fr_val x;

    if (f->kind == GDT_DIGITS_SHORTEST && gdt_shortest_fmt_of(&sf, d))
        return gdt_shortest_put(out, a->d, &sf, gdt_text_max_digits(d));
    save = mpfr_flags_save();
    e->max_bits = d->max_bits;
    e->stop = d->stop;
    st = e->ops->get_str(out, fr_of(&x, a->d, d), f, e);
    mpfr_flags_restore(save, MPFR_FLAGS_ALL);
    return st;
}

/* the emulation's bound (num_mpfr.c's f_str_digits), from the bits: a
   finite nonzero |A| = m 2^e with m odd of l bits */
static size_t
hw_str_digits(const gdt_val *a, const gdt_numfmt *f, gdt_domain *d)
{
    uint64_t bits, m;
    int e, l;
    size_t exact, n;

    if (!isfinite(a->d) || a->d == 0)
        return 1;
    memcpy(&bits, &a->d, sizeof bits);
    m = (bits & (((uint64_t)1 << 52) - 1)) | ((uint64_t)1 << 52);
    e = (int)((bits >> 52) & 0x7ff) - 1075 + __builtin_ctzll(m);
    m >>= __builtin_ctzll(m);
    l = 64 - __builtin_clzll(m);
    if (e >= 0)
        exact = gdt_digits_of_bits((double)l + (double)e);
    else
        exact = gdt_digits_of_bits((double)l - (double)e * LOG2_5);
    switch (f->kind) {
    case GDT_DIGITS_SHORTEST:
        n = 2 + (size_t)((double)d->prec * LOG10_2);
        return exact < n ? exact : n;
    case GDT_DIGITS_EXACT:
        return exact;
    case GDT_DIGITS_HEX:
        return gdt_digits_of_bits((double)l);
    case GDT_DIGITS_N:
        return f->n > 0 ? (size_t)f->n : 1;
    }
    return SIZE_MAX;
}

static int
hw_cmp(const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    (void)d;
    if (isnan(a->d) || isnan(b->d))
        return 2;
    return (a->d > b->d) - (a->d < b->d);
}

/* its own kind: the values are doubles (gdt_val.d), not mpfr_t, though
   what it computes is the MPFR emulation's, to the bit */
static const gdt_domain_ops hw_ops = {
    .kind = "ieee-hw",
    .init = hw_init, .clear = hw_clear,
    .set_q = hw_set_q, .set = hw_set, .neg = hw_neg,
    .add = hw_add, .sub = hw_sub, .mul = hw_mul, .div = hw_div,
    .pow_si = hw_pow_si, .fms = hw_fms,
    .is_zero = hw_is_zero, .is_nan = hw_is_nan,
    .is_inf = hw_is_inf, .is_subnormal = hw_is_subnormal,
    .identical = hw_identical, .cmp = hw_cmp,
    .get_q = hw_get_q, .get_fr = hw_get_fr,
    .get_str = hw_get_str, .str_digits = hw_str_digits,
    .func = hw_func,
    .exact = 0, .has_div = 1,
    .funcs = GDT_FUNCS_ALL,
};

gdt_fast_kind
gdt_hw_fast_kind(const gdt_domain *d)
{
    const gdt_domain_ops *o = d->ops;

    return o->add == hw_add && o->sub == hw_sub && o->mul == hw_mul && o->div == hw_div
        && o->neg == hw_neg && o->pow_si == hw_pow_si && o->fms == hw_fms
        ? GDT_FAST_HW : GDT_FAST_NONE;
}

gdt_status
gdt_domain_init_ieee_hw(gdt_domain *d, const char *name, mpfr_rnd_t rnd)
{
    const gdt_mode *m = gdt_mode_find(name);
    struct gdt_native *n;

    if (m != NULL && m->cls == GDT_MODE_IEEE && m->prec == 53)
        return gdt_domain_init_native_ieee(d, name, rnd);
    gdt_domain_empty(d);
#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
    return GDT_EVALUE; /* excess precision: no exact TwoSum */
#endif
    if (m == NULL || m->cls != GDT_MODE_IEEE || m->prec > HW_MAX_PREC)
        return GDT_EVALUE;
    n = malloc(sizeof *n);
    if (n == NULL)
        return GDT_ENOMEM;
    if (gdt_domain_init_ieee(&n->ieee, m->name, rnd) != GDT_OK) {
        free(n);
        return GDT_EVALUE; /* a bad RND */
    }
    n->ieee.ops->init(&n->x, &n->ieee);
    n->round = 0; /* unused: the machine stays in round-to-nearest */
    *d = (gdt_domain){ .ops = &hw_ops, .name = m->name, .prec = m->prec, .rnd = rnd,
                       .emin = n->ieee.emin, .emax = n->ieee.emax, .subnormal = 1 };
    gdt_domain_scratch_init(d, d->prec);
    d->native = n;
    return GDT_OK;
}
