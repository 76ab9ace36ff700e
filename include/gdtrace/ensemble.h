/* gdtrace/ensemble.h -- a stochastic run repeated K times in lockstep
   (run --runs K), next to the exact run */
#ifndef GDTRACE_ENSEMBLE_H
#define GDTRACE_ENSEMBLE_H

#include <gmp.h>
#include "gdtrace/gd.h"
#include "gdtrace/num.h"
#include "gdtrace/run.h"
#include "gdtrace/session.h"
#include "gdtrace/status.h"

/* One quantity (a parameter, or the loss) over the K runs at one step. */
typedef struct gdt_ens_stat {
    int finite;         /* every run's value is finite: MEAN and VAR hold */
    mpq_t mean;         /* the mean of the K values, exact */
    mpq_t var;          /* their variance (the mean square deviation, as
                           NumPy's var, ddof 0), exact */
    const gdt_val *min, *max; /* the least and the greatest value (NaN
                           when one is) among the runs', in DOM */
} gdt_ens_stat;

/* K steppers of one stochastic run (the same mode, rounding and recipe)
   with seeds SEED .. SEED + K - 1, evaluated and updated together, a run
   that stops keeping its last values (a gradient exactly zero is a fixed
   point); and the exact run, in its own domain, for reference, while it
   lasts.  Memory: K states, never the trajectory. */
typedef struct gdt_ensemble {
    size_t k;
    gdt_domain dom;         /* the runs' domain, shared */
    gdt_stepper *runs;
    size_t ready;           /* RUNS set up */
    gdt_domain exact_dom;
    gdt_stepper exact;
    int has_exact;          /* the exact run is set up */
    int exact_live;         /* and still has values at the current step
                               (it ran into no limit) */
    gdt_error exact_err;    /* why it stopped having values */
    size_t nq;              /* the quantities: the parameters, then the
                               loss */
    gdt_ens_stat *stat;     /* at the current step, per quantity */
    unsigned long step;     /* the current step */
    unsigned long *stops;   /* how many runs stopped for each gdt_stop */
    int interrupted;        /* a stop asked for ended it (gdt_ensemble_run):
                               STEP is the last step printed */
    mpq_t t, u;             /* scratch */
} gdt_ensemble;

#define GDT_ENS_NSTOPS (GDT_STOP_CONTRACTING + 1)

/* Set E up for K runs of S's program as O says (its mode, with O->sr set,
   seeds O->seed ..), and the exact run, where there is one (a loss with
   irrational values has none: E->exact_live 0, E->exact_err why).  On
   failure ERR says why (S->phase as gdt_session_stepper).  Clear E with
   gdt_ensemble_clear in every case. */
gdt_status gdt_ensemble_init(gdt_ensemble *e, gdt_session *s, const gdt_session_opts *o,
                             size_t k, gdt_error *err) GDT_MUST_CHECK;
void gdt_ensemble_clear(gdt_ensemble *e); /* E may be NULL */

/* Evaluate the current step in every run still going, and the exact run,
   and make the statistics.  A run's failure (an error, a value too large
   for --max-bits, a stop asked for) ends the ensemble: its status, ERR
   naming the seed. */
gdt_status gdt_ensemble_eval(gdt_ensemble *e, gdt_error *err) GDT_MUST_CHECK;

/* 1 while some run goes on after the current step. */
int gdt_ensemble_running(const gdt_ensemble *e);

/* Update every run still going (and the exact run); the step + 1. */
gdt_status gdt_ensemble_update(gdt_ensemble *e, gdt_error *err) GDT_MUST_CHECK;

/* How the runs ended so far: the count of those that stopped for STOP. */
unsigned long gdt_ensemble_stops(const gdt_ensemble *e, gdt_stop stop);

/* A sink of an ensemble's steps (a reporter, report.h). */
typedef struct gdt_ensemble_sink {
    gdt_status (*begin)(void *ctx, const gdt_run_info *info, const gdt_ensemble *e,
                        gdt_error *err);
    gdt_status (*step)(void *ctx, const gdt_ensemble *e, gdt_error *err);
    gdt_status (*end)(void *ctx, const gdt_ensemble *e, gdt_error *err);
    void *ctx;
} gdt_ensemble_sink;

/* Run E to its end (max-iter, or every run stopped), each step to SINK
   (OPTS: the stop flag, polled between steps, and the progress callback).
   GDT_OK (E->step the last step; a stop asked for ends it early, as
   interrupted runs), or the failure with ERR. */
gdt_status gdt_ensemble_run(gdt_ensemble *e, const gdt_ensemble_sink *sink,
                            const gdt_run_info *info, const gdt_run_opts *opts,
                            gdt_error *err) GDT_MUST_CHECK;

#endif
