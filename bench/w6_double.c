/* w6_double -- W6's peer: W5's loop with the gradient written w^3 - w.

   The power as a C user writes it, pow(w, 3.0) from the C library (libm).
   glibc's pow is not correctly rounded in every case (its bound is about
   0.52 ulp), so its w may part from gdtrace's, which rounds w^3 once: the
   bench times it, and checks gdtrace's final w against w6_mpfr instead.
   Prints the step count and the final w as a hex float.

     w6_double [STEPS]      (default 1000000) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
    unsigned long steps = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
    unsigned long k;
    double w = 0.5, lr = 1.1, g;

    for (k = 0;; k++) {
        g = pow(w, 3.0) - w;
        if (g == 0 || k == steps)
            break;
        w = w - lr * g;
    }
    printf("%lu %a\n", k, w);
    return 0;
}
