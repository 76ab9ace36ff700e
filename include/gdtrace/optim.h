/* gdtrace/optim.h -- torch.optim's optimizers and learning-rate schedules
   on the stepper: SGD with momentum, Nesterov and weight decay, Adam,
   AdamW; step, cosine and warm-up schedules */
#ifndef GDTRACE_OPTIM_H
#define GDTRACE_OPTIM_H

#include <stddef.h>
#include <gmp.h>
#include "gdtrace/buf.h"
#include "gdtrace/gd.h"
#include "gdtrace/status.h"

/* The optimizers, as torch.optim names them. */
typedef enum gdt_optim_kind { GDT_OPTIM_SGD, GDT_OPTIM_ADAM, GDT_OPTIM_ADAMW } gdt_optim_kind;

/* One part of a schedule: the learning rate of update k (k = 0, 1, ...)
   is lr times the factor of every part.  step:S:G, as StepLR: G^floor(k/S);
   cosine:T[:MIN], as CosineAnnealingLR's closed form: (MIN + (lr - MIN)
   (1 + cos(pi k/T))/2)/lr; warmup:K: min(1, (k+1)/K), a linear warm-up
   (LinearLR with start_factor 1/K over K-1 steps). */
typedef enum gdt_sched_kind { GDT_SCHED_STEP, GDT_SCHED_COSINE, GDT_SCHED_WARMUP } gdt_sched_kind;

#define GDT_SCHED_MAX 4

typedef struct gdt_sched {
    gdt_sched_kind kind;
    unsigned long n;    /* S, T or K (at least 1) */
    mpq_t g;            /* step: G; cosine: MIN (0 when not written) */
} gdt_sched;

/* The settings of an optimizer and its schedule, exact rationals as
   written.  Defaults (gdt_optim_init): sgd, momentum, dampening and
   weight decay 0, betas 0.9 and 0.999, eps 1e-8, no schedule. */
typedef struct gdt_optim {
    gdt_optim_kind kind;
    mpq_t momentum, dampening, weight_decay, beta1, beta2, eps;
    int nesterov;
    gdt_sched sched[GDT_SCHED_MAX];
    size_t nsched;
} gdt_optim;

void gdt_optim_init(gdt_optim *o);
void gdt_optim_clear(gdt_optim *o);   /* O may be NULL */
void gdt_optim_copy(gdt_optim *r, const gdt_optim *o); /* R initialised */

/* 1 when A and B follow the same algorithm with the same settings (the
   runs of one optimizer, whatever their rounding); NULL is plain SGD. */
int gdt_optim_same(const gdt_optim *a, const gdt_optim *b);

/* "sgd", "adam", "adamw". */
const char *gdt_optim_name(gdt_optim_kind kind);

/* Append O's settings to OUT as the headers show them, exactly:
   "adam (betas 0.9,0.999, eps 0.00000001, weight decay 0)", and its
   schedule as written, "warmup:5,step:10:0.5" (nothing without one). */
gdt_status gdt_optim_describe(gdt_buf *out, const gdt_optim *o) GDT_MUST_CHECK;
gdt_status gdt_optim_schedule_str(gdt_buf *out, const gdt_optim *o) GDT_MUST_CHECK;

/* 1 when O is plain SGD with no schedule: the stepper's own update
   (w - lr*g), which needs no optimizer at all. */
int gdt_optim_plain(const gdt_optim *o);

/* Read SPEC, parts separated by commas (step:S:G, cosine:T[:MIN],
   warmup:K; at most one of each kind), into O's schedule.  GDT_EVALUE,
   ERR saying which part and why (no "--schedule: " before it). */
gdt_status gdt_optim_parse_schedule(gdt_optim *o, const char *spec, gdt_error *err)
    GDT_MUST_CHECK;

/* Why O cannot run in exact rationals (Adam's square root, a cosine),
   or NULL when it can. */
const char *gdt_optim_irrational(const gdt_optim *o);

/* Make S follow optimizer O (copied): its update from the next step on
   is O's, in S's domain, with the state O keeps per parameter (the
   momentum buffer; exp_avg and exp_avg_sq) starting at zero, and the
   learning rate of each update set by O's schedule.  The order of the
   operations is torch 1.13's (src/run/optim.c, the man page): with
   S->update GDT_UPDATE_FMA the additions torch's kernels fuse
   (add(x, alpha=a), addcmul) are fused, with GDT_UPDATE_SUB every
   operation is rounded once.  The scalars torch computes in Python (1 -
   beta, bias corrections, step sizes) are computed in binary64 and
   rounded to S's domain when it has at most 53 bits, in its own precision
   when it has more, exactly in the exact domain.  Call it after
   gdt_stepper_init and gdt_stepper_set_lr, before the first
   gdt_stepper_eval; a plain O (gdt_optim_plain) sets nothing.
   GDT_EVALUE or GDT_EDOMAIN, ERR saying why: S in exact mode and O
   irrational, S with a master, kahan or stochastic rounding, a
   hyperparameter the domain cannot hold. */
gdt_status gdt_stepper_set_optim(gdt_stepper *s, const gdt_optim *o, gdt_error *err)
    GDT_MUST_CHECK;

/* The optimizer S follows (NULL: none, plain SGD). */
const gdt_optim *gdt_stepper_optim(const gdt_stepper *s);

/* What S's optimizer holds at the current step, for the reports: the
   number of its state values per parameter (0 without one), the name of
   value C (torch's: "momentum_buffer", "exp_avg", "exp_avg_sq") and its
   value for parameter I, in S's domain; 0 before the first update. */
size_t gdt_stepper_optim_nstate(const gdt_stepper *s);
const char *gdt_stepper_optim_state_name(const gdt_stepper *s, size_t c);
const gdt_val *gdt_stepper_optim_state(const gdt_stepper *s, size_t c, size_t i);

/* Set S's optimizer state C of parameter I to Q, rounded once to S's
   domain (run --at: the momentum buffer computed in closed form).
   GDT_EVALUE when S has no such state, or the domain's error. */
gdt_status gdt_stepper_optim_set_state(gdt_stepper *s, size_t c, size_t i, const mpq_t q)
    GDT_MUST_CHECK;

/* The learning rate in force at the current step (the one the next
   update uses) for parameter I, in S's domain, or NULL when S has no
   schedule.  GDT_OK, or the status of computing it (*V NULL then). */
gdt_status gdt_stepper_lr_now(const gdt_stepper *s, size_t i, const gdt_val **v)
    GDT_MUST_CHECK;

#endif
