/*
** triggers.h: this connection's TEMP triggers on the users table (triggers.c).
*/
#ifndef AUTHTOKEN_TRIGGERS_H
#define AUTHTOKEN_TRIGGERS_H

#include "store.h"

/* Builds the triggers' texts from the discovered schema (users table, id column, its UNIQUE
** indexes) into s->schema.triggers. Returns SQLITE_OK or an error. */
int triggers_build(struct store *s);

/* 1 if this connection's triggers exist as triggers_build made them for the schema in force
** (read from temp.sqlite_master), else 0. Without a discovered schema: 1 if any of ours
** exists. */
int triggers_present(struct store *s);

/* Creates the triggers unless present (replacing any of ours that differ; with
** s->keep_triggers set, leaves existing ones alone). Returns SQLITE_OK or an error. */
int triggers_ensure(struct store *s);

/* Drops every trigger of ours and the TEMP table they use (if any exists). */
int triggers_drop(struct store *s);

#endif
