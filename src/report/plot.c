/* plot -- pictures of a comparison: the data streamed to a file, drawn by
   gnuplot into a temporary file, checked, then renamed over the picture */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "gdtrace/buf.h"
#include "gdtrace/plot.h"
#include "plot_impl.h"

extern char **environ;

const char *
gdt_plot_terminal(const char *path)
{
    const char *dot = strrchr(path, '.');

    if (dot == NULL)
        return NULL;
    if (strcmp(dot, ".png") == 0)
        return "pngcairo size 1000,800";
    if (strcmp(dot, ".svg") == 0)
        return "svg size 1000,800 dynamic";
    if (strcmp(dot, ".pdf") == 0)
        return "pdfcairo size 10in,8in";
    return NULL;
}

/* The first byte of S that a gnuplot string cannot hold (a control
   character: gnuplot's strings end at a newline, and other control
   characters do not reach the file name), or NULL. */
static const char *
bad_char(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < ' ' || *s == 0x7f)
            return s;
    return NULL;
}

gdt_status
gdt_plot_check_path(const char *path, gdt_error *err)
{
    const char *bad = bad_char(path);
    struct stat st;
    char what[32];

    if (gdt_plot_terminal(path) == NULL)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "'%s' does not end in .png, .svg or .pdf", path);
    if (bad != NULL) {
        if (*bad == '\n' || *bad == '\t' || *bad == '\r')
            snprintf(what, sizeof what, "%s", *bad == '\n' ? "a newline"
                                              : *bad == '\t' ? "a tab" : "a carriage return");
        else
            snprintf(what, sizeof what, "the control character 0x%02x",
                     (unsigned)(unsigned char)*bad);
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "the file name has %s (byte %zu), which gnuplot cannot take",
                             what, (size_t)(bad - path) + 1);
    }
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "'%s' is a directory", path);
    return GDT_OK;
}

/* Make a temporary file from TMPL, registered with the caller's registry
   when there is one. */
static int
temp_make(const gdt_plot *p, char *tmpl)
{
    if (p->opts.mkstemp != NULL)
        return p->opts.mkstemp(p->opts.user, tmpl);
    return mkstemp(tmpl);
}

static void
temp_forget(const gdt_plot *p, const char *path)
{
    if (p->opts.forget != NULL)
        p->opts.forget(p->opts.user, path);
}

static void
child_is(const gdt_plot *p, pid_t pid)
{
    if (p->opts.child != NULL)
        p->opts.child(p->opts.user, pid);
}

gdt_status
gdt_plot_begin(gdt_plot *p, const char *path, const mpq_t wstar, const gdt_plot_opts *opts,
               gdt_error *err)
{
    const char *dir;
    gdt_status st;
    int fd;

    memset(p, 0, sizeof *p);
    if (opts != NULL)
        p->opts = *opts;
    dir = p->opts.tmpdir;
    mpq_init(p->wstar);
    mpq_init(p->t);
    mpfr_init2(p->x, 64);
    if ((st = gdt_plot_check_path(path, err)) != GDT_OK)
        return st;
    p->term = gdt_plot_terminal(path);
    /* the data file in $TMPDIR, when gnuplot can take its name */
    if (dir == NULL || dir[0] == '\0' || bad_char(dir) != NULL)
        dir = "/tmp";
    p->path = strdup(path);
    p->data_path = malloc(strlen(dir) + 32);
    p->out_path = malloc(strlen(path) + 16);
    if (p->path == NULL || p->data_path == NULL || p->out_path == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    sprintf(p->data_path, "%s/gdtrace-plot-XXXXXX", dir);
    fd = temp_make(p, p->data_path);
    if (fd < 0 || (p->data = fdopen(fd, "w")) == NULL) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
            unlink(p->data_path);
            temp_forget(p, p->data_path);
        }
        free(p->data_path);
        p->data_path = NULL;
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "cannot make a data file in %s: %s", dir,
                             strerror(e));
    }
    p->have_data = 1;
    if (wstar != NULL) {
        p->have_wstar = 1;
        mpq_set(p->wstar, wstar);
    }
    /* the picture's temporary file, beside it, so that the rename that
       installs it stays in one file system */
    sprintf(p->out_path, "%s.tmp-XXXXXX", path);
    fd = temp_make(p, p->out_path);
    if (fd < 0)
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "cannot write beside '%s': %s", path,
                             strerror(errno));
    p->have_out = 1;
    close(fd);
    return GDT_OK;
}

/* log10 |Q| as a double; NaN for zero (no point: the curve has a gap). */
static double
log10_abs(gdt_plot *p, const mpq_t q)
{
    if (mpq_sgn(q) == 0)
        return NAN;
    mpfr_set_q(p->x, q, MPFR_RNDN);
    mpfr_abs(p->x, p->x, MPFR_RNDN);
    mpfr_log10(p->x, p->x, MPFR_RNDN);
    return mpfr_get_d(p->x, MPFR_RNDN);
}

gdt_status
gdt_plot_step(gdt_plot *p, const gdt_compare *c, gdt_error *err)
{
    size_t i, j;

    if (p->has_y == NULL) {
        p->nlanes = c->n;
        p->has_y = calloc(c->n, 1);
        p->has_d = calloc(c->n, 1);
        if (p->has_y == NULL || p->has_d == NULL)
            return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    }
    if (fprintf(p->data, "%lu", c->k) < 0)
        goto fail;
    /* one parameter: w; several: the loss */
    j = c->nq == 2 ? 0 : c->nq - 1;
    for (i = 0; i < c->n; i++) {
        const gdt_cmp_lane *l = &c->lanes[i];
        const gdt_cmp_qty *q = &l->q[j];
        double y = NAN, d = NAN;

        if (l->active && q->cls == GDT_CMP_FINITE) {
            if (p->have_wstar && j == 0) {
                mpq_sub(p->t, q->v, p->wstar);
                y = log10_abs(p, p->t);
            } else {
                y = log10_abs(p, q->v);
            }
        }
        if (l->active && q->compared) {
            if (q->digits >= 0)
                d = (double)q->digits;
            else if (strcmp(l->dom.ops->kind, "exact") != 0 && l->dom.prec > 0
                     && strncmp(l->dom.name, "int", 3) != 0)
                /* all digits right: as many as the format holds */
                d = ceil((double)l->dom.prec * log10(2.0));
        }
        p->has_y[i] |= !isnan(y);
        p->has_d[i] |= !isnan(d);
        if (fprintf(p->data, isnan(y) ? " NaN" : " %.17g", y) < 0
            || fprintf(p->data, isnan(d) ? " NaN" : " %g", d) < 0)
            goto fail;
    }
    if (fputc('\n', p->data) == EOF)
        goto fail;
    return GDT_OK;
fail:
    return gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: cannot write the data file: %s",
                         strerror(errno));
}

static gdt_status
sink_step(void *ctx, const gdt_compare *c, gdt_error *err)
{
    return gdt_plot_step(ctx, c, err);
}

void
gdt_plot_sink(gdt_compare_sink *out, gdt_plot *p)
{
    out->ctx = p;
    out->numfmt = NULL;
    out->begin = NULL;
    out->step = sink_step;
    out->end = NULL;
}

gdt_status
gdt_plot_put_quoted(gdt_buf *b, const char *s, size_t max)
{
    size_t len = strlen(s), i;
    gdt_status st = gdt_buf_putc(b, '\'');

    if (len > max) {
        len = max;
        while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
            len--;
    }
    for (i = 0; i < len && st == GDT_OK; i++) {
        if (s[i] == '\'')
            st = gdt_buf_puts(b, "''");
        else
            st = gdt_buf_putc(b, (unsigned char)s[i] < ' ' || s[i] == 0x7f ? ' ' : s[i]);
    }
    if (st == GDT_OK && len < strlen(s))
        st = gdt_buf_puts(b, "...");
    return st == GDT_OK ? gdt_buf_putc(b, '\'') : st;
}

gdt_status
gdt_plot_put_path(gdt_buf *b, const char *path)
{
    gdt_buf t;
    gdt_status st;

    gdt_buf_init(&t);
    st = gdt_buf_printf(&t, "%s%s", path[0] == '/' ? "" : "./", path);
    if (st == GDT_OK)
        st = gdt_plot_put_quoted(b, t.s, SIZE_MAX);
    gdt_buf_clear(&t);
    return st;
}

/* One panel: a curve per lane that has a point in it (HAS), from data
   column 2 + 2*lane + COL. */
static gdt_status
plot_panel(gdt_buf *g, const gdt_plot *p, const gdt_compare *c, const unsigned char *has,
           int col, const char *style)
{
    size_t i;
    int first = 1;
    gdt_status st = GDT_OK;

    for (i = 0; i < c->n && st == GDT_OK; i++) {
        if (has == NULL || !has[i])
            continue;
        st = gdt_buf_puts(g, first ? "plot " : ", \\\n     ");
        if (st == GDT_OK)
            st = gdt_plot_put_path(g, p->data_path);
        if (st == GDT_OK)
            st = gdt_buf_printf(g, " using 1:%zu with %s lw 2 lc %zu title ",
                                2 + 2 * i + (size_t)col, style, i + 1);
        if (st == GDT_OK)
            st = gdt_plot_put_quoted(g, c->lanes[i].mode, GDT_PLOT_TITLE_MAX);
        first = 0;
    }
    if (st == GDT_OK && first)   /* nothing to draw: an empty panel with its axes */
        st = gdt_buf_puts(g, "set yrange [0:1]\nplot NaN notitle");
    return st == GDT_OK ? gdt_buf_putc(g, '\n') : st;
}

/* The gnuplot script that draws the picture into P->out_path. */
static gdt_status
script(gdt_buf *g, const gdt_plot *p, const gdt_compare *c, const char *title)
{
    gdt_status st;

    st = gdt_buf_printf(g, "set terminal %s noenhanced font 'sans,11'\nset output ", p->term);
    if (st == GDT_OK)
        st = gdt_plot_put_path(g, p->out_path);
    if (st == GDT_OK)
        st = gdt_buf_puts(g, "\nset datafile missing 'NaN'\nset multiplot layout 2,1 title ");
    if (st == GDT_OK)
        st = gdt_plot_put_quoted(g, title, GDT_PLOT_TITLE_MAX);
    if (st == GDT_OK)
        st = gdt_buf_printf(g, "\nset grid\nset lmargin 12\nset key outside right top\n"
                               "set xlabel 'step'\nset xrange [0:%lu]\n",
                            c->k > 0 ? c->k : 1);
    if (st == GDT_OK)
        st = gdt_buf_printf(g, "set ylabel %s\nset format y '1e%%g'\n",
                            c->nq > 2 ? "'loss  (log scale)'"
                            : p->have_wstar ? "'|w - w*|  (log scale)'" : "'|w|  (log scale)'");
    if (st == GDT_OK)
        st = plot_panel(g, p, c, p->has_y, 0, "lines");
    if (st == GDT_OK)
        st = gdt_buf_printf(g, "set ylabel %s\nset format y '%%g'\nset yrange [0:*]\n",
                            c->nq > 2 ? "'correct digits of the loss'"
                                      : "'correct significant digits'");
    if (st == GDT_OK)
        st = plot_panel(g, p, c, p->has_d, 1, "steps");
    if (st == GDT_OK)
        st = gdt_buf_puts(g, "unset multiplot\nset output\n");
    return st;
}

/* Write SCRIPT to FD, gnuplot's standard input, so that a gnuplot that
   ends early makes the write fail (EPIPE), not the process end: SIGPIPE is
   blocked in this thread for the time of the write, and the one the write
   raised is taken back before it is unblocked.  No disposition of the
   process changes (those are its owner's). */
static gdt_status
write_script(const gdt_buf *script, int fd)
{
    struct timespec now = { 0, 0 };
    sigset_t pipe_set, old, pending;
    gdt_status st;
    int was_pending;

    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigpending(&pending);
    was_pending = sigismember(&pending, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    st = gdt_buf_write(script, fd);
    sigpending(&pending);
    if (!was_pending && sigismember(&pending, SIGPIPE))
        while (sigtimedwait(&pipe_set, NULL, &now) < 0 && errno == EINTR)
            ;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return st;
}

/* Run gnuplot on SCRIPT, its standard input; its standard output goes to
   /dev/null (never into the report).  A stop request kills it (whoever
   P->opts.child told). */
static gdt_status
run_gnuplot(const gdt_plot *p, const gdt_buf *script, gdt_error *err)
{
    char *argv[] = { "gnuplot", NULL };
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    sigset_t def, none;
    pid_t pid;
    int fds[2], rc, status, e = 0;
    gdt_status wst;

    if (pipe(fds) != 0)
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: cannot run gnuplot: %s",
                             strerror(errno));
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawnattr_init(&attr);
    sigemptyset(&def);   /* SIGXFSZ stays ignored: a size limit cuts the picture */
    sigaddset(&def, SIGPIPE);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attr, &def);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    rc = posix_spawnp(&pid, "gnuplot", &fa, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    close(fds[0]);
    if (rc != 0) {
        close(fds[1]);
        if (rc == ENOENT)
            return gdt_error_set(err, GDT_EIO, SIZE_MAX,
                                 "--plot: gnuplot is not installed (Debian package gnuplot-nox)");
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: cannot run gnuplot: %s",
                             strerror(rc));
    }
    child_is(p, pid);
    wst = write_script(script, fds[1]);
    close(fds[1]);
    while ((rc = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
        ;
    if (rc < 0)
        e = errno;
    child_is(p, 0);
    if (gdt_cancelled(p->opts.stop))
        return gdt_error_set(err, GDT_EINTERRUPTED, SIZE_MAX, "--plot: interrupted");
    if (rc < 0)
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: gnuplot: %s", strerror(e));
    if (WIFSIGNALED(status))
        return gdt_error_set(err, GDT_EIO, SIZE_MAX,
                             "--plot: gnuplot failed to draw '%s' (killed by signal %d)",
                             p->path, WTERMSIG(status));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || wst != GDT_OK)
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: gnuplot failed to draw '%s'",
                             p->path);
    return GDT_OK;
}

/* Whether the N bytes at HEAD (the file's first) and TAIL (its last) look
   like a whole picture of TERM: the format's signature and its end. */
static int
looks_whole(const char *term, const unsigned char *head, const unsigned char *tail, size_t n)
{
    static const unsigned char png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    static const unsigned char png_end[12] = { 0, 0, 0, 0, 'I', 'E', 'N', 'D',
                                               0xae, 0x42, 0x60, 0x82 };
    size_t i;

    if (strncmp(term, "png", 3) == 0)
        return n >= 20 && memcmp(head, png_sig, 8) == 0 && memcmp(tail + n - 12, png_end, 12) == 0;
    if (strncmp(term, "svg", 3) == 0) {
        while (n > 0 && (tail[n - 1] == '\n' || tail[n - 1] == ' ' || tail[n - 1] == '\r'))
            n--;
        return n >= 6 && memcmp(head, "<?xml", 5) == 0 && memcmp(tail + n - 6, "</svg>", 6) == 0;
    }
    /* pdf: "%%EOF" near the end */
    if (n < 10 || memcmp(head, "%PDF-", 5) != 0)
        return 0;
    for (i = 0; i + 5 <= n; i++)
        if (memcmp(tail + i, "%%EOF", 5) == 0)
            return 1;
    return 0;
}

/* Check the picture gnuplot wrote into P->out_path, and make it durable
   before it replaces the old one. */
static gdt_status
check_picture(const gdt_plot *p, gdt_error *err)
{
    unsigned char head[16], tail[1024];
    struct stat st;
    size_t n;
    int fd = open(p->out_path, O_RDONLY), ok;

    if (fd < 0 || fstat(fd, &st) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: %s: %s", p->out_path,
                             strerror(e));
    }
    n = st.st_size < (off_t)sizeof tail ? (size_t)st.st_size : sizeof tail;
    memset(head, 0, sizeof head);
    ok = n >= sizeof head
         && pread(fd, head, sizeof head, 0) == (ssize_t)sizeof head
         && pread(fd, tail, n, st.st_size - (off_t)n) == (ssize_t)n
         && looks_whole(p->term, head, tail, n);
    if (ok && fsync(fd) != 0) {
        int e = errno;
        close(fd);
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: cannot write '%s': %s", p->path,
                             strerror(e));
    }
    close(fd);
    if (!ok)
        return gdt_error_set(err, GDT_EIO, SIZE_MAX,
                             "--plot: gnuplot's picture is incomplete (%lld bytes; a full "
                             "disk or a file size limit?): '%s' is left as it was",
                             (long long)st.st_size, p->path);
    return GDT_OK;
}

gdt_status
gdt_plot_draw(gdt_plot *p, const gdt_buf *script, gdt_error *err)
{
    gdt_status st;
    mode_t mask;

    st = run_gnuplot(p, script, err);
    if (st == GDT_OK)
        st = check_picture(p, err);
    if (st != GDT_OK)
        return st;
    mask = umask(0);
    umask(mask);
    chmod(p->out_path, 0666 & ~mask);   /* mkstemp made it 0600 */
    if (rename(p->out_path, p->path) != 0)
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: cannot write '%s': %s", p->path,
                             strerror(errno));
    temp_forget(p, p->out_path);
    p->have_out = 0;
    return GDT_OK;
}

gdt_status
gdt_plot_end(gdt_plot *p, const gdt_compare *c, const char *title, gdt_error *err)
{
    gdt_buf g;
    gdt_status st;

    if (fclose(p->data) != 0) {
        p->data = NULL;
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: cannot write the data file: %s",
                             strerror(errno));
    }
    p->data = NULL;
    if (gdt_cancelled(p->opts.stop))
        return gdt_error_set(err, GDT_EINTERRUPTED, SIZE_MAX, "--plot: interrupted");
    gdt_buf_init(&g);
    st = script(&g, p, c, title);
    if (st != GDT_OK)
        st = gdt_error_set(err, st, SIZE_MAX, "--plot: %s", gdt_status_str(st));
    if (st == GDT_OK)
        st = gdt_plot_draw(p, &g, err);
    gdt_buf_clear(&g);
    return st;
}

void
gdt_plot_clear(gdt_plot *p)
{
    if (p == NULL)
        return;
    if (p->data != NULL)
        fclose(p->data);
    if (p->have_data) {
        unlink(p->data_path);
        temp_forget(p, p->data_path);
    }
    free(p->data_path);
    if (p->have_out) {   /* not drawn, or not renamed */
        unlink(p->out_path);
        temp_forget(p, p->out_path);
    }
    free(p->out_path);
    free(p->path);
    free(p->has_y);
    free(p->has_d);
    mpq_clear(p->wstar);
    mpq_clear(p->t);
    mpfr_clear(p->x);
    memset(p, 0, sizeof *p);
}
