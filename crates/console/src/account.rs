//! The account page: new-device alerts, two-step verification, the password, and the
//! signed-in devices (where and when), signing one or all others out.

use crate::api;
use crate::i18n::{t, t_args};
use crate::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Account() -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    let sessions = RwSignal::new(Vec::<api::SessionView>::new());
    let reload = move || {
        spawn_local(async move {
            if let Ok(list) = api::sessions().await {
                sessions.set(list);
            }
        })
    };
    reload();
    let when = crate::security::local_time;
    view! {
        <h1>{tr("account-title")}</h1>
        <crate::security::Alerts/>
        <crate::two_step::TwoStep/>
        <crate::security::PasswordChange on_done=Callback::new(move |_| reload())/>
        <h2>{tr("account-sessions")}</h2>
        <ul class="sessions">
            {move || sessions.get().into_iter().map(|x| {
                let id = x.id.clone();
                let loc = s.locale.get();
                view! {
                    <li class="session" data-current=x.current.to_string()>
                        <strong>{x.device.clone()}</strong>
                        {x.current.then(|| view! { <span class="badge">{t(&loc, "account-this-device")}</span> })}
                        <span>{t_args(&loc, "account-ip", &[("ip", x.ip.clone())])}</span>
                        <span>{t_args(&loc, "account-last-seen", &[("when", when(x.last_seen_at))])}</span>
                        {(!x.current).then(|| view! {
                            <button type="button" class="revoke" on:click=move |_| {
                                let id = id.clone();
                                spawn_local(async move {
                                    let _ = api::revoke(&id).await;
                                    reload();
                                });
                            }>{t(&loc, "account-revoke")}</button>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
        <button type="button" class="revoke-others" on:click=move |_| {
            spawn_local(async move {
                let _ = api::revoke_others().await;
                reload();
            });
        }>{tr("account-revoke-others")}</button>
    }
}
