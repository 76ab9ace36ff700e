/* expr_impl.h -- node helpers shared by expr.c, derive.c and expr_print.c */
#ifndef GDTRACE_EXPR_IMPL_H
#define GDTRACE_EXPR_IMPL_H

#include "gdtrace/expr.h"

/* A new node of KIND at source offset POS with no operands; a GDT_EXPR_NUM
   node has its q initialised to 0.  NULL when malloc fails.  (GMP itself
   aborts when it cannot allocate; every malloc of ours is checked.) */
gdt_expr *gdt_expr_node_new(gdt_expr_kind kind, size_t pos);

/* A new GDT_EXPR_NUM node holding Q; NULL when malloc fails. */
gdt_expr *gdt_expr_num_new(const mpq_t q, size_t pos);

/* A new GDT_EXPR_NUM node holding the integer V; NULL when malloc fails. */
gdt_expr *gdt_expr_num_new_si(long v, size_t pos);

#endif
