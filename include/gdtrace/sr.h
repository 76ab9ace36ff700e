/* gdtrace/sr.h -- stochastic rounding: a counter-based generator
   (Philox4x32-10) and the rounding it drives */
#ifndef GDTRACE_SR_H
#define GDTRACE_SR_H

#include <stdint.h>
#include <mpfr.h>
#include "gdtrace/num.h"
#include "gdtrace/status.h"

/* Philox4x32-10 (Salmon, Moraes, Dror and Shaw, "Parallel random numbers:
   as easy as 1, 2, 3", SC 2011): OUT = the 128 random bits of counter
   CTR under key KEY, as Random123's philox4x32 with 10 rounds (its
   kat_vectors are the tests).  No state: the same CTR and KEY give the
   same bits on every machine, thread and shard. */
void gdt_philox4x32(uint32_t out[4], const uint32_t ctr[4], const uint32_t key[2]);

/* Which roundings are stochastic (--sr). */
typedef enum gdt_sr_mode {
    GDT_SR_NONE = 0, /* none: --round everywhere */
    GDT_SR_UPDATE,   /* the update's result only: the final subtraction of
                        w - lr*g, or the fused operation (--update fma) */
    GDT_SR_ALL       /* every rounded operation of the loss's and the
                        gradient's program and of the update; the constants,
                        lr and w0 are rounded once as --round says */
} gdt_sr_mode;

/* "none", "update", "all". */
const char *gdt_sr_mode_str(gdt_sr_mode m);

/* A stochastic rounding's generator and scratch, owned by a stepper
   (gdt_stepper_set_sr).  A rounding of a value x that the format cannot
   hold goes up with probability (x - down(x)) / (up(x) - down(x)): up
   exactly when r * (up - down) < 2^32 * (x - down), r the next 32 random
   bits, drawn from Philox4x32-10 under the key SEED (low word first) at
   the counter (STEP mod 2^32, OP, ROW, POINT mod 2^32), word SUB mod 4
   of its output.  OP numbers the rounding's operation in the step: the
   program's instruction (gdt_program's insns[OP]), or NINSNS + 2 i for
   the product lr_i * g_i of parameter i's update and NINSNS + 2 i + 1
   for its subtraction (or fused operation); ROW is the data row of an
   instruction inside a sum over the rows (0 elsewhere); SUB counts the
   roundings of one instruction (two for the mean of a tie); POINT is a
   sweep's point (0 in a run).  So a run is the same bit for bit from its
   seed whatever is printed, however many threads or shards compute it.
   A result that is exact is never moved; inf and NaN are never rounded;
   a result beyond the format's largest finite number rounds up to inf
   (overflow) when it rounds up. */
typedef struct gdt_sr {
    gdt_sr_mode mode;
    uint64_t seed;
    uint64_t point;
    uint64_t step;
    uint32_t op, row, sub;
    size_t ninsns;        /* the program's insns: the update's OPs follow */
    /* scratch: MPFR at the format's precision + 32 bits rounding down, in
       which the result is computed once more to be rounded stochastically */
    gdt_domain h;
    gdt_val v[4];
    mpfr_t y;             /* the chosen value at the format's precision */
    mpq_t q;
    int ready;
} gdt_sr;

/* Set G up for rounding in D (a "mpfr" or "ieee-hw" domain: MPFR, the
   emulated and the hardware IEEE formats), MODE, SEED; the step, point
   and counters start at 0.  GDT_EDOMAIN for another domain (exact, the
   integers, the native and the ball domains), GDT_EVALUE for
   GDT_SR_NONE.  Clear G with gdt_sr_clear in every case. */
gdt_status gdt_sr_init(gdt_sr *g, gdt_sr_mode mode, uint64_t seed, const gdt_domain *d)
    GDT_MUST_CHECK;
void gdt_sr_clear(gdt_sr *g); /* G may be NULL */

/* 1 when domain D can round stochastically (gdt_sr_init). */
int gdt_sr_supported(const gdt_domain *d);

/* Where the next rounding is: operation OP, data row ROW (SUB back to 0). */
static inline void
gdt_sr_at(gdt_sr *g, uint32_t op, uint32_t row)
{
    g->op = op;
    g->row = row;
    g->sub = 0;
}

/* The next 32 random bits at G's counter (SUB counts on). */
uint32_t gdt_sr_draw(gdt_sr *g);

/* R (D->prec bits) = Y, a value of the form that an MPFR operation rounded
   toward -inf returns at a precision P >= D->prec + 32 (INEXACT: it was
   rounded, x > Y), rounded stochastically to D's format (precision,
   exponent range and subnormals) by the 32 random bits BITS: up when
   BITS * (up - down) < 2^32 * (x - down).  MPFR's exponent range must be
   the widest (gdt_sr_round sets it).  Returns 1 when R went up, -1 down,
   0 when Y was exact in the format (R = Y).  For the tests: chosen BITS
   give the probabilities' boundaries. */
int gdt_sr_pick(mpfr_ptr r, mpfr_srcptr y, int inexact, uint32_t bits, const gdt_domain *d);

/* What gdt_sr_round computes. */
typedef enum gdt_sr_op {
    GDT_SR_ADD, GDT_SR_SUB, GDT_SR_MUL, GDT_SR_DIV,
    GDT_SR_POW,  /* a^N */
    GDT_SR_FUNC, /* func N (a gdt_func) of A (and B) */
    GDT_SR_FMS   /* C - A*B, fused */
} gdt_sr_op;

/* R = OP(A, B, C, N) in domain D, rounded stochastically with D->sr's
   next bits when D's own method says the result is inexact (else as D's
   method gives it: exact results, inf, NaN, errors).  The flags are the
   method's, underflow as the stochastic result says (tiny and inexact). */
gdt_status gdt_sr_round(gdt_val *r, gdt_sr_op op, const gdt_val *a, const gdt_val *b,
                        const gdt_val *c, long n, gdt_domain *d) GDT_MUST_CHECK;

/* The methods of D with its rounded operations (add, sub, mul, div,
   pow_si, fms, func) rounded by gdt_sr_round and the rest D's own: what
   the program evaluates with under --sr all (gdt_sr_ops_for). */
extern const gdt_domain_ops gdt_sr_ops;

/* The methods a program evaluates with in D: gdt_sr_ops when D->sr is
   set in GDT_SR_ALL mode, else D's own. */
static inline const gdt_domain_ops *
gdt_sr_ops_for(const gdt_domain *d)
{
    return d->sr != NULL && d->sr->mode == GDT_SR_ALL ? &gdt_sr_ops : d->ops;
}

#endif
