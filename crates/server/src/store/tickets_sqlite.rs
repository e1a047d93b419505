//! Tickets in SQLite: the ticket rows, their messages, history, attachment, and the answers to
//! idempotent requests, each written in the same transaction as what it answers.

use super::{
    Changed, Created, IdempotencyRecord, MessageRow, NewMessage, QueueFilter, StoredResponse,
    TicketRow,
};
use anyhow::Context as _;
use kefu_api::{Author, Priority, TicketEvent, TicketStatus, Urgency};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, SqlitePool, Transaction};

const TICKET_COLUMNS: &str = "t.site_id, t.reference, t.visitor_hash, t.category, t.subject,
    t.email, t.urgency, t.priority, t.status, t.locale, t.page, t.consent, t.assignee_id,
    a.email AS assignee_email, t.outcome, t.created_at, t.updated_at, t.due_date, t.due_at,
    t.first_reply_at, t.resolved_at, t.closed_at, t.visitor_changed_at, t.visitor_seen_at";

fn rank(p: Priority) -> i64 {
    match p {
        Priority::Urgent => 0,
        Priority::High => 1,
        Priority::Normal => 2,
        Priority::Low => 3,
    }
}

fn urgency_str(u: Urgency) -> &'static str {
    match u {
        Urgency::Low => "low",
        Urgency::Normal => "normal",
        Urgency::High => "high",
    }
}

fn read_ticket(r: &SqliteRow) -> anyhow::Result<TicketRow> {
    let urgency: String = r.try_get("urgency")?;
    let priority: String = r.try_get("priority")?;
    let status: String = r.try_get("status")?;
    let consent: i64 = r.try_get("consent")?;
    Ok(TicketRow {
        site_id: r.try_get("site_id")?,
        reference: r.try_get("reference")?,
        visitor_hash: r.try_get("visitor_hash")?,
        category: r.try_get("category")?,
        subject: r.try_get("subject")?,
        email: r.try_get("email")?,
        urgency: match urgency.as_str() {
            "low" => Urgency::Low,
            "high" => Urgency::High,
            _ => Urgency::Normal,
        },
        priority: Priority::parse(&priority).context("stored priority is corrupt")?,
        status: TicketStatus::parse(&status).context("stored status is corrupt")?,
        locale: r.try_get("locale")?,
        page: r.try_get("page")?,
        consent: consent != 0,
        assignee_id: r.try_get("assignee_id")?,
        assignee_email: r.try_get("assignee_email")?,
        outcome: r.try_get("outcome")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        due_date: r.try_get("due_date")?,
        due_at: r.try_get("due_at")?,
        first_reply_at: r.try_get("first_reply_at")?,
        resolved_at: r.try_get("resolved_at")?,
        closed_at: r.try_get("closed_at")?,
        visitor_changed_at: r.try_get("visitor_changed_at")?,
        visitor_seen_at: r.try_get("visitor_seen_at")?,
    })
}

pub async fn server_key(pool: &SqlitePool, name: &str, fresh: &[u8]) -> anyhow::Result<Vec<u8>> {
    sqlx::query("INSERT INTO server_keys (name, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
        .bind(name)
        .bind(fresh)
        .execute(pool)
        .await?;
    let row = sqlx::query("SELECT value FROM server_keys WHERE name = ?1")
        .bind(name)
        .fetch_one(pool)
        .await?;
    Ok(row.try_get("value")?)
}

async fn stored_response(
    conn: &mut sqlx::SqliteConnection,
    site: &str,
    visitor_hash: &str,
    key: &str,
) -> anyhow::Result<Option<StoredResponse>> {
    let row = sqlx::query(
        "SELECT request_hash, status, response FROM idempotency_keys
         WHERE site_id = ?1 AND visitor_hash = ?2 AND key = ?3",
    )
    .bind(site)
    .bind(visitor_hash)
    .bind(key)
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let status: i64 = row.try_get("status")?;
    Ok(Some(StoredResponse {
        request_hash: row.try_get("request_hash")?,
        status: u16::try_from(status).unwrap_or(500),
        body: row.try_get("response")?,
    }))
}

pub async fn idempotent_response(
    pool: &SqlitePool,
    site: &str,
    visitor_hash: &str,
    key: &str,
) -> anyhow::Result<Option<StoredResponse>> {
    let mut conn = pool.acquire().await?;
    stored_response(&mut conn, site, visitor_hash, key).await
}

/// Inserts the record unless the key is taken; returns the earlier answer then.
async fn put_record(
    tx: &mut Transaction<'_, Sqlite>,
    site: &str,
    record: &IdempotencyRecord<'_>,
) -> anyhow::Result<Option<StoredResponse>> {
    if let Some(earlier) = stored_response(tx, site, record.visitor_hash, record.key).await? {
        return Ok(Some(earlier));
    }
    sqlx::query(
        "INSERT INTO idempotency_keys
         (site_id, visitor_hash, key, request_hash, status, response, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .bind(site)
    .bind(record.visitor_hash)
    .bind(record.key)
    .bind(&record.response.request_hash)
    .bind(i64::from(record.response.status))
    .bind(&record.response.body)
    .bind(record.at)
    .execute(&mut **tx)
    .await?;
    Ok(None)
}

async fn add_event(
    tx: &mut Transaction<'_, Sqlite>,
    site: &str,
    reference: &str,
    e: &TicketEvent,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO ticket_events (site_id, reference, at, actor, what, from_value, to_value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .bind(site)
    .bind(reference)
    .bind(e.at)
    .bind(&e.actor)
    .bind(&e.what)
    .bind(&e.from)
    .bind(&e.to)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn add_message(
    tx: &mut Transaction<'_, Sqlite>,
    site: &str,
    reference: &str,
    m: &NewMessage<'_>,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO ticket_messages (site_id, reference, author, agent_id, internal, body, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .bind(site)
    .bind(reference)
    .bind(match m.author {
        Author::Visitor => "visitor",
        Author::Agent => "agent",
    })
    .bind(m.agent_id)
    .bind(i64::from(m.internal))
    .bind(m.body)
    .bind(m.at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn create_ticket(
    pool: &SqlitePool,
    t: &TicketRow,
    description: &str,
    attachment: Option<&crate::tickets::Attachment>,
    record: &IdempotencyRecord<'_>,
) -> anyhow::Result<Created> {
    let mut tx = super::write_tx(pool).await?;
    if let Some(earlier) = put_record(&mut tx, &t.site_id, record).await? {
        return Ok(Created::KeyTaken(earlier));
    }
    let taken = sqlx::query("SELECT 1 FROM tickets WHERE reference = ?1")
        .bind(&t.reference)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if taken {
        return Ok(Created::ReferenceTaken);
    }
    sqlx::query(
        "INSERT INTO tickets (site_id, reference, visitor_hash, category, subject, email,
         urgency, priority, priority_rank, status, locale, page, consent, assignee_id, outcome,
         created_at, updated_at, due_date, due_at, first_reply_at, resolved_at, closed_at,
         visitor_changed_at, visitor_seen_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
         ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
    )
    .bind(&t.site_id)
    .bind(&t.reference)
    .bind(&t.visitor_hash)
    .bind(&t.category)
    .bind(&t.subject)
    .bind(&t.email)
    .bind(urgency_str(t.urgency))
    .bind(t.priority.as_str())
    .bind(rank(t.priority))
    .bind(t.status.as_str())
    .bind(&t.locale)
    .bind(&t.page)
    .bind(i64::from(t.consent))
    .bind(&t.assignee_id)
    .bind(&t.outcome)
    .bind(t.created_at)
    .bind(t.updated_at)
    .bind(&t.due_date)
    .bind(t.due_at)
    .bind(t.first_reply_at)
    .bind(t.resolved_at)
    .bind(t.closed_at)
    .bind(t.visitor_changed_at)
    .bind(t.visitor_seen_at)
    .execute(&mut *tx)
    .await?;
    add_message(
        &mut tx,
        &t.site_id,
        &t.reference,
        &NewMessage {
            author: Author::Visitor,
            agent_id: None,
            internal: false,
            body: description,
            at: t.created_at,
        },
    )
    .await?;
    if let Some(a) = attachment {
        sqlx::query(
            "INSERT INTO ticket_attachments (site_id, reference, name, content_type, data)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .bind(&t.site_id)
        .bind(&t.reference)
        .bind(&a.name)
        .bind(a.content_type)
        .bind(&a.bytes)
        .execute(&mut *tx)
        .await?;
    }
    add_event(
        &mut tx,
        &t.site_id,
        &t.reference,
        &TicketEvent {
            at: t.created_at,
            actor: "visitor".into(),
            what: "created".into(),
            from: None,
            to: Some(t.priority.as_str().into()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Created::Done)
}

pub async fn ticket(
    pool: &SqlitePool,
    site: &str,
    reference: &str,
) -> anyhow::Result<Option<TicketRow>> {
    let sql = format!(
        "SELECT {TICKET_COLUMNS} FROM tickets t LEFT JOIN accounts a ON a.id = t.assignee_id
         WHERE t.site_id = ?1 AND t.reference = ?2"
    );
    let row = sqlx::query(&sql)
        .bind(site)
        .bind(reference)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(read_ticket).transpose()
}

pub async fn visitor_tickets(
    pool: &SqlitePool,
    site: &str,
    visitor_hash: &str,
    limit: i64,
) -> anyhow::Result<Vec<TicketRow>> {
    let sql = format!(
        "SELECT {TICKET_COLUMNS} FROM tickets t LEFT JOIN accounts a ON a.id = t.assignee_id
         WHERE t.site_id = ?1 AND (t.visitor_hash = ?2 OR t.email IN
           (SELECT email FROM visitor_emails WHERE site_id = ?1 AND visitor_hash = ?2))
         ORDER BY t.created_at DESC LIMIT ?3"
    );
    let rows = sqlx::query(&sql)
        .bind(site)
        .bind(visitor_hash)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    rows.iter().map(read_ticket).collect()
}

pub async fn ticket_messages(
    pool: &SqlitePool,
    site: &str,
    reference: &str,
    with_internal: bool,
) -> anyhow::Result<Vec<MessageRow>> {
    let rows = sqlx::query(
        "SELECT m.id, m.author, a.email AS agent_email, m.internal, m.body, m.at
         FROM ticket_messages m LEFT JOIN accounts a ON a.id = m.agent_id
         WHERE m.site_id = ?1 AND m.reference = ?2 AND (?3 OR m.internal = 0) ORDER BY m.id",
    )
    .bind(site)
    .bind(reference)
    .bind(with_internal)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let author: String = r.try_get("author")?;
            let internal: i64 = r.try_get("internal")?;
            Ok(MessageRow {
                id: r.try_get("id")?,
                author: if author == "agent" {
                    Author::Agent
                } else {
                    Author::Visitor
                },
                agent_email: r.try_get("agent_email")?,
                internal: internal != 0,
                body: r.try_get("body")?,
                at: r.try_get("at")?,
            })
        })
        .collect()
}

pub async fn ticket_events(
    pool: &SqlitePool,
    site: &str,
    reference: &str,
) -> anyhow::Result<Vec<TicketEvent>> {
    let rows = sqlx::query(
        "SELECT at, actor, what, from_value, to_value FROM ticket_events
         WHERE site_id = ?1 AND reference = ?2 ORDER BY id",
    )
    .bind(site)
    .bind(reference)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(TicketEvent {
                at: r.try_get("at")?,
                actor: r.try_get("actor")?,
                what: r.try_get("what")?,
                from: r.try_get("from_value")?,
                to: r.try_get("to_value")?,
            })
        })
        .collect()
}

pub async fn ticket_attachment(
    pool: &SqlitePool,
    site: &str,
    reference: &str,
) -> anyhow::Result<Option<(String, String, Vec<u8>)>> {
    let row = sqlx::query(
        "SELECT name, content_type, data FROM ticket_attachments
         WHERE site_id = ?1 AND reference = ?2",
    )
    .bind(site)
    .bind(reference)
    .fetch_optional(pool)
    .await?;
    row.map(|r| -> anyhow::Result<_> {
        Ok((
            r.try_get("name")?,
            r.try_get("content_type")?,
            r.try_get("data")?,
        ))
    })
    .transpose()
}

pub async fn change_ticket(
    pool: &SqlitePool,
    new: &TicketRow,
    expected_updated_at: i64,
    message: Option<NewMessage<'_>>,
    events: &[TicketEvent],
    record: Option<&IdempotencyRecord<'_>>,
) -> anyhow::Result<Changed> {
    let mut tx = super::write_tx(pool).await?;
    if let Some(record) = record {
        if let Some(earlier) = put_record(&mut tx, &new.site_id, record).await? {
            return Ok(Changed::KeyTaken(earlier));
        }
    }
    let done = sqlx::query(
        "UPDATE tickets SET status = ?3, priority = ?4, priority_rank = ?5, assignee_id = ?6,
         outcome = ?7, updated_at = ?8, first_reply_at = ?9, resolved_at = ?10, closed_at = ?11,
         visitor_changed_at = ?12
         WHERE site_id = ?1 AND reference = ?2 AND updated_at = ?13",
    )
    .bind(&new.site_id)
    .bind(&new.reference)
    .bind(new.status.as_str())
    .bind(new.priority.as_str())
    .bind(rank(new.priority))
    .bind(&new.assignee_id)
    .bind(&new.outcome)
    .bind(new.updated_at)
    .bind(new.first_reply_at)
    .bind(new.resolved_at)
    .bind(new.closed_at)
    .bind(new.visitor_changed_at)
    .bind(expected_updated_at)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done == 0 {
        return Ok(Changed::Stale);
    }
    if let Some(m) = &message {
        add_message(&mut tx, &new.site_id, &new.reference, m).await?;
    }
    for e in events {
        add_event(&mut tx, &new.site_id, &new.reference, e).await?;
    }
    tx.commit().await?;
    Ok(Changed::Done)
}

pub async fn mark_seen(
    pool: &SqlitePool,
    site: &str,
    reference: &str,
    at: i64,
) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE tickets SET visitor_seen_at = MAX(visitor_seen_at, ?3)
         WHERE site_id = ?1 AND reference = ?2",
    )
    .bind(site)
    .bind(reference)
    .bind(at)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn queue(
    pool: &SqlitePool,
    site: &str,
    f: &QueueFilter,
) -> anyhow::Result<Vec<TicketRow>> {
    // Filters are fixed SQL with bound values; an absent filter binds NULL and matches all.
    let statuses: Option<String> = (!f.statuses.is_empty()).then(|| {
        f.statuses
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(",")
    });
    let (unassigned, assignee) = match &f.assignee {
        None => (false, None),
        Some(None) => (true, None),
        Some(Some(id)) => (false, Some(id.clone())),
    };
    let sql = format!(
        "SELECT {TICKET_COLUMNS} FROM tickets t LEFT JOIN accounts a ON a.id = t.assignee_id
         WHERE t.site_id = ?1
           AND (?2 IS NULL OR instr(',' || ?2 || ',', ',' || t.status || ',') > 0)
           AND (?3 IS NULL OR t.priority = ?3)
           AND (?4 IS NULL OR t.category = ?4)
           AND (?5 = 0 OR t.assignee_id IS NULL)
           AND (?6 IS NULL OR t.assignee_id = ?6)
           AND (?7 IS NULL OR (t.due_at < ?7 AND t.status NOT IN ('resolved', 'closed')))
         ORDER BY t.priority_rank, t.due_at, t.created_at LIMIT ?8"
    );
    let rows = sqlx::query(&sql)
        .bind(site)
        .bind(statuses)
        .bind(f.priority.map(|p| p.as_str()))
        .bind(&f.category)
        .bind(unassigned)
        .bind(assignee)
        .bind(f.due_before)
        .bind(f.limit)
        .fetch_all(pool)
        .await?;
    rows.iter().map(read_ticket).collect()
}

pub async fn rate(
    pool: &SqlitePool,
    site: &str,
    reference: &str,
    rating: &kefu_api::TicketRating,
    at: i64,
) -> anyhow::Result<bool> {
    let mut tx = super::write_tx(pool).await?;
    let existed = sqlx::query("SELECT 1 FROM ticket_ratings WHERE site_id = ?1 AND reference = ?2")
        .bind(site)
        .bind(reference)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    sqlx::query(
        "INSERT INTO ticket_ratings (site_id, reference, score, comment, at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (site_id, reference) DO UPDATE SET score = excluded.score,
         comment = excluded.comment, at = excluded.at",
    )
    .bind(site)
    .bind(reference)
    .bind(i64::from(rating.score))
    .bind(&rating.comment)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    add_event(
        &mut tx,
        site,
        reference,
        &TicketEvent {
            at,
            actor: "visitor".into(),
            what: "rating".into(),
            from: None,
            to: Some(rating.score.to_string()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(!existed)
}

pub async fn rating(
    pool: &SqlitePool,
    site: &str,
    reference: &str,
) -> anyhow::Result<Option<kefu_api::TicketRating>> {
    let row = sqlx::query(
        "SELECT score, comment FROM ticket_ratings WHERE site_id = ?1 AND reference = ?2",
    )
    .bind(site)
    .bind(reference)
    .fetch_optional(pool)
    .await?;
    row.map(|r| -> anyhow::Result<_> {
        let score: i64 = r.try_get("score")?;
        Ok(kefu_api::TicketRating {
            score: u8::try_from(score).unwrap_or(0),
            comment: r.try_get("comment")?,
        })
    })
    .transpose()
}

pub async fn report_rows(
    pool: &SqlitePool,
    site: &str,
    since: i64,
) -> anyhow::Result<Vec<super::ReportRow>> {
    let rows = sqlx::query(
        "SELECT t.category, t.priority, t.status, t.created_at, t.due_at, t.first_reply_at,
         t.resolved_at, r.score
         FROM tickets t LEFT JOIN ticket_ratings r
           ON r.site_id = t.site_id AND r.reference = t.reference
         WHERE t.site_id = ?1 AND t.created_at >= ?2",
    )
    .bind(site)
    .bind(since)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let priority: String = r.try_get("priority")?;
            let status: String = r.try_get("status")?;
            let score: Option<i64> = r.try_get("score")?;
            Ok(super::ReportRow {
                category: r.try_get("category")?,
                priority: Priority::parse(&priority).context("stored priority is corrupt")?,
                status: TicketStatus::parse(&status).context("stored status is corrupt")?,
                created_at: r.try_get("created_at")?,
                due_at: r.try_get("due_at")?,
                first_reply_at: r.try_get("first_reply_at")?,
                resolved_at: r.try_get("resolved_at")?,
                rating: score.and_then(|s| u8::try_from(s).ok()),
            })
        })
        .collect()
}

pub async fn tickets_with_email(
    pool: &SqlitePool,
    site: &str,
    email: &str,
) -> anyhow::Result<Option<Option<String>>> {
    let row = sqlx::query(
        "SELECT page FROM tickets WHERE site_id = ?1 AND email = ?2
         ORDER BY page IS NULL, created_at DESC LIMIT 1",
    )
    .bind(site)
    .bind(email)
    .fetch_optional(pool)
    .await?;
    row.map(|r| r.try_get::<Option<String>, _>("page").map_err(Into::into))
        .transpose()
}

pub async fn create_recovery(
    pool: &SqlitePool,
    token_hash: &str,
    site: &str,
    email: &str,
    expires_at: i64,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO recovery_tokens (token_hash, site_id, email, expires_at) VALUES (?1, ?2, ?3, ?4)",
    )
    .bind(token_hash)
    .bind(site)
    .bind(email)
    .bind(expires_at)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn use_recovery(
    pool: &SqlitePool,
    token_hash: &str,
    site: &str,
    visitor_hash: &str,
    now: i64,
) -> anyhow::Result<Option<String>> {
    let mut tx = super::write_tx(pool).await?;
    let row = sqlx::query(
        "UPDATE recovery_tokens SET used_at = ?3
         WHERE token_hash = ?1 AND site_id = ?2 AND used_at IS NULL AND expires_at > ?3
         RETURNING email",
    )
    .bind(token_hash)
    .bind(site)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let email: String = row.try_get("email")?;
    sqlx::query(
        "INSERT INTO visitor_emails (site_id, visitor_hash, email, at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT DO NOTHING",
    )
    .bind(site)
    .bind(visitor_hash)
    .bind(&email)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(email))
}

pub async fn visitor_has_email(
    pool: &SqlitePool,
    site: &str,
    visitor_hash: &str,
    email: &str,
) -> anyhow::Result<bool> {
    Ok(sqlx::query(
        "SELECT 1 FROM visitor_emails WHERE site_id = ?1 AND visitor_hash = ?2 AND email = ?3",
    )
    .bind(site)
    .bind(visitor_hash)
    .bind(email)
    .fetch_optional(pool)
    .await?
    .is_some())
}
