/* gdtrace/problem.h -- a problem: the loss, its parameters and its gradient */
#ifndef GDTRACE_PROBLEM_H
#define GDTRACE_PROBLEM_H

#include "gdtrace/expr.h"
#include "gdtrace/status.h"

typedef struct gdt_problem {
    gdt_names params;         /* parameters in order of first appearance */
    size_t n;                 /* how many: params.n */
    const gdt_names *columns; /* the data set's columns, or NULL (not owned) */
    gdt_expr *loss;
    gdt_expr **grad;          /* params.n partial derivatives d loss / d p_i */
    int *grad_derived;        /* per parameter: 1 derived, 0 given by hand */
    gdt_kinks kinks;          /* the derivatives' values at kinks (expr.h) */
} gdt_problem;

/* Parse LOSS (its data columns named by COLUMNS, NULL when there is no data
   set) and the NGRADS hand-written partial derivatives GRADS[], each
   "NAME=EXPR", or just "EXPR" when the loss has one parameter; the partials
   not given are derived exactly.  Every identifier of the loss that is not
   a function or a column is a parameter, in order of first appearance; a
   loss with none has the parameter "w".  On failure ERR says why; when its
   position is set, *WHERE (if WHERE is not NULL) is the text it is an
   offset into: LOSS or one of GRADS[].  Errors besides the parser's
   (GDT_EVALUE): a gradient naming an identifier that is no parameter, an
   unnamed gradient with several parameters, a NAME= that is no parameter,
   a parameter given two gradients, a loss with no parameter over a data
   set with a column "w" ("the loss has no parameter: 'w' is a data
   column", at its first use: the parameter "w" would be a phantom with a
   zero gradient).  Clear P with gdt_problem_clear in every case (on
   failure P is left empty). */
gdt_status gdt_problem_init(gdt_problem *p, const char *loss, const char *const *grads,
                            size_t ngrads, const gdt_names *columns, const char **where,
                            gdt_error *err) GDT_MUST_CHECK;

/* gdt_problem_init with the partials derived with the values KINKS at
   the kinks of abs, relu, min and max (gdt_expr_derive_kinks);
   gdt_problem_init is it with GDT_KINKS_ERROR. */
gdt_status gdt_problem_init_kinks(gdt_problem *p, const char *loss, const char *const *grads,
                                  size_t ngrads, const gdt_names *columns, gdt_kinks kinks,
                                  const char **where, gdt_error *err) GDT_MUST_CHECK;

/* gdt_problem_init_kinks for a run with loss scaling when SEEDED: each
   partial derived is gdt_expr_derive_seeded's (the seed dloss where
   reverse mode multiplies it in), and a hand-written partial that does
   not name dloss is dloss*(PARTIAL).  SEEDED 0 is gdt_problem_init_kinks.
   In every case a loss naming dloss is refused (GDT_EVALUE). */
gdt_status gdt_problem_init_seed(gdt_problem *p, const char *loss, const char *const *grads,
                                 size_t ngrads, const gdt_names *columns, gdt_kinks kinks,
                                 int seeded, const char **where, gdt_error *err)
    GDT_MUST_CHECK;
void gdt_problem_clear(gdt_problem *p); /* P may be NULL */

/* 1 when every partial was derived. */
int gdt_problem_all_derived(const gdt_problem *p);

#endif
