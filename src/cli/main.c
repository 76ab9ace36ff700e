/* gdtrace -- the command: parse options, build the problem, run, report.
   A thin client of libgdtrace: it alone prints errors and picks exit codes. */
#include <errno.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "gdtrace.h"
#include "gdtrace/analyze.h"
#include "gdtrace/data.h"
#include "gdtrace/guard.h"
#include "gdtrace/mode.h"
#include "gdtrace/resume.h"
#include "gdtrace/poly.h"
#include "cli.h"

enum { EXIT_RUN = 1, EXIT_USAGE = 2 };

/* The option table drives parsing and --help. */
enum opt_id {
    OPT_LOSS, OPT_GRAD, OPT_DATA, OPT_LR, OPT_W0, OPT_MAX_ITER, OPT_MODE, OPT_MODES, OPT_REF,
    OPT_PREC, OPT_ROUND, OPT_UPDATE, OPT_STOP, OPT_AT, OPT_MAX_BITS, OPT_MAX_DEGREE, OPT_MAX_COEFF_BITS, OPT_RESUME, OPT_FORMAT, OPT_DIGITS, OPT_PLOT, OPT_HELP,
    OPT_VERSION, OPT_COUNT
};

/* The commands an option belongs to. */
enum { CMD_RUN = 1, CMD_COMPARE = 2, CMD_ANALYZE = 4, CMD_BOTH = 3, CMD_ALL = 7 };

struct option_def {
    enum opt_id id;
    const char *name;  /* without the leading -- */
    const char *arg;   /* NULL: takes no value */
    int cmds;
    const char *help;
};

static const struct option_def options[] = {
    { OPT_LOSS, "loss", "EXPR", CMD_ALL,
      "the loss (default: (w-1)^2 + 2); @FILE reads it from FILE" },
    { OPT_GRAD, "grad", "[P=]EXPR", CMD_ALL,
      "a partial derivative written by hand, once per parameter P\n"
      "                      (default: derived exactly)" },
    { OPT_DATA, "data", "FILE.csv", CMD_ALL,
      "a data set: a header naming the columns, one row per line;\n"
      "                      mean(EXPR) and sum(EXPR) run over its rows" },
    { OPT_LR, "lr", "X", CMD_ALL, "learning rate, an exact decimal or p/q (default: 10)" },
    { OPT_W0, "w0", "X|P=X,...", CMD_ALL,
      "starting point: a number (one parameter) or a=1,b=-0.5\n"
      "                      (default: 2)" },
    { OPT_MAX_ITER, "max-iter", "N", CMD_ALL,
      "stop after N updates (default: 50; analyze: 1000)" },
    { OPT_MODE, "mode", "MODE", CMD_RUN, "the numbers (default: exact; see MODES below)" },
    { OPT_MODES, "modes", "M1,M2,...", CMD_COMPARE,
      "the modes to compare (default: exact,binary64,binary32,bfloat16)" },
    { OPT_REF, "ref", "MODE", CMD_COMPARE, "the reference, one of --modes (default: the first)" },
    { OPT_PREC, "prec", "BITS", CMD_ALL,
      "mpfr precision in bits (default: 53; analyze: 256)" },
    { OPT_ROUND, "round", "R", CMD_BOTH,
      "rounding of the float modes: N nearest-even, Z toward zero,\n"
      "                      U up, D down, A away from zero (default: N)" },
    { OPT_UPDATE, "update", "sub|fma", CMD_BOTH,
      "w - lr*g rounded twice (sub, as NumPy) or fused, rounded\n"
      "                      once (fma, as torch.optim.SGD in float32) (default: sub)" },
    { OPT_STOP, "stop", "RULES", CMD_BOTH,
      "besides max-iter: grad-zero (every partial exactly zero),\n"
      "                      cycle (the parameters repeat an earlier state), both as\n"
      "                      grad-zero,cycle, or none (default: grad-zero)" },
    { OPT_FORMAT, "format", "FMT", CMD_ALL,
      "text, python (pprint of the weights; run only), csv or jsonl\n"
      "                      (default: text)" },
    { OPT_DIGITS, "digits", "D", CMD_ALL, "shortest, exact, hex or a number of significant digits\n"
      "                      (default: shortest; exact values always print in full)" },
    { OPT_AT, "at", "N", CMD_RUN | CMD_ANALYZE,
      "the exact state at step N by powering the affine map of a\n"
      "                      quadratic loss, never by iterating (exact mode)" },
    { OPT_MAX_BITS, "max-bits", "B", CMD_ALL,
      "exact values may need at most B bits; a run that would\n"
      "                      outgrow it stops: size-limit (default: 134217728; 0: none)" },
    { OPT_MAX_DEGREE, "max-degree", "D", CMD_ANALYZE,
      "root isolation takes polynomials of degree at most D; past\n"
      "                      it analyze refuses (default: 200; 0: none)" },
    { OPT_MAX_COEFF_BITS, "max-coeff-bits", "B", CMD_ANALYZE,
      "and integer coefficients of at most B bits in all\n"
      "                      (default: 1048576; 0: none)" },
    { OPT_RESUME, "resume", "FILE", CMD_RUN,
      "continue the jsonl or csv trajectory FILE from its last complete\n"
      "                      record, appending to it what the run would have written" },
    { OPT_PLOT, "plot", "FILE", CMD_COMPARE,
      "draw |w - w*| and the correct digits per mode (.png, .svg, .pdf)" },
    { OPT_HELP, "help", NULL, CMD_ALL, "print this help and exit" },
    { OPT_VERSION, "version", NULL, CMD_ALL, "print the version and exit" },
};
#define NOPTIONS (sizeof options / sizeof options[0])

static const char *progname = "gdtrace";

static void
usage(FILE *f, int cmd)
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
                "with the step at which each float format keeps no correct digit.\n");
    else if (cmd == CMD_COMPARE)
        fprintf(f,
                "usage: gdtrace compare [options]\n"
                "\n"
                "Run the same problem in several modes side by side and show, step by step,\n"
                "each mode's w, its relative error against the reference and its number of\n"
                "correct significant digits; then, per mode, the first step that differs\n"
                "from the reference, that has no correct digit left, that is subnormal,\n"
                "zero, infinite or nan, and how the mode stopped.\n");
    else
        fprintf(f,
                "usage: gdtrace [run] [options]\n"
                "       gdtrace compare [options]     (gdtrace compare --help)\n"
                "       gdtrace analyze [options]     (gdtrace analyze --help)\n"
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
        fprintf(f, "  %-20s%s\n", left, options[i].help);
    }
    fprintf(f,
            "\n"
            "MODES: exact (GMP integers and rationals, never rounded); mpfr (--prec bits);\n"
            "the IEEE formats binary16 (half, float16), bfloat16, binary32 (single,\n"
            "float32), binary64 (double, float64), binary128 (quad), emulated on MPFR bit\n"
            "for bit with subnormals; native-float and native-double (the machine's own\n"
            "C arithmetic; no rounding A); int8, int16, int32, int64 (two's-complement\n"
            "wraparound, integers only, no division).\n"
            "\n"
            "Expressions: numbers (read exactly), parameters (any other identifier),\n"
            "+ - * /, ^ with an integer exponent, unary minus, parentheses, and the\n"
            "functions exp log sqrt sin cos tan tanh sigmoid abs min max; with --data,\n"
            "mean(EXPR) and sum(EXPR) over the rows, the column names inside them.\n"
            "-w^2 is -(w^2); 2^3^2 is 2^9.  Functions are correctly rounded in mpfr and\n"
            "the IEEE formats; the native modes use the C library (exp log sin cos tan\n"
            "tanh, sigmoid as 1/(1+exp(-x))); the exact mode only where the value is\n"
            "rational.\n"
            "\n"
            "exit status: 0 done, 1 the run failed (division by zero, write error),\n"
            "2 bad usage.  See gdtrace(1).\n");
}

/* One-line usage error naming the option. */
static int
bad_option(const char *opt, const char *fmt, const char *value)
{
    fprintf(stderr, "%s: --%s: ", progname, opt);
    fprintf(stderr, fmt, value);
    fputc('\n', stderr);
    return EXIT_USAGE;
}

#define MAX_MODES 16

#define MAX_GRADS 256

struct settings {
    int cmd;                    /* CMD_RUN, CMD_COMPARE or CMD_ANALYZE */
    int has_at;
    unsigned long at;
    const char *loss, *lr, *w0;
    const char *set[OPT_COUNT]; /* the value of every option given, or NULL */
    const char *grads[MAX_GRADS]; /* every --grad */
    size_t ngrads;
    mpq_t lr_q;
    mpq_t *w0_q;                /* per parameter, once the problem is known */
    const char **w0_texts;      /* and as typed */
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
    unsigned long max_bits;
    gdt_roots_budget roots;
    gdt_format format;
    gdt_numfmt numfmt;
};

/* An exact number for --lr and --w0. */
static int
parse_number(mpq_t r, const char *opt, const char *s)
{
    size_t end;

    switch (gdt_q_parse(r, s, &end)) {
    case GDT_OK:
        return 0;
    case GDT_ERANGE:
        return bad_option(opt, "'%s' has an exponent beyond +-1000000", s);
    case GDT_EDIVZERO:
        return bad_option(opt, "'%s' divides by zero", s);
    default:
        return bad_option(opt, "'%s' is not a number", s);
    }
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
        rc = bad_option(opt, "'%s' is not a whole number", s);
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
        return bad_option("digits", "'%s' is not shortest, exact, hex or a number of digits", s);
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
    return bad_option("round", "'%s' is not one of N, Z, U, D, A", s);
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
    return cmd == CMD_COMPARE ? "compare" : cmd == CMD_ANALYZE ? "analyze" : "run";
}

/* Read argv into S->set[]: [run|compare|analyze] --name value, --name=value, -h. */
static int
read_args(struct settings *s, int argc, char **argv, int *help, int *version)
{
    int i = 1;

    s->cmd = CMD_RUN;
    if (i < argc && argv[i][0] != '-') {
        if (strcmp(argv[i], "compare") == 0)
            s->cmd = CMD_COMPARE;
        else if (strcmp(argv[i], "analyze") == 0)
            s->cmd = CMD_ANALYZE;
        else if (strcmp(argv[i], "run") != 0) {
            fprintf(stderr, "%s: unknown command '%s' (the commands are run, compare and analyze)\n",
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
                return bad_option(o->name, "takes no value, got '%s'", eq + 1);
            if (o->id == OPT_HELP)
                *help = 1;
            else
                *version = 1;
            continue;
        }
        if (eq)
            value = eq + 1;
        else if (i + 1 < argc)
            value = argv[++i];
        else
            return bad_option(o->name, "missing value (%s)", o->arg);
        s->set[o->id] = value;
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

/* Split --modes at its commas into S->modes, each a known mode, no
   repeats. */
static int
parse_modes(struct settings *s, const char *v)
{
    char *p, *save = NULL;
    size_t i;

    s->modes_copy = strdup(v);
    if (s->modes_copy == NULL)
        return EXIT_RUN;
    for (p = strtok_r(s->modes_copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        if (gdt_mode_class_of(p) < 0) {
            fprintf(stderr, "%s: --modes: '%s' is not a mode (%s)\n", progname, p,
                    gdt_mode_names());
            return EXIT_USAGE;
        }
        for (i = 0; i < s->nmodes; i++)
            if (strcmp(s->modes[i], p) == 0)
                return bad_option("modes", "'%s' is named twice", p);
        if (s->nmodes == MAX_MODES) {
            fprintf(stderr, "%s: --modes: more than %d modes\n", progname, MAX_MODES);
            return EXIT_USAGE;
        }
        s->modes[s->nmodes++] = p;
    }
    if (s->nmodes == 0)
        return bad_option("modes", "'%s' names no mode", v);
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

/* --w0 for the problem's parameters: "X" (one parameter) or "a=X,b=Y". */
static int
parse_w0(struct settings *s, const gdt_problem *p)
{
    char names[256], hint[512], *piece, *save = NULL;
    size_t i;
    int rc;

    s->w0_q = malloc((p->n + 1) * sizeof *s->w0_q);
    s->w0_texts = calloc(p->n + 1, sizeof *s->w0_texts);
    if (s->w0_q == NULL || s->w0_texts == NULL)
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
        return parse_number(s->w0_q[0], "w0", s->w0);
    }
    s->w0_copy = strdup(s->w0);
    if (s->w0_copy == NULL)
        return EXIT_RUN;
    for (piece = strtok_r(s->w0_copy, ",", &save); piece;
         piece = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(piece, '='), *name = piece, *end;
        int k;

        if (eq == NULL)
            return bad_option("w0", "'%s' is not NAME=X", piece);
        *eq = '\0';
        while (*name == ' ')
            name++;
        for (end = eq; end > name && end[-1] == ' '; end--)
            end[-1] = '\0';
        k = gdt_names_find((gdt_names *)&p->params, name, strlen(name), 0);
        if (k < 0) {
            fprintf(stderr, "%s: --w0: '%s' is not a parameter of the loss (%s)\n", progname,
                    name, names);
            return EXIT_USAGE;
        }
        if (s->w0_texts[k] != NULL)
            return bad_option("w0", "'%s' is given twice", name);
        s->w0_texts[k] = eq + 1;
        while (*s->w0_texts[k] == ' ')
            s->w0_texts[k]++;
        if ((rc = parse_number(s->w0_q[k], "w0", s->w0_texts[k])) != 0)
            return rc;
    }
    for (i = 0; i < p->n; i++)
        if (s->w0_texts[i] == NULL) {
            fprintf(stderr, "%s: --w0: no starting value for '%s'%s\n", progname,
                    p->params.name[i], columns_hint(hint, sizeof hint, s, p));
            return EXIT_USAGE;
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
    n = fread(buf, 1, cap + 1, f);
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

/* Check every option's value and the combinations. */
static int
check_settings(struct settings *s)
{
    const char *v;
    int rc;

    s->loss = s->set[OPT_LOSS] ? s->set[OPT_LOSS] : "(w-1)^2 + 2";
    if ((rc = read_at_file(s, "loss", &s->loss)) != 0)
        return rc;
    {
        size_t i;
        for (i = 0; i < s->ngrads; i++)
            if ((rc = read_at_file(s, "grad", &s->grads[i])) != 0)
                return rc;
    }
    s->lr = s->set[OPT_LR] ? s->set[OPT_LR] : "10";
    s->w0 = s->set[OPT_W0] ? s->set[OPT_W0] : "2";
    if ((rc = parse_number(s->lr_q, "lr", s->lr)) != 0)
        return rc;
    s->max_iter = s->cmd == CMD_ANALYZE ? 1000 : 50;
    if ((v = s->set[OPT_MAX_ITER]) != NULL
        && (rc = parse_whole(&s->max_iter, "max-iter", v, 0, ULONG_MAX - 1)) != 0)
        return rc;
    if (s->cmd == CMD_ANALYZE) {
        s->modes[0] = "mpfr";   /* what --prec applies to: the trajectory */
        s->nmodes = 1;
    } else if (s->cmd == CMD_RUN) {
        s->modes[0] = s->set[OPT_MODE] ? s->set[OPT_MODE] : "exact";
        s->nmodes = 1;
        if (gdt_mode_class_of(s->modes[0]) < 0) {
            fprintf(stderr, "%s: --mode: '%s' is not a mode (%s)\n", progname, s->modes[0],
                    gdt_mode_names());
            return EXIT_USAGE;
        }
    } else {
        if ((rc = parse_modes(s, s->set[OPT_MODES] ? s->set[OPT_MODES]
                                                   : "exact,binary64,binary32,bfloat16")) != 0)
            return rc;
        s->ref = 0;
        if ((v = s->set[OPT_REF]) != NULL) {
            size_t i;
            for (i = 0; i < s->nmodes && strcmp(s->modes[i], v) != 0; i++)
                ;
            if (i == s->nmodes)
                return bad_option("ref", "'%s' is not one of --modes", v);
            s->ref = i;
        }
    }
    s->prec = s->cmd == CMD_ANALYZE ? 256 : 53;
    s->rnd = MPFR_RNDN;
    if ((v = s->set[OPT_PREC]) != NULL) {
        unsigned long p;
        if (!has_class(s, GDT_MODE_MPFR))
            return bad_option("prec", "%s", "applies to mode mpfr only");
        if ((rc = parse_whole(&p, "prec", v, 1, 16777216)) != 0)
            return rc;
        s->prec = (long)p;
    }
    if ((v = s->set[OPT_ROUND]) != NULL) {
        if (!has_class(s, GDT_MODE_MPFR) && !has_class(s, GDT_MODE_IEEE)
            && !has_class(s, GDT_MODE_NATIVE))
            return bad_option("round", "%s", "applies to the float modes only (exact and integers never round)");
        if ((rc = parse_round(&s->rnd, v)) != 0)
            return rc;
        if (s->rnd == MPFR_RNDA && has_class(s, GDT_MODE_NATIVE))
            return bad_option("round", "'%s': the native modes have no rounding away from zero", v);
    }
    s->max_bits = 1UL << 27;
    if ((v = s->set[OPT_MAX_BITS]) != NULL
        && (rc = parse_whole(&s->max_bits, "max-bits", v, 0, 1UL << 40)) != 0)
        return rc;
    s->roots.max_degree = GDT_ROOTS_MAX_DEGREE;
    s->roots.max_coeff_bits = GDT_ROOTS_MAX_COEFF_BITS;
    if ((v = s->set[OPT_MAX_DEGREE]) != NULL
        && (rc = parse_whole(&s->roots.max_degree, "max-degree", v, 0, GDT_POLY_MAX_DEGREE)) != 0)
        return rc;
    if ((v = s->set[OPT_MAX_COEFF_BITS]) != NULL
        && (rc = parse_whole(&s->roots.max_coeff_bits, "max-coeff-bits", v, 0, 1UL << 40)) != 0)
        return rc;
    s->stop_on_zero = 1;
    s->detect_cycles = 0;
    if ((v = s->set[OPT_STOP]) != NULL) {
        const char *p = v;
        s->stop_on_zero = 0;
        if (strcmp(v, "none") != 0 && strcmp(v, "max-iter") != 0) {
            while (1) {
                size_t len = strcspn(p, ",");
                if (len == 9 && strncmp(p, "grad-zero", 9) == 0)
                    s->stop_on_zero = 1;
                else if (len == 5 && strncmp(p, "cycle", 5) == 0)
                    s->detect_cycles = 1;
                else
                    return bad_option("stop", "'%s' is not a list of grad-zero and cycle, or none", v);
                if (p[len] == '\0')
                    break;
                p += len + 1;
            }
        }
    }
    s->update = GDT_UPDATE_SUB;
    if ((v = s->set[OPT_UPDATE]) != NULL) {
        if (strcmp(v, "fma") == 0)
            s->update = GDT_UPDATE_FMA;
        else if (strcmp(v, "sub") != 0)
            return bad_option("update", "'%s' is not sub or fma", v);
    }
    s->format = GDT_FORMAT_TEXT;
    if ((v = s->set[OPT_FORMAT]) != NULL) {
        int f = gdt_format_from_str(v);
        if (f < 0)
            return bad_option("format", "'%s' is not a format (text, python, csv, jsonl)", v);
        s->format = (gdt_format)f;
        if (s->cmd == CMD_COMPARE && s->format == GDT_FORMAT_PYTHON)
            return bad_option("format", "'%s' is for runs; compare prints text, csv or jsonl", v);
        if (s->cmd == CMD_ANALYZE && (s->format == GDT_FORMAT_PYTHON || s->format == GDT_FORMAT_CSV))
            return bad_option("format", "'%s' is not for analyze, which prints text or jsonl", v);
    }
    s->numfmt.kind = GDT_DIGITS_SHORTEST;
    s->numfmt.n = 0;
    s->numfmt.python = 0;
    if ((v = s->set[OPT_DIGITS]) != NULL) {
        if ((rc = parse_digits(&s->numfmt, v)) != 0)
            return rc;
        if (s->format == GDT_FORMAT_PYTHON && s->numfmt.kind != GDT_DIGITS_SHORTEST)
            return bad_option("digits", "'%s' does not apply to --format python, which prints Python's repr", v);
        if (s->format == GDT_FORMAT_JSONL && s->numfmt.kind == GDT_DIGITS_N && s->cmd != CMD_ANALYZE)
            return bad_option("digits", "'%s' would round values, and jsonl values are never rounded", v);
        if (s->numfmt.kind == GDT_DIGITS_HEX
            && (has_class(s, GDT_MODE_EXACT) || has_class(s, GDT_MODE_INT)))
            return bad_option("digits", "'%s' is for float modes; exact and integer values have no hex form", v);
    }
    if ((v = s->set[OPT_AT]) != NULL) {
        if ((rc = parse_whole(&s->at, "at", v, 0, ULONG_MAX - 1)) != 0)
            return rc;
        s->has_at = 1;
        if (s->cmd == CMD_RUN && strcmp(s->modes[0], "exact") != 0)
            return bad_option("at", "'%s' computes the exact state: it needs --mode exact", v);
        if (s->cmd == CMD_RUN && s->format == GDT_FORMAT_PYTHON)
            return bad_option("at", "'%s' prints one step, not the notes' list: use text, csv or jsonl", v);
    }
    return 0;
}

/* A parse error in an expression: the message, then the text with a caret
   under the bad column (tabs and newlines shown as spaces, so that the
   caret lines up). */
static void
expr_error(const char *opt, const char *text, const gdt_error *err)
{
    if (err->pos != SIZE_MAX && text != NULL) {
        size_t len = strlen(text), col = err->pos <= len ? err->pos : len;
        size_t from = col > 40 ? col - 40 : 0, to = len - from > 80 ? from + 80 : len;
        size_t i;

        /* a long expression is shown as the 80 bytes around the column */
        fprintf(stderr, "%s: --%s, column %zu: %s\n  %s", progname, opt, col + 1, err->msg,
                from > 0 ? "..." : "");
        for (i = from; i < to; i++)
            fputc((unsigned char)text[i] < ' ' ? ' ' : text[i], stderr);
        fprintf(stderr, "%s\n  %*s^\n", to < len ? "..." : "",
                (int)(col - from + (from > 0 ? 3 : 0)), "");
    } else {
        fprintf(stderr, "%s: --%s: %s\n", progname, opt, err->msg);
    }
}

/* What a report's header shows, from the settings. */
static void
run_info(gdt_run_info *info, const struct settings *s, const gdt_problem *problem,
         const gdt_program *program)
{
    info->problem = problem;
    info->loss_text = s->loss;
    info->lr_text = s->lr;
    info->w0_texts = s->w0_texts;
    info->data_path = s->set[OPT_DATA];
    info->data_rows = program->nrows;
    info->max_iter = s->max_iter;
    info->has_at = 0;
    info->resumed = 0;
}

/* gdtrace run: one mode, every step in the chosen format. */
static int
cmd_run(struct settings *s, gdt_problem *problem, gdt_program *program)
{
    gdt_domain dom;
    gdt_stepper stepper;
    gdt_reporter reporter;
    gdt_run_info info;
    gdt_error err;
    gdt_status st;
    int rc = 0;

    gdt_error_clear(&err);
    memset(&dom, 0, sizeof dom);
    if (gdt_domain_init_mode(&dom, s->modes[0], (mpfr_prec_t)s->prec, s->rnd) != GDT_OK) {
        fprintf(stderr, "%s: --mode: '%s' cannot be set up\n", progname, s->modes[0]);
        rc = EXIT_USAGE;
        goto out_domain;
    }
    dom.max_bits = s->max_bits;
    st = gdt_stepper_init(&stepper, program, &dom, s->lr_q, s->w0_q, s->max_iter, s->update,
                          &err);
    stepper.names = problem->params.name;
    stepper.stop_on_zero = s->stop_on_zero;
    stepper.detect_cycles = s->detect_cycles;
    if (st != GDT_OK) {
        fprintf(stderr, "%s: %s\n", progname, err.msg);
        rc = st == GDT_ENOMEM ? EXIT_RUN : EXIT_USAGE;
        goto out_stepper;
    }
    run_info(&info, s, problem, program);
    gdt_reporter_init(&reporter, s->format, &s->numfmt, stdout);
    st = gdt_run(&stepper, &reporter, &info, &err);
    if (st != GDT_OK) {
        fprintf(stderr, "%s: %s\n", progname, err.msg);
        rc = EXIT_RUN;
    } else if (stepper.stop == GDT_STOP_INTERRUPTED) {
        rc = 128 + gdt_guard_stop;
    }
    gdt_reporter_clear(&reporter);
out_stepper:
    gdt_stepper_clear(&stepper);
out_domain:
    gdt_domain_clear(&dom);
    return rc;
}

/* 1 when the gradient of the affine map A is zero at step K of the run
   from W0 (the state computed in closed form). */
static int
zero_at(const gdt_affine *a, const struct settings *s, unsigned long k, mpq_t *w, mpq_t *g)
{
    size_t i, j, n = a->n;
    int zero = 1;

    if (gdt_affine_at(w, a, s->lr_q, s->w0_q, k) != GDT_OK)
        return 0;
    for (i = 0; i < n; i++) {
        mpq_set(g[i], a->g0[i]);
        for (j = 0; j < n; j++) {
            mpq_t t;
            mpq_init(t);
            mpq_mul(t, a->h[i * n + j], w[j]);
            mpq_add(g[i], g[i], t);
            mpq_clear(t);
        }
        zero = zero && mpq_sgn(g[i]) == 0;
    }
    return zero;
}

/* gdtrace run --at N: the single row of step N, computed exactly in closed
   form.  A run that reaches a zero gradient before N stops there (the
   steps with a zero gradient of an affine map are all those after the
   first: found by bisection). */
static int
cmd_run_at(struct settings *s, gdt_problem *problem, gdt_program *program)
{
    gdt_affine a;
    gdt_domain dom;
    gdt_stepper stepper;
    gdt_reporter reporter;
    gdt_run_info info;
    gdt_error err;
    mpq_t *w, *g;
    unsigned long k = s->at, lo, hi;
    size_t i, n = problem->n;
    int rc = 0, stopped = 0;
    gdt_status st;

    if (!gdt_problem_is_affine(problem))
        return bad_option("at", "'%s' needs a loss whose gradient is affine (a quadratic loss); "
                                "run --max-iter instead", s->set[OPT_AT]);
    if (gdt_affine_init(&a, program) != GDT_OK) {
        fprintf(stderr, "%s: --at: the exact gradient at 0 has no value\n", progname);
        return EXIT_RUN;
    }
    a.max_bits = (size_t)s->max_bits;
    w = malloc(n * sizeof *w);
    g = malloc(n * sizeof *g);
    for (i = 0; i < n; i++) {
        mpq_init(w[i]);
        mpq_init(g[i]);
    }
    if (s->stop_on_zero && zero_at(&a, s, k, w, g)) {
        /* the first step with a zero gradient, by bisection in [0, k] */
        lo = 0;
        hi = k;
        while (lo < hi) {
            unsigned long mid = lo + (hi - lo) / 2;
            if (zero_at(&a, s, mid, w, g))
                hi = mid;
            else
                lo = mid + 1;
        }
        k = lo;
        stopped = 1;
    }
    if ((st = gdt_affine_at(w, &a, s->lr_q, s->w0_q, k)) != GDT_OK) {
        if (st == GDT_ESTOPPED) {
            rc = 128 + gdt_guard_stop;
            goto out;
        }
        fprintf(stderr, "%s: --at: the state at step %lu would need more than %lu bits "
                        "(--max-bits)\n", progname, k, s->max_bits);
        rc = EXIT_RUN;
        goto out;
    }
    gdt_error_clear(&err);
    gdt_domain_init_exact(&dom);
    st = gdt_stepper_init(&stepper, program, &dom, s->lr_q, w, k, s->update, &err);
    if (st == GDT_OK) {
        stepper.k = k;
        stepper.names = problem->params.name;
        run_info(&info, s, problem, program);
        info.max_iter = k;
        info.has_at = 1;
        gdt_reporter_init(&reporter, s->format, &s->numfmt, stdout);
        st = gdt_reporter_begin(&reporter, &info, &stepper);
        if (st == GDT_OK)
            st = gdt_stepper_eval(&stepper, &err);
        if (st == GDT_OK)
            st = gdt_reporter_step(&reporter, &stepper);
        stepper.stop = stopped ? GDT_STOP_GRAD_ZERO : GDT_STOP_AT;
        if (st == GDT_OK)
            st = gdt_reporter_end(&reporter, &stepper, &err);
        gdt_reporter_clear(&reporter);
        if (st != GDT_OK) {
            fprintf(stderr, "%s: %s\n", progname, err.msg[0] ? err.msg : strerror(errno));
            rc = EXIT_RUN;
        }
    } else {
        fprintf(stderr, "%s: %s\n", progname, err.msg);
        rc = EXIT_USAGE;
    }
    gdt_stepper_clear(&stepper);
    gdt_domain_clear(&dom);
out:
    for (i = 0; i < n; i++) {
        mpq_clear(w[i]);
        mpq_clear(g[i]);
    }
    free(w);
    free(g);
    gdt_affine_clear(&a);
    return rc;
}

/* The first field where two record lines differ, as a message. */
static void
record_diff(char *msg, size_t size, const char *path, const char *want, const char *got,
            gdt_format format, const char *header)
{
    char *b1 = NULL, *b2 = NULL, *hb = NULL, *k1[64], *v1[64], *k2[64], *v2[64];
    unsigned long s1 = 0, s2 = 0;
    int n1 = gdt_trail_fields(&b1, want, format, k1, v1, 64, &s1);
    int n2 = gdt_trail_fields(&b2, got, format, k2, v2, 64, &s2);
    int i;

    if (format == GDT_FORMAT_CSV && header != NULL && (hb = strdup(header)) != NULL) {
        /* csv: the keys are the header's names after "step" */
        char *p = strchr(hb, ',');
        hb[strcspn(hb, "\n")] = '\0';
        for (i = 0; p != NULL && i < n1; i++) {
            k1[i] = p + 1;
            p = strchr(p + 1, ',');
            if (p != NULL)
                *p = '\0';
        }
    }

    snprintf(msg, size, "%s: step %lu is not this problem's", path, s1);
    for (i = 0; i < n1 && i < n2; i++)
        if (strcmp(v1[i], v2[i]) != 0) {
            snprintf(msg, size, "%s: step %lu has %s %.60s in the file but %.60s here: the "
                                "loss, gradient, lr, w0, data, mode or --update differ",
                     path, s1, k1[i] ? k1[i] : "field", v1[i], v2[i]);
            break;
        }
    free(b1);
    free(b2);
    free(hb);
}

/* gdtrace run --resume FILE: check that FILE is this problem's trajectory
   (its step 0, and its last two steps recomputed from the second-to-last),
   drop what follows its last complete record, and go on from there,
   appending to FILE exactly what the uninterrupted run would have written. */
static int
cmd_run_resume(struct settings *s, gdt_problem *problem, gdt_program *program)
{
    const char *path = s->set[OPT_RESUME];
    gdt_domain dom;
    gdt_stepper stepper;
    gdt_reporter reporter;
    gdt_run_info info;
    gdt_trail trail;
    gdt_error err;
    gdt_buf rec;
    char msg[512], *hdr = NULL, *vbuf = NULL, *keys[64], *vals[64];
    size_t hlen = 0, i, n = problem->n;
    unsigned long step;
    FILE *out;
    gdt_status st;
    int rc = 0, nv;

    if (s->format != GDT_FORMAT_JSONL && s->format != GDT_FORMAT_CSV)
        return bad_option("resume", "'%s': resumes jsonl or csv trajectories (give --format jsonl or csv)", path);
    if (s->detect_cycles)
        return bad_option("resume", "'%s': --stop cycle keeps a state that a file does not hold", path);
    gdt_error_clear(&err);
    gdt_trail_init(&trail);
    gdt_buf_init(&rec);
    memset(&dom, 0, sizeof dom);
    run_info(&info, s, problem, program);
    if (gdt_domain_init_mode(&dom, s->modes[0], (mpfr_prec_t)s->prec, s->rnd) != GDT_OK) {
        rc = EXIT_USAGE;
        goto out_domain;
    }
    dom.max_bits = s->max_bits;
    st = gdt_stepper_init(&stepper, program, &dom, s->lr_q, s->w0_q, s->max_iter, s->update,
                          &err);
    stepper.names = problem->params.name;
    stepper.stop_on_zero = s->stop_on_zero;
    if (st != GDT_OK) {
        fprintf(stderr, "%s: %s\n", progname, err.msg);
        rc = EXIT_USAGE;
        goto out_stepper;
    }
    /* the csv header this problem writes */
    out = open_memstream(&hdr, &hlen);
    gdt_reporter_init(&reporter, s->format, &s->numfmt, out);
    st = gdt_reporter_begin(&reporter, &info, &stepper);
    gdt_reporter_clear(&reporter);
    fclose(out);
    if (st == GDT_OK)
        st = gdt_trail_read(&trail, path, s->format, hdr, &err);
    if (st != GDT_OK) {
        fprintf(stderr, "%s: --resume: %s\n", progname, err.msg);
        rc = EXIT_USAGE;
        goto out_stepper;
    }
    gdt_reporter_init(&reporter, s->format, &s->numfmt, stdout);
    reporter.problem = problem;
    /* step 0 from w0 must be the file's */
    st = gdt_stepper_eval(&stepper, &err);
    if (st == GDT_OK)
        st = gdt_reporter_record(&reporter, &stepper, &rec);
    if (st == GDT_OK && strcmp(rec.s, trail.first) != 0) {
        record_diff(msg, sizeof msg, path, trail.first, rec.s, s->format, hdr);
        goto refuse;
    }
    if (st == GDT_OK && trail.last_step > 0) {
        /* restore the second-to-last state, recompute the last */
        nv = gdt_trail_fields(&vbuf, trail.prev, s->format, keys, vals, 64, &step);
        if (nv < (int)n || step + 1 != trail.last_step) {
            snprintf(msg, sizeof msg, "%s: its last two records are not consecutive steps", path);
            goto refuse;
        }
        for (i = 0; i < n && st == GDT_OK; i++)
            st = gdt_domain_read((gdt_val *)gdt_stepper_param(&stepper, i), vals[i], &dom);
        if (st != GDT_OK) {
            snprintf(msg, sizeof msg, "%s: step %lu holds a value this mode cannot read back",
                     path, step);
            st = GDT_OK;
            goto refuse;
        }
        stepper.k = step;
        stepper.stop = GDT_STOP_NONE;
        gdt_buf_reset(&rec);
        st = gdt_stepper_eval(&stepper, &err);
        if (st == GDT_OK)
            st = gdt_reporter_record(&reporter, &stepper, &rec);
        if (st == GDT_OK && strcmp(rec.s, trail.prev) != 0) {
            record_diff(msg, sizeof msg, path, trail.prev, rec.s, s->format, hdr);
            goto refuse;
        }
        if (st == GDT_OK && stepper.stop != GDT_STOP_NONE) {
            snprintf(msg, sizeof msg, "%s: the run stops at step %lu, before the file's last",
                     path, step);
            goto refuse;
        }
        if (st == GDT_OK)
            st = gdt_stepper_update(&stepper, &err);
        gdt_buf_reset(&rec);
        if (st == GDT_OK)
            st = gdt_stepper_eval(&stepper, &err);
        if (st == GDT_OK)
            st = gdt_reporter_record(&reporter, &stepper, &rec);
        if (st == GDT_OK && strcmp(rec.s, trail.last) != 0) {
            record_diff(msg, sizeof msg, path, trail.last, rec.s, s->format, hdr);
            goto refuse;
        }
    }
    gdt_reporter_clear(&reporter);
    if (st != GDT_OK) {
        fprintf(stderr, "%s: --resume: %s\n", progname, err.msg);
        rc = EXIT_RUN;
        goto out_stepper;
    }
    /* drop what follows the last record, and go on, appending */
    if (truncate(path, trail.end) != 0 || (out = fopen(path, "a")) == NULL) {
        fprintf(stderr, "%s: --resume: %s: %s\n", progname, path, strerror(errno));
        rc = EXIT_RUN;
        goto out_stepper;
    }
    stepper.stop = GDT_STOP_NONE;
    info.resumed = 1;
    gdt_reporter_init(&reporter, s->format, &s->numfmt, out);
    st = gdt_run(&stepper, &reporter, &info, &err);
    gdt_reporter_clear(&reporter);
    if (fclose(out) != 0 && st == GDT_OK)
        st = gdt_error_set(&err, GDT_EIO, SIZE_MAX, "write error: %s", strerror(errno));
    if (st != GDT_OK) {
        fprintf(stderr, "%s: %s\n", progname, err.msg);
        rc = EXIT_RUN;
    } else if (stepper.stop == GDT_STOP_INTERRUPTED) {
        rc = 128 + gdt_guard_stop;
    }
    goto out_stepper;
refuse:
    gdt_reporter_clear(&reporter);
    fprintf(stderr, "%s: --resume: %s\n", progname, msg);
    rc = EXIT_USAGE;
out_stepper:
    gdt_stepper_clear(&stepper);
out_domain:
    gdt_domain_clear(&dom);
    gdt_trail_clear(&trail);
    gdt_buf_clear(&rec);
    free(hdr);
    free(vbuf);
    return rc;
}

/* gdtrace analyze: why the run does what it does. */
static int
cmd_analyze(struct settings *s, gdt_problem *problem, gdt_program *program)
{
    gdt_reporter reporter;
    gdt_analyze_in in;
    gdt_error err;
    int rc = 0;

    gdt_error_clear(&err);
    in.problem = problem;
    in.program = program;
    in.loss_text = s->loss;
    mpq_init(in.lr);
    mpq_set(in.lr, s->lr_q);
    in.w0 = (const mpq_t *)s->w0_q;
    in.has_at = s->has_at;
    in.at = s->at;
    in.max_iter = s->max_iter;
    in.prec = (mpfr_prec_t)s->prec;
    in.max_bits = (size_t)s->max_bits;
    in.roots = s->roots;
    gdt_reporter_init(&reporter, s->format, &s->numfmt, stdout);
    if (gdt_analyze(&reporter, &in, &err) != GDT_OK && !gdt_guard_stop) {
        fprintf(stderr, "%s: %s\n", progname, err.msg);
        rc = err.status == GDT_EVALUE ? EXIT_USAGE : EXIT_RUN;
    }
    if (gdt_guard_stop) /* the sections written are whole; no more */
        rc = 128 + gdt_guard_stop;
    gdt_reporter_clear(&reporter);
    mpq_clear(in.lr);
    return rc;
}

/* gdtrace compare: every mode side by side, then the events; a picture. */
static int
cmd_compare(struct settings *s, gdt_problem *problem, gdt_program *program)
{
    gdt_compare cmp;
    gdt_reporter reporter;
    gdt_run_info info;
    gdt_plot plot, *pl = NULL;
    gdt_error err;
    gdt_status st;
    mpq_t wstar;
    int rc = 0, have_wstar;
    char *title = NULL;

    gdt_error_clear(&err);
    mpq_init(wstar);
    have_wstar = gdt_problem_minimiser(wstar, problem);
    st = gdt_compare_init(&cmp, program, problem->params.name, s->modes, s->nmodes, s->ref,
                          (mpfr_prec_t)s->prec, s->rnd, s->update, s->lr_q, s->w0_q,
                          s->max_iter, s->stop_on_zero | s->detect_cycles << 1,
                          (size_t)s->max_bits, &err);
    if (st != GDT_OK) {
        fprintf(stderr, "%s: %s\n", progname, err.msg);
        rc = st == GDT_ENOMEM ? EXIT_RUN : EXIT_USAGE;
        goto out_compare;
    }
    if (s->set[OPT_PLOT] != NULL) {
        if (gdt_plot_terminal(s->set[OPT_PLOT]) == NULL) {
            rc = bad_option("plot", "'%s' does not end in .png, .svg or .pdf", s->set[OPT_PLOT]);
            goto out_compare;
        }
        pl = &plot;
        st = gdt_plot_begin(pl, s->set[OPT_PLOT], have_wstar ? wstar : NULL, &err);
        if (st != GDT_OK) {
            fprintf(stderr, "%s: --plot: %s\n", progname, err.msg);
            rc = st == GDT_ENOMEM ? EXIT_RUN : EXIT_USAGE;
            goto out_plot;
        }
    }
    run_info(&info, s, problem, program);
    gdt_reporter_init(&reporter, s->format, &s->numfmt, stdout);
    st = gdt_compare_run(&cmp, &reporter, pl, &info, &err);
    gdt_reporter_clear(&reporter);
    if (st != GDT_OK) {
        fprintf(stderr, "%s: %s\n", progname, err.msg);
        rc = EXIT_RUN;
        goto out_plot;
    }
    if (gdt_guard_stop) {
        rc = 128 + gdt_guard_stop;
        goto out_plot;
    }
    if (pl != NULL) {
        size_t len = strlen(s->loss) + strlen(s->lr) + strlen(s->w0) + 64;
        title = malloc(len);
        if (title == NULL) {
            rc = EXIT_RUN;
            goto out_plot;
        }
        snprintf(title, len, "gdtrace compare: loss %s, lr %s, w0 %s", s->loss, s->lr, s->w0);
        if (gdt_plot_end(pl, &cmp, title, &err) != GDT_OK) {
            fprintf(stderr, "%s: %s\n", progname, err.msg);
            rc = EXIT_RUN;
        }
    }
out_plot:
    free(title);
    if (pl != NULL)
        gdt_plot_clear(pl);
out_compare:
    gdt_compare_clear(&cmp);
    mpq_clear(wstar);
    return rc;
}

/* Only read_args and check_settings, for the option fuzzer (see cli.h). */
int
gdt_cli_check_args(int argc, char **argv)
{
    struct settings s;
    int help = 0, version = 0, rc;
    size_t i;

    memset(&s, 0, sizeof s);
    mpq_init(s.lr_q);
    rc = read_args(&s, argc, argv, &help, &version);
    if (rc == 0 && !help && !version)
        rc = check_settings(&s);
    free(s.modes_copy);
    free(s.w0_copy);
    for (i = 0; i < s.ntexts; i++)
        free(s.texts[i]);
    mpq_clear(s.lr_q);
    return rc;
}

int
main(int argc, char **argv)
{
    struct settings s;
    gdt_problem problem;
    gdt_program program;
    gdt_data data;
    gdt_names columns;
    gdt_error err;
    const char *where = NULL;
    int help = 0, version = 0, rc;
    size_t i;
    gdt_status st;

    gdt_guard_memory(progname);
    gdt_guard_signals();
    memset(&s, 0, sizeof s);
    memset(&problem, 0, sizeof problem);
    memset(&program, 0, sizeof program);
    mpq_init(s.lr_q);
    gdt_data_init(&data);
    gdt_error_clear(&err);
    rc = read_args(&s, argc, argv, &help, &version);
    if (rc == 0 && help) {
        usage(stdout, s.cmd);
        goto out;
    }
    if (rc == 0 && version) {
        printf("gdtrace %s (GMP %s, MPFR %s)\n", GDT_VERSION, gmp_version, mpfr_get_version());
        goto out;
    }
    if (rc == 0)
        rc = check_settings(&s);
    if (rc != 0)
        goto out;

    if (s.set[OPT_DATA] != NULL) {
        st = gdt_data_read(&data, s.set[OPT_DATA], &err);
        if (st != GDT_OK) {
            fprintf(stderr, "%s: --data: %s\n", progname, err.msg);
            rc = st == GDT_ENOMEM ? EXIT_RUN : EXIT_USAGE;
            goto out;
        }
        columns.name = data.names;
        columns.n = data.ncols;
    }
    st = gdt_problem_init(&problem, s.loss, s.grads, s.ngrads,
                          s.set[OPT_DATA] != NULL ? &columns : NULL, &where, &err);
    if (st != GDT_OK) {
        int is_grad = where != NULL && where != s.loss;
        expr_error(is_grad ? "grad" : "loss", where, &err);
        rc = st == GDT_ENOMEM ? EXIT_RUN : EXIT_USAGE;
        goto out;
    }
    if (s.format == GDT_FORMAT_PYTHON && problem.n > 1) {
        rc = bad_option("format", "'%s' prints the notes' list of one weight; the loss has several parameters",
                        "python");
        goto out;
    }
    if ((rc = parse_w0(&s, &problem)) != 0)
        goto out;
    st = gdt_program_init_data(&program, problem.loss, problem.grad, problem.n, data.ncols,
                               data.nrows, (const mpq_t *)data.cells);
    if (st != GDT_OK) {
        fprintf(stderr, "%s: %s\n", progname, gdt_status_str(st));
        rc = EXIT_RUN;
        goto out;
    }
    if (s.cmd == CMD_COMPARE)
        rc = cmd_compare(&s, &problem, &program);
    else if (s.cmd == CMD_ANALYZE)
        rc = cmd_analyze(&s, &problem, &program);
    else if (s.has_at)
        rc = cmd_run_at(&s, &problem, &program);
    else if (s.set[OPT_RESUME] != NULL)
        rc = cmd_run_resume(&s, &problem, &program);
    else
        rc = cmd_run(&s, &problem, &program);
out:
    gdt_program_clear(&program);
    gdt_problem_clear(&problem);
    gdt_data_clear(&data);
    free(s.modes_copy);
    free(s.w0_copy);
    for (i = 0; i < s.ntexts; i++)
        free(s.texts[i]);
    for (i = 0; s.w0_q != NULL && i < s.nw0; i++)
        mpq_clear(s.w0_q[i]);
    free(s.w0_q);
    free(s.w0_texts);
    mpq_clear(s.lr_q);
    return rc;
}
