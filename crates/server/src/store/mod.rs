//! Persistence behind one trait, so a PostgreSQL store can stand beside SQLite.
//!
//! Architecture invariant: SQL lives only under `store/`, and every value is a bound
//! parameter. Timestamps are integer milliseconds and ids are text, so the SQL stays portable.

mod accounts_sqlite;
mod chat;
mod chat_batch_sqlite;
mod chat_sqlite;
mod chat_team_sqlite;
mod faq_sqlite;
mod sqlite;
mod surveys_sqlite;
mod terms_sqlite;
mod tickets_sqlite;
mod wal_sync;

pub use chat::{
    Appended, CannedTaken, ChatStore, ConversationRow, Done, InboxFilter, NewChatMessage,
    NewConversation, SiteAgentRow,
};
pub use sqlite::SqliteStore;

use crate::accounts::Role;
use crate::site::SiteFile;
use async_trait::async_trait;

/// An account as stored.
#[derive(Debug, Clone)]
pub struct AccountRow {
    pub id: String,
    pub email: String,
    pub password_hash: String,
    pub must_change_password: bool,
    pub created_at: i64,
    /// Base32 TOTP secret once two-step verification is on.
    pub totp_secret: Option<String>,
    /// Base32 secret shown during enrolment, until a first code confirms it.
    pub totp_pending_secret: Option<String>,
    /// The last TOTP time step accepted (a code is good once).
    pub totp_last_step: i64,
}

/// A session as stored (the token itself is not).
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub token_hash: String,
    pub account_id: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub ip: String,
    pub user_agent: String,
    /// `full`, or `two_step` between the password and the code.
    pub stage: String,
}

/// A row of the audit log as read back.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub event: String,
    pub account_id: Option<String>,
    pub email: Option<String>,
    pub site_id: Option<String>,
    pub ip: String,
    pub detail: String,
}

/// An invitation as stored.
#[derive(Debug, Clone)]
pub struct InviteRow {
    pub token_hash: String,
    pub site_id: String,
    pub email: String,
    pub role: Role,
    pub created_by: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

/// A new session's facts.
#[derive(Debug, Clone)]
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub account_id: &'a str,
    pub now: i64,
    pub ip: &'a str,
    pub user_agent: &'a str,
    pub stage: &'a str,
}

/// A stored site: the validated document and its revision (bumped on every save).
#[derive(Debug, Clone)]
pub struct StoredSite {
    pub site: SiteFile,
    pub revision: i64,
    pub updated_at: i64,
}

/// A ticket as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketRow {
    pub site_id: String,
    pub reference: String,
    pub visitor_hash: String,
    pub category: String,
    pub subject: String,
    pub email: Option<String>,
    pub urgency: kefu_api::Urgency,
    pub priority: kefu_api::Priority,
    pub status: kefu_api::TicketStatus,
    pub locale: String,
    pub page: Option<String>,
    pub consent: bool,
    pub assignee_id: Option<String>,
    /// Read with the row (the account's address), never written.
    pub assignee_email: Option<String>,
    pub outcome: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub due_date: String,
    pub due_at: i64,
    pub first_reply_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub visitor_changed_at: i64,
    pub visitor_seen_at: i64,
}

/// A message of a ticket as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageRow {
    pub id: i64,
    pub author: kefu_api::Author,
    pub agent_email: Option<String>,
    pub internal: bool,
    pub body: String,
    pub at: i64,
}

/// A message to add.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    pub author: kefu_api::Author,
    pub agent_id: Option<&'a str>,
    pub internal: bool,
    pub body: &'a str,
    pub at: i64,
}

/// An idempotent request's answer, kept with what the request created.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredResponse {
    pub request_hash: String,
    pub status: u16,
    pub body: String,
}

/// Where an idempotent request's answer is kept.
#[derive(Debug, Clone)]
pub struct IdempotencyRecord<'a> {
    pub visitor_hash: &'a str,
    pub key: &'a str,
    pub response: StoredResponse,
    pub at: i64,
}

impl<'a> IdempotencyRecord<'a> {
    /// A 201 answer `body` to the request with fingerprint `request_hash`.
    pub fn created(
        visitor_hash: &'a str,
        key: &'a str,
        request_hash: &str,
        body: &str,
        at: i64,
    ) -> IdempotencyRecord<'a> {
        IdempotencyRecord {
            visitor_hash,
            key,
            response: StoredResponse {
                request_hash: request_hash.to_owned(),
                status: 201,
                body: body.to_owned(),
            },
            at,
        }
    }
}

/// How a ticket's creation went.
#[derive(Debug, Clone, PartialEq)]
pub enum Created {
    Done,
    /// The (random) reference exists already: try another.
    ReferenceTaken,
    /// Another request with this idempotency key was stored first.
    KeyTaken(StoredResponse),
}

/// How a change to a ticket went.
#[derive(Debug, Clone, PartialEq)]
pub enum Changed {
    Done,
    /// The ticket changed since it was read (or is gone): read it again and retry.
    Stale,
    KeyTaken(StoredResponse),
}

/// A published version of a site's terms; `texts` is the JSON `crate::terms` writes.
#[derive(Debug, Clone, PartialEq)]
pub struct TermsRow {
    pub version: u32,
    pub published_at: i64,
    pub published_by: String,
    pub require_acceptance: bool,
    pub texts: String,
}

/// What the ticket report needs of one ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    pub category: String,
    pub priority: kefu_api::Priority,
    pub status: kefu_api::TicketStatus,
    pub created_at: i64,
    pub due_at: i64,
    pub first_reply_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub rating: Option<u8>,
}

/// Which tickets the console's queue lists.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    /// Any of these statuses (all when empty).
    pub statuses: Vec<kefu_api::TicketStatus>,
    pub priority: Option<kefu_api::Priority>,
    pub category: Option<String>,
    /// `Some(None)`: unassigned; `Some(Some(id))`: assigned to that account.
    pub assignee: Option<Option<String>>,
    /// Only tickets not done whose due time is before this.
    pub due_before: Option<i64>,
    pub limit: i64,
}

#[async_trait]
pub trait Store: ChatStore + Send + Sync + 'static {
    /// `Ok(None)` when no site has this id.
    async fn site(&self, id: &str) -> anyhow::Result<Option<StoredSite>>;
    /// Creates or replaces a site and its origin allow-list in one transaction.
    /// Returns `true` when the site was created.
    async fn put_site(&self, site: &SiteFile) -> anyhow::Result<bool>;
    /// Whether `origin` may embed the widget of site `id`.
    async fn origin_allowed(&self, id: &str, origin: &str) -> anyhow::Result<bool>;
    async fn site_ids(&self) -> anyhow::Result<Vec<String>>;
    /// Creates an account with roles on sites, in one transaction; `Ok(false)` when the
    /// e-mail address is taken (nothing is written then).
    async fn create_account(
        &self,
        account: &AccountRow,
        roles: &[(String, Role)],
    ) -> anyhow::Result<bool>;
    async fn account_by_email(&self, email: &str) -> anyhow::Result<Option<AccountRow>>;
    async fn account(&self, id: &str) -> anyhow::Result<Option<AccountRow>>;
    /// `(site, role)` pairs of an account.
    async fn memberships(&self, account_id: &str) -> anyhow::Result<Vec<(String, Role)>>;
    async fn create_session(&self, session: NewSession<'_>) -> anyhow::Result<()>;
    async fn session(&self, token_hash: &str) -> anyhow::Result<Option<SessionRow>>;
    async fn touch_session(&self, token_hash: &str, now: i64) -> anyhow::Result<()>;
    async fn delete_session(&self, token_hash: &str) -> anyhow::Result<()>;
    /// An account's sessions, most recently used first.
    async fn sessions_of(&self, account_id: &str) -> anyhow::Result<Vec<SessionRow>>;
    /// Ends an account's sessions whose hash starts with `prefix` (the public session id);
    /// returns how many.
    async fn delete_session_by_prefix(&self, account_id: &str, prefix: &str)
        -> anyhow::Result<u64>;
    /// Ends every session of the account except `keep`; returns how many.
    async fn delete_other_sessions(&self, account_id: &str, keep: &str) -> anyhow::Result<u64>;
    /// Whether a site the account works on requires two-step verification.
    async fn two_step_required_for(&self, account_id: &str) -> anyhow::Result<bool>;
    /// Replaces the password hash and clears "must change password".
    async fn set_password(&self, account_id: &str, password_hash: &str) -> anyhow::Result<()>;
    /// Starts (or with `None` abandons) two-step enrolment with a secret not yet confirmed.
    async fn set_totp_pending(&self, account_id: &str, secret: Option<&str>) -> anyhow::Result<()>;
    /// Turns two-step verification on with `secret`, marks `step` used and replaces the
    /// recovery codes, in one transaction.
    async fn enable_totp(
        &self,
        account_id: &str,
        secret: &str,
        step: i64,
        code_hashes: &[String],
    ) -> anyhow::Result<()>;
    /// Accepts a TOTP step only if it is later than every step accepted before (no replay);
    /// atomic, so two requests with one code cannot both pass.
    async fn accept_totp_step(&self, account_id: &str, step: i64) -> anyhow::Result<bool>;
    /// Uses up an unused recovery code; `false` when there is none with this hash.
    async fn use_recovery_code(
        &self,
        account_id: &str,
        code_hash: &str,
        now: i64,
    ) -> anyhow::Result<bool>;
    async fn unused_recovery_codes(&self, account_id: &str) -> anyhow::Result<i64>;
    async fn create_invite(&self, invite: &InviteRow) -> anyhow::Result<()>;
    async fn invite(&self, token_hash: &str) -> anyhow::Result<Option<InviteRow>>;
    /// Creates the invited account with its role and marks the invite used, in one
    /// transaction; `Ok(false)` when the invite was used meanwhile or the address is taken.
    async fn accept_invite(
        &self,
        token_hash: &str,
        account: &AccountRow,
        now: i64,
    ) -> anyhow::Result<bool>;
    /// Remembers that the account signed in from `device` on `network`. Returns
    /// `Some(had_others)` when this pair is new (and whether the account had any before),
    /// `None` when it was known.
    async fn note_device(
        &self,
        account_id: &str,
        device: &str,
        network: &str,
        now: i64,
    ) -> anyhow::Result<Option<bool>>;
    /// An account's own audit events of one kind, newest first.
    async fn audit_of_account(
        &self,
        account_id: &str,
        event: &str,
        limit: i64,
    ) -> anyhow::Result<Vec<AuditRow>>;
    async fn append_audit(
        &self,
        at: i64,
        event: &str,
        entry: &crate::accounts::audit::Entry<'_>,
    ) -> anyhow::Result<()>;
    /// The newest audit rows an admin of `admin_sites` may read: events on those sites and
    /// events of accounts that are members of them, optionally of one `event` kind.
    async fn audit_for(
        &self,
        admin_sites: &[String],
        event: Option<&str>,
        limit: i64,
    ) -> anyhow::Result<Vec<AuditRow>>;
    /// Records one failed login under each key (and forgets failures older than a day).
    async fn record_login_failure(&self, keys: &[String], now: i64) -> anyhow::Result<()>;
    /// For each key, the number of failures since `since` and the oldest of them.
    async fn login_failures(
        &self,
        keys: &[String],
        since: i64,
    ) -> anyhow::Result<Vec<(i64, Option<i64>)>>;
    async fn clear_login_failures(&self, key: &str) -> anyhow::Result<()>;
    /// A site's whole FAQ (answers with their stored HTML), in the site's order.
    async fn faq(&self, site: &str) -> anyhow::Result<crate::faq::Faq>;
    /// Replaces a site's FAQ (already validated and rendered) in one transaction and bumps
    /// its revision. Articles that keep their id keep their votes and views.
    async fn replace_faq(&self, site: &str, faq: &crate::faq::Faq) -> anyhow::Result<()>;
    /// Bumped on every FAQ change (0 before the first).
    async fn faq_revision(&self, site: &str) -> anyhow::Result<i64>;
    /// Ids of the most viewed articles, most first.
    async fn faq_popular(&self, site: &str, limit: i64) -> anyhow::Result<Vec<String>>;
    /// Counts a view; `false` when no such published article.
    async fn record_faq_view(&self, site: &str, article: &str) -> anyhow::Result<bool>;
    /// One vote per visitor and article: `None` when no such published article,
    /// `Some(true)` for a first vote, `Some(false)` when it replaced the visitor's earlier one.
    async fn record_faq_vote(
        &self,
        site: &str,
        article: &str,
        visitor_hash: &str,
        helpful: bool,
    ) -> anyhow::Result<Option<bool>>;
    /// Counts a search that found nothing (by its normalized text).
    async fn record_faq_miss(&self, site: &str, locale: &str, query: &str) -> anyhow::Result<()>;
    async fn faq_report(
        &self,
        site: &str,
        default_locale: &str,
        limit: i64,
    ) -> anyhow::Result<kefu_api::FaqReport>;
    /// The server's key called `name`, stored as `fresh` the first time it is asked for.
    async fn server_key(&self, name: &str, fresh: &[u8]) -> anyhow::Result<Vec<u8>>;
    /// The kept answer to an earlier request with this key.
    async fn idempotent_response(
        &self,
        site: &str,
        visitor_hash: &str,
        key: &str,
    ) -> anyhow::Result<Option<StoredResponse>>;
    /// Stores a new ticket with its first message (the description), its attachment, a
    /// `created` event and the request's answer, in one transaction (durable once it returns).
    async fn create_ticket(
        &self,
        ticket: &TicketRow,
        description: &str,
        attachment: Option<&crate::tickets::Attachment>,
        record: &IdempotencyRecord<'_>,
    ) -> anyhow::Result<Created>;
    async fn ticket(&self, site: &str, reference: &str) -> anyhow::Result<Option<TicketRow>>;
    /// A visitor's tickets, newest first.
    async fn visitor_tickets(
        &self,
        site: &str,
        visitor_hash: &str,
        limit: i64,
    ) -> anyhow::Result<Vec<TicketRow>>;
    /// A ticket's messages in order; internal notes only when asked for.
    async fn ticket_messages(
        &self,
        site: &str,
        reference: &str,
        with_internal: bool,
    ) -> anyhow::Result<Vec<MessageRow>>;
    async fn ticket_events(
        &self,
        site: &str,
        reference: &str,
    ) -> anyhow::Result<Vec<kefu_api::TicketEvent>>;
    /// `(name, content type, bytes)` of a ticket's attachment.
    async fn ticket_attachment(
        &self,
        site: &str,
        reference: &str,
    ) -> anyhow::Result<Option<(String, String, Vec<u8>)>>;
    /// Writes `new` over the ticket if it is still as of `expected_updated_at`, with an optional
    /// message, its history events and an idempotency record, in one transaction.
    async fn change_ticket(
        &self,
        new: &TicketRow,
        expected_updated_at: i64,
        message: Option<NewMessage<'_>>,
        events: &[kefu_api::TicketEvent],
        record: Option<&IdempotencyRecord<'_>>,
    ) -> anyhow::Result<Changed>;
    /// The visitor has seen the ticket as of `at`.
    async fn mark_ticket_seen(&self, site: &str, reference: &str, at: i64) -> anyhow::Result<()>;
    /// The console's queue: most urgent first, then the earliest due.
    async fn ticket_queue(
        &self,
        site: &str,
        filter: &QueueFilter,
    ) -> anyhow::Result<Vec<TicketRow>>;
    /// Records the visitor's rating of a ticket; `true` for a first rating, `false` when it
    /// replaced an earlier one.
    async fn rate_ticket(
        &self,
        site: &str,
        reference: &str,
        rating: &kefu_api::TicketRating,
        at: i64,
    ) -> anyhow::Result<bool>;
    async fn ticket_rating(
        &self,
        site: &str,
        reference: &str,
    ) -> anyhow::Result<Option<kefu_api::TicketRating>>;
    /// The newest page a ticket with this address was sent from, if any ticket has it
    /// (`Some(None)`: tickets, but none with a page).
    async fn tickets_with_email(
        &self,
        site: &str,
        email: &str,
    ) -> anyhow::Result<Option<Option<String>>>;
    async fn create_recovery(
        &self,
        token_hash: &str,
        site: &str,
        email: &str,
        expires_at: i64,
    ) -> anyhow::Result<()>;
    /// Uses a recovery token once (unexpired, unused): links its address to `visitor_hash` and
    /// returns the address.
    async fn use_recovery(
        &self,
        token_hash: &str,
        site: &str,
        visitor_hash: &str,
        now: i64,
    ) -> anyhow::Result<Option<String>>;
    /// Whether the visitor got access to tickets with this address through a recovery link.
    async fn visitor_has_email(
        &self,
        site: &str,
        visitor_hash: &str,
        email: &str,
    ) -> anyhow::Result<bool>;
    /// The tickets of a site received since `since`, for the report.
    async fn ticket_report_rows(&self, site: &str, since: i64) -> anyhow::Result<Vec<ReportRow>>;
    /// Stores a visitor's NPS answer unless they answered at or after `not_before` (`false`).
    async fn record_nps(
        &self,
        site: &str,
        visitor_hash: &str,
        answer: &kefu_api::NpsAnswer,
        at: i64,
        not_before: i64,
    ) -> anyhow::Result<bool>;
    /// The NPS scores since `since`, and the newest `comments` answers that carry a comment.
    async fn nps_since(
        &self,
        site: &str,
        since: i64,
        comments: i64,
    ) -> anyhow::Result<(Vec<u8>, Vec<kefu_api::NpsComment>)>;
    /// Publishes the site's next terms version; returns its number.
    async fn publish_terms(
        &self,
        site: &str,
        by: &str,
        require_acceptance: bool,
        texts: &str,
        at: i64,
    ) -> anyhow::Result<u32>;
    /// Terms version `version`, or the newest when `None`.
    async fn terms(&self, site: &str, version: Option<u32>) -> anyhow::Result<Option<TermsRow>>;
    /// Every terms version, newest first, with its number of acceptances.
    async fn terms_history(&self, site: &str) -> anyhow::Result<Vec<(TermsRow, u64)>>;
    /// Records a visitor's acceptance of `version` (the first record stays); returns its time.
    async fn accept_terms(
        &self,
        site: &str,
        version: u32,
        visitor: &str,
        user_key: Option<&str>,
        locale: &str,
        at: i64,
    ) -> anyhow::Result<i64>;
    /// The newest terms version this browser or verified user accepted.
    async fn accepted_terms(
        &self,
        site: &str,
        visitor: &str,
        user_key: Option<&str>,
    ) -> anyhow::Result<Option<u32>>;
    /// A cheap query proving the database answers (readiness).
    async fn ping(&self) -> anyhow::Result<()>;
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A write transaction: `BEGIN IMMEDIATE` takes SQLite's write lock at the start, so it waits
/// its turn (busy timeout) instead of failing when it would upgrade a read snapshot that another
/// writer made stale meanwhile ("database is locked" under concurrent submissions).
pub(crate) async fn write_tx(
    pool: &sqlx::SqlitePool,
) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
    pool.begin_with("BEGIN IMMEDIATE").await
}
