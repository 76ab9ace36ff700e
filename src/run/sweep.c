/* sweep -- the notes' loop from every point of a grid, each run to its
   outcome, on a pool of threads, the records handed on in the grid's order */
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/mode.h"
#include "gdtrace/optim.h"
#include "gdtrace/sweep.h"
#include "gdtrace/contract.h"
#include "num/fast.h"
#include "run/sweep_lanes.h"

/* Parameters the lanes' quick set-up takes at most. */
#define GDT_QUICK_PARAMS 16

/* Points the lanes run at a time, a block's or less: the lanes take the
   next of them as soon as one ends. */
#define CHUNK 4096

void
gdt_sweep_axis_init(gdt_sweep_axis *x)
{
    x->target = GDT_SWEEP_LR;
    x->param = 0;
    x->scale = GDT_SWEEP_LIN;
    mpq_init(x->a);
    mpq_init(x->b);
    x->n = 1;
}

void
gdt_sweep_axis_clear(gdt_sweep_axis *x)
{
    if (x == NULL)
        return;
    mpq_clear(x->a);
    mpq_clear(x->b);
}

/* 1 when Y, rounded as D rounds (its precision, exponent range,
   subnormals and direction), is Z rounded so: the emulation MPFR's manual
   gives (mpfr_check_range, mpfr_subnormalize), in a precision of D's. */
static int
same_rounding(mpfr_srcptr y, mpfr_srcptr z, const gdt_domain *d)
{
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_t ry, rz;
    int ty, tz, same;

    mpfr_inits2(d->prec, ry, rz, (mpfr_ptr)0);
    ty = mpfr_set(ry, y, d->rnd);
    tz = mpfr_set(rz, z, d->rnd);
    mpfr_set_emin(d->emin);
    mpfr_set_emax(d->emax);
    ty = mpfr_check_range(ry, ty, d->rnd);
    tz = mpfr_check_range(rz, tz, d->rnd);
    if (d->subnormal) {
        ty = mpfr_subnormalize(ry, ty, d->rnd);
        tz = mpfr_subnormalize(rz, tz, d->rnd);
    }
    (void)ty, (void)tz;
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    same = mpfr_equal_p(ry, rz) || (mpfr_inf_p(ry) && mpfr_inf_p(rz)
                                     && mpfr_sgn(ry) == mpfr_sgn(rz));
    mpfr_clears(ry, rz, (mpfr_ptr)0);
    return same;
}

/* R = A (B/A)^(P/Q) for 0 < P < Q coprime and 0 < A < B, when it is
   rational: B/A = n/d in lowest terms is a rational power iff n and d are
   both perfect Q-th powers (P and Q coprime).  1 when it is. */
static int
rational_power(mpq_t r, const mpq_t a, const mpq_t b, unsigned long p, unsigned long q)
{
    mpz_t n, d;
    int ok;

    mpq_div(r, b, a);
    mpz_inits(n, d, (mpz_ptr)0);
    ok = mpz_root(n, mpq_numref(r), q) && mpz_root(d, mpq_denref(r), q);
    if (ok) {
        mpz_pow_ui(n, n, p);
        mpz_pow_ui(d, d, p);
        mpz_set(mpq_numref(r), n);
        mpz_set(mpq_denref(r), d);
        mpq_canonicalize(r);
        mpq_mul(r, r, a);
    }
    mpz_clears(n, d, (mpz_ptr)0);
    return ok;
}

/* Bounds LO <= A (B/A)^(P/Q) <= HI at their precision: every operation
   rounded down for LO and up for HI, each monotone (B/A >= 1, P/Q > 0). */
static void
power_bounds(mpfr_ptr lo, mpfr_ptr hi, const mpq_t a, const mpq_t ratio, unsigned long p,
             unsigned long q)
{
    mpfr_prec_t prec = mpfr_get_prec(lo);
    mpfr_t x, e;
    int k;

    mpfr_inits2(prec, x, e, (mpfr_ptr)0);
    for (k = 0; k < 2; k++) {
        mpfr_rnd_t rnd = k == 0 ? MPFR_RNDD : MPFR_RNDU;
        mpfr_ptr r = k == 0 ? lo : hi;
        mpfr_set_ui(e, p, rnd);
        mpfr_div_ui(e, e, q, rnd);
        mpfr_set_q(x, ratio, rnd);
        mpfr_pow(x, x, e, rnd);
        mpfr_set_q(r, a, rnd);
        mpfr_mul(r, r, x, rnd);
    }
    mpfr_clears(x, e, (mpfr_ptr)0);
}

gdt_status
gdt_sweep_axis_point(mpq_t r, const gdt_sweep_axis *x, size_t i, const gdt_domain *d,
                     gdt_error *err)
{
    unsigned long p = (unsigned long)i, q = (unsigned long)(x->n - 1), g;
    mpfr_prec_t prec;
    gdt_status st = GDT_OK;

    if (x->n == 1 || i == 0) {
        mpq_set(r, x->a);
        return GDT_OK;
    }
    if (i == x->n - 1) {
        mpq_set(r, x->b);
        return GDT_OK;
    }
    if (x->scale == GDT_SWEEP_LIN) { /* A + (B - A) i/(n - 1) */
        mpq_t t;
        mpq_init(t);
        mpq_sub(r, x->b, x->a);
        mpz_set_ui(mpq_numref(t), p);
        mpz_set_ui(mpq_denref(t), q);
        mpq_canonicalize(t);
        mpq_mul(r, r, t);
        mpq_add(r, r, x->a);
        mpq_clear(t);
        return GDT_OK;
    }
    if (d->ops->exact || strcmp(d->ops->kind, "int") == 0)
        return gdt_error_set(err, GDT_EDOMAIN, SIZE_MAX,
                             "a log axis has irrational points, which %s cannot hold",
                             d->name);
    for (g = p; g != 0;) { /* P/Q in lowest terms */
        unsigned long t = q % g;
        q = g;
        g = t;
    }
    g = q;
    p = (unsigned long)i / g;
    q = (unsigned long)(x->n - 1) / g;
    if (rational_power(r, x->a, x->b, p, q))
        return GDT_OK;
    /* now the point is irrational: bracket it closer and closer until both
       ends round alike (Ziv); an irrational is no rounding boundary, so
       this ends */
    {
        mpfr_t lo, hi;
        mpq_t ratio;

        mpq_init(ratio);
        mpq_div(ratio, x->b, x->a);
        mpfr_inits2(MPFR_PREC_MIN, lo, hi, (mpfr_ptr)0);
        for (prec = d->prec + 32;; prec *= 2) {
            if (prec > MPFR_PREC_MAX / 2) {
                st = gdt_error_set(err, GDT_ERANGE, SIZE_MAX,
                                   "a log point cannot be rounded (precision exhausted)");
                break;
            }
            mpfr_set_prec(lo, prec);
            mpfr_set_prec(hi, prec);
            power_bounds(lo, hi, x->a, ratio, p, q);
            if (same_rounding(lo, hi, d)) {
                mpfr_get_q(r, lo);
                break;
            }
        }
        mpfr_clears(lo, hi, (mpfr_ptr)0);
        mpq_clear(ratio);
    }
    return st;
}

long
gdt_sweep_axis_bits(const gdt_sweep_axis *x)
{
    mpq_t step, mag;
    long bits = 0;

    if (x->n < 2 || mpq_equal(x->a, x->b))
        return 0;
    mpq_inits(step, mag, (mpq_ptr)0);
    mpq_sub(step, x->b, x->a);
    mpq_set_ui(mag, (unsigned long)(x->n - 1), 1);
    mpq_div(step, step, mag);
    mpq_abs(mag, x->a);
    mpq_abs(step, step);
    if (mpq_cmp(mag, x->b) < 0)
        mpq_set(mag, x->b);
    if (mpq_sgn(mag) > 0) {
        mpq_div(mag, mag, step);
        bits = (long)mpz_sizeinbase(mpq_numref(mag), 2) - (long)mpz_sizeinbase(mpq_denref(mag), 2) + 1;
    }
    mpq_clears(step, mag, (mpq_ptr)0);
    return bits > 0 ? bits : 0;
}

mpfr_prec_t
gdt_sweep_first_prec(const gdt_sweep_opts *o, double lost)
{
    double bits = 0;
    size_t k;

    for (k = 0; k < o->naxes; k++)
        if ((double)gdt_sweep_axis_bits(&o->axes[k]) > bits)
            bits = (double)gdt_sweep_axis_bits(&o->axes[k]);
    bits += lost + 32;
    if (bits < 64)
        bits = 64;
    if (bits >= (double)o->max_prec)
        return o->max_prec;
    return (mpfr_prec_t)bits + ((double)(mpfr_prec_t)bits < bits); /* the ceiling */
}

uint64_t
gdt_sweep_points(const gdt_sweep_opts *o)
{
    uint64_t n = 1;
    size_t k;

    for (k = 0; k < o->naxes; k++)
        n *= o->axes[k].n;
    return n;
}

/* ---------------------------------------------------------------------- */
/* One worker: its domain, a stepper per point, the escape bound */

struct worker {
    const gdt_sweep_opts *o;
    gdt_domain dom;
    gdt_stepper st;
    mpq_t lr, *w0;          /* the point's exact lr and w0 */
    uint64_t point;         /* and its number in the grid's order */
    mpq_t *lrs;             /* per parameter (O's lrs or an lr_P axis), or
                               NULL: lr for all; then lr is the first's */
    mpq_t lr_held;          /* its lr as the domain holds it */
    mpq_t mom_held;         /* a momentum axis: its momentum likewise */
    unsigned char *neg0;    /* O's negative zeros of w0 that no axis sets */
    int lr_neg0;            /* and of lr */
    unsigned char *lrs_neg0; /* and of LRS */
    gdt_val axis[2], loss;  /* the values a record shows */
    int vals;               /* axis and loss are initialised */
    mpq_t bound;            /* E max(1, loss_0), exactly */
    mpfr_t bound_dn, held;  /* rounded domains: the bound rounded down to
                               a precision that holds every value, and one
                               such value */
    gdt_buf rec;            /* the records of its block */
    gdt_error err;
    gdt_lanes *lanes;       /* its batches (NULL: point by point) */
    int lanes_tried;        /* lanes set up, or found not to apply */
    /* the lanes' quick set-up (quick_init): each axis's point i is
       (p0 + i s)/q exactly, machine integers; the values no axis sets,
       as the first point's stepper holds them */
    int quick;              /* 1: lanes set up, and every axis is so */
    int64_t qp0[2], qs[2], qq[2];
    double *tw0, *tlr;      /* nparams each */
    uint64_t chunk;         /* the first point of the lanes' run */
    gdt_lane_out *out;      /* CHUNK: its outcomes */
    double (*kept)[3];      /* CHUNK: its axes' values and lr, held */
    unsigned char *set;     /* CHUNK: the point is in the lanes */
    gdt_contract con;       /* mode certified: O's contraction test */
    struct worker *ag;      /* with O's AGAINST: the worker of its
                               certified sweep, else NULL */
    /* a momentum axis: O's optimizer with the point's momentum, and the
       momentum as the domain holds it */
    gdt_optim optim;
    gdt_val momentum;
};

/* The lr (or lrs) and w0 of point (I, J): O's, then each axis's value.
   The one place a point's set-up is decided. */
static gdt_status
point_values(struct worker *w, size_t i, size_t j)
{
    const gdt_sweep_opts *o = w->o;
    size_t k, idx[2] = { i, j };
    gdt_status st;

    w->point = (uint64_t)i + (uint64_t)j * o->axes[0].n;
    mpq_set(w->lr, *o->lr);
    for (k = 0; k < o->prog->nparams; k++) {
        mpq_set(w->w0[k], o->w0[k]);
        if (w->lrs != NULL)
            mpq_set(w->lrs[k], o->lrs != NULL ? o->lrs[k] : *o->lr);
    }
    for (k = 0; k < o->naxes; k++) {
        const gdt_sweep_axis *x = &o->axes[k];
        mpq_ptr dst = x->target == GDT_SWEEP_LR         ? w->lr
                      : x->target == GDT_SWEEP_LR_OF    ? w->lrs[x->param]
                      : x->target == GDT_SWEEP_MOMENTUM ? w->optim.momentum
                                                        : w->w0[x->param];
        if ((st = gdt_sweep_axis_point(dst, x, idx[k], &w->dom, &w->err)) != GDT_OK)
            return st;
    }
    if (w->lrs != NULL)
        mpq_set(w->lr, w->lrs[0]);
    return GDT_OK;
}

/* Whether a neg-zero flag of O still applies: not where an axis sets the
   value. */
static int
axis_sets(const gdt_sweep_opts *o, gdt_sweep_target t, size_t param)
{
    size_t k;

    for (k = 0; k < o->naxes; k++)
        if (o->axes[k].target == t && (t == GDT_SWEEP_LR || o->axes[k].param == param))
            return 1;
    return 0;
}

/* 1 when an axis of O sets the momentum. */
static int
momentum_axis(const gdt_sweep_opts *o)
{
    size_t k;

    for (k = 0; k < o->naxes; k++)
        if (o->axes[k].target == GDT_SWEEP_MOMENTUM)
            return 1;
    return 0;
}

/* The value axis X sets in W's stepper S: its learning rate, w0 or
   momentum. */
static const gdt_val *
axis_value(const struct worker *w, const gdt_stepper *s, const gdt_sweep_axis *x)
{
    return x->target == GDT_SWEEP_LR         ? &s->lr[0]
           : x->target == GDT_SWEEP_LR_OF    ? &s->lr[x->param]
           : x->target == GDT_SWEEP_MOMENTUM ? &w->momentum
                                             : gdt_stepper_param(s, x->param);
}

/* W's stepper for its current point: O's rules, negative zeros where O
   gives them and no axis overrides them; with learning rates per
   parameter, each set after a 0 every domain holds, so that an error
   names lr_P (as gdt_session_stepper does). */
static gdt_status
point_stepper(struct worker *w, gdt_stepper *s, unsigned long max_iter)
{
    const gdt_sweep_opts *o = w->o;
    size_t k;
    gdt_status st;
    mpq_t zero;

    mpq_init(zero);
    st = gdt_stepper_init(s, o->prog, &w->dom, w->lrs != NULL ? zero : w->lr,
                          (const mpq_t *)w->w0, max_iter, o->update, &w->err);
    mpq_clear(zero);
    if (st != GDT_OK)
        return st;
    s->names = o->names;
    st = gdt_stepper_neg_zero(s, w->lrs == NULL && w->lr_neg0, w->neg0);
    if (st != GDT_OK)
        return gdt_error_set(&w->err, st, SIZE_MAX, "%s", gdt_status_str(st));
    for (k = 0; w->lrs != NULL && k < o->prog->nparams; k++)
        if ((st = gdt_stepper_set_lr(s, k, w->lrs[k], w->lrs_neg0[k], &w->err)) != GDT_OK)
            return st;
    if (o->master != NULL && (st = gdt_stepper_set_master(s, o->master, &w->err)) != GDT_OK)
        return st;
    if ((st = gdt_stepper_set_loss_scale(s, &o->loss_scale, &w->err)) != GDT_OK)
        return st;
    if (momentum_axis(o)) {
        st = w->dom.ops->set_q(&w->momentum, w->optim.momentum, &w->dom);
        if (st != GDT_OK)
            return gdt_error_set(&w->err, st, SIZE_MAX, "--momentum: %s in mode %s",
                                 gdt_status_str(st), w->dom.name);
        if ((st = gdt_stepper_set_optim(s, &w->optim, &w->err)) != GDT_OK)
            return st;
    } else if (o->optim != NULL && (st = gdt_stepper_set_optim(s, o->optim, &w->err)) != GDT_OK) {
        return st;
    }
    s->stop_on_zero = 1;
    /* a repeated state: a stall at once, a cycle by Brent's and, at
       max_iter, by the stepper's window (gd.c) */
    s->detect_cycles = s->stop_on_stall = o->sr == 0;
    if (o->sr != 0)
        return gdt_stepper_set_sr(s, o->sr, o->seed, w->point, &w->err);
    return GDT_OK;
}

/* 1 when an axis of O is the learning rate of one parameter. */
static int
lr_axes(const gdt_sweep_opts *o)
{
    size_t k;

    for (k = 0; k < o->naxes; k++)
        if (o->axes[k].target == GDT_SWEEP_LR_OF)
            return 1;
    return 0;
}

static gdt_status
worker_init(struct worker *w, const gdt_sweep_opts *o, gdt_error *err)
{
    size_t k, n = o->prog->nparams;
    gdt_status st;

    memset(w, 0, sizeof *w);
    w->o = o;
    gdt_optim_init(&w->optim);
    if (o->optim != NULL)
        gdt_optim_copy(&w->optim, o->optim);
    gdt_error_clear(&w->err);
    gdt_buf_init(&w->rec);
    mpq_init(w->lr);
    mpq_init(w->lr_held);
    mpq_init(w->mom_held);
    mpq_init(w->bound);
    mpfr_inits2(64, w->bound_dn, w->held, (mpfr_ptr)0);
    gdt_contract_init(&w->con, o->contract, o->prog);
    w->w0 = malloc((n + 1) * sizeof *w->w0);
    w->neg0 = calloc(n + 1, 1);
    w->out = malloc(CHUNK * sizeof *w->out);
    w->kept = malloc(CHUNK * sizeof *w->kept);
    w->set = malloc(CHUNK);
    if (w->w0 == NULL || w->neg0 == NULL || w->out == NULL || w->kept == NULL
        || w->set == NULL) {
        free(w->w0);
        w->w0 = NULL;
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    }
    for (k = 0; k < n; k++) {
        mpq_init(w->w0[k]);
        w->neg0[k] = o->w0_neg0 != NULL && o->w0_neg0[k] && !axis_sets(o, GDT_SWEEP_W0, k);
    }
    w->lr_neg0 = o->lr_neg0 && !axis_sets(o, GDT_SWEEP_LR, 0);
    if (o->lrs != NULL || lr_axes(o)) {
        w->lrs = malloc((n + 1) * sizeof *w->lrs);
        w->lrs_neg0 = calloc(n + 1, 1);
        if (w->lrs == NULL || w->lrs_neg0 == NULL) {
            free(w->lrs);
            w->lrs = NULL;
            return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
        }
        for (k = 0; k < n; k++) {
            mpq_init(w->lrs[k]);
            w->lrs_neg0[k] = (o->lrs != NULL ? o->lrs_neg0 != NULL && o->lrs_neg0[k]
                                             : o->lr_neg0)
                             && !axis_sets(o, GDT_SWEEP_LR_OF, k);
        }
    }
    if ((st = gdt_domain_init_mode(&w->dom, o->mode, o->prec, o->rnd)) != GDT_OK)
        return gdt_error_set(err, st, SIZE_MAX, "'%s' cannot be set up (%s)", o->mode,
                             gdt_status_str(st));
    w->dom.max_bits = o->max_bits;
    w->dom.stop = o->stop;
    for (k = 0; k < 2; k++)
        w->dom.ops->init(&w->axis[k], &w->dom);
    w->dom.ops->init(&w->loss, &w->dom);
    w->dom.ops->init(&w->momentum, &w->dom);
    w->vals = 1;
    if (!w->dom.ops->exact) { /* every value of the domain fits */
        mpfr_prec_t p = w->dom.prec > 64 ? w->dom.prec : 64;
        mpfr_set_prec(w->bound_dn, p);
        mpfr_set_prec(w->held, p);
    }
    if (o->against != NULL) { /* the certified run of each point */
        if ((w->ag = malloc(sizeof *w->ag)) == NULL)
            return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
        if ((st = worker_init(w->ag, o->against, err)) != GDT_OK)
            return st;
    }
    return GDT_OK;
}

static void
worker_clear(struct worker *w)
{
    size_t k;

    gdt_stepper_clear(&w->st);
    gdt_lanes_free(w->lanes);
    free(w->tw0);
    free(w->tlr);
    free(w->out);
    free(w->kept);
    free(w->set);
    gdt_contract_clear(&w->con); /* before its domain */
    if (w->ag != NULL) {
        worker_clear(w->ag);
        free(w->ag);
        w->ag = NULL;
    }
    if (w->vals) {
        for (k = 0; k < 2; k++)
            w->dom.ops->clear(&w->axis[k], &w->dom);
        w->dom.ops->clear(&w->loss, &w->dom);
        w->dom.ops->clear(&w->momentum, &w->dom);
    }
    gdt_optim_clear(&w->optim);
    gdt_domain_clear(&w->dom);
    for (k = 0; w->w0 != NULL && k < w->o->prog->nparams; k++)
        mpq_clear(w->w0[k]);
    free(w->w0);
    free(w->neg0);
    for (k = 0; w->lrs != NULL && k < w->o->prog->nparams; k++)
        mpq_clear(w->lrs[k]);
    free(w->lrs);
    free(w->lrs_neg0);
    mpq_clear(w->lr);
    mpq_clear(w->lr_held);
    mpq_clear(w->mom_held);
    mpq_clear(w->bound);
    mpfr_clears(w->bound_dn, w->held, (mpfr_ptr)0);
    gdt_buf_clear(&w->rec);
    /* MPFR's caches (pi, the functions' constants, its pool of integers)
       are the thread's own: free them before a pool thread ends */
    mpfr_free_cache2(MPFR_FREE_LOCAL_CACHE);
    gdt_ball_thread_cleanup();
}

/* The escape bound from the loss L0 at w0 (finite): E max(1, l0), exactly;
   in a rounded domain also rounded down to a precision that holds every
   value of the domain, so that a value v > bound exactly iff v > that:
   between a rounded-down bound and the bound lies no such value. */
static gdt_status
set_bound(struct worker *w, const gdt_val *l0)
{
    gdt_status st;

    if ((st = w->dom.ops->get_q(w->bound, l0, &w->dom)) != GDT_OK)
        return st;
    if (mpq_cmp_ui(w->bound, 1, 1) < 0)
        mpq_set_ui(w->bound, 1, 1);
    mpq_mul(w->bound, w->bound, *w->o->escape);
    if (!w->dom.ops->exact)
        mpfr_set_q(w->bound_dn, w->bound, MPFR_RNDD);
    return GDT_OK;
}

/* 1 when the (finite) loss L is above W's escape bound, compared exactly. */
static int
escapes(struct worker *w, const gdt_val *l)
{
    if (w->dom.ops->exact)
        return mpq_cmp(l->q, w->bound) > 0;
    (void)w->dom.ops->get_fr(w->held, l, MPFR_RNDN, &w->dom);
    return mpfr_cmp(w->held, w->bound_dn) > 0;
}

/* The loss at step K of W's point (a cycle's first step) into W->loss, by
   running a second stepper to it. */
static gdt_status
loss_at(struct worker *w, unsigned long k)
{
    gdt_stepper t;
    unsigned long i;
    gdt_status st;

    memset(&t, 0, sizeof t);
    st = point_stepper(w, &t, ULONG_MAX - 1);
    t.stop_on_zero = 0;
    t.detect_cycles = t.stop_on_stall = 0;
    for (i = 0; st == GDT_OK && i < k; i++) {
        if (gdt_cancelled(w->o->stop)) {
            st = gdt_error_set(&w->err, GDT_EINTERRUPTED, SIZE_MAX, "interrupted");
            break;
        }
        t.print = GDT_PRINT_SUMMARY;
        if ((st = gdt_stepper_eval(&t, &w->err)) == GDT_OK)
            st = gdt_stepper_update(&t, &w->err);
    }
    t.print = GDT_PRINT_STEP;
    if (st == GDT_OK && (st = gdt_stepper_eval(&t, &w->err)) == GDT_OK)
        st = w->dom.ops->set(&w->loss, gdt_stepper_loss(&t), &w->dom);
    gdt_stepper_clear(&t);
    return st;
}

/* P's outcome when S's evaluation or update returned ST or stopped the
   run (size-limit, interrupted, error), at S's step: GDT_OK, that being
   an outcome of its own, or a stop or a failure of the sweep. */
static gdt_status
stepper_stopped(struct worker *w, const gdt_stepper *s, gdt_sweep_point *p, gdt_status st)
{
    p->step = s->k;
    p->outcome = s->stop == GDT_STOP_SIZE_LIMIT    ? GDT_OUTCOME_SIZE_LIMIT
                 : s->stop == GDT_STOP_INTERRUPTED ? GDT_OUTCOME_INTERRUPTED
                                                   : GDT_OUTCOME_ERROR;
    if (st == GDT_EINTERRUPTED || st == GDT_ENOMEM)
        return st;
    gdt_error_clear(&w->err);
    return GDT_OK;
}

/* ---------------------------------------------------------------------- */
/* A certified point (mode certified): the exact-real run as balls */

/* 1 at the steps where a certified run of one parameter is tested for a
   contraction: every step up to 15, then every 2^j-th step where
   16*2^j <= k < 32*2^j (about every (k/16)th), so that the tests
   cost a few dozen evaluations whatever max-iter (a ball's radius grows
   at each step even where the map contracts, as w - lr*g(w) on balls adds
   the radii of both terms: a test too late may find the ball too wide);
   and max-iter. */
static int
contract_due(unsigned long k, unsigned long max_iter)
{
    unsigned long stride = 1;

    while (stride * 16 <= k)
        stride *= 2;
    return k == max_iter || k % stride == 0;
}

/* *PROVEN = 1 when S's state (its loss below BOUND's ball so far) passes
   W's contraction test and the loss on the test's interval lies below
   BOUND's ball too: then every later step stays in that interval, and the
   run is bounded forever and converges. */
static gdt_status
contracting(struct worker *w, const gdt_stepper *s, const gdt_val *bound, int *proven)
{
    gdt_domain *d = &w->dom;
    gdt_status st;

    st = gdt_contract_test(proven, &w->con, gdt_stepper_param(s, 0), &s->lr[0], d);
    if (st != GDT_OK)
        return gdt_error_set(&w->err, st, SIZE_MAX, "the contraction test: %s",
                             gdt_status_str(st));
    if (*proven)
        *proven = d->ops->cmp(&w->con.loss, bound, d) == -1;
    return GDT_OK;
}

/* One run of W's point at the ball domain's precision, its outcome into
   P: GDT_EUNDECIDED when the balls do not decide it (a comparison with
   the escape bound, or a branch of the loss), P->step saying where.  The
   bound B = E max(1, loss_0) is a ball too, held in BOUND; a step
   diverges when its loss ball lies wholly above B's, and every earlier
   one lay wholly below or on it. */
static gdt_status
certified_run(struct worker *w, gdt_sweep_point *p, gdt_val *bound, gdt_val *t)
{
    const gdt_sweep_opts *o = w->o;
    gdt_stepper *s = &w->st;
    gdt_domain *d = &w->dom;
    gdt_status st;
    int c;

    gdt_stepper_clear(s);
    memset(s, 0, sizeof *s);
    gdt_error_clear(&w->err);
    if ((st = point_stepper(w, s, o->max_iter)) != GDT_OK)
        return st;
    /* the rules of exact equality cannot be decided on balls */
    s->stop_on_zero = 0;
    s->detect_cycles = s->stop_on_stall = 0;
    for (;;) {
        if (gdt_cancelled(o->stop)) {
            p->outcome = GDT_OUTCOME_INTERRUPTED;
            p->step = s->k;
            return GDT_EINTERRUPTED;
        }
        s->print = GDT_PRINT_STEP;
        st = gdt_stepper_eval(s, &w->err);
        p->step = s->k;
        if (st != GDT_OK && w->err.status == GDT_EUNDECIDED)
            return GDT_EUNDECIDED;
        if (st != GDT_OK || s->stop == GDT_STOP_ERROR || s->stop == GDT_STOP_SIZE_LIMIT
            || s->stop == GDT_STOP_INTERRUPTED)
            return stepper_stopped(w, s, p, st);
        if (s->k == 0) {
            if ((st = d->ops->set_q(t, *o->escape, d)) != GDT_OK)
                return st;
            mpq_set_ui(w->bound, 1, 1);
            if ((st = d->ops->set_q(bound, w->bound, d)) != GDT_OK
                || (st = d->ops->func(bound, GDT_FN_MAX, bound, gdt_stepper_loss(s), d))
                       != GDT_OK
                || (st = d->ops->mul(bound, bound, t, d)) != GDT_OK)
                return st;
        } else {
            c = d->ops->cmp(gdt_stepper_loss(s), bound, d);
            if (c != -1 && c != 0 && c != 1)
                return GDT_EUNDECIDED;
            if (c > 0) {
                p->outcome = GDT_OUTCOME_DIVERGED;
                break;
            }
        }
        if (o->contract != NULL && contract_due(s->k, o->max_iter)) {
            if ((st = contracting(w, s, bound, &c)) != GDT_OK)
                return st;
            if (c) {
                p->outcome = GDT_OUTCOME_CONTRACTING;
                break;
            }
        }
        if (s->stop != GDT_STOP_NONE) {
            p->outcome = GDT_OUTCOME_BOUNDED;
            break;
        }
        st = gdt_stepper_update(s, &w->err);
        if (st != GDT_OK && w->err.status == GDT_EUNDECIDED)
            return GDT_EUNDECIDED;
        if (st != GDT_OK)
            return stepper_stopped(w, s, p, st);
    }
    if ((st = d->ops->set(&w->loss, gdt_stepper_loss(s), d)) != GDT_OK)
        return st;
    p->loss = &w->loss;
    return GDT_OK;
}

/* Run point (I, J) of a certified sweep to its proven outcome into P:
   from O's precision, doubled while the balls do not decide it, up to
   O's cap; past it the outcome is undecided, at the step where the cap's
   balls first did not decide. */
static gdt_status
run_point_certified(struct worker *w, size_t i, size_t j, gdt_sweep_point *p)
{
    const gdt_sweep_opts *o = w->o;
    gdt_domain *d = &w->dom;
    mpfr_prec_t prec = o->prec;
    gdt_val bound, t;
    gdt_status st;
    size_t k;

    p->i = i;
    p->j = j;
    p->outcome = GDT_OUTCOME_ERROR;
    p->period = p->step = 0;
    p->loss = NULL;
    p->lr = (const mpq_t *)&w->lr_held;
    p->momentum = NULL;
    p->dom = d;
    for (k = 0; k < 2; k++)
        p->axis[k] = &w->axis[k];
    if ((st = point_values(w, i, j)) != GDT_OK)
        return st;
    mpq_set(w->lr_held, w->lr); /* held exactly: the exact-real run's */
    if (momentum_axis(o)) {
        mpq_set(w->mom_held, w->optim.momentum);
        p->momentum = (const mpq_t *)&w->mom_held;
    }
    d->ops->init(&bound, d);
    d->ops->init(&t, d);
    for (;;) {
        if ((st = gdt_ball_set_prec(d, prec)) != GDT_OK)
            break;
        st = certified_run(w, p, &bound, &t);
        if (st != GDT_EUNDECIDED)
            break;
        if (prec >= o->max_prec) {
            p->outcome = GDT_OUTCOME_UNDECIDED;
            gdt_error_clear(&w->err);
            st = GDT_OK;
            break;
        }
        prec = prec > o->max_prec / 2 ? o->max_prec : 2 * prec;
    }
    p->prec = prec;
    /* the axes' values: a learning rate or the momentum as the stepper
       holds it, a w0 as the point's exact w0 (the stepper's parameter is
       w at the last step now) */
    for (k = 0; st == GDT_OK && k < o->naxes; k++) {
        const gdt_sweep_axis *x = &o->axes[k];

        st = x->target == GDT_SWEEP_W0
                 ? d->ops->set_q(&w->axis[k], w->w0[x->param], d)
                 : d->ops->set(&w->axis[k], axis_value(w, &w->st, x), d);
    }
    d->ops->clear(&bound, d);
    d->ops->clear(&t, d);
    return st;
}

/* Run point (I, J) to its outcome into P. */
static gdt_status
run_point_alone(struct worker *w, size_t i, size_t j, gdt_sweep_point *p)
{
    const gdt_sweep_opts *o = w->o;
    gdt_stepper *s = &w->st;
    gdt_domain *d = &w->dom;
    size_t k;
    gdt_status st;

    if (o->max_prec > 0)
        return run_point_certified(w, i, j, p);
    p->i = i;
    p->j = j;
    p->outcome = GDT_OUTCOME_ERROR;
    p->period = p->step = 0;
    p->loss = NULL;
    p->lr = (const mpq_t *)&w->lr_held;
    p->momentum = NULL;
    p->dom = d;
    for (k = 0; k < 2; k++)
        p->axis[k] = &w->axis[k];
    gdt_stepper_clear(s);
    memset(s, 0, sizeof *s);
    if ((st = point_values(w, i, j)) != GDT_OK || (st = point_stepper(w, s, o->max_iter)) != GDT_OK)
        return st;
    for (k = 0; k < o->naxes; k++) {
        if ((st = d->ops->set(&w->axis[k], axis_value(w, s, &o->axes[k]), d)) != GDT_OK)
            return st;
    }
    if (d->ops->get_q(w->lr_held, &s->lr[0], d) != GDT_OK) /* inf or nan */
        mpq_set(w->lr_held, w->lr);
    if (momentum_axis(o)) { /* the momentum as the domain holds it */
        if (d->ops->get_q(w->mom_held, &w->momentum, d) != GDT_OK)
            mpq_set(w->mom_held, w->optim.momentum);
        p->momentum = (const mpq_t *)&w->mom_held;
    }
    for (;;) {
        if (gdt_cancelled(o->stop)) {
            p->outcome = GDT_OUTCOME_INTERRUPTED;
            p->step = s->k;
            return GDT_EINTERRUPTED;
        }
        s->print = GDT_PRINT_STEP;
        st = gdt_stepper_eval(s, &w->err);
        p->step = s->k;
        if (st != GDT_OK || s->stop == GDT_STOP_ERROR || s->stop == GDT_STOP_SIZE_LIMIT
            || s->stop == GDT_STOP_INTERRUPTED)
            return stepper_stopped(w, s, p, st);
        /* now the loss, the partials and w_k have values */
        /* the loss was evaluated with the step (GDT_PRINT_STEP, every
           field): gdt_stepper_not_finite reads it */
        if (gdt_stepper_not_finite(s)) { /* at step 0 too: no bound then */
            p->outcome = GDT_OUTCOME_DIVERGED;
            break;
        }
        if (s->k == 0) {
            if ((st = set_bound(w, gdt_stepper_loss(s))) != GDT_OK)
                return st;
        } else if (escapes(w, gdt_stepper_loss(s))) {
            p->outcome = GDT_OUTCOME_DIVERGED;
            break;
        }
        if (s->stop != GDT_STOP_NONE) {
            p->outcome = gdt_outcome_of_stop(s->stop, s->cycle_period);
            if (s->stop == GDT_STOP_CYCLE) {
                p->period = s->cycle_period;
                p->step = s->cycle_start;
                if (s->cycle_period > 1 && s->cycle_start != s->k) {
                    if ((st = loss_at(w, s->cycle_start)) != GDT_OK)
                        return st;
                    p->loss = &w->loss;
                    return GDT_OK;
                }
            } else if (s->stop == GDT_STOP_STALL) { /* w_k is the stall's state */
                p->period = 1;
                p->step = (unsigned long)s->stall_start;
            }
            break;
        }
        if ((st = gdt_stepper_update(s, &w->err)) != GDT_OK)
            return stepper_stopped(w, s, p, st);
    }
    if ((st = d->ops->set(&w->loss, gdt_stepper_loss(s), d)) != GDT_OK)
        return st;
    p->loss = &w->loss;
    return GDT_OK;
}

/* Run point (I, J) to its outcome into P, and with O's AGAINST, the
   certified outcome of the same point into P's AGAINST. */
static gdt_status
run_point(struct worker *w, size_t i, size_t j, gdt_sweep_point *p)
{
    gdt_sweep_point q;
    gdt_status st;

    p->against = GDT_OUTCOME_NONE;
    p->against_step = 0;
    if ((st = run_point_alone(w, i, j, p)) != GDT_OK || w->ag == NULL)
        return st;
    memset(&q, 0, sizeof q);
    q.index = p->index;
    gdt_error_clear(&w->ag->err);
    if ((st = run_point_certified(w->ag, i, j, &q)) != GDT_OK) {
        gdt_error_set(&w->err, st, SIZE_MAX, "%s", w->ag->err.msg);
        return st;
    }
    p->against = q.outcome;
    p->against_step = q.step;
    return GDT_OK;
}

/* Whether an exact integer fits in int64_t with room: |Z| < 2^62. */
static int
small_z(const mpz_t z)
{
    return mpz_sizeinbase(z, 2) < 62;
}

/* W->quick set up from the first point's stepper S when the lanes apply:
   each axis linear, its points (A (n-1) + (B - A) i)/(L (n-1)) for L the
   endpoints' common denominator, all machine integers; the other values
   of w_0 and lr as S holds them.  Nothing when an axis is a log one, the
   numbers are larger, or learning rates per parameter meet a plain lr
   axis: those points keep the stepper's set-up. */
static void
quick_init(struct worker *w, const gdt_stepper *s)
{
    const gdt_sweep_opts *o = w->o;
    size_t k, np = o->prog->nparams;
    mpz_t l, a, b, t;
    int ok = 1;

    w->tw0 = malloc((np + 1) * sizeof *w->tw0);
    w->tlr = malloc((np + 1) * sizeof *w->tlr);
    if (w->tw0 == NULL || w->tlr == NULL)
        return;
    for (k = 0; k < np; k++) {
        w->tw0[k] = gdt_stepper_param(s, k)->d;
        w->tlr[k] = s->lr[k].d;
    }
    mpz_inits(l, a, b, t, (mpz_ptr)0);
    for (k = 0; ok && k < o->naxes; k++) {
        const gdt_sweep_axis *x = &o->axes[k];
        unsigned long m = (unsigned long)(x->n > 1 ? x->n - 1 : 1);

        if (x->scale != GDT_SWEEP_LIN || (x->target == GDT_SWEEP_LR && w->lrs != NULL)
            || x->n - 1 > (size_t)1 << 40) {
            ok = 0;
            break;
        }
        mpz_lcm(l, mpq_denref(x->a), mpq_denref(x->b));
        mpz_divexact(a, l, mpq_denref(x->a));
        mpz_mul(a, a, mpq_numref(x->a));        /* A = a L */
        mpz_divexact(b, l, mpq_denref(x->b));
        mpz_mul(b, b, mpq_numref(x->b));        /* B = b L */
        mpz_mul_ui(t, l, m);                    /* Q = L (n - 1) */
        ok = small_z(t);
        w->qq[k] = ok ? mpz_get_si(t) : 0;
        mpz_mul_ui(a, a, m);                    /* P_0 = A (n - 1) */
        mpz_mul_ui(b, b, m);                    /* P_(n-1) = B (n - 1) */
        ok = ok && small_z(a) && small_z(b);
        mpz_sub(t, b, a);
        mpz_divexact_ui(t, t, m);               /* S = B - A */
        ok = ok && small_z(t);
        if (ok) {
            w->qp0[k] = mpz_get_si(a);
            w->qs[k] = mpz_get_si(t);
        }
    }
    mpz_clears(l, a, b, t, (mpz_ptr)0);
    w->quick = ok;
}

/* Point K in lane I by W->quick, its values kept in W->kept[SLOT]: 1
   when each axis's value rounds there (gdt_fast_ratio), else 0, nothing
   set. */
static int
quick_point(struct worker *w, uint64_t k, size_t i, size_t slot)
{
    const gdt_sweep_opts *o = w->o;
    size_t n1 = o->axes[0].n, a, np = o->prog->nparams, m;
    uint64_t idx[2] = { k % n1, k / n1 };
    double v[2], w0[GDT_QUICK_PARAMS], lr[GDT_QUICK_PARAMS];

    if (np > GDT_QUICK_PARAMS)
        return 0;
    for (a = 0; a < o->naxes; a++)
        if (!gdt_fast_ratio(&v[a], w->qp0[a] + (int64_t)idx[a] * w->qs[a], w->qq[a], &w->dom))
            return 0;
    for (m = 0; m < np; m++) {
        w0[m] = w->tw0[m];
        lr[m] = w->tlr[m];
    }
    for (a = 0; a < o->naxes; a++) {
        const gdt_sweep_axis *x = &o->axes[a];
        if (x->target == GDT_SWEEP_LR)
            for (m = 0; m < np; m++)
                lr[m] = v[a];
        else if (x->target == GDT_SWEEP_LR_OF)
            lr[x->param] = v[a];
        else
            w0[x->param] = v[a];
        w->kept[slot][a] = v[a];
    }
    w->kept[slot][2] = lr[0];
    gdt_lanes_set_d(w->lanes, i, w0, lr);
    return 1;
}

/* Point K's stepper set up in W->st and W's lanes ready for it (made on
   the first point, when the lanes apply): 1 when the point runs in lane
   I, its held axis values and lr saved in W->kept[SLOT].  After the first point, where
   W->quick applies, without a stepper. */
static int
lane_point(struct worker *w, uint64_t k, size_t i, size_t slot)
{
    const gdt_sweep_opts *o = w->o;
    size_t n1 = o->axes[0].n, a;
    gdt_stepper *s = &w->st;

    if (o->sr != 0 || o->optim != NULL) /* each point its own generator, an optimizer: the
                                           generic stepper's */
        return 0;
    if (w->quick && quick_point(w, k, i, slot))
        return 1;
    gdt_stepper_clear(s);
    memset(s, 0, sizeof *s);
    if (point_values(w, (size_t)(k % n1), (size_t)(k / n1)) != GDT_OK
        || point_stepper(w, s, o->max_iter) != GDT_OK) {
        gdt_error_clear(&w->err); /* run_point says it again */
        return 0;
    }
    if (!w->lanes_tried) {
        w->lanes_tried = 1;
        w->lanes = gdt_lanes_new(s, o->escape);
        if (w->lanes != NULL)
            quick_init(w, s);
    }
    if (w->lanes == NULL)
        return 0;
    for (a = 0; a < o->naxes; a++)
        w->kept[slot][a] = axis_value(w, s, &o->axes[a])->d;
    w->kept[slot][2] = s->lr[0].d;
    gdt_lanes_set(w->lanes, i, s);
    return 1;
}

/* gdt_lanes_load for W (the CTX): point W->chunk + K in LANE. */
static int
load_point(void *ctx, size_t k, size_t lane)
{
    struct worker *w = ctx;

    w->set[k] = (unsigned char)lane_point(w, w->chunk + k, lane, k);
    return w->set[k];
}

/* Points FIRST .. LAST - 1 in batches of lanes, each record appended to
   W->rec through SINK; *K the first point without its record, *COMPLETE
   the bytes of the records before it.  A point the lanes do not settle
   runs point by point. */
static gdt_status
run_lanes(struct worker *w, const gdt_sweep_sink *sink, uint64_t first, uint64_t last,
          uint64_t *k, size_t *complete)
{
    const gdt_sweep_opts *o = w->o;
    size_t n1 = o->axes[0].n, n, i, a;
    gdt_domain *d = &w->dom;
    gdt_sweep_point pt = { .momentum = NULL };
    gdt_val lr;
    gdt_status st = GDT_OK;
    uint64_t b;

    for (b = first; b < last; b += n) {
        n = last - b < CHUNK ? (size_t)(last - b) : CHUNK;
        w->chunk = b;
        memset(w->set, 0, n);
        if (!w->lanes_tried) /* the lanes made on the first point */
            (void)lane_point(w, b, 0, 0);
        if (w->lanes != NULL) {
            for (i = 0; i < n; i++)
                w->out[i].fallback = 0;
            st = gdt_lanes_run(w->lanes, n, o->max_iter, w->out, load_point, w, o->stop);
            if (st != GDT_OK) {
                *k = b;
                return st;
            }
        }
        for (i = 0; i < n; i++) {
            gdt_lane_out *lo = &w->out[i];
            pt.index = b + i;
            gdt_error_clear(&w->err);
            if (w->lanes == NULL || !w->set[i] || lo->fallback) {
                st = run_point(w, (size_t)(pt.index % n1), (size_t)(pt.index / n1), &pt);
            } else {
                pt.i = (size_t)(pt.index % n1);
                pt.j = (size_t)(pt.index / n1);
                pt.outcome = lo->outcome;
                pt.period = lo->period;
                pt.step = lo->step;
                pt.dom = d;
                for (a = 0; a < 2; a++) {
                    if (a < o->naxes)
                        w->axis[a].d = w->kept[i][a];
                    pt.axis[a] = &w->axis[a];
                }
                w->loss.d = lo->loss;
                pt.loss = &w->loss;
                lr.d = w->kept[i][2];
                if (d->ops->get_q(w->lr_held, &lr, d) != GDT_OK
                    && (st = point_values(w, pt.i, pt.j)) == GDT_OK)
                    mpq_set(w->lr_held, w->lr); /* inf or nan */
                pt.lr = (const mpq_t *)&w->lr_held;
            }
            if (st == GDT_OK)
                st = sink->record(sink->ctx, &pt, &w->rec, &w->err);
            if (st != GDT_OK) {
                *k = pt.index;
                return st;
            }
            *complete = w->rec.len;
        }
    }
    *k = last;
    return GDT_OK;
}

/* ---------------------------------------------------------------------- */
/* The pool: blocks of points handed out by an atomic counter, their
   records written in order through a window of WINDOW blocks a thread */

#define WINDOW 4

struct slot {
    gdt_buf rec;
    uint64_t first, n;
    int full;
};

struct pool {
    const gdt_sweep_opts *o;
    const gdt_sweep_sink *sink;
    uint64_t base, npoints, block, nblocks; /* points BASE .. BASE + NPOINTS - 1 */
    atomic_uint_fast64_t next;     /* the next block to hand out */
    pthread_mutex_t lock;
    pthread_cond_t moved;
    uint64_t written;              /* blocks written (under LOCK) */
    struct slot *slots;            /* WINDOW * threads, block b in b % nslots */
    size_t nslots;
    uint64_t fail_block;           /* the first block that failed or was
                                      stopped (UINT64_MAX: none): its
                                      complete records are the last written */
    gdt_status st;                 /* its failure */
    gdt_error err;
    uint64_t done;                 /* points written */
};

/* Write the full slots from the next block on, none past the block that
   failed; under P->lock. */
static void
flush_slots(struct pool *p)
{
    gdt_error err;

    for (;;) {
        struct slot *sl = &p->slots[p->written % p->nslots];
        gdt_status st;

        if (!sl->full)
            return;
        if (sl->n > 0 && p->written <= p->fail_block) {
            gdt_error_clear(&err);
            st = p->sink->write(p->sink->ctx, &sl->rec, sl->first, sl->n, &err);
            if (st == GDT_OK) {
                p->done += sl->n;
            } else if (p->written < p->fail_block || p->st == GDT_EINTERRUPTED) {
                p->fail_block = p->written;
                p->st = st;
                p->err = err;
            }
        }
        gdt_buf_reset(&sl->rec);
        sl->full = 0;
        p->written++;
        pthread_cond_broadcast(&p->moved);
    }
}

/* Block B failed with ST (ERR): the first one in the grid's order wins,
   and a failure over a stop; under P->lock. */
static void
pool_fail(struct pool *p, uint64_t b, gdt_status st, const gdt_error *err)
{
    if (b < p->fail_block || (b == p->fail_block && p->st == GDT_EINTERRUPTED)) {
        p->fail_block = b;
        p->st = st;
        p->err = *err;
    }
    pthread_cond_broadcast(&p->moved);
}

static void *
pool_worker(void *arg)
{
    struct pool *p = arg;
    const gdt_sweep_opts *o = p->o;
    size_t n1 = o->axes[0].n;
    struct worker w;
    gdt_sweep_point pt = { .momentum = NULL };
    gdt_error err;
    gdt_status st;

    gdt_error_clear(&err);
    st = worker_init(&w, o, &err);
    if (st != GDT_OK) {
        pthread_mutex_lock(&p->lock);
        pool_fail(p, 0, st, &err);
        pthread_mutex_unlock(&p->lock);
        worker_clear(&w);
        mpfr_free_cache2(MPFR_FREE_LOCAL_CACHE);
        return NULL;
    }
    for (;;) {
        uint64_t b = atomic_fetch_add(&p->next, 1), first, last, k;
        size_t complete = 0; /* the bytes of the records made whole */
        struct slot *sl;
        int skip;

        if (b >= p->nblocks)
            break;
        /* wait until the block's slot is free: the window bounds memory */
        pthread_mutex_lock(&p->lock);
        while (b < p->fail_block && b >= p->written + p->nslots)
            pthread_cond_wait(&p->moved, &p->lock);
        skip = b > p->fail_block;
        pthread_mutex_unlock(&p->lock);
        if (skip)
            break;
        first = p->base + b * p->block;
        last = first + p->block < p->base + p->npoints ? first + p->block
                                                       : p->base + p->npoints;
        gdt_buf_reset(&w.rec);
        st = GDT_OK;
        if (!o->point_by_point)
            st = run_lanes(&w, p->sink, first, last, &k, &complete);
        else
            for (k = first; k < last; k++) {
                pt.index = k;
                gdt_error_clear(&w.err);
                st = run_point(&w, (size_t)(k % n1), (size_t)(k / n1), &pt);
                if (st == GDT_OK)
                    st = p->sink->record(p->sink->ctx, &pt, &w.rec, &w.err);
                if (st != GDT_OK)
                    break;
                complete = w.rec.len;
            }
        pthread_mutex_lock(&p->lock);
        if (st != GDT_OK)
            pool_fail(p, b, st, &w.err);
        sl = &p->slots[b % p->nslots];
        gdt_buf_reset(&sl->rec);
        if (gdt_buf_putn(&sl->rec, w.rec.s != NULL ? w.rec.s : "", complete) != GDT_OK) {
            gdt_error_set(&err, GDT_ENOMEM, SIZE_MAX, "out of memory");
            pool_fail(p, b, GDT_ENOMEM, &err);
            k = first;
        }
        sl->first = first;
        sl->n = k - first;
        sl->full = 1;
        flush_slots(p);
        pthread_mutex_unlock(&p->lock);
        if (st != GDT_OK)
            break;
    }
    worker_clear(&w);
    /* MPFR's constants (log 10 for a log axis' points) cached by this
       thread, which would outlive it */
    mpfr_free_cache2(MPFR_FREE_LOCAL_CACHE);
    return NULL;
}

/* Points a block: about 1/64 of a thread's share, at most 4096, so that
   uneven escape times spread over the threads. */
static uint64_t
block_size(uint64_t npoints, unsigned threads)
{
    uint64_t b = npoints / ((uint64_t)threads * 64);

    return b < 1 ? 1 : b > 4096 ? 4096 : b;
}

gdt_status
gdt_sweep_run(const gdt_sweep_opts *o, const gdt_sweep_sink *sink, uint64_t *done,
              gdt_error *err)
{
    unsigned threads = o->threads < 1 ? 1 : o->threads, t, started = 0;
    pthread_t *tid;
    struct pool p;
    size_t k;
    gdt_status st;

    *done = 0;
    memset(&p, 0, sizeof p);
    p.o = o;
    p.sink = sink;
    p.npoints = gdt_sweep_points(o);
    if (o->first > p.npoints)
        return gdt_error_set(err, GDT_ERANGE, SIZE_MAX, "no point %llu in a grid of %llu",
                             (unsigned long long)o->first, (unsigned long long)p.npoints);
    p.base = o->first;
    p.npoints -= o->first;
    if (o->count != 0 && o->count < p.npoints)
        p.npoints = o->count;
    if (p.npoints == 0)
        return GDT_OK;
    p.block = block_size(p.npoints, threads);
    p.nblocks = (p.npoints + p.block - 1) / p.block;
    if ((uint64_t)threads > p.nblocks)
        threads = (unsigned)p.nblocks;
    atomic_init(&p.next, 0);
    p.nslots = (size_t)WINDOW * threads;
    p.slots = calloc(p.nslots, sizeof *p.slots);
    tid = calloc(threads, sizeof *tid);
    if (p.slots == NULL || tid == NULL) {
        free(p.slots);
        free(tid);
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    }
    for (k = 0; k < p.nslots; k++)
        gdt_buf_init(&p.slots[k].rec);
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.moved, NULL);
    gdt_error_clear(&p.err);
    p.fail_block = UINT64_MAX;
    for (t = 0; t < threads; t++) {
        if (pthread_create(&tid[t], NULL, pool_worker, &p) != 0)
            break;
        started++;
    }
    if (started == 0) /* no thread: this one does the work */
        pool_worker(&p);
    for (t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    st = p.fail_block != UINT64_MAX ? p.st : GDT_OK;
    if (st == GDT_OK && p.done < p.npoints) /* cannot happen; say so if it does */
        st = gdt_error_set(&p.err, GDT_ERANGE, SIZE_MAX, "points left out");
    if (st != GDT_OK && err != NULL)
        *err = p.err;
    *done = p.done;
    pthread_cond_destroy(&p.moved);
    pthread_mutex_destroy(&p.lock);
    for (k = 0; k < p.nslots; k++)
        gdt_buf_clear(&p.slots[k].rec);
    free(p.slots);
    free(tid);
    return st;
}

/* ---------------------------------------------------------------------- */

/* 1 when every point of the linear axis X is an integer: A and the step
   (B - A)/(n - 1). */
static int
integer_points(const gdt_sweep_axis *x)
{
    mpq_t d;
    int ok;

    if (mpz_cmp_ui(mpq_denref(x->a), 1) != 0)
        return 0;
    if (x->n < 2)
        return 1;
    mpq_init(d);
    mpq_sub(d, x->b, x->a);
    mpz_mul_ui(mpq_denref(d), mpq_denref(d), (unsigned long)(x->n - 1));
    mpq_canonicalize(d);
    ok = mpz_cmp_ui(mpq_denref(d), 1) == 0;
    mpq_clear(d);
    return ok;
}

gdt_status
gdt_sweep_check(const gdt_sweep_opts *o, size_t *axis, gdt_error *err)
{
    struct worker w;
    gdt_status st;
    size_t k, e;

    *axis = SIZE_MAX;
    st = worker_init(&w, o, err);
    if (st == GDT_OK) { /* the problem's constants, at no point in particular */
        gdt_val t;
        w.dom.ops->init(&t, &w.dom);
        st = gdt_stepper_check_consts(o->prog, &t, &w.dom, err);
        w.dom.ops->clear(&t, &w.dom);
        if (st != GDT_OK)
            *axis = GDT_SWEEP_CHECK_PROBLEM;
    }
    for (k = 0; st == GDT_OK && k < o->naxes; k++) {
        const gdt_sweep_axis *x = &o->axes[k];
        int is_int = strcmp(w.dom.ops->kind, "int") == 0;
        /* the ends, and in an integer mode a point between them that is
           not an integer, which the mode refuses */
        size_t ends[3] = { 0, x->n - 1, 1 };
        size_t nends = is_int && !integer_points(x) ? 3 : 2;

        if (x->scale == GDT_SWEEP_LOG && (w.dom.ops->exact || is_int)) {
            *axis = k;
            st = gdt_error_set(err, GDT_EDOMAIN, SIZE_MAX,
                               "a log axis has irrational points, which %s cannot hold",
                               w.dom.name);
            break;
        }
        for (e = 0; st == GDT_OK && e < nends; e++) {
            size_t idx[2] = { 0, 0 };
            idx[k] = ends[e] < x->n ? ends[e] : 0;
            gdt_error_clear(&w.err);
            gdt_stepper_clear(&w.st);
            memset(&w.st, 0, sizeof w.st);
            if ((st = point_values(&w, idx[0], idx[1])) == GDT_OK)
                st = point_stepper(&w, &w.st, o->max_iter);
            if (st != GDT_OK) {
                *axis = k;
                *err = w.err;
            }
        }
    }
    worker_clear(&w);
    return st;
}
