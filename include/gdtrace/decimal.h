/* gdtrace/decimal.h -- exact rational numbers in decimal: the literals of
   expressions, data files and options, and their exact or rounded text */
#ifndef GDTRACE_DECIMAL_H
#define GDTRACE_DECIMAL_H

#include <gmp.h>
#include "gdtrace/buf.h"
#include "gdtrace/status.h"

/* The largest written decimal exponent, in absolute value, that
   gdt_q_parse and gdt_q_scan_decimal accept ("1e1000000"). */
#define GDT_Q_EXP10_MAX 1000000L

/* Parse the whole of S as an exact number: an optional sign, then either a
   decimal (digits with an optional point and an optional exponent e[+-]N:
   "2", "-0.5", ".5", "1e-3", "2.5E+10") or a fraction of two integers
   ("1/3", "-7/2").  Surrounding blanks are not allowed.  GDT_ESYNTAX when S
   is not a number, GDT_ERANGE when the exponent is beyond +-1000000,
   GDT_EDIVZERO for a zero denominator.  *END (if END is not NULL) receives
   the offset of the first bad character on GDT_ESYNTAX. */
gdt_status gdt_q_parse(mpq_t r, const char *s, size_t *end) GDT_MUST_CHECK;

/* Scan an unsigned decimal literal at the start of S (digits, optional point
   and digits, optional exponent) as the expression lexer sees it; on success
   store its exact value in R and its length in *LEN.  GDT_ESYNTAX if S does
   not start with a literal (*LEN is then the offset of the bad character),
   GDT_ERANGE for an exponent beyond +-1000000. */
gdt_status gdt_q_scan_decimal(mpq_t r, const char *s, size_t *len) GDT_MUST_CHECK;

/* Append the exact value of Q: an integer's digits, the finite decimal
   expansion when the reduced denominator is 2^a 5^b ("4.2", "-0.001"),
   otherwise "p/q".  Never interrupted: see gdt_q_get_str_stop for a value
   that may be huge. */
gdt_status gdt_q_get_str(gdt_buf *out, const mpq_t q) GDT_MUST_CHECK;

/* gdt_q_get_str, converting a huge value by pieces and polling STOP
   between them: GDT_EINTERRUPTED (nothing appended) when a stop was
   requested.  STOP may be NULL (never). */
gdt_status gdt_q_get_str_stop(gdt_buf *out, const mpq_t q, gdt_cancel *stop)
    GDT_MUST_CHECK;

/* Append Q rounded to N significant decimal digits, nearest-even, in the
   layout of printf's %.Ng. */
gdt_status gdt_q_get_str_n(gdt_buf *out, const mpq_t q, int n) GDT_MUST_CHECK;

#endif
