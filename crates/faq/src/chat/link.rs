//! The chat's connection: a WebSocket (`…/chat/socket`, the token in `hello`, never in the URL)
//! that resumes after the last `seq` seen, reconnecting with full-jitter backoff; and, when no
//! WebSocket opens at all (three tries in a row, e.g. behind a proxy), the same conversation
//! over HTTP: a long poll (`GET …/chat?after=N&wait=25`) and plain requests to send. A
//! socket that closes before the server's `welcome` counts as one that never opened.

use super::{later, with_chat, Chat};
use crate::net;
use js_sys::JSON;
use wasm_bindgen::prelude::*;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

/// The server's close code for a visitor who may not chat (e.g. an unverified identity where the
/// site requires one): no reconnect.
const CLOSE_NOT_ALLOWED: u16 = 4003;
/// Sockets that never opened before the HTTP fallback takes over.
const TRIES_BEFORE_HTTP: u32 = 3;
const MAX_BACKOFF_MS: f64 = 15_000.0;

type Handler<E> = Closure<dyn FnMut(E)>;

#[derive(Default)]
pub struct Link {
    ws: Option<WebSocket>,
    /// `welcome` came on the current socket.
    ready: bool,
    /// A reconnect is scheduled.
    waiting: bool,
    /// Sockets in a row that closed before `welcome`, and reconnects since the last one.
    never_opened: u32,
    attempts: u32,
    /// Over HTTP from now on.
    pub polling: bool,
    /// The server refused this visitor (4003): no reconnect.
    pub stopped: bool,
    /// A `start` not yet answered with the conversation.
    start: Option<JsValue>,
    handlers: Option<(
        Handler<web_sys::Event>,
        Handler<MessageEvent>,
        Handler<CloseEvent>,
    )>,
}

impl Link {
    pub fn is_idle(&self) -> bool {
        self.ws.is_none() && !self.waiting && !self.polling && !self.stopped
    }

    /// Connected and greeted (socket), or polling.
    pub fn up(&self) -> bool {
        self.ready || self.polling
    }

    /// An ephemeral frame (`typing`, `read`): sent now or not at all.
    pub fn send_frame(&self, frame: &JsValue) {
        if self.polling {
            let kind = net::field(frame, "type").unwrap_or_default();
            let body = JSON::stringify(frame)
                .map(String::from)
                .unwrap_or_default()
                .replacen(&format!("\"type\":\"{kind}\","), "", 1);
            spawn_rest("POST", format!("chat/{kind}"), Some(body), |_, _| {});
        } else if let (Some(ws), true) = (&self.ws, self.ready) {
            if let Ok(s) = JSON::stringify(frame) {
                let _ = ws.send_with_str(&String::from(s));
            }
        }
    }

    /// Sends message `id` when the conversation is there (`ready`); otherwise it goes out once
    /// the conversation starts or the connection is back.
    pub fn send_message(&self, id: &str, text: &str, ready: bool) {
        if !ready {
            return;
        }
        if self.polling {
            let body = net::object(&[("id", id.into()), ("text", text.into())]);
            let body = JSON::stringify(&body).map(String::from).unwrap_or_default();
            let id = id.to_owned();
            spawn_rest("POST", "chat/messages".into(), Some(body), move |c, a| {
                if a.status == 200 || a.status == 201 {
                    if let Ok(v) = JSON::parse(&a.text) {
                        c.acked(&v);
                    }
                } else if a.status != 0 {
                    c.error(&error_code(&a.text), Some(id), a.retry_after.map(f64::from));
                }
            });
        } else if self.ready {
            self.send_frame(&net::object(&[
                ("type", "send".into()),
                ("id", id.into()),
                ("text", text.into()),
            ]));
        }
    }

    /// Starts the conversation now if connected, else once connected.
    pub fn start(&mut self, frame: JsValue) {
        self.start = Some(frame);
        self.flush_start();
    }

    fn flush_start(&self) {
        let Some(frame) = &self.start else { return };
        if self.polling {
            let body = JSON::stringify(frame)
                .map(String::from)
                .unwrap_or_default()
                .replacen("\"type\":\"start\",", "", 1);
            spawn_rest("POST", "chat".into(), Some(body), |c, a| {
                if a.status == 200 || a.status == 201 {
                    if let Ok(v) = JSON::parse(&a.text) {
                        c.link.start = None;
                        c.apply_conversation(&v);
                        c.resend();
                    }
                } else if a.status != 0 {
                    c.link.start = None;
                    c.error(&error_code(&a.text), None, a.retry_after.map(f64::from));
                }
            });
        } else if self.ready {
            self.send_frame(frame);
        }
    }

    fn drop_socket(&mut self) {
        if let Some(ws) = self.ws.take() {
            ws.set_onopen(None);
            ws.set_onmessage(None);
            ws.set_onclose(None);
            let _ = ws.close();
        }
        self.ready = false;
        // Handlers are dropped on the next connect: one may be running right now.
    }
}

fn error_code(text: &str) -> String {
    JSON::parse(text)
        .ok()
        .map(|v| net::value(&v, "error"))
        .and_then(|e| net::field(&e, "code"))
        .unwrap_or_default()
}

/// The `Kefu-Identity` header of REST calls: base64url (no padding) of the claim's JSON.
pub fn identity_header(identity: &JsValue) -> Option<String> {
    let id = net::field(identity, "id").filter(|s| !s.is_empty())?;
    let mut pairs = vec![("id", JsValue::from_str(&id))];
    for k in ["name", "email", "signature"] {
        if let Some(v) = net::field(identity, k).filter(|s| !s.is_empty() || k == "signature") {
            pairs.push((k, JsValue::from_str(&v)));
        }
    }
    let json: String = JSON::stringify(&net::object(&pairs)).ok()?.into();
    Some(base64url(json.as_bytes()))
}

fn base64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 3);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// The identity claim for `hello`, when the host page gave one.
fn identity_object(identity: &JsValue) -> Option<JsValue> {
    let id = net::field(identity, "id").filter(|s| !s.is_empty())?;
    let mut pairs = vec![
        ("id", JsValue::from_str(&id)),
        (
            "signature",
            JsValue::from_str(&net::field(identity, "signature").unwrap_or_default()),
        ),
    ];
    for k in ["name", "email"] {
        if let Some(v) = net::field(identity, k).filter(|s| !s.is_empty()) {
            pairs.push((k, JsValue::from_str(&v)));
        }
    }
    Some(net::object(&pairs))
}

/// A REST call whose answer is handled with the chat state. It starts once the caller (who
/// may hold the chat state) is done.
pub(crate) fn spawn_rest(
    method: &'static str,
    path: String,
    body: Option<String>,
    then: impl FnOnce(&mut Chat, net::Answer) + 'static,
) {
    wasm_bindgen_futures::spawn_local(async move {
        let Some((api, site, token, ident)) = with_chat(|c| {
            (
                c.opts.api.clone(),
                c.opts.site.clone(),
                c.token.clone(),
                identity_header(&c.opts.identity),
            )
        }) else {
            return;
        };
        let a = net::call_with(
            &api,
            &site,
            method,
            &path,
            &token,
            ident.as_deref(),
            body.as_deref(),
        )
        .await;
        with_chat(|c| then(c, a));
    });
}

fn socket_url(api: &str, site: &str) -> String {
    let base = api
        .strip_prefix("https://")
        .map(|h| format!("wss://{h}"))
        .or_else(|| api.strip_prefix("http://").map(|h| format!("ws://{h}")))
        .unwrap_or_default();
    format!(
        "{base}/api/v1/sites/{}/chat/socket",
        js_sys::encode_uri_component(site)
    )
}

/// [`connect`] once the current handler is done (it needs the chat state, which the caller holds).
pub fn connect_soon() {
    later(0, connect);
}

/// Opens the socket (or starts polling after too many sockets that never opened).
pub fn connect() {
    let Some(go) = with_chat(|c| {
        c.link.waiting = false;
        if c.link.stopped || c.link.polling || c.link.ws.is_some() {
            return false;
        }
        if c.link.never_opened >= TRIES_BEFORE_HTTP {
            c.link.polling = true;
            c.render_all();
            poll();
            return false;
        }
        true
    }) else {
        return;
    };
    if !go {
        return;
    }
    let url = with_chat(|c| socket_url(&c.opts.api, &c.opts.site)).unwrap_or_default();
    let ws = match WebSocket::new(&url) {
        Ok(ws) => ws,
        Err(_) => {
            with_chat(|c| c.link.never_opened += 1);
            retry();
            return;
        }
    };
    let on_open = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        with_chat(|c| {
            let mut pairs = vec![
                ("type", JsValue::from_str("hello")),
                ("v", JsValue::from_f64(1.0)),
                ("token", JsValue::from_str(&c.token)),
                ("after", JsValue::from_f64(c.last_seq as f64)),
            ];
            if let Some(conv) = &c.conv {
                pairs.push(("conversation", JsValue::from_str(conv)));
            }
            if let Some(i) = identity_object(&c.opts.identity) {
                pairs.push(("identity", i));
            }
            if let (Some(ws), Ok(s)) = (&c.link.ws, JSON::stringify(&net::object(&pairs))) {
                let _ = ws.send_with_str(&String::from(s));
            }
        });
    });
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let Some(text) = ev.data().as_string() else {
            return;
        };
        if let Ok(v) = JSON::parse(&text) {
            with_chat(|c| frame(c, &v));
        }
    });
    let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |ev: CloseEvent| {
        let stop = with_chat(|c| {
            let was_ready = c.link.ready;
            c.link.drop_socket();
            // Closed before the server's `welcome`: this socket never worked.
            if !was_ready {
                c.link.never_opened += 1;
            }
            if ev.code() == CLOSE_NOT_ALLOWED {
                c.link.stopped = true;
                c.error("not_allowed", None, None);
            }
            c.render_all();
            c.link.stopped
        });
        if stop == Some(false) {
            retry();
        }
    });
    ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    with_chat(|c| {
        c.link.ws = Some(ws);
        c.link.handlers = Some((on_open, on_message, on_close));
        c.render_all();
    });
}

/// Reconnects after a full-jitter backoff (0.5 s doubling, at most 15 s).
fn retry() {
    let Some(delay) = with_chat(|c| {
        if c.link.waiting {
            return None;
        }
        c.link.waiting = true;
        c.link.attempts += 1;
        let cap = (500.0 * 2f64.powi(c.link.attempts.min(8) as i32)).min(MAX_BACKOFF_MS);
        Some((js_sys::Math::random() * cap).max(250.0) as i32)
    })
    .flatten() else {
        return;
    };
    later(delay, connect);
}

/// "Retry" on a failed message: reconnect now rather than at the end of the backoff.
pub fn retry_now() {
    let waiting = with_chat(|c| {
        c.resend();
        c.link.waiting
    });
    if waiting == Some(true) {
        with_chat(|c| c.link.waiting = false);
        connect();
    }
}

/// One frame from the server.
fn frame(c: &mut Chat, v: &JsValue) {
    match net::field(v, "type").as_deref() {
        Some("welcome") => {
            c.link.ready = true;
            c.link.attempts = 0;
            c.link.never_opened = 0;
            c.apply_state(v, false);
            c.link.flush_start();
            c.resend();
        }
        Some("message") => c.add_message(v),
        Some("ack") => c.acked(v),
        Some("conversation") => {
            let waited = c.link.start.take().is_some();
            c.apply_conversation(v);
            // What was written before the conversation existed goes out now.
            if waited {
                c.resend();
            }
        }
        Some("typing") if net::field(v, "author").as_deref() == Some("agent") => {
            let on = net::value(v, "on").as_bool().unwrap_or(false);
            c.agent_typing = on;
            c.render_all();
            if on {
                // A typing mark lapses if no word follows.
                later(8000, || {
                    with_chat(|c| {
                        c.agent_typing = false;
                        c.render_all();
                    });
                });
            }
        }
        Some("read") if net::field(v, "author").as_deref() == Some("agent") => {
            let seq = net::number(v, "seq").unwrap_or(0.0) as u64;
            c.agent_read = c.agent_read.max(seq);
            c.render_all();
        }
        Some("availability") => {
            c.agents_online = net::number(v, "agents_online").unwrap_or(0.0) as u32;
            c.render_all();
        }
        Some("resync") => resync(),
        Some("error") => {
            let code = net::field(v, "code").unwrap_or_default();
            c.error(
                &code,
                net::field(v, "id"),
                net::number(v, "retry_after_secs"),
            );
        }
        _ => {}
    }
}

/// Too much was missed for a replay: read the conversation page by page over REST, then
/// reconnect after the last `seq` read.
fn resync() {
    with_chat(|c| c.link.drop_socket());
    wasm_bindgen_futures::spawn_local(async {
        for _ in 0..100 {
            let more = fetch_after(0).await;
            if more != Some(true) {
                break;
            }
        }
        connect();
    });
}

/// `GET …/chat?after=<last seq>&wait=…`, applied; `Some(more)` when it answered.
async fn fetch_after(wait: u32) -> Option<bool> {
    let (api, site, token, ident, after) = with_chat(|c| {
        (
            c.opts.api.clone(),
            c.opts.site.clone(),
            c.token.clone(),
            identity_header(&c.opts.identity),
            c.last_seq,
        )
    })?;
    let path = format!("chat?after={after}&wait={wait}");
    let a = net::call_with(&api, &site, "GET", &path, &token, ident.as_deref(), None).await;
    if a.status != 200 {
        return None;
    }
    let v = JSON::parse(&a.text).ok()?;
    with_chat(|c| c.apply_state(&v, true));
    Some(net::value(&v, "more").as_bool().unwrap_or(false))
}

/// The HTTP fallback: long polls one after another, with a backoff after failures.
fn poll() {
    wasm_bindgen_futures::spawn_local(async {
        let mut failures = 0u32;
        with_chat(|c| {
            c.link.flush_start();
            c.resend();
        });
        loop {
            match fetch_after(25).await {
                Some(_) => failures = 0,
                None => {
                    failures += 1;
                    let cap = (1000.0 * 2f64.powi(failures.min(4) as i32)).min(MAX_BACKOFF_MS);
                    sleep((js_sys::Math::random() * cap).max(500.0) as i32).await;
                }
            }
            if with_chat(|c| c.link.stopped).unwrap_or(true) {
                break;
            }
        }
    });
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}
