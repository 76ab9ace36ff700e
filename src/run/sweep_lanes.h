/* sweep_lanes.h -- a sweep's points in batches of lanes, for the domains
   whose values are doubles (private to src/run) */
#ifndef GDT_RUN_SWEEP_LANES_H
#define GDT_RUN_SWEEP_LANES_H

#include "gdtrace/gd.h"
#include "gdtrace/outcome.h"

/* Points a batch holds at most. */
#define GDT_LANES_MAX 256

/* A lane's outcome, as sweep.c's run_point gives it, or FALLBACK: the
   lanes could not settle the point (a method failed), which then runs
   point by point. */
typedef struct gdt_lane_out {
    gdt_outcome outcome;
    unsigned long period, step;
    double loss;           /* the loss at STEP */
    int fallback;
} gdt_lane_out;

typedef struct gdt_lanes gdt_lanes;

/* Lanes for the program and domain of S (a stepper set up at step 0),
   escape bound E max(1, loss_0) with ESCAPE = E: NULL when they do not
   apply (a domain whose values are not doubles, gdt_fast_kind_of's
   GDT_FAST_DOUBLE and GDT_FAST_HW; an insn that is no arithmetic; the
   decimal path) or out of memory.  ESCAPE must outlive the lanes. */
gdt_lanes *gdt_lanes_new(const gdt_stepper *s, const mpq_t *escape);
void gdt_lanes_free(gdt_lanes *l); /* NULL is fine */

/* Lane I (< GDT_LANES_MAX) starts from S's lr and w_0 (S at step 0, of
   the program and domain the lanes were made for); or, with S NULL, is
   settled as a fallback. */
void gdt_lanes_set(gdt_lanes *l, size_t i, const gdt_stepper *s);

/* Lane I starts from W0 and LR (one of each a parameter), as a stepper
   of the lanes' program and domain would hold them: gdt_lanes_set
   without the stepper. */
void gdt_lanes_set_d(gdt_lanes *l, size_t i, const double *w0, const double *lr);

/* A run's source of points: sets lane LANE up for point K (by
   gdt_lanes_set or gdt_lanes_set_d) and returns 1, or returns 0 when it
   cannot, the point then a fallback. */
typedef int (*gdt_lanes_load)(void *ctx, size_t k, size_t lane);

/* Run points 0 .. N - 1, which LOAD (with CTX) sets up, to their outcomes
   into OUT[0 .. N - 1], each one as gdt_stepper_eval and
   gdt_stepper_update step a point (stop_on_zero, stop_on_stall and
   detect_cycles: a repeated state's period and first step, found when
   the stepper finds it or sooner; MAX_ITER) with the sweep's escape
   test, the values bit for bit the generic path's.  Up to GDT_LANES_MAX points run at once, each at its own
   step: a lane whose point ends takes the next point, so that the batch
   stays full.  GDT_EINTERRUPTED when STOP was set (polled every few
   hundred steps), OUT then incomplete. */
gdt_status gdt_lanes_run(gdt_lanes *l, size_t n, unsigned long max_iter, gdt_lane_out *out,
                         gdt_lanes_load load, void *ctx, gdt_cancel *stop);

#endif
