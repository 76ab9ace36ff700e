/* test_burst -- the tight loop over steps that nothing prints
   (src/run/burst.c) against the generic step (gd.c)

   Random short problems (one to three parameters; gradients of +, -, *,
   /, negations, powers from -3 to 12, constants) run from random w0 and
   lr in every domain that has a tight loop (native-double, native-float,
   the IEEE formats on doubles, binary64 and binary128 on MPFR, mpfr at
   random precisions), in every rounding direction, with the update
   rounded twice or fused, with and without the grad-zero rule and
   --stop cycle: once step
   by step through gdt_stepper_eval and gdt_stepper_update, as a run that
   prints nothing does them, and once with bursts of random lengths in
   between, as gdt_run_steps does.  Both must end at the same step with
   the same stop, status and message (and cycle), the same parameters (bits, signed
   zeros, NaN), the same loss and the same sticky flags; again with a
   learning rate per parameter (gdt_stepper_set_lr).  Then the stop
   flag and the progress callback, and the cases the burst leaves to the
   generic path. */
#include <limits.h>
#include <stdlib.h>
#include "gdtrace.h"
#include "gdtrace/mode.h"
#include "run/burst.h"
#include "testutil.h"

/* A mode and the rounding directions it has. */
typedef struct mode {
    const char *name;
    int has_rnda;
} mode;

static const mode modes[] = {
    { "native-double", 0 }, { "native-float", 0 }, { "binary16", 1 },
    { "bfloat16", 1 },      { "binary32", 1 },     { "binary64", 1 },
    { "binary128", 1 },     { "mpfr", 1 },
};

static const mpfr_rnd_t rnds[] = { MPFR_RNDN, MPFR_RNDZ, MPFR_RNDU, MPFR_RNDD, MPFR_RNDA };

static const char *const names[] = { "w", "v", "u" };
static const char *const consts[] = { "1", "2", "3", "0.5", "1.1", "0.1", "7", "0.001",
                                      "1000", "0.75", "1e-30", "1e30" };
/* and for the MPFR domains of 53 bits on doubles (burst.c's loop_d53),
   constants near the ends of its range, so that runs leave it and come
   back: huge, tiny, subnormal in binary64, and the powers of two at its
   ends */
static const char *const extreme_consts[] = { "1", "3", "0.5", "1.1", "1e-30", "1e30", "1e300",
                                              "1e-300", "1e-310", "1e308", "8.98846567431158e307",
                                              "4.450147717014403e-308", "0", "0.75" };
/* 1 while random_cases draws for loop_d53 (test_random_d53) */
static int extreme;
static const long pows[] = { -3, -2, -1, 0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9, 12 };
static const char *const lrs[] = { "0.01", "0.1", "0.5", "1", "1.1", "2", "0.3", "1e-5" };
static const char *const w0s[] = { "0.5", "-1.25", "3", "0", "1", "-2", "0.1", "100", "1e-20" };

#define PICK(a) (a)[rng() % (sizeof(a) / sizeof(a)[0])]

/* Append a random expression over the first NP parameters, DEPTH levels
   deep at most, to OUT. */
static void
gen(gdt_buf *out, size_t np, int depth)
{
    unsigned r = (unsigned)(rng() % 8);

    if (depth == 0 || r < 2) {
        if (rng() % 2)
            assert_int_equal(gdt_buf_puts(out, names[rng() % np]), GDT_OK);
        else
            assert_int_equal(gdt_buf_puts(out, extreme ? PICK(extreme_consts) : PICK(consts)),
                             GDT_OK);
        return;
    }
    assert_int_equal(gdt_buf_puts(out, r == 7 ? "-(" : "("), GDT_OK);
    gen(out, np, depth - 1);
    if (r == 6) {
        assert_int_equal(gdt_buf_printf(out, ")^%ld", PICK(pows)), GDT_OK);
        return;
    }
    if (r < 6)
        assert_int_equal(gdt_buf_puts(out, r == 2 ? " + " : r == 3 ? " - " : r == 4 ? " * "
                                           : " / "), GDT_OK);
    if (r < 6)
        gen(out, np, depth - 1);
    assert_int_equal(gdt_buf_puts(out, ")"), GDT_OK);
}

/* One run: its domain, program and stepper. */
typedef struct run {
    gdt_domain d;
    gdt_stepper s;
    gdt_error err;
    gdt_status st;
} run;

/* The case: the problem, how the run goes, in what. */
typedef struct kase {
    gdt_problem problem;
    gdt_program program;
    const char *mode;
    int emulated; /* MODE as gdt_domain_init_ieee emulates it on MPFR */
    mpfr_prec_t prec;
    mpfr_rnd_t rnd;
    mpq_t lr, w0[3];
    int neg0, stop_on_zero, cycles;
    unsigned long max_iter;
    gdt_update update;
    unsigned long every; /* 0: nothing printed but the end */
    unsigned char fields[8]; /* GDT_FIELD_*: what the records print */
} kase;

static void
run_init(run *r, const kase *c)
{
    unsigned char neg0[3] = { 1, 1, 1 };

    if (c->emulated)
        assert_int_equal(gdt_domain_init_ieee(&r->d, c->mode, c->rnd), GDT_OK);
    else
        assert_int_equal(gdt_domain_init_mode(&r->d, c->mode, c->prec, c->rnd), GDT_OK);
    gdt_error_clear(&r->err);
    assert_int_equal(gdt_stepper_init(&r->s, &c->program, &r->d, c->lr, c->w0, c->max_iter,
                                      c->update, &r->err), GDT_OK);
    r->s.stop_on_zero = c->stop_on_zero;
    r->s.detect_cycles = c->cycles;
    r->s.names = c->problem.params.name;
    r->s.fields = c->fields;
    if (c->neg0)
        assert_int_equal(gdt_stepper_neg_zero(&r->s, 1, neg0), GDT_OK);
    r->st = GDT_OK;
}

/* Give R's parameters the learning rates LR[0 .. N), NEG0[i]: a negative
   zero. */
static void
run_set_lrs(run *r, const mpq_t *lr, const unsigned char *neg0, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        assert_int_equal(gdt_stepper_set_lr(&r->s, i, lr[i], neg0[i], &r->err), GDT_OK);
}

static void
run_clear(run *r)
{
    gdt_stepper_clear(&r->s);
    gdt_domain_clear(&r->d);
}

/* The text of value V of R, exact, or hex. */
static const char *
text(gdt_buf *b, const run *r, const gdt_val *v)
{
    gdt_numfmt f = { GDT_DIGITS_HEX, 0, 0 };

    b->len = 0;
    if (r->d.ops->get_str(b, v, &f, (gdt_domain *)&r->d) != GDT_OK)
        return "?";
    return b->s;
}

/* Append what R's step prints (its parameters, partials and loss, in
   hex, and the flags so far) to TRACE. */
static void
trace_step(gdt_buf *trace, const run *r, size_t np)
{
    gdt_buf t;
    size_t i;

    gdt_buf_init(&t);
    assert_int_equal(gdt_buf_printf(trace, "%lu:", r->s.k), GDT_OK);
    for (i = 0; i < np; i++) {
        assert_int_equal(gdt_buf_printf(trace, " %s", text(&t, r, gdt_stepper_param(&r->s, i))),
                         GDT_OK);
        assert_int_equal(gdt_buf_printf(trace, " %s",
                                        text(&t, r, gdt_stepper_partial(&r->s, i))), GDT_OK);
    }
    if (r->s.has_loss)
        assert_int_equal(gdt_buf_printf(trace, " %s", text(&t, r, gdt_stepper_loss(&r->s))),
                         GDT_OK);
    assert_int_equal(gdt_buf_printf(trace, " %#x\n", r->d.flags), GDT_OK);
    gdt_buf_clear(&t);
}

/* Run R of case C to its end as gdt_run_steps does, printing every
   C->every-th step (none: 0) into TRACE: with BURST as it does, with
   bursts of random lengths before each generic step, and the update
   told when the next step is printed; else all on the generic path. */
static void
run_to_end(run *r, const kase *c, int burst, gdt_buf *trace)
{
    unsigned long every = c->every;

    if (!burst)
        assert_int_equal(gdt_burst_disable(&r->s), 1);
    for (;;) {
        /* up to the next step printed at most, as gdt_run_steps */
        unsigned long limit = rng() % 3 ? ULONG_MAX : r->s.k + rng() % 40;

        if (every != 0 && limit > r->s.k + (every - r->s.k % every) % every)
            limit = r->s.k + (every - r->s.k % every) % every;
        if (burst)
            gdt_burst_steps(&r->s, limit, NULL);
        r->s.print = every == 0 ? GDT_PRINT_SUMMARY
                     : r->s.k % every == 0 ? GDT_PRINT_STEP : GDT_PRINT_IF_LAST;
        if ((r->st = gdt_stepper_eval(&r->s, &r->err)) != GDT_OK)
            return;
        if (r->s.print == GDT_PRINT_STEP || (every != 0 && r->s.stop != GDT_STOP_NONE))
            trace_step(trace, r, c->program.nparams);
        if (r->s.stop != GDT_STOP_NONE)
            return;
        r->s.eval_ahead = burst && every != 0 && (r->s.k + 1) % every == 0;
        r->st = gdt_stepper_update(&r->s, &r->err);
        r->s.eval_ahead = 0;
        if (r->st != GDT_OK)
            return;
    }
}

/* Compare the generic run G and the burst's B of case C (described by
   WHAT); count what differs. */
static void
compare(const run *g, const run *b, const kase *c, const char *what)
{
    gdt_buf x, y;
    size_t i;
    int bad = 0;

    gdt_buf_init(&x);
    gdt_buf_init(&y);
    if (g->s.k != b->s.k || g->s.stop != b->s.stop || g->st != b->st
        || g->s.cycle_period != b->s.cycle_period || g->s.cycle_start != b->s.cycle_start
        || strcmp(g->err.msg, b->err.msg) != 0 || g->d.flags != b->d.flags) {
        printf("end wrong: %s\n  got  step %lu stop %s status %d flags %#x \"%s\"\n"
               "  want step %lu stop %s status %d flags %#x \"%s\"\n",
               what, b->s.k, gdt_stop_str(b->s.stop), (int)b->st, b->d.flags, b->err.msg,
               g->s.k, gdt_stop_str(g->s.stop), (int)g->st, g->d.flags, g->err.msg);
        bad = 1;
    }
    for (i = 0; i < c->program.nparams && !bad; i++)
        if (!g->d.ops->identical(gdt_stepper_param(&g->s, i), gdt_stepper_param(&b->s, i),
                                 (gdt_domain *)&g->d)) {
            printf("%s\n", what);
            report("parameter", text(&x, b, gdt_stepper_param(&b->s, i)),
                   text(&y, g, gdt_stepper_param(&g->s, i)));
            failures--;
            bad = 1;
        }
    if (!bad && g->s.has_loss != b->s.has_loss)
        bad = printf("has_loss wrong: %s\n", what) > 0;
    if (!bad && g->s.has_loss
        && !g->d.ops->identical(gdt_stepper_loss(&g->s), gdt_stepper_loss(&b->s),
                                (gdt_domain *)&g->d)) {
        printf("%s\n", what);
        report("loss", text(&x, b, gdt_stepper_loss(&b->s)), text(&y, g, gdt_stepper_loss(&g->s)));
        failures--;
        bad = 1;
    }
    failures += bad;
    gdt_buf_clear(&x);
    gdt_buf_clear(&y);
}

/* N random cases; with PER_PARAM a learning rate for each parameter. */
static void
random_cases(long n, int per_param)
{
    int rounding = native_rounding_works();
    long i;
    size_t j;

    for (i = 0; i < n; i++) {
        kase c;
        run g, b;
        gdt_buf loss, grad[3], what, gt, bt;
        const char *gp[3];
        const mode *m = &PICK(modes);
        size_t np = 1 + rng() % 3;
        mpq_t lrp[3];
        unsigned char lrp_neg0[3];

        gdt_buf_init(&loss);
        gdt_buf_init(&what);
        /* the loss names the parameters in order; the partials are given */
        assert_int_equal(gdt_buf_puts(&loss, np == 1 ? "w^2 + " : np == 2 ? "w*v + " : "w*v*u + "),
                         GDT_OK);
        gen(&loss, np, 2);
        for (j = 0; j < np; j++) {
            gdt_buf_init(&grad[j]);
            assert_int_equal(gdt_buf_printf(&grad[j], "%s=", names[j]), GDT_OK);
            gen(&grad[j], np, 1 + (int)(rng() % 4));
            gp[j] = grad[j].s;
        }
        assert_int_equal(gdt_problem_init(&c.problem, loss.s, gp, np, NULL, NULL, &g.err),
                         GDT_OK);
        assert_int_equal(gdt_program_init(&c.program, c.problem.loss, c.problem.grad,
                                          c.problem.n), GDT_OK);
        c.mode = m->name;
        c.emulated = 0;
        c.prec = rng() % 4 == 0 ? 53 : 2 + (mpfr_prec_t)(rng() % 120);
        c.rnd = rnds[rng() % (m->has_rnda ? 5 : 4)];
        if (extreme) { /* mpfr 53 or binary64 on MPFR, mostly to nearest */
            c.emulated = rng() % 3 == 0;
            c.mode = c.emulated ? "binary64" : "mpfr";
            c.prec = 53;
            c.rnd = rng() % 8 ? MPFR_RNDN : rnds[rng() % 5];
        }
        if (!rounding && strncmp(m->name, "native", 6) == 0)
            c.rnd = MPFR_RNDN; /* valgrind */
        mpq_init(c.lr);
        q_of(c.lr, PICK(lrs));
        for (j = 0; j < np; j++) {
            mpq_init(c.w0[j]);
            q_of(c.w0[j], PICK(w0s));
        }
        c.neg0 = rng() % 4 == 0;
        c.stop_on_zero = rng() % 4 != 0;
        c.cycles = rng() % (extreme ? 8 : 3) == 0;
        c.max_iter = rng() % 3 ? rng() % 200 : rng() % 3000;
        c.update = rng() % (extreme ? 8 : 4) == 0 ? GDT_UPDATE_FMA : GDT_UPDATE_SUB;
        c.every = rng() % 2 ? 0 : rng() % 2 ? 1 : 1 + rng() % 9;
        memset(c.fields, 1, sizeof c.fields);
        c.fields[GDT_FIELD_LOSS(np)] = rng() % 3 != 0;
        assert_int_equal(gdt_buf_printf(&what, "%s%s prec %ld rnd %c %s, %lu steps%s%s%s, loss %s",
                                        c.mode, c.emulated ? " (on MPFR)" : "", (long)c.prec, mpfr_print_rnd_mode(c.rnd)[8],
                                        c.update == GDT_UPDATE_FMA ? "fma" : "sub", c.max_iter,
                                        c.stop_on_zero ? "" : ", no grad-zero",
                                        c.cycles ? ", cycle" : "", c.neg0 ? ", -0" : "",
                                        loss.s), GDT_OK);
        for (j = 0; j < np; j++)
            assert_int_equal(gdt_buf_printf(&what, ", %s", grad[j].s), GDT_OK);
        run_init(&g, &c);
        run_init(&b, &c);
        for (j = 0; per_param && j < np; j++) {
            mpq_init(lrp[j]);
            q_of(lrp[j], rng() % 8 == 0 ? "0" : PICK(lrs));
            lrp_neg0[j] = rng() % 2;
            assert_int_equal(gdt_buf_printf(&what, ", lr_%s %s", names[j],
                                            lrp_neg0[j] && mpq_sgn(lrp[j]) == 0 ? "-" : ""),
                             GDT_OK);
            assert_int_equal(gdt_q_get_str(&what, lrp[j]), GDT_OK);
        }
        if (per_param) {
            run_set_lrs(&g, (const mpq_t *)lrp, lrp_neg0, np);
            run_set_lrs(&b, (const mpq_t *)lrp, lrp_neg0, np);
        }
        gdt_buf_init(&gt);
        gdt_buf_init(&bt);
        assert_int_equal(gdt_buf_printf(&what, ", every %lu%s", c.every,
                                        c.fields[GDT_FIELD_LOSS(np)] ? "" : ", no loss"),
                         GDT_OK);
        run_to_end(&g, &c, 0, &gt);
        run_to_end(&b, &c, 1, &bt);
        compare(&g, &b, &c, what.s);
        if (strcmp(gt.s ? gt.s : "", bt.s ? bt.s : "") != 0) {
            printf("%s\n", what.s);
            report("printed steps", bt.s ? bt.s : "", gt.s ? gt.s : "");
        }
        gdt_buf_clear(&gt);
        gdt_buf_clear(&bt);
        run_clear(&g);
        run_clear(&b);
        mpq_clear(c.lr);
        for (j = 0; j < np; j++) {
            mpq_clear(c.w0[j]);
            gdt_buf_clear(&grad[j]);
            if (per_param)
                mpq_clear(lrp[j]);
        }
        gdt_program_clear(&c.program);
        gdt_problem_clear(&c.problem);
        gdt_buf_clear(&loss);
        gdt_buf_clear(&what);
    }
    check_failures();
}

static void
test_random(void **state)
{
    const char *variant = getenv("GDTRACE_TEST_VARIANT");

    (void)state;
    random_cases(variant != NULL && strcmp(variant, "valgrind") == 0 ? 300 : 3000, 0);
}

/* The same with a learning rate per parameter. */
static void
test_random_lrs(void **state)
{
    const char *variant = getenv("GDTRACE_TEST_VARIANT");

    (void)state;
    random_cases(variant != NULL && strcmp(variant, "valgrind") == 0 ? 100 : 1000, 1);
}

/* The MPFR domains of 53 bits, whose bursts run on doubles where the
   values allow (loop_d53), with constants that take them out of its range
   and back. */
static void
test_random_d53(void **state)
{
    const char *variant = getenv("GDTRACE_TEST_VARIANT");
    long n = variant != NULL && strcmp(variant, "valgrind") == 0 ? 150 : 1500;

    (void)state;
    extreme = 1;
    random_cases(n, 0);
    random_cases(n / 3, 1);
    extreme = 0;
}

/* loop_d53's inexact flag, read from the machine's: runs that are exact
   for a while, compared after a burst of STEPS steps with as many generic
   steps, before anything else evaluates (which would raise the flag
   again): the flags, the parameter. */
static void
test_d53_flags(void **state)
{
    static const struct {
        const char *grad, *lr, *w0;
    } cases[] = {
        { "w / 3", "1", "3" },        /* inexact from step 1 */
        { "w - 1", "0.5", "3" },      /* exact until w is 1 + 2^-53 */
        { "w*w*w - w", "0.5", "2" },  /* exact for a few steps */
        { "w^3 - w", "0.25", "2" },   /* the same with a power */
        { "w", "0.5", "1e300" },      /* exact down to MPFR's subnormals */
    };
    static const unsigned long steps[] = { 1, 2, 5, 40, 60, 200, 1100 };
    size_t i, j;
    gdt_buf x, y;

    (void)state;
    gdt_buf_init(&x);
    gdt_buf_init(&y);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (j = 0; j < sizeof steps / sizeof steps[0]; j++) {
            run g, b;
            kase c;
            const char *grad = cases[i].grad;
            unsigned long k;

            assert_int_equal(gdt_problem_init(&c.problem, "w^2", &grad, 1, NULL, NULL,
                                              &g.err), GDT_OK);
            assert_int_equal(gdt_program_init(&c.program, c.problem.loss, c.problem.grad, 1),
                             GDT_OK);
            c.mode = "mpfr";
            c.emulated = 0;
            c.prec = 53;
            c.rnd = MPFR_RNDN;
            mpq_init(c.lr);
            mpq_init(c.w0[0]);
            q_of(c.lr, cases[i].lr);
            q_of(c.w0[0], cases[i].w0);
            c.neg0 = 0;
            c.stop_on_zero = 1;
            c.cycles = 0;
            c.max_iter = 100000;
            c.update = GDT_UPDATE_SUB;
            c.every = 0;
            memset(c.fields, 1, sizeof c.fields);
            run_init(&g, &c);
            run_init(&b, &c);
            assert_int_equal(gdt_burst_disable(&g.s), 1);
            g.s.print = GDT_PRINT_SUMMARY;
            for (k = 0; k < steps[j] && g.s.stop == GDT_STOP_NONE; k++) {
                assert_int_equal(gdt_stepper_eval(&g.s, &g.err), GDT_OK);
                if (g.s.stop == GDT_STOP_NONE)
                    assert_int_equal(gdt_stepper_update(&g.s, &g.err), GDT_OK);
            }
            if (g.s.stop == GDT_STOP_NONE) {
                gdt_burst_steps(&b.s, steps[j], NULL);
                if (b.s.k != g.s.k || b.d.flags != g.d.flags
                    || !g.d.ops->identical(gdt_stepper_param(&g.s, 0),
                                           gdt_stepper_param(&b.s, 0), &g.d)) {
                    printf("grad %s, lr %s, w0 %s, %lu steps\n", grad, cases[i].lr,
                           cases[i].w0, steps[j]);
                    printf("  got  step %lu flags %#x w %s\n", b.s.k, b.d.flags,
                           text(&x, &b, gdt_stepper_param(&b.s, 0)));
                    printf("  want step %lu flags %#x w %s\n", g.s.k, g.d.flags,
                           text(&y, &g, gdt_stepper_param(&g.s, 0)));
                    failures++;
                }
            }
            run_clear(&g);
            run_clear(&b);
            mpq_clear(c.lr);
            mpq_clear(c.w0[0]);
            gdt_program_clear(&c.program);
            gdt_problem_clear(&c.problem);
        }
    gdt_buf_clear(&x);
    gdt_buf_clear(&y);
    check_failures();
}

/* W3's problem in mode NAME (PREC) from w0 0.5, up to MAX_ITER steps. */
static void
w3_init(run *r, kase *c, const char *name, mpfr_prec_t prec, unsigned long max_iter)
{
    const char *grad = "w*w*w - w";

    assert_int_equal(gdt_problem_init(&c->problem, "w^4/4 - w^2/2", &grad, 1, NULL, NULL,
                                      &r->err), GDT_OK);
    assert_int_equal(gdt_program_init(&c->program, c->problem.loss, c->problem.grad, 1),
                     GDT_OK);
    c->mode = name;
    c->emulated = 0;
    c->prec = prec;
    c->rnd = MPFR_RNDN;
    mpq_init(c->lr);
    mpq_init(c->w0[0]);
    q_of(c->lr, "1.1");
    q_of(c->w0[0], "0.5");
    c->neg0 = 0;
    c->stop_on_zero = 1;
    c->cycles = 0;
    c->max_iter = max_iter;
    c->update = GDT_UPDATE_SUB;
    c->every = 0;
    memset(c->fields, 1, sizeof c->fields);
    run_init(r, c);
}

static void
w3_clear(run *r, kase *c)
{
    run_clear(r);
    mpq_clear(c->lr);
    mpq_clear(c->w0[0]);
    gdt_program_clear(&c->program);
    gdt_problem_clear(&c->problem);
}

/* The progress callback's record: the steps it was told, and a stop flag
   it raises at its STOP_AT-th call. */
typedef struct progress {
    unsigned long calls, last;
    unsigned long stop_at;
    volatile sig_atomic_t stop;
} progress;

static void
on_progress(void *user, unsigned long k)
{
    progress *p = user;

    p->calls++;
    p->last = k;
    if (p->calls == p->stop_at)
        p->stop = 1;
}

/* A stop asked for before a burst: no step; one asked for by the progress
   callback: the burst ends at that poll; the callback is told the step
   every 4096 steps at least. */
static void
test_stop_and_progress(void **state)
{
    progress p = { 0, 0, 0, 0 };
    gdt_run_opts opts = { &p.stop, on_progress, &p };
    const char *modes_here[] = { "native-double", "binary32", "mpfr" };
    size_t m;

    (void)state;
    for (m = 0; m < 3; m++) {
        run r;
        kase c;

        w3_init(&r, &c, modes_here[m], 53, 100000);
        p.stop = 1;
        gdt_burst_steps(&r.s, ULONG_MAX, &opts);
        assert_int_equal(r.s.k, 0);
        p.stop = 0;
        p.calls = 0;
        p.stop_at = 3;
        gdt_burst_steps(&r.s, ULONG_MAX, &opts);
        assert_int_equal(p.calls, 3);
        assert_int_equal(r.s.k, 3 * 4096);
        assert_int_equal(p.last, 3 * 4096);
        p.stop = 0;
        p.stop_at = 0;
        gdt_burst_steps(&r.s, 20000, &opts);
        assert_int_equal(r.s.k, 20000);
        gdt_burst_steps(&r.s, ULONG_MAX, &opts); /* to max_iter, not beyond */
        assert_int_equal(r.s.k, 100000);
        assert_int_equal(r.s.stop, GDT_STOP_NONE);
        assert_int_equal(r.s.evaluated, 0);
        w3_clear(&r, &c);
    }
}

/* What the burst leaves to the generic path: the exact and integer
   domains, functions, select, and under --stop cycle the step where
   nothing is saved yet. */
static void
test_not_taken(void **state)
{
    static const struct {
        const char *mode, *grad;
        int cycles;
    } cases[] = {
        { "exact", "w*w*w - w", 0 },
        { "int32", "w*w*w - w", 0 },
        { "native-double", "exp(w) - w", 0 },
        { "mpfr", "min(w, 1) - w", 0 },
        { "binary32", "w*w*w - w", 1 }, /* nothing saved yet: step 0 is generic */
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run r;
        kase c;
        const char *grad = cases[i].grad;

        assert_int_equal(gdt_problem_init(&c.problem, "w^4 - w^2", &grad, 1, NULL, NULL,
                                          &r.err), GDT_OK);
        assert_int_equal(gdt_program_init(&c.program, c.problem.loss, c.problem.grad, 1),
                         GDT_OK);
        c.mode = cases[i].mode;
        c.emulated = 0;
        c.prec = 53;
        c.rnd = MPFR_RNDN;
        mpq_init(c.lr);
        mpq_init(c.w0[0]);
        q_of(c.lr, "1");
        q_of(c.w0[0], "2");
        c.neg0 = 0;
        c.stop_on_zero = 1;
        c.cycles = cases[i].cycles;
        c.max_iter = 10;
        c.update = GDT_UPDATE_SUB;
        c.every = 0;
        memset(c.fields, 1, sizeof c.fields);
        run_init(&r, &c);
        gdt_burst_steps(&r.s, ULONG_MAX, NULL);
        assert_int_equal(r.s.k, 0);
        run_clear(&r);
        mpq_clear(c.lr);
        mpq_clear(c.w0[0]);
        gdt_program_clear(&c.program);
        gdt_problem_clear(&c.problem);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_random_lrs),
        cmocka_unit_test(test_random_d53),
        cmocka_unit_test(test_d53_flags),
        cmocka_unit_test(test_stop_and_progress),
        cmocka_unit_test(test_not_taken),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
