# --stop cycle: stop when the parameters repeat an earlier state exactly,
# with the period and the step the cycle begins.  (Brent's method keeps one
# saved state, so the run stops a little after the first repetition.)

# lr = 1 on the notes' loss: 2, 0, 2, 0, ...: period 2 from step 0.
$ gdtrace --lr 1 --stop grad-zero,cycle --format jsonl
> {"step": 0, "w": "2", "grad": "2", "loss": "3"}
> {"step": 1, "w": "0", "grad": "-2", "loss": "3"}
> {"step": 2, "w": "2", "grad": "2", "loss": "3"}
> {"step": 3, "w": "0", "grad": "-2", "loss": "3"}
> {"summary": {"steps": 3, "stop": "cycle", "period": 2, "cycle_start": 0, "w": "0", "loss": "3"}}

$ gdtrace --lr 1 --stop cycle --mode binary64 --max-iter 20
| tail -4
>    3  0.0  3.0
> stop      cycle after 3 steps (period 2 from step 0)
> w         0.0
> loss      3.0

# Floats cycle eventually: binary16 halving w from 1 sticks at its least
# subnormal, 2^-24, from step 24 on (lr*g rounds to zero there).
$ gdtrace --loss 'w^2' --lr 0.25 --w0 1 --mode binary16 --stop cycle --max-iter 100 --format jsonl
| tail -1
> {"summary": {"steps": 32, "stop": "cycle", "period": 1, "cycle_start": 24, "w": "6e-08", "loss": "0.0"}}

# ... and a nan is a state that repeats: the notes' run in binary64 overflows
# at step 242 and is nan from step 243.
$ gdtrace --stop cycle --max-iter 300 --mode binary64 --format jsonl
| tail -1
> {"summary": {"steps": 256, "stop": "cycle", "period": 1, "cycle_start": 243, "w": "nan", "loss": "nan"}}

# Without the rule a cycle runs on to max-iter.
$ gdtrace --lr 1 --max-iter 5 --format jsonl
| tail -1
> {"summary": {"steps": 5, "stop": "max-iter", "w": "0", "loss": "3"}}

# In compare, per mode.
$ gdtrace compare --stop cycle --max-iter 300 --modes exact,binary64,binary16 --format jsonl
| grep '"of": "w"' | sed 's/.*"stop"/"stop"/'
> "stop": "max-iter", "steps": 300}}
> "stop": "cycle", "steps": 256}}
> "stop": "cycle", "steps": 8}}

$ gdtrace --stop often
? 2
2> gdtrace: --stop: 'often' is not a list of grad-zero, cycle, stall and nonfinite, or none
