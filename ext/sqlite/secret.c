/*
** secret.c: keys, password hashes and bodies that carry a key live in sqlite3_malloc'd
** copies; each is wiped with sodium_memzero before its memory goes back to SQLite, so no
** secret outlives the call in a freed block.
*/
#include "secret.h"

#include <sodium.h>

#include "sqlite3ext.h"

SQLITE_EXTENSION_INIT3

void secret_free(void *p, size_t n) {
  if (p == NULL) return;
  sodium_memzero(p, n);
  sqlite3_free(p);
}
