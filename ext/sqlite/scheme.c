/*
** scheme.c: the registry of token schemes (scheme.h says what a scheme is and how to add
** one) and the filling of their statement templates' {placeholders}.
*/
#include "scheme.h"

#include <string.h>

SQLITE_EXTENSION_INIT3

/* Every scheme this library knows, the default first. */
static const struct scheme *const registry[] = {&scheme_drf, &scheme_knox};

int scheme_count(void) { return (int)(sizeof registry / sizeof registry[0]); }

const struct scheme *scheme_at(int i) { return registry[i]; }

const struct scheme *scheme_named(const char *name) {
  for (int i = 0; name && i < scheme_count(); i++) {
    if (strcmp(registry[i]->name, name) == 0) return registry[i];
  }
  return NULL;
}

int scheme_in(sqlite3 *db, const struct scheme **found) {
  *found = NULL;
  for (int i = 0; i < scheme_count() && *found == NULL; i++) {
    int rc = sqlite3_table_column_metadata(db, "main", registry[i]->table, NULL, NULL, NULL,
                                           NULL, NULL, NULL);
    if (rc == SQLITE_OK) *found = registry[i];
    if (rc != SQLITE_OK && rc != SQLITE_ERROR) return rc; /* SQLITE_ERROR: no such table */
  }
  return SQLITE_OK;
}

/* The variable named by the n bytes at name, or NULL. */
static const struct scheme_var *find_var(const struct scheme_var *vars, int count,
                                         const char *name, size_t n) {
  for (int i = 0; i < count; i++) {
    if (strlen(vars[i].name) == n && memcmp(vars[i].name, name, n) == 0) return &vars[i];
  }
  return NULL;
}

char *scheme_fill(const char *tmpl, const struct scheme_var *vars, int n) {
  char *out = sqlite3_mprintf("%s", "");
  const char *p = tmpl;
  for (const char *open; out != NULL && (open = strchr(p, '{')) != NULL;) {
    const char *close = strchr(open, '}');
    const struct scheme_var *v =
        close ? find_var(vars, n, open + 1, (size_t)(close - open - 1)) : NULL;
    if (v == NULL) {
      sqlite3_free(out);
      return NULL;
    }
    out = sqlite3_mprintf(v->quote ? "%z%.*s\"%w\"" : "%z%.*s%s", out, (int)(open - p), p,
                          v->value);
    p = close + 1;
  }
  return out ? sqlite3_mprintf("%z%s", out, p) : NULL;
}
