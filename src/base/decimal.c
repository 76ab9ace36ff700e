/* decimal -- exact rational numbers in decimal: read literals, write their
   exact and rounded text (expressions, data files and the exact domain all
   read and write numbers through this) */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/decimal.h"
#include "base/decimal-impl.h"

#define LOG10_2 0.30102999566398120
#define LOG2_5 2.3219280948873623
#define LOG2_10 3.3219280948873623

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Layout shared by every decimal writer (see decimal-impl.h). */
gdt_status
gdt_dec_put(gdt_buf *out, int neg, const char *digits, size_t n, long exp10,
            gdt_dec_style style, size_t max)
{
    size_t prec = n, i;
    int sci;
    char *p;
    gdt_status st;

    while (n > 1 && digits[n - 1] == '0')
        n--;
    if (n > max)
        return GDT_ERANGE;
    if (n == 1 && digits[0] == '0')
        return gdt_buf_puts(out, neg ? (style == GDT_DEC_REPR ? "-0.0" : "-0")
                                     : (style == GDT_DEC_REPR ? "0.0" : "0"));
    if (style == GDT_DEC_REPR)
        sci = exp10 < -4 || exp10 >= 16;
    else
        sci = exp10 < -4 || (exp10 >= 0 && (size_t)exp10 >= prec);
    /* sign, digits, point, ".0", zeros up to |exp10|, "e-" and 20 digits */
    st = gdt_buf_reserve(out, n + (sci ? 0 : (size_t)labs(exp10)) + 32);
    if (st != GDT_OK)
        return st;
    p = out->s + out->len;
    if (neg)
        *p++ = '-';
    if (sci) {
        *p++ = digits[0];
        if (n > 1) {
            *p++ = '.';
            memcpy(p, digits + 1, n - 1);
            p += n - 1;
        }
        *p++ = 'e';
        *p++ = exp10 < 0 ? '-' : '+';
        if (labs(exp10) < 10)
            *p++ = '0';
        p += sprintf(p, "%ld", labs(exp10));
    } else if (exp10 >= 0) {
        size_t ndig = (size_t)exp10 + 1; /* digits before the point */
        for (i = 0; i < ndig; i++)
            *p++ = i < n ? digits[i] : '0';
        if (n > ndig) {
            *p++ = '.';
            memcpy(p, digits + ndig, n - ndig);
            p += n - ndig;
        } else if (style == GDT_DEC_REPR) {
            *p++ = '.';
            *p++ = '0';
        }
    } else {
        *p++ = '0';
        *p++ = '.';
        for (i = 0; i < (size_t)(-exp10 - 1); i++)
            *p++ = '0';
        memcpy(p, digits, n);
        p += n;
    }
    *p = '\0';
    out->len = (size_t)(p - out->s);
    return GDT_OK;
}

size_t
gdt_digits_of_bits(double bits)
{
    double n = bits * LOG10_2 + 2;

    return n >= (double)SIZE_MAX ? SIZE_MAX : (size_t)n;
}


/* Integers above this many bits are converted to decimal by pieces. */
#define PIECE_BITS ((mp_bitcnt_t)1 << 22)

/* Decimal digits per piece, a little under PIECE_BITS' worth. */
#define PIECE_DIGITS ((size_t)1 << 20)

/* The exact number of decimal digits of Z (1 for 0). */
static size_t
z_digits(mpz_srcptr z)
{
    size_t n = mpz_sizeinbase(z, 10);
    mpz_t p;

    if (n < 2)
        return n;
    /* mpz_sizeinbase is exact or one too large */
    mpz_init(p);
    mpz_ui_pow_ui(p, 10, n - 1);
    if (mpz_cmpabs(z, p) < 0)
        n--;
    mpz_clear(p);
    return n;
}

/* 1 when Z has more than MAX decimal digits. */
static int
z_over(mpz_srcptr z, size_t max)
{
    size_t n = mpz_sizeinbase(z, 10);

    return n > max && (n > max + 1 || z_digits(z) > max);
}

/* Write Z (0 <= Z < 10^(PIECE_DIGITS 2^(J+1))) at S: exactly WIDTH digits
   with leading zeros when WIDTH is not 0, else as many as it has.  POW[j]
   is 10^(PIECE_DIGITS 2^j).  The pieces are split at POW[J], POW[J-1], ...
   down to PIECE_DIGITS digits, each converted by mpz_get_str, and
   STOP is polled between them.  Returns the digits written, or 0 when a
   stop was requested. */
static size_t
put_pieces(char *s, mpz_srcptr z, size_t width, mpz_t *pow, int j, gdt_cancel *stop)
{
    mpz_t q, r;
    size_t n, m;

    if (gdt_cancelled(stop))
        return 0;
    if (j < 0) {
        mpz_get_str(s, 10, z);
        n = strlen(s);
        if (width > n) {
            memmove(s + width - n, s, n + 1);
            memset(s, '0', width - n);
            n = width;
        }
        return n;
    }
    /* z = q 10^m + r with r < 10^m */
    m = PIECE_DIGITS << j;
    mpz_init(q);
    mpz_init(r);
    mpz_tdiv_qr(q, r, z, pow[j]);
    if (width == 0 && mpz_sgn(q) == 0) {
        n = put_pieces(s, r, 0, pow, j - 1, stop);
    } else {
        n = put_pieces(s, q, width == 0 ? 0 : width - m, pow, j - 1, stop);
        if (n != 0) {
            size_t n2 = put_pieces(s + n, r, m, pow, j - 1, stop);
            n = n2 == 0 ? 0 : n + n2;
        }
    }
    mpz_clear(q);
    mpz_clear(r);
    return n;
}

/* Write the digits of |Z| at S (room for mpz_sizeinbase(z, 10) + 1
   bytes): by mpz_get_str when Z is small, else by pieces.  GDT_EINTERRUPTED when
   a stop was requested meanwhile (STOP). */
static gdt_status
z_put_digits(char *s, mpz_srcptr z, gdt_cancel *stop)
{
    mpz_t a, pow[64];
    int j = 0, k;
    size_t n;

    if (mpz_sizeinbase(z, 2) <= PIECE_BITS) {
        mpz_get_str(s, 10, z);
        if (s[0] == '-')
            memmove(s, s + 1, strlen(s));
        return GDT_OK;
    }
    mpz_init(a);
    mpz_abs(a, z);
    /* pow[j] = 10^(PIECE_DIGITS 2^j) up to the first whose square is above a */
    mpz_init(pow[0]);
    mpz_ui_pow_ui(pow[0], 10, PIECE_DIGITS);
    while (j < 62 && 2 * mpz_sizeinbase(pow[j], 2) - 2 <= mpz_sizeinbase(a, 2)) {
        mpz_init(pow[j + 1]);
        mpz_mul(pow[j + 1], pow[j], pow[j]);
        j++;
        if (gdt_cancelled(stop))
            break;
    }
    n = gdt_cancelled(stop) ? 0 : put_pieces(s, a, 0, pow, j, stop);
    for (k = 0; k <= j; k++)
        mpz_clear(pow[k]);
    mpz_clear(a);
    if (n == 0)
        return GDT_EINTERRUPTED;
    s[n] = '\0';
    return GDT_OK;
}

/* Write the digits of Z >= 0 (NEG: after a '-') at the end of OUT's text,
   with room for EXTRA more bytes, *S pointing at the digits; OUT->len is
   not moved, so that the caller lays them out and counts them.  On failure
   OUT's text is as it was. */
static gdt_status
put_signed(gdt_buf *out, int neg, mpz_srcptr z, size_t extra, char **s, gdt_cancel *stop)
{
    gdt_status st = gdt_buf_reserve(out, mpz_sizeinbase(z, 10) + 2 + extra);

    if (st != GDT_OK)
        return st;
    *s = out->s + out->len;
    if (neg)
        *(*s)++ = '-';
    st = z_put_digits(*s, z, stop);
    if (st != GDT_OK)
        out->s[out->len] = '\0';
    return st;
}

gdt_status
gdt_z_get_str_max(gdt_buf *out, mpz_srcptr z, size_t max, gdt_cancel *stop)
{
    gdt_status st;
    char *s;

    if (z_over(z, max))
        return GDT_ERANGE;
    st = put_signed(out, mpz_sgn(z) < 0, z, 0, &s, stop);
    if (st != GDT_OK)
        return st;
    /* mpz_sizeinbase may be one too large: find the real end */
    out->len = (size_t)(s - out->s) + strlen(s);
    return GDT_OK;
}

gdt_status
gdt_z_get_str(gdt_buf *out, mpz_srcptr z, gdt_cancel *stop)
{
    return gdt_z_get_str_max(out, z, SIZE_MAX, stop);
}

/* Q's reduced denominator as 2^A 5^B times *REST; 1 when REST is 1 (Q
   has a finite decimal expansion).  T is scratch. */
static int
q_decimal(const mpq_t q, mp_bitcnt_t *a, unsigned long *b, mpz_t t)
{
    mpz_t five;
    mp_limb_t five_limb = 5;

    *a = mpz_scan1(mpq_denref(q), 0);
    mpz_tdiv_q_2exp(t, mpq_denref(q), *a);
    *b = mpz_remove(t, t, mpz_roinit_n(five, &five_limb, 1));
    return mpz_cmp_ui(t, 1) == 0;
}

int
gdt_q_frac_over(const mpq_t q, size_t max)
{
    size_t n = mpz_sizeinbase(mpq_numref(q), 10) + mpz_sizeinbase(mpq_denref(q), 10);

    return n > max
        && (n > max + 2 || z_digits(mpq_numref(q)) + z_digits(mpq_denref(q)) > max);
}

size_t
gdt_q_str_digits(const mpq_t q)
{
    mpz_srcptr num = mpq_numref(q), den = mpq_denref(q);
    size_t frac, dec;
    double a, b, k, db;

    if (mpz_cmp_ui(den, 1) == 0)
        return mpz_sizeinbase(num, 10);
    /* "p/q", or the digits of t = num 10^k / den when den = 2^a 5^b with
       k = max(a, b): which of the two is not known without dividing out
       the fives, so the larger bound */
    frac = mpz_sizeinbase(num, 10) + mpz_sizeinbase(den, 10);
    a = (double)mpz_scan1(den, 0);
    db = (double)mpz_sizeinbase(den, 2);
    b = (db - a) / LOG2_5 + 1; /* 5^b would have db - a bits */
    k = a > b ? a : b;
    dec = gdt_digits_of_bits((double)mpz_sizeinbase(num, 2) - db + 2 + k * LOG2_10);
    return frac > dec ? frac : dec;
}

gdt_status
gdt_q_get_str_max(gdt_buf *out, const mpq_t q, size_t max, gdt_cancel *stop)
{
    mpz_srcptr num = mpq_numref(q), den = mpq_denref(q);
    mp_bitcnt_t a;
    unsigned long b;
    mpz_t t;
    size_t len, k, i;
    char *s;
    gdt_status st;

    if (mpz_cmp_ui(den, 1) == 0)
        return gdt_z_get_str_max(out, num, max, stop);
    mpz_init(t);
    if (!q_decimal(q, &a, &b, t)) {
        /* no finite decimal expansion: p/q */
        mpz_clear(t);
        if (gdt_q_frac_over(q, max))
            return GDT_ERANGE;
        len = out->len;
        st = gdt_z_get_str(out, num, stop);
        if (st == GDT_OK)
            st = gdt_buf_putc(out, '/');
        if (st == GDT_OK)
            st = gdt_z_get_str(out, den, stop);
        if (st != GDT_OK && out->s != NULL) {
            out->len = len;
            out->s[len] = '\0';
        }
        return st;
    }
    /* q = num / (2^a 5^b) = num 2^(k-a) 5^(k-b) / 10^k with k = max(a, b);
       the last digit of the scaled numerator is not 0 as q is reduced.  Its
       size is known before it is computed: refuse early what is too long. */
    k = a > b ? a : b;
    if (max != SIZE_MAX
        && gdt_digits_of_bits((double)mpz_sizeinbase(num, 2) + (double)(k - a)
                              + (double)(k - b) * LOG2_5) > max + 4) {
        mpz_clear(t);
        return GDT_ERANGE;
    }
    mpz_ui_pow_ui(t, a > b ? 5 : 2, a > b ? a - b : b - a);
    mpz_mul(t, t, num);
    mpz_abs(t, t);
    if (z_over(t, max)) {
        st = GDT_ERANGE;
        goto out_clear;
    }
    st = put_signed(out, mpz_sgn(num) < 0, t, k + 2, &s, stop);
    if (st != GDT_OK)
        goto out_clear;
    len = strlen(s); /* mpz_sizeinbase may have been one too large */
    if (len <= k) {
        /* 0.000ddd: move the digits right, then write "0." and the zeros */
        memmove(s + 2 + (k - len), s, len + 1);
        s[0] = '0';
        s[1] = '.';
        for (i = 0; i < k - len; i++)
            s[2 + i] = '0';
        out->len = (size_t)(s - out->s) + 2 + k;
    } else {
        /* ddd.ddd: open a gap for the point */
        memmove(s + len - k + 1, s + len - k, k + 1);
        s[len - k] = '.';
        out->len = (size_t)(s - out->s) + len + 1;
    }
    out->s[out->len] = '\0';
out_clear:
    mpz_clear(t);
    return st;
}

gdt_status
gdt_q_get_str(gdt_buf *out, const mpq_t q)
{
    return gdt_q_get_str_max(out, q, SIZE_MAX, NULL);
}

gdt_status
gdt_q_get_str_stop(gdt_buf *out, const mpq_t q, gdt_cancel *stop)
{
    return gdt_q_get_str_max(out, q, SIZE_MAX, stop);
}

gdt_status
gdt_q_get_str_n_max(gdt_buf *out, const mpq_t q, int n, size_t max)
{
    mpz_t a, t, r, num, den, lo, hi;
    long k;
    int cmp;
    char *digits;
    gdt_status st;

    if (n < 1)
        return GDT_EVALUE;
    if (mpq_sgn(q) == 0)
        return gdt_buf_putc(out, '0');
    mpz_inits(a, t, r, num, den, lo, hi, NULL);
    mpz_abs(a, mpq_numref(q));
    mpz_ui_pow_ui(lo, 10, (unsigned long)n - 1); /* 10^(n-1) */
    mpz_mul_ui(hi, lo, 10);                      /* 10^n */
    /* k = floor(log10 |q|): start from an estimate, fix it exactly below */
    k = (long)mpz_sizeinbase(a, 10) - (long)mpz_sizeinbase(mpq_denref(q), 10);
    for (;;) {
        /* t = floor(|q| 10^(n-1-k)), r/den the fraction left over */
        long s = n - 1 - k;
        mpz_set(num, a);
        mpz_set(den, mpq_denref(q));
        if (s >= 0) {
            mpz_ui_pow_ui(t, 10, (unsigned long)s);
            mpz_mul(num, num, t);
        } else {
            mpz_ui_pow_ui(t, 10, (unsigned long)-s);
            mpz_mul(den, den, t);
        }
        mpz_tdiv_qr(t, r, num, den);
        if (mpz_cmp(t, hi) >= 0)
            k++;
        else if (mpz_cmp(t, lo) < 0)
            k--;
        else
            break;
    }
    /* round half to even on the remainder */
    mpz_mul_2exp(r, r, 1);
    cmp = mpz_cmp(r, den);
    if (cmp > 0 || (cmp == 0 && mpz_odd_p(t)))
        mpz_add_ui(t, t, 1);
    if (mpz_cmp(t, hi) == 0) {
        mpz_set(t, lo);
        k++;
    }
    digits = malloc((size_t)n + 2);
    if (digits == NULL) {
        st = GDT_ENOMEM;
        goto out_clear;
    }
    mpz_get_str(digits, 10, t);
    st = gdt_dec_put(out, mpq_sgn(q) < 0, digits, (size_t)n, k,
                     GDT_DEC_PRINTF_G, max);
    free(digits);
out_clear:
    mpz_clears(a, t, r, num, den, lo, hi, NULL);
    return st;
}

gdt_status
gdt_q_get_str_n(gdt_buf *out, const mpq_t q, int n)
{
    return gdt_q_get_str_n_max(out, q, n, SIZE_MAX);
}

/* Scan DIGITS (0-9)* at S; return how many. */
static size_t
scan_digits(const char *s)
{
    size_t i = 0;

    while (is_digit(s[i]))
        i++;
    return i;
}

/* Set Z from the N digits at S (skipping one '.' if present). */
static gdt_status
set_z_digits(mpz_t z, const char *s, size_t n)
{
    char *tmp = malloc(n + 1);
    size_t i, j = 0;

    if (tmp == NULL)
        return GDT_ENOMEM;
    for (i = 0; i < n; i++)
        if (s[i] != '.')
            tmp[j++] = s[i];
    tmp[j] = '\0';
    if (j == 0)
        mpz_set_ui(z, 0);
    else
        mpz_set_str(z, tmp, 10);
    free(tmp);
    return GDT_OK;
}

/* literal := digits ('.' digits?)? exponent? | '.' digits exponent?
   exponent := ('e' | 'E') ('+' | '-')? digits */
gdt_status
gdt_q_scan_decimal(mpq_t r, const char *s, size_t *len)
{
    size_t i, nint, nfrac = 0, mant_end;
    long e = 0;
    int eneg = 0, big = 0;
    mpz_t p;
    gdt_status st;

    nint = scan_digits(s);
    i = nint;
    if (s[i] == '.') {
        i++;
        nfrac = scan_digits(s + i);
        i += nfrac;
    }
    if (nint + nfrac == 0) {
        *len = i; /* no digit: "" or "." */
        return GDT_ESYNTAX;
    }
    mant_end = i;
    if (s[i] == 'e' || s[i] == 'E') {
        size_t ne;
        i++;
        if (s[i] == '+' || s[i] == '-')
            eneg = s[i++] == '-';
        ne = scan_digits(s + i);
        if (ne == 0) {
            *len = i;
            return GDT_ESYNTAX;
        }
        for (; ne > 0; ne--, i++) {
            if (e > GDT_Q_EXP10_MAX)
                big = 1;
            else
                e = e * 10 + (s[i] - '0');
        }
        if (big || e > GDT_Q_EXP10_MAX) {
            *len = i;
            return GDT_ERANGE;
        }
        if (eneg)
            e = -e;
    }
    /* value = mantissa digits * 10^(e - nfrac) */
    st = set_z_digits(mpq_numref(r), s, mant_end);
    if (st != GDT_OK)
        return st;
    e -= (long)nfrac;
    mpz_set_ui(mpq_denref(r), 1);
    if (e != 0 && mpz_sgn(mpq_numref(r)) != 0) {
        mpz_init(p);
        mpz_ui_pow_ui(p, 10, (unsigned long)labs(e));
        if (e > 0) {
            mpz_mul(mpq_numref(r), mpq_numref(r), p);
        } else {
            mpz_swap(mpq_denref(r), p);
            mpq_canonicalize(r);
        }
        mpz_clear(p);
    }
    *len = i;
    return GDT_OK;
}

/* number := ('+' | '-')? (literal | digits '/' digits) */
gdt_status
gdt_q_parse(mpq_t r, const char *s, size_t *end)
{
    size_t i = 0, n, nden;
    int neg = 0;
    gdt_status st;

    if (s[0] == '+' || s[0] == '-') {
        neg = s[0] == '-';
        i = 1;
    }
    st = gdt_q_scan_decimal(r, s + i, &n);
    if (st != GDT_OK) {
        if (st == GDT_ESYNTAX && end != NULL)
            *end = i + n;
        return st;
    }
    if (s[i + n] == '/' && scan_digits(s + i) == n) {
        /* a fraction: the numerator was plain digits */
        i += n + 1;
        nden = scan_digits(s + i);
        if (nden == 0) {
            if (end != NULL)
                *end = i;
            return GDT_ESYNTAX;
        }
        if (s[i + nden] != '\0') {
            if (end != NULL)
                *end = i + nden;
            return GDT_ESYNTAX;
        }
        st = set_z_digits(mpq_denref(r), s + i, nden);
        if (st != GDT_OK)
            return st;
        if (mpz_sgn(mpq_denref(r)) == 0) {
            mpq_set_ui(r, 0, 1); /* leave R canonical */
            return GDT_EDIVZERO;
        }
        mpq_canonicalize(r);
    } else if (s[i + n] != '\0') {
        if (end != NULL)
            *end = i + n;
        return GDT_ESYNTAX;
    }
    if (neg)
        mpq_neg(r, r);
    return GDT_OK;
}
