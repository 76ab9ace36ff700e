# compare's lanes with optimizers of their own (issue 17): MODE+sgd,
# +momentumM, +nesterovM, +adam, +adamw; each lane measured against the
# run of its own optimizer in the reference's mode; a lane bit for bit the
# run with that optimizer; the labels in text, jsonl and the header; the
# refusals; --plot-steps.

# Heavy ball against its own exact run, plain SGD against exact: the
# header says each optimizer, its lanes, their update and reference.
$ gdtrace compare --lr 0.1 --max-iter 3 --modes exact,binary32,exact+momentum0.9,binary32+momentum0.9 --digits 8
> gdtrace compare
>   loss      (w-1)^2 + 2
>   grad      2*(w - 1)  (derived exactly from the loss)
>   lr        0.1
>   w0        2
>   max-iter  3
>   modes     exact (reference), binary32, exact+momentum0.9 (its optimizer's reference), binary32+momentum0.9
>   optimizer sgd (w - lr*g): exact (update sub), binary32 (update sub, against exact)
>   optimizer sgd (momentum 0.9, dampening 0, weight decay 0): exact+momentum0.9 (update fma), binary32+momentum0.9 (update fma, against exact+momentum0.9)
>       exact           binary32             exact+momentum0.9  binary32+momentum0.9
> step  w               w               dig  w                  w                dig
>    0  2               2               all  2                  2                all
>    1  1.8             1.8               7  1.8                1.8                7
>    2  1.64            1.64              8  1.46               1.4599999          7
>    3  1.512           1.512             7  1.062              1.0619999          7
> events against exact and exact+momentum0.9 (each lane against its optimizer's run; the first step of each, and the value then)
> mode                  of    event      step  value
> exact                       stop          3  max-iter
> binary32              w     differs       1  1.8
>                       loss  differs       1  2.6399999
>                             stop          3  max-iter
> exact+momentum0.9           stop          3  max-iter
> binary32+momentum0.9  w     differs       1  1.8
>                       loss  differs       1  2.6399999
>                             stop          3  max-iter

# A lane is the single run with its optimizer in its mode, value for
# value (fma by default, as run with an optimizer), here at lr 10.
$ for m in "binary32+momentum0.9:--momentum 0.9" "bfloat16+nesterov0.5:--momentum 0.5 --nesterov" "binary32+adam:--optimizer adam" "binary64+adamw:--optimizer adamw" "binary16+sgd:--optimizer sgd"; do l=${m%%:*}; a=$(gdtrace compare --lr 10 --max-iter 30 --stop none --prec 200 --modes mpfr,mpfr+momentum0.9,mpfr+nesterov0.5,mpfr+adam,mpfr+adamw,mpfr+sgd,$l --format csv --digits hex | awk -F, -v l=$l '$2==l && $3=="w" {print $1","$4}'); b=$(gdtrace --lr 10 --max-iter 30 --stop none --mode ${l%%+*} ${m#*:} --format csv --digits hex --fields step,w | tail -n +2); [ "$a" = "$b" ] && echo "$l same"; done
> binary32+momentum0.9 same
> bfloat16+nesterov0.5 same
> binary32+adam same
> binary64+adamw same
> binary16+sgd same

# Its digits are those against its optimizer's run: the same as a
# comparison that gives every lane that optimizer.
$ a=$(gdtrace compare --momentum 0.9 --lr 0.1 --max-iter 40 --modes exact,binary32 --format csv | grep ',binary32,' | cut -d, -f1,3-) && b=$(gdtrace compare --lr 0.1 --max-iter 40 --modes exact,binary32,exact+momentum0.9,binary32+momentum0.9 --format csv | grep ',binary32+momentum0.9,' | cut -d, -f1,3-) && [ "$a" = "$b" ] && echo same
> same

# Adam has no exact run: against its certified one (balls), as with
# --optimizer adam for every lane.
$ a=$(gdtrace compare --optimizer adam --lr 10 --max-iter 20 --stop none --modes certified,binary32 --ref certified --format csv | grep ',binary32,' | cut -d, -f1,3-) && b=$(gdtrace compare --lr 10 --max-iter 20 --stop none --modes certified,binary32,certified+adam,binary32+adam --ref certified --format csv | grep ',binary32+adam,' | cut -d, -f1,3-) && [ "$a" = "$b" ] && echo same && echo "$b" | sed -n 5,6p
> same
> 2,w,-1.3436894,4.18892e-07,6
> 2,loss,7.4928803,3.32716e-07,6

$ gdtrace compare --lr 10 --max-iter 4 --stop none --modes certified,binary32,certified+adam,binary32+adam --ref certified --layout long | sed -n '/^events/,$p'
> events against certified and certified+adam (each lane against its optimizer's run; the first step; - never)
> mode            of    differs  no-digits  subnormal    zero     inf     nan   stall  stop
> certified       w           -          -          -       -       -       -       -  max-iter after 4
>                 loss        -          -          -       -       -       -       -
> binary32        w           -          -          -       -       -       -       -  max-iter after 4
>                 loss        3          -          -       -       -       -       -
> certified+adam  w           -          -          -       -       -       -       -  max-iter after 4
>                 loss        -          -          -       -       -       -       -
> binary32+adam   w           1          -          -       -       -       -       -  max-iter after 4
>                 loss        1          -          -       -       -       -       -

# jsonl: each lane's events name its reference and its optimizer.
$ gdtrace compare --lr 0.1 --max-iter 1 --modes exact,binary32,exact+momentum0.9,binary32+momentum0.9 --format jsonl | grep '"binary32+momentum0.9", "of": "w"'
> {"events": {"mode": "binary32+momentum0.9", "of": "w", "reference": "exact+momentum0.9", "optimizer": "sgd (momentum 0.9, dampening 0, weight decay 0)", "differs": 1, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "stop": "max-iter", "steps": 1}}

# The refusals: one line each, exit 2.
$ gdtrace compare --max-iter 3 --modes exact,binary64+rmsprop
? 2
2> gdtrace: --modes: 'binary64+rmsprop': '+rmsprop' is not a recipe or an optimizer (+master32, +master64, +master128, +kahan, +sr, +sr-all, +scale, +sgd, +momentumM, +nesterovM, +adam, +adamw)

$ gdtrace compare --max-iter 3 --modes exact,binary64+momentum
? 2
2> gdtrace: --modes: 'binary64+momentum': +momentum needs its M after the name (+momentum0.9)

$ gdtrace compare --max-iter 3 --modes exact,binary64+momentumx
? 2
2> gdtrace: --modes: 'binary64+momentumx': +momentumx needs an M, a number not negative (+momentum0.9)

$ gdtrace compare --max-iter 3 --modes exact,binary64+nesterov0
? 2
2> gdtrace: --modes: 'binary64+nesterov0': +nesterov0 needs an M above 0 (a number: +nesterov0.9)

$ gdtrace compare --max-iter 3 --modes exact,exact+adam
? 2
2> gdtrace: --modes: 'exact+adam': Adam's square root is irrational, which the exact mode cannot hold: take mpfr+adam, or certified+adam (the exact-real run, proven)

$ gdtrace compare --max-iter 3 --modes exact,binary64+adam
? 2
2> gdtrace: --modes: 'binary64+adam' is measured against its optimizer's run in the reference's mode, and exact cannot run it (Adam's step divides by a square root): take --ref certified with certified+adam among --modes, or mpfr

$ gdtrace compare --max-iter 3 --modes exact,binary32+momentum0.9
? 2
2> gdtrace: --modes: 'binary32+momentum0.9' is measured against its optimizer's run in the reference's mode, exact+momentum0.9, which --modes does not name: add it

$ gdtrace compare --max-iter 3 --optimizer adam --modes mpfr,mpfr+momentum0.9
? 2
2> gdtrace: --optimizer: 'adam' is every lane's, and lane mpfr+momentum0.9 names sgd: give each lane its own (MODE+adam) without --optimizer

$ gdtrace compare --max-iter 3 --momentum 0.5 --modes exact+momentum0.9,binary32+momentum0.9
? 2
2> gdtrace: --momentum: is the optimizer of the lanes without one of their own, and every lane of --modes names its own

$ gdtrace compare --max-iter 3 --modes exact,binary32+adam+momentum0.9
? 2
2> gdtrace: --modes: 'binary32+adam+momentum0.9': one optimizer at most

$ gdtrace compare --max-iter 3 --modes exact,bfloat16+master32+adam
? 2
2> gdtrace: --modes: 'bfloat16+master32+adam': an optimizer and master weights do not combine yet (take one of them)

$ gdtrace compare --max-iter 3 --modes exact,binary32+sr+adam
? 2
2> gdtrace: --modes: 'binary32+sr+adam': an optimizer and stochastic rounding do not combine yet (take one of them)

$ gdtrace compare --max-iter 3 --dampening 0.5 --modes exact,exact+nesterov0.9
? 2
2> gdtrace: --modes: 'exact+nesterov0.9': Nesterov's momentum takes no --dampening (as torch.optim.SGD)

$ gdtrace compare --max-iter 3 --modes exact,binary32+momentum0.9,binary32+momentum9/10
? 2
2> gdtrace: --modes: 'binary32+momentum0.9' and 'binary32+momentum9/10' are the same mode (binary32+momentum9/10)

$ gdtrace compare --max-iter 3 --sr update --modes exact,binary32,exact+momentum0.5,binary32+momentum0.5
? 2
2> gdtrace: --sr: 'update': lane binary32+momentum0.5 has an optimizer, and an optimizer and stochastic rounding do not combine yet

$ gdtrace compare --max-iter 3 --modes int64+momentum0.5
? 2
2> gdtrace: --modes: 'int64+momentum0.5': the integer modes take no optimizer

# --plot-steps all: the steps shown go on to the last (Adam at lr 10 has
# its last event at step 7, and by default the picture ends at step 10).
$ d=$(mktemp -d) && for s in events all; do gdtrace compare --optimizer adam --lr 10 --max-iter 200 --stop none --modes binary64,binary32,bfloat16 --plot-y distance --plot-steps $s --plot "$d/p.svg" >/dev/null && grep -o '<text> [0-9]*</text>' "$d/p.svg" | sed 's/<[^>]*>//g' | tail -n 1; done; rm -r "$d"
>  10
>  200

$ gdtrace compare --max-iter 3 --plot-steps all
? 2
2> gdtrace: --plot-steps: there is no picture without --plot FILE

$ gdtrace compare --max-iter 3 --plot-steps some --plot x.png
? 2
2> gdtrace: --plot-steps: 'some' is not events or all

