#!/bin/bash
# Go: database/sql + mattn's driver as Debian packages it (GOPATH mode, offline, against the
# system SQLite). The binary and Go's build cache live in dist/bindings/go.
. "$(dirname "$0")/../lib.sh"
bin=$BUILD/authtoken-go-test
if stale "$bin" "$LANG_DIR/main.go"; then
  (cd "$LANG_DIR" && GOPATH=/usr/share/gocode GO111MODULE=off GOFLAGS= GOCACHE=$BUILD/cache \
     go build -o "$bin" .)
fi
host "$bin" "$EXT" "$WORK"
