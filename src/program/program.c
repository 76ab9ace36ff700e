/* program -- lower expression trees to a register tape and run it */
#include <stdint.h>
#include <stdlib.h>
#include <gmp.h>
#include "gdtrace/program.h"
#include "gdtrace/sr.h"
#include "base/vec.h"
#include "expr/expr_impl.h"
#include "program/moments.h"

/* The state of one lowering. */
typedef struct lower_ctx {
    gdt_program *p;
    size_t next_const; /* the next constant register to fill */
    size_t next_tmp;   /* the next temporary register to write */
    int in_grad;       /* lowering a gradient tree */
    size_t grad;       /* which */
    /* aggregates already lowered: their node and result register */
    const gdt_expr **memo_node;
    size_t *memo_reg;
    size_t nmemo;
} lower_ctx;

/* Add to *NCONSTS the constants of E and to *NOPS its insns.  The walkers
   here take chains along their spine in a loop (gdt_expr_spine), so that
   they recurse as deep as E is nested, not as long as its sums are. */
static void
count_nodes(const gdt_expr *e, size_t *nconsts, size_t *nops)
{
    for (; e != NULL; e = e->a) {
        switch (e->kind) {
        case GDT_EXPR_NUM:
        case GDT_EXPR_CONST:
            ++*nconsts;
            break;
        case GDT_EXPR_VAR:
        case GDT_EXPR_COL:
            break;
        case GDT_EXPR_AGG:
            *nops += 2;                  /* ROWS and AGG */
            *nconsts += e->fn == GDT_AGG_MEAN; /* the number of rows */
            break;
        default:
            ++*nops;
            break;
        }
        count_nodes(e->b, nconsts, nops);
        count_nodes(e->c, nconsts, nops);
        count_nodes(e->d, nconsts, nops);
    }
}

/* A new insn OP for node E, writing a fresh temporary. */
static gdt_insn *
emit(lower_ctx *c, gdt_opcode op, const gdt_expr *e)
{
    gdt_insn *in = &c->p->insns[c->p->ninsns++];

    in->op = op;
    in->dst = c->next_tmp++;
    in->a = in->b = in->c = in->d = 0;
    in->tie = GDT_TIE_NONE;
    in->n = 0;
    in->pos = e->pos;
    in->in_grad = c->in_grad;
    in->grad = c->grad;
    in->loss_only = 0;
    return in;
}

static gdt_status lower(lower_ctx *c, const gdt_expr *e, size_t *reg);

/* Lower the aggregates inside E that are not inside another aggregate of
   E, left before right: they run before the loop of the aggregate E
   belongs to. */
static gdt_status
hoist(lower_ctx *c, const gdt_expr *e)
{
    gdt_expr_spine sp;
    size_t reg, i;
    gdt_status st = GDT_OK;

    if (e == NULL)
        return GDT_OK;
    if (e->kind == GDT_EXPR_AGG)
        return lower(c, e, &reg);
    if (gdt_expr_is_binary(e->kind)) {
        if ((st = gdt_expr_spine_init(&sp, e)) != GDT_OK)
            return st;
        st = hoist(c, sp.node[0]->a);
        for (i = 0; i < sp.n && st == GDT_OK; i++)
            st = hoist(c, sp.node[i]->b);
        gdt_expr_spine_clear(&sp);
        return st;
    }
    if ((st = hoist(c, e->a)) == GDT_OK && (st = hoist(c, e->b)) == GDT_OK
        && (st = hoist(c, e->c)) == GDT_OK)
        st = hoist(c, e->d);
    return st;
}

/* mean(u) or sum(u): a loop over the rows. */
static gdt_status
lower_agg(lower_ctx *c, const gdt_expr *e, size_t *reg)
{
    gdt_program *p = c->p;
    size_t i, rows, body;
    gdt_insn *in;
    gdt_status st;

    for (i = 0; i < c->nmemo; i++)
        if (c->memo_node[i] == e) {
            *reg = c->memo_reg[i];
            return GDT_OK;
        }
    if ((st = hoist(c, e->a)) != GDT_OK)
        return st;
    rows = p->ninsns;
    in = emit(c, GDT_OP_ROWS, e);
    if ((st = gdt_moments_plan(&p->moments[p->nmoments], e->a, p->nparams)) != GDT_OK)
        return st;
    if (p->moments[p->nmoments] != NULL)
        in->n = (long)++p->nmoments;
    if ((st = lower(c, e->a, &body)) != GDT_OK)
        return st;
    in = emit(c, GDT_OP_AGG, e);
    in->a = body;
    in->b = rows;
    if (e->fn == GDT_AGG_MEAN) {
        in->n = 1;
        in->c = c->next_const++;
        mpq_set_ui(p->consts[in->c], (unsigned long)p->nrows, 1);
    }
    p->insns[rows].b = p->ninsns - 1;
    c->memo_node[c->nmemo] = e;
    c->memo_reg[c->nmemo++] = in->dst;
    *reg = in->dst;
    return GDT_OK;
}

/* The chain E (a binary operator) along its spine: the first operand,
   then for each link its right operand and its insn, in the order the
   recursion would emit them. */
static gdt_status
lower_chain(lower_ctx *c, const gdt_expr *e, size_t *reg)
{
    gdt_expr_spine sp;
    gdt_insn *in;
    size_t left, right, i;
    gdt_status st;

    if ((st = gdt_expr_spine_init(&sp, e)) != GDT_OK)
        return st;
    st = lower(c, sp.node[0]->a, &left);
    for (i = 0; i < sp.n && st == GDT_OK; i++) {
        const gdt_expr *x = sp.node[i];

        if ((st = lower(c, x->b, &right)) != GDT_OK)
            break;
        in = emit(c, x->kind == GDT_EXPR_ADD   ? GDT_OP_ADD
                     : x->kind == GDT_EXPR_SUB ? GDT_OP_SUB
                     : x->kind == GDT_EXPR_MUL ? GDT_OP_MUL
                                               : GDT_OP_DIV,
                  x);
        in->a = left;
        in->b = right;
        left = in->dst;
    }
    gdt_expr_spine_clear(&sp);
    if (st == GDT_OK)
        *reg = left;
    return st;
}

/* Emit the insns computing E, operands first and left before right, and
   store in *REG the register that holds E.  Recursion as deep as E is
   nested: chains go to lower_chain. */
static gdt_status
lower(lower_ctx *c, const gdt_expr *e, size_t *reg)
{
    gdt_program *p = c->p;
    gdt_insn *in;
    size_t r[4] = { 0, 0, 0, 0 };
    const gdt_expr *ops[4] = { e->a, e->b, e->c, e->d };
    gdt_status st;
    int i;

    switch (e->kind) {
    case GDT_EXPR_NUM:
        *reg = c->next_const++;
        mpq_set(p->consts[*reg], e->q);
        return GDT_OK;
    case GDT_EXPR_CONST:
        *reg = c->next_const++;
        p->named[*reg] = (signed char)e->fn;
        return GDT_OK;
    case GDT_EXPR_VAR:
        if (e->var < 0 || (size_t)e->var >= p->nparams)
            return GDT_EVALUE; /* a tree from another names table */
        *reg = p->nconsts + (size_t)e->var;
        return GDT_OK;
    case GDT_EXPR_COL:
        if (e->var < 0 || (size_t)e->var >= p->ncols)
            return GDT_EVALUE;
        *reg = p->nconsts + p->nparams + (size_t)e->var;
        return GDT_OK;
    case GDT_EXPR_AGG:
        return lower_agg(c, e, reg);
    case GDT_EXPR_ADD:
    case GDT_EXPR_SUB:
    case GDT_EXPR_MUL:
    case GDT_EXPR_DIV:
        return lower_chain(c, e, reg);
    default:
        break;
    }
    /* now a negation, a power, a function or a select */
    for (i = 0; i < 4; i++)
        if (ops[i] != NULL && (st = lower(c, ops[i], &r[i])) != GDT_OK)
            return st;
    switch (e->kind) {
    case GDT_EXPR_NEG: in = emit(c, GDT_OP_NEG, e); break;
    case GDT_EXPR_POW: in = emit(c, GDT_OP_POW, e); in->n = e->n; break;
    case GDT_EXPR_CALL: in = emit(c, GDT_OP_FUNC, e); in->n = e->fn; break;
    default:
        in = emit(c, GDT_OP_SELECT, e);
        in->n = e->fn;
        in->tie = (int)e->n;
        break;
    }
    in->a = r[0];
    in->b = r[1];
    in->c = r[2];
    in->d = r[3];
    *reg = in->dst;
    return GDT_OK;
}

/* Mark the insns of P that no partial depends on (loss_only): walking
   back from the last insn, an insn is needed when a partial's register or
   a needed insn's operand is its result.  Every insn writes its own
   register after its operands are written, so one pass finds them all; a
   loop's ROWS goes with its AGG, which comes later. */
static gdt_status
mark_loss_only(gdt_program *p)
{
    unsigned char *need = calloc(p->nregs + 1, 1);
    size_t i;

    if (need == NULL)
        return GDT_ENOMEM;
    for (i = 0; i < p->nparams; i++)
        need[p->grad_reg[i]] = 1;
    for (i = p->ninsns; i-- > 0;) {
        gdt_insn *in = &p->insns[i];

        if (in->op == GDT_OP_ROWS) {
            in->loss_only = p->insns[in->b].loss_only;
            continue;
        }
        in->loss_only = !need[in->dst];
        if (in->loss_only)
            continue;
        need[in->a] = 1;
        switch (in->op) {
        case GDT_OP_ADD: case GDT_OP_SUB: case GDT_OP_MUL: case GDT_OP_DIV:
            need[in->b] = 1;
            break;
        case GDT_OP_FUNC:
            if (gdt_func_arity((gdt_func)in->n) == 2)
                need[in->b] = 1;
            break;
        case GDT_OP_SELECT:
            need[in->b] = need[in->c] = need[in->d] = 1;
            break;
        case GDT_OP_AGG:
            if (in->n)
                need[in->c] = 1;
            break;
        default:
            break;
        }
    }
    free(need);
    return GDT_OK;
}

/* Zero P so that gdt_program_clear can run on it whatever happens next. */
static void
program_zero(gdt_program *p)
{
    p->nconsts = p->nparams = p->nregs = p->ninsns = 0;
    p->ncols = p->nrows = 0;
    p->cells = NULL;
    p->neg0_cells = NULL;
    p->nneg0_cells = 0;
    p->consts = NULL;
    p->named = NULL;
    p->insns = NULL;
    p->loss_reg = 0;
    p->grad_reg = NULL;
    p->moments = NULL;
    p->nmoments = 0;
}

gdt_status
gdt_program_init(gdt_program *p, const gdt_expr *loss, gdt_expr *const *grad,
                 size_t nparams)
{
    return gdt_program_init_data(p, loss, grad, nparams, 0, 0, NULL);
}

gdt_status
gdt_program_init_data(gdt_program *p, const gdt_expr *loss, gdt_expr *const *grad,
                      size_t nparams, size_t ncols, size_t nrows, const mpq_t *cells)
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
        || nconsts > SIZE_MAX - nparams - nops - ncols)
        return GDT_ENOMEM;
    c.memo_node = malloc((nops + 1) * sizeof *c.memo_node);
    c.memo_reg = malloc((nops + 1) * sizeof *c.memo_reg);
    c.nmemo = 0;
    /* one more of each so that malloc never sees 0 */
    p->consts = malloc((nconsts + 1) * sizeof *p->consts);
    p->named = malloc(nconsts + 1);
    p->insns = malloc((nops + 1) * sizeof *p->insns);
    p->grad_reg = malloc((nparams + 1) * sizeof *p->grad_reg);
    p->moments = calloc(nops + 1, sizeof *p->moments);
    if (p->consts == NULL || p->named == NULL || p->insns == NULL || p->grad_reg == NULL || p->moments == NULL
        || c.memo_node == NULL || c.memo_reg == NULL) {
        st = GDT_ENOMEM;
        goto out_clear;
    }
    for (i = 0; i < nconsts; i++) {
        mpq_init(p->consts[i]);
        p->named[i] = -1;
    }
    p->nconsts = nconsts;
    p->nparams = nparams;
    p->ncols = ncols;
    p->nrows = nrows;
    p->cells = cells;
    p->nregs = nconsts + nparams + ncols + nops;

    c.p = p;
    c.next_const = 0;
    c.next_tmp = nconsts + nparams + ncols;
    c.in_grad = 0;
    c.grad = 0;
    if ((st = lower(&c, loss, &p->loss_reg)) != GDT_OK)
        goto out_clear;
    c.in_grad = 1;
    for (i = 0; i < nparams; i++) {
        c.grad = i;
        if ((st = lower(&c, grad[i], &p->grad_reg[i])) != GDT_OK)
            goto out_clear;
    }
    if ((st = mark_loss_only(p)) != GDT_OK)
        goto out_clear;
    /* aggregates met again (the same node) reuse their result: fewer
       constants and insns than counted is fine */
    free(c.memo_node);
    free(c.memo_reg);
    return GDT_OK;

out_clear:
    free(c.memo_node);
    free(c.memo_reg);
    gdt_program_clear(p);
    return st;
}

gdt_status
gdt_program_init_hessian_row(gdt_program *row, const gdt_problem *p, const gdt_program *prog,
                             size_t i, gdt_error *err)
{
    size_t n = p->n, j;
    gdt_expr **e;
    gdt_status st = GDT_OK;

    program_zero(row);
    if ((e = calloc(n + 1, sizeof *e)) == NULL)
        return GDT_ENOMEM;
    for (j = 0; j < n && st == GDT_OK; j++)
        st = gdt_expr_derive_kinks(&e[j], p->grad[i], (int)j, p->kinks, err);
    if (st == GDT_OK) {
        st = gdt_program_init_data(row, p->grad[i], e, n, prog->ncols, prog->nrows,
                                   prog->cells);
        row->neg0_cells = prog->neg0_cells;
        row->nneg0_cells = prog->nneg0_cells;
    }
    for (j = 0; j < n; j++)
        gdt_expr_free(e[j]);
    free(e);
    return st;
}

void
gdt_program_clear(gdt_program *p)
{
    size_t i;

    if (p == NULL)
        return;
    gdt_qvec_free(p->consts, p->nconsts);
    free(p->named);
    free(p->insns);
    free(p->grad_reg);
    for (i = 0; i < p->nmoments; i++)
        gdt_moments_free(p->moments[i]);
    free(p->moments);
    program_zero(p);
}

/* The number of bits of N: 0 for 0, 1 for 1, 17 for 100,000. */
static size_t
bit_length(size_t n)
{
    size_t b = 0;

    for (; n != 0; n >>= 1)
        b++;
    return b;
}

/* The partial sums of an aggregate's pairwise summation in an exact
   domain D (see pairwise_add): one per bit of the number of rows, none in
   a rounded domain, which adds the rows one by one in their order. */
static size_t
npartial(const gdt_program *p, const gdt_domain *d)
{
    return d->ops->exact ? bit_length(p->nrows) : 0;
}

/* The values of the planned aggregates (moments.h) in an exact domain D:
   for each plan a flag, 1 when its sums are set (0 when summing them
   failed, and the loop runs instead), and the sums of its terms; then two
   values of scratch.  None in a rounded domain. */
static size_t
nmoment_values(const gdt_program *p, const gdt_domain *d)
{
    size_t n = 2, k;

    if (!d->ops->exact || p->nmoments == 0)
        return 0;
    for (k = 0; k < p->nmoments; k++)
        n += 1 + gdt_moments_nterms(p->moments[k]);
    return n;
}

/* The number of values gdt_program_regs_new allocates: the registers, the
   data set's cells, the partial sums, then the moments. */
static size_t
nvalues(const gdt_program *p, const gdt_domain *d)
{
    return p->nregs + p->nrows * p->ncols + npartial(p, d) + nmoment_values(p, d);
}

/* The first partial sum in REGS. */
static gdt_val *
partials(const gdt_program *p, gdt_val *regs)
{
    return &regs[p->nregs + p->nrows * p->ncols];
}

/* The flag of plan K in REGS, followed by its sums (exact domain D). */
static gdt_val *
plan_values(const gdt_program *p, gdt_val *regs, const gdt_domain *d, size_t k)
{
    gdt_val *v = partials(p, regs) + npartial(p, d);
    size_t j;

    for (j = 0; j < k; j++)
        v += 1 + gdt_moments_nterms(p->moments[j]);
    return v;
}

/* Set the sums of plan K in REGS (exact domain D), and its flag: 0 when
   summing failed (a divisor 0 at some row, a sum beyond --max-bits, a stop
   asked for), so that the loop runs and says so at its step, as it does
   without a plan.  Only GDT_ENOMEM and the domain's own failures are
   returned. */
static gdt_status
set_moments(const gdt_program *p, gdt_val *regs, gdt_domain *d, size_t k)
{
    const gdt_moments *m = p->moments[k];
    size_t n = gdt_moments_nterms(m), t;
    gdt_val *v = plan_values(p, regs, d, k);
    mpq_t *sums = malloc(n * sizeof *sums), flag;
    gdt_status st;
    int ok;

    if (sums == NULL)
        return GDT_ENOMEM;
    for (t = 0; t < n; t++)
        mpq_init(sums[t]);
    st = gdt_moments_sum(sums, m, p->cells, p->nrows, p->ncols, d->max_bits, d->stop);
    for (t = 0; t < n && st == GDT_OK; t++)
        st = d->ops->set_q(&v[1 + t], sums[t], d);
    ok = st == GDT_OK;
    if (st == GDT_EDIVZERO || st == GDT_ERANGE || st == GDT_EINTERRUPTED)
        st = GDT_OK;
    mpq_init(flag);
    mpq_set_ui(flag, (unsigned long)ok, 1);
    if (st == GDT_OK)
        st = d->ops->set_q(&v[0], flag, d);
    mpq_clear(flag);
    for (t = 0; t < n; t++)
        mpq_clear(sums[t]);
    free(sums);
    return st;
}

gdt_status
gdt_program_set_const(gdt_val *r, const gdt_program *p, size_t i, gdt_domain *d)
{
    if (p->named[i] >= 0)
        return gdt_domain_set_const(r, (gdt_const)p->named[i], d);
    return d->ops->set_q(r, p->consts[i], d);
}

gdt_status
gdt_program_regs_new(gdt_val **regs, const gdt_program *p, gdt_domain *d)
{
    gdt_val *r;
    size_t i, n;
    gdt_status st;

    *regs = NULL;
    if (p->ncols != 0
        && p->nrows > (SIZE_MAX / sizeof *r - p->nregs - npartial(p, d)
                       - nmoment_values(p, d) - 1) / p->ncols)
        return GDT_ENOMEM;
    n = nvalues(p, d);
    r = malloc((n + 1) * sizeof *r);
    if (r == NULL)
        return GDT_ENOMEM;
    for (i = 0; i < n; i++)
        d->ops->init(&r[i], d);
    for (i = 0; i < p->nconsts; i++) {
        st = gdt_program_set_const(&r[i], p, i, d);
        if (st != GDT_OK)
            goto fail;
    }
    for (i = 0; i < p->nrows * p->ncols; i++) {
        st = d->ops->set_q(&r[p->nregs + i], p->cells[i], d);
        if (st != GDT_OK)
            goto fail;
    }
    for (i = 0; i < p->nneg0_cells; i++) {
        gdt_val *c = &r[p->nregs + p->neg0_cells[i]];
        if (p->neg0_cells[i] >= p->nrows * p->ncols)
            continue;
        st = d->ops->neg(c, c, d);
        if (st != GDT_OK)
            goto fail;
    }
    for (i = 0; i < p->nmoments && d->ops->exact && p->nrows > 0; i++)
        if ((st = set_moments(p, r, d, i)) != GDT_OK)
            goto fail;
    *regs = r;
    return GDT_OK;
fail:
    gdt_program_regs_free(r, p, d);
    return st;
}

void
gdt_program_regs_free(gdt_val *regs, const gdt_program *p, gdt_domain *d)
{
    size_t i, n = nvalues(p, d);

    if (regs == NULL)
        return;
    for (i = 0; i < n; i++)
        d->ops->clear(&regs[i], d);
    free(regs);
}

/* Copy data row ROW into the column registers. */
static gdt_status
load_row(const gdt_program *p, gdt_val *regs, size_t row, gdt_domain *d)
{
    size_t j, col = p->nconsts + p->nparams, cell = p->nregs + row * p->ncols;
    gdt_status st = GDT_OK;

    for (j = 0; j < p->ncols && st == GDT_OK; j++)
        st = d->ops->set(&regs[col + j], &regs[cell + j], d);
    return st;
}

/* Add V, the value of row ROW (counting from 0), to the pairwise sum of an
   exact domain.  The rows before it are held in blocks of 2^j rows, one
   in partial sum S[j] for each bit j set in ROW, the earliest rows in the
   highest block (a binary counter).  V merges with the blocks of bits 0,
   1, ... set in ROW into the block of the first bit clear, so that every
   addition adds two sums of as many rows: a sum of N fractions grows one
   common denominator in log N rounds of a few large additions, not N
   rounds of one ever larger addition (mean(x) over 100,000 rows k/(k+1):
   0.3 s instead of 2).  The order of the additions changes, the exact
   value cannot; each addition is bounded by --max-bits (GDT_ERANGE) like
   every other. */
static gdt_status
pairwise_add(gdt_val *s, const gdt_val *v, size_t row, gdt_domain *d)
{
    const gdt_val *cur = v;
    gdt_status st;
    size_t j;

    for (j = 0; (row >> j) & 1; j++) {
        if ((st = d->ops->add(&s[j], &s[j], cur, d)) != GDT_OK)
            return st;
        cur = &s[j];
    }
    return d->ops->set(&s[j], cur, d);
}

/* R = the pairwise sum of all NROWS rows: its blocks, earliest first. */
static gdt_status
pairwise_total(gdt_val *r, gdt_val *s, size_t nrows, gdt_domain *d)
{
    gdt_status st = GDT_OK;
    size_t j = bit_length(nrows);

    st = d->ops->set(r, &s[--j], d);
    while (st == GDT_OK && j-- > 0)
        if ((nrows >> j) & 1)
            st = d->ops->add(r, r, &s[j], d);
    return st;
}

/* The value of the aggregate whose loop starts at insn ROWS, from its
   plan's sums (exact domain D, the plan's flag set): the sum over its
   terms of the term's sum times its powers of the parameters, in r[dst]
   of its AGG insn, divided by the number of rows for a mean as the AGG
   insn divides. */
static gdt_status
eval_moments(const gdt_program *p, const gdt_insn *rows, gdt_val *regs, gdt_domain *d)
{
    const gdt_insn *agg = &p->insns[rows->b];
    const gdt_moments *m = p->moments[rows->n - 1];
    const gdt_domain_ops *ops = d->ops;
    gdt_val *v = plan_values(p, regs, d, (size_t)rows->n - 1);
    gdt_val *t = partials(p, regs) + npartial(p, d) + nmoment_values(p, d) - 2, *u = t + 1;
    gdt_val *r = &regs[agg->dst];
    size_t k, i, n = gdt_moments_nterms(m);
    unsigned long e;
    gdt_status st = GDT_OK;

    for (k = 0; k < n && st == GDT_OK; k++) {
        st = ops->set(t, &v[1 + k], d);
        for (i = 0; i < p->nparams && st == GDT_OK; i++)
            if ((e = gdt_moments_exp(m, k, i)) != 0) {
                st = ops->pow_si(u, &regs[p->nconsts + i], (long)e, d);
                if (st == GDT_OK)
                    st = ops->mul(t, t, u, d);
            }
        if (st == GDT_OK)
            st = k == 0 ? ops->set(r, t, d) : ops->add(r, r, t, d);
    }
    if (st == GDT_OK && agg->n)
        st = ops->div(r, r, &regs[agg->c], d);
    return st;
}

/* r[dst] of a select: see GDT_OP_SELECT. */
static gdt_status
select(const gdt_insn *in, gdt_val *regs, gdt_domain *d)
{
    const gdt_domain_ops *ops = gdt_sr_ops_for(d);
    gdt_val *r = &regs[in->dst], half;
    gdt_status st;
    mpq_t q;

    switch (ops->cmp(&regs[in->a], &regs[in->b], d)) {
    case -1:
        return ops->set(r, &regs[in->c], d);
    case 1:
        return ops->set(r, &regs[in->d], d);
    case 0:
        if (in->tie == GDT_TIE_LOW || ops->cmp(&regs[in->c], &regs[in->d], d) == 0)
            return ops->set(r, &regs[in->c], d);
        if (in->tie != GDT_TIE_MEAN)
            return GDT_EDOMAIN;
        /* (c + d)/2: the sum rounded once, its half exact above the
           subnormals; an integer mode has no half */
        if (!ops->has_div)
            return GDT_EDOMAIN;
        if ((st = ops->add(r, &regs[in->c], &regs[in->d], d)) != GDT_OK)
            return st;
        ops->init(&half, d);
        mpq_init(q);
        mpq_set_ui(q, 1, 2);
        if ((st = ops->set_q(&half, q, d)) == GDT_OK)
            st = ops->mul(r, r, &half, d);
        mpq_clear(q);
        ops->clear(&half, d);
        return st;
    case GDT_CMP_UNKNOWN: /* balls that overlap: which branch is not known */
        return GDT_EUNDECIDED;
    default: /* unordered: a nan, which the sum carries on */
        return ops->add(r, &regs[in->a], &regs[in->b], d);
    }
}

gdt_status
gdt_program_eval(const gdt_program *p, gdt_val *regs, gdt_domain *d,
                 size_t *failed)
{
    return gdt_program_eval_part(p, regs, d, GDT_EVAL_ALL, failed);
}

/* The insns of PART, inside the domain's bracket (gdt_domain_enter) that
   gdt_program_eval_part opens around them. */
static gdt_status
eval_insns(const gdt_program *p, gdt_val *regs, gdt_domain *d,
           gdt_eval_part part, size_t *failed)
{
    /* --sr all: every rounding stochastic, at the counter of insn I and
       data row ROW, so that the bits do not depend on the part evaluated */
    const gdt_domain_ops *ops = gdt_sr_ops_for(d);
    const gdt_insn *in;
    size_t i, row = 0;
    gdt_status st = GDT_OK;

    for (i = 0; i < p->ninsns; i++) {
        in = &p->insns[i];
        if (part != GDT_EVAL_ALL && in->loss_only != (part == GDT_EVAL_LOSS))
            continue;
        if (d->sr != NULL)
            gdt_sr_at(d->sr, (uint32_t)i, (uint32_t)row);
        switch (in->op) {
        case GDT_OP_NEG: st = ops->neg(&regs[in->dst], &regs[in->a], d); break;
        case GDT_OP_ADD: st = ops->add(&regs[in->dst], &regs[in->a], &regs[in->b], d); break;
        case GDT_OP_SUB: st = ops->sub(&regs[in->dst], &regs[in->a], &regs[in->b], d); break;
        case GDT_OP_MUL: st = ops->mul(&regs[in->dst], &regs[in->a], &regs[in->b], d); break;
        case GDT_OP_DIV: st = ops->div(&regs[in->dst], &regs[in->a], &regs[in->b], d); break;
        case GDT_OP_POW:
            st = ops->pow_si(&regs[in->dst], &regs[in->a], in->n, d);
            break;
        case GDT_OP_FUNC:
            st = ops->func(&regs[in->dst], (gdt_func)in->n, &regs[in->a], &regs[in->b], d);
            break;
        case GDT_OP_SELECT:
            st = select(in, regs, d);
            break;
        case GDT_OP_ROWS:
            if (in->n > 0 && ops->exact && p->nrows > 0
                && !ops->is_zero(plan_values(p, regs, d, (size_t)in->n - 1), d)) {
                st = eval_moments(p, in, regs, d);
                i = in->b; /* the loop's AGG insn, done */
                break;
            }
            row = 0;
            st = p->nrows == 0 ? GDT_EVALUE : load_row(p, regs, 0, d);
            break;
        case GDT_OP_AGG:
            if (gdt_cancelled(d->stop)) { /* a stop was asked for: do not finish a long sum */
                st = GDT_EINTERRUPTED;
                break;
            }
            if (ops->exact)
                st = pairwise_add(partials(p, regs), &regs[in->a], row, d);
            else
                st = row == 0 ? ops->set(&regs[in->dst], &regs[in->a], d)
                              : ops->add(&regs[in->dst], &regs[in->dst], &regs[in->a], d);
            if (st != GDT_OK)
                break;
            if (++row < p->nrows) {
                st = load_row(p, regs, row, d);
                i = in->b; /* back to the insn after the loop's ROWS */
                break;
            }
            if (ops->exact)
                st = pairwise_total(&regs[in->dst], partials(p, regs), p->nrows, d);
            if (st == GDT_OK && in->n)
                st = ops->div(&regs[in->dst], &regs[in->dst], &regs[in->c], d);
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

gdt_status
gdt_program_eval_part(const gdt_program *p, gdt_val *regs, gdt_domain *d,
                      gdt_eval_part part, size_t *failed)
{
    gdt_status st;

    gdt_domain_enter(d);
    st = eval_insns(p, regs, d, part, failed);
    gdt_domain_leave(d);
    return st;
}
