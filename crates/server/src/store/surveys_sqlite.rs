//! NPS answers in SQLite.

use kefu_api::{NpsAnswer, NpsComment};
use sqlx::{Row, SqlitePool};

/// Stores the answer unless this visitor answered at or after `not_before`; `false` then.
pub async fn record_nps(
    pool: &SqlitePool,
    site: &str,
    visitor_hash: &str,
    answer: &NpsAnswer,
    at: i64,
    not_before: i64,
) -> anyhow::Result<bool> {
    let mut tx = super::write_tx(pool).await?;
    let recent = sqlx::query(
        "SELECT 1 FROM nps_responses WHERE site_id = ?1 AND visitor_hash = ?2 AND at >= ?3 LIMIT 1",
    )
    .bind(site)
    .bind(visitor_hash)
    .bind(not_before)
    .fetch_optional(&mut *tx)
    .await?;
    if recent.is_some() {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO nps_responses (site_id, visitor_hash, score, comment, locale, page, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .bind(site)
    .bind(visitor_hash)
    .bind(i64::from(answer.score))
    .bind(&answer.comment)
    .bind(&answer.locale)
    .bind(&answer.page)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The scores of answers since `since`, and the newest `comments` answers with a comment.
pub async fn nps_since(
    pool: &SqlitePool,
    site: &str,
    since: i64,
    comments: i64,
) -> anyhow::Result<(Vec<u8>, Vec<NpsComment>)> {
    let scores = sqlx::query("SELECT score FROM nps_responses WHERE site_id = ?1 AND at >= ?2")
        .bind(site)
        .bind(since)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok(u8::try_from(r.try_get::<i64, _>("score")?).unwrap_or(0)))
        .collect::<anyhow::Result<Vec<u8>>>()?;
    let rows = sqlx::query(
        "SELECT at, score, comment, locale FROM nps_responses
         WHERE site_id = ?1 AND at >= ?2 AND comment IS NOT NULL
         ORDER BY at DESC, id DESC LIMIT ?3",
    )
    .bind(site)
    .bind(since)
    .bind(comments)
    .fetch_all(pool)
    .await?;
    let comments = rows
        .iter()
        .map(|r| {
            Ok(NpsComment {
                at: r.try_get("at")?,
                score: u8::try_from(r.try_get::<i64, _>("score")?).unwrap_or(0),
                comment: r.try_get("comment")?,
                locale: r.try_get("locale")?,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    Ok((scores, comments))
}
