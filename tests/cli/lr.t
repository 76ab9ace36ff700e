# A learning rate per parameter: --lr a=0.1,b=0.01 (every parameter named)
# or --lr 0.1,b=0.01 (b 0.01, every other parameter 0.1), as torch's
# parameter groups; the update is w_i = w_i - lr_i * g_i in every mode.

# (a-1)^2 + 10*(b+2)^2 from 0, lr a=0.1, b=0.01: by hand, a_(k+1) =
# 0.8 a_k + 0.2 and b_(k+1) = 0.8 b_k - 0.4, so a_k = 1 - 0.8^k and
# b_k = -2 + 2 * 0.8^k.  The header shows each parameter's lr.
$ gdtrace --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr a=0.1,b=0.01 --max-iter 5
> gdtrace run
>   loss      (a-1)^2 + 10*(b+2)^2
>   grad a    2*(a - 1)  (derived exactly from the loss)
>   grad b    10*(2*(b + 2))  (derived exactly from the loss)
>   lr_a      0.1
>   lr_b      0.01
>   a0        0
>   b0        0
>   max-iter  5
>   mode      exact (GMP integers and rationals, never rounded)
> step  a  b  loss  |grad|
>    0  0  0  41  40.05
>    1  0.2  -0.4  26.24  32.04
>    2  0.36  -0.72  16.7936  25.632
>    3  0.488  -0.976  10.747904  20.5056
>    4  0.5904  -1.1808  6.87865856  16.4045
>    5  0.67232  -1.34464  4.4023414784  13.1236
> stop      max-iter after 5 steps
> a         0.67232
> b         -1.34464
> loss      4.4023414784

# A default for the parameters not named; the names in any order.
$ gdtrace --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr 0.1,b=0.01 --max-iter 5 --format csv
> step,a,b,grad_a,grad_b,loss
> 0,0,0,-2,40,41
> 1,0.2,-0.4,-1.6,32,26.24
> 2,0.36,-0.72,-1.28,25.6,16.7936
> 3,0.488,-0.976,-1.024,20.48,10.747904
> 4,0.5904,-1.1808,-0.8192,16.384,6.87865856
> 5,0.67232,-1.34464,-0.65536,13.1072,4.4023414784

$ gdtrace --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr 'b = 0.01, a = 0.1' --max-iter 3 --format jsonl
> {"step": 0, "a": "0", "b": "0", "grad_a": "-2", "grad_b": "40", "loss": "41"}
> {"step": 1, "a": "0.2", "b": "-0.4", "grad_a": "-1.6", "grad_b": "32", "loss": "26.24"}
> {"step": 2, "a": "0.36", "b": "-0.72", "grad_a": "-1.28", "grad_b": "25.6", "loss": "16.7936"}
> {"step": 3, "a": "0.488", "b": "-0.976", "grad_a": "-1.024", "grad_b": "20.48", "loss": "10.747904"}
> {"summary": {"steps": 3, "stop": "max-iter", "a": "0.488", "b": "-0.976", "loss": "10.747904"}}

# Each lr rounded once into the mode; the update fused with --update fma.
$ gdtrace --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr a=0.1,b=0.01 --max-iter 3 --mode binary32
> gdtrace run
>   loss      (a-1)^2 + 10*(b+2)^2
>   grad a    2*(a - 1)  (derived exactly from the loss)
>   grad b    10*(2*(b + 2))  (derived exactly from the loss)
>   lr_a      0.1  (rounded to 0.100000001490116119384765625)
>   lr_b      0.01  (rounded to 0.00999999977648258209228515625)
>   a0        0
>   b0        0
>   max-iter  3
>   mode      binary32, 24 bits, rounding N (to nearest, ties to even)
> step  a  b  loss  |grad|
>    0  0.0  0.0  41.0  40.05
>    1  0.2  -0.39999998  26.240002  32.04
>    2  0.36  -0.71999997  16.793598  25.632
>    3  0.48800004  -0.97599995  10.747906  20.5056
> stop      max-iter after 3 steps
> a         0.48800004
> b         -0.97599995
> loss      10.747906

$ gdtrace --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr a=0.1,b=0.01 --max-iter 3 --mode bfloat16 --update fma --format csv
> step,a,b,grad_a,grad_b,loss
> 0,0.0,0.0,-2.0,40.0,41.0
> 1,0.2,-0.4,-1.6,32.0,26.2
> 2,0.361,-0.72,-1.28,25.6,16.8
> 3,0.49,-0.977,-1.016,20.5,10.75

# Integer learning rates on integers (the decimal path): a_(k+1) =
# a_k - 2 * 2 (a_k - 1) = 4 - 3 a_k, b_(k+1) = b_k - 20 (b_k + 2) =
# -19 b_k - 40; the same as the exact path's.
$ gdtrace --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr a=2,b=1 --max-iter 4 --format csv
> step,a,b,grad_a,grad_b,loss
> 0,0,0,-2,40,41
> 1,4,-40,6,-760,14449
> 2,-8,720,-18,14440,5212921
> 3,28,-13720,54,-274360,1881835969
> 4,-80,260640,-162,5212840,679342528201

$ L='a^2 + a*b + 2*b^2 + 3*a - b'; diff <(gdtrace --loss "$L" --w0 a=3,b=-1 --lr a=1,b=2 --max-iter 20 --format csv) <(GDTRACE_DECIMAL=0 gdtrace --loss "$L" --w0 a=3,b=-1 --lr a=1,b=2 --max-iter 20 --format csv) && echo same
> same

# run --at N: the closed form of I - diag(lr) H; a_10 = 1 - 0.8^10.
$ gdtrace --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr a=0.1,b=0.01 --at 10
> gdtrace run
>   loss      (a-1)^2 + 10*(b+2)^2
>   grad a    2*(a - 1)  (derived exactly from the loss)
>   grad b    10*(2*(b + 2))  (derived exactly from the loss)
>   lr_a      0.1
>   lr_b      0.01
>   a0        0
>   b0        0
>   at        10  (computed in closed form, not iterated)
>   mode      exact (GMP integers and rationals, never rounded)
> step  a  b  loss  |grad|
>   10  0.8926258176  -1.7852516352  0.47269781688880726016  4.30033
> at        step 10
> a         0.8926258176
> b         -1.7852516352
> loss      0.47269781688880726016

$ L='a^2 + a*b + 2*b^2 + 3*a - b'; gdtrace --loss "$L" --w0 a=3,b=-1 --lr a=0.5,b=0.25 --at 12 --format csv; gdtrace --loss "$L" --w0 a=3,b=-1 --lr a=0.5,b=0.25 --max-iter 12 --format csv | tail -n 1
> step,a,b,grad_a,grad_b,loss
> 12,-1.85712432861328125,0.7142791748046875,0.000030517578125,-0.00000762939453125,-3.1428571425494737923145294189453125
> 12,-1.85712432861328125,0.7142791748046875,0.000030517578125,-0.00000762939453125,-3.1428571425494737923145294189453125

# The integer modes, wrapping: b = -4 - 2*(6*(-4)) = 44; in int8 the
# partial 6*44 = 264 wraps to 8, so b = 44 - 2*8 = 28.
$ gdtrace --mode int32 --loss 'a^2 + 3*b^2' --w0 a=5,b=-4 --lr a=1,b=2 --max-iter 3 --format csv
> step,a,b,grad_a,grad_b,loss
> 0,5,-4,10,-24,73
> 1,-5,44,-10,264,5833
> 2,5,-484,10,-2904,702793
> 3,-5,5324,-10,31944,85034953

$ gdtrace --mode int8 --loss 'a^2 + 3*b^2' --w0 a=5,b=-4 --lr a=1,b=2 --max-iter 2 --format csv
> step,a,b,grad_a,grad_b,loss
> 0,5,-4,10,-24,73
> 1,-5,44,-10,8,-55
> 2,5,28,10,-88,73

# --stop cycle finds where the cycle begins by replaying the run with each
# parameter's lr: a = 1, -1, 1, ... (lr 1), b = 2, 0, 0, ... (lr 0.5), so
# the state repeats from step 1 (with b's lr 1 it would from step 0).
$ gdtrace --loss 'a^2+b^2' --lr a=1,b=0.5 --w0 a=1,b=2 --stop cycle --max-iter 20 --format jsonl --every 0
> {"summary": {"steps": 3, "stop": "cycle", "period": 2, "cycle_start": 1, "a": "-1", "b": "0", "loss": "1"}}

$ gdtrace --loss 'a^2+b^2' --lr a=1,b=0.5 --w0 a=1,b=2 --stop cycle --max-iter 20 --format jsonl --every 0 --mode binary16
> {"summary": {"steps": 3, "stop": "cycle", "period": 2, "cycle_start": 1, "a": "-1.0", "b": "0.0", "loss": "1.0"}}

# A negative zero among them (binary64: a does not move, b neither).
$ gdtrace --loss 'a^2+b^2' --w0 a=1,b=1 --lr '-0,b=0' --mode binary64 --max-iter 1 --format csv
> step,a,b,grad_a,grad_b,loss
> 0,1.0,1.0,2.0,2.0,2.0
> 1,1.0,1.0,2.0,2.0,2.0

# Learning rates all equal are the run of that one lr, byte for byte (the
# golden cases' lr, w0 and modes, every format, one and two parameters;
# under valgrind, where a process costs a second to start, one lr and w0).
$ lrs='0.01 0.1 0.4 0.5 1' w0s='2 5'; [ "${GDTRACE_TEST_VARIANT:-}" = valgrind ] && lrs=0.1 w0s=2; for m in exact binary64 binary32 'mpfr --prec 24 --round U' 'mpfr --prec 24 --round Z' native-float; do for lr in $lrs; do for w0 in $w0s; do for f in text csv jsonl; do cmp -s <(gdtrace --mode $m --lr $lr --w0 $w0 --max-iter 1000 --format $f) <(gdtrace --mode $m --lr w=$lr --w0 $w0 --max-iter 1000 --format $f) || echo "differs: $m $lr $w0 $f"; L='(a-1)^2 + 2 + (b-1)^2'; cmp -s <(gdtrace --loss "$L" --mode $m --lr $lr --w0 a=$w0,b=2 --max-iter 300 --format $f) <(gdtrace --loss "$L" --mode $m --lr $lr,b=$lr --w0 a=$w0,b=2 --max-iter 300 --format $f) || echo "differs: $m $lr $w0 $f, two"; done; done; done; done; echo done
> done

# compare: one lr line, as the w0 line.
$ gdtrace compare --layout long --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr a=0.1,b=0.01 --max-iter 1 --modes exact,binary64
> gdtrace compare
>   loss      (a-1)^2 + 10*(b+2)^2
>   grad a    2*(a - 1)  (derived exactly from the loss)
>   grad b    10*(2*(b + 2))  (derived exactly from the loss)
>   lr        a = 0.1, b = 0.01
>   w0        a = 0, b = 0
>   max-iter  1
>   modes     exact (reference), binary64
> step  mode      of    digits  rel-err    value
>    0  exact     a        ref  0          0
>                 b        ref  0          0
>                 loss     ref  0          41
>       binary64  a        all  0          0.0
>                 b        all  0          0.0
>                 loss     all  0          41.0
>    1  exact     a        ref  0          0.2
>                 b        ref  0          -0.4
>                 loss     ref  0          26.24
>       binary64  a         16  5.55e-17   0.2
>                 b         16  5.55e-17   -0.4
>                 loss      15  2.11e-16   26.240000000000006
> events against exact (the first step; - never)
> mode      of    differs  no-digits  subnormal    zero     inf     nan   stall  stop
> exact     a           -          -          -       0       -       -       -  max-iter after 1
>           b           -          -          -       0       -       -       -
>           loss        -          -          -       -       -       -       -
> binary64  a           1          -          -       0       -       -       -  max-iter after 1
>           b           1          -          -       0       -       -       -
>           loss        1          -          -       -       -       -       -

# analyze: the eigenvalues of I - diag(lr) H (here 1 - 0.1*2 and
# 1 - 0.02*20) and --at; there is no one critical lr, and the eigenvalues
# are taken for learning rates >= 0 only.
$ gdtrace analyze --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr a=0.1,b=0.02 --at 10
> gdtrace analyze
>   loss         (a-1)^2 + 10*(b+2)^2
>   grad_a       2*(a - 1)
>   grad_b       10*(2*(b + 2))
>   lr_a         0.1
>   lr_b         0.02
>   a0           0
>   b0           0
> quadratic: the gradient is affine
>   H_a          [2, 0]
>   H_b          [0, 20]
>   a*           1  (the stationary point)
>   b*           -2
>   eig_1        0.6
>   eig_2        0.8
>   spectral_radius 0.8
>   class        converges (spectral radius < 1)
>   lr_critical  none: the learning rates differ per parameter
> at step 10 (exact, by powering the affine map)
>   a            0.8926258176
>   b            -1.9879067648
>   grad_a       -0.2147483648
>   grad_b       0.241864704
>   loss         0.01299167842209366016

$ gdtrace analyze --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr a=0.1,b=0.02 --format jsonl
> {"problem": {"loss": "(a-1)^2 + 10*(b+2)^2", "grad_a": "2*(a - 1)", "grad_b": "10*(2*(b + 2))", "lr_a": "0.1", "lr_b": "0.02", "a0": "0", "b0": "0"}}
> {"quadratic": {"H_a": "[2, 0]", "H_b": "[0, 20]", "a*": "1", "b*": "-2", "eig_1": "0.6", "eig_2": "0.8", "spectral_radius": "0.8", "class": "converges (spectral radius < 1)", "lr_critical": "none: the learning rates differ per parameter"}}

$ gdtrace analyze --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr a=0.1,b=-0.02
? 2
2> gdtrace: eigenvalues: learning rates per parameter must be >= 0 (I - diag(lr) H may have complex eigenvalues otherwise)

# A resumed file is replayed with each parameter's lr: another lr_b is
# refused at the first step it changes.
$ cd "$(mktemp -d)" && L='(a-1)^2 + 10*(b+2)^2'; gdtrace --loss "$L" --w0 a=0,b=0 --lr a=0.1,b=0.01 --max-iter 3 --format csv > r.csv && gdtrace --loss "$L" --w0 a=0,b=0 --lr a=0.1,b=0.02 --max-iter 6 --format csv --resume r.csv
? 2
2> gdtrace: --resume: r.csv, line 3: step 1 has b -0.4 in the file but -0.8 here: the loss, gradient, lr, w0, data, mode, --update or optimizer differ

$ cd "$(mktemp -d)" && L='(a-1)^2 + 10*(b+2)^2'; gdtrace --loss "$L" --w0 a=0,b=0 --lr a=0.1,b=0.01 --max-iter 6 --format jsonl > full; head -n 3 full > r.jsonl; gdtrace --loss "$L" --w0 a=0,b=0 --lr 0.1,b=0.01 --max-iter 6 --format jsonl --resume r.jsonl && cmp full r.jsonl && echo same
> same

# Errors: one line naming --lr, exit 2.
$ gdtrace --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr a=0.1
? 2
2> gdtrace: --lr: no learning rate for 'b' (name every parameter, or give one for the rest: --lr X,a=Y)

$ gdtrace --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr 'a=0.1,,b=1'
? 2
2> gdtrace: --lr: entry 2 of 'a=0.1,,b=1' is empty

$ gdtrace --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr 'a=0.1,b=1,'
? 2
2> gdtrace: --lr: entry 3 of 'a=0.1,b=1,' is empty

$ gdtrace --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr c=1,a=1,b=2
? 2
2> gdtrace: --lr: 'c' is not a parameter of the loss (a, b)

$ gdtrace --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr a=1,a=2,b=1
? 2
2> gdtrace: --lr: 'a' is given twice

$ gdtrace --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr 1,2
? 2
2> gdtrace: --lr: '2' is a second default (one plain X; name the others, P=X)

$ gdtrace --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr a=x,b=1
? 2
2> gdtrace: --lr: 'x' is not a number

$ gdtrace --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr a=,b=1
? 2
2> gdtrace: --lr: '' is not a number

$ gdtrace --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr =1,b=1
? 2
2> gdtrace: --lr: '' is not a parameter of the loss (a, b)

$ gdtrace --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr a=1/0,b=1
? 2
2> gdtrace: --lr: '1/0' divides by zero

$ gdtrace --loss 'a^2 + b^2' --w0 a=1,b=1 --mode int8 --lr a=1000,b=1
? 2
2> gdtrace: lr_a 1000 is out of the range of mode int8

$ gdtrace --loss 'a^2 + b^2' --w0 a=1,b=1 --mode int8 --lr 1,b=0.5
? 2
2> gdtrace: lr_b 0.5 is not a value of mode int8

$ gdtrace compare --loss 'a^2 + b^2' --w0 a=1,b=1 --modes exact,int8 --lr a=1000,b=1
? 2
2> gdtrace: lr_a 1000 is out of the range of mode int8

# --help says so.
$ gdtrace --help | grep -A1 -- '--lr X'
>   --lr X              learning rate, an exact decimal or p/q (default: 10);
>                       or per parameter: a=0.1,b=0.01 or 0.1,b=0.01 (rest 0.1)
