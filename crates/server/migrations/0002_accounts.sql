-- Agents' and admins' accounts, their roles per site, and their sessions.
CREATE TABLE accounts (
    id                    TEXT PRIMARY KEY,
    -- Lower-cased; the login name.
    email                 TEXT NOT NULL UNIQUE,
    -- argon2id PHC string.
    password_hash         TEXT NOT NULL,
    -- Set for a generated one-time password: the account must choose its own.
    must_change_password  INTEGER NOT NULL DEFAULT 0,
    created_at            INTEGER NOT NULL
);

CREATE TABLE memberships (
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    site_id     TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'agent')),
    PRIMARY KEY (account_id, site_id)
);

-- Only a hash of each token is stored: a copy of the database opens no session.
CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    ip            TEXT NOT NULL,
    user_agent    TEXT NOT NULL
);
CREATE INDEX sessions_by_account ON sessions (account_id);
