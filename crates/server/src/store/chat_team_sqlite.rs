//! The chat's team-side data in SQLite: images sent in chats, agents' avatars, the site's
//! members, canned responses and a visitor's earlier conversations. `chat_sqlite.rs` calls
//! these from its `ChatStore` implementation.

use super::chat::{CannedTaken, SiteAgentRow};
use super::write_tx;
use kefu_api::{CannedInput, CannedResponse, ChatStatus, PastChat};
use sqlx::{Row, SqlitePool};

pub async fn put_chat_file(
    pool: &SqlitePool,
    id: &str,
    site: &str,
    conversation: &str,
    content_type: &str,
    bytes: &[u8],
    at: i64,
) -> anyhow::Result<()> {
    let mut tx = write_tx(pool).await?;
    sqlx::query(
        "INSERT INTO chat_files (id, site_id, conversation_id, content_type, bytes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .bind(id)
    .bind(site)
    .bind(conversation)
    .bind(content_type)
    .bind(bytes)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete_chat_file(pool: &SqlitePool, id: &str) -> anyhow::Result<()> {
    let mut tx = write_tx(pool).await?;
    sqlx::query("DELETE FROM chat_files WHERE id = ?1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A stored image by id; `table` is one of two constants, never input.
pub async fn blob(
    pool: &SqlitePool,
    table: &'static str,
    id: &str,
) -> anyhow::Result<Option<(String, Vec<u8>)>> {
    let row = sqlx::query(&format!(
        "SELECT content_type, bytes FROM {table} WHERE id = ?1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(match row {
        Some(r) => Some((r.try_get("content_type")?, r.try_get("bytes")?)),
        None => None,
    })
}

pub async fn set_avatar(
    pool: &SqlitePool,
    account: &str,
    id: &str,
    content_type: &str,
    bytes: &[u8],
    at: i64,
) -> anyhow::Result<String> {
    let url = crate::chat::avatar_path(id);
    let mut tx = write_tx(pool).await?;
    // Messages already sent keep pointing at the picture they were sent with, so earlier
    // pictures stay (they are small and few).
    sqlx::query(
        "INSERT INTO avatars (id, account_id, content_type, bytes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )
    .bind(id)
    .bind(account)
    .bind(content_type)
    .bind(bytes)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE accounts SET avatar_url = ?2 WHERE id = ?1")
        .bind(account)
        .bind(&url)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(url)
}

pub async fn clear_avatar(pool: &SqlitePool, account: &str) -> anyhow::Result<()> {
    let mut tx = write_tx(pool).await?;
    sqlx::query("UPDATE accounts SET avatar_url = NULL WHERE id = ?1")
        .bind(account)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn site_agents(pool: &SqlitePool, site: &str) -> anyhow::Result<Vec<SiteAgentRow>> {
    let rows = sqlx::query(
        "SELECT a.id, a.email, a.display_name, a.avatar_url
         FROM memberships m JOIN accounts a ON a.id = m.account_id
         WHERE m.site_id = ?1 ORDER BY COALESCE(a.display_name, a.email)",
    )
    .bind(site)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(SiteAgentRow {
                id: r.try_get("id")?,
                email: r.try_get("email")?,
                display_name: r.try_get("display_name")?,
                avatar_url: r.try_get("avatar_url")?,
            })
        })
        .collect()
}

fn read_canned(r: &sqlx::sqlite::SqliteRow) -> anyhow::Result<CannedResponse> {
    Ok(CannedResponse {
        id: r.try_get("id")?,
        shortcut: r.try_get("shortcut")?,
        body: r.try_get("body")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub async fn canned_responses(
    pool: &SqlitePool,
    site: &str,
) -> anyhow::Result<Vec<CannedResponse>> {
    let rows = sqlx::query(
        "SELECT id, shortcut, body, updated_at FROM canned_responses WHERE site_id = ?1
         ORDER BY shortcut",
    )
    .bind(site)
    .fetch_all(pool)
    .await?;
    rows.iter().map(read_canned).collect()
}

pub async fn put_canned(
    pool: &SqlitePool,
    site: &str,
    id: Option<i64>,
    input: &CannedInput,
    by: &str,
    at: i64,
) -> anyhow::Result<Option<CannedResponse>> {
    let mut tx = write_tx(pool).await?;
    let result = match id {
        None => {
            sqlx::query(
                "INSERT INTO canned_responses (site_id, shortcut, body, updated_by, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 RETURNING id, shortcut, body, updated_at",
            )
            .bind(site)
            .bind(&input.shortcut)
            .bind(&input.body)
            .bind(by)
            .bind(at)
            .fetch_optional(&mut *tx)
            .await
        }
        Some(id) => {
            sqlx::query(
                "UPDATE canned_responses SET shortcut = ?3, body = ?4, updated_by = ?5,
                     updated_at = ?6
                 WHERE site_id = ?1 AND id = ?2
                 RETURNING id, shortcut, body, updated_at",
            )
            .bind(site)
            .bind(id)
            .bind(&input.shortcut)
            .bind(&input.body)
            .bind(by)
            .bind(at)
            .fetch_optional(&mut *tx)
            .await
        }
    };
    let row = match result {
        Ok(row) => row,
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Err(CannedTaken.into()),
        Err(e) => return Err(e.into()),
    };
    let out = row.as_ref().map(read_canned).transpose()?;
    tx.commit().await?;
    Ok(out)
}

pub async fn delete_canned(pool: &SqlitePool, site: &str, id: i64) -> anyhow::Result<bool> {
    let mut tx = write_tx(pool).await?;
    let n = sqlx::query("DELETE FROM canned_responses WHERE site_id = ?1 AND id = ?2")
        .bind(site)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(n > 0)
}

pub async fn past_chats(
    pool: &SqlitePool,
    site: &str,
    visitor_hash: &str,
    except: &str,
    limit: i64,
) -> anyhow::Result<Vec<PastChat>> {
    let rows = sqlx::query(
        "SELECT c.id, c.status, c.created_at, c.last_seq, c.rating,
                (SELECT substr(m.body, 1, 140) FROM chat_log m
                 WHERE m.conversation_id = c.id AND m.author = 'visitor' AND m.body != ''
                 ORDER BY m.seq LIMIT 1) AS first
         FROM conversations c
         WHERE c.site_id = ?1 AND c.visitor_hash = ?2 AND c.id != ?3
         ORDER BY c.created_at DESC LIMIT ?4",
    )
    .bind(site)
    .bind(visitor_hash)
    .bind(except)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let status: String = r.try_get("status")?;
            let rating: Option<i64> = r.try_get("rating")?;
            let last: i64 = r.try_get("last_seq")?;
            Ok(PastChat {
                id: r.try_get("id")?,
                status: ChatStatus::parse(&status).unwrap_or(ChatStatus::Closed),
                created_at: r.try_get("created_at")?,
                messages: u64::try_from(last).unwrap_or(0),
                first: r.try_get("first")?,
                rating: rating.and_then(|s| u8::try_from(s).ok()),
            })
        })
        .collect()
}
