#!/bin/bash
# Rust: rusqlite from Debian's crates (librust-rusqlite-dev), built offline: .cargo/config.toml
# here replaces crates.io with /usr/share/cargo/registry. Build output in dist/bindings/rust.
. "$(dirname "$0")/../lib.sh"
bin=$BUILD/target/debug/authtoken-rusqlite-test
if stale "$bin" "$LANG_DIR/Cargo.toml" "$LANG_DIR/src/main.rs" "$LANG_DIR/.cargo/config.toml"; then
  (cd "$LANG_DIR" && CARGO_TARGET_DIR=$BUILD/target cargo build --offline --quiet)
fi
host "$bin" "$EXT" "$WORK"
