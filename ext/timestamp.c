/*
** timestamp.c: `created` values in Django's format.
**
** Django writes a DateTimeField to SQLite as str(datetime) in UTC (USE_TZ=True) or local time
** (USE_TZ=False): "2026-11-27 19:04:20.123456", or "2026-11-27 19:04:20" when the
** microseconds are 0. We always write UTC, which is what DRF's Token gets under USE_TZ=True,
** Django's default since 5.0. Pure C, no SQLite.
*/
#define _POSIX_C_SOURCE 200809L
#include "timestamp.h"

#include <stdio.h>
#include <time.h>

int timestamp_format(int64_t seconds, long micros, char out[TIMESTAMP_SIZE]) {
  time_t t = (time_t)seconds;
  struct tm tm;
  if (micros < 0 || micros > 999999 || gmtime_r(&t, &tm) == NULL) return -1;
  if (tm.tm_year + 1900 < 1 || tm.tm_year + 1900 > 9999) return -1;
  int n;
  if (micros == 0) {
    n = snprintf(out, TIMESTAMP_SIZE, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900,
                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  } else {
    n = snprintf(out, TIMESTAMP_SIZE, "%04d-%02d-%02d %02d:%02d:%02d.%06ld", tm.tm_year + 1900,
                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, micros);
  }
  return (n > 0 && n < TIMESTAMP_SIZE) ? 0 : -1;
}

int timestamp_now(char out[TIMESTAMP_SIZE]) {
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) != 0) return -1;
  return timestamp_format((int64_t)ts.tv_sec, ts.tv_nsec / 1000, out);
}
