/* test_writer -- the records of a run made from copies of its values
   (src/report/writer.c), on the run's own thread (gdt_reporter.thread 0)
   and on a second thread (1), are the bytes the reporter makes from the
   stepper (-1):
   the texts of the values (gdt_shortest_plain_of against each domain's
   get_str), whole runs over random problems, modes, formats, --every and
   --fields, write errors and the held records of an out-of-memory exit */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "gdtrace.h"
#include "gdtrace/mode.h"
#include "gdtrace/session.h"
#include "num/shortest.h"
#include "testutil.h"

/* The modes whose values are doubles (or floats), and two that are not. */
static const char *const plain_modes[] = { "native-double", "native-float", "binary64",
                                           "binary32", "binary16", "bfloat16" };
static const mpfr_rnd_t rounds[] = { MPFR_RNDN, MPFR_RNDZ, MPFR_RNDU, MPFR_RNDD };

/* The runs and their steps are divided by this under valgrind. */
static unsigned long slower = 1;

/* A random value of D: random bits of its format, rounded into D from a
   double (specials, subnormals and huge values among them). */
static void
random_val(gdt_val *v, gdt_domain *d)
{
    uint64_t bits = rng();
    double x;
    mpq_t q;

    memcpy(&x, &bits, sizeof x);
    if (rng() % 8 == 0) /* near 1, where the short texts are */
        x = (double)(int64_t)(rng() % 2000001 - 1000000) / 1000.0;
    if (strcmp(d->ops->kind, "native") == 0 && d->prec == 24) {
        v->s = (float)x;
        return;
    }
    if (!isfinite(x)) {
        v->d = x;   /* the specials as they are */
        return;
    }
    mpq_init(q);
    mpq_set_d(q, x);
    if (d->ops->set_q(v, q, d) != GDT_OK) { /* out of its range */
        mpq_set_ui(q, 0, 1);
        assert_int_equal(d->ops->set_q(v, q, d), GDT_OK);
    }
    mpq_clear(q);
}

/* Every value's text, written by the domain and as the writer thread
   writes it from the double, is the same, for every mode on doubles, in
   every rounding direction and with limits of digits; the others are
   refused. */
static void
test_plain_texts(void **state)
{
    gdt_numfmt shortest = { GDT_DIGITS_SHORTEST, 0, 0 }, exact = { GDT_DIGITS_EXACT, 0, 0 };
    gdt_shortest_plain p;
    gdt_buf a, b;
    gdt_domain d;
    gdt_val v;
    size_t m, r, i, checked = 0;
    static const size_t limits[] = { 0, 64, 53, 1000 };

    (void)state;
    gdt_buf_init(&a);
    gdt_buf_init(&b);
    for (m = 0; m < sizeof plain_modes / sizeof *plain_modes; m++) {
        for (r = 0; r < sizeof rounds / sizeof *rounds; r++) {
            assert_int_equal(gdt_domain_init_mode(&d, plain_modes[m], 53, rounds[r]), GDT_OK);
            d.max_bits = limits[r];
            assert_true(gdt_shortest_plain_of(&p, &d, &shortest));
            assert_false(gdt_shortest_plain_of(&p, &d, &exact));
            d.ops->init(&v, &d);
            for (i = 0; i < 20000 / slower; i++) {
                random_val(&v, &d);
                gdt_buf_reset(&a);
                gdt_buf_reset(&b);
                assert_int_equal(d.ops->get_str(&a, &v, &shortest, &d), GDT_OK);
                assert_int_equal(gdt_shortest_put(&b, gdt_shortest_plain_value(&v, &p), &p.f,
                                                  SIZE_MAX), GDT_OK);
                if (strcmp(a.s, b.s) != 0) {
                    report("plain text", b.s, a.s);
                    printf("  mode %s, rounding %zu\n", plain_modes[m], r);
                }
                checked++;
            }
            d.ops->clear(&v, &d);
            /* a limit below a shortest text's digits: not plain */
            d.max_bits = 40;
            assert_false(gdt_shortest_plain_of(&p, &d, &shortest));
            gdt_domain_clear(&d);
        }
    }
    assert_int_equal(gdt_domain_init_mode(&d, "mpfr", 53, MPFR_RNDN), GDT_OK);
    assert_false(gdt_shortest_plain_of(&p, &d, &shortest));
    gdt_domain_clear(&d);
    assert_int_equal(gdt_domain_init_mode(&d, "exact", 53, MPFR_RNDN), GDT_OK);
    assert_false(gdt_shortest_plain_of(&p, &d, &shortest));
    gdt_domain_clear(&d);
    assert_int_equal(gdt_domain_init_mode(&d, "binary128", 53, MPFR_RNDN), GDT_OK);
    assert_false(gdt_shortest_plain_of(&p, &d, &shortest));
    gdt_domain_clear(&d);
    assert_true(checked > 0);
    gdt_buf_clear(&a);
    gdt_buf_clear(&b);
    check_failures();
}

/* The same for mpfr of at most 53 bits (gdt_shortest_plain_mpfr_of): at
   every precision from 2 to 53, in every rounding direction, each value
   that gdt_shortest_plain_mpfr_value takes (every one within the doubles'
   normal range, zeros, infinities and NaN) written as the domain writes
   it; one beyond that range refused; 54 bits, a limit of digits below a
   shortest text's, the exact digits and the other domains refused. */
static void
test_plain_mpfr_texts(void **state)
{
    gdt_numfmt shortest = { GDT_DIGITS_SHORTEST, 0, 0 }, exact = { GDT_DIGITS_EXACT, 0, 0 };
    gdt_shortest_plain p;
    gdt_buf a, b;
    gdt_domain d;
    gdt_val v;
    double x;
    long prec, i, e;
    size_t checked = 0, refused = 0;

    (void)state;
    gdt_buf_init(&a);
    gdt_buf_init(&b);
    for (prec = 2; prec <= 53; prec++) {
        assert_int_equal(gdt_domain_init_mode(&d, "mpfr", prec, rounds[prec % 4]), GDT_OK);
        assert_true(gdt_shortest_plain_mpfr_of(&p, &d, &shortest));
        assert_false(gdt_shortest_plain_mpfr_of(&p, &d, &exact));
        assert_false(gdt_shortest_plain_of(&p, &d, &shortest));
        d.ops->init(&v, &d);
        for (i = 0; i < 4000 / (long)slower; i++) {
            switch (rng() % 16) { /* the specials now and then */
            case 0: mpfr_set_nan(v.f); break;
            case 1: mpfr_set_inf(v.f, rng() % 2 ? 1 : -1); break;
            case 2: mpfr_set_zero(v.f, rng() % 2 ? 1 : -1); break;
            default:
                do {
                    uint64_t bits = rng();
                    memcpy(&x, &bits, sizeof x);
                } while (!isfinite(x) || x == 0);
                if (rng() % 4 == 0) /* near 1, where the short texts are */
                    x = (double)(int64_t)(rng() % 2000001 - 1000000) / 1000.0 + 0.5;
                mpfr_set_d(v.f, x, d.rnd);
            }
            /* now and then a value near or beyond the doubles' ends */
            if (rng() % 4 == 0 && mpfr_regular_p(v.f)) {
                e = (rng() % 2 ? -1 : 1) * (long)(1000 + rng() % 100);
                mpfr_set_exp(v.f, e);
            }
            gdt_buf_reset(&a);
            gdt_buf_reset(&b);
            assert_int_equal(d.ops->get_str(&a, &v, &shortest, &d), GDT_OK);
            if (!gdt_shortest_plain_mpfr_value(&x, &v, &p)) {
                e = mpfr_get_exp(v.f) - prec;
                assert_true(e <= -1074 || e > 971);
                refused++;
                continue;
            }
            assert_int_equal(gdt_shortest_put(&b, x, &p.f, SIZE_MAX), GDT_OK);
            if (strcmp(a.s, b.s) != 0) {
                report("plain mpfr text", b.s, a.s);
                printf("  prec %ld\n", prec);
            }
            checked++;
        }
        d.ops->clear(&v, &d);
        d.max_bits = 40;
        assert_false(gdt_shortest_plain_mpfr_of(&p, &d, &shortest));
        gdt_domain_clear(&d);
    }
    assert_int_equal(gdt_domain_init_mode(&d, "mpfr", 54, MPFR_RNDN), GDT_OK);
    assert_false(gdt_shortest_plain_mpfr_of(&p, &d, &shortest));
    gdt_domain_clear(&d);
    assert_int_equal(gdt_domain_init_mode(&d, "binary128", 53, MPFR_RNDN), GDT_OK);
    assert_false(gdt_shortest_plain_mpfr_of(&p, &d, &shortest));
    gdt_domain_clear(&d);
    assert_int_equal(gdt_domain_init_mode(&d, "binary64", 53, MPFR_RNDN), GDT_OK);
    assert_false(gdt_shortest_plain_mpfr_of(&p, &d, &shortest));
    gdt_domain_clear(&d);
    printf("  %zu texts the same, %zu values refused\n", checked, refused);
    assert_true(checked > 0 && refused > 0);
    gdt_buf_clear(&a);
    gdt_buf_clear(&b);
    check_failures();
}

/* One run, as gdtrace run sets it up. */
typedef struct run_case {
    const char *loss;
    const char *lr, *w0[2];
    const char *mode;
    mpfr_prec_t prec;             /* mpfr's (0: 53) */
    mpfr_rnd_t rnd;
    unsigned long max_iter, every;
    gdt_format format;
    const unsigned char *fields;  /* NULL: the default */
    unsigned long held_at;        /* nonzero: take the held records then */
} run_case;

/* What a run wrote, and what it returned. */
typedef struct run_out {
    char *bytes;
    size_t len;
    gdt_status st;
    int errnum;
    char msg[600];
    int threaded;      /* the writer ran */
    char held[1 << 16]; /* the records held at step held_at, */
    size_t nheld;
    long written;      /* after so many bytes written */
    int took_held;
} run_out;

typedef struct progress_ctx {
    gdt_reporter *r;
    const run_case *c;
    run_out *o;
} progress_ctx;

static void
progress(void *user, unsigned long step)
{
    progress_ctx *p = user;
    const char *bytes;
    size_t n;

    if (p->r->writer != NULL)
        p->o->threaded = 1;
    if (p->c->held_at != 0 && step >= p->c->held_at && !p->o->took_held) {
        n = gdt_reporter_held(p->r, &bytes);
        assert_true(n < sizeof p->o->held);
        if (n > 0)
            memcpy(p->o->held, bytes, n);
        p->o->nheld = n;
        p->o->written = lseek(fileno(p->r->out), 0, SEEK_CUR);
        p->o->took_held = 1;
    }
}

/* Run C into OUT (a file), the records made as THREAD says
   (gdt_reporter.thread: -1 from the stepper, 0 from copies, 1 from copies
   on a second thread); the file's bytes into O. */
static void
run_case_to(const run_case *c, int thread, FILE *out, run_out *o)
{
    gdt_session_opts so;
    gdt_session ss;
    gdt_domain dom;
    gdt_stepper st;
    gdt_reporter r;
    gdt_run_sink sink;
    gdt_run_info info;
    gdt_numfmt fmt = { GDT_DIGITS_SHORTEST, 0, 0 };
    gdt_error err;
    progress_ctx pc = { &r, c, o };
    gdt_run_opts opts = { NULL, progress, &pc };
    mpq_t lr, w0[2];
    size_t end, i;
    long size;

    memset(o, 0, sizeof *o);
    mpq_init(lr);
    mpq_init(w0[0]);
    mpq_init(w0[1]);
    assert_int_equal(gdt_q_parse(lr, c->lr, &end), GDT_OK);
    for (i = 0; i < 2; i++)
        assert_int_equal(gdt_q_parse(w0[i], c->w0[i], &end), GDT_OK);
    memset(&so, 0, sizeof so);
    so.loss = c->loss;
    so.mode = c->mode;
    so.prec = c->prec != 0 ? c->prec : 53;
    so.rnd = c->rnd;
    so.update = GDT_UPDATE_SUB;
    so.lr = (const mpq_t *)&lr;
    so.w0 = (const mpq_t *)w0;
    so.max_iter = c->max_iter;
    so.max_bits = 1 << 16;
    so.stop_on_zero = 1;
    gdt_error_clear(&err);
    assert_int_equal(gdt_session_open(&ss, &so, &err), GDT_OK);
    assert_int_equal(gdt_session_stepper(&ss, &dom, &st, &so, &err), GDT_OK);
    gdt_reporter_init(&r, c->format, &fmt, out);
    r.fields = c->fields;
    r.every = c->every;
    r.thread = thread;
    gdt_reporter_sink(&sink, &r);
    info.problem = &ss.problem;
    info.loss_text = c->loss;
    info.lr_text = c->lr;
    info.w0_texts = c->w0;
    info.data_path = NULL;
    info.data_rows = 0;
    info.max_iter = c->max_iter;
    info.has_at = 0;
    info.resumed = 0;
    o->st = gdt_run_steps(&st, &sink, &info, &opts, &err);
    o->errnum = r.errnum;
    snprintf(o->msg, sizeof o->msg, "%s", o->st == GDT_OK ? "" : err.msg);
    gdt_reporter_clear(&r);
    gdt_stepper_clear(&st);
    gdt_domain_clear(&dom);
    gdt_session_clear(&ss);
    mpq_clear(lr);
    mpq_clear(w0[0]);
    mpq_clear(w0[1]);
    fflush(out);
    size = ftell(out);
    if (size > 0) {
        o->bytes = malloc((size_t)size + 1);
        assert_non_null(o->bytes);
        rewind(out);
        o->len = fread(o->bytes, 1, (size_t)size, out);
        o->bytes[o->len] = '\0';
    }
}

/* C run the three ways gives the same bytes, status and message; returns
   1 when the second thread ran. */
static int
same_both_ways(const run_case *c)
{
    static run_out a, b, d;
    FILE *fa = tmpfile(), *fb = tmpfile(), *fd = tmpfile();

    assert_non_null(fa);
    assert_non_null(fb);
    assert_non_null(fd);
    run_case_to(c, -1, fa, &a);
    run_case_to(c, 1, fb, &b);
    run_case_to(c, 0, fd, &d);
    fclose(fa);
    fclose(fb);
    fclose(fd);
    if (a.len != d.len || (a.len > 0 && memcmp(a.bytes, d.bytes, a.len) != 0)
        || a.st != d.st || strcmp(a.msg, d.msg) != 0) {
        report("run from copies", d.bytes ? d.bytes : "", a.bytes ? a.bytes : "");
        printf("  loss %s, lr %s, w0 %s %s, mode %s (prec %ld), max-iter %lu, every %lu, "
               "format %d, status %d/%d\n", c->loss, c->lr, c->w0[0], c->w0[1], c->mode,
               (long)c->prec, c->max_iter, c->every, (int)c->format, (int)d.st, (int)a.st);
    }
    free(d.bytes);
    /* the records held when a step began are those made and not yet
       written: the batches depend on the clock, what is written and held
       together does not */
    if (a.len != b.len || (a.len > 0 && memcmp(a.bytes, b.bytes, a.len) != 0)
        || a.st != b.st || strcmp(a.msg, b.msg) != 0
        || a.written + (long)a.nheld != b.written + (long)b.nheld
        || (size_t)b.written + b.nheld > b.len
        || (a.nheld > 0 && memcmp(a.held, a.bytes + a.written, a.nheld) != 0)
        || (b.nheld > 0 && memcmp(b.held, b.bytes + b.written, b.nheld) != 0)) {
        report("threaded run", b.bytes ? b.bytes : "", a.bytes ? a.bytes : "");
        printf("  loss %s, lr %s, w0 %s %s, mode %s (prec %ld), max-iter %lu, every %lu, "
               "format %d, status %d/%d, held %zu/%zu\n", c->loss, c->lr, c->w0[0], c->w0[1],
               c->mode, (long)c->prec,
               c->max_iter, c->every, (int)c->format, (int)b.st, (int)a.st, b.nheld,
               a.nheld);
    }
    assert_int_equal(a.threaded, 0);
    free(a.bytes);
    free(b.bytes);
    return b.threaded;
}

static const char *const losses1[] = {
    "w^4/4 - w^2/2", "(w - 3)^2", "w^2/2 + w^3/3", "w^6 - 2*w", "1/(1 + w^2)", "(w-1)^2*(w+2)^2",
    "w^3", "w", "sqrt(1 + w^2)", "-w^2",
};
static const char *const losses2[] = {
    "(x - 1)^2 + 3*(y + 2)^2", "x^2*y^2 + x - y", "x^4 + y^4 - x*y", "(x*y - 1)^2",
};

/* A random decimal: "I.F" or "-I.F", or a fraction. */
static void
random_num(char *buf, size_t size, int positive)
{
    unsigned long i = rng() % 4, f = rng() % 1000;

    if (rng() % 6 == 0)
        snprintf(buf, size, "%s%lu/%lu", !positive && rng() % 2 ? "-" : "", 1 + rng() % 9,
                 1 + rng() % 13);
    else
        snprintf(buf, size, "%s%lu.%03lu", !positive && rng() % 2 ? "-" : "", i, f);
}

/* Random problems in every mode on doubles (and two others), formats,
   --every, --fields, rounding: the same bytes both ways. */
static void
test_random_runs(void **state)
{
    char lr[32], w0[2][32];
    unsigned char fields[6];
    size_t t, f, threaded = 0, total = 0;
    static const gdt_format formats[] = { GDT_FORMAT_CSV, GDT_FORMAT_JSONL, GDT_FORMAT_TEXT,
                                          GDT_FORMAT_PYTHON };
    static const char *const modes[] = { "native-double", "native-float", "binary64",
                                         "binary32", "binary16", "bfloat16", "mpfr", "exact" };
    static const unsigned long everies[] = { 1, 1, 2, 3, 7, 100, 0 };
    run_case c;

    (void)state;
    for (t = 0; t < 400 / slower; t++) {
        int two = rng() % 4 == 0;
        memset(&c, 0, sizeof c);
        c.loss = two ? losses2[rng() % (sizeof losses2 / sizeof *losses2)]
                     : losses1[rng() % (sizeof losses1 / sizeof *losses1)];
        random_num(lr, sizeof lr, 1);
        random_num(w0[0], sizeof w0[0], 0);
        random_num(w0[1], sizeof w0[1], 0);
        c.lr = lr;
        c.w0[0] = w0[0];
        c.w0[1] = w0[1];
        c.mode = modes[rng() % (sizeof modes / sizeof *modes)];
        c.rnd = strcmp(c.mode, "exact") == 0 ? MPFR_RNDN : rounds[rng() % 4];
        c.prec = rng() % 2 ? 53 : 2 + (mpfr_prec_t)(rng() % 60); /* mpfr's */
        c.max_iter = rng() % 3 == 0 ? rng() % 20 : rng() % 5000;
        if (strcmp(c.mode, "exact") == 0) /* digits grow fast */
            c.max_iter %= 12;
        c.every = everies[rng() % (sizeof everies / sizeof *everies)];
        c.format = formats[rng() % (two ? 3 : 4)];
        if (c.format != GDT_FORMAT_PYTHON && rng() % 3 == 0) {
            for (f = 0; f < (two ? 6 : 4); f++)
                fields[f] = rng() % 2;
            c.fields = fields;
        }
        if (rng() % 5 == 0)
            c.held_at = 1 + rng() % (c.max_iter + 1);
        threaded += (size_t)same_both_ways(&c);
        total++;
    }
    /* most of them ran on the thread */
    printf("  %zu of %zu runs had the writer thread\n", threaded, total);
    assert_true(threaded > total / 4);
    check_failures();
}

/* W3's problem in MODE for MAX_ITER steps, every one in FORMAT. */
static void
w3_case(run_case *c, const char *mode, unsigned long max_iter, gdt_format format)
{
    memset(c, 0, sizeof *c);
    c->loss = "w^4/4 - w^2/2";
    c->lr = "1.1";
    c->w0[0] = "0.5";
    c->w0[1] = "0";
    c->mode = mode;
    c->rnd = MPFR_RNDN;
    c->max_iter = max_iter;
    c->every = 1;
    c->format = format;
}

/* W3 itself at length, records held a long while. */
static void
test_long_runs(void **state)
{
    run_case c;

    (void)state;
    w3_case(&c, "binary64", 300000 / slower, GDT_FORMAT_CSV);
    assert_true(same_both_ways(&c));
    c.mode = "native-float";
    c.format = GDT_FORMAT_JSONL;
    c.held_at = 123457 / slower;
    assert_true(same_both_ways(&c));
    check_failures();
}

/* A write error (a full device): the same status and message, and the
   writer stops the run. */
static void
test_write_error(void **state)
{
    run_case c;
    run_out *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    FILE *fa, *fb;

    (void)state;
    /* no header: the writer's write fails */
    w3_case(&c, "native-double", 200000, GDT_FORMAT_JSONL);
    fa = fopen("/dev/full", "w");
    fb = fopen("/dev/full", "w");
    if (fa == NULL || fb == NULL) {
        if (fa)
            fclose(fa);
        if (fb)
            fclose(fb);
        free(a);
        free(b);
        skip();
    }
    run_case_to(&c, -1, fa, a);
    run_case_to(&c, 1, fb, b);
    fclose(fa);
    fclose(fb);
    assert_int_equal(a->st, GDT_EIO);
    assert_int_equal(b->st, GDT_EIO);
    assert_int_equal(b->errnum, ENOSPC);
    assert_string_equal(a->msg, b->msg);
    assert_true(b->threaded);
    free(a->bytes);
    free(b->bytes);
    free(a);
    free(b);
}

int
main(void)
{
    const char *variant = getenv("GDTRACE_TEST_VARIANT");

    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_texts),
        cmocka_unit_test(test_plain_mpfr_texts),
        cmocka_unit_test(test_random_runs),
        cmocka_unit_test(test_long_runs),
        cmocka_unit_test(test_write_error),
    };

    if (variant != NULL && strcmp(variant, "valgrind") == 0)
        slower = 10;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
