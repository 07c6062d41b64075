/*
** pbkdf2_bench.c: times PBKDF2-HMAC-SHA256 from ext/pure/pbkdf2.c and whole password checks
** from ext/pure/password.c, for bench/pbkdf2_bench.py.
**
** Usage: pbkdf2_bench <iterations> <rounds> [portable]
**   Derives 32 bytes from a fixed password and salt <rounds> times and prints, per round,
**   "<impl> <milliseconds> <hex key>" (the key lets the caller check it against OpenSSL).
**   "portable" forces the portable SHA-256 path.
** Usage: pbkdf2_bench check <rounds>
**   Reads lines "<label>\t<password>\t<encoded>" from stdin; for each, runs
**   password_check (what token_password_check runs) <rounds> times and prints
**   "<label>\t<median ms>\t<result>\t<PBKDF2 iterations per check>".
** Exit status 2 on bad arguments.
** Build: cc -std=c11 -O2 -Iext/pure bench/pbkdf2_bench.c ext/pure/pbkdf2.c ext/pure/sha256_shani.c
**        ext/pure/password.c -lsodium -ldl -o dist/pbkdf2_bench
*/
#define _POSIX_C_SOURCE 200809L
#include "password.h"
#include "pbkdf2.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_PASSWORD "correct horse battery staple"
#define BENCH_SALT "Zq4mN8pW2xL6vR0tY3uB7s"

/* Returns the monotonic clock in milliseconds. */
static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Orders doubles, for qsort. */
static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The "check" mode: times password_check on each stdin line; returns the exit status. */
static int check_mode(unsigned long rounds) {
  static char line[8192];
  double ms[64];
  if (rounds == 0 || rounds > 64) return 2;
  while (fgets(line, sizeof line, stdin)) {
    char *label = line, *pw = strchr(line, '\t'), *enc;
    struct pbkdf2_poll poll = {NULL, NULL, 0};
    unsigned long r;
    int rc = 0;
    if (!pw || !(enc = strchr(pw + 1, '\t'))) return 2;
    *pw++ = '\0';
    *enc++ = '\0';
    enc[strcspn(enc, "\n")] = '\0';
    for (r = 0; r < rounds; r++) {
      double t0 = now_ms();
      rc = password_check(pw, strlen(pw), enc, strlen(enc), &poll);
      ms[r] = now_ms() - t0;
    }
    qsort(ms, rounds, sizeof ms[0], cmp_double);
    printf("%s\t%.3f\t%d\t%llu\n", label, ms[rounds / 2], rc, poll.iterations / rounds);
    fflush(stdout);
  }
  return 0;
}

int main(int argc, char **argv) {
  unsigned long iterations, rounds, r;
  unsigned char key[32];
  char hex[65];
  if (argc == 3 && strcmp(argv[1], "check") == 0)
    return sodium_init() < 0 ? 2 : check_mode(strtoul(argv[2], NULL, 10));
  if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "portable") != 0)) {
    fprintf(stderr, "usage: %s <iterations> <rounds> [portable]\n", argv[0]);
    return 2;
  }
  iterations = strtoul(argv[1], NULL, 10);
  rounds = strtoul(argv[2], NULL, 10);
  if (iterations == 0 || rounds == 0 || sodium_init() < 0) return 2;
  pbkdf2_force_portable(argc == 4);
  for (r = 0; r < rounds; r++) {
    double t0 = now_ms(), t1;
    if (pbkdf2_hmac_sha256(BENCH_PASSWORD, strlen(BENCH_PASSWORD), BENCH_SALT, strlen(BENCH_SALT),
                           iterations, key, sizeof key) != 0)
      return 1;
    t1 = now_ms();
    sodium_bin2hex(hex, sizeof hex, key, sizeof key);
    printf("%s %.3f %s\n", pbkdf2_impl_name(), t1 - t0, hex);
  }
  return 0;
}
