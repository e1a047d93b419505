//! Idempotent requests (`Idempotency-Key`): a retried request gets the answer the first one
//! got; the same key with a different request is refused (422); a key whose first request is
//! still being handled gets 409, and the client retries later.
//!
//! The answer is stored in the same transaction as what the request created (see the store), so
//! "created" and "remembered as created" cannot part, whatever crashes. Requests in flight are
//! known to this process only, which is enough for one server on SQLite.

use crate::error::ApiError;
use crate::state::AppState;
use crate::store::StoredResponse;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

pub const HEADER: &str = "idempotency-key";

/// The request's key: required, 8 to 100 characters of `A-Z a-z 0-9 - _ . :`.
pub fn key_of(headers: &HeaderMap) -> Result<String, ApiError> {
    let Some(v) = headers.get(HEADER) else {
        return Err(ApiError::bad_request(
            "idempotency_key_required",
            "send an Idempotency-Key header (a random id made once per submission) so a retry cannot create it twice",
        ));
    };
    match v.to_str() {
        Ok(k) if crate::tickets::valid_idempotency_key(k) => Ok(k.to_owned()),
        _ => Err(ApiError::bad_request(
            "invalid_idempotency_key",
            "the Idempotency-Key must be 8 to 100 letters, digits, '-', '_', '.' or ':'",
        )),
    }
}

/// Keys whose first request is being handled now.
#[derive(Clone, Default)]
pub struct InFlight(Arc<Mutex<HashSet<String>>>);

/// Holds a key in flight until dropped.
pub struct Held {
    set: InFlight,
    key: String,
}

impl InFlight {
    /// Takes `key`, or says the request is still in flight (409).
    pub fn hold(&self, key: String) -> Result<Held, ApiError> {
        let mut set = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if !set.insert(key.clone()) {
            return Err(ApiError::Conflict {
                code: "request_in_progress",
                message:
                    "a request with this Idempotency-Key is still being handled; retry in a moment"
                        .into(),
            });
        }
        Ok(Held {
            set: self.clone(),
            key,
        })
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let mut set = self.set.0.lock().unwrap_or_else(|e| e.into_inner());
        set.remove(&self.key);
    }
}

/// The kept answer again, if it answered this very request; 422 if the key was used for another.
pub fn replay(stored: StoredResponse, request_hash: &str) -> Result<Response, ApiError> {
    if stored.request_hash != request_hash {
        return Err(ApiError::Unprocessable {
            code: "idempotency_key_reused",
            message: "this Idempotency-Key was used for a different request; make a new key for a new submission".into(),
        });
    }
    Ok(json_response(stored.status, stored.body, true))
}

/// A JSON answer with a status; `replayed` marks a repeated answer.
pub fn json_response(status: u16, body: String, replayed: bool) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let mut res = (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if replayed {
        res.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    res
}

/// How an idempotent request starts.
pub enum Start {
    /// First time: handle it; the key is held until this is dropped.
    Fresh(Held),
    /// Answered before: this is the answer again.
    Answered(Response),
}

/// Holds the key of a visitor's request while it is handled, or answers it as before.
pub async fn start(
    state: &AppState,
    site: &str,
    visitor: &str,
    key: &str,
    request_hash: &str,
) -> Result<Start, ApiError> {
    let held = state.in_flight.hold(format!("{site}\n{visitor}\n{key}"))?;
    match state.store.idempotent_response(site, visitor, key).await? {
        Some(earlier) => Ok(Start::Answered(replay(earlier, request_hash)?)),
        None => Ok(Start::Fresh(held)),
    }
}
