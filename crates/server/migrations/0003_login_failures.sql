-- Failed logins, by account (`acct:<email>`) and by client IP (`ip:<addr>`), kept in the
-- database so a restart does not reset the throttle (R23).
CREATE TABLE login_failures (
    key  TEXT NOT NULL,
    at   INTEGER NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (key, at);
