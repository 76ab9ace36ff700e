/* sweep_lanes -- a sweep's points in batches of lanes

   The point-by-point sweep (sweep.c's run_point) steps every point through
   the generic stepper: the method table, one call an operation.  Here up
   to GDT_LANES_MAX points of a domain whose values are doubles run
   together: the program (loss and gradient, translated once by the
   burst's gdt_burst_translate) is evaluated insn by insn over a vector of
   states, register r of lane i at r * GDT_LANES_MAX + i, in plain loops
   over the lanes (vectorised by the compiler in native-double and
   binary64, where each operation is C's in the domain's rounding window;
   the emulated formats round each operation with num/fast.h's gdt_hw_*).
   A power beyond x^2 and a fused update of a NaN go to the method, as in
   the burst; a method that fails leaves the lane to the generic path.

   After each step every lane's stop rules are applied as the generic
   path applies them, in its order: inf or nan in w, a partial or the loss
   (diverged, at step 0 too); the escape bound from step 1 on; a gradient
   exactly zero (converged); a repeated state (stalled, cycle: the period
   and the cycle's first step, the loss at that step), which the stepper
   finds at once (a stall), by Brent's or at max_iter among the states of
   the last GDT_CYCLE_WINDOW steps: the lane finds the same outcome from
   the state of LAG steps before, from Brent's on its own saved state, or
   at max_iter from its ring of the last RING states, the first step by
   replaying the lane from w_0 as gd.c's cycle_start does; max_iter
   (bounded).  A finished lane is compacted out.

   The escape test: loss > B for B = E max(1, loss_0) exactly.  With T the
   greatest double <= B (or -inf, or DBL_MAX rounded down from above the
   range: MPFR's round-down to the doubles), a double x is > B iff x > T:
   x > B >= T; and x > T means x >= T's successor among the doubles,
   which is > B as T is the greatest one <= B.  The emulated formats'
   values are doubles too. */
/* The loops over lanes are written for gcc's vectoriser, which -O2's
   very cheap cost model leaves alone where the count of lanes is not
   known: vectorise this file as -O3 would.  Vector instructions compute
   each lane's IEEE operation as the scalar ones do (no contraction, no
   reassociation), so the results are the same bits. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("tree-vectorize", "vect-cost-model=dynamic")
#endif
/* ... and for the widest vectors the machine has: the functions that
   loop over lanes are cloned for AVX-512 and AVX2 (the SSE2 of every
   x86-64 is too narrow for the masks of the rules), and the loader picks
   the machine's at start-up. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define LANES_WIDE __attribute__((target_clones("avx512f", "avx2", "default")))
#define ALWAYS_INLINE __attribute__((always_inline))
#else
#define LANES_WIDE
#define ALWAYS_INLINE
#endif
#include <fenv.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <mpfr.h>
#include "num/fast.h"
#include "run/burst.h"
#include "run/sweep_lanes.h"

#define LM GDT_LANES_MAX
/* A lane's states of the last RING rounds are kept, so that at max_iter
   its state is compared with those of the last GDT_CYCLE_WINDOW steps, as
   the stepper's window (gd.c) compares it; and at every step with the
   one of LAG steps before, so that a cycle whose period divides LAG ends
   the lane LAG steps after it closes, sooner than Brent's */
#define RING GDT_CYCLE_WINDOW
#define LAG 8
#define LS (LM + 12) /* the main bank's stride: rows 4 KiB apart would
                        alias in the cache's store forwarding */

/* Steps between two polls of the stop flag: a step of a full batch takes
   a microsecond or two. */
#define POLL_STEPS 256UL

/* The registers of a set of lanes, lane i of register r at r * stride +
   i, and what a lane keeps from step to step. */
struct bank {
    size_t stride;
    double *r;           /* nregs * stride */
    double *lr;          /* nparams * stride */
    double *next;        /* nparams * stride: the update's new values */
    unsigned char *bad;  /* a method failed in the lane */
};

struct gdt_lanes {
    int native;            /* each operation C's on doubles: native-double
                              (in its window), or binary64 rounding to
                              nearest, whose every result is the machine's
                              in the default environment */
    int f32;               /* binary32 rounding to nearest: C's operation on
                              doubles, then rounded to a float (below) */
    gdt_domain *d;
    const gdt_program *p;
    burst_insn *code;
    size_t ncode, nparams, param0, nregs;
    int fused;
    struct bank main;
    size_t nregs_all;      /* the program's registers and the reciprocals */
    double *rt, *rh;       /* cycle_start's two states: registers */
    double *rlr, *rnx;     /* its learning rates and new parameters */
    double *w0;            /* nparams * LM: each lane's w_0 */
    double *lr0;           /* nparams * LM: its lr, for the replay */
    double *saved;         /* nparams * LM: Brent's saved state */
    unsigned long *saved_k, *power;
    unsigned char *has_saved;
    double *thr;           /* the escape threshold T */
    double *due;           /* saved_k + power: the next save (0: none yet) */
    int64_t *quiet;        /* quiet_lanes's: -1 quiet, 0 not */
    double *kd;            /* the lane's step (exact: below 2^53) */
    double *ring;          /* nparams * RING * LM: w of the last RING rounds,
                              round r's in slot r % RING */
    unsigned long round;   /* the batch's round */
    size_t *id;            /* the lane's point */
    const mpq_t *escape;
    mpq_t q;
    mpfr_t f;
    double last_l0, last_thr; /* the last threshold computed */
    int have_last;
};

/* N zero bytes at an address a multiple of 64, a cache line's and an
   AVX-512 vector's (a vector across two lines costs two accesses); NULL
   when out of memory.  free() releases it. */
static void *
zalloc64(size_t count, size_t size)
{
    void *p;

    if (count > SIZE_MAX / size || posix_memalign(&p, 64, count * size) != 0)
        return NULL;
    memset(p, 0, count * size);
    return p;
}

static int
bank_init(struct bank *b, size_t stride, size_t nregs, size_t nparams)
{
    b->stride = stride;
    b->r = zalloc64(nregs * stride + 1, sizeof *b->r);
    b->lr = zalloc64(nparams * stride + 1, sizeof *b->lr);
    b->next = zalloc64(nparams * stride + 1, sizeof *b->next);
    b->bad = calloc(stride, 1);
    return b->r != NULL && b->lr != NULL && b->next != NULL && b->bad != NULL;
}

static void
bank_clear(struct bank *b)
{
    free(b->r);
    free(b->lr);
    free(b->next);
    free(b->bad);
}

void
gdt_lanes_free(gdt_lanes *l)
{
    if (l == NULL)
        return;
    bank_clear(&l->main);
    free(l->rt);
    free(l->rh);
    free(l->rlr);
    free(l->rnx);
    free(l->code);
    free(l->w0);
    free(l->lr0);
    free(l->saved);
    free(l->saved_k);
    free(l->power);
    free(l->has_saved);
    free(l->thr);
    free(l->due);
    free(l->quiet);
    free(l->kd);
    free(l->ring);
    free(l->id);
    mpq_clear(l->q);
    mpfr_clear(l->f);
    free(l);
}

gdt_lanes *
gdt_lanes_new(const gdt_stepper *s, const mpq_t *escape)
{
    const gdt_program *p = s->prog;
    gdt_fast_kind kind = gdt_fast_kind_of(s->dom);
    gdt_lanes *l;
    size_t i, j, np = p->nparams;
    int ok;

    if ((kind != GDT_FAST_DOUBLE && kind != GDT_FAST_HW) || s->decimal || s->dec != NULL
        || p->ncols != 0 || p->nrows != 0 || s->recipe != NULL
        || s->optim != NULL) /* recipes, optimizers: the stepper's */
        return NULL;
    if ((l = calloc(1, sizeof *l)) == NULL)
        return NULL;
    mpq_init(l->q);
    mpfr_init2(l->f, 53);
    l->native = kind == GDT_FAST_DOUBLE
                || (s->dom->prec == 53 && s->dom->emax == 1024 && s->dom->subnormal
                    && s->dom->rnd == MPFR_RNDN && fegetround() == FE_TONEAREST);
    l->f32 = kind == GDT_FAST_HW && s->dom->prec == 24 && s->dom->emax == 128
             && s->dom->subnormal && s->dom->rnd == MPFR_RNDN && fegetround() == FE_TONEAREST;
    l->d = s->dom;
    l->p = p;
    l->nparams = np;
    l->param0 = p->nconsts;
    l->nregs = p->nregs;
    l->fused = s->update == GDT_UPDATE_FMA;
    l->escape = escape;
    l->code = malloc((p->ninsns + 1) * sizeof *l->code);
    /* a register after the program's for each insn's reciprocal (below) */
    l->nregs_all = p->nregs + p->ninsns;
    ok = l->code != NULL && bank_init(&l->main, LS, l->nregs_all, np);
    l->rt = calloc(l->nregs_all + 1, sizeof *l->rt);
    l->rh = calloc(l->nregs_all + 1, sizeof *l->rh);
    l->rlr = calloc(np + 1, sizeof *l->rlr);
    l->rnx = calloc(np + 1, sizeof *l->rnx);
    ok = ok && l->rt != NULL && l->rh != NULL && l->rlr != NULL && l->rnx != NULL;
    l->w0 = zalloc64(np * LM + 1, sizeof *l->w0);
    l->lr0 = zalloc64(np * LM + 1, sizeof *l->lr0);
    l->saved = zalloc64(np * LM + 1, sizeof *l->saved);
    l->saved_k = calloc(LM, sizeof *l->saved_k);
    l->power = calloc(LM, sizeof *l->power);
    l->has_saved = calloc(LM, 1);
    l->thr = zalloc64(LM, sizeof *l->thr);
    l->due = zalloc64(LM, sizeof *l->due);
    l->quiet = zalloc64(LM, sizeof *l->quiet);
    l->kd = zalloc64(LM, sizeof *l->kd);
    l->ring = zalloc64(np * RING * LM + 1, sizeof *l->ring);
    l->id = calloc(LM, sizeof *l->id);
    ok = ok && l->w0 != NULL && l->lr0 != NULL && l->saved != NULL && l->saved_k != NULL
         && l->power != NULL && l->has_saved != NULL && l->thr != NULL
         && l->due != NULL && l->quiet != NULL && l->kd != NULL && l->ring != NULL
         && l->id != NULL;
    if (!ok || !gdt_burst_translate(l->code, &l->ncode, p, GDT_EVAL_ALL)) {
        gdt_lanes_free(l);
        return NULL;
    }
    for (i = 0; i < p->nconsts; i++)
        for (j = 0; j < LM; j++) {
            l->main.r[i * LS + j] = s->regs[i].d;
        }
    /* x / c for a constant c = +-2^k, 2^k and 2^-k normal numbers of the
       format: x * (1/c), the same real number, so rounded alike in every
       direction and format, flags included (C's and gdt_hw_mul's product
       as gdt_hw_div's quotient); a multiplication costs a few cycles
       where a division costs a dozen or more */
    for (i = 0; i < l->ncode; i++) {
        burst_insn *in = &l->code[i];
        double c, m;
        int e;

        if (in->op != B_DIV || in->b_acc || in->b >= p->nconsts)
            continue;
        c = s->regs[in->b].d;
        m = frexp(c, &e); /* c = m 2^e, |m| in [1/2, 1) */
        if (fabs(m) != 0.5 || labs((long)e - 1) > (long)l->d->emax - 2)
            continue; /* not 2^k with 2^k and 2^-k normal in the format */
        in->op = B_MUL;
        in->b = p->nregs + i;
        for (j = 0; j < LM; j++) {
            l->main.r[in->b * LS + j] = 1 / c;
        }
    }
    return l;
}

void
gdt_lanes_set(gdt_lanes *l, size_t i, const gdt_stepper *s)
{
    size_t k;

    l->main.bad[i] = s == NULL;
    for (k = 0; k < l->nparams; k++) {
        double w = s != NULL ? s->regs[l->param0 + k].d : 0;
        double lr = s != NULL ? s->lr[k].d : 0;
        l->w0[k * LM + i] = w;
        l->lr0[k * LM + i] = lr;
        l->main.r[(l->param0 + k) * LS + i] = w;
        l->main.lr[k * LS + i] = lr;
    }
}

void
gdt_lanes_set_d(gdt_lanes *l, size_t i, const double *w0, const double *lr)
{
    size_t k;

    l->main.bad[i] = 0;
    for (k = 0; k < l->nparams; k++) {
        l->w0[k * LM + i] = w0[k];
        l->lr0[k * LM + i] = lr[k];
        l->main.r[(l->param0 + k) * LS + i] = w0[k];
        l->main.lr[k * LS + i] = lr[k];
    }
}

/* ------------------------------------------------------ the arithmetic */

/* The method's power and fused update on doubles, as the burst asks
   them: 0 when the method fails. */
static int
method_pow(double *r, double x, long n, gdt_domain *d)
{
    gdt_val a, v;

    a.d = x;
    if (d->ops->pow_si(&v, &a, n, d) != GDT_OK)
        return 0;
    *r = v.d;
    return 1;
}

static int
method_fms(double *r, double c, double a, double b, gdt_domain *d)
{
    gdt_val vc, va, vb, v;

    vc.d = c;
    va.d = a;
    vb.d = b;
    if (d->ops->fms(&v, &vc, &va, &vb, d) != GDT_OK)
        return 0;
    *r = v.d;
    return 1;
}

/* The plain loops over N lanes (a multiple of VW), which gcc vectorises
   (a fixed inner count, no aliasing), each lane's operation IEEE's as a
   scalar one (no contraction). */
#define VW 4
#define LANE_LOOP(expr)                                                        \
    for (i = 0; i < n; i += VW, r += VW, a += VW, b += VW)                     \
        for (j = 0; j < VW; j++)                                               \
            r[j] = (expr)

ALWAYS_INLINE static inline void
v_neg(double *restrict r, const double *restrict a, size_t n)
{
    const double *b = a;
    size_t i, j;
    LANE_LOOP(-a[j]);
}

/* Each double rounded to the nearest float: binary32's result of an
   operation on two binary32 values that C computed on doubles, rounded to
   nearest twice (53 >= 2 * 24 + 2: Figueroa, "When is double rounding
   innocuous?", for + - * /; the subnormal floats have fewer bits still;
   an overflow to inf alike). */
ALWAYS_INLINE static inline void
v_f32(double *r, size_t n)
{
    size_t i, j;

    for (i = 0; i < n; i += VW, r += VW)
        for (j = 0; j < VW; j++)
            r[j] = (double)(float)r[j];
}

ALWAYS_INLINE static inline void
v_add(double *restrict r, const double *restrict a, const double *restrict b, size_t n)
{
    size_t i, j;
    LANE_LOOP(a[j] + b[j]);
}

ALWAYS_INLINE static inline void
v_sub(double *restrict r, const double *restrict a, const double *restrict b, size_t n)
{
    size_t i, j;
    LANE_LOOP(a[j] - b[j]);
}

ALWAYS_INLINE static inline void
v_mul(double *restrict r, const double *restrict a, const double *restrict b, size_t n)
{
    size_t i, j;
    LANE_LOOP(a[j] * b[j]);
}

ALWAYS_INLINE static inline void
v_div(double *restrict r, const double *restrict a, const double *restrict b, size_t n)
{
    size_t i, j;
    LANE_LOOP(a[j] / b[j]);
}

/* R = A op B lane by lane, where R may be A or B (an insn's destination
   is a fresh register, but a program may reuse one): through a copy then. */
LANES_WIDE static void
native_op(burst_op op, double *r, const double *a, const double *b, size_t n, double *tmp)
{
    double *out = r == a || r == b ? tmp : r;

    switch (op) {
    case B_NEG: v_neg(out, a, n); break;
    case B_ADD: v_add(out, a, b, n); break;
    case B_SUB: v_sub(out, a, b, n); break;
    case B_MUL: v_mul(out, a, b, n); break;
    case B_DIV: v_div(out, a, b, n); break;
    case B_POW: break;
    }
    if (out != r)
        memcpy(r, out, n * sizeof *r);
}

/* Evaluate every insn of L's program over lanes 0 .. N - 1 of bank B (N a
   multiple of 4), inside the domain's bracket; a lane whose method fails
   is marked bad. */
LANES_WIDE static void
eval_lanes(gdt_lanes *l, struct bank *b, size_t n)
{
    gdt_domain *d = l->d;
    const burst_insn *in, *end = l->code + l->ncode;
    size_t s = b->stride, j;
    _Alignas(64) double tmp[LM];

    for (in = l->code; in < end; in++) {
        double *r = b->r + in->dst * s;
        const double *x = b->r + in->a * s, *y = b->r + in->b * s;

        if (in->op == B_POW) {
            for (j = 0; j < n; j++) {
                double v = x[j];
                int ok = 1;
                if (l->native && in->n == 2)
                    tmp[j] = v * v;
                else if (l->native && in->n == 1)
                    tmp[j] = v;
                else
                    ok = method_pow(&tmp[j], v, in->n, d);
                if (!ok) {
                    b->bad[j] = 1;
                    tmp[j] = 0;
                }
            }
            memcpy(r, tmp, n * sizeof *r);
        } else if (l->native || l->f32) {
            native_op(in->op, r, x, y, n, tmp);
            if (l->f32 && in->op != B_NEG)
                v_f32(r, n);
        } else {
            for (j = 0; j < n; j++)
                switch (in->op) {
                case B_NEG: tmp[j] = -x[j]; break;
                case B_ADD: tmp[j] = gdt_hw_add(x[j], y[j], d); break;
                case B_SUB: tmp[j] = gdt_hw_add(x[j], -y[j], d); break;
                case B_MUL: tmp[j] = gdt_hw_mul(x[j], y[j], d); break;
                case B_DIV: tmp[j] = gdt_hw_div(x[j], y[j], d); break;
                case B_POW: break;
                }
            memcpy(r, tmp, n * sizeof *r);
        }
    }
}

/* gdt_stepper_update's new parameters over lanes 0 .. N - 1 of bank B,
   inside the bracket: w - lr g (lr g rounded, then the difference), or
   fms (w, lr, g) rounded once. */
LANES_WIDE static void
update_lanes(gdt_lanes *l, struct bank *b, size_t n)
{
    gdt_domain *d = l->d;
    size_t s = b->stride, k, j;

    if (l->nparams == 1 && l->native && !l->fused) {
        /* w - lr g in place: each lane reads its own w, g and lr only */
        double *w = b->r + l->param0 * s;
        const double *g = b->r + l->p->grad_reg[0] * s, *lr = b->lr;
        for (j = 0; j < n; j += 4, w += 4, g += 4, lr += 4) {
            size_t i;
            for (i = 0; i < 4; i++) {
                double t = lr[i] * g[i];
                w[i] = w[i] - t;
            }
        }
        return;
    }
    for (k = 0; k < l->nparams; k++) {
        const double *w = b->r + (l->param0 + k) * s, *g = b->r + l->p->grad_reg[k] * s;
        const double *lr = b->lr + k * s;
        double *nx = b->next + k * s;

        if (l->fused) {
            for (j = 0; j < n; j++) {
                if (l->native && !isnan(w[j]) && !isnan(lr[j]) && !isnan(g[j]))
                    nx[j] = fma(-lr[j], g[j], w[j]);
                else if (!method_fms(&nx[j], w[j], lr[j], g[j], d))
                    b->bad[j] = 1;
            }
        } else if (l->native || l->f32) {
            _Alignas(64) double t[LM];
            v_mul(t, lr, g, n);
            if (l->f32)
                v_f32(t, n);
            v_sub(nx, w, t, n);
            if (l->f32)
                v_f32(nx, n);
        } else {
            for (j = 0; j < n; j++)
                nx[j] = gdt_hw_add(w[j], -gdt_hw_mul(lr[j], g[j], d), d);
        }
    }
    for (k = 0; k < l->nparams; k++)
        memcpy(b->r + (l->param0 + k) * s, b->next + k * s, n * sizeof *b->next);
}

/* ---------------------------------------------------------- the rules */

/* gd.c's identical on doubles: the same value and sign, or both NaN. */
static int
same_double(double x, double y)
{
    return isnan(x) ? isnan(y) != 0 : x == y && !signbit(x) == !signbit(y);
}

/* T, the greatest double <= E max(1, L0) (L0 finite), outside the
   bracket: MPFR rounds down exactly. */
static double
threshold(gdt_lanes *l, double l0)
{
    if (l->have_last && same_double(l0, l->last_l0))
        return l->last_thr;
    mpq_set_d(l->q, l0);
    if (mpq_cmp_ui(l->q, 1, 1) < 0)
        mpq_set_ui(l->q, 1, 1);
    mpq_mul(l->q, l->q, *l->escape);
    mpfr_set_q(l->f, l->q, MPFR_RNDD);
    l->last_thr = mpfr_get_d(l->f, MPFR_RNDD);
    l->last_l0 = l0;
    l->have_last = 1;
    return l->last_thr;
}

/* The program evaluated at one lane's registers R (scalars, laid out as
   a bank's column), as eval_lanes evaluates a lane, inside the bracket:
   0 when a method failed. */
static int
eval_one(gdt_lanes *l, double *r)
{
    gdt_domain *d = l->d;
    const burst_insn *in, *end = l->code + l->ncode;

    for (in = l->code; in < end; in++) {
        double x = r[in->a], y = r[in->b], v = 0;

        if (in->op == B_POW) {
            if (l->native && in->n == 2)
                v = x * x;
            else if (l->native && in->n == 1)
                v = x;
            else if (!method_pow(&v, x, in->n, d))
                return 0;
        } else if (l->native || l->f32) {
            switch (in->op) {
            case B_NEG: v = -x; break;
            case B_ADD: v = x + y; break;
            case B_SUB: v = x - y; break;
            case B_MUL: v = x * y; break;
            case B_DIV: v = x / y; break;
            case B_POW: break;
            }
            if (l->f32 && in->op != B_NEG)
                v = (double)(float)v;
        } else {
            switch (in->op) {
            case B_NEG: v = -x; break;
            case B_ADD: v = gdt_hw_add(x, y, d); break;
            case B_SUB: v = gdt_hw_add(x, -y, d); break;
            case B_MUL: v = gdt_hw_mul(x, y, d); break;
            case B_DIV: v = gdt_hw_div(x, y, d); break;
            case B_POW: break;
            }
        }
        r[in->dst] = v;
    }
    return 1;
}

/* One step of one lane, its registers R and learning rates LR: evaluated,
   then updated as update_lanes updates a lane.  0 when a method failed. */
static int
step_one(gdt_lanes *l, double *r, const double *lr)
{
    size_t k;
    double *nx = l->rnx;

    if (!eval_one(l, r))
        return 0;
    for (k = 0; k < l->nparams; k++) {
        double w = r[l->param0 + k], g = r[l->p->grad_reg[k]], t;
        if (l->fused) {
            if (l->native && !isnan(w) && !isnan(lr[k]) && !isnan(g))
                nx[k] = fma(-lr[k], g, w);
            else if (!method_fms(&nx[k], w, lr[k], g, l->d))
                return 0;
        } else if (l->native || l->f32) {
            t = lr[k] * g;
            if (l->f32)
                t = (double)(float)t;
            nx[k] = w - t;
            if (l->f32)
                nx[k] = (double)(float)nx[k];
        } else {
            nx[k] = gdt_hw_add(w, -gdt_hw_mul(lr[k], g, l->d), l->d);
        }
    }
    for (k = 0; k < l->nparams; k++)
        r[l->param0 + k] = nx[k];
    return 1;
}

/* Whether the state in registers T is one of lane I's last P states
   (P <= RING), those of its cycle, from its ring: a first parameter
   outside [LO, HI], theirs' range, is none of them. */
static int
on_cycle(const gdt_lanes *l, size_t i, const double *t, unsigned long p, double lo, double hi)
{
    size_t m, q;
    int same;

    if (!(t[l->param0] >= lo && t[l->param0] <= hi))
        return 0;
    for (q = 1; q <= p; q++) {
        const double *row = l->ring + ((l->round - q) % RING) * LM;
        same = 1;
        for (m = 0; m < l->nparams && same; m++)
            same = same_double(t[l->param0 + m], row[m * RING * LM + i]);
        if (same)
            return 1;
    }
    return 0;
}

/* gd.c's cycle_start for lane I of period P found at step K: the least s
   with w_s = w_{s+P}, by replaying the lane from w_0 (a column of
   registers, scalars: a step of one lane costs what the program's
   operations cost); and the loss at s into *LOSS when P > 1 and s != K.
   Where the ring holds the last P states, those of the cycle (K >= s +
   P), that s is the first whose state is one of them, so one replay of s
   steps finds it: P <= LAG, or P <= RING at max_iter (move_lane); else
   two states P steps apart (t and h), as gd.c replays.  0 when a method
   failed. */
static int
cycle_start(gdt_lanes *l, size_t i, unsigned long p, unsigned long k, unsigned long max_iter,
            unsigned long *start, double *loss)
{
    size_t np = l->nparams, m, nr = l->nregs_all;
    double *t = l->rt, *h = l->rh, *lr = l->rlr, lo = INFINITY, hi = -INFINITY;
    unsigned long c;
    int ok = 1, same;

    for (m = 0; m < nr; m++) /* the constants and reciprocals, lane 0's */
        t[m] = h[m] = l->main.r[m * LS];
    for (m = 0; m < np; m++) {
        t[l->param0 + m] = h[l->param0 + m] = l->w0[m * LM + i];
        lr[m] = l->lr0[m * LM + i];
    }
    gdt_domain_enter(l->d);
    if (p <= LAG || (p <= RING && k >= max_iter)) {
        for (c = 1; c <= p; c++) {
            double w = l->ring[((l->round - c) % RING) * LM + i];
            lo = w < lo ? w : lo;
            hi = w > hi ? w : hi;
        }
        for (c = 0; ok && !on_cycle(l, i, t, p, lo, hi); c++)
            ok = step_one(l, t, lr);
        *start = c;
    } else {
        for (c = 0; ok && c < p; c++) /* h = w_p; t stays at w_0 */
            ok = step_one(l, h, lr);
        for (c = 0; ok; c++) {
            same = 1;
            for (m = 0; m < np && same; m++)
                same = same_double(t[l->param0 + m], h[l->param0 + m]);
            if (same) {
                *start = c;
                break;
            }
            ok = step_one(l, t, lr) && step_one(l, h, lr);
        }
    }
    if (ok && p > 1 && *start != k) {
        ok = eval_one(l, t);
        *loss = t[l->p->loss_reg];
    }
    gdt_domain_leave(l->d);
    return ok;
}

/* Whether lane I's state (every parameter) is, as gd.c's identical has
   it, the one of Q rounds ago (1 <= Q <= RING), from its ring. */
static int
ring_same(const gdt_lanes *l, size_t i, unsigned long q)
{
    size_t m, slot = (size_t)((l->round - q) % RING);

    for (m = 0; m < l->nparams; m++)
        if (!same_double(l->main.r[(l->param0 + m) * LS + i],
                         l->ring[(m * RING + slot) * LM + i]))
            return 0;
    return 1;
}

/* The least Q <= RING (and <= K, lane I's step) with lane I's state the
   one of Q rounds ago, or 0: gd.c's window at max_iter. */
static unsigned long
ring_period(const gdt_lanes *l, size_t i, unsigned long k)
{
    unsigned long q, last = k < RING ? k : RING;

    if (l->nparams == 1) { /* w finite (lane_rules): the same bits */
        uint64_t w, y;
        memcpy(&w, &l->main.r[l->param0 * LS + i], sizeof w);
        for (q = 1; q <= last; q++) {
            memcpy(&y, &l->ring[((l->round - q) % RING) * LM + i], sizeof y);
            if (y == w)
                return q;
        }
        return 0;
    }
    for (q = 1; q <= last; q++)
        if (ring_same(l, i, q))
            return q;
    return 0;
}

/* Lane I (of the main bank) at step K, evaluated: its outcome into *O
   and 1 when a rule ends it, else 0 (Brent's state kept). */
static int
lane_rules(gdt_lanes *l, size_t i, unsigned long k, unsigned long max_iter, gdt_lane_out *o)
{
    const double *r = l->main.r;
    const size_t *grad = l->p->grad_reg;
    double loss = r[l->p->loss_reg * LS + i];
    size_t np = l->nparams, m;
    unsigned long p = 0;
    int zero = 1, same = 1, fin = isfinite(loss);

    o->period = 0;
    o->step = k;
    o->loss = loss;
    o->fallback = 0;
    if (l->main.bad[i]) {
        o->fallback = 1;
        return 1;
    }
    for (m = 0; m < np && fin; m++)
        fin = isfinite(r[(l->param0 + m) * LS + i]) && isfinite(r[grad[m] * LS + i]);
    if (!fin) { /* at step 0 too: no bound then */
        o->outcome = GDT_OUTCOME_DIVERGED;
        return 1;
    }
    if (k == 0) {
        l->thr[i] = threshold(l, loss);
    } else if (loss > l->thr[i]) {
        o->outcome = GDT_OUTCOME_DIVERGED;
        return 1;
    }
    for (m = 0; m < np && zero; m++)
        zero = r[grad[m] * LS + i] == 0;
    if (zero) {
        o->outcome = gdt_outcome_of_stop(GDT_STOP_GRAD_ZERO, 0);
        return 1;
    }
    /* a repeated state, the outcome the stepper's (a stall, or a cycle
       found by Brent's or by its window at max_iter): whenever it comes to
       light, the period P and the first step of the cycle are the run's,
       and so the record */
    if (k >= LAG && ring_same(l, i, LAG)) {
        /* w_k = w_(k-LAG): the lane cycles, with a period P dividing LAG,
           from mu = k - LAG (the ring said no at step k - 1, or k - LAG is
           0) */
        p = 1;
        while (!ring_same(l, i, p))
            p *= 2;
        o->outcome = gdt_outcome_of_stop(GDT_STOP_CYCLE, p);
        o->period = p;
        o->step = k - LAG;
        o->loss = loss; /* w_k is w_mu, LAG being a multiple of p */
        return 1;
    }
    /* Brent's (gd.c's check_cycle); at max_iter the window of the last
       RING states, the least period first */
    if (l->has_saved[i]) {
        for (m = 0; m < np && same; m++)
            same = same_double(r[(l->param0 + m) * LS + i], l->saved[m * LM + i]);
        if (same)
            p = k - l->saved_k[i];
    }
    if (p == 0 && k >= max_iter)
        p = ring_period(l, i, k);
    if (p != 0) {
        unsigned long start = 0;
        if (!cycle_start(l, i, p, k, max_iter, &start, &o->loss)) {
            o->fallback = 1;
            return 1;
        }
        o->outcome = gdt_outcome_of_stop(GDT_STOP_CYCLE, p);
        o->period = p;
        o->step = start;
        return 1;
    }
    if (!l->has_saved[i] || k - l->saved_k[i] >= l->power[i]) {
        l->power[i] = l->has_saved[i] ? 2 * l->power[i] : 1;
        l->has_saved[i] = 1;
        l->saved_k[i] = k;
        l->due[i] = (double)(k + l->power[i]);
        for (m = 0; m < np; m++)
            l->saved[m * LM + i] = r[(l->param0 + m) * LS + i];
    }
    if (k >= max_iter) {
        o->outcome = gdt_outcome_of_stop(GDT_STOP_MAX_ITER, 0);
        return 1;
    }
    return 0;
}

/* Each lane's state, over N lanes, into the ring's slot of this round */
LANES_WIDE static void
ring_store(gdt_lanes *l, size_t n)
{
    size_t m;

    for (m = 0; m < l->nparams; m++)
        memcpy(l->ring + (m * RING + l->round % RING) * LM, l->main.r + (l->param0 + m) * LS,
               n * sizeof *l->ring);
}

/* Each lane's step counted, over N lanes */
LANES_WIDE static void
next_step(double *kd, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        kd[i] += 1;
}

/* QUIET[i] 1 for the lanes 0 .. N - 1 that certainly meet no rule at
   their step k (0 < k < max_iter): w, the partials and the loss finite,
   the loss at most the threshold, a partial not zero, w not the saved
   value nor the one of LAG steps before, no save due; lane_rules then
   has nothing to do.  Branch-free
   over doubles and 64-bit masks, so that gcc vectorises it and the common
   case costs a few operations a lane.  The lanes that are not quiet. */
LANES_WIDE static size_t
quiet_lanes(gdt_lanes *l, size_t live, size_t n, double kmax)
{
    const double *loss = l->main.r + l->p->loss_reg * LS, *thr = l->thr, *due = l->due;
    const double *kd = l->kd;
    int64_t *q = l->quiet;
    size_t i, m, busy = 0, lag = (size_t)((l->round - LAG) % RING);

    if (l->nparams == 1) { /* one pass */
        const double *w = l->main.r + l->param0 * LS, *sv = l->saved;
        const double *g = l->main.r + l->p->grad_reg[0] * LS;
        const double *rg = l->ring + lag * LM;
        for (i = 0; i < n; i++)
            q[i] = -(int64_t)((fabs(loss[i]) <= DBL_MAX) & (loss[i] <= thr[i])
                              & (kd[i] < due[i]) & (kd[i] < kmax) & (fabs(w[i]) <= DBL_MAX)
                              & (fabs(g[i]) <= DBL_MAX) & (w[i] != sv[i]) & (g[i] != 0)
                              & ((w[i] != rg[i]) | (kd[i] < LAG)));
        for (i = 0; i < live; i++)
            busy += (size_t)(q[i] + 1);
        return busy;
    }
    for (i = 0; i < n; i++)
        q[i] = -(int64_t)((fabs(loss[i]) <= DBL_MAX) & (loss[i] <= thr[i]) & (kd[i] < due[i])
                          & (kd[i] < kmax));
    for (m = 0; m < l->nparams; m++) {
        const double *w = l->main.r + (l->param0 + m) * LS, *sv = l->saved + m * LM;
        const double *g = l->main.r + l->p->grad_reg[m] * LS;
        for (i = 0; i < n; i++)
            q[i] &= -(int64_t)((fabs(w[i]) <= DBL_MAX) & (fabs(g[i]) <= DBL_MAX)
                               & (w[i] != sv[i]));
    }
    for (i = 0; i < n; i++) { /* not the state of LAG rounds ago */
        int differ = l->kd[i] < LAG;
        for (m = 0; m < l->nparams; m++)
            differ |= l->main.r[(l->param0 + m) * LS + i]
                      != l->ring[(m * RING + lag) * LM + i];
        q[i] &= -(int64_t)differ;
    }
    for (i = 0; i < n; i++) { /* some partial not zero */
        int nz = 0;
        for (m = 0; m < l->nparams; m++)
            nz |= l->main.r[l->p->grad_reg[m] * LS + i] != 0;
        q[i] &= -(int64_t)nz;
    }
    for (i = 0; i < live; i++)
        busy += (size_t)(q[i] + 1);
    return busy;
}

/* Move lane FROM's state to lane TO of the main bank, its partials
   too, and the last ROWS rounds of its ring: a lane that goes on needs
   those of the last LAG rounds, and within RING steps of max_iter all
   RING (ring_rows); a copy that only pads the lanes to a multiple of VW
   none, its ring never read. */
static void
move_lane(gdt_lanes *l, size_t to, size_t from, size_t rows)
{
    size_t m, q, np = l->nparams;

    for (m = 0; m < np; m++) {
        size_t a = m * LM, w = (l->param0 + m) * LS, g = l->p->grad_reg[m] * LS;
        l->main.r[w + to] = l->main.r[w + from];
        l->main.r[g + to] = l->main.r[g + from];
        l->main.lr[m * LS + to] = l->main.lr[m * LS + from];
        l->w0[a + to] = l->w0[a + from];
        l->lr0[a + to] = l->lr0[a + from];
        l->saved[a + to] = l->saved[a + from];
    }
    l->saved_k[to] = l->saved_k[from];
    l->power[to] = l->power[from];
    l->has_saved[to] = l->has_saved[from];
    l->thr[to] = l->thr[from];
    l->due[to] = l->due[from];
    l->kd[to] = l->kd[from];
    for (q = 1; q <= rows; q++) {
        double *row = l->ring + ((l->round - q) % RING) * LM;
        for (m = 0; m < np; m++)
            row[m * RING * LM + to] = row[m * RING * LM + from];
    }
    l->id[to] = l->id[from];
    l->main.bad[to] = l->main.bad[from];
}

/* Lane I set up for point K by LOAD, at its step 0: 1, or 0 when LOAD
   cannot (OUT[K] then a fallback). */
static int
load_lane(gdt_lanes *l, size_t i, size_t k, gdt_lanes_load load, void *ctx,
          gdt_lane_out *out)
{
    if (!load(ctx, k, i)) {
        out[k].fallback = 1;
        return 0;
    }
    l->id[i] = k;
    l->kd[i] = 0;
    l->has_saved[i] = 0;
    l->due[i] = 0;
    return 1;
}

gdt_status
gdt_lanes_run(gdt_lanes *l, size_t n, unsigned long max_iter, gdt_lane_out *out,
              gdt_lanes_load load, void *ctx, gdt_cancel *stop)
{
    unsigned long round;
    size_t i, live = 0, n4, next = 0, busy, ended;
    double kmax = (double)max_iter;

    for (; next < n && live < LM; next++)
        live += (size_t)load_lane(l, live, next, load, ctx, out);
    for (round = 0; live > 0; round++) {
        if (round % POLL_STEPS == 0 && gdt_cancelled(stop))
            return GDT_EINTERRUPTED;
        l->round = round;
        /* pad to a multiple of 4 with copies of lane 0 */
        for (n4 = live; n4 % VW != 0; n4++)
            move_lane(l, n4, 0, 0);
        gdt_domain_enter(l->d);
        eval_lanes(l, &l->main, n4);
        gdt_domain_leave(l->d);
        busy = quiet_lanes(l, live, n4, kmax);
        /* the rules of the lanes that are not quiet: QUIET[i] then 1 where
           one ends the lane, else -1 */
        for (i = 0, ended = 0; busy > 0 && i < live; i++)
            if (l->quiet[i] == 0) {
                busy--;
                l->quiet[i] = lane_rules(l, i, (unsigned long)l->kd[i], max_iter, &out[l->id[i]]) ? 1 : -1;
                ended += l->quiet[i] == 1;
            }
        /* the lanes that ended leave, the last lanes that go on taking
           their places (w, the partials, lr and the rules' state: what the
           update and the next step need) */
        for (i = 0; ended > 0;) {
            while (ended > 0 && l->quiet[live - 1] == 1) {
                live--;
                ended--;
            }
            if (ended == 0)
                break;
            while (l->quiet[i] != 1)
                i++;
            live--;
            move_lane(l, i, live, l->kd[live] + RING > kmax ? RING : LAG);
            l->quiet[i] = -1;
            ended--;
            i++;
        }
        for (n4 = live; n4 % VW != 0; n4++)
            move_lane(l, n4, 0, 0);
        ring_store(l, n4);
        gdt_domain_enter(l->d);
        update_lanes(l, &l->main, n4);
        gdt_domain_leave(l->d);
        next_step(l->kd, n4);
        /* the places left filled with the next points, at their step 0 */
        for (; next < n && live < LM; next++)
            live += (size_t)load_lane(l, live, next, load, ctx, out);
    }
    return GDT_OK;
}
