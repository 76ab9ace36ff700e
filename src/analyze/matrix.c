/* matrix -- the characteristic polynomial of a rational matrix, exactly,
   by Berkowitz's division-free algorithm over Z */
#include <stdint.h>
#include <stdlib.h>
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
