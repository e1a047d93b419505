//! Persistence behind one trait, so a PostgreSQL store can stand beside SQLite.
//!
//! Architecture invariant: SQL lives only under `store/`, and every value is a bound
//! parameter. Timestamps are integer milliseconds and ids are text, so the SQL stays portable.

mod sqlite;

pub use sqlite::SqliteStore;

use crate::site::SiteFile;
use async_trait::async_trait;

/// A stored site: the validated document and its revision (bumped on every save).
#[derive(Debug, Clone)]
pub struct StoredSite {
    pub site: SiteFile,
    pub revision: i64,
    pub updated_at: i64,
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// `Ok(None)` when no site has this id.
    async fn site(&self, id: &str) -> anyhow::Result<Option<StoredSite>>;
    /// Creates or replaces a site and its origin allow-list in one transaction.
    /// Returns `true` when the site was created.
    async fn put_site(&self, site: &SiteFile) -> anyhow::Result<bool>;
    /// Whether `origin` may embed the widget of site `id`.
    async fn origin_allowed(&self, id: &str, origin: &str) -> anyhow::Result<bool>;
    async fn site_ids(&self) -> anyhow::Result<Vec<String>>;
    /// A cheap query proving the database answers (readiness).
    async fn ping(&self) -> anyhow::Result<()>;
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
