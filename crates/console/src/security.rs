//! Account security: changing the password (optionally signing out the other devices), the
//! account's new-device alerts, and for admins the security log of their sites, filterable by
//! event.

use crate::api;
use crate::i18n::{t, t_args};
use crate::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A time in the browser's locale and zone.
pub fn local_time(ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    String::from(d.to_locale_string("default", &js_sys::Object::new()))
}

#[component]
pub fn PasswordChange(on_done: Callback<()>) -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let end_others = RwSignal::new(true);
    let status = RwSignal::new(None::<(bool, String)>);
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            let loc = s.locale.get_untracked();
            error.set(None);
            match api::change_password(
                &current.get_untracked(),
                &new.get_untracked(),
                end_others.get_untracked(),
            )
            .await
            {
                Ok(ended) => {
                    current.set(String::new());
                    new.set(String::new());
                    let msg = if ended > 0 {
                        t_args(
                            &loc,
                            "password-changed-ended",
                            &[("count", ended.to_string())],
                        )
                    } else {
                        t(&loc, "password-changed")
                    };
                    status.set(Some((true, msg)));
                    on_done.run(());
                }
                Err(e) if e.code == "invalid_credentials" => {
                    status.set(Some((false, t(&loc, "password-wrong"))))
                }
                Err(e) if e.code == "weak_password" => {
                    error.set(Some(t_args(&loc, "invite-weak", &[("reason", e.message)])));
                    status.set(None);
                }
                Err(e) if e.code == "rate_limited" || e.status == 429 => status.set(Some((
                    false,
                    t_args(
                        &loc,
                        "login-throttled",
                        &[("seconds", e.retry_after.unwrap_or_default())],
                    ),
                ))),
                Err(_) => status.set(Some((false, t(&loc, "generic-error")))),
            }
        });
    };
    view! {
        <form class="card password" on:submit=submit>
            <h2>{tr("password-title")}</h2>
            <label for="current-password">{tr("password-current")}</label>
            <input id="current-password" type="password" autocomplete="current-password" required
                prop:value=move || current.get() on:input=move |ev| current.set(event_target_value(&ev))/>
            <label for="new-password">{tr("password-new")}</label>
            <input id="new-password" type="password" autocomplete="new-password" required minlength="8"
                aria-describedby="new-password-err" aria-invalid=move || error.get().map(|_| "true")
                prop:value=move || new.get() on:input=move |ev| new.set(event_target_value(&ev))/>
            <p class="field-error" id="new-password-err">{move || error.get()}</p>
            <div class="check">
                <input type="checkbox" id="end-others" prop:checked=move || end_others.get()
                    on:change=move |ev| end_others.set(event_target_checked(&ev))/>
                <label for="end-others">{tr("password-end-others")}</label>
            </div>
            <button type="submit" class="primary">{tr("password-submit")}</button>
            <p class="status" role="status" class:ok=move || status.get().is_some_and(|(ok, _)| ok)>
                {move || status.get().map(|(_, m)| m)}
            </p>
        </form>
    }
}

#[component]
pub fn Alerts() -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    let alerts = RwSignal::new(None::<Vec<api::AuditEntry>>);
    spawn_local(async move {
        alerts.set(api::alerts().await.ok());
    });
    view! {
        <section class="alerts" aria-labelledby="alerts-title">
            <h2 id="alerts-title">{tr("alerts-title")}</h2>
            {move || alerts.get().map(|list| if list.is_empty() {
                view! { <p class="help">{tr("alerts-none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="alert-list">
                        {list.into_iter().map(|a| view! {
                            <li class="alert-item">{move || t_args(&s.locale.get(), "alerts-new-device", &[
                                ("detail", a.detail.clone()),
                                ("when", local_time(a.at)),
                            ])}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </section>
    }
}

const EVENTS: [&str; 14] = [
    "login_succeeded",
    "login_failed",
    "login_throttled",
    "two_step_succeeded",
    "two_step_failed",
    "two_step_enabled",
    "recovery_code_used",
    "password_changed",
    "session_revoked",
    "other_sessions_revoked",
    "settings_changed",
    "invite_created",
    "invite_accepted",
    "new_device_login",
];

/// Admins: the security events of their sites and those sites' accounts.
#[component]
pub fn AuditLog() -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    let filter = RwSignal::new(String::new());
    let rows = RwSignal::new(None::<Vec<api::AuditEntry>>);
    Effect::new(move |_| {
        let event = filter.get();
        spawn_local(async move {
            let list = api::audit(&event).await.ok();
            // An older answer (another filter) arriving late must not win.
            if filter.try_get_untracked().as_ref() == Some(&event) {
                rows.set(list);
            }
        });
    });
    view! {
        <h1>{tr("audit-title")}</h1>
        <div class="inline">
            <label for="audit-filter">{tr("audit-filter")}</label>
            <select id="audit-filter" on:change=move |ev| filter.set(event_target_value(&ev))>
                <option value="">{tr("audit-all")}</option>
                {EVENTS.iter().map(|e| view! { <option value=*e>{move || t(&s.locale.get(), &format!("event-{e}"))}</option> }).collect_view()}
            </select>
        </div>
        {move || rows.get().map(|list| if list.is_empty() {
            view! { <p class="help">{tr("audit-empty")}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="audit">
                        <thead><tr>
                            <th scope="col">{tr("audit-when")}</th>
                            <th scope="col">{tr("audit-event")}</th>
                            <th scope="col">{tr("audit-who")}</th>
                            <th scope="col">{tr("audit-site")}</th>
                            <th scope="col">{tr("audit-ip")}</th>
                            <th scope="col">{tr("audit-detail")}</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|r| {
                                let key = format!("event-{}", r.event);
                                view! {
                                    <tr data-event=r.event.clone()>
                                        <td>{local_time(r.at)}</td>
                                        <td>{move || t(&s.locale.get(), &key)}</td>
                                        <td>{r.email.clone().unwrap_or_default()}</td>
                                        <td>{r.site_id.clone().unwrap_or_default()}</td>
                                        <td>{r.ip.clone()}</td>
                                        <td>{r.detail.clone()}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        })}
    }
}
