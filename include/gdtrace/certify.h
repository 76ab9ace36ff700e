/* gdtrace/certify.h -- run --certify: the exact-real trajectory as balls,
   at the precision its printed digits need */
#ifndef GDTRACE_CERTIFY_H
#define GDTRACE_CERTIFY_H

#include <mpfr.h>
#include "gdtrace/run.h"
#include "gdtrace/session.h"
#include "gdtrace/status.h"

/* What a printed value must prove. */
typedef enum gdt_certify_need {
    GDT_CERTIFY_DIGITS,    /* DIGITS significant digits (a ball of radius 0
                              proves every digit) */
    GDT_CERTIFY_SOME,      /* one digit at least: --digits certified, which
                              prints what each ball proves */
    GDT_CERTIFY_EXACT      /* every digit: a ball of radius 0 */
} gdt_certify_need;

typedef struct gdt_certify_opts {
    gdt_certify_need need;
    size_t digits;         /* with GDT_CERTIFY_DIGITS */
    mpfr_prec_t prec;      /* the first working precision, in bits */
    mpfr_prec_t max_prec;  /* the cap: past it the run stops,
                              precision-limit */
    int no_partials;       /* 1: the records show no partials unless the
                              sink's fields ask for them (text) */
    int contracting;       /* 1 (one parameter): stop, GDT_STOP_CONTRACTING,
                              at the first step whose state passes the
                              Krawczyk test (gdtrace/contract.h): the run
                              converges forever */
} gdt_certify_opts;

/* What a certified run found. */
typedef struct gdt_certify_result {
    mpfr_prec_t prec;      /* the working precision of the run that was
                              printed to its end (the last one tried, with
                              GDT_STOP_PRECISION_LIMIT) */
    unsigned restarts;     /* how many times the precision doubled */
    int limited;           /* 1: the run stopped, GDT_STOP_PRECISION_LIMIT */
    unsigned long step;    /* then: the first step that the cap could not
                              certify */
} gdt_certify_result;

/* Run SS's program from O's w0 with its lr and max_iter as balls
   (gdt_domain_init_ball), at CO->prec bits first, handing OUT the steps
   it prints (OUT->every) as gdt_run_steps does.  Where a printed value
   (a step's, or the summary's) proves less than CO->need, or a
   comparison the program branches on cannot be decided
   (GDT_EUNDECIDED), the precision doubles and the run starts again from
   w0; steps already handed to OUT are not handed again (the digits they
   printed are the true value's, which every later ball holds).  Past
   CO->max_prec the run ends there: OUT's summary with stop
   GDT_STOP_PRECISION_LIMIT at that step, without values, and ERR saying
   which step and precision.  The stop rules that need exact equality
   (grad-zero, cycle, stall) and nonfinite are not used; O's mode, prec,
   rnd and update are ignored (the update is w - lr*g on balls).  With
   CO->contracting, each step past those handed on already is tested, and
   the first that passes ends the run there, stop "contracting" (its
   summary proving the digits asked as any); GDT_EVALUE when the loss has
   several parameters, or g no derivative as written.  RES
   says the precision of the printed run.  Errors as gdt_run_steps;
   GDT_OK on a precision limit (OUT's summary says it). */
gdt_status gdt_run_certify(gdt_session *ss, const gdt_session_opts *o,
                           const gdt_certify_opts *co, const gdt_run_sink *out,
                           const gdt_run_info *info, const gdt_run_opts *opts,
                           gdt_certify_result *res, gdt_error *err) GDT_MUST_CHECK;

#endif
