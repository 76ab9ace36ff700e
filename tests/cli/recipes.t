# Mixed-precision recipes (issue 14): master weights (--master), Kahan's
# compensated update (--update kahan), in run and sweep; their refusals.
# The master-weights recipe against PyTorch: tests/golden/master_*.case.

# The notes' loss at lr 0.1 from w0 2, bfloat16 with a float32 master
# (torch.optim.SGD's recipe): the bfloat16 weight reaches exactly 1 at
# step 25 (the gradient zero) while the master holds 4207413/4194304.
$ gdtrace --lr 0.1 --mode bfloat16 --master binary32 --update fma --format jsonl --digits exact | tail -n 2
> {"step": 25, "w": "1", "grad": "0", "loss": "2", "w_master": "1.0031254291534423828125"}
> {"summary": {"steps": 25, "stop": "grad-zero", "w": "1", "loss": "2", "w_master": "1.0031254291534423828125"}}

# Without the master the same run stalls at 1.016 (lr*g below half an ulp).
$ gdtrace --lr 0.1 --mode bfloat16 --stop stall --max-iter 100 --format jsonl | tail -n 1
> {"summary": {"steps": 19, "stop": "stall", "stall_start": 18, "w": "1.016", "loss": "2.0"}}

# Text: the master's format in the header, lr rounded into it, a column.
$ gdtrace --lr 0.1 --mode bfloat16 --master binary32 --update fma --max-iter 2
> gdtrace run
>   loss      (w-1)^2 + 2
>   grad      2*(w - 1)  (derived exactly from the loss)
>   lr        0.1  (rounded to 0.100000001490116119384765625)
>   w0        2
>   max-iter  2
>   mode      bfloat16, 8 bits, rounding N (to nearest, ties to even)
>   master    binary32 (the weights kept there, updated there; the model's weight rounded from them)
>   update    fma (w - lr*g rounded once)
> step  w  loss(w)  w_master
>    0  2.0  3.0  2.0
>    1  1.8  2.64  1.8
>    2  1.64  2.4  1.640625
> stop      max-iter after 2 steps
> w         1.64
> loss      2.4

# Several parameters: a master column per parameter.
$ gdtrace --loss '(a-1)^2 + (b-3)^2' --w0 a=2,b=2 --lr 0.1 --mode binary16 --master binary32 --format csv --max-iter 2
> step,a,b,grad_a,grad_b,loss,w_master_a,w_master_b
> 0,2.0,2.0,2.0,-2.0,2.0,2.0,2.0
> 1,1.8,2.2,1.6,-1.602,1.281,1.8,2.2
> 2,1.64,2.36,1.279,-1.281,0.8193,1.640039,2.3601563

# python prints the model's weights.
$ gdtrace --lr 0.1 --mode bfloat16 --master binary32 --max-iter 3 --format python
> [2.0, 1.8, 1.64, 1.516]

# A master of the mode's own format is the plain run, bit for bit.
$ for mu in bfloat16:fma binary16:sub native-float:fma; do m=${mu%:*} u=${mu#*:}; a=$(gdtrace --lr 0.1 --mode $m --update $u --max-iter 80 --format csv) && b=$(gdtrace --lr 0.1 --mode $m --master $m --update $u --max-iter 80 --format csv | cut -d, -f1-4) && [ "$a" = "$b" ] || echo "differs: $m $u"; done; echo done
> done

# Stall and cycle watch the master: the model's weight is 1 from step 25
# on, the gradient zero; without grad-zero the state repeats (period 1).
$ gdtrace --lr 0.1 --mode bfloat16 --master binary32 --stop stall,cycle --max-iter 1000 --format jsonl --every 0
> {"summary": {"steps": 32, "stop": "cycle", "period": 1, "cycle_start": 25, "w": "1.0", "loss": "2.0", "w_master": "1.0031254"}}

# A master run resumes (its records checked by the replay, w_master too);
# a file of another recipe does not.
$ f=$(mktemp) && gdtrace --lr 0.1 --mode bfloat16 --master binary32 --max-iter 10 --format jsonl > $f && head -c -40 $f > $f.cut && gdtrace --lr 0.1 --mode bfloat16 --master binary32 --max-iter 30 --format jsonl --resume $f.cut && tail -n 1 $f.cut; gdtrace --lr 0.1 --mode bfloat16 --max-iter 30 --format jsonl --resume $f.cut 2>&1 | sed "s|$f.cut|FILE|"; rm -f $f $f.cut
> {"summary": {"steps": 25, "stop": "grad-zero", "w": "1.0", "loss": "2.0", "w_master": "1.0031254"}}
> gdtrace: --resume: FILE, line 1: step 0 has more fields than here: the parameters or the optimizer differ

# A sweep with a master: each point its outcome (the master moves on at
# lr 0.01, where bfloat16 alone stalls).
$ gdtrace sweep --lr 0.01:0.5 --grid 3 --mode bfloat16 --master binary32 --max-iter 200
> lr,outcome,period,step,loss,class
> 0.01,bounded,0,200,2.0,converges monotonically
> 0.256,converged,0,7,2.0,converges monotonically
> 0.5,converged,0,1,2.0,converges in one step

# Refusals: a master that cannot hold the model's weights (the others,
# and those of --update kahan and --modes, are tests/unit/test_opts.c's).
$ gdtrace --mode bfloat16 --master binary16
? 2
2> gdtrace: --master: 'binary16' has a smaller exponent range than mode bfloat16: a master holds every weight of the model

$ gdtrace compare --master binary32
? 2
2> gdtrace: --master: is not an option of 'gdtrace compare' (see gdtrace compare --help)

# --update kahan: y = -(lr*g) - c; t = w + y; c = (t - w) - y; w = t.
# The values are NumPy's float32 for the same loop (2*(w-1) the gradient).
$ gdtrace --lr 0.1 --mode binary32 --update kahan --max-iter 2 --format jsonl
> {"step": 0, "w": "2.0", "grad": "2.0", "loss": "3.0", "w_comp": "0.0"}
> {"step": 1, "w": "1.8", "grad": "1.5999999", "loss": "2.6399999", "w_comp": "-4.4703484e-08"}
> {"step": 2, "w": "1.64", "grad": "1.28", "loss": "2.4096", "w_comp": "-1.4901161e-08"}
> {"summary": {"steps": 2, "stop": "max-iter", "w": "1.64", "loss": "2.4096", "w_comp": "-1.4901161e-08"}}

$ gdtrace --lr 0.1 --mode native-float --update kahan --max-iter 40 --format jsonl | tail -n 1
> {"summary": {"steps": 40, "stop": "max-iter", "w": "1.0001329", "loss": "2.0", "w_comp": "4.0563464e-09"}}

# Where the plain binary32 run stalls at 1.0000002 (step 68), the
# compensated one reaches 1 (grad-zero at step 75); the stall rule watches
# w and its term together.
$ gdtrace --lr 0.1 --mode binary32 --max-iter 200 --stop grad-zero,stall --format jsonl | tail -n 1
> {"summary": {"steps": 69, "stop": "stall", "stall_start": 68, "w": "1.0000002", "loss": "2.0"}}

$ gdtrace --lr 0.1 --mode binary32 --update kahan --max-iter 200 --stop grad-zero,stall --format jsonl | tail -n 1
> {"summary": {"steps": 75, "stop": "grad-zero", "w": "1.0", "loss": "2.0", "w_comp": "-4.362476e-08"}}

# With a master the term is kept in the master's format.
$ gdtrace --lr 0.1 --mode bfloat16 --master binary32 --update kahan --max-iter 200 --format jsonl | tail -n 1
> {"summary": {"steps": 25, "stop": "grad-zero", "w": "1.0", "loss": "2.0", "w_master": "1.003125", "w_comp": "-3.6670826e-08"}}

$ gdtrace sweep --lr 0.01:0.5 --grid 3 --mode binary32 --update kahan --max-iter 300
> lr,outcome,period,step,loss,class
> 0.01,bounded,0,300,2.0000055,converges monotonically
> 0.255,converged,0,24,2.0,converges monotonically
> 0.5,converged,0,1,2.0,converges in one step

$ gdtrace --mode exact --update kahan
? 2
2> gdtrace: --update: 'kahan' compensates roundings, and exact modes never round

# compare: recipes inside --modes as MODE+RECIPE (master32, master64,
# master128, kahan), each lane with its events: bfloat16 stalls at step
# 18, its float32-master recipe reaches w = 1 (grad-zero at step 25), the
# kahan lane of binary32 never stalls where binary32 does (step 68).
$ gdtrace compare --lr 0.1 --max-iter 30 --modes exact,bfloat16,bfloat16+master32 --update fma | tail -n 10
> mode               of    event      step  value
> exact                    stop         30  max-iter
> bfloat16           w     differs       1  1.8
>                          stall        18  1.016
>                    loss  differs       1  2.64
>                          stall        18  2.0
>                          stop         30  max-iter
> bfloat16+master32  w     differs       1  1.8
>                    loss  differs       1  2.64
>                          stop         25  grad-zero

$ gdtrace compare --lr 0.1 --max-iter 100 --stop grad-zero,stall --modes exact,binary32,binary32+kahan | tail -n 9
> exact                 stop        100  max-iter
> binary32        w     differs       1  1.8
>                       stall        68  1.0000002
>                 loss  differs       1  2.6399999
>                       stall        68  2.0
>                       stop         69  stall
> binary32+kahan  w     differs       1  1.8
>                 loss  differs       1  2.6399999
>                       stop         75  grad-zero

# A lane with recipes is the run with the same options, value for value.
$ a=$(gdtrace compare --lr 0.1 --max-iter 30 --modes exact,bfloat16+master32 --ref bfloat16+master32 --update fma --format csv | grep ',bfloat16+master32,w,' | cut -d, -f4) && b=$(gdtrace --lr 0.1 --max-iter 30 --mode bfloat16 --master binary32 --update fma --format csv | tail -n +2 | cut -d, -f2) && [ "$a" = "$b" ] && echo same
> same

$ gdtrace compare --modes exact,bfloat16+foo
? 2
2> gdtrace: --modes: 'bfloat16+foo': '+foo' is not a recipe or an optimizer (+master32, +master64, +master128, +kahan, +sr, +sr-all, +scale, +sgd, +momentumM, +nesterovM, +adam, +adamw)

# Learning rates per parameter are rounded into the master's format.
$ gdtrace --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr a=0.1,b=0.01 --max-iter 1 --mode bfloat16 --master binary32 | sed -n 5,6p
>   lr_a      0.1  (rounded to 0.100000001490116119384765625)
>   lr_b      0.01  (rounded to 0.00999999977648258209228515625)

# A sweep's jsonl header names the recipe.
$ gdtrace sweep --lr 0.01:0.5 --grid 2 --mode bfloat16 --master binary32 --update kahan --format jsonl --max-iter 50 | head -n 1 | grep -o '"update": "kahan", "master": "binary32"'
> "update": "kahan", "master": "binary32"
