/* analysis -- gdtrace analyze's answer, computed section by section into a
   struct that a report turns into text */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/analyze.h"
#include "gdtrace/mode.h"
#include "gdtrace/optim.h"
#include "base/vec.h"

/* Simulate at most this many steps per format (the prediction has no
   limit: it never iterates). */
#define PREDICT_LIMIT 100000UL

void
gdt_analysis_init(gdt_analysis *an)
{
    memset(an, 0, sizeof *an);
    mpq_inits(an->q1.f2, an->q1.ws, an->q1.e0, an->q1.r, an->q1.step, an->q1.drift,
              an->q1.lr_critical, an->q1.lr_one_step, an->at.loss, an->traj.w, an->traj.grad,
              an->traj.f2, an->traj.multiplier, an->traj.lr_critical, an->traj.gnorm_last,
              an->traj.gnorm, an->traj.dist, an->traj.radius, an->traj.lr_limit, NULL);
    gdt_hessian_init(&an->hess);
    gdt_roots_init(&an->qn.eig);
    gdt_root_init(&an->qn.radius);
    gdt_root_init(&an->qn.lr_critical);
    gdt_prediction_init(&an->format.pr);
    gdt_heavyball_init(&an->mom.hb);
    mpq_inits(an->mom.lr_critical, an->mom.lr_low, NULL);
    mpfr_init(an->mom.radius);
    gdt_roots_init(&an->crit.roots);
    mpfr_init(an->lyap.lambda);
    gdt_poly_init(&an->g);
    gdt_poly_init(&an->cp);
    gdt_poly_init(&an->ch);
}

/* Free the N critical points PT. */
static void
points_free(gdt_critical_point *pt, size_t n)
{
    size_t i;

    for (i = 0; pt != NULL && i < n; i++)
        mpq_clears(pt[i].f2, pt[i].multiplier, pt[i].lr_critical, NULL);
    free(pt);
}

void
gdt_analysis_clear(gdt_analysis *an)
{
    size_t n, i;

    if (an == NULL)
        return;
    n = an->affine.n;
    mpq_clears(an->q1.f2, an->q1.ws, an->q1.e0, an->q1.r, an->q1.step, an->q1.drift,
               an->q1.lr_critical, an->q1.lr_one_step, an->at.loss, an->traj.w, an->traj.grad,
               an->traj.f2, an->traj.multiplier, an->traj.lr_critical, an->traj.gnorm_last,
               an->traj.gnorm, an->traj.dist, an->traj.radius, an->traj.lr_limit, NULL);
    gdt_qvec_free(an->traj.wl, an->traj.n);
    gdt_qvec_free(an->traj.ws, an->traj.n);
    gdt_qvec_free(an->traj.h, an->traj.n * an->traj.n);
    gdt_qvec_free(an->traj.eig, an->traj.n);
    free(an->sharp.lmax);
    gdt_hessian_clear(&an->hess);
    gdt_qvec_free(an->qn.ws, n);
    gdt_roots_clear(&an->qn.eig);
    gdt_root_clear(&an->qn.radius);
    gdt_root_clear(&an->qn.lr_critical);
    gdt_qvec_free(an->at.w, n);
    gdt_qvec_free(an->at.grad, n);
    gdt_qvec_free(an->at.buf, n);
    for (i = 0; an->mom.map != NULL && i < an->mom.n; i++)
        gdt_momentum_map_clear(&an->mom.map[i]);
    free(an->mom.map);
    gdt_qvec_free(an->mom.ws, an->mom.n);
    gdt_heavyball_clear(&an->mom.hb);
    mpq_clears(an->mom.lr_critical, an->mom.lr_low, NULL);
    mpfr_clear(an->mom.radius);
    gdt_prediction_clear(&an->format.pr);
    points_free(an->crit.pt, an->crit.roots.n);
    gdt_roots_clear(&an->crit.roots);
    mpfr_clear(an->lyap.lambda);
    gdt_poly_clear(&an->g);
    gdt_poly_clear(&an->cp);
    gdt_poly_clear(&an->ch);
    gdt_program_clear(&an->fpp);
    gdt_expr_free(an->f2e);
    gdt_affine_clear(&an->affine);
    memset(an, 0, sizeof *an);
}

/* ------------------------------------------------------------ the plan */

/* ST, with ERR saying what failed when it is not GDT_OK. */
static gdt_status
analysis_error(const gdt_analysis *an, gdt_status st, gdt_error *err)
{
    if (st == GDT_ERANGE)
        return gdt_error_set(err, st, SIZE_MAX, "a value would need more than %zu bits "
                             "(--max-bits)", an->in->max_bits);
    if (st != GDT_OK)
        return gdt_error_set(err, st, SIZE_MAX, "%s", gdt_status_str(st));
    return GDT_OK;
}

/* GDT_OK when P is within the roots budget of IN; else GDT_EVALUE (a
   refusal) with ERR naming WHAT, the bound and its option. */
static gdt_status
roots_budget(const gdt_poly *p, const char *what, const gdt_analyze_in *in, gdt_error *err)
{
    gdt_error e;
    gdt_status st;

    gdt_error_clear(&e);
    st = gdt_poly_roots_check(p, &in->roots, &e);
    if (st == GDT_OK)
        return GDT_OK;
    if (st != GDT_ERANGE)
        return gdt_error_set(err, st, SIZE_MAX, "%s: %s", what, e.msg);
    return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "%s: %s (%s)", what, e.msg,
                         in->roots.max_degree != 0 && p->n > in->roots.max_degree + 1
                             ? "--max-degree" : "--max-coeff-bits");
}

/* G = the gradient of P's one parameter as a polynomial; *IS_POLY = 0 when
   it is none (GDT_EINTERRUPTED and GDT_ENOMEM are errors).  A derived
   gradient is taken as the derivative of the loss's polynomial: a product
   of N factors is N products that way, not the N^2 of the derived
   expression's terms. */
static gdt_status
gradient_poly(int *is_poly, gdt_poly *g, const gdt_problem *p, gdt_cancel *stop)
{
    gdt_poly lp;
    gdt_error e;
    gdt_status st = GDT_EVALUE;

    *is_poly = 0;
    gdt_poly_init(&lp);
    if (p->grad_derived[0]) {
        st = gdt_poly_from_expr(&lp, p->loss, 0, stop, &e);
        if (st == GDT_OK)
            st = gdt_poly_derive(g, &lp);
    }
    if (st != GDT_OK && st != GDT_EINTERRUPTED && st != GDT_ENOMEM)
        st = gdt_poly_from_expr(g, p->grad[0], 0, stop, &e);
    gdt_poly_clear(&lp);
    *is_poly = st == GDT_OK;
    return st == GDT_EINTERRUPTED || st == GDT_ENOMEM ? st : GDT_OK;
}

/* CP = det(x I - M) for M = I - D H, D = diag(lr) (IN's lr, or its lrs),
   and CH = det(x I - H): their real roots are the eigenvalues of M and of
   H. */
static gdt_status
quadratic_charpolys(gdt_poly *cp, gdt_poly *ch, const gdt_affine *a,
                    const gdt_analyze_in *in, gdt_cancel *stop)
{
    size_t n = a->n;
    mpq_t *m = gdt_qvec_new(n * n);
    gdt_status st;

    if (m == NULL)
        return GDT_ENOMEM;
    if (in->lrs != NULL)
        gdt_affine_step_matrix_lrs(m, n, a, in->lrs);
    else
        gdt_affine_step_matrix(m, n, a, in->lr);
    st = gdt_matrix_charpoly(cp, (const mpq_t *)m, n, stop);
    if (st == GDT_OK)
        st = gdt_matrix_charpoly(ch, (const mpq_t *)a->h, n, stop);
    gdt_qvec_free(m, n * n);
    return st;
}

/* 1 when every learning rate per parameter of IN is >= 0. */
static int
lrs_nonneg(const gdt_analyze_in *in)
{
    size_t i;

    for (i = 0; i < in->problem->n; i++)
        if (mpq_sgn(in->lrs[i]) < 0)
            return 0;
    return 1;
}

/* The number of IEEE formats predicted for: the mode table's. */
static size_t
count_formats(void)
{
    size_t n = 0;

    while (n < GDT_ANALYSIS_MAX_FORMATS && gdt_mode_ieee(n) != NULL)
        n++;
    return n;
}

/* Why a quadratic loss has no sharpness column. */
static const char no_sharpness[] =
    "the sharpness: the loss is quadratic, its Hessian the same at every step (analyze gives "
    "its eigenvalues and the critical lr)";

/* AN's affine map of IN's gradient, exactly, bounded by IN->max_bits. */
static gdt_status
open_affine(gdt_analysis *an, const gdt_analyze_in *in, gdt_error *err)
{
    gdt_status st = gdt_affine_init(&an->affine, in->program);

    if (st != GDT_OK)
        return gdt_error_set(err, st, SIZE_MAX, "the exact gradient at 0: %s",
                             gdt_status_str(st));
    an->affine_ok = 1;
    an->affine.max_bits = in->max_bits;
    return GDT_OK;
}

/* The option that asked for the optimizer O, for messages. */
static const char *
optim_option(const gdt_optim *o)
{
    if (o->kind != GDT_OPTIM_SGD)
        return "optimizer";
    if (o->nsched > 0)
        return "schedule";
    return mpq_sgn(o->momentum) != 0 ? "momentum" : "weight-decay";
}

/* gdt_analysis_start for SGD with momentum or weight decay (IN->optim):
   a quadratic loss, each parameter its own 2x2 map (a diagonal H);
   the plan PROBLEM, MOMENTUM, AT with --at. */
static gdt_status
momentum_start(gdt_analysis *an, const gdt_analyze_in *in, int affine, gdt_error *err)
{
    const gdt_optim *o = in->optim;
    const char *opt = optim_option(o);
    gdt_status st;

    if (o->kind != GDT_OPTIM_SGD || o->nsched > 0)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "--%s: analyze takes SGD (with --momentum, --dampening, "
                             "--nesterov, --weight-decay) on a quadratic loss; run this one",
                             opt);
    if (!affine)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "--%s: analyze takes momentum and weight decay on a quadratic "
                             "loss (an exact 2x2 map per parameter): this loss's gradient is "
                             "not affine; run it instead", opt);
    if (in->sharpness || in->keep_sharpness)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "%s", no_sharpness);
    if ((st = open_affine(an, in, err)) != GDT_OK)
        return st;
    if (!gdt_affine_diagonal(&an->affine))
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "--%s: analyze takes several parameters with momentum when they "
                             "do not couple (a diagonal Hessian, a 2x2 map each): this loss's "
                             "Hessian is not diagonal", opt);
    mpq_set(an->mom.hb.m, o->momentum);
    mpq_set(an->mom.hb.d, o->dampening);
    mpq_set(an->mom.hb.wd, o->weight_decay);
    an->mom.hb.nesterov = o->nesterov;
    an->plan[an->nplan++] = GDT_ANALYSIS_PROBLEM;
    an->plan[an->nplan++] = GDT_ANALYSIS_MOMENTUM;
    if (in->has_at)
        an->plan[an->nplan++] = GDT_ANALYSIS_AT;
    return GDT_OK;
}

gdt_status
gdt_analysis_start(gdt_analysis *an, const gdt_analyze_in *in, unsigned long bits,
                   const gdt_run_opts *opts, gdt_error *err)
{
    int affine = gdt_problem_is_affine(in->problem);
    gdt_status st = GDT_OK;

    an->in = in;
    an->bits = bits;
    an->stop = opts != NULL ? opts->stop : NULL;
    an->section = GDT_ANALYSIS_END;
    an->nplan = an->next = 0;
    if (in->has_at && !affine)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "--at needs a loss whose gradient is affine (a quadratic loss): "
                             "this one's is not; run --max-iter %lu instead", in->at);
    if (!gdt_optim_plain(in->optim))
        return momentum_start(an, in, affine, err);
    /* what may refuse the problem comes before its first line */
    if (affine) {
        if ((st = open_affine(an, in, err)) != GDT_OK)
            return st;
        if (an->affine.n > 1 && in->roots.max_degree != 0
            && an->affine.n > in->roots.max_degree)
            return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                                 "eigenvalues: the characteristic polynomial: degree %zu is "
                                 "over the bound %lu (--max-degree)", an->affine.n,
                                 in->roots.max_degree);
        if (an->affine.n > 1 && in->lrs != NULL && !lrs_nonneg(in))
            return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                                 "eigenvalues: learning rates per parameter must be >= 0 "
                                 "(I - diag(lr) H may have complex eigenvalues otherwise)");
        if (an->affine.n > 1
            && (st = quadratic_charpolys(&an->cp, &an->ch, &an->affine, in, an->stop))
                   == GDT_OK
            && (st = roots_budget(&an->cp, "eigenvalues: the characteristic polynomial of "
                                           "I - lr*H", in, err)) == GDT_OK)
            st = roots_budget(&an->ch, "eigenvalues: the characteristic polynomial of H", in,
                              err);
        if (st == GDT_EVALUE)
            return st;
    } else if (in->problem->n == 1) {
        /* the degree as written bounds the polynomial's: refuse before
           building one past the budget */
        long deg = gdt_expr_degree(in->problem->grad[0], 0);
        if (deg > 0 && in->roots.max_degree != 0 && (unsigned long)deg > in->roots.max_degree)
            return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                                 "critical points: the gradient's polynomial: degree %ld (as "
                                 "written) is over the bound %lu (--max-degree)",
                                 deg, in->roots.max_degree);
        st = gradient_poly(&an->is_poly, &an->g, in->problem, an->stop);
        if (st == GDT_OK && an->is_poly
            && (st = roots_budget(&an->g, "critical points: the gradient's polynomial", in,
                                  err)) == GDT_EVALUE)
            return st;
    }
    if (st == GDT_OK && !affine) {
        /* the Hessian, exactly: none when a partial has no derivative */
        gdt_status hs = gdt_hessian_derive(&an->hess, in->problem, in->program);
        if (hs == GDT_ENOMEM)
            st = hs;
        an->have_hess = hs == GDT_OK;
    }
    if (st == GDT_OK && affine && (in->sharpness || in->keep_sharpness))
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "%s", no_sharpness);
    if (st == GDT_OK && !affine && !an->have_hess && (in->sharpness || in->keep_sharpness))
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "the sharpness: the gradient has no derivative everywhere (abs, "
                             "relu, min, max) or one too large: no Hessian");
    if (st != GDT_OK)
        return analysis_error(an, st, err);
    an->plan[an->nplan++] = GDT_ANALYSIS_PROBLEM;
    if (affine) {
        an->plan[an->nplan++] = an->affine.n == 1 ? GDT_ANALYSIS_QUADRATIC1
                                                  : GDT_ANALYSIS_QUADRATIC_N;
        if (in->has_at)
            an->plan[an->nplan++] = GDT_ANALYSIS_AT;
        else if (an->affine.n == 1 && (an->nformats = count_formats()) > 0)
            an->plan[an->nplan++] = GDT_ANALYSIS_FORMAT;
    } else if (in->problem->n == 1) {
        an->plan[an->nplan++] = an->is_poly ? GDT_ANALYSIS_CRITICAL : GDT_ANALYSIS_TRAJECTORY;
        an->plan[an->nplan++] = GDT_ANALYSIS_LYAPUNOV;
        if (in->sharpness || in->keep_sharpness)
            an->plan[an->nplan++] = GDT_ANALYSIS_SHARPNESS;
    } else if (an->have_hess) {
        an->plan[an->nplan++] = GDT_ANALYSIS_TRAJECTORY;
        an->plan[an->nplan++] = GDT_ANALYSIS_SHARPNESS;
    } else {
        an->plan[an->nplan++] = GDT_ANALYSIS_NOTE;
    }
    return GDT_OK;
}

/* ------------------------------------------------------------ sections */

/* One parameter, affine gradient: f'', w*, r, the class, the critical
   learning rates, what the closed form needs. */
static gdt_status
compute_quadratic1(gdt_analysis *an)
{
    const gdt_affine *a = &an->affine;
    const gdt_analyze_in *in = an->in;

    mpq_set(an->q1.f2, a->h[0]);
    gdt_affine_multiplier(an->q1.r, in->lr, an->q1.f2);
    an->q1.have_ws = gdt_affine_fixed_point(&an->q1.ws, a, NULL);
    if (an->q1.have_ws)
        mpq_sub(an->q1.e0, in->w0[0], an->q1.ws);
    an->q1.cls = gdt_analyze_affine1_class(in->lr, an->q1.f2, a->g0[0]);
    /* a constant gradient g: w_n = w0 - n lr g; a linear loss moves by
       -lr g every step, at constant speed, forever */
    mpq_mul(an->q1.step, in->lr, a->g0[0]);
    mpq_neg(an->q1.drift, an->q1.step);
    an->q1.drifts = mpq_sgn(an->q1.f2) == 0 && mpq_sgn(in->lr) != 0 && mpq_sgn(a->g0[0]) != 0;
    if (mpq_sgn(an->q1.f2) > 0) {
        mpq_inv(an->q1.lr_one_step, an->q1.f2);
        mpq_mul_2exp(an->q1.lr_critical, an->q1.lr_one_step, 1);
    }
    return GDT_OK;
}

/* Several parameters, affine gradient: w*, the eigenvalues of I - lr H
   (the roots of CP), the spectral radius, the critical lr (from the roots
   of CH). */
static gdt_status
compute_quadratic_n(gdt_analysis *an)
{
    const gdt_affine *a = &an->affine;
    const gdt_roots *eig = &an->qn.eig;
    const gdt_root *big;
    gdt_roots hr;
    gdt_status st;

    if ((an->qn.ws = gdt_qvec_new(a->n)) == NULL)
        return GDT_ENOMEM;
    an->qn.have_ws = gdt_affine_fixed_point(an->qn.ws, a, an->stop);
    /* the eigenvalues of M = I - D H, the real roots of CP (M is
       symmetric, or with D = diag(lr) >= 0 similar to the symmetric
       I - D^(1/2) H D^(1/2): all its eigenvalues are real) */
    st = gdt_poly_real_roots(&an->qn.eig, &an->cp, an->bits, &an->in->roots, an->stop);
    if (st == GDT_OK && eig->n > 0) {
        /* |the eigenvalue largest in absolute value| */
        gdt_root *rd = &an->qn.radius;
        int neg;
        mpq_abs(rd->lo, eig->r[0].q);
        mpq_abs(rd->hi, eig->r[eig->n - 1].q);
        big = mpq_cmp(rd->lo, rd->hi) > 0 ? &eig->r[0] : &eig->r[eig->n - 1];
        neg = mpq_sgn(big->q) < 0;
        rd->exact = big->exact;
        rd->mult = big->mult;
        mpq_abs(rd->q, big->q);
        mpq_abs(rd->lo, neg ? big->hi : big->lo);
        mpq_abs(rd->hi, neg ? big->lo : big->hi);
        an->qn.have_radius = 1;
        an->qn.cls = mpq_cmp_ui(rd->q, 1, 1) < 0 ? "converges (spectral radius < 1)"
                                                 : "does not converge (spectral radius >= 1)";
    }
    /* the critical lr: 2 / the largest eigenvalue of H (one lr for every
       parameter only) */
    gdt_roots_init(&hr);
    if (st == GDT_OK && an->in->lrs == NULL)
        st = gdt_poly_real_roots(&hr, &an->ch, an->bits, &an->in->roots, an->stop);
    if (st == GDT_OK && hr.n > 0 && mpq_sgn(hr.r[hr.n - 1].q) > 0) {
        gdt_root *lc = &an->qn.lr_critical, *top = &hr.r[hr.n - 1];
        mpq_t two;
        mpq_init(two);
        mpq_set_ui(two, 2, 1);
        lc->exact = top->exact;
        lc->mult = 1;
        mpq_div(lc->q, two, top->q);
        if (!lc->exact) { /* 2/x is decreasing: the interval flips */
            mpq_div(lc->lo, two, top->hi);
            mpq_div(lc->hi, two, top->lo);
        }
        mpq_clear(two);
        an->qn.have_lr_critical = 1;
    }
    gdt_roots_clear(&hr);
    return st;
}

/* SGD with momentum or weight decay: each parameter's 2x2 map at its
   curvature H_ii + wd, the stationary point, the largest spectral radius
   and the critical lr. */
static gdt_status
compute_momentum(gdt_analysis *an)
{
    const gdt_affine *a = &an->affine;
    const gdt_analyze_in *in = an->in;
    size_t n = a->n, i;
    mpfr_t r;
    mpq_t h;
    int all = 1;

    an->mom.map = malloc(n * sizeof *an->mom.map);
    if (an->mom.map == NULL || (an->mom.ws = gdt_qvec_new(n)) == NULL)
        return GDT_ENOMEM;
    an->mom.n = n;
    mpq_init(h);
    mpfr_init2(r, in->prec);
    mpfr_set_prec(an->mom.radius, in->prec);
    an->mom.have_ws = 1;
    for (i = 0; i < n; i++) {
        const mpq_ptr lr = in->lrs != NULL ? (mpq_ptr)in->lrs[i] : (mpq_ptr)in->lr;
        gdt_momentum_map *mm = &an->mom.map[i];
        gdt_momentum_map_init(mm);
        mpq_add(h, a->h[i * n + i], an->mom.hb.wd);
        gdt_momentum_map_set(mm, h, lr, &an->mom.hb);
        if (mpq_sgn(h) != 0) {             /* w*_i = -g0_i / h */
            mpq_div(an->mom.ws[i], a->g0[i], h);
            mpq_neg(an->mom.ws[i], an->mom.ws[i]);
        } else {
            an->mom.have_ws = 0;
            if (mpq_sgn(a->g0[i]) != 0 && mpq_sgn(lr) != 0) {
                an->mom.drifts = 1;        /* a constant gradient: buf -> g0/(1-m) */
                mm->cls = "drifts";
            }
        }
        gdt_momentum_map_radius(r, mm);
        if (i == 0 || mpfr_cmp(r, an->mom.radius) > 0) {
            mpfr_set(an->mom.radius, r, MPFR_RNDN);
            an->mom.top = i;
        }
        /* one lr: the lr that converge for every parameter */
        all = all && mm->have_lr_critical;
        if (all && (i == 0 || mpq_cmp(mm->lr_critical, an->mom.lr_critical) < 0))
            mpq_set(an->mom.lr_critical, mm->lr_critical);
        if (all && (i == 0 || mpq_cmp(mm->lr_low, an->mom.lr_low) > 0))
            mpq_set(an->mom.lr_low, mm->lr_low);
    }
    an->mom.have_lr_critical = all && in->lrs == NULL
                               && mpq_cmp(an->mom.lr_low, an->mom.lr_critical) < 0;
    mpfr_clear(r);
    mpq_clear(h);
    return GDT_OK;
}

/* --at N: the exact state at step N by powering the affine map, the
   gradient and the loss there. */
static gdt_status
compute_at(gdt_analysis *an)
{
    const gdt_program *prog = an->in->program;
    size_t n = prog->nparams, i, failed;
    gdt_domain d;
    gdt_val *regs = NULL;
    gdt_status st;

    an->at.w = gdt_qvec_new(n);
    an->at.grad = gdt_qvec_new(n);
    if (an->at.w == NULL || an->at.grad == NULL)
        return GDT_ENOMEM;
    if (an->mom.map != NULL && (an->at.buf = gdt_qvec_new(n)) == NULL)
        return GDT_ENOMEM;
    gdt_domain_init_exact(&d);
    d.stop = an->stop;
    if (an->at.buf != NULL)
        st = gdt_momentum_at(an->at.w, an->at.buf, &an->affine, &an->mom.hb, an->in->lr,
                             an->in->lrs, an->in->w0, an->in->at, an->stop);
    else if (an->in->lrs != NULL)
        st = gdt_affine_at_lrs(an->at.w, &an->affine, an->in->lrs, an->in->w0, an->in->at,
                               an->stop);
    else
        st = gdt_affine_at(an->at.w, &an->affine, an->in->lr, an->in->w0, an->in->at,
                           an->stop);
    if (st == GDT_OK)
        st = gdt_program_regs_new(&regs, prog, &d);
    for (i = 0; i < n && st == GDT_OK; i++)
        st = d.ops->set_q(&regs[prog->nconsts + i], an->at.w[i], &d);
    if (st == GDT_OK)
        st = gdt_program_eval(prog, regs, &d, &failed);
    for (i = 0; i < n && st == GDT_OK; i++)
        st = d.ops->get_q(an->at.grad[i], &regs[prog->grad_reg[i]], &d);
    if (st == GDT_OK)
        st = d.ops->get_q(an->at.loss, &regs[prog->loss_reg], &d);
    if (regs != NULL)
        gdt_program_regs_free(regs, prog, &d);
    gdt_domain_clear(&d);
    return st;
}

/* One parameter, affine gradient: the predicted and the simulated first
   overflow, arrival at w* or stall in the IEEE format an->format.index. */
static gdt_status
compute_format(gdt_analysis *an)
{
    gdt_domain d;
    gdt_status st;

    an->format.name = gdt_mode_ieee(an->format.index)->name;
    an->format.drift = mpq_sgn(an->affine.h[0]) == 0;
    st = gdt_domain_init_ieee(&d, an->format.name, MPFR_RNDN);
    d.stop = an->stop;
    if (st == GDT_OK)
        st = gdt_analyze_predict(&an->format.pr, an->in->program, &d, &an->affine, an->in->lr,
                                 an->in->w0[0], PREDICT_LIMIT, an->stop);
    gdt_domain_clear(&d);
    return st;
}

/* One parameter, polynomial loss: every real critical point, exactly. */
static gdt_status
compute_critical(gdt_analysis *an)
{
    gdt_poly g2;
    size_t i;
    gdt_status st;

    gdt_poly_init(&g2);
    st = gdt_poly_derive(&g2, &an->g);
    if (st == GDT_OK && gdt_poly_degree(&an->g) < 1) {
        an->crit.constant = 1;
        goto out;
    }
    if (st == GDT_OK)
        st = gdt_poly_real_roots(&an->crit.roots, &an->g, an->bits, &an->in->roots, an->stop);
    if (st == GDT_OK && an->crit.roots.n > 0) {
        an->crit.pt = calloc(an->crit.roots.n, sizeof *an->crit.pt);
        if (an->crit.pt == NULL)
            st = GDT_ENOMEM;
        for (i = 0; st == GDT_OK && i < an->crit.roots.n; i++)
            mpq_inits(an->crit.pt[i].f2, an->crit.pt[i].multiplier,
                      an->crit.pt[i].lr_critical, NULL);
    }
    for (i = 0; st == GDT_OK && i < an->crit.roots.n; i++) {
        const gdt_root *rt = &an->crit.roots.r[i];
        gdt_critical_point *pt = &an->crit.pt[i];

        /* f''(w*): 0 at a multiple root (the gradient's derivative vanishes
           there too), exact at a rational root, else exact at the midpoint
           of the isolating interval (floating point would cancel
           catastrophically on large coefficients) */
        pt->exact = rt->exact || rt->mult > 1;
        if (rt->mult == 1)
            gdt_poly_eval_q(pt->f2, &g2, rt->q);
        gdt_affine_multiplier(pt->multiplier, an->in->lr, pt->f2);
        pt->cls = gdt_analyze_multiplier_class(pt->multiplier);
        if (mpq_sgn(pt->f2) > 0) {
            mpq_inv(pt->lr_critical, pt->f2);
            mpq_mul_2exp(pt->lr_critical, pt->lr_critical, 1);
        }
    }
out:
    gdt_poly_clear(&g2);
    return st;
}

/* How many ulps wide a cycle around a critical point may be: the rounding
   errors of the steps keep a converging run moving within a few ulps of
   it, more when the local multiplier is near -1. */
#define CYCLE_ULPS_LOG2 10

/* *YES = 1 when the run S, stopped on a cycle in the MPFR domain D, sits at
   a critical point as closely as its precision allows: the cycle's states,
   widened by one ulp on each side, bracket a zero of the gradient (it
   changes sign between the ends, or is zero at one) and are at most
   2^CYCLE_ULPS_LOG2 ulps of their size wide.  GDT_EINTERRUPTED. */
static gdt_status
cycle_at_critical(int *yes, const gdt_stepper *s, gdt_domain *d, gdt_cancel *stop)
{
    const gdt_program *prog = s->prog;
    gdt_stepper t;
    gdt_val *regs = NULL;
    mpfr_t lo, hi, w;
    mpq_t q[1];
    unsigned long i;
    size_t failed;
    gdt_status st;
    int sl, sh;

    *yes = 0;
    mpfr_inits2(d->prec, lo, hi, w, (mpfr_ptr)0);
    mpq_init(q[0]);
    mpfr_get_q(q[0], gdt_stepper_w(s)->f);
    /* the cycle's states, once round from w_K = w_(K-P) */
    st = gdt_stepper_init(&t, prog, d, s->lr_q[0], q, s->cycle_period, GDT_UPDATE_SUB, NULL);
    t.stop_on_zero = 0;
    mpfr_set(lo, gdt_stepper_w(s)->f, MPFR_RNDN);
    mpfr_set(hi, lo, MPFR_RNDN);
    for (i = 0; st == GDT_OK && i < s->cycle_period; i++) {
        if (gdt_cancelled(stop)) {
            st = GDT_EINTERRUPTED;
            break;
        }
        if ((st = gdt_stepper_eval(&t, NULL)) != GDT_OK)
            break;
        mpfr_min(lo, lo, gdt_stepper_w(&t)->f, MPFR_RNDN);
        mpfr_max(hi, hi, gdt_stepper_w(&t)->f, MPFR_RNDN);
        if (t.stop != GDT_STOP_NONE)
            break;
        st = gdt_stepper_update(&t, NULL);
    }
    gdt_stepper_clear(&t);
    if (st != GDT_OK || !mpfr_number_p(lo) || !mpfr_number_p(hi))
        goto out;
    mpfr_nextbelow(lo);
    mpfr_nextabove(hi);
    /* the gradient's signs at the ends */
    if ((st = gdt_program_regs_new(&regs, prog, d)) != GDT_OK)
        goto out;
    mpfr_set(regs[prog->nconsts].f, lo, MPFR_RNDN);
    if ((st = gdt_program_eval(prog, regs, d, &failed)) != GDT_OK)
        goto out;
    sl = mpfr_number_p(regs[prog->grad_reg[0]].f) ? mpfr_sgn(regs[prog->grad_reg[0]].f) : 2;
    mpfr_set(regs[prog->nconsts].f, hi, MPFR_RNDN);
    if ((st = gdt_program_eval(prog, regs, d, &failed)) != GDT_OK)
        goto out;
    sh = mpfr_number_p(regs[prog->grad_reg[0]].f) ? mpfr_sgn(regs[prog->grad_reg[0]].f) : 2;
    if (sl == 2 || sh == 2 || sl * sh > 0)
        goto out;
    /* hi - lo <= 2^(CYCLE_ULPS_LOG2 - prec) max(|lo|, |hi|) */
    mpfr_sub(w, hi, lo, MPFR_RNDU);
    mpfr_abs(lo, lo, MPFR_RNDN);
    mpfr_abs(hi, hi, MPFR_RNDN);
    mpfr_max(hi, hi, lo, MPFR_RNDN);
    mpfr_mul_2si(hi, hi, CYCLE_ULPS_LOG2 - (long)d->prec, MPFR_RNDN);
    *yes = mpfr_cmp(w, hi) <= 0;
out:
    if (regs != NULL)
        gdt_program_regs_free(regs, prog, d);
    mpfr_clears(lo, hi, w, (mpfr_ptr)0);
    mpq_clear(q[0]);
    return st;
}

/* From f'' = F2 at the point the trajectory found: the local multiplier
   1 - lr f'', its class, the critical lr 2/f''. */
static void
local_f2(gdt_analysis *an, mpfr_srcptr f2)
{
    an->traj.have_f2 = 1;
    mpfr_get_q(an->traj.f2, f2);
    gdt_affine_multiplier(an->traj.multiplier, an->in->lr, an->traj.f2);
    an->traj.cls = gdt_analyze_multiplier_class(an->traj.multiplier);
    if (mpq_sgn(an->traj.f2) > 0) {
        mpq_inv(an->traj.lr_critical, an->traj.f2);
        mpq_mul_2exp(an->traj.lr_critical, an->traj.lr_critical, 1);
    }
}

/* f'' at the point W the trajectory found, by the program FPP in D. */
static gdt_status
trajectory_f2(gdt_analysis *an, const gdt_val *w, gdt_domain *d)
{
    const gdt_program *fpp = &an->fpp;
    gdt_val *regs = NULL;
    size_t failed;
    gdt_status st;

    st = gdt_program_regs_new(&regs, fpp, d);
    if (st == GDT_OK)
        st = d->ops->set(&regs[fpp->nconsts], w, d);
    if (st == GDT_OK)
        st = gdt_program_eval(fpp, regs, d, &failed);
    if (st == GDT_OK && mpfr_number_p(regs[fpp->loss_reg].f))
        local_f2(an, regs[fpp->loss_reg].f);
    if (regs != NULL)
        gdt_program_regs_free(regs, fpp, d);
    return st;
}

/* The run gdtrace analyze follows: IN's problem in MPFR at IN->prec from
   w0, with IN's learning rates, at most max-iter steps, stopping on
   grad-zero or a cycle (the trajectory's, the sharpness's and, for one
   parameter, the Lyapunov exponent's).  D is initialised; S too when it
   returns GDT_OK. */
static gdt_status
run_init(gdt_stepper *s, gdt_domain *d, const gdt_analysis *an)
{
    const gdt_analyze_in *in = an->in;
    gdt_status st;
    size_t i;

    memset(s, 0, sizeof *s);
    st = gdt_domain_init_mpfr(d, in->prec, MPFR_RNDN);
    if (st != GDT_OK)
        return st;
    d->stop = an->stop;
    st = gdt_stepper_init(s, in->program, d, in->lr, in->w0, in->max_iter, GDT_UPDATE_SUB,
                          NULL);
    for (i = 0; st == GDT_OK && in->lrs != NULL && i < in->problem->n; i++)
        st = gdt_stepper_set_lr(s, i, in->lrs[i], 0, NULL);
    if (st != GDT_OK)
        return st;
    s->detect_cycles = 1;
    return GDT_OK;
}

/* SQ[i] = sqrt(lr_i) for gdt_hessian_eigen when IN has learning rates per
   parameter (1 back), else 0 (one lr). */
static int
lr_roots(mpfr_t *sq, const gdt_analyze_in *in, mpfr_prec_t prec)
{
    size_t i;

    if (in->lrs == NULL)
        return 0;
    for (i = 0; i < in->problem->n; i++) {
        mpfr_init2(sq[i], prec);
        mpfr_set_q(sq[i], in->lrs[i], MPFR_RNDN);
        mpfr_sqrt(sq[i], sq[i], MPFR_RNDN);
    }
    return 1;
}

static void
lr_roots_clear(mpfr_t *sq, const gdt_analyze_in *in)
{
    size_t i;

    for (i = 0; in->lrs != NULL && i < in->problem->n; i++)
        mpfr_clear(sq[i]);
}

/* R = the 2-norm of V[0 .. N), rounded to nearest. */
static void
norm2(mpfr_t r, mpfr_t *v, size_t n)
{
    size_t i;

    mpfr_set_zero(r, 1);
    for (i = 0; i < n; i++)
        mpfr_fma(r, v[i], v[i], r, MPFR_RNDN);
    mpfr_sqrt(r, r, MPFR_RNDN);
}

/* What the eigenvalues EIG of H (of diag(lr) H) at the point Newton's
   method found say, with several parameters: its kind, the spectral radius
   of I - lr H and the class, the critical lr.  An eigenvalue within
   2^(-prec/2) of the largest in size counts as 0. */
static void
local_eigen(gdt_analysis *an, mpfr_t *eig, size_t n, mpfr_t t)
{
    mpfr_prec_t prec = mpfr_get_prec(t);
    int pos = 0, neg = 0, zero = 0;
    size_t i;

    mpfr_abs(t, eig[0], MPFR_RNDN);
    if (mpfr_cmpabs(eig[n - 1], t) > 0)
        mpfr_abs(t, eig[n - 1], MPFR_RNDN);
    mpfr_mul_2si(t, t, -(long)prec / 2, MPFR_RNDN);
    for (i = 0; i < n; i++) {
        if (mpfr_cmpabs(eig[i], t) <= 0)
            zero = 1;
        else if (mpfr_sgn(eig[i]) > 0)
            pos = 1;
        else
            neg = 1;
    }
    an->traj.kind = pos && neg ? "saddle" : zero ? "degenerate (an eigenvalue of H is 0)"
                    : pos      ? "minimum"
                               : "maximum";
    /* the spectral radius: the larger |1 - lr eig| at the ends of the
       spectrum */
    mpq_set_ui(an->traj.radius, 0, 1);
    for (i = 0; i < n; i += n - 1) {
        mpq_t r;
        if (an->in->lrs != NULL) {
            mpfr_ui_sub(t, 1, eig[i], MPFR_RNDN);
        } else {
            mpfr_mul_q(t, eig[i], an->in->lr, MPFR_RNDN);
            mpfr_ui_sub(t, 1, t, MPFR_RNDN);
        }
        mpfr_abs(t, t, MPFR_RNDN);
        mpq_init(r);
        mpfr_get_q(r, t);
        if (mpq_cmp(r, an->traj.radius) > 0)
            mpq_set(an->traj.radius, r);
        mpq_clear(r);
    }
    an->traj.undecided = zero && !neg;
    an->traj.cls = zero && !neg ? "undecided by H (an eigenvalue 0)"
                   : mpq_cmp_ui(an->traj.radius, 1, 1) < 0
                       ? "converges (spectral radius < 1)"
                       : "does not converge (spectral radius >= 1)";
    if (mpfr_sgn(eig[n - 1]) > 0) {
        an->traj.have_lmax = 1;
        mpfr_ui_div(t, 2, eig[n - 1], MPFR_RNDN);
        mpfr_get_q(an->traj.lr_limit, t);
    }
}

/* Newton's method on the gradient from the run S's last state, in MPFR at
   twice the run's precision (at least 128 bits): what it finds, H there,
   and whether the run approaches it (MID: the state at a step of the
   second half of the run).  an->traj.newton = 0 when it does not
   converge, or with one parameter when the run does not approach it. */
static gdt_status
newton(gdt_analysis *an, const gdt_stepper *s, mpfr_t *mid)
{
    const gdt_analyze_in *in = an->in;
    size_t n = in->problem->n, i;
    mpfr_prec_t prec = 2 * in->prec > 128 ? 2 * in->prec : 128;
    mpfr_t *w = NULL, *g = NULL, *hm = NULL, *eig = NULL, *sq = NULL, t;
    int conv = 0, per_lr, nearer;
    gdt_status st;

    st = gdt_hessian_bind(&an->hess, prec, an->stop);
    if (st != GDT_OK)
        return st;
    w = malloc(n * sizeof *w);
    g = malloc(n * sizeof *g);
    eig = malloc(n * sizeof *eig);
    sq = malloc(n * sizeof *sq);
    hm = malloc(n * n * sizeof *hm);
    if (w == NULL || g == NULL || eig == NULL || sq == NULL || hm == NULL) {
        free(w), free(g), free(eig), free(sq), free(hm);
        return GDT_ENOMEM;
    }
    mpfr_init2(t, prec);
    for (i = 0; i < n; i++) {
        mpfr_inits2(prec, w[i], g[i], eig[i], (mpfr_ptr)0);
        mpfr_set(w[i], gdt_stepper_param(s, i)->f, MPFR_RNDN);
    }
    for (i = 0; i < n * n; i++)
        mpfr_init2(hm[i], prec);
    per_lr = lr_roots(sq, in, prec);
    st = gdt_hessian_newton(&conv, &an->traj.newton_steps, &an->hess, w, g, hm,
                            4 * (unsigned long)prec);
    if (st != GDT_OK || !conv)
        goto out;
    an->traj.newton = 1;
    an->traj.newton_prec = (long)prec;
    an->traj.n = n;
    if ((an->traj.ws = gdt_qvec_new(n)) == NULL || (an->traj.eig = gdt_qvec_new(n)) == NULL
        || (an->traj.h = gdt_qvec_new(n * n)) == NULL) {
        st = GDT_ENOMEM;
        goto out;
    }
    for (i = 0; i < n; i++)
        mpfr_get_q(an->traj.ws[i], w[i]);
    for (i = 0; i < n * n; i++)
        mpfr_get_q(an->traj.h[i], hm[i]);
    norm2(t, g, n);
    mpfr_get_q(an->traj.gnorm, t);
    for (i = 0; i < n; i++)
        mpfr_sub(g[i], w[i], gdt_stepper_param(s, i)->f, MPFR_RNDN);
    norm2(t, g, n);
    mpfr_get_q(an->traj.dist, t);
    if (n == 1) {
        local_f2(an, hm[0]);
        mpq_abs(an->traj.radius, an->traj.multiplier);
    } else {
        st = gdt_hessian_eigen(&an->hess, eig, hm, per_lr ? sq : NULL);
        if (st == GDT_EDOMAIN) { /* no eigenvalues: H has no value there */
            st = GDT_OK;
            goto out;
        }
        if (st != GDT_OK)
            goto out;
        for (i = 0; i < n; i++)
            mpfr_get_q(an->traj.eig[i], eig[i]);
        an->traj.have_f2 = 1;
        local_eigen(an, eig, n, t);
    }
    /* the run approaches the point: it ends within a few ulps of its
       precision of it, or it does not cycle and ends nearer it than it was
       at MID (a state of the second half of the run) */
    for (i = 0; i < n; i++)
        mpfr_sub(g[i], mid[i], w[i], MPFR_RNDN);
    norm2(t, g, n);
    mpfr_set_q(g[0], an->traj.dist, MPFR_RNDN);
    nearer = mpfr_cmp(g[0], t) < 0;
    gdt_vec_norm_inf(t, w, n);
    if (mpfr_cmp_ui(t, 1) < 0)
        mpfr_set_ui(t, 1, MPFR_RNDN);
    mpfr_mul_2si(t, t, 10 - (long)in->prec, MPFR_RNDN);
    an->traj.approach = an->traj.have_f2
                        && (mpfr_cmp(g[0], t) <= 0 || (s->stop != GDT_STOP_CYCLE && nearer));
    if (n == 1 && !an->traj.approach) { /* one parameter: as the run says */
        an->traj.newton = an->traj.have_f2 = 0;
        an->traj.cls = NULL;
    }
out:
    lr_roots_clear(sq, in);
    for (i = 0; i < n; i++)
        mpfr_clears(w[i], g[i], eig[i], (mpfr_ptr)0);
    for (i = 0; i < n * n; i++)
        mpfr_clear(hm[i]);
    mpfr_clear(t);
    free(w), free(g), free(eig), free(sq), free(hm);
    return st;
}

/* A loss that is no polynomial of one parameter, or any of several: a
   critical point found from the trajectory, run in MPFR at the analysis's
   precision, stopping on grad-zero or a cycle (the same run as the
   Lyapunov exponent's).  The run finds one when its gradient is exactly
   zero, or with one parameter when it ends in a cycle around one
   (cycle_at_critical); else, and always with several parameters, Newton's
   method refines its last state. */
static gdt_status
compute_trajectory(gdt_analysis *an)
{
    size_t n = an->in->problem->n, i;
    gdt_domain d;
    gdt_stepper s;
    gdt_status st;
    int finite = 1, cur = 0;
    mpfr_t *save[2];            /* the states at the last two powers of 2 */
    unsigned long saved[2] = { 0, 0 };

    an->traj.have_fpp = n == 1 ? an->have_fpp : an->have_hess;
    save[0] = malloc(2 * n * sizeof *save[0]);
    if (save[0] == NULL)
        return GDT_ENOMEM;
    save[1] = save[0] + n;
    for (i = 0; i < 2 * n; i++) {
        mpfr_init2(save[0][i], an->in->prec);
        mpfr_set_q(save[0][i], an->in->w0[i % n], MPFR_RNDN);
    }
    st = run_init(&s, &d, an);
    while (st == GDT_OK && (st = gdt_stepper_eval(&s, NULL)) == GDT_OK
           && s.stop == GDT_STOP_NONE) {
        if (gdt_cancelled(an->stop)) {
            st = GDT_EINTERRUPTED;
            break;
        }
        if (s.k > 0 && (s.k & (s.k - 1)) == 0) {
            cur ^= 1;
            saved[cur] = s.k;
            for (i = 0; i < n; i++)
                mpfr_set(save[cur][i], gdt_stepper_param(&s, i)->f, MPFR_RNDN);
        }
        st = gdt_stepper_update(&s, NULL);
    }
    if (st == GDT_EINTERRUPTED || st == GDT_ENOMEM)
        goto out_run;
    for (i = 0; st == GDT_OK && i < n; i++)
        finite = finite && mpfr_number_p(gdt_stepper_param(&s, i)->f);
    if (st == GDT_OK && finite) {
        if (s.stop == GDT_STOP_GRAD_ZERO)
            an->traj.found = 1;
        else if (n == 1 && s.stop == GDT_STOP_CYCLE
                 && (st = cycle_at_critical(&an->traj.found, &s, &d, an->stop)) != GDT_OK)
            goto out_run;
    }
    if (st != GDT_OK) { /* the run failed: no critical point from it */
        an->traj.failed = 1;
        st = GDT_OK;
        goto out_run;
    }
    an->traj.stop = s.stop;
    an->traj.steps = s.k;
    an->traj.period = s.cycle_period;
    an->traj.cycle_start = s.cycle_start;
    if (n == 1 && finite) {
        an->traj.have_w = 1;
        mpfr_get_q(an->traj.w, gdt_stepper_w(&s)->f);
    }
    if (n == 1 && !an->traj.found && mpfr_number_p(gdt_stepper_grad(&s)->f)) {
        /* how far from a critical point the run ended */
        an->traj.have_grad = 1;
        mpfr_get_q(an->traj.grad, gdt_stepper_grad(&s)->f);
    }
    if (n > 1 && finite) {
        mpfr_t *g = malloc(n * sizeof *g), t;
        an->traj.n = n;
        if ((an->traj.wl = gdt_qvec_new(n)) == NULL || g == NULL) {
            free(g);
            st = GDT_ENOMEM;
            goto out_run;
        }
        an->traj.have_w = 1;
        for (i = 0; i < n; i++) {
            mpfr_get_q(an->traj.wl[i], gdt_stepper_param(&s, i)->f);
            mpfr_init2(g[i], d.prec);
            mpfr_set(g[i], gdt_stepper_partial(&s, i)->f, MPFR_RNDN);
        }
        mpfr_init2(t, d.prec);
        norm2(t, g, n);
        if (mpfr_number_p(t)) {
            an->traj.have_grad = 1;
            mpfr_get_q(an->traj.gnorm_last, t);
        }
        mpfr_clear(t);
        for (i = 0; i < n; i++)
            mpfr_clear(g[i]);
        free(g);
    }
    if (an->traj.found && n == 1 && an->have_fpp)
        st = trajectory_f2(an, gdt_stepper_w(&s), &d);
    else if (finite && an->have_hess && (n > 1 || !an->traj.found))
        st = newton(an, &s, save[saved[cur] < s.k ? cur : cur ^ 1]);
    if (st != GDT_OK && st != GDT_EINTERRUPTED && st != GDT_ENOMEM)
        st = GDT_OK;   /* an evaluation without a value: no Newton point */
out_run:
    gdt_stepper_clear(&s);
    gdt_domain_clear(&d);
    for (i = 0; i < 2 * n; i++)
        mpfr_clear(save[0][i]);
    free(save[0]);
    return st;
}

/* The sharpness along the run: the top eigenvalue of H (of diag(lr) H)
   at each state w_0, w_1, ..., in MPFR at the run's precision, as long as
   H has a value; kept per step when asked. */
static gdt_status
compute_sharpness(gdt_analysis *an)
{
    const gdt_analyze_in *in = an->in;
    size_t n = in->problem->n, cap = 0, i;
    mpfr_t *sq = NULL, *w = NULL, top;
    gdt_domain d;
    gdt_stepper s;
    gdt_status st;
    int per_lr, keep = in->sharpness || in->keep_sharpness, more = 1;

    st = gdt_hessian_bind(&an->hess, in->prec, an->stop);
    if (st != GDT_OK)
        return st;
    sq = malloc(n * sizeof *sq);
    w = malloc(n * sizeof *w);
    if (sq == NULL || w == NULL) {
        free(sq);
        free(w);
        return GDT_ENOMEM;
    }
    for (i = 0; i < n; i++)
        mpfr_init2(w[i], in->prec);
    per_lr = lr_roots(sq, in, in->prec);
    mpfr_init2(top, in->prec);
    an->sharp.per_lr = per_lr;
    if (per_lr) {
        an->sharp.threshold = 2;
    } else {
        mpfr_set_q(top, in->lr, MPFR_RNDN);
        mpfr_ui_div(top, 2, top, MPFR_RNDN);
        an->sharp.threshold = mpfr_get_d(top, MPFR_RNDN);
    }
    an->sharp.above_from = -1;
    st = run_init(&s, &d, an);
    while (st == GDT_OK && (st = gdt_stepper_eval(&s, NULL)) == GDT_OK) {
        double v;
        if (gdt_cancelled(an->stop)) {
            st = GDT_EINTERRUPTED;
            break;
        }
        for (i = 0; i < n; i++)
            mpfr_set(w[i], gdt_stepper_param(&s, i)->f, MPFR_RNDN);
        if (more) {
            st = gdt_hessian_top(&an->hess, top, w, per_lr ? sq : NULL);
            v = mpfr_get_d(top, MPFR_RNDN);
            if (st == GDT_EINTERRUPTED || st == GDT_ENOMEM)
                break;
            /* H without a finite value (a state or a value past the
               doubles) ends the column there; the run goes on to its stop */
            more = st == GDT_OK && isfinite(v);
            st = GDT_OK;
        }
        if (!more) {
            if (s.stop != GDT_STOP_NONE)
                break;
            st = gdt_stepper_update(&s, NULL);
            continue;
        }
        if (keep && an->sharp.count == cap) {
            double *m = realloc(an->sharp.lmax, (cap ? 2 * cap : 1024) * sizeof *m);
            if (m == NULL) {
                st = GDT_ENOMEM;
                break;
            }
            an->sharp.lmax = m;
            cap = cap ? 2 * cap : 1024;
        }
        if (keep)
            an->sharp.lmax[an->sharp.count] = v;
        if (an->sharp.count == 0)
            an->sharp.first = an->sharp.max = v;
        if (v > an->sharp.max) {
            an->sharp.max = v;
            an->sharp.max_step = an->sharp.count;
        }
        if (v > an->sharp.threshold) {
            if (an->sharp.above_from < 0)
                an->sharp.above_from = (long)an->sharp.count;
            an->sharp.above++;
        }
        an->sharp.last = v;
        an->sharp.count++;
        if (s.stop != GDT_STOP_NONE)
            break;
        st = gdt_stepper_update(&s, NULL);
    }
    if (st != GDT_OK && st != GDT_EINTERRUPTED && st != GDT_ENOMEM)
        st = GDT_OK;   /* the run failed: the column ends there */
    an->sharp.have = an->sharp.count > 0;
    an->sharp.stop = s.stop;
    an->sharp.steps = s.k;
    gdt_stepper_clear(&s);
    gdt_domain_clear(&d);
    lr_roots_clear(sq, in);
    for (i = 0; i < n; i++)
        mpfr_clear(w[i]);
    free(sq);
    free(w);
    mpfr_clear(top);
    return st;
}

/* f'', the second derivative, as a program: an->have_fpp, or why not in
   an->lyap.too_large. */
static void
derive_f2(gdt_analysis *an)
{
    const gdt_program *prog = an->in->program;
    gdt_error perr;

    gdt_error_clear(&perr);
    an->have_fpp = gdt_expr_derive_kinks(&an->f2e, an->in->problem->grad[0], 0,
                                         an->in->problem->kinks, &perr) == GDT_OK
                   && gdt_program_init_data(&an->fpp, an->f2e, &an->f2e, 1, prog->ncols,
                                            prog->nrows, prog->cells) == GDT_OK;
    an->lyap.too_large = perr.status == GDT_ERANGE;
}

/* One parameter: the Lyapunov exponent along the run, and from it the step
   at which each format keeps no correct digit.  *SKIP = 1 when the run
   gives none (no second derivative on the way): no section. */
static gdt_status
compute_lyapunov(gdt_analysis *an, int *skip)
{
    const gdt_analyze_in *in = an->in;
    gdt_status st;
    size_t i;
    double l;

    an->lyap.have = an->have_fpp;
    if (!an->have_fpp)
        return GDT_OK;
    mpfr_set_prec(an->lyap.lambda, in->prec);
    st = gdt_analyze_lyapunov(an->lyap.lambda, &an->lyap.run, in->program, &an->fpp, in->lr,
                              in->w0[0], in->max_iter, in->prec, an->stop);
    if (st == GDT_EINTERRUPTED || st == GDT_ENOMEM)
        return st;
    if (st != GDT_OK) {
        *skip = 1;
        return GDT_OK;
    }
    l = mpfr_get_d(an->lyap.lambda, MPFR_RNDN);
    an->lyap.nformats = count_formats();
    for (i = 0; i < an->lyap.nformats && st == GDT_OK; i++) {
        gdt_domain d;
        an->lyap.format[i] = gdt_mode_ieee(i)->name;
        st = gdt_domain_init_ieee(&d, an->lyap.format[i], MPFR_RNDN);
        /* +inf (a term overflowed): every digit goes in the first step */
        an->lyap.no_digits[i] = l <= 0 ? -1 : !isfinite(l) ? 1
                                : (long)ceil((double)d.prec * log(2.0) / l);
        gdt_domain_clear(&d);
    }
    return st;
}

/* Compute section SEC into AN; *SKIP = 1 when it has nothing to say. */
static gdt_status
compute(gdt_analysis *an, gdt_analysis_section sec, int *skip)
{
    switch (sec) {
    case GDT_ANALYSIS_QUADRATIC1:
        return compute_quadratic1(an);
    case GDT_ANALYSIS_QUADRATIC_N:
        return compute_quadratic_n(an);
    case GDT_ANALYSIS_MOMENTUM:
        return compute_momentum(an);
    case GDT_ANALYSIS_AT:
        return compute_at(an);
    case GDT_ANALYSIS_FORMAT:
        return compute_format(an);
    case GDT_ANALYSIS_CRITICAL:
        derive_f2(an);
        return compute_critical(an);
    case GDT_ANALYSIS_TRAJECTORY:
        if (an->in->problem->n == 1)
            derive_f2(an);
        return compute_trajectory(an);
    case GDT_ANALYSIS_LYAPUNOV:
        return compute_lyapunov(an, skip);
    case GDT_ANALYSIS_SHARPNESS:
        return compute_sharpness(an);
    default:
        return GDT_OK;
    }
}

gdt_status
gdt_analysis_next(gdt_analysis *an, gdt_error *err)
{
    gdt_status st = GDT_OK;
    int skip;

    do {
        skip = 0;
        if (an->section == GDT_ANALYSIS_FORMAT && an->format.index + 1 < an->nformats) {
            an->format.index++;
        } else if (an->next < an->nplan) {
            an->section = an->plan[an->next++];
            an->format.index = 0;
        } else {
            an->section = GDT_ANALYSIS_END;
            return GDT_OK;
        }
        st = compute(an, an->section, &skip);
    } while (st == GDT_OK && skip);
    return analysis_error(an, st, err);
}
