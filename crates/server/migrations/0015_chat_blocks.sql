-- Visitors an agent blocked from chatting on a site (issue 6): by the keyed hash the
-- conversations use (the visitor's token, or their verified id), never the token itself.
CREATE TABLE chat_blocks (
    site_id      TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    visitor_hash TEXT NOT NULL,
    blocked_by   TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    at           INTEGER NOT NULL,
    PRIMARY KEY (site_id, visitor_hash)
);
