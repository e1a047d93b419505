//! The one error type of the HTTP layer.
//!
//! Handlers return `Result<_, ApiError>`. Every variant maps to a status and a stable machine
//! `code`; the JSON body is `{"error":{"code","message"}}`. Internal errors are logged here, in
//! one place, and the client only ever sees `internal` — never database or file-system text.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use kefu_api::{ErrorBody, ErrorDetail};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("no site is called `{0}`")]
    SiteNotFound(String),
    #[error("{0}")]
    NotFound(String),
    /// Malformed input: `code` says which kind, the message says what to fix.
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    #[error("sign in first")]
    Unauthorized,
    /// A visitor's request without a usable token (`Authorization: Bearer …`).
    #[error("{message}")]
    VisitorToken { code: &'static str, message: String },
    #[error("the e-mail address or the password is wrong")]
    InvalidCredentials,
    #[error("{message}")]
    Forbidden { code: &'static str, message: String },
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// Well-formed but not acceptable, e.g. a settings document that fails validation.
    #[error("{message}")]
    Unprocessable { code: &'static str, message: String },
    /// A request body that is not JSON of the expected shape; `field` names the place.
    #[error("{message}")]
    InvalidBody {
        field: Option<String>,
        message: String,
    },
    /// Like `Unprocessable`, about one field of the body: `field` is its path.
    #[error("{message}")]
    InvalidField {
        code: &'static str,
        field: String,
        message: String,
    },
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("the request target is longer than {limit} bytes")]
    UriTooLong { limit: usize },
    #[error("too many requests; try again in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error("this method is not allowed here")]
    MethodNotAllowed,
    /// A feature this server cannot offer as configured (e.g. e-mail without SMTP).
    #[error("{message}")]
    Unavailable { code: &'static str, message: String },
    #[error("the widget has not been built; run `cargo xtask run`")]
    WidgetNotBuilt,
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::BadRequest {
            code,
            message: message.into(),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::SiteNotFound(_) | ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::BadRequest { .. } | ApiError::InvalidBody { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized
            | ApiError::InvalidCredentials
            | ApiError::VisitorToken { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::Unprocessable { .. } | ApiError::InvalidField { .. } => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UriTooLong { .. } => StatusCode::URI_TOO_LONG,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::WidgetNotBuilt | ApiError::Unavailable { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::SiteNotFound(_) => "site_not_found",
            ApiError::NotFound(_) => "not_found",
            ApiError::BadRequest { code, .. } => code,
            ApiError::InvalidBody { .. } => "invalid_body",
            ApiError::Unauthorized => "unauthorized",
            ApiError::InvalidCredentials => "invalid_credentials",
            ApiError::Forbidden { code, .. }
            | ApiError::Unavailable { code, .. }
            | ApiError::VisitorToken { code, .. }
            | ApiError::Conflict { code, .. }
            | ApiError::Unprocessable { code, .. }
            | ApiError::InvalidField { code, .. } => code,
            ApiError::PayloadTooLarge { .. } => "payload_too_large",
            ApiError::UriTooLong { .. } => "uri_too_long",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::WidgetNotBuilt => "widget_not_built",
            ApiError::Internal(_) => "internal",
        }
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        ApiError::Internal(e)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError::Internal(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(e) = &self {
            tracing::error!(error = ?e, "internal error");
        }
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code().to_owned(),
                message: self.to_string(),
                field: match &self {
                    ApiError::InvalidField { field, .. } => Some(field.clone()),
                    ApiError::InvalidBody { field, .. } => field.clone(),
                    _ => None,
                },
            },
        };
        let mut res = (self.status(), axum::Json(body)).into_response();
        if let ApiError::RateLimited { retry_after_secs } = self {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        res
    }
}
