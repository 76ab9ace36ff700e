# --every K and --fields LIST: a run's output thinned (steps 0, K, 2K, ...
# and always the last, then the summary; 0: only the summary) and its values
# chosen.  What is printed is byte for byte the full run's; values that
# nothing prints are not computed.

# The notes' run: every tenth step, exactly those lines of the full run.
$ gdtrace --every 10 --format csv
> step,w,grad,loss
> 0,2,2,3
> 10,6131066257802,12262132515602,37589973457545958193355603
> 20,37589973457545958193355602,75179946915091916386711202,1413006104539009638843035501053457425807904438071203
> 30,230466617897195215045509519405933293402,460933235794390430091019038811866586802,53114861964971781805211413858120662813570892087695571452312606929382350146803
> 40,1413006104539009638843035501053457425807904438071202,2826012209078019277686071002106914851615808876142402,1996586251464506635890620712520167111140046472389308873127642730263440424876828325289993051785145582403
> 50,8663234049605954426644038200675212212900743262211018069459689002,17326468099211908853288076401350424425801486524422036138919378002,75051624198251984443456989853061891539043939434909537798332873934101480896578056472849915762891214746171016655874432115640378003

$ gdtrace --format csv | awk -F, 'NR == 1 || $1 % 10 == 0' > /tmp/gdtrace-full.$$; gdtrace --every 10 --format csv | cmp - /tmp/gdtrace-full.$$ && echo same; rm -f /tmp/gdtrace-full.$$
> same

# --every 0: only the summary, with the final state.
$ gdtrace --every 0 --format jsonl
> {"summary": {"steps": 50, "stop": "max-iter", "w": "8663234049605954426644038200675212212900743262211018069459689002", "loss": "75051624198251984443456989853061891539043939434909537798332873934101480896578056472849915762891214746171016655874432115640378003"}}

# text: the header and the summary, no column names without a step.
$ gdtrace --max-iter 3 --every 0
> gdtrace run
>   loss      (w-1)^2 + 2
>   grad      2*(w - 1)  (derived exactly from the loss)
>   lr        10
>   w0        2
>   max-iter  3
>   mode      exact (GMP integers and rationals, never rounded)
> stop      max-iter after 3 steps
> w         -6858
> loss      47045883

# The last step is printed whatever K: max-iter 50 with K = 7 ends 49, 50.
$ gdtrace --every 7 --format csv
| cut -d, -f1 | paste -sd ' '
> step 0 7 14 21 28 35 42 49 50

# A run that stops on a zero gradient prints the step it stops at.
$ gdtrace --mode binary32 --lr 0.3 --every 5 --format jsonl
> {"step": 0, "w": "2.0", "grad": "2.0", "loss": "3.0"}
> {"step": 5, "w": "1.01024", "grad": "0.020479918", "loss": "2.000105"}
> {"step": 10, "w": "1.0001049", "grad": "0.00020980835", "loss": "2.0"}
> {"step": 15, "w": "1.0000011", "grad": "2.1457672e-06", "loss": "2.0"}
> {"step": 19, "w": "1.0", "grad": "0.0", "loss": "2.0"}
> {"summary": {"steps": 19, "stop": "grad-zero", "w": "1.0", "loss": "2.0"}}

# And one that stops on a cycle.
$ gdtrace --mode mpfr --prec 20 --loss 'w^4/4 - w^2/2' --lr 1.1 --w0 0.5 --max-iter 100 --stop grad-zero,cycle --every 10 --format jsonl
| cut -c1-40
> {"step": 0, "w": "0.5", "grad": "-0.375"
> {"step": 10, "w": "1.115736", "grad": "0
> {"step": 20, "w": "1.116062", "grad": "0
> {"step": 30, "w": "1.116062", "grad": "0
> {"step": 33, "w": "0.814552", "grad": "-
> {"summary": {"steps": 33, "stop": "cycle

# Thinned lines are the full run's in the rounded modes and the integer
# ones, over a data set too (THIN: steps 0, 13, 26, ..., the last and the
# summary of a full jsonl run); --every 1 changes no byte.
$ fs='text csv jsonl'; [ "${GDTRACE_TEST_VARIANT:-}" = valgrind ] && fs=jsonl; THIN='/^{"step"/ { k = substr($0, 10) + 0; last = $0; shown = k % 13 == 0; if (shown) print; next } { if (!shown) print last; print }'; for m in 'exact --lr 0.1' 'binary64 --lr 0.1' 'binary32 --lr 0.3' 'mpfr --prec 30 --round D --lr 0.1' 'native-float --lr 0.1' 'int64 --lr 3'; do for f in $fs; do gdtrace --mode $m --max-iter 200 --format $f > /tmp/gdtrace-full.$$; gdtrace --mode $m --max-iter 200 --format $f --every 1 | cmp -s - /tmp/gdtrace-full.$$ || echo "$m $f: --every 1 differs"; done; gdtrace --mode $m --max-iter 200 --format jsonl --every 13 | cmp -s - <(awk "$THIN" /tmp/gdtrace-full.$$) && echo "$m: same"; done; rm -f /tmp/gdtrace-full.$$
> exact --lr 0.1: same
> binary64 --lr 0.1: same
> binary32 --lr 0.3: same
> mpfr --prec 30 --round D --lr 0.1: same
> native-float --lr 0.1: same
> int64 --lr 3: same

$ THIN='/^{"step"/ { k = substr($0, 10) + 0; last = $0; shown = k % 6 == 0; if (shown) print; next } { if (!shown) print last; print }'; gdtrace --data tests/cli/data/tiny.csv --loss 'mean((a*x + b - y)^2)' --w0 a=0,b=0 --lr 0.1 --max-iter 20 --format jsonl | awk "$THIN" > /tmp/gdtrace-full.$$; gdtrace --data tests/cli/data/tiny.csv --loss 'mean((a*x + b - y)^2)' --w0 a=0,b=0 --lr 0.1 --max-iter 20 --format jsonl --every 6 | cmp - /tmp/gdtrace-full.$$ && echo same; rm -f /tmp/gdtrace-full.$$
> same

# python: the list of the printed steps' w.
$ gdtrace --every 10 --format python
| python3 -c 'import ast, sys; print(ast.literal_eval(sys.stdin.read())[:3])'
> [2, 6131066257802, 37589973457545958193355602]

$ gdtrace --lr 0.1 --max-iter 5 --every 2 --format python
> [2, Fraction(41, 25), Fraction(881, 625), Fraction(4149, 3125)]

# --fields: the values chosen, in the records' order, in every format; the
# summary shows the parameters and the loss among them.
$ gdtrace --lr 0.1 --max-iter 3 --fields loss,w
> gdtrace run
>   loss      (w-1)^2 + 2
>   grad      2*(w - 1)  (derived exactly from the loss)
>   lr        0.1
>   w0        2
>   max-iter  3
>   mode      exact (GMP integers and rationals, never rounded)
> w  loss(w)
> 2  3
> 1.8  2.64
> 1.64  2.4096
> 1.512  2.262144
> stop      max-iter after 3 steps
> w         1.512
> loss      2.262144

$ gdtrace --lr 0.1 --max-iter 3 --fields step,w,grad,loss
| tail -n 8
> step  w  grad  loss(w)
>    0  2  2  3
>    1  1.8  1.6  2.64
>    2  1.64  1.28  2.4096
>    3  1.512  1.024  2.262144
> stop      max-iter after 3 steps
> w         1.512
> loss      2.262144

$ gdtrace --lr 0.1 --max-iter 3 --fields step,grad --format jsonl
> {"step": 0, "grad": "2"}
> {"step": 1, "grad": "1.6"}
> {"step": 2, "grad": "1.28"}
> {"step": 3, "grad": "1.024"}
> {"summary": {"steps": 3, "stop": "max-iter"}}

$ gdtrace --lr 0.1 --max-iter 2 --fields w --format csv
> w
> 2
> 1.8
> 1.64

# Several parameters: each by name, grad_NAME; w and grad name them all.
$ gdtrace --loss 'x^2 + 2*y^2' --w0 x=1,y=1 --lr 0.25 --max-iter 4 --every 2 --fields step,x,grad_y,loss
| tail -n 7
> step  x  grad_y  loss
>    0  1  4  3
>    2  0.25  0  0.0625
>    4  0.0625  0  0.00390625
> stop      max-iter after 4 steps
> x         0.0625
> loss      0.00390625

$ gdtrace --loss 'x^2 + 2*y^2' --w0 x=1,y=1 --lr 0.25 --max-iter 4 --every 3 --fields grad,y --format csv
> y,grad_x,grad_y
> 1,2,4
> 0,0.25,0
> 0,0.125,0

$ gdtrace --loss 'x^2 + 2*y^2' --w0 x=1,y=1 --lr 0.25 --max-iter 4 --every 0 --fields w --format jsonl
> {"summary": {"steps": 4, "stop": "max-iter", "x": "0.0625", "y": "0"}}

# Only what is printed is computed: without the loss, a loss that has no
# exact value stops nothing (log(0.9) at step 1), and --max-bits bounds the
# values computed and printed, so the run goes further than with the loss,
# whose digits are twice w's.
$ gdtrace --loss 'log(w)' --grad '1/w' --w0 1 --lr 0.1 --max-iter 3 --fields step,w,grad --format csv
> step,w,grad
> 0,1,1
> 1,0.9,10/9
> 2,71/90,90/71
> 3,4231/6390,6390/4231

$ gdtrace --loss 'log(w)' --grad '1/w' --w0 1 --lr 0.1 --max-iter 3 --format csv
? 1
> step,w,grad,loss
> 0,1,1,0
2> gdtrace: step 1: log(0.9) has no exact value, evaluating the loss at w = 0.9 (the exact mode holds rationals only: try --mode mpfr)

$ gdtrace --max-bits 200 --format jsonl
| tail -n 1
? 1
> {"summary": {"steps": 24, "stop": "size-limit", "error": "step 24: a value would need more than 200 bits (--max-bits)"}}
2> gdtrace: step 24: a value would need more than 200 bits (--max-bits)

$ gdtrace --max-bits 200 --format jsonl --fields step,w --every 0
? 1
> {"summary": {"steps": 46, "stop": "size-limit", "w": "66476117046415807326862425861336332693125001052869591773082", "error": "step 47: a value would need more than 200 bits (--max-bits)"}}
2> gdtrace: step 47: a value would need more than 200 bits (--max-bits)

# Errors.
$ gdtrace --every -1
? 2
2> gdtrace: --every: '-1' is too small (at least 0)

$ gdtrace --every 2.5
? 2
2> gdtrace: --every: '2.5' is not a whole number

$ gdtrace --every 0 --format python
? 2
2> gdtrace: --every: '0' prints no step, and python prints the list of the printed steps' w

$ gdtrace --every 0 --format csv
? 2
2> gdtrace: --every: '0' prints no step, and csv has no summary (give --format jsonl or text)

$ gdtrace compare --every 2
? 2
2> gdtrace: --every: is not an option of 'gdtrace compare' (see gdtrace compare --help)

$ gdtrace --fields w,bogus
? 2
2> gdtrace: --fields: 'bogus' is not a field (step, w, grad, loss)

$ gdtrace --loss 'x^2 + y^2' --w0 x=1,y=1 --fields grad_z
? 2
2> gdtrace: --fields: 'grad_z' is not a field (step, w, grad, loss, x, y, grad_x, grad_y)

$ gdtrace --loss 'x^2 + y^2' --w0 x=1,y=1 --fields w,x
? 2
2> gdtrace: --fields: 'x' names a field named before it

$ gdtrace --fields w,,loss
? 2
2> gdtrace: --fields: entry 2 of 'w,,loss' is empty

$ gdtrace --fields w --format python
? 2
2> gdtrace: --fields: 'w' does not apply to --format python, which prints the list of w

# --resume: a thinned file cannot be continued, nor one without the state.
$ cd "$(mktemp -d)" && gdtrace --format jsonl --every 2 > r.jsonl && gdtrace --format jsonl --every 2 --resume r.jsonl
? 2
2> gdtrace: --resume: 'r.jsonl': --every 2 writes a thinned file, and a resume needs every step

$ cd "$(mktemp -d)" && gdtrace --format jsonl --every 2 > r.jsonl && gdtrace --format jsonl --resume r.jsonl
? 2
2> gdtrace: --resume: r.jsonl, line 2: step 2 where step 1 belongs: steps are missing, as --every 2 leaves them out, and a resume needs every one

$ cd "$(mktemp -d)" && gdtrace --format csv --every 5 > r.csv && gdtrace --format csv --resume r.csv
? 2
2> gdtrace: --resume: r.csv, line 3: step 5 where step 1 belongs: steps are missing, as --every 5 leaves them out, and a resume needs every one

$ cd "$(mktemp -d)" && gdtrace --format csv --max-iter 3 > r.csv && gdtrace --format csv --fields step,loss --resume r.csv
? 2
2> gdtrace: --resume: 'r.csv': --fields leaves out w, which the state needs

$ cd "$(mktemp -d)" && gdtrace --format csv --max-iter 3 > r.csv && gdtrace --format csv --fields w,grad,loss --resume r.csv
? 2
2> gdtrace: --resume: 'r.csv': --fields leaves out step, which a resume reads back

$ cd "$(mktemp -d)" && gdtrace --loss 'x^2 + y^2' --w0 x=1,y=1 --format jsonl --max-iter 3 > r.jsonl && gdtrace --loss 'x^2 + y^2' --w0 x=1,y=1 --format jsonl --fields step,x --resume r.jsonl
? 2
2> gdtrace: --resume: 'r.jsonl': --fields leaves out y, which the state needs

$ cd "$(mktemp -d)" && gdtrace --format jsonl --max-iter 3 --fields step,loss > r.jsonl && gdtrace --format jsonl --resume r.jsonl
? 2
2> gdtrace: --resume: r.jsonl: its records hold step,loss only (written with --fields), which leave out w, and a resume needs it

$ cd "$(mktemp -d)" && gdtrace --format csv --max-iter 3 --fields step,grad > r.csv && gdtrace --format csv --resume r.csv
? 2
2> gdtrace: --resume: r.csv: its records hold step,grad only (written with --fields), which leave out w, and a resume needs it

$ cd "$(mktemp -d)" && gdtrace --format csv --max-iter 3 --fields step,w > r.csv && gdtrace --format csv --resume r.csv
? 2
2> gdtrace: --resume: r.csv: its records hold step,w only: resume it with --fields step,w

# With the same --fields, holding the step and the state, a file goes on.
$ for f in csv jsonl; do gdtrace --format $f --max-iter 40 --fields step,w > /tmp/gdtrace-full.$$; gdtrace --format $f --max-iter 20 --fields step,w > /tmp/gdtrace-part.$$; gdtrace --format $f --max-iter 40 --fields step,w --resume /tmp/gdtrace-part.$$ && cmp /tmp/gdtrace-full.$$ /tmp/gdtrace-part.$$ && echo "$f: same"; done; rm -f /tmp/gdtrace-full.$$ /tmp/gdtrace-part.$$
> csv: same
> jsonl: same

# run --at: its one step is the last, printed unless --every 0.
$ gdtrace --at 3 --fields step,w --format csv
> step,w
> 3,-6858

$ gdtrace --at 3 --every 0 --format jsonl
> {"summary": {"steps": 3, "stop": "at", "w": "-6858", "loss": "47045883"}}
