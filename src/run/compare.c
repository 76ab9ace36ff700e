/* compare -- the same problem in several modes side by side, step by step,
   each w measured against the reference's */
#include <stdlib.h>
#include <string.h>
#include "gdtrace/compare.h"
#include "gdtrace/mode.h"
#include "gdtrace/optim.h"

long
gdt_correct_digits(const mpq_t x, const mpq_t r)
{
    mpq_t e;
    mpz_t t, p;
    long d;

    mpq_init(e);
    mpz_init(t);
    mpz_init(p);
    /* 1/e = |r| / |x - r|; d = floor(log10(1/e)) = floor(log10(floor(1/e))) */
    mpq_sub(e, x, r);
    mpq_abs(e, e);
    if (mpq_sgn(e) == 0) {
        d = -1;
        goto out;
    }
    mpz_mul(t, mpq_numref(r), mpq_denref(e));
    mpz_abs(t, t);
    mpz_mul(p, mpq_denref(r), mpq_numref(e));
    mpz_fdiv_q(t, t, p);
    if (mpz_sgn(t) == 0) {
        d = 0;
        goto out;
    }
    d = (long)mpz_sizeinbase(t, 10) - 1;
    mpz_ui_pow_ui(p, 10, (unsigned long)d);
    if (mpz_cmp(p, t) > 0)
        d--;
out:
    mpq_clear(e);
    mpz_clear(t);
    mpz_clear(p);
    return d;
}

/* The cap on a certified lane's precision when none is given. */
#define CERTIFIED_MAX_PREC ((mpfr_prec_t)1 << 20)

static gdt_status lane_start(gdt_compare *c, gdt_cmp_lane *l, gdt_error *err);
static int lane_sr_of(const gdt_compare *c, const gdt_cmp_lane *l, const gdt_recipe_spec *spec);

static void
events_init(gdt_cmp_events *ev)
{
    ev->differs = ev->no_digits = ev->subnormal = -1;
    ev->zero = ev->inf = ev->nan = ev->stall = -1;
    ev->skipped = ev->scale = -1;
}

/* Lane L's (of O, rounding stochastically as SR says) other runs, as
   its own but for the seed. */
static gdt_status
ensemble_init(gdt_compare *c, gdt_cmp_lane *l, const gdt_program *prog,
              const gdt_compare_opts *o, int sr, gdt_error *err)
{
    gdt_status st = GDT_OK;
    size_t r, j;

    (void)c;
    if ((l->ens = calloc(o->runs - 1, sizeof *l->ens)) == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    for (r = 0; r + 1 < o->runs && st == GDT_OK; r++) {
        gdt_stepper *s = &l->ens[r];
        st = gdt_stepper_init(s, prog, &l->dom, o->lrs != NULL ? c->t : *o->lr, o->w0,
                              o->max_iter, l->st.update, err);
        l->nens = r + 1;
        s->names = o->names;
        s->stop_on_zero = o->stop_on_zero;
        s->stop_on_stall = o->stop_on_stall;
        s->stop_on_nonfinite = o->stop_on_nonfinite;
        if (st == GDT_OK
            && (st = gdt_stepper_neg_zero(s, o->lrs == NULL && o->lr_neg0, o->w0_neg0)) != GDT_OK)
            gdt_error_set(err, st, SIZE_MAX, "%s", gdt_status_str(st));
        for (j = 0; st == GDT_OK && o->lrs != NULL && j < prog->nparams; j++)
            st = gdt_stepper_set_lr(s, j, o->lrs[j], o->lrs_neg0 != NULL && o->lrs_neg0[j], err);
        if (st == GDT_OK)
            st = gdt_stepper_set_sr(s, sr, o->seed + r + 1, 0, err);
    }
    return st;
}

gdt_status
gdt_compare_init(gdt_compare *c, const gdt_program *prog, const gdt_compare_opts *o,
                 gdt_error *err)
{
    size_t i, j, e;
    gdt_status st;
    gdt_recipe_spec spec;
    int lane_sr;

    c->n = 0;
    c->ref = o->ref;
    c->k = 0;
    c->nq = prog->nparams + 1;
    c->o = *o;
    c->prog = prog;
    mpq_init(c->t);
    mpq_init(c->lo);
    mpq_init(c->hi);
    c->lanes = calloc(o->n, sizeof *c->lanes);
    c->qname = malloc(c->nq * sizeof *c->qname);
    if (c->lanes == NULL || c->qname == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    for (j = 0; j < prog->nparams; j++)
        c->qname[j] = prog->nparams == 1 ? "w" : o->names[j];
    c->qname[prog->nparams] = "loss";
    for (i = 0; i < o->n; i++) {
        gdt_cmp_lane *l = &c->lanes[i];

        l->mode = o->labels != NULL ? o->labels[i] : o->modes[i];
        l->ref = o->refs != NULL ? o->refs[i] : o->ref;
        l->optim = o->optims != NULL ? o->optims[i] : o->optim;
        l->q = calloc(c->nq, sizeof *l->q);
        if (l->q == NULL)
            return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
        c->n = i + 1;
        for (j = 0; j < c->nq; j++) {
            mpq_init(l->q[j].v);
            mpq_init(l->q[j].rel);
            events_init(&l->q[j].ev);
        }
        gdt_error_clear(&l->err);
        if ((st = gdt_recipe_parse(&spec, l->mode, err)) != GDT_OK)
            return st;
        st = gdt_domain_init_mode(&l->dom, spec.mode, o->prec > 0 ? o->prec : 53, o->rnd);
        if (st != GDT_OK)
            return gdt_error_set(err, st, SIZE_MAX, "mode %s: cannot be set up", l->mode);
        l->dom.max_bits = o->max_bits;
        l->certified = gdt_mode_class_of(spec.mode) == GDT_MODE_BALL;
        for (j = 0; j < c->nq; j++)
            for (e = 0; e < GDT_CMP_NEVENTS; e++)
                l->dom.ops->init(&l->q[j].at[e], &l->dom);
        l->at_ready = 1;
        if ((st = lane_start(c, l, err)) != GDT_OK)
            return st;
        lane_sr = lane_sr_of(c, l, &spec);
        if (lane_sr != 0 && o->runs > 1
            && (st = ensemble_init(c, l, prog, o, lane_sr, err)) != GDT_OK)
            return st;
    }
    return GDT_OK;
}

/* Lane L's stochastic rounding (gdt_stepper_set_sr's mode; 0: none):
   --sr or MODE+sr (C's O->sr), else its recipes' SPEC's. */
static int
lane_sr_of(const gdt_compare *c, const gdt_cmp_lane *l, const gdt_recipe_spec *spec)
{
    size_t i = (size_t)(l - c->lanes);

    return c->o.sr != NULL && c->o.sr[i] != 0 ? c->o.sr[i] : spec->sr;
}

/* Set L's stepper up in its domain from C's w0, as gdt_session_stepper:
   with lrs, a 0 first (C->t, still 0), then each parameter's; then the
   lane's recipes (gdt_recipe_parse of its label): a kahan update, a
   master, a stochastic lane's generator keyed by the seed.  A certified
   lane takes none (opts/ refuses certified+R; gdt_recipe_parse and the
   option reader refuse sr with a master or kahan, and so does
   gdt_stepper_set_sr). */
static gdt_status
lane_start(gdt_compare *c, gdt_cmp_lane *l, gdt_error *err)
{
    const gdt_compare_opts *o = &c->o;
    gdt_recipe_spec spec;
    gdt_status st;
    size_t j;
    int sr;

    if ((st = gdt_recipe_parse(&spec, l->mode, err)) != GDT_OK)
        return st;
    if (l->certified && (spec.kahan || spec.master != NULL || lane_sr_of(c, l, &spec) != 0))
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "mode %s: the certified run takes no recipe", l->mode);
    if (spec.scale && o->seeded_prog == NULL)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "mode %s: loss scaling needs the seeded program", l->mode);
    st = gdt_stepper_init(&l->st, spec.scale ? o->seeded_prog : c->prog, &l->dom,
                          o->lrs != NULL ? c->t : *o->lr, o->w0,
                          o->max_iter,
                          l->certified ? GDT_UPDATE_SUB
                          : spec.kahan ? GDT_UPDATE_KAHAN
                          : o->updates != NULL ? o->updates[l - c->lanes]
                                       : o->update,
                          err);
    l->st.names = o->names;
    /* the rules of exact equality cannot be decided on balls */
    l->st.stop_on_zero = o->stop_on_zero && !l->certified;
    l->st.detect_cycles = o->detect_cycles && !l->certified;
    l->st.stop_on_stall = o->stop_on_stall && !l->certified;
    l->st.watch_stall = !l->certified; /* for the stall event */
    l->st.stop_on_nonfinite = o->stop_on_nonfinite && !l->certified;
    l->ready = 1;
    if (st == GDT_OK
        && (st = gdt_stepper_neg_zero(&l->st, o->lrs == NULL && o->lr_neg0, o->w0_neg0))
               != GDT_OK)
        gdt_error_set(err, st, SIZE_MAX, "%s", gdt_status_str(st));
    for (j = 0; st == GDT_OK && o->lrs != NULL && j < c->prog->nparams; j++)
        st = gdt_stepper_set_lr(&l->st, j, o->lrs[j], o->lrs_neg0 != NULL && o->lrs_neg0[j],
                                err);
    sr = lane_sr_of(c, l, &spec);
    if (st == GDT_OK && spec.master != NULL)
        st = gdt_stepper_set_master(&l->st, spec.master, err);
    if (st == GDT_OK && spec.scale) {
        gdt_loss_scale ls = o->loss_scale;
        if (!ls.on)
            ls = (gdt_loss_scale){ .on = 1, .dynamic = 1, .init_exp = 16, .interval = 2000 };
        st = gdt_stepper_set_loss_scale(&l->st, &ls, err);
        l->scale_exp = ls.init_exp;
    }
    if (st == GDT_OK && l->optim != NULL)
        st = gdt_stepper_set_optim(&l->st, l->optim, err);
    if (st == GDT_OK && sr != 0)
        st = gdt_stepper_set_sr(&l->st, sr, o->seed, 0, err);
    return st;
}

/* The cap on certified lanes' precision. */
static mpfr_prec_t
max_prec(const gdt_compare *c)
{
    return c->o.max_prec > 0 ? c->o.max_prec : CERTIFIED_MAX_PREC;
}

/* Start certified lane L again from w0 at twice its precision (the cap at
   most), and bring it to step C->k: GDT_OK, or L's failure in L->err
   (GDT_EINTERRUPTED when asked to stop).  The values at L's own events
   stay: a ball's value does not depend on the domain's precision. */
static gdt_status
lane_restart(gdt_compare *c, gdt_cmp_lane *l)
{
    mpfr_prec_t p = l->dom.prec > max_prec(c) / 2 ? max_prec(c) : 2 * l->dom.prec;
    gdt_cancel *stop = l->dom.stop;
    unsigned long k;
    gdt_status st;

    gdt_stepper_clear(&l->st);
    l->ready = 0;
    gdt_domain_clear(&l->dom);
    if ((st = gdt_domain_init_ball(&l->dom, p)) != GDT_OK)
        return gdt_error_set(&l->err, st, SIZE_MAX, "mode %s: %ld bits: %s", l->mode, (long)p,
                             gdt_status_str(st));
    l->dom.max_bits = c->o.max_bits;
    l->dom.stop = stop;
    if ((st = lane_start(c, l, &l->err)) != GDT_OK)
        return st;
    for (k = 0; k < c->k; k++) {
        if (stop != NULL && *stop != 0)
            return gdt_error_set(&l->err, GDT_EINTERRUPTED, SIZE_MAX, "interrupted");
        if ((st = gdt_stepper_eval(&l->st, &l->err)) != GDT_OK
            || (st = gdt_stepper_update(&l->st, &l->err)) != GDT_OK)
            return st;
    }
    return GDT_OK;
}

void
gdt_compare_clear(gdt_compare *c)
{
    size_t i, j, e;

    if (c == NULL)
        return;
    for (i = 0; c->lanes != NULL && i < c->n; i++) {
        gdt_cmp_lane *l = &c->lanes[i];
        size_t r;
        if (l->ready)
            gdt_stepper_clear(&l->st);
        for (r = 0; r < l->nens; r++)
            gdt_stepper_clear(&l->ens[r]);
        free(l->ens);
        for (j = 0; l->at_ready && j < c->nq; j++)
            for (e = 0; e < GDT_CMP_NEVENTS; e++)
                l->dom.ops->clear(&l->q[j].at[e], &l->dom);
        gdt_domain_clear(&l->dom);
        for (j = 0; l->q != NULL && j < c->nq; j++) {
            mpq_clear(l->q[j].v);
            mpq_clear(l->q[j].rel);
        }
        free(l->q);
    }
    free(c->lanes);
    free(c->qname);
    c->lanes = NULL;
    c->qname = NULL;
    c->n = 0;
    mpq_clear(c->t);
    mpq_clear(c->lo);
    mpq_clear(c->hi);
}

/* Quantity J of lane L: a parameter, or the loss. */
static const gdt_val *
qty_val(const gdt_compare *c, const gdt_cmp_lane *l, size_t j)
{
    return j + 1 == c->nq ? gdt_stepper_loss(&l->st) : gdt_stepper_param(&l->st, j);
}

/* Read the value V of domain D into Q->cls and Q->v. */
static void
classify(gdt_cmp_qty *q, const gdt_val *v, gdt_domain *d)
{
    if (d->ops->is_nan(v, d)) {
        q->cls = GDT_CMP_NAN;
    } else if (d->ops->is_inf(v, d)) {
        /* the sign of an infinity, from its text */
        gdt_numfmt f = { GDT_DIGITS_EXACT, 0, 0 };
        gdt_buf b;
        gdt_buf_init(&b);
        q->cls = d->ops->get_str(&b, v, &f, d) == GDT_OK && b.s[0] == '-' ? GDT_CMP_NEGINF
                                                                          : GDT_CMP_INF;
        gdt_buf_clear(&b);
    } else {
        q->cls = GDT_CMP_FINITE;
        if (d->ops->get_q(q->v, v, d) != GDT_OK)
            q->cls = GDT_CMP_NAN;
    }
}

/* Event E of quantity Q happens at step K, where Q's value is V (of
   domain D), unless it happened before. */
static void
note(gdt_cmp_qty *q, long *step, int e, long k, const gdt_val *v, gdt_domain *d)
{
    if (*step >= 0)
        return;
    *step = k;
    /* a copy at the domain's own precision: it cannot fail but for
       memory, and then the value shown is the one at the step before */
    (void)d->ops->set(&q->at[e], v, d);
}

/* Q against the exact-real value that ball A (of domain D), the
   certified reference's quantity R, holds: 1 when A decides Q's equality
   and correct digits, and they are set (the relative error is measured
   from A's midpoint); -1 when A is exact, a reference as any other; 0
   when A decides nothing (it is not finite, holds Q's value or 0, or
   its ends give Q different correct digits), Q unchanged.  On [lo, hi]
   without Q's value x and 0, |r|/|x - r| is monotone in r, so the
   correct digits at both ends are those at every r between. */
static int
certified_qty(gdt_compare *c, gdt_cmp_qty *q, const gdt_cmp_qty *r, const gdt_val *a,
              gdt_domain *d)
{
    long dl;

    if (r->cls != GDT_CMP_FINITE || gdt_ball_get_ends(c->lo, c->hi, a, d) != GDT_OK)
        return 0;
    if (mpq_equal(c->lo, c->hi))
        return -1;
    if (mpq_sgn(c->lo) <= 0 && mpq_sgn(c->hi) >= 0)
        return 0;
    if (q->cls != GDT_CMP_FINITE) {
        q->equal = 0;
        q->rel_cls = GDT_CMP_INF;
        mpq_set_ui(q->rel, 0, 1);
        q->digits = 0;
        return 1;
    }
    if (mpq_cmp(c->lo, q->v) <= 0 && mpq_cmp(q->v, c->hi) <= 0)
        return 0;
    dl = gdt_correct_digits(q->v, c->lo);
    if (dl != gdt_correct_digits(q->v, c->hi))
        return 0;
    q->equal = 0;
    q->rel_cls = GDT_CMP_FINITE;
    mpq_sub(c->t, q->v, r->v);
    mpq_div(q->rel, c->t, r->v);
    mpq_abs(q->rel, q->rel);
    q->digits = dl;
    return 1;
}

/* Compare quantity Q (value V of domain D) with the reference's R (value
   RV of domain RD; a ball when the reference is certified), and note the
   events. */
static void
compare_qty(gdt_compare *c, gdt_cmp_qty *q, const gdt_val *v, gdt_domain *d,
            const gdt_cmp_qty *r, const gdt_val *rv, gdt_cmp_lane *ref)
{
    long k = (long)c->k;
    int ref_active = ref->active;

    if (q->cls == GDT_CMP_NAN)
        note(q, &q->ev.nan, GDT_CMP_EV_NAN, k, v, d);
    if (q->cls == GDT_CMP_INF || q->cls == GDT_CMP_NEGINF)
        note(q, &q->ev.inf, GDT_CMP_EV_INF, k, v, d);
    if (q->cls == GDT_CMP_FINITE && mpq_sgn(q->v) == 0 && d->ops->is_zero(v, d))
        note(q, &q->ev.zero, GDT_CMP_EV_ZERO, k, v, d); /* (a ball: the exact 0) */
    if (d->ops->is_subnormal(v, d))
        note(q, &q->ev.subnormal, GDT_CMP_EV_SUBNORMAL, k, v, d);
    q->compared = ref_active;
    if (!q->compared)
        return;
    if (ref->certified && q != r && certified_qty(c, q, r, rv, &ref->dom) > 0) {
        /* decided by the ball (the reference's restarts made sure) */
    } else if (q->cls != GDT_CMP_FINITE || r->cls != GDT_CMP_FINITE) {
        q->equal = q->cls == r->cls;
        q->rel_cls = q->equal ? GDT_CMP_FINITE : GDT_CMP_INF;
        mpq_set_ui(q->rel, 0, 1);
        q->digits = q->equal ? -1 : 0;
    } else {
        q->equal = mpq_equal(q->v, r->v);
        q->rel_cls = GDT_CMP_FINITE;
        if (q->equal) {
            mpq_set_ui(q->rel, 0, 1);
            q->digits = -1;
        } else if (mpq_sgn(r->v) == 0) {
            q->rel_cls = GDT_CMP_INF;
            q->digits = 0;
        } else {
            mpq_sub(c->t, q->v, r->v);
            mpq_div(q->rel, c->t, r->v);
            mpq_abs(q->rel, q->rel);
            q->digits = gdt_correct_digits(q->v, r->v);
        }
    }
    if (!q->equal)
        note(q, &q->ev.differs, GDT_CMP_EV_DIFFERS, k, v, d);
    if (q->digits == 0)
        note(q, &q->ev.no_digits, GDT_CMP_EV_NO_DIGITS, k, v, d);
}

/* Start certified lane L again at twice the precision and evaluate it at
   step C->k, again while a branch is undecided, up to the cap (then
   GDT_EUNDECIDED). */
static gdt_status
lane_again(gdt_compare *c, gdt_cmp_lane *l)
{
    gdt_status st;

    do {
        st = lane_restart(c, l);
        if (st == GDT_OK)
            st = gdt_stepper_eval(&l->st, &l->err);
    } while (st == GDT_EUNDECIDED && l->dom.prec < max_prec(c));
    return st;
}

/* 1 when every quantity of certified lane L proves its
   GDT_CMP_CERTIFIED_DIGITS digits. */
static int
lane_proves(const gdt_compare *c, gdt_cmp_lane *l)
{
    size_t j;
    int exact;

    for (j = 0; j < c->nq; j++)
        if (l->dom.ops->certified(qty_val(c, l, j), GDT_CMP_CERTIFIED_DIGITS, &exact, &l->dom)
                < GDT_CMP_CERTIFIED_DIGITS
            && !exact)
            return 0;
    return 1;
}

static gdt_status
lane_eval(gdt_compare *c, gdt_cmp_lane *l)
{
    gdt_status st = gdt_stepper_eval(&l->st, &l->err);

    if (!l->certified)
        return st;
    /* a branch the balls do not decide, or digits they do not prove */
    while ((st == GDT_EUNDECIDED || (st == GDT_OK && !lane_proves(c, l)))
           && l->dom.prec < max_prec(c))
        st = lane_again(c, l);
    if (st == GDT_OK && !lane_proves(c, l))
        st = gdt_error_set(&l->err, GDT_EUNDECIDED, SIZE_MAX,
                           "step %lu: %ld bits (--max-prec) prove fewer than %d digits", c->k,
                           (long)l->dom.prec, GDT_CMP_CERTIFIED_DIGITS);
    return st;
}

/* 1 when certified reference R's balls decide every other active lane's
   quantities (certified_qty). */
static int
ref_decides(gdt_compare *c, gdt_cmp_lane *r)
{
    size_t i, j;

    for (i = 0; i < c->n; i++) {
        gdt_cmp_lane *l = &c->lanes[i];
        if (l == r || !l->active || &c->lanes[l->ref] != r)
            continue;
        for (j = 0; j < c->nq; j++)
            if (certified_qty(c, &l->q[j], &r->q[j], qty_val(c, r, j), &r->dom) == 0)
                return 0;
    }
    return 1;
}

/* Make certified reference R, evaluated at step C->k, decide every other
   lane's equality and correct digits there: start it again at twice the
   precision until it does.  Past the cap it stops, precision-limit, and
   compares no more; an error stops it as any lane's. */
static void
certify_ref(gdt_compare *c, gdt_cmp_lane *r)
{
    gdt_status st;
    size_t j;

    while (!ref_decides(c, r)) {
        if (r->dom.prec >= max_prec(c)) {
            gdt_error_set(&r->err, GDT_EUNDECIDED, SIZE_MAX,
                          "step %lu: %ld bits (--max-prec) do not decide the other modes' "
                          "correct digits", c->k, (long)r->dom.prec);
            st = GDT_EUNDECIDED;
        } else if ((st = lane_again(c, r)) == GDT_OK && !lane_proves(c, r)) {
            st = lane_eval(c, r); /* (the step again, its digits proven) */
        }
        if (st != GDT_OK) {
            r->stop = st == GDT_EUNDECIDED     ? GDT_STOP_PRECISION_LIMIT
                      : st == GDT_EINTERRUPTED ? GDT_STOP_INTERRUPTED
                                               : GDT_STOP_ERROR;
            r->steps = c->k;
            r->active = 0;
            return;
        }
        for (j = 0; j < c->nq; j++)
            classify(&r->q[j], qty_val(c, r, j), &r->dom);
    }
}

/* Lane L's loss-scaling events at step C->k: the update skipped, the
   scale not the step before's. */
static void
scale_events(gdt_compare *c, gdt_cmp_lane *l)
{
    gdt_domain *md;
    int skipped = 0;
    long e = 0;
    size_t j;

    if (gdt_stepper_loss_scale(&l->st, &skipped, &e, &md) == NULL)
        return;
    for (j = 0; j < c->nq; j++) {
        if (skipped)
            note(&l->q[j], &l->q[j].ev.skipped, GDT_CMP_EV_SKIPPED, (long)c->k,
                 qty_val(c, l, j), &l->dom);
        if (e != l->scale_exp)
            note(&l->q[j], &l->q[j].ev.scale, GDT_CMP_EV_SCALE, (long)c->k, qty_val(c, l, j),
                 &l->dom);
    }
    l->scale_exp = e;
}

gdt_status
gdt_compare_eval(gdt_compare *c)
{
    gdt_error ens_err; /* an other run's failure: it keeps its last values */
    size_t i, j;
    gdt_status st;

    for (i = 0; i < c->n; i++) {
        gdt_cmp_lane *l = &c->lanes[i];
        size_t e;

        /* the lane's other runs: one that fails or stops keeps its last
           values (the band is drawn from those that have them) */
        for (e = 0; l->stop == GDT_STOP_NONE && e < l->nens; e++)
            if (l->ens[e].stop == GDT_STOP_NONE && gdt_stepper_eval(&l->ens[e], &ens_err) != GDT_OK
                && l->ens[e].stop == GDT_STOP_NONE)
                l->ens[e].stop = GDT_STOP_ERROR;
        l->active = 0;
        for (j = 0; j < c->nq; j++)
            l->q[j].compared = 0;
        if (l->stop != GDT_STOP_NONE)
            continue;
        if ((st = lane_eval(c, l)) != GDT_OK) {
            l->stop = l->certified && st == GDT_EUNDECIDED ? GDT_STOP_PRECISION_LIMIT
                      : st == GDT_EINTERRUPTED             ? GDT_STOP_INTERRUPTED
                      : l->st.stop != GDT_STOP_NONE        ? l->st.stop
                                                           : GDT_STOP_ERROR;
            l->steps = c->k;
            continue;
        }
        l->active = 1;
        if (l->st.stop != GDT_STOP_NONE) {
            l->stop = l->st.stop;
            l->steps = c->k;
        }
        for (j = 0; j < c->nq; j++) {
            classify(&l->q[j], qty_val(c, l, j), &l->dom);
            /* the state of step k-1, seen again: its values are these */
            if (l->st.stall_start >= 0)
                note(&l->q[j], &l->q[j].ev.stall, GDT_CMP_EV_STALL, l->st.stall_start,
                     qty_val(c, l, j), &l->dom);
        }
        scale_events(c, l);
    }
    /* each reference (one per optimizer with lanes of their own) */
    for (i = 0; i < c->n; i++)
        if (c->lanes[i].ref == i && c->lanes[i].certified && c->lanes[i].active)
            certify_ref(c, &c->lanes[i]);
    for (i = 0; i < c->n; i++) {
        gdt_cmp_lane *l = &c->lanes[i], *r = &c->lanes[l->ref];
        if (!l->active)
            continue;
        for (j = 0; j < c->nq; j++)
            compare_qty(c, &l->q[j], qty_val(c, l, j), &l->dom, &r->q[j],
                        r->active ? qty_val(c, r, j) : NULL, r);
    }
    return GDT_OK;
}

int
gdt_compare_running(const gdt_compare *c)
{
    size_t i;

    for (i = 0; i < c->n; i++)
        if (c->lanes[i].stop == GDT_STOP_NONE)
            return 1;
    return 0;
}

gdt_status
gdt_compare_update(gdt_compare *c)
{
    gdt_error ens_err;
    size_t i;

    for (i = 0; i < c->n; i++) {
        gdt_cmp_lane *l = &c->lanes[i];
        size_t e;
        if (l->stop != GDT_STOP_NONE)
            continue;
        for (e = 0; e < l->nens; e++)
            if (l->ens[e].stop == GDT_STOP_NONE && gdt_stepper_update(&l->ens[e], &ens_err) != GDT_OK
                && l->ens[e].stop == GDT_STOP_NONE)
                l->ens[e].stop = GDT_STOP_ERROR;
        if (gdt_stepper_update(&l->st, &l->err) != GDT_OK) {
            l->stop = l->st.stop != GDT_STOP_NONE ? l->st.stop : GDT_STOP_ERROR;
            l->steps = c->k + 1;
        }
    }
    c->k++;
    return GDT_OK;
}
