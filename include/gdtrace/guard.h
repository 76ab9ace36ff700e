/* gdtrace/guard.h -- the process's guards: out-of-memory in GMP and MPFR,
   and a polite stop on SIGINT and SIGTERM */
#ifndef GDTRACE_GUARD_H
#define GDTRACE_GUARD_H

#include <signal.h>

/* The step being computed, for the out-of-memory message (the stepper
   keeps it up to date). */
extern volatile unsigned long gdt_guard_step;

/* Nonzero once a stop was requested: the signal's number.  gdt_run and
   gdt_compare_run finish the current record, write the summary with stop
   reason "interrupted" and return. */
extern volatile sig_atomic_t gdt_guard_stop;

/* Make GMP's (and so MPFR's) allocation failures end the process with
   "PROGNAME: out of memory at step K (N bytes)" on standard error and exit
   status 1, instead of GMP's abort.  Every record already written stays
   whole: records are written with one call each and flushed. */
void gdt_guard_memory(const char *progname);

/* Install handlers for SIGINT and SIGTERM that set gdt_guard_stop, and
   restore SIGPIPE's default, so that a closed pipe ends the process
   quietly. */
void gdt_guard_signals(void);

#endif
