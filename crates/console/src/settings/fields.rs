//! Inputs of the settings form bound to the document: text per locale, check boxes, weekly
//! hours, and the error line under a field.

use super::doc::{intervals_text, parse_intervals, Editor};
use crate::i18n::{t, t_args};
use leptos::prelude::*;
use serde_json::Value;

/// The server's message for `pointer` (or anything under it), under the field.
pub fn field_error(ed: Editor, id: &str, pointer: &'static str) -> impl IntoView {
    view! { <p class="field-error" id=format!("err-{id}")>{move || ed.error_at(pointer)}</p> }
}

/// Like [`field_error`], for `pointer` itself only (its items show their own).
pub fn field_error_exact(ed: Editor, id: &str, pointer: &'static str) -> impl IntoView {
    view! {
        <p class="field-error" id=format!("err-{id}")>
            {move || ed.error.with(|e| e.as_ref().filter(|(at, _)| at == pointer).map(|(_, m)| m.clone()))}
        </p>
    }
}

/// One text input per site locale (default first) for a localized text at `pointer`;
/// clearing a translation removes it, so visitors get the default locale's text instead.
pub fn localized(
    ed: Editor,
    id: impl Into<String>,
    label: &'static str,
    pointer: impl Into<String>,
    max: usize,
) -> impl IntoView {
    let pointer: String = pointer.into();
    let id: String = id.into();
    let locales = ed.locales();
    let err_at = pointer.clone();
    let err_id = format!("err-{id}");
    let label_id = format!("{id}-label");
    let labelled_by = label_id.clone();
    view! {
        <div class="localized" role="group" aria-labelledby=labelled_by>
            <span class="group-label" id=label_id>{move || t(&ed.locale.get(), label)}</span>
            {move || {
                let default = locales.get().first().cloned().unwrap_or_default();
                locales.get().into_iter().map(|tag| {
                    let at = format!("{pointer}/{tag}");
                    let read = at.clone();
                    let input_id = format!("{id}-{tag}");
                    let described = format!("err-{id}");
                    let is_default = tag == default;
                    let tag_label = tag.clone();
                    view! {
                        <div class="locale-row">
                            <label for=input_id.clone() class="locale-tag">
                                {move || if is_default {
                                    t_args(&ed.locale.get(), "settings-locale-default", &[("locale", tag_label.clone())])
                                } else {
                                    tag_label.clone()
                                }}
                            </label>
                            <input id=input_id lang=tag.clone() maxlength=max.to_string()
                                aria-invalid=move || ed.error_at(&read).map(|_| "true")
                                aria-describedby=described
                                prop:value={let r = at.clone(); move || ed.text(&r)}
                                on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    if v.is_empty() { ed.remove(&at) } else { ed.set(&at, Value::String(v)) }
                                }/>
                        </div>
                    }
                }).collect_view()
            }}
            <p class="field-error" id=err_id>{move || ed.error_at(&err_at)}</p>
        </div>
    }
}

pub fn checkbox(
    ed: Editor,
    id: &'static str,
    label: &'static str,
    pointer: &'static str,
) -> impl IntoView {
    view! {
        <div class="check">
            <input type="checkbox" id=id
                prop:checked=move || ed.get(pointer).as_bool().unwrap_or(false)
                on:change=move |ev| ed.set(pointer, Value::Bool(event_target_checked(&ev)))/>
            <label for=id>{move || t(&ed.locale.get(), label)}</label>
        </div>
    }
}

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Seven rows, Monday first: each day's intervals as `09:00-12:00, 13:00-18:00`; empty is
/// closed. Written to the document when the field is left, so typing a list is not cut short.
pub fn weekly(ed: Editor, id: impl Into<String>, pointer: impl Into<String>) -> impl IntoView {
    let pointer: String = pointer.into();
    let id: String = id.into();
    let err_id = format!("err-{id}");
    let err_at = pointer.clone();
    view! {
        <div class="weekly" role="group" aria-labelledby=format!("{id}-label")>
            <span class="group-label" id=format!("{id}-label")>{move || t(&ed.locale.get(), "settings-weekly")}</span>
            {DAYS.iter().map(|day| {
                let described = format!("err-{id}");
                let at = format!("{pointer}/{day}");
                let read = at.clone();
                let input_id = format!("{id}-{day}");
                view! {
                    <div class="day-row">
                        <label for=input_id.clone()>{move || t(&ed.locale.get(), &format!("day-{day}"))}</label>
                        <input id=input_id placeholder=move || t(&ed.locale.get(), "settings-closed")
                            aria-describedby=described
                            prop:value=move || intervals_text(&ed.get(&read))
                            on:change=move |ev| {
                                let list = parse_intervals(&event_target_value(&ev));
                                if list.is_empty() { ed.remove(&at) } else { ed.set(&at, Value::Array(list)) }
                            }/>
                    </div>
                }
            }).collect_view()}
            <p class="help">{move || t(&ed.locale.get(), "settings-weekly-help")}</p>
            <p class="field-error" id=err_id>{move || ed.error_at(&err_at)}</p>
        </div>
    }
}
