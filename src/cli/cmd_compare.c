/* cmd_compare -- gdtrace compare: every mode side by side; a picture */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli_impl.h"

/* The minimiser w* of a loss of one parameter whose gradient is affine,
   from the program's exact map (data set included): 1, or 0 when there is
   none (another loss, a singular map, a stop asked for). */
static int
plot_wstar(mpq_t wstar, const gdt_session *ss)
{
    gdt_affine a;
    int ok = 0;

    if (ss->problem.n != 1 || !gdt_problem_is_affine(&ss->problem))
        return 0;
    if (gdt_affine_init(&a, &ss->program) == GDT_OK)
        ok = gdt_affine_fixed_point((mpq_t *)wstar, &a, cli_run_opts.stop);
    gdt_affine_clear(&a);
    return ok;
}

/* The progress line as the first of a comparison's sinks: told each step,
   and its end clears the line before the events table is written. */
static gdt_status
progress_step(void *ctx, const gdt_compare *c, gdt_error *err)
{
    (void)err;
    cli_progress_update(ctx, c->k);
    return GDT_OK;
}

static gdt_status
progress_end(void *ctx, const gdt_compare *c, gdt_error *err)
{
    (void)err;
    cli_progress_end(ctx, c->k);
    return GDT_OK;
}

/* gdtrace compare: every mode side by side, then the events; a picture. */
int
cli_cmd_compare(gdt_opts *s, gdt_session *ss, const gdt_session_opts *o)
{
    gdt_compare cmp;
    gdt_reporter reporter;
    gdt_run_info info;
    gdt_compare_sink sinks[3];
    struct cli_progress prog;
    size_t nsinks = 0;
    gdt_plot plot, *pl = NULL;
    gdt_error err;
    gdt_status st;
    mpq_t wstar;
    int rc = 0, have_wstar;
    char *title = NULL;

    gdt_error_clear(&err);
    mpq_init(wstar);
    if (s->set[GDT_OPT_PLOT] == NULL) {
        static const struct { gdt_opt_id id; const char *name; } need_plot[] = {
            { GDT_OPT_PLOT_Y, "plot-y" }, { GDT_OPT_PLOT_TITLE, "plot-title" },
            { GDT_OPT_PLOT_SIZE, "plot-size" }, { GDT_OPT_LOG_X, "log-x" },
            { GDT_OPT_PLOT_STEPS, "plot-steps" },
        };
        size_t i;
        for (i = 0; i < sizeof need_plot / sizeof need_plot[0]; i++)
            if (s->set[need_plot[i].id] != NULL) {
                fprintf(stderr, "%s: --%s: there is no picture without --plot FILE\n",
                        progname, need_plot[i].name);
                rc = EXIT_USAGE;
                goto out_compare_early;
            }
    }
    have_wstar = s->set[GDT_OPT_PLOT] != NULL && plot_wstar(wstar, ss);
    st = gdt_session_compare(ss, &cmp, s->modes, s->nmodes, s->ref, o, &err);
    if (st != GDT_OK) {
        fprintf(stderr, "%s: %s\n", progname, err.msg);
        rc = st == GDT_ENOMEM ? EXIT_RUN : EXIT_USAGE;
        goto out_compare;
    }
    if (s->set[GDT_OPT_PLOT] != NULL) {
        gdt_plot_opts po;
        cli_plot_opts(&po);
        po.y = (gdt_plot_y)s->plot_y;
        po.width = s->plot_size[0];
        po.height = s->plot_size[1];
        po.log_x = s->set[GDT_OPT_LOG_X] != NULL;
        po.all_steps = s->plot_all;
        pl = &plot;
        st = gdt_plot_begin(pl, s->set[GDT_OPT_PLOT], have_wstar ? wstar : NULL, &po, &err);
        if (st != GDT_OK) {
            fprintf(stderr, "%s: --plot: %s\n", progname, err.msg);
            rc = st == GDT_ENOMEM ? EXIT_RUN : EXIT_USAGE;
            goto out_plot;
        }
    }
    gdt_opts_run_info(&info, s, ss);
    gdt_reporter_init(&reporter, s->format, &s->numfmt, stdout);
    reporter.layout = s->layout;
    cli_progress_init(&prog, cli_progress_wanted(s, 0), s->max_iter, "step");
    if (prog.on) {
        prog.stepper = &cmp.lanes[cmp.ref].st; /* the reference's size */
        sinks[nsinks++] = (gdt_compare_sink){ .ctx = &prog, .step = progress_step,
                                              .end = progress_end };
    }
    gdt_reporter_compare_sink(&sinks[nsinks++], &reporter);
    if (pl != NULL)
        gdt_plot_sink(&sinks[nsinks++], pl);
    cli_guard_step(&cmp.k); /* for an out-of-memory message, until cmp is cleared */
    st = gdt_run_compare(&cmp, sinks, nsinks, &info, &cli_run_opts, &err);
    cli_progress_end(&prog, cmp.k);
    gdt_reporter_clear(&reporter);
    if (st != GDT_OK) {
        fprintf(stderr, "%s: %s\n", progname, err.msg);
        rc = EXIT_RUN;
        goto out_plot;
    }
    if (gdt_run_stopped(&cli_run_opts)) {
        rc = cli_interrupted_status();
        goto out_plot;
    }
    if (pl != NULL) {
        size_t len = strlen(s->loss) + strlen(s->lr) + strlen(s->w0) + 64;
        title = malloc(len);
        if (title == NULL) {
            fprintf(stderr, "%s: out of memory\n", progname);
            rc = EXIT_RUN;
            goto out_plot;
        }
        snprintf(title, len, "gdtrace compare: loss %s, lr %s, w0 %s", s->loss, s->lr, s->w0);
        if (gdt_plot_end(pl, &cmp, s->set[GDT_OPT_PLOT_TITLE] != NULL ? s->set[GDT_OPT_PLOT_TITLE] : title,
                         &err) != GDT_OK) {
            if (err.status == GDT_EINTERRUPTED) {
                rc = cli_interrupted_status();
            } else {
                fprintf(stderr, "%s: %s\n", progname, err.msg);
                rc = EXIT_RUN;
            }
        }
    }
out_plot:
    cli_guard_step(NULL);
    free(title);
    if (pl != NULL)
        gdt_plot_clear(pl);
out_compare:
    gdt_compare_clear(&cmp);
out_compare_early:
    mpq_clear(wstar);
    return rc;
}
