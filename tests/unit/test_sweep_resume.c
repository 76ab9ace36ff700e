/* test_sweep_resume -- a sweep's file read back for --resume
   (report/sweep_resume.c): cut at every byte, what it holds (header,
   whole records, where they end, whole or not, points run again); and
   damaged, refused naming its first bad line */
#include <stdlib.h>
#include "gdtrace/problem.h"
#include "gdtrace/program.h"
#include "gdtrace/sweep_resume.h"
#include "testutil.h"

/* The notes' loss over lr 0:1.5 (NI points) x w0 -1:3 (3 points) in exact
   mode, its records in FORMAT. */
struct fixture {
    gdt_problem p;
    gdt_program prog;
    gdt_sweep_axis ax[2];
    gdt_sweep_opts o;
    gdt_sweep_info info;
    mpq_t lr, w0, esc;
};

static void
fixture_init(struct fixture *f, size_t ni)
{
    const char *where;
    gdt_error err;

    memset(f, 0, sizeof *f);
    assert_int_equal(gdt_problem_init(&f->p, "(w-1)^2 + 2", NULL, 0, NULL, &where, &err), GDT_OK);
    assert_int_equal(gdt_program_init(&f->prog, f->p.loss, f->p.grad, f->p.n), GDT_OK);
    mpq_inits(f->lr, f->w0, f->esc, (mpq_ptr)0);
    q_of(f->esc, "1e16");
    for (int k = 0; k < 2; k++)
        gdt_sweep_axis_init(&f->ax[k]);
    q_of(f->ax[0].b, "1.5");
    f->ax[0].n = ni;
    f->ax[1].target = GDT_SWEEP_W0;
    q_of(f->ax[1].a, "-1");
    q_of(f->ax[1].b, "3");
    f->ax[1].n = 3;
    f->o = (gdt_sweep_opts){ .prog = &f->prog, .names = f->p.params.name, .mode = "exact",
                             .prec = 53, .rnd = MPFR_RNDN, .update = GDT_UPDATE_SUB,
                             .lr = (const mpq_t *)&f->lr, .w0 = (const mpq_t *)&f->w0,
                             .max_iter = 60, .axes = f->ax, .naxes = 2,
                             .escape = (const mpq_t *)&f->esc, .threads = 2 };
    f->info = (gdt_sweep_info){ .loss_text = "(w-1)^2 + 2", .lr_text = "0:1.5",
                                .w0_text = "-1:3", .escape_text = "1e16" };
}

static void
fixture_clear(struct fixture *f)
{
    for (int k = 0; k < 2; k++)
        gdt_sweep_axis_clear(&f->ax[k]);
    mpq_clears(f->lr, f->w0, f->esc, (mpq_ptr)0);
    gdt_program_clear(&f->prog);
    gdt_problem_clear(&f->p);
}

static const gdt_numfmt shortest = { GDT_DIGITS_SHORTEST, 0, 0 };

/* The whole sweep of F in FORMAT into a string of *LEN bytes. */
static char *
whole(struct fixture *f, gdt_format format, size_t *len)
{
    gdt_sweep_report r;
    gdt_sweep_sink sink;
    gdt_error err;
    uint64_t done;
    char *s = NULL;
    FILE *out = open_memstream(&s, len);

    assert_non_null(out);
    assert_int_equal(gdt_sweep_report_init(&r, format, &shortest, out, &f->o, NULL, 0), GDT_OK);
    assert_int_equal(gdt_sweep_report_begin(&r, &f->info, &err), GDT_OK);
    gdt_sweep_report_sink(&sink, &r);
    assert_int_equal(gdt_sweep_run(&f->o, &sink, &done, &err), GDT_OK);
    assert_int_equal(gdt_sweep_report_end(&r, done, 0, &err), GDT_OK);
    gdt_sweep_report_clear(&r);
    fclose(out);
    return s;
}

/* Read the first N bytes of S back as F's FORMAT sweep into T. */
static gdt_status
read_back(gdt_sweep_trail *t, struct fixture *f, gdt_format format, const char *s, size_t n,
          gdt_error *err)
{
    gdt_sweep_report r;
    gdt_status st;
    FILE *in = tmpfile();

    assert_non_null(in);
    assert_int_equal(fwrite(s, 1, n, in), n);
    rewind(in);
    assert_int_equal(gdt_sweep_report_init(&r, format, &shortest, NULL, &f->o, NULL, 0), GDT_OK);
    st = gdt_sweep_trail_read(t, in, "f", &r, &f->info, err);
    gdt_sweep_report_clear(&r);
    fclose(in);
    return st;
}

/* Every cut of a csv and a jsonl file: the header once whole, the records
   whole before the cut, their end, the whole file only uncut, and the
   points run again (all of them up to 8, then 8). */
static void
test_cuts(void **state)
{
    static const gdt_format formats[2] = { GDT_FORMAT_CSV, GDT_FORMAT_JSONL };
    struct fixture f;

    (void)state;
    fixture_init(&f, 4);
    for (int k = 0; k < 2; k++) {
        size_t len, c, hdr;
        char *s = whole(&f, formats[k], &len);
        hdr = (size_t)(strchr(s, '\n') - s) + 1;
        for (c = 0; c <= len; c++) {
            gdt_sweep_trail t;
            gdt_error err;
            uint64_t points = 0;
            size_t end = c >= hdr ? hdr : 0, q;
            for (q = hdr; c >= hdr && q < len; q++) /* whole records before C */
                if (s[q] == '\n' && q < c && strncmp(s + end, "{\"summary", 9) != 0) {
                    points++;
                    end = q + 1;
                }
            assert_int_equal(read_back(&t, &f, formats[k], s, c, &err), GDT_OK);
            assert_int_equal(t.header, c >= hdr);
            assert_int_equal(t.points, points);
            assert_int_equal((size_t)t.end, end);
            assert_int_equal(t.complete, c == len);
            assert_int_equal(t.sampled, points < 8 ? points : 8);
        }
        free(s);
    }
    fixture_clear(&f);
}

/* A digit changed in the loss of each record: refused, naming its line,
   when the point is one run again (0, 1, 3, 4, 6, 7, 9, 11 of 12). */
static void
test_damage(void **state)
{
    static const int sampled[12] = { 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1 };
    struct fixture f;
    size_t len;
    char *s, *line;

    (void)state;
    fixture_init(&f, 4);
    s = whole(&f, GDT_FORMAT_CSV, &len);
    line = strchr(s, '\n') + 1;
    for (int k = 0; k < 12; k++) {
        gdt_sweep_trail t;
        gdt_error err;
        char *nl = strchr(line, '\n'), *d = nl, want[32];
        gdt_status st;
        while (d[-1] != ',') /* the loss: the last field (no class here) */
            d--;
        *d ^= 1; /* 2 <-> 3, 6 <-> 7 */
        st = read_back(&t, &f, GDT_FORMAT_CSV, s, len, &err);
        *d ^= 1;
        assert_int_equal(st, sampled[k] ? GDT_EVALUE : GDT_OK);
        snprintf(want, sizeof want, "f, line %d: ", k + 2);
        if (sampled[k])
            assert_true(strncmp(err.msg, want, strlen(want)) == 0);
        line = nl + 1;
    }
    free(s);
    fixture_clear(&f);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cuts),
        cmocka_unit_test(test_damage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
