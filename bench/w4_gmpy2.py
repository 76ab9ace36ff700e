"""w4_gmpy2 -- W4's peer in gmpy2: W3's run in MPFR at 53 bits, final state.

grad w*w*w - w, lr 1.1, w0 0.5, gmpy2's default context (53 bits, rounding
to nearest), no output but the step count and the final w, exactly (as a
hex float: at 53 bits and in this range it is a double).

    python3 w4_gmpy2.py [STEPS]        (default 1000000)
"""
import sys

import gmpy2


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    gmpy2.get_context().precision = 53
    lr = gmpy2.mpfr("1.1")
    w = gmpy2.mpfr("0.5")
    k = 0
    while True:
        g = w * w * w - w
        if g == 0 or k == steps:
            break
        w = w - lr * g
        k += 1
    print(k, float(w).hex())


main()
