/* test_decint -- integers in decimal limbs (src/base/decint.c) against
   GMP: every small value and the values around each power of ten through
   every operation, random values of up to 3000 digits, signs, carries
   across limbs and results that change sign, and the 9 digits of
   every limb (`--exhaustive`: all 10^9).  Failures print got, want
   and every input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "base/decint.h"
#include "testutil.h"

static gdt_buf got, want;

/* X must be Z: its text, digits, sign, bits bound and value back in GMP. */
static void
check_value(const gdt_decint *x, const mpz_t z, const char *what)
{
    mpz_t back;
    size_t digits;

    gdt_buf_reset(&got);
    gdt_buf_reset(&want);
    assert_int_equal(gdt_decint_get_str(&got, x), GDT_OK);
    if (gdt_buf_reserve(&want, mpz_sizeinbase(z, 10) + 2) != GDT_OK)
        fail();
    mpz_get_str(want.s, 10, z);
    want.len = strlen(want.s);
    if (strcmp(got.s, want.s) != 0) {
        report(what, got.s, want.s);
        return;
    }
    /* the representation: no zero top limb, no negative zero */
    if ((x->n > 0 && x->d[x->n - 1] == 0) || (x->n == 0 && x->neg)) {
        report(what, "not normalized", want.s);
        return;
    }
    digits = strlen(want.s) - (mpz_sgn(z) < 0);
    if (gdt_decint_digits(x) != digits) {
        report(what, "digits", want.s);
        return;
    }
    if (gdt_decint_sgn(x) != mpz_sgn(z) || gdt_decint_bits(x) < mpz_sizeinbase(z, 2)) {
        report(what, "sign or bits", want.s);
        return;
    }
    mpz_init(back);
    if (gdt_decint_get_z(back, x) != GDT_OK || mpz_cmp(back, z) != 0)
        report(what, "get_z", want.s);
    mpz_clear(back);
}

/* The small values and those next to +-10^k, k < 40, with +-2^k and
   +-2^63 - 1: the inputs of the tests below. */
static size_t
sample(mpz_t *v, size_t max)
{
    size_t n = 0;
    long i;
    int k, s;

    for (i = -1100; i <= 1100 && n < max; i++)
        mpz_set_si(v[n++], i);
    for (k = 1; k < 40; k++)
        for (i = -2; i <= 2; i++)
            for (s = -1; s <= 1; s += 2) {
                mpz_ui_pow_ui(v[n], 10, (unsigned long)k);
                mpz_add_ui(v[n], v[n], 2);
                mpz_sub_ui(v[n], v[n], (unsigned long)(2 - i));
                if (s < 0)
                    mpz_neg(v[n], v[n]);
                n++;
            }
    for (k = 1; k < 70; k++)
        for (s = -1; s <= 1; s += 2) {
            mpz_set_ui(v[n], 1);
            mpz_mul_2exp(v[n], v[n], (unsigned long)k);
            if (s < 0)
                mpz_neg(v[n], v[n]);
            n++;
        }
    mpz_set_si(v[n++], INT64_MAX);
    mpz_set_si(v[n++], INT64_MIN + 1);
    return n;
}

#define NSAMPLE 3000

static void
test_set_get(void **state)
{
    mpz_t v[NSAMPLE];
    gdt_decint x;
    size_t n, i;

    (void)state;
    for (i = 0; i < NSAMPLE; i++)
        mpz_init(v[i]);
    n = sample(v, NSAMPLE);
    gdt_decint_init(&x);
    for (i = 0; i < n; i++) {
        assert_int_equal(gdt_decint_set_z(&x, v[i]), GDT_OK);
        check_value(&x, v[i], "set_z");
        if (mpz_fits_slong_p(v[i])) {
            assert_int_equal(gdt_decint_set_si(&x, mpz_get_si(v[i])), GDT_OK);
            check_value(&x, v[i], "set_si");
        }
    }
    gdt_decint_clear(&x);
    gdt_decint_clear(&x); /* twice: clear leaves it empty */
    for (i = 0; i < NSAMPLE; i++)
        mpz_clear(v[i]);
    check_failures();
}

/* R = A X + B Y + C in GMP. */
static void
lincomb_z(mpz_t r, long a, const mpz_t x, long b, const mpz_t y, int64_t c)
{
    mpz_t t;

    mpz_init(t);
    mpz_mul_si(r, x, a);
    mpz_mul_si(t, y, b);
    mpz_add(r, r, t);
    mpz_set_si(t, c);
    mpz_add(r, r, t);
    mpz_clear(t);
}

/* Every pair of inputs of a smaller sample with multipliers and
   constants at the bounds, through one and two terms, into a third value
   and in place. */
static void
test_lincomb_sample(void **state)
{
    static const int64_t mults[] = {
        0, 1, -1, 2, -19, 361, 1000000000, -1000000000, 999999999,
        (int64_t)1 << 31, -((int64_t)1 << 31), ((int64_t)1 << 32) - 1,
    };
    static const int64_t consts[] = {
        0, 1, -1, 20, -1000000000, 999999999, ((int64_t)1 << 61), -((int64_t)1 << 61),
        1000000000000000000, -999999999999999999,
    };
    mpz_t v[NSAMPLE], w;
    gdt_decint x, y, r;
    size_t n, i, j, ia, ib, ic;
    char what[200];

    (void)state;
    for (i = 0; i < NSAMPLE; i++)
        mpz_init(v[i]);
    mpz_init(w);
    n = sample(v, NSAMPLE);
    gdt_decint_init(&x);
    gdt_decint_init(&y);
    gdt_decint_init(&r);
    /* every value once, one term */
    for (i = 0; i < n; i++)
        for (ia = 0; ia < sizeof mults / sizeof mults[0]; ia++)
            for (ic = 0; ic < sizeof consts / sizeof consts[0]; ic++) {
                const gdt_decint *xs[1] = { &x };
                assert_int_equal(gdt_decint_set_z(&x, v[i]), GDT_OK);
                lincomb_z(w, (long)mults[ia], v[i], 0, v[i], consts[ic]);
                assert_int_equal(gdt_decint_lincomb(&r, 1, &mults[ia], xs, consts[ic]), GDT_OK);
                snprintf(what, sizeof what, "lincomb (%lld x + %lld)", (long long)mults[ia],
                         (long long)consts[ic]);
                check_value(&r, w, what);
                /* in place */
                assert_int_equal(gdt_decint_lincomb(&x, 1, &mults[ia], xs, consts[ic]), GDT_OK);
                check_value(&x, w, what);
            }
    /* pairs of a part of them, two terms whose sum of |a| is in bounds */
    for (i = 0; i < n; i += 37)
        for (j = 3; j < n; j += 53)
            for (ia = 0; ia < 9; ia++)
                for (ib = 0; ib < 9; ib++) {
                    int64_t a[2] = { mults[ia], mults[(ib + 3) % 9] };
                    const gdt_decint *xs[2] = { &x, &y };
                    int64_t c = consts[(i + j) % (sizeof consts / sizeof consts[0])];
                    assert_int_equal(gdt_decint_set_z(&x, v[i]), GDT_OK);
                    assert_int_equal(gdt_decint_set_z(&y, v[j]), GDT_OK);
                    lincomb_z(w, (long)a[0], v[i], (long)a[1], v[j], c);
                    assert_int_equal(gdt_decint_lincomb(&r, 2, a, xs, c), GDT_OK);
                    snprintf(what, sizeof what, "lincomb (%lld x + %lld y + %lld)",
                             (long long)a[0], (long long)a[1], (long long)c);
                    check_value(&r, w, what);
                    assert_int_equal(gdt_decint_lincomb(&y, 2, a, xs, c), GDT_OK);
                    check_value(&y, w, what);
                    if (failures > 10)
                        goto out;
                }
out:
    gdt_decint_clear(&x);
    gdt_decint_clear(&y);
    gdt_decint_clear(&r);
    for (i = 0; i < NSAMPLE; i++)
        mpz_clear(v[i]);
    mpz_clear(w);
    check_failures();
}

/* A random multiplier below 2^LIM bits in magnitude. */
static int64_t
rand_mult(int lim)
{
    int64_t m = (int64_t)(rng() >> (64 - lim));

    return rng() & 1 ? -m : m;
}

/* Random values of up to 3000 digits, some made of 9s or of zeros to
   carry across every limb, through combinations of three terms. */
static void
test_lincomb_random(void **state)
{
    gmp_randstate_t rs;
    mpz_t z[3], w;
    gdt_decint x[3], r;
    size_t i, k;
    char what[200];

    (void)state;
    gmp_randinit_default(rs);
    gmp_randseed_ui(rs, 11);
    mpz_init(w);
    gdt_decint_init(&r);
    for (k = 0; k < 3; k++) {
        mpz_init(z[k]);
        gdt_decint_init(&x[k]);
    }
    for (i = 0; i < 3000; i++) {
        const gdt_decint *xs[3] = { &x[0], &x[1], &x[2] };
        int64_t a[3], c = rand_mult(61);
        for (k = 0; k < 3; k++) {
            unsigned long digits = 1 + rng() % 3000;
            switch (rng() % 4) {
            case 0: /* 99...9 */
            case 1: /* 10...0 */
                mpz_ui_pow_ui(z[k], 10, digits);
                if (rng() % 4 == 0)
                    mpz_sub_ui(z[k], z[k], 1);
                break;
            default:
                mpz_urandomb(z[k], rs, digits * 3);
            }
            if (rng() & 1)
                mpz_neg(z[k], z[k]);
            assert_int_equal(gdt_decint_set_z(&x[k], z[k]), GDT_OK);
            a[k] = rand_mult(30);
        }
        /* a result near zero: the last term cancels the first */
        if (i % 10 == 0) {
            mpz_set(z[2], z[0]);
            assert_int_equal(gdt_decint_set_z(&x[2], z[2]), GDT_OK);
            a[2] = -a[0];
        }
        mpz_set_si(w, c);
        for (k = 0; k < 3; k++) {
            mpz_t t;
            mpz_init(t);
            mpz_mul_si(t, z[k], (long)a[k]);
            mpz_add(w, w, t);
            mpz_clear(t);
        }
        assert_int_equal(gdt_decint_lincomb(&r, 3, a, xs, c), GDT_OK);
        snprintf(what, sizeof what, "random lincomb %zu (%lld, %lld, %lld; %lld)", i,
                 (long long)a[0], (long long)a[1], (long long)a[2], (long long)c);
        check_value(&r, w, what);
        if (failures > 10)
            break;
    }
    for (k = 0; k < 3; k++) {
        mpz_clear(z[k]);
        gdt_decint_clear(&x[k]);
    }
    gdt_decint_clear(&r);
    mpz_clear(w);
    gmp_randclear(rs);
    check_failures();
}

/* Multipliers and constants past the bounds are refused, R unchanged. */
static void
test_lincomb_bounds(void **state)
{
    gdt_decint x, r;
    const gdt_decint *xs[2] = { &x, &x };
    int64_t big[2] = { ((int64_t)1 << 31) + 1, -((int64_t)1 << 31) };
    int64_t one = 1;
    mpz_t z;

    (void)state;
    gdt_decint_init(&x);
    gdt_decint_init(&r);
    mpz_init_set_si(z, 77);
    assert_int_equal(gdt_decint_set_si(&x, 5), GDT_OK);
    assert_int_equal(gdt_decint_set_si(&r, 77), GDT_OK);
    assert_int_equal(gdt_decint_lincomb(&r, 2, big, xs, 0), GDT_EVALUE);
    assert_int_equal(gdt_decint_lincomb(&r, 1, &one, xs, ((int64_t)1 << 61) + 1), GDT_EVALUE);
    check_value(&r, z, "refused lincomb");
    mpz_clear(z);
    gdt_decint_clear(&x);
    gdt_decint_clear(&r);
    check_failures();
}

/* The notes' run: w_{k+1} = -19 w_k + 20 from 2 is 1 + (-19)^k. */
static void
test_notes_run(void **state)
{
    const gdt_decint *xs[1];
    int64_t r = -19;
    gdt_decint w;
    mpz_t z;
    int k;

    (void)state;
    gdt_decint_init(&w);
    mpz_init(z);
    assert_int_equal(gdt_decint_set_si(&w, 2), GDT_OK);
    xs[0] = &w;
    for (k = 1; k <= 2000; k++) {
        assert_int_equal(gdt_decint_lincomb(&w, 1, &r, xs, 20), GDT_OK);
        mpz_set_si(z, -19);
        mpz_pow_ui(z, z, (unsigned long)k);
        mpz_add_ui(z, z, 1);
        check_value(&w, z, "the notes' w_k");
        if (failures)
            break;
    }
    gdt_decint_clear(&w);
    mpz_clear(z);
    check_failures();
}

/* One limb's 9 digits, leading zeros included: 10^9 + V printed for V
   from FIRST to LAST by STRIDE against an odometer of its digits; 0 or
   the number of differences. */
static unsigned long
limbs(uint32_t first, uint32_t last, uint32_t stride)
{
    char ref[24]; /* 10 digits, and room for what snprintf may think v is */
    gdt_decint x;
    unsigned long bad = 0;
    uint64_t v;
    int k;

    gdt_decint_init(&x);
    for (v = first; v <= last; v += stride) {
        snprintf(ref, sizeof ref, "1%09lu", (unsigned long)v);
        for (;;) {
            gdt_buf_reset(&got);
            if (gdt_decint_set_si(&x, 1000000000 + (long)v) != GDT_OK
                || gdt_decint_get_str(&got, &x) != GDT_OK
                || got.len != 10 || memcmp(got.s, ref, 10) != 0) {
                if (bad++ < 5)
                    fprintf(stderr, "limb %lu: got %s\n", (unsigned long)v, got.s);
            }
            if (stride != 1 || v == last || (v + 1) % 1000000 == 0)
                break;
            /* the next value's digits: the odometer */
            for (k = 9; ref[k] == '9'; k--)
                ref[k] = '0';
            ref[k]++;
            v++;
        }
    }
    gdt_decint_clear(&x);
    return bad;
}

/* A limb's digits on every value below 2 10^4, above 10^9 - 10^4, and
   every 99991st between (`make test-exhaustive`: all 10^9). */
static void
test_limbs(void **state)
{
    (void)state;
    assert_int_equal(limbs(0, 19999, 1), 0);
    assert_int_equal(limbs(999990000, 999999999, 1), 0);
    assert_int_equal(limbs(20000, 999989999, 99991), 0);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_get),
        cmocka_unit_test(test_lincomb_sample),
        cmocka_unit_test(test_lincomb_random),
        cmocka_unit_test(test_lincomb_bounds),
        cmocka_unit_test(test_notes_run),
        cmocka_unit_test(test_limbs),
    };
    int rc;

    gdt_buf_init(&got);
    gdt_buf_init(&want);
    if (argc > 1 && strcmp(argv[1], "--exhaustive") == 0) {
        unsigned long bad = limbs(0, 999999999, 1);

        printf("decint: every limb of 10^9: %lu wrong\n", bad);
        gdt_buf_clear(&got);
        gdt_buf_clear(&want);
        return bad != 0;
    }
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    gdt_buf_clear(&got);
    gdt_buf_clear(&want);
    return rc;
}
