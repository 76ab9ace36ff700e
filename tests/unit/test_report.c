/* test_report -- the reporters: records built whole, in every format, never
   left half-written (cut back on a write error), and gdt_run around them */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <dlfcn.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <cmocka.h>
#include "gdtrace.h"
#include "gdtrace/session.h"
#include "testutil.h"

/* Out of memory on demand: while fail_new_buffers is set, realloc (NULL, n),
   which is how every gdt_buf gets its first memory (and which GMP and MPFR,
   allocating with malloc, never call), fails.  This realloc replaces the C
   library's for the whole test, and passes every other call on to it (or
   to the sanitizer's or valgrind's, which replace it in turn). */
static volatile int fail_new_buffers;

void *
realloc(void *p, size_t n)
{
    static void *(*next)(void *, size_t);

    if (p == NULL && fail_new_buffers) {
        errno = ENOMEM;
        return NULL;
    }
    if (next == NULL)
        *(void **)&next = dlsym(RTLD_NEXT, "realloc");
    return next(p, n);
}

/* Does the failure injection work?  Not under valgrind, which replaces
   this realloc with its own: the cases out of memory are skipped there. */
static int
injection_works(void)
{
    void *volatile none = NULL;
    void *p;
    int failed;

    fail_new_buffers = 1;
    p = realloc(none, 16);
    fail_new_buffers = 0;
    failed = p == NULL;
    free(p);
    return failed;
}

/* Set by a test: the run of run_report is out of memory for its records. */
static int run_out_of_memory;
/* The stop flag every run_report lends its run, as the CLI lends its own. */
static volatile sig_atomic_t stop_flag;

/* When HELD_AT is nonzero, the records the reporter held at the start of
   that step (gdt_reporter_held), copied into HELD by the run's progress
   callback. */
static unsigned long held_at;
static char held[4096];

static void
note_held(void *user, unsigned long step)
{
    const char *bytes;
    size_t n;

    if (held_at == 0 || step != held_at)
        return;
    n = gdt_reporter_held(user, &bytes);
    assert_true(n < sizeof held);
    memcpy(held, bytes, n);
    held[n] = '\0';
}

/* Run LOSS from W0 with LR for MAX_ITER steps in the exact domain (or MPFR
   at 53 bits when MPFR), reporting in FORMAT to OUT; returns the run's
   status, and ERR says why when it is not GDT_OK. */
static gdt_status
run_report(FILE *out, const char *loss, const char *lr, const char *w0,
           unsigned long max_iter, int mpfr, gdt_format format, gdt_digits_kind digits,
           gdt_error *err)
{
    gdt_problem p;
    gdt_program prog;
    gdt_domain d;
    gdt_stepper s;
    gdt_reporter r;
    gdt_run_sink sink;
    gdt_run_opts opts = { &stop_flag, note_held, &r };
    gdt_run_info info;
    gdt_numfmt fmt = { digits, 3, 0 };
    gdt_status st;
    mpq_t lq, wq;
    size_t end;

    mpq_init(lq);
    mpq_init(wq);
    assert_int_equal(gdt_q_parse(lq, lr, &end), GDT_OK);
    assert_int_equal(gdt_q_parse(wq, w0, &end), GDT_OK);
    assert_int_equal(gdt_problem_init(&p, loss, NULL, 0, NULL, NULL, err), GDT_OK);
    assert_int_equal(gdt_program_init(&prog, p.loss, p.grad, p.n), GDT_OK);
    if (mpfr)
        assert_int_equal(gdt_domain_init_mpfr(&d, 53, MPFR_RNDN), GDT_OK);
    else
        gdt_domain_init_exact(&d);
    assert_int_equal(gdt_stepper_init(&s, &prog, &d, lq, &wq, max_iter, GDT_UPDATE_SUB, NULL),
                     GDT_OK);
    gdt_reporter_init(&r, format, &fmt, out);
    info.problem = &p;
    info.loss_text = loss;
    info.lr_text = lr;
    info.w0_texts = &w0;
    info.data_path = NULL;
    info.data_rows = 0;
    info.max_iter = max_iter;
    info.has_at = 0;
    info.resumed = 0;
    gdt_error_clear(err);
    gdt_reporter_sink(&sink, &r);
    fail_new_buffers = run_out_of_memory;
    st = gdt_run_steps(&s, &sink, &info, &opts, err);
    fail_new_buffers = 0;
    gdt_reporter_clear(&r);
    gdt_stepper_clear(&s);
    gdt_domain_clear(&d);
    gdt_program_clear(&prog);
    gdt_problem_clear(&p);
    mpq_clear(lq);
    mpq_clear(wq);
    return st;
}

/* The same into memory; returns what was written (malloc'd) and the run's
   status in *ST. */
static char *
run_text(const char *loss, const char *lr, const char *w0, unsigned long max_iter,
       int mpfr, gdt_format format, gdt_digits_kind digits, gdt_status *st)
{
    gdt_error err;
    size_t size;
    char *text;
    FILE *out;

    out = open_memstream(&text, &size);
    assert_non_null(out);
    *st = run_report(out, loss, lr, w0, max_iter, mpfr, format, digits, &err);
    fclose(out);
    return text;
}

/* pprint: one line while "[" + ", ".join(items) + "]" fits in 80 columns,
   else one item per line; an item's own ", " does not split it. */
static void
test_python_layout(void **state)
{
    gdt_status st;
    char *t;

    (void)state;
    t = run_text("(w-1)^2 + 2", "0.5", "2", 50, 0, GDT_FORMAT_PYTHON, GDT_DIGITS_SHORTEST, &st);
    expect(t, "[2, 1]\n");
    free(t);
    /* 77 columns: still one line */
    t = run_text("(w-1)^2 + 2", "0.1", "2", 4, 0, GDT_FORMAT_PYTHON, GDT_DIGITS_SHORTEST, &st);
    expect(t, "[2, Fraction(9, 5), Fraction(41, 25), Fraction(189, 125), Fraction(881, 625)]\n");
    free(t);
    /* 99 columns: one item per line */
    t = run_text("(w-1)^2 + 2", "0.1", "2", 5, 0, GDT_FORMAT_PYTHON, GDT_DIGITS_SHORTEST, &st);
    expect(t, "[2,\n Fraction(9, 5),\n Fraction(41, 25),\n Fraction(189, 125),\n"
              " Fraction(881, 625),\n Fraction(4149, 3125)]\n");
    free(t);
    /* floats as Python's repr */
    t = run_text("(w-1)^2 + 2", "0.4", "2", 3, 1, GDT_FORMAT_PYTHON, GDT_DIGITS_SHORTEST, &st);
    expect(t, "[2.0, 1.2, 1.04, 1.008]\n");
    free(t);
    /* an error closes the list after the last complete step */
    t = run_text("1/(w-1)", "-1", "2", 50, 0, GDT_FORMAT_PYTHON, GDT_DIGITS_SHORTEST, &st);
    assert_int_equal(st, GDT_EDIVZERO);
    expect(t, "[2]\n");
    free(t);
}

static void
test_csv_jsonl(void **state)
{
    gdt_status st;
    char *t;

    (void)state;
    t = run_text("(w-1)^2 + 2", "1/3", "2", 1, 0, GDT_FORMAT_CSV, GDT_DIGITS_SHORTEST, &st);
    expect(t, "step,w,grad,loss\n0,2,2,3\n1,4/3,2/3,19/9\n");
    free(t);
    t = run_text("(w-1)^2 + 2", "1/3", "2", 1, 0, GDT_FORMAT_CSV, GDT_DIGITS_N, &st);
    expect(t, "step,w,grad,loss\n0,2,2,3\n1,1.33,0.667,2.11\n");
    free(t);
    t = run_text("(w-1)^2 + 2", "0.5", "2", 50, 0, GDT_FORMAT_JSONL, GDT_DIGITS_EXACT, &st);
    expect(t, "{\"step\": 0, \"w\": \"2\", \"grad\": \"2\", \"loss\": \"3\"}\n"
              "{\"step\": 1, \"w\": \"1\", \"grad\": \"0\", \"loss\": \"2\"}\n"
              "{\"summary\": {\"steps\": 1, \"stop\": \"grad-zero\", \"w\": \"1\", \"loss\": \"2\"}}\n");
    free(t);
    /* the steps' records after the first are held, whole, for a batched
       write (all of them unless 50 ms passed, as under valgrind they may):
       what an out-of-memory exit writes before it goes */
    held_at = 4;
    t = run_text("(w-1)^2 + 2", "1/3", "2", 6, 0, GDT_FORMAT_CSV, GDT_DIGITS_N, &st);
    held_at = 0;
    {
        const char *all = "1,1.33,0.667,2.11\n2,1.11,0.222,2.01\n3,1.04,0.0741,2\n";
        const char *tail = all + strlen(all) - strlen(held);

        if (getenv("GDTRACE_TEST_VARIANT") == NULL)
            expect(held, all);
        else if (strlen(held) > strlen(all) || strcmp(tail, held) != 0
                 || (tail != all && tail[-1] != '\n'))
            expect(held, all); /* fails, printing both */
    }
    expect(t, "step,w,grad,loss\n0,2,2,3\n1,1.33,0.667,2.11\n2,1.11,0.222,2.01\n"
              "3,1.04,0.0741,2\n4,1.01,0.0247,2\n5,1,0.00823,2\n6,1,0.00274,2\n");
    free(t);
    t = run_text("(w-1)^2 + 2", "0.5", "2", 0, 1, GDT_FORMAT_JSONL, GDT_DIGITS_HEX, &st);
    expect(t, "{\"step\": 0, \"w\": \"0x1p+1\", \"grad\": \"0x1p+1\", \"loss\": \"0x1.8p+1\"}\n"
              "{\"summary\": {\"steps\": 0, \"stop\": \"max-iter\", \"w\": \"0x1p+1\", "
              "\"loss\": \"0x1.8p+1\"}}\n");
    free(t);
}

static void
test_text(void **state)
{
    gdt_status st;
    char *t;

    (void)state;
    t = run_text("w^2", "0.25", "4", 2, 0, GDT_FORMAT_TEXT, GDT_DIGITS_SHORTEST, &st);
    expect(t, "gdtrace run\n"
              "  loss      w^2\n"
              "  grad      2*w  (derived exactly from the loss)\n"
              "  lr        0.25\n"
              "  w0        4\n"
              "  max-iter  2\n"
              "  mode      exact (GMP integers and rationals, never rounded)\n"
              "step  w  loss(w)\n"
              "   0  4  16\n"
              "   1  2  4\n"
              "   2  1  1\n"
              "stop      max-iter after 2 steps\n"
              "w         1\n"
              "loss      1\n");
    free(t);
}

/* gdt_run says what went wrong as it is (issue 10: every failure of a
   reporter was "write error"): a value with no text in the format, a
   record that cannot be built for want of memory, a write that fails. */
static void
test_run_errors(void **state)
{
    static const struct { const char *path; gdt_format format; gdt_digits_kind digits;
                          int oom; gdt_status st; const char *msg; } t[] = {
        { NULL, GDT_FORMAT_CSV, GDT_DIGITS_HEX, 0, GDT_EDOMAIN,
          "no value in this number domain" },
        { NULL, GDT_FORMAT_TEXT, GDT_DIGITS_SHORTEST, 1, GDT_ENOMEM, "out of memory" },
        { NULL, GDT_FORMAT_JSONL, GDT_DIGITS_SHORTEST, 1, GDT_ENOMEM, "out of memory" },
        { "/dev/full", GDT_FORMAT_TEXT, GDT_DIGITS_SHORTEST, 0, GDT_EIO,
          "write error: No space left on device" },
        { "/dev/full", GDT_FORMAT_CSV, GDT_DIGITS_SHORTEST, 0, GDT_EIO,
          "write error: No space left on device" },
    };
    gdt_error err;
    gdt_status st;
    char *text = NULL;
    size_t i, size;
    FILE *out;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        if (t[i].oom && !injection_works())
            continue;
        out = t[i].path != NULL ? fopen(t[i].path, "w") : open_memstream(&text, &size);
        assert_non_null(out);
        run_out_of_memory = t[i].oom;
        st = run_report(out, "(w-1)^2 + 2", "10", "2", 5, 0, t[i].format, t[i].digits, &err);
        run_out_of_memory = 0;
        if (st != t[i].st || strcmp(err.msg, t[i].msg) != 0) {
            printf("gdt_run wrong: case %zu\n  got  %d \"%s\"\n  want %d \"%s\"\n", i,
                   (int)st, err.msg, (int)t[i].st, t[i].msg);
            fail();
        }
        fclose(out);
        free(text);
        text = NULL;
    }
}

/* ------------------------------------ records never left half-written */

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
    gdt_error err;
    gdt_status st;
    size_t size;
    char *text;
    FILE *out;

    (void)state;
    out = open_memstream(&text, &size);
    assert_non_null(out);
    stop_flag = SIGINT;
    st = run_report(out, "(w-1)^2 + 2", "10", "2", 50, 0, GDT_FORMAT_JSONL,
                    GDT_DIGITS_SHORTEST, &err);
    stop_flag = 0;
    assert_int_equal(st, GDT_OK);
    fclose(out);
    expect(text, "{\"step\": 0, \"w\": \"2\", \"grad\": \"2\", \"loss\": \"3\"}\n"
                 "{\"summary\": {\"steps\": 0, \"stop\": \"interrupted\", \"w\": \"2\", "
                 "\"loss\": \"3\"}}\n");
    free(text);
    assert_string_equal(gdt_status_str(GDT_EINTERRUPTED), "interrupted");
}

/* A run sink's record method builds, without writing it, what the sink's
   begin, step or end writes, with other digits when asked; python output
   has no record of a step and says so. */
static void
test_record(void **state)
{
    static const struct { gdt_format format; gdt_record_part part; gdt_digits_kind digits;
                          gdt_status st; const char *want; } t[] = {
        { GDT_FORMAT_CSV, GDT_RECORD_BEGIN, GDT_DIGITS_SHORTEST, GDT_OK, "step,w,grad,loss\n" },
        { GDT_FORMAT_CSV, GDT_RECORD_STEP, GDT_DIGITS_SHORTEST, GDT_OK, "0,2.0,2.0,3.0\n" },
        { GDT_FORMAT_CSV, GDT_RECORD_STEP, GDT_DIGITS_HEX, GDT_OK,
          "0,0x1p+1,0x1p+1,0x1.8p+1\n" },
        { GDT_FORMAT_CSV, GDT_RECORD_END, GDT_DIGITS_SHORTEST, GDT_OK, "" },
        { GDT_FORMAT_JSONL, GDT_RECORD_BEGIN, GDT_DIGITS_SHORTEST, GDT_OK, "" },
        { GDT_FORMAT_JSONL, GDT_RECORD_STEP, GDT_DIGITS_SHORTEST, GDT_OK,
          "{\"step\": 0, \"w\": \"2.0\", \"grad\": \"2.0\", \"loss\": \"3.0\"}\n" },
        { GDT_FORMAT_JSONL, GDT_RECORD_END, GDT_DIGITS_SHORTEST, GDT_OK,
          "{\"summary\": {\"steps\": 0, \"stop\": \"running\", \"w\": \"2.0\", "
          "\"loss\": \"3.0\"}}\n" },
        { GDT_FORMAT_PYTHON, GDT_RECORD_STEP, GDT_DIGITS_SHORTEST, GDT_EVALUE,
          "python output has no record of a step of its own" },
    };
    static const gdt_numfmt shortest = { GDT_DIGITS_SHORTEST, 0, 0 };
    const char *w0_text = "2";
    mpq_t lq, wq;
    gdt_session_opts so = { .loss = "(w-1)^2 + 2", .mode = "mpfr", .prec = 53,
                            .lr = (const mpq_t *)&lq, .w0 = (const mpq_t *)&wq, .max_iter = 5,
                            .stop_on_zero = 1 };
    gdt_session ss;
    gdt_domain d;
    gdt_stepper s;
    gdt_reporter r;
    gdt_run_sink sink;
    gdt_run_info info = { .loss_text = "(w-1)^2 + 2", .lr_text = "0.1", .w0_texts = &w0_text,
                          .max_iter = 5 };
    gdt_error err;
    gdt_status st;
    gdt_buf b;
    char *text = NULL;
    size_t i, size;
    FILE *out;

    (void)state;
    mpq_init(lq);
    mpq_init(wq);
    q_of(lq, "0.1");
    q_of(wq, "2");
    assert_int_equal(gdt_session_open(&ss, &so, &err), GDT_OK);
    assert_int_equal(gdt_session_stepper(&ss, &d, &s, &so, &err), GDT_OK);
    assert_int_equal(gdt_stepper_eval(&s, &err), GDT_OK);
    info.problem = &ss.problem;
    gdt_buf_init(&b);
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        gdt_numfmt fmt = { t[i].digits, 0, 0 };

        out = open_memstream(&text, &size);
        assert_non_null(out);
        gdt_reporter_init(&r, t[i].format, &shortest, out);
        gdt_reporter_sink(&sink, &r);
        assert_int_equal(sink.syntax, t[i].format == GDT_FORMAT_CSV     ? GDT_SYNTAX_CSV
                                      : t[i].format == GDT_FORMAT_JSONL ? GDT_SYNTAX_JSONL
                                                                        : GDT_SYNTAX_NONE);
        gdt_buf_reset(&b);
        gdt_error_clear(&err);
        st = sink.record(sink.ctx, t[i].part, &info, &s, &fmt, &b, &err);
        if (st != t[i].st || strcmp(st == GDT_OK ? (b.s ? b.s : "") : err.msg, t[i].want) != 0) {
            printf("record wrong: case %zu\n  got  %d \"%s\" \"%s\"\n  want %d \"%s\"\n", i,
                   (int)st, b.s ? b.s : "", err.msg, (int)t[i].st, t[i].want);
            fail();
        }
        gdt_reporter_clear(&r);
        fclose(out);
        assert_int_equal(size, 0); /* nothing written */
        free(text);
        text = NULL;
    }
    gdt_buf_clear(&b);
    gdt_stepper_clear(&s);
    gdt_domain_clear(&d);
    gdt_session_clear(&ss);
    mpq_clear(lq);
    mpq_clear(wq);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_python_layout),
        cmocka_unit_test(test_csv_jsonl),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_run_errors),
        cmocka_unit_test(test_record),
        cmocka_unit_test(test_cut_back),
        cmocka_unit_test(test_cut_back_append),
        cmocka_unit_test(test_run_stop_requested),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
