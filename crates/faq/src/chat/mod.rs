//! Live chat in the widget (issue 6): the visitor's side of `crates/api/src/chat.rs`.
//!
//! - [`mount`] draws the chat into the panel's `chat` slot: a card at the top of the panel (who
//!   is online, the promised reply time, "Start a chat" / "Leave a message"), and the chat
//!   view, which takes the whole panel while it is open (`data-kefu-view="chat"` on the panel
//!   body, as the feedback form does). The "Start a chat" entry of the contact channels opens
//!   it too.
//! - [`resume`] reconnects without drawing anything: the loader calls it at start-up when this
//!   browser has an open conversation (`kefu:chat:<site>`), so new messages are counted
//!   (`Kefu.on('unread')`, the launcher's badge) and announced (`Kefu.on('message')`) while the
//!   panel is closed.
//!
//! Nothing is lost: a message is shown at once as "Sending…", kept with its client id until the
//! server acknowledges it (stored), sent again with the same id after a reconnect (the server
//! drops the repeat), and marked "Not sent — Retry" when no acknowledgement came in time. The
//! connection (`link`) resumes after the last `seq` seen and falls back to HTTP long polling
//! when no WebSocket can be opened.

mod ended;
mod image;
mod late;
mod launcher;
mod leave;
mod link;
mod rows;
mod send;
mod view;

use crate::net;
use js_sys::{Function, JSON};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};

/// The longest message, in characters (`kefu_api::MAX_CHAT_CHARS`).
const MAX_CHARS: usize = kefu_api::MAX_CHAT_CHARS;

pub struct Opts {
    pub api: String,
    pub site: String,
    pub locale: String,
    /// The widget's translator; `None` while only [`resume`] ran (nothing drawn yet).
    pub t: Option<Function>,
    pub emit: Option<Function>,
    /// `Kefu.identify(…)`'s object, or undefined.
    pub identity: JsValue,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Author {
    Visitor,
    Agent,
    System,
}

/// A message in the log: stored (`seq` > 0) or still on its way (`seq` 0).
pub(crate) struct Entry {
    pub id: String,
    pub seq: u64,
    pub author: Author,
    pub agent: Option<String>,
    /// The agent's picture (an absolute address).
    pub avatar: Option<String>,
    pub text: String,
    /// The image it carries (an absolute address), once stored.
    pub image: Option<String>,
    /// An image the visitor is sending (sent again, like text, until stored).
    pub file: Option<web_sys::File>,
    pub at: f64,
    /// No acknowledgement in time (still sent again on each reconnect).
    pub failed: bool,
    /// Why, when the server said (e.g. "Please wait 20 s").
    pub error: Option<String>,
    pub li: Option<Element>,
}

pub(crate) struct Chat {
    pub opts: Opts,
    pub token: String,
    pub conv: Option<String>,
    /// The conversation is open (not closed by the team).
    pub open: bool,
    pub last_seq: u64,
    pub visitor_read: u64,
    pub agent_read: u64,
    pub entries: Vec<Entry>,
    pub agent_name: Option<String>,
    pub agent_typing: bool,
    pub agents_online: u32,
    pub promise_secs: u32,
    pub open_now: bool,
    pub ask_name: bool,
    pub ask_email: bool,
    /// How soon a message left instead is answered (working days), when the site says.
    pub reply_days: Option<u32>,
    /// The visitor's address (the pre-chat answer or the host page's identity), for the
    /// transcript.
    pub email: Option<String>,
    /// A `start` is on its way.
    pub starting: bool,
    pub link: link::Link,
    /// The chat view is on screen (panel open, chat shown).
    pub shown: bool,
    pub unread: u32,
    pub view: Option<view::View>,
    /// The widget's shadow root (for the launcher's unread badge).
    pub shadow: Option<web_sys::ShadowRoot>,
    /// When `typing: true` was last sent.
    pub typing_at: f64,
    /// The 30-second promise was offered its fallback for this conversation.
    pub late_shown: bool,
}

thread_local! {
    static CHAT: RefCell<Option<Chat>> = const { RefCell::new(None) };
}

pub(crate) fn with_chat<R>(f: impl FnOnce(&mut Chat) -> R) -> Option<R> {
    CHAT.with(|c| c.try_borrow_mut().ok()?.as_mut().map(f))
}

pub(crate) fn now() -> f64 {
    js_sys::Date::now()
}

pub(crate) fn later(ms: i32, f: impl FnOnce() + 'static) {
    let cb = Closure::once_into_js(f);
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), ms);
    }
}

pub(super) fn store_key(site: &str) -> String {
    format!("kefu:chat:{site}")
}

/// Creates the chat state once (and connects when this browser has an open conversation).
fn ensure(opts: Opts) -> bool {
    let exists = CHAT.with(|c| c.borrow().is_some());
    if exists {
        with_chat(|c| {
            if opts.t.is_some() {
                c.opts.t = opts.t;
                c.opts.locale = opts.locale;
            }
            if opts.emit.is_some() {
                c.opts.emit = opts.emit;
            }
            if !opts.identity.is_undefined() && !opts.identity.is_null() {
                c.opts.identity = opts.identity;
            }
        });
        return false;
    }
    let Some(token) = net::visitor_id() else {
        return false;
    };
    let conv = net::stored(&store_key(&opts.site)).filter(|c| !c.is_empty());
    let email = net::field(&opts.identity, "email").filter(|e| e.contains('@'));
    let chat = Chat {
        opts,
        token,
        open: conv.is_some(),
        conv,
        last_seq: 0,
        visitor_read: 0,
        agent_read: 0,
        entries: vec![],
        agent_name: None,
        agent_typing: false,
        agents_online: 0,
        promise_secs: 30,
        open_now: true,
        ask_name: false,
        ask_email: false,
        reply_days: None,
        email,
        starting: false,
        link: link::Link::default(),
        shown: false,
        unread: 0,
        view: None,
        shadow: None,
        typing_at: 0.0,
        late_shown: false,
    };
    CHAT.with(|c| *c.borrow_mut() = Some(chat));
    true
}

/// Draws the chat into `container` (the panel's chat slot); see the module's comment.
pub fn mount(container: HtmlElement, opts: Opts) -> Result<(), JsValue> {
    crate::ui::adopt_css(&container)?;
    let created = ensure(opts);
    let shadow = container
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok();
    launcher::announce_shut(shadow.as_ref(), "");
    with_chat(|c| c.shadow = c.shadow.take().or(shadow));
    let has_conv = with_chat(|c| -> Result<bool, JsValue> {
        if c.view.is_none() {
            c.view = Some(view::View::build(c)?);
        }
        let v = c.view.as_ref().ok_or("kefu: no chat view")?;
        container.append_child(&v.root)?;
        // A new language (`Kefu.setLocale`): the cards built once follow it; `render_all`
        // does the rest.
        if let Some(t) = &c.opts.t {
            crate::dom::relabel(&v.root, t);
        }
        v.listen_body(&container);
        c.render_all();
        Ok(c.conv.is_some())
    })
    .transpose()?
    .unwrap_or(false);
    // Reopened panel: the chat stays where the visitor left it.
    with_chat(|c| {
        if c.shown {
            c.show(true);
        }
    });
    refresh_state();
    if created && has_conv {
        link::connect();
    }
    Ok(())
}

/// Reconnects to this browser's open conversation without drawing (see the module's comment).
pub fn resume(root: Option<web_sys::ShadowRoot>, opts: Opts) {
    if let Some(first) = root.as_ref().and_then(|r| r.first_element_child()) {
        let _ = crate::ui::adopt_css(&first);
    }
    let created = ensure(opts);
    launcher::announce_shut(root.as_ref(), "");
    with_chat(|c| c.shadow = c.shadow.take().or(root));
    if created && with_chat(|c| c.conv.is_some()).unwrap_or(false) {
        link::connect();
    }
}

/// Reads who is online, the promise, the hours and the pre-chat questions (`GET …/chat`).
fn refresh_state() {
    let Some((api, site, token, ident)) = with_chat(|c| {
        (
            c.opts.api.clone(),
            c.opts.site.clone(),
            c.token.clone(),
            link::identity_header(&c.opts.identity),
        )
    }) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let a = net::call_with(
            &api,
            &site,
            "GET",
            "chat?after=0",
            &token,
            ident.as_deref(),
            None,
        )
        .await;
        if a.status != 200 {
            return;
        }
        if let Ok(v) = JSON::parse(&a.text) {
            with_chat(|c| c.apply_state(&v, false));
        }
    });
}

impl Chat {
    /// Where the site's terms come from (`None` before the chat is drawn).
    pub fn terms_ctx(&self) -> Option<crate::terms::Ctx> {
        Some(crate::terms::Ctx {
            api: self.opts.api.clone(),
            site: self.opts.site.clone(),
            locale: self.opts.locale.clone(),
            t: self.opts.t.clone()?,
        })
    }

    pub fn t(&self, key: &str) -> String {
        self.t_with(key, "", &JsValue::UNDEFINED)
    }

    /// "30 seconds", "2 minutes", … with the widget's `duration-*` messages.
    pub fn duration(&self, secs: u32) -> String {
        let (key, n) = match secs {
            0..60 => ("duration-seconds", secs),
            60..3600 => ("duration-minutes", secs.div_ceil(60)),
            3600..172_800 => ("duration-hours", secs.div_ceil(3600)),
            _ => ("duration-days", secs.div_ceil(86_400)),
        };
        self.t_with(key, "n", &JsValue::from_f64(f64::from(n)))
    }

    pub fn t_with(&self, key: &str, name: &str, value: &JsValue) -> String {
        match &self.opts.t {
            Some(t) => crate::ui::translate(t, key, name, value),
            None => String::new(),
        }
    }

    fn emit(&self, name: &str, detail: &JsValue) {
        if let Some(e) = &self.opts.emit {
            let _ = e.call2(&JsValue::NULL, &JsValue::from_str(name), detail);
        }
    }

    /// A `ChatState` (REST) or `welcome`: availability, settings, and (`messages`) the log.
    pub fn apply_state(&mut self, v: &JsValue, with_messages: bool) {
        if let Some(n) = net::number(v, "agents_online") {
            self.agents_online = n as u32;
        }
        if let Some(n) = net::number(v, "promise_secs") {
            self.promise_secs = n as u32;
        }
        for (key, slot) in [
            ("open_now", &mut self.open_now),
            ("ask_name", &mut self.ask_name),
            ("ask_email", &mut self.ask_email),
        ] {
            if let Some(b) = net::value(v, key).as_bool() {
                *slot = b;
            }
        }
        if let Some(d) = net::number(v, "reply_working_days") {
            self.reply_days = Some(d as u32);
        }
        let conv = net::value(v, "conversation");
        if conv.is_object() {
            self.apply_conversation(&conv);
        } else if net::value(v, "type").as_string().as_deref() == Some("welcome") || with_messages {
            // Nothing open on the server (closed elsewhere, or never started).
            if self.conv.is_some() && !self.starting {
                self.set_closed();
            }
        }
        if with_messages {
            if let Ok(list) = net::value(v, "messages").dyn_into::<js_sys::Array>() {
                for m in list.iter() {
                    self.add_message(&m);
                }
            }
        }
        self.render_all();
    }

    /// The visitor's conversation as the server sees it (`Conversation`).
    pub fn apply_conversation(&mut self, v: &JsValue) {
        let Some(id) = net::field(v, "id") else {
            return;
        };
        if self.conv.as_deref() != Some(id.as_str()) {
            // Another conversation: its log starts empty (messages not yet sent stay).
            if let Some(view) = &self.view {
                for e in self.entries.iter().filter(|e| e.seq > 0) {
                    if let Some(li) = &e.li {
                        li.remove();
                    }
                }
                view.clear_late();
            }
            self.entries.retain(|e| e.seq == 0);
            self.last_seq = 0;
            self.visitor_read = 0;
            self.agent_read = 0;
            self.late_shown = false;
            self.conv = Some(id.clone());
        }
        self.starting = false;
        self.open = net::field(v, "status").as_deref() != Some("closed");
        let seq = |k| net::number(v, k).unwrap_or(0.0) as u64;
        self.visitor_read = self.visitor_read.max(seq("visitor_read_seq"));
        self.agent_read = self.agent_read.max(seq("agent_read_seq"));
        let agent = net::value(v, "agent");
        if agent.is_object() {
            self.agent_name = net::field(&agent, "name");
        }
        let key = store_key(&self.opts.site);
        net::store(&key, self.open.then_some(id.as_str()));
        self.count_unread();
        self.render_all();
    }

    fn set_closed(&mut self) {
        self.open = false;
        net::store(&store_key(&self.opts.site), None);
        self.render_all();
    }

    /// A stored message (`ChatMessage`), live or replayed; each is shown once.
    pub fn add_message(&mut self, v: &JsValue) {
        let seq = net::number(v, "seq").unwrap_or(0.0) as u64;
        let id = net::field(v, "id").unwrap_or_default();
        if seq == 0 || net::field(v, "conversation") != self.conv {
            return;
        }
        if self.entries.iter().any(|e| e.seq == seq) {
            return;
        }
        let author = match net::field(v, "author").as_deref() {
            Some("visitor") => Author::Visitor,
            Some("agent") => Author::Agent,
            _ => Author::System,
        };
        let card = net::value(v, "agent");
        let (agent, avatar) = if card.is_object() {
            (
                net::field(&card, "name"),
                self.address(net::field(&card, "avatar")),
            )
        } else {
            (None, None)
        };
        let image = self.address(net::field(v, "image"));
        let at = net::number(v, "at").unwrap_or_else(now);
        self.last_seq = self.last_seq.max(seq);
        if let Some(e) = self
            .entries
            .iter_mut()
            .find(|e| e.seq == 0 && e.id == id && author == Author::Visitor)
        {
            e.seq = seq;
            e.at = at;
            e.failed = false;
            e.error = None;
            e.image = e.image.take().or(image);
            e.file = None;
        } else {
            let text = net::field(v, "text").unwrap_or_default();
            if author == Author::Agent {
                self.agent_typing = false;
                if agent.is_some() {
                    self.agent_name = agent.clone();
                }
                if seq > self.visitor_read {
                    self.emit(
                        "message",
                        &net::object(&[
                            ("text", JsValue::from_str(&text)),
                            ("author", JsValue::from_str("agent")),
                            (
                                "agent",
                                agent.as_deref().map_or(JsValue::NULL, JsValue::from_str),
                            ),
                        ]),
                    );
                }
            }
            let entry = Entry {
                id,
                seq,
                author,
                agent,
                avatar,
                text,
                image,
                file: None,
                at,
                failed: false,
                error: None,
                li: None,
            };
            // Before the messages still on their way.
            let at = self
                .entries
                .iter()
                .position(|e| e.seq == 0 || e.seq > seq)
                .unwrap_or(self.entries.len());
            self.entries.insert(at, entry);
        }
        self.count_unread();
        self.render_all();
    }

    /// A path on the API's origin as an absolute address.
    fn address(&self, path: Option<String>) -> Option<String> {
        path.filter(|p| p.starts_with("/api/"))
            .map(|p| format!("{}{p}", self.opts.api))
    }

    /// The server stored our message `id` as `seq`.
    pub fn acked(&mut self, v: &JsValue) {
        let id = net::field(v, "id").unwrap_or_default();
        let seq = net::number(v, "seq").unwrap_or(0.0) as u64;
        let Some(i) = self.entries.iter().position(|e| e.id == id && e.seq == 0) else {
            return;
        };
        let mut e = self.entries.remove(i);
        e.seq = seq;
        e.image = self.address(net::field(v, "image"));
        e.file = None;
        e.at = net::number(v, "at").unwrap_or(e.at);
        e.failed = false;
        e.error = None;
        // In `seq` order: an agent's message may have been stored before it.
        let at = self
            .entries
            .iter()
            .position(|x| x.seq == 0 || x.seq > seq)
            .unwrap_or(self.entries.len());
        if let (Some(view), Some(li)) = (&self.view, &e.li) {
            let next = self.entries.get(at).and_then(|x| x.li.clone());
            let _ = view
                .log
                .insert_before(li, next.as_ref().map(|n| n.as_ref()));
        }
        self.entries.insert(at, e);
        self.last_seq = self.last_seq.max(seq);
        self.render_all();
    }

    /// Unread: the team's messages after the visitor's read mark, while the chat is not on
    /// screen; on screen they are marked read at once.
    fn count_unread(&mut self) {
        let newest = self
            .entries
            .iter()
            .filter(|e| e.author != Author::Visitor && e.seq > 0)
            .map(|e| e.seq)
            .max()
            .unwrap_or(0);
        let on_screen = self.on_screen();
        if on_screen && newest > self.visitor_read {
            self.visitor_read = newest;
            self.link.send_frame(&net::object(&[
                ("type", "read".into()),
                ("seq", JsValue::from_f64(newest as f64)),
            ]));
        }
        let unread = self
            .entries
            .iter()
            .filter(|e| e.author != Author::Visitor && e.seq > self.visitor_read)
            .count() as u32;
        if unread != self.unread {
            if unread > self.unread {
                if let Some(e) = self
                    .entries
                    .iter()
                    .rev()
                    .find(|e| e.author == Author::Agent)
                {
                    let who = e.agent.clone().unwrap_or_else(|| self.t("chat-team"));
                    let what = if e.text.is_empty() {
                        self.t("chat-image")
                    } else {
                        e.text.clone()
                    };
                    let text = format!("{who}: {what}");
                    // The panel's own live region is silent while the panel is shut.
                    match &self.view {
                        Some(v) if on_screen => v.announce(&text),
                        _ => launcher::announce_shut(self.shadow.as_ref(), &text),
                    }
                }
            }
            self.unread = unread;
            self.emit("chat-unread", &JsValue::from_f64(unread as f64));
            launcher::badge(self.shadow.as_ref(), unread);
        }
    }

    /// The chat is in front of the visitor: shown in a panel that is open (the widget takes
    /// the panel out of the page when it closes).
    fn on_screen(&self) -> bool {
        self.shown && self.view.as_ref().is_some_and(|v| v.root.is_connected())
    }

    /// Shows or hides the chat view (the panel's body shows only the chat while it is on).
    pub fn show(&mut self, on: bool) {
        self.shown = on;
        if let Some(v) = &self.view {
            v.show(on);
        }
        if on {
            if self.conv.is_some() && self.link.is_idle() {
                link::connect_soon();
            }
            self.count_unread();
        }
        self.render_all();
    }

    pub fn render_all(&mut self) {
        let Some(view) = self.view.take() else {
            return;
        };
        view.render(self);
        self.view = Some(view);
    }

    pub(super) fn check_promise(&mut self) {
        let answered = self.entries.iter().any(|e| e.author == Author::Agent);
        let asked: Vec<&str> = self
            .entries
            .iter()
            .filter(|e| e.author == Author::Visitor)
            .map(|e| e.text.as_str())
            .collect();
        if answered || asked.is_empty() || self.late_shown || !self.open {
            return;
        }
        let first = asked
            .iter()
            .zip(self.entries.iter().filter(|e| e.author == Author::Visitor))
            .map(|(_, e)| e.at)
            .next()
            .unwrap_or_else(now);
        let left = f64::from(self.promise_secs) * 1000.0 - (now() - first);
        if left > 50.0 {
            later(left as i32, || {
                with_chat(|c| c.check_promise());
            });
            return;
        }
        self.late_shown = true;
        let text = asked.join("\n");
        if let Some(v) = &self.view {
            v.show_late(self, &text);
        }
        self.emit("chat-late", &JsValue::TRUE);
    }

    /// An `error` frame or answer: on a message (`id`), or on the chat.
    pub fn error(&mut self, code: &str, id: Option<String>, retry_after: Option<f64>) {
        let text = match code {
            "rate_limited" => self.t_with(
                "chat-error-wait",
                "seconds",
                &JsValue::from_f64(retry_after.unwrap_or(10.0).ceil()),
            ),
            "invalid_email" => self.t("chat-error-email"),
            "unsupported_image" | "empty_image" => self.t("chat-image-type"),
            "image_too_large" => self.t("chat-image-large"),
            "visitor_blocked" => self.t("chat-blocked"),
            "text_too_long" => self.t_with(
                "chat-error-long",
                "max",
                &JsValue::from_f64(MAX_CHARS as f64),
            ),
            "conversation_closed" | "no_open_conversation" => {
                self.set_closed();
                self.t("chat-ended")
            }
            _ => self.t("chat-error"),
        };
        if code == "invalid_email" || (self.starting && id.is_none()) {
            self.starting = false;
        }
        if code == "visitor_blocked" {
            // Nothing written can go out: each message says why.
            self.open = false;
            for e in self.entries.iter_mut().filter(|e| e.seq == 0) {
                e.failed = true;
                e.error = Some(text.clone());
            }
        }
        match id.and_then(|id| self.entries.iter_mut().find(|e| e.id == id && e.seq == 0)) {
            Some(e) => {
                e.failed = true;
                e.error = Some(text);
            }
            None => {
                if let Some(v) = &self.view {
                    v.set_error(&text);
                }
            }
        }
        self.render_all();
    }
}
