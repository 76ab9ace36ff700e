/* report_impl.h -- what the reporters of a run and of a comparison share:
   pieces of their headers; what the writer thread of a run's records
   (writer.c) and the reporter share */
#ifndef GDTRACE_REPORT_IMPL_H
#define GDTRACE_REPORT_IMPL_H

#include "gdtrace/buf.h"
#include "gdtrace/gd.h"
#include "gdtrace/problem.h"
#include "gdtrace/report.h"
#include "gdtrace/status.h"
#include "num/shortest.h"

/* The header's description of the gradient of P: "grad EXPR" for one
   parameter, "grad NAME EXPR" for each partial otherwise, each printed as
   gdtrace evaluates it, BEFORE and AFTER around each line. */
gdt_status gdt_report_put_grads(gdt_buf *b, const gdt_problem *p, const char *before,
                                const char *after) GDT_MUST_CHECK;

/* The width of the text's step column for a run of at most MAX_ITER
   updates: its digits, at least 4 (the heading "step"). */
int gdt_report_step_width(unsigned long max_iter);

/* Append V in decimal right-aligned in WIDTH columns, as "%*lu" (0: no
   padding), without printf: the records of runs and sweeps. */
gdt_status gdt_report_put_ulong(gdt_buf *b, unsigned long v, int width) GDT_MUST_CHECK;

/* Room for a value's text in a copy: a shortest text has at most 24
   bytes (a sign, 17 digits, a point and "e-324"). */
#define GDT_REPORT_TEXT_ROOM 32

/* The values of a step that its record shows: a stepper's current step,
   or a copy of them, each a double that the domain writes as
   gdt_shortest_put does (gdt_shortest_plain_of), made for the writer
   thread. */
typedef struct gdt_report_step {
    const gdt_stepper *s;   /* the stepper, NULL for a copy */
    size_t n;               /* the parameters */
    unsigned long k;        /* the step */
    int has_loss;           /* the loss was computed */
    const double *v;        /* a copy: the value of field F (GDT_FIELD_*)
                               at V[F - 1], for those R shows */
    const gdt_shortest_plain *plain; /* a copy: how to write them */
    const char *text;       /* a copy, or NULL: their texts written
                               already, field F's at
                               TEXT + (F - 1) * GDT_REPORT_TEXT_ROOM, */
    const unsigned char *tlen; /* TLEN[F - 1] bytes long */
} gdt_report_step;

/* What gdt_reporter_step does with the record of S (report.c): build it
   at the end of R->rec and hold it (written in batches), the held records
   written at once when it cannot be made. */
gdt_status gdt_report_step_hold(gdt_reporter *r, const gdt_report_step *s) GDT_MUST_CHECK;

/* How R's records of the steps of S, whose run is about to begin, are
   made from copies of the values alone, the same bytes (gdt_report_step),
   in csv, jsonl, or text without the gradient's norm: GDT_COPY_DOUBLE,
   the shortest digits of a domain on doubles (gdt_shortest_plain_of);
   GDT_COPY_MPFR, those of an mpfr domain of at most 53 bits, for the
   values that fit a double (gdt_shortest_plain_mpfr_of); *PLAIN set
   then.  GDT_COPY_NONE: the records need the stepper. */
typedef enum gdt_report_copy { GDT_COPY_NONE, GDT_COPY_DOUBLE, GDT_COPY_MPFR } gdt_report_copy;
gdt_report_copy gdt_report_plain(const gdt_reporter *r, const gdt_stepper *s,
                                 gdt_shortest_plain *plain);

/* The writer thread (writer.c): R's records of steps made and written on
   a thread of their own while the run computes the next steps.  The run
   copies each printed step's values into a ring of fixed size
   (gdt_writer_put); the writer takes them out in order, builds the record
   of each and holds it, as gdt_reporter_step would (gdt_report_step_hold),
   the same bytes in the same batches.  While it runs, the writer owns R's
   records, its output and its scratch; the thread that started it only
   puts steps and stops it.

   Without THREAD the same writer has no thread: each step put is copied
   and its record made and held at once, on the caller's thread, from the
   copy (the cheaper way: a copy's record is made in one stretch,
   gdt_shortest_write's texts at a pointer).

   Start a writer of R's records for the run of S (gdt_report_plain said
   COPY, with PLAIN) in *W, on a thread of its own when THREAD: GDT_ENOMEM,
   or GDT_EVALUE when no thread could be started (R then writes its
   records itself). */
gdt_status gdt_writer_start(struct gdt_writer **w, gdt_reporter *r, const gdt_stepper *s,
                            gdt_report_copy copy, const gdt_shortest_plain *plain, int thread)
    GDT_MUST_CHECK;
/* 1 while W takes steps: not stopped, and no failure seen. */
int gdt_writer_running(const struct gdt_writer *w);
/* Copy the values of S's current step for W, waiting while the ring is
   full.  When W has failed, it is stopped and its failure returned (as
   gdt_reporter_step would have returned it): GDT_EIO (R->errnum says
   why), GDT_ENOMEM.  A step whose values its copy cannot hold (mpfr
   numbers beyond the doubles' normal range) is refused: W is stopped
   after the records of the steps put (gdt_writer_stop's status returned,
   GDT_OK when none failed), so that R makes this step's record and the
   next ones itself (gdt_writer_running says 0). */
gdt_status gdt_writer_put(struct gdt_writer *w, const gdt_stepper *s) GDT_MUST_CHECK;
/* Stop W: with DRAIN, after it has made and held the records of every step
   put (writing them as their batches fill), else at once, the steps not
   yet taken dropped.  Returns its failure, GDT_OK when none; R is R's own
   again.  W may be stopped again (GDT_OK then).  Safe from the thread
   that puts steps only. */
gdt_status gdt_writer_stop(struct gdt_writer *w, int drain);
/* Stop W (if it runs) and free it; W may be NULL. */
void gdt_writer_free(struct gdt_writer *w);

/* The text header of INFO's run S (its mode and recipe), into R->rec;
   with NAMES the line of the columns' names after it. */
gdt_status gdt_report_text_header(gdt_reporter *r, const gdt_run_info *info,
                                  const gdt_stepper *s, int names) GDT_MUST_CHECK;

#endif
