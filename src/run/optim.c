/* optim -- torch.optim's optimizers and learning-rate schedules on the
   stepper: SGD's momentum, Nesterov and weight decay, Adam and AdamW;
   step, cosine and warm-up schedules

   The operations are torch 1.13's (torch/optim/sgd.py, adam.py, adamw.py,
   the single-tensor loops) with the rounding of its CPU kernels, found on
   chosen values (python3-torch): add(x, alpha=a) is fused, a*x + self
   rounded once; addcmul(x, y, value=v) is fma(round(v*x), y, self);
   addcdiv(x, y, value=v) is self + round(round(v*x)/y); mul, div by a
   scalar and sqrt are each rounded once; every Python scalar is a double
   the kernel converts to the tensor's type.  With --update sub every
   fused operation is two, each rounded once. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <mpfr.h>
#include "gdtrace/decimal.h"
#include "gdtrace/func.h"
#include "run/optim.h"
#include "run/recipe.h"

/* The values of a constant scalar of the update, in the stepper's
   domain, negated where the fused form takes it so (fms: c - a*b). */
enum { C_M, C_NM, C_NOMD, C_OMD, C_WD, C_NWD, C_B1, C_NOMB1, C_OMB1, C_B2, C_OMB2, C_EPS,
       NCONST };

struct gdt_optim_run {
    gdt_optim o;
    gdt_domain *d;
    size_t n;
    int fused;           /* update fma */
    int exact;           /* the exact domain: scalars in rationals */
    gdt_val c[NCONST];
    gdt_val *st1, *st2;  /* per parameter: the momentum buffer or exp_avg;
                            exp_avg_sq */
    gdt_val *lr;         /* per parameter: the lr in force (a schedule) */
    gdt_val *nstep;      /* Adam: -lr/bias_correction1 per parameter */
    gdt_val *decay;      /* AdamW: 1 - lr*weight_decay per parameter */
    gdt_val bc2s;        /* Adam: sqrt(bias_correction2) */
    gdt_val *next;
    gdt_val t, u;        /* scratch */
    unsigned long at;    /* the step whose scalars are in force (ULONG_MAX:
                            none yet) */
    unsigned long settled; /* the first step from which they stay the
                            same (ULONG_MAX: not known yet) */
    mpfr_prec_t sprec;   /* the scalars' precision (Python's doubles: 53) */
    mpfr_rnd_t srnd;
    mpfr_t x, y, z, lrs;
    mpq_t q, q2;
    int ready;
};

void
gdt_optim_init(gdt_optim *o)
{
    size_t i;

    memset(o, 0, sizeof *o);
    mpq_init(o->momentum);
    mpq_init(o->dampening);
    mpq_init(o->weight_decay);
    mpq_init(o->beta1);
    mpq_init(o->beta2);
    mpq_init(o->eps);
    mpq_set_ui(o->beta1, 9, 10);
    mpq_set_ui(o->beta2, 999, 1000);
    mpq_set_ui(o->eps, 1, 100000000);
    for (i = 0; i < GDT_SCHED_MAX; i++)
        mpq_init(o->sched[i].g);
}

void
gdt_optim_clear(gdt_optim *o)
{
    size_t i;

    if (o == NULL)
        return;
    mpq_clear(o->momentum);
    mpq_clear(o->dampening);
    mpq_clear(o->weight_decay);
    mpq_clear(o->beta1);
    mpq_clear(o->beta2);
    mpq_clear(o->eps);
    for (i = 0; i < GDT_SCHED_MAX; i++)
        mpq_clear(o->sched[i].g);
}

void
gdt_optim_copy(gdt_optim *r, const gdt_optim *o)
{
    size_t i;

    r->kind = o->kind;
    r->nesterov = o->nesterov;
    mpq_set(r->momentum, o->momentum);
    mpq_set(r->dampening, o->dampening);
    mpq_set(r->weight_decay, o->weight_decay);
    mpq_set(r->beta1, o->beta1);
    mpq_set(r->beta2, o->beta2);
    mpq_set(r->eps, o->eps);
    r->nsched = o->nsched;
    for (i = 0; i < GDT_SCHED_MAX; i++) {
        r->sched[i].kind = o->sched[i].kind;
        r->sched[i].n = o->sched[i].n;
        mpq_set(r->sched[i].g, o->sched[i].g);
    }
}

const char *
gdt_optim_name(gdt_optim_kind kind)
{
    switch (kind) {
    case GDT_OPTIM_SGD: return "sgd";
    case GDT_OPTIM_ADAM: return "adam";
    case GDT_OPTIM_ADAMW: return "adamw";
    }
    return "?";
}

/* Append " NAME VALUE" (VALUE exact) to OUT, SEP before. */
static gdt_status
put_q(gdt_buf *out, const char *sep, const char *name, const mpq_t v)
{
    gdt_status st = gdt_buf_printf(out, "%s%s ", sep, name);

    return st == GDT_OK ? gdt_q_get_str(out, v) : st;
}

int
gdt_optim_same(const gdt_optim *a, const gdt_optim *b)
{
    gdt_optim plain;
    size_t i;
    int same = 1;

    if (a == NULL || b == NULL) {
        if (a == b)
            return 1;
        gdt_optim_init(&plain);
        same = gdt_optim_same(a != NULL ? a : &plain, b != NULL ? b : &plain);
        gdt_optim_clear(&plain);
        return same;
    }
    if (a->kind != b->kind || a->nesterov != b->nesterov || a->nsched != b->nsched
        || !mpq_equal(a->momentum, b->momentum) || !mpq_equal(a->dampening, b->dampening)
        || !mpq_equal(a->weight_decay, b->weight_decay) || !mpq_equal(a->beta1, b->beta1)
        || !mpq_equal(a->beta2, b->beta2) || !mpq_equal(a->eps, b->eps))
        return 0;
    for (i = 0; i < a->nsched; i++)
        if (a->sched[i].kind != b->sched[i].kind || a->sched[i].n != b->sched[i].n
            || !mpq_equal(a->sched[i].g, b->sched[i].g))
            return 0;
    return 1;
}

gdt_status
gdt_optim_describe(gdt_buf *out, const gdt_optim *o)
{
    gdt_status st = gdt_buf_printf(out, "%s (", gdt_optim_name(o->kind));

    if (st == GDT_OK && o->kind == GDT_OPTIM_SGD) {
        st = put_q(out, "", "momentum", o->momentum);
        if (st == GDT_OK)
            st = put_q(out, ", ", "dampening", o->dampening);
        if (st == GDT_OK && o->nesterov)
            st = gdt_buf_puts(out, ", nesterov");
    } else if (st == GDT_OK) {
        st = put_q(out, "", "betas", o->beta1);
        if (st == GDT_OK)
            st = gdt_buf_putc(out, ',');
        if (st == GDT_OK)
            st = gdt_q_get_str(out, o->beta2);
        if (st == GDT_OK)
            st = put_q(out, ", ", "eps", o->eps);
    }
    if (st == GDT_OK)
        st = put_q(out, ", ", "weight decay", o->weight_decay);
    return st == GDT_OK ? gdt_buf_putc(out, ')') : st;
}

gdt_status
gdt_optim_schedule_str(gdt_buf *out, const gdt_optim *o)
{
    gdt_status st = GDT_OK;
    size_t i;

    for (i = 0; i < o->nsched && st == GDT_OK; i++) {
        const gdt_sched *p = &o->sched[i];
        st = gdt_buf_printf(out, "%s%s:%lu", i ? "," : "",
                            p->kind == GDT_SCHED_STEP     ? "step"
                            : p->kind == GDT_SCHED_COSINE ? "cosine"
                                                          : "warmup", p->n);
        if (st == GDT_OK && p->kind != GDT_SCHED_WARMUP)
            st = gdt_buf_putc(out, ':');
        if (st == GDT_OK && p->kind != GDT_SCHED_WARMUP)
            st = gdt_q_get_str(out, p->g);
    }
    return st;
}

int
gdt_optim_plain(const gdt_optim *o)
{
    return o == NULL
           || (o->kind == GDT_OPTIM_SGD && mpq_sgn(o->momentum) == 0
               && mpq_sgn(o->weight_decay) == 0 && o->nsched == 0);
}

/* The cosine part of O's schedule, or NULL. */
static const gdt_sched *
cosine_of(const gdt_optim *o)
{
    size_t i;

    for (i = 0; i < o->nsched; i++)
        if (o->sched[i].kind == GDT_SCHED_COSINE)
            return &o->sched[i];
    return NULL;
}

const char *
gdt_optim_irrational(const gdt_optim *o)
{
    if (o == NULL)
        return NULL;
    if (o->kind != GDT_OPTIM_SGD)
        return "Adam's step divides by a square root";
    return cosine_of(o) != NULL ? "a cosine schedule's factors are irrational" : NULL;
}

/* A whole number 1 .. 2^31 at *P (its end in *END), or 0. */
static unsigned long
sched_whole(const char *p, const char **end)
{
    unsigned long v = 0;
    const char *q = p;

    while (*q >= '0' && *q <= '9' && v <= (1ul << 31))
        v = v * 10 + (unsigned long)(*q++ - '0');
    *end = q;
    return q == p || v > (1ul << 31) ? 0 : v;
}

/* The exact number at P up to the next ',' or ':' (its end in *END). */
static gdt_status
sched_number(mpq_t r, const char *p, const char **end)
{
    size_t len = strcspn(p, ",:");
    char buf[128];

    *end = p + len;
    if (len == 0 || len >= sizeof buf)
        return GDT_ESYNTAX;
    memcpy(buf, p, len);
    buf[len] = '\0';
    return gdt_q_parse(r, buf, NULL);
}

gdt_status
gdt_optim_parse_schedule(gdt_optim *o, const char *spec, gdt_error *err)
{
    static const struct { const char *name; gdt_sched_kind kind; const char *form; } kinds[] = {
        { "step", GDT_SCHED_STEP, "step:S:G (lr times G every S updates)" },
        { "cosine", GDT_SCHED_COSINE, "cosine:T[:MIN] (cosine annealing over T updates)" },
        { "warmup", GDT_SCHED_WARMUP, "warmup:K (linear warm-up over K updates)" },
    };
    const char *p = spec, *end;
    size_t i, j, len;

    o->nsched = 0;
    while (*p != '\0') {
        gdt_sched *s;
        len = strcspn(p, ":,");
        for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
            if (strlen(kinds[i].name) == len && strncmp(kinds[i].name, p, len) == 0)
                break;
        if (i == sizeof kinds / sizeof kinds[0])
            return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                                 "'%.*s' is not a schedule (step:S:G, cosine:T[:MIN], warmup:K)",
                                 (int)len, p);
        for (j = 0; j < o->nsched; j++)
            if (o->sched[j].kind == kinds[i].kind)
                return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "%s is given twice",
                                     kinds[i].name);
        s = &o->sched[o->nsched];
        s->kind = kinds[i].kind;
        mpq_set_ui(s->g, 0, 1);
        p += len;
        if (*p != ':' || (s->n = sched_whole(p + 1, &end)) == 0 || (*end != ':' && *end != ','
                                                                     && *end != '\0'))
            return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                                 "'%s': %s, with a whole number 1 .. 2^31", spec, kinds[i].form);
        p = end;
        if (s->kind != GDT_SCHED_WARMUP && *p == ':') {
            if (sched_number(s->g, p + 1, &end) != GDT_OK || (*end != ',' && *end != '\0'))
                return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "'%s': %s, with a number",
                                     spec, kinds[i].form);
            p = end;
        } else if (s->kind == GDT_SCHED_STEP || *p == ':') {
            return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "'%s': %s", spec, kinds[i].form);
        }
        if (s->kind == GDT_SCHED_STEP && mpq_sgn(s->g) <= 0)
            return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "'%s': step's G must be positive",
                                 spec);
        if (s->kind == GDT_SCHED_COSINE && mpq_sgn(s->g) < 0)
            return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                                 "'%s': cosine's MIN must not be negative", spec);
        o->nsched++;
        if (*p == ',')
            p++;
        if (*p == '\0' && p[-1] == ',')
            return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "'%s' ends with a comma", spec);
    }
    if (o->nsched == 0)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "is empty (step:S:G, cosine:T[:MIN], warmup:K)");
    return GDT_OK;
}

/* Parameter I's register of S (gd.c's param_reg). */
static gdt_val *
param_reg(const gdt_stepper *s, size_t i)
{
    return &s->regs[s->prog->nconsts + i];
}

void
gdt_optim_free(struct gdt_optim_run *r)
{
    size_t i;
    gdt_domain *d;

    if (r == NULL)
        return;
    d = r->d;
    if (r->ready) {
        for (i = 0; i < NCONST; i++)
            d->ops->clear(&r->c[i], d);
        d->ops->clear(&r->bc2s, d);
        d->ops->clear(&r->t, d);
        d->ops->clear(&r->u, d);
    }
    gdt_vals_free(r->st1, r->n, d);
    gdt_vals_free(r->st2, r->n, d);
    gdt_vals_free(r->lr, r->n, d);
    gdt_vals_free(r->nstep, r->n, d);
    gdt_vals_free(r->decay, r->n, d);
    gdt_vals_free(r->next, r->n, d);
    mpfr_clears(r->x, r->y, r->z, r->lrs, (mpfr_ptr)0);
    mpq_clear(r->q);
    mpq_clear(r->q2);
    gdt_optim_clear(&r->o);
    free(r);
}

/* *V = X (a scalar, finite) rounded once to R's domain. */
static gdt_status
from_fr(struct gdt_optim_run *r, gdt_val *v, mpfr_srcptr x)
{
    if (!mpfr_number_p(x))
        return GDT_ERANGE;
    mpfr_get_q(r->q, x);
    return r->d->ops->set_q(v, r->q, r->d);
}

/* Constant scalar C of R from the exact hyperparameter Q: Q as Python's
   double (in the exact domain Q itself), 1 - it when ONE_MINUS, rounded
   to the domain, negated when NEG. */
static gdt_status
set_const(struct gdt_optim_run *r, int c, const mpq_t q, int one_minus, int neg)
{
    gdt_domain *d = r->d;
    gdt_status st;

    if (r->exact) {
        mpq_set(r->q2, q);
        if (one_minus) {
            mpq_set_ui(r->q, 1, 1);
            mpq_sub(r->q2, r->q, r->q2);
        }
        st = d->ops->set_q(&r->c[c], r->q2, d);
    } else {
        mpfr_set_q(r->x, q, r->srnd);
        if (one_minus)
            mpfr_ui_sub(r->x, 1, r->x, r->srnd);
        st = from_fr(r, &r->c[c], r->x);
    }
    if (st == GDT_OK && neg)
        st = d->ops->neg(&r->c[c], &r->c[c], d);
    return st;
}

/* The exact factor of S's schedule at update K without its cosine part,
   into Q. */
static void
rational_factor(const struct gdt_optim_run *r, unsigned long k, mpq_t q)
{
    size_t i;
    mpq_t t;

    mpq_init(t);
    mpq_set_ui(q, 1, 1);
    for (i = 0; i < r->o.nsched; i++) {
        const gdt_sched *p = &r->o.sched[i];
        if (p->kind == GDT_SCHED_WARMUP && k + 1 < p->n) {
            mpq_set_ui(t, k + 1, p->n);
            mpq_canonicalize(t);
            mpq_mul(q, q, t);
        } else if (p->kind == GDT_SCHED_STEP) {
            unsigned long e = k / p->n;
            mpz_pow_ui(mpq_numref(t), mpq_numref(p->g), e);
            mpz_pow_ui(mpq_denref(t), mpq_denref(p->g), e);
            mpq_mul(q, q, t);
        }
    }
    mpq_clear(t);
}

/* Parameter I's learning rate at update K: into R->lr[I] (rounded once
   to the domain) and R->lrs (as the scalars hold it), from S's exact lr. */
static gdt_status
lr_at(gdt_stepper *s, struct gdt_optim_run *r, size_t i, unsigned long k)
{
    const gdt_sched *cs = cosine_of(&r->o);
    gdt_domain *d = r->d;
    mpfr_prec_t p = (d->prec > 53 ? d->prec : 53) + 64;
    gdt_status st;

    if (mpq_sgn(s->lr_q[i]) == 0 || r->o.nsched == 0) { /* the stepper's, -0 and all */
        st = d->ops->set(&r->lr[i], &s->lr[i], d);
        mpfr_set_q(r->lrs, s->lr_q[i], r->srnd);
        return st;
    }
    rational_factor(r, k, r->q2);
    mpq_mul(r->q2, r->q2, s->lr_q[i]);
    if (cs == NULL) {
        mpfr_set_q(r->lrs, r->q2, r->srnd);
        return d->ops->set_q(&r->lr[i], r->q2, d);
    }
    /* (MIN + (lr - MIN) (1 + cos(pi k/T))/2) times the other factors,
       with 64 bits to spare, rounded once to the domain */
    {
        mpfr_t c;
        mpfr_init2(c, p);
        mpfr_const_pi(c, MPFR_RNDN);
        mpfr_mul_ui(c, c, k % (2 * cs->n), MPFR_RNDN);
        mpfr_div_ui(c, c, cs->n, MPFR_RNDN);
        mpfr_cos(c, c, MPFR_RNDN);
        mpfr_add_ui(c, c, 1, MPFR_RNDN);
        mpfr_div_2ui(c, c, 1, MPFR_RNDN);
        mpq_sub(r->q, s->lr_q[i], cs->g);
        mpfr_mul_q(c, c, r->q, MPFR_RNDN);
        mpfr_add_q(c, c, cs->g, MPFR_RNDN);
        mpq_div(r->q2, r->q2, s->lr_q[i]); /* the other factors */
        mpfr_mul_q(c, c, r->q2, MPFR_RNDN);
        mpfr_set(r->lrs, c, r->srnd);
        st = from_fr(r, &r->lr[i], c);
        mpfr_clear(c);
    }
    return st;
}

/* 1 when the schedule's learning rates at update K are those of every
   later update (the lr of R->lr just computed). */
static int
sched_settled(const struct gdt_optim_run *r, unsigned long k)
{
    size_t i, j;
    int stuck = 1;

    for (j = 0; j < r->n && stuck; j++)
        stuck = r->d->ops->is_zero(&r->lr[j], r->d) || r->d->ops->is_inf(&r->lr[j], r->d);
    for (i = 0; i < r->o.nsched; i++) {
        const gdt_sched *p = &r->o.sched[i];
        if (p->kind == GDT_SCHED_COSINE)
            return 0;
        if (p->kind == GDT_SCHED_WARMUP && k + 1 < p->n)
            return 0;
        /* a step schedule's lr runs on to 0 or inf, where it stays */
        if (p->kind == GDT_SCHED_STEP && mpq_cmp_ui(p->g, 1, 1) != 0 && !stuck)
            return 0;
    }
    return 1;
}

/* R = 1 - B^T, exactly. */
static void
one_minus_pow(mpq_t r, const mpq_t b, unsigned long t)
{
    mpq_t one;

    mpz_pow_ui(mpq_numref(r), mpq_numref(b), t);
    mpz_pow_ui(mpq_denref(r), mpq_denref(b), t);
    mpq_init(one);
    mpq_set_ui(one, 1, 1);
    mpq_sub(r, one, r);
    mpq_clear(one);
}

/* Adam's scalars at update K from their exact values, for the balls of
   a certified run: -lr/(1 - beta1^t), sqrt(1 - beta2^t) enclosed by the
   domain's square root, 1 - lr*weight_decay. */
static gdt_status
exact_adam(gdt_stepper *s, struct gdt_optim_run *r, unsigned long k)
{
    gdt_domain *d = r->d;
    gdt_status st;
    size_t i;
    mpq_t bc1, lr;

    one_minus_pow(r->q, r->o.beta2, k + 1);
    st = d->ops->set_q(&r->bc2s, r->q, d);
    if (st == GDT_OK)
        st = d->ops->func(&r->bc2s, GDT_FN_SQRT, &r->bc2s, NULL, d);
    mpq_inits(bc1, lr, (mpq_ptr)0);
    one_minus_pow(bc1, r->o.beta1, k + 1);
    for (i = 0; i < r->n && st == GDT_OK; i++) {
        rational_factor(r, k, lr);
        mpq_mul(lr, lr, s->lr_q[i]);
        mpq_div(r->q, lr, bc1);
        mpq_neg(r->q, r->q);
        st = d->ops->set_q(&r->nstep[i], r->q, d);
        if (st == GDT_OK && r->o.kind == GDT_OPTIM_ADAMW) {
            mpq_mul(r->q, lr, r->o.weight_decay);
            mpq_set_ui(r->q2, 1, 1);
            mpq_sub(r->q, r->q2, r->q);
            st = d->ops->set_q(&r->decay[i], r->q, d);
        }
    }
    mpq_clears(bc1, lr, (mpq_ptr)0);
    return st;
}

/* The scalars of the update at step K into R: each parameter's lr, and
   Adam's step sizes, sqrt(bias_correction2) and AdamW's decay. */
static gdt_status
scalars(gdt_stepper *s, struct gdt_optim_run *r, unsigned long k)
{
    gdt_status st = GDT_OK;
    int adam = r->o.kind != GDT_OPTIM_SGD, done = 1;
    size_t i;

    if (r->at == k)
        return GDT_OK;
    if (r->settled != ULONG_MAX && r->settled <= k && r->at != ULONG_MAX) {
        r->at = k;
        return GDT_OK;
    }
    for (i = 0; i < r->n && st == GDT_OK; i++)
        st = lr_at(s, r, i, k);
    if (st == GDT_OK && adam && r->exact) {
        st = exact_adam(s, r, k);
        done = 0;
    } else if (st == GDT_OK && adam) {
        /* bias_correction1 = 1 - beta1^t, bias_correction2 = 1 - beta2^t
           (t = k + 1) in Python's doubles */
        mpfr_set_q(r->y, r->o.beta1, r->srnd);
        mpfr_pow_ui(r->y, r->y, k + 1, r->srnd);
        mpfr_ui_sub(r->y, 1, r->y, r->srnd);
        mpfr_set_q(r->z, r->o.beta2, r->srnd);
        mpfr_pow_ui(r->z, r->z, k + 1, r->srnd);
        mpfr_ui_sub(r->z, 1, r->z, r->srnd);
        mpfr_sqrt(r->z, r->z, r->srnd);
        st = from_fr(r, &r->bc2s, r->z);
        /* the bias corrections grow to 1, so the step sizes fall to -lr
           and sqrt(bias_correction2) rises to 1, each rounded monotonely:
           once the rounded values are their limits they stay there */
        mpq_set_ui(r->q, 1, 1);
        if (st == GDT_OK)
            st = r->d->ops->set_q(&r->t, r->q, r->d);
        done = st == GDT_OK && r->d->ops->identical(&r->bc2s, &r->t, r->d);
        for (i = 0; i < r->n && st == GDT_OK; i++) {
            st = lr_at(s, r, i, k);
            /* step_size = lr / bias_correction1, negated (value=-step_size) */
            mpfr_div(r->x, r->lrs, r->y, r->srnd);
            mpfr_neg(r->x, r->x, r->srnd);
            if (st == GDT_OK)
                st = from_fr(r, &r->nstep[i], r->x);
            mpfr_neg(r->x, r->lrs, r->srnd);
            if (st == GDT_OK && done && (st = from_fr(r, &r->t, r->x)) == GDT_OK)
                done = r->d->ops->identical(&r->nstep[i], &r->t, r->d);
            if (st == GDT_OK && r->o.kind == GDT_OPTIM_ADAMW) {
                /* 1 - lr * weight_decay */
                mpfr_set_q(r->x, r->o.weight_decay, r->srnd);
                mpfr_mul(r->x, r->lrs, r->x, r->srnd);
                mpfr_ui_sub(r->x, 1, r->x, r->srnd);
                st = from_fr(r, &r->decay[i], r->x);
            }
        }
    }
    if (st != GDT_OK)
        return st;
    r->at = k;
    if (r->settled == ULONG_MAX && done && sched_settled(r, k)
        && (k >= 1 || mpq_sgn(r->o.momentum) == 0 || adam))
        r->settled = k;
    return GDT_OK;
}

gdt_status
gdt_stepper_set_optim(gdt_stepper *s, const gdt_optim *o, gdt_error *err)
{
    gdt_domain *d = s->dom;
    struct gdt_optim_run *r;
    const char *why;
    gdt_status st = GDT_OK;
    size_t i, n = s->prog->nparams;
    int adam = o->kind != GDT_OPTIM_SGD;
    static const char *const cname[NCONST] = {
        [C_M] = "momentum", [C_NM] = "momentum", [C_NOMD] = "dampening",
        [C_OMD] = "dampening", [C_WD] = "weight-decay", [C_NWD] = "weight-decay",
        [C_B1] = "betas", [C_NOMB1] = "betas", [C_OMB1] = "betas", [C_B2] = "betas",
        [C_OMB2] = "betas", [C_EPS] = "eps",
    };

    if (gdt_optim_plain(o) || s->optim != NULL)
        return GDT_OK;
    if (d->ops->exact && (why = gdt_optim_irrational(o)) != NULL)
        return gdt_error_set(err, GDT_EDOMAIN, SIZE_MAX,
                             "--optimizer %s: %s, which the exact mode cannot hold: take "
                             "--mode mpfr, or --certify", gdt_optim_name(o->kind), why);
    if (d->ops->certified != NULL && cosine_of(o) != NULL)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "--schedule: the certified run takes no cosine (its factors are "
                             "computed, not enclosed)");
    if (s->recipe != NULL || s->sr != NULL)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "--optimizer %s: not with --master, --update kahan or --sr",
                             gdt_optim_name(o->kind));
    if (adam && !(d->ops->funcs & GDT_FUNC_BIT(GDT_FN_SQRT)))
        return gdt_error_set(err, GDT_EDOMAIN, SIZE_MAX,
                             "--optimizer %s: mode %s has no square root",
                             gdt_optim_name(o->kind), d->name);
    if ((r = calloc(1, sizeof *r)) == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    s->optim = r;
    gdt_optim_init(&r->o);
    gdt_optim_copy(&r->o, o);
    r->d = d;
    r->n = n;
    r->fused = s->update == GDT_UPDATE_FMA;
    /* exact scalars in the exact domain, and in balls: the exact-real
       run's, enclosed */
    r->exact = d->ops->exact || d->ops->certified != NULL;
    r->at = r->settled = ULONG_MAX;
    r->sprec = d->prec > 53 ? d->prec : 53;
    r->srnd = d->prec > 53 ? d->rnd : MPFR_RNDN;
    if (r->exact || strcmp(d->ops->kind, "int") == 0)
        r->sprec = 256; /* exact lr only; never rounded to it */
    mpfr_inits2(r->sprec, r->x, r->y, r->z, r->lrs, (mpfr_ptr)0);
    mpq_init(r->q);
    mpq_init(r->q2);
    if (r->fused && d->ops->fms == NULL)
        return gdt_error_set(err, GDT_EDOMAIN, SIZE_MAX, "mode %s has no fused multiply-add",
                             d->name);
    for (i = 0; i < NCONST; i++)
        d->ops->init(&r->c[i], d);
    d->ops->init(&r->bc2s, d);
    d->ops->init(&r->t, d);
    d->ops->init(&r->u, d);
    r->ready = 1;
    r->st1 = gdt_vals_new(n, d);
    r->st2 = gdt_vals_new(n, d);
    r->lr = gdt_vals_new(n, d);
    r->nstep = gdt_vals_new(n, d);
    r->decay = gdt_vals_new(n, d);
    r->next = gdt_vals_new(n, d);
    if (r->st1 == NULL || r->st2 == NULL || r->lr == NULL || r->nstep == NULL
        || r->decay == NULL || r->next == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    mpq_set_ui(r->q, 0, 1);
    for (i = 0; i < n && st == GDT_OK; i++) {
        st = d->ops->set_q(&r->st1[i], r->q, d);
        if (st == GDT_OK)
            st = d->ops->set_q(&r->st2[i], r->q, d);
    }
    for (i = 0; i < NCONST && st == GDT_OK; i++) {
        switch (i) {
        case C_M: st = set_const(r, C_M, o->momentum, 0, 0); break;
        case C_NM: st = set_const(r, C_NM, o->momentum, 0, 1); break;
        case C_NOMD: st = set_const(r, C_NOMD, o->dampening, 1, 1); break;
        case C_OMD: st = set_const(r, C_OMD, o->dampening, 1, 0); break;
        case C_WD: st = set_const(r, C_WD, o->weight_decay, 0, 0); break;
        case C_NWD: st = set_const(r, C_NWD, o->weight_decay, 0, 1); break;
        case C_B1: st = adam ? set_const(r, C_B1, o->beta1, 0, 0) : GDT_OK; break;
        case C_NOMB1: st = adam ? set_const(r, C_NOMB1, o->beta1, 1, 1) : GDT_OK; break;
        case C_OMB1: st = adam ? set_const(r, C_OMB1, o->beta1, 1, 0) : GDT_OK; break;
        case C_B2: st = adam ? set_const(r, C_B2, o->beta2, 0, 0) : GDT_OK; break;
        case C_OMB2: st = adam ? set_const(r, C_OMB2, o->beta2, 1, 0) : GDT_OK; break;
        case C_EPS: st = adam ? set_const(r, C_EPS, o->eps, 0, 0) : GDT_OK; break;
        }
        if (st != GDT_OK)
            return gdt_error_set(err, st, SIZE_MAX, "--%s: %s in mode %s", cname[i],
                                 st == GDT_ERANGE ? "out of range" : "not a value",
                                 d->name);
    }
    return GDT_OK;
}

const gdt_optim *
gdt_stepper_optim(const gdt_stepper *s)
{
    return s->optim != NULL ? &s->optim->o : NULL;
}

gdt_status
gdt_optim_copy_to(gdt_stepper *t, const gdt_stepper *s, gdt_error *err)
{
    return s->optim == NULL ? GDT_OK : gdt_stepper_set_optim(t, &s->optim->o, err);
}

/* R = A + B*C: fused (fms with -B) or with B*C rounded first; NB is -B. */
static gdt_status
addmul(struct gdt_optim_run *r, gdt_val *res, const gdt_val *a, const gdt_val *b,
       const gdt_val *nb, const gdt_val *c)
{
    gdt_domain *d = r->d;
    gdt_status st;

    if (r->fused)
        return d->ops->fms(res, a, nb, c, d);
    st = d->ops->mul(&r->u, b, c, d);
    return st == GDT_OK ? d->ops->add(res, a, &r->u, d) : st;
}

/* SGD's new parameter I (in R->next) from W and the partial G:
     g = g + wd*w                    (weight decay: add(w, alpha=wd))
     buf = g at the first update, else buf*m + (1-d)*g
     g = g + m*buf (Nesterov), else g = buf
     w = w - lr*g */
static gdt_status
sgd_one(gdt_stepper *s, struct gdt_optim_run *r, size_t i, const gdt_val *w, const gdt_val *g)
{
    gdt_domain *d = r->d;
    gdt_val *buf = &r->st1[i];
    gdt_status st = GDT_OK;

    if (mpq_sgn(r->o.weight_decay) != 0) {
        st = addmul(r, &r->t, g, &r->c[C_WD], &r->c[C_NWD], w);
        g = &r->t;
    }
    if (st == GDT_OK && mpq_sgn(r->o.momentum) != 0) {
        if (s->k == 0) {
            st = d->ops->set(buf, g, d);
        } else {
            gdt_val m;
            d->ops->init(&m, d);
            st = d->ops->mul(&m, buf, &r->c[C_M], d);
            if (st == GDT_OK)
                st = addmul(r, buf, &m, &r->c[C_OMD], &r->c[C_NOMD], g);
            d->ops->clear(&m, d);
        }
        if (st == GDT_OK && r->o.nesterov) {
            st = addmul(r, &r->t, g, &r->c[C_M], &r->c[C_NM], buf);
            g = &r->t;
        } else {
            g = buf;
        }
    }
    if (st != GDT_OK)
        return st;
    if (r->fused)
        return d->ops->fms(&r->next[i], w, &r->lr[i], g, d);
    st = d->ops->mul(&r->u, &r->lr[i], g, d);
    return st == GDT_OK ? d->ops->sub(&r->next[i], w, &r->u, d) : st;
}

/* Adam's (AdamW's) new parameter I:
     w = w * (1 - lr*wd)             (AdamW)    g = g + wd*w (Adam)
     exp_avg = exp_avg*b1 + (1-b1)*g
     exp_avg_sq = exp_avg_sq*b2 + ((1-b2)*g)*g
     denom = sqrt(exp_avg_sq) / sqrt(bias_correction2) + eps
     w = w + ((-lr/bias_correction1) * exp_avg) / denom */
static gdt_status
adam_one(gdt_stepper *s, struct gdt_optim_run *r, size_t i, const gdt_val *w, const gdt_val *g)
{
    gdt_domain *d = r->d;
    gdt_val *ea = &r->st1[i], *eq = &r->st2[i], v;
    gdt_status st = GDT_OK;

    (void)s;
    d->ops->init(&v, d);
    if (r->o.kind == GDT_OPTIM_ADAMW) {
        st = d->ops->mul(&r->next[i], w, &r->decay[i], d);
        w = &r->next[i];
    } else if (mpq_sgn(r->o.weight_decay) != 0) {
        st = addmul(r, &r->t, g, &r->c[C_WD], &r->c[C_NWD], w);
        g = &r->t;
    }
    if (st == GDT_OK)
        st = d->ops->mul(&v, ea, &r->c[C_B1], d);
    if (st == GDT_OK)
        st = addmul(r, ea, &v, &r->c[C_OMB1], &r->c[C_NOMB1], g);
    if (st == GDT_OK)
        st = d->ops->mul(&v, eq, &r->c[C_B2], d);
    if (st == GDT_OK) /* addcmul: fma(round((1-b2)*g), g, v) */
        st = d->ops->mul(&r->u, &r->c[C_OMB2], g, d);
    if (st == GDT_OK && r->fused) {
        st = d->ops->neg(&r->u, &r->u, d);
        if (st == GDT_OK)
            st = d->ops->fms(eq, &v, &r->u, g, d);
    } else if (st == GDT_OK) {
        st = d->ops->mul(&r->u, &r->u, g, d);
        if (st == GDT_OK)
            st = d->ops->add(eq, &v, &r->u, d);
    }
    if (st == GDT_OK)
        st = d->ops->func(&v, GDT_FN_SQRT, eq, NULL, d);
    if (st == GDT_OK)
        st = d->ops->div(&v, &v, &r->bc2s, d);
    if (st == GDT_OK)
        st = d->ops->add(&v, &v, &r->c[C_EPS], d);
    if (st == GDT_OK) /* addcdiv: w + round(round(-step_size*exp_avg)/denom) */
        st = d->ops->mul(&r->u, &r->nstep[i], ea, d);
    if (st == GDT_OK)
        st = d->ops->div(&r->u, &r->u, &v, d);
    if (st == GDT_OK)
        st = d->ops->add(&r->next[i], w, &r->u, d);
    d->ops->clear(&v, d);
    return st;
}

gdt_status
gdt_optim_update(gdt_stepper *s)
{
    struct gdt_optim_run *r = s->optim;
    gdt_domain *d = r->d;
    gdt_status st;
    size_t i;

    if ((st = scalars(s, r, s->k)) != GDT_OK)
        return st;
    gdt_domain_enter(d);
    /* every new value from the same point, then all of them in place: a
       partial may be a parameter's own register */
    for (i = 0; i < r->n && st == GDT_OK; i++) {
        const gdt_val *w = param_reg(s, i), *g = gdt_stepper_partial(s, i);
        st = r->o.kind == GDT_OPTIM_SGD ? sgd_one(s, r, i, w, g) : adam_one(s, r, i, w, g);
    }
    gdt_domain_leave(d);
    for (i = 0; i < r->n && st == GDT_OK; i++) {
        gdt_val t = *param_reg(s, i);
        *param_reg(s, i) = r->next[i];
        r->next[i] = t;
    }
    return st;
}

size_t
gdt_optim_state_n(const gdt_stepper *s)
{
    return gdt_stepper_optim_nstate(s) * s->prog->nparams;
}

const gdt_val *
gdt_optim_state_val(const gdt_stepper *s, size_t j)
{
    size_t n = s->prog->nparams;

    return gdt_stepper_optim_state(s, j / n, j % n);
}

int
gdt_optim_settled(const gdt_stepper *s, unsigned long k)
{
    struct gdt_optim_run *r = s->optim;

    if (r == NULL)
        return 1;
    if (r->settled == ULONG_MAX && scalars((gdt_stepper *)s, r, k) != GDT_OK)
        return 0;
    return r->settled != ULONG_MAX && r->settled <= k;
}

size_t
gdt_stepper_optim_nstate(const gdt_stepper *s)
{
    const struct gdt_optim_run *r = s->optim;

    if (r == NULL)
        return 0;
    if (r->o.kind != GDT_OPTIM_SGD)
        return 2;
    return mpq_sgn(r->o.momentum) != 0 ? 1 : 0;
}

const char *
gdt_stepper_optim_state_name(const gdt_stepper *s, size_t c)
{
    if (s->optim == NULL)
        return NULL;
    if (s->optim->o.kind == GDT_OPTIM_SGD)
        return "momentum_buffer";
    return c == 0 ? "exp_avg" : "exp_avg_sq";
}

const gdt_val *
gdt_stepper_optim_state(const gdt_stepper *s, size_t c, size_t i)
{
    const struct gdt_optim_run *r = s->optim;

    if (r == NULL || c >= gdt_stepper_optim_nstate(s) || i >= r->n)
        return NULL;
    return c == 0 ? &r->st1[i] : &r->st2[i];
}

gdt_status
gdt_stepper_optim_set_state(gdt_stepper *s, size_t c, size_t i, const mpq_t q)
{
    struct gdt_optim_run *r = s->optim;

    if (r == NULL || c >= gdt_stepper_optim_nstate(s) || i >= r->n)
        return GDT_EVALUE;
    return r->d->ops->set_q(c == 0 ? &r->st1[i] : &r->st2[i], q, r->d);
}

gdt_status
gdt_stepper_lr_now(const gdt_stepper *s, size_t i, const gdt_val **v)
{
    struct gdt_optim_run *r = s->optim;
    gdt_status st;

    *v = NULL;
    if (r == NULL || r->o.nsched == 0 || i >= r->n)
        return GDT_OK;
    if ((st = scalars((gdt_stepper *)s, r, s->k)) != GDT_OK)
        return st;
    *v = &r->lr[i];
    return GDT_OK;
}
