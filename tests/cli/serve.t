# gdtrace serve (issue 16): the explorer's server on a free localhost port
# (tests/cli/serve-check starts it with --port 0 and talks to it with curl
# and bash's /dev/tcp).  The API's answers are the command line's records
# and messages (a run's with compare's events after them); flags are on
# or off; the limits give 413, the queue 429; a run's and a comparison's
# records are thinned; the data sets are built in; a client gone, a newer
# request of the same view and SIGTERM stop a computation; 50 requests at
# once are each answered or refused; held connections block no one (per
# address cap, header deadline).

$ gdtrace serve --port x
? 2
2> gdtrace: --port: 'x' is not a whole number

$ gdtrace serve --threads 0
? 2
2> gdtrace: --threads: '0' is not a whole number from 1 to 1024

$ gdtrace serve --bind nowhere
? 2
2> gdtrace: --bind: 'nowhere' is not an IPv4 or IPv6 address

$ gdtrace serve --port
? 2
2> gdtrace: --port: has no value

$ gdtrace serve --color red
? 2
2> gdtrace: '--color' is not an option of gdtrace serve (gdtrace serve --help)

$ gdtrace serve --help | head -n 1
> usage: gdtrace serve [options]

$ gdtrace serve --help | grep -E -- '^  --(timeout|header-timeout|per-ip|data-dir) '
>   --data-dir DIR      data sets a request may name (data=NAME.csv) besides
>   --timeout S         an idle connection closed after S seconds (default: 10)
>   --header-timeout S  a connection whose request line and headers have not
>   --per-ip N          connections at once from one address (default: 32)

$ gdtrace serve --help | tail -n 1
> built-in data sets (the source's data/NAME.csv): linreg.csv logreg.csv tanh.csv

$ gdtrace serve --data-dir /nonexistent
? 2
2> gdtrace: --data-dir: '/nonexistent': no such directory

$ gdtrace serve --data-dir README.md
? 2
2> gdtrace: --data-dir: 'README.md' is not a directory

$ gdtrace serve --per-ip=0
? 2
2> gdtrace: --per-ip: '0' is not a whole number from 1 to 100000

$ gdtrace serve --header-timeout=
? 2
2> gdtrace: --header-timeout: '' is not a whole number

$ tests/cli/serve-check api
> ok: the page: 200, html
> ok: the page's title
> ok: the page: the server's settings in it
> ok: an unknown path: 404
> ok: an unknown API path: 404
> ok: no file from disk: 404
> ok: POST: 405
> ok: HEAD: 405, Allow: GET
> ok: a URI over 32768 bytes: 414, JSON
> ok: certify=0: off
> ok: certify=false: off
> ok: certify=no: off
> ok: certify alone: on
> ok: certify=: on
> ok: certify=1: on
> ok: certify=true: on
> ok: certify=yes: on
> ok: nesterov=0: off
> ok: nesterov=1: on (and refused without momentum)
> ok: certify=maybe: 400
> ok: gen=abc: 400
> ok: points=abc: 400
> ok: points=-1: 400
> ok: points=0: 400
> ok: points past the server's run-points: 413
> ok: bad lr: 400
> ok: bad lr: the CLI's message
> ok: bad loss: the CLI's message
> ok: bad grid: the CLI's message
> ok: bad modes: the CLI's message
> ok: an option of another command
> ok: not an option
> ok: run certify: the CLI's records
> ok: compare, mode certified: the CLI's records
> ok: max-prec past the limit: 413
> ok: a precision limit: the run's failure
> ok: data outside the data directory: 400
> ok: grid past the limit: 413
> ok: max-iter past the limit: 413
> ok: prec past the limit: 413
> ok: max-bits 0 (none): 413
> ok: run: the CLI's records, then compare's events
> ok: run thinned to 10 points: --every 10
> ok: a thinned run: its events
> ok: a thinned run: steps 0, 20, ..., 100
> ok: every past the limit: 413
> ok: every within the limit: 200
> ok: compare thinned: the steps kept
> ok: compare thinned: the CLI's events
> ok: compare: the CLI's records
> ok: analyze: the CLI's records
> ok: a data set of the data directory
> ok: a built-in data set
> ok: a built-in data set: named as the source's file
> ok: map: the CLI's outcomes and steps
> ok: map: its grid
> ok: map, binary: header and size
> ok: map, binary: the same outcome codes
> ok: map over lr_a and lr_b: the CLI's outcomes and steps
> ok: map over lr_a and lr_b: its outcomes
> ok: map, certified: the CLI's outcomes and steps
> ok: map, certified: bounded below the boundary, diverged above
> ok: map, certified past max-prec: the CLI's outcomes
> ok: map, certified past max-prec: undecided

$ tests/cli/serve-check queue
> ok: past C running and Q waiting: 429
> ok: the clients gone, the server is free
> ok: both computations stopped: 503
> ok: a newer request of the view: answered
> ok: the older one: 409

$ tests/cli/serve-check many
> ok: 50 at once: each 200 or 429
> ok: at least C + Q answered
> ok: every answer the same map

$ tests/cli/serve-check loris
> ok: 3 held connections, 5 requests answered
> ok: 20 more held: past --per-ip, that address refused
> ok: 20 more held: another address answered

$ tests/cli/serve-check deadline
~ valgrind
> ok: past --header-timeout: 3 partial requests and a trickling one closed
> ok: a request then answered

$ tests/cli/serve-check inuse
> ok: a port in use: exit 1
> ok: a port in use: the message alone

$ tests/cli/serve-check stop
> ok: stopped by SIGTERM
