//! Live chat, the team's side (issue 6): the console's WebSocket and REST calls. Agents are
//! signed in by their session cookie; the socket also needs the console's own `Origin` (no
//! other page can open it with the agent's cookie). An agent sees the conversations of the
//! sites they are a member of, and only those.
//!
//! - `GET /api/v1/console/chat/socket`: first frame `hello`; then the open conversations of
//!   the agent's sites as `inbox` frames, every new message and change on those sites, and the
//!   messages of a `watch`ed conversation after a given `seq`. The agent counts as online
//!   while connected (unless they say `presence` away), which the widget shows visitors.
//! - `GET /api/v1/console/sites/{site}/chats?filter=unassigned|mine|all`: the inbox.
//! - `GET …/chats/{id}?after=N`: one conversation with its messages.
//! - `POST …/chats/{id}/messages`: a reply (the first reply takes an unassigned one).
//! - `PATCH …/chats/{id}` `{"assignee": "<account id>"|null}`, `{"status":"closed"}` or
//!   `{"block": true|false}` (a blocked visitor cannot start a chat on the site).
//! - `GET …/chats/report?days=30`: first responses, the promise, agents, hours, ratings.

use super::auth::Authenticated;
use super::chat_socket::CLOSE_TOO_SLOW;
use crate::chat::hub::{Event, Kind};
use crate::chat::{check_message_id, check_text, for_inbox, for_visitor};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{now_ms, Appended, ConversationRow, InboxFilter, NewChatMessage};
use crate::web::json::AppJson;
use crate::web::query::ApiQuery;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::SinkExt as _;
use kefu_api::{
    AgentFrame, ChatAck, ChatAuthor, ChatMessage, ChatSend, ChatStatus, InboxItem, ServerFrame,
    CHAT_PAGE, CHAT_RESUME_WINDOW, CHAT_VERSION, MAX_CHAT_FRAME_BYTES,
};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

const PING_EVERY: Duration = Duration::from_secs(25);
const HELLO_TIMEOUT: Duration = Duration::from_secs(10);
const INBOX_LIMIT: u64 = 200;

static CONNECTIONS: AtomicU64 = AtomicU64::new(1);

/// The sites the agent works on that offer chat.
async fn chat_sites(state: &AppState, account: &str) -> Result<Vec<String>, ApiError> {
    let mut out = vec![];
    for (site, _) in state.store.memberships(account).await? {
        if let Some(s) = state.store.site(&site).await? {
            if s.site.modules.chat {
                out.push(site);
            }
        }
    }
    Ok(out)
}

fn no_such_chat() -> ApiError {
    ApiError::NotFound("no conversation with this id on your sites".into())
}

/// The conversation, if it is on a site the agent works on (else the same 404 as none).
async fn member_chat(
    state: &AppState,
    sites: &[String],
    id: &str,
) -> Result<ConversationRow, ApiError> {
    if !crate::chat::valid_conversation_id(id) {
        return Err(no_such_chat());
    }
    let c = state
        .store
        .conversation(id)
        .await?
        .ok_or_else(no_such_chat)?;
    if sites.contains(&c.site_id) {
        Ok(c)
    } else {
        Err(no_such_chat())
    }
}

/// Tells the visitor and the team that a conversation changed.
fn announce(state: &AppState, c: &ConversationRow) {
    let hub = &state.chat.hub;
    hub.publish_visitor(
        &c.site_id,
        &c.visitor_hash,
        Event::new(&c.id, 0, None, &ServerFrame::Conversation(for_visitor(c))),
    );
    hub.publish_team(
        &c.site_id,
        Event::new(&c.id, 0, None, &ServerFrame::Inbox(for_inbox(c))),
    );
}

/// Stores an agent's reply; the first reply takes an unassigned conversation.
async fn reply(
    state: &AppState,
    agent: &crate::store::AccountRow,
    c: &ConversationRow,
    msg: ChatSend,
) -> Result<ChatAck, ApiError> {
    check_message_id(&msg.id)?;
    let text = check_text(&msg.text)?;
    let (name, _) = state.store.agent_profile(&agent.id).await?;
    let appended = state
        .chat
        .writer
        .append(
            &c.site_id,
            &c.visitor_hash,
            NewChatMessage {
                conversation_id: c.id.clone(),
                client_id: msg.id,
                author: ChatAuthor::Agent,
                agent_id: Some(agent.id.clone()),
                agent_name: name,
                body: text,
                at: now_ms(),
            },
        )
        .await?;
    let stored_now = matches!(appended, Appended::Stored(_));
    let ack = crate::chat::ack(appended, ChatAuthor::Agent)?;
    if stored_now && c.assignee_id.is_none() {
        if let Some(taken) = state
            .store
            .assign_conversation(&c.id, Some(&agent.id), now_ms())
            .await?
        {
            announce(state, &taken);
        }
    }
    Ok(ack)
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InboxQuery {
    filter: Option<String>,
}

/// `GET /api/v1/console/sites/{site}/chats?filter=…`
pub async fn inbox(
    State(state): State<AppState>,
    auth: Authenticated,
    Path(site): Path<String>,
    ApiQuery(q): ApiQuery<InboxQuery>,
) -> Result<Json<Vec<InboxItem>>, ApiError> {
    if !chat_sites(&state, &auth.account.id).await?.contains(&site) {
        return Err(ApiError::SiteNotFound(site));
    }
    let filter = match q.filter.as_deref().unwrap_or("all") {
        "unassigned" => InboxFilter::Unassigned,
        "mine" => InboxFilter::Mine,
        "all" => InboxFilter::All,
        _ => {
            return Err(ApiError::bad_request(
                "invalid_query",
                "filter: unassigned, mine or all",
            ))
        }
    };
    let rows = state
        .store
        .inbox(&site, filter, &auth.account.id, INBOX_LIMIT)
        .await?;
    Ok(Json(rows.iter().map(for_inbox).collect()))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AfterQuery {
    #[serde(default)]
    after: u64,
}

#[derive(serde::Serialize)]
pub struct ChatView {
    conversation: InboxItem,
    messages: Vec<ChatMessage>,
    more: bool,
}

/// `GET /api/v1/console/sites/{site}/chats/{id}?after=N`
pub async fn get_one(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((site, id)): Path<(String, String)>,
    ApiQuery(q): ApiQuery<AfterQuery>,
) -> Result<Json<ChatView>, ApiError> {
    let sites = chat_sites(&state, &auth.account.id).await?;
    let c = member_chat(&state, &sites, &id).await?;
    if c.site_id != site {
        return Err(no_such_chat());
    }
    let messages = state
        .store
        .chat_messages_after(&c.id, q.after, CHAT_PAGE)
        .await?;
    let more = messages.last().is_some_and(|m| m.seq < c.last_seq);
    Ok(Json(ChatView {
        conversation: for_inbox(&c),
        messages,
        more,
    }))
}

/// `POST /api/v1/console/sites/{site}/chats/{id}/messages`
pub async fn send_rest(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((site, id)): Path<(String, String)>,
    AppJson(body): AppJson<ChatSend>,
) -> Result<(StatusCode, Json<ChatAck>), ApiError> {
    let sites = chat_sites(&state, &auth.account.id).await?;
    let c = member_chat(&state, &sites, &id).await?;
    if c.site_id != site {
        return Err(no_such_chat());
    }
    let ack = reply(&state, &auth.account, &c, body).await?;
    Ok(crate::chat::ack_response(ack))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatPatch {
    /// An account id, or `null` to give it back to the queue.
    #[serde(default, with = "double_option")]
    assignee: Option<Option<String>>,
    #[serde(default)]
    status: Option<ChatStatus>,
    /// Blocks the conversation's visitor from chatting on the site (and ends the
    /// conversation), or unblocks them.
    #[serde(default)]
    block: Option<bool>,
}

mod double_option {
    use serde::{Deserialize, Deserializer};
    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        d: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }
}

/// `PATCH /api/v1/console/sites/{site}/chats/{id}`
pub async fn update(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((site, id)): Path<(String, String)>,
    AppJson(body): AppJson<ChatPatch>,
) -> Result<Json<InboxItem>, ApiError> {
    let sites = chat_sites(&state, &auth.account.id).await?;
    let mut c = member_chat(&state, &sites, &id).await?;
    if c.site_id != site {
        return Err(no_such_chat());
    }
    let ended = crate::chat::conversation_closed;
    if let Some(assignee) = body.assignee {
        if let Some(a) = &assignee {
            let member = state
                .store
                .memberships(a)
                .await?
                .iter()
                .any(|(s, _)| *s == site);
            if !member {
                return Err(crate::tickets::field_error(
                    "invalid_assignee",
                    "assignee",
                    "the assignee must be a member of this site",
                ));
            }
        }
        c = state
            .store
            .assign_conversation(&c.id, assignee.as_deref(), now_ms())
            .await?
            .ok_or_else(ended)?;
        announce(&state, &c);
    }
    match body.status {
        Some(ChatStatus::Closed) => {
            c = state
                .store
                .close_conversation(&c.id, now_ms())
                .await?
                .ok_or_else(ended)?;
            announce(&state, &c);
        }
        Some(ChatStatus::Open) => {
            return Err(crate::tickets::field_error(
                "invalid_status",
                "status",
                "a conversation can be closed, not reopened (the visitor starts a new one)",
            ))
        }
        None => {}
    }
    if let Some(block) = body.block {
        let by = block.then_some(auth.account.id.as_str());
        state
            .store
            .set_chat_block(&c.site_id, &c.visitor_hash, by, now_ms())
            .await?;
        if block && c.status == ChatStatus::Open {
            if let Some(closed) = state.store.close_conversation(&c.id, now_ms()).await? {
                c = closed;
                announce(&state, &c);
            }
        }
    }
    let mut item = for_inbox(&c);
    item.blocked = state
        .store
        .chat_blocked(&c.site_id, &c.visitor_hash)
        .await?;
    Ok(Json(item))
}

/// `GET /api/v1/console/chat/socket` (WebSocket upgrade).
pub async fn socket(
    State(state): State<AppState>,
    auth: Authenticated,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    let own = state.settings.public_url.trim_end_matches('/');
    if headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) != Some(own) {
        return Err(ApiError::Forbidden {
            code: "forbidden_origin",
            message: "the chat socket opens only from the Kefu console's own pages".into(),
        });
    }
    let sites = chat_sites(&state, &auth.account.id).await?;
    Ok(ws
        .max_frame_size(MAX_CHAT_FRAME_BYTES)
        .max_message_size(MAX_CHAT_FRAME_BYTES)
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0)
        .on_upgrade(move |socket| async move {
            let id = CONNECTIONS.fetch_add(1, Ordering::Relaxed);
            let mut conn = AgentConn {
                id,
                state: state.clone(),
                auth,
                sites,
                socket,
                watched: HashMap::new(),
            };
            let end = conn.serve().await;
            for (site, n) in state.chat.hub.set_presence(id, &conn.sites, None) {
                availability(&state, &site, n);
            }
            if let Err((code, reason)) = end {
                let _ = conn
                    .socket
                    .send(Message::Close(Some(CloseFrame {
                        code,
                        reason: reason.into(),
                    })))
                    .await;
            }
        })
        .into_response())
}

/// Tells a site's connected visitors how many agents are online.
fn availability(state: &AppState, site: &str, agents_online: u32) {
    state.chat.hub.publish_visitors(
        site,
        Event::new("", 0, None, &ServerFrame::Availability { agents_online }),
    );
}

type Closing = (u16, &'static str);

struct AgentConn {
    id: u64,
    state: AppState,
    auth: Authenticated,
    sites: Vec<String>,
    socket: WebSocket,
    /// Watched conversations and the highest `seq` sent of each.
    watched: HashMap<String, u64>,
}

impl AgentConn {
    async fn send(&mut self, frame: &ServerFrame) -> Result<(), Closing> {
        let json = serde_json::to_string(frame).unwrap_or_else(|_| "{}".into());
        self.socket
            .send(Message::Text(json.into()))
            .await
            .map_err(|_| (1006, "gone"))
    }

    async fn serve(&mut self) -> Result<(), Closing> {
        let first = tokio::time::timeout(HELLO_TIMEOUT, self.socket.recv())
            .await
            .map_err(|_| (1008, "send hello first"))?;
        match first {
            Some(Ok(Message::Text(t))) => match serde_json::from_str::<AgentFrame>(t.as_str()) {
                Ok(AgentFrame::Hello { v }) if v == CHAT_VERSION => {}
                Ok(AgentFrame::Hello { .. }) => return Err((1002, "unsupported protocol version")),
                _ => return Err((1008, "send hello first")),
            },
            _ => return Err((1008, "send hello first")),
        }
        let state = self.state.clone();
        // Listen first, then list what is open.
        let mut streams = tokio_stream_merge(&state, &self.sites);
        for (site, n) in state
            .chat
            .hub
            .set_presence(self.id, &self.sites, Some(true))
        {
            availability(&state, &site, n);
        }
        self.send(&ServerFrame::Welcome {
            v: CHAT_VERSION,
            conversation: None,
            agents_online: 0,
            promise_secs: 0,
        })
        .await?;
        for site in self.sites.clone() {
            let open = state
                .store
                .inbox(&site, InboxFilter::All, &self.auth.account.id, INBOX_LIMIT)
                .await
                .map_err(|_| (1011, "try again"))?;
            for c in open {
                self.send(&ServerFrame::Inbox(for_inbox(&c))).await?;
            }
        }
        let mut ping = tokio::time::interval(PING_EVERY);
        ping.tick().await;
        let mut silent = 0u32;
        loop {
            tokio::select! {
                incoming = self.socket.recv() => {
                    silent = 0;
                    match incoming {
                        Some(Ok(Message::Text(t))) => Box::pin(self.on_frame(t.as_str())).await?,
                        Some(Ok(Message::Binary(_))) => return Err((1003, "text frames only")),
                        Some(Ok(Message::Close(_))) | None => return Ok(()),
                        Some(Ok(_)) => {}
                        Some(Err(e)) if super::chat_socket::is_too_big(&e) => return Err((1009, "frame too big")),
                        Some(Err(_)) => return Ok(()),
                    }
                }
                ev = streams.recv() => {
                    let Some(first) = ev else {
                        return Err((1012, "restarting"));
                    };
                    // What is already waiting goes out in one write.
                    for item in take_waiting(first, &mut streams, 256) {
                        match item {
                            Ok(ev) => self.on_event(&ev).await?,
                            Err(()) => return Err((CLOSE_TOO_SLOW, "too slow: reconnect and resume")),
                        }
                    }
                    self.socket.flush().await.map_err(|_| (1006, "gone"))?;
                }
                _ = ping.tick() => {
                    silent += 1;
                    // Signed out meanwhile: the socket ends with the session.
                    let alive = state.store.session(&self.auth.token_hash).await.ok().flatten().is_some();
                    if silent > 3 || !alive {
                        return Err((1008, "signed out"));
                    }
                    if self.socket.send(Message::Ping(Default::default())).await.is_err() {
                        return Ok(());
                    }
                }
            }
        }
    }

    /// Queues the event (unless a watched conversation's message was sent already); the
    /// caller flushes, once for all the events that were waiting.
    async fn on_event(&mut self, ev: &Event) -> Result<(), Closing> {
        if ev.kind == Kind::Message {
            if let Some(sent) = self.watched.get_mut(&ev.conversation) {
                if ev.seq <= *sent {
                    return Ok(());
                }
                *sent = ev.seq;
            }
        }
        self.socket
            .feed(Message::Text(ev.json.as_ref().into()))
            .await
            .map_err(|_| (1006, "gone"))
    }

    async fn error(&mut self, e: ApiError, id: Option<String>) -> Result<(), Closing> {
        self.send(&ServerFrame::Error {
            code: e.code().to_owned(),
            message: e.to_string(),
            id,
            retry_after_secs: None,
        })
        .await
    }

    async fn on_frame(&mut self, text: &str) -> Result<(), Closing> {
        let frame = match serde_json::from_str::<AgentFrame>(text) {
            Ok(f) => f,
            Err(e) => {
                return self
                    .error(
                        ApiError::bad_request("invalid_frame", format!("not a chat frame: {e}")),
                        None,
                    )
                    .await
            }
        };
        let state = self.state.clone();
        match frame {
            AgentFrame::Hello { .. } => {
                self.error(
                    ApiError::bad_request("invalid_frame", "hello was already said"),
                    None,
                )
                .await
            }
            AgentFrame::Ping => self.send(&ServerFrame::Pong).await,
            AgentFrame::Presence { online } => {
                for (site, n) in state
                    .chat
                    .hub
                    .set_presence(self.id, &self.sites, Some(online))
                {
                    availability(&state, &site, n);
                }
                Ok(())
            }
            AgentFrame::Watch {
                conversation,
                after,
            } => {
                let c = match member_chat(&state, &self.sites, &conversation).await {
                    Ok(c) => c,
                    Err(e) => return self.error(e, None).await,
                };
                let after = after.min(c.last_seq);
                self.watched.insert(c.id.clone(), after);
                if c.last_seq - after > CHAT_RESUME_WINDOW {
                    self.watched.insert(c.id.clone(), c.last_seq);
                    return self
                        .send(&ServerFrame::Resync {
                            conversation: c.id.clone(),
                        })
                        .await;
                }
                let missed = state
                    .store
                    .chat_messages_after(&c.id, after, CHAT_RESUME_WINDOW)
                    .await
                    .map_err(|_| (1011, "try again"))?;
                for m in missed {
                    let seq = m.seq;
                    self.send(&ServerFrame::Message(m)).await?;
                    self.watched.insert(c.id.clone(), seq);
                }
                Ok(())
            }
            AgentFrame::Send {
                conversation,
                id,
                text,
            } => {
                let result = match member_chat(&state, &self.sites, &conversation).await {
                    Ok(c) => {
                        reply(
                            &state,
                            &self.auth.account,
                            &c,
                            ChatSend {
                                id: id.clone(),
                                text,
                            },
                        )
                        .await
                    }
                    Err(e) => Err(e),
                };
                match result {
                    Ok(ack) => {
                        if let Some(sent) = self.watched.get_mut(&ack.conversation) {
                            if ack.seq == *sent + 1 {
                                *sent = ack.seq;
                            }
                        }
                        self.send(&ServerFrame::Ack(ack)).await
                    }
                    Err(e) => self.error(e, Some(id)).await,
                }
            }
            AgentFrame::Typing { conversation, on } => {
                if let Ok(c) = member_chat(&state, &self.sites, &conversation).await {
                    let frame = ServerFrame::Typing {
                        conversation: c.id.clone(),
                        author: ChatAuthor::Agent,
                        on,
                    };
                    state.chat.hub.publish_visitor(
                        &c.site_id,
                        &c.visitor_hash,
                        Event::new(&c.id, 0, Some(ChatAuthor::Agent), &frame),
                    );
                }
                Ok(())
            }
            AgentFrame::Read { conversation, seq } => {
                let c = match member_chat(&state, &self.sites, &conversation).await {
                    Ok(c) => c,
                    Err(e) => return self.error(e, None).await,
                };
                if let Err(e) = crate::chat::mark_read(&state, &c, ChatAuthor::Agent, seq).await {
                    return self.error(e, None).await;
                }
                Ok(())
            }
        }
    }
}

/// `first` and what else is waiting on `rx`, in order, at most `limit` in all; the rest stays
/// in `rx` for the next call (nothing taken is left out).
fn take_waiting<T>(first: T, rx: &mut tokio::sync::mpsc::Receiver<T>, limit: usize) -> Vec<T> {
    let mut out = vec![first];
    while out.len() < limit {
        match rx.try_recv() {
            Ok(more) => out.push(more),
            Err(_) => break,
        }
    }
    out
}

/// One stream of the events of several sites: `Err(())` when this connection fell behind.
fn tokio_stream_merge(
    state: &AppState,
    sites: &[String],
) -> tokio::sync::mpsc::Receiver<Result<std::sync::Arc<Event>, ()>> {
    let (tx, rx) = tokio::sync::mpsc::channel(crate::chat::hub::TEAM_QUEUE);
    for site in sites {
        let mut sub = state.chat.hub.team(site);
        let tx = tx.clone();
        tokio::spawn(async move {
            loop {
                let received = tokio::select! {
                    r = sub.recv() => r,
                    _ = tx.closed() => return, // the connection ended
                };
                let item = match received {
                    Ok(ev) => Ok(ev),
                    Err(RecvError::Lagged(_)) => Err(()),
                    Err(RecvError::Closed) => return,
                };
                let lagged = item.is_err();
                // A full queue means the agent's connection is not keeping up either.
                if tx.try_send(item).is_err() || lagged {
                    let _ = tx.try_send(Err(()));
                    return;
                }
            }
        });
    }
    rx
}

#[cfg(test)]
mod tests {
    use super::take_waiting;

    #[tokio::test]
    async fn a_backlog_is_taken_in_batches_without_losing_one() {
        let (tx, mut rx) = tokio::sync::mpsc::channel(1000);
        for n in 0..600 {
            tx.try_send(n).unwrap();
        }
        let mut got = vec![];
        while let Ok(first) = rx.try_recv() {
            let batch = take_waiting(first, &mut rx, 256);
            assert!(batch.len() <= 256);
            got.extend(batch);
        }
        assert_eq!(got, (0..600).collect::<Vec<_>>());
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    #[serde(default = "default_days")]
    days: u32,
}

fn default_days() -> u32 {
    30
}

/// `GET /api/v1/console/sites/{site}/chats/report?days=30` (1–366 days).
pub async fn report(
    State(state): State<AppState>,
    auth: Authenticated,
    Path(site): Path<String>,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> Result<Json<kefu_api::ChatReport>, ApiError> {
    if !(1..=366).contains(&q.days) {
        return Err(crate::tickets::field_error(
            "invalid_days",
            "days",
            "the period is 1 to 366 days",
        ));
    }
    let sites = chat_sites(&state, &auth.account.id).await?;
    if !sites.contains(&site) {
        return Err(ApiError::NotFound(
            "no site with chat by this id among your sites".into(),
        ));
    }
    let file = super::chat::chat_site(&state, &site).await?;
    let since = now_ms() - i64::from(q.days) * 86_400_000;
    let rows = state.store.chat_report_rows(&site, since).await?;
    let zone = file
        .time_zone
        .parse::<chrono_tz::Tz>()
        .unwrap_or(chrono_tz::UTC);
    Ok(Json(crate::chat::report::build(
        &rows,
        q.days,
        super::chat::promise_secs(&file),
        &crate::tickets::due::TzZone(zone),
    )))
}
