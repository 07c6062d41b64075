-- The knox scheme, issue: a new row, as knox's AuthToken.objects.create() writes it (same
-- column order). The token itself is never bound: only its digest (:key) and token_key.
INSERT INTO main.{table} ("digest", "token_key", "user_id", "created", "expiry") VALUES (:key, :token_key, :user_id, :created, :expiry)
