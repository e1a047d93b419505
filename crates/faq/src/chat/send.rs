//! Sending: the visitor's message shown at once and kept with its client id until the server
//! acknowledges it; starting a conversation (with the pre-chat answers); sending again what
//! has no acknowledgement.

use super::{later, link, net, now, with_chat, Author, Chat, Entry, MAX_CHARS};
use wasm_bindgen::prelude::*;

/// A message is "Not sent" when it has no acknowledgement after this long.
const ACK_TIMEOUT_MS: i32 = 10_000;

/// A random client id for a message (128 bits, hex).
pub(super) fn new_id() -> String {
    let mut bytes = [0u8; 16];
    if let Some(c) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = c.get_random_values_with_u8_array(&mut bytes);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Chat {
    /// The visitor sends `text` (checked here first: empty, too long).
    pub fn submit(&mut self, text: &str) -> Result<(), String> {
        let text = text.trim();
        if text.is_empty() {
            return Err(self.t("chat-error-empty"));
        }
        let n = text.chars().count();
        if n > MAX_CHARS {
            return Err(self.t_with(
                "chat-error-long",
                "max",
                &JsValue::from_f64(MAX_CHARS as f64),
            ));
        }
        let id = new_id();
        self.entries.push(Entry {
            id: id.clone(),
            seq: 0,
            author: Author::Visitor,
            agent: None,
            avatar: None,
            text: text.to_owned(),
            image: None,
            file: None,
            at: now(),
            failed: false,
            error: None,
            li: None,
        });
        self.typing_at = 0.0;
        if !self.open || self.conv.is_none() {
            self.start(None, None);
        }
        self.link.send_message(
            &id,
            text,
            self.conv.is_some() && self.open && !self.starting,
        );
        self.render_all();
        later(ACK_TIMEOUT_MS, move || {
            with_chat(|c| {
                if let Some(e) = c.entries.iter_mut().find(|e| e.id == id && e.seq == 0) {
                    e.failed = true;
                    c.render_all();
                }
            });
        });
        // The promise (R3): no answer from the team in time → articles and "leave a message".
        let wait = self.promise_secs.max(1) as i32 * 1000;
        later(wait, || {
            with_chat(|c| c.check_promise());
        });
        Ok(())
    }

    /// Starts a conversation (with the pre-chat answers).
    pub fn start(&mut self, name: Option<String>, email: Option<String>) {
        self.starting = true;
        if let Some(e) = email.as_ref().filter(|e| e.contains('@')) {
            self.email = Some(e.clone());
        }
        self.open = true;
        let page = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .map(|h| h.split(['#', '?']).next().unwrap_or("").to_owned())
            .filter(|p| p.starts_with("http") && p.len() <= 2000);
        let mut pairs = vec![
            ("type", JsValue::from_str("start")),
            ("locale", JsValue::from_str(&self.opts.locale)),
        ];
        for (k, v) in [("name", name), ("email", email), ("page", page)] {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                pairs.push((k, JsValue::from_str(&v)));
            }
        }
        self.link.start(net::object(&pairs));
        if self.link.is_idle() {
            link::connect_soon();
        }
    }

    /// Sends again what has no acknowledgement (after a reconnect, or "Retry").
    pub fn resend(&mut self) {
        let ready = self.conv.is_some() && self.open && !self.starting;
        for e in self.entries.iter().filter(|e| e.seq == 0) {
            match &e.file {
                Some(file) if ready => super::image::upload(self, &e.id, file),
                Some(_) => {}
                None => self.link.send_message(&e.id, &e.text, ready),
            }
        }
    }
}
