/* test_expr -- parse, print and derive loss expressions */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <gmp.h>
#include "gdtrace/expr.h"
#include "gdtrace/num.h"
#include "gdtrace/poly.h"

/* ------------------------------------------------------------ helpers */

/* Append the tree E in prefix form, "(- (- 1 2) 3)", so that tests see the
   exact structure; numbers as GMP prints them ("1/10"), exponents as longs. */
static void
dump(gdt_buf *b, const gdt_expr *e, const gdt_names *names)
{
    static const char *ops[] = { "", "", "neg", "+", "-", "*", "/", "^" };
    char *s;

    switch (e->kind) {
    case GDT_EXPR_NUM:
        s = mpq_get_str(NULL, 10, e->q);
        assert_int_equal(gdt_buf_puts(b, s), GDT_OK);
        free(s);
        return;
    case GDT_EXPR_VAR:
        assert_int_equal(gdt_buf_puts(b, names->name[e->var]), GDT_OK);
        return;
    default:
        break;
    }
    assert_int_equal(gdt_buf_printf(b, "(%s ", ops[e->kind]), GDT_OK);
    dump(b, e->a, names);
    if (e->kind == GDT_EXPR_POW)
        assert_int_equal(gdt_buf_printf(b, " %ld", e->n), GDT_OK);
    else if (e->b != NULL) {
        assert_int_equal(gdt_buf_putc(b, ' '), GDT_OK);
        dump(b, e->b, names);
    }
    assert_int_equal(gdt_buf_putc(b, ')'), GDT_OK);
}

/* Print got/want and fail when they differ. */
static void
check_str(const char *what, const char *input, const char *got, const char *want)
{
    if (strcmp(got, want) != 0) {
        printf("%s wrong for \"%s\"\n", what, input);
        printf("  got  \"%s\"\n", got);
        printf("  want \"%s\"\n", want);
        fail();
    }
}

/* Parse TEXT, failing the test with the message when it does not parse. */
static gdt_expr *
parse_or_fail(const char *text, gdt_names *names)
{
    gdt_expr *e;
    gdt_error err;

    gdt_error_clear(&err);
    if (gdt_expr_parse(&e, text, names, &err) != GDT_OK) {
        printf("parse failed for \"%s\": %s at %zu\n", text, err.msg, err.pos);
        fail();
    }
    return e;
}

/* *R = E at parameter 0 = W, exactly; GDT_EDIVZERO for a zero divisor. */
static gdt_status
eval_q(mpq_t r, const gdt_expr *e, const mpq_t w)
{
    mpq_t b;
    gdt_status st;

    switch (e->kind) {
    case GDT_EXPR_NUM: mpq_set(r, e->q); return GDT_OK;
    case GDT_EXPR_VAR: mpq_set(r, w); return GDT_OK;
    case GDT_EXPR_NEG:
        st = eval_q(r, e->a, w);
        mpq_neg(r, r);
        return st;
    case GDT_EXPR_POW:
        if ((st = eval_q(r, e->a, w)) != GDT_OK)
            return st;
        if (mpq_sgn(r) == 0 && e->n < 0)
            return GDT_EDIVZERO;
        mpz_pow_ui(mpq_numref(r), mpq_numref(r), labs(e->n));
        mpz_pow_ui(mpq_denref(r), mpq_denref(r), labs(e->n));
        if (e->n < 0)
            mpq_inv(r, r);
        return GDT_OK;
    default:
        break;
    }
    if ((st = eval_q(r, e->a, w)) != GDT_OK)
        return st;
    mpq_init(b);
    st = eval_q(b, e->b, w);
    if (st == GDT_OK) {
        switch (e->kind) {
        case GDT_EXPR_ADD: mpq_add(r, r, b); break;
        case GDT_EXPR_SUB: mpq_sub(r, r, b); break;
        case GDT_EXPR_MUL: mpq_mul(r, r, b); break;
        default:
            if (mpq_sgn(b) == 0)
                st = GDT_EDIVZERO;
            else
                mpq_div(r, r, b);
        }
    }
    mpq_clear(b);
    return st;
}

/* ------------------------------------------------------------ parsing */

static void
test_parse_structure(void **state)
{
    static const struct { const char *text, *want; } t[] = {
        { "2^3^2", "(^ 2 9)" },
        { "-w^2", "(neg (^ w 2))" },
        { "w^-2", "(^ w -2)" },
        { "w^+2", "(^ w 2)" },
        { "1 - 2 - 3", "(- (- 1 2) 3)" },
        { "8/4/2", "(/ (/ 8 4) 2)" },
        { "1 + 2*3", "(+ 1 (* 2 3))" },
        { "(1+2)*3", "(* (+ 1 2) 3)" },
        { "-2^2", "(neg (^ 2 2))" },
        { "-2*w", "(* (neg 2) w)" },
        { "2^-1^2", "(^ 2 -1)" },
        { "(2^3)^2", "(^ (^ 2 3) 2)" },
        { "+w", "w" },
        { "--w", "(neg (neg w))" },
        { "w-(-1)", "(- w (neg 1))" },
        { "w^(3-1)", "(^ w 2)" },
        { "w^(2*3-1)", "(^ w 5)" },
        { "w^(6/3)", "(^ w 2)" },
        { "w^(1/2*4)", "(^ w 2)" },
        { "w^(2^3)", "(^ w 8)" },
        { "w^0", "(^ w 0)" },
        { "w^-9223372036854775808", "(^ w -9223372036854775808)" },
        { "0.1 + .5e1", "(+ 1/10 5)" },
        { "2.5E+10 - 1e-3", "(- 25000000000 1/1000)" },
        { " \t\n w \n", "w" },
        { "x1_ * _y + x1_", "(+ (* x1_ _y) x1_)" },
        { "(((w)))", "w" },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        gdt_names names;
        gdt_buf b;
        gdt_expr *e;

        gdt_names_init(&names);
        gdt_buf_init(&b);
        e = parse_or_fail(t[i].text, &names);
        dump(&b, e, &names);
        check_str("tree", t[i].text, b.s, t[i].want);
        gdt_buf_clear(&b);
        gdt_expr_free(e);
        gdt_names_clear(&names);
    }
}

static void
test_parse_positions(void **state)
{
    gdt_names names;
    gdt_expr *e;

    (void)state;
    gdt_names_init(&names);
    e = parse_or_fail("x + 2*y^3", &names);
    assert_int_equal(names.n, 2);
    assert_string_equal(names.name[0], "x");
    assert_string_equal(names.name[1], "y");
    assert_int_equal(e->kind, GDT_EXPR_ADD);
    assert_int_equal(e->pos, 2);
    assert_int_equal(e->a->pos, 0);
    assert_int_equal(e->a->var, 0);
    assert_int_equal(e->b->pos, 5);             /* '*' */
    assert_int_equal(e->b->b->pos, 7);          /* '^' */
    assert_int_equal(e->b->b->a->pos, 6);       /* y */
    assert_int_equal(e->b->b->a->var, 1);
    assert_int_equal(gdt_expr_uses(e, 0), 1);
    assert_int_equal(gdt_expr_uses(e, 1), 1);
    assert_int_equal(gdt_expr_uses(e, 2), 0);
    assert_int_equal(gdt_expr_uses(e->b, 0), 0);
    assert_int_equal(gdt_expr_uses(e->b, -1), 1);
    gdt_expr_free(e);
    gdt_names_clear(&names);
}

static void
test_names(void **state)
{
    gdt_names names;

    (void)state;
    gdt_names_init(&names);
    assert_int_equal(gdt_names_find(&names, "w", 1, 0), -1);
    assert_int_equal(gdt_names_find(&names, "wx", 2, 1), 0);
    assert_int_equal(gdt_names_find(&names, "w", 1, 0), -1);
    assert_int_equal(gdt_names_find(&names, "w", 1, 1), 1);
    assert_int_equal(gdt_names_find(&names, "wxyz", 2, 0), 0);
    assert_int_equal(names.n, 2);
    gdt_names_clear(&names);
    assert_int_equal(names.n, 0);
    gdt_names_clear(&names);
    gdt_names_clear(NULL);
}

static void
test_parse_errors(void **state)
{
    static const struct {
        const char *text;
        gdt_status status;
        size_t pos;
        const char *msg;
    } t[] = {
        { "", GDT_ESYNTAX, 0, "empty expression" },
        { " \t\n", GDT_ESYNTAX, 0, "empty expression" },
        { ")", GDT_ESYNTAX, 0, "unexpected ')'" },
        { "w)", GDT_ESYNTAX, 1, "unexpected ')'" },
        { "w + )", GDT_ESYNTAX, 4, "unexpected ')'" },
        { "()", GDT_ESYNTAX, 1, "unexpected ')'" },
        { "2 +", GDT_ESYNTAX, 3, "expected an expression at the end" },
        { "w^", GDT_ESYNTAX, 2, "expected an expression at the end" },
        { "-", GDT_ESYNTAX, 1, "expected an expression at the end" },
        { "2 + * 3", GDT_ESYNTAX, 4, "expected an expression" },
        { "*w", GDT_ESYNTAX, 0, "expected an expression" },
        { "(w + 1", GDT_ESYNTAX, 0, "missing ')'" },
        { "((w) + (1", GDT_ESYNTAX, 7, "missing ')'" },
        { "(w 2)", GDT_ESYNTAX, 3, "unexpected '2' after the expression" },
        { "2 w", GDT_ESYNTAX, 2, "unexpected 'w' after the expression" },
        { "2w", GDT_ESYNTAX, 1, "unexpected 'w' after the expression" },
        { "2 3.5", GDT_ESYNTAX, 2, "unexpected '3.5' after the expression" },
        { "w (2)", GDT_EVALUE, 0, "unknown function 'w'" },
        { "w $ 2", GDT_ESYNTAX, 2, "unexpected character '$'" },
        { ".", GDT_ESYNTAX, 0, "unexpected character '.'" },
        { "w\x01", GDT_ESYNTAX, 1, "unexpected character '\\x01'" },
        { "w\xc2\xb2", GDT_ESYNTAX, 1, "unexpected character '\\xc2'" },
        { "1e", GDT_ESYNTAX, 0, "malformed number '1e'" },
        { "w + 1e+", GDT_ESYNTAX, 4, "malformed number '1e+'" },
        { "1e9999999", GDT_ERANGE, 0, "number out of range '1e9999999'" },
        { "w^(1/0)", GDT_EDIVZERO, 4, "division by zero in the exponent" },
        { "w^(0^-1)", GDT_EDIVZERO, 4, "division by zero in the exponent" },
        { "w^9223372036854775808", GDT_ERANGE, 2, "exponent too large" },
        { "w^(10^10^10)", GDT_ERANGE, 5, "exponent too large" },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        gdt_names names;
        gdt_expr *e = (gdt_expr *)&names; /* must be set to NULL */
        gdt_error err;
        gdt_status st;

        gdt_names_init(&names);
        gdt_error_clear(&err);
        st = gdt_expr_parse(&e, t[i].text, &names, &err);
        if (st != t[i].status || err.pos != t[i].pos
            || strcmp(err.msg, t[i].msg) != 0) {
            printf("gdt_expr_parse wrong for \"%s\"\n", t[i].text);
            printf("  got  %d at %zu \"%s\"\n", st, err.pos, err.msg);
            printf("  want %d at %zu \"%s\"\n", t[i].status, t[i].pos, t[i].msg);
            fail();
        }
        assert_null(e);
        assert_int_equal(err.status, t[i].status);
        gdt_names_clear(&names);
    }
}

/* A string of PREFIX, then N copies of REP, then SUFFIX (malloc'd). */
static char *
repeat(const char *prefix, const char *rep, size_t n, const char *suffix)
{
    size_t lp = strlen(prefix), lr = strlen(rep), ls = strlen(suffix), i;
    char *s = malloc(lp + n * lr + ls + 1);

    assert_non_null(s);
    memcpy(s, prefix, lp);
    for (i = 0; i < n; i++)
        memcpy(s + lp + i * lr, rep, lr);
    memcpy(s + lp + n * lr, suffix, ls + 1);
    return s;
}

/* Parse TEXT; want success when POS is SIZE_MAX, else the depth error at
   POS. */
static void
check_depth(char *text, size_t pos)
{
    gdt_names names;
    gdt_expr *e;
    gdt_error err;
    gdt_status st;

    gdt_names_init(&names);
    gdt_error_clear(&err);
    st = gdt_expr_parse(&e, text, &names, &err);
    if (pos == SIZE_MAX) {
        if (st != GDT_OK) {
            printf("deep text of %zu bytes: got error %s at %zu\n",
                   strlen(text), err.msg, err.pos);
            fail();
        }
        gdt_expr_free(e);
    } else {
        if (st != GDT_ERANGE || err.pos != pos
            || strcmp(err.msg, "expression nested too deeply (more than 2000 levels)") != 0) {
            printf("deep text of %zu bytes\n  got  %d at %zu \"%s\"\n"
                   "  want %d at %zu\n", strlen(text), st, err.pos, err.msg,
                   GDT_ERANGE, pos);
            fail();
        }
        assert_null(e);
    }
    gdt_names_clear(&names);
    free(text);
}

static void
test_depth_limit(void **state)
{
    char *s, *p;
    size_t i, n;

    (void)state;
    /* parentheses: 2000 fine, the 2001st '(' (offset 2000) too deep */
    s = repeat("", "(", 2000, "w");
    p = repeat(s, ")", 2000, "");
    free(s);
    check_depth(p, SIZE_MAX);
    s = repeat("", "(", 2001, "w");
    p = repeat(s, ")", 2001, "");
    free(s);
    check_depth(p, 2000);
    /* a flat chain is no nesting, whatever its length (issue 9, item 22) */
    check_depth(repeat("w", "+w", 1999, ""), SIZE_MAX);
    check_depth(repeat("w", "+w", 2000, ""), SIZE_MAX);
    check_depth(repeat("w", "*w", 2000, ""), SIZE_MAX);
    check_depth(repeat("w", "-w/w", 100000, ""), SIZE_MAX);
    check_depth(repeat("w", "*w-w", 100000, ""), SIZE_MAX);
    s = repeat("", "(", 1999, "w+w*w*w-w");
    check_depth(repeat(s, ")", 1999, ""), SIZE_MAX);
    free(s);
    /* an operand of another precedence is one level deeper: each
       "w+w*(" nests a product in a sum, two levels; 999 make 1999 levels
       around the last w, 1000 one too many (at the outermost '+') */
    s = repeat("", "w+w*(", 999, "w");
    check_depth(repeat(s, ")", 999, ""), SIZE_MAX);
    free(s);
    s = repeat("", "w+w*(", 1000, "w");
    check_depth(repeat(s, ")", 1000, ""), 1);
    free(s);
    /* signs and exponents */
    check_depth(repeat("", "-", 1999, "w"), SIZE_MAX);
    /* 2000 signs make a tree 2001 deep: the outermost sign is too deep */
    check_depth(repeat("", "-", 2000, "w"), 0);
    check_depth(repeat("", "-", 2001, "w"), 2000);
    check_depth(repeat("", "+", 2001, "w"), 2000);
    check_depth(repeat("w", "^1", 2001, ""), 1 + 2 * 2000);
    /* a right-deep chain through parentheses */
    check_depth(repeat("", "w+(", 2001, "w"), 2 + 3 * 2000);
    /* 1 MB of w+w+...: parses */
    n = 1 << 20;
    s = malloc(n + 1);
    assert_non_null(s);
    for (i = 0; i < n; i++)
        s[i] = i % 2 == 0 ? 'w' : '+';
    s[n - 1] = 'w';
    s[n] = '\0';
    check_depth(s, SIZE_MAX);
}

/* Fail when the long texts GOT and WANT differ, saying where (not the
   megabytes of text). */
static void
check_long_str(const char *what, const char *input, const char *got, const char *want)
{
    size_t i = 0;

    while (got[i] != '\0' && got[i] == want[i])
        i++;
    if (got[i] != want[i]) {
        printf("%s wrong for the chain of \"%s\": got %zu bytes, want %zu, first "
               "difference at %zu\n", what, input, strlen(got), strlen(want), i);
        fail();
    }
}

/* *R as text in B (reset first). */
static const char *
q_str(gdt_buf *b, const mpq_t r)
{
    gdt_buf_reset(b);
    assert_int_equal(gdt_q_get_str(b, r), GDT_OK);
    return b->s;
}

/* Long flat chains (issue 9, item 22) parse, and every walker takes them
   in a loop: parsing, copying, printing, deriving, evaluating, finding the
   degree and freeing a sum of 400,000 terms would take megabytes of stack
   in any of them recursing along it.  The chain is PRE then N times REP;
   VALUE and DVALUE are its exact value and its derivative's at w = 3
   (DVALUE NULL: the derivative is too large). */
static void
test_long_chains(void **state)
{
    static const struct {
        const char *pre, *rep;
        size_t n;
        const char *value, *dvalue;
        long degree;
    } t[] = {
        { "w", "+w", 399999, "1200000", "400000", 1 },
        { "w", "-w/2", 300000, "-449997", "-149999", 1 },
        { "2*w", "*1", 300000, "6", "2", 1 },
        { "1", "+w*w-w", 100000, "600001", "500000", 2 },
        { "w", "*w", 1999, "3^2000", NULL, 2000 },
        { "w", "*w", 99999, NULL, NULL, 100000 },
    };
    size_t i;
    const char *variant = getenv("GDTRACE_TEST_VARIANT");

    (void)state;
    /* not under valgrind: 150 s of its CPU for what is a test of the
       stack's depth, the same code the other tests check there */
    if (variant != NULL && strcmp(variant, "valgrind") == 0)
        skip();
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        gdt_names names;
        gdt_buf b, b2;
        gdt_expr *e, *d, *c;
        gdt_error err;
        gdt_status st;
        char *text = repeat(t[i].pre, t[i].rep, t[i].n, "");
        mpq_t v, w, want;

        gdt_names_init(&names);
        gdt_buf_init(&b);
        gdt_buf_init(&b2);
        mpq_init(v);
        mpq_init(w);
        mpq_init(want);
        mpq_set_ui(w, 3, 1);
        e = parse_or_fail(text, &names);
        assert_int_equal(gdt_expr_uses(e, 0), 1);
        /* a copy prints as the original, and the print reads back */
        assert_int_equal(gdt_expr_copy(&c, e), GDT_OK);
        assert_int_equal(gdt_expr_print(&b, e, &names), GDT_OK);
        assert_int_equal(gdt_expr_print(&b2, c, &names), GDT_OK);
        check_long_str("copy", t[i].rep, b2.s, b.s);
        gdt_expr_free(c);
        c = parse_or_fail(b.s, &names);
        gdt_buf_reset(&b2);
        assert_int_equal(gdt_expr_print(&b2, c, &names), GDT_OK);
        check_long_str("print read back", t[i].rep, b2.s, b.s);
        gdt_expr_free(c);
        /* the value and the degree as poly.c finds them */
        assert_int_equal(gdt_expr_degree(e, 0), t[i].degree);
        if (t[i].value != NULL) {
            assert_int_equal(gdt_expr_eval_q(v, e, (const mpq_t *)&w), GDT_OK);
            if (strcmp(t[i].value, "3^2000") == 0) {
                mpz_ui_pow_ui(mpq_numref(want), 3, 2000);
                assert_true(mpq_equal(v, want));
            } else {
                check_str("value", t[i].rep, q_str(&b, v), t[i].value);
            }
        }
        /* the derivative, exact */
        gdt_error_clear(&err);
        st = gdt_expr_derive(&d, e, 0, &err);
        if (t[i].dvalue == NULL) {
            assert_int_equal(st, GDT_ERANGE);
            check_str("derive", t[i].rep, err.msg,
                      "the derivative is too large (more than 1000000 nodes)");
        } else {
            if (st != GDT_OK) {
                printf("derive failed for the chain of \"%s\": %s\n", t[i].rep, err.msg);
                fail();
            }
            assert_int_equal(gdt_expr_eval_q(v, d, (const mpq_t *)&w), GDT_OK);
            check_str("derivative", t[i].rep, q_str(&b, v), t[i].dvalue);
            gdt_expr_free(d);
        }
        gdt_expr_free(e);
        gdt_names_clear(&names);
        gdt_buf_clear(&b);
        gdt_buf_clear(&b2);
        mpq_clear(v);
        mpq_clear(w);
        mpq_clear(want);
        free(text);
    }
}

/* ---------------------------------------------------------- printing */

static void
test_print(void **state)
{
    static const struct { const char *text, *want; } t[] = {
        { "(w-1)^2 + 2", "(w - 1)^2 + 2" },
        { "2*(w-1)", "2*(w - 1)" },
        { "2^3^2", "2^9" },
        { "(2^3)^2", "(2^3)^2" },
        { "(-w)^2", "(-w)^2" },
        { "-w^2", "-w^2" },
        { "-(w^2)", "-w^2" },
        { "a-(b-c)", "a - (b - c)" },
        { "(a-b)-c", "a - b - c" },
        { "a+(b+c)", "a + (b + c)" },
        { "a+(b-c)", "a + (b - c)" },
        { "a-(b+c)", "a - (b + c)" },
        { "(a*b)*c", "a*b*c" },
        { "a*(b*c)", "a*(b*c)" },
        { "a/(b*c)", "a/(b*c)" },
        { "a/b*c", "a/b*c" },
        { "(a+b)*(c-d)", "(a + b)*(c - d)" },
        { "a*b + c/d", "a*b + c/d" },
        { "-(a+b)", "-(a + b)" },
        { "-(a*b)", "-(a*b)" },
        { "-a*b", "-a*b" },
        { "-a + b", "-a + b" },
        { "a - -b", "a - -b" },
        { "a + -b", "a + -b" },
        { "a*-b", "a*-b" },
        { "--a", "--a" }, { "-(-a)", "--a" }, { "-(-(a))^2", "-(-a)^2" },
        { "(--a)^2", "(--a)^2" }, { "2/-(-a)", "2/--a" },
        { "(a*b)^2", "(a*b)^2" },
        { "(a+b)^-2", "(a + b)^-2" },
        { "w^-2*3", "w^-2*3" },
        { "0.1*w^2", "0.1*w^2" },
        { ".5e1 + 1e-3", "5 + 0.001" },
        { "((w))", "w" },
        { "w^(1+1)", "w^2" },
        /* an exponent that is no constant integer: pow, a constant folded */
        { "w^x", "pow(w, x)" },
        { "w^(1+x)", "pow(w, 1 + x)" },
        { "w^0.5", "pow(w, 0.5)" },
        { "w^(1/3)", "pow(w, 1/3)" },
        { "w^2^-1", "pow(w, 0.5)" },
        { "w^-(1/3)", "pow(w, -1/3)" },
        { "2^w^2", "pow(2, w^2)" },
        { "w^pi", "pow(w, pi)" },
        { "w^exp(1)", "pow(w, exp(1))" },
        { "relu(w) + huber(w, 1) + logcosh(w)", "relu(w) + huber(w, 1) + logcosh(w)" },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        gdt_names names;
        gdt_buf b;
        gdt_expr *e;

        gdt_names_init(&names);
        gdt_buf_init(&b);
        e = parse_or_fail(t[i].text, &names);
        assert_int_equal(gdt_expr_print(&b, e, &names), GDT_OK);
        check_str("gdt_expr_print", t[i].text, b.s, t[i].want);
        gdt_buf_clear(&b);
        gdt_expr_free(e);
        gdt_names_clear(&names);
    }
}

/* parse(print(e)) is the same tree as e, and prints the same. */
static void
test_print_round_trip(void **state)
{
    static const char *t[] = {
        "(w-1)^2 + 2", "2^3^2", "(2^3)^2", "(-w)^2", "-w^2", "w^-2", "w^-2^2",
        "1 - 2 - 3", "1 - (2 - 3)", "8/4/2", "8/(4/2)", "8/(4*2)", "8*(4/2)",
        "-(-(-w))", "-(w - 1)", "-(w/2)", "(-w)*2", "-w*2", "2*(-w)",
        "((w+1)*(w-1))^3/(w^2 + 1) - 0.25*w", "w - -w", "w + -w", "--w^--2",
        "(w^2)^3^2", "-(w^2)^3", "(-(w^2))^3", "1e-3*w + 2.5E+2",
        "w*w*w*w", "w*(w*(w*w))", "(w + w) + (w + w)", "w/(w/(w/w))",
        "0.1 - 0.2*(0.3 - w)^2", "1/(w-1)", "(1/3)*w", "-(1/3)",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        gdt_names names;
        gdt_buf p1, p2, d1, d2;
        gdt_expr *e1, *e2;

        gdt_names_init(&names);
        gdt_buf_init(&p1);
        gdt_buf_init(&p2);
        gdt_buf_init(&d1);
        gdt_buf_init(&d2);
        e1 = parse_or_fail(t[i], &names);
        assert_int_equal(gdt_expr_print(&p1, e1, &names), GDT_OK);
        e2 = parse_or_fail(p1.s, &names);
        assert_int_equal(gdt_expr_print(&p2, e2, &names), GDT_OK);
        dump(&d1, e1, &names);
        dump(&d2, e2, &names);
        check_str("tree after printing", t[i], d2.s, d1.s);
        check_str("printed twice", t[i], p2.s, p1.s);
        gdt_buf_clear(&p1);
        gdt_buf_clear(&p2);
        gdt_buf_clear(&d1);
        gdt_buf_clear(&d2);
        gdt_expr_free(e1);
        gdt_expr_free(e2);
        gdt_names_clear(&names);
    }
}

/* Numbers that print negative or as fractions come only from derivation;
   build them by changing the 0 of a parsed tree.  They must print
   parenthesised where it matters, and read back with the same value. */
static void
test_print_special_numbers(void **state)
{
    static const struct { const char *text, *num, *want; } t[] = {
        { "0*w", "-2", "(-2)*w" },
        { "w*0", "-2", "w*(-2)" },
        { "0/w", "-2", "(-2)/w" },
        { "w/0", "-2", "w/(-2)" },
        { "0^3", "-2", "(-2)^3" },
        { "-0", "-2", "-(-2)" },
        { "w - 0", "-2", "w - (-2)" },
        { "w + 0", "-2", "w + (-2)" },
        { "0 + w", "-2", "-2 + w" },
        { "0 - w", "-2", "-2 - w" },
        { "0", "-2", "-2" },
        { "0*w", "1/3", "(1/3)*w" },
        { "w*0", "1/3", "w*(1/3)" },
        { "0/w", "1/3", "(1/3)/w" },
        { "w/0", "1/3", "w/(1/3)" },
        { "0^3", "1/3", "(1/3)^3" },
        { "-0", "1/3", "-(1/3)" },
        { "w - 0", "1/3", "w - 1/3" },
        { "w + 0", "1/3", "w + 1/3" },
        { "0 - w", "1/3", "1/3 - w" },
        { "0", "1/3", "1/3" },
        { "0 + w", "-1/3", "-1/3 + w" },
        { "w - 0", "-1/3", "w - (-1/3)" },
        { "0*w", "-0.5", "(-0.5)*w" },
        { "0*w", "0.5", "0.5*w" },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        gdt_names names;
        gdt_buf b;
        gdt_expr *e, *back, *zero;
        mpq_t w, v1, v2;

        gdt_names_init(&names);
        gdt_buf_init(&b);
        e = parse_or_fail(t[i].text, &names);
        zero = e->kind == GDT_EXPR_NUM ? e
               : e->a->kind == GDT_EXPR_NUM ? e->a : e->b;
        assert_int_equal(zero->kind, GDT_EXPR_NUM);
        assert_int_equal(gdt_q_parse(zero->q, t[i].num, NULL), GDT_OK);
        assert_int_equal(gdt_expr_print(&b, e, &names), GDT_OK);
        check_str("gdt_expr_print", t[i].text, b.s, t[i].want);
        back = parse_or_fail(b.s, &names);
        mpq_init(w);
        mpq_init(v1);
        mpq_init(v2);
        mpq_set_si(w, 7, 5);
        assert_int_equal(eval_q(v1, e, w), GDT_OK);
        assert_int_equal(eval_q(v2, back, w), GDT_OK);
        assert_true(mpq_equal(v1, v2));
        mpq_clear(w);
        mpq_clear(v1);
        mpq_clear(v2);
        gdt_buf_clear(&b);
        gdt_expr_free(e);
        gdt_expr_free(back);
        gdt_names_clear(&names);
    }
}

static void
test_copy(void **state)
{
    gdt_names names;
    gdt_buf b1, b2;
    gdt_expr *e, *c;

    (void)state;
    gdt_names_init(&names);
    gdt_buf_init(&b1);
    gdt_buf_init(&b2);
    e = parse_or_fail("-(w - 0.1)^3/(2*w + 1/3)", &names);
    assert_int_equal(gdt_expr_copy(&c, e), GDT_OK);
    assert_ptr_not_equal(c, e);
    dump(&b1, e, &names);
    dump(&b2, c, &names);
    check_str("gdt_expr_copy", "-(w - 0.1)^3/(2*w + 1/3)", b2.s, b1.s);
    assert_int_equal(c->pos, e->pos);
    assert_int_equal(c->a->a->pos, e->a->a->pos);
    gdt_buf_clear(&b1);
    gdt_buf_clear(&b2);
    gdt_expr_free(e);
    gdt_expr_free(c);
    gdt_expr_free(NULL);
    gdt_names_clear(&names);
}

/* -------------------------------------------------------- derivatives */

static void
test_derive_printed(void **state)
{
    static const struct { const char *loss, *want; } t[] = {
        { "(w-1)^2 + 2", "2*(w - 1)" },
        { "w^3", "3*w^2" },
        { "w^2", "2*w" },
        { "1/(w-1)", "(-1)/(w - 1)^2" },
        { "0.1*w^2", "0.1*(2*w)" },
        { "w^-2", "(-2)*w^-3" },
        { "w^-1", "-w^-2" },
        { "w/3", "1/3" },
        { "w/0", "1/0" },
        { "w/(1-1)", "1/(1 - 1)" },
        { "0/w", "0" },
        { "-w^2", "-(2*w)" },
        { "(-w)^2", "-(2*-w)" },
        { "-2*w", "-2" },
        { "2*-w", "-2" },
        { "w - -w", "2" },
        { "2*w + 3*w", "5" },
        { "w*w*w", "(w + w)*w + w*w" },
        { "3*(w+1)/(w-1)", "(3*(w - 1) - 3*(w + 1))/(w - 1)^2" },
        { "(w^2 + 1)/(w - 3)", "(2*w*(w - 3) - (w^2 + 1))/(w - 3)^2" },
        { "3", "0" },
        { "w", "1" },
        { "-w", "-1" },
        { "--w", "1" },
        { "w^0", "0" },
        { "w^1", "1" },
        { "(2*w)^1", "2" },
        { "2^3^2", "0" },
        { "w - 0.1*(w - 2)^3", "1 - 0.1*(3*(w - 2)^2)" },
        { "w*0.5*w", "0.5*w + w*0.5" },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        gdt_names names;
        gdt_buf b;
        gdt_expr *e, *d;
        gdt_error err;

        gdt_names_init(&names);
        gdt_buf_init(&b);
        gdt_error_clear(&err);
        e = parse_or_fail(t[i].loss, &names);
        assert_int_equal(gdt_expr_derive(&d, e, 0, &err), GDT_OK);
        assert_int_equal(gdt_expr_print(&b, d, &names), GDT_OK);
        check_str("derivative", t[i].loss, b.s, t[i].want);
        gdt_buf_clear(&b);
        gdt_expr_free(e);
        gdt_expr_free(d);
        gdt_names_clear(&names);
    }
}

/* The exact tree (w-1)^2 + 2 derives to MUL(NUM 2, SUB(VAR w, NUM 1)). */
static void
test_derive_tree(void **state)
{
    gdt_names names;
    gdt_buf b;
    gdt_expr *e, *d;
    gdt_error err;

    (void)state;
    gdt_names_init(&names);
    gdt_buf_init(&b);
    e = parse_or_fail("(w-1)^2 + 2", &names);
    assert_int_equal(gdt_expr_derive(&d, e, 0, &err), GDT_OK);
    dump(&b, d, &names);
    check_str("derivative tree", "(w-1)^2 + 2", b.s, "(* 2 (- w 1))");
    gdt_buf_clear(&b);
    gdt_expr_free(e);
    gdt_expr_free(d);
    gdt_names_clear(&names);
}

/* Derivatives checked exactly against hand-written ones at several points;
   with respect to x the other parameter y is a constant. */
static void
test_derive_values(void **state)
{
    static const struct { const char *loss, *hand; } t[] = {
        { "(w-1)^2 + 2", "2*(w-1)" },
        { "w^3", "3*w^2" },
        { "1/(w-1)", "-1/(w-1)^2" },
        { "0.1*w^2", "0.2*w" },
        { "w^-2", "-2*w^-3" },
        { "(w^2+1)/(w-3)", "(2*w*(w-3) - (w^2+1))/(w-3)^2" },
        { "-(w*w)*w", "-3*w^2" },
        { "(2*w+1)^3 - w/7", "6*(2*w+1)^2 - 1/7" },
        { "((w-1)^2)^3", "6*(w-1)^5" },
        { "w*(w-1)/(w+5)", "((2*w-1)*(w+5) - w*(w-1))/(w+5)^2" },
        { "-w^-1 + 1/2*w", "w^-2 + 1/2" },
        { "(1 - w/(1+w^2))^2", "2*(1 - w/(1+w^2))*(-(1 - w^2)/(1+w^2)^2)" },
        { "3", "0" },
        { "2^10*w - w^2/w", "1023" },
    };
    static const long pts[][2] = { { -3, 1 }, { -1, 2 }, { 1, 3 }, { 2, 1 },
                                   { 7, 2 }, { 11, 1 } };
    size_t i, j;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        gdt_names names;
        gdt_expr *e, *d, *h;
        gdt_error err;
        mpq_t w, got, want;

        gdt_names_init(&names);
        e = parse_or_fail(t[i].loss, &names);
        h = parse_or_fail(t[i].hand, &names);
        assert_int_equal(gdt_expr_derive(&d, e, 0, &err), GDT_OK);
        mpq_init(w);
        mpq_init(got);
        mpq_init(want);
        for (j = 0; j < sizeof pts / sizeof pts[0]; j++) {
            mpq_set_si(w, pts[j][0], (unsigned long)pts[j][1]);
            mpq_canonicalize(w);
            assert_int_equal(eval_q(got, d, w), GDT_OK);
            assert_int_equal(eval_q(want, h, w), GDT_OK);
            if (!mpq_equal(got, want)) {
                gmp_printf("derivative of \"%s\" at w = %Qd\n  got  %Qd\n"
                           "  want %Qd\n", t[i].loss, w, got, want);
                fail();
            }
        }
        mpq_clear(w);
        mpq_clear(got);
        mpq_clear(want);
        gdt_expr_free(e);
        gdt_expr_free(h);
        gdt_expr_free(d);
        gdt_names_clear(&names);
    }
}

static void
test_derive_other_param(void **state)
{
    gdt_names names;
    gdt_buf b;
    gdt_expr *e, *d;
    gdt_error err;

    (void)state;
    gdt_names_init(&names);
    gdt_buf_init(&b);
    e = parse_or_fail("x*y^2 + x", &names);
    assert_int_equal(gdt_expr_derive(&d, e, 1, &err), GDT_OK);
    assert_int_equal(gdt_expr_print(&b, d, &names), GDT_OK);
    check_str("d/dy", "x*y^2 + x", b.s, "x*(2*y)");
    gdt_expr_free(d);
    gdt_buf_reset(&b);
    assert_int_equal(gdt_expr_derive(&d, e, 0, &err), GDT_OK);
    assert_int_equal(gdt_expr_print(&b, d, &names), GDT_OK);
    check_str("d/dx", "x*y^2 + x", b.s, "y^2 + 1");
    gdt_expr_free(d);
    gdt_buf_clear(&b);
    gdt_expr_free(e);
    gdt_names_clear(&names);
}

static void
test_derive_errors(void **state)
{
    gdt_names names;
    gdt_expr *e, *d;
    gdt_error err;
    char *s;

    (void)state;
    gdt_names_init(&names);
    /* n - 1 does not fit in a long */
    e = parse_or_fail("w^-9223372036854775808", &names);
    gdt_error_clear(&err);
    assert_int_equal(gdt_expr_derive(&d, e, 0, &err), GDT_ERANGE);
    assert_null(d);
    assert_string_equal(err.msg, "exponent too large");
    assert_int_equal(err.pos, 1);
    gdt_expr_free(e);
    /* a long product derives to a tree quadratic in its length */
    s = repeat("w", "*w", 1999, "");
    e = parse_or_fail(s, &names);
    free(s);
    assert_int_equal(gdt_expr_derive(&d, e, 0, &err), GDT_ERANGE);
    assert_null(d);
    assert_string_equal(err.msg, "the derivative is too large (more than 1000000 nodes)");
    gdt_expr_free(e);
    gdt_names_clear(&names);
}

/* The deepest trees derive, print and free without trouble. */
static void
test_derive_deep(void **state)
{
    static const struct {
        const char *open, *pre, *rep, *close;
        size_t n;
    } t[] = {
        { "", "w", "*2", "", 1999 },
        { "", "w", "+w", "", 1999 },
        { "", "", "-", "w", 1999 },
        { "", "", "(w+1)/(", "w", 200 },
        { "(", "w", ")^2", "", 700 },
        { "(", "w", ")/w", "", 500 },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        gdt_names names;
        gdt_buf b;
        gdt_expr *e, *d, *back;
        gdt_error err;
        char *s, *p;

        gdt_names_init(&names);
        gdt_buf_init(&b);
        p = repeat("", t[i].open, t[i].n, t[i].pre);
        s = repeat(p, t[i].rep, t[i].n, t[i].close);
        free(p);
        if (t[i].rep[strlen(t[i].rep) - 1] == '(') {
            p = s;
            s = repeat(p, ")", t[i].n, "");
            free(p);
        }
        e = parse_or_fail(s, &names);
        gdt_error_clear(&err);
        if (gdt_expr_derive(&d, e, 0, &err) != GDT_OK) {
            printf("derivative of a deep tree (case %zu): %s\n", i, err.msg);
            fail();
        }
        assert_int_equal(gdt_expr_print(&b, d, &names), GDT_OK);
        assert_true(b.len > 0);
        gdt_expr_free(d);
        /* the printed loss reads back and prints the same */
        gdt_buf_reset(&b);
        assert_int_equal(gdt_expr_print(&b, e, &names), GDT_OK);
        back = parse_or_fail(b.s, &names);
        assert_int_equal(gdt_expr_copy(&d, back), GDT_OK);
        gdt_expr_free(back);
        gdt_expr_free(d);
        gdt_expr_free(e);
        gdt_buf_clear(&b);
        gdt_names_clear(&names);
        free(s);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_structure),
        cmocka_unit_test(test_parse_positions),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_long_chains),
        cmocka_unit_test(test_print),
        cmocka_unit_test(test_print_round_trip),
        cmocka_unit_test(test_print_special_numbers),
        cmocka_unit_test(test_copy),
        cmocka_unit_test(test_derive_printed),
        cmocka_unit_test(test_derive_tree),
        cmocka_unit_test(test_derive_values),
        cmocka_unit_test(test_derive_other_param),
        cmocka_unit_test(test_derive_errors),
        cmocka_unit_test(test_derive_deep),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
