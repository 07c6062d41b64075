/*
** timestamp.c: `created` values in Django's format.
**
** Django writes a DateTimeField to SQLite as str(datetime) in UTC (USE_TZ=True) or local time
** (USE_TZ=False): "2026-11-27 19:04:20.123456", or "2026-11-27 19:04:20" when the
** microseconds are 0. We always write UTC, which is what DRF's Token gets under USE_TZ=True,
** Django's default since 5.0. Pure C, no SQLite.
**
** The trigger formats one per inserted user, so the date comes from days since the epoch
** with integer arithmetic (the proleptic Gregorian calendar, as gmtime's) and the digits are
** written by hand: no gmtime_r, no snprintf.
*/
#define _POSIX_C_SOURCE 200809L
#include "timestamp.h"

#include <time.h>

#define SECONDS_PER_DAY 86400
#define MIN_SECONDS (-62135596800LL) /* 0001-01-01 00:00:00 */
#define MAX_SECONDS 253402300799LL   /* 9999-12-31 23:59:59 */

/* Year, month (1-12) and day (1-31) of a day count since 1970-01-01. */
static void civil_from_days(int64_t days, int *year, int *month, int *day) {
  days += 719468; /* days from 0000-03-01 */
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t doe = days - era * 146097;                                  /* [0, 146096] */
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);              /* [0, 365] */
  int64_t mp = (5 * doy + 2) / 153;                                   /* [0, 11], from March */
  *day = (int)(doy - (153 * mp + 2) / 5 + 1);
  *month = (int)(mp < 10 ? mp + 3 : mp - 9);
  *year = (int)(yoe + era * 400 + (*month <= 2));
}

/* Writes value as exactly `width` decimal digits at out; returns out + width. */
static char *digits(char *out, long value, int width) {
  for (int i = width - 1; i >= 0; i--) {
    out[i] = (char)('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

int timestamp_format(int64_t seconds, long micros, char out[TIMESTAMP_SIZE]) {
  if (micros < 0 || micros > 999999 || seconds < MIN_SECONDS || seconds > MAX_SECONDS) return -1;
  int64_t days = seconds >= 0 ? seconds / SECONDS_PER_DAY
                              : -((-seconds + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY);
  long second_of_day = (long)(seconds - days * SECONDS_PER_DAY);
  int year, month, day;
  civil_from_days(days, &year, &month, &day);
  char *p = digits(out, year, 4);
  *p++ = '-';
  p = digits(p, month, 2);
  *p++ = '-';
  p = digits(p, day, 2);
  *p++ = ' ';
  p = digits(p, second_of_day / 3600, 2);
  *p++ = ':';
  p = digits(p, second_of_day / 60 % 60, 2);
  *p++ = ':';
  p = digits(p, second_of_day % 60, 2);
  if (micros != 0) {
    *p++ = '.';
    p = digits(p, micros, 6);
  }
  *p = 0;
  return 0;
}

int timestamp_now(char out[TIMESTAMP_SIZE]) {
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) != 0) return -1;
  return timestamp_format((int64_t)ts.tv_sec, ts.tv_nsec / 1000, out);
}
