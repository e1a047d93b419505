//! The FAQ slot of the panel. The FAQ itself (search engine and view) is a separate wasm
//! module (`crates/faq`): the loader's `faq(element, locale, t)` imports it the first time the
//! panel opens on a site whose FAQ is on and mounts it into the element with the content
//! language and the widget's Fluent translator ("Contact us" there moves focus to
//! `#kefu-channels-title`). The module keeps its view, so a visitor who closes and reopens
//! the panel finds their search as they left it.

use crate::app::Widget;
use crate::i18n::{t_args, Arg};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Where the FAQ goes: at the top of the panel's body, above the contact channels.
pub fn faq_slot(widget: Widget, locale: String) -> impl IntoView {
    let slot: NodeRef<html::Div> = NodeRef::new();
    slot.on_load(move |el| {
        let Some(load) = widget.faq_loader() else {
            return;
        };
        // `t(key)`, or `t(key, name, value)` with one argument (a number or a string).
        let t = Closure::<dyn Fn(String, Option<String>, JsValue) -> String>::new(
            move |key: String, name: Option<String>, value: JsValue| {
                let arg = match value.as_f64() {
                    Some(n) => Arg::Num(n),
                    None => Arg::Str(value.as_string().unwrap_or_default()),
                };
                let args = name.as_deref().map(|n| [(n, arg)]);
                t_args(
                    &widget.ui_locale(),
                    &key,
                    args.as_ref().map_or(&[], |a| a.as_slice()),
                )
            },
        );
        let _ = load.call3(
            &JsValue::NULL,
            &el,
            &JsValue::from_str(&locale),
            &t.into_js_value(),
        );
    });
    view! { <div class="kefu-faq" node_ref=slot></div> }
}
