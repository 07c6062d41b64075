# authtoken: Django REST Framework's token auth as a SQLite extension.
#
#   make          build dist/authtoken.so
#   make demo     build, then run shell-examples/quickstart.sql on a fresh database file
#   make static   dist/libauthtoken.a (+ dist/authtoken.o): the extension for programs that
#                 link SQLite themselves (SQLITE_CORE); ext/authtoken.h: authtoken_register(db)
#   make shell    dist/sqlite3-authtoken: SQLite's own shell with the extension built in
#   make deb      dist/sqlite3-authtoken_<version>_<arch>.deb (the library + that shell)
#   make test     build and run every test; ends with "N passed, N failed"
#   make check    the fast tier (under a minute): build, unit, C, SQL, shell examples, README,
#                 Python, Node; no Django, packaging or suites
#   make test ONLY="sql node"   only those kinds, or the tests whose path contains a word
#                 (ONLY=api.sql, ONLY=suites/hostile; also for make check; see tests/run.sh)
#   make expected rewrite tests/sql/*.expected and tests/shell-examples/*.expected from the
#                 current output after a deliberate change (ONLY= narrows it); review git diff
#   make bench    benchmarks (never part of make test): table + bench/results.md + chart
#   make bench-http  only the HTTP part of make bench: example servers vs Django + DRF (ab)
#   make bench-callgrind  instructions per lookup: token_user vs the bare join
#   make asan     the whole suite under AddressSanitizer + UBSan
#   make valgrind SQL and shell-example tests under valgrind memcheck
#   make fuzz     libFuzzer targets (clang), FUZZ_SECONDS each
#   make install  PREFIX (/usr/local), LIBDIR, BINDIR, INCLUDEDIR, DESTDIR as usual
#   make format / clean
#
# On a fresh Debian machine, as root, missing packages are installed with apt-get first;
# elsewhere the exact install command is printed and make stops.

CC      ?= cc
VERSION := $(shell cat VERSION)
# CFLAGS and LDFLAGS are the caller's (optimisation, instrumentation): `make CFLAGS=-O0`, and
# make asan's sub-make, replace them. What the build needs whatever they say lives apart,
# in BUILD_CFLAGS and BUILD_LDFLAGS, which a command line setting CFLAGS cannot drop.
CFLAGS  ?= -O2 -g
LDFLAGS ?=
WARN    := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes
EXT_INC       := -Iext -Iext/pure -Iext/sqlite
TEST_CFLAGS   := -std=c11 $(WARN) $(EXT_INC) -Idist/gen
BUILD_CFLAGS  := $(TEST_CFLAGS) -fPIC -fvisibility=hidden -DAUTHTOKEN_VERSION='"$(VERSION)"'
BUILD_LDFLAGS := -Wl,-z,relro -Wl,-z,now
LIBS    := -lsodium

# ext/ is in two layers: ext/pure/ (no SQLite: header parsing, keys, timestamps, text,
# passwords, PBKDF2, SHA-256; unit-tested and fuzzed on their own) and ext/sqlite/ (what
# talks to SQLite), with the entry point and the public header ext/authtoken.[ch] on top.
PURE_SRC := $(wildcard ext/pure/*.c)
EXT_SRC  := ext/authtoken.c $(PURE_SRC) $(wildcard ext/sqlite/*.c)
EXT_HDR  := $(wildcard ext/*.h ext/pure/*.h ext/sqlite/*.h)
# sql/*.sql (shared texts) and sql/<scheme>/*.sql (one token scheme's texts, ext/sqlite/scheme.h)
# become sql_<name> and sql_<scheme>_<name> in dist/gen/sql_embed.h; comment lines are left out.
SQL_SRC  := $(wildcard sql/*.sql sql/*/*.sql)

PREFIX     ?= /usr/local
LIBDIR     ?= $(PREFIX)/lib
BINDIR     ?= $(PREFIX)/bin
INCLUDEDIR ?= $(PREFIX)/include

.PHONY: all static shell deb install-lib install-dev install-shell deps-shell demo test check expected bench bench-http bench-callgrind asan valgrind fuzz fuzz-build format install clean deps deps-test

all: dist/authtoken.so

# ---- dependencies -------------------------------------------------------------------
APT_BUILD := libsodium-dev libsqlite3-dev sqlite3
# tests/bindings/: each language's SQLite binding as Debian packages it
APT_BINDINGS := golang-go golang-github-mattn-go-sqlite3-dev ruby-sqlite3 libdbd-sqlite3-perl \
             php-cli php-sqlite3 tcl libsqlite3-tcl default-jdk-headless libxerial-sqlite-jdbc-java \
             cargo librust-rusqlite-dev pkg-config
# tests/cluster/: a dqlite cluster built against Debian's go-dqlite, offline (GOPATH mode)
APT_CLUSTER := golang-go libdqlite-dev golang-github-canonical-go-dqlite-dev \
               golang-github-mattn-go-sqlite3-dev
APT_BENCH := $(APT_BUILD) $(APT_CLUSTER) python3 python3-django python3-djangorestframework \
             gnuplot-nox valgrind gunicorn apache2-utils
# make test runs a tiny make bench (tests/suites/targets.sh): the bench's packages too.
APT_TEST  := $(APT_BENCH) python3-argon2 python3-bcrypt nodejs npm clang libclang-rt-14-dev \
             coreutils $(APT_BINDINGS)
APT_SHELL := $(APT_BUILD) tcl libreadline-dev xz-utils dpkg-dev
APT_TEST  += $(APT_SHELL) binutils python3-pip python3-setuptools python3-wheel python3-venv

deps:
	@sh tests/ensure-deps.sh build $(APT_BUILD)

deps-shell: deps
	@sh tests/ensure-deps.sh shell $(APT_SHELL)

deps-test: deps
	@sh tests/ensure-deps.sh test $(APT_TEST)

# ---- build --------------------------------------------------------------------------
dist/gen/sql_embed.h: $(SQL_SRC) Makefile
	@mkdir -p $(@D)
	@awk 'FNR == 1 { if (NR > 1) print ";"; n = FILENAME; sub(/^sql\//, "", n); sub(/\.sql$$/, "", n); gsub(/\//, "_", n); \
	        print "static const char sql_" n "[] ="; } \
	      /^--/ { next } \
	      { gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); print "  \"" $$0 "\\n\""; } \
	      END { print ";" }' $(SQL_SRC) > $@

dist/authtoken.so: $(EXT_SRC) $(EXT_HDR) dist/gen/sql_embed.h VERSION | deps
	$(CC) $(BUILD_CFLAGS) $(CFLAGS) -shared $(EXT_SRC) -o $@ $(BUILD_LDFLAGS) $(LDFLAGS) $(LIBS)

# ---- static build: one relocatable object whose only global definitions are the two
# public symbols (ext/authtoken.h), so internal names never clash with the host program's.
STATIC_OBJ := $(EXT_SRC:ext/%.c=dist/static/%.o)
STATIC_API := authtoken_register sqlite3_authtoken_init

dist/static/%.o: ext/%.c $(EXT_HDR) dist/gen/sql_embed.h VERSION | deps
	@mkdir -p $(@D)
	$(CC) $(BUILD_CFLAGS) $(CFLAGS) -DSQLITE_CORE -c $< -o $@

dist/authtoken.o: $(STATIC_OBJ)
	$(LD) -r $(STATIC_OBJ) -o dist/static/combined.o
	objcopy $(STATIC_API:%=--keep-global-symbol=%) dist/static/combined.o $@

dist/libauthtoken.a: dist/authtoken.o
	rm -f $@ && ar rcs $@ $<

static: dist/libauthtoken.a

# ---- the sqlite3 shell with authtoken built in: SQLite's shell.c (of the SQLite Debian
# installed, from Debian's source package: packaging/shell/debian-source.sh), our init hook
# (SQLITE_SHELL_INIT_PROC), the static build; SQLite and libsodium linked statically.
# Compiled with the options of Debian's own sqlite3 shell that change what the shell offers.
SHELL_DEFS := -DHAVE_READLINE=1 -DSQLITE_SHELL_INIT_PROC=authtoken_shell_init \
              -DSQLITE_ENABLE_SESSION -DSQLITE_ENABLE_PREUPDATE_HOOK -DSQLITE_ENABLE_DBSTAT_VTAB \
              -DSQLITE_ENABLE_STMTVTAB -DSQLITE_ENABLE_COLUMN_METADATA

dist/shell/shell.c: packaging/shell/debian-source.sh | deps-shell
	sh packaging/shell/debian-source.sh dist/shell

dist/sqlite3-authtoken: dist/shell/shell.c packaging/shell/init.c ext/authtoken.h dist/libauthtoken.a
	$(CC) -O2 -g $(SHELL_DEFS) -Iext dist/shell/shell.c packaging/shell/init.c dist/libauthtoken.a \
	  -o $@ $(BUILD_LDFLAGS) $(LDFLAGS) -Wl,-Bstatic -lsqlite3 -lsodium -Wl,-Bdynamic -lreadline -lm

shell: dist/sqlite3-authtoken

# ---- demo and tests -----------------------------------------------------------------
demo: dist/authtoken.so
	@rm -f dist/demo.db
	@echo "== sqlite3 dist/demo.db < shell-examples/quickstart.sql"
	@sqlite3 dist/demo.db < shell-examples/quickstart.sql

ONLY ?=
RUN_TESTS = CC="$(CC)" CFLAGS="$(TEST_CFLAGS) $(CFLAGS)" PURE_SRC="$(PURE_SRC)" bash tests/run.sh

test: dist/authtoken.so deps-test
	@$(RUN_TESTS) $(ONLY)

check: dist/authtoken.so deps-test
	@$(RUN_TESTS) --fast $(ONLY)

expected: dist/authtoken.so deps
	@$(RUN_TESTS) --update-expected $(ONLY)

# The whole suite (Django included; ONLY= narrows it) against a sanitized build. Test
# programs link the shared ASan runtime (rpath) because run.sh preloads that one into every
# host. deps-test runs first, outside the sanitized sub-make, so that clang is there and npm's
# build of better-sqlite3 never sees these flags (ensure-deps.sh also clears them for npm).
ASAN_RT_DIR = $(dir $(shell clang -print-file-name=libclang_rt.asan-x86_64.so))
asan: deps-test
	$(MAKE) clean
	$(MAKE) CC=clang CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all -shared-libasan -Wl,-rpath,$(ASAN_RT_DIR)" \
	  LDFLAGS="-fsanitize=address,undefined -shared-libasan" ASAN=1 test
	rm -f dist/authtoken.so # the next plain make rebuilds it without sanitizers

# ---- benchmarks (bench/run.sh; tunable with BENCH_* variables, see its header) ---------
bench: dist/authtoken.so
	@sh tests/ensure-deps.sh bench $(APT_BENCH)
	@CC="$(CC)" bash bench/run.sh
	@if [ -z "$(BENCH_ONLY)" ]; then /usr/bin/python3 bench/http_bench.py; fi

# Only the HTTP part of make bench: examples/http against Django + DRF under gunicorn, with ab.
bench-http: dist/authtoken.so
	@sh tests/ensure-deps.sh bench $(APT_BENCH)
	@/usr/bin/python3 bench/http_bench.py

bench-callgrind: dist/authtoken.so
	@sh tests/ensure-deps.sh bench $(APT_BENCH)
	@CC="$(CC)" BENCH_ONLY=callgrind bash bench/run.sh

# ---- hardening: valgrind, fuzzing (tests/suites/ runs short versions in make test) --------
# valgrind: the SQL scripts and shell examples under memcheck; any error or leak fails.
valgrind: dist/authtoken.so deps-test
	@bash tests/suites/valgrind.sh --all $(ONLY)

FUZZ_SECONDS ?= 60
FUZZ_CC      := clang
FUZZ_FLAGS   := -std=c11 -O1 -g -Wall -Wextra -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
                -fno-sanitize-recover=all $(EXT_INC) -Idist/gen -DAUTHTOKEN_VERSION='"$(VERSION)"'
FUZZ_TARGETS := dist/fuzz/fuzz_header dist/fuzz/fuzz_password dist/fuzz/fuzz_sql dist/fuzz/fuzz_body \
                dist/fuzz/fuzz_knox

dist/fuzz/fuzz_header: tests/fuzz/fuzz_header.c $(PURE_SRC) $(EXT_HDR) | deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) $< $(PURE_SRC) -o $@ -lsodium

dist/fuzz/fuzz_password: tests/fuzz/fuzz_password.c $(PURE_SRC) $(EXT_HDR) | deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) $< $(PURE_SRC) -o $@ -lsodium -ldl

dist/fuzz/fuzz_body: tests/fuzz/fuzz_body.c $(PURE_SRC) $(EXT_HDR) | deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) $< $(PURE_SRC) -o $@ -lsodium

dist/fuzz/fuzz_knox: tests/fuzz/fuzz_knox.c $(PURE_SRC) $(EXT_HDR) | deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) $< $(PURE_SRC) -o $@ -lsodium

dist/fuzz/fuzz_sql: tests/fuzz/fuzz_sql.c $(EXT_SRC) $(EXT_HDR) dist/gen/sql_embed.h | deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) $< $(EXT_SRC) -o $@ -lsqlite3 -lsodium -ldl

dist/fuzz/corpus/.stamp: tests/fuzz/seeds.py
	@rm -rf dist/fuzz/corpus && mkdir -p dist/fuzz/corpus
	@/usr/bin/python3 tests/fuzz/seeds.py dist/fuzz/corpus && touch $@

fuzz-build: $(FUZZ_TARGETS) dist/fuzz/corpus/.stamp

# Each target for FUZZ_SECONDS on its seeds (new inputs kept in dist/fuzz/found/<target>).
fuzz: deps-test fuzz-build
	@bash tests/suites/fuzz.sh --seconds $(FUZZ_SECONDS)

format:
	clang-format -i ext/*.[ch] ext/*/*.[ch] tests/unit/*.c tests/c/*.c

# ---- install: the loadable library, the static build and its header, the shell ----------
install: install-lib install-dev install-shell

install-lib: dist/authtoken.so
	install -d $(DESTDIR)$(LIBDIR)
	install -m 0644 dist/authtoken.so $(DESTDIR)$(LIBDIR)/authtoken.so

install-dev: dist/libauthtoken.a
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR)
	install -m 0644 dist/libauthtoken.a $(DESTDIR)$(LIBDIR)/libauthtoken.a
	install -m 0644 ext/authtoken.h $(DESTDIR)$(INCLUDEDIR)/authtoken.h

install-shell: dist/sqlite3-authtoken
	install -d $(DESTDIR)$(BINDIR)
	install -m 0755 dist/sqlite3-authtoken $(DESTDIR)$(BINDIR)/sqlite3-authtoken

# The Debian package: the library in the multiarch directory, which is on the loader's
# search path (so `.load authtoken` finds it by name), and the shell in /usr/bin.
DEB_ARCH    = $(shell dpkg --print-architecture)
DEB_LIBDIR  = /usr/lib/$(shell dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null)
DEB_VERSION = $(VERSION)-1
DEB_FILE    = dist/sqlite3-authtoken_$(DEB_VERSION)_$(DEB_ARCH).deb

deb: $(DEB_FILE)

$(DEB_FILE): dist/authtoken.so dist/sqlite3-authtoken packaging/deb/build.sh README.md | deps-shell
	rm -rf dist/deb && mkdir -p dist/deb
	$(MAKE) -s install-lib install-shell DESTDIR=$(CURDIR)/dist/deb/root PREFIX=/usr LIBDIR=$(DEB_LIBDIR)
	strip --strip-unneeded dist/deb/root/usr/bin/sqlite3-authtoken dist/deb/root$(DEB_LIBDIR)/authtoken.so
	install -d dist/deb/root/usr/share/doc/sqlite3-authtoken
	gzip -9n < README.md > dist/deb/root/usr/share/doc/sqlite3-authtoken/README.md.gz
	sh packaging/deb/build.sh $(CURDIR)/dist/deb/root $(DEB_VERSION) $(CURDIR)/$@

clean:
	rm -rf dist tests/tmp bindings/python/build bindings/python/*.egg-info bindings/node/authtoken.so
