-- Satisfaction ratings of resolved tickets (R14): one per ticket, 1 (very unhappy) to 5 (very
-- happy), with an optional comment; a second rating replaces the first.
CREATE TABLE ticket_ratings (
    site_id   TEXT NOT NULL,
    reference TEXT NOT NULL,
    score     INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment   TEXT,
    at        INTEGER NOT NULL,
    PRIMARY KEY (site_id, reference),
    FOREIGN KEY (site_id, reference) REFERENCES tickets (site_id, reference) ON DELETE CASCADE
);
