/* matrix -- the characteristic polynomial of a rational matrix, exactly,
   by Berkowitz's division-free algorithm over Z; the eigenvalues of a
   symmetric matrix in MPFR by Jacobi's method */
#include <stdint.h>
#include <stdlib.h>
#include <mpfr.h>
#include "gdtrace/poly.h"
#include "base/vec.h"

/* Berkowitz: with A_k the trailing submatrix of A from row and column k,
   A_k = [[a, R], [C, A_{k+1}]] and chi_k = T chi_{k+1}, T the lower
   triangular Toeplitz matrix of first column (1, -a, -R C, -R A_{k+1} C,
   -R A_{k+1}^2 C, ...).  Coefficient vectors run from x^m down to x^0. */
gdt_status
gdt_matrix_charpoly(gdt_poly *r, const mpq_t *m, size_t n, gdt_cancel *stop)
{
    mpz_t *a = NULL, *chi = NULL, *nxt = NULL, *t = NULL, *v = NULL, *w = NULL;
    mpz_t d, s;
    size_t i, j, k, sz, len;
    gdt_status st = GDT_ENOMEM;
    gdt_poly out;

    gdt_poly_init(&out);
    if (n > 0 && n > SIZE_MAX / n)
        return GDT_ERANGE;
    mpz_init_set_ui(d, 1);
    mpz_init(s);
    a = n > 0 ? gdt_zvec_new(n * n) : NULL;
    chi = gdt_zvec_new(n + 1);
    nxt = gdt_zvec_new(n + 1);
    t = gdt_zvec_new(n + 1);
    v = gdt_zvec_new(n + 1);
    w = gdt_zvec_new(n + 1);
    if ((n > 0 && a == NULL) || chi == NULL || nxt == NULL || t == NULL || v == NULL
        || w == NULL)
        goto out_free;
    /* A = d M, integral */
    for (i = 0; i < n * n; i++)
        mpz_lcm(d, d, mpq_denref(m[i]));
    for (i = 0; i < n * n; i++) {
        mpz_divexact(a[i], d, mpq_denref(m[i]));
        mpz_mul(a[i], a[i], mpq_numref(m[i]));
    }
#define A(i, j) a[(i) * n + (j)]
    /* chi of the empty trailing matrix: 1 */
    mpz_set_ui(chi[0], 1);
    len = 1;
    for (k = n; k-- > 0;) {
        if (gdt_cancelled(stop)) {
            st = GDT_EINTERRUPTED;
            goto out_free;
        }
        sz = n - k; /* A_k is sz x sz; chi (len = sz) belongs to A_{k+1} */
        mpz_set_ui(t[0], 1);
        mpz_neg(t[1], A(k, k));
        /* v = C; t[l + 2] = -R A_{k+1}^l C */
        for (i = 0; i + 1 < sz; i++)
            mpz_set(v[i], A(k + 1 + i, k));
        for (j = 0; j + 1 < sz; j++) {
            mpz_set_ui(s, 0);
            for (i = 0; i + 1 < sz; i++)
                mpz_addmul(s, A(k, k + 1 + i), v[i]);
            mpz_neg(t[j + 2], s);
            if (j + 2 < sz) { /* v = A_{k+1} v */
                size_t l;
                for (i = 0; i + 1 < sz; i++) {
                    mpz_set_ui(w[i], 0);
                    for (l = 0; l + 1 < sz; l++)
                        mpz_addmul(w[i], A(k + 1 + i, k + 1 + l), v[l]);
                }
                for (i = 0; i + 1 < sz; i++)
                    mpz_swap(v[i], w[i]);
            }
        }
        /* nxt = T chi, of length sz + 1 */
        for (i = 0; i <= sz; i++) {
            mpz_set_ui(nxt[i], 0);
            for (j = 0; j < len && j <= i; j++)
                mpz_addmul(nxt[i], t[i - j], chi[j]);
        }
        for (i = 0; i <= sz; i++)
            mpz_swap(chi[i], nxt[i]);
        len = sz + 1;
    }
#undef A
    /* det(x I - A/d) = d^-n det(d x I - A): the x^i coefficient is that of
       A over d^(n - i) */
    out.c = malloc((n + 1) * sizeof *out.c);
    if (out.c == NULL)
        goto out_free;
    for (out.n = 0; out.n <= n; out.n++)
        mpq_init(out.c[out.n]);
    mpz_set_ui(s, 1);
    for (i = n + 1; i-- > 0;) {
        mpz_set(mpq_numref(out.c[i]), chi[n - i]);
        mpz_set(mpq_denref(out.c[i]), s);
        mpq_canonicalize(out.c[i]);
        mpz_mul(s, s, d);
    }
    gdt_poly_clear(r);
    *r = out;
    gdt_poly_init(&out);
    st = GDT_OK;
out_free:
    gdt_poly_clear(&out);
    gdt_zvec_free(a, n * n);
    gdt_zvec_free(chi, n + 1);
    gdt_zvec_free(nxt, n + 1);
    gdt_zvec_free(t, n + 1);
    gdt_zvec_free(v, n + 1);
    gdt_zvec_free(w, n + 1);
    mpz_clear(d);
    mpz_clear(s);
    return st;
}

/* Sweeps of Jacobi's method before giving up: each sweep squares the
   off-diagonal part once it is small, so a few suffice at any precision. */
#define JACOBI_SWEEPS 64

/* The rotation that zeroes A[p][q] (p < q) of the N x N symmetric A (both
   triangles kept), with T, C, S, H scratch. */
static void
jacobi_rotate(mpfr_t *a, size_t n, size_t p, size_t q, mpfr_t t, mpfr_t c, mpfr_t s,
              mpfr_t h)
{
    size_t r;

#define A(i, j) a[(i) * n + (j)]
    /* theta = (a_qq - a_pp) / (2 a_pq); t = sgn(theta) / (|theta| +
       sqrt(theta^2 + 1)), the smaller root of t^2 + 2 theta t - 1 */
    mpfr_sub(h, A(q, q), A(p, p), MPFR_RNDN);
    mpfr_div(h, h, A(p, q), MPFR_RNDN);
    mpfr_div_2ui(h, h, 1, MPFR_RNDN);
    mpfr_set_ui(c, 1, MPFR_RNDN);
    mpfr_hypot(t, h, c, MPFR_RNDN);           /* sqrt(theta^2 + 1) */
    mpfr_abs(s, h, MPFR_RNDN);
    mpfr_add(t, t, s, MPFR_RNDN);
    mpfr_ui_div(t, 1, t, MPFR_RNDN);
    if (mpfr_sgn(h) < 0)
        mpfr_neg(t, t, MPFR_RNDN);
    mpfr_hypot(c, t, c, MPFR_RNDN);           /* c = 1 / sqrt(t^2 + 1) */
    mpfr_ui_div(c, 1, c, MPFR_RNDN);
    mpfr_mul(s, t, c, MPFR_RNDN);
    /* a_pp -= t a_pq, a_qq += t a_pq, a_pq = 0 */
    mpfr_mul(h, t, A(p, q), MPFR_RNDN);
    mpfr_sub(A(p, p), A(p, p), h, MPFR_RNDN);
    mpfr_add(A(q, q), A(q, q), h, MPFR_RNDN);
    mpfr_set_zero(A(p, q), 1);
    mpfr_set_zero(A(q, p), 1);
    /* the other rows: (a_rp, a_rq) = (c a_rp - s a_rq, s a_rp + c a_rq) */
    for (r = 0; r < n; r++) {
        if (r == p || r == q)
            continue;
        mpfr_mul(h, s, A(r, q), MPFR_RNDN);
        mpfr_fms(h, c, A(r, p), h, MPFR_RNDN);      /* c a_rp - s a_rq */
        mpfr_mul(t, s, A(r, p), MPFR_RNDN);
        mpfr_fma(t, c, A(r, q), t, MPFR_RNDN);      /* c a_rq + s a_rp */
        mpfr_set(A(r, p), h, MPFR_RNDN);
        mpfr_set(A(p, r), h, MPFR_RNDN);
        mpfr_set(A(r, q), t, MPFR_RNDN);
        mpfr_set(A(q, r), t, MPFR_RNDN);
    }
#undef A
}

gdt_status
gdt_matrix_sym_eigen(mpfr_t *eig, mpfr_t *a, size_t n, gdt_cancel *stop)
{
    mpfr_prec_t prec = n > 0 ? mpfr_get_prec(eig[0]) : MPFR_PREC_MIN;
    mpfr_t off, norm, t, c, s, h;
    size_t i, j, sweep;
    gdt_status st = GDT_OK;

    for (i = 0; i < n * n; i++)
        if (!mpfr_number_p(a[i]))
            return GDT_EDOMAIN;
    mpfr_inits2(prec + 16, off, norm, t, c, s, h, (mpfr_ptr)0);
    /* the upper triangle, mirrored */
    for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++)
            mpfr_set(a[j * n + i], a[i * n + j], MPFR_RNDN);
    /* the size: the sum of the squares of every entry (it stays as it is
       under rotations) */
    mpfr_set_zero(norm, 1);
    for (i = 0; i < n * n; i++)
        mpfr_fma(norm, a[i], a[i], norm, MPFR_RNDN);
    mpfr_mul_2si(norm, norm, -2 * (long)prec, MPFR_RNDN);
    for (sweep = 0; sweep < JACOBI_SWEEPS; sweep++) {
        if (gdt_cancelled(stop)) {
            st = GDT_EINTERRUPTED;
            break;
        }
        mpfr_set_zero(off, 1);
        for (i = 0; i < n; i++)
            for (j = i + 1; j < n; j++)
                mpfr_fma(off, a[i * n + j], a[i * n + j], off, MPFR_RNDN);
        if (mpfr_cmp(off, norm) <= 0)
            break;
        for (i = 0; i < n; i++)
            for (j = i + 1; j < n; j++)
                if (!mpfr_zero_p(a[i * n + j]))
                    jacobi_rotate(a, n, i, j, t, c, s, h);
    }
    for (i = 0; i < n && st == GDT_OK; i++)
        mpfr_set(eig[i], a[i * n + i], MPFR_RNDN);
    /* in increasing order (insertion: N is small) */
    for (i = 1; i < n && st == GDT_OK; i++)
        for (j = i; j > 0 && mpfr_cmp(eig[j - 1], eig[j]) > 0; j--)
            mpfr_swap(eig[j - 1], eig[j]);
    mpfr_clears(off, norm, t, c, s, h, (mpfr_ptr)0);
    return st;
}
