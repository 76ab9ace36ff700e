/* poly -- exact facts about expressions: exact value;
   polynomials over Q: from expressions, derivative, evaluation, text */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/num.h"
#include "gdtrace/poly.h"
#include "expr/expr_impl.h"
#include "base/vec.h"

/* R = A op B for a binary KIND. */
static gdt_status
eval_op(mpq_t r, gdt_expr_kind kind, const mpq_t a, const mpq_t b)
{
    switch (kind) {
    case GDT_EXPR_ADD:
        mpq_add(r, a, b);
        return GDT_OK;
    case GDT_EXPR_SUB:
        mpq_sub(r, a, b);
        return GDT_OK;
    case GDT_EXPR_MUL:
        mpq_mul(r, a, b);
        return GDT_OK;
    default:
        if (mpq_sgn(b) == 0)
            return GDT_EDIVZERO;
        mpq_div(r, a, b);
        return GDT_OK;
    }
}

/* R = the chain E (a binary operator), left to right along its spine. */
static gdt_status
eval_chain_q(mpq_t r, const gdt_expr *e, const mpq_t *params)
{
    gdt_expr_spine sp;
    mpq_t a, b;
    gdt_status st;
    size_t i;

    if ((st = gdt_expr_spine_init(&sp, e)) != GDT_OK)
        return st;
    mpq_init(a);
    mpq_init(b);
    st = gdt_expr_eval_q(a, sp.node[0]->a, params);
    for (i = 0; i < sp.n && st == GDT_OK; i++)
        if ((st = gdt_expr_eval_q(b, sp.node[i]->b, params)) == GDT_OK)
            st = eval_op(a, sp.node[i]->kind, a, b);
    if (st == GDT_OK)
        mpq_set(r, a);
    mpq_clear(a);
    mpq_clear(b);
    gdt_expr_spine_clear(&sp);
    return st;
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
    case GDT_EXPR_CONST:
        if (e->fn == GDT_CONST_DLOSS) { /* the seed: 1 */
            mpq_set_ui(r, 1, 1);
            return GDT_OK;
        }
        return GDT_EINEXACT; /* pi is irrational */
    case GDT_EXPR_CALL:
        if (e->fn != GDT_FN_ABS && e->fn != GDT_FN_MIN && e->fn != GDT_FN_MAX)
            return GDT_EINEXACT;
        break;
    case GDT_EXPR_ADD:
    case GDT_EXPR_SUB:
    case GDT_EXPR_MUL:
    case GDT_EXPR_DIV:
        return eval_chain_q(r, e, params);
    default:
        break;
    }
    /* now a negation, a power, abs, min or max */
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

/* ------------------------------------------------ polynomials over Q */

void
gdt_poly_init(gdt_poly *p)
{
    p->n = 0;
    p->c = NULL;
}

void
gdt_poly_clear(gdt_poly *p)
{
    if (p == NULL)
        return;
    gdt_qvec_free(p->c, p->n);
    gdt_poly_init(p);
}

/* P = N zero coefficients (not trimmed). */
static gdt_status
poly_alloc(gdt_poly *p, size_t n)
{
    gdt_poly_clear(p);
    if (n > 0 && (p->c = gdt_qvec_new(n)) == NULL)
        return GDT_ENOMEM;
    p->n = n;
    return GDT_OK;
}

/* Drop P's zero leading coefficients (none left: P is 0, c is NULL). */
static void
poly_trim(gdt_poly *p)
{
    while (p->n > 0 && mpq_sgn(p->c[p->n - 1]) == 0)
        mpq_clear(p->c[--p->n]);
    if (p->n == 0)
        gdt_poly_clear(p); /* frees c */
}

/* Exchange A and B. */
static void
poly_swap(gdt_poly *a, gdt_poly *b)
{
    gdt_poly t = *a;

    *a = *b;
    *b = t;
}

gdt_status
gdt_poly_set(gdt_poly *r, const gdt_poly *p)
{
    gdt_poly t;
    size_t i;

    if (r == p)
        return GDT_OK;
    gdt_poly_init(&t);
    if (poly_alloc(&t, p->n) != GDT_OK)
        return GDT_ENOMEM;
    for (i = 0; i < p->n; i++)
        mpq_set(t.c[i], p->c[i]);
    poly_swap(r, &t);
    gdt_poly_clear(&t);
    return GDT_OK;
}

long
gdt_poly_degree(const gdt_poly *p)
{
    return (long)p->n - 1;
}

gdt_status
gdt_poly_derive(gdt_poly *r, const gdt_poly *p)
{
    gdt_poly t;
    size_t i;

    gdt_poly_init(&t);
    if (p->n > 1) {
        if (poly_alloc(&t, p->n - 1) != GDT_OK)
            return GDT_ENOMEM;
        for (i = 1; i < p->n; i++) {
            mpz_mul_ui(mpq_numref(t.c[i - 1]), mpq_numref(p->c[i]), (unsigned long)i);
            mpz_set(mpq_denref(t.c[i - 1]), mpq_denref(p->c[i]));
            mpq_canonicalize(t.c[i - 1]);
        }
    }
    poly_swap(r, &t);
    gdt_poly_clear(&t);
    return GDT_OK;
}

void
gdt_poly_eval_q(mpq_t r, const gdt_poly *p, const mpq_t x)
{
    mpq_t v;
    size_t i;

    mpq_init(v);
    for (i = p->n; i-- > 0;) {
        mpq_mul(v, v, x);
        mpq_add(v, v, p->c[i]);
    }
    mpq_swap(r, v);
    mpq_clear(v);
}

void
gdt_poly_eval_fr(mpfr_t r, const gdt_poly *p, const mpfr_t x)
{
    mpfr_t v;
    size_t i;

    mpfr_init2(v, mpfr_get_prec(r));
    mpfr_set_zero(v, 1);
    for (i = p->n; i-- > 0;) {
        mpfr_mul(v, v, x, MPFR_RNDN);
        mpfr_add_q(v, v, p->c[i], MPFR_RNDN);
    }
    mpfr_swap(r, v);
    mpfr_clear(v);
}

/* Append the integer |Z| in decimal. */
static gdt_status
put_abs_z(gdt_buf *out, mpz_srcptr z)
{
    gdt_status st;
    mpz_t a;

    st = gdt_buf_reserve(out, mpz_sizeinbase(z, 10) + 2);
    if (st != GDT_OK)
        return st;
    mpz_roinit_n(a, mpz_limbs_read(z), (mp_size_t)mpz_size(z)); /* |z| */
    mpz_get_str(out->s + out->len, 10, a);
    out->len += strlen(out->s + out->len);
    return GDT_OK;
}

gdt_status
gdt_poly_print(gdt_buf *out, const gdt_poly *p, const char *name)
{
    gdt_status st = GDT_OK;
    size_t i;
    int one;

    if (p->n == 0)
        return gdt_buf_putc(out, '0');
    for (i = p->n; st == GDT_OK && i-- > 0;) {
        const mpq_t *c = &p->c[i];
        if (mpq_sgn(*c) == 0)
            continue;
        if (i == p->n - 1)
            st = mpq_sgn(*c) < 0 ? gdt_buf_putc(out, '-') : GDT_OK;
        else
            st = gdt_buf_puts(out, mpq_sgn(*c) < 0 ? " - " : " + ");
        one = mpz_cmpabs_ui(mpq_numref(*c), 1) == 0 && mpz_cmp_ui(mpq_denref(*c), 1) == 0;
        if (st == GDT_OK && (i == 0 || !one)) {
            st = put_abs_z(out, mpq_numref(*c));
            if (st == GDT_OK && mpz_cmp_ui(mpq_denref(*c), 1) != 0) {
                st = gdt_buf_putc(out, '/');
                if (st == GDT_OK)
                    st = put_abs_z(out, mpq_denref(*c));
            }
            if (st == GDT_OK && i > 0)
                st = gdt_buf_putc(out, '*');
        }
        if (st == GDT_OK && i > 0)
            st = gdt_buf_puts(out, name);
        if (st == GDT_OK && i > 1)
            st = gdt_buf_printf(out, "^%zu", i);
    }
    return st;
}

/* ------------------------------------------- polynomials from expressions */

/* Walks deeper than this are refused: parsed trees are nested at most
   GDT_EXPR_MAX_DEPTH deep, derived ones a small factor deeper (chains are
   walked in a loop and do not count). */
#define POLY_MAX_DEPTH (4 * GDT_EXPR_MAX_DEPTH)

/* Constant powers of more bits than this are "too large", as in the
   parser's exponent folding. */
#define POLY_POW_BITS_MAX (1UL << 20)

/* V = D P with D the least common denominator of P's coefficients, so
   that V is a vector of P->n integers. */
static void
poly_scale_to_z(mpz_t *v, mpz_t d, const gdt_poly *p)
{
    size_t i;

    mpz_set_ui(d, 1);
    for (i = 0; i < p->n; i++)
        mpz_lcm(d, d, mpq_denref(p->c[i]));
    for (i = 0; i < p->n; i++) {
        mpz_divexact(v[i], d, mpq_denref(p->c[i]));
        mpz_mul(v[i], v[i], mpq_numref(p->c[i]));
    }
}

/* R = A + SIGN B, SIGN = 1 or -1 (R may be A or B). */
static gdt_status
poly_add(gdt_poly *r, const gdt_poly *a, const gdt_poly *b, int sign)
{
    gdt_poly t;
    size_t i, n = a->n > b->n ? a->n : b->n;

    gdt_poly_init(&t);
    if (poly_alloc(&t, n) != GDT_OK)
        return GDT_ENOMEM;
    for (i = 0; i < n; i++) {
        if (i < a->n)
            mpq_set(t.c[i], a->c[i]);
        if (i < b->n) {
            if (sign > 0)
                mpq_add(t.c[i], t.c[i], b->c[i]);
            else
                mpq_sub(t.c[i], t.c[i], b->c[i]);
        }
    }
    poly_trim(&t);
    poly_swap(r, &t);
    gdt_poly_clear(&t);
    return GDT_OK;
}

/* P = Q P, Q not zero. */
static void
poly_scale(gdt_poly *p, const mpq_t q)
{
    size_t i;

    for (i = 0; i < p->n; i++)
        mpq_mul(p->c[i], p->c[i], q);
}

/* R = A B (R may be A or B), as a product of integer vectors over the
   product of the common denominators. */
static gdt_status
poly_mul(gdt_poly *r, const gdt_poly *a, const gdt_poly *b, gdt_cancel *stop)
{
    gdt_poly t;
    mpz_t *va = NULL, *vb = NULL, *vt = NULL;
    mpz_t da, db;
    size_t i, j, na = a->n, nb = b->n; /* R may be A or B */
    gdt_status st = GDT_ENOMEM;

    gdt_poly_init(&t);
    if (na == 0 || nb == 0) {
        gdt_poly_clear(r);
        return GDT_OK;
    }
    mpz_inits(da, db, NULL);
    va = gdt_zvec_new(a->n);
    vb = gdt_zvec_new(b->n);
    vt = gdt_zvec_new(a->n + b->n - 1);
    if (va == NULL || vb == NULL || vt == NULL
        || poly_alloc(&t, a->n + b->n - 1) != GDT_OK)
        goto out_free;
    poly_scale_to_z(va, da, a);
    poly_scale_to_z(vb, db, b);
    for (i = 0; i < a->n; i++) {
        if (gdt_cancelled(stop)) {
            st = GDT_EINTERRUPTED;
            goto out_free;
        }
        if (mpz_sgn(va[i]) == 0)
            continue;
        for (j = 0; j < b->n; j++)
            mpz_addmul(vt[i + j], va[i], vb[j]);
    }
    mpz_mul(da, da, db);
    for (i = 0; i < t.n; i++) {
        mpz_swap(mpq_numref(t.c[i]), vt[i]);
        mpz_set(mpq_denref(t.c[i]), da);
        mpq_canonicalize(t.c[i]);
    }
    poly_trim(&t);
    poly_swap(r, &t);
    st = GDT_OK;
out_free:
    gdt_zvec_free(va, na);
    gdt_zvec_free(vb, nb);
    gdt_zvec_free(vt, na + nb - 1);
    gdt_poly_clear(&t);
    mpz_clears(da, db, NULL);
    return st;
}

/* R = A^N (R may be A) by repeated squaring; the caller has checked that
   the degree of the result is at most GDT_POLY_MAX_DEGREE. */
static gdt_status
poly_pow(gdt_poly *r, const gdt_poly *a, unsigned long n, gdt_cancel *stop)
{
    gdt_poly base, acc;
    gdt_status st = GDT_OK;

    gdt_poly_init(&base);
    gdt_poly_init(&acc);
    if (poly_alloc(&acc, 1) != GDT_OK)
        return GDT_ENOMEM;
    mpq_set_ui(acc.c[0], 1, 1);
    st = gdt_poly_set(&base, a);
    while (st == GDT_OK && n > 0) {
        if (n & 1)
            st = poly_mul(&acc, &acc, &base, stop);
        n >>= 1;
        if (st == GDT_OK && n > 0)
            st = poly_mul(&base, &base, &base, stop);
    }
    if (st == GDT_OK)
        poly_swap(r, &acc);
    gdt_poly_clear(&base);
    gdt_poly_clear(&acc);
    return st;
}

/* What building a polynomial from an expression needs at every node: the
   variable, the stop flag, where errors go. */
typedef struct pctx {
    int var;
    gdt_cancel *stop;
    gdt_error *err;
} pctx;

static gdt_status
from_expr(gdt_poly *p, const gdt_expr *e, const pctx *x, size_t depth);

/* P = E ^ E->n. */
static gdt_status
from_pow(gdt_poly *p, const gdt_expr *e, const pctx *x, size_t depth)
{
    long deg;
    unsigned long n = e->n < 0 ? -(unsigned long)e->n : (unsigned long)e->n;
    gdt_status st;

    st = from_expr(p, e->a, x, depth + 1);
    if (st != GDT_OK)
        return st;
    deg = gdt_poly_degree(p);
    if (deg > 0) {
        if (e->n < 0)
            return gdt_error_set(x->err, GDT_EVALUE, e->pos,
                                 "negative power of an expression in the parameter");
        if (n > (unsigned long)(GDT_POLY_MAX_DEGREE / deg))
            return gdt_error_set(x->err, GDT_ERANGE, e->pos,
                                 "polynomial degree over %d", GDT_POLY_MAX_DEGREE);
        st = poly_pow(p, p, n, x->stop);
        return st == GDT_OK ? GDT_OK
                            : gdt_error_set(x->err, st, SIZE_MAX, "%s", gdt_status_str(st));
    }
    /* now P is a constant c: c^n as gdt_expr_eval_q has it, 0^0 = 1 */
    if (deg < 0) {
        if (e->n < 0)
            return gdt_error_set(x->err, GDT_EDIVZERO, e->pos, "division by zero");
        if (n > 0)
            return GDT_OK; /* 0^n = 0 */
        if (poly_alloc(p, 1) != GDT_OK)
            return gdt_error_set(x->err, GDT_ENOMEM, SIZE_MAX, "out of memory");
        mpq_set_ui(p->c[0], 1, 1);
        return GDT_OK;
    }
    {
        mpq_ptr c = p->c[0];
        size_t bits = mpz_sizeinbase(mpq_numref(c), 2);
        if (mpz_sizeinbase(mpq_denref(c), 2) > bits)
            bits = mpz_sizeinbase(mpq_denref(c), 2);
        if (bits > 1 && n > POLY_POW_BITS_MAX / bits)
            return gdt_error_set(x->err, GDT_ERANGE, e->pos, "power too large");
        if (e->n < 0)
            mpq_inv(c, c);
        mpz_pow_ui(mpq_numref(c), mpq_numref(c), n);
        mpz_pow_ui(mpq_denref(c), mpq_denref(c), n);
    }
    return GDT_OK;
}

/* P = P op B, the link E = A op B of a chain whose A is in P. */
static gdt_status
from_link(gdt_poly *p, const gdt_expr *e, const pctx *x, size_t depth)
{
    gdt_poly b;
    gdt_status st;

    gdt_poly_init(&b);
    st = from_expr(&b, e->b, x, depth + 1);
    if (st != GDT_OK)
        goto out_clear;
    switch (e->kind) {
    case GDT_EXPR_ADD:
    case GDT_EXPR_SUB:
        st = poly_add(p, p, &b, e->kind == GDT_EXPR_ADD ? 1 : -1);
        break;
    case GDT_EXPR_MUL:
        if (p->n > 0 && b.n > 0
            && gdt_poly_degree(p) + gdt_poly_degree(&b) > GDT_POLY_MAX_DEGREE) {
            st = gdt_error_set(x->err, GDT_ERANGE, e->pos, "polynomial degree over %d",
                               GDT_POLY_MAX_DEGREE);
            goto out_clear;
        }
        st = poly_mul(p, p, &b, x->stop);
        break;
    case GDT_EXPR_DIV:
        if (b.n == 0) {
            st = gdt_error_set(x->err, GDT_EDIVZERO, e->pos, "division by zero");
            goto out_clear;
        }
        if (b.n > 1) {
            st = gdt_error_set(x->err, GDT_EVALUE, e->pos,
                               "division by an expression in the parameter");
            goto out_clear;
        }
        mpq_inv(b.c[0], b.c[0]);
        poly_scale(p, b.c[0]);
        break;
    default:
        st = gdt_error_set(x->err, GDT_EVALUE, e->pos, "not a polynomial");
        goto out_clear;
    }
    if (st != GDT_OK)
        st = gdt_error_set(x->err, st, SIZE_MAX, "%s", gdt_status_str(st));
out_clear:
    gdt_poly_clear(&b);
    return st;
}

static gdt_status
from_expr(gdt_poly *p, const gdt_expr *e, const pctx *x, size_t depth)
{
    gdt_expr_spine sp;
    gdt_status st;
    size_t i;

    if (depth > POLY_MAX_DEPTH)
        return gdt_error_set(x->err, GDT_ERANGE, e->pos,
                             "expression nested too deeply (more than %d levels)",
                             POLY_MAX_DEPTH);
    gdt_poly_clear(p);
    switch (e->kind) {
    case GDT_EXPR_NUM:
        if (mpq_sgn(e->q) != 0) {
            if (poly_alloc(p, 1) != GDT_OK)
                return gdt_error_set(x->err, GDT_ENOMEM, SIZE_MAX, "out of memory");
            mpq_set(p->c[0], e->q);
        }
        return GDT_OK;
    case GDT_EXPR_VAR:
        if (e->var != x->var)
            return gdt_error_set(x->err, GDT_EVALUE, e->pos,
                                 "another parameter in a polynomial in one parameter");
        if (poly_alloc(p, 2) != GDT_OK)
            return gdt_error_set(x->err, GDT_ENOMEM, SIZE_MAX, "out of memory");
        mpq_set_ui(p->c[1], 1, 1);
        return GDT_OK;
    case GDT_EXPR_CALL:
        return gdt_error_set(x->err, GDT_EVALUE, e->pos, "%s() is not a polynomial",
                             gdt_func_name((gdt_func)e->fn));
    case GDT_EXPR_AGG:
        return gdt_error_set(x->err, GDT_EVALUE, e->pos, "%s() is not a polynomial",
                             gdt_agg_name(e->fn));
    case GDT_EXPR_COL:
        return gdt_error_set(x->err, GDT_EVALUE, e->pos, "a data column is not a polynomial");
    case GDT_EXPR_CONST:
        if (e->fn == GDT_CONST_DLOSS)
            return gdt_error_set(x->err, GDT_EVALUE, e->pos,
                                 "dloss, the seed of the backward pass, is no polynomial's");
        return gdt_error_set(x->err, GDT_EINEXACT, e->pos,
                             "%s is irrational: no polynomial over the rationals",
                             gdt_const_name((gdt_const)e->fn));
    case GDT_EXPR_SELECT:
        return gdt_error_set(x->err, GDT_EVALUE, e->pos, "a case split is not a polynomial");
    case GDT_EXPR_POW:
        return from_pow(p, e, x, depth);
    case GDT_EXPR_NEG:
        st = from_expr(p, e->a, x, depth + 1);
        if (st == GDT_OK)
            for (size_t i = 0; i < p->n; i++)
                mpq_neg(p->c[i], p->c[i]);
        return st;
    default:
        break;
    }
    /* now a chain of binary operations, P = A op B link by link along its
       spine */
    if (gdt_expr_spine_init(&sp, e) != GDT_OK)
        return gdt_error_set(x->err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    st = from_expr(p, sp.node[0]->a, x, depth + 1);
    for (i = 0; i < sp.n && st == GDT_OK; i++)
        st = from_link(p, sp.node[i], x, depth);
    gdt_expr_spine_clear(&sp);
    return st;
}

gdt_status
gdt_poly_from_expr(gdt_poly *p, const gdt_expr *e, int var, gdt_cancel *stop,
                   gdt_error *err)
{
    pctx x = { var, stop, err };
    gdt_status st = from_expr(p, e, &x, 0);

    if (st != GDT_OK)
        gdt_poly_clear(p);
    return st;
}
