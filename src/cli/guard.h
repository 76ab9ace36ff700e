/* guard.h -- the process's guards, which only the command installs:
   out-of-memory in GMP and MPFR, a polite stop on SIGINT and SIGTERM,
   temporary files removed and a child killed on every fatal signal,
   standard descriptors that are never closed (not installed) */
#ifndef GDTRACE_CLI_GUARD_H
#define GDTRACE_CLI_GUARD_H

#include <signal.h>
#include <sys/types.h>
#include "gdtrace/report.h"

/* Nonzero once a stop was requested: the signal's number.  The command
   lends it to the library as the runs' gdt_cancel flag (gdt_run_opts):
   the runs finish the current record, write the summary with stop reason
   "interrupted" and return, and every long library loop returns promptly.
   A second request ends the process at once, without a summary (see
   cli_guard_signals). */
extern volatile sig_atomic_t cli_guard_stop;

/* The step the out-of-memory message names: *K when memory runs out (the
   live stepper's or comparison's own k, registered by the command for the
   time of its run), 0 while K is NULL. */
void cli_guard_step(const unsigned long *k);

/* The reporter whose held records (gdt_reporter_held) an out-of-memory
   exit writes before it goes: the live run's, registered by the command
   for the time of its run; none while R is NULL. */
void cli_guard_reporter(const gdt_reporter *r);

/* Make GMP's (and so MPFR's) allocation failures end the process with
   "PROGNAME: out of memory at step K (N bytes)" on standard error and exit
   status 1, instead of GMP's abort, after writing the records the
   registered reporter holds and removing the temporary files.  Every
   record made stays whole: records are written with one call each. */
void cli_guard_memory(const char *progname);

/* Install the signal handlers, all with SA_RESTART (a signal never turns
   a write or a wait into an error):
   - SIGINT, SIGTERM: the first sets cli_guard_stop (and kills a registered
     child, so that waiting for it ends); a second one, of either, removes
     the temporary files and ends the process at once by that signal
     (status 130 or 143), without a summary;
   - SIGHUP, SIGQUIT, SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2: remove the
     temporary files and end the process by that signal (a closed pipe thus
     ends it quietly, status 141);
   - SIGXFSZ is ignored: a file-size limit is a write error (EFBIG) that
     is reported, not a kill. */
void cli_guard_signals(void);

/* Make descriptors 0, 1 and 2 open: a closed one is opened on /dev/null,
   for writing only (0) or reading only (1, 2), so that no file the process
   opens lands on it and every use of it still fails as on a closed
   descriptor (EBADF).  Returns the closed ones as a bit mask (1 << fd). */
int cli_guard_stdio(void);

/* Create a temporary file from TMPL as mkstemp does (TMPL ends in
   XXXXXX and is changed in place) and register it: it is removed when the
   process ends by a signal or runs out of memory.  TMPL must stay valid
   until cli_guard_forget.  Returns the open descriptor, or -1 with errno
   (EMFILE when 8 files are registered already). */
int cli_guard_mkstemp(char *tmpl);

/* Stop removing PATH (the pointer given to cli_guard_mkstemp) on signals:
   it was renamed or removed. */
void cli_guard_forget(const char *path);

/* A child process to kill with SIGKILL on a stop request or a fatal
   signal (and wait for, in the latter case, before the temporary files are
   removed); 0 for none. */
void cli_guard_child(pid_t pid);

#endif
