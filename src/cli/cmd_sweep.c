/* cmd_sweep -- gdtrace sweep: every point of a grid of learning rates and
   starting points run to its outcome, one record each */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "gdtrace/dimension.h"
#include "gdtrace/map.h"
#include "gdtrace/plot.h"
#include "gdtrace/report_sweep.h"
#include "gdtrace/sweep.h"
#include "cli_impl.h"

#define GRID_DEFAULT 101

/* An axis as typed: its option, its text (A:B, after any P=), and where
   it stands on the command line. */
struct axis_text {
    const char *opt, *text;
    int pos;
    gdt_sweep_target target;
    size_t param;
};

/* Add the axes among TEXTS (per parameter of P, NULL where not given),
   entries of option OPT at command-line position POS, to AX[*N]: at most
   two in all.  0, or EXIT_USAGE after the message. */
static int
add_axes(struct axis_text *ax, size_t *n, const struct settings *s, const gdt_problem *p,
         const char *opt, const char *const *texts, int pos, gdt_sweep_target target)
{
    size_t i;

    for (i = 0; texts != NULL && i < p->n; i++) {
        if (texts[i] == NULL || !cli_is_axis(s, texts[i]))
            continue;
        if (*n == 2)
            return cli_bad_option(opt, "'%s': a sweep has at most two axes",
                                  target == GDT_SWEEP_W0 ? s->w0 : s->lr);
        ax[(*n)++] = (struct axis_text){ opt, texts[i], pos, target, i };
    }
    return 0;
}

/* 1 when axis text A was given after B: a later option, or a later entry
   of the same option's list. */
static int
axis_after(const struct axis_text *a, const struct axis_text *b)
{
    return a->pos != b->pos ? a->pos > b->pos : a->text > b->text;
}

/* The axes of S in the order they were given: --lr's and --w0's by their
   places on the command line, the entries of a list (--w0 a=A:B,b=C:D,
   --lr a=A:B,b=C:D) in its order.  0, or EXIT_USAGE after the message. */
static int
find_axes(struct axis_text *ax, size_t *nax, const struct settings *s, const gdt_problem *p)
{
    size_t n = 0;
    int rc;

    if ((rc = add_axes(ax, &n, s, p, "w0", (const char *const *)s->w0_texts,
                       s->argpos[OPT_W0], GDT_SWEEP_W0)) != 0)
        return rc;
    if (s->lr != NULL && s->lr_texts != NULL)
        rc = add_axes(ax, &n, s, p, "lr", (const char *const *)s->lr_texts,
                      s->argpos[OPT_LR], GDT_SWEEP_LR_OF);
    else if (s->lr != NULL && cli_is_axis(s, s->lr)) {
        if (n == 2)
            return cli_bad_option("lr", "'%s': a sweep has at most two axes", s->lr);
        ax[n++] = (struct axis_text){ "lr", s->lr, s->argpos[OPT_LR], GDT_SWEEP_LR, 0 };
    }
    if (rc != 0)
        return rc;
    if (n == 2 && axis_after(&ax[0], &ax[1])) {
        struct axis_text t = ax[0];
        ax[0] = ax[1];
        ax[1] = t;
    }
    if (n == 0) {
        fprintf(stderr, "%s: sweep: no axis: give --lr A:B, --w0 A:B or --w0 P=A:B\n", progname);
        return EXIT_USAGE;
    }
    *nax = n;
    return 0;
}

/* Axis X from its text T: A:B, A < B, exact decimals; log ends positive. */
static int
read_axis(gdt_sweep_axis *x, const struct axis_text *t, int log)
{
    const char *colon = strchr(t->text, ':');
    char *a = strndup(t->text, (size_t)(colon - t->text));
    int rc, cmp;

    if (a == NULL)
        return EXIT_RUN;
    rc = cli_parse_number(x->a, t->opt, a);
    free(a);
    if (rc == 0)
        rc = cli_parse_number(x->b, t->opt, colon + 1);
    if (rc != 0)
        return rc;
    x->target = t->target;
    x->param = t->param;
    x->scale = log ? GDT_SWEEP_LOG : GDT_SWEEP_LIN;
    cmp = mpq_cmp(x->a, x->b);
    if (cmp == 0)
        return cli_bad_option(t->opt, "'%s' is an empty range (A:B needs A < B)", t->text);
    if (cmp > 0)
        return cli_bad_option(t->opt, "'%s' is a reversed range (A:B needs A < B)", t->text);
    if (log && mpq_sgn(x->a) <= 0)
        return cli_bad_option(t->opt, "'%s' cannot be a log axis: its ends must be positive",
                              t->text);
    return 0;
}

/* The grid and scales of S over the NAX axes X.  0 or EXIT_USAGE. */
static int
read_grid(gdt_sweep_axis *x, size_t nax, const struct settings *s)
{
    size_t k;

    if (s->ngrid == 2 && nax == 1)
        return cli_bad_option("grid", "'%s' has two axes, and the sweep one", s->set[OPT_GRID]);
    if (s->nscale == 2 && nax == 1)
        return cli_bad_option("scale", "'%s' has two axes, and the sweep one", s->set[OPT_SCALE]);
    for (k = 0; k < nax; k++)
        x[k].n = s->ngrid == 0 ? GRID_DEFAULT : s->grid[s->ngrid == 2 ? k : 0];
    if (nax == 2 && (uint64_t)x[0].n * x[1].n > (UINT64_C(1) << 31))
        return cli_bad_option("grid", "'%s' has more than 2^31 points with two axes",
                              s->set[OPT_GRID]);
    for (k = 0; k < nax; k++) {
        int cls = gdt_mode_class_of(s->modes[0]);
        if (s->scale[s->nscale == 2 ? k : 0] && (cls == GDT_MODE_EXACT || cls == GDT_MODE_INT)) {
            fprintf(stderr, "%s: --scale: '%s': a log axis has irrational points, which mode %s "
                            "cannot hold (a float mode can)\n", progname, s->set[OPT_SCALE],
                    s->modes[0]);
            return EXIT_USAGE;
        }
    }
    return 0;
}

int
cli_out_open(struct cli_out_file *o, const char *opt, const char *path)
{
    int fd;

    o->opt = opt;
    o->path = path;
    o->f = NULL;
    o->tmp = malloc(strlen(path) + 16);
    if (o->tmp == NULL)
        return EXIT_RUN;
    sprintf(o->tmp, "%s.tmp-XXXXXX", path);
    fd = cli_guard_mkstemp(o->tmp);
    if (fd < 0 || (o->f = fdopen(fd, "wb")) == NULL) {
        fprintf(stderr, "%s: --%s: cannot write beside '%s': %s\n", progname, opt, path,
                strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
            cli_guard_forget(o->tmp);
        }
        free(o->tmp);
        o->tmp = NULL;
        return EXIT_USAGE;
    }
    return 0;
}

int
cli_out_finish(struct cli_out_file *o, const gdt_sweep_report *r,
           gdt_status (*write)(const gdt_sweep_report *r, FILE *f, gdt_error *err))
{
    gdt_error err;
    int rc = 0;
    mode_t mask;

    if (o->f == NULL)
        return 0;
    gdt_error_clear(&err);
    if (write != NULL && write(r, o->f, &err) != GDT_OK) {
        fprintf(stderr, "%s: --%s: %s: %s\n", progname, o->opt, o->path, err.msg);
        rc = EXIT_RUN;
    }
    if (fclose(o->f) != 0 && rc == 0 && write != NULL) {
        fprintf(stderr, "%s: --%s: %s: write error: %s\n", progname, o->opt, o->path,
                strerror(errno));
        rc = EXIT_RUN;
    }
    o->f = NULL;
    if (write != NULL && rc == 0) {
        mask = umask(0);
        umask(mask);
        chmod(o->tmp, 0666 & ~mask); /* mkstemp made it 0600 */
        if (rename(o->tmp, o->path) != 0) {
            fprintf(stderr, "%s: --%s: cannot write '%s': %s\n", progname, o->opt, o->path,
                    strerror(errno));
            rc = EXIT_RUN;
        }
    }
    if (write == NULL || rc != 0)
        unlink(o->tmp);
    cli_guard_forget(o->tmp);
    free(o->tmp);
    o->tmp = NULL;
    return rc;
}

/* R's map: its outcomes and steps on its grid. */
static gdt_map
sweep_map(const gdt_sweep_report *r)
{
    const gdt_sweep_opts *o = r->o;

    return (gdt_map){ .width = o->axes[0].n, .height = o->naxes == 2 ? o->axes[1].n : 1,
                      .outcome = r->outcome, .step = r->step, .max_iter = o->max_iter };
}

gdt_status
cli_sweep_write_png(const gdt_sweep_report *r, FILE *f, gdt_error *err)
{
    gdt_map m = sweep_map(r);

    return gdt_map_write_png(f, &m, err);
}

int
cli_sweep_write_plot(const gdt_sweep_report *r, const char *path, const char *title)
{
    const gdt_sweep_opts *o = r->o;
    gdt_map m = sweep_map(r);
    gdt_map_plot_opts mo;
    gdt_plot_opts po;
    gdt_error err;
    gdt_status st;
    size_t k;

    memset(&mo, 0, sizeof mo);
    for (k = 0; k < o->naxes; k++)
        mo.axis[k] = (gdt_map_axis){ .name = r->names[k], .first = mpq_get_d(o->axes[k].a),
                                     .last = mpq_get_d(o->axes[k].b),
                                     .log = o->axes[k].scale == GDT_SWEEP_LOG };
    mo.title = title;
    cli_plot_opts(&po);
    gdt_error_clear(&err);
    st = gdt_map_write_plot(path, &m, &mo, &po, &err);
    if (st == GDT_EINTERRUPTED)
        return cli_interrupted_status();
    if (st != GDT_OK) {
        fprintf(stderr, "%s: --plot: %s\n", progname, err.msg);
        return EXIT_RUN;
    }
    return 0;
}

/* The box-counting dimension of R's boundary (one axis): in jsonl a last
   record on standard output, after the summary; else lines on standard
   error, so that a csv reader sees only the records. */
static void
print_dimension(const gdt_sweep_report *r, gdt_format format)
{
    FILE *f = format == GDT_FORMAT_JSONL ? stdout : stderr;
    gdt_dimension d;
    size_t k;

    gdt_dimension_count(&d, r->outcome, r->o->axes[0].n);
    if (fabs(d.estimate) < 5e-7) /* printed 0.000000, never -0.000000 */
        d.estimate = 0;
    if (format == GDT_FORMAT_JSONL) {
        if (isnan(d.estimate))
            fputs("{\"dimension\": {\"estimate\": null", f);
        else
            fprintf(f, "{\"dimension\": {\"estimate\": %.6f", d.estimate);
        fprintf(f, ", \"fit\": [%zu, %zu], \"levels\": [", d.fit_lo, d.fit_hi);
        for (k = 0; k < d.nlevels; k++)
            fprintf(f, "%s{\"box\": %llu, \"boxes\": %llu, \"count\": %llu}",
                    k > 0 ? ", " : "", 1ULL << k, (unsigned long long)d.boxes[k],
                    (unsigned long long)d.count[k]);
        fputs("]}}\n", f);
        return;
    }
    if (isnan(d.estimate))
        fprintf(f, "%s: sweep: dimension: none (%s)\n", progname,
                d.count[0] == 0 ? "no change of outcome" : "too few points for two levels");
    else
        fprintf(f, "%s: sweep: dimension %.6f, the least-squares slope of log(count) on "
                   "log(1/size) over levels %zu..%zu (boxes of 2^k intervals, at least %d "
                   "boxes)\n", progname, d.estimate, d.fit_lo, d.fit_hi,
                GDT_DIMENSION_MIN_BOXES);
    for (k = 0; k < d.nlevels; k++)
        fprintf(f, "%s: sweep: level %zu: box %llu, %llu boxes, %llu with a change\n",
                progname, k, 1ULL << k, (unsigned long long)d.boxes[k],
                (unsigned long long)d.count[k]);
}

int
cli_sweep_outputs(struct cli_out_file *npy_out, struct cli_out_file *png_out, const char *npy,
                  const char *png, const char *plot)
{
    gdt_error err;
    int rc;

    gdt_error_clear(&err);
    if (plot != NULL && gdt_plot_check_path(plot, &err) != GDT_OK) {
        fprintf(stderr, "%s: --plot: %s\n", progname, err.msg);
        return EXIT_USAGE;
    }
    if ((npy != NULL && (rc = cli_out_open(npy_out, "npy", npy)) != 0)
        || (png != NULL && (rc = cli_out_open(png_out, "png", png)) != 0))
        return rc;
    return 0;
}

void
cli_sweep_title(char *buf, size_t size, const char *loss, const char *mode)
{
    snprintf(buf, size, "%.200s  (%s)", loss, mode);
}

/* --shard K/N of S: SH, the part's range of O's points, contiguous in the
   grid's order (part K: floor((K-1) P/N) .. floor(K P/N) - 1), and TITLE
   for the merged map.  0, or EXIT_USAGE after the message: a part does
   not write the .npy file or the pictures, which are the merge's, nor
   values rounded to --digits N, which jsonl never rounds. */
static int
shard_range(gdt_sweep_shard *sh, gdt_sweep_opts *o, const struct settings *s, char *title,
            const char *mode)
{
    uint64_t n = gdt_sweep_points(o), lo, hi;
    int k;
    static const enum opt_id merged[] = { OPT_NPY, OPT_PNG, OPT_PLOT };

    for (k = 0; k < 3; k++)
        if (s->set[merged[k]] != NULL) {
            fprintf(stderr, "%s: --shard: a part writes no --%s; give it to gdtrace merge\n",
                    progname, merged[k] == OPT_NPY ? "npy" : merged[k] == OPT_PNG ? "png" : "plot");
            return EXIT_USAGE;
        }
    if (s->set[OPT_DIMENSION] != NULL) {
        fprintf(stderr, "%s: --shard: a part has not the whole boundary for --dimension\n",
                progname);
        return EXIT_USAGE;
    }
    if (s->numfmt.kind == GDT_DIGITS_N)
        return cli_bad_option("digits", "'%s' would round values, and a part's records are "
                              "jsonl's, never rounded", s->set[OPT_DIGITS]);
    lo = (uint64_t)(s->shard[0] - 1) * n / s->shard[1];
    hi = (uint64_t)s->shard[0] * n / s->shard[1];
    *sh = (gdt_sweep_shard){ .k = s->shard[0], .n = s->shard[1], .first = lo,
                             .count = hi - lo, .title = title };
    cli_sweep_title(title, 256, s->loss, mode);
    o->first = lo;
    o->count = hi - lo;
    return 0;
}

/* Open --resume's FILE, locked, for a sweep without --npy, --png or
   --plot (its format, csv or jsonl, checked with the options).  0, or EXIT_USAGE after the message. */
static int
resume_open(gdt_resume *res, const struct settings *s, const char *path)
{
    gdt_error err;

    if (s->set[OPT_NPY] != NULL || s->set[OPT_PNG] != NULL || s->set[OPT_PLOT] != NULL)
        return cli_bad_option("resume", "'%s': --npy, --png and --plot need every point of one sweep: give them to a sweep run whole", path);
    gdt_error_clear(&err);
    if (gdt_resume_open(res, path, &err) != GDT_OK) {
        fprintf(stderr, "%s: --resume: %s\n", progname, err.msg);
        return EXIT_USAGE;
    }
    return 0;
}

/* The status of a resume that does not go on: ST and ERR as
   gdt_sweep_resume_prepare left them, or the file T whole already. */
static int
resume_stopped(const gdt_resume *res, const gdt_sweep_trail *t, gdt_status st,
               const gdt_error *err)
{
    if (st == GDT_OK) {
        fprintf(stderr, "%s: --resume: %s is the whole sweep already (%llu points); left as "
                        "it is\n", progname, res->path, (unsigned long long)t->points);
        return 0;
    }
    if (st == GDT_EINTERRUPTED) {
        fprintf(stderr, "%s: --resume: %s: interrupted while reading it back; left as it is\n",
                progname, res->path);
        return cli_interrupted_status();
    }
    fprintf(stderr, "%s: --resume: %s\n", progname, err->msg);
    return st == GDT_EVALUE && res->phase == GDT_RESUME_READ ? EXIT_USAGE : EXIT_RUN;
}

int
cli_cmd_sweep(struct settings *s, gdt_session *ss, const gdt_session_opts *o)
{
    return cli_sweep_with(s, ss, o, NULL);
}


/* A sweep's sink with the progress line: told the points written. */
struct sweep_progress {
    gdt_sweep_sink inner;
    struct cli_progress p;
    uint64_t first;             /* the first point this process runs */
};

static gdt_status
sp_record(void *ctx, const gdt_sweep_point *pt, gdt_buf *out, gdt_error *err)
{
    struct sweep_progress *w = ctx;
    return w->inner.record(w->inner.ctx, pt, out, err);
}

static gdt_status
sp_write(void *ctx, gdt_buf *records, uint64_t first, uint64_t n, gdt_error *err)
{
    struct sweep_progress *w = ctx;
    gdt_status st = w->inner.write(w->inner.ctx, records, first, n, err);

    cli_progress_update(&w->p, (unsigned long)(first + n - w->first));
    return st;
}

/* A process that computes points for another one (RUN->writes 0): a
   part's report of the whole grid handed to RUN, no output of its own.
   0, EXIT_RUN after the message, or the interrupted status. */
static int
compute_for_writer(const struct cli_sweep_runner *run, const struct settings *s,
                   const gdt_sweep_opts *so, const gdt_affine *affine)
{
    gdt_sweep_shard whole = { .k = 1, .n = 1, .first = 0, .count = gdt_sweep_points(so) };
    gdt_sweep_report rep;
    gdt_error err;
    gdt_status st;
    uint64_t done = 0;

    gdt_error_clear(&err);
    st = gdt_sweep_report_init(&rep, GDT_FORMAT_JSONL, &s->numfmt, stdout, so, affine, 0);
    rep.shard = &whole;
    if (st == GDT_OK)
        st = run->run(run->ctx, so, &rep, &done, &err);
    else
        gdt_error_set(&err, st, SIZE_MAX, "%s", gdt_status_str(st));
    gdt_sweep_report_clear(&rep);
    if (st == GDT_EINTERRUPTED)
        return cli_interrupted_status();
    if (st != GDT_OK) {
        fprintf(stderr, "%s: %s\n", progname, err.msg);
        return EXIT_RUN;
    }
    return 0;
}

int
cli_sweep_with(struct settings *s, gdt_session *ss, const gdt_session_opts *o,
               const struct cli_sweep_runner *run)
{
    struct axis_text at[2];
    gdt_sweep_axis axes[2];
    gdt_sweep_opts so;
    gdt_sweep_report rep;
    gdt_sweep_sink sink;
    gdt_sweep_info info;
    gdt_affine affine;
    gdt_sweep_shard shard;
    char title[256];
    gdt_error err;
    gdt_status st;
    const char *npy = s->set[OPT_NPY], *png = s->set[OPT_PNG], *plot = s->set[OPT_PLOT];
    struct cli_out_file npy_out = { 0 }, png_out = { 0 };
    const char *resume = s->set[OPT_RESUME];
    gdt_resume res = { .fd = -1 };
    gdt_sweep_trail trail = { 0 };
    struct stat sb = { 0 };
    int locked = 0;
    size_t nax = 0, k, bad;
    uint64_t done = 0;
    int rc, has_affine = 0;
    long cores;

    gdt_error_clear(&err);
    memset(&rep, 0, sizeof rep);
    for (k = 0; k < 2; k++)
        gdt_sweep_axis_init(&axes[k]);
    if ((rc = find_axes(at, &nax, s, &ss->problem)) != 0)
        goto out;
    for (k = 0; k < nax; k++)
        if ((rc = read_axis(&axes[k], &at[k], s->scale[s->nscale == 2 ? k : 0])) != 0)
            goto out;
    if ((rc = read_grid(axes, nax, s)) != 0)
        goto out;
    if (s->set[OPT_DIMENSION] != NULL && nax == 2) {
        fprintf(stderr, "%s: --dimension: box counting is along one axis, and the sweep has "
                        "two\n", progname);
        rc = EXIT_USAGE;
        goto out;
    }
    if (s->set[OPT_ESCAPE] == NULL)
        mpq_set_ui(s->escape, 10000000000000000UL, 1); /* --escape's default, 1e16 */
    cores = sysconf(_SC_NPROCESSORS_ONLN);
    so = (gdt_sweep_opts){
        .prog = &ss->program, .names = ss->problem.params.name, .mode = o->mode,
        .prec = o->prec, .rnd = o->rnd, .max_bits = o->max_bits, .update = o->update,
        .lr = o->lr, .lr_neg0 = o->lr_neg0, .lrs = o->lrs, .lrs_neg0 = o->lrs_neg0,
        .w0 = o->w0, .w0_neg0 = o->w0_neg0,
        .max_iter = o->max_iter, .axes = axes, .naxes = nax,
        .escape = (const mpq_t *)&s->escape,
        .threads = s->threads != 0 ? (unsigned)s->threads
                   : cores > 0 && cores < 1024 ? (unsigned)cores : 1,
        .stop = cli_run_opts.stop,
    };
    if ((st = gdt_sweep_check(&so, &bad, &err)) != GDT_OK) {
        if (bad != SIZE_MAX)
            fprintf(stderr, "%s: --%s: '%s': %s\n", progname, at[bad].opt, at[bad].text, err.msg);
        else
            fprintf(stderr, "%s: --mode: %s\n", progname, err.msg);
        rc = st == GDT_ENOMEM ? EXIT_RUN : EXIT_USAGE;
        goto out;
    }
    if (s->shard[1] != 0 && (rc = shard_range(&shard, &so, s, title, o->mode)) != 0)
        goto out;
    /* a one-parameter quadratic loss: the class column */
    if (ss->problem.n == 1 && gdt_problem_is_affine(&ss->problem)) {
        has_affine = 1;
        if (gdt_affine_init(&affine, &ss->program) != GDT_OK) {
            gdt_affine_clear(&affine);
            has_affine = 0;
        }
    }
    if (run != NULL && !run->writes) {
        rc = compute_for_writer(run, s, &so, has_affine ? &affine : NULL);
        goto out;
    }
    if (resume != NULL && (s->shard[1] != 0 || s->set[OPT_DIMENSION] != NULL || run != NULL)) {
        rc = cli_bad_option("resume", "'%s': a resumed sweep is one whole sweep in one "
                            "process, without --shard or --dimension", resume);
        goto out;
    }
    if (resume != NULL && (rc = resume_open(&res, s, resume)) != 0)
        goto out;
    /* a sweep's file is written by one sweep at a time, as run's */
    if (resume == NULL && fstat(STDOUT_FILENO, &sb) == 0 && S_ISREG(sb.st_mode)
        && (rc = cli_lock_file(STDOUT_FILENO, "", "standard output")) != 0)
        goto out;
    locked = resume == NULL && S_ISREG(sb.st_mode);
    if ((rc = cli_sweep_outputs(&npy_out, &png_out, npy, png, plot)) != 0)
        goto out;
    /* now nothing is refused: the records go out */
    st = gdt_sweep_report_init(&rep, s->shard[1] != 0 ? GDT_FORMAT_JSONL : s->format,
                               &s->numfmt, resume != NULL ? res.out : stdout, &so,
                               has_affine ? &affine : NULL,
                               npy != NULL || png != NULL || plot != NULL
                                   || s->set[OPT_DIMENSION] != NULL);
    if (s->shard[1] != 0)
        rep.shard = &shard;
    info = (gdt_sweep_info){
        .loss_text = s->loss, .grads = s->grads, .ngrads = s->ngrads,
        .data_path = s->set[OPT_DATA], .lr_text = s->lr, .w0_text = s->w0,
        .escape_text = s->set[OPT_ESCAPE] != NULL ? s->set[OPT_ESCAPE] : "1e16",
    };
    if (st != GDT_OK)
        gdt_error_set(&err, st, SIZE_MAX, "%s", gdt_status_str(st));
    if (st == GDT_OK && resume != NULL) { /* check the file, then go on after it */
        st = gdt_sweep_resume_prepare(&res, &trail, &rep, &info, &err);
        if (st != GDT_OK || trail.complete) {
            rc = resume_stopped(&res, &trail, st, &err);
            goto out;
        }
        so.first = trail.points;
    }
    if (st == GDT_OK && !trail.header)
        st = gdt_sweep_report_begin(&rep, &info, &err);
    if (st == GDT_OK && (s->shard[1] == 0 || shard.count > 0) && run != NULL) {
        st = run->run(run->ctx, &so, &rep, &done, &err);
    } else if (st == GDT_OK && (s->shard[1] == 0 || shard.count > 0)) { /* a part may be empty */
        struct sweep_progress sp;
        uint64_t todo = so.count != 0 ? so.count : gdt_sweep_points(&so) - so.first;
        gdt_sweep_report_sink(&sink, &rep);
        cli_progress_init(&sp.p, cli_progress_wanted(s, 0), (unsigned long)todo, "point");
        if (sp.p.on) {
            sp.inner = sink;
            sp.first = so.first;
            sink = (gdt_sweep_sink){ .ctx = &sp, .record = sp_record, .write = sp_write };
        }
        st = gdt_sweep_run(&so, &sink, &done, &err);
        cli_progress_end(&sp.p, (unsigned long)done);
    }
    done += trail.points;
    if (st == GDT_OK || st == GDT_EINTERRUPTED) {
        gdt_status end = gdt_sweep_report_end(&rep, done, st == GDT_EINTERRUPTED, &err);
        if (end != GDT_OK)
            st = end;
    }
    if (st == GDT_OK && s->set[OPT_DIMENSION] != NULL)
        print_dimension(&rep, s->format);
    if (st == GDT_EINTERRUPTED) {
        fprintf(stderr, "%s: sweep interrupted after %llu of %llu points\n", progname,
                (unsigned long long)done,
                (unsigned long long)(s->shard[1] != 0 ? shard.count : gdt_sweep_points(&so)));
        rc = cli_interrupted_status();
    } else if (st != GDT_OK) {
        fprintf(stderr, "%s: %s\n", progname, err.msg);
        rc = EXIT_RUN;
    }
    /* the .npy file and the pictures after a stop too: the points not run
       are "none" */
    {
        int ok = st == GDT_OK || st == GDT_EINTERRUPTED, frc;

        frc = cli_out_finish(&npy_out, &rep, ok ? gdt_sweep_report_npy : NULL);
        if (rc == 0)
            rc = frc;
        frc = cli_out_finish(&png_out, &rep, ok ? cli_sweep_write_png : NULL);
        if (rc == 0)
            rc = frc;
        cli_sweep_title(title, sizeof title, s->loss, o->mode);
        if (ok && plot != NULL && (frc = cli_sweep_write_plot(&rep, plot, title)) != 0
            && rc == 0)
            rc = frc;
    }
out:
    cli_out_finish(&npy_out, &rep, NULL);
    cli_out_finish(&png_out, &rep, NULL);
    gdt_sweep_report_clear(&rep);
    gdt_resume_close(&res);
    if (locked) /* the shell may keep the file open after this process */
        (void)flock(STDOUT_FILENO, LOCK_UN);
    if (has_affine)
        gdt_affine_clear(&affine);
    for (k = 0; k < 2; k++)
        gdt_sweep_axis_clear(&axes[k]);
    return rc;
}
