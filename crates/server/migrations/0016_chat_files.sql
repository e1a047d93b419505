-- Live chat, continued (issue 6): images in messages, agents' avatars and the team's canned
-- responses.

-- An image sent in a chat. Its id (128 random bits) is the capability to read it: it reaches
-- only the conversation's visitor and the site's team, in the message that carries it.
CREATE TABLE chat_files (
    id              TEXT PRIMARY KEY,
    site_id         TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    content_type    TEXT NOT NULL,
    bytes           BLOB NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX chat_files_of ON chat_files (conversation_id);

ALTER TABLE chat_messages ADD COLUMN file_id TEXT;
-- The agent's avatar address when the message was written (as `agent_name`).
ALTER TABLE chat_messages ADD COLUMN agent_avatar TEXT;

-- An agent's picture as visitors see it; `accounts.avatar_url` points at the current one.
CREATE TABLE avatars (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    content_type TEXT NOT NULL,
    bytes        BLOB NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX avatars_of ON avatars (account_id);

-- Answers the team writes once and inserts with `/shortcut` (per site).
CREATE TABLE canned_responses (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id    TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    shortcut   TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_by TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (site_id, shortcut)
);
