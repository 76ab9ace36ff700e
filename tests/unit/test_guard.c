/* test_guard -- the process's guards: the registry of temporary files */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "gdtrace/guard.h"
#include "testutil.h"

/* The guard registers at most 8 temporary files; forgotten slots are
   free again. */
static void
test_temp_registry(void **state)
{
    char paths[9][40];
    int i, fd;

    (void)state;
    for (i = 0; i < 9; i++) {
        strcpy(paths[i], "/tmp/gdtrace-test-temp-XXXXXX");
        fd = gdt_guard_mkstemp(paths[i]);
        if (i < 8) {
            assert_true(fd >= 0);
            close(fd);
        } else {
            assert_int_equal(fd, -1);
            assert_int_equal(errno, EMFILE);
        }
    }
    unlink(paths[0]);
    gdt_guard_forget(paths[0]);
    strcpy(paths[8], "/tmp/gdtrace-test-temp-XXXXXX");
    fd = gdt_guard_mkstemp(paths[8]);
    assert_true(fd >= 0);
    close(fd);
    for (i = 1; i < 9; i++) {
        unlink(paths[i]);
        gdt_guard_forget(paths[i]);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_temp_registry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
