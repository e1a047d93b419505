//! Slots of the panel filled by the help module (`crates/faq`: the FAQ with its search engine,
//! and the feedback form with its outbox), a separate wasm file: the loader's
//! `help(part, element, locale, t)` imports it the first time the panel opens on a site that
//! uses it and mounts each part named in `part` (`chat faq`, `faq`, `feedback`, …) into the
//! element, in order, with the content language
//! and the widget's Fluent translator `t`. `t("", lang, ftl)` is how the module hands the
//! widget its own messages (`locales/<lang>/help.ftl`), so they stay out of the widget's
//! idle-time download. The module keeps its views, so a visitor who closes and
//! reopens the panel finds their search or half-typed form as they left it.

use crate::app::Widget;
use crate::i18n::{t_args, Arg};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// An element the help module draws the parts named in `part` into (`chat` and `faq` above the
/// contact channels, `feedback` below them).
pub fn help_slot(widget: Widget, part: &'static str, locale: String) -> impl IntoView {
    let slot: NodeRef<html::Div> = NodeRef::new();
    slot.on_load(move |el| {
        el.set_class_name(&format!("kefu-{part}"));
        let Some(load) = widget.help_loader() else {
            return;
        };
        // `t(key)`, or `t(key, name, value)` with one argument (a number or a string);
        // `t("", lang, ftl)` adds the module's messages in `lang`.
        let t = Closure::<dyn Fn(String, Option<String>, JsValue) -> String>::new(
            move |key: String, name: Option<String>, value: JsValue| {
                if key.is_empty() {
                    crate::i18n::add(
                        &name.unwrap_or_default(),
                        &value.as_string().unwrap_or_default(),
                    );
                    return String::new();
                }
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
        let _ = load.call4(
            &JsValue::NULL,
            &JsValue::from_str(part),
            &el,
            &JsValue::from_str(&locale),
            &t.into_js_value(),
        );
    });
    view! { <div node_ref=slot></div> }
}
