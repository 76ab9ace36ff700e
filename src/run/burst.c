/* burst -- many steps that nothing prints, in one tight loop; printed
   steps without the method table

   The generic step (gd.c) evaluates the program through the domain's
   method table, one call an operation, in a bracket of the domain an
   evaluation and another an update, and applies every stop rule.  A run
   that prints nothing for a stretch of steps (--every 0, --every K) needs
   none of that between its printed steps: here the gradient's insns are
   translated once into a short code over registers of the domain's own
   type (gdt_fast_kind, num/fast.h), and a loop runs it step after step in
   one bracket.  Each operation is the one the method would do (C's
   operators in the native domains' rounding window, gdt_hw_* on doubles,
   MPFR with gdt_mpfr_done), and what the loop does not do itself it asks
   the method for (powers beyond the small ones, fma of a NaN), so the
   values and the sticky flags are the generic path's bit for bit.

   In the doubles' loops the result of an insn stays in a local (ACC) for
   the next one, so that a chain of operations (w*w*w - w) runs in the
   machine's registers without a store and a load between links; a result
   read later from elsewhere is also stored in its register (KEEP).

   A printed step takes the same code, extended to the loss's insns (one
   code for each part of the program a step may evaluate), on the
   stepper's own registers, storing every result as the generic path
   does: gdt_stepper_update asks gdt_burst_update, which, when the next
   step is printed (gdt_run sets S->eval_ahead), evaluates it in the same
   bracket, so that a printed step costs one bracket. */
#include <fenv.h>
#include <math.h>
#include <stdlib.h>
#include "run/burst.h"
#include "num/fast.h"
#if defined(__x86_64__) && defined(__SSE2_MATH__)
#include <xmmintrin.h>
#endif

/* Steps between two polls of the stop flag and calls of the progress
   callback, at most; fewer at high precisions (POLL_BITS / prec), so
   that a poll comes every few milliseconds of work. */
#define POLL_STEPS 4096UL
#define POLL_BITS (1UL << 20)

struct gdt_burst {
    gdt_fast_kind kind;    /* GDT_FAST_NONE: the stepper has no burst */
    burst_insn *code;
    size_t ncode;
    size_t nparams, param0; /* the parameters are registers param0 ... */
    const size_t *grad;     /* the partials' registers */
    int grad_acc;           /* one parameter, whose partial is the last
                               insn's result (ACC) */
    double *rd, *nd;        /* the registers and the new parameters of the */
    float *rf, *nf;         /* doubles' and the floats' loops (and of an
                               MPFR domain's of 53 bits, loop_d53) */
    double lo, hi;          /* loop_d53: the magnitudes it takes, [LO, HI) */
    /* a printed step's evaluation (gdt_burst_eval), by gdt_eval_part:
       every insn of the part, each result stored in the stepper's own
       register as the generic path stores it; PART_OK 0 where the part
       has an insn that is no arithmetic */
    burst_insn *part_code[3];
    size_t part_n[3];
    int part_ok[3];
};

void
gdt_burst_free(struct gdt_burst *b)
{
    if (b == NULL)
        return;
    free(b->code);
    free(b->part_code[0]);
    free(b->part_code[1]);
    free(b->part_code[2]);
    free(b->rd);
    free(b->nd);
    free(b->rf);
    free(b->nf);
    free(b);
}

int
gdt_burst_translate(burst_insn *code, size_t *n, const gdt_program *p, gdt_eval_part part)
{
    size_t i;
    burst_insn *c;

    *n = 0;
    for (i = 0; i < p->ninsns; i++) {
        const gdt_insn *in = &p->insns[i];

        if (part != GDT_EVAL_ALL && in->loss_only != (part == GDT_EVAL_LOSS))
            continue;
        c = &code[(*n)++];
        c->dst = in->dst;
        c->a = in->a;
        c->b = in->b;
        c->n = in->n;
        c->keep = 1;
        switch (in->op) {
        case GDT_OP_NEG: c->op = B_NEG; c->b = c->a; break;
        case GDT_OP_ADD: c->op = B_ADD; break;
        case GDT_OP_SUB: c->op = B_SUB; break;
        case GDT_OP_MUL: c->op = B_MUL; break;
        case GDT_OP_DIV: c->op = B_DIV; break;
        case GDT_OP_POW: c->op = B_POW; c->b = c->a; break;
        default: return 0;
        }
        c->a_acc = *n > 1 && c->a == c[-1].dst;
        c->b_acc = *n > 1 && c->b == c[-1].dst;
    }
    return 1;
}

/* Translate the insns of S's program that a partial depends on into B's
   code: B->kind GDT_FAST_NONE when one of them is no arithmetic; and
   each part of the program for a printed step's evaluation. */
static gdt_status
translate(struct gdt_burst *b, const gdt_stepper *s)
{
    const gdt_program *p = s->prog;
    size_t i, j, *uses;
    burst_insn *c;
    int part;

    if (p->ncols != 0 || p->nrows != 0) { /* column registers: sums only */
        b->kind = GDT_FAST_NONE;
        return GDT_OK;
    }
    b->code = malloc((p->ninsns + 1) * sizeof *b->code);
    uses = calloc(p->nregs + 1, sizeof *uses);
    for (part = 0; part < 3; part++)
        b->part_code[part] = malloc((p->ninsns + 1) * sizeof *b->code);
    if (b->code == NULL || uses == NULL || b->part_code[0] == NULL
        || b->part_code[1] == NULL || b->part_code[2] == NULL) {
        free(uses);
        return GDT_ENOMEM;
    }
    for (part = 0; part < 3; part++)
        b->part_ok[part] = gdt_burst_translate(b->part_code[part], &b->part_n[part], p,
                                          (gdt_eval_part)part);
    if (!gdt_burst_translate(b->code, &b->ncode, p, GDT_EVAL_GRAD)) {
        b->kind = GDT_FAST_NONE;
        free(uses);
        return GDT_OK;
    }
    /* which results are read from their register */
    for (i = 0; i < b->ncode; i++) {
        c = &b->code[i];
        if (!c->a_acc)
            uses[c->a]++;
        if (!c->b_acc && c->b != c->a)
            uses[c->b]++;
    }
    b->grad_acc = b->nparams == 1 && b->ncode > 0 && b->code[b->ncode - 1].dst == b->grad[0];
    for (j = 0; j < b->nparams; j++)
        if (!(b->grad_acc && j == 0))
            uses[b->grad[j]]++;
    for (i = 0; i < b->ncode; i++)
        b->code[i].keep = uses[b->code[i].dst] != 0;
    free(uses);
    return GDT_OK;
}

/* The magnitudes loop_d53 takes in an MPFR domain D of 53 bits, [B->LO,
   B->HI): normal doubles a binade above the least (where the doubles'
   grid is that of 53 bits with an unbounded exponent, so that a double
   result there is MPFR's), whose exponent in MPFR's convention (x =
   0.1b... 2^e) is above D->emin (+ 53 with subnormals) and below D->emax:
   where gdt_mpfr_done counts only the ternary value. */
static void
d53_range(struct gdt_burst *b, const gdt_domain *d)
{
    long lo = (long)d->emin + (d->subnormal ? 53 : 0), hi = (long)d->emax - 1;

    b->lo = ldexp(1.0, lo < -1021 ? -1021 : lo > 1100 ? 1100 : (int)lo);
    b->hi = hi >= 1024 ? HUGE_VAL : ldexp(1.0, hi < -1100 ? -1100 : (int)hi);
}

/* S's burst, set up at its first use: NULL when out of memory. */
static struct gdt_burst *
burst_of(gdt_stepper *s)
{
    const gdt_program *p = s->prog;
    struct gdt_burst *b;
    size_t i;
    int ok = 1;

    if (s->burst != NULL)
        return s->burst;
    if ((b = calloc(1, sizeof *b)) == NULL)
        return NULL;
    b->kind = gdt_fast_kind_of(s->dom);
    b->nparams = p->nparams;
    b->param0 = p->nconsts;
    b->grad = p->grad_reg;
    if (b->kind != GDT_FAST_NONE)
        ok = translate(b, s) == GDT_OK;
    /* the doubles' and floats' registers, the constants set once */
    if (ok && b->kind == GDT_FAST_MPFR && s->dom->prec == 53) {
        b->rd = calloc(p->nregs + 1, sizeof *b->rd); /* loop_d53's */
        b->nd = malloc(2 * (p->nparams + 1) * sizeof *b->nd); /* and the lrs */
        ok = b->rd != NULL && b->nd != NULL;
        d53_range(b, s->dom);
    } else if (ok && (b->kind == GDT_FAST_DOUBLE || b->kind == GDT_FAST_HW)) {
        b->rd = calloc(p->nregs + 1, sizeof *b->rd); /* set: see DEFINE_LOOP */
        b->nd = malloc((p->nparams + 1) * sizeof *b->nd);
        ok = b->rd != NULL && b->nd != NULL;
        for (i = 0; ok && i < p->nconsts; i++)
            b->rd[i] = s->regs[i].d;
    } else if (ok && b->kind == GDT_FAST_FLOAT) {
        b->rf = calloc(p->nregs + 1, sizeof *b->rf);
        b->nf = malloc((p->nparams + 1) * sizeof *b->nf);
        ok = b->rf != NULL && b->nf != NULL;
        for (i = 0; ok && i < p->nconsts; i++)
            b->rf[i] = s->regs[i].s;
    }
    if (!ok) {
        gdt_burst_free(b);
        return NULL;
    }
    s->burst = b;
    return b;
}

/* ------------------------------------------------ the operations, by kind */

/* The method's power and fused update of values of the C type T held in
   gdt_val's FIELD: what a loop asks the domain for. */
#define DEFINE_METHODS(pow_name, fms_name, T, FIELD)                           \
    static gdt_status                                                          \
    pow_name(T *r, T x, long n, gdt_domain *d)                                 \
    {                                                                          \
        gdt_val a, v;                                                          \
        gdt_status st;                                                         \
                                                                               \
        a.FIELD = x;                                                           \
        st = d->ops->pow_si(&v, &a, n, d);                                     \
        if (st == GDT_OK)                                                      \
            *r = v.FIELD;                                                      \
        return st;                                                             \
    }                                                                          \
                                                                               \
    static gdt_status                                                          \
    fms_name(T *r, T c, T a, T b, gdt_domain *d)                               \
    {                                                                          \
        gdt_val vc, va, vb, v;                                                 \
        gdt_status st;                                                         \
                                                                               \
        vc.FIELD = c;                                                          \
        va.FIELD = a;                                                          \
        vb.FIELD = b;                                                          \
        st = d->ops->fms(&v, &vc, &va, &vb, d);                                \
        if (st == GDT_OK)                                                      \
            *r = v.FIELD;                                                      \
        return st;                                                             \
    }

DEFINE_METHODS(method_pow_d, method_fms_d, double, d)
DEFINE_METHODS(method_pow_f, method_fms_f, float, s)

/* native-double and native-float: C's operators in the domain's window;
   x^n for n = 0, 1, 2, -1 as the method computes it, pow_small.c's
   powers, the others by the method; fma of a NaN by the method, which
   drops the invalid flag fma may raise there. */
#define DEFINE_NATIVE(P, T, FMA, RN53, POW_METHOD, FMS_METHOD)                 \
    static inline T P##_neg(T x, gdt_domain *d) { (void)d; return -x; }        \
    static inline T P##_add(T x, T y, gdt_domain *d) { (void)d; return x + y; } \
    static inline T P##_sub(T x, T y, gdt_domain *d) { (void)d; return x - y; } \
    static inline T P##_mul(T x, T y, gdt_domain *d) { (void)d; return x * y; } \
    static inline T P##_div(T x, T y, gdt_domain *d) { (void)d; return x / y; } \
                                                                               \
    static inline gdt_status                                                   \
    P##_pow(T *r, T x, long n, gdt_domain *d)                                  \
    {                                                                          \
        double v;                                                              \
                                                                               \
        switch (n) {                                                           \
        case 0: *r = 1; return GDT_OK;                                         \
        case 1: *r = x; return GDT_OK;                                         \
        case 2: *r = x * x; return GDT_OK;                                     \
        case -1: *r = (T)1 / x; return GDT_OK;                                 \
        }                                                                      \
        if (RN53 && d->rnd == MPFR_RNDN && gdt_pow_rn53(&v, &d->flags, x, n)) { \
            *r = (T)v; /* the window rounds to nearest */                      \
            return GDT_OK;                                                     \
        }                                                                      \
        if (gdt_fast_pow(&v, x, n, d)) {                                       \
            *r = (T)v; /* exact */                                             \
            return GDT_OK;                                                     \
        }                                                                      \
        return POW_METHOD(r, x, n, d);                                         \
    }                                                                          \
                                                                               \
    static inline gdt_status                                                   \
    P##_fms(T *r, T c, T a, T b, gdt_domain *d)                                \
    {                                                                          \
        if (isnan(a) || isnan(b) || isnan(c))                                  \
            return FMS_METHOD(r, c, a, b, d);                                  \
        *r = FMA(-a, b, c);                                                    \
        return GDT_OK;                                                         \
    }

DEFINE_NATIVE(nd, double, fma, 1, method_pow_d, method_fms_d)
DEFINE_NATIVE(nf, float, fmaf, 0, method_pow_f, method_fms_f)

/* the IEEE formats on doubles: num_ieee_hw.c's arithmetic; its powers
   (pow_small.c's, else the method's) and its fused update (the
   method's) */
static inline double hw_neg(double x, gdt_domain *d) { (void)d; return -x; }
static inline double hw_add(double x, double y, gdt_domain *d) { return gdt_hw_add(x, y, d); }
static inline double hw_sub(double x, double y, gdt_domain *d) { return gdt_hw_add(x, -y, d); }
static inline double hw_mul(double x, double y, gdt_domain *d) { return gdt_hw_mul(x, y, d); }
static inline double hw_div(double x, double y, gdt_domain *d) { return gdt_hw_div(x, y, d); }

static inline gdt_status
hw_pow(double *r, double x, long n, gdt_domain *d)
{
    if (gdt_fast_pow(r, x, n, d))
        return GDT_OK;
    return method_pow_d(r, x, n, d);
}

static inline gdt_status
hw_fms(double *r, double c, double a, double b, gdt_domain *d)
{
    return method_fms_d(r, c, a, b, d);
}

/* ------------------------------------------------------------- the loops */

/* Every few thousand steps: the progress callback is told step K, out of
   the bracket (it may compute in floating point itself), the stepper's
   parameters holding w_K (gdt_stepper_size reads them); then 1 when a
   stop was asked for. */
static int
poll(const gdt_run_opts *opts, gdt_domain *d, unsigned long k)
{
    if (opts == NULL)
        return 0;
    if (opts->progress != NULL) {
        gdt_domain_leave(d);
        opts->progress(opts->user, k);
        gdt_domain_enter(d);
    }
    return gdt_cancelled(opts->stop);
}

/* --stop cycle's check at step K (gd.c's check_cycle, Brent's) on the N
   parameters W of the C type T, held in gdt_val's FIELD: 1 when the
   generic step must take step K (nothing saved yet, or W repeats the
   saved state, bit for bit); else 0, the state saved again when POWER
   steps have passed since, as check_cycle does. */
#define DEFINE_CYCLE(name, T, FIELD)                                           \
    static int                                                                 \
    name(gdt_stepper *s, const T *w, size_t n, unsigned long k)                \
    {                                                                          \
        size_t i;                                                              \
        int same = 1;                                                          \
                                                                               \
        if (s->saved == NULL)                                                  \
            return 1;                                                          \
        for (i = 0; i < n && same; i++) {                                      \
            T x = w[i], y = s->saved[i].FIELD;                                 \
            same = isnan(x) ? isnan(y) != 0 : x == y && !signbit(x) == !signbit(y); \
        }                                                                      \
        if (same)                                                              \
            return 1;                                                          \
        if (gdt_brent_due(s, k))                                               \
            for (i = 0; i < n; i++)                                            \
                s->saved[i].FIELD = w[i];                                      \
        return 0;                                                              \
    }

DEFINE_CYCLE(cycle_d, double, d)
DEFINE_CYCLE(cycle_f, float, s)

/* The stall watch (gd.c's stalled and keep_prev) on the N parameters W
   of the C type T, held in gdt_val's FIELD.  STALL: 1 when the generic
   step must take step K, W being finite and, bit for bit, the state of
   step K - 1 that KEEP left in S->prev (the generic step then asks
   whether the gradient is zero).  KEEP: W, the state of step K, before
   its update. */
#define DEFINE_STALL(stall, keep, T, FIELD)                                    \
    static int                                                                 \
    stall(const gdt_stepper *s, const T *w, size_t n, unsigned long k)         \
    {                                                                          \
        size_t i;                                                              \
                                                                               \
        if (!s->have_prev || s->prev_k + 1 != k)                               \
            return 0;                                                          \
        for (i = 0; i < n; i++) {                                              \
            T x = w[i], y = s->prev[i].FIELD;                                  \
            if (!isfinite(x) || x != y || !signbit(x) != !signbit(y))          \
                return 0;                                                      \
        }                                                                      \
        return 1;                                                              \
    }                                                                          \
                                                                               \
    static void                                                                \
    keep(gdt_stepper *s, const T *w, size_t n, unsigned long k)                \
    {                                                                          \
        size_t i;                                                              \
                                                                               \
        for (i = 0; i < n; i++)                                                \
            s->prev[i].FIELD = w[i];                                           \
        s->prev_k = k;                                                         \
        s->have_prev = 1;                                                      \
    }

DEFINE_STALL(stall_d, keep_d, double, d)
DEFINE_STALL(stall_f, keep_f, float, s)

/* ACC = the operation of insn IN on X and Y with P##_add, ...; a power
   through V (not &ACC, so that ACC stays in a machine register), FAIL
   when its method fails. */
#define APPLY(P, acc, v, in, x, y, d, FAIL)                                    \
    switch ((in)->op) {                                                        \
    case B_NEG: acc = P##_neg(x, d); break;                                    \
    case B_ADD: acc = P##_add(x, y, d); break;                                 \
    case B_SUB: acc = P##_sub(x, y, d); break;                                 \
    case B_MUL: acc = P##_mul(x, y, d); break;                                 \
    case B_DIV: acc = P##_div(x, y, d); break;                                 \
    case B_POW:                                                                \
        if (P##_pow(&v, x, (in)->n, d) != GDT_OK)                              \
            FAIL;                                                              \
        acc = v;                                                               \
        break;                                                                 \
    }

/* The loop of the values of the C type T in REGS and NEXT (rd and nd, or
   rf and nf), of gdt_val's FIELD, with the operations P##_add, ... and
   the cycle check CYCLE, the stall watch STALL and KEEP.  An operand in
   ACC may still be loaded from its
   register (a conditional move) and ignored: the registers start at 0,
   so that no load reads memory never written. */
#define DEFINE_LOOP(name, T, FIELD, REGS, NEXT, P, CYCLE, STALL, KEEP)         \
    static void                                                                \
    name(gdt_stepper *s, struct gdt_burst *b, unsigned long limit,             \
         unsigned long every, const gdt_run_opts *opts)                        \
    {                                                                          \
        gdt_domain *d = s->dom;                                                \
        T *r = b->REGS, *w = r + b->param0, *next = b->NEXT, acc = 0, g, t, v; \
        const T lr = s->lr[0].FIELD;                                           \
        const burst_insn *in, *end = b->code + b->ncode;                       \
        size_t i, n = b->nparams;                                              \
        unsigned long k = s->k, poll_at = k + every;                           \
        int fused = s->update == GDT_UPDATE_FMA, cyc = s->detect_cycles, zero; \
        int stl = s->stop_on_stall || s->watch_stall;                          \
                                                                               \
        for (i = 0; i < n; i++)                                                \
            w[i] = s->regs[b->param0 + i].FIELD;                               \
        gdt_domain_enter(d);                                                   \
        for (; k < limit; s->k = ++k) {                                        \
            if (k == poll_at) {                                                \
                for (i = 0; i < n; i++) /* w_k, for the progress callback */ \
                    s->regs[b->param0 + i].FIELD = w[i];                       \
                if (poll(opts, d, k))                                          \
                    break;                                                     \
                poll_at = k + every;                                           \
            }                                                                  \
            for (in = b->code; in < end; in++) {                               \
                T x = in->a_acc ? acc : r[in->a], y = in->b_acc ? acc : r[in->b]; \
                                                                               \
                APPLY(P, acc, v, in, x, y, d, goto out);                       \
                if (in->keep)                                                  \
                    r[in->dst] = acc;                                          \
            }                                                                  \
            if (b->grad_acc) { /* one parameter: no store between */           \
                if ((s->stop_on_zero && acc == 0) || (cyc && CYCLE(s, w, 1, k)) \
                    || (stl && acc != 0 && STALL(s, w, 1, k)))                 \
                    break;                                                     \
                if (stl)                                                       \
                    KEEP(s, w, 1, k);                                          \
                if (!fused) {                                                  \
                    t = P##_mul(lr, acc, d);                                   \
                    w[0] = P##_sub(w[0], t, d);                                \
                } else if (P##_fms(&w[0], w[0], lr, acc, d) != GDT_OK) {       \
                    break;                                                     \
                }                                                              \
                continue;                                                      \
            }                                                                  \
            zero = s->stop_on_zero;                                            \
            for (i = 0; i < n && zero; i++)                                    \
                zero = r[b->grad[i]] == 0;                                     \
            if (zero || (cyc && CYCLE(s, w, n, k)) || (stl && STALL(s, w, n, k))) \
                break;                                                         \
            if (stl)                                                           \
                KEEP(s, w, n, k);                                              \
            for (i = 0; i < n; i++) {                                          \
                g = r[b->grad[i]];                                             \
                if (!fused) {                                                  \
                    t = P##_mul(s->lr[i].FIELD, g, d);                         \
                    next[i] = P##_sub(w[i], t, d);                             \
                } else if (P##_fms(&next[i], w[i], s->lr[i].FIELD, g, d)      \
                           != GDT_OK) {                                        \
                    goto out;                                                  \
                }                                                              \
            }                                                                  \
            for (i = 0; i < n; i++)                                            \
                w[i] = next[i];                                                \
        }                                                                      \
    out:                                                                       \
        gdt_domain_leave(d);                                                   \
        for (i = 0; i < n; i++)                                                \
            s->regs[b->param0 + i].FIELD = w[i];                               \
    }

DEFINE_LOOP(loop_native_d, double, d, rd, nd, nd, cycle_d, stall_d, keep_d)
DEFINE_LOOP(loop_native_f, float, s, rf, nf, nf, cycle_f, stall_f, keep_f)
DEFINE_LOOP(loop_hw, double, d, rd, nd, hw, cycle_d, stall_d, keep_d)

/* A printed step of the values of the C type T, of gdt_val's FIELD, on
   the stepper's own registers, with the operations P##_add, ...:
   EVAL runs CODE (a part's, gdt_burst_eval), each result stored in its
   register as gdt_program_eval_part stores it: 0 when a method failed
   (the registers before it written, with the generic path's values).
   UPDATE computes gdt_stepper_update's new parameters into NEXT (B's nd
   or nf) and, when no method failed, puts them in the parameters'
   registers, lr * g in S->tmp and the old parameters in S->next as its
   swap leaves them: 1; else 0, nothing written.  Both inside D's
   bracket. */
#define DEFINE_PRINTED(eval_name, update_name, T, FIELD, NEXT, P)             \
    static int                                                                 \
    eval_name(gdt_stepper *s, const burst_insn *code, size_t ncode)            \
    {                                                                          \
        gdt_domain *d = s->dom;                                                \
        gdt_val *r = s->regs;                                                  \
        const burst_insn *in, *end = code + ncode;                             \
        T acc = 0, v;                                                          \
                                                                               \
        for (in = code; in < end; in++) {                                      \
            T x = in->a_acc ? acc : r[in->a].FIELD;                            \
            T y = in->b_acc ? acc : r[in->b].FIELD;                            \
                                                                               \
            APPLY(P, acc, v, in, x, y, d, return 0);                           \
            r[in->dst].FIELD = acc;                                            \
        }                                                                      \
        return 1;                                                              \
    }                                                                          \
                                                                               \
    static int                                                                 \
    update_name(gdt_stepper *s, struct gdt_burst *b)                           \
    {                                                                          \
        gdt_domain *d = s->dom;                                                \
        gdt_val *r = s->regs, *w = r + b->param0;                              \
        T *next = b->NEXT, lr, g, t = 0, old;                                  \
        size_t i, n = b->nparams;                                              \
        int fused = s->update == GDT_UPDATE_FMA;                               \
                                                                               \
        for (i = 0; i < n; i++) {                                              \
            g = r[b->grad[i]].FIELD;                                           \
            lr = s->lr[i].FIELD;                                               \
            if (!fused) {                                                      \
                t = P##_mul(lr, g, d);                                         \
                next[i] = P##_sub(w[i].FIELD, t, d);                           \
            } else if (P##_fms(&next[i], w[i].FIELD, lr, g, d) != GDT_OK) {    \
                return 0;                                                      \
            }                                                                  \
        }                                                                      \
        if (!fused && n > 0)                                                   \
            s->tmp.FIELD = t;                                                  \
        for (i = 0; i < n; i++) {                                              \
            old = w[i].FIELD;                                                  \
            w[i].FIELD = next[i];                                              \
            s->next[i].FIELD = old;                                            \
        }                                                                      \
        return 1;                                                              \
    }

DEFINE_PRINTED(eval_native_d, update_native_d, double, d, nd, nd)
DEFINE_PRINTED(eval_native_f, update_native_f, float, s, nf, nf)
DEFINE_PRINTED(eval_hw, update_hw, double, d, nd, hw)

/* Z = X^N in an MPFR domain D of 53 bits rounding to nearest, as the
   method computes it (pow_small.c's correct rounding, then exact
   conversions), by gdt_pow_rn53 where that settles it: 1.  The machine
   must round to nearest (loop_mpfr asks). */
static inline __attribute__((always_inline)) int
pow_rn53(mpfr_ptr z, mpfr_srcptr x, long n, gdt_domain *d)
{
    double v;

    if (!mpfr_regular_p(x) || mpfr_get_exp(x) < -240 || mpfr_get_exp(x) > 240
        || !gdt_pow_rn53(&v, &d->flags, mpfr_get_d(x, MPFR_RNDN), n))
        return 0;
    mpfr_set_d(z, v, MPFR_RNDN); /* exact */
    return 1;
}

/* The stall watch (DEFINE_STALL) on the N parameters W of an MPFR
   domain: STALL_MPFR as its STALL, KEEP_MPFR as its KEEP (0: a copy
   failed, for the generic step to take this step and say so). */
static int
stall_mpfr(const gdt_stepper *s, gdt_val *w, size_t n, unsigned long k)
{
    gdt_domain *d = s->dom;
    size_t i;

    if (!s->have_prev || s->prev_k + 1 != k)
        return 0;
    for (i = 0; i < n; i++)
        if (!mpfr_number_p(w[i].f) || !d->ops->identical(&w[i], &s->prev[i], d))
            return 0;
    return 1;
}

static int
keep_mpfr(gdt_stepper *s, gdt_val *w, size_t n, unsigned long k)
{
    gdt_domain *d = s->dom;
    size_t i;

    for (i = 0; i < n; i++)
        if (d->ops->set(&s->prev[i], &w[i], d) != GDT_OK)
            return 0;
    s->prev_k = k;
    s->have_prev = 1;
    return 1;
}

/* Insn IN of an MPFR domain D on the registers R: one MPFR call and
   gdt_mpfr_done, as the method in a bracket; a power by pow_rn53 where
   RN53 allows and it settles it, else the method: 0 when that fails.
   Inlined always: the loop of W4 runs two of them a step, a call each
   would cost it a tenth. */
static inline __attribute__((always_inline)) int
mpfr_insn(gdt_val *r, const burst_insn *in, gdt_domain *d, int rn53)
{
    mpfr_ptr z = r[in->dst].f;
    mpfr_srcptr x = r[in->a].f, y = r[in->b].f;
    mpfr_rnd_t rnd = d->rnd;
    int nan_in = mpfr_nan_p(x) || mpfr_nan_p(y), t;

    switch (in->op) {
    case B_NEG: t = mpfr_neg(z, x, rnd); break;
    case B_ADD: t = mpfr_add(z, x, y, rnd); break;
    case B_SUB: t = mpfr_sub(z, x, y, rnd); break;
    case B_MUL: t = mpfr_mul(z, x, y, rnd); break;
    case B_DIV: t = mpfr_div(z, x, y, rnd); break;
    default: /* B_POW */
        return (rn53 && pow_rn53(z, x, in->n, d))
               || d->ops->pow_si(&r[in->dst], &r[in->a], in->n, d) == GDT_OK;
    }
    gdt_mpfr_done(z, t, d, nan_in);
    return 1;
}

/* May an MPFR domain D's powers take pow_rn53? */
static int
mpfr_rn53(const gdt_domain *d)
{
    return d->prec == 53 && d->rnd == MPFR_RNDN && fegetround() == FE_TONEAREST;
}

/* gdt_stepper_update's new parameters of an MPFR domain in S's NEXT (lr *
   g in its TMP), which then take the parameters' place by a swap, as it
   does, in the bracket: 1; 0 when a method failed, the parameters
   untouched.  Inlined always, as mpfr_insn. */
static inline __attribute__((always_inline)) int
mpfr_update(gdt_stepper *s, const struct gdt_burst *b)
{
    gdt_domain *d = s->dom;
    gdt_val *r = s->regs, *w = r + b->param0, *tmp = &s->tmp, v;
    mpfr_rnd_t rnd = d->rnd;
    size_t i, n = b->nparams;
    int t;

    for (i = 0; i < n; i++) {
        gdt_val *g = &r[b->grad[i]], *lr = &s->lr[i];

        if (s->update == GDT_UPDATE_FMA) {
            if (d->ops->fms(&s->next[i], &w[i], lr, g, d) != GDT_OK)
                return 0;
            continue;
        }
        t = mpfr_mul(tmp->f, lr->f, g->f, rnd);
        gdt_mpfr_done(tmp->f, t, d, mpfr_nan_p(lr->f) || mpfr_nan_p(g->f));
        t = mpfr_sub(s->next[i].f, w[i].f, tmp->f, rnd);
        gdt_mpfr_done(s->next[i].f, t, d, mpfr_nan_p(w[i].f) || mpfr_nan_p(tmp->f));
    }
    for (i = 0; i < n; i++) {
        v = w[i];
        w[i] = s->next[i];
        s->next[i] = v;
    }
    return 1;
}

/* The loop of the MPFR domains, on the program's own registers (mpfr_t),
   each operation as mpfr_insn and mpfr_update compute it, inside D's
   bracket, polling at *POLL_AT (then every EVERY steps): 1 when it
   reached LIMIT, 0 when it stopped before (a rule, a method failed, a
   stop asked for). */
static int
loop_mpfr(gdt_stepper *s, struct gdt_burst *b, unsigned long limit, unsigned long every,
          unsigned long *poll_at, const gdt_run_opts *opts)
{
    gdt_domain *d = s->dom;
    gdt_val *r = s->regs, *w = r + b->param0;
    const burst_insn *in, *end = b->code + b->ncode;
    size_t i, n = b->nparams;
    unsigned long k = s->k;
    int zero, rn53 = mpfr_rn53(d), stl = s->stop_on_stall || s->watch_stall;

    for (; k < limit; s->k = ++k) {
        if (k == *poll_at) {
            if (poll(opts, d, k))
                break;
            *poll_at = k + every;
        }
        for (in = b->code; in < end; in++)
            if (!mpfr_insn(r, in, d, rn53))
                return 0;
        zero = s->stop_on_zero;
        for (i = 0; i < n && zero; i++)
            zero = mpfr_zero_p(r[b->grad[i]].f);
        if (zero || (s->detect_cycles && gdt_stepper_brent(s))
            || (stl && stall_mpfr(s, w, n, k)))
            break;
        if (stl && !keep_mpfr(s, w, n, k))
            break;
        if (!mpfr_update(s, b))
            break;
    }
    return k == limit;
}

/* ---------------------------------- an MPFR domain of 53 bits, on doubles

   MPFR at 53 bits rounding to nearest computes what the machine's doubles
   compute wherever the operands and the result are in d53_range: there
   the burst of such a domain (W4: mpfr --prec 53, the final state only)
   runs on doubles, C's operators rounding to nearest and x^n by
   gdt_pow_rn53 where loop_mpfr takes it too, each result checked to be in
   the range.  The inexact flag is the machine's, read after each step
   until the domain has it (flags are sticky).  A step with a value out of
   the range (a zero, a huge or tiny number, an infinity, a NaN) or a
   power gdt_pow_rn53 does not settle is left where it is found, nothing of
   it kept: loop_mpfr takes that step, then the doubles go on. */

#if defined(__x86_64__) && defined(__SSE2_MATH__)
/* Does the machine raise the inexact flag, which loop_d53 reads?  Not
   always where the machine is emulated: valgrind, for one, keeps no
   exception flags. */
static int
raises_inexact(void)
{
    volatile double one = 1.0, three = 3.0, third;
    fexcept_t saved;
    int raised;

    fegetexceptflag(&saved, FE_INEXACT);
    feclearexcept(FE_INEXACT);
    third = one / three;
    (void)third;
    raised = fetestexcept(FE_INEXACT) != 0;
    fesetexceptflag(&saved, FE_INEXACT);
    return raised;
}
#endif

/* May S's burst in its MPFR domain run on doubles (B's registers)? The
   machine rounds to nearest, without flushing subnormals to zero (SSE's
   MXCSR: rounding control, FTZ and DAZ clear), and raises the inexact
   flag. */
static int
d53_applies(const gdt_stepper *s, const struct gdt_burst *b)
{
#if defined(__x86_64__) && defined(__SSE2_MATH__)
    const gdt_domain *d = s->dom;

    return b->rd != NULL && d->prec == 53 && d->rnd == MPFR_RNDN
        && fegetround() == FE_TONEAREST && (_mm_getcsr() & 0xe040u) == 0
        && raises_inexact()
        && s->update != GDT_UPDATE_FMA && !s->detect_cycles && !s->stop_on_stall
        && !s->watch_stall;
#else
    (void)s;
    (void)b;
    return 0;
#endif
}

static inline int
d53_take(double x, const struct gdt_burst *b)
{
    double a = fabs(x);

    return a >= b->lo && a < b->hi;
}

/* *R = X, an MPFR number of 53 bits, when loop_d53 takes it: 1. */
static int
d53_get(double *r, mpfr_srcptr x, const struct gdt_burst *b)
{
    /* a normal double, converted exactly, no MPFR flag raised */
    if (!mpfr_regular_p(x) || mpfr_get_exp(x) < -1020 || mpfr_get_exp(x) > 1024)
        return 0;
    *r = mpfr_get_d(x, MPFR_RNDN);
    return d53_take(*r, b);
}

/* The N parameters W back in S's registers (exact). */
static void
d53_put(gdt_stepper *s, const struct gdt_burst *b, const double *w, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        mpfr_set_d(s->regs[b->param0 + i].f, w[i], MPFR_RNDN);
}

/* loop_mpfr's steps from S's step k toward LIMIT on doubles, inside D's
   bracket, polling at *POLL_AT: 1 when it left step S->k (< LIMIT) to
   loop_mpfr, 0 when it ended (LIMIT reached, a stop asked for). */
static int
loop_d53(gdt_stepper *s, struct gdt_burst *b, unsigned long limit, unsigned long every,
         unsigned long *poll_at, const gdt_run_opts *opts)
{
    gdt_domain *d = s->dom;
    size_t i, n = b->nparams;
    double *r = b->rd, *w = r + b->param0, *next = b->nd, *lr = next + n + 1;
    double acc = 0, x, y, t, g, v;
    const burst_insn *in, *end = b->code + b->ncode;
    unsigned long k = s->k;
    unsigned flags;
    fexcept_t saved;
    int left = 0;

    for (i = 0; i < b->param0 + n; i++) /* the constants, the parameters */
        if (!d53_get(&r[i], s->regs[i].f, b))
            return 1;
    for (i = 0; i < n; i++)
        if (!d53_get(&lr[i], s->lr[i].f, b))
            return 1;
    fegetexceptflag(&saved, FE_INEXACT);
    feclearexcept(FE_INEXACT);
    for (; k < limit; s->k = ++k) {
        if (k == *poll_at) {
            d53_put(s, b, w, n);
            if (poll(opts, d, k))
                break;
            *poll_at = k + every;
            /* the progress callback's own arithmetic (the clock's
               seconds) is no step's: the steps before are counted */
            feclearexcept(FE_INEXACT);
        }
        flags = 0;
        for (in = b->code; in < end; in++) {
            x = in->a_acc ? acc : r[in->a];
            y = in->b_acc ? acc : r[in->b];
            switch (in->op) {
            case B_NEG: acc = -x; break;
            case B_ADD: acc = x + y; break;
            case B_SUB: acc = x - y; break;
            case B_MUL: acc = x * y; break;
            case B_DIV: acc = x / y; break;
            case B_POW: /* where pow_rn53 takes it; through V, so that ACC
                           stays in a machine register */
                if (!(fabs(x) >= 0x1p-241 && fabs(x) < 0x1p240)
                    || !gdt_pow_rn53(&v, &flags, x, in->n))
                    goto leave;
                acc = v;
                break;
            }
            if (!d53_take(acc, b))
                goto leave;
            if (in->keep)
                r[in->dst] = acc;
        }
        for (i = 0; i < n; i++) {
            g = b->grad_acc ? acc : r[b->grad[i]];
            t = lr[i] * g;
            next[i] = w[i] - t;
            if (!d53_take(t, b) || !d53_take(next[i], b))
                goto leave;
        }
        if (!(d->flags & GDT_FLAG_INEXACT) && fetestexcept(FE_INEXACT))
            d->flags |= GDT_FLAG_INEXACT;
        d->flags |= flags;
        for (i = 0; i < n; i++)
            w[i] = next[i];
    }
    goto done;
leave:
    left = 1;
done:
    d53_put(s, b, w, n);
    fesetexceptflag(&saved, FE_INEXACT);
    return left;
}

/* The burst of an MPFR domain: on doubles where loop_d53 applies, the
   steps it leaves on MPFR (one, then twice as many each time the doubles
   take none, up to POLL_STEPS); else all on MPFR. */
static void
run_mpfr(gdt_stepper *s, struct gdt_burst *b, unsigned long limit, unsigned long every,
         const gdt_run_opts *opts)
{
    unsigned long poll_at = s->k + every, chunk = 1, k0, end;
    int d53 = d53_applies(s, b);

    gdt_domain_enter(s->dom);
    for (;;) {
        k0 = s->k;
        if (d53 && !loop_d53(s, b, limit, every, &poll_at, opts))
            break;
        chunk = !d53 ? limit - s->k : s->k > k0 ? 1 : chunk < POLL_STEPS ? 2 * chunk : chunk;
        end = limit - s->k > chunk ? s->k + chunk : limit;
        if (!loop_mpfr(s, b, end, every, &poll_at, opts) || s->k >= limit)
            break;
    }
    gdt_domain_leave(s->dom);
}

/* A printed step's CODE in an MPFR domain (DEFINE_PRINTED's EVAL). */
static int
eval_mpfr(gdt_stepper *s, const burst_insn *code, size_t ncode)
{
    const burst_insn *in, *end = code + ncode;
    int rn53 = mpfr_rn53(s->dom);

    for (in = code; in < end; in++)
        if (!mpfr_insn(s->regs, in, s->dom, rn53))
            return 0;
    return 1;
}

int
gdt_burst_disable(gdt_stepper *s)
{
    if (s->burst == NULL && (s->burst = calloc(1, sizeof *s->burst)) == NULL)
        return 0;
    s->burst->kind = GDT_FAST_NONE;
    return 1;
}

void
gdt_burst_steps(gdt_stepper *s, unsigned long limit, const gdt_run_opts *opts)
{
    struct gdt_burst *b;
    unsigned long every = POLL_STEPS;

    if (limit > s->max_iter)
        limit = s->max_iter;
    /* --stop cycle keeps the states of the last steps before max_iter
       (gd.c's window): those steps are the generic step's */
    if (s->detect_cycles && limit + GDT_CYCLE_WINDOW > s->max_iter)
        limit = s->max_iter > GDT_CYCLE_WINDOW ? s->max_iter - GDT_CYCLE_WINDOW : 0;
    /* --stop nonfinite reads each step's loss, which the burst does not
       compute: the generic step's */
    if (s->k >= limit || s->stop != GDT_STOP_NONE || s->decimal
        || s->dec != NULL || (opts != NULL && gdt_cancelled(opts->stop))
        || s->stop_on_nonfinite || s->sr != NULL /* stochastic rounding: gd.c's */
        || s->recipe != NULL || s->optim != NULL)
        return;
    if ((b = burst_of(s)) == NULL || b->kind == GDT_FAST_NONE)
        return;
    /* the stall watch's state before an update, as gd.c's keep_prev
       makes it */
    if ((s->stop_on_stall || s->watch_stall) && s->prev == NULL) {
        size_t i, n = s->prog->nparams;
        if ((s->prev = malloc((n + 1) * sizeof *s->prev)) == NULL)
            return;
        for (i = 0; i < n; i++)
            s->dom->ops->init(&s->prev[i], s->dom);
        s->have_prev = 0;
    }
    s->evaluated = 0;
    s->has_loss = 0;
    s->ahead = 0;
    switch (b->kind) {
    case GDT_FAST_DOUBLE: loop_native_d(s, b, limit, every, opts); break;
    case GDT_FAST_FLOAT: loop_native_f(s, b, limit, every, opts); break;
    case GDT_FAST_HW: loop_hw(s, b, limit, every, opts); break;
    case GDT_FAST_MPFR:
        if ((unsigned long)s->dom->prec > POLL_BITS / POLL_STEPS)
            every = POLL_BITS / (unsigned long)s->dom->prec + 1;
        run_mpfr(s, b, limit, every, opts);
        break;
    case GDT_FAST_NONE:
        break;
    }
}

/* The part of a printed step's evaluation at w_k, in the stepper's
   registers: GDT_EVAL_ALL with the loss (the fields print it), else
   GDT_EVAL_GRAD (gdt_stepper_eval's, for a step printed). */
static gdt_eval_part
printed_part(const gdt_stepper *s)
{
    size_t n = s->prog->nparams;

    return s->fields == NULL || s->fields[GDT_FIELD_LOSS(n)] ? GDT_EVAL_ALL : GDT_EVAL_GRAD;
}

/* S's burst where a printed step can use it: NULL elsewhere. */
static struct gdt_burst *
printed_burst(gdt_stepper *s)
{
    struct gdt_burst *b;

    if (s->decimal || s->dec != NULL || s->prog->nparams == 0 || s->sr != NULL)
        return NULL;
    b = s->burst != NULL ? s->burst : burst_of(s);
    return b == NULL || b->kind == GDT_FAST_NONE ? NULL : b;
}

/* Run B's code of PART in S's registers (the bracket open). */
static int
eval_code(gdt_stepper *s, struct gdt_burst *b, gdt_eval_part part)
{
    if (!b->part_ok[part])
        return 0;
    switch (b->kind) {
    case GDT_FAST_DOUBLE: return eval_native_d(s, b->part_code[part], b->part_n[part]);
    case GDT_FAST_FLOAT: return eval_native_f(s, b->part_code[part], b->part_n[part]);
    case GDT_FAST_HW: return eval_hw(s, b->part_code[part], b->part_n[part]);
    case GDT_FAST_MPFR: return eval_mpfr(s, b->part_code[part], b->part_n[part]);
    default: return 0;
    }
}

int
gdt_burst_eval(gdt_stepper *s, gdt_eval_part part)
{
    struct gdt_burst *b = printed_burst(s);
    int done;

    if (s->ahead == (int)part + 1) { /* done with the update before */
        s->ahead = 0;
        return 1;
    }
    s->ahead = 0;
    if (b == NULL || !b->part_ok[part])
        return 0;
    gdt_domain_enter(s->dom);
    done = eval_code(s, b, part);
    gdt_domain_leave(s->dom);
    return done;
}

int
gdt_burst_update(gdt_stepper *s, int printed)
{
    struct gdt_burst *b = printed_burst(s);
    gdt_eval_part part = printed_part(s);
    int done;

    s->ahead = 0;
    if (b == NULL)
        return 0;
    gdt_domain_enter(s->dom);
    switch (b->kind) {
    case GDT_FAST_DOUBLE: done = update_native_d(s, b); break;
    case GDT_FAST_FLOAT: done = update_native_f(s, b); break;
    case GDT_FAST_HW: done = update_hw(s, b); break;
    default: done = mpfr_update(s, b); break;
    }
    /* the next step's evaluation in the same bracket, at w_{k+1} */
    if (done && printed && eval_code(s, b, part))
        s->ahead = (int)part + 1;
    gdt_domain_leave(s->dom);
    return done;
}
