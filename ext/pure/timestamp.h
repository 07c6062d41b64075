/*
** timestamp.h: the current time as Django stores a DateTimeField in SQLite.
*/
#ifndef AUTHTOKEN_TIMESTAMP_H
#define AUTHTOKEN_TIMESTAMP_H

#include <stdint.h>

/* "YYYY-MM-DD HH:MM:SS.ffffff" plus NUL; ".ffffff" is left out when it is 0, as Django does. */
#define TIMESTAMP_SIZE 27

/* Formats the UTC time `seconds` + `micros` into out; returns 0, or -1 if out of range. */
int timestamp_format(int64_t seconds, long micros, char out[TIMESTAMP_SIZE]);

/* Formats the current UTC time into out; returns 0, or -1 if the clock fails. */
int timestamp_now(char out[TIMESTAMP_SIZE]);

#endif
