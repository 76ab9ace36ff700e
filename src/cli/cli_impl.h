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

enum { EXIT_RUN = 1, EXIT_USAGE = 2 };

enum opt_id {
    OPT_LOSS, OPT_GRAD, OPT_DATA, OPT_LR, OPT_W0, OPT_MAX_ITER, OPT_MODE, OPT_MODES, OPT_REF,
    OPT_PREC, OPT_ROUND, OPT_UPDATE, OPT_STOP, OPT_AT, OPT_MAX_BITS, OPT_MAX_DEGREE, OPT_MAX_COEFF_BITS, OPT_RESUME, OPT_FORMAT, OPT_DIGITS, OPT_EVERY, OPT_FIELDS, OPT_PLOT, OPT_GRID,
    OPT_SCALE, OPT_ESCAPE, OPT_THREADS, OPT_NPY, OPT_PNG, OPT_SHARD, OPT_DIMENSION,
    OPT_PLOT_Y, OPT_PLOT_TITLE, OPT_PLOT_SIZE, OPT_LOG_X, OPT_PROGRESS, OPT_NO_PROGRESS,
    OPT_KINKS, OPT_LAYOUT, OPT_SHARPNESS, OPT_HELP,
    OPT_VERSION, OPT_COUNT
};

/* The commands an option belongs to. */
enum { CMD_RUN = 1, CMD_COMPARE = 2, CMD_ANALYZE = 4, CMD_SWEEP = 8, CMD_BOTH = 3,
       CMD_ALL = 15 };

#define MAX_MODES 16
#define MAX_GRADS 256

struct settings {
    int cmd;                    /* CMD_RUN, CMD_COMPARE, CMD_ANALYZE or CMD_SWEEP */
    int has_at;
    unsigned long at;
    const char *loss, *lr, *w0;
    const char *set[OPT_COUNT]; /* the value of every option given, or NULL */
    int argpos[OPT_COUNT];      /* and its place on the command line */
    const char *grads[MAX_GRADS]; /* every --grad */
    size_t ngrads;
    mpq_t lr_q;
    mpq_t *w0_q;                /* per parameter, once the problem is known */
    const char **w0_texts;      /* and as typed */
    unsigned char *w0_neg0;     /* 1 where written "-0": a negative zero */
    int lr_neg0;
    mpq_t *lrs_q;               /* --lr per parameter, once the problem is
                                   known, when they differ (else NULL) */
    const char **lr_texts;      /* and as typed */
    unsigned char *lrs_neg0;
    char *lr_copy;              /* --lr split at the commas */
    size_t nlr;
    char *w0_copy;              /* --w0 split at the commas */
    size_t nw0;
    unsigned long max_iter;
    const char *modes[MAX_MODES];
    size_t nmodes, ref;
    char *modes_copy;           /* --modes split at the commas */
    char *texts[MAX_GRADS + 1]; /* expressions read from @FILE */
    size_t ntexts;
    long prec;
    mpfr_rnd_t rnd;
    gdt_update update;
    int stop_on_zero, detect_cycles;
    gdt_kinks kinks;            /* --kinks */
    int stop_on_stall, stop_on_nonfinite; /* --stop stall, nonfinite */
    unsigned long max_bits;
    gdt_roots_budget roots;
    gdt_format format;
    gdt_numfmt numfmt;
    unsigned long every;        /* --every */
    unsigned char *fields;      /* --fields as GDT_FIELD_* flags, once the
                                   problem is known (NULL: not given) */
    gdt_layout layout;          /* --layout (compare, text) */
    /* gdtrace sweep: --grid, --scale, --escape, --threads (the axes are
       read from --lr and --w0 once the problem is known: cmd_sweep.c) */
    unsigned long grid[2];      /* 0: the default */
    int ngrid;                  /* 0, 1 (N) or 2 (NxM) */
    int scale[2], nscale;       /* 1 log, 0 lin, per axis; NSCALE 1 or 2 */
    mpq_t escape;
    unsigned long threads;
    unsigned long shard[2];     /* --shard K/N; 0, 0: none */
    /* compare --plot's picture: --plot-y (gdt_plot_y), --plot-size WxH
       (0: the default), --log-x */
    int plot_y;
    unsigned long plot_size[2];
    /* --progress (1), --no-progress (0), neither (-1: when stderr is a
       terminal) */
    int progress;
};

extern const char *progname;

/* options.c: the option table, parsing, checking, --help */
int cli_read_args(struct settings *s, int argc, char **argv, int *help, int *version);
int cli_check_settings(struct settings *s);
int cli_parse_w0(struct settings *s, const gdt_problem *p);
int cli_parse_lr(struct settings *s, const gdt_problem *p);
int cli_parse_fields(struct settings *s, const gdt_problem *p);
void cli_usage(FILE *f, int cmd);
/* An exact number (--lr, --w0): 0, or EXIT_USAGE after the message. */
int cli_parse_number(mpq_t r, const char *opt, const char *s);
int cli_bad_option(const char *opt, const char *fmt, const char *value);
void cli_settings_free(struct settings *s);
/* The library's set-up options from S (w0 once cli_parse_w0 has run, the
   learning rates per parameter once cli_parse_lr has). */
void cli_session_opts(gdt_session_opts *o, const struct settings *s);

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
int cli_progress_wanted(const struct settings *s, int quiet_stdout);
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
void cli_run_info(gdt_run_info *info, const struct settings *s, const gdt_session *ss);
int cli_cmd_run(struct settings *s, gdt_session *ss, const gdt_session_opts *o);
int cli_cmd_compare(struct settings *s, gdt_session *ss, const gdt_session_opts *o);
int cli_cmd_analyze(struct settings *s, gdt_session *ss, const gdt_session_opts *o);
int cli_cmd_sweep(struct settings *s, gdt_session *ss, const gdt_session_opts *o);
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
int cli_sweep_with(struct settings *s, gdt_session *ss, const gdt_session_opts *o,
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
/* A file written whole after a sweep or a merge (--npy, --png): a
   temporary file beside PATH, made first so that an unwritable place is
   refused before any work, then renamed to PATH. */
struct cli_out_file {
    const char *opt, *path;
    char *tmp;
    FILE *f;
};
/* Make O's temporary file for option OPT's PATH.  0 or EXIT_USAGE. */
int cli_out_open(struct cli_out_file *o, const char *opt, const char *path);
/* Write O's content with WRITE (unless WRITE is NULL: a failed sweep),
   close it and rename it to its path; the temporary file is removed in
   every case.  0 or EXIT_RUN. */
int cli_out_finish(struct cli_out_file *o, const gdt_sweep_report *r,
                   gdt_status (*write)(const gdt_sweep_report *r, FILE *f, gdt_error *err));
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
/* 1 when TEXT, a value of --lr or --w0, is a sweep's axis (A:B). */
int cli_is_axis(const struct settings *s, const char *text);

#endif
