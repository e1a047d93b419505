//! Feedback tickets, the visitor's side (the widget's calls; CORS per site). The visitor is
//! known by the random token the widget keeps (`Authorization: Bearer <32 hex>`); one ticket
//! can also be read with its own secret (the link in e-mails). A wrong token and a reference
//! that does not exist get the same 404.
//!
//! - `POST /api/v1/sites/{site}/tickets` (`Idempotency-Key` required): 201 with the reference
//!   and due date once the ticket is durably stored; a retry gets the same answer.
//! - `GET …/tickets`: the visitor's tickets ("My requests") and how many have news.
//! - `GET …/tickets/{reference}`: one ticket with its public thread and outcome.
//! - `POST …/tickets/{reference}/seen`: the visitor has looked (clears its unread mark).
//! - `POST …/tickets/{reference}/replies` (`Idempotency-Key` required): a reply, which reopens
//!   a resolved ticket within the site's window.

use crate::error::ApiError;
use crate::site::SiteFile;
use crate::state::AppState;
use crate::store::{now_ms, Changed, Created, IdempotencyRecord, NewMessage, TicketRow};
use crate::tickets::{self, due};
use crate::web::idempotency::{self, json_response, replay, Start};
use crate::web::json::AppJson;
use crate::web::limits::client_ip_from;
use crate::web::query::ApiQuery;
use axum::extract::{FromRequest as _, Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use kefu_api::{
    Author, FeedbackCategory, FeedbackConfig, NewTicket, RecoverConfirm, RecoverRequest,
    ReplyReceipt, TicketList, TicketMessage, TicketRating, TicketReceipt, TicketStatus,
    TicketSummary, VisitorReply, VisitorTicket,
};
use subtle::ConstantTimeEq as _;

/// Tickets listed in "My requests" at most.
const MAX_LISTED: i64 = 100;
/// Tries when a ticket changed between reading and writing it.
const WRITE_TRIES: usize = 5;

/// The bearer token of a visitor's request (their token or a ticket's secret).
pub fn bearer(headers: &HeaderMap) -> Result<String, ApiError> {
    let Some(v) = headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::VisitorToken {
            code: "visitor_token_required",
            message: "send the visitor's token as Authorization: Bearer <token>".into(),
        });
    };
    let token = v
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| tickets::valid_visitor_token(t));
    token
        .map(str::to_ascii_lowercase)
        .ok_or_else(|| ApiError::VisitorToken {
            code: "invalid_visitor_token",
            message: "the visitor's token must be 32 hexadecimal digits".into(),
        })
}

/// The site, if it takes feedback.
pub async fn feedback_site(state: &AppState, site_id: &str) -> Result<SiteFile, ApiError> {
    super::site_with_module(state, site_id, |m| m.feedback, "takes no feedback").await
}

fn no_such_ticket() -> ApiError {
    ApiError::NotFound("no ticket with this reference is yours to read".into())
}

/// The ticket, if `token` is its visitor's token or its own secret.
async fn visible_ticket(
    state: &AppState,
    site: &str,
    reference: &str,
    token: &str,
) -> Result<TicketRow, ApiError> {
    let reference = tickets::parse_reference(reference).ok_or_else(no_such_ticket)?;
    let t = state
        .store
        .ticket(site, &reference)
        .await?
        .ok_or_else(no_such_ticket)?;
    let mine = tickets::visitor_hash(site, token);
    let by_visitor = bool::from(mine.as_bytes().ct_eq(t.visitor_hash.as_bytes()));
    if by_visitor || tickets::secret_matches(&state.ticket_key, site, &t.reference, token) {
        return Ok(t);
    }
    // A browser that opened an e-mailed recovery link for the ticket's address.
    if let Some(email) = &t.email {
        if state.store.visitor_has_email(site, &mine, email).await? {
            return Ok(t);
        }
    }
    Err(no_such_ticket())
}

fn rate_limited(retry_after_secs: u64) -> ApiError {
    ApiError::RateLimited { retry_after_secs }
}

pub fn summary(t: &TicketRow) -> TicketSummary {
    TicketSummary {
        reference: t.reference.clone(),
        subject: t.subject.clone(),
        category: t.category.clone(),
        status: t.status,
        created_at: t.created_at,
        updated_at: t.updated_at,
        due_date: t.due_date.clone(),
        due_at: t.due_at,
        unread: t.visitor_changed_at > t.visitor_seen_at,
    }
}

async fn visitor_view(
    state: &AppState,
    site: &SiteFile,
    t: &TicketRow,
) -> Result<VisitorTicket, ApiError> {
    let messages = state
        .store
        .ticket_messages(&site.id, &t.reference, false)
        .await?
        .into_iter()
        .map(|m| TicketMessage {
            id: m.id,
            author: m.author,
            // Agents are "the support team" to visitors; their addresses stay inside.
            name: None,
            body: m.body,
            at: m.at,
            internal: false,
        })
        .collect();
    Ok(VisitorTicket {
        summary: summary(t),
        time_zone: site.time_zone.clone(),
        outcome: t.outcome.clone().filter(|_| t.status.is_done()),
        resolved_at: t.resolved_at,
        messages,
        can_reply: tickets::visitor_can_reply(
            t.status,
            t.resolved_at,
            site.feedback.reopen_days,
            now_ms(),
        ),
        rating: state
            .store
            .ticket_rating(&site.id, &t.reference)
            .await?
            .map(|r| r.score),
    })
}

/// A satisfaction rating (R14) of a request or a chat: a whole number from 1 to 5, and the
/// comment cleaned (`None` when empty), at most 1000 characters.
pub fn check_rating(score: u8, comment: Option<&str>) -> Result<Option<String>, ApiError> {
    if !(1..=5).contains(&score) {
        return Err(ApiError::InvalidField {
            code: "invalid_rating",
            field: "score".into(),
            message: "the rating is a whole number from 1 to 5".into(),
        });
    }
    let comment = comment.map(tickets::clean_text).filter(|c| !c.is_empty());
    if comment.as_ref().is_some_and(|c| c.chars().count() > 1000) {
        return Err(ApiError::InvalidField {
            code: "text_too_long",
            field: "comment".into(),
            message: "at most 1000 characters".into(),
        });
    }
    Ok(comment)
}

/// `POST /api/v1/sites/{site}/tickets/{reference}/rating` `{"score":1–5,"comment"?}`: how
/// satisfied the visitor is with a resolved request (R14); 201 for the first rating, 200 when it
/// replaced the earlier one.
pub async fn rate(
    State(state): State<AppState>,
    Path((site_id, reference)): Path<(String, String)>,
    headers: HeaderMap,
    AppJson(body): AppJson<TicketRating>,
) -> Result<StatusCode, ApiError> {
    let token = bearer(&headers)?;
    feedback_site(&state, &site_id).await?;
    let comment = check_rating(body.score, body.comment.as_deref())?;
    let t = visible_ticket(&state, &site_id, &reference, &token).await?;
    if !t.status.is_done() {
        return Err(ApiError::Conflict {
            code: "not_resolved",
            message: "a request can be rated once it is resolved".into(),
        });
    }
    state
        .ticket_visitors
        .check(&format!("rating\n{}", t.reference))
        .map_err(rate_limited)?;
    let first = state
        .store
        .rate_ticket(
            &site_id,
            &t.reference,
            &TicketRating {
                score: body.score,
                comment,
            },
            now_ms(),
        )
        .await?;
    Ok(if first {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    })
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocaleQuery {
    locale: Option<String>,
}

/// `GET /api/v1/sites/{site}/feedback?locale=…`: the form's categories (the site's own labels
/// in the visitor's language), whether the site's terms must be accepted first, and the promise in working days.
pub async fn config(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    ApiQuery(q): ApiQuery<LocaleQuery>,
) -> Result<Json<FeedbackConfig>, ApiError> {
    let prefs = super::widget_config::parse_preferences(q.locale.as_deref().unwrap_or(""))?;
    let site = feedback_site(&state, &site_id).await?;
    let locale = crate::site::localize::negotiate(&site, &prefs);
    let f = &site.feedback;
    let categories = if f.categories.is_empty() {
        f.category_ids()
            .into_iter()
            .map(|id| FeedbackCategory { id, label: None })
            .collect()
    } else {
        f.categories
            .iter()
            .map(|c| FeedbackCategory {
                id: c.id.clone(),
                label: c
                    .label
                    .get(&locale)
                    .or_else(|| c.label.get(&site.default_locale))
                    .cloned(),
            })
            .collect()
    };
    Ok(Json(FeedbackConfig {
        locale,
        categories,
        require_consent: state
            .store
            .terms(&site_id, None)
            .await?
            .is_some_and(|t| t.require_acceptance),
        due_working_days: f.due_working_days,
        time_zone: site.time_zone.clone(),
    }))
}

/// `POST /api/v1/sites/{site}/tickets`
pub async fn create(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    req: Request,
) -> Result<Response, ApiError> {
    let key = idempotency::key_of(req.headers())?;
    let token = bearer(req.headers())?;
    let ip = client_ip_from(&state, req.headers(), req.extensions());
    let site = feedback_site(&state, &site_id).await?;
    let AppJson(body) = AppJson::<NewTicket>::from_request(req, &state).await?;
    let visitor = tickets::visitor_hash(&site_id, &token);
    let fingerprint = tickets::request_hash("create", &body);
    let _held = match idempotency::start(&state, &site_id, &visitor, &key, &fingerprint).await? {
        Start::Fresh(held) => held,
        Start::Answered(res) => return Ok(res),
    };
    // Checked before the budgets: a visitor correcting a mistake spends none of theirs.
    let mut draft = tickets::validate(&site, &body)?;
    draft.consent = super::terms::require_accepted(&state, &site_id, &visitor, None).await?;
    if let Some(ip) = ip {
        state.ticket_ips.check(&ip).map_err(rate_limited)?;
    }
    state
        .ticket_visitors
        .check(&visitor)
        .map_err(rate_limited)?;
    let now = now_ms();
    let (due_date, due_at) =
        due::Calendar::of(&site).due(&due::TzZone::of(&site), now, site.feedback.due_working_days);
    for _ in 0..5 {
        let reference = tickets::new_reference();
        let receipt = TicketReceipt {
            secret: tickets::secret(&state.ticket_key, &site_id, &reference),
            reference: reference.clone(),
            status: TicketStatus::New,
            created_at: now,
            due_date: due_date.to_string(),
            due_at,
            time_zone: site.time_zone.clone(),
        };
        let json = serde_json::to_string(&receipt).map_err(|e| ApiError::Internal(e.into()))?;
        let row = TicketRow {
            site_id: site_id.clone(),
            reference,
            visitor_hash: visitor.clone(),
            category: draft.category.clone(),
            subject: draft.subject.clone(),
            email: draft.email.clone(),
            urgency: draft.urgency,
            priority: draft.priority,
            status: TicketStatus::New,
            locale: draft.locale.clone(),
            page: draft.page.clone(),
            consent: draft.consent,
            assignee_id: None,
            assignee_email: None,
            outcome: None,
            created_at: now,
            updated_at: now,
            due_date: receipt.due_date.clone(),
            due_at,
            first_reply_at: None,
            resolved_at: None,
            closed_at: None,
            visitor_changed_at: now,
            visitor_seen_at: now,
        };
        let record = IdempotencyRecord::created(&visitor, &key, &fingerprint, &json, now);
        match state
            .store
            .create_ticket(&row, &draft.description, draft.attachment.as_ref(), &record)
            .await?
        {
            Created::Done => {
                tracing::info!(site = %site_id, reference = %row.reference, priority = row.priority.as_str(), "ticket created");
                tickets::notify::created(&state, &site, &row);
                return Ok(json_response(201, json, false));
            }
            Created::KeyTaken(earlier) => return replay(earlier, &fingerprint),
            Created::ReferenceTaken => continue,
        }
    }
    Err(ApiError::Internal(anyhow::anyhow!(
        "no free ticket reference after 5 tries"
    )))
}

/// The visitor's tickets, newest first, and how many have news.
async fn list_of(state: &AppState, site: &SiteFile, visitor: &str) -> Result<TicketList, ApiError> {
    let rows = state
        .store
        .visitor_tickets(&site.id, visitor, MAX_LISTED)
        .await?;
    let tickets: Vec<TicketSummary> = rows.iter().map(summary).collect();
    Ok(TicketList {
        unread: tickets.iter().filter(|t| t.unread).count() as u32,
        tickets,
        time_zone: site.time_zone.clone(),
    })
}

/// `GET /api/v1/sites/{site}/tickets`
pub async fn list(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<TicketList>, ApiError> {
    let token = bearer(&headers)?;
    let site = feedback_site(&state, &site_id).await?;
    let visitor = tickets::visitor_hash(&site_id, &token);
    Ok(Json(list_of(&state, &site, &visitor).await?))
}

/// `GET /api/v1/sites/{site}/tickets/{reference}`
pub async fn get_one(
    State(state): State<AppState>,
    Path((site_id, reference)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<VisitorTicket>, ApiError> {
    let token = bearer(&headers)?;
    let site = feedback_site(&state, &site_id).await?;
    let t = visible_ticket(&state, &site_id, &reference, &token).await?;
    Ok(Json(visitor_view(&state, &site, &t).await?))
}

/// `POST /api/v1/sites/{site}/tickets/{reference}/seen`
pub async fn seen(
    State(state): State<AppState>,
    Path((site_id, reference)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let token = bearer(&headers)?;
    feedback_site(&state, &site_id).await?;
    let t = visible_ticket(&state, &site_id, &reference, &token).await?;
    state
        .store
        .mark_ticket_seen(&site_id, &t.reference, now_ms().max(t.visitor_changed_at))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/sites/{site}/tickets/{reference}/replies`
pub async fn reply(
    State(state): State<AppState>,
    Path((site_id, reference)): Path<(String, String)>,
    req: Request,
) -> Result<Response, ApiError> {
    let key = idempotency::key_of(req.headers())?;
    let token = bearer(req.headers())?;
    let site = feedback_site(&state, &site_id).await?;
    let AppJson(body) = AppJson::<VisitorReply>::from_request(req, &state).await?;
    let visitor = tickets::visitor_hash(&site_id, &token);
    let fingerprint = tickets::request_hash(&format!("reply {reference}"), &body);
    let _held = match idempotency::start(&state, &site_id, &visitor, &key, &fingerprint).await? {
        Start::Fresh(held) => held,
        Start::Answered(res) => return Ok(res),
    };
    let text = tickets::check_message("body", &body.body)?;
    state
        .ticket_visitors
        .check(&format!("reply\n{visitor}"))
        .map_err(rate_limited)?;
    for _ in 0..WRITE_TRIES {
        let t = visible_ticket(&state, &site_id, &reference, &token).await?;
        let now = now_ms().max(t.updated_at + 1);
        if !tickets::visitor_can_reply(t.status, t.resolved_at, site.feedback.reopen_days, now) {
            let (code, message) = if t.status == TicketStatus::Closed {
                ("ticket_closed", "this request is closed; send a new one")
            } else {
                (
                    "reopen_window_passed",
                    "this request was resolved too long ago to reopen; send a new one",
                )
            };
            return Err(ApiError::Conflict {
                code,
                message: message.into(),
            });
        }
        let mut new = t.clone();
        new.updated_at = now;
        let mut events = vec![kefu_api::TicketEvent {
            at: now,
            actor: "visitor".into(),
            what: "reply".into(),
            from: None,
            to: None,
        }];
        // A reply to a resolved ticket, or to a question the team asked, puts it back to work.
        if matches!(
            t.status,
            TicketStatus::Resolved | TicketStatus::WaitingForVisitor
        ) {
            new.status = TicketStatus::InProgress;
            new.resolved_at = None;
            events.push(kefu_api::TicketEvent {
                at: now,
                actor: "visitor".into(),
                what: "status".into(),
                from: Some(t.status.as_str().into()),
                to: Some(new.status.as_str().into()),
            });
        }
        let receipt = ReplyReceipt {
            at: now,
            status: new.status,
        };
        let json = serde_json::to_string(&receipt).map_err(|e| ApiError::Internal(e.into()))?;
        let record = IdempotencyRecord::created(&visitor, &key, &fingerprint, &json, now);
        let message = NewMessage {
            author: Author::Visitor,
            agent_id: None,
            internal: false,
            body: &text,
            at: now,
        };
        match state
            .store
            .change_ticket(&new, t.updated_at, Some(message), &events, Some(&record))
            .await?
        {
            Changed::Done => {
                state
                    .store
                    .mark_ticket_seen(&site_id, &t.reference, now)
                    .await?;
                return Ok(json_response(201, json, false));
            }
            Changed::KeyTaken(earlier) => return replay(earlier, &fingerprint),
            Changed::Stale => continue,
        }
    }
    Err(ApiError::Conflict {
        code: "ticket_busy",
        message: "the request is being changed right now; try again".into(),
    })
}

/// How long a recovery link works.
const RECOVERY_MS: i64 = 3_600_000;

/// `POST /api/v1/sites/{site}/tickets/recover` `{"email","locale"}`: e-mails a one-time link
/// to the requests sent with this address. Always 202 with the same answer, whether or not
/// there are any (nobody learns which addresses wrote).
pub async fn recover(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    headers: HeaderMap,
    AppJson(body): AppJson<RecoverRequest>,
) -> Result<StatusCode, ApiError> {
    let token = bearer(&headers)?;
    let site = feedback_site(&state, &site_id).await?;
    if state.mailer.is_none() {
        return Err(ApiError::Unavailable {
            code: "email_unavailable",
            message: "this server sends no e-mail, so it cannot send a link".into(),
        });
    }
    let email = crate::accounts::Email::parse(&body.email).map_err(|m| ApiError::InvalidField {
        code: "invalid_email",
        field: "email".into(),
        message: m,
    })?;
    let email = email.as_str();
    let visitor = tickets::visitor_hash(&site_id, &token);
    state
        .ticket_visitors
        .check(&format!("recover\n{visitor}"))
        .map_err(rate_limited)?;
    state
        .ticket_visitors
        .check(&format!("recover-mail\n{site_id}\n{email}"))
        .map_err(rate_limited)?;
    if let Some(page) = state.store.tickets_with_email(&site_id, email).await? {
        let secret = crate::accounts::new_token();
        let hash = crate::accounts::token_hash(&secret);
        state
            .store
            .create_recovery(&hash, &site_id, email, now_ms() + RECOVERY_MS)
            .await?;
        let locale = if site.locales.contains(&body.locale) {
            body.locale.clone()
        } else {
            site.default_locale.clone()
        };
        let link = tickets::notify::page_link(
            &state,
            &site,
            page.as_deref(),
            &format!("kefu-recover={secret}"),
        );
        tickets::notify::recovery(&state, &site, email, &locale, &link);
    }
    Ok(StatusCode::ACCEPTED)
}

/// `POST /api/v1/sites/{site}/tickets/recover/confirm` `{"token"}`: the browser that opened the
/// link now sees the requests sent with that address (and keeps its own).
pub async fn recover_confirm(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    headers: HeaderMap,
    AppJson(body): AppJson<RecoverConfirm>,
) -> Result<Json<TicketList>, ApiError> {
    let token = bearer(&headers)?;
    let site = feedback_site(&state, &site_id).await?;
    let visitor = tickets::visitor_hash(&site_id, &token);
    let used = state
        .store
        .use_recovery(
            &crate::accounts::token_hash(body.token.trim()),
            &site_id,
            &visitor,
            now_ms(),
        )
        .await?;
    if used.is_none() {
        return Err(ApiError::NotFound(
            "this link has expired or was used already; ask for a new one".into(),
        ));
    }
    Ok(Json(list_of(&state, &site, &visitor).await?))
}
