//! DOM helpers: elements with text (never HTML from strings), highlighted questions, and the
//! answer copied element by element out of the server's sanitized HTML.
//!
//! The answer is parsed by `DOMParser` into an inert document (no scripts run, no images load,
//! no handlers fire) and rebuilt here from an allow-list: the elements the server's sanitizer
//! allows, text nodes as text, and on links only an `http`, `https` or `mailto` `href`. So even
//! a payload that bypassed the server's sanitizer could not put live markup into the page.

use kefu_api::FAQ_ANSWER_TAGS as TAGS;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Node};

pub fn document() -> Result<Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("kefu: no document"))
}

/// `<tag class="…">text</tag>`
pub fn el(doc: &Document, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let e = doc.create_element(tag)?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    Ok(e)
}

/// The attribute naming the message an element shows: `key` for its text, or `attr=key` for
/// one of its attributes (`aria-label=chat-back`). [`relabel`] reads it when the language
/// changes, so views built once per page follow `Kefu.setLocale` without being rebuilt (and
/// without losing what the visitor typed).
const KEY: &str = "data-kefu-t";

/// Marks `e` as showing message `spec` (see [`KEY`]).
pub fn keyed(e: &Element, spec: &str) -> Result<(), JsValue> {
    e.set_attribute(KEY, spec)
}

/// `e`, marked as showing message `spec` (see [`KEY`]).
pub fn tagged<E: AsRef<Element>>(e: E, spec: &str) -> Result<E, JsValue> {
    keyed(e.as_ref(), spec)?;
    Ok(e)
}

/// `<tag class="…">` showing message `key` of the translator `t`, marked for [`relabel`].
pub fn msg(
    doc: &Document,
    tag: &str,
    class: &str,
    t: &js_sys::Function,
    key: &str,
) -> Result<Element, JsValue> {
    let e = el(
        doc,
        tag,
        class,
        &crate::ui::translate(t, key, "", &JsValue::UNDEFINED),
    )?;
    keyed(&e, key)?;
    Ok(e)
}

/// Shows every marked element under `root` in the translator's current language.
pub fn relabel(root: &Element, t: &js_sys::Function) {
    let Ok(list) = root.query_selector_all(&format!("[{KEY}]")) else {
        return;
    };
    for i in 0..list.length() {
        let Some(e) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let Some(spec) = e.get_attribute(KEY) else {
            continue;
        };
        let tr = |key: &str| crate::ui::translate(t, key, "", &JsValue::UNDEFINED);
        match spec.split_once('=') {
            Some((attr, key)) => drop(e.set_attribute(attr, &tr(key))),
            None => e.set_text_content(Some(&tr(&spec))),
        }
    }
}

/// `text` with the byte ranges in `marks` wrapped in `<mark>`, appended to `parent`.
pub fn highlighted(
    doc: &Document,
    parent: &Element,
    text: &str,
    marks: &[(usize, usize)],
) -> Result<(), JsValue> {
    let mut ranges: Vec<(usize, usize)> = marks
        .iter()
        .copied()
        .filter(|&(s, e)| s < e && e <= text.len())
        .filter(|&(s, e)| text.is_char_boundary(s) && text.is_char_boundary(e))
        .collect();
    ranges.sort_unstable();
    let mut at = 0;
    for (s, e) in ranges {
        let s = s.max(at);
        if s >= e {
            continue;
        }
        if s > at {
            parent.append_child(&doc.create_text_node(&text[at..s]))?;
        }
        let mark = el(doc, "mark", "kefu-mark", &text[s..e])?;
        parent.append_child(&mark)?;
        at = e;
    }
    if at < text.len() {
        parent.append_child(&doc.create_text_node(&text[at..]))?;
    }
    Ok(())
}

fn safe_href(href: &str) -> bool {
    let h = href.trim_start().to_ascii_lowercase();
    h.starts_with("https://") || h.starts_with("http://") || h.starts_with("mailto:")
}

/// Copies the allowed parts of `from` (a node of the inert document) into `to`.
fn copy_children(doc: &Document, from: &Node, to: &Element, depth: u32) -> Result<(), JsValue> {
    if depth > 32 {
        return Ok(());
    }
    let children = from.child_nodes();
    for i in 0..children.length() {
        let Some(child) = children.item(i) else {
            continue;
        };
        match child.node_type() {
            Node::TEXT_NODE => {
                let text = child.text_content().unwrap_or_default();
                to.append_child(&doc.create_text_node(&text))?;
            }
            Node::ELEMENT_NODE => {
                let source: &Element = child.unchecked_ref();
                let tag = source.tag_name().to_ascii_lowercase();
                if !TAGS.contains(&tag.as_str()) {
                    // Unknown element: keep its text only.
                    copy_children(doc, &child, to, depth + 1)?;
                    continue;
                }
                let copy = doc.create_element(&tag)?;
                if tag == "a" {
                    if let Some(href) = source.get_attribute("href").filter(|h| safe_href(h)) {
                        copy.set_attribute("href", &href)?;
                        copy.set_attribute("target", "_blank")?;
                        copy.set_attribute("rel", "noopener noreferrer nofollow")?;
                    }
                }
                copy_children(doc, &child, &copy, depth + 1)?;
                to.append_child(&copy)?;
            }
            _ => {}
        }
    }
    Ok(())
}

thread_local! {
    /// The Trusted Types policy `kefu` (`None` where the browser has no Trusted Types, or the
    /// page's CSP does not allow a policy of that name).
    static POLICY: Option<JsValue> = trusted_types_policy();
}

/// `trustedTypes.createPolicy('kefu', { createHTML: s => s })`: it only ever hands the
/// server's sanitized answer to `DOMParser`, whose document is inert (nothing in it runs), and
/// `copy_children` then rebuilds it from an allow-list.
fn trusted_types_policy() -> Option<JsValue> {
    let window: JsValue = web_sys::window()?.into();
    let tt = js_sys::Reflect::get(&window, &"trustedTypes".into()).ok()?;
    if tt.is_undefined() {
        return None;
    }
    let create: js_sys::Function = js_sys::Reflect::get(&tt, &"createPolicy".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let rules = js_sys::Object::new();
    // A closure, not `new Function` (which a strict CSP forbids as eval).
    let identity = Closure::<dyn Fn(JsValue) -> JsValue>::new(|s| s).into_js_value();
    js_sys::Reflect::set(&rules, &"createHTML".into(), &identity).ok()?;
    create.call2(&tt, &"kefu".into(), &rules).ok()
}

/// The answer `html` rebuilt into `to`; as plain text where the page's Trusted Types allow no
/// `kefu` policy.
pub fn answer(doc: &Document, to: &Element, html: &str) -> Result<(), JsValue> {
    let source: JsValue = match POLICY.with(Clone::clone) {
        Some(policy) => {
            let create: js_sys::Function =
                js_sys::Reflect::get(&policy, &"createHTML".into())?.dyn_into()?;
            create.call1(&policy, &html.into())?
        }
        None => html.into(),
    };
    let parser = web_sys::DomParser::new()?;
    let parse: js_sys::Function =
        js_sys::Reflect::get(&parser, &"parseFromString".into())?.dyn_into()?;
    match parse
        .call2(&parser, &source, &"text/html".into())
        .map(|d| d.unchecked_into::<web_sys::Document>())
    {
        Ok(inert) => {
            if let Some(body) = inert.body() {
                copy_children(doc, &body, to, 0)?;
            }
        }
        Err(_) => to.set_text_content(Some(&kefu_search::text_of_html(html))),
    }
    Ok(())
}
