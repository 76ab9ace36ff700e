/* gdtrace/plot.h -- pictures of a comparison, drawn by gnuplot */
#ifndef GDTRACE_PLOT_H
#define GDTRACE_PLOT_H

#include <stdio.h>
#include <sys/types.h>
#include <gmp.h>
#include "gdtrace/compare.h"
#include "gdtrace/run.h"
#include "gdtrace/status.h"

/* A plot being made: the steps go to a temporary data file as they are
   computed (memory does not grow with the run); gdt_plot_end hands the
   data to gnuplot, which draws two panels: per mode against the step, the
   error log10 |w_n - w_ref,n| or the distance log10 |w_n - w*| (log10 |w_n|
   when the minimiser w* is not known), and the correct significant digits
   of every mode but the reference; each mode's events (first difference,
   no correct digit left, first subnormal, inf, nan, stall) marked on its
   curves.  The picture is
   written to a temporary file beside PATH, checked (gnuplot's exit status,
   the format's signature and end: a full disk or a file size limit leaves
   a cut picture that gnuplot does not report), synced and renamed to PATH,
   so PATH is never left half-written: on any failure the old PATH stays. */

/* What the caller lends a plot (every member may be NULL): TMPDIR, the
   directory for the data file (the process's $TMPDIR, say; /tmp when it
   is NULL, empty or a name gnuplot cannot take); STOP, the stop flag,
   polled before gnuplot is run and once it has ended; and, with USER, the
   registry of what the process must clean up if a signal ends it.  MKSTEMP
   makes each temporary file as mkstemp(3) does (TMPL ends in XXXXXX,
   changed in place; the descriptor, or -1 with errno) and registers it in
   the same breath; FORGET says that the file at the pointer MKSTEMP was
   given is gone (removed or renamed); CHILD is told gnuplot's process id
   while it runs (0 once it has ended), to kill it on a stop request so
   that the wait for it ends.  The library itself keeps no such state. */
/* The top panel of a comparison's picture: the error against the
   reference, the distance to w*, or (AUTO) the error when the reference
   converges (stops on grad-zero, or ends nearer w* than it started) and
   the distance when it does not. */
typedef enum gdt_plot_y {
    GDT_PLOT_Y_AUTO, GDT_PLOT_Y_ERROR, GDT_PLOT_Y_DISTANCE
} gdt_plot_y;

typedef struct gdt_plot_opts {
    const char *tmpdir;
    gdt_cancel *stop;
    int (*mkstemp)(void *user, char *tmpl);
    void (*forget)(void *user, const char *path);
    void (*child)(void *user, pid_t pid);
    void *user;
    /* a comparison's picture (zero: the defaults): the top panel; the
       size in pixels (a pdf's in hundredths of an inch; 0: 1200x900);
       LOG_X, a log scale of steps from 1 (step 0 left out).  The steps
       shown end a little after the last event of any mode (the last step
       when there is none), or with ALL_STEPS at the last step. */
    gdt_plot_y y;
    unsigned long width, height;
    int log_x;
    int all_steps;
} gdt_plot_opts;

struct gdt_plot_lane; /* plot.c's record of a mode's curves and events */

typedef struct gdt_plot {
    char *path;        /* the picture: .png, .svg or .pdf */
    char *out_path;    /* the temporary picture beside it, made at once so
                          that an unwritable place is known before the run */
    const char *term;  /* gnuplot terminal for the extension */
    char *data_path;   /* the temporary data file */
    FILE *data;
    int have_data, have_out; /* data_path, out_path exist */
    int have_wstar;
    mpq_t wstar;
    struct gdt_plot_lane *lanes; /* per lane of the comparison */
    size_t nlanes, nparams;
    mpfr_t x;          /* scratch for log10 */
    mpq_t t;
    gdt_plot_opts opts; /* a copy of what gdt_plot_begin was lent */
} gdt_plot;

/* The gnuplot terminal for PATH's extension ("pngcairo", "svg",
   "pdfcairo"), or NULL when it is none of .png, .svg, .pdf. */
const char *gdt_plot_terminal(const char *path);

/* Whether PATH can be a picture: GDT_EVALUE (ERR says why) for an
   extension other than .png, .svg, .pdf, a name gnuplot cannot take (a
   control character: newline, tab, ...) or a directory. */
gdt_status gdt_plot_check_path(const char *path, gdt_error *err) GDT_MUST_CHECK;

/* Start a plot into PATH: P's init.  WSTAR (NULL when unknown) is the exact
   minimiser; OPTS (NULL: none) is copied.  GDT_EVALUE as
   gdt_plot_check_path, GDT_EIO when the data file or a file beside PATH
   cannot be made, GDT_ENOMEM.  Clear P with gdt_plot_clear in every
   case. */
gdt_status gdt_plot_begin(gdt_plot *p, const char *path, const mpq_t wstar,
                          const gdt_plot_opts *opts, gdt_error *err) GDT_MUST_CHECK;
/* Add the current step of C. */
gdt_status gdt_plot_step(gdt_plot *p, const gdt_compare *c, gdt_error *err)
    GDT_MUST_CHECK;
/* Make OUT a comparison sink (run.h) whose step is gdt_plot_step. */
void gdt_plot_sink(gdt_compare_sink *out, gdt_plot *p);
/* Draw: run gnuplot on the data, check its picture and rename it to the
   path.  TITLE is the picture's title (its first 200 bytes).  GDT_EIO
   when gnuplot is missing or fails or its picture is incomplete,
   GDT_EINTERRUPTED when a stop was requested (P->opts.stop) before or
   while it draws (gnuplot is then killed by whoever CHILD told); the old
   picture then stays. */
gdt_status gdt_plot_end(gdt_plot *p, const gdt_compare *c, const char *title,
                        gdt_error *err) GDT_MUST_CHECK;
/* Remove the temporary files and free P; P may be NULL. */
void gdt_plot_clear(gdt_plot *p);

/* The sharpness along a run, as gdtrace analyze computed it: LMAX[k] for
   the steps k < COUNT, against THRESHOLD (2/lr; 2 for the top eigenvalue
   of diag(lr) H when PER_LR), the first step above it (ABOVE_FROM, -1:
   none), and the picture's TITLE (NULL: none). */
typedef struct gdt_sharpness_plot {
    const double *lmax;
    unsigned long count;
    double threshold;
    int per_lr;
    long above_from;
    const char *title;
} gdt_sharpness_plot;

/* Draw S into PATH (.png, .svg or .pdf) as the comparison's picture is
   drawn (the data in a temporary file, gnuplot's picture checked and
   renamed over PATH, OPTS lent as gdt_plot_begin's; its size, its
   width and height): lmax per step, on whole decades when every value is
   positive, and the line of the threshold, the first step above it
   marked.  The errors of gdt_plot_begin and gdt_plot_end. */
gdt_status gdt_sharpness_write_plot(const char *path, const gdt_sharpness_plot *s,
                                    const gdt_plot_opts *opts, gdt_error *err) GDT_MUST_CHECK;

#endif
