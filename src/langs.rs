//! The visitor's language, beyond the browser's: site texts shown in another language are
//! marked, and a language menu sits in the panel's footer.
//!
//! - Site texts the server took from the site's default language (`WidgetConfig::fallback`),
//!   or all of them when the site has none of the widget's language (Arabic texts on an
//!   English site), get their own `lang` (screen readers switch voice, fonts fit), and the
//!   footer says that some texts are not yet in the visitor's language.
//! - The menu lists every UI language the server offers, each named in its own language
//!   ("日本語", "العربية"). A pick switches the widget in place (as `Kefu.setLocale` does) and
//!   is kept under `kefu:locale`, so it wins over the page's `data-locale` and the browser's
//!   languages on the next visit. Nothing is stored before the visitor picks (consent first).
//!
//! Both are plain DOM on elements the panel's views drew ([`decorate`] runs after each
//! drawing): a reactive view of their own cost the widget's size budget several KB.

use crate::app::Widget;
use crate::i18n::{self, t};
use js_sys::Reflect;
use kefu_api::WidgetConfig;
use wasm_bindgen::prelude::*;
use web_sys::{Element, ShadowRoot};

const KEY: &str = "kefu:locale";

/// `localStorage` (`None` where the page's settings block it), read and written as an object's
/// properties: the same as `getItem`/`setItem`, with the bindings the widget has already.
fn storage() -> Option<JsValue> {
    Reflect::get(&js_sys::global(), &"localStorage".into())
        .ok()
        .filter(JsValue::is_object)
}

/// The language the visitor picked on an earlier visit.
pub fn stored() -> Option<String> {
    Reflect::get(&storage()?, &KEY.into())
        .ok()?
        .as_string()
        .filter(|t| !t.is_empty())
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = DisplayNames)]
    type DisplayNames;
    #[wasm_bindgen(catch, constructor, js_namespace = Intl, js_class = "DisplayNames")]
    fn new(locale: &str, options: &JsValue) -> Result<DisplayNames, JsValue>;
    #[wasm_bindgen(method)]
    fn of(this: &DisplayNames, code: &str) -> Option<String>;
}

/// `tag`'s own name from the browser's `Intl.DisplayNames` ("español", shown capitalised by
/// the style sheet); Chinese is named by its script ("简体中文", "繁體中文").
fn autonym(tag: &str) -> String {
    let named = match tag {
        "zh-CN" => "zh-Hans",
        "zh-TW" => "zh-Hant",
        t => t,
    };
    let opts = js_sys::JSON::parse(r#"{"type":"language"}"#).unwrap_or_default();
    DisplayNames::new(named, &opts)
        .ok()
        .and_then(|d| d.of(named))
        .unwrap_or_else(|| tag.to_owned())
}

/// Whether some site text is not in the visitor's language `ui`.
fn shows_fallback(c: &WidgetConfig, ui: &str) -> bool {
    fn primary(t: &str) -> &str {
        t.split('-').next().unwrap_or_default()
    }
    // "en-GB" content reads fine in an "en" widget; Simplified does not for Traditional.
    let same = c.locale == ui || (primary(ui) != "zh" && primary(ui) == primary(&c.locale));
    !c.fallback.is_empty() || !same
}

/// The menu's `change` (heard on the footer): switches to the language picked and keeps it.
pub fn pick(widget: Widget, ev: &web_sys::Event) {
    let tag = ev
        .target()
        .and_then(|t| Reflect::get(&t, &"value".into()).ok())
        .and_then(|v| v.as_string());
    if let Some(tag) = tag {
        if let Some(s) = storage() {
            let _ = Reflect::set(&s, &KEY.into(), &tag.as_str().into());
        }
        widget.set_locale(Some(tag));
    }
}

fn set(el: &Element, name: &str, value: &str) {
    let _ = el.set_attribute(name, value);
}

/// Marks the site texts of `cfg` that are in another language than `ui`, says so in the
/// footer, and puts the language menu there (once per panel) showing `ui`.
pub fn decorate(root: &ShadowRoot, cfg: &WidgetConfig, ui: &str) {
    let q = |s: &str| root.query_selector(s).ok().flatten();
    if cfg.launcher_label.is_some() {
        if let Some(e) = q(".kefu-launcher-label") {
            set(&e, "lang", &cfg.lang_of("launcher_label"));
        }
    }
    let Some(footer) = q(".kefu-footer") else {
        return; // the panel is shut
    };
    for (sel, part) in [(".kefu-title", "name"), (".kefu-greeting", "greeting")] {
        if let Some(e) = q(sel) {
            set(&e, "lang", &cfg.lang_of(part));
        }
    }
    // The channels are drawn in the config's order.
    if let Ok(labels) = root.query_selector_all(".kefu-channel-label") {
        for (i, ch) in cfg.channels.iter().enumerate() {
            if let Some(e) = labels
                .item(i as u32)
                .and_then(|n| n.dyn_into::<Element>().ok())
            {
                set(&e, "lang", &cfg.lang_of(&("channel:".to_owned() + &ch.id)));
            }
        }
    }
    if let Some(note) = q(".kefu-fallback") {
        if shows_fallback(cfg, ui) {
            note.set_text_content(Some(&t(ui, "panel-fallback")));
            let _ = note.remove_attribute("hidden");
        } else {
            set(&note, "hidden", "");
        }
    }
    let tags = i18n::available();
    if tags.len() < 2 {
        return;
    }
    let menu = q(".kefu-lang").or_else(|| {
        let doc = web_sys::window()?.document()?;
        let menu = doc.create_element("select").ok()?;
        menu.set_class_name("kefu-lang");
        // Languages' own names are data, never translated.
        set(&menu, "translate", "no");
        for tag in &tags {
            let o = doc.create_element("option").ok()?;
            set(&o, "value", tag);
            set(&o, "lang", tag);
            o.set_text_content(Some(&autonym(tag)));
            menu.append_child(&o).ok()?;
        }
        footer.append_child(&menu).ok()?;
        Some(menu)
    });
    if let Some(menu) = menu {
        set(&menu, "aria-label", &t(ui, "panel-language"));
        let _ = Reflect::set(&menu, &"value".into(), &ui.into());
    }
}
