/*
** test_expiry.c: unit tests of timestamp.c's parse/format round trip and expiry.c's knox
** rules (strict expiry, AUTO_REFRESH renewal), with the values knox recorded in
** tests/oracle/knox (knox-facts.json, knox-settings-cases.json).
** Prints PASS/FAIL per check; exits 1 on any failure.
*/
#include <stdio.h>
#include <string.h>

#include "../check.h"

#include "expiry.h"
#include "timestamp.h"

static timestamp_us at(const char *text) {
  timestamp_us t = 0;
  if (timestamp_parse(text, strlen(text), &t) != 0) printf("FAIL parse of %s\n", text);
  return t;
}

/* text parses and formats back byte for byte. */
static void round_trip(const char *text) {
  char out[TIMESTAMP_SIZE], name[96];
  timestamp_us t;
  int ok = timestamp_parse(text, strlen(text), &t) == 0 && timestamp_format_us(t, out) == 0 &&
           strcmp(out, text) == 0;
  snprintf(name, sizeof name, "timestamp: %s round-trips", text);
  check(name, ok, ok ? "" : out);
}

static void refused(const char *text, const char *why) {
  timestamp_us t;
  char name[128];
  snprintf(name, sizeof name, "timestamp: refuses %s (%s)", text, why);
  check(name, timestamp_parse(text, strlen(text), &t) == -1, "parsed");
}

/* knox-settings-cases.json: (now, expiry before, created, ttl, max_ttl, min interval) and
** the expiry written, or NULL for none. */
static void renewal(const char *name, const char *now, const char *before, const char *created,
                    long long ttl, long long max_ttl, long long interval, const char *want) {
  timestamp_us renewed = 0;
  char out[TIMESTAMP_SIZE] = "";
  int wrote = expiry_renewed(at(now), at(before), at(created), ttl, max_ttl, interval, &renewed);
  if (wrote) timestamp_format_us(renewed, out);
  int ok = want ? wrote && strcmp(out, want) == 0 : !wrote;
  check(name, ok, wrote ? out : "nothing written");
}

int main(void) {
  round_trip("2026-11-28 07:52:38.456649");
  round_trip("2023-11-29 17:52:38");
  round_trip("2031-02-03 04:05:06.000007");
  round_trip("2024-02-29 23:59:59.999999");
  round_trip("0001-01-01 00:00:00");
  round_trip("9999-12-31 23:59:59.999999");
  round_trip("1969-12-31 23:59:59.999999");
  refused("2026-11-28T07:52:38", "ISO T");
  refused("2026-11-28 07:52:38.45", "short fraction");
  check("timestamp: a .000000 fraction (Django never writes it) reads as the whole second",
        at("2026-11-28 07:52:38.000000") == at("2026-11-28 07:52:38"), "differs");
  refused("2026-11-28 07:52:38+00:00", "offset");
  refused("2026-02-29 00:00:00", "not a leap year");
  refused("2026-13-01 00:00:00", "month 13");
  refused("2026-11-28 24:00:00", "hour 24");
  refused("0000-01-01 00:00:00", "year 0");
  refused("2026-11-28 07:52", "no seconds");
  refused("", "empty");
  refused(" 2026-11-28 07:52:38", "leading space");
  refused("2026-1a-28 07:52:38", "a letter");

  timestamp_us now = at("2026-11-28 07:52:39.514873");
  check("expiry: expiry == now is still valid (strict <)", !expiry_passed(now, now), "passed");
  check("expiry: one microsecond before now is expired", expiry_passed(now - 1, now), "valid");
  check("expiry: whole-second form compares as .000000",
        expiry_passed(at("2026-11-28 07:52:39"), now) &&
            !expiry_passed(at("2026-11-28 07:52:40"), now),
        "wrong");

  renewal("renew: refresh-basic (5 h old, 10 h TTL) writes now + 10 h",
          "2026-11-28 07:52:44.173957", "2026-11-28 12:52:44.160910",
          "2026-11-28 02:52:44.161005", 36000, -1, 60, "2026-11-28 17:52:44.173957");
  renewal("renew: an immediate second authentication writes nothing (delta < 60 s)",
          "2026-11-28 07:52:44.175513", "2026-11-28 17:52:44.173957",
          "2026-11-28 02:52:44.161005", 36000, -1, 60, NULL);
  renewal("renew: refresh-delta-30s writes nothing", "2026-11-28 07:52:44.193000",
          "2026-11-28 17:52:14.193131", "2026-11-28 07:52:14.193131", 36000, -1, 60, NULL);
  renewal("renew: refresh-delta-120s writes", "2026-11-28 07:52:44.205168",
          "2026-11-28 17:50:44.200192", "2026-11-28 07:50:44.200192", 36000, -1, 60,
          "2026-11-28 17:52:44.205168");
  renewal("renew: delta exactly 60 s writes nothing (strict >)", "2026-11-28 07:00:00",
          "2026-11-28 16:59:00", "2026-11-28 06:00:00", 36000, -1, 60, NULL);
  renewal("renew: delta 60 s + 1 us writes", "2026-11-28 07:00:00.000001",
          "2026-11-28 16:59:00", "2026-11-28 06:00:00", 36000, -1, 60,
          "2026-11-28 17:00:00.000001");
  renewal("renew: MIN_REFRESH_INTERVAL 0 writes on any later call", "2026-11-28 07:52:44.215313",
          "2026-11-28 17:52:44.212882", "2026-11-28 07:52:42.208058", 36000, -1, 0,
          "2026-11-28 17:52:44.215313");
  renewal("renew: never shortens (expiry 100 years away)", "2026-11-28 07:52:44.190000",
          "2126-11-04 07:52:44.186104", "2026-11-28 07:52:44.186192", 36000, -1, 60, NULL);
  renewal("renew: max-ttl-truncates gives exactly created + 12 h", "2026-11-28 07:52:44.243000",
          "2026-11-28 12:52:44.239612", "2026-11-28 02:52:44.239694", 36000, 43200, 60,
          "2026-11-28 14:52:44.239694");
  renewal("renew: max-ttl-below-current writes nothing", "2026-11-28 07:52:44.250000",
          "2026-11-28 08:52:44.247368", "2026-11-27 18:52:44.247368", 50400, 43200, 60, NULL);
  renewal("renew: no TTL renews nothing", "2026-11-28 07:00:00", "2026-11-28 08:00:00",
          "2026-11-28 06:00:00", -1, -1, 60, NULL);
  return check_status();
}
