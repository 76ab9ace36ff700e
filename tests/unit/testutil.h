/* testutil.h -- what the unit tests share: a reproducible random number
   generator, failures counted and printed with what was got and what was
   wanted, exact numbers from text, floats from their bits, and whether the
   machine's floating-point environment works as C says.

   Each tests/unit/test_*.c is a program of its own that includes this file
   once, after gdtrace's headers.  Everything here is static and may go
   unused.  A test file that wants another random sequence defines
   TESTUTIL_SEED before including it. */
#ifndef GDTRACE_TESTUTIL_H
#define GDTRACE_TESTUTIL_H

#include <fenv.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <gmp.h>
#include "gdtrace/num.h"

#define TESTUTIL_UNUSED __attribute__((unused))

#ifndef TESTUTIL_SEED
#define TESTUTIL_SEED 0x9e3779b97f4a7c15u
#endif

static uint64_t rng_state TESTUTIL_UNUSED = TESTUTIL_SEED;

/* The next number of xorshift64*: the same sequence on every run. */
static TESTUTIL_UNUSED uint64_t
rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1du;
}

/* The failures of the running test so far: a test counts them (report
   does) and goes on, to show every wrong case, then ends with
   check_failures. */
static int failures TESTUTIL_UNUSED;

/* Count a failure and print it, GMP's way; the caller prints the inputs
   after it. */
static TESTUTIL_UNUSED void
report(const char *what, const char *got, const char *want)
{
    printf("%s wrong\n", what);
    printf("  got  \"%s\"\n", got);
    printf("  want \"%s\"\n", want);
    failures++;
}

/* Fail the running test if anything failed in it, and start counting
   again for the next one. */
static TESTUTIL_UNUSED void
check_failures(void)
{
    int n = failures;

    failures = 0;
    if (n != 0)
        fail_msg("%d failure(s), see above", n);
}

/* The text GOT must be WANT, or the test fails at once, printing both. */
static TESTUTIL_UNUSED void
expect(const char *got, const char *want)
{
    if (strcmp(got, want) != 0) {
        printf("text wrong\n  got  \"%s\"\n  want \"%s\"\n", got, want);
        fail();
    }
}

/* Q = the exact number S, which must parse (gdt_q_parse). */
static TESTUTIL_UNUSED void
q_of(mpq_t q, const char *s)
{
    size_t end;

    assert_int_equal(gdt_q_parse(q, s, &end), GDT_OK);
}

/* The double and the float whose bits are B. */
static TESTUTIL_UNUSED double
d_of_bits(uint64_t b)
{
    double d;

    memcpy(&d, &b, sizeof d);
    return d;
}

static TESTUTIL_UNUSED float
f_of_bits(uint32_t b)
{
    float f;

    memcpy(&f, &b, sizeof f);
    return f;
}

/* The number of the IEEE 754 binary format of precision P and width WIDTH
   (binary16: 11, 16) whose bits are B, as a double (exact for the formats
   up to binary64). */
static TESTUTIL_UNUSED double
ieee_of_bits(uint64_t b, int p, int width)
{
    int ebits = width - p, bias = (1 << (ebits - 1)) - 1;
    uint64_t frac = b & (((uint64_t)1 << (p - 1)) - 1);
    int ex = (int)((b >> (p - 1)) & (((uint64_t)1 << ebits) - 1));
    double x;

    if (ex == (1 << ebits) - 1)
        x = frac != 0 ? NAN : INFINITY;
    else if (ex == 0)
        x = ldexp((double)frac, 1 - bias - (p - 1));
    else
        x = ldexp((double)(frac | ((uint64_t)1 << (p - 1))), ex - bias - (p - 1));
    return (b >> (width - 1)) & 1 ? -x : x;
}

/* The arithmetic methods of a domain, by number, for tables of cases. */
enum op { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_NEG, OP_POW, OP_FMS, OP_SET };
static const char *const op_name[] TESTUTIL_UNUSED = {
    "add", "sub", "mul", "div", "neg", "pow_si", "fms", "set"
};

/* r = op(a, b, c) in domain D (fms: c - a*b); n is the pow_si exponent */
static TESTUTIL_UNUSED gdt_status
do_op(gdt_domain *d, enum op op, gdt_val *r, const gdt_val *a,
      const gdt_val *b, const gdt_val *c, long n)
{
    switch (op) {
    case OP_ADD: return d->ops->add(r, a, b, d);
    case OP_SUB: return d->ops->sub(r, a, b, d);
    case OP_MUL: return d->ops->mul(r, a, b, d);
    case OP_DIV: return d->ops->div(r, a, b, d);
    case OP_NEG: return d->ops->neg(r, a, d);
    case OP_POW: return d->ops->pow_si(r, a, n, d);
    case OP_FMS: return d->ops->fms(r, c, a, b, d);
    case OP_SET: return d->ops->set(r, a, d);
    }
    return GDT_EVALUE;
}

/* Are the machine's exception flags really set, and do its rounding
   directions apply?  Not under valgrind, whose FPU models neither: there
   the native domains are compared in round-to-nearest, without flags. */
static TESTUTIL_UNUSED int
native_flags_work(void)
{
    volatile double a = 1.0, b = 3.0, r;

    feclearexcept(FE_ALL_EXCEPT);
    r = a / b;
    (void)r;
    return fetestexcept(FE_INEXACT) != 0;
}

static TESTUTIL_UNUSED int
native_rounding_works(void)
{
    volatile double a = 1.0, b = 3.0, up, down;

    fesetround(FE_UPWARD);
    up = a / b;
    fesetround(FE_DOWNWARD);
    down = a / b;
    fesetround(FE_TONEAREST);
    return up != down;
}

#endif
