/* derive -- the exact symbolic derivative of a loss expression */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <gmp.h>
#include "gdtrace/expr.h"
#include "expr_impl.h"

/* The state of one derivation. */
typedef struct dctx {
    int var;        /* the parameter we derive by */
    size_t nodes;   /* nodes made so far, bounded by GDT_EXPR_MAX_DERIVED_NODES */
    gdt_error *err;
} dctx;

static gdt_status
error_nomem(dctx *c)
{
    return gdt_error_set(c->err, GDT_ENOMEM, SIZE_MAX, "out of memory");
}

/* Count one more node; GDT_ERANGE past the limit. */
static gdt_status
count_node(dctx *c)
{
    if (++c->nodes > GDT_EXPR_MAX_DERIVED_NODES)
        return gdt_error_set(c->err, GDT_ERANGE, SIZE_MAX,
                             "the derivative is too large (more than %d nodes)",
                             GDT_EXPR_MAX_DERIVED_NODES);
    return GDT_OK;
}

static int
is_num_si(const gdt_expr *e, long v)
{
    return e->kind == GDT_EXPR_NUM && mpq_cmp_si(e->q, v, 1) == 0;
}

/* *OUT = the integer V as a new NUM node. */
static gdt_status
make_num(dctx *c, gdt_expr **out, long v, size_t pos)
{
    gdt_status st;

    *out = NULL;
    if ((st = count_node(c)) != GDT_OK)
        return st;
    *out = gdt_expr_num_new_si(v, pos);
    return *out == NULL ? error_nomem(c) : GDT_OK;
}

/* *OUT = a copy of E, counted against the node limit. */
static gdt_status
copy(dctx *c, gdt_expr **out, const gdt_expr *e)
{
    gdt_expr *r;
    gdt_status st;

    *out = NULL;
    if ((st = count_node(c)) != GDT_OK)
        return st;
    r = gdt_expr_node_new(e->kind, e->pos);
    if (r == NULL)
        return error_nomem(c);
    r->n = e->n;
    r->var = e->var;
    if (e->kind == GDT_EXPR_NUM)
        mpq_set(r->q, e->q);
    if ((e->a != NULL && (st = copy(c, &r->a, e->a)) != GDT_OK)
        || (e->b != NULL && (st = copy(c, &r->b, e->b)) != GDT_OK)) {
        gdt_expr_free(r);
        return st;
    }
    *out = r;
    return GDT_OK;
}

/* The smart constructors below build one node and simplify it by the exact
   identities listed in expr.h, nothing else.  They take ownership of their
   operands: on failure the operands are freed and *OUT is NULL.  An operand
   may be NULL, meaning that making it failed: the constructor then frees
   the other operand and returns ST, the status of that failure. */

/* *OUT = -A */
static gdt_status
make_neg(dctx *c, gdt_expr **out, gdt_expr *a, size_t pos, gdt_status st)
{
    gdt_expr *e;

    *out = NULL;
    if (a == NULL)
        return st;
    if (a->kind == GDT_EXPR_NUM) { /* -(NUM): folded */
        mpq_neg(a->q, a->q);
        *out = a;
        return GDT_OK;
    }
    if (a->kind == GDT_EXPR_NEG) { /* -(-x) = x */
        *out = a->a;
        a->a = NULL;
        gdt_expr_free(a);
        return GDT_OK;
    }
    if ((st = count_node(c)) != GDT_OK || (e = gdt_expr_node_new(GDT_EXPR_NEG, pos)) == NULL) {
        gdt_expr_free(a);
        return st != GDT_OK ? st : error_nomem(c);
    }
    e->a = a;
    *out = e;
    return GDT_OK;
}

/* *OUT = A op B for a binary KIND */
static gdt_status
make_bin(dctx *c, gdt_expr **out, gdt_expr_kind kind, gdt_expr *a,
         gdt_expr *b, size_t pos, gdt_status st)
{
    gdt_expr *e, *keep = NULL;

    *out = NULL;
    if (a == NULL || b == NULL) {
        gdt_expr_free(a);
        gdt_expr_free(b);
        return st;
    }
    /* NUM op NUM, folded exactly (a division by zero is kept, so that
       evaluation reports it) */
    if (a->kind == GDT_EXPR_NUM && b->kind == GDT_EXPR_NUM
        && !(kind == GDT_EXPR_DIV && mpq_sgn(b->q) == 0)) {
        switch (kind) {
        case GDT_EXPR_ADD: mpq_add(a->q, a->q, b->q); break;
        case GDT_EXPR_SUB: mpq_sub(a->q, a->q, b->q); break;
        case GDT_EXPR_MUL: mpq_mul(a->q, a->q, b->q); break;
        default: mpq_div(a->q, a->q, b->q); break;
        }
        gdt_expr_free(b);
        *out = a;
        return GDT_OK;
    }
    switch (kind) {
    case GDT_EXPR_ADD:
        if (is_num_si(b, 0))
            keep = a; /* x+0 */
        else if (is_num_si(a, 0))
            keep = b; /* 0+x */
        break;
    case GDT_EXPR_SUB:
        if (is_num_si(b, 0)) {
            keep = a; /* x-0 */
        } else if (is_num_si(a, 0)) { /* 0-x = -x */
            gdt_expr_free(a);
            return make_neg(c, out, b, pos, GDT_OK);
        }
        break;
    case GDT_EXPR_MUL:
        if (is_num_si(a, 0))
            keep = a; /* 0*x = 0 */
        else if (is_num_si(b, 0))
            keep = b; /* x*0 = 0 */
        else if (is_num_si(b, 1))
            keep = a; /* x*1 */
        else if (is_num_si(a, 1))
            keep = b; /* 1*x */
        else if (is_num_si(b, -1)) { /* x*(-1) = -x */
            gdt_expr_free(b);
            return make_neg(c, out, a, pos, GDT_OK);
        } else if (is_num_si(a, -1)) { /* (-1)*x = -x */
            gdt_expr_free(a);
            return make_neg(c, out, b, pos, GDT_OK);
        }
        break;
    case GDT_EXPR_DIV:
        if (is_num_si(b, 1))
            keep = a; /* x/1 */
        else if (is_num_si(a, 0) && !is_num_si(b, 0))
            keep = a; /* 0/x = 0 */
        break;
    default:
        break;
    }
    if (keep != NULL) {
        gdt_expr_free(keep == a ? b : a);
        *out = keep;
        return GDT_OK;
    }
    if ((st = count_node(c)) != GDT_OK || (e = gdt_expr_node_new(kind, pos)) == NULL) {
        gdt_expr_free(a);
        gdt_expr_free(b);
        return st != GDT_OK ? st : error_nomem(c);
    }
    e->a = a;
    e->b = b;
    *out = e;
    return GDT_OK;
}

/* *OUT = A^N */
static gdt_status
make_pow(dctx *c, gdt_expr **out, gdt_expr *a, long n, size_t pos,
         gdt_status st)
{
    gdt_expr *e;

    *out = NULL;
    if (a == NULL)
        return st;
    if (n == 1) { /* x^1 = x */
        *out = a;
        return GDT_OK;
    }
    if (n == 0) { /* x^0 = 1 */
        gdt_expr_free(a);
        return make_num(c, out, 1, pos);
    }
    if ((st = count_node(c)) != GDT_OK || (e = gdt_expr_node_new(GDT_EXPR_POW, pos)) == NULL) {
        gdt_expr_free(a);
        return st != GDT_OK ? st : error_nomem(c);
    }
    e->a = a;
    e->n = n;
    *out = e;
    return GDT_OK;
}

/* *OUT = F * a copy of G, where F is a derivative just made (consumed);
   when F is 0 the product is 0 and G is not copied. */
static gdt_status
times_copy(dctx *c, gdt_expr **out, gdt_expr *f, const gdt_expr *g, size_t pos)
{
    gdt_expr *gc;
    gdt_status st;

    if (is_num_si(f, 0)) {
        *out = f;
        return GDT_OK;
    }
    st = copy(c, &gc, g);
    return make_bin(c, out, GDT_EXPR_MUL, f, gc, pos, st);
}

/* *OUT = a copy of F times G, where G is a derivative just made (consumed). */
static gdt_status
copy_times(dctx *c, gdt_expr **out, const gdt_expr *f, gdt_expr *g, size_t pos)
{
    gdt_expr *fc;
    gdt_status st;

    if (is_num_si(g, 0)) {
        *out = g;
        return GDT_OK;
    }
    st = copy(c, &fc, f);
    return make_bin(c, out, GDT_EXPR_MUL, fc, g, pos, st);
}

/* *OUT = dE/dvar.  The recursion follows E, so it is as deep as E. */
static gdt_status
derive(dctx *c, gdt_expr **out, const gdt_expr *e)
{
    gdt_expr *du = NULL, *dv = NULL, *t1 = NULL, *t2 = NULL, *nu;
    gdt_status st;

    *out = NULL;
    switch (e->kind) {
    case GDT_EXPR_NUM:
        return make_num(c, out, 0, e->pos);
    case GDT_EXPR_VAR:
        return make_num(c, out, e->var == c->var ? 1 : 0, e->pos);
    case GDT_EXPR_NEG:
        st = derive(c, &du, e->a);
        return make_neg(c, out, du, e->pos, st);
    case GDT_EXPR_POW:
        /* (u^n)' = n*u^(n-1)*u' */
        if ((st = derive(c, &du, e->a)) != GDT_OK)
            return st;
        if (is_num_si(du, 0) || e->n == 0) { /* u constant, or u^0 = 1 */
            gdt_expr_free(du);
            return make_num(c, out, 0, e->pos);
        }
        if (e->n == LONG_MIN) {
            gdt_expr_free(du);
            return gdt_error_set(c->err, GDT_ERANGE, e->pos,
                                 "exponent too large");
        }
        st = make_num(c, &nu, e->n, e->pos);
        if (st == GDT_OK)
            st = copy(c, &t1, e->a);
        if (st == GDT_OK)
            st = make_pow(c, &t1, t1, e->n - 1, e->pos, st);
        st = make_bin(c, &t2, GDT_EXPR_MUL, nu, t1, e->pos, st);
        return make_bin(c, out, GDT_EXPR_MUL, t2, du, e->pos, st);
    case GDT_EXPR_ADD:
    case GDT_EXPR_SUB:
    case GDT_EXPR_MUL:
    case GDT_EXPR_DIV:
        break;
    }
    /* now a binary operator: u op v */
    if ((st = derive(c, &du, e->a)) != GDT_OK)
        return st;
    if ((st = derive(c, &dv, e->b)) != GDT_OK) {
        gdt_expr_free(du);
        return st;
    }
    switch (e->kind) {
    case GDT_EXPR_ADD:
    case GDT_EXPR_SUB:
        /* (u +- v)' = u' +- v' */
        return make_bin(c, out, e->kind, du, dv, e->pos, GDT_OK);
    case GDT_EXPR_MUL:
        /* (uv)' = u'v + uv' */
        st = times_copy(c, &t1, du, e->b, e->pos);
        if (st == GDT_OK)
            st = copy_times(c, &t2, e->a, dv, e->pos);
        else
            gdt_expr_free(dv);
        return make_bin(c, out, GDT_EXPR_ADD, t1, t2, e->pos, st);
    default:
        break;
    }
    /* now (u/v)' */
    if (is_num_si(dv, 0)) {
        /* v constant: u'/v */
        gdt_expr_free(dv);
        if (is_num_si(du, 0) && !is_num_si(e->b, 0)) {
            *out = du;
            return GDT_OK;
        }
        st = copy(c, &t1, e->b);
        return make_bin(c, out, GDT_EXPR_DIV, du, t1, e->pos, st);
    }
    /* (u'v - uv')/v^2 */
    st = times_copy(c, &t1, du, e->b, e->pos);
    if (st == GDT_OK)
        st = copy_times(c, &t2, e->a, dv, e->pos);
    else
        gdt_expr_free(dv);
    if ((st = make_bin(c, &t1, GDT_EXPR_SUB, t1, t2, e->pos, st)) != GDT_OK)
        return st;
    st = copy(c, &t2, e->b);
    if (st == GDT_OK)
        st = make_pow(c, &t2, t2, 2, e->pos, GDT_OK);
    return make_bin(c, out, GDT_EXPR_DIV, t1, t2, e->pos, st);
}

gdt_status
gdt_expr_derive(gdt_expr **out, const gdt_expr *e, int var, gdt_error *err)
{
    dctx c;

    c.var = var;
    c.nodes = 0;
    c.err = err;
    return derive(&c, out, e);
}
