/* test_report -- the reporters: records built whole, in every format */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "gdtrace.h"

/* Run LOSS from W0 with LR for MAX_ITER steps in the exact domain (or MPFR
   at 53 bits when MPFR), reporting in FORMAT; returns what was written
   (malloc'd) and the run's status in *ST. */
static char *
report(const char *loss, const char *lr, const char *w0, unsigned long max_iter,
       int mpfr, gdt_format format, gdt_digits_kind digits, gdt_status *st)
{
    gdt_problem p;
    gdt_program prog;
    gdt_domain d;
    gdt_stepper s;
    gdt_reporter r;
    gdt_run_sink sink;
    gdt_run_info info;
    gdt_error err;
    gdt_numfmt fmt = { digits, 3, 0 };
    mpq_t lq, wq;
    size_t end, size;
    char *text;
    FILE *out;

    mpq_init(lq);
    mpq_init(wq);
    assert_int_equal(gdt_q_parse(lq, lr, &end), GDT_OK);
    assert_int_equal(gdt_q_parse(wq, w0, &end), GDT_OK);
    assert_int_equal(gdt_problem_init(&p, loss, NULL, 0, NULL, NULL, &err), GDT_OK);
    assert_int_equal(gdt_program_init(&prog, p.loss, p.grad, p.n), GDT_OK);
    if (mpfr)
        assert_int_equal(gdt_domain_init_mpfr(&d, 53, MPFR_RNDN), GDT_OK);
    else
        gdt_domain_init_exact(&d);
    assert_int_equal(gdt_stepper_init(&s, &prog, &d, lq, &wq, max_iter, GDT_UPDATE_SUB, NULL),
                     GDT_OK);
    out = open_memstream(&text, &size);
    assert_non_null(out);
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
    gdt_reporter_sink(&sink, &r);
    *st = gdt_run_steps(&s, &sink, &info, NULL, &err);
    gdt_reporter_clear(&r);
    fclose(out);
    gdt_stepper_clear(&s);
    gdt_domain_clear(&d);
    gdt_program_clear(&prog);
    gdt_problem_clear(&p);
    mpq_clear(lq);
    mpq_clear(wq);
    return text;
}

static void
expect(const char *got, const char *want)
{
    if (strcmp(got, want) != 0) {
        printf("report wrong\n  got  \"%s\"\n  want \"%s\"\n", got, want);
        fail();
    }
}

/* pprint: one line while "[" + ", ".join(items) + "]" fits in 80 columns,
   else one item per line; an item's own ", " does not split it. */
static void
test_python_layout(void **state)
{
    gdt_status st;
    char *t;

    (void)state;
    t = report("(w-1)^2 + 2", "0.5", "2", 50, 0, GDT_FORMAT_PYTHON, GDT_DIGITS_SHORTEST, &st);
    expect(t, "[2, 1]\n");
    free(t);
    /* 77 columns: still one line */
    t = report("(w-1)^2 + 2", "0.1", "2", 4, 0, GDT_FORMAT_PYTHON, GDT_DIGITS_SHORTEST, &st);
    expect(t, "[2, Fraction(9, 5), Fraction(41, 25), Fraction(189, 125), Fraction(881, 625)]\n");
    free(t);
    /* 99 columns: one item per line */
    t = report("(w-1)^2 + 2", "0.1", "2", 5, 0, GDT_FORMAT_PYTHON, GDT_DIGITS_SHORTEST, &st);
    expect(t, "[2,\n Fraction(9, 5),\n Fraction(41, 25),\n Fraction(189, 125),\n"
              " Fraction(881, 625),\n Fraction(4149, 3125)]\n");
    free(t);
    /* floats as Python's repr */
    t = report("(w-1)^2 + 2", "0.4", "2", 3, 1, GDT_FORMAT_PYTHON, GDT_DIGITS_SHORTEST, &st);
    expect(t, "[2.0, 1.2, 1.04, 1.008]\n");
    free(t);
    /* an error closes the list after the last complete step */
    t = report("1/(w-1)", "-1", "2", 50, 0, GDT_FORMAT_PYTHON, GDT_DIGITS_SHORTEST, &st);
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
    t = report("(w-1)^2 + 2", "1/3", "2", 1, 0, GDT_FORMAT_CSV, GDT_DIGITS_SHORTEST, &st);
    expect(t, "step,w,grad,loss\n0,2,2,3\n1,4/3,2/3,19/9\n");
    free(t);
    t = report("(w-1)^2 + 2", "1/3", "2", 1, 0, GDT_FORMAT_CSV, GDT_DIGITS_N, &st);
    expect(t, "step,w,grad,loss\n0,2,2,3\n1,1.33,0.667,2.11\n");
    free(t);
    t = report("(w-1)^2 + 2", "0.5", "2", 50, 0, GDT_FORMAT_JSONL, GDT_DIGITS_EXACT, &st);
    expect(t, "{\"step\": 0, \"w\": \"2\", \"grad\": \"2\", \"loss\": \"3\"}\n"
              "{\"step\": 1, \"w\": \"1\", \"grad\": \"0\", \"loss\": \"2\"}\n"
              "{\"summary\": {\"steps\": 1, \"stop\": \"grad-zero\", \"w\": \"1\", \"loss\": \"2\"}}\n");
    free(t);
    t = report("(w-1)^2 + 2", "0.5", "2", 0, 1, GDT_FORMAT_JSONL, GDT_DIGITS_HEX, &st);
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
    t = report("w^2", "0.25", "4", 2, 0, GDT_FORMAT_TEXT, GDT_DIGITS_SHORTEST, &st);
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

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_python_layout),
        cmocka_unit_test(test_csv_jsonl),
        cmocka_unit_test(test_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
