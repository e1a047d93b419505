//! A site's terms of service and privacy notice (R1): published in numbered versions, per
//! language, in Markdown the server renders and sanitizes; visitors accept a version, and a
//! newer version is announced with its summary of changes before their next submission.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The texts of one version in one language, as an admin writes them (Markdown).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermsText {
    /// The terms of service: scope, rules, fees, the visitor's rights and duties, when the
    /// service may end.
    pub terms: String,
    /// The privacy notice: what is kept, why, for how long, and who to ask.
    pub privacy: String,
    /// What changed since the previous version, in a few plain words (shown to visitors who
    /// accepted an earlier version). Required from the second version on, in the default
    /// language.
    #[serde(default)]
    pub changes: String,
}

/// `POST /api/v1/console/sites/{site}/terms`: a new version, published at once.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermsDraft {
    /// Visitors must accept this version before they send a request or start a chat.
    #[serde(default)]
    pub require_acceptance: bool,
    /// Per content language; the site's default language is required.
    pub texts: BTreeMap<String, TermsText>,
}

/// A published version as the console reads it (`GET …/console/sites/{site}/terms/{version}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublishedTerms {
    pub version: u32,
    /// Milliseconds since the epoch.
    pub published_at: i64,
    /// The admin's e-mail address.
    pub published_by: String,
    pub require_acceptance: bool,
    pub texts: BTreeMap<String, TermsText>,
}

/// One line of the version history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TermsVersionSummary {
    pub version: u32,
    pub published_at: i64,
    pub published_by: String,
    pub require_acceptance: bool,
    /// The languages it is written in.
    pub locales: Vec<String>,
    /// Visitors who accepted this version.
    pub acceptances: u64,
}

/// `GET /api/v1/console/sites/{site}/terms`: every version, newest first, and the newest whole
/// (the starting point of the next one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TermsHistory {
    pub versions: Vec<TermsVersionSummary>,
    pub current: Option<PublishedTerms>,
}

/// `GET /api/v1/sites/{site}/terms?locale=…`: the current version for a visitor, in their
/// language or the nearest one the site wrote (`fallback` is then true). 404 `no_terms` when
/// the site has published none.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SiteTerms {
    pub version: u32,
    pub published_at: i64,
    pub require_acceptance: bool,
    /// The language of the texts below.
    pub locale: String,
    /// The visitor's language has no texts; these are the nearest ones.
    pub fallback: bool,
    /// Sanitized HTML.
    pub terms: String,
    /// Sanitized HTML.
    pub privacy: String,
    /// Plain text: what changed since the previous version.
    pub changes: String,
}

/// `POST /api/v1/sites/{site}/terms/acceptances` with the visitor's token (and identity claim,
/// when the host page gave one): the visitor accepts `version`, which must be the current one
/// (409 `terms_changed` otherwise).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptTerms {
    pub version: u32,
    /// The language the visitor read them in.
    pub locale: String,
}

/// The record of an acceptance (the first one, for a repeated request).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TermsAcceptance {
    pub version: u32,
    pub accepted_at: i64,
}
