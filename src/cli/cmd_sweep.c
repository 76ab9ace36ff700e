/* cmd_sweep -- gdtrace sweep: every point of a grid of learning rates and
   starting points run to its outcome, one record each */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "gdtrace/report_sweep.h"
#include "gdtrace/sweep.h"
#include "cli_impl.h"

#define GRID_DEFAULT 101

/* An axis as typed: its option, its text (A:B, after any P=), and where
   it stands on the command line. */
struct axis_text {
    const char *opt, *text;
    int pos;
    gdt_sweep_target target;
    size_t param;
};

/* The axes of S in the order they were given: --lr's and --w0's by their
   places on the command line, the entries of --w0 in its order.  0, or
   EXIT_USAGE after the message. */
static int
find_axes(struct axis_text *ax, size_t *nax, const struct settings *s, const gdt_problem *p)
{
    size_t i, n = 0, k;

    for (i = 0; i < p->n; i++) {
        if (s->w0_texts[i] == NULL || !cli_is_axis(s, s->w0_texts[i]))
            continue;
        if (n == 2)
            return cli_bad_option("w0", "'%s': a sweep has at most two axes", s->w0);
        ax[n++] = (struct axis_text){ "w0", s->w0_texts[i], s->argpos[OPT_W0],
                                      GDT_SWEEP_W0, i };
    }
    if (n == 2 && ax[0].text > ax[1].text) { /* the order --w0 gives them */
        struct axis_text t = ax[0];
        ax[0] = ax[1];
        ax[1] = t;
    }
    if (s->lr != NULL && cli_is_axis(s, s->lr)) {
        if (strchr(s->lr, '=') != NULL)
            return cli_bad_option("lr", "'%s': the learning rate of one parameter is not yet a sweep's axis (gdtrace has one learning rate for all)", s->lr);
        if (n == 2)
            return cli_bad_option("lr", "'%s': a sweep has at most two axes", s->lr);
        k = n > 0 && s->argpos[OPT_LR] < ax[0].pos ? 0 : n;
        if (k == 0 && n == 1)
            ax[1] = ax[0];
        ax[k] = (struct axis_text){ "lr", s->lr, s->argpos[OPT_LR], GDT_SWEEP_LR, 0 };
        n++;
    }
    if (n == 0) {
        fprintf(stderr, "%s: sweep: no axis: give --lr A:B, --w0 A:B or --w0 P=A:B\n", progname);
        return EXIT_USAGE;
    }
    *nax = n;
    return 0;
}

/* Axis X from its text T: A:B, A < B, exact decimals; log ends positive. */
static int
read_axis(gdt_sweep_axis *x, const struct axis_text *t, int log)
{
    const char *colon = strchr(t->text, ':');
    char *a = strndup(t->text, (size_t)(colon - t->text));
    int rc, cmp;

    if (a == NULL)
        return EXIT_RUN;
    rc = cli_parse_number(x->a, t->opt, a);
    free(a);
    if (rc == 0)
        rc = cli_parse_number(x->b, t->opt, colon + 1);
    if (rc != 0)
        return rc;
    x->target = t->target;
    x->param = t->param;
    x->scale = log ? GDT_SWEEP_LOG : GDT_SWEEP_LIN;
    cmp = mpq_cmp(x->a, x->b);
    if (cmp == 0)
        return cli_bad_option(t->opt, "'%s' is an empty range (A:B needs A < B)", t->text);
    if (cmp > 0)
        return cli_bad_option(t->opt, "'%s' is a reversed range (A:B needs A < B)", t->text);
    if (log && mpq_sgn(x->a) <= 0)
        return cli_bad_option(t->opt, "'%s' cannot be a log axis: its ends must be positive",
                              t->text);
    return 0;
}

/* The grid and scales of S over the NAX axes X.  0 or EXIT_USAGE. */
static int
read_grid(gdt_sweep_axis *x, size_t nax, const struct settings *s)
{
    size_t k;

    if (s->ngrid == 2 && nax == 1)
        return cli_bad_option("grid", "'%s' has two axes, and the sweep one", s->set[OPT_GRID]);
    if (s->nscale == 2 && nax == 1)
        return cli_bad_option("scale", "'%s' has two axes, and the sweep one", s->set[OPT_SCALE]);
    for (k = 0; k < nax; k++)
        x[k].n = s->ngrid == 0 ? GRID_DEFAULT : s->grid[s->ngrid == 2 ? k : 0];
    if (nax == 2 && (uint64_t)x[0].n * x[1].n > (UINT64_C(1) << 31))
        return cli_bad_option("grid", "'%s' has more than 2^31 points with two axes",
                              s->set[OPT_GRID]);
    for (k = 0; k < nax; k++) {
        int cls = gdt_mode_class_of(s->modes[0]);
        if (s->scale[s->nscale == 2 ? k : 0] && (cls == GDT_MODE_EXACT || cls == GDT_MODE_INT)) {
            fprintf(stderr, "%s: --scale: '%s': a log axis has irrational points, which mode %s "
                            "cannot hold (a float mode can)\n", progname, s->set[OPT_SCALE],
                    s->modes[0]);
            return EXIT_USAGE;
        }
    }
    return 0;
}

/* The .npy file's temporary file beside PATH, made now so that an
   unwritable place is refused before the sweep.  0 or EXIT_USAGE. */
static int
npy_open(char **tmp, FILE **f, const char *path)
{
    int fd;

    *f = NULL;
    *tmp = malloc(strlen(path) + 16);
    if (*tmp == NULL)
        return EXIT_RUN;
    sprintf(*tmp, "%s.tmp-XXXXXX", path);
    fd = cli_guard_mkstemp(*tmp);
    if (fd < 0 || (*f = fdopen(fd, "wb")) == NULL) {
        fprintf(stderr, "%s: --npy: cannot write beside '%s': %s\n", progname, path,
                strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(*tmp);
            cli_guard_forget(*tmp);
        }
        free(*tmp);
        *tmp = NULL;
        return EXIT_USAGE;
    }
    return 0;
}

/* Write R's .npy into F, the temporary file TMP, and rename it to PATH;
   the temporary file is removed in every case.  0 or EXIT_RUN. */
static int
npy_finish(const gdt_sweep_report *r, FILE *f, char *tmp, const char *path, int write)
{
    gdt_error err;
    int rc = 0;
    mode_t mask;

    gdt_error_clear(&err);
    if (write && gdt_sweep_report_npy(r, f, &err) != GDT_OK) {
        fprintf(stderr, "%s: --npy: %s: %s\n", progname, path, err.msg);
        rc = EXIT_RUN;
    }
    if (fclose(f) != 0 && rc == 0 && write) {
        fprintf(stderr, "%s: --npy: %s: write error: %s\n", progname, path, strerror(errno));
        rc = EXIT_RUN;
    }
    if (write && rc == 0) {
        mask = umask(0);
        umask(mask);
        chmod(tmp, 0666 & ~mask); /* mkstemp made it 0600 */
        if (rename(tmp, path) != 0) {
            fprintf(stderr, "%s: --npy: cannot write '%s': %s\n", progname, path,
                    strerror(errno));
            rc = EXIT_RUN;
        }
    }
    if (!write || rc != 0)
        unlink(tmp);
    cli_guard_forget(tmp);
    free(tmp);
    return rc;
}

int
cli_cmd_sweep(struct settings *s, gdt_session *ss, const gdt_session_opts *o)
{
    struct axis_text at[2];
    gdt_sweep_axis axes[2];
    gdt_sweep_opts so;
    gdt_sweep_report rep;
    gdt_sweep_sink sink;
    gdt_sweep_info info;
    gdt_affine affine;
    gdt_error err;
    gdt_status st;
    const char *npy = s->set[OPT_NPY];
    char *npy_tmp = NULL;
    FILE *npy_f = NULL;
    size_t nax = 0, k, bad;
    uint64_t done = 0;
    int rc, has_affine = 0;
    long cores;

    gdt_error_clear(&err);
    memset(&rep, 0, sizeof rep);
    for (k = 0; k < 2; k++)
        gdt_sweep_axis_init(&axes[k]);
    if ((rc = find_axes(at, &nax, s, &ss->problem)) != 0)
        goto out;
    for (k = 0; k < nax; k++)
        if ((rc = read_axis(&axes[k], &at[k], s->scale[s->nscale == 2 ? k : 0])) != 0)
            goto out;
    if ((rc = read_grid(axes, nax, s)) != 0)
        goto out;
    if (s->set[OPT_ESCAPE] == NULL)
        mpq_set_ui(s->escape, 10000000000000000UL, 1); /* --escape's default, 1e16 */
    cores = sysconf(_SC_NPROCESSORS_ONLN);
    so = (gdt_sweep_opts){
        .prog = &ss->program, .names = ss->problem.params.name, .mode = o->mode,
        .prec = o->prec, .rnd = o->rnd, .max_bits = o->max_bits, .update = o->update,
        .lr = o->lr, .lr_neg0 = o->lr_neg0, .w0 = o->w0, .w0_neg0 = o->w0_neg0,
        .max_iter = o->max_iter, .axes = axes, .naxes = nax,
        .escape = (const mpq_t *)&s->escape,
        .threads = s->threads != 0 ? (unsigned)s->threads
                   : cores > 0 && cores < 1024 ? (unsigned)cores : 1,
        .stop = cli_run_opts.stop,
    };
    if ((st = gdt_sweep_check(&so, &bad, &err)) != GDT_OK) {
        if (bad != SIZE_MAX)
            fprintf(stderr, "%s: --%s: '%s': %s\n", progname, at[bad].opt, at[bad].text, err.msg);
        else
            fprintf(stderr, "%s: --mode: %s\n", progname, err.msg);
        rc = st == GDT_ENOMEM ? EXIT_RUN : EXIT_USAGE;
        goto out;
    }
    /* a one-parameter quadratic loss: the class column */
    if (ss->problem.n == 1 && gdt_problem_is_affine(&ss->problem)) {
        has_affine = 1;
        if (gdt_affine_init(&affine, &ss->program) != GDT_OK) {
            gdt_affine_clear(&affine);
            has_affine = 0;
        }
    }
    if (npy != NULL && (rc = npy_open(&npy_tmp, &npy_f, npy)) != 0)
        goto out;
    /* now nothing is refused: the records go out */
    st = gdt_sweep_report_init(&rep, s->format, &s->numfmt, stdout, &so,
                               has_affine ? &affine : NULL, npy != NULL);
    info = (gdt_sweep_info){
        .loss_text = s->loss, .grads = s->grads, .ngrads = s->ngrads,
        .data_path = s->set[OPT_DATA], .lr_text = s->lr, .w0_text = s->w0,
        .escape_text = s->set[OPT_ESCAPE] != NULL ? s->set[OPT_ESCAPE] : "1e16",
    };
    if (st != GDT_OK)
        gdt_error_set(&err, st, SIZE_MAX, "%s", gdt_status_str(st));
    if (st == GDT_OK)
        st = gdt_sweep_report_begin(&rep, &info, &err);
    if (st == GDT_OK) {
        gdt_sweep_report_sink(&sink, &rep);
        st = gdt_sweep_run(&so, &sink, &done, &err);
    }
    if (st == GDT_OK || st == GDT_EINTERRUPTED) {
        gdt_status end = gdt_sweep_report_end(&rep, done, st == GDT_EINTERRUPTED, &err);
        if (end != GDT_OK)
            st = end;
    }
    if (st == GDT_EINTERRUPTED) {
        fprintf(stderr, "%s: sweep interrupted after %llu of %llu points\n", progname,
                (unsigned long long)done, (unsigned long long)gdt_sweep_points(&so));
        rc = cli_interrupted_status();
    } else if (st != GDT_OK) {
        fprintf(stderr, "%s: %s\n", progname, err.msg);
        rc = EXIT_RUN;
    }
    /* the .npy file after a stop too: the points not run are "none" */
    if (npy_f != NULL) {
        int write = st == GDT_OK || st == GDT_EINTERRUPTED;
        int npy_rc = npy_finish(&rep, npy_f, npy_tmp, npy, write);
        if (rc == 0)
            rc = npy_rc;
    }
    /* (--png FILE: gdt_map_write_png of rep.outcome and rep.step, once the
       map writer is merged: include/gdtrace/map.h) */
out:
    gdt_sweep_report_clear(&rep);
    if (has_affine)
        gdt_affine_clear(&affine);
    for (k = 0; k < 2; k++)
        gdt_sweep_axis_clear(&axes[k]);
    return rc;
}
