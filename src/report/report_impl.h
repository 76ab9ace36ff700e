/* report_impl.h -- what the reporters of a run and of a comparison share:
   pieces of their headers */
#ifndef GDTRACE_REPORT_IMPL_H
#define GDTRACE_REPORT_IMPL_H

#include "gdtrace/buf.h"
#include "gdtrace/problem.h"
#include "gdtrace/status.h"

/* The header's description of the gradient of P: "grad EXPR" for one
   parameter, "grad NAME EXPR" for each partial otherwise, each printed as
   gdtrace evaluates it, BEFORE and AFTER around each line. */
gdt_status gdt_report_put_grads(gdt_buf *b, const gdt_problem *p, const char *before,
                                const char *after) GDT_MUST_CHECK;

/* The width of the text's step column for a run of at most MAX_ITER
   updates: its digits, at least 4 (the heading "step"). */
int gdt_report_step_width(unsigned long max_iter);

#endif
