//! The FAQ's requests: the payload (loaded once per site and locale, revalidated by the
//! browser with its ETag), and the reports the site owner reads: views, votes, missed searches.
//! Reports are best effort and never surface as errors to the visitor.

use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

/// One published article in the served locale.
pub struct Article {
    pub id: String,
    pub question: String,
    pub keywords: Vec<String>,
    pub html: String,
    /// The locale it is shown in when not written in the served one.
    pub fallback: Option<String>,
}

pub struct Payload {
    pub locale: String,
    pub articles: Vec<Article>,
    /// Positions in `articles`.
    pub popular: Vec<usize>,
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn string(obj: &JsValue, key: &str) -> Result<String, JsValue> {
    get(obj, key)
        .as_string()
        .ok_or_else(|| JsValue::from_str(&format!("kefu: FAQ field {key} is missing")))
}

fn strings(v: &JsValue) -> Vec<String> {
    v.dyn_ref::<Array>()
        .map(|a| a.iter().filter_map(|s| s.as_string()).collect())
        .unwrap_or_default()
}

/// Reads the payload the server's serde wrote (`kefu_api::FaqPayload`).
pub fn decode(v: &JsValue) -> Result<Payload, JsValue> {
    let list: Array = get(v, "articles").dyn_into()?;
    let mut articles = Vec::with_capacity(list.length() as usize);
    for a in list.iter() {
        articles.push(Article {
            id: string(&a, "id")?,
            question: string(&a, "question")?,
            keywords: strings(&get(&a, "keywords")),
            html: string(&a, "html")?,
            fallback: get(&a, "fallback").as_string(),
        });
    }
    let popular = strings(&get(v, "popular"))
        .iter()
        .filter_map(|id| articles.iter().position(|a| &a.id == id))
        .collect();
    Ok(Payload {
        locale: string(v, "locale")?,
        articles,
        popular,
    })
}

fn window() -> Result<web_sys::Window, JsValue> {
    web_sys::window().ok_or_else(|| JsValue::from_str("kefu: no window"))
}

/// `GET {api}/api/v1/sites/{site}/faq?locale=…`
pub async fn load(api: &str, site: &str, locale: &str) -> Result<Payload, JsValue> {
    let url = format!(
        "{api}/api/v1/sites/{}/faq?locale={}",
        js_sys::encode_uri_component(site),
        js_sys::encode_uri_component(locale)
    );
    let init = RequestInit::new();
    init.set_credentials(web_sys::RequestCredentials::Omit);
    let res: Response = JsFuture::from(window()?.fetch_with_str_and_init(&url, &init))
        .await?
        .dyn_into()?;
    if !res.ok() {
        return Err(JsValue::from_str(&format!(
            "kefu: FAQ answered {}",
            res.status()
        )));
    }
    let text = JsFuture::from(res.text()?).await?;
    decode(&JSON::parse(&text.as_string().unwrap_or_default())?)
}

/// `POST {api}/api/v1/sites/{site}/faq/{path}` with a JSON body; the status, or 0 when the
/// request failed.
pub async fn post(api: &str, site: &str, path: &str, body: &JsValue) -> u16 {
    let send = async {
        let url = format!(
            "{api}/api/v1/sites/{}/faq/{path}",
            js_sys::encode_uri_component(site)
        );
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_credentials(web_sys::RequestCredentials::Omit);
        let headers = web_sys::Headers::new()?;
        headers.set("content-type", "application/json")?;
        init.set_headers(&headers);
        let text: String = JSON::stringify(body)?.into();
        init.set_body(&JsValue::from_str(&text));
        let res: Response = JsFuture::from(window()?.fetch_with_str_and_init(&url, &init))
            .await?
            .dyn_into()?;
        Ok::<u16, JsValue>(res.status())
    };
    send.await.unwrap_or(0)
}

/// A JSON object from pairs.
pub fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The visitor's random id (`kefu:visitor`, 128 bits as hex), made on first use; `None` when
/// the browser gives no storage or no randomness.
pub fn visitor_id() -> Option<String> {
    let store = storage()?;
    if let Ok(Some(v)) = store.get_item("kefu:visitor") {
        if v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Some(v);
        }
    }
    let mut bytes = [0u8; 16];
    web_sys::window()?
        .crypto()
        .ok()?
        .get_random_values_with_u8_array(&mut bytes)
        .ok()?;
    let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    store.set_item("kefu:visitor", &id).ok()?;
    Some(id)
}

fn votes_key(site: &str) -> String {
    format!("kefu:faq-votes:{site}")
}

/// Articles this browser already voted on (`kefu:faq-votes:<site>`, ids separated by spaces).
pub fn voted(site: &str, id: &str) -> bool {
    storage()
        .and_then(|s| s.get_item(&votes_key(site)).ok().flatten())
        .is_some_and(|v| v.split(' ').any(|x| x == id))
}

pub fn remember_vote(site: &str, id: &str) {
    if let Some(s) = storage() {
        let mut v = s
            .get_item(&votes_key(site))
            .ok()
            .flatten()
            .unwrap_or_default();
        if !v.split(' ').any(|x| x == id) {
            if !v.is_empty() {
                v.push(' ');
            }
            v.push_str(id);
            let _ = s.set_item(&votes_key(site), &v);
        }
    }
}

/// An answer to a request: status (0 when no answer came), body text, and `Retry-After` in
/// seconds when given.
pub struct Answer {
    pub status: u16,
    pub text: String,
    pub retry_after: Option<u32>,
}

/// A request to the Kefu API (`path` under `/api/v1/sites/{site}/`), with the visitor's token
/// and, for submissions, an idempotency key.
pub async fn call(
    api: &str,
    site: &str,
    method: &str,
    path: &str,
    token: &str,
    key: Option<&str>,
    body: Option<&str>,
) -> Answer {
    let extra = key.map(|k| ("idempotency-key", k));
    request(
        api,
        site,
        method,
        path,
        token,
        extra,
        body.map(JsValue::from_str),
    )
    .await
}

/// [`call`] with the chat's identity claim (`Kefu-Identity`) instead of an idempotency key.
pub async fn call_with(
    api: &str,
    site: &str,
    method: &str,
    path: &str,
    token: &str,
    identity: Option<&str>,
    body: Option<&str>,
) -> Answer {
    let extra = identity.map(|i| ("kefu-identity", i));
    request(
        api,
        site,
        method,
        path,
        token,
        extra,
        body.map(JsValue::from_str),
    )
    .await
}

/// A file sent as the request's body (its bytes; the server reads their type).
pub async fn upload(
    api: &str,
    site: &str,
    path: &str,
    token: &str,
    identity: Option<&str>,
    file: &web_sys::Blob,
) -> Answer {
    let extra = identity.map(|i| ("kefu-identity", i));
    request(
        api,
        site,
        "POST",
        path,
        token,
        extra,
        Some(JsValue::from(file.clone())),
    )
    .await
}

async fn request(
    api: &str,
    site: &str,
    method: &str,
    path: &str,
    token: &str,
    extra: Option<(&str, &str)>,
    body: Option<JsValue>,
) -> Answer {
    let send = async {
        let url = format!(
            "{api}/api/v1/sites/{}/{path}",
            js_sys::encode_uri_component(site)
        );
        let init = RequestInit::new();
        init.set_method(method);
        init.set_credentials(web_sys::RequestCredentials::Omit);
        init.set_cache(web_sys::RequestCache::NoStore);
        let headers = web_sys::Headers::new()?;
        headers.set("authorization", &format!("Bearer {token}"))?;
        if let Some((name, value)) = extra {
            headers.set(name, value)?;
        }
        if let Some(b) = body {
            if b.is_string() {
                headers.set("content-type", "application/json")?;
            }
            init.set_body(&b);
        }
        init.set_headers(&headers);
        let res: Response = JsFuture::from(window()?.fetch_with_str_and_init(&url, &init))
            .await?
            .dyn_into()?;
        let retry_after = res
            .headers()
            .get("retry-after")
            .ok()
            .flatten()
            .and_then(|v| v.trim().parse().ok());
        let text = JsFuture::from(res.text()?)
            .await?
            .as_string()
            .unwrap_or_default();
        Ok::<Answer, JsValue>(Answer {
            status: res.status(),
            text,
            retry_after,
        })
    };
    send.await.unwrap_or(Answer {
        status: 0,
        text: String::new(),
        retry_after: None,
    })
}

/// `localStorage[key]`, if the browser keeps storage.
pub fn stored(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Writes `localStorage[key]` (removes it for `None`); `false` when the browser refused.
pub fn store(key: &str, value: Option<&str>) -> bool {
    let Some(s) = storage() else { return false };
    match value {
        Some(v) => s.set_item(key, v).is_ok(),
        None => s.remove_item(key).is_ok(),
    }
}

/// A field of a JSON object as a string (numbers as their text).
pub fn field(obj: &JsValue, key: &str) -> Option<String> {
    let v = get(obj, key);
    // A number is written by JavaScript (Rust's float formatting would cost ~10 KB of wasm).
    v.as_string().or_else(|| {
        v.as_f64()
            .and_then(|_| JSON::stringify(&v).ok())
            .map(String::from)
    })
}

/// A field of a JSON object as a number.
pub fn number(obj: &JsValue, key: &str) -> Option<f64> {
    get(obj, key).as_f64()
}

/// A field of a JSON object.
pub fn value(obj: &JsValue, key: &str) -> JsValue {
    get(obj, key)
}
