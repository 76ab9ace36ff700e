/* gdtrace/sweep.h -- a sweep: the notes' loop from every point of a grid of
   learning rates and starting points, each run to its outcome (outcome.h) */
#ifndef GDTRACE_SWEEP_H
#define GDTRACE_SWEEP_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include <mpfr.h>
#include "gdtrace/buf.h"
#include "gdtrace/gd.h"
#include "gdtrace/num.h"
#include "gdtrace/outcome.h"
#include "gdtrace/program.h"
#include "gdtrace/status.h"

/* What an axis sets at each of its points. */
typedef enum gdt_sweep_target {
    GDT_SWEEP_LR,    /* the learning rate (of every parameter) */
    GDT_SWEEP_W0,    /* the starting value of one parameter */
    GDT_SWEEP_LR_OF, /* the learning rate of one parameter (its column
                        lr_P), the others' from gdt_sweep_opts */
    GDT_SWEEP_MOMENTUM /* SGD's momentum (gdt_sweep_opts' optim, whose
                        other settings stay): a point of momentum 0 is
                        SGD without one, a negative momentum (which
                        torch.optim refuses) runs the same recurrence */
} gdt_sweep_target;

typedef enum gdt_sweep_scale {
    GDT_SWEEP_LIN, /* point i is A + (B - A) i/(n - 1), exactly */
    GDT_SWEEP_LOG  /* point i is 10^(a + (b - a) i/(n - 1)) for A = 10^a,
                      B = 10^b: A (B/A)^(i/(n - 1)) */
} gdt_sweep_scale;

/* One axis of a grid: N points from A to B (A < B; one point: A). */
typedef struct gdt_sweep_axis {
    gdt_sweep_target target;
    size_t param;         /* GDT_SWEEP_W0, GDT_SWEEP_LR_OF: the parameter */
    gdt_sweep_scale scale;
    mpq_t a, b;           /* the endpoints, exact; log: 0 < A */
    size_t n;             /* its points, at least 1 */
} gdt_sweep_axis;

void gdt_sweep_axis_init(gdt_sweep_axis *x);
void gdt_sweep_axis_clear(gdt_sweep_axis *x); /* X may be NULL */

/* R = an exact value that D's set_q rounds, once, to point I of axis X
   as D holds it.  Linear: the point itself, A + (B - A) i/(n - 1).  Log:
   A and B themselves at the ends; between them the point's exact value
   when it is rational, else a value close enough to the irrational point
   that it rounds, in D's precision, exponent range (subnormals included)
   and direction, as the point does (Ziv's strategy, on MPFR); so a log
   point is correctly rounded in D.  GDT_EDOMAIN for a log axis in a
   domain that does not round (exact, integers). */
gdt_status gdt_sweep_axis_point(mpq_t r, const gdt_sweep_axis *x, size_t i,
                                const gdt_domain *d, gdt_error *err) GDT_MUST_CHECK;

/* A point of a sweep, run to its outcome, as a sink's record sees it.
   The values belong to the worker that ran it and live until the record
   returns. */
typedef struct gdt_sweep_point {
    uint64_t index;          /* row-major: j * n1 + i */
    size_t i, j;             /* along the first and the second axis */
    gdt_outcome outcome;
    unsigned long period;    /* stalled: 1; cycle: its period; else 0 */
    unsigned long step;      /* the step the outcome reports (outcome.h) */
    const gdt_val *axis[2];  /* the axes' values as the domain holds them */
    const gdt_val *loss;     /* the loss at STEP, or NULL when it has none
                                (error, size-limit, interrupted) */
    const mpq_t *momentum;   /* a momentum axis: the point's momentum as the
                                domain holds it, exactly; else NULL */
    const mpq_t *lr;         /* the learning rate (the first parameter's)
                                as the domain holds it,
                                exactly (as given where it holds no
                                number: inf, nan) */
    gdt_domain *dom;         /* the worker's domain, which holds them */
    mpfr_prec_t prec;        /* a certified sweep: the precision that
                                decided the outcome (the cap: undecided) */
    gdt_outcome against;     /* with gdt_sweep_opts' AGAINST: the certified
                                outcome of the same point (else NONE) */
    unsigned long against_step; /* and its step */
} gdt_sweep_point;

/* Where a sweep's points go.  RECORD appends point P's record to OUT; it
   runs on every worker thread at once, each with its own P and OUT, and
   may keep what it needs of P in memory of its own indexed by P->index.
   WRITE is handed the records of the points FIRST .. FIRST + N - 1 (and
   may empty RECORDS), in
   the order of the grid, one call at a time.  Both return GDT_OK or a
   failure with ERR saying what. */
typedef struct gdt_sweep_sink {
    void *ctx;
    gdt_status (*record)(void *ctx, const gdt_sweep_point *p, gdt_buf *out,
                         gdt_error *err);
    gdt_status (*write)(void *ctx, gdt_buf *records, uint64_t first, uint64_t n,
                        gdt_error *err);
} gdt_sweep_sink;

/* A sweep: PROG run in mode MODE (gdt_domain_init_mode) from LR and W0,
   each point setting what its axes set. */
typedef struct gdt_sweep_opts {
    const gdt_program *prog;
    char *const *names;        /* the parameters' names, for messages */
    const char *mode;
    mpfr_prec_t prec;
    mpfr_rnd_t rnd;
    size_t max_bits;
    gdt_update update;
    const char *master;        /* master weights' format (gdt_stepper_set_master),
                                  or NULL; a run with one (or with kahan)
                                  is the stepper's, never the lanes' */
    gdt_loss_scale loss_scale; /* loss scaling over the master (.on 0:
                                  none; gdt_stepper_set_loss_scale); PROG
                                  is then gdt_problem_init_seed's */
    const struct gdt_optim *optim; /* the optimizer (gdt_stepper_set_optim),
                                  or NULL: SGD; the stepper's, never the lanes' */
    const mpq_t *lr;           /* the learning rate where no axis sets it */
    int lr_neg0;
    const mpq_t *lrs;          /* per parameter, where no axis sets it, or
                                  NULL: LR for every parameter without a
                                  GDT_SWEEP_LR_OF axis (gdt_stepper_set_lr) */
    const unsigned char *lrs_neg0; /* LRS's negative zeros, or NULL */
    const mpq_t *w0;           /* per parameter, where no axis sets it */
    const unsigned char *w0_neg0;
    unsigned long max_iter;
    const gdt_sweep_axis *axes; /* the first and the second axis */
    size_t naxes;              /* 1 or 2 */
    const mpq_t *escape;       /* E > 0: diverged when loss > E max(1, loss_0) */
    unsigned threads;          /* worker threads, at least 1 */
    uint64_t first, count;     /* the points gdt_sweep_run runs: FIRST ..
                                  FIRST + COUNT - 1 in the grid's order
                                  (COUNT 0: to the last), for a part of a
                                  sweep (a shard, a resume); 0, 0: all */
    gdt_cancel *stop;          /* polled at every step; NULL: never */
    int point_by_point;        /* 1: every point through the generic
                                  stepper, none in batches of lanes (the
                                  lanes' reference; the same outputs) */
    int sr;                    /* stochastic rounding (gdt_sr_mode, 0:
                                  none): each point's generator keyed by
                                  SEED and counting its point number in
                                  the grid's order, so that a point's run
                                  is the same in any thread or shard; no
                                  lanes, and no cycle detection (a state
                                  met again is no cycle when the rounding
                                  is random) */
    unsigned long long seed;
    mpfr_prec_t max_prec;      /* mode certified (--certify): each point's
                                  outcome proven for the exact-real run,
                                  as balls from PREC bits, the precision
                                  doubled up to this cap while they do not
                                  decide it (then: undecided) */
    const gdt_program *contract; /* mode certified, one parameter: the
                                  program of g and g' (row 0 of the
                                  Hessian, gdt_program_init_hessian_row);
                                  a point bounded within max-iter whose
                                  state then passes the Krawczyk test
                                  (gdtrace/contract.h) is contracting.
                                  NULL: never tested */
    const struct gdt_sweep_opts *against; /* or NULL: a certified sweep
                                  (mode certified) of the same grid and
                                  problem, in which each point is run too,
                                  after its own run, for its AGAINST
                                  (sweep --against certified); the points
                                  then run one by one (no lanes) */
} gdt_sweep_opts;

/* The bits that tell a point of axis X from its neighbours: log2 of
   max(|A|, |B|) over the grid's step (B - A)/(n - 1), from the sizes of
   the exact ratio (0 for one point). */
long gdt_sweep_axis_bits(const gdt_sweep_axis *x);

/* A certified sweep's first working precision for O's grid: the bits that
   tell its points apart (the largest gdt_sweep_axis_bits of its axes)
   plus LOST, the bits its runs lose (the Lyapunov exponent in bits a step
   times max-iter, which the caller estimates), plus 32; at least 64, at
   most O->max_prec. */
mpfr_prec_t gdt_sweep_first_prec(const gdt_sweep_opts *o, double lost);

/* The number of points of O's grid, the product of its axes' points. */
uint64_t gdt_sweep_points(const gdt_sweep_opts *o);

/* GDT_OK when every point of O's grid can be set up in O's mode: the
   mode itself, the ends of each axis (a learning rate or a w0 that the
   mode cannot hold, GDT_EDOMAIN or GDT_ERANGE) and, in an integer mode,
   every point (integer steps); else ERR names what and *AXIS the axis
   (SIZE_MAX: the mode; GDT_SWEEP_CHECK_PROBLEM: the problem, a constant
   the mode cannot hold).  The points in between follow from the ends,
   since rounding is monotone. */
#define GDT_SWEEP_CHECK_PROBLEM (SIZE_MAX - 1)
gdt_status gdt_sweep_check(const gdt_sweep_opts *o, size_t *axis, gdt_error *err)
    GDT_MUST_CHECK;

/* Run every point of O's grid to its outcome on O->threads threads, the
   points handed out in blocks as threads come free, and hand the records
   to SINK in the grid's order through a bounded reorder buffer (the
   records held at a time are a few blocks a thread).  *DONE is then the
   number of points whose records SINK wrote: all of them (of O's range,
   FIRST and COUNT), or after a
   stop (GDT_EINTERRUPTED) or a failure those before the first one not
   finished.  The outcome "interrupted" is thus never written.  The
   records are the same bytes for any number of threads. */
gdt_status gdt_sweep_run(const gdt_sweep_opts *o, const gdt_sweep_sink *sink,
                         uint64_t *done, gdt_error *err) GDT_MUST_CHECK;

#endif
