/* test_pow_small -- x^n for small n on integers (pow_small.c) against
   mpfr_pow_si, the path every domain took before

   The oracle is what the MPFR domains' pow_si does (num_mpfr.c): one
   mpfr_pow_si in the domain's exponent range, then the range check and,
   for the IEEE formats, mpfr_subnormalize, with the flags as IEEE 754
   reports them (underflow only when inexact).  gdt_pow_small must give the
   same double and flags wherever it decides, and it must decide every
   finite nonzero number of the IEEE formats for 2 <= n <= 8; then the
   pow_si of the domains that call it (native-double, native-float,
   binary16/bfloat16/binary32 on doubles, the binary64 emulation, mpfr 53)
   must agree with the oracle for every n from -3 to 10, those that stay on
   MPFR included.  The values lean on the hard cases: short significands
   (exact powers and ties), results near overflow, near the least normal
   number and below the least subnormal, and both signs.  gdt_pow_rn53,
   x^2, x^3 and x^4 to nearest by the machine's fma where that settles them,
   must agree with the oracle wherever it settles.

   `make test` runs 20000 values a format and direction (200 under
   valgrind); `make test-exhaustive` runs this program with --exhaustive:
   2 10^6 a format and direction (10^7 a format, and for gdt_pow_rn53), ending with
   "pow-small: N passed, M failed". */
#include <math.h>
#include <stdlib.h>
#include "gdtrace/num.h"
#include "num/fast.h"
#include "num/num-impl.h"
#include "num/pow_small.h"
#include "testutil.h"

static const mpfr_rnd_t rnds[] = { MPFR_RNDN, MPFR_RNDZ, MPFR_RNDU, MPFR_RNDD, MPFR_RNDA };

/* the formats: the IEEE emulations' ranges, and mpfr 53 and 24 in MPFR's
   default range */
static const char *const fmts[] = { "binary64", "binary32", "binary16", "bfloat16",
                                    "mpfr53", "mpfr24" };
#define NFMTS (sizeof fmts / sizeof fmts[0])

static long passed, decided;
static long sample = 20000;

static void
fmt_init(gdt_domain *d, const char *name, mpfr_rnd_t rnd)
{
    if (strcmp(name, "mpfr53") == 0)
        assert_int_equal(gdt_domain_init_mpfr(d, 53, rnd), GDT_OK);
    else if (strcmp(name, "mpfr24") == 0)
        assert_int_equal(gdt_domain_init_mpfr(d, 24, rnd), GDT_OK);
    else
        assert_int_equal(gdt_domain_init_ieee(d, name, rnd), GDT_OK);
}

/* X^N as the MPFR domain D computes it (its pow_si before pow_small), its
   flags into *FLAGS; the result as a double (exact when it is one). */
static double
oracle(unsigned *flags, double x, long n, const gdt_domain *d)
{
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_t a, r;
    double v;
    int t;

    mpfr_init2(a, 53);
    mpfr_init2(r, d->prec);
    mpfr_set_d(a, x, MPFR_RNDN);
    mpfr_set_emin(d->emin);
    mpfr_set_emax(d->emax);
    mpfr_clear_flags();
    t = mpfr_pow_si(r, a, n, d->rnd);
    t = mpfr_check_range(r, t, d->rnd);
    if (d->subnormal)
        t = mpfr_subnormalize(r, t, d->rnd);
    *flags = 0;
    if (t != 0)
        *flags |= GDT_FLAG_INEXACT;
    if (t != 0 && mpfr_underflow_p())
        *flags |= GDT_FLAG_UNDERFLOW;
    if (mpfr_overflow_p())
        *flags |= GDT_FLAG_OVERFLOW;
    if (mpfr_nanflag_p() && !isnan(x))
        *flags |= GDT_FLAG_NAN;
    if (mpfr_divby0_p())
        *flags |= GDT_FLAG_DIVBYZERO;
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    v = mpfr_get_d(r, MPFR_RNDN);
    mpfr_clear(a);
    mpfr_clear(r);
    return v;
}

/* X rounded to nearest into D's numbers (0 or an infinity possible) */
static double
to_fmt(double x, const gdt_domain *d)
{
    gdt_domain e = *d;
    unsigned f;

    e.rnd = MPFR_RNDN;
    return oracle(&f, x, 1, &e);
}

/* A random number of D for the power N, leaning on the hard cases. */
static double
operand(const gdt_domain *d, long n)
{
    long p = (long)d->prec, lo = (long)d->emin, hi = (long)d->emax, e, k;
    uint64_t m;
    double x;

    if (lo < -1021)
        lo = d->subnormal ? lo : -1021;
    if (hi > 1024)
        hi = 1024;
    do {
        k = rng() % 2 ? p : 1 + (long)(rng() % (uint64_t)p);
        m = (rng() & (((uint64_t)1 << (k - 1)) - 1)) | ((uint64_t)1 << (k - 1)) | 1;
        switch (rng() % 4) {
        case 0: /* anywhere */
            e = lo + (long)(rng() % (uint64_t)(hi - lo + 1));
            break;
        case 1: /* X^N near the largest number */
            e = hi / n + (long)(rng() % 3) - 1;
            break;
        case 2: /* near the least normal number */
            e = (lo + (d->subnormal ? p : 0)) / n + (long)(rng() % 3) - 1;
            break;
        default: /* near 1 */
            e = (long)(rng() % 3) - 1;
            break;
        }
        x = to_fmt(ldexp((double)m, (int)(e - k)), d);
    } while (x == 0 || !isfinite(x));
    return rng() % 2 ? -x : x;
}

static int
same(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    return memcmp(&a, &b, sizeof a) == 0;
}

/* one value: gdt_pow_small against the oracle */
static void
check_one(double x, long n, const gdt_domain *d)
{
    unsigned want_f, got_f = 0;
    double want = oracle(&want_f, x, n, d), got;
    char g[96], w[96];

    if (!gdt_pow_small(&got, &got_f, x, n, (int)d->prec, (long)d->emin,
                       (long)d->emax, d->subnormal, d->rnd)) {
        if (d->subnormal && n >= 2 && n <= GDT_POW_SMALL_MAX && x != 0 && isfinite(x)) {
            snprintf(g, sizeof g, "undecided %a^%ld prec %ld", x, n, (long)d->prec);
            report("gdt_pow_small", g, "decided");
        }
        return;
    }
    decided++;
    if (same(got, want) && got_f == want_f) {
        passed++;
        return;
    }
    snprintf(g, sizeof g, "%a^%ld = %a flags %u", x, n, got, got_f);
    snprintf(w, sizeof w, "%a flags %u (prec %ld, %s)", want, want_f, (long)d->prec,
             mpfr_print_rnd_mode(d->rnd));
    report("gdt_pow_small", g, w);
}

static void
random_values(const char *name, mpfr_rnd_t rnd, long count)
{
    gdt_domain d;
    long i, n;

    fmt_init(&d, name, rnd);
    for (i = 0; i < count; i++) {
        n = 2 + i % (GDT_POW_SMALL_MAX - 1);
        check_one(operand(&d, n), n, &d);
    }
    gdt_domain_clear(&d);
}

/* the cases written out: exact powers, ties, overflow, underflow */
static void
test_cases(void **state)
{
    static const double xs[] = {
        3.0, -3.0, 1.5, -1.5, 0x1.0000000000001p0, 0x1.fffffffffffffp-1, 0x1p-537,
        0x1.8p-540, 0x1p-1074, 0x1.fffffffffffffp1023, 0x1p512, 0x1.6a09e667f3bcdp-512,
        0x1.001p0, 0x1.01p0, 0x1.3p-5, 0x1p-8, 0x1.ffcp15, 0x1.fep127, 0x1p-149,
        0x1.6a09ep-64, 0x1.6a09e6p-63, 0x1.4p-3, 0x1p-24,
    };
    unsigned f = 0;
    double r;
    size_t i, j, k;
    long n;

    (void)state;
    /* 3^3 = 27 exactly; (1 + 2^-52)^2 rounds to 1 + 2^-51 */
    assert_true(gdt_pow_small(&r, &f, 3.0, 3, 53, -1073, 1024, 1, MPFR_RNDN));
    assert_true(r == 27.0 && f == 0);
    assert_true(gdt_pow_small(&r, &f, 0x1.0000000000001p0, 2, 53, -1073, 1024, 1,
                              MPFR_RNDN));
    assert_true(r == 0x1.0000000000002p0 && f == GDT_FLAG_INEXACT);
    /* binary16: 255^2 = 65025, between 65024 and 65056, rounds to 65024 */
    f = 0;
    assert_true(gdt_pow_small(&r, &f, 255.0, 2, 11, -23, 16, 1, MPFR_RNDN));
    assert_true(r == 65024.0 && f == GDT_FLAG_INEXACT);
    /* undecided: zero, infinity, NaN, n out of range */
    assert_false(gdt_pow_small(&r, &f, 0.0, 3, 53, -1073, 1024, 1, MPFR_RNDN));
    assert_false(gdt_pow_small(&r, &f, INFINITY, 3, 53, -1073, 1024, 1, MPFR_RNDN));
    assert_false(gdt_pow_small(&r, &f, NAN, 3, 53, -1073, 1024, 1, MPFR_RNDN));
    assert_false(gdt_pow_small(&r, &f, 2.0, 9, 53, -1073, 1024, 1, MPFR_RNDN));
    assert_false(gdt_pow_small(&r, &f, 2.0, -2, 53, -1073, 1024, 1, MPFR_RNDN));
    for (i = 0; i < NFMTS; i++)
        for (j = 0; j < sizeof rnds / sizeof rnds[0]; j++) {
            gdt_domain d;

            fmt_init(&d, fmts[i], rnds[j]);
            for (k = 0; k < sizeof xs / sizeof xs[0]; k++)
                for (n = 2; n <= GDT_POW_SMALL_MAX; n++) {
                    double x = to_fmt(xs[k], &d);

                    if (x != 0 && isfinite(x))
                        check_one(x, n, &d);
                }
            gdt_domain_clear(&d);
        }
    check_failures();
}

/* X^N near a power of two T where the flags change: the least normal
   number (tininess after rounding), the overflow threshold, half the least
   subnormal; from the numbers of the format next to 2^(T/N), both signs */
static void
test_boundaries(void **state)
{
    size_t i, j;

    (void)state;
    for (i = 0; i < NFMTS; i++)
        for (j = 0; j < sizeof rnds / sizeof rnds[0]; j++) {
            gdt_domain d;
            long n, p, ts[3];
            int t, k;

            fmt_init(&d, fmts[i], rnds[j]);
            p = (long)d.prec;
            ts[0] = (long)d.emin + p - 2;
            ts[1] = (long)d.emax;
            ts[2] = (long)d.emin - 2;
            for (n = 2; n <= GDT_POW_SMALL_MAX; n++)
                for (t = 0; t < 3; t++) {
                    double x = to_fmt(exp2((double)ts[t] / (double)n), &d);

                    if (x == 0 || !isfinite(x))
                        continue;
                    for (k = -3; k <= 3; k++) {
                        double y = x + k * ldexp(1.0, ilogb(x) - (int)p + 1);

                        if (to_fmt(y, &d) != y)
                            continue; /* below the subnormals' unit */
                        check_one(y, n, &d);
                        check_one(-y, n, &d);
                    }
                }
            gdt_domain_clear(&d);
        }
    check_failures();
}

static void
test_random(void **state)
{
    size_t i, j;

    (void)state;
    for (i = 0; i < NFMTS; i++)
        for (j = 0; j < sizeof rnds / sizeof rnds[0]; j++)
            random_values(fmts[i], rnds[j], sample);
    check_failures();
}

/* gdt_pow_rn53 (x^2, x^3 and x^4 to nearest by the machine's fma) against the
   oracle of mpfr 53 rounding to nearest, on COUNT values of binary64 a
   power; it must decide most of those near 1 and agree on all. */
static void
rn53_values(long count)
{
    gdt_domain d, b64;
    unsigned want_f, got_f;
    double x, want, got;
    char g[96], w[96];
    long i, n, near = 0, settled = 0;

    fmt_init(&d, "mpfr53", MPFR_RNDN);
    fmt_init(&b64, "binary64", MPFR_RNDN);
    for (i = 0; i < count; i++) {
        n = 2 + i % 3;
        x = operand(&b64, n);
        if (i % 3 == 0) /* near 1, where it must settle most */
            x = ldexp(x, -ilogb(x));
        else if (n == 4 && i % 5 == 0) /* near the ends of x^4's range */
            x = ldexp(x, (i % 2 ? 119 : -121) + (int)(rng() % 3) - ilogb(x));
        near += fabs(x) >= 1 && fabs(x) < 2;
        got_f = 0;
        if (!gdt_pow_rn53(&got, &got_f, x, n))
            continue;
        settled += fabs(x) >= 1 && fabs(x) < 2;
        want = oracle(&want_f, x, n, &d);
        if (same(got, want) && got_f == want_f) {
            passed++;
            continue;
        }
        snprintf(g, sizeof g, "%a^%ld = %a flags %u", x, n, got, got_f);
        snprintf(w, sizeof w, "%a flags %u", want, want_f);
        report("gdt_pow_rn53", g, w);
    }
    if (settled < near * 9 / 10) {
        snprintf(g, sizeof g, "%ld of %ld near 1", settled, near);
        report("gdt_pow_rn53 settled", g, "90%");
    }
    gdt_domain_clear(&d);
    gdt_domain_clear(&b64);
}

static void
test_rn53(void **state)
{
    (void)state;
    rn53_values(sample * 5);
    check_failures();
}

/* where a domain holds its values */
enum held { IN_DOUBLE, IN_FLOAT, IN_MPFR };

/* The value X in a domain that holds it as H (X one of its numbers). */
static void
val_set(gdt_val *v, double x, enum held h)
{
    if (h == IN_FLOAT)
        v->s = (float)x;
    else if (h == IN_DOUBLE)
        v->d = x;
    else
        mpfr_set_d(v->f, x, MPFR_RNDN);
}

static double
val_get(const gdt_val *v, gdt_domain *d)
{
    mpfr_t t;
    double x;

    mpfr_init2(t, 53);
    d->ops->get_fr(t, v, MPFR_RNDN, d);
    x = mpfr_get_d(t, MPFR_RNDN);
    mpfr_clear(t);
    return x;
}

/* D's pow_si (D holding its values as H) against the oracle of the
   format REF, n from -3 to 10 */
static void
domain_values(gdt_domain *d, enum held h, const char *ref, long count)
{
    gdt_domain o;
    gdt_val a, r;
    long i, n;

    fmt_init(&o, ref, d->rnd);
    d->ops->init(&a, d);
    d->ops->init(&r, d);
    for (i = 0; i < count; i++) {
        unsigned want_f;
        double x, want, got;
        char g[96], w[96];

        n = -3 + i % 14;
        if (strcmp(d->ops->kind, "native") == 0 && (n == 2 || n == -1))
            continue; /* the machine's own, tested in test_num_native */
        x = i % 50 == 0 ? (double[]){ 0.0, -0.0, INFINITY, -INFINITY, NAN }[i / 50 % 5]
                        : operand(&o, n < 2 ? 2 : n);
        val_set(&a, x, h);
        d->flags = 0;
        assert_int_equal(d->ops->pow_si(&r, &a, n, d), GDT_OK);
        got = val_get(&r, d);
        want = oracle(&want_f, x, n, &o);
        if (same(got, want) && d->flags == want_f) {
            passed++;
            continue;
        }
        snprintf(g, sizeof g, "%s %a^%ld = %a flags %u", d->name, x, n, got, d->flags);
        snprintf(w, sizeof w, "%a flags %u (%s)", want, want_f, mpfr_print_rnd_mode(d->rnd));
        report("pow_si", g, w);
    }
    d->ops->clear(&a, d);
    d->ops->clear(&r, d);
    gdt_domain_clear(&o);
}

static void
test_domains(void **state)
{
    size_t j;

    (void)state;
    for (j = 0; j < sizeof rnds / sizeof rnds[0]; j++) {
        static const char *const hw[] = { "binary32", "binary16", "bfloat16" };
        gdt_domain d;
        size_t i;

        for (i = 0; i < 3; i++) {
            assert_int_equal(gdt_domain_init_ieee_hw(&d, hw[i], rnds[j]), GDT_OK);
            domain_values(&d, IN_DOUBLE, hw[i], sample / 4);
            gdt_domain_clear(&d);
        }
        assert_int_equal(gdt_domain_init_ieee(&d, "binary64", rnds[j]), GDT_OK);
        domain_values(&d, IN_MPFR, "binary64", sample / 4);
        gdt_domain_clear(&d);
        assert_int_equal(gdt_domain_init_mpfr(&d, 53, rnds[j]), GDT_OK);
        domain_values(&d, IN_MPFR, "mpfr53", sample / 4);
        gdt_domain_clear(&d);
        if (rnds[j] == MPFR_RNDA)
            continue; /* C has no RNDA */
        assert_int_equal(gdt_domain_init_native(&d, "native-double", rnds[j]), GDT_OK);
        domain_values(&d, IN_DOUBLE, "binary64", sample / 4);
        gdt_domain_clear(&d);
        assert_int_equal(gdt_domain_init_native(&d, "native-float", rnds[j]), GDT_OK);
        domain_values(&d, IN_FLOAT, "binary32", sample / 4);
        gdt_domain_clear(&d);
    }
    check_failures();
}

/* --exhaustive: 2 10^6 values a format and direction; the exit status */
static int
exhaustive(void)
{
    size_t i, j;

    for (i = 0; i < NFMTS; i++)
        for (j = 0; j < sizeof rnds / sizeof rnds[0]; j++)
            random_values(fmts[i], rnds[j], 2000000);
    rn53_values(10000000);
    printf("pow-small: %ld passed (%ld decided), %d failed\n", passed, decided, failures);
    return failures == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
    const char *variant = getenv("GDTRACE_TEST_VARIANT");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_boundaries),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_domains),
        cmocka_unit_test(test_rn53),
    };

    if (argc > 1 && strcmp(argv[1], "--exhaustive") == 0)
        return exhaustive();
    if (variant != NULL && strcmp(variant, "valgrind") == 0)
        sample = 200;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
