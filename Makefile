# gdtrace -- exact and IEEE-faithful gradient-descent traces
#
#   make run     set up (Debian packages), build, reproduce the notes' lr=10 run
#   make test    set up, build with warnings as errors, run every test
#   make         build build/gdtrace and build/libgdtrace.a
#   make install PREFIX=/usr/local
#   make bench   benchmarks (bench/)

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR    = $(PREFIX)/bin
LIBDIR    = $(PREFIX)/lib
INCDIR    = $(PREFIX)/include
MANDIR    = $(PREFIX)/share/man/man1
PCDIR     = $(LIBDIR)/pkgconfig

CC        = gcc
PKG_CONFIG ?= pkg-config
CFLAGS   ?= -O2 -g
WARN      = -Wall -Wextra $(if $(WERROR),-Werror)
STD       = -std=c11 -D_POSIX_C_SOURCE=200809L -ffp-contract=off
DEPS_CFLAGS := $(shell $(PKG_CONFIG) --cflags gmp mpfr 2>/dev/null)
DEPS_LIBS   := $(shell $(PKG_CONFIG) --libs mpfr gmp 2>/dev/null || echo -lmpfr -lgmp) -lm
TEST_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
TEST_LIBS   := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)
ALL_CFLAGS = $(STD) $(WARN) $(CFLAGS) -Iinclude $(DEPS_CFLAGS) -DGDT_VERSION='"$(VERSION)"'

# Debian packages the build and the tests need; `make run` and `make test`
# install the missing ones (as root) or say how.
DEB_PACKAGES = gcc make pkg-config libgmp-dev libmpfr-dev libcmocka-dev gnuplot-nox

B         = build
LIB_SRC   = $(sort $(wildcard src/*.c))
CLI_SRC   = $(sort $(wildcard src/cli/*.c))
UNIT_SRC  = $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ   = $(LIB_SRC:src/%.c=$(B)/obj/%.o)
CLI_OBJ   = $(CLI_SRC:src/cli/%.c=$(B)/obj/cli/%.o)
UNIT_BIN  = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
TOOL_SRC  = $(sort $(wildcard tests/tools/*.c))
TOOL_BIN  = $(TOOL_SRC:tests/tools/%.c=$(B)/tests/%)
BENCH_SRC = $(sort $(wildcard bench/*.c))
BENCH_BIN = $(BENCH_SRC:bench/%.c=$(B)/bench/%)
HEADERS   = $(wildcard include/*.h include/gdtrace/*.h)

.PHONY: all run test deps install uninstall clean bench tests-build FORCE

all: $(B)/gdtrace $(B)/libgdtrace.a

# Rebuild everything when the compiler flags change.
$(B)/.flags: FORCE
	@mkdir -p $(B)
	@echo '$(CC) $(ALL_CFLAGS)' | cmp -s - $@ || echo '$(CC) $(ALL_CFLAGS)' > $@

$(B)/obj/%.o: src/%.c $(HEADERS) $(wildcard src/*.h) $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(B)/libgdtrace.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(B)/gdtrace: $(CLI_OBJ) $(B)/libgdtrace.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(B)/libgdtrace.a $(DEPS_LIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libgdtrace.a $(HEADERS) $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -o $@ $< $(B)/libgdtrace.a $(DEPS_LIBS) $(TEST_LIBS)

$(B)/tests/%: tests/tools/%.c $(B)/libgdtrace.a $(HEADERS) $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libgdtrace.a $(DEPS_LIBS)

$(B)/bench/%: bench/%.c $(B)/libgdtrace.a $(HEADERS) $(B)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libgdtrace.a $(DEPS_LIBS)

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

bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_BIN)
	@bench/run-bench $(B)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR)/gdtrace \
	  $(DESTDIR)$(MANDIR) $(DESTDIR)$(PCDIR)
	install -m 755 $(B)/gdtrace $(DESTDIR)$(BINDIR)/gdtrace
	install -m 644 $(B)/libgdtrace.a $(DESTDIR)$(LIBDIR)/libgdtrace.a
	install -m 644 include/gdtrace.h $(DESTDIR)$(INCDIR)/gdtrace.h
	install -m 644 include/gdtrace/*.h $(DESTDIR)$(INCDIR)/gdtrace/
	install -m 644 doc/gdtrace.1 $(DESTDIR)$(MANDIR)/gdtrace.1
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' gdtrace.pc.in \
	  > $(DESTDIR)$(PCDIR)/gdtrace.pc

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/gdtrace $(DESTDIR)$(LIBDIR)/libgdtrace.a \
	  $(DESTDIR)$(INCDIR)/gdtrace.h $(DESTDIR)$(MANDIR)/gdtrace.1 $(DESTDIR)$(PCDIR)/gdtrace.pc
	rm -rf $(DESTDIR)$(INCDIR)/gdtrace

clean:
	rm -rf $(B)

FORCE:
