//! Every request the widget makes, in one place.

use kefu_api::{WidgetConfig, API_PREFIX};
use wasm_bindgen::JsValue;

/// Why a request failed, in a form the UI can show.
#[derive(Clone, Debug, PartialEq)]
pub enum FetchError {
    /// The network or the server did not answer.
    Network,
    /// The server answered with an error code (e.g. `site_not_found`).
    Api { status: u16, code: String },
}

impl FetchError {
    /// A stable code for logs: the server's error code, or `network`.
    pub fn code(&self) -> &str {
        match self {
            FetchError::Network => "network",
            FetchError::Api { code, .. } => code,
        }
    }
}

fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

/// `GET path` on the Kefu server through the loader's `get` (the browser's `fetch`, so its
/// cache revalidates with the ETag): the status and the body.
pub async fn get(get: Option<js_sys::Function>, path: &str) -> Result<(u16, String), FetchError> {
    let promise = get
        .ok_or(FetchError::Network)?
        .call1(&JsValue::NULL, &JsValue::from_str(path))
        .map_err(|_| FetchError::Network)?;
    let answer = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise))
        .await
        .map_err(|_| FetchError::Network)?;
    let pair = js_sys::Array::from(&answer);
    let status = pair.get(0).as_f64().unwrap_or_default() as u16;
    Ok((status, pair.get(1).as_string().unwrap_or_default()))
}

/// `GET /api/v1/sites/{site}/widget-config?locale=…`.
pub async fn widget_config(
    fetch: Option<js_sys::Function>,
    site: &str,
    preferences: &[String],
) -> Result<WidgetConfig, FetchError> {
    let mut path = format!("{API_PREFIX}/sites/{}/widget-config", encode(site));
    let mut prefs = String::new();
    for p in preferences.iter().take(10) {
        if !prefs.is_empty() {
            prefs.push(',');
        }
        prefs.push_str(p);
    }
    if !prefs.is_empty() {
        path.push_str("?locale=");
        path.push_str(&encode(&prefs));
    }
    let (status, text) = get(fetch, &path).await?;
    // Parsed by the browser's `JSON.parse`: the config is read by `decode`, an error's
    // `error.code` without a second decoder (wasm size).
    let body = js_sys::JSON::parse(&text).ok();
    if !(200..300).contains(&status) {
        let code = body
            .and_then(|b| js_sys::Reflect::get(&b, &"error".into()).ok())
            .and_then(|e| js_sys::Reflect::get(&e, &"code".into()).ok())
            .and_then(|c| c.as_string())
            .unwrap_or_else(|| "http_error".into());
        return Err(FetchError::Api { status, code });
    }
    body.and_then(|b| crate::decode::widget_config(&b))
        .ok_or_else(|| FetchError::Api {
            status,
            code: "bad_response".into(),
        })
}
