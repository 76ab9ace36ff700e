/* sweep_resume -- a sweep's csv or jsonl file read back for --resume: its
   header, each record's grid indices and axis values, a sample of its
   points run again */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "gdtrace/mode.h"
#include "gdtrace/sweep_resume.h"

/* What a message shows of the file's text at most. */
#define SHOW 60

/* What a record of the grid's point K begins with: its grid indices and
   its axis values as R prints them, the axes' texts kept while their
   index stays. */
typedef struct expect {
    const gdt_sweep_report *r;
    gdt_domain dom;
    int dom_ok;
    gdt_val v;
    mpq_t q;
    gdt_buf text[2];   /* axis k's value at index idx[k] */
    size_t idx[2];     /* SIZE_MAX: none yet */
    gdt_buf prefix;
} expect;

static gdt_status
expect_init(expect *e, const gdt_sweep_report *r, gdt_error *err)
{
    const gdt_sweep_opts *o = r->o;
    gdt_status st;
    size_t k;

    memset(e, 0, sizeof *e);
    e->r = r;
    mpq_init(e->q);
    for (k = 0; k < 2; k++) {
        gdt_buf_init(&e->text[k]);
        e->idx[k] = SIZE_MAX;
    }
    gdt_buf_init(&e->prefix);
    if ((st = gdt_domain_init_mode(&e->dom, o->mode, o->prec, o->rnd)) != GDT_OK)
        return gdt_error_set(err, st, SIZE_MAX, "'%s' cannot be set up (%s)", o->mode,
                             gdt_status_str(st));
    e->dom.max_bits = o->max_bits;
    e->dom.stop = o->stop;
    e->dom.ops->init(&e->v, &e->dom);
    e->dom_ok = 1;
    return GDT_OK;
}

static void
expect_clear(expect *e)
{
    size_t k;

    if (e->dom_ok) {
        e->dom.ops->clear(&e->v, &e->dom);
        gdt_domain_clear(&e->dom);
    }
    mpq_clear(e->q);
    for (k = 0; k < 2; k++)
        gdt_buf_clear(&e->text[k]);
    gdt_buf_clear(&e->prefix);
}

/* Point K's grid indices. */
static void
point_ij(const gdt_sweep_opts *o, uint64_t k, size_t *i, size_t *j)
{
    *i = (size_t)(k % o->axes[0].n);
    *j = o->naxes > 1 ? (size_t)(k / o->axes[0].n) : 0;
}

/* E->text[A]: axis A's value at index I as the domain holds it (set from
   the exact point, as a sweep's stepper sets it), printed. */
static gdt_status
axis_text(expect *e, size_t a, size_t i, gdt_error *err)
{
    gdt_domain *d = &e->dom;
    gdt_status st;

    if (e->idx[a] == i)
        return GDT_OK;
    e->idx[a] = SIZE_MAX;
    gdt_buf_reset(&e->text[a]);
    if ((st = gdt_sweep_axis_point(e->q, &e->r->o->axes[a], i, d, err)) != GDT_OK)
        return st;
    st = d->ops->set_q(&e->v, e->q, d);
    if (st == GDT_OK)
        st = d->ops->get_str(&e->text[a], &e->v, &e->r->rep.numfmt, d);
    if (st == GDT_OK && e->text[a].s == NULL)
        st = gdt_buf_puts(&e->text[a], "");
    if (st != GDT_OK)
        return gdt_error_set(err, st, SIZE_MAX, "%s", gdt_status_str(st));
    e->idx[a] = i;
    return GDT_OK;
}

/* E->prefix: what point K's record begins with, up to its outcome. */
static gdt_status
expect_prefix(expect *e, uint64_t k, gdt_error *err)
{
    const gdt_sweep_opts *o = e->r->o;
    int json = e->r->rep.format == GDT_FORMAT_JSONL;
    size_t ij[2], a;
    gdt_status st = GDT_OK;

    point_ij(o, k, &ij[0], &ij[1]);
    gdt_buf_reset(&e->prefix);
    if (json)
        st = gdt_buf_printf(&e->prefix, "{\"i\": %zu", ij[0]);
    if (st == GDT_OK && json && o->naxes > 1)
        st = gdt_buf_printf(&e->prefix, ", \"j\": %zu", ij[1]);
    for (a = 0; a < o->naxes && st == GDT_OK; a++) {
        if ((st = axis_text(e, a, ij[a], err)) != GDT_OK)
            return st;
        st = json ? gdt_buf_printf(&e->prefix, ", \"%s\": \"%s\"", e->r->names[a], e->text[a].s)
                  : gdt_buf_printf(&e->prefix, "%s,", e->text[a].s);
    }
    if (st == GDT_OK && json)
        st = gdt_buf_puts(&e->prefix, ", \"outcome\": \"");
    if (st != GDT_OK)
        return gdt_error_set(err, st, SIZE_MAX, "%s", gdt_status_str(st));
    return GDT_OK;
}

/* 1 when LINE (LEN bytes, the last a newline) goes on after the prefix
   (AT bytes) as a record does: an outcome a sweep writes, then (jsonl) to
   its closing brace. */
static int
record_rest(const char *line, size_t len, size_t at, int json)
{
    const char *p = line + at, *end = line + len - 1, *q;
    char word[32];
    gdt_outcome oc;

    q = memchr(p, json ? '"' : ',', (size_t)(end - p));
    if (q == NULL || (size_t)(q - p) >= sizeof word)
        return 0;
    memcpy(word, p, (size_t)(q - p));
    word[q - p] = '\0';
    oc = gdt_outcome_parse(word);
    if (oc == GDT_OUTCOME_NONE || oc == GDT_OUTCOME_INTERRUPTED)
        return 0;
    if (memchr(line, '\0', len) != NULL || memchr(line, '\r', len) != NULL)
        return 0;
    return !json || (len >= 2 && line[len - 2] == '}');
}

/* The text S (N bytes) for a message: at most SHOW bytes, no newline. */
static int
shown(const char *s, size_t n)
{
    size_t k;

    for (k = 0; k < n && k < SHOW && s[k] != '\n'; k++)
        ;
    return (int)k;
}

/* ERR for the whole line LINENO (LINE, LEN bytes), a record where point K
   belongs that does not begin as E->prefix does. */
static gdt_status
bad_record(gdt_error *err, const char *name, unsigned long lineno, const char *line,
           size_t len, expect *e, uint64_t k)
{
    const gdt_sweep_opts *o = e->r->o;
    size_t i, j;
    const char *p = e->prefix.s;

    point_ij(o, k, &i, &j);
    if (len >= 2 && line[len - 2] == '\r')
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "%s, line %lu: it ends in CR LF, and gdtrace writes LF line "
                             "endings (dos2unix converts the file)", name, lineno);
    if (e->r->rep.format == GDT_FORMAT_JSONL && (len < 7 || memcmp(line, "{\"i\": ", 6) != 0))
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "%s, line %lu: not a sweep's record: '%.*s'", name, lineno,
                             shown(line, len), line);
    if (o->naxes > 1)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "%s, line %lu: '%.*s' where point %llu (i %zu, j %zu) belongs, "
                             "which this sweep writes as '%.*s': a record missing, repeated "
                             "or out of order, or another grid, axes or mode", name, lineno,
                             shown(line, len), line, (unsigned long long)k, i, j,
                             shown(p, e->prefix.len), p);
    return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                         "%s, line %lu: '%.*s' where point %llu (i %zu) belongs, which this "
                         "sweep writes as '%.*s': a record missing, repeated or out of order, "
                         "or another grid, axes or mode", name, lineno, shown(line, len), line,
                         (unsigned long long)k, i, shown(p, e->prefix.len), p);
}

/* ERR for line 1 (LINE, LEN bytes, whole or not) that is not HDR. */
static gdt_status
bad_header(gdt_error *err, const char *name, const char *line, size_t len, const gdt_buf *hdr,
           int json)
{
    size_t d = 0, s, e;

    if (len == 0)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "%s, line 1: empty, where the "
                             "header belongs", name);
    if (len >= 2 && line[len - 2] == '\r' && line[len - 1] == '\n')
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "%s, line 1: it ends in CR LF, and gdtrace writes LF line "
                             "endings (dos2unix converts the file)", name);
    if (!json)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "%s, line 1: the columns '%.*s', and this sweep's are '%.*s'",
                             name, shown(line, len), line, shown(hdr->s, hdr->len), hdr->s);
    if (line[0] != '{')
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "%s, line 1: '%.*s' is no jsonl sweep header%s", name,
                             shown(line, len), line,
                             strchr(",0123456789", line[0]) != NULL || line[0] == 'l'
                                 || line[0] == 'w' ? " (a csv file?)" : "");
    while (d < len && d < hdr->len && line[d] == hdr->s[d])
        d++;
    /* the key of the field the first difference is in: "KEY": after
       { or , */
    for (s = d < hdr->len ? d : hdr->len - 1; s > 0; s--) {
        const char *q;
        if (hdr->s[s] != '"' || (hdr->s[s - 1] != '{' && !(s >= 2 && hdr->s[s - 1] == ' '
                                                           && hdr->s[s - 2] == ',')))
            continue;
        q = memchr(hdr->s + s + 1, '"', hdr->len - s - 1);
        if (q != NULL && hdr->s + hdr->len - q >= 3 && memcmp(q, "\": ", 3) == 0)
            break;
    }
    s++;
    e = s;
    while (e < hdr->len && hdr->s[e] != '"')
        e++;
    return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                         "%s, line 1: the header is another sweep's: its \"%.*s\" differs "
                         "(the problem, mode, axes, grid, escape or gdtrace's version)",
                         name, (int)(e - s < SHOW ? e - s : SHOW), hdr->s + s);
}

/* 1 when LINE (LEN bytes) is a jsonl summary. */
static int
is_summary(const char *line, size_t len, int json)
{
    return json && len >= 12 && memcmp(line, "{\"summary\": ", 12) == 0;
}

/* A sweep sink that keeps the records instead of writing them. */
typedef struct keep {
    gdt_sweep_sink inner;
    gdt_buf got;
} keep;

static gdt_status
keep_record(void *ctx, const gdt_sweep_point *p, gdt_buf *out, gdt_error *err)
{
    keep *c = ctx;

    return c->inner.record(c->inner.ctx, p, out, err);
}

static gdt_status
keep_write(void *ctx, gdt_buf *records, uint64_t first, uint64_t n, gdt_error *err)
{
    keep *c = ctx;
    gdt_status st = gdt_buf_putn(&c->got, records->s, records->len);

    (void)first, (void)n;
    gdt_buf_reset(records);
    return st == GDT_OK ? st : gdt_error_set(err, st, SIZE_MAX, "out of memory");
}

/* Point K of R's sweep run again, its record into C->got. */
static gdt_status
rerun(keep *c, gdt_sweep_report *r, uint64_t k, gdt_error *err)
{
    gdt_sweep_opts o = *r->o;
    gdt_sweep_sink sink = { .ctx = c, .record = keep_record, .write = keep_write };
    uint64_t done;

    o.first = k;
    o.count = 1;
    o.threads = 1;
    gdt_buf_reset(&c->got);
    return gdt_sweep_run(&o, &sink, &done, err);
}

/* Sample point M of S among the file's N points: 0, N - 1 and the others
   spread evenly between. */
static uint64_t
sample_point(unsigned m, unsigned s, uint64_t n)
{
    return s < 2 ? 0 : (n - 1) * m / (s - 1) /* N < 2^32 */;
}

/* Run the sample of T's points again and compare their records with the
   file's (F, rewound). */
static gdt_status
check_sample(gdt_sweep_trail *t, FILE *f, const char *name, gdt_sweep_report *r,
             gdt_error *err)
{
    unsigned s = t->points < GDT_SWEEP_RESUME_SAMPLE ? (unsigned)t->points
                                                    : GDT_SWEEP_RESUME_SAMPLE, m = 0;
    unsigned long lineno = 0;
    uint64_t want;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    keep c;
    gdt_status st = GDT_OK;

    if (s == 0)
        return GDT_OK;
    if (fseeko(f, 0, SEEK_SET) != 0)
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "%s: %s", name, strerror(errno));
    gdt_sweep_report_sink(&c.inner, r);
    gdt_buf_init(&c.got);
    want = sample_point(0, s, t->points);
    while (m < s && (len = getline(&line, &cap, f)) > 0) {
        uint64_t k;
        size_t d = 0, a;
        lineno++;
        if (lineno < 2 || (k = lineno - 2) != want)
            continue;
        if (gdt_cancelled(r->o->stop)) {
            st = GDT_EINTERRUPTED;
            break;
        }
        if ((st = rerun(&c, r, k, err)) != GDT_OK)
            break;
        if (c.got.len != (size_t)len || memcmp(c.got.s, line, c.got.len) != 0) {
            size_t i, j;
            while (d < c.got.len && d < (size_t)len && c.got.s[d] == line[d])
                d++;
            for (a = d; a > 0 && line[a - 1] != ',' && line[a - 1] != '{'; a--)
                ;
            while (a < d && line[a] == ' ')
                a++;
            point_ij(r->o, k, &i, &j);
            st = gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                               "%s, line %lu: point %llu has '%.*s' in the file but '%.*s' "
                               "here (run again): the loss, gradient, lr, w0, data, mode, "
                               "--max-iter or --escape differ, or the file was changed",
                               name, lineno, (unsigned long long)k, shown(line + a, (size_t)len - a),
                               line + a, shown(c.got.s + a, c.got.len - a), c.got.s + a);
            break;
        }
        t->sampled++;
        while (++m < s && (want = sample_point(m, s, t->points)) <= k)
            ;
    }
    if (st == GDT_OK && m < s && ferror(f))
        st = gdt_error_set(err, GDT_EIO, SIZE_MAX, "%s: %s", name, strerror(errno));
    free(line);
    gdt_buf_clear(&c.got);
    return st;
}

gdt_status
gdt_sweep_trail_read(gdt_sweep_trail *t, FILE *f, const char *name, gdt_sweep_report *r,
                     const gdt_sweep_info *info, gdt_error *err)
{
    const gdt_sweep_opts *o = r->o;
    int json = r->rep.format == GDT_FORMAT_JSONL, summary = 0;
    uint64_t n = gdt_sweep_points(o);
    unsigned long lineno = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    gdt_buf hdr, sum;
    expect e;
    gdt_status st;

    memset(t, 0, sizeof *t);
    gdt_buf_init(&hdr);
    gdt_buf_init(&sum);
    if ((st = expect_init(&e, r, err)) != GDT_OK)
        goto out;
    if ((st = gdt_sweep_report_header(&hdr, r, info)) != GDT_OK) {
        st = gdt_error_set(err, st, SIZE_MAX, "out of memory");
        goto out;
    }
    errno = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
        size_t l = (size_t)len;
        int whole = line[l - 1] == '\n';
        lineno++;
        if ((lineno & 4095) == 0 && gdt_cancelled(o->stop)) {
            st = GDT_EINTERRUPTED;
            goto out;
        }
        if (summary) {
            st = gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "%s, line %lu: the file goes on "
                               "after its summary", name, lineno);
            goto out;
        }
        if (lineno == 1) {
            if (whole ? l == hdr.len && memcmp(line, hdr.s, l) == 0
                      : l < hdr.len && memcmp(line, hdr.s, l) == 0) {
                t->header = whole;
                t->end = whole ? (off_t)l : 0;
                continue;
            }
            st = bad_header(err, name, line, l, &hdr, json);
            goto out;
        }
        if (!whole) /* a write cut short: dropped */
            break;
        if (is_summary(line, l, json)) {
            /* the summary of a sweep stopped after these records or,
               after them all, of the whole sweep (tried last, so that a
               message shows it) */
            int stopped;
            for (stopped = 1; stopped >= (t->points < n); stopped--) {
                gdt_buf_reset(&sum);
                if ((st = gdt_sweep_report_summary(&sum, r, t->points, stopped)) != GDT_OK) {
                    st = gdt_error_set(err, st, SIZE_MAX, "out of memory");
                    goto out;
                }
                if (sum.len == l && memcmp(sum.s, line, l) == 0)
                    break;
            }
            if (stopped < (t->points < n)) {
                st = gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                                   "%s, line %lu: '%.*s' after %llu points, where this sweep "
                                   "writes '%.*s'", name, lineno, shown(line, l), line,
                                   (unsigned long long)t->points, shown(sum.s, sum.len), sum.s);
                goto out;
            }
            summary = 1;
            t->complete = !stopped;
            continue;
        }
        if (t->points >= n) {
            st = gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                               "%s, line %lu: a record past the grid's last point (it has "
                               "%llu)", name, lineno, (unsigned long long)n);
            goto out;
        }
        if ((st = expect_prefix(&e, t->points, err)) != GDT_OK)
            goto out;
        if (l <= e.prefix.len || memcmp(line, e.prefix.s, e.prefix.len) != 0
            || !record_rest(line, l, e.prefix.len, json)) {
            st = bad_record(err, name, lineno, line, l, &e, t->points);
            goto out;
        }
        t->points++;
        t->end += (off_t)l;
    }
    if (ferror(f)) {
        st = gdt_error_set(err, GDT_EIO, SIZE_MAX, "%s: %s", name, strerror(errno));
        goto out;
    }
    if (!json && t->points == n && (len <= 0 || line[len - 1] == '\n'))
        t->complete = 1; /* and nothing cut short after it */
    if (t->complete && json && !summary)
        t->complete = 0;
    st = check_sample(t, f, name, r, err);
out:
    free(line);
    gdt_buf_clear(&hdr);
    gdt_buf_clear(&sum);
    expect_clear(&e);
    return st;
}

gdt_status
gdt_sweep_resume_prepare(gdt_resume *res, gdt_sweep_trail *t, gdt_sweep_report *r,
                         const gdt_sweep_info *info, gdt_error *err)
{
    FILE *in;
    gdt_status st;

    res->phase = GDT_RESUME_READ;
    if ((in = gdt_resume_reader(res, err)) == NULL)
        return GDT_EIO;
    st = gdt_sweep_trail_read(t, in, res->path, r, info, err);
    fclose(in);
    if (st != GDT_OK || t->complete)
        return st;
    res->phase = GDT_RESUME_RUN;
    if (ftruncate(res->fd, t->end) != 0)
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "%s: %s", res->path, strerror(errno));
    return GDT_OK;
}
