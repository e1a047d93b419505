//! `GET /w/{site}`: the widget as a page of its own, for apps that open it in a WebView. The
//! page loads the loader and `bridge.js`, which opens the panel at once, posts every widget
//! event to the app (`window.webkit.messageHandlers.kefu` on iOS, `window.KefuAndroid` on
//! Android) and keeps the panel as tall as the visible viewport above the on-screen keyboard.
//! It is on Kefu's own origin, which every site accepts (`state.own_origin`).

use crate::error::ApiError;
use crate::site::file::is_valid_id;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

const PAGE: &str = include_str!("../../assets/hosted.html");
const CSS: &str = include_str!("../../assets/hosted.css");
const BRIDGE: &str = include_str!("../../assets/bridge.js");
const FALLBACK: &str = include_str!("../../assets/fallback.js");
const ENGLISH: &str = include_str!("../../../../locales/en/widget.ftl");

/// `launcher-open` of a widget.ftl (one line: `launcher-open = …`).
fn launcher_text(ftl: &str) -> Option<&str> {
    ftl.lines()
        .find_map(|l| l.strip_prefix("launcher-open = "))
        .map(str::trim)
}

pub async fn page(
    State(state): State<AppState>,
    Path(site): Path<String>,
) -> Result<Response, ApiError> {
    let known = is_valid_id(&site)
        && state
            .store
            .site(&site)
            .await
            .map_err(ApiError::Internal)?
            .is_some();
    if !known {
        return Err(ApiError::SiteNotFound(site));
    }
    let csp = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; \
               img-src 'self' data:; style-src 'self'; base-uri 'none'; form-action 'none'; \
               frame-ancestors 'none'; require-trusted-types-for 'script'";
    let mut res = (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        PAGE.replace("{{SITE}}", &site),
    )
        .into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(res)
}

pub async fn css() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS).into_response()
}

/// `GET /w/fallback.js`: what the loader imports when the widget cannot start (no WebAssembly
/// under the page's CSP): a link to `/w/{site}` labelled with the widget's own `launcher-open`
/// text in every UI locale.
pub async fn fallback() -> Response {
    // Built once: the texts are compiled in.
    static JS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let texts: serde_json::Map<String, serde_json::Value> = std::iter::once(("en", ENGLISH))
            .chain(
                crate::assets::UI_LOCALES
                    .iter()
                    .map(|(tag, widget, _)| (*tag, *widget)),
            )
            .filter_map(|(tag, ftl)| Some((tag.to_owned(), launcher_text(ftl)?.into())))
            .collect();
        FALLBACK.replace(
            "__KEFU_TEXTS__",
            &serde_json::Value::Object(texts).to_string(),
        )
    });
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
            (header::CACHE_CONTROL, "public, max-age=300"),
            (
                axum::http::HeaderName::from_static("cross-origin-resource-policy"),
                "cross-origin",
            ),
        ],
        JS.as_str(),
    )
        .into_response()
}

pub async fn bridge() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        BRIDGE,
    )
        .into_response()
}
