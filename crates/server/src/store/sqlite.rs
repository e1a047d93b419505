//! The embedded SQLite store: one file in the data directory, WAL journal, full fsync.

use super::accounts_sqlite as acc;
use super::tickets_sqlite as tk;
use super::{now_ms, AccountRow, NewSession, SessionRow, Store, StoredSite};
use super::{
    Changed, Created, IdempotencyRecord, MessageRow, NewMessage, QueueFilter, StoredResponse,
    TicketRow,
};
use crate::accounts::Role;
use crate::site::SiteFile;
use anyhow::Context as _;
use async_trait::async_trait;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};
use std::path::Path;
use std::time::Duration;

#[derive(Clone)]
pub struct SqliteStore {
    pub(super) pool: SqlitePool,
    /// The chat writer's batches (`chat_batch_sqlite.rs`).
    pub(super) chat_batches: super::chat_batch_sqlite::BatchWriter,
}

impl SqliteStore {
    /// Opens (creating if needed) `kefu.db` in `data_dir` and applies pending migrations.
    pub async fn open(data_dir: &Path) -> anyhow::Result<SqliteStore> {
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("cannot create data directory {}", data_dir.display()))?;
        let opts = SqliteConnectOptions::new()
            .filename(data_dir.join("kefu.db"))
            .create_if_missing(true)
            // Set explicitly: WAL lets readers run beside the writer; FULL fsyncs every commit
            // so an acknowledged write survives a power cut (R8).
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            // A file, not a network peer: no ping before each use (one round trip to the
            // connection's thread saved on every query and transaction).
            .test_before_acquire(false)
            .connect_with(opts)
            .await
            .context("cannot open the SQLite database")?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .context("migrations failed")?;
        let chat_batches = super::chat_batch_sqlite::BatchWriter::open(&data_dir.join("kefu.db"))
            .context("cannot open the SQLite database for chat messages")?;
        Ok(SqliteStore { pool, chat_batches })
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn site(&self, id: &str) -> anyhow::Result<Option<StoredSite>> {
        let row = sqlx::query("SELECT doc, revision, updated_at FROM sites WHERE id = ?1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let doc: String = row.try_get("doc")?;
        let site: SiteFile =
            serde_json::from_str(&doc).context("stored site document is corrupt")?;
        Ok(Some(StoredSite {
            site,
            revision: row.try_get("revision")?,
            updated_at: row.try_get("updated_at")?,
        }))
    }

    async fn put_site(&self, site: &SiteFile) -> anyhow::Result<bool> {
        let doc = serde_json::to_string(site)?;
        let now = now_ms();
        let mut tx = super::write_tx(&self.pool).await?;
        let existed = sqlx::query("SELECT 1 FROM sites WHERE id = ?1")
            .bind(&site.id)
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
        sqlx::query(
            "INSERT INTO sites (id, doc, revision, created_at, updated_at) VALUES (?1, ?2, 1, ?3, ?3)
             ON CONFLICT (id) DO UPDATE SET doc = excluded.doc, revision = sites.revision + 1,
             updated_at = excluded.updated_at",
        )
        .bind(&site.id)
        .bind(&doc)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM site_origins WHERE site_id = ?1")
            .bind(&site.id)
            .execute(&mut *tx)
            .await?;
        for origin in &site.allowed_origins {
            sqlx::query("INSERT INTO site_origins (site_id, origin) VALUES (?1, ?2)")
                .bind(&site.id)
                .bind(origin)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(!existed)
    }

    async fn origin_allowed(&self, id: &str, origin: &str) -> anyhow::Result<bool> {
        let row = sqlx::query("SELECT 1 FROM site_origins WHERE site_id = ?1 AND origin = ?2")
            .bind(id)
            .bind(origin)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    async fn site_ids(&self) -> anyhow::Result<Vec<String>> {
        let rows = sqlx::query("SELECT id FROM sites ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| r.try_get("id").map_err(Into::into))
            .collect()
    }

    async fn create_account(
        &self,
        account: &AccountRow,
        roles: &[(String, Role)],
    ) -> anyhow::Result<bool> {
        acc::create_account(&self.pool, account, roles).await
    }

    async fn account_by_email(&self, email: &str) -> anyhow::Result<Option<AccountRow>> {
        acc::account_by(&self.pool, "email", email).await
    }

    async fn account(&self, id: &str) -> anyhow::Result<Option<AccountRow>> {
        acc::account_by(&self.pool, "id", id).await
    }

    async fn memberships(&self, account_id: &str) -> anyhow::Result<Vec<(String, Role)>> {
        acc::memberships(&self.pool, account_id).await
    }

    async fn create_session(&self, session: NewSession<'_>) -> anyhow::Result<()> {
        acc::create_session(&self.pool, session).await
    }

    async fn session(&self, token_hash: &str) -> anyhow::Result<Option<SessionRow>> {
        acc::session(&self.pool, token_hash).await
    }

    async fn touch_session(&self, token_hash: &str, now: i64) -> anyhow::Result<()> {
        acc::touch_session(&self.pool, token_hash, now).await
    }

    async fn delete_session(&self, token_hash: &str) -> anyhow::Result<()> {
        acc::delete_session(&self.pool, token_hash).await
    }

    async fn record_login_failure(&self, keys: &[String], now: i64) -> anyhow::Result<()> {
        acc::record_login_failure(&self.pool, keys, now).await
    }

    async fn login_failures(
        &self,
        keys: &[String],
        since: i64,
    ) -> anyhow::Result<Vec<(i64, Option<i64>)>> {
        acc::login_failures(&self.pool, keys, since).await
    }

    async fn clear_login_failures(&self, key: &str) -> anyhow::Result<()> {
        acc::clear_login_failures(&self.pool, key).await
    }

    async fn sessions_of(&self, account_id: &str) -> anyhow::Result<Vec<SessionRow>> {
        acc::sessions_of(&self.pool, account_id).await
    }

    async fn delete_session_by_prefix(
        &self,
        account_id: &str,
        prefix: &str,
    ) -> anyhow::Result<u64> {
        acc::delete_session_by_prefix(&self.pool, account_id, prefix).await
    }

    async fn delete_other_sessions(&self, account_id: &str, keep: &str) -> anyhow::Result<u64> {
        acc::delete_other_sessions(&self.pool, account_id, keep).await
    }

    async fn create_invite(&self, invite: &super::InviteRow) -> anyhow::Result<()> {
        acc::create_invite(&self.pool, invite).await
    }

    async fn invite(&self, token_hash: &str) -> anyhow::Result<Option<super::InviteRow>> {
        acc::invite(&self.pool, token_hash).await
    }

    async fn accept_invite(
        &self,
        token_hash: &str,
        account: &AccountRow,
        now: i64,
    ) -> anyhow::Result<bool> {
        acc::accept_invite(&self.pool, token_hash, account, now).await
    }

    async fn note_device(
        &self,
        account_id: &str,
        device: &str,
        network: &str,
        now: i64,
    ) -> anyhow::Result<Option<bool>> {
        acc::note_device(&self.pool, account_id, device, network, now).await
    }

    async fn audit_of_account(
        &self,
        account_id: &str,
        event: &str,
        limit: i64,
    ) -> anyhow::Result<Vec<super::AuditRow>> {
        acc::audit_of_account(&self.pool, account_id, event, limit).await
    }

    async fn append_audit(
        &self,
        at: i64,
        event: &str,
        entry: &crate::accounts::audit::Entry<'_>,
    ) -> anyhow::Result<()> {
        acc::append_audit(&self.pool, at, event, entry).await
    }

    async fn audit_for(
        &self,
        admin_sites: &[String],
        event: Option<&str>,
        limit: i64,
    ) -> anyhow::Result<Vec<super::AuditRow>> {
        acc::audit_for(&self.pool, admin_sites, event, limit).await
    }

    async fn two_step_required_for(&self, account_id: &str) -> anyhow::Result<bool> {
        acc::two_step_required_for(&self.pool, account_id).await
    }

    async fn set_password(&self, account_id: &str, password_hash: &str) -> anyhow::Result<()> {
        acc::set_password(&self.pool, account_id, password_hash).await
    }

    async fn set_totp_pending(&self, account_id: &str, secret: Option<&str>) -> anyhow::Result<()> {
        acc::set_totp_pending(&self.pool, account_id, secret).await
    }

    async fn enable_totp(
        &self,
        account_id: &str,
        secret: &str,
        step: i64,
        code_hashes: &[String],
    ) -> anyhow::Result<()> {
        acc::enable_totp(&self.pool, account_id, secret, step, code_hashes).await
    }

    async fn accept_totp_step(&self, account_id: &str, step: i64) -> anyhow::Result<bool> {
        acc::accept_totp_step(&self.pool, account_id, step).await
    }

    async fn use_recovery_code(
        &self,
        account_id: &str,
        code_hash: &str,
        now: i64,
    ) -> anyhow::Result<bool> {
        acc::use_recovery_code(&self.pool, account_id, code_hash, now).await
    }

    async fn unused_recovery_codes(&self, account_id: &str) -> anyhow::Result<i64> {
        acc::unused_recovery_codes(&self.pool, account_id).await
    }

    async fn ping(&self) -> anyhow::Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn faq(&self, site: &str) -> anyhow::Result<crate::faq::Faq> {
        super::faq_sqlite::faq(&self.pool, site).await
    }

    async fn replace_faq(&self, site: &str, faq: &crate::faq::Faq) -> anyhow::Result<()> {
        super::faq_sqlite::replace_faq(&self.pool, site, faq).await
    }

    async fn faq_revision(&self, site: &str) -> anyhow::Result<i64> {
        super::faq_sqlite::faq_revision(&self.pool, site).await
    }

    async fn faq_popular(&self, site: &str, limit: i64) -> anyhow::Result<Vec<String>> {
        super::faq_sqlite::popular(&self.pool, site, limit).await
    }

    async fn record_faq_view(&self, site: &str, article: &str) -> anyhow::Result<bool> {
        super::faq_sqlite::record_view(&self.pool, site, article).await
    }

    async fn record_faq_vote(
        &self,
        site: &str,
        article: &str,
        visitor_hash: &str,
        helpful: bool,
    ) -> anyhow::Result<Option<bool>> {
        super::faq_sqlite::record_vote(&self.pool, site, article, visitor_hash, helpful).await
    }

    async fn record_faq_miss(&self, site: &str, locale: &str, query: &str) -> anyhow::Result<()> {
        super::faq_sqlite::record_miss(&self.pool, site, locale, query).await
    }

    async fn faq_report(
        &self,
        site: &str,
        default_locale: &str,
        limit: i64,
    ) -> anyhow::Result<kefu_api::FaqReport> {
        super::faq_sqlite::report(&self.pool, site, default_locale, limit).await
    }

    async fn server_key(&self, name: &str, fresh: &[u8]) -> anyhow::Result<Vec<u8>> {
        tk::server_key(&self.pool, name, fresh).await
    }

    async fn idempotent_response(
        &self,
        site: &str,
        visitor_hash: &str,
        key: &str,
    ) -> anyhow::Result<Option<StoredResponse>> {
        tk::idempotent_response(&self.pool, site, visitor_hash, key).await
    }

    async fn create_ticket(
        &self,
        ticket: &TicketRow,
        description: &str,
        attachment: Option<&crate::tickets::Attachment>,
        record: &IdempotencyRecord<'_>,
    ) -> anyhow::Result<Created> {
        tk::create_ticket(&self.pool, ticket, description, attachment, record).await
    }

    async fn ticket(&self, site: &str, reference: &str) -> anyhow::Result<Option<TicketRow>> {
        tk::ticket(&self.pool, site, reference).await
    }

    async fn visitor_tickets(
        &self,
        site: &str,
        visitor_hash: &str,
        limit: i64,
    ) -> anyhow::Result<Vec<TicketRow>> {
        tk::visitor_tickets(&self.pool, site, visitor_hash, limit).await
    }

    async fn ticket_messages(
        &self,
        site: &str,
        reference: &str,
        with_internal: bool,
    ) -> anyhow::Result<Vec<MessageRow>> {
        tk::ticket_messages(&self.pool, site, reference, with_internal).await
    }

    async fn ticket_events(
        &self,
        site: &str,
        reference: &str,
    ) -> anyhow::Result<Vec<kefu_api::TicketEvent>> {
        tk::ticket_events(&self.pool, site, reference).await
    }

    async fn ticket_attachment(
        &self,
        site: &str,
        reference: &str,
    ) -> anyhow::Result<Option<(String, String, Vec<u8>)>> {
        tk::ticket_attachment(&self.pool, site, reference).await
    }

    async fn change_ticket(
        &self,
        new: &TicketRow,
        expected_updated_at: i64,
        message: Option<NewMessage<'_>>,
        events: &[kefu_api::TicketEvent],
        record: Option<&IdempotencyRecord<'_>>,
    ) -> anyhow::Result<Changed> {
        tk::change_ticket(
            &self.pool,
            new,
            expected_updated_at,
            message,
            events,
            record,
        )
        .await
    }

    async fn mark_ticket_seen(&self, site: &str, reference: &str, at: i64) -> anyhow::Result<()> {
        tk::mark_seen(&self.pool, site, reference, at).await
    }

    async fn ticket_queue(
        &self,
        site: &str,
        filter: &QueueFilter,
    ) -> anyhow::Result<Vec<TicketRow>> {
        tk::queue(&self.pool, site, filter).await
    }

    async fn rate_ticket(
        &self,
        site: &str,
        reference: &str,
        rating: &kefu_api::TicketRating,
        at: i64,
    ) -> anyhow::Result<bool> {
        tk::rate(&self.pool, site, reference, rating, at).await
    }

    async fn ticket_rating(
        &self,
        site: &str,
        reference: &str,
    ) -> anyhow::Result<Option<kefu_api::TicketRating>> {
        tk::rating(&self.pool, site, reference).await
    }

    async fn record_nps(
        &self,
        site: &str,
        visitor_hash: &str,
        answer: &kefu_api::NpsAnswer,
        at: i64,
        not_before: i64,
    ) -> anyhow::Result<bool> {
        super::surveys_sqlite::record_nps(&self.pool, site, visitor_hash, answer, at, not_before)
            .await
    }

    async fn nps_since(
        &self,
        site: &str,
        since: i64,
        comments: i64,
    ) -> anyhow::Result<(Vec<u8>, Vec<kefu_api::NpsComment>)> {
        super::surveys_sqlite::nps_since(&self.pool, site, since, comments).await
    }

    async fn publish_terms(
        &self,
        site: &str,
        by: &str,
        require_acceptance: bool,
        texts: &str,
        at: i64,
    ) -> anyhow::Result<u32> {
        super::terms_sqlite::publish(&self.pool, site, by, require_acceptance, texts, at).await
    }

    async fn terms(
        &self,
        site: &str,
        version: Option<u32>,
    ) -> anyhow::Result<Option<super::TermsRow>> {
        super::terms_sqlite::get(&self.pool, site, version).await
    }

    async fn terms_history(&self, site: &str) -> anyhow::Result<Vec<(super::TermsRow, u64)>> {
        super::terms_sqlite::history(&self.pool, site).await
    }

    async fn accept_terms(
        &self,
        site: &str,
        version: u32,
        visitor: &str,
        user_key: Option<&str>,
        locale: &str,
        at: i64,
    ) -> anyhow::Result<i64> {
        super::terms_sqlite::accept(&self.pool, site, version, visitor, user_key, locale, at).await
    }

    async fn accepted_terms(
        &self,
        site: &str,
        visitor: &str,
        user_key: Option<&str>,
    ) -> anyhow::Result<Option<u32>> {
        super::terms_sqlite::accepted(&self.pool, site, visitor, user_key).await
    }

    async fn ticket_report_rows(
        &self,
        site: &str,
        since: i64,
    ) -> anyhow::Result<Vec<super::ReportRow>> {
        tk::report_rows(&self.pool, site, since).await
    }

    async fn tickets_with_email(
        &self,
        site: &str,
        email: &str,
    ) -> anyhow::Result<Option<Option<String>>> {
        tk::tickets_with_email(&self.pool, site, email).await
    }

    async fn create_recovery(
        &self,
        token_hash: &str,
        site: &str,
        email: &str,
        expires_at: i64,
    ) -> anyhow::Result<()> {
        tk::create_recovery(&self.pool, token_hash, site, email, expires_at).await
    }

    async fn use_recovery(
        &self,
        token_hash: &str,
        site: &str,
        visitor_hash: &str,
        now: i64,
    ) -> anyhow::Result<Option<String>> {
        tk::use_recovery(&self.pool, token_hash, site, visitor_hash, now).await
    }

    async fn visitor_has_email(
        &self,
        site: &str,
        visitor_hash: &str,
        email: &str,
    ) -> anyhow::Result<bool> {
        tk::visitor_has_email(&self.pool, site, visitor_hash, email).await
    }
}
