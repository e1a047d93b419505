//! Live chat (issue 6): checks of what clients send, the fan-out hub, the group-commit writer,
//! and the shapes the API gives out. The WebSocket and REST handlers are in
//! `routes/chat.rs` (visitors) and `routes/chat_agent.rs` (the console).

pub mod hub;
pub mod identity;
pub mod report;
pub mod transcript;
pub mod writer;

use crate::error::ApiError;
use crate::store::{Appended, ConversationRow};
use argon2::password_hash::rand_core::{OsRng, RngCore as _};
use axum::http::StatusCode;
use axum::Json;
use kefu_api::{AgentCard, ChatAck, ChatAuthor, Conversation, InboxItem, MAX_CHAT_CHARS};

/// The site's identity secret (made on first use, kept in the database).
pub async fn site_secret(state: &crate::state::AppState, site: &str) -> anyhow::Result<Vec<u8>> {
    state
        .store
        .server_key(&identity::secret_name(site), fresh_secret().as_bytes())
        .await
}

/// A new identity secret: 256 random bits as 64 hex digits. The site's backend uses the text
/// itself as the HMAC key.
pub fn fresh_secret() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A fresh conversation id: 128 random bits as 32 hex digits.
pub fn new_conversation_id() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where an image sent in a chat is read (its id is the right to read it).
pub fn file_path(id: &str) -> String {
    format!("/api/v1/chat/files/{id}")
}

/// Where an agent's avatar is read.
pub fn avatar_path(id: &str) -> String {
    format!("/api/v1/avatars/{id}")
}

/// Ids of stored images and avatars: 128 random bits, like conversations'.
pub fn valid_file_id(id: &str) -> bool {
    valid_conversation_id(id)
}

/// Message ids made by clients: 1 to 64 characters of `A-Z a-z 0-9 - _ . :`.
pub fn valid_message_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

pub fn valid_conversation_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A message's text, cleaned (control characters out, `\r\n` → `\n`, trimmed), or why not.
pub fn check_text(text: &str) -> Result<String, ApiError> {
    let text = crate::tickets::clean_text(text);
    if text.is_empty() {
        return Err(ApiError::InvalidField {
            code: "empty_message",
            field: "text".into(),
            message: "the message is empty".into(),
        });
    }
    if text.chars().count() > MAX_CHAT_CHARS {
        return Err(ApiError::InvalidField {
            code: "text_too_long",
            field: "text".into(),
            message: format!("a message has at most {MAX_CHAT_CHARS} characters"),
        });
    }
    Ok(text)
}

pub fn check_message_id(id: &str) -> Result<(), ApiError> {
    if valid_message_id(id) {
        Ok(())
    } else {
        Err(ApiError::InvalidField {
            code: "invalid_message_id",
            field: "id".into(),
            message: "a message id has 1 to 64 letters, digits, '-', '_', '.' or ':'".into(),
        })
    }
}

pub fn conversation_closed() -> ApiError {
    ApiError::Conflict {
        code: "conversation_closed",
        message: "this conversation has ended".into(),
    }
}

/// The answer to a message `author` handed to the writer: stored now, stored before (a retry
/// with the same id), or refused.
pub fn ack(appended: Appended, author: ChatAuthor) -> Result<ChatAck, ApiError> {
    let (m, duplicate) = match appended {
        Appended::Stored(m) => (m, false),
        Appended::Duplicate(m) => (m, true),
        Appended::Closed => return Err(conversation_closed()),
    };
    if m.author != author {
        return Err(ApiError::Conflict {
            code: "message_id_taken",
            message: "another message of this conversation has this id".into(),
        });
    }
    Ok(ChatAck {
        conversation: m.conversation,
        id: m.id,
        seq: m.seq,
        at: m.at,
        image: m.image,
        duplicate,
    })
}

/// 201 for a message stored now, 200 for one stored before.
pub fn ack_response(ack: ChatAck) -> (StatusCode, Json<ChatAck>) {
    let status = if ack.duplicate {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    (status, Json(ack))
}

/// Raises the reader's read mark and tells the other side (and the team) when it moved.
pub async fn mark_read(
    state: &crate::state::AppState,
    c: &ConversationRow,
    reader: ChatAuthor,
    seq: u64,
) -> Result<(), ApiError> {
    let before = match reader {
        ChatAuthor::Visitor => c.visitor_read_seq,
        _ => c.agent_read_seq,
    };
    let now = state.store.mark_chat_read(&c.id, reader, seq).await?;
    if now > before {
        let frame = kefu_api::ServerFrame::Read {
            conversation: c.id.clone(),
            author: reader,
            seq: now,
        };
        let ev = hub::Event::new(&c.id, 0, Some(reader), &frame);
        if reader == ChatAuthor::Visitor {
            state.chat.hub.publish_team(&c.site_id, ev);
        } else {
            state.chat.hub.publish(&c.site_id, &c.visitor_hash, ev);
        }
    }
    Ok(())
}

/// The conversation as its visitor sees it.
pub fn for_visitor(c: &ConversationRow) -> Conversation {
    Conversation {
        id: c.id.clone(),
        status: c.status,
        created_at: c.created_at,
        last_seq: c.last_seq,
        verified: c.user_id.is_some(),
        agent: c.assignee_id.as_ref().map(|_| AgentCard {
            name: c.assignee_name.clone(),
            avatar: c.assignee_avatar.clone(),
        }),
        visitor_read_seq: c.visitor_read_seq,
        agent_read_seq: c.agent_read_seq,
    }
}

/// The conversation as the team's inbox lists it.
pub fn for_inbox(c: &ConversationRow) -> InboxItem {
    InboxItem {
        id: c.id.clone(),
        site: c.site_id.clone(),
        status: c.status,
        created_at: c.created_at,
        updated_at: c.updated_at,
        assignee: c.assignee_id.clone(),
        visitor_name: c.visitor_name.clone(),
        visitor_email: c.visitor_email.clone(),
        user_id: c.user_id.clone(),
        locale: c.locale.clone(),
        page: c.page.clone(),
        last_seq: c.last_seq,
        agent_read_seq: c.agent_read_seq,
        first_reply_at: c.first_reply_at,
        blocked: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_texts_are_checked() {
        assert!(valid_message_id("m-1700000000000-ab12"));
        assert!(!valid_message_id(""));
        assert!(!valid_message_id("has space"));
        assert!(!valid_message_id(&"a".repeat(65)));
        assert!(valid_conversation_id(&new_conversation_id()));
        assert_eq!(check_text("  hi\r\nthere\u{7} ").unwrap(), "hi\nthere");
        assert!(check_text(" \n ").is_err());
        assert!(check_text(&"字".repeat(MAX_CHAT_CHARS)).is_ok());
        assert!(check_text(&"字".repeat(MAX_CHAT_CHARS + 1)).is_err());
    }
}
