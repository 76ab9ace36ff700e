/* test_num_native -- the native domains against their emulation, bit for
   bit; the shortest printing they share with the emulated formats.

   native-double and native-float must give what binary64 and binary32
   emulated on MPFR give, values and flags, in every rounding direction:
   both run the same random gradient-descent steps through their method
   tables and are compared after every operation.  Shortest printing is
   checked on every 16-bit pattern (binary16, bfloat16) by reading the text
   back, and on random binary32 and binary64 patterns of the native domains
   against strtof and strtod.  (The integer domains are in test_num_int.c.)
   Failures print got, want and every input.

   Under valgrind, whose FPU models neither rounding directions nor
   exception flags (found by probing), the native domains are compared in
   round-to-nearest without flags, and the random counts are cut. */
#include <fenv.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
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
#define TESTUTIL_SEED 0x2545f4914f6cdd1du /* this file's random sequence */
#include "testutil.h"

/* ---------------------------------------------------------------- helpers */

static gdt_buf out, out2; /* texts under test */

/* random counts are divided by this under valgrind */
static long slow = 1;

static const mpfr_rnd_t dirs[4] = {MPFR_RNDN, MPFR_RNDZ, MPFR_RNDU,
                                   MPFR_RNDD};

/* ------------------------------------------- native against emulation */

/* A native domain and the emulation of its format, rounding alike. */
typedef struct twin {
    gdt_domain n, e;
    int is_float;
    int check_flags;
    char ctx[512]; /* the problem being run, for failure messages */
} twin;

/* One value in both domains. */
typedef struct pair {
    gdt_val n, e;
} pair;

static void
twin_init(twin *t, int is_float, mpfr_rnd_t rnd, int check_flags)
{
    assert_int_equal(gdt_domain_init_native(&t->n, is_float ? "native-float"
                                            : "native-double", rnd), GDT_OK);
    assert_int_equal(gdt_domain_init_ieee(&t->e, is_float ? "binary32"
                                          : "binary64", rnd), GDT_OK);
    t->is_float = is_float;
    t->check_flags = check_flags;
    t->ctx[0] = '\0';
}

static void
twin_clear(twin *t)
{
    gdt_domain_clear(&t->n);
    gdt_domain_clear(&t->e);
}

static void
pair_init(pair *p, twin *t)
{
    t->n.ops->init(&p->n, &t->n);
    t->e.ops->init(&p->e, &t->e);
}

static void
pair_clear(pair *p, twin *t)
{
    t->n.ops->clear(&p->n, &t->n);
    t->e.ops->clear(&p->e, &t->e);
}

/* What the runs met, to check that the random problems reach every corner
   (from the emulation's side, whose flags do not depend on the FPU). */
static struct {
    unsigned long nan, inf, subnormal, negzero, flags[5];
} seen;

static void
tally(const pair *r, twin *t)
{
    unsigned i;

    if (mpfr_nan_p(r->e.f))
        seen.nan++;
    else if (mpfr_inf_p(r->e.f))
        seen.inf++;
    else if (mpfr_zero_p(r->e.f) && mpfr_signbit(r->e.f))
        seen.negzero++;
    if (t->e.ops->is_subnormal(&r->e, &t->e))
        seen.subnormal++;
    for (i = 0; i < 5; i++)
        if (t->e.flags & (1u << i))
            seen.flags[i]++;
}

/* Compare the results of one operation: the bits (with the native
   domain's identical), the classification, the flags. */
static void
compare(twin *t, const pair *r, const char *what)
{
    gdt_domain *n = &t->n, *e = &t->e;
    gdt_val w;
    double got = t->is_float ? (double)r->n.s : r->n.d;

    if (t->is_float)
        w.s = mpfr_get_flt(r->e.f, MPFR_RNDN); /* exact */
    else
        w.d = mpfr_get_d(r->e.f, MPFR_RNDN);
    if (!n->ops->identical(&r->n, &w, n)
        || !n->ops->is_nan(&r->n, n) != !e->ops->is_nan(&r->e, e)
        || !n->ops->is_inf(&r->n, n) != !e->ops->is_inf(&r->e, e)
        || !n->ops->is_zero(&r->n, n) != !e->ops->is_zero(&r->e, e)
        || !n->ops->is_subnormal(&r->n, n) != !e->ops->is_subnormal(&r->e, e)
        || (t->check_flags && n->flags != e->flags)) {
        printf("%s %s wrong (%s)\n", n->name, what, mpfr_print_rnd_mode(n->rnd));
        printf("  %s\n", t->ctx);
        mpfr_printf("  got  %a flags %u\n  want %Ra flags %u\n", got, n->flags,
                    r->e.f, e->flags);
        failures++;
    }
    tally(r, t);
}

/* R = op(A, B, C) in both domains, compared */
static void
twin_op(twin *t, enum op op, pair *r, const pair *a, const pair *b,
        const pair *c, long n)
{
    char what[64];

    t->n.flags = 0;
    t->e.flags = 0;
    assert_int_equal(do_op(&t->n, op, &r->n, &a->n, &b->n, &c->n, n), GDT_OK);
    assert_int_equal(do_op(&t->e, op, &r->e, &a->e, &b->e, &c->e, n), GDT_OK);
    snprintf(what, sizeof what, "%s (n %ld)", op_name[op], n);
    compare(t, r, what);
}

/* R = the decimal S in both domains, compared */
static void
twin_set(twin *t, pair *r, const char *s)
{
    mpq_t q;

    mpq_init(q);
    q_of(q, s);
    t->n.flags = 0;
    t->e.flags = 0;
    assert_int_equal(t->n.ops->set_q(&r->n, q, &t->n), GDT_OK);
    assert_int_equal(t->e.ops->set_q(&r->e, q, &t->e), GDT_OK);
    compare(t, r, "set_q");
    mpq_clear(q);
}

/* A random decimal: 1 to 20 digits, and an exponent near 0 (a problem
   that runs for a while) or anywhere from below the least subnormal to
   beyond the largest finite number of a format whose decimal exponents
   reach EMAX10; sometimes an exact 0. */
static void
random_decimal(char *s, size_t size, int emax10)
{
    int nd = 1 + (int)(rng() % 20), i, e;
    char digits[32];

    if (rng() % 16 == 0) {
        snprintf(s, size, "%s", rng() % 2 ? "0" : "-0");
        return;
    }
    for (i = 0; i < nd; i++)
        digits[i] = (char)('0' + rng() % 10);
    digits[nd] = '\0';
    if (rng() % 2)
        e = (int)(rng() % 7) - 3;
    else
        e = (int)(rng() % (unsigned)(2 * emax10 + 40)) - emax10 - 30;
    snprintf(s, size, "%s%.1s.%se%d", rng() % 2 ? "-" : "", digits,
             digits + 1, e);
}

/* The notes' quadratic loss a*(w-b)^2 + c, its gradient 2*a*(w-b) and the
   update w - lr*g (sub, or fms), step by step from random problems;
   also every other operation on the values met. */
static void
quadratic_runs(int is_float, long steps_per_mode)
{
    twin t;
    pair a, b, c, lr, w, two, d, s, p, loss, u, g, m, x;
    pair *all[] = {&a, &b, &c, &lr, &w, &two, &d, &s, &p, &loss, &u, &g,
                   &m, &x};
    char sa[64], sb[64], sc[64], slr[64], sw[64];
    size_t i;
    int im, k, fused, check_flags = native_flags_work();
    int nmodes = native_rounding_works() ? 4 : 1;
    long steps;
    int emax10 = is_float ? 38 : 308;

    memset(&seen, 0, sizeof seen);
    for (im = 0; im < nmodes; im++) {
        twin_init(&t, is_float, dirs[im], check_flags);
        for (i = 0; i < sizeof all / sizeof all[0]; i++)
            pair_init(all[i], &t);
        twin_set(&t, &two, "2");
        for (steps = 0; steps < steps_per_mode;) {
            random_decimal(sa, sizeof sa, emax10);
            random_decimal(sb, sizeof sb, emax10);
            random_decimal(sc, sizeof sc, emax10);
            random_decimal(slr, sizeof slr, emax10);
            random_decimal(sw, sizeof sw, emax10);
            fused = (int)(rng() % 2);
            snprintf(t.ctx, sizeof t.ctx, "a %s  b %s  c %s  lr %s  w0 %s  %s",
                     sa, sb, sc, slr, sw, fused ? "fms" : "sub");
            twin_set(&t, &a, sa);
            twin_set(&t, &b, sb);
            twin_set(&t, &c, sc);
            twin_set(&t, &lr, slr);
            twin_set(&t, &w, sw);
            for (k = 0; k < 30 && steps < steps_per_mode; k++, steps++) {
                twin_op(&t, OP_SUB, &d, &w, &b, &b, 0);            /* w-b */
                if (k % 2)
                    twin_op(&t, OP_POW, &s, &d, &d, &d, 2);
                else
                    twin_op(&t, OP_MUL, &s, &d, &d, &d, 0);
                twin_op(&t, OP_MUL, &p, &a, &s, &s, 0);
                twin_op(&t, OP_ADD, &loss, &p, &c, &c, 0);         /* loss */
                twin_op(&t, OP_MUL, &u, &two, &a, &a, 0);
                twin_op(&t, OP_MUL, &g, &u, &d, &d, 0);            /* grad */
                twin_op(&t, OP_POW, &x, &d, &d, &d, (long)(rng() % 13) - 6);
                twin_op(&t, OP_DIV, &x, &loss, &g, &g, 0);
                twin_op(&t, OP_NEG, &x, &g, &g, &g, 0);
                twin_op(&t, OP_SET, &x, &w, &w, &w, 0);
                if (fused) {
                    twin_op(&t, OP_FMS, &w, &lr, &g, &w, 0);  /* w - lr*g */
                } else {
                    twin_op(&t, OP_MUL, &m, &lr, &g, &g, 0);
                    twin_op(&t, OP_SUB, &w, &w, &m, &m, 0);
                }
                if (failures > 20 || mpfr_nan_p(w.e.f))
                    break;
            }
            if (failures > 20)
                break;
        }
        for (i = 0; i < sizeof all / sizeof all[0]; i++)
            pair_clear(all[i], &t);
        twin_clear(&t);
        if (failures > 20)
            break;
    }
    /* the problems reach every corner of the format */
    if (failures == 0) {
        assert_true(seen.nan > 0);
        assert_true(seen.inf > 0);
        assert_true(seen.subnormal > 0);
        assert_true(seen.negzero > 0);
        for (i = 0; i < 5; i++)
            assert_true(seen.flags[i] > 0);
    }
    check_failures();
}

static void
test_native_double_runs(void **state)
{
    (void)state;
    quadratic_runs(0, 100000 / slow);
}

static void
test_native_float_runs(void **state)
{
    (void)state;
    quadratic_runs(1, 100000 / slow);
}

/* Set P in both domains of T from a random bit pattern (any class). */
static void
pair_random(pair *p, twin *t)
{
    uint64_t b = rng();

    if (t->is_float) {
        p->n.s = f_of_bits((uint32_t)b);
        if (rng() % 4 == 0)
            p->n.s = (float)(int)(rng() % 9) - 4; /* small integers */
        mpfr_set_flt(p->e.f, p->n.s, MPFR_RNDN);
    } else {
        p->n.d = d_of_bits(b);
        if (rng() % 4 == 0)
            p->n.d = (double)(int)(rng() % 9) - 4;
        mpfr_set_d(p->e.f, p->n.d, MPFR_RNDN);
    }
}

static void
test_native_ops_random(void **state)
{
    /* every operation on random bit patterns (any class); powers with
       large exponents */
    twin t;
    pair a, b, c, r;
    int f, im, k, op, nmodes = native_rounding_works() ? 4 : 1;
    long n;

    (void)state;
    for (f = 0; f < 2; f++) {
        for (im = 0; im < nmodes; im++) {
            twin_init(&t, f, dirs[im], native_flags_work());
            pair_init(&a, &t);
            pair_init(&b, &t);
            pair_init(&c, &t);
            pair_init(&r, &t);
            for (k = 0; k < 20000 / slow && failures <= 20; k++) {
                pair_random(&a, &t);
                pair_random(&b, &t);
                pair_random(&c, &t);
                op = (int)(rng() % 8);
                n = (long)(rng() % 141) - 70;
                if (k % 50 == 0)
                    n = rng() % 2 ? LONG_MAX - (long)(rng() % 2)
                                  : LONG_MIN + (long)(rng() % 2);
                mpfr_snprintf(t.ctx, sizeof t.ctx, "a %Ra  b %Ra  c %Ra",
                              a.e.f, b.e.f, c.e.f);
                twin_op(&t, (enum op)op, &r, &a, &b, &c, n);
            }
            pair_clear(&a, &t);
            pair_clear(&b, &t);
            pair_clear(&c, &t);
            pair_clear(&r, &t);
            twin_clear(&t);
        }
    }
    check_failures();
}

static void
test_native_cases(void **state)
{
    /* signs of exact zeros, powers rounded once, edges of the formats */
    static const struct {
        int is_float; mpfr_rnd_t rnd; enum op op; const char *a, *b, *c;
        long n;
    } t[] = {
        {0, MPFR_RNDN, OP_FMS, "2", "3", "6", 0},
        {0, MPFR_RNDD, OP_FMS, "2", "3", "6", 0},
        {0, MPFR_RNDU, OP_FMS, "-2", "3", "-6", 0},
        {0, MPFR_RNDZ, OP_FMS, "0", "3", "-0", 0},
        {0, MPFR_RNDD, OP_FMS, "0", "3", "0", 0},
        {0, MPFR_RNDN, OP_FMS, "-0", "3", "-0", 0},
        {1, MPFR_RNDD, OP_FMS, "0.5", "4", "2", 0},
        {1, MPFR_RNDN, OP_FMS, "-0", "-3", "-0", 0},
        {0, MPFR_RNDD, OP_SUB, "2", "2", "0", 0},
        {0, MPFR_RNDN, OP_POW, "1.1", "0", "0", 3},
        {0, MPFR_RNDN, OP_POW, "1.0000001", "0", "0", 1000000},
        {1, MPFR_RNDU, OP_POW, "1.1", "0", "0", 7},
        {0, MPFR_RNDN, OP_POW, "0", "0", "0", -1},
        {0, MPFR_RNDN, OP_POW, "-0", "0", "0", -3},
        {0, MPFR_RNDN, OP_POW, "-0", "0", "0", -2},
        {0, MPFR_RNDN, OP_POW, "10", "0", "0", 400},
        {0, MPFR_RNDN, OP_POW, "0.1", "0", "0", 400},
        {1, MPFR_RNDZ, OP_POW, "10", "0", "0", 39},
        {1, MPFR_RNDN, OP_POW, "3", "0", "0", -2},
        {1, MPFR_RNDN, OP_POW, "1e-30", "0", "0", 2},
        {0, MPFR_RNDN, OP_DIV, "1", "0", "0", 0},
        {0, MPFR_RNDN, OP_DIV, "0", "0", "0", 0},
        {1, MPFR_RNDN, OP_DIV, "-1", "-0", "0", 0},
        {0, MPFR_RNDN, OP_MUL, "1e-200", "1e-200", "0", 0},
        {0, MPFR_RNDU, OP_MUL, "1e-200", "1e-200", "0", 0},
        {0, MPFR_RNDN, OP_MUL, "1e200", "1e200", "0", 0},
        {0, MPFR_RNDZ, OP_MUL, "1e200", "-1e200", "0", 0},
        {1, MPFR_RNDN, OP_MUL, "1e-30", "1e-10", "0", 0},
        {0, MPFR_RNDN, OP_SUB, "2.2250738585072014e-308",
         "2.2250738585072009e-308", "0", 0},
    };
    twin tw;
    pair a, b, c, r;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        if (t[i].rnd != MPFR_RNDN && !native_rounding_works())
            continue;
        twin_init(&tw, t[i].is_float, t[i].rnd, native_flags_work());
        pair_init(&a, &tw);
        pair_init(&b, &tw);
        pair_init(&c, &tw);
        pair_init(&r, &tw);
        snprintf(tw.ctx, sizeof tw.ctx, "a %s  b %s  c %s", t[i].a, t[i].b,
                 t[i].c);
        twin_set(&tw, &a, t[i].a[0] == '-' ? t[i].a + 1 : t[i].a);
        if (t[i].a[0] == '-')
            twin_op(&tw, OP_NEG, &a, &a, &a, &a, 0);
        twin_set(&tw, &b, t[i].b[0] == '-' ? t[i].b + 1 : t[i].b);
        if (t[i].b[0] == '-')
            twin_op(&tw, OP_NEG, &b, &b, &b, &b, 0);
        twin_set(&tw, &c, t[i].c[0] == '-' ? t[i].c + 1 : t[i].c);
        if (t[i].c[0] == '-')
            twin_op(&tw, OP_NEG, &c, &c, &c, &c, 0);
        twin_op(&tw, t[i].op, &r, &a, &b, &c, t[i].n);
        pair_clear(&a, &tw);
        pair_clear(&b, &tw);
        pair_clear(&c, &tw);
        pair_clear(&r, &tw);
        twin_clear(&tw);
    }
    check_failures();
}

static void
test_native_set_q(void **state)
{
    /* decimals across the whole range, both formats, every direction */
    twin t;
    pair x;
    int f, im, k, nmodes = native_rounding_works() ? 4 : 1;
    char s[64];

    (void)state;
    for (f = 0; f < 2; f++) {
        for (im = 0; im < nmodes; im++) {
            twin_init(&t, f, dirs[im], 1); /* flags come from the emulation */
            pair_init(&x, &t);
            for (k = 0; k < 5000 / slow; k++) {
                random_decimal(s, sizeof s, f ? 45 : 324);
                snprintf(t.ctx, sizeof t.ctx, "input %s", s);
                twin_set(&t, &x, s);
            }
            pair_clear(&x, &t);
            twin_clear(&t);
        }
    }
    check_failures();
}

static void
test_native_env(void **state)
{
    /* the caller's rounding direction and exception flags survive every
       method, and a domain rounds its own way whatever the caller's */
    gdt_domain up, near;
    gdt_val a, b, r[4];
    unsigned flags;
    int round[2], raised[2], flags_work = native_flags_work();
    gdt_status st[4];
    mpq_t q;

    (void)state;
    if (!native_rounding_works())
        skip(); /* valgrind's emulated FPU */
    assert_int_equal(gdt_domain_init_native(&up, "native-double", MPFR_RNDU),
                     GDT_OK);
    assert_int_equal(gdt_domain_init_native(&near, "native-double", MPFR_RNDN),
                     GDT_OK);
    up.ops->init(&a, &up);
    up.ops->init(&b, &up);
    mpq_init(q);
    mpq_set_ui(q, 1, 1);
    assert_int_equal(up.ops->set_q(&a, q, &up), GDT_OK);
    mpq_set_ui(q, 3, 1);
    assert_int_equal(up.ops->set_q(&b, q, &up), GDT_OK);
    up.flags = 0;
    /* the caller rounds down and has raised divide-by-zero */
    fesetround(FE_DOWNWARD);
    feclearexcept(FE_ALL_EXCEPT);
    feraiseexcept(FE_DIVBYZERO);
    st[0] = up.ops->div(&r[0], &a, &b, &up);
    flags = up.flags;
    round[0] = fegetround();
    raised[0] = fetestexcept(FE_ALL_EXCEPT);
    st[1] = near.ops->div(&r[1], &a, &b, &near);
    st[2] = near.ops->fms(&r[2], &a, &b, &b, &near);
    st[3] = near.ops->pow_si(&r[3], &b, 3, &near);
    round[1] = fegetround();
    raised[1] = fetestexcept(FE_ALL_EXCEPT);
    fesetround(FE_TONEAREST);
    feclearexcept(FE_ALL_EXCEPT);
    /* now the checks, in the default environment */
    assert_int_equal(st[0], GDT_OK);
    assert_true(r[0].d == 0x1.5555555555556p-2);
    assert_int_equal(flags, GDT_FLAG_INEXACT);
    assert_int_equal(st[1], GDT_OK);
    assert_true(r[1].d == 0x1.5555555555555p-2);
    assert_int_equal(st[2], GDT_OK);
    assert_true(r[2].d == -8.0);
    assert_int_equal(st[3], GDT_OK);
    assert_true(r[3].d == 27.0);
    assert_int_equal(round[0], FE_DOWNWARD);
    assert_int_equal(round[1], FE_DOWNWARD);
    if (flags_work) {
        assert_int_equal(raised[0], FE_DIVBYZERO);
        assert_int_equal(raised[1], FE_DIVBYZERO);
    }
    mpq_clear(q);
    up.ops->clear(&a, &up);
    up.ops->clear(&b, &up);
    gdt_domain_clear(&up);
    gdt_domain_clear(&near);
}

static void
test_native_init(void **state)
{
    gdt_domain d;

    (void)state;
    assert_int_equal(gdt_domain_init_native(&d, "native-double", MPFR_RNDA),
                     GDT_EVALUE);
    assert_int_equal(gdt_domain_init_native(&d, "native-float",
                                            (mpfr_rnd_t)42), GDT_EVALUE);
    assert_int_equal(gdt_domain_init_native(&d, "native-half", MPFR_RNDN),
                     GDT_EVALUE);
    assert_int_equal(gdt_domain_init_native(&d, "double", MPFR_RNDN),
                     GDT_EVALUE);
    assert_int_equal(gdt_domain_init_native(&d, "native-float", MPFR_RNDZ),
                     GDT_OK);
    assert_string_equal(d.name, "native-float");
    assert_string_equal(d.ops->kind, "native");
    assert_int_equal(d.prec, 24);
    assert_int_equal(d.rnd, MPFR_RNDZ);
    assert_true(d.subnormal);
    gdt_domain_clear(&d);
    gdt_domain_clear(&d); /* twice is harmless */
    assert_int_equal(gdt_domain_init_native(&d, "native-double", MPFR_RNDN),
                     GDT_OK);
    assert_string_equal(d.name, "native-double");
    assert_int_equal(d.prec, 53);
    assert_int_equal(d.emin, -1073);
    assert_int_equal(d.emax, 1024);
    gdt_domain_clear(&d);
}

static void
test_is_subnormal(void **state)
{
    /* per domain: value, is it a nonzero subnormal */
    gdt_domain d;
    gdt_val x;
    mpq_t q;

    (void)state;
    mpq_init(q);
    assert_int_equal(gdt_domain_init_native(&d, "native-double", MPFR_RNDN),
                     GDT_OK);
    x.d = 0x1p-1074;
    assert_true(d.ops->is_subnormal(&x, &d));
    x.d = -0x1.ffffffffffffep-1023;
    assert_true(d.ops->is_subnormal(&x, &d));
    x.d = DBL_MIN;
    assert_false(d.ops->is_subnormal(&x, &d));
    x.d = -0.0;
    assert_false(d.ops->is_subnormal(&x, &d));
    x.d = HUGE_VAL;
    assert_false(d.ops->is_subnormal(&x, &d));
    gdt_domain_clear(&d);
    assert_int_equal(gdt_domain_init_native(&d, "native-float", MPFR_RNDN),
                     GDT_OK);
    x.s = 0x1p-149f;
    assert_true(d.ops->is_subnormal(&x, &d));
    x.s = FLT_MIN;
    assert_false(d.ops->is_subnormal(&x, &d));
    x.s = 0.0f;
    assert_false(d.ops->is_subnormal(&x, &d));
    gdt_domain_clear(&d);
    /* the emulated formats */
    assert_int_equal(gdt_domain_init_ieee(&d, "binary16", MPFR_RNDN), GDT_OK);
    d.ops->init(&x, &d);
    mpfr_set_d(x.f, 0x1p-24, MPFR_RNDN);
    assert_true(d.ops->is_subnormal(&x, &d));
    mpfr_set_d(x.f, -0x1.ff8p-15, MPFR_RNDN);
    assert_true(d.ops->is_subnormal(&x, &d));
    mpfr_set_d(x.f, 0x1p-14, MPFR_RNDN);
    assert_false(d.ops->is_subnormal(&x, &d));
    mpfr_set_zero(x.f, -1);
    assert_false(d.ops->is_subnormal(&x, &d));
    mpfr_set_nan(x.f);
    assert_false(d.ops->is_subnormal(&x, &d));
    d.ops->clear(&x, &d);
    gdt_domain_clear(&d);
    assert_int_equal(gdt_domain_init_ieee(&d, "bfloat16", MPFR_RNDN), GDT_OK);
    d.ops->init(&x, &d);
    mpfr_set_d(x.f, 0x1p-133, MPFR_RNDN);
    assert_true(d.ops->is_subnormal(&x, &d));
    mpfr_set_d(x.f, 0x1p-126, MPFR_RNDN);
    assert_false(d.ops->is_subnormal(&x, &d));
    d.ops->clear(&x, &d);
    gdt_domain_clear(&d);
    /* plain mpfr has no subnormals, exact and integers none either */
    assert_int_equal(gdt_domain_init_mpfr(&d, 53, MPFR_RNDN), GDT_OK);
    d.ops->init(&x, &d);
    mpfr_set_d(x.f, 0x1p-1074, MPFR_RNDN);
    assert_false(d.ops->is_subnormal(&x, &d));
    d.ops->clear(&x, &d);
    gdt_domain_clear(&d);
    gdt_domain_init_exact(&d);
    d.ops->init(&x, &d);
    mpq_set_ui(x.q, 1, 1000);
    assert_false(d.ops->is_subnormal(&x, &d));
    d.ops->clear(&x, &d);
    gdt_domain_clear(&d);
    assert_int_equal(gdt_domain_init_int(&d, "int8"), GDT_OK);
    d.ops->init(&x, &d);
    mpq_set_ui(q, 1, 1);
    assert_int_equal(d.ops->set_q(&x, q, &d), GDT_OK);
    assert_false(d.ops->is_subnormal(&x, &d));
    assert_false(d.ops->is_nan(&x, &d));
    assert_false(d.ops->is_inf(&x, &d));
    d.ops->clear(&x, &d);
    gdt_domain_clear(&d);
    mpq_clear(q);
}

static void
test_native_get_str(void **state)
{
    /* every text of the native domains is the emulation's, to the byte;
       get_q too */
    static const gdt_numfmt fmts[] = {
        {GDT_DIGITS_SHORTEST, 0, 0}, {GDT_DIGITS_SHORTEST, 0, 1},
        {GDT_DIGITS_EXACT, 0, 0}, {GDT_DIGITS_HEX, 0, 0},
        {GDT_DIGITS_N, 1, 0}, {GDT_DIGITS_N, 6, 0}, {GDT_DIGITS_N, 17, 0},
        {GDT_DIGITS_N, 40, 0}, {GDT_DIGITS_N, 0, 0},
    };
    twin t;
    pair x;
    mpq_t qn, qe;
    int f, k;
    size_t i;
    gdt_status sn, se;

    (void)state;
    mpq_inits(qn, qe, NULL);
    for (f = 0; f < 2; f++) {
        twin_init(&t, f, MPFR_RNDN, 1);
        pair_init(&x, &t);
        for (k = 0; k < 20000 / slow; k++) {
            pair_random(&x, &t);
            for (i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
                gdt_buf_reset(&out);
                gdt_buf_reset(&out2);
                sn = t.n.ops->get_str(&out, &x.n, &fmts[i], &t.n);
                se = t.e.ops->get_str(&out2, &x.e, &fmts[i], &t.e);
                if (sn != se || strcmp(out.s, out2.s) != 0) {
                    report("native get_str", out.s, out2.s);
                    mpfr_printf("  %s input %Ra  kind %d  n %d  status %d %d\n",
                                t.n.name, x.e.f, fmts[i].kind, fmts[i].n,
                                sn, se);
                }
            }
            sn = t.n.ops->get_q(qn, &x.n, &t.n);
            se = t.e.ops->get_q(qe, &x.e, &t.e);
            if (sn != se || (sn == GDT_OK && !mpq_equal(qn, qe))) {
                printf("native get_q wrong\n");
                mpfr_printf("  %s input %Ra  status %d %d\n", t.n.name, x.e.f,
                            sn, se);
                failures++;
            }
        }
        pair_clear(&x, &t);
        twin_clear(&t);
    }
    mpq_clears(qn, qe, NULL);
    check_failures();
}

/* ------------------------------------------------------ shortest printing */

/* Read the decimal text S back into X of domain D (round to nearest):
   the sign apart, so that "-0.0" is -0. */
static void
read_back(gdt_val *x, const char *s, gdt_domain *d, mpq_t q)
{
    q_of(q, s[0] == '-' ? s + 1 : s);
    assert_int_equal(d->ops->set_q(x, q, d), GDT_OK);
    if (s[0] == '-')
        assert_int_equal(d->ops->neg(x, x, d), GDT_OK);
}

/* the number of significant digits of a decimal text */
static int
sig_digits(const char *s)
{
    char dig[64];
    int nd = 0, lead = 0;

    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9' && nd < 64)
            dig[nd++] = *s;
    while (lead < nd && dig[lead] == '0')
        lead++;
    while (nd > lead && dig[nd - 1] == '0')
        nd--;
    return nd - lead;
}

static void
all_16bit(const char *fmt, int p)
{
    /* every bit pattern: 1 sign bit, 15 - (p-1) exponent bits, p-1
       fraction bits */
    gdt_domain d;
    gdt_val x, y;
    mpq_t q;
    unsigned bits, ebits = 16 - (unsigned)p, frac, ex, emax;
    int bias, k;
    gdt_numfmt shortest = {GDT_DIGITS_SHORTEST, 0, 0}, nd = {GDT_DIGITS_N, 0, 0};

    assert_int_equal(gdt_domain_init_ieee(&d, fmt, MPFR_RNDN), GDT_OK);
    d.ops->init(&x, &d);
    d.ops->init(&y, &d);
    mpq_init(q);
    emax = (1u << ebits) - 1;
    bias = (int)(emax >> 1);
    for (bits = 0; bits < 0x10000; bits++) {
        frac = bits & ((1u << (p - 1)) - 1);
        ex = (bits >> (p - 1)) & emax;
        if (ex == emax) {
            if (frac != 0)
                mpfr_set_nan(x.f);
            else
                mpfr_set_inf(x.f, bits & 0x8000 ? -1 : 1);
        } else {
            /* frac 2^(1-bias-(p-1)) when subnormal, else 1.frac 2^(ex-bias) */
            mpq_set_ui(q, ex == 0 ? frac : frac | (1u << (p - 1)), 1);
            k = (ex == 0 ? 1 : (int)ex) - bias - (p - 1);
            if (k >= 0)
                mpq_mul_2exp(q, q, (mp_bitcnt_t)k);
            else
                mpq_div_2exp(q, q, (mp_bitcnt_t)-k);
            d.flags = 0;
            assert_int_equal(d.ops->set_q(&x, q, &d), GDT_OK);
            assert_int_equal(d.flags, 0); /* exact */
            if (bits & 0x8000)
                assert_int_equal(d.ops->neg(&x, &x, &d), GDT_OK);
        }
        assert_int_equal(d.ops->is_subnormal(&x, &d), ex == 0 && frac != 0);
        gdt_buf_reset(&out);
        assert_int_equal(d.ops->get_str(&out, &x, &shortest, &d), GDT_OK);
        if (ex == emax) {
            if (strcmp(out.s, frac ? "nan" : bits & 0x8000 ? "-inf" : "inf")
                != 0) {
                report("shortest special", out.s, frac ? "nan" : "inf");
                printf("  %s bits 0x%04x\n", fmt, bits);
            }
            continue;
        }
        read_back(&y, out.s, &d, q);
        if (!d.ops->identical(&x, &y, &d)) {
            report("shortest round trip", out.s, "?");
            mpfr_printf("  %s bits 0x%04x  value %Ra  read back %Ra\n", fmt,
                        bits, x.f, y.f);
            continue;
        }
        /* and shortest: the nearest decimal with one digit less does not
           read back */
        nd.n = sig_digits(out.s) - 1;
        if (nd.n >= 1) {
            gdt_buf_reset(&out2);
            assert_int_equal(d.ops->get_str(&out2, &x, &nd, &d), GDT_OK);
            read_back(&y, out2.s, &d, q);
            if (d.ops->identical(&x, &y, &d)) {
                report("shortest not shortest", out.s, out2.s);
                printf("  %s bits 0x%04x\n", fmt, bits);
            }
        }
    }
    mpq_clear(q);
    d.ops->clear(&x, &d);
    d.ops->clear(&y, &d);
    gdt_domain_clear(&d);
}

static void
test_shortest_16bit(void **state)
{
    (void)state;
    all_16bit("binary16", 11);
    all_16bit("bfloat16", 8);
    check_failures();
}

static void
test_shortest_binary32(void **state)
{
    /* random patterns through native-float (the emulation's printer),
       against strtof */
    gdt_domain d;
    gdt_val x;
    long k;
    float back;
    gdt_numfmt f = {GDT_DIGITS_SHORTEST, 0, 1};

    (void)state;
    assert_int_equal(gdt_domain_init_native(&d, "native-float", MPFR_RNDN),
                     GDT_OK);
    d.ops->init(&x, &d);
    for (k = 0; k < 1000000 / slow && failures <= 20; k++) {
        x.s = f_of_bits((uint32_t)rng());
        gdt_buf_reset(&out);
        assert_int_equal(d.ops->get_str(&out, &x, &f, &d), GDT_OK);
        back = strtof(out.s, NULL);
        if (isnan(x.s) ? !isnan(back) : memcmp(&back, &x.s, sizeof back) != 0) {
            report("binary32 shortest round trip", out.s, "?");
            printf("  input %a\n", (double)x.s);
        }
    }
    d.ops->clear(&x, &d);
    gdt_domain_clear(&d);
    check_failures();
}

static void
test_shortest_binary64(void **state)
{
    /* random patterns through native-double, against strtod */
    gdt_domain d;
    gdt_val x;
    long k;
    double back;
    gdt_numfmt f = {GDT_DIGITS_SHORTEST, 0, 1};

    (void)state;
    assert_int_equal(gdt_domain_init_native(&d, "native-double", MPFR_RNDN),
                     GDT_OK);
    d.ops->init(&x, &d);
    for (k = 0; k < 1000000 / slow && failures <= 20; k++) {
        x.d = d_of_bits(rng());
        gdt_buf_reset(&out);
        assert_int_equal(d.ops->get_str(&out, &x, &f, &d), GDT_OK);
        back = strtod(out.s, NULL);
        if (isnan(x.d) ? !isnan(back) : memcmp(&back, &x.d, sizeof back) != 0) {
            report("binary64 shortest round trip", out.s, "?");
            printf("  input %a\n", x.d);
        }
    }
    d.ops->clear(&x, &d);
    gdt_domain_clear(&d);
    check_failures();
}

static void
test_shortest_numpy(void **state)
{
    /* str() of NumPy's float16 and float32 scalars (and repr of Python
       floats for float64): the value is the decimal rounded to nearest */
    static const struct { const char *dom, *in, *want; } t[] = {
        {"binary16", "65504", "65500.0"}, {"binary16", "0.1", "0.1"},
        {"binary16", "6e-08", "6e-08"}, {"binary16", "1/3", "0.3333"},
        {"binary16", "2049", "2048.0"}, {"binary16", "1e-05", "1e-05"},
        {"binary16", "0.0001", "0.0001"}, {"binary16", "100000", "inf"},
        {"binary16", "-2.5", "-2.5"}, {"binary16", "1000", "1000.0"},
        {"native-float", "0.1", "0.1"},
        {"native-float", "16777216", "16777216.0"},
        {"native-float", "16777217", "16777216.0"},
        {"native-float", "1e-45", "1e-45"},
        {"native-float", "1/3", "0.33333334"},
        {"native-float", "3.4028235e38", "3.4028235e+38"},
        {"native-float", "1e16", "1e+16"},
        {"native-float", "0.3", "0.3"},
        {"native-float", "-0", "0.0"},
        {"native-double", "0.1", "0.1"},
        {"native-double", "1/3", "0.3333333333333333"},
        {"native-double", "5e-324", "5e-324"},
        {"native-double", "1e16", "1e+16"},
        {"native-double", "123456789", "123456789.0"},
    };
    gdt_domain d;
    gdt_val x;
    mpq_t q;
    size_t i;
    gdt_numfmt f = {GDT_DIGITS_SHORTEST, 0, 1};

    (void)state;
    mpq_init(q);
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        if (strncmp(t[i].dom, "native", 6) == 0)
            assert_int_equal(gdt_domain_init_native(&d, t[i].dom, MPFR_RNDN),
                             GDT_OK);
        else
            assert_int_equal(gdt_domain_init_ieee(&d, t[i].dom, MPFR_RNDN),
                             GDT_OK);
        d.ops->init(&x, &d);
        q_of(q, t[i].in);
        assert_int_equal(d.ops->set_q(&x, q, &d), GDT_OK);
        gdt_buf_reset(&out);
        assert_int_equal(d.ops->get_str(&out, &x, &f, &d), GDT_OK);
        if (strcmp(out.s, t[i].want) != 0) {
            report("shortest", out.s, t[i].want);
            printf("  %s input %s\n", t[i].dom, t[i].in);
        }
        d.ops->clear(&x, &d);
        gdt_domain_clear(&d);
    }
    mpq_clear(q);
    check_failures();
}

/* Issue 9, item 18: a zero written with a minus reads back as -0 in every
   float domain (as Python's float('-0')), as +0 in the integer ones; and
   item 11: max_bits bounds the native texts as the emulation's. */
static void
test_native_neg_zero_max_bits(void **state)
{
    static const char *const names[] = {"native-double", "native-float", "binary64",
                                        "binary32", "binary16", "bfloat16", "int64"};
    static const char *const texts[] = {"-0", "-0.0", "-0e5", "-0/7", "-0x0p+0"};
    gdt_numfmt shortest = {GDT_DIGITS_SHORTEST, 0, 0}, exact = {GDT_DIGITS_EXACT, 0, 0};
    gdt_domain d;
    gdt_val x;
    mpfr_t r;
    size_t i, j;
    int is_int;

    (void)state;
    mpfr_init2(r, 64);
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        is_int = strncmp(names[i], "int", 3) == 0;
        if (strncmp(names[i], "native", 6) == 0)
            assert_int_equal(gdt_domain_init_native(&d, names[i], MPFR_RNDN), GDT_OK);
        else if (is_int)
            assert_int_equal(gdt_domain_init_int(&d, names[i]), GDT_OK);
        else
            assert_int_equal(gdt_domain_init_ieee(&d, names[i], MPFR_RNDN), GDT_OK);
        d.ops->init(&x, &d);
        for (j = 0; j < sizeof texts / sizeof texts[0]; j++) {
            if (is_int && texts[j][1] == '0' && texts[j][2] == 'x')
                continue;
            assert_int_equal(gdt_domain_read(&x, texts[j], &d), GDT_OK);
            gdt_buf_reset(&out);
            assert_int_equal(d.ops->get_str(&out, &x, &shortest, &d), GDT_OK);
            if (strcmp(out.s, is_int ? "0" : "-0.0") != 0) {
                report("read back", out.s, is_int ? "0" : "-0.0");
                printf("  %s text %s\n", names[i], texts[j]);
            }
            d.ops->get_fr(r, &x, MPFR_RNDN, &d);
            if (!mpfr_zero_p(r) || (mpfr_signbit(r) != 0) == is_int) {
                report("get_fr of -0", "?", is_int ? "0" : "-0");
                printf("  %s text %s\n", names[i], texts[j]);
            }
        }
        /* 2^-24 (binary16's least positive number) has 17 significant
           digits, 123456 six */
        assert_int_equal(gdt_domain_read(&x, is_int ? "123456" : "0x1p-24", &d), GDT_OK);
        gdt_buf_reset(&out);
        assert_int_equal(d.ops->get_str(&out, &x, &exact, &d), GDT_OK);
        d.max_bits = 10; /* 5 digits */
        gdt_buf_reset(&out2);
        if (d.ops->get_str(&out2, &x, &exact, &d) != GDT_ERANGE
            || gdt_domain_check_str(&x, &exact, &d) != GDT_ERANGE || out2.len != 0) {
            report("max_bits 10", out2.s, "GDT_ERANGE");
            printf("  %s value %s\n", names[i], out.s);
        }
        if (d.ops->str_digits(&x, &exact, &d) < strlen(out.s + strspn(out.s, "0."))) {
            report("str_digits below the digits of", out.s, "?");
            printf("  %s\n", names[i]);
        }
        d.max_bits = 0;
        d.ops->clear(&x, &d);
        gdt_domain_clear(&d);
    }
    mpfr_clear(r);
    check_failures();
}

/* ------------------------------------------------------------ brackets */

/* A domain with a bracket (gdt_domain_enter) and its twin without one:
   the same init, its method table copied with enter and leave NULL, so
   that every method of the twin sets up and restores around itself. */
typedef struct bracketed {
    gdt_domain b, p;      /* bracketed, plain */
    gdt_domain_ops plain; /* p's methods */
    gdt_val vb[8], vp[8]; /* a pool of values in each */
    const char *what;
} bracketed;

static void
bracketed_init(bracketed *t, const char *kind, const char *name, mpfr_rnd_t rnd,
               mpfr_prec_t prec)
{
    gdt_domain *d[2] = { &t->b, &t->p };
    int i;

    for (i = 0; i < 2; i++) {
        if (strcmp(kind, "native") == 0)
            assert_int_equal(gdt_domain_init_native(d[i], name, rnd), GDT_OK);
        else if (strcmp(kind, "ieee") == 0)
            assert_int_equal(gdt_domain_init_ieee(d[i], name, rnd), GDT_OK);
        else
            assert_int_equal(gdt_domain_init_mpfr(d[i], prec, rnd), GDT_OK);
    }
    assert_non_null(t->b.ops->enter);
    t->plain = *t->p.ops;
    t->plain.enter = NULL;
    t->plain.leave = NULL;
    t->p.ops = &t->plain;
    for (i = 0; i < 8; i++) {
        t->b.ops->init(&t->vb[i], &t->b);
        t->p.ops->init(&t->vp[i], &t->p);
    }
    t->what = name;
}

static void
bracketed_clear(bracketed *t)
{
    int i;

    for (i = 0; i < 8; i++) {
        t->b.ops->clear(&t->vb[i], &t->b);
        t->p.ops->clear(&t->vp[i], &t->p);
    }
    gdt_domain_clear(&t->b);
    gdt_domain_clear(&t->p);
}

/* Pool value I in both from a random rational m 2^e, |m| < 2^20, e from
   -1100 to 1100 (zeros, subnormals, overflows of every format), outside a
   bracket. */
static void
bracketed_random(bracketed *t, int i)
{
    mpq_t q;
    long e = (long)(rng() % 2201) - 1100;

    if (rng() % 3 == 0)
        e = (long)(rng() % 41) - 20;
    mpq_init(q);
    mpq_set_si(q, (long)(rng() % (1u << 21)) - (1L << 20), 1);
    if (e >= 0)
        mpq_mul_2exp(q, q, (mp_bitcnt_t)e);
    else
        mpq_div_2exp(q, q, (mp_bitcnt_t)-e);
    assert_int_equal(t->b.ops->set_q(&t->vb[i], q, &t->b), t->p.ops->set_q(&t->vp[i], q, &t->p));
    mpq_clear(q);
}

/* One random method on pool values of D (T's bracketed or plain twin);
   its status (cmp and is_zero: their results, as a status) */
static int
bracketed_op(bracketed *t, gdt_domain *d)
{
    static const gdt_func fns[] = { GDT_FN_SQRT, GDT_FN_EXP, GDT_FN_SIGMOID,
                                    GDT_FN_MIN, GDT_FN_LOG };
    static const long pows[] = { 2, -1, 3, 0, 1, -2 };
    int r = (int)(rng() % 8), a = (int)(rng() % 8), b = (int)(rng() % 8);
    int c = (int)(rng() % 8), op = (int)(rng() % 11);
    gdt_val *v = d == &t->b ? t->vb : t->vp;
    gdt_func fn = fns[rng() % 5];
    long n = pows[rng() % 6];

    switch (op) {
    case 0: return d->ops->add(&v[r], &v[a], &v[b], d);
    case 1: return d->ops->sub(&v[r], &v[a], &v[b], d);
    case 2: case 3: return d->ops->mul(&v[r], &v[a], &v[b], d);
    case 4: return d->ops->div(&v[r], &v[a], &v[b], d);
    case 5: return d->ops->neg(&v[r], &v[a], d);
    case 6: return d->ops->fms(&v[r], &v[c], &v[a], &v[b], d);
    case 7: return d->ops->pow_si(&v[r], &v[a], n, d);
    case 8: return d->ops->func(&v[r], fn, &v[a], &v[b], d);
    case 9: return d->ops->set(&v[r], &v[a], d);
    default: /* the evaluator's cmp and is_zero */
        return 100 + 10 * d->ops->cmp(&v[a], &v[b], d) + d->ops->is_zero(&v[a], d);
    }
}

/* The pools and flags of T alike? */
static void
bracketed_check(bracketed *t, const char *when)
{
    char got[64], want[64];
    int i;

    for (i = 0; i < 8; i++) {
        if (t->b.ops->identical(&t->vb[i], &t->vp[i], &t->b))
            continue;
        gdt_buf_reset(&out);
        gdt_buf_reset(&out2);
        {
            gdt_numfmt hex = { GDT_DIGITS_HEX, 0, 0 };
            (void)t->b.ops->get_str(&out, &t->vb[i], &hex, &t->b);
            (void)t->p.ops->get_str(&out2, &t->vp[i], &hex, &t->p);
        }
        report("value in a bracket", out.s, out2.s);
        printf("  %s, %s\n", t->what, when);
    }
    if (t->b.flags != t->p.flags) {
        snprintf(got, sizeof got, "%#x", t->b.flags);
        snprintf(want, sizeof want, "%#x", t->p.flags);
        report("flags in a bracket", got, want);
        printf("  %s, %s\n", t->what, when);
    }
}

static void
test_bracket(void **state)
{
    /* a run of methods in a bracket gives the values and flags it gives
       without, in every kind of domain that has one (an IEEE format with
       subnormals, native rounding up and toward zero), brackets of two
       domains taking turns keep their flags apart, and the caller's
       rounding direction, MPFR range and flags are back after each
       bracket, its exception flags still raised */
    bracketed t[7];
    int k, i, j, n, depth, check_env = native_rounding_works() && native_flags_work();
    int st[8];
    uint64_t seed;
    mpfr_flags_t mflags;
    int round, raised;

    (void)state;
    bracketed_init(&t[0], "native", "native-double", MPFR_RNDN, 0);
    bracketed_init(&t[1], "native", "native-double", check_env ? MPFR_RNDU : MPFR_RNDN, 0);
    bracketed_init(&t[2], "native", "native-float", check_env ? MPFR_RNDZ : MPFR_RNDN, 0);
    bracketed_init(&t[3], "ieee", "binary16", MPFR_RNDU, 0);
    bracketed_init(&t[4], "ieee", "binary64", MPFR_RNDN, 0);
    bracketed_init(&t[5], "mpfr", "mpfr", MPFR_RNDA, 20);
    bracketed_init(&t[6], "ieee", "bfloat16", MPFR_RNDD, 0);
    for (i = 0; i < 7; i++)
        for (j = 0; j < 8; j++)
            bracketed_random(&t[i], j);
    /* the caller's state, which each bracket must leave as it found it */
    mpfr_set_emin(-20000);
    mpfr_set_emax(20000);
    mpfr_clear_flags();
    mpfr_set_underflow();
    mpfr_set_nanflag();
    if (check_env) {
        fesetround(FE_DOWNWARD);
        feclearexcept(FE_ALL_EXCEPT);
        feraiseexcept(FE_DIVBYZERO);
    }
    mflags = mpfr_flags_save();
    round = fegetround();
    raised = fetestexcept(FE_ALL_EXCEPT);
    for (k = 0; k < 6000 / slow && failures <= 20; k++) {
        bracketed *u = &t[rng() % 7];

        if (rng() % 4 == 0)
            bracketed_random(u, (int)(rng() % 8));
        if (rng() % 3 == 0)
            u->b.flags = u->p.flags = 0; /* flags newly raised too */
        depth = 1 + (int)(rng() % 2); /* brackets nest */
        for (i = 0; i < depth; i++)
            gdt_domain_enter(&u->b);
        /* the same methods on the same values, in the bracket and after
           it without (only the bracketed domain's methods run in it) */
        n = 1 + (int)(rng() % 8);
        seed = rng_state;
        for (i = 0; i < n; i++)
            st[i] = bracketed_op(u, &u->b);
        for (i = 0; i < depth; i++)
            gdt_domain_leave(&u->b);
        rng_state = seed;
        for (i = 0; i < n; i++)
            if (bracketed_op(u, &u->p) != st[i])
                report("status in a bracket", "differs", "the same");
        if (u->b.inside != 0)
            report("depth after a bracket", "not 0", "0");
        bracketed_check(u, "after a bracket");
        if (mpfr_flags_save() != mflags || mpfr_get_emin() != -20000
            || mpfr_get_emax() != 20000)
            report("MPFR state after a bracket", "changed", "the caller's");
        /* the caller's flags stay raised (MPFR's own doubles, in the
           emulation, may raise more in the caller, as outside brackets) */
        if (fegetround() != round || (fetestexcept(FE_ALL_EXCEPT) & raised) != raised)
            report("floating-point state after a bracket", "changed", "the caller's");
        if (failures > 0) {
            printf("  %s, bracket %d\n", u->what, k);
            break;
        }
    }
    fesetround(FE_TONEAREST);
    feclearexcept(FE_ALL_EXCEPT);
    mpfr_set_emin(MPFR_EMIN_DEFAULT);
    mpfr_set_emax(MPFR_EMAX_DEFAULT);
    mpfr_clear_flags();
    for (i = 0; i < 7; i++)
        bracketed_clear(&t[i]);
    check_failures();
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_native_init),
        cmocka_unit_test(test_native_cases),
        cmocka_unit_test(test_native_ops_random),
        cmocka_unit_test(test_native_set_q),
        cmocka_unit_test(test_native_double_runs),
        cmocka_unit_test(test_native_float_runs),
        cmocka_unit_test(test_native_env),
        cmocka_unit_test(test_native_get_str),
        cmocka_unit_test(test_is_subnormal),
        cmocka_unit_test(test_shortest_16bit),
        cmocka_unit_test(test_shortest_binary32),
        cmocka_unit_test(test_shortest_binary64),
        cmocka_unit_test(test_shortest_numpy),
        cmocka_unit_test(test_native_neg_zero_max_bits),
        cmocka_unit_test(test_bracket),
    };
    int rc;

    if (!native_rounding_works())
        slow = 100; /* valgrind */
    gdt_buf_init(&out);
    gdt_buf_init(&out2);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    gdt_buf_clear(&out);
    gdt_buf_clear(&out2);
    mpfr_free_cache();
    return rc;
}
