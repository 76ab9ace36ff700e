/* momentum -- SGD with momentum on a quadratic loss, exactly: the 2x2 map
   of a curvature, its eigenvalues, spectral radius, class and critical
   learning rate; the state at step N by powering the affine map

   The map and its algebra are in gdtrace/momentum.h.  The critical lr
   comes from Jury's conditions on x^2 - tr x + det, each linear in
   c = lr h: heavy ball (delta = 1 - d)
     1 - tr + det = c delta,  1 + tr + det = 2 (1 + m) - c delta,
     1 -+ det = 1 -+ m;
   Nesterov (det = m (1 - c))
     1 - tr + det = c (1 - m d),  1 + tr + det = 2 (1 + m) - c (1 + m + m delta),
     1 - det = 1 - m + m c,  1 + det = 1 + m - m c. */
#include <stdint.h>
#include <stdlib.h>
#include "gdtrace/momentum.h"
#include "base/vec.h"

void
gdt_heavyball_init(gdt_heavyball *hb)
{
    mpq_inits(hb->m, hb->d, hb->wd, NULL);
    hb->nesterov = 0;
}

void
gdt_heavyball_clear(gdt_heavyball *hb)
{
    if (hb != NULL)
        mpq_clears(hb->m, hb->d, hb->wd, NULL);
}

void
gdt_momentum_map_init(gdt_momentum_map *mm)
{
    size_t i;

    mpq_inits(mm->h, mm->lr, mm->tr, mm->det, mm->re, mm->q, mm->s, mm->ra, mm->rb,
              mm->lr_critical, mm->lr_low, NULL);
    for (i = 0; i < 4; i++)
        mpq_init(mm->a[i]);
    mm->complex = mm->rational = mm->cmp1 = mm->have_lr_critical = 0;
    mm->cls = NULL;
    mm->period = 0;
}

void
gdt_momentum_map_clear(gdt_momentum_map *mm)
{
    size_t i;

    if (mm == NULL)
        return;
    mpq_clears(mm->h, mm->lr, mm->tr, mm->det, mm->re, mm->q, mm->s, mm->ra, mm->rb,
               mm->lr_critical, mm->lr_low, NULL);
    for (i = 0; i < 4; i++)
        mpq_clear(mm->a[i]);
}

/* R = sqrt(Q) when Q >= 0 is the square of a rational: 1, else 0. */
static int
q_sqrt(mpq_t r, const mpq_t q)
{
    if (mpq_sgn(q) < 0 || !mpz_perfect_square_p(mpq_numref(q))
        || !mpz_perfect_square_p(mpq_denref(q)))
        return 0;
    mpz_sqrt(mpq_numref(r), mpq_numref(q));
    mpz_sqrt(mpq_denref(r), mpq_denref(q));
    return 1;
}

/* The 2x2 matrix of HB at curvature H and learning rate LR into A, and
   into K the factor of the gradient in the w row: lr (1-d) (heavy ball),
   lr (1 + m (1-d)) (Nesterov). */
static void
map_matrix(mpq_t *a, mpq_t k, const mpq_t h, const mpq_t lr, const gdt_heavyball *hb)
{
    mpq_t delta, t;

    mpq_inits(delta, t, NULL);
    mpq_set_ui(delta, 1, 1);
    mpq_sub(delta, delta, hb->d);                    /* 1 - d */
    if (hb->nesterov) {
        mpq_mul(t, hb->m, delta);
        mpz_add(mpq_numref(t), mpq_numref(t), mpq_denref(t)); /* 1 + m (1-d) */
        mpq_mul(k, lr, t);
        mpq_mul(t, hb->m, hb->m);
        mpq_mul(a[1], lr, t);                        /* lr m^2 */
    } else {
        mpq_mul(k, lr, delta);
        mpq_mul(a[1], lr, hb->m);                    /* lr m */
    }
    mpq_neg(a[1], a[1]);
    mpq_mul(a[0], k, h);
    mpq_neg(a[0], a[0]);
    mpz_add(mpq_numref(a[0]), mpq_numref(a[0]), mpq_denref(a[0])); /* 1 - k h */
    mpq_mul(a[2], delta, h);
    mpq_set(a[3], hb->m);
    mpq_clears(delta, t, NULL);
}

/* The class of MM from its eigenvalues (gdtrace/momentum.h). */
static const char *
map_class(gdt_momentum_map *mm)
{
    int zero = mpq_sgn(mm->ra) == 0 && mpq_sgn(mm->rb) == 0, sre = mpq_sgn(mm->re);

    mm->period = 0;
    if (mm->cmp1 < 0) {
        if (zero)
            return "converges in finitely many steps";
        if (mm->complex)
            return "converges, spiralling (complex eigenvalues)";
        return sre > 0 ? "converges monotonically" : "converges, oscillating";
    }
    if (mm->cmp1 > 0) {
        if (mm->complex)
            return "diverges, spiralling (complex eigenvalues)";
        return sre > 0 ? "diverges monotonically" : "diverges, oscillating";
    }
    if (mm->complex) {
        /* on the unit circle: a rotation by theta, cos theta = re; theta/pi
           is rational with a rational cosine only for 0, +-1/2, +-1
           (Niven) */
        mpq_t half;
        int c;
        mpq_init(half);
        mpq_set_si(half, 1, 2);
        c = mpq_cmp(mm->re, half);
        mpq_neg(half, half);
        mm->period = sre == 0 ? 4 : c == 0 ? 6 : mpq_equal(mm->re, half) ? 3 : 0;
        mpq_clear(half);
        if (mm->period == 3)
            return "cycles (period 3)";
        if (mm->period == 4)
            return "cycles (period 4)";
        if (mm->period == 6)
            return "cycles (period 6)";
        return "bounded, quasi-periodic (an irrational rotation)";
    }
    if (mpq_sgn(mm->q) == 0) { /* a repeated eigenvalue re = +-1 */
        if (mpq_sgn(mm->a[1]) == 0 && mpq_sgn(mm->a[2]) == 0) {
            if (sre > 0)
                return "no movement";
            mm->period = 2;
            return "2-cycle";
        }
        return "diverges (a repeated eigenvalue of modulus 1)";
    }
    if (sre > 0)
        return "does not converge (an eigenvalue 1)";
    mm->period = 2;
    return "2-cycle";
}

/* The lr that converge at curvature MM->h: Jury's conditions as
   alpha + beta c > 0 in c = lr h (the header's comment). */
static void
map_critical(gdt_momentum_map *mm, const gdt_heavyball *hb)
{
    mpq_t al[4], be[4], delta, lo, hi, t;
    int i, has_lo = 0, has_hi = 0, empty = 0;

    for (i = 0; i < 4; i++)
        mpq_inits(al[i], be[i], NULL);
    mpq_inits(delta, lo, hi, t, NULL);
    mpq_set_ui(delta, 1, 1);
    mpq_sub(delta, delta, hb->d);
    mpq_set_ui(t, 1, 1);
    mpq_add(al[1], t, hb->m);
    mpq_mul_2exp(al[1], al[1], 1);                   /* 2 (1 + m) */
    mpq_sub(al[2], t, hb->m);                        /* 1 - m */
    mpq_add(al[3], t, hb->m);                        /* 1 + m */
    if (hb->nesterov) {
        mpq_mul(be[0], hb->m, hb->d);
        mpq_sub(be[0], t, be[0]);                    /* 1 - m d */
        mpq_mul(be[1], hb->m, delta);
        mpq_add(be[1], be[1], hb->m);
        mpq_add(be[1], be[1], t);
        mpq_neg(be[1], be[1]);                       /* -(1 + m + m delta) */
        mpq_set(be[2], hb->m);
        mpq_neg(be[3], hb->m);
    } else {
        mpq_set(be[0], delta);
        mpq_neg(be[1], delta);
    }
    for (i = 0; i < 4 && !empty; i++) {
        int sb = mpq_sgn(be[i]);
        if (sb == 0) {
            empty = mpq_sgn(al[i]) <= 0;
            continue;
        }
        mpq_div(t, al[i], be[i]);
        mpq_neg(t, t);                               /* the bound -alpha/beta */
        if (sb > 0 && (!has_lo || mpq_cmp(t, lo) > 0)) {
            mpq_set(lo, t);
            has_lo = 1;
        } else if (sb < 0 && (!has_hi || mpq_cmp(t, hi) < 0)) {
            mpq_set(hi, t);
            has_hi = 1;
        }
    }
    mm->have_lr_critical = !empty && has_hi && mpq_sgn(hi) > 0 && mpq_sgn(mm->h) > 0
                           && (!has_lo || mpq_cmp(lo, hi) < 0);
    if (mm->have_lr_critical) {
        mpq_div(mm->lr_critical, hi, mm->h);
        mpq_set_ui(mm->lr_low, 0, 1);
        if (has_lo && mpq_sgn(lo) > 0)
            mpq_div(mm->lr_low, lo, mm->h);
    }
    for (i = 0; i < 4; i++)
        mpq_clears(al[i], be[i], NULL);
    mpq_clears(delta, lo, hi, t, NULL);
}

void
gdt_momentum_map_set(gdt_momentum_map *mm, const mpq_t h, const mpq_t lr,
                     const gdt_heavyball *hb)
{
    mpq_t k, t;

    mpq_inits(k, t, NULL);
    mpq_set(mm->h, h);
    mpq_set(mm->lr, lr);
    map_matrix(mm->a, k, h, lr, hb);
    mpq_add(mm->tr, mm->a[0], mm->a[3]);
    mpq_mul(mm->det, mm->a[0], mm->a[3]);
    mpq_mul(t, mm->a[1], mm->a[2]);
    mpq_sub(mm->det, mm->det, t);
    mpq_div_2exp(mm->re, mm->tr, 1);
    mpq_mul(mm->q, mm->re, mm->re);
    mpq_sub(mm->q, mm->q, mm->det);                  /* re^2 - det */
    mm->complex = mpq_sgn(mm->q) < 0;
    mm->rational = q_sqrt(mm->s, mm->q);
    if (!mm->rational)
        mpq_set_ui(mm->s, 0, 1);
    /* the spectral radius ra + sqrt(rb) */
    mpq_set_ui(mm->rb, 0, 1);
    if (mm->complex) {                               /* |lambda| = sqrt(det) */
        if (!q_sqrt(mm->ra, mm->det)) {
            mpq_set_ui(mm->ra, 0, 1);
            mpq_set(mm->rb, mm->det);
        }
    } else {
        mpq_abs(mm->ra, mm->re);
        if (mm->rational)
            mpq_add(mm->ra, mm->ra, mm->s);
        else
            mpq_set(mm->rb, mm->q);
    }
    if (mpq_sgn(mm->rb) == 0 || mpq_cmp_ui(mm->ra, 1, 1) >= 0) {
        mm->cmp1 = mpq_sgn(mm->rb) == 0 ? mpq_cmp_ui(mm->ra, 1, 1) : 1;
    } else {                                         /* sqrt(rb) against 1 - ra > 0 */
        mpq_set_ui(t, 1, 1);
        mpq_sub(t, t, mm->ra);
        mpq_mul(t, t, t);
        mm->cmp1 = mpq_cmp(mm->rb, t);
    }
    mm->cmp1 = mm->cmp1 < 0 ? -1 : mm->cmp1 > 0;
    mm->cls = map_class(mm);
    map_critical(mm, hb);
    mpq_clears(k, t, NULL);
}

void
gdt_momentum_map_radius(mpfr_ptr r, const gdt_momentum_map *mm)
{
    mpfr_t t;

    mpfr_init2(t, mpfr_get_prec(r) + 16);
    mpfr_set_q(t, mm->rb, MPFR_RNDN);
    mpfr_sqrt(t, t, MPFR_RNDN);
    mpfr_add_q(r, t, mm->ra, MPFR_RNDN);
    mpfr_clear(t);
}

int
gdt_affine_diagonal(const gdt_affine *a)
{
    size_t i, j;

    for (i = 0; i < a->n; i++)
        for (j = 0; j < a->n; j++)
            if (i != j && mpq_sgn(a->h[i * a->n + j]) != 0)
                return 0;
    return 1;
}

/* ---------------------------------------------------- the state at step N */

/* R = A B for 3x3 integer matrices (R distinct from both); GDT_ERANGE,
   before computing, when an entry could need more than MAX_BITS bits. */
static gdt_status
mat3_mul(mpz_t *r, mpz_t *a, mpz_t *b, size_t max_bits)
{
    size_t i, j, l, ma = 0, mb = 0;

    for (i = 0; i < 9; i++) {
        if (mpz_sizeinbase(a[i], 2) > ma)
            ma = mpz_sizeinbase(a[i], 2);
        if (mpz_sizeinbase(b[i], 2) > mb)
            mb = mpz_sizeinbase(b[i], 2);
    }
    if (max_bits != 0 && ma + mb + 2 > max_bits)
        return GDT_ERANGE;
    for (i = 0; i < 3; i++)
        for (j = 0; j < 3; j++) {
            mpz_set_ui(r[i * 3 + j], 0);
            for (l = 0; l < 3; l++)
                mpz_addmul(r[i * 3 + j], a[i * 3 + l], b[l * 3 + j]);
        }
    return GDT_OK;
}

/* The state of one parameter: (W, BUF) = (w_N, buf_(N-1)) from W0 at
   curvature H, gradient at 0 G0, with LR and HB (the header's map). */
static gdt_status
one_at(mpq_t w, mpq_t buf, const mpq_t h, const mpq_t g0, const mpq_t lr,
       const gdt_heavyball *hb, const mpq_t w0, unsigned long n, size_t max_bits,
       gdt_cancel *stop)
{
    mpq_t a[4], k, p[9], t;
    mpz_t m[9], r[9], s[9], den, dn, *pm = m, *pr = r, *ps = s, *sw;
    unsigned long e;
    size_t i;
    gdt_status st = GDT_OK;

    if (n == 0) {
        mpq_set(w, w0);
        mpq_set_ui(buf, 0, 1);
        return GDT_OK;
    }
    for (i = 0; i < 4; i++)
        mpq_init(a[i]);
    for (i = 0; i < 9; i++) {
        mpq_init(p[i]);
        mpz_inits(m[i], r[i], s[i], NULL);
    }
    mpq_inits(k, t, NULL);
    mpz_inits(den, dn, NULL);
    /* step 0: buf_0 = g_0, w_1 = w_0 - lr buf_0 (Nesterov: - lr (1 + m) g_0) */
    mpq_mul(buf, h, w0);
    mpq_add(buf, buf, g0);
    mpq_set(t, buf);
    if (hb->nesterov) {
        mpq_mul(t, buf, hb->m);
        mpq_add(t, t, buf);
    }
    mpq_mul(t, t, lr);
    mpq_sub(w, w0, t);
    /* P = [[a0, a1, -k g0], [a2, a3, (1-d) g0], [0, 0, 1]] on (w, buf, 1) */
    map_matrix(a, k, h, lr, hb);
    mpq_set(p[0], a[0]);
    mpq_set(p[1], a[1]);
    mpq_mul(p[2], k, g0);
    mpq_neg(p[2], p[2]);
    mpq_set(p[3], a[2]);
    mpq_set(p[4], a[3]);
    mpq_set_ui(t, 1, 1);
    mpq_sub(t, t, hb->d);
    mpq_mul(p[5], t, g0);
    mpq_set_ui(p[8], 1, 1);
    /* over one denominator: P = M / den */
    mpz_set_ui(den, 1);
    for (i = 0; i < 9; i++)
        mpz_lcm(den, den, mpq_denref(p[i]));
    for (i = 0; i < 9; i++) {
        mpz_divexact(m[i], den, mpq_denref(p[i]));
        mpz_mul(m[i], m[i], mpq_numref(p[i]));
    }
    /* R = M^(n-1), dn = den^(n-1), by squaring */
    for (i = 0; i < 3; i++)
        mpz_set_ui(r[i * 4], 1);
    mpz_set_ui(dn, 1);
    for (e = n - 1; e > 0 && st == GDT_OK;) {
        if (gdt_cancelled(stop)) {
            st = GDT_EINTERRUPTED;
            break;
        }
        if (e & 1) {
            if ((st = mat3_mul(ps, pr, pm, max_bits)) != GDT_OK)
                break;
            sw = pr, pr = ps, ps = sw;
        }
        e >>= 1;
        if (e > 0 && (st = mat3_mul(ps, pm, pm, max_bits)) == GDT_OK) {
            sw = pm, pm = ps, ps = sw;
        }
    }
    if (st == GDT_OK) {
        if (max_bits != 0 && (double)mpz_sizeinbase(den, 2) * (double)(n - 1) > (double)max_bits)
            st = GDT_ERANGE;
        else
            mpz_pow_ui(dn, den, n - 1);
    }
    if (st == GDT_OK) {
        /* (w_n, buf_(n-1)) = R (w_1, buf_0, 1) / dn */
        mpq_t x[2], c;
        mpq_inits(x[0], x[1], c, NULL);
        for (i = 0; i < 2; i++) {
            mpq_set_z(x[i], pr[i * 3 + 2]);
            mpq_set_z(c, pr[i * 3]);
            mpq_mul(c, c, w);
            mpq_add(x[i], x[i], c);
            mpq_set_z(c, pr[i * 3 + 1]);
            mpq_mul(c, c, buf);
            mpq_add(x[i], x[i], c);
            mpq_set_z(c, dn);
            mpq_div(x[i], x[i], c);
        }
        mpq_set(w, x[0]);
        mpq_set(buf, x[1]);
        mpq_clears(x[0], x[1], c, NULL);
    }
    for (i = 0; i < 4; i++)
        mpq_clear(a[i]);
    for (i = 0; i < 9; i++) {
        mpq_clear(p[i]);
        mpz_clears(m[i], r[i], s[i], NULL);
    }
    mpq_clears(k, t, NULL);
    mpz_clears(den, dn, NULL);
    return st;
}

gdt_status
gdt_momentum_at(mpq_t *w, mpq_t *buf, const gdt_affine *a, const gdt_heavyball *hb,
                const mpq_t lr, const mpq_t *lrs, const mpq_t *w0, unsigned long n,
                gdt_cancel *stop)
{
    size_t i;
    gdt_status st = GDT_OK;
    mpq_t h;

    mpq_init(h);
    for (i = 0; i < a->n && st == GDT_OK; i++) {
        mpq_add(h, a->h[i * a->n + i], hb->wd);
        st = one_at(w[i], buf[i], h, a->g0[i], lrs != NULL ? lrs[i] : lr, hb, w0[i], n,
                    a->max_bits, stop);
    }
    mpq_clear(h);
    return st;
}
