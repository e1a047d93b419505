//! The FAQ over HTTP.
//!
//! Widget side (CORS per site):
//! - `GET /api/v1/sites/{site}/faq?locale=ja,en`: the published FAQ in the visitor's best
//!   locale as one payload the widget searches locally; ETag → 304. Built once per revision and
//!   locale and kept in memory (the popular list is refreshed every few minutes).
//! - `POST …/faq/{article}/view`, `POST …/faq/{article}/vote` (one per visitor and article) and
//!   `POST …/faq/misses` (a search that found nothing): counted for the report. These writes have
//!   their own, stricter per-IP budget besides the server-wide one.
//!
//! Console side (same origin): `GET`/`PUT …/console/sites/{site}/faq` (members read, admins
//! replace the whole FAQ, validated against the site, answers rendered on save) and
//! `GET …/faq/report` (R18).

use super::auth::{Authenticated, Client};
use super::settings::{require_admin, role_on};
use super::widget_config::parse_preferences;
use crate::error::ApiError;
use crate::faq::{self, Faq};
use crate::site::{file::is_valid_id, localize};
use crate::state::AppState;
use crate::web::json::AppJson;
use crate::web::limits::client_ip_from;
use crate::web::query::ApiQuery;
use axum::extract::{FromRequest as _, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use kefu_api::{FaqMiss, FaqReport, FaqVote};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a built payload's popular list may be stale.
const POPULAR_TTL: Duration = Duration::from_secs(300);
/// Longest search text recorded.
const MAX_MISS_CHARS: usize = 100;

struct Built {
    revision: i64,
    at: Instant,
    etag: String,
    body: axum::body::Bytes,
}

/// (site, locale)
type Key = (String, String);

/// Built payloads by site and locale.
#[derive(Default, Clone)]
pub struct FaqCache(Arc<Mutex<HashMap<Key, Arc<Built>>>>);

impl FaqCache {
    fn get(&self, key: &Key, revision: i64) -> Option<Arc<Built>> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.get(key)
            .filter(|b| b.revision == revision && b.at.elapsed() < POPULAR_TTL)
            .cloned()
    }

    fn put(&self, key: Key, built: Arc<Built>) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.insert(key, built);
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaqQuery {
    locale: Option<String>,
}

async fn faq_site(state: &AppState, site_id: &str) -> Result<crate::site::SiteFile, ApiError> {
    super::site_with_module(state, site_id, |m| m.faq, "has no FAQ").await
}

/// `GET /api/v1/sites/{site}/faq?locale=…`
pub async fn payload(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    ApiQuery(q): ApiQuery<FaqQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let prefs = parse_preferences(q.locale.as_deref().unwrap_or(""))?;
    let site = faq_site(&state, &site_id).await?;
    let locale = localize::negotiate(&site, &prefs);
    let revision = state.store.faq_revision(&site_id).await?;
    let key = (site_id.clone(), locale.clone());
    let built = match state.faq_cache.get(&key, revision) {
        Some(b) => b,
        None => {
            let faq = state.store.faq(&site_id).await?;
            let popular = state
                .store
                .faq_popular(&site_id, faq::POPULAR as i64 * 2)
                .await?;
            let payload = faq::payload(&site, &faq, &locale, &popular);
            let body = serde_json::to_vec(&payload).map_err(|e| ApiError::Internal(e.into()))?;
            let built = Arc::new(Built {
                revision,
                at: Instant::now(),
                etag: super::etag_of(&body),
                body: body.into(),
            });
            state.faq_cache.put(key, built.clone());
            built
        }
    };
    let mut res = if super::not_modified(&headers, &built.etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            built.body.clone(),
        )
            .into_response()
    };
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&built.etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(v) = HeaderValue::from_str(&locale) {
        h.insert(header::CONTENT_LANGUAGE, v);
    }
    Ok(res)
}

/// The stricter per-IP budget of the widget's writes that need no ticket (FAQ views, votes,
/// missed searches; NPS answers).
pub fn limit_writes(
    state: &AppState,
    req_headers: &HeaderMap,
    ext: &axum::http::Extensions,
) -> Result<(), ApiError> {
    if let Some(ip) = client_ip_from(state, req_headers, ext) {
        state
            .faq_writes
            .check(&ip)
            .map_err(|retry_after_secs| ApiError::RateLimited { retry_after_secs })?;
    }
    Ok(())
}

fn article_not_found(article: &str) -> ApiError {
    ApiError::NotFound(format!("no published article is called `{article}`"))
}

/// `POST …/faq/{article}/view`
pub async fn view(
    State(state): State<AppState>,
    Path((site_id, article)): Path<(String, String)>,
    req: Request,
) -> Result<StatusCode, ApiError> {
    limit_writes(&state, req.headers(), req.extensions())?;
    faq_site(&state, &site_id).await?;
    if !is_valid_id(&article) || !state.store.record_faq_view(&site_id, &article).await? {
        return Err(article_not_found(&article));
    }
    Ok(StatusCode::NO_CONTENT)
}

fn valid_visitor(v: &str) -> bool {
    v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `POST …/faq/{article}/vote` with `{"visitor":"<32 hex>","helpful":true}`: 201 for the
/// visitor's first vote on the article, 200 when it replaced their earlier one.
pub async fn vote(
    State(state): State<AppState>,
    Path((site_id, article)): Path<(String, String)>,
    req: Request,
) -> Result<StatusCode, ApiError> {
    limit_writes(&state, req.headers(), req.extensions())?;
    let AppJson(body) = AppJson::<FaqVote>::from_request(req, &state).await?;
    if !valid_visitor(&body.visitor) {
        return Err(ApiError::InvalidField {
            code: "invalid_visitor",
            field: "visitor".into(),
            message: "the visitor id must be 32 hexadecimal digits".into(),
        });
    }
    faq_site(&state, &site_id).await?;
    if !is_valid_id(&article) {
        return Err(article_not_found(&article));
    }
    // Only a keyed hash of the visitor id is kept.
    let hash = Sha256::digest(format!("kefu-faq-vote\0{site_id}\0{}", body.visitor));
    let hash: String = hash[..16].iter().map(|b| format!("{b:02x}")).collect();
    match state
        .store
        .record_faq_vote(&site_id, &article, &hash, body.helpful)
        .await?
    {
        None => Err(article_not_found(&article)),
        Some(true) => Ok(StatusCode::CREATED),
        Some(false) => Ok(StatusCode::OK),
    }
}

/// `POST …/faq/misses` with `{"locale":"ja","query":"…"}`.
pub async fn miss(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    req: Request,
) -> Result<StatusCode, ApiError> {
    limit_writes(&state, req.headers(), req.extensions())?;
    let AppJson(body) = AppJson::<FaqMiss>::from_request(req, &state).await?;
    let site = faq_site(&state, &site_id).await?;
    if !site.locales.contains(&body.locale) {
        return Err(ApiError::InvalidField {
            code: "invalid_locale",
            field: "locale".into(),
            message: format!("`{}` is not one of the site's languages", body.locale),
        });
    }
    let query = kefu_search::normalize(body.query.trim());
    let query = query.split_whitespace().collect::<Vec<_>>().join(" ");
    if query.is_empty() || query.chars().count() > MAX_MISS_CHARS {
        return Err(ApiError::InvalidField {
            code: "invalid_query",
            field: "query".into(),
            message: format!("the search text must have 1 to {MAX_MISS_CHARS} characters"),
        });
    }
    state
        .store
        .record_faq_miss(&site_id, &body.locale, &query)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/console/sites/{site}/faq`: any member.
pub async fn get_all(
    State(state): State<AppState>,
    auth: Authenticated,
    Path(site): Path<String>,
) -> Result<Json<Faq>, ApiError> {
    role_on(&state, &auth, &site).await?;
    Ok(Json(state.store.faq(&site).await?))
}

/// `PUT /api/v1/console/sites/{site}/faq`: admins replace the whole FAQ; it is validated
/// against the site (the error names the field, in the console's language) and its answers
/// are rendered and sanitized once, here.
pub async fn put_all(
    State(state): State<AppState>,
    auth: Authenticated,
    client: Client,
    Path(site): Path<String>,
    AppJson(mut doc): AppJson<Faq>,
) -> Result<Json<Faq>, ApiError> {
    require_admin(&state, &auth, &site, "change its FAQ").await?;
    let stored = state
        .store
        .site(&site)
        .await?
        .ok_or_else(|| ApiError::SiteNotFound(site.clone()))?;
    let locale = crate::i18n::locale_for(&client.languages, crate::i18n::SERVER);
    doc.validate(&stored.site)
        .map_err(|e| ApiError::InvalidField {
            code: "invalid_faq",
            message: e.message_in(locale),
            field: e.field,
        })?;
    doc.render();
    state.store.replace_faq(&site, &doc).await?;
    tracing::info!(site = %site, account = %auth.account.id, articles = doc.articles.len(), "FAQ saved");
    Ok(Json(doc))
}

/// `GET /api/v1/console/sites/{site}/faq/report`: any member.
pub async fn report(
    State(state): State<AppState>,
    auth: Authenticated,
    Path(site): Path<String>,
) -> Result<Json<FaqReport>, ApiError> {
    role_on(&state, &auth, &site).await?;
    let stored = state
        .store
        .site(&site)
        .await?
        .ok_or_else(|| ApiError::SiteNotFound(site.clone()))?;
    Ok(Json(
        state
            .store
            .faq_report(&site, &stored.site.default_locale, 10)
            .await?,
    ))
}
