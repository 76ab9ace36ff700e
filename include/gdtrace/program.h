/* gdtrace/program.h -- straight-line programs: the loss and its gradient
   lowered to a tape of operations on numbered registers */
#ifndef GDTRACE_PROGRAM_H
#define GDTRACE_PROGRAM_H

#include <stddef.h>
#include <gmp.h>
#include "gdtrace/expr.h"
#include "gdtrace/num.h"
#include "gdtrace/problem.h"
#include "gdtrace/status.h"

typedef enum gdt_opcode {
    GDT_OP_NEG, /* r[dst] = -r[a] */
    GDT_OP_ADD, /* r[dst] = r[a] + r[b] */
    GDT_OP_SUB,
    GDT_OP_MUL,
    GDT_OP_DIV,
    GDT_OP_POW, /* r[dst] = r[a] ^ n */
    GDT_OP_FUNC,/* r[dst] = f(r[a]) or f(r[a], r[b]); f = (gdt_func) n */
    GDT_OP_SELECT, /* r[dst] = r[a] < r[b] ? r[c] : r[a] > r[b] ? r[d] :
                      by the tie rule tie (gdt_tie, expr.h): r[c] == r[d] ?
                      r[c] : no value (GDT_EDOMAIN), r[c], or
                      (r[c] + r[d])/2; a nan in r[a] or r[b] gives
                      r[a] + r[b]; n is the gdt_func whose derivative this
                      is, for messages */
    GDT_OP_ROWS,   /* start of an aggregate's loop over the data rows: load
                      row 0 into the column registers; b = the index of its
                      GDT_OP_AGG insn; n = 1 + the index of the aggregate's
                      plan in moments (0: none), which an exact domain
                      evaluates instead of the loop */
    GDT_OP_AGG     /* end of the loop: r[dst] = r[a] at row 0, r[dst] +
                      r[a] after; load the next row and go back to the insn
                      after b (its GDT_OP_ROWS) while rows remain; at the end
                      with n = 1 (mean) r[dst] = r[dst] / r[c], c holding
                      the number of rows.  An exact domain (its ops->exact)
                      adds the rows pairwise instead, to the same value:
                      see gdt_program_eval */
} gdt_opcode;

typedef struct gdt_insn {
    gdt_opcode op;
    size_t dst, a, b, c, d;
    long n;
    size_t pos;  /* source offset of the operator, for messages */
    int in_grad; /* 1 when the op belongs to a gradient's expression */
    size_t grad; /* then: which partial (the parameter's index) */
    int loss_only; /* 1 when no partial depends on it (only the loss) */
    int tie;     /* GDT_OP_SELECT: its gdt_tie */
} gdt_insn;

/* Register layout: registers 0 .. nconsts-1 hold the constants (set once,
   rounded once into the domain, from consts[]), the next nparams hold the
   parameters, the next ncols the current data row's cells (loaded by the
   aggregate loops), the rest are temporaries written by the insns in order.
   After the registers, gdt_program_regs_new keeps the data set's cells,
   each rounded once into the domain, nrows * ncols values.  A
   program is evaluated once per step; parsing and differentiation never run
   in the step loop.  Every operation of the loss and of the gradient is one
   insn, in the order written (no fusing, no reassociation, no folding). */
struct gdt_moments;

typedef struct gdt_program {
    size_t nconsts, nparams, nregs, ninsns;
    size_t ncols, nrows;   /* the data set's size (0 without one) */
    const mpq_t *cells;    /* its exact cells, row-major (not owned) */
    const size_t *neg0_cells; /* the indices into cells of the zeros
                             written with a minus ("-0"), negative zeros in
                             the float domains (not owned; set by the caller
                             after init, as gdt_data's neg0) */
    size_t nneg0_cells;
    mpq_t *consts;
    signed char *named;    /* per constant: -1, or the gdt_const (func.h)
                              it is, rounded into each domain by
                              gdt_domain_set_const (its consts[] entry is
                              0 and unused) */
    gdt_insn *insns;
    size_t loss_reg; /* register holding the loss after evaluation */
    size_t *grad_reg; /* nparams registers holding the partial derivatives */
    /* the aggregates whose body is a polynomial in the parameters, planned
       as sums of moments of the data set for the exact domains
       (src/program/moments.h) */
    struct gdt_moments **moments;
    size_t nmoments;
} gdt_program;

/* Lower LOSS and the NPARAMS gradient trees GRAD[] into P: the loss's insns
   first, then each gradient's (in_grad = 1), each tree operands first, left
   before right.  Every NUM node gets its own constant register, in that same
   order (equal constants are not merged: each is rounded once anyway), and
   every insn writes a fresh temporary, so nregs = nconsts + nparams +
   ninsns.  LOSS_REG and GRAD_REG[i] may be a constant or parameter register
   when the tree is a single number or parameter.  GDT_EVALUE when a tree
   names a parameter numbered NPARAMS or above, GDT_ENOMEM; P is then left
   empty.  Clear P with gdt_program_clear in every case. */
gdt_status gdt_program_init(gdt_program *p, const gdt_expr *loss,
                            gdt_expr *const *grad, size_t nparams)
    GDT_MUST_CHECK;

/* The same for trees over a data set of NROWS rows of NCOLS exact CELLS
   (row-major; they must outlive P).  An aggregate inside another is
   computed first, once, before the loop of the outer one.  A mean's row
   count is one more constant register. */
gdt_status gdt_program_init_data(gdt_program *p, const gdt_expr *loss,
                                 gdt_expr *const *grad, size_t nparams, size_t ncols,
                                 size_t nrows, const mpq_t *cells) GDT_MUST_CHECK;
void gdt_program_clear(gdt_program *p); /* P may be NULL */

/* ROW = row I of the Hessian of P as a program over PROG's data set: its
   loss register the partial g_I (P->grad[I], hand-written or derived),
   its partials d g_I / d w_j, derived exactly from that tree with P's
   kinks (every kink of g_I a select in them, which a ball that straddles
   it cannot decide).  GDT_EVALUE (or the error of gdt_expr_derive_kinks:
   a kink with --kinks error, GDT_ERANGE past the derivative's node limit)
   with ERR saying why when a partial has no derivative as written,
   GDT_ENOMEM.  Clear ROW with gdt_program_clear in every case. */
gdt_status gdt_program_init_hessian_row(gdt_program *row, const gdt_problem *p,
                                        const gdt_program *prog, size_t i, gdt_error *err)
    GDT_MUST_CHECK;

/* Set R to constant I of P rounded once into D: P->consts[I], or the named
   constant P->named[I] (gdt_domain_set_const). */
gdt_status gdt_program_set_const(gdt_val *r, const gdt_program *p, size_t i,
                                 gdt_domain *d) GDT_MUST_CHECK;

/* Allocate P->nregs registers of domain D into *REGS and set the constant
   registers (gdt_program_set_const, each rounded once); after them the data set's
   cells (each rounded once, the negative zeros negated) and, in an exact
   domain, the partial sums of the pairwise sums over the rows and the
   moments of each planned sum (summed here, once; a plan whose moments
   cannot be summed, for a divisor 0 at some row, a sum beyond
   D->max_bits or a stop asked for (D->stop), is left to the loop, which
   reports it at its step).  Free with gdt_program_regs_free. */
gdt_status gdt_program_regs_new(gdt_val **regs, const gdt_program *p,
                                gdt_domain *d) GDT_MUST_CHECK;
void gdt_program_regs_free(gdt_val *regs, const gdt_program *p, gdt_domain *d);

/* Run every insn of P over REGS (parameters already stored) with D's
   methods.  On an error (GDT_EDIVZERO, ...) *FAILED (if not NULL) receives
   the index of the insn that failed and evaluation stops; on success *FAILED
   is not touched.

   A sum over the data rows adds them one by one in their order in a
   rounded domain.  An exact domain adds them pairwise (a balanced tree of
   additions, in the partial sums gdt_program_regs_new allocates after the
   cells): the same value, but two sums of many rows with a common
   denominator are added log(rows) times instead of one ever larger sum
   once per row.  When the sum has a plan (its body is a polynomial in the
   parameters, moments.h), an exact domain evaluates the polynomial whose
   coefficients, the moments of the data set, gdt_program_regs_new summed
   once: the same value again, in a few operations.  Each addition is bounded by D->max_bits (GDT_ERANGE,
   which the stepper reports as "size-limit").  Every row of a sum polls
   D->stop (num.h), and a stop asked for ends the evaluation with
   GDT_EINTERRUPTED. */
gdt_status gdt_program_eval(const gdt_program *p, gdt_val *regs, gdt_domain *d,
                            size_t *failed) GDT_MUST_CHECK;

/* Which insns gdt_program_eval_part runs. */
typedef enum gdt_eval_part {
    GDT_EVAL_ALL,   /* every insn: gdt_program_eval */
    GDT_EVAL_GRAD,  /* only those a partial depends on (loss_only 0): the
                       partials, without the loss */
    GDT_EVAL_LOSS   /* the others (loss_only 1), after GDT_EVAL_GRAD at the
                       same point: then the loss too */
} gdt_eval_part;

/* gdt_program_eval restricted to the insns PART names, in their order.
   GDT_EVAL_GRAD then GDT_EVAL_LOSS give the registers gdt_program_eval
   gives (every insn writes its own register, and an insn the partials
   depend on depends only on such insns); an error of the loss is then
   found after the partials are computed. */
gdt_status gdt_program_eval_part(const gdt_program *p, gdt_val *regs, gdt_domain *d,
                                 gdt_eval_part part, size_t *failed) GDT_MUST_CHECK;

/* ---------------------------------------------------------------- grad check */

/* Where a hand-written partial is checked: the data set (NROWS rows of
   NCOLS exact CELLS, or none), w0, the bound on exact values (gdt_domain's
   max_bits, 0: none) and a stop flag (or NULL). */
typedef struct gdt_grad_check_in {
    size_t ncols, nrows;
    const mpq_t *cells;
    const mpq_t *w0;
    size_t max_bits;
    gdt_cancel *stop;
} gdt_grad_check_in;

/* What the check found: per parameter, FOUND[i] 1 when its hand-written
   partial disagrees with the exact derivative of the loss, at the point
   AT[i*n .. i*n + n-1], where it is GIVEN[i] and the derivative
   DERIVED[i]. */
typedef struct gdt_grad_check {
    size_t n;
    int *found;
    mpq_t *at, *given, *derived;
} gdt_grad_check;

void gdt_grad_check_init(gdt_grad_check *c);  /* nothing found; cannot fail */
void gdt_grad_check_clear(gdt_grad_check *c); /* C may be NULL */

/* Compare each hand-written partial of PB with the exact derivative of its
   loss (gdt_expr_derive_kinks, with PB's kinks), both evaluated exactly
   (the exact domain, over IN's data set) at w0, then at w0 + 1/2,
   w0 - 1/3, 0, 1 and w0 + 2 (every coordinate), up to the first point
   where they differ.  A point where either has no rational value (an
   irrational value, a log of 0, a kink, a value past max_bits) is
   skipped: a partial is reported only when both are rational and differ.
   GDT_ENOMEM, GDT_EINTERRUPTED; C holds what was found so far. */
gdt_status gdt_grad_check_run(gdt_grad_check *c, const gdt_problem *pb,
                              const gdt_grad_check_in *in) GDT_MUST_CHECK;

#endif
