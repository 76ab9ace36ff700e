/* report_analyze -- gdtrace analyze: the analysis of a problem, streamed as
   text or jsonl sections */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/analyze.h"
#include "gdtrace/guard.h"
#include "gdtrace/mode.h"
#include "gdtrace/poly.h"
#include "gdtrace/report.h"

/* The IEEE formats the predictions are made for, narrowest first. */
static const char *const formats[] = { "binary16", "bfloat16", "binary32", "binary64",
                                       "binary128" };
#define NFORMATS (sizeof formats / sizeof formats[0])

/* Simulate at most this many steps per format (the prediction has no
   limit: it never iterates). */
#define PREDICT_LIMIT 100000UL

typedef struct actx {
    gdt_reporter *r;
    const gdt_analyze_in *in;
    gdt_buf *b;
    int json;
    int digits;   /* significant digits of values that are not exact */
} actx;

static gdt_status
flush(actx *c)
{
    return gdt_reporter_emit(c->r, c->b);
}

/* "key": "exact value" (jsonl) or "  key       value" (text) */
static gdt_status
put_q(actx *c, const char *key, const mpq_t q, const char *note)
{
    gdt_buf v;
    gdt_status st;

    gdt_buf_init(&v);
    st = gdt_q_get_str(&v, q);
    if (st == GDT_OK) {
        if (c->json) {
            st = gdt_buf_printf(c->b, "%s\"%s\": ", c->b->len && c->b->s[c->b->len - 1] != '{'
                                                       ? ", " : "", key);
            if (st == GDT_OK)
                st = gdt_buf_json_string(c->b, v.s);
        } else {
            st = gdt_buf_printf(c->b, "  %-12s %s%s%s\n", key, v.s, note ? "  " : "",
                                note ? note : "");
        }
    }
    gdt_buf_clear(&v);
    return st;
}

static gdt_status
put_text(actx *c, const char *key, const char *text)
{
    if (c->json) {
        gdt_status st = gdt_buf_printf(c->b, "%s\"%s\": ",
                                       c->b->len && c->b->s[c->b->len - 1] != '{' ? ", " : "",
                                       key);
        return st == GDT_OK ? gdt_buf_json_string(c->b, text) : st;
    }
    return gdt_buf_printf(c->b, "  %-12s %s\n", key, text);
}

/* An approximate value TEXT (to c->digits digits): {"approx": TEXT} in
   jsonl, "TEXT  (to N digits)" in text. */
static gdt_status
put_approx(actx *c, const char *key, const char *text)
{
    gdt_status st;

    if (!c->json)
        return gdt_buf_printf(c->b, "  %-12s %s  (to %d digits)\n", key, text, c->digits);
    st = gdt_buf_printf(c->b, "%s\"%s\": {\"approx\": ",
                        c->b->len && c->b->s[c->b->len - 1] != '{' ? ", " : "", key);
    if (st == GDT_OK)
        st = gdt_buf_json_string(c->b, text);
    return st == GDT_OK ? gdt_buf_putc(c->b, '}') : st;
}

/* A root: exactly when rational, else to c->digits digits with its
   isolating interval in jsonl. */
static gdt_status
put_root(actx *c, const char *key, const gdt_root *rt)
{
    gdt_buf v;
    gdt_status st;

    if (rt->exact)
        return put_q(c, key, rt->q, NULL);
    gdt_buf_init(&v);
    st = gdt_q_get_str_n(&v, rt->q, c->digits);
    if (st == GDT_OK && c->json) {
        st = gdt_buf_printf(c->b, "%s\"%s\": {\"approx\": ",
                            c->b->len && c->b->s[c->b->len - 1] != '{' ? ", " : "", key);
        if (st == GDT_OK)
            st = gdt_buf_json_string(c->b, v.s);
        gdt_buf_reset(&v);
        if (st == GDT_OK)
            st = gdt_q_get_str(&v, rt->lo);
        if (st == GDT_OK)
            st = gdt_buf_puts(c->b, ", \"lo\": ");
        if (st == GDT_OK)
            st = gdt_buf_json_string(c->b, v.s);
        gdt_buf_reset(&v);
        if (st == GDT_OK)
            st = gdt_q_get_str(&v, rt->hi);
        if (st == GDT_OK)
            st = gdt_buf_puts(c->b, ", \"hi\": ");
        if (st == GDT_OK)
            st = gdt_buf_json_string(c->b, v.s);
        if (st == GDT_OK)
            st = gdt_buf_putc(c->b, '}');
    } else if (st == GDT_OK) {
        st = put_approx(c, key, v.s);
    }
    gdt_buf_clear(&v);
    return st;
}

static gdt_status
begin(actx *c, const char *section, const char *title)
{
    if (c->json)
        return gdt_buf_printf(c->b, "{\"%s\": {", section);
    return gdt_buf_printf(c->b, "%s\n", title);
}

static gdt_status
end(actx *c)
{
    gdt_status st = c->json ? gdt_buf_puts(c->b, "}}\n") : GDT_OK;

    return st == GDT_OK ? flush(c) : st;
}

/* The problem, as gdtrace analyzes it. */
static gdt_status
section_problem(actx *c)
{
    const gdt_problem *p = c->in->problem;
    gdt_buf t;
    gdt_status st;
    size_t i;

    gdt_buf_init(&t);
    st = begin(c, "problem", "gdtrace analyze");
    if (st == GDT_OK)
        st = put_text(c, "loss", c->in->loss_text);
    for (i = 0; i < p->n && st == GDT_OK; i++) {
        char key[64];
        gdt_buf_reset(&t);
        st = gdt_expr_print_data(&t, p->grad[i], &p->params, p->columns);
        snprintf(key, sizeof key, p->n == 1 ? "grad" : "grad_%s", p->params.name[i]);
        if (st == GDT_OK)
            st = put_text(c, key, t.s);
    }
    if (st == GDT_OK)
        st = put_q(c, "lr", c->in->lr, NULL);
    for (i = 0; i < p->n && st == GDT_OK; i++) {
        char key[64];
        snprintf(key, sizeof key, p->n == 1 ? "w0" : "%s0", p->params.name[i]);
        st = put_q(c, key, c->in->w0[i], NULL);
    }
    gdt_buf_clear(&t);
    return st == GDT_OK ? end(c) : st;
}

/* One parameter, affine gradient: f'', w*, r, the class, the critical
   learning rates, the closed form. */
static gdt_status
section_quadratic1(actx *c, const gdt_affine *a)
{
    const mpq_t *lr = &c->in->lr;
    mpq_t f2, ws, r, t;
    gdt_buf cf, v;
    gdt_status st;
    const char *name = c->in->problem->params.name[0];

    mpq_init(f2);
    mpq_init(ws);
    mpq_init(r);
    mpq_init(t);
    gdt_buf_init(&cf);
    gdt_buf_init(&v);
    mpq_set(f2, a->h[0]);
    gdt_multiplier(r, *lr, f2);
    st = begin(c, "quadratic", "quadratic: the gradient is affine");
    if (st == GDT_OK)
        st = put_q(c, "f''", f2, "(the curvature)");
    if (st == GDT_OK && mpq_sgn(f2) != 0) {
        mpq_div(ws, a->g0[0], f2);
        mpq_neg(ws, ws);
        st = put_q(c, "w*", ws, mpq_sgn(f2) > 0 ? "(the minimiser)" : "(a maximum: f'' < 0)");
    }
    if (st == GDT_OK)
        st = put_q(c, "r", r, "(r = 1 - lr*f'')");
    if (st == GDT_OK)
        st = put_text(c, "class", gdt_affine1_class(*lr, f2, a->g0[0]));
    if (st == GDT_OK && mpq_sgn(f2) == 0 && mpq_sgn(*lr) != 0 && mpq_sgn(a->g0[0]) != 0) {
        /* a linear loss: w moves by -lr f' every step, at constant speed,
           forever */
        mpq_mul(t, *lr, a->g0[0]);
        mpq_neg(t, t);
        st = put_q(c, "drift", t, "(w_(n+1) - w_n: at constant speed, forever)");
    }
    if (st == GDT_OK && mpq_sgn(f2) > 0) {
        mpq_set_ui(t, 2, 1);
        mpq_div(t, t, f2);
        st = put_q(c, "lr_critical", t, "(2/f'': converges for 0 < lr < this)");
        mpq_set_ui(t, 1, 1);
        mpq_div(t, t, f2);
        if (st == GDT_OK)
            st = put_q(c, "lr_one_step", t, "(1/f'': reaches w* in one step)");
    }
    /* the closed form */
    if (st == GDT_OK && mpq_sgn(f2) != 0) {
        mpq_sub(t, c->in->w0[0], ws);
        st = gdt_buf_printf(&cf, "%s_n = ", name);
        if (st == GDT_OK)
            st = gdt_q_get_str(&cf, ws);
        if (st == GDT_OK)
            st = gdt_buf_puts(&cf, " + (");
        if (st == GDT_OK)
            st = gdt_q_get_str(&cf, r);
        if (st == GDT_OK)
            st = gdt_buf_puts(&cf, ")^n * (");
        if (st == GDT_OK)
            st = gdt_q_get_str(&cf, t);
        if (st == GDT_OK)
            st = gdt_buf_puts(&cf, ")");
    } else if (st == GDT_OK) {
        /* a constant gradient g: w_n = w0 - n lr g */
        mpq_mul(t, *lr, a->g0[0]);
        st = gdt_buf_printf(&cf, "%s_n = ", name);
        if (st == GDT_OK)
            st = gdt_q_get_str(&cf, c->in->w0[0]);
        if (st == GDT_OK)
            st = gdt_buf_puts(&cf, " - n * ");
        if (st == GDT_OK)
            st = gdt_q_get_str(&cf, t);
    }
    if (st == GDT_OK)
        st = put_text(c, "closed_form", cf.s);
    mpq_clear(f2);
    mpq_clear(ws);
    mpq_clear(r);
    mpq_clear(t);
    gdt_buf_clear(&cf);
    gdt_buf_clear(&v);
    return st == GDT_OK ? end(c) : st;
}

/* The largest root of P in absolute value into *ROOT (exact or not);
   returns 0 when P has no real root. */
static int
largest_abs(const gdt_root *roots, size_t n, const gdt_root **out)
{
    mpq_t a, b;

    if (n == 0)
        return 0;
    mpq_init(a);
    mpq_init(b);
    mpq_abs(a, roots[0].q);
    mpq_abs(b, roots[n - 1].q);
    *out = mpq_cmp(a, b) > 0 ? &roots[0] : &roots[n - 1];
    mpq_clear(a);
    mpq_clear(b);
    return 1;
}

/* CP = det(x I - M) for M = I - LR H, and CH = det(x I - H): their real
   roots are the eigenvalues of M and of H. */
static gdt_status
quadratic_charpolys(gdt_poly *cp, gdt_poly *ch, const gdt_affine *a, const mpq_t lr)
{
    size_t n = a->n, i;
    mpq_t *m = malloc(n * n * sizeof *m);
    gdt_status st;

    if (m == NULL)
        return GDT_ENOMEM;
    for (i = 0; i < n * n; i++) {
        mpq_init(m[i]);
        mpq_mul(m[i], lr, a->h[i]);
        mpq_neg(m[i], m[i]);
    }
    for (i = 0; i < n; i++)
        mpz_add(mpq_numref(m[i * n + i]), mpq_numref(m[i * n + i]), mpq_denref(m[i * n + i]));
    st = gdt_charpoly(cp, (const mpq_t *)m, n);
    if (st == GDT_OK)
        st = gdt_charpoly(ch, (const mpq_t *)a->h, n);
    for (i = 0; i < n * n; i++)
        mpq_clear(m[i]);
    free(m);
    return st;
}

/* Several parameters, affine gradient: the Hessian, w*, the eigenvalues
   of I - lr H (the roots of CP), the spectral radius, the critical lr (from
   the roots of CH). */
static gdt_status
section_quadratic_n(actx *c, const gdt_affine *a, const gdt_poly *cp, const gdt_poly *ch)
{
    size_t n = a->n, i, j, nr = 0, nh = 0;
    mpq_t *ws = malloc(n * sizeof *ws), t;
    gdt_root *roots = NULL, *hroots = NULL;
    const gdt_root *big;
    gdt_buf v;
    gdt_status st;
    const gdt_problem *p = c->in->problem;
    unsigned long bits = (unsigned long)(c->digits * 3.33) + 16;

    if (ws == NULL)
        return GDT_ENOMEM;
    mpq_init(t);
    gdt_buf_init(&v);
    for (i = 0; i < n; i++)
        mpq_init(ws[i]);
    st = begin(c, "quadratic", "quadratic: the gradient is affine");
    /* H, row by row */
    for (i = 0; i < n && st == GDT_OK; i++) {
        char key[64];
        gdt_buf_reset(&v);
        for (j = 0; j < n && st == GDT_OK; j++) {
            st = gdt_buf_puts(&v, j ? ", " : "[");
            if (st == GDT_OK)
                st = gdt_q_get_str(&v, a->h[i * n + j]);
        }
        if (st == GDT_OK)
            st = gdt_buf_putc(&v, ']');
        snprintf(key, sizeof key, "H_%s", p->params.name[i]);
        if (st == GDT_OK)
            st = put_text(c, key, v.s);
    }
    if (st == GDT_OK && gdt_affine_fixed_point(ws, a)) {
        for (i = 0; i < n && st == GDT_OK; i++) {
            char key[64];
            snprintf(key, sizeof key, "%s*", p->params.name[i]);
            st = put_q(c, key, ws[i], i == 0 ? "(the stationary point)" : NULL);
        }
    }
    /* the eigenvalues of M = I - lr H, the real roots of CP (M is
       symmetric: all its eigenvalues are real) */
    if (st == GDT_OK)
        st = gdt_poly_real_roots(&roots, &nr, cp, bits, &c->in->roots);
    for (i = 0; i < nr && st == GDT_OK; i++) {
        char key[64];
        snprintf(key, sizeof key, "eig_%zu", i + 1);
        st = put_root(c, key, &roots[i]);
    }
    if (st == GDT_OK && largest_abs(roots, nr, &big)) {
        /* |the eigenvalue largest in absolute value| */
        gdt_root ab;
        int neg = mpq_sgn(big->q) < 0;
        mpq_init(ab.q);
        mpq_init(ab.lo);
        mpq_init(ab.hi);
        ab.exact = big->exact;
        ab.mult = big->mult;
        mpq_abs(ab.q, big->q);
        mpq_abs(ab.lo, neg ? big->hi : big->lo);
        mpq_abs(ab.hi, neg ? big->lo : big->hi);
        st = put_root(c, "spectral_radius", &ab);
        if (st == GDT_OK)
            st = put_text(c, "class", mpq_cmp_ui(ab.q, 1, 1) < 0
                                          ? "converges (spectral radius < 1)"
                                          : "does not converge (spectral radius >= 1)");
        mpq_clear(ab.q);
        mpq_clear(ab.lo);
        mpq_clear(ab.hi);
    }
    /* the critical lr: 2 / the largest eigenvalue of H */
    if (st == GDT_OK)
        st = gdt_poly_real_roots(&hroots, &nh, ch, bits, &c->in->roots);
    if (st == GDT_OK && nh > 0 && mpq_sgn(hroots[nh - 1].q) > 0) {
        gdt_root lc;
        mpq_init(lc.q);
        mpq_init(lc.lo);
        mpq_init(lc.hi);
        lc.exact = hroots[nh - 1].exact;
        lc.mult = 1;
        mpq_set_ui(t, 2, 1);
        mpq_div(lc.q, t, hroots[nh - 1].q);
        if (!lc.exact) { /* 2/x is decreasing: the interval flips */
            mpq_div(lc.lo, t, hroots[nh - 1].hi);
            mpq_div(lc.hi, t, hroots[nh - 1].lo);
        }
        st = put_root(c, "lr_critical", &lc);
        mpq_clear(lc.q);
        mpq_clear(lc.lo);
        mpq_clear(lc.hi);
    }
    gdt_roots_free(roots, nr);
    gdt_roots_free(hroots, nh);
    for (i = 0; i < n; i++)
        mpq_clear(ws[i]);
    free(ws);
    mpq_clear(t);
    gdt_buf_clear(&v);
    return st == GDT_OK ? end(c) : st;
}

/* Append the integer Z in decimal. */
static gdt_status
put_z(gdt_buf *b, const mpz_t z)
{
    gdt_status st = gdt_buf_reserve(b, mpz_sizeinbase(z, 10) + 2);

    if (st != GDT_OK)
        return st;
    mpz_get_str(b->s + b->len, 10, z);
    b->len += strlen(b->s + b->len);
    return GDT_OK;
}

/* One parameter, affine gradient: per IEEE format, the predicted and the
   simulated first overflow, arrival at w* or stall. */
static gdt_status
section_formats(actx *c, const gdt_affine *a)
{
    gdt_status st = GDT_OK;
    gdt_buf pb;
    size_t i;
    int drift = mpq_sgn(a->h[0]) == 0;

    gdt_buf_init(&pb);
    if (!c->json)
        st = gdt_buf_printf(c->b, "IEEE formats: predicted %s, and simulated\n  %-12s %-22s %s\n",
                            drift ? "from the rounded step (w - fl(lr*f') rounded, binade by "
                                    "binade)"
                                  : "from the exact closed form (each w_n rounded once)",
                            "format", "predicted", "simulated");
    for (i = 0; i < NFORMATS && st == GDT_OK; i++) {
        gdt_domain d;
        gdt_prediction pr;
        char sbuf[96];

        memset(&d, 0, sizeof d);
        gdt_prediction_init(&pr);
        st = gdt_domain_init_ieee(&d, formats[i], MPFR_RNDN);
        if (st == GDT_OK)
            st = gdt_predict(&pr, c->in->program, &d, a, c->in->lr, c->in->w0[0],
                             PREDICT_LIMIT);
        gdt_domain_clear(&d);
        gdt_buf_reset(&pb);
        if (st == GDT_OK && pr.event != NULL) {
            st = gdt_buf_printf(&pb, "%s at ", pr.event);
            if (st == GDT_OK)
                st = put_z(&pb, pr.step);
        } else if (st == GDT_OK) {
            st = gdt_buf_printf(&pb, "never (%s)", pr.never);
        }
        if (pr.sim_event != NULL)
            snprintf(sbuf, sizeof sbuf, "%s at %ld (stopped: %s after %lu)", pr.sim_event,
                     pr.sim_step, gdt_stop_str(pr.sim_stop), pr.sim_steps);
        else
            snprintf(sbuf, sizeof sbuf, "neither (stopped: %s after %lu)",
                     gdt_stop_str(pr.sim_stop), pr.sim_steps);
        if (st == GDT_OK && c->json) {
            st = gdt_buf_printf(c->b, "{\"format\": {\"name\": \"%s\", \"predicted\": ", formats[i]);
            if (st == GDT_OK && pr.event != NULL) {
                st = gdt_buf_printf(c->b, "{\"event\": \"%s\", \"step\": ", pr.event);
                if (st == GDT_OK)
                    st = put_z(c->b, pr.step);
                if (st == GDT_OK)
                    st = gdt_buf_putc(c->b, '}');
            } else if (st == GDT_OK) {
                st = gdt_buf_puts(c->b, "{\"event\": \"never\", \"why\": ");
                if (st == GDT_OK)
                    st = gdt_buf_json_string(c->b, pr.never);
                if (st == GDT_OK)
                    st = gdt_buf_putc(c->b, '}');
            }
            if (st == GDT_OK)
                st = gdt_buf_puts(c->b, ", \"simulated\": {");
            if (st == GDT_OK && pr.sim_event != NULL)
                st = gdt_buf_printf(c->b, "\"event\": \"%s\", \"step\": %ld, ", pr.sim_event,
                                    pr.sim_step);
            if (st == GDT_OK)
                st = gdt_buf_printf(c->b, "\"stop\": \"%s\", \"steps\": %lu}}}\n",
                                    gdt_stop_str(pr.sim_stop), pr.sim_steps);
        } else if (st == GDT_OK) {
            st = gdt_buf_printf(c->b, "  %-12s %-22s %s\n", formats[i], pb.s, sbuf);
        }
        gdt_prediction_clear(&pr);
        /* each format's line as soon as it is known */
        if (st == GDT_OK)
            st = flush(c);
    }
    gdt_buf_clear(&pb);
    return st;
}

/* --at N: the exact state at step N by powering the affine map. */
static gdt_status
section_at(actx *c, const gdt_affine *a)
{
    const gdt_program *prog = c->in->program;
    const gdt_problem *p = c->in->problem;
    size_t n = prog->nparams, i, failed;
    mpq_t *w = malloc(n * sizeof *w), v;
    gdt_domain d;
    gdt_val *regs = NULL;
    gdt_status st;

    if (w == NULL)
        return GDT_ENOMEM;
    for (i = 0; i < n; i++)
        mpq_init(w[i]);
    mpq_init(v);
    gdt_domain_init_exact(&d);
    st = gdt_affine_at(w, a, c->in->lr, c->in->w0, c->in->at);
    if (st == GDT_OK)
        st = gdt_program_regs_new(&regs, prog, &d);
    for (i = 0; i < n && st == GDT_OK; i++)
        st = d.ops->set_q(&regs[prog->nconsts + i], w[i], &d);
    if (st == GDT_OK)
        st = gdt_program_eval(prog, regs, &d, &failed);
    if (st == GDT_OK) {
        if (c->json)
            st = gdt_buf_printf(c->b, "{\"at\": {\"step\": %lu", c->in->at);
        else
            st = gdt_buf_printf(c->b, "at step %lu (exact, by powering the affine map)\n",
                                c->in->at);
    }
    for (i = 0; i < n && st == GDT_OK; i++)
        st = put_q(c, n == 1 ? "w" : p->params.name[i], w[i], NULL);
    for (i = 0; i < n && st == GDT_OK; i++) {
        char key[64];
        snprintf(key, sizeof key, n == 1 ? "grad" : "grad_%s", p->params.name[i]);
        st = d.ops->get_q(v, &regs[prog->grad_reg[i]], &d);
        if (st == GDT_OK)
            st = put_q(c, key, v, NULL);
    }
    if (st == GDT_OK)
        st = d.ops->get_q(v, &regs[prog->loss_reg], &d);
    if (st == GDT_OK)
        st = put_q(c, "loss", v, NULL);
    if (regs != NULL)
        gdt_program_regs_free(regs, prog, &d);
    gdt_domain_clear(&d);
    for (i = 0; i < n; i++)
        mpq_clear(w[i]);
    free(w);
    mpq_clear(v);
    return st == GDT_OK ? end(c) : st;
}

/* One parameter, polynomial loss: every real critical point, exactly. */
static gdt_status
section_critical(actx *c, const gdt_poly *g)
{
    gdt_poly g2;
    gdt_root *roots = NULL;
    size_t nr = 0, i;
    unsigned long bits = (unsigned long)(c->digits * 3.33) + 16;
    mpq_t f2, m, t;
    gdt_buf v;
    gdt_status st;

    gdt_poly_init(&g2);
    mpq_init(f2);
    mpq_init(m);
    mpq_init(t);
    gdt_buf_init(&v);
    st = gdt_poly_derive(&g2, g);
    if (st == GDT_OK && gdt_poly_degree(g) < 1) {
        st = begin(c, "critical_points", "critical points: none (the gradient is constant)");
        if (st == GDT_OK)
            st = end(c);
        goto out;
    }
    if (st == GDT_OK)
        st = gdt_poly_real_roots(&roots, &nr, g, bits, &c->in->roots);
    if (st == GDT_OK && !c->json)
        st = gdt_buf_printf(c->b, "critical points: the %zu real root%s of the gradient, "
                                  "isolated exactly (Descartes' rule of signs)\n", nr, nr == 1 ? "" : "s");
    for (i = 0; i < nr && st == GDT_OK; i++) {
        const gdt_root *rt = &roots[i];
        int exact = rt->exact;

        if (c->json)
            st = gdt_buf_puts(c->b, "{\"critical_point\": {");
        if (st == GDT_OK)
            st = put_root(c, "w*", rt);
        /* f''(w*): 0 at a multiple root (the gradient's derivative vanishes
           there too), exact at a rational root, else exact at the midpoint
           of the isolating interval, to c->digits digits (floating point
           would cancel catastrophically on large coefficients) */
        if (rt->mult > 1) {
            mpq_set_ui(f2, 0, 1);
            exact = 1;
        } else {
            gdt_poly_eval_q(f2, &g2, rt->q);
        }
        if (exact) {
            if (st == GDT_OK)
                st = put_q(c, "f''", f2, NULL);
        } else {
            gdt_buf v2;
            gdt_buf_init(&v2);
            if (st == GDT_OK)
                st = gdt_q_get_str_n(&v2, f2, c->digits);
            if (st == GDT_OK)
                st = put_approx(c, "f''", v2.s);
            gdt_buf_clear(&v2);
        }
        /* the local multiplier and class */
        gdt_multiplier(m, c->in->lr, f2);
        if (st == GDT_OK) {
            gdt_buf_reset(&v);
            st = exact ? gdt_q_get_str(&v, m) : gdt_q_get_str_n(&v, m, c->digits);
            if (st == GDT_OK)
                st = exact ? put_text(c, "multiplier", v.s) : put_approx(c, "multiplier", v.s);
        }
        if (st == GDT_OK)
            st = put_text(c, "kind", mpq_sgn(f2) > 0 ? "minimum" : mpq_sgn(f2) < 0 ? "maximum"
                                                                           : "degenerate (f'' = 0)");
        if (st == GDT_OK)
            st = put_text(c, "class", gdt_multiplier_class(m));
        if (st == GDT_OK && mpq_sgn(f2) > 0) {
            mpq_set_ui(t, 2, 1);
            mpq_div(t, t, f2);
            gdt_buf_reset(&v);
            st = exact ? gdt_q_get_str(&v, t) : gdt_q_get_str_n(&v, t, c->digits);
            if (st == GDT_OK)
                st = exact ? put_text(c, "lr_critical", v.s) : put_approx(c, "lr_critical", v.s);
        }
        if (st == GDT_OK)
            st = c->json ? gdt_buf_puts(c->b, "}}\n") : gdt_buf_putc(c->b, '\n');
    }
    if (st == GDT_OK)
        st = flush(c);
out:
    gdt_roots_free(roots, nr);
    gdt_poly_clear(&g2);
    mpq_clear(f2);
    mpq_clear(m);
    mpq_clear(t);
    gdt_buf_clear(&v);
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
cycle_at_critical(int *yes, const gdt_stepper *s, gdt_domain *d)
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
    st = gdt_stepper_init(&t, prog, d, s->lr_q, q, s->cycle_period, GDT_UPDATE_SUB, NULL);
    t.stop_on_zero = 0;
    mpfr_set(lo, gdt_stepper_w(s)->f, MPFR_RNDN);
    mpfr_set(hi, lo, MPFR_RNDN);
    for (i = 0; st == GDT_OK && i < s->cycle_period; i++) {
        if (gdt_guard_stop) {
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

/* One parameter, a loss that is no polynomial: a critical point found from
   the trajectory, run in MPFR at the analysis's precision, stopping on
   grad-zero or a cycle (the same run as the Lyapunov exponent's).  The run
   finds one when its gradient is exactly zero, or when it ends in a cycle
   around one (cycle_at_critical). */
static gdt_status
section_trajectory(actx *c, const gdt_program *fpp)
{
    gdt_domain d;
    gdt_stepper s;
    gdt_val *regs = NULL;
    mpq_t w0a[1], f2, m, t;
    gdt_buf v;
    gdt_status st;
    size_t failed;
    int found = 0;
    const char *title;

    mpq_init(w0a[0]);
    mpq_init(f2);
    mpq_init(m);
    mpq_init(t);
    gdt_buf_init(&v);
    mpq_set(w0a[0], c->in->w0[0]);
    st = gdt_domain_init_mpfr(&d, c->in->prec, MPFR_RNDN);
    if (st != GDT_OK)
        goto out;
    st = gdt_stepper_init(&s, c->in->program, &d, c->in->lr, w0a, c->in->max_iter,
                          GDT_UPDATE_SUB, NULL);
    s.detect_cycles = 1;
    while (st == GDT_OK && (st = gdt_stepper_eval(&s, NULL)) == GDT_OK
           && s.stop == GDT_STOP_NONE) {
        if (gdt_guard_stop) {
            st = GDT_EINTERRUPTED;
            break;
        }
        st = gdt_stepper_update(&s, NULL);
    }
    if (st == GDT_EINTERRUPTED || st == GDT_ENOMEM)
        goto out_run;
    if (st == GDT_OK && mpfr_number_p(gdt_stepper_w(&s)->f)) {
        if (s.stop == GDT_STOP_GRAD_ZERO)
            found = 1;
        else if (s.stop == GDT_STOP_CYCLE
                 && (st = cycle_at_critical(&found, &s, &d)) != GDT_OK)
            goto out_run;
    }
    if (st != GDT_OK) {
        st = begin(c, "trajectory", "the trajectory (mpfr)");
        if (st == GDT_OK)
            st = put_text(c, "note", "the run failed: no critical point from it");
        if (st == GDT_OK)
            st = end(c);
        goto out_run;
    }
    title = found ? "a critical point found from the trajectory (mpfr)"
            : s.stop == GDT_STOP_MAX_ITER
                ? "the trajectory (mpfr) reaches no critical point within max-iter"
            : s.stop == GDT_STOP_CYCLE
                ? "the trajectory (mpfr) ends in a cycle, at no critical point"
                : "the trajectory (mpfr) reaches no critical point";
    st = begin(c, found ? "critical_point" : "trajectory", title);
    if (st == GDT_OK && c->json) {
        st = gdt_buf_printf(c->b, "\"from\": \"trajectory\", \"prec\": %ld, \"stop\": \"%s\", "
                                  "\"steps\": %lu",
                            (long)c->in->prec, gdt_stop_str(s.stop), s.k);
        if (st == GDT_OK && s.stop == GDT_STOP_CYCLE)
            st = gdt_buf_printf(c->b, ", \"period\": %lu, \"cycle_start\": %lu",
                                s.cycle_period, s.cycle_start);
    } else if (st == GDT_OK) {
        st = gdt_buf_printf(c->b, "  %-12s %s after %lu steps", "run", gdt_stop_str(s.stop), s.k);
        if (st == GDT_OK && s.stop == GDT_STOP_CYCLE)
            st = gdt_buf_printf(c->b, " (period %lu from step %lu)", s.cycle_period,
                                s.cycle_start);
        if (st == GDT_OK)
            st = gdt_buf_printf(c->b, ", %ld bits\n", (long)c->in->prec);
    }
    if (st == GDT_OK && mpfr_number_p(gdt_stepper_w(&s)->f)) {
        mpfr_get_q(t, gdt_stepper_w(&s)->f);
        gdt_buf_reset(&v);
        st = gdt_q_get_str_n(&v, t, c->digits);
        if (st == GDT_OK)
            st = put_approx(c, found ? "w*" : "w", v.s);
    }
    if (st == GDT_OK && !found && mpfr_number_p(gdt_stepper_grad(&s)->f)) {
        /* how far from a critical point the run ended */
        mpfr_get_q(t, gdt_stepper_grad(&s)->f);
        gdt_buf_reset(&v);
        st = gdt_q_get_str_n(&v, t, 6);
        if (st == GDT_OK)
            st = put_text(c, "grad", v.s);
    }
    if (st == GDT_OK && found && s.stop == GDT_STOP_CYCLE)
        st = put_text(c, "note", "the run cycles around it, a few ulps wide: the precision's "
                                 "limit");
    if (st == GDT_OK && found && fpp == NULL)
        st = put_text(c, "note", "the gradient has no derivative here (abs, min, max): no f''");
    if (st == GDT_OK && found && fpp != NULL) {
        st = gdt_program_regs_new(&regs, fpp, &d);
        if (st == GDT_OK)
            st = d.ops->set(&regs[fpp->nconsts], gdt_stepper_w(&s), &d);
        if (st == GDT_OK)
            st = gdt_program_eval(fpp, regs, &d, &failed);
        if (st == GDT_OK && mpfr_number_p(regs[fpp->loss_reg].f)) {
            mpfr_get_q(f2, regs[fpp->loss_reg].f);
            gdt_buf_reset(&v);
            st = gdt_q_get_str_n(&v, f2, c->digits);
            if (st == GDT_OK)
                st = put_approx(c, "f''", v.s);
            gdt_multiplier(m, c->in->lr, f2);
            gdt_buf_reset(&v);
            if (st == GDT_OK)
                st = gdt_q_get_str_n(&v, m, c->digits);
            if (st == GDT_OK)
                st = put_approx(c, "multiplier", v.s);
            if (st == GDT_OK)
                st = put_text(c, "kind", mpq_sgn(f2) > 0 ? "minimum" : mpq_sgn(f2) < 0
                                                                ? "maximum" : "degenerate");
            if (st == GDT_OK)
                st = put_text(c, "class", gdt_multiplier_class(m));
            if (st == GDT_OK && mpq_sgn(f2) > 0) {
                mpq_set_ui(t, 2, 1);
                mpq_div(t, t, f2);
                gdt_buf_reset(&v);
                st = gdt_q_get_str_n(&v, t, c->digits);
                if (st == GDT_OK)
                    st = put_approx(c, "lr_critical", v.s);
            }
        }
        if (regs != NULL)
            gdt_program_regs_free(regs, fpp, &d);
    }
    if (st == GDT_OK)
        st = end(c);
out_run:
    gdt_stepper_clear(&s);
    gdt_domain_clear(&d);
out:
    mpq_clear(w0a[0]);
    mpq_clear(f2);
    mpq_clear(m);
    mpq_clear(t);
    gdt_buf_clear(&v);
    return st;
}

/* One parameter: the Lyapunov exponent along the run, and from it the step
   at which each format keeps no correct digit. */
static gdt_status
section_lyapunov(actx *c, const gdt_program *fpp)
{
    mpfr_t lam;
    gdt_lyapunov_run run;
    gdt_status st;
    size_t i;
    char *txt = NULL;
    static const int bits[NFORMATS] = { 11, 8, 24, 53, 113 };

    mpfr_init2(lam, c->in->prec);
    st = gdt_lyapunov(lam, &run, c->in->program, fpp, c->in->lr, c->in->w0[0],
                      c->in->max_iter, c->in->prec);
    if (st == GDT_EINTERRUPTED || st == GDT_ENOMEM)
        goto out;
    if (st != GDT_OK) {
        /* no second derivative here (abs, min, max): no exponent */
        st = GDT_OK;
        goto out;
    }
    if (mpfr_asprintf(&txt, "%.*Rg", c->digits < 17 ? c->digits : 17, lam) < 0) {
        st = GDT_ENOMEM;
        goto out;
    }
    st = begin(c, "lyapunov", "Lyapunov exponent: the mean of ln|1 - lr*f''(w_n)| along the run");
    if (st == GDT_OK)
        st = put_text(c, "exponent", txt);
    /* the run it was taken along, as the trajectory says it: its steps and
       how it stopped */
    if (st == GDT_OK && c->json)
        st = gdt_buf_printf(c->b, ", \"steps\": %lu, \"prec\": %ld, \"stop\": \"%s\", "
                                  "\"run_steps\": %lu",
                            run.terms, (long)c->in->prec, gdt_stop_str(run.stop), run.steps);
    else if (st == GDT_OK && run.terms == run.steps)
        st = gdt_buf_printf(c->b, "  %-12s %lu steps (mpfr, %ld bits; stopped: %s)\n", "over",
                            run.terms, (long)c->in->prec, gdt_stop_str(run.stop));
    else if (st == GDT_OK)
        st = gdt_buf_printf(c->b, "  %-12s %lu steps (mpfr, %ld bits; stopped: %s after %lu, "
                                  "f'' has no value past step %lu)\n",
                            "over", run.terms, (long)c->in->prec, gdt_stop_str(run.stop),
                            run.steps, run.terms);
    if (st == GDT_OK && c->json)
        st = gdt_buf_puts(c->b, ", \"no_digits\": {");
    else if (st == GDT_OK)
        st = gdt_buf_printf(c->b, "  no correct digit left (a P-bit float: P ln2 / exponent):\n");
    for (i = 0; i < NFORMATS && st == GDT_OK; i++) {
        double l = mpfr_get_d(lam, MPFR_RNDN);
        if (l > 0) {
            /* +inf (a term overflowed): every digit goes in the first step */
            long n = isfinite(l) ? (long)ceil(bits[i] * log(2.0) / l) : 1;
            st = c->json ? gdt_buf_printf(c->b, "%s\"%s\": %ld", i ? ", " : "", formats[i], n)
                         : gdt_buf_printf(c->b, "  %-12s step %ld\n", formats[i], n);
        } else {
            st = c->json ? gdt_buf_printf(c->b, "%s\"%s\": null", i ? ", " : "", formats[i])
                         : gdt_buf_printf(c->b, "  %-12s never (exponent <= 0: errors do not grow)\n",
                                          formats[i]);
        }
    }
    if (st == GDT_OK && c->json)
        st = gdt_buf_putc(c->b, '}');
    if (st == GDT_OK)
        st = end(c);
out:
    if (txt != NULL)
        mpfr_free_str(txt);
    mpfr_clear(lam);
    return st;
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

/* G = the gradient of P's one parameter as a polynomial; 0 when it is none
   (GDT_EINTERRUPTED and GDT_ENOMEM are errors).  A derived gradient is taken
   as the derivative of the loss's polynomial: a product of N factors is
   N products that way, not the N^2 of the derived expression's terms. */
static gdt_status
gradient_poly(int *is_poly, gdt_poly *g, const gdt_problem *p)
{
    gdt_poly lp;
    gdt_error e;
    gdt_status st = GDT_EVALUE;

    *is_poly = 0;
    gdt_poly_init(&lp);
    if (p->grad_derived[0]) {
        st = gdt_poly_from_expr(&lp, p->loss, 0, &e);
        if (st == GDT_OK)
            st = gdt_poly_derive(g, &lp);
    }
    if (st != GDT_OK && st != GDT_EINTERRUPTED && st != GDT_ENOMEM)
        st = gdt_poly_from_expr(g, p->grad[0], 0, &e);
    gdt_poly_clear(&lp);
    *is_poly = st == GDT_OK;
    return st == GDT_EINTERRUPTED || st == GDT_ENOMEM ? st : GDT_OK;
}

gdt_status
gdt_analyze(gdt_reporter *r, const gdt_analyze_in *in, gdt_error *err)
{
    actx c;
    gdt_affine a;
    gdt_poly g, cp, ch;
    gdt_error perr;
    int affine = gdt_problem_is_affine(in->problem), have_a = 0, is_poly = 0;
    gdt_status st = GDT_OK;

    c.r = r;
    c.in = in;
    c.b = &r->rec;
    c.json = r->format == GDT_FORMAT_JSONL;
    c.digits = r->numfmt.kind == GDT_DIGITS_N ? r->numfmt.n : 30;
    memset(&a, 0, sizeof a);
    gdt_poly_init(&g);
    gdt_poly_init(&cp);
    gdt_poly_init(&ch);
    if (in->has_at && !affine)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "--at needs a loss whose gradient is affine (a quadratic loss): "
                             "this one's is not; run --max-iter %lu instead", in->at);
    /* what may refuse the problem comes before its first line */
    if (affine) {
        st = gdt_affine_init(&a, in->program);
        if (st != GDT_OK)
            return gdt_error_set(err, st, SIZE_MAX, "the exact gradient at 0: %s",
                                 gdt_status_str(st));
        have_a = 1;
        a.max_bits = in->max_bits;
        if (a.n > 1 && in->roots.max_degree != 0 && a.n > in->roots.max_degree) {
            st = gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                               "eigenvalues: the characteristic polynomial: degree %zu is over "
                               "the bound %lu (--max-degree)", a.n, in->roots.max_degree);
            goto out;
        }
        if (a.n > 1 && (st = quadratic_charpolys(&cp, &ch, &a, in->lr)) == GDT_OK
            && (st = roots_budget(&cp, "eigenvalues: the characteristic polynomial of I - lr*H",
                                  in, err)) == GDT_OK)
            st = roots_budget(&ch, "eigenvalues: the characteristic polynomial of H", in, err);
        if (st == GDT_EVALUE)
            goto out;
    } else if (in->problem->n == 1) {
        /* the degree as written bounds the polynomial's: refuse before
           building one past the budget */
        long deg = gdt_expr_degree(in->problem->grad[0], 0);
        if (deg > 0 && in->roots.max_degree != 0 && (unsigned long)deg > in->roots.max_degree) {
            st = gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                               "critical points: the gradient's polynomial: degree %ld (as "
                               "written) is over the bound %lu (--max-degree)",
                               deg, in->roots.max_degree);
            goto out;
        }
        st = gradient_poly(&is_poly, &g, in->problem);
        if (st == GDT_OK && is_poly
            && (st = roots_budget(&g, "critical points: the gradient's polynomial", in, err))
                   == GDT_EVALUE)
            goto out;
    }
    if (st == GDT_OK)
        st = section_problem(&c);
    if (st == GDT_OK && affine) {
        st = a.n == 1 ? section_quadratic1(&c, &a) : section_quadratic_n(&c, &a, &cp, &ch);
        if (st == GDT_OK && in->has_at)
            st = section_at(&c, &a);
        if (st == GDT_OK && a.n == 1 && !in->has_at)
            st = section_formats(&c, &a);
    } else if (st == GDT_OK && in->problem->n == 1) {
        /* f'', the second derivative, as a program */
        gdt_expr *f2 = NULL;
        gdt_program fpp;
        int have_f2;

        memset(&fpp, 0, sizeof fpp);
        gdt_error_clear(&perr);
        have_f2 = gdt_expr_derive(&f2, in->problem->grad[0], 0, &perr) == GDT_OK
                  && gdt_program_init_data(&fpp, f2, &f2, 1, in->program->ncols,
                                           in->program->nrows, in->program->cells) == GDT_OK;
        st = is_poly ? section_critical(&c, &g) : section_trajectory(&c, have_f2 ? &fpp : NULL);
        if (st == GDT_OK && have_f2)
            st = section_lyapunov(&c, &fpp);
        else if (st == GDT_OK) {
            /* why there is no f'': abs, min, max, or its size */
            st = begin(&c, "lyapunov", "Lyapunov exponent: none");
            if (st == GDT_OK && perr.status == GDT_ERANGE)
                st = put_text(&c, "note", "f'' is too large to derive (more than the "
                                          "derivative's node limit): no exponent");
            else if (st == GDT_OK)
                st = put_text(&c, "note", "the gradient has no derivative everywhere (abs, min, "
                                          "max): no exponent");
            if (st == GDT_OK)
                st = end(&c);
        }
        gdt_program_clear(&fpp);
        gdt_expr_free(f2);
    } else if (st == GDT_OK) {
        st = begin(&c, "note", "");
        if (st == GDT_OK)
            st = put_text(&c, "note", "the gradient is not affine and the loss has several "
                                      "parameters: gdtrace analyzes quadratic losses of several "
                                      "parameters, and any loss of one");
        if (st == GDT_OK)
            st = end(&c);
    }
    if (st == GDT_EIO)
        st = gdt_error_set(err, st, SIZE_MAX, "write error: %s", strerror(errno));
    else if (st == GDT_ERANGE)
        st = gdt_error_set(err, st, SIZE_MAX,
                           "a value would need more than %zu bits (--max-bits)", in->max_bits);
    else if (st != GDT_OK)
        st = gdt_error_set(err, st, SIZE_MAX, "%s", gdt_status_str(st));
out:
    if (have_a)
        gdt_affine_clear(&a);
    gdt_poly_clear(&g);
    gdt_poly_clear(&cp);
    gdt_poly_clear(&ch);
    return st;
}
