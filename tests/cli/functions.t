# Functions: correctly rounded in MPFR and the IEEE formats, exact where the
# value is rational, with exact symbolic derivatives.

$ gdtrace --loss 'exp(w) - 2*w' --w0 0 --lr 0.5 --max-iter 3 --mode binary64 --format csv
> step,w,grad,loss
> 0,0.0,-1.0,1.0
> 1,0.5,-0.3512787292998718,0.6487212707001282
> 2,0.6756393646499359,-0.03471088925271415,0.614010381447414
> 3,0.692994809276293,-0.00030471935147580176,0.6137056620959382

$ gdtrace --loss 'log(w)^2' --w0 2 --lr 0.5 --max-iter 3 --mode mpfr --prec 100 --format csv
> step,w,grad,loss
> 0,2.0,0.693147180559945309417232121458,0.4804530139182014246671025263264
> 1,1.653426409720027345291383939271,0.6082517416314054222899632757865,0.252857867741957315803827506933
> 2,1.349300538904324634146402301377,0.4440616900565104934457578176285,0.0897519744255514485890201704678
> 3,1.127269693876069387423523392563,0.2125463135280217203356893555922,0.01435168273289277045890581516366

$ gdtrace --loss 'sin(w) + cos(w)' --w0 0 --lr 0.1 --max-iter 2 --mode binary32 --format csv
> step,w,grad,loss
> 0,0.0,1.0,1.0
> 1,-0.1,1.0948375,0.89517075
> 2,-0.20948376,1.1860933,0.77018344

$ gdtrace --loss 'tanh(w)^2 + tan(w)^2' --w0 0.5 --lr 0.1 --max-iter 2 --mode bfloat16 --format csv
> step,w,grad,loss
> 0,0.5,2.16,0.51
> 1,0.285,1.15,0.163
> 2,0.17,0.68,0.0576

$ gdtrace --loss 'sigmoid(w)' --w0 0 --lr 1 --max-iter 2 --mode binary16 --format jsonl --digits exact
> {"step": 0, "w": "0", "grad": "0.25", "loss": "0.5"}
> {"step": 1, "w": "-0.25", "grad": "0.2462158203125", "loss": "0.437744140625"}
> {"step": 2, "w": "-0.49609375", "grad": "0.2352294921875", "loss": "0.37841796875"}
> {"summary": {"steps": 2, "stop": "max-iter", "w": "-0.49609375", "loss": "0.37841796875"}}

$ gdtrace --loss 'sqrt(w)' --w0 4 --lr 4 --max-iter 2 --mode mpfr --format csv --digits hex
> step,w,grad,loss
> 0,0x1p+2,0x1p-2,0x1p+1
> 1,0x1.8p+1,0x1.279a74590331dp-2,0x1.bb67ae8584caap+0
> 2,0x1.d8658ba6fcce3p+0,0x1.78e8b5ae38646p-2,0x1.5bc148328dbaap+0

# Exact mode: the value is exact where it is rational (sqrt of a square,
# exp(0), abs, min, max) ...
$ gdtrace --loss 'sqrt(w^2 + 9) + exp(w - 4) + abs(w - 5) + min(w, 10)' --w0 4 --lr 0 --max-iter 0 --format csv
> step,w,grad,loss
> 0,4,1.8,11

# ... and otherwise the run stops, naming the function, the value and the step.
$ gdtrace --loss 'sqrt(w^2 + 9)' --w0 4 --lr 1 --max-iter 4 --format csv
? 1
> step,w,grad,loss
> 0,4,0.8,5
2> gdtrace: step 1: sqrt(19.24) has no exact value, evaluating the loss at w = 3.2 (the exact mode holds rationals only: try --mode mpfr)

$ gdtrace --loss 'log(w)' --w0 -1 --max-iter 1 --format csv
? 1
> step,w,grad,loss
2> gdtrace: step 0: log(-1) has no real value, evaluating the loss at w = -1

# abs' has no value at 0; min' and max' none where the arguments tie.
$ gdtrace --loss 'abs(w)' --lr 0.5 --w0 1 --max-iter 5 --format csv
? 1
> step,w,grad,loss
> 0,1,1,1
> 1,0.5,1,0.5
2> gdtrace: step 2: the derivative of abs has no value at 0, evaluating the gradient at w = 0 (--kinks torch takes PyTorch's value there)

$ gdtrace --loss 'max(w, 2 - w)' --lr 0.5 --w0 3 --max-iter 5 --format csv
? 1
> step,w,grad,loss
> 0,3,1,3
> 1,2.5,1,2.5
> 2,2,1,2
> 3,1.5,1,1.5
2> gdtrace: step 4: the derivative of max has no value where its arguments are equal, evaluating the gradient at w = 1 (--kinks torch takes PyTorch's value there)

# The derived gradients, as the header shows them.
$ gdtrace --loss 'sigmoid(2*w) + abs(w) + min(w, 1)' --max-iter 0 --mode mpfr
| sed -n 2,3p
>   loss      sigmoid(2*w) + abs(w) + min(w, 1)
>   grad      sigmoid(2*w)*(1 - sigmoid(2*w))*2 + (w < 0 ? -1 : 1) + (w < 1 ? 1 : 0)  (derived exactly from the loss)

$ gdtrace --loss 'log(sqrt(w)) + exp(-w^2)' --max-iter 0 --mode mpfr
| sed -n 2,3p
>   loss      log(sqrt(w)) + exp(-w^2)
>   grad      1/(2*sqrt(w))/sqrt(w) + exp(-w^2)*-(2*w)  (derived exactly from the loss)

# Native modes call the C library for exp, log, sin, cos, tan, tanh (and
# sigmoid as 1/(1 + exp(-x))); sqrt, abs, min and max are exact operations.
$ gdtrace --loss 'exp(w) - 2*w' --w0 0 --lr 0.5 --max-iter 3 --mode native-double --format csv
> step,w,grad,loss
> 0,0.0,-1.0,1.0
> 1,0.5,-0.3512787292998718,0.6487212707001282
> 2,0.6756393646499359,-0.03471088925271415,0.614010381447414
> 3,0.692994809276293,-0.00030471935147580176,0.6137056620959382

# A logistic regression over data/logreg.csv, in mpfr.
$ gdtrace --data data/logreg.csv --loss 'mean(-y*log(sigmoid(a*x+b)) - (1-y)*log(1-sigmoid(a*x+b)))' --w0 a=0,b=0 --lr 0.5 --max-iter 3 --mode mpfr --format csv
> step,a,b,grad_a,grad_b,loss
> 0,0.0,0.0,-0.57975,0.0,0.6931471805599453
> 1,0.289875,0.0,-0.03603133456367188,0.1666003351296414,0.6076397169149648
> 2,0.30789066728183595,-0.0833001675648207,-0.04909255623388198,0.15757481350677616,0.5933707089159107
> 3,0.33243694539877694,-0.16208757431820878,-0.04986770589832224,0.15269787348257777,0.5799333536026915

# Errors.
$ gdtrace --loss 'foo(w)'
? 2
2> gdtrace: --loss, column 1: unknown function 'foo'
2>   foo(w)
2>   ^

$ gdtrace --loss 'exp(w, 2)'
? 2
2> gdtrace: --loss, column 1: exp takes 1 argument, got 2
2>   exp(w, 2)
2>   ^

$ gdtrace --loss 'min(w)'
? 2
2> gdtrace: --loss, column 1: min takes 2 arguments, got 1
2>   min(w)
2>   ^

$ gdtrace --loss 'exp'
? 2
2> gdtrace: --loss, column 1: 'exp' is a function: call it as exp(...)
2>   exp
2>   ^

$ gdtrace --loss 'exp()'
? 2
2> gdtrace: --loss, column 1: exp takes 1 argument, got 0
2>   exp()
2>   ^

$ gdtrace --loss 'exp(w'
? 2
2> gdtrace: --loss, column 4: missing ')'
2>   exp(w
2>      ^

$ gdtrace --mode int64 --loss 'exp(w)'
? 2
2> gdtrace: mode int64 has no exp, and the loss calls it

$ gdtrace --mode int16 --loss 'abs(w) + max(w, -10)' --w0 5 --lr 1 --max-iter 9 --format csv
> step,w,grad,loss
> 0,5,2,10
> 1,3,2,6
> 2,1,2,2
> 3,-1,0,0

# pi: correctly rounded once into the mode, in its rounding direction (the
# product pi*1 is exact, so the loss shows the rounded constant); NumPy's
# np.pi and np.float32(np.pi) are the nearest ones.
$ for m in binary16 bfloat16 binary32 binary64 native-double; do for r in N U D; do gdtrace --loss 'pi*w' --w0 1 --max-iter 0 --mode $m --round $r --digits hex --format csv | tail -1; done; done
> 0,0x1p+0,0x1.92p+1,0x1.92p+1
> 0,0x1p+0,0x1.924p+1,0x1.924p+1
> 0,0x1p+0,0x1.92p+1,0x1.92p+1
> 0,0x1p+0,0x1.92p+1,0x1.92p+1
> 0,0x1p+0,0x1.94p+1,0x1.94p+1
> 0,0x1p+0,0x1.92p+1,0x1.92p+1
> 0,0x1p+0,0x1.921fb6p+1,0x1.921fb6p+1
> 0,0x1p+0,0x1.921fb6p+1,0x1.921fb6p+1
> 0,0x1p+0,0x1.921fb4p+1,0x1.921fb4p+1
> 0,0x1p+0,0x1.921fb54442d18p+1,0x1.921fb54442d18p+1
> 0,0x1p+0,0x1.921fb54442d19p+1,0x1.921fb54442d19p+1
> 0,0x1p+0,0x1.921fb54442d18p+1,0x1.921fb54442d18p+1
> 0,0x1p+0,0x1.921fb54442d18p+1,0x1.921fb54442d18p+1
> 0,0x1p+0,0x1.921fb54442d19p+1,0x1.921fb54442d19p+1
> 0,0x1p+0,0x1.921fb54442d18p+1,0x1.921fb54442d18p+1

# Liu's loss x^2 + 0.1*cos(2*pi*x/0.1) from x0 = 5: binary64 as Python's
# math module and binary32 as NumPy's float32 compute it, step for step.
$ gdtrace --loss 'w^2 + 0.1*cos(2*pi*w/0.1)' --w0 5 --lr 0.1 --max-iter 2 --mode binary64 --format csv
> step,w,grad,loss
> 0,5.0,10.000000000000345,25.1
> 1,3.9999999999999654,8.000000000013744,16.099999999999724
> 2,3.199999999998591,6.400000000553504,10.339999999990983

$ gdtrace --loss 'w^2 + 0.1*cos(2*pi*w/0.1)' --w0 5 --lr 0.1 --max-iter 2 --mode binary32 --format csv | tail -2
> 1,4.000004,7.998406,16.10003
> 2,3.2001631,6.335961,10.341039

# pi is irrational: the exact mode refuses it as any value it cannot hold,
# and so do the integer modes; pi is no function and no parameter name.
$ gdtrace --loss 'pi*(w-1)^2' --w0 3 --lr 0.1
? 2
2> gdtrace: the constant pi is irrational, and no value of mode exact

$ gdtrace --loss 'pi*(w-1)^2' --w0 3 --lr 0.1 --mode int32
? 2
2> gdtrace: the constant pi is not a value of mode int32

$ gdtrace --loss 'pi()*w^2' --w0 3
? 2
2> gdtrace: --loss, column 1: 'pi' is a constant, not a function
2>   pi()*w^2
2>   ^

$ gdtrace --loss '(w-1)^2' --grad 'pi=2*(pi-1)' --w0 3
? 2
2> gdtrace: --grad, column 1: 'pi' is not a parameter of the loss
2>   pi=2*(pi-1)
2>   ^

# The functions of issue 13: cosh sinh atan asinh log1p expm1 erf softplus
# logcosh relu (w, grad, loss at w = 0.75), correctly rounded in binary64,
# binary32 and binary16.  glibc's expm1(0.75) is 1.1170000166126748, one
# ulp off: the exact value is 1.11700001661267466854...
$ for f in cosh sinh atan asinh log1p expm1 erf softplus logcosh relu; do for m in binary64 binary32 binary16; do printf '%s %s ' $f $m; gdtrace --loss "$f(w)" --w0 0.75 --max-iter 0 --mode $m --format csv | tail -1; done; done
> cosh binary64 0,0.75,0.82231673193583,1.2946832846768448
> cosh binary32 0,0.75,0.8223167,1.2946833
> cosh binary16 0,0.75,0.8223,1.295
> sinh binary64 0,0.75,1.2946832846768448,0.82231673193583
> sinh binary32 0,0.75,1.2946833,0.8223167
> sinh binary16 0,0.75,1.295,0.8223
> atan binary64 0,0.75,0.64,0.6435011087932844
> atan binary32 0,0.75,0.64,0.6435011
> atan binary16 0,0.75,0.64,0.6436
> asinh binary64 0,0.75,0.8,0.6931471805599453
> asinh binary32 0,0.75,0.8,0.6931472
> asinh binary16 0,0.75,0.8,0.6934
> log1p binary64 0,0.75,0.5714285714285714,0.5596157879354227
> log1p binary32 0,0.75,0.5714286,0.5596158
> log1p binary16 0,0.75,0.5713,0.5596
> expm1 binary64 0,0.75,2.117000016612675,1.1170000166126746
> expm1 binary32 0,0.75,2.117,1.117
> expm1 binary16 0,0.75,2.117,1.117
> erf binary64 0,0.75,0.6429310691952074,0.7111556336535151
> erf binary32 0,0.75,0.6429311,0.71115565
> erf binary16 0,0.75,0.643,0.711
> softplus binary64 0,0.75,0.679178699175393,1.1368710061148999
> softplus binary32 0,0.75,0.6791787,1.136871
> softplus binary16 0,0.75,0.679,1.137
> logcosh binary64 0,0.75,0.6351489523872873,0.2582660974228071
> logcosh binary32 0,0.75,0.63514894,0.2582661
> logcosh binary16 0,0.75,0.6353,0.2583
> relu binary64 0,0.75,1.0,0.75
> relu binary32 0,0.75,1.0,0.75
> relu binary16 0,0.75,1.0,0.75

# ... and in mpfr at 100 bits, in every rounding direction (softplus and
# logcosh, which MPFR lacks, by Ziv's loop), in hex.
$ for f in softplus logcosh erf; do for r in N Z U D A; do gdtrace --loss "$f(w)" --w0 -2.5 --max-iter 0 --mode mpfr --prec 100 --round $r --format csv --digits hex | tail -1; done; done
> 0,-0x1.4p+1,0x1.36b71125348476249158ca3fep-4,0x1.4321e1cc6d13ec6eee718de64p-4
> 0,-0x1.4p+1,0x1.36b71125348476249158ca3fcp-4,0x1.4321e1cc6d13ec6eee718de64p-4
> 0,-0x1.4p+1,0x1.36b71125348476249158ca3fep-4,0x1.4321e1cc6d13ec6eee718de66p-4
> 0,-0x1.4p+1,0x1.36b71125348476249158ca3fcp-4,0x1.4321e1cc6d13ec6eee718de64p-4
> 0,-0x1.4p+1,0x1.36b71125348476249158ca3fep-4,0x1.4321e1cc6d13ec6eee718de66p-4
> 0,-0x1.4p+1,-0x1.f9258260a71c1c7707e3c976ep-1,0x1.d04600e2528af8d7d4b70b41p+0
> 0,-0x1.4p+1,-0x1.f9258260a71c1c7707e3c976ep-1,0x1.d04600e2528af8d7d4b70b41p+0
> 0,-0x1.4p+1,-0x1.f9258260a71c1c7707e3c976ep-1,0x1.d04600e2528af8d7d4b70b412p+0
> 0,-0x1.4p+1,-0x1.f9258260a71c1c7707e3c977p-1,0x1.d04600e2528af8d7d4b70b41p+0
> 0,-0x1.4p+1,-0x1.f9258260a71c1c7707e3c977p-1,0x1.d04600e2528af8d7d4b70b412p+0
> 0,-0x1.4p+1,0x1.1d83170fbf6fb7a8d9c7beedep-9,-0x1.ffcaa8f4c9bea6c33b858045cp-1
> 0,-0x1.4p+1,0x1.1d83170fbf6fb7a8d9c7beedcp-9,-0x1.ffcaa8f4c9bea6c33b858045ap-1
> 0,-0x1.4p+1,0x1.1d83170fbf6fb7a8d9c7beedcp-9,-0x1.ffcaa8f4c9bea6c33b858045ap-1
> 0,-0x1.4p+1,0x1.1d83170fbf6fb7a8d9c7beedcp-9,-0x1.ffcaa8f4c9bea6c33b858045cp-1
> 0,-0x1.4p+1,0x1.1d83170fbf6fb7a8d9c7beedcp-9,-0x1.ffcaa8f4c9bea6c33b858045cp-1

# pow(x, y) and x^y for an exponent that is no constant integer; huber(x, d)
# is PyTorch's Huber loss (x^2/2 where |x| <= d, else d*(|x| - d/2)), one
# function rounded once, differentiable everywhere.
$ gdtrace --loss 'pow(w, 1.5) + 2^w + huber(w - 3, 1)' --w0 2.5 --lr 0.125 --max-iter 3 --mode binary64 --format csv
> step,w,grad,loss
> 0,2.5,5.792740819000473,9.734701324702854
> 1,1.7759073976249409,3.3726532500322257,6.515256516868851
> 2,1.3543257413709127,2.5178545658237566,5.278553583112304
> 3,1.0395939206429432,1.954274462446831,4.5760299795384904

$ gdtrace --loss 'huber(w, 1)' --w0 3 --lr 0.5 --max-iter 6 --format csv
> step,w,grad,loss
> 0,3,1,2.5
> 1,2.5,1,2
> 2,2,1,1.5
> 3,1.5,1,1
> 4,1,1,0.5
> 5,0.5,0.5,0.125
> 6,0.25,0.25,0.03125

# The exact mode: each function where its value is rational (cosh(0) = 1,
# the others 0 at 0, relu and huber always, pow where the root is) ...
$ gdtrace --loss 'cosh(w) + sinh(w) + atan(w) + asinh(w) + log1p(w) + expm1(w) + logcosh(w) + relu(w - 1) + pow(w + 4, 3/2)' --w0 0 --lr 0 --max-iter 0 --format csv
> step,w,grad,loss
> 0,0,8,9

# ... and the run stops where it is not; erf's derivative needs pi, which
# the exact mode refuses at once.
$ gdtrace --loss 'softplus(w)' --w0 0 --max-iter 1 --format csv
? 1
> step,w,grad,loss
2> gdtrace: step 0: softplus(0) has no exact value, evaluating the loss at w = 0 (the exact mode holds rationals only: try --mode mpfr)

$ gdtrace --loss 'pow(w, 1/3)' --w0 -8 --max-iter 1 --format csv
? 1
> step,w,grad,loss
2> gdtrace: step 0: pow(-8, 1/3) has no real value, evaluating the loss at w = -8

$ gdtrace --loss 'erf(w)^2' --w0 0
? 2
2> gdtrace: the gradient has the constant pi (erf(u)' = 2*exp(-u^2)/sqrt(pi)*u'), which is irrational, and no value of mode exact

# The derived gradients, as the header shows them ...
$ gdtrace --loss 'cosh(w) + sinh(w) + atan(w) + asinh(w) + log1p(w) + expm1(w) + erf(w)' --max-iter 0 --mode mpfr | sed -n 3p
>   grad      sinh(w) + cosh(w) + 1/(1 + w^2) + 1/sqrt(w^2 + 1) + 1/(1 + w) + exp(w) + 2*exp(-w^2)/sqrt(pi)  (derived exactly from the loss)

$ gdtrace --loss 'softplus(w) + logcosh(w) + relu(w) + pow(w, 3) + pow(2, w) + pow(w, w) + huber(w, 2*w)' --max-iter 0 --mode mpfr | sed -n 3p
>   grad      sigmoid(w) + tanh(w) + (w < 0 ? 0 : 1) + 3*pow(w, 2) + pow(2, w)*log(2) + pow(w, w)*(log(w) + w/w) + (max(-(2*w), min(w, 2*w)) + relu(abs(w) - 2*w)*2)  (derived exactly from the loss)

# ... and checked against derivatives written another way, at 120 bits to
# 30 digits along a run: the same rows.
$ for p in 'cosh(w)|(exp(w) - exp(-w))/2' 'sinh(w)|(exp(w) + exp(-w))/2' 'atan(w)|1/(w^2 + 1)' 'asinh(w)|1/sqrt(1 + w*w)' 'log1p(w)|1/(w + 1)' 'expm1(w)|exp(w)' 'erf(w)|2/sqrt(pi)*exp(-w*w)' 'softplus(w)|1/(1 + exp(-w))' 'logcosh(w)|tanh(w)' 'pow(w, 2.5)|2.5*w^1.5' 'pow(3, w)|log(3)*3^w' 'pow(w, w)|w^w*(log(w) + 1)' 'huber(w, 0.5)|min(max(w, -0.5), 0.5)'; do l=${p%%|*}; g=${p#*|}; a=$(gdtrace --loss "$l" --w0 0.75 --lr 0.125 --max-iter 4 --mode mpfr --prec 120 --digits 30 --format csv); b=$(gdtrace --loss "$l" --grad "$g" --w0 0.75 --lr 0.125 --max-iter 4 --mode mpfr --prec 120 --digits 30 --format csv); [ "$a" = "$b" ] && echo "$l: same" || echo "$l: differs"; done
> cosh(w): same
> sinh(w): same
> atan(w): same
> asinh(w): same
> log1p(w): same
> expm1(w): same
> erf(w): same
> softplus(w): same
> logcosh(w): same
> pow(w, 2.5): same
> pow(3, w): same
> pow(w, w): same
> huber(w, 0.5): same

# --kinks: where abs, relu, min or max has no derivative, error (the
# default) stops the run there; torch takes PyTorch's value: abs'(0) =
# relu'(0) = 0, and torch.minimum and torch.maximum split the gradient
# equally at a tie.  This run is PyTorch 1.13's, step for step, in float32
# and float64: w = torch.tensor(1.0, requires_grad=True), loss =
# torch.maximum(w, 2 - w) + torch.minimum(w, 3*w - 2) + torch.relu(w - 1)
# + torch.abs(w - 1), w -= 0.25*w.grad: (w, grad, loss) = (1, 2, 2),
# (0.5, 1, 1.5), (0.25, 1, 1.25).
$ for m in binary32 binary64; do gdtrace --loss 'max(w, 2 - w) + min(w, 3*w - 2) + relu(w - 1) + abs(w - 1)' --lr 0.25 --w0 1 --max-iter 2 --mode $m --kinks torch --format csv; done
> step,w,grad,loss
> 0,1.0,2.0,2.0
> 1,0.5,1.0,1.5
> 2,0.25,1.0,1.25
> step,w,grad,loss
> 0,1.0,2.0,2.0
> 1,0.5,1.0,1.5
> 2,0.25,1.0,1.25

$ gdtrace --loss 'max(w, 2 - w) + min(w, 3*w - 2) + relu(w - 1) + abs(w - 1)' --lr 0.25 --w0 1 --max-iter 2 --format csv
? 1
> step,w,grad,loss
2> gdtrace: step 0: the derivative of max has no value where its arguments are equal, evaluating the gradient at w = 1 (--kinks torch takes PyTorch's value there)

$ gdtrace --loss 'relu(w)' --lr 0.5 --w0 1 --max-iter 3 --format csv --kinks torch
> step,w,grad,loss
> 0,1,1,1
> 1,0.5,1,0.5
> 2,0,0,0

$ gdtrace --loss 'relu(w) + min(w, 2*w) + abs(w)' --kinks torch --max-iter 0 --mode mpfr | sed -n 3p
>   grad      (w <= 0 ? 0 : 1) + (w < 2*w ? 1 : w > 2*w ? 2 : 1.5) + (w < 0 ? -1 : w > 0 ? 1 : 0)  (derived exactly from the loss)

$ gdtrace --loss 'abs(w)' --kinks pytorch
? 2
2> gdtrace: --kinks: 'pytorch' is not error or torch

$ gdtrace sweep --loss 'logcosh(w - 1) + relu(w)' --w0 3 --lr 0.5:2 --grid 4 --mode binary64 --max-iter 200 --kinks torch --format csv
> lr,outcome,period,step,loss
> 0.5,cycle,28,110,0.47650963490501513
> 1.0,cycle,2,25,0.43726053522488495
> 1.5,cycle,2,68,0.8086578187284899
> 2.0,bounded,0,200,0.9619158536176547

# A hand-written --grad is checked against the exact derivative of the
# loss, exactly, at w0 and a few more points (w0 + 1/2, w0 - 1/3, 0, 1,
# w0 + 2; those where either is irrational or undefined skipped): one
# line on stderr per wrong partial, and the run goes on.  The notes'
# gradient 2*(w-1) is right.
$ gdtrace --loss '(w-1)^2 + 2' --grad '2*(w-1)' --lr 0.1 --max-iter 1 --format csv
> step,w,grad,loss
> 0,2,2,3
> 1,1.8,1.6,2.64

$ gdtrace --loss '(w-1)^2 + 2' --grad '2*w - 1' --lr 0.1 --max-iter 1 --format csv
> step,w,grad,loss
> 0,2,3,3
> 1,1.7,2.4,2.49
2> gdtrace: warning: --grad for w disagrees with the exact derivative of the loss at w = 2: 3 given, 2 derived

$ gdtrace --loss '(w-1)^2' --grad '4*(w-1)' --w0 1 --max-iter 1 --format csv
> step,w,grad,loss
> 0,1,0,0
2> gdtrace: warning: --grad for w disagrees with the exact derivative of the loss at w = 1.5: 2 given, 1 derived

$ gdtrace --loss 'a^2*b + exp(b)' --grad 'a=2*a*b' --grad 'b=a^2 + b*exp(b)' --w0 a=1,b=2 --mode binary64 --max-iter 0 --format csv
> step,a,b,grad_a,grad_b,loss
> 0,1.0,2.0,4.0,15.7781121978613,9.38905609893065
2> gdtrace: warning: --grad for b disagrees with the exact derivative of the loss at a = 0, b = 0: 0 given, 1 derived

$ gdtrace --loss 'exp(w)' --grad 'exp(w)' --w0 1 --mode binary64 --max-iter 0 --format csv
> step,w,grad,loss
> 0,1.0,2.718281828459045,2.718281828459045

$ gdtrace analyze --loss '(w-1)^2 + 2' --grad '3*(w-1)' --lr 0.1 | head -1
> gdtrace analyze
2> gdtrace: warning: --grad for w disagrees with the exact derivative of the loss at w = 2: 3 given, 2 derived

# The native modes call the C library as code does: the loss here is
# Python's math.pow(w, 1.7) + huber + (w + math.log1p(math.exp(-w))) +
# math.log(math.cosh(w)) + max(0, w) at 2.3, 10.777780417649659.  binary64
# on the machine's doubles takes two-argument functions from the emulation:
# the same bits as mpfr at 53 bits.
$ for m in native-double native-float; do gdtrace --loss 'pow(w, 1.7) + huber(w - 1, 0.3) + softplus(w) + logcosh(w) + relu(w)' --w0 2.3 --lr 0.01 --max-iter 1 --mode $m --format csv; done
> step,w,grad,loss
> 0,2.3,6.2344720520535875,10.777780417649659
> 1,2.2376552794794637,6.168537497196614,10.391143799871292
> step,w,grad,loss
> 0,2.3,6.234472,10.777781
> 1,2.2376552,6.168537,10.391144

$ for m in binary64 'mpfr --prec 53'; do gdtrace --loss 'pow(w, 1.7) + huber(w - 1, 0.3) + softplus(w) + relu(w)' --w0 2.3 --lr 0.01 --max-iter 2 --mode $m --format csv --digits hex; done
> step,w,grad,loss
> 0,0x1.2666666666666p+1,0x1.5047b0d4a058dp+2,0x1.25264e2b79e4p+3
> 1,0x1.1faca56c63316p+1,0x1.4cde24f0de9c4p+2,0x1.1c5c136e5878dp+3
> 2,0x1.19045d012b8a7p+1,0x1.4974cc2b3cf9ap+2,0x1.13bf64da75b57p+3
> step,w,grad,loss
> 0,0x1.2666666666666p+1,0x1.5047b0d4a058dp+2,0x1.25264e2b79e4p+3
> 1,0x1.1faca56c63316p+1,0x1.4cde24f0de9c4p+2,0x1.1c5c136e5878dp+3
> 2,0x1.19045d012b8a7p+1,0x1.4974cc2b3cf9ap+2,0x1.13bf64da75b57p+3

# relu in an integer mode, exact as max(0, x).
$ gdtrace --loss 'relu(w - 3) + relu(-w)' --w0 6 --lr 1 --max-iter 4 --mode int16 --format csv
? 1
> step,w,grad,loss
> 0,6,1,3
> 1,5,1,2
> 2,4,1,1
2> gdtrace: step 3: the derivative of relu has no value at 0, evaluating the gradient at w = 3 (--kinks torch takes PyTorch's value there)
