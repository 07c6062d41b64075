/*
** init.c: the hook that builds authtoken into the sqlite3-authtoken shell (make shell).
**
** SQLite's shell.c calls SQLITE_SHELL_INIT_PROC, when defined, once its sqlite3_config()
** calls are done and instead of its own sqlite3_initialize(). This one initialises SQLite
** and registers authtoken as an automatic extension, so every connection the shell opens
** (the main one, .open, ATTACH'd files share it) has the functions without `.load`.
** A database on which registration fails (a token table naming no users table) still opens,
** without the functions, with the message on stderr: as a failed `.load` leaves the shell.
*/
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "authtoken.h"

void authtoken_shell_init(void);

/* The automatic extension: authtoken's entry point, its failure reported, not fatal. */
static int register_or_warn(sqlite3 *db, char **err, const sqlite3_api_routines *api) {
  int rc = sqlite3_authtoken_init(db, err, api);
  if (rc != SQLITE_OK) {
    fprintf(stderr, "sqlite3-authtoken: the extension is not registered: %s\n",
            *err ? *err : sqlite3_errstr(rc));
    sqlite3_free(*err);
    *err = NULL;
  }
  return SQLITE_OK;
}

/* Called by the shell's main() before it opens anything. */
void authtoken_shell_init(void) {
  int rc = sqlite3_initialize();
  if (rc == SQLITE_OK) rc = sqlite3_auto_extension((void (*)(void))register_or_warn);
  if (rc != SQLITE_OK) {
    fprintf(stderr, "sqlite3-authtoken: cannot start: %s\n", sqlite3_errstr(rc));
    exit(1);
  }
}
