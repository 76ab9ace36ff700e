/* gdtrace/boundary.h -- a learning rate at which a certified outcome
   changes, by bisection */
#ifndef GDTRACE_BOUNDARY_H
#define GDTRACE_BOUNDARY_H

#include <stddef.h>
#include <gmp.h>
#include "gdtrace/outcome.h"
#include "gdtrace/status.h"
#include "gdtrace/sweep.h"

/* What a bisection found: the outcomes on either side of the boundary. */
typedef struct gdt_boundary_result {
    gdt_outcome below, above;     /* at LO and at HI */
    unsigned long step_below, step_above;
    unsigned long bisections;
} gdt_boundary_result;

/* Bisect [LO, HI] (LO < HI, exact learning rates) on the certified
   outcome of O's run (O a certified sweep, O->max_prec > 0, whose one
   axis is the learning rate; its points are not read): the outcomes at
   LO and HI must differ; each midpoint replaces the end whose outcome it
   has (LO's, or else HI's), until LO and HI round to the same DIGITS
   significant digits, which the boundary in [LO, HI] then has too.  On
   return [LO, HI] holds the boundary.  GDT_EVALUE when the ends have the
   same outcome or a point is undecided at O's cap (ERR says which);
   GDT_EINTERRUPTED when asked to stop; GDT_ENOMEM. */
gdt_status gdt_boundary_bisect(mpq_t lo, mpq_t hi, const gdt_sweep_opts *o, size_t digits,
                               gdt_boundary_result *res, gdt_error *err) GDT_MUST_CHECK;

#endif
