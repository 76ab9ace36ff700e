/* test_zoom -- a zoom's frames (run/zoom.c): how many frames --to and
   --factor give, and each frame's width, exact for a rational factor,
   else to 6 digits, against the values worked out by hand */
#include <stdio.h>
#include <stdlib.h>
#include "gdtrace/zoom.h"
#include "testutil.h"

/* Q = the exact number TEXT. */
static void
set_q(mpq_t q, const char *text)
{
    assert_int_equal(mpq_set_str(q, text, 10), 0);
    mpq_canonicalize(q);
}

/* Assert that Q is the exact value of the decimal TEXT ("1e-9" written as
   a fraction: 1/1000000000). */
static void
assert_q(const mpq_t q, const char *want)
{
    mpq_t w;

    mpq_init(w);
    set_q(w, want);
    if (!mpq_equal(q, w)) {
        gmp_printf("zoom width wrong\n  got  %Qd\n  want %Qd\n", q, w);
        fail();
    }
    mpq_clear(w);
}

/* --to with --factor: frames down to the first at or below W1. */
static void
test_count(void **state)
{
    mpq_t from, to, f;
    size_t n;

    (void)state;
    mpq_inits(from, to, f, (mpq_ptr)0);
    set_q(from, "1/1000");
    set_q(f, "1000");
    set_q(to, "1/1000000000000000000000000000000"); /* 1e-30: frame 9 exactly */
    assert_int_equal(gdt_zoom_count(&n, from, to, f, GDT_ZOOM_MAX_FRAMES), GDT_OK);
    assert_int_equal(n, 10);
    set_q(to, "2/1000000000000000000000000000000"); /* 2e-30: frame 9 is below it */
    assert_int_equal(gdt_zoom_count(&n, from, to, f, GDT_ZOOM_MAX_FRAMES), GDT_OK);
    assert_int_equal(n, 10);
    set_q(to, "1/10000000000000000000000000000000"); /* 1e-31: frame 10, 1e-33 */
    assert_int_equal(gdt_zoom_count(&n, from, to, f, GDT_ZOOM_MAX_FRAMES), GDT_OK);
    assert_int_equal(n, 11);
    assert_int_equal(gdt_zoom_count(&n, from, to, f, 10), GDT_ERANGE);
    set_q(f, "101/100"); /* 1e-3 to 1e-31 by 1.01: 6477 frames */
    assert_int_equal(gdt_zoom_count(&n, from, to, f, GDT_ZOOM_MAX_FRAMES), GDT_ERANGE);
    mpq_clears(from, to, f, (mpq_ptr)0);
}

static void
test_width(void **state)
{
    mpq_t from, to, f, w;
    gdt_zoom_opts z = { .centre = NULL, .from = (const mpq_t *)&from };

    (void)state;
    mpq_inits(from, to, f, w, (mpq_ptr)0);
    /* --factor: W0 F^-i exactly */
    set_q(from, "1/1000000");
    set_q(f, "10");
    z.factor = (const mpq_t *)&f;
    z.frames = 20;
    assert_int_equal(gdt_zoom_width(w, &z, 0), GDT_OK);
    assert_q(w, "1/1000000");
    assert_int_equal(gdt_zoom_width(w, &z, 19), GDT_OK);
    assert_q(w, "1/10000000000000000000000000");
    set_q(from, "3/7");
    set_q(f, "3");
    assert_int_equal(gdt_zoom_width(w, &z, 2), GDT_OK);
    assert_q(w, "1/21");
    /* --to and --frames, the factor rational: (1e24)^(1/4) = 1e6 */
    z.factor = NULL;
    z.to = (const mpq_t *)&to;
    set_q(from, "1/1000000");
    set_q(to, "1/1000000000000000000000000000000");
    z.frames = 5;
    assert_int_equal(gdt_zoom_width(w, &z, 3), GDT_OK);
    assert_q(w, "1/1000000000000000000000000");
    assert_int_equal(gdt_zoom_width(w, &z, 4), GDT_OK);
    assert_q(w, "1/1000000000000000000000000000000");
    /* (4/9)^(1/2) = 2/3: 1, 2/3, 4/9 */
    set_q(from, "1");
    set_q(to, "4/9");
    z.frames = 3;
    assert_int_equal(gdt_zoom_width(w, &z, 1), GDT_OK);
    assert_q(w, "2/3");
    /* irrational: 1e-6 to 1e-9 in 3 frames, the middle sqrt(1e-15) =
       3.16227766...e-8 to 6 digits; the ends exact */
    set_q(from, "1/1000000");
    set_q(to, "1/1000000000");
    assert_int_equal(gdt_zoom_width(w, &z, 1), GDT_OK);
    assert_q(w, "316228/10000000000000");
    assert_int_equal(gdt_zoom_width(w, &z, 2), GDT_OK);
    assert_q(w, "1/1000000000");
    /* 1e-6 to 1e-30 in 10 frames: 10^(-6 - 8i/3), frame 1 2.15443469e-9,
       frame 3 exactly 1e-14 (rounded from the logarithms, to 6 digits) */
    set_q(to, "1/1000000000000000000000000000000");
    z.frames = 10;
    assert_int_equal(gdt_zoom_width(w, &z, 1), GDT_OK);
    assert_q(w, "215443/100000000000000");
    assert_int_equal(gdt_zoom_width(w, &z, 3), GDT_OK);
    assert_q(w, "1/100000000000000");
    mpq_clears(from, to, f, w, (mpq_ptr)0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count),
        cmocka_unit_test(test_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
