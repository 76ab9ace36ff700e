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

/* A part of a sweep (gdtrace sweep --shard K/N): part K of N, its points
   FIRST .. FIRST + COUNT - 1, and the title of the merged map's picture. */
typedef struct gdt_sweep_shard {
    unsigned long k, n;
    uint64_t first, count;
    const char *title;
} gdt_sweep_shard;

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
    const gdt_sweep_shard *shard; /* set after init: write a part (jsonl,
                                     see gdt_sweep_part below); NULL: not */
    unsigned char *outcome;       /* per point, or NULL: no .npy */
    int64_t *period, *step;
    double *loss;
    unsigned char *against;       /* with O's AGAINST: per point its
                                     gdt_verdict (0: not run), else NULL */
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
   the format's version, the problem, the mode, the axes and the grid
   (and for a part, a second record: the shard's).
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
   "done" or "interrupted"}} (a part: N its count of points; with O's
   AGAINST, then "against": {"agree": A, "disagree": D, "undecided": U},
   gdt_sweep_report_verdicts's); nothing in csv. */
gdt_status gdt_sweep_report_end(gdt_sweep_report *r, uint64_t done, int interrupted,
                                gdt_error *err) GDT_MUST_CHECK;

/* COUNT[v] = how many of R's points have verdict v (R's AGAINST; all 0
   without it). */
void gdt_sweep_report_verdicts(const gdt_sweep_report *r, uint64_t count[GDT_VERDICT_COUNT]);

/* Write the .npy file of R's points to F: a structured array of shape
   (M, N) (one axis: (N,)) with fields outcome (|u1, gdt_outcome's codes;
   0 for a point not run), period and step (<i8), loss (<f8, the loss
   rounded to nearest in binary64; nan where there is none).  GDT_EIO
   with errno's message on a write error. */
gdt_status gdt_sweep_report_npy(const gdt_sweep_report *r, FILE *f, gdt_error *err)
    GDT_MUST_CHECK;

/* A record's fields as text (NUL-terminated), what csv and jsonl write:
   the point's grid indices, its axes' values, outcome, period, step, the
   loss (NULL: none) and the class (NULL: no class column). */
typedef struct gdt_sweep_text {
    size_t i, j;
    const char *axis[2];
    const char *outcome;
    unsigned long period, step;
    const char *loss;
    const char *cls;
    const char *certified, *against; /* sweep --against certified: the
                                certified outcome and the verdict, or NULL
                                (no such columns) */
} gdt_sweep_text;

/* Append T's record to OUT: a jsonl record when JSON, else a csv row,
   the axes' columns named NAMES (NAXES of them).  The one writer of a
   sweep's records, for a sweep and for a merge of its parts. */
gdt_status gdt_sweep_record_put(gdt_buf *out, int json, char *const *names, size_t naxes,
                                const gdt_sweep_text *t) GDT_MUST_CHECK;

/* Append jsonl's summary record: DONE points of OF, done or interrupted. */
gdt_status gdt_sweep_summary_put(gdt_buf *b, uint64_t done, uint64_t of, int interrupted)
    GDT_MUST_CHECK;

/* A part file (gdtrace sweep --shard K/N) is jsonl: the sweep's jsonl
   header record, the shard's record
     {"shard": K, "of": N, "first": F, "count": C, "points": P,
      "width": N1, "height": N2, "max_iter": I, "digits": shortest|exact|hex,
      "columns": CSV-HEADER,
      "axes": [{"name": ..., "first": A, "last": B, "log": 0|1}, ...],
      "title": ...}
   then one record a point, {"loss_f8": HEX|null, "record": JSONL-RECORD}
   (the loss as binary64, the .npy file's, as its 16 hex digits of bits;
   the record exactly as jsonl writes it), then the summary of the part.
   What gdtrace merge reads back of it: */
typedef struct gdt_sweep_part {
    unsigned long k, n;
    uint64_t first, count, points;
    size_t width, height, naxes;
    unsigned long max_iter;
    char *digits;              /* how the values are printed (--digits) */
    char *columns;             /* csv's header, without its newline */
    char *names[2];            /* the axes' columns */
    double from[2], to[2];     /* the axes' ends, rounded to binary64 */
    int log[2];
    char *title;
} gdt_sweep_part;

void gdt_sweep_part_init(gdt_sweep_part *p);
void gdt_sweep_part_clear(gdt_sweep_part *p); /* P may be NULL */

/* P from LINE, a part's shard record (its newline included or not).
   GDT_ESYNTAX with ERR saying what when it is none; GDT_ENOMEM. */
gdt_status gdt_sweep_part_read_shard(gdt_sweep_part *p, const char *line, gdt_error *err)
    GDT_MUST_CHECK;

/* From LINE, a point's record of a part of NAXES axes (its newline
   included or not): T, its strings copied into TEXT (emptied first,
   which keeps them), the jsonl record's bytes *JSON, *JSON_LEN (in LINE,
   its newline not included) and the binary64 loss *LOSS (nan: none).
   GDT_ESYNTAX with ERR saying what when it is none; GDT_ENOMEM. */
gdt_status gdt_sweep_part_read_record(gdt_sweep_text *t, gdt_buf *text, const char **json,
                                      size_t *json_len, double *loss, const char *line,
                                      size_t naxes, gdt_error *err) GDT_MUST_CHECK;

#endif
