/* decpath -- the stepper's decimal path: the integer runs of a quadratic
   loss, held in decimal limbs, never converted from binary

   When every value of an exact run is an integer and the step is an
   affine map with integer coefficients, w_{k+1} = A w_k + b with
   A = I - D H and b = -D g0 (D = diag(lr), a learning rate per
   parameter), the gradient follows g_{k+1} = G g_k with G = I - H D (it
   is affine: g_{k+1} = g_k + H (w_{k+1} - w_k); G = A for one lr), and
   the loss of one parameter,
   L = a w^2 + b' w + c, follows L_{k+1} = r^2 L_k + M w_k + K with
   M = 2 a r s + b' r (1 - r) and K = a s^2 + b' s + c (1 - r^2) (r = A,
   s = b).  Each is a small linear combination of decimal numbers: one
   pass over their limbs, and the text is the limbs' digits.  The loss of
   several parameters is computed by the program, exactly, when something
   reads it (the registers are set from the limbs then).

   Near the domain's max_bits the exact path takes over from the current
   step (its registers are set from the limbs), so that the run stops on
   the limit at the very step and with the very message it always did:
   the bound kept for each register of the program, alpha * B + beta bits
   for parameters of at most B bits, is at least the size the exact
   domain checks before each operation. */
#include <stdlib.h>
#include <string.h>
#include "run/decpath.h"
#include "base/decint.h"
#include "gdtrace/affine.h"

/* The exact domain's own limit on a power's size (num_exact.c), which
   holds when max_bits is 0. */
#define POW_LIMIT ((size_t)1 << 34)
/* How far below the limit the decimal path hands over. */
#define MARGIN 256

typedef struct gdt_decpath {
    size_t n;                /* parameters */
    gdt_decint *vals;        /* 3 n values, which w, g and wn share out: */
    gdt_decint *w, *g;       /* w_k, g_k: n each */
    gdt_decint *wn;          /* the next w (several parameters) */
    const gdt_decint **xs;   /* n pointers, for the linear combinations */
    int64_t *a, *b, *ga;     /* A (n x n, row-major), b (n), then G (n x n) */
    /* one parameter: g_k = h w_k + g0 made when read (g_k at step g_k_at),
       zero where w_k is the integer wstar (when has_wstar); L_k followed
       (loss_live) unless no step up to the second one read it (loss_read),
       as in python output: then the exact path makes it if read at all */
    int64_t h, g0;
    gdt_decint wstar;
    int has_wstar;
    unsigned long g_at;
    gdt_decint loss;
    int loss_live, loss_read;
    int64_t la, lm, lk;      /* L_{k+1} = la L_k + lm w_k + lk */
    size_t *alpha, *beta;    /* each register's bound: nregs each, one
                                allocation */
    size_t lr_bits;
    unsigned long synced_k;  /* the step the registers hold, */
    int synced;              /* at level 0 (none), 1 or 2 */
    mpq_t q;
} gdt_decpath;

void
gdt_decpath_free(gdt_stepper *s)
{
    gdt_decpath *p = s->dec;
    size_t i;

    if (p == NULL)
        return;
    for (i = 0; p->vals != NULL && i < 3 * p->n; i++)
        gdt_decint_clear(&p->vals[i]);
    gdt_decint_clear(&p->loss);
    gdt_decint_clear(&p->wstar);
    free(p->vals);
    free(p->xs);
    free(p->a);
    free(p->alpha);
    mpq_clear(p->q);
    free(p);
    s->dec = NULL;
}

/* Q's value in *V when it is an integer of at most LIMIT in magnitude. */
static int
small_int(int64_t *v, const mpq_t q, int64_t limit)
{
    if (mpz_cmp_ui(mpq_denref(q), 1) != 0 || !mpz_fits_slong_p(mpq_numref(q)))
        return 0;
    *v = mpz_get_si(mpq_numref(q));
    return *v <= limit && *v >= -limit;
}

static size_t
qbits(const mpq_t q)
{
    return mpz_sizeinbase(mpq_numref(q), 2) + mpz_sizeinbase(mpq_denref(q), 2);
}

/* The bounds of P's registers for PROG: the size in bits (numerator and
   denominator, as the exact domain counts) of every register is at most
   alpha * B + beta when every parameter has at most B - 1 bits; alpha is
   the register's degree as a polynomial in the parameters.  0 when PROG
   has an operation the decimal path does not follow (division, a
   negative power, a function, a sum over data rows) or a constant that is
   no integer. */
static int
plan_bounds(gdt_decpath *p, const gdt_program *prog)
{
    size_t i, nregs = prog->nregs;

    for (i = 0; i < prog->nconsts; i++) {
        if (prog->named[i] >= 0 || mpz_cmp_ui(mpq_denref(prog->consts[i]), 1) != 0)
            return 0;
        p->alpha[i] = 0;
        p->beta[i] = qbits(prog->consts[i]);
    }
    for (i = prog->nconsts; i < nregs; i++) {
        p->alpha[i] = i < prog->nconsts + prog->nparams;
        p->beta[i] = 0;
    }
    for (i = 0; i < prog->ninsns; i++) {
        const gdt_insn *in = &prog->insns[i];
        size_t aa = p->alpha[in->a], ba = p->beta[in->a], d = in->dst;
        switch (in->op) {
        case GDT_OP_NEG:
            p->alpha[d] = aa;
            p->beta[d] = ba;
            break;
        case GDT_OP_ADD:
        case GDT_OP_SUB:
            p->alpha[d] = aa > p->alpha[in->b] ? aa : p->alpha[in->b];
            p->beta[d] = (ba > p->beta[in->b] ? ba : p->beta[in->b]) + 1;
            break;
        case GDT_OP_MUL:
            p->alpha[d] = aa + p->alpha[in->b];
            p->beta[d] = ba + p->beta[in->b];
            break;
        case GDT_OP_POW:
            if (in->n < 0 || in->n > 64)
                return 0;
            p->alpha[d] = aa * (size_t)in->n;
            p->beta[d] = ba * (size_t)in->n + 2; /* x^0 = 1 has 2 */
            break;
        default:
            return 0;
        }
        if (p->alpha[d] > 4096 || p->beta[d] > ((size_t)1 << 40))
            return 0; /* far beyond any run the path could hold */
    }
    return 1;
}

/* 1 when S's values stay far enough below the exact domain's limits at
   the current step, its parameters having at most B bits. */
static int
far_from_limits(const gdt_stepper *s, size_t b)
{
    const gdt_decpath *p = s->dec;
    const gdt_program *prog = s->prog;
    size_t limit = s->dom->max_bits ? s->dom->max_bits : POW_LIMIT, i;

    b += 1; /* a parameter's size as the exact domain counts it */
    for (i = 0; i < prog->nregs; i++) {
        if (p->alpha[i] != 0 && b > (SIZE_MAX - p->beta[i] - MARGIN) / p->alpha[i])
            return 0;
        if (p->alpha[i] * b + p->beta[i] + MARGIN > limit)
            return 0;
    }
    /* the update: lr times a partial, then the subtraction, or both fused
       (bounded by the sizes of lr, the partial and w together) */
    for (i = 0; i < prog->nparams; i++)
        if (p->alpha[prog->grad_reg[i]] * b + p->beta[prog->grad_reg[i]] + p->lr_bits + b
                + MARGIN > limit)
            return 0;
    return 1;
}

/* L = the loss of S's program (of one parameter) at X, exactly, computed
   in the scratch registers REGS. */
static int
loss_at(const gdt_stepper *s, gdt_val *regs, const mpq_t x, mpq_t l)
{
    gdt_domain *d = s->dom;
    size_t failed;

    return d->ops->set_q(&regs[s->prog->nconsts], x, d) == GDT_OK
           && gdt_program_eval(s->prog, regs, d, &failed) == GDT_OK
           && d->ops->get_q(l, &regs[s->prog->loss_reg], d) == GDT_OK;
}

/* The loss's recurrence for one parameter (r = A, s = b): 1 when its
   coefficients are small enough. */
static int
plan_loss(gdt_decpath *p, const gdt_stepper *s, int64_t r, int64_t sc)
{
    gdt_val *regs = NULL;
    mpq_t x, l0, l1, lm1, a, b, t;
    mpz_t m, k;
    int ok = 0;

    if (r > 65536 || r < -65536 || gdt_program_regs_new(&regs, s->prog, s->dom) != GDT_OK)
        return 0;
    mpq_inits(x, l0, l1, lm1, a, b, t, (mpq_ptr)0);
    mpz_inits(m, k, (mpz_ptr)0);
    /* L(w) = a w^2 + b w + c from L(0), L(1), L(-1) */
    mpq_set_si(x, 0, 1);
    if (!loss_at(s, regs, x, l0))
        goto out;
    mpq_set_si(x, 1, 1);
    if (!loss_at(s, regs, x, l1))
        goto out;
    mpq_set_si(x, -1, 1);
    if (!loss_at(s, regs, x, lm1))
        goto out;
    mpq_add(a, l1, lm1);
    mpq_div_2exp(a, a, 1);
    mpq_sub(a, a, l0);
    mpq_sub(b, l1, lm1);
    mpq_div_2exp(b, b, 1);
    if (mpz_cmp_ui(mpq_denref(a), 1) != 0 || mpz_cmp_ui(mpq_denref(b), 1) != 0
        || mpz_cmp_ui(mpq_denref(l0), 1) != 0)
        goto out;
    /* M = 2 a r s + b r (1 - r) */
    mpz_mul_si(m, mpq_numref(a), 2 * r);
    mpz_mul_si(m, m, sc);
    mpz_mul_si(k, mpq_numref(b), r);
    mpz_mul_si(k, k, 1 - r);
    mpz_add(m, m, k);
    /* K = a s^2 + b s + c (1 - r^2) */
    mpz_mul_si(k, mpq_numref(a), sc);
    mpz_add(k, k, mpq_numref(b));
    mpz_mul_si(k, k, sc);
    mpz_mul_si(mpq_numref(t), mpq_numref(l0), 1 - r * r);
    mpz_add(k, k, mpq_numref(t));
    if (!mpz_fits_slong_p(m) || !mpz_fits_slong_p(k))
        goto out;
    p->la = r * r;
    p->lm = mpz_get_si(m);
    p->lk = mpz_get_si(k);
    ok = (uint64_t)(p->lm < 0 ? -p->lm : p->lm) + (uint64_t)p->la <= GDT_DECINT_MULT_MAX
        && p->lk <= GDT_DECINT_CONST_MAX && p->lk >= -GDT_DECINT_CONST_MAX;
out:
    mpq_clears(x, l0, l1, lm1, a, b, t, (mpq_ptr)0);
    mpz_clears(m, k, (mpz_ptr)0);
    gdt_program_regs_free(regs, s->prog, s->dom);
    return ok;
}

/* The map A, b and the state from S's registers; 1 when they are integers
   small enough. */
static int
plan_map(gdt_decpath *p, const gdt_stepper *s)
{
    const gdt_program *prog = s->prog;
    gdt_domain *d = s->dom;
    size_t n = p->n, i, j;
    gdt_affine af;
    mpq_t *m = NULL, *w = NULL, *g = NULL;
    const mpq_t *lr = (const mpq_t *)s->lr_q;
    int ok = 0;

    if (gdt_affine_init(&af, prog) != GDT_OK)
        return 0;
    if ((m = malloc(n * n * sizeof *m)) == NULL || (w = malloc(n * sizeof *w)) == NULL
        || (g = malloc(n * sizeof *g)) == NULL)
        goto out;
    for (i = 0; i < n * n; i++)
        mpq_init(m[i]);
    for (i = 0; i < n; i++) {
        mpq_init(w[i]);
        mpq_init(g[i]);
    }
    gdt_affine_step_matrix_lrs(m, n, &af, lr);
    for (i = 0; i < n; i++) {
        uint64_t row = 0, grow = 0;
        for (j = 0; j < n; j++) {
            if (!small_int(&p->a[i * n + j], m[i * n + j], GDT_DECINT_MULT_MAX))
                goto clear;
            row += (uint64_t)(p->a[i * n + j] < 0 ? -p->a[i * n + j] : p->a[i * n + j]);
            /* G = I - H D: its entry ij is 1 - h_ij lr_j on the diagonal */
            mpq_mul(p->q, af.h[i * n + j], lr[j]);
            mpq_neg(p->q, p->q);
            if (i == j)
                mpz_add(mpq_numref(p->q), mpq_numref(p->q), mpq_denref(p->q));
            if (!small_int(&p->ga[i * n + j], p->q, GDT_DECINT_MULT_MAX))
                goto clear;
            grow += (uint64_t)(p->ga[i * n + j] < 0 ? -p->ga[i * n + j] : p->ga[i * n + j]);
        }
        mpq_mul(g[i], lr[i], af.g0[i]);
        mpq_neg(g[i], g[i]);
        if (row > GDT_DECINT_MULT_MAX || grow > GDT_DECINT_MULT_MAX
            || !small_int(&p->b[i], g[i], GDT_DECINT_CONST_MAX))
            goto clear;
    }
    /* the state: w_k from the registers, g_k = g0 + H w_k */
    for (i = 0; i < n; i++)
        if (d->ops->get_q(w[i], &s->regs[prog->nconsts + i], d) != GDT_OK
            || mpz_cmp_ui(mpq_denref(w[i]), 1) != 0
            || gdt_decint_set_z(&p->w[i], mpq_numref(w[i])) != GDT_OK)
            goto clear;
    gdt_affine_grad(g, &af, (const mpq_t *)w);
    for (i = 0; i < n; i++)
        if (mpz_cmp_ui(mpq_denref(g[i]), 1) != 0
            || gdt_decint_set_z(&p->g[i], mpq_numref(g[i])) != GDT_OK)
            goto clear;
    ok = 1;
    if (n == 1) { /* h, g0, w*; L_k, exactly */
        int64_t h = 0, g0 = 0;
        ok = small_int(&h, af.h[0], GDT_DECINT_MULT_MAX)
             && small_int(&g0, af.g0[0], GDT_DECINT_CONST_MAX);
        p->h = h;
        p->g0 = g0;
        p->has_wstar = ok && h != 0 && g0 % h == 0;
        p->g_at = s->k;
        if (ok && p->has_wstar)
            ok = gdt_decint_set_si(&p->wstar, -(g0 / h)) == GDT_OK;
        if (!ok)
            goto clear;
        p->loss_live = 1;
        p->loss_read = 0;
        gdt_val *regs = NULL;
        mpq_t l;
        mpq_init(l);
        ok = gdt_program_regs_new(&regs, prog, d) == GDT_OK
             && loss_at(s, regs, w[0], l)
             && mpz_cmp_ui(mpq_denref(l), 1) == 0
             && gdt_decint_set_z(&p->loss, mpq_numref(l)) == GDT_OK
             && plan_loss(p, s, p->a[0], p->b[0]);
        gdt_program_regs_free(regs, prog, d);
        mpq_clear(l);
    }
clear:
    for (i = 0; i < n * n; i++)
        mpq_clear(m[i]);
    for (i = 0; i < n; i++) {
        mpq_clear(w[i]);
        mpq_clear(g[i]);
    }
out:
    free(m);
    free(w);
    free(g);
    gdt_affine_clear(&af);
    return ok;
}

void
gdt_decpath_start(gdt_stepper *s)
{
    const gdt_program *prog = s->prog;
    size_t n = prog->nparams, i;
    gdt_decpath *p;

    s->decimal = 0;
    if (s->dec != NULL || strcmp(s->dom->ops->kind, "exact") != 0
        || s->detect_cycles || prog->nrows != 0 || n == 0 || s->optim != NULL)
        return;
    for (i = 0; i < n; i++)
        if (mpz_cmp_ui(mpq_denref(s->lr_q[i]), 1) != 0)
            return;
    if (s->numfmt != NULL && s->numfmt->kind != GDT_DIGITS_SHORTEST
        && s->numfmt->kind != GDT_DIGITS_EXACT)
        return;
    if ((p = calloc(1, sizeof *p)) == NULL)
        return;
    mpq_init(p->q);
    s->dec = p;
    p->n = n;
    gdt_decint_init(&p->loss);
    gdt_decint_init(&p->wstar);
    p->vals = calloc(3 * n, sizeof *p->vals); /* all 0, as gdt_decint_init */
    p->xs = malloc(n * sizeof *p->xs);
    p->a = malloc((2 * n * n + n) * sizeof *p->a);
    p->alpha = malloc(2 * prog->nregs * sizeof *p->alpha);
    if (p->vals == NULL || p->xs == NULL || p->a == NULL || p->alpha == NULL)
        goto fail;
    for (i = 0; i < 3 * n; i++)
        gdt_decint_init(&p->vals[i]);
    p->w = p->vals;
    p->g = p->vals + n;
    p->wn = p->vals + 2 * n;
    p->b = p->a + n * n;
    p->ga = p->b + n;
    p->beta = p->alpha + prog->nregs;
    for (i = 0; i < n; i++)
        if (qbits(s->lr_q[i]) > p->lr_bits)
            p->lr_bits = qbits(s->lr_q[i]);
    if (!plan_bounds(p, prog))
        goto fail;
    /* the degrees as written: an affine gradient, a loss at most quadratic */
    for (i = 0; i < n; i++)
        if (p->alpha[prog->grad_reg[i]] > 1)
            goto fail;
    if (n == 1 && p->alpha[prog->loss_reg] > 2)
        goto fail;
    if (!plan_map(p, s))
        goto fail;
    p->synced = 1; /* the registers hold w_k */
    p->synced_k = s->k;
    return;
fail:
    gdt_decpath_free(s);
}

/* Back to the exact path at the current step. */
static void
leave(gdt_stepper *s)
{
    gdt_decpath_sync(s, 1);
    gdt_decpath_free(s);
}

int
gdt_decpath_eval(gdt_stepper *s, int *zero)
{
    gdt_decpath *p = s->dec;
    size_t i, b = 0;

    for (i = 0; i < p->n; i++) {
        size_t bi = gdt_decint_bits(&p->w[i]);
        if (bi > b)
            b = bi;
    }
    if (!far_from_limits(s, b)) {
        leave(s);
        return 0;
    }
    s->evaluated = 1;
    if (p->n == 1) /* h w + g0 is zero at w* only, or everywhere (h = g0 = 0) */
        *zero = p->has_wstar ? gdt_decint_equal(&p->w[0], &p->wstar) : p->h == 0 && p->g0 == 0;
    for (i = 0; p->n > 1 && i < p->n && *zero; i++)
        *zero = gdt_decint_sgn(&p->g[i]) == 0;
    return 1;
}

gdt_status
gdt_decpath_update(gdt_stepper *s, gdt_error *err)
{
    gdt_decpath *p = s->dec;
    size_t n = p->n, i;
    gdt_status st = GDT_OK;

    if (!s->evaluated || s->stop != GDT_STOP_NONE)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "step %lu: update without a completed evaluation", s->k);
    if (n == 1) {
        const gdt_decint *x[2] = { &p->loss, &p->w[0] };
        int64_t c[2] = { p->la, p->lm };
        /* a loss no one reads is left to the exact path */
        p->loss_live = p->loss_live && (p->loss_read || s->k < 1);
        if (p->loss_live)
            st = gdt_decint_lincomb(&p->loss, 2, c, x, p->lk);
        else
            gdt_decint_clear(&p->loss);
        x[0] = &p->w[0];
        if (st == GDT_OK)
            st = gdt_decint_lincomb(&p->w[0], 1, &p->a[0], x, p->b[0]);
    } else {
        gdt_decint *t;
        for (i = 0; i < n; i++)
            p->xs[i] = &p->w[i];
        for (i = 0; i < n && st == GDT_OK; i++)
            st = gdt_decint_lincomb(&p->wn[i], n, &p->a[i * n], p->xs, p->b[i]);
        for (i = 0; i < n; i++)
            p->xs[i] = &p->g[i];
        /* g_{k+1} = G g_k into w's old limbs, then the three swapped */
        t = p->w, p->w = p->wn, p->wn = t;
        for (i = 0; i < n && st == GDT_OK; i++)
            st = gdt_decint_lincomb(&p->wn[i], n, &p->ga[i * n], p->xs, 0);
        t = p->g, p->g = p->wn, p->wn = t;
    }
    if (st != GDT_OK) {
        s->stop = GDT_STOP_ERROR;
        return gdt_error_set(err, st, SIZE_MAX, "step %lu: %s in the update", s->k + 1,
                             gdt_status_str(st));
    }
    s->k++;
    s->evaluated = 0;
    p->synced = 0;
    return GDT_OK;
}

void
gdt_decpath_sync(const gdt_stepper *s, int level)
{
    gdt_decpath *p = s->dec;
    gdt_domain *d = s->dom;
    size_t i, failed;

    if (p->synced_k != s->k)
        p->synced = 0;
    if (p->synced >= level)
        return;
    if (p->synced < 1) {
        for (i = 0; i < p->n; i++) {
            mpz_set_ui(mpq_denref(p->q), 1);
            if (gdt_decint_get_z(mpq_numref(p->q), &p->w[i]) != GDT_OK
                || d->ops->set_q(&s->regs[s->prog->nconsts + i], p->q, d) != GDT_OK)
                return;
        }
        p->synced = 1;
        p->synced_k = s->k;
    }
    /* the values are small enough for the exact domain: far_from_limits */
    if (level >= 2 && s->evaluated && gdt_program_eval(s->prog, s->regs, d, &failed) == GDT_OK)
        p->synced = 2;
}

size_t
gdt_decpath_digits(const gdt_stepper *s)
{
    const gdt_decpath *p = s->dec;
    size_t i, n, most = 0;

    for (i = 0; i < p->n; i++)
        if ((n = gdt_decint_digits(&p->w[i])) > most)
            most = n;
    return most;
}

gdt_status
gdt_decpath_get_str(gdt_buf *out, const gdt_stepper *s, gdt_value_kind which, size_t i,
                    const gdt_numfmt *f, int *done)
{
    gdt_decpath *p = s->dec;
    const gdt_decint *x;
    gdt_status st;

    *done = 0;
    if (f->kind != GDT_DIGITS_SHORTEST && f->kind != GDT_DIGITS_EXACT)
        return GDT_OK;
    if (which == GDT_VALUE_PARAM) {
        x = &p->w[i];
    } else if (which == GDT_VALUE_PARTIAL && p->n > 1) {
        x = &p->g[i];
    } else if (which == GDT_VALUE_PARTIAL) {
        if (p->g_at != s->k) { /* g_k = h w_k + g0 */
            const gdt_decint *w = &p->w[0];
            if ((st = gdt_decint_lincomb(&p->g[0], 1, &p->h, &w, p->g0)) != GDT_OK)
                return st;
            p->g_at = s->k;
        }
        x = &p->g[0];
    } else if (p->n == 1 && p->loss_live) {
        p->loss_read = 1;
        x = &p->loss;
    } else {
        return GDT_OK;
    }
    /* a text near max_bits's limit is the exact path's to refuse */
    if (s->dom->max_bits != 0 && gdt_decint_digits(x) > s->dom->max_bits / 4)
        return GDT_OK;
    *done = 1;
    return gdt_decint_get_str(out, x);
}
