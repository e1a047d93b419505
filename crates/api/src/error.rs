//! The error body every failing endpoint returns.

use serde::{Deserialize, Serialize};

/// `{"error":{"code":"site_not_found","message":"…"}}`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// `code` is stable and machine-readable; `message` is for a person (English); `field`, when
/// the error is about one field of the request body, is its path (e.g. `channels[2].href`), so
/// a form can show the message next to that field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}
