-- DRF's scheme, issue: a token for user :user_id created at :created. The key is drawn by
-- token_new() inside the statement, never bound, so a tracing logger's sqlite3_expanded_sql
-- shows no key (issue 8, item 12); the store takes it from that call (store.h, capture).
INSERT INTO main.{table} ("key", "created", "user_id") VALUES (token_new(), :created, :user_id)
