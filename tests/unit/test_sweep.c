/* test_sweep -- a sweep's points (run/sweep.c): linear points exact, log
   points correctly rounded in every float format and direction (against
   MPFR at 2000 bits, then the format's rounding), the outcomes of the
   notes' loss, and the records in the same order on any number of
   threads */
#include <stdlib.h>
#include "gdtrace/mode.h"
#include "gdtrace/problem.h"
#include "gdtrace/program.h"
#include "gdtrace/sweep.h"
#include "testutil.h"

static void
test_linear(void **state)
{
    static const char *const want[] = { "-1/2", "-1/8", "1/4", "5/8", "1" };
    gdt_sweep_axis x;
    gdt_domain d;
    gdt_error err;
    mpq_t r;
    char *s;

    (void)state;
    gdt_domain_init_exact(&d);
    gdt_sweep_axis_init(&x);
    mpq_init(r);
    q_of(x.a, "-0.5");
    q_of(x.b, "1");
    x.n = 5;
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(gdt_sweep_axis_point(r, &x, i, &d, &err), GDT_OK);
        s = mpq_get_str(NULL, 10, r);
        expect(s, want[i]);
        free(s);
    }
    x.n = 1; /* one point: A */
    assert_int_equal(gdt_sweep_axis_point(r, &x, 0, &d, &err), GDT_OK);
    assert_true(mpq_cmp(r, x.a) == 0);
    /* log points are irrational: not in exact mode */
    x.n = 3;
    x.scale = GDT_SWEEP_LOG;
    q_of(x.a, "0.001");
    assert_int_equal(gdt_sweep_axis_point(r, &x, 1, &d, &err), GDT_EDOMAIN);
    mpq_clear(r);
    gdt_sweep_axis_clear(&x);
    gdt_domain_clear(&d);
}

/* Rational log points are exact: 1 (4/1)^(1/2) = 2, 1/8 (64)^(1/3) = 1/2,
   and then 2 (in binary16 too: the stepper rounds them once). */
static void
test_log_rational(void **state)
{
    gdt_sweep_axis x;
    gdt_domain d;
    gdt_error err;
    mpq_t r;

    (void)state;
    assert_int_equal(gdt_domain_init_mode(&d, "binary16", 11, MPFR_RNDN), GDT_OK);
    gdt_sweep_axis_init(&x);
    mpq_init(r);
    x.scale = GDT_SWEEP_LOG;
    q_of(x.a, "1");
    q_of(x.b, "4");
    x.n = 3;
    assert_int_equal(gdt_sweep_axis_point(r, &x, 1, &d, &err), GDT_OK);
    assert_true(mpq_cmp_ui(r, 2, 1) == 0);
    q_of(x.a, "1/8");
    q_of(x.b, "8");
    x.n = 4;
    assert_int_equal(gdt_sweep_axis_point(r, &x, 1, &d, &err), GDT_OK);
    assert_true(mpq_cmp_ui(r, 1, 2) == 0);
    assert_int_equal(gdt_sweep_axis_point(r, &x, 2, &d, &err), GDT_OK);
    assert_true(mpq_cmp_ui(r, 2, 1) == 0);
    mpq_clear(r);
    gdt_sweep_axis_clear(&x);
    gdt_domain_clear(&d);
}

/* WANT = A (B/A)^(I/(N-1)) at 2000 bits, then rounded as D rounds: its
   precision, exponent range, subnormals, direction. */
static void
oracle(mpfr_t want, const gdt_sweep_axis *x, size_t i, const gdt_domain *d)
{
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_t y, e;
    int t;

    mpfr_inits2(2000, y, e, (mpfr_ptr)0);
    mpfr_set_q(y, x->b, MPFR_RNDN);
    mpfr_div_q(y, y, x->a, MPFR_RNDN);
    mpfr_set_ui(e, (unsigned long)i, MPFR_RNDN);
    mpfr_div_ui(e, e, (unsigned long)(x->n - 1), MPFR_RNDN);
    mpfr_pow(y, y, e, MPFR_RNDN);
    mpfr_mul_q(y, y, x->a, MPFR_RNDN);
    t = mpfr_set(want, y, d->rnd);
    mpfr_set_emin(d->emin);
    mpfr_set_emax(d->emax);
    t = mpfr_check_range(want, t, d->rnd);
    if (d->subnormal)
        mpfr_subnormalize(want, t, d->rnd);
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    mpfr_clears(y, e, (mpfr_ptr)0);
}

/* Log points in many modes and directions, with ends in the normal,
   subnormal and overflowing ranges of each format. */
static void
test_log_rounded(void **state)
{
    static const struct {
        const char *mode;
        mpfr_prec_t prec;
        const char *a, *b;
    } cases[] = {
        { "binary64", 53, "1e-3", "10" },
        { "binary64", 53, "1e-320", "1e-300" },   /* subnormals */
        { "binary64", 53, "1e300", "1e310" },     /* overflow */
        { "binary32", 24, "0.37", "4.1" },
        { "binary32", 24, "1e-44", "1e-30" },
        { "binary32", 24, "1e30", "1e40" },
        { "binary16", 11, "1e-8", "1e-3" },
        { "binary16", 11, "1", "1e6" },
        { "bfloat16", 8, "2e-3", "7" },
        { "mpfr", 30, "1e-5", "3" },
        { "native-double", 53, "0.1", "0.3" },
    };
    static const mpfr_rnd_t rnds[] = { MPFR_RNDN, MPFR_RNDZ, MPFR_RNDU, MPFR_RNDD };
    gdt_sweep_axis x;
    gdt_error err;
    mpq_t r;
    mpfr_t got, want;
    gdt_val v;

    (void)state;
    gdt_sweep_axis_init(&x);
    mpq_init(r);
    x.scale = GDT_SWEEP_LOG;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        for (size_t k = 0; k < 4; k++) {
            gdt_domain d;
            assert_int_equal(gdt_domain_init_mode(&d, cases[c].mode, cases[c].prec, rnds[k]),
                             GDT_OK);
            mpfr_inits2(d.prec, got, want, (mpfr_ptr)0);
            d.ops->init(&v, &d);
            q_of(x.a, cases[c].a);
            q_of(x.b, cases[c].b);
            for (int t = 0; t < 40; t++) {
                size_t i;
                x.n = 3 + rng() % 2000;
                i = 1 + rng() % (x.n - 2);
                assert_int_equal(gdt_sweep_axis_point(r, &x, i, &d, &err), GDT_OK);
                assert_int_equal(d.ops->set_q(&v, r, &d), GDT_OK);
                d.ops->get_fr(got, &v, MPFR_RNDN, &d);
                oracle(want, &x, i, &d);
                if (!mpfr_equal_p(got, want) && !(mpfr_inf_p(got) && mpfr_inf_p(want))) {
                    char g[64], w[64];
                    mpfr_snprintf(g, sizeof g, "%Ra", got);
                    mpfr_snprintf(w, sizeof w, "%Ra", want);
                    report("log point", g, w);
                    printf("  mode %s rnd %d ends %s %s, point %zu of %zu\n", cases[c].mode,
                           (int)rnds[k], cases[c].a, cases[c].b, i, x.n);
                }
            }
            d.ops->clear(&v, &d);
            mpfr_clears(got, want, (mpfr_ptr)0);
            gdt_domain_clear(&d);
        }
    mpq_clear(r);
    gdt_sweep_axis_clear(&x);
    check_failures();
}

/* A sink that keeps every record in OUT, in the order written. */
struct memsink {
    gdt_buf out;
    unsigned char outcome[64];
    unsigned long step[64], period[64];
};

static gdt_status
mem_record(void *ctx, const gdt_sweep_point *p, gdt_buf *out, gdt_error *err)
{
    struct memsink *m = ctx;

    (void)err;
    if (p->index < 64) {
        m->outcome[p->index] = (unsigned char)p->outcome;
        m->step[p->index] = p->step;
        m->period[p->index] = p->period;
    }
    return gdt_buf_printf(out, "%zu %zu %s %lu %lu\n", p->i, p->j,
                          gdt_outcome_str(p->outcome), p->period, p->step);
}

static gdt_status
mem_write(void *ctx, gdt_buf *records, uint64_t first, uint64_t n, gdt_error *err)
{
    struct memsink *m = ctx;

    (void)first, (void)n, (void)err;
    return gdt_buf_putn(&m->out, records->s, records->len);
}

/* The notes' loss over lr 0:1.5 (7 points) x w0 {0, 2} in exact mode:
   lr 0 stalls, 1/2 converges at 1, 1/4 and 3/4 stay bounded, 1 is a
   2-cycle from 0, 1.25 and 1.5 diverge at 47 and 28 (from w0 0 and 2
   alike); and the same records on 1, 2 and 5 threads. */
static void
test_notes(void **state)
{
    static const gdt_outcome want_o[7] = {
        GDT_OUTCOME_STALLED, GDT_OUTCOME_BOUNDED, GDT_OUTCOME_CONVERGED,
        GDT_OUTCOME_BOUNDED, GDT_OUTCOME_CYCLE, GDT_OUTCOME_DIVERGED, GDT_OUTCOME_DIVERGED,
    };
    static const unsigned long want_k[7] = { 0, 60, 1, 60, 0, 47, 28 };
    gdt_problem p;
    gdt_program prog;
    gdt_sweep_axis ax[2];
    gdt_sweep_opts o;
    gdt_sweep_sink sink;
    gdt_error err;
    mpq_t lr, w0, esc;
    const char *where;
    char *first = NULL;
    uint64_t done;
    unsigned threads[3] = { 1, 2, 5 };

    (void)state;
    assert_int_equal(gdt_problem_init(&p, "(w-1)^2 + 2", NULL, 0, NULL, &where, &err), GDT_OK);
    assert_int_equal(gdt_program_init(&prog, p.loss, p.grad, p.n), GDT_OK);
    mpq_inits(lr, w0, esc, (mpq_ptr)0);
    q_of(esc, "1e16");
    for (int k = 0; k < 2; k++)
        gdt_sweep_axis_init(&ax[k]);
    q_of(ax[0].b, "1.5");
    ax[0].n = 7;
    ax[1].target = GDT_SWEEP_W0;
    q_of(ax[1].b, "2");
    ax[1].n = 2;
    o = (gdt_sweep_opts){ .prog = &prog, .names = p.params.name, .mode = "exact",
                          .prec = 53, .rnd = MPFR_RNDN, .update = GDT_UPDATE_SUB,
                          .lr = (const mpq_t *)&lr, .w0 = (const mpq_t *)&w0,
                          .max_iter = 60, .axes = ax, .naxes = 2,
                          .escape = (const mpq_t *)&esc };
    assert_int_equal(gdt_sweep_points(&o), 14);
    for (int t = 0; t < 3; t++) {
        struct memsink m;
        memset(&m, 0, sizeof m);
        gdt_buf_init(&m.out);
        sink = (gdt_sweep_sink){ .ctx = &m, .record = mem_record, .write = mem_write };
        o.threads = threads[t];
        assert_int_equal(gdt_sweep_run(&o, &sink, &done, &err), GDT_OK);
        assert_int_equal(done, 14);
        for (int j = 0; j < 2; j++)
            for (int i = 0; i < 7; i++) {
                assert_int_equal(m.outcome[j * 7 + i], want_o[i]);
                assert_int_equal(m.step[j * 7 + i], want_k[i]);
                assert_int_equal(m.period[j * 7 + i], i == 0 ? 1 : i == 4 ? 2 : 0);
            }
        if (first == NULL)
            first = strdup(m.out.s);
        else
            expect(m.out.s, first);
        gdt_buf_clear(&m.out);
    }
    /* parts of the grid (a shard, a resume): FIRST .. FIRST + COUNT - 1,
       their records end to end the whole grid's */
    {
        static const uint64_t cuts[][2] = { { 0, 5 }, { 5, 1 }, { 6, 7 }, { 13, 0 } };
        struct memsink m;

        memset(&m, 0, sizeof m);
        gdt_buf_init(&m.out);
        sink = (gdt_sweep_sink){ .ctx = &m, .record = mem_record, .write = mem_write };
        o.threads = 3;
        for (int c = 0; c < 4; c++) {
            o.first = cuts[c][0];
            o.count = cuts[c][1];
            assert_int_equal(gdt_sweep_run(&o, &sink, &done, &err), GDT_OK);
            assert_int_equal(done, c == 3 ? 1 : cuts[c][1]);
        }
        expect(m.out.s, first);
        o.first = 14;
        o.count = 0;
        assert_int_equal(gdt_sweep_run(&o, &sink, &done, &err), GDT_OK);
        assert_int_equal(done, 0);
        o.first = 15;
        assert_int_equal(gdt_sweep_run(&o, &sink, &done, &err), GDT_ERANGE);
        gdt_buf_clear(&m.out);
    }
    free(first);
    for (int k = 0; k < 2; k++)
        gdt_sweep_axis_clear(&ax[k]);
    mpq_clears(lr, w0, esc, (mpq_ptr)0);
    gdt_program_clear(&prog);
    gdt_problem_clear(&p);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linear),
        cmocka_unit_test(test_log_rational),
        cmocka_unit_test(test_log_rounded),
        cmocka_unit_test(test_notes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
