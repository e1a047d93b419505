-- Sites and their CORS allow-lists. Portable SQL: text ids, integer millisecond timestamps.
CREATE TABLE sites (
    id          TEXT PRIMARY KEY,
    -- The validated site document (see src/site/file.rs), as JSON.
    doc         TEXT NOT NULL,
    revision    INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- Denormalised from the document so the CORS check is one indexed lookup.
CREATE TABLE site_origins (
    site_id     TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    origin      TEXT NOT NULL,
    PRIMARY KEY (site_id, origin)
);
