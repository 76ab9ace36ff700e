/* fast.h -- the domains' arithmetic on their own values, for a tight loop

   What the run layer's burst (src/run/burst.c) needs to compute many steps
   without the method table: which type holds a domain's values, and the
   operations that are not C's operators, each the very function the
   domain's methods call, so that the loop gives their results and flags
   bit for bit.  The loop runs them inside the domain's bracket
   (gdt_domain_enter), where the native domains' C operators round as
   their methods do. */
#ifndef GDT_NUM_FAST_H
#define GDT_NUM_FAST_H

#include <math.h>
#include <stdint.h>
#include <string.h>
#include <mpfr.h>
#include "gdtrace/num.h"

/* How a loop computes in a domain D. */
typedef enum gdt_fast_kind {
    GDT_FAST_NONE,   /* only through D's methods (exact, int, a native
                        domain without a rounding window) */
    GDT_FAST_DOUBLE, /* native-double: inside D's bracket, C's + - * / and
                        negation on doubles and fma (-a, b, c) of operands
                        that are not NaN are D's add, sub, mul, div, neg and
                        fms, flags included (num_native.c) */
    GDT_FAST_FLOAT,  /* native-float: the same on floats (fmaf) */
    GDT_FAST_HW,     /* binary16, bfloat16 and binary32 on doubles
                        (num_ieee_hw.c, at most 24 bits): values in
                        doubles, + - * / by gdt_hw_add, gdt_hw_mul and
                        gdt_hw_div, negation exact */
    GDT_FAST_MPFR    /* mpfr and the emulated IEEE formats: values in
                        mpfr_t at D->prec, each MPFR operation rounding in
                        D->rnd followed by gdt_mpfr_done */
} gdt_fast_kind;

/* The loop that can compute in D: the one of the file whose arithmetic
   methods D has (whatever its kind and name), when it has one. */
gdt_fast_kind gdt_fast_kind_of(const gdt_domain *d);

/* For gdt_fast_kind_of: GDT_FAST_DOUBLE or GDT_FAST_FLOAT when D's
   arithmetic methods are num_native.c's and the machine has their
   rounding window; GDT_FAST_HW when they are num_ieee_hw.c's;
   GDT_FAST_MPFR when they are num_mpfr.c's; else GDT_FAST_NONE. */
gdt_fast_kind gdt_native_fast_kind(const gdt_domain *d);
gdt_fast_kind gdt_hw_fast_kind(const gdt_domain *d);
gdt_fast_kind gdt_mpfr_fast_kind(const gdt_domain *d);

/* R rounded to nearest to the format of a GDT_FAST_HW domain D, where the
   exact result is X = R + s with |s| below half an ulp of R, in the cases
   that need no more than R's bits: D rounds to nearest and R lies in a
   binade strictly inside the format's normal range (so that the result, a
   carry into the next binade included, is a normal number).  There the
   format's grid is every 2^(53-p)th double: R off the grid and no
   midpoint of it rounds as R does, whatever s (to the nearest by
   truncation, there being no tie): *R rounded, the inexact flag raised,
   1.  R on the grid is the result, exact when s is: 2, the flag the
   caller's to raise.  R a midpoint: 3, *R untouched, for gdt_hw_tie.  0
   (*R untouched) in every other case: zeros, infinities and NaN
   included. */
static inline int
gdt_hw_near(double *r, gdt_domain *d)
{
    uint64_t bits, unit, rem;
    int e;

    memcpy(&bits, r, sizeof bits);
    e = (int)((bits >> 52) & 0x7ff) - 1023;
    unit = (uint64_t)1 << (53 - (int)d->prec);
    rem = bits & (unit - 1);
    if (d->rnd != MPFR_RNDN || e <= 2 - (int)d->emax || e >= (int)d->emax - 1)
        return 0;
    if (rem == 0 || rem == unit >> 1)
        return rem == 0 ? 2 : 3;
    d->flags |= GDT_FLAG_INEXACT;
    bits = (bits + (unit >> 1)) & ~(unit - 1);
    memcpy(r, &bits, sizeof bits);
    return 1;
}

/* R of gdt_hw_near's case 3, a midpoint, rounded: to the side of X =
   R + s where SE, the sign of s, is not zero, else to the even
   neighbour; inexact. */
static inline double
gdt_hw_tie(double r, int se, gdt_domain *d)
{
    uint64_t bits, unit = (uint64_t)1 << (53 - (int)d->prec);

    memcpy(&bits, &r, sizeof bits);
    if (bits >> 63)
        se = -se; /* now the sign of |X| - |R| */
    bits -= unit >> 1;
    if (se > 0 || (se == 0 && (bits & unit)))
        bits += unit;
    d->flags |= GDT_FLAG_INEXACT;
    memcpy(&r, &bits, sizeof r);
    return r;
}

/* a + b, a * b, a / b of two values of a GDT_FAST_HW domain D, rounded
   once to D's format in D's direction, the flags into D->flags: what its
   add, mul and div methods compute (they call these).  The common cases
   inline (gdt_hw_near on the double result: a product of two numbers of
   the format is exact, and so is a quotient on the grid or at a midpoint
   (num_ieee_hw.c); a sum's error is TwoSum's), the others
   num_ieee_hw.c's. */
double gdt_hw_add_slow(double a, double b, gdt_domain *d);
double gdt_hw_mul_slow(double a, double b, gdt_domain *d);
double gdt_hw_div_slow(double a, double b, gdt_domain *d);

static inline double
gdt_hw_add(double a, double b, gdt_domain *d)
{
    double s = a + b, bb, err;
    int c = gdt_hw_near(&s, d);

    if (c == 1 || c == 0)
        return c ? s : gdt_hw_add_slow(a, b, d);
    bb = s - a; /* TwoSum: a + b = s + err exactly */
    err = (a - (s - bb)) + (b - bb);
    if (c == 3)
        return gdt_hw_tie(s, (err > 0) - (err < 0), d);
    if (err != 0)
        d->flags |= GDT_FLAG_INEXACT;
    return s;
}

static inline double
gdt_hw_mul(double a, double b, gdt_domain *d)
{
    double x = a * b; /* exact */

    switch (gdt_hw_near(&x, d)) {
    case 0: return gdt_hw_mul_slow(a, b, d);
    case 3: return gdt_hw_tie(x, 0, d);
    }
    return x;
}

static inline double
gdt_hw_div(double a, double b, gdt_domain *d)
{
    double x = a / b; /* the quotient or no midpoint (num_ieee_hw.c) */

    switch (gdt_hw_near(&x, d)) {
    case 0: return gdt_hw_div_slow(a, b, d);
    case 3: return gdt_hw_tie(x, 0, d);
    }
    return x;
}

/* *R = P/Q rounded once to a domain D whose values are doubles
   (GDT_FAST_DOUBLE, GDT_FAST_HW) and that rounds to nearest, as D's set_q
   rounds that rational (the inexact flag alike): 1.  0, *R untouched,
   where this does not settle it (the caller then takes set_q): another
   direction, |P| or Q (> 0) above 2^53, a result gdt_hw_near leaves to the
   emulation.  P and Q are doubles exactly, so P/Q in the default
   environment (to nearest, outside any bracket) is binary64's result, and
   P - xQ is a double that fma computes exactly (the remainder of a
   quotient rounded to nearest): its sign is that of P/Q - x, which
   settles a midpoint of a narrower format. */
static inline int
gdt_fast_ratio(double *r, int64_t p, int64_t q, gdt_domain *d)
{
    const int64_t lim = (int64_t)1 << 53;
    double x, e;

    if (d->rnd != MPFR_RNDN || q <= 0 || q > lim || p > lim || p < -lim)
        return 0;
    x = (double)p / (double)q;
    if (d->prec == 53 && d->emax == 1024 && d->subnormal) {
        if (fma(-x, (double)q, (double)p) != 0)
            d->flags |= GDT_FLAG_INEXACT;
        *r = x;
        return 1;
    }
    if (d->prec > 24)
        return 0;
    e = fma(-x, (double)q, (double)p);
    switch (gdt_hw_near(&x, d)) {
    case 0: return 0;
    case 2:
        if (e != 0)
            d->flags |= GDT_FLAG_INEXACT;
        break;
    case 3: x = gdt_hw_tie(x, (e > 0) - (e < 0), d); break;
    }
    *r = x;
    return 1;
}

/* *R = X^N rounded once to D (a domain whose values are doubles, or floats
   held exactly in one) with its flags, when pow_small.c decides it: 1.
   0, *R and the flags untouched, when it does not (the method then takes
   the emulation's).  Exact arithmetic only: it raises no machine flag, in
   any rounding direction. */
int gdt_fast_pow(double *r, double x, long n, gdt_domain *d);

/* *R = X^N for N = 2, 3 or 4 rounded to nearest to 53 bits, the inexact flag
   into *FLAGS, where the machine's fma settles it: 1.  0 (*R and *FLAGS
   untouched) where it does not (the caller then asks gdt_fast_pow or the
   method): |X| outside [2^-250, 2^250] ([2^-120, 2^120] for x^4) (so that neither X^N nor any
   intermediate result is subnormal or overflows, in a double or in any
   domain of 53 bits), a result too close to a rounding boundary, a power
   of two.  The machine must round to nearest (a native window of a
   domain rounding to nearest, or the default environment): the
   operations on doubles here raise the machine's inexact flag, only ever
   where X^N is inexact.  pow_small.c; the common case of x^3 inline,
   without fma: X of more than 18 significant bits (so that x^3 is
   inexact), x^2 = p + e1 and p*x = r + e2 exactly by Dekker's product
   (Veltkamp's splitting, exact when rounding to nearest without
   underflow), x^3 = r + c + delta with c = e2 + e1*x rounded and |delta|
   < 2^-50 ulp(r) (pow_small.c): r itself is the result when |c| is below
   half an ulp by more than that, off a power of two (whose binade below
   is finer). */
int gdt_pow_rn53_full(double *r, unsigned *flags, double x, long n);

static inline int
gdt_pow_rn53(double *r, unsigned *flags, double x, long n)
{
    const double split = 0x1p27 + 1;
    double ax = fabs(x), p, pr, t, xh, xl, ph, pl, e1, e2, c, ulp;
    uint64_t bits;

    memcpy(&bits, &x, sizeof bits);
    if (n != 3 || !(ax >= 0x1p-250 && ax <= 0x1p250)
        || (bits & (((uint64_t)1 << 35) - 1)) == 0)
        return gdt_pow_rn53_full(r, flags, x, n);
    p = x * x;
    pr = p * x;
    t = split * x;
    xh = t - (t - x);
    xl = x - xh;
    t = split * p;
    ph = t - (t - p);
    pl = p - ph;
    e1 = ((xh * xh - p) + 2 * xh * xl) + xl * xl;
    e2 = (((ph * xh - pr) + ph * xl) + pl * xh) + pl * xl;
    c = e2 + e1 * x;
    memcpy(&bits, &pr, sizeof bits);
    if ((bits & (((uint64_t)1 << 52) - 1)) == 0)
        return gdt_pow_rn53_full(r, flags, x, n); /* a power of two */
    bits = (bits & ((uint64_t)0x7ff << 52)) - ((uint64_t)52 << 52);
    memcpy(&ulp, &bits, sizeof ulp); /* 2^(E-52), r's ulp */
    if (!(fabs(c) < ulp * (0.5 - 0x1p-50)))
        return gdt_pow_rn53_full(r, flags, x, n);
    *flags |= GDT_FLAG_INEXACT;
    *r = pr;
    return 1;
}

/* The end of an MPFR operation of a GDT_FAST_MPFR domain D that returned
   the ternary value T into R, inside D's bracket; NAN_IN: an operand was a
   NaN.  Rounds R to the format (subnormals) and records the flags, as the
   methods do; the common case, a result well inside the range, without a
   call. */
void gdt_mpfr_record(mpfr_ptr r, int t, gdt_domain *d, int nan_in);

static inline void
gdt_mpfr_done(mpfr_ptr r, int t, gdt_domain *d, int nan_in)
{
    mpfr_exp_t e;

    /* a regular result strictly between the least exponent (the least
       normal's with subnormals) and the largest was neither rounded by
       subnormalize nor flagged by an underflow or overflow: only T counts */
    if (mpfr_regular_p(r)) {
        e = mpfr_get_exp(r);
        if (e > d->emin + (d->subnormal ? d->prec : 0) && e < d->emax) {
            if (t != 0)
                d->flags |= GDT_FLAG_INEXACT;
            return;
        }
    }
    gdt_mpfr_record(r, t, d, nan_in);
}

#endif
