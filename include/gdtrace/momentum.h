/* gdtrace/momentum.h -- SGD with momentum (heavy ball, dampening,
   Nesterov, weight decay) on a quadratic loss, exactly: the 2x2 map of
   each curvature, its eigenvalues, spectral radius, class and critical
   learning rate, and the state at step N by powering it */
#ifndef GDTRACE_MOMENTUM_H
#define GDTRACE_MOMENTUM_H

#include <gmp.h>
#include <mpfr.h>
#include "gdtrace/affine.h"
#include "gdtrace/status.h"

/* torch.optim.SGD's hyperparameters, exact.  With g_k the gradient at
   w_k (weight decay included: g_k = g(w_k) + wd w_k), torch's update is
     buf_0 = g_0,  buf_k = m buf_(k-1) + (1 - d) g_k  (k >= 1)
     w_(k+1) = w_k - lr buf_k          (heavy ball)
     w_(k+1) = w_k - lr (g_k + m buf_k)  (Nesterov)
   so that from step 1 on the state (w_k, buf_(k-1)) follows an affine
   map; step 0 is its own (buf_0 = g_0, not (1 - d) g_0). */
typedef struct gdt_heavyball {
    mpq_t m, d, wd;
    int nesterov;
} gdt_heavyball;

void gdt_heavyball_init(gdt_heavyball *hb);   /* all 0, heavy ball */
void gdt_heavyball_clear(gdt_heavyball *hb);  /* HB may be NULL */

/* The map of one curvature h (an eigenvalue of H + wd I) on the state
   (e_k, buf_(k-1)), e_k = w_k - w*, for k >= 1:
     heavy ball: [[1 - lr (1-d) h, -lr m], [(1-d) h, m]]
     Nesterov:   [[1 - lr (1 + m (1-d)) h, -lr m^2], [(1-d) h, m]]
   its characteristic polynomial x^2 - tr x + det (heavy ball: det = m;
   Nesterov: det = m (1 - lr h)), its eigenvalues re +- sqrt(q) (q = tr^2/4
   - det; q < 0: a complex pair re +- i sqrt(-q), of modulus sqrt(det)),
   the spectral radius ra + sqrt(rb), exactly, and what the run does. */
typedef struct gdt_momentum_map {
    mpq_t h, lr;
    mpq_t a[4];           /* the matrix, row-major */
    mpq_t tr, det;
    mpq_t re, q;          /* the eigenvalues re +- sqrt(q) */
    int complex;          /* q < 0 */
    int rational;         /* q >= 0 is a rational's square, S: the
                             eigenvalues are re + s >= re - s */
    mpq_t s;
    mpq_t ra, rb;         /* the spectral radius: ra + sqrt(rb); rb = 0
                             when it is rational (ra) */
    int cmp1;             /* its sign against 1: -1, 0, 1 */
    const char *cls;      /* gdt_momentum_map_set says which */
    unsigned long period; /* a cycle's period (2, 3, 4, 6), else 0 */
    int have_lr_critical; /* h > 0 and some lr > 0 converges: */
    mpq_t lr_critical;    /* it converges for lr_low < lr < lr_critical */
    mpq_t lr_low;         /* (0, except for a negative momentum with
                             Nesterov) */
} gdt_momentum_map;

void gdt_momentum_map_init(gdt_momentum_map *mm);
void gdt_momentum_map_clear(gdt_momentum_map *mm); /* MM may be NULL */

/* Set MM for curvature H (weight decay included), learning rate LR and
   HB's momentum, dampening and Nesterov.  The class, from the
   eigenvalues of largest modulus (a run from a generic start):
     radius < 1: "converges in finitely many steps" (radius 0),
       "converges monotonically" (the dominant eigenvalue > 0),
       "converges, oscillating" (< 0, or +-r alike),
       "converges, spiralling (complex eigenvalues)";
     radius = 1: "no movement" (the map is the identity),
       "does not converge (an eigenvalue 1)", "2-cycle" (an eigenvalue
       -1 and the other inside the unit circle, or 1 and -1),
       "cycles (period P)" (a rotation by 2 pi/P: P = 3, 4, 6, the only
       rational rotations with a rational cosine), "bounded,
       quasi-periodic (an irrational rotation)", "diverges (a repeated
       eigenvalue of modulus 1)";
     radius > 1: "diverges monotonically", "diverges, oscillating",
       "diverges, spiralling (complex eigenvalues)".
   The critical lr, from Jury's conditions (|det| < 1, 1 - tr + det > 0,
   1 + tr + det > 0), each linear in c = lr h: heavy ball 2 (1 + m) /
   ((1 - d) h) for 0 <= m < 1, Nesterov 2 (1 + m) / ((1 + m (2 - d)) h). */
void gdt_momentum_map_set(gdt_momentum_map *mm, const mpq_t h, const mpq_t lr,
                          const gdt_heavyball *hb);

/* R = the spectral radius of MM to about PREC bits (rounded to nearest). */
void gdt_momentum_map_radius(mpfr_ptr r, const gdt_momentum_map *mm);

/* 1 when A's Hessian is diagonal (the parameters do not couple), so that
   each parameter follows the 2x2 map of its own curvature. */
int gdt_affine_diagonal(const gdt_affine *a);

/* W[i] = w_N and BUF[i] = buf_(N-1) (0 at N = 0, as torch has no buffer
   yet) of torch's SGD from W0 with HB and learning rate LR (or LRS[i]
   per parameter when LRS is not NULL), on the affine gradient A, whose
   Hessian must be diagonal (gdt_affine_diagonal): each parameter's
   affine 3x3 map on (w, buf, 1) powered by squaring on integers over
   one common denominator, never by iterating.  GDT_ERANGE when an entry
   could need more than A->max_bits bits (0: no limit), GDT_EINTERRUPTED
   when STOP asks for a stop, GDT_ENOMEM. */
gdt_status gdt_momentum_at(mpq_t *w, mpq_t *buf, const gdt_affine *a, const gdt_heavyball *hb,
                           const mpq_t lr, const mpq_t *lrs, const mpq_t *w0, unsigned long n,
                           gdt_cancel *stop) GDT_MUST_CHECK;

#endif
