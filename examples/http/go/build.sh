#!/bin/sh
# build.sh OUT: builds the Go example server offline, in GOPATH mode, against Debian's
# golang-go and golang-github-mattn-go-sqlite3-dev (which links the system libsqlite3).
set -eu
out=${1:-dist/authtoken-http}
case "$out" in /*) ;; *) out=$PWD/$out ;; esac
here=$(cd "$(dirname "$0")" && pwd)
export GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= GOPROXY=off
export GOCACHE=${GOCACHE:-$(dirname "$out")/go-cache}
cd "$here" && go build -o "$out" .
