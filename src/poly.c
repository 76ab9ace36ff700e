/* poly -- exact facts about expressions: degree, exact value, minimiser */
#include <limits.h>
#include "gdtrace/num.h"
#include "gdtrace/poly.h"

long
gdt_expr_degree(const gdt_expr *e, int var)
{
    long a, b;

    switch (e->kind) {
    case GDT_EXPR_NUM:
        return 0;
    case GDT_EXPR_VAR:
        return e->var == var ? 1 : 0;
    case GDT_EXPR_NEG:
        return gdt_expr_degree(e->a, var);
    case GDT_EXPR_ADD:
    case GDT_EXPR_SUB:
        a = gdt_expr_degree(e->a, var);
        b = gdt_expr_degree(e->b, var);
        return a < 0 || b < 0 ? -1 : (a > b ? a : b);
    case GDT_EXPR_MUL:
        a = gdt_expr_degree(e->a, var);
        b = gdt_expr_degree(e->b, var);
        return a < 0 || b < 0 ? -1 : a + b;
    case GDT_EXPR_DIV:
        a = gdt_expr_degree(e->a, var);
        b = gdt_expr_degree(e->b, var);
        return a < 0 || b != 0 ? -1 : a;
    case GDT_EXPR_POW:
        a = gdt_expr_degree(e->a, var);
        if (a < 0)
            return -1;
        if (a == 0)
            return 0;
        if (e->n < 0)
            return -1;
        return a > LONG_MAX / (e->n ? e->n : 1) ? -1 : a * e->n;
    case GDT_EXPR_COL:
        return 0;
    case GDT_EXPR_AGG: /* a sum of polynomials over the rows */
        return gdt_expr_degree(e->a, var);
    case GDT_EXPR_CALL:
        a = gdt_expr_degree(e->a, var);
        b = e->b != NULL ? gdt_expr_degree(e->b, var) : 0;
        return a == 0 && b == 0 ? 0 : -1;
    case GDT_EXPR_SELECT:
        return -1;
    }
    return -1;
}

gdt_status
gdt_expr_eval_q(mpq_t r, const gdt_expr *e, const mpq_t *params)
{
    mpq_t a, b;
    gdt_status st = GDT_OK;

    switch (e->kind) {
    case GDT_EXPR_NUM:
        mpq_set(r, e->q);
        return GDT_OK;
    case GDT_EXPR_VAR:
        mpq_set(r, params[e->var]);
        return GDT_OK;
    case GDT_EXPR_COL:
    case GDT_EXPR_AGG:
    case GDT_EXPR_SELECT:
        return GDT_EDOMAIN; /* needs the data set, or is no function */
    case GDT_EXPR_CALL:
        if (e->fn != GDT_FN_ABS && e->fn != GDT_FN_MIN && e->fn != GDT_FN_MAX)
            return GDT_EINEXACT;
        break;
    default:
        break;
    }
    mpq_init(a);
    mpq_init(b);
    st = gdt_expr_eval_q(a, e->a, params);
    if (st == GDT_OK && e->b != NULL)
        st = gdt_expr_eval_q(b, e->b, params);
    if (st != GDT_OK)
        goto out;
    switch (e->kind) {
    case GDT_EXPR_NEG:
        mpq_neg(r, a);
        break;
    case GDT_EXPR_ADD:
        mpq_add(r, a, b);
        break;
    case GDT_EXPR_SUB:
        mpq_sub(r, a, b);
        break;
    case GDT_EXPR_MUL:
        mpq_mul(r, a, b);
        break;
    case GDT_EXPR_DIV:
        if (mpq_sgn(b) == 0)
            st = GDT_EDIVZERO;
        else
            mpq_div(r, a, b);
        break;
    case GDT_EXPR_CALL:
        if (e->fn == GDT_FN_ABS)
            mpq_abs(r, a);
        else if (e->fn == GDT_FN_MIN)
            mpq_set(r, mpq_cmp(a, b) <= 0 ? a : b);
        else
            mpq_set(r, mpq_cmp(a, b) >= 0 ? a : b);
        break;
    case GDT_EXPR_POW: {
        unsigned long n = e->n < 0 ? -(unsigned long)e->n : (unsigned long)e->n;
        if (e->n < 0) {
            if (mpq_sgn(a) == 0) {
                st = GDT_EDIVZERO;
                break;
            }
            mpq_inv(a, a);
        }
        mpz_pow_ui(mpq_numref(r), mpq_numref(a), n);
        mpz_pow_ui(mpq_denref(r), mpq_denref(a), n);
        break;
    }
    default:
        break;
    }
out:
    mpq_clear(a);
    mpq_clear(b);
    return st;
}

int
gdt_problem_minimiser(mpq_t wstar, const gdt_problem *p)
{
    mpq_t x, g0, g1;
    int ok = 0;

    if (p->n != 1 || gdt_expr_degree(p->grad[0], 0) != 1)
        return 0;
    mpq_init(x);
    mpq_init(g0);
    mpq_init(g1);
    /* g(w) = g0 + (g1 - g0) w: zero at w* = -g0 / (g1 - g0) */
    if (gdt_expr_eval_q(g0, p->grad[0], &x) == GDT_OK) {
        mpq_set_ui(x, 1, 1);
        if (gdt_expr_eval_q(g1, p->grad[0], &x) == GDT_OK) {
            mpq_sub(g1, g1, g0);
            if (mpq_sgn(g1) != 0) {
                mpq_div(wstar, g0, g1);
                mpq_neg(wstar, wstar);
                ok = 1;
            }
        }
    }
    mpq_clear(x);
    mpq_clear(g0);
    mpq_clear(g1);
    return ok;
}
