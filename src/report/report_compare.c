/* report_compare -- a comparison's steps and events as text, csv, jsonl */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "gdtrace/optim.h"
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

/* The format of lane L's values: --digits, but a certified lane's
   values show the digits they prove. */
static const gdt_numfmt *
lane_numfmt(const gdt_reporter *r, const gdt_cmp_lane *l)
{
    static const gdt_numfmt certified = { GDT_DIGITS_N, GDT_CMP_CERTIFIED_DIGITS, 0 };

    return l->certified ? &certified : &r->numfmt;
}

/* Quantity J's value in lane L, as --digits says. */
static gdt_status
put_v(gdt_reporter *r, gdt_buf *b, const gdt_compare *c, gdt_cmp_lane *l, size_t j)
{
    const gdt_val *v = j + 1 == c->nq ? gdt_stepper_loss(&l->st)
                                      : gdt_stepper_param(&l->st, j);
    return l->dom.ops->get_str(b, v, lane_numfmt(r, l), &l->dom);
}

/* ------------------------------------------------------ the wide layout */

/* The width of the digits column beside each value (not the
   reference's): "all", "-" or up to 3 digits; more push the row right. */
#define DIGITS_WIDTH 3

/* The widest a value column is made (mpfr at millions of bits, --digits
   10000): longer values push their row right. */
#define VALUE_WIDTH_MAX 40

/* The width a value of domain D usually takes in format F: the most its
   digits, sign, point and a two-digit exponent take (exact values, which
   have no such bound, and --digits exact a guess).  A longer value pushes
   the rest of its row right, and the columns after it take their places
   again where there is room. */
static int
value_width(const gdt_numfmt *f, const gdt_domain *d)
{
    /* the significant digits of the shortest decimal, p log10(2) + 2 */
    long digits = d->prec < 4 * VALUE_WIDTH_MAX ? (long)d->prec * 30103 / 100000 + 2
                                                : VALUE_WIDTH_MAX;

    if (f->kind == GDT_DIGITS_N)
        return f->n + 6 < VALUE_WIDTH_MAX ? f->n + 6 : VALUE_WIDTH_MAX;
    if (d->ops->exact)
        return 12;
    if (!d->ops->has_div) /* the integer modes: the width's digits, a sign */
        return (int)digits;
    if (f->kind == GDT_DIGITS_HEX)
        return d->prec < 4 * VALUE_WIDTH_MAX ? (int)(d->prec + 2) / 4 + 11 : VALUE_WIDTH_MAX;
    if (f->kind == GDT_DIGITS_EXACT)
        return 24;
    return digits + 6 < VALUE_WIDTH_MAX ? (int)digits + 6 : VALUE_WIDTH_MAX;
}

/* 1 when lane I of C is a reference: the comparison's, or with lanes of
   their own optimizers that of its optimizer's lanes. */
#define IS_REF(c, i) ((c)->lanes[i].ref == (i))

/* The header's lines of lanes with optimizers of their own: each
   optimizer once, its lanes, their update and reference. */
static gdt_status
lane_optims(gdt_buf *b, const gdt_compare *c)
{
    gdt_status st = GDT_OK;
    size_t i, j;

    for (i = 0; st == GDT_OK && i < c->n; i++) {
        const gdt_cmp_lane *l = &c->lanes[i];
        const gdt_update *u = c->o.updates;
        int first = 1;

        for (j = 0; j < i && !gdt_optim_same(c->lanes[j].optim, l->optim); j++)
            ;
        if (j < i) /* said with lane j's */
            continue;
        st = gdt_buf_printf(b, "\n  %-9s ", "optimizer");
        if (st == GDT_OK && l->optim != NULL)
            st = gdt_optim_describe(b, l->optim);
        else if (st == GDT_OK)
            st = gdt_buf_puts(b, "sgd (w - lr*g)");
        if (st == GDT_OK && l->optim != NULL && l->optim->nsched > 0) {
            st = gdt_buf_puts(b, ", schedule ");
            if (st == GDT_OK)
                st = gdt_optim_schedule_str(b, l->optim);
        }
        if (st == GDT_OK)
            st = gdt_buf_puts(b, ": ");
        for (j = i; st == GDT_OK && j < c->n; j++) {
            if (!gdt_optim_same(c->lanes[j].optim, l->optim))
                continue;
            st = gdt_buf_printf(b, "%s%s (update %s%s%s)", first ? "" : ", ", c->lanes[j].mode,
                                u != NULL && u[j] == GDT_UPDATE_FMA ? "fma"
                                : u != NULL && u[j] == GDT_UPDATE_KAHAN ? "kahan" : "sub",
                                IS_REF(c, j) ? "" : ", against ",
                                IS_REF(c, j) ? "" : c->lanes[c->lanes[j].ref].mode);
            first = 0;
        }
    }
    return st;
}

/* "exact" or, with references per optimizer, "exact and
   exact+momentum0.9", into B. */
static gdt_status
put_refs(gdt_buf *b, const gdt_compare *c)
{
    gdt_status st = gdt_buf_puts(b, c->lanes[c->ref].mode);
    size_t i, n = 0;

    for (i = 0; i < c->n; i++)
        n += IS_REF(c, i) && i != c->ref;
    for (i = 0; st == GDT_OK && i < c->n; i++)
        if (IS_REF(c, i) && i != c->ref)
            st = gdt_buf_printf(b, "%s%s", --n == 0 ? " and " : ", ", c->lanes[i].mode);
    return st;
}

/* The width of lane I's value columns: its values', wide enough for each
   parameter's name over them and its mode's name over them all. */
static int
lane_width(const gdt_reporter *r, const gdt_compare *c, size_t i)
{
    const gdt_cmp_lane *l = &c->lanes[i];
    size_t np = c->nq - 1, j;
    int vw = value_width(lane_numfmt(r, l), &l->dom), group, name = (int)strlen(l->mode);

    for (j = 0; j < np; j++)
        if ((int)strlen(c->qname[j]) > vw)
            vw = (int)strlen(c->qname[j]);
    group = (int)np * vw + (int)(np - 1) * 2 + (IS_REF(c, i) ? 0 : (int)np * (2 + DIGITS_WIDTH));
    if (name > group)
        vw += name - group;
    return vw;
}

/* Append TEXT to the line B that started at START, beginning at column
   AT (or right aligned to end there, with RIGHT), or two spaces after
   what is there when that is past it. */
static gdt_status
put_cell(gdt_buf *b, size_t start, int at, int right, const char *text)
{
    int pos = (int)(b->len - start), len = (int)strlen(text), from = right ? at - len : at;
    gdt_status st = GDT_OK;

    if (pos > 0 && from < pos + 2)
        from = pos + 2;
    while (st == GDT_OK && pos++ < from)
        st = gdt_buf_putc(b, ' ');
    return st == GDT_OK ? gdt_buf_puts(b, text) : st;
}

/* The wide layout's two header lines: the modes over their columns, then
   the step, each parameter's name over its values and "dig" over the
   correct digits. */
static gdt_status
wide_header(gdt_reporter *r, gdt_buf *b, const gdt_compare *c)
{
    size_t np = c->nq - 1, i, j, start;
    gdt_status st = GDT_OK;
    int line, col;

    for (line = 0; st == GDT_OK && line < 2; line++) {
        start = b->len;
        col = r->kwidth;
        if (line == 1)
            st = gdt_buf_printf(b, "%*s", r->kwidth, "step");
        for (i = 0; st == GDT_OK && i < c->n; i++) {
            int vw = lane_width(r, c, i);
            for (j = 0; st == GDT_OK && j < np; j++) {
                col += 2;
                if (line == 0 && j == 0)
                    st = put_cell(b, start, col, 0, c->lanes[i].mode);
                else if (line == 1)
                    st = put_cell(b, start, col, 0, c->qname[j]);
                col += vw;
                if (IS_REF(c, i))
                    continue;
                col += 2 + DIGITS_WIDTH;
                if (st == GDT_OK && line == 1)
                    st = put_cell(b, start, col, 1, "dig");
            }
        }
        if (st == GDT_OK)
            st = gdt_buf_putc(b, '\n');
    }
    return st;
}

/* Step C->k as one row: the step, then per mode each parameter's value
   and its correct digits (none for the reference); a mode with no record
   at this step leaves its columns empty. */
static gdt_status
wide_row(gdt_reporter *r, gdt_buf *b, const gdt_compare *c)
{
    size_t np = c->nq - 1, i, j, start = b->len;
    gdt_status st;
    int col = r->kwidth;

    st = gdt_buf_printf(b, "%*lu", r->kwidth, c->k);
    for (i = 0; st == GDT_OK && i < c->n; i++) {
        gdt_cmp_lane *l = &c->lanes[i];
        int vw = lane_width(r, c, i);

        for (j = 0; st == GDT_OK && j < np; j++) {
            col += 2;
            if (l->active) {
                gdt_buf_reset(&r->val);
                st = put_v(r, &r->val, c, l, j);
                if (st == GDT_OK)
                    st = put_cell(b, start, col, 0, r->val.s);
            }
            col += vw;
            if (IS_REF(c, i))
                continue;
            col += 2 + DIGITS_WIDTH;
            if (st == GDT_OK && l->active) {
                gdt_buf_reset(&r->val);
                st = put_digits(&r->val, &l->q[j]);
                if (st == GDT_OK)
                    st = put_cell(b, start, col, 1, r->val.s);
            }
        }
    }
    return st == GDT_OK ? gdt_buf_putc(b, '\n') : st;
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
                                i == c->ref        ? " (reference)"
                                : IS_REF(c, i)     ? " (its optimizer's reference)"
                                                   : "");
        if (st == GDT_OK && c->o.optims != NULL)
            st = lane_optims(b, c);
        else if (st == GDT_OK && c->o.optim != NULL) { /* every lane's */
            st = gdt_buf_printf(b, "\n  %-9s ", "optimizer");
            if (st == GDT_OK)
                st = gdt_optim_describe(b, c->o.optim);
            if (st == GDT_OK)
                st = gdt_buf_printf(b, ", update %s",
                                    c->o.update == GDT_UPDATE_FMA ? "fma" : "sub");
            if (st == GDT_OK && c->o.optim->nsched > 0)
                st = gdt_buf_printf(b, "\n  %-9s ", "schedule");
            if (st == GDT_OK)
                st = gdt_optim_schedule_str(b, c->o.optim);
        }
        if (st == GDT_OK)
            st = gdt_buf_putc(b, '\n');
        if (st == GDT_OK && r->layout == GDT_LAYOUT_WIDE)
            st = wide_header(r, b, c);
        else if (st == GDT_OK)
            st = gdt_buf_printf(b, "%*s  %-*s  %-*s  %6s  %-9s  %s\n", r->kwidth, "step",
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

    if (r->format == GDT_FORMAT_TEXT && r->layout == GDT_LAYOUT_WIDE) {
        if ((st = wide_row(r, b, c)) != GDT_OK) {
            gdt_buf_reset(b);
            return st;
        }
        return emit(r);
    }
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
                    st = IS_REF(c, i) ? gdt_buf_puts(&r->val, "ref") : put_digits(&r->val, q);
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
    int index;     /* of the value at it, in gdt_cmp_qty's at */
    int scaled;    /* shown only when a lane scales its loss */
} events[] = {
    { "differs", "differs", 7, offsetof(gdt_cmp_events, differs), GDT_CMP_EV_DIFFERS, 0 },
    { "no_digits", "no-digits", 9, offsetof(gdt_cmp_events, no_digits), GDT_CMP_EV_NO_DIGITS, 0 },
    { "subnormal", "subnormal", 9, offsetof(gdt_cmp_events, subnormal), GDT_CMP_EV_SUBNORMAL, 0 },
    { "zero", "zero", 6, offsetof(gdt_cmp_events, zero), GDT_CMP_EV_ZERO, 0 },
    { "inf", "inf", 6, offsetof(gdt_cmp_events, inf), GDT_CMP_EV_INF, 0 },
    { "nan", "nan", 6, offsetof(gdt_cmp_events, nan), GDT_CMP_EV_NAN, 0 },
    { "stall", "stall", 6, offsetof(gdt_cmp_events, stall), GDT_CMP_EV_STALL, 0 },
    { "skipped", "skipped", 7, offsetof(gdt_cmp_events, skipped), GDT_CMP_EV_SKIPPED, 1 },
    { "scale", "scale", 6, offsetof(gdt_cmp_events, scale), GDT_CMP_EV_SCALE, 1 },
};
#define NEVENTS (sizeof events / sizeof events[0])

/* The step of event I of E (-1: never). */
static long
event_step(const gdt_cmp_events *e, size_t i)
{
    return *(const long *)(const void *)((const char *)e + events[i].offset);
}

/* 1 when a lane of C scales its loss: the events of loss scaling are
   then shown (for every lane). */
static int
any_scaled(const gdt_compare *c)
{
    size_t i;

    for (i = 0; i < c->n; i++)
        if (c->lanes[i].ready && gdt_stepper_loss_scale_of(&c->lanes[i].st) != NULL)
            return 1;
    return 0;
}

/* Every event of E (those of loss scaling with SCALED): "  STEP" in its
   text column ("-" for never), or ", \"NAME\": STEP" in jsonl (null for
   never). */
static gdt_status
put_events(gdt_buf *b, const gdt_cmp_events *e, int json, int scaled)
{
    gdt_status st = GDT_OK;
    size_t i;

    for (i = 0; st == GDT_OK && i < NEVENTS; i++) {
        long k = event_step(e, i);
        char step[24] = "-";

        if (events[i].scaled && !scaled)
            continue;
        if (k >= 0)
            snprintf(step, sizeof step, "%ld", k);
        if (json)
            st = gdt_buf_printf(b, ", \"%s\": %s", events[i].json, k >= 0 ? step : "null");
        else
            st = gdt_buf_printf(b, "  %*s", events[i].width, step);
    }
    return st;
}

/* The wide layout's events: per mode, a line per event that happened to
   a quantity (the parameters, then the loss), in the order of their
   steps: the step and the value there; then how the mode stopped, after
   how many steps. */
static gdt_status
wide_events(gdt_reporter *r, gdt_buf *b, const gdt_compare *c)
{
    gdt_status st;
    size_t i, j, e, n, order[NEVENTS];
    int ew = 9; /* "no-digits", "subnormal" */

    st = gdt_buf_puts(b, "events against ");
    if (st == GDT_OK)
        st = put_refs(b, c);
    if (st == GDT_OK)
        st = gdt_buf_printf(b, " (%sthe first step of each, and the value then)\n"
                            "%-*s  %-*s  %-*s  %*s  %s\n",
                            c->o.optims != NULL ? "each lane against its optimizer's run; " : "",
                            r->mwidth, "mode", r->qwidth, "of", ew, "event", r->kwidth, "step",
                            "value");
    for (i = 0; st == GDT_OK && i < c->n; i++) {
        gdt_cmp_lane *l = &c->lanes[i];
        const char *mode = l->mode;

        for (j = 0; st == GDT_OK && j < c->nq; j++) {
            const char *of = c->qname[j];

            /* the events that happened, by step (ties in the table's
               order): an insertion sort of seven */
            for (e = n = 0; e < NEVENTS; e++) {
                long k = event_step(&l->q[j].ev, e); /* -1 when not scaled */
                size_t at = n++;
                if (k < 0) {
                    n--;
                    continue;
                }
                for (; at > 0 && event_step(&l->q[j].ev, order[at - 1]) > k; at--)
                    order[at] = order[at - 1];
                order[at] = e;
            }
            for (size_t x = 0; st == GDT_OK && x < n; x++) {
                long k;
                e = order[x];
                k = event_step(&l->q[j].ev, e);
                st = gdt_buf_printf(b, "%-*s  %-*s  %-*s  %*ld  ", r->mwidth, mode, r->qwidth,
                                    of, ew, events[e].text, r->kwidth, k);
                if (st == GDT_OK)
                    st = l->dom.ops->get_str(b, &l->q[j].at[events[e].index],
                                             lane_numfmt(r, l), &l->dom);
                if (st == GDT_OK)
                    st = gdt_buf_putc(b, '\n');
                mode = of = "";
            }
        }
        if (st == GDT_OK)
            st = gdt_buf_printf(b, "%-*s  %-*s  %-*s  %*lu  %s\n", r->mwidth, mode, r->qwidth,
                                "", ew, "stop", r->kwidth, l->steps, gdt_stop_str(l->stop));
        if (st == GDT_OK && (l->stop == GDT_STOP_ERROR || l->stop == GDT_STOP_SIZE_LIMIT))
            st = gdt_buf_printf(b, "%-*s  error: %s\n", r->mwidth, "", l->err.msg);
    }
    return st;
}

gdt_status
gdt_cmp_report_end(gdt_reporter *r, const gdt_compare *c)
{
    gdt_buf *b = &r->rec;
    gdt_status st = GDT_OK;
    size_t i, j;
    int scaled = any_scaled(c);

    if (r->format == GDT_FORMAT_CSV)
        return GDT_OK;
    if (r->format == GDT_FORMAT_TEXT && r->layout == GDT_LAYOUT_WIDE) {
        if ((st = wide_events(r, b, c)) != GDT_OK) {
            gdt_buf_reset(b);
            return st;
        }
        return emit(r);
    }
    if (r->format == GDT_FORMAT_TEXT) {
        st = gdt_buf_puts(b, "events against ");
        if (st == GDT_OK)
            st = put_refs(b, c);
        if (st == GDT_OK)
            st = gdt_buf_printf(b, " (%sthe first step; - never)\n%-*s  %-*s",
                                c->o.optims != NULL ? "each lane against its optimizer's run; "
                                                    : "",
                                r->mwidth, "mode", r->qwidth, "of");
        for (i = 0; st == GDT_OK && i < NEVENTS; i++)
            if (!events[i].scaled || scaled)
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
                    st = put_events(b, e, 0, scaled);
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
            if (st == GDT_OK && c->o.optims != NULL) { /* optimizers of their own */
                st = gdt_buf_puts(b, ", \"reference\": ");
                if (st == GDT_OK)
                    st = gdt_buf_json_string(b, c->lanes[l->ref].mode);
                if (st == GDT_OK)
                    st = gdt_buf_puts(b, ", \"optimizer\": ");
                gdt_buf_reset(&r->val);
                if (st == GDT_OK)
                    st = l->optim != NULL ? gdt_optim_describe(&r->val, l->optim)
                                          : gdt_buf_puts(&r->val, "sgd (w - lr*g)");
                if (st == GDT_OK)
                    st = gdt_buf_json_string(b, r->val.s);
            }
            if (st == GDT_OK)
                st = put_events(b, e, 1, scaled);
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
