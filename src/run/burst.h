/* burst.h -- many steps that nothing prints, in one tight loop (private to
   src/run) */
#ifndef GDT_RUN_BURST_H
#define GDT_RUN_BURST_H

#include "gdtrace/gd.h"
#include "gdtrace/run.h"

/* The operations a burst computes itself or through one method. */
typedef enum burst_op { B_NEG, B_ADD, B_SUB, B_MUL, B_DIV, B_POW } burst_op;

/* One insn of the gradient: r[dst] = op(r[a], r[b]) (op(r[a]) for NEG and
   POW, whose B is A).  A_ACC, B_ACC: the operand is the previous insn's
   result, in ACC; KEEP: the result is also stored in r[dst], as an insn
   further on, a partial or the update reads it there. */
typedef struct burst_insn {
    burst_op op;
    unsigned char a_acc, b_acc, keep;
    size_t dst, a, b;
    long n; /* B_POW: the exponent */
} burst_insn;

/* Translate the insns of PART of program P into CODE (P->ninsns + 1
   entries): *N of them, ACC marking an operand that is the previous
   insn's result, KEEP set on every one; 0 when one of them is no
   arithmetic (a function, a select, a sum over the rows).  The burst's
   and the sweep's lanes' (sweep_lanes.c) one translation. */
int gdt_burst_translate(burst_insn *code, size_t *n, const gdt_program *p,
                        gdt_eval_part part);

/* Advance S from its step k toward step LIMIT over steps that nothing
   prints and no stop rule ends, as gdt_stepper_eval (S->print not
   GDT_PRINT_STEP) and gdt_stepper_update would, in a loop whose registers
   hold the domain's own values (doubles, floats, mpfr_t), with one bracket
   of the domain (gdt_domain_enter) for the whole burst; --stop cycle's
   state is saved as the generic step saves it.  It stops before
   evaluating a step that ends the run or that it cannot take: LIMIT,
   max_iter (with --stop cycle, max_iter - GDT_CYCLE_WINDOW: gd.c keeps
   the states of the steps after it), a gradient that is exactly zero
   (with stop_on_zero), a state that repeats the one --stop cycle saved
   (or none saved yet), an
   operation whose method fails, a stop asked for (OPTS->stop, polled
   every few thousand steps, when OPTS progress is called too); that step
   is then the generic path's to evaluate again, which gives the same
   values, flags and messages, as flags are sticky.  Does nothing where it
   does not apply: a domain without a tight loop (exact, int), an
   operation it does not cover in the gradient (functions, sums over data
   rows, select), the decimal path, a stepper with --stop nonfinite
   (which reads every step's loss), a stepper that follows a recipe
   (master weights, kahan: gd.c's update, recipe.c).  --stop stall and the stall watch
   keep the state before each update in S->prev as gdt_stepper_update
   does, and stop before a step whose state repeats it.  S->k is the step reached (written
   every step, for an out-of-memory message); the loss and the partials
   are not evaluated there (S->evaluated 0). */
void gdt_burst_steps(gdt_stepper *s, unsigned long limit, const gdt_run_opts *opts);

/* A printed step's evaluation of PART (gdt_program_eval_part's) at
   S's w_k by the burst's code, in one bracket, each result in its
   register as the generic path writes it; or nothing to do when
   gdt_burst_update evaluated it already (S->ahead): 1.  0 where it does
   not apply (where gdt_burst_steps does not, or the part has an insn it
   does not cover) or a method failed: the generic path then evaluates
   the part again, with the same values and flags. */
int gdt_burst_eval(gdt_stepper *s, gdt_eval_part part);

/* gdt_stepper_update's new parameters of S's evaluated step k, written
   as it writes them (the caller then counts the step), by the burst's
   code in one bracket; with PRINTED (the next step is printed and
   evaluated next) the next step's evaluation in the same bracket, at
   w_{k+1}, for gdt_burst_eval (S->ahead).  0 where it does not apply or
   a method failed, nothing written: the generic update's. */
int gdt_burst_update(gdt_stepper *s, int printed);

/* Keep S on the generic path for good (S's burst set up as one that
   does not apply): the reference of tests/unit/test_burst.c.  0 when out
   of memory. */
int gdt_burst_disable(gdt_stepper *s);

/* Brent's rule of --stop cycle at step K, the parameters not the state
   saved at step S->saved_k: 1 when S->power steps have passed since, the
   power then doubled and K noted as the step saved, for the caller to
   save the state of step K; else 0.  gd.c's check_cycle and the burst's
   loops on doubles and floats follow it. */
static inline int
gdt_brent_due(gdt_stepper *s, unsigned long k)
{
    if (k - s->saved_k < s->power)
        return 0;
    s->power *= 2;
    s->saved_k = k;
    return 1;
}

/* --stop cycle's check of S at step S->k (gd.c's, Brent's), for a burst
   on the stepper's own registers: 1 when the generic step must take step
   S->k (nothing saved yet, the parameters repeat the saved state bit for
   bit, or saving it again failed); else 0, the state saved again when
   Brent's rule says so. */
int gdt_stepper_brent(gdt_stepper *s);

/* Release what gdt_burst_steps set up in S (S->burst); NULL is fine. */
void gdt_burst_free(struct gdt_burst *b);

#endif
