/* test_output -- output that is never half-written: records cut back on a
   write error, stop requests, temporary files, plot names */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "gdtrace.h"
#include "gdtrace/guard.h"
#include "testutil.h"

/* The whole content of the file PATH (malloc'd). */
static char *
slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *s = calloc(1, 65536);
    size_t n;

    assert_non_null(f);
    assert_non_null(s);
    n = fread(s, 1, 65535, f);
    s[n] = '\0';
    fclose(f);
    return s;
}

/* Emit TEXT through R. */
static gdt_status
emit_text(gdt_reporter *r, const char *text)
{
    gdt_buf b;
    gdt_status st;

    gdt_buf_init(&b);
    assert_int_equal(gdt_buf_puts(&b, text), GDT_OK);
    st = gdt_reporter_emit(r, &b);
    gdt_buf_clear(&b);
    return st;
}

/* A record that does not fit under the file size limit leaves the file as
   it was after the last whole record, in both an overwritten and an
   appended file; later records go on from there. */
static void
check_cut_back(int append)
{
    char path[] = "/tmp/gdtrace-test-output-XXXXXX";
    char big[201];
    struct rlimit old, lim;
    struct sigaction ign, oldsa;
    gdt_numfmt fmt = { GDT_DIGITS_SHORTEST, 0, 0 };
    gdt_reporter r;
    FILE *out;
    char *text;
    int fd = mkstemp(path);

    assert_true(fd >= 0);
    assert_int_equal(write(fd, "old\n", 4), 4);
    close(fd);
    out = fopen(path, append ? "a" : "r+");
    assert_non_null(out);
    if (!append)
        fseek(out, 4, SEEK_SET);
    gdt_reporter_init(&r, GDT_FORMAT_JSONL, &fmt, out);
    assert_int_equal(emit_text(&r, "{\"step\": 0}\n"), GDT_OK);
    /* 16 bytes so far; a limit of 40 cuts the next record in its middle */
    memset(big, 'x', 200);
    big[199] = '\n';
    big[200] = '\0';
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGXFSZ, &ign, &oldsa);
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    lim = old;
    lim.rlim_cur = 40;
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    errno = 0;
    assert_int_equal(emit_text(&r, big), GDT_EIO);
    assert_int_equal(errno, EFBIG);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    sigaction(SIGXFSZ, &oldsa, NULL);
    text = slurp(path);
    expect(text, "old\n{\"step\": 0}\n");
    free(text);
    assert_int_equal(emit_text(&r, "{\"step\": 1}\n"), GDT_OK);
    text = slurp(path);
    expect(text, "old\n{\"step\": 0}\n{\"step\": 1}\n");
    free(text);
    gdt_reporter_clear(&r);
    fclose(out);
    unlink(path);
}

static void
test_cut_back(void **state)
{
    (void)state;
    check_cut_back(0);
}

static void
test_cut_back_append(void **state)
{
    (void)state;
    check_cut_back(1);
}

/* A stop requested before the run: step 0 is written, then the summary
   says "interrupted". */
static void
test_run_stop_requested(void **state)
{
    gdt_problem p;
    gdt_program prog;
    gdt_domain d;
    gdt_stepper s;
    gdt_reporter r;
    gdt_run_info info;
    gdt_error err;
    gdt_numfmt fmt = { GDT_DIGITS_SHORTEST, 0, 0 };
    const char *w0 = "2";
    mpq_t lq, wq;
    size_t size;
    char *text;
    FILE *out;

    (void)state;
    mpq_init(lq);
    mpq_init(wq);
    mpq_set_ui(lq, 10, 1);
    mpq_set_ui(wq, 2, 1);
    assert_int_equal(gdt_problem_init(&p, "(w-1)^2 + 2", NULL, 0, NULL, NULL, &err), GDT_OK);
    assert_int_equal(gdt_program_init(&prog, p.loss, p.grad, p.n), GDT_OK);
    gdt_domain_init_exact(&d);
    assert_int_equal(gdt_stepper_init(&s, &prog, &d, lq, &wq, 50, GDT_UPDATE_SUB, NULL), GDT_OK);
    out = open_memstream(&text, &size);
    assert_non_null(out);
    gdt_reporter_init(&r, GDT_FORMAT_JSONL, &fmt, out);
    memset(&info, 0, sizeof info);
    info.problem = &p;
    info.loss_text = "(w-1)^2 + 2";
    info.lr_text = "10";
    info.w0_texts = &w0;
    info.max_iter = 50;
    gdt_guard_stop = SIGINT;
    assert_int_equal(gdt_run(&s, &r, &info, &err), GDT_OK);
    gdt_guard_stop = 0;
    assert_int_equal(s.stop, GDT_STOP_INTERRUPTED);
    fclose(out);
    expect(text, "{\"step\": 0, \"w\": \"2\", \"grad\": \"2\", \"loss\": \"3\"}\n"
                 "{\"summary\": {\"steps\": 0, \"stop\": \"interrupted\", \"w\": \"2\", "
                 "\"loss\": \"3\"}}\n");
    free(text);
    gdt_reporter_clear(&r);
    gdt_stepper_clear(&s);
    gdt_domain_clear(&d);
    gdt_program_clear(&prog);
    gdt_problem_clear(&p);
    mpq_clear(lq);
    mpq_clear(wq);
    assert_string_equal(gdt_status_str(GDT_EINTERRUPTED), "interrupted");
}

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
        cmocka_unit_test(test_cut_back),
        cmocka_unit_test(test_cut_back_append),
        cmocka_unit_test(test_run_stop_requested),
        cmocka_unit_test(test_temp_registry),
        cmocka_unit_test(test_plot_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
