/* test_num_func -- elementary functions (exp, log, sqrt, sin, cos, tan, tanh,
   sigmoid, abs, min, max) and comparison in every number domain.

   The mpfr domain and the emulated IEEE formats must round every function
   once, correctly, in all five directions, with IEEE 754's subnormals,
   overflow and flags.  The oracle shares no code with them: MPFR computes
   the function at a high precision in both directed roundings, which
   bracket the exact value, and each bound is rounded to the format by
   hand (the p-bit rounding, then the subnormal grid by mpfr_rint, then
   overflow by IEEE 754's rules); when the two bounds round alike the
   rounding is decided, else the precision doubles.  sigmoid, which MPFR
   lacks and the library computes as 1/(1 + exp(-x)), is bracketed here
   through (1 + tanh(x/2))/2 for x >= -1 and exp(x)/(1 + exp(x)) below.
   The native domains must equal binary64 and binary32 bit for bit in
   sqrt, abs, min and max, and call the C library for the others.  The
   exact and integer domains are checked on tables.  Failures print got,
   want and every input.

   Under valgrind, whose FPU models neither rounding directions nor
   exception flags, the native domains are compared in round-to-nearest
   without flags, and the random counts are cut. */
#include <fenv.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "gdtrace/num.h"
#define TESTUTIL_SEED 0x853c49e6748fea9bu /* this file's random sequence */
#include "testutil.h"

/* ---------------------------------------------------------------- helpers */

static gmp_randstate_t rstate;

/* random counts are divided by this under valgrind */
static long slow = 1;

static const mpfr_rnd_t modes[5] = {MPFR_RNDN, MPFR_RNDZ, MPFR_RNDU,
                                    MPFR_RNDD, MPFR_RNDA};

/* the flags, short, for the tables */
enum { FI = GDT_FLAG_INEXACT, FU = GDT_FLAG_UNDERFLOW,
       FO = GDT_FLAG_OVERFLOW, FN = GDT_FLAG_NAN, FZ = GDT_FLAG_DIVBYZERO };

static const char *const flag_names[5] = {"inexact", "underflow", "overflow",
                                          "nan", "divbyzero"};

/* FLAGS as text into S ("inexact|underflow", "-" for none) */
static const char *
flags_str(char *s, size_t size, unsigned flags)
{
    size_t n = 0;
    int i;

    s[0] = '\0';
    for (i = 0; i < 5; i++)
        if (flags & (1u << i))
            n += (size_t)snprintf(s + n, size - n, "%s%s", n ? "|" : "",
                                  flag_names[i]);
    if (n == 0)
        snprintf(s, size, "-");
    return s;
}

/* ------------------------------------------------------------ the names */

static void
test_func_names(void **state)
{
    static const char *const names[] = {"exp", "log", "sqrt", "sin", "cos",
                                        "tan", "tanh", "sigmoid", "abs",
                                        "min", "max", "cosh", "sinh", "atan",
                                        "asinh", "log1p", "expm1", "softplus",
                                        "relu", "erf", "pow", "huber", "logcosh"};
    int i;

    (void)state;
    assert_int_equal(sizeof names / sizeof names[0], GDT_FN_COUNT);
    for (i = 0; i < GDT_FN_COUNT; i++) {
        assert_string_equal(gdt_func_name((gdt_func)i), names[i]);
        assert_int_equal(gdt_func_from_name(names[i], strlen(names[i])), i);
        assert_int_equal(gdt_func_arity((gdt_func)i),
                         i == GDT_FN_MIN || i == GDT_FN_MAX || i == GDT_FN_POW
                         || i == GDT_FN_HUBER ? 2 : 1);
    }
    assert_null(gdt_func_name(GDT_FN_COUNT));
    assert_int_equal(gdt_func_from_name("expx", 3), GDT_FN_EXP);
    assert_int_equal(gdt_func_from_name("ex", 2), -1);
    assert_int_equal(gdt_func_from_name("exp2", 4), -1);
    assert_int_equal(gdt_func_from_name("", 0), -1);
    assert_int_equal(gdt_func_from_name("Exp", 3), -1);
    assert_null(gdt_func_name((gdt_func)99));
    assert_string_equal(gdt_agg_name(GDT_AGG_MEAN), "mean");
    assert_string_equal(gdt_agg_name(GDT_AGG_SUM), "sum");
    assert_int_equal(gdt_agg_from_name("mean", 4), GDT_AGG_MEAN);
    assert_int_equal(gdt_agg_from_name("sums", 3), GDT_AGG_SUM);
    assert_int_equal(gdt_agg_from_name("exp", 3), -1);
    assert_true(gdt_func_reserved("sigmoid", 7));
    assert_true(gdt_func_reserved("mean", 4));
    assert_false(gdt_func_reserved("means", 5));
    assert_false(gdt_func_reserved("w", 1));
    assert_string_equal(gdt_status_str(GDT_EINEXACT), "no exact value");
}

/* --------------------------------------------------- the rounding oracle */

/* A target format: IEEE 754 binary with precision P and largest exponent
   E (subnormals, emin = 1 - E), or MPFR at P bits with MPFR's default
   exponent range and no subnormals (E = 0). */
typedef struct ofmt {
    const char *name; /* gdt_domain_init_ieee's name, or "mpfr" */
    mpfr_prec_t p;
    long E;
} ofmt;

static const ofmt formats[] = {
    {"binary16", 11, 15},  {"bfloat16", 8, 127},  {"binary32", 24, 127},
    {"binary64", 53, 1023}, {"binary128", 113, 16383},
    {"mpfr", 2, 0},        {"mpfr", 17, 0},      {"mpfr", 100, 0},
};

#define NFORMATS (sizeof formats / sizeof formats[0])

static int
is_ieee(const ofmt *f)
{
    return f->E != 0;
}

/* the largest finite magnitude of F into M (M's precision is F->p) */
static void
fmt_max(mpfr_t m, const ofmt *f)
{
    /* (2 - 2^(1-p)) 2^E = (1 - 2^-p) 2^(E+1) */
    mpfr_set_ui_2exp(m, 1, is_ieee(f) ? f->E + 1 : MPFR_EMAX_DEFAULT,
                     MPFR_RNDN);
    mpfr_nextbelow(m);
}

/* the least positive number of F into M */
static void
fmt_min(mpfr_t m, const ofmt *f)
{
    /* IEEE: the least subnormal 2^(1-E-(p-1)); MPFR: 0.1b 2^emin */
    mpfr_set_ui_2exp(m, 1, is_ieee(f) ? 2 - f->E - f->p
                     : MPFR_EMIN_DEFAULT - 1, MPFR_RNDN);
}

/* R (at F->p bits) = V rounded once to F in direction RND, as IEEE 754
   (MPFR's rules below its range when F has no subnormals); MPFR's widest
   exponent range must be in force.  Returns the ternary value; *TINY: the
   p-bit rounding of V with an unbounded exponent is below the least
   normal number; *HUGE: it is beyond the largest finite number. */
static int
oracle_round(mpfr_t r, mpfr_srcptr v, const ofmt *f, mpfr_rnd_t rnd,
             int *tiny, int *huge)
{
    mpfr_t g, m;
    int t, neg = mpfr_signbit(v) != 0, away;
    long qexp = 2 - f->E - f->p; /* the subnormal spacing 2^qexp */

    *tiny = *huge = 0;
    if (!mpfr_regular_p(v))
        return mpfr_set(r, v, rnd);
    t = mpfr_set(r, v, rnd);
    if (is_ieee(f)) {
        *huge = mpfr_get_exp(r) > f->E + 1;
        *tiny = mpfr_get_exp(r) < 2 - f->E; /* |r| < 2^(1-E) */
    } else {
        *huge = mpfr_get_exp(r) > MPFR_EMAX_DEFAULT;
        *tiny = mpfr_get_exp(r) < MPFR_EMIN_DEFAULT;
    }
    if (*huge) {
        /* to infinity unless rounding toward zero from V's side */
        away = rnd == MPFR_RNDN || rnd == MPFR_RNDA
            || (rnd == MPFR_RNDU && !neg) || (rnd == MPFR_RNDD && neg);
        if (away) {
            mpfr_set_inf(r, neg ? -1 : 1);
        } else {
            fmt_max(r, f);
            if (neg)
                mpfr_neg(r, r, MPFR_RNDN);
        }
        return (away != 0) == !neg ? 1 : -1;
    }
    if (*tiny && is_ieee(f)) {
        /* V rounded to a multiple of 2^qexp, once */
        mpfr_init2(g, mpfr_get_prec(v) + 2);
        mpfr_mul_2si(g, v, -qexp, MPFR_RNDN); /* exact */
        t = mpfr_rint(g, g, rnd);
        mpfr_mul_2si(r, g, qexp, MPFR_RNDN);  /* exact: at most p bits */
        mpfr_clear(g);
        return t > 0 ? 1 : t < 0 ? -1 : 0;
    }
    if (*tiny) {
        /* MPFR without subnormals: 0 or the least positive number */
        mpfr_init2(m, 2);
        fmt_min(m, f);
        mpfr_div_2ui(m, m, 1, MPFR_RNDN); /* half the least */
        if (rnd == MPFR_RNDN)
            away = mpfr_cmpabs(v, m) > 0;
        else
            away = rnd == MPFR_RNDA || (rnd == MPFR_RNDU && !neg)
                || (rnd == MPFR_RNDD && neg);
        if (away) {
            fmt_min(r, f);
            if (neg)
                mpfr_neg(r, r, MPFR_RNDN);
        } else {
            mpfr_set_zero(r, neg ? -1 : 1);
        }
        mpfr_clear(m);
        return (away != 0) == !neg ? 1 : -1;
    }
    return t;
}

/* The second operand of pow and huber for the oracle (oracle_f takes one). */
static mpfr_ptr second;

/* huber(X, D) exactly as a rational, rounded once to R in direction RND. */
static int
oracle_huber(mpfr_t r, mpfr_srcptr x, mpfr_srcptr d, mpfr_rnd_t rnd)
{
    mpq_t qx, qd, t;
    int ternary;

    if (mpfr_nan_p(x) || mpfr_nan_p(d)) {
        mpfr_set_nan(r);
        return 0;
    }
    /* now d > 0 (the test's pairs): an infinite x gives +inf, an infinite
       d x^2/2 */
    if (mpfr_inf_p(x)) {
        mpfr_set_inf(r, 1);
        return 0;
    }
    if (mpfr_inf_p(d)) {
        ternary = mpfr_sqr(r, x, rnd);
        mpfr_div_2ui(r, r, 1, rnd); /* exact in MPFR's widest range */
        return ternary;
    }
    if ((mpfr_regular_p(x) && labs((long)mpfr_get_exp(x)) > 100000)
        || (mpfr_regular_p(d) && labs((long)mpfr_get_exp(d)) > 100000)) {
        /* too large for rationals: MPFR's exact square, or its correctly
           rounded fused d*|x| - d*(d/2) */
        mpfr_t ax, h;

        mpfr_init2(ax, mpfr_get_prec(x));
        mpfr_init2(h, mpfr_get_prec(d));
        mpfr_abs(ax, x, MPFR_RNDN);
        mpfr_div_2ui(h, d, 1, MPFR_RNDN);
        if (mpfr_lessequal_p(ax, d)) {
            ternary = mpfr_sqr(r, ax, rnd);
            mpfr_div_2ui(r, r, 1, rnd);
        } else {
            ternary = mpfr_fmms(r, d, ax, d, h, rnd);
        }
        mpfr_clear(ax);
        mpfr_clear(h);
        return ternary;
    }
    mpq_init(qx);
    mpq_init(qd);
    mpq_init(t);
    mpfr_get_q(qx, x);
    mpfr_get_q(qd, d);
    mpq_abs(qx, qx);
    if (mpq_cmp(qx, qd) <= 0) {
        mpq_mul(t, qx, qx);
        mpq_div_2exp(t, t, 1);
    } else {
        mpq_mul(qx, qx, qd);
        mpq_mul(t, qd, qd);
        mpq_div_2exp(t, t, 1);
        mpq_sub(t, qx, t);
    }
    ternary = mpfr_set_q(r, t, rnd);
    mpq_clear(qx);
    mpq_clear(qd);
    mpq_clear(t);
    return ternary;
}

/* softplus and logcosh by other formulas than the library's, each step
   rounded toward the bound RND asks for: softplus(x) = log1p(exp(x)) for
   x <= 0 and x - log(sigmoid(x)), sigmoid by (1 + tanh(x/2))/2, above;
   logcosh(x) = log(cosh(x)) for |x| < 2^10, |x| - log(2) + log1p(exp(-2|x|))
   above, where cosh would overflow MPFR's range.  Never exact but at
   logcosh(0) = 0. */
static int
oracle_ziv_f(mpfr_t r, gdt_func fn, mpfr_srcptr x, mpfr_rnd_t rnd)
{
    mpfr_rnd_t other = rnd == MPFR_RNDD ? MPFR_RNDU : MPFR_RNDD;
    mpfr_t u;

    if (mpfr_nan_p(x)) {
        mpfr_set_nan(r);
        return 0;
    }
    if (mpfr_inf_p(x)) {
        if (fn == GDT_FN_SOFTPLUS && mpfr_signbit(x))
            mpfr_set_zero(r, 1);
        else
            mpfr_set_inf(r, 1);
        return 0;
    }
    if (fn == GDT_FN_LOGCOSH && mpfr_zero_p(x)) {
        mpfr_set_zero(r, 1);
        return 0;
    }
    mpfr_init2(u, mpfr_get_prec(r) + 16);
    if (fn == GDT_FN_SOFTPLUS && mpfr_sgn(x) <= 0) {
        mpfr_exp(u, x, rnd);
        mpfr_log1p(r, u, rnd);
    } else if (fn == GDT_FN_SOFTPLUS) {
        /* -log(sigmoid(x)) falls as sigmoid grows: sigmoid toward OTHER */
        mpfr_div_2ui(u, x, 1, MPFR_RNDN);
        mpfr_tanh(u, u, other);
        mpfr_add_ui(u, u, 1, other);
        mpfr_div_2ui(u, u, 1, other);
        mpfr_log(u, u, other);
        mpfr_sub(r, x, u, rnd);
    } else if (mpfr_get_exp(x) < -64) {
        /* x^2/2 - x^4/12 < logcosh(x) < x^2/2: x^2 is exact here */
        mpfr_sqr(u, x, rnd);
        mpfr_div_2ui(u, u, 1, rnd);
        if (rnd == MPFR_RNDD) {
            mpfr_t v;

            mpfr_init2(v, mpfr_get_prec(u));
            mpfr_pow_ui(v, x, 4, MPFR_RNDU);
            mpfr_div_ui(v, v, 12, MPFR_RNDU);
            mpfr_sub(u, u, v, MPFR_RNDD);
            mpfr_clear(v);
        }
        mpfr_set(r, u, rnd);
    } else if (mpfr_cmpabs_ui(x, 1) < 0) {
        /* log1p(cosh(x) - 1), cosh(x) - 1 = expm1(|x|)^2/(2*exp(|x|)) */
        mpfr_t v;

        mpfr_init2(v, mpfr_get_prec(u));
        mpfr_abs(v, x, MPFR_RNDN);
        mpfr_expm1(u, v, rnd);
        mpfr_sqr(u, u, rnd);
        mpfr_exp(v, v, other);
        mpfr_mul_2ui(v, v, 1, other);
        mpfr_div(u, u, v, rnd);
        mpfr_log1p(r, u, rnd);
        mpfr_clear(v);
    } else if (mpfr_cmpabs_ui(x, 1024) < 0) {
        mpfr_cosh(u, x, rnd);
        mpfr_log(r, u, rnd);
    } else {
        mpfr_t l2;

        mpfr_init2(l2, mpfr_get_prec(u));
        mpfr_abs(u, x, MPFR_RNDN);
        mpfr_mul_2ui(u, u, 1, MPFR_RNDN);
        mpfr_neg(u, u, MPFR_RNDN); /* -2|x|, exact */
        mpfr_exp(u, u, rnd);
        mpfr_log1p(u, u, rnd);
        mpfr_const_log2(l2, other);
        mpfr_sub(u, u, l2, rnd); /* in [-log(2), 0]: then |x| */
        if (mpfr_sgn(x) > 0)
            mpfr_add(r, u, x, rnd);
        else
            mpfr_sub(r, u, x, rnd);
        mpfr_clear(l2);
    }
    mpfr_clear(u);
    return rnd == MPFR_RNDD ? -1 : 1;
}

/* How the oracle computes F(X) at the precision of R in direction RND
   (MPFR's functions, and sigmoid by other formulas than the library's);
   returns MPFR's ternary value (sigmoid: 0 only when exact). */
static int
oracle_f(mpfr_t r, gdt_func fn, mpfr_srcptr x, mpfr_rnd_t rnd)
{
    mpfr_t u, w;
    mpfr_rnd_t other = rnd == MPFR_RNDD ? MPFR_RNDU : MPFR_RNDD;

    switch (fn) {
    case GDT_FN_EXP: return mpfr_exp(r, x, rnd);
    case GDT_FN_LOG: return mpfr_log(r, x, rnd);
    case GDT_FN_SQRT: return mpfr_sqrt(r, x, rnd);
    case GDT_FN_SIN: return mpfr_sin(r, x, rnd);
    case GDT_FN_COS: return mpfr_cos(r, x, rnd);
    case GDT_FN_TAN: return mpfr_tan(r, x, rnd);
    case GDT_FN_TANH: return mpfr_tanh(r, x, rnd);
    case GDT_FN_ABS: return mpfr_abs(r, x, rnd);
    case GDT_FN_COSH: return mpfr_cosh(r, x, rnd);
    case GDT_FN_SINH: return mpfr_sinh(r, x, rnd);
    case GDT_FN_ATAN: return mpfr_atan(r, x, rnd);
    case GDT_FN_ASINH: return mpfr_asinh(r, x, rnd);
    case GDT_FN_LOG1P: return mpfr_log1p(r, x, rnd);
    case GDT_FN_EXPM1: return mpfr_expm1(r, x, rnd);
    case GDT_FN_ERF: return mpfr_erf(r, x, rnd);
    case GDT_FN_POW: return mpfr_pow(r, x, second, rnd);
    case GDT_FN_RELU:
        if (mpfr_nan_p(x) || mpfr_sgn(x) > 0)
            return mpfr_set(r, x, rnd);
        mpfr_set_zero(r, 1);
        return 0;
    case GDT_FN_HUBER:
        return oracle_huber(r, x, second, rnd);
    case GDT_FN_SOFTPLUS:
    case GDT_FN_LOGCOSH:
        return oracle_ziv_f(r, fn, x, rnd);
    case GDT_FN_SIGMOID:
        break;
    default:
        fail_msg("oracle_f: no such function");
    }
    if (mpfr_nan_p(x)) {
        mpfr_set_nan(r);
        return 0;
    }
    if (mpfr_inf_p(x))
        return mpfr_signbit(x) ? (mpfr_set_zero(r, 1), 0)
                               : mpfr_set_ui(r, 1, rnd);
    mpfr_init2(u, mpfr_get_prec(r) + 16);
    mpfr_init2(w, mpfr_get_prec(r) + 16);
    if (mpfr_cmp_si(x, -1) >= 0) {
        /* (1 + tanh(x/2))/2, every step rounded in direction RND (no
           cancellation: 1 + tanh(x/2) > 1/2) */
        mpfr_div_2ui(u, x, 1, MPFR_RNDN); /* exact */
        mpfr_tanh(u, u, rnd);
        mpfr_add_ui(u, u, 1, rnd);
        mpfr_div_2ui(r, u, 1, rnd);
    } else {
        /* exp(x)/(1 + exp(x)) for x < -1: the numerator in RND, the
           denominator in the other direction */
        mpfr_exp(u, x, rnd);
        mpfr_exp(w, x, other);
        mpfr_add_ui(w, w, 1, other);
        mpfr_div(r, u, w, rnd);
    }
    mpfr_clear(u);
    mpfr_clear(w);
    if (mpfr_zero_p(x))
        return 0; /* 1/2 */
    return rnd == MPFR_RNDD ? -1 : 1; /* never exact for x != 0 */
}

/* X (a bound of a result beyond MPFR's widest range): an infinity or a
   number beyond 2^(2^40) becomes +-2^(2^40), a zero or a number below
   2^-(2^40) becomes +-2^-(2^40). */
static void
beyond(mpfr_t x)
{
    int neg = mpfr_signbit(x) != 0;

    if (mpfr_inf_p(x) || (mpfr_regular_p(x) && mpfr_get_exp(x) > 1L << 40))
        mpfr_set_si_2exp(x, neg ? -1 : 1, 1L << 40, MPFR_RNDN);
    else if (mpfr_zero_p(x)
             || (mpfr_regular_p(x) && mpfr_get_exp(x) < -(1L << 40)))
        mpfr_set_si_2exp(x, neg ? -1 : 1, -(1L << 40), MPFR_RNDN);
}

/* What a function should give: the value (at the format's precision) and
   the flags. */
typedef struct want {
    mpfr_t v;
    unsigned flags;
} want;

/* W = F(X) correctly rounded to format F in direction RND, with the IEEE
   flags; 0 when even 16000 bits did not decide the rounding.

   LO <= F(X) <= HI at HP bits.  When LO is exact it is F(X), rounded
   once.  Otherwise F(X) lies strictly between them, and so (no HP-bit
   number, so no rounding boundary, lying in between) rounds as LO+ and
   HI-, the numbers half an HP-bit ulp inside: when these two round alike,
   that is F(X) rounded, on the side of F(X) where it lies from both.  For
   MPFR's functions LO and HI are neighbours and LO+ = HI-: decided at
   once; sigmoid's bounds are a few ulps apart and may need more bits. */
static int
oracle(want *w, gdt_func fn, mpfr_srcptr x, const ofmt *f, mpfr_rnd_t rnd)
{
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_prec_t hp = fn == GDT_FN_SIGMOID || fn == GDT_FN_SOFTPLUS || fn == GDT_FN_LOGCOSH
                         ? 2 * f->p + 64 : 300;
    mpfr_t lo, hi, rlo, rhi;
    int tl, th, tinyl = 0, tinyh, hugel = 0, hugeh, t = 0, decided = 0;
    int nanflag = 0, divflag = 0;

    mpfr_set_emin(mpfr_get_emin_min());
    mpfr_set_emax(mpfr_get_emax_max());
    mpfr_init2(rlo, f->p);
    mpfr_init2(rhi, f->p);
    for (; hp <= 16000 && !decided; hp *= 2) {
        mpfr_init2(lo, hp);
        mpfr_init2(hi, hp);
        mpfr_clear_flags();
        tl = oracle_f(lo, fn, x, MPFR_RNDD);
        th = oracle_f(hi, fn, x, MPFR_RNDU);
        nanflag = mpfr_nanflag_p() && !mpfr_nan_p(x)
                  && !((fn == GDT_FN_POW || fn == GDT_FN_HUBER) && mpfr_nan_p(second));
        divflag = mpfr_divby0_p();
        /* beyond MPFR's widest range (exp(2^70)): a bound that overflowed
           or underflowed there stands for a number far beyond any format,
           2^(2^40) or 2^-(2^40), which rounds as the exact value does */
        if (mpfr_overflow_p() || mpfr_underflow_p()) {
            beyond(lo);
            beyond(hi);
        }
        if (mpfr_nan_p(lo)) {
            mpfr_set_nan(w->v);
            t = 0;
            decided = 1;
        } else if (tl == 0) {
            t = oracle_round(rlo, lo, f, rnd, &tinyl, &hugel);
            mpfr_set(w->v, rlo, MPFR_RNDN);
            decided = 1;
        } else {
            /* now lo < f(x) < hi */
            mpfr_prec_round(lo, hp + 1, MPFR_RNDN); /* exact */
            mpfr_prec_round(hi, hp + 1, MPFR_RNDN);
            mpfr_nextabove(lo);
            mpfr_nextbelow(hi);
            tl = oracle_round(rlo, lo, f, rnd, &tinyl, &hugel);
            th = oracle_round(rhi, hi, f, rnd, &tinyh, &hugeh);
            if (mpfr_equal_p(rlo, rhi) && tinyl == tinyh && hugel == hugeh
                && mpfr_signbit(rlo) == mpfr_signbit(rhi)
                && (tl > 0) == (th > 0)) {
                t = tl > 0 ? 1 : -1;
                decided = 1;
            }
            mpfr_set(w->v, rlo, MPFR_RNDN);
        }
        (void)th;
        mpfr_clear(lo);
        mpfr_clear(hi);
    }
    w->flags = 0;
    if (t != 0)
        w->flags |= GDT_FLAG_INEXACT;
    if (decided && !mpfr_nan_p(w->v)) {
        if (t != 0 && tinyl)
            w->flags |= GDT_FLAG_UNDERFLOW;
        if (hugel)
            w->flags |= GDT_FLAG_OVERFLOW;
    }
    if (nanflag)
        w->flags |= GDT_FLAG_NAN;
    if (divflag)
        w->flags |= GDT_FLAG_DIVBYZERO;
    mpfr_clear(rlo);
    mpfr_clear(rhi);
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    mpfr_clear_flags();
    return decided;
}

/* X (at F->p bits) = a random number of F: random bits, a random sign, an
   exponent near 1 (where the functions turn: exp's overflow and underflow
   thresholds, the subnormal results) or anywhere in F's range (bounded
   for MPFR), sometimes a special value or an edge of the range. */
static void
random_arg(mpfr_t x, const ofmt *f)
{
    mpfr_t v;
    long lo, hi, e;
    int tiny, huge, k = (int)(rng() % 32);

    mpfr_init2(v, f->p);
    switch (k) {
    case 0: mpfr_set_zero(x, 1); goto out;
    case 1: mpfr_set_zero(x, -1); goto out;
    case 2: mpfr_set_inf(x, 1); goto out;
    case 3: mpfr_set_inf(x, -1); goto out;
    case 4: mpfr_set_nan(x); goto out;
    case 5: fmt_min(x, f); break;
    case 6: /* for MPFR 2^64: sin(2^(2^30)) would take 2^30 bits of pi */
        if (is_ieee(f))
            fmt_max(x, f);
        else
            mpfr_set_ui_2exp(x, 1, 64, MPFR_RNDN);
        break;
    case 7: mpfr_set_ui(x, 1, MPFR_RNDN); break;
    case 8: /* an exact square */
        mpfr_set_ui(x, (unsigned long)(rng() % 16), MPFR_RNDN);
        mpfr_sqr(x, x, MPFR_RNDN);
        break;
    default:
        mpfr_urandomb(v, rstate);
        if (mpfr_zero_p(v))
            mpfr_set_ui(v, 1, MPFR_RNDN);
        if (k < 24) {
            lo = -(long)f->p - 8;
            hi = is_ieee(f) ? 16 : 48;
        } else if (is_ieee(f)) {
            lo = 2 - f->E - f->p - 2;
            hi = f->E + 2;
        } else {
            lo = -100000;
            hi = 64;
        }
        e = lo + (long)(rng() % (uint64_t)(hi - lo + 1));
        mpfr_mul_2si(v, v, e, MPFR_RNDN);
        oracle_round(x, v, f, MPFR_RNDN, &tiny, &huge);
        break;
    }
    if (rng() % 2)
        mpfr_neg(x, x, MPFR_RNDN);
out:
    mpfr_clear(v);
}

/* Set D up as format F in direction RND. */
static void
fmt_domain(gdt_domain *d, const ofmt *f, mpfr_rnd_t rnd)
{
    if (is_ieee(f))
        assert_int_equal(gdt_domain_init_ieee(d, f->name, rnd), GDT_OK);
    else
        assert_int_equal(gdt_domain_init_mpfr(d, f->p, rnd), GDT_OK);
}

static int
same_value(mpfr_srcptr a, mpfr_srcptr b)
{
    if (mpfr_nan_p(a) || mpfr_nan_p(b))
        return mpfr_nan_p(a) && mpfr_nan_p(b);
    return mpfr_equal_p(a, b) && mpfr_signbit(a) == mpfr_signbit(b);
}

static void
fail_func(const gdt_domain *d, gdt_func fn, mpfr_srcptr x, mpfr_srcptr y,
          mpfr_srcptr got, unsigned got_flags, mpfr_srcptr wantv,
          unsigned want_flags)
{
    char gf[80], wf[80];

    printf("%s wrong: %s (%s, %ld bits)\n", gdt_func_name(fn), d->name,
           mpfr_print_rnd_mode(d->rnd), (long)d->prec);
    if (y != NULL)
        mpfr_printf("  x    %Ra\n  y    %Ra\n", x, y);
    else
        mpfr_printf("  x    %Ra\n", x);
    mpfr_printf("  got  %Ra flags %s\n  want %Ra flags %s\n", got,
                flags_str(gf, sizeof gf, got_flags), wantv,
                flags_str(wf, sizeof wf, want_flags));
    failures++;
}

/* Every function of one argument on N random arguments of every format in
   every direction, against the oracle; the expected flags must have met
   every flag of SEEN (the arguments reach the corners). */
static void
unary_random(gdt_func fn, long n, unsigned seen)
{
    size_t fi;
    int mi;
    long k;
    gdt_domain d;
    gdt_val a, r;
    want w;
    mpfr_t x;
    unsigned long undecided = 0;

    for (fi = 0; fi < NFORMATS; fi++) {
        const ofmt *f = &formats[fi];

        for (mi = 0; mi < 5; mi++) {
            fmt_domain(&d, f, modes[mi]);
            d.ops->init(&a, &d);
            d.ops->init(&r, &d);
            mpfr_init2(w.v, f->p);
            mpfr_init2(x, f->p);
            for (k = 0; k < n && failures < 20; k++) {
                random_arg(x, f);
                if (!oracle(&w, fn, x, f, modes[mi])) {
                    if (undecided++ < 5)
                        mpfr_printf("oracle undecided: %s %s (%s) x %Ra\n",
                                    gdt_func_name(fn), d.name,
                                    mpfr_print_rnd_mode(modes[mi]), x);
                    continue;
                }
                seen &= ~w.flags;
                mpfr_set(a.f, x, MPFR_RNDN);
                d.flags = 0;
                assert_int_equal(d.ops->func(&r, fn, &a, NULL, &d), GDT_OK);
                if (!same_value(r.f, w.v) || d.flags != w.flags)
                    fail_func(&d, fn, x, NULL, r.f, d.flags, w.v, w.flags);
                /* in place too */
                d.flags = 0;
                assert_int_equal(d.ops->func(&a, fn, &a, NULL, &d), GDT_OK);
                if (!same_value(a.f, w.v) || d.flags != w.flags)
                    fail_func(&d, fn, x, NULL, a.f, d.flags, w.v, w.flags);
            }
            mpfr_clear(x);
            mpfr_clear(w.v);
            d.ops->clear(&a, &d);
            d.ops->clear(&r, &d);
            gdt_domain_clear(&d);
        }
    }
    /* the oracle decides below 16000 bits: no known case needs more */
    assert_int_equal(undecided, 0);
    check_failures();
    assert_int_equal(seen, 0);
}

static void
test_exp_random(void **state)
{
    (void)state;
    unary_random(GDT_FN_EXP, 300 / slow, FI | FU | FO);
}

static void
test_log_random(void **state)
{
    (void)state;
    unary_random(GDT_FN_LOG, 300 / slow, FI | FN | FZ);
}

static void
test_sqrt_random(void **state)
{
    (void)state;
    unary_random(GDT_FN_SQRT, 300 / slow, FI | FN);
}

static void
test_sin_random(void **state)
{
    (void)state;
    unary_random(GDT_FN_SIN, 300 / slow, FI | FU | FN);
}

static void
test_cos_random(void **state)
{
    (void)state;
    unary_random(GDT_FN_COS, 300 / slow, FI | FN);
}

static void
test_tan_random(void **state)
{
    (void)state;
    unary_random(GDT_FN_TAN, 300 / slow, FI | FU | FN);
}

static void
test_tanh_random(void **state)
{
    (void)state;
    unary_random(GDT_FN_TANH, 300 / slow, FI | FU);
}

static void
test_abs_random(void **state)
{
    (void)state;
    unary_random(GDT_FN_ABS, 300 / slow, 0);
}

static void
test_sigmoid_random(void **state)
{
    (void)state;
    unary_random(GDT_FN_SIGMOID, 1000 / slow, FI | FU);
}

static void
test_cosh_random(void **state)
{
    (void)state;
    unary_random(GDT_FN_COSH, 200 / slow, FI | FO);
}

static void
test_sinh_random(void **state)
{
    (void)state;
    unary_random(GDT_FN_SINH, 200 / slow, FI | FU | FO);
}

static void
test_atan_random(void **state)
{
    (void)state;
    unary_random(GDT_FN_ATAN, 200 / slow, FI | FU);
}

static void
test_asinh_random(void **state)
{
    (void)state;
    unary_random(GDT_FN_ASINH, 200 / slow, FI | FU);
}

static void
test_log1p_random(void **state)
{
    (void)state;
    unary_random(GDT_FN_LOG1P, 200 / slow, FI | FU | FN | FZ);
}

static void
test_expm1_random(void **state)
{
    (void)state;
    unary_random(GDT_FN_EXPM1, 200 / slow, FI | FU | FO);
}

static void
test_erf_random(void **state)
{
    (void)state;
    unary_random(GDT_FN_ERF, 200 / slow, FI | FU);
}

static void
test_relu_random(void **state)
{
    (void)state;
    unary_random(GDT_FN_RELU, 200 / slow, 0);
}

static void
test_softplus_random(void **state)
{
    (void)state;
    unary_random(GDT_FN_SOFTPLUS, 400 / slow, FI | FU);
}

static void
test_logcosh_random(void **state)
{
    (void)state;
    unary_random(GDT_FN_LOGCOSH, 400 / slow, FI | FU);
}

/* Every function of two arguments (pow, huber) on N random pairs of every
   format in every direction, against the oracle; the expected flags must
   have met every flag of SEEN. */
static void
binary_random(gdt_func fn, long n, unsigned seen)
{
    size_t fi;
    int mi;
    long k;
    gdt_domain d;
    gdt_val a, b, r;
    want w;
    mpfr_t x;
    unsigned long undecided = 0;

    for (fi = 0; fi < NFORMATS; fi++) {
        const ofmt *f = &formats[fi];

        for (mi = 0; mi < 5; mi++) {
            fmt_domain(&d, f, modes[mi]);
            d.ops->init(&a, &d);
            d.ops->init(&b, &d);
            d.ops->init(&r, &d);
            mpfr_init2(w.v, f->p);
            mpfr_init2(x, f->p);
            for (k = 0; k < n && failures < 20; k++) {
                random_arg(x, f);
                random_arg(b.f, f);
                if (k % 3 == 0) /* small exponents and thresholds too */
                    mpfr_set_si_2exp(b.f, (long)(rng() % 9) - 4, -(long)(rng() % 3),
                                     MPFR_RNDN);
                if (fn == GDT_FN_HUBER) { /* a threshold d > 0 */
                    mpfr_abs(b.f, b.f, MPFR_RNDN);
                    if (mpfr_zero_p(b.f))
                        mpfr_set_ui(b.f, 1, MPFR_RNDN);
                }
                second = b.f;
                if (!oracle(&w, fn, x, f, modes[mi])) {
                    if (undecided++ < 5)
                        mpfr_printf("oracle undecided: %s %s (%s) x %Ra y %Ra\n",
                                    gdt_func_name(fn), d.name,
                                    mpfr_print_rnd_mode(modes[mi]), x, b.f);
                    continue;
                }
                seen &= ~w.flags;
                mpfr_set(a.f, x, MPFR_RNDN);
                d.flags = 0;
                assert_int_equal(d.ops->func(&r, fn, &a, &b, &d), GDT_OK);
                if (!same_value(r.f, w.v) || d.flags != w.flags)
                    fail_func(&d, fn, x, b.f, r.f, d.flags, w.v, w.flags);
            }
            mpfr_clear(x);
            mpfr_clear(w.v);
            d.ops->clear(&a, &d);
            d.ops->clear(&b, &d);
            d.ops->clear(&r, &d);
            gdt_domain_clear(&d);
        }
    }
    assert_int_equal(undecided, 0);
    check_failures();
    assert_int_equal(seen, 0);
}

static void
test_pow_random(void **state)
{
    (void)state;
    binary_random(GDT_FN_POW, 300 / slow, FI | FU | FO | FN | FZ);
}

static void
test_huber_random(void **state)
{
    (void)state;
    binary_random(GDT_FN_HUBER, 300 / slow, FI | FO);
}

/* min and max of random pairs: the chosen operand, a NaN when either is
   one, -0 the lesser zero; no flag ever. */
static void
test_minmax_random(void **state)
{
    size_t fi;
    int mi, imax, neg;
    long k;
    gdt_domain d;
    gdt_val a, b, r;
    mpfr_t wv;

    (void)state;
    for (fi = 0; fi < NFORMATS; fi++) {
        const ofmt *f = &formats[fi];

        for (mi = 0; mi < 5; mi++) {
            fmt_domain(&d, f, modes[mi]);
            d.ops->init(&a, &d);
            d.ops->init(&b, &d);
            d.ops->init(&r, &d);
            mpfr_init2(wv, f->p);
            for (k = 0; k < 400 / slow && failures < 20; k++) {
                random_arg(a.f, f);
                if (k % 4 == 0)
                    mpfr_neg(b.f, a.f, MPFR_RNDN); /* -0 and +0 too */
                else
                    random_arg(b.f, f);
                for (imax = 0; imax < 2; imax++) {
                    gdt_func fn = imax ? GDT_FN_MAX : GDT_FN_MIN;

                    if (mpfr_nan_p(a.f) || mpfr_nan_p(b.f)) {
                        mpfr_set_nan(wv);
                    } else if (mpfr_zero_p(a.f) && mpfr_zero_p(b.f)) {
                        neg = imax ? mpfr_signbit(a.f) && mpfr_signbit(b.f)
                                   : mpfr_signbit(a.f) || mpfr_signbit(b.f);
                        mpfr_set_zero(wv, neg ? -1 : 1);
                    } else if ((mpfr_cmp(a.f, b.f) < 0) != imax) {
                        mpfr_set(wv, a.f, MPFR_RNDN);
                    } else {
                        mpfr_set(wv, b.f, MPFR_RNDN);
                    }
                    d.flags = 0;
                    assert_int_equal(d.ops->func(&r, fn, &a, &b, &d), GDT_OK);
                    if (!same_value(r.f, wv) || d.flags != 0)
                        fail_func(&d, fn, a.f, b.f, r.f, d.flags, wv, 0);
                }
            }
            mpfr_clear(wv);
            d.ops->clear(&a, &d);
            d.ops->clear(&b, &d);
            d.ops->clear(&r, &d);
            gdt_domain_clear(&d);
        }
    }
    check_failures();
}

/* ------------------------------------------------- IEEE special values */

/* One function case in binary64 (hex float or "nan", "inf", "-inf"):
   the result and the flags in direction RND. */
typedef struct fcase {
    gdt_func fn;
    const char *x, *y; /* y for min and max */
    mpfr_rnd_t rnd;
    const char *want;
    unsigned flags;
} fcase;


static const fcase binary64_cases[] = {
    {GDT_FN_LOG, "0", NULL, MPFR_RNDN, "-inf", FZ},
    {GDT_FN_LOG, "-0", NULL, MPFR_RNDN, "-inf", FZ},
    {GDT_FN_LOG, "-1", NULL, MPFR_RNDN, "nan", FN},
    {GDT_FN_LOG, "-inf", NULL, MPFR_RNDN, "nan", FN},
    {GDT_FN_LOG, "inf", NULL, MPFR_RNDN, "inf", 0},
    {GDT_FN_LOG, "1", NULL, MPFR_RNDD, "0", 0},
    {GDT_FN_LOG, "nan", NULL, MPFR_RNDN, "nan", 0},
    {GDT_FN_SQRT, "-0", NULL, MPFR_RNDN, "-0", 0},
    {GDT_FN_SQRT, "-0x1p-1074", NULL, MPFR_RNDN, "nan", FN},
    {GDT_FN_SQRT, "-inf", NULL, MPFR_RNDN, "nan", FN},
    {GDT_FN_SQRT, "0x1p-1074", NULL, MPFR_RNDN, "0x1p-537", 0},
    {GDT_FN_SQRT, "2", NULL, MPFR_RNDN, "0x1.6a09e667f3bcdp+0", FI},
    {GDT_FN_SQRT, "2", NULL, MPFR_RNDU, "0x1.6a09e667f3bcdp+0", FI},
    {GDT_FN_SQRT, "2", NULL, MPFR_RNDD, "0x1.6a09e667f3bccp+0", FI},
    {GDT_FN_EXP, "0", NULL, MPFR_RNDN, "1", 0},
    {GDT_FN_EXP, "-0", NULL, MPFR_RNDN, "1", 0},
    {GDT_FN_EXP, "-inf", NULL, MPFR_RNDN, "0", 0},
    {GDT_FN_EXP, "inf", NULL, MPFR_RNDN, "inf", 0},
    {GDT_FN_EXP, "710", NULL, MPFR_RNDN, "inf", FO | FI},
    {GDT_FN_EXP, "710", NULL, MPFR_RNDZ, "0x1.fffffffffffffp+1023", FO | FI},
    {GDT_FN_EXP, "-746", NULL, MPFR_RNDN, "0", FU | FI},
    {GDT_FN_EXP, "-746", NULL, MPFR_RNDU, "0x1p-1074", FU | FI},
    {GDT_FN_EXP, "-745", NULL, MPFR_RNDN, "0x1p-1074", FU | FI},
    {GDT_FN_EXP, "1", NULL, MPFR_RNDN, "0x1.5bf0a8b145769p+1", FI},
    {GDT_FN_SIN, "-0", NULL, MPFR_RNDN, "-0", 0},
    {GDT_FN_SIN, "inf", NULL, MPFR_RNDN, "nan", FN},
    {GDT_FN_COS, "-inf", NULL, MPFR_RNDN, "nan", FN},
    {GDT_FN_TAN, "inf", NULL, MPFR_RNDN, "nan", FN},
    {GDT_FN_COS, "0", NULL, MPFR_RNDN, "1", 0},
    {GDT_FN_TAN, "-0", NULL, MPFR_RNDN, "-0", 0},
    {GDT_FN_TANH, "-0", NULL, MPFR_RNDN, "-0", 0},
    {GDT_FN_TANH, "inf", NULL, MPFR_RNDN, "1", 0},
    {GDT_FN_TANH, "-inf", NULL, MPFR_RNDN, "-1", 0},
    {GDT_FN_TANH, "0x1p-1074", NULL, MPFR_RNDN, "0x1p-1074", FU | FI},
    {GDT_FN_TANH, "0x1p-1074", NULL, MPFR_RNDD, "0", FU | FI},
    {GDT_FN_SIN, "0x1p-1022", NULL, MPFR_RNDD, "0x0.fffffffffffffp-1022",
     FU | FI},
    {GDT_FN_SIGMOID, "0", NULL, MPFR_RNDN, "0.5", 0},
    {GDT_FN_SIGMOID, "-0", NULL, MPFR_RNDD, "0.5", 0},
    {GDT_FN_SIGMOID, "inf", NULL, MPFR_RNDN, "1", 0},
    {GDT_FN_SIGMOID, "-inf", NULL, MPFR_RNDN, "0", 0},
    {GDT_FN_SIGMOID, "nan", NULL, MPFR_RNDN, "nan", 0},
    {GDT_FN_SIGMOID, "40", NULL, MPFR_RNDN, "1", FI},
    {GDT_FN_SIGMOID, "40", NULL, MPFR_RNDD, "0x1.fffffffffffffp-1", FI},
    {GDT_FN_SIGMOID, "40", NULL, MPFR_RNDZ, "0x1.fffffffffffffp-1", FI},
    {GDT_FN_SIGMOID, "40", NULL, MPFR_RNDU, "1", FI},
    {GDT_FN_SIGMOID, "1e300", NULL, MPFR_RNDD, "0x1.fffffffffffffp-1", FI},
    {GDT_FN_SIGMOID, "1e300", NULL, MPFR_RNDA, "1", FI},
    {GDT_FN_SIGMOID, "-1e300", NULL, MPFR_RNDN, "0", FU | FI},
    {GDT_FN_SIGMOID, "-1e300", NULL, MPFR_RNDU, "0x1p-1074", FU | FI},
    {GDT_FN_SIGMOID, "-1e300", NULL, MPFR_RNDA, "0x1p-1074", FU | FI},
    {GDT_FN_SIGMOID, "-1e300", NULL, MPFR_RNDZ, "0", FU | FI},
    {GDT_FN_SIGMOID, "-745", NULL, MPFR_RNDN, "0x1p-1074", FU | FI},
    {GDT_FN_SIGMOID, "-746", NULL, MPFR_RNDN, "0", FU | FI},
    {GDT_FN_SIGMOID, "-700", NULL, MPFR_RNDN, "0x1.14f2b0fb9307fp-1010", FI},
    {GDT_FN_SIGMOID, "0x1p-1074", NULL, MPFR_RNDN, "0.5", FI},
    {GDT_FN_SIGMOID, "0x1p-1074", NULL, MPFR_RNDU, "0x1.0000000000001p-1",
     FI},
    {GDT_FN_SIGMOID, "-0x1p-1074", NULL, MPFR_RNDD, "0x1.fffffffffffffp-2",
     FI},
    {GDT_FN_SIGMOID, "1", NULL, MPFR_RNDN, "0x1.764d4f5d5a2bdp-1", FI},
    {GDT_FN_ABS, "-0", NULL, MPFR_RNDN, "0", 0},
    {GDT_FN_ABS, "-inf", NULL, MPFR_RNDN, "inf", 0},
    {GDT_FN_ABS, "nan", NULL, MPFR_RNDN, "nan", 0},
    {GDT_FN_ABS, "-0x1p-1074", NULL, MPFR_RNDD, "0x1p-1074", 0},
    {GDT_FN_MIN, "-0", "0", MPFR_RNDN, "-0", 0},
    {GDT_FN_MIN, "0", "-0", MPFR_RNDN, "-0", 0},
    {GDT_FN_MAX, "-0", "0", MPFR_RNDN, "0", 0},
    {GDT_FN_MAX, "0", "-0", MPFR_RNDD, "0", 0},
    {GDT_FN_MIN, "nan", "1", MPFR_RNDN, "nan", 0},
    {GDT_FN_MIN, "1", "nan", MPFR_RNDN, "nan", 0},
    {GDT_FN_MAX, "nan", "-inf", MPFR_RNDN, "nan", 0},
    {GDT_FN_MAX, "inf", "nan", MPFR_RNDN, "nan", 0},
    {GDT_FN_MIN, "-inf", "1", MPFR_RNDN, "-inf", 0},
    {GDT_FN_MAX, "2", "3", MPFR_RNDN, "3", 0},
    {GDT_FN_MIN, "2", "3", MPFR_RNDN, "2", 0},
};

/* "nan", "inf", "-inf", or a number in C's syntax, exactly */
static void
fr_of(mpfr_t x, const char *s)
{
    char *end;

    if (strcmp(s, "nan") == 0)
        mpfr_set_nan(x);
    else
        assert_int_equal(mpfr_strtofr(x, s, &end, 0, MPFR_RNDN) == 0
                         || strcmp(s, "1e300") == 0 || strcmp(s, "-1e300") == 0,
                         1);
}

static void
test_binary64_cases(void **state)
{
    size_t i;
    gdt_domain d;
    gdt_val a, b, r;
    mpfr_t w;
    const fcase *c;
    char gf[80], wf[80];

    (void)state;
    mpfr_init2(w, 53);
    for (i = 0; i < sizeof binary64_cases / sizeof binary64_cases[0]; i++) {
        c = &binary64_cases[i];
        assert_int_equal(gdt_domain_init_ieee(&d, "binary64", c->rnd), GDT_OK);
        d.ops->init(&a, &d);
        d.ops->init(&b, &d);
        d.ops->init(&r, &d);
        fr_of(a.f, c->x);
        if (c->y != NULL)
            fr_of(b.f, c->y);
        fr_of(w, c->want);
        assert_int_equal(d.ops->func(&r, c->fn, &a, c->y ? &b : NULL, &d),
                         GDT_OK);
        if (!same_value(r.f, w) || d.flags != c->flags) {
            printf("%s(%s%s%s) wrong (binary64, %s)\n", gdt_func_name(c->fn),
                   c->x, c->y ? ", " : "", c->y ? c->y : "",
                   mpfr_print_rnd_mode(c->rnd));
            mpfr_printf("  got  %Ra flags %s\n  want %Ra flags %s\n", r.f,
                        flags_str(gf, sizeof gf, d.flags), w,
                        flags_str(wf, sizeof wf, c->flags));
            failures++;
        }
        d.ops->clear(&a, &d);
        d.ops->clear(&b, &d);
        d.ops->clear(&r, &d);
        gdt_domain_clear(&d);
    }
    mpfr_clear(w);
    check_failures();
}

/* sigmoid at the thresholds of the library's shortcuts, p + 2 (above it
   the value rounds as 1 - tiny) and emin - 3 (below it, as a positive
   number under half the least one), and three ulps either side, in every
   format and direction. */
static void
test_sigmoid_edges(void **state)
{
    size_t fi;
    int mi, j;
    gdt_domain d;
    gdt_val a, r;
    want w;
    long long_edges[2];
    mpfr_t probe;

    (void)state;
    for (fi = 0; fi < NFORMATS; fi++) {
        const ofmt *f = &formats[fi];

        for (mi = 0; mi < 5; mi++) {
            fmt_domain(&d, f, modes[mi]);
            d.ops->init(&a, &d);
            d.ops->init(&r, &d);
            mpfr_init2(w.v, f->p);
            mpfr_init2(probe, f->p);
            long_edges[0] = (long)f->p + 2;
            long_edges[1] = (long)d.emin - 3;
            for (j = 0; j < 2 * 7; j++) {
                long e = long_edges[j / 7];
                int step = j % 7 - 3;

                mpfr_set_si(probe, e, MPFR_RNDN);
                for (; step < 0; step++)
                    mpfr_nextbelow(probe);
                for (; step > 0; step--)
                    mpfr_nextabove(probe);
                mpfr_set(a.f, probe, MPFR_RNDN);
                assert_int_equal(oracle(&w, GDT_FN_SIGMOID, a.f, f, modes[mi]),
                                 1);
                d.flags = 0;
                assert_int_equal(d.ops->func(&r, GDT_FN_SIGMOID, &a, NULL, &d),
                                 GDT_OK);
                if (!same_value(r.f, w.v) || d.flags != w.flags)
                    fail_func(&d, GDT_FN_SIGMOID, a.f, NULL, r.f, d.flags,
                              w.v, w.flags);
            }
            mpfr_clear(probe);
            mpfr_clear(w.v);
            d.ops->clear(&a, &d);
            d.ops->clear(&r, &d);
            gdt_domain_clear(&d);
        }
    }
    check_failures();
}

/* sigmoid of every finite binary16 and bfloat16 number, in every
   direction: the hardest cases of these formats (values closest to a
   rounding boundary, subnormal results) are among them. */
static void
test_sigmoid_exhaustive16(void **state)
{
    static const ofmt *fs[2] = {&formats[0], &formats[1]};
    int fi, mi;
    uint32_t bits;
    gdt_domain d;
    gdt_val a, r;
    want w;
    mpfr_t v;

    (void)state;
    mpfr_init2(v, 32);
    for (fi = 0; fi < 2; fi++) {
        const ofmt *f = fs[fi];

        for (mi = 0; mi < 5; mi += (int)slow > 1 ? 2 : 1) {
            fmt_domain(&d, f, modes[mi]);
            d.ops->init(&a, &d);
            d.ops->init(&r, &d);
            mpfr_init2(w.v, f->p);
            for (bits = 0; bits < 0x10000 && failures < 20;
                 bits += (uint32_t)slow) {
                /* the 16-bit pattern, read through binary32 for bfloat16
                   and built from its fields for binary16 */
                if (fi == 1) {
                    uint32_t u = bits << 16;
                    float fl;

                    memcpy(&fl, &u, sizeof fl);
                    if (isnan(fl))
                        continue;
                    mpfr_set_flt(v, fl, MPFR_RNDN);
                } else {
                    unsigned ex = (bits >> 10) & 0x1f, m = bits & 0x3ff;

                    if (ex == 31)
                        continue;
                    if (ex == 0)
                        mpfr_set_ui_2exp(v, m, -24, MPFR_RNDN);
                    else
                        mpfr_set_ui_2exp(v, m + 1024, (long)ex - 25, MPFR_RNDN);
                    if (bits & 0x8000)
                        mpfr_neg(v, v, MPFR_RNDN);
                }
                mpfr_set(a.f, v, MPFR_RNDN); /* exact */
                assert_int_equal(oracle(&w, GDT_FN_SIGMOID, a.f, f, modes[mi]),
                                 1);
                d.flags = 0;
                assert_int_equal(d.ops->func(&r, GDT_FN_SIGMOID, &a, NULL, &d),
                                 GDT_OK);
                if (!same_value(r.f, w.v) || d.flags != w.flags)
                    fail_func(&d, GDT_FN_SIGMOID, a.f, NULL, r.f, d.flags,
                              w.v, w.flags);
            }
            mpfr_clear(w.v);
            d.ops->clear(&a, &d);
            d.ops->clear(&r, &d);
            gdt_domain_clear(&d);
        }
    }
    mpfr_clear(v);
    check_failures();
}

/* A random double: any bit pattern, or a special value, or near 1. */
static double
random_double(void)
{
    static const double special[] = {0.0, -0.0, INFINITY, -INFINITY, NAN,
                                     DBL_MIN, DBL_TRUE_MIN, DBL_MAX, 1.0, 4.0};
    int k = (int)(rng() % 8);

    if (k == 0)
        return special[rng() % (sizeof special / sizeof special[0])]
            * (rng() % 2 ? -1 : 1);
    if (k < 4)
        return ldexp((double)(rng() >> 11) / 9007199254740992.0,
                     (int)(rng() % 40) - 20) * (rng() % 2 ? -1 : 1);
    return d_of_bits(rng());
}

/* native-double and native-float against binary64 and binary32: sqrt, abs,
   min and max bit for bit and flag for flag, in every direction C has. */
static void
test_native_exact_funcs(void **state)
{
    static const gdt_func fns[] = {GDT_FN_SQRT, GDT_FN_ABS, GDT_FN_MIN,
                                   GDT_FN_MAX};
    int is_float, mi, nmodes = native_rounding_works() ? 4 : 1;
    int check_flags = native_flags_work();
    size_t fi;
    long k;
    gdt_domain n, e;
    gdt_val na, nb, nr, ea, eb, er, w;
    char gf[80], wf[80];

    (void)state;
    for (is_float = 0; is_float < 2; is_float++) {
        for (mi = 0; mi < nmodes; mi++) {
            assert_int_equal(gdt_domain_init_native(&n, is_float
                                                    ? "native-float"
                                                    : "native-double",
                                                    modes[mi]), GDT_OK);
            assert_int_equal(gdt_domain_init_ieee(&e, is_float ? "binary32"
                                                  : "binary64", modes[mi]),
                             GDT_OK);
            e.ops->init(&ea, &e);
            e.ops->init(&eb, &e);
            e.ops->init(&er, &e);
            for (k = 0; k < 20000 / slow && failures < 20; k++) {
                double x = random_double(), y = random_double();

                if (k % 8 == 0)
                    y = -x;
                if (is_float) {
                    na.s = (float)x; /* rounding: any float will do */
                    nb.s = (float)y;
                    if (k % 3 == 0)
                        na.s = f_of_bits((uint32_t)rng());
                    mpfr_set_flt(ea.f, na.s, MPFR_RNDN);
                    mpfr_set_flt(eb.f, nb.s, MPFR_RNDN);
                } else {
                    na.d = x;
                    nb.d = y;
                    mpfr_set_d(ea.f, x, MPFR_RNDN);
                    mpfr_set_d(eb.f, y, MPFR_RNDN);
                }
                for (fi = 0; fi < sizeof fns / sizeof fns[0]; fi++) {
                    n.flags = 0;
                    e.flags = 0;
                    assert_int_equal(n.ops->func(&nr, fns[fi], &na, &nb, &n),
                                     GDT_OK);
                    assert_int_equal(e.ops->func(&er, fns[fi], &ea, &eb, &e),
                                     GDT_OK);
                    if (is_float)
                        w.s = mpfr_get_flt(er.f, MPFR_RNDN);
                    else
                        w.d = mpfr_get_d(er.f, MPFR_RNDN);
                    if (!n.ops->identical(&nr, &w, &n)
                        || (check_flags && n.flags != e.flags)) {
                        printf("%s wrong: %s (%s)\n", gdt_func_name(fns[fi]),
                               n.name, mpfr_print_rnd_mode(n.rnd));
                        printf("  x    %a\n  y    %a\n",
                               is_float ? (double)na.s : na.d,
                               is_float ? (double)nb.s : nb.d);
                        mpfr_printf("  got  %a flags %s\n  want %Ra flags %s\n",
                                    is_float ? (double)nr.s : nr.d,
                                    flags_str(gf, sizeof gf, n.flags), er.f,
                                    flags_str(wf, sizeof wf, e.flags));
                        failures++;
                    }
                }
            }
            e.ops->clear(&ea, &e);
            e.ops->clear(&eb, &e);
            e.ops->clear(&er, &e);
            gdt_domain_clear(&n);
            gdt_domain_clear(&e);
        }
    }
    check_failures();
}

/* The other functions are the C library's, called as native code calls
   them (round to nearest): the same bits as calling it here. */
static double
c_func_d(gdt_func fn, double a)
{
    volatile double x = a, e;

    switch (fn) {
    case GDT_FN_EXP: return exp(x);
    case GDT_FN_LOG: return log(x);
    case GDT_FN_SIN: return sin(x);
    case GDT_FN_COS: return cos(x);
    case GDT_FN_TAN: return tan(x);
    case GDT_FN_TANH: return tanh(x);
    case GDT_FN_SIGMOID:
        e = exp(-x);
        e = 1.0 + e;
        return 1.0 / e;
    default: return 0;
    }
}

static float
c_func_f(gdt_func fn, float a)
{
    volatile float x = a, e;

    switch (fn) {
    case GDT_FN_EXP: return expf(x);
    case GDT_FN_LOG: return logf(x);
    case GDT_FN_SIN: return sinf(x);
    case GDT_FN_COS: return cosf(x);
    case GDT_FN_TAN: return tanf(x);
    case GDT_FN_TANH: return tanhf(x);
    case GDT_FN_SIGMOID:
        e = expf(-x);
        e = 1.0f + e;
        return 1.0f / e;
    default: return 0;
    }
}

static void
test_native_libm(void **state)
{
    static const gdt_func fns[] = {GDT_FN_EXP, GDT_FN_LOG, GDT_FN_SIN,
                                   GDT_FN_COS, GDT_FN_TAN, GDT_FN_TANH,
                                   GDT_FN_SIGMOID};
    int is_float;
    size_t fi;
    long k;
    gdt_domain n;
    gdt_val a, r, w;

    (void)state;
    for (is_float = 0; is_float < 2; is_float++) {
        assert_int_equal(gdt_domain_init_native(&n, is_float ? "native-float"
                                                : "native-double", MPFR_RNDN),
                         GDT_OK);
        for (k = 0; k < 5000 / slow && failures < 20; k++) {
            double x = random_double();

            if (is_float)
                a.s = (float)x;
            else
                a.d = x;
            for (fi = 0; fi < sizeof fns / sizeof fns[0]; fi++) {
                n.flags = 0;
                assert_int_equal(n.ops->func(&r, fns[fi], &a, NULL, &n),
                                 GDT_OK);
                if (is_float)
                    w.s = c_func_f(fns[fi], a.s);
                else
                    w.d = c_func_d(fns[fi], a.d);
                if (!n.ops->identical(&r, &w, &n)) {
                    printf("%s wrong: %s\n  x    %a\n  got  %a\n  want %a\n",
                           gdt_func_name(fns[fi]), n.name,
                           is_float ? (double)a.s : a.d,
                           is_float ? (double)r.s : r.d,
                           is_float ? (double)w.s : w.d);
                    failures++;
                }
            }
        }
        /* the IEEE special values, and sigmoid's ends */
        a.d = 0.0;
        a.s = 0.0f;
        assert_int_equal(n.ops->func(&r, GDT_FN_SIGMOID, &a, NULL, &n), GDT_OK);
        assert_true(is_float ? r.s == 0.5f : r.d == 0.5);
        if (is_float)
            a.s = -INFINITY;
        else
            a.d = -INFINITY;
        n.flags = 0;
        assert_int_equal(n.ops->func(&r, GDT_FN_LOG, &a, NULL, &n), GDT_OK);
        assert_true(n.ops->is_nan(&r, &n));
        assert_int_equal(n.ops->func(&r, GDT_FN_SIGMOID, &a, NULL, &n), GDT_OK);
        assert_true(n.ops->is_zero(&r, &n));
        if (is_float)
            a.s = -0.0f;
        else
            a.d = -0.0;
        assert_int_equal(n.ops->func(&r, GDT_FN_LOG, &a, NULL, &n), GDT_OK);
        assert_true(n.ops->is_inf(&r, &n));
        if (native_flags_work())
            assert_int_equal(n.flags, GDT_FLAG_NAN | GDT_FLAG_DIVBYZERO);
        gdt_domain_clear(&n);
    }
    check_failures();
}

/* ------------------------------------------------------ exact and ints */

typedef struct qcase {
    gdt_func fn;
    const char *x, *y;
    gdt_status st;
    const char *want; /* exact value when st is GDT_OK */
} qcase;

static const qcase exact_cases[] = {
    /* the new functions: rational at 0 only, pow where the root is, relu
       and huber always, softplus never */
    {GDT_FN_COSH, "0", NULL, GDT_OK, "1"},
    {GDT_FN_SINH, "0", NULL, GDT_OK, "0"},
    {GDT_FN_ATAN, "0", NULL, GDT_OK, "0"},
    {GDT_FN_ASINH, "0", NULL, GDT_OK, "0"},
    {GDT_FN_LOG1P, "0", NULL, GDT_OK, "0"},
    {GDT_FN_EXPM1, "0", NULL, GDT_OK, "0"},
    {GDT_FN_ERF, "0", NULL, GDT_OK, "0"},
    {GDT_FN_LOGCOSH, "0", NULL, GDT_OK, "0"},
    {GDT_FN_COSH, "1", NULL, GDT_EINEXACT, NULL},
    {GDT_FN_ERF, "1/2", NULL, GDT_EINEXACT, NULL},
    {GDT_FN_LOG1P, "-1", NULL, GDT_EDOMAIN, NULL},
    {GDT_FN_LOG1P, "1", NULL, GDT_EINEXACT, NULL},
    {GDT_FN_SOFTPLUS, "0", NULL, GDT_EINEXACT, NULL},
    {GDT_FN_RELU, "-3/2", NULL, GDT_OK, "0"},
    {GDT_FN_RELU, "3/2", NULL, GDT_OK, "3/2"},
    {GDT_FN_POW, "4/9", "3/2", GDT_OK, "8/27"},
    {GDT_FN_POW, "4/9", "-1/2", GDT_OK, "3/2"},
    {GDT_FN_POW, "2", "1/2", GDT_EINEXACT, NULL},
    {GDT_FN_POW, "-8", "1/3", GDT_EDOMAIN, NULL},
    {GDT_FN_POW, "-2", "3", GDT_OK, "-8"},
    {GDT_FN_POW, "0", "-1/2", GDT_EDIVZERO, NULL},
    {GDT_FN_POW, "0", "1/2", GDT_OK, "0"},
    {GDT_FN_POW, "0", "0", GDT_OK, "1"},
    {GDT_FN_POW, "1", "1/12345678901234567890123", GDT_OK, "1"},
    {GDT_FN_POW, "3", "1/12345678901234567890123", GDT_EINEXACT, NULL},
    {GDT_FN_HUBER, "1/2", "1", GDT_OK, "1/8"},
    {GDT_FN_HUBER, "-3", "1", GDT_OK, "5/2"},
    {GDT_FN_HUBER, "1", "1", GDT_OK, "1/2"},
    {GDT_FN_SQRT, "9/4", NULL, GDT_OK, "3/2"},
    {GDT_FN_SQRT, "0", NULL, GDT_OK, "0"},
    {GDT_FN_SQRT, "1", NULL, GDT_OK, "1"},
    {GDT_FN_SQRT, "1e-100", NULL, GDT_OK, "1e-50"},
    {GDT_FN_SQRT, "152415787532388367501905199875019052100", NULL, GDT_OK,
     "12345678901234567890"},
    {GDT_FN_SQRT, "2", NULL, GDT_EINEXACT, NULL},
    {GDT_FN_SQRT, "9/2", NULL, GDT_EINEXACT, NULL},
    {GDT_FN_SQRT, "2/9", NULL, GDT_EINEXACT, NULL},
    {GDT_FN_SQRT, "1e-3", NULL, GDT_EINEXACT, NULL},
    {GDT_FN_SQRT, "-4", NULL, GDT_EDOMAIN, NULL},
    {GDT_FN_SQRT, "-1/4", NULL, GDT_EDOMAIN, NULL},
    {GDT_FN_EXP, "0", NULL, GDT_OK, "1"},
    {GDT_FN_EXP, "1", NULL, GDT_EINEXACT, NULL},
    {GDT_FN_EXP, "-1/2", NULL, GDT_EINEXACT, NULL},
    {GDT_FN_LOG, "1", NULL, GDT_OK, "0"},
    {GDT_FN_LOG, "2", NULL, GDT_EINEXACT, NULL},
    {GDT_FN_LOG, "1/2", NULL, GDT_EINEXACT, NULL},
    {GDT_FN_LOG, "0", NULL, GDT_EDOMAIN, NULL},
    {GDT_FN_LOG, "-1", NULL, GDT_EDOMAIN, NULL},
    {GDT_FN_SIN, "0", NULL, GDT_OK, "0"},
    {GDT_FN_SIN, "1", NULL, GDT_EINEXACT, NULL},
    {GDT_FN_COS, "0", NULL, GDT_OK, "1"},
    {GDT_FN_COS, "-3", NULL, GDT_EINEXACT, NULL},
    {GDT_FN_TAN, "0", NULL, GDT_OK, "0"},
    {GDT_FN_TAN, "1/3", NULL, GDT_EINEXACT, NULL},
    {GDT_FN_TANH, "0", NULL, GDT_OK, "0"},
    {GDT_FN_TANH, "7", NULL, GDT_EINEXACT, NULL},
    {GDT_FN_SIGMOID, "0", NULL, GDT_OK, "1/2"},
    {GDT_FN_SIGMOID, "1", NULL, GDT_EINEXACT, NULL},
    {GDT_FN_ABS, "-7/3", NULL, GDT_OK, "7/3"},
    {GDT_FN_ABS, "-5", NULL, GDT_OK, "5"},
    {GDT_FN_ABS, "5", NULL, GDT_OK, "5"},
    {GDT_FN_ABS, "0", NULL, GDT_OK, "0"},
    {GDT_FN_MIN, "1/3", "0.3", GDT_OK, "0.3"},
    {GDT_FN_MIN, "-1/3", "0.3", GDT_OK, "-1/3"},
    {GDT_FN_MAX, "1/3", "0.3", GDT_OK, "1/3"},
    {GDT_FN_MAX, "-2", "-3", GDT_OK, "-2"},
    {GDT_FN_MIN, "4", "4", GDT_OK, "4"},
};

/* the exact domain's value, exactly as text */
static void
exact_text(char *s, size_t size, const mpq_t q)
{
    gdt_buf b;

    gdt_buf_init(&b);
    assert_int_equal(gdt_q_get_str(&b, q), GDT_OK);
    snprintf(s, size, "%s", b.s);
    gdt_buf_clear(&b);
}

static void
test_exact_cases(void **state)
{
    size_t i;
    gdt_domain d;
    gdt_val a, b, r;
    mpq_t w;
    gdt_status st;
    const qcase *c;
    char got[128], want[128];

    (void)state;
    gdt_domain_init_exact(&d);
    d.ops->init(&a, &d);
    d.ops->init(&b, &d);
    d.ops->init(&r, &d);
    mpq_init(w);
    for (i = 0; i < sizeof exact_cases / sizeof exact_cases[0]; i++) {
        c = &exact_cases[i];
        q_of(a.q, c->x);
        if (c->y != NULL)
            q_of(b.q, c->y);
        mpq_set_si(r.q, 12345, 1);
        st = d.ops->func(&r, c->fn, &a, c->y ? &b : NULL, &d);
        if (st != c->st) {
            printf("exact %s(%s) wrong\n  got  status %s\n  want status %s\n",
                   gdt_func_name(c->fn), c->x, gdt_status_str(st),
                   gdt_status_str(c->st));
            failures++;
            continue;
        }
        if (st != GDT_OK)
            continue;
        q_of(w, c->want);
        /* canonical: the integer fast path relies on a denominator 1 */
        if (!mpq_equal(r.q, w)
            || mpz_cmp(mpq_denref(r.q), mpq_denref(w)) != 0) {
            exact_text(got, sizeof got, r.q);
            exact_text(want, sizeof want, w);
            printf("exact %s(%s%s%s) wrong\n  got  %s\n  want %s\n",
                   gdt_func_name(c->fn), c->x, c->y ? ", " : "",
                   c->y ? c->y : "", got, want);
            failures++;
        }
    }
    /* in place */
    q_of(a.q, "49/25");
    assert_int_equal(d.ops->func(&a, GDT_FN_SQRT, &a, NULL, &d), GDT_OK);
    q_of(w, "7/5");
    assert_true(mpq_equal(a.q, w));
    assert_int_equal(d.flags, 0);
    mpq_clear(w);
    d.ops->clear(&a, &d);
    d.ops->clear(&b, &d);
    d.ops->clear(&r, &d);
    gdt_domain_clear(&d);
    check_failures();
}

typedef struct icase {
    const char *dom;
    gdt_func fn;
    int64_t x, y;
    gdt_status st;
    int64_t want;
    unsigned flags;
} icase;

static const icase int_cases[] = {
    {"int8", GDT_FN_ABS, -128, 0, GDT_OK, -128, GDT_FLAG_OVERFLOW},
    {"int8", GDT_FN_ABS, -127, 0, GDT_OK, 127, 0},
    {"int8", GDT_FN_ABS, 127, 0, GDT_OK, 127, 0},
    {"int8", GDT_FN_ABS, 0, 0, GDT_OK, 0, 0},
    {"int16", GDT_FN_ABS, -32768, 0, GDT_OK, -32768, GDT_FLAG_OVERFLOW},
    {"int32", GDT_FN_ABS, INT32_MIN, 0, GDT_OK, INT32_MIN, GDT_FLAG_OVERFLOW},
    {"int32", GDT_FN_ABS, -5, 0, GDT_OK, 5, 0},
    {"int64", GDT_FN_ABS, INT64_MIN, 0, GDT_OK, INT64_MIN, GDT_FLAG_OVERFLOW},
    {"int64", GDT_FN_ABS, INT64_MIN + 1, 0, GDT_OK, INT64_MAX, 0},
    {"int64", GDT_FN_MIN, INT64_MIN, INT64_MAX, GDT_OK, INT64_MIN, 0},
    {"int64", GDT_FN_MAX, INT64_MIN, INT64_MAX, GDT_OK, INT64_MAX, 0},
    {"int8", GDT_FN_MIN, 3, -4, GDT_OK, -4, 0},
    {"int8", GDT_FN_MAX, 3, -4, GDT_OK, 3, 0},
    {"int16", GDT_FN_MAX, 7, 7, GDT_OK, 7, 0},
    {"int32", GDT_FN_EXP, 0, 0, GDT_EDOMAIN, 0, 0},
    {"int32", GDT_FN_LOG, 1, 0, GDT_EDOMAIN, 0, 0},
    {"int32", GDT_FN_SQRT, 4, 0, GDT_EDOMAIN, 0, 0},
    {"int32", GDT_FN_SIN, 0, 0, GDT_EDOMAIN, 0, 0},
    {"int32", GDT_FN_COS, 0, 0, GDT_EDOMAIN, 0, 0},
    {"int32", GDT_FN_TAN, 0, 0, GDT_EDOMAIN, 0, 0},
    {"int32", GDT_FN_TANH, 0, 0, GDT_EDOMAIN, 0, 0},
    {"int64", GDT_FN_SIGMOID, 0, 0, GDT_EDOMAIN, 0, 0},
};

static void
test_int_cases(void **state)
{
    size_t i;
    gdt_domain d;
    gdt_val a, b, r;
    gdt_status st;
    const icase *c;

    (void)state;
    for (i = 0; i < sizeof int_cases / sizeof int_cases[0]; i++) {
        c = &int_cases[i];
        assert_int_equal(gdt_domain_init_int(&d, c->dom), GDT_OK);
        a.i = c->x;
        b.i = c->y;
        r.i = 99;
        st = d.ops->func(&r, c->fn, &a, &b, &d);
        if (st != c->st || (st == GDT_OK && (r.i != c->want
                                             || d.flags != c->flags))) {
            printf("%s %s(%" PRId64 ", %" PRId64 ") wrong\n", c->dom,
                   gdt_func_name(c->fn), c->x, c->y);
            printf("  got  %s %" PRId64 " flags %u\n", gdt_status_str(st), r.i,
                   d.flags);
            printf("  want %s %" PRId64 " flags %u\n", gdt_status_str(c->st),
                   c->want, c->flags);
            failures++;
        }
        gdt_domain_clear(&d);
    }
    check_failures();
}

/* ----------------------------------------------------------------- cmp */

typedef struct ccase {
    const char *x, *y;
    int want;
} ccase;

static const ccase cmp_cases[] = {
    {"1", "2", -1}, {"2", "1", 1}, {"3", "3", 0}, {"-0", "0", 0},
    {"0", "-0", 0}, {"-inf", "inf", -1}, {"inf", "inf", 0},
    {"-5", "-inf", 1}, {"nan", "1", 2}, {"1", "nan", 2},
    {"nan", "nan", 2}, {"-0x1p-1074", "0", -1}, {"0x1.8p+0", "1.5", 0},
};

/* the value S in domain D: through set_q, or for the specials through an
   operation (1/0, 0/0 and the negation) */
static void
val_of(gdt_val *x, const char *s, gdt_domain *d)
{
    int neg = s[0] == '-';
    const char *m = s + neg;
    mpq_t q;
    char *end;
    gdt_val z;

    mpq_init(q);
    d->ops->init(&z, d);
    if (strcmp(m, "inf") == 0 || strcmp(m, "nan") == 0) {
        assert_int_equal(d->ops->set_q(x, q, d), GDT_OK);
        mpq_set_ui(q, strcmp(m, "inf") == 0, 1);
        assert_int_equal(d->ops->set_q(&z, q, d), GDT_OK);
        assert_int_equal(d->ops->div(x, &z, x, d), GDT_OK);
    } else if (strncmp(m, "0x", 2) == 0) {
        mpfr_t f;

        mpfr_init2(f, 64);
        mpfr_strtofr(f, m, &end, 16, MPFR_RNDN);
        mpfr_get_q(q, f);
        mpfr_clear(f);
        assert_int_equal(d->ops->set_q(x, q, d), GDT_OK);
    } else {
        q_of(q, m);
        assert_int_equal(d->ops->set_q(x, q, d), GDT_OK);
    }
    if (neg)
        assert_int_equal(d->ops->neg(x, x, d), GDT_OK);
    d->ops->clear(&z, d);
    mpq_clear(q);
}

static void
test_cmp(void **state)
{
    static const char *const doms[] = {"exact", "mpfr", "binary16",
                                       "binary64", "native-double",
                                       "native-float", "int8", "int64"};
    size_t di, i;
    gdt_domain d;
    gdt_val a, b;
    int got, floats, is_int;

    (void)state;
    for (di = 0; di < sizeof doms / sizeof doms[0]; di++) {
        const char *dn = doms[di];

        is_int = strncmp(dn, "int", 3) == 0;
        floats = !is_int && strcmp(dn, "exact") != 0;
        if (strcmp(dn, "exact") == 0)
            gdt_domain_init_exact(&d);
        else if (strcmp(dn, "mpfr") == 0)
            assert_int_equal(gdt_domain_init_mpfr(&d, 64, MPFR_RNDN), GDT_OK);
        else if (strncmp(dn, "native", 6) == 0)
            assert_int_equal(gdt_domain_init_native(&d, dn, MPFR_RNDN), GDT_OK);
        else if (is_int)
            assert_int_equal(gdt_domain_init_int(&d, dn), GDT_OK);
        else
            assert_int_equal(gdt_domain_init_ieee(&d, dn, MPFR_RNDN), GDT_OK);
        d.ops->init(&a, &d);
        d.ops->init(&b, &d);
        for (i = 0; i < sizeof cmp_cases / sizeof cmp_cases[0]; i++) {
            const ccase *c = &cmp_cases[i];

            if (!floats && (strstr(c->x, "inf") || strstr(c->x, "nan")
                            || strstr(c->y, "inf") || strstr(c->y, "nan")
                            || strstr(c->x, "0x") || strstr(c->y, "0x")))
                continue;
            if (is_int && (strchr(c->x, '.') || strchr(c->y, '.')))
                continue;
            if ((strcmp(dn, "binary16") == 0 || strcmp(dn, "native-float") == 0)
                && strstr(c->x, "1074"))
                continue; /* not a number of the format */
            val_of(&a, c->x, &d);
            val_of(&b, c->y, &d);
            got = d.ops->cmp(&a, &b, &d);
            if (got != c->want) {
                printf("cmp(%s, %s) wrong in %s\n  got  %d\n  want %d\n", c->x,
                       c->y, dn, got, c->want);
                failures++;
            }
        }
        d.ops->clear(&a, &d);
        d.ops->clear(&b, &d);
        gdt_domain_clear(&d);
    }
    check_failures();
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_func_names),
        cmocka_unit_test(test_binary64_cases),
        cmocka_unit_test(test_exp_random),
        cmocka_unit_test(test_log_random),
        cmocka_unit_test(test_sqrt_random),
        cmocka_unit_test(test_sin_random),
        cmocka_unit_test(test_cos_random),
        cmocka_unit_test(test_tan_random),
        cmocka_unit_test(test_tanh_random),
        cmocka_unit_test(test_abs_random),
        cmocka_unit_test(test_sigmoid_random),
        cmocka_unit_test(test_cosh_random),
        cmocka_unit_test(test_sinh_random),
        cmocka_unit_test(test_atan_random),
        cmocka_unit_test(test_asinh_random),
        cmocka_unit_test(test_log1p_random),
        cmocka_unit_test(test_expm1_random),
        cmocka_unit_test(test_erf_random),
        cmocka_unit_test(test_relu_random),
        cmocka_unit_test(test_softplus_random),
        cmocka_unit_test(test_logcosh_random),
        cmocka_unit_test(test_pow_random),
        cmocka_unit_test(test_huber_random),
        cmocka_unit_test(test_sigmoid_edges),
        cmocka_unit_test(test_sigmoid_exhaustive16),
        cmocka_unit_test(test_minmax_random),
        cmocka_unit_test(test_native_exact_funcs),
        cmocka_unit_test(test_native_libm),
        cmocka_unit_test(test_exact_cases),
        cmocka_unit_test(test_int_cases),
        cmocka_unit_test(test_cmp),
    };
    int rc;

    if (!native_rounding_works())
        slow = 16; /* valgrind */
    gmp_randinit_default(rstate);
    gmp_randseed_ui(rstate, 20240611);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    gmp_randclear(rstate);
    mpfr_free_cache();
    return rc;
}
