/* gdtrace/resume.h -- continuing a trajectory file written earlier */
#ifndef GDTRACE_RESUME_H
#define GDTRACE_RESUME_H

#include <stdio.h>
#include <sys/types.h>
#include "gdtrace/gd.h"
#include "gdtrace/report.h"
#include "gdtrace/status.h"

/* What a jsonl or csv trajectory file holds, every record checked against
   the run that would write it. */
typedef struct gdt_trail {
    unsigned long last_step; /* the step of the file's last record */
    off_t end;               /* byte offset after the last record */
    gdt_stop stop;           /* how the run stops at last_step
                                (GDT_STOP_NONE: it goes on) */
    int complete;            /* the run stops at last_step and the file ends
                                with what it writes then (jsonl: its summary,
                                csv: nothing): the file is the whole run */
} gdt_trail;

/* Read the trajectory file F (named NAME in messages), one line at a time
   (memory follows the longest line, not the file), replaying the run of S
   from its w0 beside it: the records must be steps 0, 1, 2, ... each byte
   for byte the record R builds for that step (R: a reporter of the format
   and digits of the file, R->problem set; for csv the first line must be
   HEADER).  What follows the last record may only be a summary line (jsonl)
   or a line cut without its newline, which a resume drops.

   On success S is at the last record's step, evaluated, and T says where
   the records end and whether the run stops there; a resume cuts the file
   at T->end and goes on with gdt_run (info->resumed).  A replay cut short by
   gdt_guard_stop returns GDT_OK with S->stop GDT_STOP_INTERRUPTED.
   GDT_EVALUE, with ERR naming the first bad line and what is wrong with it,
   when the file is not this run's (another problem, other --digits, a
   step missing, repeated or out of order, a value changed, records past the
   run's end, CR LF line endings, no record at all); GDT_EIO when F cannot
   be read; GDT_ENOMEM. */
gdt_status gdt_trail_replay(gdt_trail *t, FILE *f, const char *name, gdt_stepper *s,
                            gdt_reporter *r, const char *header,
                            gdt_error *err) GDT_MUST_CHECK;

#endif
