/* analyze -- exact facts about a run: the affine map of a quadratic loss,
   its closed form, what float formats do to it, the Lyapunov exponent */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/analyze.h"
#include "gdtrace/guard.h"
#include "gdtrace/poly.h"
#include "vec.h"

int
gdt_problem_is_affine(const gdt_problem *p)
{
    size_t i;

    for (i = 0; i < p->n; i++) {
        long d = gdt_expr_degree(p->grad[i], -1);
        if (d < 0 || d > 1)
            return 0;
    }
    return 1;
}

/* Evaluate PROG exactly at the point X[] and copy the partials into G[]. */
static gdt_status
exact_grad(mpq_t *g, const gdt_program *prog, gdt_domain *d, gdt_val *regs, mpq_t *x)
{
    size_t i, failed;
    gdt_status st = GDT_OK;

    for (i = 0; i < prog->nparams && st == GDT_OK; i++)
        st = d->ops->set_q(&regs[prog->nconsts + i], x[i], d);
    if (st == GDT_OK)
        st = gdt_program_eval(prog, regs, d, &failed);
    for (i = 0; i < prog->nparams && st == GDT_OK; i++)
        st = d->ops->get_q(g[i], &regs[prog->grad_reg[i]], d);
    return st;
}

gdt_status
gdt_affine_init(gdt_affine *a, const gdt_program *prog)
{
    size_t n = prog->nparams, i, j;
    gdt_domain d;
    gdt_val *regs = NULL;
    mpq_t *x = NULL, *g = NULL;
    gdt_status st;

    a->n = n;
    a->max_bits = 0;
    a->g0 = gdt_qvec_new(n);
    a->h = gdt_qvec_new(n * n);
    x = gdt_qvec_new(n);
    g = gdt_qvec_new(n);
    gdt_domain_init_exact(&d);
    if (a->g0 == NULL || a->h == NULL || x == NULL || g == NULL) {
        st = GDT_ENOMEM;
        goto out;
    }
    if ((st = gdt_program_regs_new(&regs, prog, &d)) != GDT_OK)
        goto out;
    if ((st = exact_grad(a->g0, prog, &d, regs, x)) != GDT_OK)
        goto out;
    /* column j of H: g(e_j) - g(0) */
    for (j = 0; j < n; j++) {
        mpq_set_ui(x[j], 1, 1);
        if ((st = exact_grad(g, prog, &d, regs, x)) != GDT_OK)
            goto out;
        mpq_set_ui(x[j], 0, 1);
        for (i = 0; i < n; i++)
            mpq_sub(a->h[i * n + j], g[i], a->g0[i]);
    }
out:
    gdt_program_regs_free(regs, prog, &d);
    gdt_domain_clear(&d);
    gdt_qvec_free(x, n);
    gdt_qvec_free(g, n);
    if (st != GDT_OK)
        gdt_affine_clear(a);
    return st;
}

void
gdt_affine_clear(gdt_affine *a)
{
    if (a == NULL)
        return;
    gdt_qvec_free(a->g0, a->n);
    gdt_qvec_free(a->h, a->n * a->n);
    a->g0 = a->h = NULL;
    a->n = 0;
}

int
gdt_affine_fixed_point(mpq_t *w, const gdt_affine *a)
{
    size_t n = a->n, i, j, k, c = n + 1;
    mpq_t *m = gdt_qvec_new(n * c), t;
    int ok = 1;

    if (m == NULL)
        return 0;
    mpq_init(t);
    /* Gauss-Jordan on [H | -g0], exactly */
    for (i = 0; i < n; i++) {
        for (j = 0; j < n; j++)
            mpq_set(m[i * c + j], a->h[i * n + j]);
        mpq_neg(m[i * c + n], a->g0[i]);
    }
    for (k = 0; k < n && ok; k++) {
        size_t piv = k;
        while (piv < n && mpq_sgn(m[piv * c + k]) == 0)
            piv++;
        if (piv == n) {
            ok = 0;
            break;
        }
        if (piv != k)
            for (j = 0; j < c; j++)
                mpq_swap(m[k * c + j], m[piv * c + j]);
        for (i = 0; i < n; i++) {
            if (i == k || mpq_sgn(m[i * c + k]) == 0)
                continue;
            mpq_div(t, m[i * c + k], m[k * c + k]);
            for (j = k; j < c; j++) {
                mpq_t u;
                mpq_init(u);
                mpq_mul(u, t, m[k * c + j]);
                mpq_sub(m[i * c + j], m[i * c + j], u);
                mpq_clear(u);
            }
        }
    }
    for (i = 0; i < n && ok; i++)
        mpq_div(w[i], m[i * c + n], m[i * c + i]);
    mpq_clear(t);
    gdt_qvec_free(m, n * c);
    return ok;
}

static size_t
qbits(const mpq_t q)
{
    return mpz_sizeinbase(mpq_numref(q), 2) + mpz_sizeinbase(mpq_denref(q), 2);
}

/* R = A B for K x K matrices (R distinct from A and B); GDT_ERANGE, before
   computing, when an entry could need more than MAX_BITS bits (0: no
   limit). */
static gdt_status
mat_mul(mpq_t *r, mpq_t *a, mpq_t *b, size_t k, size_t max_bits)
{
    size_t i, j, l, ma = 0, mb = 0;
    mpq_t t;

    for (i = 0; i < k * k; i++) {
        if (qbits(a[i]) > ma)
            ma = qbits(a[i]);
        if (qbits(b[i]) > mb)
            mb = qbits(b[i]);
    }
    if (max_bits != 0 && ma + mb + 2 * k > max_bits)
        return GDT_ERANGE;
    mpq_init(t);
    for (i = 0; i < k; i++)
        for (j = 0; j < k; j++) {
            mpq_set_ui(r[i * k + j], 0, 1);
            for (l = 0; l < k; l++) {
                if (mpq_sgn(a[i * k + l]) == 0 || mpq_sgn(b[l * k + j]) == 0)
                    continue;
                mpq_mul(t, a[i * k + l], b[l * k + j]);
                mpq_add(r[i * k + j], r[i * k + j], t);
            }
        }
    mpq_clear(t);
    return GDT_OK;
}

gdt_status
gdt_affine_at(mpq_t *w, const gdt_affine *a, const mpq_t lr, const mpq_t *w0, unsigned long n)
{
    size_t k = a->n + 1, i, j;
    mpq_t *p = gdt_qvec_new(k * k), *r = gdt_qvec_new(k * k), *t = gdt_qvec_new(k * k), *sw;
    gdt_status st = GDT_OK;

    if (p == NULL || r == NULL || t == NULL) {
        st = GDT_ENOMEM;
        goto out;
    }
    /* P = [[I - lr H, -lr g0], [0, 1]], the map on (w, 1); R = identity */
    for (i = 0; i < a->n; i++) {
        for (j = 0; j < a->n; j++) {
            mpq_mul(p[i * k + j], lr, a->h[i * a->n + j]);
            mpq_neg(p[i * k + j], p[i * k + j]);
            if (i == j) /* 1 - lr H_ii */
                mpz_add(mpq_numref(p[i * k + j]), mpq_numref(p[i * k + j]),
                        mpq_denref(p[i * k + j]));
        }
        mpq_mul(p[i * k + a->n], lr, a->g0[i]);
        mpq_neg(p[i * k + a->n], p[i * k + a->n]);
    }
    mpq_set_ui(p[a->n * k + a->n], 1, 1);
    for (i = 0; i < k; i++)
        mpq_set_ui(r[i * k + i], 1, 1);
    /* R = P^n by squaring */
    while (n > 0 && st == GDT_OK) {
        if (n & 1) {
            if ((st = mat_mul(t, r, p, k, a->max_bits)) != GDT_OK)
                break;
            sw = r, r = t, t = sw;
        }
        n >>= 1;
        if (n > 0) {
            if ((st = mat_mul(t, p, p, k, a->max_bits)) != GDT_OK)
                break;
            sw = p, p = t, t = sw;
        }
    }
    if (st != GDT_OK)
        goto out;
    for (i = 0; i < a->n; i++) {
        mpq_set(w[i], r[i * k + a->n]);
        for (j = 0; j < a->n; j++) {
            mpq_t u;
            mpq_init(u);
            mpq_mul(u, r[i * k + j], w0[j]);
            mpq_add(w[i], w[i], u);
            mpq_clear(u);
        }
    }
out:
    gdt_qvec_free(p, k * k);
    gdt_qvec_free(r, k * k);
    gdt_qvec_free(t, k * k);
    return st;
}

void
gdt_multiplier(mpq_t r, const mpq_t lr, const mpq_t f2)
{
    mpq_mul(r, lr, f2);
    mpq_neg(r, r);
    mpz_add(mpq_numref(r), mpq_numref(r), mpq_denref(r)); /* + 1 */
}

const char *
gdt_multiplier_class(const mpq_t r)
{
    int s = mpq_sgn(r), c1 = mpq_cmp_si(r, 1, 1), cm1 = mpq_cmp_si(r, -1, 1);

    if (s == 0)
        return "converges in one step";
    if (c1 == 0)
        return "no movement";
    if (cm1 == 0)
        return "2-cycle";
    if (c1 > 0)
        return "diverges monotonically";
    if (cm1 < 0)
        return "diverges, oscillating";
    return s > 0 ? "converges monotonically" : "converges, oscillating";
}

gdt_status
gdt_predict(gdt_prediction *pr, const gdt_program *prog, gdt_domain *d, const gdt_affine *a,
            const mpq_t lr, const mpq_t w0, unsigned long limit)
{
    mpq_t r, ws, e, w, t;
    gdt_val x, fws;
    gdt_stepper s;
    gdt_status st = GDT_OK;
    unsigned long n;
    int diverge, have_ws;

    pr->event = pr->sim_event = NULL;
    pr->step = pr->sim_step = -1;
    pr->never = 0;
    pr->sim_stop = GDT_STOP_NONE;
    pr->sim_steps = 0;
    mpq_init(r);
    mpq_init(ws);
    mpq_init(e);
    mpq_init(w);
    mpq_init(t);
    d->ops->init(&x, d);
    d->ops->init(&fws, d);
    /* r = 1 - lr f'', w* and e_0 = w0 - w* */
    gdt_multiplier(r, lr, a->h[0]);
    have_ws = mpq_sgn(a->h[0]) != 0;
    if (have_ws) {
        mpq_div(ws, a->g0[0], a->h[0]);
        mpq_neg(ws, ws);
        mpq_sub(e, w0, ws);
        if ((st = d->ops->set_q(&fws, ws, d)) != GDT_OK)
            goto out;
    }
    mpq_abs(t, r);
    diverge = mpq_cmp_ui(t, 1, 1) > 0;
    /* the exact w_n = w* + r^n e_0, each rounded once into the format */
    if (have_ws && mpq_sgn(e) != 0 && mpq_cmp_ui(t, 1, 1) != 0) {
        for (n = 0; n <= limit; n++) {
            if (gdt_guard_stop) {
                st = GDT_EINTERRUPTED;
                goto out;
            }
            mpq_add(w, ws, e);
            if ((st = d->ops->set_q(&x, w, d)) != GDT_OK)
                goto out;
            if (diverge && d->ops->is_inf(&x, d)) {
                pr->event = "overflow";
                pr->step = (long)n;
                break;
            }
            if (!diverge && d->ops->identical(&x, &fws, d)) {
                pr->event = "fixed point";
                pr->step = (long)n;
                break;
            }
            mpq_mul(e, e, r);
        }
    } else if (have_ws && mpq_sgn(e) == 0) {
        pr->event = "fixed point";
        pr->step = 0;
    } else {
        pr->never = 1;
    }
    /* the simulated run */
    {
        mpq_t w0a[1];
        mpq_init(w0a[0]);
        mpq_set(w0a[0], w0);
        st = gdt_stepper_init(&s, prog, d, lr, w0a, limit, GDT_UPDATE_SUB, NULL);
        mpq_clear(w0a[0]);
    }
    s.detect_cycles = 1;
    while (st == GDT_OK && (st = gdt_stepper_eval(&s, NULL)) == GDT_OK) {
        const gdt_val *v = gdt_stepper_w(&s);
        if (pr->sim_step < 0 && d->ops->is_inf(v, d)) {
            pr->sim_event = "overflow";
            pr->sim_step = (long)s.k;
        }
        if (pr->sim_step < 0 && have_ws && !diverge && d->ops->identical(v, &fws, d)) {
            pr->sim_event = "fixed point";
            pr->sim_step = (long)s.k;
        }
        if (s.stop != GDT_STOP_NONE)
            break;
        if (gdt_guard_stop) {
            st = GDT_EINTERRUPTED;
            break;
        }
        st = gdt_stepper_update(&s, NULL);
    }
    pr->sim_stop = s.stop;
    pr->sim_steps = s.k;
    gdt_stepper_clear(&s);
    if (st == GDT_EDIVZERO || st == GDT_EDOMAIN)
        st = GDT_OK; /* the run stopped on an error: that is what it did */
out:
    d->ops->clear(&x, d);
    d->ops->clear(&fws, d);
    mpq_clear(r);
    mpq_clear(ws);
    mpq_clear(e);
    mpq_clear(w);
    mpq_clear(t);
    return st;
}

gdt_status
gdt_lyapunov(mpfr_t lambda, unsigned long *done, const gdt_program *prog,
             const gdt_program *fpp, const mpq_t lr, const mpq_t w0, unsigned long steps,
             mpfr_prec_t prec)
{
    gdt_domain d;
    gdt_stepper s;
    gdt_val *regs = NULL;
    mpfr_t m, sum;
    mpq_t w0a[1];
    gdt_status st;
    size_t failed;

    *done = 0;
    mpfr_init2(m, prec);
    mpfr_init2(sum, prec);
    mpfr_set_zero(sum, 1);
    mpq_init(w0a[0]);
    mpq_set(w0a[0], w0);
    st = gdt_domain_init_mpfr(&d, prec, MPFR_RNDN);
    if (st != GDT_OK)
        goto out_m;
    st = gdt_stepper_init(&s, prog, &d, lr, w0a, steps, GDT_UPDATE_SUB, NULL);
    if (st == GDT_OK)
        st = gdt_program_regs_new(&regs, fpp, &d);
    while (st == GDT_OK && s.k < steps && (st = gdt_stepper_eval(&s, NULL)) == GDT_OK) {
        const gdt_val *w = gdt_stepper_w(&s);
        if (!mpfr_number_p(w->f))
            break;
        /* ln |1 - lr f''(w_k)| */
        mpfr_set(regs[fpp->nconsts].f, w->f, MPFR_RNDN);
        if ((st = gdt_program_eval(fpp, regs, &d, &failed)) != GDT_OK)
            break;
        mpfr_mul(m, s.lr.f, regs[fpp->loss_reg].f, MPFR_RNDN);
        mpfr_ui_sub(m, 1, m, MPFR_RNDN);
        mpfr_abs(m, m, MPFR_RNDN);
        mpfr_log(m, m, MPFR_RNDN);
        if (!mpfr_number_p(m))
            break;
        mpfr_add(sum, sum, m, MPFR_RNDN);
        ++*done;
        if (s.stop != GDT_STOP_NONE)
            break;
        if (gdt_guard_stop) {
            st = GDT_EINTERRUPTED;
            break;
        }
        st = gdt_stepper_update(&s, NULL);
    }
    if (*done > 0)
        mpfr_div_ui(lambda, sum, *done, MPFR_RNDN);
    else
        mpfr_set_nan(lambda);
    if (regs != NULL)
        gdt_program_regs_free(regs, fpp, &d);
    gdt_stepper_clear(&s);
    gdt_domain_clear(&d);
out_m:
    mpfr_clear(m);
    mpfr_clear(sum);
    mpq_clear(w0a[0]);
    return st;
}
