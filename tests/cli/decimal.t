# The decimal path (issue 11, src/run/decpath.c): an exact run whose values
# are all integers and whose step is an affine map with integer
# coefficients is held in decimal limbs.  tests/cli/decimal-same runs each
# command in every format, on that path and on the exact path throughout
# (GDTRACE_DECIMAL=0), and checks that both write the same bytes: the
# notes' run, r = -3, r = -13 with a loss whose vertex is not the fixed
# point, r = 0 (grad-zero at step 1), r = 1 (a constant gradient, and a
# zero one), two parameters (a nilpotent step: grad-zero at step 2), the
# size limit (handed over to the exact path before it), --digits (left to
# the exact path) and --stop cycle (not taken).

$ tests/cli/decimal-same --max-iter 500
> stop      max-iter after 500 steps
> w         23812252354434895061552144171938392700690903939634736313525038
> loss      56702336219129020322256517361853718792798353627613363154722838
> same bytes in every format (exit 0 0 0 0)

$ tests/cli/decimal-same --max-iter 1000 --max-bits 3000
> stop      size-limit after 353 steps
> error     step 353: a value would need more than 3000 bits (--max-bits)
> gdtrace: step 353: a value would need more than 3000 bits (--max-bits)
> same bytes in every format (exit 1 1 1 1)

$ tests/cli/decimal-same --loss '(w-3)^2' --lr 2 --w0 5 --max-iter 40
> stop      max-iter after 40 steps
> w         24315330918113857605
> loss      591235317657383693264332840825533190404
> same bytes in every format (exit 0 0 0 0)

$ tests/cli/decimal-same --loss '7*w^2 - 4*w + 1' --grad '14*w - 5' --lr 1 --w0 -3 --max-iter 60
> stop      max-iter after 60 steps
> w         -2304469479421431434108701861156222702523159493263401645778402
> loss      37174057071094182371769073278414571993721457104244067160296579
> gdtrace: warning: --grad for w disagrees with the exact derivative of the loss at w = -3: -47 given, -46 derived
> same bytes in every format (exit 0 0 0 0)

$ tests/cli/decimal-same --loss '(w-5)^2 + 3*w' --grad 'w - 2' --lr 1 --w0 9
> stop      grad-zero after 1 step
> w         2
> loss      15
> gdtrace: warning: --grad for w disagrees with the exact derivative of the loss at w = 9: 7 given, 11 derived
> same bytes in every format (exit 0 0 0 0)

$ tests/cli/decimal-same --loss 'w - w + 4' --lr 3 --w0 8
> stop      grad-zero after 0 steps
> w         8
> loss      4
> same bytes in every format (exit 0 0 0 0)

$ tests/cli/decimal-same --loss '3*w - 4' --lr 2 --w0 1 --max-iter 20
> stop      max-iter after 20 steps
> w         -119
> loss      -361
> same bytes in every format (exit 0 0 0 0)

$ tests/cli/decimal-same --loss 'a^2 + b^2' --grad 'a=a - b + 1' --grad 'b=b - 2' --w0 a=5,b=7 --lr 1
> stop      grad-zero after 2 steps
> a         1
> b         2
> loss      5
> gdtrace: warning: --grad for a disagrees with the exact derivative of the loss at a = 5, b = 7: -1 given, 10 derived
> gdtrace: warning: --grad for b disagrees with the exact derivative of the loss at a = 5, b = 7: 5 given, 14 derived
> same bytes in every format (exit 0 0 0 2)

$ tests/cli/decimal-same --loss '(a-1)^2 + (b+2)^2 + a*b' --w0 a=2,b=-3 --lr 3 --max-iter 100
> stop      max-iter after 100 steps
> a         -3395059960557476810447409480682296935085780656109893751060240
> b         -3395059960557476810447409480682296935085780656109893751060227
> loss      34579296407341607987603398864093009591770385268686974166630477
> same bytes in every format (exit 0 0 0 2)

$ tests/cli/decimal-same --loss '(a-1)^2 + (b+2)^2 + a*b' --w0 a=2,b=-3 --lr 3 --max-iter 100 --max-bits 500
> stop      size-limit after 84 steps
> error     step 84: a value would need more than 500 bits (--max-bits)
> gdtrace: step 84: a value would need more than 500 bits (--max-bits)
> same bytes in every format (exit 1 1 1 2)

$ tests/cli/decimal-same --max-iter 100 --digits 7
> stop      max-iter after 100 steps
> w         7.505162e+127
> loss      5.632746e+255
> same bytes in every format (exit 0 0 2 2)

$ tests/cli/decimal-same --max-iter 100 --digits exact
> stop      max-iter after 100 steps
> w         75051624198251984443456989853061891539043939434909537798332873
> loss      56327462947956428267122158610163449757630929182503925548144362
> same bytes in every format (exit 0 0 0 2)

$ tests/cli/decimal-same --loss '(w-1)^2 + 2' --lr 10 --w0 2 --max-iter 50 --stop cycle,grad-zero
> stop      max-iter after 50 steps
> w         86632340496059544266440382006752122129007432622110180694596890
> loss      75051624198251984443456989853061891539043939434909537798332873
> same bytes in every format (exit 0 0 0 0)

# A loss of degree 1, and the fused update, whose size bound counts w: both
# handed over before the limit.

$ tests/cli/decimal-same --loss w --grad w --lr 3 --w0 1 --max-bits 4000 --max-iter 5000 --update fma
> stop      size-limit after 1997 steps
> error     step 1998: a value would need more than 4000 bits (--max-bits)
> w         -1435163369092818155291041501472102480027897127610869000597053
> loss      -1435163369092818155291041501472102480027897127610869000597053
> gdtrace: warning: --grad for w disagrees with the exact derivative of the loss at w = 1.5: 1.5 given, 1 derived
> gdtrace: step 1998: a value would need more than 4000 bits (--max-bits)
> same bytes in every format (exit 1 1 1 1)

$ tests/cli/decimal-same --max-iter 300 --update fma
> stop      max-iter after 300 steps
> w         42274675812109887307846816245496331950917970679514887978469050
> loss      17871482150189887599741672762898106974835893959093918453294501
> same bytes in every format (exit 0 0 0 0)

# A trajectory written on the decimal path and cut short resumes to the
# exact path's bytes.
$ d=$(mktemp -d) && gdtrace run --max-iter 80 --format csv > "$d/t" && head -n 41 "$d/t" > "$d/part" && gdtrace run --max-iter 80 --format csv --resume "$d/part" && GDTRACE_DECIMAL=0 gdtrace run --max-iter 80 --format csv | cmp - "$d/part" && echo resumed; rm -r "$d"
> resumed

# --every and --fields on the decimal path: the steps it does not print are
# not converted, the loss of an unprinted step not even computed; python
# refuses --fields on both paths alike

$ tests/cli/decimal-same --every 7 --max-iter 50
> stop      max-iter after 50 steps
> w         86632340496059544266440382006752122129007432622110180694596890
> loss      75051624198251984443456989853061891539043939434909537798332873
> same bytes in every format (exit 0 0 0 0)

$ tests/cli/decimal-same --every 10 --max-iter 100 --max-bits 200
> stop      size-limit after 30 steps
> error     step 30: a value would need more than 200 bits (--max-bits)
> gdtrace: step 30: a value would need more than 200 bits (--max-bits)
> same bytes in every format (exit 1 1 1 1)

$ tests/cli/decimal-same --fields step,w,loss --loss '(a-1)^2+3*(b+2)^2+a*b' --w0 a=2,b=-1 --lr 1 --every 4 --max-iter 30
> stop      max-iter after 30 steps
> a         1097620902469670082376
> b         4649596756386189267314
> loss      71164516224393909614191678317200439467430257
> same bytes in every format (exit 0 0 0 2)
