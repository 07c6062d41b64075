/*
** locate.h: where a table main lacks is instead, for precise messages (locate.c).
*/
#ifndef AUTHTOKEN_LOCATE_H
#define AUTHTOKEN_LOCATE_H

struct store;

/* Messages (sqlite3_malloc'd, NULL when out of memory) for a table main lacks: "no table
** named x", or which attached database has it; and for a missing token table, "no token
** table; run SELECT token_install()" or the same pointing at an attached database that has
** one. The tables must live in main. */
char *locate_missing_table(struct store *s, const char *name);
char *locate_missing_token_table(struct store *s);

#endif
