# Numbers at the edges (issue 9): printing at a huge precision, printed
# values bounded by --max-bits, norms without overflow, negative zero.

# Item 17: the norm of finite partials is finite (it was inf at step 6,
# where grad_a = 2^726508277 and grad_b = 3 2^1820); checked with Python's
# decimal module: 2.98645825898531...E+218700783.
$ gdtrace --mode mpfr --prec 2 --loss 'a^4+b^4' --w0 a=1e100000,b=1 --lr 1 --max-iter 7 | sed -n '/^ *[567] /p'
>    5  -6e+24300086  -5e+60  1.4e+97200347  9.07191e+72900260
>    6  9e+72900260  4e+182  7e+291601043  2.98646e+218700783
>    7  -3e+218700783  -2e+548  inf  inf

# The norm rounds correctly to 6 digits: sqrt(3^2 + 4^2) = 5; a tie, the
# partial 1.234375 = 79/64, goes to even as in Python's '%.6g' (1.23438);
# sqrt(0.1^2 + 0.2^2) is 0.223607 as math.hypot(0.1, 0.2).
$ gdtrace --loss '3*a + 4*b' --lr 0 --max-iter 0 --w0 a=1,b=1 --mode binary64 | grep '^ *0 '
>    0  1.0  1.0  7.0  5

$ gdtrace --loss '1.234375*a + 0*b' --lr 0 --max-iter 0 --w0 a=1,b=1 --mode binary64 | grep '^ *0 '
>    0  1.0  1.0  1.234375  1.23438

$ gdtrace --loss 'a^2/2 + b^2/2' --lr 0 --max-iter 0 --w0 a=0.1,b=0.2 --mode binary64 | grep '^ *0 '
>    0  0.1  0.2  0.025000000000000005  0.223607
