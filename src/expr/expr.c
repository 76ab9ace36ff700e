/* expr -- parse loss expressions into trees; names, copy, free */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gmp.h>
#include "base/vec.h"
#include "gdtrace/expr.h"
#include "gdtrace/decimal.h"
#include "expr/expr_impl.h"

/* More distinct identifiers than this in one text is an error: the name
   lookup is a linear search, and no loss needs that many. */
#define MAX_NAMES 256

/* Messages quote at most this many bytes of a token. */
#define TOKEN_QUOTE_MAX 40

/* ---------------------------------------------------------------- names */

void
gdt_names_init(gdt_names *names)
{
    names->name = NULL;
    names->n = 0;
}

void
gdt_names_clear(gdt_names *names)
{
    if (names == NULL)
        return;
    gdt_strv_free(names->name, names->n);
    gdt_names_init(names);
}

int
gdt_names_find(gdt_names *names, const char *name, size_t len, int add)
{
    size_t i;
    char **grown, *copy;

    for (i = 0; i < names->n; i++)
        if (strncmp(names->name[i], name, len) == 0
            && names->name[i][len] == '\0')
            return (int)i;
    if (!add)
        return -1;
    if (names->n >= INT_MAX)
        return -2;
    /* grow one slot at a time: there are only a few names */
    grown = realloc(names->name, (names->n + 1) * sizeof *grown);
    if (grown == NULL)
        return -2;
    names->name = grown;
    copy = malloc(len + 1);
    if (copy == NULL)
        return -2;
    memcpy(copy, name, len);
    copy[len] = '\0';
    names->name[names->n] = copy;
    return (int)names->n++;
}

/* ---------------------------------------------------------------- nodes */

gdt_expr *
gdt_expr_node_new(gdt_expr_kind kind, size_t pos)
{
    gdt_expr *e = malloc(sizeof *e);

    if (e == NULL)
        return NULL;
    e->kind = kind;
    e->a = e->b = e->c = e->d = NULL;
    e->fn = 0;
    e->n = 0;
    e->var = -1;
    e->pos = pos;
    if (kind == GDT_EXPR_NUM)
        mpq_init(e->q);
    return e;
}

gdt_expr *
gdt_expr_num_new(const mpq_t q, size_t pos)
{
    gdt_expr *e = gdt_expr_node_new(GDT_EXPR_NUM, pos);

    if (e != NULL)
        mpq_set(e->q, q);
    return e;
}

gdt_expr *
gdt_expr_num_new_si(long v, size_t pos)
{
    gdt_expr *e = gdt_expr_node_new(GDT_EXPR_NUM, pos);

    if (e != NULL)
        mpq_set_si(e->q, v, 1);
    return e;
}

/* The walkers here go along the left operands in a loop and recurse only
   into the others (see gdt_expr_spine in expr_impl.h). */
void
gdt_expr_free(gdt_expr *e)
{
    gdt_expr *next;

    while (e != NULL) {
        gdt_expr_free(e->b);
        gdt_expr_free(e->c);
        gdt_expr_free(e->d);
        if (e->kind == GDT_EXPR_NUM)
            mpq_clear(e->q);
        next = e->a;
        free(e);
        e = next;
    }
}

gdt_status
gdt_expr_copy_max(gdt_expr **out, const gdt_expr *e, size_t *nodes, size_t max)
{
    gdt_expr *head = NULL, **link = &head, *c;
    gdt_status st;

    *out = NULL;
    for (; e != NULL; e = e->a) {
        if (++*nodes > max) {
            st = GDT_ERANGE;
            goto out_free;
        }
        c = gdt_expr_node_new(e->kind, e->pos);
        if (c == NULL) {
            st = GDT_ENOMEM;
            goto out_free;
        }
        *link = c;
        link = &c->a;
        c->n = e->n;
        c->var = e->var;
        c->fn = e->fn;
        if (e->kind == GDT_EXPR_NUM)
            mpq_set(c->q, e->q);
        if ((e->b != NULL && (st = gdt_expr_copy_max(&c->b, e->b, nodes, max)) != GDT_OK)
            || (e->c != NULL && (st = gdt_expr_copy_max(&c->c, e->c, nodes, max)) != GDT_OK)
            || (e->d != NULL && (st = gdt_expr_copy_max(&c->d, e->d, nodes, max)) != GDT_OK))
            goto out_free;
    }
    *out = head;
    return GDT_OK;

out_free:
    gdt_expr_free(head);
    return st;
}

gdt_status
gdt_expr_copy(gdt_expr **out, const gdt_expr *e)
{
    size_t nodes = 0;

    return gdt_expr_copy_max(out, e, &nodes, SIZE_MAX);
}

int
gdt_expr_uses(const gdt_expr *e, int var)
{
    for (; e != NULL; e = e->a) {
        if (e->kind == GDT_EXPR_VAR)
            return var < 0 || e->var == var;
        if (gdt_expr_uses(e->b, var) || gdt_expr_uses(e->c, var)
            || gdt_expr_uses(e->d, var))
            return 1;
    }
    return 0;
}

int
gdt_expr_is_binary(gdt_expr_kind kind)
{
    return kind == GDT_EXPR_ADD || kind == GDT_EXPR_SUB || kind == GDT_EXPR_MUL
           || kind == GDT_EXPR_DIV;
}

gdt_status
gdt_expr_spine_init(gdt_expr_spine *s, const gdt_expr *e)
{
    const gdt_expr *x;
    size_t n = 0, i;

    s->node = s->small;
    s->n = 0;
    for (x = e; x != NULL && gdt_expr_is_binary(x->kind); x = x->a)
        n++;
    if (n > sizeof s->small / sizeof s->small[0]) {
        if (n > SIZE_MAX / sizeof *s->node
            || (s->node = malloc(n * sizeof *s->node)) == NULL) {
            s->node = s->small;
            return GDT_ENOMEM;
        }
    }
    for (x = e, i = n; i > 0; x = x->a)
        s->node[--i] = x;
    s->n = n;
    return GDT_OK;
}

void
gdt_expr_spine_clear(gdt_expr_spine *s)
{
    if (s == NULL)
        return;
    if (s->node != s->small)
        free(s->node);
    s->node = s->small;
    s->n = 0;
}

/* ---------------------------------------------------------------- lexer */

enum {
    TOK_END = 256, /* end of the text */
    TOK_NUM,       /* a number literal; its value is in ps->num */
    TOK_IDENT      /* an identifier */
    /* any other token is its own character: + - * / ^ ( ) , */
};

typedef struct parser {
    const char *s;
    size_t len;
    gdt_names *names;
    const gdt_names *columns; /* the data set's, or NULL */
    int in_agg;         /* inside mean() or sum() */
    gdt_error *err;
    int tok;            /* the current token */
    size_t tpos, tlen;  /* its offset and length in s */
    mpq_t num;          /* the value of a TOK_NUM */
    int level;          /* open parentheses, signs and exponents */
    size_t num_bits;    /* the bits of all number literals read so far */
} parser;

/* All the number literals of one expression together may take at most
   this many bits ("1e999999" alone takes 3.3 million): a budget, so that
   no text can make the parser hold gigabytes. */
#define NUM_BITS_MAX (1UL << 27)

static int
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int
is_ident_start(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int
is_ident_char(char c)
{
    return is_ident_start(c) || is_digit(c);
}

/* The extent of what looks like a number at S, for quoting a malformed one:
   digits, letters, points, and a sign right after an exponent letter. */
static size_t
number_extent(const char *s)
{
    size_t i = 0;

    while (is_ident_char(s[i]) || s[i] == '.'
           || ((s[i] == '+' || s[i] == '-') && i > 0
               && (s[i - 1] == 'e' || s[i - 1] == 'E')))
        i++;
    return i;
}

/* Quote LEN bytes at S into BUF (size TOKEN_QUOTE_MAX + 4), cut with "...". */
static const char *
quote(char *buf, const char *s, size_t len)
{
    if (len > TOKEN_QUOTE_MAX) {
        memcpy(buf, s, TOKEN_QUOTE_MAX);
        strcpy(buf + TOKEN_QUOTE_MAX, "...");
    } else {
        memcpy(buf, s, len);
        buf[len] = '\0';
    }
    return buf;
}

/* Move to the next token. */
static gdt_status
lex_next(parser *ps)
{
    size_t i = ps->tpos + ps->tlen, n;
    const char *s = ps->s;
    char c, q[TOKEN_QUOTE_MAX + 4];
    gdt_status st;

    while (is_blank(s[i]))
        i++;
    ps->tpos = i;
    ps->tlen = 1;
    c = s[i];
    if (c == '\0') {
        ps->tok = TOK_END;
        ps->tlen = 0;
        return GDT_OK;
    }
    if (strchr("+-*/^(),", c) != NULL) {
        ps->tok = (unsigned char)c;
        return GDT_OK;
    }
    if (is_digit(c) || (c == '.' && is_digit(s[i + 1]))) {
        st = gdt_q_scan_decimal(ps->num, s + i, &n);
        if (st == GDT_OK) {
            ps->num_bits += mpz_sizeinbase(mpq_numref(ps->num), 2)
                            + mpz_sizeinbase(mpq_denref(ps->num), 2);
            if (ps->num_bits > NUM_BITS_MAX)
                return gdt_error_set(ps->err, GDT_ERANGE, i,
                                     "the numbers of the expression are too large in total "
                                     "(more than %lu bits)", NUM_BITS_MAX);
            ps->tok = TOK_NUM;
            ps->tlen = n;
            return GDT_OK;
        }
        n = number_extent(s + i);
        if (st == GDT_ERANGE)
            return gdt_error_set(ps->err, GDT_ERANGE, i,
                                 "number out of range '%s'", quote(q, s + i, n));
        if (st == GDT_ENOMEM)
            return gdt_error_set(ps->err, GDT_ENOMEM, i, "out of memory");
        return gdt_error_set(ps->err, GDT_ESYNTAX, i, "malformed number '%s'",
                             quote(q, s + i, n));
    }
    if (is_ident_start(c)) {
        n = 1;
        while (is_ident_char(s[i + n]))
            n++;
        ps->tok = TOK_IDENT;
        ps->tlen = n;
        return GDT_OK;
    }
    if (c > ' ' && c < 0x7f)
        return gdt_error_set(ps->err, GDT_ESYNTAX, i,
                             "unexpected character '%c'", c);
    return gdt_error_set(ps->err, GDT_ESYNTAX, i,
                         "unexpected character '\\x%02x'", (unsigned char)c);
}

/* "unexpected 'TOKEN' after the expression", or "unexpected ')'". */
static gdt_status
error_trailing(parser *ps)
{
    char q[TOKEN_QUOTE_MAX + 4];

    if (ps->tok == ')')
        return gdt_error_set(ps->err, GDT_ESYNTAX, ps->tpos, "unexpected ')'");
    return gdt_error_set(ps->err, GDT_ESYNTAX, ps->tpos,
                         "unexpected '%s' after the expression",
                         quote(q, ps->s + ps->tpos, ps->tlen));
}

static gdt_status
error_too_deep(parser *ps, size_t pos)
{
    return gdt_error_set(ps->err, GDT_ERANGE, pos,
                         "expression nested too deeply (more than %d levels)",
                         GDT_EXPR_MAX_DEPTH);
}

/* Enter one level of nesting (a parenthesis, a sign or an exponent) at the
   current token; the recursion of the parser is bounded by this count. */
static gdt_status
enter(parser *ps)
{
    if (ps->level >= GDT_EXPR_MAX_DEPTH)
        return error_too_deep(ps, ps->tpos);
    ps->level++;
    return GDT_OK;
}

/* --------------------------------------------------- exponent folding */

/* Above this many bits a power inside an exponent is "too large": the
   exponent must end up fitting in a long anyway. */
#define EXPONENT_BITS_MAX (1UL << 20)

/* Above this many bits in the operands of an operation inside an exponent,
   the exponent is "too large". */
#define FOLD_BITS_MAX (1UL << 23)

/* R = the exact value of the constant tree E (no GDT_EXPR_VAR in it). */
static gdt_status
fold_const(mpq_t r, const gdt_expr *e, gdt_error *err)
{
    gdt_expr_spine sp;
    mpq_t b;
    gdt_status st = GDT_OK;
    unsigned long n, bits;
    size_t i;

    switch (e->kind) {
    case GDT_EXPR_NUM:
        mpq_set(r, e->q);
        return GDT_OK;
    case GDT_EXPR_VAR: /* excluded by the caller */
    case GDT_EXPR_CONST:
    case GDT_EXPR_CALL:
    case GDT_EXPR_COL:
    case GDT_EXPR_AGG:
    case GDT_EXPR_SELECT:
        return gdt_error_set(err, GDT_EVALUE, e->pos,
                             "exponent must be a constant integer");
    case GDT_EXPR_NEG:
        st = fold_const(r, e->a, err);
        if (st == GDT_OK)
            mpq_neg(r, r);
        return st;
    case GDT_EXPR_POW:
        st = fold_const(r, e->a, err);
        if (st != GDT_OK)
            return st;
        if (mpq_sgn(r) == 0) {
            if (e->n < 0)
                return gdt_error_set(err, GDT_EDIVZERO, e->pos,
                                     "division by zero in the exponent");
            mpq_set_ui(r, e->n == 0 ? 1 : 0, 1);
            return GDT_OK;
        }
        n = e->n < 0 ? 0UL - (unsigned long)e->n : (unsigned long)e->n;
        bits = mpz_sizeinbase(mpq_numref(r), 2);
        if (mpz_sizeinbase(mpq_denref(r), 2) > bits)
            bits = mpz_sizeinbase(mpq_denref(r), 2);
        /* |r| = 1 stays small whatever n is */
        if (bits > 1 && n > EXPONENT_BITS_MAX / bits)
            return gdt_error_set(err, GDT_ERANGE, e->pos, "exponent too large");
        if (bits == 1 && mpz_cmpabs_ui(mpq_numref(r), 1) == 0
            && mpz_cmp_ui(mpq_denref(r), 1) == 0) {
            if (n % 2 == 0)
                mpq_set_ui(r, 1, 1);
            return GDT_OK;
        }
        mpz_pow_ui(mpq_numref(r), mpq_numref(r), n);
        mpz_pow_ui(mpq_denref(r), mpq_denref(r), n);
        if (e->n < 0)
            mpq_inv(r, r);
        return GDT_OK;
    case GDT_EXPR_ADD:
    case GDT_EXPR_SUB:
    case GDT_EXPR_MUL:
    case GDT_EXPR_DIV:
        break;
    }
    /* now a chain of binary operators, folded left to right */
    if (gdt_expr_spine_init(&sp, e) != GDT_OK)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    st = fold_const(r, sp.node[0]->a, err);
    mpq_init(b);
    for (i = 0; st == GDT_OK && i < sp.n; i++) {
        const gdt_expr *x = sp.node[i];

        if ((st = fold_const(b, x->b, err)) != GDT_OK)
            break;
        /* an exponent must end up in a long: refuse intermediate values
           that would take long to compute (1e999999*1e999999*...) */
        if (mpz_sizeinbase(mpq_numref(r), 2) + mpz_sizeinbase(mpq_denref(r), 2)
            + mpz_sizeinbase(mpq_numref(b), 2) + mpz_sizeinbase(mpq_denref(b), 2)
            > FOLD_BITS_MAX) {
            st = gdt_error_set(err, GDT_ERANGE, x->pos, "exponent too large");
            break;
        }
        switch (x->kind) {
        case GDT_EXPR_ADD: mpq_add(r, r, b); break;
        case GDT_EXPR_SUB: mpq_sub(r, r, b); break;
        case GDT_EXPR_MUL: mpq_mul(r, r, b); break;
        default:
            if (mpq_sgn(b) == 0) {
                st = gdt_error_set(err, GDT_EDIVZERO, x->pos,
                                   "division by zero in the exponent");
                break;
            }
            mpq_div(r, r, b);
            break;
        }
    }
    mpq_clear(b);
    gdt_expr_spine_clear(&sp);
    return st;
}

/* The first (leftmost in the text) node in E that is not a rational
   constant (a parameter, a column, a function call, an aggregate, a named
   constant such as pi), or NULL. */
static const gdt_expr *
first_var(const gdt_expr *e)
{
    const gdt_expr *best = NULL, *v;

    for (; e != NULL; e = e->a) {
        if (e->kind == GDT_EXPR_VAR || e->kind == GDT_EXPR_COL || e->kind == GDT_EXPR_CALL
            || e->kind == GDT_EXPR_AGG || e->kind == GDT_EXPR_CONST)
            v = e;
        else
            v = first_var(e->b);
        if (v != NULL && (best == NULL || v->pos < best->pos))
            best = v;
        if (v == e)
            break;
    }
    return best;
}

/* The exponent tree E (starting at offset POS) folded: *N its value and
   *INTEGRAL 1 when it is a rational constant that is an integer (fitting
   in a long: "exponent too large" past that), else *INTEGRAL 0 and R its
   exact value; *CONSTANT 0 when E is no rational constant at all (R and N
   unset). */
static gdt_status
fold_exponent(long *n, mpq_t r, int *integral, int *constant, const gdt_expr *e, size_t pos,
              gdt_error *err)
{
    *integral = 0;
    *constant = first_var(e) == NULL;
    if (!*constant)
        return GDT_OK;
    gdt_status st = fold_const(r, e, err);
    if (st != GDT_OK || mpz_cmp_ui(mpq_denref(r), 1) != 0)
        return st;
    if (!mpz_fits_slong_p(mpq_numref(r)))
        return gdt_error_set(err, GDT_ERANGE, pos, "exponent too large");
    *n = mpz_get_si(mpq_numref(r));
    *integral = 1;
    return GDT_OK;
}

/* --------------------------------------------------------------- parser */

static gdt_status parse_expr(parser *ps, gdt_expr **out, size_t *depth);
static gdt_status parse_unary(parser *ps, gdt_expr **out, size_t *depth);

/* *OUT = a new node KIND at POS over A and B (either may be NULL), of depth
   *DEPTH = 1 + the larger of DA and DB.  A and B are consumed: freed on
   failure. */
static gdt_status
join(parser *ps, gdt_expr **out, size_t *depth, gdt_expr_kind kind, size_t pos,
     gdt_expr *a, size_t da, gdt_expr *b, size_t db)
{
    gdt_expr *e;

    *out = NULL;
    *depth = (da > db ? da : db) + 1;
    if (*depth > GDT_EXPR_MAX_DEPTH) {
        gdt_expr_free(a);
        gdt_expr_free(b);
        return error_too_deep(ps, pos);
    }
    e = gdt_expr_node_new(kind, pos);
    if (e == NULL) {
        gdt_expr_free(a);
        gdt_expr_free(b);
        return gdt_error_set(ps->err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    }
    e->a = a;
    e->b = b;
    *out = e;
    return GDT_OK;
}

/* *OUT = LHS op RHS for a binary KIND at POS, the next link of a chain of
   + - or * /: its spine (gdt_expr_spine) grows, and its depth *DEPTH, that
   of a walker's recursion, only with RHS's depth DR, never with the length
   of the chain: a binary LHS of depth DL has its spine's depth already.
   LHS and RHS are consumed: freed on failure. */
static gdt_status
join_chain(parser *ps, gdt_expr **out, size_t *depth, gdt_expr_kind kind, size_t pos,
           gdt_expr *lhs, size_t dl, gdt_expr *rhs, size_t dr)
{
    /* join makes the depth 1 + the deeper operand's: a binary LHS is the
       chain so far, one level over its operands, and the new link joins
       them */
    size_t da = gdt_expr_is_binary(lhs->kind) ? dl - 1 : dl;

    return join(ps, out, depth, kind, pos, lhs, da, rhs, dr);
}

/* *OUT = E, parsed up to the current token, its last; E is freed when
   the token after it is bad. */
static gdt_status
take(parser *ps, gdt_expr **out, gdt_expr *e)
{
    gdt_status st = lex_next(ps);

    if (st != GDT_OK) {
        gdt_expr_free(e);
        return st;
    }
    *out = e;
    return GDT_OK;
}

/* 1 when the identifier at the current token is followed by '('. */
static int
called(const parser *ps)
{
    size_t i = ps->tpos + ps->tlen;

    while (is_blank(ps->s[i]))
        i++;
    return ps->s[i] == '(';
}

/* IDENT '(' args ')': a function or an aggregate, the current token being
   the name.  The arguments are parsed with parse_expr. */
static gdt_status
parse_call(parser *ps, gdt_expr **out, size_t *depth)
{
    const char *name = ps->s + ps->tpos;
    size_t len = ps->tlen, pos = ps->tpos, open, d[2] = { 0, 0 };
    gdt_expr *arg[2] = { NULL, NULL }, *e;
    char q[TOKEN_QUOTE_MAX + 4];
    int fn, agg, arity, nargs = 0, was_in_agg = ps->in_agg;
    gdt_status st;

    *out = NULL;
    agg = gdt_agg_from_name(name, len);
    fn = agg >= 0 ? -1 : gdt_func_from_name(name, len);
    if (agg < 0 && fn < 0)
        return gdt_error_set(ps->err, GDT_EVALUE, pos, "unknown function '%s'",
                             quote(q, name, len));
    if (agg >= 0 && ps->columns == NULL)
        return gdt_error_set(ps->err, GDT_EVALUE, pos, "%s() needs a data set (--data FILE)",
                             gdt_agg_name(agg));
    arity = agg >= 0 ? 1 : gdt_func_arity((gdt_func)fn);
    if ((st = lex_next(ps)) != GDT_OK) /* the name */
        return st;
    open = ps->tpos;
    if ((st = enter(ps)) != GDT_OK || (st = lex_next(ps)) != GDT_OK) /* the '(' */
        return st;
    if (agg >= 0)
        ps->in_agg = 1;
    for (;;) {
        gdt_expr *a;
        size_t da;

        if (ps->tok == ')' && nargs == 0)
            break;
        if ((st = parse_expr(ps, &a, &da)) != GDT_OK)
            goto fail;
        if (nargs < 2) {
            arg[nargs] = a;
            d[nargs] = da;
        } else {
            gdt_expr_free(a);
        }
        nargs++;
        if (ps->tok != ',')
            break;
        if ((st = lex_next(ps)) != GDT_OK)
            goto fail;
    }
    ps->in_agg = was_in_agg;
    if (ps->tok != ')') {
        st = ps->tok == TOK_END ? gdt_error_set(ps->err, GDT_ESYNTAX, open, "missing ')'")
                                : error_trailing(ps);
        goto fail;
    }
    if (nargs != arity) {
        st = gdt_error_set(ps->err, GDT_EVALUE, pos, "%.*s takes %d argument%s, got %d",
                           (int)len, name, arity, arity == 1 ? "" : "s", nargs);
        goto fail;
    }
    ps->level--;
    st = join(ps, &e, depth, agg >= 0 ? GDT_EXPR_AGG : GDT_EXPR_CALL, pos, arg[0], d[0],
              arg[1], d[1]);
    if (st != GDT_OK)
        return st;
    e->fn = agg >= 0 ? agg : fn;
    return take(ps, out, e); /* past the ')' */

fail:
    ps->in_agg = was_in_agg;
    gdt_expr_free(arg[0]);
    gdt_expr_free(arg[1]);
    return st;
}

/* IDENT: a constant, a call, a data column, or a parameter. */
static gdt_status
parse_ident(parser *ps, gdt_expr **out, size_t *depth)
{
    const char *name = ps->s + ps->tpos;
    size_t len = ps->tlen;
    char q[TOKEN_QUOTE_MAX + 4];
    gdt_expr *e;
    int var, col, cst;

    *out = NULL;
    *depth = 1;
    if ((cst = gdt_const_from_name(name, len)) >= 0) {
        if (called(ps))
            return gdt_error_set(ps->err, GDT_EVALUE, ps->tpos,
                                 "'%s' is a constant, not a function", quote(q, name, len));
        e = gdt_expr_node_new(GDT_EXPR_CONST, ps->tpos);
        if (e == NULL)
            return gdt_error_set(ps->err, GDT_ENOMEM, SIZE_MAX, "out of memory");
        e->fn = cst;
        return take(ps, out, e);
    }
    if (called(ps))
        return parse_call(ps, out, depth);
    if (gdt_func_reserved(name, len))
        return gdt_error_set(ps->err, GDT_EVALUE, ps->tpos,
                             "'%s' is a function: call it as %s(...)", quote(q, name, len),
                             quote(q, name, len));
    col = ps->columns == NULL ? -1
                              : gdt_names_find((gdt_names *)ps->columns, name, len, 0);
    if (col >= 0) {
        if (!ps->in_agg)
            return gdt_error_set(ps->err, GDT_EVALUE, ps->tpos,
                                 "column '%s' outside mean() or sum() (a parameter cannot "
                                 "have a column's name)",
                                 quote(q, name, len));
        e = gdt_expr_node_new(GDT_EXPR_COL, ps->tpos);
        if (e == NULL)
            return gdt_error_set(ps->err, GDT_ENOMEM, SIZE_MAX, "out of memory");
        e->var = col;
    } else {
        var = gdt_names_find(ps->names, name, len, 0);
        if (var == -1 && ps->names->n >= MAX_NAMES)
            return gdt_error_set(ps->err, GDT_ERANGE, ps->tpos,
                                 "too many names (more than %d)", MAX_NAMES);
        if (var == -1)
            var = gdt_names_find(ps->names, name, len, 1);
        if (var < 0)
            return gdt_error_set(ps->err, GDT_ENOMEM, SIZE_MAX, "out of memory");
        e = gdt_expr_node_new(GDT_EXPR_VAR, ps->tpos);
        if (e == NULL)
            return gdt_error_set(ps->err, GDT_ENOMEM, SIZE_MAX, "out of memory");
        e->var = var;
    }
    return take(ps, out, e);
}

/* primary := NUMBER | IDENT | IDENT '(' args ')' | '(' expr ')' */
static gdt_status
parse_primary(parser *ps, gdt_expr **out, size_t *depth)
{
    gdt_expr *e;
    gdt_status st;
    size_t open;

    *out = NULL;
    *depth = 1;
    switch (ps->tok) {
    case TOK_NUM:
        e = gdt_expr_num_new(ps->num, ps->tpos);
        if (e == NULL)
            return gdt_error_set(ps->err, GDT_ENOMEM, SIZE_MAX, "out of memory");
        break;
    case TOK_IDENT:
        return parse_ident(ps, out, depth);
    case '(':
        open = ps->tpos;
        if ((st = enter(ps)) != GDT_OK || (st = lex_next(ps)) != GDT_OK
            || (st = parse_expr(ps, &e, depth)) != GDT_OK)
            return st;
        if (ps->tok != ')') {
            gdt_expr_free(e);
            if (ps->tok == TOK_END)
                return gdt_error_set(ps->err, GDT_ESYNTAX, open, "missing ')'");
            return error_trailing(ps);
        }
        ps->level--;
        break;
    case ')':
        return gdt_error_set(ps->err, GDT_ESYNTAX, ps->tpos, "unexpected ')'");
    case TOK_END:
        return gdt_error_set(ps->err, GDT_ESYNTAX, ps->tpos,
                             "expected an expression at the end");
    default:
        return gdt_error_set(ps->err, GDT_ESYNTAX, ps->tpos,
                             "expected an expression");
    }
    return take(ps, out, e);
}

/* power := primary ('^' unary)?   with the exponent folded to a long when
   it is a constant integer (a GDT_EXPR_POW); any other exponent makes the
   call pow(base, exponent), a rational constant folded into one number */
static gdt_status
parse_power(parser *ps, gdt_expr **out, size_t *depth)
{
    gdt_expr *base, *ex;
    gdt_status st;
    size_t caret, start, dex;
    long n = 0;
    int integral, constant;
    mpq_t r;

    st = parse_primary(ps, &base, depth);
    if (st != GDT_OK || ps->tok != '^')
        goto out;
    caret = ps->tpos;
    if ((st = enter(ps)) != GDT_OK || (st = lex_next(ps)) != GDT_OK)
        goto out_free_base;
    start = ps->tpos;
    st = parse_unary(ps, &ex, &dex);
    if (st != GDT_OK)
        goto out_free_base;
    ps->level--;
    mpq_init(r);
    st = fold_exponent(&n, r, &integral, &constant, ex, start, ps->err);
    if (st == GDT_OK && constant) {
        gdt_expr_free(ex);
        ex = NULL;
        if (!integral && (ex = gdt_expr_num_new(r, start)) == NULL)
            st = gdt_error_set(ps->err, GDT_ENOMEM, SIZE_MAX, "out of memory");
        dex = 1;
    }
    mpq_clear(r);
    if (st != GDT_OK) {
        gdt_expr_free(ex);
        goto out_free_base;
    }
    if (integral) {
        st = join(ps, &base, depth, GDT_EXPR_POW, caret, base, *depth, NULL, 0);
        if (st == GDT_OK)
            base->n = n;
    } else {
        st = join(ps, &base, depth, GDT_EXPR_CALL, caret, base, *depth, ex, dex);
        if (st == GDT_OK)
            base->fn = GDT_FN_POW;
    }
    goto out;

out_free_base:
    gdt_expr_free(base);
    base = NULL;
out:
    *out = st == GDT_OK ? base : NULL;
    return st;
}

/* unary := ('-' | '+') unary | power */
static gdt_status
parse_unary(parser *ps, gdt_expr **out, size_t *depth)
{
    gdt_expr *e;
    gdt_status st;
    size_t sign;
    int minus;

    if (ps->tok != '-' && ps->tok != '+')
        return parse_power(ps, out, depth);
    *out = NULL;
    sign = ps->tpos;
    minus = ps->tok == '-';
    if ((st = enter(ps)) != GDT_OK || (st = lex_next(ps)) != GDT_OK
        || (st = parse_unary(ps, &e, depth)) != GDT_OK)
        return st;
    ps->level--;
    if (!minus) { /* a plus sign makes no node */
        *out = e;
        return GDT_OK;
    }
    return join(ps, out, depth, GDT_EXPR_NEG, sign, e, *depth, NULL, 0);
}

/* The left-associative binary levels, loosest first (as Lua's table of
   priorities):
     expr := term (('+' | '-') term)*
     term := unary (('*' | '/') unary)*   */
static const struct {
    char op1, op2;
    gdt_expr_kind kind1, kind2;
} chain_levels[] = {
    { '+', '-', GDT_EXPR_ADD, GDT_EXPR_SUB },
    { '*', '/', GDT_EXPR_MUL, GDT_EXPR_DIV },
};
#define NCHAIN_LEVELS (sizeof chain_levels / sizeof chain_levels[0])

/* An operand of LEVEL: the next level's chain, or a unary after the last. */
static gdt_status parse_chain(parser *ps, gdt_expr **out, size_t *depth, size_t level);

static gdt_status
parse_operand(parser *ps, gdt_expr **out, size_t *depth, size_t level)
{
    return level + 1 < NCHAIN_LEVELS ? parse_chain(ps, out, depth, level + 1)
                                     : parse_unary(ps, out, depth);
}

static gdt_status
parse_chain(parser *ps, gdt_expr **out, size_t *depth, size_t level)
{
    gdt_expr *lhs, *rhs;
    gdt_status st;
    gdt_expr_kind kind;
    size_t op, drhs;

    st = parse_operand(ps, &lhs, depth, level);
    while (st == GDT_OK
           && (ps->tok == chain_levels[level].op1 || ps->tok == chain_levels[level].op2)) {
        kind = ps->tok == chain_levels[level].op1 ? chain_levels[level].kind1
                                                  : chain_levels[level].kind2;
        op = ps->tpos;
        if ((st = lex_next(ps)) != GDT_OK
            || (st = parse_operand(ps, &rhs, &drhs, level)) != GDT_OK) {
            gdt_expr_free(lhs);
            break;
        }
        st = join_chain(ps, &lhs, depth, kind, op, lhs, *depth, rhs, drhs);
    }
    *out = st == GDT_OK ? lhs : NULL;
    return st;
}

static gdt_status
parse_expr(parser *ps, gdt_expr **out, size_t *depth)
{
    return parse_chain(ps, out, depth, 0);
}

gdt_status
gdt_expr_parse(gdt_expr **out, const char *text, gdt_names *names, gdt_error *err)
{
    return gdt_expr_parse_data(out, text, names, NULL, err);
}

gdt_status
gdt_expr_parse_data(gdt_expr **out, const char *text, gdt_names *names,
                    const gdt_names *columns, gdt_error *err)
{
    parser ps;
    gdt_expr *e = NULL;
    gdt_status st;
    size_t depth;

    *out = NULL;
    ps.s = text;
    ps.len = strlen(text);
    ps.names = names;
    ps.columns = columns;
    ps.in_agg = 0;
    ps.err = err;
    ps.tok = TOK_END;
    ps.tpos = ps.tlen = 0;
    ps.level = 0;
    ps.num_bits = 0;
    mpq_init(ps.num);
    st = lex_next(&ps);
    if (st != GDT_OK)
        goto out;
    if (ps.tok == TOK_END) {
        st = gdt_error_set(err, GDT_ESYNTAX, 0, "empty expression");
        goto out;
    }
    st = parse_expr(&ps, &e, &depth);
    if (st == GDT_OK && ps.tok != TOK_END) {
        gdt_expr_free(e);
        st = error_trailing(&ps);
    }
    if (st == GDT_OK)
        *out = e;
out:
    mpq_clear(ps.num);
    return st;
}
