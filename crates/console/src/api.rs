//! Every request the console makes: same origin, session cookie, JSON both ways.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Membership {
    pub site: String,
    pub role: String,
    /// The site offers live chat.
    #[serde(default)]
    pub chat: bool,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Me {
    #[serde(default)]
    pub id: String,
    pub email: String,
    /// The agent's picture in chat.
    #[serde(default)]
    pub avatar: Option<String>,
    /// How visitors see this agent in chat.
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub must_change_password: bool,
    pub sites: Vec<Membership>,
    pub two_step_enabled: bool,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct LoginResponse {
    pub two_step_required: bool,
    pub account: Option<Me>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SessionView {
    pub id: String,
    pub device: String,
    pub ip: String,
    pub last_seen_at: f64,
    pub current: bool,
}

/// A failed request: the HTTP status, the error code and the server's message.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub code: String,
    pub message: String,
    /// The body field the error is about (`channels[1].value`), when it is about one.
    pub field: Option<String>,
    pub retry_after: Option<String>,
}

fn network() -> ApiError {
    ApiError {
        status: 0,
        code: "network".into(),
        message: String::new(),
        field: None,
        retry_after: None,
    }
}

async fn read<T: DeserializeOwned>(res: Response) -> Result<T, ApiError> {
    if res.ok() {
        return res.json::<T>().await.map_err(|_| network());
    }
    let retry_after = res.headers().get("retry-after");
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    Err(ApiError {
        status,
        code: body["error"]["code"]
            .as_str()
            .unwrap_or("http_error")
            .to_owned(),
        message: body["error"]["message"].as_str().unwrap_or("").to_owned(),
        field: body["error"]["field"].as_str().map(str::to_owned),
        retry_after,
    })
}

async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    let req = Request::post(path).json(body).map_err(|_| network())?;
    read(req.send().await.map_err(|_| network())?).await
}

pub async fn login(email: &str, password: &str) -> Result<LoginResponse, ApiError> {
    post(
        "/api/v1/auth/login",
        &serde_json::json!({ "email": email, "password": password }),
    )
    .await
}

pub async fn second_step(code: &str) -> Result<LoginResponse, ApiError> {
    let trimmed = code.trim();
    let body = if trimmed.len() == 6 && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        serde_json::json!({ "code": trimmed })
    } else {
        serde_json::json!({ "recovery_code": trimmed })
    };
    post("/api/v1/auth/two-step", &body).await
}

pub async fn me() -> Result<Me, ApiError> {
    read(
        Request::get("/api/v1/auth/me")
            .send()
            .await
            .map_err(|_| network())?,
    )
    .await
}

pub async fn logout() -> Result<(), ApiError> {
    let res = Request::post("/api/v1/auth/logout")
        .send()
        .await
        .map_err(|_| network())?;
    if res.ok() {
        Ok(())
    } else {
        Err(network())
    }
}

pub async fn sessions() -> Result<Vec<SessionView>, ApiError> {
    read(
        Request::get("/api/v1/auth/sessions")
            .send()
            .await
            .map_err(|_| network())?,
    )
    .await
}

pub async fn revoke(id: &str) -> Result<(), ApiError> {
    let res = Request::delete(&format!("/api/v1/auth/sessions/{id}"))
        .send()
        .await
        .map_err(|_| network())?;
    if res.ok() {
        Ok(())
    } else {
        Err(network())
    }
}

pub async fn revoke_others() -> Result<Value, ApiError> {
    post(
        "/api/v1/auth/sessions/revoke-others",
        &serde_json::json!({}),
    )
    .await
}

pub async fn settings(site: &str) -> Result<Value, ApiError> {
    let path = format!("/api/v1/console/sites/{site}/settings");
    read(Request::get(&path).send().await.map_err(|_| network())?).await
}

pub async fn save_settings(site: &str, doc: &Value) -> Result<Value, ApiError> {
    let path = format!("/api/v1/console/sites/{site}/settings");
    let req = Request::put(&path).json(doc).map_err(|_| network())?;
    read(req.send().await.map_err(|_| network())?).await
}

/// A site's whole FAQ (members).
pub async fn faq(site: &str) -> Result<Value, ApiError> {
    let path = format!("/api/v1/console/sites/{site}/faq");
    read(Request::get(&path).send().await.map_err(|_| network())?).await
}

/// Replaces a site's FAQ (admins); a validation error names its field.
pub async fn save_faq(site: &str, doc: &Value) -> Result<Value, ApiError> {
    let path = format!("/api/v1/console/sites/{site}/faq");
    let req = Request::put(&path).json(doc).map_err(|_| network())?;
    read(req.send().await.map_err(|_| network())?).await
}

/// A site's terms: every version with its acceptances, and the current one whole (members).
pub async fn terms(site: &str) -> Result<kefu_api::TermsHistory, ApiError> {
    let path = format!("/api/v1/console/sites/{site}/terms");
    read(Request::get(&path).send().await.map_err(|_| network())?).await
}

/// One published version of a site's terms (members).
pub async fn terms_version(site: &str, version: u32) -> Result<kefu_api::PublishedTerms, ApiError> {
    let path = format!("/api/v1/console/sites/{site}/terms/{version}");
    read(Request::get(&path).send().await.map_err(|_| network())?).await
}

/// Publishes the next version (admins); a validation error names its field.
pub async fn publish_terms(
    site: &str,
    draft: &Value,
) -> Result<kefu_api::PublishedTerms, ApiError> {
    let path = format!("/api/v1/console/sites/{site}/terms");
    let req = Request::post(&path).json(draft).map_err(|_| network())?;
    read(req.send().await.map_err(|_| network())?).await
}

pub async fn faq_report(site: &str) -> Result<kefu_api::FaqReport, ApiError> {
    let path = format!("/api/v1/console/sites/{site}/faq/report");
    read(Request::get(&path).send().await.map_err(|_| network())?).await
}

/// A site's ticket queue; `query` is the filter part of the URL (`status=…&priority=…`).
pub async fn tickets(site: &str, query: &str) -> Result<kefu_api::TicketQueue, ApiError> {
    let path = format!("/api/v1/console/sites/{site}/tickets?{query}");
    read(Request::get(&path).send().await.map_err(|_| network())?).await
}

pub async fn ticket_report(site: &str, days: u32) -> Result<kefu_api::TicketReport, ApiError> {
    let path = format!("/api/v1/console/sites/{site}/tickets/report?days={days}");
    read(Request::get(&path).send().await.map_err(|_| network())?).await
}

pub async fn ticket(site: &str, reference: &str) -> Result<kefu_api::AgentTicket, ApiError> {
    let path = format!("/api/v1/console/sites/{site}/tickets/{reference}");
    read(Request::get(&path).send().await.map_err(|_| network())?).await
}

pub async fn update_ticket(
    site: &str,
    reference: &str,
    update: &kefu_api::TicketUpdate,
) -> Result<kefu_api::AgentTicket, ApiError> {
    let path = format!("/api/v1/console/sites/{site}/tickets/{reference}");
    let req = Request::patch(&path).json(update).map_err(|_| network())?;
    read(req.send().await.map_err(|_| network())?).await
}

/// Sets how visitors see the agent in chat (empty: "Support team").
pub async fn set_display_name(name: &str) -> Result<Me, ApiError> {
    let name = name.trim();
    let body = serde_json::json!({ "display_name": (!name.is_empty()).then_some(name) });
    let req = Request::put("/api/v1/console/me/profile")
        .json(&body)
        .map_err(|_| network())?;
    read(req.send().await.map_err(|_| network())?).await
}

/// The file chosen in an `<input type=file>` (the input is emptied, so the same file can be
/// chosen again).
pub fn picked_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast as _;
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files()?.get(0)?;
    input.set_value("");
    Some(file)
}

/// The agent's picture in chat, sent as the file's bytes (the server reads its type).
pub async fn set_avatar(file: &web_sys::File) -> Result<Me, ApiError> {
    let req = Request::put("/api/v1/console/me/avatar")
        .body(file.clone())
        .map_err(|_| network())?;
    read(req.send().await.map_err(|_| network())?).await
}

pub async fn remove_avatar() -> Result<Me, ApiError> {
    read(
        Request::delete("/api/v1/console/me/avatar")
            .send()
            .await
            .map_err(|_| network())?,
    )
    .await
}

/// The site's team, to assign a conversation.
pub async fn agents(site: &str) -> Result<Vec<kefu_api::SiteAgent>, ApiError> {
    let path = format!("/api/v1/console/sites/{site}/agents");
    read(Request::get(&path).send().await.map_err(|_| network())?).await
}

/// The visitor's earlier chats and tickets.
pub async fn chat_history(site: &str, id: &str) -> Result<kefu_api::VisitorHistory, ApiError> {
    let path = format!("/api/v1/console/sites/{site}/chats/{id}/history");
    read(Request::get(&path).send().await.map_err(|_| network())?).await
}

/// A conversation with its messages (an earlier one, from the history).
pub async fn chat(site: &str, id: &str) -> Result<Value, ApiError> {
    let path = format!("/api/v1/console/sites/{site}/chats/{id}");
    read(Request::get(&path).send().await.map_err(|_| network())?).await
}

/// Sends an image as a reply (`client_id` as for a text reply).
pub async fn send_chat_image(
    site: &str,
    id: &str,
    client_id: &str,
    file: &web_sys::File,
) -> Result<kefu_api::ChatAck, ApiError> {
    let path = format!("/api/v1/console/sites/{site}/chats/{id}/files?id={client_id}");
    let req = Request::post(&path)
        .body(file.clone())
        .map_err(|_| network())?;
    read(req.send().await.map_err(|_| network())?).await
}

pub async fn canned(site: &str) -> Result<Vec<kefu_api::CannedResponse>, ApiError> {
    let path = format!("/api/v1/console/sites/{site}/canned");
    read(Request::get(&path).send().await.map_err(|_| network())?).await
}

/// Adds (`id` = `None`) or changes a canned response.
pub async fn save_canned(
    site: &str,
    id: Option<i64>,
    input: &kefu_api::CannedInput,
) -> Result<kefu_api::CannedResponse, ApiError> {
    let req = match id {
        None => Request::post(&format!("/api/v1/console/sites/{site}/canned")),
        Some(id) => Request::put(&format!("/api/v1/console/sites/{site}/canned/{id}")),
    };
    let req = req.json(input).map_err(|_| network())?;
    read(req.send().await.map_err(|_| network())?).await
}

pub async fn delete_canned(site: &str, id: i64) -> Result<(), ApiError> {
    let path = format!("/api/v1/console/sites/{site}/canned/{id}");
    let res = Request::delete(&path).send().await.map_err(|_| network())?;
    if res.ok() {
        Ok(())
    } else {
        read::<Value>(res).await.map(|_| ())
    }
}

/// First responses, the promise, agents, hours and ratings of the chats of the last `days`.
pub async fn chat_report(site: &str, days: u32) -> Result<kefu_api::ChatReport, ApiError> {
    let path = format!("/api/v1/console/sites/{site}/chats/report?days={days}");
    read(Request::get(&path).send().await.map_err(|_| network())?).await
}

/// Takes, assigns or closes a conversation: `{"assignee": id|null}` or `{"status":"closed"}`.
pub async fn update_chat(
    site: &str,
    id: &str,
    body: &Value,
) -> Result<kefu_api::InboxItem, ApiError> {
    let path = format!("/api/v1/console/sites/{site}/chats/{id}");
    let req = Request::patch(&path).json(body).map_err(|_| network())?;
    read(req.send().await.map_err(|_| network())?).await
}

/// A public reply (e-mailed to the visitor) or, with `internal`, a note only the team sees.
pub async fn reply_ticket(
    site: &str,
    reference: &str,
    body: &str,
    internal: bool,
) -> Result<kefu_api::AgentTicket, ApiError> {
    let path = format!("/api/v1/console/sites/{site}/tickets/{reference}/replies");
    post(
        &path,
        &kefu_api::AgentReply {
            body: body.to_owned(),
            internal,
        },
    )
    .await
}

/// The widget config the unsaved `doc` would give a visitor in `locale`, as JSON text (handed
/// to the preview frame as it is); a validation error names its field.
pub async fn preview_settings(site: &str, locale: &str, doc: &Value) -> Result<String, ApiError> {
    let path = format!("/api/v1/console/sites/{site}/settings/preview?locale={locale}");
    let req = Request::post(&path).json(doc).map_err(|_| network())?;
    let res = req.send().await.map_err(|_| network())?;
    if res.ok() {
        return res.text().await.map_err(|_| network());
    }
    read::<Value>(res).await.map(|v| v.to_string())
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct InviteLink {
    pub invite_url: String,
}

pub async fn invite(site: &str, email: &str, role: &str) -> Result<InviteLink, ApiError> {
    let path = format!("/api/v1/console/sites/{site}/invites");
    post(&path, &serde_json::json!({ "email": email, "role": role })).await
}

pub async fn accept_invite(token: &str, password: &str) -> Result<LoginResponse, ApiError> {
    post(
        "/api/v1/auth/invites/accept",
        &serde_json::json!({ "token": token, "password": password }),
    )
    .await
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Enrolment {
    pub secret: String,
    pub qr_svg: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct RecoveryCodes {
    pub recovery_codes: Vec<String>,
}

pub async fn two_step_setup() -> Result<Enrolment, ApiError> {
    post("/api/v1/auth/two-step/setup", &serde_json::json!({})).await
}

pub async fn two_step_confirm(code: &str) -> Result<RecoveryCodes, ApiError> {
    post(
        "/api/v1/auth/two-step/confirm",
        &serde_json::json!({ "code": code.trim() }),
    )
    .await
}

/// A security event (the audit log and the account's alerts).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct AuditEntry {
    pub at: f64,
    pub event: String,
    pub email: Option<String>,
    pub site_id: Option<String>,
    pub ip: String,
    pub detail: String,
}

pub async fn alerts() -> Result<Vec<AuditEntry>, ApiError> {
    read(
        Request::get("/api/v1/auth/alerts")
            .send()
            .await
            .map_err(|_| network())?,
    )
    .await
}

/// The security log, optionally one event only.
pub async fn audit(event: &str) -> Result<Vec<AuditEntry>, ApiError> {
    let path = if event.is_empty() {
        "/api/v1/console/audit".to_owned()
    } else {
        format!("/api/v1/console/audit?event={event}")
    };
    read(Request::get(&path).send().await.map_err(|_| network())?).await
}

#[derive(Deserialize)]
struct PasswordChanged {
    ended_sessions: u64,
}

/// Changes the password; returns how many other sessions were ended.
pub async fn change_password(current: &str, new: &str, end_others: bool) -> Result<u64, ApiError> {
    let r: PasswordChanged = post(
        "/api/v1/auth/password",
        &serde_json::json!({
            "current_password": current,
            "new_password": new,
            "end_other_sessions": end_others,
        }),
    )
    .await?;
    Ok(r.ended_sessions)
}
