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
    // Read once: saving the name updates the account, and must not redraw this page.
    let chat =
        s.me.with_untracked(|m| m.as_ref().is_some_and(|m| m.sites.iter().any(|x| x.chat)));
    view! {
        <h1>{tr("account-title")}</h1>
        <crate::security::Alerts/>
        {chat.then(|| view! { <ChatName/> })}
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

/// How visitors see the agent in chat: a display name, never the e-mail address.
#[component]
fn ChatName() -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    let name = RwSignal::new(
        s.me.get_untracked()
            .and_then(|m| m.display_name)
            .unwrap_or_default(),
    );
    let status = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            let loc = s.locale.get_untracked();
            match api::set_display_name(&name.get_untracked()).await {
                Ok(me) => {
                    s.me.set(Some(me));
                    status.set(Some(t(&loc, "account-chat-name-saved")));
                }
                Err(e) if e.code == "text_too_long" => {
                    status.set(Some(t(&loc, "account-chat-name-too-long")))
                }
                Err(_) => status.set(Some(t(&loc, "account-chat-name-failed"))),
            }
        });
    };
    view! {
        <section class="chat-name">
            <h2>{tr("account-chat-name")}</h2>
            <form on:submit=save>
                <label for="chat-display-name">{tr("account-chat-name-label")}</label>
                <input id="chat-display-name" type="text" maxlength="60" autocomplete="nickname"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))/>
                <p class="hint">{tr("account-chat-name-hint")}</p>
                <button type="submit">{tr("account-chat-name-save")}</button>
                <p role="status">{move || status.get()}</p>
            </form>
            <ChatAvatar/>
        </section>
    }
}

/// The agent's picture beside their chat messages (PNG, JPEG, GIF or WebP, at most 256 KB);
/// without one, visitors see the name's first letter.
#[component]
fn ChatAvatar() -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    let status = RwSignal::new(None::<String>);
    let avatar = move || s.me.with(|m| m.as_ref().and_then(|m| m.avatar.clone()));
    let done = move |r: Result<api::Me, api::ApiError>| {
        let loc = s.locale.get_untracked();
        match r {
            Ok(me) => {
                s.me.set(Some(me));
                status.set(Some(t(&loc, "account-avatar-saved")));
            }
            Err(e) if e.status == 413 => status.set(Some(t(&loc, "account-avatar-too-large"))),
            Err(e) if e.code == "unsupported_image" => {
                status.set(Some(t(&loc, "account-avatar-unsupported")))
            }
            Err(_) => status.set(Some(t(&loc, "account-avatar-failed"))),
        }
    };
    let pick = move |ev: leptos::ev::Event| {
        let Some(file) = api::picked_file(&ev) else {
            return;
        };
        if file.size() > kefu_api::MAX_AVATAR_BYTES as f64 {
            status.set(Some(t(
                &s.locale.get_untracked(),
                "account-avatar-too-large",
            )));
            return;
        }
        spawn_local(async move { done(api::set_avatar(&file).await) });
    };
    view! {
        <div class="chat-avatar-edit">
            <h3>{tr("account-avatar")}</h3>
            {move || avatar().map(|src| view! { <img class="avatar" src=src alt="" width="48" height="48"/> })}
            <label class="button secondary" for="chat-avatar-file">{tr("account-avatar-choose")}</label>
            <input id="chat-avatar-file" class="sr-only" type="file"
                accept="image/png,image/jpeg,image/gif,image/webp" on:change=pick/>
            {move || avatar().is_some().then(|| view! {
                <button type="button" class="secondary"
                    on:click=move |_| spawn_local(async move { done(api::remove_avatar().await) })>
                    {tr("account-avatar-remove")}
                </button>
            })}
            <p class="hint">{tr("account-avatar-hint")}</p>
            <p role="status">{move || status.get()}</p>
        </div>
    }
}
