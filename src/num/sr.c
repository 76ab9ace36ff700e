/* sr -- stochastic rounding: Philox4x32-10 and the rounding it drives */
#include <stdlib.h>
#include <string.h>
#include "gdtrace/sr.h"

/* Philox4x32's multipliers and Weyl key increments (Random123). */
#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

void
gdt_philox4x32(uint32_t out[4], const uint32_t ctr[4], const uint32_t key[2])
{
    uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3];
    uint32_t k0 = key[0], k1 = key[1];
    int round;

    for (round = 0; round < 10; round++) {
        uint64_t p0 = (uint64_t)PHILOX_M0 * c0, p1 = (uint64_t)PHILOX_M1 * c2;
        uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0;
        uint32_t hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;
        c0 = hi1 ^ c1 ^ k0;
        c1 = lo1;
        c2 = hi0 ^ c3 ^ k1;
        c3 = lo0;
        k0 += PHILOX_W0;
        k1 += PHILOX_W1;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
}

const char *
gdt_sr_mode_str(gdt_sr_mode m)
{
    return m == GDT_SR_UPDATE ? "update" : m == GDT_SR_ALL ? "all" : "none";
}

int
gdt_sr_supported(const gdt_domain *d)
{
    return d != NULL && d->ops != NULL
        && (strcmp(d->ops->kind, "mpfr") == 0 || strcmp(d->ops->kind, "ieee-hw") == 0);
}

gdt_status
gdt_sr_init(gdt_sr *g, gdt_sr_mode mode, uint64_t seed, const gdt_domain *d)
{
    gdt_status st;
    size_t i;

    memset(g, 0, sizeof *g);
    if (mode == GDT_SR_NONE)
        return GDT_EVALUE;
    if (!gdt_sr_supported(d))
        return GDT_EDOMAIN;
    if ((st = gdt_domain_init_mpfr(&g->h, d->prec + 32, MPFR_RNDD)) != GDT_OK)
        return st;
    for (i = 0; i < 4; i++)
        g->h.ops->init(&g->v[i], &g->h);
    mpfr_init2(g->y, d->prec);
    mpq_init(g->q);
    g->mode = mode;
    g->seed = seed;
    g->ready = 1;
    return GDT_OK;
}

void
gdt_sr_clear(gdt_sr *g)
{
    size_t i;

    if (g == NULL || !g->ready)
        return;
    for (i = 0; i < 4; i++)
        g->h.ops->clear(&g->v[i], &g->h);
    gdt_domain_clear(&g->h);
    mpfr_clear(g->y);
    mpq_clear(g->q);
    g->ready = 0;
}

uint32_t
gdt_sr_draw(gdt_sr *g)
{
    uint32_t ctr[4], key[2], out[4];

    ctr[0] = (uint32_t)g->step;
    ctr[1] = g->op;
    ctr[2] = g->row;
    ctr[3] = (uint32_t)g->point;
    key[0] = (uint32_t)g->seed;
    key[1] = (uint32_t)(g->seed >> 32);
    gdt_philox4x32(out, ctr, key);
    return out[g->sub++ & 3];
}

/* R (D->prec bits) = Y rounded in direction RND to D's format: its
   precision, its least exponent and subnormals, but no largest exponent
   (an overflow is the caller's).  MPFR's range is the widest on entry
   and on return. */
static void
format_round(mpfr_ptr r, mpfr_srcptr y, mpfr_rnd_t rnd, const gdt_domain *d)
{
    mpfr_exp_t emin = mpfr_get_emin();
    int t;

    mpfr_set_emin(d->emin);
    t = mpfr_set(r, y, rnd);
    t = mpfr_check_range(r, t, rnd);
    if (d->subnormal)
        mpfr_subnormalize(r, t, rnd);
    mpfr_set_emin(emin);
}

int
gdt_sr_pick(mpfr_ptr r, mpfr_srcptr y, int inexact, uint32_t bits, const gdt_domain *d)
{
    mpfr_prec_t p = mpfr_get_prec(y);
    mpfr_t down, up, v;
    unsigned long f;
    int go_up, frac;

    mpfr_init2(down, d->prec);
    mpfr_init2(up, d->prec);
    mpfr_init2(v, 2 * p + 64);
    format_round(down, y, MPFR_RNDD, d);
    if (!inexact && mpfr_equal_p(down, y)) {
        mpfr_set(r, y, MPFR_RNDN);
        mpfr_clears(down, up, v, (mpfr_ptr)0);
        return 0;
    }
    /* the format's next number above DOWN: a step of P bits above it is
       below that number, and rounds up to it */
    mpfr_set_prec(v, p);
    mpfr_set(v, down, MPFR_RNDN);
    mpfr_nextabove(v);
    format_round(up, v, MPFR_RNDU, d);
    /* 2^32 (y - down) / (up - down), exactly: up - down is a power of 2 */
    mpfr_set_prec(v, 2 * p + 64);
    mpfr_sub(v, y, down, MPFR_RNDN);
    mpfr_sub(down, up, down, MPFR_RNDN); /* DOWN holds the spacing for a while */
    mpfr_div(v, v, down, MPFR_RNDN);
    mpfr_mul_2ui(v, v, 32, MPFR_RNDN);
    f = mpfr_get_ui(v, MPFR_RNDD); /* < 2^32 */
    frac = !mpfr_integer_p(v);
    /* r < 2^32 t, t = (x - down) / (up - down): with 2^32 t an integer F,
       r < F; else r <= floor(2^32 t) */
    go_up = inexact || frac ? bits <= f : bits < f;
    if (go_up)
        mpfr_set(r, up, MPFR_RNDN);
    else
        mpfr_sub(r, up, down, MPFR_RNDN); /* up - spacing, exact: down */
    if (mpfr_zero_p(r))
        mpfr_setsign(r, r, mpfr_signbit(y), MPFR_RNDN);
    else if (mpfr_get_exp(r) > d->emax)
        mpfr_set_inf(r, mpfr_signbit(y) ? -1 : 1);
    mpfr_clears(down, up, v, (mpfr_ptr)0);
    return go_up ? 1 : -1;
}

/* D's own method for OP. */
static gdt_status
method(gdt_val *r, gdt_sr_op op, const gdt_val *a, const gdt_val *b, const gdt_val *c,
       long n, gdt_domain *d)
{
    switch (op) {
    case GDT_SR_ADD: return d->ops->add(r, a, b, d);
    case GDT_SR_SUB: return d->ops->sub(r, a, b, d);
    case GDT_SR_MUL: return d->ops->mul(r, a, b, d);
    case GDT_SR_DIV: return d->ops->div(r, a, b, d);
    case GDT_SR_POW: return d->ops->pow_si(r, a, n, d);
    case GDT_SR_FUNC: return d->ops->func(r, (gdt_func)n, a, b, d);
    case GDT_SR_FMS: return d->ops->fms(r, c, a, b, d);
    }
    return GDT_EVALUE;
}

/* Leave D's bracket for a while (MPFR's range and flags, the machine's
   rounding: the caller's again), so that another domain may compute. */
static void
suspend(gdt_domain *d)
{
    if (d->inside > 0 && d->ops->leave != NULL)
        d->ops->leave(d);
}

static void
resume(gdt_domain *d)
{
    if (d->inside > 0 && d->ops->enter != NULL)
        d->ops->enter(d);
}

/* V = A in the scratch domain H, exactly (H has more bits). */
static void
lift(gdt_val *v, const gdt_val *a, gdt_domain *d)
{
    if (a != NULL)
        d->ops->get_fr(v->f, a, MPFR_RNDN, d);
}

gdt_status
gdt_sr_round(gdt_val *r, gdt_sr_op op, const gdt_val *a, const gdt_val *b, const gdt_val *c,
             long n, gdt_domain *d)
{
    gdt_sr *g = d->sr;
    unsigned before = d->flags, f;
    mpfr_exp_t emin, emax;
    gdt_status st;
    int exact = 1;

    /* the operands first: R may be one of them */
    if (g != NULL) {
        lift(&g->v[0], a, d);
        lift(&g->v[1], b, d);
        lift(&g->v[2], c, d);
    }
    d->flags = 0;
    st = method(r, op, a, b, c, n, d);
    f = d->flags;
    d->flags = before | f;
    if (st != GDT_OK || g == NULL || d->ops->is_inf(r, d) || d->ops->is_nan(r, d))
        return st;
    /* x once more, rounded down to the precision + 32 bits: whether it is
       exact is decided here, not by D's flags (which a machine's
       arithmetic may not raise: valgrind's) */
    suspend(d);
    g->h.flags = 0;
    st = method(&g->v[3], op, &g->v[0], b != NULL ? &g->v[1] : NULL,
                c != NULL ? &g->v[2] : NULL, n, &g->h);
    if (st == GDT_OK) {
        int inexact = (g->h.flags & GDT_FLAG_INEXACT) != 0;
        emin = mpfr_get_emin();
        emax = mpfr_get_emax();
        mpfr_set_emin(mpfr_get_emin_min());
        mpfr_set_emax(mpfr_get_emax_max());
        format_round(g->y, g->v[3].f, MPFR_RNDD, d);
        exact = !inexact && mpfr_equal_p(g->y, g->v[3].f);
        if (!exact)
            gdt_sr_pick(g->y, g->v[3].f, inexact, gdt_sr_draw(g), d);
        mpfr_set_emin(emin);
        mpfr_set_emax(emax);
    }
    resume(d);
    if (st != GDT_OK || exact)
        return st;
    /* the chosen number into D: exact, it is one of D's */
    f &= ~(unsigned)(GDT_FLAG_UNDERFLOW | GDT_FLAG_OVERFLOW);
    f |= GDT_FLAG_INEXACT;
    if (mpfr_inf_p(g->y)) {
        st = gdt_domain_read(r, mpfr_signbit(g->y) ? "-inf" : "inf", d);
        f |= GDT_FLAG_OVERFLOW;
    } else {
        mpfr_get_q(g->q, g->y);
        st = d->ops->set_q(r, g->q, d);
        if (st == GDT_OK && mpfr_zero_p(g->y) && mpfr_signbit(g->y))
            st = d->ops->neg(r, r, d);
        /* tiny: below the least normal number 2^(emin + prec - 2) */
        if (mpfr_zero_p(g->y) || (d->subnormal && mpfr_get_exp(g->y) < d->emin + d->prec - 1))
            f |= GDT_FLAG_UNDERFLOW;
    }
    d->flags = before | f;
    return st;
}

/* The methods of gdt_sr_ops: the rounded ones through gdt_sr_round, the
   others D's own. */
static void
s_init(gdt_val *x, gdt_domain *d)
{
    d->ops->init(x, d);
}

static void
s_clear(gdt_val *x, gdt_domain *d)
{
    d->ops->clear(x, d);
}

static gdt_status
s_set_q(gdt_val *r, const mpq_t q, gdt_domain *d)
{
    return d->ops->set_q(r, q, d);
}

static gdt_status
s_set(gdt_val *r, const gdt_val *a, gdt_domain *d)
{
    return d->ops->set(r, a, d);
}

static gdt_status
s_neg(gdt_val *r, const gdt_val *a, gdt_domain *d)
{
    return d->ops->neg(r, a, d);
}

static gdt_status
s_add(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    return gdt_sr_round(r, GDT_SR_ADD, a, b, NULL, 0, d);
}

static gdt_status
s_sub(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    return gdt_sr_round(r, GDT_SR_SUB, a, b, NULL, 0, d);
}

static gdt_status
s_mul(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    return gdt_sr_round(r, GDT_SR_MUL, a, b, NULL, 0, d);
}

static gdt_status
s_div(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    return gdt_sr_round(r, GDT_SR_DIV, a, b, NULL, 0, d);
}

static gdt_status
s_pow_si(gdt_val *r, const gdt_val *a, long n, gdt_domain *d)
{
    return gdt_sr_round(r, GDT_SR_POW, a, NULL, NULL, n, d);
}

static gdt_status
s_fms(gdt_val *r, const gdt_val *c, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    return gdt_sr_round(r, GDT_SR_FMS, a, b, c, 0, d);
}

static int
s_is_zero(const gdt_val *a, gdt_domain *d)
{
    return d->ops->is_zero(a, d);
}

static int
s_is_nan(const gdt_val *a, gdt_domain *d)
{
    return d->ops->is_nan(a, d);
}

static int
s_is_inf(const gdt_val *a, gdt_domain *d)
{
    return d->ops->is_inf(a, d);
}

static int
s_is_subnormal(const gdt_val *a, gdt_domain *d)
{
    return d->ops->is_subnormal(a, d);
}

static int
s_identical(const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    return d->ops->identical(a, b, d);
}

static gdt_status
s_get_q(mpq_t r, const gdt_val *a, gdt_domain *d)
{
    return d->ops->get_q(r, a, d);
}

static int
s_get_fr(mpfr_ptr r, const gdt_val *a, mpfr_rnd_t rnd, gdt_domain *d)
{
    return d->ops->get_fr(r, a, rnd, d);
}

static gdt_status
s_get_str(gdt_buf *out, const gdt_val *a, const gdt_numfmt *f, gdt_domain *d)
{
    return d->ops->get_str(out, a, f, d);
}

static size_t
s_str_digits(const gdt_val *a, const gdt_numfmt *f, gdt_domain *d)
{
    return d->ops->str_digits(a, f, d);
}

static gdt_status
s_func(gdt_val *r, gdt_func f, const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    return gdt_sr_round(r, GDT_SR_FUNC, a, b, NULL, (long)f, d);
}

static int
s_cmp(const gdt_val *a, const gdt_val *b, gdt_domain *d)
{
    return d->ops->cmp(a, b, d);
}

const gdt_domain_ops gdt_sr_ops = {
    .kind = "sr",
    .init = s_init, .clear = s_clear, .set_q = s_set_q, .set = s_set, .neg = s_neg,
    .add = s_add, .sub = s_sub, .mul = s_mul, .div = s_div, .pow_si = s_pow_si,
    .fms = s_fms, .is_zero = s_is_zero, .is_nan = s_is_nan, .is_inf = s_is_inf,
    .is_subnormal = s_is_subnormal, .identical = s_identical, .get_q = s_get_q,
    .get_fr = s_get_fr, .get_str = s_get_str, .str_digits = s_str_digits,
    .func = s_func, .cmp = s_cmp,
    .exact = 0, .has_div = 1, .funcs = GDT_FUNCS_ALL,
};
