-- "My requests" on a new device (issue 5): a visitor asks for a link by e-mail; the link's
-- one-time token (kept only as a hash, valid for an hour) ties the browser that opens it to the
-- tickets sent with that address. Earlier devices keep their access.
CREATE TABLE recovery_tokens (
    token_hash TEXT PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    email      TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);

CREATE TABLE visitor_emails (
    site_id      TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    visitor_hash TEXT NOT NULL,
    email        TEXT NOT NULL,
    at           INTEGER NOT NULL,
    PRIMARY KEY (site_id, visitor_hash, email)
);

CREATE INDEX tickets_by_email ON tickets (site_id, email);
