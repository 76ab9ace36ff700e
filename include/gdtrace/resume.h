/* gdtrace/resume.h -- continuing a trajectory file written earlier */
#ifndef GDTRACE_RESUME_H
#define GDTRACE_RESUME_H

#include <stdio.h>
#include <sys/types.h>
#include "gdtrace/gd.h"
#include "gdtrace/run.h"
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
   for byte the record OUT builds for that step (OUT: the sink of INFO's
   run, jsonl or csv, with its numfmt; for csv the first line must be
   HEADER, what OUT's begin writes).  What follows the last record may only be a summary line (jsonl)
   or a line cut without its newline, which a resume drops.

   On success S is at the last record's step, evaluated, and T says where
   the records end and whether the run stops there; a resume cuts the file
   at T->end and goes on with gdt_run_steps (info->resumed).  A replay cut
   short by a stop asked for (OPTS, which may be NULL) returns GDT_OK with
   S->stop GDT_STOP_INTERRUPTED.
   GDT_EVALUE, with ERR naming the first bad line and what is wrong with it,
   when the file is not this run's (another problem, other --digits, a
   step missing, repeated or out of order, a value changed, records past the
   run's end, CR LF line endings, no record at all); GDT_EIO when F cannot
   be read; GDT_ENOMEM. */
gdt_status gdt_trail_read(gdt_trail *t, FILE *f, const char *name, gdt_stepper *s,
                          const gdt_run_sink *out, const gdt_run_info *info,
                          const char *header, const gdt_run_opts *opts,
                          gdt_error *err) GDT_MUST_CHECK;

/* Where a resume (gdt_resume_open, gdt_resume_run) failed. */
typedef enum gdt_resume_phase {
    GDT_RESUME_OPEN,    /* the file cannot be resumed: not there, not a
                           regular file, locked by another process */
    GDT_RESUME_SETUP,   /* what the file is checked against cannot be made */
    GDT_RESUME_READ,    /* the file is not this run's (GDT_EVALUE) or
                           cannot be read */
    GDT_RESUME_RUN      /* the run going on failed */
} gdt_resume_phase;

/* A trajectory file being resumed: one descriptor, locked, for reading,
   cutting and appending. */
typedef struct gdt_resume {
    const char *path;   /* not owned */
    int fd;             /* -1 when closed */
    FILE *out;          /* the stream on FD that a resumed run appends to:
                           the sink given to gdt_resume_run writes there */
    gdt_resume_phase phase;
    gdt_trail trail;
    int complete;       /* the file is the whole run already: left as it is */
} gdt_resume;

/* Open the jsonl or csv trajectory PATH for a resume and lock it (flock)
   for the rest of the process: two runs writing one file would interleave
   their records.  GDT_EVALUE (a directory, not a regular file, locked) or
   GDT_EIO (cannot be opened) with ERR saying why, after the path; on
   success R->out is open.  Close R
   with gdt_resume_close in every case. */
gdt_status gdt_resume_open(gdt_resume *r, const char *path, gdt_error *err) GDT_MUST_CHECK;

/* Check that R's file is S's trajectory, every record replayed from w0
   (gdt_trail_read) as OUT makes it, drop what follows its last complete
   record, and go on from there with gdt_run_steps, appending to R->out
   through OUT exactly what the uninterrupted run would have written (INFO
   for its header).  OUT: a jsonl or csv sink writing to R->out, which is
   closed once the run went on (and must not be written to after).  S: set
   up as for gdt_run_steps, names set.  Returns GDT_OK
   when the run went on to a stop, also when the replay was interrupted
   (S->stop GDT_STOP_INTERRUPTED, the file left as it is) and when the file
   is the whole run already (R->complete, left as it is); else R->phase
   says where it failed and ERR what. */
gdt_status gdt_resume_run(gdt_resume *r, gdt_stepper *s, const gdt_run_sink *out,
                          const gdt_run_info *info, const gdt_run_opts *opts,
                          gdt_error *err) GDT_MUST_CHECK;

/* A second stream on R's file, for reading it from its start while R->out
   appends; NULL with ERR set (GDT_EIO) when it cannot be made.  The
   caller closes it. */
FILE *gdt_resume_reader(gdt_resume *r, gdt_error *err);

/* Close R's file and R->out (the lock goes with them); R may be NULL. */
void gdt_resume_close(gdt_resume *r);

#endif
