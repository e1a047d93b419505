//! The chat's DOM: the card at the top of the panel and the chat view. Every text is set as
//! text (messages from agents and visitors are never parsed as HTML).

use super::rows::{add_image, entry_li, set_label, time_of};
use super::{link, with_chat, Author, Chat};
use crate::dom::{document, el};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

type Handler = Closure<dyn FnMut(web_sys::Event)>;

pub struct View {
    pub root: Element,
    home: Element,
    home_title: Element,
    home_text: Element,
    home_button: HtmlElement,
    panel: Element,
    back: Element,
    title: Element,
    status: Element,
    pre: Element,
    pre_name: HtmlInputElement,
    pre_email: HtmlInputElement,
    pre_name_row: Element,
    pre_email_row: Element,
    pre_button: Element,
    pub log: Element,
    typing: Element,
    pub(super) late: Element,
    pub(super) ended: Element,
    compose: Element,
    attach_text: Element,
    input: HtmlTextAreaElement,
    send: Element,
    error: Element,
    announcer: Element,
    /// The panel's chat entry (`Start a chat` among the channels) opens the chat view.
    body_click: Handler,
    _handlers: Vec<Handler>,
    pub(super) suggest: RefCell<Option<crate::Suggest>>,
}

pub(super) fn labelled(
    doc: &web_sys::Document,
    label: &str,
    field: &Element,
) -> Result<Element, JsValue> {
    let row = el(doc, "label", "kefu-chat-field", "")?;
    row.append_child(&{
        let n: web_sys::Node = el(doc, "span", "kefu-chat-field-label", label)?.into();
        n
    })?;
    row.append_child(field)?;
    Ok(row)
}

pub(super) fn button(
    doc: &web_sys::Document,
    class: &str,
    action: &str,
    text: &str,
) -> Result<HtmlElement, JsValue> {
    let b: HtmlElement = el(doc, "button", class, text)?.dyn_into()?;
    b.set_attribute("type", "button")?;
    b.set_attribute("data-kefu-chat", action)?;
    Ok(b)
}

/// Runs `f` at once, or, when it would start a conversation, once the site's terms allow
/// (`crate::terms::before_submit`, with its card in place of `anchor`).
fn when_allowed(anchor: &Element, back: &HtmlElement, f: impl FnOnce() + 'static) {
    match with_chat(|c| {
        (!c.open || c.conv.is_none())
            .then(|| c.terms_ctx())
            .flatten()
    })
    .flatten()
    {
        Some(ctx) => crate::terms::before_submit(&ctx, anchor, back, Box::new(f)),
        None => f(),
    }
}

fn action_of(ev: &web_sys::Event) -> Option<(String, Element)> {
    let target: Element = ev.target()?.dyn_into().ok()?;
    let b = target.closest("[data-kefu-chat]").ok()??;
    Some((b.get_attribute("data-kefu-chat")?, b))
}

impl View {
    pub fn build(c: &Chat) -> Result<View, JsValue> {
        let doc = document()?;
        let root = el(&doc, "div", "kefu-chat", "")?;

        let home = el(&doc, "section", "kefu-chat-home", "")?;
        home.set_attribute("aria-labelledby", "kefu-chat-home-title")?;
        let home_title = el(&doc, "h3", "kefu-chat-home-title", "")?;
        home_title.set_id("kefu-chat-home-title");
        let home_text = el(&doc, "p", "kefu-chat-home-text", "")?;
        let home_button = button(&doc, "kefu-button kefu-chat-open", "open", "")?;
        home.append_child(&home_title)?;
        home.append_child(&home_text)?;
        home.append_child(&home_button)?;
        if let Some(ctx) = c.terms_ctx() {
            home.append_child(
                crate::terms::links(&ctx, &home, || {
                    super::with_chat(|c| c.terms_ctx()).flatten()
                })?
                .as_ref(),
            )?;
        }

        let panel = el(&doc, "section", "kefu-chat-view", "")?;
        panel.set_attribute("hidden", "")?;
        panel.set_attribute("aria-labelledby", "kefu-chat-title")?;
        let bar = el(&doc, "div", "kefu-chat-bar", "")?;
        let back = button(&doc, "kefu-chat-back", "back", "")?;
        back.set_inner_text("\u{2039}");
        let heading = el(&doc, "div", "kefu-chat-heading", "")?;
        let title = el(&doc, "h3", "kefu-chat-title", "")?;
        title.set_id("kefu-chat-title");
        let status = el(&doc, "p", "kefu-chat-status", "")?;
        status.set_attribute("role", "status")?;
        heading.append_child(&title)?;
        heading.append_child(&status)?;
        bar.append_child(&back)?;
        bar.append_child(&heading)?;

        let pre = el(&doc, "form", "kefu-chat-pre", "")?;
        pre.set_attribute("novalidate", "")?;
        let pre_name: HtmlInputElement = doc.create_element("input")?.dyn_into()?;
        pre_name.set_attribute("autocomplete", "name")?;
        pre_name.set_attribute("maxlength", "100")?;
        let pre_email: HtmlInputElement = doc.create_element("input")?.dyn_into()?;
        pre_email.set_type("email");
        pre_email.set_attribute("autocomplete", "email")?;
        pre_email.set_attribute("maxlength", "254")?;
        let pre_name_row = labelled(&doc, "", &pre_name)?;
        let pre_email_row = labelled(&doc, "", &pre_email)?;
        let pre_button = el(&doc, "button", "kefu-button", "")?;
        pre_button.set_attribute("type", "submit")?;
        pre.append_child(&pre_name_row)?;
        pre.append_child(&pre_email_row)?;
        pre.append_child(&pre_button)?;

        let log = el(&doc, "ol", "kefu-chat-log", "")?;
        log.set_attribute("role", "log")?;
        log.set_attribute("aria-live", "polite")?;
        log.set_attribute("tabindex", "0")?;
        let typing = el(&doc, "p", "kefu-chat-typing", "")?;
        let late = el(&doc, "div", "kefu-chat-late", "")?;
        late.set_attribute("hidden", "")?;
        let ended = el(&doc, "div", "kefu-chat-ended", "")?;
        ended.set_attribute("hidden", "")?;

        let compose = el(&doc, "form", "kefu-chat-compose", "")?;
        let input: HtmlTextAreaElement = doc.create_element("textarea")?.dyn_into()?;
        input.set_class_name("kefu-chat-input");
        input.set_rows(2);
        let send = el(&doc, "button", "kefu-button kefu-chat-send", "")?;
        send.set_attribute("type", "submit")?;
        let error = el(&doc, "p", "kefu-chat-error", "")?;
        error.set_attribute("role", "alert")?;
        // "Send an image": a file input inside its label, drawn as a paperclip (chat.css).
        let attach = el(&doc, "label", "kefu-chat-attach", "")?;
        let file: HtmlInputElement = doc.create_element("input")?.dyn_into()?;
        file.set_type("file");
        file.set_class_name("kefu-sr-only");
        file.set_accept("image/png,image/jpeg,image/gif,image/webp");
        let attach_text = el(&doc, "span", "kefu-sr-only", "")?;
        attach.append_child(&file)?;
        attach.append_child(&attach_text)?;
        compose.append_child(&attach)?;
        compose.append_child(&input)?;
        compose.append_child(&send)?;
        compose.append_child(&error)?;

        panel.append_child(&bar)?;
        panel.append_child(&pre)?;
        panel.append_child(&log)?;
        panel.append_child(&typing)?;
        panel.append_child(&late)?;
        panel.append_child(&ended)?;
        panel.append_child(&compose)?;
        let announcer = el(&doc, "p", "kefu-sr-only", "")?;
        announcer.set_attribute("role", "status")?;
        root.append_child(&home)?;
        root.append_child(&panel)?;
        root.append_child(&announcer)?;

        let mut handlers = vec![];
        let on_click = Handler::new(move |ev: web_sys::Event| {
            if let Some((action, b)) = action_of(&ev) {
                on_action(&action, &b);
            }
        });
        root.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
        handlers.push(on_click);
        let input2 = input.clone();
        let (compose2, send2): (Element, HtmlElement) = (compose.clone(), send.clone().dyn_into()?);
        let on_send = Handler::new(move |ev: web_sys::Event| {
            ev.prevent_default();
            let text = input2.value();
            let input = input2.clone();
            let send_now = move || {
                let r = with_chat(|c| c.submit(&text));
                match r {
                    Some(Ok(())) => {
                        input.set_value("");
                        with_chat(|c| c.view.as_ref().map(|v| v.set_error("")));
                    }
                    Some(Err(e)) => {
                        with_chat(|c| c.view.as_ref().map(|v| v.set_error(&e)));
                    }
                    None => {}
                }
                let _ = input.focus();
            };
            if input2.value().trim().is_empty() {
                send_now();
            } else {
                when_allowed(&compose2, &send2, send_now);
            }
        });
        compose.add_event_listener_with_callback("submit", on_send.as_ref().unchecked_ref())?;
        handlers.push(on_send);
        // Enter sends, Shift+Enter starts a new line (not while composing CJK text with an IME).
        let compose2 = compose.clone();
        let on_key = Handler::new(move |ev: web_sys::Event| {
            let Some(k) = ev.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            if k.key() == "Enter" && !k.shift_key() && !k.is_composing() {
                ev.prevent_default();
                if let Some(f) = compose2.dyn_ref::<web_sys::HtmlFormElement>() {
                    let _ = f.request_submit();
                }
            }
        });
        input.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref())?;
        handlers.push(on_key);
        let file2 = file.clone();
        let on_file = Handler::new(move |_| {
            let Some(f) = file2.files().and_then(|l| l.get(0)) else {
                return;
            };
            file2.set_value("");
            with_chat(|c| {
                let m = match c.send_image(f) {
                    Ok(()) => String::new(),
                    Err(m) => m,
                };
                if let Some(v) = &c.view {
                    v.set_error(&m);
                }
            });
        });
        file.add_event_listener_with_callback("change", on_file.as_ref().unchecked_ref())?;
        handlers.push(on_file);
        let on_input = Handler::new(move |_| {
            with_chat(|c| {
                let now = super::now();
                if c.open && c.conv.is_some() && now - c.typing_at > 3000.0 {
                    c.typing_at = now;
                    c.link.send_frame(&crate::net::object(&[
                        ("type", "typing".into()),
                        ("on", JsValue::TRUE),
                    ]));
                }
            });
        });
        input.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref())?;
        handlers.push(on_input);
        let (n2, e2) = (pre_name.clone(), pre_email.clone());
        let (pre2, pre_button2): (Element, HtmlElement) =
            (pre.clone(), pre_button.clone().dyn_into()?);
        let on_pre = Handler::new(move |ev: web_sys::Event| {
            ev.prevent_default();
            let (name, email) = (n2.value(), e2.value());
            let email = email.trim().to_owned();
            let Some(email) = with_chat(|c| {
                if c.ask_email && !(email.contains('@') && email.len() <= 254) {
                    let m = c.t("chat-error-email");
                    if let Some(v) = &c.view {
                        v.set_error(&m);
                    }
                    return None;
                }
                Some(email)
            })
            .flatten() else {
                return;
            };
            let name = name.trim().to_owned();
            when_allowed(&pre2, &pre_button2, move || {
                with_chat(|c| {
                    c.start(Some(name), Some(email));
                    c.render_all();
                });
            });
        });
        pre.add_event_listener_with_callback("submit", on_pre.as_ref().unchecked_ref())?;
        handlers.push(on_pre);
        let body_click = Handler::new(move |ev: web_sys::Event| {
            let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                return;
            };
            if let Ok(Some(_)) =
                target.closest(".kefu-channel[data-kind=chat] .kefu-channel-action")
            {
                open_chat();
            }
        });
        let _ = c;
        Ok(View {
            root,
            home,
            home_title,
            home_text,
            home_button,
            panel,
            back: back.into(),
            title,
            status,
            pre,
            pre_name,
            pre_email,
            pre_name_row,
            pre_email_row,
            pre_button,
            log,
            typing,
            late,
            ended,
            compose,
            attach_text,
            input,
            send,
            error,
            announcer,
            body_click,
            _handlers: handlers,
            suggest: RefCell::new(None),
        })
    }

    /// Listens on the panel's body (new each time the panel opens) for its chat entry.
    pub fn listen_body(&self, container: &HtmlElement) {
        if let Ok(Some(body)) = container.closest(".kefu-body") {
            let _ = body.add_event_listener_with_callback(
                "click",
                self.body_click.as_ref().unchecked_ref(),
            );
        }
    }

    fn body(&self) -> Option<Element> {
        self.root.closest(".kefu-body").ok().flatten()
    }

    pub fn show(&self, on: bool) {
        let _ = self.home.toggle_attribute_with_force("hidden", on);
        let _ = self.panel.toggle_attribute_with_force("hidden", !on);
        if let Some(body) = self.body() {
            let _ = if on {
                body.set_attribute("data-kefu-view", "chat")
            } else {
                body.remove_attribute("data-kefu-view")
            };
        }
    }

    pub fn set_error(&self, text: &str) {
        self.error.set_text_content(Some(text));
    }

    pub fn announce(&self, text: &str) {
        self.announcer.set_text_content(Some(text));
    }

    /// Brings every part up to date with the chat's state.
    pub fn render(&self, c: &mut Chat) {
        let Ok(doc) = document() else { return };
        let available = c.open_now && c.agents_online > 0;
        let has_open = c.conv.is_some() && c.open;
        let promise = c.duration(c.promise_secs);
        self.home_title.set_text_content(Some(&c.t("chat-title")));
        let (text, label) = if has_open {
            (c.t("chat-home-ongoing"), c.t("chat-continue"))
        } else if available {
            (
                c.t_with("chat-home-online", "duration", &JsValue::from_str(&promise)),
                c.t("chat-start"),
            )
        } else {
            // Out of hours or nobody online: a message left instead, and when it is answered.
            let key = if c.open_now {
                "chat-home-away"
            } else {
                "chat-home-closed"
            };
            let mut text = c.t(key);
            if let Some(d) = c.reply_days {
                text.push(' ');
                text.push_str(&c.t_with(
                    "chat-home-reply",
                    "days",
                    &JsValue::from_f64(f64::from(d)),
                ));
            }
            (text, c.t("chat-leave"))
        };
        self.home_text.set_text_content(Some(&text));
        self.home_button.set_text_content(Some(&label));
        let _ = self.home_button.set_attribute(
            "data-kefu-chat",
            if has_open || available {
                "open"
            } else {
                "leave"
            },
        );

        let _ = self.back.set_attribute("aria-label", &c.t("chat-back"));
        let title = match (&c.agent_name, has_open) {
            (Some(name), true) => name.clone(),
            _ => c.t("chat-title"),
        };
        self.title.set_text_content(Some(&title));
        let status = if c.link.stopped {
            c.t("chat-unavailable")
        } else if c.conv.is_some() && !c.link.up() && !c.link.is_idle() {
            c.t("chat-reconnecting")
        } else if available {
            c.t_with(
                "chat-status-online",
                "duration",
                &JsValue::from_str(&promise),
            )
        } else {
            c.t("chat-status-away")
        };
        self.status.set_text_content(Some(&status));

        // Pre-chat questions, before a conversation starts.
        let ask = !has_open && !c.starting && (c.ask_name || c.ask_email);
        let _ = self.pre.toggle_attribute_with_force("hidden", !ask);
        let _ = self
            .pre_name_row
            .toggle_attribute_with_force("hidden", !c.ask_name);
        let _ = self
            .pre_email_row
            .toggle_attribute_with_force("hidden", !c.ask_email);
        let _ = self
            .pre_email
            .toggle_attribute_with_force("required", c.ask_email);
        set_label(&self.pre_name_row, &c.t("chat-name"));
        set_label(&self.pre_email_row, &c.t("chat-email"));
        self.pre_button.set_text_content(Some(&c.t("chat-start")));
        let _ = self
            .compose
            .toggle_attribute_with_force("hidden", ask || (c.conv.is_some() && !c.open));
        let _ = self.input.set_attribute("aria-label", &c.t("chat-input"));
        let _ = self
            .input
            .set_attribute("placeholder", &c.t("chat-input-hint"));
        let _ = self
            .input
            .set_attribute("maxlength", &super::MAX_CHARS.to_string());
        self.send.set_text_content(Some(&c.t("chat-send")));
        self.attach_text
            .set_text_content(Some(&c.t("chat-image-send")));

        // The conversation ended: say so, offer a new one.
        let ended = c.conv.is_some() && !c.open;
        let _ = self.ended.toggle_attribute_with_force("hidden", !ended);
        if ended && self.ended.first_child().is_none() {
            let _ = self.build_ended(&doc, c);
        } else if !ended {
            while let Some(ch) = self.ended.first_child() {
                let _ = self.ended.remove_child(&ch);
            }
        }

        let typing = match (&c.agent_name, c.agent_typing) {
            (_, false) => String::new(),
            (Some(n), true) => c.t_with("chat-typing", "name", &JsValue::from_str(n)),
            (None, true) => c.t("chat-typing-team"),
        };
        self.typing.set_text_content(Some(&typing));

        let agent_read = c.agent_read;
        let mut texts = vec![];
        for e in &c.entries {
            let meta = match e.author {
                Author::Visitor if e.failed => {
                    e.error.clone().unwrap_or_else(|| c.t("chat-failed"))
                }
                Author::Visitor if e.seq == 0 => c.t("chat-sending"),
                Author::Visitor if e.seq <= agent_read => c.t("chat-read"),
                Author::Visitor => c.t("chat-delivered"),
                _ => String::new(),
            };
            let who = match e.author {
                Author::Visitor => c.t("chat-you"),
                Author::Agent => e.agent.clone().unwrap_or_else(|| c.t("chat-team")),
                Author::System => c.t("chat-team"),
            };
            texts.push((who, meta, time_of(e.at, &c.opts.locale)));
        }
        let retry_text = c.t("chat-retry");
        let image_text = c.t("chat-image");
        // A new message goes before the first later one already drawn (messages still on their
        // way stay last).
        let mut next: Option<Element> = None;
        for (e, (who, _, _)) in c.entries.iter_mut().zip(&texts).rev() {
            if e.li.is_none() {
                if let Ok(li) = entry_li(&doc, e, who) {
                    let _ = self
                        .log
                        .insert_before(&li, next.as_ref().map(|n| n.as_ref()));
                    e.li = Some(li);
                }
            }
            next = e.li.clone();
        }
        for (e, (who, meta, time)) in c.entries.iter_mut().zip(texts) {
            let Some(li) = &e.li else { continue };
            if let Ok(Some(w)) = li.query_selector(".kefu-chat-who") {
                w.set_text_content(Some(&who));
            }
            if let Ok(Some(m)) = li.query_selector(".kefu-chat-meta") {
                let text = if meta.is_empty() {
                    time
                } else {
                    format!("{time} · {meta}")
                };
                if m.text_content().as_deref() != Some(text.as_str()) {
                    m.set_text_content(Some(&text));
                }
            }
            let _ = li.set_attribute(
                "data-state",
                if e.failed {
                    "failed"
                } else if e.seq == 0 {
                    "sending"
                } else {
                    "stored"
                },
            );
            if let Some(src) = &e.image {
                if li.query_selector(".kefu-chat-img").ok().flatten().is_none() {
                    let _ = add_image(&doc, li, src, &image_text, e.text.is_empty());
                }
            }
            let retry = li.query_selector(".kefu-chat-retry").ok().flatten();
            match (e.failed, retry) {
                (true, None) => {
                    if let Ok(b) = button(&doc, "kefu-link kefu-chat-retry", "retry", &retry_text) {
                        let _ = b.set_attribute("data-id", &e.id);
                        let _ = li.append_child(&b);
                    }
                }
                (false, Some(b)) => b.remove(),
                _ => {}
            }
        }
        // Newest at the bottom, in view.
        self.log.set_scroll_top(self.log.scroll_height());
    }
}

/// Opens the chat view (the panel's chat entry, or the card's button).
fn open_chat() {
    with_chat(|c| {
        c.show(true);
        if let Some(v) = &c.view {
            let _ = if !v.pre.has_attribute("hidden") {
                v.pre_name.focus()
            } else {
                v.input.focus()
            };
        }
    });
}

fn on_action(action: &str, b: &Element) {
    match action {
        "open" => open_chat(),
        "back" => {
            with_chat(|c| {
                c.show(false);
                if let Some(v) = &c.view {
                    let _ = v.home_button.focus();
                }
            });
        }
        "retry" => {
            let id = b.get_attribute("data-id").unwrap_or_default();
            with_chat(|c| {
                if let Some(e) = c.entries.iter_mut().find(|e| e.id == id) {
                    e.failed = false;
                    e.error = None;
                }
                c.render_all();
            });
            link::retry_now();
        }
        "keep" => {
            with_chat(|c| {
                if let Some(v) = &c.view {
                    v.clear_late();
                    let _ = v.input.focus();
                }
            });
        }
        "leave" => super::leave::leave(),
        "rate" => {
            let score: u8 = b
                .get_attribute("data-score")
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            super::ended::rate(score);
        }
        "new" => {
            with_chat(|c| {
                c.conv = None;
                c.open = false;
                c.agent_name = None;
                c.late_shown = false;
                for e in c.entries.drain(..) {
                    if let Some(li) = e.li {
                        li.remove();
                    }
                }
                if let Some(v) = &c.view {
                    v.clear_late();
                }
                c.render_all();
                if let Some(v) = &c.view {
                    let _ = v.input.focus();
                }
            });
        }
        _ => {}
    }
}
