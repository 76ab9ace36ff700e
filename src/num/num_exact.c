/* num_exact -- the exact domain: GMP integers while every value is an
   integer, GMP rationals otherwise */
#include <limits.h>
#include <stdint.h>
#include "gdtrace/num.h"
#include "num/num-impl.h"

/* Results larger than this many bits are refused with GDT_ERANGE by pow_si
   rather than exhausting memory (GMP aborts when it cannot allocate). */
#define GDT_EXACT_POW_MAX_BITS ((mp_bitcnt_t)1 << 34)

static int
is_int(const mpq_t q)
{
    return mpz_cmp_ui(mpq_denref(q), 1) == 0;
}

/* The size of Q in bits: its numerator's and its denominator's. */
static size_t
qbits(const mpq_t q)
{
    return mpz_sizeinbase(mpq_numref(q), 2) + mpz_sizeinbase(mpq_denref(q), 2);
}

/* GDT_ERANGE when a result of at most BITS bits could pass D's limit
   (d->max_bits; 0 is no limit): checked before the operation, so that the
   limit holds memory down rather than noticing it afterwards. */
static gdt_status
check_bits(size_t bits, const gdt_domain *d)
{
    return d->max_bits != 0 && bits > d->max_bits ? GDT_ERANGE : GDT_OK;
}

/* A bound on the bits of a +- b. */
static size_t
sum_bits(const mpq_t a, const mpq_t b)
{
    size_t x = qbits(a), y = qbits(b);

    if (is_int(a) && is_int(b))
        return (x > y ? x : y) + 1;
    return x + y + 1;
}

static void
exact_init(gdt_val *x, gdt_domain *d)
{
    (void)d;
    mpq_init(x->q);
}

static void
exact_clear(gdt_val *x, gdt_domain *d)
{
    (void)d;
    mpq_clear(x->q);
}

static gdt_status
exact_set_q(gdt_val *r, const mpq_t q, gdt_domain *d)
{
    (void)d;
    mpq_set(r->q, q);
    return GDT_OK;
}

static gdt_status
exact_set(gdt_val *r, const gdt_val *a, gdt_domain *d)
{
    (void)d;
    mpq_set(r->q, a->q);
    return GDT_OK;
}

static gdt_status
exact_neg(gdt_val *r, const gdt_val *a, gdt_domain *d)
{
    (void)d;
    mpq_neg(r->q, a->q);
    return GDT_OK;
}

/* r = a OP b, where OP is ZOP on integers (without mpq's gcd) when ZOK
   is NULL or true of them, else QOP on fractions; refused (GDT_ERANGE) when
   the result could need more than D->max_bits: BITS bounds its size. */
static gdt_status
exact_op(gdt_val *r, const gdt_val *a, const gdt_val *b, size_t bits,
         int (*zok)(mpz_srcptr, mpz_srcptr), void (*zop)(mpz_ptr, mpz_srcptr, mpz_srcptr),
         void (*qop)(mpq_ptr, mpq_srcptr, mpq_srcptr), gdt_domain *d)
{
    if (check_bits(bits, d) != GDT_OK)
        return GDT_ERANGE;
    if (is_int(a->q) && is_int(b->q)
        && (zok == NULL || zok(mpq_numref(a->q), mpq_numref(b->q)))) {
        zop(mpq_numref(r->q), mpq_numref(a->q), mpq_numref(b->q));
        mpz_set_ui(mpq_denref(r->q), 1);
    } else {
        qop(r->q, a->q, b->q);
    }
    return GDT_OK;
}

static gdt_status
exact_add(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    return exact_op(r, a, b, sum_bits(a->q, b->q), NULL, mpz_add, mpq_add, d);
}

static gdt_status
exact_sub(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    return exact_op(r, a, b, sum_bits(a->q, b->q), NULL, mpz_sub, mpq_sub, d);
}

static gdt_status
exact_mul(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    return exact_op(r, a, b, qbits(a->q) + qbits(b->q), NULL, mpz_mul, mpq_mul, d);
}

/* an integer quotient stays an integer when it is one */
static gdt_status
exact_div(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    if (mpq_sgn(b->q) == 0)
        return GDT_EDIVZERO;
    return exact_op(r, a, b, qbits(a->q) + qbits(b->q), mpz_divisible_p, mpz_divexact,
                    mpq_div, d);
}

static gdt_status
exact_pow_si(gdt_val *r, const gdt_val *a, long n, gdt_domain *d)
{
    unsigned long m = n < 0 ? -(unsigned long)n : (unsigned long)n;
    size_t bits;

    if (n < 0 && mpq_sgn(a->q) == 0)
        return GDT_EDIVZERO;
    /* 0, 1 and -1 have powers of any size; others grow m times */
    if (m > 1 && mpq_sgn(a->q) != 0
        && !(is_int(a->q) && mpz_cmpabs_ui(mpq_numref(a->q), 1) == 0)) {
        bits = qbits(a->q);
        if (m > GDT_EXACT_POW_MAX_BITS / bits)
            return GDT_ERANGE;
        if (check_bits(bits * m, d) != GDT_OK)
            return GDT_ERANGE;
    }
    if (n < 0)
        mpq_inv(r->q, a->q);
    else
        mpq_set(r->q, a->q);
    /* the powers of a reduced fraction's terms stay coprime */
    mpz_pow_ui(mpq_numref(r->q), mpq_numref(r->q), m);
    mpz_pow_ui(mpq_denref(r->q), mpq_denref(r->q), m);
    return GDT_OK;
}

/* r = c - a*b, exactly */
static gdt_status
exact_fms(gdt_val *r, const gdt_val *c, const gdt_val *a, const gdt_val *b,
          gdt_domain *d)
{
    if (check_bits(qbits(a->q) + qbits(b->q) + qbits(c->q) + 1, d) != GDT_OK)
        return GDT_ERANGE;
    if (is_int(a->q) && is_int(b->q) && is_int(c->q)) {
        mpz_mul(d->tz, mpq_numref(a->q), mpq_numref(b->q));
        mpz_sub(mpq_numref(r->q), mpq_numref(c->q), d->tz);
        mpz_set_ui(mpq_denref(r->q), 1);
    } else {
        mpq_mul(d->tq, a->q, b->q);
        mpq_sub(r->q, c->q, d->tq);
    }
    return GDT_OK;
}

static int
exact_is_zero(const gdt_val *a, gdt_domain *d)
{
    (void)d;
    return mpq_sgn(a->q) == 0;
}

static int
exact_identical(const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    (void)d;
    return mpq_equal(a->q, b->q);
}

static gdt_status
exact_get_q(mpq_t r, const gdt_val *a, gdt_domain *d)
{
    (void)d;
    mpq_set(r, a->q);
    return GDT_OK;
}

static int
exact_get_fr(mpfr_ptr r, const gdt_val *a, mpfr_rnd_t rnd, gdt_domain *d)
{
    (void)d;
    return mpfr_set_q(r, a->q, rnd);
}

/* Python's repr: an int's digits, else "Fraction(p, q)" */
static gdt_status
put_python(gdt_buf *out, const mpq_t q, size_t max, gdt_cancel *stop)
{
    size_t len = out->len;
    gdt_status st;

    if (is_int(q))
        return gdt_z_get_str_max(out, mpq_numref(q), max, stop);
    if (gdt_q_frac_over(q, max))
        return GDT_ERANGE;
    st = gdt_buf_puts(out, "Fraction(");
    if (st == GDT_OK)
        st = gdt_z_get_str(out, mpq_numref(q), stop);
    if (st == GDT_OK)
        st = gdt_buf_puts(out, ", ");
    if (st == GDT_OK)
        st = gdt_z_get_str(out, mpq_denref(q), stop);
    if (st == GDT_OK)
        st = gdt_buf_putc(out, ')');
    if (st != GDT_OK && out->s != NULL) {
        out->len = len;
        out->s[len] = '\0';
    }
    return st;
}

static gdt_status
exact_get_str(gdt_buf *out, const gdt_val *a, const gdt_numfmt *f,
              gdt_domain *d)
{
    size_t max = gdt_text_max_digits(d);

    switch (f->kind) {
    case GDT_DIGITS_SHORTEST:
        if (f->python)
            return put_python(out, a->q, max, d->stop);
        return gdt_q_get_str_max(out, a->q, max, d->stop);
    case GDT_DIGITS_EXACT:
        return gdt_q_get_str_max(out, a->q, max, d->stop);
    case GDT_DIGITS_N:
        return gdt_q_get_str_n_max(out, a->q, f->n, max);
    case GDT_DIGITS_HEX:
        break;
    }
    return GDT_EDOMAIN;
}

static size_t
exact_str_digits(const gdt_val *a, const gdt_numfmt *f, gdt_domain *d)
{
    (void)d;
    switch (f->kind) {
    case GDT_DIGITS_SHORTEST:
        if (f->python) /* "n" or "Fraction(p, q)" */
            return mpz_sizeinbase(mpq_numref(a->q), 10)
                + mpz_sizeinbase(mpq_denref(a->q), 10);
        return gdt_q_str_digits(a->q);
    case GDT_DIGITS_EXACT:
        return gdt_q_str_digits(a->q);
    case GDT_DIGITS_N:
        return f->n > 0 ? (size_t)f->n : 1;
    case GDT_DIGITS_HEX:
        break;
    }
    return 0;
}

/* Is Q, reduced, the square of a rational?  Then R = its square root. */
static int
sqrt_q(mpq_t r, const mpq_t q)
{
    if (!mpz_perfect_square_p(mpq_numref(q))
        || !mpz_perfect_square_p(mpq_denref(q)))
        return 0;
    /* the roots of coprime squares are coprime: r stays reduced */
    mpz_sqrt(mpq_numref(r), mpq_numref(q));
    mpz_sqrt(mpq_denref(r), mpq_denref(q));
    return 1;
}

/* pow(A, B) where it is rational: B an integer (exact_pow_si), or B = p/q
   in lowest terms and A = 0 (0 for B > 0), or A > 0 the q-th power of a
   rational.  pow(0, B < 0) is a division by zero, pow(A < 0, p/q) no real
   value (a NaN in the rounded modes, as C's pow); any other is irrational
   (GDT_EINEXACT). */
static gdt_status
exact_pow(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    const mpz_srcptr p = mpq_numref(b->q), q = mpq_denref(b->q);
    int one = is_int(a->q) && mpz_cmp_ui(mpq_numref(a->q), 1) == 0;
    gdt_val root;
    gdt_status st;

    if (one) { /* 1^y = 1 */
        mpq_set_ui(r->q, 1, 1);
        return GDT_OK;
    }
    if (mpq_sgn(a->q) == 0 && mpz_sgn(p) != 0) { /* 0^0 = 1: exact_pow_si */
        if (mpq_sgn(b->q) < 0)
            return GDT_EDIVZERO;
        mpq_set_ui(r->q, 0, 1);
        return GDT_OK;
    }
    if (!mpz_fits_slong_p(p))
        return GDT_ERANGE;
    if (mpz_cmp_ui(q, 1) == 0) /* an integer */
        return exact_pow_si(r, a, mpz_get_si(p), d);
    if (mpq_sgn(a->q) < 0)
        return GDT_EDOMAIN;
    if (!mpz_fits_ulong_p(q))
        return GDT_EINEXACT;
    mpq_init(root.q);
    st = GDT_EINEXACT;
    /* the roots of coprime powers are coprime: root stays reduced */
    if (mpz_root(mpq_numref(root.q), mpq_numref(a->q), mpz_get_ui(q))
        && mpz_root(mpq_denref(root.q), mpq_denref(a->q), mpz_get_ui(q)))
        st = exact_pow_si(r, &root, mpz_get_si(p), d);
    mpq_clear(root.q);
    return st;
}

/* huber(A, B) = A^2/2 where |A| <= B, else B*|A| - B^2/2: rational. */
static gdt_status
exact_huber(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    mpq_t ax, t;

    if (check_bits(2 * (qbits(a->q) + qbits(b->q)) + 2, d) != GDT_OK)
        return GDT_ERANGE;
    mpq_init(ax);
    mpq_init(t);
    mpq_abs(ax, a->q);
    if (mpq_cmp(ax, b->q) <= 0) {
        mpq_mul(t, ax, ax);
        mpq_div_2exp(r->q, t, 1);
    } else {
        mpq_mul(ax, ax, b->q);
        mpq_mul(t, b->q, b->q);
        mpq_div_2exp(t, t, 1);
        mpq_sub(r->q, ax, t);
    }
    mpq_clear(ax);
    mpq_clear(t);
    return GDT_OK;
}

/* abs, min, max, relu and huber are exact; sqrt when the argument is a
   square, pow where exact_pow says.  The others have a rational value at
   one rational argument only (exp(0), log(1), log1p, expm1, sin, cos, tan,
   tanh, cosh, sinh, atan, asinh, sigmoid and logcosh at 0: by Lindemann's
   theorem exp(x) is transcendental for algebraic x != 0, and so are the
   others built on it; erf(x) for rational x != 0 is not known to be
   rational, and held to be irrational); softplus at none (log 2 at 0);
   every other argument has no exact value (GDT_EINEXACT), and log(x <= 0),
   log1p(x <= -1), sqrt(x < 0) no value at all (GDT_EDOMAIN). */
static gdt_status
exact_func(gdt_val *r, gdt_func fn, const gdt_val *a, const gdt_val *b,
           gdt_domain *d)
{
    int zero = mpq_sgn(a->q) == 0;

    switch (fn) {
    case GDT_FN_ABS:
        mpq_abs(r->q, a->q);
        return GDT_OK;
    case GDT_FN_MIN:
        mpq_set(r->q, mpq_cmp(a->q, b->q) <= 0 ? a->q : b->q);
        return GDT_OK;
    case GDT_FN_MAX:
        mpq_set(r->q, mpq_cmp(a->q, b->q) >= 0 ? a->q : b->q);
        return GDT_OK;
    case GDT_FN_RELU:
        if (mpq_sgn(a->q) < 0)
            mpq_set_ui(r->q, 0, 1);
        else
            mpq_set(r->q, a->q);
        return GDT_OK;
    case GDT_FN_POW:
        return exact_pow(r, a, b, d);
    case GDT_FN_HUBER:
        return exact_huber(r, a, b, d);
    case GDT_FN_SQRT:
        if (mpq_sgn(a->q) < 0)
            return GDT_EDOMAIN;
        return sqrt_q(r->q, a->q) ? GDT_OK : GDT_EINEXACT;
    case GDT_FN_LOG:
        if (mpq_sgn(a->q) <= 0)
            return GDT_EDOMAIN;
        if (!(is_int(a->q) && mpz_cmp_ui(mpq_numref(a->q), 1) == 0))
            return GDT_EINEXACT;
        mpq_set_ui(r->q, 0, 1);
        return GDT_OK;
    case GDT_FN_LOG1P:
        if (mpq_cmp_si(a->q, -1, 1) <= 0)
            return GDT_EDOMAIN;
        /* fall through */
    case GDT_FN_EXP:
    case GDT_FN_COS:
    case GDT_FN_SIN:
    case GDT_FN_TAN:
    case GDT_FN_TANH:
    case GDT_FN_SIGMOID:
    case GDT_FN_COSH:
    case GDT_FN_SINH:
    case GDT_FN_ATAN:
    case GDT_FN_ASINH:
    case GDT_FN_EXPM1:
    case GDT_FN_ERF:
    case GDT_FN_LOGCOSH:
        if (!zero)
            return GDT_EINEXACT;
        /* exp(0) = cos(0) = cosh(0) = 1, sigmoid(0) = 1/2, the others 0 */
        mpq_set_ui(r->q,
                   fn == GDT_FN_EXP || fn == GDT_FN_COS || fn == GDT_FN_COSH
                       || fn == GDT_FN_SIGMOID,
                   fn == GDT_FN_SIGMOID ? 2 : 1);
        return GDT_OK;
    case GDT_FN_SOFTPLUS:
        return GDT_EINEXACT;
    case GDT_FN_COUNT:
        break;
    }
    return GDT_EVALUE;
}

static int
exact_cmp(const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    int c = mpq_cmp(a->q, b->q);

    (void)d;
    return (c > 0) - (c < 0);
}

static const gdt_domain_ops exact_ops = {
    .kind = "exact",
    .init = exact_init, .clear = exact_clear,
    .set_q = exact_set_q, .set = exact_set, .neg = exact_neg,
    .add = exact_add, .sub = exact_sub, .mul = exact_mul, .div = exact_div,
    .pow_si = exact_pow_si, .fms = exact_fms,
    .is_zero = exact_is_zero, .is_nan = gdt_val_never,
    .is_inf = gdt_val_never, .is_subnormal = gdt_val_never,
    .identical = exact_identical, .cmp = exact_cmp,
    .get_q = exact_get_q, .get_fr = exact_get_fr,
    .get_str = exact_get_str, .str_digits = exact_str_digits,
    .func = exact_func,
    .exact = 1, .has_div = 1,
    .funcs = GDT_FUNCS_ALL, /* each where its value is rational */
};

void
gdt_domain_init_exact(gdt_domain *d)
{
    d->ops = &exact_ops;
    d->name = "exact";
    d->prec = 0;
    d->rnd = MPFR_RNDN;
    d->emin = 0;
    d->emax = 0;
    d->subnormal = 0;
    d->flags = 0;
    d->max_bits = 0;
    gdt_domain_scratch_init(d, MPFR_PREC_MIN);
}
