/* gdtrace/guard.h -- COMPAT(issue 10), temporary: the global stop flag
   that src/analyze/ and src/report/report_analyze.c still poll until they
   take a gdt_cancel * (status.h) like every other library loop.  The
   process guard itself is the command's (src/cli/guard.h).  Delete this
   header, src/base/compat.c, its includes in src/cli/cli_impl.h and
   src/cli/guard.c and the line of src/cli/guard.c's on_stop that sets the
   flag, once no file uses gdt_guard_stop. */
#ifndef GDTRACE_GUARD_H
#define GDTRACE_GUARD_H

#include <signal.h>

/* Set by the command's SIGINT and SIGTERM handler, with its own flag. */
extern volatile sig_atomic_t gdt_guard_stop;

#endif
