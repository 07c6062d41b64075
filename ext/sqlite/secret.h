/*
** secret.h: giving back SQLite memory that held a secret (secret.c).
*/
#ifndef AUTHTOKEN_SECRET_H
#define AUTHTOKEN_SECRET_H

#include <stddef.h>

/* Wipes n bytes at p (sodium_memzero), then sqlite3_free(p). p may be NULL. */
void secret_free(void *p, size_t n);

#endif
