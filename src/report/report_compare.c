/* report_compare -- a comparison's steps and events as text, csv, jsonl */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "gdtrace/report.h"
#include "report_impl.h"

/* Significant digits of a relative error: 3 for people, 6 in csv and jsonl
   (the weights themselves are never rounded). */
#define REL_DIGITS_TEXT 3
#define REL_DIGITS_DATA 6

static gdt_status
emit(gdt_reporter *r)
{
    return gdt_reporter_emit(r, &r->rec);
}

/* The relative error of quantity Q as text: "-" not compared, "inf", or
   the exact relative error rounded to N significant digits. */
static gdt_status
put_rel(gdt_buf *b, const gdt_cmp_qty *q, int n)
{
    if (!q->compared)
        return gdt_buf_puts(b, "-");
    if (q->rel_cls != GDT_CMP_FINITE)
        return gdt_buf_puts(b, "inf");
    return gdt_q_get_str_n(b, q->rel, n);
}

static gdt_status
put_digits(gdt_buf *b, const gdt_cmp_qty *q)
{
    if (!q->compared)
        return gdt_buf_puts(b, "-");
    if (q->digits < 0)
        return gdt_buf_puts(b, "all");
    return gdt_buf_printf(b, "%ld", q->digits);
}

/* Quantity J's value in lane L, as --digits says. */
static gdt_status
put_v(gdt_reporter *r, gdt_buf *b, const gdt_compare *c, gdt_cmp_lane *l, size_t j)
{
    const gdt_val *v = j + 1 == c->nq ? gdt_stepper_loss(&l->st)
                                      : gdt_stepper_param(&l->st, j);
    return l->dom.ops->get_str(b, v, &r->numfmt, &l->dom);
}

/* Append R->val, which a call returning ST has just written, to OUT as a
   JSON string; ST itself when the call failed. */
static gdt_status
json_of(gdt_reporter *r, gdt_buf *out, gdt_status st)
{
    return st != GDT_OK ? st : gdt_buf_json_string(out, r->val.s);
}

/* Append what CALL appends to R->val, as a JSON string. */
#define JSON_OF(r, out, call) json_of((r), (out), (gdt_buf_reset(&(r)->val), (call)))

/* "lr  0.1", or, when the lanes' learning rates differ by parameter,
   "lr  a = 0.1, b = 0.01" (as typed, else exact), as the w0 line. */
static gdt_status
put_lrs(gdt_buf *b, const gdt_run_info *info, const gdt_compare *c)
{
    const gdt_stepper *s = c->n > 0 ? &c->lanes[0].st : NULL;
    gdt_status st;
    size_t i;

    st = gdt_buf_printf(b, "\n  %-9s ", "lr");
    if (s == NULL || gdt_stepper_lr_same(s))
        return st == GDT_OK ? gdt_buf_puts(b, info->lr_text) : st;
    for (i = 0; st == GDT_OK && i < s->prog->nparams; i++) {
        st = gdt_buf_printf(b, "%s%s = ", i ? ", " : "", info->problem->params.name[i]);
        if (st == GDT_OK)
            st = info->lr_texts != NULL ? gdt_buf_puts(b, info->lr_texts[i])
                                        : gdt_q_get_str(b, s->lr_q[i]);
    }
    return st;
}

gdt_status
gdt_cmp_report_begin(gdt_reporter *r, const gdt_run_info *info, const gdt_compare *c)
{
    const gdt_problem *p = info->problem;
    gdt_buf *b = &r->rec;
    gdt_status st = GDT_OK;
    size_t i;

    r->problem = p;
    r->mwidth = 4;
    for (i = 0; i < c->n; i++)
        if ((int)strlen(c->lanes[i].mode) > r->mwidth)
            r->mwidth = (int)strlen(c->lanes[i].mode);
    r->qwidth = 4;
    for (i = 0; i < c->nq; i++)
        if ((int)strlen(c->qname[i]) > r->qwidth)
            r->qwidth = (int)strlen(c->qname[i]);
    r->kwidth = gdt_report_step_width(info->max_iter);
    switch (r->format) {
    case GDT_FORMAT_TEXT:
        st = gdt_buf_printf(b, "gdtrace compare\n  %-9s ", "loss");
        if (st == GDT_OK)
            st = info->loss_text ? gdt_buf_puts(b, info->loss_text)
                                 : gdt_expr_print_data(b, p->loss, &p->params, p->columns);
        if (st == GDT_OK && info->data_path != NULL)
            st = gdt_buf_printf(b, "\n  %-9s %s (%zu rows)", "data", info->data_path,
                                info->data_rows);
        if (st == GDT_OK)
            st = gdt_report_put_grads(b, p, "\n", "");
        if (st == GDT_OK)
            st = put_lrs(b, info, c);
        if (st == GDT_OK)
            st = gdt_buf_printf(b, "\n  %-9s ", "w0");
        for (i = 0; st == GDT_OK && i < p->n; i++) {
            if (p->n == 1)
                st = gdt_buf_puts(b, info->w0_texts[0]);
            else
                st = gdt_buf_printf(b, "%s%s = %s", i ? ", " : "", p->params.name[i],
                                    info->w0_texts[i]);
        }
        if (st == GDT_OK)
            st = gdt_buf_printf(b, "\n  %-9s %lu\n  %-9s ", "max-iter", info->max_iter,
                                "modes");
        for (i = 0; st == GDT_OK && i < c->n; i++)
            st = gdt_buf_printf(b, "%s%s%s", i ? ", " : "", c->lanes[i].mode,
                                i == c->ref ? " (reference)" : "");
        if (st == GDT_OK)
            st = gdt_buf_printf(b, "\n%*s  %-*s  %-*s  %6s  %-9s  %s\n", r->kwidth, "step",
                                r->mwidth, "mode", r->qwidth, "of", "digits", "rel-err",
                                "value");
        break;
    case GDT_FORMAT_CSV:
        st = gdt_buf_puts(b, "step,mode,of,value,rel_err,digits\n");
        break;
    case GDT_FORMAT_JSONL:
    case GDT_FORMAT_PYTHON:
        break;
    }
    return st == GDT_OK ? emit(r) : st;
}

gdt_status
gdt_cmp_report_step(gdt_reporter *r, const gdt_compare *c)
{
    gdt_buf *b = &r->rec;
    gdt_status st = GDT_OK;
    size_t i, j;
    int first = 1;

    if (r->format == GDT_FORMAT_JSONL)
        st = gdt_buf_printf(b, "{\"step\": %lu, \"modes\": {", c->k);
    for (i = 0; st == GDT_OK && i < c->n; i++) {
        gdt_cmp_lane *l = &c->lanes[i];

        if (!l->active)
            continue;
        if (r->format == GDT_FORMAT_JSONL) {
            st = gdt_buf_puts(b, first ? "" : ", ");
            if (st == GDT_OK)
                st = gdt_buf_json_string(b, l->mode);
            if (st == GDT_OK)
                st = gdt_buf_puts(b, ": {");
        }
        for (j = 0; st == GDT_OK && j < c->nq; j++) {
            const gdt_cmp_qty *q = &l->q[j];
            switch (r->format) {
            case GDT_FORMAT_TEXT:
                /* the step number starts the step's first line only */
                if (first && j == 0)
                    st = gdt_buf_printf(b, "%*lu  ", r->kwidth, c->k);
                else
                    st = gdt_buf_printf(b, "%*s  ", r->kwidth, "");
                if (st == GDT_OK)
                    st = gdt_buf_printf(b, "%-*s  %-*s  ", r->mwidth, j == 0 ? l->mode : "",
                                        r->qwidth, c->qname[j]);
                gdt_buf_reset(&r->val);
                if (st == GDT_OK)
                    st = i == c->ref ? gdt_buf_puts(&r->val, "ref") : put_digits(&r->val, q);
                if (st == GDT_OK)
                    st = gdt_buf_printf(b, "%6s  ", r->val.s);
                gdt_buf_reset(&r->val);
                if (st == GDT_OK)
                    st = put_rel(&r->val, q, REL_DIGITS_TEXT);
                if (st == GDT_OK)
                    st = gdt_buf_printf(b, "%-9s  ", r->val.s);
                if (st == GDT_OK)
                    st = put_v(r, b, c, l, j);
                if (st == GDT_OK)
                    st = gdt_buf_putc(b, '\n');
                break;
            case GDT_FORMAT_CSV:
                st = gdt_buf_printf(b, "%lu,%s,%s,", c->k, l->mode, c->qname[j]);
                if (st == GDT_OK)
                    st = put_v(r, b, c, l, j);
                if (st == GDT_OK)
                    st = gdt_buf_putc(b, ',');
                if (st == GDT_OK)
                    st = put_rel(b, q, REL_DIGITS_DATA);
                if (st == GDT_OK)
                    st = gdt_buf_putc(b, ',');
                if (st == GDT_OK)
                    st = put_digits(b, q);
                if (st == GDT_OK)
                    st = gdt_buf_putc(b, '\n');
                break;
            case GDT_FORMAT_JSONL:
                st = gdt_buf_puts(b, j ? ", " : "");
                if (st == GDT_OK)
                    st = gdt_buf_json_string(b, c->qname[j]);
                if (st == GDT_OK)
                    st = gdt_buf_puts(b, ": {\"value\": ");
                if (st == GDT_OK)
                    st = JSON_OF(r, b, put_v(r, &r->val, c, l, j));
                if (st == GDT_OK)
                    st = gdt_buf_puts(b, ", \"rel_err\": ");
                if (st == GDT_OK)
                    st = JSON_OF(r, b, put_rel(&r->val, q, REL_DIGITS_DATA));
                if (st == GDT_OK)
                    st = gdt_buf_puts(b, ", \"digits\": ");
                if (st == GDT_OK)
                    st = JSON_OF(r, b, put_digits(&r->val, q));
                if (st == GDT_OK)
                    st = gdt_buf_putc(b, '}');
                break;
            case GDT_FORMAT_PYTHON:
                break;
            }
        }
        if (st == GDT_OK && r->format == GDT_FORMAT_JSONL)
            st = gdt_buf_putc(b, '}');
        first = 0;
    }
    if (st == GDT_OK && r->format == GDT_FORMAT_JSONL)
        st = gdt_buf_puts(b, "}}\n");
    if (st != GDT_OK) {
        gdt_buf_reset(b);
        return st;
    }
    return emit(r);
}

/* The events, in the order they are reported: the name in jsonl and in
   the text's heading, the width of the text's column. */
static const struct event {
    const char *json, *text;
    int width;
    size_t offset; /* in gdt_cmp_events */
} events[] = {
    { "differs", "differs", 7, offsetof(gdt_cmp_events, differs) },
    { "no_digits", "no-digits", 9, offsetof(gdt_cmp_events, no_digits) },
    { "subnormal", "subnormal", 9, offsetof(gdt_cmp_events, subnormal) },
    { "zero", "zero", 6, offsetof(gdt_cmp_events, zero) },
    { "inf", "inf", 6, offsetof(gdt_cmp_events, inf) },
    { "nan", "nan", 6, offsetof(gdt_cmp_events, nan) },
};
#define NEVENTS (sizeof events / sizeof events[0])

/* Every event of E: "  STEP" in its text column ("-" for never), or
   ", \"NAME\": STEP" in jsonl (null for never). */
static gdt_status
put_events(gdt_buf *b, const gdt_cmp_events *e, int json)
{
    gdt_status st = GDT_OK;
    size_t i;

    for (i = 0; st == GDT_OK && i < NEVENTS; i++) {
        long k = *(const long *)(const void *)((const char *)e + events[i].offset);
        char step[24] = "-";

        if (k >= 0)
            snprintf(step, sizeof step, "%ld", k);
        if (json)
            st = gdt_buf_printf(b, ", \"%s\": %s", events[i].json, k >= 0 ? step : "null");
        else
            st = gdt_buf_printf(b, "  %*s", events[i].width, step);
    }
    return st;
}

gdt_status
gdt_cmp_report_end(gdt_reporter *r, const gdt_compare *c)
{
    gdt_buf *b = &r->rec;
    gdt_status st = GDT_OK;
    size_t i, j;

    if (r->format == GDT_FORMAT_CSV)
        return GDT_OK;
    if (r->format == GDT_FORMAT_TEXT) {
        st = gdt_buf_printf(b, "events against %s (the first step; - never)\n%-*s  %-*s",
                            c->lanes[c->ref].mode, r->mwidth, "mode", r->qwidth, "of");
        for (i = 0; st == GDT_OK && i < NEVENTS; i++)
            st = gdt_buf_printf(b, "  %*s", events[i].width, events[i].text);
        if (st == GDT_OK)
            st = gdt_buf_puts(b, "  stop\n");
    }
    for (i = 0; st == GDT_OK && i < c->n; i++) {
        const gdt_cmp_lane *l = &c->lanes[i];

        for (j = 0; st == GDT_OK && j < c->nq; j++) {
            const gdt_cmp_events *e = &l->q[j].ev;

            if (r->format == GDT_FORMAT_TEXT) {
                st = gdt_buf_printf(b, "%-*s  %-*s", r->mwidth, j == 0 ? l->mode : "",
                                    r->qwidth, c->qname[j]);
                if (st == GDT_OK)
                    st = put_events(b, e, 0);
                if (st == GDT_OK && j == 0)
                    st = gdt_buf_printf(b, "  %s after %lu", gdt_stop_str(l->stop), l->steps);
                if (st == GDT_OK)
                    st = gdt_buf_putc(b, '\n');
                if (st == GDT_OK && j + 1 == c->nq
                    && (l->stop == GDT_STOP_ERROR || l->stop == GDT_STOP_SIZE_LIMIT))
                    st = gdt_buf_printf(b, "%-*s  error: %s\n", r->mwidth, "", l->err.msg);
                continue;
            }
            st = gdt_buf_puts(b, "{\"events\": {\"mode\": ");
            if (st == GDT_OK)
                st = gdt_buf_json_string(b, l->mode);
            if (st == GDT_OK)
                st = gdt_buf_puts(b, ", \"of\": ");
            if (st == GDT_OK)
                st = gdt_buf_json_string(b, c->qname[j]);
            if (st == GDT_OK)
                st = put_events(b, e, 1);
            if (st == GDT_OK)
                st = gdt_buf_printf(b, ", \"stop\": \"%s\", \"steps\": %lu",
                                    gdt_stop_str(l->stop), l->steps);
            if (st == GDT_OK && (l->stop == GDT_STOP_ERROR || l->stop == GDT_STOP_SIZE_LIMIT)) {
                st = gdt_buf_puts(b, ", \"error\": ");
                if (st == GDT_OK)
                    st = gdt_buf_json_string(b, l->err.msg);
            }
            if (st == GDT_OK)
                st = gdt_buf_puts(b, "}}\n");
        }
    }
    if (st == GDT_OK && r->format == GDT_FORMAT_JSONL) {
        st = gdt_buf_puts(b, "{\"summary\": {\"reference\": ");
        if (st == GDT_OK)
            st = gdt_buf_json_string(b, c->lanes[c->ref].mode);
        if (st == GDT_OK)
            st = gdt_buf_printf(b, ", \"steps\": %lu}}\n", c->k);
    }
    if (st != GDT_OK) {
        gdt_buf_reset(b);
        return st;
    }
    return emit(r);
}

static gdt_status
sink_begin(void *ctx, const gdt_run_info *info, const gdt_compare *c, gdt_error *err)
{
    return gdt_reporter_fail(ctx, err, gdt_cmp_report_begin(ctx, info, c));
}

static gdt_status
sink_step(void *ctx, const gdt_compare *c, gdt_error *err)
{
    return gdt_reporter_fail(ctx, err, gdt_cmp_report_step(ctx, c));
}

static gdt_status
sink_end(void *ctx, const gdt_compare *c, gdt_error *err)
{
    return gdt_reporter_fail(ctx, err, gdt_cmp_report_end(ctx, c));
}

void
gdt_reporter_compare_sink(gdt_compare_sink *out, gdt_reporter *r)
{
    out->ctx = r;
    out->numfmt = &r->numfmt;
    out->begin = sink_begin;
    out->step = sink_step;
    out->end = sink_end;
}
