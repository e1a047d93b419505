-- Security events (R23): logins, failures, throttling, two-step changes, session
-- revocations, password and settings changes; who, when, from where.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    event       TEXT NOT NULL,
    account_id  TEXT,
    -- The e-mail address as typed, for failures of unknown accounts.
    email       TEXT,
    site_id     TEXT,
    ip          TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_time ON audit_log (at);
