//! The console's chat WebSocket (`GET /api/v1/console/chat/socket`, issue 6): `hello` first;
//! then the open conversations of the agent's sites as `inbox` frames, every new message and
//! change on those sites, and the messages of a `watch`ed conversation after a given `seq`.
//! The agent counts as online while connected (unless they say `presence` away), which the
//! widget shows visitors. The socket needs the session cookie and the console's own `Origin`
//! (no other page can open it with the agent's cookie); it ends when the session does. The
//! rules it shares with the REST calls are in `chat_agent.rs`.

use super::auth::Authenticated;
use super::chat_agent::{chat_sites, member_chat, reply, INBOX_LIMIT};
use super::chat_socket::{timed, CLOSE_TIMEOUT, CLOSE_TOO_SLOW};
use crate::chat::for_inbox;
use crate::chat::hub::{Event, Kind};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::InboxFilter;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use futures_util::SinkExt as _;
use kefu_api::{
    AgentFrame, ChatAuthor, ChatSend, ServerFrame, CHAT_RESUME_WINDOW, CHAT_VERSION,
    MAX_CHAT_FRAME_BYTES,
};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

const PING_EVERY: Duration = Duration::from_secs(25);
const HELLO_TIMEOUT: Duration = Duration::from_secs(10);

static CONNECTIONS: AtomicU64 = AtomicU64::new(1);

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
            for (site, n) in
                state
                    .chat
                    .hub
                    .set_presence(id, &conn.auth.account.id, &conn.sites, None)
            {
                availability(&state, &site, n);
            }
            if let Err((code, reason)) = end {
                let close = Message::Close(Some(CloseFrame {
                    code,
                    reason: reason.into(),
                }));
                let _ = tokio::time::timeout(CLOSE_TIMEOUT, conn.socket.send(close)).await;
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
        timed(self.socket.send(Message::Text(json.into()))).await
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
        for (site, n) in
            state
                .chat
                .hub
                .set_presence(self.id, &self.auth.account.id, &self.sites, Some(true))
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
                    timed(self.socket.flush()).await?;
                }
                _ = ping.tick() => {
                    silent += 1;
                    // Signed out meanwhile: the socket ends with the session.
                    let alive = state.store.session(&self.auth.token_hash).await.ok().flatten().is_some();
                    if silent > 3 || !alive {
                        return Err((1008, "signed out"));
                    }
                    timed(self.socket.send(Message::Ping(Default::default()))).await?;
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
        timed(self.socket.feed(Message::Text(ev.json.as_ref().into()))).await
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
                for (site, n) in state.chat.hub.set_presence(
                    self.id,
                    &self.auth.account.id,
                    &self.sites,
                    Some(online),
                ) {
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
