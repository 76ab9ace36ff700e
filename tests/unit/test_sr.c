/* test_sr -- stochastic rounding (src/num/sr.c): Philox4x32-10 against
   Random123's known answers, the rounding's probabilities at their
   boundaries (chosen random bits), its unbiasedness (the mean of many
   roundings against the exact value), exact values never moved, and
   runs that are the same bit for bit from their seed */
#include <math.h>
#include <stdlib.h>
#include "gdtrace/gd.h"
#include "gdtrace/mode.h"
#include "gdtrace/problem.h"
#include "gdtrace/program.h"
#include "gdtrace/sr.h"
#include "testutil.h"

/* Random123's kat_vectors, the three philox4x32 10 lines: counter, key,
   the output. */
static void
test_philox_kat(void **state)
{
    static const struct { uint32_t ctr[4], key[2], want[4]; } kat[] = {
        { { 0, 0, 0, 0 }, { 0, 0 }, { 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8 } },
        { { 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff }, { 0xffffffff, 0xffffffff },
          { 0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd } },
        { { 0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344 }, { 0xa4093822, 0x299f31d0 },
          { 0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1 } },
    };
    size_t i, j;
    uint32_t out[4];
    char got[64], want[64];

    (void)state;
    for (i = 0; i < sizeof kat / sizeof kat[0]; i++) {
        gdt_philox4x32(out, kat[i].ctr, kat[i].key);
        for (j = 0; j < 4; j++)
            if (out[j] != kat[i].want[j]) {
                snprintf(got, sizeof got, "%08x %08x %08x %08x", out[0], out[1], out[2], out[3]);
                snprintf(want, sizeof want, "%08x %08x %08x %08x", kat[i].want[0],
                         kat[i].want[1], kat[i].want[2], kat[i].want[3]);
                report("philox4x32-10", got, want);
                printf("  vector %zu\n", i);
                break;
            }
    }
    check_failures();
}

/* One case of gdt_sr_pick: Y (a decimal or p/q, exact) in FORMAT, rounded
   with BITS; Y_INEXACT: the exact x is a little above Y.  WANT: the
   result as the format's shortest text. */
typedef struct pick_case {
    const char *format;
    const char *y;
    int inexact;
    uint32_t bits;
    const char *want;
} pick_case;

static const pick_case pick_cases[] = {
    /* 1 + 2^-12: a quarter of the way from 1 to 1 + 2^-10 in binary16, so
       exactly the r < 2^30 go up */
    { "binary16", "4097/4096", 0, 0, "1.001" },
    { "binary16", "4097/4096", 0, (1u << 30) - 1, "1.001" },
    { "binary16", "4097/4096", 0, 1u << 30, "1.0" },
    { "binary16", "4097/4096", 0, 0xffffffffu, "1.0" },
    /* a little above: 2^32 t is no integer, r <= 2^30 go up */
    { "binary16", "4097/4096", 1, 1u << 30, "1.001" },
    { "binary16", "4097/4096", 1, (1u << 30) + 1, "1.0" },
    /* below zero: x - down is three quarters of the spacing */
    { "binary16", "-4097/4096", 0, 3u << 30, "-1.001" },
    { "binary16", "-4097/4096", 0, (3u << 30) - 1, "-1.0" },
    /* subnormals: a quarter of the least one, 2^-24; its negative rounds
       up to -0 three times in four */
    { "binary16", "1/67108864", 0, (1u << 30) - 1, "6e-08" },
    { "binary16", "1/67108864", 0, 1u << 30, "0.0" },
    { "binary16", "-1/67108864", 0, (3u << 30) - 1, "-0.0" },
    { "binary16", "-1/67108864", 0, 3u << 30, "-6e-08" },
    /* half way between two subnormals 5 and 6 times 2^-24 */
    { "binary16", "11/33554432", 0, (1u << 31) - 1, "3.6e-07" },
    { "binary16", "11/33554432", 0, 1u << 31, "3e-07" },
    /* beyond the largest, 65504: a quarter of the spacing 32 above it */
    { "binary16", "65512", 0, (1u << 30) - 1, "inf" },
    { "binary16", "65512", 0, 1u << 30, "65500.0" },
    /* bfloat16: 1 + 2^-9, a quarter of 2^-7 */
    { "bfloat16", "513/512", 0, (1u << 30) - 1, "1.01" },
    { "bfloat16", "513/512", 0, 1u << 30, "1.0" },
    /* an exact value never moves */
    { "bfloat16", "3/2", 0, 0, "1.5" },
    { "bfloat16", "3/2", 0, 0xffffffffu, "1.5" },
    /* binary32: one 2^-32-th of the spacing above 1, r = 0 only */
    { "binary32", "18446744073709551617/18446744073709551616", 0, 0, "1.0000001" },
    { "binary32", "18446744073709551617/18446744073709551616", 0, 1, "1.0" },
};

static void
test_pick(void **state)
{
    size_t i;
    gdt_numfmt f = { GDT_DIGITS_SHORTEST, 0, 0 };

    (void)state;
    for (i = 0; i < sizeof pick_cases / sizeof pick_cases[0]; i++) {
        const pick_case *c = &pick_cases[i];
        gdt_domain d;
        gdt_val v;
        gdt_buf out;
        mpfr_t y, r;
        mpq_t q;
        mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
        int t;

        assert_int_equal(gdt_domain_init_ieee(&d, c->format, MPFR_RNDN), GDT_OK);
        mpq_init(q);
        q_of(q, c->y);
        mpfr_init2(y, d.prec + 32);
        mpfr_init2(r, d.prec);
        mpfr_set_emin(mpfr_get_emin_min());
        mpfr_set_emax(mpfr_get_emax_max());
        /* y: x rounded down at the precision + 32 (inexact when it is) */
        t = mpfr_set_q(y, q, MPFR_RNDD);
        gdt_sr_pick(r, y, c->inexact || t != 0, c->bits, &d);
        mpfr_set_emin(emin);
        mpfr_set_emax(emax);
        d.ops->init(&v, &d);
        mpfr_set(v.f, r, MPFR_RNDN);
        gdt_buf_init(&out);
        assert_int_equal(d.ops->get_str(&out, &v, &f, &d), GDT_OK);
        if (strcmp(out.s, c->want) != 0) {
            report("gdt_sr_pick", out.s, c->want);
            printf("  %s y %s inexact %d bits 0x%08x\n", c->format, c->y, c->inexact, c->bits);
        }
        gdt_buf_clear(&out);
        d.ops->clear(&v, &d);
        mpfr_clears(y, r, (mpfr_ptr)0);
        mpq_clear(q);
        gdt_domain_clear(&d);
    }
    check_failures();
}

/* R = X rounded in direction RND to the format MODE (its emulation). */
static void
neighbour(mpq_t r, const mpq_t x, const char *mode, mpfr_rnd_t rnd)
{
    gdt_domain e;
    gdt_val v;

    assert_int_equal(gdt_domain_init_ieee(&e, mode, rnd), GDT_OK);
    e.ops->init(&v, &e);
    assert_int_equal(e.ops->set_q(&v, x, &e), GDT_OK);
    assert_int_equal(e.ops->get_q(r, &v, &e), GDT_OK);
    e.ops->clear(&v, &e);
    gdt_domain_clear(&e);
}

/* The mean of N stochastic roundings of a*b (mode MODE, a domain of the
   mode table or the emulation), each at its own counter, is within 6
   standard deviations of the mean, sigma sqrt(N) with
   sigma = spacing sqrt(t (1 - t)), of N a*b: the exact value. */
static void
mean_of_products(const char *mode, int emulated, const char *a_text, const char *b_text,
                 unsigned n)
{
    gdt_domain d;
    gdt_sr g;
    gdt_val a, b, r;
    mpq_t qa, qb, x, sum, v, dev, lo, hi;
    double t, sigma, err;
    unsigned i, ups = 0;

    assert_int_equal(emulated ? gdt_domain_init_ieee(&d, mode, MPFR_RNDN)
                              : gdt_domain_init_mode(&d, mode, 53, MPFR_RNDN), GDT_OK);
    assert_int_equal(gdt_sr_init(&g, GDT_SR_ALL, 12345, &d), GDT_OK);
    d.sr = &g;
    mpq_inits(qa, qb, x, sum, v, dev, lo, hi, (mpq_ptr)0);
    q_of(qa, a_text);
    q_of(qb, b_text);
    d.ops->init(&a, &d);
    d.ops->init(&b, &d);
    d.ops->init(&r, &d);
    assert_int_equal(d.ops->set_q(&a, qa, &d), GDT_OK);
    assert_int_equal(d.ops->set_q(&b, qb, &d), GDT_OK);
    assert_int_equal(d.ops->get_q(qa, &a, &d), GDT_OK);
    assert_int_equal(d.ops->get_q(qb, &b, &d), GDT_OK);
    mpq_mul(x, qa, qb);
    /* the neighbours of x in the format */
    neighbour(lo, x, mode, MPFR_RNDD);
    neighbour(hi, x, mode, MPFR_RNDU);
    for (i = 0; i < n; i++) {
        gdt_sr_at(&g, i, 0);
        assert_int_equal(gdt_sr_round(&r, GDT_SR_MUL, &a, &b, NULL, 0, &d), GDT_OK);
        assert_int_equal(d.ops->get_q(v, &r, &d), GDT_OK);
        mpq_add(sum, sum, v);
        ups += mpq_equal(hi, v) != 0;
    }
    /* the mean minus x, in units of the spacing */
    mpq_set_ui(v, n, 1);
    mpq_div(sum, sum, v);
    mpq_sub(dev, sum, x);
    mpq_sub(v, hi, lo); /* the spacing */
    mpq_div(dev, dev, v);
    err = fabs(mpq_get_d(dev));
    mpq_sub(sum, x, lo); /* t = (x - down) / spacing */
    mpq_div(sum, sum, v);
    t = mpq_get_d(sum);
    sigma = sqrt(t * (1 - t) / n);
    if (!(t > 0 && t < 1) || err > 6 * sigma) {
        char got[64], want[64];
        snprintf(got, sizeof got, "%.6g spacings off, %u of %u up", err, ups, n);
        snprintf(want, sizeof want, "at most %.6g (t = %.6g)", 6 * sigma, t);
        report("mean of stochastic roundings", got, want);
        printf("  %s%s %s * %s\n", mode, emulated ? " (emulated)" : "", a_text, b_text);
    }
    d.ops->clear(&a, &d);
    d.ops->clear(&b, &d);
    d.ops->clear(&r, &d);
    mpq_clears(qa, qb, x, sum, v, dev, lo, hi, (mpq_ptr)0);
    gdt_sr_clear(&g);
    gdt_domain_clear(&d);
}

static void
test_unbiased(void **state)
{
    (void)state;
    mean_of_products("bfloat16", 0, "0.1", "1.59375", 4000);
    mean_of_products("bfloat16", 1, "0.1", "1.59375", 4000);
    mean_of_products("binary16", 0, "0.3", "0.7", 4000);
    mean_of_products("binary32", 0, "0.1", "3", 4000);
    mean_of_products("binary64", 0, "0.1", "3", 2000);
    mean_of_products("binary128", 1, "0.1", "3", 1000);
    mean_of_products("binary16", 0, "1e-4", "1e-3", 4000); /* subnormal */
    check_failures();
}

/* An exact result is never moved and draws no bits; inf stays inf. */
static void
test_exact_stays(void **state)
{
    gdt_domain d;
    gdt_sr g;
    gdt_val a, b, r;
    mpq_t q;
    unsigned i;

    (void)state;
    assert_int_equal(gdt_domain_init_mode(&d, "bfloat16", 53, MPFR_RNDN), GDT_OK);
    assert_int_equal(gdt_sr_init(&g, GDT_SR_ALL, 7, &d), GDT_OK);
    d.sr = &g;
    mpq_init(q);
    d.ops->init(&a, &d);
    d.ops->init(&b, &d);
    d.ops->init(&r, &d);
    q_of(q, "1.5");
    assert_int_equal(d.ops->set_q(&a, q, &d), GDT_OK);
    q_of(q, "0.25");
    assert_int_equal(d.ops->set_q(&b, q, &d), GDT_OK);
    for (i = 0; i < 64; i++) {
        gdt_sr_at(&g, i, 0);
        d.flags = 0;
        assert_int_equal(gdt_sr_round(&r, GDT_SR_ADD, &a, &b, NULL, 0, &d), GDT_OK);
        assert_int_equal(d.ops->get_q(q, &r, &d), GDT_OK);
        assert_int_equal(mpq_cmp_si(q, 7, 4), 0);
        assert_int_equal(d.flags, 0);
        assert_int_equal(g.sub, 0);
    }
    d.ops->clear(&a, &d);
    d.ops->clear(&b, &d);
    d.ops->clear(&r, &d);
    mpq_clear(q);
    gdt_sr_clear(&g);
    gdt_domain_clear(&d);
}

/* The notes' loss (w-1)^2 + 2 at lr 0.1 from 2 in MODE with stochastic
   rounding SR (0: none) and SEED: the stepper after at most MAX updates,
   its w's text in *W. */
static gdt_stop
notes_run(const char *mode, int sr, uint64_t seed, unsigned long max, char *w, size_t size,
          unsigned long *steps)
{
    gdt_problem p;
    gdt_program prog;
    gdt_domain d;
    gdt_stepper s;
    gdt_error err;
    gdt_numfmt f = { GDT_DIGITS_HEX, 0, 0 };
    gdt_buf out;
    mpq_t lr, w0;
    gdt_stop stop;

    mpq_inits(lr, w0, (mpq_ptr)0);
    q_of(lr, "0.1");
    q_of(w0, "2");
    assert_int_equal(gdt_problem_init(&p, "(w-1)^2 + 2", NULL, 0, NULL, NULL, &err), GDT_OK);
    assert_int_equal(gdt_program_init(&prog, p.loss, p.grad, p.n), GDT_OK);
    assert_int_equal(gdt_domain_init_mode(&d, mode, 53, MPFR_RNDN), GDT_OK);
    assert_int_equal(gdt_stepper_init(&s, &prog, &d, lr, (const mpq_t *)&w0, max,
                                      GDT_UPDATE_SUB, &err), GDT_OK);
    if (sr)
        assert_int_equal(gdt_stepper_set_sr(&s, sr, seed, 0, &err), GDT_OK);
    for (;;) {
        assert_int_equal(gdt_stepper_eval(&s, &err), GDT_OK);
        if (s.stop != GDT_STOP_NONE)
            break;
        assert_int_equal(gdt_stepper_update(&s, &err), GDT_OK);
    }
    stop = s.stop;
    *steps = s.k;
    gdt_buf_init(&out);
    assert_int_equal(d.ops->get_str(&out, gdt_stepper_w(&s), &f, &d), GDT_OK);
    snprintf(w, size, "%s", out.s);
    gdt_buf_clear(&out);
    gdt_stepper_clear(&s);
    gdt_domain_clear(&d);
    gdt_program_clear(&prog);
    gdt_problem_clear(&p);
    mpq_clears(lr, w0, (mpq_ptr)0);
    return stop;
}

/* Round to nearest stalls at 1.016 (1 + 2^-6: the update 0.1 * 2^-5 is
   below half its spacing 2^-7); stochastic rounding reaches 1 (the
   gradient exactly zero) for every seed tried, within 200 steps, and the
   same seed gives the same run. */
static void
test_notes_no_stall(void **state)
{
    char w[64], w2[64];
    unsigned long k, k2;
    uint64_t seed;

    (void)state;
    assert_int_equal(notes_run("bfloat16", 0, 0, 200, w, sizeof w, &k), GDT_STOP_MAX_ITER);
    expect(w, "0x1.04p+0");
    for (seed = 0; seed < 8; seed++) {
        assert_int_equal(notes_run("bfloat16", GDT_SR_UPDATE, seed, 200, w, sizeof w, &k),
                         GDT_STOP_GRAD_ZERO);
        expect(w, "0x1p+0");
        assert_int_equal(notes_run("bfloat16", GDT_SR_UPDATE, seed, 200, w2, sizeof w2, &k2),
                         GDT_STOP_GRAD_ZERO);
        assert_int_equal(k, k2);
        assert_int_equal(notes_run("bfloat16", GDT_SR_ALL, seed, 200, w, sizeof w, &k),
                         GDT_STOP_GRAD_ZERO);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_philox_kat),
        cmocka_unit_test(test_pick),
        cmocka_unit_test(test_unbiased),
        cmocka_unit_test(test_exact_stays),
        cmocka_unit_test(test_notes_no_stall),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
