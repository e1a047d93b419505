//! Request limits before any handler runs: rate per client IP (429 with `Retry-After`), body
//! size by `Content-Length` (413) and URI length (414). Each answers with our JSON error.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, Extensions, HeaderMap};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;

/// Largest body of the console's whole-FAQ save (`PUT /api/v1/console/sites/{site}/faq`):
/// thousands of articles in several languages. Only signed-in admins get past its handler.
pub const FAQ_MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Largest body of a new terms version (`POST /api/v1/console/sites/{site}/terms`): two
/// documents of up to [`crate::terms::MAX_DOCUMENT`] bytes in each of a site's languages.
pub const TERMS_MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// Largest body of a new ticket (`POST /api/v1/sites/{site}/tickets`): the text and an image
/// of up to [`kefu_api::MAX_ATTACHMENT_BYTES`] in base64.
pub const TICKET_MAX_BODY_BYTES: usize = kefu_api::MAX_ATTACHMENT_BYTES / 3 * 4 + 64 * 1024;

/// The body limit of a request path.
pub fn body_limit(state: &AppState, path: &str) -> usize {
    let new_ticket = path
        .strip_prefix("/api/v1/sites/")
        .and_then(|rest| rest.strip_suffix("/tickets"))
        .is_some_and(|site| !site.contains('/'));
    if new_ticket {
        return TICKET_MAX_BODY_BYTES.max(state.settings.max_body_bytes);
    }
    if is_chat_upload(path) {
        return kefu_api::MAX_CHAT_IMAGE_BYTES.max(state.settings.max_body_bytes);
    }
    if path == "/api/v1/console/me/avatar" {
        return kefu_api::MAX_AVATAR_BYTES.max(state.settings.max_body_bytes);
    }
    let console_save = |suffix: &str| {
        path.strip_prefix("/api/v1/console/sites/")
            .and_then(|rest| rest.strip_suffix(suffix))
            .is_some_and(|site| !site.contains('/'))
    };
    if console_save("/terms") {
        return TERMS_MAX_BODY_BYTES.max(state.settings.max_body_bytes);
    }
    if console_save("/faq") {
        FAQ_MAX_BODY_BYTES.max(state.settings.max_body_bytes)
    } else {
        state.settings.max_body_bytes
    }
}

/// An image sent in a chat: `/api/v1/sites/{site}/chat/files` (a visitor) or
/// `/api/v1/console/sites/{site}/chats/{id}/files` (an agent).
fn is_chat_upload(path: &str) -> bool {
    let visitor = path
        .strip_prefix("/api/v1/sites/")
        .and_then(|rest| rest.strip_suffix("/chat/files"))
        .is_some_and(|site| !site.contains('/'));
    let agent = path
        .strip_prefix("/api/v1/console/sites/")
        .and_then(|rest| rest.strip_suffix("/files"))
        .and_then(|rest| rest.split_once("/chats/"))
        .is_some_and(|(site, id)| !site.contains('/') && !id.contains('/'));
    visitor || agent
}

/// Longest request target accepted (path and query).
pub const MAX_URI_BYTES: usize = 4096;

/// A token bucket per key (a client IP, a visitor).
pub struct Limiter<K: std::hash::Hash + Eq + Clone>(Arc<DefaultKeyedRateLimiter<K>>);

impl<K: std::hash::Hash + Eq + Clone> Clone for Limiter<K> {
    fn clone(&self) -> Self {
        Limiter(self.0.clone())
    }
}

/// A token bucket per client IP.
pub type IpLimiter = Limiter<IpAddr>;

fn nonzero(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN)
}

impl<K: std::hash::Hash + Eq + Clone> Limiter<K> {
    /// `per_minute` requests a minute on average, bursts of a fifth of that (at least 10).
    pub fn new(per_minute: u32) -> Limiter<K> {
        Limiter(Arc::new(RateLimiter::keyed(
            Quota::per_minute(nonzero(per_minute)).allow_burst(nonzero((per_minute / 5).max(10))),
        )))
    }

    /// `per_hour` on average, `burst` at once.
    pub fn per_hour(per_hour: u32, burst: u32) -> Limiter<K> {
        Limiter(Arc::new(RateLimiter::keyed(
            Quota::per_hour(nonzero(per_hour)).allow_burst(nonzero(burst)),
        )))
    }

    /// `Err(seconds to wait)` when `key` is over its budget.
    pub fn check(&self, key: &K) -> Result<(), u64> {
        self.0.check_key(key).map_err(|not_until| {
            not_until
                .wait_time_from(DefaultClock::default().now())
                .as_secs()
                .max(1)
        })
    }

    /// Forgets idle keys so the table does not grow without bound.
    pub fn forget_idle(&self) {
        self.0.retain_recent();
        self.0.shrink_to_fit();
    }
}

/// The client's address: the socket peer, or the last `X-Forwarded-For` hop when the server
/// is told it runs behind a proxy.
pub fn client_ip_from(state: &AppState, headers: &HeaderMap, ext: &Extensions) -> Option<IpAddr> {
    if state.settings.trust_forwarded_for {
        let forwarded = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse().ok());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    ext.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())
}

fn client_ip(state: &AppState, req: &Request) -> Option<IpAddr> {
    client_ip_from(state, req.headers(), req.extensions())
}

pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if let Some(ip) = client_ip(&state, &req) {
        if let Err(retry_after_secs) = state.limiter.check(&ip) {
            return ApiError::RateLimited { retry_after_secs }.into_response();
        }
    }
    let uri_len = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if uri_len > MAX_URI_BYTES {
        return ApiError::UriTooLong {
            limit: MAX_URI_BYTES,
        }
        .into_response();
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let limit = body_limit(&state, req.uri().path());
    if declared.is_some_and(|n| n > limit as u64) {
        return ApiError::PayloadTooLarge { limit }.into_response();
    }
    next.run(req).await
}
