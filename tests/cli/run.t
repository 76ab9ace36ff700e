# Whole runs, byte for byte.

# The notes' run: exactly the list the notes print.
$ gdtrace --format python
>@ data/notes_lr10_pprint.txt

$ gdtrace run --loss '(w-1)^2 + 2' --grad '2*(w-1)' --lr 10 --w0 2 --max-iter 50 --format python
>@ data/notes_lr10_pprint.txt

# The same run in binary64-sized MPFR: what Python floats print.
$ gdtrace --mode mpfr --prec 53 --format python
>@ tests/cli/expected/notes_lr10_binary64.pprint

# lr = 0.4 in binary64 reaches w = 1 after 23 steps ...
$ gdtrace --mode mpfr --lr 0.4 --max-iter 1000 --format python
>@ tests/cli/expected/lr0p4_w2_binary64.pprint

$ gdtrace --mode mpfr --lr 0.4 --max-iter 1000 --format jsonl
| tail -n 1
> {"summary": {"steps": 23, "stop": "grad-zero", "w": "1.0", "loss": "2.0"}}

# ... while the exact run never does: w_n = 1 + 0.2^n.
$ gdtrace --lr 0.4 --max-iter 1000 --format jsonl
| tail -n 1 | cut -c 1-60
> {"summary": {"steps": 1000, "stop": "max-iter", "w": "1.0000

# The last weight of the notes' run, all 64 digits, and its loss 19^100 + 2.
$ gdtrace --format csv
| tail -n 1
> 50,8663234049605954426644038200675212212900743262211018069459689002,17326468099211908853288076401350424425801486524422036138919378002,75051624198251984443456989853061891539043939434909537798332873934101480896578056472849915762891214746171016655874432115640378003

# Short lists stay on one line, as pprint prints them.
$ gdtrace --lr 0.5 --format python
> [2, 1]

$ gdtrace --lr 0.1 --max-iter 3 --format python
> [2, Fraction(9, 5), Fraction(41, 25), Fraction(189, 125)]

$ gdtrace --lr 0.1 --max-iter 5 --format python
> [2,
>  Fraction(9, 5),
>  Fraction(41, 25),
>  Fraction(189, 125),
>  Fraction(881, 625),
>  Fraction(4149, 3125)]

# Every format of one short run.
$ gdtrace --lr 0.5
> gdtrace run
>   loss      (w-1)^2 + 2
>   grad      2*(w - 1)  (derived exactly from the loss)
>   lr        0.5
>   w0        2
>   max-iter  50
>   mode      exact (GMP integers and rationals, never rounded)
> step  w  loss(w)
>    0  2  3
>    1  1  2
> stop      grad-zero after 1 step
> w         1
> loss      2

$ gdtrace --lr 0.5 --format csv
> step,w,grad,loss
> 0,2,2,3
> 1,1,0,2

$ gdtrace --lr 0.5 --format jsonl
> {"step": 0, "w": "2", "grad": "2", "loss": "3"}
> {"step": 1, "w": "1", "grad": "0", "loss": "2"}
> {"summary": {"steps": 1, "stop": "grad-zero", "w": "1", "loss": "2"}}

# Exact rationals: decimal when the denominator is 2^a 5^b, else p/q.
$ gdtrace --lr 1/3 --max-iter 2 --format csv
> step,w,grad,loss
> 0,2,2,3
> 1,4/3,2/3,19/9
> 2,10/9,2/9,163/81

$ gdtrace --lr 0.1 --max-iter 2 --format csv
> step,w,grad,loss
> 0,2,2,3
> 1,1.8,1.6,2.64
> 2,1.64,1.28,2.4096

$ gdtrace --lr 1/3 --max-iter 2 --format csv --digits 5
> step,w,grad,loss
> 0,2,2,3
> 1,1.3333,0.66667,2.1111
> 2,1.1111,0.22222,2.0123

# MPFR: the text header shows what a typed lr was rounded to.
$ gdtrace --mode mpfr --lr 0.4 --max-iter 3
> gdtrace run
>   loss      (w-1)^2 + 2
>   grad      2*(w - 1)  (derived exactly from the loss)
>   lr        0.4  (rounded to 0.40000000000000002220446049250313080847263336181640625)
>   w0        2
>   max-iter  3
>   mode      mpfr, 53 bits, rounding N (to nearest, ties to even)
> step  w  loss(w)
>    0  2.0  3.0
>    1  1.2  2.04
>    2  1.04  2.0016
>    3  1.008  2.000064
> stop      max-iter after 3 steps
> w         1.008
> loss      2.000064

$ gdtrace --mode mpfr --lr 0.4 --max-iter 2 --format csv --digits exact
> step,w,grad,loss
> 0,2,2,3
> 1,1.1999999999999999555910790149937383830547332763671875,0.399999999999999911182158029987476766109466552734375,2.04000000000000003552713678800500929355621337890625
> 2,1.04000000000000003552713678800500929355621337890625,0.0800000000000000710542735760100185871124267578125,2.001599999999999823785401531495153903961181640625

$ gdtrace --mode mpfr --lr 0.4 --max-iter 2 --format csv --digits hex
> step,w,grad,loss
> 0,0x1p+1,0x1p+1,0x1.8p+1
> 1,0x1.3333333333333p+0,0x1.9999999999998p-2,0x1.051eb851eb852p+1
> 2,0x1.0a3d70a3d70a4p+0,0x1.47ae147ae148p-4,0x1.00346dc5d6388p+1

$ gdtrace --mode mpfr --prec 24 --round D --lr 0.01 --max-iter 2 --format jsonl --digits exact
> {"step": 0, "w": "2", "grad": "2", "loss": "3"}
> {"step": 1, "w": "1.97999989986419677734375", "grad": "1.9599997997283935546875", "loss": "2.960399627685546875"}
> {"step": 2, "w": "1.9603998661041259765625", "grad": "1.920799732208251953125", "loss": "2.9223678112030029296875"}
> {"summary": {"steps": 2, "stop": "max-iter", "w": "1.9603998661041259765625", "loss": "2.9223678112030029296875"}}

# A division by zero ends the run after the last complete step, exit 1.
$ gdtrace --loss '1/(w-1)' --lr -1 --format jsonl
? 1
> {"step": 0, "w": "2", "grad": "-1", "loss": "1"}
> {"summary": {"steps": 1, "stop": "error", "error": "step 1: division by zero, evaluating the loss at w = 1"}}
2> gdtrace: step 1: division by zero, evaluating the loss at w = 1

$ gdtrace --loss '1/(w-1)' --lr -1 --format python
? 1
> [2]
2> gdtrace: step 1: division by zero, evaluating the loss at w = 1

$ gdtrace --loss '1/(w-1)' --lr -1 --format csv
? 1
> step,w,grad,loss
> 0,2,-1,1
2> gdtrace: step 1: division by zero, evaluating the loss at w = 1

$ gdtrace --loss 'w^2' --grad '1/(w-1)' --w0 1 --format csv
? 1
> step,w,grad,loss
2> gdtrace: warning: --grad for w disagrees with the exact derivative of the loss at w = 1.5: 2 given, 3 derived
2> gdtrace: step 0: division by zero, evaluating the gradient at w = 1
