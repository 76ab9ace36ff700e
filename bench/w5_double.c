/* w5_double -- W5's peer: W3's run in C doubles, a plain loop.

   grad w*w*w - w, lr 1.1, w0 0.5, compiled with -ffp-contract=off (no
   fused multiply-add, no excess precision on x86-64), as gdtrace
   --mode native-double computes; only the final state: prints the step
   count and the final w as a hex float.

     w5_double [STEPS]      (default 1000000) */
#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
    unsigned long steps = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
    unsigned long k;
    double w = 0.5, lr = 1.1, g;

    for (k = 0;; k++) {
        g = w * w * w - w;
        if (g == 0 || k == steps)
            break;
        w = w - lr * g;
    }
    printf("%lu %a\n", k, w);
    return 0;
}
