/* gdtrace/outcome.h -- what became of a run: the one table of outcomes
   that a sweep gives each point, and that a run's stop reasons map to */
#ifndef GDTRACE_OUTCOME_H
#define GDTRACE_OUTCOME_H

#include "gdtrace/gd.h"

/* The outcome of a run of the notes' loop.  The numbers are the codes a
   sweep writes (the `outcome` field of its .npy file, uint8) and never
   change; a new outcome takes the next free number.

     converged    every partial of the gradient is exactly zero; the step
                  is that step
     stalled      the state repeats with period 1 although the gradient
                  is not zero (a float update that rounds away); the step
                  is the first of the repeated state
     cycle        the state repeats with period p >= 2; the step is the
                  first of the cycle
     diverged     at a step k >= 1, w, a partial or the loss is inf or
                  nan, or the loss exceeds the escape bound E times
                  max(1, loss at w0); the step is k
     bounded      none of these within max-iter; the step is max-iter
     size-limit   an exact value would outgrow the size limit; the step
                  is the last complete one
     interrupted  a stop was asked for; the last complete step
     error        the loss or a partial has no value (an exact division
                  by zero, a function outside its domain in exact mode);
                  the step where it has none
     undecided    a certified sweep (--certify): balls at the precision
                  cap (--max-prec) do not decide the exact-real run's
                  outcome; the step where they first do not
     contracting  a certified sweep, one parameter: every loss ball so
                  far below the escape bound, and the state in an
                  interval that the step maps into itself with
                  |1 - lr f''| < 1 on all of it and whose loss ball lies
                  below the bound too (gdtrace/contract.h), so the run
                  converges forever and never diverges; the step is the
                  first tested where that was proven */
typedef enum gdt_outcome {
    GDT_OUTCOME_NONE = 0,        /* not computed (yet) */
    GDT_OUTCOME_CONVERGED = 1,
    GDT_OUTCOME_STALLED = 2,
    GDT_OUTCOME_CYCLE = 3,
    GDT_OUTCOME_DIVERGED = 4,
    GDT_OUTCOME_BOUNDED = 5,
    GDT_OUTCOME_SIZE_LIMIT = 6,
    GDT_OUTCOME_INTERRUPTED = 7,
    GDT_OUTCOME_ERROR = 8,
    GDT_OUTCOME_UNDECIDED = 9,
    GDT_OUTCOME_CONTRACTING = 10
} gdt_outcome;

#define GDT_OUTCOME_COUNT 11

/* "converged", "stalled", "cycle", "diverged", "bounded", "size-limit",
   "interrupted", "error", "undecided", "contracting" ("none" for GDT_OUTCOME_NONE); NULL for a number
   that is no outcome. */
const char *gdt_outcome_str(gdt_outcome o);

/* The outcome named S (as gdt_outcome_str writes it), or GDT_OUTCOME_NONE
   for a name that is none. */
gdt_outcome gdt_outcome_parse(const char *s);

/* A rounded run's outcome against the certified one (sweep --against
   certified), on the flag "diverged within max-iter": the certified run
   diverged, or was bounded (or contracting), and the rounded one says the
   same or not; undecided when the certified outcome is neither (undecided
   at the precision cap, an error).  The codes are fixed: 0 none (the
   point not run). */
typedef enum gdt_verdict {
    GDT_VERDICT_NONE = 0,
    GDT_VERDICT_AGREE = 1,
    GDT_VERDICT_DISAGREE = 2,
    GDT_VERDICT_UNDECIDED = 3
} gdt_verdict;

#define GDT_VERDICT_COUNT 4

/* The verdict on ROUNDED (any outcome: only diverged is diverged) against
   CERTIFIED. */
gdt_verdict gdt_outcome_against(gdt_outcome rounded, gdt_outcome certified);

/* "none", "agree", "disagree", "undecided"; NULL for a number that is
   none. */
const char *gdt_verdict_str(gdt_verdict v);

/* The outcome of a run that stopped for STOP, with PERIOD the cycle's
   period when STOP is GDT_STOP_CYCLE: grad-zero is converged, max-iter
   bounded, a cycle of period 1 stalled and of period >= 2 a cycle, a
   stall stalled, nonfinite diverged.
   GDT_STOP_NONE and GDT_STOP_AT have none (GDT_OUTCOME_NONE): the first
   is still running and the second was not iterated. */
gdt_outcome gdt_outcome_of_stop(gdt_stop stop, unsigned long period);

#endif
