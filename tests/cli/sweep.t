# gdtrace sweep (issue 12): a grid of learning rates and starting points,
# each point run to its outcome (converged, stalled, cycle, diverged,
# bounded, ...), one record a point, in any mode and on any number of
# threads.  The helpers in sweep/ check the records against closed forms,
# against gdtrace run and against numpy.load.

# The notes' loss over lr in exact mode: lr = 0 never moves, lr = 1/2
# converges at step 1, the other lr < 1 stay bounded, lr = 1 is a 2-cycle
# from step 0, lr > 1 diverges once (2lr-1)^(2k) + 2 > 1e16 * 3 (1.25: at
# 47, 1.5: at 28), the loss printed being the loss at that step; the class
# column is analyze's, from the exact multiplier 1 - 2 lr.
$ gdtrace sweep --lr 0:1.5 --grid 7 --max-iter 60
> lr,outcome,period,step,loss,class
> 0,stalled,1,0,3,no movement
> 0.25,bounded,0,60,2.000000000000000000000000000000000000752316384526264005099991383822237233803945956334136013765601092018187046051025390625,converges monotonically
> 0.5,converged,0,1,2,converges in one step
> 0.75,bounded,0,60,2.000000000000000000000000000000000000752316384526264005099991383822237233803945956334136013765601092018187046051025390625,"converges, oscillating"
> 1,cycle,2,0,3,2-cycle
> 1.25,diverged,0,47,35692613665643040.6741096039565029724892521604944750409594777959838688731475375703894314938224852085113525390625,"diverges, oscillating"
> 1.5,diverged,0,28,72057594037927938,"diverges, oscillating"

# The same over lr x w0 (17 x 9 points), every record against the closed
# form w_k - 1 = (1 - 2lr)^k (w0 - 1): converged, stalled, cycle, bounded,
# and each diverged point at the first k with
# (2lr-1)^(2k) (w0-1)^2 + 2 > 1e16 * max(1, (w0-1)^2 + 2), with that loss.
$ gdtrace sweep --lr 0:2 --w0 -3:5 --grid 17x9 --max-iter 40 | python3 tests/cli/sweep/formula.py 40
> ok 153

# jsonl: a header record (gdtrace's version, the format's, the problem,
# the axes, the grid as the array's shape (M, N)), one record a point with
# its grid indices, the rows the second axis, then the summary.
$ gdtrace sweep --lr 1:2 --w0 0:2 --grid 2x3 --max-iter 20 --format jsonl
| sed 's/^{"gdtrace": "[^"]*"/{"gdtrace": VERSION/'
> {"gdtrace": VERSION, "format": "sweep 1", "loss": "(w-1)^2 + 2", "grad": [], "data": null, "mode": "exact", "update": "sub", "lr": "1:2", "w0": "0:2", "max_iter": 20, "escape": "1e16", "axes": [{"name": "lr", "from": "1", "to": "2", "points": 2, "scale": "lin"}, {"name": "w0", "from": "0", "to": "2", "points": 3, "scale": "lin"}], "grid": [3, 2]}
> {"i": 0, "j": 0, "lr": "1", "w0": "0", "outcome": "cycle", "period": 2, "step": 0, "loss": "3", "class": "2-cycle"}
> {"i": 1, "j": 0, "lr": "2", "w0": "0", "outcome": "diverged", "period": 0, "step": 18, "loss": "150094635296999123", "class": "diverges, oscillating"}
> {"i": 0, "j": 1, "lr": "1", "w0": "1", "outcome": "converged", "period": 0, "step": 0, "loss": "2", "class": "2-cycle"}
> {"i": 1, "j": 1, "lr": "2", "w0": "1", "outcome": "converged", "period": 0, "step": 0, "loss": "2", "class": "diverges, oscillating"}
> {"i": 0, "j": 2, "lr": "1", "w0": "2", "outcome": "cycle", "period": 2, "step": 0, "loss": "3", "class": "2-cycle"}
> {"i": 1, "j": 2, "lr": "2", "w0": "2", "outcome": "diverged", "period": 0, "step": 18, "loss": "150094635296999123", "class": "diverges, oscillating"}
> {"summary": {"points": 6, "of": 6, "stop": "done"}}

# binary64: each point against gdtrace run of the same lr: run's own stop
# (grad-zero, max-iter, the cycle's period and start) and step; a diverged
# point's loss is run's at that step, the first above the bound.
$ gdtrace sweep --mode binary64 --lr 0:1.2 --grid 25 --max-iter 300 | tests/cli/sweep/against_run.sh --mode binary64 --max-iter 300
> checked 25

$ gdtrace sweep --mode binary32 --lr 0.9:1.3 --grid 9 --max-iter 400 --w0 3 | tests/cli/sweep/against_run.sh --mode binary32 --max-iter 400 --w0 3
> checked 9

# The first axis is the one given first; the values are printed as run
# prints them in the mode (binary32 here).
$ gdtrace sweep --mode binary32 --w0 -1:3 --lr 0:1.5 --grid 3x4 --max-iter 60
> w0,lr,outcome,period,step,loss,class
> -1.0,0.0,stalled,1,0,6.0,no movement
> 1.0,0.0,converged,0,0,2.0,no movement
> 3.0,0.0,stalled,1,0,6.0,no movement
> -1.0,0.5,converged,0,1,2.0,converges in one step
> 1.0,0.5,converged,0,0,2.0,converges in one step
> 3.0,0.5,converged,0,1,2.0,converges in one step
> -1.0,1.0,cycle,2,0,6.0,2-cycle
> 1.0,1.0,converged,0,0,2.0,2-cycle
> 3.0,1.0,cycle,2,0,6.0,2-cycle
> -1.0,1.5,diverged,0,27,7.205757e+16,"diverges, oscillating"
> 1.0,1.5,converged,0,0,2.0,"diverges, oscillating"
> 3.0,1.5,diverged,0,27,7.2057594e+16,"diverges, oscillating"

$ gdtrace sweep --loss 'a^2 + 4*b^2' --w0 a=1,b=-1:1 --lr 0.2 --grid 3 --max-iter 100 --mode binary64
> w0_b,outcome,period,step,loss
> -1.0,bounded,0,100,2.1341261190601863e-44
> 0.0,bounded,0,100,4.268252238120247e-45
> 1.0,bounded,0,100,2.1341261190601863e-44

# Integers wrap and diverge only through the escape bound: lr = 2 from 3
# runs w_k - 1 = 2 (-3)^k modulo 2^32, never above 1e16 * 6.
$ gdtrace sweep --mode int32 --lr 0:2 --grid 3 --max-iter 30 --w0 3
> lr,outcome,period,step,loss,class
> 0,stalled,1,0,6,no movement
> 1,cycle,2,0,6,2-cycle
> 2,bounded,0,30,1267193542,"diverges, oscillating"

# In int64 the same run passes the bound, 4 * 9^k + 2 > 6e16, at k = 17.
$ gdtrace sweep --mode int64 --lr 0:2 --grid 3 --max-iter 30 --w0 3
> lr,outcome,period,step,loss,class
> 0,stalled,1,0,6,no movement
> 1,cycle,2,0,6,2-cycle
> 2,diverged,0,17,66708726798666278,"diverges, oscillating"

# Log axes: the points 10^-3, 10^-2, 10^-1, 1, correctly rounded in the mode
# (the nearest doubles of 0.001, 0.01 and 0.1); --escape sets the bound.
$ gdtrace sweep --mode binary64 --scale log --lr 1e-3:1 --grid 4 --max-iter 5 --digits hex
> lr,outcome,period,step,loss,class
> 0x1.0624dd2f1a9fcp-10,bounded,0,5,0x1.7d7681c3b5e98p+1,converges monotonically
> 0x1.47ae147ae147bp-7,bounded,0,5,0x1.6895d77c04375p+1,converges monotonically
> 0x1.999999999999ap-4,bounded,0,5,0x1.0dbe6fecebdeep+1,converges monotonically
> 0x1p+0,cycle,2,0,0x1.8p+1,2-cycle

$ gdtrace sweep --mode binary16 --scale log --lr 1:4 --grid 3 --max-iter 3
> lr,outcome,period,step,loss,class
> 1.0,cycle,2,0,3.0,2-cycle
> 2.0,bounded,0,3,731.0,"diverges, oscillating"
> 4.0,diverged,0,3,inf,"diverges, oscillating"

$ gdtrace sweep --mode binary64 --lr 1.5:2 --grid 3 --max-iter 5 --escape 10
> lr,outcome,period,step,loss,class
> 1.5,diverged,0,3,66.0,"diverges, oscillating"
> 1.75,diverged,0,2,41.0625,"diverges, oscillating"
> 2.0,diverged,0,2,83.0,"diverges, oscillating"

# A loss that is already inf at w0 has diverged at step 0.
$ gdtrace sweep --mode binary64 --lr 0.9:1 --grid 2 --max-iter 100 --w0 1e308
> lr,outcome,period,step,loss,class
> 0.9,diverged,0,0,inf,"converges, oscillating"
> 1.0,diverged,0,0,inf,2-cycle

# A loss with no value at a point is its outcome error there, with no
# loss (csv: empty, jsonl: null); a value outgrowing --max-bits is
# size-limit at run's last complete step; the sweep goes on, exit 0.
$ gdtrace sweep --loss '1/w' --w0 -1:1 --grid 3 --max-iter 3 --lr 0.5
> w0,outcome,period,step,loss
> -1,bounded,0,3,18/31
> 0,error,0,0,
> 1,bounded,0,3,17298/32707

$ gdtrace sweep --loss '1/w' --w0 -1:1 --grid 3 --max-iter 3 --lr 0.5 --format jsonl | tail -n 2
> {"i": 2, "w0": "1", "outcome": "bounded", "period": 0, "step": 3, "loss": "17298/32707"}
> {"summary": {"points": 3, "of": 3, "stop": "done"}}

$ gdtrace sweep --lr 0.1:0.2 --grid 2 --max-bits 1000 --max-iter 1000
> lr,outcome,period,step,loss,class
> 0.1,size-limit,0,111,,converges monotonically
> 0.2,size-limit,0,117,,converges monotonically

# A write error on standard output: exit 1, as run.
$ gdtrace sweep --lr 0:1 --grid 3 > /dev/full
? 1
2> gdtrace: write error: No space left on device

# The records are the same bytes on any number of threads.
$ for t in 1 2 3 7; do gdtrace sweep --lr 0:2.2 --w0 -1:3 --grid 41x23 --max-iter 200 --mode binary64 --threads $t | md5sum; done | uniq -c | sed 's/ *\([0-9]*\) .*/\1 alike/'
> 4 alike

$ for t in 1 2 3 7; do gdtrace sweep --lr 0:2 --grid 97 --max-iter 100 --format jsonl --threads $t | md5sum; done | uniq -c | sed 's/ *\([0-9]*\) .*/\1 alike/'
> 4 alike

# --npy: numpy.load reads the array, shape (M, N), and it holds the csv's
# outcomes, periods, steps and losses.
$ d=$(mktemp -d); gdtrace sweep --lr 0:2 --w0 -1:3 --grid 5x3 --max-iter 40 --mode binary64 --npy "$d/m.npy" > "$d/m.csv" && tests/cli/sweep/npy_check.py "$d/m.npy" "$d/m.csv"; rm -r "$d"
~? /usr/bin/python3 -c 'import numpy'
> (3, 5) [('outcome', '|u1'), ('period', '<i8'), ('step', '<i8'), ('loss', '<f8')]
> ok 15

$ d=$(mktemp -d); gdtrace sweep --lr 0:2 --grid 9 --max-iter 40 --npy "$d/m.npy" > "$d/m.csv" && tests/cli/sweep/npy_check.py "$d/m.npy" "$d/m.csv"; ls "$d"; rm -r "$d"
~? /usr/bin/python3 -c 'import numpy'
> (9,) [('outcome', '|u1'), ('period', '<i8'), ('step', '<i8'), ('loss', '<f8')]
> ok 9
> m.csv
> m.npy

# SIGINT and SIGTERM: the complete records, in order, the summary, the
# message, 128 + the signal (the point at lr 0.5 converges at once, the
# others grow exact values for a long time).
$ f=$(mktemp); (ulimit -t 30; exec gdtrace sweep --lr 0.5:0.6 --grid 3 --max-iter 1e6 --threads 2 --format jsonl > "$f") & sleep 1; kill -INT $!; wait $!; echo "exit $?"; sed 's/^{"gdtrace": "[^"]*"/{"gdtrace": VERSION/' "$f" | cut -c1-59 | sed 's/ *$//'; rm -f "$f"
~ valgrind
> exit 130
> {"gdtrace": VERSION, "format": "sweep 1", "loss": "(w-1)^2
> {"i": 0, "lr": "0.5", "outcome": "converged", "period": 0,
> {"summary": {"points": 1, "of": 3, "stop": "interrupted"}}
2> gdtrace: sweep interrupted after 1 of 3 points

$ f=$(mktemp); (ulimit -t 30; exec gdtrace sweep --lr 0.5:0.6 --grid 3 --max-iter 1e6 --threads 1 > "$f") & sleep 1; kill -TERM $!; wait $!; echo "exit $?"; cat "$f"; rm -f "$f"
~ valgrind
> exit 143
> lr,outcome,period,step,loss,class
> 0.5,converged,0,1,2,converges in one step
2> gdtrace: sweep interrupted after 1 of 3 points

# After a stop the .npy file is written all the same, the points not
# finished with outcome 0 (none).
$ d=$(mktemp -d); (ulimit -t 30; exec gdtrace sweep --lr 0.5:0.6 --grid 3 --max-iter 1e6 --threads 2 --npy "$d/m.npy" > /dev/null) 2>/dev/null & sleep 1; kill -INT $!; wait $!; echo "exit $?"; /usr/bin/python3 -c "import numpy, sys; a = numpy.load(sys.argv[1]); print(a['outcome'].tolist(), a['step'].tolist())" "$d/m.npy"; ls "$d"; rm -r "$d"
~ valgrind
~? /usr/bin/python3 -c 'import numpy'
> exit 130
> [1, 0, 0] [1, 0, 0]
> m.npy

# Errors: one line naming the option, exit 2, nothing written.
$ gdtrace sweep
2> gdtrace: sweep: no axis: give --lr A:B, --w0 A:B, --w0 P=A:B or --momentum A:B
? 2

$ gdtrace sweep --lr 1:1
2> gdtrace: --lr: '1:1' is an empty range (A:B needs A < B)
? 2

$ gdtrace sweep --lr 2:1
2> gdtrace: --lr: '2:1' is a reversed range (A:B needs A < B)
? 2

$ gdtrace sweep --lr 0:x
2> gdtrace: --lr: 'x' is not a number
? 2

$ gdtrace sweep --lr 0:1 --grid 0
2> gdtrace: --grid: '0' is too small (at least 1)
? 2

$ gdtrace sweep --lr 0:1 --grid 2147483649
2> gdtrace: --grid: '2147483649' is too large (at most 2147483648)
? 2

$ gdtrace sweep --lr 0:1 --w0 0:1 --grid 65536x65536
2> gdtrace: --grid: '65536x65536' has more than 2^31 points
? 2

$ gdtrace sweep --lr 0:1 --w0 0:1 --grid 65536
2> gdtrace: --grid: '65536' has more than 2^31 points with two axes
? 2

$ gdtrace sweep --lr 0:1 --grid 3x3
2> gdtrace: --grid: '3x3' has two axes, and the sweep one
? 2

$ gdtrace sweep --lr 0:1 --scale lin,log
2> gdtrace: --scale: 'lin,log' has two axes, and the sweep one
? 2

$ gdtrace sweep --lr 0:1 --scale cubic
2> gdtrace: --scale: 'cubic' is not lin, log or one of them per axis (lin,log)
? 2

$ gdtrace sweep --lr 1e-3:1 --scale log
2> gdtrace: --scale: 'log': a log axis has irrational points, which mode exact cannot hold (a float mode can)
? 2

$ gdtrace sweep --lr 1e-3:1 --scale log --mode int8
2> gdtrace: --scale: 'log': a log axis has irrational points, which mode int8 cannot hold (a float mode can)
? 2

$ gdtrace sweep --lr 0:1 --scale log --mode binary64
2> gdtrace: --lr: '0:1' cannot be a log axis: its ends must be positive
? 2

$ gdtrace sweep --loss 'a^2+b^2' --w0 a=0:1,c=0:1
2> gdtrace: --w0: 'c' is not a parameter of the loss (a, b)
? 2

$ gdtrace sweep --loss 'a^2+b^2' --w0 a=0:1,a=0:2
2> gdtrace: --w0: 'a' is given twice
? 2

$ gdtrace sweep --loss 'a^2+b^2' --w0 a=0:1,b=0:1 --lr 0:1
2> gdtrace: --lr: '0:1': a sweep has at most two axes
? 2

$ gdtrace sweep --loss 'a^2+b^2' --w0 a=0:1,b=0 --lr a=0:1
2> gdtrace: --lr: no learning rate for 'b' (name every parameter, or give one for the rest: --lr X,a=Y)
? 2

$ gdtrace sweep --lr 0:1 --mode int32
2> gdtrace: --lr: '0:1': lr 0.01 is not a value of mode int32
? 2

$ gdtrace sweep --lr 0:1 --npy /nonexistent/m.npy
2> gdtrace: --npy: cannot write beside '/nonexistent/m.npy': No such file or directory
? 2

$ gdtrace sweep --lr 0:1 --format text
2> gdtrace: --format: 'text' is not for sweep, which writes csv or jsonl
? 2

$ gdtrace sweep --lr 0:1 --escape 0
2> gdtrace: --escape: '0' is not positive
? 2

$ gdtrace sweep --lr 0:1 --threads 0
2> gdtrace: --threads: '0' is too small (at least 1)
? 2

$ gdtrace sweep --lr 0:1 --stop none
2> gdtrace: --stop: is not an option of 'gdtrace sweep' (see gdtrace sweep --help)
? 2

$ gdtrace --lr 0:1
2> gdtrace: --lr: '0:1' is not a number
? 2

$ gdtrace --grid 3
2> gdtrace: --grid: is not an option of 'gdtrace run' (see gdtrace run --help)
? 2

$ gdtrace sweep --help | head -n 1
> usage: gdtrace sweep [options] --lr A:B | --w0 [P=]A:B  (one or two axes)

# --png: the map as an image, 121 x 81 points scaled by 5 (the longest side
# reaches 512), the IHDR's width and height in big-endian; a one-axis
# sweep is a strip 64 pixels tall.  --plot: gnuplot's picture beside it.
# No temporary file is left.
$ d=$(mktemp -d); gdtrace sweep --loss '(w-1)^2+2' --lr 0:1.2 --w0 -3:5 --grid 121x81 --max-iter 200 --mode binary64 --png "$d/m.png" --plot "$d/p.png" > /dev/null && od -An -tu1 -j16 -N8 "$d/m.png" && head -c 4 "$d/p.png" | od -An -c; ls "$d"; rm -r "$d"
>    0   0   2  93   0   0   1 149
>  211   P   N   G
> m.png
> p.png

$ d=$(mktemp -d); gdtrace sweep --lr 0:1.5 --grid 4096 --max-iter 100 --mode binary64 --png "$d/m.png" > /dev/null && od -An -tu1 -j16 -N8 "$d/m.png"; rm -r "$d"
>    0   0  16   0   0   0   0  64

$ gdtrace sweep --lr 0:1 --png /nonexistent/m.png
? 2
2> gdtrace: --png: cannot write beside '/nonexistent/m.png': No such file or directory

$ gdtrace sweep --lr 0:1 --plot m.gif
? 2
2> gdtrace: --plot: 'm.gif' does not end in .png, .svg or .pdf


# An axis option given twice is refused: the later one would drop the
# first axis, or move it.
$ gdtrace sweep --lr 0:1 --lr 0:2 --grid 3
? 2
2> gdtrace: --lr: '0:2': given again after '0:1': a sweep takes --lr once (per parameter in one list: a=0:1,b=2)
$ gdtrace sweep --lr 0:1 --w0 0:1 --lr 0:2
? 2
2> gdtrace: --lr: '0:2': given again after '0:1': a sweep takes --lr once (per parameter in one list: a=0:1,b=2)
$ gdtrace sweep --lr 0.1 --momentum 0:0.5 --momentum 0.9 --grid 2
? 2
2> gdtrace: --momentum: '0.9': given again after '0:0.5': a sweep takes --momentum once

# A constant the mode cannot hold is the problem's, not an axis's.
$ gdtrace sweep --loss 'pi*w' --lr 0:1 --grid 3
? 2
2> gdtrace: the constant pi is irrational, and no value of mode exact

$ gdtrace sweep --lr 0:1 --grid 3x
? 2
2> gdtrace: --grid: '3x' is not N or NxM
