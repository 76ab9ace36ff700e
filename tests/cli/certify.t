# run --certify: the exact-real run as Arb balls, the working precision
# doubled until every printed value proves the digits asked (--digits N,
# default 17; exact; certified), capped by --max-prec (precision-limit).

# The notes' run certified is the exact run, every digit: its values are
# integers, exact as balls from 512 bits on (the loss at step 50 has 426).
$ gdtrace --certify --digits exact --format jsonl | sed 's/, "certified_digits": "exact"//; s/, "prec": [0-9]*//' | diff - <(gdtrace --format jsonl) && echo same
> same

$ gdtrace --certify --digits exact --format jsonl --every 0
> {"summary": {"steps": 50, "stop": "max-iter", "w": "8663234049605954426644038200675212212900743262211018069459689002", "loss": "75051624198251984443456989853061891539043939434909537798332873934101480896578056472849915762891214746171016655874432115640378003", "prec": 512}}

# 17 digits by default, in every format; exact values in full.
$ gdtrace --certify --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 1.01 --max-iter 2
> gdtrace run
>   loss      x^2 + 0.1*cos(2*pi*x/0.1)
>   grad      2*x + 0.1*(-sin(2*pi*x/0.1)*(2*pi/0.1))  (derived exactly from the loss)
>   lr        1.01
>   w0        5
>   max-iter  2
>   mode      ball (Arb's balls, the working precision doubled until every digit printed is proven)
> step  x  loss(x)
>    0  5  25.1
>    1  -5.1  26.11
>    2  5.202  27.160015470131448
> stop      max-iter after 2 steps
> prec      88 bits
> w         5.202
> loss      27.160015470131448

# Liu's loss from x0 = 5 at lr 1.01 over 1000 steps: binary64 (and MPFR at
# 53 bits) diverge at step 964; the exact-real run stays bounded (the loss
# below 1e16 times the loss at x0, 25.1), certified to 17 digits at every
# step printed, which takes 11264 bits (about 7.6 bits lost a step).
$ gdtrace --certify --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 1.01 --max-iter 1000 --format jsonl --every 250
> {"step": 0, "w": "5", "grad": "10", "loss": "25.1", "certified_digits": 23}
> {"step": 250, "w": "106.46103115230197", "grad": "216.93658378091576", "loss": "11333.874227601276", "certified_digits": 262}
> {"step": 500, "w": "16458.918754850578", "grad": "32912.031870853932", "loss": "270896006.61701229", "certified_digits": 436}
> {"step": 750, "w": "2326174.5056367214", "grad": "4652346.8322150312", "loss": "5411087830674.3388", "certified_digits": 1440}
> {"step": 1000, "w": "328610775.35915799", "grad": "657221554.13751215", "loss": "1.07985041682147e+17", "certified_digits": 790}
> {"summary": {"steps": 1000, "stop": "max-iter", "w": "328610775.35915799", "loss": "1.07985041682147e+17", "prec": 11264}}

# The same run capped at 4096 bits: the first step printed that the cap
# cannot certify ends it, precision-limit, with no values.
$ gdtrace --certify --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 1.01 --max-iter 1000 --format jsonl --every 100 --max-prec 4096
| tail -n 2
? 1
> {"step": 500, "w": "16458.918754850578", "grad": "32912.031870853932", "loss": "270896006.61701229", "certified_digits": 29}
> {"summary": {"steps": 600, "stop": "precision-limit", "prec": 4096, "error": "step 600: 4096 bits (--max-prec) prove fewer digits than asked"}}
2> gdtrace: precision-limit: step 600: 4096 bits (--max-prec) prove fewer digits than asked

$ gdtrace --certify --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 1.01 --max-iter 1000 --every 0 --max-prec 1024
? 1
> gdtrace run
>   loss      x^2 + 0.1*cos(2*pi*x/0.1)
>   grad      2*x + 0.1*(-sin(2*pi*x/0.1)*(2*pi/0.1))  (derived exactly from the loss)
>   lr        1.01
>   w0        5
>   max-iter  1000
>   mode      ball (Arb's balls, the working precision doubled until every digit printed is proven)
> stop      precision-limit after 1000 steps
> error     step 1000: 1024 bits (--max-prec) prove fewer digits than asked
> prec      1024 bits
2> gdtrace: precision-limit: step 1000: 1024 bits (--max-prec) prove fewer digits than asked

# --digits exact asks for balls of radius 0, which 0.1 never is: the
# message says why no precision is enough.
$ gdtrace --certify --digits exact --lr 0.1 --max-prec 256 --max-iter 1 --every 0
| tail -n 1
? 1
> prec      256 bits
2> gdtrace: precision-limit: step 1: 256 bits (--max-prec) prove fewer digits than asked (--digits exact: only a value that is a binary fraction has a ball of radius 0, and 0.1, 1/3, pi are none)

# A kink at an exact-real point: the balls never decide the branch of
# abs's derivative (w - 1/3 is a ball around 0), so no precision does.
$ gdtrace --certify --loss 'abs(w - 1/3)' --w0 0 --lr 1/3 --max-iter 3 --max-prec 256 --format jsonl
? 1
> {"step": 0, "w": "0", "grad": "-1", "loss": "0.33333333333333333", "certified_digits": 26}
> {"summary": {"steps": 1, "stop": "precision-limit", "prec": 256, "error": "step 1: a comparison the loss branches on is undecided at 256 bits (--max-prec)"}}
2> gdtrace: precision-limit: step 1: a comparison the loss branches on is undecided at 256 bits (--max-prec)

# Kinks the balls decide (huber's threshold, relu's 0), and a value
# around 1.5, which proves its 17 digits though not its first alone.
$ gdtrace --certify --loss 'huber(w, 1) + relu(w-3)' --w0 5 --lr 0.7 --max-iter 4 --format csv --fields step,w
> step,w,certified_digits
> 0,5,exact
> 1,3.6,26
> 2,2.2,26
> 3,1.5,25
> 4,0.8,24

# --digits certified prints what each ball proves (the run starts at 64
# bits and asks one proven digit of each value); csv gains
# certified_digits, the least count of a record's values.
$ gdtrace --certify --loss 'x^2 + 0.1*cos(2*pi*x/0.1)' --w0 5 --lr 1.01 --max-iter 3 --digits certified --format csv
> step,w,grad,loss,certified_digits
> 0,5,10,25.1,16
> 1,-5.1,-10.2,26.11,14
> 2,5.202,9.616508068,27.16001547013,10
> 3,-4.510673149,-5.116554,20.4245163,7

# Functions as balls, 30 digits.
$ gdtrace --certify --loss 'sigmoid(w)^2 + softplus(w)' --w0 0.5 --lr 0.5 --max-iter 2 --format csv --digits 30
> step,w,grad,loss,certified_digits
> 0,0.5,0.915019838255769794267587182852,1.36153260318036675644259522581,37
> 1,0.0424900808721151028662064085742,0.765816183356992764164966263118,0.975351606226646997109824549449,37
> 2,-0.340418010806381279216276722985,0.617654575641813956175395555188,0.71016741188007655216779329437,37

# The options it refuses.
$ gdtrace --certify --mode mpfr
? 2
2> gdtrace: --certify: --mode does not apply: the run is the exact-real one, as balls, with max-iter as its only rule

$ gdtrace --certify --stop cycle
? 2
2> gdtrace: --certify: --stop does not apply: the run is the exact-real one, as balls, with max-iter as its only rule (and contracting: --stop contracting)

$ gdtrace --max-prec 100
? 2
2> gdtrace: --max-prec: applies to --certify, mode certified and --against certified only

$ gdtrace --certify --max-prec 10
? 2
2> gdtrace: --max-prec: '10' is too small (at least 64)

$ gdtrace --certify --digits hex
? 2
2> gdtrace: --digits: 'hex' is not for --certify, which prints N digits, exact or certified

$ gdtrace --certify --format python
? 2
2> gdtrace: --certify: prints text, csv or jsonl

$ gdtrace compare --certify
? 2
2> gdtrace: --certify: is not an option of 'gdtrace compare' (see gdtrace compare --help)

# Text shows no partials, so a partial that is exactly 0 but held as an
# inexact ball (w - 1/3 at w = 1/3) need not prove a digit: the run ends
# at a small precision.  With several parameters text has no |grad|
# column under --certify: its 6 digits would not be proven.
$ gdtrace --certify --loss '(w-1/3)^2 + 1' --w0 0 --lr 1/2 --max-iter 3 | tail -n 4
> stop      max-iter after 3 steps
> prec      88 bits
> w         0.33333333333333333
> loss      1

$ gdtrace --certify --loss '(a-1)^2 + (b-2)^2' --w0 a=0,b=0 --lr 1/4 --max-iter 2 | sed -n '10,13p'
> step  a  b  loss
>    0  0  0  5
>    1  0.5  1  1.25
>    2  0.75  1.5  0.3125

# A function's argument whose ball lies wholly outside its domain has no
# real value for the exact-real argument either: the run's error, as the
# exact domain's, at the first precision (never a precision-limit).
$ gdtrace --certify --loss 'sqrt(w)' --w0 0.1 --lr 1 --max-iter 3 --max-prec 4096 --format jsonl
| tail -n 1
? 1
> {"summary": {"steps": 1, "stop": "error", "prec": 88, "error": "step 1: sqrt(-1.481138830084189665999447) has no real value, evaluating the loss at w = -1.481138830084189665999447"}}
2> gdtrace: step 1: sqrt(-1.481138830084189665999447) has no real value, evaluating the loss at w = -1.481138830084189665999447

$ gdtrace --certify --loss 'log(w) + w^2' --w0 0.1 --lr 1 --max-iter 3 --max-prec 4096 --format jsonl
| tail -n 1
? 1
> {"summary": {"steps": 1, "stop": "error", "prec": 88, "error": "step 1: log(-10.1) has no real value, evaluating the loss at w = -10.1"}}
2> gdtrace: step 1: log(-10.1) has no real value, evaluating the loss at w = -10.1

$ gdtrace --certify --loss 'log1p(w) + w^2' --w0 0.1 --lr 1 --max-iter 3 --max-prec 4096 --format jsonl
| tail -n 1
? 1
> {"summary": {"steps": 1, "stop": "error", "prec": 88, "error": "step 1: log1p(-1.0090909090909090909090909) has no real value, evaluating the loss at w = -1.0090909090909090909090909"}}
2> gdtrace: step 1: log1p(-1.0090909090909090909090909) has no real value, evaluating the loss at w = -1.0090909090909090909090909
