/* num_native -- native-double and native-float: the machine's own arithmetic

   The fast twins of the emulated binary64 and binary32 (num_mpfr.c), equal
   to them bit for bit, values and flags.  + - * / and negation are C's
   operators (the Makefile compiles with -ffp-contract=off, and floats are
   not evaluated in excess precision: FLT_EVAL_METHOD == 0, checked at
   init); fms is fma (-a, b, c), correctly rounded by libm, which gives an
   exact zero the sign IEEE 754 gives c - a*b.  x^n for 3 <= n <= 8
   is computed exactly on integers and rounded once (pow_small.c).  What
   else C does not round once -- the other powers than x^-1, x^0, x^1, x^2,
   and the rounding of an exact rational -- goes through the emulated
   format (gdt_domain.native), and so does printing, so that the text is
   the emulation's to the byte.

   Each arithmetic method sets the domain's rounding direction for the
   time of the operation, clears the exception flags, reads them after it
   into D->flags, and restores the caller's direction and flags (enter and
   leave below).  On x86-64 all of that is SSE's control and status
   register MXCSR, read and written in one instruction each (float and
   double arithmetic and libm's fma are SSE there); elsewhere it is
   <fenv.h>, whose x87 round trips would cost more than the arithmetic on
   x86.  The operands and the result pass through volatile variables so
   that the compiler cannot move the arithmetic out of that window (GCC
   does not honour FENV_ACCESS).  On x86-64 a bracket (n_enter, n_leave:
   gdt_domain_enter) opens one window around a run of methods, the
   evaluation of a program or an update, which then compute in it
   directly; those that run the emulation close it around that.

   binary64 of the mode table (gdt_domain_init_native_ieee, which
   gdt_domain_init_ieee_hw calls) is native-double with the emulation's
   functions but sqrt, abs, min and max: the same values and flags as the
   emulation, where the machine detects tininess after rounding as MPFR
   does (x86-64 does). */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/mode.h"
#include "gdtrace/num.h"
#include "num/fast.h"
#include "num/num-impl.h"
#include "num/shortest.h"

#if defined(__x86_64__) && defined(__SSE2_MATH__)
#include <xmmintrin.h>
#define NATIVE_MXCSR 1
#else
#define NATIVE_MXCSR 0
#endif

/* Does C round float and double operations once, in their own format?
   Not with excess precision (x87). */
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
#define NATIVE_ONE_ROUNDING 1
#else
#define NATIVE_ONE_ROUNDING 0
#endif

/* the native domains store floats in gdt_val.s, doubles in gdt_val.d */
#define IS_FLOAT(d) ((d)->prec == 24)

/* The GDT_FLAG_* of the exceptions whose bits are set in X, where IX, UF,
   OF, IV and DZ are the bits of inexact, underflow, overflow, invalid and
   divide-by-zero. */
#define FLAGS_OF(x, IX, UF, OF, IV, DZ)                                        \
    (((x) & (IX) ? (unsigned)GDT_FLAG_INEXACT : 0u)                            \
     | ((x) & (UF) ? (unsigned)GDT_FLAG_UNDERFLOW : 0u)                        \
     | ((x) & (OF) ? (unsigned)GDT_FLAG_OVERFLOW : 0u)                         \
     | ((x) & (IV) ? (unsigned)GDT_FLAG_NAN : 0u)                              \
     | ((x) & (DZ) ? (unsigned)GDT_FLAG_DIVBYZERO : 0u))

#if NATIVE_MXCSR

/* MXCSR: the sticky exception flags (invalid, denormal operand, divide by
   zero, overflow, underflow, precision), denormals-are-zero, the rounding
   control, flush-to-zero.  DAZ and FTZ are off in the window whatever the
   caller's, as IEEE 754 wants. */
enum {
    CSR_IE = 0x01, CSR_ZE = 0x04, CSR_OE = 0x08, CSR_UE = 0x10,
    CSR_PE = 0x20, CSR_FLAGS = 0x3f, CSR_DAZ = 0x40,
    CSR_RN = 0x0000, CSR_RD = 0x2000, CSR_RU = 0x4000, CSR_RZ = 0x6000,
    CSR_RC = 0x6000, CSR_FTZ = 0x8000
};

/* The caller's MXCSR, saved by enter and put back by leave. */
typedef struct fe_state {
    unsigned csr;
} fe_state;

/* The rounding control of RND; -1 when SSE has none (RNDA). */
static int
round_of(mpfr_rnd_t rnd)
{
    switch (rnd) {
    case MPFR_RNDN: return CSR_RN;
    case MPFR_RNDZ: return CSR_RZ;
    case MPFR_RNDU: return CSR_RU;
    case MPFR_RNDD: return CSR_RD;
    default: return -1;
    }
}

/* The window of D from the caller's CSR: D's rounding direction, no
   DAZ or FTZ, no exception flag raised. */
static unsigned
window(unsigned csr, const gdt_domain *d)
{
    return (csr & ~(unsigned)(CSR_FLAGS | CSR_DAZ | CSR_RC | CSR_FTZ))
        | (unsigned)d->native->round;
}

/* Switch to D's rounding direction with no exception flag raised. */
static void
enter(fe_state *save, const gdt_domain *d)
{
    save->csr = _mm_getcsr();
    _mm_setcsr(window(save->csr, d));
}

/* Restore the caller; return the exceptions raised as GDT_FLAG_*. */
static unsigned
raised(const fe_state *save)
{
    unsigned csr = _mm_getcsr();

    _mm_setcsr(save->csr);
    return FLAGS_OF(csr, CSR_PE, CSR_UE, CSR_OE, CSR_IE, CSR_ZE);
}

#else /* <fenv.h> */

/* The caller's rounding direction and exception flags, saved by enter and
   put back by raised. */
typedef struct fe_state {
    int round;
    fexcept_t flags;
} fe_state;

/* The <fenv.h> direction of RND; -1 when C has none (RNDA). */
static int
round_of(mpfr_rnd_t rnd)
{
    switch (rnd) {
    case MPFR_RNDN: return FE_TONEAREST;
    case MPFR_RNDZ: return FE_TOWARDZERO;
    case MPFR_RNDU: return FE_UPWARD;
    case MPFR_RNDD: return FE_DOWNWARD;
    default: return -1;
    }
}

/* Switch to D's rounding direction with no exception flag raised. */
static void
enter(fe_state *save, const gdt_domain *d)
{
    fegetexceptflag(&save->flags, FE_ALL_EXCEPT);
    feclearexcept(FE_ALL_EXCEPT);
    save->round = fegetround();
    if (save->round != d->native->round)
        fesetround(d->native->round);
}

/* Restore the caller; return the exceptions raised as GDT_FLAG_*. */
static unsigned
raised(const fe_state *save, const gdt_domain *d)
{
    int e = fetestexcept(FE_ALL_EXCEPT);

    if (save->round != d->native->round)
        fesetround(save->round);
    fesetexceptflag(&save->flags, FE_ALL_EXCEPT);
    return FLAGS_OF(e, FE_INEXACT, FE_UNDERFLOW, FE_OVERFLOW, FE_INVALID, FE_DIVBYZERO);
}

#endif

/* Record the exceptions of the operation in D's flags and restore the
   caller.  NAN_IN: an operand was a NaN, so that a NaN result is no
   invalid operation (as the emulation counts it, and whatever fma does
   with 0 * inf + NaN). */
static gdt_status
leave(const fe_state *save, gdt_domain *d, int nan_in)
{
#if NATIVE_MXCSR
    unsigned f = raised(save);
#else
    unsigned f = raised(save, d);
#endif

    if (nan_in)
        f &= ~(unsigned)GDT_FLAG_NAN;
    d->flags |= f;
    return GDT_OK;
}

/* The operations done natively: each rounds once. */
typedef enum nat_op {
    NAT_ADD, NAT_SUB, NAT_MUL, NAT_DIV, NAT_NEG,
    NAT_SQR, /* x * x */
    NAT_INV, /* 1 / x */
    NAT_FMS  /* z - x * y, fused */
} nat_op;

/* OP(a, b, c) in the C type T, rounded once: with QUAL volatile the
   operands pass through volatile variables, so that the compiler neither
   folds the operation at compile time nor moves it out of the rounding
   window of enter and leave.  Without (open_d, open_f), for a window that
   calls to other files open and close (the bracket), the operation cannot
   leave it either.  FMA is fma or fmaf. */
#define DEFINE_EVAL(name, T, FMA, QUAL)                                        \
    static inline T                                                            \
    name(nat_op op, T a, T b, T c)                                             \
    {                                                                          \
        QUAL T x = a, y = b, z = c, r = 0;                                     \
                                                                               \
        switch (op) {                                                          \
        case NAT_ADD: r = x + y; break;                                        \
        case NAT_SUB: r = x - y; break;                                        \
        case NAT_MUL: r = x * y; break;                                        \
        case NAT_DIV: r = x / y; break;                                        \
        case NAT_NEG: r = -x; break;                                           \
        case NAT_SQR: r = x * x; break;                                        \
        case NAT_INV: r = (T)1 / x; break;                                     \
        case NAT_FMS: r = FMA(-x, y, z); break;                                \
        }                                                                      \
        return r;                                                              \
    }

DEFINE_EVAL(eval_d, double, fma, volatile)
DEFINE_EVAL(eval_f, float, fmaf, volatile)
DEFINE_EVAL(open_d, double, fma, )
DEFINE_EVAL(open_f, float, fmaf, )

static int
is_nan_val(const gdt_val *a, const gdt_domain *d)
{
    return (IS_FLOAT(d) ? isnan(a->s) : isnan(a->d)) != 0;
}

/* r = OP(a, b, c) in D's rounding direction, flags into D->flags.  Inside
   a bracket (n_enter) the window is open already and gathers the flags
   until n_leave; an operation on a NaN opens its own window within it, so
   that its invalid flag is dropped as outside. */
static inline gdt_status
arith(gdt_val *r, nat_op op, const gdt_val *a, const gdt_val *b,
      const gdt_val *c, gdt_domain *d)
{
    fe_state save;
    int nan_in = is_nan_val(a, d) || is_nan_val(b, d) || is_nan_val(c, d);

    if (NATIVE_MXCSR && d->inside && !nan_in) {
        if (IS_FLOAT(d))
            r->s = open_f(op, a->s, b->s, c->s);
        else
            r->d = open_d(op, a->d, b->d, c->d);
        return GDT_OK;
    }
    enter(&save, d);
    if (IS_FLOAT(d))
        r->s = eval_f(op, a->s, b->s, c->s);
    else
        r->d = eval_d(op, a->d, b->d, c->d);
    return leave(&save, d, nan_in);
}

#if NATIVE_MXCSR

/* The bracket (gdt_domain_enter): one window, D's direction, around a
   run of methods; its flags go to D->flags at the end.  The caller's
   flags may stay raised in the window when D->flags has them already
   (they add nothing there), and the caller's CSR is written back only
   when it changed: a bracket whose operations raise nothing new costs no
   write (a write to MXCSR costs more than an operation). */
static void
n_enter(gdt_domain *d)
{
    unsigned csr = _mm_getcsr(), win = window(csr, d);

    d->saved_csr = csr;
    if ((csr & ~(unsigned)CSR_FLAGS) != win
        || (FLAGS_OF(csr, CSR_PE, CSR_UE, CSR_OE, CSR_IE, CSR_ZE) & ~d->flags) != 0)
        _mm_setcsr(win);
}

/* The caller's MXCSR back, unless it differs only in flags the window
   raised: those may stay raised, as after C's own operators, and then the
   next bracket of D (whose flags hold them now) writes no MXCSR either.
   Two writes of MXCSR a bracket cost a printed step of W3 a fifth. */
static void
n_leave(gdt_domain *d)
{
    unsigned csr = _mm_getcsr(), saved = d->saved_csr;

    d->flags |= FLAGS_OF(csr, CSR_PE, CSR_UE, CSR_OE, CSR_IE, CSR_ZE);
    if ((csr & ~(unsigned)CSR_FLAGS) != (saved & ~(unsigned)CSR_FLAGS)
        || (saved & ~csr & (unsigned)CSR_FLAGS) != 0)
        _mm_setcsr(saved);
}

#define N_ENTER n_enter
#define N_LEAVE n_leave
#else
#define N_ENTER NULL
#define N_LEAVE NULL
#endif

/* Close the bracket's window for a method that runs other code than C's
   operators (the emulation: MPFR computes estimates in doubles, whose
   flags are not D's), and reopen it after: suspend returns the depth that
   resume puts back. */
static unsigned
suspend(gdt_domain *d)
{
    unsigned depth = d->inside;

#if NATIVE_MXCSR
    if (depth != 0)
        n_leave(d);
#endif
    d->inside = 0;
    return depth;
}

static void
resume(gdt_domain *d, unsigned depth)
{
#if NATIVE_MXCSR
    if (depth != 0)
        n_enter(d);
#endif
    d->inside = depth;
}

/* Exact conversions to and from the emulated format's scratch value; the
   caller's MPFR flags are saved in *SAVE (mpfr_set_d of a NaN raises the
   NaN flag) and put back by from_ieee. */
static void
to_ieee(gdt_domain *d, const gdt_val *a, mpfr_flags_t *save)
{
    mpfr_ptr x = d->native->x.f;

    *save = mpfr_flags_save();
    if (IS_FLOAT(d))
        mpfr_set_flt(x, a->s, MPFR_RNDN);
    else
        mpfr_set_d(x, a->d, MPFR_RNDN);
}

static void
from_ieee(gdt_val *r, gdt_domain *d, const mpfr_flags_t *save)
{
    mpfr_srcptr x = d->native->x.f;

    if (IS_FLOAT(d))
        r->s = mpfr_get_flt(x, MPFR_RNDN);
    else
        r->d = mpfr_get_d(x, MPFR_RNDN);
    mpfr_flags_restore(*save, MPFR_FLAGS_ALL);
}

static void
n_init(gdt_val *x, gdt_domain *d)
{
    if (IS_FLOAT(d))
        x->s = 0.0f;
    else
        x->d = 0.0;
}

static void
n_clear(gdt_val *x, gdt_domain *d)
{
    (void)x;
    (void)d;
}

/* Q rounded by the emulation: the format's range and subnormals in D's
   direction, then converted exactly. */
static gdt_status
n_set_q(gdt_val *r, const mpq_t q, gdt_domain *d)
{
    gdt_domain *e = &d->native->ieee;
    mpfr_flags_t save = mpfr_flags_save();
    gdt_status st;

    e->flags = 0;
    st = e->ops->set_q(&d->native->x, q, e);
    from_ieee(r, d, &save);
    d->flags |= e->flags;
    return st;
}

static gdt_status
n_set(gdt_val *r, const gdt_val *a, gdt_domain *d)
{
    if (IS_FLOAT(d))
        r->s = a->s;
    else
        r->d = a->d;
    return GDT_OK;
}

static gdt_status
n_neg(gdt_val *r, const gdt_val *a, gdt_domain *d)
{
    return arith(r, NAT_NEG, a, a, a, d);
}

/* The methods of two operands that are one C operator OP. */
#define DEFINE_N2(name, OP)                                                    \
    static gdt_status                                                          \
    name(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)        \
    {                                                                          \
        return arith(r, OP, a, b, b, d);                                       \
    }

DEFINE_N2(n_add, NAT_ADD)
DEFINE_N2(n_sub, NAT_SUB)
DEFINE_N2(n_mul, NAT_MUL)
DEFINE_N2(n_div, NAT_DIV)

/* x^0 = 1 (even for NaN, as mpfr_pow_si and C's pow), x^1 = x, x^2 = x*x
   and x^-1 = 1/x round once natively; any other power is the exact power
   rounded once, by pow_small.c for 3 <= n <= 8 and a finite nonzero x, else
   by the emulation (C's pow promises no correct rounding). */
/* R = A^N by gdt_fast_pow (exact arithmetic, no machine flag, at home in
   the window): 1, or 0 when it does not decide A^N. */
static int
pow_fast(gdt_val *r, const gdt_val *a, long n, gdt_domain *d)
{
    double v;

    if (!IS_FLOAT(d))
        return gdt_fast_pow(&r->d, a->d, n, d);
    if (!gdt_fast_pow(&v, a->s, n, d))
        return 0;
    r->s = (float)v; /* exact: a float */
    return 1;
}

static gdt_status
n_pow_si(gdt_val *r, const gdt_val *a, long n, gdt_domain *d)
{
    gdt_domain *e = &d->native->ieee;
    mpfr_flags_t save;
    gdt_status st;

    switch (n) {
    case 0:
        if (IS_FLOAT(d))
            r->s = 1.0f;
        else
            r->d = 1.0;
        return GDT_OK;
    case 1:
        return n_set(r, a, d);
    case 2:
        return arith(r, NAT_SQR, a, a, a, d);
    case -1:
        return arith(r, NAT_INV, a, a, a, d);
    }
    /* now |n| > 2 or n = -2: a small power on integers (pow_small.c),
       exact and rounded once, or the emulation's */
    if (pow_fast(r, a, n, d))
        return GDT_OK;
    to_ieee(d, a, &save);
    e->flags = 0;
    st = e->ops->pow_si(&d->native->x, &d->native->x, n, e);
    from_ieee(r, d, &save);
    d->flags |= e->flags;
    return st;
}

/* r = c - a*b rounded once, as fma (-a, b, c): the negation is exact, and
   an exact zero gets the sign IEEE 754 gives a sum (-0 only rounding down,
   or when (-a)*b and c are both -0), which the emulation's fms gives too. */
static gdt_status
n_fms(gdt_val *r, const gdt_val *c, const gdt_val *a, const gdt_val *b,
      gdt_domain *d)
{
    return arith(r, NAT_FMS, a, b, c, d);
}

static int
n_is_zero(const gdt_val *a, gdt_domain *d)
{
    return IS_FLOAT(d) ? a->s == 0.0f : a->d == 0.0;
}

static int
n_is_nan(const gdt_val *a, gdt_domain *d)
{
    return is_nan_val(a, d);
}

static int
n_is_inf(const gdt_val *a, gdt_domain *d)
{
    /* glibc's isinf is -1 for -inf */
    return (IS_FLOAT(d) ? isinf(a->s) : isinf(a->d)) != 0;
}

static int
n_is_subnormal(const gdt_val *a, gdt_domain *d)
{
    return (IS_FLOAT(d) ? fpclassify(a->s) : fpclassify(a->d)) == FP_SUBNORMAL;
}

/* same bits, or both NaN */
static int
n_identical(const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    if (is_nan_val(a, d) || is_nan_val(b, d))
        return is_nan_val(a, d) && is_nan_val(b, d);
    if (IS_FLOAT(d))
        return memcmp(&a->s, &b->s, sizeof a->s) == 0;
    return memcmp(&a->d, &b->d, sizeof a->d) == 0;
}

static gdt_status
n_get_q(mpq_t r, const gdt_val *a, gdt_domain *d)
{
    double x = IS_FLOAT(d) ? (double)a->s : a->d; /* exact */

    if (!isfinite(x))
        return GDT_EDOMAIN;
    mpq_set_d(r, x);
    return GDT_OK;
}

static int
n_get_fr(mpfr_ptr r, const gdt_val *a, mpfr_rnd_t rnd, gdt_domain *d)
{
    return IS_FLOAT(d) ? mpfr_set_flt(r, a->s, rnd) : mpfr_set_d(r, a->d, rnd);
}

/* the emulation's text of the same value; the shortest directly, with
   the emulation's printer (gdt_shortest) */
static gdt_status
n_get_str(gdt_buf *out, const gdt_val *a, const gdt_numfmt *f, gdt_domain *d)
{
    gdt_domain *e = &d->native->ieee;
    gdt_shortest_fmt sf;
    mpfr_flags_t save;
    gdt_status st;

    /* a shortest text has at most GDT_SHORTEST_DIGITS digits, far below
       the limit of 64 bits (21 digits) and more */
    if (f->kind == GDT_DIGITS_SHORTEST && gdt_shortest_fmt_of(&sf, d))
        return gdt_shortest_put(out, IS_FLOAT(d) ? (double)a->s : a->d, &sf,
                                d->max_bits == 0 || d->max_bits >= 64
                                    ? SIZE_MAX : gdt_text_max_digits(d));
    to_ieee(d, a, &save);
    e->max_bits = d->max_bits;
    st = e->ops->get_str(out, &d->native->x, f, e);
    mpfr_flags_restore(save, MPFR_FLAGS_ALL);
    return st;
}

static size_t
n_str_digits(const gdt_val *a, const gdt_numfmt *f, gdt_domain *d)
{
    gdt_domain *e = &d->native->ieee;
    mpfr_flags_t save;
    size_t n;

    to_ieee(d, a, &save);
    n = e->ops->str_digits(&d->native->x, f, e);
    mpfr_flags_restore(save, MPFR_FLAGS_ALL);
    return n;
}

/* The C library's function FN of A (and B) in the C type T, as native code
   calls it (SUF: the suffix of its functions for T, f for float);
   sigmoid is 1/(1 + exp(-x)) in C, rounded three times; softplus
   log1p(exp(x)) for x <= 0 and x + log1p(exp(-x)) above (two and three
   roundings, no overflow); logcosh log(cosh(x)), as code writes it (two
   roundings; inf past cosh's overflow); huber PyTorch's formula, z = |x|,
   z < d ? 0.5*z*z : d*(z - 0.5*d).  abs, min, max and relu: n_func. */
#define DEFINE_LIBM(name, T, SUF)                                              \
    static T                                                                   \
    name(gdt_func fn, T a, T b)                                                \
    {                                                                          \
        volatile T x = a, y = b, r = 0, e;                                     \
                                                                               \
        switch (fn) {                                                          \
        case GDT_FN_EXP: r = exp##SUF(x); break;                               \
        case GDT_FN_LOG: r = log##SUF(x); break;                               \
        case GDT_FN_SQRT: r = sqrt##SUF(x); break;                             \
        case GDT_FN_SIN: r = sin##SUF(x); break;                               \
        case GDT_FN_COS: r = cos##SUF(x); break;                               \
        case GDT_FN_TAN: r = tan##SUF(x); break;                               \
        case GDT_FN_TANH: r = tanh##SUF(x); break;                             \
        case GDT_FN_COSH: r = cosh##SUF(x); break;                             \
        case GDT_FN_SINH: r = sinh##SUF(x); break;                             \
        case GDT_FN_ATAN: r = atan##SUF(x); break;                             \
        case GDT_FN_ASINH: r = asinh##SUF(x); break;                           \
        case GDT_FN_LOG1P: r = log1p##SUF(x); break;                           \
        case GDT_FN_EXPM1: r = expm1##SUF(x); break;                           \
        case GDT_FN_ERF: r = erf##SUF(x); break;                               \
        case GDT_FN_POW: r = pow##SUF(x, y); break;                            \
        case GDT_FN_SIGMOID:                                                   \
            e = exp##SUF(-x);                                                  \
            e = (T)1 + e;                                                      \
            r = (T)1 / e;                                                      \
            break;                                                             \
        case GDT_FN_SOFTPLUS:                                                  \
            if (x > 0) {                                                       \
                e = exp##SUF(-x);                                              \
                e = log1p##SUF(e);                                             \
                r = x + e;                                                     \
            } else {                                                           \
                e = exp##SUF(x);                                               \
                r = log1p##SUF(e);                                             \
            }                                                                  \
            break;                                                             \
        case GDT_FN_LOGCOSH:                                                   \
            e = cosh##SUF(x);                                                  \
            r = log##SUF(e);                                                   \
            break;                                                             \
        case GDT_FN_HUBER:                                                     \
            e = fabs##SUF(x);                                                  \
            if (e < y) {                                                       \
                r = (T)0.5 * e;                                                \
                r = r * e;                                                     \
            } else {                                                           \
                r = (T)0.5 * y;                                                \
                r = e - r;                                                     \
                r = y * r;                                                     \
            }                                                                  \
            break;                                                             \
        default: break;                                                        \
        }                                                                      \
        return r;                                                              \
    }

DEFINE_LIBM(func_d, double, )
DEFINE_LIBM(func_f, float, f)

/* min (MIN set) or max of A and B in the C type T, neither a NaN; of two
   zeros min is -0 when either is, max +0 when either is.  Quiet
   comparisons: no flag. */
#define DEFINE_MINMAX(name, T)                                                 \
    static T                                                                   \
    name(int min, T a, T b)                                                    \
    {                                                                          \
        if (a == b)                                                            \
            return (signbit(a) != 0) == min ? a : b;                           \
        return (a < b) == min ? a : b;                                         \
    }

DEFINE_MINMAX(minmax_d, double)
DEFINE_MINMAX(minmax_f, float)

/* abs, min and max are exact and raise nothing (min and max return a NaN
   operand, as np.minimum); the others are the C library's, in D's
   rounding direction with its exceptions recorded. */
static gdt_status
n_func(gdt_val *r, gdt_func fn, const gdt_val *a, const gdt_val *b,
       gdt_domain *d)
{
    fe_state save;
    int nan_in = is_nan_val(a, d), min = fn == GDT_FN_MIN;

    switch (fn) {
    case GDT_FN_ABS:
        if (IS_FLOAT(d))
            r->s = fabsf(a->s);
        else
            r->d = fabs(a->d);
        return GDT_OK;
    case GDT_FN_RELU: /* max(0, x): +0 for -0, a NaN for a NaN */
        if (nan_in)
            return n_set(r, a, d);
        if (IS_FLOAT(d))
            r->s = a->s > 0 ? a->s : 0.0f;
        else
            r->d = a->d > 0 ? a->d : 0.0;
        return GDT_OK;
    case GDT_FN_MIN:
    case GDT_FN_MAX:
        if (nan_in || is_nan_val(b, d))
            return n_set(r, nan_in ? a : b, d);
        if (IS_FLOAT(d))
            r->s = minmax_f(min, a->s, b->s);
        else
            r->d = minmax_d(min, a->d, b->d);
        return GDT_OK;
    case GDT_FN_POW:
    case GDT_FN_HUBER:
        nan_in = nan_in || is_nan_val(b, d);
        break;
    case GDT_FN_COUNT:
        return GDT_EVALUE;
    default:
        break;
    }
    enter(&save, d);
    if (IS_FLOAT(d))
        r->s = func_f(fn, a->s, gdt_func_arity(fn) == 2 ? b->s : 0.0f);
    else
        r->d = func_d(fn, a->d, gdt_func_arity(fn) == 2 ? b->d : 0.0);
    return leave(&save, d, nan_in);
}

/* The methods that go through the emulation, with the bracket's window
   closed around them. */
static gdt_status
n_set_q_window(gdt_val *r, const mpq_t q, gdt_domain *d)
{
    unsigned depth = suspend(d);
    gdt_status st = n_set_q(r, q, d);

    resume(d, depth);
    return st;
}

static gdt_status
n_pow_si_window(gdt_val *r, const gdt_val *a, long n, gdt_domain *d)
{
    unsigned depth;
    gdt_status st;

    /* x^0, x^1, x^2 and x^-1 are C's operators, and gdt_fast_pow's
       arithmetic is exact: at home in the window */
    if (d->inside == 0 || (n >= -1 && n <= 2))
        return n_pow_si(r, a, n, d);
    if (pow_fast(r, a, n, d))
        return GDT_OK;
    depth = suspend(d);
    st = n_pow_si(r, a, n, d);
    resume(d, depth);
    return st;
}

static gdt_status
n_get_str_window(gdt_buf *out, const gdt_val *a, const gdt_numfmt *f, gdt_domain *d)
{
    unsigned depth = suspend(d);
    gdt_status st = n_get_str(out, a, f, d);

    resume(d, depth);
    return st;
}

static size_t
n_str_digits_window(const gdt_val *a, const gdt_numfmt *f, gdt_domain *d)
{
    unsigned depth = suspend(d);
    size_t n = n_str_digits(a, f, d);

    resume(d, depth);
    return n;
}

/* binary64 of the mode table (gdt_domain_init_native_ieee): sqrt, abs,
   min, max and relu as native-double (the emulation's bits), the other
   functions the emulation's, correctly rounded as the C library's are
   not; one operand each. */
static gdt_status
n_func_ieee(gdt_val *r, gdt_func fn, const gdt_val *a, const gdt_val *b,
            gdt_domain *d)
{
    gdt_domain *e = &d->native->ieee;
    gdt_val *x = &d->native->x;
    mpfr_flags_t save;
    unsigned depth;
    gdt_status st;

    if (fn == GDT_FN_SQRT || fn == GDT_FN_ABS || fn == GDT_FN_MIN || fn == GDT_FN_MAX
        || fn == GDT_FN_RELU)
        return n_func(r, fn, a, b, d);
    depth = suspend(d);
    to_ieee(d, a, &save);
    e->flags = 0;
    if (gdt_func_arity(fn) == 2) {
        /* the second operand, exact at binary64's precision */
        gdt_val y;
        e->ops->init(&y, e);
        mpfr_set_d(y.f, b->d, MPFR_RNDN);
        st = e->ops->func(x, fn, x, &y, e);
        e->ops->clear(&y, e);
    } else {
        st = e->ops->func(x, fn, x, x, e);
    }
    from_ieee(r, d, &save);
    d->flags |= e->flags;
    resume(d, depth);
    return st;
}

static int
n_cmp(const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    if (is_nan_val(a, d) || is_nan_val(b, d))
        return 2;
    if (IS_FLOAT(d))
        return (a->s > b->s) - (a->s < b->s);
    return (a->d > b->d) - (a->d < b->d);
}

static const gdt_domain_ops native_ops = {
    .kind = "native",
    .init = n_init, .clear = n_clear,
    .set_q = n_set_q_window, .set = n_set, .neg = n_neg,
    .add = n_add, .sub = n_sub, .mul = n_mul, .div = n_div,
    .pow_si = n_pow_si_window, .fms = n_fms,
    .is_zero = n_is_zero, .is_nan = n_is_nan,
    .is_inf = n_is_inf, .is_subnormal = n_is_subnormal,
    .identical = n_identical, .cmp = n_cmp,
    .get_q = n_get_q, .get_fr = n_get_fr,
    .get_str = n_get_str_window, .str_digits = n_str_digits_window,
    .func = n_func,
    .enter = N_ENTER, .leave = N_LEAVE,
    .exact = 0, .has_div = 1,
    .funcs = GDT_FUNCS_ALL,
};

/* C's operators in the bracket's window (fast.h): only with MXCSR */
gdt_fast_kind
gdt_native_fast_kind(const gdt_domain *d)
{
    const gdt_domain_ops *o = d->ops;

    if (!NATIVE_MXCSR || o->add != n_add || o->sub != n_sub || o->mul != n_mul
        || o->div != n_div || o->neg != n_neg || o->fms != n_fms
        || o->pow_si != n_pow_si_window || o->enter != N_ENTER)
        return GDT_FAST_NONE;
    return IS_FLOAT(d) ? GDT_FAST_FLOAT : GDT_FAST_DOUBLE;
}

void
gdt_native_free(struct gdt_native *n)
{
    if (n == NULL)
        return;
    n->ieee.ops->clear(&n->x, &n->ieee);
    gdt_domain_clear(&n->ieee);
    free(n);
}

gdt_status
gdt_domain_init_native(gdt_domain *d, const char *name, mpfr_rnd_t rnd)
{
    const gdt_mode *m = gdt_mode_find(name);
    struct gdt_native *n;
    int round = round_of(rnd);

    gdt_domain_empty(d);
    if (!NATIVE_ONE_ROUNDING || m == NULL || m->cls != GDT_MODE_NATIVE || round < 0)
        return GDT_EVALUE;
    n = malloc(sizeof *n);
    if (n == NULL)
        return GDT_ENOMEM;
    if (gdt_domain_init_ieee(&n->ieee, m->format, rnd) != GDT_OK) {
        free(n);
        return GDT_EVALUE; /* not reached */
    }
    n->ieee.ops->init(&n->x, &n->ieee);
    n->round = round;
    d->ops = &native_ops;
    d->name = m->name;
    d->prec = n->ieee.prec;
    d->rnd = rnd;
    d->emin = n->ieee.emin;
    d->emax = n->ieee.emax;
    d->subnormal = 1;
    d->flags = 0;
    d->max_bits = 0;
    gdt_domain_scratch_init(d, d->prec);
    d->native = n;
    return GDT_OK;
}

/* Does the machine detect tininess after rounding, as the emulation
   reports underflow (num_mpfr.c)?  IEEE 754 lets it detect it before
   rounding instead; the two differ only for a result that rounds to the
   least normal number from below, which takes rounding to nearest, up
   from a positive number or down from a negative one: the product
   2^-1022 (1 - 2^-54), rounded to nearest to 2^-1022, is tiny only before
   rounding.  x86-64's SSE detects it after; this asks the machine. */
static int
tiny_after_rounding(void)
{
    volatile double a = 0x1.0000002p+0, b = 0x1.ffffffcp-1023, r;
    fexcept_t flags;
    int round = fegetround(), tiny;

    fegetexceptflag(&flags, FE_ALL_EXCEPT);
    fesetround(FE_TONEAREST);
    feclearexcept(FE_UNDERFLOW);
    r = a * b;
    (void)r;
    tiny = fetestexcept(FE_UNDERFLOW) != 0;
    fesetround(round);
    fesetexceptflag(&flags, FE_ALL_EXCEPT);
    return !tiny;
}

gdt_status
gdt_domain_init_native_ieee(gdt_domain *d, const char *name, mpfr_rnd_t rnd)
{
    const gdt_mode *m = gdt_mode_find(name);
    struct gdt_native *n;
    gdt_status st;

    gdt_domain_empty(d);
    if (m == NULL || m->cls != GDT_MODE_IEEE || m->prec != 53
        || (rnd != MPFR_RNDZ && !tiny_after_rounding()))
        return GDT_EVALUE;
    st = gdt_domain_init_native(d, "native-double", rnd);
    if (st != GDT_OK)
        return st;
    /* native-double's methods but func, in a table of the domain's own
       that says what it computes: binary64 */
    n = d->native;
    n->ops = *d->ops;
    n->ops.kind = "ieee-hw";
    n->ops.func = n_func_ieee;
    d->ops = &n->ops;
    d->name = m->name;
    return GDT_OK;
}
