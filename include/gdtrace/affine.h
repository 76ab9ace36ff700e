/* gdtrace/affine.h -- the exact affine gradient of a quadratic loss: g0, H,
   the fixed point w*, the state at step N in closed form */
#ifndef GDTRACE_AFFINE_H
#define GDTRACE_AFFINE_H

#include <gmp.h>
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
   GDT_EDIVZERO and the like when the exact evaluation fails, GDT_ENOMEM.
   Clear A with gdt_affine_clear in every case. */
gdt_status gdt_affine_init(gdt_affine *a, const gdt_program *prog) GDT_MUST_CHECK;
void gdt_affine_clear(gdt_affine *a); /* A may be NULL */

/* G[] = g0 + H W[], the gradient at W, exactly. */
void gdt_affine_grad(mpq_t *g, const gdt_affine *a, const mpq_t *w);

/* R = 1 - LR * F2, the multiplier of a step at curvature F2. */
void gdt_affine_multiplier(mpq_t r, const mpq_t lr, const mpq_t f2);

/* M = I - LR H, the linear part of one step w -> w - lr g(w), into the
   first A->n columns of A->n rows of M, rows STRIDE entries apart. */
void gdt_affine_step_matrix(mpq_t *m, size_t stride, const gdt_affine *a, const mpq_t lr);
/* M = I - D H with D = diag(LR[0 .. A->n)): the step with a learning rate
   per parameter, w_i -> w_i - lr_i g_i(w), laid out as above. */
void gdt_affine_step_matrix_lrs(mpq_t *m, size_t stride, const gdt_affine *a,
                                const mpq_t *lr);

/* The stationary point: W[] = the exact solution of H w = -g0 (the
   minimiser of a convex loss), when H is invertible (returns 1), else 0
   (also when STOP asks for a stop: the caller sees the flag). */
int gdt_affine_fixed_point(mpq_t *w, const gdt_affine *a, gdt_cancel *stop);

/* W[] = w_N of gradient descent from W0[] with LR: w_{k+1} = w_k - lr g(w_k)
   = M w_k - lr g0 with M = I - lr H, computed exactly by powering the
   affine map (O(log N) matrix products), never by iterating.  GDT_ERANGE
   past A->max_bits, GDT_EINTERRUPTED when STOP asks for a stop. */
gdt_status gdt_affine_at(mpq_t *w, const gdt_affine *a, const mpq_t lr, const mpq_t *w0,
                         unsigned long n, gdt_cancel *stop) GDT_MUST_CHECK;
/* The same with a learning rate per parameter, LR[0 .. A->n): M = I - D H
   and the constant part -D g0, D = diag(LR). */
gdt_status gdt_affine_at_lrs(mpq_t *w, const gdt_affine *a, const mpq_t *lr, const mpq_t *w0,
                             unsigned long n, gdt_cancel *stop) GDT_MUST_CHECK;

#endif
