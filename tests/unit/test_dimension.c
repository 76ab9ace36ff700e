/* test_dimension -- the box-counting dimension of a boundary of outcomes
   (analyze/dimension.c) on sequences of known dimension: one change (0),
   a change at every interval (1), the ends of the intervals of a
   middle-thirds Cantor set (log 2/log 3), and the counts themselves */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "gdtrace/dimension.h"
#include "testutil.h"

/* One change: one box holds it at every level, whatever its place. */
static void
test_one_change(void **state)
{
    size_t n = 1025, at, k;
    unsigned char *o = malloc(n);
    gdt_dimension d;

    (void)state;
    for (at = 1; at < n; at += 97) {
        for (size_t i = 0; i < n; i++)
            o[i] = i < at ? 3 : 1;
        gdt_dimension_count(&d, o, n);
        assert_int_equal(d.nlevels, 11); /* boxes of 1 .. 1024 intervals */
        for (k = 0; k < d.nlevels; k++) {
            assert_int_equal(d.boxes[k], 1024 >> k);
            assert_int_equal(d.count[k], 1);
        }
        assert_int_equal(d.fit_lo, 0);
        assert_int_equal(d.fit_hi, 6); /* 1024 / 2^6 = 16 boxes */
        assert_true(fabs(d.estimate) < 1e-12);
    }
    free(o);
}

/* A change at every interval: every box holds one, 2^(10-k) of them. */
static void
test_all_changes(void **state)
{
    size_t n = 1025, k;
    unsigned char *o = malloc(n);
    gdt_dimension d;

    (void)state;
    for (size_t i = 0; i < n; i++)
        o[i] = (unsigned char)(i % 2);
    gdt_dimension_count(&d, o, n);
    for (k = 0; k < d.nlevels; k++)
        assert_int_equal(d.count[k], 1024 >> k);
    assert_true(fabs(d.estimate - 1) < 1e-12);
    /* and a grid not a power of two: 1000 intervals, boxes rounded up */
    gdt_dimension_count(&d, o, 1001);
    assert_int_equal(d.boxes[3], 125);
    assert_int_equal(d.count[3], 125);
    assert_int_equal(d.boxes[4], 63);
    assert_int_equal(d.count[4], 63);
    assert_true(fabs(d.estimate - 1) < 0.01);
    free(o);
}

/* Point i of 3^m is in the m-th middle-thirds Cantor set when no base-3
   digit of i is 1; its boundary, the ends of its 2^m intervals, has
   dimension log 2/log 3 = 0.6309 at every scale from 1 to 3^m. */
static void
test_cantor(void **state)
{
    size_t m = 10, n = 1, i;
    unsigned char *o;
    gdt_dimension d;
    double want = log(2.0) / log(3.0);

    (void)state;
    for (i = 0; i < m; i++)
        n *= 3;
    o = malloc(n);
    for (i = 0; i < n; i++) {
        size_t t = i;
        o[i] = 1;
        for (size_t j = 0; j < m; j++, t /= 3)
            if (t % 3 == 1)
                o[i] = 0;
    }
    gdt_dimension_count(&d, o, n);
    assert_int_equal(d.count[0], (1u << (m + 1)) - 2); /* every end but 0 and n-1 */
    if (fabs(d.estimate - want) > 0.03) {
        printf("Cantor dimension wrong\n  got  %.6f\n  want %.6f\n", d.estimate, want);
        fail();
    }
    free(o);
}

/* No change, or too few points for two levels: no estimate. */
static void
test_none(void **state)
{
    unsigned char o[64] = { 0 };
    gdt_dimension d;

    (void)state;
    gdt_dimension_count(&d, o, 64);
    assert_true(isnan(d.estimate));
    assert_int_equal(d.count[0], 0);
    o[5] = 1;
    gdt_dimension_count(&d, o, 20); /* 19 intervals: one level of 16 boxes */
    assert_int_equal(d.count[0], 2);
    assert_true(isnan(d.estimate));
    gdt_dimension_count(&d, o, 1);
    assert_int_equal(d.nlevels, 0);
    assert_true(isnan(d.estimate));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_change),
        cmocka_unit_test(test_all_changes),
        cmocka_unit_test(test_cantor),
        cmocka_unit_test(test_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
