//! `/api/v1/console/sites/{site}/settings`: a site's whole settings document, read by its
//! members and replaced by its admins (R10, and the configuration side of R2/R3). A saved
//! change reaches visitors on their next page view: the widget-config ETag changes with it.

use super::auth::Authenticated;
use crate::accounts::Role;
use crate::error::ApiError;
use crate::site::SiteFile;
use crate::state::AppState;
use crate::web::json::AppJson;
use axum::extract::{Path, State};
use axum::Json;

/// The caller's role on `site`; a site they are not a member of does not exist for them.
async fn role_on(state: &AppState, auth: &Authenticated, site: &str) -> Result<Role, ApiError> {
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

/// `PUT …/settings`: admins only; the document is validated whole and saved in one
/// transaction, or refused with the field named and nothing changed.
pub async fn put(
    State(state): State<AppState>,
    auth: Authenticated,
    Path(site): Path<String>,
    AppJson(doc): AppJson<SiteFile>,
) -> Result<Json<SiteFile>, ApiError> {
    if role_on(&state, &auth, &site).await? != Role::Admin {
        return Err(ApiError::Forbidden {
            code: "forbidden_role",
            message: "only the site's admins can change its settings".into(),
        });
    }
    if doc.id != site {
        return Err(ApiError::Unprocessable {
            code: "invalid_settings",
            message: format!("id: `{}` is not this site (`{site}`)", doc.id),
        });
    }
    doc.validate().map_err(|e| ApiError::Unprocessable {
        code: "invalid_settings",
        message: e.to_string(),
    })?;
    state.store.put_site(&doc).await?;
    tracing::info!(site = %site, account = %auth.account.id, "site settings saved");
    Ok(Json(doc))
}
