/* plot -- pictures of a comparison: the data streamed to a file, drawn by
   gnuplot into a temporary file, checked, then renamed over the picture */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "gdtrace/buf.h"
#include "gdtrace/optim.h"
#include "gdtrace/plot.h"
#include "plot_impl.h"

extern char **environ;

const char *
gdt_plot_terminal(const char *path)
{
    const char *dot = strrchr(path, '.');

    if (dot == NULL)
        return NULL;
    if (strcmp(dot, ".png") == 0)
        return "pngcairo size 1000,800";
    if (strcmp(dot, ".svg") == 0)
        return "svg size 1000,800 dynamic";
    if (strcmp(dot, ".pdf") == 0)
        return "pdfcairo size 10in,8in";
    return NULL;
}

/* The first byte of S that a gnuplot string cannot hold (a control
   character: gnuplot's strings end at a newline, and other control
   characters do not reach the file name), or NULL. */
static const char *
bad_char(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < ' ' || *s == 0x7f)
            return s;
    return NULL;
}

/* GDT_OK when the directory of PATH (through a link, the directory of the
   file it names) exists and can be written in. */
static gdt_status
dir_writable(const char *path, gdt_error *err)
{
    char *real = realpath(path, NULL), *dir, *slash;
    const char *p = real != NULL ? real : path;
    gdt_status st = GDT_OK;

    if ((dir = strdup(p)) == NULL) {
        free(real);
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    }
    slash = strrchr(dir, '/');
    if (slash == dir)
        slash[1] = '\0';
    else if (slash != NULL)
        *slash = '\0';
    if (access(slash != NULL ? dir : ".", W_OK | X_OK) != 0)
        st = gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "cannot write beside '%s': %s", path,
                           strerror(errno));
    free(dir);
    free(real);
    return st;
}

gdt_status
gdt_plot_check_path(const char *path, gdt_error *err)
{
    const char *bad = bad_char(path);
    struct stat st;
    char what[32];

    if (gdt_plot_terminal(path) == NULL)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "'%s' does not end in .png, .svg or .pdf", path);
    if (bad != NULL) {
        if (*bad == '\n' || *bad == '\t' || *bad == '\r')
            snprintf(what, sizeof what, "%s", *bad == '\n' ? "a newline"
                                              : *bad == '\t' ? "a tab" : "a carriage return");
        else
            snprintf(what, sizeof what, "the control character 0x%02x",
                     (unsigned)(unsigned char)*bad);
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "the file name has %s (byte %zu), which gnuplot cannot take",
                             what, (size_t)(bad - path) + 1);
    }
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "'%s' is a directory", path);
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "'%s' is not a regular file (a FIFO "
                             "or a device): the picture is written whole, then put in place",
                             path);
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && stat(path, &st) != 0)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "'%s' is a symbolic link to no file "
                             "that can be written: %s", path, strerror(errno));
    return dir_writable(path, err);
}

/* Make a temporary file from TMPL, registered with the caller's registry
   when there is one. */
static int
temp_make(const gdt_plot *p, char *tmpl)
{
    if (p->opts.mkstemp != NULL)
        return p->opts.mkstemp(p->opts.user, tmpl);
    return mkstemp(tmpl);
}

static void
temp_forget(const gdt_plot *p, const char *path)
{
    if (p->opts.forget != NULL)
        p->opts.forget(p->opts.user, path);
}

static void
child_is(const gdt_plot *p, pid_t pid)
{
    if (p->opts.child != NULL)
        p->opts.child(p->opts.user, pid);
}

gdt_status
gdt_plot_begin(gdt_plot *p, const char *path, const mpq_t wstar, const gdt_plot_opts *opts,
               gdt_error *err)
{
    const char *dir;
    struct stat sb;
    gdt_status st;
    int fd;

    memset(p, 0, sizeof *p);
    if (opts != NULL)
        p->opts = *opts;
    dir = p->opts.tmpdir;
    mpq_init(p->wstar);
    mpq_init(p->t);
    mpfr_init2(p->x, 64);
    if ((st = gdt_plot_check_path(path, err)) != GDT_OK)
        return st;
    p->term = gdt_plot_terminal(path);
    /* the data file in $TMPDIR, when gnuplot can take its name */
    if (dir == NULL || dir[0] == '\0' || bad_char(dir) != NULL)
        dir = "/tmp";
    /* through a link, the file it names is replaced, not the link */
    p->path = lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode) ? realpath(path, NULL) : strdup(path);
    if (p->path != NULL && bad_char(p->path) != NULL) {
        free(p->path);
        p->path = NULL;
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "'%s' names a file whose name gnuplot "
                             "cannot take", path);
    }
    path = p->path != NULL ? p->path : path;
    p->data_path = malloc(strlen(dir) + 32);
    p->out_path = malloc(strlen(path) + 16);
    if (p->path == NULL || p->data_path == NULL || p->out_path == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    sprintf(p->data_path, "%s/gdtrace-plot-XXXXXX", dir);
    fd = temp_make(p, p->data_path);
    if (fd < 0 || (p->data = fdopen(fd, "w")) == NULL) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
            unlink(p->data_path);
            temp_forget(p, p->data_path);
        }
        free(p->data_path);
        p->data_path = NULL;
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "cannot make a data file in %s: %s", dir,
                             strerror(e));
    }
    p->have_data = 1;
    if (wstar != NULL) {
        p->have_wstar = 1;
        mpq_set(p->wstar, wstar);
    }
    /* the picture's temporary file, beside it, so that the rename that
       installs it stays in one file system */
    sprintf(p->out_path, "%s.tmp-XXXXXX", path);
    fd = temp_make(p, p->out_path);
    if (fd < 0)
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "cannot write beside '%s': %s", path,
                             strerror(errno));
    p->have_out = 1;
    close(fd);
    return GDT_OK;
}

/* The events marked on a mode's curves, in the order of their legend. */
enum { EV_DIFFERS, EV_NO_DIGITS, EV_SUBNORMAL, EV_INF, EV_NAN, EV_STALL, EV_SKIPPED, EV_SCALE,
       NEV };

static const struct {
    const char *name;
    int pt;        /* gnuplot's point type (cairo terminals) */
} events[NEV] = {
    [EV_DIFFERS] = { "first difference", 9 },      /* filled triangle */
    [EV_NO_DIGITS] = { "all digits wrong", 7 },    /* filled circle */
    [EV_SUBNORMAL] = { "first subnormal", 13 },    /* filled diamond */
    [EV_INF] = { "overflow to inf", 5 },           /* filled square */
    [EV_NAN] = { "nan", 2 },                       /* a cross */
    [EV_STALL] = { "stall", 11 },                  /* filled triangle down */
    [EV_SKIPPED] = { "step skipped (loss scaling)", 8 }, /* open triangle */
    [EV_SCALE] = { "scale changed", 6 },           /* open circle */
};

/* The values of a step's point of a lane: its columns in the data file. */
enum { Y_DIST, Y_ERR, Y_DIGITS, NY };
/* A lane with several runs: its band's columns after every lane's, the
   least and greatest distance, the least and greatest error, the mean's
   distance and error (band) */
#define NBAND 6

/* A mode's curves and events, as the steps went by. */
struct gdt_plot_lane {
    int has[NY];            /* some point in the column */
    double first_dist;      /* at step 0 (NaN: w0 = w*, or not finite) */
    double last[NY];        /* the last point drawn in each column, a
                               curve's or an event's */
    long last_k[NY];        /* and its step (-1: none) */
    double prev[NY];        /* the previous step's (NaN: none) */
    int finite_end;         /* the last step's distance is finite */
    long ev[NEV];           /* the event's step, -1: none */
    double ev_y[NEV][NY];   /* the point it is drawn at, per column */
};

/* log10 |Q| as a double; NaN for zero (no point: the curve has a gap). */
static double
log10_abs(gdt_plot *p, const mpq_t q)
{
    if (mpq_sgn(q) == 0)
        return NAN;
    mpfr_set_q(p->x, q, MPFR_RNDN);
    mpfr_abs(p->x, p->x, MPFR_RNDN);
    mpfr_log10(p->x, p->x, MPFR_RNDN);
    return mpfr_get_d(p->x, MPFR_RNDN);
}

/* The digits a lane's format holds (its "all"), or -1 (exact, integers:
   unbounded). */
static double
format_digits(const gdt_cmp_lane *l)
{
    if (strcmp(l->dom.ops->kind, "exact") != 0 && l->dom.prec > 0
        && strncmp(l->dom.name, "int", 3) != 0)
        return ceil((double)l->dom.prec * log10(2.0));
    return -1;
}

static gdt_status
lanes_init(gdt_plot *p, const gdt_compare *c)
{
    size_t i, j;

    p->nlanes = c->n;
    p->nparams = c->nq - 1;
    p->lanes = calloc(c->n, sizeof *p->lanes);
    if (p->lanes == NULL)
        return GDT_ENOMEM;
    for (i = 0; i < c->n; i++) {
        struct gdt_plot_lane *pl = &p->lanes[i];
        for (j = 0; j < NEV; j++)
            pl->ev[j] = -1;
        for (j = 0; j < NY; j++) {
            pl->last[j] = pl->prev[j] = NAN;
            pl->last_k[j] = -1;
        }
        pl->first_dist = NAN;
    }
    return GDT_OK;
}

static void
lanes_clear(gdt_plot *p)
{
    free(p->lanes);
    p->lanes = NULL;
}

/* Event E of lane PL happened at step K, where the columns are Y.  Where
   the curve has no point at K (an inf, a nan) the event is drawn beside
   the curve's end, its point or event of step K - 1 (or K), or when the
   curve ended before, at the top of the panel (+inf here); where it has none yet (an error
   still 0), not at all (NaN). */
static void
mark(struct gdt_plot_lane *pl, int e, long k, const double *y)
{
    int j;

    pl->ev[e] = k;
    for (j = 0; j < NY; j++) {
        pl->ev_y[e][j] = !isnan(y[j])              ? y[j]
                         : pl->last_k[j] < 0       ? NAN
                         : pl->last_k[j] >= k - 1 ? pl->last[j]
                                                   : INFINITY;
        if (isnan(y[j]) && pl->last_k[j] >= k - 1)
            pl->last_k[j] = k;   /* the next step's event may chain on */
    }
}

/* B = the least and the greatest distance (log10, as the Y_DIST column)
   and error (Y_ERR) of quantity J over lane I's runs that have values at
   this step (NaN: none). */
static void
band(gdt_plot *p, const gdt_compare *c, size_t i, size_t j, double *b)
{
    const gdt_cmp_lane *l = &c->lanes[i];
    const gdt_cmp_qty *r = &c->lanes[l->ref].q[j];
    gdt_domain *d = (gdt_domain *)&l->dom;
    size_t e;
    int k;

    mpq_t sum, u;
    size_t n = 0;

    for (k = 0; k < 6; k++)
        b[k] = NAN;
    mpq_init(sum);
    mpq_init(u);
    for (e = 0; e <= l->nens; e++) {
        const gdt_stepper *s = e == 0 ? &l->st : &l->ens[e - 1];
        const gdt_val *v;
        double y[2];
        if (!s->evaluated || (e == 0 && !l->active))
            continue;
        v = j + 1 == c->nq ? gdt_stepper_loss(s) : gdt_stepper_param(s, j);
        if (d->ops->is_nan(v, d) || d->ops->is_inf(v, d) || d->ops->get_q(p->t, v, d) != GDT_OK)
            continue;
        mpq_add(sum, sum, p->t);
        n++;
        y[1] = NAN;
        if (c->lanes[i].ref != i && c->lanes[l->ref].active && r->cls == GDT_CMP_FINITE) {
            mpq_sub(u, p->t, r->v);
            y[1] = log10_abs(p, u);
        }
        if (p->have_wstar && j == 0)
            mpq_sub(p->t, p->t, p->wstar);
        /* a run at w* exactly: the band reaches the panel's bottom */
        y[0] = mpq_sgn(p->t) == 0 ? -1e4 : log10_abs(p, p->t);
        for (k = 0; k < 2; k++) {
            if (isnan(y[k]))
                continue;
            if (isnan(b[2 * k]) || y[k] < b[2 * k])
                b[2 * k] = y[k];
            if (isnan(b[2 * k + 1]) || y[k] > b[2 * k + 1])
                b[2 * k + 1] = y[k];
        }
    }
    /* the mean's distance and error, from the exact mean */
    if (n > 0) {
        mpq_set_ui(u, (unsigned long)n, 1);
        mpq_div(sum, sum, u);
        if (c->lanes[i].ref != i && c->lanes[l->ref].active && r->cls == GDT_CMP_FINITE) {
            mpq_sub(u, sum, r->v);
            b[5] = log10_abs(p, u);
        }
        if (p->have_wstar && j == 0)
            mpq_sub(sum, sum, p->wstar);
        b[4] = log10_abs(p, sum);
    }
    mpq_clear(sum);
    mpq_clear(u);
}

gdt_status
gdt_plot_step(gdt_plot *p, const gdt_compare *c, gdt_error *err)
{
    size_t i, j;

    if (p->lanes == NULL && lanes_init(p, c) != GDT_OK)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    if (fprintf(p->data, "%lu", c->k) < 0)
        goto fail;
    /* one parameter: w; several: the loss */
    j = c->nq == 2 ? 0 : c->nq - 1;
    for (i = 0; i < c->n; i++) {
        const gdt_cmp_lane *l = &c->lanes[i];
        const gdt_cmp_qty *q = &l->q[j], *r = &c->lanes[l->ref].q[j];
        struct gdt_plot_lane *pl = &p->lanes[i];
        double y[NY] = { NAN, NAN, NAN };
        int e;

        if (l->active && q->cls == GDT_CMP_FINITE) {
            if (p->have_wstar && j == 0) {
                mpq_sub(p->t, q->v, p->wstar);
                y[Y_DIST] = log10_abs(p, p->t);
            } else {
                y[Y_DIST] = log10_abs(p, q->v);
            }
            if (q->compared && !q->equal && c->lanes[i].ref != i && r->cls == GDT_CMP_FINITE) {
                mpq_sub(p->t, q->v, r->v);
                y[Y_ERR] = log10_abs(p, p->t);
            }
        }
        if (l->active && q->compared && c->lanes[i].ref != i) {
            if (q->digits >= 0)
                y[Y_DIGITS] = (double)q->digits;
            else   /* all digits right: as many as the format holds (an
                      exact mode: as many as the reference's) */
                y[Y_DIGITS] = format_digits(l) >= 0 ? format_digits(l)
                              : format_digits(&c->lanes[l->ref]) >= 0
                                  ? format_digits(&c->lanes[l->ref])
                                  : NAN;
        }
        if (l->active) {
            if (c->k == 0)
                pl->first_dist = y[Y_DIST];
            pl->finite_end = q->cls == GDT_CMP_FINITE;
            /* the events of this step, at the step's point */
            if (q->ev.differs == (long)c->k && c->lanes[i].ref != i)
                mark(pl, EV_DIFFERS, (long)c->k, y);
            if (q->ev.no_digits == (long)c->k && c->lanes[i].ref != i)
                mark(pl, EV_NO_DIGITS, (long)c->k, y);
            if (q->ev.subnormal == (long)c->k)
                mark(pl, EV_SUBNORMAL, (long)c->k, y);
            if (q->ev.inf == (long)c->k)
                mark(pl, EV_INF, (long)c->k, y);
            if (q->ev.nan == (long)c->k)
                mark(pl, EV_NAN, (long)c->k, y);
            if (q->ev.skipped == (long)c->k)
                mark(pl, EV_SKIPPED, (long)c->k, y);
            if (q->ev.scale == (long)c->k)
                mark(pl, EV_SCALE, (long)c->k, y);
            /* a stall from step k - 1 (the stepper's stall_start), seen
               at step k: drawn at step k - 1's point */
            if (q->ev.stall >= 0 && q->ev.stall == (long)c->k - 1)
                mark(pl, EV_STALL, q->ev.stall, pl->prev);
            for (e = 0; e < NY; e++) {
                pl->has[e] |= !isnan(y[e]);
                if (!isnan(y[e])) {
                    pl->last[e] = y[e];
                    pl->last_k[e] = (long)c->k;
                }
                pl->prev[e] = y[e];
            }
        }
        if (fprintf(p->data, isnan(y[Y_DIST]) ? " NaN" : " %.9g", y[Y_DIST]) < 0
            || fprintf(p->data, isnan(y[Y_ERR]) ? " NaN" : " %.9g", y[Y_ERR]) < 0
            || fprintf(p->data, isnan(y[Y_DIGITS]) ? " NaN" : " %g", y[Y_DIGITS]) < 0)
            goto fail;
    }
    /* the bands of the lanes with several runs: per lane, the least and
       the greatest distance and error over its runs */
    for (i = 0; i < c->n; i++)
        if (c->lanes[i].nens > 0) {
            double b[NBAND];
            int k;
            band(p, c, i, j, b);
            for (k = 0; k < NBAND; k++)
                if (fprintf(p->data, isnan(b[k]) ? " NaN" : " %.9g", b[k]) < 0)
                    goto fail;
        }
    if (fputc('\n', p->data) == EOF)
        goto fail;
    return GDT_OK;
fail:
    return gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: cannot write the data file: %s",
                         strerror(errno));
}

static gdt_status
sink_step(void *ctx, const gdt_compare *c, gdt_error *err)
{
    return gdt_plot_step(ctx, c, err);
}

void
gdt_plot_sink(gdt_compare_sink *out, gdt_plot *p)
{
    out->ctx = p;
    out->numfmt = NULL;
    out->begin = NULL;
    out->step = sink_step;
    out->end = NULL;
}

gdt_status
gdt_plot_put_quoted(gdt_buf *b, const char *s, size_t max)
{
    size_t len = strlen(s), i;
    gdt_status st = gdt_buf_putc(b, '"');

    if (len > max) {
        len = max;
        while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
            len--;
    }
    for (i = 0; i < len && st == GDT_OK; i++) {
        if (s[i] == '"' || s[i] == '\\')
            st = gdt_buf_printf(b, "\\%c", s[i]);
        else
            st = gdt_buf_putc(b, (unsigned char)s[i] < ' ' || s[i] == 0x7f ? ' ' : s[i]);
    }
    if (st == GDT_OK && len < strlen(s))
        st = gdt_buf_puts(b, "...");
    return st == GDT_OK ? gdt_buf_putc(b, '"') : st;
}

gdt_status
gdt_plot_put_path(gdt_buf *b, const char *path)
{
    gdt_buf t;
    gdt_status st;

    gdt_buf_init(&t);
    st = gdt_buf_printf(&t, "%s%s", path[0] == '/' ? "" : "./", path);
    if (st == GDT_OK)
        st = gdt_plot_put_quoted(b, t.s, SIZE_MAX);
    gdt_buf_clear(&t);
    return st;
}

/* The Okabe-Ito palette, which readers with every common form of colour
   blindness tell apart (its yellow, too pale on white, left out). */
static const char *const palette[] = {
    "#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
};
#define NCOLOURS (sizeof palette / sizeof palette[0])

const char *
gdt_plot_colour(size_t i)
{
    return palette[i % NCOLOURS];
}

/* Dash patterns (gnuplot's dt) in turn, so that curves lying on top of
   each other stay apart: solid, dashed, dotted, dash-dot, ... */
static const char *const dashes[] = {
    "1", "(18,10)", "(4,8)", "(20,8,4,8)", "(10,6)", "(30,8,4,8,4,8)", "(2,5)",
};
#define NDASHES (sizeof dashes / sizeof dashes[0])

/* Lane I's name in the legend, into BUF: its label, and with lanes of
   their own optimizers, that of a lane without one after it
   ("binary64 (sgd)", "exact (momentum 0.5)"), so that every curve says
   which optimizer it follows. */
static const char *
lane_title(const gdt_compare *c, size_t i, char *buf, size_t size)
{
    const gdt_cmp_lane *l = &c->lanes[i];
    const gdt_optim *o = l->optim;
    gdt_recipe_spec r;
    char m[48] = "";

    if (c->o.optims == NULL || gdt_recipe_parse(&r, l->mode, NULL) != GDT_OK
        || r.optim != GDT_LANE_OPTIM_NONE) {
        snprintf(buf, size, "%s", l->mode);
        return buf;
    }
    if (o != NULL && o->kind == GDT_OPTIM_SGD && mpq_sgn(o->momentum) != 0)
        snprintf(m, sizeof m, "%s %.6g", o->nesterov ? "nesterov" : "momentum",
                 mpq_get_d(o->momentum));
    snprintf(buf, size, "%s (%s)", l->mode,
             m[0] != '\0' ? m : o != NULL ? gdt_optim_name(o->kind) : "sgd");
    return buf;
}

/* What the script is drawn from, decided at the end. */
struct layout {
    int col;                 /* the top panel's column: Y_DIST or Y_ERR */
    unsigned long x0, x1;    /* the steps shown */
    double y0, y1, ystep;    /* the top panel's range of log10 and tics */
    int have_y;              /* some point in it */
    double dmax;             /* the digits panel ends there */
    int have_d;
    unsigned long w, h;      /* the size */
    double font;             /* the font's size in points */
};

/* Whether the reference converges: stops on a zero gradient, or ends
   finite and nearer w* (or 0) than it started. */
static int
ref_converges(const gdt_plot *p, const gdt_compare *c)
{
    const struct gdt_plot_lane *r = &p->lanes[c->ref];

    if (c->lanes[c->ref].stop == GDT_STOP_GRAD_ZERO)
        return 1;
    if (!r->finite_end)
        return 0;
    if (isnan(r->prev[Y_DIST]))   /* at w* exactly */
        return 1;
    return !isnan(r->first_dist) && r->prev[Y_DIST] < r->first_dist;
}

/* The last step of an event of any mode, or of a mode that ended before
   the others; -1 when there is none. */
static long
last_event(const gdt_plot *p, const gdt_compare *c)
{
    long last = -1;
    size_t i;
    int e;

    for (i = 0; i < c->n; i++) {
        for (e = 0; e < NEV; e++)
            if (p->lanes[i].ev[e] > last)
                last = p->lanes[i].ev[e];
        if (c->lanes[i].steps < c->k && (long)c->lanes[i].steps > last)
            last = (long)c->lanes[i].steps;
    }
    return last;
}

/* A step of tics for the range SPAN of whole powers of ten: 1, 2, 5, 10,
   20, ... so that about 3 to 7 are labelled. */
static double
nice_step(double span, double most)
{
    double m = 1;

    for (;;) {
        if (span / m <= most)
            return m;
        if (span / (2 * m) <= most)
            return 2 * m;
        if (span / (5 * m) <= most)
            return 5 * m;
        m *= 10;
    }
}

double
gdt_plot_decade_step(double span)
{
    return nice_step(span, 7);
}

/* The step of the labelled steps: whole, at most 10 of them. */
unsigned long
gdt_plot_x_step(unsigned long span)
{
    return (unsigned long)nice_step((double)span, 10);
}

/* The range of the top panel's column and the digits over the steps
   shown, read back from the data file. */
static void
data_ranges(const gdt_plot *p, const gdt_compare *c, struct layout *L)
{
    FILE *f = fopen(p->data_path, "r");
    char *line = NULL, *s, *e;
    size_t cap = 0, i;
    double lo = INFINITY, hi = -INFINITY, dmax = -1, v;
    unsigned long k;
    int j;

    L->have_y = L->have_d = 0;
    L->dmax = 1;
    for (i = 0; i < c->n; i++)
        if (c->lanes[i].ref != i && format_digits(&c->lanes[i]) > dmax)
            dmax = format_digits(&c->lanes[i]);
    while (f != NULL && getline(&line, &cap, f) > 0) {
        k = strtoul(line, &s, 10);
        if (k < L->x0 || k > L->x1)
            continue;
        for (i = 0; i < c->n; i++)
            for (j = 0; j < NY; j++) {
                v = strtod(s, &e);
                s = e;
                if (isnan(v))
                    continue;
                if (j == L->col) {
                    lo = v < lo ? v : lo;
                    hi = v > hi ? v : hi;
                    L->have_y = 1;
                } else if (j == Y_DIGITS) {
                    L->have_d = 1;
                    if (format_digits(&c->lanes[i]) < 0 && v > dmax)
                        dmax = v; /* an exact mode: as many as it reached */
                }
            }
    }
    free(line);
    if (f != NULL)
        fclose(f);
    L->dmax = dmax > 0 ? dmax : 1;
    if (!L->have_y)
        return;
    lo = floor(lo);
    hi = ceil(hi);
    if (hi <= lo)
        hi = lo + 1;
    L->ystep = gdt_plot_decade_step(hi - lo);
    L->y0 = floor(lo / L->ystep) * L->ystep;
    L->y1 = ceil(hi / L->ystep) * L->ystep;
}

gdt_status
gdt_plot_put_power(gdt_buf *g, long n)
{
    static const char *const sup[10] = { "\u2070", "\u00b9", "\u00b2", "\u00b3", "\u2074",
                                         "\u2075", "\u2076", "\u2077", "\u2078", "\u2079" };
    char digits[24];
    gdt_status st = gdt_buf_puts(g, "10");
    int i;

    if (st == GDT_OK && n < 0)
        st = gdt_buf_puts(g, "\u207b");
    snprintf(digits, sizeof digits, "%ld", n < 0 ? -n : n);
    for (i = 0; digits[i] != '\0' && st == GDT_OK; i++)
        st = gdt_buf_puts(g, sup[digits[i] - '0']);
    return st;
}

/* set ytics with a label at each whole power of ten of the top panel. */
static gdt_status
put_decade_tics(gdt_buf *g, const struct layout *L)
{
    gdt_status st = gdt_buf_puts(g, "set ytics (");
    double t;
    int first = 1;

    for (t = L->y0; t <= L->y1 + 0.5 && st == GDT_OK; t += L->ystep) {
        st = gdt_buf_puts(g, first ? "'" : ", '");
        if (st == GDT_OK)
            st = gdt_plot_put_power(g, (long)t);
        if (st == GDT_OK)
            st = gdt_buf_printf(g, "' %.0f", t);
        first = 0;
    }
    return st == GDT_OK ? gdt_buf_puts(g, ")\nset mytics 1\n") : st;
}

/* Lane I's line style: its colour, its dash, and a width that narrows
   from the first lane on, so that lines on top of each other show as
   stripes. */
static gdt_status
put_style(gdt_buf *g, const gdt_compare *c, size_t i)
{
    double lw = 3.0 + 4.0 * (double)(c->n - 1 - i) / (double)(c->n > 1 ? c->n - 1 : 1);

    return gdt_buf_printf(g, " lw %.2f dt %s lc rgb '%s'", lw, dashes[i % NDASHES],
                          palette[i % NCOLOURS]);
}

/* The events of lane I within the steps shown, as the inline data
   $evI: step, the point in each column, the point type. */
static gdt_status
put_events(gdt_buf *g, const gdt_plot *p, const gdt_compare *c, size_t i,
           const struct layout *L, int *any)
{
    const struct gdt_plot_lane *pl = &p->lanes[i];
    gdt_status st = gdt_buf_printf(g, "$ev%zu << EOD\n", i);
    size_t m;
    int e, j;

    for (e = 0; e < NEV && st == GDT_OK; e++) {
        int later = 0, f;
        if (pl->ev[e] < 0 || (unsigned long)pl->ev[e] < L->x0
            || (unsigned long)pl->ev[e] > L->x1)
            continue;
        any[e] = 1;
        /* events of the same step nest: the earlier in the legend, and
           those of the earlier modes, drawn larger, under the later */
        for (f = e + 1; f < NEV; f++)
            later += pl->ev[f] == pl->ev[e];
        for (m = i + 1; m < c->n; m++)
            for (f = 0; f < NEV; f++)
                later += p->lanes[m].ev[f] == pl->ev[e];
        st = gdt_buf_printf(g, "%ld", pl->ev[e]);
        for (j = 0; j < NY && st == GDT_OK; j++) {
            double v = pl->ev_y[e][j];
            if (isinf(v))   /* at the top of its panel */
                v = j == Y_DIGITS ? L->dmax : j == L->col && L->have_y ? L->y1 : NAN;
            st = gdt_buf_printf(g, isnan(v) ? " NaN" : " %.17g", v);
        }
        if (st == GDT_OK)
            st = gdt_buf_printf(g, " %.1f %d\n", 2.2 + 1.3 * later, events[e].pt);
    }
    return st == GDT_OK ? gdt_buf_puts(g, "EOD\n") : st;
}

/* One panel: a curve per lane with a point in column COL (the reference
   left out of the digits), its events on it, and, with LEGEND, the
   events' shapes (ANY) in the key. */
static gdt_status
plot_panel(gdt_buf *g, const gdt_plot *p, const gdt_compare *c, int col, const char *style,
           const int *any, const struct layout *L)
{
    size_t i, nb = 0;
    int first = 1, e;
    char name[GDT_PLOT_TITLE_MAX];
    gdt_status st = GDT_OK;

    /* the bands of the lanes with several runs first, under the curves */
    for (i = 0; i < c->n && st == GDT_OK; i++) {
        if (c->lanes[i].nens == 0)
            continue;
        nb++;
        if (col == Y_DIGITS || !p->lanes[i].has[col])
            continue;
        st = gdt_buf_puts(g, first ? "plot " : ", \\\n     ");
        if (st == GDT_OK)
            st = gdt_plot_put_path(g, p->data_path);
        if (st == GDT_OK)
            st = gdt_buf_printf(g, " using 1:%zu:%zu with filledcurves fs transparent solid 0.22 "
                                   "noborder lc rgb '%s' notitle",
                                2 + NY * c->n + NBAND * (nb - 1) + (col == Y_ERR ? 2 : 0),
                                3 + NY * c->n + NBAND * (nb - 1) + (col == Y_ERR ? 2 : 0),
                                palette[i % NCOLOURS]);
        /* and the runs' mean */
        if (st == GDT_OK)
            st = gdt_buf_puts(g, ", \\\n     ");
        if (st == GDT_OK)
            st = gdt_plot_put_path(g, p->data_path);
        if (st == GDT_OK)
            st = gdt_buf_printf(g, " using 1:%zu with lines lw 2 dt 1 lc rgb '%s'",
                                6 + NY * c->n + NBAND * (nb - 1) + (col == Y_ERR ? 1 : 0),
                                palette[i % NCOLOURS]);
        if (st == GDT_OK && any != NULL)
            st = gdt_buf_puts(g, " notitle");
        if (st == GDT_OK && any == NULL) {
            char t[GDT_PLOT_TITLE_MAX + 64];
            snprintf(t, sizeof t, "mean of %zu runs", c->lanes[i].nens + 1);
            st = gdt_buf_puts(g, " title ");
            if (st == GDT_OK)
                st = gdt_plot_put_quoted(g, t, GDT_PLOT_TITLE_MAX);
        }
        first = 0;
    }
    for (i = 0; i < c->n && st == GDT_OK; i++) {
        if (!p->lanes[i].has[col] || (col == Y_DIGITS && c->lanes[i].ref == i))
            continue;
        st = gdt_buf_puts(g, first ? "plot " : ", \\\n     ");
        if (st == GDT_OK)
            st = gdt_plot_put_path(g, p->data_path);
        if (st == GDT_OK)
            st = gdt_buf_printf(g, " using 1:%zu with %s", 2 + NY * i + (size_t)col, style);
        if (st == GDT_OK)
            st = put_style(g, c, i);
        if (st == GDT_OK)
            st = gdt_buf_puts(g, any == NULL ? " title " : " notitle");
        if (st == GDT_OK && any == NULL)
            st = gdt_plot_put_quoted(g, lane_title(c, i, name, sizeof name), GDT_PLOT_TITLE_MAX);
        first = 0;
    }
    /* the events on the curves, one by one (those of a step nest): a
       white rim, then the mode's colour */
    for (i = 0; i < c->n && st == GDT_OK; i++) {
        const struct gdt_plot_lane *pl = &p->lanes[i];
        int row = 0;
        if (col == Y_DIGITS && c->lanes[i].ref == i)
            continue;
        for (e = 0; e < NEV && st == GDT_OK; e++) {
            if (pl->ev[e] < 0 || (unsigned long)pl->ev[e] < L->x0
                || (unsigned long)pl->ev[e] > L->x1)
                continue;
            row++;   /* the event's row of $evI, as put_events wrote them */
            if (isnan(pl->ev_y[e][col]) || (isinf(pl->ev_y[e][col]) && col != Y_DIGITS
                                            && !L->have_y))
                continue;
            st = gdt_buf_printf(g, "%s$ev%zu every ::%d::%d using 1:%d:($%d+0.4):%d with points "
                                   "ps variable pt variable lw 3 lc rgb 'white' notitle, \\\n     "
                                   "$ev%zu every ::%d::%d using 1:%d:%d:%d with points "
                                   "ps variable pt variable lw 2 lc rgb '%s' notitle",
                                first ? "plot " : ", \\\n     ", i, row - 1, row - 1, 2 + col,
                                2 + NY, 3 + NY, i, row - 1, row - 1, 2 + col, 2 + NY, 3 + NY,
                                palette[i % NCOLOURS]);
            first = 0;
        }
    }
    /* the legend of the shapes */
    for (e = 0; any != NULL && e < NEV && st == GDT_OK; e++)
        if (any[e])
            st = gdt_buf_printf(g, ", \\\n     NaN with points pt %d ps 2 lw 2 lc rgb '#404040' "
                                   "title '%s'", events[e].pt, events[e].name);
    return st == GDT_OK ? gdt_buf_putc(g, '\n') : st;
}

gdt_status
gdt_plot_put_terminal(gdt_buf *g, const gdt_plot *p, unsigned long w, unsigned long h,
                      double font)
{
    if (strncmp(p->term, "png", 3) == 0)
        return gdt_buf_printf(g, "set terminal pngcairo size %lu,%lu noenhanced font 'sans,%.0f'"
                                 " linewidth 1\n", w, h, font);
    if (strncmp(p->term, "svg", 3) == 0)
        return gdt_buf_printf(g, "set terminal svg size %lu,%lu dynamic noenhanced "
                                 "font 'sans,%.0f'\n", w, h, font);
    return gdt_buf_printf(g, "set terminal pdfcairo size %.2fin,%.2fin noenhanced "
                             "font 'sans,%.0f'\n", w / 100.0, h / 100.0, font * 0.75);
}

double
gdt_plot_font(unsigned long w, unsigned long h)
{
    /* about a fortieth of the height, never below 10 points */
    double font = (double)(w < h * 4 / 3 ? w * 3 / 4 : h) / 48.0;

    return font < 10 ? 10 : font;
}

gdt_status
gdt_plot_script(gdt_buf *g, const gdt_plot *p, const gdt_compare *c, const char *title)
{
    const char *refname = c->o.optims != NULL ? "ref" : c->lanes[c->ref].mode;
    char name[GDT_PLOT_TITLE_MAX];
    struct layout L;
    gdt_status st;
    int any[NEV] = { 0 }, several = c->nq > 2;
    double dpad, key_x;
    long last;
    size_t i, longest = 0;

    memset(&L, 0, sizeof L);
    L.w = p->opts.width > 0 ? p->opts.width : 1200;
    L.h = p->opts.height > 0 ? p->opts.height : 900;
    L.font = gdt_plot_font(L.w, L.h);
    L.col = p->opts.y == GDT_PLOT_Y_ERROR      ? Y_ERR
            : p->opts.y == GDT_PLOT_Y_DISTANCE ? Y_DIST
            : ref_converges(p, c)              ? Y_ERR
                                               : Y_DIST;
    last = last_event(p, c);
    L.x0 = p->opts.log_x ? 1 : 0;
    L.x1 = c->k;
    if (last >= 0 && (unsigned long)last < c->k && !p->opts.all_steps) {
        /* a little after the last event: a fifth more, at least 3 steps */
        unsigned long more = (unsigned long)last / 5 > 3 ? (unsigned long)last / 5 : 3;
        L.x1 = (unsigned long)last + more < c->k ? (unsigned long)last + more : c->k;
    }
    if (L.x1 <= L.x0)
        L.x1 = L.x0 + 1;
    if (!p->opts.log_x && L.x1 < c->k) {
        /* on to a labelled step, when the run has it */
        unsigned long t = gdt_plot_x_step(L.x1 - L.x0);
        t = (L.x1 + t - 1) / t * t;
        L.x1 = t < c->k ? t : c->k;
    }
    data_ranges(p, c, &L);

    /* the key's place: room for the longest mode's name (a mode with
       recipes, bfloat16+master32, is longer than any mode's own) */
    for (i = 0; i < c->n; i++) {
        size_t len = strlen(lane_title(c, i, name, sizeof name));
        longest = len > longest ? len : longest;
    }
    key_x = longest <= 14 ? 0.735 : longest >= 24 ? 0.565 : 0.735 - 0.017 * (double)(longest - 14);
    st = gdt_plot_put_terminal(g, p, L.w, L.h, L.font);
    if (st == GDT_OK)
        st = gdt_buf_puts(g, "set output ");
    if (st == GDT_OK)
        st = gdt_plot_put_path(g, p->out_path);
    if (st == GDT_OK)
        st = gdt_buf_putc(g, '\n');
    for (i = 0; i < c->n && st == GDT_OK; i++)
        st = put_events(g, p, c, i, &L, any);
    if (st == GDT_OK)
        st = gdt_buf_printf(g, "set datafile missing 'NaN'\nset border lw 1.5\n"
                               "set grid lw 1 lc rgb '#c8c8c8'\nset tics nomirror out scale 0.6\n"
                               "set xrange [%lu:%lu]\n%s"
                               "unset xlabel\nset lmargin at screen 0.12\n"
                               "set rmargin at screen %.3g\n"
                               "set key at screen %.4g, graph 1 left top Left reverse "
                               "samplen 3 spacing 1.3 noautotitle\n",
                            L.x0, L.x1, p->opts.log_x ? "set logscale x\nset format x '%.0f'\n" : "",
                            key_x - 0.015, key_x);
    if (st == GDT_OK && !p->opts.log_x)
        st = gdt_buf_printf(g, "set xtics %lu\n", gdt_plot_x_step(L.x1 - L.x0));
    if (st == GDT_OK && p->opts.log_x) {
        /* 1, 2, 5, 10, 20, 50, ... */
        double t;
        int first = 1;
        st = gdt_buf_puts(g, "set xtics (");
        for (t = 1; t <= (double)L.x1 && st == GDT_OK; t *= 10) {
            st = gdt_buf_printf(g, "%s%.0f", first ? "" : ", ", t);
            if (st == GDT_OK && 2 * t <= (double)L.x1)
                st = gdt_buf_printf(g, ", %.0f", 2 * t);
            if (st == GDT_OK && 5 * t <= (double)L.x1)
                st = gdt_buf_printf(g, ", %.0f", 5 * t);
            first = 0;
        }
        if (st == GDT_OK)
            st = gdt_buf_puts(g, ")\n");
    }
    if (st == GDT_OK)
        st = gdt_buf_puts(g, "set multiplot title ");
    if (st == GDT_OK)
        st = gdt_plot_put_quoted(g, title, GDT_PLOT_TITLE_MAX);
    /* the top panel */
    if (st == GDT_OK)
        st = gdt_buf_printf(g, " font ',%.0f'\nset tmargin at screen 0.89\n"
                               "set bmargin at screen 0.55\n"
                               "set label 1 at screen 0.025, screen 0.72 center rotate by 90 ",
                            L.font * 1.1);
    if (st == GDT_OK) {
        if (L.col == Y_ERR) {
            gdt_buf t;
            gdt_buf_init(&t);
            st = gdt_buf_printf(&t, "error  |%s - %s_%s|", several ? "loss" : "w",
                                several ? "loss" : "w", refname);
            if (st == GDT_OK)
                st = gdt_plot_put_quoted(g, t.s, GDT_PLOT_TITLE_MAX);
            gdt_buf_clear(&t);
        } else {
            st = gdt_buf_puts(g, several          ? "'loss'"
                                 : p->have_wstar ? "'distance  |w - w*|'"
                                                  : "'|w|'");
        }
    }
    if (st == GDT_OK)
        st = gdt_buf_puts(g, "\n");
    if (st == GDT_OK && L.have_y) {
        double pad = (L.y1 - L.y0) * 0.04;
        st = gdt_buf_printf(g, "set yrange [%.17g:%.17g]\n", L.y0 - pad, L.y1 + pad);
        if (st == GDT_OK)
            st = put_decade_tics(g, &L);
    }
    if (st == GDT_OK && L.have_y)
        st = plot_panel(g, p, c, L.col, "lines", NULL, &L);
    else if (st == GDT_OK)
        st = gdt_buf_puts(g, "set yrange [0:1]\nunset ytics\nplot NaN notitle\nset ytics\n");
    /* the digits panel, up to the most digits a compared mode holds */
    dpad = L.dmax * 0.04 > 0.3 ? L.dmax * 0.04 : 0.3;
    if (st == GDT_OK)
        st = gdt_buf_printf(g, "set tmargin at screen 0.46\nset bmargin at screen 0.12\n"
                               "set xlabel 'step'\nset label 1 %s at screen 0.025, screen 0.29 center "
                               "rotate by 90\nset format y '%%g'\nset ytics autofreq\n"
                               "set yrange [%g:%g]\n",
                            several ? "'correct digits of the loss'"
                                    : "'correct significant digits'",
                            -dpad, L.dmax + dpad);
    if (st == GDT_OK && L.dmax <= 10)
        st = gdt_buf_puts(g, "set ytics 1\n");
    if (st == GDT_OK && L.have_d)
        st = plot_panel(g, p, c, Y_DIGITS, "steps", any, &L);
    else if (st == GDT_OK)
        st = gdt_buf_puts(g, "plot NaN notitle\n");
    if (st == GDT_OK)
        st = gdt_buf_puts(g, "unset multiplot\nset output\n");
    return st;
}

/* Write SCRIPT to FD, gnuplot's standard input, so that a gnuplot that
   ends early makes the write fail (EPIPE), not the process end: SIGPIPE is
   blocked in this thread for the time of the write, and the one the write
   raised is taken back before it is unblocked.  No disposition of the
   process changes (those are its owner's). */
static gdt_status
write_script(const gdt_buf *script, int fd)
{
    struct timespec now = { 0, 0 };
    sigset_t pipe_set, old, pending;
    gdt_status st;
    int was_pending;

    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigpending(&pending);
    was_pending = sigismember(&pending, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    st = gdt_buf_write(script, fd);
    sigpending(&pending);
    if (!was_pending && sigismember(&pending, SIGPIPE))
        while (sigtimedwait(&pipe_set, NULL, &now) < 0 && errno == EINTR)
            ;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return st;
}

/* Run gnuplot on SCRIPT, its standard input; its standard output goes to
   /dev/null (never into the report).  A stop request kills it (whoever
   P->opts.child told). */
static gdt_status
run_gnuplot(const gdt_plot *p, const gdt_buf *script, gdt_error *err)
{
    char *argv[] = { "gnuplot", NULL };
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    sigset_t def, none;
    pid_t pid;
    int fds[2], rc, status, e = 0;
    gdt_status wst;

    if (pipe(fds) != 0)
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: cannot run gnuplot: %s",
                             strerror(errno));
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawnattr_init(&attr);
    sigemptyset(&def);   /* SIGXFSZ stays ignored: a size limit cuts the picture */
    sigaddset(&def, SIGPIPE);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attr, &def);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    rc = posix_spawnp(&pid, "gnuplot", &fa, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    close(fds[0]);
    if (rc != 0) {
        close(fds[1]);
        if (rc == ENOENT)
            return gdt_error_set(err, GDT_EIO, SIZE_MAX,
                                 "--plot: gnuplot is not installed (Debian package gnuplot-nox)");
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: cannot run gnuplot: %s",
                             strerror(rc));
    }
    child_is(p, pid);
    wst = write_script(script, fds[1]);
    close(fds[1]);
    while ((rc = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
        ;
    if (rc < 0)
        e = errno;
    child_is(p, 0);
    if (gdt_cancelled(p->opts.stop))
        return gdt_error_set(err, GDT_EINTERRUPTED, SIZE_MAX, "--plot: interrupted");
    if (rc < 0)
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: gnuplot: %s", strerror(e));
    if (WIFSIGNALED(status))
        return gdt_error_set(err, GDT_EIO, SIZE_MAX,
                             "--plot: gnuplot failed to draw '%s' (killed by signal %d)",
                             p->path, WTERMSIG(status));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || wst != GDT_OK)
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: gnuplot failed to draw '%s'",
                             p->path);
    return GDT_OK;
}

/* Whether the N bytes at HEAD (the file's first) and TAIL (its last) look
   like a whole picture of TERM: the format's signature and its end. */
static int
looks_whole(const char *term, const unsigned char *head, const unsigned char *tail, size_t n)
{
    static const unsigned char png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    static const unsigned char png_end[12] = { 0, 0, 0, 0, 'I', 'E', 'N', 'D',
                                               0xae, 0x42, 0x60, 0x82 };
    size_t i;

    if (strncmp(term, "png", 3) == 0)
        return n >= 20 && memcmp(head, png_sig, 8) == 0 && memcmp(tail + n - 12, png_end, 12) == 0;
    if (strncmp(term, "svg", 3) == 0) {
        while (n > 0 && (tail[n - 1] == '\n' || tail[n - 1] == ' ' || tail[n - 1] == '\r'))
            n--;
        return n >= 6 && memcmp(head, "<?xml", 5) == 0 && memcmp(tail + n - 6, "</svg>", 6) == 0;
    }
    /* pdf: "%%EOF" near the end */
    if (n < 10 || memcmp(head, "%PDF-", 5) != 0)
        return 0;
    for (i = 0; i + 5 <= n; i++)
        if (memcmp(tail + i, "%%EOF", 5) == 0)
            return 1;
    return 0;
}

/* Check the picture gnuplot wrote into P->out_path, and make it durable
   before it replaces the old one. */
static gdt_status
check_picture(const gdt_plot *p, gdt_error *err)
{
    unsigned char head[16], tail[1024];
    struct stat st;
    size_t n;
    int fd = open(p->out_path, O_RDONLY), ok;

    if (fd < 0 || fstat(fd, &st) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: %s: %s", p->out_path,
                             strerror(e));
    }
    n = st.st_size < (off_t)sizeof tail ? (size_t)st.st_size : sizeof tail;
    memset(head, 0, sizeof head);
    ok = n >= sizeof head
         && pread(fd, head, sizeof head, 0) == (ssize_t)sizeof head
         && pread(fd, tail, n, st.st_size - (off_t)n) == (ssize_t)n
         && looks_whole(p->term, head, tail, n);
    if (ok && fsync(fd) != 0) {
        int e = errno;
        close(fd);
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: cannot write '%s': %s", p->path,
                             strerror(e));
    }
    close(fd);
    if (!ok)
        return gdt_error_set(err, GDT_EIO, SIZE_MAX,
                             "--plot: gnuplot's picture is incomplete (%lld bytes; a full "
                             "disk or a file size limit?): '%s' is left as it was",
                             (long long)st.st_size, p->path);
    return GDT_OK;
}

gdt_status
gdt_plot_draw(gdt_plot *p, const gdt_buf *script, gdt_error *err)
{
    gdt_status st;
    mode_t mask;

    st = run_gnuplot(p, script, err);
    if (st == GDT_OK)
        st = check_picture(p, err);
    if (st != GDT_OK)
        return st;
    mask = umask(0);
    umask(mask);
    chmod(p->out_path, 0666 & ~mask);   /* mkstemp made it 0600 */
    if (rename(p->out_path, p->path) != 0)
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: cannot write '%s': %s", p->path,
                             strerror(errno));
    temp_forget(p, p->out_path);
    p->have_out = 0;
    return GDT_OK;
}

gdt_status
gdt_plot_end(gdt_plot *p, const gdt_compare *c, const char *title, gdt_error *err)
{
    gdt_buf g;
    gdt_status st;

    if (fclose(p->data) != 0) {
        p->data = NULL;
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: cannot write the data file: %s",
                             strerror(errno));
    }
    p->data = NULL;
    if (gdt_cancelled(p->opts.stop))
        return gdt_error_set(err, GDT_EINTERRUPTED, SIZE_MAX, "--plot: interrupted");
    gdt_buf_init(&g);
    st = gdt_plot_script(&g, p, c, title);
    if (st != GDT_OK)
        st = gdt_error_set(err, st, SIZE_MAX, "--plot: %s", gdt_status_str(st));
    if (st == GDT_OK)
        st = gdt_plot_draw(p, &g, err);
    gdt_buf_clear(&g);
    return st;
}

void
gdt_plot_clear(gdt_plot *p)
{
    if (p == NULL)
        return;
    if (p->data != NULL)
        fclose(p->data);
    if (p->have_data) {
        unlink(p->data_path);
        temp_forget(p, p->data_path);
    }
    free(p->data_path);
    if (p->have_out) {   /* not drawn, or not renamed */
        unlink(p->out_path);
        temp_forget(p, p->out_path);
    }
    free(p->out_path);
    free(p->path);
    lanes_clear(p);
    mpq_clear(p->wstar);
    mpq_clear(p->t);
    mpfr_clear(p->x);
    memset(p, 0, sizeof *p);
}
