/* test_derive -- every derivative rule against the function itself: the
   derived partials, evaluated at 400 bits, agree with central differences */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "gdtrace.h"

#define PREC 400

/* Evaluate program P at the point X[] (exact) in D; loss and partials are
   read from the registers. */
static void
eval_at(const gdt_program *p, gdt_val *regs, gdt_domain *d, mpq_t *x)
{
    size_t i, failed;

    for (i = 0; i < p->nparams; i++)
        assert_int_equal(d->ops->set_q(&regs[p->nconsts + i], x[i], d), GDT_OK);
    assert_int_equal(gdt_program_eval(p, regs, d, &failed), GDT_OK);
}

/* The derived partials of LOSS at POINT against central differences; with
   SEED 1 the seeded ones (gdt_problem_init_seed), dloss = 1. */
static void
check_loss_seed(const char *loss, const char *point, int seed)
{
    gdt_problem pb;
    gdt_program p;
    gdt_domain d;
    gdt_error err;
    gdt_val *regs;
    mpq_t x[4], h;
    mpfr_t fp, fm, fd, g, diff;
    size_t i, n, end;
    char buf[256], *tok, *save;

    assert_int_equal(gdt_problem_init_seed(&pb, loss, NULL, 0, NULL, GDT_KINKS_ERROR, seed, NULL,
                                           &err), GDT_OK);
    n = pb.n;
    assert_true(n <= 4);
    assert_int_equal(gdt_program_init(&p, pb.loss, pb.grad, n), GDT_OK);
    assert_int_equal(gdt_domain_init_mpfr(&d, PREC, MPFR_RNDN), GDT_OK);
    assert_int_equal(gdt_program_regs_new(&regs, &p, &d), GDT_OK);
    for (i = 0; i < 4; i++)
        mpq_init(x[i]);
    mpq_init(h);
    mpq_set_ui(h, 1, 1);
    mpq_div_2exp(h, h, 100); /* h = 2^-100: error ~ h^2 = 2^-200 */
    snprintf(buf, sizeof buf, "%s", point);
    for (i = 0, tok = strtok_r(buf, ",", &save); tok && i < n;
         tok = strtok_r(NULL, ",", &save), i++)
        assert_int_equal(gdt_q_parse(x[i], tok, &end), GDT_OK);
    mpfr_inits2(PREC, fp, fm, fd, g, diff, (mpfr_ptr)0);
    for (i = 0; i < n; i++) {
        /* the derived partial */
        eval_at(&p, regs, &d, x);
        mpfr_set(g, regs[p.grad_reg[i]].f, MPFR_RNDN);
        /* (f(x + h e_i) - f(x - h e_i)) / 2h */
        mpq_add(x[i], x[i], h);
        eval_at(&p, regs, &d, x);
        mpfr_set(fp, regs[p.loss_reg].f, MPFR_RNDN);
        mpq_sub(x[i], x[i], h);
        mpq_sub(x[i], x[i], h);
        eval_at(&p, regs, &d, x);
        mpfr_set(fm, regs[p.loss_reg].f, MPFR_RNDN);
        mpq_add(x[i], x[i], h);
        mpfr_sub(fd, fp, fm, MPFR_RNDN);
        mpfr_mul_2si(fd, fd, 99, MPFR_RNDN);
        mpfr_sub(diff, fd, g, MPFR_RNDN);
        mpfr_abs(diff, diff, MPFR_RNDN);
        if (mpfr_cmp_ui_2exp(diff, 1, -150) > 0) {
            mpfr_printf("derivative wrong for %s at %s, partial %zu\n  got  %.30Rg\n"
                        "  want %.30Rg\n", loss, point, i, g, fd);
            fail();
        }
    }
    mpfr_clears(fp, fm, fd, g, diff, (mpfr_ptr)0);
    for (i = 0; i < 4; i++)
        mpq_clear(x[i]);
    mpq_clear(h);
    gdt_program_regs_free(regs, &p, &d);
    gdt_domain_clear(&d);
    gdt_program_clear(&p);
    gdt_problem_clear(&pb);
}

static void
check_loss(const char *loss, const char *point)
{
    check_loss_seed(loss, point, 0);
    check_loss_seed(loss, point, 1);
}

static void
test_rules(void **state)
{
    static const struct { const char *loss, *point; } t[] = {
        { "(w-1)^2 + 2", "2" },
        { "w^-3 + 1/w - w/(w^2 + 1)", "0.7" },
        { "exp(2*w) - log(w^2 + 1)", "0.3" },
        { "sqrt(w^2 + 3)*sin(w)", "1.1" },
        { "cos(w)^3 - tan(w/2)", "0.4" },
        { "tanh(3*w - 1) + sigmoid(w^2)", "-0.6" },
        { "abs(w - 3) + min(w, 2*w - 1) + max(w^2, 3)", "1.7" },
        { "-sigmoid(a*b) + exp(a - b)^2 + log(sqrt(a*a + b*b))", "0.5,-1.25" },
        { "sin(a)*cos(b)*tanh(c) + min(a, b)*max(b, c)", "0.2,0.9,-0.4" },
        { "log(sigmoid(a*2 + b)) + log(1 - sigmoid(a - b))", "0.25,-0.5" },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++)
        check_loss(t[i].loss, t[i].point);
}

/* The seeded partials in the order of torch's backward ops: the seed
   dloss meets the outer factors first. */
static void
test_seeded_order(void **state)
{
    static const struct { const char *loss, *want[2]; } t[] = {
        { "1e-4*(w-1)^2", { "dloss*0.0001*(2*(w - 1))" } },
        { "(w-1)^2/1024 + 2", { "dloss/1024*(2*(w - 1))" } },
        { "(a*b - 1)^2/4096 + (a - b)^2/4096",
          { "dloss/4096*(2*(a*b - 1))*b + dloss/4096*(2*(a - b))",
            "dloss/4096*(2*(a*b - 1))*a - dloss/4096*(2*(a - b))" } },
        { "-(3*w)", { "-dloss*3" } },
        { "w/(w + 1)", { "dloss/(w + 1) + -dloss*(w/(w + 1)/(w + 1))" } },
        { "5*sin(w)", { "dloss*5*cos(w)" } },
    };
    size_t i, j;
    gdt_problem pb;
    gdt_error err;
    gdt_buf b;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        assert_int_equal(gdt_problem_init_seed(&pb, t[i].loss, NULL, 0, NULL, GDT_KINKS_ERROR, 1,
                                               NULL, &err), GDT_OK);
        for (j = 0; j < pb.n; j++) {
            gdt_buf_init(&b);
            assert_int_equal(gdt_expr_print(&b, pb.grad[j], &pb.params), GDT_OK);
            if (strcmp(b.s, t[i].want[j]) != 0) {
                printf("seeded partial %zu of %s\n  got  %s\n  want %s\n", j, t[i].loss,
                       b.s, t[i].want[j]);
                fail();
            }
            gdt_buf_clear(&b);
        }
        gdt_problem_clear(&pb);
    }
}

/* The partial of LOSS with the hand-written GRAD, SEEDED or not, printed. */
static void
check_given(const char *loss, const char *grad, int seeded, const char *want)
{
    const char *g[] = { grad };
    gdt_problem pb;
    gdt_error err;
    gdt_buf b;

    assert_int_equal(gdt_problem_init_seed(&pb, loss, g, 1, NULL, GDT_KINKS_ERROR, seeded, NULL,
                                           &err), GDT_OK);
    gdt_buf_init(&b);
    assert_int_equal(gdt_expr_print(&b, pb.grad[0], &pb.params), GDT_OK);
    assert_string_equal(b.s, want);
    gdt_buf_clear(&b);
    gdt_problem_clear(&pb);
}

/* dloss in the loss is refused; a hand-written partial without it is
   dloss*(PARTIAL) when seeded, as written otherwise. */
static void
test_seed_rules(void **state)
{
    gdt_problem pb;
    gdt_error err;

    (void)state;
    assert_int_equal(gdt_problem_init_seed(&pb, "dloss*w", NULL, 0, NULL, GDT_KINKS_ERROR, 0, NULL,
                                           &err), GDT_EVALUE);
    assert_int_equal(err.pos, 0);
    gdt_problem_clear(&pb);
    check_given("(w-1)^2", "2*(w-1)", 1, "dloss*(2*(w - 1))");
    check_given("(w-1)^2", "2*(w-1)", 0, "2*(w - 1)");
    check_given("(w-1)^2", "2*dloss*(w-1)", 1, "2*dloss*(w - 1)");
    check_given("(w-1)^2", "2*dloss*(w-1)", 0, "2*dloss*(w - 1)");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_seeded_order),
        cmocka_unit_test(test_seed_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
