//! The channels editor: add, edit, reorder and delete; labels per locale; the value and link;
//! the QR code's text; the promised response time; hours (the site's, always, or their own).

use super::doc::{split_duration, Editor};
use super::fields::{localized, weekly};
use crate::i18n::t;
use leptos::prelude::*;
use serde_json::{json, Value};

const KINDS: [&str; 9] = [
    "phone", "email", "chat", "wechat", "whatsapp", "telegram", "line", "kakao", "link",
];
const UNITS: [(u64, &str); 4] = [
    (1, "unit-seconds"),
    (60, "unit-minutes"),
    (3_600, "unit-hours"),
    (86_400, "unit-days"),
];

#[component]
pub fn Channels(ed: Editor) -> impl IntoView {
    let loc = ed.locale;
    let tr = move |k: &'static str| move || t(&loc.get(), k);
    let count = ed.len_of("/channels");
    let new_kind = RwSignal::new("phone".to_owned());
    let add = move |_| {
        let kind = new_kind.get_untracked();
        let default = ed.text("/default_locale");
        if ed.get("/channels").is_null() {
            ed.set("/channels", Value::Array(vec![]));
        }
        let label = t(&loc.get_untracked(), &format!("kind-{kind}"));
        ed.edit_list("/channels", |list| {
            let taken = |id: &str| list.iter().any(|c| c["id"] == id);
            let mut id = kind.clone();
            let mut n = 2;
            while taken(&id) {
                id = format!("{kind}-{n}");
                n += 1;
            }
            list.push(json!({ "id": id, "kind": kind, "label": { default: label }, "value": "" }));
        });
        // Focus the new channel's first field.
        let n = count.get_untracked();
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&format!("ch{n}-value")) {
                if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                    let _ = el.focus();
                }
            }
        });
    };
    view! {
        <fieldset class="card channels-editor">
            <legend>{tr("settings-channels")}</legend>
            <p class="help">{tr("settings-channels-help")}</p>
            <ol class="channel-list">
                {move || (0..count.get()).map(|i| view! { <ChannelCard ed=ed i=i count=count/> }).collect_view()}
            </ol>
            <div class="inline add-channel">
                <label for="new-kind">{tr("settings-channel-kind")}</label>
                <select id="new-kind" on:change=move |ev| new_kind.set(event_target_value(&ev))>
                    {KINDS.iter().map(|k| view! { <option value=*k>{move || t(&loc.get(), &format!("kind-{k}"))}</option> }).collect_view()}
                </select>
                <button type="button" class="secondary" on:click=add>{tr("settings-channel-add")}</button>
            </div>
            <p class="field-error">
                {move || ed.error.with(|e| e.as_ref().filter(|(at, _)| at == "/channels").map(|(_, m)| m.clone()))}
            </p>
        </fieldset>
    }
}

#[component]
fn ChannelCard(ed: Editor, i: usize, count: Memo<usize>) -> impl IntoView {
    let loc = ed.locale;
    let tr = move |k: &'static str| move || t(&loc.get(), k);
    let at = move |f: &str| format!("/channels/{i}/{f}");
    let hours_mode = Memo::new(move |_| match ed.get(&at("hours")) {
        Value::String(s) => s,
        Value::Object(_) => "own".to_owned(),
        _ => "site".to_owned(),
    });
    let kind = Memo::new(move |_| ed.text(&at("kind")));
    let is_last = move || i + 1 >= count.get();
    let text_field = move |f: &'static str, label: &'static str, help: Option<&'static str>| {
        let id = format!("ch{i}-{f}");
        let help_id = format!("{id}-help");
        let described = match help {
            Some(_) => format!("{help_id} {id}-err"),
            None => format!("{id}-err"),
        };
        view! {
            <label for=id.clone()>{tr(label)}</label>
            <input id=id.clone() aria-describedby=described
                aria-invalid=move || ed.error_at(&at(f)).map(|_| "true")
                prop:value=move || ed.text(&at(f))
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    // Optional fields are absent rather than empty.
                    if v.is_empty() && f != "value" { ed.remove(&at(f)) } else { ed.set(&at(f), Value::String(v)) }
                }/>
            {help.map(|h| view! { <p class="help" id=help_id>{tr(h)}</p> })}
            <p class="field-error" id=format!("{id}-err")>{move || ed.error_at(&at(f))}</p>
        }
    };
    let move_by = move |delta: isize| {
        ed.edit_list("/channels", |list| {
            let j = i as isize + delta;
            if j >= 0 && (j as usize) < list.len() {
                list.swap(i, j as usize);
            }
        });
        ed.error.set(None);
    };
    let secs = move || ed.get(&at("response_secs")).as_u64();
    let unit = move || secs().map_or(60, |s| split_duration(s).1);
    let set_secs = move |amount: &str, unit: u64| match amount.trim().parse::<u64>() {
        Ok(n) => ed.set(&at("response_secs"), json!(n.saturating_mul(unit))),
        Err(_) if amount.trim().is_empty() => ed.remove(&at("response_secs")),
        Err(_) => ed.set(&at("response_secs"), Value::String(amount.to_owned())),
    };
    view! {
        <li class="channel card" data-channel=move || ed.text(&at("id"))>
            <div class="channel-head">
                <h3 id=format!("ch{i}-title")>
                    {move || t(&loc.get(), &format!("kind-{}", kind.get()))}
                    " · "
                    {move || {
                        let d = ed.text("/default_locale");
                        ed.text(&format!("/channels/{i}/label/{d}"))
                    }}
                </h3>
                <div class="channel-actions">
                    <button type="button" class="small" disabled=move || i == 0
                        aria-describedby=format!("ch{i}-title")
                        on:click=move |_| move_by(-1)>{tr("settings-move-up")}</button>
                    <button type="button" class="small" disabled=is_last
                        aria-describedby=format!("ch{i}-title")
                        on:click=move |_| move_by(1)>{tr("settings-move-down")}</button>
                    <button type="button" class="small danger"
                        aria-describedby=format!("ch{i}-title")
                        on:click=move |_| { ed.remove(&format!("/channels/{i}")); ed.error.set(None); }>{tr("settings-remove")}</button>
                </div>
            </div>
            <div class="channel-grid">
                <div>
                    <label for=format!("ch{i}-kind")>{tr("settings-channel-kind")}</label>
                    <select id=format!("ch{i}-kind") prop:value=move || kind.get()
                        on:change=move |ev| ed.set(&at("kind"), Value::String(event_target_value(&ev)))>
                        {KINDS.iter().map(|k| view! { <option value=*k>{move || t(&loc.get(), &format!("kind-{k}"))}</option> }).collect_view()}
                    </select>
                </div>
                <div>{text_field("id", "settings-channel-id", None)}</div>
            </div>
            {localized(ed, format!("ch{i}-label"), "settings-channel-label", at("label"), 100)}
            {text_field("value", "settings-channel-value", Some("settings-channel-value-help"))}
            {text_field("href", "settings-channel-href", Some("settings-channel-href-help"))}
            {move || (kind.get() == "wechat" || ed.get(&at("qr")).is_string()).then(|| text_field("qr", "settings-channel-qr", Some("settings-channel-qr-help")))}
            <label for=format!("ch{i}-response")>{tr("settings-channel-response")}</label>
            <div class="inline">
                <input id=format!("ch{i}-response") type="number" min="1" class="short"
                    aria-describedby=format!("ch{i}-response-help ch{i}-response-err")
                    prop:value=move || secs().map(|s| split_duration(s).0.to_string()).unwrap_or_default()
                    on:change=move |ev| set_secs(&event_target_value(&ev), unit())/>
                <label class="sr-only" for=format!("ch{i}-unit")>{tr("settings-channel-unit")}</label>
                <select id=format!("ch{i}-unit") prop:value=move || unit().to_string()
                    on:change=move |ev| {
                        let u = event_target_value(&ev).parse().unwrap_or(60);
                        let n = secs().map(|s| split_duration(s).0).unwrap_or(1);
                        set_secs(&n.to_string(), u);
                    }>
                    {UNITS.iter().map(|(u, k)| view! { <option value=u.to_string()>{tr(k)}</option> }).collect_view()}
                </select>
            </div>
            <p class="help" id=format!("ch{i}-response-help")>{tr("settings-channel-response-help")}</p>
            <p class="field-error" id=format!("ch{i}-response-err")>{move || ed.error_at(&at("response_secs"))}</p>
            <label for=format!("ch{i}-hours")>{tr("settings-channel-hours")}</label>
            <select id=format!("ch{i}-hours") prop:value=move || hours_mode.get()
                on:change=move |ev| match event_target_value(&ev).as_str() {
                    "own" => {
                        // Start from the site's hours, the likeliest base for a variation.
                        let base = ed.get("/schedule/weekly");
                        ed.set(&at("hours"), if base.is_object() { base } else { json!({}) });
                    }
                    "always" => ed.set(&at("hours"), json!("always")),
                    _ => ed.remove(&at("hours")),
                }>
                <option value="site">{tr("settings-hours-site")}</option>
                <option value="always">{tr("settings-hours-always")}</option>
                <option value="own">{tr("settings-hours-own")}</option>
            </select>
            {move || (hours_mode.get() == "own").then(|| weekly(ed, format!("ch{i}-hours-week"), at("hours")))}
            <p class="field-error">{move || (hours_mode.get() != "own").then(|| ed.error_at(&at("hours"))).flatten()}</p>
        </li>
    }
}
