/* data -- read a CSV data set of exact numbers

   The whole file is read into memory (it is at most GDT_DATA_MAX_BYTES),
   then walked line by line with explicit lengths, so that NUL bytes, a
   missing final newline or a line of any length need no special case.
   Every limit is checked before the memory it guards is allocated. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "base/vec.h"
#include "gdtrace/data.h"
#include "gdtrace/func.h"
#include "gdtrace/decimal.h"

#define SHOW_MAX 40         /* bytes of a cell quoted in a message */

/* The file being read. */
typedef struct reader {
    const char *path;
    char *buf;          /* the file's bytes, NUL-terminated (owned) */
    size_t len;         /* bytes in BUF */
    size_t end;         /* end of the content: trailing blank lines cut */
    size_t line;        /* start of the current line */
    size_t line_end;    /* its end, before "\n" or "\r\n" */
    size_t next;        /* start of the line after it */
    unsigned long lineno;
    size_t digits;      /* digits used by the cells so far */
    gdt_error *err;
} reader;

/* One cell of a line. */
typedef struct field {
    size_t at;          /* its first byte after blanks (an opening quote) */
    size_t start, end;  /* its text: without blanks and quotes */
} field;

static int
is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Write the N bytes at S to OUT for a message: at most SHOW_MAX bytes,
   bytes that are not printable ASCII as \xNN, "..." when cut. */
static const char *
show(char out[4 * SHOW_MAX + 4], const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t i, j = 0;

    for (i = 0; i < n && i < SHOW_MAX; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c >= 0x20 && c < 0x7f) {
            out[j++] = (char)c;
        } else {
            out[j++] = '\\';
            out[j++] = 'x';
            out[j++] = hex[c >> 4];
            out[j++] = hex[c & 15];
        }
    }
    if (n > SHOW_MAX) {
        memcpy(out + j, "...", 3);
        j += 3;
    }
    out[j] = '\0';
    return out;
}

/* ------------------------------------------------------------ the file */

/* Read the file R->path whole into R->buf. */
static gdt_status
load(reader *r)
{
    FILE *f;
    struct stat sb;
    size_t cap = 65536, n;
    char *p;
    gdt_status st = GDT_OK;

    f = fopen(r->path, "rb");
    if (f == NULL)
        return gdt_error_set(r->err, GDT_EIO, SIZE_MAX, "%s: cannot open: %s",
                             r->path, strerror(errno));
    if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode)) {
        if ((uintmax_t)sb.st_size > GDT_DATA_MAX_BYTES)
            goto out_too_large;
        cap = (size_t)sb.st_size + 1; /* + 1 to see the end of the file */
    }
    r->buf = malloc(cap);
    if (r->buf == NULL)
        goto out_nomem;
    r->len = 0;
    for (;;) {
        if (r->len == cap) {
            if (cap > GDT_DATA_MAX_BYTES)
                goto out_too_large;
            cap = cap > GDT_DATA_MAX_BYTES / 2 ? GDT_DATA_MAX_BYTES + 1
                                               : 2 * cap;
            p = realloc(r->buf, cap);
            if (p == NULL)
                goto out_nomem;
            r->buf = p;
        }
        n = fread(r->buf + r->len, 1, cap - r->len, f);
        r->len += n;
        if (n == 0)
            break;
    }
    if (ferror(f)) {
        st = gdt_error_set(r->err, GDT_EIO, SIZE_MAX, "%s: cannot read: %s",
                           r->path, strerror(errno));
        goto out_close;
    }
    if (r->len > GDT_DATA_MAX_BYTES)
        goto out_too_large;
    /* room for the NUL */
    p = realloc(r->buf, r->len + 1);
    if (p == NULL)
        goto out_nomem;
    r->buf = p;
    r->buf[r->len] = '\0';
    goto out_close;

out_too_large:
    st = gdt_error_set(r->err, GDT_EVALUE, SIZE_MAX,
                       "%s: the file is larger than the limit of 100 MiB "
                       "(%lu bytes)", r->path, GDT_DATA_MAX_BYTES);
    goto out_close;
out_nomem:
    st = gdt_error_set(r->err, GDT_ENOMEM, SIZE_MAX, "%s: out of memory",
                       r->path);
out_close:
    fclose(f);
    return st;
}

/* Make the line at offset AT the current one; 0 when AT is past the
   content. */
static int
line_at(reader *r, size_t at)
{
    const char *nl;

    if (at >= r->end)
        return 0;
    r->lineno++;
    r->line = at;
    nl = memchr(r->buf + at, '\n', r->end - at);
    r->line_end = nl != NULL ? (size_t)(nl - r->buf) : r->end;
    r->next = r->line_end + 1;
    if (r->line_end > at && r->buf[r->line_end - 1] == '\r')
        r->line_end--;
    return 1;
}

/* 1 when the current line has only blanks. */
static int
line_is_blank(const reader *r)
{
    size_t i;

    for (i = r->line; i < r->line_end; i++)
        if (!is_blank(r->buf[i]))
            return 0;
    return 1;
}

/* --------------------------------------------------------------- cells */

/* Message "PATH:LINE:COLUMN: ..." about the cell F of the current line. */
#define CELL_ERROR(r, f, fmt, ...)                                        \
    gdt_error_set((r)->err, GDT_EVALUE, (f)->at, "%s:%lu:%zu: " fmt,      \
                  (r)->path, (r)->lineno, (f)->at - (r)->line + 1,        \
                  __VA_ARGS__)

/* Scan the cell of the current line that starts at *POS into F and move
   *POS past it and its comma.  *LAST is set to 1 when no comma follows.

   cell := blank* ( '"' blank* text blank* '"' | text ) blank*
   where text has no comma, or when quoted no quote (a quoted comma is
   then text that is not a number, or not a name). */
static gdt_status
next_field(reader *r, size_t *pos, field *f, int *last)
{
    const char *b = r->buf;
    size_t i = *pos, e = r->line_end;
    const char *q;

    while (i < e && is_blank(b[i]))
        i++;
    /* an empty cell is shown where it starts, others at their text */
    f->at = i < e && b[i] != ',' ? i : *pos;
    if (i < e && b[i] == '"') {
        q = memchr(b + i + 1, '"', e - i - 1);
        if (q == NULL)
            return CELL_ERROR(r, f, "%s", "opening quote without a "
                              "closing quote on the same line");
        f->start = i + 1;
        f->end = (size_t)(q - b);
        i = f->end + 1;
        while (i < e && is_blank(b[i]))
            i++;
        if (i < e && b[i] != ',') {
            char shown[4 * SHOW_MAX + 4];
            size_t k = i;

            while (k < e && b[k] != ',')
                k++;
            return CELL_ERROR(r, f, "text '%s' after the closing quote",
                              show(shown, b + i, k - i));
        }
    } else {
        f->start = i;
        while (i < e && b[i] != ',')
            i++;
        f->end = i;
    }
    while (f->start < f->end && is_blank(b[f->start]))
        f->start++;
    while (f->end > f->start && is_blank(b[f->end - 1]))
        f->end--;
    /* now i is at the comma or at the end of the line */
    *last = i >= e;
    *pos = i + 1;
    return GDT_OK;
}

/* Count the cells of the current line into *N. */
static gdt_status
count_fields(reader *r, size_t *n)
{
    size_t pos = r->line;
    int last = 0;
    field f;
    gdt_status st;

    for (*n = 0; !last; ++*n) {
        st = next_field(r, &pos, &f, &last);
        if (st != GDT_OK)
            return st;
    }
    return GDT_OK;
}

/* The written decimal exponent of the number at S (N bytes), or 0;
   saturates past GDT_Q_EXP10_MAX. */
static size_t
written_exponent(const char *s, size_t n)
{
    size_t i, e = 0;

    for (i = 0; i < n && s[i] != 'e' && s[i] != 'E'; i++)
        ;
    if (i == n)
        return 0;
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        if (e <= GDT_Q_EXP10_MAX)
            e = e * 10 + (size_t)(s[i] - '0');
    return e;
}

/* Set Q to the exact value of the cell F. */
static gdt_status
read_cell(mpq_t q, reader *r, const field *f)
{
    char *s = r->buf + f->start;
    size_t n = f->end - f->start, e, end;
    char save, shown[4 * SHOW_MAX + 4];
    gdt_status st;

    if (n == 0)
        return CELL_ERROR(r, f, "%s", "empty cell");
    show(shown, s, n);
    if (memchr(s, '\0', n) != NULL)
        return CELL_ERROR(r, f, "cell '%s' is not a number", shown);
    e = written_exponent(s, n);
    if (e <= GDT_Q_EXP10_MAX) {
        /* "1e999999" alone is a 415 KB integer: keep them few */
        if (n + e > GDT_DATA_MAX_DIGITS - r->digits)
            return CELL_ERROR(r, f, "cell '%s': the exact values of the "
                              "cells would take more than %lu digits",
                              shown, GDT_DATA_MAX_DIGITS);
        r->digits += n + e;
    }
    save = s[n];
    s[n] = '\0';
    st = gdt_q_parse(q, s, &end);
    s[n] = save;
    switch (st) {
    case GDT_OK:
        return GDT_OK;
    case GDT_ENOMEM:
        return gdt_error_set(r->err, GDT_ENOMEM, SIZE_MAX,
                             "%s: out of memory", r->path);
    case GDT_EDIVZERO:
        return CELL_ERROR(r, f, "cell '%s' has a zero denominator", shown);
    case GDT_ERANGE:
        return CELL_ERROR(r, f, "cell '%s' has an exponent beyond +-%ld",
                          shown, GDT_Q_EXP10_MAX);
    default:
        return CELL_ERROR(r, f, "cell '%s' is not a number", shown);
    }
}

/* -------------------------------------------------------------- header */

static int
is_identifier(const char *s, size_t n)
{
    size_t i;

    if (n == 0 || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')
                    || s[0] == '_'))
        return 0;
    for (i = 1; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')
              || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return 0;
    return 1;
}

/* Read the column names of the current line (the first) into D. */
static gdt_status
read_header(gdt_data *d, reader *r)
{
    size_t n, i, j, pos = r->line;
    char shown[4 * SHOW_MAX + 4];
    int last;
    field f;
    gdt_status st;

    st = count_fields(r, &n);
    if (st != GDT_OK)
        return st;
    if (n > GDT_DATA_MAX_COLS)
        return gdt_error_set(r->err, GDT_EVALUE, SIZE_MAX,
                             "%s:1: %zu columns, more than the limit of %lu",
                             r->path, n, GDT_DATA_MAX_COLS);
    d->names = calloc(n, sizeof *d->names);
    if (d->names == NULL)
        return gdt_error_set(r->err, GDT_ENOMEM, SIZE_MAX,
                             "%s: out of memory", r->path);
    for (i = 0; i < n; i++) {
        const char *s;
        size_t len;

        st = next_field(r, &pos, &f, &last);
        if (st != GDT_OK)
            return st;
        s = r->buf + f.start;
        len = f.end - f.start;
        show(shown, s, len);
        if (len == 0)
            return CELL_ERROR(r, &f, "%s", "empty column name");
        if (!is_identifier(s, len))
            return CELL_ERROR(r, &f, "column name '%s' is not an identifier",
                              shown);
        if (gdt_func_reserved(s, len))
            return CELL_ERROR(r, &f, "column name '%s' is reserved: it "
                              "is a %s name", shown,
                              gdt_const_from_name(s, len) >= 0 ? "constant" : "function");
        for (j = 0; j < i; j++)
            if (strlen(d->names[j]) == len
                && memcmp(d->names[j], s, len) == 0)
                return CELL_ERROR(r, &f, "duplicate column name '%s' (column "
                                  "%zu has it already)", shown, j + 1);
        d->names[i] = malloc(len + 1);
        if (d->names[i] == NULL)
            return gdt_error_set(r->err, GDT_ENOMEM, SIZE_MAX,
                                 "%s: out of memory", r->path);
        memcpy(d->names[i], s, len);
        d->names[i][len] = '\0';
        d->ncols = i + 1;
    }
    return GDT_OK;
}

/* ---------------------------------------------------------------- rows */

/* Note that cell INDEX is a zero written with a minus. */
static gdt_status
note_neg0(gdt_data *d, reader *r, size_t index)
{
    size_t *p;

    if ((d->nneg0 & (d->nneg0 - 1)) == 0) { /* 0, 1, 2, 4, ...: grow */
        p = realloc(d->neg0, (d->nneg0 == 0 ? 1 : 2 * d->nneg0) * sizeof *p);
        if (p == NULL)
            return gdt_error_set(r->err, GDT_ENOMEM, SIZE_MAX, "%s: out of memory",
                                 r->path);
        d->neg0 = p;
    }
    d->neg0[d->nneg0++] = index;
    return GDT_OK;
}

/* Read the data rows after the header into D. */
static gdt_status
read_rows(gdt_data *d, reader *r)
{
    size_t n, j, pos, cap = 0;
    int last;
    field f;
    gdt_status st;

    while (line_at(r, r->next)) {
        if (d->nrows == GDT_DATA_MAX_ROWS)
            return gdt_error_set(r->err, GDT_EVALUE, SIZE_MAX,
                                 "%s:%lu: more than %lu data rows", r->path,
                                 r->lineno, GDT_DATA_MAX_ROWS);
        if ((d->nrows + 1) * d->ncols > GDT_DATA_MAX_CELLS)
            return gdt_error_set(r->err, GDT_EVALUE, SIZE_MAX,
                                 "%s:%lu: more than %lu cells (rows times "
                                 "columns)", r->path, r->lineno,
                                 GDT_DATA_MAX_CELLS);
        if (line_is_blank(r))
            return gdt_error_set(r->err, GDT_EVALUE, r->line,
                                 "%s:%lu: blank line (only the end of the "
                                 "file may have blank lines)", r->path,
                                 r->lineno);
        st = count_fields(r, &n);
        if (st != GDT_OK)
            return st;
        if (n != d->ncols)
            return gdt_error_set(r->err, GDT_EVALUE, r->line,
                                 "%s:%lu: %zu cell%s, but the header has "
                                 "%zu column%s", r->path, r->lineno, n,
                                 n == 1 ? "" : "s", d->ncols,
                                 d->ncols == 1 ? "" : "s");
        if (d->nrows == cap) {
            /* within GDT_DATA_MAX_CELLS, so no overflow */
            size_t want = cap == 0 ? 64 : 2 * cap;
            mpq_t *p;

            if (want * d->ncols > GDT_DATA_MAX_CELLS)
                want = GDT_DATA_MAX_CELLS / d->ncols;
            p = realloc(d->cells, want * d->ncols * sizeof *p);
            if (p == NULL)
                return gdt_error_set(r->err, GDT_ENOMEM, SIZE_MAX,
                                     "%s: out of memory", r->path);
            d->cells = p;
            cap = want;
        }
        pos = r->line;
        for (j = 0; j < d->ncols; j++) {
            mpq_ptr q = d->cells[d->nrows * d->ncols + j];

            st = next_field(r, &pos, &f, &last);
            if (st == GDT_OK) {
                mpq_init(q);
                st = read_cell(q, r, &f);
                if (st == GDT_OK && mpq_sgn(q) == 0 && r->buf[f.start] == '-')
                    st = note_neg0(d, r, d->nrows * d->ncols + j);
                if (st != GDT_OK)
                    mpq_clear(q);
            }
            if (st != GDT_OK) {
                /* drop the cells of this row read so far */
                while (j-- > 0)
                    mpq_clear(d->cells[d->nrows * d->ncols + j]);
                return st;
            }
        }
        d->nrows++;
    }
    return GDT_OK;
}

/* ---------------------------------------------------------------- API */

void
gdt_data_init(gdt_data *d)
{
    d->path = NULL;
    d->ncols = 0;
    d->nrows = 0;
    d->names = NULL;
    d->cells = NULL;
    d->neg0 = NULL;
    d->nneg0 = 0;
}

void
gdt_data_clear(gdt_data *d)
{
    if (d == NULL)
        return;
    gdt_qvec_free(d->cells, d->nrows * d->ncols);
    free(d->neg0);
    gdt_strv_free(d->names, d->ncols);
    free(d->path);
    gdt_data_init(d);
}

/* D from the bytes R has loaded (R->buf, which it frees), PATH naming
   them in messages. */
static gdt_status
parse(gdt_data *d, reader *rd, const char *path, gdt_error *err)
{
    reader r = *rd;
    size_t base = 0, i;
    gdt_status st;

    if (r.len >= 3 && memcmp(r.buf, "\xEF\xBB\xBF", 3) == 0)
        base = 3;
    /* cut the blank lines at the end: the content ends with the line of
       the last byte that is not a blank or a line end */
    for (i = r.len; i > base && (is_blank(r.buf[i - 1])
                                 || r.buf[i - 1] == '\r'
                                 || r.buf[i - 1] == '\n'); i--)
        ;
    if (i == base) {
        st = gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                           "%s: empty data file: no header row", path);
        goto out_free;
    }
    while (i < r.len && r.buf[i] != '\n')
        i++;
    r.end = i;

    line_at(&r, base);
    st = read_header(d, &r);
    if (st != GDT_OK)
        goto out_free;
    if (r.next >= r.end) {
        st = gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                           "%s: no data rows after the header", path);
        goto out_free;
    }
    st = read_rows(d, &r);
    if (st != GDT_OK)
        goto out_free;
    d->path = malloc(strlen(path) + 1);
    if (d->path == NULL) {
        st = gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "%s: out of memory",
                           path);
        goto out_free;
    }
    strcpy(d->path, path);
    free(r.buf);
    return GDT_OK;

out_free:
    free(r.buf);
    gdt_data_clear(d);
    return st;
}

gdt_status
gdt_data_read(gdt_data *d, const char *path, gdt_error *err)
{
    reader r = {0};
    gdt_status st;

    gdt_data_clear(d);
    r.path = path;
    r.err = err;
    st = load(&r);
    if (st != GDT_OK) {
        free(r.buf);
        gdt_data_clear(d);
        return st;
    }
    return parse(d, &r, path, err);
}

gdt_status
gdt_data_read_text(gdt_data *d, const char *path, const char *text, size_t len,
                   gdt_error *err)
{
    reader r = {0};

    gdt_data_clear(d);
    if (len > GDT_DATA_MAX_BYTES)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "%s: larger than %zu bytes", path,
                             (size_t)GDT_DATA_MAX_BYTES);
    r.path = path;
    r.err = err;
    if ((r.buf = malloc(len + 1)) == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "%s: out of memory", path);
    memcpy(r.buf, text, len);
    r.buf[len] = '\0';
    r.len = len;
    return parse(d, &r, path, err);
}

int
gdt_data_column(const gdt_data *d, const char *name, size_t len)
{
    size_t i;

    for (i = 0; i < d->ncols; i++)
        if (strlen(d->names[i]) == len && memcmp(d->names[i], name, len) == 0)
            return (int)i;
    return -1;
}
