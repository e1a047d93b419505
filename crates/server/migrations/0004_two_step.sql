-- Two-step verification (TOTP, RFC 6238) and one-time recovery codes (R20).
-- The active secret (base32), the one being enrolled, and the last time step accepted, so a
-- code cannot be used twice.
ALTER TABLE accounts ADD COLUMN totp_secret TEXT;
ALTER TABLE accounts ADD COLUMN totp_pending_secret TEXT;
ALTER TABLE accounts ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

-- 'full', or 'two_step' for the half-signed-in state between password and code, which no
-- endpoint but the code check accepts.
ALTER TABLE sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'full';

CREATE TABLE recovery_codes (
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- SHA-256 of the normalised code; the code itself is shown once.
    code_hash   TEXT NOT NULL,
    used_at     INTEGER,
    PRIMARY KEY (account_id, code_hash)
);
