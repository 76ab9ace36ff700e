/* test_plot -- pictures of a comparison: the names gnuplot can take */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "gdtrace/plot.h"
#include "testutil.h"

/* Picture names gnuplot cannot take are refused with the reason. */
static void
test_plot_names(void **state)
{
    static const struct { const char *path, *msg; } cases[] = {
        { "p.gif", "'p.gif' does not end in .png, .svg or .pdf" },
        { "a\nb.png", "the file name has a newline (byte 2), which gnuplot cannot take" },
        { "ab\tc.svg", "the file name has a tab (byte 3), which gnuplot cannot take" },
        { "x\r.pdf", "the file name has a carriage return (byte 2), which gnuplot cannot take" },
        { "\x01.png", "the file name has the control character 0x01 (byte 1), which gnuplot "
                      "cannot take" },
        { "a\x7f.png", "the file name has the control character 0x7f (byte 2), which gnuplot "
                       "cannot take" },
        { "/tmp/.png", NULL },
        { "|cmd it's ~.png", NULL },
    };
    gdt_error err;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gdt_error_clear(&err);
        if (cases[i].msg == NULL) {
            assert_int_equal(gdt_plot_check_path(cases[i].path, &err), GDT_OK);
            continue;
        }
        assert_int_equal(gdt_plot_check_path(cases[i].path, &err), GDT_EVALUE);
        expect(err.msg, cases[i].msg);
    }
    assert_int_equal(mkdir("/tmp/gdtrace-test-dir.png", 0700) == 0 || errno == EEXIST, 1);
    assert_int_equal(gdt_plot_check_path("/tmp/gdtrace-test-dir.png", &err), GDT_EVALUE);
    expect(err.msg, "'/tmp/gdtrace-test-dir.png' is a directory");
    rmdir("/tmp/gdtrace-test-dir.png");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plot_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
