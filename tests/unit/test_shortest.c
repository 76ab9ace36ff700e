/* test_shortest -- the shortest printer on machine integers (shortest.c)

   Each value of binary16, bfloat16, binary32 and binary64 is printed by
   gdt_shortest_put and checked (check_value) against:
   - the search printer it replaces (gdt_shortest_search, mpfr_get_str and
     mpfr_strtofr), byte for byte, and the domains' own get_str (emulated,
     and native for binary32 and binary64);
   - the C library: strtod (binary64) or strtof (binary32) reads the text
     back to the value; binary16 and bfloat16 are read back by MPFR with
     the format's range and subnormals;
   - shortness: neither decimal with one digit less around the value reads
     back; and nearness: neither neighbour with as many digits that reads
     back is nearer the value (or as near with an even last digit);
   - gdt_shortest_exact, the same decisions made with GMP.
   `make test` runs a sample: all 2^16 patterns of the 16-bit formats,
   10^5 random patterns of binary32 and binary64 and their boundary cases
   (powers of two, subnormals, the largest and least numbers, the numbers
   around each power of ten).  `make test-exhaustive` runs this program
   with --exhaustive: the 16-bit formats again and 10^7 random binary32 and
   binary64 patterns, ending with "exhaustive: N passed, M failed". */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include "gdtrace/num.h"
#include "num/shortest.h"
#include "testutil.h"

/* A format under test, its domains and scratch. */
typedef struct fmt {
    const char *name, *native; /* native: NULL when there is none */
    int p, width;              /* precision and width in bits */
    gdt_shortest_fmt sf;
    gdt_domain d, n;
    gdt_val v, nv;
} fmt;

static gdt_buf got, want, other;
static long slow = 1;
static long passed;

static void
fmt_init(fmt *f, const char *name, const char *native, int p, int width)
{
    f->name = name;
    f->native = native;
    f->p = p;
    f->width = width;
    assert_int_equal(gdt_domain_init_ieee(&f->d, name, MPFR_RNDN), GDT_OK);
    assert_true(gdt_shortest_fmt_of(&f->sf, &f->d));
    f->d.ops->init(&f->v, &f->d);
    if (native != NULL) {
        assert_int_equal(gdt_domain_init_native(&f->n, native, MPFR_RNDN),
                         GDT_OK);
        f->n.ops->init(&f->nv, &f->n);
    }
}

static void
fmt_clear(fmt *f)
{
    f->d.ops->clear(&f->v, &f->d);
    gdt_domain_clear(&f->d);
    if (f->native != NULL) {
        f->n.ops->clear(&f->nv, &f->n);
        gdt_domain_clear(&f->n);
    }
}

/* The number whose F-bits are B, as a double (exact). */
static double
value_of(uint64_t b, const fmt *f)
{
    return ieee_of_bits(b, f->p, f->width);
}

/* Does the decimal S read back to X in F, rounded to nearest? */
static int
reads_back(const char *s, double x, fmt *f)
{
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_t r;
    int t, ok;

    if (f->p == 53)
        return strtod(s, NULL) == x;
    if (f->p == 24)
        return strtof(s, NULL) == (float)x;
    mpfr_init2(r, f->p);
    mpfr_set_emin(f->d.emin);
    mpfr_set_emax(f->d.emax);
    t = mpfr_strtofr(r, s, NULL, 10, MPFR_RNDN);
    t = mpfr_check_range(r, t, MPFR_RNDN);
    mpfr_subnormalize(r, t, MPFR_RNDN);
    ok = mpfr_cmp_d(r, x) == 0;
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    mpfr_clear(r);
    return ok;
}

/* |D 10^M - X| */
static void
dist(mpq_t r, const mpz_t dd, long m, double x)
{
    mpq_t t;

    mpq_init(t);
    mpz_ui_pow_ui(mpq_numref(t), 10, (unsigned long)labs(m));
    if (m >= 0) {
        mpz_mul(mpq_numref(r), dd, mpq_numref(t));
        mpz_set_ui(mpq_denref(r), 1);
    } else {
        mpz_set(mpq_numref(r), dd);
        mpz_set(mpq_denref(r), mpq_numref(t));
        mpq_canonicalize(r);
    }
    mpq_set_d(t, fabs(x));
    mpq_sub(r, r, t);
    mpq_abs(r, r);
    mpq_clear(t);
}

/* Shortness and nearness of the digits DIG (N of them, the first worth
   10^E) for X > 0; the failure's message, or NULL. */
static const char *
check_short(const char *dig, int n, long e, double x, fmt *f)
{
    char s[64];
    long m = e - n + 1;
    mpz_t dd, c;
    mpq_t q, dx, dc;
    const char *bad = NULL;
    int i;

    mpz_init(dd);
    mpz_init(c);
    mpq_init(q);
    mpq_init(dx);
    mpq_init(dc);
    memcpy(s, dig, (size_t)n);
    s[n] = '\0';
    mpz_set_str(dd, s, 10);
    snprintf(s, sizeof s, "%.*se%ld", n, dig, m);
    if (!reads_back(s, fabs(x), f))
        bad = "round trip";
    /* the (n-1)-digit decimals around x: floor(x / 10^(m+1)) and one more */
    if (bad == NULL && n >= 2) {
        mpq_set_d(q, fabs(x));
        mpz_ui_pow_ui(c, 10, (unsigned long)labs(m + 1));
        if (m + 1 >= 0)
            mpz_mul(mpq_denref(q), mpq_denref(q), c);
        else
            mpz_mul(mpq_numref(q), mpq_numref(q), c);
        mpq_canonicalize(q);
        mpz_fdiv_q(c, mpq_numref(q), mpq_denref(q));
        for (i = 0; i < 2 && bad == NULL; i++, mpz_add_ui(c, c, 1)) {
            gmp_snprintf(s, sizeof s, "%Zde%ld", c, m + 1);
            if (mpz_sgn(c) > 0 && reads_back(s, fabs(x), f))
                bad = "shortness";
        }
    }
    /* the neighbours with n digits */
    dist(dx, dd, m, x);
    for (i = -1; i <= 1 && bad == NULL; i += 2) {
        if (i < 0)
            mpz_sub_ui(c, dd, 1);
        else
            mpz_add_ui(c, dd, 1);
        gmp_snprintf(s, sizeof s, "%Zde%ld", c, m);
        if (mpz_sgn(c) <= 0 || !reads_back(s, fabs(x), f))
            continue;
        dist(dc, c, m, x);
        if (mpq_cmp(dc, dx) < 0 || (mpq_cmp(dc, dx) == 0 && mpz_odd_p(dd)))
            bad = "nearness";
    }
    mpz_clear(dd);
    mpz_clear(c);
    mpq_clear(q);
    mpq_clear(dx);
    mpq_clear(dc);
    return bad;
}

/* c 2^q = |X| in F (X finite, nonzero) */
static void
split(uint64_t *c, int *q, double x, const fmt *f)
{
    int e;

    frexp(x, &e); /* 2^(e-1) <= |x| < 2^e */
    *q = e - f->p > f->sf.qmin ? e - f->p : f->sf.qmin;
    *c = (uint64_t)ldexp(fabs(x), -*q);
}

static gdt_numfmt shortest_fmt = {GDT_DIGITS_SHORTEST, 0, 0};

/* Every check of the top of the file on the F-number X; EXACT: compare
   with gdt_shortest_exact too.  Counts a pass or reports a failure. */
static void
check_value(double x, fmt *f, int exact)
{
    char dig[GDT_SHORTEST_DIGITS], dig2[GDT_SHORTEST_DIGITS], raw[GDT_SHORTEST_ROOM];
    char *end;
    long e, e2;
    int n, n2, q;
    uint64_t c;
    const char *bad = NULL;

    gdt_buf_reset(&got);
    gdt_buf_reset(&want);
    gdt_buf_reset(&other);
    assert_int_equal(gdt_shortest_put(&got, x, &f->sf, SIZE_MAX), GDT_OK);
    /* the writer's raw text is the same */
    end = gdt_shortest_write(raw, x, &f->sf);
    if (end == NULL || (size_t)(end - raw) != got.len || strcmp(raw, got.s) != 0)
        bad = "gdt_shortest_write against gdt_shortest_put";
    mpfr_set_d(f->v.f, x, MPFR_RNDN);
    assert_int_equal(gdt_shortest_search(&want, f->v.f, &f->d), GDT_OK);
    if (bad == NULL && strcmp(got.s, want.s) != 0)
        bad = "against the search printer";
    assert_int_equal(f->d.ops->get_str(&other, &f->v, &shortest_fmt, &f->d),
                     GDT_OK);
    if (bad == NULL && strcmp(got.s, other.s) != 0)
        bad = "the emulated domain's get_str";
    if (bad == NULL && f->native != NULL) {
        gdt_buf_reset(&other);
        if (f->p == 24)
            f->nv.s = (float)x;
        else
            f->nv.d = x;
        assert_int_equal(f->n.ops->get_str(&other, &f->nv, &shortest_fmt,
                                           &f->n), GDT_OK);
        if (strcmp(got.s, other.s) != 0)
            bad = "the native domain's get_str";
    }
    if (bad == NULL && isfinite(x) && x != 0) {
        split(&c, &q, x, f);
        n = gdt_shortest(dig, &e, c, q, &f->sf);
        bad = check_short(dig, n, e, x, f);
        if (bad == NULL && exact) {
            n2 = gdt_shortest_exact(dig2, &e2, c, q, &f->sf);
            if (n2 != n || e2 != e || memcmp(dig, dig2, (size_t)n) != 0)
                bad = "against gdt_shortest_exact";
        }
    }
    if (bad == NULL) {
        passed++;
        return;
    }
    if (failures < 20) {
        report(bad, got.s, want.s);
        printf("  input %a in %s\n", x, f->name);
    } else {
        failures++;
    }
}

/* All 2^16 patterns of a 16-bit format (under valgrind, which looks for
   memory errors rather than wrong digits, every 37th). */
static void
all_16bit(const char *name, int p)
{
    fmt f;
    uint64_t b, stride = slow > 1 ? 37 : 1;

    fmt_init(&f, name, NULL, p, 16);
    for (b = 0; b < 0x10000; b += stride)
        check_value(value_of(b, &f), &f, 1);
    fmt_clear(&f);
}

/* COUNT random patterns of F, every EXACT_EVERY-th checked with GMP too,
   and its boundary cases. */
static void
random_and_bounds(const char *name, const char *native, int p, int width,
                  long count, long exact_every)
{
    fmt f;
    long i;
    int k, j;
    uint64_t mask = width == 64 ? ~(uint64_t)0 : ((uint64_t)1 << width) - 1;
    uint64_t ex, fmax = ((uint64_t)1 << (p - 1)) - 1;
    double x, y, lo, hi;

    fmt_init(&f, name, native, p, width);
    for (i = 0; i < count; i++)
        check_value(value_of(rng() & mask, &f), &f, i % exact_every == 0);
    /* every exponent with the least and the largest fractions: the
       powers of two and their neighbours, the subnormals' edges, the
       least normal number, the largest number */
    for (ex = 0; ex < ((uint64_t)1 << (width - p)) - 1; ex++) {
        for (j = 0; j < 4; j++) {
            check_value(value_of(ex << (p - 1) | (uint64_t)j, &f), &f, 1);
            check_value(value_of(ex << (p - 1) | (fmax - (uint64_t)j), &f),
                        &f, 1);
        }
    }
    lo = ldexp(1, f.sf.qmin);                     /* least subnormal */
    hi = ldexp(ldexp(1, p) - 1, f.sf.qmax);       /* largest */
    check_value(-hi, &f, 1);
    /* around the powers of ten: the numbers of F nearest 10^k */
    for (k = -330; k <= 310; k++) {
        y = pow(10, k);
        if (!(y >= lo && y <= hi))
            continue;
        x = p == 24 ? (double)(float)y : y;
        check_value(x, &f, 1);
        if (p == 24) {
            check_value(nextafterf((float)x, 0), &f, 1);
            check_value(nextafterf((float)x, INFINITY), &f, 1);
        } else {
            check_value(nextafter(x, 0), &f, 1);
            check_value(nextafter(x, INFINITY), &f, 1);
        }
    }
    fmt_clear(&f);
}

/* Every table entry g = ceil(10^j 2^b), 2^127 <= g < 2^128, with GMP. */
static void
test_table(void **state)
{
    mpz_t g, t, u;
    uint64_t hi, lo;
    int j, b;

    (void)state;
    mpz_init(g);
    mpz_init(t);
    mpz_init(u);
    for (j = -292; j <= 324; j++) {
        gdt_shortest_pow10(&hi, &lo, &b, j);
        mpz_set_ui(g, (unsigned long)(hi >> 32));
        mpz_mul_2exp(g, g, 32);
        mpz_add_ui(g, g, (unsigned long)(hi & 0xffffffffu));
        mpz_mul_2exp(g, g, 32);
        mpz_add_ui(g, g, (unsigned long)(lo >> 32));
        mpz_mul_2exp(g, g, 32);
        mpz_add_ui(g, g, (unsigned long)(lo & 0xffffffffu));
        if (mpz_sizeinbase(g, 2) != 128)
            report("table entry size", "", "");
        /* (g - 1) 2^-b < 10^j <= g 2^-b, times 10^-j 2^b when negative:
           L - unit < R <= L with L = g unit */
        mpz_ui_pow_ui(t, 10, (unsigned long)(j < 0 ? -j : 0));
        mpz_mul_2exp(t, t, (mp_bitcnt_t)(b < 0 ? -b : 0)); /* unit */
        mpz_mul(g, g, t);
        mpz_ui_pow_ui(u, 10, (unsigned long)(j > 0 ? j : 0));
        mpz_mul_2exp(u, u, (mp_bitcnt_t)(b > 0 ? b : 0)); /* R */
        if (mpz_cmp(g, u) < 0)
            report("table entry below 10^j", "", "");
        mpz_sub(g, g, t);
        if (mpz_cmp(g, u) >= 0)
            report("table entry not the least above 10^j", "", "");
        if (failures != 0) {
            printf("  j = %d\n", j);
            break;
        }
    }
    mpz_clear(g);
    mpz_clear(t);
    mpz_clear(u);
    check_failures();
}

static void
test_16bit(void **state)
{
    (void)state;
    all_16bit("binary16", 11);
    all_16bit("bfloat16", 8);
    check_failures();
}

static void
test_binary32(void **state)
{
    (void)state;
    random_and_bounds("binary32", "native-float", 24, 32, 100000 / slow, 10);
    check_failures();
}

static void
test_binary64(void **state)
{
    (void)state;
    random_and_bounds("binary64", "native-double", 53, 64, 100000 / slow, 10);
    check_failures();
}

/* The cases whose text is known, in every layout Python's repr has. */
static void
test_texts(void **state)
{
    static const struct {
        double x;
        const char *text;
    } cases[] = {
        {0.1, "0.1"}, {1.0, "1.0"}, {3.0, "3.0"}, {-0.0, "-0.0"},
        {1e20, "1e+20"}, {1e16, "1e+16"}, {1e15, "1000000000000000.0"},
        {123456789012345678.0, "1.2345678901234568e+17"},
        {0.0001, "0.0001"}, {0.00001, "1e-05"}, {5e-324, "5e-324"},
        {DBL_MAX, "1.7976931348623157e+308"}, {DBL_MIN, "2.2250738585072014e-308"},
        {2.0 / 3.0, "0.6666666666666666"}, {-1.5, "-1.5"}, {0.0, "0.0"},
        {INFINITY, "inf"}, {-INFINITY, "-inf"}, {NAN, "nan"}, {-NAN, "nan"},
        {-4.9406564584124654e-324, "-5e-324"}, {3e-05, "3e-05"}, {-0.00012, "-0.00012"},
        {-1e22, "-1e+22"}, {9007199254740993.0, "9007199254740992.0"},
    };
    char raw[GDT_SHORTEST_ROOM], *end;
    fmt f;
    size_t i;

    (void)state;
    fmt_init(&f, "binary64", "native-double", 53, 64);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gdt_buf_reset(&got);
        assert_int_equal(gdt_shortest_put(&got, cases[i].x, &f.sf, SIZE_MAX),
                         GDT_OK);
        expect(got.s, cases[i].text);
        end = gdt_shortest_write(raw, cases[i].x, &f.sf);
        assert_non_null(end);
        assert_int_equal(end - raw, strlen(cases[i].text));
        expect(raw, cases[i].text);
    }
    /* too many digits for MAX, and a double that is no binary16 */
    gdt_buf_reset(&got);
    assert_int_equal(gdt_shortest_put(&got, 2.0 / 3.0, &f.sf, 15), GDT_ERANGE);
    fmt_clear(&f);
    fmt_init(&f, "binary16", NULL, 11, 16);
    assert_int_equal(gdt_shortest_put(&got, 0.1, &f.sf, SIZE_MAX), GDT_EVALUE);
    assert_int_equal(gdt_shortest_put(&got, 1e10, &f.sf, SIZE_MAX), GDT_EVALUE);
    assert_null(gdt_shortest_write(raw, 0.1, &f.sf));
    assert_null(gdt_shortest_write(raw, 1e10, &f.sf));
    fmt_clear(&f);
}

/* --exhaustive: every check on all 16-bit patterns and 10^7 random
   binary32 and binary64 patterns (1 in 100 also with GMP). */
static int
exhaustive(const char *part)
{
    if (part != NULL && strcmp(part, "16") != 0 && strcmp(part, "32") != 0
        && strcmp(part, "64") != 0) {
        fprintf(stderr, "test_shortest: --exhaustive=%s: the parts are 16, 32 and 64\n", part);
        return 2;
    }
    if (part == NULL || strcmp(part, "16") == 0) {
        all_16bit("binary16", 11);
        all_16bit("bfloat16", 8);
    }
    if (part == NULL || strcmp(part, "32") == 0)
        random_and_bounds("binary32", "native-float", 24, 32, 10000000, 100);
    if (part == NULL || strcmp(part, "64") == 0)
        random_and_bounds("binary64", "native-double", 53, 64, 10000000, 100);
    printf("exhaustive%s%s: %ld passed, %d failed\n", part ? " " : "", part ? part : "",
           passed, failures);
    return failures != 0;
}

/* gdt_shortest_write_u64 against printf: 0, each power of ten and its
   neighbours, the largest, and random values of every length. */
static void
test_u64(void **state)
{
    char raw[32], want_s[32], *end;
    uint64_t v, p10 = 1, r = 0x9e3779b97f4a7c15u; /* xorshift64 */
    int i, j;

    (void)state;
    for (i = 0; i <= 20 * 3 + 2000; i++) {
        if (i < 60) { /* 10^j - 1, 10^j, 10^j + 1 */
            v = p10 + (uint64_t)(i % 3) - 1;
            if (i % 3 == 2)
                p10 = i / 3 < 19 ? p10 * 10 : p10;
        } else if (i < 62) {
            v = i == 60 ? 0 : UINT64_MAX;
        } else { /* a random length, random digits */
            r ^= r << 13;
            r ^= r >> 7;
            r ^= r << 17;
            v = r;
            for (j = (int)(r % 20); j > 0; j--)
                v /= 10;
        }
        memset(raw, 'x', sizeof raw);
        end = gdt_shortest_write_u64(raw, v);
        snprintf(want_s, sizeof want_s, "%llu", (unsigned long long)v);
        if ((size_t)(end - raw) != strlen(want_s) || memcmp(raw, want_s, strlen(want_s)) != 0) {
            *end = '\0';
            report("gdt_shortest_write_u64", raw, want_s);
        }
    }
    check_failures();
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_texts),
        cmocka_unit_test(test_16bit),
        cmocka_unit_test(test_binary32),
        cmocka_unit_test(test_binary64),
        cmocka_unit_test(test_u64),
    };
    int rc;

    gdt_buf_init(&got);
    gdt_buf_init(&want);
    gdt_buf_init(&other);
    if (getenv("GDTRACE_TEST_VARIANT") != NULL
        && strcmp(getenv("GDTRACE_TEST_VARIANT"), "valgrind") == 0)
        slow = 100;
    /* --exhaustive: all of it; --exhaustive=16, 32 or 64: one format's
       part, so that make test-exhaustive can run the parts side by side */
    if (argc > 1 && strncmp(argv[1], "--exhaustive", 12) == 0
        && (argv[1][12] == '\0' || argv[1][12] == '='))
        rc = exhaustive(argv[1][12] == '=' ? argv[1] + 13 : NULL);
    else
        rc = cmocka_run_group_tests(tests, NULL, NULL);
    gdt_buf_clear(&got);
    gdt_buf_clear(&want);
    gdt_buf_clear(&other);
    return rc;
}
