-- One-time, expiring invitations for agents and admins of a site (R20). Only a hash of the
-- token is kept; the link is shown once to the admin who invites.
CREATE TABLE invites (
    token_hash  TEXT PRIMARY KEY,
    site_id     TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    email       TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'agent')),
    created_by  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);
