//! Live chat for agents (issue 6): the inbox (unassigned / mine / all) kept current by the
//! console's WebSocket (`/api/v1/console/chat/socket`), a conversation with the visitor's
//! context (name, e-mail, verified id, language, page), replies, typing both ways, read marks,
//! take / close, the agent's presence (online or away, which decides what visitors are offered),
//! and a sound and desktop notification when a visitor starts a conversation.
//!
//! Everything a visitor wrote is shown as text.

use crate::api;
use crate::i18n::{t, t_args};
use crate::Session;
use kefu_api::{AgentFrame, ChatAuthor, ChatMessage, ChatStatus, InboxItem, ServerFrame};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Filter {
    Unassigned,
    Mine,
    All,
}

/// What the socket keeps current. The console's shell holds it (`connect_team`) for as long as
/// the agent is signed in on a site with chat, so they stay online, and hear of new
/// conversations, on every screen.
#[derive(Clone, Copy)]
pub struct Live {
    items: RwSignal<Vec<InboxItem>>,
    selected: RwSignal<Option<String>>,
    messages: RwSignal<Vec<ChatMessage>>,
    visitor_typing: RwSignal<bool>,
    visitor_read: RwSignal<u64>,
    connected: RwSignal<bool>,
    online: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    ws: StoredValue<Option<WebSocket>, LocalStorage>,
    alive: StoredValue<bool>,
    /// Replies sent and not yet acknowledged: (conversation, id, text).
    sent: StoredValue<Vec<(String, String, String)>>,
}

impl Live {
    fn is_selected(&self, conversation: &str) -> bool {
        self.selected.get_untracked().as_deref() == Some(conversation)
    }

    fn send(&self, frame: &AgentFrame) {
        let Ok(text) = serde_json::to_string(frame) else {
            return;
        };
        self.ws.with_value(|ws| {
            if let Some(ws) = ws {
                let _ = ws.send_with_str(&text);
            }
        });
    }

    fn on_frame(&self, me: &str, frame: ServerFrame) {
        match frame {
            ServerFrame::Welcome { .. } => {
                self.connected.set(true);
                self.error.set(None);
                self.send(&AgentFrame::Presence {
                    online: self.online.get_untracked(),
                });
                if let Some(id) = self.selected.get_untracked() {
                    let after = self
                        .messages
                        .with_untracked(|m| m.last().map_or(0, |m| m.seq));
                    self.send(&AgentFrame::Watch {
                        conversation: id,
                        after,
                    });
                }
            }
            ServerFrame::Inbox(item) => {
                let mut fresh = false;
                self.items
                    .update(|items| match items.iter_mut().find(|i| i.id == item.id) {
                        Some(i) => *i = item.clone(),
                        None => {
                            fresh = true;
                            items.push(item.clone());
                        }
                    });
                if fresh && item.assignee.is_none() && item.status == ChatStatus::Open {
                    notify(&item);
                }
                let _ = me;
            }
            ServerFrame::Message(m) if self.is_selected(&m.conversation) => {
                let seq = m.seq;
                let conversation = m.conversation.clone();
                let from_visitor = m.author == ChatAuthor::Visitor;
                self.messages.update(|list| {
                    if !list.iter().any(|x| x.seq == m.seq) {
                        let at = list.partition_point(|x| x.seq < m.seq);
                        list.insert(at, m);
                    }
                });
                if from_visitor {
                    self.visitor_typing.set(false);
                }
                self.send(&AgentFrame::Read { conversation, seq });
            }
            ServerFrame::Typing {
                conversation,
                author: ChatAuthor::Visitor,
                on,
            } if self.is_selected(&conversation) => self.visitor_typing.set(on),
            ServerFrame::Read {
                conversation,
                author: ChatAuthor::Visitor,
                seq,
            } if self.is_selected(&conversation) => {
                self.visitor_read.update(|r| *r = (*r).max(seq));
            }
            // Our own reply is stored: it joins the conversation with its `seq`.
            ServerFrame::Ack(ack) => {
                let mine = self.sent.try_update_value(|sent| {
                    let i = sent.iter().position(|(_, id, _)| *id == ack.id)?;
                    Some(sent.remove(i))
                });
                if let Some(Some((conversation, id, text))) = mine {
                    if self.is_selected(&conversation) {
                        let m = ChatMessage {
                            conversation,
                            seq: ack.seq,
                            id,
                            author: ChatAuthor::Agent,
                            agent: None,
                            text,
                            at: ack.at,
                        };
                        self.messages.update(|list| {
                            if !list.iter().any(|x| x.seq == m.seq) {
                                let at = list.partition_point(|x| x.seq < m.seq);
                                list.insert(at, m);
                            }
                        });
                    }
                }
            }
            ServerFrame::Resync { conversation } => {
                self.messages.set(vec![]);
                self.send(&AgentFrame::Watch {
                    conversation,
                    after: 0,
                });
            }
            ServerFrame::Error { message, .. } => self.error.set(Some(message)),
            _ => {}
        }
    }
}

/// A short tone and a desktop notification (when allowed) for a new conversation.
fn notify(item: &InboxItem) {
    if let Ok(ctx) = web_sys::AudioContext::new() {
        if let (Ok(osc), Ok(gain)) = (ctx.create_oscillator(), ctx.create_gain()) {
            osc.frequency().set_value(880.0);
            gain.gain().set_value(0.08);
            let _ = osc.connect_with_audio_node(&gain);
            let _ = gain.connect_with_audio_node(&ctx.destination());
            let now = ctx.current_time();
            let _ = osc.start_with_when(now);
            let _ = osc.stop_with_when(now + 0.18);
        }
    }
    if web_sys::Notification::permission() == web_sys::NotificationPermission::Granted {
        let who = item.visitor_name.clone().unwrap_or_default();
        let opts = web_sys::NotificationOptions::new();
        opts.set_body(&who);
        opts.set_tag(&item.id);
        let _ = web_sys::Notification::new_with_options(
            &t(&crate::i18n::browser_locale(), "chat-notify-new"),
            &opts,
        );
    }
}

fn new_id() -> String {
    let a = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    let b = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    format!("a{:x}{a:08x}{b:08x}", js_sys::Date::now() as u64)
}

fn connect(live: Live, me: String) {
    if !live.alive.get_value() {
        return;
    }
    let Some(loc) = web_sys::window().map(|w| w.location()) else {
        return;
    };
    let scheme = if loc.protocol().ok().as_deref() == Some("http:") {
        "ws"
    } else {
        "wss"
    };
    let url = format!(
        "{scheme}://{}/api/v1/console/chat/socket",
        loc.host().unwrap_or_default()
    );
    let Ok(ws) = WebSocket::new(&url) else {
        return;
    };
    let on_open = Closure::<dyn FnMut()>::new(move || {
        live.send(&AgentFrame::Hello {
            v: kefu_api::CHAT_VERSION,
        });
    });
    let me2 = me.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        if let Some(text) = ev.data().as_string() {
            if let Ok(frame) = serde_json::from_str::<ServerFrame>(&text) {
                live.on_frame(&me2, frame);
            }
        }
    });
    let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |_| {
        live.connected.set(false);
        live.ws.set_value(None);
        let me = me.clone();
        set_timeout(move || connect(live, me), std::time::Duration::from_secs(2));
    });
    ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    // One set per connection; they live as long as it may call them.
    on_open.forget();
    on_message.forget();
    on_close.forget();
    live.ws.set_value(Some(ws));
}

/// Opens the team's chat socket for the signed-in agent and provides it to the screens; it
/// closes when the shell goes (signing out).
pub fn connect_team(me: String) {
    let live = Live {
        items: RwSignal::new(vec![]),
        selected: RwSignal::new(None),
        messages: RwSignal::new(vec![]),
        visitor_typing: RwSignal::new(false),
        visitor_read: RwSignal::new(0),
        connected: RwSignal::new(false),
        online: RwSignal::new(true),
        error: RwSignal::new(None),
        ws: StoredValue::new_local(None),
        alive: StoredValue::new(true),
        sent: StoredValue::new(vec![]),
    };
    provide_context(live);
    connect(live, me);
    on_cleanup(move || {
        live.alive.set_value(false);
        live.ws.update_value(|ws| {
            if let Some(ws) = ws.take() {
                ws.set_onclose(None);
                let _ = ws.close();
            }
        });
    });
}

#[component]
pub fn Chats() -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    let me = s.me.get_untracked().map(|m| m.id).unwrap_or_default();
    let Some(live) = use_context::<Live>() else {
        return ().into_any();
    };
    let filter = RwSignal::new(Filter::Unassigned);
    let me_f = StoredValue::new(me.clone());
    let shown = Memo::new(move |_| {
        let f = filter.get();
        let mut list: Vec<InboxItem> = live
            .items
            .get()
            .into_iter()
            .filter(|i| i.status == ChatStatus::Open)
            .filter(|i| match f {
                Filter::Unassigned => i.assignee.is_none(),
                Filter::Mine => i.assignee == Some(me_f.get_value()),
                Filter::All => true,
            })
            .collect();
        list.sort_by_key(|i| std::cmp::Reverse(i.updated_at));
        list
    });
    let select = move |id: String| {
        live.messages.set(vec![]);
        live.visitor_typing.set(false);
        live.visitor_read.set(0);
        live.selected.set(Some(id.clone()));
        live.send(&AgentFrame::Watch {
            conversation: id,
            after: 0,
        });
    };
    let tab = move |f: Filter, key: &'static str| {
        view! {
            <button type="button" role="tab" class="chat-tab"
                aria-selected=move || (filter.get() == f).to_string()
                on:click=move |_| filter.set(f)>
                {tr(key)}
            </button>
        }
    };
    let toggle_presence = move |_| {
        let on = !live.online.get_untracked();
        live.online.set(on);
        live.send(&AgentFrame::Presence { online: on });
    };
    let ask_notifications = move |_| {
        let _ = web_sys::Notification::request_permission();
    };
    view! {
        <h1>{tr("chat-title")}</h1>
        <div class="chat-toolbar">
            <p class="chat-connection" role="status">{move || {
                let key = match (live.connected.get(), live.online.get()) {
                    (false, _) => "chat-connecting",
                    (true, true) => "chat-you-online",
                    (true, false) => "chat-you-away",
                };
                t(&s.locale.get(), key)
            }}</p>
            <button type="button" class="secondary" aria-pressed=move || (!live.online.get()).to_string()
                on:click=toggle_presence>
                {move || t(&s.locale.get(), if live.online.get() { "chat-go-away" } else { "chat-go-online" })}
            </button>
            <button type="button" class="secondary" on:click=ask_notifications>{tr("chat-notifications")}</button>
        </div>
        {move || live.error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        <div class="chat-layout">
            <section class="chat-inbox" aria-label=tr("chat-inbox")>
                <div role="tablist" class="chat-tabs">
                    {tab(Filter::Unassigned, "chat-unassigned")}
                    {tab(Filter::Mine, "chat-mine")}
                    {tab(Filter::All, "chat-all")}
                </div>
                <ul class="chat-list">
                    <For each=move || shown.get() key=|i| (i.id.clone(), i.updated_at, i.last_seq, i.assignee.clone()) let:item>
                        {
                            let id = item.id.clone();
                            let id2 = id.clone();
                            let name = item.visitor_name.clone().unwrap_or_else(|| t(&s.locale.get_untracked(), "chat-anonymous"));
                            let unread = item.last_seq > item.agent_read_seq;
                            view! {
                                <li>
                                    <button type="button" class="chat-item"
                                        class:unread=unread
                                        aria-current=move || (live.selected.get().as_deref() == Some(id2.as_str())).then_some("true")
                                        on:click=move |_| select(id.clone())>
                                        <span class="chat-item-name">{name}</span>
                                        <span class="chat-item-meta">{item.page.clone().unwrap_or_default()}</span>
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
                {move || shown.with(Vec::is_empty).then(|| view! { <p class="muted">{tr("chat-empty")}</p> })}
            </section>
            {move || live.selected.get().map(|id| view! { <Conversation live=live id=id me=me.clone()/> })}
        </div>
    }
    .into_any()
}

#[component]
fn Conversation(live: Live, id: String, me: String) -> impl IntoView {
    let s = expect_context::<Session>();
    let tr = move |k: &'static str| move || t(&s.locale.get(), k);
    let id_c = id.clone();
    let item = Memo::new(move |_| {
        live.items
            .with(|l| l.iter().find(|i| i.id == id_c).cloned())
    });
    let draft = RwSignal::new(String::new());
    let typing_at = StoredValue::new(0f64);
    let id_send = id.clone();
    let send = move || {
        let text = draft.get_untracked().trim().to_owned();
        if text.is_empty() {
            return;
        }
        let id = new_id();
        live.sent
            .update_value(|s| s.push((id_send.clone(), id.clone(), text.clone())));
        live.send(&AgentFrame::Send {
            conversation: id_send.clone(),
            id,
            text,
        });
        live.send(&AgentFrame::Typing {
            conversation: id_send.clone(),
            on: false,
        });
        draft.set(String::new());
    };
    let send2 = send.clone();
    let id_typing = id.clone();
    let on_input = move |ev| {
        draft.set(event_target_value(&ev));
        let now = js_sys::Date::now();
        if now - typing_at.get_value() > 3000.0 {
            typing_at.set_value(now);
            live.send(&AgentFrame::Typing {
                conversation: id_typing.clone(),
                on: true,
            });
        }
    };
    let patch = move |body: serde_json::Value| {
        let Some(site) = item.get_untracked().map(|i| i.site) else {
            return;
        };
        let id = item.get_untracked().map(|i| i.id).unwrap_or_default();
        leptos::task::spawn_local(async move {
            match api::update_chat(&site, &id, &body).await {
                Ok(updated) => live.items.update(|l| {
                    if let Some(i) = l.iter_mut().find(|i| i.id == updated.id) {
                        *i = updated;
                    }
                }),
                Err(e) => live.error.set(Some(e.message)),
            }
        });
    };
    let me_take = me.clone();
    let mine = {
        let me = me.clone();
        move || item.get().and_then(|i| i.assignee).as_deref() == Some(me.as_str())
    };
    view! {
        <section class="chat-conversation" aria-labelledby="chat-conv-title">
            {move || item.get().map(|i| {
                let name = i.visitor_name.clone().unwrap_or_else(|| t(&s.locale.get_untracked(), "chat-anonymous"));
                view! {
                    <header class="chat-conv-head">
                        <h2 id="chat-conv-title">{name}</h2>
                        <dl class="chat-context">
                            {i.visitor_email.clone().map(|e| view! { <dt>{tr("chat-email")}</dt><dd>{e}</dd> })}
                            {i.user_id.clone().map(|u| view! { <dt>{tr("chat-verified")}</dt><dd>{u}</dd> })}
                            <dt>{tr("chat-language")}</dt><dd>{i.locale.clone()}</dd>
                            {i.page.clone().map(|p| view! { <dt>{tr("chat-page")}</dt><dd class="chat-page">{p}</dd> })}
                        </dl>
                    </header>
                }
            })}
            <div class="chat-actions">
                {
                    let me_take = me_take.clone();
                    let mine = mine.clone();
                    move || (!mine()).then(|| {
                        let me_take = me_take.clone();
                        view! {
                            <button type="button" class="secondary"
                                on:click=move |_| patch(serde_json::json!({ "assignee": me_take.clone() }))>
                                {tr("chat-take")}
                            </button>
                        }
                    })
                }
                <button type="button" class="secondary"
                    on:click=move |_| patch(serde_json::json!({ "status": "closed" }))>
                    {tr("chat-close")}
                </button>
                <button type="button" class="secondary danger"
                    on:click=move |_| {
                        let ok = web_sys::window()
                            .and_then(|w| w.confirm_with_message(&t(&s.locale.get_untracked(), "chat-block-confirm")).ok())
                            .unwrap_or(false);
                        if ok {
                            patch(serde_json::json!({ "block": true }));
                        }
                    }>
                    {tr("chat-block")}
                </button>
            </div>
            <ol class="chat-messages" role="log" aria-live="polite">
                <For each=move || live.messages.get() key=|m| m.seq let:m>
                    {
                        let class = match m.author {
                            ChatAuthor::Visitor => "chat-msg visitor",
                            ChatAuthor::Agent => "chat-msg agent",
                            ChatAuthor::System => "chat-msg system",
                        };
                        let who = match m.author {
                            ChatAuthor::Visitor => t(&s.locale.get_untracked(), "chat-visitor"),
                            _ => m.agent.as_ref().and_then(|a| a.name.clone()).unwrap_or_else(|| t(&s.locale.get_untracked(), "chat-team")),
                        };
                        let seq = m.seq;
                        let agent = m.author == ChatAuthor::Agent;
                        view! {
                            <li class=class data-seq=seq>
                                <span class="chat-who">{who}</span>
                                <p class="chat-text">{m.text.clone()}</p>
                                {agent.then(|| view! {
                                    <span class="chat-state">{move || t(&s.locale.get(), if live.visitor_read.get() >= seq { "chat-read" } else { "chat-delivered" })}</span>
                                })}
                            </li>
                        }
                    }
                </For>
            </ol>
            <p class="chat-typing" aria-live="polite">{move || live.visitor_typing.get().then(|| t(&s.locale.get(), "chat-visitor-typing"))}</p>
            <form class="chat-reply" on:submit=move |ev| { ev.prevent_default(); send(); }>
                <label for="chat-reply-text" class="sr-only">{tr("chat-reply")}</label>
                <textarea id="chat-reply-text" rows="3" maxlength="4000"
                    prop:value=move || draft.get()
                    on:input=on_input
                    on:keydown=move |ev: web_sys::KeyboardEvent| {
                        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                            ev.prevent_default();
                            send2();
                        }
                    }></textarea>
                <button type="submit">{tr("chat-send")}</button>
            </form>
            {move || item.get().map(|i| t_args(&s.locale.get(), "chat-started", &[("when", crate::tickets::when(&s.locale.get(), i.created_at))])).map(|x| view! { <p class="muted">{x}</p> })}
        </section>
    }
}

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
