//! Feedback tickets (R13, R15, R16): what the widget submits and reads back, and what the
//! console's queue shows and changes.
//!
//! Times are UTC milliseconds. A ticket's due date is a calendar date in the site's time zone
//! (`due_date`, `YYYY-MM-DD`); `due_at` is the instant that day ends there.

use serde::{Deserialize, Serialize};

/// The categories a site offers when it names none of its own.
pub const DEFAULT_TICKET_CATEGORIES: [&str; 5] =
    ["bug", "suggestion", "complaint", "question", "other"];

/// Longest subject, in characters.
pub const MAX_SUBJECT_CHARS: usize = 200;
/// Longest description or reply, in characters.
pub const MAX_MESSAGE_CHARS: usize = 5000;
/// Largest attachment, in bytes (before base64).
pub const MAX_ATTACHMENT_BYTES: usize = 2 * 1024 * 1024;

/// How urgent the visitor says their request is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Low,
    #[default]
    Normal,
    High,
}

/// How the site's team handles a ticket, most urgent first (R16).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Urgent,
    High,
    #[default]
    Normal,
    Low,
}

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::Urgent,
        Priority::High,
        Priority::Normal,
        Priority::Low,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Urgent => "urgent",
            Priority::High => "high",
            Priority::Normal => "normal",
            Priority::Low => "low",
        }
    }

    pub fn parse(s: &str) -> Option<Priority> {
        Priority::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// Where a ticket is in its life: new → triaged → in progress → waiting for visitor → resolved
/// → closed. A visitor's reply reopens a resolved ticket within the site's window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    #[default]
    New,
    Triaged,
    InProgress,
    WaitingForVisitor,
    Resolved,
    Closed,
}

impl TicketStatus {
    pub const ALL: [TicketStatus; 6] = [
        TicketStatus::New,
        TicketStatus::Triaged,
        TicketStatus::InProgress,
        TicketStatus::WaitingForVisitor,
        TicketStatus::Resolved,
        TicketStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::New => "new",
            TicketStatus::Triaged => "triaged",
            TicketStatus::InProgress => "in_progress",
            TicketStatus::WaitingForVisitor => "waiting_for_visitor",
            TicketStatus::Resolved => "resolved",
            TicketStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<TicketStatus> {
        TicketStatus::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// Resolved or closed: the due date no longer runs.
    pub fn is_done(self) -> bool {
        matches!(self, TicketStatus::Resolved | TicketStatus::Closed)
    }
}

/// An image sent with a ticket: its file name and its bytes in base64. The server decides the
/// type from the bytes (PNG, JPEG, GIF or WebP), never from the name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAttachment {
    pub name: String,
    pub data: String,
}

/// `POST /api/v1/sites/{site}/tickets` with an `Idempotency-Key` header and the visitor's token
/// as `Authorization: Bearer …`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewTicket {
    pub category: String,
    pub subject: String,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default)]
    pub urgency: Urgency,
    /// The visitor's language: receipts and e-mails use it.
    pub locale: String,
    /// The page the visitor was on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<NewAttachment>,
    /// Kept for older widgets; ignored. Acceptance of the site's terms is recorded with
    /// `POST …/terms/acceptances` and checked by the server.
    #[serde(default)]
    pub consent: bool,
}

/// The answer to a new ticket (201), replayed as it was for a repeated idempotency key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketReceipt {
    /// Short and unambiguous, e.g. `KF-7Q4M-2J9D`. It reveals nothing on its own.
    pub reference: String,
    /// Reads this one ticket without the visitor's token (the link in e-mails): 128 bits.
    pub secret: String,
    pub status: TicketStatus,
    pub created_at: i64,
    /// The last working day of the promise, in the site's time zone.
    pub due_date: String,
    /// When that day ends in the site's time zone.
    pub due_at: i64,
    pub time_zone: String,
}

/// Who wrote a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    Visitor,
    Agent,
}

/// One message of a ticket's public thread.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketMessage {
    pub id: i64,
    pub author: Author,
    /// The agent's display name (never their e-mail address).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub body: String,
    pub at: i64,
    /// Only in the console: a note the visitor never sees.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub internal: bool,
}

/// A ticket in the visitor's list ("My requests").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketSummary {
    pub reference: String,
    pub subject: String,
    pub category: String,
    pub status: TicketStatus,
    pub created_at: i64,
    pub updated_at: i64,
    pub due_date: String,
    pub due_at: i64,
    /// Something the visitor has not seen yet (a reply, a status change, the outcome).
    pub unread: bool,
}

/// `GET /api/v1/sites/{site}/tickets`: the visitor's tickets, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketList {
    pub tickets: Vec<TicketSummary>,
    pub unread: u32,
    pub time_zone: String,
}

/// `GET /api/v1/sites/{site}/tickets/{reference}`: one ticket as its visitor sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VisitorTicket {
    #[serde(flatten)]
    pub summary: TicketSummary,
    pub time_zone: String,
    /// The published outcome (R15), once resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<i64>,
    pub messages: Vec<TicketMessage>,
    /// Whether a reply is accepted now (not closed, and a resolved ticket only within the
    /// site's reopening window).
    pub can_reply: bool,
    /// The visitor's satisfaction rating (1–5), once given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<u8>,
}

/// `POST …/tickets/{reference}/replies` from the visitor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitorReply {
    pub body: String,
}

/// A ticket in the console's queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueTicket {
    pub reference: String,
    pub subject: String,
    pub category: String,
    pub status: TicketStatus,
    pub priority: Priority,
    pub urgency: Urgency,
    pub created_at: i64,
    pub updated_at: i64,
    pub due_date: String,
    pub due_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub locale: String,
}

/// `GET /api/v1/console/sites/{site}/tickets`: the queue, urgent first, then by due date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketQueue {
    pub tickets: Vec<QueueTicket>,
    pub now: i64,
    pub time_zone: String,
}

/// One change in a ticket's history (R18).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketEvent {
    pub at: i64,
    /// The agent's e-mail address, or `visitor` / `system`.
    pub actor: String,
    /// `created`, `status`, `priority`, `assignee`, `outcome`, `reply`, `note`.
    pub what: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

/// Metadata of a ticket's attachment; the bytes are at `…/tickets/{reference}/attachment`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttachmentInfo {
    pub name: String,
    pub content_type: String,
    pub size: u64,
}

/// `GET /api/v1/console/sites/{site}/tickets/{reference}`: everything about one ticket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgentTicket {
    #[serde(flatten)]
    pub ticket: QueueTicket,
    pub time_zone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<AttachmentInfo>,
    /// The thread, internal notes included.
    pub messages: Vec<TicketMessage>,
    pub history: Vec<TicketEvent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<TicketRating>,
}

/// `PATCH /api/v1/console/sites/{site}/tickets/{reference}`: any of these; resolving needs an
/// outcome (given here or earlier).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TicketStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// An agent's e-mail address, or `""` to unassign.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
}

/// `POST /api/v1/console/sites/{site}/tickets/{reference}/replies`: a public reply, or an
/// internal note the visitor never sees.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentReply {
    pub body: String,
    #[serde(default)]
    pub internal: bool,
}

/// The answer to a visitor's reply (201), replayed as it was for a repeated idempotency key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReplyReceipt {
    pub at: i64,
    /// The ticket's status after the reply (a resolved ticket is reopened).
    pub status: TicketStatus,
}

/// A feedback category as the widget offers it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedbackCategory {
    pub id: String,
    /// The site's own label in the visitor's language; absent for the built-in categories,
    /// which the widget names in its own words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// `GET /api/v1/sites/{site}/feedback?locale=…`: what the feedback form needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedbackConfig {
    /// The content language served (negotiated from the visitor's list).
    pub locale: String,
    pub categories: Vec<FeedbackCategory>,
    pub require_consent: bool,
    pub due_working_days: u32,
    pub time_zone: String,
}

/// `POST …/tickets/{reference}/rating`: how satisfied the visitor is with a resolved request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketRating {
    /// 1 (very dissatisfied) to 5 (very satisfied).
    pub score: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// One group's figures in the ticket report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TicketStats {
    /// The category or priority; empty for all tickets.
    pub key: String,
    pub received: u32,
    pub resolved: u32,
    /// Resolved by their due time, of those resolved (0–100), `None` when none was resolved.
    pub on_time_pct: Option<f64>,
    /// Median time to the first public reply, of those answered.
    pub median_first_reply_ms: Option<i64>,
    /// Median time to resolution, of those resolved.
    pub median_resolution_ms: Option<i64>,
    /// Open tickets past their due time now.
    pub overdue_open: u32,
    pub ratings: u32,
    /// Average satisfaction (1–5) and the share of 4 and 5 (CSAT, 0–100).
    pub average_rating: Option<f64>,
    pub csat_pct: Option<f64>,
}

/// `GET /api/v1/console/sites/{site}/tickets/report?days=90`: tickets received in the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketReport {
    pub days: u32,
    pub total: TicketStats,
    pub by_category: Vec<TicketStats>,
    pub by_priority: Vec<TicketStats>,
    /// The NPS answers of the same period.
    #[serde(default)]
    pub nps: crate::NpsStats,
}

/// `POST …/tickets/recover`: e-mail me a link to my requests (on a new device).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoverRequest {
    pub email: String,
    /// The language of the e-mail.
    pub locale: String,
}

/// `POST …/tickets/recover/confirm` with the token from the e-mailed link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoverConfirm {
    pub token: String,
}
