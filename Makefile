# netsync: the only build entry point.  See README.md.
#
#   make            build build/netsync
#   make check      install missing packages, build with ASan+UBSan, run every test
#   make demo       install missing packages, build, run netsync on examples/
#   make install    PREFIX=/usr/local DESTDIR=
#   make bench | fuzz | leakcheck | lint | clean

PREFIX	?= /usr/local
DESTDIR	?=
CC	?= cc
CFLAGS	?= -O2 -g
PKGS	:= libgit2 yaml-0.1 libcrypto libpcre2-8
WARN	:= -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -Wwrite-strings -Wformat=2 -Wvla
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread
NS_CFLAGS := -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE $(WARN) \
	     -Isrc/lib -Isrc/cli -Ibuild/gen $(PKG_CFLAGS)
SAN	:= -fsanitize=address,undefined -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer
VERSION	:= $(shell cat VERSION 2>/dev/null || echo 0.0.0)

LIB_SRC	 := $(sort $(wildcard src/lib/*/*.c))
CLI_SRC	 := src/main.c $(sort $(wildcard src/cli/*.c))
SCHEMAS	 := $(sort $(wildcard schema/*.yaml))
HOOKS	 := $(sort $(filter-out %.md,$(wildcard hooks/*)))
GEN_SRC	 := build/gen/schema_builtin.c build/gen/hooks_builtin.c
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
TOOL_SRC := $(sort $(wildcard tests/tools/*.c))

LIB_OBJ	 := $(LIB_SRC:%.c=build/%.o) build/gen/schema_builtin.o \
	    build/gen/hooks_builtin.o
CLI_OBJ	 := $(CLI_SRC:%.c=build/%.o)
ALIB_OBJ := $(LIB_SRC:%.c=build/asan/%.o) build/asan/gen/schema_builtin.o \
	    build/asan/gen/hooks_builtin.o
ACLI_OBJ := $(CLI_SRC:%.c=build/asan/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/asan/tests/%)
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=build/asan/tests/%)
FUZZ_SRC    := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES  := $(FUZZ_SRC:tests/fuzz/%.c=%)
FUZZ_BIN    := $(FUZZ_NAMES:%=build/fuzz/%)
FUZZ_REPLAY := $(FUZZ_NAMES:%=build/asan/fuzz/%)
FUZZ_CC     ?= clang
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS := $(filter-out -Werror,$(NS_CFLAGS)) -O1 -g $(SAN)
FLIB_OBJ    := $(LIB_SRC:%.c=build/fuzz/obj/%.o) build/fuzz/obj/gen/schema_builtin.o

.PHONY: all check demo install uninstall clean deps bench fuzz leakcheck \
	lint test-bins
.SUFFIXES:

all: build/netsync


deps:
	@sh scripts/install-deps.sh

build/gen/schema_builtin.c: $(SCHEMAS) tools/embed.sh
	@mkdir -p $(@D)
	sh tools/embed.sh schema schema/schema_builtin.h .yaml $(SCHEMAS) > $@.tmp && mv $@.tmp $@

build/gen/hooks_builtin.c: $(HOOKS) tools/embed.sh
	@mkdir -p $(@D)
	sh tools/embed.sh hook repo/hooks_builtin.h "" $(HOOKS) > $@.tmp && mv $@.tmp $@

build/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(NS_CFLAGS) -DNETSYNC_VERSION='"$(VERSION)"' $(CFLAGS) -MMD -MP -c $< -o $@

build/gen/schema_builtin.o: build/gen/schema_builtin.c
	$(CC) $(NS_CFLAGS) $(CFLAGS) -c $< -o $@

build/gen/hooks_builtin.o: build/gen/hooks_builtin.c
	$(CC) $(NS_CFLAGS) $(CFLAGS) -c $< -o $@

build/libnetsync.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

build/netsync: $(CLI_OBJ) build/libnetsync.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) build/libnetsync.a $(PKG_LIBS)

# sanitizer build: separate objects, never mixed with the normal ones
build/asan/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(NS_CFLAGS) -DNETSYNC_VERSION='"$(VERSION)"' -O1 -g $(SAN) -MMD -MP -c $< -o $@

build/asan/gen/schema_builtin.o: build/gen/schema_builtin.c
	@mkdir -p $(@D)
	$(CC) $(NS_CFLAGS) -O1 -g $(SAN) -c $< -o $@

build/asan/gen/hooks_builtin.o: build/gen/hooks_builtin.c
	@mkdir -p $(@D)
	$(CC) $(NS_CFLAGS) -O1 -g $(SAN) -c $< -o $@

build/asan/libnetsync.a: $(ALIB_OBJ)
	rm -f $@ && ar rcs $@ $^

build/asan/netsync: $(ACLI_OBJ) build/asan/libnetsync.a
	$(CC) $(SAN) -o $@ $(ACLI_OBJ) build/asan/libnetsync.a $(PKG_LIBS)

build/asan/tests/%: tests/unit/%.c tests/harness.c build/asan/libnetsync.a
	@mkdir -p $(@D)
	$(CC) $(NS_CFLAGS) -Itests -O1 -g $(SAN) -o $@ $< tests/harness.c build/asan/libnetsync.a $(PKG_LIBS)

build/asan/tests/%: tests/tools/%.c tests/harness.c build/asan/libnetsync.a
	@mkdir -p $(@D)
	$(CC) $(NS_CFLAGS) -Itests -O1 -g $(SAN) -o $@ $< tests/harness.c build/asan/libnetsync.a $(PKG_LIBS)

test-bins: build/netsync build/asan/netsync $(UNIT_BIN) $(TOOL_BIN) \
	$(FUZZ_REPLAY)

# The validation cache's keys name the checking code: a checksum of every
# library source and schema, given to vcache.c, rebuilt when any changes.
VCACHE_CODE_ID := $(shell cat $(LIB_SRC) $(SCHEMAS) 2>/dev/null | cksum | cut -d' ' -f1)
VCACHE_OBJ := build/src/lib/validate/vcache.o build/asan/src/lib/validate/vcache.o \
	build/debug/src/lib/validate/vcache.o
$(VCACHE_OBJ): NS_CFLAGS += -DVCACHE_CODE_ID='"$(VCACHE_CODE_ID)"'
$(VCACHE_OBJ): $(LIB_SRC) $(SCHEMAS)

# fuzzing: every tests/fuzz/fuzz_*.c is a libFuzzer target (clang), built
# into build/fuzz/ over a clang-instrumented library; `make fuzz` runs each
# for FUZZ_SECONDS.  The same targets linked with tests/fuzz/replay.c and
# the ASan library (build/asan/fuzz/) replay the corpora in make check.

build/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -DNETSYNC_VERSION='"$(VERSION)"' -MMD -MP -c $< -o $@

build/fuzz/obj/gen/schema_builtin.o: build/gen/schema_builtin.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

build/fuzz/libnetsync.a: $(FLIB_OBJ)
	rm -f $@ && ar rcs $@ $^

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c build/fuzz/libnetsync.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< build/fuzz/libnetsync.a $(PKG_LIBS)

build/asan/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c build/asan/libnetsync.a
	@mkdir -p $(@D)
	$(CC) $(NS_CFLAGS) -O1 -g $(SAN) -o $@ $< tests/fuzz/replay.c build/asan/libnetsync.a $(PKG_LIBS)

fuzz: deps
	$(MAKE) $(FUZZ_BIN)
	sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_NAMES)

# leakcheck: the end-to-end suites against a non-ASan debug build run under
# valgrind (tests/leakcheck.sh); not part of check (it takes minutes).
DLIB_OBJ := $(LIB_SRC:%.c=build/debug/%.o) build/debug/gen/schema_builtin.o \
	    build/debug/gen/hooks_builtin.o
DCLI_OBJ := $(CLI_SRC:%.c=build/debug/%.o)

build/debug/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(NS_CFLAGS) -DNETSYNC_VERSION='"$(VERSION)"' -O0 -g -MMD -MP -c $< -o $@

build/debug/gen/%.o: build/gen/%.c
	@mkdir -p $(@D)
	$(CC) $(NS_CFLAGS) -O0 -g -c $< -o $@

build/debug/netsync: $(DCLI_OBJ) $(DLIB_OBJ)
	$(CC) -o $@ $(DCLI_OBJ) $(DLIB_OBJ) $(PKG_LIBS)

leakcheck: deps
	$(MAKE) build/debug/netsync test-bins
	sh tests/leakcheck.sh

check: deps
	$(MAKE) test-bins
	sh tests/run.sh

demo: deps
	$(MAKE) build/netsync
	sh scripts/demo.sh

# benchmarks: helper programs built like netsync itself, never by check
BENCH_BIN := build/bench/gen build/bench/floor build/bench/tm build/bench/fetch

build/bench/%: bench/%.c
	@mkdir -p $(@D)
	$(CC) $(NS_CFLAGS) $(CFLAGS) -o $@ $< $(PKG_LIBS)

bench: deps
	$(MAKE) build/netsync $(BENCH_BIN)
	sh bench/run.sh

install: build/netsync
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/netsync/schema \
		$(DESTDIR)$(PREFIX)/share/netsync/hooks
	install -m 755 build/netsync $(DESTDIR)$(PREFIX)/bin/netsync
	install -m 644 $(SCHEMAS) $(DESTDIR)$(PREFIX)/share/netsync/schema/
	for h in hooks/*; do install -m 755 $$h $(DESTDIR)$(PREFIX)/share/netsync/hooks/; done

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/netsync
	rm -rf $(DESTDIR)$(PREFIX)/share/netsync

# the generated headers first: clang-tidy reads them as the compiler does
lint: deps $(GEN_SRC)
	sh scripts/lint.sh

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(ALIB_OBJ:.o=.d) $(ACLI_OBJ:.o=.d) \
	 $(DLIB_OBJ:.o=.d) $(DCLI_OBJ:.o=.d) $(FLIB_OBJ:.o=.d)
