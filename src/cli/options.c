/* options -- the command line as the option table's (name, value) pairs
   (src/opts reads them), its messages, and --help from that table */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/func.h"
#include "gdtrace/gd.h"
#include "gdtrace/mode.h"
#include "cli.h"
#include "cli_impl.h"

const char *progname = "gdtrace";

/* Where an option's help starts, after "  --name ARG". */
#define HELP_COLUMN 22
#define HELP_WIDTH 78
#define NBSP '\001'

/* TEXT in an option's help, its line breaks indented to the help's
   column. */
static void
put_help_text(FILE *f, const char *text)
{
    for (; *text; text++)
        if (*text == '\n')
            fprintf(f, "\n%*s", HELP_COLUMN, "");
        else
            fputc(*text, f);
}

/* The formats of command CMD, as its --help says them. */
static const char *
formats_help(int cmd)
{
    switch (cmd) {
    case GDT_CMD_COMPARE:
        return "text, csv or jsonl ";
    case GDT_CMD_ANALYZE:
        return "text or jsonl ";
    case GDT_CMD_SWEEP:
        return "csv or jsonl ";
    case GDT_CMD_ZOOM:
        return "text or jsonl ";
    default:
        return "text, python (pprint of the weights; run only), csv or jsonl\n";
    }
}

/* An option's help for command CMD, its lines after the first indented to
   its column: %D replaced by the command's default, %F by its formats, %R
   by the recipes of --modes (gdt_recipe_suffixes' table), and
   "; analyze: %A" by analyze's default in gdtrace's own help (run's, which
   lists every command), dropped in another command's, whose %D is its own
   default. */
static void
put_help(FILE *f, const gdt_opt_def *o, int cmd)
{
    static const char analyze_note[] = "; analyze: %A";
    const char *p;

    for (p = o->help; *p; p++) {
        if (cmd != GDT_CMD_RUN && strncmp(p, analyze_note, sizeof analyze_note - 1) == 0) {
            p += sizeof analyze_note - 2;
        } else if (p[0] == '%' && p[1] == 'D') {
            fputs(cmd == GDT_CMD_ANALYZE && o->analyze_def != NULL ? o->analyze_def
                                                                    : gdt_opts_default(o, cmd),
                  f);
            p++;
        } else if (p[0] == '%' && p[1] == 'A') {
            fputs(o->analyze_def, f);
            p++;
        } else if (p[0] == '%' && p[1] == 'R') {
            char names[256];
            put_help_text(f, gdt_recipe_suffixes(names, sizeof names));
            p++;
        } else if (p[0] == '%' && p[1] == 'F') {
            put_help_text(f, formats_help(cmd));
            p++;
        } else if (*p == '\n') {
            fprintf(f, "\n%*s", HELP_COLUMN, "");
        } else {
            fputc(*p, f);
        }
    }
    fputc('\n', f);
}

/* The options whose argument and help differ in a command: the axes of
   sweep, the interval of boundary, the centre of zoom, which have no
   default there. */
static const struct {
    int cmd;
    gdt_opt_id id;
    const char *arg, *help;
} command_help[] = {
    { GDT_CMD_SWEEP, GDT_OPT_LR, "X|[P=]A:B",
      "an axis A:B of learning rates (exact decimals; --grid,\n"
      "--scale), or P=A:B parameter P's; else fixed as in run:\n"
      "X or a=0.1,b=0.01 (default: %D)" },
    { GDT_CMD_SWEEP, GDT_OPT_W0, "X|[P=]A:B,...",
      "an axis A:B of starting points (one parameter), or an\n"
      "entry P=A:B of a=1,b=-0.5 (the others fixed); else fixed\n"
      "as in run (default: %D)" },
    { GDT_CMD_BOUNDARY, GDT_OPT_LR, "A:B",
      "the interval bisected, exact decimals whose outcomes\n"
      "differ (required)" },
    { GDT_CMD_BOUNDARY, GDT_OPT_DIGITS, "D",
      "the boundary's significant digits, every one proven\n"
      "(default: 17)" },
    { GDT_CMD_BOUNDARY, GDT_OPT_W0, "X|P=X,...",
      "starting point: a number (one parameter) or a=1,b=-0.5\n"
      "(default: %D)" },
    { GDT_CMD_ZOOM, GDT_OPT_LR, "X",
      "the centre of every frame, an exact decimal or p/q\n"
      "(required)" },
    { GDT_CMD_ZOOM, GDT_OPT_W0, "X|A:B",
      "starting point (default: %D), or A:B a second axis\n"
      "(--grid NxM)" },
};

/* O as command CMD's help shows it: O itself, or a copy in *OWN with
   the command's own argument and help. */
static const gdt_opt_def *
command_def(const gdt_opt_def *o, int cmd, gdt_opt_def *own)
{
    size_t i;

    for (i = 0; i < sizeof command_help / sizeof command_help[0]; i++)
        if (command_help[i].cmd == cmd && command_help[i].id == o->id) {
            *own = *o;
            own->arg = command_help[i].arg;
            own->help = command_help[i].help;
            return own;
        }
    return o;
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
                            GDT_CONST_DLOSS > 1 ? "s" : "");
    for (int i = 0; i < GDT_CONST_DLOSS && (name = gdt_const_name((gdt_const)i)) != NULL; i++)
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
    const gdt_opt_def *o;
    size_t i;

    if (cmd == GDT_CMD_ANALYZE)
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
    else if (cmd == GDT_CMD_COMPARE)
        fprintf(f,
                "usage: gdtrace compare [options]\n"
                "\n"
                "Run the same problem in several modes side by side and show, step by step,\n"
                "each mode's w, its relative error against the reference and its number of\n"
                "correct significant digits; then, per mode, the first step that differs\n"
                "from the reference, that has no correct digit left, that is subnormal,\n"
                "zero, infinite or nan, and how the mode stopped.\n");
    else if (cmd == GDT_CMD_BOUNDARY)
        fprintf(f,
                "usage: gdtrace boundary [options] --lr A:B [--digits D] [--on class]\n"
                "\n"
                "Find a learning rate in [A, B] at which the outcome of the exact-real run\n"
                "changes (bounded or diverged within max-iter; the ends must differ), by\n"
                "bisection on certified outcomes (sweep --certify's, one point at a time)\n"
                "until the interval's ends round to the same D significant digits\n"
                "(default 17), which the boundary between them then has: every digit\n"
                "printed is proven.  A point that --max-prec cannot decide ends it (exit\n"
                "2), never a wrong digit.  --on class: exactly where the class that\n"
                "analyze proves for a one-parameter quadratic (for all steps) changes.\n"
                "It reads a certified sweep's options, of which these apply:\n");
    else if (cmd == GDT_CMD_ZOOM)
        fprintf(f,
                "usage: gdtrace zoom [options] --lr X --from W0 (--to W1 | --factor F)\n"
                "                    [--frames N] [--png-dir DIR] [--plot FILE]\n"
                "\n"
                "A sequence of certified maps along the learning rate, centred on X: frame i\n"
                "is a certified sweep (sweep --certify's, the outcome of every point proven\n"
                "or undecided at --max-prec) of the window X -+ W_i/2, W_0 = W0, each frame\n"
                "narrower than the one before by the same factor: --factor F (W_i =\n"
                "W0 F^-i) or --to W1 (the last width), with --frames N, or --to with\n"
                "--factor (frames down to the first at or below W1).  64 points a frame\n"
                "(--grid N); --w0 A:B adds a second axis (then NxM).  A line per frame on\n"
                "standard output: its index, window, first precision and the points per\n"
                "outcome; --png-dir DIR writes each frame's map as DIR/frame-000.png, ...,\n"
                "and --plot FILE the frames stacked, a row each (one axis).\n");
    else if (cmd == GDT_CMD_SWEEP)
        fprintf(f,
                "usage: gdtrace sweep [options] --lr A:B | --w0 [P=]A:B  (one or two axes)\n"
                "       gdtrace boundary [options] --lr A:B [--digits D] [--on class]\n"
                "                              (gdtrace boundary --help)\n"
                "       gdtrace zoom [options] --lr X --from W0 ...  (gdtrace zoom --help)\n"
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
                "rounded in the mode (float modes only).  --certify proves each outcome;\n"
                "boundary bisects [A, B] on the proven outcome to D proven digits.\n");
    else
        fprintf(f,
                "usage: gdtrace [run] [options]\n"
                "       gdtrace compare [options]     (gdtrace compare --help)\n"
                "       gdtrace analyze [options]     (gdtrace analyze --help)\n"
                "       gdtrace sweep [options]       (gdtrace sweep --help)\n"
                "       gdtrace boundary [options]    (gdtrace boundary --help)\n"
                "       gdtrace zoom [options]        (gdtrace zoom --help)\n"
                "       gdtrace merge PART...         (gdtrace merge --help)\n"
                "       gdtrace serve [options]       (gdtrace serve --help)\n"
                "\n"
                "Run gradient descent w = w - lr*grad(w) on a loss of one or more parameters\n"
                "with the loop of the PyTorch notes, exactly (GMP), correctly rounded (MPFR),\n"
                "in an IEEE format bit for bit, or in machine integers, printing every step in\n"
                "full: stop when the gradient is exactly zero or after max-iter updates.\n");
    fprintf(f, "\noptions:\n");
    for (i = 0; (o = gdt_opts_def(i)) != NULL; i++) {
        char left[64];
        gdt_opt_def own;
        if (!(o->cmds & cmd))
            continue;
        o = command_def(o, cmd, &own);
        snprintf(left, sizeof left, "--%s%s%s", o->name, o->arg ? " " : "",
                 o->arg ? o->arg : "");
        if (strlen(left) > HELP_COLUMN - 3) /* no room for a space: a line of its own */
            fprintf(f, "  %s\n%*s", left, HELP_COLUMN, "");
        else
            fprintf(f, "  %-*s", HELP_COLUMN - 2, left);
        /* boundary's defaults are sweep's, whose options it reads */
        put_help(f, o, cmd == GDT_CMD_BOUNDARY ? GDT_CMD_SWEEP : cmd);
    }
    if (cmd != GDT_CMD_ANALYZE && cmd != GDT_CMD_BOUNDARY && cmd != GDT_CMD_ZOOM) /* no --mode */
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


/* An expression given as @FILE: the file's text (at most 16 MiB, one
   final newline dropped), for expressions too long for a command line. */
static int
read_at_file(gdt_opts *s, const char *opt, const char **text)
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
        return cli_opts_failed(s, GDT_ENOMEM, NULL);
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
    gdt_opts_own(s, buf);
    *text = buf;
    return 0;
}

/* One option given on the command line: its table entry, its value and
   its place. */
struct given {
    const gdt_opt_def *o;
    const char *value;
    int pos;
};

/* Read argv as (option, value) pairs into G (*N of them): [run|compare|
   analyze|sweep] --name value, --name=value, -h.  0, or EXIT_USAGE after
   the message. */
static int
read_argv(gdt_opts *s, struct given *g, size_t *n, int argc, char **argv, int *help,
          int *version)
{
    size_t ngrads = 0;
    int i = 1;

    s->cmd = GDT_CMD_RUN;
    if (i < argc && argv[i][0] != '-') {
        if (strcmp(argv[i], "compare") == 0)
            s->cmd = GDT_CMD_COMPARE;
        else if (strcmp(argv[i], "analyze") == 0)
            s->cmd = GDT_CMD_ANALYZE;
        else if (strcmp(argv[i], "sweep") == 0)
            s->cmd = GDT_CMD_SWEEP;
        else if (strcmp(argv[i], "boundary") == 0) {
            /* a certified sweep's options, bisected */
            s->cmd = GDT_CMD_SWEEP;
            s->boundary = s->certify = 1;
        }
        else if (strcmp(argv[i], "zoom") == 0) {
            /* a certified sweep's options, frame after frame */
            s->cmd = GDT_CMD_SWEEP;
            s->zoom = s->certify = 1;
        }
        else if (strcmp(argv[i], "run") != 0) {
            fprintf(stderr, "%s: unknown command '%s' (the commands are run, compare, analyze, sweep, boundary, zoom, merge and serve)\n",
                    progname, argv[i]);
            return EXIT_USAGE;
        }
        i++;
    }
    for (; i < argc; i++) {
        const char *a = argv[i], *eq, *value = NULL;
        const gdt_opt_def *o;

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
        o = gdt_opts_find(a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
        if (o == NULL) {
            fprintf(stderr, "%s: unknown option '%.*s' (see --help)\n", progname,
                    eq ? (int)(eq - a) : (int)strlen(a), a);
            return EXIT_USAGE;
        }
        if (!gdt_opts_takes(s, o)) {
            const char *cmd = gdt_opts_cmd_name(s->zoom       ? GDT_CMD_ZOOM
                                                : s->boundary ? GDT_CMD_BOUNDARY
                                                              : s->cmd);
            fprintf(stderr, "%s: --%s: is not an option of 'gdtrace %s' (see gdtrace %s --help)\n",
                    progname, o->name, cmd, cmd);
            return EXIT_USAGE;
        }
        if (o->arg == NULL) {
            if (eq)
                return cli_bad_option(o->name, "takes no value, got '%s'", eq + 1);
            if (o->id == GDT_OPT_HELP)
                *help = 1;
            else if (o->id == GDT_OPT_VERSION)
                *version = 1;
            else /* a flag: set, its value its name */
                g[(*n)++] = (struct given){ o, o->name, i };
            continue;
        }
        if (eq)
            value = eq + 1;
        else if (i + 1 < argc)
            value = argv[++i];
        else
            return cli_bad_option(o->name, "missing value (%s)", o->arg);
        if (o->id == GDT_OPT_GRAD && ngrads++ == GDT_OPTS_MAX_GRADS) {
            fprintf(stderr, "%s: --grad: more than %d given\n", progname, GDT_OPTS_MAX_GRADS);
            return EXIT_USAGE;
        }
        g[(*n)++] = (struct given){ o, value, i };
    }
    return 0;
}

int
cli_read_args(gdt_opts *s, int argc, char **argv, int *help, int *version)
{
    struct given *g = malloc(((size_t)argc + 1) * sizeof *g);
    gdt_error err;
    size_t i, n = 0, loss = SIZE_MAX;
    int rc;

    if (g == NULL)
        return cli_opts_failed(s, GDT_ENOMEM, NULL);
    gdt_error_clear(&err);
    rc = read_argv(s, g, &n, argc, argv, help, version);
    /* the expressions given as @FILE: the last --loss, then every --grad
       (not read for --help or --version) */
    if (*help || *version)
        n = 0;
    for (i = 0; i < n; i++)
        if (g[i].o->id == GDT_OPT_LOSS)
            loss = i;
    if (rc == 0 && loss != SIZE_MAX)
        rc = read_at_file(s, "loss", &g[loss].value);
    for (i = 0; i < n && rc == 0; i++)
        if (g[i].o->id == GDT_OPT_GRAD)
            rc = read_at_file(s, "grad", &g[i].value);
    for (i = 0; i < n && rc == 0; i++)
        rc = cli_opts_failed(s, gdt_opts_give(s, g[i].o, g[i].value, g[i].pos, &err), &err);
    free(g);
    return rc;
}

int
cli_opts_failed(const gdt_opts *s, gdt_status st, const gdt_error *err)
{
    if (st == GDT_OK)
        return 0;
    if (st == GDT_ENOMEM || err == NULL) {
        fprintf(stderr, "%s: out of memory\n", progname);
        return EXIT_RUN;
    }
    fprintf(stderr, "%s: %s\n", progname, gdt_opts_message(s, err));
    /* a module missing is the installation's fault, not the options' */
    return st == GDT_EUNAVAILABLE ? EXIT_RUN : EXIT_USAGE;
}

int
cli_check_settings(gdt_opts *s)
{
    gdt_error err;

    gdt_error_clear(&err);
    return cli_opts_failed(s, gdt_opts_check(s, &err), &err);
}

/* Only cli_read_args and cli_check_settings, for the option fuzzer (see
   cli.h). */
int
gdt_cli_check_args(int argc, char **argv)
{
    gdt_opts s;
    int help = 0, version = 0, rc;

    gdt_opts_init(&s, GDT_CMD_RUN);
    rc = cli_read_args(&s, argc, argv, &help, &version);
    if (rc == 0 && !help && !version)
        rc = cli_check_settings(&s);
    gdt_opts_clear(&s);
    return rc;
}
