//! A site's versioned terms and the visitors' acceptances in SQLite.

use super::TermsRow;
use sqlx::{sqlite::SqliteRow, Row, SqlitePool};

fn row(r: &SqliteRow) -> anyhow::Result<TermsRow> {
    Ok(TermsRow {
        version: u32::try_from(r.try_get::<i64, _>("version")?)?,
        published_at: r.try_get("published_at")?,
        published_by: r.try_get("published_by")?,
        require_acceptance: r.try_get::<i64, _>("require_acceptance")? != 0,
        texts: r.try_get("texts")?,
    })
}

/// Stores the next version (one more than the newest) and returns its number.
pub async fn publish(
    pool: &SqlitePool,
    site: &str,
    by: &str,
    require: bool,
    texts: &str,
    at: i64,
) -> anyhow::Result<u32> {
    let mut tx = super::write_tx(pool).await?;
    let newest: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(version), 0) FROM terms_versions WHERE site_id = ?1",
    )
    .bind(site)
    .fetch_one(&mut *tx)
    .await?;
    let version = newest + 1;
    sqlx::query(
        "INSERT INTO terms_versions (site_id, version, published_at, published_by,
             require_acceptance, texts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .bind(site)
    .bind(version)
    .bind(at)
    .bind(by)
    .bind(i64::from(require))
    .bind(texts)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(u32::try_from(version)?)
}

/// Version `version`, or the newest when `None`.
pub async fn get(
    pool: &SqlitePool,
    site: &str,
    version: Option<u32>,
) -> anyhow::Result<Option<TermsRow>> {
    let r = sqlx::query(
        "SELECT version, published_at, published_by, require_acceptance, texts
         FROM terms_versions
         WHERE site_id = ?1 AND (?2 IS NULL OR version = ?2)
         ORDER BY version DESC LIMIT 1",
    )
    .bind(site)
    .bind(version.map(i64::from))
    .fetch_optional(pool)
    .await?;
    r.as_ref().map(row).transpose()
}

/// Every version, newest first, with how many visitors accepted it.
pub async fn history(pool: &SqlitePool, site: &str) -> anyhow::Result<Vec<(TermsRow, u64)>> {
    let rows = sqlx::query(
        "SELECT v.version, v.published_at, v.published_by, v.require_acceptance, v.texts,
             (SELECT COUNT(*) FROM terms_acceptances a
              WHERE a.site_id = v.site_id AND a.version = v.version) AS acceptances
         FROM terms_versions v WHERE v.site_id = ?1 ORDER BY v.version DESC",
    )
    .bind(site)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| Ok((row(r)?, u64::try_from(r.try_get::<i64, _>("acceptances")?)?)))
        .collect()
}

/// Records that `visitor` accepted `version` (once: a repeat keeps the first record) and
/// returns when they did.
pub async fn accept(
    pool: &SqlitePool,
    site: &str,
    version: u32,
    visitor: &str,
    user_key: Option<&str>,
    locale: &str,
    at: i64,
) -> anyhow::Result<i64> {
    let mut tx = super::write_tx(pool).await?;
    sqlx::query(
        "INSERT INTO terms_acceptances (site_id, version, visitor, user_key, locale, accepted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (site_id, visitor, version) DO NOTHING",
    )
    .bind(site)
    .bind(i64::from(version))
    .bind(visitor)
    .bind(user_key)
    .bind(locale)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    let accepted_at: i64 = sqlx::query_scalar(
        "SELECT accepted_at FROM terms_acceptances
         WHERE site_id = ?1 AND visitor = ?2 AND version = ?3",
    )
    .bind(site)
    .bind(visitor)
    .bind(i64::from(version))
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(accepted_at)
}

/// The newest version this browser (or this verified user, on any device) accepted.
pub async fn accepted(
    pool: &SqlitePool,
    site: &str,
    visitor: &str,
    user_key: Option<&str>,
) -> anyhow::Result<Option<u32>> {
    let v: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(version) FROM terms_acceptances
         WHERE site_id = ?1 AND (visitor = ?2 OR (?3 IS NOT NULL AND user_key = ?3))",
    )
    .bind(site)
    .bind(visitor)
    .bind(user_key)
    .fetch_one(pool)
    .await?;
    v.map(u32::try_from).transpose().map_err(Into::into)
}
