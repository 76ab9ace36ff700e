/* gd -- the stepper: the notes' gradient-descent loop in any number domain */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/gd.h"
#include "gdtrace/sr.h"
#include "run/burst.h"
#include "run/decpath.h"
#include "run/optim.h"
#include "run/recipe.h"

const char *
gdt_stop_str(gdt_stop stop)
{
    switch (stop) {
    case GDT_STOP_NONE: return "running";
    case GDT_STOP_GRAD_ZERO: return "grad-zero";
    case GDT_STOP_MAX_ITER: return "max-iter";
    case GDT_STOP_CYCLE: return "cycle";
    case GDT_STOP_AT: return "at";
    case GDT_STOP_SIZE_LIMIT: return "size-limit";
    case GDT_STOP_INTERRUPTED: return "interrupted";
    case GDT_STOP_ERROR: return "error";
    case GDT_STOP_STALL: return "stall";
    case GDT_STOP_NONFINITE: return "nonfinite";
    case GDT_STOP_PRECISION_LIMIT: return "precision-limit";
    case GDT_STOP_CONTRACTING: return "contracting";
    }
    return "unknown";
}

/* Parameter I's register. */
static gdt_val *
param_reg(const gdt_stepper *s, size_t i)
{
    return &s->regs[s->prog->nconsts + i];
}

/* Why DOM cannot hold the exact value Q (named WHAT): a message in ERR. */
static gdt_status
value_error(gdt_error *err, gdt_status st, const char *what, const mpq_t q,
            const gdt_domain *dom)
{
    gdt_buf b;
    const char *why = st == GDT_ERANGE ? "is out of the range of" : "is not a value of";

    gdt_buf_init(&b);
    if (gdt_q_get_str(&b, q) != GDT_OK)
        gdt_buf_clear(&b);
    gdt_error_set(err, st, SIZE_MAX, "%s %s %s mode %s", what, b.s ? b.s : "?", why,
                  dom->name);
    gdt_buf_clear(&b);
    return st;
}

/* GDT_EDOMAIN when PROG needs an operation DOM does not have at all, as
   its method table declares: a division (or a negative power, or a mean)
   where DOM has no division, as the integer modes have none, or a function
   DOM has not (exp in an integer mode).  A function DOM has only at some
   values (log in the exact mode, which is rational at 1 only) is left to
   the evaluation, which names the value and the step where it fails. */
static gdt_status
check_ops(const gdt_program *prog, const gdt_domain *dom, gdt_error *err)
{
    size_t i;

    for (i = 0; i < prog->ninsns; i++) {
        const gdt_insn *in = &prog->insns[i];
        const char *what = in->in_grad ? "gradient" : "loss";

        if (!dom->ops->has_div && (in->op == GDT_OP_DIV || (in->op == GDT_OP_POW && in->n < 0)
                                   || (in->op == GDT_OP_AGG && in->n)))
            return gdt_error_set(err, GDT_EDOMAIN, SIZE_MAX,
                                 "mode %s has no division, and the %s %s", dom->name, what,
                                 in->op == GDT_OP_DIV ? "divides"
                                 : in->op == GDT_OP_AGG ? "takes a mean"
                                                        : "has a negative power");
        if (in->op == GDT_OP_FUNC && !(dom->ops->funcs & GDT_FUNC_BIT(in->n)))
            return gdt_error_set(err, GDT_EDOMAIN, SIZE_MAX,
                                 "mode %s has no %s, and the %s calls it", dom->name,
                                 gdt_func_name((gdt_func)in->n), what);
    }
    return GDT_OK;
}

/* 1 when register R of PROG (a constant) is read by the gradient's insns
   only, never the loss's: a constant the derivation brought in. */
static int
grad_only(const gdt_program *prog, size_t r)
{
    size_t i;

    for (i = 0; i < prog->ninsns; i++) {
        const gdt_insn *in = &prog->insns[i];

        int two = in->op == GDT_OP_ADD || in->op == GDT_OP_SUB || in->op == GDT_OP_MUL
                  || in->op == GDT_OP_DIV || in->op == GDT_OP_SELECT
                  || (in->op == GDT_OP_FUNC && gdt_func_arity((gdt_func)in->n) == 2);

        if (in->in_grad || in->op == GDT_OP_ROWS)
            continue;
        if (in->a == r || (two && in->b == r)
            || (in->op == GDT_OP_SELECT && (in->c == r || in->d == r))
            || (in->op == GDT_OP_AGG && in->n && in->c == r))
            return 0;
    }
    return prog->loss_reg != r;
}

static size_t state_n(const gdt_stepper *s);
static gdt_domain *state_dom(const gdt_stepper *s);

/* S with nothing set up, for gdt_stepper_clear: every field but PROG
   and DOM 0 or NULL (GDT_STOP_NONE, GDT_PRINT_STEP, no stop rule). */
static void
blank(gdt_stepper *s, const gdt_program *prog, gdt_domain *dom)
{
    *s = (gdt_stepper){ .prog = prog, .dom = dom };
}

/* Each constant of PROG set in DOM's TMP, one by one, to name one that
   DOM cannot hold: GDT_OK, or the status with the message in ERR. */
gdt_status
gdt_stepper_check_consts(const gdt_program *prog, gdt_val *tmp, gdt_domain *dom, gdt_error *err)
{
    gdt_status st;
    size_t i;

    for (i = 0; i < prog->nconsts; i++) {
        st = gdt_program_set_const(tmp, prog, i, dom);
        if (st != GDT_OK && prog->named[i] >= 0 && grad_only(prog, i))
            return gdt_error_set(err, st, SIZE_MAX,
                                 "the gradient has the constant %s (erf(u)' = "
                                 "2*exp(-u^2)/sqrt(pi)*u'), which %s mode %s",
                                 gdt_const_name((gdt_const)prog->named[i]),
                                 st == GDT_EINEXACT ? "is irrational, and no value of"
                                                    : "is not a value of",
                                 dom->name);
        if (st != GDT_OK && prog->named[i] >= 0)
            return gdt_error_set(err, st, SIZE_MAX, "the constant %s %s mode %s",
                                 gdt_const_name((gdt_const)prog->named[i]),
                                 st == GDT_EINEXACT ? "is irrational, and no value of"
                                                    : "is not a value of",
                                 dom->name);
        if (st != GDT_OK)
            return value_error(err, st, "the constant", prog->consts[i], dom);
    }
    return GDT_OK;
}

gdt_status
gdt_stepper_init(gdt_stepper *s, const gdt_program *prog, gdt_domain *dom,
                 const mpq_t lr, const mpq_t *w0, unsigned long max_iter,
                 gdt_update update, gdt_error *err)
{
    gdt_status st;
    size_t i;

    blank(s, prog, dom);
    s->max_iter = max_iter;
    s->stop_on_zero = 1;
    s->stall_start = -1;
    s->power = 1;
    s->update = update;
    /* from here on gdt_stepper_clear releases what is set up */
    s->lr_q = malloc(2 * (prog->nparams + 1) * sizeof *s->lr_q);
    if (s->lr_q == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    s->w0_q = s->lr_q + prog->nparams + 1; /* one allocation */
    for (i = 0; i < prog->nparams; i++) {
        mpq_init(s->lr_q[i]);
        mpq_set(s->lr_q[i], lr);
        mpq_init(s->w0_q[i]);
        mpq_set(s->w0_q[i], w0[i]);
    }
    if (update == GDT_UPDATE_FMA && dom->ops->fms == NULL)
        return gdt_error_set(err, GDT_EDOMAIN, SIZE_MAX,
                             "mode %s has no fused multiply-add", dom->name);
    if (update == GDT_UPDATE_KAHAN && (st = gdt_recipe_kahan(s, err)) != GDT_OK)
        return st;
    s->next = malloc(2 * (prog->nparams + 1) * sizeof *s->next);
    if (s->next == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    s->lr = s->next + prog->nparams + 1; /* one allocation */
    dom->ops->init(&s->tmp, dom);
    for (i = 0; i < prog->nparams; i++) {
        dom->ops->init(&s->lr[i], dom);
        dom->ops->init(&s->next[i], dom);
    }
    s->ready = 1;
    if ((st = gdt_stepper_check_consts(prog, &s->tmp, dom, err)) != GDT_OK)
        return st;
    for (i = 0; i < prog->nrows * prog->ncols; i++) {
        st = dom->ops->set_q(&s->tmp, prog->cells[i], dom);
        if (st != GDT_OK)
            return value_error(err, st, "the data cell", prog->cells[i], dom);
    }
    for (i = 0; i < prog->nparams; i++)
        if ((st = dom->ops->set_q(&s->lr[i], lr, dom)) != GDT_OK)
            return value_error(err, st, "lr", lr, dom);
    for (i = 0; i < prog->nparams; i++)
        if ((st = dom->ops->set_q(&s->tmp, w0[i], dom)) != GDT_OK)
            return value_error(err, st, "w0", w0[i], dom);
    if ((st = check_ops(prog, dom, err)) != GDT_OK)
        return st;
    st = gdt_program_regs_new(&s->regs, prog, dom);
    if (st != GDT_OK)
        return gdt_error_set(err, st, SIZE_MAX, "%s", gdt_status_str(st));
    for (i = 0; i < prog->nparams; i++)
        if ((st = dom->ops->set_q(param_reg(s, i), w0[i], dom)) != GDT_OK)
            return value_error(err, st, "w0", w0[i], dom);
    return GDT_OK;
}

gdt_status
gdt_stepper_set_sr(gdt_stepper *s, int mode, uint64_t seed, uint64_t point, gdt_error *err)
{
    gdt_status st;

    if (mode == GDT_SR_NONE)
        return GDT_OK;
    if (s->recipe != NULL) /* the option reader refuses it first (gdt_recipe_clash) */
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "--sr: %s",
                             s->recipe->has_master
                                 ? "stochastic rounding and master weights do not combine"
                                 : "stochastic rounding and kahan do not combine");
    if (s->sr == NULL && (s->sr = calloc(1, sizeof *s->sr)) == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    gdt_sr_clear(s->sr);
    st = gdt_sr_init(s->sr, (gdt_sr_mode)mode, seed, s->dom);
    if (st != GDT_OK) {
        free(s->sr);
        s->sr = NULL;
        return gdt_error_set(err, st, SIZE_MAX,
                             st == GDT_EDOMAIN ? "mode %s cannot round stochastically"
                                               : "mode %s: stochastic rounding not set up",
                             s->dom->name);
    }
    s->sr->point = point;
    s->sr->ninsns = s->prog->ninsns;
    return GDT_OK;
}

void
gdt_stepper_clear(gdt_stepper *s)
{
    size_t i;

    if (s == NULL)
        return;
    gdt_decpath_free(s);
    gdt_sr_clear(s->sr);
    free(s->sr);
    s->sr = NULL;
    gdt_burst_free(s->burst);
    s->burst = NULL;
    if (s->regs != NULL)
        gdt_program_regs_free(s->regs, s->prog, s->dom);
    s->regs = NULL;
    if (s->ready) {
        s->dom->ops->clear(&s->tmp, s->dom);
        for (i = 0; i < s->prog->nparams; i++) {
            s->dom->ops->clear(&s->lr[i], s->dom);
            s->dom->ops->clear(&s->next[i], s->dom);
        }
        s->ready = 0;
    }
    if (s->saved != NULL) {
        for (i = 0; i < state_n(s); i++)
            state_dom(s)->ops->clear(&s->saved[i], state_dom(s));
        free(s->saved);
        s->saved = NULL;
    }
    if (s->prev != NULL) {
        for (i = 0; i < state_n(s); i++)
            state_dom(s)->ops->clear(&s->prev[i], state_dom(s));
        free(s->prev);
        s->prev = NULL;
    }
    if (s->win != NULL) {
        for (i = 0; i < GDT_CYCLE_WINDOW * state_n(s); i++)
            state_dom(s)->ops->clear(&s->win[i], state_dom(s));
        free(s->win);
        s->win = NULL;
    }
    free(s->win_k);
    s->win_k = NULL;
    free(s->win_x);
    s->win_x = NULL;
    gdt_recipe_free(s->recipe);
    s->recipe = NULL;
    gdt_optim_free(s->optim);
    s->optim = NULL;
    if (s->lr_q != NULL) {
        for (i = 0; i < s->prog->nparams; i++) {
            mpq_clear(s->lr_q[i]);
            mpq_clear(s->w0_q[i]);
        }
        free(s->lr_q);
        s->lr_q = s->w0_q = NULL;
    }
    free(s->next);
    s->next = s->lr = NULL;
    free(s->lr_neg0);
    s->lr_neg0 = NULL;
    free(s->w0_neg0);
    s->w0_neg0 = NULL;
}

gdt_status
gdt_stepper_neg_zero(gdt_stepper *s, int lr_neg0, const unsigned char *neg0)
{
    gdt_domain *d = s->dom;
    size_t i, n = s->prog->nparams;
    gdt_status st = GDT_OK;

    for (i = 0; lr_neg0 && i < n && st == GDT_OK; i++) {
        if (mpq_sgn(s->lr_q[i]) != 0)
            continue;
        if (s->lr_neg0 == NULL && (s->lr_neg0 = calloc(n, 1)) == NULL)
            return GDT_ENOMEM;
        s->lr_neg0[i] = 1;
        st = d->ops->neg(&s->lr[i], &s->lr[i], d);
    }
    for (i = 0; neg0 != NULL && i < n && st == GDT_OK; i++) {
        if (!neg0[i] || mpq_sgn(s->w0_q[i]) != 0)
            continue;
        if (s->w0_neg0 == NULL && (s->w0_neg0 = calloc(n, 1)) == NULL)
            return GDT_ENOMEM;
        s->w0_neg0[i] = 1;
        st = d->ops->neg(param_reg(s, i), param_reg(s, i), d);
    }
    return st;
}

gdt_status
gdt_stepper_set_lr(gdt_stepper *s, size_t i, const mpq_t lr, int neg0, gdt_error *err)
{
    gdt_domain *d = s->dom;
    size_t n = s->prog->nparams;
    gdt_status st;
    char what[128];

    if (i >= n || !s->ready)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "no parameter %zu to give an lr", i);
    if ((st = d->ops->set_q(&s->lr[i], lr, d)) != GDT_OK) {
        if (s->names != NULL)
            snprintf(what, sizeof what, "lr_%s", s->names[i]);
        else
            snprintf(what, sizeof what, "lr of parameter %zu", i);
        return value_error(err, st, what, lr, d);
    }
    mpq_set(s->lr_q[i], lr);
    neg0 = neg0 && mpq_sgn(lr) == 0;
    if (neg0 && s->lr_neg0 == NULL && (s->lr_neg0 = calloc(n, 1)) == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    if (s->lr_neg0 != NULL)
        s->lr_neg0[i] = (unsigned char)neg0;
    if (neg0 && (st = d->ops->neg(&s->lr[i], &s->lr[i], d)) != GDT_OK)
        return gdt_error_set(err, st, SIZE_MAX, "%s", gdt_status_str(st));
    return GDT_OK;
}

int
gdt_stepper_lr_same(const gdt_stepper *s)
{
    size_t i;

    for (i = 1; i < s->prog->nparams; i++)
        if (!mpq_equal(s->lr_q[i], s->lr_q[0])
            || (s->lr_neg0 != NULL && s->lr_neg0[i] != s->lr_neg0[0]))
            return 0;
    return 1;
}

/* On the decimal path the registers are set from its limbs when read. */
const gdt_val *
gdt_stepper_param(const gdt_stepper *s, size_t i)
{
    if (s->dec != NULL)
        gdt_decpath_sync(s, 1);
    return param_reg(s, i);
}

const gdt_val *
gdt_stepper_partial(const gdt_stepper *s, size_t i)
{
    if (s->dec != NULL)
        gdt_decpath_sync(s, 2);
    return &s->regs[s->prog->grad_reg[i]];
}

const gdt_val *
gdt_stepper_w(const gdt_stepper *s)
{
    return gdt_stepper_param(s, 0);
}

const gdt_val *
gdt_stepper_loss(const gdt_stepper *s)
{
    if (s->dec != NULL)
        gdt_decpath_sync(s, 2);
    return &s->regs[s->prog->loss_reg];
}

const gdt_val *
gdt_stepper_grad(const gdt_stepper *s)
{
    return gdt_stepper_partial(s, 0);
}

gdt_status
gdt_stepper_get_str(gdt_buf *out, const gdt_stepper *s, gdt_value_kind which, size_t i,
                    const gdt_numfmt *f)
{
    const gdt_val *v;
    gdt_status st;
    int done = 0;

    if (s->dec != NULL && (st = gdt_decpath_get_str(out, s, which, i, f, &done)) != GDT_OK)
        return st;
    if (done)
        return GDT_OK;
    v = which == GDT_VALUE_PARAM     ? gdt_stepper_param(s, i)
        : which == GDT_VALUE_PARTIAL ? gdt_stepper_partial(s, i)
                                     : gdt_stepper_loss(s);
    return s->dom->ops->get_str(out, v, f, s->dom);
}

/* The message for an evaluation that failed at insn FAILED with ST. */
static gdt_status
eval_error(gdt_stepper *s, gdt_status st, size_t failed, gdt_error *err)
{
    const gdt_program *p = s->prog;
    const gdt_insn *in = failed < p->ninsns ? &p->insns[failed] : NULL;
    gdt_domain *d = s->dom;
    gdt_numfmt f = { GDT_DIGITS_EXACT, 0, 0 };
    gdt_buf where, what, at;
    size_t i;
    gdt_status pst = GDT_OK;

    gdt_buf_init(&where);
    gdt_buf_init(&what);
    gdt_buf_init(&at);
    if (in != NULL && in->in_grad && p->nparams == 1)
        pst = gdt_buf_puts(&where, "the gradient");
    else if (in != NULL && in->in_grad)
        pst = gdt_buf_printf(&where, "the gradient with respect to %s",
                             s->names != NULL ? s->names[in->grad] : "?");
    else
        pst = gdt_buf_puts(&where, "the loss");
    /* what failed, with the value it failed on */
    if (pst == GDT_OK && in != NULL && in->op == GDT_OP_FUNC) {
        pst = gdt_buf_printf(&what, "%s(", gdt_func_name((gdt_func)in->n));
        if (pst == GDT_OK)
            pst = d->ops->get_str(&what, &s->regs[in->a], &f, d);
        if (pst == GDT_OK && gdt_func_arity((gdt_func)in->n) == 2) {
            pst = gdt_buf_puts(&what, ", ");
            if (pst == GDT_OK)
                pst = d->ops->get_str(&what, &s->regs[in->b], &f, d);
        }
        if (pst == GDT_OK)
            pst = gdt_buf_printf(&what, ") has %s",
                                 st == GDT_EINEXACT ? "no exact value"
                                 : st == GDT_EDOMAIN ? "no real value" : gdt_status_str(st));
    } else if (pst == GDT_OK && in != NULL && in->op == GDT_OP_SELECT) {
        pst = gdt_buf_printf(&what, in->n == GDT_FN_ABS || in->n == GDT_FN_RELU
                                        ? "the derivative of %s has no value at 0"
                                        : "the derivative of %s has no value where its "
                                          "arguments are equal",
                             gdt_func_name((gdt_func)in->n));
    } else if (pst == GDT_OK) {
        pst = gdt_buf_puts(&what, gdt_status_str(st));
    }
    for (i = 0; pst == GDT_OK && i < p->nparams; i++) {
        if (p->nparams == 1)
            pst = gdt_buf_puts(&at, "w = ");
        else
            pst = gdt_buf_printf(&at, "%s%s = ", i ? ", " : "", s->names ? s->names[i] : "?");
        if (pst == GDT_OK)
            pst = d->ops->get_str(&at, param_reg(s, i), &f, d);
    }
    if (pst == GDT_OK)
        gdt_error_set(err, st, SIZE_MAX, "step %lu: %s, evaluating %s at %s%s", s->k, what.s,
                      where.s, at.s,
                      st == GDT_EINEXACT ? " (the exact mode holds rationals only: try --mode mpfr)"
                      : in != NULL && in->op == GDT_OP_SELECT && in->tie == GDT_TIE_NONE
                          ? " (--kinks torch takes PyTorch's value there)"
                          : "");
    else
        gdt_error_set(err, st, SIZE_MAX, "step %lu: %s", s->k, gdt_status_str(st));
    gdt_buf_clear(&where);
    gdt_buf_clear(&what);
    gdt_buf_clear(&at);
    return st;
}

/* The state stall and cycle compare: with an optimizer the parameters,
   then its state values (gdt_optim_state_val); else the recipe's
   (gdt_recipe_state: the parameters, or the master copies, then the
   compensation terms). */
static size_t
state_n(const gdt_stepper *s)
{
    if (s->optim != NULL)
        return s->prog->nparams + gdt_optim_state_n(s);
    return gdt_recipe_state_n(s);
}

static gdt_domain *
state_dom(const gdt_stepper *s)
{
    return s->optim != NULL ? s->dom : gdt_recipe_state_dom(s);
}

static const gdt_val *
state_at(const gdt_stepper *s, size_t j)
{
    if (s->optim != NULL)
        return j < s->prog->nparams ? param_reg(s, j)
                                    : gdt_optim_state_val(s, j - s->prog->nparams);
    return gdt_recipe_state(s, j);
}

/* 1 when every value of S's state (its parameters; with a recipe, the
   master copies and compensation terms: gdt_recipe_state) holds the
   same value (bits) as VALS[]. */
static int
same_state(const gdt_stepper *s, const gdt_val *vals, const long *x)
{
    gdt_domain *d = state_dom(s);
    size_t i;

    if (x != NULL && !gdt_recipe_same_x(s, x))
        return 0;
    for (i = 0; i < state_n(s); i++)
        if (!d->ops->identical(state_at(s, i), &vals[i], d))
            return 0;
    return 1;
}

static gdt_status
save_state(gdt_stepper *s, gdt_error *err)
{
    gdt_domain *d = state_dom(s);
    size_t i;
    gdt_status st = GDT_OK;

    for (i = 0; i < state_n(s) && st == GDT_OK; i++)
        st = d->ops->set(&s->saved[i], state_at(s, i), d);
    if (s->recipe != NULL)
        gdt_recipe_keep_x(s, s->recipe->saved_x);
    s->saved_k = s->k;
    if (st != GDT_OK)
        return gdt_error_set(err, st, SIZE_MAX,
                             "step %lu: %s saving the state for cycle detection", s->k,
                             gdt_status_str(st));
    return GDT_OK;
}

/* One step of a replaying stepper T (evaluate, update). */
static gdt_status
replay_step(gdt_stepper *t, gdt_error *err)
{
    gdt_status st = gdt_stepper_eval(t, err);

    return st == GDT_OK ? gdt_stepper_update(t, err) : st;
}

/* T set up as S was, at step 0: its lr, w0 and negative zeros. */
static gdt_status
replica(gdt_stepper *t, const gdt_stepper *s, gdt_error *err)
{
    size_t i;
    gdt_status st;

    st = gdt_stepper_init(t, s->prog, s->dom, s->lr_q[0], (const mpq_t *)s->w0_q,
                          ULONG_MAX - 1, s->update, err);
    if (st == GDT_OK)
        st = gdt_stepper_neg_zero(t, 0, s->w0_neg0);
    t->names = s->names;
    for (i = 0; st == GDT_OK && i < s->prog->nparams; i++)
        st = gdt_stepper_set_lr(t, i, s->lr_q[i], s->lr_neg0 != NULL && s->lr_neg0[i], err);
    if (st == GDT_OK && s->sr != NULL)
        st = gdt_stepper_set_sr(t, s->sr->mode, s->sr->seed, s->sr->point, err);
    if (st == GDT_OK)
        st = gdt_recipe_copy(t, s, err);
    if (st == GDT_OK)
        st = gdt_optim_copy_to(t, s, err);
    return st;
}

/* The step where the cycle of period P of S begins: the least i with
   w_i = w_{i+P}, found by replaying the run from w_0 with two steppers P
   steps apart. */
static gdt_status
cycle_start(gdt_stepper *s, unsigned long period, unsigned long *start, gdt_error *err)
{
    gdt_stepper t, h;
    unsigned long i;
    gdt_status st;
    int same;

    blank(&h, s->prog, s->dom);
    st = replica(&t, s, err);
    if (st == GDT_OK)
        st = replica(&h, s, err);
    t.stop_on_zero = h.stop_on_zero = 0;
    t.print = h.print = GDT_PRINT_SUMMARY; /* the parameters only, no loss */
    for (i = 0; st == GDT_OK && i < period; i++)
        st = replay_step(&h, err);
    for (i = 0; st == GDT_OK; i++) {
        gdt_domain *sd = state_dom(&t);
        size_t j;
        long x[2];
        gdt_recipe_keep_x(&h, x);
        same = gdt_recipe_same_x(&t, x);
        for (j = 0; j < state_n(&t) && same; j++)
            same = sd->ops->identical(state_at(&t, j), state_at(&h, j), sd);
        if (same && (t.optim == NULL || gdt_optim_settled(&t, i))) {
            *start = i;
            break;
        }
        if ((st = replay_step(&t, err)) == GDT_OK)
            st = replay_step(&h, err);
    }
    gdt_stepper_clear(&t);
    gdt_stepper_clear(&h);
    return st;
}

/* Brent's step of --stop cycle at step S->k, a state saved already: 1
   when the parameters repeat it, bit for bit; else 0, the state saved
   again when S->power steps have passed since (gdt_brent_due), *ST (and
   ERR) saying how that went. */
static int
brent_step(gdt_stepper *s, gdt_status *st, gdt_error *err)
{
    *st = GDT_OK;
    if (same_state(s, s->saved, s->recipe != NULL ? s->recipe->saved_x : NULL))
        return 1;
    if (gdt_brent_due(s, s->k))
        *st = save_state(s, err);
    return 0;
}

int
gdt_stepper_brent(gdt_stepper *s)
{
    gdt_status st;

    return s->saved == NULL || brent_step(s, &st, NULL) || st != GDT_OK;
}

/* The cycle check's window at step S->k >= max_iter - GDT_CYCLE_WINDOW:
   before max_iter the state kept in its slot; at max_iter *PERIOD the
   least p <= GDT_CYCLE_WINDOW with w_k = w_{k-p} (0: none).  Only the
   steps that check_cycle sees are kept (with an optimizer, those after
   its map settled), so a state matched is on a cycle of that map. */
static gdt_status
window_step(gdt_stepper *s, unsigned long *period, gdt_error *err)
{
    gdt_domain *d = state_dom(s);
    size_t i, n = state_n(s), slot;
    unsigned long p;
    gdt_status st = GDT_OK;

    *period = 0;
    if (s->k >= s->max_iter) {
        for (p = 1; s->win != NULL && p <= GDT_CYCLE_WINDOW && p <= s->k; p++) {
            slot = (s->k - p) % GDT_CYCLE_WINDOW;
            if (s->win_k[slot] == s->k - p
                && same_state(s, &s->win[slot * n],
                              s->recipe != NULL ? &s->win_x[2 * slot] : NULL)) {
                *period = p;
                break;
            }
        }
        return GDT_OK;
    }
    if (s->win == NULL) {
        s->win = malloc((GDT_CYCLE_WINDOW * n + 1) * sizeof *s->win);
        s->win_k = malloc(GDT_CYCLE_WINDOW * sizeof *s->win_k);
        s->win_x = malloc(2 * GDT_CYCLE_WINDOW * sizeof *s->win_x);
        if (s->win == NULL || s->win_k == NULL || s->win_x == NULL) {
            free(s->win);
            free(s->win_k);
            free(s->win_x);
            s->win = NULL;
            s->win_k = NULL;
            s->win_x = NULL;
            return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
        }
        for (i = 0; i < GDT_CYCLE_WINDOW * n; i++)
            d->ops->init(&s->win[i], d);
        for (i = 0; i < GDT_CYCLE_WINDOW; i++)
            s->win_k[i] = ULONG_MAX;
    }
    slot = s->k % GDT_CYCLE_WINDOW;
    s->win_k[slot] = ULONG_MAX;
    for (i = 0; i < n && st == GDT_OK; i++)
        st = d->ops->set(&s->win[slot * n + i], state_at(s, i), d);
    if (st != GDT_OK)
        return gdt_error_set(err, st, SIZE_MAX,
                             "step %lu: %s keeping the state for cycle detection", s->k,
                             gdt_status_str(st));
    if (s->recipe != NULL)
        gdt_recipe_keep_x(s, &s->win_x[2 * slot]);
    s->win_k[slot] = s->k;
    return GDT_OK;
}

/* --stop cycle at the current step: Brent's, and in the last
   GDT_CYCLE_WINDOW steps before max_iter the window (window_step). */
static gdt_status
check_cycle(gdt_stepper *s, gdt_error *err)
{
    gdt_status st;
    unsigned long period = 0;
    size_t i;

    if (s->saved == NULL) {
        gdt_domain *d = state_dom(s);
        s->saved = malloc((state_n(s) + 1) * sizeof *s->saved);
        if (s->saved == NULL)
            return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
        for (i = 0; i < state_n(s); i++)
            d->ops->init(&s->saved[i], d);
        s->power = 1;
        st = save_state(s, err);
    } else if (brent_step(s, &st, err)) {
        period = s->k - s->saved_k;
    }
    if (st != GDT_OK)
        return st;
    if (period == 0 && s->k + GDT_CYCLE_WINDOW >= s->max_iter
        && (st = window_step(s, &period, err)) != GDT_OK)
        return st;
    if (period == 0)
        return GDT_OK;
    s->cycle_period = period;
    st = cycle_start(s, s->cycle_period, &s->cycle_start, err);
    if (st != GDT_OK)
        return st;
    s->stop = GDT_STOP_CYCLE;
    return GDT_OK;
}

/* 1 when V is inf or nan. */
static int
not_finite(const gdt_val *v, gdt_domain *d)
{
    return d->ops->is_nan(v, d) || d->ops->is_inf(v, d);
}

int
gdt_stepper_not_finite(const gdt_stepper *s)
{
    size_t i;

    int scaled = s->recipe != NULL && s->recipe->ls.on; /* an inf partial skips */

    for (i = 0; i < s->prog->nparams; i++)
        if (not_finite(gdt_stepper_param(s, i), s->dom)
            || (!scaled && not_finite(gdt_stepper_partial(s, i), s->dom)))
            return 1;
    return s->has_loss && not_finite(gdt_stepper_loss(s), s->dom);
}

/* 1 when w_k is finite and w_{k-1}, bit for bit (the caller knows the
   gradient is not zero): the update rounded away. */
static int
stalled(const gdt_stepper *s)
{
    size_t i;

    if (!s->have_prev || s->prev_k + 1 != s->k)
        return 0;
    for (i = 0; i < s->prog->nparams; i++)
        if (not_finite(gdt_stepper_param(s, i), s->dom))
            return 0;
    return same_state(s, s->prev, s->recipe != NULL ? s->recipe->prev_x : NULL);
}

/* 1 when partial I of S's step is zero: with loss scaling, the unscaled
   one in the master's format (gdt_recipe_zero). */
static int
partial_zero(const gdt_stepper *s, size_t i)
{
    int z = gdt_recipe_zero(s, i);

    return z >= 0 ? z : s->dom->ops->is_zero(gdt_stepper_partial(s, i), s->dom);
}

/* 1 when every partial of S's step is zero. */
static int
grad_zero(const gdt_stepper *s)
{
    size_t i;

    for (i = 0; i < s->prog->nparams; i++)
        if (!partial_zero(s, i))
            return 0;
    return 1;
}

/* Keep w_k as the state before the update, for the stall watch. */
static gdt_status
keep_prev(gdt_stepper *s, gdt_error *err)
{
    size_t i, n = state_n(s);
    gdt_domain *d = state_dom(s);
    gdt_status st = GDT_OK;

    if (s->prev == NULL) {
        if ((s->prev = malloc((n + 1) * sizeof *s->prev)) == NULL)
            return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
        for (i = 0; i < n; i++)
            d->ops->init(&s->prev[i], d);
    }
    if (s->recipe == NULL && s->dec != NULL)
        gdt_decpath_sync(s, 1);
    for (i = 0; i < n && st == GDT_OK; i++)
        st = d->ops->set(&s->prev[i], state_at(s, i), d);
    if (s->recipe != NULL)
        gdt_recipe_keep_x(s, s->recipe->prev_x);
    s->have_prev = st == GDT_OK;
    s->prev_k = s->k;
    if (st != GDT_OK)
        return gdt_error_set(err, st, SIZE_MAX, "step %lu: %s keeping the state for --stop stall",
                             s->k, gdt_status_str(st));
    return GDT_OK;
}

/* 1 when the value FIELD (GDT_FIELD_*) of a step of S is printed: in
   its record, or with SUMMARY in the summary, which has no partials. */
static int
printed(const gdt_stepper *s, size_t field, int summary)
{
    size_t n = s->prog->nparams;

    if (summary && field > n && field < GDT_FIELD_LOSS(n))
        return 0;
    return s->fields == NULL || s->fields[field];
}

/* Can every value of the step that is printed (parameters, partials,
   loss; with SUMMARY the summary's) be printed in S->numfmt within the
   domain's max_bits?  Else the run stops there. */
static gdt_status
check_texts(gdt_stepper *s, int summary, gdt_error *err)
{
    gdt_domain *d = s->dom;
    size_t i, n = s->prog->nparams;
    gdt_status st = GDT_OK;

    if (s->numfmt == NULL || s->numfmt == s->numfmt_fits)
        return GDT_OK;
    if (gdt_domain_str_fits(s->numfmt, d)) { /* for every step of the run */
        s->numfmt_fits = s->numfmt;
        return GDT_OK;
    }
    for (i = 0; i < 2 * n + 1 && (st == GDT_OK || st == GDT_EDOMAIN); i++)
        if (printed(s, 1 + i, summary) && (i < 2 * n || s->has_loss))
            st = gdt_domain_check_str(i < n ? param_reg(s, i)
                                      : i < 2 * n ? gdt_stepper_partial(s, i - n)
                                                  : gdt_stepper_loss(s),
                                      s->numfmt, d);
    if (st == GDT_OK || st == GDT_EDOMAIN) /* EDOMAIN: no such text at all */
        return GDT_OK;
    s->evaluated = 0;
    if (st == GDT_ERANGE) {
        s->stop = GDT_STOP_SIZE_LIMIT;
        return gdt_error_set(err, st, SIZE_MAX,
                             "step %lu: a value would need more than %zu bits of digits "
                             "to be printed (--max-bits)", s->k, d->max_bits);
    }
    if (st == GDT_EINTERRUPTED) {
        s->stop = GDT_STOP_INTERRUPTED;
        return gdt_error_set(err, st, SIZE_MAX, "step %lu: interrupted", s->k);
    }
    s->stop = GDT_STOP_ERROR;
    return gdt_error_set(err, st, SIZE_MAX, "step %lu: %s", s->k, gdt_status_str(st));
}

/* Run the insns PART of the program at w_k; on a failure the run stops
   there, S->stop and ERR saying why. */
static gdt_status
eval_part(gdt_stepper *s, gdt_eval_part part, gdt_error *err)
{
    gdt_domain *d = s->dom;
    size_t failed = SIZE_MAX;
    gdt_status st;

    if (gdt_burst_eval(s, part))
        return GDT_OK;
    st = gdt_program_eval_part(s->prog, s->regs, d, part, &failed);
    if (st == GDT_OK)
        return GDT_OK;
    s->evaluated = 0;
    if (st == GDT_EINTERRUPTED) {
        s->stop = GDT_STOP_INTERRUPTED;
        return gdt_error_set(err, st, SIZE_MAX, "step %lu: interrupted", s->k);
    }
    if (st == GDT_ERANGE && d->max_bits != 0) {
        s->stop = GDT_STOP_SIZE_LIMIT;
        return gdt_error_set(err, st, SIZE_MAX,
                             "step %lu: a value would need more than %zu bits (--max-bits)",
                             s->k, d->max_bits);
    }
    s->stop = GDT_STOP_ERROR;
    return eval_error(s, st, failed, err);
}

/* gdt_stepper_eval, S's generator (if any) in force. */
static gdt_status
stepper_eval(gdt_stepper *s, gdt_error *err)
{
    gdt_domain *d = s->dom;
    size_t i, n = s->prog->nparams;
    gdt_status st;
    int zero = 1;
    /* a step printed only when the run stops at it: the partials first,
       the rest once a stop rule says it is the last */
    int lazy = s->print != GDT_PRINT_STEP && s->k < s->max_iter;
    int summary = s->print == GDT_PRINT_SUMMARY;
    int want_loss = s->fields == NULL || s->fields[GDT_FIELD_LOSS(n)];
    /* --stop nonfinite reads the loss at every step; the exact mode has
       no inf or nan */
    int check_loss = s->stop_on_nonfinite && !d->ops->exact;

    if (s->decimal)
        gdt_decpath_start(s);
    s->has_loss = 0;
    if (s->dec != NULL && gdt_decpath_eval(s, &zero)) {
        /* on the decimal path: it hands the run back before a value comes
           near max_bits, and it gives the loss whenever it is read */
        lazy = 0;
        s->has_loss = want_loss;
    } else {
        int all = (want_loss && !lazy) || check_loss;
        if ((st = gdt_recipe_seed(s)) != GDT_OK) {
            s->stop = GDT_STOP_ERROR;
            return eval_error(s, st, SIZE_MAX, err);
        }
        st = eval_part(s, all ? GDT_EVAL_ALL : GDT_EVAL_GRAD, err);
        if (st != GDT_OK)
            return st;
        if ((st = gdt_recipe_unscale(s)) != GDT_OK) {
            s->stop = GDT_STOP_ERROR;
            return eval_error(s, st, SIZE_MAX, err);
        }
        s->has_loss = all;
        if (!lazy && (st = check_texts(s, summary, err)) != GDT_OK)
            return st;
        s->evaluated = 1;
        for (i = 0; i < n && zero; i++)
            zero = s->stop_on_zero && partial_zero(s, i);
    }
    if (zero && s->stop_on_zero) {
        s->stop = GDT_STOP_GRAD_ZERO;
    } else {
        if (s->stop_on_nonfinite && gdt_stepper_not_finite(s))
            s->stop = GDT_STOP_NONFINITE;
        /* a zero gradient with grad-zero off is no stall either */
        if (s->stop == GDT_STOP_NONE && (s->stop_on_stall || s->watch_stall)
            && !(zero || (!s->stop_on_zero && grad_zero(s))) && stalled(s)
            && (s->optim == NULL || gdt_optim_settled(s, s->k - 1))) {
            if (s->stall_start < 0)
                s->stall_start = (long)s->k - 1;
            if (s->stop_on_stall)
                s->stop = GDT_STOP_STALL;
        }
        /* with an optimizer, once its map no longer changes from step to step */
        if (s->stop == GDT_STOP_NONE && s->detect_cycles
            && (s->optim == NULL || gdt_optim_settled(s, s->k))
            && (st = check_cycle(s, err)) != GDT_OK)
            return st;
        if (s->stop == GDT_STOP_NONE && s->rule != NULL
            && (st = s->rule(s->rule_ctx, s, &s->stop, err)) != GDT_OK)
            return st;
        if (s->stop == GDT_STOP_NONE && s->k >= s->max_iter)
            s->stop = GDT_STOP_MAX_ITER;
    }
    if (!lazy || s->stop == GDT_STOP_NONE)
        return GDT_OK;
    /* the last step after all: what its record or the summary prints */
    if (want_loss && !s->has_loss) {
        if ((st = eval_part(s, GDT_EVAL_LOSS, err)) != GDT_OK)
            return st;
        s->has_loss = 1;
    }
    return check_texts(s, summary, err);
}

/* Point S's domain at S's generator (at step S->k) for an evaluation or
   an update; returns what it pointed at, for unbind. */
static struct gdt_sr *
bind(gdt_stepper *s)
{
    struct gdt_sr *was = s->dom->sr;

    if (s->sr != NULL)
        s->sr->step = s->k;
    s->dom->sr = s->sr;
    return was;
}

gdt_status
gdt_stepper_eval(gdt_stepper *s, gdt_error *err)
{
    struct gdt_sr *was = bind(s);
    gdt_status st = stepper_eval(s, err);

    s->dom->sr = was;
    return st;
}

/* lr_i * g_i (TMP) and the new parameter I (NEXT), with S's stochastic
   rounding: --sr all rounds both, --sr update the last one. */
static gdt_status
update_sr(gdt_stepper *s, size_t i, const gdt_val *w, const gdt_val *g)
{
    gdt_domain *d = s->dom;
    gdt_sr *r = s->sr;
    uint32_t op = (uint32_t)(r->ninsns + 2 * i);
    gdt_status st;

    if (s->update == GDT_UPDATE_FMA) {
        gdt_sr_at(r, op + 1, 0);
        return gdt_sr_round(&s->next[i], GDT_SR_FMS, &s->lr[i], g, w, 0, d);
    }
    gdt_sr_at(r, op, 0);
    st = r->mode == GDT_SR_ALL ? gdt_sr_round(&s->tmp, GDT_SR_MUL, &s->lr[i], g, NULL, 0, d)
                               : d->ops->mul(&s->tmp, &s->lr[i], g, d);
    if (st != GDT_OK)
        return st;
    gdt_sr_at(r, op + 1, 0);
    return gdt_sr_round(&s->next[i], GDT_SR_SUB, w, &s->tmp, NULL, 0, d);
}

static gdt_status stepper_update(gdt_stepper *s, gdt_error *err);

gdt_status
gdt_stepper_update(gdt_stepper *s, gdt_error *err)
{
    struct gdt_sr *was = bind(s);
    gdt_status st = stepper_update(s, err);

    s->dom->sr = was;
    return st;
}

static gdt_status
stepper_update(gdt_stepper *s, gdt_error *err)
{
    gdt_domain *d = s->dom;
    size_t i, n = s->prog->nparams;
    gdt_status st = GDT_OK;

    if ((s->stop_on_stall || s->watch_stall) && s->stop == GDT_STOP_NONE
        && (st = keep_prev(s, err)) != GDT_OK)
        return st;
    if (s->dec != NULL)
        return gdt_decpath_update(s, err);
    if (!s->evaluated || s->stop != GDT_STOP_NONE)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "step %lu: update without a completed evaluation", s->k);
    if (s->recipe != NULL) {
        st = gdt_recipe_update(s);
        goto updated;
    }
    if (s->optim != NULL) {
        st = gdt_optim_update(s);
        goto updated;
    }
    if (gdt_burst_update(s, s->eval_ahead))
        goto done;
    /* every new value from the same point, then all of them in place: a
       partial may be a parameter's own register */
    gdt_domain_enter(d);
    for (i = 0; i < n && st == GDT_OK; i++) {
        const gdt_val *w = param_reg(s, i), *g = gdt_stepper_partial(s, i);
        if (s->sr != NULL) {
            st = update_sr(s, i, w, g);
        } else if (s->update == GDT_UPDATE_FMA) {
            st = d->ops->fms(&s->next[i], w, &s->lr[i], g, d);
        } else {
            st = d->ops->mul(&s->tmp, &s->lr[i], g, d);
            if (st == GDT_OK)
                st = d->ops->sub(&s->next[i], w, &s->tmp, d);
        }
    }
    gdt_domain_leave(d);
    /* the new values take the parameters' place by a swap, not a copy: a
       value of a domain is the bytes of its gdt_val (limbs and all, as
       mpq_swap and mpfr_swap swap them), and NEXT is scratch */
    for (i = 0; i < n && st == GDT_OK; i++) {
        gdt_val t = *param_reg(s, i);
        *param_reg(s, i) = s->next[i];
        s->next[i] = t;
    }
updated:
    if (st == GDT_ERANGE && d->max_bits != 0) {
        s->stop = GDT_STOP_SIZE_LIMIT;
        return gdt_error_set(err, st, SIZE_MAX,
                             "step %lu: a value would need more than %zu bits (--max-bits)",
                             s->k + 1, d->max_bits);
    }
    if (st == GDT_EINTERRUPTED) {   /* the parameters are still w_k */
        s->stop = GDT_STOP_INTERRUPTED;
        return gdt_error_set(err, st, SIZE_MAX, "step %lu: interrupted", s->k + 1);
    }
    if (st != GDT_OK) {
        s->stop = GDT_STOP_ERROR;
        return gdt_error_set(err, st, SIZE_MAX, "step %lu: %s in the update",
                             s->k + 1, gdt_status_str(st));
    }
done:
    s->k++;
    s->evaluated = 0;
    s->has_loss = 0;
    return GDT_OK;
}

void
gdt_stepper_size(const gdt_stepper *s, size_t *digits, double *log10)
{
    gdt_domain *d = s->dom;
    size_t i, n = s->prog->nparams, most = 0, k;
    double best = -INFINITY, v;
    mpfr_t x;

    *digits = 0;
    *log10 = NAN;
    if (strcmp(d->ops->kind, "exact") == 0) {
        if (s->dec != NULL) {
            *digits = gdt_decpath_digits(s);
            return;
        }
        for (i = 0; i < n; i++) {
            const mpq_t *q = &param_reg(s, i)->q;
            k = mpz_sizeinbase(mpq_numref(*q), 10);
            if (mpz_cmp_ui(mpq_denref(*q), 1) != 0)
                k += mpz_sizeinbase(mpq_denref(*q), 10);
            most = k > most ? k : most;
        }
        *digits = most;
        return;
    }
    mpfr_init2(x, 53);
    for (i = 0; i < n; i++) {
        d->ops->get_fr(x, param_reg(s, i), MPFR_RNDN, d);
        if (mpfr_nan_p(x)) {
            best = NAN;
            break;
        }
        mpfr_abs(x, x, MPFR_RNDN);
        mpfr_log10(x, x, MPFR_RNDN);
        v = mpfr_get_d(x, MPFR_RNDN);
        best = v > best ? v : best;
    }
    mpfr_clear(x);
    *log10 = best;
}
