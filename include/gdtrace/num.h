/* gdtrace/num.h -- number domains: one method table, one file per domain */
#ifndef GDTRACE_NUM_H
#define GDTRACE_NUM_H

#include <stdint.h>
#include <gmp.h>
#include <mpfr.h>
#include "gdtrace/buf.h"
#include "gdtrace/decimal.h"
#include "gdtrace/func.h"
#include "gdtrace/status.h"

/* One value of any domain.  Which member is live is decided by the domain
   that initialised it; only that domain's methods may touch it. */
typedef union gdt_val {
    mpq_t q;   /* exact */
    mpfr_t f;  /* mpfr and the emulated IEEE formats (gdt_domain_init_ieee) */
    double d;  /* native-double; binary16, bfloat16, binary32 and binary64
                  as the mode table sets them up (gdt_domain_init_mode) */
    float s;   /* native-float */
    int64_t i; /* wrapping integers: the value, sign-extended */
    void *b;   /* ball: an Arb ball (arb_struct), allocated by the ball
                  domain's init and freed by its clear (num_ball.c) */
} gdt_val;

/* Sticky flags, set by rounded domains, never cleared by them.  They follow
   IEEE 754's default exception handling: UNDERFLOW when a nonzero result is
   tiny (after rounding) and inexact, OVERFLOW when the result rounded with
   an unbounded exponent is beyond the largest finite number, NAN (invalid
   operation) when a NaN is made from operands that are not NaN. */
enum {
    GDT_FLAG_INEXACT = 1u << 0,
    GDT_FLAG_UNDERFLOW = 1u << 1,
    GDT_FLAG_OVERFLOW = 1u << 2,
    GDT_FLAG_NAN = 1u << 3,
    GDT_FLAG_DIVBYZERO = 1u << 4
};

/* How a value is turned into text. */
typedef enum gdt_digits_kind {
    GDT_DIGITS_SHORTEST, /* floats: shortest decimal that reads back to the
                            same value (round to nearest) in Python repr
                            style; exact: the exact value */
    GDT_DIGITS_EXACT,    /* the exact decimal value (p/q when the exact value
                            has no finite decimal expansion) */
    GDT_DIGITS_HEX,      /* floats: C99 hex float; not for exact */
    GDT_DIGITS_N         /* N significant digits, correctly rounded to
                            nearest-even, printf %g layout */
} gdt_digits_kind;

typedef struct gdt_numfmt {
    gdt_digits_kind kind;
    int n;      /* with GDT_DIGITS_N: 1 .. 100000 */
    int python; /* 1: a Python literal as pprint prints it (int,
                   Fraction(p, q), float repr); only with SHORTEST */
} gdt_numfmt;

typedef struct gdt_domain gdt_domain;

/* The method table of a number domain.  Output first, inputs next, the
   domain (context) last.  Every arithmetic method rounds its result once to
   the domain (exact domains never round) and ORs what happened into
   D->flags.  Methods return GDT_OK, or an error for results that have no
   value in the domain (exact division by zero: GDT_EDIVZERO; in an integer
   domain division, negative powers and non-integer constants: GDT_EDOMAIN,
   constants out of range: GDT_ERANGE).

   func: the mpfr domain and the emulated IEEE formats round every function
   correctly (once); the native domains call the C library as native code
   would (exp, log, sin, cos, tan, tanh and their float forms, which are
   not correctly rounded, and sigmoid as 1/(1+exp(-x)) with three
   roundings; sqrt, abs, min and max equal the emulation's bit for bit).
   IEEE special values: log(0) = -inf (GDT_FLAG_DIVBYZERO), log(x < 0) and
   sqrt(x < 0) are NaN (GDT_FLAG_NAN), sqrt(-0) = -0, min(-0, +0) = -0,
   max(-0, +0) = +0, and min and max return a NaN when either operand is
   one (no flag).  The exact domain computes abs, min, max, the square
   root of a square of a rational and the rational values of the others
   at 0 (exp(0) = 1, log(1) = 0, sin, tan, tanh (0) = 0, cos(0) = 1,
   sigmoid(0) = 1/2); it gives GDT_EDOMAIN for log(x <= 0) and sqrt(x < 0)
   and GDT_EINEXACT when the value is irrational (every other argument).
   The integer domains compute abs (wrapping as NumPy's np.abs:
   abs(INT_MIN) = INT_MIN, recorded as GDT_FLAG_OVERFLOW like the negation
   it is), min and max, and give GDT_EDOMAIN for the other functions. */
typedef struct gdt_domain_ops {
    const char *kind; /* "exact", "mpfr", "ieee-hw", "native", "int",
                         "ball" */
    void (*init)(gdt_val *x, gdt_domain *d);
    void (*clear)(gdt_val *x, gdt_domain *d);
    /* r = q rounded once */
    gdt_status (*set_q)(gdt_val *r, const mpq_t q, gdt_domain *d);
    gdt_status (*set)(gdt_val *r, const gdt_val *a, gdt_domain *d);
    gdt_status (*neg)(gdt_val *r, const gdt_val *a, gdt_domain *d);
    gdt_status (*add)(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d);
    gdt_status (*sub)(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d);
    gdt_status (*mul)(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d);
    gdt_status (*div)(gdt_val *r, const gdt_val *a, const gdt_val *b, gdt_domain *d);
    /* r = a^n: the exact power, rounded once */
    gdt_status (*pow_si)(gdt_val *r, const gdt_val *a, long n, gdt_domain *d);
    /* r = c - a*b rounded once (fused); NULL when the domain has no such op */
    gdt_status (*fms)(gdt_val *r, const gdt_val *c, const gdt_val *a,
                      const gdt_val *b, gdt_domain *d);
    int (*is_zero)(const gdt_val *a, gdt_domain *d);  /* +0 and -0 are zero */
    int (*is_nan)(const gdt_val *a, gdt_domain *d);
    int (*is_inf)(const gdt_val *a, gdt_domain *d);
    /* 1 when A is a nonzero subnormal of the domain's IEEE format (domains
       with D->subnormal and the native ones); 0 in the other domains */
    int (*is_subnormal)(const gdt_val *a, gdt_domain *d);
    /* same value and, for floats, same bits (so -0 != +0, nan == nan) */
    int (*identical)(const gdt_val *a, const gdt_val *b, gdt_domain *d);
    /* the exact value of a finite A; GDT_EDOMAIN for inf and nan */
    gdt_status (*get_q)(mpq_t r, const gdt_val *a, gdt_domain *d);
    /* r = A (inf and nan too) rounded to the precision of R in direction
       RND, in MPFR's current exponent range, without the cost of A's
       exact value; returns MPFR's ternary value */
    int (*get_fr)(mpfr_ptr r, const gdt_val *a, mpfr_rnd_t rnd, gdt_domain *d);
    /* append the text of A in format F to OUT; GDT_ERANGE (nothing
       appended) when it would have more significant digits than D->max_bits
       allows, GDT_EINTERRUPTED when a stop was requested during a long
       conversion */
    gdt_status (*get_str)(gdt_buf *out, const gdt_val *a, const gdt_numfmt *f,
                          gdt_domain *d);
    /* an upper bound on the significant digits of that text (for "p/q",
       those of p and q together; for hex, the decimal digits of as many
       bits), found cheaply, without writing it: from the value's size in
       bits and the precision */
    size_t (*str_digits)(const gdt_val *a, const gdt_numfmt *f, gdt_domain *d);
    /* r = f(a) (min, max: f(a, b)), rounded once to the domain; B is
       ignored (and may be NULL) for the functions of one argument */
    gdt_status (*func)(gdt_val *r, gdt_func f, const gdt_val *a,
                       const gdt_val *b, gdt_domain *d);
    /* -1, 0, 1 when a <, ==, > b (-0 == +0); 2 when unordered (a nan);
       GDT_CMP_UNKNOWN when the domain cannot tell (the ball domain: two
       balls that overlap, unless both are the same exact number) */
    int (*cmp)(const gdt_val *a, const gdt_val *b, gdt_domain *d);
    /* A bracket around many operations (gdt_domain_enter/leave): enter
       sets up once what every method otherwise sets up and undoes around
       itself (MPFR's exponent range and flags, the machine's rounding
       direction and exception flags), leave puts the caller's back.  The
       methods give the same results and flags inside a bracket as outside;
       inside, only D's methods may run in between (no other domain's, no
       other floating-point code).  NULL: the domain needs none. */
    void (*enter)(gdt_domain *d);
    void (*leave)(gdt_domain *d);
    /* The ball domain only (NULL in the others): how many significant
       decimal digits A proves, at most CAP: the most n, up to what the
       ratio of A's midpoint to its radius allows (and CAP), such that
       every number in the ball rounded to nearest to n significant
       digits gives one same decimal, which is then the exact-real
       value's (0 for a ball that holds numbers of both signs, or is not
       finite).  Fewer digits need not agree: a ball around 1.5 proves
       17 (1.5000000000000000), not 1.  *EXACT is set to 1 when
       A's radius is 0: then the count is that of A's exact decimal value
       (at most CAP), and every digit is proven. */
    size_t (*certified)(const gdt_val *a, size_t cap, int *exact, gdt_domain *d);

    /* What the domain has, declared here, never found out by trying an
       operation (whose result depends on the value tried). */
    int exact;      /* 1: results are never rounded, so a sum may be regrouped
                       (the sums over data rows are, pairwise) */
    int has_div;    /* 1: div and negative powers; 0: they always give
                       GDT_EDOMAIN (the integer domains) */
    unsigned funcs; /* the functions func computes for some argument at
                       least (GDT_FUNC_BIT(f)); for the others it always
                       gives GDT_EDOMAIN */
} gdt_domain_ops;

/* What gdt_domain_ops.cmp returns when the domain cannot order A and B
   (two balls that overlap): a caller that must branch on it gives
   GDT_EUNDECIDED, which more precision may settle. */
#define GDT_CMP_UNKNOWN 3

/* The bit of function F in gdt_domain_ops.funcs, and all of them. */
#define GDT_FUNC_BIT(f) (1u << (unsigned)(f))
#define GDT_FUNCS_ALL (GDT_FUNC_BIT(GDT_FN_COUNT) - 1u)

/* What a native domain hands over to the emulation of its format
   (num-impl.h). */
struct gdt_native;

/* A number domain: its methods and its context. */
struct gdt_domain {
    const gdt_domain_ops *ops;
    const char *name;     /* as the user names it: "exact", "mpfr",
                             "binary64", "native-double", "int32" */
    mpfr_prec_t prec;     /* rounded domains: precision in bits; integer
                             domains: the width (8, 16, 32, 64) */
    mpfr_rnd_t rnd;       /* rounded domains: rounding direction */
    mpfr_exp_t emin, emax;/* exponent range (MPFR convention) */
    int subnormal;        /* 1: gradual underflow as IEEE 754 */
    unsigned flags;       /* sticky GDT_FLAG_* */
    size_t max_bits;      /* exact: refuse (GDT_ERANGE) a result that could
                             need more bits than this; every domain: refuse
                             (GDT_ERANGE) to write a text with more
                             significant digits than a fraction of this many
                             bits has, floor(max_bits log10 2) + 2; 0: no
                             limit */
    gdt_cancel *stop;     /* the stop flag that the long loops working in
                             this domain poll: the conversion of a huge value
                             to text (get_str, gdt_domain_check_str) and a
                             program's sums over the data rows
                             (gdt_program_eval) give GDT_EINTERRUPTED once
                             it is set.  NULL (as every gdt_domain_init_*
                             leaves it): never.  gdt_session_stepper sets it
                             before the stepper sums the data's moments;
                             gdt_run_steps, gdt_run_compare and
                             gdt_resume_run point it at their gdt_run_opts'
                             flag when they start (run.h); whoever drives
                             the domain otherwise sets it. */
    /* Scratch space for the methods, owned by the domain: a domain is set
       up by one gdt_domain_init_* and released by gdt_domain_clear, and is
       not to be copied by value. */
    mpz_t tz;
    mpq_t tq;
    mpfr_t tf;            /* at PREC bits */
    gdt_buf tb;           /* text */
    /* Native domains and the mode table's binary16, bfloat16, binary32 and
       binary64 only (NULL in the others): the IEEE emulation of the same format,
       owned, which does what they do not round once themselves (pow_si,
       set_q, ...) and printing. */
    struct gdt_native *native;
    /* The stochastic rounding in force (gdtrace/sr.h), or NULL (as every
       gdt_domain_init_* leaves it): a stepper with --sr points it at its
       generator for the time of its evaluation and update, and program
       evaluation and the update round through it. */
    struct gdt_sr *sr;
    /* The bracket (gdt_domain_enter): how deep, and the caller's state
       that its outermost enter saved. */
    unsigned inside;
    mpfr_exp_t saved_emin, saved_emax;
    mpfr_flags_t saved_flags;
    unsigned saved_csr;
};

/* Open and close a bracket around a run of D's methods (gdt_domain_ops
   enter and leave); brackets nest, only the outermost one does the work.
   Every enter needs its leave before D is used by anyone else. */
static inline void
gdt_domain_enter(gdt_domain *d)
{
    if (d->ops->enter != NULL && d->inside++ == 0)
        d->ops->enter(d);
}

static inline void
gdt_domain_leave(gdt_domain *d)
{
    if (d->ops->leave != NULL && --d->inside == 0)
        d->ops->leave(d);
}

/* Every gdt_domain_init_* sets D up from scratch (whatever D held is
   overwritten, not released) and is undone by gdt_domain_clear, which must
   be called whether the init succeeded or failed: a failed init leaves D
   empty (D->ops NULL), and clearing it does nothing. */

/* Set D up as the exact domain (GMP integers and rationals). */
void gdt_domain_init_exact(gdt_domain *d);

/* Release what a gdt_domain_init_* function allocated in D and leave it
   empty; D may be NULL, empty, or what an init failed on.  Values of D must
   have been cleared with D->ops->clear before. */
void gdt_domain_clear(gdt_domain *d);

/* Set D up as MPFR at PREC bits (MPFR_PREC_MIN .. MPFR_PREC_MAX), rounding
   RND (MPFR_RNDN, RNDZ, RNDU, RNDD or RNDA), with MPFR's default exponent
   range and no subnormals.  GDT_EVALUE for a bad PREC or RND.  set_q
   rounds in RND like every other method. */
gdt_status gdt_domain_init_mpfr(gdt_domain *d, mpfr_prec_t prec, mpfr_rnd_t rnd)
    GDT_MUST_CHECK;

/* Set D up as the IEEE 754 binary format NAME, emulated bit for bit with
   MPFR (precision, exponent range and subnormals of the format), rounding
   RND.  NAME is one of binary16 (alias half, float16), bfloat16, binary32
   (single, float32), binary64 (double, float64), binary128 (quad).
   GDT_EVALUE for an unknown NAME or a bad RND.  MPFR's exponent range is
   global: each method sets the domain's range for the time of the call and
   restores the caller's (or gdt_domain_enter and gdt_domain_leave do, once
   around many), so domains of different formats can be used side by side
   (not from several threads at once). */
gdt_status gdt_domain_init_ieee(gdt_domain *d, const char *name, mpfr_rnd_t rnd)
    GDT_MUST_CHECK;

/* Set D up as the machine's own arithmetic: NAME is "native-double" (C
   double) or "native-float" (C float), rounding RND (MPFR_RNDN, RNDZ, RNDU
   or RNDD through <fenv.h>; C has no RNDA).  Results and flags are those of
   gdt_domain_init_ieee's "binary64" or "binary32" bit for bit: + - * / and
   negation are C's operators, fms is fma (-a, b, c), pow_si with n = 0, 1,
   2, -1 is 1, x, x*x, 1/x, with 3 <= n <= 8 the exact power rounded once on
   integers, and the other powers, set_q and printing go through the IEEE
   emulation.  Each method sets RND for its own time and restores the
   caller's rounding direction and exception flags (on x86-64,
   gdt_domain_enter and gdt_domain_leave do it once around many).  GDT_EVALUE
   for an unknown NAME or a bad RND, or on a machine that evaluates floats
   in excess precision (FLT_EVAL_METHOD != 0); GDT_ENOMEM when out of
   memory. */
gdt_status gdt_domain_init_native(gdt_domain *d, const char *name,
                                  mpfr_rnd_t rnd) GDT_MUST_CHECK;

/* Set D up as two's-complement integers that wrap around as NumPy's and
   PyTorch's integer tensors do: NAME is "int8", "int16", "int32" or
   "int64".  + - * negation, fms (c - a*b) and pow_si (n >= 0) are computed
   modulo 2^width; GDT_FLAG_OVERFLOW records that a result wrapped.
   Division and negative powers give GDT_EDOMAIN; set_q gives GDT_EDOMAIN
   for a non-integer and GDT_ERANGE for an integer outside the width's
   range (NumPy's OverflowError).  Printing: the integer's digits (HEX is
   GDT_EDOMAIN; N rounds to N significant digits as gdt_q_get_str_n).
   GDT_EVALUE for an unknown NAME. */
gdt_status gdt_domain_init_int(gdt_domain *d, const char *name) GDT_MUST_CHECK;

/* Set D up as Arb's balls at a working precision of PREC bits
   (MPFR_PREC_MIN .. MPFR_PREC_MAX): every value is a midpoint and a
   radius, and every method returns a ball that holds the exact result
   of its operation on every number of its operands' balls (the
   exact-real value), exact where Arb keeps it so (the sum, product and
   powers of exact balls that fit PREC bits; rationals with a power of 2
   as denominator).  No rounding direction, no exponent range: exponents
   are unbounded.  Every function is Arb's enclosure (sigmoid, softplus,
   logcosh and huber as compositions that hold the value; min, max, abs
   and relu of balls whose order is unknown hold both candidates).
   cmp gives GDT_CMP_UNKNOWN for overlapping balls; certified counts the
   digits a ball proves.  Texts: GDT_DIGITS_N, the midpoint correctly
   rounded to N digits (which the caller has made sure the ball proves:
   certified); GDT_DIGITS_SHORTEST and GDT_DIGITS_EXACT, the exact
   decimal of a ball of radius 0, else the digits the ball proves in
   printf %g layout ("?" when none); GDT_DIGITS_HEX is GDT_EDOMAIN.
   get_q and get_fr give the midpoint.  GDT_EVALUE for a bad PREC;
   GDT_EUNAVAILABLE when the ball module (gdtrace-ball.so, which holds
   Arb) cannot be loaded: gdt_ball_load says why. */
gdt_status gdt_domain_init_ball(gdt_domain *d, mpfr_prec_t prec) GDT_MUST_CHECK;

/* Load the ball module, gdtrace-ball.so, unless it is loaded already:
   the first ball domain does, from whichever thread, once a process.  It
   is looked for in $GDTRACE_MODULE_DIR when set, else next to the
   program or libgdtrace.so (and in its gdtrace/ directory), else in the
   installed LIBDIR/gdtrace.  GDT_OK, or GDT_EUNAVAILABLE with ERR (may
   be NULL) as "cannot load PATH: REASON" (missing, dlopen's error, a
   module of another build), for the rest of the process. */
gdt_status gdt_ball_load(gdt_error *err) GDT_MUST_CHECK;

/* Free the calling thread's caches of Arb and FLINT (the constants,
   the exponent pool): a thread that computed on balls calls it before it
   ends, as it calls mpfr_free_cache2 for MPFR's. */
void gdt_ball_thread_cleanup(void);

/* Set ball domain D's working precision to PREC bits: the balls it holds
   keep their values, the operations from now on work at PREC.  GDT_EVALUE
   for a bad PREC. */
gdt_status gdt_ball_set_prec(gdt_domain *d, mpfr_prec_t prec) GDT_MUST_CHECK;

/* LO <= HI: the ends of ball A of D (a ball domain), exactly or just
   outside it, so that [LO, HI] holds every number A holds.  GDT_EDOMAIN
   when A is not finite, GDT_ERANGE when an end's exponent is no long. */
gdt_status gdt_ball_get_ends(mpq_t lo, mpq_t hi, const gdt_val *a, gdt_domain *d)
    GDT_MUST_CHECK;

/* R = a ball of D (a ball domain) that holds every number of [LO, HI]
   (LO <= HI): Arb's union of the two ends' balls, at D's precision. */
gdt_status gdt_ball_set_ends(gdt_val *r, const mpq_t lo, const mpq_t hi, gdt_domain *d)
    GDT_MUST_CHECK;

/* GDT_ERANGE when D->ops->get_str would refuse to write A in format F
   because of D->max_bits, GDT_OK when it would not: cheap when the text
   is far below the limit (D->ops->str_digits), else the text is made and
   thrown away.  GDT_EINTERRUPTED and GDT_ENOMEM as get_str. */
gdt_status gdt_domain_check_str(const gdt_val *a, const gdt_numfmt *f, gdt_domain *d)
    GDT_MUST_CHECK;

/* 1 when gdt_domain_check_str says GDT_OK for every value of D in format
   F, known without a value: D has no max_bits, or F is the shortest and D
   an IEEE format of at most 53 bits or an MPFR domain, whose precision
   bounds its texts' digits below what max_bits allows.  0 when each value
   must be asked. */
int gdt_domain_str_fits(const gdt_numfmt *f, const gdt_domain *d);

/* Set R from TEXT, a value as a domain's get_str printed it (any digits
   kind: shortest, exact, hex, "inf", "-inf", "nan", "-0.0"), read back the
   way shortest strings are meant to be read: rounded to nearest in D,
   whatever D's own rounding direction.  GDT_ESYNTAX when TEXT is no such
   value; the domain's status when it cannot hold it. */
gdt_status gdt_domain_read(gdt_val *r, const char *text, gdt_domain *d) GDT_MUST_CHECK;

/* Set R to the constant C (pi) correctly rounded once into D: MPFR's
   value at D's precision in D's rounding direction, which every rounded
   domain then holds exactly.  GDT_EINEXACT in an exact domain, which holds
   rationals only; an integer domain refuses it as any value that is no
   integer. */
gdt_status gdt_domain_set_const(gdt_val *r, gdt_const c, gdt_domain *d) GDT_MUST_CHECK;

#endif
