/* test_program -- lowering to the register tape and evaluating it, in a
   small rational domain of the test's own (so that these tests do not
   depend on the real domains) */
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
#include "gdtrace/problem.h"
#include "gdtrace/program.h"

/* ------------------------------------------------- the fake domain */

static int fake_live; /* values initialised and not cleared */
static int fake_set_q_fail_at = -1; /* set_q call (0-based) that fails */
static int fake_set_q_calls;

static void
fake_init(gdt_val *x, gdt_domain *d)
{
    (void)d;
    mpq_init(x->q);
    fake_live++;
}

static void
fake_clear(gdt_val *x, gdt_domain *d)
{
    (void)d;
    mpq_clear(x->q);
    fake_live--;
}

static gdt_status
fake_set_q(gdt_val *r, const mpq_t q, gdt_domain *d)
{
    (void)d;
    if (fake_set_q_calls++ == fake_set_q_fail_at)
        return GDT_ERANGE;
    mpq_set(r->q, q);
    return GDT_OK;
}

static gdt_status
fake_set(gdt_val *r, const gdt_val *a, gdt_domain *d)
{
    (void)d;
    mpq_set(r->q, a->q);
    return GDT_OK;
}

static gdt_status
fake_neg(gdt_val *r, const gdt_val *a, gdt_domain *d)
{
    (void)d;
    mpq_neg(r->q, a->q);
    return GDT_OK;
}

static gdt_status
fake_add(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    (void)d;
    mpq_add(r->q, a->q, b->q);
    return GDT_OK;
}

static int
fake_is_zero(const gdt_val *a, gdt_domain *d)
{
    (void)d;
    return mpq_sgn(a->q) == 0;
}

/* The sum rounded down to an integer: a "rounded" domain in which the
   order of a sum's additions shows. */
static gdt_status
fake_floor_add(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    (void)d;
    mpq_add(r->q, a->q, b->q);
    mpz_fdiv_q(mpq_numref(r->q), mpq_numref(r->q), mpq_denref(r->q));
    mpz_set_ui(mpq_denref(r->q), 1);
    return GDT_OK;
}

static gdt_status
fake_sub(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    (void)d;
    mpq_sub(r->q, a->q, b->q);
    return GDT_OK;
}

static gdt_status
fake_mul(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    (void)d;
    mpq_mul(r->q, a->q, b->q);
    return GDT_OK;
}

static gdt_status
fake_div(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    (void)d;
    if (mpq_sgn(b->q) == 0)
        return GDT_EDIVZERO;
    mpq_div(r->q, a->q, b->q);
    return GDT_OK;
}

static gdt_status
fake_pow_si(gdt_val *r, const gdt_val *a, long n, gdt_domain *d)
{
    unsigned long k = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;

    (void)d;
    if (mpq_sgn(a->q) == 0 && n < 0)
        return GDT_EDIVZERO;
    mpz_pow_ui(mpq_numref(r->q), mpq_numref(a->q), k);
    mpz_pow_ui(mpq_denref(r->q), mpq_denref(a->q), k);
    if (n < 0)
        mpq_inv(r->q, r->q);
    return GDT_OK;
}

static const gdt_domain_ops fake_ops = {
    .kind = "fake",
    .init = fake_init,
    .clear = fake_clear,
    .set_q = fake_set_q,
    .set = fake_set,
    .neg = fake_neg,
    .add = fake_add,
    .sub = fake_sub,
    .mul = fake_mul,
    .div = fake_div,
    .pow_si = fake_pow_si,
    .is_zero = fake_is_zero,
};

/* The same, declared exact: sums over data rows are added pairwise. */
static const gdt_domain_ops fake_exact_ops = {
    .kind = "fake",
    .init = fake_init,
    .clear = fake_clear,
    .set_q = fake_set_q,
    .set = fake_set,
    .neg = fake_neg,
    .add = fake_add,
    .sub = fake_sub,
    .mul = fake_mul,
    .div = fake_div,
    .pow_si = fake_pow_si,
    .is_zero = fake_is_zero,
    .exact = 1,
};

/* Sums rounded down: the order of the additions shows. */
static const gdt_domain_ops fake_floor_ops = {
    .kind = "fake",
    .init = fake_init,
    .clear = fake_clear,
    .set_q = fake_set_q,
    .set = fake_set,
    .neg = fake_neg,
    .add = fake_floor_add,
    .sub = fake_sub,
    .mul = fake_mul,
    .div = fake_div,
    .pow_si = fake_pow_si,
    .is_zero = fake_is_zero,
};

static void
fake_domain(gdt_domain *d)
{
    memset(d, 0, sizeof *d);
    d->ops = &fake_ops;
    d->name = "fake";
    fake_set_q_fail_at = -1;
    fake_set_q_calls = 0;
}

/* ---------------------------------------------------------- helpers */

/* A program for LOSS and its derived gradient (GRAD NULL) or GRAD. */
static void
program_for(gdt_program *prog, gdt_problem *pb, const char *loss,
            const char *grad)
{
    gdt_error err;

    gdt_error_clear(&err);
    if (gdt_problem_init(pb, loss, &grad, grad != NULL, NULL, NULL, &err) != GDT_OK) {
        printf("gdt_problem_init failed for \"%s\": %s\n", loss, err.msg);
        fail();
    }
    assert_int_equal(gdt_program_init(prog, pb->loss, pb->grad, pb->n), GDT_OK);
}

/* Evaluate PROG at W = NUM/DEN in the fake domain; check loss and grad. */
static void
check_eval(const char *loss, const gdt_program *prog, long num, long den,
           const char *want_loss, const char *want_grad)
{
    gdt_domain d;
    gdt_val *regs;
    size_t failed = 99;
    char *got_loss, *got_grad;

    fake_domain(&d);
    assert_int_equal(gdt_program_regs_new(&regs, prog, &d), GDT_OK);
    mpq_set_si(regs[prog->nconsts].q, num, (unsigned long)den);
    mpq_canonicalize(regs[prog->nconsts].q);
    assert_int_equal(gdt_program_eval(prog, regs, &d, &failed), GDT_OK);
    assert_int_equal(failed, 99); /* untouched on success */
    got_loss = mpq_get_str(NULL, 10, regs[prog->loss_reg].q);
    got_grad = mpq_get_str(NULL, 10, regs[prog->grad_reg[0]].q);
    if (strcmp(got_loss, want_loss) != 0 || strcmp(got_grad, want_grad) != 0) {
        printf("eval of \"%s\" at w = %ld/%ld\n", loss, num, den);
        printf("  got  loss %s grad %s\n", got_loss, got_grad);
        printf("  want loss %s grad %s\n", want_loss, want_grad);
        fail();
    }
    free(got_loss);
    free(got_grad);
    gdt_program_regs_free(regs, prog, &d);
    assert_int_equal(fake_live, 0);
}

/* ------------------------------------------------------------ tests */

static void
test_lower_layout(void **state)
{
    static const struct {
        gdt_opcode op;
        size_t dst, a, b;
        long n;
        size_t pos;
        int in_grad;
    } want[] = {
        { GDT_OP_SUB, 5, 4, 0, 0, 2, 0 },  /* w-1 */
        { GDT_OP_POW, 6, 5, 0, 2, 5, 0 },  /* (w-1)^2 */
        { GDT_OP_ADD, 7, 6, 1, 0, 8, 0 },  /* ... + 2 */
        { GDT_OP_SUB, 8, 4, 3, 0, 2, 1 },  /* grad: w - 1 */
        { GDT_OP_MUL, 9, 2, 8, 0, 5, 1 },  /* grad: 2*(w - 1) */
    };
    static const char *consts[] = { "1", "2", "2", "1" };
    gdt_problem pb;
    gdt_program prog;
    size_t i;

    (void)state;
    program_for(&prog, &pb, "(w-1)^2 + 2", NULL);
    assert_int_equal(prog.nconsts, 4);
    assert_int_equal(prog.nparams, 1);
    assert_int_equal(prog.ninsns, 5);
    assert_int_equal(prog.nregs, 10);
    assert_int_equal(prog.loss_reg, 7);
    assert_int_equal(prog.grad_reg[0], 9);
    for (i = 0; i < 4; i++)
        assert_int_equal(mpq_cmp_si(prog.consts[i], atol(consts[i]), 1), 0);
    for (i = 0; i < 5; i++) {
        const gdt_insn *in = &prog.insns[i];

        if (in->op != want[i].op || in->dst != want[i].dst || in->a != want[i].a
            || (want[i].op != GDT_OP_POW && in->b != want[i].b)
            || in->n != want[i].n || in->pos != want[i].pos
            || in->in_grad != want[i].in_grad) {
            printf("insn %zu\n  got  op %d dst %zu a %zu b %zu n %ld pos %zu grad %d\n"
                   "  want op %d dst %zu a %zu b %zu n %ld pos %zu grad %d\n", i,
                   in->op, in->dst, in->a, in->b, in->n, in->pos, in->in_grad,
                   want[i].op, want[i].dst, want[i].a, want[i].b, want[i].n,
                   want[i].pos, want[i].in_grad);
            fail();
        }
    }
    check_eval("(w-1)^2 + 2", &prog, 3, 1, "6", "4");
    check_eval("(w-1)^2 + 2", &prog, 1, 2, "9/4", "-1");
    gdt_program_clear(&prog);
    gdt_program_clear(&prog);
    gdt_program_clear(NULL);
    gdt_problem_clear(&pb);
}

/* A gradient that is a constant or the parameter uses that register. */
static void
test_lower_direct_registers(void **state)
{
    gdt_problem pb;
    gdt_program prog;

    (void)state;
    program_for(&prog, &pb, "2*w", NULL);      /* grad: 2 */
    assert_int_equal(prog.ninsns, 1);
    assert_int_equal(prog.nconsts, 2);
    assert_int_equal(prog.grad_reg[0], 1);     /* the constant 2 */
    check_eval("2*w", &prog, 5, 1, "10", "2");
    gdt_program_clear(&prog);
    gdt_problem_clear(&pb);

    program_for(&prog, &pb, "w^2/2", NULL);    /* grad: 2*w/2 */
    check_eval("w^2/2", &prog, 7, 3, "49/18", "7/3");
    gdt_program_clear(&prog);
    gdt_problem_clear(&pb);

    program_for(&prog, &pb, "w", "w");         /* loss and grad: the param */
    assert_int_equal(prog.ninsns, 0);
    assert_int_equal(prog.nconsts, 0);
    assert_int_equal(prog.nregs, 1);
    assert_int_equal(prog.loss_reg, 0);
    assert_int_equal(prog.grad_reg[0], 0);
    check_eval("w", &prog, -4, 1, "-4", "-4");
    gdt_program_clear(&prog);
    gdt_problem_clear(&pb);
}

/* Every derivative, run through the tape, matches the hand derivative. */
static void
test_eval_derivatives(void **state)
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
        { "-w^-1 + 1/2*w", "w^-2 + 1/2" },
    };
    static const long pts[][2] = { { -3, 1 }, { -1, 2 }, { 2, 1 }, { 7, 2 } };
    size_t i, j;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        gdt_problem derived, hand;
        gdt_program pd, ph;
        gdt_domain d;
        gdt_val *rd, *rh;

        program_for(&pd, &derived, t[i].loss, NULL);
        program_for(&ph, &hand, t[i].loss, t[i].hand);
        fake_domain(&d);
        assert_int_equal(gdt_program_regs_new(&rd, &pd, &d), GDT_OK);
        assert_int_equal(gdt_program_regs_new(&rh, &ph, &d), GDT_OK);
        for (j = 0; j < sizeof pts / sizeof pts[0]; j++) {
            mpq_set_si(rd[pd.nconsts].q, pts[j][0], (unsigned long)pts[j][1]);
            mpq_set_si(rh[ph.nconsts].q, pts[j][0], (unsigned long)pts[j][1]);
            assert_int_equal(gdt_program_eval(&pd, rd, &d, NULL), GDT_OK);
            assert_int_equal(gdt_program_eval(&ph, rh, &d, NULL), GDT_OK);
            if (!mpq_equal(rd[pd.loss_reg].q, rh[ph.loss_reg].q)
                || !mpq_equal(rd[pd.grad_reg[0]].q, rh[ph.grad_reg[0]].q)) {
                gmp_printf("\"%s\" at w = %ld/%ld\n  got  loss %Qd grad %Qd\n"
                           "  want loss %Qd grad %Qd\n", t[i].loss, pts[j][0],
                           pts[j][1], rd[pd.loss_reg].q, rd[pd.grad_reg[0]].q,
                           rh[ph.loss_reg].q, rh[ph.grad_reg[0]].q);
                fail();
            }
        }
        gdt_program_regs_free(rd, &pd, &d);
        gdt_program_regs_free(rh, &ph, &d);
        gdt_program_clear(&pd);
        gdt_program_clear(&ph);
        gdt_problem_clear(&derived);
        gdt_problem_clear(&hand);
    }
    assert_int_equal(fake_live, 0);
}

/* Evaluation stops at the first failing insn and says which. */
static void
test_eval_errors(void **state)
{
    static const struct {
        const char *loss, *grad;
        long w;
        size_t failed;
        int in_grad;
    } t[] = {
        { "1/(w-1)", NULL, 1, 1, 0 },   /* SUB, DIV: the DIV fails */
        { "w^-1", NULL, 0, 0, 0 },      /* 0^-1 */
        { "w", "1/w", 0, 0, 1 },        /* the loss has no insn */
        { "w^2 + 1", "2*w/(w - 3)", 3, 4, 1 },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        gdt_problem pb;
        gdt_program prog;
        gdt_domain d;
        gdt_val *regs;
        size_t failed = 99;
        gdt_status st;

        program_for(&prog, &pb, t[i].loss, t[i].grad);
        fake_domain(&d);
        assert_int_equal(gdt_program_regs_new(&regs, &prog, &d), GDT_OK);
        mpq_set_si(regs[prog.nconsts].q, t[i].w, 1);
        st = gdt_program_eval(&prog, regs, &d, &failed);
        if (st != GDT_EDIVZERO || failed != t[i].failed
            || prog.insns[failed].in_grad != t[i].in_grad) {
            printf("eval of \"%s\" at w = %ld\n  got  %d at insn %zu\n"
                   "  want %d at insn %zu\n", t[i].loss, t[i].w, st, failed,
                   GDT_EDIVZERO, t[i].failed);
            fail();
        }
        gdt_program_regs_free(regs, &prog, &d);
        gdt_program_clear(&prog);
        gdt_problem_clear(&pb);
    }
    assert_int_equal(fake_live, 0);
}

/* A domain whose set_q fails: regs_new returns its status, leaks nothing. */
static void
test_regs_new_failure(void **state)
{
    gdt_problem pb;
    gdt_program prog;
    gdt_domain d;
    gdt_val *regs = (gdt_val *)&d;

    (void)state;
    program_for(&prog, &pb, "(w-1)^2 + 2", NULL);
    fake_domain(&d);
    fake_set_q_fail_at = 2;
    assert_int_equal(gdt_program_regs_new(&regs, &prog, &d), GDT_ERANGE);
    assert_null(regs);
    assert_int_equal(fake_live, 0);
    gdt_program_regs_free(NULL, &prog, &d);
    gdt_program_clear(&prog);
    gdt_problem_clear(&pb);
}

/* A program for LOSS over NCOLS columns (x, then y) holding CELLS[0 ..
   NROWS*NCOLS), row-major. */
static void
data_program_cols(gdt_program *prog, gdt_problem *pb, const char *loss, size_t ncols,
                  size_t nrows, const mpq_t *cells)
{
    static char x[] = "x", y[] = "y";
    static char *col[] = { x, y };
    gdt_names cols = { col, ncols };
    gdt_error err;

    gdt_error_clear(&err);
    if (gdt_problem_init(pb, loss, NULL, 0, &cols, NULL, &err) != GDT_OK) {
        printf("gdt_problem_init failed for \"%s\": %s\n", loss, err.msg);
        fail();
    }
    assert_int_equal(gdt_program_init_data(prog, pb->loss, pb->grad, pb->n, ncols, nrows,
                                           cells),
                     GDT_OK);
}

/* A program for LOSS over the column x holding CELLS[0 .. NROWS). */
static void
data_program_for(gdt_program *prog, gdt_problem *pb, const char *loss, size_t nrows,
                 const mpq_t *cells)
{
    data_program_cols(prog, pb, loss, 1, nrows, cells);
}

/* Sums over the data rows (issue 9, item 12): an exact domain adds them
   pairwise, to the value of the sum in row order, for every number of
   rows (each shape of the binary counter of partial sums); a rounded
   domain adds them one by one in row order. */
static void
test_agg_sums(void **state)
{
    static const size_t sizes[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63,
                                    64, 65, 100, 1000, 1025 };
    size_t i, k;

    (void)state;
    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        size_t n = sizes[i];
        mpq_t *cells = malloc(n * sizeof *cells), want, t;
        gdt_problem pb;
        gdt_program prog;
        gdt_domain d;
        gdt_val *regs;
        int exact;

        assert_non_null(cells);
        mpq_init(want);
        mpq_init(t);
        /* x_k = k/(k+1); the loss sum(x*w) + mean(x^2) at w = 3/7 */
        for (k = 0; k < n; k++) {
            mpq_init(cells[k]);
            mpq_set_ui(cells[k], k, k + 1);
            mpq_canonicalize(cells[k]);
            mpq_set_ui(t, 3, 7);
            mpq_mul(t, t, cells[k]);
            mpq_add(want, want, t);
        }
        mpq_set_ui(t, 0, 1);
        for (k = 0; k < n; k++) {
            mpq_t sq;
            mpq_init(sq);
            mpq_mul(sq, cells[k], cells[k]);
            mpq_add(t, t, sq);
            mpq_clear(sq);
        }
        mpz_mul_ui(mpq_denref(t), mpq_denref(t), n);
        mpq_canonicalize(t);
        mpq_add(want, want, t);
        data_program_for(&prog, &pb, "sum(x*w) + mean(x^2)", n, (const mpq_t *)cells);
        for (exact = 0; exact < 2; exact++) {
            fake_domain(&d);
            if (exact)
                d.ops = &fake_exact_ops;
            assert_int_equal(gdt_program_regs_new(&regs, &prog, &d), GDT_OK);
            mpq_set_ui(regs[prog.nconsts].q, 3, 7);
            assert_int_equal(gdt_program_eval(&prog, regs, &d, NULL), GDT_OK);
            if (!mpq_equal(regs[prog.loss_reg].q, want)) {
                gmp_printf("sum over %zu rows (%s)\n  got  %Qd\n  want %Qd\n", n,
                           exact ? "pairwise" : "in order", regs[prog.loss_reg].q, want);
                fail();
            }
            gdt_program_regs_free(regs, &prog, &d);
        }
        gdt_program_clear(&prog);
        gdt_problem_clear(&pb);
        for (k = 0; k < n; k++)
            mpq_clear(cells[k]);
        free(cells);
        mpq_clear(want);
        mpq_clear(t);
    }
    assert_int_equal(fake_live, 0);
}

/* The order of a rounded domain's sum is the rows': 1/2 four times,
   rounded down after each addition, is 1 in row order (pairwise it would
   be 2, the exact sum, which the exact fake finds). */
static void
test_agg_order(void **state)
{
    static const char *want[] = { "1", "2" };
    mpq_t cells[4];
    gdt_problem pb;
    gdt_program prog;
    gdt_domain d;
    gdt_val *regs;
    char *got;
    int k, exact;

    (void)state;
    for (k = 0; k < 4; k++) {
        mpq_init(cells[k]);
        mpq_set_ui(cells[k], 1, 2);
    }
    data_program_for(&prog, &pb, "sum(x)", 4, (const mpq_t *)cells);
    for (exact = 0; exact < 2; exact++) {
        fake_domain(&d);
        d.ops = exact ? &fake_exact_ops : &fake_floor_ops;
        assert_int_equal(gdt_program_regs_new(&regs, &prog, &d), GDT_OK);
        assert_int_equal(gdt_program_eval(&prog, regs, &d, NULL), GDT_OK);
        got = mpq_get_str(NULL, 10, regs[prog.loss_reg].q);
        assert_string_equal(got, want[exact]);
        free(got);
        gdt_program_regs_free(regs, &prog, &d);
    }
    gdt_program_clear(&prog);
    gdt_problem_clear(&pb);
    for (k = 0; k < 4; k++)
        mpq_clear(cells[k]);
    assert_int_equal(fake_live, 0);
}

/* A stop asked for (the domain's stop flag) ends a sum over the rows with
   GDT_EINTERRUPTED at its AGG insn, in either kind of domain (issue 9, item 13);
   a stop asked for while an exact domain sums the moments of a plan
   leaves the plan unused, and the loop then stops as well. */
static void
test_agg_interrupted(void **state)
{
    static const char *loss[] = { "mean((w-x)^-2)", "mean((w-x)^2)" };
    mpq_t cells[3];
    gdt_problem pb;
    gdt_program prog;
    gdt_domain d;
    gdt_val *regs;
    size_t failed, i;
    int k, exact;
    volatile sig_atomic_t stop = 0;

    (void)state;
    for (k = 0; k < 3; k++) {
        mpq_init(cells[k]);
        mpq_set_ui(cells[k], (unsigned long)k + 10, 1);
    }
    for (i = 0; i < 2; i++) {
        data_program_for(&prog, &pb, loss[i], 3, (const mpq_t *)cells);
        assert_int_equal(prog.nmoments, 2 * i);
        for (exact = 0; exact < 2; exact++) {
            fake_domain(&d);
            if (exact)
                d.ops = &fake_exact_ops;
            d.stop = &stop;
            stop = 2;
            assert_int_equal(gdt_program_regs_new(&regs, &prog, &d), GDT_OK);
            failed = 99;
            assert_int_equal(gdt_program_eval(&prog, regs, &d, &failed), GDT_EINTERRUPTED);
            stop = 0;
            assert_int_equal(prog.insns[failed].op, GDT_OP_AGG);
            assert_int_equal(gdt_program_eval(&prog, regs, &d, NULL), GDT_OK);
            gdt_program_regs_free(regs, &prog, &d);
        }
        gdt_program_clear(&prog);
        gdt_problem_clear(&pb);
    }
    for (k = 0; k < 3; k++)
        mpq_clear(cells[k]);
    assert_int_equal(fake_live, 0);
}

/* Aggregates whose body is a polynomial in the parameters are planned
   (moments.h) and, in an exact domain, evaluated from the moments of the
   data set: the same values as the loop over the rows, for the loss and
   every partial, at several points; a divisor 0 at some row fails at the
   same insn as the loop.  PLANS is the number of planned aggregates. */
static void
test_agg_moments(void **state)
{
    static const struct {
        const char *loss;
        size_t plans;
    } t[] = {
        { "mean((w-x)^2)", 2 },
        { "sum(x*w^3 - w/(x+1)) + mean(-w)", 4 },
        { "mean((a*x + b - y)^2)", 3 },
        { "sum((w + x/2)^10)", 2 },
        { "sum(x^2)*w + sum(w^0*y) + sum(0*w)", 4 },
        { "mean((w - y)^-2)", 0 },
        { "sum(x/(w + 100))", 0 },
        { "mean(w*mean(x))", 2 },
        { "sum(w/(x - 1))", 2 },
        { "mean((w*x)^2/(y^-1 - 1/2))", 2 },
    };
    static const long pts[][2] = { { 3, 7 }, { -2, 1 }, { 5, 2 } };
    /* x, y: (0, 1) (1, 2) ... (n-1, n) with y = x + 1, and y = -1 in row 3 */
    enum { N = 37 };
    mpq_t cells[2 * N];
    size_t i, j, k, q, failed[2];
    gdt_status st[2];

    (void)state;
    for (k = 0; k < N; k++) {
        mpq_init(cells[2 * k]);
        mpq_init(cells[2 * k + 1]);
        mpq_set_ui(cells[2 * k], k, 1);
        mpq_set_si(cells[2 * k + 1], k == 3 ? -1 : (long)k + 1, 1);
    }
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        gdt_problem pb;
        gdt_program prog;
        gdt_domain d[2];
        gdt_val *regs[2];

        data_program_cols(&prog, &pb, t[i].loss, 2, N, (const mpq_t *)cells);
        if (prog.nmoments != t[i].plans) {
            printf("\"%s\": got %zu planned aggregates, want %zu\n", t[i].loss,
                   prog.nmoments, t[i].plans);
            fail();
        }
        for (j = 0; j < 2; j++) {
            fake_domain(&d[j]);
            d[j].ops = j ? &fake_exact_ops : &fake_ops;
            assert_int_equal(gdt_program_regs_new(&regs[j], &prog, &d[j]), GDT_OK);
        }
        for (q = 0; q < sizeof pts / sizeof pts[0]; q++) {
            for (j = 0; j < 2; j++) {
                for (k = 0; k < prog.nparams; k++)
                    mpq_set_si(regs[j][prog.nconsts + k].q, pts[q][0] + (long)k,
                               (unsigned long)pts[q][1]);
                failed[j] = 99;
                st[j] = gdt_program_eval(&prog, regs[j], &d[j], &failed[j]);
            }
            if (st[0] != st[1] || failed[0] != failed[1]) {
                printf("\"%s\" at %ld/%ld: the loop gives %d at insn %zu, the moments %d "
                       "at insn %zu\n", t[i].loss, pts[q][0], pts[q][1], st[0], failed[0],
                       st[1], failed[1]);
                fail();
            }
            if (st[0] != GDT_OK)
                continue;
            if (!mpq_equal(regs[0][prog.loss_reg].q, regs[1][prog.loss_reg].q)) {
                gmp_printf("\"%s\" at %ld/%ld\n  got  %Qd (moments)\n  want %Qd (the loop)\n",
                           t[i].loss, pts[q][0], pts[q][1], regs[1][prog.loss_reg].q,
                           regs[0][prog.loss_reg].q);
                fail();
            }
            for (k = 0; k < prog.nparams; k++)
                assert_true(mpq_equal(regs[0][prog.grad_reg[k]].q,
                                      regs[1][prog.grad_reg[k]].q));
        }
        for (j = 0; j < 2; j++)
            gdt_program_regs_free(regs[j], &prog, &d[j]);
        gdt_program_clear(&prog);
        gdt_problem_clear(&pb);
    }
    /* the exact domain does use the moments: with the cells of its
       registers (the loop's) zeroed, mean((w-x)^2) at w = 0 is still the
       mean of x^2 */
    {
        gdt_problem pb;
        gdt_program prog;
        gdt_domain d;
        gdt_val *regs;
        char *got;

        data_program_cols(&prog, &pb, "mean((w-x)^2)", 2, N, (const mpq_t *)cells);
        fake_domain(&d);
        d.ops = &fake_exact_ops;
        assert_int_equal(gdt_program_regs_new(&regs, &prog, &d), GDT_OK);
        for (k = 0; k < 2 * N; k++)
            mpq_set_ui(regs[prog.nregs + k].q, 0, 1);
        assert_int_equal(gdt_program_eval(&prog, regs, &d, NULL), GDT_OK);
        got = mpq_get_str(NULL, 10, regs[prog.loss_reg].q);
        assert_string_equal(got, "438"); /* (0^2 + ... + 36^2)/37 */
        free(got);
        gdt_program_regs_free(regs, &prog, &d);
        gdt_program_clear(&prog);
        gdt_problem_clear(&pb);
    }
    for (k = 0; k < 2 * N; k++)
        mpq_clear(cells[k]);
    assert_int_equal(fake_live, 0);
}

/* The partials alone (GDT_EVAL_GRAD) leave the loss's insns out; the rest
   (GDT_EVAL_LOSS) then gives the loss of the whole program. */
static void
test_eval_part(void **state)
{
    static const struct {
        const char *loss, *grad;
        int loss_only[8];
        const char *want_loss, *want_grad; /* at w = 3 */
    } t[] = {
        /* loss: w-1, ^2, +2; grad: w-1, 2*() */
        { "(w-1)^2 + 2", NULL, { 1, 1, 1, 0, 0 }, "6", "4" },
        /* loss: w^2, +w; grad: 2*w, +1 */
        { "w^2 + w", "2*w + 1", { 1, 1, 0, 0 }, "12", "7" },
        /* loss: w*w, /2; grad: the parameter's register, no insn */
        { "w*w/2", "w", { 1, 1 }, "9/2", "3" },
    };
    gdt_problem pb;
    gdt_program prog;
    gdt_domain d;
    gdt_val *regs;
    size_t i, j;
    char *got;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        program_for(&prog, &pb, t[i].loss, t[i].grad);
        for (j = 0; j < prog.ninsns; j++)
            if (prog.insns[j].loss_only != t[i].loss_only[j]) {
                printf("%s: insn %zu\n  got  loss_only %d\n  want loss_only %d\n", t[i].loss,
                       j, prog.insns[j].loss_only, t[i].loss_only[j]);
                fail();
            }
        fake_domain(&d);
        assert_int_equal(gdt_program_regs_new(&regs, &prog, &d), GDT_OK);
        mpq_set_si(regs[prog.nconsts].q, 3, 1);
        assert_int_equal(gdt_program_eval_part(&prog, regs, &d, GDT_EVAL_GRAD, NULL), GDT_OK);
        got = mpq_get_str(NULL, 10, regs[prog.grad_reg[0]].q);
        assert_string_equal(got, t[i].want_grad);
        free(got);
        assert_int_equal(mpq_sgn(regs[prog.loss_reg].q), 0); /* not computed */
        assert_int_equal(gdt_program_eval_part(&prog, regs, &d, GDT_EVAL_LOSS, NULL), GDT_OK);
        got = mpq_get_str(NULL, 10, regs[prog.loss_reg].q);
        assert_string_equal(got, t[i].want_loss);
        free(got);
        gdt_program_regs_free(regs, &prog, &d);
        gdt_program_clear(&prog);
        gdt_problem_clear(&pb);
    }
    assert_int_equal(fake_live, 0);
}

/* A tree naming a parameter beyond NPARAMS is refused. */
static void
test_lower_bad_var(void **state)
{
    gdt_names names;
    gdt_expr *e;
    gdt_error err;
    gdt_program prog;

    (void)state;
    gdt_names_init(&names);
    assert_int_equal(gdt_expr_parse(&e, "x + 2*y", &names, &err), GDT_OK);
    assert_int_equal(gdt_program_init(&prog, e, &e, 1), GDT_EVALUE);
    assert_int_equal(prog.nregs, 0);
    assert_null(prog.insns);
    gdt_program_clear(&prog);
    gdt_expr_free(e);
    gdt_names_clear(&names);
}

/* The evaluation runs in the domain's bracket (gdt_domain_enter): the
   same registers and flags as with every method setting up and restoring
   around itself, in a twin whose method table has no enter and leave;
   rounding up, an IEEE format with subnormals, overflow, a pole, NaN. */
static void
test_eval_bracket(void **state)
{
    static const struct { const char *loss, *grad; } t[] = {
        { "w^4/4 - w^2/2", "w*w*w - w" },
        { "(w^2+1)/(w-3)", NULL },
        { "sqrt(w)*exp(w) - w^3", NULL },
        { "(w - 1/3)^5 + w*w", NULL },
    };
    static const long pts[][2] = { { 1, 3 }, { 1, 100000 }, { 3, 1 }, { 300, 1 },
                                   { -2, 1 }, { 1, 1 << 30 }, { 7, 2 } };
    static const struct { const char *name; mpfr_rnd_t rnd; } doms[] = {
        { "native-double", MPFR_RNDU }, { "native-float", MPFR_RNDZ },
        { "binary16", MPFR_RNDU }, { "bfloat16", MPFR_RNDN }, { "mpfr", MPFR_RNDD },
    };
    size_t i, j, k, m;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        gdt_problem pb;
        gdt_program prog;

        program_for(&prog, &pb, t[i].loss, t[i].grad);
        for (k = 0; k < sizeof doms / sizeof doms[0]; k++) {
            gdt_domain d, p;
            gdt_domain_ops plain;
            gdt_val *rd, *rp;
            size_t fd = 99, fp = 99;
            gdt_status sd, sp;
            mpq_t w;

            if (strcmp(doms[k].name, "mpfr") == 0) {
                assert_int_equal(gdt_domain_init_mpfr(&d, 30, doms[k].rnd), GDT_OK);
                assert_int_equal(gdt_domain_init_mpfr(&p, 30, doms[k].rnd), GDT_OK);
            } else if (strncmp(doms[k].name, "native", 6) == 0) {
                assert_int_equal(gdt_domain_init_native(&d, doms[k].name, doms[k].rnd), GDT_OK);
                assert_int_equal(gdt_domain_init_native(&p, doms[k].name, doms[k].rnd), GDT_OK);
            } else {
                assert_int_equal(gdt_domain_init_ieee(&d, doms[k].name, doms[k].rnd), GDT_OK);
                assert_int_equal(gdt_domain_init_ieee(&p, doms[k].name, doms[k].rnd), GDT_OK);
            }
            plain = *p.ops;
            plain.enter = plain.leave = NULL;
            p.ops = &plain;
            assert_int_equal(gdt_program_regs_new(&rd, &prog, &d), GDT_OK);
            assert_int_equal(gdt_program_regs_new(&rp, &prog, &p), GDT_OK);
            mpq_init(w);
            for (j = 0; j < sizeof pts / sizeof pts[0]; j++) {
                mpq_set_si(w, pts[j][0], (unsigned long)pts[j][1]);
                mpq_canonicalize(w);
                d.flags = p.flags = 0;
                assert_int_equal(d.ops->set_q(&rd[prog.nconsts], w, &d), GDT_OK);
                assert_int_equal(p.ops->set_q(&rp[prog.nconsts], w, &p), GDT_OK);
                sd = gdt_program_eval(&prog, rd, &d, &fd);
                sp = gdt_program_eval(&prog, rp, &p, &fp);
                if (sd != sp || fd != fp || d.flags != p.flags || d.inside != 0) {
                    printf("\"%s\" in %s at w = %ld/%ld: status %d %d, insn %zu %zu, "
                           "flags %#x, want %#x\n", t[i].loss, doms[k].name, pts[j][0],
                           pts[j][1], (int)sd, (int)sp, fd, fp, d.flags, p.flags);
                    fail();
                }
                for (m = 0; m < prog.nregs; m++)
                    if (!d.ops->identical(&rd[m], &rp[m], &d)) {
                        printf("\"%s\" in %s at w = %ld/%ld: register %zu differs\n",
                               t[i].loss, doms[k].name, pts[j][0], pts[j][1], m);
                        fail();
                    }
            }
            mpq_clear(w);
            gdt_program_regs_free(rd, &prog, &d);
            gdt_program_regs_free(rp, &prog, &p);
            gdt_domain_clear(&d);
            gdt_domain_clear(&p);
        }
        gdt_program_clear(&prog);
        gdt_problem_clear(&pb);
    }
}

/* gdt_grad_check_run: a wrong hand-written partial is found at the first
   exact point where both it and the derivative are rational and differ;
   a right one, or one whose values are irrational at every point, is
   not; the kinks' rule is the problem's. */
static void
test_grad_check(void **state)
{
    static const struct {
        const char *loss, *grad, *w0;
        int found;
        const char *at, *given, *derived;
    } t[] = {
        { "(w-1)^2 + 2", "2*(w-1)", "2", 0, NULL, NULL, NULL },
        { "(w-1)^2 + 2", "2*w - 1", "2", 1, "2", "3", "2" },
        { "(w-1)^2", "4*(w-1)", "1", 1, "3/2", "2", "1" },   /* equal at w0 */
        { "exp(w)", "exp(w)", "1", 0, NULL, NULL, NULL },    /* at 0 only */
        { "exp(w)", "2*exp(w)", "1", 1, "0", "2", "1" },
        { "softplus(w)", "sigmoid(w)", "3", 0, NULL, NULL, NULL },
        { "log(w)", "1/w", "0", 0, NULL, NULL, NULL },       /* no value at 0 */
        { "huber(w, 1)", "min(max(w, -1), 1)", "5", 0, NULL, NULL, NULL },
        { "pow(w, 3/2)", "3/2*w^(1/2)", "4", 0, NULL, NULL, NULL },
        { "pow(w, 3/2)", "w^(1/2)", "4", 1, "4", "2", "3" },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        gdt_problem pb;
        gdt_grad_check c;
        gdt_error err;
        mpq_t w0, want;
        gdt_grad_check_in in = { 0 };
        const char *g = t[i].grad;

        mpq_init(w0);
        mpq_init(want);
        mpq_set_str(w0, t[i].w0, 10);
        in.w0 = (const mpq_t *)&w0;
        assert_int_equal(gdt_problem_init(&pb, t[i].loss, &g, 1, NULL, NULL, &err), GDT_OK);
        gdt_grad_check_init(&c);
        assert_int_equal(gdt_grad_check_run(&c, &pb, &in), GDT_OK);
        assert_int_equal(c.n, 1);
        if (c.found[0] != t[i].found) {
            printf("grad check wrong for %s, %s at %s: found %d\n", t[i].loss, t[i].grad,
                   t[i].w0, c.found[0]);
            fail();
        }
        if (t[i].found) {
            mpq_set_str(want, t[i].at, 10);
            assert_true(mpq_equal(c.at[0], want));
            mpq_set_str(want, t[i].given, 10);
            assert_true(mpq_equal(c.given[0], want));
            mpq_set_str(want, t[i].derived, 10);
            assert_true(mpq_equal(c.derived[0], want));
        }
        gdt_grad_check_clear(&c);
        gdt_problem_clear(&pb);
        mpq_clear(w0);
        mpq_clear(want);
    }
}

/* --kinks torch: the tie rules evaluated (abs'(0) = 0, relu'(0) = 0,
   max at a tie the mean), exactly; --kinks error: no value there. */
static void
test_kinks(void **state)
{
    static const struct {
        const char *loss, *w;
        gdt_kinks kinks;
        gdt_status st;
        const char *grad;
    } t[] = {
        { "abs(w)", "0", GDT_KINKS_TORCH, GDT_OK, "0" },
        { "relu(w)", "0", GDT_KINKS_TORCH, GDT_OK, "0" },
        { "max(w, 3*w)", "0", GDT_KINKS_TORCH, GDT_OK, "2" },
        { "min(2*w, -w)", "0", GDT_KINKS_TORCH, GDT_OK, "1/2" },
        { "abs(w)", "0", GDT_KINKS_ERROR, GDT_EDOMAIN, NULL },
        { "relu(w)", "0", GDT_KINKS_ERROR, GDT_EDOMAIN, NULL },
        { "max(w, 3*w)", "0", GDT_KINKS_ERROR, GDT_EDOMAIN, NULL },
        { "relu(w)", "-1", GDT_KINKS_ERROR, GDT_OK, "0" },
        { "max(w, 3*w)", "1", GDT_KINKS_ERROR, GDT_OK, "3" },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        gdt_problem pb;
        gdt_program p;
        gdt_domain d;
        gdt_val *regs = NULL;
        gdt_error err;
        mpq_t q, want;

        mpq_init(q);
        mpq_init(want);
        assert_int_equal(gdt_problem_init_kinks(&pb, t[i].loss, NULL, 0, NULL, t[i].kinks, NULL,
                                                &err), GDT_OK);
        assert_int_equal(gdt_program_init(&p, pb.loss, pb.grad, pb.n), GDT_OK);
        gdt_domain_init_exact(&d);
        assert_int_equal(gdt_program_regs_new(&regs, &p, &d), GDT_OK);
        mpq_set_str(q, t[i].w, 10);
        assert_int_equal(d.ops->set_q(&regs[p.nconsts], q, &d), GDT_OK);
        assert_int_equal(gdt_program_eval(&p, regs, &d, NULL), t[i].st);
        if (t[i].st == GDT_OK) {
            mpq_set_str(want, t[i].grad, 10);
            assert_int_equal(d.ops->get_q(q, &regs[p.grad_reg[0]], &d), GDT_OK);
            if (!mpq_equal(q, want)) {
                gmp_printf("kink wrong for %s at %s: got %Qd, want %Qd\n", t[i].loss, t[i].w,
                           q, want);
                fail();
            }
        }
        gdt_program_regs_free(regs, &p, &d);
        gdt_program_clear(&p);
        gdt_domain_clear(&d);
        gdt_problem_clear(&pb);
        mpq_clear(q);
        mpq_clear(want);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lower_layout),
        cmocka_unit_test(test_grad_check),
        cmocka_unit_test(test_kinks),
        cmocka_unit_test(test_lower_direct_registers),
        cmocka_unit_test(test_eval_derivatives),
        cmocka_unit_test(test_eval_errors),
        cmocka_unit_test(test_regs_new_failure),
        cmocka_unit_test(test_lower_bad_var),
        cmocka_unit_test(test_eval_part),
        cmocka_unit_test(test_agg_sums),
        cmocka_unit_test(test_agg_order),
        cmocka_unit_test(test_agg_interrupted),
        cmocka_unit_test(test_agg_moments),
        cmocka_unit_test(test_eval_bracket),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
