/* gdtrace/dimension.h -- the box-counting dimension of the boundary
   between outcomes along one axis of a sweep */
#ifndef GDTRACE_DIMENSION_H
#define GDTRACE_DIMENSION_H

#include <stddef.h>
#include <stdint.h>

#define GDT_DIMENSION_LEVELS 64
#define GDT_DIMENSION_MIN_BOXES 16 /* the coarsest level fitted has at
                                      least this many boxes */

/* The boundary of N outcomes along an axis (points 0 .. N-1, N-1
   intervals between them) counted in boxes of 2^k intervals, k = 0, 1,
   ...: box j of level k holds intervals j 2^k .. (j+1) 2^k - 1, and holds
   a change when the outcomes at the two ends of one of them differ (the
   grid subsampled at stride 2^k, each box asked whether the boundary
   passes through it).  The estimate is the least-squares slope of
   log(count) against log(1/size) over the fit range: every level with at
   least GDT_DIMENSION_MIN_BOXES boxes (finer levels only add points of
   the same line for a self-similar set; coarser ones have too few boxes
   to count).  A single change gives 0, a change at every interval 1, the
   ends of a middle-thirds Cantor set log 2/log 3. */
typedef struct gdt_dimension {
    size_t nlevels;                      /* levels counted: k = 0 .. nlevels-1 */
    uint64_t boxes[GDT_DIMENSION_LEVELS]; /* the boxes of level k */
    uint64_t count[GDT_DIMENSION_LEVELS]; /* those holding a change */
    size_t fit_lo, fit_hi;               /* the fit range: levels fit_lo .. fit_hi */
    double estimate;                     /* NAN when no change, or fewer than two
                                            levels fit */
} gdt_dimension;

/* D = the box counts and the estimate of the N outcome codes OUTCOME. */
void gdt_dimension_count(gdt_dimension *d, const unsigned char *outcome, size_t n);

#endif
