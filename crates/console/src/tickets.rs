//! The ticket queue for every member of a site (R15, R16, R18): open requests, most urgent
//! first and then by due date, with filters (status, priority, category, assignee, overdue)
//! and overdue / due-soon marks; an alert while urgent requests are open. A ticket shows its
//! thread with internal notes, the visitor's page and e-mail, the attachment, and its whole
//! history; the agent replies publicly or writes a note, and sets status, priority, assignee
//! and the public outcome (required to resolve). The queue refreshes every 30 seconds.

use crate::api;
use crate::faq::{site_picker, sites_of};
use crate::i18n::{t, t_args};
use crate::Session;
use kefu_api::{AgentTicket, Priority, QueueTicket, TicketQueue, TicketStatus, TicketUpdate};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Due within this long counts as "due soon".
const SOON_MS: i64 = 24 * 3_600_000;
const REFRESH_MS: u32 = 30_000;

fn status_key(s: TicketStatus) -> &'static str {
    match s {
        TicketStatus::New => "ticket-status-new",
        TicketStatus::Triaged => "ticket-status-triaged",
        TicketStatus::InProgress => "ticket-status-in-progress",
        TicketStatus::WaitingForVisitor => "ticket-status-waiting",
        TicketStatus::Resolved => "ticket-status-resolved",
        TicketStatus::Closed => "ticket-status-closed",
    }
}

fn priority_key(p: Priority) -> &'static str {
    match p {
        Priority::Urgent => "ticket-priority-urgent",
        Priority::High => "ticket-priority-high",
        Priority::Normal => "ticket-priority-normal",
        Priority::Low => "ticket-priority-low",
    }
}

/// A request's topic: the console's word for a built-in one, else the site's own id.
pub(crate) fn category_name(locale: &str, id: &str) -> String {
    if kefu_api::DEFAULT_TICKET_CATEGORIES.contains(&id) {
        t(locale, &format!("ticket-category-{id}"))
    } else {
        id.to_owned()
    }
}

/// Who changed a request: the visitor in the console's words, else the agent's address.
fn actor_name(locale: &str, actor: &str) -> String {
    if actor == "visitor" {
        t(locale, "ticket-author-visitor")
    } else {
        actor.to_owned()
    }
}

/// `Intl` options from name–value pairs.
fn intl_options(pairs: &[(&str, &str)]) -> js_sys::Object {
    let opts = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = js_sys::Reflect::set(&opts, &(*k).into(), &(*v).into());
    }
    opts
}

/// Calls an `Intl` formatter's bound `format` on a value.
fn intl_format(format: js_sys::Function, value: &wasm_bindgen::JsValue) -> String {
    format
        .call1(&wasm_bindgen::JsValue::NULL, value)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// A file size in kilobytes as the console's language writes it ("12 kB", "١٢ ك.ب").
pub(crate) fn kilobytes(locale: &str, bytes: u64) -> String {
    let opts = intl_options(&[("style", "unit"), ("unit", "kilobyte")]);
    let f = js_sys::Intl::NumberFormat::new(&js_sys::Array::of1(&locale.into()), &opts);
    intl_format(f.format(), &(bytes.div_ceil(1024) as f64).into())
}

/// A time in the console's language and the browser's zone.
pub(crate) fn when(locale: &str, at: i64) -> String {
    let opts = intl_options(&[("dateStyle", "medium"), ("timeStyle", "short")]);
    let f = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::of1(&locale.into()), &opts);
    intl_format(f.format(), &js_sys::Date::new(&(at as f64).into()))
}

/// How the due time stands: `overdue`, `soon` or nothing.
fn due_class(t: &QueueTicket, now: i64) -> &'static str {
    if t.status.is_done() {
        ""
    } else if t.due_at <= now {
        "overdue"
    } else if t.due_at - now <= SOON_MS {
        "soon"
    } else {
        ""
    }
}

#[component]
pub fn Tickets() -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    let sites = sites_of(s, false);
    // Opened from elsewhere (a chat's history): that ticket, whatever its status.
    let asked = s.open_ticket.try_update(Option::take).flatten();
    let site = RwSignal::new(
        asked
            .as_ref()
            .map(|(site, _)| site.clone())
            .or_else(|| sites.first().cloned())
            .unwrap_or_default(),
    );
    let status = RwSignal::new(if asked.is_some() { "all" } else { "open" }.to_owned());
    let priority = RwSignal::new(String::new());
    let assignee = RwSignal::new(String::new());
    let overdue = RwSignal::new(false);
    let queue = RwSignal::new(None::<Result<TicketQueue, api::ApiError>>);
    let selected = RwSignal::new(asked.map(|(_, reference)| reference));
    let tick = RwSignal::new(0u32);

    let query = move || {
        let mut q = vec![];
        let st = status.get();
        let statuses = match st.as_str() {
            "open" => "new,triaged,in_progress,waiting_for_visitor".to_owned(),
            "all" => String::new(),
            other => other.to_owned(),
        };
        if !statuses.is_empty() {
            q.push(format!("status={statuses}"));
        }
        if !priority.get().is_empty() {
            q.push(format!("priority={}", priority.get()));
        }
        if !assignee.get().is_empty() {
            q.push(format!("assignee={}", assignee.get()));
        }
        if overdue.get() {
            q.push("overdue=true".into());
        }
        q.join("&")
    };
    Effect::new(move |_| {
        tick.track();
        let id = site.get();
        let q = query();
        spawn_local(async move {
            let result = api::tickets(&id, &q).await;
            if site.get_untracked() == id {
                queue.set(Some(result));
            }
        });
    });
    // New requests appear without a reload.
    let interval = leptos::prelude::set_interval_with_handle(
        move || tick.update(|n| *n += 1),
        std::time::Duration::from_millis(u64::from(REFRESH_MS)),
    );
    on_cleanup(move || {
        if let Ok(h) = interval {
            h.clear();
        }
    });
    // Another site: no ticket open (the first run keeps one asked for).
    Effect::new(move |first: Option<()>| {
        site.track();
        if first.is_some() {
            selected.set(None);
        }
    });

    let filter = move |id: &'static str,
                       label: &'static str,
                       value: RwSignal<String>,
                       options: Vec<(&'static str, &'static str)>| {
        view! {
            <div class="filter">
                <label for=id>{tr(label)}</label>
                <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                    {options.into_iter().map(|(v, k)| {
                        let current = value.get_untracked() == v;
                        view! { <option value=v selected=current>{tr(k)}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };

    view! {
        <h1>{tr("tickets-title")}</h1>
        {site_picker(s, sites, site)}
        <div class="filters">
            {filter("ticket-filter-status", "ticket-filter-status", status, vec![
                ("open", "ticket-filter-open"), ("all", "ticket-filter-all"),
                ("new", "ticket-status-new"), ("triaged", "ticket-status-triaged"),
                ("in_progress", "ticket-status-in-progress"), ("waiting_for_visitor", "ticket-status-waiting"),
                ("resolved", "ticket-status-resolved"), ("closed", "ticket-status-closed"),
            ])}
            {filter("ticket-filter-priority", "ticket-filter-priority", priority, vec![
                ("", "ticket-filter-any"), ("urgent", "ticket-priority-urgent"), ("high", "ticket-priority-high"),
                ("normal", "ticket-priority-normal"), ("low", "ticket-priority-low"),
            ])}
            {filter("ticket-filter-assignee", "ticket-filter-assignee", assignee, vec![
                ("", "ticket-filter-anyone"), ("me", "ticket-filter-me"), ("none", "ticket-filter-unassigned"),
            ])}
            <div class="check">
                <input type="checkbox" id="ticket-filter-overdue" on:change=move |ev| overdue.set(event_target_checked(&ev))/>
                <label for="ticket-filter-overdue">{tr("ticket-filter-overdue")}</label>
            </div>
        </div>
        {move || match queue.get() {
            None => view! { <p role="status">{tr("faq-loading")}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="status" role="alert">{e.message}</p> }.into_any(),
            Some(Ok(q)) => {
                let urgent = q.tickets.iter().filter(|t| t.priority == Priority::Urgent && !t.status.is_done()).count();
                let now = q.now;
                let locale = s.locale.get();
                view! {
                    {(urgent > 0).then(|| view! {
                        <p class="alert-urgent" role="alert">
                            {t_args(&locale, "ticket-urgent-alert", &[("count", urgent.to_string())])}
                        </p>
                    })}
                    {if q.tickets.is_empty() {
                        view! { <p class="help">{tr("ticket-queue-empty")}</p> }.into_any()
                    } else {
                        view! {
                            <table class="report queue">
                                <thead><tr>
                                    <th>{tr("ticket-priority")}</th>
                                    <th>{tr("ticket-reference")}</th>
                                    <th>{tr("ticket-subject")}</th>
                                    <th>{tr("ticket-status")}</th>
                                    <th>{tr("ticket-due")}</th>
                                    <th>{tr("ticket-assignee")}</th>
                                </tr></thead>
                                <tbody>
                                    {q.tickets.into_iter().map(|tk| {
                                        let due = due_class(&tk, now);
                                        let r = tk.reference.clone();
                                        let r2 = tk.reference.clone();
                                        let loc = locale.clone();
                                        view! {
                                            <tr class=format!("priority-{} {due}", tk.priority.as_str()) data-reference=tk.reference.clone()
                                                aria-selected=move || (selected.get().as_deref() == Some(r2.as_str())).to_string()>
                                                <td>{t(&loc, priority_key(tk.priority))}</td>
                                                <td><button type="button" class="link" on:click=move |_| selected.set(Some(r.clone()))>{tk.reference.clone()}</button></td>
                                                <td dir="auto">{tk.subject.clone()}</td>
                                                <td>{t(&loc, status_key(tk.status))}</td>
                                                <td>
                                                    {tk.due_date.clone()}
                                                    {(!due.is_empty()).then(|| view! {
                                                        <span class=format!("due-mark {due}")>{t(&loc, if due == "overdue" { "ticket-overdue" } else { "ticket-due-soon" })}</span>
                                                    })}
                                                </td>
                                                <td>{tk.assignee.clone().unwrap_or_default()}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                }.into_any()
            }
        }}
        {move || selected.get().map(|r| view! {
            <TicketView site=site.get_untracked() reference=r on_change=Callback::new(move |_| tick.update(|n| *n += 1))/>
        })}
    }
}

#[component]
fn TicketView(site: String, reference: String, on_change: Callback<()>) -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    let ticket = RwSignal::new(None::<AgentTicket>);
    let error = RwSignal::new(None::<String>);
    let reply = RwSignal::new(String::new());
    let outcome = RwSignal::new(String::new());
    let (site2, reference2) = (site.clone(), reference.clone());
    spawn_local(async move {
        match api::ticket(&site2, &reference2).await {
            Ok(t) => {
                outcome.set(t.outcome.clone().unwrap_or_default());
                ticket.set(Some(t));
            }
            Err(e) => error.set(Some(e.message)),
        }
    });
    let done = move |result: Result<AgentTicket, api::ApiError>| match result {
        Ok(t) => {
            error.set(None);
            outcome.set(t.outcome.clone().unwrap_or_default());
            ticket.set(Some(t));
            on_change.run(());
        }
        Err(e) => error.set(Some(if e.code == "outcome_required" {
            t(&s.locale.get_untracked(), "ticket-outcome-required")
        } else {
            e.message
        })),
    };
    let (site_u, ref_u) = (
        StoredValue::new(site.clone()),
        StoredValue::new(reference.clone()),
    );
    let update = move |u: TicketUpdate| {
        spawn_local(async move {
            done(api::update_ticket(&site_u.get_value(), &ref_u.get_value(), &u).await);
        });
    };
    let send = move |internal: bool| {
        let body = reply.get_untracked();
        if body.trim().is_empty() {
            return;
        }
        spawn_local(async move {
            let r =
                api::reply_ticket(&site_u.get_value(), &ref_u.get_value(), &body, internal).await;
            if r.is_ok() {
                reply.set(String::new());
            }
            done(r);
        });
    };
    view! {
        <section class="ticket" aria-labelledby="ticket-title">
            {move || error.get().map(|e| view! { <p class="status" role="alert">{e}</p> })}
            {move || ticket.get().map(|tk| {
                let locale = s.locale.get();
                let q = tk.ticket.clone();
                let attachment = tk.attachment.clone().map(|a| {
                    let href = format!("/api/v1/console/sites/{}/tickets/{}/attachment", site_u.get_value(), q.reference);
                    view! { <p><a href=href target="_blank" rel="noopener">{format!("{} ({})", a.name, kilobytes(&locale, a.size))}</a></p> }
                });
                view! {
                    <h2 id="ticket-title" dir="auto">{q.subject.clone()}</h2>
                    <dl class="ticket-facts">
                        <dt>{tr("ticket-reference")}</dt><dd>{q.reference.clone()}</dd>
                        <dt>{tr("ticket-category")}</dt><dd>{category_name(&locale, &q.category)}</dd>
                        <dt>{tr("ticket-created")}</dt><dd><time>{when(&locale, q.created_at)}</time></dd>
                        <dt>{tr("ticket-due")}</dt><dd>{format!("{} ({})", q.due_date, tk.time_zone)}</dd>
                        <dt>{tr("ticket-visitor-email")}</dt><dd dir="ltr">{q.email.clone().unwrap_or_else(|| "—".into())}</dd>
                        <dt>{tr("ticket-language")}</dt><dd>{q.locale.clone()}</dd>
                        <dt>{tr("ticket-page")}</dt><dd class="page-url" dir="ltr">{tk.page.clone().unwrap_or_else(|| "—".into())}</dd>
                    </dl>
                    {attachment}
                    {tk.rating.clone().map(|r| view! {
                        <p class="rating" dir="auto">
                            {match r.comment {
                                Some(c) => t_args(&locale, "ticket-rating-comment", &[("score", r.score.to_string()), ("comment", c)]),
                                None => t_args(&locale, "ticket-rating", &[("score", r.score.to_string())]),
                            }}
                        </p>
                    })}
                    <ol class="thread">
                        {tk.messages.iter().map(|m| {
                            let who = match (m.author, &m.name) {
                                (kefu_api::Author::Visitor, _) => t(&locale, "ticket-author-visitor"),
                                (kefu_api::Author::Agent, Some(n)) => n.clone(),
                                (kefu_api::Author::Agent, None) => t(&locale, "ticket-author-agent"),
                            };
                            let class = if m.internal { "message internal" } else if m.author == kefu_api::Author::Agent { "message agent" } else { "message" };
                            let note = m.internal.then(|| format!(" · {}", t(&locale, "ticket-internal-note")));
                            view! {
                                <li class=class>
                                    <p class="meta">{format!("{who} · {}", when(&locale, m.at))}{note}</p>
                                    <p class="body" dir="auto">{m.body.clone()}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                    <div class="field">
                        <label for="ticket-reply">{tr("ticket-reply-label")}</label>
                        <textarea id="ticket-reply" rows="4" prop:value=move || reply.get()
                            on:input=move |ev| reply.set(event_target_value(&ev))></textarea>
                        <div class="row-actions">
                            <button type="button" class="primary" on:click=move |_| send(false)>{tr("ticket-send-reply")}</button>
                            <button type="button" on:click=move |_| send(true)>{tr("ticket-add-note")}</button>
                        </div>
                    </div>
                    <div class="ticket-controls">
                        <div class="field">
                            <label for="ticket-status">{tr("ticket-status")}</label>
                            <select id="ticket-status" on:change=move |ev| {
                                let v = event_target_value(&ev);
                                let status = TicketStatus::parse(&v);
                                let outcome_text = outcome.get_untracked();
                                update(TicketUpdate {
                                    status,
                                    // Resolving publishes the outcome written beside it.
                                    outcome: (status == Some(TicketStatus::Resolved)).then_some(outcome_text),
                                    ..Default::default()
                                });
                            }>
                                {TicketStatus::ALL.into_iter().map(|st| view! {
                                    <option value=st.as_str() selected=st == q.status>{t(&locale, status_key(st))}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="ticket-priority">{tr("ticket-priority")}</label>
                            <select id="ticket-priority" on:change=move |ev| update(TicketUpdate {
                                priority: Priority::parse(&event_target_value(&ev)),
                                ..Default::default()
                            })>
                                {Priority::ALL.into_iter().map(|p| view! {
                                    <option value=p.as_str() selected=p == q.priority>{t(&locale, priority_key(p))}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="ticket-assignee">{tr("ticket-assignee")}</label>
                            <div class="inline">
                                <input id="ticket-assignee" type="email" prop:value=q.assignee.clone().unwrap_or_default()
                                    on:change=move |ev| update(TicketUpdate { assignee: Some(event_target_value(&ev)), ..Default::default() })/>
                                <button type="button" on:click=move |_| {
                                    let me = s.me.get_untracked().map(|m| m.email).unwrap_or_default();
                                    update(TicketUpdate { assignee: Some(me), ..Default::default() });
                                }>{tr("ticket-assign-me")}</button>
                            </div>
                        </div>
                        <div class="field">
                            <label for="ticket-outcome">{tr("ticket-outcome")}</label>
                            <textarea id="ticket-outcome" rows="3" prop:value=move || outcome.get()
                                on:input=move |ev| outcome.set(event_target_value(&ev))></textarea>
                            <p class="help">{tr("ticket-outcome-help")}</p>
                            <button type="button" on:click=move |_| update(TicketUpdate {
                                outcome: Some(outcome.get_untracked()),
                                ..Default::default()
                            })>{tr("ticket-save-outcome")}</button>
                        </div>
                    </div>
                    <h3>{tr("ticket-history")}</h3>
                    <ul class="history">
                        {tk.history.iter().map(|e| {
                            // Statuses and priorities in words; other values as they are.
                            let word = |v: &String| {
                                TicketStatus::parse(v)
                                    .map(|st| t(&locale, status_key(st)))
                                    .or_else(|| Priority::parse(v).map(|p| t(&locale, priority_key(p))))
                                    .unwrap_or_else(|| v.clone())
                            };
                            let (from, to) = (e.from.as_ref().map(word), e.to.as_ref().map(word));
                            // The arrow points the way the language reads (← in Arabic).
                            let change = match (from, to) {
                                (Some(from), to) => t_args(&locale, "ticket-event-change", &[
                                    ("from", from),
                                    ("to", to.unwrap_or_else(|| "—".to_owned())),
                                ]),
                                (None, to) => to.unwrap_or_default(),
                            };
                            let what = t(&locale, &format!("ticket-event-{}", e.what));
                            view! { <li>{format!("{} · {} · {what} {}", when(&locale, e.at), actor_name(&locale, &e.actor), change)}</li> }
                        }).collect_view()}
                    </ul>
                }
            })}
        </section>
    }
}

/// "3 h 20 min", "2 d 4 h": a duration in the console's language.
fn duration(locale: &str, ms: Option<i64>) -> String {
    let Some(ms) = ms else {
        return "—".into();
    };
    let minutes = (ms / 60_000).max(0);
    let (d, h, m) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    let arg = |k: &'static str, v: i64| (k, v.to_string());
    if d > 0 {
        t_args(
            locale,
            "duration-days-hours",
            &[arg("days", d), arg("hours", h)],
        )
    } else if h > 0 {
        t_args(
            locale,
            "duration-hours-minutes",
            &[arg("hours", h), arg("minutes", m)],
        )
    } else {
        t_args(locale, "duration-minutes", &[arg("minutes", m)])
    }
}

fn percent(v: Option<f64>) -> String {
    v.map(|p| format!("{p}%")).unwrap_or_else(|| "—".into())
}

/// The NPS answers of the period: the score, its parts, and the newest reasons given.
fn nps_part(locale: &str, n: kefu_api::NpsStats) -> impl IntoView {
    let summary = match n.score {
        None => t(locale, "nps-report-none"),
        Some(score) => t_args(
            locale,
            "nps-report-summary",
            &[
                ("score", score.to_string()),
                ("count", n.responses.to_string()),
                ("promoters", n.promoters.to_string()),
                ("passives", n.passives.to_string()),
                ("detractors", n.detractors.to_string()),
            ],
        ),
    };
    let comments = n
        .comments
        .into_iter()
        .map(|c| {
            view! {
                <li>
                    <span class="nps-badge" data-score=c.score.to_string()>{c.score}</span>
                    " "
                    <span lang=c.locale>{c.comment}</span>
                    " "
                    <time class="muted">{when(locale, c.at)}</time>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="report-part nps-report">
            <h2>{t(locale, "nps-report-title")}</h2>
            <p class="nps-summary">{summary}</p>
            <ul class="nps-comments">{comments}</ul>
        </section>
    }
}

/// The ticket report: per category and per priority, for the last 30, 90 or 365 days.
#[component]
pub fn TicketReport() -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    let sites = sites_of(s, false);
    let site = RwSignal::new(sites.first().cloned().unwrap_or_default());
    let days = RwSignal::new(90u32);
    let report = RwSignal::new(None::<kefu_api::TicketReport>);
    Effect::new(move |_| {
        let (id, d) = (site.get(), days.get());
        report.set(None);
        spawn_local(async move {
            let r = api::ticket_report(&id, d).await.ok();
            if site.get_untracked() == id {
                report.set(r);
            }
        });
    });
    let table = move |title: &'static str,
                      rows: Vec<kefu_api::TicketStats>,
                      label: fn(&str, &str) -> String| {
        let locale = s.locale.get_untracked();
        view! {
            <section class="report-part">
                <h2>{tr(title)}</h2>
                <table class="report ticket-report">
                    <thead><tr>
                        <th>{tr("ticket-report-group")}</th>
                        <th>{tr("ticket-report-received")}</th>
                        <th>{tr("ticket-report-resolved")}</th>
                        <th>{tr("ticket-report-on-time")}</th>
                        <th>{tr("ticket-report-first-reply")}</th>
                        <th>{tr("ticket-report-resolution")}</th>
                        <th>{tr("ticket-report-overdue")}</th>
                        <th>{tr("ticket-report-csat")}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr data-key=r.key.clone()>
                                <td>{label(&locale, &r.key)}</td>
                                <td>{r.received}</td>
                                <td>{r.resolved}</td>
                                <td>{percent(r.on_time_pct)}</td>
                                <td>{duration(&locale, r.median_first_reply_ms)}</td>
                                <td>{duration(&locale, r.median_resolution_ms)}</td>
                                <td>{r.overdue_open}</td>
                                <td>{match (r.csat_pct, r.average_rating) {
                                    (Some(c), Some(a)) => t_args(&locale, "ticket-report-csat-value",
                                        &[("pct", c.to_string()), ("average", a.to_string()), ("count", r.ratings.to_string())]),
                                    _ => "—".into(),
                                }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        }
    };
    let category = |locale: &str, key: &str| {
        if key.is_empty() {
            t(locale, "ticket-report-all")
        } else {
            category_name(locale, key)
        }
    };
    let priority = |locale: &str, key: &str| {
        Priority::parse(key)
            .map(|p| t(locale, priority_key(p)))
            .unwrap_or_else(|| key.to_owned())
    };
    view! {
        <h1>{tr("ticket-report-title")}</h1>
        {site_picker(s, sites, site)}
        <div class="filter">
            <label for="ticket-report-days">{tr("ticket-report-period")}</label>
            <select id="ticket-report-days" on:change=move |ev| days.set(event_target_value(&ev).parse().unwrap_or(90))>
                <option value="30">{tr("ticket-report-30")}</option>
                <option value="90" selected=true>{tr("ticket-report-90")}</option>
                <option value="365">{tr("ticket-report-365")}</option>
            </select>
        </div>
        {move || match report.get() {
            None => view! { <p role="status">{tr("faq-loading")}</p> }.into_any(),
            Some(r) => {
                let mut overall = vec![r.total.clone()];
                overall.extend(r.by_category.clone());
                view! {
                    {table("ticket-report-by-category", overall, category)}
                    {table("ticket-report-by-priority", r.by_priority.clone(), priority)}
                    {nps_part(&s.locale.get_untracked(), r.nps.clone())}
                }.into_any()
            }
        }}
    }
}
