//! `/api/v1/auth`: sign in with e-mail and password, who am I, sign out (R20). Sessions are
//! opaque tokens in a `__Host-` cookie (Secure, HttpOnly, SameSite=Strict), a new one at every
//! login, ended by idle and absolute timeouts.

use crate::accounts::audit::{self, Entry, Event};
use crate::accounts::{new_token, throttle, token_hash, Email, Password, Role, SESSION_COOKIE};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{now_ms, AccountRow, NewSession};
use crate::web::json::AppJson;
use crate::web::limits::client_ip_from;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    email: String,
    password: String,
}

#[derive(Serialize)]
pub struct Membership {
    site: String,
    role: Role,
    /// The site offers live chat (the console shows its inbox).
    chat: bool,
}

/// The signed-in account as the console sees it.
#[derive(Serialize)]
pub struct Me {
    id: String,
    email: String,
    /// How visitors see this agent in chat.
    #[serde(skip_serializing_if = "Option::is_none")]
    display_name: Option<String>,
    /// The agent's picture in chat (`/api/v1/avatars/{id}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    avatar: Option<String>,
    must_change_password: bool,
    two_step_enabled: bool,
    /// A site of the account requires two-step verification and it is not on yet.
    two_step_setup_required: bool,
    sites: Vec<Membership>,
}

/// The answer to a password (or a second-step code): either signed in, or a code is needed.
#[derive(Serialize)]
pub struct LoginResponse {
    two_step_required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    account: Option<Me>,
}

/// The caller's address and browser, recorded with a new session.
pub struct Client {
    pub ip: String,
    pub user_agent: String,
    /// The browser's languages (`Accept-Language`), for e-mails this request causes.
    pub languages: String,
}

impl FromRequestParts<AppState> for Client {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ip = client_ip_from(state, &parts.headers, &parts.extensions)
            .map(|ip| ip.to_string())
            .unwrap_or_default();
        let user_agent = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(300).collect())
            .unwrap_or_default();
        let languages = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(200).collect())
            .unwrap_or_default();
        Ok(Client {
            ip,
            user_agent,
            languages,
        })
    }
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The session named by the request's cookie, if it is alive and at `stage`.
async fn session_at(
    parts: &Parts,
    state: &AppState,
    stage: &str,
) -> Result<(AccountRow, String), ApiError> {
    let token = cookie_token(&parts.headers).ok_or(ApiError::Unauthorized)?;
    let hash = token_hash(&token);
    let session = state
        .store
        .session(&hash)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let now = now_ms();
    let s = &state.settings;
    if now - session.last_seen_at > s.session_idle_ms || now - session.created_at > s.session_max_ms
    {
        state.store.delete_session(&hash).await?;
        return Err(ApiError::Unauthorized);
    }
    if session.stage != stage {
        return Err(ApiError::Unauthorized);
    }
    if stage == STAGE_TWO_STEP && now - session.created_at > HALF_SIGNED_IN_MS {
        state.store.delete_session(&hash).await?;
        return Err(ApiError::Unauthorized);
    }
    // One write a minute at most, not one per request.
    if now - session.last_seen_at > 60_000 {
        state.store.touch_session(&hash, now).await?;
    }
    let account = state
        .store
        .account(&session.account_id)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    Ok((account, hash))
}

/// A signed-in account (password and, when on, the second step); anything else gets 401.
pub struct Authenticated {
    pub account: AccountRow,
    pub token_hash: String,
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let (account, token_hash) = session_at(parts, state, STAGE_FULL).await?;
        if account.must_change_password {
            return Err(ApiError::Forbidden {
                code: "password_change_required",
                message: "choose your own password first (POST /api/v1/auth/password)".into(),
            });
        }
        if account.totp_secret.is_none() && state.store.two_step_required_for(&account.id).await? {
            return Err(ApiError::Forbidden {
                code: "two_step_setup_required",
                message: "a site you work on requires two-step verification; set it up first"
                    .into(),
            });
        }
        Ok(Authenticated {
            account,
            token_hash,
        })
    }
}

/// Signed in, even with a one-time password still to replace: accepted only by "who am I",
/// "change my password" and "sign out".
pub struct SignedIn {
    pub account: AccountRow,
    pub token_hash: String,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let (account, token_hash) = session_at(parts, state, STAGE_FULL).await?;
        Ok(SignedIn {
            account,
            token_hash,
        })
    }
}

/// Past the password, before the code: accepted by the second-step endpoint only.
pub struct HalfSignedIn {
    pub account: AccountRow,
    pub token_hash: String,
}

impl FromRequestParts<AppState> for HalfSignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let (account, token_hash) = session_at(parts, state, STAGE_TWO_STEP).await?;
        Ok(HalfSignedIn {
            account,
            token_hash,
        })
    }
}

pub const STAGE_FULL: &str = "full";
pub const STAGE_TWO_STEP: &str = "two_step";
/// How long the code may take after the password.
const HALF_SIGNED_IN_MS: i64 = 5 * 60_000;

pub async fn me_of(state: &AppState, account: &AccountRow) -> Result<Me, ApiError> {
    let mut sites = vec![];
    for (site, role) in state.store.memberships(&account.id).await? {
        let chat = state
            .store
            .site(&site)
            .await?
            .is_some_and(|s| s.site.modules.chat);
        sites.push(Membership { site, role, chat });
    }
    let (display_name, avatar) = state.store.agent_profile(&account.id).await?;
    Ok(Me {
        id: account.id.clone(),
        email: account.email.clone(),
        display_name,
        avatar,
        must_change_password: account.must_change_password,
        two_step_enabled: account.totp_secret.is_some(),
        two_step_setup_required: account.totp_secret.is_none()
            && state.store.two_step_required_for(&account.id).await?,
        sites,
    })
}

fn session_cookie(value: &str, max_age_secs: i64) -> HeaderValue {
    let cookie = format!("{SESSION_COOKIE}={value}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}");
    HeaderValue::from_str(&cookie).unwrap_or(HeaderValue::from_static(""))
}

/// `POST /api/v1/auth/login`
pub async fn login(
    State(state): State<AppState>,
    client: Client,
    AppJson(req): AppJson<LoginRequest>,
) -> Result<Response, ApiError> {
    let keys = throttle::keys(&req.email, &client.ip);
    let entry = || Entry {
        email: Some(&req.email),
        ip: &client.ip,
        ..Entry::default()
    };
    if let Err(e) = throttle::before_attempt(state.store.as_ref(), &keys, now_ms()).await {
        audit::record(state.store.as_ref(), Event::LoginThrottled, entry()).await;
        return Err(e);
    }
    // Unknown, malformed and known addresses take the same path and the same time.
    let account = match Email::parse(&req.email) {
        Ok(email) => state.store.account_by_email(email.as_str()).await?,
        Err(_) => None,
    };
    let ok = state
        .hasher
        .verify(
            &req.password,
            account.as_ref().map(|a| a.password_hash.as_str()),
        )
        .await?;
    let account = match account {
        Some(a) if ok => a,
        other => {
            state.store.record_login_failure(&keys, now_ms()).await?;
            let id = other.as_ref().map(|a| a.id.as_str());
            audit::record(
                state.store.as_ref(),
                Event::LoginFailed,
                Entry {
                    account_id: id,
                    ..entry()
                },
            )
            .await;
            return Err(ApiError::InvalidCredentials);
        }
    };
    // A success forgets the account's failures; the client's stay counted.
    state.store.clear_login_failures(&keys[0]).await?;
    let two_step = account.totp_secret.is_some();
    let stage = if two_step { STAGE_TWO_STEP } else { STAGE_FULL };
    if !two_step {
        let e = Entry {
            account_id: Some(&account.id),
            ..entry()
        };
        audit::record(state.store.as_ref(), Event::LoginSucceeded, e).await;
    }
    signed_in(&state, &account, &client, stage).await
}

/// The network an address belongs to for "have we seen this before": IPv4 /24, IPv6 /48.
pub fn network_of(ip: &str) -> String {
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(v4)) => {
            let o = v4.octets();
            format!("{}.{}.{}.0/24", o[0], o[1], o[2])
        }
        Ok(std::net::IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}::/48", s[0], s[1], s[2])
        }
        Err(_) => "unknown".to_owned(),
    }
}

/// Records the device and network of a full sign-in; one never seen before for an account
/// that has signed in elsewhere raises a `new_device_login` alert (R23).
async fn notice_new_device(
    state: &AppState,
    account: &AccountRow,
    client: &Client,
) -> Result<(), ApiError> {
    let device = super::sessions::describe_device(&client.user_agent);
    let network = network_of(&client.ip);
    if let Some(true) = state
        .store
        .note_device(&account.id, &device, &network, now_ms())
        .await?
    {
        let detail = format!("{device} from {network}");
        let e = Entry {
            account_id: Some(&account.id),
            ip: &client.ip,
            detail: &detail,
            ..Entry::default()
        };
        audit::record(state.store.as_ref(), Event::NewDeviceLogin, e).await;
        tracing::warn!(account = %account.id, %device, %network, "sign-in from a new device or network");
        if let Some(mailer) = &state.mailer {
            let when = chrono::DateTime::from_timestamp_millis(now_ms())
                .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default();
            let console = format!(
                "{}/console/",
                state.settings.public_url.trim_end_matches('/')
            );
            mailer.send_later(
                &account.email,
                crate::i18n::locale_for(&client.languages, crate::i18n::EMAIL),
                ("new-device-subject", "new-device-body"),
                &[
                    ("email", account.email.clone()),
                    ("device", device.clone()),
                    ("network", network.clone()),
                    ("when", when),
                    ("console", console),
                ],
            );
        }
    }
    Ok(())
}

/// `GET /api/v1/auth/alerts`: sign-ins from new devices or networks, newest first.
pub async fn alerts(
    State(state): State<AppState>,
    auth: SignedIn,
) -> Result<Json<Vec<crate::store::AuditRow>>, ApiError> {
    let rows = state
        .store
        .audit_of_account(&auth.account.id, Event::NewDeviceLogin.as_str(), 50)
        .await?;
    Ok(Json(rows))
}

/// Opens a session at `stage` (a new token every time: no session fixation) and answers with
/// its cookie.
pub async fn signed_in(
    state: &AppState,
    account: &AccountRow,
    client: &Client,
    stage: &str,
) -> Result<Response, ApiError> {
    if stage == STAGE_FULL {
        notice_new_device(state, account, client).await?;
    }
    let token = new_token();
    let hash = token_hash(&token);
    state
        .store
        .create_session(NewSession {
            token_hash: &hash,
            account_id: &account.id,
            now: now_ms(),
            ip: &client.ip,
            user_agent: &client.user_agent,
            stage,
        })
        .await?;
    let body = if stage == STAGE_FULL {
        LoginResponse {
            two_step_required: false,
            account: Some(me_of(state, account).await?),
        }
    } else {
        LoginResponse {
            two_step_required: true,
            account: None,
        }
    };
    let mut res = Json(body).into_response();
    // The half-signed-in session lives five minutes at most.
    let max_age = if stage == STAGE_FULL {
        state.settings.session_max_ms / 1000
    } else {
        300
    };
    res.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&token, max_age));
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// `GET /api/v1/auth/me`
pub async fn me(State(state): State<AppState>, auth: SignedIn) -> Result<Json<Me>, ApiError> {
    Ok(Json(me_of(&state, &auth.account).await?))
}

/// `POST /api/v1/auth/logout`
pub async fn logout(State(state): State<AppState>, auth: SignedIn) -> Result<Response, ApiError> {
    state.store.delete_session(&auth.token_hash).await?;
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, session_cookie("", 0));
    Ok(res)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    current_password: String,
    new_password: String,
    /// Sign out every other session too (recommended after a change).
    #[serde(default)]
    end_other_sessions: bool,
}

#[derive(Serialize)]
pub struct PasswordChanged {
    ended_sessions: u64,
}

/// `POST /api/v1/auth/password`: needs the current password; may end the other sessions.
pub async fn change_password(
    State(state): State<AppState>,
    auth: SignedIn,
    client: Client,
    AppJson(req): AppJson<PasswordChange>,
) -> Result<Json<PasswordChanged>, ApiError> {
    let keys = throttle::keys(&auth.account.email, &client.ip);
    throttle::before_attempt(state.store.as_ref(), &keys, now_ms()).await?;
    if !state
        .hasher
        .verify(&req.current_password, Some(&auth.account.password_hash))
        .await?
    {
        state.store.record_login_failure(&keys, now_ms()).await?;
        return Err(ApiError::InvalidCredentials);
    }
    let new = Password::parse(&req.new_password).map_err(|e| ApiError::InvalidField {
        code: "weak_password",
        field: "new_password".into(),
        message: e.to_string(),
    })?;
    let hash = state.hasher.hash(&new).await?;
    state.store.set_password(&auth.account.id, &hash).await?;
    let ended_sessions = if req.end_other_sessions {
        state
            .store
            .delete_other_sessions(&auth.account.id, &auth.token_hash)
            .await?
    } else {
        0
    };
    let detail = format!("ended {ended_sessions} other sessions");
    let e = Entry {
        account_id: Some(&auth.account.id),
        ip: &client.ip,
        detail: &detail,
        ..Entry::default()
    };
    audit::record(state.store.as_ref(), Event::PasswordChanged, e).await;
    Ok(Json(PasswordChanged { ended_sessions }))
}

/// The longest display name, in characters.
const MAX_DISPLAY_NAME: usize = 60;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileBody {
    /// How visitors see the agent in chat; empty or `null`: "Support team".
    display_name: Option<String>,
}

/// `PUT /api/v1/console/me/profile` `{"display_name": "Li"|null}`: how visitors see the agent
/// (never their e-mail address). Answers with the account as `GET /api/v1/auth/me` does.
pub async fn set_profile(
    State(state): State<AppState>,
    auth: Authenticated,
    AppJson(body): AppJson<ProfileBody>,
) -> Result<Json<Me>, ApiError> {
    let name = body
        .display_name
        .as_deref()
        .map(crate::tickets::clean_text)
        .filter(|n| !n.is_empty());
    if name
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_DISPLAY_NAME)
    {
        return Err(crate::tickets::field_error(
            "text_too_long",
            "display_name",
            format!("at most {MAX_DISPLAY_NAME} characters"),
        ));
    }
    state
        .store
        .set_display_name(&auth.account.id, name.as_deref())
        .await?;
    Ok(Json(me_of(&state, &auth.account).await?))
}
