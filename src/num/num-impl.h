/* num-impl.h -- internals shared by the number-domain files (not installed) */
#ifndef GDTRACE_NUM_IMPL_H
#define GDTRACE_NUM_IMPL_H

#include "gdtrace/num.h"

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

/* How long a text may be, for gdt_domain.max_bits: the significant digits
   of a fraction p/q of MAX_BITS bits at most, floor(max_bits log10 2) + 2
   (an integer of MAX_BITS bits has one less); SIZE_MAX when D has no
   limit. */
size_t gdt_text_max_digits(const gdt_domain *d);

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

/* Initialise the scratch fields of D (mpfr scratch at PREC bits); every
   gdt_domain_init_* calls it once, gdt_domain_clear undoes it. */
void gdt_domain_scratch_init(gdt_domain *d, mpfr_prec_t prec);

/* Make D empty: no methods, nothing allocated, so that gdt_domain_clear
   does nothing.  Every fallible gdt_domain_init_* starts with it, so that a
   domain it failed on can be cleared like any other. */
void gdt_domain_empty(gdt_domain *d);

/* 0 for every A: is_nan, is_inf and is_subnormal of the domains that have
   no such values (exact, int). */
int gdt_val_never(const gdt_val *a, gdt_domain *d);

/* What a native domain hands over to the IEEE emulation of its format
   (gdt_domain.native): the emulated domain, in the same rounding direction,
   and one of its values as scratch for the conversions, which are exact
   both ways (mpfr_set_d, mpfr_get_d and their float forms). */
struct gdt_native {
    gdt_domain ieee;
    gdt_val x;
    int round; /* the domain's rounding direction as the machine encodes
                  it (MXCSR bits or <fenv.h>'s FE_*, see num_native.c) */
};

/* Release N (and the emulated domain in it); N may be NULL. */
void gdt_native_free(struct gdt_native *n);

#endif
