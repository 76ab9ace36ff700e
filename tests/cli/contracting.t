# contracting: a run of one parameter proven to converge forever, by the
# Krawczyk test on balls: the state's ball in an interval J that the step
# T(w) = w - lr*g(w) maps into itself (T(m) + T'(J)(J - m) inside J), with
# |T'| = |1 - lr*g'| < 1 on all of J.  run --certify --stop contracting
# stops at the first step that passes; sweep --certify (one parameter)
# tests as it goes and says contracting (code 10) at that step.

# The notes' loss (w-1)^2 + 2: T'(w) = 1 - 2lr everywhere.  lr 0.1: 0.8,
# contracting from step 0 (every interval around w* = 1 wide enough).
$ gdtrace --certify --stop contracting --lr 0.1 --max-iter 100 --format jsonl --every 0
> {"summary": {"steps": 0, "stop": "contracting", "w": "2", "loss": "3", "prec": 88}}

# lr exactly 1: |1 - 2lr| = 1, the 2-cycle 2, 0, 2, ...: never contracting.
$ gdtrace --certify --stop contracting --lr 1 --max-iter 100 --format jsonl --every 0
> {"summary": {"steps": 100, "stop": "max-iter", "w": "2", "loss": "3", "prec": 88}}

# lr 1.5: |1 - 2lr| = 2, it diverges: never contracting.
$ gdtrace --certify --stop contracting --lr 1.5 --max-iter 30 --format jsonl --every 0
> {"summary": {"steps": 30, "stop": "max-iter", "w": "1073741825", "loss": "1.152921504606847e+18", "prec": 88}}

# Liu's loss from x0 = 5 at lr 0.01: into a local minimum's basin (near
# 3.0292687317, where f'' is about 107 and T' about -0.07); proven at
# step 38, and MPFR at 300 bits over 2000 steps ends at that minimum.
$ gdtrace --certify --stop contracting --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 0.01 --max-iter 1000 --format jsonl --every 19
> {"step": 0, "w": "5", "grad": "10", "loss": "25.1", "certified_digits": 23}
> {"step": 19, "w": "3.4026212326878226", "grad": "5.775093204073345", "loss": "11.676478062513073", "certified_digits": 38}
> {"step": 38, "w": "3.029109878052925", "grad": "-0.01663508449522154", "loss": "9.149969568097068", "certified_digits": 29}
> {"summary": {"steps": 38, "stop": "contracting", "w": "3.029109878052925", "loss": "9.149969568097068", "prec": 176}}

$ gdtrace --mode mpfr --prec 300 --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 0.01 --max-iter 2000 --every 0 --stop none --digits 11
| tail -n 2
> w         3.0292687317
> loss      9.1499682388

# A kink the interval straddles is no smooth map: huber(x, 1)'s clamp is
# decided only once J lies inside (-1, 1), at step 6, not at step 5.
$ gdtrace --certify --stop contracting --loss 'x^2 + huber(x, 1)' --w0 3 --lr 0.1 --max-iter 30 --format csv --every 5
> step,w,grad,loss,certified_digits
> 0,3,7,11.5,exact
> 5,0.65352,1.96056,0.6406325856,24
> 6,0.457464,1.372392,0.313909966944,24

# A sweep: contracting at the step it is proven (the notes' loss: at
# once below lr 1), bounded at lr 1 (the 2-cycle), diverged above.
$ gdtrace sweep --certify --lr 0.1:1.5 --grid 15 --max-iter 100
| cut -d, -f1-4
> lr,outcome,period,step
> 0.1,contracting,0,0
> 0.2,contracting,0,0
> 0.3,contracting,0,0
> 0.4,contracting,0,0
> 0.5,contracting,0,0
> 0.6,contracting,0,0
> 0.7,contracting,0,0
> 0.8,contracting,0,0
> 0.9,contracting,0,0
> 1,bounded,0,100
> 1.1,bounded,0,100
> 1.2,diverged,0,57
> 1.3,diverged,0,41
> 1.4,diverged,0,33
> 1.5,diverged,0,28

# Liu's loss: lr 0.01 contracting at step 40 (tested at steps 1..8, then
# every k/8th); the others bounded (lr 0.02: f'' at the minima passes
# 2/lr = 100, no contraction there).  Capped at 64 bits, the balls grow
# too wide before the test can pass: undecided, never a wrong outcome.
$ gdtrace sweep --certify --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 0.005:0.02 --grid 4 --max-iter 1000
~ valgrind
> lr,outcome,period,step,loss
> 0.005,bounded,0,1000,?
> 0.01,contracting,0,40,9.1499682388376856
> 0.015,bounded,0,1000,?
> 0.02,bounded,0,1000,?

$ gdtrace sweep --certify --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 0.005:0.02 --grid 4 --max-iter 1000 --max-prec 64
~ valgrind
> lr,outcome,period,step,loss
> 0.005,bounded,0,1000,?
> 0.01,undecided,0,983,
> 0.015,undecided,0,662,
> 0.02,undecided,0,502,

# The .npy code of contracting is 10.
$ f=/tmp/gdtrace-ct-$$; gdtrace sweep --certify --lr 0.5:1 --grid 2 --max-iter 10 --npy $f.npy > /dev/null && tail -c 50 $f.npy | od -A n -t u1 -v -w50 | awk '{print $1, $26}'; rm -f $f.npy
> 10 5

# What it refuses.
$ gdtrace --stop contracting
? 2
2> gdtrace: --stop: 'contracting' applies to run --certify only (balls prove it; a certified sweep of one parameter tests it on its own)

$ gdtrace --certify --stop contracting --loss '(a-1)^2 + b^2' --w0 a=0,b=0
? 2
2> gdtrace: --stop: 'contracting' tests a loss of one parameter, and this one has 2

$ gdtrace --certify --stop contracting --loss 'x^2 + abs(x)'
? 2
2> gdtrace: --stop: 'contracting': the gradient has no derivative as written (cannot derive a derivative of abs, relu, min or max)

$ gdtrace --certify --stop contracting,cycle
? 2
2> gdtrace: --stop: 'contracting,cycle' is not a list of grad-zero, cycle, stall and nonfinite, or none
