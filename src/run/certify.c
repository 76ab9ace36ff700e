/* certify -- run --certify: the exact-real trajectory as balls, the
   working precision doubled until every printed digit is proven

   The run is gdt_run_steps on a stepper in the ball domain, its sink
   wrapped: each step handed on is checked first (every value it prints
   proves what CO->need asks), and so is the summary.  A value that
   proves too little, or a comparison the balls cannot decide, abandons
   the run; it starts again from w0 at twice the precision, and the
   steps already handed on are skipped.  With --digits N or exact their
   text is the same at any precision that proves it: the digits are
   those of the exact-real value, which every ball holds; --digits
   certified prints what each ball proves, so a step printed before a
   restart may show fewer (all of them proven). */
#include <stdint.h>
#include <string.h>
#include "gdtrace/certify.h"
#include "gdtrace/contract.h"

/* The wrapper around the caller's sink, and what it saw. */
struct certify_sink {
    const gdt_run_sink *out;
    const gdt_certify_opts *co;
    int began;              /* OUT's begin was called */
    int handed;             /* some step was handed to OUT */
    unsigned long last;     /* the last step handed to OUT */
    int short_of;           /* the run was abandoned: too little proven */
    int branch;             /* (a branch the balls could not decide) */
    unsigned long step;     /* at this step */
    gdt_contract *con;      /* CO->contracting: the test, else NULL */
};

/* The stepper's rule (CO->contracting): GDT_STOP_CONTRACTING at the
   first step past those handed on whose state passes the test. */
static gdt_status
contracting(void *ctx, const gdt_stepper *s, gdt_stop *stop, gdt_error *err)
{
    struct certify_sink *w = ctx;
    int proven = 0;
    gdt_status st;

    if (w->handed && s->k <= w->last)
        return GDT_OK;
    st = gdt_contract_test(&proven, w->con, gdt_stepper_param(s, 0), &s->lr[0], s->dom);
    if (st != GDT_OK)
        return gdt_error_set(err, st, SIZE_MAX, "step %lu: the contraction test: %s", s->k,
                             gdt_status_str(st));
    if (proven)
        *stop = GDT_STOP_CONTRACTING;
    return GDT_OK;
}

/* 1 when V proves what CO asks. */
static int
proves(const gdt_val *v, const gdt_certify_opts *co, gdt_domain *d)
{
    int exact = 0;
    size_t need = co->need == GDT_CERTIFY_DIGITS ? co->digits : 1;
    /* (one digit: any count, as a ball around 1.5 proves 17 but not 1) */
    size_t c = d->ops->certified(v, co->need == GDT_CERTIFY_DIGITS ? need : SIZE_MAX, &exact, d);

    if (co->need == GDT_CERTIFY_EXACT)
        return exact;
    return exact || c >= need;
}

/* 1 when every value of S that a record prints (FIELDS, NULL: all; with
   SUMMARY, the parameters and the loss) proves what CO asks. */
static int
step_proves(const gdt_stepper *s, const unsigned char *fields, int summary,
            const gdt_certify_opts *co)
{
    size_t i, n = s->prog->nparams;

    for (i = 0; i < n; i++) {
        if ((fields == NULL || fields[GDT_FIELD_PARAM(i)] || summary)
            && !proves(gdt_stepper_param(s, i), co, s->dom))
            return 0;
        if (!summary && (fields != NULL ? fields[GDT_FIELD_PARTIAL(n, i)] : !co->no_partials)
            && !proves(gdt_stepper_partial(s, i), co, s->dom))
            return 0;
    }
    if (s->has_loss && (fields == NULL || summary || fields[GDT_FIELD_LOSS(n)])
        && !proves(gdt_stepper_loss(s), co, s->dom))
        return 0;
    return 1;
}

static gdt_status
c_begin(void *ctx, const gdt_run_info *info, const gdt_stepper *s, gdt_error *err)
{
    struct certify_sink *w = ctx;

    if (w->began)
        return GDT_OK;
    w->began = 1;
    return w->out->begin(w->out->ctx, info, s, err);
}

static gdt_status
c_step(void *ctx, const gdt_stepper *s, gdt_error *err)
{
    struct certify_sink *w = ctx;
    gdt_status st;

    if (w->handed && s->k <= w->last)
        return GDT_OK; /* printed by a run at a lower precision */
    if (!step_proves(s, w->out->fields, 0, w->co)) {
        w->short_of = 1;
        w->step = s->k;
        return gdt_error_set(err, GDT_EUNDECIDED, SIZE_MAX,
                             "step %lu: %ld bits prove too few digits", s->k,
                             (long)s->dom->prec);
    }
    st = w->out->step(w->out->ctx, s, err);
    w->handed = 1;
    w->last = s->k;
    return st;
}

static gdt_status
c_end(void *ctx, const gdt_stepper *s, gdt_error *err)
{
    struct certify_sink *w = ctx;

    /* a branch the balls could not decide, or a summary that proves too
       little: again, at more precision */
    w->branch = s->stop == GDT_STOP_ERROR && err->status == GDT_EUNDECIDED;
    if (w->branch || (s->evaluated && !step_proves(s, w->out->fields, 1, w->co))) {
        w->short_of = 1;
        w->step = s->k;
        return gdt_error_set(err, GDT_EUNDECIDED, SIZE_MAX,
                             "step %lu: %ld bits prove too few digits", s->k,
                             (long)s->dom->prec);
    }
    return w->out->end(w->out->ctx, s, err);
}

/* Free what one run at a precision set up: the contraction test's
   registers (in DOM), S and DOM. */
static void
run_clear(struct certify_sink *w, gdt_stepper *s, gdt_domain *dom)
{
    if (w->con != NULL) {
        gdt_contract_clear(w->con);
        gdt_contract_init(w->con, w->con->row, NULL);
    }
    gdt_stepper_clear(s);
    gdt_domain_clear(dom);
}

/* gdt_run_certify's runs, from PREC bits, W wrapping OUT. */
static gdt_status
certify_runs(struct certify_sink *w, gdt_session *ss, const gdt_session_opts *o,
             const gdt_certify_opts *co, const gdt_run_info *info, const gdt_run_opts *opts,
             gdt_certify_result *res, mpfr_prec_t prec, gdt_error *err)
{
    const gdt_run_sink *out = w->out;
    gdt_run_sink sink = *out;
    gdt_session_opts bo = *o;
    gdt_domain dom;
    gdt_stepper s;
    gdt_status st;

    sink.ctx = w;
    sink.begin = c_begin;
    sink.step = c_step;
    sink.end = c_end;
    sink.record = NULL;
    /* rules of exact equality cannot be decided on balls */
    bo.stop_on_zero = bo.detect_cycles = bo.stop_on_stall = bo.stop_on_nonfinite = 0;
    bo.update = GDT_UPDATE_SUB;
    res->restarts = 0;
    res->limited = 0;
    res->step = 0;
    if (prec > co->max_prec)
        prec = co->max_prec;
    for (;;) {
        res->prec = prec;
        w->short_of = w->branch = 0;
        st = gdt_domain_init_ball(&dom, prec);
        if (st != GDT_OK) {
            gdt_domain_clear(&dom);
            return gdt_error_set(err, st, SIZE_MAX, "--max-prec: %ld bits: %s", (long)prec,
                                 gdt_status_str(st));
        }
        st = gdt_session_stepper_in(ss, &dom, &s, &bo, err);
        if (st == GDT_OK && w->con != NULL) {
            s.rule = contracting;
            s.rule_ctx = w;
        }
        if (st == GDT_OK)
            st = gdt_run_steps(&s, &sink, info, opts, err);
        if (!w->short_of || st != GDT_EUNDECIDED) {
            run_clear(w, &s, &dom);
            return st;
        }
        if (prec >= co->max_prec) {
            /* the cap: the summary at that step, its values unproven */
            res->limited = 1;
            res->step = w->step;
            s.k = w->step;
            s.stop = GDT_STOP_PRECISION_LIMIT;
            s.evaluated = 0;
            s.has_loss = 0;
            if (w->branch)
                gdt_error_set(err, GDT_EUNDECIDED, SIZE_MAX,
                              "step %lu: a comparison the loss branches on is undecided at "
                              "%ld bits (--max-prec)", w->step, (long)prec);
            else
                gdt_error_set(err, GDT_EUNDECIDED, SIZE_MAX,
                              "step %lu: %ld bits (--max-prec) prove fewer digits than asked%s",
                              w->step, (long)prec,
                              co->need == GDT_CERTIFY_EXACT
                                  ? " (--digits exact: only a value that is a binary fraction "
                                    "has a ball of radius 0, and 0.1, 1/3, pi are none)"
                                  : "");
            st = w->began ? out->end(out->ctx, &s, err) : GDT_OK;
            run_clear(w, &s, &dom);
            return st;
        }
        if (gdt_run_stopped(opts)) {
            /* asked to stop between two runs: the summary of the steps
               handed on, at the step the next run would have begun at */
            s.k = w->step;
            s.stop = GDT_STOP_INTERRUPTED;
            s.evaluated = 0;
            s.has_loss = 0;
            gdt_error_clear(err);
            st = w->began ? out->end(out->ctx, &s, err) : GDT_OK;
            run_clear(w, &s, &dom);
            return st;
        }
        run_clear(w, &s, &dom);
        prec = prec > co->max_prec / 2 ? co->max_prec : 2 * prec;
        res->restarts++;
    }
}

gdt_status
gdt_run_certify(gdt_session *ss, const gdt_session_opts *o, const gdt_certify_opts *co,
                const gdt_run_sink *out, const gdt_run_info *info, const gdt_run_opts *opts,
                gdt_certify_result *res, gdt_error *err)
{
    struct certify_sink w = { .out = out, .co = co };
    gdt_program row;
    gdt_contract con;
    gdt_status st;

    if (co->contracting) {
        if (ss->problem.n != 1)
            return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                                 "the contraction test is for a loss of one parameter");
        if ((st = gdt_program_init_hessian_row(&row, &ss->problem, &ss->program, 0, err))
            != GDT_OK) {
            gdt_program_clear(&row);
            return st;
        }
        gdt_contract_init(&con, &row, NULL);
        w.con = &con;
    }
    st = certify_runs(&w, ss, o, co, info, opts, res, co->prec, err);
    if (co->contracting) {
        gdt_contract_clear(&con);
        gdt_program_clear(&row);
    }
    return st;
}
