/* gdtrace/analyze.h -- why a run converges, cycles or blows up, exactly */
#ifndef GDTRACE_ANALYZE_H
#define GDTRACE_ANALYZE_H

#include <gmp.h>
#include "gdtrace/gd.h"
#include "gdtrace/num.h"
#include "gdtrace/poly.h"
#include "gdtrace/problem.h"
#include "gdtrace/program.h"
#include "gdtrace/status.h"

/* An affine gradient g(w) = g0 + H w, as every quadratic loss has: G0 the
   gradient at w = 0, H its constant Jacobian (the loss's Hessian), both
   exact, found by evaluating the program exactly at 0 and at the unit
   vectors. */
typedef struct gdt_affine {
    size_t n;
    size_t max_bits; /* gdt_affine_at refuses (GDT_ERANGE) entries that could
                        need more bits; 0: no limit (gdt_affine_init sets 0) */
    mpq_t *g0;  /* n */
    mpq_t *h;   /* n * n, row-major */
} gdt_affine;

/* 1 when every partial of P is affine in the parameters (total degree at
   most 1 as written). */
int gdt_problem_is_affine(const gdt_problem *p);

/* Set A from PROG, whose gradient must be affine (gdt_problem_is_affine).
   GDT_EDIVZERO and the like when the exact evaluation fails. */
gdt_status gdt_affine_init(gdt_affine *a, const gdt_program *prog) GDT_MUST_CHECK;
void gdt_affine_clear(gdt_affine *a);

/* The minimiser: the exact solution of H w = -g0, when H is invertible
   (returns 1), else 0 (also when gdt_guard_stop is seen). */
int gdt_affine_fixed_point(mpq_t *w, const gdt_affine *a);

/* W[] = w_N of gradient descent from W0[] with LR: w_{k+1} = w_k - lr g(w_k)
   = M w_k - lr g0 with M = I - lr H, computed exactly by powering the
   affine map (O(log N) matrix products), never by iterating.  GDT_ERANGE
   past A->max_bits, GDT_EINTERRUPTED when gdt_guard_stop is seen. */
gdt_status gdt_affine_at(mpq_t *w, const gdt_affine *a, const mpq_t lr, const mpq_t *w0,
                         unsigned long n) GDT_MUST_CHECK;

/* R = 1 - LR * F2, the multiplier of a step at curvature F2. */
void gdt_multiplier(mpq_t r, const mpq_t lr, const mpq_t f2);

/* The class of a one-parameter multiplier r = 1 - lr f'':
   "converges monotonically" (0 < r < 1), "converges in one step" (r = 0),
   "converges, oscillating" (-1 < r < 0), "2-cycle" (r = -1),
   "no movement" (r = 1), "diverges monotonically" (r > 1),
   "diverges, oscillating" (r < -1). */
const char *gdt_multiplier_class(const mpq_t r);

/* The class of a one-parameter run whose gradient is g0 + F2 w: "drifts"
   when F2 = 0 and LR G0 != 0 (a linear loss: w moves by -lr g0 every step,
   at constant speed, forever), else gdt_multiplier_class (1 - LR F2). */
const char *gdt_affine1_class(const mpq_t lr, const mpq_t f2, const mpq_t g0);

/* What a float format does to a one-parameter run whose gradient is
   affine, predicted without iterating and seen in the simulated run. */
typedef struct gdt_prediction {
    const char *event;    /* "overflow" (w_n rounds to +-inf), "fixed point"
                             (w_n rounds to the format's value of w*, +0 and
                             -0 alike), "stall" (a drift: the rounded step
                             leaves w unchanged, w_n = w_(n-1)), or NULL */
    mpz_t step;           /* its step, when event is not NULL */
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

   Polls gdt_guard_stop: GDT_EINTERRUPTED.  PR must have been initialised. */
gdt_status gdt_predict(gdt_prediction *pr, const gdt_program *prog, gdt_domain *d,
                       const gdt_affine *a, const mpq_t lr, const mpq_t w0,
                       unsigned long limit) GDT_MUST_CHECK;

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
   multiplier 0 makes the exponent -inf.  Polls gdt_guard_stop:
   GDT_EINTERRUPTED. */
gdt_status gdt_lyapunov(mpfr_t lambda, gdt_lyapunov_run *run, const gdt_program *prog,
                        const gdt_program *fpp, const mpq_t lr, const mpq_t w0,
                        unsigned long steps, mpfr_prec_t prec) GDT_MUST_CHECK;

/* What gdtrace analyze is asked. */
typedef struct gdt_analyze_in {
    const gdt_problem *problem;
    const gdt_program *program;
    const char *loss_text;
    mpq_t lr;
    const mpq_t *w0;          /* per parameter */
    int has_at;               /* --at N given */
    unsigned long at;
    unsigned long max_iter;   /* steps of the trajectory (Lyapunov) */
    size_t max_bits;          /* bound on exact values (--at) and on the
                                 working precision of predictions */
    mpfr_prec_t prec;         /* its precision */
    gdt_roots_budget roots;   /* what root isolation takes (--max-degree,
                                 --max-coeff-bits) */
} gdt_analyze_in;

struct gdt_reporter;

/* Analyze IN and write the analysis to R (text or jsonl) section by section:
   the problem; for an affine gradient (a quadratic loss) the exact facts of
   the map (one parameter: f'', w*, r, its class or the drift of a linear
   loss, the critical learning rates, the closed form, and per IEEE format
   the predicted and simulated overflow, arrival at w* or stall; several:
   the Hessian, w*, the eigenvalues of I - lr H, the spectral radius, the
   critical lr) and with --at the exact state at step N; for any other loss
   of one parameter its critical points (exactly, for a polynomial) and the
   Lyapunov exponent along the run.  A polynomial past IN->roots is refused
   (GDT_EVALUE, ERR naming the bound and its option) before anything is
   written.  On gdt_guard_stop it returns GDT_EINTERRUPTED, every section
   written whole. */
gdt_status gdt_analyze(struct gdt_reporter *r, const gdt_analyze_in *in, gdt_error *err)
    GDT_MUST_CHECK;

#endif
