/* test_plot -- pictures of a comparison: the names gnuplot can take and
   the script that draws one (its steps, ranges, tics and events) */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "gdtrace.h"
#include "gdtrace/plot.h"
#include "report/plot_impl.h"
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

/* The notes' comparison of MODES[N] at LR for MAX_ITER steps, drawn by
   the plot P (its data file closed) from C, of the problem NT: clear all
   three after (done_plot). */
struct notes {
    gdt_problem pr;
    gdt_program prog;
};

static void
notes_plot(gdt_plot *p, gdt_compare *c, struct notes *nt, const char *lr_text,
           const char *const *modes, size_t n, unsigned long max_iter, const gdt_plot_opts *po)
{
    gdt_problem *pr = &nt->pr;
    gdt_program *prog = &nt->prog;
    gdt_compare_sink sink;
    gdt_run_info info;
    gdt_compare_opts o;
    gdt_error err;
    mpq_t lr, w0, wstar;

    mpq_init(lr);
    mpq_init(w0);
    mpq_init(wstar);
    q_of(lr, lr_text);
    mpq_set_ui(w0, 2, 1);
    mpq_set_ui(wstar, 1, 1);
    assert_int_equal(gdt_problem_init(pr, "(w-1)^2 + 2", NULL, 0, NULL, NULL, &err), GDT_OK);
    assert_int_equal(gdt_program_init(prog, pr->loss, pr->grad, pr->n), GDT_OK);
    memset(&o, 0, sizeof o);
    o.modes = modes;
    o.n = n;
    o.names = pr->params.name;
    o.lr = (const mpq_t *)&lr;
    o.w0 = (const mpq_t *)&w0;
    o.max_iter = max_iter;
    o.stop_on_zero = 1;
    assert_int_equal(gdt_compare_init(c, prog, &o, &err), GDT_OK);
    assert_int_equal(gdt_plot_begin(p, "/tmp/gdtrace-test-plot.png", wstar, po, &err), GDT_OK);
    gdt_plot_sink(&sink, p);
    memset(&info, 0, sizeof info);
    info.problem = pr;
    assert_int_equal(gdt_run_compare(c, &sink, 1, &info, NULL, &err), GDT_OK);
    fclose(p->data);
    p->data = NULL;
    mpq_clear(lr);
    mpq_clear(w0);
    mpq_clear(wstar);
}

static void
done_plot(gdt_plot *p, gdt_compare *c, struct notes *nt, gdt_buf *g)
{
    gdt_buf_clear(g);
    gdt_plot_clear(p);
    gdt_compare_clear(c);
    gdt_program_clear(&nt->prog);
    gdt_problem_clear(&nt->pr);
}

static void
has(const char *s, const char *want)
{
    if (strstr(s, want) == NULL) {
        printf("the script lacks\n  %s\n--- script:\n%s\n", want, s);
        fail();
    }
}

static void
lacks(const char *s, const char *bad)
{
    if (strstr(s, bad) != NULL) {
        printf("the script has\n  %s\n--- script:\n%s\n", bad, s);
        fail();
    }
}

/* The notes' run at lr 10 in five modes: |w - w*| (the exact run
   diverges), the steps up to a little after the last event (bfloat16's
   and binary32's nan at 32), decades labelled at whole powers, the
   reference out of the digits panel, which ends at binary64's 16 digits,
   and each mode's events where they happen. */
static void
test_plot_script_notes(void **state)
{
    static const char *const modes[] = { "exact", "binary64", "binary32", "bfloat16",
                                         "binary16" };
    struct notes nt;
    gdt_plot p;
    gdt_compare c;
    gdt_buf g;

    (void)state;
    gdt_buf_init(&g);
    notes_plot(&p, &c, &nt, "10", modes, 5, 50, NULL);
    assert_int_equal(gdt_plot_script(&g, &p, &c, "T"), GDT_OK);
    has(g.s, "set terminal pngcairo size 1200,900 ");
    has(g.s, "set multiplot title \"T\"");
    has(g.s, "set xrange [0:40]\n");
    has(g.s, "'distance  |w - w*|'");
    /* |w - w*| = 19^n up to 19^50 (10^63.9) , labelled every 10 decades */
    has(g.s, "set ytics ('10\u2070' 0, '10\u00b9\u2070' 10, ");
    has(g.s, "'10\u2076\u2070' 60)");
    lacks(g.s, "1e");
    /* five curves above, four below: the digits of lane 0 (column 4) not */
    has(g.s, "using 1:2 with lines");
    has(g.s, "title \"exact\"");
    lacks(g.s, "using 1:4 with steps");
    has(g.s, "using 1:7 with steps");
    has(g.s, "set yrange [-0.64:16.64]");
    /* binary16 (lane 4): differs 3, no digit 4, inf 4, nan 5; the events
       legend has what is drawn, no stall, no subnormal */
    has(g.s, "$ev4 << EOD\n3 ");
    has(g.s, " 2.2 9\n4 ");
    has(g.s, " 3.5 7\n4 ");
    has(g.s, " 2.2 5\n5 ");
    has(g.s, " 2.2 2\nEOD");
    has(g.s, "title 'first difference'");
    has(g.s, "title 'all digits wrong'");
    has(g.s, "title 'overflow to inf'");
    has(g.s, "title 'nan'");
    lacks(g.s, "title 'stall'");
    lacks(g.s, "title 'first subnormal'");
    done_plot(&p, &c, &nt, &g);
}

/* lr 0.1: the exact run converges, so the top panel is each mode's error
   against it; binary32 stalls at 1.0000002 from step 68, which is marked,
   and the steps shown end at 90, a little after it.  --plot-y distance,
   --log-x and the size are taken. */
static void
test_plot_script_stall(void **state)
{
    static const char *const modes[] = { "exact", "binary32", "bfloat16" };
    gdt_plot_opts po;
    struct notes nt;
    gdt_plot p;
    gdt_compare c;
    gdt_buf g;

    (void)state;
    gdt_buf_init(&g);
    notes_plot(&p, &c, &nt, "0.1", modes, 3, 150, NULL);
    assert_int_equal(gdt_plot_script(&g, &p, &c, "T"), GDT_OK);
    has(g.s, "\"error  |w - w_exact|\"");
    has(g.s, "set xrange [0:90]\n");
    has(g.s, "\n68 ");      /* binary32's stall, a triangle down */
    has(g.s, " 2.2 11\nEOD\n$ev2");
    has(g.s, "title 'stall'");
    lacks(g.s, "title \"exact\""); /* the reference has no error curve */
    has(g.s, "set yrange [-0.32:8.32]");  /* binary32's 8 digits */
    done_plot(&p, &c, &nt, &g);

    memset(&po, 0, sizeof po);
    po.y = GDT_PLOT_Y_DISTANCE;
    po.log_x = 1;
    po.width = 800;
    po.height = 600;
    gdt_buf_init(&g);
    notes_plot(&p, &c, &nt, "0.1", modes, 3, 150, &po);
    assert_int_equal(gdt_plot_script(&g, &p, &c, "T"), GDT_OK);
    has(g.s, "set terminal pngcairo size 800,600 ");
    has(g.s, "'distance  |w - w*|'");
    has(g.s, "title \"exact\"");
    has(g.s, "set xrange [1:");
    has(g.s, "set logscale x\n");
    has(g.s, "set xtics (1, 2, 5, 10, 20, 50)\n");
    done_plot(&p, &c, &nt, &g);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plot_names),
        cmocka_unit_test(test_plot_script_notes),
        cmocka_unit_test(test_plot_script_stall),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
