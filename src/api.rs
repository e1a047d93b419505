//! Every request the widget makes, in one place.

use kefu_api::{WidgetConfig, API_PREFIX};

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

/// `GET /api/v1/sites/{site}/widget-config?locale=…`; the browser's cache revalidates with the
/// ETag, so a returning visitor pays a 304.
pub async fn widget_config(
    api: &str,
    site: &str,
    preferences: &[String],
) -> Result<WidgetConfig, FetchError> {
    let mut url = format!("{api}{API_PREFIX}/sites/{}/widget-config", encode(site));
    let prefs: Vec<&str> = preferences.iter().take(10).map(String::as_str).collect();
    if !prefs.is_empty() {
        url.push_str("?locale=");
        url.push_str(&encode(&prefs.join(",")));
    }
    let res = gloo_net::http::Request::get(&url)
        .send()
        .await
        .map_err(|_| FetchError::Network)?;
    if !res.ok() {
        let status = res.status();
        // Only `error.code` is needed: read it without a second decoder (wasm size).
        let code = match res
            .text()
            .await
            .ok()
            .and_then(|t| js_sys::JSON::parse(&t).ok())
        {
            Some(body) => js_sys::Reflect::get(&body, &"error".into())
                .and_then(|e| js_sys::Reflect::get(&e, &"code".into()))
                .ok()
                .and_then(|c| c.as_string())
                .unwrap_or_else(|| "http_error".into()),
            None => "http_error".into(),
        };
        return Err(FetchError::Api { status, code });
    }
    config_body(res).await
}

/// The config, parsed by the browser's `JSON.parse` and read by `decode`.
async fn config_body(res: gloo_net::http::Response) -> Result<WidgetConfig, FetchError> {
    let status = res.status();
    let bad = || FetchError::Api {
        status,
        code: "bad_response".into(),
    };
    let text = res.text().await.map_err(|_| FetchError::Network)?;
    let value = js_sys::JSON::parse(&text).map_err(|_| bad())?;
    crate::decode::widget_config(&value).ok_or_else(bad)
}
