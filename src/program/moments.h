/* moments.h -- sums over the data rows as polynomials in the parameters,
   for the exact domain (internal to the library)

   When the body of mean() or sum() is a polynomial in the parameters whose
   coefficients depend on the row only,

       body = c_1(row) w^e_1 + c_2(row) w^e_2 + ...,

   its sum over the rows is S_1 w^e_1 + S_2 w^e_2 + ... with S_t the sum of
   c_t over the rows, a moment of the data set.  The moments are computed
   once, exactly; each evaluation of the sum then costs a few operations on
   the parameters, not one evaluation of the body per row, whose every
   operation would carry the parameters' denominators: with 100,000 rows
   k/(k+1), the w of step 1 has a denominator of 144,000 bits.  The value is
   the same rational in every regrouping, which only an exact domain can
   afford: a rounded domain adds the rows one by one. */
#ifndef GDTRACE_MOMENTS_H
#define GDTRACE_MOMENTS_H

#include <stddef.h>
#include <gmp.h>
#include "gdtrace/expr.h"
#include "gdtrace/status.h"

/* The most terms (monomials of the parameters) a plan may have, counting
   those of every subexpression of the body: beyond them the body is summed
   row by row. */
#define GDT_MOMENTS_MAX_TERMS 32

typedef struct gdt_moments gdt_moments;

/* *OUT = a new plan for the body BODY of an aggregate over NPARAMS
   parameters, or NULL when BODY is no such polynomial: it calls a function,
   holds an inner aggregate, divides by an expression of the parameters or
   takes a negative power of one, or has more than GDT_MOMENTS_MAX_TERMS
   terms.  GDT_ENOMEM (*OUT NULL). */
gdt_status gdt_moments_plan(gdt_moments **out, const gdt_expr *body, size_t nparams)
    GDT_MUST_CHECK;
void gdt_moments_free(gdt_moments *m); /* M may be NULL */

/* The number of terms of the body, and the exponent of parameter I in
   term T (T < the number of terms). */
size_t gdt_moments_nterms(const gdt_moments *m);
unsigned long gdt_moments_exp(const gdt_moments *m, size_t t, size_t i);

/* SUMS[t], for each term t (initialised by the caller), = the sum over the
   NROWS rows of NCOLS cells CELLS (row-major) of term t's coefficient,
   exact, added pairwise.  GDT_EDIVZERO when a divisor is 0 at some row,
   GDT_ERANGE when a value would need more than MAX_BITS bits (0: no
   limit), GDT_EINTERRUPTED when STOP is set (polled every row; NULL:
   never), GDT_ENOMEM. */
gdt_status gdt_moments_sum(mpq_t *sums, const gdt_moments *m, const mpq_t *cells,
                           size_t nrows, size_t ncols, size_t max_bits, gdt_cancel *stop)
    GDT_MUST_CHECK;

#endif
