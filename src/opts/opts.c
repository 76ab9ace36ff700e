/* opts -- the one option table of gdtrace's commands, and its reader:
   (name, value) pairs into settings, defaults, checks, messages */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "gdtrace/mode.h"
#include "gdtrace/num.h"
#include "gdtrace/sr.h"
#include "opts_impl.h"

#define bad gdt_opts_bad

typedef gdt_status (*option_setter)(gdt_opts *s, const char *v, gdt_error *err);

static gdt_status set_loss(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_lr(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_w0(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_max_iter(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_mode(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_modes(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_ref(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_prec(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_round(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_update(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_stop(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_format(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_digits(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_at(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_every(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_fields(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_layout(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_max_bits(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_max_degree(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_max_coeff_bits(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_grid(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_scale(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_escape(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_threads(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_shard(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_kinks(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_plot_y(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_plot_size(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_certify(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_max_prec(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_sr(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_seed(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_runs(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_master(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_loss_scale(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_on(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_against(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_from(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_to(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_factor(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_frames(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_optimizer(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_plot_steps(gdt_opts *s, const char *v, gdt_error *err);
static const gdt_opt_def *find_id(gdt_opt_id id);
static gdt_status set_momentum(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_dampening(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_nesterov(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_weight_decay(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_betas(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_eps(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_schedule(gdt_opts *s, const char *v, gdt_error *err);

/* The one option table: parsing, defaults, checking and --help all read
   it.  An option's setter (SETTERS below) is called with its value, or
   with its default (DEF; ANALYZE_DEF for gdtrace analyze, when not NULL;
   sweep_defaults below for gdtrace sweep) when it is not given, in the
   order of check_order, so that a setter can check an earlier option's
   value; S->set[id] says whether the option was given. */
static const gdt_opt_def options[] = {
    { GDT_OPT_LOSS, "loss", "EXPR", "(w-1)^2 + 2", NULL, GDT_CMD_ALL | GDT_CMD_BOUNDARY | GDT_CMD_ZOOM,
      "the loss (default: %D); @FILE reads it from FILE" },
    { GDT_OPT_GRAD, "grad", "[P=]EXPR", NULL, NULL, GDT_CMD_ALL | GDT_CMD_BOUNDARY | GDT_CMD_ZOOM,
      "a partial derivative written by hand, once per parameter P\n"
      "(default: derived exactly)" },
    { GDT_OPT_KINKS, "kinks", "error|torch", "error", NULL, GDT_CMD_ALL | GDT_CMD_BOUNDARY | GDT_CMD_ZOOM,
      "the derivative where abs, relu, min or max has none: error\n"
      "stops the run there; torch takes PyTorch's value (abs'(0) =\n"
      "relu'(0) = 0, min and max at a tie half of each argument's)\n"
      "(default: %D)" },
    { GDT_OPT_DATA, "data", "FILE.csv", NULL, NULL, GDT_CMD_ALL | GDT_CMD_BOUNDARY | GDT_CMD_ZOOM,
      "a data set: a header naming the columns, one row per line;\n"
      "mean(EXPR) and sum(EXPR) run over its rows" },
    { GDT_OPT_LR, "lr", "X", "10", NULL, GDT_CMD_ALL | GDT_CMD_BOUNDARY | GDT_CMD_ZOOM,
      "learning rate, an exact decimal or p/q (default: %D);\n"
      "or per parameter: a=0.1,b=0.01 or 0.1,b=0.01 (rest 0.1)" },
    { GDT_OPT_W0, "w0", "X|P=X,...", "2", NULL, GDT_CMD_ALL | GDT_CMD_BOUNDARY | GDT_CMD_ZOOM,
      "starting point: a number (one parameter) or a=1,b=-0.5\n"
      "(default: %D)" },
    { GDT_OPT_MAX_ITER, "max-iter", "N", "50", "1000", GDT_CMD_ALL | GDT_CMD_BOUNDARY | GDT_CMD_ZOOM,
      "stop after N updates (default: %D; analyze: %A)" },
    { GDT_OPT_MODE, "mode", "MODE", "exact", NULL, GDT_CMD_RUN | GDT_CMD_SWEEP,
      "the numbers (default: %D; see MODES below)" },
    { GDT_OPT_MODES, "modes", "M1,M2,...", "exact,binary64,binary32,bfloat16", NULL,
      GDT_CMD_COMPARE, "the modes to compare (default: %D);\n"
      "certified: the exact-real run as Arb balls, 17 digits of each\n"
      "value proven; a mode with recipes as MODE+R+..., R one of\n"
      "%R:\n"
      "a binary32 (64, 128) master, its update kahan, its --sr\n"
      "update or all, loss scaling; or its own optimizer (sgd,\n"
      "momentum M, Nesterov M, adam, adamw; the other settings the\n"
      "command line's), measured against the reference's mode with\n"
      "it; stochastic rounding takes no master or kahan, an\n"
      "optimizer none of them, certified only an optimizer" },
    { GDT_OPT_REF, "ref", "MODE", NULL, NULL, GDT_CMD_COMPARE,
      "the reference, one of --modes (default: the first);\n"
      "certified: the digits and events proven" },
    { GDT_OPT_PREC, "prec", "BITS", "53", "256", GDT_CMD_ALL,
      "mpfr precision in bits (default: %D; analyze: %A)" },
    { GDT_OPT_ROUND, "round", "R", "N", NULL, GDT_CMD_BOTH | GDT_CMD_SWEEP,
      "rounding of the float modes: N nearest-even, Z toward zero,\n"
      "U up, D down, A away from zero (default: %D)" },
    { GDT_OPT_UPDATE, "update", "sub|fma|kahan", "sub", NULL, GDT_CMD_BOTH | GDT_CMD_SWEEP,
      "w - lr*g rounded twice (sub, as NumPy) or fused, rounded\n"
      "once (fma, as torch.optim.SGD in float32), or Kahan's\n"
      "compensated sum w += -lr*g, a term per parameter kept and\n"
      "printed as w_comp (kahan; float modes) (default: %D)" },
    { GDT_OPT_MASTER, "master", "FORMAT", NULL, NULL, GDT_CMD_RUN | GDT_CMD_SWEEP,
      "master weights: the parameters kept in FORMAT (binary32,\n"
      "...), the model's weight each step the master rounded to\n"
      "--mode, the loss and gradient computed there, the update\n"
      "(--update) in FORMAT, as mixed-precision training does;\n"
      "csv and jsonl print w_master (compare: MODE+master32)" },
    { GDT_OPT_LOSS_SCALE, "loss-scale", "S|dynamic[:INIT[:N]]", NULL, NULL,
      GDT_CMD_BOTH | GDT_CMD_SWEEP,
      "loss scaling (needs --master), as torch's GradScaler: the\n"
      "gradient of S*loss (dloss, dL/dL = S, where reverse mode\n"
      "puts it) in --mode, unscaled by 1/S in the master's format, a\n"
      "step with an inf or nan partial skipped; S a power of two;\n"
      "dynamic: S from INIT (65536), halved at a skipped step,\n"
      "doubled after N (2000) steps taken; csv, jsonl: scale, skipped\n"
      "(compare: the MODE+master32+scale lanes'; default dynamic)" },
    { GDT_OPT_SR, "sr", "update|all", NULL, NULL, GDT_CMD_BOTH | GDT_CMD_SWEEP,
      "stochastic rounding in the IEEE formats and mpfr: the update's\n"
      "result (update) or every operation (all) rounds up with\n"
      "probability (x - down(x))/(up(x) - down(x)), exact values\n"
      "never move; compare: every lane that rounds (or MODE+sr);\n"
      "not with --master or --update kahan" },
    { GDT_OPT_SEED, "seed", "N", "0", NULL, GDT_CMD_BOTH | GDT_CMD_SWEEP,
      "the key of --sr's generator (Philox4x32-10), 0 .. 2^64-1: the\n"
      "same seed, the same run bit for bit (default: %D)" },
    { GDT_OPT_RUNS, "runs", "K", "1", NULL, GDT_CMD_BOTH,
      "a stochastic run K times, seeds seed .. seed+K-1, in lockstep:\n"
      "per step the mean, standard deviation, min and max of w and\n"
      "the loss next to the exact run's (default: %D)" },
    { GDT_OPT_OPTIMIZER, "optimizer", "sgd|adam|adamw", "sgd", NULL, GDT_CMD_ALL,
      "the update as torch.optim's SGD, Adam or AdamW, in the order\n"
      "of torch 1.13's operations (see OPTIMIZERS in the man page);\n"
      "given (or any option below), --update is fma unless set;\n"
      "Adam's exact-real run: --certify\n"
      "(default: %D, gdtrace's w - lr*g)" },
    { GDT_OPT_MOMENTUM, "momentum", "M", NULL, NULL, GDT_CMD_ALL,
      "sgd: heavy-ball momentum, M >= 0 (default: 0); its buffer is\n"
      "a column, momentum_buffer; sweep: A:B is an axis" },
    { GDT_OPT_DAMPENING, "dampening", "D", NULL, NULL, GDT_CMD_ALL,
      "sgd: the momentum's dampening, 0 <= D <= 1 (default: 0)" },
    { GDT_OPT_NESTEROV, "nesterov", NULL, NULL, NULL, GDT_CMD_ALL,
      "sgd: Nesterov's momentum (a momentum, no dampening)" },
    { GDT_OPT_WEIGHT_DECAY, "weight-decay", "WD", NULL, NULL, GDT_CMD_ALL,
      "sgd and adam: WD*w added to the gradient; adamw: w decayed\n"
      "by 1 - lr*WD before the step (default: 0; adamw: 0.01)" },
    { GDT_OPT_BETAS, "betas", "B1,B2", NULL, NULL, GDT_CMD_BOTH | GDT_CMD_SWEEP,
      "adam, adamw: the moments' decay rates, 0 <= B < 1 (default:\n"
      "0.9,0.999); exp_avg and exp_avg_sq are columns" },
    { GDT_OPT_EPS, "eps", "E", NULL, NULL, GDT_CMD_BOTH | GDT_CMD_SWEEP,
      "adam, adamw: added to the denominator (default: 1e-8)" },
    { GDT_OPT_SCHEDULE, "schedule", "S,...", NULL, NULL, GDT_CMD_BOTH | GDT_CMD_SWEEP,
      "the lr of update k: step:S:G (times G every S updates, as\n"
      "StepLR), cosine:T[:MIN] (CosineAnnealingLR), warmup:K (times\n"
      "(k+1)/K while k < K); several multiply, warmup:5,step:10:0.5;\n"
      "the lr in force is a column" },
    { GDT_OPT_STOP, "stop", "RULES", "grad-zero", NULL, GDT_CMD_BOTH,
      "besides max-iter: grad-zero (every partial exactly zero),\n"
      "cycle (the parameters repeat an earlier state), stall (the\n"
      "state of the step before, the gradient not zero), nonfinite\n"
      "(w, a partial or the loss inf or nan), several as\n"
      "grad-zero,cycle, or none (default: %D); run --certify:\n"
      "contracting (the state proven in an interval the step maps\n"
      "into itself with |1 - lr f''| < 1: it converges forever)" },
    { GDT_OPT_CERTIFY, "certify", NULL, NULL, NULL, GDT_CMD_RUN | GDT_CMD_SWEEP,
      "the exact-real run as Arb balls, every digit printed proven:\n"
      "the precision doubles until each value proves --digits\n"
      "(default 17 here; certified: what each ball proves); sweep:\n"
      "each point's outcome proven (diverged, bounded), or undecided\n"
      "at --max-prec" },
    { GDT_OPT_MAX_PREC, "max-prec", "BITS", "1048576", NULL, (GDT_CMD_ALL & ~GDT_CMD_ANALYZE) | GDT_CMD_BOUNDARY | GDT_CMD_ZOOM,
      "the cap on the working precision of --certify (of mode\n"
      "certified in compare); past it the run stops: precision-limit\n"
      "(default: %D)" },
    { GDT_OPT_FORMAT, "format", "FMT", "text", NULL, GDT_CMD_ALL | GDT_CMD_ZOOM,
      "%F(default: %D)" },
    { GDT_OPT_DIGITS, "digits", "D", "shortest", NULL, GDT_CMD_ALL | GDT_CMD_BOUNDARY,
      "shortest, exact, hex or a number of significant digits\n"
      "(default: %D; exact values always print in full)" },
    { GDT_OPT_EVERY, "every", "K", "1", NULL, GDT_CMD_RUN,
      "print steps 0, K, 2K, ... and the last, then the summary;\n"
      "0: only the summary (default: %D)" },
    { GDT_OPT_FIELDS, "fields", "LIST", NULL, NULL, GDT_CMD_RUN,
      "the values to print, of step, w, grad, loss (with several\n"
      "parameters each by name, grad_NAME; w and grad for all);\n"
      "text, csv and jsonl (default: what each format prints)" },
    { GDT_OPT_LAYOUT, "layout", "wide|long", "wide", NULL, GDT_CMD_COMPARE,
      "text: wide, a row per step, per mode w and its correct\n"
      "digits; long, a line per step, mode and quantity (the loss\n"
      "too) with its digits, relative error and value (default: %D)" },
    { GDT_OPT_AT, "at", "N", NULL, NULL, GDT_CMD_RUN | GDT_CMD_ANALYZE,
      "the exact state at step N by powering the affine map of a\n"
      "quadratic loss, never by iterating (exact mode)" },
    { GDT_OPT_MAX_BITS, "max-bits", "B", "134217728", NULL, GDT_CMD_ALL,
      "exact values, and the digits of printed values, may need at\n"
      "most B bits (about 0.3 B digits); a run that would\n"
      "outgrow it stops: size-limit (default: %D; 0: none)" },
    { GDT_OPT_MAX_DEGREE, "max-degree", "D", "200", NULL, GDT_CMD_ANALYZE,
      "root isolation takes polynomials of degree at most D; past\n"
      "it analyze refuses (default: %D; 0: none)" },
    { GDT_OPT_MAX_COEFF_BITS, "max-coeff-bits", "B", "1048576", NULL,
      GDT_CMD_ANALYZE,
      "and integer coefficients of at most B bits in all\n"
      "(default: %D; 0: none)" },
    { GDT_OPT_RESUME, "resume", "FILE", NULL, NULL, GDT_CMD_RUN | GDT_CMD_SWEEP,
      "run: continue the jsonl or csv trajectory FILE from its last\n"
      "complete record, appending to it what the run would have\n"
      "written; every record is first checked by replaying the run\n"
      "from w0, so a resume costs what the run cost so far; sweep:\n"
      "go on with the csv or jsonl sweep FILE after its last whole\n"
      "record, once its header, every record's grid indices and\n"
      "axis values, and 8 of its points run again (the first, the\n"
      "last, 6 spread between) are this sweep's (no --npy, --png,\n"
      "--plot)" },
    { GDT_OPT_PLOT, "plot", "FILE", NULL, NULL,
      GDT_CMD_COMPARE | GDT_CMD_SWEEP | GDT_CMD_ANALYZE | GDT_CMD_ZOOM,
      "compare: draw the error or |w - w*| and the correct digits\n"
      "per mode, their events marked; sweep:\n"
      "the map with its axes and a legend; analyze: the sharpness\n"
      "per step against 2/lr; zoom: the frames stacked, a row\n"
      "each labelled by its width; by gnuplot (.png, .svg, .pdf)" },
    { GDT_OPT_PLOT_Y, "plot-y", "Y", NULL, NULL, GDT_CMD_COMPARE,
      "--plot's top panel: error (each mode's |w - w_ref|) or\n"
      "distance (its |w - w*|) (default: error when the reference\n"
      "converges, distance when it does not)" },
    { GDT_OPT_PLOT_TITLE, "plot-title", "TEXT", NULL, NULL, GDT_CMD_COMPARE | GDT_CMD_ANALYZE,
      "--plot's title (default: the loss, lr and w0)" },
    { GDT_OPT_PLOT_SIZE, "plot-size", "WxH", "1200x900", NULL, GDT_CMD_COMPARE | GDT_CMD_ANALYZE,
      "--plot's size in pixels (pdf: hundredths of an inch);\n"
      "the fonts follow it (default: %D)" },
    { GDT_OPT_LOG_X, "log-x", NULL, NULL, NULL, GDT_CMD_COMPARE,
      "--plot's steps on a log scale, from step 1" },
    { GDT_OPT_PLOT_STEPS, "plot-steps", "events|all", "events", NULL, GDT_CMD_COMPARE,
      "--plot's steps: up to a little after the last event\n"
      "(default), or all of them" },
    { GDT_OPT_PROGRESS, "progress", NULL, NULL, NULL,
      GDT_CMD_RUN | GDT_CMD_COMPARE | GDT_CMD_SWEEP | GDT_CMD_ZOOM,
      "a progress line on stderr, even when it is no terminal\n"
      "(default: when stderr is a terminal and stdout is not, or\n"
      "run --every 0 prints nothing until its end)" },
    { GDT_OPT_NO_PROGRESS, "no-progress", NULL, NULL, NULL,
      GDT_CMD_RUN | GDT_CMD_COMPARE | GDT_CMD_SWEEP | GDT_CMD_ZOOM, "no progress line" },
    { GDT_OPT_GRID, "grid", "N|NxM", NULL, NULL, GDT_CMD_SWEEP | GDT_CMD_ZOOM,
      "N points on the first axis, M on the second (default: 101,\n"
      "or 101x101 with two axes; zoom: 64 or 64x64; at most 2^31\n"
      "points in all)" },
    { GDT_OPT_SCALE, "scale", "S|S1,S2", "lin", NULL, GDT_CMD_SWEEP | GDT_CMD_ZOOM,
      "lin or log, for every axis or per axis (default: %D)" },
    { GDT_OPT_ESCAPE, "escape", "E", "1e16", NULL, GDT_CMD_SWEEP | GDT_CMD_BOUNDARY | GDT_CMD_ZOOM,
      "diverged once the loss exceeds E * max(1, loss at w0)\n"
      "(default: %D)" },
    { GDT_OPT_THREADS, "threads", "N", NULL, NULL, GDT_CMD_SWEEP | GDT_CMD_ZOOM,
      "worker threads (default: every core); the output is the\n"
      "same for any N" },
    { GDT_OPT_NPY, "npy", "FILE", NULL, NULL, GDT_CMD_SWEEP,
      "also write the outcomes as a NumPy .npy array of shape (M, N)" },
    { GDT_OPT_PNG, "png", "FILE", NULL, NULL, GDT_CMD_SWEEP,
      "also write the map of outcomes as a PNG image, a pixel a point" },
    { GDT_OPT_SHARD, "shard", "K/N", NULL, NULL, GDT_CMD_SWEEP,
      "compute only the K-th of N parts of the grid and write it as\n"
      "a part file (jsonl, whatever --format says); gdtrace merge\n"
      "joins the parts into the whole sweep's outputs" },
    { GDT_OPT_ON, "on", "outcome|class", "outcome", NULL, GDT_CMD_SWEEP | GDT_CMD_BOUNDARY,
      "gdtrace boundary: bisect on the certified outcome, or find\n"
      "exactly where the class of a quadratic loss changes (default: %D)" },
    { GDT_OPT_AGAINST, "against", "certified", NULL, NULL, GDT_CMD_SWEEP,
      "a float sweep: each point also run certified (as --certify,\n"
      "up to --max-prec), its outcome and the verdict on the flag\n"
      "diverged within max-iter (agree, disagree, undecided) two more\n"
      "columns, the counts in the summary (csv: on stderr), the\n"
      "disagreeing points marked on the map" },
    { GDT_OPT_FROM, "from", "W0", NULL, NULL, GDT_CMD_ZOOM,
      "gdtrace zoom: the first frame's width, W0 > 0, centred on\n"
      "--lr X: lr from X - W0/2 to X + W0/2" },
    { GDT_OPT_TO, "to", "W1", NULL, NULL, GDT_CMD_ZOOM,
      "gdtrace zoom: the last frame's width, 0 < W1 < W0; with\n"
      "--frames N the widths W0 (W1/W0)^(i/(N-1)), each the same\n"
      "factor narrower (to 6 digits when it is irrational); with\n"
      "--factor F, frames down to the first at or below W1" },
    { GDT_OPT_FACTOR, "factor", "F", NULL, NULL, GDT_CMD_ZOOM,
      "gdtrace zoom: each frame F times narrower, F > 1, exactly:\n"
      "frame i is W0 F^-i wide" },
    { GDT_OPT_FRAMES, "frames", "N", NULL, NULL, GDT_CMD_ZOOM,
      "gdtrace zoom: the frames, 1 to 1000 (give two of --to,\n"
      "--factor and --frames)" },
    { GDT_OPT_PNG_DIR, "png-dir", "DIR", NULL, NULL, GDT_CMD_ZOOM,
      "gdtrace zoom: each frame's map as DIR/frame-000.png, ...\n"
      "(DIR made when missing)" },
    { GDT_OPT_DIMENSION, "dimension", NULL, NULL, NULL, GDT_CMD_SWEEP,
      "one axis: the box-counting dimension of the boundary between\n"
      "outcomes, its fit range and counts (stderr; jsonl: a last record);\n"
      "with --certify, of the proven boundary between diverged and not,\n"
      "and with undecided points the counts that may hold a change too" },
    { GDT_OPT_SHARPNESS, "sharpness", NULL, NULL, NULL, GDT_CMD_ANALYZE,
      "a loss that is not quadratic: the sharpness (the top\n"
      "eigenvalue of the Hessian) at every step of the run, a column" },
    { GDT_OPT_HELP, "help", NULL, NULL, NULL, GDT_CMD_ALL | GDT_CMD_BOUNDARY | GDT_CMD_ZOOM,
      "print this help and exit" },
    { GDT_OPT_VERSION, "version", NULL, NULL, NULL, GDT_CMD_ALL | GDT_CMD_BOUNDARY | GDT_CMD_ZOOM,
      "print the version and exit" },
};
/* Each option's setter: called with its value, or with its default when
   it is not given (NULL: the value is only kept in S->set[]). */
static const option_setter setters[GDT_OPT_COUNT] = {
    [GDT_OPT_LOSS] = set_loss,
    [GDT_OPT_KINKS] = set_kinks,
    [GDT_OPT_LR] = set_lr,
    [GDT_OPT_W0] = set_w0,
    [GDT_OPT_MAX_ITER] = set_max_iter,
    [GDT_OPT_MODE] = set_mode,
    [GDT_OPT_MODES] = set_modes,
    [GDT_OPT_REF] = set_ref,
    [GDT_OPT_PREC] = set_prec,
    [GDT_OPT_ROUND] = set_round,
    [GDT_OPT_UPDATE] = set_update,
    [GDT_OPT_STOP] = set_stop,
    [GDT_OPT_FORMAT] = set_format,
    [GDT_OPT_DIGITS] = set_digits,
    [GDT_OPT_EVERY] = set_every,
    [GDT_OPT_FIELDS] = set_fields,
    [GDT_OPT_LAYOUT] = set_layout,
    [GDT_OPT_AT] = set_at,
    [GDT_OPT_MAX_BITS] = set_max_bits,
    [GDT_OPT_MAX_DEGREE] = set_max_degree,
    [GDT_OPT_MAX_COEFF_BITS] = set_max_coeff_bits,
    [GDT_OPT_PLOT_Y] = set_plot_y,
    [GDT_OPT_PLOT_SIZE] = set_plot_size,
    [GDT_OPT_PLOT_STEPS] = set_plot_steps,
    [GDT_OPT_GRID] = set_grid,
    [GDT_OPT_SCALE] = set_scale,
    [GDT_OPT_ESCAPE] = set_escape,
    [GDT_OPT_THREADS] = set_threads,
    [GDT_OPT_SHARD] = set_shard,
    [GDT_OPT_CERTIFY] = set_certify,
    [GDT_OPT_MAX_PREC] = set_max_prec,
    [GDT_OPT_SR] = set_sr,
    [GDT_OPT_SEED] = set_seed,
    [GDT_OPT_RUNS] = set_runs,
    [GDT_OPT_MASTER] = set_master,
    [GDT_OPT_LOSS_SCALE] = set_loss_scale,
    [GDT_OPT_ON] = set_on,
    [GDT_OPT_AGAINST] = set_against,
    [GDT_OPT_FROM] = set_from,
    [GDT_OPT_TO] = set_to,
    [GDT_OPT_FACTOR] = set_factor,
    [GDT_OPT_FRAMES] = set_frames,
    [GDT_OPT_OPTIMIZER] = set_optimizer,
    [GDT_OPT_MOMENTUM] = set_momentum,
    [GDT_OPT_DAMPENING] = set_dampening,
    [GDT_OPT_NESTEROV] = set_nesterov,
    [GDT_OPT_WEIGHT_DECAY] = set_weight_decay,
    [GDT_OPT_BETAS] = set_betas,
    [GDT_OPT_EPS] = set_eps,
    [GDT_OPT_SCHEDULE] = set_schedule,
};

#define NOPTIONS (sizeof options / sizeof options[0])

_Static_assert(NOPTIONS == GDT_OPT_COUNT, "every option is in the table");

/* The defaults gdtrace sweep has of its own: its records are csv or
   jsonl. */
static const struct { gdt_opt_id id; const char *def; } sweep_defaults[] = {
    { GDT_OPT_FORMAT, "csv" },
};

/* O's default in command CMD (%D in its help): DEF, or sweep's own
   (gdtrace zoom prints text, as run does). */
const char *
gdt_opts_default(const gdt_opt_def *o, int cmd)
{
    size_t i;

    for (i = 0; cmd == GDT_CMD_SWEEP && i < sizeof sweep_defaults / sizeof sweep_defaults[0]; i++)
        if (sweep_defaults[i].id == o->id)
            return sweep_defaults[i].def;
    return o->def;
}

int
gdt_opts_takes(const gdt_opts *s, const gdt_opt_def *o)
{
    return (o->cmds & (s->zoom ? GDT_CMD_ZOOM : s->boundary ? GDT_CMD_BOUNDARY : s->cmd)) != 0;
}

const gdt_opt_def *
gdt_opts_def(size_t i)
{
    return i < NOPTIONS ? &options[i] : NULL;
}

const gdt_opt_def *
gdt_opts_find(const char *name, size_t len)
{
    size_t i;

    for (i = 0; i < NOPTIONS; i++)
        if (strlen(options[i].name) == len && strncmp(options[i].name, name, len) == 0)
            return &options[i];
    return NULL;
}

const char *
gdt_opts_cmd_name(int cmd)
{
    return cmd == GDT_CMD_COMPARE ? "compare" : cmd == GDT_CMD_ANALYZE ? "analyze"
           : cmd == GDT_CMD_SWEEP ? "sweep" : cmd == GDT_CMD_ZOOM ? "zoom"
           : cmd == GDT_CMD_BOUNDARY ? "boundary" : "run";
}

/* The message "--OPT: " and FMT's text (OPT NULL: FMT's alone) into ERR
   with status ST, and whole into S->msg when ERR cannot hold it; ST. */
static gdt_status
say(gdt_opts *s, gdt_error *err, gdt_status st, const char *opt, const char *fmt, va_list ap)
{
    char head[64] = "";
    va_list again;
    int n, len;

    free(s->msg);
    s->msg = NULL;
    if (opt != NULL)
        snprintf(head, sizeof head, "--%s: ", opt);
    len = (int)strlen(head);
    va_copy(again, ap);
    n = vsnprintf(NULL, 0, fmt, ap);
    if (n >= 0 && len + n >= GDT_ERRMSG_MAX && (s->msg = malloc((size_t)(len + n) + 1)) != NULL) {
        memcpy(s->msg, head, (size_t)len);
        vsnprintf(s->msg + len, (size_t)n + 1, fmt, again);
        gdt_error_set(err, st, SIZE_MAX, "%s", s->msg);
    } else {
        char text[GDT_ERRMSG_MAX];
        vsnprintf(text, sizeof text, fmt, again);
        gdt_error_set(err, st, SIZE_MAX, "%s%s", head, text);
    }
    va_end(again);
    return st;
}

gdt_status
gdt_opts_bad(gdt_opts *s, gdt_error *err, const char *opt, const char *fmt, ...)
{
    va_list ap;
    gdt_status st;

    va_start(ap, fmt);
    st = say(s, err, GDT_EVALUE, opt, fmt, ap);
    va_end(ap);
    return st;
}

static gdt_status
nomem(gdt_opts *s, gdt_error *err)
{
    free(s->msg);
    s->msg = NULL;
    return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
}

const char *
gdt_opts_message(const gdt_opts *s, const gdt_error *err)
{
    /* S->msg is ERR's message whole when ERR holds its beginning */
    if (s->msg != NULL && strncmp(s->msg, err->msg, sizeof err->msg - 1) == 0)
        return s->msg;
    return err->msg;
}

/* 1 when TEXT, whose exact value is Q, is a zero written with a minus
   ("-0", "-0.0"): the float modes take it as -0, as Python's float('-0'). */
static int
is_neg0(const char *text, const mpq_t q)
{
    return text[0] == '-' && mpq_sgn(q) == 0;
}

gdt_status
gdt_opts_number(gdt_opts *s, mpq_t r, const char *opt, const char *text, gdt_error *err)
{
    switch (gdt_q_parse(r, text, NULL)) {
    case GDT_OK:
        return GDT_OK;
    case GDT_ERANGE:
        return bad(s, err, opt, "'%s' has an exponent beyond +-1000000", text);
    case GDT_EDIVZERO:
        return bad(s, err, opt, "'%s' divides by zero", text);
    default:
        return bad(s, err, opt, "'%s' is not a number", text);
    }
}

/* A whole number TEXT of option OPT in [MIN, MAX], written in decimal (1e6
   is allowed), into R. */
static gdt_status
parse_whole(gdt_opts *s, unsigned long *r, const char *opt, const char *text,
            unsigned long min, unsigned long max, gdt_error *err)
{
    mpq_t q;
    gdt_status rc = GDT_OK;

    mpq_init(q);
    if (gdt_q_parse(q, text, NULL) != GDT_OK || mpz_cmp_ui(mpq_denref(q), 1) != 0)
        rc = bad(s, err, opt, "'%s' is not a whole number", text);
    else if (mpq_sgn(q) < 0 || mpz_cmp_ui(mpq_numref(q), min) < 0)
        rc = bad(s, err, opt, "'%s' is too small (at least %lu)", text, min);
    else if (mpz_cmp_ui(mpq_numref(q), max) > 0)
        rc = bad(s, err, opt, "'%s' is too large (at most %lu)", text, max);
    else
        *r = mpz_get_ui(mpq_numref(q));
    mpq_clear(q);
    return rc;
}

static gdt_status
parse_digits(gdt_opts *s, const char *v, gdt_error *err)
{
    gdt_numfmt *f = &s->numfmt;
    unsigned long n;

    f->python = 0;
    if (strcmp(v, "shortest") == 0) {
        f->kind = GDT_DIGITS_SHORTEST;
        return GDT_OK;
    }
    if (strcmp(v, "exact") == 0) {
        f->kind = GDT_DIGITS_EXACT;
        return GDT_OK;
    }
    if (strcmp(v, "hex") == 0) {
        f->kind = GDT_DIGITS_HEX;
        return GDT_OK;
    }
    if (v[0] < '0' || v[0] > '9')
        return bad(s, err, "digits", "'%s' is not shortest, exact, hex or a number of digits", v);
    if (parse_whole(s, &n, "digits", v, 1, 10000, err) != GDT_OK)
        return GDT_EVALUE;
    f->kind = GDT_DIGITS_N;
    f->n = (int)n;
    return GDT_OK;
}

static gdt_status
parse_round(gdt_opts *s, const char *v, gdt_error *err)
{
    static const struct { const char *name; mpfr_rnd_t rnd; } names[] = {
        { "N", MPFR_RNDN }, { "Z", MPFR_RNDZ }, { "U", MPFR_RNDU },
        { "D", MPFR_RNDD }, { "A", MPFR_RNDA },
    };
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(v, names[i].name) == 0) {
            s->rnd = names[i].rnd;
            return GDT_OK;
        }
    return bad(s, err, "round", "'%s' is not one of N, Z, U, D, A", v);
}

/* GDT_OK when no entry of V, the comma-separated list of option OPT, is
   empty or blank: "a,,b", ",a" and "a," are refused, naming the entry. */
static gdt_status
check_list(gdt_opts *s, const char *opt, const char *v, gdt_error *err)
{
    const char *p = v, *comma;
    size_t k, n, i;

    for (k = 1;; k++) {
        comma = strchr(p, ',');
        n = comma != NULL ? (size_t)(comma - p) : strlen(p);
        for (i = 0; i < n && (p[i] == ' ' || p[i] == '\t'); i++)
            ;
        if (i == n)
            return bad(s, err, opt, "entry %zu of '%s' is empty", k, v);
        if (comma == NULL)
            return GDT_OK;
        p = comma + 1;
    }
}

/* The recipes a mode of --modes may name after a '+' (compare --modes
   exact,bfloat16,bfloat16+master32,bfloat16+sr) are gdt_recipe_parse's
   one table (src/run/recipe.c), which parse_modes, the messages and the
   help (%R) read. */

/* The class of mode SPEC, a mode or (compare) a mode with recipes
   (MODE+master32: gdt_recipe_parse); -1 when it names no mode. */
static int
spec_class(const char *spec)
{
    gdt_recipe_spec r;

    if (strchr(spec, '+') == NULL)
        return gdt_mode_class_of(spec);
    if (gdt_recipe_parse(&r, spec, NULL) != GDT_OK)
        return -1;
    return gdt_mode_class_of(r.mode);
}

/* SPEC with its mode's canonical name (binary64 for double) and its
   recipes in the table's order (binary32+master64+kahan), into BUF; ""
   when it names no mode. */
static const char *
spec_canonical(const char *spec, char *buf, size_t size)
{
    gdt_recipe_spec r;
    char m[48] = "";

    buf[0] = '\0';
    if (gdt_recipe_parse(&r, spec, NULL) != GDT_OK || gdt_mode_canonical(r.mode) == NULL)
        return buf;
    if (r.optim_m[0] != '\0') { /* M as its exact value: 0.9 and 9/10 are one */
        mpq_t q;
        mpq_init(q);
        if (gdt_q_parse(q, r.optim_m, NULL) == GDT_OK && mpz_sizeinbase(mpq_numref(q), 10)
                + mpz_sizeinbase(mpq_denref(q), 10) + 3 < sizeof m)
            mpq_get_str(m, 10, q);
        else /* too long to write so: as written */
            snprintf(m, sizeof m, "%s", r.optim_m);
        mpq_clear(q);
    }
    snprintf(buf, size, "%s%s%s%s%s%s%s%s%s", gdt_mode_canonical(r.mode),
             r.master != NULL ? "+master" : "", r.master != NULL ? r.master + strlen("binary") : "",
             r.kahan ? "+kahan" : "", r.sr == GDT_SR_ALL ? "+sr-all" : r.sr == GDT_SR_UPDATE ? "+sr" : "",
             r.scale ? "+scale" : "", r.optim != GDT_LANE_OPTIM_NONE ? "+" : "",
             gdt_lane_optim_name(r.optim), m);
    return buf;
}

/* Entry P of --modes with recipes (MODE+SUFFIX...), lane I: each suffix
   known, suiting the mode and the others; its stochastic rounding into
   S->mode_sr[I]. */
static gdt_status
check_recipe_spec(gdt_opts *s, const char *p, size_t i, gdt_error *err)
{
    gdt_recipe_spec r;
    char why[GDT_ERRMSG_MAX], names[GDT_MODE_NAMES_SIZE];
    int cls;

    if (gdt_recipe_parse(&r, p, err) != GDT_OK) {
        snprintf(why, sizeof why, "%s", err->msg);
        return bad(s, err, "modes", "%s", why);
    }
    if ((cls = gdt_mode_class_of(r.mode)) < 0)
        return bad(s, err, "modes", "'%s': '%s' is not a mode (%s, %s)", p, r.mode,
                   gdt_mode_names(names),
                   gdt_mode_names_of(GDT_MODE_BALL, (char[GDT_MODE_NAMES_SIZE]){ 0 }));
    if (cls == GDT_MODE_BALL && (r.master != NULL || r.kahan || r.sr != GDT_SR_NONE || r.scale))
        return bad(s, err, "modes", "'%s': mode %s is the exact-real run, proven, and takes "
                   "no recipe (no master, kahan or stochastic rounding)", p, r.mode);
    if (cls == GDT_MODE_EXACT
        && (r.optim == GDT_LANE_OPTIM_ADAM || r.optim == GDT_LANE_OPTIM_ADAMW))
        return bad(s, err, "modes", "'%s': Adam's square root is irrational, which the exact "
                   "mode cannot hold: take mpfr+%s, or certified+%s (the exact-real run, "
                   "proven)", p, gdt_lane_optim_name(r.optim), gdt_lane_optim_name(r.optim));
    if (cls == GDT_MODE_INT && r.optim != GDT_LANE_OPTIM_NONE)
        return bad(s, err, "modes", "'%s': the integer modes take no optimizer", p);
    if (r.master != NULL && gdt_opts_master_refusal(r.mode, r.master, why, sizeof why) != NULL)
        return bad(s, err, "modes", "'%s': %s", p, why);
    if (r.kahan && (cls == GDT_MODE_EXACT || cls == GDT_MODE_INT))
        return bad(s, err, "modes", "'%s': kahan compensates roundings, and %s modes never round",
                   p, cls == GDT_MODE_EXACT ? "exact" : "integer");
    if (r.sr != GDT_SR_NONE && cls != GDT_MODE_IEEE && cls != GDT_MODE_MPFR)
        return bad(s, err, "modes", "'%s': stochastic rounding is for the IEEE formats and mpfr "
                   "(mode %s %s)", p, r.mode,
                   cls == GDT_MODE_NATIVE ? "rounds as the machine does" : "never rounds");
    s->mode_sr[i] = r.sr;
    s->scaled_lanes |= r.scale;
    return GDT_OK;
}

/* Split --modes at its commas into S->modes, each a known mode, no empty
   entry, no mode twice (an alias is its mode: binary64 and double are
   one); a mode's recipes after '+' (check_recipe_spec) make another lane
   (S->labels: as written; S->modes: the mode without its recipes). */
static gdt_status
parse_modes(gdt_opts *s, const char *v, gdt_error *err)
{
    char *p, *save = NULL, *lsave = NULL, *l, names[GDT_MODE_NAMES_SIZE], ca[96], cb[96];
    size_t i;
    gdt_status rc;

    if (v[0] == '\0')
        return bad(s, err, "modes", "'%s' names no mode", v);
    if ((rc = check_list(s, "modes", v, err)) != GDT_OK)
        return rc;
    free(s->modes_copy);
    free(s->labels_copy);
    s->labels_copy = NULL;
    s->nmodes = 0;
    if ((s->modes_copy = strdup(v)) == NULL || (s->labels_copy = strdup(v)) == NULL)
        return nomem(s, err);
    for (p = strtok_r(s->modes_copy, ",", &save), l = strtok_r(s->labels_copy, ",", &lsave); p;
         p = strtok_r(NULL, ",", &save), l = strtok_r(NULL, ",", &lsave)) {
        if (s->nmodes == GDT_OPTS_MAX_MODES)
            return bad(s, err, "modes", "more than %d modes", GDT_OPTS_MAX_MODES);
        s->labels[s->nmodes] = l;
        s->mode_sr[s->nmodes] = GDT_SR_NONE;
        if (strchr(l, '+') != NULL && (rc = check_recipe_spec(s, l, s->nmodes, err)) != GDT_OK)
            return rc;
        if (strchr(p, '+') != NULL)
            *strchr(p, '+') = '\0'; /* S->modes: the mode alone */
        if (gdt_mode_class_of(p) < 0)
            return bad(s, err, "modes", "'%s' is not a mode (%s, %s)", p, gdt_mode_names(names),
                       gdt_mode_names_of(GDT_MODE_BALL, (char[GDT_MODE_NAMES_SIZE]){ 0 }));
        for (i = 0; i < s->nmodes; i++) {
            if (strcmp(s->labels[i], l) == 0)
                return bad(s, err, "modes", "'%s' is named twice", l);
            if (strcmp(spec_canonical(s->labels[i], ca, sizeof ca),
                       spec_canonical(l, cb, sizeof cb)) == 0)
                return bad(s, err, "modes", "'%s' and '%s' are the same mode (%s)",
                           s->labels[i], l, cb);
        }
        s->modes[s->nmodes++] = p;
    }
    return GDT_OK;
}

/* The parameters' names, "a, b", for messages. */
static void
list_params(char *buf, size_t size, const gdt_problem *p)
{
    size_t i, len = 0;

    buf[0] = '\0';
    for (i = 0; i < p->n && len + 1 < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
                                p->params.name[i]);
}

/* " (the columns of FILE are x, y)" when there is a data set, so that a
   misspelt column, which reads as a parameter, is seen for what it is. */
static const char *
columns_hint(char *buf, size_t size, const gdt_opts *s, const gdt_problem *p)
{
    size_t i, len;

    buf[0] = '\0';
    if (p->columns == NULL)
        return buf;
    len = (size_t)snprintf(buf, size, " (the columns of %s are ", s->set[GDT_OPT_DATA]);
    for (i = 0; i < p->columns->n && len + 1 < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
                                p->columns->name[i]);
    if (len + 2 < size)
        strcat(buf, ")");
    return buf;
}

/* Split PIECE, a NAME=X entry of --OPT, at its '=': PIECE becomes NAME
   and *VALUE points at X, blanks around them dropped; the index of the
   parameter NAME of P, or -1 after the message (not a parameter; NAMES
   lists them). */
static int
split_named(gdt_opts *s, const char *opt, char *piece, const gdt_problem *p,
            const char *names, const char **value, gdt_error *err)
{
    char *eq = strchr(piece, '='), *name = piece, *end;
    int k;

    *eq = '\0';
    while (*name == ' ')
        name++;
    for (end = eq; end > name && end[-1] == ' '; end--)
        end[-1] = '\0';
    for (*value = eq + 1; **value == ' '; (*value)++)
        ;
    memmove(piece, name, strlen(name) + 1); /* PIECE is the name now */
    name = piece;
    k = gdt_names_find((gdt_names *)&p->params, name, strlen(name), 0);
    if (k < 0)
        bad(s, err, opt, "'%s' is not a parameter of the loss (%s)", name, names);
    return k;
}

/* --w0 for the problem's parameters: "X" (one parameter) or "a=X,b=Y". */
gdt_status
gdt_opts_read_w0(gdt_opts *s, const gdt_problem *p, gdt_error *err)
{
    char names[256], hint[512], *piece, *save = NULL;
    size_t i;
    gdt_status rc;

    s->w0_q = malloc((p->n + 1) * sizeof *s->w0_q);
    s->w0_texts = calloc(p->n + 1, sizeof *s->w0_texts);
    s->w0_neg0 = calloc(p->n + 1, 1);
    if (s->w0_q == NULL || s->w0_texts == NULL || s->w0_neg0 == NULL)
        return nomem(s, err);
    for (i = 0; i < p->n; i++)
        mpq_init(s->w0_q[i]);
    s->nw0 = p->n;
    list_params(names, sizeof names, p);
    if (strchr(s->w0, '=') == NULL) {
        if (p->n != 1)
            return bad(s, err, "w0", "the loss has %zu parameters (%s): give each, as "
                       "%s=X,...%s", p->n, names, p->params.name[0],
                       columns_hint(hint, sizeof hint, s, p));
        s->w0_texts[0] = s->w0;
        if (gdt_opts_is_axis(s, s->w0))
            return GDT_OK;
        if ((rc = gdt_opts_number(s, s->w0_q[0], "w0", s->w0, err)) != GDT_OK)
            return rc;
        s->w0_neg0[0] = (unsigned char)is_neg0(s->w0, s->w0_q[0]);
        return GDT_OK;
    }
    if ((rc = check_list(s, "w0", s->w0, err)) != GDT_OK)
        return rc;
    if ((s->w0_copy = strdup(s->w0)) == NULL)
        return nomem(s, err);
    for (piece = strtok_r(s->w0_copy, ",", &save); piece;
         piece = strtok_r(NULL, ",", &save)) {
        const char *value;
        int k;

        if (strchr(piece, '=') == NULL)
            return bad(s, err, "w0", "'%s' is not NAME=X", piece);
        if ((k = split_named(s, "w0", piece, p, names, &value, err)) < 0)
            return GDT_EVALUE;
        if (s->w0_texts[k] != NULL)
            return bad(s, err, "w0", "'%s' is given twice", piece);
        s->w0_texts[k] = value;
        if (gdt_opts_is_axis(s, s->w0_texts[k]))
            continue;
        if ((rc = gdt_opts_number(s, s->w0_q[k], "w0", s->w0_texts[k], err)) != GDT_OK)
            return rc;
        s->w0_neg0[k] = (unsigned char)is_neg0(s->w0_texts[k], s->w0_q[k]);
    }
    for (i = 0; i < p->n; i++)
        if (s->w0_texts[i] == NULL)
            return bad(s, err, "w0", "no starting value for '%s'%s", p->params.name[i],
                       columns_hint(hint, sizeof hint, s, p));
    return GDT_OK;
}

/* --lr as a list for the problem's parameters: "a=X,b=Y" (every parameter
   named) or "X,b=Y" (X for those not named, as torch's parameter groups
   take the optimizer's lr); in a sweep an entry may be an axis, P=A:B
   (its text kept in S->lr_texts, its value 0).  Learning rates all
   equal are kept as one (S->lrs_q NULL, S->lr the first's text), so that
   such a run is the run of that one lr, byte for byte. */
gdt_status
gdt_opts_read_lr(gdt_opts *s, const gdt_problem *p, gdt_error *err)
{
    char names[256], *piece, *save = NULL;
    const char *dflt = NULL, *value;
    mpq_t dq;
    size_t i;
    gdt_status rc = GDT_OK;
    int same = 1, k;

    /* (the checks of --stop contracting that need the problem) */
    if (s->stop_on_contract && p->n != 1)
        return bad(s, err, "stop", "'contracting' tests a loss of one parameter, and this "
                   "one has %zu", p->n);
    if (s->stop_on_contract) {
        gdt_expr *d2 = NULL;
        gdt_error derr;
        gdt_error_clear(&derr);
        rc = gdt_expr_derive_kinks(&d2, p->grad[0], 0, p->kinks, &derr);
        gdt_expr_free(d2);
        if (rc == GDT_ENOMEM)
            return gdt_error_set(err, rc, SIZE_MAX, "out of memory");
        if (rc != GDT_OK)
            return bad(s, err, "stop", "'contracting': the gradient has no derivative as "
                       "written (%s)", derr.msg);
    }
    if (strchr(s->lr, '=') == NULL && strchr(s->lr, ',') == NULL)
        return GDT_OK; /* one lr, or a sweep's axis of it (gdt_opts_sweep_init) */
    s->lrs_q = malloc((p->n + 1) * sizeof *s->lrs_q);
    s->lr_texts = calloc(p->n + 1, sizeof *s->lr_texts);
    s->lrs_neg0 = calloc(p->n + 1, 1);
    s->lr_copy = strdup(s->lr);
    if (s->lrs_q == NULL || s->lr_texts == NULL || s->lrs_neg0 == NULL || s->lr_copy == NULL)
        return nomem(s, err);
    for (i = 0; i < p->n; i++)
        mpq_init(s->lrs_q[i]);
    s->nlr = p->n;
    if ((rc = check_list(s, "lr", s->lr, err)) != GDT_OK)
        return rc;
    list_params(names, sizeof names, p);
    mpq_init(dq);
    for (piece = strtok_r(s->lr_copy, ",", &save); piece && rc == GDT_OK;
         piece = strtok_r(NULL, ",", &save)) {
        if (strchr(piece, '=') == NULL) { /* the default */
            while (*piece == ' ')
                piece++;
            if (dflt != NULL)
                rc = bad(s, err, "lr", "'%s' is a second default (one plain X; name the "
                         "others, P=X)", piece);
            else if (gdt_opts_is_axis(s, piece))
                rc = bad(s, err, "lr", "'%s': an axis of one parameter's learning rate "
                         "names it (P=A:B)", piece);
            else if ((rc = gdt_opts_number(s, dq, "lr", piece, err)) == GDT_OK)
                dflt = piece;
            continue;
        }
        if ((k = split_named(s, "lr", piece, p, names, &value, err)) < 0)
            rc = GDT_EVALUE;
        else if (s->lr_texts[k] != NULL)
            rc = bad(s, err, "lr", "'%s' is given twice", piece);
        else if (gdt_opts_is_axis(s, value)) { /* a sweep's axis */
            s->lr_texts[k] = value;
            same = 0;
        } else if ((rc = gdt_opts_number(s, s->lrs_q[k], "lr", value, err)) == GDT_OK) {
            s->lr_texts[k] = value;
            s->lrs_neg0[k] = (unsigned char)is_neg0(value, s->lrs_q[k]);
        }
    }
    for (i = 0; i < p->n && rc == GDT_OK; i++) {
        if (s->lr_texts[i] == NULL && dflt == NULL) {
            rc = bad(s, err, "lr", "no learning rate for '%s' (name every parameter, or "
                     "give one for the rest: --lr X,%s=Y)", p->params.name[i],
                     p->params.name[i == 0 && p->n > 1 ? 1 : 0]);
        } else if (s->lr_texts[i] == NULL) {
            s->lr_texts[i] = dflt;
            mpq_set(s->lrs_q[i], dq);
            s->lrs_neg0[i] = (unsigned char)is_neg0(dflt, dq);
        }
        if (rc == GDT_OK && (!mpq_equal(s->lrs_q[i], s->lrs_q[0])
                             || s->lrs_neg0[i] != s->lrs_neg0[0]))
            same = 0;
    }
    mpq_clear(dq);
    if (rc != GDT_OK)
        return rc;
    /* the one lr (also what analyze and the like read): the first's */
    mpq_set(s->lr_q, s->lrs_q[0]);
    s->lr_neg0 = s->lrs_neg0[0];
    if (same) {
        s->lr = s->lr_texts[0];
        for (i = 0; i < s->nlr; i++)
            mpq_clear(s->lrs_q[i]);
        free(s->lrs_q);
        s->lrs_q = NULL;
        s->nlr = 0;
        free(s->lr_texts);
        s->lr_texts = NULL;
    }
    return GDT_OK;
}

/* 1 when some mode of S is of class CLS. */
static int
has_class(const gdt_opts *s, gdt_mode_class cls)
{
    size_t i;

    for (i = 0; i < s->nmodes; i++)
        if (spec_class(s->modes[i]) == (int)cls)
            return 1;
    return 0;
}

static gdt_status
set_loss(gdt_opts *s, const char *v, gdt_error *err)
{
    (void)err;
    s->loss = v;
    return GDT_OK;
}

static gdt_status
set_lr(gdt_opts *s, const char *v, gdt_error *err)
{
    gdt_status rc;

    s->lr = v;
    if (gdt_opts_is_axis(s, v)) /* read with the other axes (gdt_opts_sweep_init) */
        return GDT_OK;
    if (strchr(v, '=') != NULL || strchr(v, ',') != NULL)
        return GDT_OK; /* per parameter: read once they are known (gdt_opts_read_lr) */
    if ((rc = gdt_opts_number(s, s->lr_q, "lr", v, err)) != GDT_OK)
        return rc;
    s->lr_neg0 = is_neg0(v, s->lr_q);
    return GDT_OK;
}

static gdt_status
set_w0(gdt_opts *s, const char *v, gdt_error *err)
{
    (void)err;
    s->w0 = v; /* read once the parameters are known (gdt_opts_read_w0) */
    return GDT_OK;
}

static gdt_status
set_max_iter(gdt_opts *s, const char *v, gdt_error *err)
{
    return parse_whole(s, &s->max_iter, "max-iter", v, 0, ULONG_MAX - 1, err);
}

static gdt_status
set_mode(gdt_opts *s, const char *v, gdt_error *err)
{
    s->modes[0] = v;
    s->labels[0] = v;
    s->nmodes = 1;
    if (gdt_mode_class_of(v) < 0)
        return bad(s, err, "mode", "'%s' is not a mode (%s)", v,
                   gdt_mode_names((char[GDT_MODE_NAMES_SIZE]){ 0 }));
    if (gdt_mode_class_of(v) == GDT_MODE_BALL)
        return bad(s, err, "mode", "'%s' is a mode of compare --modes; here say --certify", v);
    return GDT_OK;
}

static gdt_status
set_modes(gdt_opts *s, const char *v, gdt_error *err)
{
    return parse_modes(s, v, err);
}

static gdt_status
set_ref(gdt_opts *s, const char *v, gdt_error *err)
{
    char ca[96], cb[96];
    size_t i;

    for (i = 0; i < s->nmodes && (spec_class(v) < 0
                                  || strcmp(spec_canonical(s->labels[i], ca, sizeof ca),
                                            spec_canonical(v, cb, sizeof cb)) != 0); i++)
        ;
    if (i == s->nmodes)
        return bad(s, err, "ref", "'%s' is not one of --modes", v);
    s->ref = i;
    return GDT_OK;
}

static gdt_status
set_prec(gdt_opts *s, const char *v, gdt_error *err)
{
    unsigned long p;
    gdt_status rc;

    if (s->set[GDT_OPT_PREC] != NULL && !has_class(s, GDT_MODE_MPFR))
        return bad(s, err, "prec", "%s", "applies to mode mpfr only");
    if ((rc = parse_whole(s, &p, "prec", v, 1, 16777216, err)) != GDT_OK)
        return rc;
    s->prec = (long)p;
    return GDT_OK;
}

static gdt_status
set_round(gdt_opts *s, const char *v, gdt_error *err)
{
    gdt_status rc;

    if (s->set[GDT_OPT_ROUND] != NULL && !has_class(s, GDT_MODE_MPFR)
        && !has_class(s, GDT_MODE_IEEE) && !has_class(s, GDT_MODE_NATIVE))
        return bad(s, err, "round", "%s", "applies to the float modes only (exact and integers never round)");
    if ((rc = parse_round(s, v, err)) != GDT_OK)
        return rc;
    if (s->rnd == MPFR_RNDA && has_class(s, GDT_MODE_NATIVE))
        return bad(s, err, "round", "'%s': the native modes have no rounding away from zero", v);
    return GDT_OK;
}

static gdt_status
set_update(gdt_opts *s, const char *v, gdt_error *err)
{
    if (strcmp(v, "fma") == 0)
        s->update = GDT_UPDATE_FMA;
    else if (strcmp(v, "sub") == 0)
        s->update = GDT_UPDATE_SUB;
    else if (strcmp(v, "kahan") == 0)
        s->update = GDT_UPDATE_KAHAN;
    else
        return bad(s, err, "update", "'%s' is not sub, fma or kahan", v);
    if (s->update == GDT_UPDATE_KAHAN && (has_class(s, GDT_MODE_EXACT) || has_class(s, GDT_MODE_INT)))
        return bad(s, err, "update", "'%s' compensates roundings, and %s modes never round%s", v,
                   has_class(s, GDT_MODE_EXACT) ? "exact" : "integer",
                   s->cmd == GDT_CMD_COMPARE ? " (compare: MODE+kahan for one mode)" : "");
    if (s->update == GDT_UPDATE_KAHAN && gdt_opts_stochastic(s)) {
        gdt_recipe_spec none = { .master = NULL };
        return bad(s, err, "update", "'%s' with --sr%s: %s", v,
                   s->cmd == GDT_CMD_COMPARE ? " or MODE+sr" : "",
                   gdt_recipe_clash(&none, GDT_SR_UPDATE, 0, 1));
    }
    return GDT_OK;
}

const char *
gdt_opts_master_refusal(const char *mode, const char *master, char *buf, size_t size)
{
    const gdt_mode *m = gdt_mode_find(mode), *f = gdt_mode_find(master);

    if (f == NULL || (f->cls != GDT_MODE_IEEE && f->cls != GDT_MODE_NATIVE)) {
        snprintf(buf, size, "'%s' is not an IEEE format (binary16, bfloat16, binary32, "
                 "binary64, binary128, native-float, native-double)", master);
        return buf;
    }
    if (m == NULL)
        return NULL;
    if (m->cls == GDT_MODE_EXACT || m->cls == GDT_MODE_INT) {
        snprintf(buf, size, "'%s': mode %s %s, and master weights are for float modes",
                 master, mode, m->cls == GDT_MODE_EXACT ? "never rounds" : "has integers");
        return buf;
    }
    if (m->cls == GDT_MODE_MPFR) {
        snprintf(buf, size, "'%s' has a smaller exponent range than mode mpfr: a master "
                 "holds every weight of the model", master);
        return buf;
    }
    if (f->prec < m->prec || f->emax < m->emax) {
        snprintf(buf, size, "'%s' has %s than mode %s: a master holds every weight of the "
                 "model", master, f->prec < m->prec ? "fewer significand bits"
                                                    : "a smaller exponent range", mode);
        return buf;
    }
    return NULL;
}

/* After --mode and --update. */
static gdt_status
set_master(gdt_opts *s, const char *v, gdt_error *err)
{
    char why[256];

    if (gdt_opts_master_refusal(s->modes[0], v, why, sizeof why) != NULL)
        return bad(s, err, "master", "%s", why);
    if (s->sr != GDT_SR_NONE) {
        gdt_recipe_spec none = { .master = NULL };
        return bad(s, err, "master", "'%s' with --sr: %s", v,
                   gdt_recipe_clash(&none, s->sr, 1, 0));
    }
    s->master = v;
    return GDT_OK;
}

/* --sr: the modes must round, in the IEEE formats or mpfr; a compare's
   exact and integer lanes, which never round, are left as they are */
/* The exponent K of TEXT, a power of two 2^K with |K| <= 1000, into *K;
   else a message into WHY. */
static int
power_of_two(const char *text, long *k, char *why, size_t size)
{
    mpq_t q;
    int ok = 0;

    mpq_init(q);
    if (gdt_q_parse(q, text, NULL) != GDT_OK)
        snprintf(why, size, "'%s' is not a number", text);
    else if (mpq_sgn(q) <= 0)
        snprintf(why, size, "'%s': a scale is positive", text);
    else if (mpz_popcount(mpq_numref(q)) != 1 || mpz_popcount(mpq_denref(q)) != 1)
        snprintf(why, size, "'%s' is no power of two (2^K: scaling and unscaling are "
                 "then exact)", text);
    else {
        *k = (long)mpz_sizeinbase(mpq_numref(q), 2) - (long)mpz_sizeinbase(mpq_denref(q), 2);
        ok = *k >= -1000 && *k <= 1000;
        if (!ok)
            snprintf(why, size, "'%s' is beyond 2^-1000 .. 2^1000", text);
    }
    mpq_clear(q);
    return ok;
}

/* After --master: S (static), dynamic, dynamic:INIT, dynamic:INIT:N. */
static gdt_status
set_loss_scale(gdt_opts *s, const char *v, gdt_error *err)
{
    gdt_loss_scale ls = { .on = 1, .dynamic = 0, .init_exp = 16, .interval = 2000 };
    char why[256], init[128];
    const char *p, *q;
    gdt_status rc;

    if (s->cmd == GDT_CMD_COMPARE && !s->scaled_lanes)
        return bad(s, err, "loss-scale", "'%s' is the scale of the lanes MODE+master32+scale, "
                   "and --modes names none", v);
    if (s->cmd != GDT_CMD_COMPARE && s->master == NULL)
        return bad(s, err, "loss-scale", "'%s' needs --master (binary32, ...): the scaled "
                   "gradient is unscaled in the master's format", v);
    if (s->cmd == GDT_CMD_RUN && s->set[GDT_OPT_RESUME] != NULL)
        return bad(s, err, "loss-scale", "'%s': a loss-scaled run is run whole, never resumed "
                   "(--resume)", v);
    if (strncmp(v, "dynamic", 7) == 0 && (v[7] == '\0' || v[7] == ':')) {
        ls.dynamic = 1;
        p = v[7] == ':' ? v + 8 : NULL;
        q = p != NULL ? strchr(p, ':') : NULL;
        if (p != NULL) {
            size_t n = q != NULL ? (size_t)(q - p) : strlen(p);
            if (n >= sizeof init)
                n = sizeof init - 1;
            memcpy(init, p, n);
            init[n] = '\0';
            if (!power_of_two(init, &ls.init_exp, why, sizeof why))
                return bad(s, err, "loss-scale", "the initial scale %s", why);
        }
        if (q != NULL && (rc = parse_whole(s, &ls.interval, "loss-scale", q + 1, 1,
                                           ULONG_MAX / 2, err)) != GDT_OK)
            return rc;
    } else if (!power_of_two(v, &ls.init_exp, why, sizeof why)) {
        return bad(s, err, "loss-scale", "%s (or dynamic[:INIT[:N]])", why);
    }
    s->loss_scale = ls;
    return GDT_OK;
}

static gdt_status
set_sr(gdt_opts *s, const char *v, gdt_error *err)
{
    size_t i;
    int any = 0;

    if (strcmp(v, "update") == 0)
        s->sr = GDT_SR_UPDATE;
    else if (strcmp(v, "all") == 0)
        s->sr = GDT_SR_ALL;
    else
        return bad(s, err, "sr", "'%s' is not update or all", v);
    if (s->certify || s->set[GDT_OPT_CERTIFY] != NULL)
        return bad(s, err, "sr", "'%s' does not apply to --certify: the run is the exact-real "
                   "one, proven, and nothing in it is random", v);
    for (i = 0; i < s->nmodes; i++) {
        int cls = gdt_mode_class_of(s->modes[i]);
        if (cls == GDT_MODE_NATIVE)
            return bad(s, err, "sr", "'%s': mode %s rounds as the machine does, never "
                       "stochastically (take its IEEE format: binary64 or binary32)",
                       v, s->modes[i]);
        if (cls == GDT_MODE_IEEE || cls == GDT_MODE_MPFR) {
            gdt_recipe_spec r;
            const char *why;
            if (gdt_recipe_parse(&r, s->labels[i], NULL) == GDT_OK && r.sr == GDT_SR_NONE
                && (why = gdt_recipe_clash(&r, s->sr, 0, 0)) != NULL)
                return bad(s, err, "sr", "'%s': mode %s: %s", v, s->labels[i], why);
            any = 1;
            if (s->mode_sr[i] == GDT_SR_NONE)
                s->mode_sr[i] = s->sr;
        }
    }
    if (!any)
        return bad(s, err, "sr", "'%s': mode %s never rounds; stochastic rounding is for the "
                   "IEEE formats and mpfr", v, s->modes[0]);
    return GDT_OK;
}

static gdt_status
set_seed(gdt_opts *s, const char *v, gdt_error *err)
{
    mpq_t q;
    gdt_status rc = GDT_OK;

    mpq_init(q);
    if (gdt_q_parse(q, v, NULL) != GDT_OK || mpz_cmp_ui(mpq_denref(q), 1) != 0
        || mpq_sgn(q) < 0 || mpz_sizeinbase(mpq_numref(q), 2) > 64)
        rc = bad(s, err, "seed", "'%s' is not a whole number from 0 to 2^64-1", v);
    else {
        mpz_ptr z = mpq_numref(q);
        s->seed = mpz_get_ui(z) & 0xffffffffu;
        mpz_tdiv_q_2exp(z, z, 32);
        s->seed |= (unsigned long long)(mpz_get_ui(z) & 0xffffffffu) << 32;
    }
    mpq_clear(q);
    if (rc == GDT_OK && s->set[GDT_OPT_SEED] != NULL && !gdt_opts_stochastic(s))
        rc = bad(s, err, "seed", "'%s': there is nothing random to seed without --sr", v);
    return rc;
}

static gdt_status
set_runs(gdt_opts *s, const char *v, gdt_error *err)
{
    gdt_status rc;

    if ((rc = parse_whole(s, &s->runs, "runs", v, 1, 100000, err)) != GDT_OK)
        return rc;
    if (s->set[GDT_OPT_RUNS] != NULL && !gdt_opts_stochastic(s))
        return bad(s, err, "runs", "'%s' repeats a stochastic run: it needs --sr%s", v,
                   s->cmd == GDT_CMD_COMPARE ? " or a mode with +sr" : "");
    if (s->runs > 1 && s->cmd == GDT_CMD_RUN && s->format == GDT_FORMAT_PYTHON)
        return bad(s, err, "runs", "'%s': an ensemble prints text, csv or jsonl", v);
    return GDT_OK;
}

/* --momentum M, --dampening D, --weight-decay WD, --eps E: an exact
   number, not negative (as torch.optim asks), at most 1 when AT_MOST_ONE. */
static gdt_status
optim_number(gdt_opts *s, mpq_t r, const char *opt, const char *v, int at_most_one,
             gdt_error *err)
{
    if (gdt_opts_number(s, r, opt, v, err) != GDT_OK)
        return GDT_EVALUE;
    if (mpq_sgn(r) < 0)
        return bad(s, err, opt, "'%s' is negative", v);
    if (at_most_one && mpq_cmp_ui(r, 1, 1) > 0)
        return bad(s, err, opt, "'%s' is above 1", v);
    return GDT_OK;
}

/* sweep: A:B is an axis, its ends checked as the sweep reads them */
static gdt_status
set_momentum(gdt_opts *s, const char *v, gdt_error *err)
{
    if (gdt_opts_is_axis(s, v)) {
        s->momentum_axis = 1;
        return GDT_OK;
    }
    return optim_number(s, s->optim.momentum, "momentum", v, 0, err);
}

static gdt_status
set_dampening(gdt_opts *s, const char *v, gdt_error *err)
{
    return optim_number(s, s->optim.dampening, "dampening", v, 1, err);
}

static gdt_status
set_nesterov(gdt_opts *s, const char *v, gdt_error *err)
{
    (void)v;
    (void)err;
    s->optim.nesterov = 1;
    return GDT_OK;
}

static gdt_status
set_weight_decay(gdt_opts *s, const char *v, gdt_error *err)
{
    return optim_number(s, s->optim.weight_decay, "weight-decay", v, 0, err);
}

static gdt_status
set_eps(gdt_opts *s, const char *v, gdt_error *err)
{
    return optim_number(s, s->optim.eps, "eps", v, 0, err);
}

/* --betas B1,B2: each 0 <= B < 1 */
static gdt_status
set_betas(gdt_opts *s, const char *v, gdt_error *err)
{
    const char *comma = strchr(v, ',');
    char one[128];
    size_t len = comma != NULL ? (size_t)(comma - v) : 0;
    mpq_t *b[2] = { &s->optim.beta1, &s->optim.beta2 };
    const char *text[2];
    int i;

    if (comma == NULL || len == 0 || len >= sizeof one || strchr(comma + 1, ',') != NULL)
        return bad(s, err, "betas", "'%s' is not B1,B2 (two numbers, 0 <= B < 1)", v);
    memcpy(one, v, len);
    one[len] = '\0';
    text[0] = one;
    text[1] = comma + 1;
    for (i = 0; i < 2; i++) {
        if (gdt_opts_number(s, *b[i], "betas", text[i], err) != GDT_OK)
            return GDT_EVALUE;
        if (mpq_sgn(*b[i]) < 0 || mpq_cmp_ui(*b[i], 1, 1) >= 0)
            return bad(s, err, "betas", "'%s' is not in [0, 1)", text[i]);
    }
    return GDT_OK;
}

static gdt_status
set_schedule(gdt_opts *s, const char *v, gdt_error *err)
{
    gdt_error e;

    if (gdt_optim_parse_schedule(&s->optim, v, &e) != GDT_OK)
        return bad(s, err, "schedule", "%s", e.msg);
    return GDT_OK;
}

/* compare --plot-steps: events (a little after the last event) or all */
static gdt_status
set_plot_steps(gdt_opts *s, const char *v, gdt_error *err)
{
    if (strcmp(v, "all") != 0 && strcmp(v, "events") != 0)
        return bad(s, err, "plot-steps", "'%s' is not events or all", v);
    s->plot_all = strcmp(v, "all") == 0;
    return GDT_OK;
}

/* compare: the optimizer lane I names after its mode (MODE+adam), or
   GDT_LANE_OPTIM_NONE; the spec into R when R is not NULL. */
static gdt_lane_optim
lane_optim_kind(const gdt_opts *s, size_t i, gdt_recipe_spec *r)
{
    gdt_recipe_spec t;

    if (r == NULL)
        r = &t;
    if (s->cmd != GDT_CMD_COMPARE || strchr(s->labels[i], '+') == NULL
        || gdt_recipe_parse(r, s->labels[i], NULL) != GDT_OK)
        return GDT_LANE_OPTIM_NONE;
    return r->optim;
}

/* 1 when some lane of compare names Adam or AdamW for itself. */
static int
lanes_name_adam(const gdt_opts *s)
{
    size_t i;

    for (i = 0; i < s->nmodes; i++)
        if (lane_optim_kind(s, i, NULL) >= GDT_LANE_OPTIM_ADAM)
            return 1;
    return 0;
}

static gdt_status cmdline_optimizer(gdt_opts *s, const char *v, gdt_error *err);
static gdt_status set_lane_optims(gdt_opts *s, gdt_error *err);

/* After every other option of the optimizer (and --mode, --update,
   --master, --sr, --certify): the command line's optimizer, then
   compare's lanes with optimizers of their own. */
static gdt_status
set_optimizer(gdt_opts *s, const char *v, gdt_error *err)
{
    gdt_status rc = cmdline_optimizer(s, v, err);

    return rc != GDT_OK ? rc : set_lane_optims(s, err);
}

/* The optimizer of lane I as it runs: its own, the command line's, or
   plain SGD's defaults (D, initialised). */
static const gdt_optim *
lane_effective(const gdt_opts *s, size_t i, const gdt_optim *d)
{
    return s->lane_optim_of[i] != NULL ? s->lane_optim_of[i] : d;
}

/* Label L without its optimizer suffix, into BUF: "exact",
   "binary32+master32". */
static const char *
label_base(const char *l, char *buf, size_t size)
{
    gdt_recipe_spec r;
    const char *p;
    size_t n = 0;

    buf[0] = '\0';
    if (gdt_recipe_parse(&r, l, NULL) != GDT_OK)
        return buf;
    for (p = l; *p != '\0' && n + 1 < size;) {
        size_t len = strcspn(p + 1, "+") + 1;
        gdt_recipe_spec one;
        char part[128];
        if (p != l && len < sizeof part) {
            snprintf(part, sizeof part, "x%.*s", (int)len, p);
            if (gdt_recipe_parse(&one, part, NULL) == GDT_OK && one.optim != GDT_LANE_OPTIM_NONE) {
                p += len;
                continue;
            }
        }
        if (p == l)
            len = strcspn(p, "+");
        n += (size_t)snprintf(buf + n, size - n, "%.*s", (int)len, p);
        p += len;
    }
    return buf;
}

/* compare: each lane's optimizer (its +NAME with the command line's other
   settings, else the command line's), its update (fma with one of its
   own, as torch's kernels, unless --update says) and its reference: the
   lane of the reference's mode that runs its optimizer, which --modes
   must name (never another optimizer's run). */
static gdt_status
set_lane_optims(gdt_opts *s, gdt_error *err)
{
    gdt_optim plain;
    gdt_recipe_spec r;
    char base_r[96], base_i[96], ca[96], canon_r[96];
    size_t i, j, own = 0;
    gdt_status rc = GDT_OK;

    s->lane_optims = 0;
    for (i = 0; i < s->nmodes; i++) {
        gdt_lane_optim k = lane_optim_kind(s, i, &r);
        gdt_optim *o = &s->lane_optim[i];
        gdt_optim_kind fam = k >= GDT_LANE_OPTIM_ADAM ? (k == GDT_LANE_OPTIM_ADAM ? GDT_OPTIM_ADAM
                                                                                 : GDT_OPTIM_ADAMW)
                                                     : GDT_OPTIM_SGD;
        const char *why;

        s->lane_optim_of[i] = s->has_optim ? &s->optim : NULL;
        s->lane_update[i] = s->update;
        if (k == GDT_LANE_OPTIM_NONE)
            continue;
        own++;
        if (s->set[GDT_OPT_OPTIMIZER] != NULL && fam != s->optim.kind)
            return bad(s, err, "optimizer", "'%s' is every lane's, and lane %s names %s: give "
                       "each lane its own (MODE+%s) without --optimizer", s->set[GDT_OPT_OPTIMIZER],
                       s->labels[i], gdt_optim_name(fam), s->set[GDT_OPT_OPTIMIZER]);
        if (s->mode_sr[i] != GDT_SR_NONE)
            return bad(s, err, "sr", "'%s': lane %s has an optimizer, and an optimizer and "
                       "stochastic rounding do not combine yet", s->set[GDT_OPT_SR], s->labels[i]);
        gdt_optim_copy(o, &s->optim);
        o->kind = fam;
        o->nesterov = k == GDT_LANE_OPTIM_NESTEROV;
        mpq_set_ui(o->momentum, 0, 1);
        if (r.optim_m[0] != '\0' && gdt_q_parse(o->momentum, r.optim_m, NULL) != GDT_OK)
            return bad(s, err, "modes", "'%s': M is not a number", s->labels[i]);
        if (s->set[GDT_OPT_WEIGHT_DECAY] == NULL)
            mpq_set_ui(o->weight_decay, fam == GDT_OPTIM_ADAMW ? 1 : 0, 100);
        if (o->nesterov && mpq_sgn(o->dampening) != 0)
            return bad(s, err, "modes", "'%s': Nesterov's momentum takes no --dampening (as "
                       "torch.optim.SGD)", s->labels[i]);
        if (s->update == GDT_UPDATE_KAHAN)
            return bad(s, err, "update", "'kahan': lane %s has an optimizer, and an optimizer "
                       "and kahan do not combine (take sub or fma)", s->labels[i]);
        s->lane_update[i] = s->set[GDT_OPT_UPDATE] != NULL ? s->update : GDT_UPDATE_FMA;
        s->lane_optim_of[i] = gdt_optim_plain(o) ? NULL : o;
        if (spec_class(s->labels[i]) == GDT_MODE_EXACT && (why = gdt_optim_irrational(o)) != NULL)
            return bad(s, err, "modes", "'%s': %s, which the exact mode cannot hold: take "
                       "mpfr%s", s->labels[i], why,
                       o->kind == GDT_OPTIM_SGD ? "" : " or certified");
    }
    if (own == 0)
        return GDT_OK;
    if (own == s->nmodes) {
        static const gdt_opt_id mine[] = { GDT_OPT_OPTIMIZER, GDT_OPT_MOMENTUM, GDT_OPT_NESTEROV };
        for (j = 0; j < sizeof mine / sizeof mine[0]; j++)
            if (s->set[mine[j]] != NULL)
                return bad(s, err, find_id(mine[j])->name, "is the optimizer of the lanes "
                           "without one of their own, and every lane of --modes names its own");
    }
    s->lane_optims = 1;
    gdt_optim_init(&plain);
    label_base(s->labels[s->ref], base_r, sizeof base_r);
    spec_canonical(base_r, canon_r, sizeof canon_r);
    for (i = 0; i < s->nmodes && rc == GDT_OK; i++) {
        const gdt_optim *oi = lane_effective(s, i, &plain);
        s->lane_ref[i] = SIZE_MAX;
        if (gdt_optim_same(oi, lane_effective(s, s->ref, &plain))) {
            s->lane_ref[i] = s->ref;
            continue;
        }
        for (j = 0; j < s->nmodes && s->lane_ref[i] == SIZE_MAX; j++) {
            label_base(s->labels[j], ca, sizeof ca);
            spec_canonical(ca, base_i, sizeof base_i);
            if (strcmp(base_i, canon_r) == 0 && gdt_optim_same(oi, lane_effective(s, j, &plain)))
                s->lane_ref[i] = j;
        }
        if (s->lane_ref[i] != SIZE_MAX)
            continue;
        /* the run to add: the reference's mode with this lane's optimizer */
        lane_optim_kind(s, i, &r);
        if (r.optim == GDT_LANE_OPTIM_NONE)
            rc = bad(s, err, "modes", "'%s' runs the optimizer of --optimizer and its options, "
                     "and the reference %s its own: name the reference's mode without an "
                     "optimizer (%s) among --modes, or take it as --ref", s->labels[i],
                     s->labels[s->ref], base_r);
        else if (spec_class(base_r) == GDT_MODE_EXACT && gdt_optim_irrational(oi) != NULL)
            rc = bad(s, err, "modes", "'%s' is measured against its optimizer's run in the "
                     "reference's mode, and exact cannot run it (%s): take --ref certified "
                     "with certified+%s%s among --modes, or mpfr", s->labels[i],
                     gdt_optim_irrational(oi), gdt_lane_optim_name(r.optim), r.optim_m);
        else
            rc = bad(s, err, "modes", "'%s' is measured against its optimizer's run in the "
                     "reference's mode, %s+%s%s, which --modes does not name: add it",
                     s->labels[i], base_r, gdt_lane_optim_name(r.optim), r.optim_m);
    }
    gdt_optim_clear(&plain);
    return rc;
}

/* The command line's optimizer (--optimizer and its options): the kind,
   what applies to it, and what it does not combine with. */
static gdt_status
cmdline_optimizer(gdt_opts *s, const char *v, gdt_error *err)
{
    static const gdt_opt_id sgd_only[] = { GDT_OPT_MOMENTUM, GDT_OPT_DAMPENING,
                                           GDT_OPT_NESTEROV };
    static const gdt_opt_id adam_only[] = { GDT_OPT_BETAS, GDT_OPT_EPS };
    static const gdt_opt_id asked[] = { GDT_OPT_MOMENTUM, GDT_OPT_WEIGHT_DECAY,
                                        GDT_OPT_SCHEDULE };
    const char *opt = "optimizer", *sched_opt, *sched_v;
    gdt_optim *o = &s->optim;
    const char *why;
    size_t i;
    int given = s->set[GDT_OPT_OPTIMIZER] != NULL;

    if (strcmp(v, "sgd") == 0)
        o->kind = GDT_OPTIM_SGD;
    else if (strcmp(v, "adam") == 0)
        o->kind = GDT_OPTIM_ADAM;
    else if (strcmp(v, "adamw") == 0)
        o->kind = GDT_OPTIM_ADAMW;
    else
        return bad(s, err, "optimizer", "'%s' is not sgd, adam or adamw", v);
    for (i = 0; i < sizeof sgd_only / sizeof sgd_only[0]; i++) {
        given |= s->set[sgd_only[i]] != NULL;
        if (s->set[sgd_only[i]] != NULL && o->kind != GDT_OPTIM_SGD)
            return bad(s, err, find_id(sgd_only[i])->name, "applies to --optimizer sgd, not %s",
                       v);
    }
    for (i = 0; i < sizeof adam_only / sizeof adam_only[0]; i++) {
        given |= s->set[adam_only[i]] != NULL && o->kind != GDT_OPTIM_SGD;
        if (s->set[adam_only[i]] != NULL && o->kind == GDT_OPTIM_SGD && !lanes_name_adam(s))
            return bad(s, err, find_id(adam_only[i])->name,
                       "applies to --optimizer adam and adamw, not sgd");
    }
    given |= s->set[GDT_OPT_WEIGHT_DECAY] != NULL || s->set[GDT_OPT_SCHEDULE] != NULL;
    if (o->nesterov && ((mpq_sgn(o->momentum) == 0 && !s->momentum_axis)
                        || mpq_sgn(o->dampening) != 0))
        return bad(s, err, "nesterov", "needs a --momentum above 0 and no --dampening "
                   "(as torch.optim.SGD)");
    if (o->kind == GDT_OPTIM_ADAMW && s->set[GDT_OPT_WEIGHT_DECAY] == NULL)
        mpq_set_ui(o->weight_decay, 1, 100); /* torch's default */
    /* torch's kernels fuse their updates (the man page, OPTIMIZERS) */
    if (given && s->set[GDT_OPT_UPDATE] == NULL)
        s->update = GDT_UPDATE_FMA;
    s->has_optim = !gdt_optim_plain(o) || s->momentum_axis;
    if (!s->has_optim)
        return GDT_OK;
    /* the refusals name the option that asked for more than plain SGD */
    for (i = 0; i < sizeof asked / sizeof asked[0] && s->set[GDT_OPT_OPTIMIZER] == NULL; i++)
        if (s->set[asked[i]] != NULL) {
            opt = find_id(asked[i])->name;
            v = s->set[asked[i]];
            break;
        }
    sched_opt = opt;
    sched_v = v;
    if (s->cmd == GDT_CMD_ANALYZE) {
        if (o->kind != GDT_OPTIM_SGD)
            return bad(s, err, opt, "'%s': analyze takes sgd (with --momentum, "
                       "--dampening, --nesterov, --weight-decay) on a quadratic loss; run "
                       "this one", v);
        return GDT_OK;
    }
    if (s->master != NULL)
        return bad(s, err, opt, "'%s' and --master do not combine yet (take one of "
                   "them)", v);
    if (s->update == GDT_UPDATE_KAHAN)
        return bad(s, err, opt, "'%s' and --update kahan do not combine (take sub "
                   "or fma)", v);
    if (gdt_opts_stochastic(s))
        return bad(s, err, opt, "'%s' and stochastic rounding do not combine yet", v);
    /* an irrational SGD is a cosine schedule's: that option is named */
    if (o->kind == GDT_OPTIM_SGD && gdt_optim_irrational(o) != NULL) {
        sched_opt = "schedule";
        sched_v = s->set[GDT_OPT_SCHEDULE];
    }
    if ((s->certify || s->set[GDT_OPT_CERTIFY] != NULL) && gdt_optim_irrational(o) != NULL
        && o->kind == GDT_OPTIM_SGD)
        return bad(s, err, sched_opt, "'%s': --certify takes no cosine schedule (its factors are "
                   "computed, not enclosed)", sched_v);
    if (s->set[GDT_OPT_AT] != NULL && (o->kind != GDT_OPTIM_SGD || o->nsched > 0))
        return bad(s, err, "at", "is the closed form of SGD (with momentum and weight decay): "
                   "not with --%s %s",
                   o->kind != GDT_OPTIM_SGD ? "optimizer" : "schedule",
                   o->kind != GDT_OPTIM_SGD ? s->set[GDT_OPT_OPTIMIZER]
                                            : s->set[GDT_OPT_SCHEDULE]);
    for (i = 0; i < s->nmodes; i++) {
        int cls = spec_class(s->modes[i]);
        if (strcmp(s->modes[i], "certified") == 0 && gdt_optim_irrational(o) != NULL
            && o->kind == GDT_OPTIM_SGD)
            return bad(s, err, sched_opt, "'%s': mode certified takes no cosine schedule "
                       "(its factors are computed, not enclosed)", sched_v);
        if (cls == GDT_MODE_EXACT && !s->certify && s->set[GDT_OPT_CERTIFY] == NULL
            && (why = gdt_optim_irrational(o)) != NULL)
            return bad(s, err, sched_opt, "'%s': %s, which the exact mode cannot hold: take "
                       "--mode mpfr%s%s", sched_v, why,
                       o->kind == GDT_OPTIM_SGD ? "" : ", or --certify for the exact-real run",
                       s->cmd == GDT_CMD_COMPARE ? "; compare: --modes without exact" : "");
    }
    return GDT_OK;
}

int
gdt_opts_stochastic(const gdt_opts *s)
{
    size_t i;

    for (i = 0; i < s->nmodes; i++)
        if (s->mode_sr[i] != GDT_SR_NONE)
            return 1;
    return 0;
}

static gdt_status
set_kinks(gdt_opts *s, const char *v, gdt_error *err)
{
    if (strcmp(v, "error") == 0)
        s->kinks = GDT_KINKS_ERROR;
    else if (strcmp(v, "torch") == 0)
        s->kinks = GDT_KINKS_TORCH;
    else
        return bad(s, err, "kinks", "'%s' is not error or torch", v);
    return GDT_OK;
}

static gdt_status
set_plot_y(gdt_opts *s, const char *v, gdt_error *err)
{
    if (strcmp(v, "error") == 0)
        s->plot_y = GDT_PLOT_Y_ERROR;
    else if (strcmp(v, "distance") == 0)
        s->plot_y = GDT_PLOT_Y_DISTANCE;
    else
        return bad(s, err, "plot-y", "'%s' is not error or distance", v);
    return GDT_OK;
}

/* WxH, each 100 to 10000 */
static gdt_status
set_plot_size(gdt_opts *s, const char *v, gdt_error *err)
{
    const char *p = v;
    char *end;
    int i;

    for (i = 0; i < 2; i++) {
        if (*p < '0' || *p > '9')
            break;
        errno = 0;
        s->plot_size[i] = strtoul(p, &end, 10);
        if (errno != 0 || s->plot_size[i] < 100 || s->plot_size[i] > 10000)
            return bad(s, err, "plot-size", "'%s': each side must be 100 to 10000", v);
        p = end;
        if (i == 0 && *p++ != 'x')
            break;
    }
    if (i < 2 || *p != '\0')
        return bad(s, err, "plot-size", "'%s' is not WIDTHxHEIGHT, such as 1200x900", v);
    return GDT_OK;
}

/* "none" (also "max-iter"), or a list of grad-zero, cycle, stall and
   nonfinite */
static gdt_status
set_stop(gdt_opts *s, const char *v, gdt_error *err)
{
    const char *p = v;

    s->stop_on_zero = 0;
    s->detect_cycles = 0;
    s->stop_on_stall = 0;
    s->stop_on_nonfinite = 0;
    s->stop_on_contract = 0;
    if (strcmp(v, "none") == 0 || strcmp(v, "max-iter") == 0)
        return GDT_OK;
    if (strcmp(v, "contracting") == 0) {
        /* decided on balls only: the one rule of --certify besides max-iter */
        if (s->cmd != GDT_CMD_RUN || s->set[GDT_OPT_CERTIFY] == NULL)
            return bad(s, err, "stop", "'%s' applies to run --certify only (balls prove it; "
                       "a certified sweep of one parameter tests it on its own)", v);
        s->stop_on_contract = 1;
        return GDT_OK;
    }
    while (1) {
        size_t len = strcspn(p, ",");
        if (len == 9 && strncmp(p, "grad-zero", 9) == 0)
            s->stop_on_zero = 1;
        else if (len == 5 && strncmp(p, "cycle", 5) == 0)
            s->detect_cycles = 1;
        else if (len == 5 && strncmp(p, "stall", 5) == 0)
            s->stop_on_stall = 1;
        else if (len == 9 && strncmp(p, "nonfinite", 9) == 0)
            s->stop_on_nonfinite = 1;
        else
            return bad(s, err, "stop", "'%s' is not a list of grad-zero, cycle, stall and nonfinite, or none", v);
        if (s->detect_cycles && gdt_opts_stochastic(s))
            return bad(s, err, "stop", "'%s': with stochastic rounding a state met again is no "
                       "cycle (the rounding that follows is another)", v);
        if (p[len] == '\0')
            return GDT_OK;
        p += len + 1;
    }
}

/* After --format: a layout of the text only. */
static gdt_status
set_layout(gdt_opts *s, const char *v, gdt_error *err)
{
    if (strcmp(v, "wide") == 0)
        s->layout = GDT_LAYOUT_WIDE;
    else if (strcmp(v, "long") == 0)
        s->layout = GDT_LAYOUT_LONG;
    else
        return bad(s, err, "layout", "'%s' is not wide or long", v);
    if (s->set[GDT_OPT_LAYOUT] != NULL && s->format != GDT_FORMAT_TEXT)
        return bad(s, err, "layout", "'%s' is a layout of --format text; csv and jsonl have one", v);
    return GDT_OK;
}

static gdt_status
set_format(gdt_opts *s, const char *v, gdt_error *err)
{
    int f = gdt_format_from_str(v);

    if (f < 0)
        return bad(s, err, "format", "'%s' is not a format (text, python, csv, jsonl)", v);
    s->format = (gdt_format)f;
    if (s->cmd == GDT_CMD_COMPARE && s->format == GDT_FORMAT_PYTHON)
        return bad(s, err, "format", "'%s' is for runs; compare prints text, csv or jsonl", v);
    if (s->cmd == GDT_CMD_ANALYZE && (s->format == GDT_FORMAT_PYTHON || s->format == GDT_FORMAT_CSV))
        return bad(s, err, "format", "'%s' is not for analyze, which prints text or jsonl", v);
    if (s->zoom && s->format != GDT_FORMAT_TEXT && s->format != GDT_FORMAT_JSONL)
        return bad(s, err, "format", "'%s' is not for zoom, which prints text or jsonl", v);
    if (s->zoom)
        return GDT_OK;
    if (s->cmd == GDT_CMD_SWEEP && s->format != GDT_FORMAT_CSV && s->format != GDT_FORMAT_JSONL)
        return bad(s, err, "format", "'%s' is not for sweep, which writes csv or jsonl", v);
    return GDT_OK;
}

/* --digits with --certify: N (default 17), exact (balls of radius 0),
   or certified (what each ball proves, as the ball domain's shortest) */
static gdt_status
set_certified_digits(gdt_opts *s, const char *v, gdt_error *err)
{
    if (s->set[GDT_OPT_DIGITS] == NULL)
        v = "17";
    if (strcmp(v, "certified") == 0) {
        s->numfmt.kind = GDT_DIGITS_SHORTEST;
        s->numfmt.python = 0;
        return GDT_OK;
    }
    if (strcmp(v, "shortest") == 0 || strcmp(v, "hex") == 0)
        return bad(s, err, "digits",
                   "'%s' is not for --certify, which prints N digits, exact or certified", v);
    return parse_digits(s, v, err);
}

static gdt_status
set_digits(gdt_opts *s, const char *v, gdt_error *err)
{
    gdt_status rc;

    if (s->boundary) {
        if (s->set[GDT_OPT_DIGITS] == NULL)
            v = "17";
        if (v[0] < '0' || v[0] > '9')
            return bad(s, err, "digits", "'%s': boundary finds a number of proven digits", v);
        return parse_digits(s, v, err);
    }
    if (s->certify && s->cmd == GDT_CMD_SWEEP) {
        if (strcmp(v, "shortest") != 0)
            return bad(s, err, "digits", "'%s': a certified sweep writes the digits each "
                       "ball proves", v);
        return parse_digits(s, v, err);
    }
    if (s->certify)
        return set_certified_digits(s, v, err);
    if ((rc = parse_digits(s, v, err)) != GDT_OK)
        return rc;
    if (s->format == GDT_FORMAT_PYTHON && s->numfmt.kind != GDT_DIGITS_SHORTEST)
        return bad(s, err, "digits", "'%s' does not apply to --format python, which prints Python's repr", v);
    if (s->format == GDT_FORMAT_JSONL && s->numfmt.kind == GDT_DIGITS_N && s->cmd != GDT_CMD_ANALYZE)
        return bad(s, err, "digits", "'%s' would round values, and jsonl values are never rounded", v);
    if (s->numfmt.kind == GDT_DIGITS_HEX
        && (has_class(s, GDT_MODE_EXACT) || has_class(s, GDT_MODE_INT)))
        return bad(s, err, "digits", "'%s' is for float modes; exact and integer values have no hex form", v);
    return GDT_OK;
}

/* --certify: the ball domain, with none of the options that name another
   domain or rules it cannot decide */
static gdt_status
set_certify(gdt_opts *s, const char *v, gdt_error *err)
{
    static const gdt_opt_id other[] = { GDT_OPT_MODE, GDT_OPT_STOP, GDT_OPT_UPDATE, GDT_OPT_AT,
                                        GDT_OPT_RESUME, GDT_OPT_MASTER, GDT_OPT_LOSS_SCALE };
    static const char *const names[] = { "mode", "stop", "update", "at", "resume", "master",
                                         "loss-scale" };
    size_t i;

    (void)v;
    for (i = 0; i < sizeof other / sizeof other[0]; i++)
        if (s->set[other[i]] != NULL && (s->cmd != GDT_CMD_SWEEP || other[i] != GDT_OPT_RESUME)
            && (other[i] != GDT_OPT_STOP || !s->stop_on_contract))
            return bad(s, err, "certify",
                       "--%s does not apply: the run is the exact-real one, as balls, with "
                       "max-iter as its only rule%s", names[i],
                       other[i] == GDT_OPT_STOP && s->cmd == GDT_CMD_RUN
                           ? " (and contracting: --stop contracting)" : "");
    if (s->format == GDT_FORMAT_PYTHON)
        return bad(s, err, "certify", "%s", "prints text, csv or jsonl");
    s->certify = 1;
    return GDT_OK;
}

/* sweep --against certified: a float sweep, whole in one process */
static gdt_status
set_against(gdt_opts *s, const char *v, gdt_error *err)
{
    int cls = gdt_mode_class_of(s->modes[0]);

    if (strcmp(v, "certified") != 0)
        return bad(s, err, "against", "'%s' is not certified (the one reference a sweep "
                   "is held against)", v);
    if (s->certify)
        return bad(s, err, "against", "'%s': a certified sweep is the reference itself", v);
    if (cls == GDT_MODE_EXACT || cls == GDT_MODE_INT)
        return bad(s, err, "against", "'%s': mode %s does not round; hold a float mode "
                   "against it", v, s->modes[0]);
    if (s->set[GDT_OPT_SHARD] != NULL || s->set[GDT_OPT_RESUME] != NULL)
        return bad(s, err, "against", "'%s': not with --shard or --resume yet: a sweep "
                   "run whole", v);
    s->against = 1;
    return GDT_OK;
}

/* boundary --on outcome|class */
static gdt_status
set_on(gdt_opts *s, const char *v, gdt_error *err)
{
    if (s->set[GDT_OPT_ON] != NULL && !s->boundary)
        return bad(s, err, "on", "%s", "applies to gdtrace boundary only");
    if (strcmp(v, "class") == 0)
        s->boundary_on_class = 1;
    else if (strcmp(v, "outcome") != 0)
        return bad(s, err, "on", "'%s' is not outcome or class", v);
    return GDT_OK;
}

/* zoom --from W0, --to W1: widths, positive */
static gdt_status
set_width(gdt_opts *s, mpq_t r, const char *opt, const char *v, gdt_error *err)
{
    if (gdt_opts_number(s, r, opt, v, err) != GDT_OK)
        return GDT_EVALUE;
    if (mpq_sgn(r) <= 0)
        return bad(s, err, opt, "'%s' is no width (it must be positive)", v);
    return GDT_OK;
}

static gdt_status
set_from(gdt_opts *s, const char *v, gdt_error *err)
{
    return set_width(s, s->zoom_from, "from", v, err);
}

/* --to W1 < W0 (--from's, read before it) */
static gdt_status
set_to(gdt_opts *s, const char *v, gdt_error *err)
{
    if (set_width(s, s->zoom_to, "to", v, err) != GDT_OK)
        return GDT_EVALUE;
    if (s->set[GDT_OPT_FROM] != NULL && mpq_cmp(s->zoom_to, s->zoom_from) >= 0)
        return bad(s, err, "to", "'%s' is not narrower than --from %s (a zoom narrows: W1 < W0)",
                   v, s->set[GDT_OPT_FROM]);
    return GDT_OK;
}

static gdt_status
set_factor(gdt_opts *s, const char *v, gdt_error *err)
{
    if (gdt_opts_number(s, s->zoom_factor, "factor", v, err) != GDT_OK)
        return GDT_EVALUE;
    if (mpq_cmp_ui(s->zoom_factor, 1, 1) <= 0)
        return bad(s, err, "factor", "'%s' narrows nothing (F > 1: each frame F times "
                   "narrower)", v);
    return GDT_OK;
}

static gdt_status
set_frames(gdt_opts *s, const char *v, gdt_error *err)
{
    return parse_whole(s, &s->zoom_frames, "frames", v, 1, GDT_ZOOM_MAX_FRAMES, err);
}

/* gdtrace zoom, once its options are read: --from given, and two of --to,
   --factor and --frames */
static gdt_status
zoom_check(gdt_opts *s, gdt_error *err)
{
    int given = (s->set[GDT_OPT_TO] != NULL) + (s->set[GDT_OPT_FACTOR] != NULL)
                + (s->set[GDT_OPT_FRAMES] != NULL);

    if (s->set[GDT_OPT_FROM] == NULL)
        return bad(s, err, "from", "%s", "missing: zoom needs the first frame's width "
                   "(--from W0)");
    if (given == 3)
        return bad(s, err, "frames", "'%s' with --to and --factor: give two of the three "
                   "(the third follows)", s->set[GDT_OPT_FRAMES]);
    if (given < 2)
        return bad(s, err, NULL, "%s", "zoom: give two of --to W1, --factor F and --frames N "
                   "(the third follows)");
    if (s->zoom_frames == 1 && s->set[GDT_OPT_TO] != NULL)
        return bad(s, err, "frames", "'%s': one frame cannot narrow from --from to --to",
                   s->set[GDT_OPT_FRAMES]);
    return GDT_OK;
}

static gdt_status
set_max_prec(gdt_opts *s, const char *v, gdt_error *err)
{
    if (s->set[GDT_OPT_MAX_PREC] != NULL && !s->certify && !has_class(s, GDT_MODE_BALL)
        && !s->against)
        return bad(s, err, "max-prec", "%s", "applies to --certify, mode certified and "
                   "--against certified only");
    return parse_whole(s, &s->max_prec, "max-prec", v, 64, 1UL << 30, err);
}

static gdt_status
set_at(gdt_opts *s, const char *v, gdt_error *err)
{
    gdt_status rc;

    if ((rc = parse_whole(s, &s->at, "at", v, 0, ULONG_MAX - 1, err)) != GDT_OK)
        return rc;
    s->has_at = 1;
    if (s->cmd == GDT_CMD_RUN && strcmp(s->modes[0], "exact") != GDT_OK)
        return bad(s, err, "at", "'%s' computes the exact state: it needs --mode exact", v);
    if (s->cmd == GDT_CMD_RUN && s->format == GDT_FORMAT_PYTHON)
        return bad(s, err, "at", "'%s' prints one step, not the notes' list: use text, csv or jsonl", v);
    if (s->cmd == GDT_CMD_RUN && s->set[GDT_OPT_RESUME] != NULL)
        return bad(s, err, "at", "'%s' computes one step and continues no file (--resume)", v);
    return GDT_OK;
}

static gdt_status
set_every(gdt_opts *s, const char *v, gdt_error *err)
{
    gdt_status rc;

    if ((rc = parse_whole(s, &s->every, "every", v, 0, ULONG_MAX, err)) != GDT_OK)
        return rc;
    if (s->every == 0 && s->format == GDT_FORMAT_PYTHON)
        return bad(s, err, "every", "'%s' prints no step, and python prints the list of the printed steps' w", v);
    if (s->every == 0 && s->format == GDT_FORMAT_CSV)
        return bad(s, err, "every", "'%s' prints no step, and csv has no summary (give --format jsonl or text)", v);
    return GDT_OK;
}

/* Only checked here; read once the parameters are known (gdt_opts_read_fields). */
static gdt_status
set_fields(gdt_opts *s, const char *v, gdt_error *err)
{
    if (s->format == GDT_FORMAT_PYTHON)
        return bad(s, err, "fields", "'%s' does not apply to --format python, which prints the list of w", v);
    if (v[0] == '\0')
        return bad(s, err, "fields", "'%s' names no field", v);
    return check_list(s, "fields", v, err);
}

/* The flags of the field NAME (LEN bytes) of a problem P in FLAGS: 1
   when it is one. */
static int
field_flags(unsigned char *flags, const gdt_problem *p, const char *name, size_t len)
{
    size_t i, n = p->n;
    int k;

    if (len == 4 && strncmp(name, "step", 4) == 0) {
        flags[0] = 1;
        return 1;
    }
    if (len == 4 && strncmp(name, "loss", 4) == 0) {
        flags[GDT_FIELD_LOSS(n)] = 1;
        return 1;
    }
    if ((k = gdt_names_find((gdt_names *)&p->params, name, len, 0)) >= 0 && n > 1) {
        flags[GDT_FIELD_PARAM((size_t)k)] = 1;
        return 1;
    }
    if (n > 1 && len > 5 && strncmp(name, "grad_", 5) == 0
        && (k = gdt_names_find((gdt_names *)&p->params, name + 5, len - 5, 0)) >= 0) {
        flags[GDT_FIELD_PARTIAL(n, (size_t)k)] = 1;
        return 1;
    }
    if ((len == 1 && name[0] == 'w') || (len == 4 && strncmp(name, "grad", 4) == 0)) {
        for (i = 0; i < n; i++)
            flags[name[0] == 'w' ? GDT_FIELD_PARAM(i) : GDT_FIELD_PARTIAL(n, i)] = 1;
        return 1;
    }
    return 0;
}

/* The fields of problem P, "step, w, grad, loss" (several parameters:
   each by name and grad_NAME too), for messages. */
static void
field_names(char *buf, size_t size, const gdt_problem *p)
{
    size_t i, len;

    len = (size_t)snprintf(buf, size, "step, w, grad, loss");
    for (i = 0; p->n > 1 && i < 2 * p->n && len + 1 < size; i++)
        len += (size_t)snprintf(buf + len, size - len, ", %s%s", i < p->n ? "" : "grad_",
                                p->params.name[i % p->n]);
}

/* --fields for the problem's parameters, into S->fields. */
gdt_status
gdt_opts_read_fields(gdt_opts *s, const gdt_problem *p, gdt_error *err)
{
    const char *v = s->set[GDT_OPT_FIELDS], *q;
    size_t i, len, nf = GDT_FIELD_LOSS(p->n) + 1;
    unsigned char *one;
    char names[512];
    gdt_status rc = GDT_OK;

    if (v == NULL || s->cmd != GDT_CMD_RUN)
        return GDT_OK;
    s->fields = calloc(nf, 1);
    one = calloc(nf, 1);
    if (s->fields == NULL || one == NULL) {
        free(one);
        return nomem(s, err);
    }
    for (q = v; rc == GDT_OK;) {
        while (*q == ' ')
            q++;
        len = strcspn(q, ",");
        while (len > 0 && q[len - 1] == ' ')
            len--;
        memset(one, 0, nf);
        if (!field_flags(one, p, q, len)) {
            field_names(names, sizeof names, p);
            rc = bad(s, err, "fields", "'%.*s' is not a field (%s)", (int)len, q, names);
            break;
        }
        for (i = 0; i < nf && rc == GDT_OK; i++) {
            if (one[i] && s->fields[i])
                rc = bad(s, err, "fields", "'%.*s' names a field named before it", (int)len, q);
            s->fields[i] |= one[i];
        }
        q += strcspn(q, ",");
        if (*q++ == '\0')
            break;
    }
    free(one);
    return rc;
}

int
gdt_opts_is_axis(const gdt_opts *s, const char *text)
{
    return s->cmd == GDT_CMD_SWEEP && strchr(text, ':') != NULL;
}

/* --grid N or NxM: each at least 1, at most 2^31 points in all */
static gdt_status
set_grid(gdt_opts *s, const char *v, gdt_error *err)
{
    const unsigned long max = 1UL << 31;
    const char *x = strchr(v, 'x');
    char first[64];
    size_t len = x != NULL ? (size_t)(x - v) : strlen(v);

    if (len >= sizeof first || len == 0 || (x != NULL && x[1] == '\0'))
        return bad(s, err, "grid", "'%s' is not N or NxM", v);
    memcpy(first, v, len);
    first[len] = '\0';
    s->ngrid = x != NULL ? 2 : 1;
    if (parse_whole(s, &s->grid[0], "grid", first, 1, max, err) != GDT_OK)
        return GDT_EVALUE;
    if (x != NULL && parse_whole(s, &s->grid[1], "grid", x + 1, 1, max, err) != GDT_OK)
        return GDT_EVALUE;
    if (x != NULL && s->grid[0] > max / s->grid[1])
        return bad(s, err, "grid", "'%s' has more than 2^31 points", v);
    return GDT_OK;
}

/* --scale lin|log, or one per axis: lin,log */
static gdt_status
set_scale(gdt_opts *s, const char *v, gdt_error *err)
{
    const char *p = v;

    for (s->nscale = 0; s->nscale < 2;) {
        size_t len = strcspn(p, ",");
        if (len == 3 && strncmp(p, "lin", 3) == 0)
            s->scale[s->nscale++] = 0;
        else if (len == 3 && strncmp(p, "log", 3) == 0)
            s->scale[s->nscale++] = 1;
        else
            break;
        if ((s->certify || s->against) && s->scale[s->nscale - 1])
            return bad(s, err, "scale", "'%s': a log axis's points are irrational, and "
                       "%s sweeps linear axes", v,
                       s->zoom ? "gdtrace zoom" : s->certify ? "--certify"
                       : "--against certified");
        if (p[len] == '\0')
            return GDT_OK;
        p += len + 1;
    }
    return bad(s, err, "scale", "'%s' is not lin, log or one of them per axis (lin,log)", v);
}

static gdt_status
set_escape(gdt_opts *s, const char *v, gdt_error *err)
{
    if (gdt_opts_number(s, s->escape, "escape", v, err) != GDT_OK)
        return GDT_EVALUE;
    if (mpq_sgn(s->escape) <= 0)
        return bad(s, err, "escape", "'%s' is not positive", v);
    return GDT_OK;
}

static gdt_status
set_threads(gdt_opts *s, const char *v, gdt_error *err)
{
    return parse_whole(s, &s->threads, "threads", v, 1, 1024, err);
}

/* --shard K/N: 1 <= K <= N <= 2^31 */
static gdt_status
set_shard(gdt_opts *s, const char *v, gdt_error *err)
{
    const char *slash = strchr(v, '/');
    char *end;
    unsigned long k, n;

    if (slash == NULL || v[0] < '0' || v[0] > '9' || slash[1] < '0' || slash[1] > '9')
        return bad(s, err, "shard", "'%s' is not K/N (part K of N, 1 <= K <= N)", v);
    errno = 0;
    k = strtoul(v, &end, 10);
    if (end != slash || errno != 0)
        return bad(s, err, "shard", "'%s' is not K/N (part K of N, 1 <= K <= N)", v);
    n = strtoul(slash + 1, &end, 10);
    if (*end != '\0' || errno != 0)
        return bad(s, err, "shard", "'%s' is not K/N (part K of N, 1 <= K <= N)", v);
    if (n < 1 || n > (1UL << 31))
        return bad(s, err, "shard", "'%s': N, the number of parts, is from 1 to 2^31", v);
    if (k < 1 || k > n)
        return bad(s, err, "shard", "'%s': K, the part, is from 1 to N", v);
    s->shard[0] = k;
    s->shard[1] = n;
    return GDT_OK;
}

static gdt_status
set_max_bits(gdt_opts *s, const char *v, gdt_error *err)
{
    return parse_whole(s, &s->max_bits, "max-bits", v, 0, 1UL << 40, err);
}

static gdt_status
set_max_degree(gdt_opts *s, const char *v, gdt_error *err)
{
    return parse_whole(s, &s->roots.max_degree, "max-degree", v, 0, GDT_POLY_MAX_DEGREE, err);
}

static gdt_status
set_max_coeff_bits(gdt_opts *s, const char *v, gdt_error *err)
{
    return parse_whole(s, &s->roots.max_coeff_bits, "max-coeff-bits", v, 0, 1UL << 40, err);
}

/* The order the options are set in: each after those its setter reads
   (modes before prec, round, digits, at; format before digits, every,
   fields, at), and
   it decides which of two bad values is reported. */
static const gdt_opt_id check_order[] = {
    GDT_OPT_LOSS, GDT_OPT_GRAD, GDT_OPT_DATA, GDT_OPT_LR, GDT_OPT_W0, GDT_OPT_MAX_ITER, GDT_OPT_MODE, GDT_OPT_MODES, GDT_OPT_REF,
    GDT_OPT_PREC, GDT_OPT_ROUND, GDT_OPT_SR, GDT_OPT_SEED, GDT_OPT_MAX_BITS, GDT_OPT_MAX_DEGREE, GDT_OPT_MAX_COEFF_BITS, GDT_OPT_STOP, GDT_OPT_UPDATE,
    GDT_OPT_MASTER, GDT_OPT_LOSS_SCALE, GDT_OPT_FORMAT, GDT_OPT_RUNS, GDT_OPT_CERTIFY, GDT_OPT_AGAINST, GDT_OPT_MAX_PREC, GDT_OPT_DIGITS, GDT_OPT_EVERY,
    GDT_OPT_MOMENTUM, GDT_OPT_DAMPENING, GDT_OPT_NESTEROV, GDT_OPT_WEIGHT_DECAY, GDT_OPT_BETAS,
    GDT_OPT_EPS, GDT_OPT_SCHEDULE, GDT_OPT_OPTIMIZER,
    GDT_OPT_FIELDS, GDT_OPT_AT, GDT_OPT_RESUME, GDT_OPT_PLOT, GDT_OPT_GRID, GDT_OPT_SCALE, GDT_OPT_ESCAPE, GDT_OPT_THREADS,
    GDT_OPT_NPY, GDT_OPT_PNG, GDT_OPT_SHARD, GDT_OPT_DIMENSION, GDT_OPT_ON,
    GDT_OPT_PLOT_Y, GDT_OPT_PLOT_TITLE, GDT_OPT_PLOT_SIZE, GDT_OPT_LOG_X, GDT_OPT_PLOT_STEPS, GDT_OPT_PROGRESS, GDT_OPT_NO_PROGRESS,
    GDT_OPT_KINKS, GDT_OPT_LAYOUT, GDT_OPT_SHARPNESS, GDT_OPT_HELP, GDT_OPT_VERSION,
    GDT_OPT_FROM, GDT_OPT_TO, GDT_OPT_FACTOR, GDT_OPT_FRAMES, GDT_OPT_PNG_DIR,
};
_Static_assert(sizeof check_order / sizeof check_order[0] == GDT_OPT_COUNT,
               "every option is set");

static const gdt_opt_def *
find_id(gdt_opt_id id)
{
    size_t i;

    for (i = 0; options[i].id != id; i++)
        ;
    return &options[i];
}

void
gdt_opts_init(gdt_opts *s, int cmd)
{
    memset(s, 0, sizeof *s);
    s->cmd = cmd;
    mpq_init(s->lr_q);
    mpq_init(s->escape);
    mpq_inits(s->zoom_from, s->zoom_to, s->zoom_factor, (mpq_ptr)0);
    gdt_optim_init(&s->optim);
    for (size_t i = 0; i < GDT_OPTS_MAX_MODES; i++)
        gdt_optim_init(&s->lane_optim[i]);
}

gdt_status
gdt_opts_give(gdt_opts *s, const gdt_opt_def *o, const char *value, int pos, gdt_error *err)
{
    if (!gdt_opts_takes(s, o))
        return bad(s, err, o->name, "is not an option of this command");
    if (o->id == GDT_OPT_GRAD) {
        if (s->ngrads == GDT_OPTS_MAX_GRADS)
            return bad(s, err, "grad", "more than %d given", GDT_OPTS_MAX_GRADS);
        s->grads[s->ngrads++] = value;
    }
    /* a sweep's axis is given once: a second --lr would silently drop
       the first axis, or move it */
    if ((o->id == GDT_OPT_LR || o->id == GDT_OPT_W0 || o->id == GDT_OPT_MOMENTUM)
        && s->set[o->id] != NULL && !s->zoom
        && (gdt_opts_is_axis(s, s->set[o->id]) || gdt_opts_is_axis(s, value)))
        return bad(s, err, o->name, "'%s': given again after '%s': a sweep takes --%s "
                   "once%s", value, s->set[o->id], o->name,
                   o->id == GDT_OPT_MOMENTUM ? "" : " (per parameter in one list: a=0:1,b=2)");
    s->set[o->id] = value;
    s->argpos[o->id] = pos;
    return GDT_OK;
}

void
gdt_opts_own(gdt_opts *s, char *text)
{
    s->texts[s->ntexts++] = text;
}

/* A message of status ST: say's, with no option before FMT's text. */
static gdt_status
say_st(gdt_opts *s, gdt_error *err, gdt_status st, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    st = say(s, err, st, NULL, fmt, ap);
    va_end(ap);
    return st;
}

/* The ball module loaded when the settings need balls (--certify, gdtrace
   boundary, compare's mode certified), before anything runs:
   else GDT_EUNAVAILABLE, its message naming what asked for it.  (boundary
   --on class sets its session up in balls too.) */
static gdt_status
need_ball(gdt_opts *s, gdt_error *err)
{
    gdt_error why;

    if (!s->certify && !has_class(s, GDT_MODE_BALL))
        return GDT_OK;
    gdt_error_clear(&why);
    if (gdt_ball_load(&why) == GDT_OK)
        return GDT_OK;
    return say_st(s, err, GDT_EUNAVAILABLE, "%s needs the ball module: %s",
                  s->boundary ? "gdtrace boundary" : s->zoom ? "gdtrace zoom"
                  : s->certify ? "--certify" : "mode certified",
                  why.msg);
}

gdt_status
gdt_opts_check(gdt_opts *s, gdt_error *err)
{
    size_t i;
    gdt_status rc;

    /* what the options of other commands leave: analyze has no --mode
       (--prec applies to its trajectory, in mpfr) and no --stop */
    if (s->cmd == GDT_CMD_ANALYZE) {
        s->modes[0] = "mpfr";
        s->nmodes = 1;
    }
    s->stop_on_zero = 1;
    for (i = 0; i < NOPTIONS; i++) {
        const gdt_opt_def *o = find_id(check_order[i]);
        const char *v = s->set[o->id];

        /* zoom: sweep's settings by their defaults, and its own */
        if (!(o->cmds & (s->zoom ? s->cmd | GDT_CMD_ZOOM : s->cmd)) || setters[o->id] == NULL)
            continue;
        if (v == NULL)
            v = s->cmd == GDT_CMD_ANALYZE && o->analyze_def != NULL ? o->analyze_def
                : s->zoom && o->id == GDT_OPT_FORMAT ? "text"
                : gdt_opts_default(o, s->cmd);
        if (v == NULL)
            continue;
        if ((rc = setters[o->id](s, v, err)) != GDT_OK)
            return rc;
    }
    if (s->zoom && (rc = zoom_check(s, err)) != GDT_OK)
        return rc;
    return need_ball(s, err);
}

void
gdt_opts_clear(gdt_opts *s)
{
    size_t i;

    free(s->modes_copy);
    free(s->w0_copy);
    free(s->lr_copy);
    for (i = 0; s->lrs_q != NULL && i < s->nlr; i++)
        mpq_clear(s->lrs_q[i]);
    free(s->lrs_q);
    free(s->lr_texts);
    free(s->lrs_neg0);
    for (i = 0; i < s->ntexts; i++)
        free(s->texts[i]);
    for (i = 0; s->w0_q != NULL && i < s->nw0; i++)
        mpq_clear(s->w0_q[i]);
    free(s->w0_q);
    free(s->w0_texts);
    free(s->w0_neg0);
    free(s->fields);
    free(s->msg);
    free(s->labels_copy);
    mpq_clear(s->lr_q);
    mpq_clear(s->escape);
    mpq_clears(s->zoom_from, s->zoom_to, s->zoom_factor, (mpq_ptr)0);
    gdt_optim_clear(&s->optim);
    for (i = 0; i < GDT_OPTS_MAX_MODES; i++)
        gdt_optim_clear(&s->lane_optim[i]);
}

void
gdt_opts_session(gdt_session_opts *o, const gdt_opts *s, gdt_cancel *stop)
{
    *o = (gdt_session_opts){
        .loss = s->loss, .grads = s->grads, .ngrads = s->ngrads,
        .data_path = s->set[GDT_OPT_DATA], .mode = s->modes[0],
        .prec = (mpfr_prec_t)s->prec, .rnd = s->rnd, .max_bits = (size_t)s->max_bits,
        .update = s->update, .master = s->master, .loss_scale = s->loss_scale,
        .optim = s->has_optim ? &s->optim : NULL,
        .lr = (const mpq_t *)&s->lr_q, .lr_neg0 = s->lr_neg0,
        .lrs = (const mpq_t *)s->lrs_q, .lrs_neg0 = s->lrs_q != NULL ? s->lrs_neg0 : NULL,
        .w0 = (const mpq_t *)s->w0_q, .w0_neg0 = s->w0_neg0, .max_iter = s->max_iter,
        .stop_on_zero = s->stop_on_zero, .detect_cycles = s->detect_cycles,
        .stop_on_stall = s->stop_on_stall, .stop_on_nonfinite = s->stop_on_nonfinite,
        .stop = stop, .kinks = s->kinks, .max_prec = (mpfr_prec_t)s->max_prec,
        .sr = s->mode_sr[0], .seed = s->seed, .mode_sr = s->mode_sr,
        .labels = s->labels, .runs = (size_t)s->runs, .scaled_lanes = s->scaled_lanes,
        .lane_optims = s->lane_optims ? s->lane_optim_of : NULL,
        .lane_updates = s->lane_optims ? s->lane_update : NULL,
        .lane_refs = s->lane_optims ? s->lane_ref : NULL,
    };
}

/* What a report's header shows, from the settings. */
void
gdt_opts_run_info(gdt_run_info *info, const gdt_opts *s, const gdt_session *ss)
{
    *info = (gdt_run_info){
        .problem = &ss->problem, .loss_text = s->loss, .lr_text = s->lr,
        .lr_texts = s->lr_texts, .w0_texts = s->w0_texts, .data_path = s->set[GDT_OPT_DATA],
        .data_rows = ss->program.nrows, .max_iter = s->max_iter,
    };
}
