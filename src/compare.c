/* compare -- the same problem in several modes side by side, step by step,
   each w measured against the reference's */
#include <stdlib.h>
#include <string.h>
#include "gdtrace/compare.h"
#include "gdtrace/mode.h"

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

static void
events_init(gdt_cmp_events *ev)
{
    ev->differs = ev->no_digits = ev->subnormal = -1;
    ev->zero = ev->inf = ev->nan = -1;
}

gdt_status
gdt_compare_init(gdt_compare *c, const gdt_program *prog, const char *const *modes,
                 size_t n, size_t ref, mpfr_prec_t prec, mpfr_rnd_t rnd,
                 gdt_update update, const mpq_t lr, const mpq_t w0,
                 unsigned long max_iter, gdt_error *err)
{
    size_t i;
    gdt_status st;

    c->n = 0;
    c->ref = ref;
    c->k = 0;
    mpq_init(c->t);
    c->lanes = calloc(n, sizeof *c->lanes);
    if (c->lanes == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    for (i = 0; i < n; i++) {
        gdt_cmp_lane *l = &c->lanes[i];

        c->n = i + 1;
        l->mode = modes[i];
        mpq_init(l->w);
        mpq_init(l->rel);
        events_init(&l->ev);
        gdt_error_clear(&l->err);
        st = gdt_domain_init_mode(&l->dom, modes[i], prec, rnd);
        if (st != GDT_OK)
            return gdt_error_set(err, st, SIZE_MAX, "mode %s: cannot be set up", modes[i]);
        st = gdt_stepper_init(&l->st, prog, &l->dom, lr, w0, max_iter, update, err);
        l->ready = 1;
        if (st != GDT_OK)
            return st;
    }
    return GDT_OK;
}

void
gdt_compare_clear(gdt_compare *c)
{
    size_t i;

    if (c == NULL || c->lanes == NULL)
        return;
    for (i = 0; i < c->n; i++) {
        gdt_cmp_lane *l = &c->lanes[i];
        if (l->ready) {
            gdt_stepper_clear(&l->st);
            gdt_domain_clear(&l->dom);
        } else if (l->dom.ops != NULL) {
            gdt_domain_clear(&l->dom);
        }
        mpq_clear(l->w);
        mpq_clear(l->rel);
    }
    free(c->lanes);
    c->lanes = NULL;
    mpq_clear(c->t);
}

/* Read lane L's w into l->cls and l->w. */
static void
classify(gdt_cmp_lane *l)
{
    gdt_domain *d = &l->dom;
    const gdt_val *w = gdt_stepper_w(&l->st);

    if (d->ops->is_nan(w, d))
        l->cls = GDT_CMP_NAN;
    else if (d->ops->is_inf(w, d)) {
        /* the sign of an infinity: compare with zero through its text */
        gdt_numfmt f = { GDT_DIGITS_EXACT, 0, 0 };
        gdt_buf b;
        gdt_buf_init(&b);
        l->cls = d->ops->get_str(&b, w, &f, d) == GDT_OK && b.s[0] == '-'
                     ? GDT_CMP_NEGINF : GDT_CMP_INF;
        gdt_buf_clear(&b);
    } else {
        l->cls = GDT_CMP_FINITE;
        if (d->ops->get_q(l->w, w, d) != GDT_OK)
            l->cls = GDT_CMP_NAN;
    }
}

/* Compare lane L's w with the reference lane R's, and note the events. */
static void
compare_lane(gdt_compare *c, gdt_cmp_lane *l, const gdt_cmp_lane *r)
{
    gdt_domain *d = &l->dom;
    long k = (long)c->k;

    if (l->cls == GDT_CMP_NAN && l->ev.nan < 0)
        l->ev.nan = k;
    if ((l->cls == GDT_CMP_INF || l->cls == GDT_CMP_NEGINF) && l->ev.inf < 0)
        l->ev.inf = k;
    if (l->cls == GDT_CMP_FINITE && mpq_sgn(l->w) == 0 && l->ev.zero < 0)
        l->ev.zero = k;
    if (d->ops->is_subnormal(gdt_stepper_w(&l->st), d) && l->ev.subnormal < 0)
        l->ev.subnormal = k;
    l->compared = r->active;
    if (!l->compared)
        return;
    if (l->cls != GDT_CMP_FINITE || r->cls != GDT_CMP_FINITE) {
        l->equal = l->cls == r->cls;
        l->rel_cls = l->equal ? GDT_CMP_FINITE : GDT_CMP_INF;
        mpq_set_ui(l->rel, 0, 1);
        l->digits = l->equal ? -1 : 0;
    } else {
        l->equal = mpq_equal(l->w, r->w);
        l->rel_cls = GDT_CMP_FINITE;
        if (l->equal) {
            mpq_set_ui(l->rel, 0, 1);
            l->digits = -1;
        } else if (mpq_sgn(r->w) == 0) {
            l->rel_cls = GDT_CMP_INF;
            l->digits = 0;
        } else {
            mpq_sub(c->t, l->w, r->w);
            mpq_div(l->rel, c->t, r->w);
            mpq_abs(l->rel, l->rel);
            l->digits = gdt_correct_digits(l->w, r->w);
        }
    }
    if (!l->equal && l->ev.differs < 0)
        l->ev.differs = k;
    if (l->digits == 0 && l->ev.no_digits < 0)
        l->ev.no_digits = k;
}

gdt_status
gdt_compare_eval(gdt_compare *c)
{
    size_t i;

    for (i = 0; i < c->n; i++) {
        gdt_cmp_lane *l = &c->lanes[i];

        l->active = 0;
        l->compared = 0;
        if (l->stop != GDT_STOP_NONE)
            continue;
        if (gdt_stepper_eval(&l->st, &l->err) != GDT_OK) {
            l->stop = GDT_STOP_ERROR;
            l->steps = c->k;
            continue;
        }
        l->active = 1;
        if (l->st.stop != GDT_STOP_NONE) {
            l->stop = l->st.stop;
            l->steps = c->k;
        }
        classify(l);
    }
    for (i = 0; i < c->n; i++)
        if (c->lanes[i].active)
            compare_lane(c, &c->lanes[i], &c->lanes[c->ref]);
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
    size_t i;

    for (i = 0; i < c->n; i++) {
        gdt_cmp_lane *l = &c->lanes[i];
        if (l->stop != GDT_STOP_NONE)
            continue;
        if (gdt_stepper_update(&l->st, &l->err) != GDT_OK) {
            l->stop = GDT_STOP_ERROR;
            l->steps = c->k + 1;
        }
    }
    c->k++;
    return GDT_OK;
}
