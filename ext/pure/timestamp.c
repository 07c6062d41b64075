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
** written by hand: no gmtime_r, no snprintf. Stored values are read back strictly
** (timestamp_parse: the two forms Django writes, nothing else) for the knox scheme's expiry
** arithmetic, in microseconds since the epoch.
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

/* Days since 1970-01-01 of a proleptic Gregorian date (the inverse of civil_from_days). */
static int64_t days_from_civil(int year, int month, int day) {
  year -= month <= 2;
  int64_t era = (year >= 0 ? year : year - 399) / 400;
  int64_t yoe = year - era * 400;                                          /* [0, 399] */
  int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1; /* [0, 365] */
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                    /* [0, 146096] */
  return era * 146097 + doe - 719468;
}

/* The `width` decimal digits at p as a number, or -1 if one is not a digit. */
static long read_digits(const char *p, int width) {
  long value = 0;
  for (int i = 0; i < width; i++) {
    if (p[i] < '0' || p[i] > '9') return -1;
    value = value * 10 + (p[i] - '0');
  }
  return value;
}

static int days_in_month(long year, long month) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return days[month - 1] + (month == 2 && leap);
}

int timestamp_parse(const char *text, size_t len, timestamp_us *out) {
  if (len != 19 && len != 26) return -1;
  if (text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':')
    return -1;
  if (len == 26 && text[19] != '.') return -1;
  long year = read_digits(text, 4), month = read_digits(text + 5, 2);
  long day = read_digits(text + 8, 2), hour = read_digits(text + 11, 2);
  long minute = read_digits(text + 14, 2), second = read_digits(text + 17, 2);
  long micros = len == 26 ? read_digits(text + 20, 6) : 0;
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 ||
      minute > 59 || second < 0 || second > 59 || micros < 0)
    return -1;
  if (day > days_in_month(year, month)) return -1;
  int64_t seconds = days_from_civil((int)year, (int)month, (int)day) * SECONDS_PER_DAY +
                    hour * 3600 + minute * 60 + second;
  *out = seconds * 1000000 + micros;
  return 0;
}

int timestamp_format_us(timestamp_us t, char out[TIMESTAMP_SIZE]) {
  int64_t seconds = t >= 0 ? t / 1000000 : -((-t + 999999) / 1000000);
  return timestamp_format(seconds, (long)(t - seconds * 1000000), out);
}

int timestamp_now_us(timestamp_us *out) {
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) != 0) return -1;
  *out = (timestamp_us)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
  return 0;
}
