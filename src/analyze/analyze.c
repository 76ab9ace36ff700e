/* analyze -- exact facts about a run: the class of a multiplier, what float
   formats do to an affine run, the Lyapunov exponent */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/analyze.h"
#include "gdtrace/poly.h"
#include "base/vec.h"

const char *
gdt_analyze_multiplier_class(const mpq_t r)
{
    int s = mpq_sgn(r), c1 = mpq_cmp_si(r, 1, 1), cm1 = mpq_cmp_si(r, -1, 1);

    if (s == 0)
        return "converges in one step";
    if (c1 == 0)
        return "no movement";
    if (cm1 == 0)
        return "2-cycle";
    if (c1 > 0)
        return "diverges monotonically";
    if (cm1 < 0)
        return "diverges, oscillating";
    return s > 0 ? "converges monotonically" : "converges, oscillating";
}

const char *
gdt_analyze_affine1_class(const mpq_t lr, const mpq_t f2, const mpq_t g0)
{
    const char *c;
    mpq_t r;

    if (mpq_sgn(f2) == 0 && mpq_sgn(lr) != 0 && mpq_sgn(g0) != 0)
        return "drifts";
    mpq_init(r);
    gdt_affine_multiplier(r, lr, f2);
    c = gdt_analyze_multiplier_class(r);
    mpq_clear(r);
    return c;
}

void
gdt_prediction_init(gdt_prediction *pr)
{
    pr->event = pr->never = pr->sim_event = NULL;
    mpz_init(pr->step);
    pr->sim_step = -1;
    pr->sim_stop = GDT_STOP_NONE;
    pr->sim_steps = 0;
}

void
gdt_prediction_clear(gdt_prediction *pr)
{
    if (pr != NULL)
        mpz_clear(pr->step);
}

/* The sign of |Q| - 1. */
static int
q_cmpabs_one(const mpq_t q)
{
    return mpz_cmpabs(mpq_numref(q), mpq_denref(q));
}

/* ---------------------------------------------- facts of an IEEE format */

/* An IEEE domain D has p = D->prec bits and MPFR's exponent range: the
   least subnormal is 2^(emin - 1), the least normal 2^(emin + p - 2), the
   largest finite number (1 - 2^-p) 2^emax. */

/* R = R 2^E. */
static void
q_mul_2si(mpq_t r, long e)
{
    if (e >= 0)
        mpq_mul_2exp(r, r, (mp_bitcnt_t)e);
    else
        mpq_div_2exp(r, r, (mp_bitcnt_t)-e);
}

/* R = 2^E. */
static void
q_set_2si(mpq_t r, long e)
{
    mpq_set_ui(r, 1, 1);
    q_mul_2si(r, e);
}

/* floor(log2 X), X > 0. */
static long
q_floor_log2(const mpq_t x)
{
    long l = (long)mpz_sizeinbase(mpq_numref(x), 2) - (long)mpz_sizeinbase(mpq_denref(x), 2);
    mpz_t t;
    int below;

    /* 2^(l-1) < x < 2^(l+1): x < 2^l decides */
    mpz_init(t);
    if (l >= 0) {
        mpz_mul_2exp(t, mpq_denref(x), (mp_bitcnt_t)l);
        below = mpz_cmp(mpq_numref(x), t) < 0;
    } else {
        mpz_mul_2exp(t, mpq_numref(x), (mp_bitcnt_t)-l);
        below = mpz_cmp(t, mpq_denref(x)) < 0;
    }
    mpz_clear(t);
    return below ? l - 1 : l;
}

/* R = T, the least value that rounds to +inf: MAX + ulp(MAX)/2. */
static void
fmt_overflow_at(mpq_t r, const gdt_domain *d)
{
    mpq_set_ui(r, 1, 1);
    mpz_mul_2exp(mpq_numref(r), mpq_numref(r), (mp_bitcnt_t)d->prec + 1);
    mpz_sub_ui(mpq_numref(r), mpq_numref(r), 1);
    q_mul_2si(r, (long)d->emax - (long)d->prec - 1);
}

/* The exponent of the ulp of the binade [2^E, 2^(E+1)): subnormals share
   the least normal binade's. */
static long
fmt_ulp_exp(long e, const gdt_domain *d)
{
    long u = e - (long)d->prec + 1, sub = (long)d->emin - 1;

    return u > sub ? u : sub;
}

/* [LO, HI] = the reals that round to the finite float F: F minus half the
   gap below it to F plus half the gap above (the ends belong to it when F's
   last bit is even; which is left to the rounding itself). */
static void
fmt_rounding_interval(mpq_t lo, mpq_t hi, const mpq_t f, const gdt_domain *d)
{
    mpq_t a;
    long e, up, down;

    if (mpq_sgn(f) == 0) {
        up = down = (long)d->emin - 1;
    } else {
        mpq_init(a);
        mpq_abs(a, f);
        e = q_floor_log2(a);
        up = down = fmt_ulp_exp(e, d);
        /* toward zero from a power of two the gap is the binade below's */
        q_set_2si(a, e);
        mpq_abs(lo, f);
        if (mpq_equal(a, lo))
            down = fmt_ulp_exp(e - 1, d);
        mpq_clear(a);
        if (mpq_sgn(f) < 0) { /* away from zero is down */
            long t = up;
            up = down;
            down = t;
        }
    }
    q_set_2si(lo, down - 1);
    mpq_sub(lo, f, lo);
    q_set_2si(hi, up - 1);
    mpq_add(hi, f, hi);
}

/* ------------------------------------ the closed form rounded once: |r| != 1 */

/* What deciding "the exact w_n = w* + r^n e0, rounded once into the format,
   has the event" needs. */
typedef struct closed {
    gdt_domain *d;
    int diverge;         /* |r| > 1: the event is inf; else the value fl(w*) */
    mpq_t ws, e0, r;     /* w*, e0 != 0, r != 0 with |r| != 1 */
    gdt_val fws;         /* fl(w*) */
    gdt_val yl, yh;      /* scratch */
    mpq_t bnd[2];        /* the points where the event begins: -T and T,
                            or the ends of fl(w*)'s rounding interval */
    int nbnd;
    mpq_t big, tiny;     /* 2T and a quarter of the least subnormal: what a
                            value beyond the format's range rounds like */
    mpq_t q;
    mpfr_t lr1, lr2, le1, le2, a1, a2, w1, w2; /* ln|r|, ln|e0|, scratch */
    size_t max_bits;
    gdt_cancel *stop;
} closed;

/* The sign of r^n e0. */
static int
closed_sign(const closed *c, const mpz_t n)
{
    int s = mpq_sgn(c->e0);

    return mpq_sgn(c->r) < 0 && mpz_odd_p(n) ? -s : s;
}

static size_t
qbits_of(const mpq_t q)
{
    return mpz_sizeinbase(mpq_numref(q), 2) + mpz_sizeinbase(mpq_denref(q), 2);
}

/* Y = X rounded into the format, for any MPFR number X: values beyond the
   format's range stand in for by one that rounds the same. */
static gdt_status
closed_round(gdt_val *y, const mpfr_t x, closed *c)
{
    gdt_domain *d = c->d;

    if (mpfr_zero_p(x)) {
        mpq_set_ui(c->q, 0, 1);
    } else if (mpfr_inf_p(x) || mpfr_get_exp(x) > d->emax) {
        mpq_set(c->q, c->big);
        if (mpfr_sgn(x) < 0)
            mpq_neg(c->q, c->q);
    } else if (mpfr_get_exp(x) < d->emin - 1) {
        mpq_set(c->q, c->tiny);
        if (mpfr_sgn(x) < 0)
            mpq_neg(c->q, c->q);
    } else {
        mpfr_get_q(c->q, x);
    }
    return d->ops->set_q(y, c->q, d);
}

/* 1 when the rounded value Y has the event, 0 when not. */
static int
closed_event_val(closed *c, const gdt_val *y)
{
    if (c->diverge)
        return c->d->ops->is_inf(y, c->d);
    return c->d->ops->cmp(y, &c->fws, c->d) == 0;
}

/* 1 when R^N = RHO exactly, N >= 2, R = a/b not 0, compared by integer
   n-th roots, never by powering. */
static int
pow_equals(const mpq_t r, const mpz_t n, const mpq_t rho)
{
    mpz_srcptr a[2] = { mpq_numref(r), mpq_denref(r) };
    mpz_srcptr c[2] = { mpq_numref(rho), mpq_denref(rho) };
    mpz_t t, ac;
    int i, ok = 1, want = mpz_sgn(a[0]) < 0 && mpz_odd_p(n) ? -1 : 1;

    if (mpz_sgn(c[0]) != want)
        return 0;
    mpz_inits(t, ac, NULL);
    for (i = 0; i < 2 && ok; i++) {
        mpz_abs(ac, a[i]);
        mpz_abs(t, c[i]);
        if (mpz_cmp_ui(ac, 1) == 0) {
            ok = mpz_cmp_ui(t, 1) == 0;
        } else if (mpz_cmp_ui(n, mpz_sizeinbase(t, 2)) > 0) {
            ok = 0; /* |a|^n >= 2^n has more bits than c */
        } else {
            ok = mpz_root(t, t, mpz_get_ui(n)) != 0 && mpz_cmp(t, ac) == 0;
        }
    }
    mpz_clears(t, ac, NULL);
    return ok;
}

/* [W1, W2] holds the exact w_n: w* + sign |e0| exp(n ln|r|), every
   operation rounded outward at PREC bits. */
static void
closed_enclose(closed *c, const mpz_t n, mpfr_prec_t prec)
{
    mpfr_t *v[] = { &c->lr1, &c->lr2, &c->le1, &c->le2, &c->a1, &c->a2, &c->w1, &c->w2 };
    size_t i;
    int sign = closed_sign(c, n);

    for (i = 0; i < sizeof v / sizeof v[0]; i++)
        mpfr_set_prec(*v[i], prec);
    /* ln|r|: log1p(|r| - 1) near 1, where |r| itself would round to 1 */
    mpq_abs(c->q, c->r);
    if (mpq_cmp_si(c->q, 1, 2) >= 0) {
        mpz_sub(mpq_numref(c->q), mpq_numref(c->q), mpq_denref(c->q));
        mpfr_set_q(c->lr1, c->q, MPFR_RNDD);
        mpfr_set_q(c->lr2, c->q, MPFR_RNDU);
        mpfr_log1p(c->lr1, c->lr1, MPFR_RNDD);
        mpfr_log1p(c->lr2, c->lr2, MPFR_RNDU);
    } else {
        mpfr_set_q(c->lr1, c->q, MPFR_RNDD);
        mpfr_set_q(c->lr2, c->q, MPFR_RNDU);
        mpfr_log(c->lr1, c->lr1, MPFR_RNDD);
        mpfr_log(c->lr2, c->lr2, MPFR_RNDU);
    }
    mpq_abs(c->q, c->e0);
    mpfr_set_q(c->le1, c->q, MPFR_RNDD);
    mpfr_set_q(c->le2, c->q, MPFR_RNDU);
    mpfr_log(c->le1, c->le1, MPFR_RNDD);
    mpfr_log(c->le2, c->le2, MPFR_RNDU);
    /* |r^n e0| in [exp(n ln|r| + ln|e0|)] (n >= 0) */
    mpfr_mul_z(c->a1, c->lr1, n, MPFR_RNDD);
    mpfr_mul_z(c->a2, c->lr2, n, MPFR_RNDU);
    mpfr_add(c->a1, c->a1, c->le1, MPFR_RNDD);
    mpfr_add(c->a2, c->a2, c->le2, MPFR_RNDU);
    mpfr_exp(c->a1, c->a1, MPFR_RNDD);
    mpfr_exp(c->a2, c->a2, MPFR_RNDU);
    mpfr_set_q(c->w1, c->ws, MPFR_RNDD);
    mpfr_set_q(c->w2, c->ws, MPFR_RNDU);
    if (sign > 0) {
        mpfr_add(c->w1, c->w1, c->a1, MPFR_RNDD);
        mpfr_add(c->w2, c->w2, c->a2, MPFR_RNDU);
    } else {
        mpfr_sub(c->w1, c->w1, c->a2, MPFR_RNDD);
        mpfr_sub(c->w2, c->w2, c->a1, MPFR_RNDU);
    }
}

/* Exact w_n of this many bits at most are computed outright. */
#define CLOSED_EXACT_BITS 16384

/* The working precision stops doubling here (or at max_bits): only a w_n
   within 2^-CLOSED_MAX_PREC of a rounding boundary, and not on it, needs
   more. */
#define CLOSED_MAX_PREC (1L << 20)

/* *HIT = whether the exact w_n, rounded once, has the event.  Small n
   exactly; otherwise in interval arithmetic, the precision doubling until
   both ends round alike or the exact w_n is found on a boundary. */
static gdt_status
closed_event(int *hit, closed *c, const mpz_t n)
{
    gdt_domain *d = c->d;
    mpfr_prec_t prec;
    gdt_status st;
    int i;

    if (mpz_cmp_ui(n, CLOSED_EXACT_BITS) <= 0
        && mpz_get_ui(n) * qbits_of(c->r) <= CLOSED_EXACT_BITS) {
        unsigned long k = mpz_get_ui(n);
        mpz_pow_ui(mpq_numref(c->q), mpq_numref(c->r), k);
        mpz_pow_ui(mpq_denref(c->q), mpq_denref(c->r), k);
        mpq_mul(c->q, c->q, c->e0);
        mpq_add(c->q, c->q, c->ws);
        if ((st = d->ops->set_q(&c->yl, c->q, d)) != GDT_OK)
            return st;
        *hit = closed_event_val(c, &c->yl);
        return GDT_OK;
    }
    /* n ln|r| must resolve one step: n's bits more than the format's */
    for (prec = 2 * d->prec + 64 + (mpfr_prec_t)mpz_sizeinbase(n, 2);; prec *= 2) {
        if (gdt_cancelled(c->stop))
            return GDT_EINTERRUPTED;
        if ((c->max_bits != 0 && (size_t)prec > c->max_bits) || prec > CLOSED_MAX_PREC)
            return GDT_ERANGE;
        closed_enclose(c, n, prec);
        if ((st = closed_round(&c->yl, c->w1, c)) != GDT_OK
            || (st = closed_round(&c->yh, c->w2, c)) != GDT_OK)
            return st;
        if (c->diverge) {
            /* fl is monotone: +inf at the low end or -inf at the high end
               is inf for all between; finite at both ends, finite too */
            int il = d->ops->is_inf(&c->yl, d), ih = d->ops->is_inf(&c->yh, d);
            if ((il && mpfr_sgn(c->w1) > 0) || (ih && mpfr_sgn(c->w2) < 0)) {
                *hit = 1;
                return GDT_OK;
            }
            if (!il && !ih) {
                *hit = 0;
                return GDT_OK;
            }
        } else {
            if (closed_event_val(c, &c->yl) && closed_event_val(c, &c->yh)) {
                *hit = 1;
                return GDT_OK;
            }
            if (d->ops->cmp(&c->yl, &c->fws, d) > 0 || d->ops->cmp(&c->yh, &c->fws, d) < 0) {
                *hit = 0;
                return GDT_OK;
            }
        }
        /* undecided: is w_n exactly a boundary inside [w1, w2]? */
        for (i = 0; i < c->nbnd; i++) {
            if (mpfr_cmp_q(c->w1, c->bnd[i]) > 0 || mpfr_cmp_q(c->w2, c->bnd[i]) < 0)
                continue;
            /* w_n = b  <=>  r^n = (b - w*) / e0 */
            mpq_sub(c->q, c->bnd[i], c->ws);
            mpq_div(c->q, c->q, c->e0);
            if (pow_equals(c->r, n, c->q)) {
                if ((st = d->ops->set_q(&c->yl, c->bnd[i], d)) != GDT_OK)
                    return st;
                *hit = closed_event_val(c, &c->yl);
                return GDT_OK;
            }
        }
    }
}

/* Gallop or bisect at most this many times: the bracket of the logarithms
   is off by a step or two at most, so this is a guard, never reached. */
#define CLOSED_MAX_SEARCH 4096

/* [X1, X2] holds x = (ln TH - ln|e0|) / ln|r|, every operation rounded
   outward at X1's precision. */
static void
closed_ratio(mpfr_t x1, mpfr_t x2, closed *c, const mpq_t th)
{
    mpfr_prec_t prec = mpfr_get_prec(x1);
    mpfr_t q[2], lo, hi;
    mpz_t one;
    int i;

    mpz_init_set_ui(one, 1);
    closed_enclose(c, one, prec); /* ln|r| and ln|e0| at PREC */
    mpz_clear(one);
    mpfr_inits2(prec, q[0], q[1], lo, hi, (mpfr_ptr)0);
    mpfr_set_q(lo, th, MPFR_RNDD);
    mpfr_set_q(hi, th, MPFR_RNDU);
    mpfr_log(lo, lo, MPFR_RNDD);
    mpfr_log(hi, hi, MPFR_RNDU);
    mpfr_sub(lo, lo, c->le2, MPFR_RNDD);
    mpfr_sub(hi, hi, c->le1, MPFR_RNDU);
    /* ln|r| has one sign: the quotient's ends are among the four */
    for (i = 0; i < 4; i++) {
        mpfr_div(q[0], i < 2 ? lo : hi, i % 2 ? c->lr2 : c->lr1, MPFR_RNDD);
        mpfr_div(q[1], i < 2 ? lo : hi, i % 2 ? c->lr2 : c->lr1, MPFR_RNDU);
        if (i == 0) {
            mpfr_set(x1, q[0], MPFR_RNDD);
            mpfr_set(x2, q[1], MPFR_RNDU);
        }
        mpfr_min(x1, x1, q[0], MPFR_RNDD);
        mpfr_max(x2, x2, q[1], MPFR_RNDU);
    }
    mpfr_clears(q[0], q[1], lo, hi, (mpfr_ptr)0);
}

/* N = the least integer >= X that is C0 mod S (S is 1 or 2). */
static void
ceil_in_class(mpz_t n, const mpfr_t x, unsigned long c0, unsigned long s)
{
    mpfr_get_z(n, x, MPFR_RNDU);
    if (s == 2 && (unsigned long)mpz_odd_p(n) != (c0 & 1))
        mpz_add_ui(n, n, 1);
}

/* *FIRST = the least n = C0 + k S (k >= 0) at which the event happens (r^n
   e0 has one sign for all these n); *FOUND = 0 when it never does.  The
   threshold that |r^n e0| crosses: T - sign w* upward (diverging), or
   downward the distance from w* to the end of its rounding interval on
   that side (converging); the step is then the least n >= x = (ln
   threshold - ln|e0|) / ln|r|, bracketed with directed roundings, and
   confirmed by closed_event at the bracket's ends and the step below it
   (galloping, then bisecting, should the bracket be off). */
static gdt_status
closed_first(mpz_t first, int *found, closed *c, unsigned long c0, unsigned long s)
{
    gdt_domain *d = c->d;
    mpz_t a, b, m, step;
    mpq_t th;
    mpfr_t x1, x2;
    mpfr_prec_t prec = 2 * d->prec + 64;
    gdt_status st;
    int hit, sign, have_th = 1, iter;

    *found = 0;
    mpz_inits(a, b, m, step, NULL);
    mpq_init(th);
    mpfr_inits2(prec, x1, x2, (mpfr_ptr)0);
    mpz_set_ui(a, c0);
    sign = closed_sign(c, a);
    if ((st = closed_event(&hit, c, a)) != GDT_OK)
        goto out;
    if (hit) {
        mpz_set(first, a);
        *found = 1;
        goto out;
    }
    /* now the event is not at C0; the threshold on |r^n e0| */
    if (c->diverge) {
        fmt_overflow_at(th, d);
        if (sign > 0)
            mpq_sub(th, th, c->ws);
        else
            mpq_add(th, th, c->ws);
        have_th = mpq_sgn(th) > 0;
    } else {
        mpq_ptr end = NULL;
        if (c->nbnd == 2)
            end = c->bnd[sign > 0];
        else if (mpq_equal(c->bnd[0], c->ws) || (mpq_cmp(c->bnd[0], c->ws) > 0) == (sign > 0))
            end = c->bnd[0]; /* fl(w*) = +-inf: its end T on this side */
        have_th = end != NULL;
        if (have_th) {
            mpq_sub(th, end, c->ws);
            mpq_abs(th, th);
            if (mpq_sgn(th) == 0)
                goto out; /* w* is that end, approached from outside: never */
        }
    }
    mpz_set_ui(b, c0 + s);
    if (have_th) {
        closed_ratio(x1, x2, c, th);
        /* x may need more bits than the format to be an exact integer */
        if (mpfr_number_p(x2) && mpfr_get_exp(x2) > 0) {
            prec += mpfr_get_exp(x2);
            mpfr_set_prec(x1, prec);
            mpfr_set_prec(x2, prec);
            closed_ratio(x1, x2, c, th);
        }
        if (mpfr_number_p(x2) && mpfr_cmp_z(x2, b) > 0)
            ceil_in_class(b, x2, c0, s);
        /* the step below the bracket must not have the event */
        if (mpfr_number_p(x1) && mpfr_cmp_z(x1, a) > 0) {
            ceil_in_class(m, x1, c0, s);
            mpz_sub_ui(m, m, s);
            if (mpz_cmp(m, a) > 0 && mpz_cmp(m, b) < 0) {
                if ((st = closed_event(&hit, c, m)) != GDT_OK)
                    goto out;
                mpz_set(hit ? b : a, m);
            }
        }
    }
    /* the event must be at B: gallop up while it is not */
    mpz_set_ui(step, s);
    for (iter = 0;; iter++) {
        if (iter > CLOSED_MAX_SEARCH) {
            st = GDT_ERANGE;
            goto out;
        }
        if ((st = closed_event(&hit, c, b)) != GDT_OK)
            goto out;
        if (hit)
            break;
        mpz_set(a, b);
        mpz_mul_2exp(step, step, 1);
        mpz_add(b, b, step);
    }
    /* bisect: the event is not at A, is at B, both C0 mod S */
    for (;;) {
        mpz_sub(m, b, a);
        if (mpz_cmp_ui(m, s) <= 0)
            break;
        mpz_fdiv_q_ui(m, m, 2 * s);
        mpz_mul_ui(m, m, s);
        mpz_add(m, m, a);
        if (mpz_cmp(m, a) == 0)
            mpz_add_ui(m, m, s);
        if ((st = closed_event(&hit, c, m)) != GDT_OK)
            goto out;
        mpz_set(hit ? b : a, m);
    }
    mpz_set(first, b);
    *found = 1;
out:
    mpz_clears(a, b, m, step, NULL);
    mpq_clear(th);
    mpfr_clears(x1, x2, (mpfr_ptr)0);
    return st;
}

/* The first step at which the exact w_n = w* + r^n e0 (e0 != 0, r != 0,
   |r| != 1), rounded once into D, is inf (|r| > 1) or fl(w*) (|r| < 1). */
static gdt_status
predict_closed(gdt_prediction *pr, gdt_domain *d, const mpq_t ws, const mpq_t e0,
               const mpq_t r, size_t max_bits, gdt_cancel *stop)
{
    closed c;
    mpz_t f[2];
    int found[2] = { 0, 0 }, k, classes = mpq_sgn(r) < 0 ? 2 : 1;
    gdt_status st;

    c.d = d;
    c.max_bits = max_bits;
    c.stop = stop;
    mpq_inits(c.ws, c.e0, c.r, c.bnd[0], c.bnd[1], c.big, c.tiny, c.q, NULL);
    mpfr_inits2(64, c.lr1, c.lr2, c.le1, c.le2, c.a1, c.a2, c.w1, c.w2, (mpfr_ptr)0);
    d->ops->init(&c.fws, d);
    d->ops->init(&c.yl, d);
    d->ops->init(&c.yh, d);
    mpz_inits(f[0], f[1], NULL);
    mpq_set(c.ws, ws);
    mpq_set(c.e0, e0);
    mpq_set(c.r, r);
    mpq_abs(c.q, r);
    c.diverge = mpq_cmp_ui(c.q, 1, 1) > 0;
    fmt_overflow_at(c.big, d);
    mpq_mul_2exp(c.big, c.big, 1);
    q_set_2si(c.tiny, (long)d->emin - 3);
    st = d->ops->set_q(&c.fws, ws, d);
    if (st != GDT_OK)
        goto out;
    if (c.diverge) {
        fmt_overflow_at(c.bnd[1], d);
        mpq_neg(c.bnd[0], c.bnd[1]);
        c.nbnd = 2;
    } else if (d->ops->is_inf(&c.fws, d)) {
        /* w* beyond the format: fl(w*) = +-inf takes every w past +-T */
        fmt_overflow_at(c.bnd[0], d);
        if (mpq_sgn(ws) < 0)
            mpq_neg(c.bnd[0], c.bnd[0]);
        c.nbnd = 1;
    } else {
        if ((st = d->ops->get_q(c.q, &c.fws, d)) != GDT_OK)
            goto out;
        fmt_rounding_interval(c.bnd[0], c.bnd[1], c.q, d);
        c.nbnd = 2;
    }
    /* r > 0: one run of steps; r < 0: the even and the odd steps, r^n e0
       of one sign each */
    for (k = 0; k < classes && st == GDT_OK; k++)
        st = closed_first(f[k], &found[k], &c, (unsigned long)k, (unsigned long)classes);
    if (st != GDT_OK)
        goto out;
    k = found[0] && (!found[1] || mpz_cmp(f[0], f[1]) <= 0) ? 0 : found[1] ? 1 : -1;
    if (k >= 0) {
        pr->event = c.diverge ? "overflow" : "fixed point";
        mpz_set(pr->step, f[k]);
    } else {
        pr->never = "w* is a tie and every w_n rounds to its neighbour";
    }
out:
    mpq_clears(c.ws, c.e0, c.r, c.bnd[0], c.bnd[1], c.big, c.tiny, c.q, NULL);
    mpfr_clears(c.lr1, c.lr2, c.le1, c.le2, c.a1, c.a2, c.w1, c.w2, (mpfr_ptr)0);
    d->ops->clear(&c.fws, d);
    d->ops->clear(&c.yl, d);
    d->ops->clear(&c.yh, d);
    mpz_clears(f[0], f[1], NULL);
    return st;
}

/* ------------------------------------------------- a drift: f'' = 0 */

/* The interval [LO, HI] around the float X where every float is a
   multiple of U (returned as its exponent) and every real within U/2 of
   [LO, HI] rounds to the nearest multiple of U: X's binade without its
   ends, or the subnormals and zero. */
static long
drift_region(mpq_t lo, mpq_t hi, const mpq_t x, const gdt_domain *d, mpq_t t)
{
    long nmin = (long)d->emin + (long)d->prec - 2, e, u;

    mpq_abs(t, x);
    e = mpq_sgn(x) == 0 ? nmin - 1 : q_floor_log2(t);
    if (e < nmin) {
        u = (long)d->emin - 1;
        q_set_2si(hi, nmin);
        q_set_2si(t, u);
        mpq_sub(hi, hi, t);
        mpq_neg(lo, hi);
        return u;
    }
    u = e - (long)d->prec + 1;
    q_set_2si(lo, e);
    q_set_2si(hi, e + 1);
    q_set_2si(t, u);
    mpq_add(lo, lo, t);
    mpq_sub(hi, hi, t);
    if (mpq_sgn(x) < 0) {
        mpq_swap(lo, hi);
        mpq_neg(lo, lo);
        mpq_neg(hi, hi);
    }
    return u;
}

/* A drift in D: w_(k+1) = fl(w_k - fl(lr g)), with the float gradient g of
   PROG at w0, the same at every w when the loss is linear as written.
   By symmetry w moves up by v > 0 (else both w and v are negated).  Steps
   are taken one at a time, exactly, until the last three values lie in
   one region of drift_region with equal steps s: from then on every step
   is s (a tie rounds to the even neighbour, so after one step in the
   region the parity of w, and the step, no longer change), to the
   region's end in one jump; then one at a time again.  The regions crossed
   are at most a few binades more than the format's precision: w stalls
   once the binade's ulp is over 2 v. */
static gdt_status
predict_drift(gdt_prediction *pr, const gdt_program *prog, gdt_domain *d, const mpq_t lr,
              const mpq_t w0, gdt_cancel *stop)
{
    gdt_stepper s;
    gdt_val step, y;
    mpq_t x, v, h[2], lo, hi, t, sq;
    mpz_t n, cnt;
    int nh = 0, neg;
    gdt_status st;

    d->ops->init(&step, d);
    d->ops->init(&y, d);
    mpq_inits(x, v, h[0], h[1], lo, hi, t, sq, NULL);
    mpz_inits(n, cnt, NULL);
    {
        mpq_t w0a[1];
        mpq_init(w0a[0]);
        mpq_set(w0a[0], w0);
        st = gdt_stepper_init(&s, prog, d, lr, w0a, 1, GDT_UPDATE_SUB, NULL);
        mpq_clear(w0a[0]);
    }
    if (st == GDT_OK)
        st = gdt_stepper_eval(&s, NULL);
    if (st == GDT_OK)
        st = d->ops->mul(&step, &s.lr[0], gdt_stepper_grad(&s), d);
    if (st != GDT_OK)
        goto out;
    if (d->ops->is_inf(gdt_stepper_w(&s), d)) {
        pr->event = "overflow"; /* w0 itself */
        goto out;
    }
    if (d->ops->is_nan(&step, d)) {
        pr->never = "the step fl(lr*f') is nan";
        goto out;
    }
    if (d->ops->is_inf(&step, d) || d->ops->is_zero(&step, d)) {
        /* overflow at step 1; a stall from step 0, w_0 repeated */
        pr->event = d->ops->is_inf(&step, d) ? "overflow" : "stall";
        mpz_set_ui(pr->step, d->ops->is_inf(&step, d) ? 1 : 0);
        goto out;
    }
    if ((st = d->ops->get_q(x, gdt_stepper_w(&s), d)) != GDT_OK
        || (st = d->ops->get_q(v, &step, d)) != GDT_OK)
        goto out;
    /* w + (-step); make the move upward */
    neg = mpq_sgn(v) > 0;
    if (!neg)
        mpq_neg(v, v);
    else
        mpq_neg(x, x);
    for (;;) {
        if (gdt_cancelled(stop)) {
            st = GDT_EINTERRUPTED;
            goto out;
        }
        /* one step, exactly: fl(x + v) */
        mpq_add(t, x, v);
        if (neg)
            mpq_neg(t, t);
        if ((st = d->ops->set_q(&y, t, d)) != GDT_OK)
            goto out;
        mpz_add_ui(n, n, 1);
        if (d->ops->is_inf(&y, d)) {
            pr->event = "overflow";
            break;
        }
        if ((st = d->ops->get_q(t, &y, d)) != GDT_OK)
            goto out;
        if (neg)
            mpq_neg(t, t);
        if (mpq_equal(t, x)) { /* w_n = w_(n-1): stalled from step n - 1 */
            pr->event = "stall";
            mpz_sub_ui(n, n, 1);
            break;
        }
        mpq_swap(h[0], h[1]);
        mpq_swap(h[1], x);
        mpq_set(x, t);
        if (++nh < 2)
            continue;
        /* h[0] -> h[1] -> x: one region, one step? */
        drift_region(lo, hi, x, d, t);
        mpq_sub(sq, x, h[1]);
        mpq_sub(t, h[1], h[0]);
        if (!mpq_equal(sq, t) || mpq_cmp(h[0], lo) < 0 || mpq_cmp(x, hi) > 0)
            continue;
        /* every step is sq up to hi: floor((hi - x) / sq) of them */
        mpq_sub(t, hi, x);
        mpq_div(t, t, sq);
        mpz_fdiv_q(cnt, mpq_numref(t), mpq_denref(t));
        if (mpz_sgn(cnt) > 0) {
            mpz_add(n, n, cnt);
            mpq_set_z(t, cnt);
            mpq_mul(t, t, sq);
            mpq_add(x, x, t);
            nh = 0;
        }
    }
    mpz_set(pr->step, n);
out:
    gdt_stepper_clear(&s);
    d->ops->clear(&step, d);
    d->ops->clear(&y, d);
    mpq_clears(x, v, h[0], h[1], lo, hi, t, sq, NULL);
    mpz_clears(n, cnt, NULL);
    return st;
}

gdt_status
gdt_analyze_predict(gdt_prediction *pr, const gdt_program *prog, gdt_domain *d,
                    const gdt_affine *a, const mpq_t lr, const mpq_t w0, unsigned long limit,
                    gdt_cancel *stop)
{
    mpq_t r, ws, e;
    gdt_val fws, prev;
    gdt_stepper s;
    gdt_status st = GDT_OK;
    int have_ws, have_prev = 0;

    pr->event = pr->never = pr->sim_event = NULL;
    mpz_set_ui(pr->step, 0);
    pr->sim_step = -1;
    pr->sim_stop = GDT_STOP_NONE;
    pr->sim_steps = 0;
    mpq_inits(r, ws, e, NULL);
    d->ops->init(&fws, d);
    d->ops->init(&prev, d);
    /* r = 1 - lr f'', w* and e_0 = w0 - w* */
    gdt_affine_multiplier(r, lr, a->h[0]);
    have_ws = gdt_affine_fixed_point(&ws, a, NULL);
    if (have_ws) {
        mpq_sub(e, w0, ws);
        if ((st = d->ops->set_q(&fws, ws, d)) != GDT_OK)
            goto out;
    }
    if (!have_ws && mpq_sgn(lr) != 0 && mpq_sgn(a->g0[0]) != 0) {
        st = predict_drift(pr, prog, d, lr, w0, stop);
    } else if (!have_ws) {
        pr->never = "no movement";
    } else if (mpq_sgn(e) == 0) {
        pr->event = "fixed point"; /* w0 = w*, at step 0 */
    } else if (mpq_sgn(r) == 0) {
        /* w_1 = w* */
        pr->event = "fixed point";
        if ((st = d->ops->set_q(&prev, w0, d)) != GDT_OK)
            goto out;
        mpz_set_ui(pr->step, d->ops->cmp(&prev, &fws, d) == 0 ? 0 : 1);
    } else if (q_cmpabs_one(r) == 0) {
        pr->never = "|r| = 1";
    } else {
        st = predict_closed(pr, d, ws, e, r, a->max_bits, stop);
        if (st == GDT_ERANGE) {
            pr->event = NULL;
            pr->never = "undecided: w_n is too close to a rounding boundary for the working "
                        "precision (--max-bits)";
            st = GDT_OK;
        }
    }
    if (st != GDT_OK)
        goto out;
    /* the simulated run */
    {
        mpq_t w0a[1];
        mpq_init(w0a[0]);
        mpq_set(w0a[0], w0);
        st = gdt_stepper_init(&s, prog, d, lr, w0a, limit, GDT_UPDATE_SUB, NULL);
        mpq_clear(w0a[0]);
    }
    s.detect_cycles = 1;
    while (st == GDT_OK && (st = gdt_stepper_eval(&s, NULL)) == GDT_OK) {
        const gdt_val *v = gdt_stepper_w(&s);
        if (pr->sim_step < 0 && d->ops->is_inf(v, d)) {
            pr->sim_event = "overflow";
            pr->sim_step = (long)s.k;
        }
        if (pr->sim_step < 0 && have_ws && (q_cmpabs_one(r) <= 0 || mpq_sgn(e) == 0)
            && d->ops->cmp(v, &fws, d) == 0) {
            pr->sim_event = "fixed point";
            pr->sim_step = (long)s.k;
        }
        if (pr->sim_step < 0 && have_prev && d->ops->identical(v, &prev, d)) {
            pr->sim_event = "stall"; /* from the first step of the repeated state */
            pr->sim_step = (long)s.k - 1;
        }
        if (s.stop != GDT_STOP_NONE)
            break;
        if (gdt_cancelled(stop)) {
            st = GDT_EINTERRUPTED;
            break;
        }
        if ((st = d->ops->set(&prev, v, d)) != GDT_OK)
            break;
        have_prev = 1;
        st = gdt_stepper_update(&s, NULL);
    }
    pr->sim_stop = s.stop;
    pr->sim_steps = s.k;
    gdt_stepper_clear(&s);
    if (st == GDT_EDIVZERO || st == GDT_EDOMAIN)
        st = GDT_OK; /* the run stopped on an error: that is what it did */
out:
    d->ops->clear(&fws, d);
    d->ops->clear(&prev, d);
    mpq_clears(r, ws, e, NULL);
    return st;
}

gdt_status
gdt_analyze_lyapunov(mpfr_t lambda, gdt_lyapunov_run *run, const gdt_program *prog,
                     const gdt_program *fpp, const mpq_t lr, const mpq_t w0,
                     unsigned long steps, mpfr_prec_t prec, gdt_cancel *stop)
{
    gdt_domain d;
    gdt_stepper s;
    gdt_val *regs = NULL;
    mpfr_t m, sum;
    mpq_t w0a[1];
    gdt_status st;
    size_t failed;
    int more = 1;

    run->terms = run->steps = 0;
    run->stop = GDT_STOP_NONE;
    mpfr_init2(m, prec);
    mpfr_init2(sum, prec);
    mpfr_set_zero(sum, 1);
    mpq_init(w0a[0]);
    mpq_set(w0a[0], w0);
    st = gdt_domain_init_mpfr(&d, prec, MPFR_RNDN);
    if (st != GDT_OK)
        goto out_m;
    d.stop = stop;
    st = gdt_stepper_init(&s, prog, &d, lr, w0a, steps, GDT_UPDATE_SUB, NULL);
    s.detect_cycles = 1;
    if (st == GDT_OK)
        st = gdt_program_regs_new(&regs, fpp, &d);
    /* the term of step n is that of the update from w_n: one per update */
    while (st == GDT_OK && (st = gdt_stepper_eval(&s, NULL)) == GDT_OK) {
        const gdt_val *w = gdt_stepper_w(&s);
        if (s.stop != GDT_STOP_NONE)
            break;
        if (gdt_cancelled(stop)) {
            st = GDT_EINTERRUPTED;
            break;
        }
        /* ln |1 - lr f''(w_k)|, while f'' has a value */
        if (more && mpfr_number_p(w->f)) {
            mpfr_set(regs[fpp->nconsts].f, w->f, MPFR_RNDN);
            if ((st = gdt_program_eval(fpp, regs, &d, &failed)) != GDT_OK)
                break;
            mpfr_mul(m, s.lr[0].f, regs[fpp->loss_reg].f, MPFR_RNDN);
            mpfr_ui_sub(m, 1, m, MPFR_RNDN);
            mpfr_abs(m, m, MPFR_RNDN);
            mpfr_log(m, m, MPFR_RNDN); /* -inf at a multiplier 0: so be it */
            if (mpfr_nan_p(m)) {
                more = 0;
            } else {
                mpfr_add(sum, sum, m, MPFR_RNDN);
                run->terms++;
            }
        } else {
            more = 0;
        }
        st = gdt_stepper_update(&s, NULL);
    }
    run->stop = s.stop;
    run->steps = s.k;
    if (run->terms > 0)
        mpfr_div_ui(lambda, sum, run->terms, MPFR_RNDN);
    else
        mpfr_set_nan(lambda);
    if (regs != NULL)
        gdt_program_regs_free(regs, fpp, &d);
    gdt_stepper_clear(&s);
    gdt_domain_clear(&d);
out_m:
    mpfr_clear(m);
    mpfr_clear(sum);
    mpq_clear(w0a[0]);
    return st;
}
