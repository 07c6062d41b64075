#!/bin/bash
# PHP: the SQLite3 class (php-sqlite3); loading needs sqlite3.extension_dir, given with -d.
. "$(dirname "$0")/../lib.sh"
AUTHTOKEN_EXT=$EXT host php -d "sqlite3.extension_dir=$(dirname "$EXT")" "$LANG_DIR/test.php" "$WORK"
