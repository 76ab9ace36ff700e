/* plot_impl.h -- what the pictures drawn by gnuplot share (plot.c): the
   script's strings and the drawing itself */
#ifndef GDTRACE_PLOT_IMPL_H
#define GDTRACE_PLOT_IMPL_H

#include "gdtrace/buf.h"
#include "gdtrace/plot.h"
#include "gdtrace/status.h"

/* The longest title drawn, in bytes (a loss read from a file can be
   megabytes long). */
#define GDT_PLOT_TITLE_MAX 200

/* Append S to B as a gnuplot double-quoted string (\" and \\ for a
   quote and a backslash; in a single-quoted one gnuplot fails on two
   doubled quotes in a row), at most MAX bytes of it (cut before a UTF-8
   sequence, with "..."), control characters as spaces. */
gdt_status gdt_plot_put_quoted(gdt_buf *b, const char *s, size_t max) GDT_MUST_CHECK;

/* Append PATH as a gnuplot file name: quoted, and starting with "/" or
   "./", since gnuplot reads a name starting with '|' or '<' as a shell
   command and one starting with '~' as the home directory. */
gdt_status gdt_plot_put_path(gdt_buf *b, const char *path) GDT_MUST_CHECK;

/* The Okabe-Ito palette's colour I (in turn), as gnuplot's '#rrggbb'. */
const char *gdt_plot_colour(size_t i);

/* A step of tics for SPAN whole powers of ten (1, 2, 5, 10, ...: about 3
   to 7 labelled), and of SPAN steps (whole, at most 10 labelled). */
double gdt_plot_decade_step(double span);
unsigned long gdt_plot_x_step(unsigned long span);

/* Append "10" and the exponent N in superscript digits (UTF-8). */
gdt_status gdt_plot_put_power(gdt_buf *g, long n) GDT_MUST_CHECK;

/* The font's size in points for a picture of W x H: about a fortieth of
   the height, never below 10. */
double gdt_plot_font(unsigned long w, unsigned long h);

/* Append the terminal line for P's format at W x H with FONT. */
gdt_status gdt_plot_put_terminal(gdt_buf *g, const gdt_plot *p, unsigned long w,
                                 unsigned long h, double font) GDT_MUST_CHECK;

/* Append to G the gnuplot script that draws comparison C's picture, with
   TITLE, into P->out_path from P's data file (closed by then), as
   gdt_plot_end does.  (The script decides the steps shown, the panels'
   ranges and tics, and where each event is marked.) */
gdt_status gdt_plot_script(gdt_buf *g, const gdt_plot *p, const gdt_compare *c,
                           const char *title) GDT_MUST_CHECK;

/* Run gnuplot on SCRIPT, which draws into P->out_path from P's data file
   (closed by then), check the picture, and rename it to P->path: as
   gdt_plot_end does after writing its script, with its errors. */
gdt_status gdt_plot_draw(gdt_plot *p, const gdt_buf *script, gdt_error *err) GDT_MUST_CHECK;

#endif
