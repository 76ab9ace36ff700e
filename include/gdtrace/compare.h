/* gdtrace/compare.h -- the same problem in several modes, step by step */
#ifndef GDTRACE_COMPARE_H
#define GDTRACE_COMPARE_H

#include <gmp.h>
#include "gdtrace/gd.h"
#include "gdtrace/num.h"
#include "gdtrace/program.h"
#include "gdtrace/status.h"

/* What kind of number a value is. */
typedef enum gdt_cmp_class {
    GDT_CMP_FINITE, GDT_CMP_INF, GDT_CMP_NEGINF, GDT_CMP_NAN
} gdt_cmp_class;

/* Per mode and quantity, the first step at which something happened to
   it, or -1 when it never did. */
typedef struct gdt_cmp_events {
    long differs;   /* not the reference's value */
    long no_digits; /* no correct significant digit left */
    long subnormal; /* a subnormal number of the format */
    long zero;      /* zero */
    long inf;       /* +inf or -inf */
    long nan;       /* nan */
    long stall;     /* the first step of a stalled state: the mode's
                       parameters (finite) are the same at the next step,
                       and the gradient is not zero (gdt_stepper's
                       stall_start); for every quantity of the mode */
    long skipped;   /* loss scaling: the first step whose update is
                       skipped (a partial inf or nan); every quantity */
    long scale;     /* loss scaling: the first step whose scale is not
                       the step before's (backed off or grown) */
} gdt_cmp_events;

/* The events in the order of gdt_cmp_events, which index the values at
   them (gdt_cmp_qty's at). */
enum {
    GDT_CMP_EV_DIFFERS, GDT_CMP_EV_NO_DIGITS, GDT_CMP_EV_SUBNORMAL, GDT_CMP_EV_ZERO,
    GDT_CMP_EV_INF, GDT_CMP_EV_NAN, GDT_CMP_EV_STALL, GDT_CMP_EV_SKIPPED, GDT_CMP_EV_SCALE,
    GDT_CMP_NEVENTS
};

/* One quantity (a parameter, or the loss) of one mode at the current
   step, measured against the reference's, and its events. */
typedef struct gdt_cmp_qty {
    gdt_cmp_class cls;    /* the value's kind */
    mpq_t v;              /* its exact value when finite */
    int compared;         /* the reference has a record at this step too */
    int equal;            /* same value as the reference's */
    gdt_cmp_class rel_cls;/* GDT_CMP_FINITE, or INF when the relative error
                             is unbounded (reference 0, or one side not
                             finite) */
    mpq_t rel;            /* |v - ref| / |ref| when finite */
    long digits;          /* correct significant digits; -1: all (equal) */
    gdt_cmp_events ev;
    gdt_val at[GDT_CMP_NEVENTS]; /* the value at each event's step, in the
                             lane's domain, once the event has one */
} gdt_cmp_qty;

/* One mode of a comparison: a stepper in its own domain. */
typedef struct gdt_cmp_lane {
    const char *mode;     /* the mode's name as given (not owned) */
    size_t ref;           /* the lane it is measured against: the
                             comparison's reference, or with lanes of
                             their own optimizers the reference's mode
                             with this lane's optimizer (itself when it
                             is that) */
    const struct gdt_optim *optim; /* its optimizer (not owned), or NULL:
                             plain SGD */
    gdt_domain dom;
    gdt_stepper st;
    int ready;            /* dom and st are set up */
    int at_ready;         /* and the values at the events (q[j].at) */
    int active;           /* has a record at the current step */
    gdt_stop stop;        /* how it ended (GDT_STOP_NONE while running) */
    unsigned long steps;  /* updates done when it ended */
    gdt_error err;        /* why, when stop is GDT_STOP_ERROR */
    gdt_cmp_qty *q;       /* the quantities: the parameters, then the loss */
    /* a stochastic lane with runs K > 1 (gdt_compare_opts): its K - 1
       other runs, seeds seed + 1 .. seed + K - 1, in lockstep in DOM
       while the comparison lasts, a run that stops keeping its last
       values; ST is the run of the seed.  Only the plot reads them (a
       band). */
    gdt_stepper *ens;
    size_t nens;          /* set up */
    long scale_exp;       /* loss scaling: the scale of the step before,
                             2^scale_exp */
    int certified;        /* mode certified: the exact-real run as balls,
                             none of the stop rules of exact equality,
                             started again from w0 at twice the precision
                             until every value proves
                             GDT_CMP_CERTIFIED_DIGITS digits and, as the
                             reference, the balls decide every other
                             lane's equality and correct digits */
} gdt_cmp_lane;


/* How a comparison is run: the modes, and the settings every lane shares
   (each lane's stepper gets them as gdt_stepper_init and its fields say).
   Zero is the default where one is given, so that designated initialisers
   name only what differs. */
/* The significant digits each value of a certified lane proves (and the
   report prints): a run's default, binary64's shortest at most. */
#define GDT_CMP_CERTIFIED_DIGITS 17

typedef struct gdt_compare_opts {
    const char *const *modes;     /* N names for gdt_domain_init_mode (they
                                     must outlive C) */
    size_t n;
    size_t ref;                   /* the reference lane (0: the first) */
    char *const *names;           /* the parameters' names (they must
                                     outlive C) */
    const mpq_t *lr;              /* (pointer to) the learning rate */
    int lr_neg0;                  /* lr is a negative zero */
    const mpq_t *lrs;             /* per parameter, or NULL: *lr for every
                                     one (gdt_stepper_set_lr) */
    const unsigned char *lrs_neg0; /* per parameter, or NULL */
    const mpq_t *w0;              /* per parameter */
    const unsigned char *w0_neg0; /* per parameter, or NULL: negative zeros
                                     (gdt_stepper_neg_zero) */
    unsigned long max_iter;
    gdt_update update;            /* 0: GDT_UPDATE_SUB */
    const struct gdt_optim *optim; /* every lane's optimizer
                                     (gdt_stepper_set_optim), or NULL: SGD */
    const struct gdt_optim *const *optims; /* per lane its own (an entry
                                     NULL: plain SGD), or NULL: OPTIM for
                                     every lane */
    const gdt_update *updates;    /* per lane, or NULL: UPDATE for every one
                                     (a lane's kahan recipe aside) */
    const size_t *refs;           /* per lane the lane it is measured
                                     against (a lane that is its own: a
                                     reference), or NULL: REF for every
                                     one; each a reference itself */
    mpfr_prec_t prec;             /* mpfr's precision (0: 53) */
    mpfr_rnd_t rnd;               /* rounded modes' rounding (0: MPFR_RNDN) */
    size_t max_bits;              /* bounds exact values (gdt_domain's
                                     max_bits; 0: none) */
    int stop_on_zero;             /* gdt_stepper's stop_on_zero, as given */
    int detect_cycles;            /* gdt_stepper's detect_cycles */
    int stop_on_stall;            /* gdt_stepper's stop_on_stall (every lane
                                     watches for a stall: its event) */
    int stop_on_nonfinite;        /* gdt_stepper's stop_on_nonfinite */
    const int *sr;                /* per lane: its stochastic rounding
                                     (gdt_stepper_set_sr's mode; 0: none),
                                     or NULL: none */
    unsigned long long seed;      /* and its generator's key */
    const char *const *labels;    /* per lane: its name as shown, or NULL:
                                     MODES's */
    size_t runs;                  /* a stochastic lane's runs (0, 1: one) */
    mpfr_prec_t max_prec;         /* the cap on a certified lane's precision
                                     (0: 2^20 bits) */
    const gdt_program *seeded_prog; /* the program of the lanes that scale
                                     their loss (MODE+...+scale:
                                     gdt_problem_init_seed's; it must
                                     outlive C), or NULL: none may */
    gdt_loss_scale loss_scale;    /* their scale (.on 0: GradScaler's,
                                     dynamic from 2^16, interval 2000) */
} gdt_compare_opts;

typedef struct gdt_compare {
    size_t n;             /* lanes */
    gdt_cmp_lane *lanes;
    size_t ref;           /* the reference lane */
    size_t nq;            /* quantities: nparams + 1, the loss last */
    const char **qname;   /* their names: "w" or the parameters', "loss" */
    unsigned long k;      /* the current step */
    mpq_t t;              /* scratch */
    mpq_t lo, hi;         /* scratch: a ball's ends */
    gdt_compare_opts o;   /* as given to gdt_compare_init (the restarts of
                             a certified lane read it) */
    const gdt_program *prog;
} gdt_compare;

/* Set C up to run PROG in each of O's modes from O's w0 with its lr, for
   at most O->max_iter updates.  On failure ERR says what, naming the mode
   when it cannot be set up; clear C with gdt_compare_clear in every case. */
gdt_status gdt_compare_init(gdt_compare *c, const gdt_program *prog,
                            const gdt_compare_opts *o, gdt_error *err) GDT_MUST_CHECK;
void gdt_compare_clear(gdt_compare *c); /* C may be NULL */

/* Evaluate step C->k in every lane still running, compare each quantity
   with the reference's and update the events (a stall is seen one step
   after the one it is noted at, where the state repeats).  A lane whose evaluation fails stops
   with GDT_STOP_ERROR (its err says why); the others go on. */
gdt_status gdt_compare_eval(gdt_compare *c) GDT_MUST_CHECK;

/* 1 while some lane is still running after the current step. */
int gdt_compare_running(const gdt_compare *c);

/* Update every lane that is still running; C->k = C->k + 1. */
gdt_status gdt_compare_update(gdt_compare *c) GDT_MUST_CHECK;

/* The number of correct significant decimal digits of X against the
   reference R (both exact, R != 0): the largest d >= 0 with
   |X - R| / |R| <= 10^-d, or 0 when X and R differ in sign.  (X == R is
   "all" digits, for the caller to decide.) */
long gdt_correct_digits(const mpq_t x, const mpq_t r);

#endif
