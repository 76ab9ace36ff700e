/* num_mpfr -- the MPFR domain and the IEEE 754 binary formats emulated on it

   Every arithmetic method is one correctly rounded MPFR call at D->prec bits
   in direction D->rnd (x^n for 2 <= n <= 8 of a value that is a double, at
   most 53 bits, is pow_small.c's: the same result and flags).  A domain's exponent range and subnormals are data
   (D->emin, D->emax, D->subnormal): MPFR's exponent range is global state,
   so each method sets the domain's range, computes, and restores the
   caller's range and flags (enter/leave below), or, inside a bracket
   (f_enter, f_leave: gdt_domain_enter), only computes and records.  With subnormals the result
   is rounded as the MPFR manual's mpfr_subnormalize example does: the
   ternary value of the operation is passed on so that no double rounding
   happens.  The elementary functions are MPFR's, correctly rounded, except
   sigmoid, softplus and logcosh, which MPFR lacks: Ziv's strategy on
   directed bounds (ziv, f_widest). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "gdtrace/mode.h"
#include "gdtrace/num.h"
#include "num/fast.h"
#include "num/num-impl.h"
#include "num/pow_small.h"
#include "num/shortest.h"

#define LOG10_2 0.30102999566398120
#define POLL_PREC ((mpfr_prec_t)1 << 20)
#define LOG2_5 2.3219280948873623

/* The caller's MPFR state, saved by enter and put back by leave. */
typedef struct mpfr_state {
    mpfr_exp_t emin, emax;
    mpfr_flags_t flags;
} mpfr_state;

/* The flags that record reads, and that must be clear before an
   operation for it. */
#define FLAGS_READ                                                             \
    (MPFR_FLAGS_UNDERFLOW | MPFR_FLAGS_OVERFLOW | MPFR_FLAGS_NAN                \
     | MPFR_FLAGS_DIVBY0)

/* Switch MPFR to D's exponent range with none of the flags MASK set. */
static void
enter_clear(mpfr_state *save, const gdt_domain *d, mpfr_flags_t mask)
{
    save->emin = mpfr_get_emin();
    save->emax = mpfr_get_emax();
    save->flags = mpfr_flags_save();
    if (save->emin != d->emin)
        mpfr_set_emin(d->emin);
    if (save->emax != d->emax)
        mpfr_set_emax(d->emax);
    if (save->flags & mask)
        mpfr_flags_clear(mask);
}

/* Switch MPFR to D's exponent range with no flag set. */
static void
enter(mpfr_state *save, const gdt_domain *d)
{
    enter_clear(save, d, MPFR_FLAGS_ALL);
}

static void
restore(const mpfr_state *save, const gdt_domain *d)
{
    if (save->emin != d->emin)
        mpfr_set_emin(save->emin);
    if (save->emax != d->emax)
        mpfr_set_emax(save->emax);
    mpfr_flags_restore(save->flags, MPFR_FLAGS_ALL);
}

/* Finish an operation whose MPFR call returned ternary T into R, in D's
   range with no flag set before it: round to the format (subnormals) and
   record the flags in D.  NAN_IN: an operand was a NaN, so that a NaN
   result is no invalid operation (IEEE 754 raises nothing for a quiet NaN
   passing through). */
static void
record(mpfr_ptr r, int t, gdt_domain *d, int nan_in)
{
    t = mpfr_check_range(r, t, d->rnd);
    if (d->subnormal)
        t = mpfr_subnormalize(r, t, d->rnd);
    if (t != 0)
        d->flags |= GDT_FLAG_INEXACT;
    /* IEEE 754 default handling: underflow only when tiny and inexact */
    if (t != 0 && mpfr_underflow_p())
        d->flags |= GDT_FLAG_UNDERFLOW;
    if (mpfr_overflow_p())
        d->flags |= GDT_FLAG_OVERFLOW;
    if (mpfr_nanflag_p() && !nan_in)
        d->flags |= GDT_FLAG_NAN;
    if (mpfr_divby0_p())
        d->flags |= GDT_FLAG_DIVBYZERO;
}

/* record, then restore the caller saved in SAVE by enter */
static gdt_status
leave(mpfr_state *save, gdt_val *r, int t, gdt_domain *d, int nan_in)
{
    record(r->f, t, d, nan_in);
    restore(save, d);
    return GDT_OK;
}

/* The bracket (gdt_domain_enter): enter and restore once around a run of
   methods, which then skip their own (f_done).  Only the flags that
   record reads are cleared: inexact is T's, and erange nobody's. */
static void
f_enter(gdt_domain *d)
{
    mpfr_state save;

    enter_clear(&save, d, FLAGS_READ);
    d->saved_emin = save.emin;
    d->saved_emax = save.emax;
    d->saved_flags = save.flags;
}

static void
f_leave(gdt_domain *d)
{
    mpfr_state save = { d->saved_emin, d->saved_emax, d->saved_flags };

    restore(&save, d);
}

/* Finish an operation as leave does, inside a bracket, where D's range is
   in force and every operation leaves the flags that record reads clear
   (FLAGS_READ): gdt_mpfr_done (fast.h), which counts only T for a result
   well inside the range, without a call to MPFR. */
void
gdt_mpfr_record(mpfr_ptr r, int t, gdt_domain *d, int nan_in)
{
    record(r, t, d, nan_in);
    mpfr_flags_clear(FLAGS_READ);
}

static gdt_status
f_done(gdt_val *r, int t, gdt_domain *d, int nan_in)
{
    gdt_mpfr_done(r->f, t, d, nan_in);
    return GDT_OK;
}

#define NAN1(x) mpfr_nan_p((x)->f)

static void
f_init(gdt_val *x, gdt_domain *d)
{
    mpfr_init2(x->f, d->prec);
    mpfr_set_zero(x->f, 1);
}

static void
f_clear(gdt_val *x, gdt_domain *d)
{
    (void)d;
    mpfr_clear(x->f);
}

static gdt_status
f_set_q(gdt_val *r, const mpq_t q, gdt_domain *d)
{
    mpfr_state save;
    int t;

    enter(&save, d);
    t = mpfr_set_q(r->f, q, d->rnd);
    return leave(&save, r, t, d, 0);
}

/* The methods that are one MPFR function OP of one (DEFINE_F1) or two
   (DEFINE_F2) operands, rounded once in D's range. */
#define DEFINE_F1(name, OP)                                                    \
    static gdt_status                                                          \
    name(gdt_val *r, const gdt_val *a, gdt_domain *d)                          \
    {                                                                          \
        mpfr_state save;                                                       \
        int nan_in = NAN1(a);                                                  \
        int t;                                                                 \
                                                                               \
        if (d->inside)                                                         \
            return f_done(r, OP(r->f, a->f, d->rnd), d, nan_in);               \
        enter(&save, d);                                                       \
        t = OP(r->f, a->f, d->rnd);                                            \
        return leave(&save, r, t, d, nan_in);                                  \
    }

#define DEFINE_F2(name, OP)                                                    \
    static gdt_status                                                          \
    name(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)        \
    {                                                                          \
        mpfr_state save;                                                       \
        int nan_in = NAN1(a) || NAN1(b);                                       \
        int t;                                                                 \
                                                                               \
        if (d->inside)                                                         \
            return f_done(r, OP(r->f, a->f, b->f, d->rnd), d, nan_in);         \
        enter(&save, d);                                                       \
        t = OP(r->f, a->f, b->f, d->rnd);                                      \
        return leave(&save, r, t, d, nan_in);                                  \
    }

DEFINE_F1(f_set, mpfr_set)
DEFINE_F1(f_neg, mpfr_neg)
DEFINE_F2(f_add, mpfr_add)
DEFINE_F2(f_sub, mpfr_sub)
DEFINE_F2(f_mul, mpfr_mul)
DEFINE_F2(f_div, mpfr_div)

static gdt_status
f_pow_si(gdt_val *r, const gdt_val *a, long n, gdt_domain *d)
{
    mpfr_state save;
    int nan_in = NAN1(a);
    int t;

    /* a small power of a double on integers (pow_small.c): a value of at
       most 53 bits is a double when its exponent is a normal double's, or
       in a range with subnormals that ends where the doubles' does */
    if (d->prec <= 53 && mpfr_regular_p(a->f)
        && ((mpfr_get_exp(a->f) >= -1021 && mpfr_get_exp(a->f) <= 1024)
            || (d->subnormal && d->emin >= -1073 && d->emax <= 1024))) {
        double v;

        if (gdt_pow_small(&v, &d->flags, mpfr_get_d(a->f, MPFR_RNDN), n,
                          (int)d->prec, (long)d->emin, (long)d->emax,
                          d->subnormal, d->rnd)) {
            mpfr_set_d(r->f, v, MPFR_RNDN); /* exact */
            return GDT_OK;
        }
    }
    enter(&save, d);
    t = mpfr_pow_si(r->f, a->f, n, d->rnd);
    return leave(&save, r, t, d, nan_in);
}

/* r = c - a*b rounded once, as (-a)*b + c: the negation is exact, and
   mpfr_fma gives the sign of an exact zero as IEEE 754 does for c - a*b in
   every rounding direction (negating a*b - c would not). */
static gdt_status
f_fms(gdt_val *r, const gdt_val *c, const gdt_val *a, const gdt_val *b,
      gdt_domain *d)
{
    mpfr_state save;
    int nan_in = NAN1(a) || NAN1(b) || NAN1(c);
    int t;

    if (!d->inside)
        enter(&save, d);
    mpfr_neg(d->tf, a->f, MPFR_RNDN);
    t = mpfr_fma(r->f, d->tf, b->f, c->f, d->rnd);
    if (d->inside)
        return f_done(r, t, d, nan_in);
    return leave(&save, r, t, d, nan_in);
}

static int
f_is_zero(const gdt_val *a, gdt_domain *d)
{
    (void)d;
    return mpfr_zero_p(a->f);
}

static int
f_is_nan(const gdt_val *a, gdt_domain *d)
{
    (void)d;
    return mpfr_nan_p(a->f);
}

static int
f_is_inf(const gdt_val *a, gdt_domain *d)
{
    (void)d;
    return mpfr_inf_p(a->f);
}

/* Subnormal: nonzero, and below the format's least normal number, whose
   MPFR exponent is EMIN + PREC - 1 (see mpfr_subnormalize). */
static int
f_is_subnormal(const gdt_val *a, gdt_domain *d)
{
    return d->subnormal && mpfr_regular_p(a->f)
        && mpfr_get_exp(a->f) < d->emin + d->prec - 1;
}

static int
f_identical(const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    (void)d;
    if (mpfr_nan_p(a->f) || mpfr_nan_p(b->f))
        return mpfr_nan_p(a->f) && mpfr_nan_p(b->f);
    return mpfr_equal_p(a->f, b->f)
        && (mpfr_signbit(a->f) != 0) == (mpfr_signbit(b->f) != 0);
}

static gdt_status
f_get_q(mpq_t r, const gdt_val *a, gdt_domain *d)
{
    (void)d;
    if (!mpfr_number_p(a->f))
        return GDT_EDOMAIN;
    mpfr_get_q(r, a->f);
    return GDT_OK;
}

static int
f_get_fr(mpfr_ptr r, const gdt_val *a, mpfr_rnd_t rnd, gdt_domain *d)
{
    (void)d;
    return mpfr_set(r, a->f, rnd);
}

/* Append "inf", "-inf" or "nan" for a non-finite X; 0 when X is finite. */
static int
put_special(gdt_buf *out, mpfr_srcptr x, gdt_status *st)
{
    if (mpfr_nan_p(x))
        *st = gdt_buf_puts(out, "nan");
    else if (mpfr_inf_p(x))
        *st = gdt_buf_puts(out, mpfr_signbit(x) ? "-inf" : "inf");
    else
        return 0;
    return 1;
}

/* Write the N significant digits of X rounded in direction RND into D->tb
   as mpfr_get_str does ("[-]DDD", the point before the first digit); store
   the exponent in *EXP. */
static gdt_status
get_digits(gdt_domain *d, mpfr_exp_t *exp, size_t n, mpfr_srcptr x,
           mpfr_rnd_t rnd)
{
    /* mpfr_get_str wants max(n + 2, 7) bytes; keep room for "e%ld" */
    gdt_status st = gdt_buf_reserve(&d->tb, n + 32);

    if (st != GDT_OK)
        return st;
    mpfr_get_str(d->tb.s, exp, 10, n, x, rnd);
    d->tb.len = strlen(d->tb.s);
    return GDT_OK;
}

/* Do the N digits of X in direction RND read back to X (rounded to nearest
   into D; D's range is in force)?  -1 on allocation failure.  D->tf holds
   the value read back. */
static int
reads_back(gdt_domain *d, size_t n, mpfr_srcptr x, mpfr_rnd_t rnd)
{
    mpfr_exp_t e;
    int t;

    if (get_digits(d, &e, n, x, rnd) != GDT_OK)
        return -1;
    /* "[-]DDD" is the integer DDD times 10^(e - n) */
    sprintf(d->tb.s + d->tb.len, "e%ld", (long)(e - (mpfr_exp_t)n));
    t = mpfr_strtofr(d->tf, d->tb.s, NULL, 10, MPFR_RNDN);
    t = mpfr_check_range(d->tf, t, MPFR_RNDN);
    if (d->subnormal)
        mpfr_subnormalize(d->tf, t, MPFR_RNDN);
    return mpfr_equal_p(d->tf, x);
}

/* Which of the two N-digit decimals around X reads back to X, the nearer
   first: its direction in *RND, 1; 0 when none does; -1 on failure.  When
   the nearer one reads back below X it is the one below, and the other one
   is above (and conversely): two conversions at most. */
static int
shortest_try(gdt_domain *d, size_t n, mpfr_srcptr x, mpfr_rnd_t *rnd)
{
    int ok = reads_back(d, n, x, MPFR_RNDN);

    if (ok != 0) {
        *rnd = MPFR_RNDN;
        return ok;
    }
    *rnd = mpfr_less_p(d->tf, x) ? MPFR_RNDU : MPFR_RNDD;
    return reads_back(d, n, x, *rnd);
}

/* X = m 2^*E with m odd of *L bits, for a finite nonzero X. */
static void
odd_form(mpfr_srcptr x, mpfr_prec_t *l, mpfr_exp_t *e)
{
    *l = mpfr_min_prec(x);
    *e = mpfr_get_exp(x) - (mpfr_exp_t)*l;
}

/* An upper bound on the significant digits of the exact decimal value of
   a finite nonzero X: an integer of L + E bits, or m 5^-E / 10^-E. */
static size_t
exact_digits(mpfr_srcptr x)
{
    mpfr_prec_t l;
    mpfr_exp_t e;

    odd_form(x, &l, &e);
    if (e >= 0)
        return gdt_digits_of_bits((double)l + (double)e);
    return gdt_digits_of_bits((double)l - (double)e * LOG2_5);
}

/* The shortest decimal that reads back to X, nearest X among the shortest,
   in Python repr layout.  Some n-digit decimal reads back exactly when one
   of the two n-digit decimals around X does, and n-digit decimals are
   (n+1)-digit decimals, so "some n-digit decimal reads back" is monotonic
   in n: search for the least such n.  The bound is 1 + ceil(p log10 2)
   digits (millions for a large precision), or the exact value's digits
   when fewer; each try costs at least a conversion at p bits.  So the
   search grows from 17 digits (enough for a double) eightfold, which finds
   a short answer in a few tries; once an eighth of the bound is passed it
   tries the bound and gallops down from it (most values need about as
   many digits as the bound), and it bisects what is left.
   GDT_ERANGE when more digits than D->max_bits allows would be needed.
   At POLL_PREC bits and more, where a try takes a while, D->stop is
   polled between tries (GDT_EINTERRUPTED).  Only for the values that
   gdt_shortest and gdt_shortest_mp do not take (gdt_shortest_mp_ok), and
   for the tests that hold those two against it. */
gdt_status
gdt_shortest_search(gdt_buf *out, mpfr_srcptr x, gdt_domain *d)
{
    mpfr_state save;
    mpfr_rnd_t rnd = MPFR_RNDN, r;
    size_t lo = 1, hi, mid, step = 1, bound, max = gdt_text_max_digits(d);
    mpfr_exp_t e;
    int ok, galloping, poll = mpfr_get_prec(x) >= POLL_PREC;
    gdt_status st = GDT_OK;

    if (put_special(out, x, &st))
        return st;
    if (mpfr_zero_p(x))
        return gdt_buf_puts(out, mpfr_signbit(x) ? "-0.0" : "0.0");
    /* now x is a finite nonzero number */
    bound = 2 + (size_t)((double)mpfr_get_prec(x) * LOG10_2);
    if (exact_digits(x) < bound)
        bound = exact_digits(x);
    enter(&save, d);
    /* grow; invariant: fewer than lo digits do not read back */
    hi = bound < 17 ? bound : 17;
    for (;;) {
        if (hi > max)
            hi = max;
        if (hi < lo) {
            st = GDT_ERANGE;
            break;
        }
        if (poll && gdt_cancelled(d->stop)) {
            st = GDT_EINTERRUPTED;
            break;
        }
        ok = shortest_try(d, hi, x, &rnd);
        if (ok != 0) {
            st = ok < 0 ? GDT_ENOMEM : GDT_OK;
            break;
        }
        lo = hi + 1;
        hi = hi < bound && hi >= bound / 8 ? bound : 8 * hi; /* past it: a guard */
    }
    /* narrow down; invariant: hi digits in direction rnd read back */
    galloping = hi == bound;
    while (st == GDT_OK && lo < hi) {
        if (poll && gdt_cancelled(d->stop)) {
            st = GDT_EINTERRUPTED;
            break;
        }
        if (galloping)
            mid = hi - lo > step ? hi - step : lo;
        else
            mid = lo + (hi - lo) / 2;
        ok = shortest_try(d, mid, x, &r);
        if (ok < 0) {
            st = GDT_ENOMEM;
        } else if (ok > 0) {
            hi = mid;
            rnd = r;
            step *= 2;
        } else {
            lo = mid + 1;
            galloping = 0;
        }
    }
    restore(&save, d);
    if (st != GDT_OK)
        return st;
    st = get_digits(d, &e, hi, x, rnd);
    if (st != GDT_OK)
        return st;
    return gdt_dec_put(out, mpfr_signbit(x) != 0,
                       d->tb.s + (d->tb.s[0] == '-'), hi, (long)e - 1,
                       GDT_DEC_REPR, max);
}

/* The shortest decimal that reads back to X, in Python repr layout: by
   gdt_shortest where D's format allows (X is a double then), else by
   gdt_shortest_mp_put, else (huge exponents, MPFR's least binade) by the
   search. */
static gdt_status
put_shortest(gdt_buf *out, mpfr_srcptr x, gdt_domain *d)
{
    gdt_shortest_fmt f;
    mpfr_flags_t save;
    double v;

    if (!gdt_shortest_fmt_of(&f, d))
        return gdt_shortest_mp_ok(x, d) ? gdt_shortest_mp_put(out, &d->tb, x, d)
                                        : gdt_shortest_search(out, x, d);
    save = mpfr_flags_save();
    v = mpfr_get_d(x, MPFR_RNDN); /* exact */
    mpfr_flags_restore(save, MPFR_FLAGS_ALL);
    return gdt_shortest_put(out, v, &f, gdt_text_max_digits(d));
}

/* The exact value: X = m 2^e is an integer or has a finite decimal
   expansion, whose size is known before it is written (m 2^e with
   e ~ -10^9 has 10^9 digits): GDT_ERANGE before any of it is made when
   D->max_bits does not allow it. */
static gdt_status
put_exact(gdt_buf *out, mpfr_srcptr x, gdt_domain *d)
{
    size_t max = gdt_text_max_digits(d);
    mpfr_exp_t e;
    gdt_status st = GDT_OK;

    if (put_special(out, x, &st))
        return st;
    if (mpfr_zero_p(x))
        return gdt_buf_puts(out, mpfr_signbit(x) ? "-0" : "0");
    if (max != SIZE_MAX && exact_digits(x) > max + 4)
        return GDT_ERANGE;
    e = mpfr_get_z_2exp(d->tz, x);
    if (e >= 0) {
        mpz_mul_2exp(d->tz, d->tz, (mp_bitcnt_t)e);
        return gdt_z_get_str_max(out, d->tz, max, d->stop);
    }
    mpq_set_z(d->tq, d->tz);
    mpq_div_2exp(d->tq, d->tq, (mp_bitcnt_t)-e);
    return gdt_q_get_str_max(out, d->tq, max, d->stop);
}

/* C99 hex float normalised with a leading 1 (subnormals of the emulated
   formats too), trailing zero hex digits dropped: "0x1.8p+1". */
static gdt_status
put_hex(gdt_buf *out, mpfr_srcptr x, gdt_domain *d)
{
    mpfr_exp_t e;
    mp_bitcnt_t tz, fb, F;
    size_t L, nhex, have;
    gdt_status st = GDT_OK;
    char *p;

    if (put_special(out, x, &st))
        return st;
    if (mpfr_zero_p(x))
        return gdt_buf_puts(out, mpfr_signbit(x) ? "-0x0p+0" : "0x0p+0");
    if (gdt_digits_of_bits((double)mpfr_min_prec(x)) > gdt_text_max_digits(d))
        return GDT_ERANGE;
    e = mpfr_get_z_2exp(d->tz, x);
    mpz_abs(d->tz, d->tz);
    tz = mpz_scan1(d->tz, 0);
    mpz_tdiv_q_2exp(d->tz, d->tz, tz);
    e += (mpfr_exp_t)tz;
    /* |x| = m 2^e with m odd, m = 1.fff (L-1 fraction bits) 2^(L-1) */
    L = mpz_sizeinbase(d->tz, 2);
    fb = L - 1;
    F = (fb + 3) / 4 * 4;
    mpz_clrbit(d->tz, L - 1);
    mpz_mul_2exp(d->tz, d->tz, F - fb);
    nhex = F / 4;
    st = gdt_buf_reserve(out, nhex + 40);
    if (st != GDT_OK)
        return st;
    p = out->s + out->len;
    p += sprintf(p, "%s0x1", mpfr_signbit(x) ? "-" : "");
    if (nhex > 0) {
        *p++ = '.';
        /* the fraction's hex digits, right-aligned after leading zeros */
        mpz_get_str(p, 16, d->tz);
        have = strlen(p);
        memmove(p + nhex - have, p, have);
        memset(p, '0', nhex - have);
        p += nhex;
    }
    p += sprintf(p, "p%+ld", (long)(e + (mpfr_exp_t)L - 1));
    out->len = (size_t)(p - out->s);
    return GDT_OK;
}

/* N significant digits to nearest, printf %.Ng layout. */
static gdt_status
put_n(gdt_buf *out, mpfr_srcptr x, int n, gdt_domain *d)
{
    mpfr_exp_t e;
    gdt_status st = GDT_OK;

    if (n < 1)
        return GDT_EVALUE;
    if (put_special(out, x, &st))
        return st;
    if (mpfr_zero_p(x))
        return gdt_buf_puts(out, mpfr_signbit(x) ? "-0" : "0");
    st = get_digits(d, &e, (size_t)n, x, MPFR_RNDN);
    if (st != GDT_OK)
        return st;
    return gdt_dec_put(out, mpfr_signbit(x) != 0,
                       d->tb.s + (d->tb.s[0] == '-'), (size_t)n, (long)e - 1,
                       GDT_DEC_PRINTF_G, gdt_text_max_digits(d));
}

static gdt_status
f_get_str(gdt_buf *out, const gdt_val *a, const gdt_numfmt *f, gdt_domain *d)
{
    switch (f->kind) {
    case GDT_DIGITS_SHORTEST:
        return put_shortest(out, a->f, d);
    case GDT_DIGITS_EXACT:
        return put_exact(out, a->f, d);
    case GDT_DIGITS_HEX:
        return put_hex(out, a->f, d);
    case GDT_DIGITS_N:
        return put_n(out, a->f, f->n, d);
    }
    return GDT_EVALUE;
}

static size_t
f_str_digits(const gdt_val *a, const gdt_numfmt *f, gdt_domain *d)
{
    size_t n;

    (void)d;
    if (!mpfr_regular_p(a->f))
        return 1;
    switch (f->kind) {
    case GDT_DIGITS_SHORTEST:
        n = 2 + (size_t)((double)mpfr_get_prec(a->f) * LOG10_2);
        return exact_digits(a->f) < n ? exact_digits(a->f) : n;
    case GDT_DIGITS_EXACT:
        return exact_digits(a->f);
    case GDT_DIGITS_HEX:
        return gdt_digits_of_bits((double)mpfr_min_prec(a->f));
    case GDT_DIGITS_N:
        return f->n > 0 ? (size_t)f->n : 1;
    }
    return SIZE_MAX;
}

/* min and max as NumPy's np.minimum and PyTorch's torch.minimum: a NaN
   operand gives NaN (mpfr_min would return the other operand), and of two
   zeros min is -0 when either is, max +0 when either is. */
static gdt_status
f_minmax(gdt_val *r, gdt_func fn, const gdt_val *a, const gdt_val *b,
         gdt_domain *d)
{
    mpfr_state save;
    int nan_in = NAN1(a) || NAN1(b);
    int t = 0, neg;

    enter(&save, d);
    if (nan_in) {
        mpfr_set_nan(r->f);
    } else if (mpfr_zero_p(a->f) && mpfr_zero_p(b->f)) {
        if (fn == GDT_FN_MIN)
            neg = mpfr_signbit(a->f) || mpfr_signbit(b->f);
        else
            neg = mpfr_signbit(a->f) && mpfr_signbit(b->f);
        mpfr_set_zero(r->f, neg ? -1 : 1);
    } else if (fn == GDT_FN_MIN) {
        t = mpfr_min(r->f, a->f, b->f, d->rnd);
    } else {
        t = mpfr_max(r->f, a->f, b->f, d->rnd);
    }
    return leave(&save, r, t, d, nan_in);
}

/* Bounds on a function f at X, at the precision of LO and HI: LO <= f(x)
   <= HI, each computed with every rounding on its side. */
typedef void (*bounds_fn)(mpfr_ptr lo, mpfr_ptr hi, mpfr_srcptr x);

/* f(X) rounded to the precision P of R in direction RND, for a function
   f whose value at X is irrational, in MPFR's current exponent range,
   which must be the widest (no intermediate result of BOUNDS overflows or
   underflows there; the result may be out of the domain's range).
   Returns the ternary value.  R may be X.

   Ziv's strategy on directed bounds.  At WP bits, LO <= f(x) <= HI.
   f(x) is irrational, so it lies strictly between LO and HI, and rounds
   as LO+ and HI-, the numbers half a WP-bit ulp inside them (no WP-bit
   number, so no rounding boundary of P bits, lies between f(x) and LO+,
   or HI-).  When these two round to the same P-bit number on the same
   side, that is the correctly rounded value with its ternary; otherwise
   more bits.  The bounds may themselves be P-bit numbers (sigmoid(tiny)
   has LO = 1/2 at every WP), hence LO+ and HI- rather than LO and HI. */
static int
ziv(mpfr_ptr r, mpfr_srcptr x, mpfr_rnd_t rnd, bounds_fn bounds)
{
    mpfr_prec_t p = mpfr_get_prec(r), wp = p + 32;
    mpfr_t xc, lo, hi, rhi;
    int tl, th;

    mpfr_init2(xc, mpfr_get_prec(x));
    mpfr_set(xc, x, MPFR_RNDN); /* exact: R may be X */
    mpfr_init2(lo, wp);
    mpfr_init2(hi, wp);
    mpfr_init2(rhi, p);
    for (;;) {
        bounds(lo, hi, xc);
        /* now lo < f(x) < hi */
        mpfr_prec_round(lo, wp + 1, MPFR_RNDN); /* exact */
        mpfr_prec_round(hi, wp + 1, MPFR_RNDN);
        mpfr_nextabove(lo);
        mpfr_nextbelow(hi);
        /* lo and hi have a bit beyond P: tl and th are not 0 */
        tl = mpfr_set(r, lo, rnd);
        th = mpfr_set(rhi, hi, rnd);
        if (mpfr_equal_p(r, rhi) && (tl > 0) == (th > 0))
            break;
        wp += wp / 2;
        mpfr_set_prec(lo, wp);
        mpfr_set_prec(hi, wp);
    }
    mpfr_clear(xc);
    mpfr_clear(lo);
    mpfr_clear(hi);
    mpfr_clear(rhi);
    return tl > 0 ? 1 : -1;
}

/* sigmoid(x) = 1/(1 + exp(-x)), for a finite nonzero x: irrational, as
   exp(-x) is transcendental for algebraic x != 0 (Lindemann).  Each
   operation is monotonic in its operand. */
static void
sigmoid_bounds(mpfr_ptr lo, mpfr_ptr hi, mpfr_srcptr x)
{
    mpfr_neg(hi, x, MPFR_RNDN); /* hi's precision is x's or more: exact */
    mpfr_exp(lo, hi, MPFR_RNDU);
    mpfr_add_ui(lo, lo, 1, MPFR_RNDU);
    mpfr_ui_div(lo, 1, lo, MPFR_RNDD);
    mpfr_neg(hi, x, MPFR_RNDN);
    mpfr_exp(hi, hi, MPFR_RNDD);
    mpfr_add_ui(hi, hi, 1, MPFR_RNDD);
    mpfr_ui_div(hi, 1, hi, MPFR_RNDU);
}

/* softplus(x) = log(1 + exp(x)) for a finite x: log1p(exp(x)) for x <= 0,
   x + log1p(exp(-x)) above, so that exp never overflows.  Irrational
   for every rational x: log(1 + e^x) = r rational would give e^r - e^x =
   e^0 with r, x, 0 distinct (r = 0 or x = r is impossible, and x = 0
   gives log 2), against Lindemann-Weierstrass. */
static void
softplus_bounds(mpfr_ptr lo, mpfr_ptr hi, mpfr_srcptr x)
{
    int positive = mpfr_sgn(x) > 0;

    if (positive)
        mpfr_neg(hi, x, MPFR_RNDN); /* exact */
    else
        mpfr_set(hi, x, MPFR_RNDN);
    mpfr_exp(lo, hi, MPFR_RNDD);
    mpfr_log1p(lo, lo, MPFR_RNDD);
    mpfr_exp(hi, hi, MPFR_RNDU);
    mpfr_log1p(hi, hi, MPFR_RNDU);
    if (positive) {
        mpfr_add(lo, lo, x, MPFR_RNDD);
        mpfr_add(hi, hi, x, MPFR_RNDU);
    }
}

/* logcosh(x) = log(cosh(x)) for a finite nonzero x, without cancellation:
   log1p(2*sinh(|x|/2)^2) (cosh(x) - 1 = 2*sinh(x/2)^2) for |x| < 1, and
   |x| - log(2) + log1p(exp(-2|x|)) from 1 on, where cosh could overflow.
   Irrational for rational x != 0: cosh(x) is transcendental there
   (Lindemann), and log(cosh(x)) = r rational gives e^x + e^-x = 2e^r,
   a relation Lindemann-Weierstrass forbids for distinct x, -x, r. */
static void
logcosh_bounds(mpfr_ptr lo, mpfr_ptr hi, mpfr_srcptr x)
{
    mpfr_t t;

    if (mpfr_get_exp(x) < -(mpfr_exp_t)mpfr_get_prec(lo) / 2 - 2) {
        /* |x| tiny: x^2/2 - x^4/12 < logcosh(x) < x^2/2 (the alternating
           series), bounds one ulp apart once x^2 is exact, where the
           formula below would need about -2*log2|x| bits to part them
           from x^2/2 */
        mpfr_sqr(hi, x, MPFR_RNDU);
        mpfr_div_2ui(hi, hi, 1, MPFR_RNDU);
        mpfr_sqr(lo, x, MPFR_RNDU);
        mpfr_sqr(lo, lo, MPFR_RNDU);
        mpfr_div_ui(lo, lo, 12, MPFR_RNDU);
        mpfr_init2(t, mpfr_get_prec(lo));
        mpfr_sqr(t, x, MPFR_RNDD);
        mpfr_div_2ui(t, t, 1, MPFR_RNDD);
        mpfr_sub(lo, t, lo, MPFR_RNDD);
        mpfr_clear(t);
        return;
    }
    if (mpfr_cmpabs_ui(x, 1) < 0) {
        mpfr_div_2ui(lo, x, 1, MPFR_RNDN); /* exact */
        mpfr_abs(lo, lo, MPFR_RNDN);
        mpfr_sinh(hi, lo, MPFR_RNDU);
        mpfr_sinh(lo, lo, MPFR_RNDD);
        mpfr_sqr(lo, lo, MPFR_RNDD);
        mpfr_sqr(hi, hi, MPFR_RNDU);
        mpfr_mul_2ui(lo, lo, 1, MPFR_RNDD);
        mpfr_mul_2ui(hi, hi, 1, MPFR_RNDU);
        mpfr_log1p(lo, lo, MPFR_RNDD);
        mpfr_log1p(hi, hi, MPFR_RNDU);
        return;
    }
    mpfr_init2(t, mpfr_get_prec(lo));
    mpfr_abs(hi, x, MPFR_RNDN);
    mpfr_mul_2ui(hi, hi, 1, MPFR_RNDN);
    mpfr_neg(hi, hi, MPFR_RNDN); /* -2|x|, exact */
    mpfr_exp(lo, hi, MPFR_RNDD);
    mpfr_exp(hi, hi, MPFR_RNDU);
    mpfr_log1p(lo, lo, MPFR_RNDD);
    mpfr_log1p(hi, hi, MPFR_RNDU);
    /* log1p(exp(-2|x|)) - log(2), in [-log(2), 0], before |x|: then a
       huge |x| has its bounds one ulp apart, and the loop ends */
    mpfr_const_log2(t, MPFR_RNDU);
    mpfr_sub(lo, lo, t, MPFR_RNDD);
    mpfr_const_log2(t, MPFR_RNDD);
    mpfr_sub(hi, hi, t, MPFR_RNDU);
    if (mpfr_sgn(x) > 0) {
        mpfr_add(lo, lo, x, MPFR_RNDD);
        mpfr_add(hi, hi, x, MPFR_RNDU);
    } else {
        mpfr_sub(lo, lo, x, MPFR_RNDD);
        mpfr_sub(hi, hi, x, MPFR_RNDU);
    }
    mpfr_clear(t);
}

/* The value of FN (sigmoid, softplus or logcosh) at X where Ziv's loop
   is not needed, in MPFR's widest exponent range: sets R and *T (the
   ternary value) and returns 1; returns 0 for every other X, where the
   value is irrational and not settled in advance. */
static int
ziv_special(mpfr_ptr r, int *t, gdt_func fn, mpfr_srcptr x, const gdt_domain *d)
{
    *t = 0;
    if (mpfr_inf_p(x)) {
        /* sigmoid(-inf) = softplus(-inf) = +0, sigmoid(+inf) = 1,
           softplus(+inf) = logcosh(+-inf) = +inf */
        if (fn != GDT_FN_LOGCOSH && mpfr_signbit(x))
            mpfr_set_zero(r, 1);
        else if (fn == GDT_FN_SIGMOID)
            mpfr_set_ui(r, 1, MPFR_RNDN);
        else
            mpfr_set_inf(r, 1);
        return 1;
    }
    if (fn == GDT_FN_LOGCOSH) {
        if (!mpfr_zero_p(x))
            return 0;
        mpfr_set_zero(r, 1); /* log(cosh(0)) = log(1) = +0 */
        return 1;
    }
    if (fn == GDT_FN_SIGMOID && mpfr_zero_p(x)) {
        mpfr_set_ui_2exp(r, 1, -1, MPFR_RNDN);
        return 1;
    }
    if (fn == GDT_FN_SIGMOID && mpfr_cmp_si(x, d->prec + 2) >= 0) {
        /* sigmoid(x) = 1 - e with 0 < e < exp(-x) < 2^-(p+2), a quarter of
           the spacing 2^-p below 1: 1 rounding up or to nearest, the
           number below 1 rounding down */
        mpfr_set_ui(r, 1, MPFR_RNDN);
        *t = 1;
        if (d->rnd == MPFR_RNDD || d->rnd == MPFR_RNDZ) {
            mpfr_nextbelow(r);
            *t = -1;
        }
        return 1;
    }
    if (mpfr_cmp_si(x, d->emin - 3) <= 0) {
        /* 0 < f(x) < exp(x) < 2^x <= 2^(emin-3) for sigmoid and softplus,
           below half the least positive number 2^(emin-1): any positive
           number there with t > 0 is rounded alike by check_range */
        *t = mpfr_set_ui_2exp(r, 1, d->emin - 3, d->rnd);
        if (*t == 0)
            *t = 1;
        return 1;
    }
    return 0;
}

/* relu(x) = max(0, x), exact: +0 for x <= 0 (-0 too, as np.maximum(0, x)
   and the max of two zeros here), a NaN for a NaN. */
static gdt_status
f_relu(gdt_val *r, const gdt_val *a, gdt_domain *d)
{
    mpfr_state save;
    int nan_in = NAN1(a), t = 0;

    enter(&save, d);
    if (nan_in)
        mpfr_set_nan(r->f);
    else if (mpfr_sgn(a->f) <= 0)
        mpfr_set_zero(r->f, 1);
    else
        t = mpfr_set(r->f, a->f, d->rnd);
    return leave(&save, r, t, d, nan_in);
}

/* huber(x, d) = x^2/2 where |x| <= d, else d*|x| - d^2/2, rounded once
   to the precision of R in direction RND: the square (or MPFR's fused
   d*|x| - d*(d/2)), in MPFR's current exponent range, which must be the
   widest (the halvings are exact there).  Returns the ternary value; R
   may be X or D. */
static int
huber(mpfr_ptr r, mpfr_srcptr x, mpfr_srcptr d, mpfr_rnd_t rnd)
{
    mpfr_t ax, half;
    int t;

    mpfr_init2(ax, mpfr_get_prec(x));
    mpfr_init2(half, mpfr_get_prec(d));
    mpfr_abs(ax, x, MPFR_RNDN); /* exact */
    mpfr_div_2ui(half, d, 1, MPFR_RNDN);
    if (mpfr_lessequal_p(ax, d)) {
        t = mpfr_sqr(r, ax, rnd);
        mpfr_div_2ui(r, r, 1, MPFR_RNDN);
    } else {
        t = mpfr_fmms(r, d, ax, d, half, rnd);
    }
    mpfr_clear(ax);
    mpfr_clear(half);
    return t;
}

/* sigmoid, softplus, logcosh (their special values by ziv_special, Ziv's
   loop for every other argument) and huber correctly rounded to the
   domain: computed in MPFR's widest exponent range, rounded to D->prec
   bits there with the ternary value, then brought into the domain's range
   (and subnormals) by leave, as every other operation.  A NaN operand
   gives a NaN. */
static gdt_status
f_widest(gdt_val *r, gdt_func fn, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    mpfr_state save;
    int nan_in = NAN1(a) || (fn == GDT_FN_HUBER && NAN1(b));
    int t;

    enter(&save, d);
    if (nan_in) {
        mpfr_set_nan(r->f);
        return leave(&save, r, 0, d, nan_in);
    }
    mpfr_set_emin(mpfr_get_emin_min());
    mpfr_set_emax(mpfr_get_emax_max());
    if (fn == GDT_FN_HUBER) {
        /* MPFR's flags are the fused operation's: a NaN from inf*0 (d = 0,
           x infinite) is the one invalid operation here */
        t = huber(r->f, a->f, b->f, d->rnd);
    } else {
        if (!ziv_special(r->f, &t, fn, a->f, d))
            t = ziv(r->f, a->f, d->rnd,
                    fn == GDT_FN_SIGMOID    ? sigmoid_bounds
                    : fn == GDT_FN_SOFTPLUS ? softplus_bounds
                                            : logcosh_bounds);
        mpfr_clear_flags(); /* the bounds' flags, none of the result's */
    }
    mpfr_set_emin(d->emin);
    mpfr_set_emax(d->emax);
    return leave(&save, r, t, d, nan_in);
}

/* r = f(a) (f(a, b)) with MPFR's function, correctly rounded: log(0) is
   -inf with the divide-by-zero flag, log and sqrt of a negative number
   NaN with the NaN flag, sqrt(-0) = -0 (MPFR follows IEEE 754 there). */
static gdt_status
f_func(gdt_val *r, gdt_func fn, const gdt_val *a, const gdt_val *b,
       gdt_domain *d)
{
    mpfr_state save;
    int nan_in = NAN1(a);
    int t;

    switch (fn) {
    case GDT_FN_SIGMOID:
    case GDT_FN_SOFTPLUS:
    case GDT_FN_LOGCOSH:
    case GDT_FN_HUBER:
        return f_widest(r, fn, a, b, d);
    case GDT_FN_RELU:
        return f_relu(r, a, d);
    case GDT_FN_MIN:
    case GDT_FN_MAX:
        return f_minmax(r, fn, a, b, d);
    case GDT_FN_POW:
        nan_in = NAN1(a) || NAN1(b);
        break;
    default:
        break;
    }
    enter(&save, d);
    switch (fn) {
    case GDT_FN_EXP: t = mpfr_exp(r->f, a->f, d->rnd); break;
    case GDT_FN_LOG: t = mpfr_log(r->f, a->f, d->rnd); break;
    case GDT_FN_SQRT: t = mpfr_sqrt(r->f, a->f, d->rnd); break;
    case GDT_FN_SIN: t = mpfr_sin(r->f, a->f, d->rnd); break;
    case GDT_FN_COS: t = mpfr_cos(r->f, a->f, d->rnd); break;
    case GDT_FN_TAN: t = mpfr_tan(r->f, a->f, d->rnd); break;
    case GDT_FN_TANH: t = mpfr_tanh(r->f, a->f, d->rnd); break;
    case GDT_FN_ABS: t = mpfr_abs(r->f, a->f, d->rnd); break;
    case GDT_FN_COSH: t = mpfr_cosh(r->f, a->f, d->rnd); break;
    case GDT_FN_SINH: t = mpfr_sinh(r->f, a->f, d->rnd); break;
    case GDT_FN_ATAN: t = mpfr_atan(r->f, a->f, d->rnd); break;
    case GDT_FN_ASINH: t = mpfr_asinh(r->f, a->f, d->rnd); break;
    case GDT_FN_LOG1P: t = mpfr_log1p(r->f, a->f, d->rnd); break;
    case GDT_FN_EXPM1: t = mpfr_expm1(r->f, a->f, d->rnd); break;
    case GDT_FN_ERF: t = mpfr_erf(r->f, a->f, d->rnd); break;
    case GDT_FN_POW: t = mpfr_pow(r->f, a->f, b->f, d->rnd); break;
    default:
        restore(&save, d);
        return GDT_EVALUE;
    }
    return leave(&save, r, t, d, nan_in);
}

static int
f_cmp(const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    int c;

    (void)d;
    if (NAN1(a) || NAN1(b))
        return 2;
    c = mpfr_cmp(a->f, b->f);
    return (c > 0) - (c < 0);
}

static const gdt_domain_ops mpfr_ops = {
    .kind = "mpfr",
    .init = f_init, .clear = f_clear,
    .set_q = f_set_q, .set = f_set, .neg = f_neg,
    .add = f_add, .sub = f_sub, .mul = f_mul, .div = f_div,
    .pow_si = f_pow_si, .fms = f_fms,
    .is_zero = f_is_zero, .is_nan = f_is_nan,
    .is_inf = f_is_inf, .is_subnormal = f_is_subnormal,
    .identical = f_identical, .cmp = f_cmp,
    .get_q = f_get_q, .get_fr = f_get_fr,
    .get_str = f_get_str, .str_digits = f_str_digits,
    .func = f_func,
    .enter = f_enter, .leave = f_leave,
    .exact = 0, .has_div = 1,
    .funcs = GDT_FUNCS_ALL,
};

gdt_fast_kind
gdt_mpfr_fast_kind(const gdt_domain *d)
{
    const gdt_domain_ops *o = d->ops;

    return o->add == f_add && o->sub == f_sub && o->mul == f_mul && o->div == f_div
        && o->neg == f_neg && o->pow_si == f_pow_si && o->fms == f_fms
        && o->enter == f_enter ? GDT_FAST_MPFR : GDT_FAST_NONE;
}

static int
rnd_ok(mpfr_rnd_t rnd)
{
    return rnd == MPFR_RNDN || rnd == MPFR_RNDZ || rnd == MPFR_RNDU
        || rnd == MPFR_RNDD || rnd == MPFR_RNDA;
}

static void
init_common(gdt_domain *d, const char *name, mpfr_prec_t prec, mpfr_rnd_t rnd,
            mpfr_exp_t emin, mpfr_exp_t emax, int subnormal)
{
    *d = (gdt_domain){ .ops = &mpfr_ops, .name = name, .prec = prec, .rnd = rnd,
                       .emin = emin, .emax = emax, .subnormal = subnormal };
    gdt_domain_scratch_init(d, prec);
}

gdt_status
gdt_domain_init_mpfr(gdt_domain *d, mpfr_prec_t prec, mpfr_rnd_t rnd)
{
    gdt_domain_empty(d);
    if (prec < MPFR_PREC_MIN || prec > MPFR_PREC_MAX || !rnd_ok(rnd))
        return GDT_EVALUE;
    init_common(d, "mpfr", prec, rnd, MPFR_EMIN_DEFAULT, MPFR_EMAX_DEFAULT, 0);
    return GDT_OK;
}

gdt_status
gdt_domain_init_ieee(gdt_domain *d, const char *name, mpfr_rnd_t rnd)
{
    const gdt_mode *m = gdt_mode_find(name);

    gdt_domain_empty(d);
    if (m == NULL || m->cls != GDT_MODE_IEEE || !rnd_ok(rnd))
        return GDT_EVALUE;
    /* MPFR writes x = 0.1b... 2^e where IEEE writes 1.b... 2^(e-1): the
       largest finite number has MPFR exponent E + 1, and the least
       subnormal 2^(1-E-(p-1)) = 0.1b 2^(3-E-p) */
    init_common(d, m->name, m->prec, rnd, 3 - m->emax - m->prec, m->emax + 1, 1);
    return GDT_OK;
}
