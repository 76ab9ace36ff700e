/* fuzz_number -- libFuzzer target: reading and printing exact numbers

   The input (a NUL-terminated copy) is read by gdt_q_parse and by
   gdt_q_scan_decimal.  What reads is printed exactly (gdt_q_get_str), which
   must read back to the same rational, and to N significant digits
   (gdt_q_get_str_n, N = 1 + the first byte % 40), which must read back to a
   value within half a unit in the last digit.  The literal gdt_q_scan_decimal
   finds must also be what gdt_q_parse reads from the same bytes.  A
   mismatch calls abort(), so that libFuzzer reports it with the input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gmp.h>
#include "gdtrace/buf.h"
#include "gdtrace/num.h"

#define INPUT_MAX 4096      /* bytes per input */
#define MAX_DIGITS 100000   /* larger values are not printed (slow, not wrong) */

static void
fail(const char *what, const char *input, const char *got, const mpq_t want)
{
    fprintf(stderr, "%s\n  input \"%s\"\n  got   \"%s\"\n", what, input, got);
    gmp_fprintf(stderr, "  want  %Qd\n", want);
    abort();
}

/* Q is the value read from INPUT: check both printers against it. */
static void
check_print(const mpq_t q, const char *input, int n)
{
    gdt_buf b;
    mpq_t r, bound, ten;
    gdt_status st;

    if (mpz_sizeinbase(mpq_numref(q), 10) + mpz_sizeinbase(mpq_denref(q), 10) > MAX_DIGITS)
        return;
    gdt_buf_init(&b);
    mpq_inits(r, bound, ten, NULL);

    /* exact: the printed text reads back to Q */
    if (gdt_q_get_str(&b, q) != GDT_OK)
        goto out; /* out of memory */
    st = gdt_q_parse(r, b.s, NULL);
    if (st != GDT_OK)
        fail("gdt_q_get_str printed what gdt_q_parse does not read", input, b.s, q);
    if (!mpq_equal(r, q))
        fail("gdt_q_get_str does not read back", input, b.s, q);

    /* N digits: |r - q| <= 1/2 10^(1-N) |q|, since |q| >= 10^k where k is
       the exponent of the leading digit */
    gdt_buf_reset(&b);
    if (gdt_q_get_str_n(&b, q, n) != GDT_OK)
        goto out;
    st = gdt_q_parse(r, b.s, NULL);
    if (st != GDT_OK)
        fail("gdt_q_get_str_n printed what gdt_q_parse does not read", input, b.s, q);
    mpz_ui_pow_ui(mpq_numref(ten), 10, (unsigned long)n - 1);
    mpz_set_ui(mpq_denref(ten), 1);
    mpq_sub(r, r, q);
    mpq_abs(r, r);
    mpq_abs(bound, q);
    mpq_div(bound, bound, ten);
    mpq_div_2exp(bound, bound, 1);
    if (mpq_cmp(r, bound) > 0)
        fail("gdt_q_get_str_n is not within half a unit of the last digit", input, b.s, q);
out:
    mpq_clears(r, bound, ten, NULL);
    gdt_buf_clear(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s;
    mpq_t q, r;
    size_t end = SIZE_MAX, len = SIZE_MAX;
    int n = 1 + (size > 0 ? data[0] : 0) % 40;

    if (size > INPUT_MAX)
        return 0;
    s = malloc(size + 1);
    if (s == NULL)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    mpq_inits(q, r, NULL);

    switch (gdt_q_parse(q, s, &end)) {
    case GDT_OK:
        if (mpz_sgn(mpq_denref(q)) <= 0)
            abort(); /* not canonical */
        check_print(q, s, n);
        break;
    case GDT_ESYNTAX:
        if (end > strlen(s))
            abort(); /* *END must point into S */
        break;
    default:
        break;
    }

    if (gdt_q_scan_decimal(q, s, &len) == GDT_OK) {
        char *lit;

        if (len == 0 || len > strlen(s))
            abort();
        check_print(q, s, n);
        /* the literal alone is a number as gdt_q_parse reads it */
        lit = strndup(s, len);
        if (lit == NULL)
            goto out;
        if (gdt_q_parse(r, lit, NULL) != GDT_OK || !mpq_equal(r, q))
            fail("gdt_q_parse reads the literal of gdt_q_scan_decimal differently", s, lit, q);
        free(lit);
    }
out:
    mpq_clears(q, r, NULL);
    free(s);
    return 0;
}
