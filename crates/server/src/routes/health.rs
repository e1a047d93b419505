//! Liveness and readiness for load balancers and monitors (R9).

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

/// The process answers.
pub async fn live() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// The process answers and its database does too.
pub async fn ready(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    state.store.ping().await?;
    Ok(Json(
        json!({ "status": "ready", "widget_built": state.assets.manifest.is_some() }),
    ))
}
