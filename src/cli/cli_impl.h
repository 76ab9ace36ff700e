/* cli_impl.h -- what the files of the command share: the settings read
   from the command line, and each command */
#ifndef GDTRACE_CLI_IMPL_H
#define GDTRACE_CLI_IMPL_H

#include <signal.h>
#include <stdio.h>
#include "gdtrace.h"
#include "gdtrace/report_sweep.h"
#include "gdtrace/session.h"
#include "guard.h"
#include "opts/opts.h"

enum { EXIT_RUN = 1, EXIT_USAGE = 2 };

extern const char *progname;

/* options.c: the command line as (name, value) pairs for the option
   table's reader (opts/opts.h), its messages, --help.  Each returns 0,
   or the exit status after the message. */
int cli_read_args(gdt_opts *s, int argc, char **argv, int *help, int *version);
int cli_check_settings(gdt_opts *s);
void cli_usage(FILE *f, int cmd);
int cli_bad_option(const char *opt, const char *fmt, const char *value);
/* 0 when ST is GDT_OK; else the message of S's reader in ERR (NULL: out
   of memory) and EXIT_USAGE, or EXIT_RUN when out of memory. */
int cli_opts_failed(const gdt_opts *s, gdt_status st, const gdt_error *err);

/* signals.c: the process's guards (guard.h) */
void cli_guard_process(void);
/* What every run is lent: the stop flag the signal handlers set. */
extern const gdt_run_opts cli_run_opts;
/* What a plot is lent: $TMPDIR, that flag, and the registry that removes
   its temporary files and kills gnuplot on a fatal signal. */
void cli_plot_opts(gdt_plot_opts *o);
/* The exit status of a run a signal stopped: 128 + its number. */
int cli_interrupted_status(void);

/* progress.c: the progress line on standard error (--progress), told the
   steps or points done; a run's progress callback (gdt_run_opts) is
   cli_progress_step with the struct as its user. */
struct cli_progress {
    int on, forced;             /* drawn; at once (--progress) */
    int tty;                    /* stderr is a terminal: redrawn in place */
    unsigned long total;        /* the last step or the points */
    const char *unit;           /* "step" or "point" */
    const gdt_stepper *stepper; /* whose state's size is shown, or NULL */
    double t0, last_check, last_draw;
    unsigned long every, next_check, last_n;
    int drawn;
};
/* 2 with --progress, 0 with --no-progress (the later of the two wins),
   else 1 when stderr is a terminal and stdout is not, or QUIET_STDOUT
   (nothing goes there before the end), 0 otherwise. */
int cli_progress_wanted(const gdt_opts *s, int quiet_stdout);
/* P's init: ON as cli_progress_wanted says, TOTAL steps or points. */
void cli_progress_init(struct cli_progress *p, int on, unsigned long total, const char *unit);
void cli_progress_update(struct cli_progress *p, unsigned long n);
void cli_progress_step(void *user, unsigned long step);
/* The end, N done: a terminal's line cleared; in a file, a last line. */
void cli_progress_end(struct cli_progress *p, unsigned long n);

/* Take the lock (flock) of FD, the file NAME of option OPT ("" for
   none), for the rest of the process (cmd_run.c).  0, or EXIT_USAGE after
   the message when another process holds it. */
int cli_lock_file(int fd, const char *opt, const char *name);

/* cmd_run.c, cmd_compare.c, cmd_analyze.c, cmd_sweep.c */
int cli_cmd_run(gdt_opts *s, gdt_session *ss, const gdt_session_opts *o);
int cli_cmd_compare(gdt_opts *s, gdt_session *ss, const gdt_session_opts *o);
int cli_cmd_analyze(gdt_opts *s, gdt_session *ss, const gdt_session_opts *o);
int cli_cmd_sweep(gdt_opts *s, gdt_session *ss, const gdt_session_opts *o);
int cli_cmd_boundary(gdt_opts *s, gdt_session *ss, const gdt_session_opts *o);
int cli_cmd_zoom(gdt_opts *s, gdt_session *ss, const gdt_session_opts *o);
/* Who computes a sweep's points when not gdt_sweep_run on this process's
   threads (the MPI build's ranks): RUN computes O's points and hands
   them to REP, its records to its writer and its arrays, in the grid's
   order, setting *DONE as gdt_sweep_run does.  WRITES 0: this process
   computes for another one, which writes; it writes no records, header,
   summary or file of its own, and REP is a part's report (jsonl records
   with their loss in binary64, gdt_sweep_part). */
struct cli_sweep_runner {
    int writes;
    gdt_status (*run)(void *ctx, const gdt_sweep_opts *o, gdt_sweep_report *rep,
                      uint64_t *done, gdt_error *err);
    void *ctx;
};
/* gdtrace sweep with RUN (NULL: gdt_sweep_run); cli_cmd_sweep is it
   with NULL. */
int cli_sweep_with(gdt_opts *s, gdt_session *ss, const gdt_session_opts *o,
                   const struct cli_sweep_runner *run);
/* main.c: the whole command (gdtrace.c's main, and the MPI build's) */
int cli_main(int argc, char **argv, const struct cli_sweep_runner *run);
/* A part's point record LINE (of a part of NAXES axes, on a grid WIDTH
   points wide) that must be point WANT, into REP's arrays (when it has
   them) and, when OUT is not NULL, as REP's record (jsonl or csv, JSON)
   into OUT; TEXT is scratch.  GDT_OK, or GDT_ESYNTAX (ERR: what) or
   GDT_ENOMEM. */
gdt_status cli_merge_record(gdt_sweep_report *rep, gdt_buf *out, int json, const char *line,
                            size_t naxes, size_t width, uint64_t want, gdt_buf *text,
                            gdt_error *err);
/* cmd_merge.c: gdtrace merge PART..., ARGV after the command's name */
int cli_cmd_merge(int argc, char **argv);
/* cmd_serve.c: gdtrace serve [options], ARGV after the command's name */
int cli_cmd_serve(int argc, char **argv);
/* A file written whole after a sweep or a merge (--npy, --png): a
   temporary file beside PATH, made first so that an unwritable place is
   refused before any work, then renamed to PATH. */
struct cli_out_file {
    const char *opt, *path;
    char *tmp;     /* the temporary file beside the target; NULL: in place */
    char *real;    /* PATH with its symbolic links resolved, or NULL */
    FILE *f;
};
/* Make O's temporary file for option OPT's PATH, beside the file that
   PATH names (through symbolic links, which stay); a FIFO or a device is
   written in place.  0, or EXIT_USAGE after the message (a directory, a
   link to nothing, a directory that cannot be written in). */
int cli_out_open(struct cli_out_file *o, const char *opt, const char *path);
/* Write O's content with WRITE (unless WRITE is NULL: a failed sweep),
   close it and rename it to its path; the temporary file is removed in
   every case.  0 or EXIT_RUN. */
int cli_out_finish(struct cli_out_file *o, const gdt_sweep_report *r,
                   gdt_status (*write)(const gdt_sweep_report *r, FILE *f, gdt_error *err));
/* cli_out_finish with WRITE given CTX. */
int cli_out_finish_with(struct cli_out_file *o,
                        gdt_status (*write)(void *ctx, FILE *f, gdt_error *err), void *ctx);
/* The outputs written whole after a sweep or a merge: --plot's PATH
   checked, --npy's and --png's temporary files made (each NULL: none).
   0, or EXIT_USAGE after the message. */
int cli_sweep_outputs(struct cli_out_file *npy_out, struct cli_out_file *png_out,
                      const char *npy, const char *png, const char *plot);
/* R's map of outcomes as a PNG image into F. */
gdt_status cli_sweep_write_png(const gdt_sweep_report *r, FILE *f, gdt_error *err);
/* The gnuplot picture of R's map into PATH, titled TITLE.  0 or EXIT_RUN
   (or the interrupted status). */
int cli_sweep_write_plot(const gdt_sweep_report *r, const char *path, const char *title);
/* The title of a sweep's map: its loss and mode, into BUF of SIZE. */
void cli_sweep_title(char *buf, size_t size, const char *loss, const char *mode);

#endif
