/* test_analyze -- the exact facts of a run: closed forms against iteration,
   predicted overflow and arrival steps against simulated runs */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "gdtrace.h"
#include "gdtrace/analyze.h"

typedef struct setup {
    gdt_problem p;
    gdt_program prog;
    gdt_affine a;
} setup;

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
            assert_int_equal(gdt_affine_at(w, &s.a, lr, w0, n), GDT_OK);
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
        assert_int_equal(gdt_affine_at(&w, &s.a, lr, &w0, ns[i]), GDT_OK);
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
        assert_int_equal(gdt_q_parse(lr, t[i].lr, &end), GDT_OK);
        mpq_set_ui(w0, 2, 1);
        assert_int_equal(gdt_domain_init_ieee(&d, t[i].format, MPFR_RNDN), GDT_OK);
        assert_int_equal(gdt_predict(&pr, &s.prog, &d, &s.a, lr, w0, 10000), GDT_OK);
        if (pr.event == NULL || strcmp(pr.event, t[i].event) != 0 || pr.step != t[i].step
            || pr.sim_event == NULL || strcmp(pr.sim_event, t[i].event) != 0
            || pr.sim_step != t[i].step) {
            printf("gdt_predict wrong: lr %s, %s\n  got  %s at %ld, simulated %s at %ld\n"
                   "  want %s at %ld, both\n", t[i].lr, t[i].format, pr.event ? pr.event : "-",
                   pr.step, pr.sim_event ? pr.sim_event : "-", pr.sim_step, t[i].event,
                   t[i].step);
            fail();
        }
        gdt_domain_clear(&d);
        mpq_clear(lr);
        mpq_clear(w0);
        setup_clear(&s);
    }
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
        assert_string_equal(gdt_multiplier_class(r), t[i].cls);
    }
    mpq_clear(r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_form_vs_iteration),
        cmocka_unit_test(test_notes_at),
        cmocka_unit_test(test_predictions),
        cmocka_unit_test(test_classes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
