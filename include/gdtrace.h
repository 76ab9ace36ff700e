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
 *   gdt_api_call       a whole command from key/value strings, its jsonl
 *                      in memory (for bindings: python/gdtrace)
 *
 * One contract for every owning type: it has an init and a clear, and
 * clear is called once for every init, whether the init succeeded or
 * failed.  A failed init leaves the object empty or partly set up, never
 * uninitialised, and clear releases what it holds; clear also accepts NULL.
 * So a caller inits, and on any failure jumps to the clears, without
 * zeroing anything first:
 *
 *   gdt_buf        gdt_buf_init        gdt_buf_clear
 *   gdt_names      gdt_names_init      gdt_names_clear
 *   gdt_expr       gdt_expr_parse      gdt_expr_free   (a tree; NULL on failure)
 *   gdt_problem    gdt_problem_init    gdt_problem_clear
 *   gdt_program    gdt_program_init    gdt_program_clear
 *   gdt_domain     gdt_domain_init_*   gdt_domain_clear
 *   gdt_stepper    gdt_stepper_init    gdt_stepper_clear
 *   gdt_reporter   gdt_reporter_init   gdt_reporter_clear
 *   gdt_compare    gdt_compare_init    gdt_compare_clear
 *   gdt_plot       gdt_plot_begin      gdt_plot_clear
 *   gdt_data       gdt_data_init       gdt_data_clear  (gdt_data_read fills it)
 *   gdt_affine     gdt_affine_init     gdt_affine_clear
 *   gdt_poly       gdt_poly_init       gdt_poly_clear
 *   gdt_root       gdt_root_init       gdt_root_clear
 *   gdt_roots      gdt_roots_init      gdt_roots_clear (gdt_poly_real_roots fills it)
 *   gdt_prediction gdt_prediction_init gdt_prediction_clear
 *   gdt_analysis   gdt_analysis_init   gdt_analysis_clear (gdt_analysis_start plans it)
 *
 * Fallible functions return a gdt_status, which the compiler warns about
 * when it is ignored (GDT_MUST_CHECK), and those that take a gdt_error fill
 * it with a one-line message whenever they return another status than
 * GDT_OK. */
#ifndef GDTRACE_H
#define GDTRACE_H

#include "gdtrace/status.h"
#include "gdtrace/buf.h"
#include "gdtrace/func.h"
#include "gdtrace/decimal.h"
#include "gdtrace/num.h"
#include "gdtrace/expr.h"
#include "gdtrace/program.h"
#include "gdtrace/affine.h"
#include "gdtrace/momentum.h"
#include "gdtrace/problem.h"
#include "gdtrace/gd.h"
#include "gdtrace/optim.h"
#include "gdtrace/outcome.h"
#include "gdtrace/mode.h"
#include "gdtrace/poly.h"
#include "gdtrace/compare.h"
#include "gdtrace/plot.h"
#include "gdtrace/npy.h"
#include "gdtrace/map.h"
#include "gdtrace/sweep.h"
#include "gdtrace/report_sweep.h"
#include "gdtrace/report.h"
#include "gdtrace/run.h"
#include "gdtrace/certify.h"
#include "gdtrace/contract.h"
#include "gdtrace/boundary.h"
#include "gdtrace/zoom.h"
#include "gdtrace/session.h"
#include "gdtrace/data.h"
#include "gdtrace/analyze.h"
#include "gdtrace/dimension.h"
#include "gdtrace/resume.h"
#include "gdtrace/sweep_resume.h"
#include "gdtrace/api.h"

#endif
