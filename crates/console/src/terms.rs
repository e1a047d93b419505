//! The site's terms of service and privacy notice for admins (R1): the next version written in
//! Markdown per content language (the server renders and sanitizes it), with what changed
//! since the last one and whether visitors must accept it before they send a request or start
//! a chat; published at once. Below, every version published: when, by whom, in which
//! languages, and how many visitors accepted it; any of them can be loaded back as the start
//! of the next.

use crate::api;
use crate::faq::{site_picker, sites_of, text_input};
use crate::i18n::{t, t_args};
use crate::security::local_time;
use crate::settings::{locales_of, save_outcome, Editor};
use crate::Session;
use kefu_api::{PublishedTerms, TermsHistory};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{json, Value};

/// A version as the start of the next draft (its summary of changes left for the new one).
fn draft_of(published: Option<&PublishedTerms>, default: &str) -> Value {
    match published {
        Some(p) => json!({
            "require_acceptance": p.require_acceptance,
            "texts": p.texts.iter().map(|(l, t)| {
                (l.clone(), json!({"terms": t.terms, "privacy": t.privacy, "changes": ""}))
            }).collect::<serde_json::Map<_, _>>(),
        }),
        None => json!({
            "require_acceptance": false,
            "texts": {default: {"terms": "", "privacy": "", "changes": ""}},
        }),
    }
}

/// The draft as sent: languages left wholly empty are not published in.
fn prune(mut doc: Value) -> Value {
    if let Some(texts) = doc["texts"].as_object_mut() {
        texts.retain(|_, v| {
            ["terms", "privacy", "changes"]
                .iter()
                .any(|k| !v[k].as_str().unwrap_or("").trim().is_empty())
        });
    }
    doc
}

#[component]
pub fn TermsEditor() -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    let sites = sites_of(s, true);
    let site = RwSignal::new(sites.first().cloned().unwrap_or_default());
    let ed = Editor::new(s.locale);
    let locales = RwSignal::new(Vec::<String>::new());
    let history = RwSignal::new(None::<TermsHistory>);
    let status = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);

    let load = move |id: String, keep_status: bool| {
        spawn_local(async move {
            let settings = api::settings(&id).await;
            let h = api::terms(&id).await;
            if site.try_get_untracked().as_ref() != Some(&id) {
                return;
            }
            let locs = settings.map(|s| locales_of(&s)).unwrap_or_default();
            let default = locs.first().cloned().unwrap_or_else(|| "en".into());
            locales.set(locs);
            if let Ok(h) = h {
                ed.doc.set(Some(draft_of(h.current.as_ref(), &default)));
                history.set(Some(h));
            }
            if !keep_status {
                status.set(None);
            }
        });
    };
    Effect::new(move |_| {
        let id = site.get();
        ed.doc.set(None);
        ed.error.set(None);
        history.set(None);
        load(id, false);
    });

    let next = move || {
        history.with(|h| {
            h.as_ref()
                .and_then(|h| h.versions.first())
                .map_or(1, |v| v.version + 1)
        })
    };
    let publish = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(body) = ed.doc.get_untracked() else {
            return;
        };
        let id = site.get_untracked();
        busy.set(true);
        spawn_local(async move {
            let loc = s.locale.get_untracked();
            let result = api::publish_terms(&id, &prune(body)).await;
            busy.set(false);
            match result {
                Ok(p) => {
                    ed.error.set(None);
                    let text = t_args(
                        &loc,
                        "terms-published",
                        &[("version", p.version.to_string())],
                    );
                    status.set(Some((true, text)));
                    load(id, true);
                }
                // A refused field lands under its input (`save_outcome`).
                Err(e) => status.set(Some(save_outcome(ed, Err(e), &loc, "terms-published"))),
            }
        });
    };
    let load_version = move |version: u32| {
        let id = site.get_untracked();
        spawn_local(async move {
            if let Ok(p) = api::terms_version(&id, version).await {
                let default = locales.get_untracked().first().cloned().unwrap_or_default();
                ed.doc.set(Some(draft_of(Some(&p), &default)));
                ed.error.set(None);
                let loc = s.locale.get_untracked();
                status.set(Some((
                    true,
                    t_args(&loc, "terms-loaded", &[("version", version.to_string())]),
                )));
            }
        });
    };

    let fieldsets = move || {
        locales
            .get()
            .into_iter()
            .map(|l| {
                let base = format!("/texts/{l}");
                view! {
                    <fieldset class="faq-translation terms-translation" data-locale=l.clone()>
                        <legend>{l.clone()}</legend>
                        {text_input(ed, format!("terms-{l}-terms"), tr("terms-terms"),
                            format!("{base}/terms"), true, Some(l.clone()))}
                        {text_input(ed, format!("terms-{l}-privacy"), tr("terms-privacy"),
                            format!("{base}/privacy"), true, Some(l.clone()))}
                        {text_input(ed, format!("terms-{l}-changes"), tr("terms-changes"),
                            format!("{base}/changes"), false, Some(l.clone()))}
                    </fieldset>
                }
            })
            .collect_view()
    };

    let rows = move || {
        history.get().map(|h| {
            if h.versions.is_empty() {
                return view! { <p class="help">{tr("terms-none")}</p> }.into_any();
            }
            let rows = h
                .versions
                .into_iter()
                .map(|v| {
                    let version = v.version;
                    view! {
                        <tr data-version=version.to_string()>
                            <td>{version}</td>
                            <td>{local_time(v.published_at as f64)}</td>
                            <td>{v.published_by}</td>
                            <td>{v.locales.join(", ")}</td>
                            <td>{move || tr(if v.require_acceptance { "terms-yes" } else { "terms-no" })()}</td>
                            <td class="num">{v.acceptances}</td>
                            <td>
                                <button type="button" class="link" on:click=move |_| load_version(version)>
                                    {move || t_args(&s.locale.get(), "terms-load", &[("version", version.to_string())])}
                                </button>
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="table-wrap"><table class="audit terms-history">
                    <thead>
                        <tr>
                            <th scope="col">{tr("terms-col-version")}</th>
                            <th scope="col">{tr("terms-col-published")}</th>
                            <th scope="col">{tr("terms-col-by")}</th>
                            <th scope="col">{tr("terms-col-locales")}</th>
                            <th scope="col">{tr("terms-col-required")}</th>
                            <th scope="col">{tr("terms-col-accepted")}</th>
                            <th scope="col"><span class="sr-only">{tr("terms-col-actions")}</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table></div>
            }
            .into_any()
        })
    };

    view! {
        <h1>{tr("terms-title")}</h1>
        {site_picker(s, sites, site)}
        <p class="help">{tr("terms-intro")}</p>
        {move || match ed.doc.with(Option::is_some) {
            false => view! { <p role="status">{tr("terms-loading")}</p> }.into_any(),
            true => view! {
                <form class="terms-form" on:submit=publish novalidate>
                    <p class="help">{tr("terms-markdown-help")}</p>
                    {fieldsets}
                    <div class="check">
                        <input type="checkbox" id="terms-require"
                            prop:checked=move || ed.get("/require_acceptance").as_bool().unwrap_or(false)
                            on:change=move |ev| ed.set("/require_acceptance", Value::Bool(event_target_checked(&ev)))/>
                        <label for="terms-require">{tr("terms-require")}</label>
                    </div>
                    <div class="save-bar">
                        <button type="submit" class="primary" disabled=move || busy.get()>
                            {move || t_args(&s.locale.get(), "terms-publish", &[("version", next().to_string())])}
                        </button>
                        <p class="status" role="status" class:ok=move || status.get().is_some_and(|(ok, _)| ok)>
                            {move || status.get().map(|(_, m)| m)}
                        </p>
                    </div>
                </form>
            }.into_any(),
        }}
        <section class="terms-versions" aria-labelledby="terms-versions-title">
            <h2 id="terms-versions-title">{tr("terms-history")}</h2>
            {rows}
        </section>
    }
}
