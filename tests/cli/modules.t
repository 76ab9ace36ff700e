# The modules (src/base/module.h): the ball domain's Arb is
# gdtrace-ball.so and gdtrace serve's libmicrohttpd gdtrace-serve.so,
# each loaded the first time it is needed.  A module that cannot be
# loaded: one line naming what needed it and why, exit 1 (the
# installation's fault, as gnuplot missing), before anything runs; what
# needs no module runs without them.  (tests/run-tests points
# GDTRACE_MODULE_DIR at the build directory; tests/arch/check checks that
# gdtrace and libgdtrace.so need neither library.)

$ GDTRACE_MODULE_DIR=/nonexistent gdtrace run --certify --max-iter 1
? 1
2> gdtrace: --certify needs the ball module: cannot load /nonexistent/gdtrace-ball.so: cannot open shared object file: No such file or directory

$ GDTRACE_MODULE_DIR=/nonexistent gdtrace compare --modes exact,certified --max-iter 1
? 1
2> gdtrace: mode certified needs the ball module: cannot load /nonexistent/gdtrace-ball.so: cannot open shared object file: No such file or directory

$ GDTRACE_MODULE_DIR=/nonexistent gdtrace sweep --certify --lr 0:2 --grid 5 --max-iter 100
? 1
2> gdtrace: --certify needs the ball module: cannot load /nonexistent/gdtrace-ball.so: cannot open shared object file: No such file or directory

$ GDTRACE_MODULE_DIR=/nonexistent gdtrace boundary --lr 1:1.02 --max-iter 1000
? 1
2> gdtrace: gdtrace boundary needs the ball module: cannot load /nonexistent/gdtrace-ball.so: cannot open shared object file: No such file or directory

$ GDTRACE_MODULE_DIR=/nonexistent gdtrace serve --port 0
? 1
2> gdtrace: serve needs the serve module: cannot load /nonexistent/gdtrace-serve.so: cannot open shared object file: No such file or directory

# A bad option is still bad usage, found first.
$ GDTRACE_MODULE_DIR=/nonexistent gdtrace run --certify --max-iter x
? 2
2> gdtrace: --max-iter: 'x' is not a whole number

# Nothing that needs no balls loads the module: exact, the IEEE formats,
# a comparison, a sweep.
$ GDTRACE_MODULE_DIR=/nonexistent gdtrace run --every 0 --max-iter 3 | tail -n 2
> w         -6858
> loss      47045883

$ GDTRACE_MODULE_DIR=/nonexistent gdtrace sweep --lr 0:2 --grid 3 --max-iter 10 --mode binary64 | tail -n 1
> 2.0,bounded,0,10,3486784403.0,"diverges, oscillating"

$ GDTRACE_MODULE_DIR=/nonexistent gdtrace compare --modes exact,binary32 --max-iter 1 --format csv | tail -n 1
> 1,binary32,loss,363.0,0,all

# A file that is no shared object, a shared object that is no module, a
# module of another build (ABI): refused, never called.
$ d=$(mktemp -d) && : > "$d/gdtrace-ball.so" && GDTRACE_MODULE_DIR="$d" gdtrace run --certify --max-iter 1 2>&1 >/dev/null | sed "s|$d|DIR|"; rm -r "$d"
> gdtrace: --certify needs the ball module: cannot load DIR/gdtrace-ball.so: file too short

$ d=$(mktemp -d) && echo 'int x;' | cc -shared -fPIC -x c - -o "$d/gdtrace-ball.so" && GDTRACE_MODULE_DIR="$d" gdtrace run --certify --max-iter 1 2>&1 >/dev/null | sed "s|$d|DIR|"; rm -r "$d"
> gdtrace: --certify needs the ball module: cannot load DIR/gdtrace-ball.so: it has no gdt_module_ball_v1 (not a module of this gdtrace)

$ d=$(mktemp -d) && echo 'const struct { unsigned abi, size; } gdt_module_ball_v1 = { 0, 8 };' | cc -shared -fPIC -x c - -o "$d/gdtrace-ball.so" && GDTRACE_MODULE_DIR="$d" gdtrace run --certify --max-iter 1 2>&1 >/dev/null | sed "s|$d|DIR|"; rm -r "$d"
> gdtrace: --certify needs the ball module: cannot load DIR/gdtrace-ball.so: it is of ABI 0 (8 bytes), this gdtrace needs ABI 1 (48 bytes): a module of another build, rebuild or reinstall it

# Without GDTRACE_MODULE_DIR: next to the program (the build tree's
# gdtrace finds build/'s modules); a copy elsewhere says where it looked.
$ env -u GDTRACE_MODULE_DIR gdtrace run --certify --max-iter 1 --every 0 | tail -n 2
> w         -18
> loss      363

$ d=$(mktemp -d) && cp "$GDTRACE_MODULE_DIR/gdtrace" "$d/" && env -u GDTRACE_MODULE_DIR "$d/gdtrace" run --certify --max-iter 1 2>&1 >/dev/null | sed "s|$d|DIR|g; s| and /.*(| and INSTALLED (|"; rm -r "$d"
~ valgrind
> gdtrace: --certify needs the ball module: cannot load gdtrace-ball.so: it is in none of DIR, DIR/gdtrace and INSTALLED (GDTRACE_MODULE_DIR names another directory)
