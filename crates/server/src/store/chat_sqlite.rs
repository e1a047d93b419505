//! Chat in SQLite. Every write is one `BEGIN IMMEDIATE` transaction, so writers queue rather
//! than race: a visitor's concurrent "start chat" calls meet one open conversation, and a
//! conversation's `seq` numbers are given out one after another.

use super::chat::{
    Appended, ChatStore, ConversationRow, Done, InboxFilter, NewChatMessage, NewConversation,
};
use super::chat_team_sqlite as team;
use super::sqlite::SqliteStore;
use anyhow::Context as _;
use async_trait::async_trait;
use kefu_api::{AgentCard, ChatAuthor, ChatMessage, ChatStatus};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, Transaction};

const COLUMNS: &str = "c.id, c.site_id, c.visitor_hash, c.user_id, c.status, c.visitor_name,
    c.visitor_email, c.locale, c.page, c.assignee_id, a.display_name AS assignee_name,
    a.avatar_url AS assignee_avatar,
    c.last_seq, c.visitor_read_seq, c.agent_read_seq, c.created_at, c.updated_at,
    c.first_reply_at, c.closed_at";

fn u(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn i(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn read_conversation(r: &SqliteRow) -> anyhow::Result<ConversationRow> {
    let status: String = r.try_get("status")?;
    Ok(ConversationRow {
        id: r.try_get("id")?,
        site_id: r.try_get("site_id")?,
        visitor_hash: r.try_get("visitor_hash")?,
        user_id: r.try_get("user_id")?,
        status: ChatStatus::parse(&status).context("stored chat status is corrupt")?,
        visitor_name: r.try_get("visitor_name")?,
        visitor_email: r.try_get("visitor_email")?,
        locale: r.try_get("locale")?,
        page: r.try_get("page")?,
        assignee_id: r.try_get("assignee_id")?,
        assignee_name: r.try_get("assignee_name")?,
        assignee_avatar: r.try_get("assignee_avatar")?,
        last_seq: u(r.try_get("last_seq")?),
        visitor_read_seq: u(r.try_get("visitor_read_seq")?),
        agent_read_seq: u(r.try_get("agent_read_seq")?),
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        first_reply_at: r.try_get("first_reply_at")?,
        closed_at: r.try_get("closed_at")?,
    })
}

fn read_message(r: &SqliteRow) -> anyhow::Result<ChatMessage> {
    let author: String = r.try_get("author")?;
    let author = ChatAuthor::parse(&author).context("stored chat author is corrupt")?;
    let agent_name: Option<String> = r.try_get("agent_name")?;
    let agent_avatar: Option<String> = r.try_get("agent_avatar")?;
    let file: Option<String> = r.try_get("file_id")?;
    Ok(ChatMessage {
        conversation: r.try_get("conversation_id")?,
        seq: u(r.try_get("seq")?),
        id: r.try_get("client_id")?,
        author,
        agent: (author == ChatAuthor::Agent).then_some(AgentCard {
            name: agent_name,
            avatar: agent_avatar,
        }),
        text: r.try_get("body")?,
        image: file.as_deref().map(crate::chat::file_path),
        at: r.try_get("at")?,
    })
}

const MESSAGE_COLUMNS: &str =
    "conversation_id, seq, client_id, author, agent_name, agent_avatar, body, file_id, at";

async fn conversation_in(
    tx: &mut Transaction<'static, Sqlite>,
    id: &str,
) -> anyhow::Result<Option<ConversationRow>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM conversations c LEFT JOIN accounts a ON a.id = c.assignee_id
         WHERE c.id = ?1"
    ))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(read_conversation).transpose()
}

/// Commits a change to one conversation, returning it as it now is (`None` if nothing changed).
async fn reread(
    mut tx: Transaction<'static, Sqlite>,
    id: &str,
    changed: u64,
) -> anyhow::Result<Option<ConversationRow>> {
    let row = if changed > 0 {
        conversation_in(&mut tx, id).await?
    } else {
        None
    };
    tx.commit().await?;
    Ok(row)
}

#[async_trait]
impl ChatStore for SqliteStore {
    async fn start_conversation(
        &self,
        new: &NewConversation,
    ) -> anyhow::Result<(ConversationRow, bool)> {
        let mut tx = super::write_tx(&self.pool).await?;
        let open: Option<String> = sqlx::query_scalar(
            "SELECT id FROM conversations WHERE site_id = ?1 AND visitor_hash = ?2
             AND status = 'open'",
        )
        .bind(&new.site_id)
        .bind(&new.visitor_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let created = open.is_none();
        let id = match open {
            Some(id) => id,
            None => {
                sqlx::query(
                    "INSERT INTO conversations (id, site_id, visitor_hash, status, visitor_name,
                         visitor_email, locale, page, created_at, updated_at, user_id)
                     VALUES (?1, ?2, ?3, 'open', ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
                )
                .bind(&new.id)
                .bind(&new.site_id)
                .bind(&new.visitor_hash)
                .bind(&new.visitor_name)
                .bind(&new.visitor_email)
                .bind(&new.locale)
                .bind(&new.page)
                .bind(new.at)
                .bind(&new.user_id)
                .execute(&mut *tx)
                .await?;
                new.id.clone()
            }
        };
        let row = conversation_in(&mut tx, &id)
            .await?
            .context("the conversation just written is missing")?;
        tx.commit().await?;
        Ok((row, created))
    }

    async fn conversation(&self, id: &str) -> anyhow::Result<Option<ConversationRow>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM conversations c LEFT JOIN accounts a ON a.id = c.assignee_id
             WHERE c.id = ?1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(read_conversation).transpose()
    }

    async fn current_conversation(
        &self,
        site: &str,
        visitor_hash: &str,
    ) -> anyhow::Result<Option<ConversationRow>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM conversations c LEFT JOIN accounts a ON a.id = c.assignee_id
             WHERE c.site_id = ?1 AND c.visitor_hash = ?2
             ORDER BY c.status = 'open' DESC, c.created_at DESC LIMIT 1"
        ))
        .bind(site)
        .bind(visitor_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(read_conversation).transpose()
    }

    async fn append_chat_messages(
        &self,
        batch: &[NewChatMessage],
    ) -> anyhow::Result<Vec<Appended>> {
        self.chat_batches.append(batch.to_vec()).await
    }

    async fn queue_chat_message(&self, message: NewChatMessage, done: Done) -> anyhow::Result<()> {
        self.chat_batches.queue(message, done).await
    }

    async fn chat_messages_after(
        &self,
        conversation: &str,
        after: u64,
        limit: u64,
    ) -> anyhow::Result<Vec<ChatMessage>> {
        let rows = sqlx::query(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM chat_log WHERE conversation_id = ?1 AND seq > ?2
             ORDER BY seq LIMIT ?3"
        ))
        .bind(conversation)
        .bind(i(after))
        .bind(i(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(read_message).collect()
    }

    async fn mark_chat_read(
        &self,
        conversation: &str,
        author: ChatAuthor,
        seq: u64,
    ) -> anyhow::Result<u64> {
        // The column is chosen here, never from input.
        let column = match author {
            ChatAuthor::Visitor => "visitor_read_seq",
            _ => "agent_read_seq",
        };
        let mut tx = super::write_tx(&self.pool).await?;
        let now: Option<i64> = sqlx::query_scalar(&format!(
            "UPDATE conversations SET {column} = MAX({column}, MIN(?2, last_seq))
             WHERE id = ?1 RETURNING {column}"
        ))
        .bind(conversation)
        .bind(i(seq))
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(now.map(u).unwrap_or(0))
    }

    async fn assign_conversation(
        &self,
        conversation: &str,
        assignee: Option<&str>,
        at: i64,
    ) -> anyhow::Result<Option<ConversationRow>> {
        let mut tx = super::write_tx(&self.pool).await?;
        let done = sqlx::query(
            "UPDATE conversations SET assignee_id = ?2, updated_at = ?3
             WHERE id = ?1 AND status = 'open'",
        )
        .bind(conversation)
        .bind(assignee)
        .bind(at)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        reread(tx, conversation, done).await
    }

    async fn close_conversation(
        &self,
        conversation: &str,
        at: i64,
    ) -> anyhow::Result<Option<ConversationRow>> {
        let mut tx = super::write_tx(&self.pool).await?;
        let done = sqlx::query(
            "UPDATE conversations SET status = 'closed', closed_at = ?2, updated_at = ?2
             WHERE id = ?1 AND status = 'open'",
        )
        .bind(conversation)
        .bind(at)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        reread(tx, conversation, done).await
    }

    async fn rate_conversation(
        &self,
        conversation: &str,
        score: u8,
        comment: Option<&str>,
        at: i64,
    ) -> anyhow::Result<bool> {
        let mut tx = super::write_tx(&self.pool).await?;
        let before: Option<Option<i64>> =
            sqlx::query_scalar("SELECT rating FROM conversations WHERE id = ?1")
                .bind(conversation)
                .fetch_optional(&mut *tx)
                .await?;
        sqlx::query(
            "UPDATE conversations SET rating = ?2, rating_comment = ?3, rated_at = ?4
             WHERE id = ?1",
        )
        .bind(conversation)
        .bind(i64::from(score))
        .bind(comment)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(before.flatten().is_none())
    }

    async fn chat_report_rows(
        &self,
        site: &str,
        since: i64,
    ) -> anyhow::Result<Vec<crate::chat::report::ReportRow>> {
        let rows = sqlx::query(
            "SELECT c.created_at, c.first_reply_at, c.rating,
                    (SELECT MIN(m.at) FROM chat_log m
                     WHERE m.conversation_id = c.id AND m.author = 'visitor') AS asked_at,
                    COALESCE(a.display_name, a.email) AS agent
             FROM conversations c LEFT JOIN accounts a ON a.id = c.assignee_id
             WHERE c.site_id = ?1 AND c.created_at >= ?2",
        )
        .bind(site)
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let rating: Option<i64> = r.try_get("rating")?;
                Ok(crate::chat::report::ReportRow {
                    created_at: r.try_get("created_at")?,
                    asked_at: r.try_get("asked_at")?,
                    first_reply_at: r.try_get("first_reply_at")?,
                    agent: r.try_get("agent")?,
                    rating: rating.and_then(|s| u8::try_from(s).ok()),
                })
            })
            .collect()
    }

    async fn set_chat_block(
        &self,
        site: &str,
        visitor_hash: &str,
        by: Option<&str>,
        at: i64,
    ) -> anyhow::Result<()> {
        let mut tx = super::write_tx(&self.pool).await?;
        match by {
            Some(agent) => {
                sqlx::query(
                    "INSERT INTO chat_blocks (site_id, visitor_hash, blocked_by, at)
                     VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (site_id, visitor_hash) DO NOTHING",
                )
                .bind(site)
                .bind(visitor_hash)
                .bind(agent)
                .bind(at)
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM chat_blocks WHERE site_id = ?1 AND visitor_hash = ?2")
                    .bind(site)
                    .bind(visitor_hash)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn chat_blocked(&self, site: &str, visitor_hash: &str) -> anyhow::Result<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM chat_blocks WHERE site_id = ?1 AND visitor_hash = ?2",
        )
        .bind(site)
        .bind(visitor_hash)
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }

    async fn set_display_name(&self, account: &str, name: Option<&str>) -> anyhow::Result<()> {
        let mut tx = super::write_tx(&self.pool).await?;
        sqlx::query("UPDATE accounts SET display_name = ?2 WHERE id = ?1")
            .bind(account)
            .bind(name)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn replace_server_key(&self, name: &str, value: &[u8]) -> anyhow::Result<()> {
        let mut tx = super::write_tx(&self.pool).await?;
        sqlx::query(
            "INSERT INTO server_keys (name, value) VALUES (?1, ?2)
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        )
        .bind(name)
        .bind(value)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn agent_profile(
        &self,
        account: &str,
    ) -> anyhow::Result<(Option<String>, Option<String>)> {
        let row = sqlx::query("SELECT display_name, avatar_url FROM accounts WHERE id = ?1")
            .bind(account)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => (r.try_get("display_name")?, r.try_get("avatar_url")?),
            None => (None, None),
        })
    }

    async fn put_chat_file(
        &self,
        id: &str,
        site: &str,
        conversation: &str,
        content_type: &str,
        bytes: &[u8],
        at: i64,
    ) -> anyhow::Result<()> {
        team::put_chat_file(&self.pool, id, site, conversation, content_type, bytes, at).await
    }

    async fn delete_chat_file(&self, id: &str) -> anyhow::Result<()> {
        team::delete_chat_file(&self.pool, id).await
    }

    async fn chat_file(&self, id: &str) -> anyhow::Result<Option<(String, Vec<u8>)>> {
        team::blob(&self.pool, "chat_files", id).await
    }

    async fn set_avatar(
        &self,
        account: &str,
        id: &str,
        content_type: &str,
        bytes: &[u8],
        at: i64,
    ) -> anyhow::Result<String> {
        team::set_avatar(&self.pool, account, id, content_type, bytes, at).await
    }

    async fn clear_avatar(&self, account: &str) -> anyhow::Result<()> {
        team::clear_avatar(&self.pool, account).await
    }

    async fn avatar(&self, id: &str) -> anyhow::Result<Option<(String, Vec<u8>)>> {
        team::blob(&self.pool, "avatars", id).await
    }

    async fn site_agents(&self, site: &str) -> anyhow::Result<Vec<super::SiteAgentRow>> {
        team::site_agents(&self.pool, site).await
    }

    async fn canned_responses(&self, site: &str) -> anyhow::Result<Vec<kefu_api::CannedResponse>> {
        team::canned_responses(&self.pool, site).await
    }

    async fn put_canned(
        &self,
        site: &str,
        id: Option<i64>,
        input: &kefu_api::CannedInput,
        by: &str,
        at: i64,
    ) -> anyhow::Result<Option<kefu_api::CannedResponse>> {
        team::put_canned(&self.pool, site, id, input, by, at).await
    }

    async fn delete_canned(&self, site: &str, id: i64) -> anyhow::Result<bool> {
        team::delete_canned(&self.pool, site, id).await
    }

    async fn past_chats(
        &self,
        site: &str,
        visitor_hash: &str,
        except: &str,
        limit: u64,
    ) -> anyhow::Result<Vec<kefu_api::PastChat>> {
        team::past_chats(&self.pool, site, visitor_hash, except, i(limit)).await
    }

    async fn inbox(
        &self,
        site: &str,
        filter: InboxFilter,
        account: &str,
        limit: u64,
    ) -> anyhow::Result<Vec<ConversationRow>> {
        let condition = match filter {
            InboxFilter::Unassigned => "c.status = 'open' AND c.assignee_id IS NULL",
            InboxFilter::Mine => "c.status = 'open' AND c.assignee_id = ?2",
            InboxFilter::All => "(c.status = 'open' OR c.updated_at >= ?3)",
        };
        let day_ago = super::now_ms() - 86_400_000;
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM conversations c LEFT JOIN accounts a ON a.id = c.assignee_id
             WHERE c.site_id = ?1 AND {condition}
             ORDER BY c.status = 'open' DESC, c.updated_at DESC LIMIT ?4"
        ))
        .bind(site)
        .bind(account)
        .bind(day_ago)
        .bind(i(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(read_conversation).collect()
    }
}
