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
