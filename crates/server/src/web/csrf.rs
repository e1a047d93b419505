//! CSRF for the console's own endpoints: a state-changing request must carry an `Origin` equal
//! to this server's public origin. A foreign or missing `Origin` is refused with 403, before the
//! handler runs. (Cookies are also `SameSite=Strict`; this is the second, independent lock.)

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn same_origin(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        let origin = req
            .headers()
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok());
        let own = state.settings.public_url.trim_end_matches('/');
        if origin != Some(own) {
            return ApiError::Forbidden {
                code: "forbidden_origin",
                message: "this request must come from the Kefu console's own pages".into(),
            }
            .into_response();
        }
    }
    next.run(req).await
}
