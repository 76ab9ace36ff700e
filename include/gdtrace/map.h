/* gdtrace/map.h -- a sweep's map of outcomes as a PNG image, and as a
   gnuplot picture with axes and a legend

   One pixel per point of the sweep (a square of k x k pixels when the map
   is small: k is the least integer that makes the longest side at least
   512 pixels, 1 from 512 points on), the first axis horizontal from left
   to right, the second vertical from bottom to top: row j of the data is
   the image's row height-1-j.  RGB, 8 bits a channel, no time or text
   chunk: the same map always gives the same bytes.

   The palette (gdt_map_colour): an outcome with a meaningful step is shaded
   by it on a logarithmic scale, t = log2(1 + step) / log2(1 + max_iter)
   (the step clamped to 0 .. max_iter; t = 0 when max_iter is 0), from a
   dark colour at t = 0 through a middle one at t = 1/2 to a light one at
   t = 1 (linear in RGB between them):

     diverged     reds: #67000d (escaped at once), #ef651e, #fee0b4 (late)
     converged    blues: #08306b (at once), #2171b5, #c6dbef (late)
     stalled      teals: #00403c, #00968c, #b4ebe1

   and every other outcome has one colour:

     cycle        magenta  #c800c8
     bounded      black    #000000
     size-limit   yellow   #ffe600
     interrupted  grey     #808080
     error        green    #00ff00
     none         white    #ffffff

   and a point of a sweep --against certified that disagrees with the
   certified outcome is marked cyan, #00ffff (gdt_map's MARK). */
#ifndef GDTRACE_MAP_H
#define GDTRACE_MAP_H

#include <stdint.h>
#include <stdio.h>
#include "gdtrace/outcome.h"
#include "gdtrace/plot.h"
#include "gdtrace/status.h"

/* The map of a sweep, lent by its caller. */
typedef struct gdt_map {
    size_t width, height;          /* N points on the first axis, M on the second */
    const unsigned char *outcome;  /* width*height gdt_outcome codes, row-major:
                                      index j*width + i = point (axis1 i, axis2 j) */
    const int64_t *step;           /* the step of each point, same order */
    unsigned long max_iter;
    const unsigned char *mark;     /* or NULL: per point, same order, a
                                      gdt_verdict (sweep --against
                                      certified); a disagreeing point is
                                      marked in the PNG image: the top
                                      third of its square (its whole pixel
                                      when it is one) cyan, #00ffff */
} gdt_map;

/* Set RGB[0], RGB[1], RGB[2] (red, green, blue) to the colour of a point
   of outcome OUTCOME at step STEP in a sweep of MAX_ITER steps (the palette
   above).  GDT_EVALUE when OUTCOME is no gdt_outcome code (RGB is then
   white). */
gdt_status gdt_map_colour(unsigned char rgb[3], unsigned outcome, int64_t step,
                          unsigned long max_iter) GDT_MUST_CHECK;

/* Whether M is a map: GDT_EVALUE (ERR says why) for an empty map (width
   or height 0), a missing array or an outcome code that is none (naming
   its point), GDT_ERANGE when width*height overflows. */
gdt_status gdt_map_check(const gdt_map *m, gdt_error *err) GDT_MUST_CHECK;

/* The factor k by which gdt_map_write_png scales M up: each point is a
   square of k x k pixels. */
size_t gdt_map_scale(const gdt_map *m);

/* How many pixels tall gdt_map_write_png draws each row of M: the scale k,
   and for a map of one row (a sweep of one axis) at least 64, a strip
   that can be seen however many points it has. */
size_t gdt_map_row_height(const gdt_map *m);

/* Write M as a PNG image to F, row by row (memory: one row of pixels):
   one pixel per point (scaled up to at least ~512 px by integer pixel
   replication when small), the first axis horizontal left to right, the
   second vertical bottom to top.  F is flushed, not closed.  GDT_EVALUE
   and GDT_ERANGE (nothing written) as gdt_map_check, and GDT_ERANGE when
   the image would pass PNG's 2^31 - 1 pixels a side; GDT_EIO when a write to F
   fails (F then holds part of an image: write to a temporary file and
   rename it); GDT_ENOMEM.  ERR's message names no file: the caller adds
   its name. */
gdt_status gdt_map_write_png(FILE *f, const gdt_map *m, gdt_error *err) GDT_MUST_CHECK;

/* One axis of a map's picture: its label and the values of its first and
   last points.  LOG: the points are spaced evenly in log10 (a log axis),
   and the picture shows log10 of the values. */
typedef struct gdt_map_axis {
    const char *name;
    double first, last;
    int log;
} gdt_map_axis;

/* What a map's picture shows besides the map: AXIS[0] horizontal, AXIS[1]
   vertical (unused for a map of height 1), TITLE above (NULL: none).
   ROW_LABELS (or NULL): the map's HEIGHT rows each labelled by a text of
   its own (row j, bottom to top, by ROW_LABELS[j]; at most 40 of them
   shown, every k-th), its values on AXIS[1] unused: a stack of maps of
   one row, such as a zoom's frames. */
typedef struct gdt_map_plot_opts {
    gdt_map_axis axis[2];
    const char *title;
    const char *const *row_labels;
} gdt_map_plot_opts;

/* Draw M with gnuplot into PATH (.png, .svg or .pdf): the points in the
   colours of the PNG image (gdt_map_colour) over their axes' values, the
   axes labelled with their names (log axes "log10 NAME"), and a legend of
   the outcomes M has (a shaded one twice: its colours at step 0 and at
   max-iter).  A side of more than 1024 points is sampled: every k-th point
   from the first, k the least that leaves at most 1024 (the PNG image has
   them all).  As a comparison's picture (plot.h): the data in a temporary
   file in OPTS->tmpdir, gnuplot's picture in a temporary file beside PATH,
   checked and renamed to PATH, the stop flag polled and gnuplot's process
   told to OPTS (NULL: nothing lent).  GDT_EVALUE as gdt_plot_check_path
   and gdt_map_check, and for an axis whose values are not finite (or not
   positive on a log axis); GDT_EIO, GDT_EINTERRUPTED, GDT_ENOMEM as
   gdt_plot_end; the old PATH then stays. */
gdt_status gdt_map_write_plot(const char *path, const gdt_map *m, const gdt_map_plot_opts *po,
                              const gdt_plot_opts *opts, gdt_error *err) GDT_MUST_CHECK;

#endif
