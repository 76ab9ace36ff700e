# A point whose state repeats within max-iter (issue 12's audit): stalled
# or cycle, with the true period and first step of the repeated state,
# where Brent's detection alone would see it only after max-iter and call
# the point bounded.  A stall is found at once; a period up to 64 at
# max-iter at the latest, from the states of the last 64 steps; a longer
# one by Brent's alone.  The lanes (binary64, binary32, ...) and the
# point-by-point path (mpfr, functions) give the same records, on any
# number of threads, and run --stop cycle stops as the sweep decides.

# Liu's loss in binary32: w is the same from step 818 on (Brent's would
# see it at step 1024).
$ gdtrace sweep --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 0.0007324219:0.000732422 --grid 2 --max-iter 1000 --mode binary32
> lr,outcome,period,step,loss
> 0.0007324219,stalled,1,818,9.765592
> 0.000732422,stalled,1,818,9.765592

$ gdtrace run --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 0.0007324219 --max-iter 1000 --mode binary32 --stop grad-zero,stall,cycle --every 0 --format jsonl | tail -n 1
> {"summary": {"steps": 819, "stop": "stall", "stall_start": 818, "w": "3.1265616", "loss": "9.765592"}}

# Without stall, cycle finds the same state at max-iter, a period 1.
$ gdtrace run --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 0.0007324219 --max-iter 1000 --mode binary32 --stop grad-zero,cycle --every 0 --format jsonl | tail -n 1
> {"summary": {"steps": 1000, "stop": "cycle", "period": 1, "cycle_start": 818, "w": "3.1265616", "loss": "9.765592"}}

# The notes' loss at lr 1: w_2 = w_0, a 2-cycle closed at step 2 (Brent's:
# step 3), in exact, in binary64's lanes and on MPFR's path.
$ for m in exact binary64 'mpfr --prec 53'; do gdtrace sweep --lr 1:1.5 --grid 2 --max-iter 2 --mode $m | sed -n 2p; done
> 1,cycle,2,0,3,2-cycle
> 1.0,cycle,2,0,3.0,2-cycle
> 1.0,cycle,2,0,3.0,2-cycle

$ for n in 1 2 3; do gdtrace run --lr 1 --max-iter $n --stop cycle --every 0 --format jsonl | tail -n 1; done
> {"summary": {"steps": 1, "stop": "max-iter", "w": "0", "loss": "3"}}
> {"summary": {"steps": 2, "stop": "cycle", "period": 2, "cycle_start": 0, "w": "2", "loss": "3"}}
> {"summary": {"steps": 3, "stop": "cycle", "period": 2, "cycle_start": 0, "w": "0", "loss": "3"}}

# Liu's loss in binary32 at lr 0.22741699: period 61 from step 529, closed
# at step 590 (Brent's: 1084); the loss is the one at step 529.
$ for n in 589 590 1000; do gdtrace sweep --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 0.22741699:0.2274170 --grid 2 --max-iter $n --mode binary32 | sed -n 2p; done
> 0.22741699,bounded,0,589,0.023483913
> 0.22741699,cycle,61,529,1.314072
> 0.22741699,cycle,61,529,1.314072

# In binary16 at lr 0.025: period 79 from step 35, closed at step 114,
# beyond the 64 states kept: Brent's, at step 206.
$ for n in 113 114 205 206; do gdtrace sweep --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 0.025:0.026 --grid 2 --max-iter $n --mode binary16 | sed -n 2p; done
> 0.025,bounded,0,113,0.5225
> 0.025,bounded,0,114,0.618
> 0.025,bounded,0,205,0.1262
> 0.025,cycle,79,35,0.618

# Every point of the bench's loss that at 400 steps is stalled or cycles
# with a period up to 64 closed by step 100 is so at max-iter 100 with
# the same record, and only those: in the lanes (binary32) and on MPFR's
# path at 24 bits, the same values.
$ P='--loss w*w*w*w/4-w*w/2 --grad w*w*w-w --w0 0.5 --lr 0:2 --grid 4001'; for m in binary32 'mpfr --prec 24'; do paste -d, <(gdtrace sweep $P --max-iter 100 --mode $m) <(gdtrace sweep $P --max-iter 400 --mode $m) | awk -F, 'NR > 1 && $8 <= 64 { closed = ($7 == "cycle" || $7 == "stalled") && $9 + $8 <= 100; if (closed != ($2 == "cycle" || $2 == "stalled") || (closed && ($2 != $7 || $3 != $8 || $4 != $9 || $5 != $10))) bad++; n += closed } END { print n " closed by step 100, " bad + 0 " wrong" }'; done
~ valgrind
> 985 closed by step 100, 0 wrong
> 985 closed by step 100, 0 wrong

# The lanes and the point-by-point path agree byte for byte (binary64
# and MPFR at 53 bits, binary32 and MPFR at 24, on normal values), at
# max-iters around the 64 states kept, on 1 and 2 threads.
$ P='--loss w*w*w*w/4-w*w/2 --grad w*w*w-w --w0 0.5 --lr 0:2 --grid 3001'; for n in 5 63 64 65 200; do a=$(for t in 1 2; do for m in binary64 'mpfr --prec 53'; do gdtrace sweep $P --max-iter $n --mode $m --threads $t | md5sum; done; done | sort -u | wc -l); b=$(for t in 1 2; do for m in binary32 'mpfr --prec 24'; do gdtrace sweep $P --max-iter $n --mode $m --threads $t | md5sum; done; done | sort -u | wc -l); echo "max-iter $n: $a and $b distinct"; done
~ valgrind
> max-iter 5: 1 and 1 distinct
> max-iter 63: 1 and 1 distinct
> max-iter 64: 1 and 1 distinct
> max-iter 65: 1 and 1 distinct
> max-iter 200: 1 and 1 distinct
