//! `/api/v1/auth/two-step`: the second step of a login (a TOTP code or a recovery code), and
//! enrolment: a new secret shown as an `otpauth://` QR code, confirmed by a first code, which
//! turns two-step verification on and hands out ten recovery codes once (R20).

use super::auth::{signed_in, Client, HalfSignedIn, SignedIn, STAGE_FULL};
use crate::accounts::audit::{self, Entry, Event};
use crate::accounts::throttle;
use crate::accounts::token_hash;
use crate::accounts::two_step;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::now_ms;
use crate::web::json::AppJson;
use axum::extract::State;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};

fn now_secs() -> u64 {
    (now_ms() / 1000).max(0) as u64
}

fn wrong_code() -> ApiError {
    ApiError::bad_request(
        "invalid_code",
        "that code is not right (or was used already)",
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecondStep {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    recovery_code: Option<String>,
}

/// `POST /api/v1/auth/two-step`: with the half-signed-in cookie from the password step.
pub async fn verify(
    State(state): State<AppState>,
    half: HalfSignedIn,
    client: Client,
    AppJson(req): AppJson<SecondStep>,
) -> Result<Response, ApiError> {
    let account = &half.account;
    let keys = throttle::keys(&account.email, &client.ip);
    throttle::before_attempt(state.store.as_ref(), &keys, now_ms()).await?;
    let secret = account
        .totp_secret
        .as_deref()
        .ok_or(ApiError::Unauthorized)?;
    let used_recovery = req.recovery_code.is_some();
    let ok = match (&req.code, &req.recovery_code) {
        (Some(code), None) => match two_step::matching_step(secret, code, now_secs()) {
            Some(step) => {
                state
                    .store
                    .accept_totp_step(&account.id, step as i64)
                    .await?
            }
            None => false,
        },
        (None, Some(code)) => {
            let hash = token_hash(&two_step::normalise_recovery_code(code));
            state
                .store
                .use_recovery_code(&account.id, &hash, now_ms())
                .await?
        }
        _ => {
            return Err(ApiError::bad_request(
                "invalid_body",
                "send either `code` or `recovery_code`",
            ))
        }
    };
    let entry = Entry {
        account_id: Some(&account.id),
        ip: &client.ip,
        ..Entry::default()
    };
    if !ok {
        state.store.record_login_failure(&keys, now_ms()).await?;
        audit::record(state.store.as_ref(), Event::TwoStepFailed, entry).await;
        return Err(wrong_code());
    }
    if used_recovery {
        audit::record(state.store.as_ref(), Event::RecoveryCodeUsed, entry.clone()).await;
    }
    audit::record(state.store.as_ref(), Event::TwoStepSucceeded, entry).await;
    state.store.clear_login_failures(&keys[0]).await?;
    // The half-signed-in token is spent; the full session gets a new one.
    state.store.delete_session(&half.token_hash).await?;
    signed_in(&state, account, &client, STAGE_FULL).await
}

#[derive(Serialize)]
pub struct Enrolment {
    /// Base32, for typing into an app by hand.
    secret: String,
    otpauth_url: String,
    /// The same URI as a QR code (SVG).
    qr_svg: String,
}

/// `POST /api/v1/auth/two-step/setup`: a new secret to scan; not active until confirmed.
pub async fn setup(
    State(state): State<AppState>,
    auth: SignedIn,
) -> Result<Json<Enrolment>, ApiError> {
    if auth.account.totp_secret.is_some() {
        return Err(ApiError::Conflict {
            code: "two_step_already_on",
            message: "two-step verification is on already".into(),
        });
    }
    let secret = two_step::new_secret();
    let otpauth_url = two_step::otpauth_url(&secret, &auth.account.email)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("cannot build the otpauth URI")))?;
    let qr_svg = qrcode::QrCode::new(otpauth_url.as_bytes())
        .map_err(|e| ApiError::Internal(e.into()))?
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .build();
    state
        .store
        .set_totp_pending(&auth.account.id, Some(&secret))
        .await?;
    Ok(Json(Enrolment {
        secret,
        otpauth_url,
        qr_svg,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Confirm {
    code: String,
}

#[derive(Serialize)]
pub struct RecoveryCodes {
    /// Shown once; only their hashes are kept.
    recovery_codes: Vec<String>,
}

/// `POST /api/v1/auth/two-step/confirm`: the first code from the app turns it on.
pub async fn confirm(
    State(state): State<AppState>,
    auth: SignedIn,
    client: Client,
    AppJson(req): AppJson<Confirm>,
) -> Result<Json<RecoveryCodes>, ApiError> {
    let secret = auth.account.totp_pending_secret.as_deref().ok_or_else(|| {
        ApiError::bad_request("no_enrolment", "start with /api/v1/auth/two-step/setup")
    })?;
    let step = two_step::matching_step(secret, &req.code, now_secs()).ok_or_else(wrong_code)?;
    let codes = two_step::new_recovery_codes();
    let hashes: Vec<String> = codes
        .iter()
        .map(|c| token_hash(&two_step::normalise_recovery_code(c)))
        .collect();
    state
        .store
        .enable_totp(&auth.account.id, secret, step as i64, &hashes)
        .await?;
    let e = Entry {
        account_id: Some(&auth.account.id),
        ip: &client.ip,
        ..Entry::default()
    };
    audit::record(state.store.as_ref(), Event::TwoStepEnabled, e).await;
    Ok(Json(RecoveryCodes {
        recovery_codes: codes,
    }))
}
