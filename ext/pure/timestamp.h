/*
** timestamp.h: the current time as Django stores a DateTimeField in SQLite, and stored
** values read back for expiry arithmetic (knox scheme).
*/
#ifndef AUTHTOKEN_TIMESTAMP_H
#define AUTHTOKEN_TIMESTAMP_H

#include <stddef.h>
#include <stdint.h>

/* "YYYY-MM-DD HH:MM:SS.ffffff" plus NUL; ".ffffff" is left out when it is 0, as Django does. */
#define TIMESTAMP_SIZE 27

/* Formats the UTC time `seconds` + `micros` into out; returns 0, or -1 if out of range. */
int timestamp_format(int64_t seconds, long micros, char out[TIMESTAMP_SIZE]);

/* Formats the current UTC time into out; returns 0, or -1 if the clock fails. */
int timestamp_now(char out[TIMESTAMP_SIZE]);

/* Microseconds since 1970-01-01 00:00:00 UTC: how expiry arithmetic is done. */
typedef int64_t timestamp_us;

/* Parses a stored Django DateTimeField value, exactly "YYYY-MM-DD HH:MM:SS" or
** "YYYY-MM-DD HH:MM:SS.ffffff" (six digits), years 0001-9999, a real calendar date, into
** *out. Returns 0, or -1 for anything else (no 'T', offset, other fraction length, spaces). */
int timestamp_parse(const char *text, size_t len, timestamp_us *out);

/* Formats t as Django stores it (see timestamp_format); returns 0, or -1 if out of range. */
int timestamp_format_us(timestamp_us t, char out[TIMESTAMP_SIZE]);

/* The current UTC time; returns 0, or -1 if the clock fails. */
int timestamp_now_us(timestamp_us *out);

#endif
