/* decint.h -- signed integers held in decimal limbs, for values that are
   printed far more often than they are multiplied (not installed) */
#ifndef GDTRACE_DECINT_H
#define GDTRACE_DECINT_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include "gdtrace/buf.h"
#include "gdtrace/status.h"

/* The base of a limb: 9 decimal digits, so that a limb times a multiplier
   below 2^32 and a carry fit in an int64_t, and the division by the base
   is a multiplication the compiler makes from the constant. */
#define GDT_DECINT_BASE 1000000000u
#define GDT_DECINT_DIGITS 9

/* The value (neg ? -1 : 1) * sum of d[i] * 10^(9 i), i < n; the top limb
   d[n-1] is not zero, zero is n == 0 (and neg == 0). */
typedef struct gdt_decint {
    uint32_t *d;
    size_t n, alloc;
    int neg;
} gdt_decint;

/* The bounds of gdt_decint_lincomb's multipliers and constant. */
#define GDT_DECINT_MULT_MAX ((uint64_t)1 << 32)  /* sum of |a[k]| */
#define GDT_DECINT_CONST_MAX ((int64_t)1 << 61)  /* |c| */

void gdt_decint_init(gdt_decint *x);          /* x = 0 */
void gdt_decint_clear(gdt_decint *x);         /* X may be NULL */

/* R = Z; GDT_ENOMEM. */
gdt_status gdt_decint_set_z(gdt_decint *r, const mpz_t z) GDT_MUST_CHECK;
/* R = V. */
gdt_status gdt_decint_set_si(gdt_decint *r, int64_t v) GDT_MUST_CHECK;
/* Z = X; GDT_ENOMEM. */
gdt_status gdt_decint_get_z(mpz_t z, const gdt_decint *x) GDT_MUST_CHECK;

/* R = a[0] x[0] + ... + a[n-1] x[n-1] + c, in one pass over the limbs.
   R may be one of the x[k].  GDT_EVALUE (R unchanged) when the sum of the
   |a[k]| passes GDT_DECINT_MULT_MAX or |c| GDT_DECINT_CONST_MAX, GDT_ENOMEM
   (R unchanged). */
gdt_status gdt_decint_lincomb(gdt_decint *r, size_t n, const int64_t *a,
                              const gdt_decint *const *x, int64_t c) GDT_MUST_CHECK;

/* -1, 0, 1 as X is negative, zero, positive. */
int gdt_decint_sgn(const gdt_decint *x);
/* 1 when X == Y. */
int gdt_decint_equal(const gdt_decint *x, const gdt_decint *y);

/* The number of decimal digits of |X| (1 for zero). */
size_t gdt_decint_digits(const gdt_decint *x);
/* An upper bound on the bits of |X| (mpz_sizeinbase (|X|, 2) or more). */
size_t gdt_decint_bits(const gdt_decint *x);

/* Append X's decimal text to OUT ("-" and the digits, as mpz_get_str in
   base 10), each limb turned into its digits directly. */
gdt_status gdt_decint_get_str(gdt_buf *out, const gdt_decint *x) GDT_MUST_CHECK;

#endif
