# gdtrace compare: the events of the notes' run (first difference from the
# exact run / first inf): binary16 3/4, bfloat16 3/31, binary32 6/31,
# binary64 13/242, binary128 27/3857.

$ gdtrace compare --max-iter 4000 --modes exact,binary128,binary64,binary32,bfloat16,binary16 --format jsonl
| grep '^{"events"'
> {"events": {"mode": "exact", "of": "w", "differs": null, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "stop": "max-iter", "steps": 4000}}
> {"events": {"mode": "exact", "of": "loss", "differs": null, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "stop": "max-iter", "steps": 4000}}
> {"events": {"mode": "binary128", "of": "w", "differs": 27, "no_digits": 3857, "subnormal": null, "zero": null, "inf": 3857, "nan": 3858, "stall": null, "stop": "max-iter", "steps": 4000}}
> {"events": {"mode": "binary128", "of": "loss", "differs": 14, "no_digits": 1929, "subnormal": null, "zero": null, "inf": 1929, "nan": 3858, "stall": null, "stop": "max-iter", "steps": 4000}}
> {"events": {"mode": "binary64", "of": "w", "differs": 13, "no_digits": 242, "subnormal": null, "zero": null, "inf": 242, "nan": 243, "stall": null, "stop": "max-iter", "steps": 4000}}
> {"events": {"mode": "binary64", "of": "loss", "differs": 7, "no_digits": 121, "subnormal": null, "zero": null, "inf": 121, "nan": 243, "stall": null, "stop": "max-iter", "steps": 4000}}
> {"events": {"mode": "binary32", "of": "w", "differs": 6, "no_digits": 31, "subnormal": null, "zero": null, "inf": 31, "nan": 32, "stall": null, "stop": "max-iter", "steps": 4000}}
> {"events": {"mode": "binary32", "of": "loss", "differs": 3, "no_digits": 16, "subnormal": null, "zero": null, "inf": 16, "nan": 32, "stall": null, "stop": "max-iter", "steps": 4000}}
> {"events": {"mode": "bfloat16", "of": "w", "differs": 3, "no_digits": 31, "subnormal": null, "zero": null, "inf": 31, "nan": 32, "stall": null, "stop": "max-iter", "steps": 4000}}
> {"events": {"mode": "bfloat16", "of": "loss", "differs": 1, "no_digits": 16, "subnormal": null, "zero": null, "inf": 16, "nan": 32, "stall": null, "stop": "max-iter", "steps": 4000}}
> {"events": {"mode": "binary16", "of": "w", "differs": 3, "no_digits": 4, "subnormal": null, "zero": null, "inf": 4, "nan": 5, "stall": null, "stop": "max-iter", "steps": 4000}}
> {"events": {"mode": "binary16", "of": "loss", "differs": 2, "no_digits": 2, "subnormal": null, "zero": null, "inf": 2, "nan": 5, "stall": null, "stop": "max-iter", "steps": 4000}}

# The same in the text summary.
$ gdtrace compare --max-iter 4000 --modes exact,binary128,binary64,binary32,bfloat16,binary16 --layout long
| sed -n '/^events/,$p'
> events against exact (the first step; - never)
> mode       of    differs  no-digits  subnormal    zero     inf     nan   stall  stop
> exact      w           -          -          -       -       -       -       -  max-iter after 4000
>            loss        -          -          -       -       -       -       -
> binary128  w          27       3857          -       -    3857    3858       -  max-iter after 4000
>            loss       14       1929          -       -    1929    3858       -
> binary64   w          13        242          -       -     242     243       -  max-iter after 4000
>            loss        7        121          -       -     121     243       -
> binary32   w           6         31          -       -      31      32       -  max-iter after 4000
>            loss        3         16          -       -      16      32       -
> bfloat16   w           3         31          -       -      31      32       -  max-iter after 4000
>            loss        1         16          -       -      16      32       -
> binary16   w           3          4          -       -       4       5       -  max-iter after 4000
>            loss        2          2          -       -       2       5       -

# lr = 0.4: binary64 stops at step 23 on grad-zero, exact runs to max-iter.
$ gdtrace compare --lr 0.4 --max-iter 1000 --modes exact,binary64 --format jsonl
| grep '^{"events"'
> {"events": {"mode": "exact", "of": "w", "differs": null, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "stop": "max-iter", "steps": 1000}}
> {"events": {"mode": "exact", "of": "loss", "differs": null, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "stop": "max-iter", "steps": 1000}}
> {"events": {"mode": "binary64", "of": "w", "differs": 1, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "stop": "grad-zero", "steps": 23}}
> {"events": {"mode": "binary64", "of": "loss", "differs": 1, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "stop": "grad-zero", "steps": 23}}

# Step records: every mode that has a value at the step.
$ gdtrace compare --max-iter 4 --modes exact,binary64,binary16 --layout long
> gdtrace compare
>   loss      (w-1)^2 + 2
>   grad      2*(w - 1)  (derived exactly from the loss)
>   lr        10
>   w0        2
>   max-iter  4
>   modes     exact (reference), binary64, binary16
> step  mode      of    digits  rel-err    value
>    0  exact     w        ref  0          2
>                 loss     ref  0          3
>       binary64  w        all  0          2.0
>                 loss     all  0          3.0
>       binary16  w        all  0          2.0
>                 loss     all  0          3.0
>    1  exact     w        ref  0          -18
>                 loss     ref  0          363
>       binary64  w        all  0          -18.0
>                 loss     all  0          363.0
>       binary16  w        all  0          -18.0
>                 loss     all  0          363.0
>    2  exact     w        ref  0          362
>                 loss     ref  0          130323
>       binary64  w        all  0          362.0
>                 loss     all  0          130323.0
>       binary16  w        all  0          362.0
>                 loss       0  inf        inf
>    3  exact     w        ref  0          -6858
>                 loss     ref  0          47045883
>       binary64  w        all  0          -6858.0
>                 loss     all  0          47045883.0
>       binary16  w          3  0.000292   -6856.0
>                 loss       0  inf        inf
>    4  exact     w        ref  0          130322
>                 loss     ref  0          16983563043
>       binary64  w        all  0          130322.0
>                 loss     all  0          16983563043.0
>       binary16  w          0  inf        inf
>                 loss       0  inf        inf
> events against exact (the first step; - never)
> mode      of    differs  no-digits  subnormal    zero     inf     nan   stall  stop
> exact     w           -          -          -       -       -       -       -  max-iter after 4
>           loss        -          -          -       -       -       -       -
> binary64  w           -          -          -       -       -       -       -  max-iter after 4
>           loss        -          -          -       -       -       -       -
> binary16  w           3          4          -       -       4       -       -  max-iter after 4
>           loss        2          2          -       -       2       -       -

$ gdtrace compare --max-iter 3 --modes binary64,bfloat16 --format csv
> step,mode,of,value,rel_err,digits
> 0,binary64,w,2.0,0,all
> 0,binary64,loss,3.0,0,all
> 0,bfloat16,w,2.0,0,all
> 0,bfloat16,loss,3.0,0,all
> 1,binary64,w,-18.0,0,all
> 1,binary64,loss,363.0,0,all
> 1,bfloat16,w,-18.0,0,all
> 1,bfloat16,loss,362.0,0.00275482,2
> 2,binary64,w,362.0,0,all
> 2,binary64,loss,130323.0,0,all
> 2,bfloat16,w,362.0,0,all
> 2,bfloat16,loss,129500.0,0.00603884,2
> 3,binary64,w,-6858.0,0,all
> 3,binary64,loss,47045883.0,0,all
> 3,bfloat16,w,-6850.0,0.00145815,2
> 3,bfloat16,loss,47000000.0,0.00259549,2

$ gdtrace compare --max-iter 1 --modes exact,binary32 --ref binary32 --format jsonl --digits exact
> {"step": 0, "modes": {"exact": {"w": {"value": "2", "rel_err": "0", "digits": "all"}, "loss": {"value": "3", "rel_err": "0", "digits": "all"}}, "binary32": {"w": {"value": "2", "rel_err": "0", "digits": "all"}, "loss": {"value": "3", "rel_err": "0", "digits": "all"}}}}
> {"step": 1, "modes": {"exact": {"w": {"value": "-18", "rel_err": "0", "digits": "all"}, "loss": {"value": "363", "rel_err": "0", "digits": "all"}}, "binary32": {"w": {"value": "-18", "rel_err": "0", "digits": "all"}, "loss": {"value": "363", "rel_err": "0", "digits": "all"}}}}
> {"events": {"mode": "exact", "of": "w", "differs": null, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "stop": "max-iter", "steps": 1}}
> {"events": {"mode": "exact", "of": "loss", "differs": null, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "stop": "max-iter", "steps": 1}}
> {"events": {"mode": "binary32", "of": "w", "differs": null, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "stop": "max-iter", "steps": 1}}
> {"events": {"mode": "binary32", "of": "loss", "differs": null, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "stop": "max-iter", "steps": 1}}
> {"summary": {"reference": "binary32", "steps": 1}}

# A mode that stops early has no record after its last step; a division by
# zero stops only the mode it happens in.
$ gdtrace compare --loss '1/(w-1)' --lr -1 --modes exact,binary64 --max-iter 2 --format csv
> step,mode,of,value,rel_err,digits
> 0,exact,w,2,0,all
> 0,exact,loss,1,0,all
> 0,binary64,w,2.0,0,all
> 0,binary64,loss,1.0,0,all
> 1,binary64,w,1.0,-,-
> 1,binary64,loss,inf,-,-
> 2,binary64,w,-inf,-,-
> 2,binary64,loss,-0.0,-,-

# Subnormals: w halves each step (lr 0.25 on w^2): binary16 reaches its
# subnormals at step 15; at its least subnormal 2^-24, lr*g = 2^-25 rounds to
# zero (a tie, to even) and w sticks there, while the exact w goes on halving.
$ gdtrace compare --loss 'w^2' --lr 0.25 --w0 1 --max-iter 30 --modes exact,binary16 --format jsonl
| grep '^{"events"'
> {"events": {"mode": "exact", "of": "w", "differs": null, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "stop": "max-iter", "steps": 30}}
> {"events": {"mode": "exact", "of": "loss", "differs": null, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "stop": "max-iter", "steps": 30}}
> {"events": {"mode": "binary16", "of": "w", "differs": 25, "no_digits": 25, "subnormal": 15, "zero": null, "inf": null, "nan": null, "stall": 24, "stop": "max-iter", "steps": 30}}
> {"events": {"mode": "binary16", "of": "loss", "differs": 13, "no_digits": 13, "subnormal": 8, "zero": 13, "inf": null, "nan": null, "stall": 24, "stop": "max-iter", "steps": 30}}

# Zero: lr 1 on w^2/2 takes w - 1*w, exactly zero, at the first step.
$ gdtrace compare --loss 'w^2/2' --lr 1 --w0 3 --max-iter 5 --modes exact,binary32 --format jsonl
| grep '^{"events"'
> {"events": {"mode": "exact", "of": "w", "differs": null, "no_digits": null, "subnormal": null, "zero": 1, "inf": null, "nan": null, "stall": null, "stop": "grad-zero", "steps": 1}}
> {"events": {"mode": "exact", "of": "loss", "differs": null, "no_digits": null, "subnormal": null, "zero": 1, "inf": null, "nan": null, "stall": null, "stop": "grad-zero", "steps": 1}}
> {"events": {"mode": "binary32", "of": "w", "differs": null, "no_digits": null, "subnormal": null, "zero": 1, "inf": null, "nan": null, "stall": null, "stop": "grad-zero", "steps": 1}}
> {"events": {"mode": "binary32", "of": "loss", "differs": null, "no_digits": null, "subnormal": null, "zero": 1, "inf": null, "nan": null, "stall": null, "stop": "grad-zero", "steps": 1}}

# Bad compare options.
$ gdtrace compare --modes exact,foo
? 2
2> gdtrace: --modes: 'foo' is not a mode (exact, mpfr, binary16 (half, float16), bfloat16, binary32 (single, float32), binary64 (double, float64), binary128 (quad), native-float, native-double, int8, int16, int32, int64, certified)

$ gdtrace compare --modes exact,exact
? 2
2> gdtrace: --modes: 'exact' is named twice

$ gdtrace compare --modes exact,binary64 --ref binary32
? 2
2> gdtrace: --ref: 'binary32' is not one of --modes

$ gdtrace compare --format python
? 2
2> gdtrace: --format: 'python' is for runs; compare prints text, csv or jsonl

$ gdtrace compare --plot out.gif
? 2
2> gdtrace: --plot: 'out.gif' does not end in .png, .svg or .pdf

$ gdtrace run --modes exact
? 2
2> gdtrace: --modes: is not an option of 'gdtrace run' (see gdtrace run --help)

$ gdtrace compare --mode exact
? 2
2> gdtrace: --mode: is not an option of 'gdtrace compare' (see gdtrace compare --help)

# Pictures: PNG, SVG and PDF by the file's extension.
$ d=$(mktemp -d) && gdtrace compare --max-iter 40 --modes exact,binary64,binary16 --plot "$d/p.png" >/dev/null && head -c 8 "$d/p.png" | od -An -tx1 && rm -r "$d"
>  89 50 4e 47 0d 0a 1a 0a

$ d=$(mktemp -d) && gdtrace compare --lr 0.4 --max-iter 40 --plot "$d/p.svg" >/dev/null && grep -c '<svg' "$d/p.svg" && rm -r "$d"
> 1

$ d=$(mktemp -d) && gdtrace compare --max-iter 40 --plot "$d/p.pdf" >/dev/null && head -c 5 "$d/p.pdf" && echo && rm -r "$d"
> %PDF-

# The upper panel plots the distance |w - w*| when the loss of one
# parameter has an affine gradient, over a data set too (w* from the
# program's exact map), else |w|; by default only when the reference does
# not converge: else each mode's error against the reference.
$ d=$(mktemp -d) && gdtrace compare --loss 'mean((w*x - y)^2)' --data data/linreg.csv --lr 0.05 --max-iter 20 --modes exact,binary32 --plot-y distance --plot "$d/p.svg" >/dev/null && grep -c "distance  |w - w\*|" "$d/p.svg" && rm -r "$d"
> 1

$ d=$(mktemp -d) && gdtrace compare --loss 'w^4' --w0 0.5 --lr 0.1 --max-iter 10 --modes exact,binary32 --plot-y distance --plot "$d/p.svg" >/dev/null && grep -c '>|w|<' "$d/p.svg" && rm -r "$d"
> 1

$ d=$(mktemp -d) && gdtrace compare --loss 'w^4' --w0 0.5 --lr 0.1 --max-iter 10 --modes exact,binary32 --plot "$d/p.svg" >/dev/null && grep -c 'error  |w - w_exact|' "$d/p.svg" && rm -r "$d"
> 1

# The notes' run: it diverges, so the distance; the steps shown end at
# 40, a little after binary32's and bfloat16's nan at step 32; the decades
# labelled at whole powers (10^0 to 10^60 by 10: seven labels, none like
# 1e1.5); the events' legend.  --plot-title and --plot-size are taken.
$ d=$(mktemp -d) && gdtrace compare --modes exact,binary64,binary32,bfloat16,binary16 --plot-title 'the notes, lr 10' --plot-size 1000x700 --plot "$d/p.svg" >/dev/null && grep -c -e 'distance  |w - w\*|' -e '>the notes, lr 10<' -e 'width="1000" height="700"' "$d/p.svg" && grep -o '>10[⁰¹²³⁴⁵⁶⁷⁸⁹]\+<' "$d/p.svg" | tr -d '<>' | tr '\n' ' ' && echo && grep -c '>1e' "$d/p.svg"; grep -o -e '>first difference<' -e '>all digits wrong<' -e '>overflow to inf<' -e '>nan<' -e '>stall<' -e '>first subnormal<' "$d/p.svg" | tr -d '<>' && grep -o '<text> [0-9]*</text>' "$d/p.svg" | tail -n 1 && rm -r "$d"
> 3
> 10⁰ 10¹⁰ 10²⁰ 10³⁰ 10⁴⁰ 10⁵⁰ 10⁶⁰ 
> 0
> first difference
> all digits wrong
> overflow to inf
> nan
> <text> 40</text>

# At lr 0.1 the exact run converges: the error; binary32 stalls at
# 1.0000002 from step 68 (marked), and the steps shown end at 90.
$ d=$(mktemp -d) && gdtrace compare --lr 0.1 --max-iter 150 --modes exact,binary32,bfloat16 --plot "$d/p.svg" >/dev/null && grep -o -e 'error  |w - w_exact|' -e '>stall<' "$d/p.svg" && grep -o '<text> [0-9]*</text>' "$d/p.svg" | tail -n 1 && rm -r "$d"
> error  |w - w_exact|
> >stall<
> <text> 90</text>

# --log-x: steps from 1 on a log scale, labelled 1, 2, 5, 10, ...
$ d=$(mktemp -d) && gdtrace compare --lr 0.1 --max-iter 150 --modes exact,binary32 --log-x --plot "$d/p.svg" >/dev/null && grep -o '<text>[0-9]*</text>' "$d/p.svg" | head -n 6 | sed 's/<[^>]*>//g' | tr '\n' ' ' && echo && rm -r "$d"
> 1 2 5 10 20 50 

# The picture's options need a picture, and take only what they can draw.
# A title with quotes, a backslash or a gnuplot macro sign is drawn as
# written (two quotes in a row once made gnuplot fail).
$ d=$(mktemp -d) && gdtrace compare --max-iter 3 --plot-title "f'' and \"g\" \\ @x" --plot "$d/p.svg" >/dev/null && grep -o "<text>f'[^<]*</text>" "$d/p.svg" && rm -r "$d"
~? command -v gnuplot
> <text>f'' and "g" \ @x</text>

$ gdtrace compare --plot-title T
? 2
2> gdtrace: --plot-title: there is no picture without --plot FILE

$ gdtrace compare --log-x
? 2
2> gdtrace: --log-x: there is no picture without --plot FILE

$ gdtrace compare --plot p.png --plot-y both
? 2
2> gdtrace: --plot-y: 'both' is not error or distance

$ gdtrace compare --plot p.png --plot-size 99x800
? 2
2> gdtrace: --plot-size: '99x800': each side must be 100 to 10000

$ gdtrace compare --plot p.png --plot-size 800
? 2
2> gdtrace: --plot-size: '800' is not WIDTHxHEIGHT, such as 1200x900

$ gdtrace compare --plot p.png --plot-size 800x600x2
? 2
2> gdtrace: --plot-size: '800x600x2' is not WIDTHxHEIGHT, such as 1200x900

$ gdtrace run --plot-y error
? 2
2> gdtrace: --plot-y: is not an option of 'gdtrace run' (see gdtrace run --help)

# A picture that cannot be written is refused before the run.
$ gdtrace compare --max-iter 2 --modes exact,binary64 --format csv --plot /nonexistent/p.png
? 2
2> gdtrace: --plot: cannot write beside '/nonexistent/p.png': No such file or directory

# No temporary file is left beside the picture.
$ d=$(mktemp -d) && gdtrace compare --max-iter 5 --plot "$d/p.png" >/dev/null && ls "$d" && rm -r "$d"
> p.png
