"""w1_gmpy2 -- W1's peer: the notes' run in gmpy2 integers, every w printed.

The run of the PyTorch notes, loss (w-1)^2 + 2, grad 2*(w-1), lr 10, w0 2,
written as a user of gmpy2 would, printing the list of weights as
`gdtrace --format python` does: as pprint lays the list out (on one line if
its repr fits in 80 columns, else one item a line), item by item, never
holding the list.

    python3 w1_gmpy2.py [STEPS]        (default 20000)
"""
import sys

import gmpy2


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    out = sys.stdout.write
    lr = gmpy2.mpz(10)
    w = gmpy2.mpz(2)
    held = []     # the items while the list may still fit on one line
    width = 0     # the one-line repr's length: the items, brackets and ", "
    k = 0
    while True:
        s = str(w)
        if held is None:
            out(",\n " + s)
        else:
            held.append(s)
            width += len(s) + 2
            if width > 80:
                out("[" + ",\n ".join(held))
                held = None
        g = 2 * (w - 1)
        if g == 0 or k == steps:
            break
        w = w - lr * g
        k += 1
    out("]\n" if held is None else "[" + ", ".join(held) + "]\n")


main()
