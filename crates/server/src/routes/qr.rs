//! `GET /api/v1/sites/{site}/channels/{channel}/qr.svg`: the channel's QR code, drawn on the
//! server so the widget carries no QR encoder.

use super::cached_response;
use crate::error::ApiError;
use crate::site::file::is_valid_id;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use qrcode::render::svg;
use qrcode::QrCode;

pub async fn get(
    State(state): State<AppState>,
    Path((site_id, channel)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if !is_valid_id(&site_id) {
        return Err(ApiError::SiteNotFound(site_id));
    }
    let stored = state
        .store
        .site(&site_id)
        .await?
        .ok_or(ApiError::SiteNotFound(site_id))?;
    let text = stored
        .site
        .channels
        .iter()
        .find(|c| c.id == channel)
        .and_then(|c| c.qr.clone())
        .ok_or_else(|| ApiError::NotFound(format!("channel `{channel}` has no QR code")))?;
    let code = QrCode::new(text.as_bytes()).map_err(|e| ApiError::Internal(e.into()))?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    let mut res = cached_response(
        &headers,
        image.into_bytes(),
        "image/svg+xml",
        "public, max-age=3600",
    );
    // An SVG opened directly must not run anything.
    res.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
    );
    res.headers_mut().insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("cross-origin"),
    );
    Ok(res)
}
