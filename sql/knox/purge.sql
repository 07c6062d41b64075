-- The knox scheme, purge: every token find calls expired (what knox deletes while it
-- authenticates; we never write inside a read): a non-NULL expiry that is not one of
-- Django's two stored forms at or after :now. Orphan rows (user gone) are purged too when
-- expired; find never answers for them anyway.
DELETE FROM main.{table} WHERE "expiry" IS NOT NULL AND NOT coalesce(typeof("expiry") = 'text' AND ("expiry" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]' OR "expiry" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]') AND "expiry" >= :now, 0)
