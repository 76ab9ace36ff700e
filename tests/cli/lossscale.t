# Loss scaling (issue 14): --loss-scale S|dynamic[:INIT[:N]] over a master,
# as torch's GradScaler; the seed dloss; the refusals.  Against PyTorch:
# tests/golden/scale_*.case (tests/golden/torch_scale.py).

# 2^-20*(w-1)^2 in binary16: unscaled, the gradient 2^-20*(2*(w-1))
# underflows to zero at 1.014; scaled by 1024 (dloss*2^-20 = 2^-10 first,
# as reverse mode multiplies it in) the run reaches 1.
$ gdtrace --loss '2^-20*(w-1)^2' --lr 50000 --mode binary16 --master binary32 --update fma --max-iter 200 --format jsonl --every 0
> {"summary": {"steps": 41, "stop": "grad-zero", "w": "1.014", "loss": "0.0", "w_master": "1.0135431"}}
$ gdtrace --loss '2^-20*(w-1)^2' --lr 50000 --mode binary16 --master binary32 --update fma --loss-scale 1024 --max-iter 200 --format jsonl --every 0
> {"summary": {"steps": 76, "stop": "grad-zero", "w": "1.0", "loss": "0.0", "w_master": "1.0004116", "scale": "1024.0", "skipped": "0"}}

# Text: the seed in the derived gradient, the scale in the header, columns.
$ gdtrace --loss '2^-20*(w-1)^2' --lr 50000 --mode binary16 --master binary32 --update fma --loss-scale 1024 --max-iter 2
> gdtrace run
>   loss      2^-20*(w-1)^2
>   grad      dloss*2^-20*(2*(w - 1))  (derived exactly from the loss)
>   lr        50000
>   w0        2
>   max-iter  2
>   mode      binary16, 11 bits, rounding N (to nearest, ties to even)
>   master    binary32 (the weights kept there, updated there; the model's weight rounded from them)
>   scale     2^10 (the gradient of S*loss, unscaled in the master; a step with an inf or nan partial skipped)
>   update    fma (w - lr*g rounded once)
> step  w  loss(w)  w_master  scale  skipped
>    0  2.0  9.5e-07  2.0  1024.0  0
>    1  1.904  8e-07  1.9046326  1024.0  0
>    2  1.818  6.6e-07  1.818392  1024.0  0
> stop      max-iter after 2 steps
> w         1.818
> loss      6.6e-07

# Dynamic: 2^16*2 overflows binary16, two steps skipped (the master kept,
# the scale halved), then the scale doubles every 3 steps taken until
# the scaled gradient overflows again (step 8).  grad is the scaled one.
$ gdtrace --loss '(w-1)^2' --lr 0.1 --mode binary16 --master binary32 --loss-scale dynamic:65536:3 --max-iter 10 --format csv
> step,w,grad,loss,w_master,scale,skipped
> 0,2.0,inf,1.0,2.0,65536.0,1
> 1,2.0,inf,1.0,2.0,32768.0,1
> 2,2.0,32770.0,1.0,2.0,16384.0,0
> 3,1.8,26200.0,0.6396,1.8,16384.0,0
> 4,1.64,20960.0,0.4092,1.640039,16384.0,0
> 5,1.512,33540.0,0.262,1.5121093,32768.0,0
> 6,1.41,26880.0,0.1682,1.4097655,32768.0,0
> 7,1.328,21500.0,0.10767,1.3277342,32768.0,0
> 8,1.262,inf,0.0685,1.2621093,65536.0,1
> 9,1.262,17150.0,0.0685,1.2621093,32768.0,0
> 10,1.21,13760.0,0.0441,1.2097656,32768.0,0

# The default dynamic scale is GradScaler's: 2^16, growth after 2000 steps.
$ gdtrace --loss '(w-1)^2' --lr 0.1 --mode binary16 --master binary32 --loss-scale dynamic --max-iter 3 --format csv
> step,w,grad,loss,w_master,scale,skipped
> 0,2.0,inf,1.0,2.0,65536.0,1
> 1,2.0,inf,1.0,2.0,32768.0,1
> 2,2.0,32770.0,1.0,2.0,16384.0,0
> 3,1.8,26200.0,0.6396,1.8,16384.0,0

# A static scale that overflows skips every step: the state (the master,
# the scale, the tracker) repeats, a stall and a cycle of period 1; a
# skipped step is no divergence (--stop nonfinite reads no partial).
$ gdtrace --loss '(w-1)^2' --lr 0.1 --mode binary16 --master binary32 --loss-scale 65536 --max-iter 100 --stop stall --format jsonl --every 0
> {"summary": {"steps": 1, "stop": "stall", "stall_start": 0, "w": "2.0", "loss": "1.0", "w_master": "2.0", "scale": "65536.0", "skipped": "1"}}
$ gdtrace --loss '(w-1)^2' --lr 0.1 --mode binary16 --master binary32 --loss-scale 65536 --max-iter 100 --stop cycle --format jsonl --every 0
> {"summary": {"steps": 1, "stop": "cycle", "period": 1, "cycle_start": 0, "w": "2.0", "loss": "1.0", "w_master": "2.0", "scale": "65536.0", "skipped": "1"}}
$ gdtrace --loss '(w-1)^2' --lr 0.1 --mode binary16 --master binary32 --loss-scale dynamic --max-iter 4 --stop nonfinite --format jsonl --every 0
> {"summary": {"steps": 4, "stop": "max-iter", "w": "1.64", "loss": "0.4092", "w_master": "1.640039", "scale": "16384.0", "skipped": "0"}}

# A hand-written partial names dloss where the seed enters; without it the
# partial is dloss*(PARTIAL), scaled after it is computed (here the
# unscaled 2^-20*(2*(w-1)) underflows first: the run stops at 1.014).
$ gdtrace --loss '2^-20*(w-1)^2' --grad 'dloss*2^-20*(2*(w-1))' --lr 50000 --mode binary16 --master binary32 --update fma --loss-scale 1024 --max-iter 200 --format jsonl --every 0
> {"summary": {"steps": 76, "stop": "grad-zero", "w": "1.0", "loss": "0.0", "w_master": "1.0004116", "scale": "1024.0", "skipped": "0"}}
$ gdtrace --loss '2^-20*(w-1)^2' --grad '2^-20*(2*(w-1))' --lr 50000 --mode binary16 --master binary32 --update fma --loss-scale 1024 --max-iter 200 --format jsonl --every 0
> {"summary": {"steps": 41, "stop": "grad-zero", "w": "1.014", "loss": "0.0", "w_master": "1.0135431", "scale": "1024.0", "skipped": "0"}}

# Without --loss-scale dloss is 1 in every mode, the exact one too.
$ gdtrace --grad 'dloss*2*(w-1)' --lr 0.1 --mode exact --max-iter 2 --format csv
> step,w,grad,loss
> 0,2,2,3
> 1,1.8,1.6,2.64
> 2,1.64,1.28,2.4096

# The refusals: no master (run, sweep), no power of two, a bad interval,
# dloss in the loss, run --resume.
$ gdtrace --mode binary16 --loss-scale 4
? 2
2> gdtrace: --loss-scale: '4' needs --master (binary32, ...): the scaled gradient is unscaled in the master's format
$ gdtrace --mode binary16 --master binary32 --loss-scale 1000
? 2
2> gdtrace: --loss-scale: '1000' is no power of two (2^K: scaling and unscaling are then exact) (or dynamic[:INIT[:N]])
$ gdtrace --mode binary16 --master binary32 --loss-scale 0
? 2
2> gdtrace: --loss-scale: '0': a scale is positive (or dynamic[:INIT[:N]])
$ gdtrace --mode binary16 --master binary32 --loss-scale dynamic:3
? 2
2> gdtrace: --loss-scale: the initial scale '3' is no power of two (2^K: scaling and unscaling are then exact)
$ gdtrace --mode binary16 --master binary32 --loss-scale dynamic:4:0
? 2
2> gdtrace: --loss-scale: '0' is too small (at least 1)
$ gdtrace --loss 'dloss*w^2'
? 2
2> gdtrace: --loss, column 1: dloss (dL/dL, the seed of the backward pass) belongs in a hand-written --grad, not in the loss
2>   dloss*w^2
2>   ^
$ gdtrace --mode binary16 --master binary32 --loss-scale 4 --resume /dev/null
? 2
2> gdtrace: --loss-scale: '4': a loss-scaled run is run whole, never resumed (--resume)
$ gdtrace sweep --mode binary16 --loss-scale 4
? 2
2> gdtrace: --loss-scale: '4' needs --master (binary32, ...): the scaled gradient is unscaled in the master's format

# A sweep scales each point's loss (the scale in its header): the gradient
# underflows later, so each point gets further before grad-zero.
$ gdtrace sweep --loss '1e-6*(w-1)^2' --lr 20000:60000 --grid 3 --mode binary16 --master binary32 --update fma --max-iter 200
> lr,outcome,period,step,loss,class
> 20000.0,converged,0,100,0.0,converges monotonically
> 40000.0,converged,0,50,0.0,converges monotonically
> 60000.0,converged,0,32,0.0,converges monotonically
$ gdtrace sweep --loss '1e-6*(w-1)^2' --lr 20000:60000 --grid 3 --mode binary16 --master binary32 --update fma --loss-scale 1024 --max-iter 200
> lr,outcome,period,step,loss,class
> 20000.0,converged,0,182,0.0,converges monotonically
> 40000.0,converged,0,90,0.0,converges monotonically
> 60000.0,converged,0,59,0.0,converges monotonically
$ gdtrace sweep --loss '1e-6*(w-1)^2' --lr 20000:60000 --grid 3 --mode binary16 --master binary32 --loss-scale dynamic:1024:5 --max-iter 200 --format jsonl | head -n 1 | grep -o '"loss_scale": "[^"]*"'
> "loss_scale": "dynamic:2^10:5"

# compare: MODE+master32+scale lanes run the program of S*loss (the others
# the plain one), at --loss-scale's scale (default GradScaler's dynamic);
# the events skipped and scale (backed off or grown) appear with them.
$ gdtrace compare --loss '(w-1)^2' --lr 0.1 --modes exact,binary16+master32,binary16+master32+scale --max-iter 3 --layout long | tail -n 7
> mode                     of    differs  no-digits  subnormal    zero     inf     nan   stall  skipped   scale  stop
> exact                    w           -          -          -       -       -       -       -        -       -  max-iter after 3
>                          loss        -          -          -       -       -       -       -        -       -
> binary16+master32        w           1          -          -       -       -       -       -        -       -  max-iter after 3
>                          loss        1          -          -       -       -       -       -        -       -
> binary16+master32+scale  w           1          1          -       -       -       -       -        0       1  max-iter after 3
>                          loss        1          1          -       -       -       -       -        0       1
$ gdtrace compare --loss '(w-1)^2' --lr 0.1 --modes exact,binary16+master32+scale --loss-scale dynamic:65536:3 --max-iter 12 --format jsonl | grep '"of": "w"'
> {"events": {"mode": "exact", "of": "w", "differs": null, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "skipped": null, "scale": null, "stop": "max-iter", "steps": 12}}
> {"events": {"mode": "binary16+master32+scale", "of": "w", "differs": 1, "no_digits": 1, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "skipped": 0, "scale": 1, "stop": "max-iter", "steps": 12}}

# A +scale lane is the run with --loss-scale, value for value.
$ a=$(gdtrace compare --loss '(w-1)^2' --lr 0.1 --modes binary16+master32+scale --loss-scale dynamic:65536:3 --max-iter 30 --format csv | grep ',w,' | cut -d, -f4) && b=$(gdtrace --loss '(w-1)^2' --lr 0.1 --mode binary16 --master binary32 --loss-scale dynamic:65536:3 --max-iter 30 --format csv | tail -n +2 | cut -d, -f2) && [ "$a" = "$b" ] && echo same
> same

# compare --plot marks a lane's first skipped step and first scale change,
# in the legend only when some lane scales its loss.
$ d=$(mktemp -d) && gdtrace compare --loss '(w-1)^2' --lr 0.1 --modes exact,binary16+master32+scale --loss-scale dynamic:65536:3 --max-iter 12 --plot "$d/p.svg" > /dev/null && grep -o 'step skipped (loss scaling)\|scale changed' "$d/p.svg" | sort -u; rm -r "$d"
> scale changed
> step skipped (loss scaling)
$ d=$(mktemp -d) && gdtrace compare --loss '(w-1)^2' --lr 0.1 --modes exact,binary16+master32 --max-iter 12 --plot "$d/p.svg" > /dev/null && grep -c 'step skipped\|scale changed' "$d/p.svg"; rm -r "$d"
> 0

# compare's refusals: +scale without a master, --loss-scale without +scale.
$ gdtrace compare --modes binary16+scale
? 2
2> gdtrace: --modes: 'binary16+scale': loss scaling needs a master (+master32): the scaled gradient is unscaled in the master's format
$ gdtrace compare --modes binary16+master32 --loss-scale 4
? 2
2> gdtrace: --loss-scale: '4' is the scale of the lanes MODE+master32+scale, and --modes names none
