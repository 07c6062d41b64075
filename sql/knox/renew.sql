-- The knox scheme, renewal: writes the expiry knox's renew_token() computed (:expiry) on the
-- presented token's row, only if it still holds the expiry that was read (:old).
UPDATE main.{table} SET "expiry" = :expiry WHERE "digest" = :key AND "expiry" IS :old
