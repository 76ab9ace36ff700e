/* gdtrace/resume.h -- continuing a trajectory file written earlier */
#ifndef GDTRACE_RESUME_H
#define GDTRACE_RESUME_H

#include <stdio.h>
#include "gdtrace/report.h"
#include "gdtrace/status.h"

/* What a jsonl or csv trajectory file holds: its first, second-to-last and
   last complete step records (each one line with its newline), the step
   of the last, and where the file's complete records end.  A record is
   complete when its line ends with a newline and is a whole record; what
   follows the last one (a summary, a line cut by an interruption) is
   dropped when the run goes on. */
typedef struct gdt_trail {
    char *first, *prev, *last;  /* prev is NULL when last is step 0 */
    unsigned long last_step;
    long end;                   /* byte offset after the last record */
} gdt_trail;

void gdt_trail_init(gdt_trail *t);
void gdt_trail_clear(gdt_trail *t);

/* Read PATH, written by gdtrace run in FORMAT (GDT_FORMAT_JSONL or
   GDT_FORMAT_CSV; for csv the first line must be HEADER).  GDT_EIO when it
   cannot be read, GDT_EVALUE (ERR says why) when it holds no step record. */
gdt_status gdt_trail_read(gdt_trail *t, const char *path, gdt_format format,
                          const char *header, gdt_error *err) GDT_MUST_CHECK;

/* The values of a record line (jsonl: the strings after each key; csv: the
   fields after the step), at most MAX, into VALS (pointers into BUF, a copy
   of LINE that the caller frees), and the keys into KEYS (jsonl; csv: NULL)
   and the step into *STEP.  Returns the number of values, or -1 when LINE
   is no record. */
int gdt_trail_fields(char **buf, const char *line, gdt_format format, char **keys,
                     char **vals, int max, unsigned long *step);

#endif
