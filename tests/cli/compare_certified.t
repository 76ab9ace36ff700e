# compare's mode certified: the exact-real run as Arb balls, started again
# from w0 at twice the precision until each value proves 17 digits and, as
# the reference (--ref certified), its balls decide every other mode's
# equality and correct digits: the digits column and the events are then
# proven facts.

# Liu's loss from x0 = 5: binary64's cos(2*pi*x/0.1) at x = 5 is already
# off, and its digits are gone by step 6, proven.
$ gdtrace compare --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 1.01 --max-iter 8 --modes binary64,certified --ref certified
| sed -n '8,$p'
>       binary64                      certified
> step  w                        dig  w
>    0  5.0                      all  5
>    1  -5.100000000000348        13  -5.1
>    2  5.201999999861959         10  5.202
>    3  -4.510673203518051         7  -4.5106731490511307
>    4  0.6570298680917057         4  0.65704682703970968
>    5  -3.3829443069687484        2  -3.38907315878003
>    6  9.022324461329394          0  7.4794390950186784
>    7  -2.946214104641717         0  -13.72979868123495
>    8  1.5097767117948093         0  7.9446516944658117
> events against certified (the first step of each, and the value then)
> mode       of    event      step  value
> binary64   w     differs       1  -5.100000000000348
>                  no-digits     6  9.022324461329394
>            loss  differs       0  25.1
>                  no-digits     6  81.41907052138204
>                  stop          8  max-iter
> certified        stop          8  max-iter

# A cap that cannot prove the digits past step 9: the reference stops
# there, precision-limit, and nothing is compared after it.
$ gdtrace compare --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 1.01 --max-iter 12 --modes binary64,certified --ref certified --max-prec 128 --format csv
| grep -E '^(9|10),'
> 9,binary64,w,2.117729795375503,-,-
> 9,binary64,loss,4.528887371787243,-,-
> 10,binary64,w,3.5352651721662705,-,-
> 10,binary64,loss,12.437981608728627,-,-

$ gdtrace compare --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 1.01 --max-iter 12 --modes binary64,certified --ref certified --max-prec 128 --format jsonl
| grep certified | grep events
> {"events": {"mode": "certified", "of": "w", "differs": null, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "stop": "precision-limit", "steps": 9}}
> {"events": {"mode": "certified", "of": "loss", "differs": null, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "stop": "precision-limit", "steps": 9}}

# Values the balls hold exactly are the exact mode's; a rational run
# whose balls are never exact proves its 17 digits, and binary32's.
$ gdtrace compare --modes exact,certified --ref exact --max-iter 2 --format csv
> step,mode,of,value,rel_err,digits
> 0,exact,w,2,0,all
> 0,exact,loss,3,0,all
> 0,certified,w,2,0,all
> 0,certified,loss,3,0,all
> 1,exact,w,-18,0,all
> 1,exact,loss,363,0,all
> 1,certified,w,-18,0,all
> 1,certified,loss,363,0,all
> 2,exact,w,362,0,all
> 2,exact,loss,130323,0,all
> 2,certified,w,362,0,all
> 2,certified,loss,130323,0,all

$ gdtrace compare --modes binary32,certified --ref certified --max-iter 2 --lr 1/3 --loss '(w-1)^2' --format csv
> step,mode,of,value,rel_err,digits
> 0,binary32,w,2.0,0,all
> 0,binary32,loss,1.0,0,all
> 0,certified,w,2,0,all
> 0,certified,loss,1,0,all
> 1,binary32,w,1.3333333,5.96046e-08,7
> 1,binary32,loss,0.11111106,4.61936e-07,6
> 1,certified,w,1.3333333333333333,0,all
> 1,certified,loss,0.11111111111111111,0,all
> 2,binary32,w,1.111111,5.96046e-08,7
> 2,binary32,loss,0.012345664,1.19954e-06,5
> 2,certified,w,1.1111111111111111,0,all
> 2,certified,loss,0.012345679012345679,0,all

# A kink at an exact-real point: no precision decides the branch.
$ gdtrace compare --loss 'abs(w - 1/3)' --w0 0 --lr 1/3 --max-iter 2 --modes binary64,certified --ref certified --max-prec 256 --format csv
> step,mode,of,value,rel_err,digits
> 0,binary64,w,0.0,0,all
> 0,binary64,loss,0.3333333333333333,5.54569e-17,16
> 0,certified,w,0,0,all
> 0,certified,loss,0.33333333333333333,0,all

# What it refuses.
$ gdtrace --mode certified
? 2
2> gdtrace: --mode: 'certified' is a mode of compare --modes; here say --certify

$ gdtrace compare --modes binary64,exact --max-prec 128
? 2
2> gdtrace: --max-prec: applies to --certify, mode certified and --against certified only
