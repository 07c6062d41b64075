#!/bin/bash
# Java: JDBC with sqlite-jdbc as Debian packages it (libxerial-sqlite-jdbc-java). The class is
# compiled into dist/bindings/java, again only when the source changed.
. "$(dirname "$0")/../lib.sh"
jar=/usr/share/java/sqlite-jdbc.jar
if stale "$BUILD/AuthtokenJdbcTest.class" "$LANG_DIR/AuthtokenJdbcTest.java"; then
  javac -cp "$jar" -d "$BUILD" "$LANG_DIR/AuthtokenJdbcTest.java"
fi
host java -cp "$jar:$BUILD" AuthtokenJdbcTest "$EXT" "$WORK"
