/* degree -- the degree of an expression as a polynomial in its parameters */
#include <limits.h>
#include "gdtrace/expr.h"
#include "expr/expr_impl.h"

/* The degree of A op B, of degrees DA and DB, for a binary KIND. */
static long
degree_op(gdt_expr_kind kind, long da, long db)
{
    if (da < 0 || db < 0)
        return -1;
    switch (kind) {
    case GDT_EXPR_ADD:
    case GDT_EXPR_SUB:
        return da > db ? da : db;
    case GDT_EXPR_MUL:
        return da > LONG_MAX - db ? -1 : da + db;
    default:
        return db != 0 ? -1 : da;
    }
}

/* The walkers here take a chain of binary operators along its spine in a
   loop (gdt_expr_spine), so that they recurse as deep as E is nested, not
   as long as its sums are. */
long
gdt_expr_degree(const gdt_expr *e, int var)
{
    gdt_expr_spine sp;
    long a, b;
    size_t i;

    switch (e->kind) {
    case GDT_EXPR_NUM:
        return 0;
    case GDT_EXPR_VAR:
        return var < 0 || e->var == var ? 1 : 0;
    case GDT_EXPR_NEG:
        return gdt_expr_degree(e->a, var);
    case GDT_EXPR_ADD:
    case GDT_EXPR_SUB:
    case GDT_EXPR_MUL:
    case GDT_EXPR_DIV:
        if (gdt_expr_spine_init(&sp, e) != GDT_OK)
            return -1; /* out of memory: not known to be a polynomial */
        a = gdt_expr_degree(sp.node[0]->a, var);
        for (i = 0; i < sp.n && a >= 0; i++) {
            b = gdt_expr_degree(sp.node[i]->b, var);
            a = degree_op(sp.node[i]->kind, a, b);
        }
        gdt_expr_spine_clear(&sp);
        return a;
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
    case GDT_EXPR_CONST:
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
