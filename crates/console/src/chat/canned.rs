//! Canned responses: written once per site, inserted into a reply by typing `/` and part of
//! the shortcut (or of the text), `{name}` becoming the visitor's name.

use crate::api;
use crate::i18n::{t, t_args};
use crate::Session;
use kefu_api::{CannedInput, CannedResponse};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The responses whose shortcut starts with, or whose text contains, what follows the `/`.
fn matching(list: &[CannedResponse], draft: &str) -> Vec<CannedResponse> {
    let Some(q) = draft.strip_prefix('/') else {
        return vec![];
    };
    if q.contains(char::is_whitespace) {
        return vec![];
    }
    let q = q.to_lowercase();
    list.iter()
        .filter(|c| c.shortcut.starts_with(&q) || c.body.to_lowercase().contains(&q))
        .take(8)
        .cloned()
        .collect()
}

/// `{name}` → the visitor's name (or nothing, with the space before it).
fn fill(body: &str, visitor: Option<&str>) -> String {
    match visitor {
        Some(name) => body.replace("{name}", name),
        None => body.replace(" {name}", "").replace("{name}", ""),
    }
}

/// Under the reply box while it starts with `/`: the matching responses, each a button that
/// puts its text in the box.
/// `first` holds the first match's text (filled in), so Enter in the reply box takes it
/// rather than sending "/…"; Arrow Down moves into the list.
#[component]
pub fn CannedPicker(
    site: String,
    draft: RwSignal<String>,
    visitor: Signal<Option<String>>,
    first: RwSignal<Option<String>>,
) -> impl IntoView {
    let s = expect_context::<Session>();
    let list = RwSignal::new(Vec::<CannedResponse>::new());
    spawn_local(async move {
        if let Ok(l) = api::canned(&site).await {
            list.set(l);
        }
    });
    let shown = Memo::new(move |_| list.with(|l| draft.with(|d| matching(l, d))));
    Effect::new(move |_| {
        let top = shown.with(|m| {
            m.first()
                .map(|c| fill(&c.body, visitor.get_untracked().as_deref()))
        });
        first.set(top);
    });
    on_cleanup(move || first.set(None));
    view! {
        {move || (!shown.with(Vec::is_empty)).then(|| view! {
            <ul class="canned-picker" aria-label=move || t(&s.locale.get(), "canned-pick")>
                {shown.get().into_iter().map(|c| {
                    let body = c.body.clone();
                    view! {
                        <li>
                            <button type="button" class="canned-option"
                                on:keydown=move |ev: web_sys::KeyboardEvent| step(&ev)
                                on:click=move |_| {
                                draft.set(fill(&body, visitor.get_untracked().as_deref()));
                                if let Some(el) = web_sys::window()
                                    .and_then(|w| w.document())
                                    .and_then(|d| d.get_element_by_id("chat-reply-text"))
                                {
                                    use wasm_bindgen::JsCast as _;
                                    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                                        let _ = el.focus();
                                    }
                                }
                            }>
                                <strong>"/"{c.shortcut.clone()}</strong>
                                <span>{c.body.clone()}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
    }
}

/// Arrow keys move between the options (and Arrow Up from the first back to the reply box).
fn step(ev: &web_sys::KeyboardEvent) {
    use wasm_bindgen::JsCast as _;
    let up = match ev.key().as_str() {
        "ArrowDown" => false,
        "ArrowUp" => true,
        _ => return,
    };
    ev.prevent_default();
    let Some(li) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|b| b.parent_element())
    else {
        return;
    };
    let next = if up {
        li.previous_element_sibling()
    } else {
        li.next_element_sibling()
    };
    let target = match next {
        Some(n) => n.query_selector("button").ok().flatten(),
        None if up => web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("chat-reply-text")),
        None => None,
    };
    if let Some(el) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Focuses the first canned response shown (Arrow Down in the reply box).
pub fn focus_first() -> bool {
    use wasm_bindgen::JsCast as _;
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".canned-option").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|e| e.focus().is_ok())
}

/// The team's canned responses for a site: the list, each editable and deletable, and a form
/// to add one.
#[component]
pub fn CannedManager(sites: Vec<String>) -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    let site = RwSignal::new(sites.first().cloned().unwrap_or_default());
    let list = RwSignal::new(Vec::<CannedResponse>::new());
    let editing = RwSignal::new(None::<i64>);
    let shortcut = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let status = RwSignal::new(None::<String>);
    let reload = move || {
        let site = site.get_untracked();
        spawn_local(async move {
            if let Ok(l) = api::canned(&site).await {
                list.set(l);
            }
        });
    };
    Effect::new(move |_| {
        site.track();
        reload();
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CannedInput {
            shortcut: shortcut.get_untracked(),
            body: body.get_untracked(),
        };
        let (site, id) = (site.get_untracked(), editing.get_untracked());
        spawn_local(async move {
            let loc = s.locale.get_untracked();
            match api::save_canned(&site, id, &input).await {
                Ok(saved) => {
                    status.set(Some(t_args(
                        &loc,
                        "canned-saved",
                        &[("shortcut", saved.shortcut)],
                    )));
                    editing.set(None);
                    shortcut.set(String::new());
                    body.set(String::new());
                    reload();
                }
                Err(e) => status.set(Some(match e.code.as_str() {
                    "invalid_shortcut" => t(&loc, "canned-invalid-shortcut"),
                    "shortcut_taken" => t(&loc, "canned-taken"),
                    "empty_message" => t(&loc, "canned-empty"),
                    "text_too_long" => t(&loc, "canned-too-long"),
                    _ => t(&loc, "canned-failed"),
                })),
            }
        });
    };
    view! {
        <details class="canned-manager">
            <summary>{move || t_args(&s.locale.get(), "canned-title", &[("count", list.with(Vec::len).to_string())])}</summary>
            {(sites.len() > 1).then(|| view! {
                <label>{tr("canned-site")}
                    <select on:change=move |ev| site.set(event_target_value(&ev))>
                        {sites.iter().map(|x| view! { <option value=x.clone()>{x.clone()}</option> }).collect_view()}
                    </select>
                </label>
            })}
            <p class="hint">{tr("canned-hint")}</p>
            <ul class="canned-list">
                {move || list.get().into_iter().map(|c| {
                    let c2 = c.clone();
                    let id = c.id;
                    view! {
                        <li>
                            <strong>"/"{c.shortcut.clone()}</strong>
                            <span class="canned-body">{c.body.clone()}</span>
                            <button type="button" class="link" on:click=move |_| {
                                editing.set(Some(c2.id));
                                shortcut.set(c2.shortcut.clone());
                                body.set(c2.body.clone());
                            }>{tr("canned-edit")}</button>
                            <button type="button" class="link danger" on:click=move |_| {
                                let site = site.get_untracked();
                                spawn_local(async move {
                                    let _ = api::delete_canned(&site, id).await;
                                    reload();
                                });
                            }>{tr("canned-delete")}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="canned-form" on:submit=save>
                <label for="canned-shortcut">{tr("canned-shortcut")}</label>
                <input id="canned-shortcut" type="text" maxlength="32" autocomplete="off"
                    prop:value=move || shortcut.get()
                    on:input=move |ev| shortcut.set(event_target_value(&ev))/>
                <label for="canned-text">{tr("canned-text")}</label>
                <textarea id="canned-text" rows="3" maxlength="4000"
                    prop:value=move || body.get()
                    on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                <button type="submit">{move || t(&s.locale.get(), if editing.get().is_some() { "canned-update" } else { "canned-add" })}</button>
                {move || editing.get().is_some().then(|| view! {
                    <button type="button" class="secondary" on:click=move |_| {
                        editing.set(None);
                        shortcut.set(String::new());
                        body.set(String::new());
                    }>{tr("canned-cancel")}</button>
                })}
                <p role="status">{move || status.get()}</p>
            </form>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(shortcut: &str, body: &str) -> CannedResponse {
        CannedResponse {
            id: 1,
            shortcut: shortcut.into(),
            body: body.into(),
            updated_at: 0,
        }
    }

    #[test]
    fn a_slash_finds_shortcuts_and_words() {
        let list = [
            c("refund", "Refunds take 5 days."),
            c("hi", "Hello {name}!"),
        ];
        assert_eq!(matching(&list, "/re").len(), 1);
        assert_eq!(matching(&list, "/days")[0].shortcut, "refund");
        assert!(matching(&list, "re").is_empty());
        assert!(matching(&list, "/re fund").is_empty());
        assert_eq!(fill("Hello {name}!", Some("Ada")), "Hello Ada!");
        assert_eq!(fill("Hello {name}!", None), "Hello!");
    }
}
