/* decint -- signed integers in decimal limbs: small linear combinations
   and printing, both O(digits) */
#include <stdlib.h>
#include <string.h>
#include "base/decint.h"
#include "base/digits.h"

void
gdt_decint_init(gdt_decint *x)
{
    x->d = NULL;
    x->n = x->alloc = 0;
    x->neg = 0;
}

void
gdt_decint_clear(gdt_decint *x)
{
    if (x == NULL)
        return;
    free(x->d);
    gdt_decint_init(x);
}

/* Room for N limbs in X, keeping its limbs. */
static gdt_status
reserve(gdt_decint *x, size_t n)
{
    uint32_t *d;
    size_t alloc;

    if (n <= x->alloc)
        return GDT_OK;
    alloc = x->alloc < 8 ? 8 : x->alloc;
    while (alloc < n)
        alloc = alloc > SIZE_MAX / 8 ? n : alloc * 2;
    if (alloc > SIZE_MAX / sizeof *d || (d = realloc(x->d, alloc * sizeof *d)) == NULL)
        return GDT_ENOMEM;
    x->d = d;
    x->alloc = alloc;
    return GDT_OK;
}

/* Drop X's zero top limbs. */
static void
normalize(gdt_decint *x)
{
    while (x->n > 0 && x->d[x->n - 1] == 0)
        x->n--;
    if (x->n == 0)
        x->neg = 0;
}

gdt_status
gdt_decint_set_si(gdt_decint *r, int64_t v)
{
    uint64_t m = v < 0 ? -(uint64_t)v : (uint64_t)v;

    if (reserve(r, 3) != GDT_OK)
        return GDT_ENOMEM;
    r->n = 0;
    while (m > 0) {
        r->d[r->n++] = (uint32_t)(m % GDT_DECINT_BASE);
        m /= GDT_DECINT_BASE;
    }
    r->neg = v < 0;
    return GDT_OK;
}

gdt_status
gdt_decint_set_z(gdt_decint *r, const mpz_t z)
{
    size_t len, i, n;
    char *s;

    if (mpz_sgn(z) == 0)
        return gdt_decint_set_si(r, 0);
    s = mpz_get_str(NULL, 10, z);  /* GMP aborts when out of memory */
    len = strlen(s);
    i = s[0] == '-';
    n = (len - i + GDT_DECINT_DIGITS - 1) / GDT_DECINT_DIGITS;
    if (reserve(r, n) != GDT_OK) {
        free(s);
        return GDT_ENOMEM;
    }
    r->neg = s[0] == '-';
    r->n = n;
    /* limb k holds the digits ending GDT_DECINT_DIGITS * k from the end */
    for (size_t k = 0; k < n; k++) {
        size_t end = len - k * GDT_DECINT_DIGITS;
        size_t start = end - i >= GDT_DECINT_DIGITS ? end - GDT_DECINT_DIGITS : i;
        uint32_t v = 0;
        for (size_t j = start; j < end; j++)
            v = v * 10 + (uint32_t)(s[j] - '0');
        r->d[k] = v;
    }
    free(s);
    normalize(r);
    return GDT_OK;
}

gdt_status
gdt_decint_get_z(mpz_t z, const gdt_decint *x)
{
    gdt_buf b;
    gdt_status st;

    gdt_buf_init(&b);
    st = gdt_decint_get_str(&b, x);
    if (st == GDT_OK && mpz_set_str(z, b.s, 10) != 0)
        st = GDT_EVALUE;
    gdt_buf_clear(&b);
    return st;
}

/* |T| < 2^32 (10^9 - 1) + 2^61 + 6.7 10^9 < 6.61 10^18 in the sums of
   gdt_decint_lincomb; T + BIAS is then in [0, 2^64). */
#define BIAS_LIMBS ((int64_t)7000000000)
#define BIAS ((uint64_t)BIAS_LIMBS * GDT_DECINT_BASE)

gdt_status
gdt_decint_lincomb(gdt_decint *r, size_t n, const int64_t *a, const gdt_decint *const *x,
                   int64_t c)
{
    int64_t m[8], *mv = m, carry = c, t;
    uint64_t sum = 0;
    size_t len = 0, i, k, cap;
    gdt_status st = GDT_OK;

    if (c > GDT_DECINT_CONST_MAX || c < -GDT_DECINT_CONST_MAX)
        return GDT_EVALUE;
    for (k = 0; k < n; k++) {
        uint64_t ak = a[k] < 0 ? -(uint64_t)a[k] : (uint64_t)a[k];
        if (ak > GDT_DECINT_MULT_MAX || (sum += ak) > GDT_DECINT_MULT_MAX)
            return GDT_EVALUE;
        if (x[k]->n > len)
            len = x[k]->n;
    }
    if (n > sizeof m / sizeof m[0] && (mv = malloc(n * sizeof *mv)) == NULL)
        return GDT_ENOMEM;
    /* the signs folded into the multipliers */
    for (k = 0; k < n; k++)
        mv[k] = x[k]->neg ? -a[k] : a[k];
    /* a multiplier below 2^32 and a constant below 2^61 add at most 3 limbs */
    cap = len + 4;
    if (reserve(r, cap) != GDT_OK) {
        st = GDT_ENOMEM;
        goto out;
    }
    /* limb i of the result from limb i of every x[k], read before R's limb
       i is written: R may be one of them.  The floor division of the
       signed sum T by the base is an unsigned one of T + BIAS >= 0. */
    if (n == 1) {
        const uint32_t *xd = x[0]->d;
        int64_t m0 = mv[0];
        for (i = 0; i < len; i++) {
            uint64_t u = (uint64_t)(carry + m0 * (int64_t)xd[i]) + BIAS;
            uint64_t q = u / GDT_DECINT_BASE;
            r->d[i] = (uint32_t)(u - q * GDT_DECINT_BASE);
            carry = (int64_t)q - BIAS_LIMBS;
        }
    } else {
        for (i = 0; i < len; i++) {
            uint64_t u, q;
            t = carry;
            for (k = 0; k < n; k++)
                if (i < x[k]->n)
                    t += mv[k] * (int64_t)x[k]->d[i];
            u = (uint64_t)t + BIAS;
            q = u / GDT_DECINT_BASE;
            r->d[i] = (uint32_t)(u - q * GDT_DECINT_BASE);
            carry = (int64_t)q - BIAS_LIMBS;
        }
    }
    /* the carry's limbs, until it is 0 or -1 (every limb above B - 1) */
    while (carry != 0 && carry != -1) {
        t = carry % (int64_t)GDT_DECINT_BASE;
        carry /= (int64_t)GDT_DECINT_BASE;
        if (t < 0) {
            t += GDT_DECINT_BASE;
            carry--;
        }
        r->d[i++] = (uint32_t)t;
    }
    r->n = i;
    r->neg = 0;
    if (carry == -1) {
        /* the value is sum - B^i: its magnitude is the complement of the
           limbs, plus one */
        uint32_t add = 1;
        for (k = 0; k < i; k++) {
            uint32_t v = GDT_DECINT_BASE - 1 - r->d[k] + add;
            add = v == GDT_DECINT_BASE;
            r->d[k] = add ? 0 : v;
        }
        if (add) /* every limb was 0: the value is -B^i */
            r->d[i++] = 1;
        r->n = i;
        r->neg = 1;
    }
    normalize(r);
out:
    if (mv != m)
        free(mv);
    return st;
}

int
gdt_decint_sgn(const gdt_decint *x)
{
    return x->n == 0 ? 0 : x->neg ? -1 : 1;
}

int
gdt_decint_equal(const gdt_decint *x, const gdt_decint *y)
{
    return x->n == y->n && x->neg == y->neg
        && (x->n == 0 || memcmp(x->d, y->d, x->n * sizeof *x->d) == 0);
}

/* The digits of V < 10^9, without leading zeros (1 for 0). */
static size_t
limb_digits(uint32_t v)
{
    size_t k = 1;

    while (v >= 10) {
        v /= 10;
        k++;
    }
    return k;
}

size_t
gdt_decint_digits(const gdt_decint *x)
{
    if (x->n == 0)
        return 1;
    return (x->n - 1) * GDT_DECINT_DIGITS + limb_digits(x->d[x->n - 1]);
}

size_t
gdt_decint_bits(const gdt_decint *x)
{
    /* 10^D < 2^(D log2 10), log2 10 < 3.3219281 < 3322/1000 */
    size_t d = gdt_decint_digits(x);

    return d / 1000 * 3322 + (d % 1000 * 3322 + 999) / 1000;
}

/* The 9 digits of V < 10^9 at P: the first, then 8 in one word. */
static inline void
put9(char *p, uint32_t v)
{
    uint32_t q = v / 100000000;

    *p = (char)('0' + q);
    gdt_put_8digits(p + 1, v - q * 100000000);
}

gdt_status
gdt_decint_get_str(gdt_buf *out, const gdt_decint *x)
{
    size_t len = gdt_decint_digits(x) + (x->neg ? 1 : 0), top, i;
    char *p, tmp[GDT_DECINT_DIGITS];

    if (gdt_buf_reserve(out, len) != GDT_OK)
        return GDT_ENOMEM;
    p = out->s + out->len;
    if (x->neg)
        *p++ = '-';
    if (x->n == 0) {
        *p++ = '0';
    } else {
        /* the top limb without its leading zeros, then 9 digits a limb */
        top = limb_digits(x->d[x->n - 1]);
        put9(tmp, x->d[x->n - 1]);
        memcpy(p, tmp + GDT_DECINT_DIGITS - top, top);
        p += top;
        for (i = x->n - 1; i-- > 0; p += GDT_DECINT_DIGITS)
            put9(p, x->d[i]);
    }
    *p = '\0';
    out->len += len;
    return GDT_OK;
}
