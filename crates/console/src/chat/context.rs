//! Beside a conversation: who handles it (any member of the site, online ones marked), and
//! the visitor's earlier chats (each opened in place) and feedback tickets (opened in the
//! ticket queue).

use super::conversation::message_body;
use crate::api;
use crate::i18n::{t, t_args};
use crate::{Screen, Session};
use kefu_api::{ChatAuthor, ChatMessage, ChatStatus, PastChat, SiteAgent, VisitorHistory};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// "Assigned to": the site's agents; choosing one hands the conversation over.
#[component]
pub fn Assign(
    site: String,
    current: Signal<Option<String>>,
    on_pick: Callback<Option<String>>,
) -> impl IntoView {
    let s = expect_context::<Session>();
    let agents = RwSignal::new(Vec::<SiteAgent>::new());
    spawn_local(async move {
        if let Ok(list) = api::agents(&site).await {
            agents.set(list);
        }
    });
    view! {
        <label class="chat-assign">
            <span>{move || t(&s.locale.get(), "chat-assignee")}</span>
            <select on:change=move |ev| {
                let v = event_target_value(&ev);
                on_pick.run((!v.is_empty()).then_some(v));
            }>
                <option value="" selected=move || current.get().is_none()>{move || t(&s.locale.get(), "chat-assignee-none")}</option>
                {move || {
                    let loc = s.locale.get();
                    agents.get().into_iter().map(|a| {
                        let id = a.id.clone();
                        let name = a.name.clone().unwrap_or_else(|| a.email.clone());
                        let label = if a.online {
                            t_args(&loc, "chat-assignee-online", &[("name", name)])
                        } else {
                            name
                        };
                        view! { <option value=a.id.clone() selected=move || current.get().as_deref() == Some(id.as_str())>{label}</option> }
                    }).collect_view()
                }}
            </select>
        </label>
    }
}

/// The visitor's earlier conversations and tickets on the site.
#[component]
pub fn History(site: String, id: String) -> impl IntoView {
    let s = expect_context::<Session>();
    let history = RwSignal::new(None::<VisitorHistory>);
    let site_load = site.clone();
    spawn_local(async move {
        if let Ok(h) = api::chat_history(&site_load, &id).await {
            history.set(Some(h));
        }
    });
    let site = StoredValue::new(site);
    view! {
        {move || history.get().map(|h| {
            let loc = s.locale.get();
            let count = h.chats.len() + h.tickets.len();
            view! {
                <details class="chat-history">
                    <summary>{t_args(&loc, "chat-history", &[("count", count.to_string())])}</summary>
                    {h.chats.is_empty().then(|| view! { <p class="muted">{t(&loc, "chat-history-no-chats")}</p> })}
                    <ul class="chat-history-chats">
                        {h.chats.into_iter().map(|c| view! { <PastChatItem site=site.get_value() chat=c/> }).collect_view()}
                    </ul>
                    {h.tickets.is_empty().then(|| view! { <p class="muted">{t(&loc, "chat-history-no-tickets")}</p> })}
                    <ul class="chat-history-tickets">
                        {h.tickets.into_iter().map(|tk| {
                            let reference = tk.reference.clone();
                            view! {
                                <li>
                                    <button type="button" class="link" on:click=move |_| {
                                        s.open_ticket.set(Some((site.get_value(), reference.clone())));
                                        s.screen.set(Screen::Tickets);
                                    }>{tk.reference.clone()}</button>
                                    " "{tk.subject.clone()}" · "
                                    <time class="muted">{crate::tickets::when(&loc, tk.created_at)}</time>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </details>
            }
        })}
    }
}

#[derive(serde::Deserialize)]
struct ChatView {
    messages: Vec<ChatMessage>,
}

/// An earlier chat: when, how long, its first words; its messages when opened.
#[component]
fn PastChatItem(site: String, chat: PastChat) -> impl IntoView {
    let s = expect_context::<Session>();
    let messages = RwSignal::new(None::<Vec<ChatMessage>>);
    let id = chat.id.clone();
    let load = move |_| {
        if messages.with_untracked(Option::is_some) {
            return;
        }
        let (site, id) = (site.clone(), id.clone());
        spawn_local(async move {
            if let Ok(v) = api::chat(&site, &id).await {
                if let Ok(view) = serde_json::from_value::<ChatView>(v) {
                    messages.set(Some(view.messages));
                }
            }
        });
    };
    let loc = s.locale.get_untracked();
    let summary = t_args(
        &loc,
        "chat-history-chat",
        &[
            ("when", crate::tickets::when(&loc, chat.created_at)),
            ("count", chat.messages.to_string()),
        ],
    );
    view! {
        <li>
            <details on:toggle=load>
                <summary>
                    {summary}
                    {(chat.status == ChatStatus::Open).then(|| view! { " " <span class="badge">{t(&loc, "chat-history-open")}</span> })}
                    {chat.rating.map(|r| view! { " " <span class="muted">{t_args(&loc, "chat-history-rating", &[("score", r.to_string())])}</span> })}
                    {chat.first.clone().map(|f| view! { <span class="chat-history-first" dir="auto">{f}</span> })}
                </summary>
                <ol class="chat-messages past">
                    {move || messages.get().unwrap_or_default().into_iter().map(|m| {
                        let loc = s.locale.get_untracked();
                        let who = match m.author {
                            ChatAuthor::Visitor => t(&loc, "chat-visitor"),
                            _ => m.agent.as_ref().and_then(|a| a.name.clone()).unwrap_or_else(|| t(&loc, "chat-team")),
                        };
                        let class = if m.author == ChatAuthor::Visitor { "chat-msg visitor" } else { "chat-msg agent" };
                        view! {
                            <li class=class>
                                <span class="chat-who">{who}</span>
                                {message_body(&m, t(&loc, "chat-image"))}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </details>
        </li>
    }
}
