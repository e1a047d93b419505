//! The loader and the widget's hashed files, readable from any origin (they are public and
//! carry no credentials): the loader is cached briefly so a new build reaches pages quickly,
//! the hashed files for a year.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt as _;
use tower_http::services::ServeDir;

fn public_headers(h: &mut HeaderMap) {
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("cross-origin"),
    );
}

/// `GET /kefu.js`
pub async fn loader(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let mut res = super::cached_response(
        &headers,
        state.assets.loader.clone().into_bytes(),
        "text/javascript; charset=utf-8",
        "public, max-age=300",
    );
    public_headers(res.headers_mut());
    res
}

/// `GET /widget/{file}`: files of the built widget, precompressed by `cargo xtask` (`.br`, `.gz`).
pub async fn widget_file(
    State(state): State<AppState>,
    req: Request,
) -> Result<Response, ApiError> {
    let Some(dir) = &state.assets.dir else {
        return Err(ApiError::WidgetNotBuilt);
    };
    let name = req.uri().path().trim_start_matches("/widget/").to_owned();
    // A UI locale's texts (named by their hash, so cached for good like the rest).
    if let Some(l) = state.assets.locales.iter().find(|l| l.name == name) {
        let mut res = super::cached_response(
            req.headers(),
            l.body.clone().into_bytes(),
            "text/plain; charset=utf-8",
            "public, max-age=31536000, immutable",
        );
        public_headers(res.headers_mut());
        return Ok(res);
    }
    // Only the hashed widget files are served from the directory, nothing else in it.
    let known = state.assets.manifest.as_ref().is_some_and(|m| m.has(&name));
    if !known {
        return Err(ApiError::NotFound(format!("no widget file `{name}`")));
    }
    let (mut parts, body) = req.into_parts();
    parts.uri = format!("/{name}")
        .parse()
        .map_err(|e: axum::http::uri::InvalidUri| ApiError::Internal(e.into()))?;
    let serve = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    let res = serve
        .oneshot(Request::from_parts(parts, body))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!(e)))?;
    let mut res = res.into_response();
    if res.status().is_success() || res.status() == axum::http::StatusCode::NOT_MODIFIED {
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
    public_headers(res.headers_mut());
    Ok(res)
}
