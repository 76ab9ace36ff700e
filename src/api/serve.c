/* serve -- gdtrace serve's JSON API: GET /api/map, /api/run, /api/compare,
   /api/analyze with the command's options as the query's keys, answered in
   memory through gdt_api_call (src/api/api.c), so that a query is read,
   checked and refused as the command line is.  A map's points go to a sink
   of their own: per point its outcome code and step, five bytes (binary)
   or two JSON arrays.  The limits of a request (413) are checked here; the
   server, its queue and its connections are the command's. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "gdtrace/buf.h"
#include "gdtrace/mode.h"
#include "gdtrace/outcome.h"
#include "opts/opts.h"
#include "api_impl.h"
#include "serve.h"

/* The server's keys, which are no option of the command. */
static const char *const own_keys[] = { "client", "view", "gen", "as", "points" };

#define MAX_KEYS 300

typedef struct query {
    char *copy;                  /* the query, decoded in place */
    const char *k[MAX_KEYS], *v[MAX_KEYS];
    size_t n;
    const char *as, *points, *gen; /* the server's own keys used here */
    char extra[4][64];           /* values the server adds */
    char *data_path;
    const gdt_serve_data *data;  /* the built-in data set --data names */
} query;

static int
hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* S, %XX and + decoded in place (a bad escape kept as it is). */
static void
url_decode(char *s)
{
    char *o = s;

    for (; *s != '\0'; s++) {
        if (*s == '+') {
            *o++ = ' ';
        } else if (*s == '%' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
            *o++ = (char)(hexval(s[1]) * 16 + hexval(s[2]));
            s += 2;
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
}

static int
is_own(const char *k)
{
    size_t i;

    for (i = 0; i < sizeof own_keys / sizeof own_keys[0]; i++)
        if (strcmp(k, own_keys[i]) == 0)
            return 1;
    return 0;
}

/* Q from QUERY: the pairs in order, each key with _ as -.  0, or -1 out
   of memory, 1 too many keys. */
static int
query_read(query *q, const char *query_text)
{
    char *p, *amp, *eq, *c;

    memset(q, 0, sizeof *q);
    q->copy = strdup(query_text != NULL ? query_text : "");
    if (q->copy == NULL)
        return -1;
    for (p = q->copy; p != NULL; p = amp) {
        amp = strchr(p, '&');
        if (amp != NULL)
            *amp++ = '\0';
        if (*p == '\0')
            continue;
        eq = strchr(p, '=');
        if (eq != NULL)
            *eq++ = '\0';
        url_decode(p);
        if (eq != NULL)
            url_decode(eq);
        for (c = p; *c != '\0'; c++)
            if (*c == '_')
                *c = '-';
        if (is_own(p)) {
            if (strcmp(p, "as") == 0)
                q->as = eq != NULL ? eq : "";
            else if (strcmp(p, "points") == 0)
                q->points = eq != NULL ? eq : "";
            else if (strcmp(p, "gen") == 0)
                q->gen = eq != NULL ? eq : "";
            continue;
        }
        if (q->n + 4 >= MAX_KEYS)
            return 1;
        q->k[q->n] = p;
        q->v[q->n] = eq;
        q->n++;
    }
    return 0;
}

/* The flags of the query (options that take no value: certify,
   nesterov, sharpness) as the command line has them: on, the key with ""
   (as given alone); off, the key dropped.  On: no value, empty, 1, true,
   yes, on; off: 0, false, no, off.  0, or 400 with R set when a flag has
   another value. */
static int
query_flags(query *q, gdt_serve_reply *r, gdt_status *st)
{
    static const char *const on[] = { "", "1", "true", "yes", "on" };
    static const char *const off[] = { "0", "false", "no", "off" };
    size_t i, j, n = 0;
    char msg[160];

    for (i = 0; i < q->n; i++) {
        const gdt_opt_def *o = gdt_opts_find(q->k[i], strlen(q->k[i]));
        const char *v = q->v[i] != NULL ? q->v[i] : "";
        int is = -1;
        if (o == NULL || o->arg != NULL) {
            q->k[n] = q->k[i];
            q->v[n++] = q->v[i];
            continue;
        }
        for (j = 0; j < sizeof on / sizeof on[0]; j++)
            if (strcmp(v, on[j]) == 0)
                is = 1;
        for (j = 0; j < sizeof off / sizeof off[0]; j++)
            if (strcmp(v, off[j]) == 0)
                is = 0;
        if (is < 0) {
            snprintf(msg, sizeof msg,
                     "--%s: '%.64s' is neither on (1, true, yes) nor off (0, false, no)",
                     o->name, v);
            *st = gdt_serve_error(r, 400, msg);
            return 400;
        }
        if (is) {
            q->k[n] = q->k[i];
            q->v[n++] = "";
        }
    }
    q->n = n;
    return 0;
}

static void
query_clear(query *q)
{
    free(q->copy);
    free(q->data_path);
}

/* The value of KEY in Q, or NULL. */
static const char *
query_get(const query *q, const char *key)
{
    size_t i;
    const char *v = NULL;

    for (i = 0; i < q->n; i++)
        if (strcmp(q->k[i], key) == 0)
            v = q->v[i] != NULL ? q->v[i] : "";
    return v;
}

/* TEXT as a whole number into *N: 1, or 0 when it is none (the option
   reader then says what is wrong with it). */
static int
whole(const char *text, unsigned long long *n)
{
    char *end;

    if (text == NULL || *text < '0' || *text > '9')
        return 0;
    *n = strtoull(text, &end, 10);
    return *end == '\0';
}

/* Add KEY = VALUE to Q (VALUE copied into Q's I-th extra). */
static void
query_add(query *q, int i, const char *key, const char *fmt, unsigned long long v)
{
    snprintf(q->extra[i], sizeof q->extra[i], fmt, v);
    q->k[q->n] = key;
    q->v[q->n] = q->extra[i];
    q->n++;
}

gdt_status
gdt_serve_error(gdt_serve_reply *r, int status, const char *msg)
{
    gdt_buf b;

    gdt_buf_init(&b);
    r->status = status;
    r->type = "application/json";
    if (gdt_buf_puts(&b, "{\"error\": ") != GDT_OK || gdt_buf_json_string(&b, msg) != GDT_OK
        || gdt_buf_puts(&b, "}\n") != GDT_OK) {
        gdt_buf_clear(&b);
        return GDT_ENOMEM;
    }
    free(r->body);
    r->body = b.s;
    r->len = b.len;
    return GDT_OK;
}

static gdt_status
error_fmt(gdt_serve_reply *r, int status, const char *fmt, const char *a, unsigned long long n)
{
    char msg[512];

    snprintf(msg, sizeof msg, fmt, a, n);
    return gdt_serve_error(r, status, msg);
}

/* The request's limits and the values the server sets: 0 and the
   request to run (*THIN: compare's records thinned to every *THIN-th
   step), or the status of R (413, 400) already set. */
static int
limits(query *q, gdt_serve_reply *r, const char *cmd, const gdt_serve_limits *lim,
       unsigned long *thin, gdt_status *st)
{
    const char *v;
    unsigned long long n, m, iter, pts;
    char *x;
    int e = 0, certified;

    *st = GDT_OK;
    /* balls (certify, against, mode certified) double their precision up
       to --max-prec: the server's limit on --prec caps it too */
    if (query_get(q, "against") != NULL) { /* a map has no column for its verdicts */
        *st = gdt_serve_error(r, 400, "--against: not offered by the server yet");
        return 400;
    }
    certified = query_get(q, "certify") != NULL;
    if ((v = query_get(q, "modes")) != NULL) {
        const char *p = v;
        for (;;) {
            size_t len = strcspn(p, ",+");
            char name[32];
            if (len < sizeof name) {
                memcpy(name, p, len);
                name[len] = '\0';
                certified |= gdt_mode_class_of(name) == GDT_MODE_BALL;
            }
            if ((p = strchr(p, ',')) == NULL)
                break;
            p++;
        }
    }
    if ((v = query_get(q, "max-prec")) != NULL) {
        if (whole(v, &n) && n > lim->max_prec) {
            *st = error_fmt(r, 413, "--max-prec: %s is past the server's limit of %llu bits", v,
                            lim->max_prec);
            return 413;
        }
    } else if (certified) {
        query_add(q, e++, "max-prec", "%llu", lim->max_prec < 64 ? 64 : lim->max_prec);
    }
    if (query_get(q, "threads") != NULL) {
        *st = gdt_serve_error(r, 400, "--threads: set by the server, not by a request");
        return 400;
    }
    if (strcmp(cmd, "sweep") == 0) {
        v = query_get(q, "grid");
        n = m = GDT_OPTS_GRID_DEFAULT;
        if (v != NULL && (x = strchr(v, 'x')) != NULL) {
            char first[32];
            size_t len = (size_t)(x - v);
            if (len < sizeof first) {
                memcpy(first, v, len);
                first[len] = '\0';
                if (!whole(first, &n) || !whole(x + 1, &m))
                    n = m = 0;
            }
        } else if (v != NULL && !whole(v, &n)) {
            n = 0;
        } else if (v != NULL) {
            m = n;
        }
        if (n != 0 && m != 0 && (n > lim->max_points || m > lim->max_points
                                 || n * m > lim->max_points)) {
            *st = error_fmt(r, 413, "--grid: %s is past the server's limit of %llu points a request",
                            v != NULL ? v : "the default", lim->max_points);
            return 413;
        }
        query_add(q, e++, "threads", "%llu", 1);
    }
    iter = strcmp(cmd, "analyze") == 0 ? 1000 : 50;
    if ((v = query_get(q, "max-iter")) != NULL && whole(v, &n))
        iter = n;
    if (iter > lim->max_iter) {
        *st = error_fmt(r, 413, "--max-iter: %s is past the server's limit of %llu", v,
                        lim->max_iter);
        return 413;
    }
    if ((v = query_get(q, "at")) != NULL && whole(v, &n) && n > lim->max_iter) {
        *st = error_fmt(r, 413, "--at: %s is past the server's limit of %llu", v, lim->max_iter);
        return 413;
    }
    if ((v = query_get(q, "prec")) != NULL && whole(v, &n) && n > lim->max_prec) {
        *st = error_fmt(r, 413, "--prec: %s is past the server's limit of %llu bits", v,
                        lim->max_prec);
        return 413;
    }
    if ((v = query_get(q, "max-bits")) != NULL) {
        if (whole(v, &n) && (n == 0 || n > lim->max_bits)) {
            *st = error_fmt(r, 413, "--max-bits: %s is past the server's limit of %llu bits", v,
                            lim->max_bits);
            return 413;
        }
    } else {
        query_add(q, e++, "max-bits", "%llu", lim->max_bits);
    }
    if ((v = query_get(q, "data")) != NULL) {
        size_t i, len = strlen(v);
        int ok = len > 4 && len < 200 && v[0] != '.' && strcmp(v + len - 4, ".csv") == 0;
        const gdt_serve_data *d = NULL;
        char *path = NULL;
        for (i = 0; ok && i < len; i++)
            ok = (v[i] >= 'a' && v[i] <= 'z') || (v[i] >= 'A' && v[i] <= 'Z')
                 || (v[i] >= '0' && v[i] <= '9') || v[i] == '_' || v[i] == '-' || v[i] == '.';
        if (ok && lim->data_dir != NULL) { /* the data directory's first */
            struct stat sb;
            if ((path = malloc(strlen(lim->data_dir) + len + 2)) == NULL) {
                *st = GDT_ENOMEM;
                return 500;
            }
            sprintf(path, "%s/%s", lim->data_dir, v);
            if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
                free(path);
                path = NULL;
            }
        }
        for (i = 0; ok && path == NULL && d == NULL && i < lim->ndata; i++)
            if (strcmp(lim->data[i].name, v) == 0)
                d = &lim->data[i];
        if (!ok || (path == NULL && d == NULL)) {
            char msg[512];
            size_t at = (size_t)snprintf(msg, sizeof msg,
                                         "--data: '%.200s' is not a data set of the server (", v);
            for (i = 0; i < lim->ndata && at < sizeof msg; i++)
                at += (size_t)snprintf(msg + at, sizeof msg - at, "%s%s", i ? ", " : "",
                                       lim->data[i].name);
            if (at < sizeof msg)
                snprintf(msg + at, sizeof msg - at, "%s)",
                         lim->data_dir != NULL ? ", or NAME.csv of its data directory" : "");
            *st = gdt_serve_error(r, 400, msg);
            return 400;
        }
        free(q->data_path);
        q->data_path = path;
        q->data = d;
        for (i = 0; i < q->n; i++)
            if (strcmp(q->k[i], "data") == 0)
                q->v[i] = path != NULL ? path : d->path;
    }
    /* a run's or a comparison's records: about run_points steps at most
       (every K: steps 0, K, 2K, ... and the last), points fewer */
    *thin = 1;
    if (q->gen != NULL && !whole(q->gen, &n)) {
        *st = error_fmt(r, 400, "gen: '%.64s' is not a whole number%.0llu", q->gen, 0);
        return 400;
    }
    pts = lim->run_points;
    if (q->points != NULL) {
        if (!whole(q->points, &n) || n == 0) {
            *st = error_fmt(r, 400, "points: '%.64s' is not a whole number from 1 to %llu",
                            q->points, lim->run_points);
            return 400;
        }
        if (n > lim->run_points) {
            *st = error_fmt(r, 413, "points: %s is past the server's limit of %llu steps a run",
                            q->points, lim->run_points);
            return 413;
        }
        pts = n;
    }
    if (strcmp(cmd, "run") == 0 && (v = query_get(q, "every")) != NULL) {
        if (query_get(q, "at") == NULL && whole(v, &n) && n > 0 && (iter + n - 1) / n > pts) {
            char msg[256];
            snprintf(msg, sizeof msg,
                     "--every: %s keeps %llu steps of max-iter %llu, past the server's limit of "
                     "%llu a run (every %llu or more, or 0)",
                     v, (iter + n - 1) / n, iter, pts, (iter + pts - 1) / pts);
            *st = gdt_serve_error(r, 413, msg);
            return 413;
        }
    } else if (strcmp(cmd, "run") == 0) {
        query_add(q, e++, "every", "%llu", iter > pts ? (iter + pts - 1) / pts : 1);
    } else if (strcmp(cmd, "compare") == 0) {
        *thin = iter > pts ? (unsigned long)((iter + pts - 1) / pts) : 1;
    }
    return 0;
}

/* The map's sink: each point's outcome and step, five bytes. */
static gdt_status
map_record(void *ctx, const gdt_sweep_point *p, gdt_buf *out, gdt_error *err)
{
    unsigned long step = p->step > 0xffffffffUL ? 0xffffffffUL : p->step;
    char rec[5];

    (void)ctx;
    (void)err;
    rec[0] = (char)p->outcome;
    rec[1] = (char)(step & 0xff);
    rec[2] = (char)((step >> 8) & 0xff);
    rec[3] = (char)((step >> 16) & 0xff);
    rec[4] = (char)((step >> 24) & 0xff);
    return gdt_buf_putn(out, rec, 5);
}

static gdt_status
map_write(void *ctx, gdt_buf *records, uint64_t first, uint64_t n, gdt_error *err)
{
    gdt_buf *all = ctx;
    gdt_status st;

    (void)first;
    (void)n;
    (void)err;
    st = gdt_buf_putn(all, records->s, records->len);
    gdt_buf_reset(records);
    return st;
}

static void
put_u32(unsigned char *p, uint64_t v)
{
    p[0] = (unsigned char)(v & 0xff);
    p[1] = (unsigned char)((v >> 8) & 0xff);
    p[2] = (unsigned char)((v >> 16) & 0xff);
    p[3] = (unsigned char)((v >> 24) & 0xff);
}

/* The map's reply from its points PTS: binary ("GDTM", then the grid's
   points along each axis and the points written, u32 little-endian each,
   then 5 bytes a point: its outcome code, its step u32), or JSON. */
static gdt_status
map_reply(gdt_serve_reply *r, const gdt_api_map *m, const gdt_buf *pts, int json)
{
    gdt_buf b;
    gdt_status st = GDT_OK;
    uint64_t i;
    int k;

    gdt_buf_init(&b);
    if (!json) {
        unsigned char h[16];
        memcpy(h, "GDTM", 4);
        put_u32(h + 4, m->n[0]);
        put_u32(h + 8, m->n[1]);
        put_u32(h + 12, m->done);
        st = gdt_buf_putn(&b, (const char *)h, 16);
        if (st == GDT_OK)
            st = gdt_buf_putn(&b, pts->s, pts->len);
        r->type = "application/octet-stream";
    } else {
        const unsigned char *s = (const unsigned char *)pts->s;
        st = gdt_buf_printf(&b, "{\"grid\": [%zu, %zu], \"points\": %llu, \"outcomes\": [",
                            m->n[0], m->n[1], (unsigned long long)m->done);
        for (k = 0; st == GDT_OK && k < GDT_OUTCOME_COUNT; k++)
            st = gdt_buf_printf(&b, "%s\"%s\"", k ? ", " : "",
                                gdt_outcome_str((gdt_outcome)k));
        if (st == GDT_OK)
            st = gdt_buf_puts(&b, "], \"outcome\": [");
        for (i = 0; st == GDT_OK && i < m->done; i++)
            st = gdt_buf_printf(&b, "%s%d", i ? ", " : "", s[5 * i]);
        if (st == GDT_OK)
            st = gdt_buf_puts(&b, "], \"step\": [");
        for (i = 0; st == GDT_OK && i < m->done; i++)
            st = gdt_buf_printf(&b, "%s%lu", i ? ", " : "",
                                (unsigned long)s[5 * i + 1] | (unsigned long)s[5 * i + 2] << 8
                                    | (unsigned long)s[5 * i + 3] << 16
                                    | (unsigned long)s[5 * i + 4] << 24);
        if (st == GDT_OK)
            st = gdt_buf_puts(&b, "]}\n");
        r->type = "application/json";
    }
    if (st != GDT_OK) {
        gdt_buf_clear(&b);
        return st;
    }
    r->status = 200;
    r->body = b.s;
    r->len = b.len;
    return GDT_OK;
}

/* The jsonl records OUT (LEN bytes) as one JSON array. */
static gdt_status
array_reply(gdt_serve_reply *r, char *out, size_t len)
{
    char *b = malloc(len + 4), *o;
    size_t i;

    if (b == NULL)
        return GDT_ENOMEM;
    o = b;
    *o++ = '[';
    for (i = 0; i < len; i++)
        *o++ = out[i] == '\n' ? (i + 1 < len ? ',' : '\n') : out[i];
    if (len > 0 && out[len - 1] == '\n')
        o--;
    *o++ = ']';
    *o++ = '\n';
    r->status = 200;
    r->type = "application/json";
    r->body = b;
    r->len = (size_t)(o - b);
    return GDT_OK;
}

/* The start of the line after P's, or END. */
static char *
line_end(char *p, char *end)
{
    char *nl = memchr(p, '\n', (size_t)(end - p));

    return nl != NULL ? nl + 1 : end;
}

/* A run's events, after its records *OUT (*LEN bytes): compare's, of
   the run's mode alone ({"events": {"mode": ..., "of": "w", "nan": K,
   "inf": K, "zero": K, "subnormal": K, "stall": K, ..., "stop": ...,
   "steps": N}} per parameter and the loss), the first step of each, which
   a thinned trajectory may not show.  None for run certify, runs, at and
   the options compare has not, nor when the comparison fails (the run
   did not).  GDT_API_OK, or GDT_API_INTERRUPTED, or GDT_API_FAILED out
   of memory, with MSG. */
static int
run_events(const query *q, gdt_cancel *stop, const gdt_api_extra *x, char **out, size_t *len,
           char *msg, size_t msgsize)
{
    gdt_api_extra cx = *x;
    const char *k[MAX_KEYS], *v[MAX_KEYS], *mode = NULL;
    char *cmp = NULL, *p, *all;
    size_t i, n = 0, clen = 0, add = 0;
    int rc;

    for (i = 0; i < q->n; i++) {
        const gdt_opt_def *o = gdt_opts_find(q->k[i], strlen(q->k[i]));
        if (o == NULL)
            return GDT_API_OK;
        if (o->id == GDT_OPT_CERTIFY || o->id == GDT_OPT_RUNS || o->id == GDT_OPT_AT)
            return GDT_API_OK; /* no comparison of these */
        if (o->id == GDT_OPT_MODE) {
            mode = q->v[i];
            continue;
        }
        if (o->id == GDT_OPT_EVERY || o->id == GDT_OPT_FIELDS)
            continue; /* what the records show */
        if (!(o->cmds & GDT_CMD_COMPARE))
            return GDT_API_OK; /* a run compare cannot make (--master ...) */
        k[n] = q->k[i];
        v[n++] = q->v[i];
    }
    k[n] = "modes";
    v[n++] = mode != NULL ? mode : gdt_opts_default(gdt_opts_find("mode", 4), GDT_CMD_RUN);
    cx.map = NULL;
    cx.thin = ULONG_MAX;
    rc = gdt_api_call_map("compare", n, k, v, stop, &cx, &cmp, &clen, msg, msgsize);
    if (rc != GDT_API_OK) { /* the run's records stand, stopped or not */
        gdt_api_free(cmp);
        return rc == GDT_API_INTERRUPTED ? rc : GDT_API_OK;
    }
    for (p = cmp; p < cmp + clen; p = line_end(p, cmp + clen))
        if (strncmp(p, "{\"events\"", 9) == 0)
            add += (size_t)(line_end(p, cmp + clen) - p);
    if ((all = realloc(*out, *len + add + 1)) == NULL) {
        gdt_api_free(cmp);
        snprintf(msg, msgsize, "out of memory");
        return GDT_API_FAILED;
    }
    for (p = cmp; p < cmp + clen; p = line_end(p, cmp + clen))
        if (strncmp(p, "{\"events\"", 9) == 0) {
            size_t l = (size_t)(line_end(p, cmp + clen) - p);
            memcpy(all + *len, p, l);
            *len += l;
        }
    all[*len] = '\0';
    *out = all;
    gdt_api_free(cmp);
    return GDT_API_OK;
}

int
gdt_serve_is_api(const char *path)
{
    return strcmp(path, "/api/map") == 0 || strcmp(path, "/api/run") == 0
           || strcmp(path, "/api/compare") == 0 || strcmp(path, "/api/analyze") == 0;
}

gdt_status
gdt_serve_answer(gdt_serve_reply *r, const char *path, const char *query_text,
                 const gdt_serve_limits *lim, gdt_cancel *stop)
{
    query q;
    const char *cmd;
    char msg[1024];
    char *out = NULL;
    size_t len = 0;
    gdt_api_map m;
    gdt_buf pts;
    gdt_status st = GDT_OK;
    int rc, json = 0;
    unsigned long thin = 1;
    gdt_api_extra x = { 0 };

    memset(r, 0, sizeof *r);
    if (strcmp(path, "/api/map") == 0)
        cmd = "sweep";
    else if (strcmp(path, "/api/run") == 0)
        cmd = "run";
    else if (strcmp(path, "/api/compare") == 0)
        cmd = "compare";
    else if (strcmp(path, "/api/analyze") == 0)
        cmd = "analyze";
    else
        return gdt_serve_error(r, 404, "no such path");
    if ((rc = query_read(&q, query_text)) != 0) {
        query_clear(&q);
        return rc < 0 ? GDT_ENOMEM : gdt_serve_error(r, 413, "too many parameters");
    }
    for (size_t i = 0; i < q.n; i++) { /* as the command line says it */
        const gdt_opt_def *o = gdt_opts_find(q.k[i], strlen(q.k[i]));
        int bit = cmd[0] == 'r' ? GDT_CMD_RUN : cmd[0] == 'c' ? GDT_CMD_COMPARE
                  : cmd[0] == 'a' ? GDT_CMD_ANALYZE : GDT_CMD_SWEEP;
        if (o != NULL && !(o->cmds & bit)) {
            snprintf(msg, sizeof msg, "--%s: is not an option of 'gdtrace %s' (see gdtrace %s --help)",
                     o->name, cmd, cmd);
            st = gdt_serve_error(r, 400, msg);
            goto out;
        }
    }
    if (query_flags(&q, r, &st) != 0 || limits(&q, r, cmd, lim, &thin, &st) != 0)
        goto out;
    if (q.as != NULL && strcmp(q.as, "json") == 0)
        json = 1;
    else if (q.as != NULL && strcmp(q.as, "bin") != 0) {
        st = gdt_serve_error(r, 400, "as: 'json' or 'bin'");
        goto out;
    }
    gdt_buf_init(&pts);
    memset(&m, 0, sizeof m);
    m.sink.ctx = &pts;
    m.sink.record = map_record;
    m.sink.write = map_write;
    x.map = strcmp(cmd, "sweep") == 0 ? &m : NULL;
    x.thin = thin;
    x.data_text = q.data != NULL ? q.data->text : NULL;
    x.data_len = q.data != NULL ? q.data->len : 0;
    rc = gdt_api_call_map(cmd, q.n, q.k, q.v, stop, &x, &out, &len, msg, sizeof msg);
    if (rc == GDT_API_OK && strcmp(cmd, "run") == 0)
        rc = run_events(&q, stop, &x, &out, &len, msg, sizeof msg);
    if (rc == GDT_API_BAD_OPTION)
        st = gdt_serve_error(r, 400, msg);
    else if (rc == GDT_API_INTERRUPTED)
        st = gdt_serve_error(r, 503, "interrupted");
    else if (rc != GDT_API_OK)
        st = gdt_serve_error(r, 500, msg);
    else if (strcmp(cmd, "sweep") == 0)
        st = map_reply(r, &m, &pts, json);
    else
        st = array_reply(r, out, len);
    gdt_buf_clear(&pts);
    gdt_api_free(out);
out:
    query_clear(&q);
    return st;
}

void
gdt_serve_reply_clear(gdt_serve_reply *r)
{
    free(r->body);
    r->body = NULL;
    r->len = 0;
}

void
gdt_serve_tag_read(gdt_serve_tag *t, const char *query_text)
{
    query q;
    char *p, *amp, *eq;

    memset(t, 0, sizeof *t);
    memset(&q, 0, sizeof q);
    if ((q.copy = strdup(query_text != NULL ? query_text : "")) == NULL)
        return;
    for (p = q.copy; p != NULL; p = amp) {
        amp = strchr(p, '&');
        if (amp != NULL)
            *amp++ = '\0';
        if ((eq = strchr(p, '=')) == NULL)
            continue;
        *eq++ = '\0';
        url_decode(p);
        url_decode(eq);
        if (strcmp(p, "client") == 0)
            snprintf(t->client, sizeof t->client, "%s", eq);
        else if (strcmp(p, "view") == 0)
            snprintf(t->view, sizeof t->view, "%s", eq);
        else if (strcmp(p, "gen") == 0)
            t->has_gen = whole(eq, &t->gen);
    }
    free(q.copy);
}
