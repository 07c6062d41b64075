/*
** check.h: the reporting of the C test programs: one line per check, "PASS <name>" or
** "FAIL <name>: <detail>", counted by tests/run.sh; exit with check_status().
*/
#ifndef AUTHTOKEN_TESTS_CHECK_H
#define AUTHTOKEN_TESTS_CHECK_H

#include <stdio.h>

static int check_failures;

/* Reports one check. */
static void check(const char *name, int ok, const char *detail) {
  if (ok) {
    printf("PASS %s\n", name);
  } else {
    check_failures++;
    printf("FAIL %s: %s\n", name, detail ? detail : "");
  }
  fflush(stdout);
}

/* The exit status: 1 if any check failed, else 0. */
static int check_status(void) {
  return check_failures ? 1 : 0;
}

#endif
