/* options -- the one option table: parsing, defaults, checking, --help */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "gdtrace/func.h"
#include "gdtrace/mode.h"
#include "cli.h"
#include "cli_impl.h"

struct option_def;
typedef int (*option_setter)(struct settings *s, const char *v);

static int set_loss(struct settings *s, const char *v);
static int set_grad(struct settings *s, const char *v);
static int set_lr(struct settings *s, const char *v);
static int set_w0(struct settings *s, const char *v);
static int set_max_iter(struct settings *s, const char *v);
static int set_mode(struct settings *s, const char *v);
static int set_modes(struct settings *s, const char *v);
static int set_ref(struct settings *s, const char *v);
static int set_prec(struct settings *s, const char *v);
static int set_round(struct settings *s, const char *v);
static int set_update(struct settings *s, const char *v);
static int set_stop(struct settings *s, const char *v);
static int set_format(struct settings *s, const char *v);
static int set_digits(struct settings *s, const char *v);
static int set_at(struct settings *s, const char *v);
static int set_every(struct settings *s, const char *v);
static int set_fields(struct settings *s, const char *v);
static int set_layout(struct settings *s, const char *v);
static int set_max_bits(struct settings *s, const char *v);
static int set_max_degree(struct settings *s, const char *v);
static int set_max_coeff_bits(struct settings *s, const char *v);
static int set_grid(struct settings *s, const char *v);
static int set_scale(struct settings *s, const char *v);
static int set_escape(struct settings *s, const char *v);
static int set_threads(struct settings *s, const char *v);
static int set_shard(struct settings *s, const char *v);
static int set_kinks(struct settings *s, const char *v);
static int set_plot_y(struct settings *s, const char *v);
static int set_plot_size(struct settings *s, const char *v);

/* The one option table: parsing, defaults, checking and --help all read
   it.  An option's SET is called with its value, or with its default
   (DEF; ANALYZE_DEF for gdtrace analyze, when not NULL; sweep_defaults
   below for gdtrace sweep) when it is not
   given, in the table's order, so that a setter can check an earlier
   option's value; S->set[id] says whether the option was given.  In HELP,
   %D stands for the default and %A for analyze's. */
struct option_def {
    enum opt_id id;
    const char *name;  /* without the leading -- */
    const char *arg;   /* NULL: takes no value */
    const char *def;   /* the default value, or NULL: none */
    const char *analyze_def;
    option_setter set; /* NULL: the value is only kept in S->set[] */
    int cmds;
    const char *help;
};

static const struct option_def options[] = {
    { OPT_LOSS, "loss", "EXPR", "(w-1)^2 + 2", NULL, set_loss, CMD_ALL,
      "the loss (default: %D); @FILE reads it from FILE" },
    { OPT_GRAD, "grad", "[P=]EXPR", NULL, NULL, set_grad, CMD_ALL,
      "a partial derivative written by hand, once per parameter P\n"
      "(default: derived exactly)" },
    { OPT_KINKS, "kinks", "error|torch", "error", NULL, set_kinks, CMD_ALL,
      "the derivative where abs, relu, min or max has none: error\n"
      "stops the run there; torch takes PyTorch's value (abs'(0) =\n"
      "relu'(0) = 0, min and max at a tie half of each argument's)\n"
      "(default: %D)" },
    { OPT_DATA, "data", "FILE.csv", NULL, NULL, NULL, CMD_ALL,
      "a data set: a header naming the columns, one row per line;\n"
      "mean(EXPR) and sum(EXPR) run over its rows" },
    { OPT_LR, "lr", "X", "10", NULL, set_lr, CMD_ALL,
      "learning rate, an exact decimal or p/q (default: %D);\n"
      "or per parameter: a=0.1,b=0.01 or 0.1,b=0.01 (rest 0.1)" },
    { OPT_W0, "w0", "X|P=X,...", "2", NULL, set_w0, CMD_ALL,
      "starting point: a number (one parameter) or a=1,b=-0.5\n"
      "(default: %D)" },
    { OPT_MAX_ITER, "max-iter", "N", "50", "1000", set_max_iter, CMD_ALL,
      "stop after N updates (default: %D; analyze: %A)" },
    { OPT_MODE, "mode", "MODE", "exact", NULL, set_mode, CMD_RUN | CMD_SWEEP,
      "the numbers (default: %D; see MODES below)" },
    { OPT_MODES, "modes", "M1,M2,...", "exact,binary64,binary32,bfloat16", NULL, set_modes,
      CMD_COMPARE, "the modes to compare (default: %D)" },
    { OPT_REF, "ref", "MODE", NULL, NULL, set_ref, CMD_COMPARE,
      "the reference, one of --modes (default: the first)" },
    { OPT_PREC, "prec", "BITS", "53", "256", set_prec, CMD_ALL,
      "mpfr precision in bits (default: %D; analyze: %A)" },
    { OPT_ROUND, "round", "R", "N", NULL, set_round, CMD_BOTH | CMD_SWEEP,
      "rounding of the float modes: N nearest-even, Z toward zero,\n"
      "U up, D down, A away from zero (default: %D)" },
    { OPT_UPDATE, "update", "sub|fma", "sub", NULL, set_update, CMD_BOTH | CMD_SWEEP,
      "w - lr*g rounded twice (sub, as NumPy) or fused, rounded\n"
      "once (fma, as torch.optim.SGD in float32) (default: %D)" },
    { OPT_STOP, "stop", "RULES", "grad-zero", NULL, set_stop, CMD_BOTH,
      "besides max-iter: grad-zero (every partial exactly zero),\n"
      "cycle (the parameters repeat an earlier state), stall (the\n"
      "state of the step before, the gradient not zero), nonfinite\n"
      "(w, a partial or the loss inf or nan), several as\n"
      "grad-zero,cycle, or none (default: %D)" },
    { OPT_FORMAT, "format", "FMT", "text", NULL, set_format, CMD_ALL,
      "text, python (pprint of the weights; run only), csv or jsonl\n"
      "(default: %D)" },
    { OPT_DIGITS, "digits", "D", "shortest", NULL, set_digits, CMD_ALL,
      "shortest, exact, hex or a number of significant digits\n"
      "(default: %D; exact values always print in full)" },
    { OPT_EVERY, "every", "K", "1", NULL, set_every, CMD_RUN,
      "print steps 0, K, 2K, ... and the last, then the summary;\n"
      "0: only the summary (default: %D)" },
    { OPT_FIELDS, "fields", "LIST", NULL, NULL, set_fields, CMD_RUN,
      "the values to print, of step, w, grad, loss (with several\n"
      "parameters each by name, grad_NAME; w and grad for all);\n"
      "text, csv and jsonl (default: what each format prints)" },
    { OPT_LAYOUT, "layout", "wide|long", "wide", NULL, set_layout, CMD_COMPARE,
      "text: wide, a row per step, per mode w and its correct\n"
      "digits; long, a line per step, mode and quantity (the loss\n"
      "too) with its digits, relative error and value (default: %D)" },
    { OPT_AT, "at", "N", NULL, NULL, set_at, CMD_RUN | CMD_ANALYZE,
      "the exact state at step N by powering the affine map of a\n"
      "quadratic loss, never by iterating (exact mode)" },
    { OPT_MAX_BITS, "max-bits", "B", "134217728", NULL, set_max_bits, CMD_ALL,
      "exact values, and the digits of printed values, may need at\n"
      "most B bits (about 0.3 B digits); a run that would\n"
      "outgrow it stops: size-limit (default: %D; 0: none)" },
    { OPT_MAX_DEGREE, "max-degree", "D", "200", NULL, set_max_degree, CMD_ANALYZE,
      "root isolation takes polynomials of degree at most D; past\n"
      "it analyze refuses (default: %D; 0: none)" },
    { OPT_MAX_COEFF_BITS, "max-coeff-bits", "B", "1048576", NULL, set_max_coeff_bits,
      CMD_ANALYZE,
      "and integer coefficients of at most B bits in all\n"
      "(default: %D; 0: none)" },
    { OPT_RESUME, "resume", "FILE", NULL, NULL, NULL, CMD_RUN | CMD_SWEEP,
      "run: continue the jsonl or csv trajectory FILE from its last\n"
      "complete record, appending to it what the run would have\n"
      "written; every record is first checked by replaying the run\n"
      "from w0, so a resume costs what the run cost so far; sweep:\n"
      "go on with the csv or jsonl sweep FILE after its last whole\n"
      "record, once its header, every record's grid indices and\n"
      "axis values, and 8 of its points run again (the first, the\n"
      "last, 6 spread between) are this sweep's (no --npy, --png,\n"
      "--plot)" },
    { OPT_PLOT, "plot", "FILE", NULL, NULL, NULL, CMD_COMPARE | CMD_SWEEP | CMD_ANALYZE,
      "compare: draw the error or |w - w*| and the correct digits\n"
      "per mode, their events marked; sweep:\n"
      "the map with its axes and a legend; analyze: the sharpness\n"
      "per step against 2/lr; by gnuplot (.png, .svg, .pdf)" },
    { OPT_PLOT_Y, "plot-y", "Y", NULL, NULL, set_plot_y, CMD_COMPARE,
      "--plot's top panel: error (each mode's |w - w_ref|) or\n"
      "distance (its |w - w*|) (default: error when the reference\n"
      "converges, distance when it does not)" },
    { OPT_PLOT_TITLE, "plot-title", "TEXT", NULL, NULL, NULL, CMD_COMPARE | CMD_ANALYZE,
      "--plot's title (default: the loss, lr and w0)" },
    { OPT_PLOT_SIZE, "plot-size", "WxH", "1200x900", NULL, set_plot_size,
      CMD_COMPARE | CMD_ANALYZE,
      "--plot's size in pixels (pdf: hundredths of an inch);\n"
      "the fonts follow it (default: %D)" },
    { OPT_LOG_X, "log-x", NULL, NULL, NULL, NULL, CMD_COMPARE,
      "--plot's steps on a log scale, from step 1" },
    { OPT_PROGRESS, "progress", NULL, NULL, NULL, NULL, CMD_RUN | CMD_COMPARE | CMD_SWEEP,
      "a progress line on stderr, even when it is no terminal\n"
      "(default: when stderr is a terminal and stdout is not, or\n"
      "run --every 0 prints nothing until its end)" },
    { OPT_NO_PROGRESS, "no-progress", NULL, NULL, NULL, NULL,
      CMD_RUN | CMD_COMPARE | CMD_SWEEP, "no progress line" },
    { OPT_GRID, "grid", "N|NxM", NULL, NULL, set_grid, CMD_SWEEP,
      "N points on the first axis, M on the second (default: 101,\n"
      "or 101x101 with two axes; at most 2^31 points in all)" },
    { OPT_SCALE, "scale", "S|S1,S2", "lin", NULL, set_scale, CMD_SWEEP,
      "lin or log, for every axis or per axis (default: %D)" },
    { OPT_ESCAPE, "escape", "E", "1e16", NULL, set_escape, CMD_SWEEP,
      "diverged once the loss exceeds E * max(1, loss at w0)\n"
      "(default: %D)" },
    { OPT_THREADS, "threads", "N", NULL, NULL, set_threads, CMD_SWEEP,
      "worker threads (default: every core); the output is the\n"
      "same for any N" },
    { OPT_NPY, "npy", "FILE", NULL, NULL, NULL, CMD_SWEEP,
      "also write the outcomes as a NumPy .npy array of shape (M, N)" },
    { OPT_PNG, "png", "FILE", NULL, NULL, NULL, CMD_SWEEP,
      "also write the map of outcomes as a PNG image, a pixel a point" },
    { OPT_SHARD, "shard", "K/N", NULL, NULL, set_shard, CMD_SWEEP,
      "compute only the K-th of N parts of the grid and write it as\n"
      "a part file (jsonl, whatever --format says); gdtrace merge\n"
      "joins the parts into the whole sweep's outputs" },
    { OPT_DIMENSION, "dimension", NULL, NULL, NULL, NULL, CMD_SWEEP,
      "one axis: the box-counting dimension of the boundary between\n"
      "outcomes, its fit range and counts (stderr; jsonl: a last record)" },
    { OPT_SHARPNESS, "sharpness", NULL, NULL, NULL, NULL, CMD_ANALYZE,
      "a loss that is not quadratic: the sharpness (the top\n"
      "eigenvalue of the Hessian) at every step of the run, a column" },
    { OPT_HELP, "help", NULL, NULL, NULL, NULL, CMD_ALL, "print this help and exit" },
    { OPT_VERSION, "version", NULL, NULL, NULL, NULL, CMD_ALL, "print the version and exit" },
};
#define NOPTIONS (sizeof options / sizeof options[0])

_Static_assert(NOPTIONS == OPT_COUNT, "every option is in the table");

const char *progname = "gdtrace";

/* The defaults gdtrace sweep has of its own: its records are csv or
   jsonl. */
static const struct { enum opt_id id; const char *def; } sweep_defaults[] = {
    { OPT_FORMAT, "csv" },
};

/* O's default in command CMD (%D in its help): DEF, or sweep's own. */
static const char *
default_of(const struct option_def *o, int cmd)
{
    size_t i;

    for (i = 0; cmd == CMD_SWEEP && i < sizeof sweep_defaults / sizeof sweep_defaults[0]; i++)
        if (sweep_defaults[i].id == o->id)
            return sweep_defaults[i].def;
    return o->def;
}

/* Where an option's help starts, after "  --name ARG". */
#define HELP_COLUMN 22
#define HELP_WIDTH 78
#define NBSP '\001'

/* An option's help, %D and %A replaced by its defaults, its lines after
   the first indented to its column. */
static void
put_help(FILE *f, const struct option_def *o, int cmd)
{
    const char *p;

    for (p = o->help; *p; p++) {
        if (p[0] == '%' && (p[1] == 'D' || p[1] == 'A')) {
            fputs(p[1] == 'A' ? o->analyze_def : default_of(o, cmd), f);
            p++;
        } else if (*p == '\n') {
            fprintf(f, "\n%*s", HELP_COLUMN, "");
        } else {
            fputc(*p, f);
        }
    }
    fputc('\n', f);
}

/* Write TEXT to F folded at spaces into lines of at most HELP_WIDTH
   columns; a NBSP byte is a space that does not fold. */
static void
put_folded(FILE *f, const char *text)
{
    size_t col = 0;

    while (*text != '\0') {
        size_t n = strcspn(text, " ");

        if (col > 0 && col + 1 + n > HELP_WIDTH) {
            fputc('\n', f);
            col = 0;
        } else if (col > 0) {
            fputc(' ', f);
            col++;
        }
        for (size_t i = 0; i < n; i++)
            fputc(text[i] == NBSP ? ' ' : text[i], f);
        col += n;
        text += n;
        text += strspn(text, " ");
    }
    fputc('\n', f);
}

/* The help's paragraph on the modes, their names and aliases from the
   registry. */
static void
put_modes_help(FILE *f)
{
    char ieee[GDT_MODE_NAMES_SIZE], native[GDT_MODE_NAMES_SIZE], ints[GDT_MODE_NAMES_SIZE];
    char text[4 * GDT_MODE_NAMES_SIZE + 512];

    gdt_mode_names_of(GDT_MODE_IEEE, ieee);
    gdt_mode_names_of(GDT_MODE_NATIVE, native);
    gdt_mode_names_of(GDT_MODE_INT, ints);
    snprintf(text, sizeof text,
             "MODES: exact (GMP integers and rationals, never rounded); mpfr (--prec "
             "bits); the IEEE formats %s, bit for bit with subnormals (on the machine's "
             "doubles where proven equal, else on MPFR); %s (the machine's own C "
             "arithmetic; no rounding A); %s (two's-complement wraparound, integers "
             "only, no division).",
             ieee, native, ints);
    fputc('\n', f);
    put_folded(f, text);
}

/* The help's paragraph on expressions, the functions' names from their
   one table. */
static void
put_funcs_help(FILE *f)
{
    char text[2048] = "Expressions: numbers (read exactly), parameters (any other "
                      "identifier), +\001-\001*\001/, ^ (x^y with y no constant "
                      "integer is pow(x, y)), unary minus, "
                      "parentheses, and the functions";
    size_t len = strlen(text);
    const char *name;

    for (int i = 0; (name = gdt_func_name((gdt_func)i)) != NULL; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, " %s", name);
    len += (size_t)snprintf(text + len, sizeof text - len, "; the constant%s",
                            gdt_const_name((gdt_const)1) != NULL ? "s" : "");
    for (int i = 0; (name = gdt_const_name((gdt_const)i)) != NULL; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, " %s", name);
    snprintf(text + len, sizeof text - len,
             " (correctly rounded once; refused by the exact and integer modes); with "
             "--data, mean(EXPR) and sum(EXPR) over the rows, the column names "
             "inside them. -w^2 is -(w^2); 2^3^2 is 2^9.  Functions are correctly "
             "rounded in mpfr and the IEEE formats; the native modes use the C library "
             "(exp log sin cos tan tanh, sigmoid as 1/(1+exp(-x))); the exact mode only "
             "where the value is rational.  softplus(x) = log(1+exp(x)), relu(x) = "
             "max(0, x), huber(x, d) = x^2/2 where |x| <= d else d*(|x| - d/2), "
             "logcosh(x) = log(cosh(x)), each one function.");
    fputc('\n', f);
    put_folded(f, text);
}

void
cli_usage(FILE *f, int cmd)
{
    size_t i;

    if (cmd == CMD_ANALYZE)
        fprintf(f,
                "usage: gdtrace analyze [options]\n"
                "\n"
                "Say why a run converges, cycles or blows up, in exact numbers.  A quadratic\n"
                "loss (an affine gradient): the curvature f'', the minimiser w*, the\n"
                "multiplier r = 1 - lr*f'' and its class, the critical learning rates 2/f''\n"
                "and 1/f'', the closed form w_n = w* + r^n (w0 - w*), and per IEEE format\n"
                "the predicted and the simulated first overflow or arrival at w*; with\n"
                "several parameters the Hessian, the eigenvalues of I - lr*H, the spectral\n"
                "radius and the critical lr; --at N the exact state at step N.  Any other\n"
                "loss of one parameter: its critical points (exactly, for a polynomial),\n"
                "each with its local multiplier, and the Lyapunov exponent along the run\n"
                "with the step at which each float format keeps no correct digit.  Any\n"
                "other loss of several parameters: the critical point near the run's end,\n"
                "refined by Newton's method, the Hessian there, its eigenvalues and the\n"
                "critical lr 2/lmax, and the sharpness (lmax) along the run against 2/lr\n"
                "(--sharpness: per step; --plot: a picture).\n");
    else if (cmd == CMD_COMPARE)
        fprintf(f,
                "usage: gdtrace compare [options]\n"
                "\n"
                "Run the same problem in several modes side by side and show, step by step,\n"
                "each mode's w, its relative error against the reference and its number of\n"
                "correct significant digits; then, per mode, the first step that differs\n"
                "from the reference, that has no correct digit left, that is subnormal,\n"
                "zero, infinite or nan, and how the mode stopped.\n");
    else if (cmd == CMD_SWEEP)
        fprintf(f,
                "usage: gdtrace sweep [options] --lr A:B | --w0 [P=]A:B  (one or two axes)\n"
                "\n"
                "Run the notes' loop from every point of a grid of learning rates and\n"
                "starting points and write one record per point: the axes' values as the\n"
                "mode holds them, the outcome (converged, stalled, cycle, diverged, bounded,\n"
                "size-limit, error), the cycle's period, the step and the loss at it, and\n"
                "for a one-parameter quadratic loss the class of the multiplier 1 - lr*f''.\n"
                "An axis is --lr A:B, --w0 A:B (one parameter) or an entry P=A:B of --w0\n"
                "(the others fixed: --w0 a=0:1,b=2); the first axis is the one given first,\n"
                "the second axis makes the rows.  Linear points are exact, A + (B-A)i/(N-1),\n"
                "rounded once into the mode; log points A (B/A)^(i/(N-1)) are correctly\n"
                "rounded in the mode (float modes only).\n");
    else
        fprintf(f,
                "usage: gdtrace [run] [options]\n"
                "       gdtrace compare [options]     (gdtrace compare --help)\n"
                "       gdtrace analyze [options]     (gdtrace analyze --help)\n"
                "       gdtrace sweep [options]       (gdtrace sweep --help)\n"
                "       gdtrace merge PART...         (gdtrace merge --help)\n"
                "\n"
                "Run gradient descent w = w - lr*grad(w) on a loss of one or more parameters\n"
                "with the loop of the PyTorch notes, exactly (GMP), correctly rounded (MPFR),\n"
                "in an IEEE format bit for bit, or in machine integers, printing every step in\n"
                "full: stop when the gradient is exactly zero or after max-iter updates.\n");
    fprintf(f, "\noptions:\n");
    for (i = 0; i < NOPTIONS; i++) {
        char left[32];
        if (!(options[i].cmds & cmd))
            continue;
        snprintf(left, sizeof left, "--%s%s%s", options[i].name,
                 options[i].arg ? " " : "", options[i].arg ? options[i].arg : "");
        fprintf(f, "  %-*s", HELP_COLUMN - 2, left);
        put_help(f, &options[i], cmd);
    }
    put_modes_help(f);
    put_funcs_help(f);
    fprintf(f,
            "\n"
            "exit status: 0 done, 1 the run failed (division by zero, write error),\n"
            "2 bad usage.  See gdtrace(1).\n");
}

/* One-line usage error naming the option. */
int
cli_bad_option(const char *opt, const char *fmt, const char *value)
{
    fprintf(stderr, "%s: --%s: ", progname, opt);
    fprintf(stderr, fmt, value);
    fputc('\n', stderr);
    return EXIT_USAGE;
}

/* 1 when TEXT, whose exact value is Q, is a zero written with a minus
   ("-0", "-0.0"): the float modes take it as -0, as Python's float('-0'). */
static int
is_neg0(const char *text, const mpq_t q)
{
    return text[0] == '-' && mpq_sgn(q) == 0;
}

/* An exact number for --lr and --w0. */
static int
parse_number(mpq_t r, const char *opt, const char *s)
{
    size_t end;

    switch (gdt_q_parse(r, s, &end)) {
    case GDT_OK:
        return 0;
    case GDT_ERANGE:
        return cli_bad_option(opt, "'%s' has an exponent beyond +-1000000", s);
    case GDT_EDIVZERO:
        return cli_bad_option(opt, "'%s' divides by zero", s);
    default:
        return cli_bad_option(opt, "'%s' is not a number", s);
    }
}

int
cli_parse_number(mpq_t r, const char *opt, const char *s)
{
    return parse_number(r, opt, s);
}

/* A whole number in [MIN, MAX], written in decimal (1e6 is allowed). */
static int
parse_whole(unsigned long *r, const char *opt, const char *s, unsigned long min,
            unsigned long max)
{
    mpq_t q;
    size_t end;
    int rc = 0;

    mpq_init(q);
    if (gdt_q_parse(q, s, &end) != GDT_OK || mpz_cmp_ui(mpq_denref(q), 1) != 0)
        rc = cli_bad_option(opt, "'%s' is not a whole number", s);
    else if (mpq_sgn(q) < 0 || mpz_cmp_ui(mpq_numref(q), min) < 0) {
        fprintf(stderr, "%s: --%s: '%s' is too small (at least %lu)\n", progname, opt, s, min);
        rc = EXIT_USAGE;
    } else if (mpz_cmp_ui(mpq_numref(q), max) > 0) {
        fprintf(stderr, "%s: --%s: '%s' is too large (at most %lu)\n", progname, opt, s, max);
        rc = EXIT_USAGE;
    } else {
        *r = mpz_get_ui(mpq_numref(q));
    }
    mpq_clear(q);
    return rc;
}

static int
parse_digits(gdt_numfmt *f, const char *s)
{
    unsigned long n;

    f->python = 0;
    if (strcmp(s, "shortest") == 0) {
        f->kind = GDT_DIGITS_SHORTEST;
        return 0;
    }
    if (strcmp(s, "exact") == 0) {
        f->kind = GDT_DIGITS_EXACT;
        return 0;
    }
    if (strcmp(s, "hex") == 0) {
        f->kind = GDT_DIGITS_HEX;
        return 0;
    }
    if (s[0] < '0' || s[0] > '9')
        return cli_bad_option("digits", "'%s' is not shortest, exact, hex or a number of digits", s);
    if (parse_whole(&n, "digits", s, 1, 10000) != 0)
        return EXIT_USAGE;
    f->kind = GDT_DIGITS_N;
    f->n = (int)n;
    return 0;
}

static int
parse_round(mpfr_rnd_t *rnd, const char *s)
{
    static const struct { const char *name; mpfr_rnd_t rnd; } names[] = {
        { "N", MPFR_RNDN }, { "Z", MPFR_RNDZ }, { "U", MPFR_RNDU },
        { "D", MPFR_RNDD }, { "A", MPFR_RNDA },
    };
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(s, names[i].name) == 0) {
            *rnd = names[i].rnd;
            return 0;
        }
    return cli_bad_option("round", "'%s' is not one of N, Z, U, D, A", s);
}

static const struct option_def *
find_option(const char *name, size_t len)
{
    size_t i;

    for (i = 0; i < NOPTIONS; i++)
        if (strlen(options[i].name) == len && strncmp(options[i].name, name, len) == 0)
            return &options[i];
    return NULL;
}

static const char *
cmd_name(int cmd)
{
    return cmd == CMD_COMPARE ? "compare" : cmd == CMD_ANALYZE ? "analyze"
           : cmd == CMD_SWEEP ? "sweep" : "run";
}

/* Read argv into S->set[]: [run|compare|analyze] --name value, --name=value, -h. */
int
cli_read_args(struct settings *s, int argc, char **argv, int *help, int *version)
{
    int i = 1;

    s->cmd = CMD_RUN;
    mpq_init(s->escape); /* cleared by cli_settings_free */
    if (i < argc && argv[i][0] != '-') {
        if (strcmp(argv[i], "compare") == 0)
            s->cmd = CMD_COMPARE;
        else if (strcmp(argv[i], "analyze") == 0)
            s->cmd = CMD_ANALYZE;
        else if (strcmp(argv[i], "sweep") == 0)
            s->cmd = CMD_SWEEP;
        else if (strcmp(argv[i], "run") != 0) {
            fprintf(stderr, "%s: unknown command '%s' (the commands are run, compare, analyze, sweep and merge)\n",
                    progname, argv[i]);
            return EXIT_USAGE;
        }
        i++;
    }
    for (; i < argc; i++) {
        const char *a = argv[i], *eq, *value = NULL;
        const struct option_def *o;

        if (strcmp(a, "-h") == 0) {
            *help = 1;
            continue;
        }
        if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
            fprintf(stderr, "%s: unexpected argument '%s' (options start with --; see --help)\n",
                    progname, a);
            return EXIT_USAGE;
        }
        eq = strchr(a + 2, '=');
        o = find_option(a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
        if (o == NULL) {
            fprintf(stderr, "%s: unknown option '%.*s' (see --help)\n", progname,
                    eq ? (int)(eq - a) : (int)strlen(a), a);
            return EXIT_USAGE;
        }
        if (!(o->cmds & s->cmd)) {
            fprintf(stderr, "%s: --%s: is not an option of 'gdtrace %s' (see gdtrace %s --help)\n",
                    progname, o->name, cmd_name(s->cmd), cmd_name(s->cmd));
            return EXIT_USAGE;
        }
        if (o->arg == NULL) {
            if (eq)
                return cli_bad_option(o->name, "takes no value, got '%s'", eq + 1);
            if (o->id == OPT_HELP)
                *help = 1;
            else if (o->id == OPT_VERSION)
                *version = 1;
            else { /* a flag: set, its value its name */
                s->set[o->id] = o->name;
                s->argpos[o->id] = i;
            }
            continue;
        }
        if (eq)
            value = eq + 1;
        else if (i + 1 < argc)
            value = argv[++i];
        else
            return cli_bad_option(o->name, "missing value (%s)", o->arg);
        s->set[o->id] = value;
        s->argpos[o->id] = i;
        if (o->id == OPT_GRAD) {
            if (s->ngrads == MAX_GRADS) {
                fprintf(stderr, "%s: --grad: more than %d given\n", progname, MAX_GRADS);
                return EXIT_USAGE;
            }
            s->grads[s->ngrads++] = value;
        }
    }
    return 0;
}

/* 0 when no entry of V, the comma-separated list of option OPT, is empty
   or blank: "a,,b", ",a" and "a," are usage errors naming the entry. */
static int
check_list(const char *opt, const char *v)
{
    const char *p = v, *comma;
    size_t k, n, i;

    for (k = 1;; k++) {
        comma = strchr(p, ',');
        n = comma != NULL ? (size_t)(comma - p) : strlen(p);
        for (i = 0; i < n && (p[i] == ' ' || p[i] == '\t'); i++)
            ;
        if (i == n) {
            fprintf(stderr, "%s: --%s: entry %zu of '%s' is empty\n", progname, opt, k, v);
            return EXIT_USAGE;
        }
        if (comma == NULL)
            return 0;
        p = comma + 1;
    }
}

/* Split --modes at its commas into S->modes, each a known mode, no empty
   entry, no mode twice (an alias is its mode: binary64 and double are
   one). */
static int
parse_modes(struct settings *s, const char *v)
{
    char *p, *save = NULL;
    size_t i;
    int rc;

    if (v[0] == '\0')
        return cli_bad_option("modes", "'%s' names no mode", v);
    if ((rc = check_list("modes", v)) != 0)
        return rc;
    s->modes_copy = strdup(v);
    if (s->modes_copy == NULL)
        return EXIT_RUN;
    for (p = strtok_r(s->modes_copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        if (gdt_mode_class_of(p) < 0) {
            fprintf(stderr, "%s: --modes: '%s' is not a mode (%s)\n", progname, p,
                    gdt_mode_names((char[GDT_MODE_NAMES_SIZE]){ 0 }));
            return EXIT_USAGE;
        }
        for (i = 0; i < s->nmodes; i++) {
            if (strcmp(s->modes[i], p) == 0)
                return cli_bad_option("modes", "'%s' is named twice", p);
            if (strcmp(gdt_mode_canonical(s->modes[i]), gdt_mode_canonical(p)) == 0) {
                fprintf(stderr, "%s: --modes: '%s' and '%s' are the same mode (%s)\n",
                        progname, s->modes[i], p, gdt_mode_canonical(p));
                return EXIT_USAGE;
            }
        }
        if (s->nmodes == MAX_MODES) {
            fprintf(stderr, "%s: --modes: more than %d modes\n", progname, MAX_MODES);
            return EXIT_USAGE;
        }
        s->modes[s->nmodes++] = p;
    }
    return 0;
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
columns_hint(char *buf, size_t size, const struct settings *s, const gdt_problem *p)
{
    size_t i, len;

    buf[0] = '\0';
    if (p->columns == NULL)
        return buf;
    len = (size_t)snprintf(buf, size, " (the columns of %s are ", s->set[OPT_DATA]);
    for (i = 0; i < p->columns->n && len + 1 < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
                                p->columns->name[i]);
    if (len + 2 < size)
        strcat(buf, ")");
    return buf;
}

/* Split PIECE, a NAME=X entry of --OPT, at its '=': PIECE becomes NAME
   and *VALUE points at X, blanks around them dropped; the index of the parameter NAME of P, or -1 after
   the message (not a parameter; NAMES lists them). */
static int
split_named(const char *opt, char *piece, const gdt_problem *p, const char *names,
            const char **value)
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
        fprintf(stderr, "%s: --%s: '%s' is not a parameter of the loss (%s)\n", progname, opt,
                name, names);
    return k;
}

/* --w0 for the problem's parameters: "X" (one parameter) or "a=X,b=Y". */
int
cli_parse_w0(struct settings *s, const gdt_problem *p)
{
    char names[256], hint[512], *piece, *save = NULL;
    size_t i;
    int rc;

    s->w0_q = malloc((p->n + 1) * sizeof *s->w0_q);
    s->w0_texts = calloc(p->n + 1, sizeof *s->w0_texts);
    s->w0_neg0 = calloc(p->n + 1, 1);
    if (s->w0_q == NULL || s->w0_texts == NULL || s->w0_neg0 == NULL)
        return EXIT_RUN;
    for (i = 0; i < p->n; i++)
        mpq_init(s->w0_q[i]);
    s->nw0 = p->n;
    list_params(names, sizeof names, p);
    if (strchr(s->w0, '=') == NULL) {
        if (p->n != 1) {
            fprintf(stderr, "%s: --w0: the loss has %zu parameters (%s): give each, as %s=X,...%s\n",
                    progname, p->n, names, p->params.name[0],
                    columns_hint(hint, sizeof hint, s, p));
            return EXIT_USAGE;
        }
        s->w0_texts[0] = s->w0;
        if (cli_is_axis(s, s->w0))
            return 0;
        if ((rc = parse_number(s->w0_q[0], "w0", s->w0)) != 0)
            return rc;
        s->w0_neg0[0] = (unsigned char)is_neg0(s->w0, s->w0_q[0]);
        return 0;
    }
    if ((rc = check_list("w0", s->w0)) != 0)
        return rc;
    s->w0_copy = strdup(s->w0);
    if (s->w0_copy == NULL)
        return EXIT_RUN;
    for (piece = strtok_r(s->w0_copy, ",", &save); piece;
         piece = strtok_r(NULL, ",", &save)) {
        const char *value;
        int k;

        if (strchr(piece, '=') == NULL)
            return cli_bad_option("w0", "'%s' is not NAME=X", piece);
        if ((k = split_named("w0", piece, p, names, &value)) < 0)
            return EXIT_USAGE;
        if (s->w0_texts[k] != NULL)
            return cli_bad_option("w0", "'%s' is given twice", piece);
        s->w0_texts[k] = value;
        if (cli_is_axis(s, s->w0_texts[k]))
            continue;
        if ((rc = parse_number(s->w0_q[k], "w0", s->w0_texts[k])) != 0)
            return rc;
        s->w0_neg0[k] = (unsigned char)is_neg0(s->w0_texts[k], s->w0_q[k]);
    }
    for (i = 0; i < p->n; i++)
        if (s->w0_texts[i] == NULL) {
            fprintf(stderr, "%s: --w0: no starting value for '%s'%s\n", progname,
                    p->params.name[i], columns_hint(hint, sizeof hint, s, p));
            return EXIT_USAGE;
        }
    return 0;
}

/* --lr as a list for the problem's parameters: "a=X,b=Y" (every parameter
   named) or "X,b=Y" (X for those not named, as torch's parameter groups
   take the optimizer's lr); in a sweep an entry may be an axis, P=A:B
   (its text kept in S->lr_texts, its value 0).  Learning rates all
   equal are kept as one (S->lrs_q NULL, S->lr the first's text), so that
   such a run is the run of that one lr, byte for byte. */
int
cli_parse_lr(struct settings *s, const gdt_problem *p)
{
    char names[256], *piece, *save = NULL;
    const char *dflt = NULL, *value;
    mpq_t dq;
    size_t i;
    int rc = 0, same = 1, k;

    if (strchr(s->lr, '=') == NULL && strchr(s->lr, ',') == NULL)
        return 0; /* one lr, or a sweep's axis of it (cmd_sweep.c) */
    s->lrs_q = malloc((p->n + 1) * sizeof *s->lrs_q);
    s->lr_texts = calloc(p->n + 1, sizeof *s->lr_texts);
    s->lrs_neg0 = calloc(p->n + 1, 1);
    s->lr_copy = strdup(s->lr);
    if (s->lrs_q == NULL || s->lr_texts == NULL || s->lrs_neg0 == NULL || s->lr_copy == NULL)
        return EXIT_RUN;
    for (i = 0; i < p->n; i++)
        mpq_init(s->lrs_q[i]);
    s->nlr = p->n;
    if ((rc = check_list("lr", s->lr)) != 0)
        return rc;
    list_params(names, sizeof names, p);
    mpq_init(dq);
    for (piece = strtok_r(s->lr_copy, ",", &save); piece && rc == 0;
         piece = strtok_r(NULL, ",", &save)) {
        if (strchr(piece, '=') == NULL) { /* the default */
            while (*piece == ' ')
                piece++;
            if (dflt != NULL)
                rc = cli_bad_option("lr", "'%s' is a second default (one plain X; name the "
                                    "others, P=X)", piece);
            else if (cli_is_axis(s, piece))
                rc = cli_bad_option("lr", "'%s': an axis of one parameter's learning rate "
                                    "names it (P=A:B)", piece);
            else if ((rc = parse_number(dq, "lr", piece)) == 0)
                dflt = piece;
            continue;
        }
        if ((k = split_named("lr", piece, p, names, &value)) < 0)
            rc = EXIT_USAGE;
        else if (s->lr_texts[k] != NULL)
            rc = cli_bad_option("lr", "'%s' is given twice", piece);
        else if (cli_is_axis(s, value)) { /* a sweep's axis (cmd_sweep.c) */
            s->lr_texts[k] = value;
            same = 0;
        } else if ((rc = parse_number(s->lrs_q[k], "lr", value)) == 0) {
            s->lr_texts[k] = value;
            s->lrs_neg0[k] = (unsigned char)is_neg0(value, s->lrs_q[k]);
        }
    }
    for (i = 0; i < p->n && rc == 0; i++) {
        if (s->lr_texts[i] == NULL && dflt == NULL) {
            fprintf(stderr, "%s: --lr: no learning rate for '%s' (name every parameter, or "
                            "give one for the rest: --lr X,%s=Y)\n", progname,
                    p->params.name[i], p->params.name[i == 0 && p->n > 1 ? 1 : 0]);
            rc = EXIT_USAGE;
        } else if (s->lr_texts[i] == NULL) {
            s->lr_texts[i] = dflt;
            mpq_set(s->lrs_q[i], dq);
            s->lrs_neg0[i] = (unsigned char)is_neg0(dflt, dq);
        }
        if (rc == 0 && (!mpq_equal(s->lrs_q[i], s->lrs_q[0])
                        || s->lrs_neg0[i] != s->lrs_neg0[0]))
            same = 0;
    }
    mpq_clear(dq);
    if (rc != 0)
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
    return 0;
}

/* 1 when some mode of S is of class CLS. */
static int
has_class(const struct settings *s, gdt_mode_class cls)
{
    size_t i;

    for (i = 0; i < s->nmodes; i++)
        if (gdt_mode_class_of(s->modes[i]) == (int)cls)
            return 1;
    return 0;
}

/* An expression given as @FILE: the file's text (at most 16 MiB, one
   final newline dropped), for expressions too long for a command line. */
static int
read_at_file(struct settings *s, const char *opt, const char **text)
{
    const char *path = *text + 1;
    FILE *f;
    char *buf;
    size_t n, cap = 16u << 20;

    if ((*text)[0] != '@')
        return 0;
    f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "%s: --%s: %s: %s\n", progname, opt, path, strerror(errno));
        return EXIT_USAGE;
    }
    buf = malloc(cap + 1);
    if (buf == NULL) {
        fclose(f);
        return EXIT_RUN;
    }
    errno = 0;
    n = fread(buf, 1, cap + 1, f);
    if (ferror(f)) { /* a directory ("@."): EISDIR */
        int e = errno;
        fclose(f);
        free(buf);
        fprintf(stderr, "%s: --%s: %s: %s\n", progname, opt, path,
                e != 0 ? strerror(e) : "read error");
        return EXIT_USAGE;
    }
    fclose(f);
    if (n > cap) {
        free(buf);
        fprintf(stderr, "%s: --%s: %s: larger than 16 MiB\n", progname, opt, path);
        return EXIT_USAGE;
    }
    if (memchr(buf, '\0', n) != NULL) {
        free(buf);
        fprintf(stderr, "%s: --%s: %s: holds a NUL byte\n", progname, opt, path);
        return EXIT_USAGE;
    }
    if (n > 0 && buf[n - 1] == '\n')
        n--;
    buf[n] = '\0';
    s->texts[s->ntexts++] = buf;
    *text = buf;
    return 0;
}

static int
set_loss(struct settings *s, const char *v)
{
    s->loss = v;
    return read_at_file(s, "loss", &s->loss);
}

/* every --grad, each perhaps @FILE */
static int
set_grad(struct settings *s, const char *v)
{
    size_t i;
    int rc;

    (void)v;
    for (i = 0; i < s->ngrads; i++)
        if ((rc = read_at_file(s, "grad", &s->grads[i])) != 0)
            return rc;
    return 0;
}

static int
set_lr(struct settings *s, const char *v)
{
    int rc;

    s->lr = v;
    if (cli_is_axis(s, v)) /* read with the other axes (cmd_sweep.c) */
        return 0;
    if (strchr(v, '=') != NULL || strchr(v, ',') != NULL)
        return 0; /* per parameter: read once they are known (cli_parse_lr) */
    if ((rc = parse_number(s->lr_q, "lr", v)) != 0)
        return rc;
    s->lr_neg0 = is_neg0(v, s->lr_q);
    return 0;
}

static int
set_w0(struct settings *s, const char *v)
{
    s->w0 = v; /* read once the parameters are known (cli_parse_w0) */
    return 0;
}

static int
set_max_iter(struct settings *s, const char *v)
{
    return parse_whole(&s->max_iter, "max-iter", v, 0, ULONG_MAX - 1);
}

static int
set_mode(struct settings *s, const char *v)
{
    s->modes[0] = v;
    s->nmodes = 1;
    if (gdt_mode_class_of(v) < 0) {
        fprintf(stderr, "%s: --mode: '%s' is not a mode (%s)\n", progname, v,
                gdt_mode_names((char[GDT_MODE_NAMES_SIZE]){ 0 }));
        return EXIT_USAGE;
    }
    return 0;
}

static int
set_modes(struct settings *s, const char *v)
{
    return parse_modes(s, v);
}

static int
set_ref(struct settings *s, const char *v)
{
    size_t i;

    for (i = 0; i < s->nmodes && (gdt_mode_class_of(v) < 0
                                  || strcmp(gdt_mode_canonical(s->modes[i]),
                                            gdt_mode_canonical(v)) != 0); i++)
        ;
    if (i == s->nmodes)
        return cli_bad_option("ref", "'%s' is not one of --modes", v);
    s->ref = i;
    return 0;
}

static int
set_prec(struct settings *s, const char *v)
{
    unsigned long p;
    int rc;

    if (s->set[OPT_PREC] != NULL && !has_class(s, GDT_MODE_MPFR))
        return cli_bad_option("prec", "%s", "applies to mode mpfr only");
    if ((rc = parse_whole(&p, "prec", v, 1, 16777216)) != 0)
        return rc;
    s->prec = (long)p;
    return 0;
}

static int
set_round(struct settings *s, const char *v)
{
    int rc;

    if (s->set[OPT_ROUND] != NULL && !has_class(s, GDT_MODE_MPFR)
        && !has_class(s, GDT_MODE_IEEE) && !has_class(s, GDT_MODE_NATIVE))
        return cli_bad_option("round", "%s", "applies to the float modes only (exact and integers never round)");
    if ((rc = parse_round(&s->rnd, v)) != 0)
        return rc;
    if (s->rnd == MPFR_RNDA && has_class(s, GDT_MODE_NATIVE))
        return cli_bad_option("round", "'%s': the native modes have no rounding away from zero", v);
    return 0;
}

static int
set_update(struct settings *s, const char *v)
{
    if (strcmp(v, "fma") == 0)
        s->update = GDT_UPDATE_FMA;
    else if (strcmp(v, "sub") == 0)
        s->update = GDT_UPDATE_SUB;
    else
        return cli_bad_option("update", "'%s' is not sub or fma", v);
    return 0;
}

static int
set_kinks(struct settings *s, const char *v)
{
    if (strcmp(v, "error") == 0)
        s->kinks = GDT_KINKS_ERROR;
    else if (strcmp(v, "torch") == 0)
        s->kinks = GDT_KINKS_TORCH;
    else
        return cli_bad_option("kinks", "'%s' is not error or torch", v);
    return 0;
}

static int
set_plot_y(struct settings *s, const char *v)
{
    if (strcmp(v, "error") == 0)
        s->plot_y = GDT_PLOT_Y_ERROR;
    else if (strcmp(v, "distance") == 0)
        s->plot_y = GDT_PLOT_Y_DISTANCE;
    else
        return cli_bad_option("plot-y", "'%s' is not error or distance", v);
    return 0;
}

/* WxH, each 100 to 10000 */
static int
set_plot_size(struct settings *s, const char *v)
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
            return cli_bad_option("plot-size", "'%s': each side must be 100 to 10000", v);
        p = end;
        if (i == 0 && *p++ != 'x')
            break;
    }
    if (i < 2 || *p != '\0')
        return cli_bad_option("plot-size", "'%s' is not WIDTHxHEIGHT, such as 1200x900", v);
    return 0;
}

/* "none" (also "max-iter"), or a list of grad-zero, cycle, stall and
   nonfinite */
static int
set_stop(struct settings *s, const char *v)
{
    const char *p = v;

    s->stop_on_zero = 0;
    s->detect_cycles = 0;
    s->stop_on_stall = 0;
    s->stop_on_nonfinite = 0;
    if (strcmp(v, "none") == 0 || strcmp(v, "max-iter") == 0)
        return 0;
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
            return cli_bad_option("stop", "'%s' is not a list of grad-zero, cycle, stall and nonfinite, or none", v);
        if (p[len] == '\0')
            return 0;
        p += len + 1;
    }
}

/* After --format: a layout of the text only. */
static int
set_layout(struct settings *s, const char *v)
{
    if (strcmp(v, "wide") == 0)
        s->layout = GDT_LAYOUT_WIDE;
    else if (strcmp(v, "long") == 0)
        s->layout = GDT_LAYOUT_LONG;
    else
        return cli_bad_option("layout", "'%s' is not wide or long", v);
    if (s->set[OPT_LAYOUT] != NULL && s->format != GDT_FORMAT_TEXT)
        return cli_bad_option("layout", "'%s' is a layout of --format text; csv and jsonl have one", v);
    return 0;
}

static int
set_format(struct settings *s, const char *v)
{
    int f = gdt_format_from_str(v);

    if (f < 0)
        return cli_bad_option("format", "'%s' is not a format (text, python, csv, jsonl)", v);
    s->format = (gdt_format)f;
    if (s->cmd == CMD_COMPARE && s->format == GDT_FORMAT_PYTHON)
        return cli_bad_option("format", "'%s' is for runs; compare prints text, csv or jsonl", v);
    if (s->cmd == CMD_ANALYZE && (s->format == GDT_FORMAT_PYTHON || s->format == GDT_FORMAT_CSV))
        return cli_bad_option("format", "'%s' is not for analyze, which prints text or jsonl", v);
    if (s->cmd == CMD_SWEEP && s->format != GDT_FORMAT_CSV && s->format != GDT_FORMAT_JSONL)
        return cli_bad_option("format", "'%s' is not for sweep, which writes csv or jsonl", v);
    return 0;
}

static int
set_digits(struct settings *s, const char *v)
{
    int rc;

    if ((rc = parse_digits(&s->numfmt, v)) != 0)
        return rc;
    if (s->format == GDT_FORMAT_PYTHON && s->numfmt.kind != GDT_DIGITS_SHORTEST)
        return cli_bad_option("digits", "'%s' does not apply to --format python, which prints Python's repr", v);
    if (s->format == GDT_FORMAT_JSONL && s->numfmt.kind == GDT_DIGITS_N && s->cmd != CMD_ANALYZE)
        return cli_bad_option("digits", "'%s' would round values, and jsonl values are never rounded", v);
    if (s->numfmt.kind == GDT_DIGITS_HEX
        && (has_class(s, GDT_MODE_EXACT) || has_class(s, GDT_MODE_INT)))
        return cli_bad_option("digits", "'%s' is for float modes; exact and integer values have no hex form", v);
    return 0;
}

static int
set_at(struct settings *s, const char *v)
{
    int rc;

    if ((rc = parse_whole(&s->at, "at", v, 0, ULONG_MAX - 1)) != 0)
        return rc;
    s->has_at = 1;
    if (s->cmd == CMD_RUN && strcmp(s->modes[0], "exact") != 0)
        return cli_bad_option("at", "'%s' computes the exact state: it needs --mode exact", v);
    if (s->cmd == CMD_RUN && s->format == GDT_FORMAT_PYTHON)
        return cli_bad_option("at", "'%s' prints one step, not the notes' list: use text, csv or jsonl", v);
    if (s->cmd == CMD_RUN && s->set[OPT_RESUME] != NULL)
        return cli_bad_option("at", "'%s' computes one step and continues no file (--resume)", v);
    return 0;
}

static int
set_every(struct settings *s, const char *v)
{
    int rc;

    if ((rc = parse_whole(&s->every, "every", v, 0, ULONG_MAX)) != 0)
        return rc;
    if (s->every == 0 && s->format == GDT_FORMAT_PYTHON)
        return cli_bad_option("every", "'%s' prints no step, and python prints the list of the printed steps' w", v);
    if (s->every == 0 && s->format == GDT_FORMAT_CSV)
        return cli_bad_option("every", "'%s' prints no step, and csv has no summary (give --format jsonl or text)", v);
    return 0;
}

/* Only checked here; read once the parameters are known (cli_parse_fields). */
static int
set_fields(struct settings *s, const char *v)
{
    if (s->format == GDT_FORMAT_PYTHON)
        return cli_bad_option("fields", "'%s' does not apply to --format python, which prints the list of w", v);
    if (v[0] == '\0')
        return cli_bad_option("fields", "'%s' names no field", v);
    return check_list("fields", v);
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
int
cli_parse_fields(struct settings *s, const gdt_problem *p)
{
    const char *v = s->set[OPT_FIELDS], *q;
    size_t i, len, nf = GDT_FIELD_LOSS(p->n) + 1;
    unsigned char *one;
    char names[512];

    if (v == NULL || s->cmd != CMD_RUN)
        return 0;
    s->fields = calloc(nf, 1);
    one = calloc(nf, 1);
    if (s->fields == NULL || one == NULL) {
        free(one);
        return EXIT_RUN;
    }
    for (q = v;;) {
        while (*q == ' ')
            q++;
        len = strcspn(q, ",");
        while (len > 0 && q[len - 1] == ' ')
            len--;
        memset(one, 0, nf);
        if (!field_flags(one, p, q, len)) {
            field_names(names, sizeof names, p);
            fprintf(stderr, "%s: --fields: '%.*s' is not a field (%s)\n", progname, (int)len, q,
                    names);
            free(one);
            return EXIT_USAGE;
        }
        for (i = 0; i < nf; i++) {
            if (one[i] && s->fields[i]) {
                fprintf(stderr, "%s: --fields: '%.*s' names a field named before it\n",
                        progname, (int)len, q);
                free(one);
                return EXIT_USAGE;
            }
            s->fields[i] |= one[i];
        }
        q += strcspn(q, ",");
        if (*q++ == '\0')
            break;
    }
    free(one);
    return 0;
}

int
cli_is_axis(const struct settings *s, const char *text)
{
    return s->cmd == CMD_SWEEP && strchr(text, ':') != NULL;
}

/* --grid N or NxM: each at least 1, at most 2^31 points in all */
static int
set_grid(struct settings *s, const char *v)
{
    const unsigned long max = 1UL << 31;
    const char *x = strchr(v, 'x');
    char first[64];
    size_t len = x != NULL ? (size_t)(x - v) : strlen(v);

    if (len >= sizeof first)
        return cli_bad_option("grid", "'%s' is not N or NxM", v);
    memcpy(first, v, len);
    first[len] = '\0';
    s->ngrid = x != NULL ? 2 : 1;
    if (parse_whole(&s->grid[0], "grid", first, 1, max) != 0)
        return EXIT_USAGE;
    if (x != NULL && parse_whole(&s->grid[1], "grid", x + 1, 1, max) != 0)
        return EXIT_USAGE;
    if (x != NULL && s->grid[0] > max / s->grid[1])
        return cli_bad_option("grid", "'%s' has more than 2^31 points", v);
    return 0;
}

/* --scale lin|log, or one per axis: lin,log */
static int
set_scale(struct settings *s, const char *v)
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
        if (p[len] == '\0')
            return 0;
        p += len + 1;
    }
    return cli_bad_option("scale", "'%s' is not lin, log or one of them per axis (lin,log)", v);
}

static int
set_escape(struct settings *s, const char *v)
{
    if (parse_number(s->escape, "escape", v) != 0)
        return EXIT_USAGE;
    if (mpq_sgn(s->escape) <= 0)
        return cli_bad_option("escape", "'%s' is not positive", v);
    return 0;
}

static int
set_threads(struct settings *s, const char *v)
{
    return parse_whole(&s->threads, "threads", v, 1, 1024);
}

/* --shard K/N: 1 <= K <= N <= 2^31 */
static int
set_shard(struct settings *s, const char *v)
{
    const char *slash = strchr(v, '/');
    char *end;
    unsigned long k, n;

    if (slash == NULL || v[0] < '0' || v[0] > '9' || slash[1] < '0' || slash[1] > '9')
        return cli_bad_option("shard", "'%s' is not K/N (part K of N, 1 <= K <= N)", v);
    errno = 0;
    k = strtoul(v, &end, 10);
    if (end != slash || errno != 0)
        return cli_bad_option("shard", "'%s' is not K/N (part K of N, 1 <= K <= N)", v);
    n = strtoul(slash + 1, &end, 10);
    if (*end != '\0' || errno != 0)
        return cli_bad_option("shard", "'%s' is not K/N (part K of N, 1 <= K <= N)", v);
    if (n < 1 || n > (1UL << 31))
        return cli_bad_option("shard", "'%s': N, the number of parts, is from 1 to 2^31", v);
    if (k < 1 || k > n)
        return cli_bad_option("shard", "'%s': K, the part, is from 1 to N", v);
    s->shard[0] = k;
    s->shard[1] = n;
    return 0;
}

static int
set_max_bits(struct settings *s, const char *v)
{
    return parse_whole(&s->max_bits, "max-bits", v, 0, 1UL << 40);
}

static int
set_max_degree(struct settings *s, const char *v)
{
    return parse_whole(&s->roots.max_degree, "max-degree", v, 0, GDT_POLY_MAX_DEGREE);
}

static int
set_max_coeff_bits(struct settings *s, const char *v)
{
    return parse_whole(&s->roots.max_coeff_bits, "max-coeff-bits", v, 0, 1UL << 40);
}

/* The order the options are set in: each after those its setter reads
   (modes before prec, round, digits, at; format before digits, every,
   fields, at), and
   it decides which of two bad values is reported. */
static const enum opt_id check_order[] = {
    OPT_LOSS, OPT_GRAD, OPT_DATA, OPT_LR, OPT_W0, OPT_MAX_ITER, OPT_MODE, OPT_MODES, OPT_REF,
    OPT_PREC, OPT_ROUND, OPT_MAX_BITS, OPT_MAX_DEGREE, OPT_MAX_COEFF_BITS, OPT_STOP, OPT_UPDATE, OPT_FORMAT, OPT_DIGITS, OPT_EVERY,
    OPT_FIELDS, OPT_AT, OPT_RESUME, OPT_PLOT, OPT_GRID, OPT_SCALE, OPT_ESCAPE, OPT_THREADS,
    OPT_NPY, OPT_PNG, OPT_SHARD, OPT_DIMENSION,
    OPT_PLOT_Y, OPT_PLOT_TITLE, OPT_PLOT_SIZE, OPT_LOG_X, OPT_PROGRESS, OPT_NO_PROGRESS,
    OPT_KINKS, OPT_LAYOUT, OPT_SHARPNESS, OPT_HELP, OPT_VERSION,
};
_Static_assert(sizeof check_order / sizeof check_order[0] == OPT_COUNT,
               "every option is set");

static const struct option_def *
find_id(enum opt_id id)
{
    size_t i;

    for (i = 0; options[i].id != id; i++)
        ;
    return &options[i];
}

/* Every option of the command, given or by default, through its setter. */
int
cli_check_settings(struct settings *s)
{
    size_t i;
    int rc;

    /* what the options of other commands leave: analyze has no --mode
       (--prec applies to its trajectory, in mpfr) and no --stop */
    if (s->cmd == CMD_ANALYZE) {
        s->modes[0] = "mpfr";
        s->nmodes = 1;
    }
    s->stop_on_zero = 1;
    for (i = 0; i < NOPTIONS; i++) {
        const struct option_def *o = find_id(check_order[i]);
        const char *v = s->set[o->id];

        if (!(o->cmds & s->cmd) || o->set == NULL)
            continue;
        if (v == NULL)
            v = s->cmd == CMD_ANALYZE && o->analyze_def != NULL ? o->analyze_def
                                                                : default_of(o, s->cmd);
        if (v == NULL && o->id != OPT_GRAD)
            continue;
        if ((rc = o->set(s, v)) != 0)
            return rc;
    }
    return 0;
}

void
cli_settings_free(struct settings *s)
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
    mpq_clear(s->lr_q);
    mpq_clear(s->escape);
}

void
cli_session_opts(gdt_session_opts *o, const struct settings *s)
{
    o->loss = s->loss;
    o->grads = s->grads;
    o->ngrads = s->ngrads;
    o->data_path = s->set[OPT_DATA];
    o->mode = s->modes[0];
    o->prec = (mpfr_prec_t)s->prec;
    o->rnd = s->rnd;
    o->max_bits = (size_t)s->max_bits;
    o->update = s->update;
    o->lr = (const mpq_t *)&s->lr_q;
    o->lr_neg0 = s->lr_neg0;
    o->lrs = (const mpq_t *)s->lrs_q;
    o->lrs_neg0 = s->lrs_q != NULL ? s->lrs_neg0 : NULL;
    o->w0 = (const mpq_t *)s->w0_q;
    o->w0_neg0 = s->w0_neg0;
    o->max_iter = s->max_iter;
    o->stop_on_zero = s->stop_on_zero;
    o->detect_cycles = s->detect_cycles;
    o->stop_on_stall = s->stop_on_stall;
    o->stop_on_nonfinite = s->stop_on_nonfinite;
    o->stop = cli_run_opts.stop;
    o->kinks = s->kinks;
}

/* Only cli_read_args and cli_check_settings, for the option fuzzer (see
   cli.h). */
int
gdt_cli_check_args(int argc, char **argv)
{
    struct settings s;
    int help = 0, version = 0, rc;

    memset(&s, 0, sizeof s);
    mpq_init(s.lr_q);
    rc = cli_read_args(&s, argc, argv, &help, &version);
    if (rc == 0 && !help && !version)
        rc = cli_check_settings(&s);
    cli_settings_free(&s);
    return rc;
}
