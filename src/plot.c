/* plot -- pictures of a comparison: the data streamed to a file, drawn by
   gnuplot through a pipe */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "gdtrace/plot.h"

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

gdt_status
gdt_plot_begin(gdt_plot *p, const char *path, const mpq_t wstar, gdt_error *err)
{
    const char *tmp = getenv("TMPDIR");
    int fd;

    memset(p, 0, sizeof *p);
    mpq_init(p->wstar);
    mpq_init(p->t);
    mpfr_init2(p->x, 64);
    p->term = gdt_plot_terminal(path);
    if (p->term == NULL)
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "'%s' does not end in .png, .svg or .pdf", path);
    p->path = strdup(path);
    p->data_path = malloc(strlen(tmp ? tmp : "/tmp") + 32);
    if (p->path == NULL || p->data_path == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    sprintf(p->data_path, "%s/gdtrace-plot-XXXXXX", tmp ? tmp : "/tmp");
    fd = mkstemp(p->data_path);
    if (fd < 0 || (p->data = fdopen(fd, "w")) == NULL) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        free(p->data_path);
        p->data_path = NULL;
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "cannot make a data file: %s",
                             strerror(e));
    }
    if (wstar != NULL) {
        p->have_wstar = 1;
        mpq_set(p->wstar, wstar);
    }
    p->out_path = malloc(strlen(path) + 16);
    if (p->out_path == NULL)
        return gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    sprintf(p->out_path, "%s.tmp-XXXXXX", path);
    fd = mkstemp(p->out_path);
    if (fd < 0) {
        int e = errno;
        free(p->out_path);
        p->out_path = NULL;
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "cannot write beside '%s': %s", path,
                             strerror(e));
    }
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

/* Write S into F as a gnuplot single-quoted string. */
static void
put_quoted(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'')
            fputc('\'', f);
        if ((unsigned char)*s >= ' ')
            fputc(*s, f);
    }
    fputc('\'', f);
}

/* One panel: a curve per lane that has a point in it (HAS), from data
   column 2 + 2*lane + COL. */
static void
plot_panel(FILE *g, const gdt_plot *p, const gdt_compare *c, const unsigned char *has,
           int col, const char *style)
{
    size_t i;
    int first = 1;

    for (i = 0; i < c->n; i++) {
        if (has == NULL || !has[i])
            continue;
        fprintf(g, "%s", first ? "plot " : ", \\\n     ");
        put_quoted(g, p->data_path);
        fprintf(g, " using 1:%zu with %s lw 2 lc %zu title ", 2 + 2 * i + (size_t)col, style,
                i + 1);
        put_quoted(g, c->lanes[i].mode);
        first = 0;
    }
    if (first)   /* nothing to draw: an empty panel with its axes */
        fprintf(g, "set yrange [0:1]\nplot NaN notitle");
    fputc('\n', g);
}

gdt_status
gdt_plot_end(gdt_plot *p, const gdt_compare *c, const char *title, gdt_error *err)
{
    char *out;
    FILE *g;
    int status;
    gdt_status st = GDT_OK;

    if (fclose(p->data) != 0) {
        p->data = NULL;
        return gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: cannot write the data file: %s",
                             strerror(errno));
    }
    p->data = NULL;
    out = p->out_path;
    fflush(NULL);
    g = popen("gnuplot", "w");
    if (g == NULL) {
        st = gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: cannot run gnuplot: %s",
                           strerror(errno));
        goto out;
    }
    fprintf(g, "set terminal %s noenhanced font 'sans,11'\nset output ", p->term);
    put_quoted(g, out);
    fprintf(g, "\nset datafile missing 'NaN'\nset multiplot layout 2,1 title ");
    put_quoted(g, title);
    fprintf(g, "\nset grid\nset lmargin 12\nset key outside right top\nset xlabel 'step'\nset xrange [0:%lu]\n",
            c->k > 0 ? c->k : 1);
    fprintf(g, "set ylabel %s\nset format y '1e%%g'\n",
            c->nq > 2 ? "'loss  (log scale)'"
            : p->have_wstar ? "'|w - w*|  (log scale)'" : "'|w|  (log scale)'");
    plot_panel(g, p, c, p->has_y, 0, "lines");
    fprintf(g, "set ylabel %s\nset format y '%%g'\nset yrange [0:*]\n",
            c->nq > 2 ? "'correct digits of the loss'" : "'correct significant digits'");
    plot_panel(g, p, c, p->has_d, 1, "steps");
    fprintf(g, "unset multiplot\nset output\n");
    status = pclose(g);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 127)
            st = gdt_error_set(err, GDT_EIO, SIZE_MAX,
                               "--plot: gnuplot is not installed (Debian package gnuplot-nox)");
        else
            st = gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: gnuplot failed to draw '%s'",
                               p->path);
        goto out;
    }
    {
        mode_t mask = umask(0);
        umask(mask);
        chmod(out, 0666 & ~mask);   /* mkstemp made it 0600 */
    }
    if (rename(out, p->path) != 0)
        st = gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: cannot write '%s': %s", p->path,
                           strerror(errno));
    else {
        free(p->out_path);
        p->out_path = NULL;
    }
out:
    return st;
}

void
gdt_plot_clear(gdt_plot *p)
{
    if (p == NULL)
        return;
    if (p->data != NULL)
        fclose(p->data);
    if (p->data_path != NULL)
        unlink(p->data_path);
    free(p->data_path);
    if (p->out_path != NULL)
        unlink(p->out_path);   /* not drawn, or not renamed */
    free(p->out_path);
    free(p->path);
    free(p->has_y);
    free(p->has_d);
    mpq_clear(p->wstar);
    mpq_clear(p->t);
    mpfr_clear(p->x);
    memset(p, 0, sizeof *p);
}
