//! The FAQ as the widget loads it, and what the widget reports back.

use serde::{Deserialize, Serialize};

/// The only elements an answer's HTML may contain: the server's sanitizer keeps just these, and
/// the widget's FAQ copies just these out of what it receives.
pub const FAQ_ANSWER_TAGS: [&str; 23] = [
    "a",
    "p",
    "br",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
];

/// `GET /api/v1/sites/{site}/faq?locale=…`: every published article in one locale, loaded once
/// and searched in the browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaqPayload {
    pub site: String,
    /// The locale served (negotiated from the visitor's list).
    pub locale: String,
    /// Categories that have articles, in the site's order.
    pub categories: Vec<FaqCategory>,
    /// Published articles in the site's order.
    pub articles: Vec<FaqEntry>,
    /// Ids of the articles to show while the search box is empty, most viewed first.
    pub popular: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaqCategory {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaqEntry {
    pub id: String,
    pub category: String,
    pub question: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// The answer as HTML the server has sanitized (no scripts, no event handlers, only
    /// http/https/mailto links). The widget still copies only known elements out of it.
    pub html: String,
    /// Set when the article is not written in the served locale: the locale it is shown in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
}

/// `POST /api/v1/sites/{site}/faq/{article}/vote`: "Was this helpful?".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaqVote {
    /// The widget's random visitor id (32 hex digits, kept under `kefu:visitor`).
    pub visitor: String,
    pub helpful: bool,
}

/// `POST /api/v1/sites/{site}/faq/misses`: a search that found nothing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaqMiss {
    pub locale: String,
    pub query: String,
}

/// `GET /api/v1/console/sites/{site}/faq/report` (R18).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FaqReport {
    pub most_viewed: Vec<FaqArticleStats>,
    pub most_helpful: Vec<FaqArticleStats>,
    pub least_helpful: Vec<FaqArticleStats>,
    pub top_misses: Vec<FaqMissStats>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaqArticleStats {
    pub id: String,
    /// The question in the site's default locale (or the first one written).
    pub question: String,
    pub views: i64,
    pub helpful: i64,
    pub unhelpful: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaqMissStats {
    pub locale: String,
    pub query: String,
    pub count: i64,
    pub last_at: i64,
}
