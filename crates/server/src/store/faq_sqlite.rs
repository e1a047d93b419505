//! The FAQ in SQLite: categories, articles and their translations, votes, views and the
//! searches that found nothing.

use super::now_ms;
use crate::faq::{Article, Category, Faq, Status, Translation};
use anyhow::Context as _;
use kefu_api::{FaqArticleStats, FaqMissStats, FaqReport};
use sqlx::{Row, Sqlite, SqlitePool, Transaction};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The most distinct missed searches kept per site; beyond it the rarest, oldest go.
const MAX_MISSES: i64 = 5_000;

pub async fn faq(pool: &SqlitePool, site: &str) -> anyhow::Result<Faq> {
    let cats =
        sqlx::query("SELECT id, names FROM faq_categories WHERE site_id = ?1 ORDER BY position")
            .bind(site)
            .fetch_all(pool)
            .await?;
    let mut categories = Vec::with_capacity(cats.len());
    for r in &cats {
        let names: String = r.try_get("names")?;
        categories.push(Category {
            id: r.try_get("id")?,
            name: serde_json::from_str(&names).context("stored category names are corrupt")?,
        });
    }
    let rows = sqlx::query(
        "SELECT a.id, a.category_id, a.status FROM faq_articles a
         JOIN faq_categories c ON c.site_id = a.site_id AND c.id = a.category_id
         WHERE a.site_id = ?1 ORDER BY c.position, a.position",
    )
    .bind(site)
    .fetch_all(pool)
    .await?;
    let mut articles = Vec::with_capacity(rows.len());
    let mut at: HashMap<String, usize> = HashMap::new();
    for r in &rows {
        let id: String = r.try_get("id")?;
        let status: String = r.try_get("status")?;
        at.insert(id.clone(), articles.len());
        articles.push(Article {
            id,
            category: r.try_get("category_id")?,
            status: Status::parse(&status).context("stored article status is corrupt")?,
            translations: BTreeMap::new(),
        });
    }
    let rows = sqlx::query(
        "SELECT article_id, locale, question, answer_md, answer_html, keywords
         FROM faq_translations WHERE site_id = ?1",
    )
    .bind(site)
    .fetch_all(pool)
    .await?;
    for r in &rows {
        let article: String = r.try_get("article_id")?;
        let Some(&i) = at.get(&article) else { continue };
        let keywords: String = r.try_get("keywords")?;
        articles[i].translations.insert(
            r.try_get("locale")?,
            Translation {
                question: r.try_get("question")?,
                answer: r.try_get("answer_md")?,
                keywords: serde_json::from_str(&keywords)
                    .context("stored article keywords are corrupt")?,
                html: r.try_get("answer_html")?,
            },
        );
    }
    Ok(Faq {
        categories,
        articles,
    })
}

async fn bump_revision(tx: &mut Transaction<'_, Sqlite>, site: &str) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO faq_revisions (site_id, revision) VALUES (?1, 1)
         ON CONFLICT (site_id) DO UPDATE SET revision = faq_revisions.revision + 1",
    )
    .bind(site)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Clone, Copy)]
enum Table {
    Articles,
    Categories,
}

/// Deletes a site's articles (or categories) whose id is not in `keep`.
async fn delete_others(
    tx: &mut Transaction<'_, Sqlite>,
    table: Table,
    site: &str,
    keep: &HashSet<&str>,
) -> anyhow::Result<()> {
    let (select, delete) = match table {
        Table::Articles => (
            "SELECT id FROM faq_articles WHERE site_id = ?1",
            "DELETE FROM faq_articles WHERE site_id = ?1 AND id = ?2",
        ),
        Table::Categories => (
            "SELECT id FROM faq_categories WHERE site_id = ?1",
            "DELETE FROM faq_categories WHERE site_id = ?1 AND id = ?2",
        ),
    };
    let existing: Vec<String> = sqlx::query(select)
        .bind(site)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?;
    for id in existing.iter().filter(|id| !keep.contains(id.as_str())) {
        sqlx::query(delete)
            .bind(site)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Replaces a site's whole FAQ in one transaction. Articles that keep their id keep their
/// votes and views; articles no longer present are deleted with theirs.
pub async fn replace_faq(pool: &SqlitePool, site: &str, faq: &Faq) -> anyhow::Result<()> {
    let now = now_ms();
    let mut tx = super::write_tx(pool).await?;
    let keep: HashSet<&str> = faq.articles.iter().map(|a| a.id.as_str()).collect();
    delete_others(&mut tx, Table::Articles, site, &keep).await?;
    for (i, c) in faq.categories.iter().enumerate() {
        sqlx::query(
            "INSERT INTO faq_categories (site_id, id, position, names) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (site_id, id) DO UPDATE SET position = excluded.position,
             names = excluded.names",
        )
        .bind(site)
        .bind(&c.id)
        .bind(i as i64)
        .bind(serde_json::to_string(&c.name)?)
        .execute(&mut *tx)
        .await?;
    }
    for (i, a) in faq.articles.iter().enumerate() {
        sqlx::query(
            "INSERT INTO faq_articles (site_id, id, category_id, position, status, created_at,
             updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
             ON CONFLICT (site_id, id) DO UPDATE SET category_id = excluded.category_id,
             position = excluded.position, status = excluded.status,
             updated_at = excluded.updated_at",
        )
        .bind(site)
        .bind(&a.id)
        .bind(&a.category)
        .bind(i as i64)
        .bind(a.status.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM faq_translations WHERE site_id = ?1 AND article_id = ?2")
            .bind(site)
            .bind(&a.id)
            .execute(&mut *tx)
            .await?;
        for (locale, t) in &a.translations {
            sqlx::query(
                "INSERT INTO faq_translations (site_id, article_id, locale, question, answer_md,
                 answer_html, keywords, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .bind(site)
            .bind(&a.id)
            .bind(locale)
            .bind(&t.question)
            .bind(&t.answer)
            .bind(&t.html)
            .bind(serde_json::to_string(&t.keywords)?)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
    }
    let cats: HashSet<&str> = faq.categories.iter().map(|c| c.id.as_str()).collect();
    delete_others(&mut tx, Table::Categories, site, &cats).await?;
    bump_revision(&mut tx, site).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn faq_revision(pool: &SqlitePool, site: &str) -> anyhow::Result<i64> {
    let row = sqlx::query("SELECT revision FROM faq_revisions WHERE site_id = ?1")
        .bind(site)
        .fetch_optional(pool)
        .await?;
    Ok(match row {
        Some(r) => r.try_get("revision")?,
        None => 0,
    })
}

pub async fn popular(pool: &SqlitePool, site: &str, limit: i64) -> anyhow::Result<Vec<String>> {
    let rows = sqlx::query(
        "SELECT article_id FROM faq_views WHERE site_id = ?1 AND views > 0
         ORDER BY views DESC, article_id LIMIT ?2",
    )
    .bind(site)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| r.try_get("article_id").map_err(Into::into))
        .collect()
}

async fn published(pool: &SqlitePool, site: &str, article: &str) -> anyhow::Result<bool> {
    Ok(sqlx::query(
        "SELECT 1 FROM faq_articles WHERE site_id = ?1 AND id = ?2 AND status = 'published'",
    )
    .bind(site)
    .bind(article)
    .fetch_optional(pool)
    .await?
    .is_some())
}

pub async fn record_view(pool: &SqlitePool, site: &str, article: &str) -> anyhow::Result<bool> {
    if !published(pool, site, article).await? {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO faq_views (site_id, article_id, views) VALUES (?1, ?2, 1)
         ON CONFLICT (site_id, article_id) DO UPDATE SET views = faq_views.views + 1",
    )
    .bind(site)
    .bind(article)
    .execute(pool)
    .await?;
    Ok(true)
}

/// `None` when no such published article; `Some(true)` for the visitor's first vote on it,
/// `Some(false)` when their earlier vote was replaced.
pub async fn record_vote(
    pool: &SqlitePool,
    site: &str,
    article: &str,
    visitor_hash: &str,
    helpful: bool,
) -> anyhow::Result<Option<bool>> {
    if !published(pool, site, article).await? {
        return Ok(None);
    }
    let mut tx = super::write_tx(pool).await?;
    let existed = sqlx::query(
        "SELECT 1 FROM faq_votes WHERE site_id = ?1 AND article_id = ?2 AND visitor_hash = ?3",
    )
    .bind(site)
    .bind(article)
    .bind(visitor_hash)
    .fetch_optional(&mut *tx)
    .await?
    .is_some();
    sqlx::query(
        "INSERT INTO faq_votes (site_id, article_id, visitor_hash, helpful, at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (site_id, article_id, visitor_hash) DO UPDATE SET helpful = excluded.helpful,
         at = excluded.at",
    )
    .bind(site)
    .bind(article)
    .bind(visitor_hash)
    .bind(i64::from(helpful))
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(!existed))
}

pub async fn record_miss(
    pool: &SqlitePool,
    site: &str,
    locale: &str,
    query: &str,
) -> anyhow::Result<()> {
    let now = now_ms();
    let mut tx = super::write_tx(pool).await?;
    sqlx::query(
        "INSERT INTO faq_misses (site_id, locale, query, count, last_at) VALUES (?1, ?2, ?3, 1, ?4)
         ON CONFLICT (site_id, locale, query) DO UPDATE SET count = faq_misses.count + 1,
         last_at = excluded.last_at",
    )
    .bind(site)
    .bind(locale)
    .bind(query)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM faq_misses WHERE site_id = ?1")
        .bind(site)
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
    if n > MAX_MISSES {
        sqlx::query(
            "DELETE FROM faq_misses WHERE rowid IN (SELECT rowid FROM faq_misses
             WHERE site_id = ?1 ORDER BY count, last_at LIMIT ?2)",
        )
        .bind(site)
        .bind(n - MAX_MISSES)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn report(
    pool: &SqlitePool,
    site: &str,
    default_locale: &str,
    limit: i64,
) -> anyhow::Result<FaqReport> {
    // One row per article: its question in the default locale (or any), views and votes.
    let rows = sqlx::query(
        "SELECT a.id,
           COALESCE((SELECT question FROM faq_translations t WHERE t.site_id = a.site_id
                     AND t.article_id = a.id AND t.locale = ?2),
                    (SELECT question FROM faq_translations t WHERE t.site_id = a.site_id
                     AND t.article_id = a.id ORDER BY locale LIMIT 1), '') AS question,
           COALESCE((SELECT views FROM faq_views v WHERE v.site_id = a.site_id
                     AND v.article_id = a.id), 0) AS views,
           (SELECT COUNT(*) FROM faq_votes v WHERE v.site_id = a.site_id AND v.article_id = a.id
                     AND v.helpful = 1) AS helpful,
           (SELECT COUNT(*) FROM faq_votes v WHERE v.site_id = a.site_id AND v.article_id = a.id
                     AND v.helpful = 0) AS unhelpful
         FROM faq_articles a WHERE a.site_id = ?1 AND a.status = 'published'",
    )
    .bind(site)
    .bind(default_locale)
    .fetch_all(pool)
    .await?;
    let mut stats = Vec::with_capacity(rows.len());
    for r in &rows {
        stats.push(FaqArticleStats {
            id: r.try_get("id")?,
            question: r.try_get("question")?,
            views: r.try_get("views")?,
            helpful: r.try_get("helpful")?,
            unhelpful: r.try_get("unhelpful")?,
        });
    }
    let limit = limit.max(0) as usize;
    let mut most_viewed: Vec<_> = stats.iter().filter(|s| s.views > 0).cloned().collect();
    most_viewed.sort_by(|a, b| b.views.cmp(&a.views).then_with(|| a.id.cmp(&b.id)));
    most_viewed.truncate(limit);
    // Helpfulness as the share of "yes", with one imaginary vote each way so a single vote
    // does not outrank a long record (Laplace smoothing).
    let share =
        |s: &FaqArticleStats| (s.helpful as f64 + 1.0) / ((s.helpful + s.unhelpful) as f64 + 2.0);
    let mut voted: Vec<_> = stats
        .iter()
        .filter(|s| s.helpful + s.unhelpful > 0)
        .cloned()
        .collect();
    voted.sort_by(|a, b| share(b).total_cmp(&share(a)).then_with(|| a.id.cmp(&b.id)));
    let most_helpful: Vec<_> = voted.iter().take(limit).cloned().collect();
    let least_helpful: Vec<_> = voted.iter().rev().take(limit).cloned().collect();
    let rows = sqlx::query(
        "SELECT locale, query, count, last_at FROM faq_misses WHERE site_id = ?1
         ORDER BY count DESC, last_at DESC LIMIT ?2",
    )
    .bind(site)
    .bind(limit as i64)
    .fetch_all(pool)
    .await?;
    let mut top_misses = Vec::with_capacity(rows.len());
    for r in &rows {
        top_misses.push(FaqMissStats {
            locale: r.try_get("locale")?,
            query: r.try_get("query")?,
            count: r.try_get("count")?,
            last_at: r.try_get("last_at")?,
        });
    }
    Ok(FaqReport {
        most_viewed,
        most_helpful,
        least_helpful,
        top_misses,
    })
}
