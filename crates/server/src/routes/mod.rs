//! HTTP routes, one file per feature, merged in `app.rs`.

pub mod auth;
pub mod chat;
pub mod chat_agent;
pub mod chat_agent_socket;
pub mod chat_files;
pub mod chat_socket;
pub mod chat_team;
pub mod console;
pub mod demo;
pub mod faq;
pub mod health;
pub mod hosted;
pub mod invites;
pub mod qr;
pub mod sessions;
pub mod settings;
pub mod static_files;
pub mod surveys;
pub mod terms;
pub mod ticket_queue;
pub mod tickets;
pub mod two_step;
pub mod widget_config;

use crate::error::ApiError;
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// A site of the widget's API with one of its modules switched on; 404 otherwise (`lacks`
/// says what it lacks, e.g. "has no FAQ").
pub async fn site_with_module(
    state: &crate::state::AppState,
    site_id: &str,
    module: impl Fn(&kefu_api::Modules) -> bool,
    lacks: &str,
) -> Result<crate::site::SiteFile, ApiError> {
    if !crate::site::file::is_valid_id(site_id) {
        return Err(ApiError::SiteNotFound(site_id.to_owned()));
    }
    let stored = state
        .store
        .site(site_id)
        .await?
        .ok_or_else(|| ApiError::SiteNotFound(site_id.to_owned()))?;
    if !module(&stored.site.modules) {
        return Err(ApiError::NotFound(format!("the site `{site_id}` {lacks}")));
    }
    Ok(stored.site)
}

/// A strong ETag from the response bytes.
pub fn etag_of(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Whether `If-None-Match` matches `etag` (weak comparison, lists and `*`).
pub fn not_modified(headers: &HeaderMap, etag: &str) -> bool {
    let Some(inm) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    inm.split(',')
        .map(str::trim)
        .any(|t| t == "*" || t.trim_start_matches("W/") == etag)
}

/// 200 with the body and ETag, or 304 when the client already has it.
pub fn cached_response(
    headers: &HeaderMap,
    body: Vec<u8>,
    content_type: &'static str,
    cache_control: &'static str,
) -> Response {
    let etag = etag_of(&body);
    let mut res = if not_modified(headers, &etag) {
        axum::http::StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
            body,
        )
            .into_response()
    };
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    res
}

/// Fallback for unknown paths under the API.
pub async fn api_not_found() -> ApiError {
    ApiError::NotFound("no such endpoint; see /api/v1".into())
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
