/* resume -- reading back a trajectory file written by gdtrace run, every
   record checked against the run replayed from w0 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/problem.h"
#include "gdtrace/resume.h"

/* What the message shows of a value or a step number from the file. */
#define SHOW 60

/* A piece of a line: a step number, a key or a value. */
typedef struct span {
    const char *s;
    size_t n;
} span;

/* A record line as gdtrace writes it, walked one field at a time:
     jsonl  {"step": K, "KEY": "VALUE", ...}\n
     csv    K,VALUE,VALUE,...\n */
typedef struct cursor {
    const char *p, *end; /* what is left of the line, before its newline */
    gdt_record_syntax syntax;
} cursor;

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Start C on LINE (LEN bytes, the last a newline) and find its step
   number; 0 when the line does not begin as a record does. */
static int
cursor_start(cursor *c, const char *line, size_t len, gdt_record_syntax syntax, span *step)
{
    const char *p = line;

    c->end = line + len - 1;
    c->syntax = syntax;
    if (syntax == GDT_SYNTAX_JSONL) {
        if (len < 10 || memcmp(p, "{\"step\": ", 9) != 0)
            return 0;
        p += 9;
    }
    step->s = p;
    while (p < c->end && is_digit(*p))
        p++;
    step->n = (size_t)(p - step->s);
    c->p = p;
    return step->n > 0;
}

/* The next field of C: 1 with its key (jsonl; csv: none) and value, 0 at
   the end of the record, -1 when the line is no record. */
static int
cursor_next(cursor *c, span *key, span *val)
{
    const char *p = c->p, *q;

    key->s = NULL;
    key->n = 0;
    if (c->syntax == GDT_SYNTAX_CSV) {
        if (p == c->end)
            return 0;
        if (*p != ',')
            return -1;
        p++;
        q = memchr(p, ',', (size_t)(c->end - p));
        if (q == NULL)
            q = c->end;
        val->s = p;
        val->n = (size_t)(q - p);
        c->p = q;
        return 1;
    }
    if (c->end - p == 1 && *p == '}')
        return 0;
    if (c->end - p < 3 || memcmp(p, ", \"", 3) != 0)
        return -1;
    key->s = p += 3;
    q = memchr(p, '"', (size_t)(c->end - p));
    if (q == NULL || c->end - q < 4 || memcmp(q, "\": \"", 4) != 0)
        return -1;
    key->n = (size_t)(q - p);
    val->s = p = q + 4;
    q = memchr(p, '"', (size_t)(c->end - p));
    if (q == NULL)
        return -1;
    val->n = (size_t)(q - p);
    c->p = q + 1;
    return 1;
}

/* 1 when LINE (LEN bytes, the last a newline) is a whole record, with its
   step number in *STEP. */
static int
is_record(const char *line, size_t len, gdt_record_syntax syntax, span *step)
{
    cursor c;
    span k, v;
    int n = 0, more;

    if (!cursor_start(&c, line, len, syntax, step))
        return 0;
    while ((more = cursor_next(&c, &k, &v)) == 1)
        n++;
    return more == 0 && n > 0;
}

/* 1 when LINE is a jsonl summary line. */
static int
is_summary(const char *line, size_t len, gdt_record_syntax syntax)
{
    return syntax == GDT_SYNTAX_JSONL && len >= 13 && memcmp(line, "{\"summary\": ", 12) == 0
           && line[len - 1] == '\n';
}

/* Why the complete line LINE (LEN bytes) that is no record is not one. */
static const char *
why_not_record(const char *line, size_t len, gdt_record_syntax syntax)
{
    if (memchr(line, '\0', len) != NULL)
        return "it holds a NUL byte, and a step record is text";
    if (len >= 2 && line[len - 2] == '\r')
        return "it ends in CR LF, and gdtrace writes LF line endings "
               "(dos2unix converts the file)";
    if (len == 1)
        return "an empty line, where a step record belongs";
    if (syntax == GDT_SYNTAX_JSONL && (is_digit(line[0]) || strncmp(line, "step,", 5) == 0))
        return "a csv line, and --format is jsonl";
    if (syntax == GDT_SYNTAX_CSV && line[0] == '{')
        return "a jsonl line, and --format is csv";
    return "not a step record";
}

/* 1 when the name NAME (LEN bytes) is column COL of a record of problem
   P with every field (csv's header, jsonl's keys), as gdt_field_name
   names it. */
static int
is_column(const gdt_problem *p, size_t col, const char *name, size_t len)
{
    gdt_buf want;
    int same;

    gdt_buf_init(&want);
    same = gdt_field_name(&want, p, col, 0) == GDT_OK && want.len == len
           && memcmp(want.s, name, len) == 0;
    gdt_buf_clear(&want);
    return same;
}

/* When the NAMES (NNAMES spans) of a file's records, not this run's, are
   some of the fields of problem P in their order: written with --fields.
   Then ERR says so, NAMES written as TEXT: the state needs the step and
   every parameter, else the same --fields read it back. */
static gdt_status
fields_error(gdt_error *err, const char *name, const gdt_problem *p, const span *names,
             size_t nnames, const char *text)
{
    size_t col = 0, i, lacks = SIZE_MAX;
    int *has = calloc(GDT_FIELD_LOSS(p->n) + 1, sizeof *has);

    if (has == NULL)
        return GDT_OK;
    for (i = 0; i < nnames; i++) {
        while (col <= GDT_FIELD_LOSS(p->n) && !is_column(p, col, names[i].s, names[i].n))
            col++;
        if (col > GDT_FIELD_LOSS(p->n))
            break;
        has[col++] = 1;
    }
    for (col = 0; col <= p->n && lacks == SIZE_MAX; col++)
        if (!has[col])
            lacks = col;
    free(has);
    if (i < nnames || nnames == 0 || nnames == GDT_FIELD_LOSS(p->n) + 1)
        return GDT_OK; /* not fields of P, or every one */
    if (lacks != SIZE_MAX) {
        gdt_buf left;
        gdt_status st;

        gdt_buf_init(&left);
        st = gdt_field_name(&left, p, lacks, 0);
        if (st == GDT_OK)
            st = gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                               "%s: its records hold %s only (written with --fields), "
                               "which leave out %s, and a resume needs it", name, text,
                               left.s);
        gdt_buf_clear(&left);
        return st;
    }
    return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                         "%s: its records hold %s only: resume it with --fields %s", name,
                         text, text);
}

/* fields_error for the csv header LINE (LEN bytes, the last a newline). */
static gdt_status
csv_fields_error(gdt_error *err, const char *name, const gdt_problem *p, const char *line,
                 size_t len)
{
    span names[64];
    size_t n = 0;
    const char *q = line, *end = line + len - 1, *c;
    char text[256];

    for (; n < 64; q = c + 1) {
        c = memchr(q, ',', (size_t)(end - q));
        if (c == NULL)
            c = end;
        names[n].s = q;
        names[n++].n = (size_t)(c - q);
        if (c == end)
            break;
    }
    if (q >= end || len > sizeof text)
        return GDT_OK;
    snprintf(text, sizeof text, "%.*s", (int)(len - 1), line);
    return fields_error(err, name, p, names, n, text);
}

/* fields_error for the keys of the jsonl record LINE (LEN bytes). */
static gdt_status
jsonl_fields_error(gdt_error *err, const char *name, const gdt_problem *p, const char *line,
                   size_t len)
{
    span names[64], step, v;
    size_t n = 1, i;
    cursor c;
    char text[256];
    int at = 0;

    if (!cursor_start(&c, line, len, GDT_SYNTAX_JSONL, &step))
        return GDT_OK;
    names[0].s = "step";
    names[0].n = 4;
    while (n < 64 && cursor_next(&c, &names[n], &v) == 1)
        n++;
    for (i = 0; i < n && at + names[i].n + 1 < sizeof text; i++)
        at += snprintf(text + at, sizeof text - (size_t)at, "%s%.*s", i ? "," : "",
                       (int)names[i].n, names[i].s);
    return i < n ? GDT_OK : fields_error(err, name, p, names, n, text);
}

/* 1 when STEP is the step number K as gdtrace writes it. */
static int
step_is(const span *step, unsigned long k)
{
    char want[32];
    int n = snprintf(want, sizeof want, "%lu", k);

    return step->n == (size_t)n && memcmp(step->s, want, step->n) == 0;
}

/* 1 when OUT with the digits FMT prints the current step of S (of INFO's
   run) as LINE. */
static int
prints_as(const gdt_run_sink *out, const gdt_run_info *info, const gdt_numfmt *fmt,
          const gdt_stepper *s, const char *line, size_t len)
{
    gdt_buf b;
    int same;

    gdt_buf_init(&b);
    same = out->record(out->ctx, GDT_RECORD_STEP, info, s, fmt, &b, NULL) == GDT_OK
           && b.len == len && memcmp(b.s, line, len) == 0;
    gdt_buf_clear(&b);
    return same;
}

/* When LINE is the current step of S printed with other --digits than
   OUT's: 1, with those digits in *FOUND.  For N significant digits (csv),
   the N that print LINE so are *FOUND's N to *HI (INT_MAX: no limit found):
   a line whose values need few digits fits several. */
static int
other_digits(gdt_numfmt *found, int *hi, const gdt_run_sink *out, const gdt_run_info *info,
             const gdt_stepper *s, const gdt_run_opts *opts, const char *line, size_t len)
{
    static const gdt_digits_kind kinds[] = {
        GDT_DIGITS_SHORTEST, GDT_DIGITS_EXACT, GDT_DIGITS_HEX
    };
    gdt_numfmt f = *out->numfmt;
    size_t i, digits = 0, most = 0;
    int n, lo = 0, first, top, lead = 1, in_exp = 0;

    for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        f.kind = kinds[i];
        f.n = 0;
        if (f.kind != out->numfmt->kind && prints_as(out, info, &f, s, line, len)) {
            *found = f;
            *hi = 0;
            return 1;
        }
    }
    if (out->syntax != GDT_SYNTAX_CSV)
        return 0; /* jsonl values are never rounded */
    /* N significant digits: the field with the most significant digits
       shows N of them, or fewer when the rounded value ends in zeros; so
       a few N around that count are tried, never a search over every N
       (which would cost the square of a long value's length) */
    for (i = 0; i < len; i++) {
        if (line[i] == ',' || line[i] == '\n') {
            digits = 0;
            lead = 1;
            in_exp = 0;
        } else if (line[i] == 'e' || line[i] == 'E' || line[i] == 'p') {
            in_exp = 1;
        } else if (is_digit(line[i]) && !in_exp && !(lead && line[i] == '0')) {
            lead = 0;
            digits++;
            most = digits > most ? digits : most;
        }
    }
    first = most > 3 ? (int)most - 2 : 1;
    top = most + 8 < 10000 ? (int)most + 8 : 10000; /* --digits is at most 10000 */
    f.kind = GDT_DIGITS_N;
    for (n = first; n <= top && !gdt_run_stopped(opts); n++) {
        f.n = n;
        if ((out->numfmt->kind == GDT_DIGITS_N && out->numfmt->n == n)
            || !prints_as(out, info, &f, s, line, len)) {
            if (lo > 0)
                break;
            continue;
        }
        if (lo == 0)
            lo = n;
        *hi = n == top ? INT_MAX : n;
    }
    if (lo == 0)
        return 0;
    f.n = lo;
    *found = f;
    return 1;
}

/* The name of the digits F, with *HI as other_digits sets it. */
static void
digits_name(char *name, size_t size, const gdt_numfmt *f, int hi)
{
    if (f->kind == GDT_DIGITS_SHORTEST)
        snprintf(name, size, "shortest");
    else if (f->kind == GDT_DIGITS_EXACT)
        snprintf(name, size, "exact");
    else if (f->kind == GDT_DIGITS_HEX)
        snprintf(name, size, "hex");
    else if (hi == INT_MAX)
        snprintf(name, size, "%d or more", f->n);
    else if (hi > f->n)
        snprintf(name, size, "%d to %d", f->n, hi);
    else
        snprintf(name, size, "%d", f->n);
}

/* How a record of the file differs from this run's. */
typedef struct diff {
    unsigned long line, step;
    enum { DIFF_VALUE, DIFF_KEY, DIFF_COUNT } what;
    char key[SHOW + 7], file[SHOW + 7], here[SHOW + 7];
} diff;

/* At most SHOW bytes of SP into TO, from byte FROM on ("..." marks what
   is left out at either end). */
static void
copy_span_from(char *to, const span *sp, size_t from)
{
    size_t n;

    if (sp->s == NULL || from >= sp->n)
        from = 0;
    n = sp->s != NULL ? (sp->n - from < SHOW ? sp->n - from : SHOW) : 0;
    snprintf(to, SHOW + 7, "%s%.*s%s", from > 0 ? "..." : "", (int)n,
             sp->s != NULL ? sp->s + from : "", from + n < (sp->s != NULL ? sp->n : 0) ? "..." : "");
}

static void
copy_span(char *to, const span *sp)
{
    copy_span_from(to, sp, 0);
}

/* Into D, the first field where the record LINE (LEN bytes) differs from
   WANT, this run's (csv: the fields named by HEADER). */
static void
record_diff(diff *d, const char *line, size_t len, const gdt_buf *want, const char *header,
            gdt_record_syntax syntax)
{
    cursor c1, c2;
    span st1, st2, k1, v1, k2, v2;
    const char *h = header != NULL ? strchr(header, ',') : NULL;
    int m1, m2;

    cursor_start(&c1, line, len, syntax, &st1);
    cursor_start(&c2, want->s, want->len, syntax, &st2);
    for (;;) {
        m1 = cursor_next(&c1, &k1, &v1);
        m2 = cursor_next(&c2, &k2, &v2);
        if (h != NULL) { /* csv: the field's name from the header */
            k2.s = h + 1;
            h = strchr(k2.s, ',');
            k2.n = h != NULL ? (size_t)(h - k2.s) : strcspn(k2.s, "\n");
        }
        if (m1 != 1 || m2 != 1) {
            d->what = DIFF_COUNT;
            snprintf(d->key, sizeof d->key, "%s", m1 == 1 ? "more" : "fewer");
            return;
        }
        copy_span(d->key, &k2);
        copy_span(d->file, &v1);
        copy_span(d->here, &v2);
        if (syntax == GDT_SYNTAX_JSONL && (k1.n != k2.n || memcmp(k1.s, k2.s, k1.n) != 0)) {
            d->what = DIFF_KEY;
            copy_span(d->file, &k1);
            return;
        }
        if (v1.n != v2.n || memcmp(v1.s, v2.s, v1.n) != 0) {
            /* long values: show them around the first byte that differs */
            size_t at = 0;
            while (at < v1.n && at < v2.n && v1.s[at] == v2.s[at])
                at++;
            if (at >= SHOW - 10) {
                copy_span_from(d->file, &v1, at - SHOW / 2);
                copy_span_from(d->here, &v2, at - SHOW / 2);
            }
            d->what = DIFF_VALUE;
            return;
        }
    }
}

/* The message for D; DIGITS names the digits the file has, when its values
   are this run's printed otherwise. */
static gdt_status
diff_error(gdt_error *err, const char *name, const diff *d, const char *digits)
{
    if (d->what == DIFF_KEY)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "%s, line %lu: step %lu has a field \"%s\" in the file but \"%s\" "
                             "here: the parameters or the optimizer differ", name, d->line, d->step, d->file,
                             d->key);
    if (d->what == DIFF_COUNT)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "%s, line %lu: step %lu has %s fields than here: the parameters "
                             "or the optimizer differ", name, d->line, d->step, d->key);
    if (digits != NULL)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "%s, line %lu: step %lu has %s %s in the file but %s here: the "
                             "file has this run's values printed with --digits %s",
                             name, d->line, d->step, d->key, d->file, d->here, digits);
    return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                         "%s, line %lu: step %lu has %s %s in the file but %s here: the loss, "
                         "gradient, lr, w0, data, mode, --update or optimizer differ",
                         name, d->line, d->step, d->key, d->file, d->here);
}

/* *SAME = 1 when TEXT (LEN bytes) is the summary OUT writes for S, which
   stops by one of its rules. */
static gdt_status
is_its_summary(const gdt_run_sink *out, const gdt_run_info *info, const gdt_stepper *s,
               const char *text, size_t len, int *same, gdt_error *err)
{
    gdt_buf b;
    gdt_status st;

    gdt_buf_init(&b);
    gdt_error_clear(err); /* the end of a run with no error */
    st = out->record(out->ctx, GDT_RECORD_END, info, s, NULL, &b, err);
    *same = st == GDT_OK && b.len == len && memcmp(b.s, text, len) == 0;
    gdt_buf_clear(&b);
    return st;
}

gdt_status
gdt_trail_read(gdt_trail *t, FILE *f, const char *name, gdt_stepper *s, const gdt_run_sink *out,
               const gdt_run_info *info, const char *header, const gdt_run_opts *opts,
               gdt_error *err)
{
    char *line = NULL, *tail = NULL, past[SHOW + 1] = "";
    size_t cap = 0, tail_len = 0, len;
    ssize_t got;
    off_t pos = 0;
    unsigned long lineno = 0, k = 0; /* the step the next record must have */
    unsigned long summary = 0;       /* the line of a jsonl summary */
    int records = 0, cut = 0, suspect = 0, hi = 0, dhi = 0;
    char note[32];
    gdt_numfmt fmt;
    gdt_numfmt alt; /* the file's digits, when they are not OUT's */
    diff d;
    gdt_buf rec;
    gdt_error e;
    gdt_status st = GDT_OK;
    span step;

    t->last_step = 0;
    t->end = 0;
    t->stop = GDT_STOP_NONE;
    t->complete = 0;
    if (out->syntax == GDT_SYNTAX_NONE || out->record == NULL || out->numfmt == NULL)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "%s: only jsonl and csv trajectories can be read back", name);
    gdt_buf_init(&rec);
    gdt_error_clear(&e);
    alt = *out->numfmt;
    d.what = DIFF_VALUE;
    while ((got = getline(&line, &cap, f)) > 0) {
        len = (size_t)got;
        lineno++;
        if (gdt_run_stopped(opts)) {
            s->stop = GDT_STOP_INTERRUPTED;
            goto out;
        }
        if (past[0] != '\0') {
            /* records past max-iter: only the last one's step, for the message */
            if (line[len - 1] == '\n' && is_record(line, len, out->syntax, &step))
                snprintf(past, sizeof past, "%.*s", (int)(step.n < SHOW ? step.n : SHOW), step.s);
            continue;
        }
        if (summary > 0) {
            st = gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                               "%s, line %lu: a summary, and the file goes on after it", name,
                               summary);
            goto out;
        }
        if (line[len - 1] != '\n') {
            cut = 1; /* the file's last line, cut: a resume drops it */
            break;
        }
        if (memchr(line, '\0', len) != NULL || (len >= 2 && line[len - 2] == '\r')) {
            st = gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "%s, line %lu: %s", name, lineno,
                               why_not_record(line, len, out->syntax));
            goto out;
        }
        if (lineno == 1 && out->syntax == GDT_SYNTAX_CSV) {
            if (strcmp(line, header) == 0) {
                pos += (off_t)len;
                continue;
            }
            if (line[0] == '{')
                st = gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                                   "%s, line 1: a jsonl line, and --format csv wants the header "
                                   "%.*s", name, (int)strcspn(header, "\n"), header);
            else if (csv_fields_error(err, name, info->problem, line, len) == GDT_OK)
                st = gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                                   "%s: its header is not this problem's, %.*s", name,
                                   (int)strcspn(header, "\n"), header);
            else
                st = GDT_EVALUE;
            goto out;
        }
        if (!is_record(line, len, out->syntax, &step)) {
            if (!is_summary(line, len, out->syntax)) {
                st = gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "%s, line %lu: %s", name, lineno,
                                   why_not_record(line, len, out->syntax));
                goto out;
            }
            /* the end of the run, or an interrupted run's: the last line */
            summary = lineno;
            if ((tail = strdup(line)) == NULL) {
                st = gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
                goto out;
            }
            tail_len = len;
            continue;
        }
        if (t->stop == GDT_STOP_MAX_ITER) {
            snprintf(past, sizeof past, "%.*s", (int)(step.n < SHOW ? step.n : SHOW), step.s);
            continue;
        }
        if (t->stop != GDT_STOP_NONE) {
            st = gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                               "%s, line %lu: step %.*s follows step %lu, where this run stops "
                               "(%s)", name, lineno, (int)(step.n < SHOW ? step.n : SHOW),
                               step.s, t->last_step, gdt_stop_str(t->stop));
            goto out;
        }
        if (!step_is(&step, k)) {
            /* step K at step 1: what --every K writes */
            int thinned = k == 1 && step.n < 21 && strtoul(step.s, NULL, 10) > 1;
            st = gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                               "%s, line %lu: step %.*s%s where step %lu belongs%s%.*s%s", name,
                               lineno, (int)(step.n < SHOW ? step.n : SHOW), step.s,
                               step.n > SHOW ? "..." : "", k,
                               thinned ? ": steps are missing, as --every " : "",
                               thinned ? (int)step.n : 0, step.s,
                               thinned ? " leaves them out, and a resume needs every one" : "");
            goto out;
        }
        /* this run's step k, beside the file's */
        st = k > 0 ? gdt_stepper_update(s, &e) : GDT_OK;
        if (st == GDT_OK)
            st = gdt_stepper_eval(s, &e);
        if (st == GDT_EINTERRUPTED) { /* stopped converting a huge value */
            s->stop = GDT_STOP_INTERRUPTED;
            st = GDT_OK;
            goto out;
        }
        if (st == GDT_ENOMEM) {
            gdt_error_set(err, st, SIZE_MAX, "%s", e.msg);
            goto out;
        }
        if (st != GDT_OK) {
            const char *why = strncmp(e.msg, "step ", 5) == 0 ? strstr(e.msg, ": ") : NULL;
            st = gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                               "%s, line %lu: this run ends before step %lu: %s", name, lineno,
                               k, why != NULL ? why + 2 : e.msg);
            goto out;
        }
        gdt_buf_reset(&rec);
        st = out->record(out->ctx, GDT_RECORD_STEP, info, s, suspect ? &alt : NULL, &rec, &e);
        if (st == GDT_EINTERRUPTED) {
            s->stop = GDT_STOP_INTERRUPTED;
            st = GDT_OK;
            goto out;
        }
        if (st != GDT_OK) {
            gdt_error_set(err, st, SIZE_MAX, "step %lu: %s", k, e.msg);
            goto out;
        }
        if (rec.len != len || memcmp(rec.s, line, len) != 0) {
            if (!suspect) {
                d.line = lineno;
                d.step = k;
                record_diff(&d, line, len, &rec, header, out->syntax);
            }
            /* the values of this run with other digits?  Then read on with
               those, to be sure */
            if (d.what != DIFF_VALUE && k == 0 && out->syntax == GDT_SYNTAX_JSONL
                && jsonl_fields_error(err, name, info->problem, line, len) != GDT_OK) {
                st = GDT_EVALUE;
                goto out;
            }
            if (d.what != DIFF_VALUE || !other_digits(&fmt, &hi, out, info, s, opts, line, len)) {
                st = diff_error(err, name, &d, NULL);
                suspect = 0;
                goto out;
            }
            if (suspect && fmt.kind == GDT_DIGITS_N && alt.kind == GDT_DIGITS_N) {
                /* the N that fit every line so far */
                fmt.n = fmt.n > alt.n ? fmt.n : alt.n;
                hi = hi < dhi ? hi : dhi;
                if (fmt.n > hi) {
                    st = diff_error(err, name, &d, NULL);
                    suspect = 0;
                    goto out;
                }
            }
            alt = fmt;
            dhi = hi;
            suspect = 1;
        }
        records = 1;
        t->last_step = k;
        t->stop = s->stop;
        pos += (off_t)len;
        t->end = pos;
        k++;
    }
    if (ferror(f)) {
        st = gdt_error_set(err, GDT_EIO, SIZE_MAX, "%s: %s", name, strerror(errno));
        goto out;
    }
    if (suspect) { /* every record is this run's, with other digits */
        digits_name(note, sizeof note, &alt, dhi);
        st = diff_error(err, name, &d, note);
        suspect = 0;
        goto out;
    }
    if (past[0] != '\0') {
        st = gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                           "%s: its last step is %s, past --max-iter %lu", name, past,
                           s->max_iter);
        goto out;
    }
    if (!records) {
        st = gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                           "%s: no complete step record to resume from", name);
        goto out;
    }
    /* whole: the run stops at the last record, and the file ends as it does */
    if (t->stop != GDT_STOP_NONE && !cut) {
        if (out->syntax == GDT_SYNTAX_CSV)
            t->complete = 1;
        else if (tail != NULL)
            st = is_its_summary(out, info, s, tail, tail_len, &t->complete, err);
        if (st == GDT_EINTERRUPTED) { /* stopped converting a huge value */
            s->stop = GDT_STOP_INTERRUPTED;
            st = GDT_OK;
        }
    }
out:
    if (suspect && st == GDT_EVALUE) /* the first bad line is the first that differed */
        st = diff_error(err, name, &d, NULL);
    free(line);
    free(tail);
    gdt_buf_clear(&rec);
    return st;
}
