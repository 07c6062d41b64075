-- DRF's scheme, revoke: the presented token's row (token_revoke: log out with the header).
DELETE FROM main.{table} WHERE "key" = :key
