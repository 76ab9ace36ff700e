/* test_poly -- exact polynomials: from expressions, derivative, evaluation,
   text, real roots (checked against exact oracles: sign changes, exact
   zeros, multiplicities from derivatives), characteristic polynomials
   (checked against determinants by exact elimination) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <signal.h>
#include <cmocka.h>
#include "gdtrace.h"

/* ------------------------------------------------------------ helpers */

/* P = TEXT as a polynomial in the parameter VAR; the status. */
static gdt_status
poly_parse(gdt_poly *p, const char *text, const char *var, gdt_cancel *stop, gdt_error *err)
{
    gdt_names names;
    gdt_expr *e = NULL;
    gdt_status st;
    int v;

    gdt_names_init(&names);
    st = gdt_expr_parse(&e, text, &names, err);
    if (st == GDT_OK) {
        v = gdt_names_find(&names, var, strlen(var), 0);
        st = gdt_poly_from_expr(p, e, v, stop, err);
    }
    gdt_expr_free(e);
    gdt_names_clear(&names);
    return st;
}

/* P = TEXT, which must be a polynomial in VAR. */
static void
poly_of(gdt_poly *p, const char *text, const char *var)
{
    gdt_error err;
    gdt_status st = poly_parse(p, text, var, NULL, &err);

    if (st != GDT_OK) {
        printf("gdt_poly_from_expr failed on \"%s\": %s\n", text, err.msg);
        fail();
    }
}

/* Check that P prints as WANT; WHAT and TEXT say where it came from. */
static void
check_print(const gdt_poly *p, const char *var, const char *want, const char *what,
            const char *text)
{
    gdt_buf b;

    gdt_buf_init(&b);
    assert_int_equal(gdt_poly_print(&b, p, var), GDT_OK);
    if (strcmp(b.s, want) != 0) {
        printf("%s wrong for \"%s\"\n  got  \"%s\"\n  want \"%s\"\n", what, text, b.s, want);
        gdt_buf_clear(&b);
        fail();
    }
    gdt_buf_clear(&b);
}

/* ---------------------------------------------------------- from_expr */

static const struct {
    const char *text, *var, *want;
} from_expr_cases[] = {
    { "(w-1)^2+2", "w", "w^2 - 2*w + 3" },
    { "(2*w-1/3)^3", "w", "8*w^3 - 4*w^2 + 2/3*w - 1/27" },
    { "w^0", "w", "1" },
    { "w^10/4", "w", "1/4*w^10" },
    { "w - w", "w", "0" },
    { "0", "w", "0" },
    { "-w^2 + 3", "w", "-w^2 + 3" },
    { "-(w - 1)", "w", "-w + 1" },
    { "(w+1)*(w-1)", "w", "w^2 - 1" },
    { "2^-2*w", "w", "1/4*w" },
    { "w/(1+1)", "w", "1/2*w" },
    { "w/(w + 1 - w)", "w", "w" },         /* a constant divisor, decided on the polynomial */
    { "(w^2)^3 - w^6 + 0.5", "w", "1/2" },
    { "w^4/4 - w^2/2", "w", "1/4*w^4 - 1/2*w^2" },
    { "0^0 + w", "w", "w + 1" },
    { "(w - w)^3 + 7", "w", "7" },
    { "(1/2)^-3*w", "w", "8*w" },
    { "3*w^2 - w + 1/2", "w", "3*w^2 - w + 1/2" },
    { "1.5*w", "w", "3/2*w" },
    { "5", "w", "5" },                      /* w absent: a constant */
    { "(w + 1)^10", "w",
      "w^10 + 10*w^9 + 45*w^8 + 120*w^7 + 210*w^6 + 252*w^5 + 210*w^4 + 120*w^3"
      " + 45*w^2 + 10*w + 1" },
    { "w^10000", "w", "w^10000" },
};

static void
test_from_expr(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof from_expr_cases / sizeof from_expr_cases[0]; i++) {
        gdt_poly p;
        gdt_poly_init(&p);
        poly_of(&p, from_expr_cases[i].text, from_expr_cases[i].var);
        check_print(&p, from_expr_cases[i].var, from_expr_cases[i].want, "gdt_poly_from_expr",
                    from_expr_cases[i].text);
        gdt_poly_clear(&p);
    }
}

static const struct {
    const char *text, *var;
    gdt_status want;
    const char *msg;
    size_t pos;
} from_expr_errors[] = {
    { "exp(w)", "w", GDT_EVALUE, "exp() is not a polynomial", 0 },
    { "w + abs(w)", "w", GDT_EVALUE, "abs() is not a polynomial", 4 },
    { "1/w", "w", GDT_EVALUE, "division by an expression in the parameter", 1 },
    { "a*w", "w", GDT_EVALUE, "another parameter in a polynomial in one parameter", 0 },
    { "w^-1", "w", GDT_EVALUE, "negative power of an expression in the parameter", 1 },
    { "(w+1)^-2", "w", GDT_EVALUE, "negative power of an expression in the parameter", 5 },
    { "w/(w-w)", "w", GDT_EDIVZERO, "division by zero", 1 },
    { "(w-w)^-1", "w", GDT_EDIVZERO, "division by zero", 5 },
    { "w^10001", "w", GDT_ERANGE, "polynomial degree over 10000", 1 },
    { "(w^100)^101", "w", GDT_ERANGE, "polynomial degree over 10000", 7 },
    { "w^5000*w^5001", "w", GDT_ERANGE, "polynomial degree over 10000", 6 },
    { "3^3000000*w", "w", GDT_ERANGE, "power too large", 1 },
};

static void
test_from_expr_errors(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof from_expr_errors / sizeof from_expr_errors[0]; i++) {
        gdt_poly p;
        gdt_error err;
        gdt_status st;

        gdt_poly_init(&p);
        gdt_error_clear(&err);
        st = poly_parse(&p, from_expr_errors[i].text, from_expr_errors[i].var, NULL, &err);
        if (st != from_expr_errors[i].want || strcmp(err.msg, from_expr_errors[i].msg) != 0
            || err.pos != from_expr_errors[i].pos || p.n != 0) {
            printf("gdt_poly_from_expr error wrong for \"%s\"\n"
                   "  got  %d \"%s\" at %zu (%zu coefficients)\n"
                   "  want %d \"%s\" at %zu\n",
                   from_expr_errors[i].text, (int)st, err.msg, err.pos, p.n,
                   (int)from_expr_errors[i].want, from_expr_errors[i].msg,
                   from_expr_errors[i].pos);
            fail();
        }
        gdt_poly_clear(&p);
    }
}

/* A data column and an aggregate are no polynomial (without the data). */
static void
test_from_expr_aggregate(void **state)
{
    gdt_names names, cols;
    gdt_expr *e = NULL;
    gdt_error err;
    gdt_poly p;

    (void)state;
    gdt_names_init(&names);
    gdt_names_init(&cols);
    gdt_poly_init(&p);
    assert_int_equal(gdt_names_find(&cols, "x", 1, 1), 0);
    assert_int_equal(gdt_expr_parse_data(&e, "mean((x*w - 1)^2)", &names, &cols, &err),
                     GDT_OK);
    assert_int_equal(gdt_poly_from_expr(&p, e, 0, NULL, &err), GDT_EVALUE);
    assert_string_equal(err.msg, "mean() is not a polynomial");
    assert_int_equal(p.n, 0);
    gdt_expr_free(e);
    gdt_names_clear(&names);
    gdt_names_clear(&cols);
}

/* ------------------------------------------------ derive, eval, print */

static const struct {
    const char *text, *want;
} derive_cases[] = {
    { "x^3 - 2*x + 5", "3*x^2 - 2" },
    { "1/3*x^3 + x", "x^2 + 1" },
    { "x^4/4 - x^2/2", "x^3 - x" },
    { "(2*x - 1/3)^3", "24*x^2 - 8*x + 2/3" },
    { "x", "1" },
    { "7", "0" },
    { "0", "0" },
};

static void
test_derive(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof derive_cases / sizeof derive_cases[0]; i++) {
        gdt_poly p, d;
        gdt_poly_init(&p);
        gdt_poly_init(&d);
        poly_of(&p, derive_cases[i].text, "x");
        assert_int_equal(gdt_poly_derive(&d, &p), GDT_OK);
        check_print(&d, "x", derive_cases[i].want, "gdt_poly_derive", derive_cases[i].text);
        assert_int_equal(gdt_poly_derive(&p, &p), GDT_OK); /* in place */
        check_print(&p, "x", derive_cases[i].want, "gdt_poly_derive in place",
                    derive_cases[i].text);
        assert_int_equal(gdt_poly_degree(&d), gdt_poly_degree(&p));
        gdt_poly_clear(&p);
        gdt_poly_clear(&d);
    }
}

static void
test_degree_set(void **state)
{
    gdt_poly p, q;

    (void)state;
    gdt_poly_init(&p);
    gdt_poly_init(&q);
    assert_int_equal(gdt_poly_degree(&p), -1);
    poly_of(&p, "x^3 - x", "x");
    assert_int_equal(gdt_poly_degree(&p), 3);
    assert_int_equal(gdt_poly_set(&q, &p), GDT_OK);
    assert_int_equal(gdt_poly_set(&q, &q), GDT_OK);
    gdt_poly_clear(&p);
    check_print(&q, "x", "x^3 - x", "gdt_poly_set", "x^3 - x");
    gdt_poly_clear(&q);
    gdt_poly_clear(NULL);
}

static const struct {
    const char *text, *x, *want;
} eval_cases[] = {
    { "(x-1)^2 + 2", "1/2", "9/4" },
    { "(x-1)^2 + 2", "1", "2" },
    { "x^3 - x", "-2", "-6" },
    { "1/3*x^3 - x + 1/7", "5/4", "-613/1344" },
    { "0", "3", "0" },
    { "7", "3", "7" },
};

static void
test_eval(void **state)
{
    size_t i, end;
    mpq_t x, got, want;
    mpfr_t xf, yf, exact;

    (void)state;
    mpq_inits(x, got, want, NULL);
    mpfr_inits2(200, xf, yf, exact, (mpfr_ptr)0);
    for (i = 0; i < sizeof eval_cases / sizeof eval_cases[0]; i++) {
        gdt_poly p;
        gdt_poly_init(&p);
        poly_of(&p, eval_cases[i].text, "x");
        assert_int_equal(gdt_q_parse(x, eval_cases[i].x, &end), GDT_OK);
        assert_int_equal(gdt_q_parse(want, eval_cases[i].want, &end), GDT_OK);
        gdt_poly_eval_q(got, &p, x);
        if (!mpq_equal(got, want)) {
            gmp_printf("gdt_poly_eval_q wrong for \"%s\" at %Qd\n  got  %Qd\n  want %Qd\n",
                       eval_cases[i].text, x, got, want);
            fail();
        }
        gdt_poly_eval_q(x, &p, x); /* R may be X */
        assert_true(mpq_equal(x, want));
        /* MPFR at 200 bits against the exact value: within a few ulps */
        assert_int_equal(gdt_q_parse(x, eval_cases[i].x, &end), GDT_OK);
        mpfr_set_q(xf, x, MPFR_RNDN);
        gdt_poly_eval_fr(yf, &p, xf);
        mpfr_set_q(exact, want, MPFR_RNDN);
        mpfr_sub(exact, exact, yf, MPFR_RNDN);
        if (mpfr_cmpabs_ui(exact, 0) != 0 && mpfr_get_exp(exact) > -190) {
            mpfr_printf("gdt_poly_eval_fr wrong for \"%s\" at %Rg\n  got  %.40Rg\n  want %Qd\n",
                        eval_cases[i].text, xf, yf, want);
            fail();
        }
        gdt_poly_eval_fr(xf, &p, xf); /* R may be X */
        assert_true(mpfr_equal_p(xf, yf));
        gdt_poly_clear(&p);
    }
    mpq_clears(x, got, want, NULL);
    mpfr_clears(xf, yf, exact, (mpfr_ptr)0);
}

static const struct {
    const char *text, *want;
} print_cases[] = {
    { "0", "0" },
    { "-x", "-x" },
    { "x^2 + 1", "x^2 + 1" },
    { "-1/2*x^3 + x", "-1/2*x^3 + x" },
    { "-1", "-1" },
    { "-x^2 - 1/3", "-x^2 - 1/3" },
    { "12345678901234567890*x", "12345678901234567890*x" },
};

/* Print, and the text reads back as the same polynomial. */
static void
test_print(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof print_cases / sizeof print_cases[0]; i++) {
        gdt_poly p, q;
        gdt_buf b;
        gdt_poly_init(&p);
        gdt_poly_init(&q);
        gdt_buf_init(&b);
        poly_of(&p, print_cases[i].text, "x");
        check_print(&p, "x", print_cases[i].want, "gdt_poly_print", print_cases[i].text);
        assert_int_equal(gdt_poly_print(&b, &p, "x"), GDT_OK);
        poly_of(&q, b.s, "x");
        check_print(&q, "x", print_cases[i].want, "gdt_poly_print read back", b.s);
        gdt_buf_clear(&b);
        gdt_poly_clear(&p);
        gdt_poly_clear(&q);
    }
}

/* --------------------------------------------------------- real roots */

/* D = the K-th derivative of P. */
static void
derive_k(gdt_poly *d, const gdt_poly *p, unsigned long k)
{
    assert_int_equal(gdt_poly_set(d, p), GDT_OK);
    while (k-- > 0)
        assert_int_equal(gdt_poly_derive(d, d), GDT_OK);
}

/* The sign of P(X). */
static int
sign_at(const gdt_poly *p, const mpq_t x)
{
    mpq_t v;
    int s;

    mpq_init(v);
    gdt_poly_eval_q(v, p, x);
    s = mpq_sgn(v);
    mpq_clear(v);
    return s;
}

/* The roots of P found by gdt_poly_real_roots (BITS, budget B, STOP) into
   RS, with *R and *N its array and count, which the checks index. */
static gdt_status
roots_of(gdt_roots *rs, gdt_root **r, size_t *n, const gdt_poly *p, unsigned long bits,
         const gdt_roots_budget *b, gdt_cancel *stop)
{
    gdt_status st = gdt_poly_real_roots(rs, p, bits, b, stop);

    *r = rs->r;
    *n = rs->n;
    return st;
}

/* Check ROOTS of P against exact oracles: increasing, disjoint intervals
   (an exact root is no end of another's), ends no root of P;
   an exact root is a zero of P, P', ..., P^(m-1) and not of P^(m); an
   inexact one is at most 2^-BITS wide, with P^(m-1) (which has a simple
   root there) of opposite signs at its ends; q is the midpoint. */
static void
check_roots_oracle(const char *text, const gdt_poly *p, const gdt_root *r, size_t n,
                   unsigned long bits)
{
    gdt_poly d;
    mpq_t w;
    size_t i;

    gdt_poly_init(&d);
    mpq_init(w);
    for (i = 0; i < n; i++) {
        int ok = 1;
        assert_true(r[i].mult >= 1);
        if (i > 0 && (mpq_cmp(r[i - 1].hi, r[i].lo) > 0
                      || (mpq_equal(r[i - 1].hi, r[i].lo) && (r[i - 1].exact || r[i].exact))))
            ok = 0;
        if (r[i].exact) {
            ok = ok && mpq_equal(r[i].lo, r[i].q) && mpq_equal(r[i].hi, r[i].q);
            derive_k(&d, p, r[i].mult - 1);
            ok = ok && sign_at(&d, r[i].q) == 0;
            assert_int_equal(gdt_poly_derive(&d, &d), GDT_OK);
            ok = ok && sign_at(&d, r[i].q) != 0;
            if (r[i].mult > 1) {
                derive_k(&d, p, 0);
                ok = ok && sign_at(&d, r[i].q) == 0;
            }
        } else {
            mpq_sub(w, r[i].hi, r[i].lo);
            ok = ok && mpq_sgn(w) > 0;
            mpz_mul_2exp(mpq_numref(w), mpq_numref(w), bits);
            ok = ok && mpz_cmp(mpq_numref(w), mpq_denref(w)) <= 0;
            derive_k(&d, p, r[i].mult - 1);
            ok = ok && sign_at(&d, r[i].lo) * sign_at(&d, r[i].hi) < 0;
            ok = ok && sign_at(p, r[i].lo) != 0 && sign_at(p, r[i].hi) != 0;
            mpq_add(w, r[i].lo, r[i].hi);
            mpq_div_2exp(w, w, 1);
            ok = ok && mpq_equal(w, r[i].q);
        }
        if (!ok) {
            gmp_printf("gdt_poly_real_roots: root %zu of \"%s\" fails its check:\n"
                       "  exact %d, mult %lu, q %Qd, [%Qd, %Qd]\n", i, text, r[i].exact,
                       r[i].mult, r[i].q, r[i].lo, r[i].hi);
            fail();
        }
    }
    gdt_poly_clear(&d);
    mpq_clear(w);
}

/* Expected roots: "v:m" for the exact root v of multiplicity m, "~d:m" for
   an irrational one near the decimal d (within 2^-min(bits, 40)), blank-separated. */
static const struct {
    const char *text;
    unsigned long bits;
    const char *want;
} root_cases[] = {
    { "x^2 - 2", 64, "~-1.4142135623731:1 ~1.4142135623731:1" },
    { "(x-1/3)^2*(x+2)", 64, "-2:1 1/3:2" },
    { "x^3 - x", 64, "-1:1 0:1 1:1" },
    { "x^4 - 10*x^2 + 1", 64,
      "~-3.1462643699420:1 ~-0.3178372451958:1 ~0.3178372451958:1 ~3.1462643699420:1" },
    { "x^2 + 1", 64, "" },
    { "x^5 - x - 1", 64, "~1.1673039782614:1" },
    { "7", 64, "" },
    { "-1/3", 64, "" },
    { "x", 64, "0:1" },
    { "x^7", 64, "0:7" },
    { "5*x - 2", 64, "2/5:1" },
    { "x^4/4 - x^2/2", 64, "~-1.4142135623731:1 0:2 ~1.4142135623731:1" },
    { "(x^2-2)^2*(x-1)^3", 64, "~-1.4142135623731:2 1:3 ~1.4142135623731:2" },
    { "(3*x-1)*(x^2-2)", 64, "~-1.4142135623731:1 1/3:1 ~1.4142135623731:1" },
    { "(7*x-3)*(11*x+5)*(x^2-3)", 64,
      "~-1.7320508075689:1 -5/11:1 3/7:1 ~1.7320508075689:1" },
    { "(x-1)*(x - 1 - 1/10^20)", 8, "1:1 100000000000000000001/100000000000000000000:1" },
    { "(x-1)^2*(x - 1 - 1/10^20)", 8, "1:2 100000000000000000001/100000000000000000000:1" },
    /* 1.4142135623730950488 < sqrt 2 = 1.41421356237309504880168... */
    { "(x^2 - 2)*(x - 1.4142135623730950488)", 8,
      "~-1.4142135623731:1 1.4142135623730950488:1 ~1.4142135623731:1" },
    { "(x^2 - 2)*(x - 1.4142135623730950488)^2", 8,
      "~-1.4142135623731:1 1.4142135623730950488:2 ~1.4142135623731:1" },
    { "(x^2 - 2)*(x - 1.4142135623730950488)^2", 0,
      "~-1.4142135623731:1 1.4142135623730950488:2 ~1.4142135623731:1" },
    { "(123456789*x - 987654321)*(x^2 + x + 1)", 64, "109739369/13717421:1" },
    { "x^2 - 2", 1000, "~-1.4142135623731:1 ~1.4142135623731:1" },
    { "(2*x^2 - 1)*(1000003*x - 1)", 200,
      "~-0.7071067811865:1 1/1000003:1 ~0.7071067811865:1" },
    /* two roots 2^-1/2 apart near 1/100 (Mignotte) */
    { "x^12 - 2*(100*x - 1)^2", 64, "" /* counted only */ },
};

static void
test_real_roots(void **state)
{
    size_t i, k, n, end;
    char buf[512], *tok, *save, *colon;
    mpq_t v;
    mpfr_t a, b, tol;

    (void)state;
    mpq_init(v);
    mpfr_inits2(64, a, b, tol, (mpfr_ptr)0);
    for (i = 0; i < sizeof root_cases / sizeof root_cases[0]; i++) {
        gdt_poly p;
        gdt_root *r = NULL;
        gdt_roots rs;
        gdt_poly_init(&p);
        /* the approximations given are good to 1e-13 */
        mpfr_set_ui_2exp(tol, 1, -(long)(root_cases[i].bits < 40 ? root_cases[i].bits : 40),
                         MPFR_RNDN);
        poly_of(&p, root_cases[i].text, "x");
        gdt_roots_init(&rs);
        assert_int_equal(roots_of(&rs, &r, &n, &p, root_cases[i].bits, NULL, NULL), GDT_OK);
        check_roots_oracle(root_cases[i].text, &p, r, n, root_cases[i].bits);
        if (root_cases[i].want[0] == '\0' && strstr(root_cases[i].text, "x^12") != NULL) {
            /* x^12 = 2 (100x - 1)^2: two close roots near 0.01, one near 1.3, and their
               mirror -1.3ish; the oracle above has checked them, count only */
            assert_int_equal(n, 4);
            gdt_roots_clear(&rs);
            gdt_poly_clear(&p);
            continue;
        }
        snprintf(buf, sizeof buf, "%s", root_cases[i].want);
        for (k = 0, tok = strtok_r(buf, " ", &save); tok != NULL;
             tok = strtok_r(NULL, " ", &save), k++) {
            int ok = k < n;
            colon = strchr(tok, ':');
            *colon = '\0';
            if (ok && tok[0] == '~') {
                mpfr_set_str(b, tok + 1, 10, MPFR_RNDN);
                mpfr_set_q(a, r[k].q, MPFR_RNDN);
                mpfr_sub(a, a, b, MPFR_RNDN);
                ok = !r[k].exact && mpfr_cmpabs(a, tol) < 0;
            } else if (ok) {
                assert_int_equal(gdt_q_parse(v, tok, &end), GDT_OK);
                ok = r[k].exact && mpq_equal(v, r[k].q);
            }
            ok = ok && r[k].mult == strtoul(colon + 1, NULL, 10);
            if (!ok) {
                if (k < n)
                    gmp_printf("gdt_poly_real_roots wrong for \"%s\", root %zu\n"
                               "  got  exact %d %Qd [%Qd, %Qd] mult %lu\n  want %s:%s\n",
                               root_cases[i].text, k, r[k].exact, r[k].q, r[k].lo, r[k].hi,
                               r[k].mult, tok, colon + 1);
                else
                    printf("gdt_poly_real_roots wrong for \"%s\"\n  got  %zu roots\n"
                           "  want %s\n", root_cases[i].text, n, root_cases[i].want);
                fail();
            }
        }
        if (k != n) {
            printf("gdt_poly_real_roots wrong for \"%s\"\n  got  %zu roots\n  want %zu (%s)\n",
                   root_cases[i].text, n, k, root_cases[i].want);
            fail();
        }
        gdt_roots_clear(&rs);
        gdt_poly_clear(&p);
    }
    mpq_clear(v);
    mpfr_clears(a, b, tol, (mpfr_ptr)0);
}

/* The critical points of w^4/4 - w^2/2: the roots of its derivative. */
static void
test_critical_points(void **state)
{
    gdt_poly p;
    gdt_root *r;
    gdt_roots rs;
    size_t i, n;

    (void)state;
    gdt_poly_init(&p);
    poly_of(&p, "w^4/4 - w^2/2", "w");
    assert_int_equal(gdt_poly_derive(&p, &p), GDT_OK);
    gdt_roots_init(&rs);
    assert_int_equal(roots_of(&rs, &r, &n, &p, 64, NULL, NULL), GDT_OK);
    check_roots_oracle("w^3 - w", &p, r, n, 64);
    assert_int_equal(n, 3);
    for (i = 0; i < n; i++) {
        assert_true(r[i].exact && r[i].mult == 1);
        assert_int_equal(mpq_cmp_si(r[i].q, (long)i - 1, 1), 0);
    }
    gdt_roots_clear(&rs);
    gdt_poly_clear(&p);
}

/* P = prod (x - k/DEN) for k = 1..N, as text then as a polynomial. */
static void
product_poly(gdt_poly *p, unsigned long n, unsigned long den)
{
    gdt_buf b;
    unsigned long k;

    gdt_buf_init(&b);
    for (k = 1; k <= n; k++)
        assert_int_equal(gdt_buf_printf(&b, "%s(x - %lu/%lu)", k > 1 ? "*" : "", k, den),
                         GDT_OK);
    poly_of(p, b.s, "x");
    gdt_buf_clear(&b);
}

/* Wilkinson's polynomials: all roots exact, in order. */
static void
test_roots_wilkinson(void **state)
{
    static const struct { unsigned long n, den; } cases[] = {
        { 20, 1 }, { 20, 3 }, { 60, 1 }, { 40, 7 },
    };
    size_t i, k, n;
    mpq_t want;

    (void)state;
    mpq_init(want);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gdt_poly p;
        gdt_root *r;
        gdt_roots rs;
        gdt_poly_init(&p);
        product_poly(&p, cases[i].n, cases[i].den);
        gdt_roots_init(&rs);
        assert_int_equal(roots_of(&rs, &r, &n, &p, 64, NULL, NULL), GDT_OK);
        check_roots_oracle("Wilkinson", &p, r, n, 64);
        assert_int_equal(n, cases[i].n);
        for (k = 0; k < n; k++) {
            mpq_set_ui(want, k + 1, cases[i].den);
            mpq_canonicalize(want);
            if (!r[k].exact || !mpq_equal(r[k].q, want) || r[k].mult != 1) {
                gmp_printf("Wilkinson %lu/%lu root %zu\n  got  exact %d %Qd\n  want %Qd\n",
                           cases[i].n, cases[i].den, k, r[k].exact, r[k].q, want);
                fail();
            }
        }
        gdt_roots_clear(&rs);
        gdt_poly_clear(&p);
    }
    mpq_clear(want);
}

/* The zero polynomial has no finite set of roots. */
static void
test_roots_zero(void **state)
{
    gdt_poly p;
    gdt_root *r = (gdt_root *)&r;
    gdt_roots rs;
    size_t n = 99;

    (void)state;
    gdt_poly_init(&p);
    gdt_roots_init(&rs);
    assert_int_equal(roots_of(&rs, &r, &n, &p, 64, NULL, NULL), GDT_EVALUE);
    assert_null(r);
    assert_int_equal(n, 0);
    gdt_roots_clear(&rs);
    gdt_roots_clear(NULL);
}

/* Degree 300 with small pseudo-random coefficients, alone and times
   (x - 1/2)^2 (which takes the exact gcd path): right by the oracle.  (How
   fast is for bench/, not for a test.) */
static void
test_roots_large_degree(void **state)
{
    gdt_buf b;
    gdt_poly p;
    gdt_root *r;
    gdt_roots rs;
    size_t i, n;
    unsigned long seed = 12345;
    int square;
    mpq_t half;

    (void)state;
    mpq_init(half);
    mpq_set_ui(half, 1, 2);
    for (square = 0; square < 2; square++) {
        gdt_buf_init(&b);
        gdt_poly_init(&p);
        assert_int_equal(gdt_buf_puts(&b, square ? "(x - 1/2)^2*(3*x^300" : "(3*x^300"),
                         GDT_OK);
        for (i = 300; i-- > 0;) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            assert_int_equal(gdt_buf_printf(&b, " + (%ld)*x^%zu",
                                            (long)((seed >> 33) % 21) - 10, i), GDT_OK);
        }
        assert_int_equal(gdt_buf_putc(&b, ')'), GDT_OK);
        poly_of(&p, b.s, "x");
        gdt_roots_init(&rs);
        assert_int_equal(roots_of(&rs, &r, &n, &p, 64, NULL, NULL), GDT_OK);
        check_roots_oracle(square ? "degree 302" : "degree 300", &p, r, n, 64);
        assert_true(n >= 1 && n < 300);
        if (square) {
            for (i = 0; i < n && !(r[i].exact && mpq_equal(r[i].q, half)); i++)
                ;
            assert_true(i < n && r[i].mult == 2);
        }
        gdt_roots_clear(&rs);
        gdt_poly_clear(&p);
        gdt_buf_clear(&b);
    }
    mpq_clear(half);
}

/* ----------------------------------------------------------- charpoly */

/* R = det(A), N x N, by exact Gaussian elimination (A is overwritten). */
static void
det_q(mpq_t r, mpq_t *a, size_t n)
{
    size_t i, j, k, piv;
    mpq_t f, t;

    mpq_inits(f, t, NULL);
    mpq_set_ui(r, 1, 1);
    for (k = 0; k < n; k++) {
        for (piv = k; piv < n && mpq_sgn(a[piv * n + k]) == 0; piv++)
            ;
        if (piv == n) {
            mpq_set_ui(r, 0, 1);
            break;
        }
        if (piv != k) {
            for (j = 0; j < n; j++)
                mpq_swap(a[k * n + j], a[piv * n + j]);
            mpq_neg(r, r);
        }
        mpq_mul(r, r, a[k * n + k]);
        for (i = k + 1; i < n; i++) {
            mpq_div(f, a[i * n + k], a[k * n + k]);
            for (j = k; j < n; j++) {
                mpq_mul(t, f, a[k * n + j]);
                mpq_sub(a[i * n + j], a[i * n + j], t);
            }
        }
    }
    mpq_clears(f, t, NULL);
}

/* Check gdt_charpoly on the N x N matrix given as text entries against
   det(x I - M) by elimination at N + 2 points, and its print if WANT. */
static void
check_charpoly(const char *const *entries, size_t n, const char *want)
{
    mpq_t m[36], a[36], x, d, v;
    gdt_poly p;
    size_t i, end;
    long xi;

    assert_true(n <= 6);
    mpq_inits(x, d, v, NULL);
    for (i = 0; i < n * n; i++) {
        mpq_init(m[i]);
        mpq_init(a[i]);
        assert_int_equal(gdt_q_parse(m[i], entries[i], &end), GDT_OK);
    }
    gdt_poly_init(&p);
    assert_int_equal(gdt_matrix_charpoly(&p, (const mpq_t *)m, n, NULL), GDT_OK);
    assert_int_equal(gdt_poly_degree(&p), (long)n);
    if (want != NULL)
        check_print(&p, "x", want, "gdt_charpoly", entries[0]);
    for (xi = -2; xi <= (long)n; xi++) {
        mpq_set_si(x, xi, 3);
        mpq_canonicalize(x);
        for (i = 0; i < n * n; i++) {
            mpq_neg(a[i], m[i]);
            if (i % (n + 1) == 0)
                mpq_add(a[i], a[i], x);
        }
        det_q(d, a, n);
        gdt_poly_eval_q(v, &p, x);
        if (!mpq_equal(d, v)) {
            gmp_printf("gdt_charpoly wrong at x = %Qd (matrix starting %s)\n"
                       "  got  %Qd\n  want %Qd\n", x, entries[0], v, d);
            fail();
        }
    }
    gdt_poly_clear(&p);
    for (i = 0; i < n * n; i++) {
        mpq_clear(m[i]);
        mpq_clear(a[i]);
    }
    mpq_clears(x, d, v, NULL);
}

static void
test_charpoly(void **state)
{
    static const char *const m2[] = { "2", "1", "1", "2" };
    static const char *const m1[] = { "-3/2" };
    static const char *const s3[] = { "1", "1/2", "0", "1/2", "2", "1/3", "0", "1/3", "3" };
    static const char *const g3[] = { "0", "1", "0", "0", "0", "1", "6", "-11", "6" };
    static const char *const r5[] = {
        "3", "-1", "4", "1/5", "-9",
        "2", "6", "-5", "3", "5/7",
        "8", "9", "-7", "9", "3",
        "-2", "3/8", "8", "4", "6",
        "2", "6", "4", "-3", "-3/11",
    };
    gdt_poly p;

    (void)state;
    check_charpoly(m2, 2, "x^2 - 4*x + 3");
    check_charpoly(m1, 1, "x + 3/2");
    check_charpoly(s3, 3, NULL);
    check_charpoly(g3, 3, "x^3 - 6*x^2 + 11*x - 6"); /* a companion matrix */
    check_charpoly(r5, 5, NULL);
    gdt_poly_init(&p);
    assert_int_equal(gdt_matrix_charpoly(&p, NULL, 0, NULL), GDT_OK);
    check_print(&p, "x", "1", "gdt_charpoly", "the 0 x 0 matrix");
    gdt_poly_clear(&p);
}

/* Check gdt_matrix_sym_eigen at PREC bits on the N x N symmetric matrix
   given as text entries: its eigenvalues increase, each within 2^(10 -
   PREC) times the matrix's largest entry of WANT[i] (text, evaluated in
   MPFR at twice PREC) when WANT is not NULL, else each a simple root of
   the exact characteristic polynomial: its sign changes across that
   interval. */
static void
check_sym_eigen(const char *const *entries, size_t n, const char *const *want, mpfr_prec_t prec)
{
    mpfr_t a[36], eig[6], tol, lo, hi, big, w;
    mpq_t q, m[36], vl, vh;
    gdt_poly p;
    size_t i, end;

    assert_true(n <= 6);
    mpfr_inits2(2 * prec, tol, lo, hi, big, w, (mpfr_ptr)0);
    mpq_inits(q, vl, vh, NULL);
    mpfr_set_zero(big, 1);
    for (i = 0; i < n * n; i++) {
        mpq_init(m[i]);
        mpfr_init2(a[i], prec);
        assert_int_equal(gdt_q_parse(m[i], entries[i], &end), GDT_OK);
        mpfr_set_q(a[i], m[i], MPFR_RNDN);
        mpfr_set_q(w, m[i], MPFR_RNDN);
        mpfr_abs(w, w, MPFR_RNDN);
        mpfr_max(big, big, w, MPFR_RNDN);
    }
    for (i = 0; i < n; i++)
        mpfr_init2(eig[i], prec);
    mpfr_mul_2si(tol, big, 10 - (long)prec, MPFR_RNDN);
    gdt_poly_init(&p);
    assert_int_equal(gdt_matrix_charpoly(&p, (const mpq_t *)m, n, NULL), GDT_OK);
    assert_int_equal(gdt_matrix_sym_eigen(eig, a, n, NULL), GDT_OK);
    for (i = 0; i < n; i++) {
        int ok;
        if (i > 0 && mpfr_cmp(eig[i - 1], eig[i]) > 0) {
            mpfr_printf("gdt_matrix_sym_eigen wrong: not increasing at %zu (%Rg > %Rg), "
                        "matrix starting %s\n", i, eig[i - 1], eig[i], entries[0]);
            fail();
        }
        if (want != NULL) {
            mpfr_set_str(w, want[i], 10, MPFR_RNDN);
            mpfr_sub(lo, eig[i], w, MPFR_RNDN);
            mpfr_abs(lo, lo, MPFR_RNDN);
            ok = mpfr_cmp(lo, tol) <= 0;
        } else {
            mpfr_sub(lo, eig[i], tol, MPFR_RNDD);
            mpfr_add(hi, eig[i], tol, MPFR_RNDU);
            mpfr_get_q(q, lo);
            gdt_poly_eval_q(vl, &p, q);
            mpfr_get_q(q, hi);
            gdt_poly_eval_q(vh, &p, q);
            ok = mpq_sgn(vl) * mpq_sgn(vh) < 0;
        }
        if (!ok) {
            mpfr_printf("gdt_matrix_sym_eigen wrong at %zu, %ld bits (matrix starting %s)\n"
                        "  got  %.40Rg\n  want %s\n", i, (long)prec, entries[0], eig[i],
                        want != NULL ? want[i] : "a root of the characteristic polynomial");
            fail();
        }
    }
    gdt_poly_clear(&p);
    for (i = 0; i < n * n; i++) {
        mpq_clear(m[i]);
        mpfr_clear(a[i]);
    }
    for (i = 0; i < n; i++)
        mpfr_clear(eig[i]);
    mpfr_clears(tol, lo, hi, big, w, (mpfr_ptr)0);
    mpq_clears(q, vl, vh, NULL);
}

/* Jacobi's method against exact eigenvalues and the exact characteristic
   polynomial. */
static void
test_sym_eigen(void **state)
{
    static const char *const m2[] = { "2", "1", "1", "2" };
    static const char *const w2[] = { "1", "3" };
    static const char *const d3[] = { "3", "0", "0", "0", "-1", "0", "0", "0", "2" };
    static const char *const wd3[] = { "-1", "2", "3" };
    static const char *const t3[] = { "2", "-1", "0", "-1", "2", "-1", "0", "-1", "2" };
    static const char *const wt3[] = {
        "0.585786437626904951198311275790301921430328124623",  /* 2 - sqrt 2 */
        "2",
        "3.414213562373095048801688724209698078569671875377",  /* 2 + sqrt 2 */
    };
    static const char *const r3[] = { "2", "1", "1", "1", "2", "1", "1", "1", "2" };
    static const char *const wr3[] = { "1", "1", "4" };   /* a double eigenvalue */
    static const char *const rosen[] = { "802", "-400", "-400", "200" };
    static const char *const s5[] = {
        "3", "-1", "4", "1/5", "-9",
        "-1", "6", "-5", "3", "5/7",
        "4", "-5", "-7", "9", "3",
        "1/5", "3", "9", "4", "6",
        "-9", "5/7", "3", "6", "-3/11",
    };
    static const char *const tiny[] = { "1e-30", "1e-31", "1e-31", "-2e-30" };
    static const char *const one[] = { "-7/3" };
    static const char *const wone[] = { "-2.333333333333333333333333333333333333333333" };
    mpfr_prec_t prec[] = { 24, 53, 256, 1000 };
    size_t k;

    (void)state;
    for (k = 0; k < sizeof prec / sizeof prec[0]; k++) {
        check_sym_eigen(m2, 2, w2, prec[k]);
        check_sym_eigen(d3, 3, wd3, prec[k]);
        check_sym_eigen(t3, 3, wt3, prec[k] > 150 ? 150 : prec[k]);
        check_sym_eigen(r3, 3, wr3, prec[k]);
        check_sym_eigen(rosen, 2, NULL, prec[k]);
        check_sym_eigen(s5, 5, NULL, prec[k]);
        check_sym_eigen(tiny, 2, NULL, prec[k]);
        check_sym_eigen(one, 1, wone, prec[k] > 140 ? 140 : prec[k]);
    }
    /* an entry that is no number */
    {
        mpfr_t a[4], eig[2];
        size_t i;
        for (i = 0; i < 4; i++)
            mpfr_init_set_ui(a[i], 1, MPFR_RNDN);
        mpfr_set_nan(a[1]);
        mpfr_inits2(53, eig[0], eig[1], (mpfr_ptr)0);
        assert_int_equal(gdt_matrix_sym_eigen(eig, a, 2, NULL), GDT_EDOMAIN);
        for (i = 0; i < 4; i++)
            mpfr_clear(a[i]);
        mpfr_clears(eig[0], eig[1], (mpfr_ptr)0);
    }
    assert_int_equal(gdt_matrix_sym_eigen(NULL, NULL, 0, NULL), GDT_OK);
}

/* Eigenvalues: real roots of the characteristic polynomial. */
static void
test_eigenvalues(void **state)
{
    static const char *const m[] = { "2", "1", "1", "3" };
    static const char *const s[] = { "2", "0", "0", "0", "1/2", "0", "0", "0", "2" };
    mpq_t q[9], lo2, hi2;
    gdt_poly p;
    gdt_root *r;
    gdt_roots rs;
    size_t i, n, end;
    int k;

    (void)state;
    for (i = 0; i < 9; i++)
        mpq_init(q[i]);
    mpq_inits(lo2, hi2, NULL);
    gdt_poly_init(&p);
    for (i = 0; i < 4; i++)
        assert_int_equal(gdt_q_parse(q[i], m[i], &end), GDT_OK);
    assert_int_equal(gdt_matrix_charpoly(&p, (const mpq_t *)q, 2, NULL), GDT_OK);
    check_print(&p, "x", "x^2 - 5*x + 5", "gdt_charpoly", "[[2,1],[1,3]]");
    gdt_roots_init(&rs);
    assert_int_equal(roots_of(&rs, &r, &n, &p, 80, NULL, NULL), GDT_OK);
    check_roots_oracle("x^2 - 5*x + 5", &p, r, n, 80);
    assert_int_equal(n, 2);
    /* (5 -+ sqrt 5)/2: (2 lo - 5)^2 and (2 hi - 5)^2 bracket 5 */
    for (k = 0; k < 2; k++) {
        assert_false(r[k].exact);
        mpq_set_ui(lo2, 5, 2);
        mpq_sub(lo2, r[k].lo, lo2);
        mpq_set_ui(hi2, 5, 2);
        mpq_sub(hi2, r[k].hi, hi2);
        mpq_mul(lo2, lo2, lo2);
        mpq_mul(hi2, hi2, hi2);
        mpq_set_ui(q[8], 5, 4);
        if (k == 0)
            assert_true(mpq_cmp(hi2, q[8]) < 0 && mpq_cmp(q[8], lo2) < 0);
        else
            assert_true(mpq_cmp(lo2, q[8]) < 0 && mpq_cmp(q[8], hi2) < 0);
    }
    gdt_roots_clear(&rs);
    /* diag(2, 1/2, 2): 1/2 once, 2 twice */
    for (i = 0; i < 9; i++)
        assert_int_equal(gdt_q_parse(q[i], s[i], &end), GDT_OK);
    assert_int_equal(gdt_matrix_charpoly(&p, (const mpq_t *)q, 3, NULL), GDT_OK);
    assert_int_equal(roots_of(&rs, &r, &n, &p, 64, NULL, NULL), GDT_OK);
    assert_int_equal(n, 2);
    mpq_set_ui(lo2, 1, 2);
    assert_true(r[0].exact && mpq_equal(r[0].q, lo2) && r[0].mult == 1);
    mpq_set_ui(lo2, 2, 1);
    assert_true(r[1].exact && mpq_equal(r[1].q, lo2) && r[1].mult == 2);
    gdt_roots_clear(&rs);
    gdt_poly_clear(&p);
    for (i = 0; i < 9; i++)
        mpq_clear(q[i]);
    mpq_clears(lo2, hi2, NULL);
}

/* The budgets refuse past their bounds with a message naming them, and
   nothing is refused within them or without a budget. */
static void
test_roots_budget(void **state)
{
    static const struct {
        const char *text;
        unsigned long deg, bits;
        gdt_status want;
        const char *msg;
    } t[] = {
        { "x^3 - x", 3, 64, GDT_OK, "" },
        { "x^3 - x", 2, 0, GDT_ERANGE, "degree 3 is over the bound 2" },
        { "x^3 - x", 0, 2, GDT_OK, "" },   /* 1 + 1 bits, the zeros none */
        { "3*x^3 - x", 0, 2, GDT_ERANGE,
          "the coefficients have 3 bits as integers, over the bound 2" },
        /* over 3 10^40: 3 and 10^40, 2 + 133 bits before any product */
        { "x^2/10^40 - 1/3", 0, 100, GDT_ERANGE,
          "the coefficients need at least 135 bits as integers, over the bound 100" },
        /* 10^40 (x + 1): primitive, it is x + 1 */
        { "10^40*x + 10^40", 0, 2, GDT_OK, "" },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        gdt_poly p;
        gdt_error err;
        gdt_roots_budget b = { t[i].deg, t[i].bits };
        gdt_root *r = NULL;
        gdt_roots rs;
        size_t n = 0;
        gdt_status st;

        gdt_poly_init(&p);
        poly_of(&p, t[i].text, "x");
        gdt_error_clear(&err);
        st = gdt_poly_roots_check(&p, &b, &err);
        if (st != t[i].want || (st != GDT_OK && strcmp(err.msg, t[i].msg) != 0)) {
            printf("gdt_poly_roots_check wrong for \"%s\" (%lu, %lu)\n  got  %d \"%s\"\n"
                   "  want %d \"%s\"\n", t[i].text, t[i].deg, t[i].bits, st, err.msg,
                   t[i].want, t[i].msg);
            fail();
        }
        gdt_roots_init(&rs);
        assert_int_equal(roots_of(&rs, &r, &n, &p, 32, &b, NULL), t[i].want);
        if (t[i].want != GDT_OK)
            assert_true(r == NULL && n == 0);
        gdt_roots_clear(&rs);
        assert_int_equal(roots_of(&rs, &r, &n, &p, 32, NULL, NULL), GDT_OK);
        gdt_roots_clear(&rs);
        gdt_poly_clear(&p);
    }
}

/* With the stop flag up, root isolation, polynomial products and the
   characteristic polynomial give up with GDT_EINTERRUPTED, freeing all. */
static void
test_roots_stop(void **state)
{
    gdt_poly p, c;
    gdt_root *r = NULL;
    gdt_roots rs;
    size_t n = 0;
    gdt_error err;
    mpq_t m[4];
    int i;
    volatile sig_atomic_t stop = 0;

    (void)state;
    gdt_poly_init(&p);
    gdt_poly_init(&c);
    poly_of(&p, "(x^2 - 2)*(x - 1/3)*(x + 5)^2", "x");
    stop = SIGINT;
    gdt_roots_init(&rs);
    assert_int_equal(roots_of(&rs, &r, &n, &p, 64, NULL, &stop), GDT_EINTERRUPTED);
    assert_true(r == NULL && n == 0);
    assert_int_equal(poly_parse(&c, "(x + 1)^7", "x", &stop, &err), GDT_EINTERRUPTED);
    for (i = 0; i < 4; i++)
        mpq_init(m[i]);
    mpq_set_ui(m[0], 1, 1);
    mpq_set_ui(m[3], 2, 1);
    assert_int_equal(gdt_matrix_charpoly(&c, (const mpq_t *)m, 2, &stop), GDT_EINTERRUPTED);
    stop = 0;
    assert_int_equal(roots_of(&rs, &r, &n, &p, 64, NULL, NULL), GDT_OK);
    assert_int_equal(n, 4);
    gdt_roots_clear(&rs);
    for (i = 0; i < 4; i++)
        mpq_clear(m[i]);
    gdt_poly_clear(&p);
    gdt_poly_clear(&c);
}

/* Rational roots with large denominators among irrational ones, found
   exactly (p-adically), the irrational ones refined only to the bits
   asked: products of x - k/10^30 and their derivative. */
static void
test_rational_roots_large(void **state)
{
    gdt_poly p, d;
    gdt_root *r = NULL;
    gdt_roots rs;
    size_t n = 0, i, exact = 0;
    mpq_t want;
    char buf[4096] = "";

    (void)state;
    for (i = 1; i <= 40; i++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s(x - %zu/10^30)",
                 i > 1 ? "*" : "", i);
    gdt_poly_init(&p);
    gdt_poly_init(&d);
    mpq_init(want);
    poly_of(&p, buf, "x");
    /* p times (x^2 - 2): 40 rational roots, two irrational */
    {
        gdt_poly q;
        gdt_poly_init(&q);
        poly_of(&q, "x^2 - 2", "x");
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "*(x^2 - 2)");
        gdt_poly_clear(&q);
        poly_of(&p, buf, "x");
    }
    gdt_roots_init(&rs);
    assert_int_equal(roots_of(&rs, &r, &n, &p, 64, NULL, NULL), GDT_OK);
    assert_int_equal(n, 42);
    check_roots_oracle(buf, &p, r, n, 64);
    for (i = 0; i < n; i++)
        if (r[i].exact) {
            mpq_set_ui(want, (unsigned long)exact + 1, 1);
            mpz_ui_pow_ui(mpq_denref(want), 10, 30);
            mpq_canonicalize(want);
            assert_true(mpq_equal(r[i].q, want));
            exact++;
        }
    assert_int_equal(exact, 40);
    gdt_roots_clear(&rs);
    /* the derivative: 41 irrational or rational roots, checked by the
       oracle */
    assert_int_equal(gdt_poly_derive(&d, &p), GDT_OK);
    assert_int_equal(roots_of(&rs, &r, &n, &d, 64, NULL, NULL), GDT_OK);
    assert_int_equal(n, 41);
    check_roots_oracle("the derivative", &d, r, n, 64);
    gdt_roots_clear(&rs);
    mpq_clear(want);
    gdt_poly_clear(&p);
    gdt_poly_clear(&d);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_from_expr),
        cmocka_unit_test(test_from_expr_errors),
        cmocka_unit_test(test_from_expr_aggregate),
        cmocka_unit_test(test_derive),
        cmocka_unit_test(test_degree_set),
        cmocka_unit_test(test_eval),
        cmocka_unit_test(test_print),
        cmocka_unit_test(test_real_roots),
        cmocka_unit_test(test_critical_points),
        cmocka_unit_test(test_roots_wilkinson),
        cmocka_unit_test(test_roots_zero),
        cmocka_unit_test(test_roots_large_degree),
        cmocka_unit_test(test_charpoly),
        cmocka_unit_test(test_eigenvalues),
        cmocka_unit_test(test_sym_eigen),
        cmocka_unit_test(test_roots_budget),
        cmocka_unit_test(test_roots_stop),
        cmocka_unit_test(test_rational_roots_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
