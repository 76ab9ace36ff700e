/* test_problem -- a problem: the loss parsed, its parameters in order, each
   partial derivative derived or given by hand, and the errors that say
   which text is wrong and where */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "gdtrace/expr.h"
#include "gdtrace/problem.h"
#include "testutil.h"

/* ----------------------------------------------------------- problems */

static void
test_problem(void **state)
{
    gdt_problem p;
    gdt_error err;
    gdt_buf b;
    const char *which = NULL;

    (void)state;
    gdt_buf_init(&b);
    assert_int_equal(gdt_problem_init(&p, "(w-1)^2 + 2", NULL, 0, NULL, &which, &err), GDT_OK);
    assert_int_equal(p.params.n, 1);
    assert_int_equal(p.n, 1);
    assert_string_equal(p.params.name[0], "w");
    assert_int_equal(p.grad_derived[0], 1);
    assert_int_equal(gdt_expr_print(&b, p.grad[0], &p.params), GDT_OK);
    assert_string_equal(b.s, "2*(w - 1)");
    gdt_problem_clear(&p);
    gdt_problem_clear(&p);

    gdt_buf_reset(&b);
    {
        const char *g[] = { "2*x" };
        assert_int_equal(gdt_problem_init(&p, "x^2", g, 1, NULL, &which, &err), GDT_OK);
    }
    assert_string_equal(p.params.name[0], "x");
    assert_int_equal(p.grad_derived[0], 0);
    assert_int_equal(gdt_expr_print(&b, p.grad[0], &p.params), GDT_OK);
    assert_string_equal(b.s, "2*x");
    gdt_problem_clear(&p);

    /* no identifier: the parameter is w, and a gradient may name it */
    gdt_buf_reset(&b);
    assert_int_equal(gdt_problem_init(&p, "3", NULL, 0, NULL, NULL, &err), GDT_OK);
    assert_int_equal(p.params.n, 1);
    assert_string_equal(p.params.name[0], "w");
    assert_int_equal(gdt_expr_print(&b, p.grad[0], &p.params), GDT_OK);
    assert_string_equal(b.s, "0");
    gdt_problem_clear(&p);
    {
        const char *g[] = { "w - w" };
        assert_int_equal(gdt_problem_init(&p, "3", g, 1, NULL, NULL, &err), GDT_OK);
    }
    gdt_problem_clear(&p);

    /* several parameters, in order of first appearance; one partial given
       by hand, the other derived */
    gdt_buf_reset(&b);
    {
        const char *g[] = { "b = 2*(a + b)" };
        assert_int_equal(gdt_problem_init(&p, "(a + b)^2 + a*c", g, 1, NULL, NULL, &err),
                         GDT_OK);
    }
    assert_int_equal(p.n, 3);
    assert_string_equal(p.params.name[0], "a");
    assert_string_equal(p.params.name[1], "b");
    assert_string_equal(p.params.name[2], "c");
    assert_int_equal(p.grad_derived[0], 1);
    assert_int_equal(p.grad_derived[1], 0);
    assert_int_equal(gdt_expr_print(&b, p.grad[0], &p.params), GDT_OK);
    assert_string_equal(b.s, "2*(a + b) + c");
    gdt_buf_reset(&b);
    assert_int_equal(gdt_expr_print(&b, p.grad[2], &p.params), GDT_OK);
    assert_string_equal(b.s, "a");
    gdt_problem_clear(&p);
    gdt_problem_clear(NULL);
    gdt_buf_clear(&b);
}

static void
test_problem_errors(void **state)
{
    static const struct {
        const char *loss, *grad, *grad2;
        gdt_status status;
        int which; /* 0 the loss, 1 the first gradient, 2 the second */
        size_t pos;
        const char *msg;
    } t[] = {
        { "w^2", "2*x", NULL, GDT_EVALUE, 1, 2,
          "the gradient names 'x', which is not a parameter of the loss" },
        { "3", "x", NULL, GDT_EVALUE, 1, 0,
          "the gradient names 'x', which is not a parameter of the loss" },
        { "w^2", "2*", NULL, GDT_ESYNTAX, 1, 2, "expected an expression at the end" },
        { "w^", "2*w", NULL, GDT_ESYNTAX, 0, 2, "expected an expression at the end" },
        { "w^-9223372036854775808", NULL, NULL, GDT_ERANGE, 0, 1, "exponent too large" },
        { "a*b", "b", NULL, GDT_EVALUE, 1, SIZE_MAX,
          "the loss has 2 parameters: give each gradient as NAME=EXPR" },
        { "a*b", "c=b", NULL, GDT_EVALUE, 1, 0, "'c' is not a parameter of the loss" },
        { "a*b", "a=b", " a = b", GDT_EVALUE, 2, 1, "a second gradient for 'a'" },
        { "a*b", "a=b", "b = 2*", GDT_ESYNTAX, 2, 6, "expected an expression at the end" },
        { "a*b", "a=b*z", NULL, GDT_EVALUE, 1, 4,
          "the gradient names 'z', which is not a parameter of the loss" },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        gdt_problem p;
        gdt_error err;
        const char *where = NULL, *grads[2] = { t[i].grad, t[i].grad2 };
        const char *want_where = t[i].which == 0 ? t[i].loss : grads[t[i].which - 1];
        size_t ngrads = t[i].grad2 ? 2 : t[i].grad ? 1 : 0;
        gdt_status st;

        gdt_error_clear(&err);
        st = gdt_problem_init(&p, t[i].loss, grads, ngrads, NULL, &where, &err);
        if (st != t[i].status || err.pos != t[i].pos || where != want_where
            || strcmp(err.msg, t[i].msg) != 0) {
            printf("gdt_problem_init wrong for \"%s\", \"%s\"\n", t[i].loss,
                   t[i].grad != NULL ? t[i].grad : "(derived)");
            printf("  got  %d %s at %zu \"%s\"\n", st, where ? where : "?", err.pos, err.msg);
            printf("  want %d %s at %zu \"%s\"\n", t[i].status, want_where, t[i].pos,
                   t[i].msg);
            fail();
        }
        gdt_problem_clear(&p); /* harmless after a failed init */
    }
}

/* A name that is both a data column and a parameter (issue 9, item 20):
   over the columns w and x, a loss with no parameter would get the
   parameter w, a phantom with a zero gradient beside the column w. */
static void
test_problem_columns(void **state)
{
    static char cw[] = "w", cx[] = "x", ca[] = "a";
    static char *wx[] = { cw, cx }, *ax[] = { ca, cx };
    static const struct {
        const char *loss;
        int wcol;       /* the columns: 1 w, x; 0 a, x */
        gdt_status status;
        size_t pos;
        const char *msg;
        const char *param; /* on success: the only parameter */
    } t[] = {
        { "mean((w-x)^2)", 1, GDT_EVALUE, 6,
          "the loss has no parameter: 'w' is a data column (a parameter cannot have a "
          "column's name)", NULL },
        { "sum(x)", 1, GDT_EVALUE, SIZE_MAX,
          "the loss has no parameter: 'w' is a data column (a parameter cannot have a "
          "column's name)", NULL },
        { "mean((w-x)^2) + w", 1, GDT_EVALUE, 16,
          "column 'w' outside mean() or sum() (a parameter cannot have a column's name)",
          NULL },
        { "mean((b-x)^2)", 1, GDT_OK, SIZE_MAX, "", "b" },
        { "mean((a-x)^2)", 0, GDT_OK, SIZE_MAX, "", "w" },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        gdt_names cols = { t[i].wcol ? wx : ax, 2 };
        gdt_problem p;
        gdt_error err;
        gdt_status st;

        gdt_error_clear(&err);
        st = gdt_problem_init(&p, t[i].loss, NULL, 0, &cols, NULL, &err);
        if (st != t[i].status || err.pos != t[i].pos || strcmp(err.msg, t[i].msg) != 0) {
            printf("gdt_problem_init wrong for \"%s\"\n", t[i].loss);
            printf("  got  %d at %zu \"%s\"\n", st, err.pos, err.msg);
            printf("  want %d at %zu \"%s\"\n", t[i].status, t[i].pos, t[i].msg);
            fail();
        }
        if (st == GDT_OK) {
            assert_int_equal(p.n, 1);
            expect(p.params.name[0], t[i].param);
        }
        gdt_problem_clear(&p);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_problem),
        cmocka_unit_test(test_problem_errors),
        cmocka_unit_test(test_problem_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
