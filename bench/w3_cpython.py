"""w3_cpython -- W3's peer: a CPython float loop printing repr, as csv.

loss w^4/4 - w^2/2, grad w*w*w - w, lr 1.1, w0 0.5, in Python floats
(binary64), printing what `gdtrace --mode binary64 --format csv` prints: a
header step,w,grad,loss and one row a step, every value as repr.  The loss
is written as a user writes it, w**4/4 - w**2/2: CPython's ** is the C
library's pow, which is not correctly rounded, so a loss may differ in its
last digit from gdtrace's (a power rounded once); w and grad never differ.

    python3 w3_cpython.py [STEPS]      (default 1000000)
"""
import sys


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    out = sys.stdout.write
    lr = 1.1
    w = 0.5
    out("step,w,grad,loss\n")
    k = 0
    while True:
        g = w * w * w - w
        loss = w**4 / 4 - w**2 / 2
        out(f"{k},{w!r},{g!r},{loss!r}\n")
        if g == 0 or k == steps:
            break
        w = w - lr * g
        k += 1


main()
