//! `/console/`: the agents' console, a static Leptos app on the API's own origin (no CORS).
//! Its pages must not be framed, and its hashed files are cached long. The page itself gets a
//! strict Content-Security-Policy: the one inline script Trunk writes (the wasm bootstrap) is
//! allowed by its SHA-256 hash, nothing else inline.
//!
//! `/console/preview` is the frame of the settings screen's live preview: the real loader and
//! widget in preview mode, showing the unsaved config the console posts to it.

use crate::error::ApiError;
use crate::site::file::is_valid_id;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use tower::ServiceExt as _;
use tower_http::services::ServeDir;

const PREVIEW_PAGE: &str = include_str!("../../assets/preview.html");
const PREVIEW_SCRIPT: &str = include_str!("../../assets/preview.js");
const PREVIEW_CSS: &str = include_str!("../../assets/preview.css");

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
    if path.is_empty() || path == "/" || path == "/index.html" {
        return index(dir).await;
    }
    let (mut parts, body) = req.into_parts();
    parts.uri = path
        .parse()
        .map_err(|e: axum::http::uri::InvalidUri| ApiError::Internal(e.into()))?;
    let res = ServeDir::new(dir)
        .oneshot(Request::from_parts(parts, body))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!(e)))?;
    let mut res = res.into_response();
    let h = res.headers_mut();
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if res.status().is_success() {
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
    Ok(res)
}

/// The console page, with a CSP that allows its inline bootstrap by hash only.
async fn index(dir: &std::path::Path) -> Result<Response, ApiError> {
    let html = tokio::fs::read_to_string(dir.join("index.html"))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    let hashes: String = inline_scripts(&html)
        .map(|s| {
            let digest = Sha256::digest(s.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    let csp = format!(
        "default-src 'none'; script-src 'self'{hashes} 'wasm-unsafe-eval'; connect-src 'self'; \
         img-src 'self' data:; style-src 'self'; frame-src 'self'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    Ok(page(html, &csp, "DENY"))
}

/// The bodies of `<script>` elements that have no `src`.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attrs, rest) = rest.split_once('>')?;
        if attrs.contains("src=") {
            return None;
        }
        Some(rest.split_once("</script>")?.0)
    })
}

fn page(html: String, csp: &str, frame: &'static str) -> Response {
    let mut res = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static(frame));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

#[derive(serde::Deserialize)]
pub struct PreviewQuery {
    site: String,
}

/// `GET /console/preview?site=demo`: framed by the console only.
pub async fn preview_page(
    crate::web::query::ApiQuery(q): crate::web::query::ApiQuery<PreviewQuery>,
) -> Result<Response, ApiError> {
    if !is_valid_id(&q.site) {
        return Err(ApiError::SiteNotFound(q.site));
    }
    let csp = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; \
               img-src 'self' data:; style-src 'self'; base-uri 'none'; form-action 'none'; \
               frame-ancestors 'self'";
    Ok(page(
        PREVIEW_PAGE.replace("{{SITE}}", &q.site),
        csp,
        "SAMEORIGIN",
    ))
}

pub async fn preview_script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        PREVIEW_SCRIPT,
    )
        .into_response()
}

pub async fn preview_css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        PREVIEW_CSS,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_only_inline_scripts() {
        let html = r#"<script src="/a.js"></script><script type="module">import x;</script>
            <p>no</p><script>b()</script>"#;
        let found: Vec<&str> = super::inline_scripts(html).collect();
        assert_eq!(found, vec!["import x;", "b()"]);
    }
}
