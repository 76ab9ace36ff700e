/* gdtrace.h -- the gdtrace library: exact and IEEE-faithful gradient descent
 *
 * Data flows one way: a problem (the loss parsed, its gradient derived) is
 * lowered to a program; a stepper runs the program in a number domain, one
 * step at a time, and hands each step to a reporter that writes it.
 *
 *   gdt_problem_init   parse the loss, derive or parse the gradient
 *   gdt_program_init   lower both to straight-line code
 *   gdt_domain_init_*  pick the numbers: exact, mpfr
 *   gdt_stepper_init   the notes' loop in that domain
 *   gdt_reporter_*     text, python, csv, jsonl
 *
 * Every owning type has an init/clear pair; clear accepts what init failed
 * on.  Fallible functions return a gdt_status and fill a gdt_error. */
#ifndef GDTRACE_H
#define GDTRACE_H

#include "gdtrace/status.h"
#include "gdtrace/buf.h"
#include "gdtrace/num.h"
#include "gdtrace/expr.h"
#include "gdtrace/program.h"
#include "gdtrace/problem.h"
#include "gdtrace/gd.h"
#include "gdtrace/mode.h"
#include "gdtrace/poly.h"
#include "gdtrace/compare.h"
#include "gdtrace/plot.h"
#include "gdtrace/report.h"
#include "gdtrace/run.h"
#include "gdtrace/session.h"
#include "gdtrace/data.h"
#include "gdtrace/analyze.h"
#include "gdtrace/resume.h"
#include "gdtrace/guard.h"

#endif
