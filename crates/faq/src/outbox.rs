//! The feedback outbox (R8, R13): a submission is written to `localStorage`
//! (`kefu:outbox:<site>`) with its idempotency key *before* the first attempt, and stays there
//! until the server has answered it. Attempts are retried with full-jitter exponential backoff
//! (never sooner than a `Retry-After`), wait for the browser to come back online, and resume
//! after a reload (the loader calls [`flush`] when it finds a non-empty outbox). Because every
//! attempt carries the same key, the server stores the ticket once however often it is sent.
//!
//! What the server accepted is remembered in `kefu:tickets:<site>` (reference, subject, due
//! date) for the visitor's list; what it refused for good (a 4xx other than 409/429) stays in
//! the outbox as failed, with the server's error, until the visitor discards it.

use crate::net::{self, Answer};
use js_sys::JSON;
use std::cell::RefCell;
use std::collections::HashSet;
use wasm_bindgen::prelude::*;

/// Backoff: the first retry within a second, doubling up to a minute.
const BASE_MS: f64 = 1000.0;
const CAP_MS: f64 = 60_000.0;

/// One saved submission.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub key: String,
    /// The JSON body, exactly as it will be sent every time.
    pub body: String,
    pub subject: String,
    pub attempts: u32,
    /// The server refused it for good: its error code and message.
    pub failed: Option<(String, String)>,
}

/// What became of an attempt, for the view.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Stored: the receipt JSON.
    Sent(JsValue),
    /// No answer, or "try later": it stays saved and is retried.
    Waiting {
        offline: bool,
        retry_after: Option<u32>,
    },
    Failed {
        code: String,
        message: String,
    },
}

type Listener = Box<dyn Fn(&str, &Outcome)>;

thread_local! {
    /// Sites whose outbox is being sent now (one sender per site).
    static RUNNING: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
    /// The feedback view, told about each attempt.
    static LISTENER: RefCell<Option<Listener>> = const { RefCell::new(None) };
    /// Items the browser would not store (over its quota): kept for this page's life.
    static MEMORY: RefCell<Vec<(String, Item)>> = const { RefCell::new(vec![]) };
}

pub fn listen(f: impl Fn(&str, &Outcome) + 'static) {
    LISTENER.with(|l| *l.borrow_mut() = Some(Box::new(f)));
}

fn tell(key: &str, outcome: &Outcome) {
    LISTENER.with(|l| {
        if let Some(f) = l.borrow().as_ref() {
            f(key, outcome);
        }
    });
}

fn outbox_key(site: &str) -> String {
    format!("kefu:outbox:{site}")
}

fn tickets_key(site: &str) -> String {
    format!("kefu:tickets:{site}")
}

fn to_js(item: &Item) -> JsValue {
    let failed = match &item.failed {
        Some((c, m)) => net::object(&[("code", c.as_str().into()), ("message", m.as_str().into())]),
        None => JsValue::NULL,
    };
    net::object(&[
        ("key", item.key.as_str().into()),
        ("body", item.body.as_str().into()),
        ("subject", item.subject.as_str().into()),
        ("attempts", item.attempts.into()),
        ("failed", failed),
    ])
}

fn from_js(v: &JsValue) -> Option<Item> {
    let failed = net::value(v, "failed");
    Some(Item {
        key: net::field(v, "key")?,
        body: net::field(v, "body")?,
        subject: net::field(v, "subject").unwrap_or_default(),
        attempts: net::number(v, "attempts").unwrap_or(0.0) as u32,
        failed: failed
            .is_object()
            .then(|| {
                Some((
                    net::field(&failed, "code")?,
                    net::field(&failed, "message").unwrap_or_default(),
                ))
            })
            .flatten(),
    })
}

/// The saved submissions of a site, oldest first.
pub fn items(site: &str) -> Vec<Item> {
    let mut out: Vec<Item> = net::stored(&outbox_key(site))
        .and_then(|text| JSON::parse(&text).ok())
        .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
        .map(|a| a.iter().filter_map(|v| from_js(&v)).collect())
        .unwrap_or_default();
    MEMORY.with(|m| {
        for (s, item) in m.borrow().iter() {
            if s == site && !out.iter().any(|i| i.key == item.key) {
                out.push(item.clone());
            }
        }
    });
    out
}

/// Writes the outbox; `false` when the browser refused (the items then live in memory).
fn save(site: &str, items: &[Item]) -> bool {
    let key = outbox_key(site);
    if items.is_empty() {
        return net::store(&key, None);
    }
    let list = js_sys::Array::new();
    for i in items {
        list.push(&to_js(i));
    }
    let text: String = JSON::stringify(&list).map(Into::into).unwrap_or_default();
    net::store(&key, Some(&text))
}

fn update(site: &str, f: impl FnOnce(&mut Vec<Item>)) {
    let mut all = items(site);
    f(&mut all);
    let persisted = save(site, &all);
    MEMORY.with(|m| {
        let mut m = m.borrow_mut();
        m.retain(|(s, i)| s != site || all.iter().any(|x| x.key == i.key));
        if !persisted {
            for i in &all {
                if !m.iter().any(|(s, x)| s == site && x.key == i.key) {
                    m.push((site.to_owned(), i.clone()));
                }
            }
        }
    });
}

/// Saves a new submission (before anything is sent); `false` when it could only be kept in
/// memory (it is then lost if the page is closed before it is sent).
pub fn add(site: &str, item: Item) -> bool {
    let mut all = items(site);
    all.push(item.clone());
    let persisted = save(site, &all);
    if !persisted {
        MEMORY.with(|m| m.borrow_mut().push((site.to_owned(), item)));
    }
    persisted
}

/// Forgets a submission (sent, or discarded by the visitor).
pub fn remove(site: &str, key: &str) {
    update(site, |all| all.retain(|i| i.key != key));
}

/// Remembers a ticket the server stored, newest first (for the visitor's list).
fn remember(site: &str, receipt: &JsValue, subject: &str) {
    let list = net::stored(&tickets_key(site))
        .and_then(|t| JSON::parse(&t).ok())
        .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
        .unwrap_or_default();
    let reference = net::field(receipt, "reference").unwrap_or_default();
    if list
        .iter()
        .any(|t| net::field(&t, "reference").as_deref() == Some(reference.as_str()))
    {
        return;
    }
    let entry = net::object(&[
        ("reference", reference.as_str().into()),
        ("subject", subject.into()),
        ("due_date", net::value(receipt, "due_date")),
        ("due_at", net::value(receipt, "due_at")),
        ("time_zone", net::value(receipt, "time_zone")),
        ("created_at", net::value(receipt, "created_at")),
    ]);
    list.unshift(&entry);
    if let Ok(text) = JSON::stringify(&list) {
        let text: String = text.into();
        net::store(&tickets_key(site), Some(&text));
    }
}

fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Full jitter: a random wait up to `min(cap, base · 2^attempts)`, never below `Retry-After`.
fn delay_ms(attempts: u32, retry_after: Option<u32>) -> f64 {
    let ceiling = (BASE_MS * 2f64.powi(attempts.min(16) as i32)).min(CAP_MS);
    let jitter = js_sys::Math::random() * ceiling;
    jitter.max(f64::from(retry_after.unwrap_or(0)) * 1000.0)
}

async fn sleep(ms: f64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Waits for the browser's `online` event.
async fn until_online() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let opts = web_sys::AddEventListenerOptions::new();
            opts.set_once(true);
            let _ = w.add_event_listener_with_callback_and_add_event_listener_options(
                "online", &resolve, &opts,
            );
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// What an answer means for the item.
fn judge(a: &Answer) -> Outcome {
    match a.status {
        201 | 200 => Outcome::Sent(JSON::parse(&a.text).unwrap_or(JsValue::NULL)),
        0 | 408 | 409 | 425 | 429 | 500..=599 => Outcome::Waiting {
            offline: !online(),
            retry_after: a.retry_after,
        },
        _ => {
            let err = JSON::parse(&a.text).ok().map(|v| net::value(&v, "error"));
            let code = err
                .as_ref()
                .and_then(|e| net::field(e, "code"))
                .unwrap_or_else(|| format!("http_{}", a.status));
            let message = err
                .as_ref()
                .and_then(|e| net::field(e, "message"))
                .unwrap_or_default();
            Outcome::Failed { code, message }
        }
    }
}

/// Sends every pending submission of `site`, one at a time, until none is left or only
/// failed ones are; a second call while one runs does nothing. `emit(name, detail)` tells the
/// host page (`Kefu.on('ticket', …)`) about each stored ticket.
pub fn flush(api: String, site: String, emit: Option<js_sys::Function>) {
    let started = RUNNING.with(|r| r.borrow_mut().insert(site.clone()));
    if !started {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let Some(token) = net::visitor_id() else {
            RUNNING.with(|r| r.borrow_mut().remove(&site));
            return;
        };
        while let Some(item) = items(&site).into_iter().find(|i| i.failed.is_none()) {
            if !online() {
                tell(
                    &item.key,
                    &Outcome::Waiting {
                        offline: true,
                        retry_after: None,
                    },
                );
                until_online().await;
                continue;
            }
            let answer = net::call(
                &api,
                &site,
                "POST",
                "tickets",
                &token,
                Some(&item.key),
                Some(&item.body),
            )
            .await;
            let outcome = judge(&answer);
            match &outcome {
                Outcome::Sent(receipt) => {
                    remember(&site, receipt, &item.subject);
                    remove(&site, &item.key);
                    if let Some(e) = &emit {
                        let _ = e.call2(&JsValue::NULL, &"ticket".into(), receipt);
                    }
                }
                Outcome::Failed { code, message } => {
                    let (code, message) = (code.clone(), message.clone());
                    update(&site, |all| {
                        if let Some(i) = all.iter_mut().find(|i| i.key == item.key) {
                            i.failed = Some((code, message));
                        }
                    });
                }
                Outcome::Waiting { retry_after, .. } => {
                    let attempts = item.attempts + 1;
                    update(&site, |all| {
                        if let Some(i) = all.iter_mut().find(|i| i.key == item.key) {
                            i.attempts = attempts;
                        }
                    });
                    tell(&item.key, &outcome);
                    sleep(delay_ms(item.attempts, *retry_after)).await;
                    continue;
                }
            }
            tell(&item.key, &outcome);
        }
        RUNNING.with(|r| r.borrow_mut().remove(&site));
    });
}

/// A fresh idempotency key for a new submission.
pub fn new_key() -> String {
    let mut bytes = [0u8; 16];
    let ok = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !ok {
        // No crypto: time and Math.random still make a collision most unlikely for one visitor.
        let t = js_sys::Date::now() as u64;
        bytes[..8].copy_from_slice(&t.to_le_bytes());
        bytes[8..].copy_from_slice(&((js_sys::Math::random() * 1e15) as u64).to_le_bytes());
    }
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("kf-{hex}")
}
