/* test_num_ball -- the ball domain (num_ball.c) against the mpfr domain

   For every function and many random inputs of P bits, the ball computed
   at P + 10 bits must hold the exact value, which the mpfr domain's
   correctly rounded result at P bits brackets: that result lies within
   half its ulp of the exact value, so it lies within the ball widened by
   that half ulp; and where both ends of the ball round to one P-bit
   number, that number is the mpfr domain's result.  (The rounded result
   itself is not in the ball in general: the ball is 2^-10 of its ulp
   wide.)  The ball's radius must be small, relative to the value below
   2^-(P-8).  Exact inputs stay exact where Arb keeps them so; the
   digits a ball proves are checked on 1/3, pi and exp(1); comparisons of
   overlapping balls say they cannot tell.  Failures print got, want and
   every input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "gdtrace/num.h"
#include "num/arb_compat.h"
#define TESTUTIL_SEED 0x2f8ad4c1e97b3605u /* this file's random sequence */
#include "testutil.h"

static const mpfr_prec_t precs[] = { 24, 53, 113, 300 };
#define NPRECS (sizeof precs / sizeof precs[0])

/* X = a random P-bit number in [LO, HI] */
static void
random_in(mpfr_t x, double lo, double hi)
{
    mpfr_t u;

    mpfr_init2(u, 64);
    mpfr_set_ui(u, (unsigned long)(rng() >> 11), MPFR_RNDN);
    mpfr_div_2ui(u, u, 53, MPFR_RNDN);       /* [0, 1) */
    mpfr_mul_d(u, u, hi - lo, MPFR_RNDN);
    mpfr_add_d(u, u, lo, MPFR_RNDN);
    /* a few more random low bits where the precision has room */
    mpfr_set(x, u, MPFR_RNDN);
    if (mpfr_get_prec(x) > 64 && !mpfr_zero_p(x)) {
        mpfr_t v;
        mpfr_init2(v, mpfr_get_prec(x));
        mpfr_set_ui(v, (unsigned long)(rng() >> 1), MPFR_RNDN);
        mpfr_mul_2si(v, v, mpfr_get_exp(x) - 64 - 63, MPFR_RNDN);
        mpfr_add(x, x, v, MPFR_RNDN);
        mpfr_clear(v);
    }
    mpfr_clear(u);
}

/* V = X in domain D, exactly (X has D's precision or less, or D is a
   ball) */
static void
set_fr(gdt_val *v, mpfr_srcptr x, gdt_domain *d)
{
    mpq_t q;

    mpq_init(q);
    mpfr_get_q(q, x);
    assert_int_equal(d->ops->set_q(v, q, d), GDT_OK);
    mpq_clear(q);
}

struct fcase {
    gdt_func f;
    double lo, hi;   /* the first argument */
    double lo2, hi2; /* the second (min, max, pow, huber) */
};

static const struct fcase fcases[] = {
    { GDT_FN_EXP, -20, 20, 0, 0 },      { GDT_FN_LOG, 0.01, 100, 0, 0 },
    { GDT_FN_SQRT, 0.01, 100, 0, 0 },   { GDT_FN_SIN, -10, 10, 0, 0 },
    { GDT_FN_COS, -10, 10, 0, 0 },      { GDT_FN_TAN, -1.4, 1.4, 0, 0 },
    { GDT_FN_TANH, -5, 5, 0, 0 },       { GDT_FN_SIGMOID, -20, 20, 0, 0 },
    { GDT_FN_ABS, -10, 10, 0, 0 },      { GDT_FN_MIN, -10, 10, -10, 10 },
    { GDT_FN_MAX, -10, 10, -10, 10 },   { GDT_FN_COSH, -10, 10, 0, 0 },
    { GDT_FN_SINH, -10, 10, 0, 0 },     { GDT_FN_ATAN, -10, 10, 0, 0 },
    { GDT_FN_ASINH, -10, 10, 0, 0 },    { GDT_FN_LOG1P, -0.9, 10, 0, 0 },
    { GDT_FN_EXPM1, -5, 5, 0, 0 },      { GDT_FN_SOFTPLUS, -20, 20, 0, 0 },
    { GDT_FN_RELU, 0.01, 10, 0, 0 },    { GDT_FN_ERF, -3, 3, 0, 0 },
    { GDT_FN_POW, 0.01, 10, -3, 3 },    { GDT_FN_HUBER, -5, 5, 0.01, 3 },
    { GDT_FN_LOGCOSH, -10, 10, 0, 0 },
};
#define NFCASES (sizeof fcases / sizeof fcases[0])

/* Check ball B (at P + 10 bits) against Y, the mpfr domain's result at P
   bits, for F at X (and X2). */
static void
check_ball(arb_srcptr b, mpfr_srcptr y, gdt_func f, mpfr_srcptr x, mpfr_srcptr x2,
           mpfr_prec_t p)
{
    arb_t w, yb;
    arf_t lo, hi;
    mag_t rel;
    mpfr_t rl, rh;
    char what[160];

    arb_init(w);
    arb_init(yb);
    arf_init(lo);
    arf_init(hi);
    mag_init(rel);
    mpfr_init2(rl, p);
    mpfr_init2(rh, p);
    snprintf(what, sizeof what, "%s at %ld bits", gdt_func_name(f), (long)p);
    /* the ball widened by half an ulp of Y holds Y */
    arb_set(w, b);
    if (!mpfr_zero_p(y)) {
        mag_t h;
        mag_init(h);
        mag_set_ui_2exp_si(h, 1, mpfr_get_exp(y) - p - 1);
        mag_add(arb_radref(w), arb_radref(w), h);
        mag_clear(h);
    }
    arf_set_mpfr(arb_midref(yb), y);
    if (!arb_is_finite(b) || !arb_contains(w, yb)) {
        char *got = arb_get_str(b, 40, 0);
        mpfr_printf("%s: the ball does not hold the rounded result %.40Rg\n", what, y);
        report(what, got, "a ball holding the mpfr domain's result");
        flint_free(got);
        mpfr_printf("  x = %Ra, x2 = %Ra\n", x, x2);
    }
    /* where both ends round alike, they round to Y */
    arb_get_lbound_arf(lo, b, p + 100);
    arb_get_ubound_arf(hi, b, p + 100);
    arf_get_mpfr(rl, lo, MPFR_RNDN);
    arf_get_mpfr(rh, hi, MPFR_RNDN);
    if (mpfr_equal_p(rl, rh) && !mpfr_equal_p(rl, y)) {
        char got[128], want[128];
        mpfr_snprintf(got, sizeof got, "%Ra", rl);
        mpfr_snprintf(want, sizeof want, "%Ra", y);
        report(what, got, want);
        mpfr_printf("  x = %Ra, x2 = %Ra\n", x, x2);
    }
    /* a small radius: rad < |mid| 2^-(p-8) */
    if (!arf_is_zero(arb_midref(b))) {
        arf_get_mag(rel, arb_midref(b));
        mag_mul_2exp_si(rel, rel, -(slong)(p - 8));
        if (mag_cmp(arb_radref(b), rel) >= 0) {
            char *got = arb_get_str(b, 40, 0);
            report(what, got, "a relative radius below 2^-(p-8)");
            flint_free(got);
            mpfr_printf("  x = %Ra, x2 = %Ra\n", x, x2);
        }
    }
    arb_clear(w);
    arb_clear(yb);
    arf_clear(lo);
    arf_clear(hi);
    mag_clear(rel);
    mpfr_clear(rl);
    mpfr_clear(rh);
}

static void
test_functions_random(void **state)
{
    gdt_domain m, b;
    gdt_val mx, mx2, my, bx, bx2, by;
    mpfr_t x, x2, y;
    size_t i, k, n;

    (void)state;
    for (k = 0; k < NPRECS; k++) {
        mpfr_prec_t p = precs[k];
        assert_int_equal(gdt_domain_init_mpfr(&m, p, MPFR_RNDN), GDT_OK);
        assert_int_equal(gdt_domain_init_ball(&b, p + 10), GDT_OK);
        m.ops->init(&mx, &m);
        m.ops->init(&mx2, &m);
        m.ops->init(&my, &m);
        b.ops->init(&bx, &b);
        b.ops->init(&bx2, &b);
        b.ops->init(&by, &b);
        mpfr_inits2(p, x, x2, y, (mpfr_ptr)0);
        for (i = 0; i < NFCASES; i++) {
            const struct fcase *c = &fcases[i];
            for (n = 0; n < 200; n++) {
                random_in(x, c->lo, c->hi);
                random_in(x2, c->lo2, c->hi2);
                set_fr(&mx, x, &m);
                set_fr(&mx2, x2, &m);
                set_fr(&bx, x, &b);
                set_fr(&bx2, x2, &b);
                assert_int_equal(m.ops->func(&my, c->f, &mx, &mx2, &m), GDT_OK);
                assert_int_equal(b.ops->func(&by, c->f, &bx, &bx2, &b), GDT_OK);
                m.ops->get_fr(y, &my, MPFR_RNDN, &m);
                check_ball((arb_srcptr)by.b, y, c->f, x, x2, p);
            }
        }
        mpfr_clears(x, x2, y, (mpfr_ptr)0);
        m.ops->clear(&mx, &m);
        m.ops->clear(&mx2, &m);
        m.ops->clear(&my, &m);
        b.ops->clear(&bx, &b);
        b.ops->clear(&bx2, &b);
        b.ops->clear(&by, &b);
        gdt_domain_clear(&m);
        gdt_domain_clear(&b);
    }
    check_failures();
}

/* + - * / and powers on random inputs, as the functions */
static void
test_arith_random(void **state)
{
    gdt_domain m, b;
    gdt_val ma, mb, mr, ba, bb, br;
    mpfr_t x, x2, y;
    size_t k, n;
    int op;

    (void)state;
    for (k = 0; k < NPRECS; k++) {
        mpfr_prec_t p = precs[k];
        assert_int_equal(gdt_domain_init_mpfr(&m, p, MPFR_RNDN), GDT_OK);
        assert_int_equal(gdt_domain_init_ball(&b, p + 10), GDT_OK);
        m.ops->init(&ma, &m);
        m.ops->init(&mb, &m);
        m.ops->init(&mr, &m);
        b.ops->init(&ba, &b);
        b.ops->init(&bb, &b);
        b.ops->init(&br, &b);
        mpfr_inits2(p, x, x2, y, (mpfr_ptr)0);
        for (n = 0; n < 300; n++) {
            random_in(x, 0.5, 100);
            random_in(x2, -100, -0.5);
            set_fr(&ma, x, &m);
            set_fr(&mb, x2, &m);
            set_fr(&ba, x, &b);
            set_fr(&bb, x2, &b);
            for (op = 0; op < 5; op++) {
                switch (op) {
                case 0:
                    assert_int_equal(m.ops->add(&mr, &ma, &mb, &m), GDT_OK);
                    assert_int_equal(b.ops->add(&br, &ba, &bb, &b), GDT_OK);
                    break;
                case 1:
                    assert_int_equal(m.ops->sub(&mr, &ma, &mb, &m), GDT_OK);
                    assert_int_equal(b.ops->sub(&br, &ba, &bb, &b), GDT_OK);
                    break;
                case 2:
                    assert_int_equal(m.ops->mul(&mr, &ma, &mb, &m), GDT_OK);
                    assert_int_equal(b.ops->mul(&br, &ba, &bb, &b), GDT_OK);
                    break;
                case 3:
                    assert_int_equal(m.ops->div(&mr, &ma, &mb, &m), GDT_OK);
                    assert_int_equal(b.ops->div(&br, &ba, &bb, &b), GDT_OK);
                    break;
                default:
                    assert_int_equal(m.ops->pow_si(&mr, &ma, -7 + (long)(n % 15), &m),
                                     GDT_OK);
                    assert_int_equal(b.ops->pow_si(&br, &ba, -7 + (long)(n % 15), &b),
                                     GDT_OK);
                    break;
                }
                m.ops->get_fr(y, &mr, MPFR_RNDN, &m);
                check_ball((arb_srcptr)br.b, y, GDT_FN_COUNT, x, x2, p);
            }
        }
        mpfr_clears(x, x2, y, (mpfr_ptr)0);
        m.ops->clear(&ma, &m);
        m.ops->clear(&mb, &m);
        m.ops->clear(&mr, &m);
        b.ops->clear(&ba, &b);
        b.ops->clear(&bb, &b);
        b.ops->clear(&br, &b);
        gdt_domain_clear(&m);
        gdt_domain_clear(&b);
    }
    check_failures();
}

/* V = the rational TEXT */
static void
set_text(gdt_val *v, const char *text, gdt_domain *d)
{
    mpq_t q;

    mpq_init(q);
    assert_int_equal(mpq_set_str(q, text, 10), 0);
    mpq_canonicalize(q);
    assert_int_equal(d->ops->set_q(v, q, d), GDT_OK);
    mpq_clear(q);
}

/* the text of V in format KIND (N digits) */
static void
check_str(const gdt_val *v, gdt_digits_kind kind, int n, gdt_domain *d, const char *want)
{
    gdt_numfmt f = { kind, n, 0 };
    gdt_buf out;

    gdt_buf_init(&out);
    assert_int_equal(d->ops->get_str(&out, v, &f, d), GDT_OK);
    if (strcmp(out.s, want) != 0)
        report("ball text", out.s, want);
    gdt_buf_clear(&out);
}

static void
test_exact(void **state)
{
    gdt_domain b;
    gdt_val x, y, r;
    int exact;

    (void)state;
    assert_int_equal(gdt_domain_init_ball(&b, 64), GDT_OK);
    b.ops->init(&x, &b);
    b.ops->init(&y, &b);
    b.ops->init(&r, &b);
    set_text(&x, "3/4", &b);
    set_text(&y, "-5/8", &b);
    assert_int_equal(b.ops->add(&r, &x, &y, &b), GDT_OK);
    assert_true(arb_is_exact((arb_srcptr)r.b));
    check_str(&r, GDT_DIGITS_EXACT, 0, &b, "0.125");
    assert_int_equal(b.ops->mul(&r, &x, &y, &b), GDT_OK);
    check_str(&r, GDT_DIGITS_SHORTEST, 0, &b, "-0.46875");
    assert_int_equal(b.ops->pow_si(&r, &x, 5, &b), GDT_OK);
    check_str(&r, GDT_DIGITS_EXACT, 0, &b, "0.2373046875");
    assert_int_equal(b.ops->certified(&r, SIZE_MAX, &exact, &b), 10);
    assert_int_equal(exact, 1);
    assert_int_equal(b.ops->func(&r, GDT_FN_ABS, &y, NULL, &b), GDT_OK);
    check_str(&r, GDT_DIGITS_EXACT, 0, &b, "0.625");
    assert_int_equal(b.ops->func(&r, GDT_FN_SQRT, &x, NULL, &b), GDT_OK);
    assert_false(arb_is_exact((arb_srcptr)r.b));
    assert_int_equal(b.ops->div(&r, &x, &y, &b), GDT_OK);
    check_str(&r, GDT_DIGITS_EXACT, 0, &b, "-1.2");
    /* 19^50, the notes' run: 213 bits, exact at 256 bits, not at 64 */
    set_text(&x, "19", &b);
    assert_int_equal(b.ops->pow_si(&r, &x, 50, &b), GDT_OK);
    assert_false(arb_is_exact((arb_srcptr)r.b));
    check_str(&r, GDT_DIGITS_N, 17, &b, "8.6632340496059544e+63");
    b.ops->clear(&x, &b);
    b.ops->clear(&y, &b);
    b.ops->clear(&r, &b);
    gdt_domain_clear(&b);
    assert_int_equal(gdt_domain_init_ball(&b, 256), GDT_OK);
    b.ops->init(&x, &b);
    b.ops->init(&r, &b);
    set_text(&x, "19", &b);
    assert_int_equal(b.ops->pow_si(&r, &x, 50, &b), GDT_OK);
    check_str(&r, GDT_DIGITS_EXACT, 0, &b,
              "8663234049605954426644038200675212212900743262211018069459689001");
    /* an exact zero divisor is the exact domain's error */
    set_text(&x, "0", &b);
    assert_int_equal(b.ops->div(&r, &r, &x, &b), GDT_EDIVZERO);
    b.ops->clear(&x, &b);
    b.ops->clear(&r, &b);
    gdt_domain_clear(&b);
    check_failures();
}

/* The digits a ball of PREC bits around VALUE proves: their count C at
   least MIN, and the text VALUE's C digits to nearest (WANT, from MPFR at
   16000 bits). */
static void
check_certified(const gdt_val *v, gdt_domain *d, mpfr_srcptr want, size_t min,
                const char *what)
{
    gdt_numfmt f = { GDT_DIGITS_SHORTEST, 0, 0 };
    gdt_buf out;
    char *w;
    size_t c;
    int exact;

    c = d->ops->certified(v, SIZE_MAX, &exact, d);
    assert_false(exact);
    if (c < min || c > min + 4) {
        char got[32], lim[32];
        snprintf(got, sizeof got, "%zu", c);
        snprintf(lim, sizeof lim, "%zu to %zu", min, min + 4);
        report(what, got, lim);
    }
    gdt_buf_init(&out);
    assert_int_equal(d->ops->get_str(&out, v, &f, d), GDT_OK);
    assert_true(mpfr_asprintf(&w, "%.*Rg", (int)c, want) > 0);
    if (strcmp(out.s, w) != 0)
        report(what, out.s, w);
    mpfr_free_str(w);
    /* with a cap, the count is the cap */
    assert_int_equal(d->ops->certified(v, 5, &exact, d), 5);
    gdt_buf_clear(&out);
}

static void
test_certified(void **state)
{
    gdt_domain b;
    gdt_val x, y, r;
    mpfr_t want;
    mpfr_prec_t p;
    int exact;

    (void)state;
    mpfr_init2(want, 16000);
    for (p = 64; p <= 4096; p *= 4) {
        /* a ball of P bits proves about P log10(2) digits: 2 fewer at
           least */
        size_t min = (size_t)((double)p * 0.30102999566398120) - 2;
        assert_int_equal(gdt_domain_init_ball(&b, p), GDT_OK);
        b.ops->init(&x, &b);
        b.ops->init(&r, &b);
        set_text(&x, "1/3", &b);
        mpfr_set_ui(want, 1, MPFR_RNDN);
        mpfr_div_ui(want, want, 3, MPFR_RNDN);
        check_certified(&x, &b, want, min, "1/3");
        assert_int_equal(gdt_domain_set_const(&r, GDT_CONST_PI, &b), GDT_OK);
        mpfr_const_pi(want, MPFR_RNDN);
        check_certified(&r, &b, want, min, "pi");
        set_text(&x, "1", &b);
        assert_int_equal(b.ops->func(&r, GDT_FN_EXP, &x, NULL, &b), GDT_OK);
        mpfr_set_ui(want, 1, MPFR_RNDN);
        mpfr_exp(want, want, MPFR_RNDN);
        check_certified(&r, &b, want, min, "exp(1)");
        b.ops->clear(&x, &b);
        b.ops->clear(&r, &b);
        gdt_domain_clear(&b);
    }
    /* texts by hand at 64 bits */
    assert_int_equal(gdt_domain_init_ball(&b, 64), GDT_OK);
    b.ops->init(&x, &b);
    b.ops->init(&y, &b);
    set_text(&x, "1/3", &b);
    check_str(&x, GDT_DIGITS_SHORTEST, 0, &b, "0.3333333333333333333");
    check_str(&x, GDT_DIGITS_N, 5, &b, "0.33333");
    /* a ball around 1.5 proves its 17 digits and more, though not 1 */
    set_text(&x, "1/3", &b);
    set_text(&y, "7/6", &b);
    assert_int_equal(b.ops->add(&x, &x, &y, &b), GDT_OK);
    assert_false(arb_is_exact((arb_srcptr)x.b));
    assert_true(b.ops->certified(&x, SIZE_MAX, &exact, &b) >= 17);
    assert_int_equal(b.ops->certified(&x, 17, &exact, &b), 17);
    check_str(&x, GDT_DIGITS_SHORTEST, 0, &b, "1.5");
    check_str(&x, GDT_DIGITS_N, 17, &b, "1.5");
    /* a ball around 0 proves no digit */
    assert_int_equal(b.ops->sub(&x, &x, &x, &b), GDT_OK);
    assert_int_equal(b.ops->certified(&x, SIZE_MAX, &exact, &b), 0);
    check_str(&x, GDT_DIGITS_SHORTEST, 0, &b, "?");
    b.ops->clear(&x, &b);
    b.ops->clear(&y, &b);
    gdt_domain_clear(&b);
    mpfr_clear(want);
    check_failures();
}

/* overlapping balls cannot be ordered; distinct or exact ones can */
static void
test_cmp(void **state)
{
    gdt_domain b;
    gdt_val x, y;

    (void)state;
    assert_int_equal(gdt_domain_init_ball(&b, 64), GDT_OK);
    b.ops->init(&x, &b);
    b.ops->init(&y, &b);
    set_text(&x, "1/3", &b);
    set_text(&y, "1/3", &b);
    assert_int_equal(b.ops->cmp(&x, &y, &b), GDT_CMP_UNKNOWN);
    set_text(&y, "1/2", &b);
    assert_int_equal(b.ops->cmp(&x, &y, &b), -1);
    assert_int_equal(b.ops->cmp(&y, &x, &b), 1);
    assert_int_equal(b.ops->cmp(&y, &y, &b), 0);
    assert_int_equal(b.ops->func(&x, GDT_FN_LOG, &y, NULL, &b), GDT_OK);
    set_text(&y, "-1", &b);
    assert_int_equal(b.ops->func(&x, GDT_FN_LOG, &y, NULL, &b), GDT_EDOMAIN);
    b.ops->clear(&x, &b);
    b.ops->clear(&y, &b);
    gdt_domain_clear(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_functions_random),
        cmocka_unit_test(test_arith_random),
        cmocka_unit_test(test_exact),
        cmocka_unit_test(test_certified),
        cmocka_unit_test(test_cmp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
