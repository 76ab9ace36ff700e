/* signals -- the process's guards (guard.c) as the command uses them: the
   stop flag lent to every run, the registry a plot's files and gnuplot go
   into, the step an out-of-memory message names */
#include <stdlib.h>
#include <string.h>
#include "cli_impl.h"

const gdt_run_opts cli_run_opts = { &cli_guard_stop, NULL, NULL };

static int
plot_mkstemp(void *user, char *tmpl)
{
    (void)user;
    return cli_guard_mkstemp(tmpl);
}

static void
plot_forget(void *user, const char *path)
{
    (void)user;
    cli_guard_forget(path);
}

static void
plot_child(void *user, pid_t pid)
{
    (void)user;
    cli_guard_child(pid);
}

void
cli_plot_opts(gdt_plot_opts *o)
{
    memset(o, 0, sizeof *o);
    o->tmpdir = getenv("TMPDIR");
    o->stop = &cli_guard_stop;
    o->mkstemp = plot_mkstemp;
    o->forget = plot_forget;
    o->child = plot_child;
    o->user = NULL;
}

void
cli_guard_process(void)
{
    /* first: no file the run opens may land on a closed 0, 1 or 2 */
    cli_guard_stdio();
    cli_guard_memory(progname);
    cli_guard_signals();
}

int
cli_interrupted_status(void)
{
    return 128 + cli_guard_stop;
}
