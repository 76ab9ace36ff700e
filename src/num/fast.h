/* fast.h -- the domains' arithmetic on their own values, for a tight loop

   What the run layer's burst (src/run/burst.c) needs to compute many steps
   without the method table: which type holds a domain's values, and the
   operations that are not C's operators, each the very function the
   domain's methods call, so that the loop gives their results and flags
   bit for bit.  Everything here is valid only inside the domain's bracket
   (gdt_domain_enter). */
#ifndef GDT_NUM_FAST_H
#define GDT_NUM_FAST_H

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
    GDT_FAST_HW,     /* the IEEE formats on doubles (kind "ieee-hw"):
                        values in doubles, + - * / by gdt_hw_add, gdt_hw_mul
                        and gdt_hw_div, negation exact */
    GDT_FAST_MPFR    /* mpfr and the emulated IEEE formats: values in
                        mpfr_t at D->prec, each MPFR operation rounding in
                        D->rnd followed by gdt_mpfr_done */
} gdt_fast_kind;

/* The loop that can compute in D. */
gdt_fast_kind gdt_fast_kind_of(const gdt_domain *d);

/* a + b, a * b, a / b of two values of a GDT_FAST_HW domain D, rounded
   once to D's format in D's direction, the flags into D->flags: what its
   add, mul and div methods compute (they call these). */
double gdt_hw_add(double a, double b, gdt_domain *d);
double gdt_hw_mul(double a, double b, gdt_domain *d);
double gdt_hw_div(double a, double b, gdt_domain *d);

/* *R = X^N rounded once to D (a domain whose values are doubles, or floats
   held exactly in one) with its flags, when pow_small.c decides it: 1.
   0, *R and the flags untouched, when it does not (the method then takes
   the emulation's).  Exact arithmetic only: it raises no machine flag, in
   any rounding direction. */
int gdt_fast_pow(double *r, double x, long n, gdt_domain *d);

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
