/* derive -- the exact symbolic derivative of a loss expression */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <gmp.h>
#include "gdtrace/expr.h"
#include "gdtrace/decimal.h"
#include "expr/expr_impl.h"

/* The state of one derivation. */
typedef struct dctx {
    int var;        /* the parameter we derive by */
    gdt_kinks kinks; /* the derivatives at the kinks of abs, relu, min, max */
    size_t nodes;   /* nodes made so far, bounded by GDT_EXPR_MAX_DERIVED_NODES */
    gdt_error *err;
} dctx;

static gdt_status
error_nomem(dctx *c)
{
    return gdt_error_set(c->err, GDT_ENOMEM, SIZE_MAX, "out of memory");
}

static gdt_status
error_too_large(dctx *c)
{
    return gdt_error_set(c->err, GDT_ERANGE, SIZE_MAX,
                         "the derivative is too large (more than %d nodes)",
                         GDT_EXPR_MAX_DERIVED_NODES);
}

/* Count one more node; GDT_ERANGE past the limit. */
static gdt_status
count_node(dctx *c)
{
    return ++c->nodes > GDT_EXPR_MAX_DERIVED_NODES ? error_too_large(c) : GDT_OK;
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
    switch (gdt_expr_copy_max(out, e, &c->nodes, GDT_EXPR_MAX_DERIVED_NODES)) {
    case GDT_OK:
        return GDT_OK;
    case GDT_ERANGE:
        return error_too_large(c);
    default:
        return error_nomem(c);
    }
}

/* *OUT = a copy of E when ST, the status of the makes before, is GDT_OK;
   else *OUT = NULL and ST: a link of a chain of makes, as the smart
   constructors below. */
static gdt_status
copy_after(dctx *c, gdt_expr **out, const gdt_expr *e, gdt_status st)
{
    if (st != GDT_OK) {
        *out = NULL;
        return st;
    }
    return copy(c, out, e);
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

/* *OUT = a node KIND (GDT_EXPR_CALL, _AGG, _SELECT) FN over the operands
   A, B, C, D (consumed; B, C, D may be absent: pass NULL with NB etc. 0).
   When an operand that should be there is NULL, making it failed with ST. */
static gdt_status
make_node(dctx *c, gdt_expr **out, gdt_expr_kind kind, int fn, gdt_expr *a, gdt_expr *b,
          gdt_expr *cc, gdt_expr *d, int want, size_t pos, gdt_status st)
{
    gdt_expr *e, *ops[4] = { a, b, cc, d };
    int i;

    *out = NULL;
    for (i = 0; i < want; i++)
        if (ops[i] == NULL)
            goto fail;
    if ((st = count_node(c)) != GDT_OK)
        goto fail;
    if ((e = gdt_expr_node_new(kind, pos)) == NULL) {
        st = error_nomem(c);
        goto fail;
    }
    e->fn = fn;
    e->a = a;
    e->b = b;
    e->c = cc;
    e->d = d;
    *out = e;
    return GDT_OK;
fail:
    for (i = 0; i < 4; i++)
        gdt_expr_free(ops[i]);
    return st;
}

/* *OUT = the select FN (GDT_EXPR_SELECT) U < V ? C : D over copies of U
   and V, with the kink rule of C's derivation at a tie: TORCH_TIE under
   --kinks torch, else none (an error unless C = D).  C and D are
   consumed; when one of them is NULL, making it failed with ST. */
static gdt_status
make_select(dctx *c, gdt_expr **out, int fn, const gdt_expr *u, const gdt_expr *v,
            gdt_expr *cc, gdt_expr *d, int torch_tie, size_t pos, gdt_status st)
{
    gdt_expr *uc = NULL, *vc = NULL;

    /* a NULL operand makes make_node fail with ST */
    if (cc != NULL && d != NULL && (st = copy(c, &uc, u)) == GDT_OK)
        st = copy(c, &vc, v);
    st = make_node(c, out, GDT_EXPR_SELECT, fn, uc, vc, cc, d, 4, pos, st);
    if (st == GDT_OK)
        (*out)->n = c->kinks == GDT_KINKS_TORCH ? torch_tie : GDT_TIE_NONE;
    return st;
}

/* *OUT = the named constant K, a new node */
static gdt_status
make_const(dctx *c, gdt_expr **out, gdt_const k, size_t pos)
{
    gdt_status st;

    *out = NULL;
    if ((st = count_node(c)) != GDT_OK)
        return st;
    if ((*out = gdt_expr_node_new(GDT_EXPR_CONST, pos)) == NULL)
        return error_nomem(c);
    (*out)->fn = (int)k;
    return GDT_OK;
}

/* *OUT = fn(a copy of U), a new call node */
static gdt_status
make_call_copy(dctx *c, gdt_expr **out, gdt_func fn, const gdt_expr *u, size_t pos)
{
    gdt_expr *uc;
    gdt_status st = copy(c, &uc, u);

    return make_node(c, out, GDT_EXPR_CALL, (int)fn, uc, NULL, NULL, NULL, 1, pos, st);
}

/* *N = the integer V and *T = a copy of E, two new trees; *T is left as
   it was when making *N fails. */
static gdt_status
make_num_copy(dctx *c, gdt_expr **n, long v, gdt_expr **t, const gdt_expr *e, size_t pos)
{
    gdt_status st = make_num(c, n, v, pos);

    return st == GDT_OK ? copy(c, t, e) : st;
}

/* *OUT = DU * a copy of G (DU_FIRST) or a copy of G * DU, where DU is a
   derivative just made (consumed); when DU is 0 the product is 0 and G is
   not copied. */
static gdt_status
mul_copy(dctx *c, gdt_expr **out, gdt_expr *du, const gdt_expr *g, int du_first,
         size_t pos)
{
    gdt_expr *gc;
    gdt_status st;

    if (is_num_si(du, 0)) {
        *out = du;
        return GDT_OK;
    }
    st = copy(c, &gc, g);
    return du_first ? make_bin(c, out, GDT_EXPR_MUL, du, gc, pos, st)
                    : make_bin(c, out, GDT_EXPR_MUL, gc, du, pos, st);
}

static gdt_status derive(dctx *c, gdt_expr **out, const gdt_expr *e);
static gdt_status derive_pow(dctx *c, gdt_expr **out, const gdt_expr *e, gdt_expr *du,
                             gdt_expr *dv);
static gdt_status derive_huber(dctx *c, gdt_expr **out, const gdt_expr *e, gdt_expr *du,
                               gdt_expr *dv);
static gdt_status derive_chain(dctx *c, gdt_expr **out, const gdt_expr *e);

/* *OUT = the derivative of E = pow(u, v), given DU and DV, the
   derivatives of u and v (consumed, not both 0): v*pow(u, v - 1)*u' when v
   is constant, pow(u, v)*log(u)*v' when u is, else
   pow(u, v)*(v'*log(u) + v*u'/u). */
static gdt_status
derive_pow(dctx *c, gdt_expr **out, const gdt_expr *e, gdt_expr *du, gdt_expr *dv)
{
    const gdt_expr *u = e->a, *v = e->b;
    gdt_expr *t1 = NULL, *t2 = NULL, *n1 = NULL, *t3 = NULL;
    size_t pos = e->pos;
    gdt_status st;

    if (is_num_si(dv, 0)) {
        gdt_expr_free(dv);
        /* v*pow(u, v - 1)*u' */
        st = make_num_copy(c, &n1, 1, &t2, v, pos);
        st = make_bin(c, &t2, GDT_EXPR_SUB, t2, n1, pos, st);
        st = copy_after(c, &t1, u, st);
        st = make_node(c, &t1, GDT_EXPR_CALL, GDT_FN_POW, t1, t2, NULL, NULL, 2, pos, st);
        st = copy_after(c, &t3, v, st);
        st = make_bin(c, &t1, GDT_EXPR_MUL, t3, t1, pos, st);
        if (st != GDT_OK) {
            gdt_expr_free(du);
            return st;
        }
        return make_bin(c, out, GDT_EXPR_MUL, t1, du, pos, st);
    }
    /* v'*log(u) */
    st = make_call_copy(c, &t1, GDT_FN_LOG, u, pos);
    st = make_bin(c, &t1, GDT_EXPR_MUL, dv, t1, pos, st);
    if (st != GDT_OK) {
        gdt_expr_free(du);
        return st;
    }
    if (!is_num_si(du, 0)) {
        /* + v*u'/u */
        st = copy(c, &t2, v);
        st = make_bin(c, &t2, GDT_EXPR_MUL, t2, du, pos, st);
        st = copy_after(c, &t3, u, st);
        st = make_bin(c, &t2, GDT_EXPR_DIV, t2, t3, pos, st);
        st = make_bin(c, &t1, GDT_EXPR_ADD, t1, t2, pos, st);
        du = NULL;
    }
    gdt_expr_free(du);
    st = copy_after(c, &t2, e, st);
    return make_bin(c, out, GDT_EXPR_MUL, t2, t1, pos, st);
}

/* *OUT = the derivative of E = huber(u, d), given DU and DV, the
   derivatives of u and d (consumed, not both 0):
   max(-d, min(u, d))*u' + relu(abs(u) - d)*d'.  Huber's loss is
   differentiable everywhere (for d > 0): its derivative uses the values of
   min, max, abs and relu, never their derivatives, so it has no kink. */
static gdt_status
derive_huber(dctx *c, gdt_expr **out, const gdt_expr *e, gdt_expr *du, gdt_expr *dv)
{
    const gdt_expr *u = e->a, *d = e->b;
    gdt_expr *t1 = NULL, *t2 = NULL, *t3 = NULL, *r = NULL;
    size_t pos = e->pos;
    gdt_status st = GDT_OK;

    if (!is_num_si(du, 0)) {
        st = copy(c, &t1, u);
        if (st == GDT_OK)
            st = copy(c, &t2, d);
        st = make_node(c, &t1, GDT_EXPR_CALL, GDT_FN_MIN, t1, t2, NULL, NULL, 2, pos, st);
        st = copy_after(c, &t3, d, st);
        st = make_neg(c, &t3, t3, pos, st);
        st = make_node(c, &t1, GDT_EXPR_CALL, GDT_FN_MAX, t3, t1, NULL, NULL, 2, pos, st);
        st = make_bin(c, &r, GDT_EXPR_MUL, t1, du, pos, st);
        du = NULL;
    }
    gdt_expr_free(du);
    if (st == GDT_OK && !is_num_si(dv, 0)) {
        st = make_call_copy(c, &t1, GDT_FN_ABS, u, pos);
        st = copy_after(c, &t2, d, st);
        st = make_bin(c, &t1, GDT_EXPR_SUB, t1, t2, pos, st);
        st = make_node(c, &t1, GDT_EXPR_CALL, GDT_FN_RELU, t1, NULL, NULL, NULL, 1, pos, st);
        st = make_bin(c, &t1, GDT_EXPR_MUL, t1, dv, pos, st);
        dv = NULL;
        if (r == NULL) {
            *out = t1;
            return st;
        }
        return make_bin(c, out, GDT_EXPR_ADD, r, t1, pos, st);
    }
    gdt_expr_free(dv);
    if (st != GDT_OK) {
        gdt_expr_free(r);
        return st;
    }
    *out = r;
    return GDT_OK;
}

/* The functions whose derivative is one call of the same argument, up to
   its sign: fn(u)' = g(u)*u', or -g(u)*u' where NEG. */
static const struct derivative_call {
    gdt_func fn, g;
    int neg;
} derivative_calls[] = {
    { GDT_FN_SIN, GDT_FN_COS, 0 },
    { GDT_FN_COS, GDT_FN_SIN, 1 },
    { GDT_FN_COSH, GDT_FN_SINH, 0 },
    { GDT_FN_SINH, GDT_FN_COSH, 0 },
    { GDT_FN_EXPM1, GDT_FN_EXP, 0 },
    { GDT_FN_SOFTPLUS, GDT_FN_SIGMOID, 0 },
    { GDT_FN_LOGCOSH, GDT_FN_TANH, 0 },
};

/* *OUT = the derivative of the call E = fn(u) or fn(u, v). */
static gdt_status
derive_call(dctx *c, gdt_expr **out, const gdt_expr *e)
{
    gdt_expr *du = NULL, *dv = NULL, *t1 = NULL, *t2 = NULL, *n1 = NULL;
    const gdt_expr *u = e->a;
    size_t pos = e->pos, i;
    gdt_status st;

    *out = NULL;
    if ((st = derive(c, &du, u)) != GDT_OK)
        return st;
    if (gdt_func_arity((gdt_func)e->fn) == 2) {
        if ((st = derive(c, &dv, e->b)) != GDT_OK) {
            gdt_expr_free(du);
            return st;
        }
        if (is_num_si(du, 0) && is_num_si(dv, 0)) {
            gdt_expr_free(dv);
            *out = du;
            return GDT_OK;
        }
        switch ((gdt_func)e->fn) {
        case GDT_FN_MIN:
            /* min(u, v)' = (u < v ? u' : v') */
            return make_select(c, out, e->fn, u, e->b, du, dv, GDT_TIE_MEAN, pos, GDT_OK);
        case GDT_FN_MAX:
            /* max(u, v)' = (u < v ? v' : u') */
            return make_select(c, out, e->fn, u, e->b, dv, du, GDT_TIE_MEAN, pos, GDT_OK);
        case GDT_FN_POW:
            return derive_pow(c, out, e, du, dv);
        default: /* GDT_FN_HUBER */
            return derive_huber(c, out, e, du, dv);
        }
    }
    if (is_num_si(du, 0)) {
        *out = du;
        return GDT_OK;
    }
    for (i = 0; i < sizeof derivative_calls / sizeof derivative_calls[0]; i++) {
        if (derivative_calls[i].fn != (gdt_func)e->fn)
            continue;
        /* g(u)*u' or -g(u)*u' */
        st = make_call_copy(c, &t1, derivative_calls[i].g, u, pos);
        if (derivative_calls[i].neg)
            st = make_neg(c, &t1, t1, pos, st);
        return make_bin(c, out, GDT_EXPR_MUL, t1, du, pos, st);
    }
    switch ((gdt_func)e->fn) {
    case GDT_FN_EXP:
        /* exp(u)*u' */
        return mul_copy(c, out, du, e, 0, pos);
    case GDT_FN_LOG:
        /* u'/u */
        st = copy(c, &t1, u);
        return make_bin(c, out, GDT_EXPR_DIV, du, t1, pos, st);
    case GDT_FN_SQRT:
        /* u'/(2*sqrt(u)) */
        st = make_num_copy(c, &n1, 2, &t1, e, pos);
        st = make_bin(c, &t2, GDT_EXPR_MUL, n1, t1, pos, st);
        return make_bin(c, out, GDT_EXPR_DIV, du, t2, pos, st);
    case GDT_FN_TAN:
    case GDT_FN_TANH:
        /* (1 + tan(u)^2)*u', (1 - tanh(u)^2)*u' */
        st = make_num_copy(c, &n1, 1, &t1, e, pos);
        st = make_pow(c, &t1, t1, 2, pos, st);
        st = make_bin(c, &t2, e->fn == GDT_FN_TAN ? GDT_EXPR_ADD : GDT_EXPR_SUB, n1, t1, pos,
                      st);
        return make_bin(c, out, GDT_EXPR_MUL, t2, du, pos, st);
    case GDT_FN_SIGMOID:
        /* sigmoid(u)*(1 - sigmoid(u))*u' */
        st = make_num_copy(c, &n1, 1, &t1, e, pos);
        st = make_bin(c, &t2, GDT_EXPR_SUB, n1, t1, pos, st);
        st = copy_after(c, &t1, e, st);
        st = make_bin(c, &t1, GDT_EXPR_MUL, t1, t2, pos, st);
        return make_bin(c, out, GDT_EXPR_MUL, t1, du, pos, st);
    case GDT_FN_ABS:
    case GDT_FN_RELU: {
        /* abs: (u < 0 ? -1 : 1)*u', relu: (u < 0 ? 0 : 1)*u', no value at
           u = 0 but with --kinks torch (abs'(0) = 0, relu'(0) = 0) */
        gdt_expr *zero = NULL, *lo = NULL, *p1 = NULL;
        st = make_num(c, &zero, 0, pos);
        if (st == GDT_OK)
            st = make_num(c, &lo, e->fn == GDT_FN_ABS ? -1 : 0, pos);
        if (st == GDT_OK)
            st = make_num(c, &p1, 1, pos);
        if (st == GDT_OK)
            st = make_select(c, &t1, e->fn, u, zero, lo, p1,
                             e->fn == GDT_FN_ABS ? GDT_TIE_MEAN : GDT_TIE_LOW, pos, st);
        else {
            gdt_expr_free(lo);
            gdt_expr_free(p1);
        }
        gdt_expr_free(zero);
        return make_bin(c, out, GDT_EXPR_MUL, t1, du, pos, st);
    }
    case GDT_FN_ATAN:
    case GDT_FN_LOG1P:
        /* u'/(1 + u^2), u'/(1 + u) */
        st = make_num_copy(c, &n1, 1, &t1, u, pos);
        if (e->fn == GDT_FN_ATAN)
            st = make_pow(c, &t1, t1, 2, pos, st);
        st = make_bin(c, &t2, GDT_EXPR_ADD, n1, t1, pos, st);
        return make_bin(c, out, GDT_EXPR_DIV, du, t2, pos, st);
    case GDT_FN_ASINH:
        /* u'/sqrt(u^2 + 1) */
        st = make_num_copy(c, &n1, 1, &t1, u, pos);
        st = make_pow(c, &t1, t1, 2, pos, st);
        st = make_bin(c, &t2, GDT_EXPR_ADD, t1, n1, pos, st);
        st = make_node(c, &t2, GDT_EXPR_CALL, GDT_FN_SQRT, t2, NULL, NULL, NULL, 1, pos, st);
        return make_bin(c, out, GDT_EXPR_DIV, du, t2, pos, st);
    case GDT_FN_ERF: {
        /* 2*exp(-u^2)/sqrt(pi)*u' */
        gdt_expr *pi = NULL;
        st = make_num_copy(c, &n1, 2, &t1, u, pos);
        st = make_pow(c, &t1, t1, 2, pos, st);
        st = make_neg(c, &t1, t1, pos, st);
        st = make_node(c, &t1, GDT_EXPR_CALL, GDT_FN_EXP, t1, NULL, NULL, NULL, 1, pos, st);
        st = make_bin(c, &t2, GDT_EXPR_MUL, n1, t1, pos, st);
        if (st == GDT_OK)
            st = make_const(c, &pi, GDT_CONST_PI, pos);
        st = make_node(c, &pi, GDT_EXPR_CALL, GDT_FN_SQRT, pi, NULL, NULL, NULL, 1, pos, st);
        st = make_bin(c, &t2, GDT_EXPR_DIV, t2, pi, pos, st);
        return make_bin(c, out, GDT_EXPR_MUL, t2, du, pos, st);
    }
    default:
        gdt_expr_free(du);
        return gdt_error_set(c->err, GDT_EVALUE, pos, "no derivative for this function");
    }
}

/* *OUT = the derivative of E = u op v, a binary operator, given DU, the
   derivative of u (consumed; NULL when making it failed with ST). */
static gdt_status
derive_link(dctx *c, gdt_expr **out, gdt_expr *du, const gdt_expr *e, gdt_status st)
{
    gdt_expr *dv = NULL, *t1 = NULL, *t2 = NULL;

    *out = NULL;
    if (du == NULL)
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
        st = mul_copy(c, &t1, du, e->b, 1, e->pos);
        if (st == GDT_OK)
            st = mul_copy(c, &t2, dv, e->a, 0, e->pos);
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
    st = mul_copy(c, &t1, du, e->b, 1, e->pos);
    if (st == GDT_OK)
        st = mul_copy(c, &t2, dv, e->a, 0, e->pos);
    else
        gdt_expr_free(dv);
    if ((st = make_bin(c, &t1, GDT_EXPR_SUB, t1, t2, e->pos, st)) != GDT_OK)
        return st;
    st = copy(c, &t2, e->b);
    if (st == GDT_OK)
        st = make_pow(c, &t2, t2, 2, e->pos, GDT_OK);
    return make_bin(c, out, GDT_EXPR_DIV, t1, t2, e->pos, st);
}

/* *OUT = the derivative of the chain E (a binary operator), link by link
   along its spine from the innermost: each link's derivative is made from
   the one before, as the recursion u op v would make it, without
   recursing along the chain. */
static gdt_status
derive_chain(dctx *c, gdt_expr **out, const gdt_expr *e)
{
    gdt_expr_spine sp;
    gdt_expr *d = NULL;
    gdt_status st;
    size_t i;

    *out = NULL;
    if (gdt_expr_spine_init(&sp, e) != GDT_OK)
        return error_nomem(c);
    st = derive(c, &d, sp.node[0]->a);
    for (i = 0; i < sp.n && st == GDT_OK; i++)
        st = derive_link(c, &d, d, sp.node[i], st);
    gdt_expr_spine_clear(&sp);
    if (st != GDT_OK)
        return st;
    *out = d;
    return GDT_OK;
}

/* *OUT = dE/dvar.  The recursion follows the nesting of E: a chain of
   binary operators is taken in a loop (derive_chain). */
static gdt_status
derive(dctx *c, gdt_expr **out, const gdt_expr *e)
{
    gdt_expr *du = NULL, *t1 = NULL, *t2 = NULL, *nu;
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
    case GDT_EXPR_COL:
    case GDT_EXPR_CONST:
        return make_num(c, out, 0, e->pos);
    case GDT_EXPR_AGG:
        /* mean(u)' = mean(u'), sum(u)' = sum(u') */
        if ((st = derive(c, &du, e->a)) != GDT_OK)
            return st;
        if (is_num_si(du, 0)) {
            *out = du;
            return GDT_OK;
        }
        return make_node(c, out, GDT_EXPR_AGG, e->fn, du, NULL, NULL, NULL, 1, e->pos, GDT_OK);
    case GDT_EXPR_CALL:
        return derive_call(c, out, e);
    case GDT_EXPR_SELECT:
        return gdt_error_set(c->err, GDT_EVALUE, e->pos,
                             "cannot derive a derivative of abs, relu, min or max");
    case GDT_EXPR_ADD:
    case GDT_EXPR_SUB:
    case GDT_EXPR_MUL:
    case GDT_EXPR_DIV:
        break;
    }
    /* now a binary operator */
    return derive_chain(c, out, e);
}

gdt_status
gdt_expr_derive(gdt_expr **out, const gdt_expr *e, int var, gdt_error *err)
{
    return gdt_expr_derive_kinks(out, e, var, GDT_KINKS_ERROR, err);
}

gdt_status
gdt_expr_derive_kinks(gdt_expr **out, const gdt_expr *e, int var, gdt_kinks kinks,
                      gdt_error *err)
{
    dctx c;

    c.var = var;
    c.kinks = kinks;
    c.nodes = 0;
    c.err = err;
    return derive(&c, out, e);
}

/* ------------------------------------------------------------ the seeded derivative */

/* How deep the seed is pushed into E before the rest is left to the
   forward rules (seed times derivative): a bound on the recursion. */
#define SEED_DEPTH_MAX 200

static gdt_status seeded(dctx *c, gdt_expr **out, const gdt_expr *e, gdt_expr *g,
                         unsigned depth);

/* *OUT = the seed G times local factor F, G first (torch's grad * local),
   both consumed; ST as the makes above. */
static gdt_status
seed_times(dctx *c, gdt_expr **out, gdt_expr *g, gdt_expr *f, size_t pos, gdt_status st)
{
    return make_bin(c, out, GDT_EXPR_MUL, g, f, pos, st);
}

/* The seeded derivative of the binary operator E = u op v: torch's
   backward formulas, the seed G (consumed) carried into each operand:
   (u +- v): G, +-G; (u*v): G*v into u, G*u into v; (u/v): G/v into u,
   -G*((u/v)/v) into v. */
static gdt_status
seeded_bin(dctx *c, gdt_expr **out, const gdt_expr *e, gdt_expr *g, unsigned depth)
{
    const gdt_expr *u = e->a, *v = e->b;
    int du = gdt_expr_uses(u, c->var), dv = gdt_expr_uses(v, c->var);
    gdt_expr *gu = NULL, *gv = NULL, *t = NULL, *t2 = NULL, *ru = NULL, *rv = NULL;
    gdt_expr_kind join = GDT_EXPR_ADD;
    gdt_status st = GDT_OK;
    size_t pos = e->pos;

    *out = NULL;
    if (du && dv && (st = copy(c, &gv, g)) != GDT_OK) {
        gdt_expr_free(g);
        return st;
    }
    if (!du)
        gv = g, g = NULL;
    gu = g;
    switch (e->kind) {
    case GDT_EXPR_ADD:
    case GDT_EXPR_SUB:
        join = e->kind;
        break;
    case GDT_EXPR_MUL:
        if (gu != NULL) {
            st = copy(c, &t, v);
            st = seed_times(c, &gu, gu, t, pos, st);
        }
        if (gv != NULL) {
            st = copy_after(c, &t, u, st);
            st = seed_times(c, &gv, gv, t, pos, st);
        }
        break;
    default: /* GDT_EXPR_DIV */
        if (gu != NULL) {
            st = copy(c, &t, v);
            st = make_bin(c, &gu, GDT_EXPR_DIV, gu, t, pos, st);
        }
        if (gv != NULL && st == GDT_OK) {
            st = make_neg(c, &gv, gv, pos, st);
            st = copy_after(c, &t, u, st);
            st = copy_after(c, &t2, v, st);
            st = make_bin(c, &t, GDT_EXPR_DIV, t, t2, pos, st);
            st = copy_after(c, &t2, v, st);
            st = make_bin(c, &t, GDT_EXPR_DIV, t, t2, pos, st);
            st = seed_times(c, &gv, gv, t, pos, st);
        }
        break;
    }
    if (st != GDT_OK) {
        gdt_expr_free(gu);
        gdt_expr_free(gv);
        return st;
    }
    if (gu != NULL && (st = seeded(c, &ru, u, gu, depth + 1)) != GDT_OK) {
        gdt_expr_free(gv);
        return st;
    }
    if (gv != NULL && (st = seeded(c, &rv, v, gv, depth + 1)) != GDT_OK) {
        gdt_expr_free(ru);
        return st;
    }
    if (ru == NULL) {
        if (join == GDT_EXPR_SUB)
            return make_neg(c, out, rv, pos, GDT_OK);
        *out = rv;
        return GDT_OK;
    }
    if (rv == NULL) {
        *out = ru;
        return GDT_OK;
    }
    if (rv->kind == GDT_EXPR_NEG) { /* x + -y = x - y, x - -y = x + y, exactly */
        gdt_expr *y = rv->a;
        rv->a = NULL;
        gdt_expr_free(rv);
        rv = y;
        join = join == GDT_EXPR_ADD ? GDT_EXPR_SUB : GDT_EXPR_ADD;
    }
    return make_bin(c, out, join, ru, rv, pos, GDT_OK);
}

/* *OUT = the derivative of E with respect to c->var with the seed G
   (consumed) pushed in as reverse mode does; E uses c->var. */
static gdt_status
seeded(dctx *c, gdt_expr **out, const gdt_expr *e, gdt_expr *g, unsigned depth)
{
    gdt_expr *t = NULL, *n1 = NULL;
    gdt_status st;

    *out = NULL;
    if (depth < SEED_DEPTH_MAX) {
        switch (e->kind) {
        case GDT_EXPR_VAR:
            *out = g; /* e is c->var */
            return GDT_OK;
        case GDT_EXPR_NEG:
            /* torch: grad.neg() */
            st = make_neg(c, &g, g, e->pos, GDT_OK);
            return st == GDT_OK ? seeded(c, out, e->a, g, depth + 1) : st;
        case GDT_EXPR_POW:
            if (e->n == 0 || e->n == LONG_MIN)
                break;
            /* torch's pow_backward: grad * (n * u.pow(n - 1)) */
            st = make_num(c, &n1, e->n, e->pos);
            st = copy_after(c, &t, e->a, st);
            st = make_pow(c, &t, t, e->n - 1, e->pos, st);
            st = make_bin(c, &t, GDT_EXPR_MUL, n1, t, e->pos, st);
            if (st != GDT_OK) {
                gdt_expr_free(g);
                return st;
            }
            st = seed_times(c, &g, g, t, e->pos, GDT_OK);
            return st == GDT_OK ? seeded(c, out, e->a, g, depth + 1) : st;
        case GDT_EXPR_ADD:
        case GDT_EXPR_SUB:
        case GDT_EXPR_MUL:
        case GDT_EXPR_DIV:
            return seeded_bin(c, out, e, g, depth);
        default:
            break;
        }
    }
    /* calls, aggregates: the seed times the forward derivative */
    if ((st = derive(c, &t, e)) != GDT_OK) {
        gdt_expr_free(g);
        return st;
    }
    if (is_num_si(t, 0)) {
        gdt_expr_free(g);
        *out = t;
        return GDT_OK;
    }
    return seed_times(c, out, g, t, e->pos, GDT_OK);
}

gdt_status
gdt_expr_derive_seeded(gdt_expr **out, const gdt_expr *e, int var, gdt_kinks kinks,
                       gdt_error *err)
{
    dctx c;
    gdt_expr *g = NULL;
    gdt_status st;

    c.var = var;
    c.kinks = kinks;
    c.nodes = 0;
    c.err = err;
    *out = NULL;
    if (!gdt_expr_uses(e, var))
        return make_num(&c, out, 0, e->pos);
    if ((st = make_const(&c, &g, GDT_CONST_DLOSS, e->pos)) != GDT_OK)
        return st;
    return seeded(&c, out, e, g, 0);
}
