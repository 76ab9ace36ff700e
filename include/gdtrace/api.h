/* gdtrace/api.h -- one entry point for bindings (Python's ctypes): a
   command from key/value strings, its jsonl records in memory */
#ifndef GDTRACE_API_H
#define GDTRACE_API_H

#include <stddef.h>
#include "gdtrace/status.h"

/* What gdt_api_call returns. */
enum {
    GDT_API_OK = 0,
    GDT_API_FAILED = 1,      /* the run failed (out of memory, a value that
                                cannot be printed, ...) */
    GDT_API_BAD_OPTION = 2,  /* an option or the problem is refused: what
                                the command exits 2 for */
    GDT_API_INTERRUPTED = 3  /* *STOP was set: OUT holds the records so far */
};

/* Run COMMAND ("run", "compare", "analyze" or "sweep") with the N options
   KEYS[i] = VALUES[i], named as gdtrace's options without the leading
   dashes ("loss", "lr", "w0", "max-iter", "mode", "modes", "ref", "prec",
   "round", "update", "stop", "max-bits", "grad" (as often as there are
   partials), "data", "every" (run), "at" (run, analyze), "max-degree",
   "max-coeff-bits" (analyze), "grid", "scale", "escape", "threads" (sweep),
   "master", "sr", "seed", "runs", "certify" and "max-prec" (an option without a
   value, as certify, given with the value ""), and so on: every option
   of the command but those of files, pictures, progress and the output's
   form), with the command's defaults for those not given.  The output is
   the command's --format jsonl --digits exact records, so that every
   value converts exactly (run with certify: --digits certified, every
   digit each ball proves, unless "digits" asks for N): *OUT (malloc'd, NUL-terminated, free it with gdt_api_free) and
   *LEN its length, also on failure (what was written so far).  STOP, when
   not NULL, is polled as a run's stop flag.  On failure MSG (of MSGSIZE
   bytes) holds one line naming the option and the problem, as the
   command's message says it; the library prints nothing and never exits. */
int gdt_api_call(const char *command, size_t n, const char *const *keys,
                 const char *const *values, gdt_cancel *stop, char **out, size_t *len,
                 char *msg, size_t msgsize);

/* Free what gdt_api_call put in *OUT (NULL is fine). */
void gdt_api_free(char *out);

#endif
