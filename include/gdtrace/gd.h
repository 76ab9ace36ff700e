/* gdtrace/gd.h -- the stepper: the notes' gradient-descent loop */
#ifndef GDTRACE_GD_H
#define GDTRACE_GD_H

#include <stdint.h>
#include <gmp.h>
#include "gdtrace/num.h"
#include "gdtrace/program.h"
#include "gdtrace/status.h"

/* Why a run ended. */
typedef enum gdt_stop {
    GDT_STOP_NONE = 0,  /* still running */
    GDT_STOP_GRAD_ZERO, /* "grad-zero": the gradient is exactly zero */
    GDT_STOP_MAX_ITER,  /* "max-iter": max_iter updates done */
    GDT_STOP_CYCLE,     /* "cycle": the parameters repeat a former state */
    GDT_STOP_AT,        /* "at": the state at a step asked for (--at),
                           computed in closed form, not iterated */
    GDT_STOP_SIZE_LIMIT,/* "size-limit": an exact value would outgrow the
                           domain's max_bits */
    GDT_STOP_INTERRUPTED, /* "interrupted": a signal asked the run to stop */
    GDT_STOP_ERROR,     /* "error": the loss or gradient has no value */
    GDT_STOP_STALL,     /* "stall": the parameters (finite) are those of
                           the step before, and the gradient is not zero:
                           an update that rounds away */
    GDT_STOP_NONFINITE, /* "nonfinite": a parameter, a partial or the loss
                           is inf or nan */
    GDT_STOP_PRECISION_LIMIT, /* "precision-limit": run --certify would need
                           more working precision than its cap */
    GDT_STOP_CONTRACTING /* "contracting": the state lies in an interval
                           that the step provably maps into itself with
                           |1 - lr f''| < 1 on all of it, so the exact-real
                           run converges forever (run --certify --stop
                           contracting, gdtrace/contract.h) */
} gdt_stop;

/* "grad-zero", "max-iter", "cycle", "at", "size-limit", "interrupted",
   "error", "stall", "nonfinite", "precision-limit", "contracting"
   ("running" for GDT_STOP_NONE). */
const char *gdt_stop_str(gdt_stop stop);

/* How w - lr*g is computed: rounded twice (lr*g, then the subtraction) as
   NumPy and Python do, or fused and rounded once, or as Kahan's
   compensated sum w += -lr*g with a compensation term c per parameter
   (y = -(lr*g) - c; t = w + y; c = (t - w) - y; w = t; every operation
   rounded once). */
typedef enum gdt_update { GDT_UPDATE_SUB, GDT_UPDATE_FMA, GDT_UPDATE_KAHAN } gdt_update;

/* The recipes of mixed-precision training that a stepper may follow
   (src/run/recipe.c): master weights, the compensation terms of --update kahan.  Private to src/run. */
struct gdt_recipe;
struct gdt_optim_run;

/* The steps before max_iter whose states --stop cycle keeps to compare
   with the state at max_iter (a power of two): a cycle of period up to
   this is found whenever it closes within max_iter, a longer one by
   Brent's method alone, a little after it closes.  The sweep's lanes
   (src/run/sweep_lanes.c) keep as many. */
#define GDT_CYCLE_WINDOW 64

/* Which values of a step a report prints, as flags in an array of
   2 * n + 2 (n parameters): [0] the step number, [1 + i] parameter i,
   [1 + n + i] partial i, [1 + 2 * n] the loss.  A NULL array: every one. */
#define GDT_FIELD_PARAM(i) (1 + (i))
#define GDT_FIELD_PARTIAL(n, i) (1 + (n) + (i))
#define GDT_FIELD_LOSS(n) (1 + 2 * (n))

/* Whether the step gdt_stepper_eval is about to evaluate gets printed:
   what it must compute beyond the stop rules. */
typedef enum gdt_print {
    GDT_PRINT_STEP = 0, /* its record is printed (the default) */
    GDT_PRINT_IF_LAST,  /* its record is printed when the run stops there */
    GDT_PRINT_SUMMARY   /* no record: only the summary's values (the
                           parameters and the loss) when the run stops there */
} gdt_print;

/* The notes' loop, one step at a time:

     w = w0; k = 0
     loop: evaluate loss(w) and grad(w)             gdt_stepper_eval
           if grad(w) == 0: stop "grad-zero"
           if k >= max_iter: stop "max-iter"
           w = w - lr * grad(w); k = k + 1          gdt_stepper_update

   With several parameters w is a vector, grad(w) the vector of partials,
   "grad(w) == 0" means every partial is exactly zero, and all parameters
   are updated together from the same point (as torch.optim.SGD does),
   each with its own learning rate: w_i = w_i - lr_i * g_i (one lr for
   every parameter unless gdt_stepper_set_lr gives parameter i another,
   as torch's parameter groups do).

   The stepper owns the state (the registers of the program, holding w) and
   nothing else: its memory follows the size of the current state, not the
   length of the trajectory. */
typedef struct gdt_stepper {
    const gdt_program *prog;
    gdt_domain *dom;
    gdt_val *regs;      /* program registers; the parameter lives here */
    gdt_val *lr;        /* per parameter: lr_i rounded once into the domain */
    gdt_val tmp;        /* lr_i * g_i */
    gdt_val *next;      /* the new parameters, before they replace w */
    char *const *names; /* the parameters' names for messages, or NULL;
                           the caller may set it after gdt_stepper_init */
    unsigned long k;    /* the current step: w is w_k */
    unsigned long max_iter;
    int stop_on_zero;   /* 1 (default): stop "grad-zero" when every partial
                           is exactly zero; 0: run on to max-iter */
    int detect_cycles;  /* 1: stop "cycle" when the parameters repeat; set
                           it before the first gdt_stepper_eval */
    int stop_on_stall;  /* 1: stop "stall" at the first step whose state
                           (every parameter finite) is the step before's,
                           bit for bit, while the gradient is not zero */
    int watch_stall;    /* 1: note that step in stall_start without
                           stopping there (stop_on_stall implies it); set
                           both before the first gdt_stepper_eval */
    int stop_on_nonfinite; /* 1: stop "nonfinite" at the first step where
                           a parameter, a partial or the loss is inf or
                           nan; the loss is then evaluated at every step */
    /* a rule of the caller's, asked at every step the others do not
       stop (before max-iter): *STOP set to the reason to stop there, or
       left GDT_STOP_NONE; its failure is the evaluation's.  NULL (the
       default): none.  run --certify's contraction test. */
    gdt_status (*rule)(void *ctx, const struct gdt_stepper *s, gdt_stop *stop, gdt_error *err);
    void *rule_ctx;
    const gdt_numfmt *numfmt; /* how the values will be printed, or NULL
                           (the default); gdt_run sets it */
    const gdt_numfmt *numfmt_fits; /* the stepper's: NUMFMT when every
                           text of it fits the domain's max_bits, found
                           once a run (gdt_run resets it to NULL) */
    const unsigned char *fields; /* the values printed (GDT_FIELD_*; NULL,
                           the default: all); gdt_run sets it */
    gdt_print print;    /* whether the next step is printed; gdt_run sets
                           it before each gdt_stepper_eval */
    /* cycle detection (Brent's): the state saved at step saved_k, compared
       with every later one, saved again after power steps, power doubling;
       memory stays one state */
    gdt_val *saved;
    unsigned long saved_k, power;
    unsigned long cycle_period, cycle_start; /* when stop is GDT_STOP_CYCLE */
    /* the states of the last GDT_CYCLE_WINDOW steps before max_iter (no
       copy before), step k's in slot k % GDT_CYCLE_WINDOW, so that a
       cycle of period up to the window's that closed within max_iter is
       found there even when Brent's would find it later: WIN the values
       (the state's each slot), WIN_K the step a slot holds (ULONG_MAX:
       none), WIN_X the loss scale's part (two a slot) */
    gdt_val *win;
    unsigned long *win_k;
    long *win_x;
    /* stall watch: the state before the last update (step prev_k), kept
       by gdt_stepper_update; stall_start, the first step of a stalled
       state (w_s = w_{s+1}, gradient not zero), or -1 */
    gdt_val *prev;
    unsigned long prev_k;
    int have_prev;
    long stall_start;
    mpq_t *lr_q;        /* lr and w0 as given, per parameter, for replaying */
    mpq_t *w0_q;        /* the run */
    unsigned char *lr_neg0; /* and which of them are negative zeros */
    unsigned char *w0_neg0; /* (gdt_stepper_neg_zero; NULL: none) */
    gdt_update update;
    gdt_stop stop;      /* set by gdt_stepper_eval at the last step */
    int evaluated;      /* the partials hold the values at w_k */
    int has_loss;       /* and so does the loss */
    int ready;          /* lr and tmp are initialised */
    /* the decimal path (src/run/decpath.c): an exact run whose values are
       all integers and whose step is an affine map with integer
       coefficients keeps its state in decimal limbs, so that a step and
       its text cost O(digits).  DECIMAL (0 by default; set it before the
       first gdt_stepper_eval) lets the next evaluation switch to it where
       it applies; DEC is its state, NULL off the path.  The values and
       texts are the exact path's, the same bytes. */
    int decimal;
    struct gdt_decpath *dec;
    /* the tight loop over steps that nothing prints (src/run/burst.c),
       set up at its first use; NULL before */
    struct gdt_burst *burst;
    /* EVAL_AHEAD (0 by default; gdt_run sets it): the step after the next
       update is printed and evaluated right after it, so that the update
       may evaluate it in the same bracket of the domain; AHEAD is then
       the part of the program so evaluated, plus 1 (0: none) */
    int eval_ahead, ahead;
    /* --sr: the stochastic rounding's generator (gdtrace/sr.h), owned;
       NULL: none (gdt_stepper_set_sr).  The stepper points its domain's
       sr at it for the time of each evaluation and update (and back to
       NULL), so that steppers sharing a domain keep their own. */
    struct gdt_sr *sr;
    /* the recipes (gdt_stepper_set_master, GDT_UPDATE_KAHAN), NULL when none: a run that follows one keeps the
       generic step (no burst, no decimal path) */
    struct gdt_recipe *recipe;
    /* the optimizer beyond plain SGD and the schedule (gdtrace/optim.h,
       src/run/optim.c), NULL when none: like a recipe, it keeps the
       generic step */
    struct gdt_optim_run *optim;
} gdt_stepper;

/* Each constant of PROG set in TMP (a value of DOM), one by one: GDT_OK,
   or the status of the first that DOM cannot hold, ERR naming it. */
gdt_status gdt_stepper_check_consts(const gdt_program *prog, gdt_val *tmp, gdt_domain *dom,
                                    gdt_error *err) GDT_MUST_CHECK;

/* Set S up to run PROG in domain DOM from W0[0 .. prog->nparams) with
   learning rate LR for every parameter (all rounded once into DOM;
   gdt_stepper_set_lr gives a parameter another).  S keeps pointers to
   PROG and DOM, which must outlive it.  Fails when DOM cannot hold a constant, LR or W0 (an integer
   mode and 0.5: GDT_EDOMAIN; out of its range: GDT_ERANGE), a data cell, when PROG
   divides or takes a negative power and DOM has no division (GDT_EDOMAIN),
   or when UPDATE is fused and DOM has no fused operation; ERR says which.
   Clear S with gdt_stepper_clear even when this fails, before DOM. */
gdt_status gdt_stepper_init(gdt_stepper *s, const gdt_program *prog,
                            gdt_domain *dom, const mpq_t lr, const mpq_t *w0,
                            unsigned long max_iter, gdt_update update,
                            gdt_error *err) GDT_MUST_CHECK;
void gdt_stepper_clear(gdt_stepper *s); /* S may be NULL */

/* Make LR (when LR_NEG0) and parameter I's w0 (when NEG0[I]; NEG0 may be
   NULL) negative zeros where their exact value is zero: a zero written with
   a minus sign, as Python's float('-0') is -0.0.  Only the float domains
   have a signed zero; in the exact and integer domains this changes
   nothing.  Call it after gdt_stepper_init and before the first
   gdt_stepper_eval; replays of the run start from the same values. */
gdt_status gdt_stepper_neg_zero(gdt_stepper *s, int lr_neg0, const unsigned char *neg0)
    GDT_MUST_CHECK;

/* Give parameter I its own learning rate LR, rounded once into S's
   domain, in place of the one gdt_stepper_init gave it; with NEG0 a zero
   LR is a negative zero (as gdt_stepper_neg_zero).  Call it after
   gdt_stepper_init (and gdt_stepper_neg_zero) and before the first
   gdt_stepper_eval; replays of the run use the same values.  Fails as
   gdt_stepper_init on an LR the domain cannot hold, ERR naming it "lr_P"
   (P the parameter's name, S->names, or its index). */
gdt_status gdt_stepper_set_lr(gdt_stepper *s, size_t i, const mpq_t lr, int neg0,
                              gdt_error *err) GDT_MUST_CHECK;

/* Round S's update (MODE GDT_SR_UPDATE), or every operation (GDT_SR_ALL),
   stochastically with the generator keyed by SEED, at sweep point POINT
   (0 in a run): see gdtrace/sr.h for the counter.  Call it after
   gdt_stepper_init and before the first gdt_stepper_eval; replays of the
   run (cycle detection) round alike.  GDT_EDOMAIN when S's domain cannot
   (exact, the integers, the native modes, balls), ERR saying so;
   GDT_EVALUE when S follows a master or kahan (gdt_recipe_clash). */
gdt_status gdt_stepper_set_sr(gdt_stepper *s, int mode, uint64_t seed, uint64_t point,
                              gdt_error *err) GDT_MUST_CHECK;
/* Keep S's parameters in a master copy in the IEEE format MASTER (a mode
   name: binary32, float32, ...), as mixed-precision training does: w0 and
   lr are rounded once into MASTER; every step the model's weight (S's
   parameter, in S's domain) is the master rounded once to S's domain,
   the loss and the gradient are computed there, each partial is
   converted (exactly) to MASTER and the update (S->update: sub, fma or
   kahan) is computed in MASTER.  --stop stall and cycle compare the
   master state.  Call it after gdt_stepper_init and gdt_stepper_set_lr,
   before the first gdt_stepper_eval.  GDT_EVALUE (ERR saying why) when
   MASTER is no float format or has fewer significand bits or a smaller
   exponent range than S's domain, S's domain is exact, integer or
   balls, or S rounds stochastically (gdt_recipe_clash). */
gdt_status gdt_stepper_set_master(gdt_stepper *s, const char *master, gdt_error *err)
    GDT_MUST_CHECK;

/* Loss scaling (--loss-scale), as PyTorch's GradScaler: the gradient
   program is that of S*loss, the seed dloss (func.h) S rounded once to
   the mode's format where reverse mode multiplies it in
   (gdt_problem_init_seed), evaluated in the mode's format; each partial
   is converted to the master's format and, when none is inf or nan,
   multiplied by 1/S (rounded once in the master's format) there and the
   step taken; else the step is skipped (the master and the weights kept).
   DYNAMIC: S starts at 2^INIT_EXP, halves at a skipped step (the growth
   tracker back to 0), and doubles after INTERVAL steps taken in a row
   (while 2S is finite in the master's format); static: S = 2^INIT_EXP
   always (a step with an inf or nan partial is skipped all the same). */
typedef struct gdt_loss_scale {
    int on;                 /* 0: no loss scaling */
    int dynamic;
    long init_exp;          /* S (the initial S) = 2^init_exp */
    unsigned long interval; /* GradScaler's growth_interval (2000) */
} gdt_loss_scale;

/* Scale S's loss as LS says.  S must follow a master (gdt_stepper_set_master
   first; GDT_EVALUE, ERR saying "loss scaling needs a master" otherwise)
   and run a program of gdt_problem_init_seed's.  The scale and the growth
   tracker are part of the state --stop stall and cycle compare.  The
   partials S holds are the scaled ones (the mode's values); "grad-zero"
   means the unscaled partials, in the master's format, are all zero, a
   skipped step's partials are not, and --stop nonfinite does not read
   the partials (an inf partial skips the step). */
gdt_status gdt_stepper_set_loss_scale(gdt_stepper *s, const gdt_loss_scale *ls,
                                      gdt_error *err) GDT_MUST_CHECK;

/* The loss scale of S's current step (NULL without one), in *DOM's numbers
   (the master's), 2^*EXP (EXP may be NULL), and whether its update is
   skipped (*SKIPPED, after gdt_stepper_eval). */
const gdt_val *gdt_stepper_loss_scale(const gdt_stepper *s, int *skipped, long *exp,
                                      gdt_domain **dom);

/* S's loss scaling as set (gdt_stepper_set_loss_scale), or NULL. */
const gdt_loss_scale *gdt_stepper_loss_scale_of(const gdt_stepper *s);

/* What the recipes of S hold at its current step, for the reports: the
   master copy of parameter I (NULL without a master) in *DOM's numbers,
   and Kahan's compensation term of parameter I (NULL without kahan). */
const gdt_val *gdt_stepper_master(const gdt_stepper *s, size_t i, gdt_domain **dom);
const gdt_val *gdt_stepper_comp(const gdt_stepper *s, size_t i, gdt_domain **dom);
/* A mode with recipes, as compare's --modes names it: MODE+SUFFIX+...,
   each suffix one of gdt_recipe_suffixes' table (master32: a binary32
   master, master64, master128; kahan: --update kahan for this mode; sr,
   sr-all: --sr update, --sr all for this mode; scale: loss scaling,
   compare's --loss-scale or GradScaler's dynamic default, with a master),
   or a lane's own optimizer (sgd, momentumM, nesterovM, adam, adamw:
   gdt_lane_optim; its other settings are compare's). */
typedef enum gdt_lane_optim {
    GDT_LANE_OPTIM_NONE = 0,  /* compare's --optimizer */
    GDT_LANE_OPTIM_SGD,       /* +sgd: SGD without momentum */
    GDT_LANE_OPTIM_MOMENTUM,  /* +momentumM: heavy ball, momentum M */
    GDT_LANE_OPTIM_NESTEROV,  /* +nesterovM: Nesterov, momentum M */
    GDT_LANE_OPTIM_ADAM,      /* +adam */
    GDT_LANE_OPTIM_ADAMW      /* +adamw */
} gdt_lane_optim;

typedef struct gdt_recipe_spec {
    char mode[64];        /* the mode's name, without the suffixes */
    const char *master;   /* the master's format (gdt_stepper_set_master),
                             or NULL */
    int kahan;            /* 1: GDT_UPDATE_KAHAN for this mode */
    int sr;               /* its stochastic rounding (gdt_sr_mode), 0: none */
    int scale;            /* 1: loss scaling (+scale; needs a master) */
    gdt_lane_optim optim; /* the lane's own optimizer, or NONE */
    char optim_m[40];     /* +momentumM, +nesterovM: M as written, a
                             number not negative (gdt_q_parse) */
} gdt_recipe_spec;

/* Read SPEC, "MODE" or "MODE+SUFFIX+...", into R.  GDT_EVALUE, ERR
   saying which, for a suffix not in the table, one given twice, two
   masters, two stochastic roundings, recipes that do not combine
   (gdt_recipe_clash), two optimizers, an optimizer with another recipe,
   an M that is no number, or an empty part; the mode and whether the
   recipes suit it are the caller's to check. */
gdt_status gdt_recipe_parse(gdt_recipe_spec *r, const char *spec, gdt_error *err)
    GDT_MUST_CHECK;

/* The suffixes of gdt_recipe_parse's table, "+master32, +master64, ...",
   the optimizers' last, written into BUF (SIZE bytes) and returned. */
const char *gdt_recipe_suffixes(char *buf, size_t size);

/* The suffix of lane optimizer K as written after the mode, "adam",
   "momentum" (M follows it), ...; "" for NONE. */
const char *gdt_lane_optim_name(gdt_lane_optim k);

/* Why the recipes of R, with SR (a gdt_sr_mode: --sr), MASTER (1:
   --master) and KAHAN (1: --update kahan) given besides, do not combine,
   or NULL when they do.  Stochastic rounding goes with the plain update
   (sub or fma) in the mode's own format only: not with a master, not with
   kahan. */
const char *gdt_recipe_clash(const gdt_recipe_spec *r, int sr, int master, int kahan);

/* Parameter I's learning rate in the master format (NULL without a
   master), in *DOM's numbers. */
const gdt_val *gdt_stepper_master_lr(const gdt_stepper *s, size_t i, gdt_domain **dom);

/* 1 when every parameter of S has the same learning rate (the same exact
   value, and the same sign when it is zero), as after gdt_stepper_init. */
int gdt_stepper_lr_same(const gdt_stepper *s);

/* Evaluate the loss and the gradient at w_k and apply the stop rules: every
   partial exactly zero ("grad-zero", unless stop_on_zero is 0), then, with
   stop_on_nonfinite, a parameter, a partial or the loss inf or nan
   ("nonfinite"), then, with stop_on_stall, w_k (finite) equal to w_{k-1}
   bit for bit ("stall"; with watch_stall only stall_start = k - 1 is
   noted, once), then, with
   detect_cycles, w_k equal to an earlier state ("cycle": Brent's method
   finds the period P at the latest a few periods after the state first
   repeats, and at max_iter the state is compared with those of the last
   GDT_CYCLE_WINDOW steps, so that a period up to that is found whenever
   the state has repeated by max_iter; then the run is replayed from w_0
   to find the step S where the cycle begins: w_S = w_{S+P}), then k >=
   max_iter ("max-iter").  On
   an error (exact division by zero, ...) S->stop becomes GDT_STOP_ERROR and
   ERR says which step, which expression and at what w.  A value that
   would outgrow DOM->max_bits stops the run first, GDT_STOP_SIZE_LIMIT with
   GDT_ERANGE: an exact result, or, with numfmt set, the text of a
   parameter, a partial or the loss in that format (gdt_domain_check_str),
   so that no step is left that cannot be printed.  A stop requested while
   that is checked gives GDT_STOP_INTERRUPTED with GDT_EINTERRUPTED.  In these
   three cases the values are not evaluated (S->evaluated is 0).

   Only what is printed and what the stop rules need is computed: the loss
   when S->fields prints it (S->has_loss says whether it was), the texts
   checked those of S->fields; and with S->print GDT_PRINT_IF_LAST or
   GDT_PRINT_SUMMARY before max_iter, only the partials and the stop rules,
   then, when a rule stops the run there, the loss and the texts of what
   is printed then (the summary's: the parameters and the loss).  So a loss
   that has no value, or a text too long, at a step that nothing prints
   does not stop the run.  A stop
   asked for in the middle of a sum over the data rows (DOM->stop, num.h)
   leaves the evaluation unfinished: the same GDT_EINTERRUPTED and
   GDT_STOP_INTERRUPTED. */
gdt_status gdt_stepper_eval(gdt_stepper *s, gdt_error *err) GDT_MUST_CHECK;

/* w_{k+1} = w_k - lr * grad(w_k) for every parameter at once (parameter
   i: w_i - lr_i * g_i); k = k + 1.
   Only after an eval that did not stop. */
gdt_status gdt_stepper_update(gdt_stepper *s, gdt_error *err) GDT_MUST_CHECK;

/* The current values: the parameters w_k, and after gdt_stepper_eval the
   loss and the partials at w_k.  Owned by S.  gdt_stepper_w and
   gdt_stepper_grad are parameter 0's. */
const gdt_val *gdt_stepper_param(const gdt_stepper *s, size_t i);
const gdt_val *gdt_stepper_partial(const gdt_stepper *s, size_t i);
const gdt_val *gdt_stepper_w(const gdt_stepper *s);

/* The size of the current state, cheaply, for a progress display: in the
   exact and integer domains *DIGITS, the decimal digits of the longest
   parameter (numerator and denominator together), and *LOG10 NaN; in the
   others *DIGITS 0 and *LOG10 log10 of the largest |w_i| (-inf when all
   are zero, +inf when one is infinite, NaN when one is nan).  Called
   between steps, or from a run's progress callback. */
void gdt_stepper_size(const gdt_stepper *s, size_t *digits, double *log10);
const gdt_val *gdt_stepper_loss(const gdt_stepper *s);
const gdt_val *gdt_stepper_grad(const gdt_stepper *s);

/* 1 when a parameter or a partial of S's evaluated step, or its loss when
   evaluated with it (S->has_loss), is inf or nan: the step at which
   --stop nonfinite stops (a sweep's "diverged"). */
int gdt_stepper_not_finite(const gdt_stepper *s);

/* Which value of a step gdt_stepper_get_str writes. */
typedef enum gdt_value_kind {
    GDT_VALUE_PARAM,    /* parameter I */
    GDT_VALUE_PARTIAL,  /* the partial with respect to parameter I */
    GDT_VALUE_LOSS      /* the loss (I is ignored) */
} gdt_value_kind;

/* Append the text of value WHICH (index I) of S's current step in format
   F to OUT: the domain's get_str of gdt_stepper_param (partial, loss), or
   the same bytes straight from the decimal path's limbs. */
gdt_status gdt_stepper_get_str(gdt_buf *out, const gdt_stepper *s, gdt_value_kind which,
                               size_t i, const gdt_numfmt *f) GDT_MUST_CHECK;

#endif
