# sweep --certify --dimension: the box-counting dimension of the proven
# boundary.  A certified point's side is the flag --against certified
# judges, diverged within max-iter or not (bounded and contracting are one
# side); a box holds a proven change when two decided points in it are on
# different sides, and, with undecided points (past --max-prec), the counts
# with every box that has one counted as a change too, and an estimate
# from each (tests/unit/test_dimension.c checks the counts on sequences).

# The notes' loss within 50 steps: the boundary is one point, the root of
# (2lr-1)^100 = 3e16 - 2, 1.23070354930403974538023911864672374461..., so
# a window of 1e-30 around it has exactly one change at every level, between
# points 16 and 17 of 33: dimension 0.
$ gdtrace sweep --certify --lr 1.2307035493040397453802391186462:1.2307035493040397453802391186472 --grid 33 --max-iter 50 --dimension
| sed -n '18,19p' | cut -d, -f1-4
> 1.2307035493040397453802391186467,bounded,0,50
> 1.23070354930403974538023911864673125,diverged,0,50
2> gdtrace: sweep: dimension 0.000000, the least-squares slope of log(count) on log(1/size) over levels 0..1 (boxes of 2^k intervals, at least 16 boxes)
2> gdtrace: sweep: level 0: box 1, 32 boxes, 1 with a change
2> gdtrace: sweep: level 1: box 2, 16 boxes, 1 with a change
2> gdtrace: sweep: level 2: box 4, 8 boxes, 1 with a change
2> gdtrace: sweep: level 3: box 8, 4 boxes, 1 with a change
2> gdtrace: sweep: level 4: box 16, 2 boxes, 1 with a change
2> gdtrace: sweep: level 5: box 32, 1 box, 1 with a change

# In jsonl a last record, with the undecided points and the counts with
# them (here none).
$ gdtrace sweep --certify --lr 1.2307035493040397453802391186462:1.2307035493040397453802391186472 --grid 33 --max-iter 50 --dimension --format jsonl
| tail -n 1
> {"dimension": {"estimate": 0.000000, "estimate_undecided": 0.000000, "undecided": 0, "touching": 0, "fit": [0, 1], "levels": [{"box": 1, "boxes": 32, "count": 1, "count_undecided": 1}, {"box": 2, "boxes": 16, "count": 1, "count_undecided": 1}, {"box": 4, "boxes": 8, "count": 1, "count_undecided": 1}, {"box": 8, "boxes": 4, "count": 1, "count_undecided": 1}, {"box": 16, "boxes": 2, "count": 1, "count_undecided": 1}, {"box": 32, "boxes": 1, "count": 1, "count_undecided": 1}]}}

# Bounded and contracting are one side: lr 0 (no movement) is bounded,
# 0.0625 .. 0.9375 contract, 1 (the 2-cycle) and 1.0625 are bounded within
# 100 steps, 1.125 .. 2 diverge: one change, not three.
$ gdtrace sweep --certify --lr 0:2 --grid 33 --max-iter 100 --dimension
| cut -d, -f2 | uniq -c
>       1 outcome
>       1 bounded
>      15 contracting
>       2 bounded
>      15 diverged
2> gdtrace: sweep: dimension 0.000000, the least-squares slope of log(count) on log(1/size) over levels 0..1 (boxes of 2^k intervals, at least 16 boxes)
2> gdtrace: sweep: level 0: box 1, 32 boxes, 1 with a change
2> gdtrace: sweep: level 1: box 2, 16 boxes, 1 with a change
2> gdtrace: sweep: level 2: box 4, 8 boxes, 1 with a change
2> gdtrace: sweep: level 3: box 8, 4 boxes, 1 with a change
2> gdtrace: sweep: level 4: box 16, 2 boxes, 1 with a change
2> gdtrace: sweep: level 5: box 32, 1 box, 1 with a change

# Undecided points: at --max-prec 76 the point just above the boundary
# (lr 1.23070625) is undecided, so no interval holds a proven change, but
# the box of two intervals around it does (bounded at 1.2307, diverged at
# 1.2307125); the estimate from the proven counts is none, and 1 with the
# undecided point counted as a change.
$ gdtrace sweep --certify --lr 1.2306:1.2308 --grid 33 --max-iter 50 --max-prec 76 --dimension
| sed -n '17,20p' | cut -d, -f1-4
> 1.23069375,bounded,0,50
> 1.2307,bounded,0,50
> 1.23070625,undecided,0,50
> 1.2307125,diverged,0,50
2> gdtrace: sweep: dimension none (undecided points hide the changes at the finest levels) from the proven changes, 1.000000 with every box that has an undecided point counted as a change; the least-squares slope of log(count) on log(1/size) over levels 0..1 (boxes of 2^k intervals, at least 16 boxes)
2> gdtrace: sweep: dimension: 1 undecided point, 2 intervals with an end among them
2> gdtrace: sweep: level 0: box 1, 32 boxes, 0 with a proven change, 2 with one or an undecided point
2> gdtrace: sweep: level 1: box 2, 16 boxes, 1 with a proven change, 1 with one or an undecided point
2> gdtrace: sweep: level 2: box 4, 8 boxes, 1 with a proven change, 1 with one or an undecided point
2> gdtrace: sweep: level 3: box 8, 4 boxes, 1 with a proven change, 1 with one or an undecided point
2> gdtrace: sweep: level 4: box 16, 2 boxes, 1 with a proven change, 1 with one or an undecided point
2> gdtrace: sweep: level 5: box 32, 1 box, 1 with a proven change, 1 with one or an undecided point

# At --max-prec 72, 14 points undecided (10 bounded, 9 diverged): only
# the box of the whole window holds a proven change.
$ gdtrace sweep --certify --lr 1.2306:1.2308 --grid 33 --max-iter 50 --max-prec 72 --dimension --format jsonl
| tail -n 1
> {"dimension": {"estimate": null, "estimate_undecided": 0.906891, "undecided": 14, "touching": 15, "fit": [0, 1], "levels": [{"box": 1, "boxes": 32, "count": 0, "count_undecided": 15}, {"box": 2, "boxes": 16, "count": 0, "count_undecided": 8}, {"box": 4, "boxes": 8, "count": 0, "count_undecided": 4}, {"box": 8, "boxes": 4, "count": 0, "count_undecided": 2}, {"box": 16, "boxes": 2, "count": 0, "count_undecided": 2}, {"box": 32, "boxes": 1, "count": 1, "count_undecided": 1}]}}
