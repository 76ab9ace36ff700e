/* dimension -- the box-counting dimension of a boundary of outcomes along
   one axis: boxes of 2^k intervals holding a change, and the slope of
   log(count) against log(1/size) */
#include <math.h>
#include <string.h>
#include "gdtrace/dimension.h"

void
gdt_dimension_count(gdt_dimension *d, const unsigned char *outcome, size_t n)
{
    uint64_t m = n > 1 ? (uint64_t)n - 1 : 0, last[GDT_DIMENSION_LEVELS];
    double sx = 0, sy = 0, sxx = 0, sxy = 0, k1;
    size_t k, i, nfit;

    memset(d, 0, sizeof *d);
    d->estimate = NAN;
    for (k = 0; k < GDT_DIMENSION_LEVELS && k < 63 && (k == 0 || (m >> k) > 0); k++) {
        d->boxes[k] = (m + (UINT64_C(1) << k) - 1) >> k;
        last[k] = UINT64_MAX;
    }
    d->nlevels = m > 0 ? k : 0;
    /* the changes in order: at level k the box of interval i is i >> k,
       counted once however many changes it holds */
    for (i = 0; i + 1 < n; i++) {
        if (outcome[i] == outcome[i + 1])
            continue;
        for (k = 0; k < d->nlevels; k++)
            if (last[k] != (uint64_t)i >> k) {
                last[k] = (uint64_t)i >> k;
                d->count[k]++;
            }
    }
    for (k = 0; k < d->nlevels && d->boxes[k] >= GDT_DIMENSION_MIN_BOXES; k++)
        ;
    if (k < 2 || d->count[0] == 0) {
        d->fit_hi = k > 0 ? k - 1 : 0;
        return;
    }
    d->fit_lo = 0;
    d->fit_hi = k - 1;
    /* now every level fitted has a change: a change in a box is in its
       parent too */
    nfit = d->fit_hi - d->fit_lo + 1;
    for (k = d->fit_lo; k <= d->fit_hi; k++) {
        double x = -(double)k * log(2.0), y = log((double)d->count[k]);
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
    }
    k1 = (double)nfit;
    d->estimate = (k1 * sxy - sx * sy) / (k1 * sxx - sx * sx);
}
