/* zoom -- certified maps along the learning rate, each frame narrower by a
   factor (gdtrace/zoom.h); every frame one gdt_sweep_run */
#include <stdlib.h>
#include <string.h>
#include "gdtrace/zoom.h"

gdt_status
gdt_zoom_count(size_t *n, const mpq_t from, const mpq_t to, const mpq_t factor, size_t max)
{
    mpq_t w;

    mpq_init(w);
    mpq_set(w, from);
    for (*n = 1; mpq_cmp(w, to) > 0 && *n <= max; (*n)++)
        mpq_div(w, w, factor);
    mpq_clear(w);
    return *n > max ? GDT_ERANGE : GDT_OK;
}

/* R = the K-th root of the integer X when it is one: 1, else 0. */
static int
exact_root(mpz_t r, const mpz_t x, unsigned long k)
{
    return mpz_root(r, x, k) != 0;
}

/* W = X rounded to DIGITS significant decimal digits, nearest. */
static void
round_digits(mpq_t w, const mpfr_t x, int digits)
{
    mpfr_exp_t e;
    char *s = mpfr_get_str(NULL, &e, 10, (size_t)digits, x, MPFR_RNDN);
    mpz_t p;

    /* X = 0.S * 10^e: S / 10^(digits - e) */
    mpq_set_str(w, s, 10);
    mpfr_free_str(s);
    mpz_init(p);
    e -= digits;
    mpz_ui_pow_ui(p, 10, (unsigned long)(e < 0 ? -e : e));
    if (e < 0)
        mpz_mul(mpq_denref(w), mpq_denref(w), p);
    else
        mpz_mul(mpq_numref(w), mpq_numref(w), p);
    mpq_canonicalize(w);
    mpz_clear(p);
}

gdt_status
gdt_zoom_width(mpq_t w, const gdt_zoom_opts *z, size_t i)
{
    unsigned long k = (unsigned long)z->frames - 1;
    mpq_t f;
    mpz_t a, b;
    int exact;

    mpq_set(w, *z->from);
    if (i == 0)
        return GDT_OK;
    mpq_init(f);
    mpz_inits(a, b, (mpz_ptr)0);
    if (z->factor != NULL) {
        mpq_set(f, *z->factor);
        exact = 1;
    } else { /* (FROM/TO)^(1/k), when it is rational */
        mpq_div(f, *z->from, *z->to);
        exact = exact_root(a, mpq_numref(f), k) && exact_root(b, mpq_denref(f), k);
        mpz_swap(a, mpq_numref(f));
        mpz_swap(b, mpq_denref(f));
    }
    if (exact) {
        mpz_pow_ui(a, mpq_numref(f), (unsigned long)i);
        mpz_pow_ui(b, mpq_denref(f), (unsigned long)i);
        mpz_mul(mpq_numref(w), mpq_numref(w), b);
        mpz_mul(mpq_denref(w), mpq_denref(w), a);
        mpq_canonicalize(w);
    } else if (i == k) {
        mpq_set(w, *z->to);
    } else { /* FROM exp(i/k log(TO/FROM)), to a few digits */
        mpfr_t x, y;

        mpfr_inits2(128, x, y, (mpfr_ptr)0);
        mpq_div(f, *z->to, *z->from);
        mpfr_set_q(x, f, MPFR_RNDN);
        mpfr_log(x, x, MPFR_RNDN);
        mpfr_mul_ui(x, x, (unsigned long)i, MPFR_RNDN);
        mpfr_div_ui(x, x, k, MPFR_RNDN);
        mpfr_exp(x, x, MPFR_RNDN);
        mpfr_set_q(y, *z->from, MPFR_RNDN);
        mpfr_mul(x, x, y, MPFR_RNDN);
        round_digits(w, x, GDT_ZOOM_WIDTH_DIGITS);
        mpfr_clears(x, y, (mpfr_ptr)0);
    }
    mpz_clears(a, b, (mpz_ptr)0);
    mpq_clear(f);
    return GDT_OK;
}

/* A frame being run: the sweep's records go into its map. */
struct zoom_run {
    gdt_zoom_frame *f;
    mpfr_prec_t *prec;            /* per point */
    const gdt_zoom_sink *sink;
};

static gdt_status
zoom_record(void *ctx, const gdt_sweep_point *p, gdt_buf *out, gdt_error *err)
{
    struct zoom_run *r = ctx;

    (void)out;
    (void)err;
    r->f->outcome[p->index] = (unsigned char)p->outcome;
    r->f->step[p->index] = (int64_t)p->step;
    r->prec[p->index] = p->prec;
    return GDT_OK;
}

static gdt_status
zoom_write(void *ctx, gdt_buf *records, uint64_t first, uint64_t n, gdt_error *err)
{
    struct zoom_run *r = ctx;

    (void)err;
    gdt_buf_reset(records);
    if (r->sink->progress != NULL)
        r->sink->progress(r->sink->ctx, r->f, first + n);
    return GDT_OK;
}

/* Run frame F on GRID, the sweep whose first axis is F's window, into
   F's map. */
static gdt_status
run_frame(gdt_zoom_frame *f, const gdt_sweep_opts *grid, struct zoom_run *r, gdt_error *err)
{
    gdt_sweep_opts one = *grid;
    gdt_sweep_sink sink = { .ctx = r, .record = zoom_record, .write = zoom_write };
    uint64_t done = 0, i, n = (uint64_t)f->n1 * f->n2;
    gdt_status st;

    one.first = one.count = 0;
    one.prec = f->prec;
    memset(f->outcome, GDT_OUTCOME_NONE, (size_t)n);
    memset(r->prec, 0, (size_t)n * sizeof *r->prec);
    st = gdt_sweep_run(&one, &sink, &done, err);
    memset(f->count, 0, sizeof f->count);
    f->prec_max = 0;
    for (i = 0; i < n; i++) {
        f->count[f->outcome[i] < GDT_OUTCOME_COUNT ? f->outcome[i] : 0]++;
        if (r->prec[i] > f->prec_max)
            f->prec_max = r->prec[i];
    }
    return st;
}

gdt_status
gdt_zoom_run(const gdt_zoom_opts *z, const gdt_zoom_sink *sink, size_t *done, gdt_error *err)
{
    const gdt_sweep_opts *so = z->sweep;
    gdt_zoom_frame f;
    struct zoom_run r = { .f = &f, .sink = sink };
    gdt_sweep_opts grid = *so;
    gdt_sweep_axis x[2];
    gdt_status st = GDT_OK;
    size_t i, n;

    *done = 0;
    memset(&f, 0, sizeof f);
    mpq_inits(f.width, f.half, f.lo, f.hi, (mpq_ptr)0);
    f.n1 = so->axes[0].n;
    f.n2 = so->naxes == 2 ? so->axes[1].n : 1;
    n = f.n1 * f.n2;
    f.outcome = malloc(n);
    f.step = malloc(n * sizeof *f.step);
    r.prec = calloc(n, sizeof *r.prec);
    if (f.outcome == NULL || f.step == NULL || r.prec == NULL)
        st = gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    /* the frames' grid: the sweep's, the first axis's ends each frame's
       window (the second axis lent as it is) */
    gdt_sweep_axis_init(&x[0]);
    x[0].target = so->axes[0].target;
    x[0].param = so->axes[0].param;
    x[0].scale = so->axes[0].scale;
    x[0].n = so->axes[0].n;
    if (so->naxes == 2)
        x[1] = so->axes[1];
    grid.axes = x;
    for (i = 0; i < z->frames && st == GDT_OK; i++) {
        if (gdt_cancelled(so->stop)) {
            st = gdt_error_set(err, GDT_EINTERRUPTED, SIZE_MAX, "interrupted");
            break;
        }
        f.index = i;
        if ((st = gdt_zoom_width(f.width, z, i)) != GDT_OK)
            break;
        mpq_div_2exp(f.half, f.width, 1);
        mpq_sub(f.lo, *z->centre, f.half);
        mpq_add(f.hi, *z->centre, f.half);
        mpq_set(x[0].a, f.lo);
        mpq_set(x[0].b, f.hi);
        f.prec = gdt_sweep_first_prec(&grid, z->lost);
        if (sink->begin != NULL && (st = sink->begin(sink->ctx, &f, err)) != GDT_OK)
            break;
        if ((st = run_frame(&f, &grid, &r, err)) != GDT_OK)
            break;
        if (sink->end != NULL && (st = sink->end(sink->ctx, &f, err)) != GDT_OK)
            break;
        (*done)++;
    }
    gdt_sweep_axis_clear(&x[0]);
    free(r.prec);
    free(f.outcome);
    free(f.step);
    mpq_clears(f.width, f.half, f.lo, f.hi, (mpq_ptr)0);
    return st;
}
