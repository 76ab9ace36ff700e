/* test_dimension -- the box-counting dimension of a boundary of outcomes
   (analyze/dimension.c) on sequences of known dimension: one change (0),
   a change at every interval (1), the ends of the intervals of a
   middle-thirds Cantor set (log 2/log 3), and the counts themselves; a
   certified sweep's sides (diverged against bounded or contracting) and
   its undecided points, which a proven change never crosses */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "gdtrace/dimension.h"
#include "gdtrace/outcome.h"
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

enum { B = GDT_OUTCOME_BOUNDED, D = GDT_OUTCOME_DIVERGED, C = GDT_OUTCOME_CONTRACTING,
       U = GDT_OUTCOME_UNDECIDED };

/* COUNT[0 .. N-1] against WANT, printing got and want on a difference. */
static void
check_counts(const char *what, const uint64_t *count, const uint64_t *want, size_t n)
{
    size_t k;

    for (k = 0; k < n; k++)
        if (count[k] != want[k]) {
            printf("%s wrong at level %zu\n  got  %llu\n  want %llu\n", what, k,
                   (unsigned long long)count[k], (unsigned long long)want[k]);
            fail();
        }
}

/* Certified: bounded and contracting are one side, diverged the other;
   any change of outcome is a change of a float sweep. */
static void
test_certified_sides(void **state)
{
    unsigned char o[33];
    gdt_dimension d;
    size_t i;

    (void)state;
    for (i = 0; i < 33; i++) /* B, C x 15, B x 2, D x 15 (the notes' loss, 0:2, 100 steps) */
        o[i] = i == 0 || i == 16 || i == 17 ? B : i < 16 ? C : D;
    gdt_dimension_count(&d, o, 33);
    assert_int_equal(d.count[0], 3);
    gdt_dimension_count_certified(&d, o, 33);
    for (i = 0; i < d.nlevels; i++) {
        assert_int_equal(d.count[i], 1);
        assert_int_equal(d.count_undecided[i], 1);
    }
    assert_int_equal(d.undecided, 0);
    assert_int_equal(d.touching, 0);
    assert_true(fabs(d.estimate) < 1e-12);
    assert_true(fabs(d.estimate_undecided) < 1e-12);
}

/* With no undecided point a certified count is the float count of the
   same flags: the Cantor set's ends as bounded and diverged. */
static void
test_certified_cantor(void **state)
{
    size_t n = 59049, i; /* 3^10 */
    unsigned char *o = malloc(n), *f = malloc(n);
    gdt_dimension d, e;

    (void)state;
    for (i = 0; i < n; i++) {
        size_t t = i, j;
        o[i] = D;
        for (j = 0; j < 10; j++, t /= 3)
            if (t % 3 == 1)
                o[i] = i % 2 ? B : C;
        f[i] = o[i] == D;
    }
    gdt_dimension_count_certified(&d, o, n);
    gdt_dimension_count(&e, f, n);
    check_counts("count", d.count, e.count, e.nlevels);
    check_counts("count_undecided", d.count_undecided, e.count, e.nlevels);
    assert_true(d.estimate == e.estimate && d.estimate_undecided == e.estimate);
    free(o);
    free(f);
}

/* Undecided points: a box holds a proven change only with two decided
   points of different sides in it, and may hold one with an undecided
   point (the notes' loss near its 50-step boundary at --max-prec 72 and
   76, tests/cli/dimension.t). */
static void
test_undecided(void **state)
{
    static const uint64_t many[6] = { 0, 0, 0, 0, 0, 1 }, many_u[6] = { 15, 8, 4, 2, 2, 1 },
                          one[6] = { 0, 1, 1, 1, 1, 1 }, one_u[6] = { 2, 1, 1, 1, 1, 1 };
    unsigned char o[33];
    gdt_dimension d;
    size_t i;

    (void)state;
    for (i = 0; i < 33; i++) /* B x 10, U x 14, D x 9 */
        o[i] = i < 10 ? B : i < 24 ? U : D;
    gdt_dimension_count_certified(&d, o, 33);
    assert_int_equal(d.nlevels, 6);
    check_counts("count", d.count, many, 6);
    check_counts("count_undecided", d.count_undecided, many_u, 6);
    assert_int_equal(d.undecided, 14);
    assert_int_equal(d.touching, 15);
    assert_int_equal(d.fit_hi, 1);
    assert_true(isnan(d.estimate)); /* level 0 has no proven change */
    assert_true(fabs(d.estimate_undecided - log(15.0 / 8) / log(2.0)) < 1e-12);

    for (i = 0; i < 33; i++) /* B x 17, U, D x 15 */
        o[i] = i < 17 ? B : i == 17 ? U : D;
    gdt_dimension_count_certified(&d, o, 33);
    check_counts("count", d.count, one, 6);
    check_counts("count_undecided", d.count_undecided, one_u, 6);
    assert_int_equal(d.undecided, 1);
    assert_int_equal(d.touching, 2);
    assert_true(isnan(d.estimate));
    assert_true(fabs(d.estimate_undecided - 1) < 1e-12);

    /* an undecided end, the rest one side: never a proven change */
    for (i = 0; i < 33; i++)
        o[i] = i == 0 ? U : C;
    gdt_dimension_count_certified(&d, o, 33);
    for (i = 0; i < d.nlevels; i++) {
        assert_int_equal(d.count[i], 0);
        assert_int_equal(d.count_undecided[i], 1);
    }
    assert_int_equal(d.touching, 1);
    assert_true(isnan(d.estimate));
    assert_true(fabs(d.estimate_undecided) < 1e-12);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_change),
        cmocka_unit_test(test_all_changes),
        cmocka_unit_test(test_cantor),
        cmocka_unit_test(test_none),
        cmocka_unit_test(test_certified_sides),
        cmocka_unit_test(test_certified_cantor),
        cmocka_unit_test(test_undecided),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
