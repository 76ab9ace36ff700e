/* gradcheck -- hand-written partials against the loss's exact derivative */
#include <stdint.h>
#include <stdlib.h>
#include <gmp.h>
#include "gdtrace/program.h"
#include "base/vec.h"
#include "expr/expr_impl.h"

/* The points tried, each an offset added to every coordinate of w0 or a
   value set for all of them: w0 first (where the run starts), then points
   around it and the small integers, where the functions that are rational
   at one point only (exp, sin, ... at 0) have their value. */
static const struct {
    int from_w0; /* 1: w0 + num/den, 0: num/den */
    long num, den;
} points[] = {
    { 1, 0, 1 }, { 1, 1, 2 }, { 1, -1, 3 }, { 0, 0, 1 }, { 0, 1, 1 }, { 1, 2, 1 },
};

#define NPOINTS (sizeof points / sizeof points[0])

/* The value of TREE at the parameters' values in REGS, a program over the
   data set of D's kind (the exact domain): into R, GDT_OK; any failure
   (an irrational value, no value, a division by zero, a size past
   max_bits) is the caller's cue to skip the point. */
static gdt_status
eval_tree(mpq_t r, const gdt_expr *tree, const gdt_expr *zero, size_t nparams,
          const gdt_grad_check_in *in, const mpq_t *at, gdt_domain *d)
{
    gdt_program p;
    gdt_val *regs = NULL;
    gdt_expr **g;
    gdt_status st;
    size_t i;

    /* the program's partials are a 0 each: only its loss, TREE, is read */
    if ((g = calloc(nparams + 1, sizeof *g)) == NULL)
        return GDT_ENOMEM;
    for (i = 0; i < nparams; i++)
        g[i] = (gdt_expr *)zero;
    st = gdt_program_init_data(&p, tree, g, nparams, in->ncols, in->nrows, in->cells);
    free(g);
    if (st == GDT_OK)
        st = gdt_program_regs_new(&regs, &p, d);
    for (i = 0; st == GDT_OK && i < nparams; i++)
        st = d->ops->set_q(&regs[p.nconsts + i], at[i], d);
    if (st == GDT_OK)
        st = gdt_program_eval(&p, regs, d, NULL);
    if (st == GDT_OK)
        st = d->ops->get_q(r, &regs[p.loss_reg], d);
    if (regs != NULL)
        gdt_program_regs_free(regs, &p, d);
    gdt_program_clear(&p);
    return st;
}

void
gdt_grad_check_init(gdt_grad_check *c)
{
    c->n = 0;
    c->found = NULL;
    c->at = NULL;
    c->given = c->derived = NULL;
}

void
gdt_grad_check_clear(gdt_grad_check *c)
{
    if (c == NULL)
        return;
    gdt_qvec_free(c->at, c->n * c->n);
    gdt_qvec_free(c->given, c->n);
    gdt_qvec_free(c->derived, c->n);
    free(c->found);
    gdt_grad_check_init(c);
}

/* Set up C for N parameters; GDT_ENOMEM. */
static gdt_status
check_alloc(gdt_grad_check *c, size_t n)
{
    if (n > SIZE_MAX / sizeof *c->at / (n ? n : 1))
        return GDT_ENOMEM;
    c->found = calloc(n + 1, sizeof *c->found);
    c->at = gdt_qvec_new(n * n);
    c->given = gdt_qvec_new(n);
    c->derived = gdt_qvec_new(n);
    if (c->found == NULL || (n && (c->at == NULL || c->given == NULL || c->derived == NULL))) {
        c->n = n; /* gdt_qvec_free takes the NULL ones */
        return GDT_ENOMEM;
    }
    c->n = n;
    return GDT_OK;
}

gdt_status
gdt_grad_check_run(gdt_grad_check *c, const gdt_problem *pb, const gdt_grad_check_in *in)
{
    gdt_expr *derived = NULL, *zero = NULL;
    gdt_domain d;
    gdt_error err;
    gdt_status st;
    mpq_t *at = NULL, given, want;
    size_t i, j, k, n = pb->n;

    gdt_grad_check_clear(c);
    if ((st = check_alloc(c, n)) != GDT_OK)
        return st;
    if (gdt_problem_all_derived(pb))
        return GDT_OK;
    gdt_domain_init_exact(&d);
    d.max_bits = in->max_bits;
    d.stop = in->stop;
    mpq_init(given);
    mpq_init(want);
    zero = gdt_expr_num_new_si(0, 0);
    at = gdt_qvec_new(n);
    if (zero == NULL || at == NULL) {
        st = GDT_ENOMEM;
        goto out;
    }
    for (i = 0; i < n && st == GDT_OK; i++) {
        if (pb->grad_derived[i])
            continue;
        gdt_error_clear(&err);
        st = gdt_expr_derive_kinks(&derived, pb->loss, (int)i, pb->kinks, &err);
        if (st != GDT_OK) { /* too large to derive: nothing to compare */
            st = st == GDT_ENOMEM ? st : GDT_OK;
            continue;
        }
        for (k = 0; k < NPOINTS && st == GDT_OK; k++) {
            for (j = 0; j < n; j++) {
                mpq_set_si(at[j], points[k].num, (unsigned long)points[k].den);
                if (points[k].from_w0)
                    mpq_add(at[j], at[j], in->w0[j]);
            }
            /* skip the points where either is irrational or has no value */
            if (eval_tree(given, pb->grad[i], zero, n, in, (const mpq_t *)at, &d) != GDT_OK
                || eval_tree(want, derived, zero, n, in, (const mpq_t *)at, &d) != GDT_OK)
                continue;
            if (mpq_equal(given, want))
                continue;
            c->found[i] = 1;
            for (j = 0; j < n; j++)
                mpq_set(c->at[i * n + j], at[j]);
            mpq_set(c->given[i], given);
            mpq_set(c->derived[i], want);
            break;
        }
        if (gdt_cancelled(in->stop))
            st = GDT_EINTERRUPTED;
        gdt_expr_free(derived);
        derived = NULL;
    }
out:
    gdt_qvec_free(at, n);
    gdt_expr_free(zero);
    mpq_clear(given);
    mpq_clear(want);
    gdt_domain_clear(&d);
    return st;
}
