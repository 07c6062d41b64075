/*
** interrupt.h: lets a long password check notice sqlite3_interrupt() (interrupt.c).
*/
#ifndef AUTHTOKEN_INTERRUPT_H
#define AUTHTOKEN_INTERRUPT_H

#include "sqlite3ext.h"

/* One SQL function call's view of the connection's interrupt flag. */
struct interrupt_probe {
  sqlite3 *db;
  sqlite3_stmt *stmt; /* the nested probe statement, prepared at the first ask */
  int broken;         /* the probe could not be prepared: never reports an interrupt */
};

/* Starts a probe for db; no statement is prepared yet. */
void interrupt_probe_init(struct interrupt_probe *p, sqlite3 *db);

/* Returns 1 if sqlite3_interrupt() was called on the probe's connection while the current
** statement runs, else 0. Its signature is struct pbkdf2_poll's stop (arg: the probe). */
int interrupt_probe_asked(void *probe);

/* Finalizes the probe's statement, if any. */
void interrupt_probe_finish(struct interrupt_probe *p);

#endif /* AUTHTOKEN_INTERRUPT_H */
