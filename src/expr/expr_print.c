/* expr_print -- print an expression tree with minimal parentheses */
#include <string.h>
#include <gmp.h>
#include "gdtrace/expr.h"
#include "gdtrace/decimal.h"
#include "expr/expr_impl.h"

/* How a number prints, for the parenthesis rules of expr.h. */
enum {
    NUM_PLAIN,    /* "2", "0.1": reads back as one literal */
    NUM_FRACTION, /* "1/3": reads back as a division */
    NUM_NEGATIVE  /* "-2", "-1/3": reads back as a negation */
};

static int
num_form(const char *text)
{
    if (text[0] == '-')
        return NUM_NEGATIVE;
    return strchr(text, '/') != NULL ? NUM_FRACTION : NUM_PLAIN;
}

/* 1 when E, the RIGHT (1) or left/only (0) operand of PARENT (NULL at the
   top), must be parenthesised; FORM is its num_form when E is a number. */
static int
needs_parens(const gdt_expr *e, int form, const gdt_expr *parent, int right)
{
    gdt_expr_kind p;

    if (parent == NULL)
        return 0;
    p = parent->kind;
    switch (e->kind) {
    case GDT_EXPR_VAR:
    case GDT_EXPR_COL:
    case GDT_EXPR_CONST:
    case GDT_EXPR_CALL:
    case GDT_EXPR_AGG:
    case GDT_EXPR_SELECT: /* prints its own parentheses */
        return 0;
    case GDT_EXPR_NUM:
        if (form == NUM_NEGATIVE)
            return !((p == GDT_EXPR_ADD || p == GDT_EXPR_SUB) && !right);
        if (form == NUM_FRACTION)
            return p == GDT_EXPR_MUL || p == GDT_EXPR_DIV || p == GDT_EXPR_POW
                   || p == GDT_EXPR_NEG;
        return 0;
    case GDT_EXPR_NEG:
        /* only the base of ^ needs them: "2*-w" and "w - -x" read back as
           written.  Extra parentheses here would also let the text of a
           tree 2000 deep nest more than GDT_EXPR_MAX_DEPTH levels. */
        return p == GDT_EXPR_POW;
    case GDT_EXPR_POW:
        /* the base of ^ is a primary */
        return p == GDT_EXPR_POW;
    case GDT_EXPR_MUL:
    case GDT_EXPR_DIV:
        return p == GDT_EXPR_NEG || p == GDT_EXPR_POW
               || ((p == GDT_EXPR_MUL || p == GDT_EXPR_DIV) && right);
    case GDT_EXPR_ADD:
    case GDT_EXPR_SUB:
        return !(p == GDT_EXPR_ADD || p == GDT_EXPR_SUB) || right;
    }
    return 1;
}

static gdt_status print(gdt_buf *out, const gdt_expr *e, const gdt_names *names,
                        const gdt_names *cols, const gdt_expr *parent, int right);

/* The texts between the operands of a call and of a select. */
static const char *const call_sep[] = { ", " };
static const char *const select_sep[] = { " < ", " ? ", " : " };

/* Append the N operands ARG[] (each a whole expression), SEP[i] between
   ARG[i] and ARG[i + 1], and the closing ')'. */
static gdt_status
print_list(gdt_buf *out, const gdt_expr *const *arg, size_t n, const char *const *sep,
           const gdt_names *names, const gdt_names *cols)
{
    gdt_status st = GDT_OK;
    size_t i;

    for (i = 0; i < n && st == GDT_OK; i++) {
        if (i > 0)
            st = gdt_buf_puts(out, sep[i - 1]);
        if (st == GDT_OK)
            st = print(out, arg[i], names, cols, NULL, 0);
    }
    return st == GDT_OK ? gdt_buf_putc(out, ')') : st;
}

/* 1 when link I of the spine SP of a chain, the RIGHT or left/only operand
   of PARENT, must be parenthesised: link I is the left operand of link
   I + 1, the last link (the chain) PARENT's. */
static int
link_parens(const gdt_expr_spine *sp, size_t i, const gdt_expr *parent, int right)
{
    if (i + 1 < sp->n)
        return needs_parens(sp->node[i], NUM_PLAIN, sp->node[i + 1], 0);
    return needs_parens(sp->node[i], NUM_PLAIN, parent, right);
}

/* Append the chain E (a binary operator), the RIGHT or left/only operand of
   PARENT, along its spine (gdt_expr_spine): the opening parentheses of the
   links that need them, outermost first, then the first operand, then each
   link's operator, right operand and closing parenthesis.  Link i is the
   left operand of link i + 1. */
static gdt_status
print_chain(gdt_buf *out, const gdt_expr *e, const gdt_names *names, const gdt_names *cols,
            const gdt_expr *parent, int right)
{
    gdt_expr_spine sp;
    const gdt_expr *x;
    gdt_status st = GDT_OK;
    size_t i;

    if ((st = gdt_expr_spine_init(&sp, e)) != GDT_OK)
        return st;
    for (i = sp.n; i-- > 0 && st == GDT_OK;)
        if (link_parens(&sp, i, parent, right))
            st = gdt_buf_putc(out, '(');
    if (st == GDT_OK)
        st = print(out, sp.node[0]->a, names, cols, sp.node[0], 0);
    for (i = 0; i < sp.n && st == GDT_OK; i++) {
        x = sp.node[i];
        st = gdt_buf_puts(out, x->kind == GDT_EXPR_ADD   ? " + "
                               : x->kind == GDT_EXPR_SUB ? " - "
                               : x->kind == GDT_EXPR_MUL ? "*"
                                                         : "/");
        if (st == GDT_OK)
            st = print(out, x->b, names, cols, x, 1);
        if (st == GDT_OK && link_parens(&sp, i, parent, right))
            st = gdt_buf_putc(out, ')');
    }
    gdt_expr_spine_clear(&sp);
    return st;
}

/* Append the select E with its parentheses: "(a < b ? c : d)", by its tie
   rule "(a <= b ? c : d)" or "(a < b ? c : a > b ? d : m)" (gdt_tie). */
static gdt_status
print_select(gdt_buf *out, const gdt_expr *e, const gdt_names *names, const gdt_names *cols)
{
    static const char *const sep_le[] = { " <= ", " ? ", " : " };
    static const char *const sep_mean[] = { " < ", " ? ", " : ", " > ", " ? ", " : " };
    const gdt_expr *arg[] = { e->a, e->b, e->c, e->a, e->b, e->d };
    gdt_status st = gdt_buf_putc(out, '(');
    size_t i;
    mpq_t m;

    if (st != GDT_OK)
        return st;
    if (e->n != GDT_TIE_MEAN) {
        arg[3] = e->d;
        return print_list(out, arg, 4, e->n == GDT_TIE_LOW ? sep_le : select_sep, names, cols);
    }
    for (i = 0; i < 6 && st == GDT_OK; i++) {
        if (i > 0)
            st = gdt_buf_puts(out, sep_mean[i - 1]);
        if (st == GDT_OK)
            st = print(out, arg[i], names, cols, NULL, 0);
    }
    if (st == GDT_OK)
        st = gdt_buf_puts(out, " : ");
    if (st == GDT_OK && e->c->kind == GDT_EXPR_NUM && e->d->kind == GDT_EXPR_NUM) {
        mpq_init(m);
        mpq_add(m, e->c->q, e->d->q);
        mpq_div_2exp(m, m, 1);
        st = gdt_q_get_str(out, m);
        mpq_clear(m);
    } else if (st == GDT_OK) {
        st = gdt_buf_putc(out, '(');
        if (st == GDT_OK)
            st = print(out, e->c, names, cols, NULL, 0);
        if (st == GDT_OK)
            st = gdt_buf_puts(out, " + ");
        if (st == GDT_OK)
            st = print(out, e->d, names, cols, NULL, 0);
        if (st == GDT_OK)
            st = gdt_buf_puts(out, ")/2");
    }
    return st == GDT_OK ? gdt_buf_putc(out, ')') : st;
}

/* Append E, the RIGHT or left/only operand of PARENT (NULL at the top).
   The recursion follows the nesting of E, chains taken in a loop. */
static gdt_status
print(gdt_buf *out, const gdt_expr *e, const gdt_names *names, const gdt_names *cols,
      const gdt_expr *parent, int right)
{
    gdt_buf num;
    gdt_status st;
    int paren;

    if (gdt_expr_is_binary(e->kind))
        return print_chain(out, e, names, cols, parent, right);
    if (e->kind == GDT_EXPR_NUM) {
        gdt_buf_init(&num);
        st = gdt_q_get_str(&num, e->q);
        if (st == GDT_OK) {
            paren = needs_parens(e, num_form(num.s), parent, right);
            st = gdt_buf_printf(out, paren ? "(%s)" : "%s", num.s);
        }
        gdt_buf_clear(&num);
        return st;
    }
    paren = needs_parens(e, NUM_PLAIN, parent, right);
    if (paren && (st = gdt_buf_putc(out, '(')) != GDT_OK)
        return st;
    switch (e->kind) {
    case GDT_EXPR_VAR:
        if (names != NULL && e->var >= 0 && (size_t)e->var < names->n)
            st = gdt_buf_puts(out, names->name[e->var]);
        else /* no name: keep the output readable and say which */
            st = gdt_buf_printf(out, "_%d", e->var);
        break;
    case GDT_EXPR_CONST:
        st = gdt_buf_puts(out, gdt_const_name((gdt_const)e->fn));
        break;
    case GDT_EXPR_COL:
        if (cols != NULL && e->var >= 0 && (size_t)e->var < cols->n)
            st = gdt_buf_puts(out, cols->name[e->var]);
        else
            st = gdt_buf_printf(out, "_col%d", e->var);
        break;
    case GDT_EXPR_CALL:
    case GDT_EXPR_AGG: {
        const gdt_expr *arg[] = { e->a, e->b };

        st = gdt_buf_printf(out, "%s(", e->kind == GDT_EXPR_AGG ? gdt_agg_name(e->fn)
                                                                : gdt_func_name((gdt_func)e->fn));
        if (st == GDT_OK)
            st = print_list(out, arg, e->b != NULL ? 2 : 1, call_sep, names, cols);
        break;
    }
    case GDT_EXPR_SELECT:
        st = print_select(out, e, names, cols);
        break;
    case GDT_EXPR_NEG:
        st = gdt_buf_putc(out, '-');
        if (st == GDT_OK)
            st = print(out, e->a, names, cols, e, 0);
        break;
    case GDT_EXPR_POW:
        st = print(out, e->a, names, cols, e, 0);
        if (st == GDT_OK)
            st = gdt_buf_printf(out, "^%ld", e->n);
        break;
    default: /* the binary operators went to print_chain */
        return GDT_EVALUE;
    }
    if (st == GDT_OK && paren)
        st = gdt_buf_putc(out, ')');
    return st;
}

gdt_status
gdt_expr_print(gdt_buf *out, const gdt_expr *e, const gdt_names *names)
{
    return print(out, e, names, NULL, NULL, 0);
}

gdt_status
gdt_expr_print_data(gdt_buf *out, const gdt_expr *e, const gdt_names *names,
                    const gdt_names *columns)
{
    return print(out, e, names, columns, NULL, 0);
}
