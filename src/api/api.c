/* api -- gdt_api_call: a command from key/value strings, its jsonl records
   into memory, for bindings that cannot lay out the library's structs
   (python/gdtrace over ctypes).  It reads the options the way the command
   does (src/cli/options.c) for the options a binding passes, and runs
   them through the same layers: the session, the run loops, the reporters
   and the sweep. */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "gdtrace/analyze.h"
#include "gdtrace/api.h"
#include "gdtrace/decimal.h"
#include "gdtrace/mode.h"
#include "gdtrace/report.h"
#include "gdtrace/report_sweep.h"
#include "gdtrace/session.h"
#include "gdtrace/sweep.h"

enum { CMD_RUN = 1, CMD_COMPARE = 2, CMD_ANALYZE = 4, CMD_SWEEP = 8, CMD_ALL = 15 };

enum key_id {
    K_LOSS, K_GRAD, K_DATA, K_LR, K_W0, K_MAX_ITER, K_MODE, K_MODES, K_REF, K_PREC,
    K_ROUND, K_UPDATE, K_STOP, K_MAX_BITS, K_EVERY, K_AT, K_MAX_DEGREE, K_MAX_COEFF_BITS,
    K_GRID, K_SCALE, K_ESCAPE, K_THREADS, K_KINKS, K_COUNT
};

/* The options a binding passes, with the command's defaults (its option
   table's, src/cli/options.c; ANALYZE_DEF: analyze's own). */
static const struct key_def {
    const char *name;
    int cmds;
    const char *def, *analyze_def;
} keys[K_COUNT] = {
    [K_LOSS] = { "loss", CMD_ALL, "(w-1)^2 + 2", NULL },
    [K_GRAD] = { "grad", CMD_ALL, NULL, NULL },
    [K_DATA] = { "data", CMD_ALL, NULL, NULL },
    [K_LR] = { "lr", CMD_ALL, "10", NULL },
    [K_W0] = { "w0", CMD_ALL, "2", NULL },
    [K_MAX_ITER] = { "max-iter", CMD_ALL, "50", "1000" },
    [K_MODE] = { "mode", CMD_RUN | CMD_SWEEP, "exact", NULL },
    [K_MODES] = { "modes", CMD_COMPARE, "exact,binary64,binary32,bfloat16", NULL },
    [K_REF] = { "ref", CMD_COMPARE, NULL, NULL },
    [K_PREC] = { "prec", CMD_ALL, "53", "256" },
    [K_ROUND] = { "round", CMD_RUN | CMD_COMPARE | CMD_SWEEP, "N", NULL },
    [K_UPDATE] = { "update", CMD_RUN | CMD_COMPARE | CMD_SWEEP, "sub", NULL },
    [K_STOP] = { "stop", CMD_RUN | CMD_COMPARE, "grad-zero", NULL },
    [K_MAX_BITS] = { "max-bits", CMD_ALL, "134217728", NULL },
    [K_EVERY] = { "every", CMD_RUN, "1", NULL },
    [K_AT] = { "at", CMD_RUN | CMD_ANALYZE, NULL, NULL },
    [K_MAX_DEGREE] = { "max-degree", CMD_ANALYZE, "200", NULL },
    [K_MAX_COEFF_BITS] = { "max-coeff-bits", CMD_ANALYZE, "1048576", NULL },
    [K_GRID] = { "grid", CMD_SWEEP, NULL, NULL },
    [K_SCALE] = { "scale", CMD_SWEEP, "lin", NULL },
    [K_ESCAPE] = { "escape", CMD_SWEEP, "1e16", NULL },
    [K_THREADS] = { "threads", CMD_SWEEP, NULL, NULL },
    [K_KINKS] = { "kinks", CMD_ALL, "error", NULL },
};

#define MAX_GRADS 256
#define MAX_MODES 16
#define GRID_DEFAULT 101

/* One parameter list (--lr, --w0) read against the problem's parameters. */
struct plist {
    mpq_t *q;               /* per parameter */
    unsigned char *neg0;
    const char **texts;     /* as given (into COPY), or an axis A:B */
    char *copy;
    size_t n;
};

/* A call: the options given, what was read of them, where the message
   goes. */
struct api {
    int cmd;
    const char *v[K_COUNT];     /* each option's value, given or default */
    int given[K_COUNT];
    size_t pos[K_COUNT];        /* where it was given among the keys */
    const char *grads[MAX_GRADS];
    size_t ngrads;
    const char *modes[MAX_MODES];
    size_t nmodes, ref;
    char *modes_copy;
    unsigned long max_iter, max_bits, every, at, threads;
    long prec;
    mpfr_rnd_t rnd;
    gdt_update update;
    int stop_on_zero, detect_cycles, stop_on_stall, stop_on_nonfinite;
    gdt_kinks kinks;
    gdt_roots_budget roots;
    mpq_t lr, escape;           /* the one lr (the first parameter's) */
    int lr_neg0;
    struct plist lrs, w0;
    int lrs_differ;             /* LRS holds learning rates that differ */
    unsigned long grid[2];
    int ngrid, scale[2], nscale;
    gdt_cancel *stop;
    char *msg;
    size_t msgsize;
};

/* The message MSG for option OPT (NULL: none), and the status ST. */
static int
say(struct api *a, int st, const char *opt, const char *fmt, ...)
{
    va_list ap;
    size_t len = 0;

    if (a->msgsize == 0)
        return st;
    a->msg[0] = '\0';
    if (opt != NULL)
        len = (size_t)snprintf(a->msg, a->msgsize, "--%s: ", opt);
    if (len < a->msgsize) {
        va_start(ap, fmt);
        vsnprintf(a->msg + len, a->msgsize - len, fmt, ap);
        va_end(ap);
    }
    return st;
}

#define BAD(a, opt, ...) say(a, GDT_API_BAD_OPTION, opt, __VA_ARGS__)

/* 1 when TEXT, whose exact value is Q, is a zero written with a minus. */
static int
is_neg0(const char *text, const mpq_t q)
{
    return text[0] == '-' && mpq_sgn(q) == 0;
}

/* An exact number of option OPT. */
static int
parse_number(struct api *a, mpq_t r, const char *opt, const char *s)
{
    switch (gdt_q_parse(r, s, NULL)) {
    case GDT_OK:
        return 0;
    case GDT_ERANGE:
        return BAD(a, opt, "'%s' has an exponent beyond +-1000000", s);
    case GDT_EDIVZERO:
        return BAD(a, opt, "'%s' divides by zero", s);
    default:
        return BAD(a, opt, "'%s' is not a number", s);
    }
}

/* A whole number of option OPT in [MIN, MAX]. */
static int
parse_whole(struct api *a, unsigned long *r, const char *opt, const char *s,
            unsigned long min, unsigned long max)
{
    mpq_t q;
    int rc = 0;

    mpq_init(q);
    if (gdt_q_parse(q, s, NULL) != GDT_OK || mpz_cmp_ui(mpq_denref(q), 1) != 0)
        rc = BAD(a, opt, "'%s' is not a whole number", s);
    else if (mpq_sgn(q) < 0 || mpz_cmp_ui(mpq_numref(q), min) < 0)
        rc = BAD(a, opt, "'%s' is too small (at least %lu)", s, min);
    else if (mpz_cmp_ui(mpq_numref(q), max) > 0)
        rc = BAD(a, opt, "'%s' is too large (at most %lu)", s, max);
    else
        *r = mpz_get_ui(mpq_numref(q));
    mpq_clear(q);
    return rc;
}

/* 1 when some mode of A is of class CLS. */
static int
has_class(const struct api *a, int cls)
{
    size_t i;

    for (i = 0; i < a->nmodes; i++)
        if (gdt_mode_class_of(a->modes[i]) == cls)
            return 1;
    return 0;
}

static int
read_modes(struct api *a)
{
    char names[GDT_MODE_NAMES_SIZE], *p, *save = NULL;
    size_t i;

    if (a->cmd == CMD_ANALYZE) { /* its trajectory is mpfr's */
        a->modes[a->nmodes++] = "mpfr";
        return 0;
    }
    if (a->cmd != CMD_COMPARE) {
        if (gdt_mode_class_of(a->v[K_MODE]) < 0)
            return BAD(a, "mode", "'%s' is not a mode (%s)", a->v[K_MODE], gdt_mode_names(names));
        a->modes[a->nmodes++] = a->v[K_MODE];
        return 0;
    }
    if ((a->modes_copy = strdup(a->v[K_MODES])) == NULL)
        return say(a, GDT_API_FAILED, NULL, "out of memory");
    for (p = strtok_r(a->modes_copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        while (*p == ' ')
            p++;
        if (gdt_mode_class_of(p) < 0)
            return BAD(a, "modes", "'%s' is not a mode (%s)", p, gdt_mode_names(names));
        for (i = 0; i < a->nmodes; i++)
            if (strcmp(gdt_mode_canonical(a->modes[i]), gdt_mode_canonical(p)) == 0)
                return BAD(a, "modes", "'%s' and '%s' are the same mode (%s)", a->modes[i], p,
                           gdt_mode_canonical(p));
        if (a->nmodes == MAX_MODES)
            return BAD(a, "modes", "more than %d modes", MAX_MODES);
        a->modes[a->nmodes++] = p;
    }
    if (a->nmodes == 0)
        return BAD(a, "modes", "'%s' names no mode", a->v[K_MODES]);
    if (a->v[K_REF] != NULL) {
        for (i = 0; i < a->nmodes && (gdt_mode_class_of(a->v[K_REF]) < 0
                                      || strcmp(gdt_mode_canonical(a->modes[i]),
                                                gdt_mode_canonical(a->v[K_REF])) != 0); i++)
            ;
        if (i == a->nmodes)
            return BAD(a, "ref", "'%s' is not one of --modes", a->v[K_REF]);
        a->ref = i;
    }
    return 0;
}

/* --stop: none (max-iter), or a list of grad-zero, cycle, stall and
   nonfinite. */
static int
read_stop(struct api *a, const char *v)
{
    const char *p = v;

    a->stop_on_zero = a->detect_cycles = a->stop_on_stall = a->stop_on_nonfinite = 0;
    if (strcmp(v, "none") == 0 || strcmp(v, "max-iter") == 0)
        return 0;
    for (;;) {
        size_t len = strcspn(p, ",");
        if (len == 9 && strncmp(p, "grad-zero", 9) == 0)
            a->stop_on_zero = 1;
        else if (len == 5 && strncmp(p, "cycle", 5) == 0)
            a->detect_cycles = 1;
        else if (len == 5 && strncmp(p, "stall", 5) == 0)
            a->stop_on_stall = 1;
        else if (len == 9 && strncmp(p, "nonfinite", 9) == 0)
            a->stop_on_nonfinite = 1;
        else
            return BAD(a, "stop",
                       "'%s' is not a list of grad-zero, cycle, stall and nonfinite, or none", v);
        if (p[len] == '\0')
            return 0;
        p += len + 1;
    }
}

/* --grid N or NxM, --scale lin|log or one per axis. */
static int
read_grid(struct api *a)
{
    const char *v = a->v[K_GRID], *x, *p;
    char first[64];
    size_t len;

    if (v != NULL) {
        x = strchr(v, 'x');
        len = x != NULL ? (size_t)(x - v) : strlen(v);
        if (len >= sizeof first)
            return BAD(a, "grid", "'%s' is not N or NxM", v);
        memcpy(first, v, len);
        first[len] = '\0';
        a->ngrid = x != NULL ? 2 : 1;
        if (parse_whole(a, &a->grid[0], "grid", first, 1, 1UL << 31) != 0
            || (x != NULL && parse_whole(a, &a->grid[1], "grid", x + 1, 1, 1UL << 31) != 0))
            return GDT_API_BAD_OPTION;
    }
    for (p = a->v[K_SCALE], a->nscale = 0; a->nscale < 2;) {
        len = strcspn(p, ",");
        if (len == 3 && (strncmp(p, "lin", 3) == 0 || strncmp(p, "log", 3) == 0))
            a->scale[a->nscale++] = p[1] == 'o';
        else
            break;
        if (p[len] == '\0')
            return 0;
        p += len + 1;
    }
    return BAD(a, "scale", "'%s' is not lin, log or one of them per axis (lin,log)",
               a->v[K_SCALE]);
}

/* Every option that does not need the problem, in the command's order. */
static int
read_options(struct api *a)
{
    unsigned long prec = 0;
    const char *r;
    int rc;

    if ((rc = parse_whole(a, &a->max_iter, "max-iter", a->v[K_MAX_ITER], 0,
                             ULONG_MAX - 1)) != 0
        || (rc = read_modes(a)) != 0)
        return rc;
    if (a->given[K_PREC] && !has_class(a, GDT_MODE_MPFR) && a->cmd != CMD_ANALYZE)
        return BAD(a, "prec", "applies to mode mpfr only");
    if ((rc = parse_whole(a, &prec, "prec", a->v[K_PREC], 1, 16777216)) != 0)
        return rc;
    a->prec = (long)prec;
    if (a->cmd != CMD_ANALYZE) {
        static const char rounds[] = "NZUDA";
        static const mpfr_rnd_t rnds[] = { MPFR_RNDN, MPFR_RNDZ, MPFR_RNDU, MPFR_RNDD,
                                           MPFR_RNDA };
        r = a->v[K_ROUND];
        if (a->given[K_ROUND] && !has_class(a, GDT_MODE_MPFR) && !has_class(a, GDT_MODE_IEEE)
            && !has_class(a, GDT_MODE_NATIVE))
            return BAD(a, "round", "applies to the float modes only (exact and integers never round)");
        if (strlen(r) != 1 || strchr(rounds, r[0] & ~0x20) == NULL)
            return BAD(a, "round", "'%s' is not one of N, Z, U, D, A", r);
        a->rnd = rnds[strchr(rounds, r[0] & ~0x20) - rounds];
        if (a->rnd == MPFR_RNDA && has_class(a, GDT_MODE_NATIVE))
            return BAD(a, "round", "'%s': the native modes have no rounding away from zero", r);
        if (strcmp(a->v[K_UPDATE], "fma") == 0)
            a->update = GDT_UPDATE_FMA;
        else if (strcmp(a->v[K_UPDATE], "sub") == 0)
            a->update = GDT_UPDATE_SUB;
        else
            return BAD(a, "update", "'%s' is not sub or fma", a->v[K_UPDATE]);
    }
    if (strcmp(a->v[K_KINKS], "error") == 0)
        a->kinks = GDT_KINKS_ERROR;
    else if (strcmp(a->v[K_KINKS], "torch") == 0)
        a->kinks = GDT_KINKS_TORCH;
    else
        return BAD(a, "kinks", "'%s' is not error or torch", a->v[K_KINKS]);
    a->stop_on_zero = 1;
    if (a->v[K_STOP] != NULL && (rc = read_stop(a, a->v[K_STOP])) != 0)
        return rc;
    if ((rc = parse_whole(a, &a->max_bits, "max-bits", a->v[K_MAX_BITS], 0, 1UL << 40)) != 0)
        return rc;
    if (a->cmd == CMD_RUN
        && (rc = parse_whole(a, &a->every, "every", a->v[K_EVERY], 0, ULONG_MAX)) != 0)
        return rc;
    if (a->v[K_AT] != NULL
        && (rc = parse_whole(a, &a->at, "at", a->v[K_AT], 0, ULONG_MAX - 1)) != 0)
        return rc;
    if (a->cmd == CMD_RUN && a->v[K_AT] != NULL && strcmp(a->modes[0], "exact") != 0)
        return BAD(a, "at", "'%s' computes the exact state: it needs --mode exact", a->v[K_AT]);
    if (a->cmd == CMD_ANALYZE
        && ((rc = parse_whole(a, &a->roots.max_degree, "max-degree", a->v[K_MAX_DEGREE], 0,
                              GDT_POLY_MAX_DEGREE)) != 0
            || (rc = parse_whole(a, &a->roots.max_coeff_bits, "max-coeff-bits",
                                 a->v[K_MAX_COEFF_BITS], 0, 1UL << 40)) != 0))
        return rc;
    if (a->cmd == CMD_SWEEP) {
        if ((rc = read_grid(a)) != 0 || (rc = parse_number(a, a->escape, "escape",
                                                          a->v[K_ESCAPE])) != 0)
            return rc;
        if (mpq_sgn(a->escape) <= 0)
            return BAD(a, "escape", "'%s' is not positive", a->v[K_ESCAPE]);
        if (a->v[K_THREADS] != NULL
            && (rc = parse_whole(a, &a->threads, "threads", a->v[K_THREADS], 1, 1024)) != 0)
            return rc;
    }
    return 0;
}

static int
is_axis(const struct api *a, const char *text)
{
    return a->cmd == CMD_SWEEP && strchr(text, ':') != NULL;
}

static void
plist_clear(struct plist *l)
{
    size_t i;

    for (i = 0; l->q != NULL && i < l->n; i++)
        mpq_clear(l->q[i]);
    free(l->q);
    free(l->neg0);
    free(l->texts);
    free(l->copy);
}

/* The parameters' names, "a, b", for messages. */
static const char *
list_params(char *buf, size_t size, const gdt_problem *p)
{
    size_t i, len = 0;

    buf[0] = '\0';
    for (i = 0; i < p->n && len + 1 < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
                                p->params.name[i]);
    return buf;
}

/* " (the columns of FILE are x, y)" with a data set, so that a misspelt
   column, which reads as a parameter, is seen for what it is. */
static const char *
columns_hint(char *buf, size_t size, const struct api *a, const gdt_problem *p)
{
    size_t i, len;

    buf[0] = '\0';
    if (p->columns == NULL)
        return buf;
    len = (size_t)snprintf(buf, size, " (the columns of %s are ", a->v[K_DATA]);
    for (i = 0; i < p->columns->n && len + 1 < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
                                p->columns->name[i]);
    if (len + 2 < size)
        strcat(buf, ")");
    return buf;
}

/* TEXT, option OPT (lr or w0), for P's parameters into L: one value (for
   every parameter with lr, for the only one with w0), or NAME=X entries,
   with lr a plain X for those not named; in a sweep an entry may be an
   axis A:B (its value left 0). */
static int
read_plist(struct api *a, struct plist *l, const char *opt, const char *text,
           const gdt_problem *p)
{
    const char *dflt = NULL;
    char *piece, *save = NULL, names[256], hint[512];
    size_t i;
    int rc = 0, k, lr = opt[0] == 'l';

    l->n = p->n;
    l->q = malloc((p->n + 1) * sizeof *l->q);
    l->neg0 = calloc(p->n + 1, 1);
    l->texts = calloc(p->n + 1, sizeof *l->texts);
    l->copy = strdup(text);
    if (l->q == NULL || l->neg0 == NULL || l->texts == NULL || l->copy == NULL) {
        free(l->q);
        l->q = NULL;
        return say(a, GDT_API_FAILED, NULL, "out of memory");
    }
    for (i = 0; i < p->n; i++)
        mpq_init(l->q[i]);
    list_params(names, sizeof names, p);
    if (!lr && p->n != 1 && strchr(text, '=') == NULL)
        return BAD(a, opt, "the loss has %zu parameters (%s): give each, as %s=X,...%s", p->n,
                   names, p->params.name[0], columns_hint(hint, sizeof hint, a, p));
    if (strchr(text, '=') == NULL && strchr(text, ',') == NULL) {
        dflt = l->copy;
    } else {
        for (piece = strtok_r(l->copy, ",", &save); piece && rc == 0;
             piece = strtok_r(NULL, ",", &save)) {
            char *eq = strchr(piece, '='), *end;

            while (*piece == ' ')
                piece++;
            if (eq == NULL) {
                if (!lr)
                    return BAD(a, opt, "'%s' is not NAME=X", piece);
                if (dflt != NULL)
                    return BAD(a, opt, "'%s' is a second default (one plain X; name the "
                               "others, P=X)", piece);
                dflt = piece;
                continue;
            }
            for (end = eq; end > piece && end[-1] == ' '; end--)
                ;
            *end = '\0';
            k = gdt_names_find((gdt_names *)&p->params, piece, strlen(piece), 0);
            if (k < 0)
                return BAD(a, opt, "'%s' is not a parameter of the loss (%s)", piece, names);
            if (l->texts[k] != NULL)
                return BAD(a, opt, "'%s' is given twice", piece);
            for (eq++; *eq == ' '; eq++)
                ;
            l->texts[k] = eq;
        }
    }
    for (i = 0; i < p->n && rc == 0; i++) {
        if (l->texts[i] == NULL && dflt == NULL)
            rc = lr ? BAD(a, opt, "no learning rate for '%s' (name every parameter, or "
                          "give one for the rest: --lr X,%s=Y)", p->params.name[i],
                          p->params.name[i == 0 && p->n > 1 ? 1 : 0])
                    : BAD(a, opt, "no starting value for '%s'%s", p->params.name[i],
                          columns_hint(hint, sizeof hint, a, p));
        else if (l->texts[i] == NULL)
            l->texts[i] = dflt;
        if (rc == 0 && !is_axis(a, l->texts[i])
            && (rc = parse_number(a, l->q[i], opt, l->texts[i])) == 0)
            l->neg0[i] = (unsigned char)is_neg0(l->texts[i], l->q[i]);
    }
    return rc;
}

/* --lr and --w0 once the problem P is known: A->lr the first parameter's,
   A->lrs_differ when they are not all the same. */
static int
read_params(struct api *a, const gdt_problem *p)
{
    size_t i;
    int rc;

    if ((rc = read_plist(a, &a->lrs, "lr", a->v[K_LR], p)) != 0
        || (rc = read_plist(a, &a->w0, "w0", a->v[K_W0], p)) != 0)
        return rc;
    mpq_set(a->lr, a->lrs.q[0]);
    a->lr_neg0 = a->lrs.neg0[0];
    for (i = 0; i < p->n; i++)
        if (!mpq_equal(a->lrs.q[i], a->lr) || a->lrs.neg0[i] != a->lr_neg0
            || (is_axis(a, a->lrs.texts[i]) && strchr(a->v[K_LR], '=') != NULL))
            a->lrs_differ = 1;
    return 0;
}

static void
session_opts(gdt_session_opts *o, const struct api *a)
{
    *o = (gdt_session_opts){
        .loss = a->v[K_LOSS], .grads = a->grads, .ngrads = a->ngrads,
        .data_path = a->v[K_DATA], .mode = a->modes[0], .prec = (mpfr_prec_t)a->prec,
        .rnd = a->rnd, .max_bits = (size_t)a->max_bits, .update = a->update,
        .lr = (const mpq_t *)&a->lr, .lr_neg0 = a->lr_neg0,
        .lrs = a->lrs_differ ? (const mpq_t *)a->lrs.q : NULL,
        .lrs_neg0 = a->lrs_differ ? a->lrs.neg0 : NULL,
        .w0 = (const mpq_t *)a->w0.q, .w0_neg0 = a->w0.neg0, .max_iter = a->max_iter,
        .stop_on_zero = a->stop_on_zero, .detect_cycles = a->detect_cycles, .stop = a->stop,
        .stop_on_stall = a->stop_on_stall, .stop_on_nonfinite = a->stop_on_nonfinite,
        .kinks = a->kinks,
    };
}

static void
run_info(gdt_run_info *info, const struct api *a, const gdt_session *ss)
{
    *info = (gdt_run_info){
        .problem = &ss->problem, .loss_text = a->v[K_LOSS], .lr_text = a->v[K_LR],
        .lr_texts = a->lrs_differ ? a->lrs.texts : NULL, .w0_texts = a->w0.texts,
        .data_path = a->v[K_DATA], .data_rows = ss->program.nrows, .max_iter = a->max_iter,
    };
}

/* The status of a run that returned ST, ERR saying what failed. */
static int
run_status(struct api *a, gdt_status st, const gdt_error *err)
{
    if (st == GDT_EINTERRUPTED || (st == GDT_OK && gdt_cancelled(a->stop)))
        return say(a, GDT_API_INTERRUPTED, NULL, "interrupted");
    if (st != GDT_OK)
        return say(a, GDT_API_FAILED, NULL, "%s", err->msg);
    return GDT_API_OK;
}

static const gdt_numfmt exact_digits = { .kind = GDT_DIGITS_EXACT };

static int
cmd_run(struct api *a, gdt_session *ss, const gdt_session_opts *o, FILE *out)
{
    gdt_run_opts ro = { .stop = a->stop };
    gdt_domain dom;
    gdt_stepper stepper;
    gdt_reporter rep;
    gdt_run_sink sink;
    gdt_run_info info;
    gdt_error err;
    gdt_status st;
    int rc;

    gdt_error_clear(&err);
    gdt_reporter_init(&rep, GDT_FORMAT_JSONL, &exact_digits, out);
    rep.every = a->every;
    gdt_reporter_sink(&sink, &rep);
    run_info(&info, a, ss);
    st = gdt_session_stepper(ss, &dom, &stepper, o, &err);
    if (st != GDT_OK)
        rc = say(a, st == GDT_ENOMEM ? GDT_API_FAILED : GDT_API_BAD_OPTION,
                 ss->phase == GDT_SESSION_DOMAIN ? "mode" : NULL, "%s", err.msg);
    else
        rc = run_status(a, gdt_run_steps(&stepper, &sink, &info, &ro, &err), &err);
    gdt_reporter_clear(&rep);
    gdt_stepper_clear(&stepper);
    gdt_domain_clear(&dom);
    return rc;
}

/* run --at N: the one step N, computed exactly in closed form
   (gdt_run_at_init), then evaluated in the exact domain. */
static int
cmd_run_at(struct api *a, gdt_session *ss, const gdt_session_opts *o, FILE *out)
{
    gdt_run_opts ro = { .stop = a->stop };
    gdt_session_opts at_o = *o;
    gdt_run_at at;
    gdt_domain dom;
    gdt_stepper stepper;
    gdt_reporter rep;
    gdt_run_sink sink;
    gdt_run_info info;
    gdt_error err;
    gdt_status st;
    int rc;

    gdt_error_clear(&err);
    st = gdt_run_at_init(&at, &ss->problem, &ss->program, *o->lr, o->lrs, o->w0, a->at,
                         o->stop_on_zero, o->max_bits, &ro, &err);
    if (st != GDT_OK) {
        if (st == GDT_EINTERRUPTED)
            rc = say(a, GDT_API_INTERRUPTED, NULL, "interrupted");
        else if (st == GDT_EVALUE)
            rc = BAD(a, "at", "'%s' %s", a->v[K_AT], err.msg);
        else
            rc = say(a, GDT_API_FAILED, "at", "%s", err.msg);
        gdt_run_at_clear(&at);
        return rc;
    }
    at_o.mode = "exact";
    at_o.max_bits = 0;
    at_o.w0 = (const mpq_t *)at.w;
    at_o.lr_neg0 = 0;
    at_o.lrs_neg0 = NULL;
    at_o.w0_neg0 = NULL;
    at_o.max_iter = at.k;
    at_o.detect_cycles = 0;
    at_o.stop_on_stall = at_o.stop_on_nonfinite = 0;
    gdt_reporter_init(&rep, GDT_FORMAT_JSONL, &exact_digits, out);
    gdt_reporter_sink(&sink, &rep);
    run_info(&info, a, ss);
    info.max_iter = at.k;
    info.has_at = 1;
    st = gdt_session_stepper(ss, &dom, &stepper, &at_o, &err);
    if (st != GDT_OK)
        rc = say(a, st == GDT_ENOMEM ? GDT_API_FAILED : GDT_API_BAD_OPTION, NULL, "%s", err.msg);
    else
        rc = run_status(a, gdt_run_at_steps(&at, &stepper, &sink, &info, &err), &err);
    gdt_reporter_clear(&rep);
    gdt_stepper_clear(&stepper);
    gdt_domain_clear(&dom);
    gdt_run_at_clear(&at);
    return rc;
}

static int
cmd_compare(struct api *a, gdt_session *ss, const gdt_session_opts *o, FILE *out)
{
    gdt_run_opts ro = { .stop = a->stop };
    gdt_compare cmp;
    gdt_reporter rep;
    gdt_compare_sink sink;
    gdt_run_info info;
    gdt_error err;
    gdt_status st;
    int rc;

    gdt_error_clear(&err);
    st = gdt_session_compare(ss, &cmp, a->modes, a->nmodes, a->ref, o, &err);
    if (st != GDT_OK) {
        rc = say(a, st == GDT_ENOMEM ? GDT_API_FAILED : GDT_API_BAD_OPTION, NULL, "%s",
                 err.msg);
    } else {
        run_info(&info, a, ss);
        gdt_reporter_init(&rep, GDT_FORMAT_JSONL, &exact_digits, out);
        gdt_reporter_compare_sink(&sink, &rep);
        rc = run_status(a, gdt_run_compare(&cmp, &sink, 1, &info, &ro, &err), &err);
        gdt_reporter_clear(&rep);
    }
    gdt_compare_clear(&cmp);
    return rc;
}

static int
cmd_analyze(struct api *a, gdt_session *ss, FILE *out)
{
    gdt_run_opts ro = { .stop = a->stop };
    gdt_reporter rep;
    gdt_analyze_in in = {
        .problem = &ss->problem, .program = &ss->program, .loss_text = a->v[K_LOSS],
        .lrs = a->lrs_differ ? (const mpq_t *)a->lrs.q : NULL,
        .w0 = (const mpq_t *)a->w0.q, .has_at = a->v[K_AT] != NULL, .at = a->at,
        .max_iter = a->max_iter, .prec = (mpfr_prec_t)a->prec,
        .max_bits = (size_t)a->max_bits, .roots = a->roots,
    };
    gdt_error err;
    int rc = GDT_API_OK;

    gdt_error_clear(&err);
    mpq_init(in.lr);
    mpq_set(in.lr, a->lr);
    gdt_reporter_init(&rep, GDT_FORMAT_JSONL, &exact_digits, out);
    if (gdt_reporter_analysis(&rep, &in, &ro, &err) != GDT_OK) {
        if (err.status == GDT_EINTERRUPTED || gdt_cancelled(a->stop))
            rc = say(a, GDT_API_INTERRUPTED, NULL, "interrupted");
        else
            rc = say(a, err.status == GDT_EVALUE ? GDT_API_BAD_OPTION : GDT_API_FAILED, NULL,
                     "%s", err.msg);
    } else if (gdt_cancelled(a->stop)) {
        rc = say(a, GDT_API_INTERRUPTED, NULL, "interrupted");
    }
    gdt_reporter_clear(&rep);
    mpq_clear(in.lr);
    return rc;
}

/* Axis X from TEXT (A:B after any P=) of option OPT. */
static int
read_axis(struct api *a, gdt_sweep_axis *x, const char *opt, const char *text, int log)
{
    const char *colon = strchr(text, ':');
    char *lo = strndup(text, (size_t)(colon - text));
    int rc, cmp;

    if (lo == NULL)
        return say(a, GDT_API_FAILED, NULL, "out of memory");
    rc = parse_number(a, x->a, opt, lo);
    free(lo);
    if (rc != 0 || (rc = parse_number(a, x->b, opt, colon + 1)) != 0)
        return rc;
    x->scale = log ? GDT_SWEEP_LOG : GDT_SWEEP_LIN;
    cmp = mpq_cmp(x->a, x->b);
    if (cmp == 0)
        return BAD(a, opt, "'%s' is an empty range (A:B needs A < B)", text);
    if (cmp > 0)
        return BAD(a, opt, "'%s' is a reversed range (A:B needs A < B)", text);
    if (log && mpq_sgn(x->a) <= 0)
        return BAD(a, opt, "'%s' cannot be a log axis: its ends must be positive", text);
    return 0;
}

/* The axes of a sweep: w0's and lr's entries A:B, in the order the keys
   were given (and a list's in its order).  OPTS[k] and TEXTS[k] say
   where each came from. */
static int
find_axes(struct api *a, gdt_sweep_axis *ax, size_t *nax, const char **opts,
          const char **texts, const gdt_problem *p)
{
    int lr_first = a->given[K_LR] && a->given[K_W0] && a->pos[K_LR] < a->pos[K_W0];
    size_t n = 0, i, pass;

    for (pass = 0; pass < 2; pass++) {
        int lr = (pass == 0) == lr_first;
        const struct plist *l = lr ? &a->lrs : &a->w0;

        for (i = 0; i < p->n; i++) {
            if (!is_axis(a, l->texts[i]))
                continue;
            if (lr && !a->lrs_differ && i > 0) /* one axis for every lr */
                break;
            if (n == 2)
                return BAD(a, lr ? "lr" : "w0", "'%s': a sweep has at most two axes",
                           a->v[lr ? K_LR : K_W0]);
            ax[n].target = !lr ? GDT_SWEEP_W0 : a->lrs_differ ? GDT_SWEEP_LR_OF : GDT_SWEEP_LR;
            ax[n].param = i;
            opts[n] = lr ? "lr" : "w0";
            texts[n++] = l->texts[i];
        }
    }
    if (n == 0)
        return BAD(a, NULL, "sweep: no axis: give --lr A:B, --w0 A:B or --w0 P=A:B");
    *nax = n;
    return 0;
}

static int
cmd_sweep(struct api *a, gdt_session *ss, const gdt_session_opts *o, FILE *out)
{
    gdt_sweep_axis axes[2];
    const char *opts[2], *texts[2];
    gdt_sweep_opts so;
    gdt_sweep_report rep;
    gdt_sweep_sink sink;
    gdt_sweep_info info;
    gdt_affine affine;
    gdt_error err;
    gdt_status st;
    size_t nax = 0, k, bad;
    uint64_t done = 0;
    int rc, has_affine = 0;
    long cores;

    gdt_error_clear(&err);
    memset(&rep, 0, sizeof rep);
    for (k = 0; k < 2; k++)
        gdt_sweep_axis_init(&axes[k]);
    if ((rc = find_axes(a, axes, &nax, opts, texts, &ss->problem)) != 0)
        goto out;
    for (k = 0; k < nax; k++)
        if ((rc = read_axis(a, &axes[k], opts[k], texts[k],
                            a->scale[a->nscale == 2 ? k : 0])) != 0)
            goto out;
    if (a->ngrid == 2 && nax == 1) {
        rc = BAD(a, "grid", "'%s' has two axes, and the sweep one", a->v[K_GRID]);
        goto out;
    }
    if (a->nscale == 2 && nax == 1) {
        rc = BAD(a, "scale", "'%s' has two axes, and the sweep one", a->v[K_SCALE]);
        goto out;
    }
    for (k = 0; k < nax; k++) {
        int cls = gdt_mode_class_of(a->modes[0]);
        if (axes[k].scale == GDT_SWEEP_LOG && (cls == GDT_MODE_EXACT || cls == GDT_MODE_INT)) {
            rc = BAD(a, "scale", "'%s': a log axis has irrational points, which mode %s "
                     "cannot hold (a float mode can)", a->v[K_SCALE], a->modes[0]);
            goto out;
        }
    }
    for (k = 0; k < nax; k++)
        axes[k].n = a->ngrid == 0 ? GRID_DEFAULT : a->grid[a->ngrid == 2 ? k : 0];
    if (nax == 2 && (uint64_t)axes[0].n * axes[1].n > (UINT64_C(1) << 31)) {
        rc = BAD(a, "grid", "'%s' has more than 2^31 points with two axes", a->v[K_GRID]);
        goto out;
    }
    cores = sysconf(_SC_NPROCESSORS_ONLN);
    so = (gdt_sweep_opts){
        .prog = &ss->program, .names = ss->problem.params.name, .mode = o->mode,
        .prec = o->prec, .rnd = o->rnd, .max_bits = o->max_bits, .update = o->update,
        .lr = o->lr, .lr_neg0 = o->lr_neg0, .lrs = o->lrs, .lrs_neg0 = o->lrs_neg0,
        .w0 = o->w0, .w0_neg0 = o->w0_neg0, .max_iter = o->max_iter, .axes = axes,
        .naxes = nax, .escape = (const mpq_t *)&a->escape,
        .threads = a->threads != 0 ? (unsigned)a->threads
                   : cores > 0 && cores < 1024 ? (unsigned)cores : 1,
        .stop = a->stop,
    };
    if ((st = gdt_sweep_check(&so, &bad, &err)) != GDT_OK) {
        if (bad != SIZE_MAX)
            rc = BAD(a, opts[bad], "'%s': %s", texts[bad], err.msg);
        else
            rc = BAD(a, "mode", "%s", err.msg);
        if (st == GDT_ENOMEM)
            rc = GDT_API_FAILED;
        goto out;
    }
    /* a one-parameter quadratic loss: the class column */
    if (ss->problem.n == 1 && gdt_problem_is_affine(&ss->problem)) {
        has_affine = 1;
        if (gdt_affine_init(&affine, &ss->program) != GDT_OK) {
            gdt_affine_clear(&affine);
            has_affine = 0;
        }
    }
    st = gdt_sweep_report_init(&rep, GDT_FORMAT_JSONL, &exact_digits, out, &so,
                               has_affine ? &affine : NULL, 0);
    info = (gdt_sweep_info){
        .loss_text = a->v[K_LOSS], .grads = a->grads, .ngrads = a->ngrads,
        .data_path = a->v[K_DATA], .lr_text = a->v[K_LR], .w0_text = a->v[K_W0],
        .escape_text = a->v[K_ESCAPE],
    };
    if (st != GDT_OK)
        gdt_error_set(&err, st, SIZE_MAX, "%s", gdt_status_str(st));
    if (st == GDT_OK)
        st = gdt_sweep_report_begin(&rep, &info, &err);
    if (st == GDT_OK) {
        gdt_sweep_report_sink(&sink, &rep);
        st = gdt_sweep_run(&so, &sink, &done, &err);
    }
    if (st == GDT_OK || st == GDT_EINTERRUPTED) {
        gdt_status end = gdt_sweep_report_end(&rep, done, st == GDT_EINTERRUPTED, &err);
        if (end != GDT_OK)
            st = end;
    }
    rc = run_status(a, st, &err);
out:
    gdt_sweep_report_clear(&rep);
    if (has_affine)
        gdt_affine_clear(&affine);
    for (k = 0; k < 2; k++)
        gdt_sweep_axis_clear(&axes[k]);
    return rc;
}

/* The keys and values given, each known and meant for COMMAND. */
static int
read_keys(struct api *a, size_t n, const char *const *k, const char *const *v)
{
    size_t i;
    int id;

    for (i = 0; i < n; i++) {
        for (id = 0; id < K_COUNT && strcmp(keys[id].name, k[i]) != 0; id++)
            ;
        if (id == K_COUNT)
            return BAD(a, NULL, "'%s' is not an option of gdtrace", k[i]);
        if (!(keys[id].cmds & a->cmd))
            return BAD(a, k[i], "is not an option of this command");
        if (v[i] == NULL)
            return BAD(a, k[i], "has no value");
        if (id == K_GRAD) {
            if (a->ngrads == MAX_GRADS)
                return BAD(a, "grad", "more than %d", MAX_GRADS);
            a->grads[a->ngrads++] = v[i];
            continue;
        }
        if (a->given[id])
            return BAD(a, k[i], "is given twice");
        a->given[id] = 1;
        a->v[id] = v[i];
        a->pos[id] = i;
    }
    for (id = 0; id < K_COUNT; id++)
        if (!a->given[id])
            a->v[id] = a->cmd == CMD_ANALYZE && keys[id].analyze_def != NULL
                           ? keys[id].analyze_def : keys[id].def;
    return 0;
}

/* Where a session failed to open, as the command's message says it. */
static int
open_failed(struct api *a, const gdt_session *ss, gdt_status st, const gdt_error *err)
{
    int rc = st == GDT_ENOMEM ? GDT_API_FAILED : GDT_API_BAD_OPTION;

    if (ss->phase == GDT_SESSION_DATA)
        return say(a, rc, "data", "%s", err->msg);
    if (ss->phase == GDT_SESSION_PROBLEM) {
        const char *opt = ss->where != NULL && ss->where != a->v[K_LOSS] ? "grad" : "loss";
        if (err->pos != SIZE_MAX) /* as the command's first line says it */
            return say(a, rc, NULL, "--%s, column %zu: %s", opt, err->pos + 1, err->msg);
        return say(a, rc, opt, "%s", err->msg);
    }
    return say(a, GDT_API_FAILED, NULL, "%s", err->msg);
}

int
gdt_api_call(const char *command, size_t n, const char *const *k, const char *const *v,
             gdt_cancel *stop, char **out, size_t *len, char *msg, size_t msgsize)
{
    static const char *const commands[] = { "run", "compare", "analyze", "sweep" };
    struct api a;
    gdt_session ss;
    gdt_session_opts o;
    gdt_error err;
    gdt_status st;
    FILE *f = NULL;
    size_t i;
    int rc;

    *out = NULL;
    *len = 0;
    memset(&a, 0, sizeof a);
    a.stop = stop;
    a.msg = msg;
    a.msgsize = msgsize;
    if (msgsize > 0)
        msg[0] = '\0';
    mpq_init(a.lr);
    mpq_init(a.escape);
    gdt_error_clear(&err);
    memset(&ss, 0, sizeof ss);
    gdt_data_init(&ss.data);
    for (i = 0; i < 4 && strcmp(commands[i], command) != 0; i++)
        ;
    if (i == 4) {
        rc = BAD(&a, NULL, "'%s' is not a command (run, compare, analyze, sweep)", command);
        goto out;
    }
    a.cmd = 1 << i;
    if ((rc = read_keys(&a, n, k, v)) != 0 || (rc = read_options(&a)) != 0)
        goto out;
    session_opts(&o, &a);
    if ((st = gdt_session_open(&ss, &o, &err)) != GDT_OK) {
        rc = open_failed(&a, &ss, st, &err);
        goto out;
    }
    if ((rc = read_params(&a, &ss.problem)) != 0)
        goto out;
    session_opts(&o, &a);
    if ((f = open_memstream(out, len)) == NULL) {
        rc = say(&a, GDT_API_FAILED, NULL, "out of memory");
        goto out;
    }
    if (a.cmd == CMD_RUN && a.v[K_AT] != NULL)
        rc = cmd_run_at(&a, &ss, &o, f);
    else if (a.cmd == CMD_RUN)
        rc = cmd_run(&a, &ss, &o, f);
    else if (a.cmd == CMD_COMPARE)
        rc = cmd_compare(&a, &ss, &o, f);
    else if (a.cmd == CMD_ANALYZE)
        rc = cmd_analyze(&a, &ss, f);
    else
        rc = cmd_sweep(&a, &ss, &o, f);
    if (fclose(f) != 0 && rc == 0)
        rc = say(&a, GDT_API_FAILED, NULL, "out of memory");
out:
    gdt_session_clear(&ss);
    plist_clear(&a.lrs);
    plist_clear(&a.w0);
    free(a.modes_copy);
    mpq_clear(a.lr);
    mpq_clear(a.escape);
    return rc;
}

void
gdt_api_free(char *out)
{
    free(out);
}
