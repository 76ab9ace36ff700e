/* recipe -- mixed-precision recipes of the stepper: master weights and
   Kahan's compensated update */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/decimal.h"
#include "gdtrace/mode.h"
#include "gdtrace/sr.h"
#include "run/recipe.h"

/* Parameter I's register of S (gd.c's param_reg). */
static gdt_val *
param_reg(const gdt_stepper *s, size_t i)
{
    return &s->regs[s->prog->nconsts + i];
}

/* R with nothing set up but its size. */
static gdt_recipe *
recipe_new(gdt_stepper *s)
{
    gdt_recipe *r = calloc(1, sizeof *r);

    if (r == NULL)
        return NULL;
    r->n = s->prog->nparams;
    r->ud = r->sd = s->dom;
    mpfr_init2(r->x, 128);
    mpq_init(r->q);
    s->recipe = r;
    return r;
}

/* An array of N values of D, initialised. */
static gdt_val *
vals_new(size_t n, gdt_domain *d)
{
    gdt_val *v = malloc((n + 1) * sizeof *v);
    size_t i;

    for (i = 0; v != NULL && i < n; i++)
        d->ops->init(&v[i], d);
    return v;
}

static void
vals_free(gdt_val *v, size_t n, gdt_domain *d)
{
    size_t i;

    for (i = 0; v != NULL && i < n; i++)
        d->ops->clear(&v[i], d);
    free(v);
}

gdt_val *
gdt_vals_new(size_t n, gdt_domain *d)
{
    return vals_new(n, d);
}

void
gdt_vals_free(gdt_val *v, size_t n, gdt_domain *d)
{
    vals_free(v, n, d);
}

/* *R = +inf in D (1/0), D's flags left as they were. */
static gdt_status
make_inf(gdt_val *r, gdt_domain *d)
{
    unsigned flags = d->flags;
    gdt_val one;
    gdt_status st;
    mpq_t q;

    d->ops->init(&one, d);
    mpq_init(q);
    mpq_set_ui(q, 1, 1);
    st = d->ops->set_q(&one, q, d);
    mpq_set_ui(q, 0, 1);
    if (st == GDT_OK)
        st = d->ops->set_q(r, q, d);
    if (st == GDT_OK)
        st = d->ops->div(r, &one, r, d);
    mpq_clear(q);
    d->ops->clear(&one, d);
    d->flags = flags;
    return st;
}

/* *R (in RD, whose +inf is INF) = A (in AD) rounded once to RD in its
   rounding direction: a conversion, as torch's .to(dtype) and .float();
   the signs of zeros and infinities kept, a nan a nan. */
static gdt_status
convert(gdt_recipe *rc, gdt_val *r, gdt_domain *rd, const gdt_val *inf, const gdt_val *a,
        gdt_domain *ad)
{
    gdt_status st;
    unsigned flags;

    mpfr_set_prec(rc->x, ad->prec > MPFR_PREC_MIN ? ad->prec : MPFR_PREC_MIN);
    ad->ops->get_fr(rc->x, a, MPFR_RNDN, ad); /* exact: at AD's precision */
    if (mpfr_nan_p(rc->x)) {
        flags = rd->flags; /* a nan converted raises no flag */
        st = rd->ops->sub(r, inf, inf, rd);
        rd->flags = flags;
        return st;
    }
    if (mpfr_inf_p(rc->x))
        st = rd->ops->set(r, inf, rd);
    else if (mpfr_zero_p(rc->x)) {
        mpq_set_ui(rc->q, 0, 1);
        st = rd->ops->set_q(r, rc->q, rd);
    } else {
        mpfr_get_q(rc->q, rc->x);
        return rd->ops->set_q(r, rc->q, rd);
    }
    if (st == GDT_OK && mpfr_signbit(rc->x))
        st = rd->ops->neg(r, r, rd);
    return st;
}

void
gdt_recipe_free(gdt_recipe *r)
{
    if (r == NULL)
        return;
    if (r->ready) {
        vals_free(r->comp, r->comp != NULL ? r->n : 0, r->ud);
        if (r->has_master) {
            gdt_domain *m = &r->mdom;
            vals_free(r->w, r->n, m);
            vals_free(r->lr, r->n, m);
            vals_free(r->next, r->n, m);
            m->ops->clear(&r->g, m);
            m->ops->clear(&r->tmp, m);
            m->ops->clear(&r->y, m);
            m->ops->clear(&r->t, m);
            m->ops->clear(&r->inf_m, m);
            r->sd->ops->clear(&r->inf_d, r->sd);
        }
    }
    if (r->ls.on) {
        gdt_domain *m = &r->mdom;
        vals_free(r->gm, r->n, m);
        m->ops->clear(&r->scale_m, m);
        m->ops->clear(&r->inv_m, m);
        r->sd->ops->clear(&r->seed_d, r->sd);
        free(r->seed_regs);
    }
    if (r->has_master)
        gdt_domain_clear(&r->mdom);
    mpfr_clear(r->x);
    mpq_clear(r->q);
    free(r);
}

/* The compensation terms, zero, in R->ud. */
static gdt_status
comp_new(gdt_recipe *r, gdt_error *err)
{
    size_t i;
    gdt_status st = GDT_OK;

    mpq_set_ui(r->q, 0, 1);
    if ((r->comp = vals_new(r->n, r->ud)) == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    for (i = 0; i < r->n && st == GDT_OK; i++)
        st = r->ud->ops->set_q(&r->comp[i], r->q, r->ud);
    return st == GDT_OK ? GDT_OK : gdt_error_set(err, st, SIZE_MAX, "%s", gdt_status_str(st));
}

/* Why domain D cannot follow a recipe (exact, integers, balls), or NULL. */
static const char *
no_recipe(const gdt_domain *d)
{
    if (d->ops->exact)
        return "never rounds";
    if (strcmp(d->ops->kind, "int") == 0)
        return "has integers, not floats";
    if (d->ops->certified != NULL)
        return "holds balls";
    return NULL;
}

gdt_status
gdt_recipe_kahan(gdt_stepper *s, gdt_error *err)
{
    gdt_recipe *r = s->recipe;
    const char *why = no_recipe(s->dom);

    if (why != NULL)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "--update kahan: mode %s %s: there is no rounding to compensate",
                             s->dom->name, why);
    if (r == NULL && (r = recipe_new(s)) == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    r->ready = 1;
    return r->comp != NULL ? GDT_OK : comp_new(r, err);
}

gdt_status
gdt_stepper_set_master(gdt_stepper *s, const char *master, gdt_error *err)
{
    gdt_domain *d = s->dom, *m;
    const gdt_mode *mm = gdt_mode_find(master);
    const char *why = no_recipe(d);
    gdt_recipe *r;
    gdt_status st;
    size_t i;

    if (why != NULL)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "--master: mode %s %s: master weights are for float modes",
                             d->name, why);
    if (mm == NULL || (mm->cls != GDT_MODE_IEEE && mm->cls != GDT_MODE_NATIVE))
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "--master: '%s' is not an IEEE format (binary16, bfloat16, "
                             "binary32, binary64, binary128, native-float, native-double)",
                             master);
    if (s->recipe != NULL && s->recipe->has_master)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "--master: given twice");
    if (s->sr != NULL) /* the option reader refuses it first (gdt_recipe_clash) */
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "--master: stochastic rounding and master weights do not combine");
    if ((r = s->recipe) == NULL && (r = recipe_new(s)) == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    if (r->comp != NULL) { /* kahan's terms belong in the master format */
        vals_free(r->comp, r->n, r->ud);
        r->comp = NULL;
    }
    snprintf(r->master_name, sizeof r->master_name, "%s", master);
    m = &r->mdom;
    if ((st = gdt_domain_init_mode(m, master, 53, d->rnd)) != GDT_OK)
        return gdt_error_set(err, st, SIZE_MAX, "--master: '%s' cannot be set up", master);
    r->has_master = 1;
    if (m->prec < d->prec || m->emax < d->emax || m->emin > d->emin)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "--master: '%s' has %s than mode %s: a master holds every "
                             "weight of the model", master,
                             m->prec < d->prec ? "fewer significand bits"
                                               : "a smaller exponent range", d->name);
    r->ud = m;
    r->w = vals_new(r->n, m);
    r->lr = vals_new(r->n, m);
    r->next = vals_new(r->n, m);
    m->ops->init(&r->g, m);
    m->ops->init(&r->tmp, m);
    m->ops->init(&r->y, m);
    m->ops->init(&r->t, m);
    m->ops->init(&r->inf_m, m);
    d->ops->init(&r->inf_d, d);
    r->ready = 1;
    if (r->w == NULL || r->lr == NULL || r->next == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    st = make_inf(&r->inf_m, m);
    if (st == GDT_OK)
        st = make_inf(&r->inf_d, d);
    /* lr and w0 from their exact values, rounded once into the master
       format, negative zeros kept; the model's weight from the master */
    for (i = 0; i < r->n && st == GDT_OK; i++) {
        st = m->ops->set_q(&r->lr[i], s->lr_q[i], m);
        if (st == GDT_OK && s->lr_neg0 != NULL && s->lr_neg0[i])
            st = m->ops->neg(&r->lr[i], &r->lr[i], m);
        if (st == GDT_OK)
            st = m->ops->set_q(&r->w[i], s->w0_q[i], m);
        if (st == GDT_OK && s->w0_neg0 != NULL && s->w0_neg0[i])
            st = m->ops->neg(&r->w[i], &r->w[i], m);
        if (st == GDT_OK)
            st = convert(r, param_reg(s, i), d, &r->inf_d, &r->w[i], m);
    }
    if (st == GDT_OK && s->update == GDT_UPDATE_FMA && m->ops->fms == NULL)
        return gdt_error_set(err, GDT_EDOMAIN, SIZE_MAX,
                             "--master: %s has no fused multiply-add", master);
    if (st == GDT_OK && s->update == GDT_UPDATE_KAHAN)
        return comp_new(r, err);
    return st == GDT_OK ? GDT_OK : gdt_error_set(err, st, SIZE_MAX, "--master: %s",
                                                 gdt_status_str(st));
}

/* R's S = 2^E in the master's format and 1/S there (each rounded once:
   exact unless out of its range), and the seed, S rounded once to the
   stepper's domain. */
static gdt_status
ls_set(gdt_recipe *r, long e)
{
    gdt_domain *m = &r->mdom;
    gdt_status st;

    r->ls_exp = e;
    mpq_set_ui(r->q, 1, 1);
    if (e >= 0)
        mpz_mul_2exp(mpq_numref(r->q), mpq_numref(r->q), (mp_bitcnt_t)e);
    else
        mpz_mul_2exp(mpq_denref(r->q), mpq_denref(r->q), (mp_bitcnt_t)-e);
    st = m->ops->set_q(&r->scale_m, r->q, m);
    if (st == GDT_OK)
        st = r->sd->ops->set_q(&r->seed_d, r->q, r->sd);
    mpq_inv(r->q, r->q);
    if (st == GDT_OK)
        st = m->ops->set_q(&r->inv_m, r->q, m);
    return st;
}

/* GradScaler's update after a step of R, SKIPPED or taken: backoff 0.5
   and the tracker to 0 at a skipped step; else the tracker counts it and,
   at the growth interval, S doubles (when 2S is finite in the master's
   format, as torch's _amp_update_scale_) and the tracker starts again.
   A static scale stays. */
static gdt_status
ls_next(gdt_recipe *r, int skipped)
{
    if (!r->ls.dynamic)
        return GDT_OK;
    if (skipped) {
        r->ls_tracker = 0;
        return r->ls_exp > LONG_MIN / 2 ? ls_set(r, r->ls_exp - 1) : GDT_OK;
    }
    if (++r->ls_tracker < r->ls.interval)
        return GDT_OK;
    r->ls_tracker = 0;
    /* values below 2^emax: the largest power of two is 2^(emax - 1) */
    return r->ls_exp + 1 < (long)r->mdom.emax ? ls_set(r, r->ls_exp + 1) : GDT_OK;
}

gdt_status
gdt_stepper_set_loss_scale(gdt_stepper *s, const gdt_loss_scale *ls, gdt_error *err)
{
    gdt_recipe *r = s->recipe;
    gdt_domain *m;
    size_t i, k;

    if (!ls->on)
        return GDT_OK;
    if (r == NULL || !r->has_master)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "--loss-scale: loss scaling needs a master (--master binary32): "
                             "the gradient is unscaled in the master's format");
    if (r->ls.on)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "--loss-scale: given twice");
    if (ls->dynamic && ls->interval == 0)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "--loss-scale: the growth interval must be 1 or more");
    m = &r->mdom;
    r->ls = *ls;
    r->ls_tracker = 0;
    r->ls_skip = 0;
    r->gm = vals_new(r->n, m);
    m->ops->init(&r->scale_m, m);
    m->ops->init(&r->inv_m, m);
    r->sd->ops->init(&r->seed_d, r->sd);
    for (i = 0, r->nseed = 0; i < s->prog->nconsts; i++)
        r->nseed += s->prog->named[i] == GDT_CONST_DLOSS;
    r->seed_regs = malloc((r->nseed + 1) * sizeof *r->seed_regs);
    if (r->gm == NULL || r->seed_regs == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    for (i = 0, k = 0; i < s->prog->nconsts; i++)
        if (s->prog->named[i] == GDT_CONST_DLOSS)
            r->seed_regs[k++] = i;
    if (ls_set(r, ls->init_exp) != GDT_OK)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "--loss-scale: 2^%ld cannot be set up",
                             ls->init_exp);
    return GDT_OK;
}

gdt_status
gdt_recipe_seed(gdt_stepper *s)
{
    gdt_recipe *r = s->recipe;
    gdt_status st = GDT_OK;
    size_t i;

    if (r == NULL || !r->ls.on)
        return GDT_OK;
    for (i = 0; i < r->nseed && st == GDT_OK; i++)
        st = s->dom->ops->set(&s->regs[r->seed_regs[i]], &r->seed_d, s->dom);
    return st;
}

gdt_status
gdt_recipe_unscale(gdt_stepper *s)
{
    gdt_recipe *r = s->recipe;
    gdt_domain *m;
    gdt_status st = GDT_OK;
    size_t i;

    if (r == NULL || !r->ls.on)
        return GDT_OK;
    m = &r->mdom;
    r->ls_skip = 0;
    /* torch's _amp_foreach_non_finite_check_and_unscale_: found_inf from
       the scaled values, each multiplied by inv_scale */
    for (i = 0; i < r->n && st == GDT_OK; i++) {
        st = convert(r, &r->gm[i], m, &r->inf_m, gdt_stepper_partial(s, i), s->dom);
        if (st != GDT_OK)
            break;
        if (m->ops->is_nan(&r->gm[i], m) || m->ops->is_inf(&r->gm[i], m))
            r->ls_skip = 1;
        st = m->ops->mul(&r->gm[i], &r->gm[i], &r->inv_m, m);
    }
    return st;
}

int
gdt_recipe_zero(const gdt_stepper *s, size_t i)
{
    const gdt_recipe *r = s->recipe;

    if (r == NULL || !r->ls.on)
        return -1;
    return !r->ls_skip && r->mdom.ops->is_zero(&r->gm[i], (gdt_domain *)&r->mdom);
}

void
gdt_recipe_keep_x(const gdt_stepper *s, long *x)
{
    const gdt_recipe *r = s->recipe;

    x[0] = r != NULL && r->ls.on ? r->ls_exp : 0;
    x[1] = r != NULL && r->ls.on ? (long)r->ls_tracker : 0;
}

int
gdt_recipe_same_x(const gdt_stepper *s, const long *x)
{
    long y[2];

    gdt_recipe_keep_x(s, y);
    return y[0] == x[0] && y[1] == x[1];
}

const gdt_val *
gdt_stepper_loss_scale(const gdt_stepper *s, int *skipped, long *exp, gdt_domain **dom)
{
    const gdt_recipe *r = s->recipe;

    if (r == NULL || !r->ls.on)
        return NULL;
    *skipped = r->ls_skip;
    if (exp != NULL)
        *exp = r->ls_exp;
    *dom = (gdt_domain *)&r->mdom;
    return &r->scale_m;
}

const gdt_loss_scale *
gdt_stepper_loss_scale_of(const gdt_stepper *s)
{
    return s->recipe != NULL && s->recipe->ls.on ? &s->recipe->ls : NULL;
}

/* NEXT = W - LR*G in D by S's update; Kahan's C updated in place. */
static gdt_status
update_one(gdt_stepper *s, gdt_recipe *r, gdt_domain *d, gdt_val *next,
           const gdt_val *w, const gdt_val *lr, const gdt_val *g, gdt_val *c)
{
    const gdt_domain_ops *o = d->ops;
    gdt_val *tmp = r->has_master ? &r->tmp : &s->tmp;
    gdt_status st;

    switch (s->update) {
    case GDT_UPDATE_FMA:
        return o->fms(next, w, lr, g, d);
    case GDT_UPDATE_SUB:
        st = o->mul(tmp, lr, g, d);
        return st == GDT_OK ? o->sub(next, w, tmp, d) : st;
    case GDT_UPDATE_KAHAN:
        /* y = -(lr*g) - c; t = w + y; c = (t - w) - y; w = t */
        st = o->mul(tmp, lr, g, d);
        if (st == GDT_OK)
            st = o->neg(tmp, tmp, d);
        if (st == GDT_OK)
            st = o->sub(&r->y, tmp, c, d);
        if (st == GDT_OK)
            st = o->add(next, w, &r->y, d);
        if (st == GDT_OK)
            st = o->sub(tmp, next, w, d);
        if (st == GDT_OK)
            st = o->sub(c, tmp, &r->y, d);
        return st;
    }
    return GDT_EVALUE;
}

gdt_status
gdt_recipe_update(gdt_stepper *s)
{
    gdt_recipe *r = s->recipe;
    gdt_domain *d = s->dom, *u = r->ud;
    size_t i, n = r->n;
    gdt_status st = GDT_OK;
    gdt_val *next = r->has_master ? r->next : s->next;

    if (s->update == GDT_UPDATE_KAHAN && u != d && r->comp == NULL)
        return GDT_EVALUE;
    if (r->ls.on && r->ls_skip) /* the step skipped, the scale backed off */
        return ls_next(r, 1);
    /* every new value from the same point, then all of them in place */
    for (i = 0; i < n && st == GDT_OK; i++) {
        const gdt_val *g = gdt_stepper_partial(s, i);
        gdt_val *c = r->comp != NULL ? &r->comp[i] : NULL;
        if (!r->has_master) {
            st = update_one(s, r, d, &next[i], param_reg(s, i), &s->lr[i], g, c);
            continue;
        }
        if (r->ls.on) { /* unscaled already (gdt_recipe_unscale) */
            st = update_one(s, r, u, &next[i], &r->w[i], &r->lr[i], &r->gm[i], c);
            continue;
        }
        st = convert(r, &r->g, u, &r->inf_m, g, d); /* exact: the master holds it */
        if (st == GDT_OK)
            st = update_one(s, r, u, &next[i], &r->w[i], &r->lr[i], &r->g, c);
    }
    for (i = 0; i < n && st == GDT_OK; i++) {
        gdt_val *w = r->has_master ? &r->w[i] : param_reg(s, i), t = *w;
        *w = next[i];
        next[i] = t;
    }
    /* the model's weights: the master rounded once to the mode */
    for (i = 0; r->has_master && i < n && st == GDT_OK; i++)
        st = convert(r, param_reg(s, i), d, &r->inf_d, &r->w[i], u);
    return st == GDT_OK && r->ls.on ? ls_next(r, 0) : st;
}

size_t
gdt_recipe_state_n(const gdt_stepper *s)
{
    const gdt_recipe *r = s->recipe;

    if (r == NULL)
        return s->prog->nparams;
    return r->n * (r->comp != NULL ? 2 : 1);
}

gdt_domain *
gdt_recipe_state_dom(const gdt_stepper *s)
{
    return s->recipe != NULL ? s->recipe->ud : s->dom;
}

const gdt_val *
gdt_recipe_state(const gdt_stepper *s, size_t j)
{
    const gdt_recipe *r = s->recipe;

    if (r == NULL)
        return param_reg(s, j);
    if (j >= r->n)
        return &r->comp[j - r->n];
    return r->has_master ? &r->w[j] : param_reg(s, j);
}

gdt_status
gdt_recipe_copy(gdt_stepper *t, const gdt_stepper *s, gdt_error *err)
{
    gdt_status st;

    if (s->recipe == NULL || !s->recipe->has_master)
        return GDT_OK; /* kahan comes with the update */
    st = gdt_stepper_set_master(t, s->recipe->master_name, err);
    return st == GDT_OK ? gdt_stepper_set_loss_scale(t, &s->recipe->ls, err) : st;
}

const gdt_val *
gdt_stepper_master(const gdt_stepper *s, size_t i, gdt_domain **dom)
{
    const gdt_recipe *r = s->recipe;

    if (r == NULL || !r->has_master || i >= r->n)
        return NULL;
    *dom = (gdt_domain *)&r->mdom;
    return &r->w[i];
}

const gdt_val *
gdt_stepper_comp(const gdt_stepper *s, size_t i, gdt_domain **dom)
{
    const gdt_recipe *r = s->recipe;

    if (r == NULL || r->comp == NULL || i >= r->n)
        return NULL;
    *dom = r->ud;
    return &r->comp[i];
}

const gdt_val *
gdt_stepper_master_lr(const gdt_stepper *s, size_t i, gdt_domain **dom)
{
    const gdt_recipe *r = s->recipe;

    if (r == NULL || !r->has_master || i >= r->n)
        return NULL;
    *dom = (gdt_domain *)&r->mdom;
    return &r->lr[i];
}

/* The recipes a mode of compare's --modes may take, as "+NAME" after it:
   one table that parsing (gdt_recipe_parse, read by the option reader),
   the messages and --help read.  A recipe sets a master format, an update
   of its own, a stochastic rounding or loss scaling. */
static const struct recipe_suffix {
    const char *name;
    const char *master;   /* the master's format, or NULL */
    int kahan;            /* --update kahan */
    int sr;               /* --sr: a gdt_sr_mode, GDT_SR_NONE (0) when none */
    int scale;            /* --loss-scale (compare's, or GradScaler's) */
} suffixes[] = {
    { "master32", "binary32", 0, GDT_SR_NONE, 0 },
    { "master64", "binary64", 0, GDT_SR_NONE, 0 },
    { "master128", "binary128", 0, GDT_SR_NONE, 0 },
    { "kahan", NULL, 1, GDT_SR_NONE, 0 },
    { "sr", NULL, 0, GDT_SR_UPDATE, 0 },
    { "sr-all", NULL, 0, GDT_SR_ALL, 0 },
    { "scale", NULL, 0, GDT_SR_NONE, 1 },
};

#define NSUFFIXES (sizeof suffixes / sizeof suffixes[0])

/* A lane's own optimizer, as "+NAME" after its mode (the same table for
   parsing, the messages and --help); momentum and nesterov take their M
   right after the name, +momentum0.9. */
static const struct optim_suffix {
    const char *name;
    gdt_lane_optim kind;
    int takes_m;
} optim_suffixes[] = {
    { "sgd", GDT_LANE_OPTIM_SGD, 0 },
    { "momentum", GDT_LANE_OPTIM_MOMENTUM, 1 },
    { "nesterov", GDT_LANE_OPTIM_NESTEROV, 1 },
    { "adam", GDT_LANE_OPTIM_ADAM, 0 },
    { "adamw", GDT_LANE_OPTIM_ADAMW, 0 },
};

#define NOPTIM_SUFFIXES (sizeof optim_suffixes / sizeof optim_suffixes[0])

const char *
gdt_lane_optim_name(gdt_lane_optim k)
{
    size_t i;

    for (i = 0; i < NOPTIM_SUFFIXES; i++)
        if (optim_suffixes[i].kind == k)
            return optim_suffixes[i].name;
    return "";
}

/* The optimizer suffix P (N bytes, after its '+') into R: 1 when P names
   one (R->optim and R->optim_m set), 0 when it does not, -1 when its M is
   missing or no number not negative (WHY says which). */
static int
optim_suffix(gdt_recipe_spec *r, const char *p, size_t n, const char **why)
{
    size_t i, len;
    mpq_t q;
    int ok;

    for (i = 0; i < NOPTIM_SUFFIXES; i++) {
        len = strlen(optim_suffixes[i].name);
        if (optim_suffixes[i].takes_m ? n < len || strncmp(optim_suffixes[i].name, p, len) != 0
                                      : n != len || strncmp(optim_suffixes[i].name, p, n) != 0)
            continue;
        if (!optim_suffixes[i].takes_m) {
            r->optim = optim_suffixes[i].kind;
            return 1;
        }
        if (n == len || n - len >= sizeof r->optim_m) {
            *why = n == len ? "needs its M after the name (+momentum0.9)"
                            : "has an M too long";
            return -1;
        }
        memcpy(r->optim_m, p + len, n - len);
        r->optim_m[n - len] = '\0';
        mpq_init(q);
        ok = gdt_q_parse(q, r->optim_m, NULL) == GDT_OK && mpq_sgn(q) >= 0;
        if (ok && optim_suffixes[i].kind == GDT_LANE_OPTIM_NESTEROV && mpq_sgn(q) == 0)
            ok = 0;
        mpq_clear(q);
        if (!ok) {
            *why = optim_suffixes[i].kind == GDT_LANE_OPTIM_NESTEROV
                       ? "needs an M above 0 (a number: +nesterov0.9)"
                       : "needs an M, a number not negative (+momentum0.9)";
            return -1;
        }
        r->optim = optim_suffixes[i].kind;
        return 1;
    }
    return 0;
}

const char *
gdt_recipe_suffixes(char *buf, size_t size)
{
    size_t i, len = 0;

    buf[0] = '\0';
    for (i = 0; i < NSUFFIXES && len + 1 < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s+%s", i ? ", " : "",
                                suffixes[i].name);
    for (i = 0; i < NOPTIM_SUFFIXES && len + 1 < size; i++)
        len += (size_t)snprintf(buf + len, size - len, ", +%s%s", optim_suffixes[i].name,
                                optim_suffixes[i].takes_m ? "M" : "");
    return buf;
}

const char *
gdt_recipe_clash(const gdt_recipe_spec *r, int sr, int master, int kahan)
{
    sr = sr != GDT_SR_NONE || r->sr != GDT_SR_NONE;
    master = master || r->master != NULL;
    kahan = kahan || r->kahan;
    if (sr && master)
        return "stochastic rounding and master weights do not combine (the master's update "
               "is rounded as --round says): take one of them";
    if (sr && kahan)
        return "stochastic rounding and kahan do not combine (kahan's terms compensate "
               "roundings to nearest): take one of them";
    return NULL;
}

gdt_status
gdt_recipe_parse(gdt_recipe_spec *r, const char *spec, gdt_error *err)
{
    const char *p = strchr(spec, '+'), *q, *why;
    size_t len = p != NULL ? (size_t)(p - spec) : strlen(spec), i, n;
    char names[256];

    *r = (gdt_recipe_spec){ .master = NULL };
    if (len == 0 || len >= sizeof r->mode)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "'%s' names no mode before its recipes",
                             spec);
    memcpy(r->mode, spec, len);
    r->mode[len] = '\0';
    for (; p != NULL; p = q) {
        p++;
        q = strchr(p, '+');
        n = q != NULL ? (size_t)(q - p) : strlen(p);
        for (i = 0; i < NSUFFIXES; i++)
            if (strlen(suffixes[i].name) == n && strncmp(suffixes[i].name, p, n) == 0)
                break;
        if (i == NSUFFIXES) {
            gdt_recipe_spec o = { .master = NULL };
            int got = optim_suffix(&o, p, n, &why);
            if (got < 0)
                return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "'%s': +%.*s %s", spec,
                                     (int)n, p, why);
            if (got > 0 && r->optim != GDT_LANE_OPTIM_NONE)
                return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "'%s': one optimizer at most",
                                     spec);
            if (got > 0) {
                r->optim = o.optim;
                memcpy(r->optim_m, o.optim_m, sizeof r->optim_m);
                continue;
            }
        }
        if (i == NSUFFIXES)
            return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "'%s': '+%.*s' is not a recipe or an optimizer (%s)",
                                 spec, (int)n, p, gdt_recipe_suffixes(names, sizeof names));
        if ((suffixes[i].master != NULL && r->master != NULL) || (suffixes[i].kahan && r->kahan)
            || (suffixes[i].sr != GDT_SR_NONE && r->sr != GDT_SR_NONE)
            || (suffixes[i].scale && r->scale))
            return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "'%s': %s",
                                 spec, suffixes[i].kahan ? "kahan is named twice"
                                       : suffixes[i].scale ? "scale is named twice"
                                       : suffixes[i].sr != GDT_SR_NONE
                                           ? "one stochastic rounding at most (+sr or +sr-all)"
                                           : "one master format at most");
        if (suffixes[i].master != NULL)
            r->master = suffixes[i].master;
        r->kahan |= suffixes[i].kahan;
        r->scale |= suffixes[i].scale;
        if (suffixes[i].sr != GDT_SR_NONE)
            r->sr = suffixes[i].sr;
        if ((why = gdt_recipe_clash(r, 0, 0, 0)) != NULL)
            return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "'%s': %s", spec, why);
    }
    if (r->optim != GDT_LANE_OPTIM_NONE
        && (r->master != NULL || r->kahan || r->sr != GDT_SR_NONE))
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "'%s': an optimizer and %s do not combine yet (take one of them)",
                             spec, r->master != NULL ? "master weights"
                                   : r->kahan ? "kahan" : "stochastic rounding");
    if (r->scale && r->master == NULL)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "'%s': loss scaling needs a master (+master32): the scaled "
                             "gradient is unscaled in the master's format", spec);
    return GDT_OK;
}
