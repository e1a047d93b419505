//! One message of the chat log as a list item: who wrote it, its text (as text, never HTML),
//! its image, its time and its state (sending, not sent, read); and the pre-chat form's labels.

use super::Author;
use crate::dom::el;
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// The visible label of a pre-chat form row.
pub(super) fn set_label(row: &Element, text: &str) {
    if let Ok(Some(s)) = row.query_selector(".kefu-chat-field-label") {
        s.set_text_content(Some(text));
    }
}

/// "14:05" in the visitor's locale and time zone.
pub(super) fn time_of(at: f64, locale: &str) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(at));
    let opts = crate::net::object(&[("hour", "2-digit".into()), ("minute", "2-digit".into())]);
    d.to_locale_time_string_with_options(locale, &opts).into()
}

/// The image of a message, as a link to the full picture (a new tab).
pub(super) fn add_image(
    doc: &web_sys::Document,
    li: &Element,
    src: &str,
    label: &str,
    alone: bool,
) -> Result<(), JsValue> {
    let a = el(doc, "a", "kefu-chat-img", "")?;
    a.set_attribute("href", src)?;
    a.set_attribute("target", "_blank")?;
    a.set_attribute("rel", "noopener noreferrer")?;
    let img = el(doc, "img", "", "")?;
    img.set_attribute("src", src)?;
    img.set_attribute("alt", label)?;
    a.append_child(&img)?;
    let text = li.query_selector(".kefu-chat-text")?;
    if alone {
        if let Some(t) = &text {
            t.remove();
        }
    }
    let meta = li.query_selector(".kefu-chat-meta")?;
    li.insert_before(&a, meta.as_ref().map(|m| m.as_ref()))?;
    Ok(())
}

pub(super) fn entry_li(
    doc: &web_sys::Document,
    e: &super::Entry,
    who: &str,
) -> Result<Element, JsValue> {
    let class = match e.author {
        Author::Visitor => "kefu-chat-msg kefu-chat-mine",
        Author::Agent => "kefu-chat-msg kefu-chat-theirs",
        Author::System => "kefu-chat-msg kefu-chat-system",
    };
    let li = el(doc, "li", class, "")?;
    li.set_attribute("data-id", &e.id)?;
    if e.author == Author::Agent {
        // The agent's picture, or their name's first letter; the name itself is read out.
        let avatar = match &e.avatar {
            Some(src) => {
                let img = el(doc, "img", "kefu-chat-avatar", "")?;
                img.set_attribute("src", src)?;
                img.set_attribute("alt", "")?;
                img
            }
            None => {
                // ASCII upper case only: std's full case tables cost kilobytes here.
                let first: String = who
                    .chars()
                    .take(1)
                    .map(|c| c.to_ascii_uppercase())
                    .collect();
                el(doc, "span", "kefu-chat-avatar", &first)?
            }
        };
        avatar.set_attribute("aria-hidden", "true")?;
        li.append_child(&avatar)?;
    }
    li.append_child(&{
        let n: web_sys::Node = el(doc, "span", "kefu-chat-who", "")?.into();
        n
    })?;
    // An image on its way shows its file name until it is stored.
    let shown = match &e.file {
        Some(f) if e.text.is_empty() => f.name(),
        _ => e.text.clone(),
    };
    let p = el(doc, "p", "kefu-chat-text", &shown)?;
    p.set_attribute("dir", "auto")?;
    li.append_child(&p)?;
    li.append_child(&{
        let n: web_sys::Node = el(doc, "span", "kefu-chat-meta", "")?.into();
        n
    })?;
    Ok(li)
}
