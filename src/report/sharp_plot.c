/* sharp_plot -- the sharpness along a run (the top eigenvalue of the
   Hessian per step) against 2/lr, drawn by gnuplot on the comparison
   picture's machinery (plot_impl.h): its palette, fonts and decades */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "gdtrace/buf.h"
#include "gdtrace/plot.h"
#include "plot_impl.h"

/* A log scale from 10^E0 to 10^E1 (a little wider, so that gnuplot keeps
   the tics at the ends), labelled at the whole powers every STEP decades,
   with minor tics at 2..9 times each power when STEP is 1. */
static gdt_status
put_log_tics(gdt_buf *g, long e0, long e1, long step)
{
    double pad = (double)(e1 - e0) * 0.03;
    gdt_status st = gdt_buf_printf(g, "set logscale y\nset yrange [%.17g:%.17g]\nset ytics (",
                                   pow(10, (double)e0 - pad), pow(10, (double)e1 + pad));
    long e;
    int m;

    for (e = e0; e <= e1 && st == GDT_OK; e += step) {
        st = gdt_buf_puts(g, e == e0 ? "'" : ", '");
        if (st == GDT_OK)
            st = gdt_plot_put_power(g, e);
        if (st == GDT_OK)
            st = gdt_buf_printf(g, "' 1e%ld", e);
        for (m = 2; m <= 9 && step == 1 && e < e1 && st == GDT_OK; m++)
            st = gdt_buf_printf(g, ", '' %de%ld 1", m, e);
    }
    return st == GDT_OK ? gdt_buf_puts(g, ")\n") : st;
}

/* The script of S's picture into P->out_path. */
static gdt_status
script(gdt_buf *g, const gdt_plot *p, const gdt_sharpness_plot *s)
{
    unsigned long w = p->opts.width > 0 ? p->opts.width : 1200;
    unsigned long h = p->opts.height > 0 ? p->opts.height : 900;
    unsigned long n = s->count, k, x1 = n > 1 ? n - 1 : 1;
    double font = gdt_plot_font(w, h), lo = s->threshold, hi = s->threshold;
    int logy = s->threshold > 0;
    gdt_status st;

    for (k = 0; k < n; k++) {
        if (!(s->lmax[k] > 0))
            logy = 0;
        if (s->lmax[k] < lo)
            lo = s->lmax[k];
        if (s->lmax[k] > hi)
            hi = s->lmax[k];
    }
    st = gdt_plot_put_terminal(g, p, w, h, font);
    if (st == GDT_OK)
        st = gdt_buf_puts(g, "set output ");
    if (st == GDT_OK)
        st = gdt_plot_put_path(g, p->out_path);
    if (st == GDT_OK)
        st = gdt_buf_puts(g, "\nset title ");
    if (st == GDT_OK)
        st = gdt_plot_put_quoted(g, s->title != NULL ? s->title : "", GDT_PLOT_TITLE_MAX);
    if (st == GDT_OK)
        st = gdt_buf_printf(g, " font ',%.0f'\nset datafile missing 'NaN'\nset border lw 1.5\n"
                               "set grid lw 1 lc rgb '#c8c8c8'\nset tics nomirror out scale 0.6\n"
                               "set xrange [0:%lu]\nset xtics %lu\nset xlabel 'step'\n"
                               "set label 1 '%s' at screen 0.025, screen 0.51 center "
                               "rotate by 90\nset lmargin at screen 0.13\n"
                               "set rmargin at screen 0.95\nset tmargin at screen 0.9\n"
                               "set bmargin at screen 0.2\n"
                               "set key at screen 0.54, screen 0.025 center bottom horizontal "
                               "box Left reverse samplen 2 width 0 maxcols 3\n",
                            font * 1.1, x1, gdt_plot_x_step(x1),
                            s->per_lr ? "sharpness  (top eigenvalue of diag(lr)*H)"
                                      : "sharpness  (top eigenvalue of H)");
    if (st == GDT_OK && logy) {
        /* whole decades around both the curve and the line */
        long e0 = (long)floor(log10(lo)), e1 = (long)ceil(log10(hi)), step;
        if (e1 <= e0)
            e1 = e0 + 1;
        step = (long)gdt_plot_decade_step((double)(e1 - e0));
        e0 = (long)floor((double)e0 / (double)step) * step;
        e1 = (long)ceil((double)e1 / (double)step) * step;
        st = put_log_tics(g, e0, e1, step);
    } else if (st == GDT_OK) {
        double pad = (hi - lo) * 0.06 + (hi == lo ? 1 : 0);
        st = gdt_buf_printf(g, "set yrange [%.17g:%.17g]\n", lo - pad, hi + pad);
    }
    /* the curve, the line 2/lr, the first step above it */
    if (st == GDT_OK && s->above_from >= 0)
        st = gdt_buf_printf(g, "$above << EOD\n%ld %.17g\nEOD\n", s->above_from,
                            s->lmax[s->above_from]);
    if (st == GDT_OK)
        st = gdt_buf_puts(g, "plot ");
    if (st == GDT_OK)
        st = gdt_plot_put_path(g, p->data_path);
    if (st == GDT_OK)
        st = gdt_buf_printf(g, " using 1:2 with lines lw 3.5 lc rgb '%s' title 'lmax per step', "
                               "\\\n     %.17g with lines lw 3 dt (18,10) lc rgb '%s' title '%s'",
                            gdt_plot_colour(1), s->threshold, gdt_plot_colour(2),
                            s->per_lr ? "2 (stability limit)" : "2/lr (stability limit)");
    if (st == GDT_OK && s->above_from >= 0)
        st = gdt_buf_printf(g, ", \\\n     $above using 1:2 with points pt 7 ps 2.5 lc rgb '%s' "
                               "title 'first above, step %ld'",
                            gdt_plot_colour(3), s->above_from);
    return st == GDT_OK ? gdt_buf_puts(g, "\nset output\n") : st;
}

gdt_status
gdt_sharpness_write_plot(const char *path, const gdt_sharpness_plot *s,
                         const gdt_plot_opts *opts, gdt_error *err)
{
    gdt_plot p;
    gdt_buf g;
    gdt_status st;
    unsigned long k;

    gdt_buf_init(&g);
    st = gdt_plot_begin(&p, path, NULL, opts, err);
    for (k = 0; k < s->count && st == GDT_OK; k++)
        if (fprintf(p.data, "%lu %.17g\n", k, s->lmax[k]) < 0)
            st = gdt_error_set(err, GDT_EIO, SIZE_MAX, "--plot: cannot write the data file: %s",
                               strerror(errno));
    if (st == GDT_OK) {
        if (fclose(p.data) != 0)
            st = gdt_error_set(err, GDT_EIO, SIZE_MAX,
                               "--plot: cannot write the data file: %s", strerror(errno));
        p.data = NULL;
    }
    if (st == GDT_OK && gdt_cancelled(p.opts.stop))
        st = gdt_error_set(err, GDT_EINTERRUPTED, SIZE_MAX, "--plot: interrupted");
    if (st == GDT_OK && (st = script(&g, &p, s)) != GDT_OK)
        st = gdt_error_set(err, st, SIZE_MAX, "--plot: %s", gdt_status_str(st));
    if (st == GDT_OK)
        st = gdt_plot_draw(&p, &g, err);
    gdt_buf_clear(&g);
    gdt_plot_clear(&p);
    return st;
}
