/* cmd_sweep -- gdtrace sweep: every point of a grid of learning rates and
   starting points run to its outcome, one record each */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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

int
cli_out_open(struct cli_out_file *o, const char *opt, const char *path)
{
    struct stat st;
    int fd;

    o->opt = opt;
    o->path = path;
    o->f = NULL;
    o->tmp = o->real = NULL;
    /* a link: the file it names is replaced, not the link */
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && (o->real = realpath(path, NULL)) == NULL) {
        fprintf(stderr, "%s: --%s: '%s' is a symbolic link to no file that can be written: %s\n",
                progname, opt, path, strerror(errno));
        return EXIT_USAGE;
    }
    if (o->real != NULL)
        path = o->real;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "%s: --%s: '%s' is a directory\n", progname, opt, o->path);
        free(o->real);
        o->real = NULL;
        return EXIT_USAGE;
    }
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* a FIFO, a device: in place; a FIFO with no reader yet is an
           error, not a wait that no signal ends */
        fd = open(path, O_WRONLY | O_NONBLOCK);
        if (fd < 0 || fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0
            || (o->f = fdopen(fd, "wb")) == NULL) {
            fprintf(stderr, "%s: --%s: cannot write '%s': %s\n", progname, opt, o->path,
                    errno == ENXIO ? "a FIFO that nothing reads yet" : strerror(errno));
            if (fd >= 0)
                close(fd);
            free(o->real);
            o->real = NULL;
            return EXIT_USAGE;
        }
        return 0;
    }
    o->tmp = malloc(strlen(path) + 16);
    if (o->tmp == NULL) {
        free(o->real);
        o->real = NULL;
        return EXIT_RUN;
    }
    sprintf(o->tmp, "%s.tmp-XXXXXX", path);
    fd = cli_guard_mkstemp(o->tmp);
    if (fd < 0 || (o->f = fdopen(fd, "wb")) == NULL) {
        fprintf(stderr, "%s: --%s: cannot write beside '%s': %s\n", progname, opt, o->path,
                strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
            cli_guard_forget(o->tmp);
        }
        free(o->tmp);
        free(o->real);
        o->tmp = o->real = NULL;
        return EXIT_USAGE;
    }
    return 0;
}

int
cli_out_finish_with(struct cli_out_file *o,
                    gdt_status (*write)(void *ctx, FILE *f, gdt_error *err), void *ctx)
{
    gdt_error err;
    int rc = 0;
    mode_t mask;

    if (o->f == NULL)
        return 0;
    gdt_error_clear(&err);
    if (write != NULL && write(ctx, o->f, &err) != GDT_OK) {
        fprintf(stderr, "%s: --%s: %s: %s\n", progname, o->opt, o->path, err.msg);
        rc = EXIT_RUN;
    }
    if (fclose(o->f) != 0 && rc == 0 && write != NULL) {
        fprintf(stderr, "%s: --%s: %s: write error: %s\n", progname, o->opt, o->path,
                strerror(errno));
        rc = EXIT_RUN;
    }
    o->f = NULL;
    if (o->tmp != NULL && write != NULL && rc == 0) {
        mask = umask(0);
        umask(mask);
        chmod(o->tmp, 0666 & ~mask); /* mkstemp made it 0600 */
        if (rename(o->tmp, o->real != NULL ? o->real : o->path) != 0) {
            fprintf(stderr, "%s: --%s: cannot write '%s': %s\n", progname, o->opt, o->path,
                    strerror(errno));
            rc = EXIT_RUN;
        }
    }
    if (o->tmp != NULL) {
        if (write == NULL || rc != 0)
            unlink(o->tmp);
        cli_guard_forget(o->tmp);
    }
    free(o->tmp);
    free(o->real);
    o->tmp = o->real = NULL;
    return rc;
}

/* A sweep report's writer and the report, for cli_out_finish_with. */
struct report_writer {
    const gdt_sweep_report *r;
    gdt_status (*write)(const gdt_sweep_report *r, FILE *f, gdt_error *err);
};

static gdt_status
report_write(void *ctx, FILE *f, gdt_error *err)
{
    const struct report_writer *w = ctx;

    return w->write(w->r, f, err);
}

int
cli_out_finish(struct cli_out_file *o, const gdt_sweep_report *r,
           gdt_status (*write)(const gdt_sweep_report *r, FILE *f, gdt_error *err))
{
    struct report_writer w = { .r = r, .write = write };

    return cli_out_finish_with(o, write != NULL ? report_write : NULL, &w);
}

/* R's map: its outcomes and steps on its grid. */
static gdt_map
sweep_map(const gdt_sweep_report *r)
{
    const gdt_sweep_opts *o = r->o;

    return (gdt_map){ .width = o->axes[0].n, .height = o->naxes == 2 ? o->axes[1].n : 1,
                      .outcome = r->outcome, .step = r->step, .max_iter = o->max_iter,
                      .mark = r->against };
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

/* E as %.6f, never -0.000000, or null (JSON) or "none" (text). */
static void
print_estimate(FILE *f, double e, int json)
{
    if (isnan(e))
        fputs(json ? "null" : "none", f);
    else
        fprintf(f, "%.6f", fabs(e) < 5e-7 ? 0.0 : e);
}

/* Why D has no estimate from COUNT (its count or count_undecided). */
static const char *
no_estimate(const gdt_dimension *d, const uint64_t *count)
{
    if (d->nlevels == 0 || d->count_undecided[d->nlevels - 1] == 0)
        return "no change of outcome";
    if (d->fit_hi == 0)
        return "too few points for two levels";
    if (count[d->nlevels - 1] == 0)
        return "no proven change";
    return "undecided points hide the changes at the finest levels";
}

/* The box-counting dimension of R's boundary (one axis; CERTIFIED: of a
   certified sweep, diverged against not, undecided points on no side):
   in jsonl a last record on standard output, after the summary; else
   lines on standard error, so that a csv reader sees only the records. */
static void
print_dimension(const gdt_sweep_report *r, gdt_format format, int certified)
{
    FILE *f = format == GDT_FORMAT_JSONL ? stdout : stderr;
    gdt_dimension d;
    size_t k;

    if (certified)
        gdt_dimension_count_certified(&d, r->outcome, r->o->axes[0].n);
    else
        gdt_dimension_count(&d, r->outcome, r->o->axes[0].n);
    if (format == GDT_FORMAT_JSONL) {
        fputs("{\"dimension\": {\"estimate\": ", f);
        print_estimate(f, d.estimate, 1);
        if (certified) {
            fputs(", \"estimate_undecided\": ", f);
            print_estimate(f, d.estimate_undecided, 1);
            fprintf(f, ", \"undecided\": %llu, \"touching\": %llu",
                    (unsigned long long)d.undecided, (unsigned long long)d.touching);
        }
        fprintf(f, ", \"fit\": [%zu, %zu], \"levels\": [", d.fit_lo, d.fit_hi);
        for (k = 0; k < d.nlevels; k++) {
            fprintf(f, "%s{\"box\": %llu, \"boxes\": %llu, \"count\": %llu",
                    k > 0 ? ", " : "", 1ULL << k, (unsigned long long)d.boxes[k],
                    (unsigned long long)d.count[k]);
            if (certified)
                fprintf(f, ", \"count_undecided\": %llu",
                        (unsigned long long)d.count_undecided[k]);
            fputc('}', f);
        }
        fputs("]}}\n", f);
        return;
    }
    if (d.undecided == 0) {
        if (isnan(d.estimate))
            fprintf(f, "%s: sweep: dimension: none (%s)\n", progname,
                    no_estimate(&d, d.count));
        else
            fprintf(f, "%s: sweep: dimension %.6f, the least-squares slope of log(count) on "
                       "log(1/size) over levels %zu..%zu (boxes of 2^k intervals, at least %d "
                       "boxes)\n", progname, fabs(d.estimate) < 5e-7 ? 0.0 : d.estimate,
                    d.fit_lo, d.fit_hi, GDT_DIMENSION_MIN_BOXES);
        for (k = 0; k < d.nlevels; k++)
            fprintf(f, "%s: sweep: level %zu: box %llu, %llu box%s, %llu with a change\n",
                    progname, k, 1ULL << k, (unsigned long long)d.boxes[k],
                    d.boxes[k] == 1 ? "" : "es", (unsigned long long)d.count[k]);
        return;
    }
    /* a certified sweep with undecided points: the proven counts and the
       counts with every box that has an undecided point as a change */
    fprintf(f, "%s: sweep: dimension ", progname);
    print_estimate(f, d.estimate, 0);
    if (isnan(d.estimate))
        fprintf(f, " (%s)", no_estimate(&d, d.count));
    fputs(" from the proven changes, ", f);
    print_estimate(f, d.estimate_undecided, 0);
    if (isnan(d.estimate_undecided))
        fprintf(f, " (%s)", no_estimate(&d, d.count_undecided));
    fprintf(f, " with every box that has an undecided point counted as a change; the "
               "least-squares slope of log(count) on log(1/size) over levels %zu..%zu "
               "(boxes of 2^k intervals, at least %d boxes)\n", d.fit_lo, d.fit_hi,
            GDT_DIMENSION_MIN_BOXES);
    fprintf(f, "%s: sweep: dimension: %llu undecided point%s, %llu interval%s with an end "
               "among them\n", progname, (unsigned long long)d.undecided,
            d.undecided == 1 ? "" : "s", (unsigned long long)d.touching,
            d.touching == 1 ? "" : "s");
    for (k = 0; k < d.nlevels; k++)
        fprintf(f, "%s: sweep: level %zu: box %llu, %llu box%s, %llu with a proven change, "
                   "%llu with one or an undecided point\n", progname, k, 1ULL << k,
                (unsigned long long)d.boxes[k], d.boxes[k] == 1 ? "" : "es",
                (unsigned long long)d.count[k],
                (unsigned long long)d.count_undecided[k]);
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
shard_range(gdt_sweep_shard *sh, gdt_sweep_opts *o, const gdt_opts *s, char *title,
            const char *mode)
{
    uint64_t n = gdt_sweep_points(o), lo, hi;
    int k;
    static const gdt_opt_id merged[] = { GDT_OPT_NPY, GDT_OPT_PNG, GDT_OPT_PLOT };

    for (k = 0; k < 3; k++)
        if (s->set[merged[k]] != NULL) {
            fprintf(stderr, "%s: --shard: a part writes no --%s; give it to gdtrace merge\n",
                    progname, merged[k] == GDT_OPT_NPY ? "npy" : merged[k] == GDT_OPT_PNG ? "png" : "plot");
            return EXIT_USAGE;
        }
    if (s->set[GDT_OPT_DIMENSION] != NULL) {
        fprintf(stderr, "%s: --shard: a part has not the whole boundary for --dimension\n",
                progname);
        return EXIT_USAGE;
    }
    if (s->numfmt.kind == GDT_DIGITS_N)
        return cli_bad_option("digits", "'%s' would round values, and a part's records are "
                              "jsonl's, never rounded", s->set[GDT_OPT_DIGITS]);
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
resume_open(gdt_resume *res, const gdt_opts *s, const char *path)
{
    gdt_error err;

    if (s->set[GDT_OPT_NPY] != NULL || s->set[GDT_OPT_PNG] != NULL || s->set[GDT_OPT_PLOT] != NULL)
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
cli_cmd_sweep(gdt_opts *s, gdt_session *ss, const gdt_session_opts *o)
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
compute_for_writer(const struct cli_sweep_runner *run, const gdt_opts *s,
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
cli_sweep_with(gdt_opts *s, gdt_session *ss, const gdt_session_opts *o,
               const struct cli_sweep_runner *run)
{
    gdt_opts_sweep w;
    gdt_sweep_opts *so = &w.so;
    gdt_sweep_report rep;
    gdt_sweep_sink sink;
    gdt_sweep_shard shard;
    char title[256];
    gdt_error err;
    gdt_status st;
    const char *npy = s->set[GDT_OPT_NPY], *png = s->set[GDT_OPT_PNG], *plot = s->set[GDT_OPT_PLOT];
    struct cli_out_file npy_out = { 0 }, png_out = { 0 };
    const char *resume = s->set[GDT_OPT_RESUME];
    gdt_resume res = { .fd = -1 };
    gdt_sweep_trail trail = { 0 };
    struct stat sb = { 0 };
    int locked = 0;
    uint64_t done = 0;
    int rc;

    gdt_error_clear(&err);
    memset(&rep, 0, sizeof rep);
    st = gdt_opts_sweep_init(&w, s, ss, o, cli_run_opts.stop, &err);
    if ((rc = cli_opts_failed(s, st, &err)) != 0)
        goto out;
    if (s->shard[1] != 0 && (rc = shard_range(&shard, so, s, title, so->mode)) != 0)
        goto out;
    if (run != NULL && !run->writes) {
        rc = compute_for_writer(run, s, so, w.has_affine ? &w.affine : NULL);
        goto out;
    }
    if (resume != NULL && (s->shard[1] != 0 || s->set[GDT_OPT_DIMENSION] != NULL || run != NULL)) {
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
                               &s->numfmt, resume != NULL ? res.out : stdout, so,
                               w.has_affine ? &w.affine : NULL,
                               npy != NULL || png != NULL || plot != NULL
                                   || s->set[GDT_OPT_DIMENSION] != NULL);
    if (s->shard[1] != 0)
        rep.shard = &shard;
    if (st != GDT_OK)
        gdt_error_set(&err, st, SIZE_MAX, "%s", gdt_status_str(st));
    if (st == GDT_OK && resume != NULL) { /* check the file, then go on after it */
        st = gdt_sweep_resume_prepare(&res, &trail, &rep, &w.info, &err);
        if (st != GDT_OK || trail.complete) {
            rc = resume_stopped(&res, &trail, st, &err);
            goto out;
        }
        so->first = trail.points;
    }
    if (st == GDT_OK && !trail.header)
        st = gdt_sweep_report_begin(&rep, &w.info, &err);
    if (st == GDT_OK && (s->shard[1] == 0 || shard.count > 0) && run != NULL) {
        st = run->run(run->ctx, so, &rep, &done, &err);
    } else if (st == GDT_OK && (s->shard[1] == 0 || shard.count > 0)) { /* a part may be empty */
        struct sweep_progress sp;
        uint64_t todo = so->count != 0 ? so->count : gdt_sweep_points(so) - so->first;
        gdt_sweep_report_sink(&sink, &rep);
        cli_progress_init(&sp.p, cli_progress_wanted(s, 0), (unsigned long)todo, "point");
        if (sp.p.on) {
            sp.inner = sink;
            sp.first = so->first;
            sink = (gdt_sweep_sink){ .ctx = &sp, .record = sp_record, .write = sp_write };
        }
        st = gdt_sweep_run(so, &sink, &done, &err);
        cli_progress_end(&sp.p, (unsigned long)done);
    }
    done += trail.points;
    if (st == GDT_OK || st == GDT_EINTERRUPTED) {
        gdt_status end = gdt_sweep_report_end(&rep, done, st == GDT_EINTERRUPTED, &err);
        if (end != GDT_OK)
            st = end;
    }
    if (st == GDT_OK && s->set[GDT_OPT_DIMENSION] != NULL)
        print_dimension(&rep, s->format, s->certify);
    if (st == GDT_OK && rep.against != NULL && s->format != GDT_FORMAT_JSONL) {
        uint64_t c[GDT_VERDICT_COUNT];
        gdt_sweep_report_verdicts(&rep, c);
        fprintf(stderr, "%s: sweep: against certified: %llu agree, %llu disagree, %llu "
                "undecided\n", progname, (unsigned long long)c[GDT_VERDICT_AGREE],
                (unsigned long long)c[GDT_VERDICT_DISAGREE],
                (unsigned long long)c[GDT_VERDICT_UNDECIDED]);
    }
    if (st == GDT_EINTERRUPTED) {
        fprintf(stderr, "%s: sweep interrupted after %llu of %llu points\n", progname,
                (unsigned long long)done,
                (unsigned long long)(s->shard[1] != 0 ? shard.count : gdt_sweep_points(so)));
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
        cli_sweep_title(title, sizeof title, s->loss, so->mode);
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
    gdt_opts_sweep_clear(&w);
    return rc;
}
