/* cmd_run -- gdtrace run: one mode, every step; --at N; --resume FILE */
#define _GNU_SOURCE /* flock */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli_impl.h"

/* Take the advisory lock (flock) of FD, the file NAME, for the rest of the
   process: two runs writing or resuming one file would interleave their
   records.  0, or EXIT_USAGE after a message when another process holds
   it.  Where the file system has no locks, the run goes on without. */
int
cli_lock_file(int fd, const char *opt, const char *name)
{
    if (flock(fd, LOCK_EX | LOCK_NB) == 0 || errno != EWOULDBLOCK)
        return 0;
    fprintf(stderr, "%s: %s%s%s is locked by another process (a run writing or resuming it)\n",
            progname, opt, *opt ? ": " : "", name);
    return EXIT_USAGE;
}

/* Where the records of a run's steps are made (gdt_reporter.thread): from
   copies of the values on the run's own thread, where they are the same
   bytes (0, the default: the least CPU time); GDTRACE_THREAD=1 asks for a
   second thread instead, GDTRACE_THREAD=0 for each record from the
   stepper (-1: the tests compare the three). */
static int
writer_thread(void)
{
    const char *t = getenv("GDTRACE_THREAD");

    if (t != NULL && strcmp(t, "0") == 0)
        return -1;
    if (t != NULL && strcmp(t, "1") == 0)
        return 1;
    return 0;
}

/* What every form of gdtrace run sets up: the stepper in its mode, and the
   reporter its steps go to. */
struct run_setup {
    gdt_domain dom;
    gdt_stepper stepper;
    gdt_reporter reporter;
    gdt_run_sink sink;
    gdt_run_info info;
    gdt_error err;
};

/* Set R up for the run O of SS, reporting to OUT as S says.  0, or the
   exit status after the message: a mode that cannot be set up is a usage
   error, as is an lr or w0 the mode cannot hold.  Clear R with
   run_clear in every case. */
static int
run_setup(struct run_setup *r, const gdt_opts *s, gdt_session *ss,
          const gdt_session_opts *o, FILE *out)
{
    gdt_status st;

    gdt_error_clear(&r->err);
    gdt_opts_run_info(&r->info, s, ss);
    gdt_reporter_init(&r->reporter, s->format, &s->numfmt, out);
    r->reporter.fields = s->fields;
    r->reporter.every = s->every;
    r->reporter.thread = writer_thread();
    gdt_reporter_sink(&r->sink, &r->reporter);
    st = gdt_session_stepper(ss, &r->dom, &r->stepper, o, &r->err);
    if (st == GDT_OK) {
        /* the integer runs in decimal limbs, unless GDTRACE_DECIMAL=0 asks
           for the exact path throughout (the tests compare the two) */
        const char *dec = getenv("GDTRACE_DECIMAL");
        r->stepper.decimal = dec == NULL || strcmp(dec, "0") != 0;
        cli_guard_step(&r->stepper.k); /* for an out-of-memory message */
        cli_guard_reporter(&r->reporter); /* and its held records */
        return 0;
    }
    fprintf(stderr, "%s: %s%s\n", progname, ss->phase == GDT_SESSION_DOMAIN ? "--mode: " : "",
            r->err.msg);
    return st == GDT_ENOMEM ? EXIT_RUN : EXIT_USAGE;
}

static void
run_clear(struct run_setup *r)
{
    cli_guard_step(NULL);
    cli_guard_reporter(NULL);
    gdt_reporter_clear(&r->reporter);
    gdt_stepper_clear(&r->stepper);
    gdt_domain_clear(&r->dom);
}

/* The exit status of a run that returned ST: 1 after the message of a
   failure, the interrupted status after a stop asked for, else 0. */
static int
run_status(const struct run_setup *r, gdt_status st)
{
    if (st != GDT_OK) {
        fprintf(stderr, "%s: %s\n", progname, r->err.msg);
        return EXIT_RUN;
    }
    return r->stepper.stop == GDT_STOP_INTERRUPTED ? cli_interrupted_status() : 0;
}

/* A run's sink with the progress line around it: its end clears the
   line first, so that the summary starts on a line of its own. */
struct progress_sink {
    gdt_run_sink sink;          /* the wrapper's methods */
    const gdt_run_sink *inner;
    struct cli_progress *p;
};

static gdt_status
ps_begin(void *ctx, const gdt_run_info *info, const gdt_stepper *s, gdt_error *err)
{
    const struct progress_sink *w = ctx;
    return w->inner->begin(w->inner->ctx, info, s, err);
}

static gdt_status
ps_step(void *ctx, const gdt_stepper *s, gdt_error *err)
{
    const struct progress_sink *w = ctx;
    return w->inner->step(w->inner->ctx, s, err);
}

static gdt_status
ps_end(void *ctx, const gdt_stepper *s, gdt_error *err)
{
    const struct progress_sink *w = ctx;
    cli_progress_end(w->p, s->k);
    return w->inner->end(w->inner->ctx, s, err);
}

static gdt_status
ps_record(void *ctx, gdt_record_part part, const gdt_run_info *info, const gdt_stepper *s,
          const gdt_numfmt *numfmt, gdt_buf *out, gdt_error *err)
{
    const struct progress_sink *w = ctx;
    return w->inner->record(w->inner->ctx, part, info, s, numfmt, out, err);
}

/* When S asks for the progress line: P and W set up around R's sink, and
   *OPTS the run's options that call it; else *OPTS cli_run_opts.  The
   sink to run is then W's or R's (returned). */
static const gdt_run_sink *
progress_setup(struct progress_sink *w, struct cli_progress *p, gdt_run_opts *opts,
               const gdt_opts *s, struct run_setup *r)
{
    *opts = cli_run_opts;
    cli_progress_init(p, cli_progress_wanted(s, s->every == 0), s->max_iter, "step");
    if (!p->on)
        return &r->sink;
    p->stepper = &r->stepper;
    opts->progress = cli_progress_step;
    opts->user = p;
    w->sink = r->sink;
    w->sink.ctx = w;
    w->sink.begin = ps_begin;
    w->sink.step = ps_step;
    w->sink.end = ps_end;
    w->sink.record = r->sink.record != NULL ? ps_record : NULL;
    w->inner = &r->sink;
    w->p = p;
    return &w->sink;
}

/* gdtrace run: one mode, every step in the chosen format. */
static int
cmd_run(gdt_opts *s, gdt_session *ss, const gdt_session_opts *o)
{
    struct run_setup r;
    struct progress_sink ps;
    struct cli_progress prog;
    gdt_run_opts ro;
    const gdt_run_sink *sink;
    struct stat sb;
    int rc, locked = 0;

    /* a trajectory file is written by one run at a time */
    if (fstat(STDOUT_FILENO, &sb) == 0 && S_ISREG(sb.st_mode)) {
        if ((rc = cli_lock_file(STDOUT_FILENO, "", "standard output")) != 0)
            return rc;
        locked = 1;
    }
    if ((rc = run_setup(&r, s, ss, o, stdout)) == 0) {
        sink = progress_setup(&ps, &prog, &ro, s, &r);
        rc = run_status(&r, gdt_run_steps(&r.stepper, sink, &r.info, &ro, &r.err));
        cli_progress_end(&prog, r.stepper.k);
    }
    run_clear(&r);
    if (locked) /* the shell may keep the file open after this process */
        (void)flock(STDOUT_FILENO, LOCK_UN);
    return rc;
}

/* gdtrace run --at N: the single row of step N, computed exactly in closed
   form (gdt_run_at_init). */
static int
cmd_run_at(gdt_opts *s, gdt_session *ss, const gdt_session_opts *o)
{
    gdt_session_opts at_o;
    struct run_setup r;
    gdt_run_at at;
    gdt_error err;
    gdt_status st;
    int rc;

    gdt_error_clear(&err);
    st = gdt_opts_run_at(&at, &at_o, s, ss, o, &cli_run_opts, &err);
    if (st != GDT_OK) {
        gdt_run_at_clear(&at);
        if (st == GDT_EINTERRUPTED)
            return cli_interrupted_status();
        fprintf(stderr, "%s: %s\n", progname, err.msg);
        return st == GDT_EVALUE ? EXIT_USAGE : EXIT_RUN;
    }
    if ((rc = run_setup(&r, s, ss, &at_o, stdout)) == 0) {
        r.info.max_iter = at.k;
        r.info.has_at = 1;
        st = gdt_run_at_steps(&at, &r.stepper, &r.sink, &r.info, &r.err);
        rc = st != GDT_OK ? run_status(&r, st) : 0;
    }
    run_clear(&r);
    gdt_run_at_clear(&at);
    return rc;
}

/* 0 when the fields S prints hold what a resume reads back: the step
   numbers and every parameter (the state); else the message and
   EXIT_USAGE. */
static int
check_resume_fields(const gdt_opts *s, const gdt_problem *p)
{
    size_t i;

    if (s->fields == NULL)
        return 0;
    if (!s->fields[0]) {
        fprintf(stderr, "%s: --resume: '%s': --fields leaves out step, which a resume reads "
                        "back\n", progname, s->set[GDT_OPT_RESUME]);
        return EXIT_USAGE;
    }
    for (i = 0; i < p->n; i++)
        if (!s->fields[GDT_FIELD_PARAM(i)]) {
            fprintf(stderr, "%s: --resume: '%s': --fields leaves out %s, which the state "
                            "needs\n", progname, s->set[GDT_OPT_RESUME],
                    p->n == 1 ? "w" : p->params.name[i]);
            return EXIT_USAGE;
        }
    return 0;
}

/* gdtrace run --resume FILE: check that FILE is this problem's trajectory
   and go on with it (gdt_resume_run).  FILE stays locked throughout; a
   file that is not this run's, or goes past its max-iter, is refused and
   left as it is, and so is a file that is the whole run already. */
static int
cmd_run_resume(gdt_opts *s, gdt_session *ss, const gdt_session_opts *o)
{
    const char *path = s->set[GDT_OPT_RESUME];
    struct run_setup r;
    struct progress_sink ps;
    struct cli_progress prog;
    gdt_run_opts ro;
    const gdt_run_sink *sink;
    gdt_resume res;
    gdt_status st;
    int rc;

    if (s->format != GDT_FORMAT_JSONL && s->format != GDT_FORMAT_CSV)
        return cli_bad_option("resume", "'%s': resumes jsonl or csv trajectories (give --format jsonl or csv)", path);
    if (s->detect_cycles)
        return cli_bad_option("resume", "'%s': --stop cycle keeps a state that a file does not hold", path);
    if (s->every != 1) {
        fprintf(stderr, "%s: --resume: '%s': --every %lu writes a thinned file, and a resume "
                        "needs every step\n", progname, path, s->every);
        return EXIT_USAGE;
    }
    if ((rc = check_resume_fields(s, &ss->problem)) != 0)
        return rc;
    gdt_error_clear(&r.err);
    if (gdt_resume_open(&res, path, &r.err) != GDT_OK) {
        fprintf(stderr, "%s: --resume: %s\n", progname, r.err.msg);
        gdt_resume_close(&res);
        return EXIT_USAGE;
    }
    if ((rc = run_setup(&r, s, ss, o, res.out)) != 0)
        goto out;
    sink = progress_setup(&ps, &prog, &ro, s, &r);
    st = gdt_resume_run(&res, &r.stepper, sink, &r.info, &ro, &r.err);
    cli_progress_end(&prog, r.stepper.k);
    if (st != GDT_OK) {
        int prefix = res.phase == GDT_RESUME_OPEN || res.phase == GDT_RESUME_READ;
        fprintf(stderr, "%s: %s%s\n", progname, prefix ? "--resume: " : "", r.err.msg);
        rc = res.phase == GDT_RESUME_READ && st == GDT_EVALUE ? EXIT_USAGE : EXIT_RUN;
    } else if (res.complete) {
        fprintf(stderr, "%s: --resume: %s is the whole run already (it stops at step %lu: "
                        "%s); left as it is\n", progname, path, res.trail.last_step,
                gdt_stop_str(res.trail.stop));
    } else if (r.stepper.stop == GDT_STOP_INTERRUPTED && res.phase == GDT_RESUME_READ) {
        fprintf(stderr, "%s: --resume: %s: interrupted while reading it back; left as it is\n",
                progname, path);
        rc = cli_interrupted_status();
    } else {
        rc = run_status(&r, st);
    }
out:
    run_clear(&r);
    gdt_resume_close(&res);
    return rc;
}

/* gdtrace run --certify: the exact-real run as balls (gdt_run_certify),
   on the reporter of every run; the first precision is that of the
   digits asked and some. */
static int
cmd_run_certify(gdt_opts *s, gdt_session *ss, const gdt_session_opts *o)
{
    gdt_certify_opts co;
    gdt_certify_result res;
    gdt_reporter rep;
    gdt_run_sink sink;
    gdt_run_info info;
    gdt_error err;
    gdt_status st;
    int rc = 0;

    gdt_opts_certify(&co, s);
    gdt_error_clear(&err);
    gdt_opts_run_info(&info, s, ss);
    gdt_reporter_init(&rep, s->format, &s->numfmt, stdout);
    rep.fields = s->fields;
    rep.every = s->every;
    gdt_reporter_sink(&sink, &rep);
    cli_guard_reporter(&rep);
    st = gdt_run_certify(ss, o, &co, &sink, &info, &cli_run_opts, &res, &err);
    cli_guard_reporter(NULL);
    if (st != GDT_OK) {
        fprintf(stderr, "%s: %s\n", progname, err.msg);
        rc = EXIT_RUN;
    } else if (res.limited) {
        fprintf(stderr, "%s: precision-limit: %s\n", progname, err.msg);
        rc = EXIT_RUN;
    } else if (gdt_run_stopped(&cli_run_opts)) {
        rc = cli_interrupted_status();
    }
    gdt_reporter_clear(&rep);
    return rc;
}

/* gdtrace run --runs K: the stochastic run K times in lockstep, per step
   the statistics of the runs next to the exact run (gdt_ensemble). */
static int
cmd_run_ensemble(gdt_opts *s, gdt_session *ss, const gdt_session_opts *o)
{
    gdt_ensemble e;
    gdt_reporter rep;
    gdt_ensemble_sink sink;
    gdt_run_info info;
    gdt_run_opts ro = cli_run_opts;
    struct cli_progress prog;
    gdt_error err;
    gdt_status st;
    int rc = 0;

    if (s->set[GDT_OPT_RESUME] != NULL)
        return cli_bad_option("runs", "'%s': an ensemble is run whole, never resumed (--resume)",
                              s->set[GDT_OPT_RUNS]);
    if (s->fields != NULL)
        return cli_bad_option("runs", "'%s': an ensemble prints every quantity's statistics "
                              "(no --fields)", s->set[GDT_OPT_RUNS]);
    gdt_error_clear(&err);
    gdt_opts_run_info(&info, s, ss);
    st = gdt_ensemble_init(&e, ss, o, (size_t)s->runs, &err);
    if (st != GDT_OK) {
        fprintf(stderr, "%s: %s%s\n", progname, ss->phase == GDT_SESSION_DOMAIN ? "--mode: " : "",
                err.msg);
        gdt_ensemble_clear(&e);
        return st == GDT_ENOMEM ? EXIT_RUN : EXIT_USAGE;
    }
    gdt_reporter_init(&rep, s->format, &s->numfmt, stdout);
    rep.every = s->every;
    gdt_reporter_ensemble_sink(&sink, &rep);
    cli_guard_reporter(&rep);
    cli_progress_init(&prog, cli_progress_wanted(s, s->every == 0), s->max_iter, "step");
    if (prog.on) {
        ro.progress = cli_progress_step;
        ro.user = &prog;
    }
    st = gdt_ensemble_run(&e, &sink, &info, &ro, &err);
    cli_progress_end(&prog, e.step);
    cli_guard_reporter(NULL);
    if (st != GDT_OK) {
        fprintf(stderr, "%s: %s\n", progname, err.msg);
        rc = EXIT_RUN;
    } else if (e.interrupted) {
        rc = cli_interrupted_status();
    }
    gdt_reporter_clear(&rep);
    gdt_ensemble_clear(&e);
    return rc;
}

int
cli_cmd_run(gdt_opts *s, gdt_session *ss, const gdt_session_opts *o)
{
    if (s->runs > 1)
        return cmd_run_ensemble(s, ss, o);
    if (s->certify)
        return cmd_run_certify(s, ss, o);
    if (s->has_at)
        return cmd_run_at(s, ss, o);
    if (s->set[GDT_OPT_RESUME] != NULL)
        return cmd_run_resume(s, ss, o);
    return cmd_run(s, ss, o);
}
