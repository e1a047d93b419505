//! `/api/v1/auth/sessions`: the signed-in account's sessions (device, IP, first and last seen),
//! and ending one of them or all the others (R20). A session's public id is the first 16 hex
//! digits of its token's hash: enough to name it, useless to forge it.

use super::auth::{Authenticated, Client};
use crate::accounts::audit::{self, Entry, Event};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;

const ID_LEN: usize = 16;

#[derive(Serialize)]
pub struct SessionView {
    id: String,
    /// A short description of the browser from its User-Agent, e.g. "Chrome on Linux".
    device: String,
    user_agent: String,
    ip: String,
    created_at: i64,
    last_seen_at: i64,
    current: bool,
}

/// "Firefox on Windows" from a User-Agent string; "Unknown device" when it says nothing known.
pub fn describe_device(ua: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| *name);
    let os = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| *name);
    match (browser, os) {
        (Some(b), Some(o)) => format!("{b} on {o}"),
        (Some(b), None) => b.to_owned(),
        (None, Some(o)) => o.to_owned(),
        (None, None) => "Unknown device".to_owned(),
    }
}

/// `GET /api/v1/auth/sessions`
pub async fn list(
    State(state): State<AppState>,
    auth: Authenticated,
) -> Result<Json<Vec<SessionView>>, ApiError> {
    let rows = state.store.sessions_of(&auth.account.id).await?;
    Ok(Json(
        rows.into_iter()
            .map(|s| SessionView {
                id: s.token_hash[..ID_LEN].to_owned(),
                device: describe_device(&s.user_agent),
                current: s.token_hash == auth.token_hash,
                user_agent: s.user_agent,
                ip: s.ip,
                created_at: s.created_at,
                last_seen_at: s.last_seen_at,
            })
            .collect(),
    ))
}

/// `DELETE /api/v1/auth/sessions/{id}`
pub async fn revoke(
    State(state): State<AppState>,
    auth: Authenticated,
    client: Client,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if id.len() != ID_LEN
        || !id
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    {
        return Err(ApiError::NotFound(format!("no session `{id}`")));
    }
    match state
        .store
        .delete_session_by_prefix(&auth.account.id, &id)
        .await?
    {
        0 => Err(ApiError::NotFound(format!("no session `{id}`"))),
        _ => {
            let e = Entry {
                account_id: Some(&auth.account.id),
                ip: &client.ip,
                detail: &id,
                ..Entry::default()
            };
            audit::record(state.store.as_ref(), Event::SessionRevoked, e).await;
            Ok(StatusCode::NO_CONTENT)
        }
    }
}

#[derive(Serialize)]
pub struct Revoked {
    revoked: u64,
}

/// `POST /api/v1/auth/sessions/revoke-others`
pub async fn revoke_others(
    State(state): State<AppState>,
    auth: Authenticated,
    client: Client,
) -> Result<Json<Revoked>, ApiError> {
    let revoked = state
        .store
        .delete_other_sessions(&auth.account.id, &auth.token_hash)
        .await?;
    let detail = format!("{revoked} sessions");
    let e = Entry {
        account_id: Some(&auth.account.id),
        ip: &client.ip,
        detail: &detail,
        ..Entry::default()
    };
    audit::record(state.store.as_ref(), Event::OtherSessionsRevoked, e).await;
    Ok(Json(Revoked { revoked }))
}

#[cfg(test)]
mod tests {
    use super::describe_device;

    #[test]
    fn devices_are_named_from_the_user_agent() {
        let chrome_linux = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
        assert_eq!(describe_device(chrome_linux), "Chrome on Linux");
        let safari_iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";
        assert_eq!(describe_device(safari_iphone), "Safari on iOS");
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36 Edg/130.0";
        assert_eq!(describe_device(edge), "Edge on Windows");
        assert_eq!(describe_device(""), "Unknown device");
    }
}
