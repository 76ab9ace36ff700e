# Narrow windows: a certified sweep's first working precision is the bits
# that tell its points apart (log2 of the largest |end| over the grid's
# step) plus the bits its runs lose (analyze's Lyapunov exponent at the
# grid's centre, in bits a step, times max-iter), plus 32, at least 64;
# from there it doubles on failure as before.  The jsonl header says it.

# The notes' loss within 50 steps: the boundary is the root of
# (2lr-1)^100 = 3e16 - 2, lr = 1.23070354930403974538023911864672374461...
# (bc -l; boundary --max-iter 50 --digits 40 gives it too).  A window of
# 1e-30 around it: 163 bits, and the outcome changes inside it.
$ gdtrace sweep --certify --lr 1.2307035493040397453802391186462:1.2307035493040397453802391186472 --grid 5 --max-iter 50 --format jsonl
| grep -o '"prec": [0-9]*\|"outcome": "[a-z]*", "period": [0-9]*, "step": [0-9]*'
> "prec": 163
> "outcome": "bounded", "period": 0, "step": 50
> "outcome": "bounded", "period": 0, "step": 50
> "outcome": "bounded", "period": 0, "step": 50
> "outcome": "diverged", "period": 0, "step": 50
> "outcome": "diverged", "period": 0, "step": 50

# A window of 1e-100 around lr = 1, the 2-cycle: 365 bits tell 1 - 1e-100
# (|1 - 2lr| = 1 - 2e-100 < 1: contracting, proven at once) from 1 and
# from 1 + 1e-100 (bounded within 100 steps).  Capped at 64 bits, the
# balls of the two ends straddle 1: undecided, never a wrong outcome.
$ gdtrace sweep --certify --lr 0.9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999:1.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001 --grid 3 --max-iter 100 --format jsonl
| grep -o '"prec": [0-9]*\|"outcome": "[a-z]*", "period": [0-9]*, "step": [0-9]*'
> "prec": 365
> "outcome": "contracting", "period": 0, "step": 0
> "outcome": "bounded", "period": 0, "step": 100
> "outcome": "bounded", "period": 0, "step": 100

$ gdtrace sweep --certify --lr 0.9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999:1.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001 --grid 3 --max-iter 100 --max-prec 64
| cut -d, -f2-4
> outcome,period,step
> undecided,0,58
> bounded,0,100
> undecided,0,58

# Liu's loss from x0 = 5 over 60 steps: windows of 1e-30 and 1e-100 at
# lr 1.01.  The run loses about 7.6 bits a step (456 over 60 steps), so
# 586 and 829 bits; the points part within those 60 steps, each loss
# proven (its first 20 characters shown).
$ gdtrace sweep --certify --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 1.0100000000000000000000000000000:1.0100000000000000000000000000010 --grid 3 --max-iter 60 --format jsonl
~ valgrind
| grep -o '"prec": [0-9]*'
> "prec": 586

$ gdtrace sweep --certify --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 1.0100000000000000000000000000000:1.0100000000000000000000000000010 --grid 3 --max-iter 60
~ valgrind
| cut -d, -f2-5 | cut -c 1-33
> outcome,period,step,loss
> bounded,0,60,2212.308553648148790
> bounded,0,60,3755.908408198213119
> bounded,0,60,864.8735440507097536

$ gdtrace sweep --certify --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 1.0100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000:1.0100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001 --grid 3 --max-iter 60 --format jsonl
~ valgrind
| grep -o '"prec": [0-9]*'
> "prec": 829

$ gdtrace sweep --certify --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 1.0100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000:1.0100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001 --grid 3 --max-iter 60
~ valgrind
| cut -d, -f2-5 | cut -c 1-33
> outcome,period,step,loss
> bounded,0,60,2212.308553648148790
> bounded,0,60,742.2367495572288233
> bounded,0,60,2499.331135104693349
