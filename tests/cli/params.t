# Several parameters, data sets, hand-written partials.

# Parameters in order of first appearance, all updated from the same point.
$ gdtrace --loss 'a^2 + b^2' --w0 a=1,b=2 --grad 'a=2*a' --grad 'b=2*b' --lr 0.5 --format jsonl
> {"step": 0, "a": "1", "b": "2", "grad_a": "2", "grad_b": "4", "loss": "5"}
> {"step": 1, "a": "0", "b": "0", "grad_a": "0", "grad_b": "0", "loss": "0"}
> {"summary": {"steps": 1, "stop": "grad-zero", "a": "0", "b": "0", "loss": "0"}}

$ gdtrace --loss '(a - 2*b)^2 + b' --w0 'b = 1, a = 0' --lr 0.1 --max-iter 2
> gdtrace run
>   loss      (a - 2*b)^2 + b
>   grad a    2*(a - 2*b)  (derived exactly from the loss)
>   grad b    2*(a - 2*b)*(-2) + 1  (derived exactly from the loss)
>   lr        0.1
>   a0        0
>   b0        1
>   max-iter  2
>   mode      exact (GMP integers and rationals, never rounded)
> step  a  b  loss  |grad|
>    0  0  1  5  9.84886
>    1  0.4  0.1  0.14  0.447214
>    2  0.36  0.08  0.12  0.447214
> stop      max-iter after 2 steps
> a         0.36
> b         0.08
> loss      0.12

$ gdtrace --loss '(a - 2*b)^2 + b' --w0 a=0,b=1 --lr 0.1 --max-iter 2 --format csv --mode binary32
> step,a,b,grad_a,grad_b,loss
> 0,0.0,1.0,-4.0,9.0,5.0
> 1,0.4,0.099999964,0.40000015,0.19999969,0.14
> 2,0.35999998,0.08,0.39999998,0.20000005,0.11999999

# A data set: mean() over its rows; the least-squares line of y = 2x.
$ gdtrace --data tests/cli/data/tiny.csv --loss 'mean((a*x - y)^2)' --w0 0 --max-iter 3 --lr 0.1 --format csv
> step,w,grad,loss
> 0,0,-56/3,56/3
> 1,28/15,-56/45,56/675
> 2,448/225,-56/675,56/151875
> 3,6748/3375,-56/10125,56/34171875

$ gdtrace --data data/linreg.csv --loss 'mean((a*x + b - y)^2)' --w0 a=0,b=0 --lr 0.05 --max-iter 2
> gdtrace run
>   loss      mean((a*x + b - y)^2)
>   data      data/linreg.csv (20 rows: x, y)
>   grad a    mean(2*(a*x + b - y)*x)  (derived exactly from the loss)
>   grad b    mean(2*(a*x + b - y))  (derived exactly from the loss)
>   lr        0.05
>   a0        0
>   b0        0
>   max-iter  2
>   mode      exact (GMP integers and rationals, never rounded)
> step  a  b  loss  |grad|
>    0  0  0  45.864715  41.3455
>    1  1.975057  0.61055  0.248316172613847735  2.78986
>    2  2.1061295692145  0.65828176915  0.04012267616241272392159852790375  0.237023
> stop      max-iter after 2 steps
> a         2.1061295692145
> b         0.65828176915
> loss      0.04012267616241272392159852790375

$ gdtrace --data tests/cli/data/tiny.csv --loss 'sum((a*x - y)^2)' --w0 a=3 --max-iter 1 --lr 0.01 --format jsonl
> {"step": 0, "w": "3", "grad": "28", "loss": "14"}
> {"step": 1, "w": "2.72", "grad": "20.16", "loss": "7.2576"}
> {"summary": {"steps": 1, "stop": "max-iter", "w": "2.72", "loss": "7.2576"}}

# The data's cells are rounded once into the format.
$ gdtrace --data data/linreg.csv --loss 'mean((a*x + b - y)^2)' --w0 a=0,b=0 --lr 0.05 --max-iter 2 --mode binary16 --format csv
> step,a,b,grad_a,grad_b,loss
> 0,0.0,0.0,-39.53,-12.2,45.8
> 1,1.977,0.61,-2.59,-0.9453,0.2435
> 2,2.105,0.657,-0.1497,-0.1979,0.04068

# Comparing on several parameters: events per parameter and for the loss.
$ gdtrace compare --layout long --data data/linreg.csv --loss 'mean((a*x + b - y)^2)' --w0 a=0,b=0 --lr 0.05 --max-iter 200 --modes exact,binary32,bfloat16
| sed -n '/^events/,$p'
> events against exact (the first step; - never)
> mode      of    differs  no-digits  subnormal    zero     inf     nan   stall  stop
> exact     a           -          -          -       0       -       -       -  max-iter after 200
>           b           -          -          -       0       -       -       -
>           loss        -          -          -       -       -       -       -
> binary32  a           1          -          -       0       -       -       -  max-iter after 200
>           b           1          -          -       0       -       -       -
>           loss        0          -          -       -       -       -       -
> bfloat16  a           1          -          -       0       -       -      46  max-iter after 200
>           b           1        109          -       0       -       -      46
>           loss        0         13          -       -       -       -      46

# Errors.
$ gdtrace --data tests/cli/data/ragged.csv --loss 'mean((a*x-y)^2)' --w0 0
? 2
2> gdtrace: --data: tests/cli/data/ragged.csv:3: 1 cell, but the header has 2 columns

$ gdtrace --data tests/cli/data/notnum.csv --loss 'mean((a*x-y)^2)' --w0 0
? 2
2> gdtrace: --data: tests/cli/data/notnum.csv:3:3: cell 'abc' is not a number

$ gdtrace --data tests/cli/data/empty.csv --loss 'mean((a*x-y)^2)'
? 2
2> gdtrace: --data: tests/cli/data/empty.csv: empty data file: no header row

$ gdtrace --data tests/cli/data/nofile.csv
? 2
2> gdtrace: --data: tests/cli/data/nofile.csv: cannot open: No such file or directory

$ gdtrace --data tests/cli/data/tiny.csv --loss 'x*a'
? 2
2> gdtrace: --loss, column 1: column 'x' outside mean() or sum() (a parameter cannot have a column's name)
2>   x*a
2>   ^

$ gdtrace --data tests/cli/data/tiny.csv --loss 'mean(a*z)' --w0 a=1
? 2
2> gdtrace: --w0: no starting value for 'z' (the columns of tests/cli/data/tiny.csv are x, y)

$ gdtrace --loss 'mean(a*x)'
? 2
2> gdtrace: --loss, column 1: mean() needs a data set (--data FILE)
2>   mean(a*x)
2>   ^

$ gdtrace --loss 'a^2 + b^2'
? 2
2> gdtrace: --w0: the loss has 2 parameters (a, b): give each, as a=X,...

$ gdtrace --loss 'a^2 + b^2' --w0 a=1
? 2
2> gdtrace: --w0: no starting value for 'b'

$ gdtrace --loss 'a^2 + b^2' --w0 a=1,c=2
? 2
2> gdtrace: --w0: 'c' is not a parameter of the loss (a, b)

$ gdtrace --loss 'a^2 + b^2' --w0 a=1,a=2
? 2
2> gdtrace: --w0: 'a' is given twice

$ gdtrace --loss 'a^2 + b^2' --w0 a=1,b=x
? 2
2> gdtrace: --w0: 'x' is not a number

$ gdtrace --loss 'a^2 + b^2' --w0 a=1,b
? 2
2> gdtrace: --w0: 'b' is not NAME=X

$ gdtrace --loss 'a^2 + b^2' --w0 a=1,b=2 --grad 'a'
? 2
2> gdtrace: --grad: the loss has 2 parameters: give each gradient as NAME=EXPR

$ gdtrace --loss 'a^2 + b^2' --w0 a=1,b=2 --grad 'c=a'
? 2
2> gdtrace: --grad, column 1: 'c' is not a parameter of the loss
2>   c=a
2>   ^

$ gdtrace --loss 'a^2 + b^2' --w0 a=1,b=2 --grad 'a=2*a' --grad 'a=2'
? 2
2> gdtrace: --grad, column 1: a second gradient for 'a'
2>   a=2
2>   ^

$ gdtrace --loss 'a^2 + b^2' --w0 a=1,b=2 --grad 'b=2*b +'
? 2
2> gdtrace: --grad, column 8: expected an expression at the end
2>   b=2*b +
2>          ^

$ gdtrace --loss 'a^2 + b^2' --w0 a=1,b=2 --format python
? 2
2> gdtrace: --format: 'python' prints the notes' list of one weight; the loss has several parameters

$ gdtrace --mode int32 --data tests/cli/data/tiny.csv --loss 'mean((a*x - y)^2)' --w0 0
? 2
2> gdtrace: mode int32 has no division, and the loss takes a mean
