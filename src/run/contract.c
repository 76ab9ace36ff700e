/* contract -- the Krawczyk test: a ball of the state of a one-parameter
   run that proves it converges forever (gdtrace/contract.h) */
#include <stdlib.h>
#include <string.h>
#include "gdtrace/contract.h"

/* How many times J is widened when K overshoots it. */
#define INFLATIONS 8

void
gdt_contract_init(gdt_contract *c, const gdt_program *row, const gdt_program *prog)
{
    memset(c, 0, sizeof *c);
    c->row = row;
    c->prog = prog;
    mpq_inits(c->lo, c->hi, c->mid, c->rho, c->a, c->b, c->klo, c->khi, c->w_lo, c->w_hi,
              (mpq_ptr)0);
}

/* Free C's registers and scratch balls (in the domain they live in). */
static void
unbind(gdt_contract *c)
{
    gdt_domain *d = c->dom;

    if (d == NULL)
        return;
    gdt_program_regs_free(c->regs, c->row, d);
    if (c->pregs != NULL)
        gdt_program_regs_free(c->pregs, c->prog, d);
    d->ops->clear(&c->loss, d);
    d->ops->clear(&c->m, d);
    d->ops->clear(&c->tm, d);
    d->ops->clear(&c->tp, d);
    d->ops->clear(&c->iv, d);
    d->ops->clear(&c->one, d);
    c->regs = c->pregs = NULL;
    c->dom = NULL;
}

void
gdt_contract_clear(gdt_contract *c)
{
    if (c == NULL)
        return;
    unbind(c);
    mpq_clears(c->lo, c->hi, c->mid, c->rho, c->a, c->b, c->klo, c->khi, c->w_lo, c->w_hi,
               (mpq_ptr)0);
}

/* C's registers in D at its precision (its constants rounded there). */
static gdt_status
bind(gdt_contract *c, gdt_domain *d)
{
    gdt_status st;

    if (c->dom == d && c->prec == d->prec)
        return GDT_OK;
    unbind(c);
    if ((st = gdt_program_regs_new(&c->regs, c->row, d)) != GDT_OK)
        return st;
    if (c->prog != NULL && (st = gdt_program_regs_new(&c->pregs, c->prog, d)) != GDT_OK) {
        gdt_program_regs_free(c->regs, c->row, d);
        return st;
    }
    c->dom = d;
    d->ops->init(&c->loss, d);
    c->prec = d->prec;
    d->ops->init(&c->m, d);
    d->ops->init(&c->tm, d);
    d->ops->init(&c->tp, d);
    d->ops->init(&c->iv, d);
    d->ops->init(&c->one, d);
    mpq_set_ui(c->a, 1, 1);
    return d->ops->set_q(&c->one, c->a, d);
}

/* g and g' over the ball X: GDT_OK, or GDT_EUNDECIDED when they have no
   value there (a select undecided, a function outside its domain), and
   the failures that are the caller's (GDT_ENOMEM, GDT_EINTERRUPTED). */
static gdt_status
eval_at(gdt_contract *c, const gdt_val *x, gdt_domain *d)
{
    gdt_status st;

    if ((st = d->ops->set(&c->regs[c->row->nconsts], x, d)) != GDT_OK)
        return st;
    st = gdt_program_eval(c->row, c->regs, d, NULL);
    if (st == GDT_ENOMEM || st == GDT_EINTERRUPTED)
        return st;
    return st == GDT_OK ? GDT_OK : GDT_EUNDECIDED;
}

/* R = 1 - LR*g'(x) from the registers of the last eval_at. */
static gdt_status
derivative(gdt_contract *c, gdt_val *r, const gdt_val *lr, gdt_domain *d)
{
    gdt_status st;

    if ((st = d->ops->mul(r, lr, &c->regs[c->row->grad_reg[0]], d)) != GDT_OK)
        return st;
    return d->ops->sub(r, &c->one, r, d);
}

/* R = max(|lo|, |hi|) of ball X: GDT_EUNDECIDED when X is not finite. */
static gdt_status
magnitude(gdt_contract *c, mpq_t r, const gdt_val *x, gdt_domain *d)
{
    if (gdt_ball_get_ends(c->a, c->b, x, d) != GDT_OK)
        return GDT_EUNDECIDED;
    mpq_abs(c->a, c->a);
    mpq_abs(c->b, c->b);
    mpq_set(r, mpq_cmp(c->a, c->b) > 0 ? c->a : c->b);
    return GDT_OK;
}

/* With C's PROG: the loss on J (the ball IV) into C->loss. */
static gdt_status
loss_on(gdt_contract *c, gdt_domain *d)
{
    gdt_status st;

    if (c->prog == NULL)
        return GDT_OK;
    if ((st = d->ops->set(&c->pregs[c->prog->nconsts], &c->iv, d)) != GDT_OK)
        return st;
    st = gdt_program_eval(c->prog, c->pregs, d, NULL);
    if (st == GDT_ENOMEM || st == GDT_EINTERRUPTED)
        return st;
    if (st != GDT_OK)
        return GDT_EUNDECIDED;
    return d->ops->set(&c->loss, &c->pregs[c->prog->loss_reg], d);
}

/* R = the rational midpoint of ball X: GDT_EUNDECIDED when X is not
   finite. */
static gdt_status
midpoint(gdt_contract *c, mpq_t r, const gdt_val *x, gdt_domain *d)
{
    if (gdt_ball_get_ends(c->a, c->b, x, d) != GDT_OK)
        return GDT_EUNDECIDED;
    mpq_add(r, c->a, c->b);
    mpq_div_2exp(r, r, 1);
    return GDT_OK;
}

/* C->rho = the largest of C->rho and [LO, HI]'s reach from C->mid. */
static void
reach(gdt_contract *c, const mpq_t lo, const mpq_t hi)
{
    mpq_sub(c->a, c->mid, lo);
    mpq_sub(c->b, hi, c->mid);
    if (mpq_cmp(c->a, c->b) < 0)
        mpq_set(c->a, c->b);
    if (mpq_cmp(c->a, c->rho) > 0)
        mpq_set(c->rho, c->a);
}

/* The test on intervals J = [MID - rho, MID + rho] around C->mid (any
   centre is sound; one near the fixed point keeps J small), each holding
   w's ball [C->w_lo, C->w_hi]; Q0 < 1 is |T'| at w's midpoint, the first
   guess of how T contracts.  GDT_EUNDECIDED for "not proven". */
static gdt_status
test_around(gdt_contract *c, const gdt_val *lr, const mpq_t q0, gdt_domain *d)
{
    gdt_status st;
    int i;

    /* T(c) and |T(c) - c| */
    if ((st = d->ops->set_q(&c->m, c->mid, d)) != GDT_OK || (st = eval_at(c, &c->m, d)) != GDT_OK)
        return st;
    if ((st = d->ops->mul(&c->tm, lr, &c->regs[c->row->loss_reg], d)) != GDT_OK
        || (st = d->ops->sub(&c->tm, &c->m, &c->tm, d)) != GDT_OK)
        return st;
    if (gdt_ball_get_ends(c->klo, c->khi, &c->tm, d) != GDT_OK)
        return GDT_EUNDECIDED;
    mpq_sub(c->klo, c->mid, c->klo);
    mpq_sub(c->khi, c->khi, c->mid);
    mpq_abs(c->klo, c->klo);
    mpq_abs(c->khi, c->khi);
    mpq_set(c->rho, mpq_cmp(c->klo, c->khi) > 0 ? c->klo : c->khi);
    /* rho = 2 max(|T(c) - c|/(1 - q0), w's reach from c) */
    mpq_set_ui(c->a, 1, 1);
    mpq_sub(c->a, c->a, q0);
    mpq_div(c->rho, c->rho, c->a);
    reach(c, c->w_lo, c->w_hi);
    if (mpq_sgn(c->rho) == 0) { /* at the fixed point, exactly */
        mpq_abs(c->rho, c->mid);
        if (mpq_cmp_ui(c->rho, 1, 1) < 0)
            mpq_set_ui(c->rho, 1, 1);
        mpq_div_2exp(c->rho, c->rho, (mp_bitcnt_t)d->prec);
    }
    mpq_mul_2exp(c->rho, c->rho, 1);
    for (i = 0; i < INFLATIONS; i++) {
        /* J as the ball IV, which holds it; Q = max |T'(J)| */
        mpq_sub(c->lo, c->mid, c->rho);
        mpq_add(c->hi, c->mid, c->rho);
        if ((st = gdt_ball_set_ends(&c->iv, c->lo, c->hi, d)) != GDT_OK)
            return st;
        if ((st = eval_at(c, &c->iv, d)) != GDT_OK
            || (st = derivative(c, &c->tp, lr, d)) != GDT_OK
            || (st = magnitude(c, c->a, &c->tp, d)) != GDT_OK)
            return st;
        if (mpq_cmp_ui(c->a, 1, 1) >= 0)
            return GDT_EUNDECIDED; /* wider only makes it worse */
        /* K = T(c) + T'(J)(J - c) lies in [T(c)'s lower end - Q rho,
           its upper end + Q rho]: in rationals, since a ball's radius
           keeps 30 bits, too few when Q is near 1 */
        mpq_mul(c->a, c->a, c->rho);
        if (gdt_ball_get_ends(c->klo, c->khi, &c->tm, d) != GDT_OK)
            return GDT_EUNDECIDED;
        mpq_sub(c->klo, c->klo, c->a);
        mpq_add(c->khi, c->khi, c->a);
        if (mpq_cmp(c->klo, c->lo) >= 0 && mpq_cmp(c->khi, c->hi) <= 0)
            return loss_on(c, d);
        /* epsilon-inflation: rho = twice K's reach from c */
        reach(c, c->klo, c->khi);
        mpq_mul_2exp(c->rho, c->rho, 1);
    }
    return GDT_EUNDECIDED;
}

/* The test itself, GDT_EUNDECIDED for "not proven": around Newton's
   step from w's midpoint m toward the fixed point, c = m - g(m)/g'(m)
   (the midpoints' quotient), then around m itself. */
static gdt_status
test(gdt_contract *c, const gdt_val *w, const gdt_val *lr, gdt_domain *d)
{
    gdt_status st;
    mpq_t q0, m;

    if ((st = bind(c, d)) != GDT_OK)
        return st;
    if (gdt_ball_get_ends(c->w_lo, c->w_hi, w, d) != GDT_OK)
        return GDT_EUNDECIDED;
    mpq_inits(q0, m, (mpq_ptr)0);
    mpq_add(m, c->w_lo, c->w_hi);
    mpq_div_2exp(m, m, 1);
    /* g(m), g'(m) and q0 = |T'(m)| < 1, or no contraction near w */
    st = d->ops->set_q(&c->m, m, d);
    if (st == GDT_OK)
        st = eval_at(c, &c->m, d);
    if (st == GDT_OK)
        st = derivative(c, &c->tp, lr, d);
    if (st == GDT_OK)
        st = magnitude(c, q0, &c->tp, d);
    if (st != GDT_OK || mpq_cmp_ui(q0, 1, 1) >= 0) {
        mpq_clears(q0, m, (mpq_ptr)0);
        return st != GDT_OK ? st : GDT_EUNDECIDED;
    }
    st = midpoint(c, c->mid, &c->regs[c->row->grad_reg[0]], d);
    if (st == GDT_OK && mpq_sgn(c->mid) != 0) {
        mpq_set(c->lo, c->mid);
        st = midpoint(c, c->mid, &c->regs[c->row->loss_reg], d);
        if (st == GDT_OK) {
            mpq_div(c->mid, c->mid, c->lo);
            mpq_sub(c->mid, m, c->mid);
            st = test_around(c, lr, q0, d);
        }
    } else if (st == GDT_OK) {
        st = GDT_EUNDECIDED;
    }
    if (st == GDT_EUNDECIDED) {
        mpq_set(c->mid, m);
        st = test_around(c, lr, q0, d);
    }
    mpq_clears(q0, m, (mpq_ptr)0);
    return st;
}

gdt_status
gdt_contract_test(int *proven, gdt_contract *c, const gdt_val *w, const gdt_val *lr,
                  gdt_domain *d)
{
    gdt_status st = test(c, w, lr, d);

    *proven = st == GDT_OK;
    return st == GDT_EUNDECIDED ? GDT_OK : st;
}
