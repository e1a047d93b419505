-- Feedback tickets (issue 5). A ticket belongs to a site and is known by its reference; the
-- visitor only as a keyed hash of their token. Its public thread and internal notes are
-- messages; every change is an event (R18).

-- Keys the server makes for itself on first use (e.g. the one ticket secrets are derived from).
CREATE TABLE server_keys (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

CREATE TABLE tickets (
    site_id        TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    reference      TEXT NOT NULL UNIQUE,
    visitor_hash   TEXT NOT NULL,
    category       TEXT NOT NULL,
    subject        TEXT NOT NULL,
    email          TEXT,
    urgency        TEXT NOT NULL CHECK (urgency IN ('low', 'normal', 'high')),
    priority       TEXT NOT NULL CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
    -- 0 urgent … 3 low, for ordering the queue.
    priority_rank  INTEGER NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('new', 'triaged', 'in_progress',
                       'waiting_for_visitor', 'resolved', 'closed')),
    locale         TEXT NOT NULL,
    page           TEXT,
    consent        INTEGER NOT NULL,
    assignee_id    TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    outcome        TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    due_date       TEXT NOT NULL,
    due_at         INTEGER NOT NULL,
    first_reply_at INTEGER,
    resolved_at    INTEGER,
    closed_at      INTEGER,
    -- The last change the visitor should notice (reply, status, outcome), and when they last
    -- looked: the widget's unread indicator.
    visitor_changed_at INTEGER NOT NULL,
    visitor_seen_at    INTEGER NOT NULL,
    PRIMARY KEY (site_id, reference)
);
CREATE INDEX tickets_by_visitor ON tickets (site_id, visitor_hash, created_at);
CREATE INDEX tickets_queue ON tickets (site_id, status, priority_rank, due_at);

CREATE TABLE ticket_messages (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id    TEXT NOT NULL,
    reference  TEXT NOT NULL,
    author     TEXT NOT NULL CHECK (author IN ('visitor', 'agent')),
    agent_id   TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    internal   INTEGER NOT NULL DEFAULT 0,
    body       TEXT NOT NULL,
    at         INTEGER NOT NULL,
    FOREIGN KEY (site_id, reference) REFERENCES tickets (site_id, reference) ON DELETE CASCADE
);
CREATE INDEX ticket_messages_of ON ticket_messages (site_id, reference, id);

CREATE TABLE ticket_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id    TEXT NOT NULL,
    reference  TEXT NOT NULL,
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,        -- an agent's e-mail address, 'visitor' or 'system'
    what       TEXT NOT NULL,
    from_value TEXT,
    to_value   TEXT,
    FOREIGN KEY (site_id, reference) REFERENCES tickets (site_id, reference) ON DELETE CASCADE
);
CREATE INDEX ticket_events_of ON ticket_events (site_id, reference, id);

CREATE TABLE ticket_attachments (
    site_id      TEXT NOT NULL,
    reference    TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    data         BLOB NOT NULL,
    PRIMARY KEY (site_id, reference),
    FOREIGN KEY (site_id, reference) REFERENCES tickets (site_id, reference) ON DELETE CASCADE
);

-- Answers to requests made with an Idempotency-Key, per site and visitor: a retry gets the
-- original answer; the same key with another request is refused. Written in the same
-- transaction as what the request created.
CREATE TABLE idempotency_keys (
    site_id      TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    visitor_hash TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    response     TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (site_id, visitor_hash, key)
);
