//! The visitor's chat WebSocket (`GET /api/v1/sites/{site}/chat/socket`): `hello` first, then
//! `welcome`, the replay of what was missed, and both directions until either side closes.
//! The rules (starting, sending, limits, identity) are shared with the REST calls in `chat.rs`.

use super::chat::{chat_site, promise_secs, send, start, typing, who};
use crate::chat::hub::{Event, Kind, Listener};
use crate::chat::identity::{Identity, Who};
use crate::chat::{self, for_visitor};
use crate::error::ApiError;
use crate::site::SiteFile;
use crate::state::AppState;
use crate::store::ConversationRow;
use crate::tickets;
use crate::web::limits::client_ip_from;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use kefu_api::{
    ChatAuthor, ChatSend, ServerFrame, VisitorFrame, CHAT_RESUME_WINDOW, CHAT_VERSION,
    MAX_CHAT_FRAME_BYTES,
};
use std::net::IpAddr;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

/// WebSocket connections one visitor may hold (tabs, devices) on a site.
pub const MAX_VISITOR_CONNECTIONS: usize = 5;
/// Time to send `hello` after connecting.
const HELLO_TIMEOUT: Duration = Duration::from_secs(10);
/// A server ping this often; a connection silent for three of them is dropped.
const PING_EVERY: Duration = Duration::from_secs(25);

/// Close codes beyond RFC 6455's: the client should reconnect and resume.
pub const CLOSE_TOO_SLOW: u16 = 4001;
/// A frame the client has not taken within this long closes the connection (4001): a client
/// that stopped reading holds no task, buffer or connection slot for longer.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the close frame may take.
pub const CLOSE_TIMEOUT: Duration = Duration::from_secs(2);
pub const CLOSE_NOT_ALLOWED: u16 = 4003;

/// `GET /api/v1/sites/{site}/chat/socket` (WebSocket upgrade).
pub async fn socket(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    parts: Parts,
    ws: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    // Boxed: the connection's task keeps what it captures for as long as it lives.
    let site = Box::new(chat_site(&state, &site_id).await?);
    let ip = client_ip_from(&state, &parts.headers, &parts.extensions);
    let origin = parts
        .headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // Kefu's own origin is the hosted page (`/w/{site}`) that apps open in a WebView.
    let own = crate::site::file::normalize_origin(&state.settings.public_url).ok();
    if own.as_deref() != Some(origin) && !state.store.origin_allowed(&site_id, origin).await? {
        return Err(ApiError::Forbidden {
            code: "forbidden_origin",
            message: "this page's origin is not on the site's list of allowed websites".into(),
        });
    }
    Ok(ws
        .max_frame_size(MAX_CHAT_FRAME_BYTES)
        .max_message_size(MAX_CHAT_FRAME_BYTES)
        // Small buffers: most connections are idle most of the time, and a visitor's frames
        // are small (a longer one takes more reads, up to the limit above).
        .read_buffer_size(1024)
        .write_buffer_size(0)
        .on_upgrade(move |socket| async move {
            Conn {
                state,
                site_id,
                socket,
                ip,
            }
            .run(site)
            .await
        })
        .into_response())
}

/// A write to a client socket, within [`SEND_TIMEOUT`]: `Err` with the close code and reason
/// when the client is gone (1006) or too slow to take it (4001).
pub(super) async fn timed<E>(
    write: impl std::future::Future<Output = Result<(), E>>,
) -> Result<(), (u16, &'static str)> {
    match tokio::time::timeout(SEND_TIMEOUT, write).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(_)) => Err((1006, "gone")),
        Err(_) => Err((CLOSE_TOO_SLOW, "too slow: reconnect and resume")),
    }
}

/// Why a connection ends, with the close frame to send.
struct Close(u16, &'static str);

fn frame_json(frame: &ServerFrame) -> Message {
    Message::Text(
        serde_json::to_string(frame)
            .unwrap_or_else(|_| "{}".into())
            .into(),
    )
}

fn error_frame(e: &ApiError, id: Option<String>) -> ServerFrame {
    let retry_after_secs = match e {
        ApiError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
        _ => None,
    };
    ServerFrame::Error {
        code: e.code().to_owned(),
        message: e.to_string(),
        id,
        retry_after_secs,
    }
}

/// A visitor's connection. It keeps the site's id only: the site document is read for
/// `hello` and for `start`, so an idle connection holds none of it.
struct Conn {
    state: AppState,
    site_id: String,
    socket: WebSocket,
    ip: Option<IpAddr>,
}

/// What a connection knows of its visitor.
struct Visitor {
    who: Who,
    /// Boxed: most connections have none.
    conversation: Option<Box<ConversationRow>>,
    /// The highest `seq` of `conversation` sent on this connection.
    sent: u64,
}

impl Conn {
    async fn run(mut self, site: Box<SiteFile>) {
        if let Err(Close(code, reason)) = self.serve(site).await {
            // A jammed connection may not take even this: it is dropped after a moment.
            let close = Message::Close(Some(CloseFrame {
                code,
                reason: reason.into(),
            }));
            let _ = Box::pin(tokio::time::timeout(CLOSE_TIMEOUT, self.socket.send(close))).await;
        }
    }

    /// Sends a frame; a client that takes more than [`SEND_TIMEOUT`] to take it is too slow.
    async fn send(&mut self, frame: &ServerFrame) -> Result<(), Close> {
        self.send_message(frame_json(frame)).await
    }

    async fn send_message(&mut self, msg: Message) -> Result<(), Close> {
        // Boxed (with its timer): not part of an idle connection's state.
        Box::pin(timed(self.socket.send(msg)))
            .await
            .map_err(|(c, r)| Close(c, r))
    }

    /// The first frame: `hello`.
    async fn hello(&mut self) -> Result<(String, Option<String>, u64, Option<Identity>), Close> {
        let first = tokio::time::timeout(HELLO_TIMEOUT, self.socket.recv())
            .await
            .map_err(|_| Close(1008, "send hello first"))?;
        let text = match first {
            Some(Ok(Message::Text(t))) => t,
            Some(Err(e)) if is_too_big(&e) => return Err(Close(1009, "frame too big")),
            _ => return Err(Close(1008, "send hello first")),
        };
        match serde_json::from_str::<VisitorFrame>(text.as_str()) {
            Ok(VisitorFrame::Hello {
                v,
                token,
                conversation,
                after,
                identity,
            }) => {
                if v != CHAT_VERSION {
                    return Err(Close(1002, "unsupported protocol version"));
                }
                if !tickets::valid_visitor_token(&token) {
                    return Err(Close(CLOSE_NOT_ALLOWED, "invalid visitor token"));
                }
                Ok((token, conversation, after, identity))
            }
            _ => Err(Close(1008, "send hello first")),
        }
    }

    /// `hello`, who the visitor is, the welcome and what they missed: boxed, so that none of
    /// it (the site document included) stays in an idle connection's state.
    async fn setup(&mut self, site: Box<SiteFile>) -> Result<(Visitor, Listener), Close> {
        let (token, conversation, after, claim) = self.hello().await?;
        let state = self.state.clone();
        let hub = &state.chat.hub;
        let site_id = self.site_id.clone();
        let promise = promise_secs(&site);
        let who = who(&state, &site, &token, claim.as_ref()).await;
        drop(site);
        let who = match who {
            Ok(w) => w,
            Err(ApiError::Forbidden { .. }) => {
                return Err(Close(CLOSE_NOT_ALLOWED, "identity not verified"))
            }
            Err(_) => return Err(Close(1011, "try again")),
        };
        let hash = who.key.clone();
        if hub.visitor_connections(&site_id, &hash) >= MAX_VISITOR_CONNECTIONS {
            return Err(Close(CLOSE_NOT_ALLOWED, "too many connections"));
        }
        // Listen first, then read what is stored: nothing falls in between.
        let rx = hub.visitor(&site_id, &hash);
        let current = state
            .store
            .current_conversation(&site_id, &hash)
            .await
            .map_err(|_| Close(1011, "try again"))?;
        let mut me = Visitor {
            who,
            sent: 0,
            conversation: current.map(Box::new),
        };
        self.send(&ServerFrame::Welcome {
            v: CHAT_VERSION,
            conversation: me.conversation.as_deref().map(for_visitor),
            agents_online: hub.agents_online(&site_id),
            promise_secs: promise,
        })
        .await?;
        if let Some(c) = me.conversation.clone() {
            let from = if conversation.as_deref() == Some(c.id.as_str()) {
                after.min(c.last_seq)
            } else {
                0
            };
            self.replay(&mut me, &c, from).await?;
        }
        Ok((me, rx))
    }

    async fn serve(&mut self, site: Box<SiteFile>) -> Result<(), Close> {
        // Handlers are boxed too: an idle connection holds only this loop's state.
        let (mut me, mut rx) = Box::pin(self.setup(site)).await?;
        let mut ping = tokio::time::interval(PING_EVERY);
        ping.tick().await;
        let mut silent = 0u32;
        loop {
            tokio::select! {
                incoming = self.socket.recv() => {
                    silent = 0;
                    match incoming {
                        Some(Ok(Message::Text(t))) => Box::pin(self.on_frame(&mut me, t.as_str())).await?,
                        Some(Ok(Message::Binary(_))) => return Err(Close(1003, "text frames only")),
                        Some(Ok(Message::Close(_))) | None => return Ok(()),
                        Some(Ok(_)) => {}
                        Some(Err(e)) if is_too_big(&e) => return Err(Close(1009, "frame too big")),
                        Some(Err(_)) => return Ok(()),
                    }
                }
                ev = rx.recv() => match ev {
                    Ok(ev) => Box::pin(self.on_event(&mut me, &ev)).await?,
                    Err(RecvError::Lagged(_)) => return Err(Close(CLOSE_TOO_SLOW, "too slow: reconnect and resume")),
                    Err(RecvError::Closed) => return Err(Close(1012, "restarting")),
                },
                _ = ping.tick() => {
                    silent += 1;
                    if silent > 3 {
                        return Ok(());
                    }
                    self.send_message(Message::Ping(Default::default())).await?;
                }
            }
        }
    }

    /// Sends the messages of `c` after `after`, or `resync` when too many were missed.
    async fn replay(
        &mut self,
        me: &mut Visitor,
        c: &ConversationRow,
        after: u64,
    ) -> Result<(), Close> {
        me.sent = after;
        if c.last_seq <= after {
            return Ok(());
        }
        if c.last_seq - after > CHAT_RESUME_WINDOW {
            me.sent = c.last_seq;
            return self
                .send(&ServerFrame::Resync {
                    conversation: c.id.clone(),
                })
                .await;
        }
        let missed = self
            .state
            .store
            .chat_messages_after(&c.id, after, CHAT_RESUME_WINDOW)
            .await
            .map_err(|_| Close(1011, "try again"))?;
        for m in missed {
            let seq = m.seq;
            self.send(&ServerFrame::Message(m)).await?;
            me.sent = seq;
        }
        Ok(())
    }

    async fn on_event(&mut self, me: &mut Visitor, ev: &Event) -> Result<(), Close> {
        let current = me.conversation.as_ref().map(|c| c.id.clone());
        let is_current = current.as_deref() == Some(ev.conversation.as_str());
        match ev.kind {
            Kind::Message => {
                if is_current && ev.seq <= me.sent {
                    return Ok(()); // replayed already
                }
                if is_current {
                    me.sent = ev.seq;
                    if let Some(c) = me.conversation.as_mut() {
                        c.last_seq = c.last_seq.max(ev.seq);
                    }
                }
            }
            Kind::Conversation => {
                // Started (maybe in another tab), taken by an agent, or closed: read it again.
                let fresh = self
                    .state
                    .store
                    .conversation(&ev.conversation)
                    .await
                    .map_err(|_| Close(1011, "try again"))?;
                if !is_current {
                    me.sent = 0;
                }
                me.conversation = fresh.map(Box::new);
            }
            // The visitor's own typing and read marks are not echoed.
            Kind::Other if ev.from == Some(ChatAuthor::Visitor) => return Ok(()),
            Kind::Other => {}
        }
        self.send_message(Message::Text(ev.json.as_ref().into()))
            .await
    }

    async fn on_frame(&mut self, me: &mut Visitor, text: &str) -> Result<(), Close> {
        let frame = match serde_json::from_str::<VisitorFrame>(text) {
            Ok(f) => f,
            Err(e) => {
                let err = ApiError::bad_request("invalid_frame", format!("not a chat frame: {e}"));
                return self.send(&error_frame(&err, None)).await;
            }
        };
        let state = self.state.clone();
        let site = self.site_id.clone();
        match frame {
            VisitorFrame::Hello { .. } => {
                let err = ApiError::bad_request("invalid_frame", "hello was already said");
                self.send(&error_frame(&err, None)).await
            }
            VisitorFrame::Ping => self.send(&ServerFrame::Pong).await,
            VisitorFrame::Start(body) => {
                let started = match chat_site(&state, &site).await {
                    Ok(file) => start(&state, &file, &me.who, body, self.ip).await,
                    Err(e) => Err(e),
                };
                match started {
                    Ok((row, _)) => {
                        if me.conversation.as_ref().map(|c| &c.id) != Some(&row.id) {
                            me.sent = 0;
                        }
                        let frame = ServerFrame::Conversation(for_visitor(&row));
                        me.conversation = Some(Box::new(row));
                        self.send(&frame).await
                    }
                    Err(e) => self.send(&error_frame(&e, None)).await,
                }
            }
            VisitorFrame::Send { id, text } => {
                let msg = ChatSend {
                    id: id.clone(),
                    text,
                };
                match send(
                    &state,
                    &site,
                    &me.who.key,
                    me.conversation.as_deref(),
                    msg,
                    self.ip,
                )
                .await
                {
                    Ok(ack) => {
                        // Its own message need not come back on this connection, unless
                        // others were stored in between (they come first, in order).
                        if ack.seq == me.sent + 1 {
                            me.sent = ack.seq;
                        }
                        self.send(&ServerFrame::Ack(ack)).await
                    }
                    Err(e) => self.send(&error_frame(&e, Some(id))).await,
                }
            }
            VisitorFrame::Typing { on } => {
                if let Some(c) = &me.conversation {
                    typing(&state, c, on);
                }
                Ok(())
            }
            VisitorFrame::Read { seq } => {
                if let Some(c) = me.conversation.clone() {
                    if let Err(e) = chat::mark_read(&state, &c, ChatAuthor::Visitor, seq).await {
                        return self.send(&error_frame(&e, None)).await;
                    }
                    if let Some(c) = me.conversation.as_mut() {
                        c.visitor_read_seq = c.visitor_read_seq.max(seq.min(c.last_seq));
                    }
                }
                Ok(())
            }
        }
    }
}

/// A frame or message over the size limit.
pub fn is_too_big(e: &axum::Error) -> bool {
    let text = format!("{e:?}");
    text.contains("Capacity") || text.contains("too long") || text.contains("TooLong")
}
