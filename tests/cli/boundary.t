# gdtrace boundary: a learning rate in [A, B] at which the certified
# outcome changes, by bisection to D proven digits (the ends of the last
# interval round to the same D digits, so the boundary between them has
# them too); --on class: exactly where the class of a quadratic changes.

# The notes' loss (w-1)^2 + 2 from w0 = 2 within max-iter 1000: the root
# of (2lr-1)^2000 = 3e16 - 2, lr = (1 + (3e16 - 2)^(1/2000))/2 =
# 1.00957553013187988002682961368110331390781132229202305... (gmpy2).
$ gdtrace boundary --lr 1:1.02 --max-iter 1000 --digits 50
> lr        1.0095755301318798800268296136811033139078113222920  (50 digits, proven)
> below     bounded at step 1000
> above     diverged at step 1000
> bisections 158

# The class (for all steps), proven by analyze's algebra: exactly 1.
$ gdtrace boundary --lr 0.9:1.1 --on class
> lr        1  (exactly)
> below     converges, oscillating
> at        2-cycle
> above     diverges, oscillating

# A point the cap cannot decide ends the bisection, never a wrong digit.
$ gdtrace boundary --lr 1:1.02 --max-iter 1000 --digits 50 --max-prec 256
? 2
2> gdtrace: boundary: lr 1.02: undecided at step 176 at 256 bits (--max-prec)

$ gdtrace boundary --lr 0:0.9 --max-iter 100
? 2
2> gdtrace: boundary: the outcome at both ends is bounded: no boundary to bisect

$ gdtrace boundary --lr 0.9:1.1 --on class --loss 'x^4'
? 2
2> gdtrace: --on: 'class': the class is proven for a loss of one parameter whose gradient is affine (a quadratic)

$ gdtrace boundary --lr 1.1:1.2 --on class
? 2
2> gdtrace: --lr: '1.1:1.2': both ends have the class 'diverges, oscillating': no change to find

# Two changes in the range: the first, with the class just above it (not
# the class at B).
$ gdtrace boundary --lr 0.4:1.5 --on class
> lr        0.5  (exactly)
> below     converges monotonically
> at        converges in one step
> above     converges, oscillating

# An interval, not a point; options boundary does not read are refused,
# not ignored.
$ gdtrace boundary --lr 1
? 2
2> gdtrace: --lr: '1': boundary bisects an interval: give --lr A:B
$ gdtrace boundary
? 2
2> gdtrace: --lr: missing: boundary bisects an interval: give --lr A:B
$ gdtrace boundary --lr 0.9:1.1 --on class --format jsonl
? 2
2> gdtrace: --format: is not an option of 'gdtrace boundary' (see gdtrace boundary --help)
$ gdtrace boundary --help | grep -A1 -e '^  --digits'
>   --digits D          the boundary's significant digits, every one proven
>                       (default: 17)

$ gdtrace sweep --on class
? 2
2> gdtrace: --on: applies to gdtrace boundary only

$ gdtrace boundary --lr 0.9:1.1 --digits exact
? 2
2> gdtrace: --digits: 'exact': boundary finds a number of proven digits

$ gdtrace boundary --lr 0.9:1.1 --mode binary64
? 2
2> gdtrace: --mode: is not an option of 'gdtrace boundary' (see gdtrace boundary --help)

# Its own --help: its usage and the options it reads, no --mode.
$ gdtrace boundary --help
| grep -E -e '^usage|^  --' | awk '{print $1, $2, $3}'
> usage: gdtrace boundary
> --loss EXPR the
> --grad [P=]EXPR a
> --kinks error|torch the
> --data FILE.csv a
> --lr A:B the
> --w0 X|P=X,... starting
> --max-iter N stop
> --max-prec BITS the
> --digits D the
> --escape E diverged
> --on outcome|class gdtrace
> --help print this
> --version print the
