#!/usr/bin/env python3
"""make_datasets -- write data/linreg.csv, data/logreg.csv and
data/tanh.csv, reproducibly.

    python3 data/make_datasets.py

Python 3 standard library only.  The random numbers come from a fixed 64-bit
linear congruential generator (Knuth's MMIX constants), not from the random
module, so every Python version writes the same bytes.  Values are made as
integers in hundredths and written with exactly two decimals, so each one is
a small exact rational.

It prints the exact least-squares minimiser (a, b) of
mean((a*x + b - y)^2) over linreg.csv, by the normal equations in
fractions.Fraction, and a float approximation (recorded in data/README.md).
"""

import os
import sys
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
ROWS = 20


class Lcg:
    """x <- 6364136223846793005 x + 1442695040888963407 (mod 2^64)."""

    def __init__(self, seed):
        self.state = seed % 2**64

    def below(self, n):
        """An integer in [0, n), from the top 32 bits of the state."""
        self.state = (6364136223846793005 * self.state
                      + 1442695040888963407) % 2**64
        return ((self.state >> 32) * n) >> 32

    def between(self, lo, hi):
        """An integer in [lo, hi]."""
        return lo + self.below(hi - lo + 1)


def cents(c):
    """The integer C hundredths as a decimal with two places: 207 -> 2.07."""
    sign = "-" if c < 0 else ""
    c = abs(c)
    return "%s%d.%02d" % (sign, c // 100, c % 100)


def spread_x(rng):
    """ROWS values of x in hundredths, one in each 0.25-wide strip of
    [0, 5), so they are increasing and cover the interval."""
    return [25 * i + rng.between(0, 24) for i in range(ROWS)]


def write_csv(name, rows):
    path = os.path.join(HERE, name)
    with open(path, "w", newline="\n") as f:
        f.write("x,y\n")
        for x, y in rows:
            f.write("%s,%s\n" % (x, y))
    return path


def linreg():
    """y = 2x + 1 + noise, noise uniform in [-0.25, 0.25] (hundredths)."""
    rng = Lcg(20240601)
    rows = []
    for xc in spread_x(rng):
        yc = 2 * xc + 100 + rng.between(-25, 25)
        rows.append((xc, yc))
    return rows


def logreg():
    """y = 1 when x + noise > 2.5, noise uniform in [-1, 1]: a threshold
    blurred so that the classes overlap."""
    rng = Lcg(20240604)
    rows = []
    for xc in spread_x(rng):
        yc = 1 if xc + rng.between(-100, 100) > 250 else 0
        rows.append((xc, yc))
    return rows


def tanh_rows():
    """y = 1.5 tanh(0.8 x) + noise, noise uniform in [-0.05, 0.05], x in
    [-2, 2) one in each 0.25-wide strip (hundredths): the two-parameter
    model a*tanh(b*x) of issue 12's third reproduction, in the manner of
    Sohl-Dickstein's trainability maps.  tanh from the math module is only
    used to make the data; the cells written are exact decimals."""
    import math
    rng = Lcg(20240607)
    rows = []
    for i in range(16):
        xc = -200 + 25 * i + rng.between(0, 24)
        yc = round(150 * math.tanh(0.8 * xc / 100)) + rng.between(-5, 5)
        rows.append((xc, yc))
    return rows


def least_squares(rows):
    """The exact (a, b) minimising mean((a x + b - y)^2): the normal
    equations a Sxx + b Sx = Sxy, a Sx + b n = Sy."""
    xs = [Fraction(x, 100) for x, _ in rows]
    ys = [Fraction(y, 100) for _, y in rows]
    n = len(rows)
    sx, sy = sum(xs), sum(ys)
    sxx = sum(x * x for x in xs)
    sxy = sum(x * y for x, y in zip(xs, ys))
    a = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    b = (sy - a * sx) / n
    return a, b


def main():
    lin = linreg()
    log = logreg()

    # logreg must not be linearly separable (else the logistic loss has no
    # finite minimiser): some 0 lies to the right of some 1.
    ones = [x for x, y in log if y == 1]
    zeros = [x for x, y in log if y == 0]
    if not ones or not zeros or max(zeros) <= min(ones):
        sys.exit("make_datasets: logreg.csv came out separable")

    p = write_csv("linreg.csv", [(cents(x), cents(y)) for x, y in lin])
    print("wrote %s" % p)
    p = write_csv("logreg.csv", [(cents(x), str(y)) for x, y in log])
    print("wrote %s (%d ones, %d zeros; zeros up to x = %s, ones from "
          "x = %s)" % (p, len(ones), len(zeros), cents(max(zeros)),
                       cents(min(ones))))

    p = write_csv("tanh.csv", [(cents(x), cents(y)) for x, y in tanh_rows()])
    print("wrote %s" % p)

    a, b = least_squares(lin)
    print("linreg.csv least squares, minimiser of mean((a*x + b - y)^2):")
    print("  a = %s ~= %r" % (a, float(a)))
    print("  b = %s ~= %r" % (b, float(b)))


if __name__ == "__main__":
    main()
