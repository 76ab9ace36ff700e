/* gdtrace/status.h -- status codes and error details shared by every module */
#ifndef GDTRACE_STATUS_H
#define GDTRACE_STATUS_H

#include <signal.h>
#include <stddef.h>

#if defined(__GNUC__)
#define GDT_MUST_CHECK __attribute__((warn_unused_result))
#else
#define GDT_MUST_CHECK
#endif

/* Every fallible function returns one of these.  Rounding is never an error:
   it is reported through the domain's sticky flags (see num.h). */
typedef enum gdt_status {
    GDT_OK = 0,
    GDT_ENOMEM,   /* an allocation failed */
    GDT_ESYNTAX,  /* an expression or a number does not parse */
    GDT_EVALUE,   /* a well-formed input with a value that is not allowed */
    GDT_EDIVZERO, /* exact division by zero (or 0 to a negative power) */
    GDT_EDOMAIN,  /* the operation has no value in this number domain */
    GDT_ERANGE,   /* a value too large to handle (exponent, size) */
    GDT_EIO,      /* a write failed */
    GDT_EINEXACT, /* the exact domain has no exact (rational) value for
                     this, such as sqrt(2) or exp(1) */
    GDT_EINTERRUPTED, /* a stop was requested (gdt_cancel below): the work
                        was abandoned; the caller reports it as
                        interrupted */
    GDT_EUNDECIDED, /* balls at this working precision cannot decide a
                       comparison the computation branches on (more
                       precision may) */
    GDT_EUNAVAILABLE /* a part loaded when first needed (the ball domain's
                        Arb, gdtrace serve's HTTP server) cannot be
                        loaded: it is missing or of another build */
} gdt_status;

/* Details of the last error: a one-line message and, for parse errors, the
   0-based byte offset in the parsed text where the problem is (SIZE_MAX
   when there is no position). */
#define GDT_ERRMSG_MAX 512
typedef struct gdt_error {
    gdt_status status;
    size_t pos;
    char msg[GDT_ERRMSG_MAX];
} gdt_error;

/* Clear E to "no error". */
void gdt_error_clear(gdt_error *e);

/* Set E to STATUS with a printf-style message; returns STATUS so that callers
   can write `return gdt_error_set (e, GDT_EVALUE, SIZE_MAX, "...", ...);`.
   E may be NULL. */
gdt_status gdt_error_set(gdt_error *e, gdt_status status, size_t pos,
                         const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A short English name for STATUS ("out of memory", ...). */
const char *gdt_status_str(gdt_status status);

/* A stop request that every long library loop polls: a flag that the
   caller (the CLI's signal handler) sets to nonzero.  The library never
   writes it; NULL means no stop is ever asked for.  A loop that sees it
   returns GDT_EINTERRUPTED, or ends a run with stop reason "interrupted". */
typedef const volatile sig_atomic_t gdt_cancel;

static inline int
gdt_cancelled(gdt_cancel *stop)
{
    return stop != NULL && *stop != 0;
}

#endif
