/* report_analyze -- gdtrace analyze's answer (gdt_analysis) as text or
   jsonl, each section written as soon as it is computed */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "gdtrace/analyze.h"
#include "gdtrace/report.h"

typedef struct actx {
    gdt_reporter *r;
    const gdt_analyze_in *in;
    gdt_buf *b;
    int json;
    int digits;   /* significant digits of values that are not exact */
    gdt_cancel *stop; /* polled while a huge exact value is converted */
} actx;

static gdt_status
flush(actx *c)
{
    return gdt_reporter_emit(c->r, c->b);
}

/* jsonl: "key": after a comma unless first in its object. */
static gdt_status
put_key(actx *c, const char *key)
{
    return gdt_buf_printf(c->b, "%s\"%s\": ",
                          c->b->len && c->b->s[c->b->len - 1] != '{' ? ", " : "", key);
}

/* "key": "exact value" (jsonl) or "  key       value" (text) */
static gdt_status
put_q(actx *c, const char *key, const mpq_t q, const char *note)
{
    gdt_buf v;
    gdt_status st;

    gdt_buf_init(&v);
    st = gdt_q_get_str_stop(&v, q, c->stop);
    if (st == GDT_OK) {
        if (c->json) {
            st = put_key(c, key);
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
        gdt_status st = put_key(c, key);
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
    st = put_key(c, key);
    if (st == GDT_OK)
        st = gdt_buf_puts(c->b, "{\"approx\": ");
    if (st == GDT_OK)
        st = gdt_buf_json_string(c->b, text);
    return st == GDT_OK ? gdt_buf_putc(c->b, '}') : st;
}

/* Q exactly when EXACT, else to c->digits digits (N digits when N > 0). */
static gdt_status
put_q_or_approx(actx *c, const char *key, const mpq_t q, int exact, int n)
{
    gdt_buf v;
    gdt_status st;

    if (exact)
        return put_q(c, key, q, NULL);
    gdt_buf_init(&v);
    st = gdt_q_get_str_n(&v, q, n > 0 ? n : c->digits);
    if (st == GDT_OK)
        st = n > 0 ? put_text(c, key, v.s) : put_approx(c, key, v.s);
    gdt_buf_clear(&v);
    return st;
}

/* A value of the local multiplier's kind: exact as text when EXACT. */
static gdt_status
put_local(actx *c, const char *key, const mpq_t q, int exact)
{
    gdt_buf v;
    gdt_status st;

    gdt_buf_init(&v);
    st = exact ? gdt_q_get_str_stop(&v, q, c->stop) : gdt_q_get_str_n(&v, q, c->digits);
    if (st == GDT_OK)
        st = exact ? put_text(c, key, v.s) : put_approx(c, key, v.s);
    gdt_buf_clear(&v);
    return st;
}

/* , "KEY": "Q" (jsonl, within an object already open) */
static gdt_status
put_json_q(actx *c, const char *key, const mpq_t q)
{
    gdt_buf v;
    gdt_status st;

    gdt_buf_init(&v);
    st = gdt_q_get_str_stop(&v, q, c->stop);
    if (st == GDT_OK)
        st = gdt_buf_printf(c->b, ", \"%s\": ", key);
    if (st == GDT_OK)
        st = gdt_buf_json_string(c->b, v.s);
    gdt_buf_clear(&v);
    return st;
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
    if (!c->json)
        return put_q_or_approx(c, key, rt->q, 0, 0);
    gdt_buf_init(&v);
    st = gdt_q_get_str_n(&v, rt->q, c->digits);
    if (st == GDT_OK)
        st = put_key(c, key);
    if (st == GDT_OK)
        st = gdt_buf_puts(c->b, "{\"approx\": ");
    if (st == GDT_OK)
        st = gdt_buf_json_string(c->b, v.s);
    if (st == GDT_OK)
        st = put_json_q(c, "lo", rt->lo);
    if (st == GDT_OK)
        st = put_json_q(c, "hi", rt->hi);
    if (st == GDT_OK)
        st = gdt_buf_putc(c->b, '}');
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

/* A section with one note. */
static gdt_status
put_note_section(actx *c, const char *section, const char *title, const char *note)
{
    gdt_status st = begin(c, section, title);

    if (st == GDT_OK)
        st = put_text(c, "note", note);
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

/* The problem, as gdtrace analyzes it. */
static gdt_status
section_problem(actx *c, const gdt_analysis *an)
{
    const gdt_problem *p = c->in->problem;
    gdt_buf t;
    gdt_status st;
    size_t i;

    (void)an;
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
    if (st == GDT_OK && c->in->lrs == NULL)
        st = put_q(c, "lr", c->in->lr, NULL);
    for (i = 0; c->in->lrs != NULL && i < p->n && st == GDT_OK; i++) {
        char key[64];
        snprintf(key, sizeof key, "lr_%s", p->params.name[i]);
        st = put_q(c, key, c->in->lrs[i], NULL);
    }
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
section_quadratic1(actx *c, const gdt_analysis *an)
{
    gdt_buf cf;
    gdt_status st;
    const char *name = c->in->problem->params.name[0];
    int sf2 = mpq_sgn(an->q1.f2);

    gdt_buf_init(&cf);
    st = begin(c, "quadratic", "quadratic: the gradient is affine");
    if (st == GDT_OK)
        st = put_q(c, "f''", an->q1.f2, "(the curvature)");
    if (st == GDT_OK && an->q1.have_ws)
        st = put_q(c, "w*", an->q1.ws, sf2 > 0 ? "(the minimiser)" : "(a maximum: f'' < 0)");
    if (st == GDT_OK)
        st = put_q(c, "r", an->q1.r, "(r = 1 - lr*f'')");
    if (st == GDT_OK)
        st = put_text(c, "class", an->q1.cls);
    if (st == GDT_OK && an->q1.drifts)
        st = put_q(c, "drift", an->q1.drift, "(w_(n+1) - w_n: at constant speed, forever)");
    if (st == GDT_OK && sf2 > 0) {
        st = put_q(c, "lr_critical", an->q1.lr_critical, "(2/f'': converges for 0 < lr < this)");
        if (st == GDT_OK)
            st = put_q(c, "lr_one_step", an->q1.lr_one_step, "(1/f'': reaches w* in one step)");
    }
    /* the closed form: w* + r^n e0, or w0 - n lr g for a constant
       gradient g */
    if (st == GDT_OK)
        st = gdt_buf_printf(&cf, "%s_n = ", name);
    if (st == GDT_OK && an->q1.have_ws) {
        st = gdt_q_get_str_stop(&cf, an->q1.ws, c->stop);
        if (st == GDT_OK)
            st = gdt_buf_puts(&cf, " + (");
        if (st == GDT_OK)
            st = gdt_q_get_str_stop(&cf, an->q1.r, c->stop);
        if (st == GDT_OK)
            st = gdt_buf_puts(&cf, ")^n * (");
        if (st == GDT_OK)
            st = gdt_q_get_str_stop(&cf, an->q1.e0, c->stop);
        if (st == GDT_OK)
            st = gdt_buf_puts(&cf, ")");
    } else if (st == GDT_OK) {
        st = gdt_q_get_str_stop(&cf, c->in->w0[0], c->stop);
        if (st == GDT_OK)
            st = gdt_buf_puts(&cf, " - n * ");
        if (st == GDT_OK)
            st = gdt_q_get_str_stop(&cf, an->q1.step, c->stop);
    }
    if (st == GDT_OK)
        st = put_text(c, "closed_form", cf.s);
    gdt_buf_clear(&cf);
    return st == GDT_OK ? end(c) : st;
}

/* The matrix Q (N x N, row-major) row by row, "[h_i1, h_i2, ...]",
   exactly when EXACT, else to c->digits digits, keyed "H_" and the
   parameter's name. */
static gdt_status
put_matrix(actx *c, const mpq_t *q, size_t n, int exact)
{
    const gdt_problem *p = c->in->problem;
    gdt_buf v;
    gdt_status st = GDT_OK;
    size_t i, j;

    gdt_buf_init(&v);
    for (i = 0; i < n && st == GDT_OK; i++) {
        char key[64];
        gdt_buf_reset(&v);
        for (j = 0; j < n && st == GDT_OK; j++) {
            st = gdt_buf_puts(&v, j ? ", " : "[");
            if (st == GDT_OK)
                st = exact ? gdt_q_get_str_stop(&v, q[i * n + j], c->stop)
                           : gdt_q_get_str_n(&v, q[i * n + j], c->digits);
        }
        if (st == GDT_OK)
            st = gdt_buf_putc(&v, ']');
        snprintf(key, sizeof key, "H_%s", p->params.name[i]);
        if (st == GDT_OK)
            st = exact ? put_text(c, key, v.s) : put_approx(c, key, v.s);
    }
    gdt_buf_clear(&v);
    return st;
}

/* Several parameters, affine gradient: the Hessian, w*, the eigenvalues
   of I - lr H, the spectral radius, the critical lr. */
static gdt_status
section_quadratic_n(actx *c, const gdt_analysis *an)
{
    const gdt_affine *a = &an->affine;
    const gdt_problem *p = c->in->problem;
    size_t n = a->n, i;
    gdt_status st;

    st = begin(c, "quadratic", "quadratic: the gradient is affine");
    if (st == GDT_OK)
        st = put_matrix(c, (const mpq_t *)a->h, n, 1);
    for (i = 0; an->qn.have_ws && i < n && st == GDT_OK; i++) {
        char key[64];
        snprintf(key, sizeof key, "%s*", p->params.name[i]);
        st = put_q(c, key, an->qn.ws[i], i == 0 ? "(the stationary point)" : NULL);
    }
    for (i = 0; i < an->qn.eig.n && st == GDT_OK; i++) {
        char key[64];
        snprintf(key, sizeof key, "eig_%zu", i + 1);
        st = put_root(c, key, &an->qn.eig.r[i]);
    }
    if (st == GDT_OK && an->qn.have_radius) {
        st = put_root(c, "spectral_radius", &an->qn.radius);
        if (st == GDT_OK)
            st = put_text(c, "class", an->qn.cls);
    }
    if (st == GDT_OK && an->qn.have_lr_critical)
        st = put_root(c, "lr_critical", &an->qn.lr_critical);
    else if (st == GDT_OK && c->in->lrs != NULL)
        st = put_text(c, "lr_critical", "none: the learning rates differ per parameter");
    return st == GDT_OK ? end(c) : st;
}

/* Append Q exactly to B. */
static gdt_status
app_q(actx *c, gdt_buf *b, const mpq_t q)
{
    return gdt_q_get_str_stop(b, q, c->stop);
}

/* Append "x^2 - TR*x + DET" (the terms that are not zero) to B. */
static gdt_status
app_charpoly(actx *c, gdt_buf *b, const gdt_momentum_map *mm)
{
    gdt_status st = gdt_buf_puts(b, "x^2");
    mpq_t t;

    mpq_init(t);
    if (st == GDT_OK && mpq_sgn(mm->tr) != 0) {
        mpq_abs(t, mm->tr);
        st = gdt_buf_puts(b, mpq_sgn(mm->tr) > 0 ? " - " : " + ");
        if (st == GDT_OK && mpq_cmp_ui(t, 1, 1) != 0 && (st = app_q(c, b, t)) == GDT_OK)
            st = gdt_buf_putc(b, '*');
        if (st == GDT_OK)
            st = gdt_buf_putc(b, 'x');
    }
    if (st == GDT_OK && mpq_sgn(mm->det) != 0) {
        mpq_abs(t, mm->det);
        st = gdt_buf_puts(b, mpq_sgn(mm->det) > 0 ? " + " : " - ");
        if (st == GDT_OK)
            st = app_q(c, b, t);
    }
    mpq_clear(t);
    return st;
}

/* Append eigenvalue K (0: re + sqrt(q), 1: re - sqrt(q)) of MM to B,
   exactly: a rational, a quadratic surd, or a complex number
   re +- i*sqrt(-q). */
static gdt_status
app_eig(actx *c, gdt_buf *b, const gdt_momentum_map *mm, int k)
{
    gdt_status st = GDT_OK;
    mpq_t t;

    mpq_init(t);
    if (mm->rational) {
        if (k == 0)
            mpq_add(t, mm->re, mm->s);
        else
            mpq_sub(t, mm->re, mm->s);
        st = app_q(c, b, t);
    } else {
        int re = mpq_sgn(mm->re) != 0;
        if (re)
            st = app_q(c, b, mm->re);
        if (st == GDT_OK && (re || k == 1))
            st = gdt_buf_puts(b, re ? (k == 0 ? " + " : " - ") : "-");
        if (st == GDT_OK)
            st = gdt_buf_puts(b, mm->complex ? "i*sqrt(" : "sqrt(");
        mpq_abs(t, mm->q);
        if (st == GDT_OK && (st = app_q(c, b, t)) == GDT_OK)
            st = gdt_buf_putc(b, ')');
    }
    mpq_clear(t);
    return st;
}

/* Append the spectral radius ra + sqrt(rb) of MM to B, exactly. */
static gdt_status
app_radius(actx *c, gdt_buf *b, const gdt_momentum_map *mm)
{
    gdt_status st = GDT_OK;

    if (mpq_sgn(mm->rb) == 0)
        return app_q(c, b, mm->ra);
    if (mpq_sgn(mm->ra) != 0 && (st = app_q(c, b, mm->ra)) == GDT_OK)
        st = gdt_buf_puts(b, " + ");
    if (st == GDT_OK)
        st = gdt_buf_puts(b, "sqrt(");
    if (st == GDT_OK && (st = app_q(c, b, mm->rb)) == GDT_OK)
        st = gdt_buf_putc(b, ')');
    return st;
}

/* An exact irrational EXACT with its value R to c->digits digits:
   "EXACT = R  (to N digits)" in text, {"exact": ..., "approx": ...} in
   jsonl. */
static gdt_status
put_exact_approx(actx *c, const char *key, const char *exact, mpfr_srcptr r)
{
    char *txt = NULL;
    gdt_status st;

    if (mpfr_asprintf(&txt, "%.*Rg", c->digits, r) < 0)
        return GDT_ENOMEM;
    if (!c->json) {
        st = gdt_buf_printf(c->b, "  %-12s %s = %s  (to %d digits)\n", key, exact, txt,
                            c->digits);
    } else {
        st = put_key(c, key);
        if (st == GDT_OK)
            st = gdt_buf_puts(c->b, "{\"exact\": ");
        if (st == GDT_OK)
            st = gdt_buf_json_string(c->b, exact);
        if (st == GDT_OK)
            st = gdt_buf_puts(c->b, ", \"approx\": ");
        if (st == GDT_OK)
            st = gdt_buf_json_string(c->b, txt);
        if (st == GDT_OK)
            st = gdt_buf_putc(c->b, '}');
    }
    mpfr_free_str(txt);
    return st;
}

/* KEY, or KEY_NAME with several parameters, into K. */
static const char *
key_of(char *k, size_t size, const char *key, const gdt_analysis *an, const char *name)
{
    if (an->mom.n == 1)
        snprintf(k, size, "%s", key);
    else
        snprintf(k, size, "%s_%s", key, name);
    return k;
}

/* One parameter's map: its curvature, the map, the characteristic
   polynomial, the eigenvalues (their modulus for a complex pair), the
   spectral radius and the class. */
static gdt_status
put_momentum_map(actx *c, const gdt_analysis *an, size_t i, mpfr_ptr r)
{
    const gdt_momentum_map *mm = &an->mom.map[i];
    const char *name = c->in->problem->params.name[i];
    gdt_buf v;
    char k[96];
    gdt_status st;
    int j;

    gdt_buf_init(&v);
    st = put_q(c, key_of(k, sizeof k, "f''", an, name), mm->h,
               mpq_sgn(an->mom.hb.wd) != 0 ? "(the curvature, weight decay included)"
                                            : "(the curvature)");
    if (st == GDT_OK && an->mom.n > 1 && c->in->lrs != NULL)
        st = put_q(c, key_of(k, sizeof k, "lr", an, name), mm->lr, NULL);
    for (j = 0; j < 4 && st == GDT_OK; j++) {
        st = gdt_buf_puts(&v, j == 0 ? "[[" : j == 2 ? "], [" : ", ");
        if (st == GDT_OK)
            st = app_q(c, &v, mm->a[j]);
    }
    if (st == GDT_OK)
        st = gdt_buf_puts(&v, "]]");
    if (st == GDT_OK && !c->json)
        st = gdt_buf_puts(&v, "  (on (w_k - w*, buf_(k-1)) for k >= 1; buf_0 = g_0)");
    if (st == GDT_OK)
        st = put_text(c, key_of(k, sizeof k, "map", an, name), v.s);
    gdt_buf_reset(&v);
    if (st == GDT_OK && (st = app_charpoly(c, &v, mm)) == GDT_OK)
        st = put_text(c, key_of(k, sizeof k, "charpoly", an, name), v.s);
    for (j = 0; j < 2 && st == GDT_OK; j++) {
        char base[16];
        snprintf(base, sizeof base, "eig_%d", j + 1);
        gdt_buf_reset(&v);
        if ((st = app_eig(c, &v, mm, j)) == GDT_OK)
            st = put_text(c, key_of(k, sizeof k, base, an, name), v.s);
    }
    gdt_buf_reset(&v);
    if (st == GDT_OK)
        st = app_radius(c, &v, mm);
    if (st == GDT_OK)
        gdt_momentum_map_radius(r, mm);
    key_of(k, sizeof k, mm->complex ? "|eig|" : "radius", an, name);
    if (st == GDT_OK && mpq_sgn(mm->rb) == 0 && (mm->complex || an->mom.n > 1))
        st = put_q(c, k, mm->ra, mm->complex ? "(a complex pair: |lambda| = sqrt(det))" : NULL);
    else if (st == GDT_OK && (mm->complex || an->mom.n > 1))
        st = put_exact_approx(c, k, v.s, r);
    if (st == GDT_OK && an->mom.n > 1)
        st = put_text(c, key_of(k, sizeof k, "class", an, name), mm->cls);
    gdt_buf_clear(&v);
    return st;
}

/* SGD with momentum or weight decay on a quadratic loss: the
   hyperparameters, w*, each parameter's 2x2 map and what it does, the
   spectral radius, the class and the critical lr. */
static gdt_status
section_momentum(actx *c, const gdt_analysis *an)
{
    const gdt_heavyball *hb = &an->mom.hb;
    const gdt_problem *p = c->in->problem;
    const gdt_momentum_map *top = &an->mom.map[an->mom.top];
    gdt_buf v;
    mpfr_t r;
    size_t i;
    gdt_status st;

    gdt_buf_init(&v);
    mpfr_init2(r, c->in->prec);
    st = begin(c, "momentum", hb->nesterov ? "momentum: Nesterov's, on a quadratic loss, "
                                              "exactly (torch.optim.SGD's update)"
                                            : "momentum: heavy ball, on a quadratic loss, "
                                              "exactly (torch.optim.SGD's update)");
    if (st == GDT_OK)
        st = put_q(c, "momentum", hb->m, NULL);
    if (st == GDT_OK)
        st = put_q(c, "dampening", hb->d, NULL);
    if (st == GDT_OK)
        st = put_text(c, "nesterov", hb->nesterov ? "yes" : "no");
    if (st == GDT_OK)
        st = put_q(c, "weight_decay", hb->wd, NULL);
    for (i = 0; an->mom.have_ws && i < p->n && st == GDT_OK; i++) {
        char key[64];
        snprintf(key, sizeof key, p->n == 1 ? "w*" : "%s*", p->params.name[i]);
        st = put_q(c, key, an->mom.ws[i],
                   i > 0 ? NULL : p->n > 1 ? "(the stationary point)"
                         : mpq_sgn(an->mom.map[0].h) > 0 ? "(the minimiser)"
                                                          : "(a maximum: f'' < 0)");
    }
    for (i = 0; i < p->n && st == GDT_OK; i++)
        st = put_momentum_map(c, an, i, r);
    /* the spectral radius: the largest of the parameters' */
    if (st == GDT_OK)
        st = app_radius(c, &v, top);
    if (st == GDT_OK && mpq_sgn(top->rb) == 0)
        st = put_q(c, "spectral_radius", top->ra, NULL);
    else if (st == GDT_OK)
        st = put_exact_approx(c, "spectral_radius", v.s, an->mom.radius);
    if (st == GDT_OK)
        st = put_text(c, "class", top->cls);
    if (st == GDT_OK && an->mom.have_lr_critical) {
        st = put_q(c, "lr_critical", an->mom.lr_critical,
                   hb->nesterov ? "(2(1+m)/((1+m(2-d)) f''): converges for 0 < lr < this)"
                                : "(2(1+m)/((1-d) f''): converges for 0 < lr < this)");
        if (st == GDT_OK && mpq_sgn(an->mom.lr_low) != 0)
            st = put_q(c, "lr_lowest", an->mom.lr_low, "(and for lr above this only)");
    } else if (st == GDT_OK) {
        st = put_text(c, "lr_critical",
                      c->in->lrs != NULL ? "none: the learning rates differ per parameter"
                      : mpq_cmp_ui(hb->m, 1, 1) >= 0 ? "none: no lr converges with momentum >= 1"
                      : mpq_cmp_ui(hb->d, 1, 1) == 0 && !hb->nesterov
                          ? "none: no lr converges with dampening 1 (the buffer never takes "
                            "the gradient in: an eigenvalue 1)"
                      : "none: no lr converges (a curvature <= 0)");
    }
    mpfr_clear(r);
    gdt_buf_clear(&v);
    return st == GDT_OK ? end(c) : st;
}

/* --at N: the exact state at step N. */
static gdt_status
section_at(actx *c, const gdt_analysis *an)
{
    const gdt_problem *p = c->in->problem;
    size_t n = an->affine.n, i;
    gdt_status st;

    if (c->json)
        st = gdt_buf_printf(c->b, "{\"at\": {\"step\": %lu", c->in->at);
    else
        st = gdt_buf_printf(c->b, "at step %lu (exact, by powering the affine map%s)\n",
                            c->in->at, an->at.buf != NULL ? " on (w, buf, 1)" : "");
    for (i = 0; i < n && st == GDT_OK; i++)
        st = put_q(c, n == 1 ? "w" : p->params.name[i], an->at.w[i], NULL);
    for (i = 0; i < n && st == GDT_OK; i++) {
        char key[64];
        snprintf(key, sizeof key, n == 1 ? "grad" : "grad_%s", p->params.name[i]);
        st = put_q(c, key, an->at.grad[i], NULL);
    }
    if (st == GDT_OK)
        st = put_q(c, "loss", an->at.loss, NULL);
    for (i = 0; an->at.buf != NULL && i < n && st == GDT_OK; i++) {
        char key[64];
        snprintf(key, sizeof key, n == 1 ? "momentum_buffer" : "momentum_buffer_%s",
                 p->params.name[i]);
        st = put_q(c, key, an->at.buf[i], NULL);
    }
    return st == GDT_OK ? end(c) : st;
}

/* One IEEE format's predicted and simulated first overflow, arrival at w*
   or stall: its line, under the table's head for the first. */
static gdt_status
section_format(actx *c, const gdt_analysis *an)
{
    const gdt_prediction *pr = &an->format.pr;
    const char *name = an->format.name;
    gdt_status st = GDT_OK;
    gdt_buf pb;
    char sbuf[96];

    if (!c->json && an->format.index == 0)
        st = gdt_buf_printf(c->b, "IEEE formats: predicted %s, and simulated\n  %-12s %-22s %s\n",
                            an->format.drift ? "from the rounded step (w - fl(lr*f') rounded, "
                                               "binade by binade)"
                                             : "from the exact closed form (each w_n rounded "
                                               "once)",
                            "format", "predicted", "simulated");
    gdt_buf_init(&pb);
    if (st == GDT_OK && pr->event != NULL) {
        st = gdt_buf_printf(&pb, "%s at ", pr->event);
        if (st == GDT_OK)
            st = put_z(&pb, pr->step);
    } else if (st == GDT_OK) {
        st = gdt_buf_printf(&pb, "never (%s)", pr->never);
    }
    if (pr->sim_event != NULL)
        snprintf(sbuf, sizeof sbuf, "%s at %ld (stopped: %s after %lu)", pr->sim_event,
                 pr->sim_step, gdt_stop_str(pr->sim_stop), pr->sim_steps);
    else
        snprintf(sbuf, sizeof sbuf, "neither (stopped: %s after %lu)",
                 gdt_stop_str(pr->sim_stop), pr->sim_steps);
    if (st == GDT_OK && c->json) {
        st = gdt_buf_printf(c->b, "{\"format\": {\"name\": \"%s\", \"predicted\": ", name);
        if (st == GDT_OK && pr->event != NULL) {
            st = gdt_buf_printf(c->b, "{\"event\": \"%s\", \"step\": ", pr->event);
            if (st == GDT_OK)
                st = put_z(c->b, pr->step);
        } else if (st == GDT_OK) {
            st = gdt_buf_puts(c->b, "{\"event\": \"never\", \"why\": ");
            if (st == GDT_OK)
                st = gdt_buf_json_string(c->b, pr->never);
        }
        if (st == GDT_OK)
            st = gdt_buf_puts(c->b, "}, \"simulated\": {");
        if (st == GDT_OK && pr->sim_event != NULL)
            st = gdt_buf_printf(c->b, "\"event\": \"%s\", \"step\": %ld, ", pr->sim_event,
                                pr->sim_step);
        if (st == GDT_OK)
            st = gdt_buf_printf(c->b, "\"stop\": \"%s\", \"steps\": %lu}}}\n",
                                gdt_stop_str(pr->sim_stop), pr->sim_steps);
    } else if (st == GDT_OK) {
        st = gdt_buf_printf(c->b, "  %-12s %-22s %s\n", name, pb.s, sbuf);
    }
    gdt_buf_clear(&pb);
    /* each format's line as soon as it is known */
    return st == GDT_OK ? flush(c) : st;
}

/* The kind of a critical point of curvature F2; DEGENERATE for f'' = 0. */
static const char *
kind_of(const mpq_t f2, const char *degenerate)
{
    return mpq_sgn(f2) > 0 ? "minimum" : mpq_sgn(f2) < 0 ? "maximum" : degenerate;
}

/* One parameter, polynomial loss: every real critical point, exactly. */
static gdt_status
section_critical(actx *c, const gdt_analysis *an)
{
    size_t nr = an->crit.roots.n, i;
    gdt_status st = GDT_OK;

    if (an->crit.constant) {
        st = begin(c, "critical_points", "critical points: none (the gradient is constant)");
        return st == GDT_OK ? end(c) : st;
    }
    if (!c->json)
        st = gdt_buf_printf(c->b, "critical points: the %zu real root%s of the gradient, "
                                  "isolated exactly (Descartes' rule of signs)\n", nr, nr == 1 ? "" : "s");
    for (i = 0; i < nr && st == GDT_OK; i++) {
        const gdt_critical_point *pt = &an->crit.pt[i];

        if (c->json)
            st = gdt_buf_puts(c->b, "{\"critical_point\": {");
        if (st == GDT_OK)
            st = put_root(c, "w*", &an->crit.roots.r[i]);
        if (st == GDT_OK)
            st = put_q_or_approx(c, "f''", pt->f2, pt->exact, 0);
        if (st == GDT_OK)
            st = put_local(c, "multiplier", pt->multiplier, pt->exact);
        if (st == GDT_OK)
            st = put_text(c, "kind", kind_of(pt->f2, "degenerate (f'' = 0)"));
        if (st == GDT_OK)
            st = put_text(c, "class", pt->cls);
        if (st == GDT_OK && mpq_sgn(pt->f2) > 0)
            st = put_local(c, "lr_critical", pt->lr_critical, pt->exact);
        if (st == GDT_OK)
            st = c->json ? gdt_buf_puts(c->b, "}}\n") : gdt_buf_putc(c->b, '\n');
    }
    return st == GDT_OK ? flush(c) : st;
}

/* Newton's method from the run's last state: its steps and precision,
   the point, |grad| there and its distance from the last state; with
   several parameters H there, its eigenvalues, the kind of point, the
   spectral radius of I - lr H and the critical lr. */
static gdt_status
put_newton(actx *c, const gdt_analysis *an)
{
    const gdt_problem *p = c->in->problem;
    size_t n = an->traj.n, i;
    int per_lr = c->in->lrs != NULL;
    gdt_status st;

    if (c->json)
        st = gdt_buf_printf(c->b, ", \"newton_steps\": %lu, \"newton_prec\": %ld",
                            an->traj.newton_steps, an->traj.newton_prec);
    else
        st = gdt_buf_printf(c->b, "  %-12s %lu step%s from the run's last state, %ld bits\n",
                            "newton", an->traj.newton_steps,
                            an->traj.newton_steps == 1 ? "" : "s", an->traj.newton_prec);
    for (i = 0; i < n && st == GDT_OK; i++) {
        char key[64];
        snprintf(key, sizeof key, n == 1 ? "w*" : "%s*", p->params.name[i]);
        st = put_q_or_approx(c, key, an->traj.ws[i], 0, 0);
    }
    if (st == GDT_OK)
        st = put_q_or_approx(c, "|grad*|", an->traj.gnorm, 0, 6);
    if (st == GDT_OK)
        st = put_q_or_approx(c, "distance", an->traj.dist, 0, 6);
    if (n == 1 || !an->traj.have_f2 || st != GDT_OK)
        return st;
    st = put_matrix(c, an->traj.h, n, 0);
    if (st == GDT_OK && c->json)
        st = put_text(c, "eig_of", per_lr ? "diag(lr)*H" : "H");
    else if (st == GDT_OK)
        st = gdt_buf_printf(c->b, "  eigenvalues of %s:\n", per_lr ? "diag(lr)*H" : "H");
    for (i = 0; i < n && st == GDT_OK; i++) {
        char key[64];
        snprintf(key, sizeof key, "eig_%zu", i + 1);
        st = put_q_or_approx(c, key, an->traj.eig[i], 0, 0);
    }
    if (st == GDT_OK)
        st = put_text(c, "kind", an->traj.kind);
    if (st == GDT_OK)
        st = put_q_or_approx(c, "spectral_radius", an->traj.radius, 0, 0);
    if (st == GDT_OK)
        st = put_text(c, "class", an->traj.cls);
    if (st == GDT_OK && an->traj.have_lmax)
        st = put_q_or_approx(c, per_lr ? "lr_scale" : "lr_critical", an->traj.lr_limit, 0, 0);
    return st;
}

/* A loss that is no polynomial of one parameter, or any of several: what
   the trajectory found, and Newton's method from its last state. */
static gdt_status
section_trajectory(actx *c, const gdt_analysis *an)
{
    const gdt_problem *p = c->in->problem;
    const char *title;
    int found = an->traj.found, nw = an->traj.newton, one = p->n == 1;
    int near = found || (nw && an->traj.approach);
    gdt_stop stop = an->traj.stop;
    gdt_status st;
    size_t i;

    if (an->traj.failed)
        return put_note_section(c, "trajectory", "the trajectory (mpfr)",
                                "the run failed: no critical point from it");
    title = found ? "a critical point found from the trajectory (mpfr)"
            : near ? "the trajectory (mpfr) approaches a critical point, refined by Newton's "
                     "method"
            : nw ? "the trajectory (mpfr) does not settle at the critical point Newton's "
                   "method finds from its last state"
            : stop == GDT_STOP_MAX_ITER
                ? "the trajectory (mpfr) reaches no critical point within max-iter"
            : stop == GDT_STOP_CYCLE
                ? "the trajectory (mpfr) ends in a cycle, at no critical point"
                : "the trajectory (mpfr) reaches no critical point";
    st = begin(c, near ? "critical_point" : "trajectory", title);
    if (st == GDT_OK && c->json) {
        st = gdt_buf_printf(c->b, "\"from\": \"%s\", \"prec\": %ld, \"stop\": \"%s\", "
                                  "\"steps\": %lu", found || !nw ? "trajectory" : "newton",
                            (long)c->in->prec, gdt_stop_str(stop), an->traj.steps);
        if (st == GDT_OK && stop == GDT_STOP_CYCLE)
            st = gdt_buf_printf(c->b, ", \"period\": %lu, \"cycle_start\": %lu",
                                an->traj.period, an->traj.cycle_start);
    } else if (st == GDT_OK) {
        st = gdt_buf_printf(c->b, "  %-12s %s after %lu steps", "run", gdt_stop_str(stop),
                            an->traj.steps);
        if (st == GDT_OK && stop == GDT_STOP_CYCLE)
            st = gdt_buf_printf(c->b, " (period %lu from step %lu)", an->traj.period,
                                an->traj.cycle_start);
        if (st == GDT_OK)
            st = gdt_buf_printf(c->b, ", %ld bits\n", (long)c->in->prec);
    }
    /* where the run ended (the point itself when it found one) */
    if (st == GDT_OK && an->traj.have_w && one)
        st = put_q_or_approx(c, found ? "w*" : "w", an->traj.w, 0, 0);
    for (i = 0; st == GDT_OK && an->traj.have_w && !one && !found && i < p->n; i++)
        st = put_q_or_approx(c, p->params.name[i], an->traj.wl[i], 0, 0);
    /* how far from a critical point the run ended */
    if (st == GDT_OK && an->traj.have_grad)
        st = one ? put_q_or_approx(c, "grad", an->traj.grad, 0, 6)
                 : put_q_or_approx(c, "|grad|", an->traj.gnorm_last, 0, 6);
    if (st == GDT_OK && found && stop == GDT_STOP_CYCLE)
        st = put_text(c, "note", "the run cycles around it, a few ulps wide: the precision's "
                                 "limit");
    if (st == GDT_OK && (found || nw) && !an->traj.have_fpp)
        st = put_text(c, "note",
                      "the gradient has no derivative here (abs, relu, min, max): no f''");
    if (st == GDT_OK && nw)
        st = put_newton(c, an);
    if (st == GDT_OK && an->traj.have_f2 && one) {
        st = put_q_or_approx(c, "f''", an->traj.f2, 0, 0);
        if (st == GDT_OK)
            st = put_q_or_approx(c, "multiplier", an->traj.multiplier, 0, 0);
        if (st == GDT_OK)
            st = put_text(c, "kind", kind_of(an->traj.f2, "degenerate"));
        if (st == GDT_OK)
            st = put_text(c, "class", an->traj.cls);
        if (st == GDT_OK && mpq_sgn(an->traj.f2) > 0)
            st = put_q_or_approx(c, "lr_critical", an->traj.lr_critical, 0, 0);
    }
    return st == GDT_OK ? end(c) : st;
}

/* The sharpness along the run: what it was, against 2/lr; per step with
   in->sharpness. */
static gdt_status
section_sharpness(actx *c, const gdt_analysis *an)
{
    int d = c->digits < 17 ? c->digits : 17, per_lr = an->sharp.per_lr;
    const char *thr = per_lr ? "2" : "2/lr", *thr_key = per_lr ? "threshold" : "2/lr";
    gdt_status st;
    unsigned long k;

    if (!an->sharp.have)
        return put_note_section(c, "sharpness", "sharpness: none",
                                "the Hessian has no value at w0");
    if (c->json)
        st = gdt_buf_printf(c->b, "{\"sharpness\": {\"of\": \"%s\", \"prec\": %ld, "
                                  "\"threshold\": \"%.*g\", \"states\": %lu, \"stop\": \"%s\", "
                                  "\"run_steps\": %lu, "
                                  "\"first\": \"%.*g\", \"max\": \"%.*g\", \"max_step\": %lu, "
                                  "\"last\": \"%.*g\", \"above_steps\": %lu, \"above_from\": ",
                            per_lr ? "diag(lr)*H" : "H", (long)c->in->prec, d,
                            an->sharp.threshold, an->sharp.count, gdt_stop_str(an->sharp.stop),
                            an->sharp.steps, d, an->sharp.first, d, an->sharp.max, an->sharp.max_step, d,
                            an->sharp.last, an->sharp.above);
    else
        st = gdt_buf_printf(c->b, "sharpness: lmax, the top eigenvalue of %s at each step's w "
                                  "(mpfr, %ld bits), against %s\n"
                                  "  %-12s %.*g\n  %-12s %lu (w_0 to w_%lu; the run: %s after "
                                  "%lu)\n"
                                  "  %-12s %.*g\n  %-12s %.*g  (step %lu)\n  %-12s %.*g\n",
                            per_lr ? "diag(lr)*H" : "H", (long)c->in->prec, thr, thr_key, d,
                            an->sharp.threshold, "states", an->sharp.count,
                            an->sharp.count - 1, gdt_stop_str(an->sharp.stop),
                            an->sharp.steps, "first", d,
                            an->sharp.first, "max", d, an->sharp.max, an->sharp.max_step,
                            "last", d, an->sharp.last);
    if (st == GDT_OK && c->json)
        st = an->sharp.above_from < 0 ? gdt_buf_puts(c->b, "null")
                                      : gdt_buf_printf(c->b, "%ld", an->sharp.above_from);
    else if (st == GDT_OK && an->sharp.above_from < 0)
        st = gdt_buf_printf(c->b, "  above %-6s never\n", thr);
    else if (st == GDT_OK)
        st = gdt_buf_printf(c->b, "  above %-6s from step %ld, %lu state%s in all\n", thr,
                            an->sharp.above_from, an->sharp.above,
                            an->sharp.above == 1 ? "" : "s");
    if (st == GDT_OK && an->sharp.count < an->sharp.steps + 1) {
        if (c->json)
            st = gdt_buf_printf(c->b, ", \"no_value_from\": %lu", an->sharp.count);
        else
            st = gdt_buf_printf(c->b, "  %-12s H has no finite value from step %lu on\n",
                                "note", an->sharp.count);
    }
    if (st == GDT_OK)
        st = end(c);
    if (!c->in->sharpness || st != GDT_OK)
        return st;
    /* the column, flushed as it goes */
    if (!c->json)
        st = gdt_buf_printf(c->b, "  %-12s lmax\n", "step");
    for (k = 0; k < an->sharp.count && st == GDT_OK; k++) {
        if (c->json)
            st = gdt_buf_printf(c->b, "{\"sharpness_step\": {\"step\": %lu, \"lmax\": \"%.*g\"}}\n",
                                k, d, an->sharp.lmax[k]);
        else
            st = gdt_buf_printf(c->b, "  %-12lu %.*g\n", k, d, an->sharp.lmax[k]);
        if (st == GDT_OK && c->b->len >= 65536)
            st = flush(c);
        if (st == GDT_OK && (k & 1023) == 1023 && gdt_cancelled(c->stop))
            st = GDT_EINTERRUPTED;
    }
    return st == GDT_OK ? flush(c) : st;
}

/* One parameter: the Lyapunov exponent along the run, and from it the step
   at which each format keeps no correct digit; or why there is none. */
static gdt_status
section_lyapunov(actx *c, const gdt_analysis *an)
{
    const gdt_lyapunov_run *run = &an->lyap.run;
    gdt_status st;
    size_t i;
    char *txt = NULL;

    if (!an->lyap.have) /* why there is no f'': abs, min, max, or its size */
        return put_note_section(c, "lyapunov", "Lyapunov exponent: none",
                                an->lyap.too_large
                                    ? "f'' is too large to derive (more than the "
                                      "derivative's node limit): no exponent"
                                    : "the gradient has no derivative everywhere (abs, relu, "
                                      "min, max): no exponent");
    if (mpfr_asprintf(&txt, "%.*Rg", c->digits < 17 ? c->digits : 17, an->lyap.lambda) < 0)
        return GDT_ENOMEM;
    st = begin(c, "lyapunov", "Lyapunov exponent: the mean of ln|1 - lr*f''(w_n)| along the run");
    if (st == GDT_OK)
        st = put_text(c, "exponent", txt);
    /* the run it was taken along, as the trajectory says it: its steps and
       how it stopped */
    if (st == GDT_OK && c->json)
        st = gdt_buf_printf(c->b, ", \"steps\": %lu, \"prec\": %ld, \"stop\": \"%s\", "
                                  "\"run_steps\": %lu",
                            run->terms, (long)c->in->prec, gdt_stop_str(run->stop), run->steps);
    else if (st == GDT_OK && run->terms == run->steps)
        st = gdt_buf_printf(c->b, "  %-12s %lu steps (mpfr, %ld bits; stopped: %s)\n", "over",
                            run->terms, (long)c->in->prec, gdt_stop_str(run->stop));
    else if (st == GDT_OK)
        st = gdt_buf_printf(c->b, "  %-12s %lu steps (mpfr, %ld bits; stopped: %s after %lu, "
                                  "f'' has no value past step %lu)\n",
                            "over", run->terms, (long)c->in->prec, gdt_stop_str(run->stop),
                            run->steps, run->terms);
    if (st == GDT_OK && c->json)
        st = gdt_buf_puts(c->b, ", \"no_digits\": {");
    else if (st == GDT_OK)
        st = gdt_buf_printf(c->b, "  no correct digit left (a P-bit float: P ln2 / exponent):\n");
    for (i = 0; i < an->lyap.nformats && st == GDT_OK; i++) {
        const char *f = an->lyap.format[i];
        long n = an->lyap.no_digits[i];
        if (c->json && n >= 0)
            st = gdt_buf_printf(c->b, "%s\"%s\": %ld", i ? ", " : "", f, n);
        else if (c->json)
            st = gdt_buf_printf(c->b, "%s\"%s\": null", i ? ", " : "", f);
        else if (n >= 0)
            st = gdt_buf_printf(c->b, "  %-12s step %ld\n", f, n);
        else
            st = gdt_buf_printf(c->b, "  %-12s never (exponent <= 0: errors do not grow)\n", f);
    }
    if (st == GDT_OK && c->json)
        st = gdt_buf_putc(c->b, '}');
    if (st == GDT_OK)
        st = end(c);
    mpfr_free_str(txt);
    return st;
}

/* Several parameters, a gradient that is not affine and has no
   derivative: why nothing more. */
static gdt_status
section_note(actx *c, const gdt_analysis *an)
{
    (void)an;
    return put_note_section(c, "note", "",
                            "the gradient is not affine and has no derivative everywhere "
                            "(abs, relu, min, max) or one too large: no Hessian, nothing "
                            "more to analyze");
}

/* The writer of each section. */
static gdt_status (*const writers[])(actx *, const gdt_analysis *) = {
    [GDT_ANALYSIS_PROBLEM] = section_problem,
    [GDT_ANALYSIS_QUADRATIC1] = section_quadratic1,
    [GDT_ANALYSIS_QUADRATIC_N] = section_quadratic_n,
    [GDT_ANALYSIS_MOMENTUM] = section_momentum,
    [GDT_ANALYSIS_AT] = section_at,
    [GDT_ANALYSIS_FORMAT] = section_format,
    [GDT_ANALYSIS_CRITICAL] = section_critical,
    [GDT_ANALYSIS_TRAJECTORY] = section_trajectory,
    [GDT_ANALYSIS_LYAPUNOV] = section_lyapunov,
    [GDT_ANALYSIS_SHARPNESS] = section_sharpness,
    [GDT_ANALYSIS_NOTE] = section_note,
};

gdt_status
gdt_reporter_analysis(gdt_reporter *r, const gdt_analyze_in *in, const gdt_run_opts *opts,
                      gdt_error *err)
{
    return gdt_reporter_analysis_plot(r, in, opts, NULL, NULL, NULL, err);
}

gdt_status
gdt_reporter_analysis_plot(gdt_reporter *r, const gdt_analyze_in *in, const gdt_run_opts *opts,
                           const char *path, const char *title, const gdt_plot_opts *plot,
                           gdt_error *err)
{
    actx c;
    gdt_analysis an;
    gdt_status st;

    c.r = r;
    c.in = in;
    c.b = &r->rec;
    c.json = r->format == GDT_FORMAT_JSONL;
    c.digits = r->numfmt.kind == GDT_DIGITS_N ? r->numfmt.n : 30;
    c.stop = opts != NULL ? opts->stop : NULL;
    gdt_analysis_init(&an);
    st = gdt_analysis_start(&an, in, (unsigned long)(c.digits * 3.33) + 16, opts, err);
    while (st == GDT_OK && (st = gdt_analysis_next(&an, err)) == GDT_OK
           && an.section != GDT_ANALYSIS_END) {
        st = writers[an.section](&c, &an);
        if (st == GDT_EIO)
            st = gdt_error_set(err, st, SIZE_MAX, "write error: %s", strerror(errno));
        else if (st != GDT_OK)
            st = gdt_error_set(err, st, SIZE_MAX, "%s", gdt_status_str(st));
    }
    if (st == GDT_OK && path != NULL && an.sharp.have) {
        gdt_sharpness_plot sp = {
            .lmax = an.sharp.lmax, .count = an.sharp.count, .threshold = an.sharp.threshold,
            .per_lr = an.sharp.per_lr, .above_from = an.sharp.above_from, .title = title,
        };
        st = gdt_sharpness_write_plot(path, &sp, plot, err);
    }
    gdt_analysis_clear(&an);
    return st;
}
