/* ensemble -- a stochastic run repeated K times in lockstep (run --runs) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/ensemble.h"
#include "gdtrace/sr.h"

gdt_status
gdt_ensemble_init(gdt_ensemble *e, gdt_session *s, const gdt_session_opts *o, size_t k,
                  gdt_error *err)
{
    gdt_session_opts x;
    gdt_status st;
    size_t i, j;

    memset(e, 0, sizeof *e);
    mpq_init(e->t);
    mpq_init(e->u);
    e->nq = s->program.nparams + 1;
    e->runs = calloc(k, sizeof *e->runs);
    e->stat = calloc(e->nq, sizeof *e->stat);
    e->stops = calloc(GDT_ENS_NSTOPS, sizeof *e->stops);
    if (e->runs == NULL || e->stat == NULL || e->stops == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    for (j = 0; j < e->nq; j++) {
        mpq_init(e->stat[j].mean);
        mpq_init(e->stat[j].var);
    }
    e->k = k;
    for (i = 0; i < k; i++) {
        x = *o;
        x.seed = o->seed + i;
        st = i == 0 ? gdt_session_stepper(s, &e->dom, &e->runs[0], &x, err)
                    : gdt_session_stepper_in(s, &e->dom, &e->runs[i], &x, err);
        e->ready = i + 1;
        if (st != GDT_OK)
            return st;
    }
    /* the exact run: no stochastic rounding, no inf or nan to stop on */
    x = *o;
    x.mode = "exact";
    x.sr = 0;
    x.update = GDT_UPDATE_SUB; /* the same in exact numbers */
    x.stop_on_stall = x.stop_on_nonfinite = 0;
    gdt_error_clear(&e->exact_err);
    st = gdt_session_stepper(s, &e->exact_dom, &e->exact, &x, &e->exact_err);
    e->has_exact = 1;
    /* a loss whose exact values are irrational (exp, pi) has no exact
       run: the ensemble goes on without it */
    e->exact_live = st == GDT_OK;
    return st == GDT_ENOMEM ? gdt_error_set(err, st, SIZE_MAX, "out of memory") : GDT_OK;
}

void
gdt_ensemble_clear(gdt_ensemble *e)
{
    size_t i;

    if (e == NULL)
        return;
    for (i = 0; i < e->ready; i++)
        gdt_stepper_clear(&e->runs[i]);
    if (e->ready > 0 || e->runs != NULL)
        gdt_domain_clear(&e->dom);
    if (e->has_exact) {
        gdt_stepper_clear(&e->exact);
        gdt_domain_clear(&e->exact_dom);
    }
    for (i = 0; e->stat != NULL && i < e->nq; i++) {
        mpq_clear(e->stat[i].mean);
        mpq_clear(e->stat[i].var);
    }
    free(e->stat);
    free(e->runs);
    free(e->stops);
    mpq_clear(e->t);
    mpq_clear(e->u);
    memset(e, 0, sizeof *e);
}

/* Quantity Q of stepper S: parameter Q, or the loss after them. */
static const gdt_val *
qty(const gdt_ensemble *e, const gdt_stepper *s, size_t q)
{
    return q + 1 < e->nq ? gdt_stepper_param(s, q) : gdt_stepper_loss(s);
}

/* The statistics of quantity Q over the runs. */
static gdt_status
stat_of(gdt_ensemble *e, size_t q)
{
    gdt_ens_stat *t = &e->stat[q];
    gdt_domain *d = &e->dom;
    size_t i;
    gdt_status st;

    t->finite = 1;
    t->min = t->max = NULL;
    mpq_set_ui(t->mean, 0, 1);
    mpq_set_ui(t->var, 0, 1);
    for (i = 0; i < e->k; i++) {
        const gdt_val *v = qty(e, &e->runs[i], q);
        if (d->ops->is_nan(v, d)) {
            t->min = t->max = v;
            t->finite = 0;
            continue;
        }
        if (t->min == NULL || (!d->ops->is_nan(t->min, d) && d->ops->cmp(v, t->min, d) < 0))
            t->min = v;
        if (t->max == NULL || (!d->ops->is_nan(t->max, d) && d->ops->cmp(v, t->max, d) > 0))
            t->max = v;
        if (d->ops->is_inf(v, d)) {
            t->finite = 0;
            continue;
        }
        if (!t->finite)
            continue;
        if ((st = d->ops->get_q(e->t, v, d)) != GDT_OK)
            return st;
        mpq_add(t->mean, t->mean, e->t);
        mpq_mul(e->t, e->t, e->t);
        mpq_add(t->var, t->var, e->t);
    }
    if (!t->finite)
        return GDT_OK;
    /* var = E[v^2] - E[v]^2, exactly */
    mpq_set_ui(e->u, (unsigned long)e->k, 1);
    mpq_div(t->mean, t->mean, e->u);
    mpq_div(t->var, t->var, e->u);
    mpq_mul(e->t, t->mean, t->mean);
    mpq_sub(t->var, t->var, e->t);
    return GDT_OK;
}

/* 1 when S stopped in a way that leaves no values at its step. */
static int
failed(const gdt_stepper *s)
{
    return s->stop == GDT_STOP_ERROR || s->stop == GDT_STOP_SIZE_LIMIT
        || s->stop == GDT_STOP_INTERRUPTED || s->stop == GDT_STOP_PRECISION_LIMIT;
}

gdt_status
gdt_ensemble_eval(gdt_ensemble *e, gdt_error *err)
{
    size_t i, q;
    gdt_status st;

    for (i = 0; i < e->k; i++) {
        gdt_stepper *s = &e->runs[i];
        if (s->stop != GDT_STOP_NONE)
            continue; /* its last values stay */
        s->print = GDT_PRINT_STEP;
        st = gdt_stepper_eval(s, err);
        if (st == GDT_OK && failed(s))
            st = GDT_EVALUE;
        if (st != GDT_OK) {
            char msg[GDT_ERRMSG_MAX];
            snprintf(msg, sizeof msg, "%s", err->msg);
            return gdt_error_set(err, st, SIZE_MAX, "the run of seed %llu: %s",
                                 (unsigned long long)s->sr->seed, msg);
        }
        if (s->stop != GDT_STOP_NONE)
            e->stops[s->stop]++;
    }
    if (e->exact_live && e->exact.stop == GDT_STOP_NONE) {
        e->exact.print = GDT_PRINT_STEP;
        st = gdt_stepper_eval(&e->exact, &e->exact_err);
        if (st != GDT_OK || failed(&e->exact))
            e->exact_live = 0; /* the exact values end there */
    }
    for (q = 0; q < e->nq; q++)
        if ((st = stat_of(e, q)) != GDT_OK)
            return gdt_error_set(err, st, SIZE_MAX, "step %lu: %s", e->step,
                                 gdt_status_str(st));
    return GDT_OK;
}

int
gdt_ensemble_running(const gdt_ensemble *e)
{
    size_t i;

    for (i = 0; i < e->k; i++)
        if (e->runs[i].stop == GDT_STOP_NONE)
            return 1;
    return 0;
}

gdt_status
gdt_ensemble_update(gdt_ensemble *e, gdt_error *err)
{
    size_t i;
    gdt_status st;

    for (i = 0; i < e->k; i++)
        if (e->runs[i].stop == GDT_STOP_NONE
            && (st = gdt_stepper_update(&e->runs[i], err)) != GDT_OK)
            return st;
    if (e->exact_live && e->exact.stop == GDT_STOP_NONE
        && gdt_stepper_update(&e->exact, &e->exact_err) != GDT_OK)
        e->exact_live = 0;
    e->step++;
    return GDT_OK;
}

unsigned long
gdt_ensemble_stops(const gdt_ensemble *e, gdt_stop stop)
{
    return (size_t)stop < GDT_ENS_NSTOPS ? e->stops[stop] : 0;
}

gdt_status
gdt_ensemble_run(gdt_ensemble *e, const gdt_ensemble_sink *sink, const gdt_run_info *info,
                 const gdt_run_opts *opts, gdt_error *err)
{
    gdt_status st;
    size_t i;

    if (opts != NULL) {
        e->dom.stop = opts->stop;
        e->exact_dom.stop = opts->stop;
    }
    if ((st = sink->begin(sink->ctx, info, e, err)) != GDT_OK)
        return st;
    for (;;) {
        if (opts != NULL && opts->progress != NULL)
            opts->progress(opts->user, e->step);
        if (gdt_run_stopped(opts) && e->step > 0) {
            /* the runs end at the step before, printed already */
            for (i = 0; i < e->k; i++)
                if (e->runs[i].stop == GDT_STOP_NONE) {
                    e->runs[i].stop = GDT_STOP_INTERRUPTED;
                    e->stops[GDT_STOP_INTERRUPTED]++;
                }
            e->step--;
            e->interrupted = 1;
            break;
        }
        if (gdt_ensemble_running(e) && (st = gdt_ensemble_eval(e, err)) != GDT_OK)
            return st;
        if ((st = sink->step(sink->ctx, e, err)) != GDT_OK)
            return st;
        if (!gdt_ensemble_running(e))
            break;
        if ((st = gdt_ensemble_update(e, err)) != GDT_OK)
            return st;
    }
    return sink->end(sink->ctx, e, err);
}
