/* shortest_mp -- the shortest decimal of a binary128 or mpfr number of any
   precision, with GMP

   The same decimal as the search printer of num_mpfr.c, computed once, as
   shortest.c computes it for the formats of 53 bits and less (read its
   header first): x = c 2^q reads back from every decimal of its rounding
   interval R = [x - 2^(q-1), x + 2^(q-1)] (or [x - 2^(q-2), ...] when c =
   2^(p-1) and the number below is closer), ends included when c is even;
   k = floor(log10 |R|); the three integers vb, vbl, vbr = X 2^q / 10^k for
   X = 4c and the ends' 4c - 2 (or 4c - 1) and 4c + 2, each rounded to odd,
   decide between u' = s' 10^k, w' = u' + 10^(k+1), u = s 10^k and w = u +
   10^k with the same comparisons.  Here they are computed exactly, as GMP
   integers of about p bits.

   R is the interval of the format the value is read back into:
   - binary128 (D->subnormal): subnormals below 2^(emin+p-2), the least
     number's lower half as wide as the upper (as in shortest.c);
   - mpfr (no subnormals): every power of two has the narrower lower half,
     which holds while the number below is in MPFR's range, that is above
     the least binade (e > emin); the least positive number reads back from
     more (MPFR rounds (2^(emin-2), 2^(emin-1)) up to it), so that binade is
     left to the search.  At the top the largest number is odd and its
     upper half is the same as without a limit.
   Values whose exponent is beyond SHORTEST_MP_QMAX in magnitude (10^k would
   have more than a few million bits) are left to the search too;
   gdt_shortest_mp_ok says which values this printer takes.  For mpfr of 53
   bits or less it takes gdt_shortest's machine-integer path when c 2^q is
   a normal binary64-range number of that precision (-1074 < q <= 971),
   where gdt_shortest's interval is the one above. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gmp.h>
#include "num/num-impl.h"
#include "num/shortest.h"

/* |q| <= SHORTEST_MP_QMAX: 10^|k| has at most about 2^20 bits. */
#define SHORTEST_MP_QMAX ((mpfr_exp_t)1 << 20)

/* The GMP integers of one conversion. */
typedef struct mp_scratch {
    mpz_t c, a, p10, vb, vbl, vbr, t, r;
} mp_scratch;

/* Is X c 2^q with c >= 2^(p-1) and -1074 < q <= 971, P <= 53, no
   subnormals (gdt_shortest's path)? */
static int
fits_double(mpfr_srcptr x, const gdt_domain *d)
{
    mpfr_exp_t q = mpfr_get_exp(x) - d->prec;

    return !d->subnormal && d->prec <= 53 && q > -1074 && q <= 971;
}

int
gdt_shortest_plain_mpfr_of(gdt_shortest_plain *p, const gdt_domain *d, const gdt_numfmt *f)
{
    /* put_shortest (num_mpfr.c) of an mpfr domain: gdt_shortest_mp_put,
       whose values that fit a double (fits_double; above D->emin, so
       that gdt_shortest_mp_ok takes them) go to gdt_shortest_put_cq in
       the format below, as gdt_shortest_put sends the double there, with
       a limit of digits no less than any shortest text has */
    if (f->kind != GDT_DIGITS_SHORTEST || strcmp(d->ops->kind, "mpfr") != 0 || d->subnormal
        || d->prec > 53 || d->emin > -1100 || gdt_text_max_digits(d) < GDT_SHORTEST_DIGITS)
        return 0;
    p->f = (gdt_shortest_fmt){ (int)d->prec, -1074, 971 };
    p->single = 0;
    return 1;
}

int
gdt_shortest_mp_ok(mpfr_srcptr x, const gdt_domain *d)
{
    mpfr_exp_t e;

    if (!mpfr_regular_p(x))
        return 1;
    e = mpfr_get_exp(x);
    if (mpfr_get_prec(x) != d->prec || e < -SHORTEST_MP_QMAX
        || e > SHORTEST_MP_QMAX)
        return 0;
    return d->subnormal || e > d->emin;
}

/* T = X 2^Q / 10^K rounded to odd; S->p10 = 10^|K|. */
static void
rop(mpz_ptr t, mpz_srcptr x, mpfr_exp_t q, long k, mp_scratch *s)
{
    int sticky = 0;

    mpz_mul_2exp(t, x, q > 0 ? (mp_bitcnt_t)q : 0);
    if (k < 0)
        mpz_mul(t, t, s->p10);
    if (k > 0) {
        mpz_fdiv_qr(t, s->r, t, s->p10);
        sticky = mpz_sgn(s->r) != 0;
    }
    if (q < 0) {
        sticky |= !mpz_divisible_2exp_p(t, (mp_bitcnt_t)-q);
        mpz_fdiv_q_2exp(t, t, (mp_bitcnt_t)-q);
    }
    if (sticky)
        mpz_setbit(t, 0);
}

/* Compare W 2^q / 10^K with 1 and 10, where W is 4 or 3 (the interval's
   width 2^q or 3/4 2^q, times 4): -1 below 1, 1 at 10 or above, else 0. */
static int
width_cmp(int w, mpfr_exp_t q, long k, mp_scratch *s)
{
    int lo, hi;

    mpz_set_ui(s->a, (unsigned long)w);
    rop(s->t, s->a, q, k, s); /* floor(W 2^q/10^k) odd when inexact */
    lo = mpz_cmp_ui(s->t, 4) < 0;
    hi = mpz_cmp_ui(s->t, 40) >= 0;
    return lo ? -1 : hi;
}

/* 10^|K| in S->p10 for k = floor(log10 (W/4 2^q)), W = 4 or 3. */
static long
decade(int w, mpfr_exp_t q, mp_scratch *s)
{
    long k = (long)floor((double)q * 0.30102999566398120
                         + (w == 3 ? -0.12493873660829995 : 0.0));
    int c;

    for (;;) {
        mpz_ui_pow_ui(s->p10, 10, (unsigned long)labs(k));
        c = width_cmp(w, q, k, s);
        if (c == 0)
            return k;
        k += c;
    }
}

/* Is x = C 2^Q (C > 0) a short decimal that is alone in its interval?
   With C = m 2^t, m odd, and e = Q + t, x = N 10^L with N not a multiple
   of 10: L = e and N = m 5^-e when e < 0, else L = min(e, v5(m)).  Every
   other decimal of L's position or coarser is N' 10^L' with L' >= L and
   differs from x by a nonzero multiple of 10^L, so when the interval's
   larger half 2^(Q-1) is below 10^L, N 10^L is the shortest decimal that
   reads back.  Taken when N has far fewer digits than the general path
   computes (about a third of P's): -18 at 2^24 bits is "18" at once.
   Sets S->a = N and *K = L. */
static int
exact_short(mpfr_exp_t q, mpfr_prec_t p, long *k, mp_scratch *s)
{
    mp_bitcnt_t t = mpz_scan1(s->c, 0);
    double mb = (double)(mpz_sizeinbase(s->c, 2) - t);
    double e = (double)q + (double)t;
    mp_bitcnt_t v5;
    long el = (long)(q + (mpfr_exp_t)t), l;

    if (mb + 2.33 * fabs(e) >= (double)p / 2)
        return 0;
    mpz_fdiv_q_2exp(s->a, s->c, t); /* m */
    if (el < 0) {
        l = el;
    } else {
        mpz_set_ui(s->r, 5);
        v5 = mpz_remove(s->t, s->a, s->r);
        l = (long)v5 < el ? (long)v5 : el;
    }
    /* 2^(q-1) < 10^l, with a bit to spare (the bound above implies it
       for a normal number, q - 1 < mb + e - p with l = e when e < 0 and
       l >= 0 otherwise; a subnormal's |e| is far past the bound) */
    if ((double)q - 1 >= (double)l * 3.3219280948873623 - 1)
        return 0;
    if (el < 0) {
        mpz_ui_pow_ui(s->t, 5, (unsigned long)-el);
        mpz_mul(s->a, s->a, s->t);
    } else {
        mpz_ui_pow_ui(s->t, 5, (unsigned long)l);
        mpz_divexact(s->a, s->a, s->t);
        mpz_mul_2exp(s->a, s->a, (mp_bitcnt_t)(el - l));
    }
    *k = l;
    return 1;
}

gdt_status
gdt_shortest_mp_put(gdt_buf *out, gdt_buf *tb, mpfr_srcptr x,
                    const gdt_domain *d)
{
    mpfr_flags_t save = mpfr_flags_save();
    size_t max = gdt_text_max_digits(d);
    mpfr_prec_t p = d->prec;
    mpfr_exp_t q;
    mp_scratch s;
    int out_, narrow, uin, win;
    long k;
    gdt_status st;

    if (mpfr_nan_p(x))
        return gdt_buf_puts(out, "nan");
    if (mpfr_inf_p(x))
        return gdt_buf_puts(out, mpfr_signbit(x) ? "-inf" : "inf");
    if (mpfr_zero_p(x))
        return gdt_buf_puts(out, mpfr_signbit(x) ? "-0.0" : "0.0");
    /* now x is a finite nonzero number that gdt_shortest_mp_ok accepts */
    if (fits_double(x, d)) {
        gdt_shortest_fmt f = { (int)p, -1074, 971 };
#if GMP_NUMB_BITS == 64
        /* x = c 2^q, c the top p bits of its one limb (p <= 53) */
        const mp_limb_t *m = mpfr_custom_get_significand((mpfr_ptr)x);

        return gdt_shortest_put_cq(out, mpfr_signbit(x) != 0,
                                   (uint64_t)(m[0] >> (GMP_NUMB_BITS - p)),
                                   (int)(mpfr_get_exp(x) - p), &f, max);
#else
        double v = mpfr_get_d(x, MPFR_RNDN); /* exact */

        mpfr_flags_restore(save, MPFR_FLAGS_ALL);
        return gdt_shortest_put(out, v, &f, max);
#endif
    }
    mpz_inits(s.c, s.a, s.p10, s.vb, s.vbl, s.vbr, s.t, s.r, NULL);
    q = mpfr_get_z_2exp(s.c, x);
    mpz_abs(s.c, s.c);
    if (d->subnormal && q < d->emin - 1) {
        /* a subnormal: its last d->emin - 1 - q bits are zero */
        mpz_fdiv_q_2exp(s.c, s.c, (mp_bitcnt_t)(d->emin - 1 - q));
        q = d->emin - 1;
    }
    if (exact_short(q, p, &k, &s))
        goto digits;
    narrow = mpz_sizeinbase(s.c, 2) == (size_t)p
        && mpz_scan1(s.c, 0) == (mp_bitcnt_t)(p - 1)
        && !(d->subnormal && q == d->emin - 1);
    out_ = mpz_odd_p(s.c);
    k = decade(narrow ? 3 : 4, q, &s);
    mpz_mul_2exp(s.a, s.c, 2);
    rop(s.vb, s.a, q, k, &s);
    mpz_sub_ui(s.a, s.a, narrow ? 1 : 2);
    rop(s.vbl, s.a, q, k, &s);
    mpz_add_ui(s.a, s.a, narrow ? 3 : 4);
    rop(s.vbr, s.a, q, k, &s);
    mpz_fdiv_q_2exp(s.c, s.vb, 2); /* s */
    mpz_set_ui(s.a, 0);            /* d, 0 while undecided */
    if (mpz_cmp_ui(s.c, 10) >= 0) {
        /* u' = s' 10^k, w' = (s' + 10) 10^k: is exactly one in R? */
        mpz_fdiv_q_ui(s.t, s.c, 10);
        mpz_mul_ui(s.t, s.t, 40);                   /* 4 s' */
        mpz_sub_ui(s.r, s.t, (unsigned long)out_);
        uin = mpz_cmp(s.vbl, s.r) <= 0;             /* vbl + out <= 4 s' */
        mpz_add_ui(s.r, s.t, 40 + (unsigned long)out_);
        win = mpz_cmp(s.r, s.vbr) <= 0;             /* 4 t' + out <= vbr */
        if (uin != win) {
            mpz_fdiv_q_2exp(s.a, s.t, 2);
            mpz_add_ui(s.a, s.a, win ? 10 : 0);
        }
    }
    if (mpz_sgn(s.a) == 0) {
        mpz_mul_2exp(s.t, s.c, 2);                  /* 4 s */
        mpz_sub_ui(s.r, s.t, (unsigned long)out_);
        uin = mpz_cmp(s.vbl, s.r) <= 0;
        mpz_add_ui(s.r, s.t, 4 + (unsigned long)out_);
        win = mpz_cmp(s.r, s.vbr) <= 0;
        mpz_add_ui(s.r, s.t, 2);                    /* 4 s + 2 */
        if (uin == win) /* both: the nearer, a tie to the even one */
            win = mpz_cmp(s.vb, s.r) != 0 ? mpz_cmp(s.vb, s.r) > 0
                                         : mpz_odd_p(s.c);
        mpz_add_ui(s.a, s.c, win ? 1 : 0);
    }
    /* now x reads back from d 10^k, d > 0 */
digits:
    gdt_buf_reset(tb);
    st = gdt_z_get_str(tb, s.a, d->stop);
    mpz_clears(s.c, s.a, s.p10, s.vb, s.vbl, s.vbr, s.t, s.r, NULL);
    mpfr_flags_restore(save, MPFR_FLAGS_ALL);
    if (st != GDT_OK)
        return st;
    return gdt_dec_put(out, mpfr_signbit(x) != 0, tb->s, tb->len,
                       k + (long)tb->len - 1, GDT_DEC_REPR, max);
}
