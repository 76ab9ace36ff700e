# Expressions that do not parse: the message, the expression and a caret
# under the bad column, exit 2, nothing on standard output.

$ gdtrace --loss '(w-1))^2'
? 2
2> gdtrace: --loss, column 6: unexpected ')'
2>   (w-1))^2
2>        ^

$ gdtrace --loss '(w-1'
? 2
2> gdtrace: --loss, column 1: missing ')'
2>   (w-1
2>   ^

# An exponent that is no constant integer makes x^y the call pow(x, y):
# a parameter in the exponent, and a constant fraction (exact where the
# power is rational, as sqrt).
$ gdtrace --loss 'w^x' --w0 w=2,x=3 --max-iter 0 --mode binary64 --format csv
> step,w,x,grad_w,grad_x,loss
> 0,2.0,3.0,12.0,5.545177444479562,8.0

$ gdtrace --loss 'w^(1/2)' --w0 4 --lr 2 --max-iter 2 --format csv
? 1
> step,w,grad,loss
> 0,4,0.25,2
2> gdtrace: step 1: pow(3.5, 0.5) has no exact value, evaluating the loss at w = 3.5 (the exact mode holds rationals only: try --mode mpfr)

$ gdtrace --loss '2 w'
? 2
2> gdtrace: --loss, column 3: unexpected 'w' after the expression
2>   2 w
2>     ^

$ gdtrace --loss 'w + $'
? 2
2> gdtrace: --loss, column 5: unexpected character '$'
2>   w + $
2>       ^

$ gdtrace --loss ''
? 2
2> gdtrace: --loss, column 1: empty expression
2>   
2>   ^

$ gdtrace --loss 'w*'
? 2
2> gdtrace: --loss, column 3: expected an expression at the end
2>   w*
2>     ^

$ gdtrace --loss 'w + x'
? 2
2> gdtrace: --w0: the loss has 2 parameters (w, x): give each, as w=X,...

$ gdtrace --loss 'w^1e30'
? 2
2> gdtrace: --loss, column 3: exponent too large
2>   w^1e30
2>     ^

$ gdtrace --loss 'w^(1/0)'
? 2
2> gdtrace: --loss, column 5: division by zero in the exponent
2>   w^(1/0)
2>       ^

$ gdtrace --loss '1e'
? 2
2> gdtrace: --loss, column 1: malformed number '1e'
2>   1e
2>   ^

$ gdtrace --grad 'x+1'
? 2
2> gdtrace: --grad, column 1: the gradient names 'x', which is not a parameter of the loss
2>   x+1
2>   ^

$ gdtrace --grad '2*(w-1'
? 2
2> gdtrace: --grad, column 3: missing ')'
2>   2*(w-1
2>     ^

$ gdtrace --loss "$(printf 'w-(%.0s' $(seq 3000))w"
? 2
2> gdtrace: --loss, column 6003: expression nested too deeply (more than 2000 levels)
2>   ...-(w-(w-(w-(w-(w-(w-(w-(w-(w-(w-(w-(w-(w-(w-(w-(w-(w-(w-(w-(w-(w-(w-(w-(w-(w-(w-(...
2>                                              ^

$ gdtrace --loss "$(printf '(%.0s' $(seq 5000))w"
? 2
2> gdtrace: --loss, column 2001: expression nested too deeply (more than 2000 levels)
2>   ...((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((...
2>                                              ^

