//! `GET /api/v1/sites/{site}/widget-config?locale=zh-CN,zh,en`: the widget's whole config in
//! the visitor's best language, with an ETag so a returning visitor gets a 304.

use super::cached_response;
use crate::error::ApiError;
use crate::site::{file::is_valid_id, localize};
use crate::state::AppState;
use crate::web::query::ApiQuery;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use serde::Deserialize;
use unic_langid::LanguageIdentifier;

/// At most this many language preferences are considered.
const MAX_PREFERENCES: usize = 10;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigQuery {
    /// Comma-separated BCP 47 tags, most preferred first.
    locale: Option<String>,
}

/// Parses `zh-CN,zh,en` into language ids; refuses junk instead of guessing.
pub fn parse_preferences(raw: &str) -> Result<Vec<LanguageIdentifier>, ApiError> {
    if raw.len() > 200 {
        return Err(ApiError::bad_request(
            "invalid_locale",
            "the locale list is longer than 200 bytes",
        ));
    }
    let tags: Vec<&str> = raw
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    if tags.len() > MAX_PREFERENCES {
        return Err(ApiError::bad_request(
            "invalid_locale",
            format!("at most {MAX_PREFERENCES} locales may be given"),
        ));
    }
    tags.iter()
        .map(|t| {
            t.parse::<LanguageIdentifier>().map_err(|_| {
                ApiError::bad_request(
                    "invalid_locale",
                    format!("`{t}` is not a language tag like en or zh-CN"),
                )
            })
        })
        .collect()
}

pub async fn get(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    ApiQuery(q): ApiQuery<ConfigQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let prefs = parse_preferences(q.locale.as_deref().unwrap_or(""))?;
    if !is_valid_id(&site_id) {
        return Err(ApiError::SiteNotFound(site_id));
    }
    let stored = state
        .store
        .site(&site_id)
        .await?
        .ok_or(ApiError::SiteNotFound(site_id))?;
    let locale = localize::negotiate(&stored.site, &prefs);
    let config = localize::widget_config(&stored.site, &locale);
    let body = serde_json::to_vec(&config).map_err(|e| ApiError::Internal(e.into()))?;
    // `no-cache`: the browser keeps it but revalidates on every load, so a saved change
    // reaches the next page view while an unchanged config costs a 304.
    let mut res = cached_response(&headers, body, "application/json", "no-cache");
    if let Ok(v) = HeaderValue::from_str(&locale) {
        res.headers_mut().insert(header::CONTENT_LANGUAGE, v);
    }
    Ok(res)
}
