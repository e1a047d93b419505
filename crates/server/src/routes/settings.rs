//! `/api/v1/console/sites/{site}/settings`: a site's whole settings document, read by its
//! members and replaced by its admins (R10, and the configuration side of R2/R3). A saved
//! change reaches visitors on their next page view: the widget-config ETag changes with it.

use super::auth::{Authenticated, Client};
use crate::accounts::audit::{self, Entry, Event};
use crate::accounts::Role;
use crate::error::ApiError;
use crate::site::SiteFile;
use crate::state::AppState;
use crate::web::json::AppJson;
use axum::extract::{Path, State};
use axum::Json;
use kefu_api::WidgetConfig;

/// The caller's role on `site`; a site they are not a member of does not exist for them.
pub async fn role_on(state: &AppState, auth: &Authenticated, site: &str) -> Result<Role, ApiError> {
    state
        .store
        .memberships(&auth.account.id)
        .await?
        .into_iter()
        .find(|(s, _)| s == site)
        .map(|(_, role)| role)
        .ok_or_else(|| ApiError::SiteNotFound(site.to_owned()))
}

/// `GET …/settings`: any member.
pub async fn get(
    State(state): State<AppState>,
    auth: Authenticated,
    Path(site): Path<String>,
) -> Result<Json<SiteFile>, ApiError> {
    role_on(&state, &auth, &site).await?;
    let stored = state
        .store
        .site(&site)
        .await?
        .ok_or(ApiError::SiteNotFound(site))?;
    Ok(Json(stored.site))
}

/// Admins only: agents may read settings but not change (or preview changes to) them, nor
/// invite anyone; `what` ends "only the site's admins can …".
pub async fn require_admin(
    state: &AppState,
    auth: &Authenticated,
    site: &str,
    what: &str,
) -> Result<(), ApiError> {
    if role_on(state, auth, site).await? != Role::Admin {
        return Err(ApiError::Forbidden {
            code: "forbidden_role",
            message: format!("only the site's admins can {what}"),
        });
    }
    Ok(())
}

/// The document is this site's and valid, or the error names the field to fix, in the
/// browser's language (`Accept-Language`, the console's own).
fn check(site: &str, doc: &SiteFile, client: &Client) -> Result<(), ApiError> {
    if doc.id != site {
        return Err(ApiError::InvalidField {
            code: "invalid_settings",
            field: "id".into(),
            message: format!("`{}` is not this site (`{site}`)", doc.id),
        });
    }
    let locale = crate::i18n::locale_for(&client.languages, crate::i18n::SERVER);
    doc.validate().map_err(|e| ApiError::InvalidField {
        code: "invalid_settings",
        message: e.message_in(locale),
        field: e.field,
    })
}

/// `PUT …/settings`: admins only; the document is validated whole and saved in one
/// transaction, or refused with the field named and nothing changed.
pub async fn put(
    State(state): State<AppState>,
    auth: Authenticated,
    client: Client,
    Path(site): Path<String>,
    AppJson(doc): AppJson<SiteFile>,
) -> Result<Json<SiteFile>, ApiError> {
    require_admin(&state, &auth, &site, "change its settings").await?;
    check(&site, &doc, &client)?;
    state.store.put_site(&doc).await?;
    tracing::info!(site = %site, account = %auth.account.id, "site settings saved");
    let e = Entry {
        account_id: Some(&auth.account.id),
        site_id: Some(&site),
        ip: &client.ip,
        ..Entry::default()
    };
    audit::record(state.store.as_ref(), Event::SettingsChanged, e).await;
    Ok(Json(doc))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewQuery {
    locale: Option<String>,
}

/// `POST …/settings/preview?locale=zh-CN`: admins only; validates an unsaved document and
/// returns the widget config it would give a visitor in that locale (the default locale when
/// the site has no such locale). Nothing is stored. The console's live preview and its
/// field-by-field validation both use it.
pub async fn preview(
    State(state): State<AppState>,
    auth: Authenticated,
    client: Client,
    Path(site): Path<String>,
    crate::web::query::ApiQuery(q): crate::web::query::ApiQuery<PreviewQuery>,
    AppJson(doc): AppJson<SiteFile>,
) -> Result<Json<WidgetConfig>, ApiError> {
    require_admin(&state, &auth, &site, "change its settings").await?;
    check(&site, &doc, &client)?;
    let locale = q
        .locale
        .filter(|l| doc.locales.contains(l))
        .unwrap_or_else(|| doc.default_locale.clone());
    Ok(Json(crate::site::localize::widget_config(&doc, &locale)))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    event: Option<String>,
    limit: Option<i64>,
}

/// `GET /api/v1/console/audit?event=login_failed&limit=100`: admins read the security events
/// of their sites and of those sites' accounts, newest first.
pub async fn audit_log(
    State(state): State<AppState>,
    auth: Authenticated,
    crate::web::query::ApiQuery(q): crate::web::query::ApiQuery<AuditQuery>,
) -> Result<Json<Vec<crate::store::AuditRow>>, ApiError> {
    let admin_sites: Vec<String> = state
        .store
        .memberships(&auth.account.id)
        .await?
        .into_iter()
        .filter(|(_, role)| *role == Role::Admin)
        .map(|(site, _)| site)
        .collect();
    if admin_sites.is_empty() {
        return Err(ApiError::Forbidden {
            code: "forbidden_role",
            message: "only admins can read the audit log".into(),
        });
    }
    let limit = q.limit.unwrap_or(200).clamp(1, 1000);
    Ok(Json(
        state
            .store
            .audit_for(&admin_sites, q.event.as_deref(), limit)
            .await?,
    ))
}
