//! Site settings: greeting, brand colour and launcher position for now; the whole document is
//! loaded, edited in place and saved back, so fields this screen does not show are kept.

use crate::api;
use crate::i18n::{t, t_args};
use crate::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

#[component]
pub fn Settings() -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    let sites: Vec<String> =
        s.me.get_untracked()
            .map(|m| m.sites.into_iter().map(|x| x.site).collect())
            .unwrap_or_default();
    let site = RwSignal::new(sites.first().cloned().unwrap_or_default());
    let doc = RwSignal::new(None::<Value>);
    let status = RwSignal::new(None::<(bool, String)>);

    Effect::new(move |_| {
        let id = site.get();
        // Hide the form until this site's document is here: no edit may land on another's.
        doc.set(None);
        status.set(None);
        spawn_local(async move {
            doc.set(api::settings(&id).await.ok());
        });
    });

    let field = move |path: &'static [&'static str]| {
        move || {
            doc.with(|d| {
                let mut v = d.as_ref()?;
                for p in path {
                    v = v.get(*p)?;
                }
                v.as_str().map(str::to_owned)
            })
            .unwrap_or_default()
        }
    };
    let set_field = move |path: &'static [&'static str], value: String| {
        doc.update(|d| {
            if let Some(d) = d {
                let mut v = &mut *d;
                for p in &path[..path.len() - 1] {
                    v = &mut v[*p];
                }
                v[path[path.len() - 1]] = Value::String(value);
            }
        });
    };
    let default_locale = move || {
        doc.with(|d| {
            d.as_ref()
                .and_then(|d| d["default_locale"].as_str().map(str::to_owned))
        })
        .unwrap_or_else(|| "en".into())
    };
    let greeting = move || {
        doc.with(|d| {
            let d = d.as_ref()?;
            d["greeting"][d["default_locale"].as_str()?]
                .as_str()
                .map(str::to_owned)
        })
        .unwrap_or_default()
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(body) = doc.get_untracked() else {
            return;
        };
        let id = site.get_untracked();
        spawn_local(async move {
            let loc = s.locale.get_untracked();
            status.set(Some(match api::save_settings(&id, &body).await {
                Ok(_) => (true, t(&loc, "settings-saved")),
                Err(e) if e.code == "forbidden_role" => (false, t(&loc, "settings-forbidden")),
                Err(e) if e.code == "invalid_settings" => (
                    false,
                    t_args(&loc, "settings-invalid", &[("reason", e.message)]),
                ),
                Err(_) => (false, t(&loc, "generic-error")),
            }));
        });
    };

    view! {
        <h1>{tr("settings-title")}</h1>
        <label for="site">{tr("settings-site")}</label>
        <select id="site" on:change=move |ev| site.set(event_target_value(&ev))>
            {sites.iter().map(|id| view! { <option value=id.clone()>{id.clone()}</option> }).collect_view()}
        </select>
        {move || match doc.get() {
            None => view! { <p role="status">{tr("settings-loading")}</p> }.into_any(),
            Some(_) => view! {
                <form class="card settings" data-site=move || doc.with(|d| d.as_ref().and_then(|d| d["id"].as_str().map(str::to_owned))) on:submit=save>
                    <label for="greeting">{move || t_args(&s.locale.get(), "settings-greeting", &[("locale", default_locale())])}</label>
                    <input id="greeting" prop:value=greeting on:input=move |ev| {
                        let loc = default_locale();
                        doc.update(|d| if let Some(d) = d { d["greeting"][loc.as_str()] = Value::String(event_target_value(&ev)); });
                    }/>
                    <label for="brand">{tr("settings-brand")}</label>
                    <input id="brand" type="color" prop:value=field(&["theme", "brand_color"])
                        on:input=move |ev| set_field(&["theme", "brand_color"], event_target_value(&ev))/>
                    <label for="position">{tr("settings-position")}</label>
                    <select id="position" prop:value=field(&["theme", "position"])
                        on:change=move |ev| set_field(&["theme", "position"], event_target_value(&ev))>
                        <option value="right">{tr("settings-position-right")}</option>
                        <option value="left">{tr("settings-position-left")}</option>
                    </select>
                    <button type="submit" class="primary">{tr("settings-save")}</button>
                    <p class="status" role="status" class:ok=move || status.get().is_some_and(|(ok, _)| ok)>
                        {move || status.get().map(|(_, m)| m)}
                    </p>
                </form>
                <crate::invite::InviteForm site=Signal::from(site)/>
            }.into_any(),
        }}
    }
}
