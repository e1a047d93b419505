-- Answers to the NPS question (R14, issue 5): a returning visitor is asked at most once per
-- the site's interval; the visitor is kept only as the keyed hash of their token.
CREATE TABLE nps_responses (
    id           INTEGER PRIMARY KEY,
    site_id      TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    visitor_hash TEXT NOT NULL,
    score        INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
    comment      TEXT,
    locale       TEXT NOT NULL,
    page         TEXT,
    at           INTEGER NOT NULL
);

CREATE INDEX nps_by_site ON nps_responses (site_id, at);
CREATE INDEX nps_by_visitor ON nps_responses (site_id, visitor_hash, at);
