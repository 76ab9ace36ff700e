/* gdtrace/session.h -- one call that sets a run up: data, problem, program,
   then the domain and stepper (or the lanes of a comparison) */
#ifndef GDTRACE_SESSION_H
#define GDTRACE_SESSION_H

#include <gmp.h>
#include <mpfr.h>
#include "gdtrace/compare.h"
#include "gdtrace/data.h"
#include "gdtrace/expr.h"
#include "gdtrace/gd.h"
#include "gdtrace/problem.h"
#include "gdtrace/program.h"
#include "gdtrace/status.h"

/* Everything a run is made from, as plain values (none owned). */
typedef struct gdt_session_opts {
    const char *loss;             /* the loss's text */
    const char *const *grads;     /* hand-written partials ("P=EXPR"), or NULL */
    size_t ngrads;
    const char *data_path;        /* a CSV data set, or NULL */
    const char *data_text;        /* when not NULL, DATA_PATH's bytes, DATA_LEN
                                     of them (gdt_data_read_text), not read
                                     from the file */
    size_t data_len;
    const char *mode;             /* gdt_domain_init_mode's name */
    mpfr_prec_t prec;
    mpfr_rnd_t rnd;
    size_t max_bits;              /* gdt_domain's max_bits (0: none) */
    gdt_update update;
    const char *master;           /* --master's format (gdt_stepper_set_master),
                                     or NULL */
    gdt_loss_scale loss_scale;    /* --loss-scale (gdt_stepper_set_loss_scale;
                                     .on 0: none): the program is then
                                     gdt_problem_init_seed's; compare: the
                                     scale of the SCALED_LANES */
    int scaled_lanes;             /* compare: some lanes scale their loss
                                     (MODE+master32+scale): they run a
                                     second program, gdt_problem_init_seed's
                                     (the session's program_seeded), the
                                     others the plain one */
    const struct gdt_optim *optim; /* the optimizer and schedule
                                     (gdt_stepper_set_optim), or NULL: SGD */
    const mpq_t *lr;              /* (pointer to) the learning rate */
    int lr_neg0;                  /* it was written "-0" */
    const mpq_t *lrs;             /* per parameter, once the problem is open,
                                     or NULL: *lr for every one */
    const unsigned char *lrs_neg0; /* per parameter, or NULL: lrs's negative
                                     zeros (gdt_stepper_set_lr) */
    const mpq_t *w0;              /* per parameter, once the problem is open */
    const unsigned char *w0_neg0; /* per parameter, or NULL */
    unsigned long max_iter;
    int stop_on_zero, detect_cycles;
    int stop_on_stall, stop_on_nonfinite; /* gdt_stepper's */
    gdt_cancel *stop;             /* the domain's stop flag (num.h) from its
                                     set-up on, or NULL */
    gdt_kinks kinks;              /* the derivatives at kinks (expr.h) */
    int sr;                       /* stochastic rounding (gdt_sr_mode; 0:
                                     none), its generator keyed by SEED */
    unsigned long long seed;
    const int *mode_sr;           /* compare: per lane, or NULL (none) */
    const struct gdt_optim *const *lane_optims; /* compare: per lane its
                                     optimizer (gdt_compare_opts' optims),
                                     or NULL: OPTIM for every lane */
    const gdt_update *lane_updates; /* compare: per lane, or NULL: UPDATE */
    const size_t *lane_refs;      /* compare: per lane its reference, or
                                     NULL: the comparison's */
    const char *const *labels;    /* compare: the lanes' names as written
                                     ("bfloat16+sr"), or NULL: the modes' */
    size_t runs;                  /* compare: a stochastic lane's runs, for
                                     its band in the plot (0, 1: one) */
    mpfr_prec_t max_prec;         /* the cap of mode certified (compare) */
} gdt_session_opts;

/* Where a set-up failed, for the caller's message. */
typedef enum gdt_session_phase {
    GDT_SESSION_DATA,     /* reading the data set */
    GDT_SESSION_PROBLEM,  /* the loss or a gradient: ERR->pos in WHERE */
    GDT_SESSION_PROGRAM,  /* lowering them */
    GDT_SESSION_DOMAIN,   /* the mode's numbers */
    GDT_SESSION_STEPPER   /* lr, w0 or a constant in those numbers */
} gdt_session_phase;

typedef struct gdt_session {
    gdt_data data;
    gdt_names columns;
    gdt_problem problem;
    gdt_program program;
    gdt_problem problem_seeded;  /* with scaled_lanes (compare), else empty */
    gdt_program program_seeded;
    const char *where;    /* GDT_SESSION_PROBLEM: the text the error is in */
    gdt_session_phase phase;
} gdt_session;

/* Read O's data set, parse the loss and the gradients, lower them to a
   program.  On failure S->phase says which and ERR what.  Clear S with
   gdt_session_clear in every case. */
gdt_status gdt_session_open(gdt_session *s, const gdt_session_opts *o, gdt_error *err)
    GDT_MUST_CHECK;
void gdt_session_clear(gdt_session *s);

/* Set DOM up as O's mode and ST as the run of S's program in it from O's
   w0 with its lr (O->lrs, when given: parameter i's is O->lrs[i], an lr
   the mode cannot hold named lr_P), max_iter, update and stop rules
   (negative zeros included).  On failure S->phase (GDT_SESSION_DOMAIN or
   _STEPPER) says which and ERR what.  Clear ST and DOM in every case (DOM
   is set up far enough for gdt_domain_clear). */
gdt_status gdt_session_stepper(gdt_session *s, gdt_domain *dom, gdt_stepper *st,
                               const gdt_session_opts *o, gdt_error *err) GDT_MUST_CHECK;

/* gdt_session_stepper in DOM, a domain the caller has set up (and
   clears, after ST): its max_bits and stop are set from O, O's mode,
   prec and rnd are not read.  run --certify's balls come this way. */
gdt_status gdt_session_stepper_in(gdt_session *s, gdt_domain *dom, gdt_stepper *st,
                                  const gdt_session_opts *o, gdt_error *err) GDT_MUST_CHECK;

/* Set C up as a comparison of S's program in the N modes MODES[] (lane
   REF the reference), each from O as gdt_session_stepper.  On failure ERR
   names the mode (S->phase GDT_SESSION_STEPPER).  Clear C with
   gdt_compare_clear in every case. */
gdt_status gdt_session_compare(gdt_session *s, gdt_compare *c, const char *const *modes,
                               size_t n, size_t ref, const gdt_session_opts *o,
                               gdt_error *err) GDT_MUST_CHECK;

#endif
