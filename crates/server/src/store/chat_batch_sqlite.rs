//! Storing a batch of chat messages (the writer's group commit) in one transaction with a
//! handful of statements whatever its size: the conversations and the ids already stored are
//! read in one query each, `seq`s are given out here in order, the new messages go in with
//! multi-row inserts and the conversations are updated in one statement.

use super::chat::{Appended, NewChatMessage};
use super::chat_sqlite::{i, read_message, u, MESSAGE_COLUMNS};
use kefu_api::{AgentCard, ChatAuthor, ChatMessage};
use sqlx::{Row, Sqlite, SqlitePool, Transaction};
use std::collections::HashMap;

/// Stores `batch` in order, in one transaction.
pub async fn append(pool: &SqlitePool, batch: &[NewChatMessage]) -> anyhow::Result<Vec<Appended>> {
    let mut tx = super::write_tx(pool).await?;
    let out = append_batch(&mut tx, batch).await?;
    tx.commit().await?;
    Ok(out)
}

/// The message as stored with `seq`.
fn stored(m: &NewChatMessage, seq: u64) -> ChatMessage {
    ChatMessage {
        conversation: m.conversation_id.clone(),
        seq,
        id: m.client_id.clone(),
        author: m.author,
        agent: (m.author == ChatAuthor::Agent).then(|| AgentCard {
            name: m.agent_name.clone(),
            avatar: m.agent_avatar.clone(),
        }),
        text: m.body.clone(),
        image: m.file_id.as_deref().map(crate::chat::file_path),
        at: m.at,
    }
}

/// Inserts the numbered messages, 80 rows a statement.
async fn insert(
    tx: &mut Transaction<'static, Sqlite>,
    rows: &[(&NewChatMessage, u64)],
) -> anyhow::Result<()> {
    for chunk in rows.chunks(80) {
        let values = vec!["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ");
        let sql = format!(
            "INSERT INTO chat_messages (conversation_id, seq, client_id, author, agent_id,
                 agent_name, agent_avatar, body, file_id, at) VALUES {values}"
        );
        let mut q = sqlx::query(&sql);
        for (m, seq) in chunk {
            q = q
                .bind(&m.conversation_id)
                .bind(i(*seq))
                .bind(&m.client_id)
                .bind(m.author.as_str())
                .bind(&m.agent_id)
                .bind(&m.agent_name)
                .bind(&m.agent_avatar)
                .bind(&m.body)
                .bind(&m.file_id)
                .bind(m.at);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// `?, ?, …` for `n` values.
fn marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// What the batch needs to know of a conversation it writes to.
struct Open {
    last_seq: u64,
    replied: bool,
    /// Changed by this batch: (updated_at, first_reply_at set now).
    touched: Option<(i64, Option<i64>)>,
}

/// The batch's statements (see the module's comment); a repeated id gets the message it
/// repeats, a closed conversation nothing.
async fn append_batch(
    tx: &mut Transaction<'static, Sqlite>,
    batch: &[NewChatMessage],
) -> anyhow::Result<Vec<Appended>> {
    let mut ids: Vec<&str> = batch.iter().map(|m| m.conversation_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut open: HashMap<String, Open> = HashMap::new();
    for chunk in ids.chunks(500) {
        let sql = format!(
            "SELECT id, last_seq, first_reply_at IS NOT NULL AS replied FROM conversations
             WHERE status = 'open' AND id IN ({})",
            marks(chunk.len())
        );
        let mut q = sqlx::query(&sql);
        for id in chunk {
            q = q.bind(*id);
        }
        for r in q.fetch_all(&mut **tx).await? {
            open.insert(
                r.try_get("id")?,
                Open {
                    last_seq: u(r.try_get("last_seq")?),
                    replied: r.try_get("replied")?,
                    touched: None,
                },
            );
        }
    }
    let mut known: HashMap<(String, String), ChatMessage> = HashMap::new();
    for chunk in batch.chunks(400) {
        let values = vec!["(?, ?)"; chunk.len()].join(", ");
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM chat_messages
             WHERE (conversation_id, client_id) IN (VALUES {values})"
        );
        let mut q = sqlx::query(&sql);
        for m in chunk {
            q = q.bind(&m.conversation_id).bind(&m.client_id);
        }
        for r in q.fetch_all(&mut **tx).await? {
            let m = read_message(&r)?;
            known.insert((m.conversation.clone(), m.id.clone()), m);
        }
    }
    let mut out = Vec::with_capacity(batch.len());
    let mut new_rows: Vec<(&NewChatMessage, u64)> = vec![];
    for m in batch {
        let key = (m.conversation_id.clone(), m.client_id.clone());
        if let Some(earlier) = known.get(&key) {
            out.push(Appended::Duplicate(earlier.clone()));
            continue;
        }
        let Some(c) = open.get_mut(&m.conversation_id) else {
            out.push(Appended::Closed);
            continue;
        };
        c.last_seq += 1;
        let first_reply = (m.author == ChatAuthor::Agent && !c.replied).then_some(m.at);
        c.replied |= first_reply.is_some();
        let earlier_first = c.touched.and_then(|t| t.1);
        c.touched = Some((m.at, earlier_first.or(first_reply)));
        let stored = stored(m, c.last_seq);
        new_rows.push((m, c.last_seq));
        known.insert(key, stored.clone());
        out.push(Appended::Stored(stored));
    }
    insert(tx, &new_rows).await?;
    let touched: Vec<(&String, &Open)> = open.iter().filter(|(_, c)| c.touched.is_some()).collect();
    for chunk in touched.chunks(200) {
        let values = vec!["(?, ?, ?, ?)"; chunk.len()].join(", ");
        let sql = format!(
            "UPDATE conversations SET last_seq = v.column2, updated_at = v.column3,
                 first_reply_at = COALESCE(conversations.first_reply_at, v.column4)
             FROM (VALUES {values}) AS v WHERE conversations.id = v.column1"
        );
        let mut q = sqlx::query(&sql);
        for (id, c) in chunk {
            let (updated_at, first_reply) = c.touched.unwrap_or((0, None));
            q = q
                .bind(id.as_str())
                .bind(i(c.last_seq))
                .bind(updated_at)
                .bind(first_reply);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(out)
}
