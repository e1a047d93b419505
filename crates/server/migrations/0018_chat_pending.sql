-- Chat messages stored and acknowledged, not yet filed into `chat_messages` (issue 6's group
-- commit). A batch of messages from many conversations is appended here in one transaction
-- that changes only this table's last pages: filing them straight into `chat_messages` and its
-- two indexes rewrote one page of each index per conversation in the batch, in every commit.
-- The chat writer files them in bulk soon after (when idle, or when enough are waiting), in
-- one transaction. Readers see both tables through `chat_log`.
CREATE TABLE chat_pending (
    id              INTEGER PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    client_id       TEXT NOT NULL,
    author          TEXT NOT NULL CHECK (author IN ('visitor', 'agent', 'system')),
    agent_id        TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    agent_name      TEXT,
    agent_avatar    TEXT,
    body            TEXT NOT NULL,
    file_id         TEXT,
    at              INTEGER NOT NULL
);

-- Every stored chat message, filed or not.
CREATE VIEW chat_log AS
    SELECT conversation_id, seq, client_id, author, agent_id, agent_name, agent_avatar, body,
           file_id, at
    FROM chat_messages
    UNION ALL
    SELECT conversation_id, seq, client_id, author, agent_id, agent_name, agent_avatar, body,
           file_id, at
    FROM chat_pending;
