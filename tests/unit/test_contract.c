/* test_contract -- the Krawczyk test (gdt_contract_test) on losses whose
   answer is known: a quadratic contracts for 0 < lr f'' < 2 and never at
   lr f'' = 2 (a 2-cycle) or beyond; an interval across a kink is never
   smooth; a ball wider than the basin proves nothing */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "gdtrace.h"

/* The test of LOSS's state, a ball holding [LO, HI], at learning rate
   LR, at 128 bits: 1 proven, 0 not. */
static int
proves(const char *loss, const char *lr_text, const char *lo_text, const char *hi_text)
{
    gdt_problem p;
    gdt_program prog, row;
    gdt_contract c;
    gdt_domain d;
    gdt_val w, lr;
    gdt_error err;
    mpq_t q, lo, hi;
    int proven = -1;

    mpq_inits(q, lo, hi, (mpq_ptr)0);
    assert_int_equal(gdt_problem_init(&p, loss, NULL, 0, NULL, NULL, &err), GDT_OK);
    assert_int_equal(gdt_program_init(&prog, p.loss, p.grad, p.n), GDT_OK);
    assert_int_equal(gdt_program_init_hessian_row(&row, &p, &prog, 0, &err), GDT_OK);
    assert_int_equal(gdt_domain_init_ball(&d, 128), GDT_OK);
    d.ops->init(&w, &d);
    d.ops->init(&lr, &d);
    assert_int_equal(mpq_set_str(q, lr_text, 10), 0);
    mpq_canonicalize(q);
    assert_int_equal(d.ops->set_q(&lr, q, &d), GDT_OK);
    assert_int_equal(mpq_set_str(lo, lo_text, 10), 0);
    assert_int_equal(mpq_set_str(hi, hi_text, 10), 0);
    mpq_canonicalize(lo);
    mpq_canonicalize(hi);
    assert_int_equal(gdt_ball_set_ends(&w, lo, hi, &d), GDT_OK);
    gdt_contract_init(&c, &row, &prog);
    assert_int_equal(gdt_contract_test(&proven, &c, &w, &lr, &d), GDT_OK);
    if (proven) {
        /* the loss on J holds the loss at w's ends */
        assert_int_equal(gdt_ball_get_ends(lo, hi, &c.loss, &d), GDT_OK);
        assert_true(mpq_sgn(hi) > 0);
    }
    gdt_contract_clear(&c);
    d.ops->clear(&w, &d);
    d.ops->clear(&lr, &d);
    gdt_domain_clear(&d);
    gdt_program_clear(&row);
    gdt_program_clear(&prog);
    gdt_problem_clear(&p);
    mpq_clears(q, lo, hi, (mpq_ptr)0);
    return proven;
}

static void
test_quadratic(void **state)
{
    (void)state;
    /* T' = 1 - 2lr */
    assert_int_equal(proves("(w-1)^2 + 2", "1/10", "2", "2"), 1);
    assert_int_equal(proves("(w-1)^2 + 2", "999/1000", "2", "2"), 1);
    assert_int_equal(proves("(w-1)^2 + 2", "1/2", "1", "1"), 1); /* w* itself */
    assert_int_equal(proves("(w-1)^2 + 2", "1", "2", "2"), 0);   /* |T'| = 1 */
    assert_int_equal(proves("(w-1)^2 + 2", "1", "1", "1"), 0);
    assert_int_equal(proves("(w-1)^2 + 2", "3/2", "2", "2"), 0);
    assert_int_equal(proves("(w-1)^2 + 2", "0", "2", "2"), 0);   /* T' = 1 */
    assert_int_equal(proves("(w-1)^2 + 2", "-1/10", "2", "2"), 0);
    /* a wide ball, anywhere: the map is a contraction of the whole line */
    assert_int_equal(proves("(w-1)^2 + 2", "1/10", "-1000", "1000"), 1);
}

static void
test_nonlinear(void **state)
{
    (void)state;
    /* w^4: f'' = 12 w^2, near 0 lr f'' is small but T' -> 1: no
       contraction around w* = 0 itself, while T' < 1 away from it */
    assert_int_equal(proves("w^4", "1/10", "0", "0"), 0);
    /* Liu's loss near its minimum 3.02926873 (f'' about 107): at lr 0.01
       T' is about -0.07; at lr 0.02 about -1.14 */
    assert_int_equal(proves("x^2 + 0.1*cos(2*pi*x/0.1)", "1/100", "3029/1000", "30291/10000"), 1);
    assert_int_equal(proves("x^2 + 0.1*cos(2*pi*x/0.1)", "1/50", "3029/1000", "30291/10000"), 0);
    /* a ball wider than the minimum's basin */
    assert_int_equal(proves("x^2 + 0.1*cos(2*pi*x/0.1)", "1/100", "3", "306/100"), 0);
}

static void
test_kink(void **state)
{
    (void)state;
    /* huber(x, 1): the clamp's selects decided only on an interval inside
       (-1, 1) */
    assert_int_equal(proves("x^2 + huber(x, 1)", "1/10", "32/100", "32/100"), 1);
    assert_int_equal(proves("x^2 + huber(x, 1)", "1/10", "65/100", "65/100"), 0);
    assert_int_equal(proves("x^2 + huber(x, 1)", "1/10", "9/10", "11/10"), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quadratic),
        cmocka_unit_test(test_nonlinear),
        cmocka_unit_test(test_kink),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
