/* boundary -- bisection on certified outcomes (gdtrace/boundary.h) */
#include <string.h>
#include "gdtrace/boundary.h"
#include "gdtrace/buf.h"
#include "gdtrace/decimal.h"

/* What the one point's record said. */
struct point_seen {
    gdt_outcome outcome;
    unsigned long step;
    mpfr_prec_t prec;
};

static gdt_status
seen_record(void *ctx, const gdt_sweep_point *p, gdt_buf *out, gdt_error *err)
{
    struct point_seen *r = ctx;

    (void)out;
    (void)err;
    r->outcome = p->outcome;
    r->step = p->step;
    r->prec = p->prec;
    return GDT_OK;
}

static gdt_status
seen_write(void *ctx, gdt_buf *records, uint64_t first, uint64_t n, gdt_error *err)
{
    (void)ctx;
    (void)first;
    (void)n;
    (void)err;
    gdt_buf_reset(records);
    return GDT_OK;
}

/* The certified outcome of O's run at learning rate LR into *R, from
   PREC bits (at least O's): a point near the last one needs about its
   precision, and the outcome proven does not depend on it. */
static gdt_status
outcome_at(struct point_seen *r, const mpq_t lr, const gdt_sweep_opts *o, mpfr_prec_t prec,
           gdt_error *err)
{
    gdt_sweep_opts one = *o;
    gdt_sweep_axis x;
    gdt_sweep_sink sink = { .ctx = r, .record = seen_record, .write = seen_write };
    uint64_t done = 0;
    gdt_status st;

    gdt_sweep_axis_init(&x);
    mpq_set(x.a, lr);
    mpq_set(x.b, lr);
    one.axes = &x;
    one.naxes = 1;
    one.threads = 1;
    one.first = one.count = 0;
    /* bounded or diverged within max-iter: contracting is proven or not
       by the precision that decides those, so no sharp boundary of its own */
    one.contract = NULL;
    if (prec > one.prec)
        one.prec = prec < one.max_prec ? prec : one.max_prec;
    r->outcome = GDT_OUTCOME_NONE;
    st = gdt_sweep_run(&one, &sink, &done, err);
    gdt_sweep_axis_clear(&x);
    return st;
}

/* 1 when LO and HI round to the same N significant digits; -1 when out
   of memory */
static int
same_digits(const mpq_t lo, const mpq_t hi, int n)
{
    gdt_buf a, b;
    int same = -1;

    gdt_buf_init(&a);
    gdt_buf_init(&b);
    if (gdt_q_get_str_n(&a, lo, n) == GDT_OK && gdt_q_get_str_n(&b, hi, n) == GDT_OK)
        same = strcmp(a.s, b.s) == 0;
    gdt_buf_clear(&a);
    gdt_buf_clear(&b);
    return same;
}

/* ERR: the point at LR is undecided. */
static gdt_status
undecided(const mpq_t lr, const gdt_sweep_opts *o, unsigned long step, gdt_error *err)
{
    gdt_buf b;

    gdt_buf_init(&b);
    gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                  "lr %s: undecided at step %lu at %ld bits (--max-prec)",
                  gdt_q_get_str_n(&b, lr, 60) == GDT_OK ? b.s : "?", step,
                  (long)o->max_prec);
    gdt_buf_clear(&b);
    return GDT_EVALUE;
}

gdt_status
gdt_boundary_bisect(mpq_t lo, mpq_t hi, const gdt_sweep_opts *o, size_t digits,
                    gdt_boundary_result *res, gdt_error *err)
{
    struct point_seen a, b, m;
    gdt_status st;
    mpq_t mid;
    int same;

    memset(res, 0, sizeof *res);
    if ((st = outcome_at(&a, lo, o, 0, err)) != GDT_OK
        || (st = outcome_at(&b, hi, o, 0, err)) != GDT_OK)
        return st;
    m.prec = a.prec < b.prec ? a.prec : b.prec;
    if (a.outcome == GDT_OUTCOME_UNDECIDED)
        return undecided(lo, o, a.step, err);
    if (b.outcome == GDT_OUTCOME_UNDECIDED)
        return undecided(hi, o, b.step, err);
    if (a.outcome == b.outcome)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "the outcome at both ends is %s: no boundary to bisect",
                             gdt_outcome_str(a.outcome));
    mpq_init(mid);
    while ((same = same_digits(lo, hi, (int)digits)) == 0) {
        if (gdt_cancelled(o->stop)) {
            st = gdt_error_set(err, GDT_EINTERRUPTED, SIZE_MAX, "interrupted");
            break;
        }
        mpq_add(mid, lo, hi);
        mpq_div_2exp(mid, mid, 1);
        if ((st = outcome_at(&m, mid, o, m.prec, err)) != GDT_OK)
            break;
        res->bisections++;
        if (m.outcome == GDT_OUTCOME_UNDECIDED) {
            st = undecided(mid, o, m.step, err);
            break;
        }
        if (m.outcome == a.outcome) {
            mpq_set(lo, mid);
            a = m;
        } else {
            mpq_set(hi, mid);
            b = m;
        }
    }
    if (same < 0)
        st = gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    mpq_clear(mid);
    res->below = a.outcome;
    res->step_below = a.step;
    res->above = b.outcome;
    res->step_above = b.step;
    return st;
}
