-- Live chat (issue 6). A conversation belongs to a site and to one visitor (the keyed hash of
-- their token, or of their verified id); a visitor has at most one open conversation. Its
-- messages are numbered 1, 2, 3, … (`seq`); the id the sender gave each one is unique in the
-- conversation, so a retry is never stored twice.
CREATE TABLE conversations (
    id               TEXT PRIMARY KEY,
    site_id          TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    visitor_hash     TEXT NOT NULL,
    -- The host site's id of a verified user (their conversations follow them across devices).
    user_id          TEXT,
    status           TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    visitor_name     TEXT,
    visitor_email    TEXT,
    locale           TEXT NOT NULL,
    page             TEXT,
    assignee_id      TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    last_seq         INTEGER NOT NULL DEFAULT 0,
    visitor_read_seq INTEGER NOT NULL DEFAULT 0,
    agent_read_seq   INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    first_reply_at   INTEGER,
    closed_at        INTEGER
);
-- At most one open conversation per visitor of a site.
CREATE UNIQUE INDEX conversations_open ON conversations (site_id, visitor_hash)
    WHERE status = 'open';
CREATE INDEX conversations_by_site ON conversations (site_id, status, updated_at);
CREATE INDEX conversations_by_visitor ON conversations (site_id, visitor_hash, created_at);

CREATE TABLE chat_messages (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    client_id       TEXT NOT NULL,
    author          TEXT NOT NULL CHECK (author IN ('visitor', 'agent', 'system')),
    agent_id        TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    agent_name      TEXT,
    body            TEXT NOT NULL,
    at              INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, seq),
    UNIQUE (conversation_id, client_id)
);

-- How visitors see an agent in chat (never their e-mail address).
ALTER TABLE accounts ADD COLUMN display_name TEXT;
ALTER TABLE accounts ADD COLUMN avatar_url TEXT;
