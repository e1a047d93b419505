//! `/console/`: the agents' console, a static Leptos app on the API's own origin (no CORS).
//! Its pages must not be framed, and its hashed files are cached long.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt as _;
use tower_http::services::ServeDir;

pub async fn serve(State(state): State<AppState>, req: Request) -> Result<Response, ApiError> {
    let dir = &state.settings.console_dir;
    if !dir.join("index.html").is_file() {
        return Err(ApiError::NotFound(
            "the console has not been built; run `cargo xtask dist`".into(),
        ));
    }
    let path = req
        .uri()
        .path()
        .strip_prefix("/console")
        .unwrap_or("/")
        .to_owned();
    let is_index = path.is_empty() || path == "/" || path == "/index.html";
    let (mut parts, body) = req.into_parts();
    parts.uri = if is_index {
        "/index.html".parse()
    } else {
        path.parse()
    }
    .map_err(|e: axum::http::uri::InvalidUri| ApiError::Internal(e.into()))?;
    let res = ServeDir::new(dir)
        .oneshot(Request::from_parts(parts, body))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!(e)))?;
    let mut res = res.into_response();
    let h = res.headers_mut();
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    let cache = if is_index {
        "no-cache"
    } else {
        "public, max-age=31536000, immutable"
    };
    if res.status().is_success() {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    Ok(res)
}
