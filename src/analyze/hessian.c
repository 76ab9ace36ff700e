/* hessian -- the Hessian of a loss of any number of parameters, derived
   exactly and evaluated in MPFR; Newton's method on the gradient; the
   sharpness (the Hessian's top eigenvalue) at a point */
#include <stdlib.h>
#include <string.h>
#include "gdtrace/analyze.h"
#include "base/vec.h"

void
gdt_hessian_init(gdt_hessian *h)
{
    memset(h, 0, sizeof *h);
}

/* Free the bound domain's registers and scratch of H. */
static void
unbind(gdt_hessian *h)
{
    size_t i;

    for (i = 0; h->regs != NULL && i < h->n; i++)
        if (h->regs[i] != NULL)
            gdt_program_regs_free(h->regs[i], &h->row[i], &h->d);
    free(h->regs);
    h->regs = NULL;
    if (h->m != NULL) {
        for (i = 0; i < h->n * h->n; i++)
            mpfr_clear(h->m[i]);
        for (i = 0; i < h->n; i++)
            mpfr_clear(h->eig[i]);
        free(h->m);
        free(h->eig);
        h->m = h->eig = NULL;
    }
    if (h->have_d)
        gdt_domain_clear(&h->d);
    h->have_d = 0;
}

void
gdt_hessian_clear(gdt_hessian *h)
{
    size_t i;

    if (h == NULL)
        return;
    unbind(h);
    for (i = 0; h->row != NULL && i < h->n; i++)
        gdt_program_clear(&h->row[i]);
    free(h->row);
    memset(h, 0, sizeof *h);
}

gdt_status
gdt_hessian_derive(gdt_hessian *h, const gdt_problem *p, const gdt_program *prog)
{
    size_t n = p->n, i;
    gdt_error perr;
    gdt_status st = GDT_OK;

    gdt_hessian_clear(h);
    h->n = n;
    h->row = calloc(n, sizeof *h->row);
    if (h->row == NULL)
        return GDT_ENOMEM;
    /* row i: its loss is the partial g_i, its partials row i of H */
    for (i = 0; i < n && st == GDT_OK; i++) {
        gdt_error_clear(&perr);
        st = gdt_program_init_hessian_row(&h->row[i], p, prog, i, &perr);
    }
    return st;
}

gdt_status
gdt_hessian_bind(gdt_hessian *h, mpfr_prec_t prec, gdt_cancel *stop)
{
    size_t n = h->n, i;
    gdt_status st;

    unbind(h);
    st = gdt_domain_init_mpfr(&h->d, prec, MPFR_RNDN);
    if (st != GDT_OK)
        return st;
    h->have_d = 1;
    h->d.stop = stop;
    h->regs = calloc(n, sizeof *h->regs);
    h->m = malloc(n * n * sizeof *h->m);
    h->eig = malloc(n * sizeof *h->eig);
    if (h->regs == NULL || h->m == NULL || h->eig == NULL) {
        free(h->m);
        free(h->eig);
        h->m = h->eig = NULL;
        return GDT_ENOMEM;
    }
    for (i = 0; i < n * n; i++)
        mpfr_init2(h->m[i], prec);
    for (i = 0; i < n; i++)
        mpfr_init2(h->eig[i], prec);
    for (i = 0; i < n && st == GDT_OK; i++)
        st = gdt_program_regs_new(&h->regs[i], &h->row[i], &h->d);
    return st;
}

gdt_status
gdt_hessian_eval(gdt_hessian *h, mpfr_t *g, mpfr_t *hm, mpfr_t *w)
{
    size_t n = h->n, i, j, failed;
    gdt_status st = GDT_OK;

    for (i = 0; i < n && st == GDT_OK; i++) {
        const gdt_program *pr = &h->row[i];
        gdt_val *r = h->regs[i];
        for (j = 0; j < n; j++)
            mpfr_set(r[pr->nconsts + j].f, w[j], MPFR_RNDN);
        st = gdt_program_eval(pr, r, &h->d, &failed);
        if (st != GDT_OK)
            break;
        if (g != NULL)
            mpfr_set(g[i], r[pr->loss_reg].f, MPFR_RNDN);
        for (j = 0; j < n; j++)
            mpfr_set(hm[i * n + j], r[pr->grad_reg[j]].f, MPFR_RNDN);
    }
    return st;
}

/* M = (HM + HM^T)/2 scaled to D^(1/2) M D^(1/2) by the learning rates
   SQ[i] = sqrt(lr_i) (SQ NULL: one lr, no scaling): the symmetric matrix
   whose eigenvalues are those of diag(lr) H. */
static void
symmetrise(mpfr_t *m, mpfr_t *hm, size_t n, mpfr_t *sq)
{
    size_t i, j;

    for (i = 0; i < n; i++)
        for (j = i; j < n; j++) {
            mpfr_add(m[i * n + j], hm[i * n + j], hm[j * n + i], MPFR_RNDN);
            mpfr_div_2ui(m[i * n + j], m[i * n + j], 1, MPFR_RNDN);
            if (sq != NULL) {
                mpfr_mul(m[i * n + j], m[i * n + j], sq[i], MPFR_RNDN);
                mpfr_mul(m[i * n + j], m[i * n + j], sq[j], MPFR_RNDN);
            }
        }
}

gdt_status
gdt_hessian_eigen(gdt_hessian *h, mpfr_t *eig, mpfr_t *hm, mpfr_t *sq)
{
    symmetrise(h->m, hm, h->n, sq);
    return gdt_matrix_sym_eigen(eig, h->m, h->n, h->d.stop);
}

gdt_status
gdt_hessian_top(gdt_hessian *h, mpfr_t top, mpfr_t *w, mpfr_t *sq)
{
    size_t n = h->n;
    gdt_status st;

    /* H at W into h->m's place is needed twice: evaluate into the scratch
       of the eigenvalues' matrix, then symmetrise in place */
    st = gdt_hessian_eval(h, NULL, h->m, w);
    if (st != GDT_OK)
        return st;
    symmetrise(h->m, h->m, n, sq);
    st = gdt_matrix_sym_eigen(h->eig, h->m, n, h->d.stop);
    if (st == GDT_OK)
        mpfr_set(top, h->eig[n - 1], MPFR_RNDN);
    return st;
}

/* Solve A x = B (N x N, row-major; A and B overwritten, X may be B) by
   Gaussian elimination with partial pivoting; 0 when a pivot is zero (A
   is singular at this precision). */
static int
solve(mpfr_t *x, mpfr_t *a, mpfr_t *b, size_t n, mpfr_t t)
{
    size_t i, j, k, piv;

    for (k = 0; k < n; k++) {
        for (piv = k, i = k + 1; i < n; i++)
            if (mpfr_cmpabs(a[i * n + k], a[piv * n + k]) > 0)
                piv = i;
        if (mpfr_zero_p(a[piv * n + k]))
            return 0;
        if (piv != k) {
            for (j = 0; j < n; j++)
                mpfr_swap(a[k * n + j], a[piv * n + j]);
            mpfr_swap(b[k], b[piv]);
        }
        for (i = k + 1; i < n; i++) {
            mpfr_div(t, a[i * n + k], a[k * n + k], MPFR_RNDN);
            /* a_ij - t a_kj, rounded once: -(t a_kj - a_ij) */
            for (j = k; j < n; j++) {
                mpfr_fms(a[i * n + j], t, a[k * n + j], a[i * n + j], MPFR_RNDN);
                mpfr_neg(a[i * n + j], a[i * n + j], MPFR_RNDN);
            }
            mpfr_fms(b[i], t, b[k], b[i], MPFR_RNDN);
            mpfr_neg(b[i], b[i], MPFR_RNDN);
        }
    }
    for (k = n; k-- > 0;) {
        mpfr_set(t, b[k], MPFR_RNDN);
        for (j = k + 1; j < n; j++) {
            mpfr_fms(t, a[k * n + j], x[j], t, MPFR_RNDN);
            mpfr_neg(t, t, MPFR_RNDN);
        }
        mpfr_div(x[k], t, a[k * n + k], MPFR_RNDN);
    }
    return 1;
}

void
gdt_vec_norm_inf(mpfr_t r, mpfr_t *v, size_t n)
{
    size_t i;

    mpfr_set_zero(r, 1);
    for (i = 0; i < n; i++)
        if (mpfr_cmpabs(v[i], r) > 0)
            mpfr_abs(r, v[i], MPFR_RNDN);
}

gdt_status
gdt_hessian_newton(int *converged, unsigned long *steps, gdt_hessian *h, mpfr_t *w, mpfr_t *g,
                   mpfr_t *hm, unsigned long max_steps)
{
    size_t n = h->n, i;
    mpfr_prec_t prec = h->d.prec;
    mpfr_t *d, dn, wn, t;
    gdt_status st = GDT_OK;
    unsigned long k;

    *converged = 0;
    *steps = 0;
    d = malloc(n * sizeof *d);
    if (d == NULL)
        return GDT_ENOMEM;
    for (i = 0; i < n; i++)
        mpfr_init2(d[i], prec);
    mpfr_inits2(prec, dn, wn, t, (mpfr_ptr)0);
    for (k = 0;; k++) {
        int zero = 1, finite = 1;
        if (gdt_cancelled(h->d.stop)) {
            st = GDT_EINTERRUPTED;
            break;
        }
        if ((st = gdt_hessian_eval(h, g, hm, w)) != GDT_OK)
            break;
        for (i = 0; i < n; i++) {
            zero = zero && mpfr_zero_p(g[i]);
            finite = finite && mpfr_number_p(g[i]) && mpfr_number_p(w[i]);
        }
        for (i = 0; i < n * n; i++)
            finite = finite && mpfr_number_p(hm[i]);
        if (!finite)
            break;
        if (zero) {
            *converged = 1;
            break;
        }
        if (k == max_steps)
            break;
        /* H d = g, w -= d: the matrix solved in the scratch h->m */
        for (i = 0; i < n * n; i++)
            mpfr_set(h->m[i], hm[i], MPFR_RNDN);
        for (i = 0; i < n; i++)
            mpfr_set(d[i], g[i], MPFR_RNDN);
        if (!solve(d, h->m, d, n, t))
            break;
        for (i = 0; i < n; i++)
            mpfr_sub(w[i], w[i], d[i], MPFR_RNDN);
        *steps = k + 1;
        /* done when the step is below 2^(8 - prec) of w, or 2^(-2 prec)
           (a point at 0) */
        gdt_vec_norm_inf(dn, d, n);
        gdt_vec_norm_inf(wn, w, n);
        mpfr_mul_2si(wn, wn, 8 - (long)prec, MPFR_RNDN);
        mpfr_set_ui_2exp(t, 1, -2 * (long)prec, MPFR_RNDN);
        if (mpfr_cmp(dn, wn) <= 0 || mpfr_cmp(dn, t) <= 0) {
            /* G and HM at the point */
            if ((st = gdt_hessian_eval(h, g, hm, w)) == GDT_OK) {
                *converged = 1;
                for (i = 0; i < n; i++)
                    *converged = *converged && mpfr_number_p(g[i]) && mpfr_number_p(w[i]);
            }
            break;
        }
    }
    for (i = 0; i < n; i++)
        mpfr_clear(d[i]);
    free(d);
    mpfr_clears(dn, wn, t, (mpfr_ptr)0);
    return st;
}
