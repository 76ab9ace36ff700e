/* test_certify -- run --certify's loop (gdt_run_certify): the precision
   doubles until every printed value proves what is asked, each step is
   handed on once, in order, and the cap ends the run with
   precision-limit at the step it could not certify */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "gdtrace.h"

#define MAX_STEPS 2048

/* What a sink was handed. */
struct record {
    int begins, ends;
    unsigned long step[MAX_STEPS];
    size_t n;
    gdt_stop stop;
    unsigned long k;
    int evaluated;
    mpq_t w;           /* at the end, when evaluated: the midpoint */
};

static gdt_status
r_begin(void *ctx, const gdt_run_info *info, const gdt_stepper *s, gdt_error *err)
{
    struct record *r = ctx;

    (void)info;
    (void)s;
    (void)err;
    r->begins++;
    return GDT_OK;
}

static gdt_status
r_step(void *ctx, const gdt_stepper *s, gdt_error *err)
{
    struct record *r = ctx;

    (void)err;
    assert_true(r->n < MAX_STEPS);
    r->step[r->n++] = s->k;
    return GDT_OK;
}

static gdt_status
r_end(void *ctx, const gdt_stepper *s, gdt_error *err)
{
    struct record *r = ctx;

    (void)err;
    r->ends++;
    r->stop = s->stop;
    r->k = s->k;
    r->evaluated = s->evaluated;
    if (s->evaluated)
        assert_int_equal(s->dom->ops->get_q(r->w, gdt_stepper_w(s), s->dom), GDT_OK);
    return GDT_OK;
}

/* Run LOSS from W0 with LR for MAX_ITER steps certified as CO, every
   step printed, into R; the status. */
static gdt_status
certify(struct record *r, gdt_certify_result *res, const char *loss, const char *lr_text,
        const char *w0_text, unsigned long max_iter, const gdt_certify_opts *co,
        gdt_error *err)
{
    gdt_session ss;
    gdt_session_opts o;
    gdt_run_sink sink = { .ctx = r, .every = 1, .begin = r_begin, .step = r_step,
                          .end = r_end };
    gdt_run_info info;
    gdt_status st;
    mpq_t lr, w0;

    memset(&info, 0, sizeof info);
    memset(&o, 0, sizeof o);
    mpq_init(lr);
    mpq_init(w0);
    assert_int_equal(mpq_set_str(lr, lr_text, 10), 0);
    assert_int_equal(mpq_set_str(w0, w0_text, 10), 0);
    mpq_canonicalize(lr);
    mpq_canonicalize(w0);
    o.loss = loss;
    o.mode = "exact"; /* not read */
    o.lr = (const mpq_t *)&lr;
    o.w0 = (const mpq_t *)&w0;
    o.max_iter = max_iter;
    o.stop_on_zero = 1; /* not used */
    assert_int_equal(gdt_session_open(&ss, &o, err), GDT_OK);
    info.problem = &ss.problem;
    info.max_iter = max_iter;
    st = gdt_run_certify(&ss, &o, co, &sink, &info, NULL, res, err);
    gdt_session_clear(&ss);
    mpq_clear(lr);
    mpq_clear(w0);
    return st;
}

static void
record_init(struct record *r)
{
    memset(r, 0, sizeof *r);
    mpq_init(r->w);
}

/* the steps handed on are 0, 1, ..., N - 1, each once */
static void
check_steps(const struct record *r, size_t n)
{
    size_t i;

    assert_int_equal(r->n, n);
    for (i = 0; i < r->n; i++)
        assert_int_equal(r->step[i], i);
}

/* The notes' run, every digit: balls of radius 0 from 512 bits on (the
   loss at step 50 has 426 bits), so 64, 128, 256, then 512; each step
   handed on once, and w_50 = 1 + (-19)^50. */
static void
test_notes_exact(void **state)
{
    gdt_certify_opts co = { .need = GDT_CERTIFY_EXACT, .prec = 64, .max_prec = 1 << 20 };
    gdt_certify_result res;
    struct record r;
    gdt_error err;
    mpz_t want;

    (void)state;
    record_init(&r);
    assert_int_equal(certify(&r, &res, "(w-1)^2 + 2", "10", "2", 50, &co, &err), GDT_OK);
    assert_int_equal(r.begins, 1);
    assert_int_equal(r.ends, 1);
    check_steps(&r, 51);
    assert_int_equal(r.stop, GDT_STOP_MAX_ITER);
    assert_int_equal(res.prec, 512);
    assert_int_equal(res.restarts, 3);
    assert_false(res.limited);
    mpz_init(want);
    mpz_ui_pow_ui(want, 19, 50);
    mpz_add_ui(want, want, 1);
    assert_true(r.evaluated);
    assert_int_equal(mpz_cmp_ui(mpq_denref(r.w), 1), 0);
    assert_int_equal(mpz_cmp(mpq_numref(r.w), want), 0);
    mpz_clear(want);
    mpq_clear(r.w);
}

/* Liu's loss at lr 1.01, 17 digits, capped at 1024 bits: about 7.6 bits
   are lost a step, so the cap ends the run near step 126, at the first
   step it cannot certify, every step before it handed on once. */
static void
test_liu_cap(void **state)
{
    gdt_certify_opts co = { .need = GDT_CERTIFY_DIGITS, .digits = 17, .prec = 88,
                            .max_prec = 1024 };
    gdt_certify_result res;
    struct record r;
    gdt_error err;

    (void)state;
    record_init(&r);
    assert_int_equal(certify(&r, &res, "x^2 + 0.1*cos(2*pi*x/0.1)", "101/100", "5", 1000, &co,
                             &err), GDT_OK);
    assert_true(res.limited);
    assert_int_equal(res.prec, 1024);
    assert_int_equal(r.ends, 1);
    assert_int_equal(r.stop, GDT_STOP_PRECISION_LIMIT);
    assert_false(r.evaluated);
    assert_int_equal(r.k, res.step);
    assert_true(res.step > 100 && res.step < 150);
    check_steps(&r, res.step);
    assert_int_equal(err.status, GDT_EUNDECIDED);
    mpq_clear(r.w);
}

/* abs's kink at an exact-real point: no precision decides the branch */
static void
test_kink_undecided(void **state)
{
    gdt_certify_opts co = { .need = GDT_CERTIFY_DIGITS, .digits = 17, .prec = 64,
                            .max_prec = 512 };
    gdt_certify_result res;
    struct record r;
    gdt_error err;

    (void)state;
    record_init(&r);
    assert_int_equal(certify(&r, &res, "abs(w - 1/3)", "1/3", "0", 3, &co, &err), GDT_OK);
    assert_true(res.limited);
    assert_int_equal(res.step, 1);
    assert_int_equal(res.restarts, 3);
    check_steps(&r, 1);
    assert_int_equal(r.stop, GDT_STOP_PRECISION_LIMIT);
    assert_non_null(strstr(err.msg, "undecided"));
    mpq_clear(r.w);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_notes_exact),
        cmocka_unit_test(test_liu_cap),
        cmocka_unit_test(test_kink_undecided),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
