/* gdtrace/report.h -- reporters: a run's steps as text, python, csv, jsonl */
#ifndef GDTRACE_REPORT_H
#define GDTRACE_REPORT_H

#include <stdio.h>
#include "gdtrace/buf.h"
#include "gdtrace/compare.h"
#include "gdtrace/ensemble.h"
#include "gdtrace/gd.h"
#include "gdtrace/num.h"
#include "gdtrace/plot.h"
#include "gdtrace/problem.h"
#include "gdtrace/resume.h"
#include "gdtrace/run.h"
#include "gdtrace/status.h"

typedef enum gdt_format {
    GDT_FORMAT_TEXT,   /* header, one line per step, summary */
    GDT_FORMAT_PYTHON, /* what pprint.pprint(weights) prints */
    GDT_FORMAT_CSV,    /* step,w,grad,loss */
    GDT_FORMAT_JSONL   /* one object per step, then {"summary": ...} */
} gdt_format;

/* Parse "text", "python", "csv", "jsonl"; -1 if NAME is none of them. */
int gdt_format_from_str(const char *name);

/* A reporter writes every record whole, and checks every write: on a
   write error, an output that is a regular file is cut back to the end of
   the last complete record, so that no record is left half-written.  The
   records of a run's steps are held and written together when they fill
   64 KiB, or with the first record made 50 ms or more after the last
   write: output is streamed, each record of a run of slow steps at once,
   and a record waits at most for the next step.  A header, a summary and
   the records of a comparison or an analysis are written as soon as they
   are made, after what is held. */
/* How a comparison's text lays its steps out. */
typedef enum gdt_layout {
    GDT_LAYOUT_WIDE = 0, /* a row per step, a column per mode and parameter
                            (its value) and its correct digits beside; the
                            loss in the events only */
    GDT_LAYOUT_LONG      /* a line per step, mode and quantity: digits,
                            rel-err, value */
} gdt_layout;

typedef struct gdt_reporter {
    gdt_format format;
    gdt_numfmt numfmt;
    const gdt_problem *problem; /* set by gdt_reporter_begin */
    FILE *out;
    gdt_buf rec;        /* the record being built, after the held ones */
    size_t *ends;       /* the end in REC of each record held, NENDS of */
    size_t nends, aends; /* them, room for AENDS */
    long long written_at; /* when they were last written (ns, a coarse
                           clock) */
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
    /* set after gdt_reporter_init, before gdt_reporter_sink: */
    const unsigned char *fields; /* the values its records show (GDT_FIELD_*,
                           gd.h; not owned; NULL, the default: text the
                           step, the parameters, the loss and with several
                           the gradient's norm, csv and jsonl every one);
                           the summary shows the parameters and the loss
                           among them.  Not for python. */
    unsigned long every; /* its sink's every (run.h; default 1) */
    gdt_layout layout;  /* a comparison's text (default GDT_LAYOUT_WIDE) */
    int thread;         /* where the records of a run's steps are the
                           same bytes from copies of the values (csv, jsonl
                           and text, shortest digits, a domain on doubles:
                           native and binary16 to binary64), they are made
                           from copies (gdt_reporter_sink): 0 (the
                           default), on the run's own thread; 1, on a
                           second thread while the run goes on (more CPU
                           time in all); -1: never from copies, each from
                           the stepper (the tests compare the ways) */
    struct gdt_writer *writer; /* the copies' state, while the run lasts */
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

/* The records R holds, complete and not yet written: *BYTES and their
   length, for a process about to end at once (an out-of-memory exit) to
   write them to R's output (fileno (R->out)) before it goes; R's stdio
   buffer holds nothing then, as R flushes it after every write.  With a
   writer thread (R->thread), the steps handed to it are made into records
   first, and it stops: the run's later records are made on its own
   thread. */
size_t gdt_reporter_held(const gdt_reporter *r, const char **bytes);

/* Write the records R holds (the steps'), then the record B, whole, to
   R's output, and empty B.  Writes go on after a short write or a signal
   (EINTR); on a write error (GDT_EIO, R->errnum and errno say which), a
   regular file is truncated back to the end of the last complete record. */
gdt_status gdt_reporter_emit(gdt_reporter *r, gdt_buf *b) GDT_MUST_CHECK;

/* The header: text's, csv's column names; nothing for python and jsonl. */
gdt_status gdt_reporter_begin(gdt_reporter *r, const gdt_run_info *info,
                              const gdt_stepper *s) GDT_MUST_CHECK;
/* The record of the step S has just evaluated. */
gdt_status gdt_reporter_step(gdt_reporter *r, const gdt_stepper *s)
    GDT_MUST_CHECK;
/* The summary, after the last step: steps done, stop reason, final w and
   loss (text and jsonl); closes the python list.  ERR, when S stopped on an
   error, is the error's message. */
gdt_status gdt_reporter_end(gdt_reporter *r, const gdt_stepper *s,
                            const gdt_error *err) GDT_MUST_CHECK;

/* Make OUT a sink (run.h) that writes to R: its begin is
   gdt_reporter_begin (nothing for a resumed run), its step
   gdt_reporter_step, its end gdt_reporter_end; its record builds what
   those write (jsonl, csv and text; python has no record of a step) with
   a reporter of its own, so that R is left as it is.  A failure says what
   it was: "write error: " and errno's message for GDT_EIO, else the status
   ("out of memory", ...).  R must outlive OUT. */
void gdt_reporter_sink(gdt_run_sink *out, gdt_reporter *r);

/* gdt_trail_read with R as the sink (gdt_reporter_sink), R->problem set to
   the run's problem. */
gdt_status gdt_trail_replay(gdt_trail *t, FILE *f, const char *name, gdt_stepper *s,
                            gdt_reporter *r, const char *header,
                            const gdt_run_opts *opts, gdt_error *err) GDT_MUST_CHECK;

/* A comparison (gdtrace compare) in text, csv or jsonl: the header, then
   per step one record with every mode that has a value there (text: as
   R->layout says), then the events of every mode (text and jsonl; text
   wide: a line per event that happened, its step and value; long: a table
   of the steps). */
gdt_status gdt_cmp_report_begin(gdt_reporter *r, const gdt_run_info *info,
                                const gdt_compare *c) GDT_MUST_CHECK;
gdt_status gdt_cmp_report_step(gdt_reporter *r, const gdt_compare *c) GDT_MUST_CHECK;
gdt_status gdt_cmp_report_end(gdt_reporter *r, const gdt_compare *c) GDT_MUST_CHECK;

/* Make OUT a comparison sink (run.h) that writes to R with
   gdt_cmp_report_begin, _step and _end (failures as gdt_reporter_sink). */
void gdt_reporter_compare_sink(gdt_compare_sink *out, gdt_reporter *r);

struct gdt_analyze_in;

/* gdtrace analyze: analyze IN (analyze.h) and write each section of the
   answer to R (text or jsonl) as soon as gdt_analysis_next has computed
   it.  The refusals of gdt_analysis_start come before anything is
   written; a stop asked for in OPTS returns GDT_EINTERRUPTED, every
   section written whole.  ERR says what failed ("write error: ..."). */
gdt_status gdt_reporter_analysis(gdt_reporter *r, const struct gdt_analyze_in *in,
                                 const gdt_run_opts *opts, gdt_error *err) GDT_MUST_CHECK;

/* The same, and when PATH is not NULL the sharpness along the run drawn
   into it once the answer is written (gdt_sharpness_write_plot, with
   TITLE and what PLOT lends; IN->keep_sharpness must be set).  A loss
   whose analysis has no sharpness (a quadratic one, a gradient without a
   derivative) is refused before anything is written (GDT_EVALUE). */
gdt_status gdt_reporter_analysis_plot(gdt_reporter *r, const struct gdt_analyze_in *in,
                                      const gdt_run_opts *opts, const char *path,
                                      const char *title, const gdt_plot_opts *plot,
                                      gdt_error *err) GDT_MUST_CHECK;

/* ERR for R's failure ST as gdt_reporter_error says it, but for GDT_OK and
   GDT_EINTERRUPTED (a stop request, no failure), which set nothing;
   returns ST. */
gdt_status gdt_reporter_fail(const gdt_reporter *r, gdt_error *err, gdt_status st);

/* Make OUT a sink of an ensemble's steps (run --runs K, ensemble.h) that
   writes to R in text, csv or jsonl: a header (text: the run's, then the
   runs and their seeds; csv: the columns' names), per printed step (R's
   every; the last one always) and quantity (the parameters, then the
   loss) the exact run's value ("exact"; "-" in text, empty in csv and
   null in jsonl once it has ended), and over the runs the mean and the
   standard deviation (NumPy's, ddof 0) to 17 significant digits (the
   mean exact before that rounding; "nan" where a value is inf or nan),
   and the least and greatest value in the mode's text; then how the runs
   ended.  R must outlive OUT. */
void gdt_reporter_ensemble_sink(gdt_ensemble_sink *out, gdt_reporter *r);

#endif
