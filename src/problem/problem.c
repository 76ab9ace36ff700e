/* problem -- the loss, its parameters and its gradient */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/buf.h"
#include "gdtrace/problem.h"
#include "expr/expr_impl.h"

/* The leftmost node of KIND (GDT_EXPR_VAR or GDT_EXPR_COL) in E whose
   index is FROM .. TO, or NULL.  Along the left operands in a loop: a
   long chain costs no recursion. */
static const gdt_expr *
first_use(const gdt_expr *e, gdt_expr_kind kind, int from, int to)
{
    const gdt_expr *best = NULL, *v[4];
    int i;

    for (; e != NULL; e = e->a) {
        v[0] = e->kind == kind && e->var >= from && e->var <= to ? e : NULL;
        v[1] = first_use(e->b, kind, from, to);
        v[2] = first_use(e->c, kind, from, to);
        v[3] = first_use(e->d, kind, from, to);
        for (i = 0; i < 4; i++)
            if (v[i] != NULL && (best == NULL || v[i]->pos < best->pos))
                best = v[i];
    }
    return best;
}

/* The leftmost dloss (GDT_CONST_DLOSS) in E, or NULL. */
static const gdt_expr *
first_dloss(const gdt_expr *e)
{
    const gdt_expr *best = NULL, *v[4];
    int i;

    for (; e != NULL; e = e->a) {
        v[0] = e->kind == GDT_EXPR_CONST && e->fn == GDT_CONST_DLOSS ? e : NULL;
        v[1] = first_dloss(e->b);
        v[2] = first_dloss(e->c);
        v[3] = first_dloss(e->d);
        for (i = 0; i < 4; i++)
            if (v[i] != NULL && (best == NULL || v[i]->pos < best->pos))
                best = v[i];
    }
    return best;
}

/* The length of "NAME=" at the start of S (an identifier, blanks allowed
   around it, then '='), or 0 when S does not start so. */
static size_t
name_prefix(const char *s, size_t *name_from, size_t *name_len)
{
    size_t i = 0, from;

    while (s[i] == ' ' || s[i] == '\t')
        i++;
    from = i;
    if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '_'))
        return 0;
    while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '_'
           || (s[i] >= '0' && s[i] <= '9'))
        i++;
    *name_from = from;
    *name_len = i - from;
    while (s[i] == ' ' || s[i] == '\t')
        i++;
    return s[i] == '=' ? i + 1 : 0;
}

/* Parse one hand-written partial TEXT into P->grad[]; with SEEDED one
   that does not name dloss becomes dloss*(TEXT). */
static gdt_status
parse_grad(gdt_problem *p, const char *text, int seeded, gdt_error *err)
{
    size_t from = 0, len = 0, skip = name_prefix(text, &from, &len);
    size_t nloss = p->n;
    int var = 0;
    gdt_expr *g = NULL;
    const gdt_expr *v;
    gdt_status st;

    if (skip > 0) {
        var = gdt_names_find(&p->params, text + from, len, 0);
        if (var < 0)
            return gdt_error_set(err, GDT_EVALUE, from,
                                 "'%.*s' is not a parameter of the loss", (int)len, text + from);
    } else if (nloss > 1) {
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "the loss has %zu parameters: give each gradient as NAME=EXPR",
                             nloss);
    }
    if (p->grad[var] != NULL)
        return gdt_error_set(err, GDT_EVALUE, skip > 0 ? from : SIZE_MAX,
                             "a second gradient for '%s'", p->params.name[var]);
    st = gdt_expr_parse_data(&g, text + skip, &p->params, p->columns, err);
    if (st != GDT_OK) {
        if (err != NULL && err->pos != SIZE_MAX)
            err->pos += skip;
        return st;
    }
    /* parsed with the loss's names: a new identifier is numbered past them */
    v = first_use(g, GDT_EXPR_VAR, (int)nloss, INT_MAX);
    if (v != NULL) {
        st = gdt_error_set(err, GDT_EVALUE, v->pos + skip,
                           "the gradient names '%s', which is not a parameter of the loss",
                           p->params.name[v->var]);
        gdt_expr_free(g);
        return st;
    }
    if (seeded && first_dloss(g) == NULL) {
        gdt_expr *m = gdt_expr_node_new(GDT_EXPR_MUL, g->pos);
        gdt_expr *d = gdt_expr_node_new(GDT_EXPR_CONST, g->pos);
        if (m == NULL || d == NULL) {
            gdt_expr_free(m);
            gdt_expr_free(d);
            gdt_expr_free(g);
            return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
        }
        d->fn = GDT_CONST_DLOSS;
        m->a = d;
        m->b = g;
        g = m;
    }
    p->grad[var] = g;
    p->grad_derived[var] = 0;
    return GDT_OK;
}

gdt_status
gdt_problem_init(gdt_problem *p, const char *loss, const char *const *grads, size_t ngrads,
                 const gdt_names *columns, const char **where, gdt_error *err)
{
    return gdt_problem_init_kinks(p, loss, grads, ngrads, columns, GDT_KINKS_ERROR, where, err);
}

gdt_status
gdt_problem_init_kinks(gdt_problem *p, const char *loss, const char *const *grads,
                       size_t ngrads, const gdt_names *columns, gdt_kinks kinks,
                       const char **where, gdt_error *err)
{
    return gdt_problem_init_seed(p, loss, grads, ngrads, columns, kinks, 0, where, err);
}

gdt_status
gdt_problem_init_seed(gdt_problem *p, const char *loss, const char *const *grads,
                      size_t ngrads, const gdt_names *columns, gdt_kinks kinks, int seeded,
                      const char **where, gdt_error *err)
{
    const gdt_expr *dl;
    gdt_status st;
    size_t i, n;
    int col;

    gdt_names_init(&p->params);
    p->n = 0;
    p->columns = columns;
    p->loss = NULL;
    p->grad = NULL;
    p->grad_derived = NULL;
    p->kinks = kinks;
    if (where != NULL)
        *where = loss;

    st = gdt_expr_parse_data(&p->loss, loss, &p->params, columns, err);
    if (st != GDT_OK)
        goto out_clear;
    if ((dl = first_dloss(p->loss)) != NULL) {
        st = gdt_error_set(err, GDT_EVALUE, dl->pos,
                           "dloss (dL/dL, the seed of the backward pass) belongs in a "
                           "hand-written --grad, not in the loss");
        goto out_clear;
    }
    if (p->params.n == 0 && columns != NULL
        && (col = gdt_names_find((gdt_names *)columns, "w", 1, 0)) >= 0) {
        /* the parameter a loss without one gets is a column's name: the
           user meant w as the parameter, which a column's name cannot be */
        const gdt_expr *use = first_use(p->loss, GDT_EXPR_COL, col, col);
        st = gdt_error_set(err, GDT_EVALUE, use != NULL ? use->pos : SIZE_MAX,
                           "the loss has no parameter: 'w' is a data column (a parameter "
                           "cannot have a column's name)");
        goto out_clear;
    }
    if (p->params.n == 0 && gdt_names_find(&p->params, "w", 1, 1) < 0) {
        st = gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
        goto out_clear;
    }
    n = p->params.n;
    p->grad = calloc(n, sizeof *p->grad);
    p->n = n;
    p->grad_derived = malloc(n * sizeof *p->grad_derived);
    if (p->grad == NULL || p->grad_derived == NULL) {
        st = gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
        goto out_clear;
    }
    for (i = 0; i < ngrads; i++) {
        if (where != NULL)
            *where = grads[i];
        st = parse_grad(p, grads[i], seeded, err);
        if (st != GDT_OK)
            goto out_clear;
    }
    if (where != NULL)
        *where = loss;
    for (i = 0; i < n; i++) {
        if (p->grad[i] != NULL)
            continue;
        p->grad_derived[i] = 1;
        st = seeded ? gdt_expr_derive_seeded(&p->grad[i], p->loss, (int)i, kinks, err)
                    : gdt_expr_derive_kinks(&p->grad[i], p->loss, (int)i, kinks, err);
        if (st != GDT_OK)
            goto out_clear;
    }
    return GDT_OK;

out_clear:
    /* the names parsed into params by a failed gradient are dropped too */
    gdt_problem_clear(p);
    return st;
}

void
gdt_problem_clear(gdt_problem *p)
{
    size_t i;

    if (p == NULL)
        return;
    if (p->grad != NULL)
        for (i = 0; i < p->n; i++)
            gdt_expr_free(p->grad[i]);
    free(p->grad);
    free(p->grad_derived);
    gdt_expr_free(p->loss);
    gdt_names_clear(&p->params);
    p->loss = NULL;
    p->grad = NULL;
    p->grad_derived = NULL;
    p->n = 0;
}

int
gdt_problem_all_derived(const gdt_problem *p)
{
    size_t i;

    for (i = 0; i < p->n; i++)
        if (!p->grad_derived[i])
            return 0;
    return 1;
}
