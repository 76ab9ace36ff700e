/* test_session -- one set-up for every command: problem, program, domain,
   stepper, each failure naming what failed */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "gdtrace.h"

static void
opts_of(gdt_session_opts *o, const char *loss, const char *mode, const mpq_t *lr,
        const mpq_t *w0)
{
    memset(o, 0, sizeof *o);
    o->loss = loss;
    o->mode = mode;
    o->prec = 53;
    o->rnd = MPFR_RNDN;
    o->lr = lr;
    o->w0 = w0;
    o->max_iter = 50;
    o->stop_on_zero = 1;
}

/* The notes' run, set up and stepped once: w1 = 2 - 10*2 = -18. */
static void
test_open_and_step(void **state)
{
    gdt_session ss;
    gdt_session_opts o;
    gdt_domain dom;
    gdt_stepper st;
    gdt_error err;
    mpq_t lr, w0, got;

    (void)state;
    mpq_init(lr);
    mpq_init(w0);
    mpq_init(got);
    mpq_set_ui(lr, 10, 1);
    mpq_set_ui(w0, 2, 1);
    opts_of(&o, "(w-1)^2 + 2", "exact", &lr, &w0);
    assert_int_equal(gdt_session_open(&ss, &o, &err), GDT_OK);
    assert_int_equal(ss.problem.n, 1);
    assert_int_equal(gdt_session_stepper(&ss, &dom, &st, &o, &err), GDT_OK);
    assert_int_equal(gdt_stepper_eval(&st, &err), GDT_OK);
    assert_int_equal(gdt_stepper_update(&st, &err), GDT_OK);
    assert_int_equal(dom.ops->get_q(got, gdt_stepper_w(&st), &dom), GDT_OK);
    assert_int_equal(mpq_cmp_si(got, -18, 1), 0);
    gdt_stepper_clear(&st);
    gdt_domain_clear(&dom);
    gdt_session_clear(&ss);
    mpq_clear(lr);
    mpq_clear(w0);
    mpq_clear(got);
}

/* A mode that cannot be set up is said, not a silent failure (run
   --resume used to exit 2 with no message there). */
static void
test_domain_failure_says_what(void **state)
{
    gdt_session ss;
    gdt_session_opts o;
    gdt_domain dom;
    gdt_stepper st;
    gdt_error err;
    mpq_t lr, w0;

    (void)state;
    mpq_init(lr);
    mpq_init(w0);
    opts_of(&o, "w^2", "binary99", &lr, &w0);
    assert_int_equal(gdt_session_open(&ss, &o, &err), GDT_OK);
    gdt_error_clear(&err);
    assert_int_equal(gdt_session_stepper(&ss, &dom, &st, &o, &err), GDT_EVALUE);
    assert_int_equal(ss.phase, GDT_SESSION_DOMAIN);
    assert_string_equal(err.msg, "'binary99' cannot be set up (invalid value)");
    gdt_stepper_clear(&st);
    gdt_domain_clear(&dom);
    gdt_session_clear(&ss);
    mpq_clear(lr);
    mpq_clear(w0);
}

/* A loss that does not parse: the phase, and the text the position is in. */
static void
test_problem_failure(void **state)
{
    gdt_session ss;
    gdt_session_opts o;
    gdt_error err;
    mpq_t lr, w0;

    (void)state;
    mpq_init(lr);
    mpq_init(w0);
    opts_of(&o, "w^", "exact", &lr, &w0);
    assert_int_equal(gdt_session_open(&ss, &o, &err), GDT_ESYNTAX);
    assert_int_equal(ss.phase, GDT_SESSION_PROBLEM);
    assert_ptr_equal(ss.where, o.loss);
    gdt_session_clear(&ss);
    mpq_clear(lr);
    mpq_clear(w0);
}

/* A comparison's lanes get every setting of the options: the reference,
   precision, update, bounds, stop rules and negative zeros. */
static void
test_compare_settings(void **state)
{
    static const char *const modes[] = { "exact", "binary64", "mpfr" };
    static const unsigned char neg0[] = { 1 };
    gdt_numfmt shortest = { GDT_DIGITS_SHORTEST, 0, 0 };
    gdt_session ss;
    gdt_session_opts o;
    gdt_compare c;
    gdt_error err;
    gdt_buf b;
    mpq_t lr, w0;
    size_t i;

    (void)state;
    mpq_init(lr);
    mpq_init(w0);
    mpq_set_ui(lr, 1, 4);
    opts_of(&o, "w^2", "exact", &lr, &w0);
    o.prec = 24;
    o.update = GDT_UPDATE_FMA;
    o.max_bits = 640;
    o.detect_cycles = 1;
    o.w0_neg0 = neg0;
    assert_int_equal(gdt_session_open(&ss, &o, &err), GDT_OK);
    assert_int_equal(gdt_session_compare(&ss, &c, modes, 3, 1, &o, &err), GDT_OK);
    assert_int_equal(c.n, 3);
    assert_int_equal(c.ref, 1);
    for (i = 0; i < c.n; i++) {
        assert_string_equal(c.lanes[i].mode, modes[i]);
        assert_int_equal(c.lanes[i].dom.max_bits, 640);
        assert_int_equal(c.lanes[i].st.max_iter, 50);
        assert_int_equal(c.lanes[i].st.update, GDT_UPDATE_FMA);
        assert_int_equal(c.lanes[i].st.stop_on_zero, 1);
        assert_int_equal(c.lanes[i].st.detect_cycles, 1);
        assert_ptr_equal(c.lanes[i].st.names, ss.problem.params.name);
    }
    assert_int_equal(c.lanes[2].dom.prec, 24);
    /* w0 "-0": a negative zero where the numbers have one */
    gdt_buf_init(&b);
    assert_int_equal(c.lanes[1].dom.ops->get_str(&b, gdt_stepper_w(&c.lanes[1].st), &shortest,
                                                 &c.lanes[1].dom), GDT_OK);
    assert_string_equal(b.s, "-0.0");
    gdt_buf_clear(&b);
    gdt_compare_clear(&c);
    gdt_session_clear(&ss);
    mpq_clear(lr);
    mpq_clear(w0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_and_step),
        cmocka_unit_test(test_domain_failure_says_what),
        cmocka_unit_test(test_problem_failure),
        cmocka_unit_test(test_compare_settings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
