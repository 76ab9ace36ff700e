/* cmd_analyze -- gdtrace analyze: why a run does what it does */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/analyze.h"
#include "gdtrace/report.h"
#include "cli_impl.h"

/* gdtrace analyze: why the run does what it does. */
int
cli_cmd_analyze(gdt_opts *s, gdt_session *ss, const gdt_session_opts *o)
{
    gdt_reporter reporter;
    gdt_analyze_in in;
    gdt_plot_opts po;
    gdt_error err;
    const char *plot = s->set[GDT_OPT_PLOT];
    char *title = NULL;
    int rc = 0;

    (void)o;
    gdt_error_clear(&err);
    if (plot == NULL && (s->set[GDT_OPT_PLOT_TITLE] != NULL || s->set[GDT_OPT_PLOT_SIZE] != NULL)) {
        fprintf(stderr, "%s: --%s: there is no picture without --plot FILE\n", progname,
                s->set[GDT_OPT_PLOT_TITLE] != NULL ? "plot-title" : "plot-size");
        return EXIT_USAGE;
    }
    if (plot != NULL && gdt_plot_check_path(plot, &err) != GDT_OK) {
        fprintf(stderr, "%s: --plot: %s\n", progname, err.msg);
        return EXIT_USAGE;
    }
    gdt_opts_analyze_in(&in, s, ss);
    in.keep_sharpness = plot != NULL;
    cli_plot_opts(&po);
    po.width = s->plot_size[0];
    po.height = s->plot_size[1];
    if (plot != NULL && s->set[GDT_OPT_PLOT_TITLE] == NULL) {
        size_t len = strlen(s->loss) + strlen(s->lr) + strlen(s->w0) + 64;
        if ((title = malloc(len)) != NULL)
            snprintf(title, len, "gdtrace analyze: loss %s, lr %s, w0 %s", s->loss, s->lr,
                     s->w0);
    }
    gdt_reporter_init(&reporter, s->format, &s->numfmt, stdout);
    if (gdt_reporter_analysis_plot(&reporter, &in, &cli_run_opts, plot,
                                   title != NULL ? title : s->set[GDT_OPT_PLOT_TITLE], &po, &err)
        != GDT_OK) {
        if (err.status == GDT_EINTERRUPTED || gdt_run_stopped(&cli_run_opts)) {
            fprintf(stderr, "%s: interrupted\n", progname);
        } else {
            fprintf(stderr, "%s: %s\n", progname, err.msg);
            rc = err.status == GDT_EVALUE ? EXIT_USAGE : EXIT_RUN;
        }
    }
    if (gdt_run_stopped(&cli_run_opts)) /* the sections written are whole; no more */
        rc = cli_interrupted_status();
    gdt_reporter_clear(&reporter);
    mpq_clear(in.lr);
    free(title);
    return rc;
}
