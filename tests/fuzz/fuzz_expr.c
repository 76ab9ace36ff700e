/* fuzz_expr -- libFuzzer target: parse, derive, print and lower expressions

   Each input is parsed as a loss twice: without a data set and with the
   columns x and y of a two-row data set.  What parses is derived by its first
   parameters, printed, read back (the printed text must parse again and
   print the same: gdt_expr_print's contract), lowered to a program with its
   gradient and evaluated once in binary64, and in the exact domain twice:
   as it declares itself (sums over the rows pairwise, polynomial bodies as
   moments of the data set) and with the same methods declared rounded
   (rows added one by one), which must give the same values.  Every object
   is freed, so the leak checker of -fsanitize=address sees any leak. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gmp.h>
#include <mpfr.h>
#include "gdtrace/buf.h"
#include "gdtrace/expr.h"
#include "gdtrace/num.h"
#include "gdtrace/program.h"

#define INPUT_MAX 4096   /* bytes of expression text per input */
#define MAX_DERIVE 4     /* parameters derived; the others get the loss as
                            a stand-in gradient, which lowers the same way */
#define MAX_LOWER 32     /* more parameters than this: not lowered */
#define MAX_DIGITS 100000 /* more digits in the numbers: not printed */
#define EXACT_BITS 4096  /* --max-bits of the exact evaluations */

/* The data set of the second parse: columns x, y; rows (1, 2), (3, -1/2). */
static char col_x[] = "x", col_y[] = "y";
static char *col_names[] = { col_x, col_y };
static const gdt_names columns = { col_names, 2 };
static mpq_t cells[4];

/* The decimal digits of the numbers in E, along the left operands in a
   loop, so that the recursion follows the nesting of E and not the length
   of its sums (as every walker of the library does). */
static size_t
digits(const gdt_expr *e)
{
    size_t n = 0;

    for (; e != NULL; e = e->a) {
        n += digits(e->b) + digits(e->c) + digits(e->d);
        if (e->kind == GDT_EXPR_NUM)
            n += mpz_sizeinbase(mpq_numref(e->q), 10) + mpz_sizeinbase(mpq_denref(e->q), 10);
    }
    return n;
}

/* Print the parsed LOSS, parse the text again and print that: the two texts
   must be equal.  A failure is a bug in the printer or the parser. */
static void
check_reads_back(const gdt_expr *loss, const gdt_names *names, const gdt_names *cols)
{
    gdt_buf t1, t2;
    gdt_names names2;
    gdt_expr *e2 = NULL;
    gdt_error err;

    gdt_buf_init(&t1);
    gdt_buf_init(&t2);
    gdt_names_init(&names2);
    if (gdt_expr_print_data(&t1, loss, names, cols) != GDT_OK)
        goto out; /* out of memory */
    if (gdt_expr_parse_data(&e2, t1.s, &names2, cols, &err) != GDT_OK) {
        if (err.status == GDT_ENOMEM)
            goto out;
        fprintf(stderr, "printed expression does not parse: %s at %zu\n  text \"%s\"\n",
                err.msg, err.pos, t1.s);
        abort();
    }
    if (gdt_expr_print_data(&t2, e2, &names2, cols) != GDT_OK)
        goto out;
    if (strcmp(t1.s, t2.s) != 0) {
        fprintf(stderr, "printed expression does not read back\n  got  \"%s\"\n  want \"%s\"\n",
                t2.s, t1.s);
        abort();
    }
out:
    gdt_expr_free(e2);
    gdt_names_clear(&names2);
    gdt_buf_clear(&t1);
    gdt_buf_clear(&t2);
}

/* Evaluate P once in binary64, the parameters set to 1/2, 3/2, 5/2, ... */
static void
evaluate(const gdt_program *p)
{
    gdt_domain d;
    gdt_val *regs;
    mpq_t q;
    size_t i, failed;

    if (gdt_domain_init_ieee(&d, "binary64", MPFR_RNDN) != GDT_OK)
        abort();
    if (gdt_program_regs_new(&regs, p, &d) == GDT_OK) {
        mpq_init(q);
        for (i = 0; i < p->nparams; i++) {
            mpq_set_ui(q, 2 * i + 1, 2);
            if (d.ops->set_q(&regs[p->nconsts + i], q, &d) != GDT_OK)
                abort();
        }
        mpq_clear(q);
        (void)gdt_program_eval(p, regs, &d, &failed);
        gdt_program_regs_free(regs, p, &d);
    }
    gdt_domain_clear(&d);
}

/* Evaluate P at the parameters 1/2, 3/2, ... in the exact domain D; the
   status, and the values in *VALS (P->nparams + 1 of them, initialised). */
static gdt_status
eval_exact(const gdt_program *p, gdt_domain *d, mpq_t *vals)
{
    gdt_val *regs;
    gdt_status st;
    size_t i;

    if ((st = gdt_program_regs_new(&regs, p, d)) != GDT_OK)
        return st;
    for (i = 0; i < p->nparams; i++)
        mpq_set_ui(regs[p->nconsts + i].q, 2 * i + 1, 2);
    st = gdt_program_eval(p, regs, d, NULL);
    if (st == GDT_OK) {
        mpq_set(vals[0], regs[p->loss_reg].q);
        for (i = 0; i < p->nparams; i++)
            mpq_set(vals[1 + i], regs[p->grad_reg[i]].q);
    }
    gdt_program_regs_free(regs, p, d);
    return st;
}

/* The exact domain's sums over the rows, pairwise or as moments, give what
   adding the rows one by one gives: the same status and the same values,
   unless either passed the size limit (the two add in different orders,
   through numbers of different sizes). */
static void
check_exact_sums(const gdt_program *p)
{
    gdt_domain d, seq;
    gdt_domain_ops one_by_one;
    mpq_t *v[2];
    gdt_status st[2];
    size_t i, j, n = p->nparams + 1;

    gdt_domain_init_exact(&d);
    gdt_domain_init_exact(&seq);
    d.max_bits = seq.max_bits = EXACT_BITS;
    one_by_one = *seq.ops;
    one_by_one.exact = 0;
    seq.ops = &one_by_one;
    for (j = 0; j < 2; j++) {
        v[j] = malloc(n * sizeof *v[j]);
        if (v[j] == NULL)
            abort();
        for (i = 0; i < n; i++)
            mpq_init(v[j][i]);
    }
    st[0] = eval_exact(p, &d, v[0]);
    st[1] = eval_exact(p, &seq, v[1]);
    if (st[0] != GDT_ERANGE && st[1] != GDT_ERANGE && st[0] != GDT_ENOMEM
        && st[1] != GDT_ENOMEM) {
        if (st[0] != st[1]) {
            fprintf(stderr, "exact sums: status %d, one by one %d\n", st[0], st[1]);
            abort();
        }
        for (i = 0; st[0] == GDT_OK && i < n; i++)
            if (!mpq_equal(v[0][i], v[1][i])) {
                gmp_fprintf(stderr, "exact sums: value %zu is %Qd, one by one %Qd\n", i,
                            v[0][i], v[1][i]);
                abort();
            }
    }
    for (j = 0; j < 2; j++) {
        for (i = 0; i < n; i++)
            mpq_clear(v[j][i]);
        free(v[j]);
    }
    gdt_domain_clear(&d);
    gdt_domain_clear(&seq);
}

/* Parse TEXT over COLS (NULL: no data set) and put what parses through
   everything else. */
static void
run(const char *text, const gdt_names *cols)
{
    gdt_names names;
    gdt_expr *loss = NULL, *grad[MAX_LOWER];
    gdt_error err;
    gdt_buf out;
    gdt_program prog;
    size_t i, n, nderived = 0;
    int printable;

    gdt_names_init(&names);
    gdt_buf_init(&out);
    if (gdt_expr_parse_data(&loss, text, &names, cols, &err) != GDT_OK) {
        if (loss != NULL)
            abort(); /* the contract: *OUT is NULL on failure */
        goto out;
    }
    printable = digits(loss) <= MAX_DIGITS;
    if (printable)
        check_reads_back(loss, &names, cols);
    n = names.n;
    for (i = 0; i < n && i < MAX_DERIVE; i++, nderived++)
        if (gdt_expr_derive(&grad[i], loss, (int)i, &err) != GDT_OK)
            goto out_grad;
    for (i = 0; i < nderived; i++) {
        if (!printable || digits(grad[i]) > MAX_DIGITS)
            continue;
        gdt_buf_reset(&out);
        (void)gdt_expr_print_data(&out, grad[i], &names, cols);
    }
    if (n <= MAX_LOWER) {
        for (i = nderived; i < n; i++)
            grad[i] = loss;
        if (cols == NULL) {
            if (gdt_program_init(&prog, loss, grad, n) == GDT_OK) {
                evaluate(&prog);
                gdt_program_clear(&prog);
            }
        } else if (gdt_program_init_data(&prog, loss, grad, n, 2, 2,
                                         (const mpq_t *)cells) == GDT_OK) {
            evaluate(&prog);
            check_exact_sums(&prog);
            gdt_program_clear(&prog);
        }
    }
out_grad:
    for (i = 0; i < nderived; i++)
        gdt_expr_free(grad[i]);
out:
    gdt_expr_free(loss);
    gdt_names_clear(&names);
    gdt_buf_clear(&out);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    mpq_init(cells[0]);
    mpq_init(cells[1]);
    mpq_init(cells[2]);
    mpq_init(cells[3]);
    mpq_set_si(cells[0], 1, 1);
    mpq_set_si(cells[1], 2, 1);
    mpq_set_si(cells[2], 3, 1);
    mpq_set_si(cells[3], -1, 2);
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text;

    if (size > INPUT_MAX)
        return 0;
    text = malloc(size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    run(text, NULL);
    run(text, &columns);
    free(text);
    return 0;
}
