/* shortest.h -- the shortest decimal of a binary16, bfloat16, binary32 or
   binary64 number, on machine integers; of binary128 and mpfr numbers,
   with GMP (not installed) */
#ifndef GDTRACE_SHORTEST_H
#define GDTRACE_SHORTEST_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include "gdtrace/num.h"

/* The most digits gdt_shortest writes (a binary64 needs 17). */
#define GDT_SHORTEST_DIGITS 17

/* The room gdt_shortest_write needs at its P (the text is at most 24
   bytes; the writer copies whole words past it). */
#define GDT_SHORTEST_ROOM 64

/* A binary format with subnormals: its positive finite numbers are c 2^q
   with 0 < c < 2^P and QMIN <= q <= QMAX, and c >= 2^(P-1) unless
   q == QMIN. */
typedef struct gdt_shortest_fmt {
    int p;    /* precision in bits, the hidden bit included, 2 to 53 */
    int qmin; /* the least subnormal is 2^QMIN, QMIN >= -1074 */
    int qmax; /* the largest number is (2^P - 1) 2^QMAX, QMAX <= 971 */
} gdt_shortest_fmt;

/* 1, with the format in *F, when gdt_shortest can print D's numbers: D
   emulates an IEEE 754 format (subnormals) of at most 53 bits whose
   numbers are all doubles (binary16, bfloat16, binary32, binary64, and the
   native domains); 0 otherwise (binary128, mpfr). */
int gdt_shortest_fmt_of(gdt_shortest_fmt *f, const gdt_domain *d);

/* The shortest decimal that reads back to C 2^Q (a positive number of
   format F) when rounded to nearest-even into F, and of those the nearest
   to C 2^Q, ties to an even last digit -- as many significant digits as
   the first digit's decade of C 2^Q needs.  Its digits (no trailing zero,
   not NUL-terminated) go to DIGITS, which has room for
   GDT_SHORTEST_DIGITS; *EXP10 is the power of ten the first digit is
   worth.  Returns the number of digits. */
int gdt_shortest(char *digits, long *exp10, uint64_t c, int q,
                 const gdt_shortest_fmt *f);

/* The same decisions computed exactly with GMP instead of the 128-bit
   powers of ten (for the tests: the two must agree everywhere). */
int gdt_shortest_exact(char *digits, long *exp10, uint64_t c, int q,
                       const gdt_shortest_fmt *f);

/* The table entry for 10^J, -292 <= J <= 324 (for the tests): 10^J 2^*B
   rounded up to the 128-bit number *HI 2^64 + *LO. */
void gdt_shortest_pow10(uint64_t *hi, uint64_t *lo, int *b, int j);

/* Append X, a number of format F held exactly in a double, in Python repr
   layout as the search printer of num_mpfr.c writes it: "nan", "inf",
   "-inf", "0.0", "-0.0", else the shortest decimal.  GDT_ERANGE (nothing
   appended) when it has more than MAX digits; GDT_EVALUE when X is not a
   number of F. */
gdt_status gdt_shortest_put(gdt_buf *out, double x, const gdt_shortest_fmt *f,
                            size_t max) GDT_MUST_CHECK;

/* gdt_shortest_put's text of X (no limit of digits) written at P, which
   has room for GDT_SHORTEST_ROOM bytes, and a NUL after it; the end of
   the text (the NUL), or NULL when X is not a number of F (nothing
   written). */
char *gdt_shortest_write(char *p, double x, const gdt_shortest_fmt *f);

/* Write V in decimal at P, which has room for 24 bytes (8 are written
   for a V of fewer digits); the end of the digits (no NUL) is returned. */
char *gdt_shortest_write_u64(char *p, uint64_t v);

/* How the text of a domain's values in a format is made when it is
   gdt_shortest_put's of the value as a double: F, and whether the values
   are floats (native-float) rather than doubles. */
typedef struct gdt_shortest_plain {
    gdt_shortest_fmt f;
    int single;
} gdt_shortest_plain;

/* 1, with *P, when D->ops->get_str writes every value A of D in format F
   as gdt_shortest_put (gdt_shortest_plain_value (A, P), &P->f, SIZE_MAX)
   does, the same bytes: F the shortest digits, D a native domain or one
   on doubles (num_native.c's n_get_str, num_ieee_hw.c's hw_get_str) whose
   max_bits lets every shortest text through; 0 otherwise.  A copy of the
   double is then all a value's text needs (the writer thread of
   report.c). */
int gdt_shortest_plain_of(gdt_shortest_plain *p, const gdt_domain *d, const gdt_numfmt *f);

/* The value A of a domain that gdt_shortest_plain_of accepted, as a
   double (exact). */
static inline double
gdt_shortest_plain_value(const gdt_val *a, const gdt_shortest_plain *p)
{
    return p->single ? (double)a->s : a->d;
}

/* 1, with *P, when D is an mpfr domain (no subnormals, MPFR's exponent
   range reaching below the doubles') of at most 53 bits whose get_str
   writes each value A that gdt_shortest_plain_mpfr_value takes as
   gdt_shortest_put (that double, &P->f, SIZE_MAX) does: F the shortest
   digits, P->f = { D->prec, -1074, 971 } (shortest_mp.c's fits_double
   path, and the same texts for zeros, infinities and NaN); 0
   otherwise. */
int gdt_shortest_plain_mpfr_of(gdt_shortest_plain *p, const gdt_domain *d,
                               const gdt_numfmt *f);

/* *V = A, a value of the domain that gdt_shortest_plain_mpfr_of accepted
   with P, exactly: 1; 0 when A's text is not made that way (a number
   c 2^q, c of P->f.p bits, with q beyond binary64's normal range). */
static inline int
gdt_shortest_plain_mpfr_value(double *v, const gdt_val *a, const gdt_shortest_plain *p)
{
    mpfr_srcptr x = a->f;
    mpfr_exp_t q;

    if (mpfr_regular_p(x)) {
        q = mpfr_get_exp(x) - p->f.p;
        if (q <= -1074 || q > 971)
            return 0;
        *v = mpfr_get_d(x, MPFR_RNDN); /* exact: no flag raised */
        return 1;
    }
    if (mpfr_nan_p(x))
        *v = (double)NAN;
    else
        *v = mpfr_signbit(x) ? (mpfr_inf_p(x) ? -HUGE_VAL : -0.0)
                             : (mpfr_inf_p(x) ? HUGE_VAL : 0.0);
    return 1;
}

/* The same for -1^NEG C 2^Q, C 2^Q a positive number of F with C < 2^P
   and C >= 2^(P-1) unless Q = F's QMIN: what gdt_shortest_put writes for
   that number, without going through a double. */
gdt_status gdt_shortest_put_cq(gdt_buf *out, int neg, uint64_t c, int q,
                               const gdt_shortest_fmt *f, size_t max) GDT_MUST_CHECK;

/* 1 when gdt_shortest_mp_put prints X, a number of D (binary128 or mpfr,
   D's precision), 0 when it is left to gdt_shortest_search: an mpfr
   number in the least binade of MPFR's range, or one whose exponent is
   beyond 2^20 in magnitude (shortest_mp.c). */
int gdt_shortest_mp_ok(mpfr_srcptr x, const gdt_domain *d);

/* Append X, a number of D that gdt_shortest_mp_ok accepts, as
   gdt_shortest_search does (the same text, byte for byte), computed once
   with GMP from the ends of X's rounding interval; TB is scratch for the
   digits.  GDT_ERANGE (nothing appended) when it has more digits than D's
   max_bits allows; GDT_EINTERRUPTED when D->stop is set while a huge
   digit string is converted. */
gdt_status gdt_shortest_mp_put(gdt_buf *out, gdt_buf *tb, mpfr_srcptr x,
                               const gdt_domain *d) GDT_MUST_CHECK;

/* The search printer (num_mpfr.c), which binary128 and mpfr numbers that
   gdt_shortest_mp_ok refuses still use: the least number of digits that
   reads back, found by converting with mpfr_get_str and reading back with
   mpfr_strtofr.  The tests compare gdt_shortest and gdt_shortest_mp_put
   with it. */
gdt_status gdt_shortest_search(gdt_buf *out, mpfr_srcptr x, gdt_domain *d)
    GDT_MUST_CHECK;

#endif
