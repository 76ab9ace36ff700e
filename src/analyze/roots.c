/* roots -- the real roots of a polynomial over Q, isolated and refined
   exactly: square-free factors in Z[x], Descartes' rule of signs with
   bisection, exact bisection and simplest-fraction tests */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include "gdtrace/poly.h"
#include "base/vec.h"

/* Every loop below whose length grows with the degree or the coefficient
   sizes polls the cancellation flag STOP and returns GDT_EINTERRUPTED. */
#define STOPPED() gdt_cancelled(stop)

/* ------------------------------------------------ integer polynomials */

/* c[0] + c[1] x + ... + c[n-1] x^(n-1) over Z, trimmed (c[n-1] != 0;
   n == 0 is 0). */
typedef struct zpoly {
    size_t n;
    mpz_t *c;
} zpoly;

static void
zp_init(zpoly *p)
{
    p->n = 0;
    p->c = NULL;
}

static void
zp_clear(zpoly *p)
{
    gdt_zvec_free(p->c, p->n);
    zp_init(p);
}

static void
zp_swap(zpoly *a, zpoly *b)
{
    zpoly t = *a;

    *a = *b;
    *b = t;
}

/* P = N zero coefficients (not trimmed). */
static gdt_status
zp_alloc(zpoly *p, size_t n)
{
    mpz_t *c = n > 0 ? gdt_zvec_new(n) : NULL;

    if (n > 0 && c == NULL)
        return GDT_ENOMEM;
    zp_clear(p);
    p->c = c;
    p->n = n;
    return GDT_OK;
}

/* P without its zero leading coefficients; the zero polynomial has no
   array. */
static void
zp_trim(zpoly *p)
{
    size_t n = p->n;

    while (n > 0 && mpz_sgn(p->c[n - 1]) == 0)
        mpz_clear(p->c[--n]);
    p->n = n;
    if (n == 0)
        zp_clear(p);
}

static gdt_status
zp_set(zpoly *r, const zpoly *p)
{
    size_t i;

    if (r == p)
        return GDT_OK;
    if (zp_alloc(r, p->n) != GDT_OK)
        return GDT_ENOMEM;
    for (i = 0; i < p->n; i++)
        mpz_set(r->c[i], p->c[i]);
    return GDT_OK;
}

/* Divide P by the gcd of its coefficients and make its leading
   coefficient positive. */
static void
zp_primitive(zpoly *p)
{
    mpz_t g;
    size_t i;

    if (p->n == 0)
        return;
    mpz_init(g);
    for (i = p->n; i-- > 0 && mpz_cmp_ui(g, 1) != 0;)
        mpz_gcd(g, g, p->c[i]);
    if (mpz_sgn(p->c[p->n - 1]) < 0)
        mpz_neg(g, g);
    if (mpz_cmp_ui(g, 1) != 0)
        for (i = 0; i < p->n; i++)
            mpz_divexact(p->c[i], p->c[i], g);
    mpz_clear(g);
}

/* Divide P by the largest power of 2 that divides every coefficient. */
static void
zp_strip2(zpoly *p)
{
    mp_bitcnt_t e = ~(mp_bitcnt_t)0, t;
    size_t i;

    for (i = 0; i < p->n && e > 0; i++)
        if (mpz_sgn(p->c[i]) != 0 && (t = mpz_scan1(p->c[i], 0)) < e)
            e = t;
    if (e > 0 && e != ~(mp_bitcnt_t)0)
        for (i = 0; i < p->n; i++)
            mpz_tdiv_q_2exp(p->c[i], p->c[i], e);
}

/* R = the primitive integer polynomial with P's roots (P not 0). */
static gdt_status
zp_from_poly(zpoly *r, const gdt_poly *p)
{
    mpz_t d;
    size_t i;

    if (zp_alloc(r, p->n) != GDT_OK)
        return GDT_ENOMEM;
    mpz_init_set_ui(d, 1);
    for (i = 0; i < p->n; i++)
        mpz_lcm(d, d, mpq_denref(p->c[i]));
    for (i = 0; i < p->n; i++) {
        mpz_divexact(r->c[i], d, mpq_denref(p->c[i]));
        mpz_mul(r->c[i], r->c[i], mpq_numref(p->c[i]));
    }
    mpz_clear(d);
    zp_primitive(r);
    return GDT_OK;
}

/* R = P' (R not P). */
static gdt_status
zp_derive(zpoly *r, const zpoly *p)
{
    size_t i;

    if (zp_alloc(r, p->n > 1 ? p->n - 1 : 0) != GDT_OK)
        return GDT_ENOMEM;
    for (i = 1; i < p->n; i++)
        mpz_mul_ui(r->c[i - 1], p->c[i], (unsigned long)i);
    return GDT_OK;
}

/* R = a multiple of the remainder of A by B (B of degree >= 0; R not B):
   each step scales R by lc(B)/g and subtracts (lc(R)/g) x^k B, with g
   their gcd, so that R stays integral. */
static gdt_status
zp_prem(zpoly *r, const zpoly *a, const zpoly *b, gdt_cancel *stop)
{
    mpz_t g, lr, lb;
    size_t i, k;

    if (zp_set(r, a) != GDT_OK)
        return GDT_ENOMEM;
    mpz_inits(g, lr, lb, NULL);
    while (r->n >= b->n) {
        if (STOPPED()) {
            mpz_clears(g, lr, lb, NULL);
            return GDT_EINTERRUPTED;
        }
        k = r->n - b->n;
        mpz_gcd(g, r->c[r->n - 1], b->c[b->n - 1]);
        mpz_divexact(lr, r->c[r->n - 1], g);
        mpz_divexact(lb, b->c[b->n - 1], g);
        if (mpz_cmp_ui(lb, 1) != 0)
            for (i = 0; i < r->n - 1; i++)
                mpz_mul(r->c[i], r->c[i], lb);
        for (i = 0; i + 1 < b->n; i++)
            mpz_submul(r->c[i + k], lr, b->c[i]);
        mpz_set_ui(r->c[r->n - 1], 0); /* lb lc(R) - lr lc(B) = 0 */
        zp_trim(r);
    }
    mpz_clears(g, lr, lb, NULL);
    return GDT_OK;
}

/* G = the primitive gcd of A and B (not both 0), leading coefficient
   positive, by the primitive polynomial remainder sequence. */
static gdt_status
zp_gcd(zpoly *g, const zpoly *a, const zpoly *b, gdt_cancel *stop)
{
    zpoly u, v, r;
    gdt_status st;

    zp_init(&u);
    zp_init(&v);
    zp_init(&r);
    st = zp_set(&u, a->n >= b->n ? a : b);
    if (st == GDT_OK)
        st = zp_set(&v, a->n >= b->n ? b : a);
    zp_primitive(&u);
    zp_primitive(&v);
    while (st == GDT_OK && v.n > 1) {
        st = zp_prem(&r, &u, &v, stop);
        if (st != GDT_OK)
            break;
        zp_primitive(&r);
        zp_swap(&u, &v);
        zp_swap(&v, &r);
    }
    if (st == GDT_OK && v.n == 1) { /* a non-zero constant: gcd 1 */
        st = zp_alloc(&u, 1);
        if (st == GDT_OK)
            mpz_set_ui(u.c[0], 1);
    }
    if (st == GDT_OK)
        zp_swap(g, &u);
    zp_clear(&u);
    zp_clear(&v);
    zp_clear(&r);
    return st;
}

/* Q = A / B where B divides A in Q[x] and is primitive, so that Q is in
   Z[x] (Gauss's lemma) and every division below is exact. */
static gdt_status
zp_divexact(zpoly *q, const zpoly *a, const zpoly *b, gdt_cancel *stop)
{
    zpoly r, t;
    size_t i, k;

    zp_init(&r);
    zp_init(&t);
    if (zp_set(&r, a) != GDT_OK || zp_alloc(&t, a->n - b->n + 1) != GDT_OK) {
        zp_clear(&r);
        return GDT_ENOMEM;
    }
    for (k = t.n; k-- > 0;) {
        if (STOPPED()) {
            zp_clear(&t);
            zp_clear(&r);
            return GDT_EINTERRUPTED;
        }
        mpz_divexact(t.c[k], r.c[k + b->n - 1], b->c[b->n - 1]);
        for (i = 0; i < b->n; i++)
            mpz_submul(r.c[k + i], t.c[k], b->c[i]);
    }
    zp_trim(&t);
    zp_swap(q, &t);
    zp_clear(&t);
    zp_clear(&r);
    return GDT_OK;
}

/* The sign of P(X). */
static int
zp_sign_at(const zpoly *p, const mpq_t x)
{
    mpz_t v, bp;
    size_t i;
    int s;

    if (p->n == 0)
        return 0;
    /* den^(n-1) P(num/den) = sum c[i] num^i den^(n-1-i), den > 0 */
    mpz_init_set(v, p->c[p->n - 1]);
    mpz_init_set(bp, mpq_denref(x));
    for (i = p->n - 1; i-- > 0;) {
        mpz_mul(v, v, mpq_numref(x));
        mpz_addmul(v, p->c[i], bp);
        if (i > 0)
            mpz_mul(bp, bp, mpq_denref(x));
    }
    s = mpz_sgn(v);
    mpz_clear(v);
    mpz_clear(bp);
    return s;
}

/* ---------------------------------------- square-freeness modulo a prime */

static uint64_t
mod_pow(uint64_t a, uint64_t e, uint64_t p)
{
    uint64_t r = 1;

    for (a %= p; e > 0; e >>= 1) {
        if (e & 1)
            r = r * a % p;
        a = a * a % p;
    }
    return r;
}

/* The degree of gcd(A, B) over Z/pZ, p < 2^32 prime; A and B (lengths NA,
   NB, trimmed) are overwritten. */
static long
mod_gcd_degree(uint64_t *a, size_t na, uint64_t *b, size_t nb, uint64_t p)
{
    uint64_t *t, inv, f;
    size_t i, k;

    while (nb > 0) {
        /* A = A mod B */
        inv = mod_pow(b[nb - 1], p - 2, p);
        while (na >= nb) {
            f = a[na - 1] * inv % p;
            k = na - nb;
            for (i = 0; i < nb; i++)
                a[k + i] = (a[k + i] + (p - f) * b[i]) % p;
            while (na > 0 && a[na - 1] == 0)
                na--;
        }
        t = a, a = b, b = t;
        k = na, na = nb, nb = k;
    }
    return (long)na - 1;
}

/* 1 when P does not divide lc(F) and gcd(F, F') mod P has degree 0: then
   F is square-free, and so is F mod P (deg F >= 1; P < 2^32 prime; A and B
   are scratch of F->n entries). */
static int
zp_squarefree_at(const zpoly *f, uint64_t p, uint64_t *a, uint64_t *b)
{
    size_t i, nb;

    if (mpz_fdiv_ui(f->c[f->n - 1], p) == 0)
        return 0;
    for (i = 0; i < f->n; i++)
        a[i] = mpz_fdiv_ui(f->c[i], p);
    for (i = 1; i < f->n; i++)
        b[i - 1] = a[i] * (uint64_t)(i % p) % p;
    nb = f->n - 1;
    while (nb > 0 && b[nb - 1] == 0)
        nb--;
    return nb > 0 && mod_gcd_degree(a, f->n, b, nb, p) == 0;
}

/* 1 when F (degree >= 1) is certainly square-free: for a prime p that does
   not divide lc(F), gcd(F, F') mod p has degree 0.  (A common factor D of F
   and F' over Q can be taken primitive in Z[x]; it divides both in Z[x]
   and keeps its degree mod p, as lc(D) divides lc(F).)  0 when unsure. */
static int
zp_squarefree_mod(const zpoly *f)
{
    uint64_t *a, *b, p;
    mpz_t q;
    int tries, ok = 0;

    a = malloc(f->n * sizeof *a);
    b = malloc(f->n * sizeof *b);
    mpz_init_set_ui(q, (1UL << 31) - (1UL << 16));
    for (tries = 0; a != NULL && b != NULL && tries < 4 && !ok; tries++) {
        mpz_nextprime(q, q);
        p = mpz_get_ui(q);
        if (mpz_fdiv_ui(f->c[f->n - 1], p) == 0)
            continue;
        ok = zp_squarefree_at(f, p, a, b);
        break;
    }
    mpz_clear(q);
    free(a);
    free(b);
    return ok;
}

/* ----------------------------------------- rational roots, p-adically */

/* V = F(X) mod M (F' when DERIV), X and the result in [0, M).
   GDT_EINTERRUPTED. */
static gdt_status
zp_eval_mod(mpz_t v, const zpoly *f, const mpz_t x, const mpz_t m, int deriv,
            gdt_cancel *stop)
{
    size_t i;

    mpz_set_ui(v, 0);
    for (i = f->n; i-- > (deriv ? 1u : 0u);) {
        if (STOPPED())
            return GDT_EINTERRUPTED;
        mpz_mul(v, v, x);
        if (deriv)
            mpz_addmul_ui(v, f->c[i], (unsigned long)i);
        else
            mpz_add(v, v, f->c[i]);
        mpz_mod(v, v, m);
    }
    return GDT_OK;
}

/* Every rational root of the square-free primitive F (degree >= 1, F(0) !=
   0) into *OUT (malloc'd, *NOUT of them), found without refining
   intervals: for a small prime p with F square-free mod p and p not
   dividing lc(F), every rational root u/v (u | F(0), v | lc(F)) is a
   simple root of F mod p, the residues are tried one by one, each is
   lifted by Newton's iteration (Hensel) modulo p^(2^k) past 2 |F(0)| lc(F),
   where rational reconstruction (the extended Euclidean algorithm stopped
   at |F(0)|) gives back u/v, and each candidate is confirmed by exact
   evaluation.  *COMPLETE = 1 when the list holds them all; 0 when no
   suitable prime was found among the first ones (the caller then decides
   rationality otherwise).  GDT_ENOMEM, GDT_EINTERRUPTED. */
static gdt_status
zp_rational_roots(mpq_t **out, size_t *nout, int *complete, const zpoly *f,
                  gdt_cancel *stop)
{
    uint64_t *a = malloc(f->n * sizeof *a), *b = malloc(f->n * sizeof *b), p = 0, x, v;
    mpz_t q, m, z, fz, dz, r0, r1, t0, t1, t;
    mpq_t c;
    size_t i, cap = 0, bits;
    int tries;
    gdt_status st = GDT_OK;

    *out = NULL;
    *nout = 0;
    *complete = 0;
    if (a == NULL || b == NULL) {
        free(a);
        free(b);
        return GDT_ENOMEM;
    }
    mpz_inits(q, m, z, fz, dz, r0, r1, t0, t1, t, NULL);
    mpq_init(c);
    mpz_set_ui(q, 1000);
    for (tries = 0; tries < 64 && p == 0; tries++) {
        mpz_nextprime(q, q);
        if (zp_squarefree_at(f, mpz_get_ui(q), a, b))
            p = mpz_get_ui(q);
    }
    if (p == 0)
        goto out;
    /* lift past 2 |F(0)| |lc(F)| */
    bits = mpz_sizeinbase(f->c[0], 2) + mpz_sizeinbase(f->c[f->n - 1], 2) + 2;
    for (i = 0; i < f->n; i++)
        a[i] = mpz_fdiv_ui(f->c[i], p);
    for (x = 0; x < p && st == GDT_OK; x++) {
        if (STOPPED()) {
            st = GDT_EINTERRUPTED;
            break;
        }
        for (v = 0, i = f->n; i-- > 0;)
            v = (v * x + a[i]) % p;
        if (v != 0)
            continue;
        /* Hensel: z = z - F(z) / F'(z) mod m^2, m = p, p^2, p^4, ... */
        mpz_set_ui(z, x);
        mpz_set_ui(m, p);
        while (st == GDT_OK && mpz_sizeinbase(m, 2) <= bits) {
            mpz_mul(m, m, m);
            if ((st = zp_eval_mod(fz, f, z, m, 0, stop)) != GDT_OK
                || (st = zp_eval_mod(dz, f, z, m, 1, stop)) != GDT_OK)
                break;
            if (!mpz_invert(dz, dz, m))
                break; /* cannot be: the root is simple mod p */
            mpz_mul(fz, fz, dz);
            mpz_sub(z, z, fz);
            mpz_mod(z, z, m);
        }
        /* the u/v with u = v z mod m, |u| <= |F(0)|: Euclid on (m, z) */
        mpz_set(r0, m);
        mpz_set(r1, z);
        mpz_set_ui(t0, 0);
        mpz_set_ui(t1, 1);
        while (st == GDT_OK && mpz_cmpabs(r1, f->c[0]) > 0) {
            if (STOPPED())
                st = GDT_EINTERRUPTED;
            mpz_fdiv_q(t, r0, r1);
            mpz_submul(r0, t, r1);
            mpz_swap(r0, r1);
            mpz_submul(t0, t, t1);
            mpz_swap(t0, t1);
        }
        if (st != GDT_OK || mpz_sgn(t1) == 0)
            continue;
        mpz_set(mpq_numref(c), r1);
        mpz_set(mpq_denref(c), t1);
        if (mpz_sgn(t1) < 0) {
            mpz_neg(mpq_numref(c), mpq_numref(c));
            mpz_neg(mpq_denref(c), mpq_denref(c));
        }
        mpq_canonicalize(c);
        if (zp_sign_at(f, c) != 0)
            continue;
        if (*nout == cap) {
            mpq_t *n2 = realloc(*out, (cap = cap ? 2 * cap : 4) * sizeof *n2);
            if (n2 == NULL) {
                st = GDT_ENOMEM;
                break;
            }
            *out = n2;
        }
        mpq_init((*out)[*nout]);
        mpq_set((*out)[(*nout)++], c);
    }
    *complete = st == GDT_OK;
out:
    mpz_clears(q, m, z, fz, dz, r0, r1, t0, t1, t, NULL);
    mpq_clear(c);
    free(a);
    free(b);
    return st;
}

/* ------------------------------------------------- isolated roots */

/* A root of the square-free factor P being isolated or refined. */
typedef struct iroot {
    mpq_t lo, hi;       /* lo < root < hi, or lo == hi == root when exact */
    int sl;             /* the sign of P just right of lo */
    int exact;
    int conclusive;     /* the simplest-fraction test is conclusive */
    unsigned long mult;
    const zpoly *p;
} iroot;

typedef struct rootvec {
    iroot *r;
    size_t n, cap;
    gdt_cancel *stop;
} rootvec;

static void
rootvec_free(rootvec *v)
{
    size_t i;

    for (i = 0; i < v->n; i++) {
        mpq_clear(v->r[i].lo);
        mpq_clear(v->r[i].hi);
    }
    free(v->r);
    v->r = NULL;
    v->n = v->cap = 0;
}

/* A new root of P at the end of V, lo = hi = 0, or NULL. */
static iroot *
rootvec_push(rootvec *v, const zpoly *p, unsigned long mult)
{
    iroot *r;

    if (v->n == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 16;
        if (cap > SIZE_MAX / sizeof *r)
            return NULL;
        r = realloc(v->r, cap * sizeof *r);
        if (r == NULL)
            return NULL;
        v->r = r;
        v->cap = cap;
    }
    r = &v->r[v->n++];
    mpq_init(r->lo);
    mpq_init(r->hi);
    r->sl = 0;
    r->exact = 0;
    r->conclusive = 0;
    r->mult = mult;
    r->p = p;
    return r;
}

/* R = the fraction of smallest denominator (then smallest numerator) in
   the open interval (LO, HI), 0 <= LO < HI, R not LO or HI, by the continued-fraction walk
   down the Stern-Brocot tree. */
static void
q_simplest_pos(mpq_t r, const mpq_t lo, const mpq_t hi)
{
    mpz_t p1, p0, q1, q0, fl, t;
    mpq_t x, y;
    int yinf = 0;

    mpz_inits(p1, p0, q1, q0, fl, t, NULL);
    mpq_init(x);
    mpq_init(y);
    mpq_set(x, lo);
    mpq_set(y, hi);
    /* the answer is M(u) = (p1 u + p0) / (q1 u + q0) for the simplest u in
       (x, y) (y = inf when yinf); x >= 0 */
    mpz_set_ui(p1, 1);
    mpz_set_ui(q0, 1);
    for (;;) {
        mpz_fdiv_q(fl, mpq_numref(x), mpq_denref(x));
        mpz_add_ui(t, fl, 1); /* the least integer above x */
        if (yinf || mpq_cmp_z(y, t) > 0)
            break; /* t is in (x, y), and no integer is simpler */
        /* now fl <= x < y <= fl + 1: u = fl + 1/v, v in (1/(y-fl), 1/(x-fl)) */
        mpz_addmul(p0, p1, fl);
        mpz_swap(p0, p1);
        mpz_addmul(q0, q1, fl);
        mpz_swap(q0, q1);
        mpq_set_z(r, fl);
        mpq_sub(x, x, r);
        mpq_sub(y, y, r);
        if (mpq_sgn(x) == 0)
            yinf = 1;
        else
            mpq_inv(x, x);
        mpq_inv(y, y);
        mpq_swap(x, y);
    }
    /* R = M(t) */
    mpz_mul(fl, p1, t);
    mpz_add(mpq_numref(r), fl, p0);
    mpz_mul(fl, q1, t);
    mpz_add(mpq_denref(r), fl, q0);
    mpq_canonicalize(r);
    mpz_clears(p1, p0, q1, q0, fl, t, NULL);
    mpq_clear(x);
    mpq_clear(y);
}

/* R = the simplest fraction in the open interval (LO, HI), LO < HI, R not
   LO or HI. */
static void
q_simplest(mpq_t r, const mpq_t lo, const mpq_t hi)
{
    mpq_t a, b;

    if (mpq_sgn(lo) < 0 && mpq_sgn(hi) > 0) {
        mpq_set_ui(r, 0, 1);
    } else if (mpq_sgn(lo) >= 0) {
        q_simplest_pos(r, lo, hi);
    } else {
        mpq_init(a);
        mpq_init(b);
        mpq_neg(a, hi);
        mpq_neg(b, lo);
        q_simplest_pos(r, a, b);
        mpq_neg(r, r);
        mpq_clear(a);
        mpq_clear(b);
    }
}

/* ------------------------------------------------ Descartes' method */

/* The sign variations of P's coefficients (zeros skipped), capped at 2. */
static int
zp_variations(const zpoly *p)
{
    size_t i;
    int v = 0, last = 0, s;

    for (i = 0; i < p->n && v < 2; i++) {
        s = mpz_sgn(p->c[i]);
        if (s != 0) {
            if (last != 0 && s != last)
                v++;
            last = s;
        }
    }
    return v;
}

/* P = P(x + 1), in n^2/2 additions. */
static void
zp_taylor1(zpoly *p)
{
    size_t i, j;

    for (i = 0; i + 1 < p->n; i++)
        for (j = p->n - 1; j-- > i;)
            mpz_add(p->c[j], p->c[j], p->c[j + 1]);
}

/* Descartes' bound on the roots of A in (0, 1), capped at 2: the sign
   variations of (x + 1)^n A(1 / (x + 1)).  0 and 1 are exact counts.
   T is scratch.  -1 when out of memory. */
static int
descartes01(const zpoly *a, zpoly *t)
{
    size_t i;

    if (zp_variations(a) == 0) /* no positive root at all */
        return 0;
    if (zp_alloc(t, a->n) != GDT_OK)
        return -1;
    for (i = 0; i < a->n; i++)
        mpz_set(t->c[i], a->c[a->n - 1 - i]);
    zp_taylor1(t);
    return zp_variations(t);
}

/* A bisection node: A's roots in (0, 1) are those of the polynomial being
   isolated in (c 2^k / 2^j, (c + 1) 2^k / 2^j), in the same order, and A
   has the sign of that polynomial there. */
typedef struct dnode {
    zpoly a;
    mpz_t c;
    unsigned long j;
} dnode;

/* R = (C + D) 2^K / 2^J. */
static void
node_point(mpq_t r, const mpz_t c, unsigned long d, unsigned long k, unsigned long j)
{
    mpz_add_ui(mpq_numref(r), c, d);
    mpz_mul_2exp(mpq_numref(r), mpq_numref(r), k);
    mpz_set_ui(mpq_denref(r), 1);
    mpz_mul_2exp(mpq_denref(r), mpq_denref(r), j);
    mpq_canonicalize(r);
}

/* A K with every root of Q (degree >= 1) below 2^K in absolute value, by
   Fujiwara's bound |root| <= 2 max_i |c_(n-i) / c_n|^(1/i): with
   |c_(n-i) / c_n| < 2^e_i, e_i = bits(c_(n-i)) - bits(c_n) + 1, each term
   is below 2^ceil(e_i / i). */
static unsigned long
root_bound_exp(const zpoly *q)
{
    size_t n = q->n - 1, i, lb = mpz_sizeinbase(q->c[n], 2), b;
    unsigned long m = 0, t;

    for (i = 1; i <= n; i++) {
        if (mpz_sgn(q->c[n - i]) == 0)
            continue;
        b = mpz_sizeinbase(q->c[n - i], 2) + 1;
        if (b <= lb)
            continue; /* e_i <= 0 */
        t = (unsigned long)((b - lb + i - 1) / i);
        if (t > m)
            m = t;
    }
    return m + 1;
}

/* Record in RS, as roots of P of multiplicity MULT, the roots of Q in
   (0, inf) mapped by x -> SIGN x, where Q is square-free, Q(0) != 0, and Q
   is P (SIGN 1) or P(-x) (SIGN -1). */
static gdt_status
isolate_positive(rootvec *rs, const zpoly *q, int sign, const zpoly *p,
                 unsigned long mult)
{
    gdt_cancel *stop = rs->stop;
    dnode *stack = NULL, *top;
    size_t depth = 0, cap = 0, i, n;
    unsigned long k;
    zpoly t;
    iroot *r;
    gdt_status st = GDT_OK;
    int v;

    zp_init(&t);
    if (q->n < 2)
        return GDT_OK;
    k = root_bound_exp(q);
    cap = 16;
    stack = malloc(cap * sizeof *stack);
    if (stack == NULL)
        return GDT_ENOMEM;
    top = &stack[depth++];
    zp_init(&top->a);
    mpz_init(top->c);
    top->j = 0;
    if (zp_set(&top->a, q) != GDT_OK) {
        st = GDT_ENOMEM;
        goto out_free;
    }
    for (i = 1; i < q->n; i++) /* A(x) = Q(2^k x) */
        mpz_mul_2exp(top->a.c[i], top->a.c[i], k * i);
    zp_strip2(&top->a);

    while (depth > 0 && st == GDT_OK) {
        dnode cur = stack[--depth];
        v = STOPPED() ? -2 : descartes01(&cur.a, &t);
        if (v == -2) {
            st = GDT_EINTERRUPTED;
        } else if (v < 0) {
            st = GDT_ENOMEM;
        } else if (v == 1) {
            r = rootvec_push(rs, p, mult);
            if (r == NULL) {
                st = GDT_ENOMEM;
            } else {
                node_point(sign > 0 ? r->lo : r->hi, cur.c, 0, k, cur.j);
                node_point(sign > 0 ? r->hi : r->lo, cur.c, 1, k, cur.j);
                r->sl = mpz_sgn(cur.a.c[0]);
                if (sign < 0) {
                    mpq_neg(r->lo, r->lo);
                    mpq_neg(r->hi, r->hi);
                    r->sl = -r->sl; /* the sign left of the root, seen from -x */
                }
            }
        } else if (v == 2) {
            /* split at 1/2: left 2^n A(x/2), right that at x + 1 */
            if (depth + 2 > cap) {
                dnode *s = cap > SIZE_MAX / 2 / sizeof *s ? NULL
                                                          : realloc(stack, 2 * cap * sizeof *s);
                if (s == NULL) {
                    st = GDT_ENOMEM;
                    goto out_cur;
                }
                stack = s;
                cap *= 2;
            }
            n = cur.a.n;
            for (i = 0; i + 1 < n; i++)
                mpz_mul_2exp(cur.a.c[i], cur.a.c[i], n - 1 - i);
            top = &stack[depth]; /* the right half */
            zp_init(&top->a);
            mpz_init(top->c);
            if (zp_set(&top->a, &cur.a) != GDT_OK) {
                zp_clear(&top->a);
                mpz_clear(top->c);
                st = GDT_ENOMEM;
                goto out_cur;
            }
            zp_taylor1(&top->a);
            mpz_mul_2exp(top->c, cur.c, 1);
            mpz_add_ui(top->c, top->c, 1);
            top->j = cur.j + 1;
            if (mpz_sgn(top->a.c[0]) == 0) {
                /* the midpoint is a root, exact: divide it out */
                r = rootvec_push(rs, p, mult);
                if (r == NULL) {
                    zp_clear(&top->a);
                    mpz_clear(top->c);
                    st = GDT_ENOMEM;
                    goto out_cur;
                }
                mpz_mul_2exp(mpq_numref(r->lo), top->c, k);
                mpz_mul_2exp(mpq_denref(r->lo), mpq_denref(r->lo), top->j);
                mpq_canonicalize(r->lo);
                if (sign < 0)
                    mpq_neg(r->lo, r->lo);
                mpq_set(r->hi, r->lo);
                r->exact = 1;
                mpz_clear(top->a.c[0]);
                for (i = 1; i < top->a.n; i++)
                    top->a.c[i - 1][0] = top->a.c[i][0]; /* move, not copy */
                top->a.n--;
            }
            zp_strip2(&top->a);
            depth++;
            top = &stack[depth++]; /* the left half, taken next */
            top->a = cur.a;
            zp_init(&cur.a);
            mpz_init(top->c);
            mpz_mul_2exp(top->c, cur.c, 1);
            top->j = cur.j + 1;
            zp_strip2(&top->a);
        }
    out_cur:
        zp_clear(&cur.a);
        mpz_clear(cur.c);
    }
out_free:
    while (depth > 0) {
        depth--;
        zp_clear(&stack[depth].a);
        mpz_clear(stack[depth].c);
    }
    free(stack);
    zp_clear(&t);
    return st;
}

/* ------------------------------------------------------- refinement */

/* Make R exact at X. */
static void
root_set_exact(iroot *r, const mpq_t x)
{
    mpq_set(r->lo, x);
    mpq_set(r->hi, x);
    r->exact = 1;
}

/* Halve R's interval, keeping the root inside; exact when it is the
   midpoint.  M is scratch. */
static void
root_bisect(iroot *r, mpq_t m)
{
    int s;

    mpq_add(m, r->lo, r->hi);
    mpq_div_2exp(m, m, 1);
    s = zp_sign_at(r->p, m);
    if (s == 0)
        root_set_exact(r, m);
    else if (s == r->sl)
        mpq_set(r->lo, m); /* P keeps the sign it has right of lo up to m */
    else
        mpq_set(r->hi, m);
}

/* Test whether the simplest fraction in R's interval is the root.  Every
   rational root of the primitive P has a denominator dividing L = |lc(P)|,
   so only fractions with such denominators are tried.  Once the interval
   is narrower than 1/L^2 the test is conclusive: two fractions with
   denominators at most L are at least 1/L^2 apart, so the root, were it
   rational, would be the only such fraction inside, hence the simplest. */
static void
root_test_simplest(iroot *r, mpq_t s)
{
    mpz_srcptr lc = r->p->c[r->p->n - 1];

    if (r->exact)
        return;
    q_simplest(s, r->lo, r->hi);
    if (mpz_cmpabs(mpq_denref(s), lc) <= 0 && mpz_divisible_p(lc, mpq_denref(s))
        && zp_sign_at(r->p, s) == 0)
        root_set_exact(r, s);
}

/* 1 when the width of R's interval times SCALE is below 1. */
static int
root_narrower(const iroot *r, const mpz_t scale, mpq_t w)
{
    mpq_sub(w, r->hi, r->lo);
    mpz_mul(mpq_numref(w), mpq_numref(w), scale);
    return mpz_cmp(mpq_numref(w), mpq_denref(w)) < 0;
}

/* V = P(X), exactly. */
static void
zp_eval(mpq_t v, const zpoly *p, const mpq_t x)
{
    mpz_t bp;
    size_t i;

    mpq_set_ui(v, 0, 1);
    if (p->n == 0)
        return;
    /* den^(n-1) P(num/den) = sum c[i] num^i den^(n-1-i) */
    mpz_set(mpq_numref(v), p->c[p->n - 1]);
    mpz_init_set(bp, mpq_denref(x));
    for (i = p->n - 1; i-- > 0;) {
        mpz_mul(mpq_numref(v), mpq_numref(v), mpq_numref(x));
        mpz_addmul(mpq_numref(v), p->c[i], bp);
        if (i > 0)
            mpz_mul(bp, bp, mpq_denref(x));
    }
    mpz_pow_ui(mpq_denref(v), mpq_denref(x), (unsigned long)(p->n - 1));
    mpq_canonicalize(v);
    mpz_clear(bp);
}

/* Scratch and state of one root's refinement. */
typedef struct refiner {
    mpq_t vlo, vhi;     /* P(lo), P(hi), when have */
    int have;
    unsigned long lgn;  /* the next step tries 2^lgn subintervals */
    mpq_t t, w, a, b, va, vb;
} refiner;

/* The sign of R's polynomial at X, and its value in V: known already (VEND
   and SEND) when X is the interval's end END. */
static int
sign_at_end(mpq_t v, const iroot *r, const mpq_t x, const mpq_t end, const mpq_t vend,
            int send)
{
    if (mpq_equal(x, end)) {
        mpq_set(v, vend);
        return send;
    }
    zp_eval(v, r->p, x);
    return mpq_sgn(v);
}

/* One step of quadratic interval refinement (after Abbott): the secant
   through (lo, P(lo)) and (hi, P(hi)) points into one of 2^lgn equal
   subintervals; when the signs at its ends confirm it, that is the new
   interval and the next step tries 2^(2 lgn); otherwise the interval
   shrinks to what the signs showed, at least halving, and the next step
   tries 2^(lgn/2).  Near a simple root the secant error is quadratic, so
   the bits gained double with each step.  LGMAX caps lgn (the interval
   need not become narrower than 2^-lgmax of its width). */
static void
root_qir_step(iroot *r, refiner *f, unsigned long lgmax)
{
    unsigned long lgn = f->lgn < lgmax ? f->lgn : lgmax;
    int sa, sb;

    if (!f->have) {
        zp_eval(f->vlo, r->p, r->lo);
        zp_eval(f->vhi, r->p, r->hi);
        f->have = 1;
    }
    if (lgn == 0 || mpq_sgn(f->vlo) == 0 || mpq_sgn(f->vhi) == 0) {
        /* an end is a root of P (another one): no secant, bisect */
        root_bisect(r, f->a);
        f->have = 0;
        return;
    }
    /* t = P(lo) / (P(lo) - P(hi)) in (0, 1); k = floor(2^lgn t) */
    mpq_sub(f->t, f->vlo, f->vhi);
    mpq_div(f->t, f->vlo, f->t);
    mpq_mul_2exp(f->t, f->t, lgn);
    mpz_fdiv_q(mpq_numref(f->a), mpq_numref(f->t), mpq_denref(f->t));
    if (mpz_sizeinbase(mpq_numref(f->a), 2) > lgn) /* t rounded to 1 */
        mpz_sub_ui(mpq_numref(f->a), mpq_numref(f->a), 1);
    /* a = lo + k w / 2^lgn, b = a + w / 2^lgn */
    mpq_sub(f->w, r->hi, r->lo);
    mpq_div_2exp(f->w, f->w, lgn);
    mpz_set_ui(mpq_denref(f->a), 1);
    mpq_mul(f->a, f->a, f->w);
    mpq_add(f->a, f->a, r->lo);
    mpq_add(f->b, f->a, f->w);
    sa = sign_at_end(f->va, r, f->a, r->lo, f->vlo, r->sl);
    if (sa == 0) {
        root_set_exact(r, f->a);
        return;
    }
    if (sa != r->sl) { /* the root is left of a */
        mpq_set(r->hi, f->a);
        mpq_set(f->vhi, f->va);
        goto fail;
    }
    sb = sign_at_end(f->vb, r, f->b, r->hi, f->vhi, -r->sl);
    if (sb == 0) {
        root_set_exact(r, f->b);
        return;
    }
    mpq_set(r->lo, f->a);
    mpq_set(f->vlo, f->va);
    if (sb == r->sl) { /* the root is right of b */
        mpq_set(r->lo, f->b);
        mpq_set(f->vlo, f->vb);
        goto fail;
    }
    mpq_set(r->hi, f->b);
    mpq_set(f->vhi, f->vb);
    f->lgn = lgn > ULONG_MAX / 2 ? lgn : 2 * lgn;
    return;
fail:
    f->lgn = lgn / 2 > 0 ? lgn / 2 : 1;
    /* at least halve: the root may sit near an end, where the secant is
       poor; the bisection keeps one end's value */
    mpq_mul_2exp(f->w, f->w, lgn - 1); /* half the old width */
    mpq_sub(f->t, r->hi, r->lo);
    if (mpq_cmp(f->t, f->w) > 0) {
        root_bisect(r, f->a);
        f->have = 0;
    }
}

/* An upper bound on log2 of R's width (R not exact). */
static long
root_width_log2(const iroot *r, mpq_t w)
{
    mpq_sub(w, r->hi, r->lo);
    return (long)mpz_sizeinbase(mpq_numref(w), 2) - (long)mpz_sizeinbase(mpq_denref(w), 2)
           + 1;
}

/* Refine R until it is exact, or it is at most 2^-BITS wide and known to
   be irrational.  GDT_EINTERRUPTED. */
static gdt_status
root_refine(iroot *r, unsigned long bits, gdt_cancel *stop)
{
    gdt_status st = GDT_OK;
    refiner f;
    mpz_t l2;
    long need, lbits = (long)mpz_sizeinbase(r->p->c[r->p->n - 1], 2);

    mpz_init(l2);
    mpq_inits(f.vlo, f.vhi, f.t, f.w, f.a, f.b, f.va, f.vb, NULL);
    f.have = 0;
    f.lgn = 2;
    mpz_mul(l2, r->p->c[r->p->n - 1], r->p->c[r->p->n - 1]);
    root_test_simplest(r, f.t); /* finds most small rational roots at once */
    while (!r->exact) {
        if (STOPPED()) {
            st = GDT_EINTERRUPTED;
            break;
        }
        if (!r->conclusive && root_narrower(r, l2, f.t)) {
            root_test_simplest(r, f.t);
            r->conclusive = 1;
            continue;
        }
        /* the width wanted: 2^-bits, and below 1/L^2 (2^-2 bits(L) is) */
        need = root_width_log2(r, f.t) + (long)bits;
        if (!r->conclusive && root_width_log2(r, f.t) + 2 * lbits > need)
            need = root_width_log2(r, f.t) + 2 * lbits;
        if (r->conclusive) {
            mpq_sub(f.t, r->hi, r->lo);
            mpz_mul_2exp(mpq_numref(f.t), mpq_numref(f.t), bits);
            if (mpz_cmp(mpq_numref(f.t), mpq_denref(f.t)) <= 0)
                break;
        }
        root_qir_step(r, &f, need > 1 ? (unsigned long)need : 1);
        if (!r->conclusive)
            root_test_simplest(r, f.t);
    }
    mpz_clear(l2);
    mpq_clears(f.vlo, f.vhi, f.t, f.w, f.a, f.b, f.va, f.vb, NULL);
    return st;
}

static int
root_cmp(const void *a, const void *b)
{
    const iroot *x = a, *y = b;
    int c = mpq_cmp(x->lo, y->lo);

    return c != 0 ? c : mpq_cmp(x->hi, y->hi);
}

/* Sort RS by interval, refining until no interval meets another and no
   exact root is an end of another's interval: then each closed interval
   holds one root.  (Intervals of one factor only ever share an end that
   is no root; those of different factors may overlap until refined.)
   GDT_EINTERRUPTED. */
static gdt_status
roots_separate(rootvec *rs)
{
    gdt_cancel *stop = rs->stop;
    mpq_t m;
    size_t i;
    int again = 1;
    gdt_status st = GDT_OK;

    mpq_init(m);
    while (again) {
        if (STOPPED()) {
            st = GDT_EINTERRUPTED;
            break;
        }
        if (rs->n > 1)
            qsort(rs->r, rs->n, sizeof *rs->r, root_cmp);
        again = 0;
        for (i = 0; i + 1 < rs->n; i++) {
            iroot *a = &rs->r[i], *b = &rs->r[i + 1];
            int c = mpq_cmp(a->hi, b->lo);
            if (c < 0 || (c == 0 && !a->exact && !b->exact))
                continue;
            if (!a->exact)
                root_bisect(a, m);
            if (!b->exact)
                root_bisect(b, m);
            again = 1;
        }
    }
    mpq_clear(m);
    return st;
}

/* ------------------------------------------------------------ roots */

void
gdt_root_init(gdt_root *r)
{
    r->exact = 1;
    mpq_inits(r->q, r->lo, r->hi, NULL);
    r->mult = 1;
}

void
gdt_root_clear(gdt_root *r)
{
    if (r != NULL)
        mpq_clears(r->q, r->lo, r->hi, NULL);
}

void
gdt_roots_init(gdt_roots *rs)
{
    static const gdt_roots none = { NULL, 0 };

    *rs = none;
}

void
gdt_roots_clear(gdt_roots *rs)
{
    if (rs == NULL)
        return;
    while (rs->n > 0)
        gdt_root_clear(&rs->r[--rs->n]);
    free(rs->r);
    gdt_roots_init(rs);
}

/* The square-free factors of F (primitive, degree >= 1): F = prod
   FAC[i]^MULT[i], by Musser's algorithm.  *NFAC factors (at most deg F)
   are set in FAC, which has room for deg F. */
static gdt_status
squarefree_factors(zpoly *fac, unsigned long *mult, size_t *nfac, const zpoly *f,
                   gdt_cancel *stop)
{
    zpoly c, w, y, z, t;
    unsigned long i;
    gdt_status st;

    *nfac = 0;
    if (zp_squarefree_mod(f)) {
        mult[0] = 1;
        *nfac = 1;
        return zp_set(&fac[0], f);
    }
    zp_init(&c);
    zp_init(&w);
    zp_init(&y);
    zp_init(&z);
    zp_init(&t);
    /* c = gcd(f, f'), w = f / c: the product of the distinct factors */
    st = zp_derive(&t, f);
    if (st == GDT_OK)
        st = zp_gcd(&c, f, &t, stop);
    if (st == GDT_OK)
        st = zp_divexact(&w, f, &c, stop);
    for (i = 1; st == GDT_OK && w.n > 1; i++) {
        /* y = the factors of multiplicity above i; z those of exactly i */
        st = zp_gcd(&y, &w, &c, stop);
        if (st == GDT_OK)
            st = zp_divexact(&z, &w, &y, stop);
        if (st == GDT_OK && z.n > 1) {
            zp_swap(&fac[*nfac], &z);
            mult[(*nfac)++] = i;
        }
        if (st == GDT_OK)
            st = zp_divexact(&t, &c, &y, stop);
        zp_swap(&c, &t);
        zp_swap(&w, &y);
    }
    zp_clear(&c);
    zp_clear(&w);
    zp_clear(&y);
    zp_clear(&z);
    zp_clear(&t);
    return st;
}

/* Settle which of the roots RS[FIRST ..] of the square-free F (F(0) != 0)
   are rational at once, from zp_rational_roots: those are made exact, the
   others are known irrational (conclusive), so their refinement stops at
   the bits asked for instead of going on to 1/lc(F)^2.  Without a
   complete list nothing changes. */
static gdt_status
mark_rational(rootvec *rs, size_t first, const zpoly *f)
{
    mpq_t *q = NULL;
    size_t nq = 0, i, j;
    int complete;
    gdt_status st;

    if (first == rs->n)
        return GDT_OK;
    st = zp_rational_roots(&q, &nq, &complete, f, rs->stop);
    for (i = first; st == GDT_OK && complete && i < rs->n; i++) {
        iroot *r = &rs->r[i];
        if (r->exact)
            continue;
        for (j = 0; j < nq && !r->exact; j++)
            if (mpq_cmp(r->lo, q[j]) < 0 && mpq_cmp(q[j], r->hi) < 0) /* lo < root < hi */
                root_set_exact(r, q[j]);
        r->conclusive = 1;
    }
    for (j = 0; j < nq; j++)
        mpq_clear(q[j]);
    free(q);
    return st;
}

gdt_status
gdt_poly_roots_check(const gdt_poly *p, const gdt_roots_budget *budget, gdt_error *err)
{
    unsigned long maxb;
    size_t i, total = 0, db;
    zpoly f;
    mpz_t d;

    if (budget == NULL || p->n < 2)
        return GDT_OK;
    if (budget->max_degree != 0 && p->n - 1 > budget->max_degree)
        return gdt_error_set(err, GDT_ERANGE, SIZE_MAX, "degree %zu is over the bound %lu",
                             p->n - 1, budget->max_degree);
    maxb = budget->max_coeff_bits;
    if (maxb == 0)
        return GDT_OK;
    /* the integer coefficients are (d / den_i) num_i / g with d the common
       denominator and g their gcd, prime to d: d / den_i alone is a lower
       bound, known before any product */
    mpz_init_set_ui(d, 1);
    for (i = 0; i < p->n; i++)
        mpz_lcm(d, d, mpq_denref(p->c[i]));
    db = mpz_sizeinbase(d, 2);
    for (i = 0; i < p->n; i++)
        if (mpq_sgn(p->c[i]) != 0 && db > mpz_sizeinbase(mpq_denref(p->c[i]), 2))
            total += db - mpz_sizeinbase(mpq_denref(p->c[i]), 2);
    mpz_clear(d);
    if (total > maxb)
        return gdt_error_set(err, GDT_ERANGE, SIZE_MAX,
                             "the coefficients need at least %zu bits as integers, over the bound %lu",
                             total, maxb);
    zp_init(&f);
    if (zp_from_poly(&f, p) != GDT_OK) {
        zp_clear(&f);
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    }
    for (i = 0, total = 0; i < f.n; i++)
        if (mpz_sgn(f.c[i]) != 0)
            total += mpz_sizeinbase(f.c[i], 2);
    zp_clear(&f);
    if (total > maxb)
        return gdt_error_set(err, GDT_ERANGE, SIZE_MAX,
                             "the coefficients have %zu bits as integers, over the bound %lu",
                             total, maxb);
    return GDT_OK;
}

gdt_status
gdt_poly_real_roots(gdt_roots *roots, const gdt_poly *p, unsigned long bits,
                    const gdt_roots_budget *budget, gdt_cancel *stop)
{
    zpoly f, *fac = NULL, *g = NULL, neg;
    unsigned long *mult = NULL;
    size_t nfac = 0, i, j, deg;
    rootvec rs = { NULL, 0, 0, stop };
    gdt_root *out = NULL;
    gdt_status st;
    iroot *r;

    gdt_roots_clear(roots);
    if (p->n == 0)
        return GDT_EVALUE;
    if (p->n == 1)
        return GDT_OK;
    if ((st = gdt_poly_roots_check(p, budget, NULL)) != GDT_OK)
        return st;
    zp_init(&f);
    zp_init(&neg);
    deg = p->n - 1;
    st = zp_from_poly(&f, p);
    fac = malloc(deg * sizeof *fac);
    g = malloc(deg * sizeof *g);
    mult = malloc(deg * sizeof *mult);
    if (fac == NULL || g == NULL || mult == NULL) {
        free(fac);
        free(g);
        fac = g = NULL;
        st = GDT_ENOMEM;
    } else {
        for (i = 0; i < deg; i++) {
            zp_init(&fac[i]);
            zp_init(&g[i]);
        }
    }
    if (st == GDT_OK)
        st = squarefree_factors(fac, mult, &nfac, &f, stop);
    for (i = 0; st == GDT_OK && i < nfac; i++) {
        size_t first = rs.n;
        /* g = fac / x^(0 or 1): 0 is a root at most once per factor */
        st = zp_set(&g[i], &fac[i]);
        if (st == GDT_OK && mpz_sgn(g[i].c[0]) == 0) {
            zpoly x;
            zp_init(&x);
            st = zp_alloc(&x, 2);
            if (st == GDT_OK) {
                mpz_set_ui(x.c[1], 1);
                st = zp_divexact(&g[i], &fac[i], &x, stop);
            }
            zp_clear(&x);
            r = st == GDT_OK ? rootvec_push(&rs, &g[i], mult[i]) : NULL;
            if (r == NULL)
                st = GDT_ENOMEM;
            else
                r->exact = 1; /* lo = hi = 0 */
        }
        if (st == GDT_OK)
            st = isolate_positive(&rs, &g[i], 1, &g[i], mult[i]);
        if (st == GDT_OK)
            st = zp_set(&neg, &g[i]);
        for (j = 1; st == GDT_OK && j < neg.n; j += 2)
            mpz_neg(neg.c[j], neg.c[j]);
        if (st == GDT_OK)
            st = isolate_positive(&rs, &neg, -1, &g[i], mult[i]);
        if (st == GDT_OK)
            st = mark_rational(&rs, first, &g[i]);
    }
    for (i = 0; st == GDT_OK && i < rs.n; i++)
        st = root_refine(&rs.r[i], bits, stop);
    if (st == GDT_OK)
        st = roots_separate(&rs);
    if (st == GDT_OK) {
        if (rs.n > 0) {
            out = malloc(rs.n * sizeof *out);
            if (out == NULL)
                st = GDT_ENOMEM;
        }
    }
    if (st == GDT_OK) {
        for (i = 0; i < rs.n; i++) {
            r = &rs.r[i];
            gdt_root_init(&out[i]);
            out[i].exact = r->exact;
            out[i].mult = r->mult;
            mpq_set(out[i].lo, r->lo);
            mpq_set(out[i].hi, r->hi);
            mpq_add(out[i].q, r->lo, r->hi);
            mpq_div_2exp(out[i].q, out[i].q, 1);
        }
        roots->r = out;
        roots->n = rs.n;
    }
    rootvec_free(&rs);
    if (fac != NULL)
        for (i = 0; i < deg; i++) {
            zp_clear(&fac[i]);
            zp_clear(&g[i]);
        }
    free(fac);
    free(g);
    free(mult);
    zp_clear(&f);
    zp_clear(&neg);
    return st;
}
