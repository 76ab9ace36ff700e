# sweep --certify: each point's outcome proven for the exact-real run (Arb
# balls from a first precision chosen for the grid (narrow.t), doubled
# while they do not decide it):
# diverged at k (the loss ball wholly above the escape bound's ball, and
# every earlier one below it), bounded (every loss ball below), or, past
# --max-prec, undecided at the step where the cap's balls first did not
# decide.  The jsonl header says the first precision (from the grid's
# step and the Lyapunov exponent, narrow.t) and the cap.

# The notes' loss: the class boundary is exactly 1, where the exact-real
# run is the 2-cycle (bounded); below it the run contracts (proven at
# step 0: T' = 1 - 2lr everywhere, contracting.t), above it, divergence
# at the steps the closed form gives.
$ gdtrace sweep --certify --lr 0:2 --grid 5 --max-iter 100 --format jsonl
> {"gdtrace": "0.1.0", "format": "sweep 1", "loss": "(w-1)^2 + 2", "grad": [], "data": null, "mode": "certified", "prec": 64, "max_prec": 1048576, "update": "sub", "lr": "0:2", "w0": "2", "max_iter": 100, "escape": "1e16", "axes": [{"name": "lr", "from": "0", "to": "2", "points": 5, "scale": "lin"}], "grid": [5]}
> {"i": 0, "lr": "0", "outcome": "bounded", "period": 0, "step": 100, "loss": "3", "class": "no movement"}
> {"i": 1, "lr": "0.5", "outcome": "contracting", "period": 0, "step": 0, "loss": "3", "class": "converges in one step"}
> {"i": 2, "lr": "1", "outcome": "bounded", "period": 0, "step": 100, "loss": "3", "class": "2-cycle"}
> {"i": 3, "lr": "1.5", "outcome": "diverged", "period": 0, "step": 28, "loss": "72057594037927938", "class": "diverges, oscillating"}
> {"i": 4, "lr": "2", "outcome": "diverged", "period": 0, "step": 18, "loss": "150094635296999123", "class": "diverges, oscillating"}
> {"summary": {"points": 5, "of": 5, "stop": "done"}}

# A w0 axis prints each point's w0, not the w its run ended at.
$ gdtrace sweep --certify --lr 0.5:1.3 --w0 0:3 --grid 2x2 --max-iter 5
> lr,w0,outcome,period,step,loss,class
> 0.5,0,contracting,0,0,3,converges in one step
> 1.3,0,bounded,0,5,111.9511627776,"diverges, oscillating"
> 0.5,3,contracting,0,0,6,converges in one step
> 1.3,3,bounded,0,5,441.8046511104,"diverges, oscillating"

# Liu's loss from x0 = 5: bounded and diverged within 100 steps, proven;
# the loss shows the digits its ball proves ("?" for none).
$ gdtrace sweep --certify --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 1.01:1.2 --grid 3 --max-iter 100 --max-prec 2048
| cut -d, -f1-4
> lr,outcome,period,step
> 1.01,bounded,0,100
> 1.105,bounded,0,100
> 1.2,diverged,0,60

# Past the cap: undecided, never a wrong outcome (binary64 says these
# diverge or stay bounded, and cannot tell which is right).
$ gdtrace sweep --certify --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 1.005:1.015 --grid 3 --max-iter 300 --max-prec 256
> lr,outcome,period,step,loss
> 1.005,undecided,0,48,
> 1.01,undecided,0,49,
> 1.015,undecided,0,49,

# The .npy file's outcome codes (undecided is 9, diverged 4) and the
# map's own colour for undecided.
$ f=/tmp/gdtrace-sc-$$; gdtrace sweep --certify --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 1.005:1.2 --grid 2 --max-iter 300 --max-prec 1024 --npy $f.npy --png $f.png && tail -c 50 $f.npy | od -A n -t u1 -v -w50 | awk '{print $1, $26}'; file $f.png | cut -d: -f2; rm -f $f.npy $f.png
> lr,outcome,period,step,loss
> 1.005,undecided,0,150,
> 1.2,diverged,0,60,335395539672411218.88885422352744567387319719015649733278037498054458455368607872240333511109370985606453712808818657462601957288751925544728924142753101314386673869421401
> 9 4
>  PNG image data, 512 x 256, 8-bit/color RGB, non-interlaced

# What it refuses.
$ gdtrace sweep --certify --mode binary64
? 2
2> gdtrace: --certify: --mode does not apply: the run is the exact-real one, as balls, with max-iter as its only rule

$ gdtrace sweep --certify --lr 0.1:2 --scale log
? 2
2> gdtrace: --scale: 'log': a log axis's points are irrational, and --certify sweeps linear axes

$ gdtrace sweep --certify --digits 17
? 2
2> gdtrace: --digits: '17': a certified sweep writes the digits each ball proves

$ gdtrace sweep --max-prec 128
? 2
2> gdtrace: --max-prec: applies to --certify, mode certified and --against certified only

# A certified sweep resumes and merges as any other.
$ f=/tmp/gdtrace-sc-$$; gdtrace sweep --certify --lr 0:2 --grid 9 --max-iter 60 --format jsonl > $f.full && head -n 5 $f.full > $f.part && gdtrace sweep --certify --lr 0:2 --grid 9 --max-iter 60 --format jsonl --resume $f.part && cmp $f.part $f.full && gdtrace sweep --certify --lr 0:2 --grid 9 --max-iter 60 --shard 1/2 > $f.s1 && gdtrace sweep --certify --lr 0:2 --grid 9 --max-iter 60 --shard 2/2 > $f.s2 && gdtrace merge $f.s1 $f.s2 --format jsonl | cmp - $f.full && echo same; rm -f $f.*
> same
