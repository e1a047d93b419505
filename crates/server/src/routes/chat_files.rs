//! Images in live chat and agents' avatars (issue 6). Each is sent as the raw request body
//! (any `Content-Type`: the type is read from the bytes, PNG, JPEG, GIF or WebP) and served only
//! as an image (`nosniff`, a sandboxing CSP), never as a page.
//!
//! - `POST /api/v1/sites/{site}/chat/files?id=CLIENT_ID`: the visitor sends an image (at most
//!   [`MAX_CHAT_IMAGE_BYTES`]) as a message of their open conversation; answers as a text
//!   message does (201 stored, 200 stored before under this id).
//! - `POST /api/v1/console/sites/{site}/chats/{id}/files?id=CLIENT_ID`: the same for an agent.
//! - `GET /api/v1/chat/files/{id}`: the image. Its id (128 random bits) reaches only the
//!   conversation's visitor and the site's team, in the message that carries it, so knowing it
//!   is the right to read it (an `<img>` on the host page sends no token, and the strict CSP
//!   of issue 7 allows images from Kefu's origin but not `blob:` addresses).
//! - `PUT /api/v1/console/me/avatar` (at most [`MAX_AVATAR_BYTES`]), `DELETE` the same: the
//!   agent's picture; `GET /api/v1/avatars/{id}` serves it to anyone, cached for good (a new
//!   picture gets a new id).

use super::auth::Authenticated;
use super::chat::{
    check_budget, open_conversation, rate_limited, store_visitor_message, visitor_of,
};
use super::chat_agent::{chat_sites, member_chat, store_reply};
use crate::chat::{check_message_id, new_conversation_id, valid_file_id};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::now_ms;
use crate::tickets::{field_error, sniff_image};
use crate::web::limits::client_ip_from;
use crate::web::query::ApiQuery;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use kefu_api::{ChatAck, MAX_AVATAR_BYTES, MAX_CHAT_IMAGE_BYTES};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadQuery {
    /// The message's client id, as for a text message.
    id: String,
}

/// The image's type, or why it cannot be sent.
fn check_image(bytes: &[u8], limit: usize) -> Result<&'static str, ApiError> {
    if bytes.is_empty() {
        return Err(field_error("empty_image", "file", "the image is empty"));
    }
    if bytes.len() > limit {
        return Err(ApiError::PayloadTooLarge { limit });
    }
    sniff_image(bytes).ok_or_else(|| {
        field_error(
            "unsupported_image",
            "file",
            "only PNG, JPEG, GIF and WebP images can be sent",
        )
    })
}

/// Keeps the image only if a message now refers to it (a retry already stored gets its first
/// copy's answer; a conversation that ended meanwhile keeps nothing).
async fn settle(
    state: &AppState,
    file_id: &str,
    ack: Result<ChatAck, ApiError>,
) -> Result<(StatusCode, Json<ChatAck>), ApiError> {
    if !matches!(&ack, Ok(a) if !a.duplicate) {
        state.store.delete_chat_file(file_id).await?;
    }
    Ok(crate::chat::ack_response(ack?))
}

/// `POST /api/v1/sites/{site}/chat/files?id=…`
pub async fn visitor_upload(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    ApiQuery(q): ApiQuery<UploadQuery>,
    parts: Parts,
    body: Bytes,
) -> Result<(StatusCode, Json<ChatAck>), ApiError> {
    let (_, who) = visitor_of(&state, &site_id, &parts.headers).await?;
    check_message_id(&q.id)?;
    let content_type = check_image(&body, MAX_CHAT_IMAGE_BYTES)?;
    let current = state.store.current_conversation(&site_id, &who.key).await?;
    let c = open_conversation(current.as_ref())?;
    state.chat.files.check(&who.key).map_err(rate_limited)?;
    let ip = client_ip_from(&state, &parts.headers, &parts.extensions);
    check_budget(&state, &who.key, ip)?;
    let file_id = new_conversation_id();
    state
        .store
        .put_chat_file(&file_id, &site_id, &c.id, content_type, &body, now_ms())
        .await?;
    let ack = store_visitor_message(
        &state,
        &site_id,
        &who.key,
        c,
        q.id,
        String::new(),
        Some(file_id.clone()),
    )
    .await;
    settle(&state, &file_id, ack).await
}

/// `POST /api/v1/console/sites/{site}/chats/{id}/files?id=…`
pub async fn agent_upload(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((site, id)): Path<(String, String)>,
    ApiQuery(q): ApiQuery<UploadQuery>,
    body: Bytes,
) -> Result<(StatusCode, Json<ChatAck>), ApiError> {
    let sites = chat_sites(&state, &auth.account.id).await?;
    let c = member_chat(&state, &sites, &id).await?;
    if c.site_id != site {
        return Err(ApiError::NotFound(
            "no conversation with this id on your sites".into(),
        ));
    }
    check_message_id(&q.id)?;
    let content_type = check_image(&body, MAX_CHAT_IMAGE_BYTES)?;
    if c.status != kefu_api::ChatStatus::Open {
        return Err(crate::chat::conversation_closed());
    }
    let file_id = new_conversation_id();
    state
        .store
        .put_chat_file(&file_id, &site, &c.id, content_type, &body, now_ms())
        .await?;
    let ack = store_reply(
        &state,
        &auth.account,
        &c,
        q.id,
        String::new(),
        Some(file_id.clone()),
    )
    .await;
    settle(&state, &file_id, ack).await
}

/// An image as an image only.
fn image_response(content_type: String, bytes: Vec<u8>, cache: &'static str) -> Response {
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    // Host pages on other origins show it in an `<img>`.
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("cross-origin"),
    );
    res
}

/// `GET /api/v1/chat/files/{id}`
pub async fn get_file(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let missing = || ApiError::NotFound("no image with this id".into());
    if !valid_file_id(&id) {
        return Err(missing());
    }
    let (content_type, bytes) = state.store.chat_file(&id).await?.ok_or_else(missing)?;
    Ok(image_response(
        content_type,
        bytes,
        "private, max-age=31536000, immutable",
    ))
}

/// `GET /api/v1/avatars/{id}`
pub async fn get_avatar(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let missing = || ApiError::NotFound("no avatar with this id".into());
    if !valid_file_id(&id) {
        return Err(missing());
    }
    let (content_type, bytes) = state.store.avatar(&id).await?.ok_or_else(missing)?;
    Ok(image_response(
        content_type,
        bytes,
        "public, max-age=31536000, immutable",
    ))
}

/// `PUT /api/v1/console/me/avatar`: answers with the account as `GET /api/v1/auth/me` does.
pub async fn put_avatar(
    State(state): State<AppState>,
    auth: Authenticated,
    body: Bytes,
) -> Result<Json<super::auth::Me>, ApiError> {
    let content_type = check_image(&body, MAX_AVATAR_BYTES)?;
    state
        .store
        .set_avatar(
            &auth.account.id,
            &new_conversation_id(),
            content_type,
            &body,
            now_ms(),
        )
        .await?;
    Ok(Json(super::auth::me_of(&state, &auth.account).await?))
}

/// `DELETE /api/v1/console/me/avatar`
pub async fn delete_avatar(
    State(state): State<AppState>,
    auth: Authenticated,
) -> Result<Json<super::auth::Me>, ApiError> {
    state.store.clear_avatar(&auth.account.id).await?;
    Ok(Json(super::auth::me_of(&state, &auth.account).await?))
}
