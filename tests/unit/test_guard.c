/* test_guard -- the command's process guards (src/cli/guard.c): the registry
   of temporary files, the out-of-memory message */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <gmp.h>
#include "cli/guard.h"
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
        fd = cli_guard_mkstemp(paths[i]);
        if (i < 8) {
            assert_true(fd >= 0);
            close(fd);
        } else {
            assert_int_equal(fd, -1);
            assert_int_equal(errno, EMFILE);
        }
    }
    unlink(paths[0]);
    cli_guard_forget(paths[0]);
    strcpy(paths[8], "/tmp/gdtrace-test-temp-XXXXXX");
    fd = cli_guard_mkstemp(paths[8]);
    assert_true(fd >= 0);
    close(fd);
    for (i = 1; i < 9; i++) {
        unlink(paths[i]);
        cli_guard_forget(paths[i]);
    }
}

/* GMP's allocation failing ends the process with status 1 and a message
   that names the step of the run registered (here 42) and the size asked
   for, after removing the registered temporary files.  In a child, which
   the failure ends.  Not under AddressSanitizer, which ends a process
   asking for that much memory itself, nor valgrind, which warns about it
   on standard error. */
static void
test_out_of_memory(void **state)
{
    const char *variant = getenv("GDTRACE_TEST_VARIANT");
    char got[200], want[200], path[40] = "/tmp/gdtrace-test-oom-XXXXXX";
    unsigned long step = 42;
    int fds[2], status, fd;
    ssize_t n;
    pid_t pid;

    (void)state;
    if (variant != NULL && (strcmp(variant, "asan") == 0 || strcmp(variant, "valgrind") == 0))
        skip();
    fd = cli_guard_mkstemp(path);   /* the child inherits the registry */
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(pipe(fds), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        void *(*alloc)(size_t);
        close(fds[0]);
        dup2(fds[1], 2);
        cli_guard_memory("prog");
        cli_guard_step(&step);
        mp_get_memory_functions(&alloc, NULL, NULL);
        alloc((size_t)PTRDIFF_MAX); /* fails: no object is that large */
        _exit(2);
    }
    close(fds[1]);
    n = read(fds[0], got, sizeof got - 1);
    close(fds[0]);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    got[n > 0 ? n : 0] = '\0';
    snprintf(want, sizeof want, "prog: out of memory at step 42 (%zu bytes)\n",
             (size_t)PTRDIFF_MAX);
    assert_string_equal(got, want);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 1);
    assert_int_equal(access(path, F_OK), -1);   /* removed */
    cli_guard_forget(path);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_temp_registry),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
