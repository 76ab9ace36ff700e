/* test_gd -- the stepper: the notes' loop, its stop rules, its errors */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "gdtrace.h"
#include "gdtrace/data.h"

/* A run of LOSS (gradient derived unless GRAD) set up in domain D. */
typedef struct fixture {
    gdt_problem problem;
    gdt_program program;
    gdt_stepper stepper;
    gdt_error err;
} fixture;

static void
setup_run(fixture *f, gdt_domain *d, const char *loss, const char *grad,
          const char *lr, const char *w0, unsigned long max_iter)
{
    mpq_t lq, wq;
    size_t end;

    mpq_init(lq);
    mpq_init(wq);
    assert_int_equal(gdt_q_parse(lq, lr, &end), GDT_OK);
    assert_int_equal(gdt_q_parse(wq, w0, &end), GDT_OK);
    assert_int_equal(gdt_problem_init(&f->problem, loss, &grad, grad != NULL, NULL, NULL,
                                      &f->err), GDT_OK);
    assert_int_equal(gdt_program_init(&f->program, f->problem.loss, f->problem.grad,
                                      f->problem.n), GDT_OK);
    assert_int_equal(gdt_stepper_init(&f->stepper, &f->program, d, lq, &wq, max_iter,
                                      GDT_UPDATE_SUB, NULL), GDT_OK);
    mpq_clear(lq);
    mpq_clear(wq);
}

static void
teardown_run(fixture *f)
{
    gdt_stepper_clear(&f->stepper);
    gdt_program_clear(&f->program);
    gdt_problem_clear(&f->problem);
}

/* Run to the end; returns the status of the last call. */
static gdt_status
run_to_end(fixture *f)
{
    gdt_status st;

    for (;;) {
        st = gdt_stepper_eval(&f->stepper, &f->err);
        if (st != GDT_OK || f->stepper.stop != GDT_STOP_NONE)
            return st;
        st = gdt_stepper_update(&f->stepper, &f->err);
        if (st != GDT_OK)
            return st;
    }
}

/* The notes' run: w_n = 1 + (-19)^n and loss = 19^(2n) + 2 for every n up to
   2000, held as integers (denominator 1) throughout. */
static void
test_closed_form(void **state)
{
    gdt_domain d;
    fixture f;
    mpz_t want;
    unsigned long n;

    (void)state;
    gdt_domain_init_exact(&d);
    setup_run(&f, &d, "(w-1)^2 + 2", NULL, "10", "2", 2000);
    mpz_init(want);
    for (n = 0;; n++) {
        const gdt_val *w, *loss;
        assert_int_equal(gdt_stepper_eval(&f.stepper, &f.err), GDT_OK);
        w = gdt_stepper_w(&f.stepper);
        loss = gdt_stepper_loss(&f.stepper);
        assert_int_equal(f.stepper.k, n);
        mpz_ui_pow_ui(want, 19, n);
        if (n % 2)
            mpz_neg(want, want);
        mpz_add_ui(want, want, 1);
        assert_int_equal(mpz_cmp_ui(mpq_denref(w->q), 1), 0);
        if (mpz_cmp(mpq_numref(w->q), want) != 0) {
            gmp_printf("step %lu: w wrong\n  got  %Qd\n  want %Zd\n", n, w->q, want);
            fail();
        }
        mpz_ui_pow_ui(want, 19, 2 * n);
        mpz_add_ui(want, want, 2);
        assert_int_equal(mpz_cmp_ui(mpq_denref(loss->q), 1), 0);
        assert_int_equal(mpz_cmp(mpq_numref(loss->q), want), 0);
        if (f.stepper.stop != GDT_STOP_NONE)
            break;
        assert_int_equal(gdt_stepper_update(&f.stepper, &f.err), GDT_OK);
    }
    assert_int_equal(n, 2000);
    assert_int_equal(f.stepper.stop, GDT_STOP_MAX_ITER);
    mpz_clear(want);
    teardown_run(&f);
    gdt_domain_clear(&d);
}

static void
check_stop(const char *loss, const char *grad, const char *lr, const char *w0,
           unsigned long max_iter, const char *mode, gdt_stop want_stop,
           unsigned long want_k, const char *want_w)
{
    gdt_domain d;
    fixture f;
    gdt_buf b;
    gdt_numfmt fmt = { GDT_DIGITS_EXACT, 0, 0 };

    if (mode == NULL)
        gdt_domain_init_exact(&d);
    else
        assert_int_equal(gdt_domain_init_mpfr(&d, 53, MPFR_RNDN), GDT_OK);
    setup_run(&f, &d, loss, grad, lr, w0, max_iter);
    assert_int_equal(run_to_end(&f), GDT_OK);
    gdt_buf_init(&b);
    assert_int_equal(d.ops->get_str(&b, gdt_stepper_w(&f.stepper), &fmt, &d), GDT_OK);
    if (f.stepper.stop != want_stop || f.stepper.k != want_k || strcmp(b.s, want_w) != 0) {
        printf("loss %s lr %s w0 %s max-iter %lu %s\n  got  %s after %lu, w = %s\n"
               "  want %s after %lu, w = %s\n", loss, lr, w0, max_iter, mode ? mode : "exact",
               gdt_stop_str(f.stepper.stop), f.stepper.k, b.s, gdt_stop_str(want_stop),
               want_k, want_w);
        fail();
    }
    gdt_buf_clear(&b);
    teardown_run(&f);
    gdt_domain_clear(&d);
}

static void
test_stop_rules(void **state)
{
    (void)state;
    /* one step of lr = 1/(f'') lands on the minimiser */
    check_stop("(w-1)^2 + 2", NULL, "0.5", "2", 50, NULL, GDT_STOP_GRAD_ZERO, 1, "1");
    /* grad-zero is checked before max-iter */
    check_stop("(w-1)^2 + 2", NULL, "10", "1", 0, NULL, GDT_STOP_GRAD_ZERO, 0, "1");
    check_stop("(w-1)^2 + 2", NULL, "10", "2", 0, NULL, GDT_STOP_MAX_ITER, 0, "2");
    /* lr = 1: the 2-cycle 2, 0, 2, 0, ... */
    check_stop("(w-1)^2 + 2", NULL, "1", "2", 7, NULL, GDT_STOP_MAX_ITER, 7, "0");
    /* exact lr = 0.4 never reaches 1: w_n = 1 + 0.2^n */
    check_stop("(w-1)^2 + 2", "2*(w-1)", "0.4", "2", 5, NULL, GDT_STOP_MAX_ITER, 5, "1.00032");
    /* binary64-like rounding reaches 1 after 23 steps (the notes' float run) */
    check_stop("(w-1)^2 + 2", "2*(w-1)", "0.4", "2", 1000, "mpfr", GDT_STOP_GRAD_ZERO, 23, "1");
    /* a constant loss has a zero gradient at once */
    check_stop("3", NULL, "10", "2", 50, NULL, GDT_STOP_GRAD_ZERO, 0, "2");
}

/* Set F up in mode MODE with the stop rules and the stall watch asked
   for, run it to its end: the stop, the steps, w's text. */
static void
check_new_rules(const char *loss, const char *lr, const char *w0, const char *mode,
                unsigned long max_iter, int grad_zero, int stall, int watch, int nonfinite,
                gdt_stop want, unsigned long steps, long stall_start, const char *w)
{
    fixture f;
    gdt_domain d;
    gdt_buf b;
    gdt_numfmt nf = { GDT_DIGITS_SHORTEST, 0, 0 };

    assert_int_equal(gdt_domain_init_mode(&d, mode, 53, MPFR_RNDN), GDT_OK);
    setup_run(&f, &d, loss, NULL, lr, w0, max_iter);
    f.stepper.stop_on_zero = grad_zero;
    f.stepper.stop_on_stall = stall;
    f.stepper.watch_stall = watch;
    f.stepper.stop_on_nonfinite = nonfinite;
    assert_int_equal(run_to_end(&f), GDT_OK);
    if (f.stepper.stop != want || f.stepper.k != steps || f.stepper.stall_start != stall_start)
        printf("%s lr %s w0 %s %s: got %s after %lu (stall from %ld), want %s after %lu "
               "(stall from %ld)\n", loss, lr, w0, mode, gdt_stop_str(f.stepper.stop),
               f.stepper.k, f.stepper.stall_start, gdt_stop_str(want), steps, stall_start);
    assert_int_equal(f.stepper.stop, want);
    assert_int_equal(f.stepper.k, steps);
    assert_int_equal(f.stepper.stall_start, stall_start);
    gdt_buf_init(&b);
    assert_int_equal(d.ops->get_str(&b, gdt_stepper_w(&f.stepper), &nf, &d), GDT_OK);
    assert_string_equal(b.s, w);
    gdt_buf_clear(&b);
    teardown_run(&f);
    gdt_domain_clear(&d);
}

/* --stop stall and nonfinite, and the stall watch of compare. */
static void
test_stall_nonfinite(void **state)
{
    const char *notes = "(w-1)^2 + 2";

    (void)state;
    /* lr 0.1 in binary32: w_68 = w_69 = 1.0000002, the gradient 4.8e-7 */
    check_new_rules(notes, "0.1", "2", "binary32", 100, 1, 1, 0, 0, GDT_STOP_STALL, 69, 68,
                    "1.0000002");
    /* watched only: noted, the run goes on */
    check_new_rules(notes, "0.1", "2", "binary32", 100, 1, 0, 1, 0, GDT_STOP_MAX_ITER, 100, 68,
                    "1.0000002");
    /* the same on the generic path as in the native one */
    check_new_rules(notes, "0.1", "2", "native-float", 100, 1, 1, 0, 0, GDT_STOP_STALL, 69, 68,
                    "1.0000002");
    /* lr 0.4 in binary64 reaches w = 1 at step 23: a zero gradient, no
       stall, with grad-zero on or off */
    check_new_rules(notes, "0.4", "2", "binary64", 100, 1, 1, 0, 0, GDT_STOP_GRAD_ZERO, 23, -1,
                    "1.0");
    check_new_rules(notes, "0.4", "2", "binary64", 40, 0, 1, 0, 0, GDT_STOP_MAX_ITER, 40, -1,
                    "1.0");
    /* lr 0 stalls at once, in the exact mode too */
    check_new_rules(notes, "0", "2", "exact", 10, 1, 1, 0, 0, GDT_STOP_STALL, 1, 0, "2");
    /* a nan state repeats, and is no stall: binary64's notes' run is nan
       from step 243 */
    check_new_rules(notes, "10", "2", "binary64", 260, 1, 1, 0, 0, GDT_STOP_MAX_ITER, 260, -1,
                    "nan");
    /* binary16's loss overflows at step 2 (w = 362), w at step 4 */
    check_new_rules(notes, "10", "2", "binary16", 50, 1, 0, 0, 1, GDT_STOP_NONFINITE, 2, -1,
                    "362.0");
    /* at step 0: 300^2 is past binary16's 65504 */
    check_new_rules("w^2", "0.1", "300", "binary16", 50, 1, 0, 0, 1, GDT_STOP_NONFINITE, 0, -1,
                    "300.0");
    /* nan: sqrt of w_1 = -1 */
    check_new_rules("sqrt(w)", "4", "1", "binary64", 50, 1, 0, 0, 1, GDT_STOP_NONFINITE, 1, -1,
                    "-1.0");
    /* no inf or nan: max-iter */
    check_new_rules(notes, "0.1", "2", "binary64", 20, 1, 1, 0, 1, GDT_STOP_MAX_ITER, 20, -1,
                    "1.0115292150460684");
    /* nonfinite before stall: the notes' run in binary16 with both */
    check_new_rules(notes, "10", "2", "binary16", 50, 1, 1, 0, 1, GDT_STOP_NONFINITE, 2, -1,
                    "362.0");
}

/* A stepper set to a step past its max-iter (a resumed state) stops there
   at once: the stop test is k >= max_iter, never k == max_iter. */
static void
test_stop_past_max_iter(void **state)
{
    gdt_domain d;
    fixture f;

    (void)state;
    gdt_domain_init_exact(&d);
    setup_run(&f, &d, "(w-1)^2 + 2", NULL, "10", "2", 30);
    f.stepper.k = 60;
    assert_int_equal(gdt_stepper_eval(&f.stepper, &f.err), GDT_OK);
    assert_int_equal(f.stepper.stop, GDT_STOP_MAX_ITER);
    assert_int_equal(f.stepper.k, 60);
    teardown_run(&f);
    gdt_domain_clear(&d);
}

/* Loss 1/(w-1) with lr = -1 from w0 = 2 reaches w = 1 at step 1: the exact
   domain has no value there, and the stepper says where. */
static void
test_division_by_zero(void **state)
{
    gdt_domain d;
    fixture f;

    (void)state;
    gdt_domain_init_exact(&d);
    setup_run(&f, &d, "1/(w-1)", NULL, "-1", "2", 50);
    assert_int_equal(run_to_end(&f), GDT_EDIVZERO);
    assert_int_equal(f.stepper.stop, GDT_STOP_ERROR);
    assert_int_equal(f.stepper.k, 1);
    assert_string_equal(f.err.msg, "step 1: division by zero, evaluating the loss at w = 1");
    teardown_run(&f);
    gdt_domain_clear(&d);
}

/* Only what is printed is computed: a step printed only if it is the last
   evaluates the gradient and the stop rules, and the loss once a rule
   stops the run there; fields without the loss never evaluate it.  The
   loss 1/(w-1) + w^2 has no value at w = 1, and its gradient, given by
   hand as 2*w, has one: from 2 with lr = 1/4, w_n = 2 (1/2)^n is 1 at
   step 1. */
static void
test_lazy_loss(void **state)
{
    static const unsigned char no_loss[4] = { 1, 1, 1, 0 };
    gdt_domain d;
    fixture f;
    gdt_buf b;
    gdt_numfmt fmt = { GDT_DIGITS_EXACT, 0, 0 };

    (void)state;
    gdt_domain_init_exact(&d);
    gdt_buf_init(&b);
    /* printed every step: stops at step 1 on the loss */
    setup_run(&f, &d, "1/(w-1) + w^2", "2*w", "1/4", "2", 5);
    assert_int_equal(run_to_end(&f), GDT_EDIVZERO);
    assert_int_equal(f.stepper.k, 1);
    teardown_run(&f);
    /* steps not printed: the run goes on to max-iter, then the loss */
    setup_run(&f, &d, "1/(w-1) + w^2", "2*w", "1/4", "2", 5);
    f.stepper.print = GDT_PRINT_IF_LAST;
    assert_int_equal(gdt_stepper_eval(&f.stepper, &f.err), GDT_OK);
    assert_int_equal(f.stepper.has_loss, 0);
    assert_int_equal(f.stepper.evaluated, 1);
    assert_int_equal(run_to_end(&f), GDT_OK);
    assert_int_equal(f.stepper.stop, GDT_STOP_MAX_ITER);
    assert_int_equal(f.stepper.k, 5);
    assert_int_equal(f.stepper.has_loss, 1);
    /* w_5 = 1/16, loss = -16/15 + 1/256 */
    assert_int_equal(d.ops->get_str(&b, gdt_stepper_w(&f.stepper), &fmt, &d), GDT_OK);
    assert_string_equal(b.s, "0.0625");
    gdt_buf_reset(&b);
    assert_int_equal(d.ops->get_str(&b, gdt_stepper_loss(&f.stepper), &fmt, &d), GDT_OK);
    assert_string_equal(b.s, "-4081/3840");
    teardown_run(&f);
    /* the loss left out of the fields: never evaluated, never an error */
    setup_run(&f, &d, "1/(w-1) + w^2", "2*w", "1/4", "2", 5);
    f.stepper.fields = no_loss;
    assert_int_equal(run_to_end(&f), GDT_OK);
    assert_int_equal(f.stepper.stop, GDT_STOP_MAX_ITER);
    assert_int_equal(f.stepper.has_loss, 0);
    teardown_run(&f);
    gdt_buf_clear(&b);
    gdt_domain_clear(&d);
}

/* The least-squares line of data/linreg.csv: gradient descent on
   mean((a*x + b - y)^2) converges to the exact minimiser, which the normal
   equations give as a = 16958189/8387499, b = 812759599/838749900 (the data
   set's note; Python's fractions agree). */
static void
test_least_squares(void **state)
{
    gdt_data data;
    gdt_names cols;
    gdt_problem p;
    gdt_program prog;
    gdt_stepper s;
    gdt_domain d;
    gdt_error err;
    mpq_t lr, w0[2], sx, sy, sxx, sxy, t, astar, bstar, want;
    mpfr_t diff;
    size_t i, n, end;

    (void)state;
    gdt_data_init(&data);
    assert_int_equal(gdt_data_read(&data, "data/linreg.csv", &err), GDT_OK);
    n = data.nrows;
    /* the normal equations, exactly */
    mpq_init(sx); mpq_init(sy); mpq_init(sxx); mpq_init(sxy); mpq_init(t);
    mpq_init(astar); mpq_init(bstar); mpq_init(want);
    for (i = 0; i < n; i++) {
        mpq_add(sx, sx, data.cells[2 * i]);
        mpq_add(sy, sy, data.cells[2 * i + 1]);
        mpq_mul(t, data.cells[2 * i], data.cells[2 * i]);
        mpq_add(sxx, sxx, t);
        mpq_mul(t, data.cells[2 * i], data.cells[2 * i + 1]);
        mpq_add(sxy, sxy, t);
    }
    /* a = (n sxy - sx sy) / (n sxx - sx^2), b = (sy - a sx) / n */
    mpq_set_ui(t, n, 1);
    mpq_mul(astar, t, sxy);
    mpq_mul(want, sx, sy);
    mpq_sub(astar, astar, want);
    mpq_mul(bstar, t, sxx);
    mpq_mul(want, sx, sx);
    mpq_sub(bstar, bstar, want);
    mpq_div(astar, astar, bstar);
    mpq_mul(bstar, astar, sx);
    mpq_sub(bstar, sy, bstar);
    mpq_div(bstar, bstar, t);
    assert_int_equal(mpq_set_str(want, "16958189/8387499", 10), 0);
    assert_true(mpq_equal(astar, want));
    assert_int_equal(mpq_set_str(want, "812759599/838749900", 10), 0);
    assert_true(mpq_equal(bstar, want));

    cols.name = data.names;
    cols.n = data.ncols;
    assert_int_equal(gdt_problem_init(&p, "mean((a*x + b - y)^2)", NULL, 0, &cols, NULL, &err),
                     GDT_OK);
    assert_int_equal(p.n, 2);
    assert_int_equal(gdt_program_init_data(&prog, p.loss, p.grad, p.n, data.ncols, data.nrows,
                                           (const mpq_t *)data.cells), GDT_OK);
    assert_int_equal(gdt_domain_init_mpfr(&d, 200, MPFR_RNDN), GDT_OK);
    mpq_init(lr);
    mpq_init(w0[0]);
    mpq_init(w0[1]);
    assert_int_equal(gdt_q_parse(lr, "0.1", &end), GDT_OK);
    assert_int_equal(gdt_stepper_init(&s, &prog, &d, lr, w0, 2500, GDT_UPDATE_SUB, &err),
                     GDT_OK);
    while (gdt_stepper_eval(&s, &err) == GDT_OK && s.stop == GDT_STOP_NONE)
        assert_int_equal(gdt_stepper_update(&s, &err), GDT_OK);
    assert_int_equal(s.stop, GDT_STOP_MAX_ITER);
    /* |a_2500 - a*| and |b_2500 - b*| below 1e-30 */
    mpfr_init2(diff, 200);
    mpfr_sub_q(diff, gdt_stepper_param(&s, 0)->f, astar, MPFR_RNDN);
    mpfr_abs(diff, diff, MPFR_RNDN);
    assert_true(mpfr_cmp_ui_2exp(diff, 1, -99) < 0);
    mpfr_sub_q(diff, gdt_stepper_param(&s, 1)->f, bstar, MPFR_RNDN);
    mpfr_abs(diff, diff, MPFR_RNDN);
    assert_true(mpfr_cmp_ui_2exp(diff, 1, -99) < 0);
    mpfr_clear(diff);
    gdt_stepper_clear(&s);
    gdt_domain_clear(&d);
    gdt_program_clear(&prog);
    gdt_problem_clear(&p);
    gdt_data_clear(&data);
    mpq_clear(lr); mpq_clear(w0[0]); mpq_clear(w0[1]);
    mpq_clear(sx); mpq_clear(sy); mpq_clear(sxx); mpq_clear(sxy); mpq_clear(t);
    mpq_clear(astar); mpq_clear(bstar); mpq_clear(want);
}

/* gdt_stepper_clear accepts what gdt_stepper_init failed on, whatever the
   stepper held before (gdtrace.h's one contract), and ERR says why. */
static void
test_init_failure_clears(void **state)
{
    static const struct { const char *mode, *lr; gdt_status st; const char *msg; } bad[] = {
        { "int32", "0.5", GDT_EDOMAIN, "lr 0.5 is not a value of mode int32" },
        { "int8", "1000", GDT_ERANGE, "lr 1000 is out of the range of mode int8" },
    };
    gdt_problem p;
    gdt_program prog;
    gdt_domain d;
    gdt_stepper s;
    gdt_error err;
    gdt_status st;
    mpq_t lr, w0;
    size_t i, end;

    (void)state;
    mpq_init(lr);
    mpq_init(w0);
    mpq_set_ui(w0, 2, 1);
    assert_int_equal(gdt_problem_init(&p, "(w-1)^2 + 2", NULL, 0, NULL, NULL, &err), GDT_OK);
    assert_int_equal(gdt_program_init(&prog, p.loss, p.grad, p.n), GDT_OK);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(gdt_q_parse(lr, bad[i].lr, &end), GDT_OK);
        assert_int_equal(gdt_domain_init_mode(&d, bad[i].mode, 53, MPFR_RNDN), GDT_OK);
        memset(&s, 0xa5, sizeof s);   /* what a stack variable may hold */
        gdt_error_clear(&err);
        st = gdt_stepper_init(&s, &prog, &d, lr, &w0, 10, GDT_UPDATE_SUB, &err);
        if (st != bad[i].st || strcmp(err.msg, bad[i].msg) != 0) {
            printf("gdt_stepper_init wrong: mode %s, lr %s\n  got  %d \"%s\"\n"
                   "  want %d \"%s\"\n", bad[i].mode, bad[i].lr, (int)st, err.msg,
                   (int)bad[i].st, bad[i].msg);
            fail();
        }
        gdt_stepper_clear(&s);
        gdt_domain_clear(&d);
    }
    gdt_stepper_clear(NULL);
    gdt_program_clear(&prog);
    gdt_problem_clear(&p);
    mpq_clear(lr);
    mpq_clear(w0);
}

/* The texts of every value of the current steps of A and B must be the
   same, in every format the decimal path writes and in --digits 5 (which
   it leaves to the exact path). */
static void
same_texts(const gdt_stepper *a, const gdt_stepper *b, const char *loss)
{
    static const gdt_numfmt fmts[] = {
        { GDT_DIGITS_SHORTEST, 0, 0 }, { GDT_DIGITS_SHORTEST, 0, 1 },
        { GDT_DIGITS_EXACT, 0, 0 }, { GDT_DIGITS_N, 5, 0 },
    };
    gdt_buf ta, tb;
    size_t f, i, v;
    gdt_status sa, sb;

    gdt_buf_init(&ta);
    gdt_buf_init(&tb);
    for (f = 0; f < sizeof fmts / sizeof fmts[0]; f++)
        for (v = 0; v < 3; v++)
            for (i = 0; i < (v == 2 ? 1 : a->prog->nparams); i++) {
                gdt_buf_reset(&ta);
                gdt_buf_reset(&tb);
                sa = gdt_stepper_get_str(&ta, a, (gdt_value_kind)v, i, &fmts[f]);
                sb = gdt_stepper_get_str(&tb, b, (gdt_value_kind)v, i, &fmts[f]);
                if (sa != sb || (sa == GDT_OK && strcmp(ta.s, tb.s) != 0)) {
                    printf("loss %s step %lu value %zu.%zu format %zu: text wrong\n"
                           "  got  %d \"%s\"\n  want %d \"%s\"\n", loss, a->k, v, i, f,
                           (int)sa, ta.s ? ta.s : "", (int)sb, tb.s ? tb.s : "");
                    fail();
                }
            }
    gdt_buf_clear(&ta);
    gdt_buf_clear(&tb);
}

/* 1: check_decimal reads the texts at one step in 10 only, so that the
   decimal path stops following a loss no one reads */
static int sparse;

/* The decimal path (src/run/decpath.c) against the exact path: the same
   steps, stops, errors and texts, whether it is taken (ENGAGED) or not. */
static void
check_decimal(const char *loss, const char *grad, const char *lr, const char *w0,
              unsigned long max_iter, size_t max_bits, int engaged)
{
    gdt_domain dd, de;
    fixture f, e;
    gdt_status sf, se;
    mpq_t qf, qe;

    gdt_domain_init_exact(&dd);
    gdt_domain_init_exact(&de);
    dd.max_bits = de.max_bits = max_bits;
    setup_run(&f, &dd, loss, grad, lr, w0, max_iter);
    setup_run(&e, &de, loss, grad, lr, w0, max_iter);
    mpq_inits(qf, qe, (mpq_ptr)0);
    f.stepper.decimal = 1;
    for (;;) {
        sf = gdt_stepper_eval(&f.stepper, &f.err);
        se = gdt_stepper_eval(&e.stepper, &e.err);
        if (f.stepper.k == 0 && (f.stepper.dec != NULL) != engaged) {
            printf("loss %s lr %s w0 %s: the decimal path %s\n", loss, lr, w0,
                   engaged ? "not taken" : "taken");
            fail();
        }
        assert_int_equal(sf, se);
        assert_int_equal(f.stepper.stop, e.stepper.stop);
        assert_int_equal(f.stepper.k, e.stepper.k);
        assert_int_equal(f.stepper.evaluated, e.stepper.evaluated);
        if (sf != GDT_OK) {
            assert_string_equal(f.err.msg, e.err.msg);
            break;
        }
        if (!sparse || f.stepper.k % 10 == 3)
            same_texts(&f.stepper, &e.stepper, loss);
        if (f.stepper.k % 7 == 0) { /* the values read as gdt_val */
            assert_int_equal(dd.ops->get_q(qf, gdt_stepper_w(&f.stepper), &dd), GDT_OK);
            assert_int_equal(de.ops->get_q(qe, gdt_stepper_w(&e.stepper), &de), GDT_OK);
            assert_true(mpq_equal(qf, qe));
            assert_int_equal(dd.ops->get_q(qf, gdt_stepper_loss(&f.stepper), &dd), GDT_OK);
            assert_int_equal(de.ops->get_q(qe, gdt_stepper_loss(&e.stepper), &de), GDT_OK);
            assert_true(mpq_equal(qf, qe));
            assert_int_equal(dd.ops->get_q(qf, gdt_stepper_grad(&f.stepper), &dd), GDT_OK);
            assert_int_equal(de.ops->get_q(qe, gdt_stepper_grad(&e.stepper), &de), GDT_OK);
            assert_true(mpq_equal(qf, qe));
        }
        if (f.stepper.stop != GDT_STOP_NONE)
            break;
        sf = gdt_stepper_update(&f.stepper, &f.err);
        se = gdt_stepper_update(&e.stepper, &e.err);
        assert_int_equal(sf, se);
        if (sf != GDT_OK) {
            assert_string_equal(f.err.msg, e.err.msg);
            break;
        }
    }
    mpq_clears(qf, qe, (mpq_ptr)0);
    teardown_run(&f);
    teardown_run(&e);
    gdt_domain_clear(&dd);
    gdt_domain_clear(&de);
}

static void
test_decimal_path(void **state)
{
    (void)state;
    /* the notes' run, r = -19; to its size limit, handed over before it */
    check_decimal("(w-1)^2 + 2", NULL, "10", "2", 300, 0, 1);
    check_decimal("(w-1)^2 + 2", NULL, "10", "2", 3000, 2000, 1);
    check_decimal("(w-1)^2 + 2", NULL, "10", "2", 3000, 20000, 1);
    /* r = -3; r = -13 with a loss whose vertex is not w*; r = 0: grad-zero
       at step 1; r = 1 (a constant gradient); r = 3 (lr < 0) */
    check_decimal("(w-3)^2", NULL, "2", "5", 200, 0, 1);
    check_decimal("7*w^2 - 4*w + 1", "14*w - 5", "1", "-3", 200, 0, 1);
    check_decimal("(w-5)^2 + 3*w", "w - 2", "1", "9", 10, 0, 1);
    check_decimal("3*w - 4", NULL, "2", "1", 50, 0, 1);
    check_decimal("w^2 - w", NULL, "-1", "0", 100, 0, 1);
    /* grad-zero at step 0; a gradient that is 0 everywhere */
    check_decimal("(w-1)^2", NULL, "1", "1", 10, 0, 1);
    check_decimal("w - w + 4", NULL, "3", "8", 10, 0, 1);
    /* not taken: a division, a non-integer lr or w0, a quartic loss, a
       function, a multiplier too large for the loss's recurrence */
    check_decimal("w^2/2", NULL, "3", "1", 50, 0, 0);
    check_decimal("(w-1)^2 + 2", NULL, "1/10", "2", 50, 0, 0);
    check_decimal("(w-1)^2 + 2", NULL, "10", "1/2", 50, 0, 0);
    check_decimal("w^4", "w", "2", "1", 50, 0, 0);
    check_decimal("abs(w) + w^2", "2*w", "3", "1", 50, 0, 0);
    check_decimal("(w-1)^2", NULL, "100000", "2", 20, 0, 0);
    sparse = 1;
    check_decimal("(w-1)^2 + 2", NULL, "10", "2", 100, 0, 1);
    check_decimal("7*w^2 - 4*w + 1", "14*w - 5", "1", "-3", 100, 0, 1);
    sparse = 0;
}

/* Run LOSS from W0 at LR in MODE (exact: the exact domain) with
   detect_cycles to MAX_ITER: the stop, the step and, for a cycle, its
   period and first step. */
static void
check_cycle(const char *loss, const char *lr, const char *w0, const char *mode,
            unsigned long max_iter, gdt_stop want, unsigned long steps, unsigned long period,
            unsigned long start)
{
    fixture f;
    gdt_domain d;

    if (strcmp(mode, "exact") == 0)
        gdt_domain_init_exact(&d);
    else
        assert_int_equal(gdt_domain_init_mode(&d, mode, 53, MPFR_RNDN), GDT_OK);
    setup_run(&f, &d, loss, NULL, lr, w0, max_iter);
    f.stepper.detect_cycles = 1;
    f.stepper.print = GDT_PRINT_SUMMARY;
    assert_int_equal(run_to_end(&f), GDT_OK);
    if (f.stepper.stop != want || f.stepper.k != steps
        || (want == GDT_STOP_CYCLE
            && (f.stepper.cycle_period != period || f.stepper.cycle_start != start)))
        printf("%s lr %s %s max_iter %lu: got %s at %lu (period %lu from %lu), "
               "want %s at %lu (period %lu from %lu)\n", loss, lr, mode, max_iter,
               gdt_stop_str(f.stepper.stop), f.stepper.k, f.stepper.cycle_period,
               f.stepper.cycle_start, gdt_stop_str(want), steps, period, start);
    assert_int_equal(f.stepper.stop, want);
    assert_int_equal(f.stepper.k, steps);
    if (want == GDT_STOP_CYCLE) {
        assert_int_equal(f.stepper.cycle_period, period);
        assert_int_equal(f.stepper.cycle_start, start);
    }
    teardown_run(&f);
    gdt_domain_clear(&d);
}

/* --stop cycle: Brent's during the run, and at max_iter the states of
   the last GDT_CYCLE_WINDOW steps, so that a cycle of a period up to that
   which closed by max_iter stops the run there, whenever Brent's would
   see it; a longer one only by Brent's. */
static void
test_cycle_window(void **state)
{
    const char *liu = "x^2 + 0.1*cos(2*pi*x/0.1)";

    (void)state;
    /* lr 1: 2, 0, 2, ...; Brent's finds it at step 3 */
    check_cycle("(w-1)^2 + 2", "1", "2", "exact", 1, GDT_STOP_MAX_ITER, 1, 0, 0);
    check_cycle("(w-1)^2 + 2", "1", "2", "exact", 2, GDT_STOP_CYCLE, 2, 2, 0);
    check_cycle("(w-1)^2 + 2", "1", "2", "binary64", 2, GDT_STOP_CYCLE, 2, 2, 0);
    check_cycle("(w-1)^2 + 2", "1", "2", "binary64", 10, GDT_STOP_CYCLE, 3, 2, 0);
    /* binary32, lr 0.22741699: w_529 = w_590, period 61; Brent's at 1084 */
    check_cycle(liu, "0.22741699", "5", "binary32", 589, GDT_STOP_MAX_ITER, 589, 0, 0);
    check_cycle(liu, "0.22741699", "5", "binary32", 590, GDT_STOP_CYCLE, 590, 61, 529);
    check_cycle(liu, "0.22741699", "5", "binary32", 1000, GDT_STOP_CYCLE, 1000, 61, 529);
    check_cycle(liu, "0.22741699", "5", "binary32", 2000, GDT_STOP_CYCLE, 1084, 61, 529);
    /* binary16, lr 0.025: period 79 from step 35, beyond the window: only
       Brent's, at step 206 */
    check_cycle(liu, "0.025", "5", "binary16", 150, GDT_STOP_MAX_ITER, 150, 0, 0);
    check_cycle(liu, "0.025", "5", "binary16", 206, GDT_STOP_CYCLE, 206, 79, 35);
    /* a stall (period 1) in binary32: w_818 = w_819 */
    check_cycle(liu, "0.0007324219", "5", "binary32", 818, GDT_STOP_MAX_ITER, 818, 0, 0);
    check_cycle(liu, "0.0007324219", "5", "binary32", 819, GDT_STOP_CYCLE, 819, 1, 818);
    check_cycle(liu, "0.0007324219", "5", "binary32", 1000, GDT_STOP_CYCLE, 1000, 1, 818);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_form),
        cmocka_unit_test(test_stop_rules),
        cmocka_unit_test(test_stop_past_max_iter),
        cmocka_unit_test(test_stall_nonfinite),
        cmocka_unit_test(test_cycle_window),
        cmocka_unit_test(test_division_by_zero),
        cmocka_unit_test(test_lazy_loss),
        cmocka_unit_test(test_least_squares),
        cmocka_unit_test(test_init_failure_clears),
        cmocka_unit_test(test_decimal_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
