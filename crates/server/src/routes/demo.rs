//! `GET /demo`: a host page that embeds the widget the way a foreign site does, with a strict
//! Content-Security-Policy to prove the widget needs no inline script or style.

use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

const PAGE: &str = include_str!("../../assets/demo.html");
const CSS: &str = include_str!("../../assets/demo.css");
const SCRIPT: &str = include_str!("../../assets/demo.js");

pub async fn page(State(state): State<AppState>) -> Response {
    let public = state.settings.public_url.trim_end_matches('/');
    let html = PAGE.replace("{{PUBLIC_URL}}", public);
    let csp = format!(
        "default-src 'none'; script-src 'self' {public} 'wasm-unsafe-eval'; connect-src {public}; \
         img-src 'self' {public} data:; style-src 'self'; base-uri 'none'; form-action 'none'; \
         frame-ancestors 'none'"
    );
    let mut res = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    if let Ok(v) = HeaderValue::from_str(&csp) {
        res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

pub async fn css() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS).into_response()
}

pub async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
        .into_response()
}
