/* gdtrace/contract.h -- a proof that a run of one parameter converges
   forever: the Krawczyk test of the step's map on balls */
#ifndef GDTRACE_CONTRACT_H
#define GDTRACE_CONTRACT_H

#include <gmp.h>
#include <mpfr.h>
#include "gdtrace/num.h"
#include "gdtrace/program.h"
#include "gdtrace/status.h"

/* The test of the map T(w) = w - lr*g(w) of a loss of one parameter,
   with ROW the program of g and g' (gdt_program_init_hessian_row, row 0),
   its registers held in a ball domain.

   A ball of the state w_k proves the run contracting when an interval
   J = [m - rho, m + rho] holds it, g and g' have values on all of J (every
   select of their programs decided there, so that T is smooth on J), the
   ball of T'(J) = 1 - lr*g'(J) lies inside (-1, 1), and the Krawczyk
   (mean-value) image K = T(m) + T'(J)*(J - m) lies inside J (K's ends
   bounded in rationals, T(m)'s ball's ends -/+ max |T'(J)| rho, so that
   a Q as near 1 as 1 - 1e-100 is no matter of a ball's 30-bit radius).  Then T maps
   J into itself (T(x) = T(m) + T'(xi)(x - m) for some xi in J) with a
   Lipschitz constant below 1, so the exact-real run from w_k stays in J
   and converges to T's one fixed point there.  The centre is first
   Newton's step c = m - g(m)/g'(m) toward the fixed point from the ball's
   midpoint m, then m itself (any centre is sound, J = [c - rho, c + rho]
   and K = T(c) + T'(J)(J - c) with it); rho starts at twice the larger of
   the ball's reach from c and |T(c) - c|/(1 - |T'(m)|), and is widened
   (epsilon-inflation: twice K's reach from c) a few times when K
   overshoots J.  A cycle (|T'| = 1 at a 2-cycle, as lr = 1 on a quadratic
   with f'' = 2) never passes: T'(J) does not lie inside (-1, 1). */
typedef struct gdt_contract {
    const gdt_program *row;  /* not owned */
    const gdt_program *prog; /* the loss's program, or NULL (not owned) */
    gdt_domain *dom;         /* the domain REGS live in, at PREC bits */
    mpfr_prec_t prec;
    gdt_val *regs, *pregs;   /* ROW's and PROG's registers */
    gdt_val loss;            /* after a test that passed, with PROG: a ball
                                of the loss on all of J, which holds every
                                later step's loss */
    gdt_val m, tm, tp, iv, one;    /* scratch balls of DOM */
    mpq_t lo, hi, mid, rho, a, b, klo, khi, w_lo, w_hi; /* scratch rationals */
} gdt_contract;

/* Set C up to test with ROW, and with PROG (or NULL) to bound the loss
   on J too (both must outlive C); nothing is allocated in a domain until
   the first test. */
void gdt_contract_init(gdt_contract *c, const gdt_program *row, const gdt_program *prog);
void gdt_contract_clear(gdt_contract *c); /* C may be NULL */

/* *PROVEN = 1 when the ball W of D (a ball domain) proves, as above, that
   the run from it with learning rate LR (a ball of D) converges forever;
   0 when the test fails (the balls too wide, a select undecided on J, a
   value not finite, |T'| not below 1; with C's PROG, the loss without a
   value on J).  C's registers follow D and its
   precision (set up again when either changes).  GDT_OK either way;
   GDT_ENOMEM, GDT_EINTERRUPTED (D->stop, in a sum over the data rows). */
gdt_status gdt_contract_test(int *proven, gdt_contract *c, const gdt_val *w,
                             const gdt_val *lr, gdt_domain *d) GDT_MUST_CHECK;

#endif
