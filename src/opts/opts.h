/* opts.h -- the one option table of gdtrace's commands and its reader:
   (name, value) pairs into settings, with the defaults, the checks and the
   messages of the command (src/cli reads argv with it, src/api a
   binding's keys) */
#ifndef GDTRACE_OPTS_H
#define GDTRACE_OPTS_H

#include <gmp.h>
#include <mpfr.h>
#include "gdtrace/affine.h"
#include "gdtrace/analyze.h"
#include "gdtrace/certify.h"
#include "gdtrace/optim.h"
#include "gdtrace/poly.h"
#include "gdtrace/report.h"
#include "gdtrace/report_sweep.h"
#include "gdtrace/session.h"
#include "gdtrace/sweep.h"
#include "gdtrace/zoom.h"

typedef enum gdt_opt_id {
    GDT_OPT_LOSS, GDT_OPT_GRAD, GDT_OPT_DATA, GDT_OPT_LR, GDT_OPT_W0, GDT_OPT_MAX_ITER,
    GDT_OPT_MODE, GDT_OPT_MODES, GDT_OPT_REF, GDT_OPT_PREC, GDT_OPT_ROUND, GDT_OPT_UPDATE,
    GDT_OPT_STOP, GDT_OPT_AT, GDT_OPT_MAX_BITS, GDT_OPT_MAX_DEGREE, GDT_OPT_MAX_COEFF_BITS,
    GDT_OPT_RESUME, GDT_OPT_FORMAT, GDT_OPT_DIGITS, GDT_OPT_EVERY, GDT_OPT_FIELDS,
    GDT_OPT_PLOT, GDT_OPT_GRID, GDT_OPT_SCALE, GDT_OPT_ESCAPE, GDT_OPT_THREADS, GDT_OPT_NPY,
    GDT_OPT_PNG, GDT_OPT_SHARD, GDT_OPT_DIMENSION, GDT_OPT_ON, GDT_OPT_PLOT_Y, GDT_OPT_PLOT_TITLE,
    GDT_OPT_PLOT_SIZE, GDT_OPT_LOG_X, GDT_OPT_PLOT_STEPS, GDT_OPT_PROGRESS, GDT_OPT_NO_PROGRESS, GDT_OPT_KINKS,
    GDT_OPT_LAYOUT, GDT_OPT_SHARPNESS, GDT_OPT_CERTIFY, GDT_OPT_MAX_PREC, GDT_OPT_MASTER,
    GDT_OPT_OPTIMIZER, GDT_OPT_MOMENTUM, GDT_OPT_DAMPENING, GDT_OPT_NESTEROV, GDT_OPT_WEIGHT_DECAY,
    GDT_OPT_BETAS, GDT_OPT_EPS, GDT_OPT_SCHEDULE, GDT_OPT_HELP, GDT_OPT_VERSION,
    GDT_OPT_SR, GDT_OPT_SEED, GDT_OPT_RUNS, GDT_OPT_LOSS_SCALE, GDT_OPT_AGAINST,
    GDT_OPT_FROM, GDT_OPT_TO, GDT_OPT_FACTOR, GDT_OPT_FRAMES, GDT_OPT_PNG_DIR,
    GDT_OPT_COUNT
} gdt_opt_id;

/* The commands an option belongs to. */
enum {
    GDT_CMD_RUN = 1, GDT_CMD_COMPARE = 2, GDT_CMD_ANALYZE = 4, GDT_CMD_SWEEP = 8,
    GDT_CMD_BOTH = 3, GDT_CMD_ALL = 15,
    /* gdtrace boundary reads sweep's options (its cmd is GDT_CMD_SWEEP);
       this bit marks those it uses, which its --help lists */
    GDT_CMD_BOUNDARY = 16,
    /* gdtrace zoom is a certified sweep too (its cmd is GDT_CMD_SWEEP):
       this bit marks the options it takes, sweep's and its own */
    GDT_CMD_ZOOM = 32
};

#define GDT_OPTS_MAX_MODES 16
#define GDT_OPTS_MAX_GRADS 256
#define GDT_OPTS_GRID_DEFAULT 101
#define GDT_OPTS_ZOOM_GRID_DEFAULT 64

/* An option of the table: its name (without the leading --), its
   argument (NULL: a flag), its default (DEF; ANALYZE_DEF gdtrace
   analyze's when not NULL; NULL: none), the commands it belongs to and
   its help, in which %D stands for the default and %A for analyze's. */
typedef struct gdt_opt_def {
    gdt_opt_id id;
    const char *name;
    const char *arg;
    const char *def;
    const char *analyze_def;
    int cmds;
    const char *help;
} gdt_opt_def;

/* The settings of a command, read from its options. */
typedef struct gdt_opts {
    int cmd;                    /* GDT_CMD_RUN, _COMPARE, _ANALYZE or _SWEEP */
    int has_at;
    unsigned long at;
    const char *loss, *lr, *w0;
    const char *set[GDT_OPT_COUNT]; /* the value of every option given, or NULL */
    int argpos[GDT_OPT_COUNT];  /* and its place among the options given */
    const char *grads[GDT_OPTS_MAX_GRADS]; /* every --grad */
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
    const char *modes[GDT_OPTS_MAX_MODES];
    size_t nmodes, ref;
    char *modes_copy;           /* --modes split at the commas */
    char *texts[GDT_OPTS_MAX_GRADS + 1]; /* values the settings own
                                   (gdt_opts_own: the CLI's @FILE texts) */
    size_t ntexts;
    long prec;
    mpfr_rnd_t rnd;
    gdt_update update;
    const char *master;         /* --master FORMAT, or NULL */
    gdt_loss_scale loss_scale;  /* --loss-scale (.on 0: not given) */
    int scaled_lanes;           /* compare: a lane of --modes is MODE+...+scale */
    gdt_optim optim;            /* --optimizer and its options, --schedule */
    int has_optim;              /* 1: OPTIM is more than plain SGD (or
                                   the momentum is a sweep's axis) */
    int momentum_axis;          /* sweep --momentum A:B */
    /* compare: lanes with optimizers of their own (MODE+adam, ...;
       LANE_OPTIMS 1 when some lane names one): per lane its optimizer
       (LANE_OPTIM_OF: into LANE_OPTIM, or OPTIM, or NULL: plain SGD), its
       update and the lane it is measured against */
    int lane_optims;
    gdt_optim lane_optim[GDT_OPTS_MAX_MODES];
    const gdt_optim *lane_optim_of[GDT_OPTS_MAX_MODES];
    gdt_update lane_update[GDT_OPTS_MAX_MODES];
    size_t lane_ref[GDT_OPTS_MAX_MODES];
    int stop_on_zero, detect_cycles;
    gdt_kinks kinks;            /* --kinks */
    int stop_on_stall, stop_on_nonfinite; /* --stop stall, nonfinite */
    int stop_on_contract;       /* --certify --stop contracting */
    unsigned long max_bits;
    gdt_roots_budget roots;
    gdt_format format;
    gdt_numfmt numfmt;
    unsigned long every;        /* --every */
    unsigned char *fields;      /* --fields as GDT_FIELD_* flags, once the
                                   problem is known (NULL: not given) */
    gdt_layout layout;          /* --layout (compare, text) */
    /* gdtrace sweep: --grid, --scale, --escape, --threads (the axes are
       read from --lr and --w0 once the problem is known: gdt_opts_sweep) */
    unsigned long grid[2];      /* 0: the default */
    int ngrid;                  /* 0, 1 (N) or 2 (NxM) */
    int scale[2], nscale;       /* 1 log, 0 lin, per axis; NSCALE 1 or 2 */
    mpq_t escape;
    unsigned long threads;
    unsigned long shard[2];     /* --shard K/N; 0, 0: none */
    /* compare --plot's picture: --plot-y (gdt_plot_y), --plot-size WxH
       (0: the default), --log-x */
    int plot_y;
    int plot_all;               /* --plot-steps all */
    unsigned long plot_size[2];
    /* --progress (1), --no-progress (0), neither (-1: when stderr is a
       terminal) */
    int progress;
    int certify;                /* run --certify */
    int against;                /* sweep --against certified */
    int boundary;               /* gdtrace boundary: a certified sweep's
                                   options, bisected (cmd is sweep) */
    int boundary_on_class;      /* boundary --on class */
    int zoom;                   /* gdtrace zoom: a certified sweep's options,
                                   frame after frame (cmd is sweep) */
    mpq_t zoom_from, zoom_to, zoom_factor; /* --from, --to, --factor */
    unsigned long zoom_frames;  /* --frames (0: not given) */
    unsigned long max_prec;     /* --max-prec */
    /* stochastic rounding: --sr (gdt_sr_mode; compare: every lane that
       rounds), --seed, --runs (1: no ensemble); compare's per lane, from
       --modes' suffixes (gdt_opts_mode_sr: MODE+sr) or --sr */
    int sr;
    unsigned long long seed;
    unsigned long runs;
    int mode_sr[GDT_OPTS_MAX_MODES];
    const char *labels[GDT_OPTS_MAX_MODES]; /* --modes as written, suffixes
                                   and all (MODES holds the modes' names) */
    char *labels_copy;
    char *msg;                  /* the last message whole, when longer than
                                   a gdt_error holds (gdt_opts_message) */
} gdt_opts;

/* Why MASTER cannot be the master format of mode MODE (written into
   BUF, SIZE bytes, and returned), or NULL when it can: MASTER no IEEE
   format, MODE exact, integer or mpfr, MASTER with fewer significand
   bits or a smaller exponent range than MODE. */
const char *gdt_opts_master_refusal(const char *mode, const char *master, char *buf,
                                    size_t size);

/* S for command CMD, no option given.  Clear it with gdt_opts_clear. */
void gdt_opts_init(gdt_opts *s, int cmd);
void gdt_opts_clear(gdt_opts *s);

/* The table's I-th option, or NULL past its end (the order of --help). */
const gdt_opt_def *gdt_opts_def(size_t i);
/* The option NAME (LEN bytes, without the --), or NULL. */
const gdt_opt_def *gdt_opts_find(const char *name, size_t len);
/* O's default in command CMD (%D in its help). */
const char *gdt_opts_default(const gdt_opt_def *o, int cmd);
/* "run", "compare", "analyze", "sweep" or "zoom". */
const char *gdt_opts_cmd_name(int cmd);
/* 1 when option O can be given to S's command: its bit in O->cmds
   (gdtrace zoom's, GDT_CMD_ZOOM, for zoom). */
int gdt_opts_takes(const gdt_opts *s, const gdt_opt_def *o);

/* Option O given with VALUE (a flag: its name), the POS-th given: the
   later of two values of an option is its value, every --grad is kept.
   GDT_OK, or GDT_EVALUE (not an option of S's command; more --grad than
   GDT_OPTS_MAX_GRADS) with ERR's message. */
gdt_status gdt_opts_give(gdt_opts *s, const gdt_opt_def *o, const char *value, int pos,
                         gdt_error *err);
/* S takes TEXT (malloc'd), a value given, to free it with the rest. */
void gdt_opts_own(gdt_opts *s, char *text);

/* Every option of S's command, given or by its default, read and checked
   in the order that decides which of two bad values is reported.  GDT_OK,
   GDT_EVALUE (a value refused) or GDT_ENOMEM; ERR's message names the
   option, "--NAME: ...", as the command says it after "gdtrace: ". */
gdt_status gdt_opts_check(gdt_opts *s, gdt_error *err);
/* Once the problem P is known: --w0 per parameter, --lr per parameter
   (learning rates all equal kept as one), --fields (run).  As
   gdt_opts_check. */
gdt_status gdt_opts_read_w0(gdt_opts *s, const gdt_problem *p, gdt_error *err);
gdt_status gdt_opts_read_lr(gdt_opts *s, const gdt_problem *p, gdt_error *err);
gdt_status gdt_opts_read_fields(gdt_opts *s, const gdt_problem *p, gdt_error *err);
/* 1 when some mode of S rounds stochastically (--sr, MODE+sr). */
int gdt_opts_stochastic(const gdt_opts *s);
/* The message of the last failure that ERR holds, whole (a gdt_error cuts
   a long one). */
const char *gdt_opts_message(const gdt_opts *s, const gdt_error *err);

/* An exact number TEXT of option OPT (--lr, --w0, an axis's end) into R.
   GDT_OK, or GDT_EVALUE with the message. */
gdt_status gdt_opts_number(gdt_opts *s, mpq_t r, const char *opt, const char *text,
                           gdt_error *err);
/* 1 when TEXT, a value of --lr or --w0, is a sweep's axis (A:B). */
int gdt_opts_is_axis(const gdt_opts *s, const char *text);

/* The library's set-up options from S (w0 once gdt_opts_read_w0 has run,
   the learning rates per parameter once gdt_opts_read_lr has), STOP the
   stop flag. */
void gdt_opts_session(gdt_session_opts *o, const gdt_opts *s, gdt_cancel *stop);
/* The run's header info for S's session SS. */
void gdt_opts_run_info(gdt_run_info *info, const gdt_opts *s, const gdt_session *ss);

/* run --certify: CO from S's --digits and --max-prec (the first working
   precision that of the digits asked and 32 bits more, at least 64). */
void gdt_opts_certify(gdt_certify_opts *co, const gdt_opts *s);

/* run --at: A, the state at step S->at in closed form (gdt_run_at_init),
   and AT_O, O for the one step from it in the exact domain.  GDT_OK;
   GDT_EVALUE, GDT_ENOMEM, ... with "--at: ..." in ERR; GDT_EINTERRUPTED.
   A is cleared by gdt_run_at_clear in every case. */
gdt_status gdt_opts_run_at(gdt_run_at *a, gdt_session_opts *at_o, const gdt_opts *s,
                           const gdt_session *ss, const gdt_session_opts *o,
                           const gdt_run_opts *ro, gdt_error *err);

/* What gdtrace analyze is asked, IN, from S for session SS; IN->lr is
   initialised: mpq_clear it. */
void gdt_opts_analyze_in(gdt_analyze_in *in, const gdt_opts *s, const gdt_session *ss);

/* A sweep set up from the settings: its axes (--lr's and --w0's A:B, in
   the order given), their grid and scales, the sweep's options checked
   (gdt_sweep_check) and, for a one-parameter quadratic loss, its affine
   map (the class column). */
typedef struct gdt_opts_sweep {
    gdt_sweep_axis axes[2];
    size_t naxes;
    const char *opt[2], *text[2]; /* each axis's option and text */
    gdt_sweep_opts so;
    gdt_sweep_info info;
    gdt_affine affine;
    int has_affine;
    gdt_program contract;      /* --certify, one parameter: g and g', for
                                  the contraction test (so.contract) */
    int has_contract, contract_ok; /* CONTRACT set up, and derived */
    gdt_sweep_opts against;    /* --against certified: the certified sweep
                                  of the same grid (so.against) */
    double lost_bits;          /* certified: the bits the runs lose (the
                                  Lyapunov exponent times max-iter), of
                                  the first precision */
    gdt_zoom_opts zoom;        /* gdtrace zoom: its frames, SO their grid
                                  (the first axis the lr, frame 0's) */
} gdt_opts_sweep;

/* W for the options S of session SS, O its set-up options, STOP the stop
   flag.  GDT_OK, or GDT_EVALUE (GDT_ENOMEM) with the message in ERR, as
   gdt_opts_check.  Clear W with gdt_opts_sweep_clear in every case. */
gdt_status gdt_opts_sweep_init(gdt_opts_sweep *w, gdt_opts *s, const gdt_session *ss,
                               const gdt_session_opts *o, gdt_cancel *stop, gdt_error *err);
void gdt_opts_sweep_clear(gdt_opts_sweep *w);

#endif
