//! `AppJson<T>`: axum's `Json`, with its rejections turned into our `invalid_body` error so a
//! bad body reads like every other error (and unknown fields, refused by the types, say which).

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

pub struct AppJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for AppJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(AppJson(v)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(ApiError::bad_request(
                "invalid_body",
                "send the body as JSON with Content-Type: application/json",
            )),
            Err(JsonRejection::BytesRejection(_)) => Err(ApiError::PayloadTooLarge {
                limit: state.settings.max_body_bytes,
            }),
            Err(e) => Err(ApiError::bad_request("invalid_body", e.body_text())),
        }
    }
}
