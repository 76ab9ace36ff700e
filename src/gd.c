/* gd -- the stepper: the notes' gradient-descent loop in any number domain */
#include <stdint.h>
#include "gdtrace/gd.h"

const char *
gdt_stop_str(gdt_stop stop)
{
    switch (stop) {
    case GDT_STOP_NONE: return "running";
    case GDT_STOP_GRAD_ZERO: return "grad-zero";
    case GDT_STOP_MAX_ITER: return "max-iter";
    case GDT_STOP_ERROR: return "error";
    }
    return "unknown";
}

/* The parameter's register (one parameter in this version). */
static gdt_val *
param_reg(const gdt_stepper *s)
{
    return &s->regs[s->prog->nconsts];
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

/* GDT_EDOMAIN when PROG divides (or takes a negative power) and DOM has no
   division, as the integer modes have none. */
static gdt_status
check_division(const gdt_program *prog, gdt_domain *dom, gdt_val *a, gdt_error *err)
{
    size_t i;

    if (dom->ops->div(a, a, a, dom) != GDT_EDOMAIN)
        return GDT_OK;
    for (i = 0; i < prog->ninsns; i++) {
        const gdt_insn *in = &prog->insns[i];
        if (in->op == GDT_OP_DIV || (in->op == GDT_OP_POW && in->n < 0))
            return gdt_error_set(err, GDT_EDOMAIN, SIZE_MAX,
                                 "mode %s has no division, and the %s %s",
                                 dom->name, in->in_grad ? "gradient" : "loss",
                                 in->op == GDT_OP_DIV ? "divides" : "has a negative power");
    }
    return GDT_OK;
}

gdt_status
gdt_stepper_init(gdt_stepper *s, const gdt_program *prog, gdt_domain *dom,
                 const mpq_t lr, const mpq_t w0, unsigned long max_iter,
                 gdt_update update, gdt_error *err)
{
    gdt_status st;
    size_t i;

    s->prog = prog;
    s->dom = dom;
    s->regs = NULL;
    s->k = 0;
    s->max_iter = max_iter;
    s->update = update;
    s->stop = GDT_STOP_NONE;
    s->evaluated = 0;
    s->ready = 0;
    if (update == GDT_UPDATE_FMA && dom->ops->fms == NULL)
        return gdt_error_set(err, GDT_EDOMAIN, SIZE_MAX,
                             "mode %s has no fused multiply-add", dom->name);
    dom->ops->init(&s->lr, dom);
    dom->ops->init(&s->tmp, dom);
    s->ready = 1;
    /* the constants first, one by one, to name one that does not fit */
    for (i = 0; i < prog->nconsts; i++) {
        st = dom->ops->set_q(&s->tmp, prog->consts[i], dom);
        if (st != GDT_OK)
            return value_error(err, st, "the constant", prog->consts[i], dom);
    }
    if ((st = dom->ops->set_q(&s->lr, lr, dom)) != GDT_OK)
        return value_error(err, st, "lr", lr, dom);
    if ((st = dom->ops->set_q(&s->tmp, w0, dom)) != GDT_OK)
        return value_error(err, st, "w0", w0, dom);
    if ((st = check_division(prog, dom, &s->tmp, err)) != GDT_OK)
        return st;
    st = gdt_program_regs_new(&s->regs, prog, dom);
    if (st != GDT_OK)
        return gdt_error_set(err, st, SIZE_MAX, "%s", gdt_status_str(st));
    st = dom->ops->set_q(param_reg(s), w0, dom);
    return st == GDT_OK ? GDT_OK : value_error(err, st, "w0", w0, dom);
}

void
gdt_stepper_clear(gdt_stepper *s)
{
    if (s == NULL)
        return;
    if (s->regs != NULL)
        gdt_program_regs_free(s->regs, s->prog, s->dom);
    s->regs = NULL;
    if (s->ready) {
        s->dom->ops->clear(&s->lr, s->dom);
        s->dom->ops->clear(&s->tmp, s->dom);
        s->ready = 0;
    }
}

const gdt_val *
gdt_stepper_w(const gdt_stepper *s)
{
    return param_reg(s);
}

const gdt_val *
gdt_stepper_loss(const gdt_stepper *s)
{
    return &s->regs[s->prog->loss_reg];
}

const gdt_val *
gdt_stepper_grad(const gdt_stepper *s)
{
    return &s->regs[s->prog->grad_reg[0]];
}

gdt_status
gdt_stepper_eval(gdt_stepper *s, gdt_error *err)
{
    gdt_domain *d = s->dom;
    size_t failed = SIZE_MAX;
    gdt_status st;

    st = gdt_program_eval(s->prog, s->regs, d, &failed);
    if (st != GDT_OK) {
        gdt_buf w;
        gdt_numfmt f = { GDT_DIGITS_EXACT, 0, 0 };
        const char *what = "the loss";

        s->stop = GDT_STOP_ERROR;
        s->evaluated = 0;
        if (failed < s->prog->ninsns && s->prog->insns[failed].in_grad)
            what = "the gradient";
        gdt_buf_init(&w);
        if (d->ops->get_str(&w, param_reg(s), &f, d) != GDT_OK)
            gdt_buf_clear(&w);
        gdt_error_set(err, st, SIZE_MAX, "step %lu: %s evaluating %s at w = %s",
                      s->k, gdt_status_str(st), what, w.s ? w.s : "?");
        gdt_buf_clear(&w);
        return st;
    }
    s->evaluated = 1;
    if (d->ops->is_zero(gdt_stepper_grad(s), d))
        s->stop = GDT_STOP_GRAD_ZERO;
    else if (s->k == s->max_iter)
        s->stop = GDT_STOP_MAX_ITER;
    return GDT_OK;
}

gdt_status
gdt_stepper_update(gdt_stepper *s, gdt_error *err)
{
    gdt_domain *d = s->dom;
    gdt_val *w = param_reg(s);
    const gdt_val *g = gdt_stepper_grad(s);
    gdt_status st;

    if (!s->evaluated || s->stop != GDT_STOP_NONE)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "step %lu: update without a completed evaluation", s->k);
    if (s->update == GDT_UPDATE_FMA) {
        st = d->ops->fms(&s->tmp, w, &s->lr, g, d);
        if (st == GDT_OK)
            st = d->ops->set(w, &s->tmp, d);
    } else {
        st = d->ops->mul(&s->tmp, &s->lr, g, d);
        if (st == GDT_OK)
            st = d->ops->sub(w, w, &s->tmp, d);
    }
    if (st != GDT_OK) {
        s->stop = GDT_STOP_ERROR;
        return gdt_error_set(err, st, SIZE_MAX, "step %lu: %s in the update",
                             s->k + 1, gdt_status_str(st));
    }
    s->k++;
    s->evaluated = 0;
    return GDT_OK;
}
