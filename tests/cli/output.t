# Output that is never lost or half-written, and signals that are obeyed
# (issue 9, items 5, 6, 7, 13, 14).  A nearly full disk is a file size
# limit here (ulimit -f, in KiB): it fails a write as a full disk does and
# needs no mount.

# --plot: a name gnuplot cannot take is refused before the run, and nothing
# is left behind.
$ d=$(mktemp -d) && cd "$d" && gdtrace compare --max-iter 5 --plot "$(printf 'a\nb.png')"; rc=$?; ls -A; cd / && rm -r "$d"; exit $rc
? 2
2> gdtrace: --plot: the file name has a newline (byte 2), which gnuplot cannot take

$ d=$(mktemp -d) && cd "$d" && gdtrace compare --max-iter 5 --plot "$(printf 'a\tb.png')"; rc=$?; ls -A; cd / && rm -r "$d"; exit $rc
? 2
2> gdtrace: --plot: the file name has a tab (byte 2), which gnuplot cannot take

$ d=$(mktemp -d) && cd "$d" && gdtrace compare --max-iter 5 --plot "$(printf 'ab\033[1m.svg')"; rc=$?; ls -A; cd / && rm -r "$d"; exit $rc
? 2
2> gdtrace: --plot: the file name has the control character 0x1b (byte 3), which gnuplot cannot take

$ d=$(mktemp -d) && cd "$d" && mkdir x.png && gdtrace compare --max-iter 5 --plot x.png; rc=$?; cd / && rm -r "$d"; exit $rc
? 2
2> gdtrace: --plot: 'x.png' is a directory

# Names gnuplot would read as a command ('|...') or the home directory
# ('~/...') are drawn as the files they name; a quote is escaped.
$ d=$(mktemp -d) && cd "$d" && mkdir '~' && gdtrace compare --max-iter 5 --plot '|touch pwned #.png' >/dev/null && gdtrace compare --max-iter 5 --plot "it's.svg" >/dev/null && gdtrace compare --max-iter 5 --plot '~/p.pdf' >/dev/null && ls -A && ls -A '~' && head -c 4 '|touch pwned #.png' | od -An -c; cd / && rm -r "$d"
> it's.svg
> |touch pwned #.png
> ~
> p.pdf
>  211   P   N   G

# A nearly full disk: the picture gnuplot cuts short (and reports as
# drawn) is refused, the old picture stays, no temporary file is left.
$ d=$(mktemp -d) && cd "$d" && gdtrace compare --max-iter 40 --modes exact,binary64,binary16 --plot p.png > /dev/null && cp p.png old.png && (trap '' XFSZ; ulimit -f 20; gdtrace compare --max-iter 40 --modes exact,binary64,binary16 --plot p.png > /dev/null); rc=$?; cmp -s p.png old.png && echo "p.png kept"; ls -A; cd / && rm -r "$d"; exit $rc
? 1
> p.png kept
> old.png
> p.png
2> gdtrace: --plot: gnuplot's picture is incomplete (20480 bytes; a full disk or a file size limit?): 'p.png' is left as it was

$ d=$(mktemp -d) && cd "$d" && gdtrace compare --max-iter 20 --plot p.svg > /dev/null && cp p.svg old.svg && (ulimit -f 4; gdtrace compare --max-iter 20 --plot p.svg > /dev/null); rc=$?; cmp -s p.svg old.svg && echo "p.svg kept"; ls -A; cd / && rm -r "$d"; exit $rc
? 1
> p.svg kept
> old.svg
> p.svg
2> gdtrace: --plot: gnuplot's picture is incomplete (4096 bytes; a full disk or a file size limit?): 'p.svg' is left as it was

$ d=$(mktemp -d) && cd "$d" && gdtrace compare --max-iter 20 --plot p.pdf > /dev/null && cp p.pdf old.pdf && (ulimit -f 4; gdtrace compare --max-iter 20 --plot p.pdf > /dev/null); rc=$?; cmp -s p.pdf old.pdf && echo "p.pdf kept"; ls -A; cd / && rm -r "$d"; exit $rc
? 1
> p.pdf kept
> old.pdf
> p.pdf
2> gdtrace: --plot: gnuplot's picture is incomplete (4096 bytes; a full disk or a file size limit?): 'p.pdf' is left as it was

# A gnuplot that draws nothing, or fails, or is missing: exit 1, the old
# picture stays.
$ d=$(mktemp -d) && cd "$d" && mkdir bin && printf '#!/bin/sh\ncat > /dev/null\n' > bin/gnuplot && chmod +x bin/gnuplot && echo old > p.png && PATH="$d/bin:$PATH" gdtrace compare --max-iter 5 --plot p.png > /dev/null; rc=$?; cat p.png; ls -A; cd / && rm -r "$d"; exit $rc
? 1
> old
> bin
> p.png
2> gdtrace: --plot: gnuplot's picture is incomplete (0 bytes; a full disk or a file size limit?): 'p.png' is left as it was

$ d=$(mktemp -d) && cd "$d" && mkdir bin && printf '#!/bin/sh\ncat > /dev/null\nexit 3\n' > bin/gnuplot && chmod +x bin/gnuplot && echo old > p.png && PATH="$d/bin:$PATH" gdtrace compare --max-iter 5 --plot p.png > /dev/null; rc=$?; cat p.png; ls -A; cd / && rm -r "$d"; exit $rc
? 1
> old
> bin
> p.png
2> gdtrace: --plot: gnuplot failed to draw 'p.png'

$ d=$(mktemp -d) && g=$(command -v gdtrace) && cd "$d" && mkdir bin && PATH="$d/bin" "$g" compare --max-iter 5 --plot p.png > /dev/null; rc=$?; ls -A; cd / && rm -r "$d"; exit $rc
~ valgrind
? 1
> bin
2> gdtrace: --plot: gnuplot is not installed (Debian package gnuplot-nox)

# A closed standard output: the report fails with a message, exit 1; it
# never lands in the plot's data file, and no temporary file is left.
$ d=$(mktemp -d) && cd "$d" && mkdir tmp && TMPDIR="$d/tmp" gdtrace compare --max-iter 5 --plot p.png >&-; rc=$?; ls -A . tmp; cd / && rm -r "$d"; exit $rc
? 1
> .:
> tmp
>
> tmp:
2> gdtrace: write error: Bad file descriptor

$ gdtrace --max-iter 2 >&-
? 1
2> gdtrace: write error: Bad file descriptor

$ gdtrace analyze >&-
? 1
2> gdtrace: write error: Bad file descriptor

# Closed standard input and error are no harm.
$ gdtrace --max-iter 2 --format csv <&- 2>&-
~ valgrind
> step,w,grad,loss
> 0,2,2,3
> 1,-18,-38,363
> 2,362,722,130323

# SIGHUP, a closed pipe (SIGPIPE) and SIGINT remove the temporary files
# (the picture's and gnuplot's data); the old picture stays.
$ d=$(mktemp -d); mkdir "$d/tmp"; TMPDIR="$d/tmp" gdtrace compare --max-iter 10000000 --modes binary64,binary32 --plot "$d/p.png" > /dev/null & sleep 1; kill -HUP $!; wait $! 2>/dev/null; echo "exit $?"; ls -A "$d/tmp"; ls -A "$d"; rm -r "$d"
~ valgrind
> exit 129
> tmp

$ d=$(mktemp -d); mkdir "$d/tmp"; TMPDIR="$d/tmp" gdtrace compare --max-iter 10000000 --modes binary64,binary32 --plot "$d/p.png" | head -n 1; echo "exit ${PIPESTATUS[0]}"; ls -A "$d/tmp"; ls -A "$d"; rm -r "$d"
> gdtrace compare
> exit 141
> tmp

$ d=$(mktemp -d); mkdir "$d/tmp"; echo old > "$d/p.png"; TMPDIR="$d/tmp" gdtrace compare --max-iter 10000000 --modes binary64,binary32 --plot "$d/p.png" > /dev/null & sleep 1; kill -INT $!; wait $!; echo "exit $?"; cat "$d/p.png"; ls -A "$d/tmp"; ls -A "$d"; rm -r "$d"
~ valgrind
> exit 130
> old
> p.png
> tmp

# A stop while gnuplot draws kills it (here a gnuplot that would take 2 s
# and then leave a mark): exit 130, the old picture stays.
$ d=$(mktemp -d); mkdir "$d/bin"; printf '#!/bin/sh\ncat > /dev/null\nsleep 2\ntouch "%s/finished"\n' "$d" > "$d/bin/gnuplot"; chmod +x "$d/bin/gnuplot"; echo old > "$d/p.png"; PATH="$d/bin:$PATH" gdtrace compare --max-iter 5 --plot "$d/p.png" > /dev/null & sleep 1; kill -INT $!; wait $!; echo "exit $?"; sleep 2; cat "$d/p.png"; ls -A "$d"; rm -r "$d"
~ valgrind
> exit 130
> old
> bin
> p.png

# A write error in the middle of a record (disk full): a regular file is
# cut back to its last complete record, then the error is reported.
$ d=$(mktemp -d) && (trap '' XFSZ; ulimit -f 8; gdtrace --max-iter 100000 --mode binary64 --format jsonl > "$d/f"); rc=$?; wc -c < "$d/f"; wc -l < "$d/f"; tail -n 1 "$d/f"; rm -r "$d"; exit $rc
? 1
> 8114
> 76
> {"step": 75, "w": "-8.063434666645026e+95", "grad": "-1.612686933329005e+96", "loss": "6.501897862325277e+191"}
2> gdtrace: write error: File too large

$ d=$(mktemp -d) && (ulimit -f 1; gdtrace --max-iter 100000 --mode binary64 > "$d/f"); rc=$?; wc -c < "$d/f"; tail -n 1 "$d/f"; rm -r "$d"; exit $rc
? 1
> 981
>     17  -5.480386857784803e+21  3.003464011098038e+43
2> gdtrace: write error: File too large

# Appending (>> and --resume): what was there stays.
$ d=$(mktemp -d) && echo first > "$d/f" && (ulimit -f 1; gdtrace --max-iter 100000 --mode binary64 --format csv >> "$d/f"); rc=$?; wc -c < "$d/f"; head -n 2 "$d/f"; tail -n 1 "$d/f"; rm -r "$d"; exit $rc
? 1
> 1002
> first
> step,w,grad,loss
> 18,1.0412735029791126e+23,2.0825470059582253e+23,1.0842505080063921e+46
2> gdtrace: write error: File too large

$ d=$(mktemp -d) && gdtrace --mode binary64 --max-iter 30 --format jsonl > "$d/r.jsonl" && (ulimit -f 8; gdtrace --mode binary64 --max-iter 100000 --format jsonl --resume "$d/r.jsonl"); rc=$?; wc -l < "$d/r.jsonl"; tail -n 1 "$d/r.jsonl"; rm -r "$d"; exit $rc
? 1
> 76
> {"step": 75, "w": "-8.063434666645026e+95", "grad": "-1.612686933329005e+96", "loss": "6.501897862325277e+191"}
2> gdtrace: write error: File too large

# --help and --version check their writes like every other output.
$ gdtrace --help > /dev/full
? 1
2> gdtrace: write error: No space left on device

$ gdtrace --version > /dev/full
? 1
2> gdtrace: write error: No space left on device

$ gdtrace compare --help > /dev/full
? 1
2> gdtrace: write error: No space left on device

$ gdtrace --help >&-
? 1
2> gdtrace: write error: Bad file descriptor

$ gdtrace analyze --version >&-
? 1
2> gdtrace: write error: Bad file descriptor

# A signal while blocked writing to a slow pipe: the write goes on, the
# run stops after it with the interrupted summary, exit 130.
$ { gdtrace --max-iter 10000000 --mode binary64 --format jsonl & echo $! > /tmp/gdtrace-pid.$$; wait $!; echo "exit $?" > /tmp/gdtrace-rc.$$; } | { sleep 1; kill -INT $(cat /tmp/gdtrace-pid.$$); sleep 0.5; tail -n 1 | grep -o '"stop": "interrupted"'; }; cat /tmp/gdtrace-rc.$$; rm -f /tmp/gdtrace-pid.$$ /tmp/gdtrace-rc.$$
~ valgrind
> "stop": "interrupted"
> exit 130

$ { gdtrace compare --max-iter 10000000 --modes binary64,binary32 --format jsonl & echo $! > /tmp/gdtrace-pid.$$; wait $!; echo "exit $?" > /tmp/gdtrace-rc.$$; } | { sleep 1; kill -TERM $(cat /tmp/gdtrace-pid.$$); sleep 0.5; tail -n 1 | grep -o '"summary"'; }; cat /tmp/gdtrace-rc.$$; rm -f /tmp/gdtrace-pid.$$ /tmp/gdtrace-rc.$$
~ valgrind
> "summary"
> exit 143

# A second signal ends the process at once, without a summary (here while
# the first waits for a pipe nobody reads).
$ { gdtrace --max-iter 10000000 --mode binary64 --format jsonl & echo $! > /tmp/gdtrace-pid.$$; wait $!; echo "exit $?" > /tmp/gdtrace-rc.$$; } | { sleep 1; kill -INT $(cat /tmp/gdtrace-pid.$$); sleep 0.5; kill -INT $(cat /tmp/gdtrace-pid.$$); sleep 0.5; tail -n 1 | grep -c summary; }; cat /tmp/gdtrace-rc.$$; rm -f /tmp/gdtrace-pid.$$ /tmp/gdtrace-rc.$$
~ valgrind
> 0
> exit 130

$ { gdtrace --max-iter 10000000 --mode binary64 --format jsonl & echo $! > /tmp/gdtrace-pid.$$; wait $!; echo "exit $?" > /tmp/gdtrace-rc.$$; } | { sleep 1; kill -TERM $(cat /tmp/gdtrace-pid.$$); sleep 0.5; kill -TERM $(cat /tmp/gdtrace-pid.$$); sleep 0.5; tail -n 1 | grep -c summary; }; cat /tmp/gdtrace-rc.$$; rm -f /tmp/gdtrace-pid.$$ /tmp/gdtrace-rc.$$
~ valgrind
> 0
> exit 143

# analyze's long loops obey a stop (the Lyapunov exponent over 10^8
# steps, a trajectory of 10^8 steps), under a CPU limit so as never to hang.
$ ulimit -t 20; gdtrace analyze --loss 'w^4' --lr 0.01 --w0 0.5 --max-iter 100000000 > /dev/null & sleep 1; kill -INT $!; wait $!; echo "exit $?"
~ valgrind
> exit 130
2> gdtrace: interrupted

$ ulimit -t 20; gdtrace analyze --loss 'exp(w)' --lr 0.01 --max-iter 100000000 > /dev/null & sleep 1; kill -TERM $!; wait $!; echo "exit $?"
~ valgrind
> exit 143
2> gdtrace: interrupted

# Files written whole after a sweep (--npy, --png, --plot): through a
# symbolic link the file it names is replaced and the link stays; a FIFO
# takes the bytes in place; a directory, a link to nothing or a directory
# that does not exist is refused before any point is run, nothing written.
$ d=$(mktemp -d) && cd "$d" && echo keep > t.npy && ln -s t.npy l.npy && gdtrace sweep --lr 0:1 --grid 5 --npy l.npy > /dev/null && test -L l.npy && head -c 6 t.npy | od -An -c | tr -s ' '; ls; cd / && rm -r "$d"
>  223 N U M P Y
> l.npy
> t.npy

$ d=$(mktemp -d) && cd "$d" && mkfifo f && exec 3<>f && gdtrace sweep --lr 0:1 --grid 5 --npy f > /dev/null && test -p f && timeout 10 head -c 6 <&3 | od -An -c | tr -s ' '; exec 3<&-; cd / && rm -r "$d"
>  223 N U M P Y

# A FIFO that nothing reads is refused at once, not waited on.
$ d=$(mktemp -d) && cd "$d" && mkfifo f && gdtrace sweep --lr 0:1 --grid 5 --npy f | wc -c; cd / && rm -r "$d"
> 0
2> gdtrace: --npy: cannot write 'f': a FIFO that nothing reads yet

$ d=$(mktemp -d) && cd "$d" && mkdir sub && gdtrace sweep --lr 0:1 --grid 5 --npy ok.npy --png sub | wc -c; ls; cd / && rm -r "$d"
> 0
> sub
2> gdtrace: --png: 'sub' is a directory

$ d=$(mktemp -d) && cd "$d" && ln -s nowhere/x.npy l.npy && gdtrace sweep --lr 0:1 --grid 5 --npy l.npy | wc -c; cd / && rm -r "$d"
> 0
2> gdtrace: --npy: 'l.npy' is a symbolic link to no file that can be written: No such file or directory

$ d=$(mktemp -d) && cd "$d" && gdtrace sweep --lr 0:1 --grid 5 --npy ok.npy --plot no/such/p.svg | wc -c; ls; cd / && rm -r "$d"
> 0
2> gdtrace: --plot: cannot write beside 'no/such/p.svg': No such file or directory

$ d=$(mktemp -d) && cd "$d" && echo keep > t.svg && ln -s t.svg l.svg && mkfifo f.svg && gdtrace sweep --lr 0:1 --grid 5 --plot l.svg > /dev/null && test -L l.svg && head -c 5 t.svg; echo; gdtrace sweep --lr 0:1 --grid 5 --plot f.svg | wc -c; cd / && rm -r "$d"
> <?xml
> 0
2> gdtrace: --plot: 'f.svg' is not a regular file (a FIFO or a device): the picture is written whole, then put in place
