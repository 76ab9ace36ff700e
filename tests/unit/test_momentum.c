/* test_momentum -- SGD with momentum on a quadratic, exactly: the state at
   step N by powering (gdt_momentum_at) against a rational reference of
   torch.optim.SGD's loop written here, step by step; the maps' classes,
   spectral radii and critical learning rates against the eigenvalues and
   against that reference's runs */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <cmocka.h>
#include "gdtrace.h"

/* Q = TEXT ("p/q" or an integer). */
static void
q_set(mpq_t q, const char *text)
{
    assert_int_equal(mpq_set_str(q, text, 10), 0);
    mpq_canonicalize(q);
}

/* torch.optim.SGD's step, exactly, on g(w) = G0 + H w for one parameter:
   N steps from W0; W = w_N, BUF = the buffer after them (0 for N = 0). */
static void
reference(mpq_t w, mpq_t buf, const mpq_t h, const mpq_t g0, const mpq_t lr,
          const gdt_heavyball *hb, const mpq_t w0, unsigned long n)
{
    mpq_t g, t, omd;
    unsigned long k;

    mpq_inits(g, t, omd, NULL);
    mpq_set_ui(omd, 1, 1);
    mpq_sub(omd, omd, hb->d);
    mpq_set(w, w0);
    mpq_set_ui(buf, 0, 1);
    for (k = 0; k < n; k++) {
        mpq_mul(g, h, w);
        mpq_add(g, g, g0);             /* d_p = grad */
        mpq_mul(t, hb->wd, w);
        mpq_add(g, g, t);              /* d_p = d_p + wd * p */
        if (k == 0) {
            mpq_set(buf, g);           /* buf = clone(d_p) */
        } else {
            mpq_mul(buf, buf, hb->m);
            mpq_mul(t, omd, g);
            mpq_add(buf, buf, t);      /* buf = m buf + (1 - d) d_p */
        }
        if (hb->nesterov) {
            mpq_mul(t, hb->m, buf);
            mpq_add(g, g, t);          /* d_p = d_p + m buf */
        } else {
            mpq_set(g, buf);
        }
        mpq_mul(t, lr, g);
        mpq_sub(w, w, t);              /* p = p - lr d_p */
    }
    mpq_clears(g, t, omd, NULL);
}

/* The affine gradient of one parameter: g0 + h w. */
static void
affine1(gdt_affine *a, const mpq_t h, const mpq_t g0)
{
    a->n = 1;
    a->max_bits = 0;
    a->g0 = malloc(sizeof *a->g0);
    a->h = malloc(sizeof *a->h);
    assert_non_null(a->g0);
    assert_non_null(a->h);
    mpq_init(a->g0[0]);
    mpq_init(a->h[0]);
    mpq_set(a->g0[0], g0);
    mpq_set(a->h[0], h);
}

static void
check_at(const char *h_s, const char *g0_s, const char *lr_s, const char *m_s,
         const char *d_s, const char *wd_s, int nesterov, const char *w0_s)
{
    static const unsigned long ns[] = { 0, 1, 2, 3, 7, 16, 31, 50 };
    gdt_heavyball hb;
    gdt_affine a;
    mpq_t h, g0, lr, w0, w, buf, rw, rbuf;
    size_t i;

    gdt_heavyball_init(&hb);
    mpq_inits(h, g0, lr, w0, w, buf, rw, rbuf, NULL);
    q_set(h, h_s);
    q_set(g0, g0_s);
    q_set(lr, lr_s);
    q_set(hb.m, m_s);
    q_set(hb.d, d_s);
    q_set(hb.wd, wd_s);
    hb.nesterov = nesterov;
    q_set(w0, w0_s);
    affine1(&a, h, g0);
    for (i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        mpq_t *wp = &w, *bp = &buf;
        assert_int_equal(gdt_momentum_at(wp, bp, &a, &hb, lr, NULL, (const mpq_t *)&w0, ns[i],
                                         NULL),
                         GDT_OK);
        reference(rw, rbuf, h, g0, lr, &hb, w0, ns[i]);
        if (!mpq_equal(w, rw) || !mpq_equal(buf, rbuf)) {
            gmp_printf("gdt_momentum_at wrong at N = %lu (h %s, g0 %s, lr %s, m %s, d %s, "
                       "wd %s, nesterov %d, w0 %s)\n  got  w %Qd buf %Qd\n  want w %Qd "
                       "buf %Qd\n", ns[i], h_s, g0_s, lr_s, m_s, d_s, wd_s, nesterov, w0_s,
                       w, buf, rw, rbuf);
            fail();
        }
    }
    gdt_affine_clear(&a);
    gdt_heavyball_clear(&hb);
    mpq_clears(h, g0, lr, w0, w, buf, rw, rbuf, NULL);
}

/* The state at N against the reference, for every kind of update. */
static void
test_at_reference(void **state)
{
    static const char *const lrs[] = { "1/5", "1/2", "3/4", "3/2", "7/3" };
    static const char *const ms[] = { "0", "1/2", "9/10", "1" };
    size_t i, j;

    (void)state;
    for (i = 0; i < sizeof lrs / sizeof lrs[0]; i++)
        for (j = 0; j < sizeof ms / sizeof ms[0]; j++) {
            check_at("2", "-2", lrs[i], ms[j], "0", "0", 0, "2");      /* the notes' loss */
            check_at("2", "-2", lrs[i], ms[j], "1/4", "1/2", 0, "2");  /* dampening, wd */
            check_at("3", "5", lrs[i], ms[j], "0", "1/10", 1, "-1/3"); /* Nesterov */
            check_at("0", "3", lrs[i], ms[j], "1/2", "0", 0, "1");     /* a linear loss */
            check_at("-1", "1", lrs[i], ms[j], "0", "0", 1, "7");      /* a maximum */
        }
}

/* A large N where the size stays small: a rotation of period 6 (m = 1,
   lr h = 1), so that step 10^6 + k is step k's (10^6 = 4 mod 6). */
static void
test_at_period(void **state)
{
    gdt_heavyball hb;
    gdt_affine a;
    mpq_t h, g0, lr, w0, w, buf, rw, rbuf;

    (void)state;
    gdt_heavyball_init(&hb);
    mpq_inits(h, g0, lr, w0, w, buf, rw, rbuf, NULL);
    q_set(h, "2");
    q_set(g0, "-2");
    q_set(lr, "1/2");
    q_set(hb.m, "1");
    q_set(w0, "5");
    affine1(&a, h, g0);
    assert_int_equal(gdt_momentum_at(&w, &buf, &a, &hb, lr, NULL, (const mpq_t *)&w0, 1000000,
                                     NULL), GDT_OK);
    reference(rw, rbuf, h, g0, lr, &hb, w0, 4);
    assert_true(mpq_equal(w, rw));
    assert_true(mpq_equal(buf, rbuf));
    /* and --max-bits: a map whose entries grow is refused */
    q_set(lr, "1/3");
    a.max_bits = 1000;
    assert_int_equal(gdt_momentum_at(&w, &buf, &a, &hb, lr, NULL, (const mpq_t *)&w0, 1000000,
                                     NULL), GDT_ERANGE);
    gdt_affine_clear(&a);
    gdt_heavyball_clear(&hb);
    mpq_clears(h, g0, lr, w0, w, buf, rw, rbuf, NULL);
}

/* The class and radius of a map, and the critical lr. */
struct map_case {
    const char *h, *lr, *m, *d;
    int nesterov;
    const char *cls;
    const char *ra, *rb;       /* the radius ra + sqrt(rb) */
    const char *lr_critical;   /* NULL: none */
};

static const struct map_case map_cases[] = {
    { "2", "1/5", "1/2", "0", 0, "converges, spiralling (complex eigenvalues)", "0", "1/2", "3/2" },
    { "2", "3/2", "1/2", "0", 0, "2-cycle", "1", "0", "3/2" },
    { "2", "8/5", "1/2", "0", 0, "diverges, oscillating", "17/20", "89/400", "3/2" },
    { "2", "1/40", "1/2", "0", 0, "converges monotonically", "29/40", "41/1600", "3/2" },
    { "2", "1/2", "1", "0", 0, "cycles (period 6)", "1", "0", NULL },
    { "2", "3/2", "1", "0", 0, "cycles (period 3)", "1", "0", NULL },
    { "2", "1", "1", "0", 0, "cycles (period 4)", "1", "0", NULL },
    { "2", "1/4", "1", "0", 0, "bounded, quasi-periodic (an irrational rotation)", "1", "0",
      NULL },
    { "2", "0", "1/2", "0", 0, "does not converge (an eigenvalue 1)", "1", "0", "3/2" },
    { "2", "1/2", "0", "0", 0, "converges in finitely many steps", "0", "0", "1" },
    { "2", "1/5", "1/2", "0", 1, "converges, spiralling (complex eigenvalues)", "0", "3/10",
      "3/4" },
    { "2", "1/5", "1/2", "1/2", 0, "converges, spiralling (complex eigenvalues)", "0", "1/2",
      "3" },
    { "-1", "1/5", "1/2", "0", 0, "diverges monotonically", "17/20", "89/400", NULL },
};

static void
test_map(void **state)
{
    gdt_heavyball hb;
    gdt_momentum_map mm;
    mpq_t h, lr, want;
    size_t i;

    (void)state;
    gdt_heavyball_init(&hb);
    mpq_inits(h, lr, want, NULL);
    for (i = 0; i < sizeof map_cases / sizeof map_cases[0]; i++) {
        const struct map_case *c = &map_cases[i];
        gdt_momentum_map_init(&mm);
        q_set(h, c->h);
        q_set(lr, c->lr);
        q_set(hb.m, c->m);
        q_set(hb.d, c->d);
        hb.nesterov = c->nesterov;
        gdt_momentum_map_set(&mm, h, lr, &hb);
        if (strcmp(mm.cls, c->cls) != 0) {
            printf("class wrong (case %zu)\n  got  \"%s\"\n  want \"%s\"\n", i, mm.cls, c->cls);
            fail();
        }
        q_set(want, c->ra);
        assert_true(mpq_equal(mm.ra, want));
        q_set(want, c->rb);
        assert_true(mpq_equal(mm.rb, want));
        assert_int_equal(mm.have_lr_critical, c->lr_critical != NULL);
        if (c->lr_critical != NULL) {
            q_set(want, c->lr_critical);
            assert_true(mpq_equal(mm.lr_critical, want));
        }
        gdt_momentum_map_clear(&mm);
    }
    gdt_heavyball_clear(&hb);
    mpq_clears(h, lr, want, NULL);
}

/* The critical lr against the reference's runs: just below it the state
   shrinks over 400 steps, just above it grows (heavy ball, Nesterov,
   dampening, momentum 0 .. 0.9). */
static void
test_critical_runs(void **state)
{
    static const char *const ms[] = { "0", "1/10", "1/2", "4/5", "9/10" };
    gdt_heavyball hb;
    gdt_momentum_map mm;
    mpq_t h, g0, lr, w0, w, buf, t;
    size_t i;
    int kind;

    (void)state;
    gdt_heavyball_init(&hb);
    mpq_inits(h, g0, lr, w0, w, buf, t, NULL);
    q_set(h, "2");
    q_set(g0, "-2");
    q_set(w0, "2");
    for (kind = 0; kind < 3; kind++)
        for (i = 0; i < sizeof ms / sizeof ms[0]; i++) {
            q_set(hb.m, ms[i]);
            q_set(hb.d, kind == 2 ? "1/2" : "0");
            hb.nesterov = kind == 1;
            gdt_momentum_map_init(&mm);
            gdt_momentum_map_set(&mm, h, h, &hb); /* any lr: the critical one */
            assert_true(mm.have_lr_critical);
            for (int side = -1; side <= 1; side += 2) {
                double e;
                q_set(t, side < 0 ? "19/20" : "21/20");
                mpq_mul(lr, mm.lr_critical, t);
                reference(w, buf, h, g0, lr, &hb, w0, 400);
                mpq_set_ui(t, 1, 1);
                mpq_sub(t, w, t);             /* w - w* */
                e = mpq_get_d(t);
                if (side < 0)
                    assert_true(e < 1e-3 && e > -1e-3);
                else
                    assert_true(e > 1e3 || e < -1e3);
            }
            gdt_momentum_map_clear(&mm);
        }
    gdt_heavyball_clear(&hb);
    mpq_clears(h, g0, lr, w0, w, buf, t, NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_at_reference),
        cmocka_unit_test(test_at_period),
        cmocka_unit_test(test_map),
        cmocka_unit_test(test_critical_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
