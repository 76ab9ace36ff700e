/* gdtrace -- the command: parse options, set the run up, run, report.
   A thin client of libgdtrace: it alone prints errors and picks exit codes.
   main() is gdtrace.c's, or the MPI build's (mpi/gdtrace_mpi.c). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "cli_impl.h"

/* A parse error in an expression: the message, then the text with a caret
   under the bad column (tabs and newlines shown as spaces, so that the
   caret lines up). */
static void
expr_error(const char *opt, const char *text, const gdt_error *err)
{
    if (err->pos != SIZE_MAX && text != NULL) {
        size_t len = strlen(text), col = err->pos <= len ? err->pos : len;
        size_t from = col > 40 ? col - 40 : 0, to = len - from > 80 ? from + 80 : len;
        size_t i;

        /* a long expression is shown as the 80 bytes around the column */
        fprintf(stderr, "%s: --%s, column %zu: %s\n  %s", progname, opt, col + 1, err->msg,
                from > 0 ? "..." : "");
        for (i = from; i < to; i++)
            fputc((unsigned char)text[i] < ' ' ? ' ' : text[i], stderr);
        fprintf(stderr, "%s\n  %*s^\n", to < len ? "..." : "",
                (int)(col - from + (from > 0 ? 3 : 0)), "");
    } else {
        fprintf(stderr, "%s: --%s: %s\n", progname, opt, err->msg);
    }
}

/* The message and exit status of a session that could not be opened. */
static int
open_failed(const gdt_opts *s, const gdt_session *ss, gdt_status st,
            const gdt_error *err)
{
    switch (ss->phase) {
    case GDT_SESSION_DATA:
        fprintf(stderr, "%s: --data: %s\n", progname, err->msg);
        break;
    case GDT_SESSION_PROBLEM:
        expr_error(ss->where != NULL && ss->where != s->loss ? "grad" : "loss", ss->where,
                   err);
        break;
    default:
        fprintf(stderr, "%s: %s\n", progname, err->msg);
        return EXIT_RUN;
    }
    return st == GDT_ENOMEM ? EXIT_RUN : EXIT_USAGE;
}

/* Write the exact value Q to F. */
static void
put_q(FILE *f, const mpq_t q)
{
    gdt_buf b;

    gdt_buf_init(&b);
    if (gdt_q_get_str(&b, q) == GDT_OK)
        fputs(b.s, f);
    gdt_buf_clear(&b);
}

/* One line on stderr for each hand-written --grad that disagrees with the
   exact derivative of the loss at w0 or another exact point
   (gdt_grad_check_run); the run goes on, whatever the check found or
   could not do. */
static void
warn_grads(const gdt_opts *s, const gdt_session *ss)
{
    const gdt_problem *pb = &ss->problem;
    gdt_grad_check c;
    gdt_grad_check_in in = {
        .ncols = ss->data.ncols, .nrows = ss->data.nrows,
        .cells = (const mpq_t *)ss->data.cells, .w0 = (const mpq_t *)s->w0_q,
        .max_bits = 1UL << 16, .stop = cli_run_opts.stop,
    };
    size_t i, j, n = pb->n;

    if (gdt_problem_all_derived(pb))
        return;
    gdt_grad_check_init(&c);
    (void)!gdt_grad_check_run(&c, pb, &in); /* what it found before a failure */
    for (i = 0; i < c.n; i++) {
        if (!c.found[i])
            continue;
        fprintf(stderr, "%s: warning: --grad for %s disagrees with the exact derivative of the "
                        "loss at ", progname, pb->params.name[i]);
        for (j = 0; j < n; j++) {
            fprintf(stderr, "%s%s = ", j ? ", " : "", pb->params.name[j]);
            put_q(stderr, c.at[i * n + j]);
        }
        fputs(": ", stderr);
        put_q(stderr, c.given[i]);
        fputs(" given, ", stderr);
        put_q(stderr, c.derived[i]);
        fputs(" derived\n", stderr);
    }
    gdt_grad_check_clear(&c);
}

int
cli_main(int argc, char **argv, const struct cli_sweep_runner *run)
{
    gdt_opts s;
    gdt_session ss;
    gdt_session_opts o;
    gdt_error err;
    int help = 0, version = 0, rc;
    gdt_status st;

    cli_guard_process();
    if (argc > 1 && strcmp(argv[1], "merge") == 0) /* its own arguments: parts */
        return cli_cmd_merge(argc - 2, argv + 2);
    if (argc > 1 && strcmp(argv[1], "serve") == 0) /* its own options: the server's */
        return cli_cmd_serve(argc - 2, argv + 2);
    gdt_opts_init(&s, GDT_CMD_RUN);
    gdt_error_clear(&err);
    memset(&ss, 0, sizeof ss);
    gdt_data_init(&ss.data);
    rc = cli_read_args(&s, argc, argv, &help, &version);
    if (rc == 0 && help) {
        cli_usage(stdout, s.boundary ? GDT_CMD_BOUNDARY : s.zoom ? GDT_CMD_ZOOM : s.cmd);
        goto out;
    }
    if (rc == 0 && version) {
        printf("gdtrace %s (GMP %s, MPFR %s)\n", GDT_VERSION, gmp_version, mpfr_get_version());
        goto out;
    }
    if (rc == 0)
        rc = cli_check_settings(&s);
    if (rc != 0)
        goto out;

    gdt_opts_session(&o, &s, cli_run_opts.stop);
    if ((st = gdt_session_open(&ss, &o, &err)) != GDT_OK) {
        rc = open_failed(&s, &ss, st, &err);
        goto out;
    }
    if (s.format == GDT_FORMAT_PYTHON && ss.problem.n > 1) {
        rc = cli_bad_option("format", "'%s' prints the notes' list of one weight; the loss has several parameters",
                            "python");
        goto out;
    }
    if ((st = gdt_opts_read_w0(&s, &ss.problem, &err)) != GDT_OK
        || (st = gdt_opts_read_lr(&s, &ss.problem, &err)) != GDT_OK
        || (st = gdt_opts_read_fields(&s, &ss.problem, &err)) != GDT_OK) {
        rc = cli_opts_failed(&s, st, &err);
        goto out;
    }
    gdt_opts_session(&o, &s, cli_run_opts.stop);
    warn_grads(&s, &ss);
    if (s.cmd == GDT_CMD_COMPARE)
        rc = cli_cmd_compare(&s, &ss, &o);
    else if (s.cmd == GDT_CMD_ANALYZE)
        rc = cli_cmd_analyze(&s, &ss, &o);
    else if (s.cmd == GDT_CMD_SWEEP && s.boundary)
        rc = cli_cmd_boundary(&s, &ss, &o);
    else if (s.cmd == GDT_CMD_SWEEP && s.zoom)
        rc = cli_cmd_zoom(&s, &ss, &o);
    else if (s.cmd == GDT_CMD_SWEEP)
        rc = cli_sweep_with(&s, &ss, &o, run);
    else
        rc = cli_cmd_run(&s, &ss, &o);
out:
    /* what went through stdio (--help, --version) is checked too */
    if (rc == 0 && (fflush(stdout) != 0 || ferror(stdout))) {
        fprintf(stderr, "%s: write error: %s\n", progname, strerror(errno));
        rc = EXIT_RUN;
    }
    gdt_session_clear(&ss);
    gdt_opts_clear(&s);
    return rc;
}
