# gdtrace -- exact and IEEE-faithful gradient-descent traces
#
#   make run     set up (Debian packages), build, reproduce the notes' lr=10 run
#   make test    set up, build with warnings as errors, run every test
#   make test-exhaustive   the shortest printer on 2^16 and 10^7 values a format
#                (binary128 and mpfr: 10^6 or so),
#                the IEEE formats on doubles on 10^7 operations a format and rounding
#   make         build build/gdtrace, build/libgdtrace.a and build/libgdtrace.so,
#                and the modules build/gdtrace-ball.so and build/gdtrace-serve.so
#   make install PREFIX=/usr/local   (or DESTDIR=... for a staged install;
#                the Python package goes to PREFIX/lib/python3.N/dist-packages)
#   make bench   benchmarks (bench/)
#   make mpi     build/gdtrace-mpi on OpenMPI (mpirun -np N build/gdtrace-mpi sweep ...)
#   make test-mpi   its outputs against one process's, on 3 ranks
#   make test-browser   gdtrace serve's page in headless Chromium

VERSION   = 0.1.0
# The shared library's ABI version: its soname is libgdtrace.so.$(SOVERSION),
# the file libgdtrace.so.$(VERSION).  Raise it when the ABI breaks.
SOVERSION = 0
SONAME    = libgdtrace.so.$(SOVERSION)
SOFILE    = libgdtrace.so.$(VERSION)
PREFIX   ?= /usr/local
BINDIR    = $(PREFIX)/bin
LIBDIR    = $(PREFIX)/lib
INCDIR    = $(PREFIX)/include
MANDIR    = $(PREFIX)/share/man/man1
# the modules, loaded when first needed (src/base/module.h): the directory
# baked into the library for the installed ones
MODDIR    = $(LIBDIR)/gdtrace
PCDIR     = $(LIBDIR)/pkgconfig
# python/gdtrace, where Debian's python3 looks for packages of a prefix:
# /usr/local/lib/python3.N/dist-packages (and /usr's likewise)
PYVER    := $(shell /usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo 3)
PYDIR    ?= $(PREFIX)/lib/python$(PYVER)/dist-packages
# run after installing into the system's library directories (as root, no
# DESTDIR), so that the dynamic linker finds the new soname
LDCONFIG ?= ldconfig

CC        = gcc
PKG_CONFIG ?= pkg-config
CFLAGS   ?= -O2 -g
WARN      = -Wall -Wextra $(if $(WERROR),-Werror)
STD       = -std=c11 -D_POSIX_C_SOURCE=200809L -ffp-contract=off
DEPS_CFLAGS := $(shell $(PKG_CONFIG) --cflags gmp mpfr 2>/dev/null)
DEPS_LIBS   := $(shell $(PKG_CONFIG) --libs mpfr gmp 2>/dev/null || echo -lmpfr -lgmp) -lm -pthread
# libpng, for report/map_png.c (a sweep's --png image); the bench's C
# peers do without it.
PNG_CFLAGS  := $(shell $(PKG_CONFIG) --cflags libpng 2>/dev/null)
PNG_LIBS    := $(shell $(PKG_CONFIG) --libs libpng 2>/dev/null || echo -lpng16)
# Arb's balls (num/num_ball.c), Debian's Arb 2.x: the one place that
# names its libraries (src/num/arb_compat.h names its header); FLINT 3
# would be -lflint alone.  Only the ball module links them.
ARB_LIBS     = -lflint-arb -lflint
# what a program linked with libgdtrace needs (-ldl: the modules' loader)
LIB_LIBS     = $(PNG_LIBS) $(DEPS_LIBS) -ldl
# GNU libmicrohttpd, for gdtrace serve (src/cli/serve_http.c): the serve
# module's, neither the library's nor the command's
MHD_CFLAGS  := $(shell $(PKG_CONFIG) --cflags libmicrohttpd 2>/dev/null)
MHD_LIBS    := $(shell $(PKG_CONFIG) --libs libmicrohttpd 2>/dev/null || echo -lmicrohttpd)
TEST_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
TEST_LIBS   := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)
ALL_CFLAGS = $(STD) $(WARN) $(CFLAGS) -pthread -Iinclude -Isrc $(DEPS_CFLAGS) $(PNG_CFLAGS) -DGDT_VERSION='"$(VERSION)"'
# The library's objects are position-independent, so that the same objects
# make both libgdtrace.a and libgdtrace.so (compiled once).
LIB_CFLAGS = -fPIC

# Debian packages the build and the tests need; `make run` and `make test`
# install the missing ones (as root) or say how.
DEB_PACKAGES = gcc make pkg-config libgmp-dev libmpfr-dev libpng-dev libflint-arb-dev \
  libcmocka-dev gnuplot-nox libmicrohttpd-dev curl

B         = build
# The modules (src/base/module.h), each a shared object built next to the
# binary and loaded the first time it is needed, so that a process that
# needs neither never maps Arb's libraries nor libmicrohttpd's (10 ms
# each before main): the ball domain, with the two files of base/ it
# calls, and gdtrace serve's HTTP server.
BALL_MOD_SRC  = src/num/num_ball.c
BALL_MOD_OBJ  = $(B)/obj/num/num_ball.o $(B)/obj/base/buf.o $(B)/obj/base/decimal.o
SERVE_MOD_SRC = src/cli/serve_http.c
MODULES   = $(B)/gdtrace-ball.so $(B)/gdtrace-serve.so
LIB_SRC   = $(sort $(filter-out src/cli/% $(BALL_MOD_SRC),$(wildcard src/*/*.c)))
CLI_SRC   = $(sort $(filter-out $(SERVE_MOD_SRC),$(wildcard src/cli/*.c)))
UNIT_SRC  = $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ   = $(LIB_SRC:src/%.c=$(B)/obj/%.o)
CLI_OBJ   = $(CLI_SRC:src/cli/%.c=$(B)/obj/cli/%.o)
UNIT_BIN  = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
TOOL_SRC  = $(sort $(wildcard tests/tools/*.c))
TOOL_BIN  = $(TOOL_SRC:tests/tools/%.c=$(B)/tests/%)
BENCH_SRC = $(sort $(wildcard bench/*.c))
BENCH_BIN = $(BENCH_SRC:bench/%.c=$(B)/bench/%)
HEADERS   = $(wildcard include/*.h include/gdtrace/*.h)

.PHONY: all run test test-browser test-exhaustive deps install uninstall clean bench tests-build check-asan check-valgrind mpi test-mpi FORCE

all: $(B)/gdtrace $(B)/libgdtrace.a $(B)/libgdtrace.so $(MODULES)

# Rebuild everything when the compiler flags change.
$(B)/.flags: FORCE
	@mkdir -p $(B)
	@echo '$(CC) $(ALL_CFLAGS) $(LIB_CFLAGS)' | cmp -s - $@ \
	  || echo '$(CC) $(ALL_CFLAGS) $(LIB_CFLAGS)' > $@

$(B)/obj/cli/%.o: src/cli/%.c $(HEADERS) $(wildcard src/*/*.h) $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -I$(B)/gen -c $< -o $@

# gdtrace serve's page, web/index.html, as a C array (no file read at run time)
$(B)/gen/web_page.h: web/index.html
	@mkdir -p $(dir $@)
	{ echo '/* generated from web/index.html by the Makefile */'; \
	  echo 'static const unsigned char cli_web_page[] = {'; \
	  od -An -v -tx1 $< | sed -e 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '};'; } > $@.tmp
	mv $@.tmp $@
# the data sets data/*.csv, built into gdtrace serve the same way (each
# a C array, then a table of their names, paths and sizes)
SERVE_DATA = $(sort $(wildcard data/*.csv))
$(B)/gen/data_sets.h: $(SERVE_DATA)
	@mkdir -p $(dir $@)
	{ echo '/* generated from the data sets data/NAME.csv by the Makefile */'; \
	  n=0; for f in $(SERVE_DATA); do \
	    echo "static const unsigned char cli_data_$$n[] = {"; \
	    od -An -v -tx1 $$f | sed -e 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	    echo '};'; n=$$((n + 1)); done; \
	  echo 'static const gdt_serve_data cli_data_sets[] = {'; \
	  n=0; for f in $(SERVE_DATA); do \
	    echo "    { \"$${f#data/}\", \"$$f\", (const char *)cli_data_$$n, sizeof cli_data_$$n },"; \
	    n=$$((n + 1)); done; \
	  echo '};'; } > $@.tmp
	mv $@.tmp $@
$(B)/obj/cli/cmd_serve.o: $(B)/gen/web_page.h $(B)/gen/data_sets.h

$(B)/obj/%.o: src/%.c $(HEADERS) $(wildcard src/*/*.h) $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LIB_CFLAGS) $(OBJ_CFLAGS) -c $< -o $@

# The installed modules' directory, baked into the loader: its own stamp,
# so that another PREFIX recompiles the loader alone.
$(B)/.moddir: FORCE
	@mkdir -p $(B)
	@echo '$(MODDIR)' | cmp -s - $@ || echo '$(MODDIR)' > $@
$(B)/obj/base/module.o: $(B)/.moddir
$(B)/obj/base/module.o: OBJ_CFLAGS = -DGDT_MODULE_DIR='"$(MODDIR)"'

# A module exports its table's symbol and nothing else (its copies of
# base/ are its own).
$(B)/gdtrace-%.map: $(B)/.flags
	@mkdir -p $(dir $@)
	echo '{ global: gdt_module_$*_v1; local: *; };' > $@

$(B)/gdtrace-ball.so: $(BALL_MOD_OBJ) $(B)/gdtrace-ball.map
	$(CC) $(CFLAGS) -shared -Wl,--no-undefined -Wl,--version-script=$(B)/gdtrace-ball.map \
	  -o $@ $(BALL_MOD_OBJ) $(ARB_LIBS) $(DEPS_LIBS)

$(B)/obj/mod/serve_http.o: $(SERVE_MOD_SRC) src/cli/serve_http.h src/base/module.h $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LIB_CFLAGS) $(MHD_CFLAGS) -c $< -o $@

$(B)/gdtrace-serve.so: $(B)/obj/mod/serve_http.o $(B)/gdtrace-serve.map
	$(CC) $(CFLAGS) -shared -Wl,--no-undefined -Wl,--version-script=$(B)/gdtrace-serve.map \
	  -o $@ $(B)/obj/mod/serve_http.o $(MHD_LIBS)

$(B)/libgdtrace.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

# The shared library exports what the public headers declare and nothing
# else: the symbols the objects define that the headers name.
PUBLIC_H = include/gdtrace.h $(wildcard include/gdtrace/*.h)
$(B)/libgdtrace.map: $(LIB_OBJ) $(PUBLIC_H)
	{ echo '{ global:'; \
	  nm -g --defined-only $(LIB_OBJ) | awk 'NF == 3 { print $$3 }' | sort -u \
	    | comm -12 - $$(grep -ohw 'gdt_[A-Za-z0-9_]*' $(PUBLIC_H) | sort -u > $@.ids; echo $@.ids) \
	    | sed 's/.*/  &;/'; \
	  echo 'local: *; };'; } > $@.tmp
	rm -f $@.ids
	mv $@.tmp $@

# The shared library, its soname and its development link, as installed.
$(B)/$(SOFILE): $(LIB_OBJ) $(B)/libgdtrace.map
	$(CC) $(CFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--no-undefined \
	  -Wl,--version-script=$(B)/libgdtrace.map -o $@ $(LIB_OBJ) $(LIB_LIBS)

$(B)/libgdtrace.so: $(B)/$(SOFILE)
	ln -sf $(SOFILE) $(B)/$(SONAME)
	ln -sf $(SONAME) $@

$(B)/gdtrace: $(CLI_OBJ) $(B)/libgdtrace.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(B)/libgdtrace.a $(LIB_LIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libgdtrace.a $(HEADERS) $(wildcard tests/unit/*.h) $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -o $@ $< $(B)/libgdtrace.a $(UNIT_LIBS) $(LIB_LIBS) $(TEST_LIBS)

# test_num_ball looks into the balls with Arb's own functions (the domain
# itself is the module's, which run-tests points GDTRACE_MODULE_DIR at)
$(B)/tests/test_num_ball: UNIT_LIBS = $(ARB_LIBS)

# test_guard tests the command's own process guard, which the library lacks.
$(B)/tests/test_guard: tests/unit/test_guard.c $(B)/obj/cli/guard.o $(B)/libgdtrace.a $(HEADERS) \
  $(wildcard tests/unit/*.h) $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -o $@ $< $(B)/obj/cli/guard.o $(B)/libgdtrace.a \
	  $(LIB_LIBS) $(TEST_LIBS)

$(B)/tests/%: tests/tools/%.c $(B)/libgdtrace.a $(HEADERS) $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libgdtrace.a $(LIB_LIBS)

# The benchmarks' C peers (bench/*.c): plain C on MPFR or libm, with the
# project's flags, not linked with gdtrace.
$(B)/bench/%: bench/%.c $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(WARN) $(CFLAGS) $(DEPS_CFLAGS) -o $@ $< $(DEPS_LIBS)

# Debian packages: install what is missing when root, else say the command.
deps:
	@missing=""; \
	if command -v dpkg-query >/dev/null 2>&1; then \
	  for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q ' installed$$' || missing="$$missing $$p"; \
	  done; \
	fi; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing || exit 1; \
	  else \
	    echo "gdtrace needs these Debian packages:$$missing"; \
	    echo "install them with:  sudo apt-get update && sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

run: deps
	@$(MAKE) --no-print-directory all
	$(B)/gdtrace

tests-build: all $(UNIT_BIN) $(TOOL_BIN)

test: deps
	@$(MAKE) --no-print-directory WERROR=1 tests-build
	@tests/run-tests $(B)

# The MPI build (src/cli/mpi/): the command's objects but gdtrace.c's
# main, with a main that hands a sweep's blocks to the ranks; OpenMPI
# from Debian, installed by this target only.
MPI_DEB_PACKAGES = libopenmpi-dev openmpi-bin
MPICC ?= mpicc
mpi: deps
	@$(MAKE) --no-print-directory deps DEB_PACKAGES="$(MPI_DEB_PACKAGES)"
	@$(MAKE) --no-print-directory $(B)/gdtrace-mpi

$(B)/gdtrace-mpi: src/cli/mpi/gdtrace_mpi.c $(filter-out $(B)/obj/cli/gdtrace.o,$(CLI_OBJ)) \
  $(B)/libgdtrace.a $(wildcard src/cli/*.h) $(HEADERS)
	$(MPICC) $(ALL_CFLAGS) -o $@ $< $(filter-out $(B)/obj/cli/gdtrace.o,$(CLI_OBJ)) \
	  $(B)/libgdtrace.a $(LIB_LIBS)

# gdtrace-mpi on 3 ranks against gdtrace in one process (tests/mpi/run)
test-mpi: mpi
	@$(MAKE) --no-print-directory WERROR=1 all
	@tests/mpi/run $(B)

# gdtrace serve's page in headless Chromium, driven through Debian's
# chromedriver (tests/browser/run.py, Python's standard library): load,
# the first map, two zooms, a point clicked; screenshots in $(B)/browser/.
BROWSER_DEB_PACKAGES = chromium chromium-driver python3
test-browser: deps
	@$(MAKE) --no-print-directory deps DEB_PACKAGES="$(BROWSER_DEB_PACKAGES)"
	@$(MAKE) --no-print-directory WERROR=1 all
	@/usr/bin/python3 tests/browser/run.py $(B)

# The shortest printer on every binary16 and bfloat16 pattern and 10^7
# random binary32 and binary64 ones, and on binary128 and mpfr numbers of
# precisions 2 to 300 (10^6 or so) against the search printer; binary16,
# bfloat16, binary32 and binary64 on doubles against their MPFR emulation,
# 10^7 random operations a format and rounding direction; x^n (2 <= n <= 8) on
# integers against mpfr_pow_si, 10^7 values a format; the 9 digits of every
# decimal limb below 10^9 (a few minutes; not in `make test`).
test-exhaustive: deps
	@$(MAKE) --no-print-directory WERROR=1 $(B)/tests/test_shortest $(B)/tests/test_shortest_mp \
	  $(B)/tests/test_num_ieee_hw $(B)/tests/test_pow_small $(B)/tests/test_decint
	@# two lanes, for CI's two cores: binary64's 10^7 values take as long
	@# as all the rest
	@$(B)/tests/test_shortest --exhaustive=64 & lane=$$!; \
	  $(B)/tests/test_shortest --exhaustive=16 && $(B)/tests/test_shortest --exhaustive=32 \
	  && $(B)/tests/test_shortest_mp --exhaustive && $(B)/tests/test_num_ieee_hw --exhaustive \
	  && $(B)/tests/test_pow_small --exhaustive && $(B)/tests/test_decint --exhaustive; rest=$$?; \
	  wait $$lane; first=$$?; test $$first = 0 && test $$rest = 0

# The whole test suite with AddressSanitizer and UndefinedBehaviorSanitizer
# (leaks included), in its own build directory.
ASAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
check-asan: deps
	@$(MAKE) --no-print-directory B=build-asan WERROR=1 CFLAGS="$(ASAN_FLAGS)" tests-build
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  GDTRACE_TEST_VARIANT=asan tests/run-tests build-asan

# The whole test suite under valgrind's memcheck, no error and no leak
# allowed: every unit test whole, and of the gdtrace processes the golden
# and command-line tests start, one in VALGRIND_SAMPLE (by the checksum of
# their arguments, the same ones every run; the others run as they are:
# tests/tools/valgrind-gdtrace).  VALGRIND_SAMPLE=1 checks every process
# (about three times the time of the cli part); 3 keeps CI within its 45
# minutes (2 took about 1,110 s alone once issues 15-17 were in).
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
  --errors-for-leak-kinds=definite,indirect
VALGRIND_SAMPLE ?= 3
check-valgrind: deps
	@$(MAKE) --no-print-directory deps DEB_PACKAGES=valgrind
	@$(MAKE) --no-print-directory B=build-vg WERROR=1 CFLAGS="-O1 -g" tests-build
	@mkdir -p build-vg/wrap
	@printf '#!/bin/sh\nexec "%s/tests/tools/valgrind-gdtrace" "$$@"\n' "$$(pwd)" > build-vg/wrap/gdtrace
	@chmod +x build-vg/wrap/gdtrace
	@GDTRACE_UNIT_WRAPPER="$(VALGRIND)" GDTRACE_BIN=build-vg/wrap/gdtrace \
	  GDTRACE_VG="$(VALGRIND)" GDTRACE_VG_BIN="$$(pwd)/build-vg/gdtrace" GDTRACE_VG_SAMPLE=$(VALGRIND_SAMPLE) \
	  GDTRACE_TEST_VARIANT=valgrind tests/run-tests build-vg

# Issue 11's workloads, each timed once for gdtrace and once for its peer
# (bench/run).  The peers' packages are installed like the others; without
# them the bench goes on and skips those peers.  A missed target is
# reported, never an error (so this is not part of `make test`); a wrong
# answer is an error.  GDTRACE_BENCH_SCALE=0.01 scales the workloads down.
BENCH_DEB_PACKAGES = python3 python3-gmpy2 python3-numpy time
# Debian's python3, where python3-gmpy2 installs (not another one on PATH)
BENCH_PYTHON ?= $(firstword $(wildcard /usr/bin/python3) python3)
bench: deps
	@$(MAKE) --no-print-directory deps DEB_PACKAGES="$(BENCH_DEB_PACKAGES)" \
	  || echo "bench: going on without them; the peers they run are skipped"
	@$(MAKE) --no-print-directory all $(BENCH_BIN)
	@$(BENCH_PYTHON) bench/run $(B)

# A directory for gdtrace.pc: ${prefix}/... when it is below PREFIX, so that
# pkg-config --define-prefix can move the tree.
pc_path = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))

# tests/install/run checks both, and a program built against the result.
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR)/gdtrace \
	  $(DESTDIR)$(MANDIR) $(DESTDIR)$(PCDIR) $(DESTDIR)$(MODDIR)
	install -m 755 $(B)/gdtrace $(DESTDIR)$(BINDIR)/gdtrace
	install -m 755 $(MODULES) $(DESTDIR)$(MODDIR)/
	install -m 644 $(B)/libgdtrace.a $(DESTDIR)$(LIBDIR)/libgdtrace.a
	install -m 755 $(B)/$(SOFILE) $(DESTDIR)$(LIBDIR)/$(SOFILE)
	ln -sf $(SOFILE) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libgdtrace.so
	install -m 644 include/gdtrace.h $(DESTDIR)$(INCDIR)/gdtrace.h
	install -m 644 include/gdtrace/*.h $(DESTDIR)$(INCDIR)/gdtrace/
	install -m 644 doc/gdtrace.1 $(DESTDIR)$(MANDIR)/gdtrace.1
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(call pc_path,$(LIBDIR))|g' \
	  -e 's|@INCDIR@|$(call pc_path,$(INCDIR))|g' -e 's|@VERSION@|$(VERSION)|g' \
	  gdtrace.pc.in > $(DESTDIR)$(PCDIR)/gdtrace.pc
	install -d $(DESTDIR)$(PYDIR)/gdtrace
	install -m 644 python/gdtrace/*.py $(DESTDIR)$(PYDIR)/gdtrace/
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then $(LDCONFIG) || :; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/gdtrace $(DESTDIR)$(LIBDIR)/libgdtrace.a \
	  $(DESTDIR)$(LIBDIR)/$(SOFILE) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	  $(DESTDIR)$(LIBDIR)/libgdtrace.so \
	  $(DESTDIR)$(INCDIR)/gdtrace.h $(DESTDIR)$(MANDIR)/gdtrace.1 $(DESTDIR)$(PCDIR)/gdtrace.pc
	rm -f $(MODULES:$(B)/%=$(DESTDIR)$(MODDIR)/%)
	-rmdir $(DESTDIR)$(MODDIR) 2>/dev/null
	rm -rf $(DESTDIR)$(INCDIR)/gdtrace $(DESTDIR)$(PYDIR)/gdtrace
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then $(LDCONFIG) || :; fi

clean:
	rm -rf $(B) build-asan build-vg

FORCE:

# ------------------------------------------------------------------ fuzzing
# libFuzzer targets (tests/fuzz/README.md), built with clang and the
# sanitizers into $(B)/fuzz/ from their own objects, never the gcc ones.
#
#   make fuzz           run fuzz-regress, then fuzz each target for
#                       FUZZ_SECONDS seconds (default 60); fails on a crash,
#                       leak, sanitizer report or input slower than 25 s
#   make fuzz-regress   run each target once over its seed corpus
#                       (tests/fuzz/corpus/T/) and past crashes
#                       (tests/fuzz/regress/T/), no fuzzing
#
# New inputs go to $(B)/fuzz/corpus_T/, crashes to $(B)/fuzz/crashes/T/.

FUZZ_CC        = clang
FUZZ_SECONDS  ?= 60
FUZZ_TARGETS   = expr number csv options resume
FUZZ_FLAGS    ?= -timeout=25 -rss_limit_mb=2048
FUZZ_DEB_PACKAGES = make pkg-config libgmp-dev libmpfr-dev libpng-dev libflint-arb-dev clang libclang-rt-14-dev
FB             = $(B)/fuzz
FUZZ_CFLAGS    = $(STD) -Wall -Wextra -g -O1 -fsanitize=address,undefined \
                 -fno-sanitize-recover=undefined -Iinclude -Isrc -Isrc/cli $(DEPS_CFLAGS) $(PNG_CFLAGS) \
                 -DGDT_VERSION='"$(VERSION)"'
FUZZ_LIB_OBJ   = $(LIB_SRC:src/%.c=$(FB)/obj/%.o)
FUZZ_BIN       = $(FUZZ_TARGETS:%=$(FB)/fuzz_%)

.PHONY: fuzz fuzz-regress fuzz-build fuzz-deps

# The deps check, for clang and libFuzzer (Debian: clang, libclang-rt-14-dev).
fuzz-deps:
	@$(MAKE) --no-print-directory deps DEB_PACKAGES="$(FUZZ_DEB_PACKAGES)"

fuzz-build: $(FUZZ_BIN)

# the objects are reached only through the pattern rules: keep them
.SECONDARY: $(FUZZ_LIB_OBJ) $(CLI_SRC:src/cli/%.c=$(FB)/obj/cli/%.o)

$(FB)/.flags: FORCE
	@mkdir -p $(FB)
	@echo '$(FUZZ_CC) $(FUZZ_CFLAGS)' | cmp -s - $@ || echo '$(FUZZ_CC) $(FUZZ_CFLAGS)' > $@

$(FB)/obj/%.o: src/%.c $(HEADERS) $(wildcard src/*/*.h) $(FB)/.flags
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

# main() renamed, so that fuzz_options can link the option parsing (cli.h)
$(FB)/obj/cli/%.o: src/cli/%.c $(wildcard src/*/*.h) $(HEADERS) $(FB)/.flags
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -I$(B)/gen -fsanitize=fuzzer-no-link -Dmain=gdtrace_main -c $< -o $@
$(FB)/obj/cli/cmd_serve.o: $(B)/gen/web_page.h $(B)/gen/data_sets.h

$(FB)/fuzz_options: $(CLI_SRC:src/cli/%.c=$(FB)/obj/cli/%.o)

$(FB)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB_OBJ) $(HEADERS) $(FB)/.flags
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(filter %.o,$^) $(LIB_LIBS)

# Per target: the input size limit (the targets ignore longer inputs) and
# the dictionary, if tests/fuzz/T.dict exists.
fuzz_opts = -max_len=$$(case $$t in csv) echo 65536;; *) echo 4096;; esac) \
            $$([ -f tests/fuzz/$$t.dict ] && echo -dict=tests/fuzz/$$t.dict)

fuzz-regress: fuzz-deps
	@$(MAKE) --no-print-directory fuzz-build
	@fail=0; \
	for t in $(FUZZ_TARGETS); do \
	  dirs=tests/fuzz/corpus/$$t; \
	  [ -d tests/fuzz/regress/$$t ] && dirs="$$dirs tests/fuzz/regress/$$t"; \
	  mkdir -p $(FB)/crashes/$$t; \
	  if $(FB)/fuzz_$$t -runs=0 $(FUZZ_FLAGS) -artifact_prefix=$(FB)/crashes/$$t/ \
	       $$dirs > $(FB)/regress_$$t.log 2>&1; then \
	    echo "fuzz-regress $$t: ok ($$dirs)"; \
	  else \
	    fail=1; tail -n 60 $(FB)/regress_$$t.log; \
	    echo "fuzz-regress $$t: FAILED (log: $(FB)/regress_$$t.log)"; \
	  fi; \
	done; \
	exit $$fail

# The targets run FUZZ_JOBS at a time (default: the number of cores), each
# into its log; the results are then printed in the targets' order.
FUZZ_JOBS ?= $(shell nproc 2>/dev/null || echo 1)
fuzz: fuzz-regress
	@n=0; \
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FB)/corpus_$$t $(FB)/crashes/$$t; \
	  echo "fuzz $$t: $(FUZZ_SECONDS) s"; \
	  ( $(FB)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 $(fuzz_opts) \
	       $(FUZZ_FLAGS) -artifact_prefix=$(FB)/crashes/$$t/ \
	       $(FB)/corpus_$$t tests/fuzz/corpus/$$t > $(FB)/fuzz_$$t.log 2>&1; \
	    echo $$? > $(FB)/fuzz_$$t.rc ) & \
	  n=$$((n + 1)); \
	  if [ $$n -ge $(FUZZ_JOBS) ]; then wait; n=0; fi; \
	done; \
	wait; \
	fail=0; \
	for t in $(FUZZ_TARGETS); do \
	  if [ "$$(cat $(FB)/fuzz_$$t.rc)" = 0 ]; then \
	    echo "fuzz $$t:"; \
	    grep -E '^#[0-9]+[[:space:]]+DONE|^stat::number_of_executed_units' $(FB)/fuzz_$$t.log; \
	  else \
	    fail=1; tail -n 60 $(FB)/fuzz_$$t.log; \
	    echo "fuzz $$t: FAILED, the input is in $(FB)/crashes/$$t/ (log: $(FB)/fuzz_$$t.log)"; \
	  fi; \
	done; \
	exit $$fail
