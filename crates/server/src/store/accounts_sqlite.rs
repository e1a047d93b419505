//! Accounts and sessions in SQLite (the `Store` methods delegate here to keep files small).

use super::{AccountRow, NewSession, SessionRow};
use crate::accounts::Role;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqlitePool};

fn account_row(r: &SqliteRow) -> Result<AccountRow, sqlx::Error> {
    Ok(AccountRow {
        id: r.try_get("id")?,
        email: r.try_get("email")?,
        password_hash: r.try_get("password_hash")?,
        must_change_password: r.try_get::<i64, _>("must_change_password")? != 0,
        created_at: r.try_get("created_at")?,
        totp_secret: r.try_get("totp_secret")?,
        totp_pending_secret: r.try_get("totp_pending_secret")?,
        totp_last_step: r.try_get("totp_last_step")?,
    })
}

const ACCOUNT_COLUMNS: &str = "id, email, password_hash, must_change_password, created_at, \
    totp_secret, totp_pending_secret, totp_last_step";

pub async fn create_account(
    pool: &SqlitePool,
    a: &AccountRow,
    roles: &[(String, Role)],
) -> anyhow::Result<bool> {
    let mut tx = super::write_tx(pool).await?;
    let inserted = sqlx::query(
        "INSERT INTO accounts (id, email, password_hash, must_change_password, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (email) DO NOTHING",
    )
    .bind(&a.id)
    .bind(&a.email)
    .bind(&a.password_hash)
    .bind(i64::from(a.must_change_password))
    .bind(a.created_at)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(false);
    }
    for (site, role) in roles {
        sqlx::query("INSERT INTO memberships (account_id, site_id, role) VALUES (?1, ?2, ?3)")
            .bind(&a.id)
            .bind(site)
            .bind(role.as_str())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(true)
}

pub async fn account_by(
    pool: &SqlitePool,
    column: &str,
    value: &str,
) -> anyhow::Result<Option<AccountRow>> {
    // `column` is one of two constants chosen by the caller below, never input.
    let sql = match column {
        "email" => format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE email = ?1"),
        _ => format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ?1"),
    };
    let row = sqlx::query(&sql).bind(value).fetch_optional(pool).await?;
    Ok(row.as_ref().map(account_row).transpose()?)
}

pub async fn memberships(
    pool: &SqlitePool,
    account_id: &str,
) -> anyhow::Result<Vec<(String, Role)>> {
    let rows =
        sqlx::query("SELECT site_id, role FROM memberships WHERE account_id = ?1 ORDER BY site_id")
            .bind(account_id)
            .fetch_all(pool)
            .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let role: String = r.try_get("role")?;
        if let Some(role) = Role::parse(&role) {
            out.push((r.try_get("site_id")?, role));
        }
    }
    Ok(out)
}

pub async fn create_session(pool: &SqlitePool, s: NewSession<'_>) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, ip, user_agent, stage)
         VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6)",
    )
    .bind(s.token_hash)
    .bind(s.account_id)
    .bind(s.now)
    .bind(s.ip)
    .bind(s.user_agent)
    .bind(s.stage)
    .execute(pool)
    .await?;
    Ok(())
}

fn session_row(r: &SqliteRow) -> Result<SessionRow, sqlx::Error> {
    Ok(SessionRow {
        token_hash: r.try_get("token_hash")?,
        account_id: r.try_get("account_id")?,
        created_at: r.try_get("created_at")?,
        last_seen_at: r.try_get("last_seen_at")?,
        ip: r.try_get("ip")?,
        user_agent: r.try_get("user_agent")?,
        stage: r.try_get("stage")?,
    })
}

const SESSION_COLUMNS: &str =
    "token_hash, account_id, created_at, last_seen_at, ip, user_agent, stage";

pub async fn session(pool: &SqlitePool, token_hash: &str) -> anyhow::Result<Option<SessionRow>> {
    let row = sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS} FROM sessions WHERE token_hash = ?1"
    ))
    .bind(token_hash)
    .fetch_optional(pool)
    .await?;
    Ok(row.as_ref().map(session_row).transpose()?)
}

pub async fn sessions_of(pool: &SqlitePool, account_id: &str) -> anyhow::Result<Vec<SessionRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {SESSION_COLUMNS} FROM sessions WHERE account_id = ?1 ORDER BY last_seen_at DESC"
    ))
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.iter().map(session_row).collect::<Result<_, _>>()?)
}

pub async fn delete_session_by_prefix(
    pool: &SqlitePool,
    account_id: &str,
    prefix: &str,
) -> anyhow::Result<u64> {
    // The prefix is checked hex by the caller; `substr` keeps it a bound value, not a pattern.
    let done = sqlx::query(
        "DELETE FROM sessions WHERE account_id = ?1 AND substr(token_hash, 1, length(?2)) = ?2",
    )
    .bind(account_id)
    .bind(prefix)
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

pub async fn delete_other_sessions(
    pool: &SqlitePool,
    account_id: &str,
    keep: &str,
) -> anyhow::Result<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE account_id = ?1 AND token_hash <> ?2")
        .bind(account_id)
        .bind(keep)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

pub async fn touch_session(pool: &SqlitePool, token_hash: &str, now: i64) -> anyhow::Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1")
        .bind(token_hash)
        .bind(now)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn delete_session(pool: &SqlitePool, token_hash: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?1")
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn record_login_failure(
    pool: &SqlitePool,
    keys: &[String],
    now: i64,
) -> anyhow::Result<()> {
    let mut tx = super::write_tx(pool).await?;
    for key in keys {
        sqlx::query("INSERT INTO login_failures (key, at) VALUES (?1, ?2)")
            .bind(key)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("DELETE FROM login_failures WHERE at < ?1")
        .bind(now - 86_400_000)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn login_failures(
    pool: &SqlitePool,
    keys: &[String],
    since: i64,
) -> anyhow::Result<Vec<(i64, Option<i64>)>> {
    let mut out = Vec::with_capacity(keys.len());
    for key in keys {
        let row = sqlx::query("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM login_failures WHERE key = ?1 AND at >= ?2")
            .bind(key)
            .bind(since)
            .fetch_one(pool)
            .await?;
        out.push((row.try_get("n")?, row.try_get("oldest")?));
    }
    Ok(out)
}

pub async fn clear_login_failures(pool: &SqlitePool, key: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE key = ?1")
        .bind(key)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn set_totp_pending(
    pool: &SqlitePool,
    account_id: &str,
    secret: Option<&str>,
) -> anyhow::Result<()> {
    sqlx::query("UPDATE accounts SET totp_pending_secret = ?2 WHERE id = ?1")
        .bind(account_id)
        .bind(secret)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn enable_totp(
    pool: &SqlitePool,
    account_id: &str,
    secret: &str,
    step: i64,
    code_hashes: &[String],
) -> anyhow::Result<()> {
    let mut tx = super::write_tx(pool).await?;
    sqlx::query(
        "UPDATE accounts SET totp_secret = ?2, totp_pending_secret = NULL, totp_last_step = ?3 WHERE id = ?1",
    )
    .bind(account_id)
    .bind(secret)
    .bind(step)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM recovery_codes WHERE account_id = ?1")
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    for hash in code_hashes {
        sqlx::query("INSERT INTO recovery_codes (account_id, code_hash) VALUES (?1, ?2)")
            .bind(account_id)
            .bind(hash)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn accept_totp_step(
    pool: &SqlitePool,
    account_id: &str,
    step: i64,
) -> anyhow::Result<bool> {
    let done = sqlx::query(
        "UPDATE accounts SET totp_last_step = ?2 WHERE id = ?1 AND totp_last_step < ?2",
    )
    .bind(account_id)
    .bind(step)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn use_recovery_code(
    pool: &SqlitePool,
    account_id: &str,
    code_hash: &str,
    now: i64,
) -> anyhow::Result<bool> {
    let done = sqlx::query(
        "UPDATE recovery_codes SET used_at = ?3 WHERE account_id = ?1 AND code_hash = ?2 AND used_at IS NULL",
    )
    .bind(account_id)
    .bind(code_hash)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn unused_recovery_codes(pool: &SqlitePool, account_id: &str) -> anyhow::Result<i64> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM recovery_codes WHERE account_id = ?1 AND used_at IS NULL",
    )
    .bind(account_id)
    .fetch_one(pool)
    .await?;
    Ok(row.try_get("n")?)
}

pub async fn set_password(
    pool: &SqlitePool,
    account_id: &str,
    password_hash: &str,
) -> anyhow::Result<()> {
    sqlx::query("UPDATE accounts SET password_hash = ?2, must_change_password = 0 WHERE id = ?1")
        .bind(account_id)
        .bind(password_hash)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn append_audit(
    pool: &SqlitePool,
    at: i64,
    event: &str,
    e: &crate::accounts::audit::Entry<'_>,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, event, account_id, email, site_id, ip, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .bind(at)
    .bind(event)
    .bind(e.account_id)
    .bind(e.email)
    .bind(e.site_id)
    .bind(e.ip)
    .bind(e.detail)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn audit_for(
    pool: &SqlitePool,
    admin_sites: &[String],
    event: Option<&str>,
    limit: i64,
) -> anyhow::Result<Vec<super::AuditRow>> {
    // One bound parameter per site: the list is short (an admin's sites).
    let marks: Vec<String> = (0..admin_sites.len())
        .map(|i| format!("?{}", i + 3))
        .collect();
    if marks.is_empty() {
        return Ok(vec![]);
    }
    let list = marks.join(", ");
    let sql = format!(
        "SELECT l.id, l.at, l.event, l.account_id, COALESCE(l.email, a.email) AS email,
                l.site_id, l.ip, l.detail
         FROM audit_log l LEFT JOIN accounts a ON a.id = l.account_id
         WHERE (?1 IS NULL OR l.event = ?1)
           AND (l.site_id IN ({list})
                OR l.account_id IN (SELECT account_id FROM memberships WHERE site_id IN ({list})))
         ORDER BY l.id DESC LIMIT ?2"
    );
    let mut q = sqlx::query(&sql).bind(event).bind(limit);
    for site in admin_sites {
        q = q.bind(site);
    }
    let rows = q.fetch_all(pool).await?;
    rows.iter()
        .map(audit_row)
        .collect::<Result<_, _>>()
        .map_err(Into::into)
}

pub async fn create_invite(pool: &SqlitePool, i: &super::InviteRow) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO invites (token_hash, site_id, email, role, created_by, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .bind(&i.token_hash)
    .bind(&i.site_id)
    .bind(&i.email)
    .bind(i.role.as_str())
    .bind(&i.created_by)
    .bind(i.created_at)
    .bind(i.expires_at)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn invite(
    pool: &SqlitePool,
    token_hash: &str,
) -> anyhow::Result<Option<super::InviteRow>> {
    let row = sqlx::query(
        "SELECT token_hash, site_id, email, role, created_by, created_at, expires_at, used_at
         FROM invites WHERE token_hash = ?1",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let role: String = r.try_get("role")?;
    Ok(Some(super::InviteRow {
        token_hash: r.try_get("token_hash")?,
        site_id: r.try_get("site_id")?,
        email: r.try_get("email")?,
        role: Role::parse(&role).unwrap_or(Role::Agent),
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        expires_at: r.try_get("expires_at")?,
        used_at: r.try_get("used_at")?,
    }))
}

pub async fn accept_invite(
    pool: &SqlitePool,
    token_hash: &str,
    a: &AccountRow,
    now: i64,
) -> anyhow::Result<bool> {
    let mut tx = super::write_tx(pool).await?;
    let claimed = sqlx::query("UPDATE invites SET used_at = ?2 WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2")
        .bind(token_hash)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if claimed != 1 {
        return Ok(false);
    }
    let inserted = sqlx::query(
        "INSERT INTO accounts (id, email, password_hash, must_change_password, created_at)
         VALUES (?1, ?2, ?3, 0, ?4) ON CONFLICT (email) DO NOTHING",
    )
    .bind(&a.id)
    .bind(&a.email)
    .bind(&a.password_hash)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted != 1 {
        return Ok(false); // the transaction is dropped: the invite stays unused
    }
    sqlx::query(
        "INSERT INTO memberships (account_id, site_id, role)
         SELECT ?1, site_id, role FROM invites WHERE token_hash = ?2",
    )
    .bind(&a.id)
    .bind(token_hash)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn two_step_required_for(pool: &SqlitePool, account_id: &str) -> anyhow::Result<bool> {
    let row = sqlx::query(
        "SELECT 1 FROM memberships m JOIN sites s ON s.id = m.site_id
         WHERE m.account_id = ?1 AND json_extract(s.doc, '$.require_two_step') = 1 LIMIT 1",
    )
    .bind(account_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.is_some())
}

pub async fn note_device(
    pool: &SqlitePool,
    account_id: &str,
    device: &str,
    network: &str,
    now: i64,
) -> anyhow::Result<Option<bool>> {
    let mut tx = super::write_tx(pool).await?;
    let before: i64 = sqlx::query("SELECT COUNT(*) AS n FROM known_devices WHERE account_id = ?1")
        .bind(account_id)
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
    let added = sqlx::query(
        "INSERT INTO known_devices (account_id, device, network, first_seen) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT DO NOTHING",
    )
    .bind(account_id)
    .bind(device)
    .bind(network)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok((added == 1).then_some(before > 0))
}

pub async fn audit_of_account(
    pool: &SqlitePool,
    account_id: &str,
    event: &str,
    limit: i64,
) -> anyhow::Result<Vec<super::AuditRow>> {
    let rows = sqlx::query(
        "SELECT id, at, event, account_id, email, site_id, ip, detail FROM audit_log
         WHERE account_id = ?1 AND event = ?2 ORDER BY id DESC LIMIT ?3",
    )
    .bind(account_id)
    .bind(event)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(audit_row)
        .collect::<Result<_, _>>()
        .map_err(Into::into)
}

fn audit_row(r: &SqliteRow) -> Result<super::AuditRow, sqlx::Error> {
    Ok(super::AuditRow {
        id: r.try_get("id")?,
        at: r.try_get("at")?,
        event: r.try_get("event")?,
        account_id: r.try_get("account_id")?,
        email: r.try_get("email")?,
        site_id: r.try_get("site_id")?,
        ip: r.try_get("ip")?,
        detail: r.try_get("detail")?,
    })
}
