/* test_sweep_lanes -- a sweep in batches of lanes (run/sweep_lanes.c)
   gives every record of the point-by-point path (gdt_sweep_opts's
   point_by_point), byte for byte: outcome, period, step, the loss at the
   step and the values held, on random problems and grids in every mode
   whose values are doubles, every rounding direction and both updates,
   linear and log axes, the learning rate of all parameters or of one:
   convergence, stalls, cycles, escapes, overflows to inf, NaN, subnormal
   values */
#include <stdlib.h>
#include "gdtrace/mode.h"
#include "gdtrace/problem.h"
#include "gdtrace/program.h"
#include "gdtrace/sweep.h"
#include "testutil.h"

/* A sink that prints all of a record, the values in hex. */
static gdt_status
full_record(void *ctx, const gdt_sweep_point *p, gdt_buf *out, gdt_error *err)
{
    gdt_domain *d = p->dom;
    mpfr_t x;
    char buf[64];
    size_t k;
    gdt_status st;

    (void)ctx, (void)err;
    mpfr_init2(x, 64);
    st = gdt_buf_printf(out, "%llu %s %lu %lu", (unsigned long long)p->index,
                        gdt_outcome_str(p->outcome), p->period, p->step);
    for (k = 0; k < 3 && st == GDT_OK; k++) {
        const gdt_val *v = k < 2 ? p->axis[k] : p->loss;
        if (v == NULL)
            continue;
        d->ops->get_fr(x, v, MPFR_RNDN, d);
        mpfr_snprintf(buf, sizeof buf, " %Ra", x);
        st = gdt_buf_printf(out, "%s", buf);
    }
    if (st == GDT_OK) {
        char *q = mpq_get_str(NULL, 16, *p->lr);
        st = gdt_buf_printf(out, " %s\n", q);
        free(q);
    }
    mpfr_clear(x);
    return st;
}

static gdt_status
full_write(void *ctx, gdt_buf *records, uint64_t first, uint64_t n, gdt_error *err)
{
    (void)first, (void)n, (void)err;
    return gdt_buf_putn(ctx, records->s, records->len);
}

static const char *const losses[] = {
    "w*w*w*w/4 - w*w/2",    /* the bench's: converges, stalls, cycles */
    "(w-1)^2 + 2",          /* 2-cycles at lr 1, escapes beyond */
    "w^4/4 - w^2/2",        /* a power through the method */
    "w^3/3 + w*w",          /* escapes to -inf */
    "1/w + w*w",            /* inf at w = 0 */
    "w*w*1e300",            /* overflow */
    "w*w*1e-300 + w*1e-20", /* subnormal partials */
    "0*w/w",                /* NaN at w = 0 */
    "w*w*w*w/0.25 - w*w/3 + w/1024", /* divisions by powers of two, and not */
    "w*w/65536/65536",      /* a reciprocal beyond binary16's range */
    "a*a + a*b + 3*b*b",    /* two parameters */
    "(a*b - 1)^2 + a^5/7",
};

static const char *const modes[] = { "binary64", "native-double", "binary32", "binary16",
                                     "bfloat16" };
static const mpfr_rnd_t rnds[] = { MPFR_RNDN, MPFR_RNDZ, MPFR_RNDU, MPFR_RNDD, MPFR_RNDA };
static const char *const lr_ends[] = { "0", "-0.5", "0.001", "0.5", "1", "1.5", "2", "3",
                                       "1e10" };
static const char *const w0s[] = { "0.5", "-2", "0", "1", "3", "1e-320", "1e-40", "100",
                                   "0.1" };
static const char *const escapes[] = { "1e16", "100", "1.5", "1e300" };

#define PICK(a) (a)[rng() % (sizeof(a) / sizeof *(a))]

/* The grids tried, and the points they must hold at least: a tenth under
   valgrind, which runs them some fifty times slower. */
static int ngrids = 1000, min_points = 100000;

static void
test_random(void **state)
{
    static const char *const names[] = { " converged ", " stalled ", " cycle ", " diverged ",
                                         " bounded " };
    size_t k;
    int c, points = 0, seen[5] = { 0 };

    (void)state;
    for (c = 0; c < ngrids; c++) {
        gdt_problem p;
        gdt_program prog;
        gdt_sweep_axis ax[2];
        gdt_sweep_opts o;
        gdt_sweep_sink sink;
        gdt_error err;
        const char *where, *loss = PICK(losses), *mode = PICK(modes);
        mpq_t lr, w0[2], esc, lrs[2];
        gdt_buf out[2];
        uint64_t done = 0;
        int path;
        gdt_status st;

        assert_int_equal(gdt_problem_init(&p, loss, NULL, 0, NULL, &where, &err), GDT_OK);
        assert_int_equal(gdt_program_init(&prog, p.loss, p.grad, p.n), GDT_OK);
        mpq_inits(lr, w0[0], w0[1], esc, lrs[0], lrs[1], (mpq_ptr)0);
        q_of(esc, PICK(escapes));
        q_of(lr, "0.1");
        for (k = 0; k < prog.nparams; k++)
            q_of(w0[k], PICK(w0s));
        for (k = 0; k < 2; k++)
            gdt_sweep_axis_init(&ax[k]);
        do {
            q_of(ax[0].a, PICK(lr_ends));
            q_of(ax[0].b, PICK(lr_ends));
        } while (mpq_cmp(ax[0].b, ax[0].a) == 0);
        if (mpq_cmp(ax[0].b, ax[0].a) < 0)
            mpq_swap(ax[0].a, ax[0].b);
        ax[0].n = 20 + rng() % 100;
        if (rng() % 4 == 0 && mpq_sgn(ax[0].a) > 0)
            ax[0].scale = GDT_SWEEP_LOG; /* the points rounded by MPFR */
        if (prog.nparams > 1 && rng() % 2) { /* the lr of one parameter, as
                                                 torch's parameter groups */
            ax[0].target = GDT_SWEEP_LR_OF;
            ax[0].param = rng() % prog.nparams;
            for (k = 0; k < prog.nparams; k++)
                q_of(lrs[k], k == 0 ? "0.05" : "0.2");
        }
        ax[1].target = GDT_SWEEP_W0;
        ax[1].param = rng() % prog.nparams;
        q_of(ax[1].a, "-1.5");
        q_of(ax[1].b, rng() % 2 ? "2" : "1e-300");
        ax[1].n = 1 + rng() % 3;
        o = (gdt_sweep_opts){ .prog = &prog, .names = p.params.name, .mode = mode,
                              .prec = 53, .rnd = rng() % 2 ? MPFR_RNDN : PICK(rnds),
                              .update = rng() % 3 == 0 ? GDT_UPDATE_FMA : GDT_UPDATE_SUB,
                              .lr = (const mpq_t *)&lr, .w0 = (const mpq_t *)w0,
                              .max_iter = 1 + rng() % 300, .axes = ax, .naxes = 2,
                              .escape = (const mpq_t *)&esc, .threads = 1 + rng() % 2 };
        if (ax[0].target == GDT_SWEEP_LR_OF && rng() % 2)
            o.lrs = (const mpq_t *)lrs; /* the other parameter's own lr */
        if (rng() % 4 == 0)
            o.max_iter = 0;
        if (o.rnd == MPFR_RNDA && strcmp(mode, "native-double") == 0)
            o.rnd = MPFR_RNDN; /* C has no such direction */
        for (path = 0; path < 2; path++) {
            gdt_buf_init(&out[path]);
            sink = (gdt_sweep_sink){ .ctx = &out[path], .record = full_record,
                                     .write = full_write };
            o.point_by_point = path;
            gdt_error_clear(&err);
            st = gdt_sweep_run(&o, &sink, &done, &err);
            if (st != GDT_OK)
                printf("loss %s mode %s path %d: %s\n", loss, mode, path, err.msg);
            assert_int_equal(st, GDT_OK);
            assert_int_equal(done, gdt_sweep_points(&o));
        }
        points += (int)done;
        for (k = 0; k < 5; k++)
            seen[k] += strstr(out[0].s, names[k]) != NULL;
        if (out[0].len != out[1].len || memcmp(out[0].s, out[1].s, out[0].len) != 0) {
            report("lanes", out[0].s, out[1].s);
            printf("  loss %s mode %s rnd %d update %d max_iter %lu\n", loss, mode,
                   (int)o.rnd, (int)o.update, o.max_iter);
        }
        for (path = 0; path < 2; path++)
            gdt_buf_clear(&out[path]);
        for (k = 0; k < 2; k++)
            gdt_sweep_axis_clear(&ax[k]);
        mpq_clears(lr, w0[0], w0[1], esc, lrs[0], lrs[1], (mpq_ptr)0);
        gdt_program_clear(&prog);
        gdt_problem_clear(&p);
        if (failures > 3)
            break;
    }
    assert_true(points > min_points);
    for (k = 0; k < 5; k++)
        assert_true(seen[k] > (ngrids >= 1000 ? 10 : 0));
    check_failures();
}

int
main(void)
{
    const char *variant = getenv("GDTRACE_TEST_VARIANT");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random),
    };

    if (variant != NULL && strcmp(variant, "valgrind") == 0) {
        ngrids = 100;
        min_points = 10000;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
