/* num_int -- two's-complement integers that wrap around: int8 .. int64

   NumPy's and PyTorch's integer tensors: every result is the exact one
   modulo 2^width, read back as a signed number.  The width is data
   (D->prec): values live sign-extended in gdt_val.i, arithmetic is done in
   uint64_t, where it wraps modulo 2^64 without undefined behaviour, and
   the result is truncated to the width and sign-extended (wrap below).
   Whether the exact result fell outside the width's range is decided on
   magnitudes, again without overflow, and recorded as GDT_FLAG_OVERFLOW. */
#include <inttypes.h>
#include <string.h>
#include "gdtrace/mode.h"
#include "gdtrace/num.h"
#include "num/num-impl.h"

/* 2^(width-1): the magnitude of the most negative value */
static uint64_t
half(const gdt_domain *d)
{
    return UINT64_C(1) << (d->prec - 1);
}

/* U truncated to the width, read as a two's-complement number */
static int64_t
wrap(uint64_t u, const gdt_domain *d)
{
    uint64_t h = half(d), mask = h - 1 + h; /* 2^width - 1 */

    u &= mask;
    if (u & h)
        return -(int64_t)(~u & mask) - 1; /* u - 2^width */
    return (int64_t)u;
}

/* |A|, also for INT64_MIN */
static uint64_t
mag(int64_t a)
{
    return a < 0 ? -(uint64_t)a : (uint64_t)a;
}

/* Is the number with sign NEG and magnitude M outside the width's range
   [-2^(width-1), 2^(width-1) - 1]? */
static int
outside(int neg, uint64_t m, const gdt_domain *d)
{
    return m > half(d) - (neg ? 0 : 1);
}

/* Finish an operation: store the wrapped result, note whether it wrapped. */
static gdt_status
put(gdt_val *r, uint64_t u, int wrapped, gdt_domain *d)
{
    r->i = wrap(u, d);
    if (wrapped)
        d->flags |= GDT_FLAG_OVERFLOW;
    return GDT_OK;
}

static void
i_init(gdt_val *x, gdt_domain *d)
{
    (void)d;
    x->i = 0;
}

static void
i_clear(gdt_val *x, gdt_domain *d)
{
    (void)x;
    (void)d;
}

/* An integer literal must fit the width: NumPy raises OverflowError for
   np.int8(200), it does not wrap it. */
static gdt_status
i_set_q(gdt_val *r, const mpq_t q, gdt_domain *d)
{
    mpz_srcptr z = mpq_numref(q);
    size_t bits;
    uint64_t m = 0;

    if (mpz_cmp_ui(mpq_denref(q), 1) != 0)
        return GDT_EDOMAIN;
    bits = mpz_sizeinbase(z, 2);
    if (bits > (size_t)d->prec - 1
        && !(mpz_sgn(z) < 0 && bits == (size_t)d->prec
             && mpz_scan1(z, 0) == (mp_bitcnt_t)d->prec - 1))
        return GDT_ERANGE;
    /* now -2^(width-1) <= z < 2^(width-1) */
    mpz_export(&m, NULL, -1, sizeof m, 0, 0, z);
    r->i = wrap(mpz_sgn(z) < 0 ? -m : m, d);
    return GDT_OK;
}

static gdt_status
i_set(gdt_val *r, const gdt_val *a, gdt_domain *d)
{
    (void)d;
    r->i = a->i;
    return GDT_OK;
}

static gdt_status
i_neg(gdt_val *r, const gdt_val *a, gdt_domain *d)
{
    /* only -(-2^(width-1)) wraps, to itself */
    return put(r, -(uint64_t)a->i, outside(a->i > 0, mag(a->i), d), d);
}

static gdt_status
i_add(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    uint64_t u = (uint64_t)a->i + (uint64_t)b->i;

    /* wrapped iff the operands have one sign and the result the other */
    return put(r, u, (a->i < 0) == (b->i < 0) && (wrap(u, d) < 0) != (a->i < 0),
               d);
}

static gdt_status
i_sub(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    uint64_t u = (uint64_t)a->i - (uint64_t)b->i;

    return put(r, u, (a->i < 0) != (b->i < 0) && (wrap(u, d) < 0) != (a->i < 0),
               d);
}

/* Is the exact product of magnitudes MA and MB, with sign NEG, outside the
   width's range? */
static int
mul_outside(int neg, uint64_t ma, uint64_t mb, const gdt_domain *d)
{
    if (ma != 0 && mb > UINT64_MAX / ma)
        return 1; /* at least 2^64 */
    return outside(neg, ma * mb, d);
}

static gdt_status
i_mul(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    return put(r, (uint64_t)a->i * (uint64_t)b->i,
               mul_outside((a->i < 0) != (b->i < 0), mag(a->i), mag(b->i), d),
               d);
}

/* Integer modes have no division (NumPy's / would leave them for
   float64). */
static gdt_status
i_div(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    (void)r;
    (void)a;
    (void)b;
    (void)d;
    return GDT_EDOMAIN;
}

/* a^n modulo 2^64 by repeated squaring; NumPy refuses negative powers of
   integers ("Integers to negative integer powers are not allowed"). */
static gdt_status
i_pow_si(gdt_val *r, const gdt_val *a, long n, gdt_domain *d)
{
    uint64_t base = (uint64_t)a->i, u = 1, ma = mag(a->i), m = 1;
    unsigned long k;
    int neg = a->i < 0 && n % 2 != 0, wrapped = 0;

    if (n < 0)
        return GDT_EDOMAIN;
    for (k = (unsigned long)n; k != 0; k >>= 1) {
        if (k & 1)
            u *= base;
        base *= base;
    }
    /* the exact |a|^n, until it leaves the range: at most 64 steps, as
       |a| >= 2 when the loop runs */
    if (ma > 1)
        for (k = 0; k < (unsigned long)n && !wrapped; k++) {
            wrapped = mul_outside(neg, m, ma, d);
            m *= ma;
        }
    return put(r, u, wrapped, d);
}

/* r = c - a*b modulo 2^width (the same as rounding twice: no rounding) */
static gdt_status
i_fms(gdt_val *r, const gdt_val *c, const gdt_val *a, const gdt_val *b,
      gdt_domain *d)
{
    uint64_t u = (uint64_t)c->i - (uint64_t)a->i * (uint64_t)b->i;
    uint64_t mp = mag(a->i), mc = mag(c->i), m;
    int pneg = (a->i < 0) == (b->i < 0); /* the sign of -(a*b) */
    int cneg = c->i < 0, neg, wrapped;

    if (mp != 0 && mag(b->i) > UINT64_MAX / mp) {
        wrapped = 1; /* |a*b| >= 2^64 > |c| + 2^63 */
    } else {
        mp *= mag(b->i);
        /* the exact c + (-(a*b)) on signs and magnitudes */
        if (cneg == pneg) {
            wrapped = mc > UINT64_MAX - mp;
            m = mc + mp;
            neg = cneg;
        } else if (mc >= mp) {
            m = mc - mp;
            neg = cneg;
            wrapped = 0;
        } else {
            m = mp - mc;
            neg = pneg;
            wrapped = 0;
        }
        wrapped = wrapped || outside(neg, m, d);
    }
    return put(r, u, wrapped, d);
}

static int
i_is_zero(const gdt_val *a, gdt_domain *d)
{
    (void)d;
    return a->i == 0;
}

static int
i_identical(const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    (void)d;
    return a->i == b->i;
}

static gdt_status
i_get_q(mpq_t r, const gdt_val *a, gdt_domain *d)
{
    uint64_t m = mag(a->i);

    (void)d;
    mpz_import(mpq_numref(r), 1, -1, sizeof m, 0, 0, &m);
    if (a->i < 0)
        mpz_neg(mpq_numref(r), mpq_numref(r));
    mpz_set_ui(mpq_denref(r), 1);
    return GDT_OK;
}

static int
i_get_fr(mpfr_ptr r, const gdt_val *a, mpfr_rnd_t rnd, gdt_domain *d)
{
    gdt_status st = i_get_q(d->tq, a, d);

    (void)st; /* never fails */
    return mpfr_set_q(r, d->tq, rnd);
}

/* The integer's digits (also as a Python literal, and as the exact value);
   N significant digits round as everywhere else (gdt_q_get_str_n); no hex. */
static gdt_status
i_get_str(gdt_buf *out, const gdt_val *a, const gdt_numfmt *f, gdt_domain *d)
{
    gdt_status st;

    st = i_get_q(d->tq, a, d);
    if (st != GDT_OK)
        return st;
    switch (f->kind) {
    case GDT_DIGITS_SHORTEST:
    case GDT_DIGITS_EXACT:
        return gdt_z_get_str_max(out, mpq_numref(d->tq), gdt_text_max_digits(d), d->stop);
    case GDT_DIGITS_N:
        return gdt_q_get_str_n_max(out, d->tq, f->n, gdt_text_max_digits(d));
    case GDT_DIGITS_HEX:
        break;
    }
    return GDT_EDOMAIN;
}

static size_t
i_str_digits(const gdt_val *a, const gdt_numfmt *f, gdt_domain *d)
{
    (void)a;
    (void)d;
    switch (f->kind) {
    case GDT_DIGITS_SHORTEST:
    case GDT_DIGITS_EXACT:
        return 19; /* 2^63 */
    case GDT_DIGITS_N:
        return f->n > 0 ? (size_t)f->n : 1;
    case GDT_DIGITS_HEX:
        break;
    }
    return 0;
}

/* abs wraps as NumPy's np.abs: abs(-2^(width-1)) = -2^(width-1), recorded
   as an overflow like the negation it is; min, max and relu are exact; the other
   functions have no integer value (NumPy would leave the integers for
   float64). */
static gdt_status
i_func(gdt_val *r, gdt_func fn, const gdt_val *a, const gdt_val *b,
       gdt_domain *d)
{
    switch (fn) {
    case GDT_FN_ABS:
        if (a->i < 0)
            return i_neg(r, a, d);
        r->i = a->i;
        return GDT_OK;
    case GDT_FN_MIN:
        r->i = a->i <= b->i ? a->i : b->i;
        return GDT_OK;
    case GDT_FN_MAX:
        r->i = a->i >= b->i ? a->i : b->i;
        return GDT_OK;
    case GDT_FN_RELU:
        r->i = a->i > 0 ? a->i : 0;
        return GDT_OK;
    default:
        return GDT_EDOMAIN;
    }
}

static int
i_cmp(const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    (void)d;
    return (a->i > b->i) - (a->i < b->i);
}

static const gdt_domain_ops int_ops = {
    .kind = "int",
    .init = i_init, .clear = i_clear,
    .set_q = i_set_q, .set = i_set, .neg = i_neg,
    .add = i_add, .sub = i_sub, .mul = i_mul, .div = i_div,
    .pow_si = i_pow_si, .fms = i_fms,
    .is_zero = i_is_zero, .is_nan = gdt_val_never,
    .is_inf = gdt_val_never, .is_subnormal = gdt_val_never,
    .identical = i_identical, .cmp = i_cmp,
    .get_q = i_get_q, .get_fr = i_get_fr,
    .get_str = i_get_str, .str_digits = i_str_digits,
    .func = i_func,
    /* not exact: the sums record wrapping in the flags */
    .exact = 0, .has_div = 0,
    .funcs = GDT_FUNC_BIT(GDT_FN_ABS) | GDT_FUNC_BIT(GDT_FN_MIN) | GDT_FUNC_BIT(GDT_FN_MAX)
             | GDT_FUNC_BIT(GDT_FN_RELU),
};

gdt_status
gdt_domain_init_int(gdt_domain *d, const char *name)
{
    const gdt_mode *m = gdt_mode_find(name);

    gdt_domain_empty(d);
    if (m == NULL || m->cls != GDT_MODE_INT)
        return GDT_EVALUE;
    d->ops = &int_ops;
    d->name = m->name;
    d->prec = m->prec;
    gdt_domain_scratch_init(d, MPFR_PREC_MIN);
    return GDT_OK;
}
