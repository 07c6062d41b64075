/*
** expiry.h: django-rest-knox's expiry rules (knox 5.0.2, knox/auth.py and models.py) as pure
** arithmetic on microseconds since the epoch (timestamp.h). No SQLite.
*/
#ifndef AUTHTOKEN_EXPIRY_H
#define AUTHTOKEN_EXPIRY_H

#include <stdint.h>

#include "timestamp.h"

/* 1 if a token whose expiry is `expiry` is expired at `now`: knox's `expiry < now`, strict
** (a token whose expiry equals now is still valid). */
int expiry_passed(timestamp_us expiry, timestamp_us now);

/* knox's renew_token(): returns 1 and sets *renewed to the expiry a renewal writes, or
** returns 0 when it writes nothing.
**   new = now + ttl_s; with max_ttl_s >= 0, new = min(new, created + max_ttl_s);
**   written when (new - old_expiry) > min_interval_s, strictly (so never shortened).
** ttl_s < 0 (no TTL) renews nothing. All times in microseconds, durations in seconds (at
** most 100 years each, as the settings allow). */
int expiry_renewed(timestamp_us now, timestamp_us old_expiry, timestamp_us created,
                   int64_t ttl_s, int64_t max_ttl_s, int64_t min_interval_s,
                   timestamp_us *renewed);

#endif
