/* api -- gdt_api_call: a command from key/value strings, its jsonl records
   into memory, for bindings that cannot lay out the library's structs
   (python/gdtrace over ctypes).  The keys are read by the command's own
   option reader (src/opts), with its defaults and messages, and run
   through the same layers: the session, the run loops, the reporters and
   the sweep. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/analyze.h"
#include "gdtrace/api.h"
#include "gdtrace/certify.h"
#include "gdtrace/ensemble.h"
#include "gdtrace/report.h"
#include "gdtrace/report_sweep.h"
#include "gdtrace/session.h"
#include "gdtrace/sweep.h"
#include "opts/opts.h"
#include "api_impl.h"

/* The command's options a binding cannot pass: files, pictures, parts,
   the output's form, which the call fixes (jsonl, every digit; --digits
   only for run --certify, whose balls prove some digits, never all). */
static const gdt_opt_id refused[] = {
    GDT_OPT_RESUME, GDT_OPT_FORMAT, GDT_OPT_FIELDS, GDT_OPT_PLOT, GDT_OPT_PLOT_Y,
    GDT_OPT_PLOT_TITLE, GDT_OPT_PLOT_SIZE, GDT_OPT_LOG_X, GDT_OPT_PLOT_STEPS, GDT_OPT_NPY, GDT_OPT_PNG,
    GDT_OPT_SHARD, GDT_OPT_DIMENSION, GDT_OPT_LAYOUT, GDT_OPT_PROGRESS, GDT_OPT_NO_PROGRESS,
    GDT_OPT_HELP, GDT_OPT_VERSION,
};

/* A call: its settings, the stop flag, where the message goes. */
struct api {
    gdt_opts s;
    gdt_cancel *stop;
    gdt_api_map *map;           /* a sweep into MAP's sink, or NULL */
    unsigned long thin;         /* compare's steps thinned (0, 1: none) */
    char *msg;
    size_t msgsize;
};

/* The message MSG for option OPT (NULL: none), and the status ST. */
static int
say(struct api *a, int st, const char *opt, const char *fmt, ...)
{
    va_list ap;
    size_t len = 0;

    if (a->msgsize == 0)
        return st;
    a->msg[0] = '\0';
    if (opt != NULL)
        len = (size_t)snprintf(a->msg, a->msgsize, "--%s: ", opt);
    if (len < a->msgsize) {
        va_start(ap, fmt);
        vsnprintf(a->msg + len, a->msgsize - len, fmt, ap);
        va_end(ap);
    }
    return st;
}

#define BAD(a, opt, ...) say(a, GDT_API_BAD_OPTION, opt, __VA_ARGS__)

/* The status of the option reader's ST, ERR saying what it refused. */
static int
opts_status(struct api *a, gdt_status st, const gdt_error *err)
{
    if (st == GDT_OK)
        return GDT_API_OK;
    /* out of memory, or a module missing: the options were good */
    return say(a, st == GDT_ENOMEM || st == GDT_EUNAVAILABLE ? GDT_API_FAILED : GDT_API_BAD_OPTION,
               NULL, "%s", gdt_opts_message(&a->s, err));
}

/* The status of a run that returned ST, ERR saying what failed. */
static int
run_status(struct api *a, gdt_status st, const gdt_error *err)
{
    if (st == GDT_EINTERRUPTED || (st == GDT_OK && gdt_cancelled(a->stop)))
        return say(a, GDT_API_INTERRUPTED, NULL, "interrupted");
    if (st != GDT_OK)
        return say(a, GDT_API_FAILED, NULL, "%s", err->msg);
    return GDT_API_OK;
}

static const gdt_numfmt exact_digits = { .kind = GDT_DIGITS_EXACT };

/* run certify: the exact-real run as balls (gdt_run_certify), each value
   with the digits it proves (or --digits N of them); past --max-prec the
   summary says precision-limit, and the call fails with its message. */
static int
run_certify(struct api *a, gdt_session *ss, const gdt_session_opts *o, FILE *out)
{
    gdt_run_opts ro = { .stop = a->stop };
    gdt_certify_opts co;
    gdt_certify_result res;
    gdt_reporter rep;
    gdt_run_sink sink;
    gdt_run_info info;
    gdt_error err;
    gdt_status st;
    int rc;

    gdt_error_clear(&err);
    gdt_opts_certify(&co, &a->s);
    gdt_opts_run_info(&info, &a->s, ss);
    gdt_reporter_init(&rep, GDT_FORMAT_JSONL, &a->s.numfmt, out);
    rep.every = a->s.every;
    gdt_reporter_sink(&sink, &rep);
    st = gdt_run_certify(ss, o, &co, &sink, &info, &ro, &res, &err);
    if (st == GDT_OK && res.limited)
        rc = say(a, GDT_API_FAILED, NULL, "precision-limit: %s", err.msg);
    else
        rc = run_status(a, st, &err);
    gdt_reporter_clear(&rep);
    return rc;
}

/* run runs=K: the stochastic run K times in lockstep, per step the
   statistics of the runs next to the exact run (gdt_ensemble). */
static int
run_ensemble(struct api *a, gdt_session *ss, const gdt_session_opts *o, FILE *out)
{
    gdt_run_opts ro = { .stop = a->stop };
    gdt_ensemble e;
    gdt_reporter rep;
    gdt_ensemble_sink sink;
    gdt_run_info info;
    gdt_error err;
    gdt_status st;
    int rc;

    gdt_error_clear(&err);
    gdt_opts_run_info(&info, &a->s, ss);
    st = gdt_ensemble_init(&e, ss, o, (size_t)a->s.runs, &err);
    if (st != GDT_OK) {
        rc = say(a, st == GDT_ENOMEM ? GDT_API_FAILED : GDT_API_BAD_OPTION,
                 ss->phase == GDT_SESSION_DOMAIN ? "mode" : NULL, "%s", err.msg);
        gdt_ensemble_clear(&e);
        return rc;
    }
    gdt_reporter_init(&rep, GDT_FORMAT_JSONL, &exact_digits, out);
    rep.every = a->s.every;
    gdt_reporter_ensemble_sink(&sink, &rep);
    st = gdt_ensemble_run(&e, &sink, &info, &ro, &err);
    rc = st == GDT_OK && e.interrupted ? say(a, GDT_API_INTERRUPTED, NULL, "interrupted")
                                       : run_status(a, st, &err);
    gdt_reporter_clear(&rep);
    gdt_ensemble_clear(&e);
    return rc;
}

/* run, or run --at N: the one step N, computed exactly in closed form
   (gdt_opts_run_at), then evaluated in the exact domain. */
static int
cmd_run(struct api *a, gdt_session *ss, const gdt_session_opts *o, FILE *out)
{
    gdt_run_opts ro = { .stop = a->stop };
    gdt_session_opts at_o;
    gdt_run_at at;
    gdt_domain dom;
    gdt_stepper stepper;
    gdt_reporter rep;
    gdt_run_sink sink;
    gdt_run_info info;
    gdt_error err;
    gdt_status st;
    int rc, has_at = a->s.has_at;

    if (a->s.runs > 1)
        return run_ensemble(a, ss, o, out);
    if (a->s.certify)
        return run_certify(a, ss, o, out);
    gdt_error_clear(&err);
    if (has_at && (st = gdt_opts_run_at(&at, &at_o, &a->s, ss, o, &ro, &err)) != GDT_OK) {
        if (st == GDT_EINTERRUPTED)
            rc = say(a, GDT_API_INTERRUPTED, NULL, "interrupted");
        else
            rc = say(a, st == GDT_EVALUE ? GDT_API_BAD_OPTION : GDT_API_FAILED, NULL, "%s",
                     err.msg);
        gdt_run_at_clear(&at);
        return rc;
    }
    gdt_reporter_init(&rep, GDT_FORMAT_JSONL, &exact_digits, out);
    rep.every = a->s.every;
    gdt_reporter_sink(&sink, &rep);
    gdt_opts_run_info(&info, &a->s, ss);
    if (has_at) {
        info.max_iter = at.k;
        info.has_at = 1;
        o = &at_o;
    }
    st = gdt_session_stepper(ss, &dom, &stepper, o, &err);
    if (st != GDT_OK)
        rc = say(a, st == GDT_ENOMEM ? GDT_API_FAILED : GDT_API_BAD_OPTION,
                 ss->phase == GDT_SESSION_DOMAIN ? "mode" : NULL, "%s", err.msg);
    else if (has_at)
        rc = run_status(a, gdt_run_at_steps(&at, &stepper, &sink, &info, &err), &err);
    else
        rc = run_status(a, gdt_run_steps(&stepper, &sink, &info, &ro, &err), &err);
    gdt_reporter_clear(&rep);
    gdt_stepper_clear(&stepper);
    gdt_domain_clear(&dom);
    if (has_at)
        gdt_run_at_clear(&at);
    return rc;
}

/* A comparison's records thinned: the reporter's sink handed the steps
   gdt_api_call_map says (THIN). */
typedef struct thin_sink {
    gdt_compare_sink in;
    unsigned long every;
} thin_sink;

/* 1 when step C->k of C is one a thinned comparison keeps. */
static int
thin_keeps(const gdt_compare *c, unsigned long every)
{
    long k = (long)c->k;
    size_t i, j;

    if (c->k % every == 0 || !gdt_compare_running(c))
        return 1;
    for (i = 0; i < c->n; i++) {
        const gdt_cmp_lane *l = &c->lanes[i];
        if (l->stop != GDT_STOP_NONE && l->steps == c->k)
            return 1;
        for (j = 0; j < c->nq; j++) {
            const gdt_cmp_events *e = &l->q[j].ev;
            if (e->differs == k || e->no_digits == k || e->subnormal == k || e->zero == k
                || e->inf == k || e->nan == k || e->stall == k || e->skipped == k
                || e->scale == k)
                return 1;
        }
    }
    return 0;
}

static gdt_status
thin_begin(void *ctx, const gdt_run_info *info, const gdt_compare *c, gdt_error *err)
{
    thin_sink *t = ctx;

    return t->in.begin != NULL ? t->in.begin(t->in.ctx, info, c, err) : GDT_OK;
}

static gdt_status
thin_step(void *ctx, const gdt_compare *c, gdt_error *err)
{
    thin_sink *t = ctx;

    return thin_keeps(c, t->every) ? t->in.step(t->in.ctx, c, err) : GDT_OK;
}

static gdt_status
thin_end(void *ctx, const gdt_compare *c, gdt_error *err)
{
    thin_sink *t = ctx;

    return t->in.end != NULL ? t->in.end(t->in.ctx, c, err) : GDT_OK;
}

static int
cmd_compare(struct api *a, gdt_session *ss, const gdt_session_opts *o, FILE *out)
{
    thin_sink thin;
    gdt_run_opts ro = { .stop = a->stop };
    gdt_compare cmp;
    gdt_reporter rep;
    gdt_compare_sink sink;
    gdt_run_info info;
    gdt_error err;
    gdt_status st;
    int rc;

    gdt_error_clear(&err);
    st = gdt_session_compare(ss, &cmp, a->s.modes, a->s.nmodes, a->s.ref, o, &err);
    if (st != GDT_OK) {
        rc = say(a, st == GDT_ENOMEM ? GDT_API_FAILED : GDT_API_BAD_OPTION, NULL, "%s",
                 err.msg);
    } else {
        gdt_opts_run_info(&info, &a->s, ss);
        gdt_reporter_init(&rep, GDT_FORMAT_JSONL, &exact_digits, out);
        gdt_reporter_compare_sink(&sink, &rep);
        if (a->thin > 1) {
            thin.in = sink;
            thin.every = a->thin;
            sink.ctx = &thin;
            sink.begin = thin_begin;
            sink.step = thin_step;
            sink.end = thin_end;
        }
        rc = run_status(a, gdt_run_compare(&cmp, &sink, 1, &info, &ro, &err), &err);
        gdt_reporter_clear(&rep);
    }
    gdt_compare_clear(&cmp);
    return rc;
}

static int
cmd_analyze(struct api *a, gdt_session *ss, FILE *out)
{
    gdt_run_opts ro = { .stop = a->stop };
    gdt_reporter rep;
    gdt_analyze_in in;
    gdt_error err;
    int rc = GDT_API_OK;

    gdt_error_clear(&err);
    gdt_opts_analyze_in(&in, &a->s, ss);
    gdt_reporter_init(&rep, GDT_FORMAT_JSONL, &exact_digits, out);
    if (gdt_reporter_analysis(&rep, &in, &ro, &err) != GDT_OK) {
        if (err.status == GDT_EINTERRUPTED || gdt_cancelled(a->stop))
            rc = say(a, GDT_API_INTERRUPTED, NULL, "interrupted");
        else
            rc = say(a, err.status == GDT_EVALUE ? GDT_API_BAD_OPTION : GDT_API_FAILED, NULL,
                     "%s", err.msg);
    } else if (gdt_cancelled(a->stop)) {
        rc = say(a, GDT_API_INTERRUPTED, NULL, "interrupted");
    }
    gdt_reporter_clear(&rep);
    mpq_clear(in.lr);
    return rc;
}

static int
cmd_sweep(struct api *a, gdt_session *ss, const gdt_session_opts *o, FILE *out)
{
    gdt_opts_sweep w;
    gdt_sweep_report rep;
    gdt_sweep_sink sink;
    gdt_error err;
    gdt_status st;
    uint64_t done = 0;
    int rc;

    gdt_error_clear(&err);
    memset(&rep, 0, sizeof rep);
    st = gdt_opts_sweep_init(&w, &a->s, ss, o, a->stop, &err);
    if (st != GDT_OK) {
        rc = opts_status(a, st, &err);
        goto out;
    }
    if (a->map != NULL) { /* the caller's sink, no report */
        a->map->n[0] = w.axes[0].n;
        a->map->n[1] = w.naxes > 1 ? w.axes[1].n : 1;
        st = gdt_sweep_run(&w.so, &a->map->sink, &a->map->done, &err);
        rc = run_status(a, st, &err);
        goto out;
    }
    st = gdt_sweep_report_init(&rep, GDT_FORMAT_JSONL, &exact_digits, out, &w.so,
                               w.has_affine ? &w.affine : NULL, 0);
    if (st != GDT_OK)
        gdt_error_set(&err, st, SIZE_MAX, "%s", gdt_status_str(st));
    if (st == GDT_OK)
        st = gdt_sweep_report_begin(&rep, &w.info, &err);
    if (st == GDT_OK) {
        gdt_sweep_report_sink(&sink, &rep);
        st = gdt_sweep_run(&w.so, &sink, &done, &err);
    }
    if (st == GDT_OK || st == GDT_EINTERRUPTED) {
        gdt_status end = gdt_sweep_report_end(&rep, done, st == GDT_EINTERRUPTED, &err);
        if (end != GDT_OK)
            st = end;
    }
    rc = run_status(a, st, &err);
out:
    gdt_sweep_report_clear(&rep);
    gdt_opts_sweep_clear(&w);
    return rc;
}

/* The keys and values given, each an option of the command that a
   binding may pass, none twice but grad; then the output the call makes:
   jsonl with every digit. */
static int
read_keys(struct api *a, size_t n, const char *const *k, const char *const *v)
{
    const gdt_opt_def *o;
    gdt_error err;
    size_t i, j;
    int rc, certify;

    gdt_error_clear(&err);
    for (i = 0; i < n; i++) {
        o = gdt_opts_find(k[i], strlen(k[i]));
        for (j = 0; o != NULL && j < sizeof refused / sizeof refused[0]; j++)
            if (refused[j] == o->id)
                o = NULL;
        if (o == NULL)
            return BAD(a, NULL, "'%s' is not an option of gdtrace", k[i]);
        if (v[i] == NULL && (o->cmds & a->s.cmd))
            return BAD(a, k[i], "has no value");
        if (o->id != GDT_OPT_GRAD && a->s.set[o->id] != NULL)
            return BAD(a, k[i], "is given twice");
        if ((rc = opts_status(a, gdt_opts_give(&a->s, o, v[i], (int)i + 1, &err), &err)) != 0)
            return rc;
    }
    if ((rc = opts_status(a, gdt_opts_give(&a->s, gdt_opts_find("format", 6), "jsonl", 0, &err),
                          &err)) != 0)
        return rc;
    certify = a->s.set[GDT_OPT_CERTIFY] != NULL && a->s.cmd == GDT_CMD_RUN;
    if (a->s.set[GDT_OPT_DIGITS] != NULL) {
        if (!certify)
            return BAD(a, "digits", "'%s': values come back exactly, every digit (digits is for "
                       "run with certify)", a->s.set[GDT_OPT_DIGITS]);
        return GDT_API_OK;
    }
    if (a->s.set[GDT_OPT_CERTIFY] != NULL && !certify)
        return GDT_API_OK; /* a certified sweep: the digits each ball proves */
    /* a ball proves some digits: all those, and every digit of the rest */
    return opts_status(a, gdt_opts_give(&a->s, gdt_opts_find("digits", 6),
                                        certify ? "certified" : "exact", 0, &err), &err);
}

/* Where a session failed to open, as the command's message says it. */
static int
open_failed(struct api *a, const gdt_session *ss, gdt_status st, const gdt_error *err)
{
    int rc = st == GDT_ENOMEM ? GDT_API_FAILED : GDT_API_BAD_OPTION;

    if (ss->phase == GDT_SESSION_DATA)
        return say(a, rc, "data", "%s", err->msg);
    if (ss->phase == GDT_SESSION_PROBLEM) {
        const char *opt = ss->where != NULL && ss->where != a->s.loss ? "grad" : "loss";
        if (err->pos != SIZE_MAX) /* as the command's first line says it */
            return say(a, rc, NULL, "--%s, column %zu: %s", opt, err->pos + 1, err->msg);
        return say(a, rc, opt, "%s", err->msg);
    }
    return say(a, GDT_API_FAILED, NULL, "%s", err->msg);
}

int
gdt_api_call(const char *command, size_t n, const char *const *k, const char *const *v,
             gdt_cancel *stop, char **out, size_t *len, char *msg, size_t msgsize)
{
    return gdt_api_call_map(command, n, k, v, stop, NULL, out, len, msg, msgsize);
}

int
gdt_api_call_map(const char *command, size_t n, const char *const *k, const char *const *v,
                 gdt_cancel *stop, const gdt_api_extra *x, char **out, size_t *len,
                 char *msg, size_t msgsize)
{
    static const char *const commands[] = { "run", "compare", "analyze", "sweep" };
    struct api a;
    gdt_session ss;
    gdt_session_opts o;
    gdt_error err;
    gdt_status st;
    FILE *f = NULL;
    size_t i;
    int rc;

    *out = NULL;
    *len = 0;
    for (i = 0; i < 4 && strcmp(commands[i], command) != 0; i++)
        ;
    gdt_opts_init(&a.s, 1 << (i < 4 ? i : 0));
    a.stop = stop;
    a.map = x != NULL ? x->map : NULL;
    a.thin = x != NULL ? x->thin : 0;
    a.msg = msg;
    a.msgsize = msgsize;
    if (msgsize > 0)
        msg[0] = '\0';
    gdt_error_clear(&err);
    memset(&ss, 0, sizeof ss);
    gdt_data_init(&ss.data);
    if (i == 4) {
        rc = BAD(&a, NULL, "'%s' is not a command (run, compare, analyze, sweep)", command);
        goto out;
    }
    if ((rc = read_keys(&a, n, k, v)) != 0
        || (rc = opts_status(&a, gdt_opts_check(&a.s, &err), &err)) != 0)
        goto out;
    gdt_opts_session(&o, &a.s, stop);
    if (x != NULL && x->data_text != NULL && o.data_path != NULL) {
        o.data_text = x->data_text;
        o.data_len = x->data_len;
    }
    if ((st = gdt_session_open(&ss, &o, &err)) != GDT_OK) {
        rc = open_failed(&a, &ss, st, &err);
        goto out;
    }
    if ((rc = opts_status(&a, gdt_opts_read_w0(&a.s, &ss.problem, &err), &err)) != 0
        || (rc = opts_status(&a, gdt_opts_read_lr(&a.s, &ss.problem, &err), &err)) != 0)
        goto out;
    gdt_opts_session(&o, &a.s, stop);
    if (x != NULL && x->data_text != NULL && o.data_path != NULL) {
        o.data_text = x->data_text;
        o.data_len = x->data_len;
    }
    if ((f = open_memstream(out, len)) == NULL) {
        rc = say(&a, GDT_API_FAILED, NULL, "out of memory");
        goto out;
    }
    if (a.s.cmd == GDT_CMD_RUN)
        rc = cmd_run(&a, &ss, &o, f);
    else if (a.s.cmd == GDT_CMD_COMPARE)
        rc = cmd_compare(&a, &ss, &o, f);
    else if (a.s.cmd == GDT_CMD_ANALYZE)
        rc = cmd_analyze(&a, &ss, f);
    else
        rc = cmd_sweep(&a, &ss, &o, f);
    if (fclose(f) != 0 && rc == 0)
        rc = say(&a, GDT_API_FAILED, NULL, "out of memory");
out:
    gdt_session_clear(&ss);
    gdt_opts_clear(&a.s);
    return rc;
}

void
gdt_api_free(char *out)
{
    free(out);
}
