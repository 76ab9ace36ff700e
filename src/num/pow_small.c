/* pow_small -- x^n for small n, correctly rounded without MPFR

   X = m 2^e with m odd below 2^53, so that X^n = M 2^(ne) with M = m^n an
   odd integer of at most 53n bits: M is computed exactly, in 64-bit limbs,
   and rounded once to the precision, on integers.  As M is odd, the bits
   below the rounding position are never all zero: when the position is
   above bit 0 the result is inexact, a tie exactly when the position is
   bit 1 (the last bit is the halfway bit), and above the halfway bit only
   otherwise.  No error bound, no rounding test and no case left to MPFR
   among the numbers decided; exactly the numbers mpfr_pow_si gives, since
   both are the correct rounding of the same exact value.  The flags follow
   the MPFR domains' leave (num_mpfr.c): inexact, overflow when the
   rounded result (unbounded exponent) exceeds the largest number, and
   underflow when that rounded result is below the least normal number and
   inexact. */
#include <stdint.h>
#include <string.h>
#include <math.h>
#include "gdtrace/num.h"
#include "num/fast.h"
#include "num/pow_small.h"

#ifdef __SIZEOF_INT128__

/* room for m^GDT_POW_SMALL_MAX: 53 bits a factor */
#define LIMBS ((53 * GDT_POW_SMALL_MAX + 63) / 64)

__extension__ typedef unsigned __int128 u128;

/* T 2^E, exactly when it is a double: a product by 2^E when that is a
   normal double (cheaper than a call of ldexp), else ldexp. */
static double
scale(uint64_t t, long e)
{
    uint64_t b = (uint64_t)(e + 1023) << 52;
    double x;

    if (e < -1022 || e > 1023)
        return ldexp((double)t, (int)e);
    memcpy(&x, &b, sizeof x);
    return (double)t * x;
}

/* The odd integer M in limbs A[0..K-1], least significant first, with L
   bits: M rounded at bit S, that is M / 2^S rounded to an integer (RN to
   even, else up in magnitude when AWAY), where M / 2^S is below 2^53.
   *INEXACT: whether it changed. */
static uint64_t
round_at(const uint64_t *a, int k, long l, long s, int rn, int away, int *inexact)
{
    uint64_t t = 0;
    int half;

    if (s <= 0) {
        *inexact = 0;
        return a[0] << -s; /* M of at most 53 bits, the shift below 53 */
    }
    if (s < l) {
        long i = s / 64, b = s % 64;

        t = a[i] >> b;
        if (b != 0 && i + 1 < k)
            t |= a[i + 1] << (64 - b);
    }
    /* the halfway bit: bit S-1, nonzero bits below it unless S == 1 */
    half = s - 1 < l && ((a[(s - 1) / 64] >> ((s - 1) % 64)) & 1);
    *inexact = 1;
    if (rn)
        return t + (half && (s > 1 || (t & 1)));
    return t + (away != 0);
}

int
gdt_pow_small(double *r, unsigned *flags, double x, long n, int prec,
              long emin, long emax, int subnormal, mpfr_rnd_t rnd)
{
    uint64_t bits, m, a[LIMBS], t;
    int k = 1, neg, rn, away, inexact, tz, i, j;
    long e, ne, l, big_e, ue, p = prec, lt;
    unsigned f = 0;
    double v;

    if (n < 2 || n > GDT_POW_SMALL_MAX || prec < 1 || prec > 53 || x == 0
        || !isfinite(x))
        return 0;
    if (rnd != MPFR_RNDN && rnd != MPFR_RNDZ && rnd != MPFR_RNDU
        && rnd != MPFR_RNDD && rnd != MPFR_RNDA)
        return 0;
    /* now X is a finite nonzero double: X = m 2^e, m odd */
    memcpy(&bits, &x, sizeof bits);
    e = (long)((bits >> 52) & 0x7ff); /* 0 for a subnormal */
    m = (bits & (((uint64_t)1 << 52) - 1)) | (e != 0 ? (uint64_t)1 << 52 : 0);
    e = (e != 0 ? e : 1) - 1075;
    tz = __builtin_ctzll(m);
    m >>= tz;
    e += tz;
    neg = (bits >> 63) && (n & 1);
    rn = rnd == MPFR_RNDN;
    away = rnd == MPFR_RNDA || (rnd == MPFR_RNDU && !neg)
        || (rnd == MPFR_RNDD && neg);

    /* M = m^n exactly */
    a[0] = m;
    for (i = 1; i < n; i++) {
        uint64_t c = 0;

        for (j = 0; j < k; j++) {
            u128 q = (u128)a[j] * m + c;

            a[j] = (uint64_t)q;
            c = (uint64_t)(q >> 64);
        }
        if (c != 0)
            a[k++] = c;
    }
    l = 64L * (k - 1) + 64 - __builtin_clzll(a[k - 1]);
    ne = n * e;
    big_e = l + ne; /* X^n in [2^(E-1), 2^E) */

    /* now the range: every number of a range with subnormals a double; a
       result of one without them a normal double, rounding included (it
       may carry into E + 1), and neither overflow nor underflow */
    if (subnormal) {
        if (emax > 1024 || emin - 1 < -1074)
            return 0;
        ue = big_e - p > emin - 1 ? big_e - p : emin - 1;
    } else {
        if (big_e < emin || big_e < -1021 || big_e + 1 > emax || big_e + 1 > 1024)
            return 0;
        ue = big_e - p;
    }
    t = round_at(a, k, l, ue - ne, rn, away, &inexact);
    lt = t == 0 ? 0 : 64 - __builtin_clzll(t);
    if (t != 0 && lt + ue > emax) {
        f |= GDT_FLAG_OVERFLOW | GDT_FLAG_INEXACT;
        v = rn || away ? INFINITY : scale(((uint64_t)1 << p) - 1, emax - p);
    } else {
        v = scale(t, ue); /* exact: a number of the format */
        if (inexact) {
            /* tiny: X^n rounded to p bits, unbounded exponent, below the
               least normal number 2^(emin + p - 2) */
            int tiny = subnormal && big_e <= emin + p - 3;

            if (subnormal && big_e == emin + p - 2) {
                int ignore;

                tiny = round_at(a, k, l, big_e - p - ne, rn, away, &ignore)
                    < (uint64_t)1 << p;
            }
            f |= GDT_FLAG_INEXACT | (tiny ? GDT_FLAG_UNDERFLOW : 0u);
        }
    }
    *r = neg ? -v : v;
    *flags |= f;
    return 1;
}

#else /* no 128-bit integers: every power to MPFR */

int
gdt_pow_small(double *r, unsigned *flags, double x, long n, int prec,
              long emin, long emax, int subnormal, mpfr_rnd_t rnd)
{
    (void)r; (void)flags; (void)x; (void)n; (void)prec;
    (void)emin; (void)emax; (void)subnormal; (void)rnd;
    return 0;
}

#endif

int
gdt_fast_pow(double *r, double x, long n, gdt_domain *d)
{
    return gdt_pow_small(r, &d->flags, x, n, (int)d->prec, (long)d->emin, (long)d->emax,
                         d->subnormal, d->rnd);
}

/* x^2 = p + e1 and p*x = r + e2 exactly (fma), so x^3 = r + c + d + delta
   with c = e2 + e1*x rounded, y = r + c rounded, d their exact difference
   (Fast2Sum: |c| < 3 2^-53 |r|), and |delta| <= 3.1 2^-106 |r| < 2^-50
   ulp(y) (the rounding of e1*x and of c).  y is the correct rounding when
   |d| + |delta| < ulp(y)/2, off the power of two where the binade below
   is finer; inexact when |d| > |delta| for sure, exact when e1 = e2 = 0
   (then x^2 and x^3 are doubles).  x^4 likewise from p*p = r + e2: x^4 =
   (p + e1)^2 = r + e2 + 2 p e1 + e1^2, c = e2 + 2 p e1 rounded (twice),
   |delta| <= 6.01 2^-106 |r| < 2^-50 ulp(y) (each rounding at most 2^-53
   of a term below 3 2^-53 |r|, and e1^2 <= 2^-106 p^2); |x| within
   2^(+-120), so that e2 is not below the subnormals (p's last bit is
   2^-292 or more). */
/* Compiled twice where GCC can (an ifunc picks one when the program
   starts): for a processor with FMA, whose fma is an instruction, and
   for any other, whose fma is the C library's; the same results, fma
   being correctly rounded either way. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__ELF__)
__attribute__((target_clones("fma", "default")))
#endif
int
gdt_pow_rn53_full(double *r, unsigned *flags, double x, long n)
{
    double ax = fabs(x), p, e1, pr, e2, c, y, d, ulp, tol;
    uint64_t bits;

    if ((n != 2 && n != 3 && n != 4) || !(ax >= 0x1p-250 && ax <= 0x1p250)
        || (n == 4 && !(ax >= 0x1p-120 && ax <= 0x1p120)))
        return 0;
    p = x * x;
    e1 = fma(x, x, -p);
    if (n == 2) {
        *r = p;
        if (e1 != 0)
            *flags |= GDT_FLAG_INEXACT;
        return 1;
    }
    if (n == 4) {
        pr = p * p;
        e2 = fma(p, p, -pr);
        c = e2 + (2 * p) * e1;
    } else {
        pr = p * x;
        e2 = fma(p, x, -pr);
        c = e2 + e1 * x;
    }
    y = pr + c;
    d = c - (y - pr);
    memcpy(&bits, &y, sizeof bits);
    if ((bits & (((uint64_t)1 << 52) - 1)) == 0)
        return 0; /* a power of two */
    bits = (bits & ((uint64_t)0x7ff << 52)) - ((uint64_t)52 << 52);
    memcpy(&ulp, &bits, sizeof ulp); /* 2^(E-52), y's ulp, a normal double */
    tol = ulp * 0x1p-50;
    if (!(fabs(d) < ulp * 0.5 - tol))
        return 0;
    if (fabs(d) <= tol) {
        if (e1 != 0 || e2 != 0)
            return 0;
        *r = y; /* exact */
        return 1;
    }
    *r = y;
    *flags |= GDT_FLAG_INEXACT;
    return 1;
}
