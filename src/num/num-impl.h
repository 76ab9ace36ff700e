/* num-impl.h -- internals shared by the number-domain files (not installed) */
#ifndef GDTRACE_NUM_IMPL_H
#define GDTRACE_NUM_IMPL_H

#include <stdint.h>
#include "gdtrace/num.h"
#include "base/decimal-impl.h"

/* How long a text may be, for gdt_domain.max_bits: the significant digits
   of a fraction p/q of MAX_BITS bits at most, floor(max_bits log10 2) + 2
   (an integer of MAX_BITS bits has one less); SIZE_MAX when D has no
   limit.  (Inline, as the ball module, which has no num.c, needs it.) */
static inline size_t
gdt_text_max_digits(const gdt_domain *d)
{
    if (d->max_bits == 0)
        return SIZE_MAX;
    return (size_t)((double)d->max_bits * 0.30102999566398120) + 2; /* log10 2 */
}



/* Initialise the scratch fields of D (mpfr scratch at PREC bits); every
   gdt_domain_init_* calls it once, gdt_domain_clear undoes it. */
void gdt_domain_scratch_init(gdt_domain *d, mpfr_prec_t prec);

/* Make D empty: no methods, nothing allocated, so that gdt_domain_clear
   does nothing.  Every fallible gdt_domain_init_* starts with it, so that a
   domain it failed on can be cleared like any other. */
void gdt_domain_empty(gdt_domain *d);

/* 0 for every A: is_nan, is_inf and is_subnormal of the domains that have
   no such values (exact, int, ball).  Inline, for the ball module. */
static inline int
gdt_val_never(const gdt_val *a, gdt_domain *d)
{
    (void)a;
    (void)d;
    return 0;
}

/* What a native domain (or one of gdt_domain_init_ieee_hw) hands over to
   the IEEE emulation of its format (gdt_domain.native): the emulated
   domain, in the same rounding direction, and one of its values as scratch
   for the conversions, which are exact both ways (mpfr_set_d, mpfr_get_d
   and their float forms). */
struct gdt_native {
    gdt_domain ieee;
    gdt_val x;
    int round; /* the domain's rounding direction as the machine encodes
                  it (MXCSR bits or <fenv.h>'s FE_*, see num_native.c) */
    gdt_domain_ops ops; /* binary64 on the machine only: its methods
                           (gdt_domain_init_native_ieee) */
};

/* Release N (and the emulated domain in it); N may be NULL. */
void gdt_native_free(struct gdt_native *n);

/* Set D up as the IEEE 754 format NAME (binary16, bfloat16, binary32 or
   binary64, or an alias) rounding RND, computed on the machine's doubles
   (num_ieee_hw.c; binary64 by gdt_domain_init_native_ieee): the same
   numbers, results and flags as gdt_domain_init_ieee's emulation, whose
   values are doubles here (gdt_val.d), not mpfr_t.  GDT_EVALUE for
   another format (the caller takes the emulation then), a bad RND
   (binary64: RNDA too), or a machine with excess precision;
   GDT_ENOMEM. */
gdt_status gdt_domain_init_ieee_hw(gdt_domain *d, const char *name, mpfr_rnd_t rnd)
    GDT_MUST_CHECK;

/* Set D up as binary64 (NAME, or an alias) rounding RND on the machine's
   own arithmetic, native-double's (num_native.c): its methods, in D's
   rounding direction with the machine's flags, but the functions other
   than sqrt, abs, min and max, which are the emulation's; D's kind is
   "ieee-hw" and its name binary64.  GDT_EVALUE for another format, RNDA
   (the machine has no such direction) and where native-double cannot be;
   GDT_ENOMEM. */
gdt_status gdt_domain_init_native_ieee(gdt_domain *d, const char *name, mpfr_rnd_t rnd)
    GDT_MUST_CHECK;

/* R = pi as a ball of D's precision (the ball module, through ball.c),
   for gdt_domain_set_const. */
gdt_status gdt_ball_const_pi(gdt_val *r, gdt_domain *d) GDT_MUST_CHECK;

#endif
