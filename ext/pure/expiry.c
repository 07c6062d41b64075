/*
** expiry.c: knox's expiry comparison and AUTO_REFRESH renewal (expiry.h).
**
** knox 5.0.2 renew_token():
**     current_expiry = auth_token.expiry
**     new_expiry = timezone.now() + knox_settings.TOKEN_TTL
**     if knox_settings.AUTO_REFRESH_MAX_TTL is not None:
**         max_expiry = auth_token.created + knox_settings.AUTO_REFRESH_MAX_TTL
**         if new_expiry > max_expiry: new_expiry = max_expiry
**     delta = (new_expiry - current_expiry).total_seconds()
**     if delta > knox_settings.MIN_REFRESH_INTERVAL: save new_expiry
** total_seconds() is the exact microsecond count over 10^6, so comparing microseconds with
** MIN_REFRESH_INTERVAL * 10^6 gives the same answer.
*/
#include "expiry.h"

#define US 1000000LL

int expiry_passed(timestamp_us expiry, timestamp_us now) { return expiry < now; }

int expiry_renewed(timestamp_us now, timestamp_us old_expiry, timestamp_us created,
                   int64_t ttl_s, int64_t max_ttl_s, int64_t min_interval_s,
                   timestamp_us *renewed) {
  if (ttl_s < 0) return 0;
  timestamp_us next = now + ttl_s * US;
  if (max_ttl_s >= 0 && next > created + max_ttl_s * US) next = created + max_ttl_s * US;
  if (next - old_expiry <= min_interval_s * US) return 0;
  *renewed = next;
  return 1;
}
