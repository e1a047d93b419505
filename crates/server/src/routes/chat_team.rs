//! What the console's chat screen needs beside the conversations (issue 6): the site's agents
//! (to assign a conversation), the team's canned responses, and the visitor's history.
//!
//! - `GET /api/v1/console/sites/{site}/agents`: members, with their display name, avatar and
//!   whether they are online now.
//! - `GET|POST /api/v1/console/sites/{site}/canned`, `PUT|DELETE …/canned/{id}`: canned
//!   responses (`shortcut`: 1–32 letters, digits, `-` or `_`; `body`: a message's length).
//! - `GET /api/v1/console/sites/{site}/chats/{id}/history`: the visitor's earlier chats and
//!   feedback tickets on the site.

use super::auth::Authenticated;
use super::chat_agent::{chat_sites, member_chat};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{now_ms, CannedTaken};
use crate::tickets::field_error;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use kefu_api::{
    CannedInput, CannedResponse, PastTicket, SiteAgent, VisitorHistory, MAX_SHORTCUT_CHARS,
};

/// Earlier chats and tickets listed at most.
const HISTORY_LIMIT: u64 = 20;

async fn chat_site_of_member(
    state: &AppState,
    auth: &Authenticated,
    site: &str,
) -> Result<(), ApiError> {
    if chat_sites(state, &auth.account.id)
        .await?
        .iter()
        .any(|s| s == site)
    {
        Ok(())
    } else {
        Err(ApiError::SiteNotFound(site.to_owned()))
    }
}

/// `GET /api/v1/console/sites/{site}/agents`
pub async fn agents(
    State(state): State<AppState>,
    auth: Authenticated,
    Path(site): Path<String>,
) -> Result<Json<Vec<SiteAgent>>, ApiError> {
    chat_site_of_member(&state, &auth, &site).await?;
    let online = state.chat.hub.online_accounts(&site);
    let rows = state.store.site_agents(&site).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| SiteAgent {
                online: online.contains(&r.id),
                id: r.id,
                email: r.email,
                name: r.display_name,
                avatar: r.avatar_url,
            })
            .collect(),
    ))
}

/// `GET /api/v1/console/sites/{site}/canned`
pub async fn canned_list(
    State(state): State<AppState>,
    auth: Authenticated,
    Path(site): Path<String>,
) -> Result<Json<Vec<CannedResponse>>, ApiError> {
    chat_site_of_member(&state, &auth, &site).await?;
    Ok(Json(state.store.canned_responses(&site).await?))
}

/// The input, cleaned, or which field is wrong.
fn check_canned(input: CannedInput) -> Result<CannedInput, ApiError> {
    let shortcut = input.shortcut.trim().trim_start_matches('/').to_lowercase();
    let ok = (1..=MAX_SHORTCUT_CHARS).contains(&shortcut.chars().count())
        && shortcut
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if !ok {
        return Err(field_error(
            "invalid_shortcut",
            "shortcut",
            format!("a shortcut has 1 to {MAX_SHORTCUT_CHARS} letters, digits, '-' or '_'"),
        ));
    }
    let body = crate::chat::check_text(&input.body).map_err(|e| match e {
        ApiError::InvalidField { code, message, .. } => ApiError::InvalidField {
            code,
            field: "body".into(),
            message,
        },
        other => other,
    })?;
    Ok(CannedInput { shortcut, body })
}

async fn put_canned(
    state: &AppState,
    auth: &Authenticated,
    site: &str,
    id: Option<i64>,
    input: CannedInput,
) -> Result<Option<CannedResponse>, ApiError> {
    chat_site_of_member(state, auth, site).await?;
    let input = check_canned(input)?;
    match state
        .store
        .put_canned(site, id, &input, &auth.account.id, now_ms())
        .await
    {
        Ok(saved) => Ok(saved),
        Err(e) if e.is::<CannedTaken>() => Err(ApiError::Conflict {
            code: "shortcut_taken",
            message: format!("another canned response is called /{}", input.shortcut),
        }),
        Err(e) => Err(e.into()),
    }
}

/// `POST /api/v1/console/sites/{site}/canned`
pub async fn canned_create(
    State(state): State<AppState>,
    auth: Authenticated,
    Path(site): Path<String>,
    crate::web::json::AppJson(input): crate::web::json::AppJson<CannedInput>,
) -> Result<(StatusCode, Json<CannedResponse>), ApiError> {
    let saved = put_canned(&state, &auth, &site, None, input)
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("the new canned response is gone")))?;
    Ok((StatusCode::CREATED, Json(saved)))
}

fn no_such_canned() -> ApiError {
    ApiError::NotFound("no canned response with this id on the site".into())
}

/// `PUT /api/v1/console/sites/{site}/canned/{id}`
pub async fn canned_update(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((site, id)): Path<(String, i64)>,
    crate::web::json::AppJson(input): crate::web::json::AppJson<CannedInput>,
) -> Result<Json<CannedResponse>, ApiError> {
    put_canned(&state, &auth, &site, Some(id), input)
        .await?
        .map(Json)
        .ok_or_else(no_such_canned)
}

/// `DELETE /api/v1/console/sites/{site}/canned/{id}`
pub async fn canned_delete(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((site, id)): Path<(String, i64)>,
) -> Result<StatusCode, ApiError> {
    chat_site_of_member(&state, &auth, &site).await?;
    if state.store.delete_canned(&site, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(no_such_canned())
    }
}

/// `GET /api/v1/console/sites/{site}/chats/{id}/history`
pub async fn history(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((site, id)): Path<(String, String)>,
) -> Result<Json<VisitorHistory>, ApiError> {
    let sites = chat_sites(&state, &auth.account.id).await?;
    let c = member_chat(&state, &sites, &id).await?;
    if c.site_id != site {
        return Err(ApiError::NotFound(
            "no conversation with this id on your sites".into(),
        ));
    }
    let chats = state
        .store
        .past_chats(&site, &c.visitor_hash, &c.id, HISTORY_LIMIT)
        .await?;
    let tickets = state
        .store
        .visitor_tickets(&site, &c.visitor_hash, HISTORY_LIMIT as i64)
        .await?;
    Ok(Json(VisitorHistory {
        chats,
        tickets: tickets
            .into_iter()
            .map(|t| PastTicket {
                reference: t.reference,
                subject: t.subject,
                status: t.status.as_str().to_owned(),
                created_at: t.created_at,
            })
            .collect(),
    }))
}
