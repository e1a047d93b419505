//! The end of a chat in the widget: "This chat has ended.", the visitor's rating (R14: 1–5),
//! the transcript by e-mail on request, and "Start a new chat".

use super::view::{button, labelled, View};
use super::{link, with_chat, Chat};
use crate::dom::{el, keyed, tagged};
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlInputElement};

type Handler = Closure<dyn FnMut(web_sys::Event)>;

impl View {
    /// "This chat has ended.", the rating (R14: 1–5) and "Start a new chat".
    pub(super) fn build_ended(&self, doc: &web_sys::Document, c: &Chat) -> Result<(), JsValue> {
        let add = |parent: &Element, e: Element| parent.append_child(&e).map(drop);
        add(
            &self.ended,
            tagged(el(doc, "p", "", &c.t("chat-ended"))?, "chat-ended")?,
        )?;
        let rate = el(doc, "div", "kefu-chat-rate", "")?;
        rate.set_attribute("role", "group")?;
        rate.set_attribute("aria-labelledby", "kefu-chat-rate-q")?;
        let q = tagged(
            el(doc, "p", "kefu-chat-rate-q", &c.t("chat-rate-question"))?,
            "chat-rate-question",
        )?;
        q.set_id("kefu-chat-rate-q");
        add(&rate, q)?;
        let row = el(doc, "div", "kefu-chat-rate-scores", "")?;
        for n in 1..=5u8 {
            let b = button(doc, "kefu-chat-rate-score", "rate", &n.to_string())?;
            b.set_attribute("data-score", &n.to_string())?;
            b.set_attribute("aria-pressed", "false")?;
            b.set_attribute(
                "aria-label",
                &c.t_with("chat-rate-score", "score", &JsValue::from_f64(f64::from(n))),
            )?;
            add(&row, b.into())?;
        }
        add(&rate, row)?;
        let ends = el(doc, "p", "kefu-chat-rate-ends", "")?;
        add(
            &ends,
            tagged(el(doc, "span", "", &c.t("chat-rate-low"))?, "chat-rate-low")?,
        )?;
        add(
            &ends,
            tagged(
                el(doc, "span", "", &c.t("chat-rate-high"))?,
                "chat-rate-high",
            )?,
        )?;
        add(&rate, ends)?;
        let status = el(doc, "p", "kefu-chat-rate-status", "")?;
        status.set_attribute("role", "status")?;
        add(&rate, status)?;
        add(&self.ended, rate)?;
        // The transcript by e-mail, on request.
        let form = el(doc, "form", "kefu-chat-transcript", "")?;
        form.set_attribute("novalidate", "")?;
        let input: HtmlInputElement = doc.create_element("input")?.dyn_into()?;
        input.set_type("email");
        input.set_attribute("autocomplete", "email")?;
        input.set_attribute("maxlength", "254")?;
        if let Some(e) = c.email.as_deref() {
            input.set_value(e);
        }
        let row = labelled(doc, &c.t("chat-transcript-label"), &input)?;
        if let Some(span) = row.first_element_child() {
            keyed(&span, "chat-transcript-label")?;
        }
        add(&form, row)?;
        let send = tagged(
            el(doc, "button", "kefu-button", &c.t("chat-transcript-send"))?,
            "chat-transcript-send",
        )?;
        send.set_attribute("type", "submit")?;
        add(&form, send)?;
        let status = el(doc, "p", "kefu-chat-transcript-status", "")?;
        status.set_attribute("role", "status")?;
        add(&form, status)?;
        let on_submit = Handler::new(move |ev: web_sys::Event| {
            ev.prevent_default();
            transcript(input.value().trim().to_owned());
        });
        form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref())?;
        on_submit.forget(); // lives as long as the ended card (rebuilt only for a new chat)
        add(&self.ended, form)?;
        add(
            &self.ended,
            tagged(
                button(doc, "kefu-button", "new", &c.t("chat-new"))?,
                "chat-new",
            )?
            .into(),
        )
    }
}

/// The visitor's rating of the chat that ended (`POST …/chat/rating`).
pub(super) fn rate(score: u8) {
    // The chosen score is pressed at once; the status says it is on its way.
    let Some(Some(conv)) = with_chat(|c| {
        let list = c
            .view
            .as_ref()
            .and_then(|v| v.ended.query_selector_all(".kefu-chat-rate-score").ok());
        for b in list
            .iter()
            .flat_map(|l| (0..l.length()).filter_map(|i| l.item(i)))
        {
            if let Ok(b) = b.dyn_into::<Element>() {
                let on = b.get_attribute("data-score") == Some(score.to_string());
                let _ = b.set_attribute("aria-pressed", if on { "true" } else { "false" });
            }
        }
        status(c, "rate", &c.t("chat-rate-sending"));
        c.conv.clone()
    }) else {
        return;
    };
    let body = crate::net::object(&[
        ("conversation", JsValue::from_str(&conv)),
        ("score", JsValue::from_f64(f64::from(score))),
    ]);
    let body = js_sys::JSON::stringify(&body)
        .map(String::from)
        .unwrap_or_default();
    link::spawn_rest("POST", "chat/rating".into(), Some(body), |c, a| {
        let key = if a.status == 200 || a.status == 201 {
            "chat-rate-thanks"
        } else {
            "chat-error"
        };
        let text = c.t(key);
        status(c, "rate", &text);
    });
}

/// The transcript of the chat that ended, e-mailed to `email` (`POST …/chat/transcript`).
fn transcript(email: String) {
    let say = |key: &str, arg: Option<&str>| {
        with_chat(|c| {
            let text = match arg {
                Some(a) => c.t_with(key, "email", &JsValue::from_str(a)),
                None => c.t(key),
            };
            status(c, "transcript", &text);
        });
    };
    if !(email.contains('@') && email.len() <= 254) {
        say("chat-error-email", None);
        return;
    }
    let Some(Some(conv)) = with_chat(|c| c.conv.clone()) else {
        return;
    };
    say("chat-transcript-sending", None);
    let body = crate::net::object(&[
        ("conversation", JsValue::from_str(&conv)),
        ("email", JsValue::from_str(&email)),
    ]);
    let body = js_sys::JSON::stringify(&body)
        .map(String::from)
        .unwrap_or_default();
    link::spawn_rest("POST", "chat/transcript".into(), Some(body), move |c, a| {
        let text = match a.status {
            202 => c.t_with("chat-transcript-sent", "email", &JsValue::from_str(&email)),
            503 => c.t("chat-transcript-unavailable"),
            422 => c.t("chat-error-email"),
            _ => c.t("chat-error"),
        };
        status(c, "transcript", &text);
    });
}

/// Says `text` in the status line of the ended card's `part` (`rate`, `transcript`).
fn status(c: &Chat, part: &str, text: &str) {
    let selector = format!(".kefu-chat-{part}-status");
    if let Some(s) = c
        .view
        .as_ref()
        .and_then(|v| v.ended.query_selector(&selector).ok().flatten())
    {
        s.set_text_content(Some(text));
    }
}
