/* gdtrace/stall.h -- a stall: the step from which a run's parameters no
   longer change although the gradient is not zero (a float run whose
   update lr*g rounds away against w) */
#ifndef GDTRACE_STALL_H
#define GDTRACE_STALL_H

/* A stall tracker, fed a trajectory's steps in order; it keeps no values,
   only where the current run of unchanged states began. */
typedef struct gdt_stall {
    long from;   /* the first step of the current run of equal states with
                    a nonzero gradient; -1: none */
} gdt_stall;

void gdt_stall_init(gdt_stall *t);

/* Step K of the trajectory: SAME, every parameter w_K equals w_{K-1}
   exactly (ignored at step 0); GRAD_ZERO, every partial at w_K is exactly
   zero (w_K is a critical point: converged, not stalled). */
void gdt_stall_step(gdt_stall *t, unsigned long k, int same, int grad_zero);

/* The step from which the trajectory fed so far is stalled (w_j = w_s for
   every step j >= s fed, s < the last, the gradient never zero), or -1. */
long gdt_stall_at(const gdt_stall *t);

#endif
