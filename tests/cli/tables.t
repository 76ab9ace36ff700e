# gdtrace compare's text: the wide layout (the default: a row per step, per
# mode each parameter's value and its correct digits beside it, "dig"; the
# reference has no digits column) and its events (per mode, every event
# that happened, by step, with the value then, and how the mode stopped).
# The long layout, --layout long, is compare.t's.

$ gdtrace compare --lr 0.1 --max-iter 5
> gdtrace compare
>   loss      (w-1)^2 + 2
>   grad      2*(w - 1)  (derived exactly from the loss)
>   lr        0.1
>   w0        2
>   max-iter  5
>   modes     exact (reference), binary64, binary32, bfloat16
>       exact         binary64                      binary32              bfloat16
> step  w             w                        dig  w                dig  w           dig
>    0  2             2.0                      all  2.0              all  2.0         all
>    1  1.8           1.8                       16  1.8                7  1.8           2
>    2  1.64          1.6400000000000001        16  1.64               8  1.64          3
>    3  1.512         1.512                     17  1.512              7  1.516         2
>    4  1.4096        1.4096                    16  1.4096             7  1.414         2
>    5  1.32768       1.32768                   16  1.32768            8  1.33          3
> events against exact (the first step of each, and the value then)
> mode      of    event      step  value
> exact           stop          5  max-iter
> binary64  w     differs       1  1.8
>           loss  differs       1  2.64
>                 stop          5  max-iter
> binary32  w     differs       1  1.8
>           loss  differs       1  2.6399999
>                 stop          5  max-iter
> bfloat16  w     differs       1  1.8
>           loss  differs       1  2.64
>                 stop          5  max-iter

# Four modes with --digits 8 fit in 100 columns (the widest line, counted
# over the whole run), and binary32 stalls at 1.0000002 from step 68: w
# is the same at 69, 70, ... while the exact run goes on toward 1.
$ gdtrace compare --lr 0.1 --max-iter 100 --digits 8 | awk '{ if (length($0) > m) m = length($0) } END { print m }'
> 83

$ gdtrace compare --lr 0.1 --max-iter 100 --digits 8
| sed -n '8,9p;76,79p;/^events/,$p'
>       exact           binary64             binary32             bfloat16
> step  w               w               dig  w               dig  w               dig
>   66  1.0000004       1.0000004        16  1.0000005         7  1.015625          1
>   67  1.0000003       1.0000003        15  1.0000004         7  1.015625          1
>   68  1.0000003       1.0000003        16  1.0000002         7  1.015625          1
>   69  1.0000002       1.0000002        16  1.0000002         7  1.015625          1
> events against exact (the first step of each, and the value then)
> mode      of    event      step  value
> exact           stop        100  max-iter
> binary64  w     differs       1  1.8
>           loss  differs       1  2.64
>                 stop        100  max-iter
> binary32  w     differs       1  1.8
>                 stall        68  1.0000002
>           loss  differs       1  2.6399999
>                 stall        68  2
>                 stop        100  max-iter
> bfloat16  w     differs       1  1.796875
>                 stall        18  1.015625
>           loss  differs       1  2.640625
>                 stall        18  2
>                 stop        100  max-iter

# The loss at lr 0.4: binary64 reaches w = 1 exactly at step 23 and stops
# there on grad-zero (converged: its gradient is zero, no stall); its
# columns are empty after, the exact run goes on.
$ gdtrace compare --lr 0.4 --max-iter 25 --modes exact,binary64
| sed -n '31,$p'
>   21  1.000000000000002097152  1.000000000000002  16
>   22  1.0000000000000004194304  1.0000000000000004  16
>   23  1.00000000000000008388608  1.0          16
>   24  1.000000000000000016777216
>   25  1.0000000000000000033554432
> events against exact (the first step of each, and the value then)
> mode      of    event      step  value
> exact           stop         25  max-iter
> binary64  w     differs       1  1.2
>           loss  differs       1  2.04
>                 stop         23  grad-zero

# Without grad-zero, binary64 (from step 23) and bfloat16 (from step 4)
# sit at w = 1 with a zero gradient: converged, never a stall.
$ gdtrace compare --lr 0.4 --max-iter 40 --modes exact,binary64,bfloat16 --stop none
| sed -n '/^events/,$p'
> events against exact (the first step of each, and the value then)
> mode      of    event      step  value
> exact           stop         40  max-iter
> binary64  w     differs       1  1.2
>           loss  differs       1  2.04
>                 stop         40  max-iter
> bfloat16  w     differs       1  1.2
>           loss  differs       1  2.05
>                 stop         40  max-iter

# Several parameters: a column each per mode; the loss in the events.
$ gdtrace compare --loss '(a-1)^2 + 10*(b+2)^2' --w0 a=0,b=0 --lr a=0.1,b=0.01 --max-iter 2 --modes exact,binary64
> gdtrace compare
>   loss      (a-1)^2 + 10*(b+2)^2
>   grad a    2*(a - 1)  (derived exactly from the loss)
>   grad b    10*(2*(b + 2))  (derived exactly from the loss)
>   lr        a = 0.1, b = 0.01
>   w0        a = 0, b = 0
>   max-iter  2
>   modes     exact (reference), binary64
>       exact                       binary64
> step  a             b             a                        dig  b                        dig
>    0  0             0             0.0                      all  0.0                      all
>    1  0.2           -0.4          0.2                       16  -0.4                      16
>    2  0.36          -0.72         0.36000000000000004       15  -0.72                     16
> events against exact (the first step of each, and the value then)
> mode      of    event      step  value
> exact     a     zero          0  0
>           b     zero          0  0
>                 stop          2  max-iter
> binary64  a     zero          0  0.0
>                 differs       1  0.2
>           b     zero          0  0.0
>                 differs       1  -0.4
>           loss  differs       1  26.240000000000006
>                 stop          2  max-iter

# The notes' run: every event with the value it happened at.
$ gdtrace compare --max-iter 300 --modes exact,binary64,binary32,binary16 --digits 8
| sed -n '/^events/,$p'
> events against exact (the first step of each, and the value then)
> mode      of    event      step  value
> exact           stop        300  max-iter
> binary64  w     differs      13  -4.2052983e+16
>                 no-digits   242  inf
>                 inf         242  inf
>                 nan         243  nan
>           loss  differs       7  7.9900669e+17
>                 no-digits   121  inf
>                 inf         121  inf
>                 nan         243  nan
>                 stop        300  max-iter
> binary32  w     differs       6  47045880
>                 no-digits    31  -inf
>                 inf          31  -inf
>                 nan          32  nan
>           loss  differs       3  47045880
>                 no-digits    16  inf
>                 inf          16  inf
>                 nan          32  nan
>                 stop        300  max-iter
> binary16  w     differs       3  -6856
>                 no-digits     4  inf
>                 inf           4  inf
>                 nan           5  nan
>           loss  differs       2  inf
>                 no-digits     2  inf
>                 inf           2  inf
>                 nan           5  nan
>                 stop        300  max-iter

# A mode that stops on an error has its message under its stop line.
$ gdtrace compare --loss '1/(w-1)' --lr -1 --modes exact,binary64 --max-iter 2
| sed -n '/^events/,$p'
> events against exact (the first step of each, and the value then)
> mode      of    event      step  value
> exact           stop          1  error
>           error: step 1: division by zero, evaluating the loss at w = 1
> binary64  w     inf           2  -inf
>           loss  inf           1  inf
>                 zero          2  -0.0
>                 stop          2  grad-zero

# The events in jsonl have the stall too.
$ gdtrace compare --lr 0.1 --max-iter 100 --modes exact,binary32 --format jsonl
| grep '"events"'
> {"events": {"mode": "exact", "of": "w", "differs": null, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "stop": "max-iter", "steps": 100}}
> {"events": {"mode": "exact", "of": "loss", "differs": null, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "stop": "max-iter", "steps": 100}}
> {"events": {"mode": "binary32", "of": "w", "differs": 1, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": 68, "stop": "max-iter", "steps": 100}}
> {"events": {"mode": "binary32", "of": "loss", "differs": 1, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": 68, "stop": "max-iter", "steps": 100}}

# --layout: wide or long, of the text only, compare only.
$ gdtrace compare --layout tall
? 2
2> gdtrace: --layout: 'tall' is not wide or long

$ gdtrace compare --layout long --format csv
? 2
2> gdtrace: --layout: 'long' is a layout of --format text; csv and jsonl have one

$ gdtrace run --layout long
? 2
2> gdtrace: --layout: is not an option of 'gdtrace run' (see gdtrace run --help)
