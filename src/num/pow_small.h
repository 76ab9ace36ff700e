/* pow_small -- x^n for small n, correctly rounded without MPFR

   For the domains whose values are doubles (or convert to doubles
   exactly): the result, its flags, or "undecided" for the caller's MPFR
   path.  Private to src/num. */
#ifndef GDT_NUM_POW_SMALL_H
#define GDT_NUM_POW_SMALL_H

#include <mpfr.h>

/* The exponents gdt_pow_small decides: 2 <= n <= GDT_POW_SMALL_MAX. */
#define GDT_POW_SMALL_MAX 8

/* *R = X^N rounded once to PREC bits (PREC <= 53) in direction RND (N, Z,
   U, D or A), and the GDT_FLAG_* raised ORed into *FLAGS, as mpfr_pow_si
   rounds it in the exponent range [EMIN, EMAX] (MPFR's convention: a
   number is 0.1b...b 2^E with EMIN <= E <= EMAX), followed by
   mpfr_subnormalize when SUBNORMAL, with IEEE 754's flags (underflow only
   when tiny after rounding and inexact).  Returns 1 when done; 0, with
   *R and *FLAGS untouched, when undecided: X zero, infinite or NaN, N out
   of range, a result outside the normal doubles where the range has no
   subnormals or ends beyond the doubles', or no integer of 128 bits.  Does
   not depend on the machine's rounding direction: all the work is on
   integers, and the one conversion to a double is exact. */
int gdt_pow_small(double *r, unsigned *flags, double x, long n, int prec,
                  long emin, long emax, int subnormal, mpfr_rnd_t rnd);

#endif
