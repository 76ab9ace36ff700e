/* program -- lower expression trees to a register tape and run it */
#include <stdint.h>
#include <stdlib.h>
#include <gmp.h>
#include "gdtrace/program.h"

/* The state of one lowering. */
typedef struct lower_ctx {
    gdt_program *p;
    size_t next_const; /* the next constant register to fill */
    size_t next_tmp;   /* the next temporary register to write */
    int in_grad;       /* lowering a gradient tree */
} lower_ctx;

/* Add to *NCONSTS the NUM nodes of E and to *NOPS its operator nodes. */
static void
count_nodes(const gdt_expr *e, size_t *nconsts, size_t *nops)
{
    if (e == NULL)
        return;
    if (e->kind == GDT_EXPR_NUM)
        ++*nconsts;
    else if (e->kind != GDT_EXPR_VAR)
        ++*nops;
    count_nodes(e->a, nconsts, nops);
    count_nodes(e->b, nconsts, nops);
}

/* Emit the insns computing E, operands first and left before right, and
   store in *REG the register that holds E.  Recursion as deep as E. */
static gdt_status
lower(lower_ctx *c, const gdt_expr *e, size_t *reg)
{
    gdt_program *p = c->p;
    gdt_insn *in;
    size_t ra = 0, rb = 0;
    gdt_status st;

    switch (e->kind) {
    case GDT_EXPR_NUM:
        *reg = c->next_const++;
        mpq_set(p->consts[*reg], e->q);
        return GDT_OK;
    case GDT_EXPR_VAR:
        if (e->var < 0 || (size_t)e->var >= p->nparams)
            return GDT_EVALUE; /* a tree from another names table */
        *reg = p->nconsts + (size_t)e->var;
        return GDT_OK;
    default:
        break;
    }
    /* now an operator */
    if ((st = lower(c, e->a, &ra)) != GDT_OK)
        return st;
    if (e->b != NULL && (st = lower(c, e->b, &rb)) != GDT_OK)
        return st;
    in = &p->insns[p->ninsns++];
    switch (e->kind) {
    case GDT_EXPR_NEG: in->op = GDT_OP_NEG; break;
    case GDT_EXPR_ADD: in->op = GDT_OP_ADD; break;
    case GDT_EXPR_SUB: in->op = GDT_OP_SUB; break;
    case GDT_EXPR_MUL: in->op = GDT_OP_MUL; break;
    case GDT_EXPR_DIV: in->op = GDT_OP_DIV; break;
    default: in->op = GDT_OP_POW; break;
    }
    in->dst = c->next_tmp++;
    in->a = ra;
    in->b = rb;
    in->n = e->kind == GDT_EXPR_POW ? e->n : 0;
    in->pos = e->pos;
    in->in_grad = c->in_grad;
    *reg = in->dst;
    return GDT_OK;
}

/* Zero P so that gdt_program_clear can run on it whatever happens next. */
static void
program_zero(gdt_program *p)
{
    p->nconsts = p->nparams = p->nregs = p->ninsns = 0;
    p->consts = NULL;
    p->insns = NULL;
    p->loss_reg = 0;
    p->grad_reg = NULL;
}

gdt_status
gdt_program_init(gdt_program *p, const gdt_expr *loss, gdt_expr *const *grad,
                 size_t nparams)
{
    lower_ctx c;
    size_t nconsts = 0, nops = 0, i;
    gdt_status st;

    program_zero(p);
    count_nodes(loss, &nconsts, &nops);
    for (i = 0; i < nparams; i++)
        count_nodes(grad[i], &nconsts, &nops);
    if (nconsts > SIZE_MAX / sizeof *p->consts
        || nops > SIZE_MAX / sizeof *p->insns
        || nparams > SIZE_MAX / sizeof *p->grad_reg
        || nconsts > SIZE_MAX - nparams - nops)
        return GDT_ENOMEM;
    /* one more of each so that malloc never sees 0 */
    p->consts = malloc((nconsts + 1) * sizeof *p->consts);
    p->insns = malloc((nops + 1) * sizeof *p->insns);
    p->grad_reg = malloc((nparams + 1) * sizeof *p->grad_reg);
    if (p->consts == NULL || p->insns == NULL || p->grad_reg == NULL) {
        st = GDT_ENOMEM;
        goto out_clear;
    }
    for (i = 0; i < nconsts; i++)
        mpq_init(p->consts[i]);
    p->nconsts = nconsts;
    p->nparams = nparams;
    p->nregs = nconsts + nparams + nops;

    c.p = p;
    c.next_const = 0;
    c.next_tmp = nconsts + nparams;
    c.in_grad = 0;
    if ((st = lower(&c, loss, &p->loss_reg)) != GDT_OK)
        goto out_clear;
    c.in_grad = 1;
    for (i = 0; i < nparams; i++)
        if ((st = lower(&c, grad[i], &p->grad_reg[i])) != GDT_OK)
            goto out_clear;
    return GDT_OK;

out_clear:
    gdt_program_clear(p);
    return st;
}

void
gdt_program_clear(gdt_program *p)
{
    size_t i;

    if (p == NULL)
        return;
    for (i = 0; i < p->nconsts; i++)
        mpq_clear(p->consts[i]);
    free(p->consts);
    free(p->insns);
    free(p->grad_reg);
    program_zero(p);
}

gdt_status
gdt_program_regs_new(gdt_val **regs, const gdt_program *p, gdt_domain *d)
{
    gdt_val *r;
    size_t i;
    gdt_status st;

    *regs = NULL;
    r = malloc((p->nregs + 1) * sizeof *r);
    if (r == NULL)
        return GDT_ENOMEM;
    for (i = 0; i < p->nregs; i++)
        d->ops->init(&r[i], d);
    for (i = 0; i < p->nconsts; i++) {
        st = d->ops->set_q(&r[i], p->consts[i], d);
        if (st != GDT_OK) {
            gdt_program_regs_free(r, p, d);
            return st;
        }
    }
    *regs = r;
    return GDT_OK;
}

void
gdt_program_regs_free(gdt_val *regs, const gdt_program *p, gdt_domain *d)
{
    size_t i;

    if (regs == NULL)
        return;
    for (i = 0; i < p->nregs; i++)
        d->ops->clear(&regs[i], d);
    free(regs);
}

gdt_status
gdt_program_eval(const gdt_program *p, gdt_val *regs, gdt_domain *d,
                 size_t *failed)
{
    const gdt_domain_ops *ops = d->ops;
    const gdt_insn *in;
    size_t i;
    gdt_status st = GDT_OK;

    for (i = 0; i < p->ninsns; i++) {
        in = &p->insns[i];
        switch (in->op) {
        case GDT_OP_NEG: st = ops->neg(&regs[in->dst], &regs[in->a], d); break;
        case GDT_OP_ADD:
            st = ops->add(&regs[in->dst], &regs[in->a], &regs[in->b], d);
            break;
        case GDT_OP_SUB:
            st = ops->sub(&regs[in->dst], &regs[in->a], &regs[in->b], d);
            break;
        case GDT_OP_MUL:
            st = ops->mul(&regs[in->dst], &regs[in->a], &regs[in->b], d);
            break;
        case GDT_OP_DIV:
            st = ops->div(&regs[in->dst], &regs[in->a], &regs[in->b], d);
            break;
        case GDT_OP_POW:
            st = ops->pow_si(&regs[in->dst], &regs[in->a], in->n, d);
            break;
        }
        if (st != GDT_OK) {
            if (failed != NULL)
                *failed = i;
            return st;
        }
    }
    return GDT_OK;
}
