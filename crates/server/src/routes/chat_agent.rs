//! Live chat, the team's side (issue 6): the console's REST calls and the rules they share with
//! its WebSocket (`chat_agent_socket.rs`). Agents are signed in by their session cookie. An
//! agent sees the conversations of the sites they are a member of, and only those.
//!
//! - `GET /api/v1/console/sites/{site}/chats?filter=unassigned|mine|all`: the inbox.
//! - `GET …/chats/{id}?after=N`: one conversation with its messages.
//! - `POST …/chats/{id}/messages`: a reply (the first reply takes an unassigned one).
//! - `PATCH …/chats/{id}` `{"assignee": "<account id>"|null}`, `{"status":"closed"}` or
//!   `{"block": true|false}` (a blocked visitor cannot start a chat on the site).
//! - `GET …/chats/report?days=30`: first responses, the promise, agents, hours, ratings.

use super::auth::Authenticated;
use crate::chat::hub::Event;
use crate::chat::{check_message_id, check_text, for_inbox, for_visitor};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{now_ms, Appended, ConversationRow, InboxFilter, NewChatMessage};
use crate::web::json::AppJson;
use crate::web::query::ApiQuery;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use kefu_api::{
    ChatAck, ChatAuthor, ChatMessage, ChatSend, ChatStatus, InboxItem, ServerFrame, CHAT_PAGE,
};

/// Open conversations sent at most (inbox, and the socket's first frames).
pub(super) const INBOX_LIMIT: u64 = 200;

/// The sites the agent works on that offer chat.
pub(super) async fn chat_sites(state: &AppState, account: &str) -> Result<Vec<String>, ApiError> {
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
pub(super) async fn member_chat(
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
pub(super) fn announce(state: &AppState, c: &ConversationRow) {
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
pub(super) async fn reply(
    state: &AppState,
    agent: &crate::store::AccountRow,
    c: &ConversationRow,
    msg: ChatSend,
) -> Result<ChatAck, ApiError> {
    check_message_id(&msg.id)?;
    let text = check_text(&msg.text)?;
    store_reply(state, agent, c, msg.id, text, None).await
}

/// Stores a checked reply (text, an image, or both).
pub(super) async fn store_reply(
    state: &AppState,
    agent: &crate::store::AccountRow,
    c: &ConversationRow,
    client_id: String,
    text: String,
    file_id: Option<String>,
) -> Result<ChatAck, ApiError> {
    let (name, avatar) = state.store.agent_profile(&agent.id).await?;
    let appended = state
        .chat
        .writer
        .append(
            &c.site_id,
            &c.visitor_hash,
            NewChatMessage {
                conversation_id: c.id.clone(),
                client_id,
                author: ChatAuthor::Agent,
                agent_id: Some(agent.id.clone()),
                agent_name: name,
                agent_avatar: avatar,
                body: text,
                file_id,
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
