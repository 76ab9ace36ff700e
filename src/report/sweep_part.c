/* sweep_part -- a part of a sweep read back: its shard record and its
   points' records, for gdtrace merge (the layout: report_sweep.h) */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/report_sweep.h"

void
gdt_sweep_part_init(gdt_sweep_part *p)
{
    memset(p, 0, sizeof *p);
}

void
gdt_sweep_part_clear(gdt_sweep_part *p)
{
    if (p == NULL)
        return;
    free(p->columns);
    free(p->digits);
    free(p->names[0]);
    free(p->names[1]);
    free(p->title);
    memset(p, 0, sizeof *p);
}

/* A cursor over a record; every reader moves it past what it read and
   returns 0, or returns -1 on what is not there. */
struct cur {
    const char *s;
};

static int
lit(struct cur *c, const char *l)
{
    size_t n = strlen(l);

    if (strncmp(c->s, l, n) != 0)
        return -1;
    c->s += n;
    return 0;
}

static int
whole(struct cur *c, unsigned long long *v)
{
    char *end;

    if (*c->s < '0' || *c->s > '9')
        return -1;
    *v = strtoull(c->s, &end, 10);
    c->s = end;
    return 0;
}

static int
real(struct cur *c, double *v)
{
    char *end;

    *v = strtod(c->s, &end);
    if (end == c->s)
        return -1;
    c->s = end;
    return 0;
}

/* A JSON string into a new NUL-terminated string *R (escapes of one
   byte, \uXXXX below 0x80 and as UTF-8 above). */
static int
string(struct cur *c, char **r)
{
    gdt_buf b;
    const char *s = c->s;
    int ok = 1;

    if (*s++ != '"')
        return -1;
    gdt_buf_init(&b);
    while (ok && *s != '"' && *s != '\0') {
        char ch = *s++;
        if (ch == '\\') {
            const char *esc = "\"\"\\\\//b\bf\fn\nr\rt\t", *e;
            unsigned u;
            ch = *s++;
            for (e = esc; *e != '\0' && *e != ch; e += 2)
                ;
            if (*e != '\0') {
                ok = gdt_buf_putc(&b, e[1]) == GDT_OK;
                continue;
            }
            if (ch != 'u' || sscanf(s, "%4x", &u) != 1 || strspn(s, "0123456789abcdefABCDEF") < 4) {
                ok = 0;
                break;
            }
            s += 4;
            if (u < 0x80)
                ok = gdt_buf_putc(&b, (char)u) == GDT_OK;
            else if (u < 0x800)
                ok = gdt_buf_putc(&b, (char)(0xc0 | u >> 6)) == GDT_OK
                     && gdt_buf_putc(&b, (char)(0x80 | (u & 0x3f))) == GDT_OK;
            else
                ok = gdt_buf_putc(&b, (char)(0xe0 | u >> 12)) == GDT_OK
                     && gdt_buf_putc(&b, (char)(0x80 | ((u >> 6) & 0x3f))) == GDT_OK
                     && gdt_buf_putc(&b, (char)(0x80 | (u & 0x3f))) == GDT_OK;
        } else {
            ok = gdt_buf_putc(&b, ch) == GDT_OK;
        }
    }
    if (!ok || *s != '"' || (*r = b.s != NULL ? b.s : strdup("")) == NULL) {
        gdt_buf_clear(&b);
        return -1;
    }
    c->s = s + 1; /* the buffer's bytes, NUL-terminated, are now *R */
    return 0;
}

gdt_status
gdt_sweep_part_read_shard(gdt_sweep_part *p, const char *line, gdt_error *err)
{
    struct cur c = { line };
    unsigned long long k, n, first, count, points, w, h, it, lg;
    size_t a;
    int bad;

    bad = lit(&c, "{\"shard\": ") || whole(&c, &k) || lit(&c, ", \"of\": ") || whole(&c, &n)
          || lit(&c, ", \"first\": ") || whole(&c, &first) || lit(&c, ", \"count\": ")
          || whole(&c, &count) || lit(&c, ", \"points\": ") || whole(&c, &points)
          || lit(&c, ", \"width\": ") || whole(&c, &w) || lit(&c, ", \"height\": ")
          || whole(&c, &h) || lit(&c, ", \"max_iter\": ") || whole(&c, &it)
          || lit(&c, ", \"digits\": ") || string(&c, &p->digits) || lit(&c, ", \"columns\": ") || string(&c, &p->columns) || lit(&c, ", \"axes\": [");
    for (a = 0; !bad && a < 2 && *c.s == '{'; a++) {
        bad = lit(&c, "{\"name\": ") || string(&c, &p->names[a]) || lit(&c, ", \"first\": ")
              || real(&c, &p->from[a]) || lit(&c, ", \"last\": ") || real(&c, &p->to[a])
              || lit(&c, ", \"log\": ") || whole(&c, &lg) || lit(&c, "}")
              || (*c.s == ',' && lit(&c, ", "));
        p->log[a] = !bad && lg != 0;
    }
    if (!bad)
        bad = a == 0 || lit(&c, "], \"title\": ") || string(&c, &p->title) || lit(&c, "}")
              || (*c.s != '\0' && strcmp(c.s, "\n") != 0);
    if (!bad)
        bad = k < 1 || k > n || first > points || count > points - first || w * h != points
              || (a == 1 && h != 1) || w > SIZE_MAX || h > SIZE_MAX || it > ULONG_MAX;
    if (bad)
        return gdt_error_set(err, GDT_ESYNTAX, SIZE_MAX, "no shard record (a part of a sweep "
                             "has it second, as gdtrace sweep --shard writes it)");
    p->k = (unsigned long)k;
    p->n = (unsigned long)n;
    p->first = first;
    p->count = count;
    p->points = points;
    p->width = (size_t)w;
    p->height = (size_t)h;
    p->naxes = a;
    p->max_iter = (unsigned long)it;
    return GDT_OK;
}

/* A JSON string without escapes (the values of a record are numbers and
   names): its content's bytes copied into B, then a NUL; *AT its
   offset.  Or the bare word null: *AT is SIZE_MAX. */
static int
text(struct cur *c, gdt_buf *b, size_t *at, int null_ok)
{
    const char *e;

    if (null_ok && lit(c, "null") == 0) {
        *at = SIZE_MAX;
        return 0;
    }
    if (*c->s != '"' || (e = strpbrk(c->s + 1, "\"\\")) == NULL || *e != '"')
        return -1;
    *at = b->len;
    if (gdt_buf_putn(b, c->s + 1, (size_t)(e - c->s - 1)) != GDT_OK
        || gdt_buf_putc(b, '\0') != GDT_OK)
        return -1;
    c->s = e + 1;
    return 0;
}

gdt_status
gdt_sweep_part_read_record(gdt_sweep_text *t, gdt_buf *tb, const char **json,
                           size_t *json_len, double *loss, const char *line, size_t naxes,
                           gdt_error *err)
{
    struct cur c = { line };
    unsigned long long i, j = 0, period, step, bits;
    size_t at[2], out, ls, cls = SIZE_MAX, k;
    const char *rec, *end;
    int bad;

    gdt_buf_reset(tb);
    *loss = NAN;
    bad = lit(&c, "{\"loss_f8\": ");
    if (!bad && lit(&c, "null") != 0) {
        char *e;
        bad = lit(&c, "\"") || strspn(c.s, "0123456789abcdef") != 16 || c.s[16] != '"';
        if (!bad) {
            bits = strtoull(c.s, &e, 16);
            memcpy(loss, &bits, sizeof *loss);
            c.s += 17;
        }
    }
    bad = bad || lit(&c, ", \"record\": ");
    rec = c.s;
    bad = bad || lit(&c, "{\"i\": ") || whole(&c, &i)
          || (naxes > 1 && (lit(&c, ", \"j\": ") || whole(&c, &j)));
    for (k = 0; k < naxes && !bad; k++) { /* , "NAME": "VALUE" */
        const char *q;
        bad = lit(&c, ", \"") || (q = strchr(c.s, '"')) == NULL;
        if (!bad) {
            c.s = q + 1;
            bad = lit(&c, ": ") || text(&c, tb, &at[k], 0);
        }
    }
    bad = bad || lit(&c, ", \"outcome\": ") || text(&c, tb, &out, 0)
          || lit(&c, ", \"period\": ") || whole(&c, &period) || lit(&c, ", \"step\": ")
          || whole(&c, &step) || lit(&c, ", \"loss\": ") || text(&c, tb, &ls, 1)
          || (*c.s == ',' && (lit(&c, ", \"class\": ") || text(&c, tb, &cls, 0)))
          || lit(&c, "}");
    end = c.s;
    bad = bad || lit(&c, "}") || (*c.s != '\0' && strcmp(c.s, "\n") != 0)
          || i > SIZE_MAX || j > SIZE_MAX || period > ULONG_MAX || step > ULONG_MAX;
    if (bad)
        return gdt_error_set(err, GDT_ESYNTAX, SIZE_MAX,
                             "not a point's record of a part of a sweep");
    *t = (gdt_sweep_text){ .i = (size_t)i, .j = (size_t)j, .outcome = tb->s + out,
                           .period = (unsigned long)period, .step = (unsigned long)step,
                           .loss = ls == SIZE_MAX ? NULL : tb->s + ls,
                           .cls = cls == SIZE_MAX ? NULL : tb->s + cls };
    for (k = 0; k < naxes; k++)
        t->axis[k] = tb->s + at[k];
    *json = rec;
    *json_len = (size_t)(end - rec);
    return GDT_OK;
}
