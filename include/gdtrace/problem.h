/* gdtrace/problem.h -- a problem: the loss, its parameters and its gradient */
#ifndef GDTRACE_PROBLEM_H
#define GDTRACE_PROBLEM_H

#include "gdtrace/expr.h"
#include "gdtrace/status.h"

typedef struct gdt_problem {
    gdt_names params;  /* parameters in order of first appearance */
    gdt_expr *loss;
    gdt_expr *grad;    /* d loss / d param */
    int grad_derived;  /* 1: derived from the loss; 0: given by hand */
} gdt_problem;

/* Parse LOSS and, when GRAD is not NULL, the hand-written derivative GRAD;
   otherwise derive it exactly.  One parameter: a loss with more than one
   identifier is GDT_EVALUE; a loss with none has the parameter named "w".
   GRAD may not name any identifier other than the loss's parameter.  On a
   parse error ERR->pos is an offset into the text named by *WHICH ("loss"
   or "grad"); WHICH may be NULL.  Besides the errors of gdt_expr_parse and
   gdt_expr_derive (both with *WHICH "loss" for the derivation):
     GDT_EVALUE "the loss has 2 parameters (w, x); gdtrace handles one
                parameter"  (at the first use of the second one)
     GDT_EVALUE "the gradient names 'x', which is not a parameter of the
                loss"  (at that name in GRAD)
   On failure P is left cleared (gdt_problem_clear on it is harmless). */
gdt_status gdt_problem_init(gdt_problem *p, const char *loss, const char *grad,
                            const char **which, gdt_error *err) GDT_MUST_CHECK;
void gdt_problem_clear(gdt_problem *p); /* P may be NULL */

#endif
