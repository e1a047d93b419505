-- A site's terms of service and privacy notice (R1, issue 7): numbered versions, each with its
-- Markdown and rendered HTML per language in `texts` (JSON), and who accepted which version.
CREATE TABLE terms_versions (
    site_id            TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    version            INTEGER NOT NULL CHECK (version >= 1),
    published_at       INTEGER NOT NULL,
    published_by       TEXT NOT NULL,
    require_acceptance INTEGER NOT NULL,
    texts              TEXT NOT NULL,
    PRIMARY KEY (site_id, version)
);

-- `visitor` is the keyed hash of the browser's token; `user_key` the verified user's key when
-- the host page vouched for one (so they count as accepted on any device).
CREATE TABLE terms_acceptances (
    site_id     TEXT NOT NULL,
    version     INTEGER NOT NULL,
    visitor     TEXT NOT NULL,
    user_key    TEXT,
    locale      TEXT NOT NULL,
    accepted_at INTEGER NOT NULL,
    PRIMARY KEY (site_id, visitor, version),
    FOREIGN KEY (site_id, version) REFERENCES terms_versions (site_id, version) ON DELETE CASCADE
);

CREATE INDEX terms_acceptances_by_version ON terms_acceptances (site_id, version);
CREATE INDEX terms_acceptances_by_user ON terms_acceptances (site_id, user_key)
    WHERE user_key IS NOT NULL;
