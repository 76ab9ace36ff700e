/* gdtrace/report_sweep.h -- a sweep's records: csv or jsonl, and its .npy */
#ifndef GDTRACE_REPORT_SWEEP_H
#define GDTRACE_REPORT_SWEEP_H

#include <stdint.h>
#include <stdio.h>
#include "gdtrace/affine.h"
#include "gdtrace/report.h"
#include "gdtrace/sweep.h"

/* The version of the sweep's record layout, in the jsonl header. */
#define GDT_SWEEP_FORMAT_VERSION 1

/* What a sweep is, as typed, for its jsonl header. */
typedef struct gdt_sweep_info {
    const char *loss_text;
    const char *const *grads;   /* the hand-written partials, NGRADS of them */
    size_t ngrads;
    const char *data_path;      /* or NULL */
    const char *lr_text, *w0_text; /* --lr and --w0 as typed */
    const char *escape_text;
} gdt_sweep_info;

/* A sweep's report: records in FORMAT (csv or jsonl) to OUT, values in
   NUMFMT, and, when it is to write a .npy file, the outcome, period,
   step and loss of every point in memory (25 bytes a point). */
typedef struct gdt_sweep_report {
    gdt_reporter rep;             /* the writer (records written whole) */
    const gdt_sweep_opts *o;
    char *names[2];               /* the axes' columns: lr, w0, w0_NAME */
    const gdt_affine *affine;     /* a one-parameter quadratic loss: its
                                     affine gradient, for the class column;
                                     NULL: no such column */
    unsigned char *outcome;       /* per point, or NULL: no .npy */
    int64_t *period, *step;
    double *loss;
} gdt_sweep_report;

/* Set R up for the sweep O (which must outlive R), with AFFINE (or NULL)
   for the class column and the arrays of a .npy file when NPY.
   GDT_ENOMEM.  Clear R with gdt_sweep_report_clear in every case. */
gdt_status gdt_sweep_report_init(gdt_sweep_report *r, gdt_format format,
                                 const gdt_numfmt *numfmt, FILE *out,
                                 const gdt_sweep_opts *o, const gdt_affine *affine,
                                 int npy) GDT_MUST_CHECK;
void gdt_sweep_report_clear(gdt_sweep_report *r); /* R may be NULL */

/* Make SINK write R's records. */
void gdt_sweep_report_sink(gdt_sweep_sink *sink, gdt_sweep_report *r);

/* The header: csv's column names; jsonl's record of gdtrace's version,
   the format's version, the problem, the mode, the axes and the grid.
   GDT_EIO and the like as the reporter's (report.h), ERR filled. */
gdt_status gdt_sweep_report_begin(gdt_sweep_report *r, const gdt_sweep_info *info,
                                  gdt_error *err) GDT_MUST_CHECK;

/* The bytes gdt_sweep_report_begin writes, appended to B (for a resume to
   check a file's header against).  GDT_ENOMEM. */
gdt_status gdt_sweep_report_header(gdt_buf *b, const gdt_sweep_report *r,
                                   const gdt_sweep_info *info) GDT_MUST_CHECK;

/* The bytes gdt_sweep_report_end writes, appended to B (nothing in csv).
   GDT_ENOMEM. */
gdt_status gdt_sweep_report_summary(gdt_buf *b, const gdt_sweep_report *r, uint64_t done,
                                    int interrupted) GDT_MUST_CHECK;

/* jsonl's last record: {"summary": {"points": DONE, "of": N, "stop":
   "done" or "interrupted"}}; nothing in csv. */
gdt_status gdt_sweep_report_end(gdt_sweep_report *r, uint64_t done, int interrupted,
                                gdt_error *err) GDT_MUST_CHECK;

/* Write the .npy file of R's points to F: a structured array of shape
   (M, N) (one axis: (N,)) with fields outcome (|u1, gdt_outcome's codes;
   0 for a point not run), period and step (<i8), loss (<f8, the loss
   rounded to nearest in binary64; nan where there is none).  GDT_EIO
   with errno's message on a write error. */
gdt_status gdt_sweep_report_npy(const gdt_sweep_report *r, FILE *f, gdt_error *err)
    GDT_MUST_CHECK;

#endif
