# veripref — build, test, demo and benchmarks.
#
# `make demo` and `make test` work as the first command on a fresh Debian 12
# machine: every target depends on `deps`, which installs (apt-get, as root or
# through sudo) only the packages that are missing.
#
# Sources are found by wildcard: a new module is a new .c file in sim/,
# testbench/ or pipeline/; a new unit test is tests/unit/test_<module>.c; a new
# helper program for tests is tests/bin/<name>.c; a new command-line test is
# tests/cli/<name>.sh; a new benchmark is tests/bench/<name>.sh.

CC       ?= cc
BUILD    ?= build
SANITIZE ?=
OPT      ?= -O2

PKGS      = libcurl libcjson sqlite3
WARN      = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
# Recursive (=) so pkg-config runs only when a recipe needs it: after `deps`.
CFLAGS_ALL = -std=gnu11 $(OPT) -g $(WARN) -I. $(SANITIZE) \
	     $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CFLAGS)
LDLIBS_ALL = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -lpthread $(LDLIBS)

SRC      = $(wildcard sim/*.c testbench/*.c pipeline/*.c)
LIB_SRC  = $(filter-out pipeline/main.c,$(SRC))
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/gen/vp_harness.o $(BUILD)/gen/prompts.o \
	   $(BUILD)/gen/embed.o
# Files a job needs at run time (runner scripts, C harness), embedded (sim/embed.h).
EMBED    = $(sort $(wildcard sim/embed/*))
# Prompt templates (pipeline/prompt.h), embedded in the binary; sorted by file name.
PROMPTS  = $(shell ls testbench/prompts/*.txt pipeline/prompts/*.txt 2>/dev/null | \
	     awk -F/ '{ print $$NF "\t" $$0 }' | LC_ALL=C sort | cut -f2)
HDR      = $(wildcard sim/*.h testbench/*.h pipeline/*.h)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TBIN_SRC = $(wildcard tests/bin/*.c)
TBIN     = $(TBIN_SRC:tests/bin/%.c=$(BUILD)/bin/%)

ifeq ($(BUILD),build)
VERIPREF = veripref
else
VERIPREF = $(BUILD)/veripref
endif

DEB_PKGS = iverilog verilator yosys libcurl4-openssl-dev libcjson-dev \
	   libsqlite3-dev libcriterion-dev bubblewrap ccache pkg-config \
	   build-essential python3

.PHONY: all deps test unit cli check demo bench clean

all: $(VERIPREF)

# Install only what is missing; quiet and fast when nothing is.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "deps: installing$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null || \
	  { echo "deps: apt-get install failed for:$$missing" >&2; exit 1; }; \
	fi

$(BUILD)/obj/%.o: %.c $(HDR) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

# The verdict harness as a C string (testbench/harness.h), from the .vh file.
$(BUILD)/gen/vp_harness.c: testbench/vp_harness.vh
	@mkdir -p $(dir $@)
	{ echo '/* generated from testbench/vp_harness.vh by the Makefile */'; \
	  echo 'const char vp_harness_text[] ='; \
	  sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$$/\\n"/' $<; echo ';'; } > $@

$(BUILD)/gen/vp_harness.o: $(BUILD)/gen/vp_harness.c | deps
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

# Every prompt template as a C string in one table, sorted by name.
$(BUILD)/gen/prompts.c: $(PROMPTS) Makefile
	@mkdir -p $(dir $@)
	{ echo '/* generated from the prompt templates by the Makefile */'; \
	  echo '#include <stddef.h>'; \
	  echo 'struct prompt_entry { const char *name; const char *text; };'; \
	  echo 'const struct prompt_entry prompt_table[] = {'; \
	  for f in $(PROMPTS); do n=$$(basename $$f .txt); echo "{ \"$$n\","; \
	    sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$$/\\n"/' $$f; echo '},'; done; \
	  echo '{ NULL, NULL } };'; \
	  echo 'const size_t prompt_table_len = sizeof(prompt_table) / sizeof(prompt_table[0]) - 1;'; } > $@

$(BUILD)/gen/prompts.o: $(BUILD)/gen/prompts.c | deps
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

# Every file of sim/embed/ as a C string in one table, sorted by name.
$(BUILD)/gen/embed.c: $(EMBED) Makefile
	@mkdir -p $(dir $@)
	{ echo '/* generated from sim/embed/ by the Makefile */'; \
	  echo '#include <stddef.h>'; \
	  echo 'struct embed_entry { const char *name; const char *text; };'; \
	  echo 'const struct embed_entry embed_table[] = {'; \
	  for f in $(EMBED); do echo "{ \"$$(basename $$f)\","; \
	    sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$$/\\n"/' $$f; echo '},'; done; \
	  echo '{ NULL, NULL } };'; } > $@

$(BUILD)/gen/embed.o: $(BUILD)/gen/embed.c | deps
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/libveripref.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(VERIPREF): $(BUILD)/obj/pipeline/main.o $(BUILD)/libveripref.a
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libveripref.a $(HDR) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Wno-missing-field-initializers -o $@ $< $(BUILD)/libveripref.a \
		$(LDLIBS_ALL) $$(pkg-config --libs criterion)

$(BUILD)/bin/%: tests/bin/%.c $(BUILD)/libveripref.a $(HDR) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libveripref.a $(LDLIBS_ALL)

# Unit tests, then command-line tests against the real simulators.
test: $(VERIPREF) $(UNIT_BIN) $(TBIN)
	@VERIPREF=$(abspath $(VERIPREF)) BUILD=$(abspath $(BUILD)) sh tests/run.sh

# The same tests under AddressSanitizer and UndefinedBehaviorSanitizer.
check: | deps
	$(MAKE) BUILD=build/check OPT=-O1 \
		SANITIZE="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" test

demo: $(VERIPREF)
	@sh tests/demo.sh $(abspath $(VERIPREF))

bench: $(VERIPREF) $(TBIN)
	@for b in tests/bench/*.sh; do [ -f "$$b" ] || continue; \
	  VERIPREF=$(abspath $(VERIPREF)) BUILD=$(abspath $(BUILD)) sh "$$b" || exit 1; done

clean:
	rm -rf build veripref
