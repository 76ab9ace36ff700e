/* gdtrace/report.h -- reporters: a run's steps as text, python, csv, jsonl */
#ifndef GDTRACE_REPORT_H
#define GDTRACE_REPORT_H

#include <stdio.h>
#include "gdtrace/buf.h"
#include "gdtrace/compare.h"
#include "gdtrace/gd.h"
#include "gdtrace/num.h"
#include "gdtrace/plot.h"
#include "gdtrace/problem.h"
#include "gdtrace/status.h"

typedef enum gdt_format {
    GDT_FORMAT_TEXT,   /* header, one line per step, summary */
    GDT_FORMAT_PYTHON, /* what pprint.pprint(weights) prints */
    GDT_FORMAT_CSV,    /* step,w,grad,loss */
    GDT_FORMAT_JSONL   /* one object per step, then {"summary": ...} */
} gdt_format;

/* Parse "text", "python", "csv", "jsonl"; -1 if NAME is none of them. */
int gdt_format_from_str(const char *name);

/* What the header of a text report shows. */
typedef struct gdt_run_info {
    const gdt_problem *problem;
    const char *loss_text;  /* as typed (NULL: print the parsed loss) */
    const char *lr_text;    /* as typed */
    const char *const *w0_texts; /* per parameter, as typed */
    const char *data_path;  /* the data set, or NULL */
    size_t data_rows;
    unsigned long max_iter;
    int has_at;             /* run --at: the one step shown is computed */
    int resumed;            /* gdt_run continues a trajectory whose record of
                               the stepper's current step is written already:
                               no header, and that record is not repeated */
} gdt_run_info;

/* A reporter writes every record whole with one call, as soon as it is
   made (output is streamed), and checks every write: on a write error, an
   output that is a regular file is cut back to the end of the last
   complete record, so that no record is left half-written. */
typedef struct gdt_reporter {
    gdt_format format;
    gdt_numfmt numfmt;
    const gdt_problem *problem; /* set by gdt_reporter_begin */
    FILE *out;
    gdt_buf rec;        /* the record being built */
    gdt_buf val;        /* scratch for one value */
    int kwidth;         /* text: width of the step column */
    int mwidth;         /* text, compare: width of the mode column */
    int qwidth;         /* text, compare: width of the quantity column */
    /* python: the list is printed on one line while it fits in 80 columns,
       as pprint does; until then its text is held in PENDING */
    gdt_buf pending;
    int multiline;
    unsigned long nitems;
    int outkind;        /* OUT is: 0 not known yet, 1 a regular file,
                           2 one opened for appending, 3 anything else */
    int errnum;         /* the errno of the last write that failed */
} gdt_reporter;

/* Set R up to write to OUT (not owned) in FORMAT, values as NUMFMT says
   (copied); it cannot fail.  Release R with gdt_reporter_clear; R may be
   NULL there. */
void gdt_reporter_init(gdt_reporter *r, gdt_format format,
                       const gdt_numfmt *numfmt, FILE *out);
void gdt_reporter_clear(gdt_reporter *r);

/* Every gdt_reporter_* and gdt_cmp_report_* function that writes returns
   what went wrong as it is: GDT_EIO for a write that failed (R->errnum
   says why), GDT_ENOMEM when a record could not be built, the domain's
   status when a value could not be printed, GDT_EINTERRUPTED when a stop
   was requested while a huge value was converted.  This fills ERR with the
   message for such a status ST, "write error: <strerror>" for GDT_EIO and
   the status's name otherwise ("out of memory"), and returns ST. */
gdt_status gdt_reporter_error(const gdt_reporter *r, gdt_status st, gdt_error *err);

/* Write the record B whole to R's output and empty B.  Writes go on after
   a short write or a signal (EINTR); on a write error (GDT_EIO, R->errnum
   and errno say which), a regular file is truncated back to the end of the
   last complete record. */
gdt_status gdt_reporter_emit(gdt_reporter *r, gdt_buf *b) GDT_MUST_CHECK;

/* The header (text only; nothing for the other formats). */
gdt_status gdt_reporter_begin(gdt_reporter *r, const gdt_run_info *info,
                              const gdt_stepper *s) GDT_MUST_CHECK;
/* The record of the step S has just evaluated. */
gdt_status gdt_reporter_step(gdt_reporter *r, const gdt_stepper *s)
    GDT_MUST_CHECK;
/* Append to OUT the record gdt_reporter_step would write for the current
   step of S (jsonl and csv), without writing it. */
gdt_status gdt_reporter_record(gdt_reporter *r, const gdt_stepper *s, gdt_buf *out)
    GDT_MUST_CHECK;

/* The summary, after the last step: steps done, stop reason, final w and
   loss (text and jsonl); closes the python list.  ERR, when S stopped on an
   error, is the error's message. */
gdt_status gdt_reporter_end(gdt_reporter *r, const gdt_stepper *s,
                            const gdt_error *err) GDT_MUST_CHECK;

/* Run S to its end, reporting every step to R.  Returns GDT_OK when the run
   stopped by one of its rules; otherwise the error, which ERR always
   describes (the stepper's, or the reporter's as gdt_reporter_error says
   it), after the steps completed so far and the summary have been written
   (as far as the reporter could). */
gdt_status gdt_run(gdt_stepper *s, gdt_reporter *r, const gdt_run_info *info,
                   gdt_error *err) GDT_MUST_CHECK;

/* A comparison (gdtrace compare) in text, csv or jsonl: the header, then
   per step one record with every mode that has a value there, then the
   events of every mode (text and jsonl). */
gdt_status gdt_cmp_report_begin(gdt_reporter *r, const gdt_run_info *info,
                                const gdt_compare *c) GDT_MUST_CHECK;
gdt_status gdt_cmp_report_step(gdt_reporter *r, const gdt_compare *c) GDT_MUST_CHECK;
gdt_status gdt_cmp_report_end(gdt_reporter *r, const gdt_compare *c) GDT_MUST_CHECK;

/* Run the comparison C to its end, reporting each step to R and, when PLOT
   is not NULL, adding it to PLOT (which the caller then ends).  A lane that
   fails stops alone (its err says why) and is reported; the status is that
   of the reporter or the plot, GDT_OK when both could write everything, and
   ERR always describes a status that is not GDT_OK. */
gdt_status gdt_compare_run(gdt_compare *c, gdt_reporter *r, gdt_plot *plot,
                           const gdt_run_info *info, gdt_error *err) GDT_MUST_CHECK;

#endif
