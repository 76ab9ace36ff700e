/* digits.h -- decimal digits of small integers, without a division, for
   the printers (num/shortest.c's Schubfach digits, base/decint.c's
   limbs) */
#ifndef GDT_BASE_DIGITS_H
#define GDT_BASE_DIGITS_H

#include <stdint.h>
#include <string.h>

/* "00" "01" ... "99" */
static const char gdt_digit_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* Write the 8 decimal digits of V < 10^8 (leading zeros included) at P.
   On a little-endian machine in one 64-bit word, each step on all its
   lanes at once: V's two halves of 4 digits (the first in the low 32
   bits), each half's two pairs (its quotient by 100, (A * 10486) >> 20
   for A < 10^4), each pair's two digits (B / 10 = (B * 103) >> 10 for B <
   100), no lane carrying into the next; checked for every V against
   printf (tests/unit/test_shortest.c, test-exhaustive).  Elsewhere two
   digits at a time from the table. */
static inline __attribute__((always_inline)) void
gdt_put_8digits(char *p, uint32_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint32_t hi = v / 10000;
    uint64_t x, m, t, h;

    m = hi | (uint64_t)(v - hi * 10000) << 32;
    t = (m * 10486 >> 20) & 0x0000007f0000007fu;
    h = (m - 100 * t) << 16 | t;
    t = (h * 103 >> 10) & 0x000f000f000f000fu;
    x = (t | (h - 10 * t) << 8) + 0x3030303030303030u;
    memcpy(p, &x, 8);
#else
    uint32_t hi = v / 10000, lo = v % 10000;

    memcpy(p, gdt_digit_pairs + 2 * (hi / 100), 2);
    memcpy(p + 2, gdt_digit_pairs + 2 * (hi % 100), 2);
    memcpy(p + 4, gdt_digit_pairs + 2 * (lo / 100), 2);
    memcpy(p + 6, gdt_digit_pairs + 2 * (lo % 100), 2);
#endif
}

#endif
