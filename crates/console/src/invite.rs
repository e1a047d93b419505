//! Invitations: an admin creates a one-time link for a new agent or admin; the person who
//! opens `/console/#invite=…` chooses a password and is signed in.

use crate::api;
use crate::i18n::{t, t_args};
use crate::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The token of an `#invite=…` link, if the console was opened with one.
pub fn token_from_location() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let token = hash.strip_prefix("#invite=")?;
    (token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())).then(|| token.to_owned())
}

fn clear_location_hash() {
    if let Some(w) = web_sys::window() {
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/console/"));
        }
    }
}

/// Accepting an invitation: choose a password, get signed in.
#[component]
pub fn AcceptInvite(token: String) -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let token = StoredValue::new(token);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            let loc = s.locale.get_untracked();
            match api::accept_invite(&token.get_value(), &password.get_untracked()).await {
                Ok(r) => {
                    clear_location_hash();
                    s.me.set(r.account);
                }
                Err(e) if e.code == "weak_password" => {
                    let reason = e.message.trim_start_matches("password: ").to_owned();
                    error.set(Some(t_args(&loc, "invite-weak", &[("reason", reason)])));
                }
                Err(e) if e.status == 404 || e.status == 409 => {
                    error.set(Some(t(&loc, "invite-gone")))
                }
                Err(_) => error.set(Some(t(&loc, "generic-error"))),
            }
        });
    };
    view! {
        <main class="login">
            <form class="card" on:submit=submit>
                <h1>{tr("invite-title-generic")}</h1>
                <p class="help">{tr("invite-help")}</p>
                <label for="new-password">{tr("invite-password")}</label>
                <input id="new-password" type="password" autocomplete="new-password" required
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))/>
                <p class="error" role="alert">{move || error.get()}</p>
                <button type="submit" class="primary">{tr("invite-submit")}</button>
            </form>
        </main>
    }
}

/// Creating an invitation for `site` (shown to admins on the settings screen).
#[component]
pub fn InviteForm(site: Signal<String>) -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    let email = RwSignal::new(String::new());
    let role = RwSignal::new("agent".to_owned());
    let link = RwSignal::new(None::<Result<String, String>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            let loc = s.locale.get_untracked();
            let r = api::invite(
                &site.get_untracked(),
                &email.get_untracked(),
                &role.get_untracked(),
            )
            .await;
            link.set(Some(r.map(|l| l.invite_url).map_err(|e| {
                if e.message.is_empty() {
                    t(&loc, "generic-error")
                } else {
                    e.message
                }
            })));
        });
    };
    view! {
        <form class="card invite" on:submit=submit>
            <h2>{tr("invite-section")}</h2>
            <label for="invite-email">{tr("invite-email")}</label>
            <input id="invite-email" type="email" required prop:value=move || email.get()
                on:input=move |ev| email.set(event_target_value(&ev))/>
            <label for="invite-role">{tr("invite-role")}</label>
            <select id="invite-role" on:change=move |ev| role.set(event_target_value(&ev))>
                <option value="agent">{tr("invite-role-agent")}</option>
                <option value="admin">{tr("invite-role-admin")}</option>
            </select>
            <button type="submit" class="primary">{tr("invite-create")}</button>
            {move || link.get().map(|r| match r {
                Ok(url) => view! {
                    <p class="status ok">{tr("invite-link")}</p>
                    <input class="invite-link" readonly prop:value=url aria-label=tr("invite-link")/>
                }.into_any(),
                Err(m) => view! { <p class="status" role="alert">{m}</p> }.into_any(),
            })}
        </form>
    }
}
