/* report -- a run's steps as text, python (pprint), csv and jsonl records */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "gdtrace/optim.h"
#include "gdtrace/report.h"
#include "gdtrace/sr.h"
#include "gdtrace/resume.h"
#include "report_impl.h"

/* pprint's line width */
#define PPRINT_WIDTH 80

/* The records of steps are held (gdt_reporter) until they fill this many
   bytes, or until this many nanoseconds have passed since the last write:
   a run of slow steps writes each record at once. */
#define HOLD_BYTES 65536
#define HOLD_NS 50000000LL

int
gdt_format_from_str(const char *name)
{
    static const char *const names[] = { "text", "python", "csv", "jsonl" };
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return (int)i;
    return -1;
}

void
gdt_reporter_init(gdt_reporter *r, gdt_format format, const gdt_numfmt *numfmt,
                  FILE *out)
{
    r->format = format;
    r->numfmt = *numfmt;
    if (format == GDT_FORMAT_PYTHON)
        r->numfmt.python = 1;
    r->out = out;
    r->problem = NULL;
    gdt_buf_init(&r->rec);
    r->ends = NULL;
    r->nends = r->aends = 0;
    r->written_at = 0;
    gdt_buf_init(&r->val);
    gdt_buf_init(&r->pending);
    r->kwidth = 1;
    r->mwidth = 4;
    r->multiline = 0;
    r->nitems = 0;
    r->outkind = 0;
    r->errnum = 0;
    r->fields = NULL;
    r->every = 1;
    r->layout = GDT_LAYOUT_WIDE;
    r->thread = 0;
    r->writer = NULL;
}

void
gdt_reporter_clear(gdt_reporter *r)
{
    if (r != NULL) {
        gdt_buf_clear(&r->rec);
        gdt_buf_clear(&r->val);
        gdt_buf_clear(&r->pending);
        free(r->ends);
        r->ends = NULL;
        r->nends = r->aends = 0;
        gdt_writer_free(r->writer); /* a run that did not end: dropped */
        r->writer = NULL;
    }
}

/* Where the next record written to FD (of kind R->outkind) will start:
   the offset, or the size when appending; -1 when FD is no regular file.
   Asked before each record, since the offset of a file shared with
   standard error may move between records. */
static off_t
record_start(gdt_reporter *r, int fd)
{
    struct stat st;
    int flags;

    if (r->outkind == 0) {
        r->outkind = 3;
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
            flags = fcntl(fd, F_GETFL);
            r->outkind = flags >= 0 && (flags & O_APPEND) ? 2 : 1;
        }
    }
    if (r->outkind == 1)
        return lseek(fd, 0, SEEK_CUR);
    if (r->outkind == 2 && fstat(fd, &st) == 0)
        return st.st_size;
    return -1;
}

gdt_status
gdt_reporter_error(const gdt_reporter *r, gdt_status st, gdt_error *err)
{
    if (st == GDT_EIO)
        return gdt_error_set(err, st, SIZE_MAX, "write error: %s", strerror(r->errnum));
    return gdt_error_set(err, st, SIZE_MAX, "%s", gdt_status_str(st));
}

/* A write of R failed: keep its errno for gdt_reporter_error. */
static gdt_status
write_failed(gdt_reporter *r)
{
    r->errnum = errno;
    return GDT_EIO;
}

/* Write B's bytes to R's output, whose records end at ENDS[0 .. N) and
   at B's end; on a write error a regular file is cut back to the end of
   the last record written whole. */
static gdt_status
write_records(gdt_reporter *r, const gdt_buf *b, const size_t *ends, size_t n)
{
    int fd = fileno(r->out), e;
    off_t start;
    size_t done = 0, keep = 0, i;
    ssize_t k;

    if (fd < 0) {   /* a memory stream */
        if (b->len > 0 && fwrite(b->s, 1, b->len, r->out) != b->len)
            return write_failed(r);
        return fflush(r->out) != 0 ? write_failed(r) : GDT_OK;
    }
    if (fflush(r->out) != 0)   /* whatever stdio holds goes first */
        return write_failed(r);
    start = record_start(r, fd);
    while (done < b->len) {
        k = write(fd, b->s + done, b->len - done);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            /* no half record: a regular file is cut back to the last
               whole one */
            e = errno;
            for (i = 0; i < n && ends[i] <= done; i++)
                keep = ends[i];
            if (start >= 0 && ftruncate(fd, start + (off_t)keep) == 0)
                lseek(fd, start + (off_t)keep, SEEK_SET);
            errno = e;
            return write_failed(r);
        }
        done += (size_t)k;
    }
    return GDT_OK;
}

/* Cut B back to its first LEN bytes. */
static void
buf_cut(gdt_buf *b, size_t len)
{
    b->len = len;
    if (b->s != NULL)
        b->s[len] = '\0';
}

/* gdt_buf_putc and gdt_buf_puts, inline while B has room: for the few
   characters between a record's values. */
static inline gdt_status
put_c(gdt_buf *b, char c)
{
    if (b->len + 2 > b->cap)
        return gdt_buf_putc(b, c);
    b->s[b->len++] = c;
    b->s[b->len] = '\0';
    return GDT_OK;
}

static inline gdt_status
put_s(gdt_buf *b, const char *s)
{
    size_t n = strlen(s);

    if (b->len + n + 1 > b->cap)
        return gdt_buf_putn(b, s, n);
    memcpy(b->s + b->len, s, n + 1);
    b->len += n;
    return GDT_OK;
}

/* Write the records R holds in R->rec. */
static gdt_status
write_held(gdt_reporter *r)
{
    gdt_status st;

    if (r->nends == 0)
        return GDT_OK;
    st = write_records(r, &r->rec, r->ends, r->nends - 1);
    if (st != GDT_OK)
        return st;
    gdt_buf_reset(&r->rec);
    r->nends = 0;
    return GDT_OK;
}

size_t
gdt_reporter_held(const gdt_reporter *r, const char **bytes)
{
    /* the steps put are made into records first, as they would have been
       without the writer */
    if (r->writer != NULL)
        (void)gdt_writer_stop(r->writer, 1);
    *bytes = r->rec.s;
    return r->nends == 0 ? 0 : r->ends[r->nends - 1];
}

gdt_status
gdt_reporter_emit(gdt_reporter *r, gdt_buf *b)
{
    gdt_status st;
    int held = b == &r->rec && r->nends > 0; /* B ends with R's new record */

    if (!held && (st = write_held(r)) != GDT_OK)
        return st;
    st = write_records(r, b, r->ends, held ? r->nends : 0);
    if (st != GDT_OK)
        return st;
    gdt_buf_reset(b);
    if (held)
        r->nends = 0;
    return GDT_OK;
}

static gdt_status
emit(gdt_reporter *r, gdt_buf *b)
{
    return gdt_reporter_emit(r, b);
}

/* Now in nanoseconds, by a clock that may lag by a few milliseconds but
   costs little to read; 0 when there is none. */
static long long
coarse_now(void)
{
    struct timespec t;
#ifdef CLOCK_MONOTONIC_COARSE
    clockid_t id = CLOCK_MONOTONIC_COARSE;
#else
    clockid_t id = CLOCK_MONOTONIC;
#endif

    if (clock_gettime(id, &t) != 0)
        return 0;
    return (long long)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Hold the record of a step just made at the end of R->rec, after those
   held already; write them all when they fill HOLD_BYTES, or when HOLD_NS
   have passed since R last wrote them (so that the first record, and
   each of a run of slow steps, goes out at once). */
static gdt_status
hold(gdt_reporter *r)
{
    long long now;
    size_t *e;

    if (r->nends == r->aends) {
        e = realloc(r->ends, (r->aends ? 2 * r->aends : 256) * sizeof *e);
        if (e == NULL) /* no room to hold it: written at once */
            return emit(r, &r->rec);
        r->ends = e;
        r->aends = r->aends ? 2 * r->aends : 256;
    }
    r->ends[r->nends++] = r->rec.len;
    now = coarse_now();
    if (r->rec.len < HOLD_BYTES && now - r->written_at < HOLD_NS)
        return GDT_OK;
    r->written_at = now;
    return write_held(r);
}

/* Append the text of S's value WHICH (index I) to OUT in the reporter's
   number format. */
static gdt_status
put_val(gdt_reporter *r, gdt_buf *out, const gdt_stepper *s, gdt_value_kind which, size_t i)
{
    return gdt_stepper_get_str(out, s, which, i, &r->numfmt);
}

/* 1 for the characters that a JSON string escapes (gdt_buf_json_string):
   the control characters, '"' and '\\'. */
static const unsigned char json_escaped[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['"'] = 1, ['\\'] = 1,
};

/* 1 when the N bytes at S have none that a JSON string escapes: eight at
   a time, a word with a byte below 0x20 or equal to '"' or '\\' looked at
   byte by byte (the tests of a zero byte and of one below 0x20 have no
   false negatives). */
static int
json_plain(const char *s, size_t n)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t w, q, b;
    size_t i;

    for (i = 0; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        q = w ^ (ones * '"');
        b = w ^ (ones * '\\');
        if ((((w - ones * 0x20) | (q - ones) | (b - ones)) & ~w & highs) != 0)
            break;
    }
    for (; i < n; i++)
        if (json_escaped[(unsigned char)s[i]])
            return 0;
    return 1;
}

/* The kind of value FIELD (GDT_FIELD_*, not the step) of a step of N
   parameters, and in *I its index. */
static gdt_value_kind
field_kind(size_t n, size_t field, size_t *i)
{
    if (field <= n) {
        *i = field - 1;
        return GDT_VALUE_PARAM;
    }
    *i = field - 1 - n;
    return field < GDT_FIELD_LOSS(n) ? GDT_VALUE_PARTIAL : GDT_VALUE_LOSS;
}

/* Append the text of value FIELD (not the step) of the step S in the
   reporter's number format: the stepper's, or the copy's double, which
   the domain writes as gdt_shortest_put does (gdt_shortest_plain_of). */
static gdt_status
put_field_text(gdt_reporter *r, gdt_buf *out, const gdt_report_step *s, size_t field)
{
    gdt_value_kind which;
    size_t i;

    if (s->s == NULL && s->text != NULL)
        return gdt_buf_putn(out, s->text + (field - 1) * GDT_REPORT_TEXT_ROOM, s->tlen[field - 1]);
    if (s->s == NULL)
        return gdt_shortest_put(out, s->v[field - 1], &s->plain->f, SIZE_MAX);
    which = field_kind(s->n, field, &i);
    return put_val(r, out, s->s, which, i);
}

/* The same as a JSON string.  The text goes straight into OUT between
   the quotes; it is escaped (gdt_buf_json_string) only when it has a
   character that needs it, which no number's text has. */
static gdt_status
put_json_val(gdt_reporter *r, gdt_buf *out, const gdt_report_step *s, size_t field)
{
    size_t start = out->len;
    gdt_status st = put_c(out, '"');

    if (st == GDT_OK)
        st = put_field_text(r, out, s, field);
    if (st != GDT_OK) {
        buf_cut(out, start);
        return st;
    }
    if (json_plain(out->s + start + 1, out->len - start - 1))
        return put_c(out, '"');
    gdt_buf_reset(&r->val);
    st = gdt_buf_puts(&r->val, out->s + start + 1);
    buf_cut(out, start);
    return st == GDT_OK ? gdt_buf_json_string(out, r->val.s) : st;
}

gdt_status
gdt_report_put_ulong(gdt_buf *b, unsigned long v, int width)
{
    static const char pairs[] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    char tmp[24], *p = tmp + sizeof tmp;
    size_t n, pad;
    gdt_status st;

    for (; v >= 100; v /= 100) {
        p -= 2;
        memcpy(p, pairs + 2 * (v % 100), 2);
    }
    if (v >= 10) {
        p -= 2;
        memcpy(p, pairs + 2 * v, 2);
    } else {
        *--p = (char)('0' + v);
    }
    n = (size_t)(tmp + sizeof tmp - p);
    pad = width > 0 && (size_t)width > n ? (size_t)width - n : 0;
    st = gdt_buf_reserve(b, pad + n);
    if (st != GDT_OK)
        return st;
    memset(b->s + b->len, ' ', pad);
    memcpy(b->s + b->len + pad, p, n);
    buf_cut(b, b->len + pad + n);
    return GDT_OK;
}

static const char *
round_name(mpfr_rnd_t rnd)
{
    switch (rnd) {
    case MPFR_RNDN: return "N (to nearest, ties to even)";
    case MPFR_RNDZ: return "Z (toward zero)";
    case MPFR_RNDU: return "U (up, toward +inf)";
    case MPFR_RNDD: return "D (down, toward -inf)";
    case MPFR_RNDA: return "A (away from zero)";
    default: return "?";
    }
}

/* What the mode's numbers are, after its name. */
static gdt_status
put_mode_note(gdt_buf *b, const gdt_domain *d)
{
    if (strcmp(d->ops->kind, "exact") == 0)
        return gdt_buf_puts(b, " (GMP integers and rationals, never rounded)");
    if (strcmp(d->ops->kind, "int") == 0)
        return gdt_buf_printf(b, " (%ld-bit two's complement, wrapping around)",
                              (long)d->prec);
    if (d->ops->certified != NULL)
        return gdt_buf_puts(b, " (Arb's balls, the working precision doubled until every "
                               "digit printed is proven)");
    if (strcmp(d->ops->kind, "native") == 0)
        return gdt_buf_printf(b, " (the machine's C %s), rounding %s",
                              d->prec == 24 ? "float" : "double", round_name(d->rnd));
    return gdt_buf_printf(b, ", %ld bits, rounding %s", (long)d->prec, round_name(d->rnd));
}

/* "lr  0.1", followed in a rounded domain by the value it was rounded to. */
static gdt_status
put_input(gdt_reporter *r, gdt_buf *b, const char *label, const char *text,
          const gdt_val *v, gdt_domain *d)
{
    gdt_numfmt exact = { GDT_DIGITS_EXACT, 0, 0 };
    mpq_t typed, got;
    gdt_status st;
    size_t end;

    st = gdt_buf_printf(b, "  %-9s %s", label, text);
    if (st != GDT_OK)
        return st;
    mpq_init(typed);
    mpq_init(got);
    /* (a ball holds the value typed) */
    if (d->ops->certified == NULL && gdt_q_parse(typed, text, &end) == GDT_OK
        && (d->ops->get_q(got, v, d) != GDT_OK || !mpq_equal(typed, got))) {
        gdt_buf_reset(&r->val);
        st = d->ops->get_str(&r->val, v, &exact, d);
        if (st == GDT_OK) {
            st = gdt_buf_printf(b, "  (rounded to %s)", r->val.s);
        } else if (st == GDT_ERANGE) {
            /* its exact digits are more than --max-bits allows */
            st = gdt_buf_printf(b, "  (rounded; its exact digits exceed --max-bits)");
        }
    }
    mpq_clear(typed);
    mpq_clear(got);
    return st == GDT_OK ? gdt_buf_putc(b, '\n') : st;
}

/* Parameter I's learning rate as S's update uses it, in *D's numbers:
   the master format's with master weights, else S's domain's. */
static const gdt_val *
lr_of(const gdt_stepper *s, size_t i, gdt_domain **d)
{
    const gdt_val *v = gdt_stepper_master_lr(s, i, d);

    if (v != NULL)
        return v;
    *d = s->dom;
    return &s->lr[i];
}

/* Learning rates that differ, one line each: "lr_a  0.1", as put_input
   (the exact value when INFO has no texts). */
static gdt_status
put_lrs(gdt_reporter *r, gdt_buf *b, const gdt_run_info *info, const gdt_stepper *s)
{
    const gdt_problem *p = info->problem;
    gdt_status st = GDT_OK;
    char label[64];
    gdt_buf q;
    gdt_domain *d;
    const gdt_val *lr;
    size_t i;

    gdt_buf_init(&q);
    for (i = 0; i < p->n && st == GDT_OK; i++) {
        snprintf(label, sizeof label, "lr_%s", p->params.name[i]);
        gdt_buf_reset(&q);
        if (info->lr_texts == NULL && (st = gdt_q_get_str(&q, s->lr_q[i])) != GDT_OK)
            break;
        lr = lr_of(s, i, &d);
        st = put_input(r, b, label, info->lr_texts ? info->lr_texts[i] : q.s, lr, d);
    }
    gdt_buf_clear(&q);
    return st;
}

int
gdt_report_step_width(unsigned long max_iter)
{
    int k = 1;

    while (max_iter >= 10) {
        max_iter /= 10;
        k++;
    }
    return k > 4 ? k : 4;
}

gdt_status
gdt_report_put_grads(gdt_buf *b, const gdt_problem *p, const char *before, const char *after)
{
    gdt_status st = GDT_OK;
    size_t i;

    for (i = 0; i < p->n && st == GDT_OK; i++) {
        if (p->n == 1)
            st = gdt_buf_printf(b, "%s  %-9s ", before, "grad");
        else
            st = gdt_buf_printf(b, "%s  grad %-4s ", before, p->params.name[i]);
        if (st == GDT_OK)
            st = gdt_expr_print_data(b, p->grad[i], &p->params, p->columns);
        if (st == GDT_OK && p->grad_derived[i])
            st = gdt_buf_puts(b, "  (derived exactly from the loss)");
        if (st == GDT_OK)
            st = gdt_buf_puts(b, after);
    }
    return st;
}

/* 1 when R shows the value FIELD (GDT_FIELD_*, gd.h; 0: the step number)
   of a step of a run of N parameters in its records, or with SUMMARY in
   its summary, which has no step number and no partials.  Without
   --fields (R->fields NULL) every one, but text has no partials. */
static int
shown(const gdt_reporter *r, size_t n, size_t field, int summary)
{
    int partial = field > n && field < GDT_FIELD_LOSS(n);

    if (summary && (field == 0 || partial))
        return 0;
    if (r->fields != NULL)
        return r->fields[field];
    return !(partial && r->format == GDT_FORMAT_TEXT);
}

/* The names of the fields R shows, SEP between them (text: the step's
   right-aligned to the step column). */
static gdt_status
put_names(gdt_reporter *r, gdt_buf *b, const gdt_problem *p, const char *sep)
{
    int text = r->format == GDT_FORMAT_TEXT, first = 1;
    size_t f;
    gdt_status st = GDT_OK;

    for (f = 0; f <= GDT_FIELD_LOSS(p->n) && st == GDT_OK; f++) {
        if (!shown(r, p->n, f, 0))
            continue;
        if (!first)
            st = gdt_buf_puts(b, sep);
        first = 0;
        if (st == GDT_OK)
            st = f == 0 && text ? gdt_buf_printf(b, "%*s", r->kwidth, "step")
                                : gdt_field_name(b, p, f, text);
    }
    return st;
}

/* The recipes' values of a step of S that R shows after the loss (every
   format but python, without --fields): the master copy of each
   parameter (w_master, or w_master_NAME with several), Kahan's
   compensation term (w_comp, w_comp_NAME). */
typedef enum recipe_col { RECIPE_MASTER, RECIPE_COMP } recipe_col;

static const gdt_val *
recipe_val(const gdt_stepper *s, recipe_col c, size_t i, gdt_domain **d)
{
    return c == RECIPE_MASTER ? gdt_stepper_master(s, i, d) : gdt_stepper_comp(s, i, d);
}

/* Append, as put_recipe, the loss scale's columns of S: the scale of the
   step (scale) and whether its update is skipped (skipped, 0 or 1). */
static gdt_status
put_loss_scale(gdt_reporter *r, gdt_buf *b, const gdt_stepper *s, const char *sep, int names,
               int json)
{
    gdt_domain *d;
    int skipped = 0;
    const gdt_val *v = gdt_stepper_loss_scale(s, &skipped, NULL, &d);
    gdt_status st;

    if (v == NULL)
        return GDT_OK;
    if (names)
        return gdt_buf_printf(b, "%sscale%sskipped", sep, sep);
    st = gdt_buf_printf(b, "%s%s", sep, json ? "\"scale\": \"" : "");
    if (st == GDT_OK)
        st = d->ops->get_str(b, v, &r->numfmt, d);
    if (st == GDT_OK)
        st = json ? gdt_buf_printf(b, "\"%s\"skipped\": \"%d\"", sep, skipped)
                  : gdt_buf_printf(b, "%s%d", sep, skipped);
    return st;
}

/* One column of S's state: SEP, its name BASE (BASE_P with several
   parameters; with NAMES, or JSON: as a "KEY": "VALUE" pair) or V's
   text in *D's numbers. */
static gdt_status
put_state_col(gdt_reporter *r, gdt_buf *b, const gdt_stepper *s, const char *sep, int names,
              int json, const char *base, size_t i, int one, const gdt_val *v, gdt_domain *d)
{
    gdt_status st = gdt_buf_puts(b, sep);

    if (st == GDT_OK && json)
        st = gdt_buf_putc(b, '"');
    if (st == GDT_OK && (names || json))
        st = one ? gdt_buf_puts(b, base)
                 : gdt_buf_printf(b, "%s_%s", base, r->problem->params.name[i]);
    if (st == GDT_OK && json)
        st = gdt_buf_puts(b, "\": \"");
    if (st == GDT_OK && !names)
        st = d->ops->get_str(b, v, &r->numfmt, d);
    if (st == GDT_OK && json)
        st = gdt_buf_putc(b, '"');
    (void)s;
    return st;
}

/* The optimizer's columns of S after the recipes': its state per
   parameter (momentum_buffer; exp_avg, exp_avg_sq), then the lr in force
   with a schedule (lr, or lr_P when the parameters' differ). */
static gdt_status
put_optim(gdt_reporter *r, gdt_buf *b, const gdt_stepper *s, const char *sep, int names,
          int json)
{
    size_t c, i, n = s->prog->nparams, nc = gdt_stepper_optim_nstate(s);
    gdt_status st = GDT_OK;
    const gdt_val *v;
    int same = gdt_stepper_lr_same(s);

    for (c = 0; c < nc && st == GDT_OK; c++)
        for (i = 0; i < n && st == GDT_OK; i++)
            st = put_state_col(r, b, s, sep, names, json, gdt_stepper_optim_state_name(s, c), i,
                               n == 1, gdt_stepper_optim_state(s, c, i), s->dom);
    for (i = 0; i < (same ? 1 : n) && st == GDT_OK; i++) {
        if ((st = gdt_stepper_lr_now(s, i, &v)) != GDT_OK || v == NULL)
            break;
        st = put_state_col(r, b, s, sep, names, json, "lr", i, same, v, s->dom);
    }
    return st;
}

/* Append, SEP before each, the names (NAMES) or the values (JSON: as
   jsonl's "KEY": "VALUE" pairs) of the recipes' and the optimizer's
   columns of S. */
static gdt_status
put_recipe(gdt_reporter *r, gdt_buf *b, const gdt_stepper *s, const char *sep, int names,
           int json)
{
    static const char *const base[] = { "w_master", "w_comp" };
    gdt_status st = GDT_OK;
    gdt_domain *d;
    size_t c, i, n;

    if (s == NULL || r->fields != NULL || r->format == GDT_FORMAT_PYTHON)
        return GDT_OK;
    if (s->optim != NULL)
        return put_optim(r, b, s, sep, names, json);
    if (s->recipe == NULL)
        return GDT_OK;
    n = s->prog->nparams;
    for (c = 0; c < 2 && st == GDT_OK; c++) {
        for (i = 0; i < n && st == GDT_OK; i++) {
            const gdt_val *v = recipe_val(s, (recipe_col)c, i, &d);
            if (v == NULL)
                break;
            st = put_state_col(r, b, s, sep, names, json, base[c], i, n == 1, v, d);
        }
    }
    return st == GDT_OK ? put_loss_scale(r, b, s, sep, names, json) : st;
}

/* The master format of S after the mode, in the text header. */
static gdt_status
put_master_note(gdt_buf *b, const gdt_stepper *s)
{
    gdt_domain *d;

    if (gdt_stepper_master(s, 0, &d) == NULL)
        return GDT_OK;
    return gdt_buf_printf(b, "\n  %-9s %s (the weights kept there, updated there; the "
                          "model's weight rounded from them)", "master", d->name);
}

/* The loss scale of S, in the text header. */
static gdt_status
put_loss_scale_note(gdt_buf *b, const gdt_stepper *s)
{
    const gdt_loss_scale *ls = gdt_stepper_loss_scale_of(s);

    if (ls == NULL)
        return GDT_OK;
    if (!ls->dynamic)
        return gdt_buf_printf(b, "\n  %-9s 2^%ld (the gradient of S*loss, unscaled in the "
                              "master; a step with an inf or nan partial skipped)",
                              "scale", ls->init_exp);
    return gdt_buf_printf(b, "\n  %-9s dynamic from 2^%ld, halved at a skipped step, doubled "
                          "after %lu steps taken (GradScaler)", "scale", ls->init_exp,
                          ls->interval);
}

/* S's optimizer and schedule, in the text header: their settings as
   given, exactly, and the update. */
static gdt_status
put_optim_note(gdt_buf *b, const gdt_stepper *s)
{
    const gdt_optim *o = gdt_stepper_optim(s);
    gdt_status st;

    if (o == NULL)
        return GDT_OK;
    st = gdt_buf_printf(b, "\n  %-9s ", "optimizer");
    if (st == GDT_OK)
        st = gdt_optim_describe(b, o);
    if (st == GDT_OK)
        st = gdt_buf_printf(b, ", update %s", s->update == GDT_UPDATE_FMA ? "fma" : "sub");
    if (st == GDT_OK && o->nsched > 0)
        st = gdt_buf_printf(b, "\n  %-9s ", "schedule");
    return st == GDT_OK ? gdt_optim_schedule_str(b, o) : st;
}

static gdt_status
text_header(gdt_reporter *r, const gdt_run_info *info, const gdt_stepper *s)
{
    return gdt_report_text_header(r, info, s, 1);
}

gdt_status
gdt_report_text_header(gdt_reporter *r, const gdt_run_info *info, const gdt_stepper *s,
                       int names)
{
    const gdt_problem *p = info->problem;
    gdt_buf *b = &r->rec;
    gdt_domain *d = s->dom;
    gdt_status st;
    size_t i;

    st = gdt_buf_printf(b, "gdtrace run\n  %-9s ", "loss");
    if (st == GDT_OK)
        st = info->loss_text ? gdt_buf_puts(b, info->loss_text)
                             : gdt_expr_print_data(b, p->loss, &p->params, p->columns);
    if (st == GDT_OK)
        st = gdt_buf_putc(b, '\n');
    if (st == GDT_OK && info->data_path != NULL) {
        st = gdt_buf_printf(b, "  %-9s %s (%zu rows: ", "data", info->data_path,
                            info->data_rows);
        for (i = 0; st == GDT_OK && p->columns != NULL && i < p->columns->n; i++)
            st = gdt_buf_printf(b, "%s%s", i ? ", " : "", p->columns->name[i]);
        if (st == GDT_OK)
            st = gdt_buf_puts(b, ")\n");
    }
    if (st == GDT_OK)
        st = gdt_report_put_grads(b, p, "", "\n");
    if (st == GDT_OK && gdt_stepper_lr_same(s)) {
        gdt_domain *ld;
        const gdt_val *lr = lr_of(s, 0, &ld);
        st = put_input(r, b, "lr", info->lr_text, lr, ld);
    }
    else if (st == GDT_OK)
        st = put_lrs(r, b, info, s);
    for (i = 0; st == GDT_OK && i < p->n; i++) {
        char label[64];
        if (p->n == 1)
            snprintf(label, sizeof label, "w0");
        else
            snprintf(label, sizeof label, "%s0", p->params.name[i]);
        if (info->has_at) /* the stepper holds w_N, not w0 */
            st = gdt_buf_printf(b, "  %-9s %s\n", label, info->w0_texts[i]);
        else
            st = put_input(r, b, label, info->w0_texts[i], gdt_stepper_param(s, i), d);
    }
    if (st == GDT_OK)
        st = gdt_buf_printf(b, "  %-9s %lu%s\n  %-9s %s", info->has_at ? "at" : "max-iter",
                            info->max_iter,
                            info->has_at ? "  (computed in closed form, not iterated)" : "",
                            "mode", d->name);
    if (st == GDT_OK)
        st = put_mode_note(b, d);
    if (st == GDT_OK && s->sr != NULL)
        st = gdt_buf_printf(b, "\n  %-9s %s, seed %llu", "sr",
                            s->sr->mode == GDT_SR_ALL ? "every operation rounded stochastically"
                                                      : "the update rounded stochastically",
                            (unsigned long long)s->sr->seed);
    if (st == GDT_OK)
        st = put_master_note(b, s);
    if (st == GDT_OK)
        st = put_loss_scale_note(b, s);
    if (st == GDT_OK)
        st = put_optim_note(b, s);
    if (st == GDT_OK && s->update == GDT_UPDATE_KAHAN)
        st = gdt_buf_printf(b, "\n  %-9s kahan (w += -lr*g compensated, its term w_comp)",
                            "update");
    /* fma changes a rounded run's numbers (--update fma, or --optimizer
       sgd's torch kernel): the header says so; the optimizer's note does */
    if (st == GDT_OK && s->update == GDT_UPDATE_FMA && gdt_stepper_optim(s) == NULL
        && !d->ops->exact)
        st = gdt_buf_printf(b, "\n  %-9s fma (w - lr*g rounded once)", "update");
    r->kwidth = gdt_report_step_width(info->max_iter);
    if (st == GDT_OK)
        st = gdt_buf_putc(b, '\n');
    if (st != GDT_OK || r->every == 0 || !names) /* no step, no column names */
        return st;
    st = put_names(r, b, p, "  ");
    if (st == GDT_OK)
        st = put_recipe(r, b, s, "  ", 1, 0);
    if (st == GDT_OK && r->fields == NULL && p->n > 1 && d->ops->certified == NULL)
        st = gdt_buf_puts(b, "  |grad|"); /* balls: only digits proven are printed */
    return st == GDT_OK ? gdt_buf_putc(b, '\n') : st;
}

/* Build the header of INFO's run in R->rec (empty when R's format has
   none); R->rec is empty again when this fails. */
static gdt_status
build_begin(gdt_reporter *r, const gdt_run_info *info, const gdt_stepper *s)
{
    gdt_status st = GDT_OK;
    size_t start = r->rec.len;

    r->problem = info->problem;
    switch (r->format) {
    case GDT_FORMAT_TEXT:
        st = text_header(r, info, s);
        break;
    case GDT_FORMAT_CSV:
        st = put_names(r, &r->rec, info->problem, ",");
        if (st == GDT_OK)
            st = put_recipe(r, &r->rec, s, ",", 1, 0);
        if (st == GDT_OK && s->dom->ops->certified != NULL)
            st = gdt_buf_puts(&r->rec, ",certified_digits");
        if (st == GDT_OK)
            st = gdt_buf_putc(&r->rec, '\n');
        break;
    case GDT_FORMAT_PYTHON:
    case GDT_FORMAT_JSONL:
        break;
    }
    if (st != GDT_OK)
        buf_cut(&r->rec, start);
    return st;
}

gdt_status
gdt_reporter_begin(gdt_reporter *r, const gdt_run_info *info, const gdt_stepper *s)
{
    gdt_status st = build_begin(r, info, s);

    return st == GDT_OK && r->rec.len > 0 ? emit(r, &r->rec) : st;
}

/* Python: the list's items.  pprint prints the list on one line when its
   repr, "[" + ", ".join(items) + "]", fits in 80 columns, else one item per
   line.  The items are held back, one per line in PENDING, until the list
   no longer fits on one line or ends; from then on each item is a record,
   held as a step's (hold). */
static gdt_status
python_item(gdt_reporter *r, const gdt_stepper *s)
{
    gdt_status st;
    const char *p;
    size_t start = r->rec.len;

    if (r->multiline) { /* the item's text straight into the record */
        st = gdt_buf_puts(&r->rec, ",\n ");
        if (st == GDT_OK)
            st = put_val(r, &r->rec, s, GDT_VALUE_PARAM, 0);
        if (st != GDT_OK)
            buf_cut(&r->rec, start);
        return st == GDT_OK ? hold(r) : st;
    }
    gdt_buf_reset(&r->val);
    st = put_val(r, &r->val, s, GDT_VALUE_PARAM, 0);
    if (st != GDT_OK)
        return st;
    if (r->nitems > 0)
        st = gdt_buf_putc(&r->pending, '\n');
    if (st == GDT_OK)
        st = gdt_buf_puts(&r->pending, r->val.s);
    if (st != GDT_OK)
        return st;
    r->nitems++;
    /* the one-line repr: brackets, items, and ", " for each '\n' held */
    if (r->pending.len + r->nitems + 1 <= PPRINT_WIDTH)
        return GDT_OK;
    r->multiline = 1;
    st = gdt_buf_putc(&r->rec, '[');
    for (p = r->pending.s; st == GDT_OK && *p; p++)
        st = *p == '\n' ? gdt_buf_puts(&r->rec, ",\n ") : gdt_buf_putc(&r->rec, *p);
    gdt_buf_reset(&r->pending);
    if (st != GDT_OK)
        buf_cut(&r->rec, start);
    return st == GDT_OK ? hold(r) : st;
}

/* The held items on one line: "[a, b, c]". */
static gdt_status
python_oneline(gdt_reporter *r, gdt_buf *b)
{
    gdt_status st = gdt_buf_putc(b, '[');
    const char *p;

    for (p = r->pending.s ? r->pending.s : ""; st == GDT_OK && *p; p++)
        st = *p == '\n' ? gdt_buf_puts(b, ", ") : gdt_buf_putc(b, *p);
    return st == GDT_OK ? gdt_buf_puts(b, "]\n") : st;
}

static void
free_str(char **p)
{
    if (*p != NULL)
        mpfr_free_str(*p);
    *p = NULL;
}

/* R = sqrt(sum of the squared partials of S) rounded at R's precision
   with every operation in direction RND (a bound on the norm). */
static void
norm_bound(mpfr_ptr r, const gdt_stepper *s, mpfr_t g, mpfr_rnd_t rnd)
{
    gdt_domain *d = s->dom;
    size_t i;

    mpfr_set_zero(r, 1);
    for (i = 0; i < s->prog->nparams; i++) {
        /* |partial| rounded toward zero for the lower bound, away from it
           for the upper */
        d->ops->get_fr(g, gdt_stepper_partial(s, i),
                       rnd == MPFR_RNDD ? MPFR_RNDZ : MPFR_RNDA, d);
        mpfr_sqr(g, g, rnd);
        mpfr_add(r, r, g, rnd);
    }
    mpfr_sqrt(r, r, rnd);
}

/* The gradient's Euclidean norm at the current step, for people, rounded
   to 6 significant digits.  Computed in MPFR's widest exponent range, where
   the squares of finite partials neither overflow nor underflow (a partial
   near 1e+218700783 of the mpfr mode has a finite norm), between a lower
   and an upper bound, with more bits until both give the same digits:
   those of the exact norm.  A tie, the exact norm halfway between two
   6-digit numbers, is left to the upper bound after 4096 bits. */
static gdt_status
put_grad_norm(gdt_buf *b, const gdt_stepper *s)
{
    gdt_domain *d = s->dom;
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_prec_t prec;
    mpfr_t lo, hi, g;
    char *tlo = NULL, *thi = NULL;
    size_t i;
    gdt_status st = GDT_OK;
    int special = 0;

    for (i = 0; i < s->prog->nparams; i++) {
        const gdt_val *v = gdt_stepper_partial(s, i);
        if (d->ops->is_nan(v, d)) {
            special = 2;
            break;
        }
        if (d->ops->is_inf(v, d))
            special = 1;
    }
    if (special)
        return gdt_buf_puts(b, special == 2 ? "nan" : "inf");
    /* now every partial is finite */
    mpfr_set_emin(mpfr_get_emin_min());
    mpfr_set_emax(mpfr_get_emax_max());
    mpfr_inits2(64, lo, hi, g, (mpfr_ptr)0);
    for (prec = 64;; prec *= 2) {
        mpfr_set_prec(lo, prec);
        mpfr_set_prec(hi, prec);
        mpfr_set_prec(g, prec);
        norm_bound(lo, s, g, MPFR_RNDD);
        norm_bound(hi, s, g, MPFR_RNDU);
        free_str(&tlo);
        free_str(&thi);
        if (mpfr_asprintf(&tlo, "%.6Rg", lo) < 0 || mpfr_asprintf(&thi, "%.6Rg", hi) < 0) {
            st = GDT_ENOMEM;
            break;
        }
        if (strcmp(tlo, thi) == 0 || prec >= 4096) {
            st = gdt_buf_puts(b, thi);
            break;
        }
    }
    free_str(&tlo);
    free_str(&thi);
    mpfr_clears(lo, hi, g, (mpfr_ptr)0);
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    return st;
}

/* Append the text of value FIELD (not the step) of the step S, as jsonl
   writes it when JSON. */
static gdt_status
put_field(gdt_reporter *r, gdt_buf *b, const gdt_report_step *s, size_t field, int json)
{
    return json ? put_json_val(r, b, s, field) : put_field_text(r, b, s, field);
}

/* 1 when R's record (with SUMMARY its summary) of the step S has FIELD:
   shown, and a loss only when it was computed (a run stopped at a step it
   did not print has none). */
static int
has_field(const gdt_reporter *r, const gdt_report_step *s, size_t field, int summary)
{
    return shown(r, s->n, field, summary) && (field != GDT_FIELD_LOSS(s->n) || s->has_loss);
}

/* S's current step as the records see it. */
static gdt_report_step
step_of(const gdt_stepper *s)
{
    gdt_report_step v = { s, s->prog->nparams, s->k, s->has_loss, NULL, NULL, NULL, NULL };

    return v;
}

/* Append the fields R shows of the current step, SEP between them: the
   step number (text: right-aligned to its column), the parameters, the
   partials, the loss. */
static gdt_status
put_values(gdt_reporter *r, gdt_buf *b, const gdt_report_step *s, const char *sep)
{
    size_t f;
    gdt_status st = GDT_OK;
    int first = 1;

    for (f = 0; f <= GDT_FIELD_LOSS(s->n) && st == GDT_OK; f++) {
        if (!has_field(r, s, f, 0))
            continue;
        if (!first)
            st = put_s(b, sep);
        first = 0;
        if (st == GDT_OK)
            st = f == 0 ? gdt_report_put_ulong(b, s->k, r->format == GDT_FORMAT_TEXT ? r->kwidth : 0)
                        : put_field(r, b, s, f, 0);
    }
    return st;
}

/* Append the jsonl fields R shows of the current step (with SUMMARY, of
   the summary), "KEY": VALUE each, LEAD before the first and ", " before
   the others: "step", "w" for one parameter, else each parameter by name,
   "grad" or "grad_NAME", "loss". */
static gdt_status
put_json_values(gdt_reporter *r, gdt_buf *b, const gdt_report_step *s, int summary,
                const char *lead)
{
    /* the keys of one parameter's fields (put_field_name), with their
       quotes and colon, after ", " */
    static const char *const keys1[] = { ", \"step\": ", ", \"w\": ", ", \"grad\": ",
                                         ", \"loss\": " };
    size_t f, n = s->n;
    gdt_status st = GDT_OK;

    for (f = 0; f <= GDT_FIELD_LOSS(n) && st == GDT_OK; f++) {
        if (!has_field(r, s, f, summary))
            continue;
        if (n == 1 && *lead == '\0') {
            st = put_s(b, keys1[f] + 2);
        } else if (n == 1 && strcmp(lead, ", ") == 0) {
            st = put_s(b, keys1[f]);
        } else {
            st = gdt_buf_puts(b, lead);
            if (st == GDT_OK)
                st = gdt_buf_putc(b, '"');
            if (st == GDT_OK)
                st = gdt_field_name(b, r->problem, f, 0);
            if (st == GDT_OK)
                st = gdt_buf_puts(b, "\": ");
        }
        lead = ", ";
        if (st == GDT_OK)
            st = f == 0 ? gdt_report_put_ulong(b, s->k, 0) : put_field(r, b, s, f, 1);
    }
    return st;
}

/* run --certify (a domain of balls): the csv column or the jsonl key
   certified_digits (JSON: its ", KEY: " first), the least number of
   digits that the values of the record of S prove, or "exact" when each
   of them is exact; nothing in the other domains. */
static gdt_status
put_certified(gdt_reporter *r, gdt_buf *b, const gdt_report_step *s, int json)
{
    gdt_domain *d;
    const gdt_val *v;
    size_t f, c, least = SIZE_MAX;
    int exact;

    if (s->s == NULL || s->s->dom->ops->certified == NULL)
        return GDT_OK;
    d = s->s->dom;
    for (f = 1; f <= GDT_FIELD_LOSS(s->n); f++) {
        if (!has_field(r, s, f, 0))
            continue;
        v = f <= s->n ? gdt_stepper_param(s->s, f - 1)
            : f < GDT_FIELD_LOSS(s->n) ? gdt_stepper_partial(s->s, f - 1 - s->n)
                                       : gdt_stepper_loss(s->s);
        c = d->ops->certified(v, SIZE_MAX, &exact, d);
        if (!exact && c < least)
            least = c;
    }
    if (least == SIZE_MAX)
        return gdt_buf_puts(b, json ? ", \"certified_digits\": \"exact\"" : ",exact");
    return gdt_buf_printf(b, json ? ", \"certified_digits\": %zu" : ",%zu", least);
}

/* put_values (SEP ",") for a copy S of a step's doubles (S->s NULL), in
   one stretch of R's buffer: the step's digits, then each value's text,
   the writer's own or gdt_shortest_write's.  1, the status in *ST; 0 (B
   as it was) when a value is not a number of the copy's format, which
   put_values then says. */
static int
put_plain_csv(gdt_reporter *r, gdt_buf *b, const gdt_report_step *s, gdt_status *st)
{
    size_t f, nf = GDT_FIELD_LOSS(s->n), start = b->len, need;
    const unsigned char *shows = r->fields;
    char *p, *q;
    int first = 1;

    /* each value at most GDT_SHORTEST_ROOM with its comma, the step 32 */
    if (nf > (SIZE_MAX - 32) / (GDT_SHORTEST_ROOM + 1))
        return 0;
    need = 32 + nf * (GDT_SHORTEST_ROOM + 1);
    *st = b->len + need + 1 > b->cap ? gdt_buf_reserve(b, need) : GDT_OK;
    if (*st != GDT_OK)
        return 1;
    p = b->s + b->len;
    for (f = 0; f <= nf; f++) {
        /* has_field's answer in csv: every field, else those of
           --fields, the loss when it was computed */
        if ((shows != NULL && !shows[f]) || (f == nf && !s->has_loss))
            continue;
        if (!first)
            *p++ = ',';
        first = 0;
        if (f == 0) {
            p = gdt_shortest_write_u64(p, s->k);
        } else if (s->text != NULL) {
            memcpy(p, s->text + (f - 1) * GDT_REPORT_TEXT_ROOM, s->tlen[f - 1]);
            p += s->tlen[f - 1];
        } else {
            q = gdt_shortest_write(p, s->v[f - 1], &s->plain->f);
            if (q == NULL) {
                buf_cut(b, start);
                return 0;
            }
            p = q;
        }
    }
    buf_cut(b, (size_t)(p - b->s));
    return 1;
}

/* Build the record of the step S at the end of R->rec, which is as it
   was when this fails. */
static gdt_status
build_step(gdt_reporter *r, const gdt_report_step *s)
{
    gdt_buf *b = &r->rec;
    gdt_status st = GDT_OK;
    size_t start = b->len;

    switch (r->format) {
    case GDT_FORMAT_TEXT:
        st = put_values(r, b, s, "  ");
        if (st == GDT_OK)
            st = put_recipe(r, b, s->s, "  ", 0, 0);
        if (st == GDT_OK && r->fields == NULL && s->n > 1
            && (s->s == NULL || s->s->dom->ops->certified == NULL)) {
            st = gdt_buf_puts(b, "  ");
            if (st == GDT_OK) /* a copy has none: see gdt_report_plain */
                st = s->s != NULL ? put_grad_norm(b, s->s) : GDT_EVALUE;
        }
        break;
    case GDT_FORMAT_CSV:
        /* a copy's doubles in one stretch (no recipe, no certified
           digits) */
        if (s->s == NULL && put_plain_csv(r, b, s, &st))
            break;
        st = put_values(r, b, s, ",");
        if (st == GDT_OK)
            st = put_recipe(r, b, s->s, ",", 0, 0);
        if (st == GDT_OK)
            st = put_certified(r, b, s, 0);
        break;
    case GDT_FORMAT_JSONL:
        st = put_c(b, '{');
        if (st == GDT_OK)
            st = put_json_values(r, b, s, 0, "");
        if (st == GDT_OK)
            st = put_recipe(r, b, s->s, ", ", 0, 1);
        if (st == GDT_OK)
            st = put_certified(r, b, s, 1);
        if (st == GDT_OK)
            st = put_c(b, '}');
        break;
    case GDT_FORMAT_PYTHON:
        return GDT_EVALUE;
    }
    if (st == GDT_OK)
        st = put_c(b, '\n');
    if (st != GDT_OK)
        buf_cut(b, start);
    return st;
}

/* After ST, the status of a step's record: a record that could not be
   made may end the run without a summary, so those held go out now. */
static gdt_status
step_done(gdt_reporter *r, gdt_status st)
{
    if (st != GDT_OK && st != GDT_EIO && r->nends > 0 && write_held(r) != GDT_OK)
        return GDT_EIO;
    return st;
}

gdt_status
gdt_report_step_hold(gdt_reporter *r, const gdt_report_step *s)
{
    gdt_status st = build_step(r, s);

    return step_done(r, st == GDT_OK ? hold(r) : st);
}

gdt_status
gdt_reporter_step(gdt_reporter *r, const gdt_stepper *s)
{
    gdt_report_step v;

    if (r->writer != NULL && gdt_writer_running(r->writer)) {
        gdt_status st = gdt_writer_put(r->writer, s);

        if (st != GDT_OK || gdt_writer_running(r->writer))
            return st;
        /* refused: the records of the steps before are held; this one
           and the next ones here */
    }
    if (r->format == GDT_FORMAT_PYTHON)
        return step_done(r, python_item(r, s));
    v = step_of(s);
    return gdt_report_step_hold(r, &v);
}

/* 1 when S stopped on an error or a limit, which the summary says. */
static int
limited(const gdt_stepper *s)
{
    return s->stop == GDT_STOP_ERROR || s->stop == GDT_STOP_SIZE_LIMIT
        || s->stop == GDT_STOP_PRECISION_LIMIT;
}

/* Build the summary of S at the end of R->rec (nothing when R's format has
   none); R->rec is as it was when this fails. */
static gdt_status
build_end(gdt_reporter *r, const gdt_stepper *s, const gdt_error *err)
{
    gdt_buf *b = &r->rec;
    int have_values = s->evaluated;
    gdt_report_step v = step_of(s);
    gdt_status st = GDT_OK;
    size_t f, start = b->len;

    switch (r->format) {
    case GDT_FORMAT_CSV:
        break;
    case GDT_FORMAT_PYTHON:
        if (r->multiline)
            st = gdt_buf_puts(b, "]\n");
        else
            st = python_oneline(r, b);
        gdt_buf_reset(&r->pending);
        break;
    case GDT_FORMAT_TEXT:
        if (s->stop == GDT_STOP_AT)
            st = gdt_buf_printf(b, "at        step %lu", s->k);
        else
            st = gdt_buf_printf(b, "stop      %s after %lu step%s", gdt_stop_str(s->stop),
                                s->k, s->k == 1 ? "" : "s");
        if (st == GDT_OK && s->stop == GDT_STOP_CYCLE)
            st = gdt_buf_printf(b, " (period %lu from step %lu)", s->cycle_period,
                                s->cycle_start);
        if (st == GDT_OK && s->stop == GDT_STOP_STALL)
            st = gdt_buf_printf(b, " (the same state from step %ld)", s->stall_start);
        if (st == GDT_OK)
            st = gdt_buf_putc(b, '\n');
        if (st == GDT_OK && limited(s) && err != NULL)
            st = gdt_buf_printf(b, "error     %s\n", err->msg);
        if (st == GDT_OK && s->dom->ops->certified != NULL)
            st = gdt_buf_printf(b, "prec      %ld bits\n", (long)s->dom->prec);
        for (f = 0; have_values && f <= GDT_FIELD_LOSS(s->prog->nparams) && st == GDT_OK;
             f++) {
            if (!has_field(r, &v, f, 1))
                continue;
            gdt_buf_reset(&r->val);
            st = gdt_field_name(&r->val, r->problem, f, 0);
            if (st == GDT_OK)
                st = gdt_buf_printf(b, "%-9s ", r->val.s);
            if (st == GDT_OK)
                st = put_field(r, b, &v, f, 0);
            if (st == GDT_OK)
                st = gdt_buf_putc(b, '\n');
        }
        break;
    case GDT_FORMAT_JSONL:
        st = gdt_buf_printf(b, "{\"summary\": {\"steps\": %lu, \"stop\": \"%s\"",
                            s->k, gdt_stop_str(s->stop));
        if (st == GDT_OK && s->stop == GDT_STOP_CYCLE)
            st = gdt_buf_printf(b, ", \"period\": %lu, \"cycle_start\": %lu",
                                s->cycle_period, s->cycle_start);
        if (st == GDT_OK && s->stop == GDT_STOP_STALL)
            st = gdt_buf_printf(b, ", \"stall_start\": %ld", s->stall_start);
        if (st == GDT_OK && have_values)
            st = put_json_values(r, b, &v, 1, ", ");
        if (st == GDT_OK && have_values)
            st = put_recipe(r, b, s, ", ", 0, 1);
        if (st == GDT_OK && s->dom->ops->certified != NULL)
            st = gdt_buf_printf(b, ", \"prec\": %ld", (long)s->dom->prec);
        if (st == GDT_OK && limited(s) && err != NULL) {
            st = gdt_buf_puts(b, ", \"error\": ");
            if (st == GDT_OK)
                st = gdt_buf_json_string(b, err->msg);
        }
        if (st == GDT_OK)
            st = gdt_buf_puts(b, "}}\n");
        break;
    }
    if (st != GDT_OK)
        buf_cut(b, start);
    return st;
}

gdt_status
gdt_reporter_end(gdt_reporter *r, const gdt_stepper *s, const gdt_error *err)
{
    gdt_status st;

    if (r->writer != NULL) { /* the records of the steps first */
        st = gdt_writer_stop(r->writer, 1);
        gdt_writer_free(r->writer);
        r->writer = NULL;
        if (st != GDT_OK)
            return st;
    }
    st = build_end(r, s, err);

    if (st != GDT_OK) /* the held records go out all the same */
        return write_held(r) != GDT_OK ? GDT_EIO : st;
    return r->rec.len > 0 ? emit(r, &r->rec) : st;
}

gdt_status
gdt_reporter_fail(const gdt_reporter *r, gdt_error *err, gdt_status st)
{
    if (st == GDT_OK || st == GDT_EINTERRUPTED)
        return st;
    return gdt_reporter_error(r, st, err);
}

gdt_report_copy
gdt_report_plain(const gdt_reporter *r, const gdt_stepper *s, gdt_shortest_plain *plain)
{
    if (r->format == GDT_FORMAT_PYTHON
        || (r->format == GDT_FORMAT_TEXT && r->fields == NULL && s->prog->nparams > 1)
        || s->dec != NULL || s->recipe != NULL || s->optim != NULL) /* their columns */
        return GDT_COPY_NONE; /* a list held back; the gradient's norm, from MPFR */
    if (gdt_shortest_plain_of(plain, s->dom, &r->numfmt))
        return GDT_COPY_DOUBLE;
    if (gdt_shortest_plain_mpfr_of(plain, s->dom, &r->numfmt))
        return GDT_COPY_MPFR;
    return GDT_COPY_NONE;
}

static gdt_status
sink_begin(void *ctx, const gdt_run_info *info, const gdt_stepper *s, gdt_error *err)
{
    gdt_reporter *r = ctx;
    gdt_shortest_plain plain;
    gdt_report_copy copy;
    gdt_status st = GDT_OK;

    r->problem = info->problem;
    if (!info->resumed)
        st = gdt_reporter_fail(r, err, gdt_reporter_begin(r, info, s));
    /* the records from copies of the values where they are the same bytes,
       on a thread of their own when R asks for one; where that cannot
       start, from the stepper */
    if (st == GDT_OK && r->thread >= 0 && r->every != 0 && r->writer == NULL
        && (copy = gdt_report_plain(r, s, &plain)) != GDT_COPY_NONE
        && gdt_writer_start(&r->writer, r, s, copy, &plain, r->thread) != GDT_OK)
        r->writer = NULL;
    return st;
}

static gdt_status
sink_step(void *ctx, const gdt_stepper *s, gdt_error *err)
{
    return gdt_reporter_fail(ctx, err, gdt_reporter_step(ctx, s));
}

static gdt_status
sink_end(void *ctx, const gdt_stepper *s, gdt_error *err)
{
    return gdt_reporter_fail(ctx, err, gdt_reporter_end(ctx, s, err));
}

/* What R writes for PART, built by a reporter of R's format with NUMFMT
   (NULL: R's), so that R itself is left as it is. */
static gdt_status
sink_record(void *ctx, gdt_record_part part, const gdt_run_info *info, const gdt_stepper *s,
            const gdt_numfmt *numfmt, gdt_buf *out, gdt_error *err)
{
    gdt_reporter *r = ctx, alt;
    gdt_status st;

    if (r->format == GDT_FORMAT_PYTHON) /* one list, held back until it ends */
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "python output has no record of a step of its own");
    gdt_reporter_init(&alt, r->format, numfmt != NULL ? numfmt : &r->numfmt, NULL);
    alt.problem = info->problem;
    alt.kwidth = r->kwidth;
    alt.fields = r->fields;
    if (part == GDT_RECORD_BEGIN)
        st = build_begin(&alt, info, s);
    else if (part == GDT_RECORD_STEP) {
        gdt_report_step v = step_of(s);
        st = build_step(&alt, &v);
    }
    else
        st = build_end(&alt, s, err);
    if (st == GDT_OK && alt.rec.len > 0)
        st = gdt_buf_putn(out, alt.rec.s, alt.rec.len);
    st = gdt_reporter_fail(&alt, err, st);
    gdt_reporter_clear(&alt);
    return st;
}

void
gdt_reporter_sink(gdt_run_sink *out, gdt_reporter *r)
{
    out->ctx = r;
    out->numfmt = &r->numfmt;
    out->syntax = r->format == GDT_FORMAT_CSV     ? GDT_SYNTAX_CSV
                  : r->format == GDT_FORMAT_JSONL ? GDT_SYNTAX_JSONL
                                                  : GDT_SYNTAX_NONE;
    out->begin = sink_begin;
    out->step = sink_step;
    out->end = sink_end;
    out->record = sink_record;
    out->every = r->every;
    out->fields = r->fields;
}

gdt_status
gdt_trail_replay(gdt_trail *t, FILE *f, const char *name, gdt_stepper *s, gdt_reporter *r,
                 const char *header, const gdt_run_opts *opts, gdt_error *err)
{
    gdt_run_sink sink;
    gdt_run_info info = { .problem = r->problem, .max_iter = s->max_iter };

    gdt_reporter_sink(&sink, r);
    return gdt_trail_read(t, f, name, s, &sink, &info, header, opts, err);
}
