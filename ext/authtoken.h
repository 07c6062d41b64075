/*
** authtoken.h: the public C interface of the static build (make static).
**
** dist/libauthtoken.a (one object, dist/authtoken.o) is the extension compiled with
** SQLITE_CORE, for a program that links SQLite itself (-lsqlite3, or the amalgamation) and
** libsodium (-lsodium). It defines two global symbols and nothing else:
**
**   authtoken_register(db)   registers the functions, the authtoken_cache module and, when
**                            main.authtoken_token exists, this connection's triggers: what
**                            `.load authtoken` does, with no sqlite3_load_extension call.
**                            Returns an SQLite result code; the message of a failure goes
**                            to SQLite's error log (sqlite3_config(SQLITE_CONFIG_LOG, ...)).
**   sqlite3_authtoken_init   the entry point, for every future connection:
**                              sqlite3_auto_extension((void (*)(void))sqlite3_authtoken_init);
**
** The loadable build (dist/authtoken.so) exports sqlite3_authtoken_init only.
*/
#ifndef AUTHTOKEN_H
#define AUTHTOKEN_H

#include <sqlite3.h>

#ifdef __cplusplus
extern "C" {
#endif

int authtoken_register(sqlite3 *db);
int sqlite3_authtoken_init(sqlite3 *db, char **err, const sqlite3_api_routines *api);

#ifdef __cplusplus
}
#endif

#endif
