/* func -- the names of the functions, aggregates and constants of the
   expression language, written once */
#include <string.h>
#include "gdtrace/func.h"

/* indexed by gdt_func */
static const struct {
    const char *name;
    int arity;
} funcs[] = {
    [GDT_FN_EXP] = { "exp", 1 },
    [GDT_FN_LOG] = { "log", 1 },
    [GDT_FN_SQRT] = { "sqrt", 1 },
    [GDT_FN_SIN] = { "sin", 1 },
    [GDT_FN_COS] = { "cos", 1 },
    [GDT_FN_TAN] = { "tan", 1 },
    [GDT_FN_TANH] = { "tanh", 1 },
    [GDT_FN_SIGMOID] = { "sigmoid", 1 },
    [GDT_FN_ABS] = { "abs", 1 },
    [GDT_FN_MIN] = { "min", 2 },
    [GDT_FN_MAX] = { "max", 2 },
    [GDT_FN_COSH] = { "cosh", 1 },
    [GDT_FN_SINH] = { "sinh", 1 },
    [GDT_FN_ATAN] = { "atan", 1 },
    [GDT_FN_ASINH] = { "asinh", 1 },
    [GDT_FN_LOG1P] = { "log1p", 1 },
    [GDT_FN_EXPM1] = { "expm1", 1 },
    [GDT_FN_SOFTPLUS] = { "softplus", 1 },
    [GDT_FN_RELU] = { "relu", 1 },
    [GDT_FN_ERF] = { "erf", 1 },
    [GDT_FN_POW] = { "pow", 2 },
    [GDT_FN_HUBER] = { "huber", 2 },
    [GDT_FN_LOGCOSH] = { "logcosh", 1 },
};

/* indexed by GDT_AGG_* */
static const char *const aggs[] = {
    [GDT_AGG_MEAN] = "mean",
    [GDT_AGG_SUM] = "sum",
};

#define NFUNC (sizeof funcs / sizeof funcs[0])
#define NAGG (sizeof aggs / sizeof aggs[0])

static int
same(const char *name, const char *s, size_t len)
{
    return strlen(name) == len && memcmp(name, s, len) == 0;
}

const char *
gdt_func_name(gdt_func f)
{
    return (unsigned)f < NFUNC ? funcs[f].name : NULL;
}

int
gdt_func_from_name(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < NFUNC; i++)
        if (same(funcs[i].name, s, len))
            return (int)i;
    return -1;
}

int
gdt_func_arity(gdt_func f)
{
    return (unsigned)f < NFUNC ? funcs[f].arity : 1;
}

const char *
gdt_agg_name(int agg)
{
    return (unsigned)agg < NAGG ? aggs[agg] : NULL;
}

/* The index of the name of the LEN bytes at S among the N NAMES; -1. */
static int
find(const char *const *names, size_t n, const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (same(names[i], s, len))
            return (int)i;
    return -1;
}

int
gdt_agg_from_name(const char *s, size_t len)
{
    return find(aggs, NAGG, s, len);
}

/* indexed by gdt_const */
static const char *const consts[] = {
    [GDT_CONST_PI] = "pi",
    [GDT_CONST_DLOSS] = "dloss",
};

#define NCONST (sizeof consts / sizeof consts[0])

const char *
gdt_const_name(gdt_const c)
{
    return (unsigned)c < NCONST ? consts[c] : NULL;
}

int
gdt_const_from_name(const char *s, size_t len)
{
    return find(consts, NCONST, s, len);
}

int
gdt_func_reserved(const char *s, size_t len)
{
    return gdt_func_from_name(s, len) >= 0 || gdt_agg_from_name(s, len) >= 0
           || gdt_const_from_name(s, len) >= 0;
}
