//! Turning two-step verification on from the account page: a QR code (drawn by the server,
//! shown as an image, never as markup), a first code to confirm, then the recovery codes once.

use crate::api;
use crate::i18n::{t, t_args};
use crate::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The server's SVG as an `<img>` source.
fn svg_data_url(svg: &str) -> String {
    let b64 = web_sys::window()
        .and_then(|w| w.btoa(svg).ok())
        .unwrap_or_default();
    format!("data:image/svg+xml;base64,{b64}")
}

#[component]
pub fn TwoStep() -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    let enabled = move || {
        s.me.with(|m| m.as_ref().is_some_and(|m| m.two_step_enabled))
    };
    let enrolment = RwSignal::new(None::<api::Enrolment>);
    let code = RwSignal::new(String::new());
    let codes = RwSignal::new(None::<Vec<String>>);
    let error = RwSignal::new(None::<String>);
    let start = move |_| {
        spawn_local(async move {
            match api::two_step_setup().await {
                Ok(e) => enrolment.set(Some(e)),
                Err(_) => error.set(Some(t(&s.locale.get_untracked(), "generic-error"))),
            }
        });
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            let loc = s.locale.get_untracked();
            match api::two_step_confirm(&code.get_untracked()).await {
                Ok(r) => {
                    error.set(None);
                    enrolment.set(None);
                    codes.set(Some(r.recovery_codes));
                    s.me.update(|m| {
                        if let Some(m) = m {
                            m.two_step_enabled = true
                        }
                    });
                }
                Err(e) if e.code == "invalid_code" => {
                    error.set(Some(t(&loc, "account-two-step-wrong")))
                }
                Err(_) => error.set(Some(t(&loc, "generic-error"))),
            }
        });
    };
    view! {
        <section class="card two-step">
            <h2>{tr("account-two-step")}</h2>
            {move || match (codes.get(), enrolment.get(), enabled()) {
                (Some(list), _, _) => view! {
                    <p class="status ok" role="status">{tr("account-two-step-done")}</p>
                    <ul class="recovery-codes">
                        {list.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                    </ul>
                }.into_any(),
                (None, Some(e), _) => {
                    let secret = e.secret.clone();
                    view! {
                        <p>{move || t_args(&s.locale.get(), "account-two-step-scan", &[("secret", secret.clone())])}</p>
                        <img class="qr" src=svg_data_url(&e.qr_svg) width="200" height="200" alt=tr("account-two-step-qr")/>
                        <form on:submit=confirm>
                            <label for="totp-code">{tr("account-two-step-code")}</label>
                            <input id="totp-code" inputmode="numeric" autocomplete="one-time-code" required
                                prop:value=move || code.get()
                                on:input=move |ev| code.set(event_target_value(&ev))/>
                            <button type="submit" class="primary">{tr("account-two-step-confirm")}</button>
                        </form>
                    }.into_any()
                }
                (None, None, true) => view! { <p>{tr("account-two-step-on")}</p> }.into_any(),
                (None, None, false) => view! {
                    <p>{tr("account-two-step-off")}</p>
                    <button type="button" class="primary" on:click=start>{tr("account-two-step-start")}</button>
                }.into_any(),
            }}
            <p class="error" role="alert">{move || error.get()}</p>
        </section>
    }
}
