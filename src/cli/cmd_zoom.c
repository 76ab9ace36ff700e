/* cmd_zoom -- gdtrace zoom: certified maps along the learning rate around
   one value, each frame narrower by a factor; a line per frame, each
   frame's map as a PNG image, and the frames stacked in one picture */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "gdtrace/decimal.h"
#include "gdtrace/map.h"
#include "gdtrace/plot.h"
#include "gdtrace/zoom.h"
#include "cli_impl.h"

/* The outcomes a frame's line counts, in the table's order; undecided is
   always said, the others when a point has them. */
static const gdt_outcome counted[] = {
    GDT_OUTCOME_CONVERGED, GDT_OUTCOME_STALLED, GDT_OUTCOME_CYCLE, GDT_OUTCOME_DIVERGED,
    GDT_OUTCOME_BOUNDED, GDT_OUTCOME_SIZE_LIMIT, GDT_OUTCOME_ERROR, GDT_OUTCOME_UNDECIDED,
    GDT_OUTCOME_CONTRACTING,
};

/* What the frames are handed to. */
struct zoom_out {
    const gdt_opts *s;
    gdt_format format;
    const char *dir;              /* --png-dir, or NULL */
    char *path;                   /* DIR/frame-NNN.png */
    struct cli_out_file png;
    const gdt_zoom_frame *frame;  /* the frame the PNG is written for */
    unsigned long max_iter;
    int rc;                       /* the exit status a sink's failure asks */
    struct cli_progress p;
    uint64_t before;              /* the points of the frames done */
    uint64_t now;                 /* and of the frame running */
    /* --plot: every frame's map (one row each) and its width's text */
    unsigned char *outcome;
    int64_t *step;
    char **labels;
};

/* Append Q in the fewest significant digits that give it exactly ("5e-7",
   "0.25"), or exactly in full when 40 do not. */
static gdt_status
put_short(gdt_buf *b, const mpq_t q)
{
    size_t at = b->len;
    gdt_status st = GDT_OK;
    mpq_t back;
    int n;

    if ((st = gdt_buf_reserve(b, 1)) != GDT_OK)
        return st;
    mpq_init(back);
    for (n = 1; n <= 40 && st == GDT_OK; n++) {
        b->len = at;
        b->s[at] = '\0';
        if ((st = gdt_q_get_str_n(b, q, n)) == GDT_OK && gdt_q_parse(back, b->s + at, NULL) == GDT_OK
            && mpq_equal(back, q))
            break;
    }
    mpq_clear(back);
    if (st != GDT_OK)
        return st;
    if (n > 40) {
        b->len = at;
        b->s[at] = '\0';
        return gdt_q_get_str(b, q);
    }
    /* printf's exponent, e-07 or e+10, as e-7 and e10 */
    char *e = strchr(b->s + at, 'e');
    if (e != NULL) {
        char *d = e + 1, *from = e + 1;
        if (*from == '-')
            *d++ = *from++;
        else if (*from == '+')
            from++;
        while (*from == '0' && from[1] != '\0')
            from++;
        memmove(d, from, strlen(from) + 1);
        b->len = strlen(b->s);
    }
    return GDT_OK;
}

/* Append Q exactly. */
static gdt_status
put_exact(gdt_buf *b, const mpq_t q)
{
    return gdt_q_get_str(b, q);
}

/* The frame's line, text or jsonl, into B. */
static gdt_status
frame_line(gdt_buf *b, const struct zoom_out *z, const gdt_zoom_frame *f)
{
    int json = z->format == GDT_FORMAT_JSONL, first = 1;
    gdt_status st;
    size_t k;

    gdt_buf_reset(b);
    if (json) {
        st = gdt_buf_printf(b, "{\"frame\": %zu, \"centre\": \"", f->index);
        if (st == GDT_OK)
            st = put_exact(b, z->s->lr_q);
        if (st == GDT_OK)
            st = gdt_buf_puts(b, "\", \"width\": \"");
        if (st == GDT_OK)
            st = put_short(b, f->width);
        if (st == GDT_OK)
            st = gdt_buf_puts(b, "\", \"lo\": \"");
        if (st == GDT_OK)
            st = put_exact(b, f->lo);
        if (st == GDT_OK)
            st = gdt_buf_puts(b, "\", \"hi\": \"");
        if (st == GDT_OK)
            st = put_exact(b, f->hi);
        if (st == GDT_OK)
            st = gdt_buf_printf(b, "\", \"points\": %zu, \"prec\": %ld, \"prec_max\": %ld, "
                                "\"counts\": {", f->n1 * f->n2, (long)f->prec,
                                (long)f->prec_max);
    } else {
        st = gdt_buf_printf(b, "frame %zu: lr ", f->index);
        if (st == GDT_OK)
            st = put_exact(b, z->s->lr_q);
        if (st == GDT_OK)
            st = gdt_buf_puts(b, " +- ");
        if (st == GDT_OK)
            st = put_short(b, f->half);
        if (st == GDT_OK)
            st = gdt_buf_printf(b, ", prec %ld", (long)f->prec);
    }
    for (k = 0; k < sizeof counted / sizeof counted[0] && st == GDT_OK; k++) {
        gdt_outcome o = counted[k];
        if (f->count[o] == 0 && o != GDT_OUTCOME_UNDECIDED)
            continue;
        st = gdt_buf_printf(b, json ? "%s\"%s\": %llu" : ", %s%s %llu",
                            json && !first ? ", " : "", gdt_outcome_str(o),
                            (unsigned long long)f->count[o]);
        first = 0;
    }
    if (!json)
        return st == GDT_OK ? gdt_buf_putc(b, '\n') : st;
    /* jsonl: each point's outcome code too, in the map's order */
    if (st == GDT_OK)
        st = gdt_buf_puts(b, "}, \"outcomes\": [");
    for (k = 0; k < f->n1 * f->n2 && st == GDT_OK; k++)
        st = gdt_buf_printf(b, k > 0 ? ", %u" : "%u", (unsigned)f->outcome[k]);
    if (st == GDT_OK)
        st = gdt_buf_putc(b, ']');
    if (st == GDT_OK && z->dir != NULL) {
        st = gdt_buf_puts(b, ", \"png\": ");
        if (st == GDT_OK)
            st = gdt_buf_json_string(b, z->path);
    }
    return st == GDT_OK ? gdt_buf_puts(b, "}\n") : st;
}

/* F's map as a PNG image into the file FP. */
static gdt_status
write_frame_png(void *ctx, FILE *fp, gdt_error *err)
{
    const struct zoom_out *z = ctx;
    const gdt_zoom_frame *f = z->frame;
    gdt_map m = { .width = f->n1, .height = f->n2, .outcome = f->outcome, .step = f->step,
                  .max_iter = z->max_iter };

    return gdt_map_write_png(fp, &m, err);
}

/* A frame about to run: its PNG file made beside its path, so that a
   directory that cannot take it is said before the frame's work. */
static gdt_status
frame_begin(void *ctx, const gdt_zoom_frame *f, gdt_error *err)
{
    struct zoom_out *z = ctx;

    if (z->dir == NULL)
        return GDT_OK;
    sprintf(z->path, "%s/frame-%03zu.png", z->dir, f->index);
    if ((z->rc = cli_out_open(&z->png, "png-dir", z->path)) != 0)
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "said");
    return GDT_OK;
}

static gdt_status
frame_end(void *ctx, const gdt_zoom_frame *f, gdt_error *err)
{
    struct zoom_out *z = ctx;
    gdt_buf b;
    gdt_status st;
    size_t n = f->n1 * f->n2;

    z->before += n;
    if (z->dir != NULL) {
        z->frame = f;
        if ((z->rc = cli_out_finish_with(&z->png, write_frame_png, z)) != 0)
            return gdt_error_set(err, GDT_EIO, SIZE_MAX, "said");
    }
    if (z->outcome != NULL) { /* --plot: the frame's row, and its width */
        memcpy(z->outcome + f->index * n, f->outcome, n);
        memcpy(z->step + f->index * n, f->step, n * sizeof *f->step);
        gdt_buf_init(&b);
        st = put_short(&b, f->width);
        z->labels[f->index] = st == GDT_OK ? strdup(b.s) : NULL;
        gdt_buf_clear(&b);
        if (z->labels[f->index] == NULL)
            return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    }
    gdt_buf_init(&b);
    st = frame_line(&b, z, f);
    if (st == GDT_OK) {
        fputs(b.s, stdout);
        fflush(stdout);
    }
    gdt_buf_clear(&b);
    return st == GDT_OK ? GDT_OK : gdt_error_set(err, st, SIZE_MAX, "out of memory");
}

static void
frame_progress(void *ctx, const gdt_zoom_frame *f, uint64_t points)
{
    struct zoom_out *z = ctx;

    (void)f;
    z->now = z->before + points;
    cli_progress_update(&z->p, (unsigned long)z->now);
}

/* The frames stacked into PATH: a row each, the first on top, labelled by
   its width, the horizontal axis the place in the frame's window. */
static int
write_stack(const struct zoom_out *z, const gdt_opts_sweep *w, const char *path)
{
    size_t frames = w->zoom.frames, n = w->axes[0].n, j;
    const char **labels = malloc(frames * sizeof *labels);
    unsigned char *outcome = malloc(frames * n);
    int64_t *step = malloc(frames * n * sizeof *step);
    char title[320];
    gdt_map_plot_opts mo;
    gdt_plot_opts po;
    gdt_error err;
    gdt_status st = GDT_ENOMEM;
    int rc = 0;

    gdt_error_clear(&err);
    if (labels != NULL && outcome != NULL && step != NULL) {
        for (j = 0; j < frames; j++) { /* row j from the bottom: frame frames-1-j */
            size_t i = frames - 1 - j;
            memcpy(outcome + j * n, z->outcome + i * n, n);
            memcpy(step + j * n, z->step + i * n, n * sizeof *step);
            labels[j] = z->labels[i];
        }
        gdt_map m = { .width = n, .height = frames, .outcome = outcome, .step = step,
                      .max_iter = z->max_iter };
        memset(&mo, 0, sizeof mo);
        mo.axis[0] = (gdt_map_axis){ .name = "(lr - centre) / frame width", .first = -0.5,
                                     .last = 0.5 };
        mo.axis[1] = (gdt_map_axis){ .name = "frame width", .first = 0,
                                     .last = (double)(frames > 1 ? frames - 1 : 1) };
        mo.row_labels = labels;
        snprintf(title, sizeof title, "%.160s  (certified, around lr %.120s)", z->s->loss,
                 z->s->lr);
        mo.title = title;
        cli_plot_opts(&po);
        st = gdt_map_write_plot(path, &m, &mo, &po, &err);
    }
    if (st == GDT_ENOMEM && err.msg[0] == '\0')
        gdt_error_set(&err, st, SIZE_MAX, "out of memory");
    if (st == GDT_EINTERRUPTED) {
        rc = cli_interrupted_status();
    } else if (st != GDT_OK) {
        fprintf(stderr, "%s: --plot: %s\n", progname, err.msg);
        rc = EXIT_RUN;
    }
    free(labels);
    free(outcome);
    free(step);
    return rc;
}

/* --png-dir DIR: a directory, made when missing.  0, or EXIT_USAGE after
   the message. */
static int
png_dir(const char *dir)
{
    struct stat sb;

    if (dir[0] == '\0')
        return cli_bad_option("png-dir", "'%s' is no directory name", dir);
    if (stat(dir, &sb) != 0 && (errno != ENOENT || mkdir(dir, 0777) != 0 || stat(dir, &sb) != 0)) {
        fprintf(stderr, "%s: --png-dir: cannot make '%s': %s\n", progname, dir, strerror(errno));
        return EXIT_USAGE;
    }
    if (!S_ISDIR(sb.st_mode))
        return cli_bad_option("png-dir", "'%s' is not a directory", dir);
    return 0;
}

int
cli_cmd_zoom(gdt_opts *s, gdt_session *ss, const gdt_session_opts *o)
{
    gdt_opts_sweep w;
    struct zoom_out z = { .s = s, .format = s->format, .dir = s->set[GDT_OPT_PNG_DIR],
                          .max_iter = s->max_iter };
    gdt_zoom_sink sink = { .ctx = &z, .begin = frame_begin, .end = frame_end,
                           .progress = frame_progress };
    const char *plot = s->set[GDT_OPT_PLOT];
    gdt_error err;
    gdt_status st;
    size_t done = 0, k;
    int rc;

    gdt_error_clear(&err);
    st = gdt_opts_sweep_init(&w, s, ss, o, cli_run_opts.stop, &err);
    if ((rc = cli_opts_failed(s, st, &err)) != 0)
        goto out;
    if (plot != NULL && w.naxes == 2) {
        rc = cli_bad_option("plot", "'%s' stacks frames of one axis, and --w0 gives a second "
                            "(write each frame's map with --png-dir)", plot);
        goto out;
    }
    if (plot != NULL && gdt_plot_check_path(plot, &err) != GDT_OK) {
        fprintf(stderr, "%s: --plot: %s\n", progname, err.msg);
        rc = EXIT_USAGE;
        goto out;
    }
    if (z.dir != NULL && (rc = png_dir(z.dir)) != 0)
        goto out;
    if (z.dir != NULL && (z.path = malloc(strlen(z.dir) + 32)) == NULL) {
        rc = cli_opts_failed(s, GDT_ENOMEM, NULL);
        goto out;
    }
    if (plot != NULL) {
        size_t n = w.zoom.frames * w.axes[0].n;
        z.outcome = malloc(n);
        z.step = malloc(n * sizeof *z.step);
        z.labels = calloc(w.zoom.frames, sizeof *z.labels);
        if (z.outcome == NULL || z.step == NULL || z.labels == NULL) {
            rc = cli_opts_failed(s, GDT_ENOMEM, NULL);
            goto out;
        }
    }
    cli_progress_init(&z.p, cli_progress_wanted(s, 0),
                      (unsigned long)(w.zoom.frames * gdt_sweep_points(&w.so)), "point");
    st = gdt_zoom_run(&w.zoom, &sink, &done, &err);
    cli_progress_end(&z.p, (unsigned long)(z.now > z.before ? z.now : z.before));
    /* a frame cut short leaves no file */
    cli_out_finish_with(&z.png, NULL, NULL);
    if (st == GDT_EINTERRUPTED) {
        fprintf(stderr, "%s: zoom interrupted after %zu of %zu frames\n", progname, done,
                w.zoom.frames);
        rc = cli_interrupted_status();
    } else if (st != GDT_OK && z.rc != 0) { /* said by the sink */
        rc = z.rc;
    } else if (st != GDT_OK) {
        fprintf(stderr, "%s: zoom: %s\n", progname, err.msg);
        rc = EXIT_RUN;
    } else if (plot != NULL) {
        rc = write_stack(&z, &w, plot);
    }
out:
    if (z.labels != NULL)
        for (k = 0; k < w.zoom.frames; k++)
            free(z.labels[k]);
    free(z.labels);
    free(z.outcome);
    free(z.step);
    free(z.path);
    gdt_opts_sweep_clear(&w);
    return rc;
}
