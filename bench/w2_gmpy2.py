"""w2_gmpy2 -- W2's peer: the notes' run in gmpy2 integers, as csv.

The run of W1 (loss (w-1)^2 + 2, grad 2*(w-1), lr 10, w0 2) printing what
`gdtrace --format csv` prints: a header step,w,grad,loss and one row a step.

    python3 w2_gmpy2.py [STEPS]        (default 20000)
"""
import sys

import gmpy2


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    out = sys.stdout.write
    lr = gmpy2.mpz(10)
    w = gmpy2.mpz(2)
    out("step,w,grad,loss\n")
    k = 0
    while True:
        g = 2 * (w - 1)
        loss = (w - 1) ** 2 + 2
        out(f"{k},{w},{g},{loss}\n")
        if g == 0 or k == steps:
            break
        w = w - lr * g
        k += 1


main()
