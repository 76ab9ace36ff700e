/* gdtrace/expr.h -- loss expressions: parse, derive, print */
#ifndef GDTRACE_EXPR_H
#define GDTRACE_EXPR_H

#include <gmp.h>
#include "gdtrace/buf.h"
#include "gdtrace/func.h"
#include "gdtrace/status.h"

/* Grammar (lowest binding first; ^ is right-associative and binds tighter
   than unary minus, so -w^2 is -(w^2) and 2^3^2 is 2^9):

     expr    := term (('+' | '-') term)*
     term    := unary (('*' | '/') unary)*
     unary   := ('-' | '+') unary | power
     power   := primary ('^' unary)?
     primary := NUMBER | IDENT | IDENT '(' args ')' | '(' expr ')'
     args    := expr (',' expr)*

   NUMBER is an unsigned decimal literal read as an exact rational ("2",
   "0.1", ".5", "1e-3"); IDENT is [A-Za-z_][A-Za-z0-9_]*.  The exponent of ^
   may be any expression: a constant one (no parameter, column, call or
   named constant) is folded exactly when parsing, and when its value is an
   integer, which must fit in a long, x^n is a power (GDT_EXPR_POW, exact
   in the exact modes); any other exponent y makes x^y the call pow(x, y),
   a rational constant y one number (w^0.5 is pow(w, 1/2)).  Blanks (space,
   tab, newline, carriage return) between tokens are skipped.

   IDENT '(' args ')' calls a function: exp log sqrt sin cos tan tanh
   sigmoid abs cosh sinh atan asinh log1p expm1 softplus relu erf logcosh
   (one argument), min max pow huber (two; func.h), or the aggregates mean and sum
   (one argument, evaluated once per row of the data set and summed, mean
   dividing by the number of rows).  pi is the constant: correctly rounded
   once in the rounded modes, refused by the exact and integer modes as any
   value they cannot hold.  An identifier that names a data column
   is that column's value in the current row, and may appear only inside
   mean() or sum(); any other identifier is a parameter. */

/* The most levels of nesting a text may have.  Parentheses, signs,
   exponents and calls open a level each, and so does each operation that
   is the right operand of another (the product in a + b*c, the sum in
   a - (b + c)); a chain of operators, a + b - c + ... or a*b/c*..., is one
   level whatever its length (a sum of 100,000 terms is fine).  Deeper input is a parse error ("expression nested too deeply
   (more than 2000 levels)"), never a stack overflow: every recursive
   function here takes a chain in a loop and recurses at most as deep as
   the nesting of the tree it walks, and derived trees are at most a small
   constant factor deeper than the loss. */
#define GDT_EXPR_MAX_DEPTH 2000

/* A derivative with more nodes than this is GDT_ERANGE: the product and
   quotient rules copy their operands, so the derivative of a long product
   grows with the square of its length. */
#define GDT_EXPR_MAX_DERIVED_NODES 1000000

typedef enum gdt_expr_kind {
    GDT_EXPR_NUM, /* q */
    GDT_EXPR_VAR, /* var: index into the parameter names */
    GDT_EXPR_NEG, /* -a */
    GDT_EXPR_ADD, /* a + b */
    GDT_EXPR_SUB, /* a - b */
    GDT_EXPR_MUL, /* a * b */
    GDT_EXPR_DIV, /* a / b */
    GDT_EXPR_POW, /* a ^ n */
    GDT_EXPR_CALL,/* fn(a) or fn(a, b): fn is a gdt_func */
    GDT_EXPR_COL, /* var: index into the data columns */
    GDT_EXPR_AGG, /* mean(a) or sum(a): fn is GDT_AGG_MEAN or GDT_AGG_SUM */
    GDT_EXPR_SELECT, /* a < b ? c : a > b ? d : the tie rule n (gdt_tie:
                        c == d ? c : error by default): made only by
                        derivation, for abs' and relu' (fn GDT_FN_ABS,
                        GDT_FN_RELU; b = 0), min' and max' (fn GDT_FN_MIN,
                        GDT_FN_MAX), which have no value where the
                        arguments tie and c != d but by the rule of
                        --kinks torch */
    GDT_EXPR_CONST  /* a named constant: fn is a gdt_const (pi) */
} gdt_expr_kind;

typedef struct gdt_expr {
    gdt_expr_kind kind;
    struct gdt_expr *a, *b; /* operands; NULL where the kind has none */
    struct gdt_expr *c, *d; /* GDT_EXPR_SELECT's values */
    int fn;                 /* GDT_EXPR_CALL, _AGG, _SELECT: which */
    mpq_t q;                /* GDT_EXPR_NUM only (initialised only then) */
    long n;                 /* GDT_EXPR_POW exponent */
    int var;                /* GDT_EXPR_VAR */
    size_t pos;             /* byte offset in the source text, for messages */
} gdt_expr;

/* Parameter names in order of first appearance. */
typedef struct gdt_names {
    char **name;
    size_t n;
} gdt_names;

void gdt_names_init(gdt_names *names);   /* no names; cannot fail */
void gdt_names_clear(gdt_names *names);  /* NAMES may be NULL */
/* Index of NAME (LEN bytes), adding it at the end when ADD is non-zero;
   -1 when absent and not added, -2 on allocation failure. */
int gdt_names_find(gdt_names *names, const char *name, size_t len, int add);

/* Parse TEXT into a new tree *OUT (free with gdt_expr_free).  Identifiers are
   looked up in NAMES and added to it in order of first appearance (on
   failure NAMES may keep names added before the error).  On failure *OUT is
   NULL and ERR has a one-line message and the byte offset of the bad token:

     GDT_ESYNTAX  "empty expression"                        (offset 0)
                  "unexpected character '$'"
                  "unexpected ')'"
                  "unexpected 'w' after the expression"     ("2 w", "(w 2)")
                  "expected an expression"                  (at "*" in "2+*3")
                  "expected an expression at the end"       (offset = length)
                  "missing ')'"               (at the '(' left open at the end)
                  "malformed number '1e'"
     GDT_EVALUE   "exponent must be a constant integer"     (at the identifier)
                  "exponent must be an integer, got 1/2"    (at the exponent)
     GDT_ERANGE   "exponent too large", "number out of range '1e9999999'",
                  "expression nested too deeply (more than 2000 levels)",
                  "too many names (more than 256)"
     GDT_EDIVZERO "division by zero in the exponent"        (at the '/' or '^')
     GDT_ENOMEM   "out of memory" */
gdt_status gdt_expr_parse(gdt_expr **out, const char *text, gdt_names *names,
                          gdt_error *err) GDT_MUST_CHECK;

/* The same with the data columns COLUMNS (NULL: no data set).  Further
   errors, GDT_EVALUE:
     "unknown function 'foo'", "exp takes 1 argument, got 2",
     "'exp' is a function: call it as exp(...)",
     "column 'x' outside mean() or sum() (a parameter cannot have a
     column's name)",
     "mean() needs a data set (--data FILE)" */
gdt_status gdt_expr_parse_data(gdt_expr **out, const char *text, gdt_names *names,
                               const gdt_names *columns, gdt_error *err) GDT_MUST_CHECK;

void gdt_expr_free(gdt_expr *e); /* E may be NULL */
gdt_status gdt_expr_copy(gdt_expr **out, const gdt_expr *e) GDT_MUST_CHECK;

/* 1 if E mentions parameter VAR (VAR < 0: any parameter), else 0. */
int gdt_expr_uses(const gdt_expr *e, int var);

/* What a derivative is at a kink, where a function has none (abs and relu
   at 0, min and max where the arguments tie): GDT_KINKS_ERROR, no value
   (the run stops there), or GDT_KINKS_TORCH, PyTorch's autograd's value:
   abs'(0) = 0 (sgn(0) = 0), relu'(0) = 0 (the threshold's mask x > 0),
   and min and max at a tie half the derivative of each argument
   (torch.minimum and torch.maximum split the gradient equally). */
typedef enum gdt_kinks { GDT_KINKS_ERROR, GDT_KINKS_TORCH } gdt_kinks;

/* A GDT_EXPR_SELECT's value where a = b, its n: */
typedef enum gdt_tie {
    GDT_TIE_NONE, /* c when c = d, else no value (GDT_EDOMAIN) */
    GDT_TIE_LOW,  /* c (relu' under --kinks torch) */
    GDT_TIE_MEAN  /* (c + d)/2 (abs', min', max' under --kinks torch) */
} gdt_tie;

/* The exact symbolic derivative of E with respect to parameter VAR, as a new
   tree.  Rules: c' = 0, v' = 1 or 0, (-u)' = -u', (u+-v)' = u' +- v',
   (uv)' = u'v + uv', (u/v)' = (u'v - uv')/v^2, (u^n)' = n*u^(n-1)*u',
   exp(u)' = exp(u)*u', log(u)' = u'/u, sqrt(u)' = u'/(2*sqrt(u)),
   sin(u)' = cos(u)*u', cos(u)' = -sin(u)*u', tan(u)' = (1 + tan(u)^2)*u',
   tanh(u)' = (1 - tanh(u)^2)*u', sigmoid(u)' = sigmoid(u)*(1 - sigmoid(u))*u',
   abs(u)' = (u < 0 ? -1 : 1)*u' (no value at u = 0), min(u, v)' =
   (u < v ? u' : v') and max(u, v)' = (u < v ? v' : u') (no value where
   u = v unless u' = v'), relu(u)' = (u < 0 ? 0 : 1)*u' (no value at 0),
   cosh(u)' = sinh(u)*u', sinh(u)' = cosh(u)*u', atan(u)' = u'/(1 + u^2),
   asinh(u)' = u'/sqrt(u^2 + 1), log1p(u)' = u'/(1 + u), expm1(u)' =
   exp(u)*u', softplus(u)' = sigmoid(u)*u', erf(u)' =
   2*exp(-u^2)/sqrt(pi)*u', logcosh(u)' = tanh(u)*u', pow(u, v)' =
   v*pow(u, v - 1)*u' when v is constant, pow(u, v)*log(u)*v' when u is,
   else pow(u, v)*(v'*log(u) + v*u'/u), huber(u, d)' =
   max(-d, min(u, d))*u' + relu(abs(u) - d)*d' (no kink: the values of
   min, max, abs and relu only), mean(u)' = mean(u'), sum(u)' = sum(u'), a data
   column's derivative is 0; the
   result is simplified only by exact identities that hold in every domain
   the operands can take (0+x, x*1, x^1, a constant times a constant, ...),
   so (w-1)^2 + 2 derives to 2*(w-1).  Subtrees of E are copied unchanged, so
   their rounding in a rounded domain is the one written in E.

   The identities used, all exact on the rationals: NUM op NUM folded (both
   operands NUM nodes; not a division by a zero NUM, which is kept so that
   evaluation reports it), x+0 = 0+x = x-0 = x, 0-x = -x, x*1 = 1*x = x,
   x*(-1) = -x, x/1 = x, x^1 = x, x^0 = 1, -(-x) = x, -(NUM) folded, and
   x*0 = 0*x = 0, 0/x = 0 (x not a zero NUM).  The last two drop x, so a
   derived formula gives 0 where x would have been inf, nan or a division
   by zero; we accept that for derivatives.  (u/v)' with v' = 0 is u'/v.
   Errors: GDT_ERANGE when an exponent n-1 does not fit in a long or the
   result has more than GDT_EXPR_MAX_DERIVED_NODES nodes; GDT_ENOMEM. */
gdt_status gdt_expr_derive(gdt_expr **out, const gdt_expr *e, int var,
                           gdt_error *err) GDT_MUST_CHECK;

/* The same with the derivatives at the kinks KINKS: gdt_expr_derive is
   it with GDT_KINKS_ERROR.  Under GDT_KINKS_TORCH abs', relu', min' and
   max' carry PyTorch's tie rule (gdt_tie). */
gdt_status gdt_expr_derive_kinks(gdt_expr **out, const gdt_expr *e, int var, gdt_kinks kinks,
                                 gdt_error *err) GDT_MUST_CHECK;

/* The derivative of dloss*E (dloss the named constant GDT_CONST_DLOSS,
   the seed of the backward pass: the loss scale under --loss-scale) with
   the seed where PyTorch's reverse mode multiplies it in: carried down
   from the root through the arithmetic as torch's backward formulas do,
   grad first ((u +- v): G into u, +-G into v; (u*v): G*v into u, G*u into
   v; (u/v): G/v into u, -G*((u/v)/v) into v; -u: -G; u^n: G*(n*u^(n-1))
   into u; the parameter: G), and at a function call or an aggregate G
   times that subtree's derivative by the rules above.  So the seed meets
   the loss's outer constants before anything small can underflow:
   1e-4*(w - 1)^2 gives (dloss*1e-4)*(2*(w - 1)).  A subtree without VAR
   has no part; 0 when E has no VAR.  Errors as gdt_expr_derive. */
gdt_status gdt_expr_derive_seeded(gdt_expr **out, const gdt_expr *e, int var, gdt_kinks kinks,
                                  gdt_error *err) GDT_MUST_CHECK;

/* Append E as text in the grammar above with no more parentheses than it
   needs to read back as the same tree: "2*(w - 1)", "(w - 1)^2 + 2",
   "2^3^2" is "2^9" (exponents are folded), "(2^3)^2", "(-w)^2", "-w^2",
   "a - (b - c)".  Spaces around binary + and -, none around * / ^.  Numbers
   are exact (gdt_q_get_str: "2", "0.1", "1/3").  A unary minus needs
   parentheses only as the base of ^: "w - -x", "2*-w", "--w".  (So the text
   of a parsed tree nests no deeper than the text it was read from, and
   always reads back.)  A number that prints negative ("-2") or as a fraction ("1/3") is parenthesised as an
   operand of * / ^ and of unary minus, and a negative one also right of +
   and -: "(-2)*w", "(1/3)*w", "w - (-2)", "w + 1/3".  Such numbers arise
   only from derivation; they read back as -(2) and 1 / 3, the same value. */
gdt_status gdt_expr_print(gdt_buf *out, const gdt_expr *e,
                          const gdt_names *names) GDT_MUST_CHECK;

/* The same with the data columns' names.  Calls print as "exp(w)",
   "min(a, b)", "mean(x*w)"; a GDT_EXPR_SELECT, which only derivation makes,
   prints as "(a < b ? c : d)", with the tie rule GDT_TIE_LOW as
   "(a <= b ? c : d)" and GDT_TIE_MEAN as "(a < b ? c : a > b ? d : m)"
   (m the mean of c and d, or "(c + d)/2"), which do not read back. */
gdt_status gdt_expr_print_data(gdt_buf *out, const gdt_expr *e, const gdt_names *names,
                               const gdt_names *columns) GDT_MUST_CHECK;

/* The degree of E as a polynomial in parameter VAR (other parameters count
   as constants; VAR < 0: in all parameters together), or -1 when E is not a polynomial in VAR (VAR in a
   denominator, a negative power of an expression in VAR).  The degree is
   that of the expression as written, an upper bound: (w+1) - w has
   degree 1. */
long gdt_expr_degree(const gdt_expr *e, int var);

#endif
