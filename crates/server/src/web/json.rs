//! `AppJson<T>`: a JSON body parsed into `T`, with every failure turned into our errors: a
//! body that is not JSON is `invalid_body`, and one whose shape is wrong (a missing or unknown
//! field, a wrong type) is `invalid_body` with the path of the field (`theme.z_index`), so a
//! form can show the message next to it.

use crate::error::ApiError;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use serde::de::DeserializeOwned;

pub struct AppJson<T>(pub T);

fn is_json(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .is_some_and(|m| {
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        })
}

impl<T: DeserializeOwned> FromRequest<AppState> for AppJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        if !is_json(&req) {
            return Err(ApiError::bad_request(
                "invalid_body",
                "send the body as JSON with Content-Type: application/json",
            ));
        }
        let bytes =
            Bytes::from_request(req, state)
                .await
                .map_err(|_| ApiError::PayloadTooLarge {
                    limit: state.settings.max_body_bytes,
                })?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut de);
        let value = match value {
            Ok(v) => de.end().map(|()| v).map_err(|e| (".".to_owned(), e)),
            Err(e) => Err((e.path().to_string(), e.into_inner())),
        };
        match value {
            Ok(v) => Ok(AppJson(v)),
            Err((path, inner)) if inner.is_data() && path != "." => Err(ApiError::InvalidBody {
                field: Some(path),
                message: inner.to_string(),
            }),
            Err((_, inner)) => Err(ApiError::InvalidBody {
                field: None,
                message: format!("the body is not what this endpoint takes: {inner}"),
            }),
        }
    }
}
