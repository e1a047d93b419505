//! The NPS question (R14), on sites with the `surveys` module:
//!
//! - `GET /api/v1/sites/{site}/nps`: how often a returning visitor is asked.
//! - `POST /api/v1/sites/{site}/nps` (the visitor's token as `Authorization: Bearer`): their
//!   answer to "How likely are you to recommend us?", 0–10 with an optional reason. The widget
//!   asks at most once per `surveys.nps_interval_days`; the server takes one answer per visitor
//!   in that interval (a second one, or a retry of the first, gets 409 `nps_answered`).

use super::faq::limit_writes;
use super::tickets::bearer;
use crate::error::ApiError;
use crate::site::SiteFile;
use crate::state::AppState;
use crate::store::now_ms;
use crate::tickets::{self, field_error};
use crate::web::json::AppJson;
use axum::extract::{FromRequest as _, Path, Request, State};
use axum::http::StatusCode;
use axum::Json;
use kefu_api::{NpsAnswer, NpsConfig};

/// The longest reason kept, in characters.
const MAX_COMMENT: usize = 1000;

async fn surveys_site(state: &AppState, site_id: &str) -> Result<SiteFile, ApiError> {
    super::site_with_module(state, site_id, |m| m.surveys, "asks no survey questions").await
}

/// `GET /api/v1/sites/{site}/nps`
pub async fn config(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
) -> Result<Json<NpsConfig>, ApiError> {
    let site = surveys_site(&state, &site_id).await?;
    Ok(Json(NpsConfig {
        interval_days: site.surveys.nps_interval_days,
    }))
}

/// `POST /api/v1/sites/{site}/nps`
pub async fn nps(
    State(state): State<AppState>,
    Path(site_id): Path<String>,
    req: Request,
) -> Result<StatusCode, ApiError> {
    limit_writes(&state, req.headers(), req.extensions())?;
    let token = bearer(req.headers())?;
    let AppJson(body) = AppJson::<NpsAnswer>::from_request(req, &state).await?;
    let site = surveys_site(&state, &site_id).await?;
    let days = site.surveys.nps_interval_days;
    if body.score > 10 {
        return Err(field_error(
            "invalid_score",
            "score",
            "the score is a whole number from 0 to 10",
        ));
    }
    if !site.locales.contains(&body.locale) {
        return Err(field_error(
            "invalid_locale",
            "locale",
            format!("`{}` is not one of the site's languages", body.locale),
        ));
    }
    let comment = body
        .comment
        .as_deref()
        .map(tickets::clean_text)
        .filter(|c| !c.is_empty());
    if comment
        .as_ref()
        .is_some_and(|c| c.chars().count() > MAX_COMMENT)
    {
        return Err(field_error(
            "text_too_long",
            "comment",
            format!("at most {MAX_COMMENT} characters"),
        ));
    }
    let page = tickets::check_page(body.page.as_deref())?;
    let visitor = tickets::visitor_hash(&site_id, &token);
    // An answer is a submission like a request or a chat: it waits for the site's terms.
    super::terms::require_accepted(&state, &site_id, &visitor, None).await?;
    let now = now_ms();
    let stored = state
        .store
        .record_nps(
            &site_id,
            &visitor,
            &NpsAnswer {
                score: body.score,
                comment,
                locale: body.locale,
                page,
            },
            now,
            now - i64::from(days) * 86_400_000,
        )
        .await?;
    if !stored {
        return Err(ApiError::Conflict {
            code: "nps_answered",
            message: format!("this visitor already answered in the last {days} days"),
        });
    }
    Ok(StatusCode::CREATED)
}
