/* test_compare -- several modes in lockstep: correct digits and events */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "gdtrace.h"
#include "testutil.h"

/* The notes' problem, (w-1)^2 + 2 with its gradient derived, lowered into
   PROG, and the options O of its comparison in the N modes MODES[] for at
   most MAX_ITER updates: lr as the text LR_TEXT, w0 = 2. */
struct notes {
    gdt_problem p;
    gdt_program prog;
    mpq_t lr, w0;
    gdt_compare_opts o;
};

static void
notes_init(struct notes *nt, const char *lr_text, const char *const *modes, size_t n,
           unsigned long max_iter)
{
    gdt_error err;

    mpq_init(nt->lr);
    mpq_init(nt->w0);
    q_of(nt->lr, lr_text);
    mpq_set_ui(nt->w0, 2, 1);
    assert_int_equal(gdt_problem_init(&nt->p, "(w-1)^2 + 2", NULL, 0, NULL, NULL, &err),
                     GDT_OK);
    assert_int_equal(gdt_program_init(&nt->prog, nt->p.loss, nt->p.grad, nt->p.n), GDT_OK);
    memset(&nt->o, 0, sizeof nt->o);
    nt->o.modes = modes;
    nt->o.n = n;
    nt->o.names = nt->p.params.name;
    nt->o.lr = (const mpq_t *)&nt->lr;
    nt->o.w0 = (const mpq_t *)&nt->w0;
    nt->o.max_iter = max_iter;
    nt->o.stop_on_zero = 1;
}

static void
notes_clear(struct notes *nt)
{
    gdt_program_clear(&nt->prog);
    gdt_problem_clear(&nt->p);
    mpq_clear(nt->lr);
    mpq_clear(nt->w0);
}

static void
check_digits(const char *x, const char *r, long want)
{
    mpq_t qx, qr;
    size_t end;
    long got;

    mpq_init(qx);
    mpq_init(qr);
    assert_int_equal(gdt_q_parse(qx, x, &end), GDT_OK);
    assert_int_equal(gdt_q_parse(qr, r, &end), GDT_OK);
    got = gdt_correct_digits(qx, qr);
    if (got != want) {
        printf("gdt_correct_digits wrong\n  x %s  ref %s\n  got  %ld\n  want %ld\n", x, r, got,
               want);
        fail();
    }
    mpq_clear(qx);
    mpq_clear(qr);
}

/* d is the largest d >= 0 with |x - r| / |r| <= 10^-d; -1 when equal. */
static void
test_correct_digits(void **state)
{
    (void)state;
    check_digits("2", "2", -1);
    check_digits("1.2", "1", 0);      /* 0.2 */
    check_digits("1.1", "1", 1);      /* 0.1 <= 10^-1 exactly */
    check_digits("1.04", "1", 1);
    check_digits("1.01", "1", 2);
    check_digits("1.0100001", "1", 1);
    check_digits("-1", "1", 0);       /* a sign change */
    check_digits("0", "5", 0);        /* relative error 1 */
    check_digits("47045880", "47045882", 7);
    check_digits("-6856", "-6858", 3);
    check_digits("1/3", "0.3333", 3);   /* 1.0001e-4: just over 10^-4 */
    check_digits("0.3333", "1/3", 4);   /* 0.9999e-4 */
}

/* The notes' run in exact, binary64 and binary16: binary64 first differs at
   step 13 and overflows at 242; binary16 at 3 and 4. */
static void
test_events(void **state)
{
    static const char *const modes[] = { "exact", "binary64", "binary16" };
    struct notes nt;
    gdt_compare c;
    gdt_error err;

    (void)state;
    notes_init(&nt, "10", modes, 3, 300);
    assert_int_equal(gdt_compare_init(&c, &nt.prog, &nt.o, &err), GDT_OK);
    for (;;) {
        assert_int_equal(gdt_compare_eval(&c), GDT_OK);
        /* the reference is compared with itself: always all digits */
        assert_true(c.lanes[0].q[0].compared && c.lanes[0].q[0].digits == -1);
        if (c.k == 12)
            assert_int_equal(c.lanes[1].q[0].digits, -1);
        if (c.k == 13)
            assert_int_equal(c.lanes[1].q[0].digits, 16);
        if (!gdt_compare_running(&c))
            break;
        assert_int_equal(gdt_compare_update(&c), GDT_OK);
    }
    assert_int_equal(c.k, 300);
    assert_int_equal(c.lanes[0].q[0].ev.differs, -1);
    assert_int_equal(c.lanes[1].q[0].ev.differs, 13);
    assert_int_equal(c.lanes[1].q[0].ev.inf, 242);
    assert_int_equal(c.lanes[1].q[0].ev.nan, 243);
    assert_int_equal(c.lanes[1].q[0].ev.no_digits, 242);
    assert_int_equal(c.lanes[2].q[0].ev.differs, 3);
    assert_int_equal(c.lanes[2].q[0].ev.inf, 4);
    assert_int_equal(c.lanes[2].q[0].ev.subnormal, -1);
    assert_int_equal(c.lanes[2].stop, GDT_STOP_MAX_ITER);
    gdt_compare_clear(&c);
    notes_clear(&nt);
}

/* The text of lane L's value at event E of quantity J. */
static void
check_at(gdt_compare *c, size_t l, size_t j, int e, const char *want)
{
    gdt_numfmt f = { GDT_DIGITS_SHORTEST, 0, 0 };
    gdt_domain *d = &c->lanes[l].dom;
    gdt_buf b;

    gdt_buf_init(&b);
    assert_int_equal(d->ops->get_str(&b, &c->lanes[l].q[j].at[e], &f, d), GDT_OK);
    if (strcmp(b.s, want) != 0)
        printf("value at event %d of lane %zu, quantity %zu\n  got  %s\n  want %s\n", e, l, j,
               b.s, want);
    assert_string_equal(b.s, want);
    gdt_buf_clear(&b);
}

/* Run C to its end. */
static void
run_all(gdt_compare *c)
{
    for (;;) {
        assert_int_equal(gdt_compare_eval(c), GDT_OK);
        if (!gdt_compare_running(c))
            break;
        assert_int_equal(gdt_compare_update(c), GDT_OK);
    }
}

/* The stall event, and the values at the events: at lr 0.1 binary32
   stalls at 1.0000002 from step 68, bfloat16 at 1.016 from step 18; at
   lr 0.4 binary64 reaches w = 1 at step 23 (a zero gradient, no stall,
   also when it runs on without grad-zero); with --stop stall a lane stops
   at the step after. */
static void
test_stall_event(void **state)
{
    static const char *const modes[] = { "exact", "binary32", "bfloat16" };
    static const char *const modes64[] = { "exact", "binary64" };
    struct notes nt;
    gdt_compare c;
    gdt_error err;

    (void)state;
    notes_init(&nt, "0.1", modes, 3, 100);
    assert_int_equal(gdt_compare_init(&c, &nt.prog, &nt.o, &err), GDT_OK);
    run_all(&c);
    assert_int_equal(c.lanes[0].q[0].ev.stall, -1);
    assert_int_equal(c.lanes[1].q[0].ev.stall, 68);
    assert_int_equal(c.lanes[1].q[1].ev.stall, 68); /* the loss too */
    check_at(&c, 1, 0, GDT_CMP_EV_STALL, "1.0000002");
    check_at(&c, 1, 1, GDT_CMP_EV_STALL, "2.0");
    check_at(&c, 1, 0, GDT_CMP_EV_DIFFERS, "1.8");
    check_at(&c, 1, 1, GDT_CMP_EV_DIFFERS, "2.6399999");
    assert_int_equal(c.lanes[2].q[0].ev.stall, 18);
    check_at(&c, 2, 0, GDT_CMP_EV_STALL, "1.016");
    assert_int_equal(c.lanes[1].stop, GDT_STOP_MAX_ITER);
    gdt_compare_clear(&c);
    /* --stop stall: the lanes stop at the repeated step */
    nt.o.stop_on_stall = 1;
    assert_int_equal(gdt_compare_init(&c, &nt.prog, &nt.o, &err), GDT_OK);
    run_all(&c);
    assert_int_equal(c.lanes[0].stop, GDT_STOP_MAX_ITER);
    assert_int_equal(c.lanes[1].stop, GDT_STOP_STALL);
    assert_int_equal(c.lanes[1].steps, 69);
    assert_int_equal(c.lanes[2].stop, GDT_STOP_STALL);
    assert_int_equal(c.lanes[2].steps, 19);
    gdt_compare_clear(&c);
    notes_clear(&nt);

    notes_init(&nt, "0.4", modes64, 2, 40);
    for (int zero = 1; zero >= 0; zero--) {
        nt.o.stop_on_zero = zero;
        assert_int_equal(gdt_compare_init(&c, &nt.prog, &nt.o, &err), GDT_OK);
        run_all(&c);
        assert_int_equal(c.lanes[1].stop, zero ? GDT_STOP_GRAD_ZERO : GDT_STOP_MAX_ITER);
        assert_int_equal(c.lanes[1].steps, zero ? 23 : 40);
        assert_int_equal(c.lanes[1].q[0].ev.stall, -1);
        check_at(&c, 1, 0, GDT_CMP_EV_DIFFERS, "1.2");
        gdt_compare_clear(&c);
    }
    notes_clear(&nt);
}

/* --stop nonfinite: binary16's loss overflows at step 2. */
static void
test_nonfinite_lane(void **state)
{
    static const char *const modes[] = { "exact", "binary64", "binary16" };
    struct notes nt;
    gdt_compare c;
    gdt_error err;

    (void)state;
    notes_init(&nt, "10", modes, 3, 30);
    nt.o.stop_on_nonfinite = 1;
    assert_int_equal(gdt_compare_init(&c, &nt.prog, &nt.o, &err), GDT_OK);
    run_all(&c);
    assert_int_equal(c.lanes[0].stop, GDT_STOP_MAX_ITER);
    assert_int_equal(c.lanes[1].stop, GDT_STOP_MAX_ITER);
    assert_int_equal(c.lanes[2].stop, GDT_STOP_NONFINITE);
    assert_int_equal(c.lanes[2].steps, 2);
    assert_int_equal(c.lanes[2].q[1].ev.inf, 2);
    check_at(&c, 2, 1, GDT_CMP_EV_INF, "inf");
    assert_int_equal(c.lanes[2].q[0].ev.differs, -1); /* w differs at 3: not reached */
    check_at(&c, 2, 1, GDT_CMP_EV_DIFFERS, "inf");
    gdt_compare_clear(&c);
    notes_clear(&nt);
}

/* The minimiser of a quadratic loss, exactly, as compare --plot takes it:
   the fixed point of the program's affine map; none for other losses (not
   affine, or a constant gradient). */
static void
test_minimiser(void **state)
{
    static const struct { const char *loss; const char *wstar; } t[] = {
        { "(w-1)^2 + 2", "1" },
        { "3*w^2 - w + 7", "1/6" },
        { "(2*w - 1/3)^2", "1/6" },
        { "w^3", NULL },
        { "1/w", NULL },
        { "5", NULL },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        gdt_problem p;
        gdt_program prog;
        gdt_affine a = { 0, 0, NULL, NULL };
        gdt_error err;
        mpq_t w, want;
        size_t end;
        int ok = 0;

        mpq_init(w);
        mpq_init(want);
        assert_int_equal(gdt_problem_init(&p, t[i].loss, NULL, 0, NULL, NULL, &err), GDT_OK);
        assert_int_equal(gdt_program_init(&prog, p.loss, p.grad, p.n), GDT_OK);
        if (gdt_problem_is_affine(&p)) {
            assert_int_equal(gdt_affine_init(&a, &prog), GDT_OK);
            ok = gdt_affine_fixed_point(&w, &a, NULL);
        }
        assert_int_equal(ok, t[i].wstar != NULL);
        if (ok) {
            assert_int_equal(gdt_q_parse(want, t[i].wstar, &end), GDT_OK);
            assert_true(mpq_equal(w, want));
        }
        gdt_affine_clear(&a);
        gdt_program_clear(&prog);
        gdt_problem_clear(&p);
        mpq_clear(w);
        mpq_clear(want);
    }
}

/* gdt_compare_clear accepts what gdt_compare_init failed on, whatever C
   held before, and ERR names the mode that failed. */
static void
test_init_failure_clears(void **state)
{
    static const char *const modes[] = { "exact", "binary80" };
    struct notes nt;
    gdt_compare c;
    gdt_error err;

    (void)state;
    notes_init(&nt, "1/10", modes, 2, 10);
    memset(&c, 0xa5, sizeof c);   /* what a stack variable may hold */
    assert_int_equal(gdt_compare_init(&c, &nt.prog, &nt.o, &err), GDT_EVALUE);
    assert_string_equal(err.msg, "mode binary80: cannot be set up");
    gdt_compare_clear(&c);
    gdt_compare_clear(NULL);
    notes_clear(&nt);
}

/* gdt_compare_run says why it failed whatever failed (issue 10: a
   reporter's failure other than a write left ERR empty, and gdtrace printed
   "gdtrace: " and nothing more): exact values have no hex text, which is
   no write error; a full disk is. */
static void
test_run_errors(void **state)
{
    static const char *const modes[] = { "exact", "binary64" };
    static const struct { gdt_digits_kind digits; const char *path; gdt_status st;
                          const char *msg; } t[] = {
        { GDT_DIGITS_HEX, NULL, GDT_EDOMAIN, "no value in this number domain" },
        { GDT_DIGITS_SHORTEST, "/dev/full", GDT_EIO, "write error: No space left on device" },
        { GDT_DIGITS_SHORTEST, NULL, GDT_OK, "" },
    };
    struct notes nt;
    gdt_compare c;
    gdt_reporter r;
    gdt_run_info info;
    gdt_error err;
    gdt_status st;
    const char *w0_text = "2";
    gdt_compare_sink sink;
    char *text = NULL;
    size_t i, size;
    FILE *out;

    (void)state;
    notes_init(&nt, "1/10", modes, 2, 3);
    memset(&info, 0, sizeof info);
    info.problem = &nt.p;
    info.lr_text = "0.1";
    info.w0_texts = &w0_text;
    info.max_iter = 3;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        gdt_numfmt fmt = { t[i].digits, 0, 0 };

        out = t[i].path != NULL ? fopen(t[i].path, "w") : open_memstream(&text, &size);
        assert_non_null(out);
        assert_int_equal(gdt_compare_init(&c, &nt.prog, &nt.o, &err), GDT_OK);
        gdt_reporter_init(&r, GDT_FORMAT_JSONL, &fmt, out);
        gdt_error_clear(&err);
        gdt_reporter_compare_sink(&sink, &r);
        st = gdt_run_compare(&c, &sink, 1, &info, NULL, &err);
        if (st != t[i].st || strcmp(err.msg, t[i].msg) != 0) {
            printf("gdt_run_compare wrong: case %zu\n  got  %d \"%s\"\n  want %d \"%s\"\n",
                   i, (int)st, err.msg, (int)t[i].st, t[i].msg);
            fail();
        }
        gdt_reporter_clear(&r);
        gdt_compare_clear(&c);
        fclose(out);
        free(text);
        text = NULL;
    }
    notes_clear(&nt);
}

/* A sink's end cut short by a stop asked for: a stop, not a failure
   (issue 10: gdt_run_compare returned GDT_EINTERRUPTED with ERR empty, and
   gdtrace printed "gdtrace: " and nothing more). */
static gdt_status
end_interrupted(void *ctx, const gdt_compare *c, gdt_error *err)
{
    (void)ctx;
    (void)c;
    (void)err;
    return GDT_EINTERRUPTED;
}

static void
test_run_end_interrupted(void **state)
{
    static const char *const modes[] = { "exact", "binary64" };
    struct notes nt;
    gdt_compare c;
    gdt_compare_sink sink = { .end = end_interrupted };
    gdt_run_info info = { .max_iter = 3 };
    gdt_error err;

    (void)state;
    notes_init(&nt, "1/10", modes, 2, 3);
    info.problem = &nt.p;
    assert_int_equal(gdt_compare_init(&c, &nt.prog, &nt.o, &err), GDT_OK);
    gdt_error_clear(&err);
    assert_int_equal(gdt_run_compare(&c, &sink, 1, &info, NULL, &err), GDT_OK);
    assert_int_equal(c.k, 3);
    assert_int_equal(c.lanes[0].stop, GDT_STOP_MAX_ITER);
    gdt_compare_clear(&c);
    notes_clear(&nt);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_correct_digits),
        cmocka_unit_test(test_events),
        cmocka_unit_test(test_stall_event),
        cmocka_unit_test(test_nonfinite_lane),
        cmocka_unit_test(test_minimiser),
        cmocka_unit_test(test_init_failure_clears),
        cmocka_unit_test(test_run_errors),
        cmocka_unit_test(test_run_end_interrupted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
