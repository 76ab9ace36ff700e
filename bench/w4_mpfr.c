/* w4_mpfr -- W4's peer: W3's run in MPFR at 53 bits, a hand-written C loop.

   grad w*w*w - w, lr 1.1, w0 0.5, rounding to nearest, every operation
   rounded once in the order written, as gdtrace --mode mpfr --prec 53 does;
   only the final state: prints the step count and the final w as a hex
   float (exact: at 53 bits and in this range w is a double).

     w4_mpfr [STEPS]        (default 1000000) */
#include <stdio.h>
#include <stdlib.h>
#include <mpfr.h>

int
main(int argc, char **argv)
{
    unsigned long steps = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
    unsigned long k;
    mpfr_t w, g, t, lr;

    mpfr_inits2(53, w, g, t, lr, (mpfr_ptr)0);
    mpfr_set_str(lr, "1.1", 10, MPFR_RNDN);
    mpfr_set_str(w, "0.5", 10, MPFR_RNDN);
    for (k = 0;; k++) {
        mpfr_mul(g, w, w, MPFR_RNDN);    /* g = w*w*w - w */
        mpfr_mul(g, g, w, MPFR_RNDN);
        mpfr_sub(g, g, w, MPFR_RNDN);
        if (mpfr_zero_p(g) || k == steps)
            break;
        mpfr_mul(t, lr, g, MPFR_RNDN);   /* w = w - lr*g */
        mpfr_sub(w, w, t, MPFR_RNDN);
    }
    mpfr_printf("%lu %Ra\n", k, w);
    mpfr_clears(w, g, t, lr, (mpfr_ptr)0);
    return 0;
}
