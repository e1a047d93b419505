//! Feedback tickets, the team's side (console, same origin; any member of the site):
//!
//! - `GET /api/v1/console/sites/{site}/tickets?status=&priority=&category=&assignee=&overdue=`:
//!   the queue, most urgent first, then the earliest due (R16). `status` takes a comma list;
//!   `assignee` is `me`, `none` or an address; `overdue=true` keeps tickets past their due time.
//! - `GET …/tickets/{reference}`: the ticket with its thread, internal notes and history (R18).
//! - `PATCH …/tickets/{reference}`: status, priority, assignee, outcome. Resolving needs a
//!   public outcome; every change is kept in the history.
//! - `POST …/tickets/{reference}/replies`: a public reply (e-mailed to the visitor) or an
//!   internal note.
//! - `GET …/tickets/{reference}/attachment`: the image the visitor sent.

use super::auth::Authenticated;
use super::settings::role_on;
use crate::error::ApiError;
use crate::site::SiteFile;
use crate::state::AppState;
use crate::store::{now_ms, Changed, NewMessage, QueueFilter, TicketRow};
use crate::tickets::{self, notify};
use crate::web::json::AppJson;
use crate::web::query::ApiQuery;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use kefu_api::{
    AgentReply, AgentTicket, AttachmentInfo, Author, Priority, QueueTicket, TicketEvent,
    TicketMessage, TicketQueue, TicketStatus, TicketUpdate,
};
use serde::Deserialize;

const WRITE_TRIES: usize = 5;
const MAX_QUEUE: i64 = 500;

async fn member_site(
    state: &AppState,
    auth: &Authenticated,
    site: &str,
) -> Result<SiteFile, ApiError> {
    role_on(state, auth, site).await?;
    Ok(state
        .store
        .site(site)
        .await?
        .ok_or_else(|| ApiError::SiteNotFound(site.to_owned()))?
        .site)
}

fn not_found(reference: &str) -> ApiError {
    ApiError::NotFound(format!("no ticket `{reference}` on this site"))
}

async fn load(state: &AppState, site: &str, reference: &str) -> Result<TicketRow, ApiError> {
    let canonical = tickets::parse_reference(reference).ok_or_else(|| not_found(reference))?;
    state
        .store
        .ticket(site, &canonical)
        .await?
        .ok_or_else(|| not_found(reference))
}

pub fn queue_ticket(t: &TicketRow) -> QueueTicket {
    QueueTicket {
        reference: t.reference.clone(),
        subject: t.subject.clone(),
        category: t.category.clone(),
        status: t.status,
        priority: t.priority,
        urgency: t.urgency,
        created_at: t.created_at,
        updated_at: t.updated_at,
        due_date: t.due_date.clone(),
        due_at: t.due_at,
        assignee: t.assignee_email.clone(),
        email: t.email.clone(),
        locale: t.locale.clone(),
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct QueueQuery {
    status: Option<String>,
    priority: Option<String>,
    category: Option<String>,
    assignee: Option<String>,
    overdue: Option<bool>,
}

/// `GET /api/v1/console/sites/{site}/tickets`
pub async fn queue(
    State(state): State<AppState>,
    auth: Authenticated,
    Path(site_id): Path<String>,
    ApiQuery(q): ApiQuery<QueueQuery>,
) -> Result<Json<TicketQueue>, ApiError> {
    let site = member_site(&state, &auth, &site_id).await?;
    let bad = |field: &str, message: String| {
        ApiError::bad_request("invalid_query", format!("{field}: {message}"))
    };
    let mut filter = QueueFilter {
        limit: MAX_QUEUE,
        ..Default::default()
    };
    if let Some(list) = q.status.as_deref().filter(|s| !s.is_empty()) {
        for s in list.split(',') {
            filter.statuses.push(
                TicketStatus::parse(s.trim())
                    .ok_or_else(|| bad("status", format!("`{s}` is not a status")))?,
            );
        }
    }
    if let Some(p) = q.priority.as_deref().filter(|s| !s.is_empty()) {
        filter.priority = Some(
            Priority::parse(p)
                .ok_or_else(|| bad("priority", format!("`{p}` is not a priority")))?,
        );
    }
    filter.category = q.category.filter(|s| !s.is_empty());
    filter.assignee = match q.assignee.as_deref() {
        None | Some("") => None,
        Some("none") => Some(None),
        Some("me") => Some(Some(auth.account.id.clone())),
        Some(email) => {
            let account = state
                .store
                .account_by_email(&email.to_lowercase())
                .await?
                .ok_or_else(|| bad("assignee", format!("`{email}` has no account")))?;
            Some(Some(account.id))
        }
    };
    let now = now_ms();
    if q.overdue == Some(true) {
        filter.due_before = Some(now);
    }
    let rows = state.store.ticket_queue(&site_id, &filter).await?;
    Ok(Json(TicketQueue {
        tickets: rows.iter().map(queue_ticket).collect(),
        now,
        time_zone: site.time_zone,
    }))
}

async fn agent_view(
    state: &AppState,
    site: &SiteFile,
    t: &TicketRow,
) -> Result<AgentTicket, ApiError> {
    let messages = state
        .store
        .ticket_messages(&site.id, &t.reference, true)
        .await?
        .into_iter()
        .map(|m| TicketMessage {
            id: m.id,
            author: m.author,
            name: m.agent_email,
            body: m.body,
            at: m.at,
            internal: m.internal,
        })
        .collect();
    let attachment = state
        .store
        .ticket_attachment(&site.id, &t.reference)
        .await?
        .map(|(name, content_type, bytes)| AttachmentInfo {
            name,
            content_type,
            size: bytes.len() as u64,
        });
    Ok(AgentTicket {
        ticket: queue_ticket(t),
        time_zone: site.time_zone.clone(),
        page: t.page.clone(),
        outcome: t.outcome.clone(),
        attachment,
        messages,
        history: state.store.ticket_events(&site.id, &t.reference).await?,
        rating: state.store.ticket_rating(&site.id, &t.reference).await?,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    days: Option<u32>,
}

/// `GET /api/v1/console/sites/{site}/tickets/report?days=90`: any member (R14, R15, R18).
pub async fn report(
    State(state): State<AppState>,
    auth: Authenticated,
    Path(site_id): Path<String>,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> Result<Json<kefu_api::TicketReport>, ApiError> {
    member_site(&state, &auth, &site_id).await?;
    let days = q.days.unwrap_or(90);
    if !(1..=366).contains(&days) {
        return Err(ApiError::bad_request(
            "invalid_query",
            "days: choose 1 to 366",
        ));
    }
    let now = now_ms();
    let since = now - i64::from(days) * 86_400_000;
    let rows = state.store.ticket_report_rows(&site_id, since).await?;
    let mut report = tickets::report::report(&rows, days, now);
    let (scores, comments) = state.store.nps_since(&site_id, since, 20).await?;
    report.nps = kefu_api::NpsStats {
        comments,
        ..kefu_api::NpsStats::of(&scores)
    };
    Ok(Json(report))
}

/// `GET /api/v1/console/sites/{site}/tickets/{reference}`
pub async fn get_one(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((site_id, reference)): Path<(String, String)>,
) -> Result<Json<AgentTicket>, ApiError> {
    let site = member_site(&state, &auth, &site_id).await?;
    let t = load(&state, &site_id, &reference).await?;
    Ok(Json(agent_view(&state, &site, &t).await?))
}

fn event(
    at: i64,
    actor: &str,
    what: &str,
    from: Option<String>,
    to: Option<String>,
) -> TicketEvent {
    TicketEvent {
        at,
        actor: actor.into(),
        what: what.into(),
        from,
        to,
    }
}

/// The ticket after `u`, and the history of the change.
fn apply(
    t: &TicketRow,
    u: &TicketUpdate,
    assignee: Option<Option<(String, String)>>,
    actor: &str,
    now: i64,
) -> Result<(TicketRow, Vec<TicketEvent>), ApiError> {
    let mut new = t.clone();
    let mut events = vec![];
    if let Some(text) = &u.outcome {
        let text = tickets::clean_text(text);
        if text.chars().count() > kefu_api::MAX_MESSAGE_CHARS {
            return Err(ApiError::InvalidField {
                code: "text_too_long",
                field: "outcome".into(),
                message: format!("at most {} characters", kefu_api::MAX_MESSAGE_CHARS),
            });
        }
        let text = (!text.is_empty()).then_some(text);
        if text != t.outcome {
            events.push(event(
                now,
                actor,
                "outcome",
                t.outcome.clone(),
                text.clone(),
            ));
            new.outcome = text;
            if t.status.is_done() {
                new.visitor_changed_at = now;
            }
        }
    }
    if let Some(p) = u.priority {
        if p != t.priority {
            events.push(event(
                now,
                actor,
                "priority",
                Some(t.priority.as_str().into()),
                Some(p.as_str().into()),
            ));
            new.priority = p;
        }
    }
    if let Some(a) = assignee {
        let (id, email) = match a {
            Some((id, email)) => (Some(id), Some(email)),
            None => (None, None),
        };
        if id != t.assignee_id {
            events.push(event(
                now,
                actor,
                "assignee",
                t.assignee_email.clone(),
                email.clone(),
            ));
            new.assignee_id = id;
            new.assignee_email = email;
        }
    }
    if let Some(s) = u.status {
        if s != t.status {
            if !tickets::transition_allowed(t.status, s) {
                return Err(ApiError::Conflict {
                    code: "invalid_transition",
                    message: format!(
                        "a ticket cannot go from {} to {}",
                        t.status.as_str(),
                        s.as_str()
                    ),
                });
            }
            if s == TicketStatus::Resolved && new.outcome.is_none() {
                return Err(ApiError::InvalidField {
                    code: "outcome_required",
                    field: "outcome".into(),
                    message: "write the outcome the visitor will read before resolving".into(),
                });
            }
            events.push(event(
                now,
                actor,
                "status",
                Some(t.status.as_str().into()),
                Some(s.as_str().into()),
            ));
            new.status = s;
            new.visitor_changed_at = now;
            match s {
                TicketStatus::Resolved => {
                    new.resolved_at = Some(now);
                    new.closed_at = None;
                }
                TicketStatus::Closed => {
                    new.closed_at = Some(now);
                    if t.status != TicketStatus::Resolved {
                        new.resolved_at = None;
                    }
                }
                _ => {
                    new.resolved_at = None;
                    new.closed_at = None;
                }
            }
        }
    }
    new.updated_at = now;
    Ok((new, events))
}

/// `PATCH /api/v1/console/sites/{site}/tickets/{reference}`
pub async fn update(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((site_id, reference)): Path<(String, String)>,
    AppJson(u): AppJson<TicketUpdate>,
) -> Result<Json<AgentTicket>, ApiError> {
    let site = member_site(&state, &auth, &site_id).await?;
    let assignee = match u.assignee.as_deref() {
        None => None,
        Some("") => Some(None),
        Some(email) => {
            let unknown = || ApiError::InvalidField {
                code: "unknown_assignee",
                field: "assignee".into(),
                message: format!("`{email}` does not work on this site"),
            };
            let account = state
                .store
                .account_by_email(&email.trim().to_lowercase())
                .await?
                .ok_or_else(unknown)?;
            let member = state
                .store
                .memberships(&account.id)
                .await?
                .iter()
                .any(|(s, _)| s == &site_id);
            if !member {
                return Err(unknown());
            }
            Some(Some((account.id, account.email)))
        }
    };
    for _ in 0..WRITE_TRIES {
        let t = load(&state, &site_id, &reference).await?;
        let now = now_ms().max(t.updated_at + 1);
        let (new, events) = apply(&t, &u, assignee.clone(), &auth.account.email, now)?;
        if events.is_empty() {
            return Ok(Json(agent_view(&state, &site, &t).await?));
        }
        match state
            .store
            .change_ticket(&new, t.updated_at, None, &events, None)
            .await?
        {
            Changed::Done => {
                if new.status == TicketStatus::Resolved && t.status != TicketStatus::Resolved {
                    notify::resolved(&state, &site, &new);
                }
                return Ok(Json(agent_view(&state, &site, &new).await?));
            }
            Changed::Stale | Changed::KeyTaken(_) => continue,
        }
    }
    Err(ApiError::Conflict {
        code: "ticket_busy",
        message: "the ticket is being changed right now; try again".into(),
    })
}

/// `POST /api/v1/console/sites/{site}/tickets/{reference}/replies`
pub async fn reply(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((site_id, reference)): Path<(String, String)>,
    AppJson(r): AppJson<AgentReply>,
) -> Result<(StatusCode, Json<AgentTicket>), ApiError> {
    let site = member_site(&state, &auth, &site_id).await?;
    let text = tickets::check_message("body", &r.body)?;
    for _ in 0..WRITE_TRIES {
        let t = load(&state, &site_id, &reference).await?;
        let now = now_ms().max(t.updated_at + 1);
        let mut new = t.clone();
        new.updated_at = now;
        let actor = auth.account.email.as_str();
        let mut events = vec![event(
            now,
            actor,
            if r.internal { "note" } else { "reply" },
            None,
            None,
        )];
        if !r.internal {
            new.first_reply_at = t.first_reply_at.or(Some(now));
            new.visitor_changed_at = now;
            if t.status == TicketStatus::New {
                new.status = TicketStatus::InProgress;
                events.push(event(
                    now,
                    actor,
                    "status",
                    Some(t.status.as_str().into()),
                    Some(new.status.as_str().into()),
                ));
            }
        }
        let message = NewMessage {
            author: Author::Agent,
            agent_id: Some(&auth.account.id),
            internal: r.internal,
            body: &text,
            at: now,
        };
        match state
            .store
            .change_ticket(&new, t.updated_at, Some(message), &events, None)
            .await?
        {
            Changed::Done => {
                if !r.internal {
                    notify::replied(&state, &site, &new, &text);
                }
                return Ok((
                    StatusCode::CREATED,
                    Json(agent_view(&state, &site, &new).await?),
                ));
            }
            Changed::Stale | Changed::KeyTaken(_) => continue,
        }
    }
    Err(ApiError::Conflict {
        code: "ticket_busy",
        message: "the ticket is being changed right now; try again".into(),
    })
}

/// `GET /api/v1/console/sites/{site}/tickets/{reference}/attachment`: the image, only ever as
/// an image (its type was read from its bytes on arrival) and never as a page.
pub async fn attachment(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((site_id, reference)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    member_site(&state, &auth, &site_id).await?;
    let t = load(&state, &site_id, &reference).await?;
    let (name, content_type, bytes) = state
        .store
        .ticket_attachment(&site_id, &t.reference)
        .await?
        .ok_or_else(|| ApiError::NotFound("this ticket has no attachment".into()))?;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{ascii}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}
