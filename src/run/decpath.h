/* decpath.h -- the stepper's decimal path: an exact run whose values are
   all integers and whose step is an affine map with integer coefficients,
   held in decimal limbs (not installed; gd.c's hooks call it) */
#ifndef GDTRACE_DECPATH_H
#define GDTRACE_DECPATH_H

#include "gdtrace/gd.h"

/* Switch S to the decimal path when it can take it (S->decimal set, the
   exact domain, a program of integer constants without division,
   functions or data whose gradient is affine and whose loss is at most
   quadratic (checked on the expressions as written), integer learning rates and
   state, cycles not detected, S->numfmt exact or shortest): the state is
   read from S's registers, and S->dec set.  Otherwise S->dec stays NULL
   and S runs as before.  S->decimal is 0 after. */
void gdt_decpath_start(gdt_stepper *s);

/* gdt_stepper_eval's evaluation on the decimal path: 1 when it evaluated
   the step (S->evaluated set, *ZERO 1 when every partial is zero; the
   stop rules are the caller's); 0 when the values came near
   D->max_bits, where the exact path decides the stop step: then S is back
   on it, its registers holding the state, and S->dec NULL. */
int gdt_decpath_eval(gdt_stepper *s, int *zero);

/* gdt_stepper_update on the decimal path. */
gdt_status gdt_decpath_update(gdt_stepper *s, gdt_error *err) GDT_MUST_CHECK;

/* Make S's registers hold the current parameters (LEVEL 1) and also the
   partials and the loss (LEVEL 2, after an evaluation), for the callers
   that read them as gdt_val; done once a step. */
void gdt_decpath_sync(const gdt_stepper *s, int level);

/* Append the text of value WHICH (index I) of S in F when the decimal path
   holds it and F prints it as its digits: *DONE 1; else *DONE 0 and
   nothing appended. */
gdt_status gdt_decpath_get_str(gdt_buf *out, const gdt_stepper *s, gdt_value_kind which,
                               size_t i, const gdt_numfmt *f, int *done) GDT_MUST_CHECK;

/* The decimal digits of the largest parameter the decimal path holds
   (without converting it). */
size_t gdt_decpath_digits(const gdt_stepper *s);

/* Release S->dec (S->dec NULL after). */
void gdt_decpath_free(gdt_stepper *s);

#endif
