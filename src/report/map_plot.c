/* map_plot -- a sweep's map drawn by gnuplot, with its axes and a legend
   (see gdtrace/map.h)

   The data file holds the (sampled) points' colours as raw bytes, R G B a
   point, rows from the second axis's first point up, which gnuplot reads
   as a binary array and draws `with rgbimage`: pixel (a, b) centred on the
   values of its point.  The legend's swatches are key entries. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "gdtrace/buf.h"
#include "gdtrace/map.h"
#include "plot_impl.h"

/* The most points drawn along a side. */
#define MAP_PLOT_SIDE 1024

/* The order of the legend: the outcomes by their codes, none last. */
static const gdt_outcome legend_order[GDT_OUTCOME_COUNT] = {
    GDT_OUTCOME_CONVERGED,  GDT_OUTCOME_STALLED,     GDT_OUTCOME_CYCLE,
    GDT_OUTCOME_DIVERGED,   GDT_OUTCOME_BOUNDED,     GDT_OUTCOME_SIZE_LIMIT,
    GDT_OUTCOME_INTERRUPTED, GDT_OUTCOME_ERROR,      GDT_OUTCOME_UNDECIDED,
    GDT_OUTCOME_CONTRACTING, GDT_OUTCOME_NONE,
};

/* One side of the picture: N points from FIRST to LAST, drawn every K-th
   (NDRAWN of them) as pixels of width D centred on their values.  gnuplot
   draws no image one pixel wide: a side of one point is drawn as REP = 2
   pixels of half its width (else REP is 1). */
typedef struct side {
    size_t n, k, ndrawn, rep;
    double first, d;
} side;

/* Draw S's one point as two pixels. */
static void
side_split(side *s)
{
    if (s->ndrawn > 1)
        return;
    s->rep = 2;
    s->d /= 2;
    s->first -= s->d / 2;
}

static gdt_status
side_of(side *s, const gdt_map_axis *a, size_t n, gdt_error *err)
{
    double first = a->first, last = a->last;

    if (!isfinite(first) || !isfinite(last) || (a->log && (first <= 0 || last <= 0)))
        return gdt_error_set(err, GDT_EVALUE, SIZE_MAX,
                             "--plot: the axis %s runs from %g to %g, which %s", a->name, first,
                             last, a->log ? "a log axis cannot draw" : "are not numbers");
    if (a->log) {
        first = log10(first);
        last = log10(last);
    }
    s->n = n;
    s->k = (n + MAP_PLOT_SIDE - 1) / MAP_PLOT_SIDE;
    s->ndrawn = (n + s->k - 1) / s->k;
    s->rep = 1;
    s->first = first;
    if (n > 1 && last != first)
        s->d = (last - first) / (double)(n - 1) * (double)s->k;
    else
        s->d = first != 0 ? fabs(first) / 10 : 1;   /* one point: any width */
    side_split(s);
    return GDT_OK;
}

/* Write the drawn points' colours to P's data file, the second axis's
   rows from its first point up; the stop flag polled at each row. */
static gdt_status
write_data(gdt_plot *p, const gdt_map *m, const side *x, const side *y, unsigned char *row,
           gdt_error *err)
{
    size_t a, b, i, r, n = x->ndrawn * x->rep;
    unsigned char *px;

    for (b = 0; b < y->ndrawn * y->rep; b++) {
        if (gdt_cancelled(p->opts.stop))
            return gdt_error_set(err, GDT_EINTERRUPTED, SIZE_MAX, "--plot: interrupted");
        for (a = 0, px = row; a < x->ndrawn; a++)
            for (r = 0; r < x->rep; r++, px += 3) {
                i = b / y->rep * y->k * m->width + a * x->k;
                if (gdt_map_colour(px, m->outcome[i], m->step[i], m->max_iter) != GDT_OK)
                    return gdt_error_set(err, GDT_EVALUE, SIZE_MAX, "no outcome"); /* checked */
            }
        if (fwrite(row, 3, n, p->data) != n)
            return gdt_error_set(err, GDT_EIO, SIZE_MAX,
                                 "--plot: cannot write the data file: %s", strerror(errno));
    }
    return GDT_OK;
}

/* "set Xlabel 'NAME'" (or 'log10 NAME') and the range of side S. */
static gdt_status
put_axis(gdt_buf *g, char xy, const gdt_map_axis *a, const side *s)
{
    gdt_buf label;
    gdt_status st;

    gdt_buf_init(&label);
    st = gdt_buf_printf(&label, "%s%s", a->log ? "log10 " : "", a->name ? a->name : "");
    if (st == GDT_OK)
        st = gdt_buf_printf(g, "set %clabel ", xy);
    if (st == GDT_OK)
        st = gdt_plot_put_quoted(g, label.s, GDT_PLOT_TITLE_MAX);
    gdt_buf_clear(&label);
    if (st == GDT_OK)
        st = gdt_buf_printf(g, "\nset %crange [%.17g:%.17g]\n", xy, s->first - s->d / 2,
                            s->first + s->d * ((double)(s->ndrawn * s->rep) - 0.5));
    return st;
}

/* The vertical axis's tics: each row's label (every k-th, at most 40),
   at the row's place on side S. */
static gdt_status
put_row_labels(gdt_buf *g, const gdt_map *m, const gdt_map_plot_opts *po, const side *s)
{
    size_t j, k = (m->height + 39) / 40;
    gdt_status st = gdt_buf_puts(g, "set ytics (");

    for (j = 0; j < m->height && st == GDT_OK; j += k) {
        if (j > 0)
            st = gdt_buf_puts(g, ", ");
        if (st == GDT_OK)
            st = gdt_plot_put_quoted(g, po->row_labels[j], GDT_PLOT_TITLE_MAX);
        if (st == GDT_OK)
            st = gdt_buf_printf(g, " %.17g", s->first + s->d * (double)j / (double)s->k);
    }
    return st == GDT_OK ? gdt_buf_puts(g, ")\nset ytics nomirror\n") : st;
}

/* The legend's swatch of colour RGB titled "NAME" or "NAME, step N". */
static gdt_status
put_swatch(gdt_buf *g, const unsigned char rgb[3], gdt_outcome o, int with_step,
           unsigned long step)
{
    gdt_status st;

    st = gdt_buf_printf(g, ", \\\n     keyentry with boxes fill solid 1.0 border lc rgb "
                           "'#404040' fc rgb '#%02x%02x%02x' title '%s",
                        rgb[0], rgb[1], rgb[2], gdt_outcome_str(o));
    if (st == GDT_OK && with_step)
        st = gdt_buf_printf(g, ", step %lu", step);
    return st == GDT_OK ? gdt_buf_putc(g, '\'') : st;
}

/* The gnuplot script: the picture of M into P->out_path, HAS[o] set for
   the outcomes M has. */
static gdt_status
script(gdt_buf *g, const gdt_plot *p, const gdt_map *m, const gdt_map_plot_opts *po,
       const side *x, const side *y, const unsigned char *has)
{
    unsigned char rgb[3];
    gdt_status st;
    size_t i;

    st = gdt_buf_printf(g, "set terminal %s noenhanced font 'sans,11'\nset output ", p->term);
    if (st == GDT_OK)
        st = gdt_plot_put_path(g, p->out_path);
    if (st == GDT_OK && po->title != NULL) {
        st = gdt_buf_puts(g, "\nset title ");
        if (st == GDT_OK)
            st = gdt_plot_put_quoted(g, po->title, GDT_PLOT_TITLE_MAX);
    }
    if (st == GDT_OK)
        st = gdt_buf_puts(g, "\nset key outside right top\nset tics out\n");
    if (st == GDT_OK)
        st = put_axis(g, 'x', &po->axis[0], x);
    if (st == GDT_OK && m->height > 1)
        st = put_axis(g, 'y', &po->axis[1], y);
    if (st == GDT_OK && m->height > 1 && po->row_labels != NULL)
        st = put_row_labels(g, m, po, y);
    else if (st == GDT_OK && m->height == 1)   /* one row: a band, no second axis */
        st = gdt_buf_puts(g, "unset ytics\nset yrange [-0.5:0.5]\n");
    if (st == GDT_OK)
        st = gdt_buf_puts(g, "plot ");
    if (st == GDT_OK)
        st = gdt_plot_put_path(g, p->data_path);
    if (st == GDT_OK)
        st = gdt_buf_printf(g, " binary array=(%zu,%zu) format='%%uchar' origin=(%.17g,%.17g) "
                               "dx=%.17g dy=%.17g with rgbimage notitle",
                            x->ndrawn * x->rep, y->ndrawn * y->rep, x->first, y->first, x->d,
                            y->d);
    for (i = 0; i < GDT_OUTCOME_COUNT && st == GDT_OK; i++) {
        gdt_outcome o = legend_order[i];
        int shaded = o == GDT_OUTCOME_DIVERGED || o == GDT_OUTCOME_CONVERGED
                     || o == GDT_OUTCOME_STALLED;

        if (!has[o])
            continue;
        if (gdt_map_colour(rgb, o, 0, m->max_iter) == GDT_OK)
            st = put_swatch(g, rgb, o, shaded, 0);
        if (st == GDT_OK && shaded
            && gdt_map_colour(rgb, o, (int64_t)m->max_iter, m->max_iter) == GDT_OK)
            st = put_swatch(g, rgb, o, 1, m->max_iter);
    }
    return st == GDT_OK ? gdt_buf_puts(g, "\nset output\n") : st;
}

gdt_status
gdt_map_write_plot(const char *path, const gdt_map *m, const gdt_map_plot_opts *po,
                   const gdt_plot_opts *opts, gdt_error *err)
{
    unsigned char has[GDT_OUTCOME_COUNT] = { 0 }, *row = NULL;
    side x, y;
    gdt_plot p;
    gdt_buf g;
    gdt_status st;
    size_t i;

    gdt_buf_init(&g);
    st = gdt_plot_begin(&p, path, NULL, opts, err);
    if (st == GDT_OK)
        st = gdt_map_check(m, err);
    if (st == GDT_OK)
        st = side_of(&x, &po->axis[0], m->width, err);
    if (st == GDT_OK && m->height > 1)
        st = side_of(&y, &po->axis[1], m->height, err);
    else   /* one row: a band from -0.5 to 0.5 */
        y = (side){ .n = 1, .k = 1, .ndrawn = 1, .rep = 2, .first = -0.25, .d = 0.5 };
    if (st == GDT_OK && (row = malloc(x.ndrawn * x.rep * 3)) == NULL)
        st = gdt_error_set(err, GDT_ENOMEM, SIZE_MAX, "out of memory");
    if (st == GDT_OK)
        st = write_data(&p, m, &x, &y, row, err);
    if (st == GDT_OK) {
        for (i = 0; i < m->width * m->height; i++)
            has[m->outcome[i]] = 1;
        if (fclose(p.data) != 0)
            st = gdt_error_set(err, GDT_EIO, SIZE_MAX,
                               "--plot: cannot write the data file: %s", strerror(errno));
        p.data = NULL;
    }
    if (st == GDT_OK && (st = script(&g, &p, m, po, &x, &y, has)) != GDT_OK)
        st = gdt_error_set(err, st, SIZE_MAX, "--plot: %s", gdt_status_str(st));
    if (st == GDT_OK)
        st = gdt_plot_draw(&p, &g, err);
    gdt_buf_clear(&g);
    free(row);
    gdt_plot_clear(&p);
    return st;
}
