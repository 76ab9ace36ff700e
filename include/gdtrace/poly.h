/* gdtrace/poly.h -- exact facts about expressions: polynomial degree,
   exact evaluation, the minimiser of a quadratic loss */
#ifndef GDTRACE_POLY_H
#define GDTRACE_POLY_H

#include <gmp.h>
#include "gdtrace/expr.h"
#include "gdtrace/problem.h"
#include "gdtrace/status.h"

/* The degree of E as a polynomial in parameter VAR (other parameters count
   as constants), or -1 when E is not a polynomial in VAR (VAR in a
   denominator, a negative power of an expression in VAR).  The degree is
   that of the expression as written, an upper bound: (w+1) - w has
   degree 1. */
long gdt_expr_degree(const gdt_expr *e, int var);

/* R = E evaluated exactly with parameter i set to PARAMS[i].  GDT_EDIVZERO
   on a division by zero. */
gdt_status gdt_expr_eval_q(mpq_t r, const gdt_expr *e, const mpq_t *params)
    GDT_MUST_CHECK;

/* When P's gradient is affine in its parameter with a non-zero slope, as
   for every quadratic loss, set WSTAR to the exact point where it is zero
   and return 1; otherwise return 0. */
int gdt_problem_minimiser(mpq_t wstar, const gdt_problem *p);

#endif
