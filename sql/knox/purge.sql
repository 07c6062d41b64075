-- The knox scheme, purge: every expired token (what knox deletes while authenticating; we
-- never write inside a read). Django's two stored forms sort as the times they name, and
-- :now is written the same way, so text order is time order: `expiry < now`, strict.
-- A non-text expiry (not something Django writes) is left alone.
DELETE FROM main.{table} WHERE typeof("expiry") = 'text' AND "expiry" < :now
