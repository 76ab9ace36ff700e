/* run_at -- the exact state at step N of an affine run, in closed form */
#include <stdint.h>
#include <stdlib.h>
#include "gdtrace/affine.h"
#include "gdtrace/optim.h"
#include "gdtrace/run.h"
#include "base/vec.h"

/* W = the state at step K of the run from W0 with LR, or with LRS[i] for
   parameter i when LRS is not NULL (gdt_affine_at). */
static gdt_status
state_at(mpq_t *w, const gdt_affine *af, const mpq_t lr, const mpq_t *lrs, const mpq_t *w0,
         unsigned long k, gdt_cancel *stop)
{
    return lrs != NULL ? gdt_affine_at_lrs(w, af, lrs, w0, k, stop)
                       : gdt_affine_at(w, af, lr, w0, k, stop);
}

/* 1 when the gradient of the affine map AF is zero at step K of the run
   from W0 with LR, LRS (the state W computed in closed form, G scratch). */
static int
zero_at(const gdt_affine *af, const mpq_t lr, const mpq_t *lrs, const mpq_t *w0,
        unsigned long k, mpq_t *w, mpq_t *g, gdt_cancel *stop)
{
    size_t i;

    if (state_at(w, af, lr, lrs, w0, k, stop) != GDT_OK)
        return 0;
    gdt_affine_grad(g, af, (const mpq_t *)w);
    for (i = 0; i < af->n; i++)
        if (mpq_sgn(g[i]) != 0)
            return 0;
    return 1;
}

/* gdt_run_at_init's state of SGD with momentum HB on the affine map AF
   into A (A->w allocated). */
static gdt_status
momentum_at(gdt_run_at *a, const gdt_affine *af, const gdt_heavyball *hb, const mpq_t lr,
            const mpq_t *lrs, const mpq_t *w0, gdt_cancel *stop, gdt_error *err)
{
    gdt_status st;

    if (!gdt_affine_diagonal(af))
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "with momentum needs parameters that do not couple (a diagonal "
                             "Hessian); run --max-iter instead");
    if ((a->buf = gdt_qvec_new(a->n)) == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    st = gdt_momentum_at(a->w, a->buf, af, hb, lr, lrs, w0, a->k, stop);
    if (st == GDT_EINTERRUPTED)
        return gdt_error_set(err, st, SIZE_MAX, "interrupted");
    if (st == GDT_ENOMEM)
        return gdt_error_set(err, st, SIZE_MAX, "out of memory");
    if (st != GDT_OK)
        return gdt_error_set(err, GDT_ERANGE, SIZE_MAX,
                             "the state at step %lu would need more than %lu bits (--max-bits)",
                             a->k, (unsigned long)af->max_bits);
    return GDT_OK;
}

gdt_status
gdt_run_at_init(gdt_run_at *a, const gdt_problem *p, const gdt_program *prog,
                const mpq_t lr, const mpq_t *lrs, const mpq_t *w0, const gdt_heavyball *hb,
                unsigned long at, int stop_on_zero, size_t max_bits, const gdt_run_opts *opts,
                gdt_error *err)
{
    gdt_cancel *stop = opts != NULL ? opts->stop : NULL;
    gdt_affine af;
    mpq_t *g;
    unsigned long lo, hi;
    size_t i, n = p->n;
    gdt_status st = GDT_OK;

    a->n = 0;
    a->k = at;
    a->stopped = 0;
    a->w = NULL;
    a->buf = NULL;
    if (hb != NULL && stop_on_zero)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "with momentum needs --stop without grad-zero: a zero gradient "
                             "need not stay zero, and its first step has no closed form here "
                             "(add --stop none, or run --max-iter N)");
    if (!gdt_problem_is_affine(p))
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "needs a loss whose gradient is affine (a quadratic loss); "
                             "run --max-iter instead");
    if ((st = gdt_affine_init(&af, prog)) != GDT_OK)
        return gdt_error_set(err, st, SIZE_MAX, "the exact gradient at 0 has no value");
    af.max_bits = max_bits;
    a->w = malloc(n * sizeof *a->w);
    g = gdt_qvec_new(n);
    if (a->w == NULL || g == NULL) {
        gdt_qvec_free(g, n);
        gdt_affine_clear(&af);
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    }
    a->n = n;
    for (i = 0; i < n; i++)
        mpq_init(a->w[i]);
    if (hb != NULL) {
        st = momentum_at(a, &af, hb, lr, lrs, w0, stop, err);
        gdt_qvec_free(g, n);
        gdt_affine_clear(&af);
        return st;
    }
    if (stop_on_zero && zero_at(&af, lr, lrs, w0, at, a->w, g, stop)) {
        /* the first step with a zero gradient, by bisection in [0, at] */
        lo = 0;
        hi = at;
        while (lo < hi) {
            unsigned long mid = lo + (hi - lo) / 2;
            if (zero_at(&af, lr, lrs, w0, mid, a->w, g, stop))
                hi = mid;
            else
                lo = mid + 1;
        }
        a->k = lo;
        a->stopped = 1;
    }
    if ((st = state_at(a->w, &af, lr, lrs, w0, a->k, stop)) == GDT_EINTERRUPTED)
        gdt_error_set(err, st, SIZE_MAX, "interrupted");
    else if (st != GDT_OK)
        st = gdt_error_set(err, GDT_ERANGE, SIZE_MAX,
                           "the state at step %lu would need more than %lu bits (--max-bits)",
                           a->k, (unsigned long)max_bits);
    gdt_qvec_free(g, n);
    gdt_affine_clear(&af);
    return st;
}

void
gdt_run_at_clear(gdt_run_at *a)
{
    size_t i;

    if (a == NULL)
        return;
    for (i = 0; a->w != NULL && i < a->n; i++)
        mpq_clear(a->w[i]);
    free(a->w);
    a->w = NULL;
    gdt_qvec_free(a->buf, a->n);
    a->buf = NULL;
    a->n = 0;
}

gdt_status
gdt_run_at_steps(const gdt_run_at *a, gdt_stepper *s, const gdt_run_sink *out,
                 const gdt_run_info *info, gdt_error *err)
{
    gdt_status st;

    size_t i;

    s->k = a->k;
    for (i = 0; a->buf != NULL && a->k > 0 && i < a->n; i++)
        if ((st = gdt_stepper_optim_set_state(s, 0, i, a->buf[i])) != GDT_OK)
            return gdt_error_set(err, st, SIZE_MAX, "the momentum buffer: %s",
                                 gdt_status_str(st));
    st = out->begin(out->ctx, info, s, err);
    if (st == GDT_OK)
        st = gdt_stepper_eval(s, err);
    if (st == GDT_OK && out->every != 0) /* the one step is the last */
        st = out->step(out->ctx, s, err);
    s->stop = a->stopped ? GDT_STOP_GRAD_ZERO : GDT_STOP_AT;
    if (st == GDT_OK)
        st = out->end(out->ctx, s, err);
    return st;
}
