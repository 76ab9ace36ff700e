# Edges of reading the problem (issue 9): lists with empty or repeated
# entries, long flat expressions, names shared by a column and a parameter,
# what a mode can compute, sums over many data rows.

# --- item 22: a mode named twice, through an alias too, is refused
$ gdtrace compare --modes binary64,double
? 2
2> gdtrace: --modes: 'binary64' and 'double' are the same mode (binary64)

$ gdtrace compare --modes half,binary32,float16
? 2
2> gdtrace: --modes: 'half' and 'float16' are the same mode (binary16)

$ gdtrace compare --modes exact,binary64,exact
? 2
2> gdtrace: --modes: 'exact' is named twice

# native-double is the machine's arithmetic, another mode than binary64
$ gdtrace compare --modes binary64,native-double --max-iter 2 --format csv | cut -d, -f2 | sort -u
> binary64
> mode
> native-double

# --- item 22: empty entries in --modes and --w0
$ gdtrace compare --modes exact,,binary64
? 2
2> gdtrace: --modes: entry 2 of 'exact,,binary64' is empty

$ gdtrace compare --modes exact,binary64,
? 2
2> gdtrace: --modes: entry 3 of 'exact,binary64,' is empty

$ gdtrace compare --modes ,exact
? 2
2> gdtrace: --modes: entry 1 of ',exact' is empty

$ gdtrace --loss 'a^2 + b^2' --w0 a=1,,b=2
? 2
2> gdtrace: --w0: entry 2 of 'a=1,,b=2' is empty

$ gdtrace --loss 'a^2 + b^2' --w0 a=1,b=2,
? 2
2> gdtrace: --w0: entry 3 of 'a=1,b=2,' is empty

$ gdtrace --loss 'a^2 + b^2' --w0 'a=1, ,b=2'
? 2
2> gdtrace: --w0: entry 2 of 'a=1, ,b=2' is empty

# --- item 22: a flat sum or product of any length parses; the depth limit
# counts nesting only
$ gdtrace --loss "$(printf 'w+%.0s' $(seq 1999))w" --max-iter 1 --format csv
> step,w,grad,loss
> 0,2,2000,4000
> 1,-19998,2000,-39996000

$ gdtrace --loss "$(printf 'w*%.0s' $(seq 1999))w" --grad '2000*w^1999' --w0 1 --lr 0 --max-iter 1 --format csv
> step,w,grad,loss
> 0,1,2000,1
> 1,1,2000,1

$ gdtrace --loss "2*w$(printf -- '-w/2%.0s' $(seq 2000))" --max-iter 1 --format csv
> step,w,grad,loss
> 0,2,-998,-1996
> 1,9982,-998,-9962036

# a product's derivative grows with the square of its length
$ gdtrace --loss "$(printf 'w*%.0s' $(seq 1999))w"
? 2
2> gdtrace: --loss: the derivative is too large (more than 1000000 nodes)

# 100,000 terms from a file, in three modes: the binary64 values are
# Python's (w**2/131072 summed term by term)
$ d=$(mktemp -d) && { printf 'w^2/131072+%.0s' $(seq 99999); echo 'w^2/131072'; } > "$d/loss" && wc -c < "$d/loss" && for m in exact binary64 mpfr; do gdtrace --loss "@$d/loss" --lr 0.25 --mode $m --max-iter 2 --format csv | tail -n 1; done; rm -r "$d"
> 1100000
> 2,0.7651593983173370361328125,1.167540585811366327106952667236328125,0.44667732607524813473638680694222102829371578991413116455078125
> 2,0.765159398317337,1.1675405858113663,0.44667732607576066
> 2,0.765159398317337,1.1675405858113663,0.44667732607576066

# a product of 100,000 factors parses and runs (its derivative, of some
# 5 billion nodes, is refused)
$ d=$(mktemp -d) && { printf 'w*%.0s' $(seq 99999); echo w; } > "$d/prod" && gdtrace --loss "@$d/prod" --grad '100000*w^99999' --w0 1 --lr 0 --max-iter 1 --format csv && gdtrace --loss "@$d/prod" 2>&1; rm -r "$d"
> step,w,grad,loss
> 0,1,100000,1
> 1,1,100000,1
> gdtrace: --loss: the derivative is too large (more than 1000000 nodes)

# nesting is still bounded: each "w-(" opens a level, 2001 here (the
# outermost '-' is one too many)
$ gdtrace --loss "$(printf 'w-(%.0s' $(seq 2000))w$(printf ')%.0s' $(seq 2000))" 2>&1 | head -n 1
> gdtrace: --loss, column 2: expression nested too deeply (more than 2000 levels)

$ gdtrace --loss "$(printf 'w+w*(%.0s' $(seq 1000))w$(printf ')%.0s' $(seq 1000))" 2>&1 | head -n 1
> gdtrace: --loss, column 2: expression nested too deeply (more than 2000 levels)

# --- item 21: an expression file that is a directory
$ gdtrace --loss @.
? 2
2> gdtrace: --loss: .: Is a directory

$ gdtrace --grad @tests
? 2
2> gdtrace: --grad: tests: Is a directory

# --- item 20: a name that is both a data column and a parameter
$ d=$(mktemp -d) && printf 'w,x\n1,2\n3,4\n' > "$d/wx.csv" && gdtrace --data "$d/wx.csv" --loss 'mean((w-x)^2)'; s=$?; rm -r "$d"; exit $s
? 2
2> gdtrace: --loss, column 7: the loss has no parameter: 'w' is a data column (a parameter cannot have a column's name)
2>   mean((w-x)^2)
2>         ^

$ d=$(mktemp -d) && printf 'w,x\n1,2\n3,4\n' > "$d/wx.csv" && gdtrace --data "$d/wx.csv" --loss 'mean((w-x)^2) + w^2'; s=$?; rm -r "$d"; exit $s
? 2
2> gdtrace: --loss, column 17: column 'w' outside mean() or sum() (a parameter cannot have a column's name)
2>   mean((w-x)^2) + w^2
2>                   ^

# a loss with no parameter keeps the parameter w when no column has its name
$ gdtrace --data tests/cli/data/tiny.csv --loss 'mean(x)' --max-iter 1 --format csv
> step,w,grad,loss
> 0,2,0,2

# --- item 15: a mode's functions are declared, never probed: log(1) = 0
# is rational, and the exact mode computes it
$ gdtrace --loss 'log(w)^2' --w0 1
> gdtrace run
>   loss      log(w)^2
>   grad      2*log(w)*(1/w)  (derived exactly from the loss)
>   lr        10
>   w0        1
>   max-iter  50
>   mode      exact (GMP integers and rationals, never rounded)
> step  w  loss(w)
>    0  1  0
> stop      grad-zero after 0 steps
> w         1
> loss      0

$ gdtrace --loss '(exp(w) - 1)^2 + (sqrt(w + 4) - 2)^2' --w0 0 --format csv
> step,w,grad,loss
> 0,0,0,0

$ gdtrace --loss 'cos(w) + sin(w) + tan(w) + tanh(w) + sigmoid(w)' --w0 0 --lr 0 --max-iter 1 --format csv
> step,w,grad,loss
> 0,0,3.25,1.5
> 1,0,3.25,1.5

# where the value is irrational the message names the function, the value
# and the step
$ gdtrace --loss 'log(w)^2' --w0 2 --format csv
? 1
> step,w,grad,loss
2> gdtrace: step 0: log(2) has no exact value, evaluating the loss at w = 2 (the exact mode holds rationals only: try --mode mpfr)

$ gdtrace --loss 'sqrt(w)' --w0 4 --lr 1 --format csv
? 1
> step,w,grad,loss
> 0,4,0.25,2
2> gdtrace: step 1: sqrt(3.75) has no exact value, evaluating the loss at w = 3.75 (the exact mode holds rationals only: try --mode mpfr)

# a mode without a function at all is refused before the run
$ gdtrace --mode int32 --loss 'exp(w)'
? 2
2> gdtrace: mode int32 has no exp, and the loss calls it

$ gdtrace --mode int8 --loss 'w^2/w'
? 2
2> gdtrace: mode int8 has no division, and the loss divides

$ gdtrace --mode int16 --loss 'abs(w) + max(w, 1)' --max-iter 1 --format csv
> step,w,grad,loss
> 0,2,2,4
> 1,-18,-1,19

# --- item 12: sums over many data rows.  The exact mode adds the rows
# pairwise; every addition is bounded by --max-bits, which ends the run as
# size-limit (100,000 rows k/(k+1) have a common denominator of 144,000
# bits)
$ d=$(mktemp -d) && awk 'BEGIN { print "x"; for (k = 1; k <= 100000; k++) print k "/" (k + 1) }' > "$d/r.csv" && gdtrace --data "$d/r.csv" --loss 'mean((w-x)^2)' --max-bits 100000 --format csv; s=$?; rm -r "$d"; exit $s
? 1
> step,w,grad,loss
2> gdtrace: step 0: a value would need more than 100000 bits (--max-bits)

# --- item 13: SIGINT stops a long sum over the rows between two rows (here
# step 1, whose w has a 144,000-bit denominator, would take minutes): exit
# 130 and the "interrupted" summary, well within the CPU limit
$ d=$(mktemp -d) && awk 'BEGIN { print "x"; for (k = 1; k <= 100000; k++) print k "/" (k + 1) }' > "$d/r.csv" && (ulimit -t 60; gdtrace --data "$d/r.csv" --loss 'mean(abs(w-x)*(w-x))' --max-iter 3 --format jsonl > "$d/out" & sleep 3; kill -INT $!; wait $!; echo "exit $?"); tail -n 1 "$d/out" | grep -o '"stop": "interrupted"'; rm -r "$d"
~ valgrind
> exit 130
> "stop": "interrupted"

# --- item 12: the issue's command, 100,000 rows k/(k+1): a polynomial
# body is summed as moments of the data set in the exact mode, so the
# step from w = 2 to a w with a 144,000-bit denominator takes a second
# (minutes before); the values are those of the loop over the rows
$ d=$(mktemp -d) && awk 'BEGIN { print "x"; for (k = 1; k <= 100000; k++) print k "/" (k + 1) }' > "$d/r.csv" && (ulimit -t 30; gdtrace --data "$d/r.csv" --loss 'mean((w-x)^2)' --max-iter 2 --format csv) | cut -c1-40; rm -r "$d"
> step,w,grad,loss
> 0,2,507562733069117818257184005394043416
> 1,-4568120880879713075272345465235019279
> 2,51038221334584817996440341977574016549

# --ref names a mode of --modes through its aliases too.
$ gdtrace compare --modes exact,binary64 --ref double --max-iter 1 --format csv | head -n 1
> step,mode,of,value,rel_err,digits

$ gdtrace compare --modes exact,binary64 --ref binary32 --max-iter 1
? 2
2> gdtrace: --ref: 'binary32' is not one of --modes
