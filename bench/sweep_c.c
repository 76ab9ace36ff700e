/* sweep_c -- the sweep workload's peer: N learning rates in [0, 2] x
   MAX_ITER steps of w*w*w*w/4 - w*w/2 (grad w*w*w - w, w0 0.5) in C
   doubles, one point after the other, as gdtrace sweep --mode binary64
   decides each outcome: inf or nan (diverged), the loss above 1e16 (the
   bound E max(1, loss_0) with loss_0 < 1, a double), a zero gradient
   (converged), a repeated state (stalled, cycle): Brent's cycle detection
   and, at MAX_ITER, the state against those of the last 64 steps (R),
   the cycle's first step found by a replay; else bounded.  Compiled with
   -ffp-contract=off.  Prints "outcome,period,step" a point.

     sweep_c [N [MAX_ITER]]      (default 1000000 1000) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define R 64 /* gdtrace's GDT_CYCLE_WINDOW */

static double
step(double w, double lr)
{
    return w - lr * (w * w * w - w);
}

int
main(int argc, char **argv)
{
    unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
    unsigned long max_iter = argc > 2 ? strtoul(argv[2], NULL, 10) : 1000;
    const double w0 = 0.5, thr = 1e16;
    double ring[R];
    unsigned long i;

    for (i = 0; i < n; i++) {
        double lr = n > 1 ? (double)(2 * i) / (double)(n - 1) : 0, w = w0, saved = 0;
        unsigned long k, j, saved_k = 0, power = 1, period = 0, at;
        const char *out = "bounded";
        int has = 0;

        for (k = 0;; k++) {
            double loss = w * w * w * w / 4 - w * w / 2, g = w * w * w - w;
            at = k;
            if (!isfinite(w) || !isfinite(g) || !isfinite(loss) || (k > 0 && loss > thr)) {
                out = "diverged";
                break;
            }
            if (g == 0) {
                out = "converged";
                break;
            }
            if (has && w == saved && !signbit(w) == !signbit(saved))
                period = k - saved_k;
            for (j = 1; period == 0 && k >= max_iter && j <= R && j <= k; j++)
                if (w == ring[(k - j) % R] && !signbit(w) == !signbit(ring[(k - j) % R]))
                    period = j;
            if (period != 0) {
                double t = w0, h = w0;
                for (j = 0; j < period; j++)
                    h = step(h, lr);
                for (at = 0; t != h; at++) {
                    t = step(t, lr);
                    h = step(h, lr);
                }
                out = period == 1 ? "stalled" : "cycle";
                break;
            }
            if (!has || k - saved_k >= power) {
                power = has ? 2 * power : 1;
                has = 1;
                saved = w;
                saved_k = k;
            }
            if (k >= max_iter)
                break;
            if (k + R >= max_iter)
                ring[k % R] = w;
            w = step(w, lr);
        }
        printf("%s,%lu,%lu\n", out, period, at);
    }
    return 0;
}
