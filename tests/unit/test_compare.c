/* test_compare -- several modes in lockstep: correct digits and events */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "gdtrace.h"

static void
check_digits(const char *x, const char *r, long want)
{
    mpq_t qx, qr;
    size_t end;
    long got;

    mpq_init(qx);
    mpq_init(qr);
    assert_int_equal(gdt_q_parse(qx, x, &end), GDT_OK);
    assert_int_equal(gdt_q_parse(qr, r, &end), GDT_OK);
    got = gdt_correct_digits(qx, qr);
    if (got != want) {
        printf("gdt_correct_digits wrong\n  x %s  ref %s\n  got  %ld\n  want %ld\n", x, r, got,
               want);
        fail();
    }
    mpq_clear(qx);
    mpq_clear(qr);
}

/* d is the largest d >= 0 with |x - r| / |r| <= 10^-d; -1 when equal. */
static void
test_correct_digits(void **state)
{
    (void)state;
    check_digits("2", "2", -1);
    check_digits("1.2", "1", 0);      /* 0.2 */
    check_digits("1.1", "1", 1);      /* 0.1 <= 10^-1 exactly */
    check_digits("1.04", "1", 1);
    check_digits("1.01", "1", 2);
    check_digits("1.0100001", "1", 1);
    check_digits("-1", "1", 0);       /* a sign change */
    check_digits("0", "5", 0);        /* relative error 1 */
    check_digits("47045880", "47045882", 7);
    check_digits("-6856", "-6858", 3);
    check_digits("1/3", "0.3333", 3);   /* 1.0001e-4: just over 10^-4 */
    check_digits("0.3333", "1/3", 4);   /* 0.9999e-4 */
}

/* The notes' run in exact, binary64 and binary16: binary64 first differs at
   step 13 and overflows at 242; binary16 at 3 and 4. */
static void
test_events(void **state)
{
    static const char *const modes[] = { "exact", "binary64", "binary16" };
    gdt_problem p;
    gdt_program prog;
    gdt_compare c;
    gdt_error err;
    mpq_t lr, w0;

    (void)state;
    mpq_init(lr);
    mpq_init(w0);
    mpq_set_ui(lr, 10, 1);
    mpq_set_ui(w0, 2, 1);
    assert_int_equal(gdt_problem_init(&p, "(w-1)^2 + 2", NULL, 0, NULL, NULL, &err), GDT_OK);
    assert_int_equal(gdt_program_init(&prog, p.loss, p.grad, p.n), GDT_OK);
    assert_int_equal(gdt_compare_init(&c, &prog, p.params.name, modes, 3, 0, 53, MPFR_RNDN,
                                      GDT_UPDATE_SUB, lr, &w0, 300, 1, 0, &err), GDT_OK);
    for (;;) {
        assert_int_equal(gdt_compare_eval(&c), GDT_OK);
        /* the reference is compared with itself: always all digits */
        assert_true(c.lanes[0].q[0].compared && c.lanes[0].q[0].digits == -1);
        if (c.k == 12)
            assert_int_equal(c.lanes[1].q[0].digits, -1);
        if (c.k == 13)
            assert_int_equal(c.lanes[1].q[0].digits, 16);
        if (!gdt_compare_running(&c))
            break;
        assert_int_equal(gdt_compare_update(&c), GDT_OK);
    }
    assert_int_equal(c.k, 300);
    assert_int_equal(c.lanes[0].q[0].ev.differs, -1);
    assert_int_equal(c.lanes[1].q[0].ev.differs, 13);
    assert_int_equal(c.lanes[1].q[0].ev.inf, 242);
    assert_int_equal(c.lanes[1].q[0].ev.nan, 243);
    assert_int_equal(c.lanes[1].q[0].ev.no_digits, 242);
    assert_int_equal(c.lanes[2].q[0].ev.differs, 3);
    assert_int_equal(c.lanes[2].q[0].ev.inf, 4);
    assert_int_equal(c.lanes[2].q[0].ev.subnormal, -1);
    assert_int_equal(c.lanes[2].stop, GDT_STOP_MAX_ITER);
    gdt_compare_clear(&c);
    gdt_program_clear(&prog);
    gdt_problem_clear(&p);
    mpq_clear(lr);
    mpq_clear(w0);
}

/* The minimiser of a quadratic loss, exactly; none for other losses. */
static void
test_minimiser(void **state)
{
    static const struct { const char *loss; const char *wstar; } t[] = {
        { "(w-1)^2 + 2", "1" },
        { "3*w^2 - w + 7", "1/6" },
        { "(2*w - 1/3)^2", "1/6" },
        { "w^3", NULL },
        { "1/w", NULL },
        { "5", NULL },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        gdt_problem p;
        gdt_error err;
        mpq_t w, want;
        size_t end;
        int ok;

        mpq_init(w);
        mpq_init(want);
        assert_int_equal(gdt_problem_init(&p, t[i].loss, NULL, 0, NULL, NULL, &err), GDT_OK);
        ok = gdt_problem_minimiser(w, &p);
        assert_int_equal(ok, t[i].wstar != NULL);
        if (ok) {
            assert_int_equal(gdt_q_parse(want, t[i].wstar, &end), GDT_OK);
            assert_true(mpq_equal(w, want));
        }
        gdt_problem_clear(&p);
        mpq_clear(w);
        mpq_clear(want);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_correct_digits),
        cmocka_unit_test(test_events),
        cmocka_unit_test(test_minimiser),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
