/* test_lr -- a learning rate per parameter (gdt_stepper_set_lr, the
   session's lrs, gdt_affine_at_lrs): w_i = w_i - lr_i * g_i

   The two-parameter quadratic (a-1)^2 + 10*(b+2)^2 with lr a=0.1, b=0.01
   against its steps computed by hand; the float modes against the same
   loop written in C on doubles and floats, and mpfr against it written
   with MPFR (sub and fma); the decimal path
   against the exact path and the closed form, with a Hessian that is not
   diagonal (where I - D H and I - H D differ); one lr given per
   parameter but all equal against gdt_stepper_init's one lr, bit for
   bit; and the errors. */
#include <math.h>
#include <stdlib.h>
#include "gdtrace.h"
#include "gdtrace/affine.h"
#include "gdtrace/session.h"
#include "run/burst.h"
#include "testutil.h"

/* A problem of hand-written partials (or derived: GRADS NULL). */
typedef struct prob {
    gdt_problem p;
    gdt_program prog;
    gdt_error err;
} prob;

static void
prob_init(prob *x, const char *loss, const char *const *grads, size_t ngrads)
{
    assert_int_equal(gdt_problem_init(&x->p, loss, grads, ngrads, NULL, NULL, &x->err),
                     GDT_OK);
    assert_int_equal(gdt_program_init(&x->prog, x->p.loss, x->p.grad, x->p.n), GDT_OK);
}

static void
prob_clear(prob *x)
{
    gdt_program_clear(&x->prog);
    gdt_problem_clear(&x->p);
}

/* S set up in D (MODE) for X from W0[] with LR[] per parameter (text),
   at most MAX_ITER updates. */
static void
stepper_lrs(gdt_stepper *s, gdt_domain *d, const char *mode, prob *x,
            const char *const *lr, const char *const *w0, unsigned long max_iter,
            gdt_update update)
{
    mpq_t q[3], l;
    size_t i, n = x->p.n;

    assert_int_equal(gdt_domain_init_mode(d, mode, 53, MPFR_RNDN), GDT_OK);
    mpq_init(l);
    for (i = 0; i < n; i++) {
        mpq_init(q[i]);
        q_of(q[i], w0[i]);
    }
    q_of(l, "1");
    assert_int_equal(gdt_stepper_init(s, &x->prog, d, l, (const mpq_t *)q, max_iter, update,
                                      &x->err), GDT_OK);
    s->names = x->p.params.name;
    for (i = 0; i < n; i++) {
        q_of(l, lr[i]);
        assert_int_equal(gdt_stepper_set_lr(s, i, l, 0, &x->err), GDT_OK);
    }
    for (i = 0; i < n; i++)
        mpq_clear(q[i]);
    mpq_clear(l);
}

/* The exact text of parameter I of S. */
static const char *
param_text(gdt_buf *b, const gdt_stepper *s, size_t i)
{
    gdt_numfmt f = { GDT_DIGITS_EXACT, 0, 0 };

    gdt_buf_reset(b);
    assert_int_equal(gdt_stepper_get_str(b, s, GDT_VALUE_PARAM, i, &f), GDT_OK);
    return b->s;
}

/* Run S to its max-iter STEPS as gdt_run_steps runs it printing nothing
   (every 0): a burst, then the last step. */
static void
run_to_end(gdt_stepper *s, unsigned long steps, gdt_error *err)
{
    gdt_burst_steps(s, steps, NULL);
    while (s->stop == GDT_STOP_NONE) {
        assert_int_equal(gdt_stepper_eval(s, err), GDT_OK);
        if (s->stop == GDT_STOP_NONE)
            assert_int_equal(gdt_stepper_update(s, err), GDT_OK);
    }
    assert_int_equal(s->k, steps);
}

/* (a-1)^2 + 10*(b+2)^2 from (0, 0), lr a=0.1, b=0.01, exactly: by hand,
   a_(k+1) = a_k - 0.1 * 2 (a_k - 1) = 0.8 a_k + 0.2 and
   b_(k+1) = b_k - 0.01 * 20 (b_k + 2) = 0.8 b_k - 0.4. */
static void
test_quadratic_by_hand(void **state)
{
    static const char *const want[][2] = {
        { "0", "0" },           { "0.2", "-0.4" },       { "0.36", "-0.72" },
        { "0.488", "-0.976" },  { "0.5904", "-1.1808" }, { "0.67232", "-1.34464" },
    };
    static const char *const lr[] = { "0.1", "0.01" }, *const w0[] = { "0", "0" };
    prob x;
    gdt_domain d;
    gdt_stepper s;
    gdt_buf b;
    size_t k, i;

    (void)state;
    gdt_buf_init(&b);
    prob_init(&x, "(a-1)^2 + 10*(b+2)^2", NULL, 0);
    stepper_lrs(&s, &d, "exact", &x, lr, w0, 5, GDT_UPDATE_SUB);
    assert_int_equal(gdt_stepper_lr_same(&s), 0);
    for (k = 0;; k++) {
        assert_int_equal(gdt_stepper_eval(&s, &x.err), GDT_OK);
        for (i = 0; i < 2; i++)
            expect(param_text(&b, &s, i), want[k][i]);
        if (s.stop != GDT_STOP_NONE)
            break;
        assert_int_equal(gdt_stepper_update(&s, &x.err), GDT_OK);
    }
    assert_int_equal(k, 5);
    assert_int_equal(s.stop, GDT_STOP_MAX_ITER);
    check_failures();
    gdt_stepper_clear(&s);
    gdt_domain_clear(&d);
    prob_clear(&x);
    gdt_buf_clear(&b);
}

/* The same run in binary64, native-double (sub and fma) and binary32,
   against the loop in C: g_a = 2*(a - 1), g_b = 10*(2*(b + 2)), as the
   derivative is written. */
static void
test_float_loops(void **state)
{
    static const char *const lr[] = { "0.1", "0.01" }, *const w0[] = { "0.5", "-3" };
    static const struct { const char *mode; gdt_update update; } t[] = {
        { "binary64", GDT_UPDATE_SUB }, { "native-double", GDT_UPDATE_SUB },
        { "binary64", GDT_UPDATE_FMA }, { "binary32", GDT_UPDATE_SUB },
        { "native-float", GDT_UPDATE_SUB }, { "binary32", GDT_UPDATE_FMA },
    };
    const unsigned long steps = 300;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        int single = strcmp(t[i].mode, "binary32") == 0 || strcmp(t[i].mode, "native-float") == 0;
        int fused = t[i].update == GDT_UPDATE_FMA;
        double a = 0.5, b = -3, la = 0.1, lb = 0.01;
        float af = 0.5f, bf = -3.0f, laf = 0.1f, lbf = 0.01f;
        prob x;
        gdt_domain d;
        gdt_stepper s;
        unsigned long k;
        double got[2];
        char g[64], w[64];

        prob_init(&x, "(a-1)^2 + 10*(b+2)^2", NULL, 0);
        stepper_lrs(&s, &d, t[i].mode, &x, lr, w0, steps, t[i].update);
        for (k = 0; k < steps; k++) {
            if (single) {
                float ga = 2.0f * (af - 1.0f), gb = 10.0f * (2.0f * (bf + 2.0f));
                af = fused ? fmaf(-laf, ga, af) : af - laf * ga;
                bf = fused ? fmaf(-lbf, gb, bf) : bf - lbf * gb;
            } else {
                double ga = 2.0 * (a - 1.0), gb = 10.0 * (2.0 * (b + 2.0));
                a = fused ? fma(-la, ga, a) : a - la * ga;
                b = fused ? fma(-lb, gb, b) : b - lb * gb;
            }
        }
        run_to_end(&s, steps, &x.err);
        for (k = 0; k < 2; k++) {
            const gdt_val *v = gdt_stepper_param(&s, k);
            if (strcmp(t[i].mode, "native-float") == 0)
                got[k] = v->s;
            else
                got[k] = v->d;
            snprintf(g, sizeof g, "%a", got[k]);
            snprintf(w, sizeof w, "%a", single ? (double)(k ? bf : af) : k ? b : a);
            if (strcmp(g, w) != 0)
                printf("%s %s, parameter %lu after %lu steps\n", t[i].mode,
                       fused ? "fma" : "sub", k, steps);
            expect(g, w);
        }
        gdt_stepper_clear(&s);
        gdt_domain_clear(&d);
        prob_clear(&x);
    }
    check_failures();
}

/* W = W - LR*G with MPFR, rounded twice (T scratch) or, FUSED, once. */
static void
mpfr_update(mpfr_t w, mpfr_t lr, mpfr_t g, mpfr_t t, int fused, mpfr_rnd_t rnd)
{
    if (fused) {
        mpfr_neg(t, lr, rnd);
        mpfr_fma(w, t, g, w, rnd);
    } else {
        mpfr_mul(t, lr, g, rnd);
        mpfr_sub(w, w, t, rnd);
    }
}

/* mpfr at 30 bits rounding down, sub and fma, against the loop written
   with MPFR: each operation rounded once, lr_a and lr_b rounded once. */
static void
test_mpfr_loop(void **state)
{
    static const char *const lr[] = { "0.1", "0.01" }, *const w0[] = { "0.5", "-3" };
    const unsigned long steps = 200;
    const mpfr_rnd_t rnd = MPFR_RNDD;
    int fused;

    (void)state;
    for (fused = 0; fused < 2; fused++) {
        prob x;
        gdt_domain d;
        gdt_stepper s;
        mpfr_t a, b, la, lb, g, t;
        unsigned long k;
        gdt_buf got, want;
        gdt_numfmt f = { GDT_DIGITS_HEX, 0, 0 };

        gdt_buf_init(&got);
        gdt_buf_init(&want);
        prob_init(&x, "(a-1)^2 + 10*(b+2)^2", NULL, 0);
        /* (stepper_lrs's domain is 53 bits to nearest) */
        {
            mpq_t q[2], l;
            size_t i;
            assert_int_equal(gdt_domain_init_mode(&d, "mpfr", 30, rnd), GDT_OK);
            mpq_inits(q[0], q[1], l, NULL);
            q_of(q[0], w0[0]);
            q_of(q[1], w0[1]);
            assert_int_equal(gdt_stepper_init(&s, &x.prog, &d, l, (const mpq_t *)q, steps,
                                              fused ? GDT_UPDATE_FMA : GDT_UPDATE_SUB,
                                              &x.err), GDT_OK);
            for (i = 0; i < 2; i++) {
                q_of(l, lr[i]);
                assert_int_equal(gdt_stepper_set_lr(&s, i, l, 0, &x.err), GDT_OK);
            }
            mpq_clears(q[0], q[1], l, NULL);
        }
        mpfr_inits2(30, a, b, la, lb, g, t, (mpfr_ptr)0);
        mpfr_set_d(a, 0.5, rnd);
        mpfr_set_si(b, -3, rnd);
        mpfr_set_str(la, "0.1", 10, rnd);
        mpfr_set_str(lb, "0.01", 10, rnd);
        for (k = 0; k < steps; k++) {
            mpfr_sub_ui(g, a, 1, rnd);       /* 2*(a - 1) */
            mpfr_mul_ui(g, g, 2, rnd);
            mpfr_update(a, la, g, t, fused, rnd);
            mpfr_add_ui(g, b, 2, rnd);       /* 10*(2*(b + 2)) */
            mpfr_mul_ui(g, g, 2, rnd);
            mpfr_mul_ui(g, g, 10, rnd);
            mpfr_update(b, lb, g, t, fused, rnd);
        }
        run_to_end(&s, steps, &x.err);
        for (k = 0; k < 2; k++) {
            gdt_val v;
            gdt_buf_reset(&got);
            gdt_buf_reset(&want);
            assert_int_equal(gdt_stepper_get_str(&got, &s, GDT_VALUE_PARAM, k, &f), GDT_OK);
            mpfr_init2(v.f, 30);
            mpfr_set(v.f, k ? b : a, rnd);
            assert_int_equal(d.ops->get_str(&want, &v, &f, &d), GDT_OK);
            mpfr_clear(v.f);
            if (strcmp(got.s, want.s) != 0)
                printf("mpfr 30 D %s, parameter %lu\n", fused ? "fma" : "sub", k);
            expect(got.s, want.s);
        }
        mpfr_clears(a, b, la, lb, g, t, (mpfr_ptr)0);
        gdt_stepper_clear(&s);
        gdt_domain_clear(&d);
        prob_clear(&x);
        gdt_buf_clear(&got);
        gdt_buf_clear(&want);
    }
    check_failures();
}

/* The decimal path (integer lr per parameter, a Hessian not diagonal)
   against the exact path, step by step (parameters and partials), and
   the closed form gdt_affine_at_lrs at the last step. */
static void
test_decimal_and_closed_form(void **state)
{
    static const struct { const char *loss, *lr[2], *w0[2]; unsigned long steps; } t[] = {
        { "a^2 + a*b + 2*b^2 + 3*a - b", { "1", "2" }, { "3", "-1" }, 25 },
        { "(a-1)^2 + 10*(b+2)^2", { "2", "1" }, { "0", "5" }, 30 },
        { "a^2 - 3*a*b + b^2", { "-1", "3" }, { "1", "1" }, 20 },
    };
    size_t i, j;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        prob x;
        gdt_domain dd, de;
        gdt_stepper sd, se;
        gdt_affine af;
        gdt_buf bd, be;
        gdt_numfmt f = { GDT_DIGITS_EXACT, 0, 0 };
        mpq_t lr[2], w0[2], w[2];
        int was_decimal = 0;

        gdt_buf_init(&bd);
        gdt_buf_init(&be);
        prob_init(&x, t[i].loss, NULL, 0);
        stepper_lrs(&sd, &dd, "exact", &x, t[i].lr, t[i].w0, t[i].steps, GDT_UPDATE_SUB);
        stepper_lrs(&se, &de, "exact", &x, t[i].lr, t[i].w0, t[i].steps, GDT_UPDATE_SUB);
        sd.decimal = 1;
        for (;;) {
            assert_int_equal(gdt_stepper_eval(&sd, &x.err), GDT_OK);
            assert_int_equal(gdt_stepper_eval(&se, &x.err), GDT_OK);
            was_decimal |= sd.dec != NULL;
            for (j = 0; j < 2; j++) {
                gdt_buf_reset(&bd);
                gdt_buf_reset(&be);
                assert_int_equal(gdt_stepper_get_str(&bd, &sd, GDT_VALUE_PARTIAL, j, &f), GDT_OK);
                assert_int_equal(gdt_stepper_get_str(&be, &se, GDT_VALUE_PARTIAL, j, &f), GDT_OK);
                expect(bd.s, be.s);
                expect(param_text(&bd, &sd, j), param_text(&be, &se, j));
            }
            assert_int_equal(sd.stop, se.stop);
            if (se.stop != GDT_STOP_NONE)
                break;
            assert_int_equal(gdt_stepper_update(&sd, &x.err), GDT_OK);
            assert_int_equal(gdt_stepper_update(&se, &x.err), GDT_OK);
        }
        if (!was_decimal)
            printf("%s: the decimal path was not taken\n", t[i].loss);
        assert_true(was_decimal);
        /* the closed form at the last step */
        assert_int_equal(gdt_affine_init(&af, &x.prog), GDT_OK);
        for (j = 0; j < 2; j++) {
            mpq_inits(lr[j], w0[j], w[j], NULL);
            q_of(lr[j], t[i].lr[j]);
            q_of(w0[j], t[i].w0[j]);
        }
        assert_int_equal(gdt_affine_at_lrs(w, &af, (const mpq_t *)lr, (const mpq_t *)w0,
                                           se.k, NULL), GDT_OK);
        for (j = 0; j < 2; j++) {
            gdt_buf_reset(&bd);
            assert_int_equal(gdt_q_get_str(&bd, w[j]), GDT_OK);
            expect(bd.s, param_text(&be, &se, j));
            mpq_clears(lr[j], w0[j], w[j], NULL);
        }
        check_failures();
        gdt_affine_clear(&af);
        gdt_stepper_clear(&sd);
        gdt_stepper_clear(&se);
        gdt_domain_clear(&dd);
        gdt_domain_clear(&de);
        prob_clear(&x);
        gdt_buf_clear(&bd);
        gdt_buf_clear(&be);
    }
}

/* One lr given per parameter, all equal, is the run of that one lr, bit
   for bit, in every kind of domain (and the stepper says they are the
   same). */
static void
test_equal_is_one(void **state)
{
    static const char *const modes[] = { "exact", "binary64", "native-double", "bfloat16",
                                         "mpfr", "int32", "binary128", "native-float" };
    static const char *const lr2[] = { "3", "3" }, *const w0[] = { "7", "-2" };
    size_t i, j;

    (void)state;
    for (i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        prob x;
        gdt_domain d1, d2;
        gdt_stepper s1, s2;
        mpq_t l, q[2];
        gdt_buf a, b;

        gdt_buf_init(&a);
        gdt_buf_init(&b);
        prob_init(&x, "a*a + a*b + 2*b*b", NULL, 0);
        stepper_lrs(&s2, &d2, modes[i], &x, lr2, w0, 40, GDT_UPDATE_SUB);
        assert_int_equal(gdt_stepper_lr_same(&s2), 1);
        mpq_inits(l, q[0], q[1], NULL);
        q_of(l, "3");
        q_of(q[0], "7");
        q_of(q[1], "-2");
        assert_int_equal(gdt_domain_init_mode(&d1, modes[i], 53, MPFR_RNDN), GDT_OK);
        assert_int_equal(gdt_stepper_init(&s1, &x.prog, &d1, l, (const mpq_t *)q, 40,
                                          GDT_UPDATE_SUB, &x.err), GDT_OK);
        for (;;) {
            assert_int_equal(gdt_stepper_eval(&s1, &x.err), GDT_OK);
            assert_int_equal(gdt_stepper_eval(&s2, &x.err), GDT_OK);
            for (j = 0; j < 2; j++)
                expect(param_text(&a, &s2, j), param_text(&b, &s1, j));
            assert_int_equal(s1.stop, s2.stop);
            if (s1.stop != GDT_STOP_NONE)
                break;
            assert_int_equal(gdt_stepper_update(&s1, &x.err), GDT_OK);
            assert_int_equal(gdt_stepper_update(&s2, &x.err), GDT_OK);
        }
        check_failures();
        mpq_clears(l, q[0], q[1], NULL);
        gdt_stepper_clear(&s1);
        gdt_stepper_clear(&s2);
        gdt_domain_clear(&d1);
        gdt_domain_clear(&d2);
        prob_clear(&x);
        gdt_buf_clear(&a);
        gdt_buf_clear(&b);
    }
}

/* The session's lrs: each parameter's, a negative zero among them; a
   learning rate the mode cannot hold is named. */
static void
test_session_lrs(void **state)
{
    gdt_session ss;
    gdt_session_opts o;
    gdt_domain d;
    gdt_stepper st;
    gdt_error err;
    mpq_t lr, lrs[2], w0[2];
    unsigned char neg0[2] = { 1, 0 };
    gdt_buf b;

    (void)state;
    gdt_buf_init(&b);
    mpq_inits(lr, lrs[0], lrs[1], w0[0], w0[1], NULL);
    q_of(lr, "0.5");
    q_of(lrs[0], "0");
    q_of(lrs[1], "0.25");
    q_of(w0[0], "1");
    q_of(w0[1], "1");
    memset(&o, 0, sizeof o);
    o.loss = "a^2 + b^2";
    o.mode = "binary64";
    o.prec = 53;
    o.rnd = MPFR_RNDN;
    o.lr = (const mpq_t *)&lr;
    o.lrs = (const mpq_t *)lrs;
    o.lrs_neg0 = neg0;
    o.w0 = (const mpq_t *)w0;
    o.max_iter = 1;
    o.stop_on_zero = 1;
    assert_int_equal(gdt_session_open(&ss, &o, &err), GDT_OK);
    assert_int_equal(gdt_session_stepper(&ss, &d, &st, &o, &err), GDT_OK);
    assert_true(st.lr[0].d == 0 && signbit(st.lr[0].d)); /* -0 */
    assert_true(st.lr[1].d == 0.25);
    assert_int_equal(gdt_stepper_lr_same(&st), 0);
    assert_int_equal(gdt_stepper_eval(&st, &err), GDT_OK);
    assert_int_equal(gdt_stepper_update(&st, &err), GDT_OK);
    assert_true(gdt_stepper_param(&st, 0)->d == 1);   /* 1 - (-0)*2 */
    assert_true(gdt_stepper_param(&st, 1)->d == 0.5); /* 1 - 0.25*2 */
    gdt_stepper_clear(&st);
    gdt_domain_clear(&d);
    /* int8 holds neither 0.25 nor 1000 */
    o.mode = "int8";
    q_of(lrs[0], "1000");
    q_of(lrs[1], "1");
    o.lrs_neg0 = NULL;
    q_of(lr, "1");
    assert_int_equal(gdt_session_stepper(&ss, &d, &st, &o, &err), GDT_ERANGE);
    expect(err.msg, "lr_a 1000 is out of the range of mode int8");
    assert_int_equal(ss.phase, GDT_SESSION_STEPPER);
    gdt_stepper_clear(&st);
    gdt_domain_clear(&d);
    check_failures();
    gdt_session_clear(&ss);
    mpq_clears(lr, lrs[0], lrs[1], w0[0], w0[1], NULL);
    gdt_buf_clear(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quadratic_by_hand),
        cmocka_unit_test(test_float_loops),
        cmocka_unit_test(test_mpfr_loop),
        cmocka_unit_test(test_decimal_and_closed_form),
        cmocka_unit_test(test_equal_is_one),
        cmocka_unit_test(test_session_lrs),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
