/* cmd_merge -- gdtrace merge: the parts of a sweep (gdtrace sweep --shard
   K/N) joined into the whole sweep's outputs, byte for byte */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/plot.h"
#include "cli_impl.h"

/* A part file given on the command line. */
struct part {
    const char *path;
    char *header;          /* its first line, the sweep's jsonl header */
    gdt_sweep_part p;
};

static void
merge_usage(FILE *f)
{
    fprintf(f,
            "usage: gdtrace merge PART... [--format csv|jsonl] [--npy FILE] [--png FILE]\n"
            "                     [--plot FILE]\n"
            "\n"
            "Join the parts of a sweep, written by gdtrace sweep --shard K/N, into the\n"
            "outputs of the same sweep run in one process, byte for byte: its records\n"
            "(csv or jsonl) to standard output, its .npy array, its PNG map and its\n"
            "gnuplot picture.  The parts may be given in any order; a part that is\n"
            "missing, given twice, incomplete or of another sweep is refused, and\n"
            "then nothing is written.\n"
            "\n"
            "options:\n"
            "  --format F    csv or jsonl (default: csv)\n"
            "  --npy FILE    also write the outcomes as a NumPy .npy array of shape (M, N)\n"
            "  --png FILE    also write the map of outcomes as a PNG image\n"
            "  --plot FILE   the map with its axes and a legend, by gnuplot (.png, .svg, .pdf)\n"
            "  --help        print this help and exit\n");
}

/* The next line of F into *LINE (its newline kept); 0 at the end. */
static ssize_t
next_line(char **line, size_t *cap, FILE *f)
{
    ssize_t n = getline(line, cap, f);

    return n < 0 ? 0 : n;
}

/* Open A's file and read its two header records.  0 or EXIT_USAGE after
   the message. */
static int
read_head(struct part *a)
{
    FILE *f = fopen(a->path, "r");
    char *line = NULL;
    size_t cap = 0;
    gdt_error err;
    int rc = 0;

    gdt_error_clear(&err);
    if (f == NULL) {
        fprintf(stderr, "%s: merge: cannot read '%s': %s\n", progname, a->path, strerror(errno));
        return EXIT_USAGE;
    }
    if (next_line(&a->header, &cap, f) == 0 || strncmp(a->header, "{\"gdtrace\": ", 12) != 0) {
        fprintf(stderr, "%s: merge: '%s' is not a part of a sweep (gdtrace sweep --shard K/N "
                        "writes them)\n", progname, a->path);
        rc = EXIT_USAGE;
    } else if (cap = 0, next_line(&line, &cap, f) == 0
               || gdt_sweep_part_read_shard(&a->p, line, &err) != GDT_OK) {
        fprintf(stderr, "%s: merge: '%s' is not a part of a sweep: %s\n", progname, a->path,
                err.msg[0] != '\0' ? err.msg : "no shard record");
        rc = EXIT_USAGE;
    }
    free(line);
    fclose(f);
    return rc;
}

static int
by_k(const void *x, const void *y)
{
    const struct part *a = x, *b = y;

    return a->p.k < b->p.k ? -1 : a->p.k > b->p.k;
}

/* The parts A[0..N-1], sorted by K: all of one sweep, each once, none
   missing.  0 or EXIT_USAGE after the message. */
static int
check_set(struct part *a, size_t n)
{
    const gdt_sweep_part *p0 = &a[0].p;
    size_t i;

    for (i = 1; i < n; i++) {
        const gdt_sweep_part *p = &a[i].p;
        if (strcmp(a[i].header, a[0].header) != 0 || p->points != p0->points
            || p->width != p0->width || p->naxes != p0->naxes
            || strcmp(p->columns, p0->columns) != 0 || strcmp(p->digits, p0->digits) != 0) {
            fprintf(stderr, "%s: merge: '%s' is a part of another sweep than '%s' (their "
                            "headers differ)\n", progname, a[i].path, a[0].path);
            return EXIT_USAGE;
        }
        if (p->n != p0->n) {
            fprintf(stderr, "%s: merge: '%s' is part %lu of %lu, and '%s' of %lu\n", progname,
                    a[i].path, p->k, p->n, a[0].path, p0->n);
            return EXIT_USAGE;
        }
    }
    qsort(a, n, sizeof *a, by_k);
    for (i = 0; i < n; i++) {
        const gdt_sweep_part *p = &a[i].p;
        if (i > 0 && p->k == a[i - 1].p.k) {
            fprintf(stderr, "%s: merge: '%s' and '%s' are both part %lu of %lu\n", progname,
                    a[i - 1].path, a[i].path, p->k, p->n);
            return EXIT_USAGE;
        }
        if (p->first != (uint64_t)(p->k - 1) * p->points / p->n
            || p->first + p->count != (uint64_t)p->k * p->points / p->n) {
            fprintf(stderr, "%s: merge: '%s': part %lu of %lu does not hold the points it "
                            "should\n", progname, a[i].path, p->k, p->n);
            return EXIT_USAGE;
        }
    }
    for (i = 0; i < p0->n; i++)
        if (i >= n || a[i].p.k != i + 1) {
            fprintf(stderr, "%s: merge: part %zu of %lu is missing\n", progname, i + 1, p0->n);
            return EXIT_USAGE;
        }
    return 0;
}

/* Where the records go: OUT as JSON or csv (the merge's --format), or
   nowhere (OUT NULL: the first pass, which checks every record and fills
   REP's arrays). */
struct sink {
    gdt_buf *out;
    int json;
    gdt_sweep_report *rep;
};

gdt_status
cli_merge_record(gdt_sweep_report *rep, gdt_buf *out, int json, const char *line,
                 size_t naxes, size_t width, uint64_t want, gdt_buf *text, gdt_error *err)
{
    gdt_sweep_text t;
    const char *rec;
    size_t len;
    uint64_t idx;
    double loss;
    gdt_outcome oc;
    gdt_status st;

    if ((st = gdt_sweep_part_read_record(&t, text, &rec, &len, &loss, line, naxes, err))
        != GDT_OK)
        return st;
    idx = (uint64_t)t.j * width + t.i;
    oc = gdt_outcome_parse(t.outcome);
    if (idx != want || t.i >= width || oc == GDT_OUTCOME_NONE)
        return gdt_error_set(err, GDT_ESYNTAX, SIZE_MAX, "not the record of point %llu",
                             (unsigned long long)want);
    if (rep->outcome != NULL) {
        rep->outcome[idx] = (unsigned char)oc;
        rep->period[idx] = (int64_t)t.period;
        rep->step[idx] = (int64_t)t.step;
        rep->loss[idx] = loss;
    }
    if (out == NULL)
        return GDT_OK;
    if (json && (st = gdt_buf_putn(out, rec, len)) == GDT_OK)
        st = gdt_buf_putc(out, '\n');
    if (!json)
        st = gdt_sweep_record_put(out, 0, rep->names, naxes, &t);
    return st;
}

/* Read A's points' records into K.  0, EXIT_USAGE after the message (a
   record that is not there or not its point's), or EXIT_RUN. */
static int
read_records(const struct part *a, struct sink *k)
{
    const gdt_sweep_part *p = &a->p;
    FILE *f = fopen(a->path, "r");
    char *line = NULL;
    size_t cap = 0, len;
    uint64_t r = 0, line_no = 2;
    gdt_buf text, sum;
    gdt_error err;
    int rc = 0, done = 0;

    if (f == NULL) {
        fprintf(stderr, "%s: merge: cannot read '%s': %s\n", progname, a->path, strerror(errno));
        return EXIT_USAGE;
    }
    gdt_buf_init(&text);
    gdt_buf_init(&sum);
    gdt_error_clear(&err);
    if (gdt_sweep_summary_put(&sum, p->count, p->count, 0) != GDT_OK)
        rc = EXIT_RUN;
    (void)next_line(&line, &cap, f);
    (void)next_line(&line, &cap, f);
    while (rc == 0 && (len = (size_t)next_line(&line, &cap, f)) > 0) {
        gdt_status st;

        line_no++;
        if (done) {
            fprintf(stderr, "%s: merge: '%s', line %llu: a record after the summary\n",
                    progname, a->path, (unsigned long long)line_no);
            rc = EXIT_USAGE;
            break;
        }
        if (r == p->count) {
            done = 1;
            if (strcmp(line, sum.s) != 0) {
                fprintf(stderr, "%s: merge: '%s' is incomplete: its summary is not %.*s\n",
                        progname, a->path, (int)sum.len - 1, sum.s);
                rc = EXIT_USAGE;
            }
            continue;
        }
        st = cli_merge_record(k->rep, k->out, k->json, line, p->naxes, p->width, p->first + r,
                              &text, &err);
        if (st == GDT_ENOMEM || (st != GDT_OK && k->out != NULL)) {
            rc = EXIT_RUN;
            break;
        }
        if (st != GDT_OK) {
            fprintf(stderr, "%s: merge: '%s', line %llu: %s\n", progname, a->path,
                    (unsigned long long)line_no, err.msg);
            rc = EXIT_USAGE;
            break;
        }
        if (rc == 0 && k->out != NULL && k->out->len >= (1u << 16)) {
            if (fwrite(k->out->s, 1, k->out->len, stdout) != k->out->len)
                rc = EXIT_RUN;
            gdt_buf_reset(k->out);
        }
        r++;
    }
    if (rc == 0 && !done) {
        fprintf(stderr, "%s: merge: '%s' is incomplete: %llu of its %llu points and no "
                        "summary\n", progname, a->path, (unsigned long long)r,
                (unsigned long long)p->count);
        rc = EXIT_USAGE;
    }
    if (rc == EXIT_RUN && k->out != NULL)
        fprintf(stderr, "%s: merge: write error: %s\n", progname, strerror(errno));
    gdt_buf_clear(&text);
    gdt_buf_clear(&sum);
    free(line);
    fclose(f);
    return rc;
}

int
cli_cmd_merge(int argc, char **argv)
{
    const char *npy = NULL, *png = NULL, *plot = NULL, *format = "csv", **val;
    struct part *a;
    size_t n = 0, i, k;
    gdt_sweep_axis axes[2];
    gdt_sweep_opts so;
    gdt_sweep_report rep;
    struct cli_out_file npy_out = { 0 }, png_out = { 0 };
    gdt_numfmt nf;
    struct sink sk;
    gdt_buf out;
    gdt_error err;
    int rc = 0, json;

    a = calloc((size_t)argc + 1, sizeof *a);
    if (a == NULL)
        return EXIT_RUN;
    for (i = 0; (int)i < argc; i++) {
        const char *s = argv[i];
        if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
            merge_usage(stdout);
            free(a);
            return 0;
        }
        val = strcmp(s, "--format") == 0 ? &format : strcmp(s, "--npy") == 0 ? &npy
              : strcmp(s, "--png") == 0 ? &png : strcmp(s, "--plot") == 0 ? &plot : NULL;
        if (val != NULL && (int)i + 1 < argc) {
            *val = argv[++i];
        } else if (val != NULL || (s[0] == '-' && s[1] != '\0')) {
            fprintf(stderr, "%s: merge: %s '%s' (gdtrace merge --help)\n", progname,
                    val != NULL ? "a value is missing after" : "unknown option", s);
            free(a);
            return EXIT_USAGE;
        } else {
            a[n++].path = s;
        }
    }
    json = strcmp(format, "jsonl") == 0;
    if (!json && strcmp(format, "csv") != 0) {
        fprintf(stderr, "%s: merge: --format: '%s' is not csv or jsonl\n", progname, format);
        free(a);
        return EXIT_USAGE;
    }
    if (n == 0) {
        fprintf(stderr, "%s: merge: no part given (gdtrace merge PART...)\n", progname);
        free(a);
        return EXIT_USAGE;
    }
    for (i = 0; i < n; i++)
        gdt_sweep_part_init(&a[i].p);
    for (k = 0; k < 2; k++)
        gdt_sweep_axis_init(&axes[k]);
    memset(&rep, 0, sizeof rep);
    gdt_buf_init(&out);
    gdt_error_clear(&err);
    for (i = 0; i < n && rc == 0; i++)
        rc = read_head(&a[i]);
    if (rc == 0)
        rc = check_set(a, n);
    if (rc != 0)
        goto out;
    /* the sweep as far as its report needs it: the grid, its axes' names
       and ends, max-iter */
    for (k = 0; k < a[0].p.naxes; k++) {
        axes[k].n = k == 0 ? a[0].p.width : a[0].p.height;
        mpq_set_d(axes[k].a, a[0].p.from[k]);
        mpq_set_d(axes[k].b, a[0].p.to[k]);
        axes[k].scale = a[0].p.log[k] ? GDT_SWEEP_LOG : GDT_SWEEP_LIN;
    }
    so = (gdt_sweep_opts){ .axes = axes, .naxes = a[0].p.naxes, .max_iter = a[0].p.max_iter };
    memset(&nf, 0, sizeof nf);
    if (gdt_sweep_report_init(&rep, json ? GDT_FORMAT_JSONL : GDT_FORMAT_CSV, &nf, stdout, &so,
                              NULL, npy != NULL || png != NULL || plot != NULL) != GDT_OK) {
        rc = EXIT_RUN;
        goto out;
    }
    for (k = 0; k < a[0].p.naxes; k++) {
        free(rep.names[k]);
        if ((rep.names[k] = strdup(a[0].p.names[k])) == NULL) {
            rc = EXIT_RUN;
            goto out;
        }
    }
    /* first every record checked, then the outputs written */
    sk = (struct sink){ .out = NULL, .json = json, .rep = &rep };
    for (i = 0; i < n && rc == 0; i++)
        rc = read_records(&a[i], &sk);
    if (rc != 0)
        goto out;
    if ((rc = cli_sweep_outputs(&npy_out, &png_out, npy, png, plot)) != 0)
        goto out;
    sk.out = &out;
    if ((json ? gdt_buf_puts(&out, a[0].header)
              : gdt_buf_printf(&out, "%s\n", a[0].p.columns)) != GDT_OK)
        rc = EXIT_RUN;
    for (i = 0; i < n && rc == 0; i++)
        rc = read_records(&a[i], &sk);
    if (rc == 0 && json && gdt_sweep_summary_put(&out, a[0].p.points, a[0].p.points, 0) != GDT_OK)
        rc = EXIT_RUN;
    if (rc == 0 && (fwrite(out.s, 1, out.len, stdout) != out.len || fflush(stdout) != 0)) {
        fprintf(stderr, "%s: merge: write error: %s\n", progname, strerror(errno));
        rc = EXIT_RUN;
    }
    if (rc == 0) {
        int frc = cli_out_finish(&npy_out, &rep, gdt_sweep_report_npy);
        if (rc == 0)
            rc = frc;
        frc = cli_out_finish(&png_out, &rep, cli_sweep_write_png);
        if (rc == 0)
            rc = frc;
        if (rc == 0 && plot != NULL)
            rc = cli_sweep_write_plot(&rep, plot, a[0].p.title);
    }
out:
    cli_out_finish(&npy_out, &rep, NULL);
    cli_out_finish(&png_out, &rep, NULL);
    gdt_sweep_report_clear(&rep);
    gdt_buf_clear(&out);
    for (k = 0; k < 2; k++)
        gdt_sweep_axis_clear(&axes[k]);
    for (i = 0; i < n; i++) {
        free(a[i].header);
        gdt_sweep_part_clear(&a[i].p);
    }
    free(a);
    return rc;
}
