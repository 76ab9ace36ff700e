/* expr_impl.h -- node helpers shared by the modules that walk expression
   trees (expr.c, derive.c, expr_print.c, program.c, problem.c, poly.c) */
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

/* *OUT = a copy of E (NULL on failure), counting its nodes in *NODES:
   GDT_ERANGE as soon as *NODES would pass MAX, GDT_ENOMEM.  Along the left
   operands in a loop (a long chain is copied without recursion). */
gdt_status gdt_expr_copy_max(gdt_expr **out, const gdt_expr *e, size_t *nodes, size_t max)
    GDT_MUST_CHECK;

/* 1 when KIND is a binary operator: + - * /. */
int gdt_expr_is_binary(gdt_expr_kind kind);

/* The left spine of a chain.  A sum or product of n terms is a left-deep
   tree n deep, ((a + b) + c) + d, so a walker that recursed into both
   operands would go as deep as the chain is long.  Walkers take the spine
   in a loop instead and recurse only into the operands: their recursion
   then follows the nesting of the text (parentheses, signs, exponents,
   calls), which the parser bounds by GDT_EXPR_MAX_DEPTH, not the length of
   its sums and products.

   The spine of E is E and, while it is a binary operator node, its left
   operand, down to the first node that is none.  node[n - 1] is E,
   node[i - 1] is node[i]->a, and node[0]->a is the chain's first operand;
   node[i]->b is its operand i + 2, joined by the operator node[i]->kind.
   Operators of different precedence may follow each other on a spine
   ((a*b + c)*d): each node keeps its own kind. */
typedef struct gdt_expr_spine {
    const gdt_expr **node;
    size_t n;
    const gdt_expr *small[16]; /* node[] when it fits: no allocation */
} gdt_expr_spine;

/* Fill S with the spine of E (n = 0 when E is no binary operator).
   GDT_ENOMEM when out of memory, S then empty.  Release with
   gdt_expr_spine_clear. */
gdt_status gdt_expr_spine_init(gdt_expr_spine *s, const gdt_expr *e) GDT_MUST_CHECK;
void gdt_expr_spine_clear(gdt_expr_spine *s);

#endif
