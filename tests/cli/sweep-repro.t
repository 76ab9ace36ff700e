# The README's reproductions ("Maps of outcomes: gdtrace sweep",
# Reproductions), each on a small grid; doc/make_pictures.sh makes their
# full-size pictures.

# (1) The notes' loss over lr x w0, exact: lr = 1/2 converges at step 1,
# every other 0 < lr < 1 stays bounded with the class "converges ...",
# lr = 1 is a 2-cycle from step 0, and lr > 1 diverges at exactly the
# first k with (2lr-1)^(2k) (w0-1)^2 + 2 > 1e16 max(1, (w0-1)^2 + 2), its
# loss that value (tests/cli/sweep/formula.py checks every point).
$ gdtrace sweep --lr 0:1.5 --w0 -3:5 --grid 31x17 --max-iter 60 | python3 tests/cli/sweep/formula.py 60
~ valgrind
> ok 527

# (2) Liu's loss, x0 = 5, binary64, 1000 steps: a quarter of the points
# against gdtrace run of the same lr (its stop, period and first step of
# the cycle, or the loss of the first step above the bound), then the
# box-counting dimension of the boundary.
$ gdtrace sweep --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 0:1.5 --grid 257 --max-iter 1000 --mode binary64 | awk 'NR == 1 || NR % 4 == 2' | tests/cli/sweep/against_run.sh --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --mode binary64 --max-iter 1000
~ valgrind
> checked 65

$ gdtrace sweep --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 0:1.5 --grid 257 --max-iter 1000 --mode binary64 --dimension | tail -n 1
~ valgrind
> 1.5,diverged,0,27,4.536011871157215e+17
2> gdtrace: sweep: dimension 0.435168, the least-squares slope of log(count) on log(1/size) over levels 0..4 (boxes of 2^k intervals, at least 16 boxes)
2> gdtrace: sweep: level 0: box 1, 256 boxes, 7 with a change
2> gdtrace: sweep: level 1: box 2, 128 boxes, 5 with a change
2> gdtrace: sweep: level 2: box 4, 64 boxes, 4 with a change
2> gdtrace: sweep: level 3: box 8, 32 boxes, 3 with a change
2> gdtrace: sweep: level 4: box 16, 16 boxes, 2 with a change
2> gdtrace: sweep: level 5: box 32, 8 boxes, 2 with a change
2> gdtrace: sweep: level 6: box 64, 4 boxes, 2 with a change
2> gdtrace: sweep: level 7: box 128, 2 boxes, 2 with a change
2> gdtrace: sweep: level 8: box 256, 1 box, 1 with a change

# In jsonl the dimension is a last record, after the summary.
$ gdtrace sweep --lr 0:1.5 --grid 33 --max-iter 60 --mode binary64 --dimension --format jsonl | tail -n 2
> {"summary": {"points": 33, "of": 33, "stop": "done"}}
> {"dimension": {"estimate": 0.321928, "fit": [0, 1], "levels": [{"box": 1, "boxes": 32, "count": 5}, {"box": 2, "boxes": 16, "count": 4}, {"box": 4, "boxes": 8, "count": 4}, {"box": 8, "boxes": 4, "count": 3}, {"box": 16, "boxes": 2, "count": 2}, {"box": 32, "boxes": 1, "count": 1}]}}

$ gdtrace sweep --lr 0:1 --grid 9 --max-iter 10 --dimension > /dev/null
2> gdtrace: sweep: dimension: none (too few points for two levels)
2> gdtrace: sweep: level 0: box 1, 8 boxes, 4 with a change
2> gdtrace: sweep: level 1: box 2, 4 boxes, 4 with a change
2> gdtrace: sweep: level 2: box 4, 2 boxes, 2 with a change
2> gdtrace: sweep: level 3: box 8, 1 box, 1 with a change

$ gdtrace sweep --lr 0:1 --w0 0:1 --grid 3 --dimension
? 2
2> gdtrace: --dimension: box counting is along one axis, and the sweep has two

$ gdtrace sweep --lr 0:1 --grid 3 --dimension=yes
? 2
2> gdtrace: --dimension: takes no value, got 'yes'

# (3) MSE of a*tanh(b*x) on data/tanh.csv, lr_a x lr_b on log axes, in
# binary64 and bfloat16: bfloat16 stalls or cycles where binary64 is still
# moving after 100 steps; both escape at lr_a = 10.
$ gdtrace sweep --loss 'mean((a*tanh(b*x) - y)^2)' --data data/tanh.csv --w0 a=1,b=1 --lr a=1e-3:10,b=1e-3:10 --scale log --grid 5x5 --max-iter 100 --mode binary64 | cut -d, -f3 | sort | uniq -c
~ valgrind
>      20 bounded
>       5 diverged
>       1 outcome

$ gdtrace sweep --loss 'mean((a*tanh(b*x) - y)^2)' --data data/tanh.csv --w0 a=1,b=1 --lr a=1e-3:10,b=1e-3:10 --scale log --grid 5x5 --max-iter 100 --mode bfloat16 | sed -n '1p;21,26p' | cut -d, -f1-5
~ valgrind
> lr_a,lr_b,outcome,period,step
> 10.0,1.0,diverged,0,8
> 0.001,10.0,stalled,1,9
> 0.01,10.0,stalled,1,9
> 0.1,10.0,cycle,15,28
> 1.0,10.0,cycle,6,15
> 10.0,10.0,diverged,0,7

# The same point in gdtrace run: the cycle of period 15 from step 28.
$ gdtrace run --loss 'mean((a*tanh(b*x) - y)^2)' --data data/tanh.csv --w0 a=1,b=1 --lr a=0.1,b=10 --max-iter 100 --mode bfloat16 --stop grad-zero,cycle --format jsonl | tail -n 1
~ valgrind
> {"summary": {"steps": 46, "stop": "cycle", "period": 15, "cycle_start": 28, "a": "1.3", "b": "1.625", "loss": "0.0284"}}

# (4) Liu's window in five formats: the points whose outcome differs from
# mpfr 256 (tests/cli/sweep/differ.py), the README's table on 129 points.
$ d=$(mktemp -d); for m in binary16 bfloat16 binary32 binary64 'mpfr --prec 256'; do gdtrace sweep --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 0:1.5 --grid 129 --max-iter 1000 --mode $m > "$d/${m%% *}.csv"; done; tests/cli/sweep/differ.py "$d/mpfr.csv" binary16="$d/binary16.csv" bfloat16="$d/bfloat16.csv" binary32="$d/binary32.csv" binary64="$d/binary64.csv"; rm -r "$d"
~ valgrind
> binary16: 85 of 129 points differ (65.89%); bounded -> cycle 79, bounded -> converged 6
> bfloat16: 89 of 129 points differ (68.99%); bounded -> cycle 80, diverged -> cycle 4, bounded -> converged 3
> binary32: 2 of 129 points differ (1.55%); bounded -> cycle 2
> binary64: 0 of 129 points differ (0.00%)
