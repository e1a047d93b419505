//! Live chat, the visitor's side (issue 6). The visitor is known by the random token the widget
//! keeps, sent in the first WebSocket frame or as `Authorization: Bearer` over REST, never in a
//! URL.
//!
//! - `GET /api/v1/sites/{site}/chat/socket`: the WebSocket (`chat_socket.rs`) (`Origin` on the site's allow-list;
//!   frames over 64 KB close it with 1009). First frame `hello` with the token, the
//!   conversation and the last `seq` seen; the server answers `welcome`, replays what was
//!   missed (or asks for a REST `resync` beyond the resume window), then streams.
//! - `POST …/chat`: start (or get) the visitor's open conversation.
//! - `GET …/chat?after=N[&wait=S]`: the conversation and its messages after `N`; with `wait`
//!   a long poll (the HTTP fallback when no WebSocket can be opened).
//! - `POST …/chat/messages`, `…/chat/read`, `…/chat/typing`: the same over HTTP.
//! - `POST …/chat/rating`: the visitor rates a chat that has ended (R14).
//! - `POST …/chat/transcript`: the conversation e-mailed to the visitor.

use super::tickets::bearer;
use crate::chat::hub::Event;
use crate::chat::identity::{self, Identity, Who};
use crate::chat::{self, check_message_id, check_text, for_visitor};
use crate::error::ApiError;
use crate::site::SiteFile;
use crate::state::AppState;
use crate::store::{now_ms, ConversationRow, NewChatMessage, NewConversation};
use crate::tickets::{self, field_error};
use crate::web::json::AppJson;
use crate::web::limits::client_ip_from;
use crate::web::query::ApiQuery;
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use kefu_api::{
    ChatAck, ChatAuthor, ChatRating, ChatSend, ChatState, ChatStatus, ChatTranscriptRequest,
    ServerFrame, StartChat, CHAT_PAGE,
};
use std::net::IpAddr;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

/// The longest long poll.
const MAX_WAIT_SECS: u64 = 25;

/// The site, if it offers chat.
pub async fn chat_site(state: &AppState, site_id: &str) -> Result<SiteFile, ApiError> {
    super::site_with_module(state, site_id, |m| m.chat, "offers no chat").await
}

/// Each chat message is measured against the visitor's and the address's budgets.
pub(super) fn check_budget(
    state: &AppState,
    visitor: &str,
    ip: Option<IpAddr>,
) -> Result<(), ApiError> {
    state
        .chat
        .messages
        .check(&visitor.to_owned())
        .map_err(rate_limited)?;
    match ip {
        Some(ip) => state.chat.ip_messages.check(&ip).map_err(rate_limited),
        None => Ok(()),
    }
}

pub(super) fn rate_limited(retry_after_secs: u64) -> ApiError {
    ApiError::RateLimited { retry_after_secs }
}

/// Starts (or finds) the visitor's open conversation and tells their other connections. Only
/// a conversation actually started counts against the visitor's and the address's budgets.
pub async fn start(
    state: &AppState,
    site: &SiteFile,
    who: &Who,
    mut body: StartChat,
    ip: Option<IpAddr>,
) -> Result<(ConversationRow, bool), ApiError> {
    let visitor = who.key.as_str();
    if state.store.chat_blocked(&site.id, visitor).await? {
        return Err(ApiError::Forbidden {
            code: "visitor_blocked",
            message: "you cannot start a chat on this site; please leave a message instead".into(),
        });
    }
    let user_key = who.verified.as_ref().map(|_| visitor);
    super::terms::require_accepted(state, &site.id, &who.browser, user_key).await?;
    // What the site vouches for fills what the visitor left out.
    if let Some(user) = &who.verified {
        body.name = body.name.or_else(|| user.name.clone());
        body.email = body.email.or_else(|| user.email.clone());
    }
    if !site.locales.contains(&body.locale) {
        return Err(field_error(
            "invalid_locale",
            "locale",
            format!("`{}` is not one of the site's languages", body.locale),
        ));
    }
    let name = body
        .name
        .as_deref()
        .map(tickets::clean_text)
        .filter(|n| !n.is_empty());
    if name.as_ref().is_some_and(|n| n.chars().count() > 100) {
        return Err(field_error(
            "text_too_long",
            "name",
            "at most 100 characters",
        ));
    }
    let email = match body.email.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(e) => Some(
            crate::accounts::Email::parse(e)
                .map_err(|m| field_error("invalid_email", "email", m))?
                .as_str()
                .to_owned(),
        ),
    };
    let page = tickets::check_page(body.page.as_deref())?;
    let _one_at_a_time = state.chat.start_lock(visitor).lock().await;
    if let Some(open) = state
        .store
        .current_conversation(&site.id, visitor)
        .await?
        .filter(|c| c.status == ChatStatus::Open)
    {
        return Ok((open, false));
    }
    state
        .chat
        .starts
        .check(&visitor.to_owned())
        .map_err(rate_limited)?;
    if let Some(ip) = ip {
        state.chat.ip_starts.check(&ip).map_err(rate_limited)?;
    }
    let (row, created) = state
        .store
        .start_conversation(&NewConversation {
            id: chat::new_conversation_id(),
            site_id: site.id.clone(),
            visitor_hash: visitor.to_owned(),
            user_id: who.verified.as_ref().map(|u| u.id.clone()),
            visitor_name: name,
            visitor_email: email,
            locale: body.locale,
            page,
            at: now_ms(),
        })
        .await?;
    if created {
        state.chat.hub.publish(
            &site.id,
            visitor,
            Event::new(
                &row.id,
                0,
                Some(ChatAuthor::Visitor),
                &ServerFrame::Conversation(for_visitor(&row)),
            ),
        );
        state.chat.hub.publish_team(
            &site.id,
            Event::new(&row.id, 0, None, &ServerFrame::Inbox(chat::for_inbox(&row))),
        );
    }
    Ok((row, created))
}

/// Stores a visitor's message in their open conversation.
pub async fn send(
    state: &AppState,
    site: &str,
    visitor: &str,
    conversation: Option<&ConversationRow>,
    msg: ChatSend,
    ip: Option<IpAddr>,
) -> Result<ChatAck, ApiError> {
    check_message_id(&msg.id)?;
    let text = check_text(&msg.text)?;
    let c = open_conversation(conversation)?;
    check_budget(state, visitor, ip)?;
    store_visitor_message(state, site, visitor, c, msg.id, text, None).await
}

/// The visitor's conversation if it is open, else why they cannot write.
pub fn open_conversation(c: Option<&ConversationRow>) -> Result<&ConversationRow, ApiError> {
    c.filter(|c| c.status == ChatStatus::Open)
        .ok_or_else(|| ApiError::Conflict {
            code: "no_open_conversation",
            message: "start a conversation first".into(),
        })
}

/// Stores a checked visitor message (text, an image, or both) through the writer.
pub async fn store_visitor_message(
    state: &AppState,
    site: &str,
    visitor: &str,
    c: &ConversationRow,
    client_id: String,
    text: String,
    file_id: Option<String>,
) -> Result<ChatAck, ApiError> {
    let appended = state
        .chat
        .writer
        .append(
            site,
            visitor,
            NewChatMessage {
                conversation_id: c.id.clone(),
                client_id,
                author: ChatAuthor::Visitor,
                agent_id: None,
                agent_name: None,
                agent_avatar: None,
                body: text,
                file_id,
                at: now_ms(),
            },
        )
        .await?;
    chat::ack(appended, ChatAuthor::Visitor)
}

/// The identity claim of a REST call: `Kefu-Identity: base64url(JSON)`.
pub(super) fn identity_header(headers: &HeaderMap) -> Result<Option<Identity>, ApiError> {
    use base64::Engine as _;
    let Some(v) = headers.get("kefu-identity") else {
        return Ok(None);
    };
    let bad = || {
        ApiError::bad_request(
            "invalid_identity",
            "Kefu-Identity must be the base64url of {\"id\",\"signature\"[,\"name\",\"email\"]}",
        )
    };
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(v.as_bytes())
        .map_err(|_| bad())?;
    serde_json::from_slice(&raw).map(Some).map_err(|_| bad())
}

/// Who is calling: their token, and a verified identity when the host page gave one.
pub async fn who(
    state: &AppState,
    site: &SiteFile,
    token: &str,
    claim: Option<&Identity>,
) -> Result<Who, ApiError> {
    let secret = if claim.is_some() {
        chat::site_secret(state, &site.id).await?
    } else {
        vec![]
    };
    identity::resolve(&site.id, &secret, site.chat.require_identity, token, claim)
}

pub(super) async fn visitor_of(
    state: &AppState,
    site_id: &str,
    headers: &HeaderMap,
) -> Result<(SiteFile, Who), ApiError> {
    let token = bearer(headers)?;
    let claim = identity_header(headers)?;
    let site = chat_site(state, site_id).await?;
    let who = who(state, &site, &token, claim.as_ref()).await?;
    Ok((site, who))
}

/// `POST /api/v1/sites/{site}/chat`
pub async fn start_rest(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    parts: Parts,
    AppJson(body): AppJson<StartChat>,
) -> Result<(StatusCode, Json<kefu_api::Conversation>), ApiError> {
    let (site, who) = visitor_of(&state, &site_id, &parts.headers).await?;
    let ip = client_ip_from(&state, &parts.headers, &parts.extensions);
    let (row, created) = start(&state, &site, &who, body, ip).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(for_visitor(&row))))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateQuery {
    #[serde(default)]
    after: u64,
    #[serde(default)]
    wait: u64,
}

async fn chat_state(
    state: &AppState,
    site: &SiteFile,
    visitor: &str,
    after: u64,
) -> Result<ChatState, ApiError> {
    let conversation = state.store.current_conversation(&site.id, visitor).await?;
    let (messages, more) = match &conversation {
        Some(c) if c.last_seq > after => {
            let m = state
                .store
                .chat_messages_after(&c.id, after, CHAT_PAGE)
                .await?;
            let more = m.last().is_some_and(|l| l.seq < c.last_seq);
            (m, more)
        }
        _ => (vec![], false),
    };
    Ok(ChatState {
        conversation: conversation.as_ref().map(for_visitor),
        messages,
        more,
        agents_online: state.chat.hub.agents_online(&site.id),
        promise_secs: promise_secs(site),
        open_now: crate::site::chat_open_at(site, now_ms()),
        ask_name: site.chat.ask_name,
        ask_email: site.chat.ask_email,
        reply_working_days: site
            .modules
            .feedback
            .then_some(site.feedback.due_working_days),
    })
}

/// The chat channel's promised first reply (R3), 30 s unless the site says otherwise.
pub fn promise_secs(site: &SiteFile) -> u32 {
    site.channels
        .iter()
        .find(|c| c.kind == kefu_api::ChannelKind::Chat)
        .and_then(|c| c.response_secs)
        .unwrap_or(30)
}

/// `GET /api/v1/sites/{site}/chat?after=N[&wait=S]`
pub async fn state_rest(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<StateQuery>,
) -> Result<Json<ChatState>, ApiError> {
    let (site, who) = visitor_of(&state, &site_id, &headers).await?;
    let visitor = who.key;
    // Listen before reading, so nothing stored in between is missed.
    let mut rx = (q.wait > 0).then(|| state.chat.hub.visitor(&site_id, &visitor));
    let now = chat_state(&state, &site, &visitor, q.after).await?;
    let Some(rx) = rx.as_mut().filter(|_| now.messages.is_empty()) else {
        return Ok(Json(now));
    };
    let wait = Duration::from_secs(q.wait.min(MAX_WAIT_SECS));
    let _ = tokio::time::timeout(wait, async {
        loop {
            match rx.recv().await {
                Ok(ev) if ev.seq > q.after => break,
                Ok(ev) if ev.seq == 0 && ev.from != Some(ChatAuthor::Visitor) => break,
                Ok(_) => continue,
                Err(RecvError::Lagged(_)) => break,
                Err(RecvError::Closed) => break,
            }
        }
    })
    .await;
    Ok(Json(chat_state(&state, &site, &visitor, q.after).await?))
}

/// `POST /api/v1/sites/{site}/chat/messages`: 201 stored, 200 stored before (a retry).
pub async fn send_rest(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    parts: Parts,
    AppJson(body): AppJson<ChatSend>,
) -> Result<(StatusCode, Json<ChatAck>), ApiError> {
    let (_, Who { key: visitor, .. }) = visitor_of(&state, &site_id, &parts.headers).await?;
    let ip = client_ip_from(&state, &parts.headers, &parts.extensions);
    let current = state.store.current_conversation(&site_id, &visitor).await?;
    let ack = send(&state, &site_id, &visitor, current.as_ref(), body, ip).await?;
    Ok(chat::ack_response(ack))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadBody {
    seq: u64,
}

/// `POST /api/v1/sites/{site}/chat/read` `{"seq":N}`
pub async fn read_rest(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    headers: HeaderMap,
    AppJson(body): AppJson<ReadBody>,
) -> Result<StatusCode, ApiError> {
    let (_, Who { key: visitor, .. }) = visitor_of(&state, &site_id, &headers).await?;
    if let Some(c) = state.store.current_conversation(&site_id, &visitor).await? {
        chat::mark_read(&state, &c, ChatAuthor::Visitor, body.seq).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypingBody {
    on: bool,
}

/// `POST /api/v1/sites/{site}/chat/typing` `{"on":true}`
pub async fn typing_rest(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    headers: HeaderMap,
    AppJson(body): AppJson<TypingBody>,
) -> Result<StatusCode, ApiError> {
    let (_, Who { key: visitor, .. }) = visitor_of(&state, &site_id, &headers).await?;
    if let Some(c) = state.store.current_conversation(&site_id, &visitor).await? {
        typing(&state, &c, body.on);
    }
    Ok(StatusCode::NO_CONTENT)
}

pub fn typing(state: &AppState, c: &ConversationRow, on: bool) {
    if c.status != ChatStatus::Open {
        return;
    }
    let frame = ServerFrame::Typing {
        conversation: c.id.clone(),
        author: ChatAuthor::Visitor,
        on,
    };
    state.chat.hub.publish_team(
        &c.site_id,
        Event::new(&c.id, 0, Some(ChatAuthor::Visitor), &frame),
    );
}

/// `POST /api/v1/sites/{site}/chat/rating` `{"conversation","score":1–5,"comment"?}`: how
/// satisfied the visitor is with a chat that has ended (R14); 201 for the first rating, 200
/// when it replaced the earlier one.
pub async fn rate_rest(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    parts: Parts,
    AppJson(body): AppJson<ChatRating>,
) -> Result<StatusCode, ApiError> {
    super::faq::limit_writes(&state, &parts.headers, &parts.extensions)?;
    let (_, Who { key: visitor, .. }) = visitor_of(&state, &site_id, &parts.headers).await?;
    let comment = super::tickets::check_rating(body.score, body.comment.as_deref())?;
    let c = own_conversation(&state, &site_id, &visitor, &body.conversation).await?;
    if c.status == ChatStatus::Open {
        return Err(ApiError::Conflict {
            code: "chat_open",
            message: "a chat can be rated once it has ended".into(),
        });
    }
    let first = state
        .store
        .rate_conversation(&c.id, body.score, comment.as_deref(), now_ms())
        .await?;
    Ok(if first {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    })
}

/// `POST /api/v1/sites/{site}/chat/transcript` `{"conversation","email"}`: e-mails the
/// conversation to the visitor (202); 503 `email_unavailable` when this server sends no
/// e-mail. One request per visitor at a time of the visitor budget.
pub async fn transcript_rest(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    parts: Parts,
    AppJson(body): AppJson<ChatTranscriptRequest>,
) -> Result<StatusCode, ApiError> {
    super::faq::limit_writes(&state, &parts.headers, &parts.extensions)?;
    let (site, Who { key: visitor, .. }) = visitor_of(&state, &site_id, &parts.headers).await?;
    if state.mailer.is_none() {
        return Err(ApiError::Unavailable {
            code: "email_unavailable",
            message: "this server sends no e-mail, so it cannot send a transcript".into(),
        });
    }
    let email = crate::accounts::Email::parse(body.email.trim())
        .map_err(|m| field_error("invalid_email", "email", m))?;
    let c = own_conversation(&state, &site_id, &visitor, &body.conversation).await?;
    state
        .ticket_visitors
        .check(&format!("transcript\n{visitor}"))
        .map_err(rate_limited)?;
    let mut messages = vec![];
    let mut after = 0;
    while messages.len() < chat::transcript::MAX_MESSAGES {
        let page = state
            .store
            .chat_messages_after(&c.id, after, CHAT_PAGE)
            .await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        messages.extend(page);
    }
    messages.truncate(chat::transcript::MAX_MESSAGES);
    chat::transcript::send(&state, &site, &c, email.as_str(), &messages);
    Ok(StatusCode::ACCEPTED)
}

/// The visitor's own conversation `id` on the site (404 for anyone else's).
async fn own_conversation(
    state: &AppState,
    site_id: &str,
    visitor: &str,
    id: &str,
) -> Result<ConversationRow, ApiError> {
    state
        .store
        .conversation(id)
        .await?
        .filter(|c| c.site_id == site_id && c.visitor_hash == visitor)
        .ok_or_else(|| ApiError::NotFound("you have no conversation with this id".into()))
}
