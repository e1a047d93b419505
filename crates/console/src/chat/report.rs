//! The chat report (issue 6, R14): first responses against the promise, per agent and per
//! hour of the site's day, and the ratings.

use crate::api;
use crate::i18n::{t, t_args};
use crate::Session;
use leptos::prelude::*;

/// A first-response time: "12 s", "3 min 5 s".
fn seconds(locale: &str, ms: Option<i64>) -> String {
    let Some(ms) = ms else {
        return "—".into();
    };
    let secs = (ms + 999) / 1000;
    if secs < 60 {
        t_args(locale, "chat-report-seconds", &[("n", secs.to_string())])
    } else {
        t_args(
            locale,
            "chat-report-minutes",
            &[
                ("m", (secs / 60).to_string()),
                ("s", (secs % 60).to_string()),
            ],
        )
    }
}

fn share(part: u64, of: u64) -> String {
    if of == 0 {
        "—".into()
    } else {
        format!("{}%", (part as f64 * 1000.0 / of as f64).round() / 10.0)
    }
}

/// The chat report: first responses (median, 90th percentile, within the promise) for the
/// whole period, per agent and per hour of the day (the site's time zone), and the ratings.
#[component]
pub fn ChatReport() -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    // The member's sites that offer chat.
    let sites: Vec<String> = s.me.with_untracked(|m| {
        m.iter()
            .flat_map(|m| m.sites.iter().filter(|x| x.chat).map(|x| x.site.clone()))
            .collect()
    });
    let site = RwSignal::new(sites.first().cloned().unwrap_or_default());
    let days = RwSignal::new(30u32);
    let report = RwSignal::new(None::<Result<kefu_api::ChatReport, api::ApiError>>);
    Effect::new(move |_| {
        let (id, d) = (site.get(), days.get());
        report.set(None);
        leptos::task::spawn_local(async move {
            let r = api::chat_report(&id, d).await;
            if site.get_untracked() == id {
                report.set(Some(r));
            }
        });
    });
    let table = move |title: &'static str,
                      group: &'static str,
                      rows: Vec<kefu_api::ChatGroupStats>| {
        let locale = s.locale.get_untracked();
        view! {
            <section class="report-part">
                <h2>{tr(title)}</h2>
                <table class="report chat-report">
                    <thead><tr>
                        <th>{tr(group)}</th>
                        <th>{tr("chat-report-conversations")}</th>
                        <th>{tr("chat-report-answered")}</th>
                        <th>{tr("chat-report-within")}</th>
                        <th>{tr("chat-report-p50")}</th>
                        <th>{tr("chat-report-p90")}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr>
                                <td>{if r.label.is_empty() { t(&locale, "chat-report-all") } else { r.label.clone() }}</td>
                                <td>{r.conversations}</td>
                                <td>{r.answered}</td>
                                <td>{share(r.within_promise, r.conversations)}</td>
                                <td>{seconds(&locale, r.first_response_p50_ms)}</td>
                                <td>{seconds(&locale, r.first_response_p90_ms)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        }
    };
    view! {
        <h1>{tr("chat-report-title")}</h1>
        {crate::faq::site_picker(s, sites, site)}
        <div class="filter">
            <label for="chat-report-days">{tr("ticket-report-period")}</label>
            <select id="chat-report-days" on:change=move |ev| days.set(event_target_value(&ev).parse().unwrap_or(30))>
                <option value="7">{tr("chat-report-7")}</option>
                <option value="30" selected=true>{tr("ticket-report-30")}</option>
                <option value="90">{tr("ticket-report-90")}</option>
            </select>
        </div>
        {move || match report.get() {
            None => view! { <p role="status">{tr("faq-loading")}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
            Some(Ok(r)) => {
                let locale = s.locale.get_untracked();
                let promise = t_args(&locale, "chat-report-promise", &[("n", r.promise_secs.to_string())]);
                let csat = match r.csat_average {
                    Some(a) => t_args(&locale, "chat-report-csat", &[("average", a.to_string()), ("count", r.ratings.to_string())]),
                    None => t(&locale, "chat-report-no-ratings"),
                };
                let counts = r.csat_counts.iter().enumerate()
                    .map(|(i, n)| format!("{}★ {n}", i + 1)).collect::<Vec<_>>().join(" · ");
                view! {
                    <p class="chat-report-promise">{promise}</p>
                    {table("chat-report-overall", "chat-report-period-col", vec![r.total.clone()])}
                    {table("chat-report-by-agent", "chat-report-agent", r.by_agent.clone())}
                    {table("chat-report-by-hour", "chat-report-hour", r.by_hour.clone())}
                    <section class="report-part">
                        <h2>{tr("chat-report-ratings")}</h2>
                        <p class="chat-report-csat">{csat}</p>
                        <p class="muted">{counts}</p>
                    </section>
                }.into_any()
            }
        }}
    }
}
