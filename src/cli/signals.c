/* signals -- the process's guards: signals, out of memory, stdio */
#include "gdtrace/guard.h"
#include "cli_impl.h"

const gdt_run_opts cli_run_opts = { &gdt_guard_stop, NULL, NULL };

void
cli_guard_process(void)
{
    /* first: no file the run opens may land on a closed 0, 1 or 2 */
    gdt_guard_stdio();
    gdt_guard_memory(progname);
    gdt_guard_signals();
}

int
cli_interrupted_status(void)
{
    return 128 + gdt_guard_stop;
}
