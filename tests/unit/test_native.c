/* test_native -- the native domains against their emulation, bit for bit;
   the wrapping integer domains; shortest printing in every format.

   native-double and native-float must give what binary64 and binary32
   emulated on MPFR give, values and flags, in every rounding direction:
   both run the same random gradient-descent steps through their method
   tables and are compared after every operation.  The integer domains are
   checked against GMP's exact integers reduced modulo 2^width, and against
   the notes' int64 run as NumPy computed it.  Shortest printing is checked
   on every 16-bit pattern (binary16, bfloat16) by reading the text back,
   and on random binary32 and binary64 patterns against strtof and strtod.
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

enum op { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_NEG, OP_POW, OP_FMS, OP_SET };
static const char *const op_name[] = {"add", "sub", "mul", "div", "neg",
                                      "pow_si", "fms", "set"};

/* r = op(a, b, c) in domain D (fms: c - a*b); n is the pow_si exponent */
static gdt_status
do_op(gdt_domain *d, enum op op, gdt_val *r, const gdt_val *a,
      const gdt_val *b, const gdt_val *c, long n)
{
    switch (op) {
    case OP_ADD: return d->ops->add(r, a, b, d);
    case OP_SUB: return d->ops->sub(r, a, b, d);
    case OP_MUL: return d->ops->mul(r, a, b, d);
    case OP_DIV: return d->ops->div(r, a, b, d);
    case OP_NEG: return d->ops->neg(r, a, d);
    case OP_POW: return d->ops->pow_si(r, a, n, d);
    case OP_FMS: return d->ops->fms(r, c, a, b, d);
    case OP_SET: return d->ops->set(r, a, d);
    }
    return GDT_EVALUE;
}

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

/* --------------------------------------------------- wrapping integers */

static const char *const int_names[4] = {"int8", "int16", "int32", "int64"};

static void
test_int_cases(void **state)
{
    static const struct {
        const char *dom; enum op op; const char *a, *b, *c; long n;
        gdt_status st; const char *want; unsigned flags;
    } t[] = {
        {"int8", OP_ADD, "127", "1", "0", 0, GDT_OK, "-128", GDT_FLAG_OVERFLOW},
        {"int8", OP_ADD, "100", "27", "0", 0, GDT_OK, "127", 0},
        {"int8", OP_ADD, "-128", "-1", "0", 0, GDT_OK, "127", GDT_FLAG_OVERFLOW},
        {"int8", OP_SUB, "-128", "1", "0", 0, GDT_OK, "127", GDT_FLAG_OVERFLOW},
        {"int8", OP_SUB, "-1", "127", "0", 0, GDT_OK, "-128", 0},
        {"int8", OP_SUB, "0", "-128", "0", 0, GDT_OK, "-128", GDT_FLAG_OVERFLOW},
        {"int8", OP_MUL, "-128", "-1", "0", 0, GDT_OK, "-128", GDT_FLAG_OVERFLOW},
        {"int8", OP_MUL, "16", "8", "0", 0, GDT_OK, "-128", GDT_FLAG_OVERFLOW},
        {"int8", OP_MUL, "-16", "8", "0", 0, GDT_OK, "-128", 0},
        {"int8", OP_MUL, "100", "100", "0", 0, GDT_OK, "16", GDT_FLAG_OVERFLOW},
        {"int8", OP_NEG, "-128", "0", "0", 0, GDT_OK, "-128", GDT_FLAG_OVERFLOW},
        {"int8", OP_NEG, "127", "0", "0", 0, GDT_OK, "-127", 0},
        {"int8", OP_DIV, "-128", "-1", "0", 0, GDT_EDOMAIN, NULL, 0},
        {"int8", OP_DIV, "6", "3", "0", 0, GDT_EDOMAIN, NULL, 0},
        {"int8", OP_POW, "3", "0", "0", 5, GDT_OK, "-13", GDT_FLAG_OVERFLOW},
        {"int8", OP_POW, "2", "0", "0", 7, GDT_OK, "-128", GDT_FLAG_OVERFLOW},
        {"int8", OP_POW, "-2", "0", "0", 7, GDT_OK, "-128", 0},
        {"int8", OP_POW, "2", "0", "0", 8, GDT_OK, "0", GDT_FLAG_OVERFLOW},
        {"int8", OP_POW, "0", "0", "0", 0, GDT_OK, "1", 0},
        {"int8", OP_POW, "-1", "0", "0", LONG_MAX, GDT_OK, "-1", 0},
        {"int8", OP_POW, "2", "0", "0", -1, GDT_EDOMAIN, NULL, 0},
        {"int8", OP_POW, "1", "0", "0", -1, GDT_EDOMAIN, NULL, 0},
        {"int8", OP_FMS, "-128", "1", "0", 0, GDT_OK, "-128", GDT_FLAG_OVERFLOW},
        {"int8", OP_FMS, "10", "-3", "100", 0, GDT_OK, "-126",
         GDT_FLAG_OVERFLOW},
        {"int8", OP_FMS, "-128", "-1", "-1", 0, GDT_OK, "127",
         GDT_FLAG_OVERFLOW},
        {"int8", OP_FMS, "16", "16", "127", 0, GDT_OK, "127", GDT_FLAG_OVERFLOW},
        {"int8", OP_FMS, "2", "64", "-1", 0, GDT_OK, "127", GDT_FLAG_OVERFLOW},
        {"int8", OP_FMS, "1", "1", "1", 0, GDT_OK, "0", 0},
        {"int8", OP_FMS, "-1", "128", "0", 0, GDT_ERANGE, NULL, 0},
        {"int16", OP_ADD, "32767", "1", "0", 0, GDT_OK, "-32768",
         GDT_FLAG_OVERFLOW},
        {"int16", OP_MUL, "256", "256", "0", 0, GDT_OK, "0", GDT_FLAG_OVERFLOW},
        {"int16", OP_MUL, "-32768", "-1", "0", 0, GDT_OK, "-32768",
         GDT_FLAG_OVERFLOW},
        {"int16", OP_POW, "181", "0", "0", 2, GDT_OK, "32761", 0},
        {"int16", OP_POW, "182", "0", "0", 2, GDT_OK, "-32412",
         GDT_FLAG_OVERFLOW},
        {"int16", OP_NEG, "-32768", "0", "0", 0, GDT_OK, "-32768",
         GDT_FLAG_OVERFLOW},
        {"int32", OP_ADD, "2147483647", "1", "0", 0, GDT_OK, "-2147483648",
         GDT_FLAG_OVERFLOW},
        {"int32", OP_MUL, "65536", "65536", "0", 0, GDT_OK, "0",
         GDT_FLAG_OVERFLOW},
        {"int32", OP_MUL, "-2147483648", "-1", "0", 0, GDT_OK, "-2147483648",
         GDT_FLAG_OVERFLOW},
        {"int32", OP_POW, "3", "0", "0", 21, GDT_OK, "1870418611",
         GDT_FLAG_OVERFLOW},
        {"int32", OP_POW, "-2", "0", "0", 31, GDT_OK, "-2147483648", 0},
        {"int32", OP_DIV, "-2147483648", "-1", "0", 0, GDT_EDOMAIN, NULL, 0},
        {"int64", OP_ADD, "9223372036854775807", "1", "0", 0, GDT_OK,
         "-9223372036854775808", GDT_FLAG_OVERFLOW},
        {"int64", OP_SUB, "-9223372036854775808", "1", "0", 0, GDT_OK,
         "9223372036854775807", GDT_FLAG_OVERFLOW},
        {"int64", OP_MUL, "-9223372036854775808", "-1", "0", 0, GDT_OK,
         "-9223372036854775808", GDT_FLAG_OVERFLOW},
        {"int64", OP_MUL, "4294967296", "4294967296", "0", 0, GDT_OK, "0",
         GDT_FLAG_OVERFLOW},
        {"int64", OP_MUL, "-4294967296", "2147483648", "0", 0, GDT_OK,
         "-9223372036854775808", 0},
        {"int64", OP_NEG, "-9223372036854775808", "0", "0", 0, GDT_OK,
         "-9223372036854775808", GDT_FLAG_OVERFLOW},
        {"int64", OP_DIV, "-9223372036854775808", "-1", "0", 0, GDT_EDOMAIN,
         NULL, 0},
        {"int64", OP_POW, "3", "0", "0", 40, GDT_OK, "-6289078614652622815",
         GDT_FLAG_OVERFLOW},
        {"int64", OP_POW, "7", "0", "0", 30, GDT_OK, "1576789505350337489",
         GDT_FLAG_OVERFLOW},
        {"int64", OP_POW, "-3", "0", "0", 41, GDT_OK, "420491770248316829",
         GDT_FLAG_OVERFLOW},
        {"int64", OP_POW, "10", "0", "0", 20, GDT_OK, "7766279631452241920",
         GDT_FLAG_OVERFLOW},
        {"int64", OP_POW, "10", "0", "0", 18, GDT_OK, "1000000000000000000", 0},
        {"int64", OP_POW, "-2", "0", "0", 63, GDT_OK, "-9223372036854775808", 0},
        {"int64", OP_POW, "2", "0", "0", 63, GDT_OK, "-9223372036854775808",
         GDT_FLAG_OVERFLOW},
        {"int64", OP_POW, "2", "0", "0", 64, GDT_OK, "0", GDT_FLAG_OVERFLOW},
        {"int64", OP_POW, "2", "0", "0", LONG_MAX, GDT_OK, "0",
         GDT_FLAG_OVERFLOW},
        {"int64", OP_FMS, "-9223372036854775808", "-9223372036854775808",
         "0", 0, GDT_OK, "0", GDT_FLAG_OVERFLOW},
        {"int64", OP_FMS, "-1", "9223372036854775807", "-9223372036854775808",
         0, GDT_OK, "-1", 0},
        {"int64", OP_FMS, "1", "9223372036854775807", "-9223372036854775808",
         0, GDT_OK, "1", GDT_FLAG_OVERFLOW},
        {"int64", OP_FMS, "3", "3", "9223372036854775807", 0, GDT_OK,
         "9223372036854775798", 0},
    };
    gdt_domain d;
    gdt_val a, b, c, r;
    mpq_t qa, qb, qc;
    size_t i;
    gdt_status st;
    gdt_numfmt f = {GDT_DIGITS_EXACT, 0, 0};

    (void)state;
    mpq_inits(qa, qb, qc, NULL);
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        assert_int_equal(gdt_domain_init_int(&d, t[i].dom), GDT_OK);
        d.ops->init(&a, &d);
        d.ops->init(&b, &d);
        d.ops->init(&c, &d);
        d.ops->init(&r, &d);
        q_of(qa, t[i].a);
        q_of(qb, t[i].b);
        q_of(qc, t[i].c);
        st = d.ops->set_q(&a, qa, &d);
        if (st == GDT_OK)
            st = d.ops->set_q(&b, qb, &d);
        if (st == GDT_OK)
            st = d.ops->set_q(&c, qc, &d);
        if (st == GDT_OK)
            st = do_op(&d, t[i].op, &r, &a, &b, &c, t[i].n);
        gdt_buf_reset(&out);
        if (st == GDT_OK)
            assert_int_equal(d.ops->get_str(&out, &r, &f, &d), GDT_OK);
        if (st != t[i].st || d.flags != (st == GDT_OK ? t[i].flags : 0)
            || (st == GDT_OK && strcmp(out.s, t[i].want) != 0)) {
            printf("%s %s wrong\n  a %s  b %s  c %s  n %ld\n", t[i].dom,
                   op_name[t[i].op], t[i].a, t[i].b, t[i].c, t[i].n);
            printf("  got  status %d \"%s\" flags %u\n", st, out.s, d.flags);
            printf("  want status %d \"%s\" flags %u\n", t[i].st,
                   t[i].want ? t[i].want : "", t[i].flags);
            failures++;
        }
        d.ops->clear(&a, &d);
        d.ops->clear(&b, &d);
        d.ops->clear(&c, &d);
        d.ops->clear(&r, &d);
        gdt_domain_clear(&d);
    }
    mpq_clears(qa, qb, qc, NULL);
    check_failures();
}

/* A random value of width W, as an exact integer: edges, small, any. */
static void
random_int(mpz_t z, int w)
{
    switch (rng() % 4) {
    case 0: /* -2^(w-1), 2^(w-1) - 1 and their neighbours */
        mpz_set_ui(z, 1);
        mpz_mul_2exp(z, z, (mp_bitcnt_t)w - 1);
        mpz_sub_ui(z, z, rng() % 3);
        if (rng() % 2)
            mpz_neg(z, z);
        else
            mpz_sub_ui(z, z, 1);
        break;
    case 1:
        mpz_set_si(z, (long)(rng() % 11) - 5);
        break;
    default:
        mpz_set_ui(z, (unsigned long)(rng() >> (1 + rng() % 63)));
        mpz_tdiv_r_2exp(z, z, (mp_bitcnt_t)w - 1);
        if (rng() % 2)
            mpz_neg(z, z);
        break;
    }
}

static void
test_int_random(void **state)
{
    /* every operation against GMP's exact integers reduced modulo 2^w,
       and the flag against the exact result's range */
    gdt_domain d;
    gdt_val a, b, c, r;
    mpz_t za, zb, zc, exact, want, lim;
    mpq_t q;
    int iw, w, k, op, wrapped;
    long n = 0;
    gdt_status st;

    (void)state;
    mpz_inits(za, zb, zc, exact, want, lim, NULL);
    mpq_init(q);
    for (iw = 0; iw < 4; iw++) {
        assert_int_equal(gdt_domain_init_int(&d, int_names[iw]), GDT_OK);
        w = (int)d.prec;
        assert_int_equal(w, 8 << iw);
        d.ops->init(&a, &d);
        d.ops->init(&b, &d);
        d.ops->init(&c, &d);
        d.ops->init(&r, &d);
        for (k = 0; k < 50000 / slow; k++) {
            random_int(za, w);
            random_int(zb, w);
            random_int(zc, w);
            mpq_set_z(q, za);
            assert_int_equal(d.ops->set_q(&a, q, &d), GDT_OK);
            mpq_set_z(q, zb);
            assert_int_equal(d.ops->set_q(&b, q, &d), GDT_OK);
            mpq_set_z(q, zc);
            assert_int_equal(d.ops->set_q(&c, q, &d), GDT_OK);
            op = (int)(rng() % 7);
            if (op == OP_DIV)
                op = OP_SET;
            n = (long)(rng() % 70);
            switch (op) {
            case OP_ADD: mpz_add(exact, za, zb); break;
            case OP_SUB: mpz_sub(exact, za, zb); break;
            case OP_MUL: mpz_mul(exact, za, zb); break;
            case OP_NEG: mpz_neg(exact, za); break;
            case OP_SET: mpz_set(exact, za); break;
            case OP_POW: mpz_pow_ui(exact, za, (unsigned long)n); break;
            case OP_FMS:
                mpz_mul(exact, za, zb);
                mpz_sub(exact, zc, exact);
                break;
            }
            /* wrap: the residue in [-2^(w-1), 2^(w-1)) */
            mpz_fdiv_r_2exp(want, exact, (mp_bitcnt_t)w);
            if (mpz_tstbit(want, (mp_bitcnt_t)w - 1)) {
                mpz_set_ui(lim, 1);
                mpz_mul_2exp(lim, lim, (mp_bitcnt_t)w);
                mpz_sub(want, want, lim);
            }
            wrapped = mpz_cmp(want, exact) != 0;
            d.flags = 0;
            st = do_op(&d, (enum op)op, &r, &a, &b, &c, n);
            assert_int_equal(st, GDT_OK);
            assert_int_equal(d.ops->get_q(q, &r, &d), GDT_OK);
            if (mpz_cmp(mpq_numref(q), want) != 0
                || d.flags != (wrapped ? GDT_FLAG_OVERFLOW : 0u)) {
                printf("%s %s wrong\n", d.name, op_name[op]);
                gmp_printf("  a %Zd  b %Zd  c %Zd  n %ld\n", za, zb, zc, n);
                gmp_printf("  got  %Qd flags %u\n  want %Zd flags %u\n", q,
                           d.flags, want, wrapped ? GDT_FLAG_OVERFLOW : 0u);
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
    mpq_clear(q);
    mpz_clears(za, zb, zc, exact, want, lim, NULL);
    check_failures();
}

static void
test_int_set_q_get_str(void **state)
{
    static const struct {
        const char *dom, *in; gdt_status st;
    } lit[] = {
        {"int8", "127", GDT_OK}, {"int8", "-128", GDT_OK},
        {"int8", "128", GDT_ERANGE}, {"int8", "-129", GDT_ERANGE},
        {"int8", "200", GDT_ERANGE}, {"int8", "1.5", GDT_EDOMAIN},
        {"int8", "2.0", GDT_OK}, {"int8", "1/3", GDT_EDOMAIN},
        {"int8", "1e2", GDT_OK}, {"int8", "1e3", GDT_ERANGE},
        {"int8", "-0", GDT_OK}, {"int16", "32767", GDT_OK},
        {"int16", "-32769", GDT_ERANGE}, {"int16", "65536", GDT_ERANGE},
        {"int32", "2147483648", GDT_ERANGE},
        {"int32", "-2147483648", GDT_OK},
        {"int64", "9223372036854775807", GDT_OK},
        {"int64", "9223372036854775808", GDT_ERANGE},
        {"int64", "-9223372036854775808", GDT_OK},
        {"int64", "-9223372036854775809", GDT_ERANGE},
        {"int64", "1e30", GDT_ERANGE}, {"int64", "0.1", GDT_EDOMAIN},
        {"int64", "-36893488147419103232", GDT_ERANGE},
    };
    static const struct {
        const char *dom, *in; gdt_digits_kind kind; int n, python;
        gdt_status st; const char *want;
    } txt[] = {
        {"int8", "-128", GDT_DIGITS_SHORTEST, 0, 0, GDT_OK, "-128"},
        {"int8", "0", GDT_DIGITS_SHORTEST, 0, 1, GDT_OK, "0"},
        {"int16", "-7", GDT_DIGITS_SHORTEST, 0, 1, GDT_OK, "-7"},
        {"int32", "2147483647", GDT_DIGITS_EXACT, 0, 0, GDT_OK, "2147483647"},
        {"int64", "-9223372036854775808", GDT_DIGITS_SHORTEST, 0, 1, GDT_OK,
         "-9223372036854775808"},
        {"int64", "-9223372036854775808", GDT_DIGITS_N, 3, 0, GDT_OK,
         "-9.22e+18"},
        {"int64", "123456", GDT_DIGITS_N, 6, 0, GDT_OK, "123456"},
        {"int64", "123456", GDT_DIGITS_N, 2, 0, GDT_OK, "1.2e+05"},
        {"int64", "5", GDT_DIGITS_N, 0, 0, GDT_EVALUE, ""},
        {"int64", "5", GDT_DIGITS_HEX, 0, 0, GDT_EDOMAIN, ""},
    };
    gdt_domain d;
    gdt_val x, y;
    mpq_t q, back;
    size_t i;
    gdt_status st;
    gdt_numfmt f;

    (void)state;
    mpq_inits(q, back, NULL);
    for (i = 0; i < sizeof lit / sizeof lit[0]; i++) {
        assert_int_equal(gdt_domain_init_int(&d, lit[i].dom), GDT_OK);
        d.ops->init(&x, &d);
        q_of(q, lit[i].in);
        st = d.ops->set_q(&x, q, &d);
        if (st != lit[i].st
            || (st == GDT_OK && (d.ops->get_q(back, &x, &d) != GDT_OK
                                 || !mpq_equal(back, q)))) {
            printf("%s set_q wrong\n  input %s\n  got  status %d\n"
                   "  want status %d\n", lit[i].dom, lit[i].in, st, lit[i].st);
            failures++;
        }
        assert_int_equal(d.flags, 0);
        d.ops->clear(&x, &d);
        gdt_domain_clear(&d);
    }
    for (i = 0; i < sizeof txt / sizeof txt[0]; i++) {
        assert_int_equal(gdt_domain_init_int(&d, txt[i].dom), GDT_OK);
        d.ops->init(&x, &d);
        q_of(q, txt[i].in);
        assert_int_equal(d.ops->set_q(&x, q, &d), GDT_OK);
        f.kind = txt[i].kind;
        f.n = txt[i].n;
        f.python = txt[i].python;
        gdt_buf_reset(&out);
        st = d.ops->get_str(&out, &x, &f, &d);
        if (st != txt[i].st || strcmp(out.s ? out.s : "", txt[i].want) != 0) {
            report("int get_str", out.s ? out.s : "", txt[i].want);
            printf("  %s input %s  kind %d  n %d  status %d\n", txt[i].dom,
                   txt[i].in, txt[i].kind, txt[i].n, st);
        }
        d.ops->clear(&x, &d);
        gdt_domain_clear(&d);
    }
    /* identical, is_zero, init */
    assert_int_equal(gdt_domain_init_int(&d, "int32"), GDT_OK);
    assert_string_equal(d.ops->kind, "int");
    assert_string_equal(d.name, "int32");
    d.ops->init(&x, &d);
    d.ops->init(&y, &d);
    assert_true(d.ops->is_zero(&x, &d));
    assert_true(d.ops->identical(&x, &y, &d));
    mpq_set_si(q, -5, 1);
    assert_int_equal(d.ops->set_q(&y, q, &d), GDT_OK);
    assert_false(d.ops->identical(&x, &y, &d));
    assert_false(d.ops->is_zero(&y, &d));
    assert_int_equal(d.ops->set(&x, &y, &d), GDT_OK);
    assert_true(d.ops->identical(&x, &y, &d));
    d.ops->clear(&x, &d);
    d.ops->clear(&y, &d);
    gdt_domain_clear(&d);
    assert_int_equal(gdt_domain_init_int(&d, "int128"), GDT_EVALUE);
    assert_int_equal(gdt_domain_init_int(&d, "uint8"), GDT_EVALUE);
    assert_int_equal(gdt_domain_init_int(&d, "int"), GDT_EVALUE);
    mpq_clears(q, back, NULL);
    check_failures();
}

/* The notes' run in int64 (loss (w-1)^2 + 2, grad 2*(w-1), lr 10, w0 2),
   as NumPy 1.24 computed it (tests/golden notes_lr10_int64): w and the
   loss at w, steps 0 to 50. */
static const char *const notes_w[] = {
    "2", "-18", "362", "-6858", "130322", "-2476098", "47045882",
    "-893871738", "16983563042", "-322687697778", "6131066257802",
    "-116490258898218", "2213314919066162", "-42052983462257058",
    "799006685782884122", "3265617043834753318", "-6706491611731658174",
    "-1703867893065355986", "-4519998179177339478", "-6353754964178307978",
    "-8405864196579009710", "-6309276928384780034", "9195797197053510970",
    "-8699450080630743866", "-731145131401831070", "-4554986577074761266",
    "-5688975404127294006", "-2589931763838723562", "-6131528708192907150",
    "5818581013407926174", "127425187506712410", "-2421078562627535770",
    "9107004542504076418", "-7012389644191487378", "4108194723671398890",
    "-4268723454918372426", "7318769348610869650", "8517334966069889598",
    "4191332308058062202", "-5848337558264975354", "437949164777222050",
    "-8321034130767218930", "-7921048178808804854", "2925962807690879318",
    "-253061124998052174", "4808161374962991326", "878654244250922906",
    "1752313432942016422", "3599532921520791234", "5395850785943173038",
    "8159299509337021994",
};
static const char *const notes_loss[] = {
    "3", "363", "130323", "47045883", "16983563043", "6131066257803",
    "2213314919066163", "799006685782884123", "-6706491611731658173",
    "-4519998179177339477", "-8405864196579009709", "9195797197053510971",
    "-731145131401831069", "-5688975404127294005", "-6131528708192907149",
    "127425187506712411", "9107004542504076419", "4108194723671398891",
    "7318769348610869651", "4191332308058062203", "437949164777222051",
    "-7921048178808804853", "-253061124998052173", "878654244250922907",
    "3599532921520791235", "8159299509337021995", "-5971928922863319085",
    "2402715470359348667", "383313335375942115", "-9197838518961310133",
    "-5772077313667853", "-2083719910234095653", "4093619427583084803",
    "2057087460729483883", "4738810374961616403", "-4836653493844779525",
    "6408775724441994275", "7725027309865980555", "3276503731476685619",
    "2226226345672204315", "-7989028455554514109", "-6347196956489541973",
    "-3941836152740252589", "-2603557463595710917", "899703401135490659",
    "-7248465516859801909", "2741606880367839603", "-6404096167525691301",
    "-6035707263080608381", "-2174521274372535573", "8207815121025376915",
};

static void
test_int_notes_run(void **state)
{
    gdt_domain d;
    gdt_val w, lr, one, two, cst, t, s, loss, g, m;
    gdt_val *all[] = {&w, &lr, &one, &two, &cst, &t, &s, &loss, &g, &m};
    mpq_t q;
    size_t i;
    int k, fused;
    gdt_numfmt f = {GDT_DIGITS_SHORTEST, 0, 1};

    (void)state;
    assert_int_equal(sizeof notes_w / sizeof notes_w[0], 51);
    mpq_init(q);
    for (fused = 0; fused < 2; fused++) {
        assert_int_equal(gdt_domain_init_int(&d, "int64"), GDT_OK);
        for (i = 0; i < sizeof all / sizeof all[0]; i++)
            d.ops->init(all[i], &d);
        q_of(q, "10");
        assert_int_equal(d.ops->set_q(&lr, q, &d), GDT_OK);
        q_of(q, "1");
        assert_int_equal(d.ops->set_q(&one, q, &d), GDT_OK);
        q_of(q, "2");
        assert_int_equal(d.ops->set_q(&two, q, &d), GDT_OK);
        assert_int_equal(d.ops->set_q(&cst, q, &d), GDT_OK);
        assert_int_equal(d.ops->set_q(&w, q, &d), GDT_OK);
        for (k = 0; k <= 50; k++) {
            /* loss = (w-1)^2 + 2, g = 2*(w-1) */
            assert_int_equal(d.ops->sub(&t, &w, &one, &d), GDT_OK);
            assert_int_equal(d.ops->pow_si(&s, &t, 2, &d), GDT_OK);
            assert_int_equal(d.ops->add(&loss, &s, &cst, &d), GDT_OK);
            assert_int_equal(d.ops->mul(&g, &two, &t, &d), GDT_OK);
            gdt_buf_reset(&out);
            assert_int_equal(d.ops->get_str(&out, &w, &f, &d), GDT_OK);
            gdt_buf_reset(&out2);
            assert_int_equal(d.ops->get_str(&out2, &loss, &f, &d), GDT_OK);
            if (strcmp(out.s, notes_w[k]) != 0
                || strcmp(out2.s, notes_loss[k]) != 0) {
                printf("int64 notes run wrong at step %d (%s)\n", k,
                       fused ? "fms" : "sub");
                printf("  got  w %s loss %s\n  want w %s loss %s\n", out.s,
                       out2.s, notes_w[k], notes_loss[k]);
                failures++;
                break;
            }
            if (fused) {
                assert_int_equal(d.ops->fms(&w, &w, &lr, &g, &d), GDT_OK);
            } else {
                assert_int_equal(d.ops->mul(&m, &lr, &g, &d), GDT_OK);
                assert_int_equal(d.ops->sub(&w, &w, &m, &d), GDT_OK);
            }
        }
        /* it wrapped on the way */
        assert_true(d.flags & GDT_FLAG_OVERFLOW);
        for (i = 0; i < sizeof all / sizeof all[0]; i++)
            d.ops->clear(all[i], &d);
        gdt_domain_clear(&d);
    }
    mpq_clear(q);
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
        cmocka_unit_test(test_int_cases),
        cmocka_unit_test(test_int_random),
        cmocka_unit_test(test_int_set_q_get_str),
        cmocka_unit_test(test_int_notes_run),
        cmocka_unit_test(test_shortest_16bit),
        cmocka_unit_test(test_shortest_binary32),
        cmocka_unit_test(test_shortest_binary64),
        cmocka_unit_test(test_shortest_numpy),
        cmocka_unit_test(test_native_neg_zero_max_bits),
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
