/* test_outcome -- the table of outcomes (run/outcome.c): names both ways,
   the fixed codes a sweep writes, and how a run's stop reasons map */
#include "gdtrace/outcome.h"
#include "testutil.h"

static void
test_names(void **state)
{
    static const char *const want[GDT_OUTCOME_COUNT] = {
        "none", "converged", "stalled", "cycle", "diverged",
        "bounded", "size-limit", "interrupted", "error", "undecided", "contracting",
    };

    (void)state;
    for (int i = 0; i < GDT_OUTCOME_COUNT; i++) {
        assert_string_equal(gdt_outcome_str((gdt_outcome)i), want[i]);
        if (i > 0)
            assert_int_equal(gdt_outcome_parse(want[i]), i);
    }
    assert_null(gdt_outcome_str((gdt_outcome)GDT_OUTCOME_COUNT));
    assert_null(gdt_outcome_str((gdt_outcome)-1));
    assert_int_equal(gdt_outcome_parse("none"), GDT_OUTCOME_NONE);
    assert_int_equal(gdt_outcome_parse("Converged"), GDT_OUTCOME_NONE);
    assert_int_equal(gdt_outcome_parse(""), GDT_OUTCOME_NONE);
    /* the codes of the .npy files are fixed */
    assert_int_equal(GDT_OUTCOME_CONVERGED, 1);
    assert_int_equal(GDT_OUTCOME_DIVERGED, 4);
    assert_int_equal(GDT_OUTCOME_ERROR, 8);
}

static void
test_of_stop(void **state)
{
    (void)state;
    assert_int_equal(gdt_outcome_of_stop(GDT_STOP_GRAD_ZERO, 0), GDT_OUTCOME_CONVERGED);
    assert_int_equal(gdt_outcome_of_stop(GDT_STOP_MAX_ITER, 0), GDT_OUTCOME_BOUNDED);
    assert_int_equal(gdt_outcome_of_stop(GDT_STOP_CYCLE, 1), GDT_OUTCOME_STALLED);
    assert_int_equal(gdt_outcome_of_stop(GDT_STOP_CYCLE, 2), GDT_OUTCOME_CYCLE);
    assert_int_equal(gdt_outcome_of_stop(GDT_STOP_CYCLE, 7), GDT_OUTCOME_CYCLE);
    assert_int_equal(gdt_outcome_of_stop(GDT_STOP_SIZE_LIMIT, 0), GDT_OUTCOME_SIZE_LIMIT);
    assert_int_equal(gdt_outcome_of_stop(GDT_STOP_INTERRUPTED, 0), GDT_OUTCOME_INTERRUPTED);
    assert_int_equal(gdt_outcome_of_stop(GDT_STOP_ERROR, 0), GDT_OUTCOME_ERROR);
    /* --stop stall and nonfinite: what a sweep calls those runs */
    assert_int_equal(gdt_outcome_of_stop(GDT_STOP_STALL, 0), GDT_OUTCOME_STALLED);
    assert_int_equal(gdt_outcome_of_stop(GDT_STOP_NONFINITE, 0), GDT_OUTCOME_DIVERGED);
    assert_int_equal(gdt_outcome_of_stop(GDT_STOP_NONE, 0), GDT_OUTCOME_NONE);
    assert_int_equal(gdt_outcome_of_stop(GDT_STOP_AT, 0), GDT_OUTCOME_NONE);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_of_stop),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
