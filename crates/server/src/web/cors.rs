//! CORS per site: the widget's API calls come from the host page's origin, which must be on
//! that site's allow-list. An allowed origin is echoed exactly (never `*`, never credentials);
//! any other origin gets no CORS headers at all, so the browser withholds the response.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

const ALLOW_METHODS: &str = "GET, POST, OPTIONS";
const ALLOW_HEADERS: &str =
    "content-type, idempotency-key, if-none-match, authorization, kefu-identity";

/// The `{site}` of `/api/v1/sites/{site}/…`.
fn site_of(path: &str) -> Option<&str> {
    path.strip_prefix("/api/v1/sites/")?.split('/').next()
}

pub async fn per_site(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let site = site_of(req.uri().path()).unwrap_or("").to_owned();
    let allowed = match &origin {
        Some(o) => match state.store.origin_allowed(&site, o).await {
            Ok(ok) => ok,
            Err(e) => {
                tracing::error!(error = ?e, "CORS lookup failed");
                false
            }
        },
        None => false,
    };
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut res = if preflight {
        StatusCode::NO_CONTENT.into_response()
    } else {
        next.run(req).await
    };
    let h = res.headers_mut();
    h.append(header::VARY, HeaderValue::from_static("Origin"));
    if let (true, Some(o)) = (allowed, origin) {
        if let Ok(v) = HeaderValue::from_str(&o) {
            h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
            h.insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static("etag, retry-after, idempotent-replayed"),
            );
            if preflight {
                h.insert(
                    header::ACCESS_CONTROL_ALLOW_METHODS,
                    HeaderValue::from_static(ALLOW_METHODS),
                );
                h.insert(
                    header::ACCESS_CONTROL_ALLOW_HEADERS,
                    HeaderValue::from_static(ALLOW_HEADERS),
                );
                h.insert(
                    header::ACCESS_CONTROL_MAX_AGE,
                    HeaderValue::from_static("600"),
                );
            }
        }
    }
    res
}
