//! Sign-in: e-mail and password, then — when two-step verification is on — a code.

use crate::api;
use crate::i18n::{t, t_args};
use crate::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;

fn message_for(locale: &str, e: &api::ApiError, wrong_key: &'static str) -> String {
    match e.code.as_str() {
        "invalid_credentials" | "invalid_code" => t(locale, wrong_key),
        "rate_limited" => t_args(
            locale,
            "login-throttled",
            &[("seconds", e.retry_after.clone().unwrap_or_default())],
        ),
        _ => t(locale, "login-error"),
    }
}

#[component]
pub fn Login() -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let need_code = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let loc = s.locale.get_untracked();
            let result = if need_code.get_untracked() {
                api::second_step(&code.get_untracked()).await
            } else {
                api::login(&email.get_untracked(), &password.get_untracked()).await
            };
            match result {
                Ok(r) if r.two_step_required => need_code.set(true),
                Ok(r) => s.me.set(r.account),
                Err(e) => {
                    let key = if need_code.get_untracked() {
                        "code-wrong"
                    } else {
                        "login-failed"
                    };
                    error.set(Some(message_for(&loc, &e, key)));
                }
            }
            busy.set(false);
        });
    };

    view! {
        <main class="login">
            <form class="card" on:submit=submit>
                <h1>{move || if need_code.get() { t(&s.locale.get(), "code-title") } else { t(&s.locale.get(), "login-title") }}</h1>
                {move || if need_code.get() {
                    view! {
                        <p class="help">{tr("code-help")}</p>
                        <label for="code">{tr("code-label")}</label>
                        <input id="code" name="code" autocomplete="one-time-code" inputmode="text" required
                            prop:value=move || code.get()
                            on:input=move |ev| code.set(event_target_value(&ev))/>
                    }.into_any()
                } else {
                    view! {
                        <label for="email">{tr("login-email")}</label>
                        <input id="email" name="email" type="email" autocomplete="username" required
                            prop:value=move || email.get()
                            on:input=move |ev| email.set(event_target_value(&ev))/>
                        <label for="password">{tr("login-password")}</label>
                        <input id="password" name="password" type="password" autocomplete="current-password" required
                            prop:value=move || password.get()
                            on:input=move |ev| password.set(event_target_value(&ev))/>
                    }.into_any()
                }}
                <p class="error" role="alert">{move || error.get()}</p>
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || if need_code.get() { t(&s.locale.get(), "code-submit") } else { t(&s.locale.get(), "login-submit") }}
                </button>
            </form>
        </main>
    }
}
