//! Invitations (R20): a site's admin invites an agent (or admin) by e-mail address; the
//! one-time link expires after three days; accepting it sets a password, creates the account
//! with its role and signs it in.

use super::auth::{signed_in, Authenticated, Client, STAGE_FULL};
use crate::accounts::audit::{self, Entry, Event};
use crate::accounts::{new_token, token_hash, Email, Password, Role};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{now_ms, AccountRow, InviteRow};
use crate::web::json::AppJson;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};

/// How long an invitation link works.
pub const INVITE_TTL_MS: i64 = 72 * 3_600_000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewInvite {
    email: String,
    role: Role,
}

#[derive(Serialize)]
pub struct InviteLink {
    /// Shown once: only a hash of its token is kept.
    invite_url: String,
    expires_at: i64,
}

/// `POST /api/v1/console/sites/{site}/invites`: admins only.
pub async fn create(
    State(state): State<AppState>,
    auth: Authenticated,
    client: Client,
    Path(site): Path<String>,
    AppJson(req): AppJson<NewInvite>,
) -> Result<Json<InviteLink>, ApiError> {
    super::settings::require_admin(&state, &auth, &site, "invite").await?;
    let email = Email::parse(&req.email).map_err(|m| ApiError::Unprocessable {
        code: "invalid_email",
        message: format!("email: {m}"),
    })?;
    let token = new_token();
    let now = now_ms();
    let invite = InviteRow {
        token_hash: token_hash(&token),
        site_id: site.clone(),
        email: email.as_str().to_owned(),
        role: req.role,
        created_by: auth.account.id.clone(),
        created_at: now,
        expires_at: now + INVITE_TTL_MS,
        used_at: None,
    };
    state.store.create_invite(&invite).await?;
    let detail = format!("{} as {}", invite.email, invite.role.as_str());
    let e = Entry {
        account_id: Some(&auth.account.id),
        site_id: Some(&site),
        ip: &client.ip,
        detail: &detail,
        ..Entry::default()
    };
    audit::record(state.store.as_ref(), Event::InviteCreated, e).await;
    let base = state.settings.public_url.trim_end_matches('/');
    Ok(Json(InviteLink {
        invite_url: format!("{base}/console/#invite={token}"),
        expires_at: invite.expires_at,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accept {
    token: String,
    password: String,
}

fn invite_gone(code: &'static str, message: &str) -> ApiError {
    ApiError::Conflict {
        code,
        message: message.into(),
    }
}

/// `POST /api/v1/auth/invites/accept`: no session needed; the token is the proof.
pub async fn accept(
    State(state): State<AppState>,
    client: Client,
    AppJson(req): AppJson<Accept>,
) -> Result<Response, ApiError> {
    let hash = token_hash(req.token.trim());
    let invite = state
        .store
        .invite(&hash)
        .await?
        .ok_or_else(|| ApiError::NotFound("no such invitation; ask for a new link".into()))?;
    let now = now_ms();
    if invite.used_at.is_some() {
        return Err(invite_gone(
            "invite_used",
            "this invitation has been used; sign in instead",
        ));
    }
    if invite.expires_at <= now {
        return Err(invite_gone(
            "invite_expired",
            "this invitation has expired; ask for a new link",
        ));
    }
    let password = Password::parse(&req.password).map_err(|e| ApiError::Unprocessable {
        code: "weak_password",
        message: format!("password: {e}"),
    })?;
    let account = AccountRow {
        id: new_token()[..20].to_owned(),
        email: invite.email.clone(),
        password_hash: state.hasher.hash(&password).await?,
        must_change_password: false,
        created_at: now,
        totp_secret: None,
        totp_pending_secret: None,
        totp_last_step: 0,
    };
    if !state.store.accept_invite(&hash, &account, now).await? {
        return Err(invite_gone(
            "invite_unusable",
            "this invitation cannot be used: it was used just now, or the address has an account",
        ));
    }
    let e = Entry {
        account_id: Some(&account.id),
        site_id: Some(&invite.site_id),
        ip: &client.ip,
        ..Entry::default()
    };
    audit::record(state.store.as_ref(), Event::InviteAccepted, e).await;
    signed_in(&state, &account, &client, STAGE_FULL).await
}
