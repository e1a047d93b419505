-- The FAQ (issue 4). Articles belong to a site and a category; each has one translation per
-- locale with the Markdown as written and the HTML rendered and sanitized once, on save.
CREATE TABLE faq_categories (
    site_id   TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    id        TEXT NOT NULL,
    position  INTEGER NOT NULL,
    names     TEXT NOT NULL,          -- JSON object: locale → name
    PRIMARY KEY (site_id, id)
);

CREATE TABLE faq_articles (
    site_id     TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    id          TEXT NOT NULL,
    category_id TEXT NOT NULL,
    position    INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (site_id, id),
    FOREIGN KEY (site_id, category_id) REFERENCES faq_categories (site_id, id)
);

CREATE TABLE faq_translations (
    site_id     TEXT NOT NULL,
    article_id  TEXT NOT NULL,
    locale      TEXT NOT NULL,
    question    TEXT NOT NULL,
    answer_md   TEXT NOT NULL,
    answer_html TEXT NOT NULL,
    keywords    TEXT NOT NULL,        -- JSON array of strings
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (site_id, article_id, locale),
    FOREIGN KEY (site_id, article_id) REFERENCES faq_articles (site_id, id) ON DELETE CASCADE
);

-- Bumped on every change to a site's FAQ: the published payload is cached by it.
CREATE TABLE faq_revisions (
    site_id  TEXT PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
    revision INTEGER NOT NULL
);

-- One vote per visitor and article (a second vote replaces the first). The visitor is kept
-- only as a keyed hash of the widget's random visitor id.
CREATE TABLE faq_votes (
    site_id      TEXT NOT NULL,
    article_id   TEXT NOT NULL,
    visitor_hash TEXT NOT NULL,
    helpful      INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    at           INTEGER NOT NULL,
    PRIMARY KEY (site_id, article_id, visitor_hash),
    FOREIGN KEY (site_id, article_id) REFERENCES faq_articles (site_id, id) ON DELETE CASCADE
);

CREATE TABLE faq_views (
    site_id    TEXT NOT NULL,
    article_id TEXT NOT NULL,
    views      INTEGER NOT NULL,
    PRIMARY KEY (site_id, article_id),
    FOREIGN KEY (site_id, article_id) REFERENCES faq_articles (site_id, id) ON DELETE CASCADE
);

-- Searches that found nothing, by normalized text (R18: what to write next).
CREATE TABLE faq_misses (
    site_id  TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    locale   TEXT NOT NULL,
    query    TEXT NOT NULL,
    count    INTEGER NOT NULL,
    last_at  INTEGER NOT NULL,
    PRIMARY KEY (site_id, locale, query)
);
