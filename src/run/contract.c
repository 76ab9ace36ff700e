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
    mpq_inits(c->lo, c->hi, c->mid, c->rho, c->a, c->b, (mpq_ptr)0);
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
    d->ops->clear(&c->k, d);
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
    mpq_clears(c->lo, c->hi, c->mid, c->rho, c->a, c->b, (mpq_ptr)0);
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
    d->ops->init(&c->k, d);
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

/* The test itself, GDT_EUNDECIDED for "not proven". */
static gdt_status
test(gdt_contract *c, const gdt_val *w, const gdt_val *lr, gdt_domain *d)
{
    gdt_status st;
    int i;

    if ((st = bind(c, d)) != GDT_OK)
        return st;
    /* w's ball [lo, hi], its midpoint m (dyadic: exact as a ball) */
    if (gdt_ball_get_ends(c->lo, c->hi, w, d) != GDT_OK)
        return GDT_EUNDECIDED;
    mpq_add(c->mid, c->lo, c->hi);
    mpq_div_2exp(c->mid, c->mid, 1);
    if ((st = d->ops->set_q(&c->m, c->mid, d)) != GDT_OK)
        return st;
    /* T(m) and T'(m): the first guess of rho */
    if ((st = eval_at(c, &c->m, d)) != GDT_OK)
        return st;
    if ((st = d->ops->mul(&c->tm, lr, &c->regs[c->row->loss_reg], d)) != GDT_OK
        || (st = magnitude(c, c->rho, &c->tm, d)) != GDT_OK /* |T(m) - m| */
        || (st = d->ops->sub(&c->tm, &c->m, &c->tm, d)) != GDT_OK
        || (st = derivative(c, &c->tp, lr, d)) != GDT_OK
        || (st = magnitude(c, c->a, &c->tp, d)) != GDT_OK)
        return st;
    if (mpq_cmp_ui(c->a, 1, 1) >= 0)
        return GDT_EUNDECIDED;
    mpq_set_ui(c->b, 1, 1);
    mpq_sub(c->b, c->b, c->a);
    mpq_div(c->rho, c->rho, c->b);
    mpq_sub(c->a, c->hi, c->mid); /* w's radius */
    if (mpq_cmp(c->a, c->rho) > 0)
        mpq_set(c->rho, c->a);
    if (mpq_sgn(c->rho) == 0) { /* at the fixed point, exactly */
        mpq_abs(c->rho, c->mid);
        if (mpq_cmp_ui(c->rho, 1, 1) < 0)
            mpq_set_ui(c->rho, 1, 1);
        mpq_div_2exp(c->rho, c->rho, (mp_bitcnt_t)d->prec);
    }
    mpq_mul_2exp(c->rho, c->rho, 1);
    for (i = 0; i < INFLATIONS; i++) {
        /* J = [m - rho, m + rho] as the ball IV, which holds it */
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
        /* K = T(m) + T'(J)*(J - m) */
        if ((st = d->ops->sub(&c->k, &c->iv, &c->m, d)) != GDT_OK
            || (st = d->ops->mul(&c->k, &c->tp, &c->k, d)) != GDT_OK
            || (st = d->ops->add(&c->k, &c->tm, &c->k, d)) != GDT_OK)
            return st;
        if (gdt_ball_get_ends(c->a, c->b, &c->k, d) != GDT_OK)
            return GDT_EUNDECIDED;
        if (mpq_cmp(c->a, c->lo) >= 0 && mpq_cmp(c->b, c->hi) <= 0)
            return loss_on(c, d);
        /* epsilon-inflation: rho = twice K's reach from m */
        mpq_sub(c->a, c->mid, c->a);
        mpq_sub(c->b, c->b, c->mid);
        if (mpq_cmp(c->a, c->b) < 0)
            mpq_set(c->a, c->b);
        if (mpq_cmp(c->a, c->rho) > 0)
            mpq_set(c->rho, c->a);
        mpq_mul_2exp(c->rho, c->rho, 1);
    }
    return GDT_EUNDECIDED;
}

gdt_status
gdt_contract_test(int *proven, gdt_contract *c, const gdt_val *w, const gdt_val *lr,
                  gdt_domain *d)
{
    gdt_status st = test(c, w, lr, d);

    *proven = st == GDT_OK;
    return st == GDT_EUNDECIDED ? GDT_OK : st;
}
