/* cmd_analyze -- gdtrace analyze: why a run does what it does */
#include <stdio.h>
#include "gdtrace/analyze.h"
#include "gdtrace/report.h"
#include "cli_impl.h"

/* gdtrace analyze: why the run does what it does. */
int
cli_cmd_analyze(gdt_opts *s, gdt_session *ss, const gdt_session_opts *o)
{
    gdt_reporter reporter;
    gdt_analyze_in in;
    gdt_error err;
    int rc = 0;

    (void)o;
    gdt_error_clear(&err);
    gdt_opts_analyze_in(&in, s, ss);
    gdt_reporter_init(&reporter, s->format, &s->numfmt, stdout);
    if (gdt_reporter_analysis(&reporter, &in, &cli_run_opts, &err) != GDT_OK) {
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
    return rc;
}
