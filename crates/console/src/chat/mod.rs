//! Live chat for agents (issue 6): the inbox (unassigned / mine / all) kept current by the
//! console's WebSocket (`/api/v1/console/chat/socket`), a conversation with the visitor's
//! context (name, e-mail, verified id, language, page), replies, typing both ways, read marks,
//! take / assign / close, canned responses, images both ways, the visitor's earlier chats and
//! tickets, the agent's presence (online or away, which decides what visitors are offered),
//! and a sound and desktop notification when a visitor starts a conversation.
//!
//! Everything a visitor wrote is shown as text.

mod canned;
mod context;
mod conversation;
mod report;

pub use report::ChatReport;

use crate::i18n::t;
use crate::Session;
use conversation::Conversation;
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
    /// How visitors see this agent (the server does not echo an agent's own replies).
    me_card: StoredValue<Option<kefu_api::AgentCard>>,
}

impl Live {
    fn is_selected(&self, conversation: &str) -> bool {
        self.selected.get_untracked().as_deref() == Some(conversation)
    }

    fn send(&self, frame: &AgentFrame) {
        if !self.alive() {
            return;
        }
        let Ok(text) = serde_json::to_string(frame) else {
            return;
        };
        self.ws.with_value(|ws| {
            if let Some(ws) = ws {
                let _ = ws.send_with_str(&text);
            }
        });
    }

    /// The shell that owns these signals is still there (a socket's callbacks may outlive it).
    fn alive(&self) -> bool {
        self.alive.try_get_value().unwrap_or(false)
    }

    fn on_frame(&self, me: &str, frame: ServerFrame) {
        if !self.alive() {
            return;
        }
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
                // The stored message replaces what an `ack` put in its place.
                self.messages.update(|list| {
                    let at = list.partition_point(|x| x.seq < m.seq);
                    if list.get(at).is_some_and(|x| x.seq == m.seq) {
                        list[at] = m;
                    } else {
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
                            agent: self.me_card.get_value(),
                            text,
                            image: None,
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

pub(super) fn new_id() -> String {
    let a = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    let b = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    format!("a{:x}{a:08x}{b:08x}", js_sys::Date::now() as u64)
}

fn connect(live: Live, me: String) {
    if !live.alive() {
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
        if !live.alive() {
            return;
        }
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
        me_card: StoredValue::new(None),
    };
    provide_context(live);
    connect(live, me);
    on_cleanup(move || {
        live.alive.set_value(false);
        live.ws.update_value(|ws| {
            if let Some(ws) = ws.take() {
                ws.set_onclose(None);
                ws.set_onmessage(None);
                ws.set_onopen(None);
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
    let chat_sites: Vec<String> = s.me.with_untracked(|m| {
        m.iter()
            .flat_map(|m| m.sites.iter())
            .filter(|x| x.chat)
            .map(|x| x.site.clone())
            .collect()
    });
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
                                        <span class="chat-item-name" dir="auto">{name}</span>
                                        <span class="chat-item-meta" dir="ltr">{item.page.clone().unwrap_or_default()}</span>
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
        <canned::CannedManager sites=chat_sites/>
    }
    .into_any()
}
