/* gdtrace/poly.h -- exact facts about expressions: exact evaluation;
   exact polynomial algebra over Q for `gdtrace analyze`: polynomials from
   expressions, their real roots isolated and refined exactly,
   characteristic polynomials */
#ifndef GDTRACE_POLY_H
#define GDTRACE_POLY_H

#include <gmp.h>
#include <mpfr.h>
#include "gdtrace/buf.h"
#include "gdtrace/expr.h"
#include "gdtrace/problem.h"
#include "gdtrace/status.h"

/* R = E evaluated exactly with parameter i set to PARAMS[i].  GDT_EDIVZERO
   on a division by zero. */
gdt_status gdt_expr_eval_q(mpq_t r, const gdt_expr *e, const mpq_t *params)
    GDT_MUST_CHECK;

/* ------------------------------------------------ polynomials over Q */

/* The highest degree gdt_poly_from_expr builds, in its result and in every
   intermediate polynomial. */
#define GDT_POLY_MAX_DEGREE 10000

/* c[0] + c[1] x + ... + c[n-1] x^(n-1), exact; trimmed so that c[n-1] != 0
   (n == 0: the zero polynomial, and then c may be NULL). */
typedef struct gdt_poly {
    size_t n;
    mpq_t *c;
} gdt_poly;

/* P = 0. */
void gdt_poly_init(gdt_poly *p);
/* Free P's coefficients and set it to 0; P may be NULL. */
void gdt_poly_clear(gdt_poly *p);

/* R = P (R may be P).  GDT_ENOMEM. */
gdt_status gdt_poly_set(gdt_poly *r, const gdt_poly *p) GDT_MUST_CHECK;

/* P = E as a polynomial in parameter VAR, exactly.  E may use numbers, VAR,
   unary minus, + - *, division by an expression whose polynomial is a
   non-zero constant, and ^ n (n >= 0, or n < 0 on a constant).  Whether a
   subexpression is constant is decided on its polynomial, so (w + 1 - w)
   divides like 1.  On failure P is 0 and ERR has a one-line message at the
   offending node's position:
     GDT_EVALUE   "another parameter in a polynomial in one parameter",
                  "exp() is not a polynomial" (any call; "mean()" and
                  "sum()" for aggregates), "a data column is not a
                  polynomial", "a case split is not a polynomial",
                  "division by an expression in the parameter",
                  "negative power of an expression in the parameter"
     GDT_EDIVZERO "division by zero" (a constant 0 divisor or 0^-n)
     GDT_ERANGE   "polynomial degree over 10000", "power too large" (a
                  constant power of more than 2^20 bits), "expression
                  nested too deeply (more than 8000 levels)"
     GDT_ENOMEM   "out of memory"
     GDT_EINTERRUPTED "stopped by a signal" (STOP, polled in every
                  product) */
gdt_status gdt_poly_from_expr(gdt_poly *p, const gdt_expr *e, int var, gdt_cancel *stop,
                              gdt_error *err) GDT_MUST_CHECK;

/* The degree of P; -1 for the zero polynomial. */
long gdt_poly_degree(const gdt_poly *p);

/* R = P' (R may be P).  GDT_ENOMEM. */
gdt_status gdt_poly_derive(gdt_poly *r, const gdt_poly *p) GDT_MUST_CHECK;

/* R = P(X), exactly, by Horner's rule (R may be X). */
void gdt_poly_eval_q(mpq_t r, const gdt_poly *p, const mpq_t x);

/* R = P(X) by Horner's rule at R's precision, each operation rounded to
   nearest (R may be X). */
void gdt_poly_eval_fr(mpfr_t r, const gdt_poly *p, const mpfr_t x);

/* Append P as text with variable NAME, highest degree first, coefficients
   exact as integers or fractions p/q: "3*x^2 - x + 1/2", "-1/3*x", "0".
   The text reads back as the same polynomial.  GDT_ENOMEM. */
gdt_status gdt_poly_print(gdt_buf *out, const gdt_poly *p, const char *name)
    GDT_MUST_CHECK;

/* ---------------------------------------------------------- real roots */

/* A distinct real root of a polynomial. */
typedef struct gdt_root {
    int exact;          /* 1: the root is the rational q */
    mpq_t q;            /* the exact value when exact; else the midpoint of
                           [lo, hi] */
    mpq_t lo, hi;       /* an isolating interval: lo == hi == q when exact;
                           otherwise lo < root < hi, hi - lo <= 2^-bits, and
                           no other root of the polynomial lies in [lo, hi]
                           (lo and hi are no roots; two inexact roots' intervals
                           may share an end) */
    unsigned long mult; /* its multiplicity */
} gdt_root;

/* R = the exact root 0 of multiplicity 1. */
void gdt_root_init(gdt_root *r);
void gdt_root_clear(gdt_root *r); /* R may be NULL */

/* Real roots: R[0 .. N-1] in increasing order (R is NULL when N is 0);
   gdt_roots_init makes none, gdt_roots_clear frees them all and makes
   none again (RS may be NULL). */
typedef struct gdt_roots {
    gdt_root *r;
    size_t n;
} gdt_roots;
void gdt_roots_init(gdt_roots *rs);
void gdt_roots_clear(gdt_roots *rs);

/* What root isolation takes.  Its cost grows with the degree (the
   square-free factorisation and every Taylor shift are quadratic in it) and
   with the size of the coefficients (a root 10^-999999 next to one at
   10^999999 needs millions of bisections of millions-bit numbers), so
   gdt_poly_real_roots refuses a polynomial past either bound; 0 is no
   bound.  The size is that of the primitive integer polynomial with P's
   roots: the bits of all its coefficients together. */
typedef struct gdt_roots_budget {
    unsigned long max_degree;
    unsigned long max_coeff_bits;
} gdt_roots_budget;

/* The defaults of gdtrace analyze (--max-degree, --max-coeff-bits): at
   these bounds the hardest polynomials tried (products of 200 factors
   w - k/10^12, the derivative of one of 300 such) isolate and refine in
   a few seconds. */
#define GDT_ROOTS_MAX_DEGREE 200
#define GDT_ROOTS_MAX_COEFF_BITS 1048576

/* GDT_OK when P is within BUDGET (NULL: no bound); else GDT_ERANGE with a
   one-line message in ERR naming the bound: "degree 9999 is over the bound
   200", "the coefficients have 53150820 bits as integers, over the bound
   1048576" (GDT_ENOMEM: "out of memory"). */
gdt_status gdt_poly_roots_check(const gdt_poly *p, const gdt_roots_budget *budget,
                                gdt_error *err) GDT_MUST_CHECK;

/* Every distinct real root of P in increasing order, found exactly: P is
   made a primitive integer polynomial and split into square-free factors
   (Musser's algorithm: gcds by primitive remainder sequences and exact
   divisions in Z[x]; a gcd(P, P') of degree 0 modulo a prime certifies the
   common square-free case without them); the roots of each factor are
   isolated by Descartes' rule of signs with bisection (Vincent-Collins-
   Akritas, on an explicit stack: no recursion) within Fujiwara's bound;
   each isolating interval is refined by exact quadratic interval
   refinement (secant steps confirmed by signs, bisection on failure) until
   at most 2^-BITS wide.  A rational root is always found exactly: one at a
   bisection point directly, others as the simplest fraction in the
   interval, tested by exact evaluation, conclusively once the interval is
   narrower than 1/L^2 (L the factor's leading coefficient, which every
   denominator of a rational root divides; so an irrational root's interval
   may end narrower than 2^-BITS).  No floating point anywhere.  The cost
   is dominated by O(deg^2) Taylor shifts per bisection node: degree 300
   with small coefficients takes milliseconds, degree 10000 seconds.

   A non-zero constant has no roots.  RS (initialised) is set to the roots;
   errors leave it with none: GDT_EVALUE when P is the zero polynomial,
   GDT_ERANGE when P is past BUDGET (NULL: no bound; gdt_poly_roots_check
   says why), GDT_EINTERRUPTED when STOP asks for a stop (it is polled at
   every bisection node, remainder and refinement step), GDT_ENOMEM. */
gdt_status gdt_poly_real_roots(gdt_roots *rs, const gdt_poly *p, unsigned long bits,
                               const gdt_roots_budget *budget, gdt_cancel *stop)
    GDT_MUST_CHECK;

/* ------------------------------------------------------------ matrices */

/* R = det(x I - M), the characteristic polynomial of the N x N rational
   matrix M (row-major, N*N entries), exactly: M is scaled to an integer
   matrix and Berkowitz's division-free algorithm (O(N^4) products) run
   over Z.  N == 0 gives 1.  GDT_ENOMEM, GDT_ERANGE when N*N overflows,
   GDT_EINTERRUPTED when STOP asks for a stop (polled once a row). */
gdt_status gdt_matrix_charpoly(gdt_poly *r, const mpq_t *m, size_t n,
                               gdt_cancel *stop) GDT_MUST_CHECK;

/* EIG[0 .. N) = the eigenvalues of the symmetric N x N matrix A
   (row-major; A is overwritten), in increasing order, by Jacobi's cyclic
   method in MPFR at the precision of EIG[0] (A's entries at least as
   precise): sweeps of plane rotations, each zeroing one off-diagonal
   entry, until the off-diagonal part is below 2^-prec of the matrix's
   size (each eigenvalue then within a few ulps of the matrix's largest).
   Only the upper triangle is read.  GDT_EDOMAIN when an entry is inf or
   nan, GDT_EINTERRUPTED when STOP asks for a stop (polled every sweep),
   GDT_ENOMEM. */
gdt_status gdt_matrix_sym_eigen(mpfr_t *eig, mpfr_t *a, size_t n, gdt_cancel *stop)
    GDT_MUST_CHECK;

#endif
