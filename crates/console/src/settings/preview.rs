//! The live preview: the real widget, in a same-origin frame (`/console/preview`), showing
//! what the server computes from the unsaved document. Every change is sent to the server's
//! preview endpoint (after a short pause in typing), which also validates it: a problem shows
//! next to its field before the admin presses Save.

use super::doc::{field_message, pointer_of, Editor};
use crate::api;
use crate::i18n::t;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;
use wasm_bindgen::JsCast as _;

#[component]
pub fn Preview(ed: Editor, site: Signal<String>) -> impl IntoView {
    let loc = ed.locale;
    let tr = move |k: &'static str| move || t(&loc.get(), k);
    let frame: NodeRef<leptos::html::Iframe> = NodeRef::new();
    let locales = ed.locales();
    // The admin's choice, else the console's own language when the site has it, else the
    // site's default: content and the widget's own strings always in the same language.
    let chosen = RwSignal::new(String::new());
    let preview_locale = Memo::new(move |_| {
        let list = locales.get();
        let want = chosen.get();
        let own = loc.get();
        [want, own]
            .into_iter()
            .find(|l| list.contains(l))
            .or_else(|| list.first().cloned())
            .unwrap_or_default()
    });
    // The last config the server computed (JSON) with its locale, and whether the frame has
    // been sent one.
    let latest = StoredValue::new(None::<(String, String)>);
    let opened = StoredValue::new(false);
    let generation = StoredValue::new(0u64);

    let send = move || {
        // `try_`: a reply may arrive after the settings screen was left.
        let (Some((config, locale)), Some(el)) = (
            latest.try_get_value().flatten(),
            frame.try_get_untracked().flatten(),
        ) else {
            return;
        };
        let Some(win) = el.content_window() else {
            return;
        };
        let open = !opened.try_get_value().unwrap_or(true);
        let message = format!(
            r#"{{"kefuPreview":1,"open":{open},"locale":{},"config":{config}}}"#,
            serde_json::Value::String(locale)
        );
        if let Ok(v) = js_sys::JSON::parse(&message) {
            let origin = window().location().origin().unwrap_or_default();
            if win.post_message(&v, &origin).is_ok() {
                opened.try_set_value(true);
            }
        }
    };

    // The frame says when its script is listening; then it gets the latest config.
    let ready = window_event_listener(leptos::ev::message, move |ev| {
        let own = window().location().origin().ok() == Some(ev.origin());
        let is_ready = js_sys::Reflect::get(&ev.data(), &"kefuPreviewReady".into())
            .is_ok_and(|v| v.is_truthy());
        if own && is_ready {
            opened.try_set_value(false);
            send();
        }
    });
    on_cleanup(move || ready.remove());

    Effect::new(move |_| {
        let Some(doc) = ed.doc.get() else {
            return;
        };
        let locale = preview_locale.get();
        let n = generation.try_get_value().unwrap_or(0) + 1;
        generation.try_set_value(n);
        let id = site.get_untracked();
        set_timeout(
            move || {
                if generation.try_get_value() != Some(n) {
                    return; // typing went on (or the screen was left)
                }
                spawn_local(async move {
                    let result = api::preview_settings(&id, &locale, &doc).await;
                    let shown = locale;
                    if generation.try_get_value() != Some(n) {
                        return;
                    }
                    match result {
                        Ok(config) => {
                            ed.error.set(None);
                            latest.try_set_value(Some((config, shown)));
                            send();
                        }
                        Err(e) => {
                            if let Some(field) = &e.field {
                                let loc = ed.locale.try_get_untracked().unwrap_or_default();
                                let message = field_message(&e, &loc);
                                ed.error.set(Some((pointer_of(field), message)));
                            }
                        }
                    }
                });
            },
            Duration::from_millis(250),
        );
    });

    let src = move || format!("/console/preview?site={}", site.get());
    view! {
        <aside class="preview" aria-labelledby="preview-title">
            <div class="preview-head">
                <h2 id="preview-title">{tr("preview-title")}</h2>
                <label for="preview-locale" class="sr-only">{tr("preview-locale")}</label>
                <select id="preview-locale" prop:value=move || preview_locale.get() on:change=move |ev| chosen.set(event_target_value(&ev))>
                    {move || locales.get().into_iter().map(|l| {
                        let selected = l == preview_locale.get_untracked();
                        view! { <option value=l.clone() selected=selected>{l.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <p class="help">{tr("preview-help")}</p>
            <iframe node_ref=frame class="preview-frame" title=tr("preview-frame") src=src></iframe>
        </aside>
    }
}

fn window() -> web_sys::Window {
    web_sys::window().expect("a window").unchecked_into()
}
