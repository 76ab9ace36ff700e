/* optim.h -- the stepper's optimizers and schedules (private to src/run;
   gd.c's hooks call it) */
#ifndef GDT_RUN_OPTIM_H
#define GDT_RUN_OPTIM_H

#include "gdtrace/optim.h"

/* The update of a stepper with an optimizer: every parameter's new
   value, and the optimizer's state, from its evaluated step; the caller
   counts the step. */
gdt_status gdt_optim_update(gdt_stepper *s) GDT_MUST_CHECK;

/* The optimizer's state values beyond the parameters, for stall and
   cycle: their number and value J, in the stepper's domain. */
size_t gdt_optim_state_n(const gdt_stepper *s);
const gdt_val *gdt_optim_state_val(const gdt_stepper *s, size_t j);

/* 1 when every update from step K on uses the same scalars (learning
   rate, bias corrections) as the update at step K, and the first update's
   special case (a momentum buffer that starts as the gradient) is past:
   from there the map is one and the same, and a state that repeats is a
   stall or a cycle.  Computes the scalars of step K if need be. */
int gdt_optim_settled(const gdt_stepper *s, unsigned long k);

/* Give replica T the optimizer of S. */
gdt_status gdt_optim_copy_to(gdt_stepper *t, const gdt_stepper *s, gdt_error *err)
    GDT_MUST_CHECK;

void gdt_optim_free(struct gdt_optim_run *o);

#endif
