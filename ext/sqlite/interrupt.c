/*
** interrupt.c: lets a long password check stop when the application calls
** sqlite3_interrupt() on the connection (from another thread, a signal handler, a timer).
**
** A scalar function is not stopped by SQLite: the interrupt flag is only read between
** VDBE opcodes. From SQLite 3.41, sqlite3_is_interrupted() reads the flag; we use it when
** this build's headers have it (sqlite3ext.h's routine, or sqlite3.h's function in the
** SQLITE_CORE build) and the running library is 3.41 or later (the routine table of an
** older library does not have the slot). Elsewhere (Debian 12 ships 3.40) we
** step a tiny prepared statement, "SELECT 1", on the same connection, nested in the
** running one: sqlite3_step() clears the flag only when no statement is active
** (sqlite3Step: `if( db->nVdbeActive==0 ) AtomicStore(&db->u1.isInterrupted, 0)`), and
** ours is, so sqlite3VdbeExec sees the flag at its first check and returns
** SQLITE_INTERRUPT. The probe is read-only, so its abort rolls nothing back. Its cost is
** one step (~1 us) per PBKDF2_POLL_ITERATIONS iterations (~1 ms). An application tracing
** statements (SQLITE_TRACE_STMT) sees the probe's "SELECT 1" steps.
** tests/python/test_interrupt.py interrupts a check from another thread.
*/
#include "interrupt.h"

#include <stddef.h>

SQLITE_EXTENSION_INIT3

#define PROBE_SQL "SELECT 1"

void interrupt_probe_init(struct interrupt_probe *p, sqlite3 *db) {
  p->db = db;
  p->stmt = NULL;
  p->broken = 0;
}

/* Steps the nested probe: 1 if SQLite answered SQLITE_INTERRUPT, else 0. */
static int nested_step_interrupted(struct interrupt_probe *p) {
  int rc;
  if (p->broken) return 0;
  if (p->stmt == NULL) {
    rc = sqlite3_prepare_v2(p->db, PROBE_SQL, -1, &p->stmt, NULL);
    if (rc == SQLITE_INTERRUPT) return 1; /* the parser reads the flag too */
    if (rc != SQLITE_OK || p->stmt == NULL) {
      p->broken = 1; /* e.g. an authorizer that denies it: no interrupt, no harm */
      return 0;
    }
  }
  rc = sqlite3_step(p->stmt);
  sqlite3_reset(p->stmt);
  return rc == SQLITE_INTERRUPT;
}

int interrupt_probe_asked(void *probe) {
  struct interrupt_probe *p = probe;
#if defined(sqlite3_is_interrupted) || (defined(SQLITE_CORE) && SQLITE_VERSION_NUMBER >= 3041000)
  if (sqlite3_libversion_number() >= 3041000) return sqlite3_is_interrupted(p->db);
#endif
  return nested_step_interrupted(p);
}

void interrupt_probe_finish(struct interrupt_probe *p) {
  sqlite3_finalize(p->stmt);
  p->stmt = NULL;
}
