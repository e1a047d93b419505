//! Images in the chat: the visitor picks one (PNG, JPEG, GIF or WebP, at most 2 MB, checked
//! here first and again by the server from its bytes); it is shown at once as "Sending…" and
//! sent as the body of `POST …/chat/files?id=ID`, with the same client id on every attempt
//! (after a reconnect, or "Retry"), so it is stored once.

use super::{net, now, with_chat, Author, Chat, Entry};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

const TYPES: [&str; 4] = ["image/png", "image/jpeg", "image/gif", "image/webp"];

thread_local! {
    /// Client ids of images being sent now (a reconnect does not send them twice at once).
    static SENDING: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

impl Chat {
    /// The visitor chose `file`; `Err` says why it cannot be sent.
    pub fn send_image(&mut self, file: web_sys::File) -> Result<(), String> {
        if !TYPES.contains(&file.type_().as_str()) {
            return Err(self.t("chat-image-type"));
        }
        if file.size() > kefu_api::MAX_CHAT_IMAGE_BYTES as f64 {
            return Err(self.t("chat-image-large"));
        }
        let id = super::send::new_id();
        self.entries.push(Entry {
            id,
            seq: 0,
            author: Author::Visitor,
            agent: None,
            avatar: None,
            text: String::new(),
            image: None,
            file: Some(file),
            at: now(),
            failed: false,
            error: None,
            li: None,
        });
        if !self.open || self.conv.is_none() {
            self.start(None, None);
        }
        // Sent now if the conversation is ready, else once it is (`resend`).
        self.resend();
        self.render_all();
        Ok(())
    }
}

/// Sends one image (in the background; the answer is handled like an `ack` or an `error`).
pub(super) fn upload(c: &Chat, id: &str, file: &web_sys::File) {
    let fresh = SENDING.with(|s| {
        let mut s = s.borrow_mut();
        let fresh = !s.iter().any(|x| x == id);
        if fresh {
            s.push(id.to_owned());
        }
        fresh
    });
    if !fresh {
        return;
    }
    let (api, site, token) = (c.opts.api.clone(), c.opts.site.clone(), c.token.clone());
    let ident = super::link::identity_header(&c.opts.identity);
    let (id, file) = (id.to_owned(), file.clone());
    wasm_bindgen_futures::spawn_local(async move {
        let path = format!("chat/files?id={id}");
        let a = net::upload(&api, &site, &path, &token, ident.as_deref(), &file).await;
        SENDING.with(|s| s.borrow_mut().retain(|x| *x != id));
        let answer = js_sys::JSON::parse(&a.text).unwrap_or(JsValue::NULL);
        with_chat(|c| match a.status {
            200 | 201 => c.acked(&answer),
            0 => {
                if let Some(e) = c.entries.iter_mut().find(|e| e.id == id && e.seq == 0) {
                    e.failed = true;
                }
                c.render_all();
            }
            413 => c.error("image_too_large", Some(id.clone()), None),
            _ => {
                let code = net::value(&net::value(&answer, "error"), "code")
                    .as_string()
                    .unwrap_or_default();
                c.error(&code, Some(id.clone()), a.retry_after.map(f64::from));
            }
        });
    });
}
