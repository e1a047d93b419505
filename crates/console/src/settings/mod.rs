//! Site settings for admins: the whole site document (name, greeting, languages, origins,
//! modules, look, opening hours, holidays, channels), edited in place and saved back whole,
//! with a live preview of the widget and each server validation message shown next to its
//! field. Fields this screen does not know are kept as they are.

mod channels;
mod doc;
mod fields;
mod preview;

use crate::api;
use crate::i18n::{t, t_args};
use crate::Session;
pub use doc::{list_text, locales_of, parse_list, pointer_of, Editor};
use fields::{checkbox, field_error, field_error_exact, localized, weekly};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

/// What a save's answer means for the form: `(saved, message)`. A field error is put where
/// its input shows it; `saved_key` names the success message.
pub fn save_outcome(
    ed: Editor,
    result: Result<(), api::ApiError>,
    loc: &str,
    saved_key: &str,
) -> (bool, String) {
    match result {
        Ok(()) => {
            ed.error.set(None);
            (true, t(loc, saved_key))
        }
        Err(e) if e.code == "forbidden_role" => (false, t(loc, "settings-forbidden")),
        Err(e) if e.field.is_some() => {
            ed.error.set(Some((
                doc::pointer_of(e.field.as_deref().unwrap_or("")),
                doc::field_message(&e, loc),
            )));
            (false, t(loc, "settings-invalid-field"))
        }
        Err(e) if e.status == 422 || e.status == 400 => (
            false,
            t_args(loc, "settings-invalid", &[("reason", e.message)]),
        ),
        Err(_) => (false, t(loc, "generic-error")),
    }
}

#[component]
pub fn Settings() -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    let sites: Vec<String> =
        s.me.get_untracked()
            .map(|m| {
                m.sites
                    .into_iter()
                    .filter(|x| x.role == "admin")
                    .map(|x| x.site)
                    .collect()
            })
            .unwrap_or_default();
    let site = RwSignal::new(sites.first().cloned().unwrap_or_default());
    let ed = Editor::new(s.locale);
    let status = RwSignal::new(None::<(bool, String)>);
    let saving = RwSignal::new(false);

    Effect::new(move |_| {
        let id = site.get();
        // Hide the form until this site's document is here: no edit may land on another's.
        ed.doc.set(None);
        ed.error.set(None);
        status.set(None);
        spawn_local(async move {
            let doc = api::settings(&id).await.ok();
            // An answer for a site no longer chosen must not replace what is being edited
            // (nor touch anything once the screen is gone: the agent may leave it at once).
            if site.try_get_untracked().as_ref() == Some(&id) {
                ed.doc.set(doc);
            }
        });
    });

    // A save's outcome describes the document as it was: an edit makes it stale.
    Effect::new(move |_| {
        ed.doc.track();
        status.set(None);
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(body) = ed.doc.get_untracked() else {
            return;
        };
        let id = site.get_untracked();
        saving.set(true);
        spawn_local(async move {
            let loc = s.locale.get_untracked();
            let result = api::save_settings(&id, &body).await;
            saving.set(false);
            status.set(Some(save_outcome(
                ed,
                result.map(|_| ()),
                &loc,
                "settings-saved",
            )));
        });
    };

    view! {
        <h1>{tr("settings-title")}</h1>
        <div class="site-picker">
            <label for="site">{tr("settings-site")}</label>
            <select id="site" on:change=move |ev| site.set(event_target_value(&ev))>
                {sites.iter().map(|id| view! { <option value=id.clone()>{id.clone()}</option> }).collect_view()}
            </select>
        </div>
        {move || match ed.doc.with(Option::is_some) {
            false => view! { <p role="status">{tr("settings-loading")}</p> }.into_any(),
            true => view! {
                <div class="settings-layout">
                    <form class="settings" data-site=move || site.get() on:submit=save novalidate>
                        <General ed=ed/>
                        <Look ed=ed/>
                        <Hours ed=ed/>
                        <channels::Channels ed=ed/>
                        <div class="save-bar">
                            <button type="submit" class="primary" disabled=move || saving.get()>{tr("settings-save")}</button>
                            <p class="status" role="status" class:ok=move || status.get().is_some_and(|(ok, _)| ok)>
                                {move || status.get().map(|(_, m)| m)}
                            </p>
                        </div>
                    </form>
                    <preview::Preview ed=ed site=site.into()/>
                </div>
                <crate::invite::InviteForm site=Signal::from(site)/>
            }.into_any(),
        }}
    }
}

/// Name, greeting, languages, time zone, origins, two-step rule and modules.
#[component]
fn General(ed: Editor) -> impl IntoView {
    let loc = ed.locale;
    let tr = move |k: &'static str| move || t(&loc.get(), k);
    let locales = ed.locales();
    let zones = time_zones();
    view! {
        <fieldset class="card">
            <legend>{tr("settings-general")}</legend>
            {localized(ed, "name", "settings-name", "/name", 100)}
            {localized(ed, "greeting", "settings-greeting", "/greeting", 500)}
            <label for="locales">{tr("settings-locales")}</label>
            <input id="locales" aria-describedby="locales-help err-locales"
                prop:value=move || doc::list_text(&ed.get("/locales"), ", ")
                on:change=move |ev| ed.set("/locales", doc::parse_list(&event_target_value(&ev)))/>
            <p class="help" id="locales-help">{tr("settings-locales-help")}</p>
            {field_error(ed, "locales", "/locales")}
            <label for="default-locale">{tr("settings-default-locale")}</label>
            <select id="default-locale" aria-describedby="err-default_locale"
                prop:value=move || ed.text("/default_locale")
                on:change=move |ev| ed.set("/default_locale", Value::String(event_target_value(&ev)))>
                {move || locales.get().into_iter().map(|l| view! { <option value=l.clone()>{l.clone()}</option> }).collect_view()}
            </select>
            {field_error(ed, "default_locale", "/default_locale")}
            <label for="time-zone">{tr("settings-time-zone")}</label>
            <input id="time-zone" list="time-zones" aria-describedby="err-time_zone"
                prop:value=move || ed.text("/time_zone")
                on:change=move |ev| ed.set("/time_zone", Value::String(event_target_value(&ev).trim().to_owned()))/>
            <datalist id="time-zones">
                {zones.into_iter().map(|z| view! { <option value=z/> }).collect_view()}
            </datalist>
            {field_error(ed, "time_zone", "/time_zone")}
            <label for="origins">{tr("settings-origins")}</label>
            <textarea id="origins" rows="3" aria-describedby="origins-help err-allowed_origins"
                prop:value=move || doc::list_text(&ed.get("/allowed_origins"), "\n")
                on:change=move |ev| ed.set("/allowed_origins", doc::parse_list(&event_target_value(&ev)))></textarea>
            <p class="help" id="origins-help">{tr("settings-origins-help")}</p>
            {field_error(ed, "allowed_origins", "/allowed_origins")}
            {checkbox(ed, "require-two-step", "settings-require-two-step", "/require_two_step")}
        </fieldset>
        <fieldset class="card">
            <legend>{tr("settings-modules")}</legend>
            <p class="help">{tr("settings-modules-help")}</p>
            <div class="checks">
                {checkbox(ed, "module-contact", "module-contact", "/modules/contact")}
                {checkbox(ed, "module-faq", "module-faq", "/modules/faq")}
                {checkbox(ed, "module-feedback", "module-feedback", "/modules/feedback")}
                {checkbox(ed, "module-chat", "module-chat", "/modules/chat")}
                {checkbox(ed, "module-surveys", "module-surveys", "/modules/surveys")}
            </div>
        </fieldset>
    }
}

/// Brand colour (with a contrast warning), position, stacking order, launcher text.
#[component]
fn Look(ed: Editor) -> impl IntoView {
    let loc = ed.locale;
    let tr = move |k: &'static str| move || t(&loc.get(), k);
    let warning = move || {
        let c = ed.text("/theme/brand_color");
        let on_text = kefu_api::contrast_ratio(&c, kefu_api::text_color_on(&c))?;
        let on_page = kefu_api::contrast_ratio(&c, "#ffffff")?;
        let ratio = |r: f64| format!("{r:.1}");
        if on_text < 4.5 {
            Some(t_args(
                &loc.get(),
                "settings-contrast-text",
                &[("ratio", ratio(on_text))],
            ))
        } else if on_page < 3.0 {
            Some(t_args(
                &loc.get(),
                "settings-contrast-page",
                &[("ratio", ratio(on_page))],
            ))
        } else {
            None
        }
    };
    view! {
        <fieldset class="card">
            <legend>{tr("settings-look")}</legend>
            <label for="brand">{tr("settings-brand")}</label>
            <div class="inline">
                <input id="brand" type="color" aria-describedby="brand-warning err-theme-brand_color"
                    prop:value=move || ed.text("/theme/brand_color")
                    on:input=move |ev| ed.set("/theme/brand_color", Value::String(event_target_value(&ev)))/>
                <code>{move || ed.text("/theme/brand_color")}</code>
            </div>
            <p class="warning" id="brand-warning" role="status">{warning}</p>
            {field_error(ed, "theme-brand_color", "/theme/brand_color")}
            <label for="position">{tr("settings-position")}</label>
            <select id="position" prop:value=move || ed.text("/theme/position")
                on:change=move |ev| ed.set("/theme/position", Value::String(event_target_value(&ev)))>
                <option value="right">{tr("settings-position-right")}</option>
                <option value="left">{tr("settings-position-left")}</option>
            </select>
            <label for="z-index">{tr("settings-z-index")}</label>
            <input id="z-index" type="number" min="0" max="2147483647" aria-describedby="z-help err-theme-z_index"
                prop:value=move || ed.text("/theme/z_index")
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    let v = text.trim().parse::<i64>().map(Value::from).unwrap_or(Value::String(text));
                    ed.set("/theme/z_index", v);
                }/>
            <p class="help" id="z-help">{tr("settings-z-index-help")}</p>
            {field_error(ed, "theme-z_index", "/theme/z_index")}
            {localized(ed, "launcher-label", "settings-launcher-label", "/theme/launcher_label", 24)}
            <p class="help">{tr("settings-launcher-label-help")}</p>
        </fieldset>
    }
}

/// The site's weekly hours and its holidays.
#[component]
fn Hours(ed: Editor) -> impl IntoView {
    let loc = ed.locale;
    let tr = move |k: &'static str| move || t(&loc.get(), k);
    let holidays = ed.len_of("/schedule/holidays");
    let add = move |_| {
        let default = ed.text("/default_locale");
        if ed.get("/schedule/holidays").is_null() {
            ed.set("/schedule/holidays", Value::Array(vec![]));
        }
        let today = String::from(js_sys::Date::new_0().to_iso_string())
            .chars()
            .take(10)
            .collect::<String>();
        ed.edit_list("/schedule/holidays", |list| {
            list.push(serde_json::json!({ "date": today, "name": { default: "" } }));
        });
    };
    view! {
        <fieldset class="card">
            <legend>{tr("settings-hours")}</legend>
            <p class="help">{tr("settings-hours-help")}</p>
            {weekly(ed, "site-hours", "/schedule/weekly")}
            <h3>{tr("settings-holidays")}</h3>
            <ul class="holidays">
                {move || (0..holidays.get()).map(|i| {
                    let at = format!("/schedule/holidays/{i}");
                    let date_at = format!("{at}/date");
                    let date_set = date_at.clone();
                    let err = at.clone();
                    let remove = at.clone();
                    let name_at = move || format!("{at}/name/{}", ed.text("/default_locale"));
                    let name_read = name_at.clone();
                    view! {
                        <li class="holiday">
                            <label class="sr-only" for=format!("holiday-{i}-date")>{tr("settings-holiday-date")}</label>
                            <input type="date" id=format!("holiday-{i}-date") prop:value=move || ed.text(&date_at)
                                on:change=move |ev| ed.set(&date_set, Value::String(event_target_value(&ev)))/>
                            <label class="sr-only" for=format!("holiday-{i}-name")>{tr("settings-holiday-name")}</label>
                            <input id=format!("holiday-{i}-name") placeholder=tr("settings-holiday-name")
                                prop:value=move || ed.text(&name_read())
                                on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    if v.trim().is_empty() { ed.remove(&name_at()) } else { ed.set(&name_at(), Value::String(v)) }
                                }/>
                            <button type="button" class="small" on:click=move |_| ed.remove(&remove)>{tr("settings-remove")}</button>
                            <p class="field-error">{move || ed.error_at(&err)}</p>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <button type="button" class="secondary" on:click=add>{tr("settings-holiday-add")}</button>
            {field_error_exact(ed, "schedule-holidays", "/schedule/holidays")}
        </fieldset>
    }
}

/// IANA zones the browser knows, for the time-zone input's suggestions.
fn time_zones() -> Vec<String> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok();
    let f = intl
        .as_ref()
        .and_then(|i| js_sys::Reflect::get(i, &"supportedValuesOf".into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match (intl, f) {
        (Some(intl), Some(f)) => f
            .call1(&intl, &"timeZone".into())
            .ok()
            .map(|v| {
                js_sys::Array::from(&v)
                    .iter()
                    .filter_map(|z| z.as_string())
                    .collect()
            })
            .unwrap_or_default(),
        _ => vec![],
    }
}

use wasm_bindgen::JsCast as _;
