/* test_analyze -- the exact facts of a run: closed forms against iteration,
   predicted overflow and arrival steps against simulated runs */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <cmocka.h>
#include "gdtrace.h"
#include "gdtrace/analyze.h"

typedef struct setup {
    gdt_problem p;
    gdt_program prog;
    gdt_affine a;
} setup;

/* Under valgrind, where these loops take minutes, one case in STRIDE
   (7: prime to the loops' lengths, so every format and value still
   comes up); every case natively. */
static size_t
stride(void)
{
    const char *variant = getenv("GDTRACE_TEST_VARIANT");

    return variant != NULL && strcmp(variant, "valgrind") == 0 ? 7 : 1;
}

static void
setup_init(setup *s, const char *loss)
{
    gdt_error err;

    assert_int_equal(gdt_problem_init(&s->p, loss, NULL, 0, NULL, NULL, &err), GDT_OK);
    assert_int_equal(gdt_program_init(&s->prog, s->p.loss, s->p.grad, s->p.n), GDT_OK);
    assert_true(gdt_problem_is_affine(&s->p));
    assert_int_equal(gdt_affine_init(&s->a, &s->prog), GDT_OK);
}

static void
setup_clear(setup *s)
{
    gdt_affine_clear(&s->a);
    gdt_program_clear(&s->prog);
    gdt_problem_clear(&s->p);
}

/* The closed form equals the iterated exact run at every step up to 60,
   for quadratics of one and two parameters and several learning rates. */
static void
test_closed_form_vs_iteration(void **state)
{
    static const struct { const char *loss, *lr, *w0[2]; } t[] = {
        { "(w-1)^2 + 2", "10", { "2" } },
        { "(w-1)^2 + 2", "0.4", { "2" } },
        { "(w-1)^2 + 2", "1/3", { "-5/7" } },
        { "3*w^2 - w + 7", "0.1", { "1.5" } },
        { "5*w", "0.25", { "3" } },           /* a constant gradient */
        { "(a - 2*b)^2 + b^2 + a", "0.05", { "1", "-2" } },
        { "a^2 + a*b + 2*b^2 - b", "1/7", { "0.5", "0.25" } },
    };
    size_t i, j;
    unsigned long n;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        setup s;
        gdt_domain d;
        gdt_stepper st;
        gdt_error err;
        mpq_t lr, w0[2], w[2];
        size_t end;

        setup_init(&s, t[i].loss);
        mpq_init(lr);
        assert_int_equal(gdt_q_parse(lr, t[i].lr, &end), GDT_OK);
        for (j = 0; j < 2; j++) {
            mpq_init(w0[j]);
            mpq_init(w[j]);
            if (j < s.p.n)
                assert_int_equal(gdt_q_parse(w0[j], t[i].w0[j], &end), GDT_OK);
        }
        gdt_domain_init_exact(&d);
        assert_int_equal(gdt_stepper_init(&st, &s.prog, &d, lr, w0, 60, GDT_UPDATE_SUB, &err),
                         GDT_OK);
        st.stop_on_zero = 0;
        for (n = 0;; n++) {
            assert_int_equal(gdt_stepper_eval(&st, &err), GDT_OK);
            assert_int_equal(gdt_affine_at(w, &s.a, lr, w0, n, NULL), GDT_OK);
            for (j = 0; j < s.p.n; j++)
                if (!mpq_equal(w[j], gdt_stepper_param(&st, j)->q)) {
                    gmp_printf("gdt_affine_at wrong: %s, lr %s, step %lu, parameter %zu\n"
                               "  got  %Qd\n  want %Qd\n", t[i].loss, t[i].lr, n, j, w[j],
                               gdt_stepper_param(&st, j)->q);
                    fail();
                }
            if (st.stop != GDT_STOP_NONE)
                break;
            assert_int_equal(gdt_stepper_update(&st, &err), GDT_OK);
        }
        gdt_stepper_clear(&st);
        gdt_domain_clear(&d);
        mpq_clear(lr);
        for (j = 0; j < 2; j++) {
            mpq_clear(w0[j]);
            mpq_clear(w[j]);
        }
        setup_clear(&s);
    }
}

/* The notes' run at large N: w_N = 1 + (-19)^N exactly. */
static void
test_notes_at(void **state)
{
    static const unsigned long ns[] = { 0, 1, 2, 50, 999, 1000, 12345, 100000, 1000000 };
    setup s;
    mpq_t lr, w0, w;
    mpz_t want;
    size_t i;

    (void)state;
    setup_init(&s, "(w-1)^2 + 2");
    mpq_init(lr);
    mpq_init(w0);
    mpq_init(w);
    mpz_init(want);
    mpq_set_ui(lr, 10, 1);
    mpq_set_ui(w0, 2, 1);
    for (i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        assert_int_equal(gdt_affine_at(&w, &s.a, lr, &w0, ns[i], NULL), GDT_OK);
        mpz_ui_pow_ui(want, 19, ns[i]);
        if (ns[i] % 2)
            mpz_neg(want, want);
        mpz_add_ui(want, want, 1);
        assert_int_equal(mpz_cmp_ui(mpq_denref(w), 1), 0);
        assert_int_equal(mpz_cmp(mpq_numref(w), want), 0);
    }
    mpz_clear(want);
    mpq_clear(lr);
    mpq_clear(w0);
    mpq_clear(w);
    setup_clear(&s);
}

/* Predicted first overflow (the exact w_n rounded once) against the
   simulated run, for the notes' run; and the arrival at w* = 1 for lr 0.4. */
static void
test_predictions(void **state)
{
    static const struct { const char *lr, *format, *event; long step; } t[] = {
        { "10", "binary16", "overflow", 4 },
        { "10", "bfloat16", "overflow", 31 },
        { "10", "binary32", "overflow", 31 },
        { "10", "binary64", "overflow", 242 },
        { "10", "binary128", "overflow", 3857 },
        { "0.4", "binary64", "fixed point", 23 },
        { "0.4", "binary32", "fixed point", 11 },
    };
    size_t i, end;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        setup s;
        gdt_domain d;
        gdt_prediction pr;
        mpq_t lr, w0;

        setup_init(&s, "(w-1)^2 + 2");
        mpq_init(lr);
        mpq_init(w0);
        gdt_prediction_init(&pr);
        assert_int_equal(gdt_q_parse(lr, t[i].lr, &end), GDT_OK);
        mpq_set_ui(w0, 2, 1);
        assert_int_equal(gdt_domain_init_ieee(&d, t[i].format, MPFR_RNDN), GDT_OK);
        assert_int_equal(gdt_analyze_predict(&pr, &s.prog, &d, &s.a, lr, w0, 10000, NULL),
                         GDT_OK);
        if (pr.event == NULL || strcmp(pr.event, t[i].event) != 0
            || mpz_cmp_si(pr.step, t[i].step) != 0 || pr.sim_event == NULL
            || strcmp(pr.sim_event, t[i].event) != 0 || pr.sim_step != t[i].step) {
            gmp_printf("gdt_analyze_predict wrong: lr %s, %s\n  got  %s at %Zd, simulated %s at %ld\n"
                       "  want %s at %ld, both\n", t[i].lr, t[i].format,
                       pr.event ? pr.event : "-", pr.step,
                       pr.sim_event ? pr.sim_event : "-", pr.sim_step, t[i].event, t[i].step);
            fail();
        }
        gdt_prediction_clear(&pr);
        gdt_domain_clear(&d);
        mpq_clear(lr);
        mpq_clear(w0);
        setup_clear(&s);
    }
}

/* The first n <= LIMIT at which the exact w_n = w* + r^n e0, rounded once
   into D, is inf (|r| > 1) or the value of fl(w*) (|r| < 1), by iterating
   exact products: the oracle of gdt_analyze_predict.  -1 when none. */
static long
brute_event(gdt_domain *d, const mpq_t ws, const mpq_t w0, const mpq_t r, long limit)
{
    gdt_val x, f;
    mpq_t e, w, t;
    long n, found = -1;
    int diverge;

    d->ops->init(&x, d);
    d->ops->init(&f, d);
    mpq_inits(e, w, t, NULL);
    mpq_abs(t, r);
    diverge = mpq_cmp_ui(t, 1, 1) > 0;
    assert_int_equal(d->ops->set_q(&f, ws, d), GDT_OK);
    mpq_sub(e, w0, ws);
    for (n = 0; n <= limit; n++) {
        mpq_add(w, ws, e);
        assert_int_equal(d->ops->set_q(&x, w, d), GDT_OK);
        if (diverge ? d->ops->is_inf(&x, d) : d->ops->cmp(&x, &f, d) == 0) {
            found = n;
            break;
        }
        mpq_mul(e, e, r);
    }
    d->ops->clear(&x, d);
    d->ops->clear(&f, d);
    mpq_clears(e, w, t, NULL);
    return found;
}

/* gdt_analyze_predict's closed-form step (logarithms and interval arithmetic)
   equals the exact iteration's wherever the event comes within 1200 steps,
   and is beyond 1200 where it does not: every sign of r, fixed points at
   0, at format boundaries and ties (w_n exactly on a rounding boundary:
   r = 1/2 and dyadic values), w* beyond the format's range, and learning
   rates of many digits. */
static void
test_predictions_vs_iteration(void **state)
{
    static const char *const ws[] = {
        "0", "1", "-3/7", "0.00001", "12345.678", "65504", "-65520", "1e40", "-3e38",
        "1.00048828125",        /* 1 + 2^-11: a binary16 tie, rounds to 1 */
        "0.000000059604644775390625", /* 2^-24, binary16's least subnormal */
        "0.0000000298023223876953125", /* 2^-25: half of it, a tie */
    };
    static const char *const lr[] = {
        "0.0625", "0.3", "0.4", "0.46875", "0.5", "0.53125", "0.6", "0.75", "0.96875",
        "1.03125", "1.2", "1.4375", "-0.03125", "-0.25", "-0.5", "0.000123456789012345",
    };
    static const char *const off[] = { "1", "-2.5", "0.0009765625", "7/3", "-1e-6", "300" };
    size_t i, j, k, f, end, checked = 0;
    long limit = 1200;
    size_t every = stride(), n = 0;

    (void)state;
    for (i = 0; i < sizeof ws / sizeof ws[0]; i++) {
        char loss[128];
        setup s;
        snprintf(loss, sizeof loss, "(w - (%s))^2", ws[i]);
        setup_init(&s, loss);
        for (j = 0; j < sizeof lr / sizeof lr[0]; j++)
            for (k = 0; k < sizeof off / sizeof off[0]; k++)
                for (f = 0; gdt_mode_ieee(f) != NULL; f++) {
                    const char *format = gdt_mode_ieee(f)->name;
                    gdt_domain d;
                    gdt_prediction pr;
                    mpq_t l, w0, wst, r;
                    long want;

                    if (n++ % every != 0)
                        continue;
                    mpq_inits(l, w0, wst, r, NULL);
                    assert_int_equal(gdt_q_parse(l, lr[j], &end), GDT_OK);
                    assert_int_equal(gdt_q_parse(wst, ws[i], &end), GDT_OK);
                    assert_int_equal(gdt_q_parse(w0, off[k], &end), GDT_OK);
                    mpq_add(w0, w0, wst);
                    gdt_affine_multiplier(r, l, s.a.h[0]);
                    assert_int_equal(gdt_domain_init_ieee(&d, format, MPFR_RNDN), GDT_OK);
                    gdt_prediction_init(&pr);
                    assert_int_equal(gdt_analyze_predict(&pr, &s.prog, &d, &s.a, l, w0, 0, NULL),
                                     GDT_OK);
                    want = mpq_cmp_si(r, 1, 1) == 0 || mpq_cmp_si(r, -1, 1) == 0
                               ? -2 : brute_event(&d, wst, w0, r, limit);
                    if (want == -2 ? pr.event != NULL
                        : want >= 0 ? pr.event == NULL || mpz_cmp_si(pr.step, want) != 0
                                    : pr.event != NULL && mpz_cmp_si(pr.step, limit) <= 0) {
                        gmp_printf("gdt_analyze_predict wrong: w* %s, lr %s, w0 w*+%s, %s\n"
                                   "  got  %s at %Zd\n  want %ld (-1: none within %ld)\n",
                                   ws[i], lr[j], off[k], format,
                                   pr.event ? pr.event : pr.never, pr.step, want, limit);
                        fail();
                    }
                    checked += want >= 0;
                    gdt_prediction_clear(&pr);
                    gdt_domain_clear(&d);
                    mpq_clears(l, w0, wst, r, NULL);
                }
        setup_clear(&s);
    }
    assert_true(checked > 1500 / every);
}

/* The exact w_n on a rounding boundary, decided exactly: w_n = 2^-n on the
   ties 2^-25 (binary16) and 2^-16495 (binary128: half the least
   subnormal, rounds to 0, even), w_n = T 2^(n-N) on the overflow
   threshold T (rounds to inf); the binary128 ones far past the steps that
   are computed outright, so by intervals and exact integer roots. */
static void
test_predictions_on_boundaries(void **state)
{
    static const struct {
        const char *lr, *w0, *format, *event;
        long step;
    } t[] = {
        { "0.25", "1", "binary16", "fixed point", 25 },
        { "0.25", "1", "binary128", "fixed point", 16495 },
        { "0.25", "-1", "binary128", "fixed point", 16495 },
        /* r = 2, w0 = 65520 / 2^12 */
        { "-0.5", "4095/256", "binary16", "overflow", 12 },
        /* r = -2: |w_12| = 65520 */
        { "1.5", "4095/256", "binary16", "overflow", 12 },
        /* r = 2, w0 = T / 2^16400 = (2^114 - 1) / 2^130 */
        { "-0.5", "20769187434139310514121985316880383/1361129467683753853853498429727072845824",
          "binary128", "overflow", 16400 },
        { "1.5", "-20769187434139310514121985316880383/1361129467683753853853498429727072845824",
          "binary128", "overflow", 16400 },
    };
    size_t i, end;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        setup s;
        gdt_domain d;
        gdt_prediction pr;
        mpq_t lr, w0;

        setup_init(&s, "w^2");
        mpq_inits(lr, w0, NULL);
        assert_int_equal(gdt_q_parse(lr, t[i].lr, &end), GDT_OK);
        assert_int_equal(gdt_q_parse(w0, t[i].w0, &end), GDT_OK);
        assert_int_equal(gdt_domain_init_ieee(&d, t[i].format, MPFR_RNDN), GDT_OK);
        gdt_prediction_init(&pr);
        assert_int_equal(gdt_analyze_predict(&pr, &s.prog, &d, &s.a, lr, w0, 0, NULL), GDT_OK);
        if (pr.event == NULL || strcmp(pr.event, t[i].event) != 0
            || mpz_cmp_si(pr.step, t[i].step) != 0) {
            gmp_printf("gdt_analyze_predict wrong: w^2, lr %s, w0 %s, %s\n  got  %s at %Zd\n"
                       "  want %s at %ld\n", t[i].lr, t[i].w0, t[i].format,
                       pr.event ? pr.event : pr.never, pr.step, t[i].event, t[i].step);
            fail();
        }
        gdt_prediction_clear(&pr);
        gdt_domain_clear(&d);
        mpq_clears(lr, w0, NULL);
        setup_clear(&s);
    }
}

/* A drift (a linear loss): the predicted overflow or stall equals the
   simulated run's in every format, wherever the simulation sees it within
   its 5000 steps; the binary16 overflow at 2057. */
static void
test_drift_vs_simulation(void **state)
{
    static const char *const loss[] = { "3*w", "-3*w", "0.1*w", "7/3*w", "1e-3*w", "1e5*w",
                                        "w/1024", "-w*65504", "w*0.1 + w*0.2" };
    static const char *const lr[] = { "10", "1/3", "0.01" };
    static const char *const w0[] = { "2", "-2", "0", "-65000", "0.3", "1e30" };
    size_t i, j, k, f, end, seen = 0, every = stride(), n = 0;

    (void)state;
    for (i = 0; i < sizeof loss / sizeof loss[0]; i++) {
        setup s;
        setup_init(&s, loss[i]);
        for (j = 0; j < sizeof lr / sizeof lr[0]; j++)
            for (k = 0; k < sizeof w0 / sizeof w0[0]; k++)
                for (f = 0; gdt_mode_ieee(f) != NULL; f++) {
                    const char *format = gdt_mode_ieee(f)->name;
                    gdt_domain d;
                    gdt_prediction pr;
                    mpq_t l, x;
                    int ok;

                    if (n++ % every != 0)
                        continue;
                    mpq_inits(l, x, NULL);
                    assert_int_equal(gdt_q_parse(l, lr[j], &end), GDT_OK);
                    assert_int_equal(gdt_q_parse(x, w0[k], &end), GDT_OK);
                    assert_int_equal(gdt_domain_init_ieee(&d, format, MPFR_RNDN), GDT_OK);
                    gdt_prediction_init(&pr);
                    assert_int_equal(gdt_analyze_predict(&pr, &s.prog, &d, &s.a, l, x, 5000,
                                                         NULL),
                                     GDT_OK);
                    if (pr.sim_event != NULL)
                        ok = pr.event != NULL && strcmp(pr.event, pr.sim_event) == 0
                             && mpz_cmp_si(pr.step, pr.sim_step) == 0;
                    else
                        ok = pr.event == NULL || mpz_cmp_si(pr.step, (long)pr.sim_steps) > 0;
                    if (!ok) {
                        gmp_printf("gdt_analyze_predict wrong for a drift: %s, lr %s, w0 %s, %s\n"
                                   "  got  %s at %Zd\n  simulated %s at %ld\n", loss[i],
                                   lr[j], w0[k], format, pr.event ? pr.event : pr.never,
                                   pr.step, pr.sim_event ? pr.sim_event : "-", pr.sim_step);
                        fail();
                    }
                    seen += pr.sim_event != NULL;
                    if (i == 0 && j == 0 && k == 0 && f == 0)
                        assert_int_equal(mpz_cmp_ui(pr.step, 2057), 0);
                    gdt_prediction_clear(&pr);
                    gdt_domain_clear(&d);
                    mpq_clears(l, x, NULL);
                }
        setup_clear(&s);
    }
    assert_true(seen > 150 / every);
}

/* With the stop flag up, the prediction, the Lyapunov run and the
   powering of the affine map give up with GDT_EINTERRUPTED. */
static void
test_stop(void **state)
{
    setup s;
    gdt_domain d;
    gdt_prediction pr;
    gdt_lyapunov_run run;
    mpq_t lr, w0, w;
    mpfr_t lam;
    volatile sig_atomic_t stop = 0;

    (void)state;
    setup_init(&s, "(w-1)^2 + 2");
    mpq_inits(lr, w0, w, NULL);
    mpfr_init2(lam, 64);
    mpq_set_ui(lr, 1, 100000); /* r = 0.99998: steps in the millions */
    mpq_set_ui(w0, 2, 1);
    gdt_prediction_init(&pr);
    assert_int_equal(gdt_domain_init_ieee(&d, "binary128", MPFR_RNDN), GDT_OK);
    stop = SIGTERM;
    assert_int_equal(gdt_analyze_predict(&pr, &s.prog, &d, &s.a, lr, w0, 100, &stop),
                     GDT_EINTERRUPTED);
    assert_int_equal(gdt_analyze_lyapunov(lam, &run, &s.prog, &s.prog, lr, w0, 100, 64, &stop),
                     GDT_EINTERRUPTED);
    assert_int_equal(gdt_affine_at(&w, &s.a, lr, &w0, 1000, &stop), GDT_EINTERRUPTED);
    stop = 0;
    assert_int_equal(gdt_analyze_predict(&pr, &s.prog, &d, &s.a, lr, w0, 100, &stop), GDT_OK);
    assert_string_equal(pr.event, "fixed point");
    gdt_prediction_clear(&pr);
    gdt_domain_clear(&d);
    mpfr_clear(lam);
    mpq_clears(lr, w0, w, NULL);
    setup_clear(&s);
}

static void
test_classes(void **state)
{
    static const struct { const char *r, *cls; } t[] = {
        { "-19", "diverges, oscillating" }, { "-1", "2-cycle" },
        { "-1/2", "converges, oscillating" }, { "0", "converges in one step" },
        { "1/5", "converges monotonically" }, { "1", "no movement" },
        { "3/2", "diverges monotonically" },
    };
    size_t i, end;
    mpq_t r;

    (void)state;
    mpq_init(r);
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        assert_int_equal(gdt_q_parse(r, t[i].r, &end), GDT_OK);
        assert_string_equal(gdt_analyze_multiplier_class(r), t[i].cls);
    }
    mpq_clear(r);
}

/* A linear loss drifts; a constant one, or lr 0, does not move; else the
   multiplier's class. */
static void
test_affine1_classes(void **state)
{
    static const struct { const char *lr, *f2, *g0, *cls; } t[] = {
        { "10", "0", "3", "drifts" }, { "1/3", "0", "-1e-9", "drifts" },
        { "10", "0", "0", "no movement" }, { "0", "0", "3", "no movement" },
        { "0", "2", "3", "no movement" }, { "10", "2", "-2", "diverges, oscillating" },
        { "0.25", "2", "5", "converges monotonically" },
    };
    size_t i, end;
    mpq_t lr, f2, g0;

    (void)state;
    mpq_inits(lr, f2, g0, NULL);
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        assert_int_equal(gdt_q_parse(lr, t[i].lr, &end), GDT_OK);
        assert_int_equal(gdt_q_parse(f2, t[i].f2, &end), GDT_OK);
        assert_int_equal(gdt_q_parse(g0, t[i].g0, &end), GDT_OK);
        assert_string_equal(gdt_analyze_affine1_class(lr, f2, g0), t[i].cls);
    }
    mpq_clears(lr, f2, g0, NULL);
}

/* Q as text, for messages. */
static const char *
q_text(char *buf, size_t size, const mpq_t q)
{
    gmp_snprintf(buf, size, "%Qd", q);
    return buf;
}

/* Q equals the fraction WANT ("a/b" or "a"); says got and want if not. */
static void
check_q(const char *what, const mpq_t q, const char *want)
{
    mpq_t w;
    char got[256];

    mpq_init(w);
    assert_int_equal(mpq_set_str(w, want, 10), 0);
    mpq_canonicalize(w);
    if (!mpq_equal(q, w)) {
        printf("%s wrong\n  got  %s\n  want %s\n", what, q_text(got, sizeof got, q), want);
        fail();
    }
    mpq_clear(w);
}

/* An analysis and what it is asked. */
typedef struct arun {
    setup s;
    gdt_analyze_in in;
    mpq_t w0[2];
    gdt_analysis an;
    gdt_error err;
} arun;

/* R = the analysis of LOSS from W0 (and W1 for a second parameter) with
   LR (and --at 10 when HAS_AT), started, with its first section, the
   problem, taken; returns gdt_analysis_start's status, R->err its
   message.  Clear R with analysis_end in every case. */
static gdt_status
analysis_start(arun *r, const char *loss, const char *lr, const char *w0, const char *w1,
               int has_at, const gdt_run_opts *opts)
{
    gdt_analyze_in *in = &r->in;
    gdt_status st;

    assert_int_equal(gdt_problem_init(&r->s.p, loss, NULL, 0, NULL, NULL, &r->err), GDT_OK);
    assert_int_equal(gdt_program_init(&r->s.prog, r->s.p.loss, r->s.p.grad, r->s.p.n), GDT_OK);
    mpq_inits(r->w0[0], r->w0[1], NULL);
    assert_int_equal(mpq_set_str(r->w0[0], w0, 10), 0);
    assert_int_equal(mpq_set_str(r->w0[1], w1 != NULL ? w1 : "0", 10), 0);
    memset(in, 0, sizeof *in);
    in->problem = &r->s.p;
    in->program = &r->s.prog;
    in->loss_text = loss;
    mpq_init(in->lr);
    assert_int_equal(mpq_set_str(in->lr, lr, 10), 0);
    mpq_canonicalize(in->lr);
    in->w0 = (const mpq_t *)r->w0;
    in->has_at = has_at;
    in->at = 10;
    in->max_iter = 1000;
    in->max_bits = 100000;
    in->prec = 64;
    in->roots.max_degree = GDT_ROOTS_MAX_DEGREE;
    in->roots.max_coeff_bits = GDT_ROOTS_MAX_COEFF_BITS;
    gdt_analysis_init(&r->an);
    gdt_error_clear(&r->err);
    st = gdt_analysis_start(&r->an, in, 100, opts, &r->err);
    if (st == GDT_OK) {
        assert_int_equal(gdt_analysis_next(&r->an, &r->err), GDT_OK);
        assert_int_equal(r->an.section, GDT_ANALYSIS_PROBLEM);
    }
    return st;
}

static void
analysis_end(arun *r)
{
    gdt_analysis_clear(&r->an);
    mpq_clear(r->in.lr);
    mpq_clears(r->w0[0], r->w0[1], NULL);
    gdt_program_clear(&r->s.prog);
    gdt_problem_clear(&r->s.p);
}

/* The next section of AN, which must be WANT. */
static void
next_is(gdt_analysis *an, gdt_analysis_section want)
{
    gdt_error err;

    gdt_error_clear(&err);
    assert_int_equal(gdt_analysis_next(an, &err), GDT_OK);
    assert_int_equal(an->section, want);
}

/* One parameter, quadratic: the problem, the map's facts, one prediction
   per IEEE format of the mode table, in its order, then the end. */
static void
test_analysis_quadratic1(void **state)
{
    static const char *const names[] = { "binary16", "bfloat16", "binary32", "binary64",
                                         "binary128" };
    arun r;
    size_t i;

    (void)state;
    assert_int_equal(analysis_start(&r, "(w-1)^2 + 2", "1/10", "2", NULL, 0, NULL), GDT_OK);
    next_is(&r.an, GDT_ANALYSIS_QUADRATIC1);
    check_q("f''", r.an.q1.f2, "2");
    assert_true(r.an.q1.have_ws);
    check_q("w*", r.an.q1.ws, "1");
    check_q("e0", r.an.q1.e0, "1");
    check_q("r", r.an.q1.r, "4/5");
    check_q("lr_critical", r.an.q1.lr_critical, "1");
    check_q("lr_one_step", r.an.q1.lr_one_step, "1/2");
    assert_string_equal(r.an.q1.cls, "converges monotonically");
    assert_false(r.an.q1.drifts);
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        assert_string_equal(gdt_mode_ieee(i)->name, names[i]);
        next_is(&r.an, GDT_ANALYSIS_FORMAT);
        assert_int_equal(r.an.format.index, i);
        assert_string_equal(r.an.format.name, names[i]);
        assert_string_equal(r.an.format.pr.event, "fixed point");
    }
    assert_null(gdt_mode_ieee(i));
    next_is(&r.an, GDT_ANALYSIS_END);
    next_is(&r.an, GDT_ANALYSIS_END);
    analysis_end(&r);
}

/* Two parameters, quadratic, and --at: H = diag(2, 6), I - lr H =
   diag(4/5, 2/5) at lr 1/10; w_10 exactly. */
static void
test_analysis_quadratic_n(void **state)
{
    arun r;

    (void)state;
    assert_int_equal(analysis_start(&r, "(x-1)^2 + 3*(y+2)^2", "1/10", "2", "0", 1, NULL),
                     GDT_OK);
    next_is(&r.an, GDT_ANALYSIS_QUADRATIC_N);
    assert_true(r.an.qn.have_ws);
    check_q("x*", r.an.qn.ws[0], "1");
    check_q("y*", r.an.qn.ws[1], "-2");
    assert_int_equal(r.an.qn.eig.n, 2);
    assert_true(r.an.qn.eig.r[0].exact && r.an.qn.eig.r[1].exact);
    check_q("eig_1", r.an.qn.eig.r[0].q, "2/5");
    check_q("eig_2", r.an.qn.eig.r[1].q, "4/5");
    assert_true(r.an.qn.have_radius);
    check_q("spectral radius", r.an.qn.radius.q, "4/5");
    assert_string_equal(r.an.qn.cls, "converges (spectral radius < 1)");
    assert_true(r.an.qn.have_lr_critical);
    check_q("lr_critical", r.an.qn.lr_critical.q, "1/3");
    next_is(&r.an, GDT_ANALYSIS_AT);
    /* x_n = 1 + (4/5)^n, y_n = -2 + 2 (2/5)^n; 5^10 = 9765625 */
    check_q("x_10", r.an.at.w[0], "10814201/9765625");
    check_q("y_10", r.an.at.w[1], "-19529202/9765625");
    check_q("grad_x at 10", r.an.at.grad[0], "2097152/9765625");
    check_q("grad_y at 10", r.an.at.grad[1], "12288/9765625");
    next_is(&r.an, GDT_ANALYSIS_END);
    analysis_end(&r);
}

/* Any other loss of one parameter: its critical points (a polynomial),
   the Lyapunov exponent; --at refused on it before anything; a stop asked
   for ends the work at the first loop that polls it. */
static void
test_analysis_other(void **state)
{
    volatile sig_atomic_t stop = 0;
    gdt_run_opts opts = { &stop, NULL, NULL };
    arun r;

    (void)state;
    /* w^3/3 - w: critical points -1 (a maximum) and 1 (a minimum) */
    assert_int_equal(analysis_start(&r, "w^3/3 - w", "1/10", "1/2", NULL, 0, NULL), GDT_OK);
    next_is(&r.an, GDT_ANALYSIS_CRITICAL);
    assert_false(r.an.crit.constant);
    assert_int_equal(r.an.crit.roots.n, 2);
    check_q("w*_1", r.an.crit.roots.r[0].q, "-1");
    check_q("f''(w*_1)", r.an.crit.pt[0].f2, "-2");
    check_q("multiplier at w*_1", r.an.crit.pt[0].multiplier, "6/5");
    assert_string_equal(r.an.crit.pt[0].cls, "diverges monotonically");
    check_q("w*_2", r.an.crit.roots.r[1].q, "1");
    check_q("lr_critical at w*_2", r.an.crit.pt[1].lr_critical, "1");
    assert_true(r.an.crit.pt[1].exact);
    next_is(&r.an, GDT_ANALYSIS_LYAPUNOV);
    assert_true(r.an.lyap.have);
    assert_int_equal(r.an.lyap.nformats, 5);
    assert_string_equal(r.an.lyap.format[0], "binary16");
    assert_true(mpfr_sgn(r.an.lyap.lambda) < 0); /* it converges to 1 */
    assert_int_equal(r.an.lyap.no_digits[0], -1);
    next_is(&r.an, GDT_ANALYSIS_END);
    analysis_end(&r);

    /* --at on a gradient that is not affine: refused, nothing planned */
    assert_int_equal(analysis_start(&r, "w^4", "1/10", "1/2", NULL, 1, NULL), GDT_EVALUE);
    assert_string_equal(r.err.msg, "--at needs a loss whose gradient is affine (a quadratic "
                                 "loss): this one's is not; run --max-iter 10 instead");
    analysis_end(&r);

    /* exp(w): no critical point; the trajectory, then a stop */
    assert_int_equal(analysis_start(&r, "exp(w)", "1/10", "1/2", NULL, 0, &opts), GDT_OK);
    next_is(&r.an, GDT_ANALYSIS_TRAJECTORY);
    assert_false(r.an.traj.failed);
    assert_false(r.an.traj.found);
    assert_int_equal(r.an.traj.stop, GDT_STOP_MAX_ITER);
    assert_int_equal(r.an.traj.steps, 1000);
    assert_true(r.an.traj.have_w && r.an.traj.have_grad && r.an.traj.have_fpp);
    stop = SIGINT;
    assert_int_equal(gdt_analysis_next(&r.an, &r.err), GDT_EINTERRUPTED);
    assert_int_equal(r.an.section, GDT_ANALYSIS_LYAPUNOV);
    analysis_end(&r);

    /* the same stop during a prediction */
    stop = SIGINT;
    assert_int_equal(analysis_start(&r, "(w-1)^2", "1/100000", "2", NULL, 0, &opts), GDT_OK);
    next_is(&r.an, GDT_ANALYSIS_QUADRATIC1);
    assert_int_equal(gdt_analysis_next(&r.an, &r.err), GDT_EINTERRUPTED);
    assert_int_equal(r.an.section, GDT_ANALYSIS_FORMAT);
    analysis_end(&r);
}

/* A root and a set of roots are empty after init and after clear, which
   accepts NULL; the affine map's one step I - lr H and its gradient. */
static void
test_roots_and_map(void **state)
{
    gdt_root r;
    gdt_roots rs;
    setup s;
    mpq_t m[4], lr, w[2], g[2];
    size_t i;

    (void)state;
    gdt_root_init(&r);
    assert_true(r.exact && r.mult == 1 && mpq_sgn(r.q) == 0);
    gdt_root_clear(&r);
    gdt_root_clear(NULL);
    gdt_roots_init(&rs);
    assert_true(rs.n == 0 && rs.r == NULL);
    gdt_roots_clear(&rs);
    gdt_roots_clear(&rs);
    gdt_roots_clear(NULL);
    setup_init(&s, "a^2 + a*b + 2*b^2 - b");
    for (i = 0; i < 4; i++)
        mpq_init(m[i]);
    mpq_inits(lr, w[0], w[1], g[0], g[1], NULL);
    mpq_set_ui(lr, 1, 4);
    gdt_affine_step_matrix(m, 2, &s.a, lr); /* H = [[2, 1], [1, 4]] */
    check_q("M_11", m[0], "1/2");
    check_q("M_12", m[1], "-1/4");
    check_q("M_21", m[2], "-1/4");
    check_q("M_22", m[3], "0");
    mpq_set_ui(w[0], 1, 1);
    mpq_set_si(w[1], -1, 3);
    gdt_affine_grad(g, &s.a, (const mpq_t *)w);
    check_q("grad_a", g[0], "5/3");
    check_q("grad_b", g[1], "-4/3");
    mpq_set_ui(w[1], 7, 2);
    gdt_affine_multiplier(w[0], lr, w[1]);
    check_q("multiplier", w[0], "1/8");
    for (i = 0; i < 4; i++)
        mpq_clear(m[i]);
    mpq_clears(lr, w[0], w[1], g[0], g[1], NULL);
    setup_clear(&s);
}

/* The Hessian derived exactly and Newton's method on the gradient:
   Rosenbrock from (-1.2, 1) to (1, 1), where H = [[802, -400], [-400,
   200]] and the sharpness is 501 + sqrt(250601), and with learning rates
   (1/2, 1/8) the top eigenvalue of diag(lr) H; exp(-w), which has no
   critical point, runs out of steps; abs has no second derivative. */
static void
test_hessian_newton(void **state)
{
    static const long want_h[4] = { 802, -400, -400, 200 };
    gdt_problem p;
    gdt_program prog;
    gdt_hessian h;
    gdt_error err;
    mpfr_t w[2], g[2], hm[4], sq[2], top, want, d, t240, t230;
    unsigned long steps;
    int conv, i;

    (void)state;
    mpfr_inits2(256, w[0], w[1], g[0], g[1], hm[0], hm[1], hm[2], hm[3], sq[0], sq[1], top,
                want, d, t240, t230, (mpfr_ptr)0);
    mpfr_set_ui_2exp(t240, 1, -240, MPFR_RNDN);   /* the tolerances */
    mpfr_set_ui_2exp(t230, 1, -230, MPFR_RNDN);
    assert_int_equal(gdt_problem_init(&p, "(1-a)^2 + 100*(b-a^2)^2", NULL, 0, NULL, NULL,
                                      &err), GDT_OK);
    assert_int_equal(gdt_program_init(&prog, p.loss, p.grad, p.n), GDT_OK);
    gdt_hessian_init(&h);
    assert_int_equal(gdt_hessian_derive(&h, &p, &prog), GDT_OK);
    assert_int_equal(gdt_hessian_bind(&h, 256, NULL), GDT_OK);
    mpfr_set_d(w[0], -1.2, MPFR_RNDN);
    mpfr_set_ui(w[1], 1, MPFR_RNDN);
    assert_int_equal(gdt_hessian_newton(&conv, &steps, &h, w, g, hm, 1000), GDT_OK);
    assert_true(conv);
    assert_true(steps > 2 && steps < 100);
    for (i = 0; i < 2; i++) {
        mpfr_sub_ui(d, w[i], 1, MPFR_RNDN);
        if (mpfr_cmpabs(d, t240) > 0) {
            mpfr_printf("gdt_hessian_newton wrong: w[%d]\n  got  %.70Rg\n  want 1\n", i, w[i]);
            fail();
        }
    }
    for (i = 0; i < 4; i++) {
        mpfr_sub_si(d, hm[i], want_h[i], MPFR_RNDN);
        if (mpfr_cmpabs(d, t230) > 0) {
            mpfr_printf("gdt_hessian_newton wrong: H[%d]\n  got  %.70Rg\n  want %ld\n", i,
                        hm[i], want_h[i]);
            fail();
        }
    }
    /* the sharpness at (1, 1), exactly on the point */
    mpfr_set_ui(w[0], 1, MPFR_RNDN);
    mpfr_set_ui(w[1], 1, MPFR_RNDN);
    assert_int_equal(gdt_hessian_top(&h, top, w, NULL), GDT_OK);
    mpfr_set_ui(want, 250601, MPFR_RNDN);
    mpfr_sqrt(want, want, MPFR_RNDN);
    mpfr_add_ui(want, want, 501, MPFR_RNDN);
    mpfr_sub(d, top, want, MPFR_RNDN);
    if (mpfr_cmpabs(d, t240) > 0) {
        mpfr_printf("gdt_hessian_top wrong\n  got  %.70Rg\n  want 501 + sqrt(250601)\n", top);
        fail();
    }
    /* diag(1/2, 1/8) H = [[401, -200], [-50, 25]]: top eigenvalue
       213 + sqrt(45344) */
    mpfr_set_ui_2exp(sq[0], 1, -1, MPFR_RNDN);
    mpfr_sqrt(sq[0], sq[0], MPFR_RNDN);
    mpfr_set_ui_2exp(sq[1], 1, -3, MPFR_RNDN);
    mpfr_sqrt(sq[1], sq[1], MPFR_RNDN);
    assert_int_equal(gdt_hessian_top(&h, top, w, sq), GDT_OK);
    mpfr_set_ui(want, 45344, MPFR_RNDN);
    mpfr_sqrt(want, want, MPFR_RNDN);
    mpfr_add_ui(want, want, 213, MPFR_RNDN);
    mpfr_sub(d, top, want, MPFR_RNDN);
    if (mpfr_cmpabs(d, t240) > 0) {
        mpfr_printf("gdt_hessian_top wrong (diag(lr) H)\n  got  %.70Rg\n"
                    "  want 213 + sqrt(45344)\n", top);
        fail();
    }
    gdt_hessian_clear(&h);
    gdt_program_clear(&prog);
    gdt_problem_clear(&p);

    /* no critical point: Newton steps by +1 forever */
    assert_int_equal(gdt_problem_init(&p, "exp(-w)", NULL, 0, NULL, NULL, &err), GDT_OK);
    assert_int_equal(gdt_program_init(&prog, p.loss, p.grad, p.n), GDT_OK);
    gdt_hessian_init(&h);
    assert_int_equal(gdt_hessian_derive(&h, &p, &prog), GDT_OK);
    assert_int_equal(gdt_hessian_bind(&h, 128, NULL), GDT_OK);
    mpfr_set_ui(w[0], 3, MPFR_RNDN);
    assert_int_equal(gdt_hessian_newton(&conv, &steps, &h, w, g, hm, 50), GDT_OK);
    assert_false(conv);
    assert_int_equal(steps, 50);
    assert_true(mpfr_cmp_ui(w[0], 53) == 0);
    gdt_hessian_clear(&h);
    gdt_program_clear(&prog);
    gdt_problem_clear(&p);

    /* a kink: no Hessian */
    assert_int_equal(gdt_problem_init(&p, "abs(a) + b^2", NULL, 0, NULL, NULL, &err), GDT_OK);
    assert_int_equal(gdt_program_init(&prog, p.loss, p.grad, p.n), GDT_OK);
    gdt_hessian_init(&h);
    assert_int_not_equal(gdt_hessian_derive(&h, &p, &prog), GDT_OK);
    gdt_hessian_clear(&h);
    gdt_program_clear(&prog);
    gdt_problem_clear(&p);
    mpfr_clears(w[0], w[1], g[0], g[1], hm[0], hm[1], hm[2], hm[3], sq[0], sq[1], top, want,
                d, t240, t230, (mpfr_ptr)0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_form_vs_iteration),
        cmocka_unit_test(test_notes_at),
        cmocka_unit_test(test_predictions),
        cmocka_unit_test(test_predictions_vs_iteration),
        cmocka_unit_test(test_predictions_on_boundaries),
        cmocka_unit_test(test_drift_vs_simulation),
        cmocka_unit_test(test_stop),
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_affine1_classes),
        cmocka_unit_test(test_analysis_quadratic1),
        cmocka_unit_test(test_analysis_quadratic_n),
        cmocka_unit_test(test_analysis_other),
        cmocka_unit_test(test_roots_and_map),
        cmocka_unit_test(test_hessian_newton),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
