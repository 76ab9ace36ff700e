/* problem -- the loss, its parameter and its gradient */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/buf.h"
#include "gdtrace/problem.h"

/* The leftmost use of a parameter numbered FROM or above in E, or NULL. */
static const gdt_expr *
first_var_from(const gdt_expr *e, int from)
{
    const gdt_expr *va, *vb;

    if (e == NULL)
        return NULL;
    if (e->kind == GDT_EXPR_VAR)
        return e->var >= from ? e : NULL;
    va = first_var_from(e->a, from);
    vb = first_var_from(e->b, from);
    if (va == NULL || (vb != NULL && vb->pos < va->pos))
        return vb;
    return va;
}

/* "the loss has 2 parameters (w, x); gdtrace handles one parameter" */
static gdt_status
error_too_many(gdt_problem *p, gdt_error *err)
{
    const gdt_expr *v = first_var_from(p->loss, 1);
    gdt_buf list;
    size_t i;
    gdt_status st = GDT_OK;

    gdt_buf_init(&list);
    for (i = 0; i < p->params.n && st == GDT_OK; i++)
        st = gdt_buf_printf(&list, "%s%s", i > 0 ? ", " : "", p->params.name[i]);
    if (st != GDT_OK) {
        gdt_buf_clear(&list);
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    }
    st = gdt_error_set(err, GDT_EVALUE, v != NULL ? v->pos : SIZE_MAX,
                       "the loss has %zu parameters (%s); gdtrace handles one parameter",
                       p->params.n, list.s);
    gdt_buf_clear(&list);
    return st;
}

gdt_status
gdt_problem_init(gdt_problem *p, const char *loss, const char *grad,
                 const char **which, gdt_error *err)
{
    const gdt_expr *v;
    gdt_status st;

    gdt_names_init(&p->params);
    p->loss = NULL;
    p->grad = NULL;
    p->grad_derived = grad == NULL;
    if (which != NULL)
        *which = "loss";

    st = gdt_expr_parse(&p->loss, loss, &p->params, err);
    if (st != GDT_OK)
        goto out_clear;
    if (p->params.n > 1) {
        st = error_too_many(p, err);
        goto out_clear;
    }
    if (p->params.n == 0 && gdt_names_find(&p->params, "w", 1, 1) < 0) {
        st = gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
        goto out_clear;
    }

    if (grad == NULL) {
        st = gdt_expr_derive(&p->grad, p->loss, 0, err);
        if (st != GDT_OK)
            goto out_clear;
        return GDT_OK;
    }
    if (which != NULL)
        *which = "grad";
    /* parsed with the loss's names, so that a new identifier shows up as a
       parameter numbered 1 or above */
    st = gdt_expr_parse(&p->grad, grad, &p->params, err);
    if (st != GDT_OK)
        goto out_clear;
    v = first_var_from(p->grad, 1);
    if (v != NULL) {
        st = gdt_error_set(err, GDT_EVALUE, v->pos,
                           "the gradient names '%s', which is not a parameter of the loss",
                           p->params.name[v->var]);
        goto out_clear;
    }
    return GDT_OK;

out_clear:
    gdt_problem_clear(p);
    return st;
}

void
gdt_problem_clear(gdt_problem *p)
{
    if (p == NULL)
        return;
    gdt_expr_free(p->loss);
    gdt_expr_free(p->grad);
    gdt_names_clear(&p->params);
    p->loss = NULL;
    p->grad = NULL;
}
