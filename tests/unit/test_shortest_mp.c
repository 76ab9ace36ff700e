/* test_shortest_mp -- the shortest printer of binary128 and mpfr numbers
   with GMP (shortest_mp.c)

   Each value is printed by gdt_shortest_mp_put (when gdt_shortest_mp_ok
   takes it) and by the domain's get_str, and both are checked byte for
   byte, status included, against the search printer they replace
   (gdt_shortest_search, mpfr_get_str and mpfr_strtofr).  The values:
   random binary128 numbers (normal and subnormal), random mpfr numbers of
   every precision from 2 to 300 (2, 53, 64, 113, 200 and 300 more often)
   with exponents near 1, over binary64's range and at the edges of the
   machine-integer path for 53 bits and less, and up to 2^20 and past it
   (the search again); the powers of two, the numbers nearest 10^k and
   their neighbours; numbers of few significant bits (short decimals) at
   precisions up to 20000; binary128's least, least normal and largest numbers;
   a digit limit (max_bits) the text does not fit.  `make test` runs a
   sample (under valgrind 1/100 of the random values and fewer boundary
   cases); `make test-exhaustive` runs this program with --exhaustive, 100
   times as many random values, ending with "exhaustive: N passed, M
   failed". */
#include <stdlib.h>
#include "gdtrace/num.h"
#include "num/shortest.h"
#include "testutil.h"

static gdt_buf got, want, other, tb;
static long scale = 100; /* per cent of the sample */
static long passed;
static gmp_randstate_t rs;
static gdt_numfmt shortest_fmt = {GDT_DIGITS_SHORTEST, 0, 0};

/* X printed every way, against the search. */
static void
check(mpfr_srcptr x, gdt_domain *d)
{
    gdt_status sw, sg, so;
    gdt_val v;
    const char *bad = NULL;

    gdt_buf_reset(&got);
    gdt_buf_reset(&want);
    gdt_buf_reset(&other);
    sw = gdt_shortest_search(&want, x, d);
    sg = sw;
    if (gdt_shortest_mp_ok(x, d))
        sg = gdt_shortest_mp_put(&got, &tb, x, d);
    else
        assert_int_equal(gdt_buf_puts(&got, want.s), GDT_OK);
    d->ops->init(&v, d);
    mpfr_set(v.f, x, MPFR_RNDN);
    so = d->ops->get_str(&other, &v, &shortest_fmt, d);
    d->ops->clear(&v, d);
    if (sg != sw || strcmp(got.s, want.s) != 0)
        bad = "gdt_shortest_mp_put against the search printer";
    else if (so != sw || strcmp(other.s, want.s) != 0)
        bad = "get_str against the search printer";
    if (bad == NULL) {
        passed++;
        return;
    }
    if (failures < 20) {
        report(bad, sg != sw ? "(status)" : got.s, want.s);
        mpfr_printf("  input %Ra in %s %ld, max_bits %zu\n", x, d->name,
                    (long)d->prec, d->max_bits);
    } else {
        failures++;
    }
}

/* A random number of D (D's range and subnormals) with the exponent E:
   random bits, the last ones zero for a subnormal. */
static void
random_value(mpfr_ptr x, mpfr_exp_t e, gdt_domain *d)
{
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();

    mpfr_urandomb(x, rs);
    if (mpfr_zero_p(x))
        mpfr_set_ui(x, 1, MPFR_RNDN);
    mpfr_set_exp(x, 0);
    mpfr_mul_2si(x, x, (long)e, MPFR_RNDN);
    if (d->subnormal) {
        mpfr_set_emin(d->emin);
        mpfr_set_emax(d->emax);
        mpfr_subnormalize(x, 0, MPFR_RNDN);
        mpfr_set_emin(emin);
        mpfr_set_emax(emax);
    }
    if (rng() & 1)
        mpfr_neg(x, x, MPFR_RNDN);
}

/* The exponent E, a number near 10^K and its neighbours, and a power of
   two with the exponent E and its neighbours, in D. */
static void
check_around(mpfr_ptr x, mpfr_exp_t e, long k, gdt_domain *d)
{
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    int i, j;

    mpfr_set_emin(d->emin);
    mpfr_set_emax(d->emax);
    for (i = 0; i < 2; i++) {
        if (i == 0)
            mpfr_set_ui_2exp(x, 1, e - 1, MPFR_RNDN);
        else
            mpfr_set_ui(x, 10, MPFR_RNDN), mpfr_pow_si(x, x, k, MPFR_RNDN);
        if (mpfr_regular_p(x) && d->subnormal)
            mpfr_subnormalize(x, 0, MPFR_RNDN);
        mpfr_nextbelow(x);
        for (j = 0; j < 3; j++) {
            if (mpfr_regular_p(x) && (!d->subnormal
                    || mpfr_get_exp(x) >= d->emin + d->prec - 1)) {
                mpfr_set_emin(emin);
                mpfr_set_emax(emax);
                check(x, d);
                mpfr_set_emin(d->emin);
                mpfr_set_emax(d->emax);
            }
            mpfr_nextabove(x);
        }
    }
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
}

/* COUNT random numbers of D with exponents in [ELO, EHI], and the
   boundary cases of the exponents ELO and EHI. */
static void
random_in(gdt_domain *d, long count, mpfr_exp_t elo, mpfr_exp_t ehi)
{
    mpfr_t x;
    long i;

    mpfr_init2(x, d->prec);
    for (i = 0; i < count; i++) {
        random_value(x, elo + (mpfr_exp_t)(rng() % (uint64_t)(ehi - elo + 1)), d);
        check(x, d);
    }
    check_around(x, elo, (long)((double)elo * 0.30103), d);
    check_around(x, ehi, (long)((double)ehi * 0.30103), d);
    mpfr_clear(x);
}

/* COUNT random numbers for each precision of mpfr from 2 to 300, 10
   times as many for 53, 64, 113 and 200. */
static void
mpfr_precisions(long count)
{
    gdt_domain d;
    mpfr_prec_t p;
    mpfr_t x;
    long n, k;
    int many;

    for (p = 2; p <= 300; p++) {
        assert_int_equal(gdt_domain_init_mpfr(&d, p, MPFR_RNDN), GDT_OK);
        mpfr_init2(x, p);
        many = p == 2 || p == 53 || p == 64 || p == 113 || p == 200 || p == 300;
        n = many ? 10 * count : count;
        random_in(&d, n, -4, 4);                 /* near 1 */
        random_in(&d, n, -1100, 1100);           /* binary64's range */
        /* the edges of gdt_shortest's path, -1074 < e - p <= 971 */
        random_in(&d, n / 10 + 1, p - 1075, p - 1073);
        random_in(&d, n / 10 + 1, p + 969, p + 973);
        random_in(&d, n / 20 + 1, -20000, 20000);
        if (many && (scale >= 100 || p == 113)) {
            /* the exponent limit 2^20, and past it (the search) */
            random_in(&d, 1, -(1 << 20), -(1 << 20) + 1);
            random_in(&d, 1, (1 << 20) - 1, 1 << 20);
            random_in(&d, 1, (1 << 20) + 1, (1 << 20) + 2);
            random_in(&d, 1, -(1 << 20) - 2, -(1 << 20) - 1);
        }
        for (k = -30; k <= 30; k += scale >= 100 ? 1 : 15)
            check_around(x, (mpfr_exp_t)(k * 3), k, &d);
        mpfr_clear(x);
        gdt_domain_clear(&d);
    }
}

/* COUNT numbers of few significant bits, m 2^e with m odd of 1 to 64 bits
   and e near 0 (the short decimals printed without the general path),
   for each precision in PRECS, and near the edge of that path's bound. */
static void
short_values(long count)
{
    static const mpfr_prec_t precs[] = {
        2, 3, 8, 11, 24, 53, 64, 100, 113, 200, 300, 1000, 4000, 20000,
    };
    gdt_domain d;
    mpfr_t x;
    mpz_t m;
    size_t i;
    long n, mb, e;

    mpz_init(m);
    for (i = 0; i < sizeof precs / sizeof precs[0]; i++) {
        mpfr_prec_t p = precs[i];

        if (p == 113)
            assert_int_equal(gdt_domain_init_ieee(&d, "binary128", MPFR_RNDN),
                             GDT_OK);
        else
            assert_int_equal(gdt_domain_init_mpfr(&d, p, MPFR_RNDN), GDT_OK);
        mpfr_init2(x, p);
        for (n = 0; n < count; n++) {
            mb = 1 + (long)(rng() % (uint64_t)(p < 64 ? p : 64));
            e = (long)(rng() % (uint64_t)(p / 2 + 1)) - (long)(p / 4);
            mpz_urandomb(m, rs, (mp_bitcnt_t)mb);
            mpz_setbit(m, 0);
            mpz_setbit(m, (mp_bitcnt_t)(mb - 1));
            if (n % 7 == 0) /* a multiple of 5s: trailing decimal zeros */
                mpz_mul_ui(m, m, 625);
            if (mpz_sizeinbase(m, 2) > (size_t)p)
                continue;
            mpfr_set_z_2exp(x, m, e, MPFR_RNDN); /* exact */
            if (rng() & 1)
                mpfr_neg(x, x, MPFR_RNDN);
            check(x, &d);
        }
        mpfr_clear(x);
        gdt_domain_clear(&d);
    }
    mpz_clear(m);
}

/* COUNT random binary128 numbers, normal and subnormal, and its
   boundary cases. */
static void
binary128(long count)
{
    gdt_domain d;
    mpfr_t x, y;
    long k;

    assert_int_equal(gdt_domain_init_ieee(&d, "binary128", MPFR_RNDN), GDT_OK);
    random_in(&d, count, -8, 8);
    random_in(&d, count, d.emin, d.emax);
    random_in(&d, count / 10 + 1, d.emin, d.emin + 120); /* subnormal */
    mpfr_inits2(d.prec, x, y, (mpfr_ptr)0);
    for (k = -4966; k <= 4933; k += scale >= 100 ? 7 : 140)
        check_around(x, (mpfr_exp_t)((double)k / 0.30103), k, &d);
    mpfr_set_ui_2exp(x, 1, d.emin - 1, MPFR_RNDN); /* the least number */
    check(x, &d);
    mpfr_set_ui_2exp(x, 1, d.emax, MPFR_RNDN);
    mpfr_nextbelow(x); /* the largest */
    check(x, &d);
    /* the least normal number (no narrower lower half: the number below
       is as near) and the largest subnormal */
    mpfr_set_ui_2exp(x, 1, d.emin + d.prec - 2, MPFR_RNDN);
    check(x, &d);
    mpfr_set_ui_2exp(y, 1, d.emin - 1, MPFR_RNDN);
    mpfr_sub(x, x, y, MPFR_RNDN);
    check(x, &d);
    mpfr_clears(x, y, (mpfr_ptr)0);
    gdt_domain_clear(&d);
}

static void
test_binary128(void **state)
{
    (void)state;
    binary128(20 * scale);
    check_failures();
}

static void
test_short(void **state)
{
    (void)state;
    short_values(10 * scale);
    check_failures();
}

static void
test_mpfr(void **state)
{
    (void)state;
    mpfr_precisions(scale / 10 + 1);
    check_failures();
}

/* Special values, a known text, and a digit limit the text does not fit:
   the status and nothing appended, as the search. */
static void
test_texts(void **state)
{
    gdt_domain d;
    mpfr_t x;

    (void)state;
    assert_int_equal(gdt_domain_init_mpfr(&d, 200, MPFR_RNDN), GDT_OK);
    mpfr_init2(x, 200);
    mpfr_set_nan(x);
    check(x, &d);
    expect(got.s, "nan");
    mpfr_set_inf(x, -1);
    check(x, &d);
    expect(got.s, "-inf");
    mpfr_set_zero(x, -1);
    check(x, &d);
    expect(got.s, "-0.0");
    mpfr_set_str(x, "0.1", 10, MPFR_RNDN);
    check(x, &d);
    expect(got.s, "0.1");
    mpfr_set_ui(x, 1, MPFR_RNDN);
    mpfr_div_ui(x, x, 3, MPFR_RNDN);
    d.max_bits = 100;
    check(x, &d);
    assert_int_equal(gdt_shortest_mp_put(&got, &tb, x, &d), GDT_ERANGE);
    d.max_bits = 0;
    check(x, &d);
    expect(got.s, "0.33333333333333333333333333333333333333333333333333333333333"
                  "34");
    mpfr_clear(x);
    gdt_domain_clear(&d);
    check_failures();
}

/* --exhaustive: 100 times the sample. */
static int
exhaustive(void)
{
    scale = 10000;
    binary128(20 * scale);
    short_values(10 * scale);
    mpfr_precisions(scale / 10 + 1);
    printf("exhaustive: %ld passed, %d failed\n", passed, failures);
    return failures != 0;
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_texts),
        cmocka_unit_test(test_binary128),
        cmocka_unit_test(test_short),
        cmocka_unit_test(test_mpfr),
    };
    int rc;

    gdt_buf_init(&got);
    gdt_buf_init(&want);
    gdt_buf_init(&other);
    gdt_buf_init(&tb);
    gmp_randinit_default(rs);
    if (getenv("GDTRACE_TEST_VARIANT") != NULL
        && strcmp(getenv("GDTRACE_TEST_VARIANT"), "valgrind") == 0)
        scale = 1;
    if (argc > 1 && strcmp(argv[1], "--exhaustive") == 0)
        rc = exhaustive();
    else
        rc = cmocka_run_group_tests(tests, NULL, NULL);
    gmp_randclear(rs);
    gdt_buf_clear(&got);
    gdt_buf_clear(&want);
    gdt_buf_clear(&other);
    gdt_buf_clear(&tb);
    return rc;
}
