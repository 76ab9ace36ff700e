/* moments -- sums over the data rows as polynomials in the parameters */
#include <stdint.h>
#include <stdlib.h>
#include <gmp.h>
#include "expr/expr_impl.h"
#include "base/vec.h"
#include "program/moments.h"

/* Bodies that compile to more operations than this are summed row by row:
   the plan keeps GDT_MOMENTS_MAX_TERMS coefficients per operation. */
#define MAX_INSNS 4096

/* An exponent of a term may be at most this: w^(2^20) is far beyond any
   --max-bits anyway. */
#define MAX_EXP (1UL << 20)

/* One operation on polynomials in the parameters with rational
   coefficients, writing its own register dst. */
typedef enum mop {
    M_CONST, /* the number consts[k] */
    M_COL,   /* the row's cell of column k */
    M_VAR,   /* the term k, with coefficient 1: a parameter */
    M_NEG,   /* -a */
    M_ADD,   /* a + b */
    M_SUB,   /* a - b */
    M_MUL,   /* a * b */
    M_DIV,   /* a / b, b a number (no parameter) */
    M_INV    /* 1 / a, a a number */
} mop;

typedef struct minsn {
    mop op;
    size_t a, b, k;
} minsn;

struct gdt_moments {
    size_t nparams;
    size_t nterms;          /* term 0 is the constant term, w^0 */
    unsigned long *exps;    /* GDT_MOMENTS_MAX_TERMS * nparams exponents */
    size_t *prod;           /* the term of term i times term j, or SIZE_MAX */
    minsn *insns;           /* insn i writes register i */
    uint32_t *supp;         /* per register: the terms it may hold */
    size_t ninsns;
    size_t result;          /* the register of the body */
    mpq_t *consts;
    size_t nconsts;
};

/* ---------------------------------------------------------- planning */

/* The index of the term with exponents E, added when new; GDT_EDOMAIN
   when there are too many. */
static gdt_status
term(gdt_moments *m, const unsigned long *e, size_t *t)
{
    size_t i, j;

    for (i = 0; i < m->nterms; i++) {
        for (j = 0; j < m->nparams && m->exps[i * m->nparams + j] == e[j]; j++)
            ;
        if (j == m->nparams) {
            *t = i;
            return GDT_OK;
        }
    }
    if (m->nterms == GDT_MOMENTS_MAX_TERMS)
        return GDT_EDOMAIN;
    for (j = 0; j < m->nparams; j++)
        m->exps[m->nterms * m->nparams + j] = e[j];
    *t = m->nterms++;
    return GDT_OK;
}

/* *DST = a new register for the insn OP A B K, which may hold the terms
   SUPP. */
static gdt_status
emit(gdt_moments *m, size_t *dst, mop op, size_t a, size_t b, size_t k, uint32_t supp)
{
    if (m->ninsns == MAX_INSNS)
        return GDT_EDOMAIN;
    m->insns[m->ninsns].op = op;
    m->insns[m->ninsns].a = a;
    m->insns[m->ninsns].b = b;
    m->insns[m->ninsns].k = k;
    m->supp[m->ninsns] = supp;
    *dst = m->ninsns++;
    return GDT_OK;
}

/* *DST = A * B, with the terms their products may make. */
static gdt_status
emit_mul(gdt_moments *m, size_t *dst, size_t a, size_t b)
{
    unsigned long e[64], *x = m->nparams <= 64 ? e : NULL;
    uint32_t supp = 0;
    size_t i, j, p, t;
    gdt_status st;

    if (x == NULL)
        return GDT_EDOMAIN;
    for (i = 0; i < GDT_MOMENTS_MAX_TERMS; i++) {
        if (!(m->supp[a] >> i & 1))
            continue;
        for (j = 0; j < GDT_MOMENTS_MAX_TERMS; j++) {
            if (!(m->supp[b] >> j & 1))
                continue;
            for (p = 0; p < m->nparams; p++) {
                x[p] = m->exps[i * m->nparams + p] + m->exps[j * m->nparams + p];
                if (x[p] > MAX_EXP)
                    return GDT_EDOMAIN;
            }
            if ((st = term(m, x, &t)) != GDT_OK)
                return st;
            supp |= (uint32_t)1 << t;
        }
    }
    return emit(m, dst, M_MUL, a, b, 0, supp);
}

/* *DST = A^N, N >= 1, by squaring. */
static gdt_status
emit_pow(gdt_moments *m, size_t *dst, size_t a, unsigned long n)
{
    size_t base = a, acc = SIZE_MAX;
    gdt_status st;

    for (;;) {
        if (n & 1) {
            if (acc == SIZE_MAX)
                acc = base;
            else if ((st = emit_mul(m, &acc, acc, base)) != GDT_OK)
                return st;
        }
        n >>= 1;
        if (n == 0)
            break;
        if ((st = emit_mul(m, &base, base, base)) != GDT_OK)
            return st;
    }
    *dst = acc;
    return GDT_OK;
}

/* 1 when register R holds a number: no term but the constant one. */
static int
is_number(const gdt_moments *m, size_t r)
{
    return (m->supp[r] & ~(uint32_t)1) == 0;
}

static gdt_status plan(gdt_moments *m, const gdt_expr *e, size_t *dst);

/* *DST = the chain E (a binary operator), link by link along its spine. */
static gdt_status
plan_chain(gdt_moments *m, const gdt_expr *e, size_t *dst)
{
    gdt_expr_spine sp;
    size_t acc, b, i;
    gdt_status st;

    if (gdt_expr_spine_init(&sp, e) != GDT_OK)
        return GDT_ENOMEM;
    st = plan(m, sp.node[0]->a, &acc);
    for (i = 0; i < sp.n && st == GDT_OK; i++) {
        const gdt_expr *x = sp.node[i];

        if ((st = plan(m, x->b, &b)) != GDT_OK)
            break;
        switch (x->kind) {
        case GDT_EXPR_ADD:
        case GDT_EXPR_SUB:
            st = emit(m, &acc, x->kind == GDT_EXPR_ADD ? M_ADD : M_SUB, acc, b, 0,
                      m->supp[acc] | m->supp[b]);
            break;
        case GDT_EXPR_MUL:
            st = emit_mul(m, &acc, acc, b);
            break;
        default:
            st = is_number(m, b) ? emit(m, &acc, M_DIV, acc, b, 0, m->supp[acc])
                                 : GDT_EDOMAIN;
            break;
        }
    }
    gdt_expr_spine_clear(&sp);
    if (st == GDT_OK)
        *dst = acc;
    return st;
}

/* *DST = the register of E; GDT_EDOMAIN when E is no polynomial that the
   plan can hold. */
static gdt_status
plan(gdt_moments *m, const gdt_expr *e, size_t *dst)
{
    unsigned long zero[64] = { 0 }, n;
    size_t a, t;
    gdt_status st;

    switch (e->kind) {
    case GDT_EXPR_NUM:
        mpq_set(m->consts[m->nconsts], e->q);
        return emit(m, dst, M_CONST, 0, 0, m->nconsts++, 1);
    case GDT_EXPR_COL:
        return emit(m, dst, M_COL, 0, 0, (size_t)e->var, 1);
    case GDT_EXPR_VAR:
        if (m->nparams > 64 || e->var < 0 || (size_t)e->var >= m->nparams)
            return GDT_EDOMAIN;
        zero[e->var] = 1;
        if ((st = term(m, zero, &t)) != GDT_OK)
            return st;
        return emit(m, dst, M_VAR, 0, 0, t, (uint32_t)1 << t);
    case GDT_EXPR_NEG:
        if ((st = plan(m, e->a, &a)) != GDT_OK)
            return st;
        return emit(m, dst, M_NEG, a, 0, 0, m->supp[a]);
    case GDT_EXPR_POW:
        if ((st = plan(m, e->a, &a)) != GDT_OK)
            return st;
        if (e->n == 0) {
            mpq_set_ui(m->consts[m->nconsts], 1, 1);
            return emit(m, dst, M_CONST, 0, 0, m->nconsts++, 1);
        }
        n = e->n < 0 ? 0UL - (unsigned long)e->n : (unsigned long)e->n;
        if (n > MAX_EXP || (e->n < 0 && !is_number(m, a)))
            return GDT_EDOMAIN;
        if ((st = emit_pow(m, &a, a, n)) != GDT_OK)
            return st;
        if (e->n > 0) {
            *dst = a;
            return GDT_OK;
        }
        return emit(m, dst, M_INV, a, 0, 0, 1);
    case GDT_EXPR_ADD:
    case GDT_EXPR_SUB:
    case GDT_EXPR_MUL:
    case GDT_EXPR_DIV:
        return plan_chain(m, e, dst);
    case GDT_EXPR_CALL:
    case GDT_EXPR_AGG:
    case GDT_EXPR_SELECT:
    case GDT_EXPR_CONST: /* irrational: no exact moment */
        break;
    }
    return GDT_EDOMAIN;
}

/* The number of nodes of E, a bound on the plan's constants (a number, or
   the 1 of a power ^0, per node). */
static size_t
count_nodes(const gdt_expr *e)
{
    size_t n = 0;

    for (; e != NULL; e = e->a)
        n += 1 + count_nodes(e->b) + count_nodes(e->c) + count_nodes(e->d);
    return n;
}

gdt_status
gdt_moments_plan(gdt_moments **out, const gdt_expr *body, size_t nparams)
{
    gdt_moments *m;
    size_t i, j, p, t, ncap = count_nodes(body);
    unsigned long e[64];
    gdt_status st;

    *out = NULL;
    if (nparams > 64 || ncap > MAX_INSNS)
        return GDT_OK; /* not planned: summed row by row */
    m = calloc(1, sizeof *m);
    if (m == NULL)
        return GDT_ENOMEM;
    m->nparams = nparams;
    m->exps = calloc(GDT_MOMENTS_MAX_TERMS * (nparams + 1), sizeof *m->exps);
    m->prod = malloc(GDT_MOMENTS_MAX_TERMS * GDT_MOMENTS_MAX_TERMS * sizeof *m->prod);
    m->insns = malloc(MAX_INSNS * sizeof *m->insns);
    m->supp = malloc(MAX_INSNS * sizeof *m->supp);
    m->consts = malloc((ncap + 1) * sizeof *m->consts);
    if (m->exps == NULL || m->prod == NULL || m->insns == NULL || m->supp == NULL
        || m->consts == NULL) {
        free(m->consts);
        m->consts = NULL;
        gdt_moments_free(m);
        return GDT_ENOMEM;
    }
    for (i = 0; i <= ncap; i++)
        mpq_init(m->consts[i]);
    m->nconsts = 0;
    m->nterms = 1; /* term 0: the constant term, all exponents 0 */
    st = plan(m, body, &m->result);
    /* the constants of a failed plan are cleared with it: count them all */
    m->nconsts = ncap + 1;
    if (st != GDT_OK) {
        gdt_moments_free(m);
        return st == GDT_EDOMAIN ? GDT_OK : st;
    }
    for (i = 0; i < m->nterms; i++)
        for (j = 0; j < m->nterms; j++) {
            for (p = 0; p < nparams; p++)
                e[p] = m->exps[i * nparams + p] + m->exps[j * nparams + p];
            for (t = 0; t < m->nterms; t++) {
                for (p = 0; p < nparams && m->exps[t * nparams + p] == e[p]; p++)
                    ;
                if (p == nparams)
                    break;
            }
            m->prod[i * GDT_MOMENTS_MAX_TERMS + j] = t < m->nterms ? t : SIZE_MAX;
        }
    *out = m;
    return GDT_OK;
}

void
gdt_moments_free(gdt_moments *m)
{
    if (m == NULL)
        return;
    gdt_qvec_free(m->consts, m->nconsts);
    free(m->exps);
    free(m->prod);
    free(m->insns);
    free(m->supp);
    free(m);
}

size_t
gdt_moments_nterms(const gdt_moments *m)
{
    return m->nterms;
}

unsigned long
gdt_moments_exp(const gdt_moments *m, size_t t, size_t i)
{
    return m->exps[t * m->nparams + i];
}

/* ----------------------------------------------------------- summing */

/* A polynomial of one row: its coefficients, and which are live (the
   others are 0). */
typedef struct poly {
    mpq_t c[GDT_MOMENTS_MAX_TERMS];
    uint32_t live;
} poly;

static size_t
qbits(const mpq_t q)
{
    return mpz_sizeinbase(mpq_numref(q), 2) + mpz_sizeinbase(mpq_denref(q), 2);
}

/* GDT_ERANGE when a result of BITS bits passes MAX_BITS (0: no limit), as
   the exact domain bounds its results. */
static gdt_status
check_bits(size_t bits, size_t max_bits)
{
    return max_bits != 0 && bits > max_bits ? GDT_ERANGE : GDT_OK;
}

/* R = A + SIGN*B, bounded by MAX_BITS. */
static gdt_status
add_q(mpq_t r, const mpq_t a, const mpq_t b, int sign, size_t max_bits)
{
    if (check_bits(qbits(a) + qbits(b) + 1, max_bits) != GDT_OK)
        return GDT_ERANGE;
    if (sign > 0)
        mpq_add(r, a, b);
    else
        mpq_sub(r, a, b);
    return GDT_OK;
}

/* P = 0. */
static void
poly_zero(poly *p)
{
    size_t t;

    for (t = 0; p->live != 0; t++)
        if (p->live >> t & 1) {
            mpq_set_ui(p->c[t], 0, 1);
            p->live &= ~((uint32_t)1 << t);
        }
}

/* P = the number Q. */
static void
poly_number(poly *p, const mpq_t q)
{
    poly_zero(p);
    if (mpq_sgn(q) != 0) {
        mpq_set(p->c[0], q);
        p->live = 1;
    }
}

/* Run insn I of M for the row at CELLS into R[I]. */
static gdt_status
run(const gdt_moments *m, size_t i, poly *r, const mpq_t *cells, mpq_t tmp, size_t max_bits)
{
    const minsn *in = &m->insns[i];
    poly *d = &r[i];
    const poly *a = &r[in->a], *b = &r[in->b];
    size_t s, t, k;
    gdt_status st;

    switch (in->op) {
    case M_CONST:
        poly_number(d, m->consts[in->k]);
        return GDT_OK;
    case M_COL:
        poly_number(d, cells[in->k]);
        return GDT_OK;
    case M_VAR:
        poly_zero(d);
        mpq_set_ui(d->c[in->k], 1, 1);
        d->live = (uint32_t)1 << in->k;
        return GDT_OK;
    case M_NEG:
        poly_zero(d);
        for (t = 0; t < m->nterms; t++)
            if (a->live >> t & 1)
                mpq_neg(d->c[t], a->c[t]);
        d->live = a->live;
        return GDT_OK;
    case M_ADD:
    case M_SUB:
        poly_zero(d);
        for (t = 0; t < m->nterms; t++) {
            int in_a = a->live >> t & 1, in_b = b->live >> t & 1;

            if (in_a && in_b) {
                st = add_q(d->c[t], a->c[t], b->c[t], in->op == M_ADD ? 1 : -1, max_bits);
                if (st != GDT_OK)
                    return st;
            } else if (in_a) {
                mpq_set(d->c[t], a->c[t]);
            } else if (in_b && in->op == M_ADD) {
                mpq_set(d->c[t], b->c[t]);
            } else if (in_b) {
                mpq_neg(d->c[t], b->c[t]);
            }
        }
        d->live = a->live | b->live;
        return GDT_OK;
    case M_MUL:
        poly_zero(d);
        for (s = 0; s < m->nterms; s++) {
            if (!(a->live >> s & 1))
                continue;
            for (t = 0; t < m->nterms; t++) {
                if (!(b->live >> t & 1))
                    continue;
                k = m->prod[s * GDT_MOMENTS_MAX_TERMS + t];
                if (check_bits(qbits(a->c[s]) + qbits(b->c[t]), max_bits) != GDT_OK)
                    return GDT_ERANGE;
                if (!(d->live >> k & 1)) {
                    mpq_mul(d->c[k], a->c[s], b->c[t]);
                    d->live |= (uint32_t)1 << k;
                } else {
                    mpq_mul(tmp, a->c[s], b->c[t]);
                    if ((st = add_q(d->c[k], d->c[k], tmp, 1, max_bits)) != GDT_OK)
                        return st;
                }
            }
        }
        return GDT_OK;
    case M_DIV:
        if (!(b->live & 1) || mpq_sgn(b->c[0]) == 0)
            return GDT_EDIVZERO;
        poly_zero(d);
        for (t = 0; t < m->nterms; t++)
            if (a->live >> t & 1) {
                if (check_bits(qbits(a->c[t]) + qbits(b->c[0]), max_bits) != GDT_OK)
                    return GDT_ERANGE;
                mpq_div(d->c[t], a->c[t], b->c[0]);
            }
        d->live = a->live;
        return GDT_OK;
    case M_INV:
        if (!(a->live & 1) || mpq_sgn(a->c[0]) == 0)
            return GDT_EDIVZERO;
        poly_zero(d);
        mpq_inv(d->c[0], a->c[0]);
        d->live = 1;
        return GDT_OK;
    }
    return GDT_EVALUE;
}

/* Add V, the value of row ROW, to the pairwise sum in partial sums S (see
   pairwise_add in program.c: the same binary counter, in GMP). */
static gdt_status
pairwise_add(mpq_t *s, mpq_srcptr v, size_t row, size_t max_bits)
{
    mpq_srcptr cur = v;
    gdt_status st;
    size_t j;

    for (j = 0; (row >> j) & 1; j++) {
        if ((st = add_q(s[j], s[j], cur, 1, max_bits)) != GDT_OK)
            return st;
        cur = s[j];
    }
    mpq_set(s[j], cur);
    return GDT_OK;
}

gdt_status
gdt_moments_sum(mpq_t *sums, const gdt_moments *m, const mpq_t *cells, size_t nrows,
                size_t ncols, size_t max_bits, gdt_cancel *stop)
{
    size_t levels = 0, i, j, t, row, nr = m->ninsns;
    poly *r;
    mpq_t *part, tmp, zero;
    const poly *body;
    gdt_status st = GDT_OK;

    while (levels < sizeof nrows * 8 && (nrows >> levels) != 0)
        levels++;
    if (nrows == 0)
        return GDT_EVALUE;
    r = malloc(nr * sizeof *r);
    part = malloc(m->nterms * levels * sizeof *part);
    if (r == NULL || part == NULL) {
        free(r);
        free(part);
        return GDT_ENOMEM;
    }
    for (i = 0; i < nr; i++) {
        for (t = 0; t < GDT_MOMENTS_MAX_TERMS; t++)
            mpq_init(r[i].c[t]);
        r[i].live = 0;
    }
    for (i = 0; i < m->nterms * levels; i++)
        mpq_init(part[i]);
    mpq_init(tmp);
    mpq_init(zero);
    body = &r[m->result];
    for (row = 0; row < nrows && st == GDT_OK; row++) {
        if (gdt_cancelled(stop)) {
            st = GDT_EINTERRUPTED;
            break;
        }
        for (i = 0; i < nr && st == GDT_OK; i++)
            st = run(m, i, r, cells + row * ncols, tmp, max_bits);
        for (t = 0; t < m->nterms && st == GDT_OK; t++)
            st = pairwise_add(part + t * levels, body->live >> t & 1 ? body->c[t] : zero, row,
                              max_bits);
    }
    /* each total: its blocks, the earliest rows first */
    for (t = 0; t < m->nterms && st == GDT_OK; t++) {
        j = levels - 1;
        mpq_set(sums[t], part[t * levels + j]);
        while (st == GDT_OK && j-- > 0)
            if ((nrows >> j) & 1)
                st = add_q(sums[t], sums[t], part[t * levels + j], 1, max_bits);
    }
    mpq_clear(tmp);
    mpq_clear(zero);
    for (i = 0; i < m->nterms * levels; i++)
        mpq_clear(part[i]);
    for (i = 0; i < nr; i++)
        for (t = 0; t < GDT_MOMENTS_MAX_TERMS; t++)
            mpq_clear(r[i].c[t]);
    free(part);
    free(r);
    return st;
}
