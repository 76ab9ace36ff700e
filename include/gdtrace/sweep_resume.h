/* gdtrace/sweep_resume.h -- going on with a sweep's csv or jsonl file cut
   short (a stop, a crash, a kill in the middle of a write) */
#ifndef GDTRACE_SWEEP_RESUME_H
#define GDTRACE_SWEEP_RESUME_H

#include <stdint.h>
#include <sys/types.h>
#include "gdtrace/report_sweep.h"
#include "gdtrace/resume.h"

/* The points of a file that a resume recomputes, at most: the first, the
   last and the others spread evenly between them. */
#define GDT_SWEEP_RESUME_SAMPLE 8

/* What a sweep's file holds, checked against the sweep. */
typedef struct gdt_sweep_trail {
    int header;         /* the file holds the header whole */
    uint64_t points;    /* and the records of the grid's points 0 ..
                           POINTS - 1, whole */
    off_t end;          /* the byte after the last of them (after the
                           header when none; 0 without the header) */
    unsigned sampled;   /* the points recomputed and found the same */
    int complete;       /* every point and what a whole sweep writes after
                           them (jsonl: its summary; csv: nothing), and
                           nothing more: the file is the whole sweep */
} gdt_sweep_trail;

/* Read the sweep file F (named NAME in messages) one line at a time
   (memory follows the longest line) and check it against the sweep of R
   (R->o, R's format and numbers; INFO for the header): its first line is
   the header R writes; each record is the grid's next point, its grid
   indices and axis values (as R prints them) first, then a known outcome;
   what follows the records may only be a line cut short (a write
   interrupted) or, in jsonl, the summary of a sweep stopped after them or
   of the whole sweep.  A file cut inside its header holds no header and
   no point.  Then up to GDT_SWEEP_RESUME_SAMPLE of the file's points (the
   first, the last, the others spread evenly) are run again on one thread
   and their records compared byte for byte.
   GDT_EVALUE, ERR naming NAME and its first bad line and what is wrong
   there, when the file is not this sweep's; GDT_EINTERRUPTED when R->o's
   stop flag is set; GDT_EIO when F cannot be read; GDT_ENOMEM; a failure
   of a recomputed point as gdt_sweep_run's.  R must write no .npy file
   (NULL arrays). */
gdt_status gdt_sweep_trail_read(gdt_sweep_trail *t, FILE *f, const char *name,
                                gdt_sweep_report *r, const gdt_sweep_info *info,
                                gdt_error *err) GDT_MUST_CHECK;

/* Check the file of RES (opened with gdt_resume_open) as
   gdt_sweep_trail_read does and, unless it is the whole sweep
   (T->complete: left as it is), cut it after its last whole record (or
   header), so that R, writing to RES->out, appends the header when T has
   none, the points from T->points on and the summary.  Errors as
   gdt_sweep_trail_read's (the file is then left as it is), and GDT_EIO
   when the file cannot be cut. */
gdt_status gdt_sweep_resume_prepare(gdt_resume *res, gdt_sweep_trail *t, gdt_sweep_report *r,
                                    const gdt_sweep_info *info, gdt_error *err)
    GDT_MUST_CHECK;

#endif
