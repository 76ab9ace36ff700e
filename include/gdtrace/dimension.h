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
   ...: box j of level k holds intervals j 2^k .. (j+1) 2^k - 1, that is
   points j 2^k .. (j+1) 2^k, and holds a change when two of its points
   have different outcomes (each box asked whether the boundary passes
   through it).  The estimate is the least-squares slope of log(count)
   against log(1/size) over the fit range: every level with at least
   GDT_DIMENSION_MIN_BOXES boxes (finer levels only add points of the same
   line for a self-similar set; coarser ones have too few boxes to
   count).  A single change gives 0, a change at every interval 1, the
   ends of a middle-thirds Cantor set log 2/log 3.

   A certified sweep's outcomes (gdt_dimension_count_certified) are read
   as the flag that --against certified judges, diverged within max-iter
   or not (bounded and contracting are the same side: contracting is a
   stronger proof of the same fact, not another behaviour of the run),
   and a point whose flag is not proven (undecided, error) has no side: a
   box holds a proven change when two of its decided points differ, and
   may hold one when it also has an undecided point.  COUNT is then the
   proven count, which the true one is at least, COUNT_UNDECIDED the count
   with every box that has an undecided point counted as a change, which
   the true one is at most, and each has its estimate. */
typedef struct gdt_dimension {
    size_t nlevels;                      /* levels counted: k = 0 .. nlevels-1 */
    uint64_t boxes[GDT_DIMENSION_LEVELS]; /* the boxes of level k */
    uint64_t count[GDT_DIMENSION_LEVELS]; /* those holding a (proven) change */
    uint64_t count_undecided[GDT_DIMENSION_LEVELS]; /* those holding a proven
                                            change or an undecided point */
    size_t fit_lo, fit_hi;               /* the fit range: levels fit_lo .. fit_hi */
    double estimate;                     /* from COUNT; NAN when a level fitted
                                            has no change (none at all, or
                                            undecided points hide them), or
                                            fewer than two levels fit */
    double estimate_undecided;           /* the same from COUNT_UNDECIDED */
    uint64_t undecided;                  /* the points with no proven side */
    uint64_t touching;                   /* the intervals with an end among them */
} gdt_dimension;

/* D = the box counts and the estimate of the N outcome codes OUTCOME
   (gdtrace/outcome.h), every code its own side: any change of outcome is
   a change.  No point is undecided. */
void gdt_dimension_count(gdt_dimension *d, const unsigned char *outcome, size_t n);

/* D = the box counts and the estimates of the N outcome codes OUTCOME of
   a certified sweep: diverged on one side, bounded and contracting on the
   other, any other code (undecided, error, none) undecided. */
void gdt_dimension_count_certified(gdt_dimension *d, const unsigned char *outcome,
                                   size_t n);

#endif
