/* base/decimal-impl.h -- the library's own forms of the decimal writers:
   with a digit limit, and the sizes they need (not installed) */
#ifndef GDT_BASE_DECIMAL_IMPL_H
#define GDT_BASE_DECIMAL_IMPL_H

#include <gmp.h>
#include "gdtrace/buf.h"
#include "gdtrace/decimal.h"
#include "gdtrace/status.h"

/* How gdt_dec_put lays out a decimal. */
typedef enum gdt_dec_style {
    GDT_DEC_PRINTF_G, /* printf %.Ng with N = strlen(DIGITS) before stripping:
                         scientific when EXP10 < -4 or EXP10 >= N, trailing
                         zeros stripped */
    GDT_DEC_REPR      /* Python float repr: scientific when EXP10 < -4 or
                         EXP10 >= 16, an integral positional value ends in
                         ".0" */
} gdt_dec_style;

/* Append the decimal NEG ? -0.D : 0.D times 10^(EXP10 + 1), that is the
   first digit of DIGITS is worth 10^EXP10.  DIGITS holds N >= 1 decimal
   digits (not NUL-terminated, no sign); trailing zeros are allowed and are
   stripped.  A zero value is written "0" (GDT_DEC_PRINTF_G) or "0.0"
   (GDT_DEC_REPR), with a '-' when NEG.  GDT_ERANGE (nothing appended) when
   more than MAX digits are left after stripping. */
gdt_status gdt_dec_put(gdt_buf *out, int neg, const char *digits, size_t n,
                       long exp10, gdt_dec_style style, size_t max) GDT_MUST_CHECK;

/* An upper bound on the decimal digits of an integer of BITS bits (BITS
   may be a bound itself, not an integer): BITS log10 2 + 2. */
size_t gdt_digits_of_bits(double bits);

/* Append the decimal digits of Z, with a '-' when negative.  A huge Z is
   converted by pieces, polling STOP between them (a domain's conversions
   pass D->stop; NULL: never): GDT_EINTERRUPTED (nothing appended) when a
   stop was requested.  The _max form gives GDT_ERANGE (nothing appended)
   when Z has more than MAX digits. */
gdt_status gdt_z_get_str(gdt_buf *out, mpz_srcptr z, gdt_cancel *stop) GDT_MUST_CHECK;
gdt_status gdt_z_get_str_max(gdt_buf *out, mpz_srcptr z, size_t max, gdt_cancel *stop)
    GDT_MUST_CHECK;

/* gdt_q_get_str_stop and gdt_q_get_str_n, giving GDT_ERANGE (nothing
   appended) when the text would have more than MAX significant digits
   (those of p and q together for "p/q"); the size is known before the
   digits are computed. */
gdt_status gdt_q_get_str_max(gdt_buf *out, const mpq_t q, size_t max, gdt_cancel *stop)
    GDT_MUST_CHECK;
gdt_status gdt_q_get_str_n_max(gdt_buf *out, const mpq_t q, int n, size_t max)
    GDT_MUST_CHECK;

/* 1 when the digits of Q's numerator and denominator together are more
   than MAX (the text "p/q" or "Fraction(p, q)" is too long). */
int gdt_q_frac_over(const mpq_t q, size_t max);

/* An upper bound, a few digits at most above the truth, on the significant
   digits of gdt_q_get_str's text of Q (for "p/q", those of p and q
   together), found without computing them. */
size_t gdt_q_str_digits(const mpq_t q);

#endif
