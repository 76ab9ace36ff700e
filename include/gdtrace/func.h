/* gdtrace/func.h -- the functions an expression calls and the constants
   it names, by name: the one table that the parser, the printer, the data
   reader and the number domains read */
#ifndef GDTRACE_FUNC_H
#define GDTRACE_FUNC_H

#include <stddef.h>

/* The elementary functions, evaluated by a domain's func method (num.h).
   sigmoid(x) is 1/(1 + exp(-x)); min and max take two arguments and
   propagate a NaN as NumPy's np.minimum and PyTorch's torch.minimum do.
   softplus(x) is log(1 + exp(x)), relu(x) max(0, x) (relu(-0) = +0),
   pow(x, y) x^y as C's pow (pow(x, 0) = 1, pow(-8, 1/3) a NaN),
   huber(x, d) PyTorch's Huber loss of x with threshold d (x^2/2 where
   |x| <= d, else d*(|x| - d/2)) and logcosh(x) log(cosh(x)); each is one
   function, rounded once where the domain rounds correctly. */
typedef enum gdt_func {
    GDT_FN_EXP, GDT_FN_LOG, GDT_FN_SQRT, GDT_FN_SIN, GDT_FN_COS, GDT_FN_TAN,
    GDT_FN_TANH, GDT_FN_SIGMOID, GDT_FN_ABS, GDT_FN_MIN, GDT_FN_MAX,
    GDT_FN_COSH, GDT_FN_SINH, GDT_FN_ATAN, GDT_FN_ASINH, GDT_FN_LOG1P,
    GDT_FN_EXPM1, GDT_FN_SOFTPLUS, GDT_FN_RELU, GDT_FN_ERF, GDT_FN_POW,
    GDT_FN_HUBER, GDT_FN_LOGCOSH,
    GDT_FN_COUNT /* the number of functions, no function */
} gdt_func;

/* The aggregates over the rows of a data set: mean(u) and sum(u). */
enum { GDT_AGG_MEAN, GDT_AGG_SUM };

/* The name of F as expressions write it: "exp", "log", "sqrt", "sin",
   "cos", "tan", "tanh", "sigmoid", "abs", "min", "max", "cosh", "sinh",
   "atan", "asinh", "log1p", "expm1", "softplus", "relu", "erf", "pow",
   "huber", "logcosh"; NULL for a value that is no gdt_func. */
const char *gdt_func_name(gdt_func f);

/* The function whose name is the LEN bytes at S (not NUL-terminated);
   -1 when there is none. */
int gdt_func_from_name(const char *s, size_t len);

/* The number of arguments of F: 2 for min, max, pow and huber, else 1. */
int gdt_func_arity(gdt_func f);

/* The name of aggregate AGG ("mean", "sum"). */
const char *gdt_agg_name(int agg);

/* The aggregate whose name is the LEN bytes at S; -1 when there is none. */
int gdt_agg_from_name(const char *s, size_t len);

/* The named constants: pi, an irrational number that only the rounded
   modes hold, rounded once into the mode as a literal is; and dloss,
   dL/dL, the seed of the backward pass, which a hand-written --grad names
   where torch's backward multiplies it in: 1 in every mode, the loss
   scale S under --loss-scale (the stepper sets its registers each step;
   the parser takes it anywhere, gdt_problem_init refuses it in the loss). */
typedef enum gdt_const { GDT_CONST_PI, GDT_CONST_DLOSS } gdt_const;

/* The name of C as expressions write it ("pi"); NULL for a value that is
   no gdt_const. */
const char *gdt_const_name(gdt_const c);

/* The constant whose name is the LEN bytes at S; -1 when there is none. */
int gdt_const_from_name(const char *s, size_t len);

/* 1 when the LEN bytes at S name a function, an aggregate or a constant,
   which no parameter or data column can be named. */
int gdt_func_reserved(const char *s, size_t len);

#endif
