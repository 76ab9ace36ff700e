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
   (GDT_DEC_REPR), with a '-' when NEG. */
gdt_status gdt_dec_put(gdt_buf *out, int neg, const char *digits, size_t n,
                       long exp10, gdt_dec_style style) GDT_MUST_CHECK;

/* Append the decimal digits of Z, with a '-' when negative, written by
   mpz_get_str straight into OUT. */
gdt_status gdt_z_get_str(gdt_buf *out, mpz_srcptr z) GDT_MUST_CHECK;

/* Initialise the scratch fields of D (mpfr scratch at PREC bits); every
   gdt_domain_init_* calls it once, gdt_domain_clear undoes it. */
void gdt_domain_scratch_init(gdt_domain *d, mpfr_prec_t prec);

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
