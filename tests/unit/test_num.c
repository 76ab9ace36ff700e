/* test_num -- number domains: exact decimals, exact and MPFR arithmetic,
   IEEE 754 emulation bit for bit, and printing.

   Float results are checked against oracles that do not share the code
   under test: the exact rational result rounded by MPFR (mpfr_set_q), the
   native float and double arithmetic of the machine (SSE, -ffp-contract=off)
   and glibc's strtod/strtof/printf, which round correctly in the current
   rounding direction.  Failures print got, want and every input. */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "gdtrace/num.h"
#include "gdtrace/mode.h"
#include "num/num-impl.h"
#include "testutil.h"

/* ---------------------------------------------------------------- helpers */

static gdt_buf out; /* the text under test */

/* x 2^k for |k| <= 1000 */
static double
scale2(double x, int k)
{
    while (k > 500) {
        x *= 0x1p500;
        k -= 500;
    }
    while (k < -500) {
        x *= 0x1p-500;
        k += 500;
    }
    return x * d_of_bits((uint64_t)(1023 + k) << 52);
}

static const char *
rnd_name(mpfr_rnd_t r)
{
    return mpfr_print_rnd_mode(r);
}

static const mpfr_rnd_t all_rnd[5] = {MPFR_RNDN, MPFR_RNDZ, MPFR_RNDU,
                                      MPFR_RNDD, MPFR_RNDA};

/* ---------------------------------------------------------------- parsing */

static void
test_parse_valid(void **state)
{
    static const struct { const char *in, *want; } t[] = {
        {"0", "0"}, {"2", "2"}, {"-0.5", "-0.5"}, {".5", "0.5"},
        {"1.", "1"}, {"+3", "3"}, {"-0", "0"}, {"0.1", "0.1"},
        {"1e-3", "0.001"}, {"2.5E+10", "25000000000"}, {"1e0", "1"},
        {"00012.3400", "12.34"}, {"1/3", "1/3"}, {"-7/2", "-3.5"},
        {"6/4", "1.5"}, {"-9/5", "-1.8"}, {"0/5", "0"}, {"21/5", "4.2"},
        {"-1/1000", "-0.001"}, {"10/3", "10/3"}, {"1e+2", "100"},
        {"123.456e-2", "1.23456"}, {"5e-1000000", NULL},
        {"1e1000000", NULL}, {"12345678901234567890123456789",
                              "12345678901234567890123456789"},
    };
    mpq_t q, w;
    size_t i, end;
    gdt_status st;

    (void)state;
    mpq_inits(q, w, NULL);
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        st = gdt_q_parse(q, t[i].in, &end);
        if (st != GDT_OK) {
            printf("gdt_q_parse status %d on \"%s\"\n", st, t[i].in);
            failures++;
            continue;
        }
        gdt_buf_reset(&out);
        assert_int_equal(gdt_q_get_str(&out, q), GDT_OK);
        if (t[i].want != NULL && strcmp(out.s, t[i].want) != 0) {
            report("gdt_q_parse", out.s, t[i].want);
            printf("  input \"%s\"\n", t[i].in);
        }
    }
    /* exactness: 0.1 is 1/10, 1e-3 is 1/1000, big exponents too */
    q_of(q, "0.1");
    mpq_set_ui(w, 1, 10);
    assert_true(mpq_equal(q, w));
    q_of(q, "5e-1000000");
    assert_int_equal(mpz_cmp_ui(mpq_numref(q), 1), 0); /* 1/(2 10^999999) */
    mpz_ui_pow_ui(mpq_numref(w), 10, 999999);
    mpz_mul_2exp(mpq_numref(w), mpq_numref(w), 1);
    assert_int_equal(mpz_cmp(mpq_denref(q), mpq_numref(w)), 0);
    mpq_clears(q, w, NULL);
    check_failures();
}

static void
test_parse_invalid(void **state)
{
    static const struct { const char *in; gdt_status st; size_t end; } t[] = {
        {"", GDT_ESYNTAX, 0}, {"-", GDT_ESYNTAX, 1}, {".", GDT_ESYNTAX, 1},
        {"+.", GDT_ESYNTAX, 2}, {"x", GDT_ESYNTAX, 0}, {"1x", GDT_ESYNTAX, 1},
        {"1e", GDT_ESYNTAX, 2}, {"1e+", GDT_ESYNTAX, 3},
        {"1e-x", GDT_ESYNTAX, 3}, {"1/", GDT_ESYNTAX, 2},
        {"1/x", GDT_ESYNTAX, 2}, {"1/-2", GDT_ESYNTAX, 2},
        {"1.5/2", GDT_ESYNTAX, 3}, {"1e2/3", GDT_ESYNTAX, 3},
        {"1/2/3", GDT_ESYNTAX, 3}, {" 1", GDT_ESYNTAX, 0},
        {"1 ", GDT_ESYNTAX, 1}, {"--1", GDT_ESYNTAX, 1},
        {"1.2.3", GDT_ESYNTAX, 3}, {"0x10", GDT_ESYNTAX, 1},
        {"inf", GDT_ESYNTAX, 0}, {"1/0", GDT_EDIVZERO, 0},
        {"-5/000", GDT_EDIVZERO, 0}, {"1e1000001", GDT_ERANGE, 0},
        {"1e-1000001", GDT_ERANGE, 0},
        {"1e99999999999999999999999", GDT_ERANGE, 0},
    };
    mpq_t q;
    size_t i, end;
    gdt_status st;

    (void)state;
    mpq_init(q);
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        end = 12345;
        st = gdt_q_parse(q, t[i].in, &end);
        if (st != t[i].st || (st == GDT_ESYNTAX && end != t[i].end)) {
            printf("gdt_q_parse wrong\n  input \"%s\"\n", t[i].in);
            printf("  got  status %d offset %zu\n", st, end);
            printf("  want status %d offset %zu\n", t[i].st, t[i].end);
            failures++;
        }
    }
    mpq_clear(q);
    check_failures();
}

static void
test_scan_decimal(void **state)
{
    static const struct {
        const char *in; gdt_status st; size_t len; const char *want;
    } t[] = {
        {"2.5e3*x", GDT_OK, 5, "2500"}, {"1e5e", GDT_OK, 3, "100000"},
        {"0.1)", GDT_OK, 3, "0.1"}, {".5+w", GDT_OK, 2, "0.5"},
        {"3.w", GDT_OK, 2, "3"}, {"7", GDT_OK, 1, "7"},
        {"1/3", GDT_OK, 1, "1"}, {".x", GDT_ESYNTAX, 1, NULL},
        {"-1", GDT_ESYNTAX, 0, NULL}, {"2e*3", GDT_ESYNTAX, 2, NULL},
        {"1e-1000001", GDT_ERANGE, 0, NULL},
    };
    mpq_t q;
    size_t i, len;
    gdt_status st;

    (void)state;
    mpq_init(q);
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        len = 12345;
        st = gdt_q_scan_decimal(q, t[i].in, &len);
        if (st != t[i].st || (st != GDT_ERANGE && len != t[i].len)) {
            printf("gdt_q_scan_decimal wrong\n  input \"%s\"\n", t[i].in);
            printf("  got  status %d len %zu\n", st, len);
            printf("  want status %d len %zu\n", t[i].st, t[i].len);
            failures++;
            continue;
        }
        if (st == GDT_OK) {
            gdt_buf_reset(&out);
            assert_int_equal(gdt_q_get_str(&out, q), GDT_OK);
            if (strcmp(out.s, t[i].want) != 0) {
                report("gdt_q_scan_decimal", out.s, t[i].want);
                printf("  input \"%s\"\n", t[i].in);
            }
        }
    }
    mpq_clear(q);
    check_failures();
}

/* ---------------------------------------------------------- exact printing */

static void
test_q_get_str(void **state)
{
    static const struct { const char *in, *want; } t[] = {
        {"21/5", "4.2"}, {"-1/1000", "-0.001"}, {"3/2", "1.5"},
        {"-1/3", "-1/3"}, {"1/1024", "0.0009765625"}, {"1/3125", "0.00032"},
        {"100", "100"}, {"-100", "-100"}, {"1/7", "1/7"},
        {"-22/7", "-22/7"}, {"1/6", "1/6"}, {"1/20", "0.05"},
        {"125/8", "15.625"}, {"-1/2", "-0.5"}, {"1000001/1000", "1000.001"},
        {"1/10", "0.1"}, {"99/100", "0.99"},
    };
    mpq_t q, r;
    mpz_t z;
    size_t i, end;
    char *want;

    (void)state;
    mpq_inits(q, r, NULL);
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        q_of(q, t[i].in);
        gdt_buf_reset(&out);
        assert_int_equal(gdt_q_get_str(&out, q), GDT_OK);
        if (strcmp(out.s, t[i].want) != 0) {
            report("gdt_q_get_str", out.s, t[i].want);
            printf("  input %s\n", t[i].in);
        }
    }
    /* huge integers, appended after existing text */
    mpz_init(z);
    mpz_ui_pow_ui(z, 3, 60000);
    mpz_neg(z, z);
    mpq_set_z(q, z);
    want = mpz_get_str(NULL, 10, z);
    gdt_buf_reset(&out);
    assert_int_equal(gdt_buf_puts(&out, "w="), GDT_OK);
    assert_int_equal(gdt_q_get_str(&out, q), GDT_OK);
    assert_int_equal(out.len, strlen(want) + 2);
    assert_string_equal(out.s + 2, want);
    free(want);
    /* a huge 2^a 5^b decimal reads back to the same rational */
    mpz_set_ui(z, 1);
    mpq_set_z(q, z);
    mpq_div_2exp(q, q, 3000);
    mpq_set_si(r, -7, 1);
    mpq_add(q, q, r);
    gdt_buf_reset(&out);
    assert_int_equal(gdt_q_get_str(&out, q), GDT_OK);
    assert_int_equal(gdt_q_parse(r, out.s, &end), GDT_OK);
    assert_true(mpq_equal(q, r));
    assert_int_equal(strncmp(out.s, "-6.9999", 7), 0);
    mpz_clear(z);
    mpq_clears(q, r, NULL);
    check_failures();
}

static void
test_q_get_str_n(void **state)
{
    static const struct { const char *in; int n; const char *want; } t[] = {
        {"0", 5, "0"}, {"1/3", 6, "0.333333"}, {"-2/3", 3, "-0.667"},
        {"123456", 6, "123456"}, {"1234567", 6, "1.23457e+06"},
        {"0.0001", 3, "0.0001"}, {"0.00001", 3, "1e-05"},
        {"999.5", 3, "1e+03"}, {"998.5", 3, "998"}, {"0.125", 2, "0.12"},
        {"0.375", 2, "0.38"}, {"2.5", 1, "2"}, {"3.5", 1, "4"},
        {"100", 1, "1e+02"}, {"100", 3, "100"}, {"1.5", 10, "1.5"},
        {"-1e300", 4, "-1e+300"}, {"1/7", 20, "0.14285714285714285714"},
        {"1e-100000", 2, "1e-100000"}, {"12345/1000", 3, "12.3"},
    };
    mpq_t q;
    size_t i;
    int k, n;
    double d;
    char want[64];

    (void)state;
    mpq_init(q);
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        q_of(q, t[i].in);
        gdt_buf_reset(&out);
        assert_int_equal(gdt_q_get_str_n(&out, q, t[i].n), GDT_OK);
        if (strcmp(out.s, t[i].want) != 0) {
            report("gdt_q_get_str_n", out.s, t[i].want);
            printf("  input %s  n %d\n", t[i].in, t[i].n);
        }
    }
    /* glibc's %.Ng rounds the exact binary value half-even: an oracle */
    for (k = 0; k < 20000; k++) {
        d = d_of_bits(rng());
        if (!isfinite(d))
            continue;
        if (k % 2)
            d = scale2((double)(rng() % 100000), (int)(rng() % 40) - 20);
        n = 1 + (int)(rng() % 25);
        mpq_set_d(q, d);
        snprintf(want, sizeof want, "%.*g", n, d);
        if (strcmp(want, "-0") == 0)
            strcpy(want, "0");
        gdt_buf_reset(&out);
        assert_int_equal(gdt_q_get_str_n(&out, q, n), GDT_OK);
        if (strcmp(out.s, want) != 0) {
            report("gdt_q_get_str_n", out.s, want);
            printf("  input %a  n %d\n", d, n);
        }
    }
    assert_int_equal(gdt_q_get_str_n(&out, q, 0), GDT_EVALUE);
    mpq_clear(q);
    check_failures();
}

/* ------------------------------------------------------------ exact domain */

/* the exact result in Q; 0 when it has no value */
static int
exact_op(mpq_t r, enum op op, const mpq_t a, const mpq_t b, const mpq_t c,
         long n)
{
    mpq_t t;
    long i;

    switch (op) {
    case OP_ADD: mpq_add(r, a, b); return 1;
    case OP_SUB: mpq_sub(r, a, b); return 1;
    case OP_MUL: mpq_mul(r, a, b); return 1;
    case OP_NEG: mpq_neg(r, a); return 1;
    case OP_SET: mpq_set(r, a); return 1;
    case OP_DIV:
        if (mpq_sgn(b) == 0)
            return 0;
        mpq_div(r, a, b);
        return 1;
    case OP_FMS:
        mpq_init(t);
        mpq_mul(t, a, b);
        mpq_sub(r, c, t);
        mpq_clear(t);
        return 1;
    case OP_POW:
        if (n < 0 && mpq_sgn(a) == 0)
            return 0;
        mpq_init(t);
        mpq_set_ui(t, 1, 1);
        for (i = 0; i < labs(n); i++)
            mpq_mul(t, t, a);
        if (n < 0)
            mpq_inv(t, t);
        mpq_set(r, t);
        mpq_clear(t);
        return 1;
    }
    return 0;
}

static void
test_exact_domain(void **state)
{
    static const struct {
        enum op op; const char *a, *b, *c; long n; gdt_status st;
        const char *want;
    } t[] = {
        {OP_ADD, "2", "3", "0", 0, GDT_OK, "5"},
        {OP_ADD, "1/3", "2/3", "0", 0, GDT_OK, "1"},
        {OP_SUB, "0.1", "0.3", "0", 0, GDT_OK, "-0.2"},
        {OP_MUL, "-6", "7", "0", 0, GDT_OK, "-42"},
        {OP_MUL, "2/3", "3/2", "0", 0, GDT_OK, "1"},
        {OP_DIV, "12", "4", "0", 0, GDT_OK, "3"},
        {OP_DIV, "12", "-8", "0", 0, GDT_OK, "-1.5"},
        {OP_DIV, "1", "3", "0", 0, GDT_OK, "1/3"},
        {OP_DIV, "1", "0", "0", 0, GDT_EDIVZERO, NULL},
        {OP_DIV, "1/2", "0", "0", 0, GDT_EDIVZERO, NULL},
        {OP_NEG, "1/2", "0", "0", 0, GDT_OK, "-0.5"},
        {OP_POW, "2", "0", "0", 10, GDT_OK, "1024"},
        {OP_POW, "-2", "0", "0", 3, GDT_OK, "-8"},
        {OP_POW, "2", "0", "0", -3, GDT_OK, "0.125"},
        {OP_POW, "-2/3", "0", "0", -3, GDT_OK, "-3.375"},
        {OP_POW, "-3/2", "0", "0", -3, GDT_OK, "-8/27"},
        {OP_POW, "0", "0", "0", 0, GDT_OK, "1"},
        {OP_POW, "0", "0", "0", -1, GDT_EDIVZERO, NULL},
        {OP_POW, "1", "0", "0", -1000000000L, GDT_OK, "1"},
        {OP_POW, "-1", "0", "0", 1000000001L, GDT_OK, "-1"},
        {OP_POW, "3", "0", "0", 1000000000000L, GDT_ERANGE, NULL},
        {OP_FMS, "0.1", "10", "1", 0, GDT_OK, "0"},
        {OP_FMS, "3", "4", "2", 0, GDT_OK, "-10"},
        {OP_FMS, "1/3", "1/5", "1", 0, GDT_OK, "14/15"},
    };
    gdt_domain d;
    gdt_val a, b, c, r;
    mpq_t qa, qb, qc;
    size_t i;
    gdt_status st;
    gdt_numfmt f = {GDT_DIGITS_EXACT, 0, 0};

    (void)state;
    gdt_domain_init_exact(&d);
    d.ops->init(&a, &d);
    d.ops->init(&b, &d);
    d.ops->init(&c, &d);
    d.ops->init(&r, &d);
    mpq_inits(qa, qb, qc, NULL);
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        q_of(qa, t[i].a);
        q_of(qb, t[i].b);
        q_of(qc, t[i].c);
        assert_int_equal(d.ops->set_q(&a, qa, &d), GDT_OK);
        assert_int_equal(d.ops->set_q(&b, qb, &d), GDT_OK);
        assert_int_equal(d.ops->set_q(&c, qc, &d), GDT_OK);
        st = do_op(&d, t[i].op, &r, &a, &b, &c, t[i].n);
        gdt_buf_reset(&out);
        if (st == GDT_OK)
            assert_int_equal(d.ops->get_str(&out, &r, &f, &d), GDT_OK);
        if (st != t[i].st || (st == GDT_OK && strcmp(out.s, t[i].want) != 0)) {
            printf("exact %s wrong\n  a %s  b %s  c %s  n %ld\n",
                   op_name[t[i].op], t[i].a, t[i].b, t[i].c, t[i].n);
            printf("  got  status %d \"%s\"\n", st, out.s);
            printf("  want status %d \"%s\"\n", t[i].st,
                   t[i].want ? t[i].want : "");
            failures++;
        }
        /* results stay canonical */
        if (st == GDT_OK) {
            mpq_set(qa, r.q);
            mpq_canonicalize(qa);
            assert_true(mpq_equal(qa, r.q));
        }
    }
    /* aliasing: r is an operand */
    q_of(qa, "5");
    assert_int_equal(d.ops->set_q(&a, qa, &d), GDT_OK);
    q_of(qb, "1/2");
    assert_int_equal(d.ops->set_q(&b, qb, &d), GDT_OK);
    assert_int_equal(d.ops->fms(&a, &a, &a, &b, &d), GDT_OK); /* 5 - 5/2 */
    assert_int_equal(d.ops->mul(&a, &a, &a, &d), GDT_OK);     /* 25/4 */
    q_of(qc, "25/4");
    assert_true(mpq_equal(a.q, qc));
    assert_int_equal(d.flags, 0);
    d.ops->clear(&a, &d);
    d.ops->clear(&b, &d);
    d.ops->clear(&c, &d);
    d.ops->clear(&r, &d);
    mpq_clears(qa, qb, qc, NULL);
    gdt_domain_clear(&d);
    gdt_domain_clear(&d); /* twice is harmless */
    gdt_domain_clear(NULL);
    check_failures();
}

static void
test_exact_random(void **state)
{
    /* random integers and fractions against mpq directly */
    gdt_domain d;
    gdt_val a, b, c, r;
    mpq_t qa, qb, qc, want;
    int k, op, ok;
    long n = 0;
    gdt_status st;

    (void)state;
    gdt_domain_init_exact(&d);
    d.ops->init(&a, &d);
    d.ops->init(&b, &d);
    d.ops->init(&c, &d);
    d.ops->init(&r, &d);
    mpq_inits(qa, qb, qc, want, NULL);
    for (k = 0; k < 20000; k++) {
        mpq_set_si(qa, (long)(rng() % 2001) - 1000, k % 3 ? 1 : 1 + rng() % 12);
        mpq_set_si(qb, (long)(rng() % 21) - 10, k % 5 ? 1 : 1 + rng() % 12);
        mpq_set_si(qc, (long)(rng() % 2001) - 1000, k % 7 ? 1 : 1 + rng() % 12);
        mpq_canonicalize(qa);
        mpq_canonicalize(qb);
        mpq_canonicalize(qc);
        op = (int)(rng() % 8);
        if (op == OP_POW)
            n = (long)(rng() % 13) - 6;
        assert_int_equal(d.ops->set_q(&a, qa, &d), GDT_OK);
        assert_int_equal(d.ops->set_q(&b, qb, &d), GDT_OK);
        assert_int_equal(d.ops->set_q(&c, qc, &d), GDT_OK);
        ok = exact_op(want, (enum op)op, qa, qb, qc, n);
        st = do_op(&d, (enum op)op, &r, &a, &b, &c, n);
        if (ok ? st != GDT_OK || !mpq_equal(r.q, want) : st != GDT_EDIVZERO) {
            printf("exact %s wrong\n", op_name[op]);
            gmp_printf("  a %Qd  b %Qd  c %Qd  n %ld\n", qa, qb, qc, n);
            gmp_printf("  got  %d %Qd\n  want %Qd\n", st, r.q, want);
            failures++;
        }
    }
    d.ops->clear(&a, &d);
    d.ops->clear(&b, &d);
    d.ops->clear(&c, &d);
    d.ops->clear(&r, &d);
    mpq_clears(qa, qb, qc, want, NULL);
    gdt_domain_clear(&d);
    check_failures();
}

static void
test_exact_get_str(void **state)
{
    static const struct {
        const char *in; gdt_digits_kind kind; int n, python; gdt_status st;
        const char *want;
    } t[] = {
        {"-9/5", GDT_DIGITS_SHORTEST, 0, 1, GDT_OK, "Fraction(-9, 5)"},
        {"1/3", GDT_DIGITS_SHORTEST, 0, 1, GDT_OK, "Fraction(1, 3)"},
        {"-42", GDT_DIGITS_SHORTEST, 0, 1, GDT_OK, "-42"},
        {"0", GDT_DIGITS_SHORTEST, 0, 1, GDT_OK, "0"},
        {"-9/5", GDT_DIGITS_SHORTEST, 0, 0, GDT_OK, "-1.8"},
        {"-9/5", GDT_DIGITS_EXACT, 0, 0, GDT_OK, "-1.8"},
        {"1/3", GDT_DIGITS_EXACT, 0, 0, GDT_OK, "1/3"},
        {"1/3", GDT_DIGITS_N, 4, 0, GDT_OK, "0.3333"},
        {"1/3", GDT_DIGITS_HEX, 0, 0, GDT_EDOMAIN, ""},
    };
    gdt_domain d;
    gdt_val a;
    mpq_t q;
    size_t i;
    gdt_status st;
    gdt_numfmt f;

    (void)state;
    gdt_domain_init_exact(&d);
    d.ops->init(&a, &d);
    mpq_init(q);
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        q_of(q, t[i].in);
        assert_int_equal(d.ops->set_q(&a, q, &d), GDT_OK);
        f.kind = t[i].kind;
        f.n = t[i].n;
        f.python = t[i].python;
        gdt_buf_reset(&out);
        st = d.ops->get_str(&out, &a, &f, &d);
        if (st != t[i].st || strcmp(out.s ? out.s : "", t[i].want) != 0) {
            report("exact get_str", out.s ? out.s : "", t[i].want);
            printf("  input %s  kind %d  n %d  python %d  status %d\n",
                   t[i].in, t[i].kind, t[i].n, t[i].python, st);
        }
    }
    assert_false(d.ops->is_nan(&a, &d));
    assert_false(d.ops->is_inf(&a, &d));
    d.ops->clear(&a, &d);
    mpq_clear(q);
    gdt_domain_clear(&d);
    check_failures();
}

/* ------------------------------------------------------------- mpfr domain */

/* A random value of PREC bits with an exponent in [-EMAX, EMAX]. */
static void
random_f(mpfr_t x, mpfr_prec_t prec, long emax)
{
    mpz_t m;

    mpz_init(m);
    mpz_set_ui(m, (unsigned long)rng());
    mpz_mul_2exp(m, m, 64);
    mpz_add_ui(m, m, (unsigned long)rng());
    mpz_tdiv_r_2exp(m, m, (mp_bitcnt_t)prec);
    if (rng() % 8 == 0)
        mpz_set_ui(m, rng() % 4); /* small integers, zero */
    if (rng() % 2)
        mpz_neg(m, m);
    mpfr_set_z_2exp(x, m, (long)(rng() % (2 * (unsigned long)emax + 1)) - emax
                    - (long)prec, MPFR_RNDN);
    mpz_clear(m);
}

static void
test_mpfr_oracle(void **state)
{
    /* every op, every rounding, several precisions: the exact rational
       result rounded once by mpfr_set_q */
    static const mpfr_prec_t precs[] = {2, 11, 24, 53, 100};
    gdt_domain d;
    gdt_val a, b, c, r;
    mpq_t qa, qb, qc, qr;
    mpfr_t want;
    size_t ip;
    int ir, k, op, tern;
    long n = 0;
    gdt_status st;

    (void)state;
    mpq_inits(qa, qb, qc, qr, NULL);
    for (ip = 0; ip < sizeof precs / sizeof precs[0]; ip++) {
        for (ir = 0; ir < 5; ir++) {
            assert_int_equal(gdt_domain_init_mpfr(&d, precs[ip], all_rnd[ir]),
                             GDT_OK);
            d.ops->init(&a, &d);
            d.ops->init(&b, &d);
            d.ops->init(&c, &d);
            d.ops->init(&r, &d);
            mpfr_init2(want, precs[ip]);
            for (k = 0; k < 2000; k++) {
                random_f(a.f, precs[ip], 20);
                random_f(b.f, precs[ip], 20);
                random_f(c.f, precs[ip], 40);
                op = (int)(rng() % 8);
                n = (long)(rng() % 15) - 7;
                mpfr_get_q(qa, a.f);
                mpfr_get_q(qb, b.f);
                mpfr_get_q(qc, c.f);
                if (!exact_op(qr, (enum op)op, qa, qb, qc, n))
                    continue; /* x/0: IEEE special values, tested below */
                tern = mpfr_set_q(want, qr, all_rnd[ir]);
                d.flags = 0;
                st = do_op(&d, (enum op)op, &r, &a, &b, &c, n);
                if (st != GDT_OK || !mpfr_equal_p(r.f, want)
                    || ((d.flags & GDT_FLAG_INEXACT) != 0) != (tern != 0)) {
                    printf("mpfr %s wrong (prec %ld, %s)\n", op_name[op],
                           (long)precs[ip], rnd_name(all_rnd[ir]));
                    mpfr_printf("  a %Ra  b %Ra  c %Ra  n %ld\n", a.f, b.f,
                                c.f, n);
                    mpfr_printf("  got  %Ra flags %u\n  want %Ra ternary %d\n",
                                r.f, d.flags, want, tern);
                    failures++;
                }
            }
            mpfr_clear(want);
            d.ops->clear(&a, &d);
            d.ops->clear(&b, &d);
            d.ops->clear(&c, &d);
            d.ops->clear(&r, &d);
            gdt_domain_clear(&d);
        }
    }
    mpq_clears(qa, qb, qc, qr, NULL);
    check_failures();
}

/* set D's value X from a decimal string through the exact rational */
static void
set_dec(gdt_val *x, const char *s, gdt_domain *d)
{
    mpq_t q;

    mpq_init(q);
    q_of(q, s);
    assert_int_equal(d->ops->set_q(x, q, d), GDT_OK);
    mpq_clear(q);
}

static void
test_mpfr_cases(void **state)
{
    /* single rounding of fms and pow_si, signs of zero, special values */
    static const struct {
        enum op op; mpfr_prec_t prec; mpfr_rnd_t rnd; const char *a, *b, *c;
        long n; const char *want; unsigned flags;
    } t[] = {
        /* 1 - (1+2^-4)(1-2^-4) = 2^-8 exactly; two roundings give 0 */
        {OP_FMS, 5, MPFR_RNDN, "1.0625", "0.9375", "1", 0, "0x1p-8", 0},
        /* exact zero: +0, except -0 rounding down */
        {OP_FMS, 24, MPFR_RNDN, "2", "3", "6", 0, "0x0p+0", 0},
        {OP_FMS, 24, MPFR_RNDZ, "2", "3", "6", 0, "0x0p+0", 0},
        {OP_FMS, 24, MPFR_RNDU, "2", "3", "6", 0, "0x0p+0", 0},
        {OP_FMS, 24, MPFR_RNDA, "2", "3", "6", 0, "0x0p+0", 0},
        {OP_FMS, 24, MPFR_RNDD, "2", "3", "6", 0, "-0x0p+0", 0},
        {OP_SUB, 24, MPFR_RNDD, "2", "2", "0", 0, "-0x0p+0", 0},
        {OP_SUB, 24, MPFR_RNDN, "2", "2", "0", 0, "0x0p+0", 0},
        /* 1.1^3 at 4 bits: 1.1 -> 1.125, cube 1.423828125 -> 1.375 once;
           rounding after each multiply would give 1.5 */
        {OP_POW, 4, MPFR_RNDN, "1.125", "0", "0", 3, "0x1.6p+0",
         GDT_FLAG_INEXACT},
        {OP_POW, 4, MPFR_RNDU, "1.125", "0", "0", 3, "0x1.8p+0",
         GDT_FLAG_INEXACT},
        {OP_POW, 53, MPFR_RNDN, "0", "0", "0", -1, "inf",
         GDT_FLAG_DIVBYZERO},
        {OP_POW, 53, MPFR_RNDN, "3", "0", "0", -2, "0x1.c71c71c71c71cp-4",
         GDT_FLAG_INEXACT},
        {OP_DIV, 53, MPFR_RNDN, "1", "0", "0", 0, "inf", GDT_FLAG_DIVBYZERO},
        {OP_DIV, 53, MPFR_RNDN, "0", "0", "0", 0, "nan", GDT_FLAG_NAN},
        {OP_DIV, 53, MPFR_RNDN, "-1", "0", "0", 0, "-inf",
         GDT_FLAG_DIVBYZERO},
        {OP_NEG, 53, MPFR_RNDN, "0", "0", "0", 0, "-0x0p+0", 0},
        {OP_SET, 53, MPFR_RNDN, "0.1", "0", "0", 0, "0x1.999999999999ap-4",
         0},
    };
    gdt_domain d;
    gdt_val a, b, c, r;
    size_t i;
    gdt_status st;
    gdt_numfmt f = {GDT_DIGITS_HEX, 0, 0};

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        assert_int_equal(gdt_domain_init_mpfr(&d, t[i].prec, t[i].rnd), GDT_OK);
        d.ops->init(&a, &d);
        d.ops->init(&b, &d);
        d.ops->init(&c, &d);
        d.ops->init(&r, &d);
        set_dec(&a, t[i].a, &d);
        set_dec(&b, t[i].b, &d);
        set_dec(&c, t[i].c, &d);
        d.flags = 0;
        st = do_op(&d, t[i].op, &r, &a, &b, &c, t[i].n);
        gdt_buf_reset(&out);
        assert_int_equal(d.ops->get_str(&out, &r, &f, &d), GDT_OK);
        if (st != GDT_OK || strcmp(out.s, t[i].want) != 0
            || d.flags != t[i].flags) {
            report("mpfr op", out.s, t[i].want);
            printf("  %s prec %ld %s  a %s  b %s  c %s  n %ld\n",
                   op_name[t[i].op], (long)t[i].prec, rnd_name(t[i].rnd),
                   t[i].a, t[i].b, t[i].c, t[i].n);
            printf("  flags got %u want %u\n", d.flags, t[i].flags);
        }
        d.ops->clear(&a, &d);
        d.ops->clear(&b, &d);
        d.ops->clear(&c, &d);
        d.ops->clear(&r, &d);
        gdt_domain_clear(&d);
    }
    assert_int_equal(gdt_domain_init_mpfr(&d, 0, MPFR_RNDN), GDT_EVALUE);
    assert_int_equal(gdt_domain_init_mpfr(&d, 53, (mpfr_rnd_t)42), GDT_EVALUE);
    assert_int_equal(gdt_domain_init_ieee(&d, "binary80", MPFR_RNDN),
                     GDT_EVALUE);
    check_failures();
}

/* ------------------------------------------------------- IEEE vs native */

/* The native rounding direction and exception flags, through <fenv.h>
   (glibc's fesetround sets both SSE's MXCSR, for the arithmetic, and the
   x87 control word, which strtod reads).  The native arithmetic is an
   oracle only when floats are not evaluated in excess precision. */
#if defined(FE_TONEAREST) && defined(FE_TOWARDZERO) && defined(FE_UPWARD) \
    && defined(FE_DOWNWARD) && FLT_EVAL_METHOD == 0
#define HAVE_NATIVE 1
#else
#define HAVE_NATIVE 0
#define FE_TOWARDZERO 0
#define FE_UPWARD 0
#define FE_DOWNWARD 0
#endif
static const struct { mpfr_rnd_t rnd; int fe; } native_modes[4] = {
    {MPFR_RNDN, FE_TONEAREST}, {MPFR_RNDZ, FE_TOWARDZERO},
    {MPFR_RNDU, FE_UPWARD}, {MPFR_RNDD, FE_DOWNWARD},
};

static void
native_round(int fe)
{
    if (HAVE_NATIVE)
        assert_int_equal(fesetround(fe), 0);
}

static void
native_clear_flags(void)
{
    feclearexcept(FE_ALL_EXCEPT);
}

static unsigned
native_flags(void)
{
    int raised = fetestexcept(FE_ALL_EXCEPT);
    unsigned f = 0;

    if (raised & FE_INEXACT)
        f |= GDT_FLAG_INEXACT;
    if (raised & FE_UNDERFLOW)
        f |= GDT_FLAG_UNDERFLOW;
    if (raised & FE_OVERFLOW)
        f |= GDT_FLAG_OVERFLOW;
    if (raised & FE_INVALID)
        f |= GDT_FLAG_NAN;
    if (raised & FE_DIVBYZERO)
        f |= GDT_FLAG_DIVBYZERO;
    return f;
}

/* A random double: any bit pattern, or subnormal, or near overflow, or
   near 1. */
static double
random_double(void)
{
    uint64_t b = rng();

    switch (rng() % 5) {
    case 0: b &= 0x800fffffffffffffu; break;                  /* subnormal */
    case 1: b = (b & 0x800fffffffffffffu) | 0x7fe0000000000000u; break;
    case 2: b = (b & 0x800fffffffffffffu) | 0x3ff0000000000000u; break;
    case 3: b = (b & 0x800fffffffffffffu)
                | ((uint64_t)(rng() % 60 + 1) << 52); break;  /* tiny */
    default: break;
    }
    if ((b & 0x7ff0000000000000u) == 0x7ff0000000000000u
        && (b & 0x000fffffffffffffu) != 0)
        b |= 0x0008000000000000u; /* quiet NaN: MPFR has no signaling ones */
    return d_of_bits(b);
}

static float
random_float(void)
{
    uint32_t b = (uint32_t)rng();

    switch (rng() % 5) {
    case 0: b &= 0x807fffffu; break;
    case 1: b = (b & 0x807fffffu) | 0x7f000000u; break;
    case 2: b = (b & 0x807fffffu) | 0x3f800000u; break;
    case 3: b = (b & 0x807fffffu) | ((uint32_t)(rng() % 30 + 1) << 23); break;
    default: break;
    }
    if ((b & 0x7f800000u) == 0x7f800000u && (b & 0x007fffffu) != 0)
        b |= 0x00400000u; /* quiet NaN */
    return f_of_bits(b);
}

static int
same_double(double x, double y)
{
    return (isnan(x) && isnan(y)) || memcmp(&x, &y, sizeof x) == 0;
}

static int
same_float(float x, float y)
{
    return (isnan(x) && isnan(y)) || memcmp(&x, &y, sizeof x) == 0;
}

/* the native result of OP, and its flags in *FLAGS; fms and pow_si come
   from the exact value read by strtod in the current rounding direction */
static double
native_d(enum op op, double x, double y, long n, unsigned *flags)
{
    volatile double a = x, b = y, r = 0;

    native_clear_flags();
    switch (op) {
    case OP_ADD: r = a + b; break;
    case OP_SUB: r = a - b; break;
    case OP_MUL: r = a * b; break;
    case OP_DIV: r = a / b; break;
    default: break;
    }
    (void)n;
    *flags = native_flags();
    return r;
}

static float
native_f(enum op op, float x, float y, unsigned *flags)
{
    volatile float a = x, b = y, r = 0;

    native_clear_flags();
    switch (op) {
    case OP_ADD: r = a + b; break;
    case OP_SUB: r = a - b; break;
    case OP_MUL: r = a * b; break;
    case OP_DIV: r = a / b; break;
    default: break;
    }
    *flags = native_flags();
    return r;
}

/* the exact value of a finite result as a decimal string in OUT */
static void
exact_dec(enum op op, double x, double y, double z, long n)
{
    mpq_t a, b, c, r;

    mpq_inits(a, b, c, r, NULL);
    mpq_set_d(a, x);
    mpq_set_d(b, y);
    mpq_set_d(c, z);
    assert_true(exact_op(r, op, a, b, c, n));
    gdt_buf_reset(&out);
    assert_int_equal(gdt_q_get_str(&out, r), GDT_OK);
    mpq_clears(a, b, c, r, NULL);
}

static void
test_ieee_binary64(void **state)
{
    gdt_domain d;
    gdt_val a, b, c, r;
    int m, k, op;
    double x, y, z, got, want;
    long n;
    unsigned nf;
    int check_flags;

    (void)state;
    if (!HAVE_NATIVE || !native_rounding_works())
        skip(); /* no native oracle, or valgrind's emulated FPU */
    check_flags = native_flags_work();
    for (m = 0; m < 4; m++) {
        assert_int_equal(gdt_domain_init_ieee(&d, m % 2 ? "double" : "binary64",
                                              native_modes[m].rnd), GDT_OK);
        assert_int_equal(d.prec, 53);
        assert_int_equal(d.emax, 1024);
        assert_int_equal(d.emin, -1073);
        d.ops->init(&a, &d);
        d.ops->init(&b, &d);
        d.ops->init(&c, &d);
        d.ops->init(&r, &d);
        for (k = 0; k < 40000; k++) {
            x = random_double();
            y = random_double();
            z = random_double();
            if (k % 4 == 0)
                y = scale2(x, (int)(rng() % 120) - 60) * (rng() % 2 ? 1 : -1);
            op = (int)(rng() % 6);
            n = (long)(rng() % 6); /* the exact power of a double is a
                                      decimal only for n >= 0 */
            mpfr_set_d(a.f, x, MPFR_RNDN);
            mpfr_set_d(b.f, y, MPFR_RNDN);
            mpfr_set_d(c.f, z, MPFR_RNDN);
            if (op == OP_NEG)
                op = OP_FMS;
            if ((op == OP_FMS || op == OP_POW)
                && (!isfinite(x) || !isfinite(y) || !isfinite(z)
                    || (op == OP_POW && x == 0) || x > 0x1p100 || x < -0x1p100
                    || (x < 0x1p-200 && x > -0x1p-200)))
                continue;
            if (op == OP_FMS || op == OP_POW) {
                exact_dec((enum op)op, x, y, z, n);
                native_round(native_modes[m].fe);
                want = strtod(out.s, NULL);
                native_round(FE_TONEAREST);
                if (want == 0 && out.s[0] == '0' && native_modes[m].rnd == MPFR_RNDD
                    && op == OP_FMS)
                    want = -0.0; /* an exact zero difference rounds to -0 */
                nf = 0;
            } else {
                native_round(native_modes[m].fe);
                want = native_d((enum op)op, x, y, n, &nf);
                native_round(FE_TONEAREST);
            }
            d.flags = 0;
            assert_int_equal(do_op(&d, (enum op)op, &r, &a, &b, &c, n), GDT_OK);
            got = mpfr_get_d(r.f, MPFR_RNDN);
            if (!same_double(got, want)
                || (op < OP_NEG && check_flags && d.flags != nf)) {
                printf("binary64 %s wrong (%s)\n", op_name[op],
                       rnd_name(native_modes[m].rnd));
                printf("  a %a  b %a  c %a  n %ld\n", x, y, z, n);
                printf("  got  %a flags %u\n  want %a flags %u\n", got,
                       d.flags, want, nf);
                failures++;
                if (failures > 20)
                    break;
            }
        }
        d.ops->clear(&a, &d);
        d.ops->clear(&b, &d);
        d.ops->clear(&c, &d);
        d.ops->clear(&r, &d);
        gdt_domain_clear(&d);
    }
    check_failures();
}

static void
test_ieee_binary32(void **state)
{
    gdt_domain d;
    gdt_val a, b, c, r;
    int m, k, op;
    float x, y, z, got, want;
    unsigned nf;
    int check_flags;

    (void)state;
    if (!HAVE_NATIVE || !native_rounding_works())
        skip(); /* no native oracle, or valgrind's emulated FPU */
    check_flags = native_flags_work();
    for (m = 0; m < 4; m++) {
        assert_int_equal(gdt_domain_init_ieee(&d, m % 2 ? "single" : "float32",
                                              native_modes[m].rnd), GDT_OK);
        assert_string_equal(d.name, "binary32");
        d.ops->init(&a, &d);
        d.ops->init(&b, &d);
        d.ops->init(&c, &d);
        d.ops->init(&r, &d);
        for (k = 0; k < 40000; k++) {
            x = random_float();
            y = random_float();
            z = random_float();
            if (k % 4 == 0)
                y = (float)scale2(x, (int)(rng() % 60) - 30) * (rng() % 2 ? 1 : -1);
            op = (int)(rng() % 5);
            mpfr_set_flt(a.f, x, MPFR_RNDN);
            mpfr_set_flt(b.f, y, MPFR_RNDN);
            mpfr_set_flt(c.f, z, MPFR_RNDN);
            if (op == 4) {
                /* fms: exact value read by strtof */
                if (!isfinite(x) || !isfinite(y) || !isfinite(z))
                    continue;
                op = OP_FMS;
                exact_dec(OP_FMS, x, y, z, 0);
                native_round(native_modes[m].fe);
                want = strtof(out.s, NULL);
                native_round(FE_TONEAREST);
                if (want == 0 && out.s[0] == '0'
                    && native_modes[m].rnd == MPFR_RNDD)
                    want = -0.0f;
                nf = 0;
            } else {
                native_round(native_modes[m].fe);
                want = native_f((enum op)op, x, y, &nf);
                native_round(FE_TONEAREST);
            }
            d.flags = 0;
            assert_int_equal(do_op(&d, (enum op)op, &r, &a, &b, &c, 0), GDT_OK);
            got = mpfr_get_flt(r.f, MPFR_RNDN);
            if (!same_float(got, want)
                || (op < OP_NEG && check_flags && d.flags != nf)) {
                printf("binary32 %s wrong (%s)\n", op_name[op],
                       rnd_name(native_modes[m].rnd));
                printf("  a %a  b %a  c %a\n", (double)x, (double)y, (double)z);
                printf("  got  %a flags %u\n  want %a flags %u\n", (double)got,
                       d.flags, (double)want, nf);
                failures++;
                if (failures > 20)
                    break;
            }
        }
        d.ops->clear(&a, &d);
        d.ops->clear(&b, &d);
        d.ops->clear(&c, &d);
        d.ops->clear(&r, &d);
        gdt_domain_clear(&d);
    }
    check_failures();
}

/* A random decimal string: digits, point, exponent across the format's
   range (subnormals, overflow). */
static void
random_decimal(char *s, size_t size, int emax10)
{
    int nd = 1 + (int)(rng() % 25), i;
    char digits[32];

    for (i = 0; i < nd; i++)
        digits[i] = (char)('0' + rng() % 10);
    digits[nd] = '\0';
    snprintf(s, size, "%s%.1s.%se%d", rng() % 2 ? "-" : "", digits,
             digits + 1, (int)(rng() % (2 * (unsigned)emax10 + 1)) - emax10);
}

static void
test_ieee_set_q(void **state)
{
    /* constants: the decimal's exact rational rounded once, as strtod and
       strtof round it in the same direction */
    gdt_domain d64, d32;
    gdt_val x64, x32;
    int m, k;
    char s[64];
    double w64, g64;
    float w32, g32;

    (void)state;
    if (!HAVE_NATIVE || !native_rounding_works())
        skip(); /* no native oracle, or valgrind's emulated FPU */
    for (m = 0; m < 4; m++) {
        assert_int_equal(gdt_domain_init_ieee(&d64, "float64",
                                              native_modes[m].rnd), GDT_OK);
        assert_int_equal(gdt_domain_init_ieee(&d32, "binary32",
                                              native_modes[m].rnd), GDT_OK);
        d64.ops->init(&x64, &d64);
        d32.ops->init(&x32, &d32);
        for (k = 0; k < 20000; k++) {
            random_decimal(s, sizeof s, k % 2 ? 330 : 50);
            if (strspn(s, "-0.") == strcspn(s, "e"))
                continue; /* zero: a rational has no sign of zero */
            set_dec(&x64, s, &d64);
            set_dec(&x32, s, &d32);
            native_round(native_modes[m].fe);
            w64 = strtod(s, NULL);
            w32 = strtof(s, NULL);
            native_round(FE_TONEAREST);
            g64 = mpfr_get_d(x64.f, MPFR_RNDN);
            g32 = mpfr_get_flt(x32.f, MPFR_RNDN);
            if (!same_double(g64, w64) || !same_float(g32, w32)) {
                printf("set_q wrong (%s)\n  input \"%s\"\n",
                       rnd_name(native_modes[m].rnd), s);
                printf("  got  %a %a\n  want %a %a\n", g64, (double)g32, w64,
                       (double)w32);
                failures++;
            }
        }
        d64.ops->clear(&x64, &d64);
        d32.ops->clear(&x32, &d32);
        gdt_domain_clear(&d64);
        gdt_domain_clear(&d32);
    }
    check_failures();
}

static void
test_ieee_binary16(void **state)
{
    /* _Float16 arithmetic is done in float and rounded once to half, which
       is exact rounding for + - * / (24 >= 2*11 + 2) */
    gdt_domain d;
    gdt_val a, b, r;
    int k, op;
    uint16_t bx, by;
    _Float16 x, y, want;
    volatile _Float16 va, vb, vr = 0;
    double got;
    _Float16 g;

    (void)state;
    assert_int_equal(gdt_domain_init_ieee(&d, "half", MPFR_RNDN), GDT_OK);
    assert_int_equal(d.prec, 11);
    assert_int_equal(d.emax, 16);
    assert_int_equal(d.emin, -23);
    d.ops->init(&a, &d);
    d.ops->init(&b, &d);
    d.ops->init(&r, &d);
    for (k = 0; k < 100000; k++) {
        bx = (uint16_t)rng();
        by = (uint16_t)rng();
        if ((bx & 0x7c00) == 0x7c00)
            bx |= 0x0200; /* quiet NaN or inf */
        if ((by & 0x7c00) == 0x7c00)
            by |= 0x0200;
        if (k % 3 == 0)
            bx &= 0x83ff; /* subnormal */
        memcpy(&x, &bx, 2);
        memcpy(&y, &by, 2);
        op = (int)(rng() % 4);
        va = x;
        vb = y;
        switch (op) {
        case OP_ADD: vr = va + vb; break;
        case OP_SUB: vr = va - vb; break;
        case OP_MUL: vr = va * vb; break;
        case OP_DIV: vr = va / vb; break;
        }
        want = vr;
        mpfr_set_d(a.f, (double)x, MPFR_RNDN);
        mpfr_set_d(b.f, (double)y, MPFR_RNDN);
        assert_int_equal(do_op(&d, (enum op)op, &r, &a, &b, &b, 0), GDT_OK);
        got = mpfr_get_d(r.f, MPFR_RNDN);
        g = (_Float16)got; /* exact: got is a half value */
        if (!((isnan((double)g) && isnan((double)want))
              || memcmp(&g, &want, 2) == 0)) {
            printf("binary16 %s wrong\n  a %a  b %a\n", op_name[op],
                   (double)x, (double)y);
            printf("  got  %a\n  want %a\n", got, (double)want);
            failures++;
            if (failures > 20)
                break;
        }
    }
    d.ops->clear(&a, &d);
    d.ops->clear(&b, &d);
    d.ops->clear(&r, &d);
    gdt_domain_clear(&d);
    check_failures();
}

static void
test_ieee_formats(void **state)
{
    /* range edges of each format, printed exactly in hex */
    static const struct {
        const char *fmt, *in; mpfr_rnd_t rnd; const char *want; unsigned flags;
    } t[] = {
        {"binary16", "65504", MPFR_RNDN, "0x1.ffcp+15", 0},
        {"binary16", "65520", MPFR_RNDN, "inf",
         GDT_FLAG_OVERFLOW | GDT_FLAG_INEXACT},
        {"binary16", "65519", MPFR_RNDN, "0x1.ffcp+15", GDT_FLAG_INEXACT},
        /* rounded with an unbounded exponent 65520 is 65504: no overflow */
        {"float16", "65520", MPFR_RNDZ, "0x1.ffcp+15", GDT_FLAG_INEXACT},
        {"float16", "65536", MPFR_RNDZ, "0x1.ffcp+15",
         GDT_FLAG_OVERFLOW | GDT_FLAG_INEXACT},
        {"float16", "65536", MPFR_RNDU, "inf",
         GDT_FLAG_OVERFLOW | GDT_FLAG_INEXACT},
        {"binary16", "5.9604644775390625e-8", MPFR_RNDN, "0x1p-24", 0},
        {"binary16", "2.9802322387695312e-8", MPFR_RNDN, "0x0p+0",
         GDT_FLAG_UNDERFLOW | GDT_FLAG_INEXACT},
        {"binary16", "2.98023223876953125e-8", MPFR_RNDN, "0x0p+0",
         GDT_FLAG_UNDERFLOW | GDT_FLAG_INEXACT},
        {"binary16", "2.9802322387695313e-8", MPFR_RNDN, "0x1p-24",
         GDT_FLAG_UNDERFLOW | GDT_FLAG_INEXACT},
        {"binary16", "1e-9", MPFR_RNDU, "0x1p-24",
         GDT_FLAG_UNDERFLOW | GDT_FLAG_INEXACT},
        {"bfloat16", "1.00390625", MPFR_RNDN, "0x1p+0", GDT_FLAG_INEXACT},
        {"bfloat16", "1.01171875", MPFR_RNDN, "0x1.04p+0", GDT_FLAG_INEXACT},
        {"bfloat16", "3.3895313892515355e38", MPFR_RNDN, "0x1.fep+127",
         GDT_FLAG_INEXACT},
        {"bfloat16", "9.183549615799121e-41", MPFR_RNDN, "0x1p-133",
         GDT_FLAG_UNDERFLOW | GDT_FLAG_INEXACT},
        {"binary32", "1.401298464324817e-45", MPFR_RNDN, "0x1p-149",
         GDT_FLAG_UNDERFLOW | GDT_FLAG_INEXACT},
        {"binary128", "1", MPFR_RNDN, "0x1p+0", 0},
        {"quad", "0.1", MPFR_RNDN, "0x1.999999999999999999999999999ap-4",
         GDT_FLAG_INEXACT},
        {"binary128", "5e-4966", MPFR_RNDN, "0x1p-16494",
         GDT_FLAG_UNDERFLOW | GDT_FLAG_INEXACT},
        {"binary128", "1e4933", MPFR_RNDN, "inf",
         GDT_FLAG_OVERFLOW | GDT_FLAG_INEXACT},
        {"binary64", "2.2250738585072011e-308", MPFR_RNDN,
         "0x1.ffffffffffffep-1023", GDT_FLAG_UNDERFLOW | GDT_FLAG_INEXACT},
    };
    gdt_domain d;
    gdt_val x;
    size_t i;
    gdt_numfmt f = {GDT_DIGITS_HEX, 0, 0};

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        assert_int_equal(gdt_domain_init_ieee(&d, t[i].fmt, t[i].rnd), GDT_OK);
        d.ops->init(&x, &d);
        set_dec(&x, t[i].in, &d);
        gdt_buf_reset(&out);
        assert_int_equal(d.ops->get_str(&out, &x, &f, &d), GDT_OK);
        if (strcmp(out.s, t[i].want) != 0 || d.flags != t[i].flags) {
            report("IEEE format", out.s, t[i].want);
            printf("  %s %s input %s  flags got %u want %u\n", t[i].fmt,
                   rnd_name(t[i].rnd), t[i].in, d.flags, t[i].flags);
        }
        d.ops->clear(&x, &d);
        gdt_domain_clear(&d);
    }
    check_failures();
}

static void
test_domains_side_by_side(void **state)
{
    /* MPFR's exponent range is global: two formats in turn, and the
       caller's range and flags are left alone */
    gdt_domain h, q;
    gdt_val xh, xq;
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    gdt_numfmt f = {GDT_DIGITS_HEX, 0, 0};

    (void)state;
    assert_int_equal(gdt_domain_init_ieee(&h, "binary16", MPFR_RNDN), GDT_OK);
    assert_int_equal(gdt_domain_init_ieee(&q, "binary128", MPFR_RNDN), GDT_OK);
    h.ops->init(&xh, &h);
    q.ops->init(&xq, &q);
    mpfr_clear_flags();
    mpfr_set_inexflag();
    set_dec(&xh, "1e-7", &h);
    set_dec(&xq, "1e-7", &q);
    assert_int_equal(h.ops->mul(&xh, &xh, &xh, &h), GDT_OK);
    assert_int_equal(q.ops->mul(&xq, &xq, &xq, &q), GDT_OK);
    assert_int_equal(mpfr_get_emin(), emin);
    assert_int_equal(mpfr_get_emax(), emax);
    assert_true(mpfr_inexflag_p());
    assert_false(mpfr_underflow_p());
    gdt_buf_reset(&out);
    assert_int_equal(h.ops->get_str(&out, &xh, &f, &h), GDT_OK);
    assert_string_equal(out.s, "0x0p+0");
    assert_true(q.ops->is_zero(&xh, &h));
    assert_false(q.ops->is_zero(&xq, &q));
    h.ops->clear(&xh, &h);
    q.ops->clear(&xq, &q);
    gdt_domain_clear(&h);
    gdt_domain_clear(&q);
}

/* ------------------------------------------------------------ mpfr printing */

static void
put_d(gdt_domain *d, gdt_val *x, double v, gdt_digits_kind kind, int n)
{
    gdt_numfmt f;

    f.kind = kind;
    f.n = n;
    f.python = 0;
    mpfr_set_d(x->f, v, MPFR_RNDN);
    gdt_buf_reset(&out);
    assert_int_equal(d->ops->get_str(&out, x, &f, d), GDT_OK);
}

/* Python 3 repr() of binary64 values (from CPython 3) */
static const struct { double v; const char *repr; } known_repr[] = {
    {0.1, "0.1"}, {1.0 / 3, "0.3333333333333333"}, {0x1p-1074, "5e-324"},
    {1e16, "1e+16"}, {123456789012345680.0, "1.2345678901234568e+17"},
    {1e-5, "1e-05"}, {0.0001, "0.0001"}, {2.0, "2.0"}, {-18.0, "-18.0"},
    {100.0, "100.0"}, {0.0, "0.0"}, {-0.0, "-0.0"}, {1.5e-5, "1.5e-05"},
    {-2.5e300, "-2.5e+300"}, {1e15, "1000000000000000.0"},
    {9999999999999998.0, "9999999999999998.0"}, {0.3, "0.3"},
    {0.1 + 0.2, "0.30000000000000004"}, {DBL_MAX, "1.7976931348623157e+308"},
    {DBL_MIN, "2.2250738585072014e-308"}, {1e23, "1e+23"},
    {0x1p-1022 - 0x1p-1074, "2.225073858507201e-308"},
    {9007199254740993.0, "9007199254740992.0"}, {1e22, "1e+22"},
    {5e-324 * 3, "1.5e-323"}, {0x1p60, "1.152921504606847e+18"},
    {0x1p-20, "9.5367431640625e-07"}, {1.0 / 0.0, "inf"},
    {-1.0 / 0.0, "-inf"}, {0x1.fffffffffffffp-1, "0.9999999999999999"},
    {4.35, "4.35"}, {2.675, "2.675"}, {1e-7, "1e-07"},
    {0x1p+1023, "8.98846567431158e+307"}, {0x1p-1000, "9.332636185032189e-302"},
    {12345.678, "12345.678"}, {-0.00011, "-0.00011"},
};

static void
test_mpfr_shortest(void **state)
{
    gdt_domain d;
    gdt_val x;
    size_t i;
    int k;
    double v, back;
    char want[64];

    (void)state;
    assert_int_equal(gdt_domain_init_ieee(&d, "binary64", MPFR_RNDN), GDT_OK);
    d.ops->init(&x, &d);
    for (i = 0; i < sizeof known_repr / sizeof known_repr[0]; i++) {
        put_d(&d, &x, known_repr[i].v, GDT_DIGITS_SHORTEST, 0);
        if (strcmp(out.s, known_repr[i].repr) != 0) {
            report("shortest", out.s, known_repr[i].repr);
            printf("  input %a\n", known_repr[i].v);
        }
    }
    mpfr_set_nan(x.f);
    gdt_buf_reset(&out);
    assert_int_equal(d.ops->get_str(&out, &x, &(gdt_numfmt){GDT_DIGITS_SHORTEST,
                                                            0, 1}, &d), GDT_OK);
    assert_string_equal(out.s, "nan");
    /* 10^5 random doubles: the text reads back with strtod, and no
       shorter %.Ne text does */
    for (k = 0; k < 100000; k++) {
        v = d_of_bits(rng());
        if (!isfinite(v))
            continue;
        put_d(&d, &x, v, GDT_DIGITS_SHORTEST, 0);
        back = strtod(out.s, NULL);
        if (!same_double(back, v)) {
            snprintf(want, sizeof want, "%.17g", v);
            report("shortest round trip", out.s, want);
            printf("  input %a\n", v);
            continue;
        }
        {
            /* significant digits of the output: none of n-1 must do */
            char dig[64];
            size_t nd = 0, lead = 0;
            const char *p;
            for (p = out.s; *p && *p != 'e'; p++)
                if (*p >= '0' && *p <= '9')
                    dig[nd++] = *p;
            while (lead < nd && dig[lead] == '0')
                lead++;
            while (nd > lead && dig[nd - 1] == '0')
                nd--;
            nd -= lead;
            if (nd > 1 && nd <= 17) {
                snprintf(want, sizeof want, "%.*e", (int)nd - 2, v);
                if (strtod(want, NULL) == v) {
                    report("shortest not shortest", out.s, want);
                    printf("  input %a\n", v);
                }
            }
        }
    }
    d.ops->clear(&x, &d);
    gdt_domain_clear(&d);
    check_failures();
}

static void
test_mpfr_shortest_other(void **state)
{
    /* binary32: reads back with strtof; known Python numpy-style values */
    static const struct { const char *fmt, *in, *want; } t[] = {
        {"binary32", "0.1", "0.1"}, {"binary32", "16777217", "16777216.0"},
        {"binary32", "1e-45", "1e-45"}, {"binary32", "3.4028235e38",
                                         "3.4028235e+38"},
        {"binary16", "0.1", "0.1"}, {"binary16", "65504", "65500.0"},
        {"binary16", "6e-8", "6e-08"}, {"binary16", "1e-4", "0.0001"},
        {"bfloat16", "0.1", "0.1"}, {"bfloat16", "3", "3.0"},
        {"binary128", "0.1", "0.1"},
        {"binary128", "1/3", "0.3333333333333333333333333333333333"},
    };
    gdt_domain d;
    gdt_val x;
    size_t i;
    int k;
    float v, back;
    gdt_numfmt f = {GDT_DIGITS_SHORTEST, 0, 0};

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        assert_int_equal(gdt_domain_init_ieee(&d, t[i].fmt, MPFR_RNDN), GDT_OK);
        d.ops->init(&x, &d);
        set_dec(&x, t[i].in, &d);
        gdt_buf_reset(&out);
        assert_int_equal(d.ops->get_str(&out, &x, &f, &d), GDT_OK);
        if (strcmp(out.s, t[i].want) != 0) {
            report("shortest", out.s, t[i].want);
            printf("  %s input %s\n", t[i].fmt, t[i].in);
        }
        d.ops->clear(&x, &d);
        gdt_domain_clear(&d);
    }
    assert_int_equal(gdt_domain_init_ieee(&d, "binary32", MPFR_RNDU), GDT_OK);
    d.ops->init(&x, &d);
    for (k = 0; k < 20000; k++) {
        v = f_of_bits((uint32_t)rng());
        if (!isfinite(v))
            continue;
        mpfr_set_flt(x.f, v, MPFR_RNDN);
        gdt_buf_reset(&out);
        assert_int_equal(d.ops->get_str(&out, &x, &f, &d), GDT_OK);
        back = strtof(out.s, NULL); /* to nearest, whatever the domain's */
        if (!same_float(back, v)) {
            report("binary32 shortest round trip", out.s, "?");
            printf("  input %a\n", (double)v);
        }
    }
    d.ops->clear(&x, &d);
    gdt_domain_clear(&d);
    check_failures();
}

static void
test_mpfr_exact_hex_n(void **state)
{
    static const struct {
        double v; gdt_digits_kind kind; int n; const char *want;
    } t[] = {
        {2.0, GDT_DIGITS_EXACT, 0, "2"}, {-18.0, GDT_DIGITS_EXACT, 0, "-18"},
        {0.5, GDT_DIGITS_EXACT, 0, "0.5"},
        {0.1, GDT_DIGITS_EXACT, 0,
         "0.1000000000000000055511151231257827021181583404541015625"},
        {-0.0, GDT_DIGITS_EXACT, 0, "-0"}, {0.0, GDT_DIGITS_EXACT, 0, "0"},
        {1e300 * 1e300, GDT_DIGITS_EXACT, 0, "inf"},
        {0x1p70, GDT_DIGITS_EXACT, 0, "1180591620717411303424"},
        {3.0, GDT_DIGITS_HEX, 0, "0x1.8p+1"}, {1.0, GDT_DIGITS_HEX, 0, "0x1p+0"},
        {0.1, GDT_DIGITS_HEX, 0, "0x1.999999999999ap-4"},
        {0.0, GDT_DIGITS_HEX, 0, "0x0p+0"}, {-0.0, GDT_DIGITS_HEX, 0, "-0x0p+0"},
        {-0x1p-1074, GDT_DIGITS_HEX, 0, "-0x1p-1074"},
        {0x1.8p-1070, GDT_DIGITS_HEX, 0, "0x1.8p-1070"},
        {0x1.0000000000001p0, GDT_DIGITS_HEX, 0, "0x1.0000000000001p+0"},
        {1.0 / 3, GDT_DIGITS_N, 6, "0.333333"},
        {2.5, GDT_DIGITS_N, 1, "2"}, {-0.0, GDT_DIGITS_N, 3, "-0"},
        {1e-5, GDT_DIGITS_N, 3, "1e-05"}, {123456.0, GDT_DIGITS_N, 3, "1.23e+05"},
        {100.0, GDT_DIGITS_N, 17, "100"},
        {0.1, GDT_DIGITS_N, 30, "0.100000000000000005551115123126"},
    };
    gdt_domain d;
    gdt_val x;
    size_t i;
    int k, n;
    double v;
    char want[128];
    mpq_t q;

    (void)state;
    assert_int_equal(gdt_domain_init_ieee(&d, "binary64", MPFR_RNDN), GDT_OK);
    d.ops->init(&x, &d);
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        put_d(&d, &x, t[i].v, t[i].kind, t[i].n);
        if (strcmp(out.s, t[i].want) != 0) {
            report("mpfr get_str", out.s, t[i].want);
            printf("  input %a  kind %d  n %d\n", t[i].v, t[i].kind, t[i].n);
        }
    }
    /* random doubles against glibc's %a (normal values) and %.Ng */
    mpq_init(q);
    for (k = 0; k < 20000; k++) {
        v = d_of_bits(rng());
        if (!isfinite(v))
            continue;
        if (fpclassify(v) == FP_NORMAL) {
            put_d(&d, &x, v, GDT_DIGITS_HEX, 0);
            snprintf(want, sizeof want, "%a", v);
            if (strcmp(out.s, want) != 0) {
                report("hex", out.s, want);
                printf("  input %a\n", v);
            }
        }
        n = 1 + (int)(rng() % 30);
        put_d(&d, &x, v, GDT_DIGITS_N, n);
        snprintf(want, sizeof want, "%.*g", n, v);
        if (strcmp(out.s, want) != 0) {
            report("N digits", out.s, want);
            printf("  input %a  n %d\n", v, n);
        }
        put_d(&d, &x, v, GDT_DIGITS_EXACT, 0);
        assert_int_equal(gdt_q_parse(q, out.s, NULL), GDT_OK);
        if (mpq_get_d(q) != v) {
            report("exact", out.s, "?");
            printf("  input %a\n", v);
        }
    }
    mpq_clear(q);
    /* get_q, is_*, identical */
    {
        gdt_val y;
        mpq_t r;

        d.ops->init(&y, &d);
        mpq_init(r);
        mpfr_set_d(x.f, -0.0, MPFR_RNDN);
        mpfr_set_d(y.f, 0.0, MPFR_RNDN);
        assert_true(d.ops->is_zero(&x, &d));
        assert_false(d.ops->identical(&x, &y, &d));
        assert_int_equal(d.ops->get_q(r, &x, &d), GDT_OK);
        assert_int_equal(mpq_sgn(r), 0);
        mpfr_set_nan(x.f);
        mpfr_set_nan(y.f);
        assert_true(d.ops->identical(&x, &y, &d));
        assert_true(d.ops->is_nan(&x, &d));
        assert_int_equal(d.ops->get_q(r, &x, &d), GDT_EDOMAIN);
        mpfr_set_inf(x.f, -1);
        assert_true(d.ops->is_inf(&x, &d));
        assert_false(d.ops->identical(&x, &y, &d));
        assert_int_equal(d.ops->get_q(r, &x, &d), GDT_EDOMAIN);
        mpfr_set_d(x.f, 0.1, MPFR_RNDN);
        assert_int_equal(d.ops->get_q(r, &x, &d), GDT_OK);
        assert_true(mpq_get_d(r) == 0.1);
        mpq_clear(r);
        d.ops->clear(&y, &d);
    }
    d.ops->clear(&x, &d);
    gdt_domain_clear(&d);
    check_failures();
}

/* The shortest text of X (mpfr domain D): reads back to X (to nearest,
   at the precision of X), and neither decimal of one digit fewer around
   X does. */
static void
check_shortest(gdt_domain *d, gdt_val *x)
{
    gdt_numfmt f = {GDT_DIGITS_SHORTEST, 0, 0};
    mpfr_t y;
    mpfr_exp_t e;
    char *dig, *t;
    const char *p;
    size_t nd = 0, lead = 0;
    int r;

    gdt_buf_reset(&out);
    assert_int_equal(d->ops->get_str(&out, x, &f, d), GDT_OK);
    mpfr_init2(y, mpfr_get_prec(x->f));
    mpfr_set_str(y, out.s, 10, MPFR_RNDN);
    if (!mpfr_equal_p(y, x->f)) {
        report("shortest round trip", out.s, "?");
        mpfr_printf("  input %Ra at %ld bits\n", x->f, (long)mpfr_get_prec(x->f));
    }
    /* its significant digits */
    dig = malloc(out.len + 1);
    for (p = out.s; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9')
            dig[nd++] = *p;
    while (lead < nd && dig[lead] == '0')
        lead++;
    while (nd > lead && dig[nd - 1] == '0')
        nd--;
    nd -= lead;
    free(dig);
    for (r = 0; nd > 1 && r < 2; r++) {
        t = mpfr_get_str(NULL, &e, 10, nd - 1, x->f, r ? MPFR_RNDU : MPFR_RNDD);
        dig = malloc(strlen(t) + 32);
        sprintf(dig, "%s%se%ld", t[0] == '-' ? "-0." : "0.", t + (t[0] == '-'), (long)e);
        mpfr_set_str(y, dig, 10, MPFR_RNDN);
        if (mpfr_equal_p(y, x->f)) {
            report("shortest not shortest", out.s, dig);
            mpfr_printf("  input %Ra at %ld bits\n", x->f, (long)mpfr_get_prec(x->f));
        }
        free(dig);
        mpfr_free_str(t);
    }
    mpfr_clear(y);
}

/* Issue 9, item 10: the shortest digits grow from a few, so a short value
   at a huge precision prints at once; long values still print shortest. */
static void
test_mpfr_shortest_prec(void **state)
{
    static const long precs[] = {2, 3, 24, 53, 64, 100, 113, 200, 1000, 3000};
    gdt_domain d;
    gdt_val x;
    gmp_randstate_t rs;
    size_t i;
    int k;

    (void)state;
    /* -18 at 2^24 bits: two digits (the bound is five million) */
    assert_int_equal(gdt_domain_init_mpfr(&d, 16777216, MPFR_RNDN), GDT_OK);
    d.ops->init(&x, &d);
    mpfr_set_si(x.f, -18, MPFR_RNDN);
    gdt_buf_reset(&out);
    assert_int_equal(d.ops->get_str(&out, &x, &(gdt_numfmt){GDT_DIGITS_SHORTEST, 0, 0}, &d),
                     GDT_OK);
    assert_string_equal(out.s, "-18.0");
    d.ops->clear(&x, &d);
    gdt_domain_clear(&d);
    /* 0.1 at 20000 bits: one digit, though its exact value has thousands */
    assert_int_equal(gdt_domain_init_mpfr(&d, 20000, MPFR_RNDN), GDT_OK);
    d.ops->init(&x, &d);
    set_dec(&x, "0.1", &d);
    check_shortest(&d, &x);
    assert_string_equal(out.s, "0.1");
    d.ops->clear(&x, &d);
    gdt_domain_clear(&d);
    /* random values, full and with few significant bits, wide exponents */
    gmp_randinit_default(rs);
    gmp_randseed_ui(rs, 9);
    for (i = 0; i < sizeof precs / sizeof precs[0]; i++) {
        assert_int_equal(gdt_domain_init_mpfr(&d, precs[i], MPFR_RNDN), GDT_OK);
        d.ops->init(&x, &d);
        for (k = 0; k < (precs[i] > 500 ? 20 : 200); k++) {
            mpfr_urandomb(x.f, rs);
            if (k % 3 == 1) { /* few significant bits */
                mpfr_prec_round(x.f, 1 + (mpfr_prec_t)(rng() % (uint64_t)precs[i]),
                                MPFR_RNDN);
                mpfr_prec_round(x.f, precs[i], MPFR_RNDN);
            }
            mpfr_mul_2si(x.f, x.f, (long)(rng() % 4001) - 2000, MPFR_RNDN);
            if (k % 2)
                mpfr_neg(x.f, x.f, MPFR_RNDN);
            if (mpfr_zero_p(x.f))
                continue;
            check_shortest(&d, &x);
        }
        d.ops->clear(&x, &d);
        gdt_domain_clear(&d);
    }
    gmp_randclear(rs);
    check_failures();
}

/* get_str of A in format F: ST, and then nothing appended to a text
   already there unless ST is GDT_OK. */
static void
check_text(gdt_domain *d, const gdt_val *a, gdt_digits_kind kind, int n, int python,
           gdt_status want, const char *what)
{
    gdt_numfmt f = {kind, n, python};
    gdt_status st, chk;

    gdt_buf_reset(&out);
    assert_int_equal(gdt_buf_puts(&out, "x"), GDT_OK);
    st = d->ops->get_str(&out, a, &f, d);
    chk = gdt_domain_check_str(a, &f, d);
    if (st != want || chk != want) {
        printf("%s: get_str %d, check_str %d, want %d (kind %d, n %d, max_bits %zu)\n",
               what, (int)st, (int)chk, (int)want, (int)kind, n, d->max_bits);
        failures++;
    }
    if (st != GDT_OK && strcmp(out.s, "x") != 0)
        report(what, out.s, "x (nothing appended)");
}

/* Issue 9, item 11: max_bits bounds every text, in every domain: at most
   floor(max_bits log10 2) + 2 significant digits, refused before they are
   made. */
static void
test_text_max_bits(void **state)
{
    gdt_domain d;
    gdt_val x;
    mpq_t q;
    int k;

    (void)state;
    mpq_init(q);
    /* exact: 1000 bits give 303 digits; every 1000-bit integer and
       fraction prints, 1/2^500 (351 digits, 0.000...) does not */
    gdt_domain_init_exact(&d);
    d.max_bits = 1000;
    d.ops->init(&x, &d);
    mpz_ui_pow_ui(mpq_numref(x.q), 2, 1000);
    mpz_sub_ui(mpq_numref(x.q), mpq_numref(x.q), 1);
    check_text(&d, &x, GDT_DIGITS_EXACT, 0, 0, GDT_OK, "exact 2^1000-1");
    mpz_ui_pow_ui(mpq_numref(x.q), 3, 315);     /* 500 bits */
    mpz_ui_pow_ui(mpq_denref(x.q), 7, 177);     /* 497 bits */
    check_text(&d, &x, GDT_DIGITS_EXACT, 0, 0, GDT_OK, "exact 3^315/7^177");
    check_text(&d, &x, GDT_DIGITS_SHORTEST, 0, 1, GDT_OK, "Fraction(3^315, 7^177)");
    mpq_set_ui(x.q, 1, 1);
    mpq_div_2exp(x.q, x.q, 500);
    check_text(&d, &x, GDT_DIGITS_EXACT, 0, 0, GDT_ERANGE, "exact 1/2^500");
    check_text(&d, &x, GDT_DIGITS_SHORTEST, 0, 1, GDT_OK, "Fraction(1, 2^500)");
    check_text(&d, &x, GDT_DIGITS_N, 300, 0, GDT_OK, "1/2^500 to 300 digits");
    mpq_set_ui(x.q, 1, 3);
    d.max_bits = 10; /* 5 digits */
    check_text(&d, &x, GDT_DIGITS_N, 5, 0, GDT_OK, "1/3 to 5 digits");
    check_text(&d, &x, GDT_DIGITS_N, 6, 0, GDT_ERANGE, "1/3 to 6 digits");
    mpq_set_ui(x.q, 1, 2);
    check_text(&d, &x, GDT_DIGITS_N, 1000, 0, GDT_OK, "1/2 to 1000 digits");
    /* the bound str_digits is never below the truth */
    d.max_bits = 0;
    for (k = 0; k < 2000; k++) {
        gdt_numfmt f = {GDT_DIGITS_EXACT, 0, 0};
        size_t nd = 0;
        const char *p;
        mpz_set_ui(mpq_numref(x.q), rng());
        mpz_mul_2exp(mpq_numref(x.q), mpq_numref(x.q), rng() % 200);
        mpz_ui_pow_ui(mpq_denref(x.q), k % 3 ? 2 : 5, rng() % 300);
        if (k % 7 == 0)
            mpz_mul_ui(mpq_denref(x.q), mpq_denref(x.q), 3);
        mpq_canonicalize(x.q);
        gdt_buf_reset(&out);
        assert_int_equal(d.ops->get_str(&out, &x, &f, &d), GDT_OK);
        for (p = out.s; *p == '0' || *p == '.'; p++)
            ;
        for (; *p; p++)
            nd += *p >= '0' && *p <= '9';
        if (d.ops->str_digits(&x, &f, &d) < nd) {
            report("exact str_digits below the digits of", out.s, "?");
            break;
        }
    }
    d.ops->clear(&x, &d);
    gdt_domain_clear(&d);

    /* mpfr at 2 bits: 2^-1000000 has a short text and a million-digit
       exact value, refused at once (item 11) */
    assert_int_equal(gdt_domain_init_mpfr(&d, 2, MPFR_RNDN), GDT_OK);
    d.max_bits = (size_t)1 << 27;
    d.ops->init(&x, &d);
    mpfr_set_ui_2exp(x.f, 3, -1000000000L, MPFR_RNDN);
    check_text(&d, &x, GDT_DIGITS_EXACT, 0, 0, GDT_ERANGE, "exact 3 2^-1e9");
    check_text(&d, &x, GDT_DIGITS_SHORTEST, 0, 0, GDT_OK, "shortest 3 2^-1e9");
    check_text(&d, &x, GDT_DIGITS_HEX, 0, 0, GDT_OK, "hex 3 2^-1e9");
    mpfr_set_ui_2exp(x.f, 3, 1000000000L, MPFR_RNDN);
    check_text(&d, &x, GDT_DIGITS_EXACT, 0, 0, GDT_ERANGE, "exact 3 2^1e9");
    d.max_bits = 0;
    mpfr_set_ui_2exp(x.f, 3, -100000, MPFR_RNDN);
    check_text(&d, &x, GDT_DIGITS_EXACT, 0, 0, GDT_OK, "exact 3 2^-100000, no limit");
    d.ops->clear(&x, &d);
    gdt_domain_clear(&d);
    /* mpfr at 300 bits with max_bits 100 (32 digits): shortest of 1/3
       needs 91, of 0.5 one */
    assert_int_equal(gdt_domain_init_mpfr(&d, 300, MPFR_RNDN), GDT_OK);
    d.max_bits = 100;
    d.ops->init(&x, &d);
    set_dec(&x, "1/3", &d);
    check_text(&d, &x, GDT_DIGITS_SHORTEST, 0, 0, GDT_ERANGE, "shortest 1/3");
    check_text(&d, &x, GDT_DIGITS_HEX, 0, 0, GDT_ERANGE, "hex 1/3");
    check_text(&d, &x, GDT_DIGITS_N, 32, 0, GDT_OK, "1/3 to 32 digits");
    check_text(&d, &x, GDT_DIGITS_N, 33, 0, GDT_ERANGE, "1/3 to 33 digits");
    set_dec(&x, "0.5", &d);
    check_text(&d, &x, GDT_DIGITS_SHORTEST, 0, 0, GDT_OK, "shortest 0.5");
    check_text(&d, &x, GDT_DIGITS_HEX, 0, 0, GDT_OK, "hex 0.5");
    d.ops->clear(&x, &d);
    gdt_domain_clear(&d);
    /* binary64: the exact value of 0.1 has 55 digits */
    assert_int_equal(gdt_domain_init_ieee(&d, "binary64", MPFR_RNDN), GDT_OK);
    d.ops->init(&x, &d);
    set_dec(&x, "0.1", &d);
    d.max_bits = 180; /* 56 digits */
    check_text(&d, &x, GDT_DIGITS_EXACT, 0, 0, GDT_OK, "binary64 exact 0.1");
    d.max_bits = 170; /* 53 digits */
    check_text(&d, &x, GDT_DIGITS_EXACT, 0, 0, GDT_ERANGE, "binary64 exact 0.1");
    check_text(&d, &x, GDT_DIGITS_SHORTEST, 0, 0, GDT_OK, "binary64 shortest 0.1");
    d.ops->clear(&x, &d);
    gdt_domain_clear(&d);
    mpq_clear(q);
    check_failures();
}

/* gdt_domain_str_fits: when it says every text fits, each value's check
   says GDT_OK as it did before it (str_digits within the limit, or else
   get_str's own verdict); it says so for the IEEE formats' and MPFR's
   shortest texts under a limit above their precision's digits, and never
   for the exact and integer modes or another kind of text. */
static void
test_str_fits(void **state)
{
    static const struct { const char *kind, *name; long prec; } doms[] = {
        { "ieee", "binary16", 0 }, { "ieee", "bfloat16", 0 }, { "ieee", "binary32", 0 },
        { "ieee", "binary64", 0 }, { "ieee", "binary128", 0 },
        { "native", "native-float", 0 }, { "native", "native-double", 0 },
        { "mpfr", NULL, 2 }, { "mpfr", NULL, 53 }, { "mpfr", NULL, 300 },
        { "exact", NULL, 0 }, { "int", "int32", 0 },
    };
    static const char *const texts[] = {
        "0", "1", "-1", "0.1", "1/3", "-2/7", "65504", "123456789.125", "1e-45",
        "-3e-310", "1e300", "3e38", "1e-5", "12345678901234567890",
    };
    static const size_t max_bits[] = { 0, 10, 40, 56, 57, 60, 64, 100, 1000, (size_t)1 << 27 };
    static const gdt_digits_kind kinds[] = { GDT_DIGITS_SHORTEST, GDT_DIGITS_EXACT,
                                             GDT_DIGITS_HEX };
    size_t i, j, m, t;
    gdt_domain d;
    gdt_val x;
    mpq_t q;
    size_t end;

    (void)state;
    mpq_init(q);
    for (i = 0; i < sizeof doms / sizeof doms[0]; i++) {
        if (strcmp(doms[i].kind, "ieee") == 0)
            assert_int_equal(gdt_domain_init_ieee(&d, doms[i].name, MPFR_RNDN), GDT_OK);
        else if (strcmp(doms[i].kind, "native") == 0)
            assert_int_equal(gdt_domain_init_native(&d, doms[i].name, MPFR_RNDN), GDT_OK);
        else if (strcmp(doms[i].kind, "mpfr") == 0)
            assert_int_equal(gdt_domain_init_mpfr(&d, doms[i].prec, MPFR_RNDN), GDT_OK);
        else if (strcmp(doms[i].kind, "exact") == 0)
            gdt_domain_init_exact(&d);
        else
            assert_int_equal(gdt_domain_init_int(&d, doms[i].name), GDT_OK);
        d.ops->init(&x, &d);
        for (m = 0; m < sizeof max_bits / sizeof max_bits[0]; m++) {
            d.max_bits = max_bits[m];
            for (j = 0; j < sizeof kinds / sizeof kinds[0]; j++) {
                gdt_numfmt f = { kinds[j], 0, 0 };
                int fits = gdt_domain_str_fits(&f, &d);
                int want = max_bits[m] == 0
                           || (kinds[j] == GDT_DIGITS_SHORTEST
                               && strcmp(doms[i].kind, "exact") != 0
                               && strcmp(doms[i].kind, "int") != 0
                               && 2 + (size_t)((double)d.prec * 0.30102999566398120)
                                      <= (size_t)((double)max_bits[m] * 0.30102999566398120) + 2);

                if (fits != want) {
                    printf("str_fits %s %ld, kind %d, max_bits %zu: got %d, want %d\n",
                           d.name, (long)d.prec, (int)kinds[j], max_bits[m], fits, want);
                    failures++;
                }
                for (t = 0; fits && t < sizeof texts / sizeof texts[0]; t++) {
                    gdt_status st;

                    assert_int_equal(gdt_q_parse(q, texts[t], &end), GDT_OK);
                    if (d.ops->set_q(&x, q, &d) != GDT_OK)
                        continue; /* not a value of an integer mode */
                    /* the check without str_fits: within the bound, or
                       get_str's verdict (GDT_EDOMAIN: no such text at all,
                       which is no refusal) */
                    gdt_buf_reset(&out);
                    st = d.max_bits == 0
                             || d.ops->str_digits(&x, &f, &d) <= gdt_text_max_digits(&d)
                             ? GDT_OK : d.ops->get_str(&out, &x, &f, &d);
                    if (st != GDT_OK && st != GDT_EDOMAIN) {
                        printf("str_fits %s %ld, kind %d, max_bits %zu: %s refused\n",
                               d.name, (long)d.prec, (int)kinds[j], max_bits[m], texts[t]);
                        failures++;
                    }
                }
            }
        }
        d.ops->clear(&x, &d);
        gdt_domain_clear(&d);
    }
    mpq_clear(q);
    check_failures();
}

/* Item 13: a huge integer is converted by pieces, as mpz_get_str would
   write it, and a requested stop ends the conversion with GDT_EINTERRUPTED and
   nothing written. */
static void
test_pieces(void **state)
{
    static const unsigned long bits[] = {4194304, 4194305, 9000000, 12000000};
    volatile sig_atomic_t stop = 0;
    gdt_numfmt fmt = { GDT_DIGITS_EXACT, 0, 0 };
    size_t len;
    gdt_domain d;
    gdt_val v;
    gmp_randstate_t rs;
    mpz_t z;
    mpq_t q;
    char *want;
    size_t i;

    const char *variant = getenv("GDTRACE_TEST_VARIANT");
    /* under valgrind (about 30 s of its CPU a number) not the largest */
    size_t n = sizeof bits / sizeof bits[0]
               - (variant != NULL && strcmp(variant, "valgrind") == 0);

    (void)state;
    gmp_randinit_default(rs);
    gmp_randseed_ui(rs, 3);
    mpz_init(z);
    mpq_init(q);
    for (i = 0; i < n; i++) {
        mpz_urandomb(z, rs, bits[i]);
        mpz_setbit(z, bits[i] - 1);
        if (i == 2) { /* 10^3000000 + 7: pieces that are all zeros */
            mpz_ui_pow_ui(z, 10, 3000000);
            mpz_add_ui(z, z, 7);
        }
        if (i % 2)
            mpz_neg(z, z);
        mpq_set_z(q, z);
        want = mpz_get_str(NULL, 10, z);
        gdt_buf_reset(&out);
        assert_int_equal(gdt_q_get_str(&out, q), GDT_OK);
        if (strcmp(out.s, want) != 0) {
            printf("pieces of %lu bits wrong: got %zu digits, want %zu\n", bits[i],
                   out.len, strlen(want));
            failures++;
        }
        free(want);
    }
    stop = 2;
    gdt_buf_reset(&out);
    assert_int_equal(gdt_buf_puts(&out, "x"), GDT_OK);
    assert_int_equal(gdt_q_get_str_stop(&out, q, &stop), GDT_EINTERRUPTED);
    assert_string_equal(out.s, "x");
    /* a domain's conversion polls the domain's flag, NULL at first */
    gdt_domain_init_exact(&d);
    d.ops->init(&v, &d);
    assert_int_equal(d.ops->set_q(&v, q, &d), GDT_OK);
    len = out.len;
    assert_int_equal(d.ops->get_str(&out, &v, &fmt, &d), GDT_OK);
    assert_true(out.len > len);
    d.stop = &stop;
    len = out.len;
    assert_int_equal(d.ops->get_str(&out, &v, &fmt, &d), GDT_EINTERRUPTED);
    assert_true(out.len == len);
    d.ops->clear(&v, &d);
    gdt_domain_clear(&d);
    gdt_buf_reset(&out);
    assert_int_equal(gdt_buf_puts(&out, "x"), GDT_OK);
    mpq_set_ui(q, 7, 1); /* small values are converted whole */
    assert_int_equal(gdt_q_get_str_stop(&out, q, &stop), GDT_OK);
    assert_string_equal(out.s, "x7");
    mpz_clear(z);
    mpq_clear(q);
    gmp_randclear(rs);
    check_failures();
}

/* get_fr: every domain's value as an MPFR number, rounded as asked, in
   MPFR's exponent range (the widest here: no overflow below 2^(2^62)). */
static void
test_get_fr(void **state)
{
    gdt_domain d;
    gdt_val x;
    mpfr_t r;
    mpfr_exp_t emax = mpfr_get_emax();

    (void)state;
    mpfr_init2(r, 10);
    mpfr_set_emax(mpfr_get_emax_max());
    gdt_domain_init_exact(&d);
    d.ops->init(&x, &d);
    mpq_set_si(x.q, -1, 3);
    assert_true(d.ops->get_fr(r, &x, MPFR_RNDZ, &d) > 0);
    assert_true(mpfr_cmp_d(r, -0x1.55p-2) == 0);
    mpz_ui_pow_ui(mpq_numref(x.q), 2, 1 << 20);
    mpz_set_ui(mpq_denref(x.q), 1);
    assert_int_equal(d.ops->get_fr(r, &x, MPFR_RNDN, &d), 0);
    assert_int_equal(mpfr_get_exp(r), (1 << 20) + 1);
    d.ops->clear(&x, &d);
    gdt_domain_clear(&d);
    assert_int_equal(gdt_domain_init_mpfr(&d, 53, MPFR_RNDN), GDT_OK);
    d.ops->init(&x, &d);
    mpfr_set_d(x.f, -0.1, MPFR_RNDN);
    assert_true(d.ops->get_fr(r, &x, MPFR_RNDA, &d) < 0);
    assert_true(mpfr_cmp_d(r, -0x1.9ap-4) == 0);
    mpfr_set_inf(x.f, -1);
    d.ops->get_fr(r, &x, MPFR_RNDN, &d);
    assert_true(mpfr_inf_p(r) && mpfr_signbit(r));
    d.ops->clear(&x, &d);
    gdt_domain_clear(&d);
    mpfr_set_emax(emax);
    mpfr_clear(r);
}

/* Issue 9, item 18: "-0" read back is -0 in the mpfr domain (as Python's
   float('-0')) and 0 in the exact domain, which has one zero. */
static void
test_read_neg_zero(void **state)
{
    gdt_numfmt f = {GDT_DIGITS_SHORTEST, 0, 0};
    gdt_domain d;
    gdt_val x;
    int exact;

    (void)state;
    for (exact = 0; exact < 2; exact++) {
        if (exact)
            gdt_domain_init_exact(&d);
        else
            assert_int_equal(gdt_domain_init_mpfr(&d, 100, MPFR_RNDU), GDT_OK);
        d.ops->init(&x, &d);
        assert_int_equal(gdt_domain_read(&x, "-0", &d), GDT_OK);
        gdt_buf_reset(&out);
        assert_int_equal(d.ops->get_str(&out, &x, &f, &d), GDT_OK);
        assert_string_equal(out.s, exact ? "0" : "-0.0");
        assert_int_equal(gdt_domain_read(&x, "-0.000e-7", &d), GDT_OK);
        gdt_buf_reset(&out);
        assert_int_equal(d.ops->get_str(&out, &x, &f, &d), GDT_OK);
        assert_string_equal(out.s, exact ? "0" : "-0.0");
        d.ops->clear(&x, &d);
        gdt_domain_clear(&d);
    }
}

/* One contract (gdtrace.h): gdt_domain_clear accepts what an init failed
   on, whatever D held before (no zeroing first), and an init that succeeded
   once cleared, twice. */
static void
test_init_failure_clears(void **state)
{
    static const struct { const char *what; int kind; const char *name; long prec;
                          mpfr_rnd_t rnd; } bad[] = {
        { "mpfr, precision 0", 0, NULL, 0, MPFR_RNDN },
        { "mpfr, rounding 99", 0, NULL, 53, (mpfr_rnd_t)99 },
        { "ieee, no such format", 1, "binary80", 0, MPFR_RNDN },
        { "ieee, rounding 99", 1, "binary64", 0, (mpfr_rnd_t)99 },
        { "native, no such type", 2, "native-long", 0, MPFR_RNDN },
        { "native, rounding away from zero", 2, "native-double", 0, MPFR_RNDA },
        { "int, no such width", 3, "int128", 0, MPFR_RNDN },
        { "mode, no such mode", 4, "decimal64", 53, MPFR_RNDN },
        { "mode, native rounding away from zero", 4, "native-float", 53, MPFR_RNDA },
    };
    gdt_domain d;
    gdt_status st = GDT_OK;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&d, 0xa5, sizeof d);   /* what a stack variable may hold */
        switch (bad[i].kind) {
        case 0: st = gdt_domain_init_mpfr(&d, bad[i].prec, bad[i].rnd); break;
        case 1: st = gdt_domain_init_ieee(&d, bad[i].name, bad[i].rnd); break;
        case 2: st = gdt_domain_init_native(&d, bad[i].name, bad[i].rnd); break;
        case 3: st = gdt_domain_init_int(&d, bad[i].name); break;
        case 4: st = gdt_domain_init_mode(&d, bad[i].name, bad[i].prec, bad[i].rnd); break;
        }
        if (st != GDT_EVALUE || d.ops != NULL || d.native != NULL) {
            printf("failed init wrong: %s\n  got  status %d, ops %p, native %p\n"
                   "  want status %d, ops NULL, native NULL\n", bad[i].what, (int)st,
                   (const void *)d.ops, (void *)d.native, (int)GDT_EVALUE);
            fail();
        }
        gdt_domain_clear(&d);
        assert_null(d.ops);
    }
    /* a domain that was set up: cleared, it is empty and may be cleared again */
    assert_int_equal(gdt_domain_init_mode(&d, "native-float", 53, MPFR_RNDN), GDT_OK);
    gdt_domain_clear(&d);
    assert_null(d.ops);
    assert_null(d.native);
    gdt_domain_clear(&d);
    gdt_domain_clear(NULL);
}

/* The mode registry: the names line of help and error messages, aliases,
   and the IEEE formats in order with their precision and exponent range,
   which the domains are set up from. */
/* pi, rounded once into each rounded mode in its direction; refused by
   the exact and integer modes. */
static void
test_set_const_pi(void **state)
{
    static const struct { const char *mode; mpfr_rnd_t rnd; double want; } t[] = {
        { "binary16", MPFR_RNDN, 0x1.92p+1 },  { "binary16", MPFR_RNDU, 0x1.924p+1 },
        { "bfloat16", MPFR_RNDN, 0x1.92p+1 },  { "bfloat16", MPFR_RNDU, 0x1.94p+1 },
        { "binary32", MPFR_RNDN, 0x1.921fb6p+1 }, { "binary32", MPFR_RNDZ, 0x1.921fb4p+1 },
        { "binary64", MPFR_RNDN, 0x1.921fb54442d18p+1 },
        { "binary64", MPFR_RNDU, 0x1.921fb54442d19p+1 },
        { "binary64", MPFR_RNDA, 0x1.921fb54442d19p+1 },
        { "native-double", MPFR_RNDD, 0x1.921fb54442d18p+1 },
        { "native-float", MPFR_RNDU, 0x1.921fb6p+1 },
        { "native-float", MPFR_RNDD, 0x1.921fb4p+1 },
    };
    gdt_domain d;
    gdt_val r;
    mpq_t q, want;
    size_t i;

    (void)state;
    mpq_init(q);
    mpq_init(want);
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        assert_int_equal(gdt_domain_init_mode(&d, t[i].mode, 0, t[i].rnd), GDT_OK);
        d.ops->init(&r, &d);
        assert_int_equal(gdt_domain_set_const(&r, GDT_CONST_PI, &d), GDT_OK);
        assert_int_equal(d.ops->get_q(q, &r, &d), GDT_OK);
        mpq_set_d(want, t[i].want);
        assert_true(mpq_equal(q, want));
        d.ops->clear(&r, &d);
        gdt_domain_clear(&d);
    }
    /* mpfr at 200 bits: MPFR's own pi there, in both directions */
    for (i = 0; i < 2; i++) {
        mpfr_t x;
        mpfr_rnd_t rnd = i ? MPFR_RNDU : MPFR_RNDD;

        mpfr_init2(x, 200);
        mpfr_const_pi(x, rnd);
        mpfr_get_q(want, x);
        mpfr_clear(x);
        assert_int_equal(gdt_domain_init_mpfr(&d, 200, rnd), GDT_OK);
        d.ops->init(&r, &d);
        assert_int_equal(gdt_domain_set_const(&r, GDT_CONST_PI, &d), GDT_OK);
        assert_int_equal(d.ops->get_q(q, &r, &d), GDT_OK);
        assert_true(mpq_equal(q, want));
        d.ops->clear(&r, &d);
        gdt_domain_clear(&d);
    }
    gdt_domain_init_exact(&d);
    d.ops->init(&r, &d);
    assert_int_equal(gdt_domain_set_const(&r, GDT_CONST_PI, &d), GDT_EINEXACT);
    /* an exact domain whose table claims otherwise (as fuzz_expr's
       one-by-one sums do) has no precision: refused, not an MPFR abort */
    {
        gdt_domain_ops not_exact = *d.ops;
        const gdt_domain_ops *saved = d.ops;

        not_exact.exact = 0;
        d.ops = &not_exact;
        assert_int_equal(gdt_domain_set_const(&r, GDT_CONST_PI, &d), GDT_EINEXACT);
        d.ops = saved;
    }
    d.ops->clear(&r, &d);
    gdt_domain_clear(&d);
    assert_int_equal(gdt_domain_init_mode(&d, "int64", 0, MPFR_RNDN), GDT_OK);
    d.ops->init(&r, &d);
    assert_int_not_equal(gdt_domain_set_const(&r, GDT_CONST_PI, &d), GDT_OK);
    d.ops->clear(&r, &d);
    gdt_domain_clear(&d);
    mpq_clear(q);
    mpq_clear(want);
}

static void
test_mode_registry(void **state)
{
    static const struct {
        const char *name;
        mpfr_prec_t p;
        mpfr_exp_t E;
    } ieee[] = {
        { "binary16", 11, 15 }, { "bfloat16", 8, 127 }, { "binary32", 24, 127 },
        { "binary64", 53, 1023 }, { "binary128", 113, 16383 },
    };
    static const char *const alias[][2] = {
        { "half", "binary16" }, { "float16", "binary16" }, { "single", "binary32" },
        { "float32", "binary32" }, { "double", "binary64" }, { "float64", "binary64" },
        { "quad", "binary128" }, { "int8", "int8" }, { "native-float", "native-float" },
    };
    char names[GDT_MODE_NAMES_SIZE];
    gdt_domain d;
    size_t i;

    (void)state;
    assert_string_equal(gdt_mode_names(names),
                        "exact, mpfr, binary16 (half, float16), bfloat16, binary32 (single, "
                        "float32), binary64 (double, float64), binary128 (quad), "
                        "native-float, native-double, int8, int16, int32, int64");
    assert_string_equal(gdt_mode_names_of(GDT_MODE_IEEE, names),
                        "binary16 (half, float16), bfloat16, binary32 (single, float32), "
                        "binary64 (double, float64), binary128 (quad)");
    assert_string_equal(gdt_mode_names_of(GDT_MODE_INT, names), "int8, int16, int32, int64");
    assert_string_equal(gdt_mode_names_of(GDT_MODE_EXACT, names), "exact");
    assert_string_equal(gdt_mode_names_of(-1, names),
                        gdt_mode_names((char[GDT_MODE_NAMES_SIZE]){ 0 }));
    for (i = 0; i < sizeof ieee / sizeof ieee[0]; i++) {
        const gdt_mode *m = gdt_mode_ieee(i);

        assert_non_null(m);
        assert_string_equal(m->name, ieee[i].name);
        assert_int_equal(m->cls, GDT_MODE_IEEE);
        assert_int_equal(gdt_domain_init_ieee(&d, m->name, MPFR_RNDN), GDT_OK);
        assert_int_equal(d.prec, ieee[i].p);
        assert_int_equal(d.emax, ieee[i].E + 1);
        assert_int_equal(d.emin, 3 - ieee[i].E - ieee[i].p);
        gdt_domain_clear(&d);
    }
    assert_null(gdt_mode_ieee(i));
    for (i = 0; i < sizeof alias / sizeof alias[0]; i++) {
        assert_string_equal(gdt_mode_canonical(alias[i][0]), alias[i][1]);
        assert_ptr_equal(gdt_mode_find(alias[i][0]), gdt_mode_find(alias[i][1]));
    }
    assert_int_equal(gdt_mode_class_of("quad"), GDT_MODE_IEEE);
    assert_int_equal(gdt_mode_class_of("native-double"), GDT_MODE_NATIVE);
    assert_int_equal(gdt_mode_class_of("int64"), GDT_MODE_INT);
    assert_int_equal(gdt_mode_class_of("mpfr"), GDT_MODE_MPFR);
    assert_int_equal(gdt_mode_class_of("binary80"), -1);
    assert_null(gdt_mode_find("Double"));
    assert_null(gdt_mode_canonical(""));
    assert_string_equal(gdt_mode_find("native-float")->format, "binary32");
    assert_string_equal(gdt_mode_find("native-double")->format, "binary64");
    assert_int_equal(gdt_domain_init_int(&d, "int16"), GDT_OK);
    assert_int_equal(d.prec, 16);
    gdt_domain_clear(&d);
    /* the IEEE formats are no native or integer modes, and back */
    assert_int_equal(gdt_domain_init_native(&d, "binary64", MPFR_RNDN), GDT_EVALUE);
    gdt_domain_clear(&d);
    assert_int_equal(gdt_domain_init_ieee(&d, "native-double", MPFR_RNDN), GDT_EVALUE);
    gdt_domain_clear(&d);
    assert_int_equal(gdt_domain_init_int(&d, "exact"), GDT_EVALUE);
    gdt_domain_clear(&d);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_valid),
        cmocka_unit_test(test_mode_registry),
        cmocka_unit_test(test_parse_invalid),
        cmocka_unit_test(test_scan_decimal),
        cmocka_unit_test(test_q_get_str),
        cmocka_unit_test(test_q_get_str_n),
        cmocka_unit_test(test_exact_domain),
        cmocka_unit_test(test_exact_random),
        cmocka_unit_test(test_exact_get_str),
        cmocka_unit_test(test_mpfr_oracle),
        cmocka_unit_test(test_mpfr_cases),
        cmocka_unit_test(test_ieee_binary64),
        cmocka_unit_test(test_ieee_binary32),
        cmocka_unit_test(test_ieee_set_q),
        cmocka_unit_test(test_ieee_binary16),
        cmocka_unit_test(test_ieee_formats),
        cmocka_unit_test(test_domains_side_by_side),
        cmocka_unit_test(test_mpfr_shortest),
        cmocka_unit_test(test_mpfr_shortest_other),
        cmocka_unit_test(test_mpfr_exact_hex_n),
        cmocka_unit_test(test_mpfr_shortest_prec),
        cmocka_unit_test(test_text_max_bits),
        cmocka_unit_test(test_str_fits),
        cmocka_unit_test(test_pieces),
        cmocka_unit_test(test_get_fr),
        cmocka_unit_test(test_read_neg_zero),
        cmocka_unit_test(test_init_failure_clears),
        cmocka_unit_test(test_set_const_pi),
    };
    int rc;

    gdt_buf_init(&out);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    gdt_buf_clear(&out);
    mpfr_free_cache();
    return rc;
}
