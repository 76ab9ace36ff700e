/* test_num_ieee_hw -- binary16, bfloat16, binary32 and binary64 on
   doubles (num_ieee_hw.c; binary64 on the machine's own arithmetic,
   num_native.c) against their MPFR emulation (num_mpfr.c)

   For each format and each rounding direction (N, Z, U, D, A; binary64 has
   no A on the machine and stays emulated there), random operations + - * /
   and the update w - lr*g (a mul and a sub, the flags of both), for
   binary64 also fms and sqrt, are computed by both domains and must agree
   bit for bit: the result (signed zeros; NaN with NaN) and the sticky
   flags.  The operands lean on the hard cases: short significands (exact
   results and ties), subnormals, the largest numbers, zeros of both signs,
   infinities, NaN, operands close to each other (cancellation) or one a
   power of two times the other (quotients that are ties below the normal
   range), and significands close to 1 or 2 at the exponent that puts the
   product or quotient with the other operand at the least normal number
   (underflow after rounding or not, results that round to it from below)
   or at the largest (overflow).  A sample also checks what goes through
   the emulation (fms, pow_si, functions, set_q) and everything else a
   value answers: the texts in every digits kind, is_subnormal, cmp,
   identical, get_q, get_fr, str_digits.

   `make test` runs 20000 operations a format and direction (200 under
   valgrind, whose FPU has neither rounding directions nor exception flags:
   binary64 is compared there in round-to-nearest without flags);
   `make test-exhaustive` runs this program with --exhaustive: 10^7 a
   format and direction, then the speed of both domains (reported, never
   asserted), ending with "ieee-hw: N passed, M failed". */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <time.h>
#include "gdtrace/mode.h"
#include "gdtrace/num.h"
#include "num/fast.h"
#include "num/num-impl.h"
#include "testutil.h"

/* A format: name, precision, width in bits; MACHINE: on the machine's
   own arithmetic (fms and sqrt too, no RNDA). */
typedef struct fmt {
    const char *name;
    int p, width, machine;
} fmt;

static const fmt fmts[] = {
    { "binary32", 24, 32, 0 },
    { "binary16", 11, 16, 0 },
    { "bfloat16", 8, 16, 0 },
    { "binary64", 53, 64, 1 },
};

#define NFMTS (sizeof fmts / sizeof fmts[0])

static const mpfr_rnd_t rnds[] = { MPFR_RNDN, MPFR_RNDZ, MPFR_RNDU, MPFR_RNDD, MPFR_RNDA };

/* the letter of RND, as --round names it */
static char
rnd_letter(mpfr_rnd_t rnd)
{
    return mpfr_print_rnd_mode(rnd)[8]; /* "MPFR_RNDN" */
}

/* The two domains of one format and direction, and their values. */
typedef struct pair {
    const fmt *f;
    gdt_domain hw, mp;
    gdt_val h[4], m[4]; /* operands 0..2, result 3 */
    int flags;          /* compare the flags */
} pair;

static long passed;

/* Does the machine's arithmetic do what C says (not under valgrind)? */
static int machine_rounds = 1, machine_flags = 1;

/* Set T up for format F and direction RND; 0 when F is not done on doubles
   in that direction (binary64 rounding away from zero, or in another
   direction than to nearest where the machine has none). */
static int
pair_init(pair *t, const fmt *f, mpfr_rnd_t rnd)
{
    int i;

    t->f = f;
    t->flags = !f->machine || machine_flags;
    if (f->machine && (rnd == MPFR_RNDA || (rnd != MPFR_RNDN && !machine_rounds))) {
        assert_int_equal(gdt_domain_init_ieee_hw(&t->hw, f->name, rnd),
                         rnd == MPFR_RNDA ? GDT_EVALUE : GDT_OK);
        gdt_domain_clear(&t->hw);
        return 0;
    }
    assert_int_equal(gdt_domain_init_ieee_hw(&t->hw, f->name, rnd), GDT_OK);
    assert_int_equal(gdt_domain_init_ieee(&t->mp, f->name, rnd), GDT_OK);
    for (i = 0; i < 4; i++) {
        t->hw.ops->init(&t->h[i], &t->hw);
        t->mp.ops->init(&t->m[i], &t->mp);
    }
    return 1;
}

static void
pair_clear(pair *t)
{
    int i;

    for (i = 0; i < 4; i++) {
        t->hw.ops->clear(&t->h[i], &t->hw);
        t->mp.ops->clear(&t->m[i], &t->mp);
    }
    gdt_domain_clear(&t->hw);
    gdt_domain_clear(&t->mp);
}

/* The number of format F whose bits are B (low WIDTH bits), as a double. */
static double
value_of(uint64_t b, const fmt *f)
{
    return ieee_of_bits(b, f->p, f->width);
}

/* The low WIDTH bits set. */
static uint64_t
low_bits(int width)
{
    return width == 64 ? ~(uint64_t)0 : ((uint64_t)1 << width) - 1;
}

/* A biased exponent (0 for subnormals) that puts the product or the
   quotient of a number of it with one of biased exponent EO (a
   subnormal's taken as 1) at the least normal number or the largest,
   give or take a binade or two; -1 when there is none.  BIAS and EMASK:
   the format's. */
static int
partner_exponent(int eo, int bias, int emask)
{
    int d = (int)(rng() % 4) - 2, ex;

    if (eo == 0)
        eo = 1;
    switch (rng() % 4) {
    case 0: ex = 1 + bias - eo + d; break;  /* product at the least normal */
    case 1: ex = 3 * bias - eo + d; break;  /* product at the largest */
    case 2: ex = eo + 1 - bias + d; break;  /* quotient at the least normal */
    default: ex = eo + bias + d; break;     /* quotient at the largest */
    }
    return ex >= 0 && ex < emask ? ex : -1;
}

/* The bits of format F that a random operand has, leaning on hard cases;
   OTHER is the bits of the operand before it (or a random one). */
static uint64_t
operand_bits(const fmt *f, uint64_t other)
{
    int ebits = f->width - f->p, fb = f->p - 1, emask = (1 << ebits) - 1, pe, sh;
    uint64_t r = rng(), sign = (rng() & 1) << (f->width - 1), frac, ex;
    uint64_t fmask = ((uint64_t)1 << fb) - 1, all = low_bits(f->width);

    frac = rng() & fmask;
    switch (r % 16) {
    case 0: /* any pattern: NaN and infinities among them */
        return rng() & all;
    case 1: /* a special value */
        switch (rng() % 6) {
        case 0: return sign;                                    /* zeros */
        case 1: return sign | ((uint64_t)emask << fb);          /* inf */
        case 2: return ((uint64_t)emask << fb) | 1;             /* NaN */
        case 3: return sign | ((uint64_t)(emask - 1) << fb) | fmask; /* max */
        case 4: return sign | 1;                                /* least */
        default: return sign | ((uint64_t)1 << fb);             /* least normal */
        }
    case 2: case 3: /* subnormal or just above */
        ex = rng() % 3;
        break;
    case 4: case 5: /* near the largest */
        ex = emask - 1 - rng() % 3;
        break;
    case 6: case 7: case 8: /* close to the other operand */
        return ((other + (rng() % 7) - 3) ^ (rng() & 1 ? (uint64_t)1 << (f->width - 1) : 0))
            & all;
    case 9: /* the other operand's significand at another exponent */
        ex = rng() % (uint64_t)emask;
        return (other & ~((uint64_t)emask << fb)) | (ex << fb);
    case 10: /* a power of two */
        frac = 0;
        ex = rng() % (uint64_t)emask;
        break;
    case 11: case 12: /* close to 1 or 2 times a power of two, at the
                         underflow or the overflow boundary with the other
                         operand */
        /* 1 + k 2^(sh-fb) or 2 - (k+1) 2^(sh-fb), SH often the other's
           (whose product is then a little below a power of two) */
        sh = (int)(rng() % (unsigned)fb);
        if (rng() & 1 && (other & fmask) != 0)
            sh = __builtin_ctzll(other & fmask);
        frac = rng() % 4;
        frac = (rng() & 1 ? frac << sh : (fmask - frac) << sh) & fmask;
        pe = partner_exponent((int)((other >> fb) & (uint64_t)emask), emask >> 1, emask);
        if (pe < 0)
            pe = (int)(rng() % 3);
        return sign | ((uint64_t)pe << fb) | frac;
    default: /* any exponent */
        ex = rng() % (uint64_t)emask;
        break;
    }
    /* short significands: exact results and ties */
    if (rng() & 1)
        frac &= ~(((uint64_t)1 << (rng() % (unsigned)f->p)) - 1) & fmask;
    return sign | (ex << fb) | frac;
}

/* Operand I of both domains = X. */
static void
set_operand(pair *t, int i, double x)
{
    t->h[i].d = x;
    mpfr_set_d(t->m[i].f, x, MPFR_RNDN);
}

/* Compare the results (value 3) and the flags of both domains; print the
   inputs when they differ. */
static void
compare(pair *t, const char *what)
{
    double want = mpfr_get_d(t->m[3].f, MPFR_RNDN), got = t->h[3].d;
    int same = isnan(want) ? isnan(got) != 0
                           : memcmp(&want, &got, sizeof got) == 0;

    if (same && (t->hw.flags == t->mp.flags || !t->flags)) {
        passed++;
        return;
    }
    printf("%s %s rounding %c wrong\n", t->f->name, what, rnd_letter(t->hw.rnd));
    printf("  got  %a flags %#x\n", got, t->hw.flags);
    printf("  want %a flags %#x\n", want, t->mp.flags);
    printf("  operands %a %a %a\n", t->h[0].d, t->h[1].d, t->h[2].d);
    failures++;
}

/* The update w - lr*g as the stepper does it with --update sub: value 3 =
   value 0 - value 1 * value 2, rounded twice. */
static void
update(gdt_domain *d, gdt_val *v)
{
    assert_int_equal(d->ops->mul(&v[3], &v[1], &v[2], d), GDT_OK);
    assert_int_equal(d->ops->sub(&v[3], &v[0], &v[3], d), GDT_OK);
}

static const enum op random_op[] = { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_FMS };

/* Operation J of random_ops (below), with NOPS operations of RANDOM_OP, in T's
   domain on doubles (HW set) or its emulation. */
static void
one_op(pair *t, int hw, int j, int nops)
{
    gdt_domain *d = hw ? &t->hw : &t->mp;
    gdt_val *v = hw ? t->h : t->m;

    if (j < nops)
        assert_int_equal(do_op(d, random_op[j], &v[3], &v[0], &v[1], &v[2], 0), GDT_OK);
    else if (j == nops)
        update(d, v);
    else
        assert_int_equal(d->ops->func(&v[3], GDT_FN_SQRT, &v[0], NULL, d), GDT_OK);
}

/* N random operations of each kind in T's format and direction: + - * /
   and the update; on the machine's arithmetic also fms (value 2 - value 0
   * value 1) and sqrt, every other time inside a bracket of its own
   (gdt_domain_enter), which computes in the machine's window directly. */
static void
random_ops(pair *t, long n)
{
    int nops = t->f->machine ? 5 : 4;
    uint64_t prev = rng();
    long k;
    int i, j;

    for (k = 0; k < n; k++) {
        for (i = 0; i < 3; i++) {
            prev = operand_bits(t->f, prev);
            set_operand(t, i, value_of(prev, t->f));
        }
        for (j = 0; j < nops + 1 + t->f->machine; j++) {
            t->hw.flags = t->mp.flags = 0;
            if (k & 1)
                gdt_domain_enter(&t->hw);
            one_op(t, 1, j, nops);
            if (k & 1)
                gdt_domain_leave(&t->hw);
            one_op(t, 0, j, nops);
            compare(t, j < nops ? op_name[random_op[j]] : j == nops ? "update" : "sqrt");
        }
    }
}

/* N operations through the emulation and N values' every other answer. */
static void
random_rest(pair *t, long n, gdt_buf *a, gdt_buf *b)
{
    static const gdt_digits_kind kinds[] = {
        GDT_DIGITS_SHORTEST, GDT_DIGITS_EXACT, GDT_DIGITS_HEX, GDT_DIGITS_N
    };
    gdt_numfmt nf = { GDT_DIGITS_SHORTEST, 3, 0 };
    uint64_t prev = rng();
    mpfr_t x, y;
    mpq_t q, r;
    long k;
    int i, ta, tb;

    mpfr_inits2(12, x, y, (mpfr_ptr)0);
    mpq_init(q);
    mpq_init(r);
    for (k = 0; k < n; k++) {
        for (i = 0; i < 3; i++) {
            prev = operand_bits(t->f, prev);
            set_operand(t, i, value_of(prev, t->f));
        }
        t->hw.flags = t->mp.flags = 0;
        assert_int_equal(t->hw.ops->fms(&t->h[3], &t->h[2], &t->h[0], &t->h[1], &t->hw),
                         t->mp.ops->fms(&t->m[3], &t->m[2], &t->m[0], &t->m[1], &t->mp));
        compare(t, "fms");
        t->hw.flags = t->mp.flags = 0;
        assert_int_equal(t->hw.ops->pow_si(&t->h[3], &t->h[0], (long)(k % 9) - 4, &t->hw),
                         t->mp.ops->pow_si(&t->m[3], &t->m[0], (long)(k % 9) - 4, &t->mp));
        compare(t, "pow_si");
        t->hw.flags = t->mp.flags = 0;
        assert_int_equal(t->hw.ops->func(&t->h[3], (gdt_func)(k % 11), &t->h[0], &t->h[1],
                                         &t->hw),
                         t->mp.ops->func(&t->m[3], (gdt_func)(k % 11), &t->m[0], &t->m[1],
                                         &t->mp));
        compare(t, gdt_func_name((gdt_func)(k % 11)));
        /* set_q of a quotient of two operands, when finite */
        if (t->hw.ops->get_q(q, &t->h[0], &t->hw) == GDT_OK
            && t->hw.ops->get_q(r, &t->h[1], &t->hw) == GDT_OK && mpq_sgn(r) != 0) {
            mpq_div(q, q, r);
            t->hw.flags = t->mp.flags = 0;
            assert_int_equal(t->hw.ops->set_q(&t->h[3], q, &t->hw), GDT_OK);
            assert_int_equal(t->mp.ops->set_q(&t->m[3], q, &t->mp), GDT_OK);
            compare(t, "set_q");
        }
        /* the answers about a value */
        nf.n = 1 + (int)(k % 12);
        for (i = 0; i < 4; i++) {
            nf.kind = kinds[i];
            gdt_buf_reset(a);
            gdt_buf_reset(b);
            assert_int_equal(t->hw.ops->get_str(a, &t->h[0], &nf, &t->hw), GDT_OK);
            assert_int_equal(t->mp.ops->get_str(b, &t->m[0], &nf, &t->mp), GDT_OK);
            if (strcmp(a->s, b->s) != 0)
                report("get_str", a->s, b->s);
            if (t->hw.ops->str_digits(&t->h[0], &nf, &t->hw)
                != t->mp.ops->str_digits(&t->m[0], &nf, &t->mp))
                report("str_digits", a->s, b->s);
        }
        assert_int_equal(t->hw.ops->is_subnormal(&t->h[0], &t->hw),
                         t->mp.ops->is_subnormal(&t->m[0], &t->mp));
        assert_int_equal(t->hw.ops->is_zero(&t->h[0], &t->hw),
                         t->mp.ops->is_zero(&t->m[0], &t->mp));
        assert_int_equal(t->hw.ops->is_nan(&t->h[0], &t->hw),
                         t->mp.ops->is_nan(&t->m[0], &t->mp));
        assert_int_equal(t->hw.ops->is_inf(&t->h[0], &t->hw),
                         t->mp.ops->is_inf(&t->m[0], &t->mp));
        assert_int_equal(t->hw.ops->cmp(&t->h[0], &t->h[1], &t->hw),
                         t->mp.ops->cmp(&t->m[0], &t->m[1], &t->mp));
        assert_int_equal(t->hw.ops->identical(&t->h[0], &t->h[1], &t->hw),
                         t->mp.ops->identical(&t->m[0], &t->m[1], &t->mp));
        assert_int_equal(t->hw.ops->identical(&t->h[0], &t->h[0], &t->hw), 1);
        ta = t->hw.ops->get_q(q, &t->h[0], &t->hw);
        tb = t->mp.ops->get_q(r, &t->m[0], &t->mp);
        assert_int_equal(ta, tb);
        if (ta == GDT_OK)
            assert_true(mpq_equal(q, r));
        ta = t->hw.ops->get_fr(x, &t->h[0], t->hw.rnd, &t->hw);
        tb = t->mp.ops->get_fr(y, &t->m[0], t->mp.rnd, &t->mp);
        assert_int_equal(ta, tb);
        assert_true(mpfr_nan_p(x) ? mpfr_nan_p(y) != 0
                                  : mpfr_equal_p(x, y) && !mpfr_signbit(x) == !mpfr_signbit(y));
        passed++;
    }
    mpfr_clears(x, y, (mpfr_ptr)0);
    mpq_clear(q);
    mpq_clear(r);
}

static long sample = 20000;

/* Every format and direction: SAMPLE random operations each. */
static void
test_random_ops(void **state)
{
    size_t i, j;
    pair t;

    (void)state;
    for (i = 0; i < NFMTS; i++)
        for (j = 0; j < sizeof rnds / sizeof rnds[0]; j++) {
            if (!pair_init(&t, &fmts[i], rnds[j]))
                continue;
            random_ops(&t, sample);
            pair_clear(&t);
        }
    check_failures();
}

static void
test_random_rest(void **state)
{
    gdt_buf a, b;
    size_t i, j;
    pair t;

    (void)state;
    gdt_buf_init(&a);
    gdt_buf_init(&b);
    for (i = 0; i < NFMTS; i++)
        for (j = 0; j < sizeof rnds / sizeof rnds[0]; j++) {
            if (!pair_init(&t, &fmts[i], rnds[j]))
                continue;
            random_rest(&t, sample / 20, &a, &b);
            pair_clear(&t);
        }
    gdt_buf_clear(&a);
    gdt_buf_clear(&b);
    check_failures();
}

/* Cases chosen by hand, binary16 rounding to nearest: a tie below the
   normal range (2^-24 * 3/2 rounds to 2^-23, the even one), the exact zero of a
   cancellation rounding down (-0), overflow to inf with its flags. */
static void
test_cases(void **state)
{
    gdt_domain d;
    gdt_val a, b, r;
    float third = 1.0f / 3.0f;

    (void)state;
    assert_int_equal(gdt_domain_init_ieee_hw(&d, "half", MPFR_RNDN), GDT_OK);
    assert_string_equal(d.name, "binary16");
    a.d = 0x3p-24;
    b.d = 2;
    assert_int_equal(d.ops->div(&r, &a, &b, &d), GDT_OK);
    assert_true(r.d == 0x1p-23);
    assert_int_equal(d.flags, GDT_FLAG_INEXACT | GDT_FLAG_UNDERFLOW);
    d.flags = 0;
    a.d = 65504;
    assert_int_equal(d.ops->add(&r, &a, &a, &d), GDT_OK);
    assert_true(isinf(r.d) && r.d > 0);
    assert_int_equal(d.flags, GDT_FLAG_INEXACT | GDT_FLAG_OVERFLOW);
    gdt_domain_clear(&d);
    assert_int_equal(gdt_domain_init_ieee_hw(&d, "binary16", MPFR_RNDD), GDT_OK);
    a.d = 1.5;
    assert_int_equal(d.ops->sub(&r, &a, &a, &d), GDT_OK);
    assert_true(r.d == 0 && signbit(r.d));
    assert_int_equal(d.flags, 0);
    gdt_domain_clear(&d);
    /* binary128 stays on the emulation, and binary64 rounding away from
       zero; the mode table picks this domain for the others */
    assert_int_equal(gdt_domain_init_ieee_hw(&d, "binary128", MPFR_RNDN), GDT_EVALUE);
    gdt_domain_clear(&d);
    assert_int_equal(gdt_domain_init_ieee_hw(&d, "binary64", MPFR_RNDA), GDT_EVALUE);
    gdt_domain_clear(&d);
    assert_int_equal(gdt_domain_init_mode(&d, "double", 53, MPFR_RNDA), GDT_OK);
    assert_string_equal(d.ops->kind, "mpfr");
    gdt_domain_clear(&d);
    assert_int_equal(gdt_domain_init_mode(&d, "float64", 53, MPFR_RNDZ), GDT_OK);
    assert_string_equal(d.ops->kind, "ieee-hw");
    assert_string_equal(d.name, "binary64");
    gdt_domain_clear(&d);
    assert_int_equal(gdt_domain_init_mode(&d, "float32", 53, MPFR_RNDA), GDT_OK);
    a.d = 1;
    b.d = 3;
    assert_int_equal(d.ops->div(&r, &a, &b, &d), GDT_OK);
    if ((double)third < 1.0 / 3.0)
        third = nextafterf(third, 1.0f);
    assert_true(r.d == (double)third);
    assert_int_equal(d.flags, GDT_FLAG_INEXACT);
    gdt_domain_clear(&d);
}

/* Cases chosen by hand, binary64, each also against the emulation: a
   product 2^-1022 (1 - 2^-54) rounds to nearest to the least normal
   number, not tiny after rounding (no underflow), toward zero to the
   largest subnormal (underflow); 2^-1022 (1 - 2^-53) is tiny after
   rounding, and rounds to nearest (a tie) to the least normal number;
   overflow toward zero stays at the largest number; an exact zero
   rounding down is -0. */
static void
test_cases_binary64(void **state)
{
    static const struct {
        mpfr_rnd_t rnd;
        enum op op;
        double a, b, want;
        unsigned flags;
    } t[] = {
        { MPFR_RNDN, OP_MUL, 0x1.0000002p+0, 0x1.ffffffcp-1023, 0x1p-1022, GDT_FLAG_INEXACT },
        { MPFR_RNDU, OP_MUL, 0x1.0000002p+0, 0x1.ffffffcp-1023, 0x1p-1022, GDT_FLAG_INEXACT },
        { MPFR_RNDZ, OP_MUL, 0x1.0000002p+0, 0x1.ffffffcp-1023, 0x0.fffffffffffffp-1022,
          GDT_FLAG_INEXACT | GDT_FLAG_UNDERFLOW },
        { MPFR_RNDD, OP_MUL, -0x1.0000002p+0, 0x1.ffffffcp-1023, -0x1p-1022, GDT_FLAG_INEXACT },
        { MPFR_RNDN, OP_MUL, 0x1.fffffffffffffp-1, 0x1p-1022, 0x1p-1022,
          GDT_FLAG_INEXACT | GDT_FLAG_UNDERFLOW },
        { MPFR_RNDN, OP_DIV, 0x1p-1022, 0x1.0000000000001p+0, 0x0.fffffffffffffp-1022,
          GDT_FLAG_INEXACT | GDT_FLAG_UNDERFLOW },
        { MPFR_RNDN, OP_DIV, 0x1p-1074, 2, 0, GDT_FLAG_INEXACT | GDT_FLAG_UNDERFLOW },
        { MPFR_RNDU, OP_DIV, 0x1p-1074, 3, 0x1p-1074, GDT_FLAG_INEXACT | GDT_FLAG_UNDERFLOW },
        { MPFR_RNDZ, OP_ADD, DBL_MAX, DBL_MAX, DBL_MAX, GDT_FLAG_INEXACT | GDT_FLAG_OVERFLOW },
        { MPFR_RNDN, OP_ADD, DBL_MAX, 0x1p970, INFINITY, GDT_FLAG_INEXACT | GDT_FLAG_OVERFLOW },
        { MPFR_RNDN, OP_ADD, DBL_MAX, 0x1.fffffffffffffp969, DBL_MAX, GDT_FLAG_INEXACT },
        { MPFR_RNDD, OP_SUB, 1.5, 1.5, -0.0, 0 },
        { MPFR_RNDN, OP_SUB, 1.5, 1.5, 0.0, 0 },
        { MPFR_RNDN, OP_DIV, 1, 0, INFINITY, GDT_FLAG_DIVBYZERO },
        { MPFR_RNDN, OP_DIV, 0, 0, NAN, GDT_FLAG_NAN },
        { MPFR_RNDN, OP_MUL, NAN, 0, NAN, 0 },
        { MPFR_RNDU, OP_MUL, INFINITY, -0.0, NAN, GDT_FLAG_NAN },
    };
    size_t i;
    pair p;

    (void)state;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        if (!pair_init(&p, &fmts[NFMTS - 1], t[i].rnd))
            continue; /* no such direction on this machine */
        set_operand(&p, 0, t[i].a);
        set_operand(&p, 1, t[i].b);
        p.hw.flags = p.mp.flags = 0;
        assert_int_equal(do_op(&p.hw, t[i].op, &p.h[3], &p.h[0], &p.h[1], NULL, 0), GDT_OK);
        assert_int_equal(do_op(&p.mp, t[i].op, &p.m[3], &p.m[0], &p.m[1], NULL, 0), GDT_OK);
        compare(&p, op_name[t[i].op]);
        if (isnan(t[i].want) ? !isnan(p.h[3].d)
                             : memcmp(&p.h[3].d, &t[i].want, sizeof t[i].want) != 0
                || (p.flags && p.hw.flags != t[i].flags)) {
            printf("case %zu: got %a flags %#x, want %a flags %#x\n", i, p.h[3].d,
                   p.hw.flags, t[i].want, t[i].flags);
            failures++;
        }
        pair_clear(&p);
    }
    check_failures();
}

/* Operations a second of both domains on operands from OPS (binary32 and
   binary64 rounding N and D; binary64 one operation at a time, outside a
   bracket): reported, never asserted. */
static void
speed(void)
{
    static const enum op ops[] = { OP_ADD, OP_SUB, OP_MUL, OP_DIV };
    const long n = 1000000;
    size_t i, j, o;
    double secs[2];
    long k;
    int s;
    pair t;

    for (i = 0; i < NFMTS; i += NFMTS - 1)
    for (j = 0; j < 4; j += 3) {
        if (!pair_init(&t, &fmts[i], rnds[j]))
            continue;
        set_operand(&t, 0, 0x1.234566p+3);
        set_operand(&t, 1, -0x1.fedcbap-2);
        set_operand(&t, 2, 0x1.000002p+0);
        for (o = 0; o < 4; o++) {
            for (s = 0; s < 2; s++) {
                gdt_domain *d = s == 0 ? &t.hw : &t.mp;
                gdt_val *v = s == 0 ? t.h : t.m;
                clock_t c0 = clock();
                for (k = 0; k < n; k++) {
                    if (do_op(d, ops[o], &v[3], &v[k & 1], &v[1 + (k & 1)], NULL, 0) != GDT_OK)
                        abort();
                }
                secs[s] = (double)(clock() - c0) / CLOCKS_PER_SEC;
            }
            printf("speed %s %s rounding %c: hw %.1f Mops/s, mpfr %.1f Mops/s\n",
                   fmts[i].name, op_name[ops[o]], rnd_letter(rnds[j]), n / secs[0] / 1e6,
                   n / secs[1] / 1e6);
        }
        pair_clear(&t);
    }
}

/* --exhaustive: 10^7 operations a format and direction, then the speed;
   the exit status. */
static int
exhaustive(void)
{
    size_t i, j;
    pair t;

    for (i = 0; i < NFMTS; i++)
        for (j = 0; j < sizeof rnds / sizeof rnds[0]; j++) {
            if (!pair_init(&t, &fmts[i], rnds[j]))
                continue;
            random_ops(&t, 2000000); /* 5 operations each, binary64 7 */
            pair_clear(&t);
        }
    speed();
    printf("ieee-hw: %ld passed, %d failed\n", passed, failures);
    return failures == 0 ? 0 : 1;
}


/* gdt_fast_ratio (the sweep's quick set-up of an axis's points) gives
   set_q's value whenever it settles one, in every format to nearest, on
   ratios with small and large numerators and denominators, midpoints of
   the narrow formats (odd multiples of half an ulp) included; and settles
   the common cases. */
static void
test_fast_ratio(void **state)
{
    static const char *modes[] = { "binary64", "native-double", "binary32", "binary16",
                                   "bfloat16" };
    size_t m;
    long i, settled = 0, tried = 0;

    (void)state;
    srand(12345);
    for (m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        gdt_domain d;
        gdt_val v;
        mpq_t q;

        assert_int_equal(gdt_domain_init_mode(&d, modes[m], 0, MPFR_RNDN), GDT_OK);
        d.ops->init(&v, &d);
        mpq_init(q);
        for (i = 0; i < 20000; i++) {
            int64_t p, den;
            double r;

            switch (i % 4) {
            case 0: /* a grid's points */
                p = 2 * (i / 4);
                den = 999999;
                break;
            case 1: /* midpoints: (2k + 1) / 2^s */
                p = 2 * (int64_t)(rand() % 100000) + 1;
                den = (int64_t)1 << (rand() % 30);
                break;
            case 2: /* large */
                p = ((int64_t)rand() << 22) ^ rand();
                den = ((int64_t)rand() << 20) + 1;
                break;
            default: /* negative, and past 2^53 (refused) */
                p = -(((int64_t)rand() << 31) | rand());
                den = (int64_t)(rand() % 1000) + 1;
                break;
            }
            tried++;
            if (!gdt_fast_ratio(&r, p, den, &d))
                continue;
            settled++;
            mpz_set_si(mpq_numref(q), (long)p);
            mpz_set_si(mpq_denref(q), (long)den);
            mpq_canonicalize(q);
            assert_int_equal(d.ops->set_q(&v, q, &d), GDT_OK);
            if (!(memcmp(&r, &v.d, sizeof r) == 0)) {
                fprintf(stderr, "%s: %lld/%lld: %a, set_q %a\n", modes[m], (long long)p,
                        (long long)den, r, v.d);
                fail();
            }
        }
        /* another direction is left to set_q */
        d.rnd = MPFR_RNDZ;
        assert_int_equal(gdt_fast_ratio(&(double){ 0 }, 1, 3, &d), 0);
        d.rnd = MPFR_RNDN;
        mpq_clear(q);
        d.ops->clear(&v, &d);
        gdt_domain_clear(&d);
    }
    assert_true(settled > tried / 2);
    passed += settled;
}

int
main(int argc, char **argv)
{
    const char *variant = getenv("GDTRACE_TEST_VARIANT"), *arg = argc > 1 ? argv[1] : "";
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_cases_binary64),
        cmocka_unit_test(test_random_ops),
        cmocka_unit_test(test_random_rest),
        cmocka_unit_test(test_fast_ratio),
    };

    machine_rounds = native_rounding_works();
    machine_flags = native_flags_work();
    if (strcmp(arg, "--exhaustive") == 0)
        return exhaustive();
    if (strcmp(arg, "--speed") == 0) {
        speed();
        return 0;
    }
    if (variant != NULL && strcmp(variant, "valgrind") == 0)
        sample = 200;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
