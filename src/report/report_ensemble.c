/* report_ensemble -- the records of run --runs K: per step and quantity
   the exact run's value and the runs' mean, standard deviation, min and
   max, in text, csv or jsonl */
#include <stdio.h>
#include <string.h>
#include <mpfr.h>
#include "gdtrace/ensemble.h"
#include "gdtrace/report.h"
#include "gdtrace/sr.h"
#include "report_impl.h"

/* The statistics' digits: the mean is exact and the standard deviation
   the square root of an exact variance; both are printed to 17
   significant digits, which tell a binary64 number from its neighbours. */
#define ENS_DIGITS 17

/* The columns of a quantity, after its name and '_'. */
static const char *const cols[] = { "exact", "mean", "std", "min", "max" };
#define NCOLS (sizeof cols / sizeof cols[0])

/* Quantity Q's name: "w" or the parameter's, "loss" last. */
static const char *
qname(const gdt_ensemble *e, size_t q)
{
    if (q + 1 == e->nq)
        return "loss";
    return e->nq == 2 ? "w" : e->runs[0].names[q];
}

/* Append column C of quantity Q to B; *NONE set when it has no value
   (the exact run's, past its end). */
static gdt_status
put_col(gdt_reporter *r, gdt_buf *b, const gdt_ensemble *e, size_t q, size_t c, int *none)
{
    const gdt_ens_stat *t = &e->stat[q];
    gdt_domain *d = (gdt_domain *)&e->dom;
    gdt_status st;
    mpfr_t x;
    mpq_t v;

    *none = 0;
    switch (c) {
    case 0:
        if (!e->exact_live) {
            *none = 1;
            return GDT_OK;
        }
        return gdt_stepper_get_str(b, &e->exact,
                                   q + 1 == e->nq ? GDT_VALUE_LOSS : GDT_VALUE_PARAM, q,
                                   &r->numfmt);
    case 1:
        if (!t->finite)
            return gdt_buf_puts(b, d->ops->is_nan(t->min, d) || d->ops->is_nan(t->max, d)
                                       || (d->ops->is_inf(t->min, d) && d->ops->is_inf(t->max, d)
                                           && d->ops->cmp(t->min, t->max, d) != 0)
                                   ? "nan" : d->ops->is_inf(t->max, d) ? "inf" : "-inf");
        return gdt_q_get_str_n(b, t->mean, ENS_DIGITS);
    case 2:
        if (!t->finite)
            return gdt_buf_puts(b, "nan");
        /* sqrt of the exact variance at 64 bits, then to 17 digits */
        mpfr_init2(x, 64);
        mpq_init(v);
        mpfr_set_q(x, t->var, MPFR_RNDN);
        mpfr_sqrt(x, x, MPFR_RNDN);
        mpfr_get_q(v, x);
        st = gdt_q_get_str_n(b, v, ENS_DIGITS);
        mpq_clear(v);
        mpfr_clear(x);
        return st;
    default:
        return d->ops->get_str(b, c == 3 ? t->min : t->max, &r->numfmt, d);
    }
}

static gdt_status
ens_begin(void *ctx, const gdt_run_info *info, const gdt_ensemble *e, gdt_error *err)
{
    gdt_reporter *r = ctx;
    gdt_buf *b = &r->rec;
    const gdt_sr *g = e->runs[0].sr;
    gdt_status st = GDT_OK;
    size_t q, c;

    r->problem = info->problem;
    r->kwidth = gdt_report_step_width(info->max_iter);
    if (r->format == GDT_FORMAT_TEXT) {
        st = gdt_report_text_header(r, info, &e->runs[0], 0);
        if (st == GDT_OK)
            st = gdt_buf_printf(b, "  %-9s %zu, seeds %llu .. %llu, in lockstep; next to the "
                                "exact run\n  %-9s mean, std (NumPy's, ddof 0) to %d digits\n",
                                "runs", e->k, (unsigned long long)g->seed,
                                (unsigned long long)(g->seed + e->k - 1), "stats",
                                ENS_DIGITS);
        if (st == GDT_OK)
            st = gdt_buf_printf(b, "%*s", r->kwidth, "step");
    } else if (r->format == GDT_FORMAT_CSV) {
        st = gdt_buf_puts(b, "step");
    } else {
        return GDT_OK;
    }
    for (q = 0; q < e->nq && st == GDT_OK; q++)
        for (c = 0; c < NCOLS && st == GDT_OK; c++)
            st = gdt_buf_printf(b, "%s%s_%s", r->format == GDT_FORMAT_CSV ? "," : "  ",
                                qname(e, q), cols[c]);
    if (st == GDT_OK)
        st = gdt_buf_putc(b, '\n');
    if (st == GDT_OK)
        st = gdt_reporter_emit(r, b);
    return st == GDT_OK ? GDT_OK : gdt_reporter_error(r, st, err);
}

static gdt_status
ens_step(void *ctx, const gdt_ensemble *e, gdt_error *err)
{
    gdt_reporter *r = ctx;
    gdt_buf *b = &r->rec;
    int jsonl = r->format == GDT_FORMAT_JSONL, none;
    const char *sep = r->format == GDT_FORMAT_CSV ? "," : "  ";
    gdt_status st;
    size_t q, c, at;

    if (r->every == 0 || e->step % r->every != 0)
        if (!(r->every != 0 && !gdt_ensemble_running(e)))
            return GDT_OK; /* not printed (the last step always is) */
    st = jsonl ? gdt_buf_printf(b, "{\"step\": %lu", e->step)
         : r->format == GDT_FORMAT_TEXT ? gdt_buf_printf(b, "%*lu", r->kwidth, e->step)
                                        : gdt_buf_printf(b, "%lu", e->step);
    for (q = 0; q < e->nq && st == GDT_OK; q++) {
        if (jsonl)
            st = gdt_buf_printf(b, ", \"%s\": {", qname(e, q));
        for (c = 0; c < NCOLS && st == GDT_OK; c++) {
            if (jsonl)
                st = gdt_buf_printf(b, "%s\"%s\": \"", c ? ", " : "", cols[c]);
            else
                st = gdt_buf_puts(b, sep);
            at = b->len;
            if (st == GDT_OK)
                st = put_col(r, b, e, q, c, &none);
            if (st != GDT_OK)
                break;
            if (none && jsonl) { /* null, not a string */
                b->len = at - 1;
                b->s[b->len] = '\0';
                st = gdt_buf_puts(b, "null");
            } else if (none && r->format == GDT_FORMAT_TEXT) {
                st = gdt_buf_putc(b, '-');
            } else if (jsonl) {
                st = gdt_buf_putc(b, '"');
            }
        }
        if (st == GDT_OK && jsonl)
            st = gdt_buf_putc(b, '}');
    }
    if (st == GDT_OK)
        st = gdt_buf_puts(b, jsonl ? "}\n" : "\n");
    if (st == GDT_OK)
        st = gdt_reporter_emit(r, b);
    if (st != GDT_OK)
        gdt_buf_reset(b);
    return st == GDT_OK ? GDT_OK : gdt_reporter_error(r, st, err);
}

/* ", 3 grad-zero, 5 max-iter" (jsonl: "\"grad-zero\": 3, ..."). */
static gdt_status
put_stops(gdt_buf *b, const gdt_ensemble *e, int jsonl)
{
    gdt_status st = GDT_OK;
    int first = 1;
    size_t i;

    for (i = 1; i < GDT_ENS_NSTOPS && st == GDT_OK; i++) {
        unsigned long n = gdt_ensemble_stops(e, (gdt_stop)i);
        if (n == 0)
            continue;
        st = jsonl ? gdt_buf_printf(b, "%s\"%s\": %lu", first ? "" : ", ", gdt_stop_str((gdt_stop)i), n)
                   : gdt_buf_printf(b, "%s%lu %s", first ? "" : ", ", n, gdt_stop_str((gdt_stop)i));
        first = 0;
    }
    return st;
}

static gdt_status
ens_end(void *ctx, const gdt_ensemble *e, gdt_error *err)
{
    gdt_reporter *r = ctx;
    gdt_buf *b = &r->rec;
    gdt_status st = GDT_OK;

    if (r->format == GDT_FORMAT_TEXT) {
        st = gdt_buf_printf(b, "stop      after %lu steps: ", e->step);
        if (st == GDT_OK)
            st = put_stops(b, e, 0);
        if (st == GDT_OK)
            st = gdt_buf_printf(b, " (of %zu runs)\n", e->k);
        if (st == GDT_OK && e->has_exact && !e->exact_live && e->exact.regs == NULL)
            st = gdt_buf_printf(b, "exact     none: %s\n", e->exact_err.msg);
        else if (st == GDT_OK && e->has_exact && !e->exact_live)
            st = e->exact_err.msg[0] ? gdt_buf_printf(b, "exact     ended: %s\n", e->exact_err.msg)
                 : gdt_buf_printf(b, "exact     ended at step %lu: %s\n", e->exact.k,
                                  gdt_stop_str(e->exact.stop));
    } else if (r->format == GDT_FORMAT_JSONL) {
        st = gdt_buf_printf(b, "{\"summary\": {\"steps\": %lu, \"runs\": %zu, \"seed\": %llu, "
                            "\"stops\": {", e->step, e->k,
                            (unsigned long long)e->runs[0].sr->seed);
        if (st == GDT_OK)
            st = put_stops(b, e, 1);
        if (st == GDT_OK)
            st = gdt_buf_puts(b, "}}}\n");
    }
    if (st == GDT_OK && b->len > 0)
        st = gdt_reporter_emit(r, b);
    if (st == GDT_OK && fflush(r->out) != 0)
        st = GDT_EIO;
    if (st != GDT_OK)
        gdt_buf_reset(b);
    return st == GDT_OK ? GDT_OK : gdt_reporter_error(r, st, err);
}

void
gdt_reporter_ensemble_sink(gdt_ensemble_sink *out, gdt_reporter *r)
{
    *out = (gdt_ensemble_sink){ .begin = ens_begin, .step = ens_step, .end = ens_end, .ctx = r };
}
