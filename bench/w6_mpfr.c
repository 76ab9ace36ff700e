/* w6_mpfr -- W6's peer: W4's loop with the gradient written w^3 - w.

   As w4_mpfr, but the power is mpfr_pow_si, correctly rounded once, as
   gdtrace rounds w^3; prints the step count and the final w (hex float).

     w6_mpfr [STEPS]        (default 1000000) */
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
        mpfr_pow_si(g, w, 3, MPFR_RNDN);   /* g = w^3 - w */
        mpfr_sub(g, g, w, MPFR_RNDN);
        if (mpfr_zero_p(g) || k == steps)
            break;
        mpfr_mul(t, lr, g, MPFR_RNDN);     /* w = w - lr*g */
        mpfr_sub(w, w, t, MPFR_RNDN);
    }
    mpfr_printf("%lu %Ra\n", k, w);
    mpfr_clears(w, g, t, lr, (mpfr_ptr)0);
    return 0;
}
