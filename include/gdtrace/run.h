/* gdtrace/run.h -- the loops that drive a run and a comparison, and the
   sinks they hand each step to */
#ifndef GDTRACE_RUN_H
#define GDTRACE_RUN_H

#include <signal.h>
#include "gdtrace/buf.h"
#include "gdtrace/compare.h"
#include "gdtrace/gd.h"
#include "gdtrace/momentum.h"
#include "gdtrace/num.h"
#include "gdtrace/problem.h"
#include "gdtrace/status.h"

/* What a run is, as typed, for the header of a report. */
typedef struct gdt_run_info {
    const gdt_problem *problem;
    const char *loss_text;  /* as typed (NULL: print the parsed loss) */
    const char *lr_text;    /* as typed; when the stepper's learning rates
                               are all the same (gdt_stepper_lr_same), the
                               one a header prints */
    const char *const *lr_texts; /* per parameter, as typed, which a header
                               prints when they differ ("lr_P"; NULL: their
                               exact values) */
    const char *const *w0_texts; /* per parameter, as typed */
    const char *data_path;  /* the data set, or NULL */
    size_t data_rows;
    unsigned long max_iter;
    int has_at;             /* run --at: the one step shown is computed */
    int resumed;            /* gdt_run_steps continues a trajectory whose
                               record of the stepper's current step is written
                               already: no header, and that record is not
                               repeated */
} gdt_run_info;

/* What the caller lends a run: the cancellation flag, polled between
   steps (nonzero: stop; NULL: never asked), and a progress callback told
   the step about to be computed (NULL: none), with USER.  Between two
   printed steps gdt_run_steps computes in bursts (src/run/burst.c) that
   poll the flag and call the callback every 4096 steps only (every few
   milliseconds of work at the least).  The flag reaches
   the loops inside a step through the domain: gdt_run_steps,
   gdt_run_compare and gdt_resume_run, given OPTS, point their domains'
   stop (gdt_domain.stop, num.h) at it when they start, and leave it so. */
typedef struct gdt_run_opts {
    gdt_cancel *stop;
    void (*progress)(void *user, unsigned long step);
    void *user;
} gdt_run_opts;

/* How a sink lays its records out, for reading them back (resume.h). */
typedef enum gdt_record_syntax {
    GDT_SYNTAX_NONE,   /* not one line per step: cannot be read back */
    GDT_SYNTAX_CSV,    /* a header line, then K,VALUE,... per step */
    GDT_SYNTAX_JSONL   /* {"step": K, "KEY": "VALUE", ...} per step, then
                          {"summary": ...} */
} gdt_record_syntax;

/* What a sink's record method makes: what its begin, step or end writes. */
typedef enum gdt_record_part {
    GDT_RECORD_BEGIN, GDT_RECORD_STEP, GDT_RECORD_END
} gdt_record_part;

/* Where a run's steps go: a method table and its context CTX.  Every
   method returns GDT_OK, GDT_EINTERRUPTED when a stop asked for cut it
   short (not a failure), or another status with ERR saying what failed.
   NUMFMT, when not NULL, is how the values will be written: a value too
   long to write stops the run (gdt_stepper's numfmt).  The run layer knows
   no more of a sink than this; reporters (report.h) provide one. */
typedef struct gdt_run_sink {
    void *ctx;
    const gdt_numfmt *numfmt;
    gdt_record_syntax syntax;
    /* Which steps step is handed: 0, every, 2 * every, ... and the last
       (where a rule stops the run); 0: none, only the summary.  A run
       evaluates what it prints (gdt_stepper_eval). */
    unsigned long every;
    /* The values its records print (GDT_FIELD_*, gd.h; NULL: all); its
       summary prints the parameters and the loss among them. */
    const unsigned char *fields;
    /* the header; also called for a resumed run (INFO->resumed) */
    gdt_status (*begin)(void *ctx, const gdt_run_info *info, const gdt_stepper *s,
                        gdt_error *err);
    /* the step S has just evaluated */
    gdt_status (*step)(void *ctx, const gdt_stepper *s, gdt_error *err);
    /* the summary; ERR holds on entry why S stopped, when it stopped on an
       error */
    gdt_status (*end)(void *ctx, const gdt_stepper *s, gdt_error *err);
    /* Append to OUT, without writing them, the bytes that begin (with
       INFO), step or end (ERR as end takes it) would write now for S, as
       PART says, the values printed as NUMFMT says (NULL: the sink's
       own); INFO->problem names the parameters.  A resume compares them
       with the file.  GDT_EVALUE when the sink's records cannot be made
       apart from its output (NULL: the sink has no record method). */
    gdt_status (*record)(void *ctx, gdt_record_part part, const gdt_run_info *info,
                         const gdt_stepper *s, const gdt_numfmt *numfmt, gdt_buf *out,
                         gdt_error *err);
} gdt_run_sink;

/* Append to B the name of field FIELD (GDT_FIELD_*, gd.h) of a record of
   problem P: csv's column, jsonl's key ("step", "w" for one parameter or
   each parameter's name, "grad" or "grad_NAME", "loss"); with TEXT the
   text header's (the parameter's name for one parameter too, and
   "loss(w)").  The one list of the names, which the reports write and a
   resume reads back. */
gdt_status gdt_field_name(gdt_buf *b, const gdt_problem *p, size_t field, int text)
    GDT_MUST_CHECK;

/* Run S to its end, handing the steps OUT->every says to OUT.  Returns GDT_OK when the
   run stopped by one of its rules or was asked to stop (S->stop
   GDT_STOP_INTERRUPTED); otherwise the error (ERR says what), after the
   steps completed so far and, unless OUT failed, the summary have been
   handed over.  OPTS may be NULL. */
gdt_status gdt_run_steps(gdt_stepper *s, const gdt_run_sink *out, const gdt_run_info *info,
                         const gdt_run_opts *opts, gdt_error *err) GDT_MUST_CHECK;

/* Where a comparison's steps go (gdt_run_sink's contract; BEGIN and END may
   be NULL). */
typedef struct gdt_compare_sink {
    void *ctx;
    const gdt_numfmt *numfmt;
    gdt_status (*begin)(void *ctx, const gdt_run_info *info, const gdt_compare *c,
                        gdt_error *err);
    gdt_status (*step)(void *ctx, const gdt_compare *c, gdt_error *err);
    gdt_status (*end)(void *ctx, const gdt_compare *c, gdt_error *err);
} gdt_compare_sink;

/* Run the comparison C to its end, handing each step to the N sinks OUT[]
   in turn.  A stop asked for marks the lanes still running
   GDT_STOP_INTERRUPTED and returns GDT_OK after the ends; a sink's failure
   returns its status at once, ERR saying what failed. */
gdt_status gdt_run_compare(gdt_compare *c, const gdt_compare_sink *out, size_t n,
                           const gdt_run_info *info, const gdt_run_opts *opts,
                           gdt_error *err) GDT_MUST_CHECK;

/* run --at N: the exact state at step N of a run whose gradient is affine,
   computed in closed form (never by iterating). */
typedef struct gdt_run_at {
    size_t n;           /* parameters */
    unsigned long k;    /* the step the state is at: N, or the first step
                           with a zero gradient when the run stops there */
    int stopped;        /* the run stops at K on a zero gradient */
    mpq_t *w;           /* w_K */
    mpq_t *buf;         /* with momentum: buf_(K-1), the momentum buffer
                           (0 at K = 0); else NULL */
} gdt_run_at;

/* Set A to the state at step AT of the exact run of PROG (the program of
   P) from W0 with LR (parameter i with LRS[i] when LRS is not NULL); with
   STOP_ON_ZERO a run whose gradient becomes zero before AT stops there
   (found by bisection: the steps with a zero gradient of an affine map are
   all those after the first, g_{k+1} = (I - H diag(lr)) g_k).  GDT_EVALUE when P's
   gradient is not affine, GDT_ERANGE when the state needs more than
   MAX_BITS bits (0: no limit), GDT_EDOMAIN and the like when the exact
   gradient at 0 has no value, GDT_EINTERRUPTED when OPTS asks for a stop;
   ERR says which.  With HB (not NULL) the run is torch's SGD with momentum
   (gdt_momentum_at: P's parameters must not couple, GDT_EVALUE otherwise);
   with STOP_ON_ZERO its first step with a zero gradient, which need not
   stay zero, is decided exactly per parameter from the 2x2 map's
   recurrence (src/run/run_at.c): GDT_EVALUE with weight decay, and when
   the map has complex eigenvalues whose ratio is no root of unity and AT
   is past 5000 steps (the steps are then run in rationals) and no other
   parameter settles it.  Clear A with gdt_run_at_clear in every case. */
gdt_status gdt_run_at_init(gdt_run_at *a, const gdt_problem *p, const gdt_program *prog,
                           const mpq_t lr, const mpq_t *lrs, const mpq_t *w0,
                           const gdt_heavyball *hb, unsigned long at, int stop_on_zero,
                           size_t max_bits, const gdt_run_opts *opts, gdt_error *err)
    GDT_MUST_CHECK;
void gdt_run_at_clear(gdt_run_at *a);

/* Hand the one step of A to OUT: S is a stepper set up in the exact domain
   from A->w (gdt_stepper_init with max_iter A->k; with momentum, its
   optimizer set, whose buffer is set to A->buf here).  Errors as
   gdt_run_steps. */
gdt_status gdt_run_at_steps(const gdt_run_at *a, gdt_stepper *s, const gdt_run_sink *out,
                            const gdt_run_info *info, gdt_error *err) GDT_MUST_CHECK;

/* 1 when OPTS asks for a stop. */
int gdt_run_stopped(const gdt_run_opts *opts);

#endif
