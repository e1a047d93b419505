//! A site's terms of service and privacy notice (R1).
//!
//! The widget's side (CORS per site):
//! - `GET /api/v1/sites/{site}/terms?locale=…`: the current version in the visitor's language
//!   (or the nearest, marked `fallback`); 204 when the site has published none.
//! - `POST /api/v1/sites/{site}/terms/acceptances` (the visitor's token as `Authorization:
//!   Bearer`, and `Kefu-Identity` when the host page vouched for a user): records that this
//!   visitor accepted the current version, with the time and the language they read it in.
//!   An older version gets 409 `terms_changed`.
//!
//! The console's side:
//! - `GET /api/v1/console/sites/{site}/terms`: the history with acceptance counts, and the
//!   current version whole (any member).
//! - `GET …/terms/{version}`: one version (any member).
//! - `POST …/terms`: publishes the next version (admins); checked against the site (the
//!   refused field named, in the console's language), its Markdown rendered and sanitized
//!   once, here.
//!
//! When the current version requires acceptance, a ticket or a chat from a visitor who has
//! accepted none is refused (422 `consent_required`, see [`require_accepted`]); the widget
//! asks again before the next submission when a newer version appeared.

use super::auth::{Authenticated, Client};
use super::faq::limit_writes;
use super::settings::{require_admin, role_on};
use super::tickets::bearer;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::now_ms;
use crate::tickets::field_error;
use crate::web::json::AppJson;
use crate::web::query::ApiQuery;
use axum::extract::{FromRequest as _, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use kefu_api::{AcceptTerms, PublishedTerms, TermsAcceptance, TermsDraft, TermsHistory};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocaleQuery {
    locale: Option<String>,
}

async fn site_of(state: &AppState, site_id: &str) -> Result<crate::site::SiteFile, ApiError> {
    super::site_with_module(state, site_id, |_| true, "").await
}

fn internal(e: anyhow::Error) -> ApiError {
    ApiError::Internal(e)
}

/// `GET /api/v1/sites/{site}/terms?locale=…`
pub async fn current(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    ApiQuery(q): ApiQuery<LocaleQuery>,
) -> Result<Response, ApiError> {
    let prefs = super::widget_config::parse_preferences(q.locale.as_deref().unwrap_or(""))?;
    let site = site_of(&state, &site_id).await?;
    let Some(row) = state.store.terms(&site_id, None).await? else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    let terms = crate::terms::for_visitor(&row, &site, &prefs).map_err(internal)?;
    Ok(Json(terms).into_response())
}

/// `POST /api/v1/sites/{site}/terms/acceptances`
pub async fn accept(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    req: Request,
) -> Result<(StatusCode, Json<TermsAcceptance>), ApiError> {
    limit_writes(&state, req.headers(), req.extensions())?;
    let token = bearer(req.headers())?;
    let claim = super::chat::identity_header(req.headers())?;
    let AppJson(body) = AppJson::<AcceptTerms>::from_request(req, &state).await?;
    let site = site_of(&state, &site_id).await?;
    if !site.locales.contains(&body.locale) {
        return Err(field_error(
            "invalid_locale",
            "locale",
            format!("`{}` is not one of the site's languages", body.locale),
        ));
    }
    let current = state.store.terms(&site_id, None).await?;
    match current {
        Some(row) if row.version == body.version => {}
        Some(row) => {
            return Err(ApiError::Conflict {
                code: "terms_changed",
                message: format!(
                    "version {} is not the current one; read and accept version {}",
                    body.version, row.version
                ),
            })
        }
        None => return Err(ApiError::NotFound("the site has published no terms".into())),
    }
    // A claim is checked when given (a verified user counts as accepted on any device), but
    // an anonymous visitor may accept too.
    let user_key = match &claim {
        Some(_) => {
            let secret = crate::chat::site_secret(&state, &site_id).await?;
            let who =
                crate::chat::identity::resolve(&site_id, &secret, true, &token, claim.as_ref())?;
            who.verified.map(|_| who.key)
        }
        None => None,
    };
    let visitor = crate::tickets::visitor_hash(&site_id, &token);
    let accepted_at = state
        .store
        .accept_terms(
            &site_id,
            body.version,
            &visitor,
            user_key.as_deref(),
            &body.locale,
            now_ms(),
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(TermsAcceptance {
            version: body.version,
            accepted_at,
        }),
    ))
}

/// Refuses a submission (422 `consent_required`) when the site's current terms require
/// acceptance and this visitor (`visitor` the hash of their token, or a verified user's key)
/// has accepted no version yet; otherwise tells whether they accepted one.
pub async fn require_accepted(
    state: &AppState,
    site: &str,
    visitor: &str,
    user_key: Option<&str>,
) -> Result<bool, ApiError> {
    let Some(row) = state.store.terms(site, None).await? else {
        return Ok(false);
    };
    let accepted = state
        .store
        .accepted_terms(site, visitor, user_key)
        .await?
        .is_some();
    if row.require_acceptance && !accepted {
        return Err(field_error(
            "consent_required",
            "consent",
            "accept the site's terms and privacy notice first (POST …/terms/acceptances)",
        ));
    }
    Ok(accepted)
}

/// `GET /api/v1/console/sites/{site}/terms`: any member.
pub async fn history(
    State(state): State<AppState>,
    auth: Authenticated,
    Path(site): Path<String>,
) -> Result<Json<TermsHistory>, ApiError> {
    role_on(&state, &auth, &site).await?;
    let rows = state.store.terms_history(&site).await?;
    let current = rows
        .first()
        .map(|(row, _)| crate::terms::published(row))
        .transpose()
        .map_err(internal)?;
    let versions = rows
        .iter()
        .map(|(row, n)| crate::terms::summary(row, *n))
        .collect::<anyhow::Result<_>>()
        .map_err(internal)?;
    Ok(Json(TermsHistory { versions, current }))
}

/// `GET /api/v1/console/sites/{site}/terms/{version}`: any member.
pub async fn version(
    State(state): State<AppState>,
    auth: Authenticated,
    Path((site, version)): Path<(String, u32)>,
) -> Result<Json<PublishedTerms>, ApiError> {
    role_on(&state, &auth, &site).await?;
    let row = state
        .store
        .terms(&site, Some(version))
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("the site has no terms version {version}")))?;
    Ok(Json(crate::terms::published(&row).map_err(internal)?))
}

/// `POST /api/v1/console/sites/{site}/terms`: admins publish the next version.
pub async fn publish(
    State(state): State<AppState>,
    auth: Authenticated,
    client: Client,
    Path(site): Path<String>,
    AppJson(draft): AppJson<TermsDraft>,
) -> Result<(StatusCode, Json<PublishedTerms>), ApiError> {
    require_admin(&state, &auth, &site, "publish its terms").await?;
    let stored = state
        .store
        .site(&site)
        .await?
        .ok_or_else(|| ApiError::SiteNotFound(site.clone()))?;
    let next = state
        .store
        .terms(&site, None)
        .await?
        .map_or(1, |r| r.version + 1);
    let locale = crate::i18n::locale_for(&client.languages, crate::i18n::SERVER);
    crate::terms::validate(&draft, &stored.site, next).map_err(|e| ApiError::InvalidField {
        code: "invalid_terms",
        message: e.message_in(locale),
        field: e.field,
    })?;
    let texts = crate::terms::render(&draft);
    let version = state
        .store
        .publish_terms(
            &site,
            &auth.account.email,
            draft.require_acceptance,
            &texts,
            now_ms(),
        )
        .await?;
    tracing::info!(site = %site, account = %auth.account.id, version, "terms published");
    let row = state
        .store
        .terms(&site, Some(version))
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("terms version {version} vanished")))?;
    Ok((
        StatusCode::CREATED,
        Json(crate::terms::published(&row).map_err(internal)?),
    ))
}
