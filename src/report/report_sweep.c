/* report_sweep -- a sweep's records as csv or jsonl, and its .npy file */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/analyze.h"
#include "gdtrace/decimal.h"
#include "gdtrace/mode.h"
#include "gdtrace/momentum.h"
#include "gdtrace/npy.h"
#include "gdtrace/optim.h"
#include "gdtrace/report_sweep.h"
#include "gdtrace/sr.h"
#include "report_impl.h"

static const gdt_npy_field npy_fields[] = {
    { "outcome", GDT_NPY_U1 }, { "period", GDT_NPY_I8 },
    { "step", GDT_NPY_I8 }, { "loss", GDT_NPY_F8 },
};
#define NPY_FIELDS (sizeof npy_fields / sizeof npy_fields[0])

/* The column of axis X: lr, w0 (one parameter), w0_NAME, lr_NAME. */
static char *
axis_name(const gdt_sweep_axis *x, const gdt_sweep_opts *o)
{
    const char *p = x->target == GDT_SWEEP_W0         ? "w0"
                    : x->target == GDT_SWEEP_MOMENTUM ? "momentum"
                                                      : "lr";
    size_t n = x->target == GDT_SWEEP_LR_OF
                       || (x->target == GDT_SWEEP_W0 && o->prog->nparams > 1)
                   ? strlen(o->names[x->param])
                   : 0;
    char *s = malloc(n + 10);

    if (s == NULL)
        return NULL;
    if (n > 0)
        sprintf(s, "%s_%s", p, o->names[x->param]);
    else
        strcpy(s, p);
    return s;
}

gdt_status
gdt_sweep_report_init(gdt_sweep_report *r, gdt_format format, const gdt_numfmt *numfmt,
                      FILE *out, const gdt_sweep_opts *o, const gdt_affine *affine, int npy)
{
    uint64_t n = gdt_sweep_points(o), i;
    size_t k;

    memset(r, 0, sizeof *r);
    gdt_reporter_init(&r->rep, format, numfmt, out);
    r->o = o;
    /* the class column: plain SGD's, or SGD's with momentum (no Adam, no
       schedule) */
    r->affine = affine != NULL && affine->n == 1
                        && (o->optim == NULL
                            || (o->optim->kind == GDT_OPTIM_SGD && o->optim->nsched == 0))
                    ? affine
                    : NULL;
    for (k = 0; k < o->naxes; k++)
        if ((r->names[k] = axis_name(&o->axes[k], o)) == NULL)
            return GDT_ENOMEM;
    if (o->against != NULL && (r->against = calloc(n + 1, 1)) == NULL)
        return GDT_ENOMEM;
    if (!npy)
        return GDT_OK;
    r->outcome = calloc(n, 1);
    r->period = calloc(n, sizeof *r->period);
    r->step = calloc(n, sizeof *r->step);
    r->loss = malloc(n * sizeof *r->loss);
    if (r->outcome == NULL || r->period == NULL || r->step == NULL || r->loss == NULL)
        return GDT_ENOMEM;
    for (i = 0; i < n; i++)
        r->loss[i] = NAN;
    return GDT_OK;
}

void
gdt_sweep_report_clear(gdt_sweep_report *r)
{
    if (r == NULL)
        return;
    gdt_reporter_clear(&r->rep);
    free(r->names[0]);
    free(r->names[1]);
    free(r->outcome);
    free(r->period);
    free(r->step);
    free(r->loss);
    free(r->against);
    memset(r, 0, sizeof *r);
}

/* V as binary64, rounded once to nearest (subnormals included); nan for
   none. */
static double
to_double(const gdt_val *v, gdt_domain *d)
{
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_t x;
    double r;
    int t;

    if (v == NULL)
        return NAN;
    mpfr_init2(x, 53);
    t = d->ops->get_fr(x, v, MPFR_RNDN, d);
    mpfr_set_emin(-1073);
    mpfr_set_emax(1024);
    t = mpfr_check_range(x, t, MPFR_RNDN);
    (void)mpfr_subnormalize(x, t, MPFR_RNDN);
    r = mpfr_get_d(x, MPFR_RNDN);
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    mpfr_clear(x);
    return r;
}

/* V's text as run prints it into B. */
static gdt_status
put_value(gdt_buf *b, const gdt_sweep_report *r, const gdt_val *v, gdt_domain *d)
{
    return d->ops->get_str(b, v, &r->rep.numfmt, d);
}

/* TEXT as a JSON string (a number's text needs no escapes) or a bare
   csv field. */
static gdt_status
put_text(gdt_buf *b, int json, const char *text)
{
    gdt_status st = json ? gdt_buf_putc(b, '"') : GDT_OK;

    if (st == GDT_OK)
        st = gdt_buf_puts(b, text);
    if (st == GDT_OK && json)
        st = gdt_buf_putc(b, '"');
    return st;
}

gdt_status
gdt_sweep_record_put(gdt_buf *out, int json, char *const *names, size_t naxes,
                     const gdt_sweep_text *t)
{
    size_t k, start = out->len;
    gdt_status st = GDT_OK;

    /* no printf: a record a point, millions of them (S1) */
    if (json)
        st = gdt_buf_puts(out, "{\"i\": ");
    if (st == GDT_OK && json)
        st = gdt_report_put_ulong(out, t->i, 0);
    if (st == GDT_OK && json && naxes > 1)
        st = gdt_buf_puts(out, ", \"j\": ");
    if (st == GDT_OK && json && naxes > 1)
        st = gdt_report_put_ulong(out, t->j, 0);
    for (k = 0; k < naxes && st == GDT_OK; k++) {
        if (json) {
            st = gdt_buf_puts(out, ", \"");
            if (st == GDT_OK)
                st = gdt_buf_puts(out, names[k]);
            if (st == GDT_OK)
                st = gdt_buf_puts(out, "\": ");
        } else if (k > 0) {
            st = gdt_buf_putc(out, ',');
        }
        if (st == GDT_OK)
            st = put_text(out, json, t->axis[k]);
    }
    /* json: , "outcome": "O", "period": P, "step": S, "loss": ; csv: ,O,P,S, */
    if (st == GDT_OK)
        st = gdt_buf_puts(out, json ? ", \"outcome\": \"" : ",");
    if (st == GDT_OK)
        st = gdt_buf_puts(out, t->outcome);
    if (st == GDT_OK)
        st = gdt_buf_puts(out, json ? "\", \"period\": " : ",");
    if (st == GDT_OK)
        st = gdt_report_put_ulong(out, t->period, 0);
    if (st == GDT_OK)
        st = gdt_buf_puts(out, json ? ", \"step\": " : ",");
    if (st == GDT_OK)
        st = gdt_report_put_ulong(out, t->step, 0);
    if (st == GDT_OK)
        st = gdt_buf_puts(out, json ? ", \"loss\": " : ",");
    if (st == GDT_OK && t->loss != NULL)
        st = put_text(out, json, t->loss);
    else if (st == GDT_OK && json)
        st = gdt_buf_puts(out, "null");
    if (st == GDT_OK && t->cls != NULL) {
        if (json)
            st = gdt_buf_printf(out, ", \"class\": \"%s\"", t->cls);
        else
            st = gdt_buf_printf(out, strchr(t->cls, ',') != NULL ? ",\"%s\"" : ",%s", t->cls);
    }
    if (st == GDT_OK && t->against != NULL)
        st = json ? gdt_buf_printf(out, ", \"certified\": \"%s\", \"against\": \"%s\"",
                                   t->certified, t->against)
                  : gdt_buf_printf(out, ",%s,%s", t->certified, t->against);
    if (st == GDT_OK)
        st = gdt_buf_puts(out, json ? "}\n" : "\n");
    if (st != GDT_OK) {
        out->len = start;
        if (out->s != NULL)
            out->s[start] = '\0';
    }
    return st;
}

/* The class of point P of a sweep of SGD with momentum or weight decay
   on a one-parameter quadratic: its 2x2 map's (gdtrace/momentum.h),
   "drifts" for a constant gradient. */
static const char *
momentum_class(const gdt_sweep_report *r, const gdt_sweep_point *p)
{
    const gdt_optim *o = r->o->optim;
    gdt_heavyball hb;
    gdt_momentum_map mm;
    const char *cls;
    mpq_t h;

    mpq_init(h);
    gdt_heavyball_init(&hb);
    gdt_momentum_map_init(&mm);
    mpq_set(hb.m, p->momentum != NULL ? *p->momentum : o->momentum);
    mpq_set(hb.d, o->dampening);
    mpq_set(hb.wd, o->weight_decay);
    hb.nesterov = o->nesterov;
    mpq_add(h, r->affine->h[0], hb.wd);
    gdt_momentum_map_set(&mm, h, *p->lr, &hb);
    cls = mm.cls;
    if (mpq_sgn(h) == 0 && mpq_sgn(*p->lr) != 0 && mpq_sgn(r->affine->g0[0]) != 0)
        cls = "drifts";
    gdt_momentum_map_clear(&mm);
    gdt_heavyball_clear(&hb);
    mpq_clear(h);
    return cls;
}

static gdt_status
sweep_record(void *ctx, const gdt_sweep_point *p, gdt_buf *out, gdt_error *err)
{
    gdt_sweep_report *r = ctx;
    int json = r->rep.format == GDT_FORMAT_JSONL;
    gdt_sweep_text t = { .i = p->i, .j = p->j, .outcome = gdt_outcome_str(p->outcome),
                         .period = p->period, .step = p->step };
    size_t k, at[3] = { 0 }, start = out->len;
    double loss = NAN;
    gdt_buf txt;
    gdt_status st = GDT_OK;

    if (r->outcome != NULL || r->shard != NULL)
        loss = to_double(p->loss, p->dom);
    if (r->outcome != NULL) { /* each point its own entries */
        r->outcome[p->index] = (unsigned char)p->outcome;
        r->period[p->index] = (int64_t)p->period;
        r->step[p->index] = (int64_t)p->step;
        r->loss[p->index] = loss;
    }
    if (r->affine != NULL && r->o->optim != NULL)
        t.cls = momentum_class(r, p);
    else if (r->affine != NULL)
        t.cls = gdt_analyze_affine1_class(*p->lr, r->affine->h[0], r->affine->g0[0]);
    if (r->against != NULL) {
        gdt_verdict v = gdt_outcome_against(p->outcome, p->against);
        r->against[p->index] = (unsigned char)v;
        t.certified = gdt_outcome_str(p->against);
        t.against = gdt_verdict_str(v);
    }
    /* the values' texts, one after another in TXT, each ended by a NUL */
    gdt_buf_init(&txt);
    for (k = 0; k < r->o->naxes + 1 && st == GDT_OK; k++) {
        at[k] = txt.len;
        if (k < r->o->naxes)
            st = put_value(&txt, r, p->axis[k], p->dom);
        else if (p->loss != NULL)
            st = put_value(&txt, r, p->loss, p->dom);
        if (st == GDT_OK)
            st = gdt_buf_putc(&txt, '\0');
    }
    for (k = 0; k < r->o->naxes && st == GDT_OK; k++)
        t.axis[k] = txt.s + at[k];
    if (st == GDT_OK && p->loss != NULL)
        t.loss = txt.s + at[r->o->naxes];
    /* a part of a sweep: the jsonl record inside one that carries the
       loss in binary64, for the merged .npy file */
    if (st == GDT_OK && r->shard != NULL) {
        uint64_t bits;
        memcpy(&bits, &loss, sizeof bits);
        st = p->loss != NULL ? gdt_buf_printf(out, "{\"loss_f8\": \"%016llx\", \"record\": ",
                                              (unsigned long long)bits)
                             : gdt_buf_puts(out, "{\"loss_f8\": null, \"record\": ");
    }
    if (st == GDT_OK)
        st = gdt_sweep_record_put(out, json, r->names, r->o->naxes, &t);
    if (st == GDT_OK && r->shard != NULL) {
        out->s[out->len - 1] = '}';
        st = gdt_buf_putc(out, '\n');
    }
    gdt_buf_clear(&txt);
    if (st != GDT_OK) {
        out->len = start;
        if (out->s != NULL)
            out->s[start] = '\0';
        return gdt_reporter_error(&r->rep, st, err);
    }
    return GDT_OK;
}

static gdt_status
sweep_write(void *ctx, gdt_buf *records, uint64_t first, uint64_t n, gdt_error *err)
{
    gdt_sweep_report *r = ctx;
    gdt_status st = gdt_reporter_emit(&r->rep, records);

    (void)first, (void)n;
    return st == GDT_OK ? st : gdt_reporter_error(&r->rep, st, err);
}

void
gdt_sweep_report_sink(gdt_sweep_sink *sink, gdt_sweep_report *r)
{
    sink->ctx = r;
    sink->record = sweep_record;
    sink->write = sweep_write;
}

/* "KEY": TEXT as a JSON string (null for NULL), after ", ". */
static gdt_status
put_json_field(gdt_buf *b, const char *key, const char *text)
{
    gdt_status st = gdt_buf_printf(b, ", \"%s\": ", key);

    if (st == GDT_OK)
        st = text != NULL ? gdt_buf_json_string(b, text) : gdt_buf_puts(b, "null");
    return st;
}

static const char *
round_letter(mpfr_rnd_t rnd)
{
    switch (rnd) {
    case MPFR_RNDZ: return "Z";
    case MPFR_RNDU: return "U";
    case MPFR_RNDD: return "D";
    case MPFR_RNDA: return "A";
    default: return "N";
    }
}

/* jsonl's header record into B. */
static gdt_status
json_header(gdt_buf *b, const gdt_sweep_report *r, const gdt_sweep_info *info)
{
    const gdt_sweep_opts *o = r->o;
    int cls = gdt_mode_class_of(o->mode);
    gdt_status st;
    size_t k;

    st = gdt_buf_printf(b, "{\"gdtrace\": \"%s\", \"format\": \"sweep %d\"", GDT_VERSION,
                        GDT_SWEEP_FORMAT_VERSION);
    if (st == GDT_OK)
        st = put_json_field(b, "loss", info->loss_text);
    if (st == GDT_OK)
        st = gdt_buf_puts(b, ", \"grad\": [");
    for (k = 0; k < info->ngrads && st == GDT_OK; k++) {
        if (k > 0)
            st = gdt_buf_puts(b, ", ");
        if (st == GDT_OK)
            st = gdt_buf_json_string(b, info->grads[k]);
    }
    if (st == GDT_OK)
        st = gdt_buf_putc(b, ']');
    if (st == GDT_OK)
        st = put_json_field(b, "data", info->data_path);
    if (st == GDT_OK)
        st = put_json_field(b, "mode", gdt_mode_canonical(o->mode));
    if (st == GDT_OK && cls == GDT_MODE_MPFR)
        st = gdt_buf_printf(b, ", \"prec\": %ld", (long)o->prec);
    if (st == GDT_OK && cls == GDT_MODE_BALL) /* the first precision, and the cap */
        st = gdt_buf_printf(b, ", \"prec\": %ld, \"max_prec\": %ld", (long)o->prec,
                            (long)o->max_prec);
    else if (st == GDT_OK && cls != GDT_MODE_EXACT && cls != GDT_MODE_INT)
        st = put_json_field(b, "round", round_letter(o->rnd));
    if (st == GDT_OK)
        st = put_json_field(b, "update", o->update == GDT_UPDATE_FMA     ? "fma"
                                         : o->update == GDT_UPDATE_KAHAN ? "kahan"
                                                                         : "sub");
    if (st == GDT_OK && o->master != NULL)
        st = put_json_field(b, "master", gdt_mode_canonical(o->master));
    if (st == GDT_OK && o->loss_scale.on && !o->loss_scale.dynamic)
        st = gdt_buf_printf(b, ", \"loss_scale\": \"2^%ld\"", o->loss_scale.init_exp);
    else if (st == GDT_OK && o->loss_scale.on)
        st = gdt_buf_printf(b, ", \"loss_scale\": \"dynamic:2^%ld:%lu\"",
                            o->loss_scale.init_exp, o->loss_scale.interval);
    if (st == GDT_OK && o->optim != NULL) { /* as the text header shows it */
        gdt_buf t;
        gdt_buf_init(&t);
        st = gdt_optim_describe(&t, o->optim);
        if (st == GDT_OK)
            st = put_json_field(b, "optimizer", t.s);
        gdt_buf_clear(&t);
        gdt_buf_init(&t);
        if (st == GDT_OK && o->optim->nsched > 0 && (st = gdt_optim_schedule_str(&t, o->optim))
                                                       == GDT_OK)
            st = put_json_field(b, "schedule", t.s);
        gdt_buf_clear(&t);
    }
    if (st == GDT_OK && o->sr != 0) /* a part of another seed is another sweep */
        st = put_json_field(b, "sr", gdt_sr_mode_str((gdt_sr_mode)o->sr));
    if (st == GDT_OK && o->sr != 0)
        st = gdt_buf_printf(b, ", \"seed\": %llu", o->seed);
    if (st == GDT_OK)
        st = put_json_field(b, "lr", info->lr_text);
    if (st == GDT_OK)
        st = put_json_field(b, "w0", info->w0_text);
    if (st == GDT_OK)
        st = gdt_buf_printf(b, ", \"max_iter\": %lu", o->max_iter);
    if (st == GDT_OK)
        st = put_json_field(b, "escape", info->escape_text);
    if (st == GDT_OK && o->against != NULL)
        st = gdt_buf_printf(b, ", \"against\": \"certified\", \"against_prec\": %ld, "
                            "\"against_max_prec\": %ld", (long)o->against->prec,
                            (long)o->against->max_prec);
    if (st == GDT_OK)
        st = gdt_buf_puts(b, ", \"axes\": [");
    for (k = 0; k < o->naxes && st == GDT_OK; k++) {
        const gdt_sweep_axis *x = &o->axes[k];
        st = gdt_buf_printf(b, "%s{\"name\": \"%s\", \"from\": \"", k > 0 ? ", " : "",
                            r->names[k]);
        if (st == GDT_OK)
            st = gdt_q_get_str(b, x->a);
        if (st == GDT_OK)
            st = gdt_buf_puts(b, "\", \"to\": \"");
        if (st == GDT_OK)
            st = gdt_q_get_str(b, x->b);
        if (st == GDT_OK)
            st = gdt_buf_printf(b, "\", \"points\": %zu, \"scale\": \"%s\"}", x->n,
                                x->scale == GDT_SWEEP_LOG ? "log" : "lin");
    }
    if (st == GDT_OK)
        st = gdt_buf_puts(b, "], \"grid\": [");
    for (k = o->naxes; k-- > 0 && st == GDT_OK;)
        st = gdt_buf_printf(b, "%zu%s", o->axes[k].n, k > 0 ? ", " : "");
    if (st == GDT_OK)
        st = gdt_buf_puts(b, "]}\n");
    return st;
}

/* csv's column names into B, without the newline. */
static gdt_status
csv_header(gdt_buf *b, const gdt_sweep_report *r)
{
    gdt_status st = GDT_OK;
    size_t k;

    for (k = 0; k < r->o->naxes && st == GDT_OK; k++)
        st = gdt_buf_printf(b, "%s,", r->names[k]);
    if (st == GDT_OK)
        st = gdt_buf_puts(b, r->affine != NULL ? "outcome,period,step,loss,class"
                                               : "outcome,period,step,loss");
    if (st == GDT_OK && r->against != NULL)
        st = gdt_buf_puts(b, ",certified,against");
    return st;
}

/* A part's second record: which part, and what a merge needs of the
   sweep to write its csv, its .npy file and its pictures. */
static gdt_status
shard_header(gdt_buf *b, const gdt_sweep_report *r)
{
    const gdt_sweep_opts *o = r->o;
    const gdt_sweep_shard *sh = r->shard;
    gdt_status st;
    size_t k;

    st = gdt_buf_printf(b, "{\"shard\": %lu, \"of\": %lu, \"first\": %llu, \"count\": %llu, "
                           "\"points\": %llu, \"width\": %zu, \"height\": %zu, "
                           "\"max_iter\": %lu, \"digits\": \"%s\", \"columns\": \"", sh->k,
                        sh->n, (unsigned long long)sh->first, (unsigned long long)sh->count,
                        (unsigned long long)gdt_sweep_points(o), o->axes[0].n,
                        o->naxes > 1 ? o->axes[1].n : (size_t)1, o->max_iter,
                        r->rep.numfmt.kind == GDT_DIGITS_HEX ? "hex"
                        : r->rep.numfmt.kind == GDT_DIGITS_EXACT ? "exact"
                        : r->rep.numfmt.kind == GDT_DIGITS_N ? "n" : "shortest");
    if (st == GDT_OK)
        st = csv_header(b, r);
    if (st == GDT_OK)
        st = gdt_buf_puts(b, "\", \"axes\": [");
    for (k = 0; k < o->naxes && st == GDT_OK; k++)
        st = gdt_buf_printf(b, "%s{\"name\": \"%s\", \"first\": %.17g, \"last\": %.17g, "
                               "\"log\": %d}", k > 0 ? ", " : "", r->names[k],
                            mpq_get_d(o->axes[k].a), mpq_get_d(o->axes[k].b),
                            o->axes[k].scale == GDT_SWEEP_LOG);
    if (st == GDT_OK)
        st = gdt_buf_puts(b, "], \"title\": ");
    if (st == GDT_OK)
        st = gdt_buf_json_string(b, sh->title != NULL ? sh->title : "");
    if (st == GDT_OK)
        st = gdt_buf_puts(b, "}\n");
    return st;
}

gdt_status
gdt_sweep_report_header(gdt_buf *b, const gdt_sweep_report *r, const gdt_sweep_info *info)
{
    gdt_status st;

    if (r->rep.format == GDT_FORMAT_JSONL) {
        st = json_header(b, r, info);
        if (st == GDT_OK && r->shard != NULL)
            st = shard_header(b, r);
        return st;
    }
    st = csv_header(b, r);
    return st == GDT_OK ? gdt_buf_putc(b, '\n') : st;
}

gdt_status
gdt_sweep_report_begin(gdt_sweep_report *r, const gdt_sweep_info *info, gdt_error *err)
{
    gdt_buf b;
    gdt_status st;

    gdt_buf_init(&b);
    st = gdt_sweep_report_header(&b, r, info);
    if (st == GDT_OK)
        st = gdt_reporter_emit(&r->rep, &b);
    gdt_buf_clear(&b);
    return st == GDT_OK ? st : gdt_reporter_error(&r->rep, st, err);
}

gdt_status
gdt_sweep_summary_put(gdt_buf *b, uint64_t done, uint64_t of, int interrupted)
{
    return gdt_buf_printf(b, "{\"summary\": {\"points\": %llu, \"of\": %llu, \"stop\": \"%s\"}}\n",
                          (unsigned long long)done, (unsigned long long)of,
                          interrupted ? "interrupted" : "done");
}

void
gdt_sweep_report_verdicts(const gdt_sweep_report *r, uint64_t count[GDT_VERDICT_COUNT])
{
    uint64_t i, n = gdt_sweep_points(r->o);

    memset(count, 0, GDT_VERDICT_COUNT * sizeof *count);
    for (i = 0; r->against != NULL && i < n; i++)
        count[r->against[i] < GDT_VERDICT_COUNT ? r->against[i] : 0]++;
}

gdt_status
gdt_sweep_report_summary(gdt_buf *b, const gdt_sweep_report *r, uint64_t done, int interrupted)
{
    uint64_t c[GDT_VERDICT_COUNT];
    gdt_status st;

    if (r->rep.format != GDT_FORMAT_JSONL)
        return GDT_OK;
    st = gdt_sweep_summary_put(b, done, r->shard != NULL ? r->shard->count
                                                         : gdt_sweep_points(r->o),
                               interrupted);
    if (st != GDT_OK || r->against == NULL)
        return st;
    /* the counts inside the summary: its closing "}}\n" after them */
    gdt_sweep_report_verdicts(r, c);
    b->len -= 3;
    return gdt_buf_printf(b, ", \"against\": {\"agree\": %llu, \"disagree\": %llu, "
                          "\"undecided\": %llu}}}\n", (unsigned long long)c[GDT_VERDICT_AGREE],
                          (unsigned long long)c[GDT_VERDICT_DISAGREE],
                          (unsigned long long)c[GDT_VERDICT_UNDECIDED]);
}

gdt_status
gdt_sweep_report_end(gdt_sweep_report *r, uint64_t done, int interrupted, gdt_error *err)
{
    gdt_buf b;
    gdt_status st;

    if (r->rep.format != GDT_FORMAT_JSONL)
        return GDT_OK;
    gdt_buf_init(&b);
    st = gdt_sweep_report_summary(&b, r, done, interrupted);
    if (st == GDT_OK)
        st = gdt_reporter_emit(&r->rep, &b);
    gdt_buf_clear(&b);
    return st == GDT_OK ? st : gdt_reporter_error(&r->rep, st, err);
}

gdt_status
gdt_sweep_report_npy(const gdt_sweep_report *r, FILE *f, gdt_error *err)
{
    const gdt_sweep_opts *o = r->o;
    uint64_t shape[2], n = gdt_sweep_points(o), i;
    size_t ndim = o->naxes, k;
    gdt_buf b;
    gdt_status st;

    for (k = 0; k < ndim; k++) /* the second axis as rows */
        shape[k] = o->axes[ndim - 1 - k].n;
    gdt_buf_init(&b);
    st = gdt_npy_header(&b, npy_fields, NPY_FIELDS, shape, ndim);
    for (i = 0; i < n && st == GDT_OK; i++) {
        gdt_npy_value v[NPY_FIELDS];
        v[0].u = r->outcome[i];
        v[1].i = r->period[i];
        v[2].i = r->step[i];
        v[3].d = r->loss[i];
        st = gdt_npy_record(&b, npy_fields, NPY_FIELDS, v);
        if (st == GDT_OK && (b.len >= (1u << 16) || i + 1 == n)) {
            if (fwrite(b.s, 1, b.len, f) != b.len)
                st = GDT_EIO;
            gdt_buf_reset(&b);
        }
    }
    if (st == GDT_OK && n == 0 && fwrite(b.s, 1, b.len, f) != b.len)
        st = GDT_EIO;
    if (st == GDT_OK && fflush(f) != 0)
        st = GDT_EIO;
    gdt_buf_clear(&b);
    if (st == GDT_EIO)
        return gdt_error_set(err, st, SIZE_MAX, "write error: %s", strerror(errno));
    return st == GDT_OK ? st : gdt_error_set(err, st, SIZE_MAX, "%s", gdt_status_str(st));
}
