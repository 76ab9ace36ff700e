/* affine -- the exact affine gradient of a quadratic loss: g0 and H from
   the program, the fixed point, the state at step N by powering the map */
#include <stdint.h>
#include <stdlib.h>
#include "gdtrace/affine.h"
#include "base/vec.h"

int
gdt_problem_is_affine(const gdt_problem *p)
{
    size_t i;

    for (i = 0; i < p->n; i++) {
        long d = gdt_expr_degree(p->grad[i], -1);
        if (d < 0 || d > 1)
            return 0;
    }
    return 1;
}

/* Evaluate PROG exactly at the point X[] and copy the partials into G[]. */
static gdt_status
exact_grad(mpq_t *g, const gdt_program *prog, gdt_domain *d, gdt_val *regs, mpq_t *x)
{
    size_t i, failed;
    gdt_status st = GDT_OK;

    for (i = 0; i < prog->nparams && st == GDT_OK; i++)
        st = d->ops->set_q(&regs[prog->nconsts + i], x[i], d);
    if (st == GDT_OK)
        st = gdt_program_eval(prog, regs, d, &failed);
    for (i = 0; i < prog->nparams && st == GDT_OK; i++)
        st = d->ops->get_q(g[i], &regs[prog->grad_reg[i]], d);
    return st;
}

gdt_status
gdt_affine_init(gdt_affine *a, const gdt_program *prog)
{
    size_t n = prog->nparams, i, j;
    gdt_domain d;
    gdt_val *regs = NULL;
    mpq_t *x = NULL, *g = NULL;
    gdt_status st;

    a->n = n;
    a->max_bits = 0;
    a->g0 = gdt_qvec_new(n);
    a->h = gdt_qvec_new(n * n);
    x = gdt_qvec_new(n);
    g = gdt_qvec_new(n);
    gdt_domain_init_exact(&d);
    if (a->g0 == NULL || a->h == NULL || x == NULL || g == NULL) {
        st = GDT_ENOMEM;
        goto out;
    }
    if ((st = gdt_program_regs_new(&regs, prog, &d)) != GDT_OK)
        goto out;
    if ((st = exact_grad(a->g0, prog, &d, regs, x)) != GDT_OK)
        goto out;
    /* column j of H: g(e_j) - g(0) */
    for (j = 0; j < n; j++) {
        mpq_set_ui(x[j], 1, 1);
        if ((st = exact_grad(g, prog, &d, regs, x)) != GDT_OK)
            goto out;
        mpq_set_ui(x[j], 0, 1);
        for (i = 0; i < n; i++)
            mpq_sub(a->h[i * n + j], g[i], a->g0[i]);
    }
out:
    gdt_program_regs_free(regs, prog, &d);
    gdt_domain_clear(&d);
    gdt_qvec_free(x, n);
    gdt_qvec_free(g, n);
    if (st != GDT_OK)
        gdt_affine_clear(a);
    return st;
}

void
gdt_affine_clear(gdt_affine *a)
{
    if (a == NULL)
        return;
    gdt_qvec_free(a->g0, a->n);
    gdt_qvec_free(a->h, a->n * a->n);
    a->g0 = a->h = NULL;
    a->n = 0;
}

int
gdt_affine_fixed_point(mpq_t *w, const gdt_affine *a, gdt_cancel *stop)
{
    size_t n = a->n, i, j, k, c = n + 1;
    mpq_t *m = gdt_qvec_new(n * c), t, u;
    int ok = 1;

    if (m == NULL)
        return 0;
    mpq_init(t);
    mpq_init(u);
    /* Gauss-Jordan on [H | -g0], exactly */
    for (i = 0; i < n; i++) {
        for (j = 0; j < n; j++)
            mpq_set(m[i * c + j], a->h[i * n + j]);
        mpq_neg(m[i * c + n], a->g0[i]);
    }
    for (k = 0; k < n && ok && !gdt_cancelled(stop); k++) {
        size_t piv = k;
        while (piv < n && mpq_sgn(m[piv * c + k]) == 0)
            piv++;
        if (piv == n) {
            ok = 0;
            break;
        }
        if (piv != k)
            for (j = 0; j < c; j++)
                mpq_swap(m[k * c + j], m[piv * c + j]);
        for (i = 0; i < n; i++) {
            if (i == k || mpq_sgn(m[i * c + k]) == 0)
                continue;
            mpq_div(t, m[i * c + k], m[k * c + k]);
            for (j = k; j < c; j++) {
                mpq_mul(u, t, m[k * c + j]);
                mpq_sub(m[i * c + j], m[i * c + j], u);
            }
        }
    }
    if (gdt_cancelled(stop))
        ok = 0; /* the caller sees the flag */
    for (i = 0; i < n && ok; i++)
        mpq_div(w[i], m[i * c + n], m[i * c + i]);
    mpq_clear(t);
    mpq_clear(u);
    gdt_qvec_free(m, n * c);
    return ok;
}

/* Y[] += M X[] for the first N columns of N rows of M, rows STRIDE
   entries apart. */
static void
mat_vec_add(mpq_t *y, const mpq_t *m, size_t stride, const mpq_t *x, size_t n)
{
    size_t i, j;
    mpq_t t;

    mpq_init(t);
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++) {
            mpq_mul(t, m[i * stride + j], x[j]);
            mpq_add(y[i], y[i], t);
        }
    mpq_clear(t);
}

static size_t
qbits(const mpq_t q)
{
    return mpz_sizeinbase(mpq_numref(q), 2) + mpz_sizeinbase(mpq_denref(q), 2);
}

/* R = A B for K x K matrices (R distinct from A and B); GDT_ERANGE, before
   computing, when an entry could need more than MAX_BITS bits (0: no
   limit). */
static gdt_status
mat_mul(mpq_t *r, mpq_t *a, mpq_t *b, size_t k, size_t max_bits)
{
    size_t i, j, l, ma = 0, mb = 0;
    mpq_t t;

    for (i = 0; i < k * k; i++) {
        if (qbits(a[i]) > ma)
            ma = qbits(a[i]);
        if (qbits(b[i]) > mb)
            mb = qbits(b[i]);
    }
    if (max_bits != 0 && ma + mb + 2 * k > max_bits)
        return GDT_ERANGE;
    mpq_init(t);
    for (i = 0; i < k; i++)
        for (j = 0; j < k; j++) {
            mpq_set_ui(r[i * k + j], 0, 1);
            for (l = 0; l < k; l++) {
                if (mpq_sgn(a[i * k + l]) == 0 || mpq_sgn(b[l * k + j]) == 0)
                    continue;
                mpq_mul(t, a[i * k + l], b[l * k + j]);
                mpq_add(r[i * k + j], r[i * k + j], t);
            }
        }
    mpq_clear(t);
    return GDT_OK;
}

/* M = I - D H, D = diag(LR[0], LR[STEP], LR[2 STEP], ...): STEP 0 for one
   lr, 1 for one per parameter. */
static void
step_matrix(mpq_t *m, size_t stride, const gdt_affine *a, const mpq_t *lr, size_t step)
{
    size_t i, j, n = a->n;

    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++) {
            mpq_mul(m[i * stride + j], lr[i * step], a->h[i * n + j]);
            mpq_neg(m[i * stride + j], m[i * stride + j]);
            if (i == j) /* 1 - lr_i H_ii */
                mpz_add(mpq_numref(m[i * stride + j]), mpq_numref(m[i * stride + j]),
                        mpq_denref(m[i * stride + j]));
        }
}

/* gdt_affine_at with the learning rates LR[i * STEP] (step_matrix). */
static gdt_status
affine_at(mpq_t *w, const gdt_affine *a, const mpq_t *lr, size_t step, const mpq_t *w0,
          unsigned long n, gdt_cancel *stop)
{
    size_t k = a->n + 1, i;
    mpq_t *p = gdt_qvec_new(k * k), *r = gdt_qvec_new(k * k), *t = gdt_qvec_new(k * k), *sw;
    gdt_status st = GDT_OK;

    if (p == NULL || r == NULL || t == NULL) {
        st = GDT_ENOMEM;
        goto out;
    }
    /* P = [[I - D H, -D g0], [0, 1]], the map on (w, 1), D = diag(lr);
       R = identity */
    step_matrix(p, k, a, lr, step);
    for (i = 0; i < a->n; i++) {
        mpq_mul(p[i * k + a->n], lr[i * step], a->g0[i]);
        mpq_neg(p[i * k + a->n], p[i * k + a->n]);
    }
    mpq_set_ui(p[a->n * k + a->n], 1, 1);
    for (i = 0; i < k; i++)
        mpq_set_ui(r[i * k + i], 1, 1);
    /* R = P^n by squaring */
    while (n > 0 && st == GDT_OK) {
        if (gdt_cancelled(stop)) {
            st = GDT_EINTERRUPTED;
            break;
        }
        if (n & 1) {
            if ((st = mat_mul(t, r, p, k, a->max_bits)) != GDT_OK)
                break;
            sw = r, r = t, t = sw;
        }
        n >>= 1;
        if (n > 0) {
            if ((st = mat_mul(t, p, p, k, a->max_bits)) != GDT_OK)
                break;
            sw = p, p = t, t = sw;
        }
    }
    if (st != GDT_OK)
        goto out;
    /* w = R (w0, 1): the block of R times w0, plus its last column */
    for (i = 0; i < a->n; i++)
        mpq_set(w[i], r[i * k + a->n]);
    mat_vec_add(w, r, k, w0, a->n);
out:
    gdt_qvec_free(p, k * k);
    gdt_qvec_free(r, k * k);
    gdt_qvec_free(t, k * k);
    return st;
}

gdt_status
gdt_affine_at(mpq_t *w, const gdt_affine *a, const mpq_t lr, const mpq_t *w0, unsigned long n,
              gdt_cancel *stop)
{
    return affine_at(w, a, (const mpq_t *)lr, 0, w0, n, stop);
}

gdt_status
gdt_affine_at_lrs(mpq_t *w, const gdt_affine *a, const mpq_t *lr, const mpq_t *w0,
                  unsigned long n, gdt_cancel *stop)
{
    return affine_at(w, a, lr, 1, w0, n, stop);
}

void
gdt_affine_multiplier(mpq_t r, const mpq_t lr, const mpq_t f2)
{
    mpq_mul(r, lr, f2);
    mpq_neg(r, r);
    mpz_add(mpq_numref(r), mpq_numref(r), mpq_denref(r)); /* + 1 */
}

void
gdt_affine_step_matrix(mpq_t *m, size_t stride, const gdt_affine *a, const mpq_t lr)
{
    step_matrix(m, stride, a, (const mpq_t *)lr, 0);
}

void
gdt_affine_step_matrix_lrs(mpq_t *m, size_t stride, const gdt_affine *a, const mpq_t *lr)
{
    step_matrix(m, stride, a, lr, 1);
}

void
gdt_affine_grad(mpq_t *g, const gdt_affine *a, const mpq_t *w)
{
    size_t i;

    for (i = 0; i < a->n; i++)
        mpq_set(g[i], a->g0[i]);
    mat_vec_add(g, a->h, a->n, w, a->n);
}

