/* gdtrace/analyze.h -- why a run converges, cycles or blows up, exactly:
   the facts (predictions, the Lyapunov exponent) and gdtrace analyze's
   answer, section by section, as structs that a report turns into text */
#ifndef GDTRACE_ANALYZE_H
#define GDTRACE_ANALYZE_H

#include <gmp.h>
#include "gdtrace/affine.h"
#include "gdtrace/gd.h"
#include "gdtrace/momentum.h"
#include "gdtrace/num.h"
#include "gdtrace/poly.h"
#include "gdtrace/problem.h"
#include "gdtrace/program.h"
#include "gdtrace/run.h"
#include "gdtrace/status.h"

/* The class of a one-parameter multiplier r = 1 - lr f'':
   "converges monotonically" (0 < r < 1), "converges in one step" (r = 0),
   "converges, oscillating" (-1 < r < 0), "2-cycle" (r = -1),
   "no movement" (r = 1), "diverges monotonically" (r > 1),
   "diverges, oscillating" (r < -1). */
const char *gdt_analyze_multiplier_class(const mpq_t r);

/* The class of a one-parameter run whose gradient is g0 + F2 w: "drifts"
   when F2 = 0 and LR G0 != 0 (a linear loss: w moves by -lr g0 every step,
   at constant speed, forever), else gdt_analyze_multiplier_class (1 - LR F2). */
const char *gdt_analyze_affine1_class(const mpq_t lr, const mpq_t f2, const mpq_t g0);

/* What a float format does to a one-parameter run whose gradient is
   affine, predicted without iterating and seen in the simulated run. */
typedef struct gdt_prediction {
    const char *event;    /* "overflow" (w_n rounds to +-inf), "fixed point"
                             (w_n rounds to the format's value of w*, +0 and
                             -0 alike), "stall" (a drift: the rounded step
                             leaves w unchanged, w_(n+1) = w_n), or NULL */
    mpz_t step;           /* its step, when event is not NULL (a stall's:
                             the first of the repeated state, n, as a
                             sweep's outcome and compare's events say) */
    const char *never;    /* when event is NULL: why none comes */
    const char *sim_event;/* the simulated run's first "overflow", "fixed
                             point" or "stall", or NULL */
    long sim_step;        /* -1 when none */
    gdt_stop sim_stop;    /* how the simulated run stopped */
    unsigned long sim_steps;
} gdt_prediction;

void gdt_prediction_init(gdt_prediction *pr);
void gdt_prediction_clear(gdt_prediction *pr);

/* Predict for domain D (an IEEE format, rounding to nearest) the first
   step of the event, and simulate the run in D (at most LIMIT steps,
   stopping on grad-zero or a cycle).

   |r| != 1 (f'' != 0): the model is the exact closed form w_n = w* + r^n e0,
   each w_n rounded once into the format; the event is "overflow" for
   |r| > 1, "fixed point" for |r| < 1.  The step, of any size, is a ratio of
   logarithms, (ln threshold - ln |e0|) / ln |r|, bracketed in MPFR with
   both directed roundings, and confirmed by evaluating the closed form in
   interval arithmetic (MPFR, rounded down and up) at the bracket and its
   neighbours, once for each sign of r^n e0; never by iterating.  A w_n
   exactly on a rounding boundary is recognised exactly (r^n compared with
   a rational by integer roots).  The working precision starts near twice
   the format's and doubles while undecided, up to A->max_bits
   (GDT_ERANGE past it).

   f'' = 0, lr g0 != 0 (a drift): the model is the float run itself with a
   constant gradient: w_(n+1) = fl(w_n - fl(fl(lr) fl(g))), the step taken
   in closed form across each binade (where it rounds to one multiple of
   the binade's ulp), so the predicted "overflow" or "stall" is the
   simulated one when the float gradient does not depend on w (a loss
   linear as written).

   GDT_EINTERRUPTED when STOP asks for a stop.  PR must have been
   initialised. */
gdt_status gdt_analyze_predict(gdt_prediction *pr, const gdt_program *prog, gdt_domain *d,
                               const gdt_affine *a, const mpq_t lr, const mpq_t w0,
                               unsigned long limit, gdt_cancel *stop) GDT_MUST_CHECK;

/* The run a Lyapunov exponent was taken along. */
typedef struct gdt_lyapunov_run {
    unsigned long steps; /* its updates */
    gdt_stop stop;       /* how it stopped */
    unsigned long terms; /* the terms averaged: one per update, fewer when
                            f'' has no value on the way (w inf or nan) */
} gdt_lyapunov_run;

/* The Lyapunov exponent of a one-parameter run: the mean over the updates
   of ln |1 - lr f''(w_n)| along the trajectory computed in MPFR at PREC
   bits, with f'' given by the program FPP (whose loss register holds f'').
   The run is the one gdtrace analyze's trajectory is: at most STEPS
   updates, stopping on grad-zero or a cycle; RUN says how it went.  A
   multiplier 0 makes the exponent -inf.  GDT_EINTERRUPTED when STOP asks
   for a stop. */
gdt_status gdt_analyze_lyapunov(mpfr_t lambda, gdt_lyapunov_run *run, const gdt_program *prog,
                                const gdt_program *fpp, const mpq_t lr, const mpq_t w0,
                                unsigned long steps, mpfr_prec_t prec,
                                gdt_cancel *stop) GDT_MUST_CHECK;

/* The Hessian of a loss of N parameters (the Jacobian of its gradient,
   the hand-written partials' when given): the N^2 second derivatives
   derived exactly from the gradient's trees, lowered to N programs (row
   i: its loss register the partial g_i, its partials row i of H), and
   evaluated in an MPFR domain of the precision gdt_hessian_bind gives. */
typedef struct gdt_hessian {
    size_t n;
    gdt_program *row;    /* the N programs */
    /* bound: */
    gdt_domain d;
    int have_d;
    gdt_val **regs;      /* each row's registers */
    mpfr_t *m, *eig;     /* scratch: an N x N matrix, N eigenvalues */
} gdt_hessian;

void gdt_hessian_init(gdt_hessian *h);
void gdt_hessian_clear(gdt_hessian *h); /* H may be NULL */

/* Derive the Hessian of P (lowered to programs over PROG's data set):
   GDT_EVALUE (or the error of gdt_expr_derive_kinks: a kink with --kinks
   error, GDT_ERANGE past the derivative's node limit) when a partial has
   no derivative as written, GDT_ENOMEM. */
gdt_status gdt_hessian_derive(gdt_hessian *h, const gdt_problem *p, const gdt_program *prog)
    GDT_MUST_CHECK;

/* Set up the evaluation in MPFR at PREC bits, STOP polled by the sums
   over the data rows and by the eigenvalues. */
gdt_status gdt_hessian_bind(gdt_hessian *h, mpfr_prec_t prec, gdt_cancel *stop)
    GDT_MUST_CHECK;

/* G[i] = g_i(W) (G may be NULL) and HM[i*n + j] = H_ij(W), rounded to
   their precision.  The errors of gdt_program_eval. */
gdt_status gdt_hessian_eval(gdt_hessian *h, mpfr_t *g, mpfr_t *hm, mpfr_t *w) GDT_MUST_CHECK;

/* EIG[0 .. n), increasing: the eigenvalues of HM symmetrised, (HM +
   HM^T)/2, or with SQ[i] = sqrt(lr_i) (SQ not NULL) of D^(1/2) HM D^(1/2),
   D = diag(lr), whose eigenvalues are those of D HM (gdt_matrix_sym_eigen,
   its errors). */
gdt_status gdt_hessian_eigen(gdt_hessian *h, mpfr_t *eig, mpfr_t *hm, mpfr_t *sq)
    GDT_MUST_CHECK;

/* TOP = the sharpness at W: the largest eigenvalue of H(W) (of diag(lr)
   H(W) with SQ as gdt_hessian_eigen's).  The errors of gdt_hessian_eval
   and gdt_matrix_sym_eigen (GDT_EDOMAIN: H has an inf or nan). */
gdt_status gdt_hessian_top(gdt_hessian *h, mpfr_t top, mpfr_t *w, mpfr_t *sq) GDT_MUST_CHECK;

/* R = max |V[i]|, i < N (0 for N = 0). */
void gdt_vec_norm_inf(mpfr_t r, mpfr_t *v, size_t n);

/* Newton's method on the gradient from W (changed in place): w -= H^-1 g,
   the system solved by Gaussian elimination with partial pivoting, until
   the step is below 2^(8 - prec) of max |w_i| (or below 2^(-2 prec)), the
   gradient is exactly zero, or MAX_STEPS steps.  *CONVERGED = 1 when it
   ended so at a finite point, G and HM then the gradient and the Hessian
   there; 0 when a value is inf or nan, H singular at the precision, or
   the steps ran out.  *STEPS: the steps taken.  GDT_EINTERRUPTED,
   GDT_ENOMEM, the errors of gdt_program_eval. */
gdt_status gdt_hessian_newton(int *converged, unsigned long *steps, gdt_hessian *h, mpfr_t *w,
                              mpfr_t *g, mpfr_t *hm, unsigned long max_steps) GDT_MUST_CHECK;

/* What gdtrace analyze is asked. */
typedef struct gdt_analyze_in {
    const gdt_problem *problem;
    const gdt_program *program;
    const char *loss_text;
    mpq_t lr;
    const mpq_t *lrs;         /* per parameter when they differ, or NULL: lr
                                 for every one.  Several parameters of an
                                 affine gradient take the map I - diag(lr) H
                                 (its eigenvalues for lr >= 0 only), --at
                                 too; there is no one critical lr then */
    const mpq_t *w0;          /* per parameter */
    int has_at;               /* --at N given */
    unsigned long at;
    unsigned long max_iter;   /* steps of the trajectory (Lyapunov) */
    size_t max_bits;          /* bound on exact values (--at) and on the
                                 working precision of predictions */
    mpfr_prec_t prec;         /* its precision */
    gdt_roots_budget roots;   /* what root isolation takes (--max-degree,
                                 --max-coeff-bits) */
    const struct gdt_optim *optim; /* the optimizer (gdtrace/optim.h), or
                                 NULL: plain SGD.  SGD with momentum or
                                 weight decay takes a quadratic loss (its
                                 exact 2x2 maps, --at too); Adam, AdamW and
                                 schedules are refused */
    int sharpness;            /* the sharpness per step, as a column */
    int keep_sharpness;       /* and kept for a picture */
} gdt_analyze_in;

/* ------------------------------------------------ gdtrace analyze's answer */

/* The sections of the answer, in the order they come:
     PROBLEM; then for an affine gradient QUADRATIC1 (one parameter) or
     QUADRATIC_N, then AT (with --at) or, for one parameter, one FORMAT per
     IEEE format; for any other loss of one parameter CRITICAL (a polynomial
     gradient) or TRAJECTORY, then LYAPUNOV, then SHARPNESS when asked
     (in->sharpness, in->keep_sharpness); for the others TRAJECTORY and
     SHARPNESS, or NOTE when the gradient has no derivative. */
typedef enum gdt_analysis_section {
    GDT_ANALYSIS_END = 0,     /* no more */
    GDT_ANALYSIS_PROBLEM,     /* the problem as asked: IN says it all */
    GDT_ANALYSIS_QUADRATIC1,  /* q1 */
    GDT_ANALYSIS_QUADRATIC_N, /* qn, and the affine map's H */
    GDT_ANALYSIS_AT,          /* at */
    GDT_ANALYSIS_FORMAT,      /* format: one IEEE format's prediction */
    GDT_ANALYSIS_CRITICAL,    /* crit */
    GDT_ANALYSIS_TRAJECTORY,  /* traj */
    GDT_ANALYSIS_LYAPUNOV,    /* lyap */
    GDT_ANALYSIS_SHARPNESS,   /* sharp */
    GDT_ANALYSIS_MOMENTUM,    /* mom: SGD with momentum or weight decay
                                 on a quadratic loss, in place of
                                 QUADRATIC1 and QUADRATIC_N (no FORMAT) */
    GDT_ANALYSIS_NOTE         /* several parameters, a gradient not affine
                                 and with no derivative: nothing more is
                                 analyzed */
} gdt_analysis_section;

/* At most this many IEEE formats are predicted for. */
#define GDT_ANALYSIS_MAX_FORMATS 8

/* A critical point of a polynomial gradient: f''(w*), the local
   multiplier 1 - lr f'' and its class, the critical lr 2/f'' (when
   f'' > 0); exact at a rational or multiple root, else evaluated exactly at
   the midpoint of the isolating interval. */
typedef struct gdt_critical_point {
    int exact;
    mpq_t f2, multiplier, lr_critical;
    const char *cls;
} gdt_critical_point;

/* gdtrace analyze's answer: what gdt_analysis_next computed last
   (SECTION), in the member of that section's name.  Values a section does
   not set are those of gdt_analysis_init. */
typedef struct gdt_analysis {
    const gdt_analyze_in *in;
    gdt_analysis_section section;
    gdt_affine affine;        /* an affine gradient's map (affine == 1) */
    int affine_ok;
    struct {
        mpq_t f2;             /* f'' */
        int have_ws;          /* f'' != 0: */
        mpq_t ws, e0;         /* w* = -g0/f'', and w0 - w* */
        mpq_t r;              /* 1 - lr f'' */
        const char *cls;      /* gdt_analyze_affine1_class */
        int drifts;           /* f'' = 0, lr g0 != 0: w moves by -step */
        mpq_t step, drift;    /* lr g0 and -lr g0: w_n = w0 - n step when
                                 f'' = 0 */
        mpq_t lr_critical, lr_one_step; /* 2/f'', 1/f'' when f'' > 0 */
    } q1;
    struct {
        int have_ws;          /* H is invertible: */
        mpq_t *ws;            /* the stationary point */
        gdt_roots eig;        /* the eigenvalues of I - lr H */
        int have_radius;      /* it has some: */
        gdt_root radius;      /* the spectral radius */
        const char *cls;      /* converges or not */
        int have_lr_critical; /* H has a positive eigenvalue: */
        gdt_root lr_critical; /* 2 / the largest */
    } qn;
    struct {
        size_t n;             /* the parameters, each its own map (H is
                                 diagonal) */
        gdt_heavyball hb;     /* the optimizer's momentum, dampening,
                                 Nesterov and weight decay */
        gdt_momentum_map *map;/* per parameter, at its curvature H_ii + wd */
        int have_ws;          /* every curvature is nonzero: */
        mpq_t *ws;            /* the stationary point */
        int drifts;           /* a curvature 0 with a gradient: no w* */
        size_t top;           /* the parameter of the largest radius */
        mpfr_t radius;        /* the spectral radius, to in->prec bits */
        int have_lr_critical; /* one lr, the largest curvature > 0: */
        mpq_t lr_critical, lr_low;
    } mom;
    struct {
        mpq_t *w, *grad;      /* the state at step in->at, exactly */
        mpq_t loss;
        mpq_t *buf;           /* with momentum: buf_(N-1), the momentum
                                 buffer (0 at step 0) */
    } at;
    struct {
        size_t index;         /* 0 for the first format */
        const char *name;     /* "binary16", ... */
        int drift;            /* f'' = 0: predicted from the rounded step */
        gdt_prediction pr;
    } format;
    struct {
        int constant;         /* the gradient is constant: none */
        gdt_roots roots;      /* the real roots of the gradient, */
        gdt_critical_point *pt; /* and what each is */
    } crit;
    struct {
        int failed;           /* the run failed: nothing more is known */
        int found;            /* it found a critical point */
        gdt_stop stop;        /* how it stopped, after steps */
        unsigned long steps, period, cycle_start;
        int have_w, have_grad;
        mpq_t w, grad;        /* where it ended, the gradient there */
        int have_fpp;         /* the gradient has a derivative */
        int have_f2;          /* at the point found, f'' has a value: */
        mpq_t f2, multiplier, lr_critical;
        const char *cls;
        /* several parameters: the run's last state, |grad| there */
        size_t n;
        mpq_t *wl;
        mpq_t gnorm_last;
        /* Newton's method on the gradient from the run's last state (with
           several parameters always; with one when the run found no
           critical point itself), at newton_prec bits */
        int newton;           /* it converged: */
        int approach;         /* the run approaches the point (it
                                 attracts, and the run does not end in a
                                 cycle away from it); with one parameter
                                 newton is 0 when it does not */
        unsigned long newton_steps;
        long newton_prec;
        mpq_t *ws;            /* the point */
        mpq_t gnorm, dist;    /* |grad| there; |w_last - w*| */
        mpq_t *h;             /* H there (several parameters) */
        mpq_t *eig;           /* the eigenvalues of H, or of diag(lr) H
                                 with learning rates per parameter,
                                 increasing */
        mpq_t radius;         /* the spectral radius of I - lr H (of
                                 I - diag(lr) H) */
        const char *kind;     /* minimum, maximum, saddle, degenerate */
        int undecided;        /* degenerate, no eigenvalue < 0: H does not
                                 say whether the run converges */
        int have_lmax;        /* the top eigenvalue is > 0: */
        mpq_t lr_limit;       /* 2 / it: the critical lr (with learning
                                 rates per parameter: the factor they may
                                 be scaled by) */
    } traj;
    struct {
        int have;             /* a run with a Hessian at w_0: */
        int per_lr;           /* learning rates per parameter: the top
                                 eigenvalue of diag(lr) H, against 2 */
        double threshold;     /* 2/lr (per_lr: 2) */
        unsigned long count;  /* the steps with a value, from step 0 */
        unsigned long steps;  /* the run's steps */
        gdt_stop stop;
        double first, max, last;
        unsigned long max_step;
        long above_from;      /* the first step above the threshold, -1 */
        unsigned long above;  /* the steps above it */
        double *lmax;         /* per step (count), when in->sharpness or
                                 in->keep_sharpness */
    } sharp;
    struct {
        int have;             /* an exponent; else f'' is: */
        int too_large;        /* too large to derive (else has none) */
        mpfr_t lambda;
        gdt_lyapunov_run run;
        size_t nformats;
        const char *format[GDT_ANALYSIS_MAX_FORMATS];
        long no_digits[GDT_ANALYSIS_MAX_FORMATS]; /* the step at which
                                 the format keeps no correct digit (P ln2
                                 / exponent, rounded up); -1: never */
    } lyap;
    /* private to analysis.c: the plan, and what the sections share */
    unsigned long bits;
    gdt_cancel *stop;
    gdt_analysis_section plan[8];
    size_t nplan, next, nformats;
    gdt_poly g, cp, ch;       /* the gradient's polynomial; the
                                 characteristic polynomials of I - lr H, H */
    int is_poly;
    gdt_expr *f2e;            /* f'' (CRITICAL, TRAJECTORY, LYAPUNOV), */
    gdt_program fpp;          /* as a program */
    int have_fpp;
    gdt_hessian hess;         /* several parameters, or a Newton step */
    int have_hess;
} gdt_analysis;

/* AN empty. */
void gdt_analysis_init(gdt_analysis *an);
/* Free what AN holds; AN may be NULL or what a failed call left. */
void gdt_analysis_clear(gdt_analysis *an);

/* Plan the analysis of IN (kept by pointer until the clear), refining
   inexact roots to BITS bits.  What may refuse the problem comes first:
   --at on a gradient that is not affine, a characteristic polynomial or a
   gradient's polynomial past IN->roots (GDT_EVALUE, ERR naming the bound
   and its option); GDT_EDIVZERO and the like when the exact gradient at 0
   has no value.  OPTS->stop (OPTS may be NULL) is polled by every long
   loop after. */
gdt_status gdt_analysis_start(gdt_analysis *an, const gdt_analyze_in *in, unsigned long bits,
                              const gdt_run_opts *opts, gdt_error *err) GDT_MUST_CHECK;

/* Compute the next section into AN (AN->section; GDT_ANALYSIS_END when
   there is none), so that a report can write each as it comes.
   GDT_EINTERRUPTED when a stop was asked for, GDT_ERANGE past
   IN->max_bits, GDT_ENOMEM; ERR says which. */
gdt_status gdt_analysis_next(gdt_analysis *an, gdt_error *err) GDT_MUST_CHECK;

#endif
