# Stochastic rounding (--sr, --seed) and ensembles (--runs): issue 14.
# The exact probabilities, the unbiasedness and Philox's known answers are
# tests/unit/test_sr.c's.

# The notes' loss at lr 0.1 in bfloat16: round to nearest stalls at 1.016
# (the update 0.1 * 2^-5 is below half the spacing 2^-7 of w there) ...
$ gdtrace run --mode bfloat16 --lr 0.1 --max-iter 100 --stop stall --format csv --fields step,w
| tail -2
> 18,1.016
> 19,1.016

# ... stochastic rounding of the update reaches 1, where the gradient is
# exactly zero, for seeds 0 to 2.
$ for s in 0 1 2; do gdtrace run --mode bfloat16 --lr 0.1 --max-iter 40 --sr update --seed $s --format jsonl | tail -1; done
> {"summary": {"steps": 35, "stop": "grad-zero", "w": "1.0", "loss": "2.0"}}
> {"summary": {"steps": 26, "stop": "grad-zero", "w": "1.0", "loss": "2.0"}}
> {"summary": {"steps": 21, "stop": "grad-zero", "w": "1.0", "loss": "2.0"}}

# --sr all rounds the loss too; the update in fma is one rounding.
$ gdtrace run --mode bfloat16 --lr 0.1 --max-iter 40 --sr all --seed 3 --format jsonl | tail -1
> {"summary": {"steps": 22, "stop": "grad-zero", "w": "1.0", "loss": "2.0"}}

$ gdtrace run --mode bfloat16 --lr 0.1 --max-iter 40 --sr update --update fma --format jsonl | tail -1
> {"summary": {"steps": 35, "stop": "grad-zero", "w": "1.0", "loss": "2.0"}}

# A run is the same bit for bit from its seed whatever is printed: the
# parameters of a run printing every value are those of one printing w.
$ diff <(gdtrace run --mode binary16 --lr 0.01 --max-iter 60 --sr all --seed 9 --format csv --digits hex | cut -d, -f1,2) <(gdtrace run --mode binary16 --lr 0.01 --max-iter 60 --sr all --seed 9 --format csv --digits hex --fields step,w --every 1) && echo same
> same

# The header says the recipe.
$ gdtrace run --mode binary32 --lr 0.1 --max-iter 2 --sr all --seed 18446744073709551615
> gdtrace run
>   loss      (w-1)^2 + 2
>   grad      2*(w - 1)  (derived exactly from the loss)
>   lr        0.1  (rounded to 0.100000001490116119384765625)
>   w0        2
>   max-iter  2
>   mode      binary32, 24 bits, rounding N (to nearest, ties to even)
>   sr        every operation rounded stochastically, seed 18446744073709551615
> step  w  loss(w)
>    0  2.0  3.0
>    1  1.8  2.64
>    2  1.6399999  2.4095998
> stop      max-iter after 2 steps
> w         1.6399999
> loss      2.4095998

# mpfr, binary128 and binary64 round stochastically too (the last steps of
# a run of 60).
$ gdtrace run --mode mpfr --prec 10 --lr 0.1 --max-iter 40 --sr update --format csv --fields step,w | tail -1
> 35,1.0

$ gdtrace run --mode binary128 --loss 'exp(w) - w' --lr 0.5 --w0 1 --max-iter 5 --sr all --digits hex --format csv
> step,w,grad,loss
> 0,0x1p+0,0x1.b7e151628aed2a6abf7158809cf6p+0,0x1.b7e151628aed2a6abf7158809cf6p+0
> 1,0x1.207aba75d44b5655023a9dfd8c28p-3,0x1.35c910a3b43b26a9948c191fdab8p-3,0x1.02a9cac5bbfdfa0a924a2f6449d2p+0
> 2,0x1.0b2c6447f45b86006fe922db3d98p-4,0x1.14145ea47bdf1d5cb7c1d2adf11p-4,0x1.008e7fa5c8783975c47d8afd2b39p+0
> 3,0x1.024469eb6cd7eea4281073088a2p-5,0x1.0661abe4ab2c90bf6c7c1e14b78p-5,0x1.0020ea0fc9f2a510da235d58616bp+0
> 4,0x1.fc4e4fe45d069911c7498ff8b98p-7,0x1.002269fd13cfe7c44ba5e2faf74p-6,0x1.0007ed082b95326ceda0046bfa6ap+0
> 5,0x1.f857cbce926d629af74759fb848p-8,0x1.fa49df971131f42628c0f331b5p-8,0x1.0001f213c87ec4918b317999363p+0

$ gdtrace run --mode binary64 --loss 'exp(w) - w' --lr 0.5 --w0 1 --max-iter 5 --sr all --digits hex --format csv
> step,w,grad,loss
> 0,0x1p+0,0x1.b7e151628aed2p+0,0x1.b7e151628aed2p+0
> 1,0x1.207aba75d44b8p-3,0x1.35c910a3b43bp-3,0x1.02a9cac5bbfdfp+0
> 2,0x1.0b2c6447f45cp-4,0x1.14145ea47bep-4,0x1.008e7fa5c8784p+0
> 3,0x1.024469eb6cd8p-5,0x1.0661abe4ab2cp-5,0x1.0020ea0fc9f2ap+0
> 4,0x1.fc4e4fe45d08p-7,0x1.002269fd13dp-6,0x1.0007ed082b953p+0
> 5,0x1.f857cbce927p-8,0x1.fa49df97113p-8,0x1.0001f213c87ecp+0

# A data set: each row's operations have their own random bits.
$ gdtrace run --mode bfloat16 --data tests/cli/data/tiny.csv --loss 'mean((w*x - y)^2)' --w0 0 --lr 0.05 --max-iter 3 --sr all --format csv
> step,w,grad,loss
> 0,0.0,-18.6,18.6
> 1,0.93,-10.0,5.34
> 2,1.43,-5.3,1.484
> 3,1.695,-2.84,0.426

# Ensembles: 8 runs in lockstep, every 10th step, next to the exact run.
$ gdtrace run --mode bfloat16 --lr 0.1 --max-iter 40 --sr update --runs 6 --every 10
> gdtrace run
>   loss      (w-1)^2 + 2
>   grad      2*(w - 1)  (derived exactly from the loss)
>   lr        0.1  (rounded to 0.10009765625)
>   w0        2
>   max-iter  40
>   mode      bfloat16, 8 bits, rounding N (to nearest, ties to even)
>   sr        the update rounded stochastically, seed 0
>   runs      6, seeds 0 .. 5, in lockstep; next to the exact run
>   stats     mean, std (NumPy's, ddof 0) to 17 digits
> step  w_exact  w_mean  w_std  w_min  w_max  loss_exact  loss_mean  loss_std  loss_min  loss_max
>    0  2  2  0  2.0  2.0  3  3  0  3.0  3.0
>   10  1.1073741824  1.1080729166666667  0.0053686271166896622  1.1  1.12  2.01152921504606846976  2.015625  0  2.02  2.02
>   20  1.01152921504606846976  1.0143229166666667  0.0070119333426230521  1.01  1.02  2.0001329227995784915872903807060280344576  2  0  2.0  2.0
>   30  1.001237940039285380274899124224  1.0013020833333333  0.0029115468457028512  1.0  1.01  2.000001532495540865888858358347027150309183618739122183602176  2  0  2.0  2.0
>   35  1.00040564819207303340847894502572032  1  0  1.0  1.0  2.0000001645504557321206042154969182557350504982735865633579863348609024  2  0  2.0  2.0
> stop      after 35 steps: 6 grad-zero (of 6 runs)

$ gdtrace run --mode bfloat16 --lr 0.1 --max-iter 3 --sr update --runs 4 --seed 7 --format csv
> step,w_exact,w_mean,w_std,w_min,w_max,loss_exact,loss_mean,loss_std,loss_min,loss_max
> 0,2,2,0,2.0,2.0,3,3,0,3.0,3.0
> 1,1.8,1.796875,0,1.8,1.8,2.64,2.640625,0,2.64,2.64
> 2,1.64,1.63671875,0.00390625,1.63,1.64,2.4096,2.40625,0,2.4,2.4
> 3,1.512,1.5078125,0,1.51,1.51,2.262144,2.25,0,2.25,2.25

$ gdtrace run --mode bfloat16 --lr 0.1 --max-iter 2 --sr all --runs 3 --format jsonl
> {"step": 0, "w": {"exact": "2", "mean": "2", "std": "0", "min": "2.0", "max": "2.0"}, "loss": {"exact": "3", "mean": "3", "std": "0", "min": "3.0", "max": "3.0"}}
> {"step": 1, "w": {"exact": "1.8", "mean": "1.7994791666666667", "std": "0.003682847818679935", "min": "1.8", "max": "1.805"}, "loss": {"exact": "2.64", "mean": "2.6354166666666667", "std": "0.00736569563735987", "min": "2.62", "max": "2.64"}}
> {"step": 2, "w": {"exact": "1.64", "mean": "1.6380208333333333", "std": "0.003682847818679935", "min": "1.63", "max": "1.64"}, "loss": {"exact": "2.4096", "mean": "2.4114583333333333", "std": "0.00736569563735987", "min": "2.4", "max": "2.42"}}
> {"summary": {"steps": 2, "runs": 3, "seed": 0, "stops": {"max-iter": 3}}}

# compare: a lane per recipe; with --runs its band in the plot (the table
# is the run of --seed's).
$ gdtrace compare --modes exact,bfloat16,bfloat16+sr,bfloat16+sr-all --lr 0.1 --max-iter 40 --format jsonl
| grep '"of": "w"'
> {"events": {"mode": "exact", "of": "w", "differs": null, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": null, "stop": "max-iter", "steps": 40}}
> {"events": {"mode": "bfloat16", "of": "w", "differs": 1, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": 18, "stop": "max-iter", "steps": 40}}
> {"events": {"mode": "bfloat16+sr", "of": "w", "differs": 1, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": 15, "stop": "grad-zero", "steps": 35}}
> {"events": {"mode": "bfloat16+sr-all", "of": "w", "differs": 1, "no_digits": null, "subnormal": null, "zero": null, "inf": null, "nan": null, "stall": 15, "stop": "grad-zero", "steps": 35}}

$ d=$(mktemp -d); gdtrace compare --modes exact,bfloat16,bfloat16+sr --lr 0.1 --max-iter 36 --runs 3 --plot $d/p.svg | tail -4; grep -o 'mean of 3 runs' $d/p.svg; rm -r $d
>                    stall        15  1.02
>              loss  differs       1  2.64
>                    stall        15  2.0
>                    stop         35  grad-zero
> mean of 3 runs

# sweep: each point's generator counts the point's number, so that threads
# and shards give the same bytes (the shards not under valgrind: four
# commands).
$ a=$(gdtrace sweep --mode binary16 --lr 0.01:0.3 --w0 0.5:3 --grid 4x3 --sr all --max-iter 30 --threads 1 | md5sum); b=$(gdtrace sweep --mode binary16 --lr 0.01:0.3 --w0 0.5:3 --grid 4x3 --sr all --max-iter 30 --threads 3 | md5sum); [ "$a" = "$b" ] && echo same
> same

$ d=$(mktemp -d); gdtrace sweep --mode binary16 --lr 0.01:0.3 --w0 0.5:3 --grid 4x3 --sr all --max-iter 30 --shard 1/2 > $d/a; gdtrace sweep --mode binary16 --lr 0.01:0.3 --w0 0.5:3 --grid 4x3 --sr all --max-iter 30 --shard 2/2 > $d/b; a=$(gdtrace merge $d/a $d/b | md5sum); b=$(gdtrace sweep --mode binary16 --lr 0.01:0.3 --w0 0.5:3 --grid 4x3 --sr all --max-iter 30 | md5sum); rm -r $d; [ "$a" = "$b" ] && echo same
~ valgrind
> same

$ gdtrace sweep --mode bfloat16 --lr 0.05:0.2 --grid 4 --sr update --max-iter 60
> lr,outcome,period,step,loss,class
> 0.05,converged,0,53,2.0,converges monotonically
> 0.1,converged,0,31,2.0,converges monotonically
> 0.15,converged,0,16,2.0,converges monotonically
> 0.2,converged,0,12,2.0,converges monotonically

# Errors: one line each (most of them option checks only, not run under
# valgrind, whose start costs a second a command).
$ gdtrace run --sr update
? 2
2> gdtrace: --sr: 'update': mode exact never rounds; stochastic rounding is for the IEEE formats and mpfr

$ gdtrace run --mode int32 --sr all
~ valgrind
? 2
2> gdtrace: --sr: 'all': mode int32 never rounds; stochastic rounding is for the IEEE formats and mpfr

$ gdtrace run --mode native-double --sr update
? 2
2> gdtrace: --sr: 'update': mode native-double rounds as the machine does, never stochastically (take its IEEE format: binary64 or binary32)

$ gdtrace run --mode bfloat16 --sr sometimes
~ valgrind
? 2
2> gdtrace: --sr: 'sometimes' is not update or all

$ gdtrace run --mode bfloat16 --seed 3
~ valgrind
? 2
2> gdtrace: --seed: '3': there is nothing random to seed without --sr

$ gdtrace run --mode bfloat16 --sr update --seed -1
~ valgrind
? 2
2> gdtrace: --seed: '-1' is not a whole number from 0 to 2^64-1

$ gdtrace run --mode bfloat16 --sr update --seed 18446744073709551616
~ valgrind
? 2
2> gdtrace: --seed: '18446744073709551616' is not a whole number from 0 to 2^64-1

$ gdtrace run --mode bfloat16 --runs 4
? 2
2> gdtrace: --runs: '4' repeats a stochastic run: it needs --sr

$ gdtrace run --mode bfloat16 --sr update --runs 0
~ valgrind
? 2
2> gdtrace: --runs: '0' is too small (at least 1)

$ gdtrace run --mode bfloat16 --sr update --runs 4 --format python
~ valgrind
? 2
2> gdtrace: --runs: '4': an ensemble prints text, csv or jsonl

$ gdtrace run --mode bfloat16 --sr update --runs 4 --fields w
? 2
2> gdtrace: --runs: '4': an ensemble prints every quantity's statistics (no --fields)

$ gdtrace run --mode bfloat16 --sr update --stop cycle
~ valgrind
? 2
2> gdtrace: --stop: 'cycle': with stochastic rounding a state met again is no cycle (the rounding that follows is another)

$ gdtrace compare --modes exact+sr,bfloat16
? 2
2> gdtrace: --modes: 'exact+sr': stochastic rounding is for the IEEE formats and mpfr (mode exact never rounds)

$ gdtrace compare --modes exact,bfloat16+sr+sr-al
~ valgrind
? 2
2> gdtrace: --modes: 'bfloat16+sr+sr-al': '+sr-al' is not a recipe or an optimizer (+master32, +master64, +master128, +kahan, +sr, +sr-all, +scale, +sgd, +momentumM, +nesterovM, +adam, +adamw)

$ gdtrace compare --modes exact,native-float+sr
~ valgrind
? 2
2> gdtrace: --modes: 'native-float+sr': stochastic rounding is for the IEEE formats and mpfr (mode native-float rounds as the machine does)

$ gdtrace compare --modes exact,bfloat16 --runs 2
? 2
2> gdtrace: --runs: '2' repeats a stochastic run: it needs --sr or a mode with +sr

$ gdtrace compare --modes exact,bfloat16+sr --runs 2 --format python
~ valgrind
? 2
2> gdtrace: --format: 'python' is for runs; compare prints text, csv or jsonl

# Every recipe in one --modes, from the one table: each lane its own
# (bfloat16 with a float32 master reaches 1 at step 25, as in recipes.t).
$ gdtrace compare --lr 0.1 --max-iter 40 --modes exact,bfloat16+sr,bfloat16+master32,binary32+kahan --update fma --format jsonl | grep '"of": "w"' | cut -d, -f1,10,11
> {"events": {"mode": "exact", "stop": "max-iter", "steps": 40}}
> {"events": {"mode": "bfloat16+sr", "stop": "grad-zero", "steps": 35}}
> {"events": {"mode": "bfloat16+master32", "stop": "grad-zero", "steps": 25}}
> {"events": {"mode": "binary32+kahan", "stop": "max-iter", "steps": 40}}

# Stochastic rounding takes no master and no kahan: refused, one line.
$ gdtrace --mode bfloat16 --sr update --master binary32
? 2
2> gdtrace: --master: 'binary32' with --sr: stochastic rounding and master weights do not combine (the master's update is rounded as --round says): take one of them

$ gdtrace compare --modes exact,bfloat16+master32+sr
? 2
2> gdtrace: --modes: 'bfloat16+master32+sr': stochastic rounding and master weights do not combine (the master's update is rounded as --round says): take one of them

# Stochastic rounding and the certified run (issue 14 with the certified
# modes): a proven exact-real run has nothing random in it.
$ gdtrace run --certify --sr update --lr 0.1 --max-iter 2
? 2
2> gdtrace: --sr: 'update' does not apply to --certify: the run is the exact-real one, proven, and nothing in it is random

$ gdtrace sweep --certify --sr all --lr 0.1:0.3 --grid 3
~ valgrind
? 2
2> gdtrace: --sr: 'all' does not apply to --certify: the run is the exact-real one, proven, and nothing in it is random

$ gdtrace boundary --sr update --lr 0.1:1.5
~ valgrind
? 2
2> gdtrace: --sr: is not an option of 'gdtrace boundary' (see gdtrace boundary --help)

$ gdtrace compare --modes exact,certified+sr
? 2
2> gdtrace: --modes: 'certified+sr': mode certified is the exact-real run, proven, and takes no recipe (no master, kahan or stochastic rounding)

$ gdtrace compare --modes exact,certified+master32
? 2
2> gdtrace: --modes: 'certified+master32': mode certified is the exact-real run, proven, and takes no recipe (no master, kahan or stochastic rounding)

$ gdtrace compare --modes exact,certified+kahan
? 2
2> gdtrace: --modes: 'certified+kahan': mode certified is the exact-real run, proven, and takes no recipe (no master, kahan or stochastic rounding)

# A certified reference decides a stochastic lane's digits as the exact
# one does, its other runs kept in the lane.
$ diff <(gdtrace compare --modes certified,bfloat16+sr --lr 0.1 --max-iter 20 --runs 2 --format csv | grep sr) <(gdtrace compare --modes exact,bfloat16+sr --lr 0.1 --max-iter 20 --runs 2 --format csv | grep sr) && echo same
> same

$ gdtrace compare --modes certified,bfloat16+sr --lr 0.1 --max-iter 20 --format csv | grep 'sr,w' | tail -1
> 20,bfloat16+sr,w,1.016,0.0040491,2
