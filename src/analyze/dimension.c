/* dimension -- the box-counting dimension of a boundary of outcomes along
   one axis: boxes of 2^k intervals holding a change, and the slope of
   log(count) against log(1/size) */
#include <math.h>
#include <string.h>
#include "gdtrace/dimension.h"
#include "gdtrace/outcome.h"

#define SIDE_NONE (-2)      /* a box with no decided point yet */
#define SIDE_UNDECIDED (-1) /* a point with no proven side */

/* The side of the boundary that outcome CODE is on: the code itself, or
   for a certified sweep the flag diverged within max-iter. */
static int
side_of(unsigned char code, int certified)
{
    if (!certified)
        return code;
    switch (code) {
    case GDT_OUTCOME_DIVERGED:
        return 1;
    case GDT_OUTCOME_BOUNDED:
    case GDT_OUTCOME_CONTRACTING:
        return 0;
    default:
        return SIDE_UNDECIDED;
    }
}

/* The box of one level being filled: the side of its decided points
   while they agree, and whether two differ or one is undecided. */
struct box {
    int side;
    unsigned char change, undecided;
};

static void
box_add(struct box *b, int side)
{
    if (side == SIDE_UNDECIDED)
        b->undecided = 1;
    else if (b->side == SIDE_NONE)
        b->side = side;
    else if (b->side != side)
        b->change = 1;
}

/* The least-squares slope of log(COUNT[k]) on log(2^-k) over levels
   0 .. NFIT-1; NAN when fewer than two, or when one has no change. */
static double
slope(const uint64_t *count, size_t nfit)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0, k1 = (double)nfit;
    size_t k;

    if (nfit < 2)
        return NAN;
    for (k = 0; k < nfit; k++) {
        double x = -(double)k * log(2.0), y;

        if (count[k] == 0)
            return NAN;
        y = log((double)count[k]);
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
    }
    return (k1 * sxy - sx * sy) / (k1 * sxx - sx * sx);
}

static void
count_sides(gdt_dimension *d, const unsigned char *outcome, size_t n, int certified)
{
    uint64_t m = n > 1 ? (uint64_t)n - 1 : 0;
    struct box b[GDT_DIMENSION_LEVELS];
    int side, prev = 0;
    size_t k, i;

    memset(d, 0, sizeof *d);
    for (k = 0; k < GDT_DIMENSION_LEVELS && k < 63 && (k == 0 || (m >> k) > 0); k++) {
        d->boxes[k] = (m + (UINT64_C(1) << k) - 1) >> k;
        b[k] = (struct box){ .side = SIDE_NONE };
    }
    d->nlevels = m > 0 ? k : 0;
    /* the points in order: a point 2^k apart from the last box's first
       closes it and opens the next (the two share it), and so does the
       last point */
    for (i = 0; i < n; i++) {
        side = side_of(outcome[i], certified);
        if (side == SIDE_UNDECIDED)
            d->undecided++;
        if (i > 0 && (side == SIDE_UNDECIDED || prev == SIDE_UNDECIDED))
            d->touching++;
        prev = side;
        for (k = 0; k < d->nlevels; k++) {
            box_add(&b[k], side);
            if (i > 0 && ((i & ((UINT64_C(1) << k) - 1)) == 0 || i == m)) {
                d->count[k] += b[k].change;
                d->count_undecided[k] += b[k].change || b[k].undecided;
                b[k] = (struct box){ .side = SIDE_NONE };
                box_add(&b[k], side);
            }
        }
    }
    for (k = 0; k < d->nlevels && d->boxes[k] >= GDT_DIMENSION_MIN_BOXES; k++)
        ;
    /* now levels 0 .. k-1 are fitted; a change in a box is in its parent
       too, so a level with none is the finest ones' (undecided points
       hiding them) or all of them */
    d->fit_lo = 0;
    d->fit_hi = k > 0 ? k - 1 : 0;
    d->estimate = slope(d->count, k);
    d->estimate_undecided = slope(d->count_undecided, k);
}

void
gdt_dimension_count(gdt_dimension *d, const unsigned char *outcome, size_t n)
{
    count_sides(d, outcome, n, 0);
}

void
gdt_dimension_count_certified(gdt_dimension *d, const unsigned char *outcome, size_t n)
{
    count_sides(d, outcome, n, 1);
}
