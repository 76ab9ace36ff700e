/* cmd_run -- gdtrace run: one mode, every step; --at N; --resume FILE */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli_impl.h"

/* What a report's header shows, from the settings. */
void
cli_run_info(gdt_run_info *info, const struct settings *s, const gdt_session *ss)
{
    info->problem = &ss->problem;
    info->loss_text = s->loss;
    info->lr_text = s->lr;
    info->w0_texts = s->w0_texts;
    info->data_path = s->set[OPT_DATA];
    info->data_rows = ss->program.nrows;
    info->max_iter = s->max_iter;
    info->has_at = 0;
    info->resumed = 0;
}

/* Take the advisory lock (flock) of FD, the file NAME, for the rest of the
   process: two runs writing or resuming one file would interleave their
   records.  0, or EXIT_USAGE after a message when another process holds
   it.  Where the file system has no locks, the run goes on without. */
static int
lock_file(int fd, const char *opt, const char *name)
{
    if (flock(fd, LOCK_EX | LOCK_NB) == 0 || errno != EWOULDBLOCK)
        return 0;
    fprintf(stderr, "%s: %s%s%s is locked by another process (a run writing or resuming it)\n",
            progname, opt, *opt ? ": " : "", name);
    return EXIT_USAGE;
}

/* The message and exit status of a set-up that failed (gdt_session_stepper). */
static int
setup_failed(const gdt_session *ss, gdt_status st, const gdt_error *err)
{
    if (ss->phase == GDT_SESSION_DOMAIN) {
        fprintf(stderr, "%s: --mode: %s\n", progname, err->msg);
        return st == GDT_ENOMEM ? EXIT_RUN : EXIT_USAGE;
    }
    fprintf(stderr, "%s: %s\n", progname, err->msg);
    return st == GDT_ENOMEM ? EXIT_RUN : EXIT_USAGE;
}

/* gdtrace run: one mode, every step in the chosen format. */
static int
cmd_run(struct settings *s, gdt_session *ss, const gdt_session_opts *o)
{
    gdt_domain dom;
    gdt_stepper stepper;
    gdt_reporter reporter;
    gdt_run_sink sink;
    gdt_run_info info;
    gdt_error err;
    gdt_status st;
    struct stat sb;
    int rc = 0, locked = 0;

    /* a trajectory file is written by one run at a time */
    if (fstat(STDOUT_FILENO, &sb) == 0 && S_ISREG(sb.st_mode)) {
        if ((rc = lock_file(STDOUT_FILENO, "", "standard output")) != 0)
            return rc;
        locked = 1;
    }
    gdt_error_clear(&err);
    st = gdt_session_stepper(ss, &dom, &stepper, o, &err);
    if (st != GDT_OK) {
        rc = setup_failed(ss, st, &err);
        goto out;
    }
    cli_run_info(&info, s, ss);
    gdt_reporter_init(&reporter, s->format, &s->numfmt, stdout);
    gdt_reporter_sink(&sink, &reporter);
    st = gdt_run_steps(&stepper, &sink, &info, &cli_run_opts, &err);
    if (st != GDT_OK) {
        fprintf(stderr, "%s: %s\n", progname, err.msg);
        rc = EXIT_RUN;
    } else if (stepper.stop == GDT_STOP_INTERRUPTED) {
        rc = cli_interrupted_status();
    }
    gdt_reporter_clear(&reporter);
out:
    gdt_stepper_clear(&stepper);
    gdt_domain_clear(&dom);
    if (locked) /* the shell may keep the file open after this process */
        (void)flock(STDOUT_FILENO, LOCK_UN);
    return rc;
}

/* gdtrace run --at N: the single row of step N, computed exactly in closed
   form (gdt_run_at_init). */
static int
cmd_run_at(struct settings *s, gdt_session *ss, const gdt_session_opts *o)
{
    gdt_session_opts at_o = *o;
    gdt_run_at at;
    gdt_domain dom;
    gdt_stepper stepper;
    gdt_reporter reporter;
    gdt_run_sink sink;
    gdt_run_info info;
    gdt_error err;
    int rc = 0;
    gdt_status st;

    gdt_error_clear(&err);
    st = gdt_run_at_init(&at, &ss->problem, &ss->program, *o->lr, o->w0, s->at,
                         o->stop_on_zero, o->max_bits, &cli_run_opts, &err);
    if (st == GDT_EINTERRUPTED) {
        gdt_run_at_clear(&at);
        return cli_interrupted_status();
    }
    if (st != GDT_OK) {
        if (st == GDT_EVALUE)
            fprintf(stderr, "%s: --at: '%s' %s\n", progname, s->set[OPT_AT], err.msg);
        else
            fprintf(stderr, "%s: --at: %s\n", progname, err.msg);
        gdt_run_at_clear(&at);
        return st == GDT_EVALUE ? EXIT_USAGE : EXIT_RUN;
    }
    /* the one step, in the exact domain, from the state computed */
    at_o.mode = "exact";
    at_o.max_bits = 0;
    at_o.w0 = (const mpq_t *)at.w;
    at_o.lr_neg0 = 0;
    at_o.w0_neg0 = NULL;
    at_o.max_iter = at.k;
    at_o.detect_cycles = 0;
    gdt_error_clear(&err);
    st = gdt_session_stepper(ss, &dom, &stepper, &at_o, &err);
    if (st == GDT_OK) {
        cli_run_info(&info, s, ss);
        info.max_iter = at.k;
        info.has_at = 1;
        gdt_reporter_init(&reporter, s->format, &s->numfmt, stdout);
        gdt_reporter_sink(&sink, &reporter);
        st = gdt_run_at_steps(&at, &stepper, &sink, &info, &err);
        gdt_reporter_clear(&reporter);
        if (st != GDT_OK) {
            fprintf(stderr, "%s: %s\n", progname, err.msg);
            rc = EXIT_RUN;
        }
    } else {
        rc = setup_failed(ss, st, &err);
    }
    gdt_stepper_clear(&stepper);
    gdt_domain_clear(&dom);
    gdt_run_at_clear(&at);
    return rc;
}

/* gdtrace run --resume FILE: check that FILE is this problem's trajectory
   and go on with it (gdt_resume_run).  FILE stays locked throughout; a
   file that is not this run's, or goes past its max-iter, is refused and
   left as it is, and so is a file that is the whole run already. */
static int
cmd_run_resume(struct settings *s, gdt_session *ss, const gdt_session_opts *o)
{
    const char *path = s->set[OPT_RESUME];
    gdt_session_opts res_o = *o;
    gdt_domain dom;
    gdt_stepper stepper;
    gdt_run_info info;
    gdt_resume res;
    gdt_error err;
    gdt_status st;
    int rc = 0;

    if (s->format != GDT_FORMAT_JSONL && s->format != GDT_FORMAT_CSV)
        return cli_bad_option("resume", "'%s': resumes jsonl or csv trajectories (give --format jsonl or csv)", path);
    if (s->detect_cycles)
        return cli_bad_option("resume", "'%s': --stop cycle keeps a state that a file does not hold", path);
    gdt_error_clear(&err);
    if (gdt_resume_open(&res, path, &err) != GDT_OK) {
        fprintf(stderr, "%s: --resume: %s\n", progname, err.msg);
        gdt_resume_close(&res);
        return EXIT_USAGE;
    }
    cli_run_info(&info, s, ss);
    st = gdt_session_stepper(ss, &dom, &stepper, &res_o, &err);
    if (st != GDT_OK) {
        rc = setup_failed(ss, st, &err);
        goto out;
    }
    st = gdt_resume_run(&res, &stepper, s->format, &s->numfmt, &info, &cli_run_opts, &err);
    if (st != GDT_OK) {
        int prefix = res.phase == GDT_RESUME_OPEN || res.phase == GDT_RESUME_READ;
        fprintf(stderr, "%s: %s%s\n", progname, prefix ? "--resume: " : "", err.msg);
        rc = res.phase == GDT_RESUME_READ && st == GDT_EVALUE ? EXIT_USAGE : EXIT_RUN;
    } else if (res.complete) {
        fprintf(stderr, "%s: --resume: %s is the whole run already (it stops at step %lu: "
                        "%s); left as it is\n", progname, path, res.trail.last_step,
                gdt_stop_str(res.trail.stop));
    } else if (stepper.stop == GDT_STOP_INTERRUPTED && res.phase == GDT_RESUME_READ) {
        fprintf(stderr, "%s: --resume: %s: interrupted while reading it back; left as it is\n",
                progname, path);
        rc = cli_interrupted_status();
    } else if (stepper.stop == GDT_STOP_INTERRUPTED) {
        rc = cli_interrupted_status();
    }
out:
    gdt_stepper_clear(&stepper);
    gdt_domain_clear(&dom);
    gdt_resume_close(&res);
    return rc;
}

int
cli_cmd_run(struct settings *s, gdt_session *ss, const gdt_session_opts *o)
{
    if (s->has_at)
        return cmd_run_at(s, ss, o);
    if (s->set[OPT_RESUME] != NULL)
        return cmd_run_resume(s, ss, o);
    return cmd_run(s, ss, o);
}
