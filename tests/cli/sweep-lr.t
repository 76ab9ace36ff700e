# gdtrace sweep with a learning rate per parameter: fixed ones (--lr
# a=X,b=Y) beside a --w0 axis, and axes of one parameter's learning rate
# (--lr P=A:B, the column lr_P), through gdt_stepper_set_lr.  A diagonal
# quadratic moves each parameter on its own, w_i,k = (1 - lr_i h_i)^k w0_i,
# so every point's outcome, period, step and loss follow from the two
# multipliers (tests/cli/sweep/diagonal.py checks each point exactly).

# lr_a x lr_b, exact: the multipliers 1 - 2 lr_a and 1 - 4 lr_b run through
# 1, 0.75, ..., 0, ..., -1, ..., -2 (convergence at 0, cycles at -1 and
# 1, stalls, divergence past -1).
$ gdtrace sweep --loss 'a^2 + 2*b^2' --w0 a=1,b=-1 --lr a=0:1.5,b=0:0.75 --grid 13x13 --max-iter 60 | python3 tests/cli/sweep/diagonal.py 60 a=2,0,1 b=4,0,-1
> ok 169

# One axis and one fixed learning rate; fixed ones beside a w0 axis.
$ gdtrace sweep --loss 'a^2 + 2*b^2' --w0 a=1,b=-1 --lr a=0:1.5,b=0.5 --grid 13 --max-iter 60 | python3 tests/cli/sweep/diagonal.py 60 a=2,0,1 b=4,0.5,-1
> ok 13

$ gdtrace sweep --loss 'a^2 + 2*b^2' --w0 a=-2:2,b=3 --lr a=1.25,b=0.5 --grid 9 --max-iter 60 | python3 tests/cli/sweep/diagonal.py 60 a=2,1.25,0 b=4,0.5,3
> ok 9

$ gdtrace sweep --loss 'a^2 + 2*b^2' --w0 a=-2:2,b=3 --lr a=0.5,b=0.125 --grid 9 --max-iter 60 | python3 tests/cli/sweep/diagonal.py 60 a=2,0.5,0 b=4,0.125,3
> ok 9

# The columns, and the header of jsonl: --lr as given, the axes named.
$ gdtrace sweep --loss 'a^2 + 2*b^2' --w0 a=1,b=1 --lr b=0:0.5,a=0.25 --grid 3 --max-iter 4
> lr_b,outcome,period,step,loss
> 0,bounded,0,4,2.00390625
> 0.25,bounded,0,4,0.00390625
> 0.5,bounded,0,4,2.00390625

$ gdtrace sweep --loss 'a^2 + 2*b^2' --w0 a=1,b=1 --lr a=0.25,b=0:0.5 --grid 2 --max-iter 2 --format jsonl | head -n 1
> {"gdtrace": "0.1.0", "format": "sweep 1", "loss": "a^2 + 2*b^2", "grad": [], "data": null, "mode": "exact", "update": "sub", "lr": "a=0.25,b=0:0.5", "w0": "a=1,b=1", "max_iter": 2, "escape": "1e16", "axes": [{"name": "lr_b", "from": "0", "to": "0.5", "points": 2, "scale": "lin"}], "grid": [2]}

# The axes' order is the command line's: --w0's before --lr's here.
$ gdtrace sweep --loss 'a^2 + 2*b^2' --w0 a=1,b=0:1 --lr a=0:0.5,b=0.25 --grid 2x2 --max-iter 3 | head -n 1
> w0_b,lr_a,outcome,period,step,loss

$ gdtrace sweep --loss 'a^2 + 2*b^2' --lr b=0:0.5,a=0.25 --w0 a=1,b=0:1 --grid 2x2 --max-iter 3 | head -n 1
> lr_b,w0_b,outcome,period,step,loss

# One parameter: lr_w, with the class column.
$ gdtrace sweep --lr w=0:1 --grid 5 --max-iter 60 --mode binary64
> lr_w,outcome,period,step,loss,class
> 0.0,stalled,1,0,3.0,no movement
> 0.25,converged,0,53,2.0,converges monotonically
> 0.5,converged,0,1,2.0,converges in one step
> 0.75,converged,0,54,2.0,"converges, oscillating"
> 1.0,cycle,2,0,3.0,2-cycle

# Log axes in a float mode, each point correctly rounded.
$ gdtrace sweep --loss 'a^2 + 2*b^2' --w0 a=1,b=1 --lr a=1e-3:10,b=1e-3:10 --scale log --grid 3x3 --max-iter 50 --mode binary64 | cut -d, -f1-4
> lr_a,lr_b,outcome,period
> 0.001,0.001,bounded,0
> 0.1,0.001,bounded,0
> 10.0,0.001,diverged,0
> 0.001,0.1,bounded,0
> 0.1,0.1,bounded,0
> 10.0,0.1,diverged,0
> 0.001,10.0,diverged,0
> 0.1,10.0,diverged,0
> 10.0,10.0,diverged,0

# Errors: an axis without its parameter, two many axes, a parameter given
# twice or unknown, a fixed lr the mode cannot hold.
$ gdtrace sweep --loss 'a^2+b^2' --w0 a=1,b=1 --lr 0:1,b=0.2
? 2
2> gdtrace: --lr: '0:1': an axis of one parameter's learning rate names it (P=A:B)

$ gdtrace sweep --loss 'a^2+b^2' --w0 a=0:1,b=1 --lr a=0:1,b=0:1
? 2
2> gdtrace: --lr: 'a=0:1,b=0:1': a sweep has at most two axes

$ gdtrace sweep --loss 'a^2+b^2' --w0 a=1,b=1 --lr a=0:1,a=1:2
? 2
2> gdtrace: --lr: 'a' is given twice

$ gdtrace sweep --loss 'a^2+b^2' --w0 a=1,b=1 --lr a=0:1,c=1:2
? 2
2> gdtrace: --lr: 'c' is not a parameter of the loss (a, b)

$ gdtrace sweep --loss 'a^2+b^2' --w0 a=1,b=1 --lr a=0:1,b=0.5 --mode int32
? 2
2> gdtrace: --lr: '0:1': lr_b 0.5 is not a value of mode int32

$ gdtrace run --loss 'a^2+b^2' --w0 a=1,b=1 --lr a=0:1,b=0.5
? 2
2> gdtrace: --lr: '0:1' is not a number
