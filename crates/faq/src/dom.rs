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

/// The answer `html` rebuilt into `to`.
pub fn answer(doc: &Document, to: &Element, html: &str) -> Result<(), JsValue> {
    let parser = web_sys::DomParser::new()?;
    let inert = parser.parse_from_string(html, web_sys::SupportedType::TextHtml)?;
    if let Some(body) = inert.body() {
        copy_children(doc, &body, to, 0)?;
    }
    Ok(())
}
