/* run_at -- the exact state at step N of an affine run, in closed form */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/affine.h"
#include "gdtrace/optim.h"
#include "gdtrace/run.h"
#include "base/vec.h"

/* W = the state at step K of the run from W0 with LR, or with LRS[i] for
   parameter i when LRS is not NULL (gdt_affine_at). */
static gdt_status
state_at(mpq_t *w, const gdt_affine *af, const mpq_t lr, const mpq_t *lrs, const mpq_t *w0,
         unsigned long k, gdt_cancel *stop)
{
    return lrs != NULL ? gdt_affine_at_lrs(w, af, lrs, w0, k, stop)
                       : gdt_affine_at(w, af, lr, w0, k, stop);
}

/* 1 when the gradient of the affine map AF is zero at step K of the run
   from W0 with LR, LRS (the state W computed in closed form, G scratch). */
static int
zero_at(const gdt_affine *af, const mpq_t lr, const mpq_t *lrs, const mpq_t *w0,
        unsigned long k, mpq_t *w, mpq_t *g, gdt_cancel *stop)
{
    size_t i;

    if (state_at(w, af, lr, lrs, w0, k, stop) != GDT_OK)
        return 0;
    gdt_affine_grad(g, af, (const mpq_t *)w);
    for (i = 0; i < af->n; i++)
        if (mpq_sgn(g[i]) != 0)
            return 0;
    return 1;
}

/* With momentum the gradient may be zero at a step and not after it, so
   the first step with a zero gradient is found per parameter from the
   closed form.  Parameter i's partial u_k = g0_i + h_i w_k (h_i its
   curvature; no weight decay) is h_i (w_k - w*_i), and from step 1 on
   (w_k - w*_i, buf_(k-1)) follows the 2x2 linear map of h_i, so that
   u_(k+2) = tr u_(k+1) - det u_k for k >= 1 (Cayley-Hamilton).  With
   eigenvalues l1, l2 of that map, u_k = A l1^k + B l2^k (l1 != l2), or
   (A + B k) l^k (a repeated l = tr/2, rational):
   - det = 0: u_k = tr^(k-2) u_2 from k = 2, zero from 2 or 3 on or never
     after 1;
   - l1/l2 a root of unity (tr = 0, or tr^2 = det, 2 det, 3 det: orders
     2, 3, 4, 6; the only ones with l1 + l2 and l1 l2 rational), and
     u_1 = u_2 = 0: u_(k+p) = l^p u_k, the zeros periodic, period 12 at
     most once past step 12;
   - a repeated eigenvalue: one zero at most, k = -A/B;
   - real l1, l2 of different moduli: one zero at most, where
     |l1/l2|^k = |B/A|, estimated in MPFR and checked exactly;
   - complex l1, l2 whose ratio is no root of unity: one zero at most,
     which no estimate finds: the valuations at a prime do (padic_zero);
     without a small enough prime the steps up to N are run in rationals
     when N is at most ZERO_RUN_MAX, else the question is left open
     (ZS_OPEN) unless another parameter settles it. */
#define ZERO_SMALL 24          /* u_1 .. u_24 computed exactly */
#define ZERO_RUN_MAX 5000UL    /* the recurrence run step by step up to */

enum { ZS_NONE, ZS_ONE, ZS_PERIODIC, ZS_ALL, ZS_OPEN };

/* The steps k >= 1 at which one parameter's partial is zero. */
typedef struct zero_set {
    int kind;
    unsigned long k0;               /* ZS_ONE */
    unsigned char small[ZERO_SMALL + 1]; /* ZS_PERIODIC: k <= ZERO_SMALL */
} zero_set;

/* Whether step K >= 1 is in Z (ZS_OPEN: -1, not known). */
static int
zero_in(const zero_set *z, unsigned long k)
{
    switch (z->kind) {
    case ZS_ONE:
        return k == z->k0;
    case ZS_ALL:
        return 1;
    case ZS_PERIODIC:
        /* periodic with a period dividing 12 from step 13 at the latest */
        return z->small[k <= ZERO_SMALL ? k : 13 + (k - 13) % 12];
    case ZS_OPEN:
        return -1;
    default:
        return 0;
    }
}

/* log|X| of an MPFR number into R. */
static void
log_abs(mpfr_t r, const mpfr_t x)
{
    mpfr_abs(r, x, MPFR_RNDN);
    mpfr_log(r, r, MPFR_RNDN);
}

/* The complex case by a prime p: u_k scaled by c^k (c rational) is an
   integer sequence v_(k+2) = t v_(k+1) - d v_k, and when p divides d and
   not t, x^2 - t x + d has p-adic roots m1, a unit, and m2, of valuation
   e = v_p(d) >= 1 (Hensel).  Then v_(k+1) = m2 v_k + w_k with w_k = (m1 -
   m2) A m1^k of one valuation c for every k (A != 0, as m2 is not
   rational), so that v_p(v_(k+1)) = v_p(v_k) + e while that is below c,
   and c from the step after it reaches c on: two steps of equal
   valuation, and no zero can follow.  The prime: the least below
   PADIC_PRIMES that divides d and not t, after dividing t by p and d by
   p^2 (c by p) while p divides t and p^2 d, which leaves one unless the
   ratio of the roots is a root of unity (d squarefree dividing t: t^2 <
   4 d then means d <= 3, the orders 3, 4, 6).  1 and Z set when decided,
   0 when no such prime was found. */
#define PADIC_PRIMES 100000UL

static int
padic_zero(zero_set *z, const mpq_t *u, const gdt_momentum_map *mm, unsigned long n,
           gdt_cancel *stop)
{
    mpq_t c, x;
    mpz_t t, d, r, a, b, nx, tmp, l;
    unsigned long p = 0, q, k;
    long va, vb;
    int ok = 0;

    mpq_inits(c, x, NULL);
    mpz_inits(t, d, r, a, b, nx, tmp, l, NULL);
    /* c = the least common multiple of tr's and det's denominators */
    mpz_lcm(l, mpq_denref(mm->tr), mpq_denref(mm->det));
    mpq_set_z(c, l);
    for (;;) {
        mpq_mul(x, c, mm->tr);
        mpz_set(t, mpq_numref(x));       /* integers: c tr, c^2 det */
        mpq_mul(x, c, c);
        mpq_mul(x, x, mm->det);
        mpz_set(d, mpq_numref(x));
        mpz_abs(r, d);
        for (q = 2, p = 0; q < PADIC_PRIMES && mpz_cmp_ui(r, 1) > 0; q++) {
            if (!mpz_divisible_ui_p(r, q))
                continue;
            while (mpz_divisible_ui_p(r, q))
                mpz_divexact_ui(r, r, q);
            if (!mpz_divisible_ui_p(t, q)) {
                p = q;
                break;
            }
            mpz_set_ui(tmp, q);
            mpz_mul_ui(tmp, tmp, q);
            if (mpz_divisible_p(d, tmp)) {
                p = q; /* rescale by 1/q and look again */
                break;
            }
        }
        if (p == 0 || !mpz_divisible_ui_p(t, p))
            break;
        mpq_set_ui(x, 1, (unsigned long)p);
        mpq_mul(c, c, x);
    }
    if (p == 0)
        goto out;
    /* v_1 = c u_1, v_2 = c^2 u_2, by a common factor made integers */
    mpq_mul(x, c, u[1]);
    mpz_set(a, mpq_numref(x));
    mpz_set(l, mpq_denref(x));
    mpq_mul(x, c, c);
    mpq_mul(x, x, u[2]);
    mpz_lcm(tmp, l, mpq_denref(x));
    mpz_divexact(l, tmp, l);
    mpz_mul(a, a, l);                    /* v_1 * lcm */
    mpz_divexact(l, tmp, mpq_denref(x));
    mpz_mul(b, mpq_numref(x), l);        /* v_2 * lcm */
    ok = 1;
    z->kind = ZS_NONE;
    mpz_set_ui(l, p);
    va = -1;
    for (k = 1; k <= n; k++) {   /* A = v_k, B = v_(k+1) */
        if (mpz_sgn(a) == 0) {
            z->kind = ZS_ONE;
            z->k0 = k;
            break;
        }
        vb = (long)mpz_remove(tmp, a, l);
        if (vb == va)  /* both c: no zero from here on */
            break;
        va = vb;
        if (stop != NULL && *stop != 0)
            break;      /* (the caller sees the stop) */
        mpz_mul(nx, t, b);
        mpz_submul(nx, d, a);
        mpz_swap(a, b);
        mpz_swap(b, nx);
    }
out:
    mpq_clears(c, x, NULL);
    mpz_clears(t, d, r, a, b, nx, tmp, l, NULL);
    return ok;
}

/* Z for u_1, u_2 (U[1], U[2]; U holds u_1 .. u_ZERO_SMALL) under MM's
   map, the steps up to N. */
static void
zero_set_of(zero_set *z, const mpq_t *u, const gdt_momentum_map *mm, unsigned long n,
            gdt_cancel *stop)
{
    mpq_t t, d;
    unsigned long k;

    memset(z, 0, sizeof *z);
    for (k = 1; k <= ZERO_SMALL; k++)
        z->small[k] = mpq_sgn(u[k]) == 0;
    if (mpq_sgn(u[1]) == 0 && mpq_sgn(u[2]) == 0) {
        z->kind = ZS_ALL;
        return;
    }
    mpq_inits(t, d, NULL);
    mpq_mul(t, mm->tr, mm->tr);
    if (mpq_sgn(mm->det) == 0 || mpq_sgn(mm->tr) == 0) {
        z->kind = ZS_PERIODIC;       /* det = 0: from 3 on; tr = 0: period 2 */
    } else if (!mm->complex && mpq_sgn(mm->q) == 0) {
        /* a repeated eigenvalue l = tr/2: u_k / l^k = A + B k */
        mpq_t l, a, b;
        mpq_inits(l, a, b, NULL);
        mpq_set(l, mm->re);
        mpq_div(a, u[1], l);        /* A + B */
        mpq_mul(b, l, l);
        mpq_div(b, u[2], b);        /* A + 2B */
        mpq_sub(b, b, a);           /* B */
        mpq_sub(a, a, b);           /* A */
        z->kind = ZS_NONE;
        if (mpq_sgn(b) != 0) {
            mpq_div(d, a, b);
            mpq_neg(d, d);
            if (mpz_cmp_ui(mpq_denref(d), 1) == 0 && mpz_sgn(mpq_numref(d)) > 0
                && mpz_fits_ulong_p(mpq_numref(d))) {
                z->kind = ZS_ONE;
                z->k0 = mpz_get_ui(mpq_numref(d));
            }
        }
        mpq_clears(l, a, b, NULL);
    } else {
        int c;
        for (c = 1; c <= 3; c++) {  /* tr^2 = c det: orders 3, 4, 6 */
            mpq_set_ui(d, (unsigned long)c, 1);
            mpq_mul(d, d, mm->det);
            if (mpq_equal(t, d))
                break;
        }
        if (c <= 3) {
            z->kind = ZS_PERIODIC;
        } else if (!mm->complex) {
            /* |l1/l2|^k = |B/A|, A = (u_2 - l2 u_1)/(l1 (l1 - l2)),
               B = (l1 u_1 - u_2)/(l2 (l1 - l2)): k = log|B/A| /
               log|l1/l2|, the steps around it checked exactly */
            mpfr_t l1, l2, x, y, r;
            mpfr_inits2(512, l1, l2, x, y, r, (mpfr_ptr)0);
            mpfr_set_q(x, mm->q, MPFR_RNDN);
            mpfr_sqrt(x, x, MPFR_RNDN);
            mpfr_set_q(y, mm->re, MPFR_RNDN);
            mpfr_add(l1, y, x, MPFR_RNDN);
            mpfr_sub(l2, y, x, MPFR_RNDN);
            /* x = u_2 - l2 u_1 (A's numerator), y = l1 u_1 - u_2 (B's) */
            mpfr_mul_q(x, l2, u[1], MPFR_RNDN);
            mpfr_set_q(r, u[2], MPFR_RNDN);
            mpfr_sub(x, r, x, MPFR_RNDN);
            mpfr_mul_q(y, l1, u[1], MPFR_RNDN);
            mpfr_sub(y, y, r, MPFR_RNDN);
            /* B/A = y l1 / (x l2) */
            mpfr_mul(y, y, l1, MPFR_RNDN);
            mpfr_mul(x, x, l2, MPFR_RNDN);
            z->kind = ZS_NONE;
            if (!mpfr_zero_p(x) && !mpfr_zero_p(y)) {
                mpfr_div(y, y, x, MPFR_RNDN);
                log_abs(y, y);
                mpfr_div(x, l1, l2, MPFR_RNDN);
                log_abs(x, x);
                mpfr_div(r, y, x, MPFR_RNDN);
                if (mpfr_number_p(r) && mpfr_cmp_si(r, -2) >= 0
                    && mpfr_cmp_ui(r, n + 2 < n ? n : n + 2) <= 0) {
                    z->kind = ZS_ONE;   /* a candidate: zero_check settles it */
                    z->k0 = mpfr_get_ui(r, MPFR_RNDN);
                }
            }
            mpfr_clears(l1, l2, x, y, r, (mpfr_ptr)0);
        } else if (padic_zero(z, u, mm, n, stop)) {
            /* decided by a prime's valuations */
        } else if (n <= ZERO_RUN_MAX) {
            /* step by step in rationals, the one zero at most */
            mpq_t a, b;
            mpq_inits(a, b, NULL);
            mpq_set(a, u[1]);
            mpq_set(b, u[2]);
            z->kind = ZS_NONE;
            for (k = 1; k <= n; k++) {
                if (mpq_sgn(a) == 0) {
                    z->kind = ZS_ONE;
                    z->k0 = k;
                    break;
                }
                if (stop != NULL && *stop != 0)
                    break;
                mpq_mul(t, mm->tr, b);
                mpq_mul(d, mm->det, a);
                mpq_sub(t, t, d);
                mpq_swap(a, b);
                mpq_swap(b, t);
            }
            mpq_clears(a, b, NULL);
        } else {
            z->kind = ZS_OPEN;
        }
    }
    mpq_clears(t, d, NULL);
}

/* 1 when every partial of the momentum run is zero at step K (its state
   computed in closed form into W, BUF; G scratch), 0 when not, -1 on an
   error (ST). */
static int
zero_at_momentum(const gdt_affine *af, const gdt_heavyball *hb, const mpq_t lr,
                 const mpq_t *lrs, const mpq_t *w0, unsigned long k, mpq_t *w, mpq_t *buf,
                 mpq_t *g, gdt_cancel *stop, gdt_status *st)
{
    size_t i;

    if ((*st = gdt_momentum_at(w, buf, af, hb, lr, lrs, w0, k, stop)) != GDT_OK)
        return -1;
    gdt_affine_grad(g, af, (const mpq_t *)w);
    for (i = 0; i < af->n; i++)
        if (mpq_sgn(g[i]) != 0)
            return 0;
    return 1;
}

/* The first step K <= N at which every partial of the momentum run is
   zero: 1 and *K, 0 when there is none, -1 when it cannot be decided
   (ERR says why) or on an error (ST). */
static int
momentum_first_zero(unsigned long *kz, const gdt_affine *af, const gdt_heavyball *hb,
                    const mpq_t lr, const mpq_t *lrs, const mpq_t *w0, unsigned long n,
                    gdt_cancel *stop, gdt_status *st, gdt_error *err)
{
    size_t i, np = af->n, one = SIZE_MAX;
    zero_set *z = calloc(np, sizeof *z);
    mpq_t *w = gdt_qvec_new(np), *buf = gdt_qvec_new(np), *g = gdt_qvec_new(np);
    mpq_t (*u)[ZERO_SMALL + 1] = calloc(np, sizeof *u);
    gdt_momentum_map mm;
    mpq_t h;
    unsigned long k;
    int found = 0, r, open = 0;

    *st = GDT_OK;
    gdt_momentum_map_init(&mm);
    mpq_init(h);
    if (z == NULL || w == NULL || buf == NULL || g == NULL || u == NULL) {
        *st = GDT_ENOMEM;
        found = -1;
        goto out;
    }
    for (i = 0; i < np; i++)
        for (k = 0; k <= ZERO_SMALL; k++)
            mpq_init(u[i][k]);
    /* step 0, and u_1 .. u_ZERO_SMALL of each parameter, exactly */
    for (k = 0; k <= ZERO_SMALL; k++) {
        if ((r = zero_at_momentum(af, hb, lr, lrs, w0, k, w, buf, g, stop, st)) < 0) {
            found = -1;
            goto out;
        }
        if (r && k <= n) {
            *kz = k;
            found = 1;
            goto out;
        }
        for (i = 0; i < np; i++)
            mpq_set(u[i][k], g[i]);
    }
    if (n <= ZERO_SMALL)
        goto out;
    for (i = 0; i < np; i++) {
        mpq_set(h, af->h[i * np + i]);
        if (mpq_sgn(h) == 0) { /* a constant partial: zero at every step or none */
            z[i].kind = mpq_sgn(u[i][1]) == 0 ? ZS_ALL : ZS_NONE;
            if (z[i].kind == ZS_NONE)
                goto out;
            continue;
        }
        gdt_momentum_map_set(&mm, h, lrs != NULL ? lrs[i] : lr, hb);
        zero_set_of(&z[i], (const mpq_t *)u[i], &mm, n, stop);
        if (z[i].kind == ZS_NONE)
            goto out;
        if (z[i].kind == ZS_ONE && one == SIZE_MAX)
            one = i;
        open |= z[i].kind == ZS_OPEN;
    }
    if (stop != NULL && *stop != 0) {
        *st = GDT_EINTERRUPTED;
        found = -1;
        goto out;
    }
    if (one != SIZE_MAX) {
        /* the one zero of parameter ONE, or its estimate: a step or two
           around it, each checked exactly */
        unsigned long c0 = z[one].k0 > 2 ? z[one].k0 - 2 : 1;
        for (k = c0 > ZERO_SMALL ? c0 : ZERO_SMALL + 1; k <= z[one].k0 + 2 && k <= n; k++) {
            if ((r = zero_at_momentum(af, hb, lr, lrs, w0, k, w, buf, g, stop, st)) < 0) {
                found = -1;
                goto out;
            }
            if (r) {
                *kz = k;
                found = 1;
                goto out;
            }
        }
        goto out;
    }
    if (open) {
        *st = gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                            "with momentum under --stop grad-zero cannot be decided past step "
                            "%lu here: the map has complex eigenvalues whose ratio is no root "
                            "of unity, and its one zero, if any, has no closed form (add --stop "
                            "none, or run --max-iter N)", ZERO_RUN_MAX);
        found = -1;
        goto out;
    }
    /* every set periodic (or all): the first common step, within one
       period past ZERO_SMALL */
    for (k = ZERO_SMALL + 1; k <= n && k <= ZERO_SMALL + 12; k++) {
        for (i = 0; i < np && zero_in(&z[i], k) == 1; i++)
            ;
        if (i == np) {
            *kz = k;
            found = 1;
            break;
        }
    }
out:
    for (i = 0; u != NULL && i < np; i++)
        for (k = 0; k <= ZERO_SMALL; k++)
            mpq_clear(u[i][k]);
    free(u);
    free(z);
    gdt_qvec_free(w, np);
    gdt_qvec_free(buf, np);
    gdt_qvec_free(g, np);
    gdt_momentum_map_clear(&mm);
    mpq_clear(h);
    return found;
}

/* gdt_run_at_init's state of SGD with momentum HB on the affine map AF
   into A (A->w allocated). */
static gdt_status
momentum_at(gdt_run_at *a, const gdt_affine *af, const gdt_heavyball *hb, const mpq_t lr,
            const mpq_t *lrs, const mpq_t *w0, int stop_on_zero, gdt_cancel *stop,
            gdt_error *err)
{
    gdt_status st;

    if (!gdt_affine_diagonal(af))
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "with momentum needs parameters that do not couple (a diagonal "
                             "Hessian); run --max-iter instead");
    if ((a->buf = gdt_qvec_new(a->n)) == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    if (stop_on_zero) {
        unsigned long kz = 0;
        int r = momentum_first_zero(&kz, af, hb, lr, lrs, w0, a->k, stop, &st, err);
        if (r < 0 && st == GDT_EVALUE)
            return st;
        if (r < 0 && st == GDT_OK)
            st = GDT_ERANGE;
        if (r < 0)
            goto fail;
        if (r > 0) {
            a->k = kz;
            a->stopped = 1;
        }
    }
    st = gdt_momentum_at(a->w, a->buf, af, hb, lr, lrs, w0, a->k, stop);
fail:
    if (st == GDT_EINTERRUPTED)
        return gdt_error_set(err, st, SIZE_MAX, "interrupted");
    if (st == GDT_ENOMEM)
        return gdt_error_set(err, st, SIZE_MAX, "out of memory");
    if (st != GDT_OK)
        return gdt_error_set(err, GDT_ERANGE, SIZE_MAX,
                             "the state at step %lu would need more than %lu bits (--max-bits)",
                             a->k, (unsigned long)af->max_bits);
    return GDT_OK;
}

gdt_status
gdt_run_at_init(gdt_run_at *a, const gdt_problem *p, const gdt_program *prog,
                const mpq_t lr, const mpq_t *lrs, const mpq_t *w0, const gdt_heavyball *hb,
                unsigned long at, int stop_on_zero, size_t max_bits, const gdt_run_opts *opts,
                gdt_error *err)
{
    gdt_cancel *stop = opts != NULL ? opts->stop : NULL;
    gdt_affine af;
    mpq_t *g;
    unsigned long lo, hi;
    size_t i, n = p->n;
    gdt_status st = GDT_OK;

    a->n = 0;
    a->k = at;
    a->stopped = 0;
    a->w = NULL;
    a->buf = NULL;
    if (hb != NULL && stop_on_zero && mpq_sgn(hb->wd) != 0)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "with momentum and weight decay needs --stop without grad-zero: "
                             "the run's fixed point is not the loss's minimiser, and the first "
                             "step with a zero gradient has no closed form here (add --stop "
                             "none, or run --max-iter N)");
    if (!gdt_problem_is_affine(p))
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "needs a loss whose gradient is affine (a quadratic loss); "
                             "run --max-iter instead");
    if ((st = gdt_affine_init(&af, prog)) != GDT_OK)
        return gdt_error_set(err, st, SIZE_MAX, "the exact gradient at 0 has no value");
    af.max_bits = max_bits;
    a->w = malloc(n * sizeof *a->w);
    g = gdt_qvec_new(n);
    if (a->w == NULL || g == NULL) {
        gdt_qvec_free(g, n);
        gdt_affine_clear(&af);
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    }
    a->n = n;
    for (i = 0; i < n; i++)
        mpq_init(a->w[i]);
    if (hb != NULL) {
        st = momentum_at(a, &af, hb, lr, lrs, w0, stop_on_zero, stop, err);
        gdt_qvec_free(g, n);
        gdt_affine_clear(&af);
        return st;
    }
    if (stop_on_zero && zero_at(&af, lr, lrs, w0, at, a->w, g, stop)) {
        /* the first step with a zero gradient, by bisection in [0, at] */
        lo = 0;
        hi = at;
        while (lo < hi) {
            unsigned long mid = lo + (hi - lo) / 2;
            if (zero_at(&af, lr, lrs, w0, mid, a->w, g, stop))
                hi = mid;
            else
                lo = mid + 1;
        }
        a->k = lo;
        a->stopped = 1;
    }
    if ((st = state_at(a->w, &af, lr, lrs, w0, a->k, stop)) == GDT_EINTERRUPTED)
        gdt_error_set(err, st, SIZE_MAX, "interrupted");
    else if (st != GDT_OK)
        st = gdt_error_set(err, GDT_ERANGE, SIZE_MAX,
                           "the state at step %lu would need more than %lu bits (--max-bits)",
                           a->k, (unsigned long)max_bits);
    gdt_qvec_free(g, n);
    gdt_affine_clear(&af);
    return st;
}

void
gdt_run_at_clear(gdt_run_at *a)
{
    size_t i;

    if (a == NULL)
        return;
    for (i = 0; a->w != NULL && i < a->n; i++)
        mpq_clear(a->w[i]);
    free(a->w);
    a->w = NULL;
    gdt_qvec_free(a->buf, a->n);
    a->buf = NULL;
    a->n = 0;
}

gdt_status
gdt_run_at_steps(const gdt_run_at *a, gdt_stepper *s, const gdt_run_sink *out,
                 const gdt_run_info *info, gdt_error *err)
{
    gdt_status st;

    size_t i;

    s->k = a->k;
    for (i = 0; a->buf != NULL && a->k > 0 && i < a->n; i++)
        if ((st = gdt_stepper_optim_set_state(s, 0, i, a->buf[i])) != GDT_OK)
            return gdt_error_set(err, st, SIZE_MAX, "the momentum buffer: %s",
                                 gdt_status_str(st));
    st = out->begin(out->ctx, info, s, err);
    if (st == GDT_OK)
        st = gdt_stepper_eval(s, err);
    if (st == GDT_OK && out->every != 0) /* the one step is the last */
        st = out->step(out->ctx, s, err);
    s->stop = a->stopped ? GDT_STOP_GRAD_ZERO : GDT_STOP_AT;
    if (st == GDT_OK)
        st = out->end(out->ctx, s, err);
    return st;
}
