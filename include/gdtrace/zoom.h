/* gdtrace/zoom.h -- a zoom: certified maps along the learning rate, each
   centred on one value and narrower than the one before by a factor */
#ifndef GDTRACE_ZOOM_H
#define GDTRACE_ZOOM_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include <mpfr.h>
#include "gdtrace/outcome.h"
#include "gdtrace/status.h"
#include "gdtrace/sweep.h"

/* The most frames a zoom has. */
#define GDT_ZOOM_MAX_FRAMES 1000

/* The significant digits of a frame's width when the widths' factor is
   irrational (--to and --frames whose ratio has no exact root). */
#define GDT_ZOOM_WIDTH_DIGITS 6

/* A zoom of FRAMES frames: frame i is a certified sweep of SWEEP's grid
   whose first axis, the learning rate, runs over [C - W_i/2, C + W_i/2],
   C = CENTRE, W_0 = FROM; the second axis (a w0's, or none) is SWEEP's in
   every frame.  The widths: with FACTOR (F > 1), W_i = FROM F^-i exactly;
   else with TO (0 < TO < FROM, FRAMES >= 2), W_i = FROM (TO/FROM)^(i/(N-1)),
   exactly when (FROM/TO)^(1/(N-1)) is rational, else rounded to
   GDT_ZOOM_WIDTH_DIGITS significant digits (the first FROM and the last TO
   exactly).  SWEEP->prec is not read: a frame's first precision is
   gdt_sweep_first_prec of its grid with LOST, the bits the runs lose. */
typedef struct gdt_zoom_opts {
    const gdt_sweep_opts *sweep;  /* mode certified, axis 0 of target
                                     GDT_SWEEP_LR (its ends not read) */
    const mpq_t *centre, *from;
    const mpq_t *to, *factor;     /* one of them, or both with FACTOR's
                                     widths (FRAMES from gdt_zoom_count) */
    size_t frames;                /* 1 .. GDT_ZOOM_MAX_FRAMES */
    double lost;
} gdt_zoom_opts;

/* *N, the frames from width FROM down to the first at or below TO, each
   FACTOR narrower (FROM > TO > 0, FACTOR > 1): the least N with
   FROM FACTOR^-(N-1) <= TO.  GDT_ERANGE when that is more than MAX (*N is
   then MAX + 1). */
gdt_status gdt_zoom_count(size_t *n, const mpq_t from, const mpq_t to, const mpq_t factor,
                          size_t max) GDT_MUST_CHECK;

/* W, the width of frame I of Z (as above).  GDT_OK or GDT_ENOMEM. */
gdt_status gdt_zoom_width(mpq_t w, const gdt_zoom_opts *z, size_t i) GDT_MUST_CHECK;

/* A frame as the sink sees it: the zoom's, reused from frame to frame. */
typedef struct gdt_zoom_frame {
    size_t index;
    mpq_t width, half, lo, hi;    /* the window [LO, HI] = CENTRE -+ HALF */
    mpfr_prec_t prec;             /* the first working precision */
    mpfr_prec_t prec_max;         /* the most any point needed (the cap
                                     for an undecided one) */
    size_t n1, n2;                /* points along lr, and the second axis
                                     (1: none) */
    unsigned char *outcome;       /* n1*n2 gdt_outcome codes, row-major
                                     (j*n1 + i) as gdt_map's */
    int64_t *step;                /* and their steps */
    uint64_t count[GDT_OUTCOME_COUNT]; /* points per outcome */
} gdt_zoom_frame;

/* Where the frames go.  BEGIN (or NULL) is told a frame's window and
   precision before it runs, END (or NULL) the frame with its map once
   every point is done, PROGRESS (or NULL) the points of the frame done so
   far, in order, as they are.  BEGIN and END return GDT_OK, or a failure
   with ERR saying what, which stops the zoom. */
typedef struct gdt_zoom_sink {
    void *ctx;
    gdt_status (*begin)(void *ctx, const gdt_zoom_frame *f, gdt_error *err);
    gdt_status (*end)(void *ctx, const gdt_zoom_frame *f, gdt_error *err);
    void (*progress)(void *ctx, const gdt_zoom_frame *f, uint64_t points);
} gdt_zoom_sink;

/* Run Z's frames in order, each one gdt_sweep_run of its window on the
   sweep's threads, and hand them to SINK.  *DONE is the number of frames
   whose END returned.  GDT_EINTERRUPTED when the sweep's stop flag was
   set (between frames or within one: that frame gets no END); the
   failures of gdt_sweep_run and of SINK; GDT_ENOMEM. */
gdt_status gdt_zoom_run(const gdt_zoom_opts *z, const gdt_zoom_sink *sink, size_t *done,
                        gdt_error *err) GDT_MUST_CHECK;

#endif
