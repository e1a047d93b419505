//! Cross-cutting HTTP guards: per-site CORS, request limits and rate limits, security headers,
//! and the JSON query extractor whose rejection is our own error.

pub mod cors;
pub mod csrf;
pub mod headers;
pub mod idempotency;
pub mod json;
pub mod limits;
pub mod query;
