//! `app(state) -> Router`: every route and guard in one place, so tests can drive the whole
//! server without a socket and `serve.rs` only adds the listener.

use crate::routes::{
    self, auth, chat, chat_agent, chat_agent_socket, chat_files, chat_socket, chat_team, console,
    demo, faq, health, hosted, invites, qr, sessions, settings, static_files, surveys, terms,
    ticket_queue, tickets, two_step, widget_config,
};
use crate::state::AppState;
use crate::web::{cors, csrf, headers, limits};
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::response::Redirect;
use axum::routing::{delete, get, post, put};
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

/// A chat image's request body at most (the image and nothing else).
const UPLOAD_LIMIT: usize = kefu_api::MAX_CHAT_IMAGE_BYTES + 1024;

pub fn app(state: AppState) -> Router {
    // Endpoints a host page's widget calls: CORS per site.
    let sites = Router::new()
        .route(
            "/api/v1/sites/{site}/widget-config",
            get(widget_config::get),
        )
        .route(
            "/api/v1/sites/{site}/channels/{channel}/qr.svg",
            get(qr::get),
        )
        .route("/api/v1/sites/{site}/faq", get(faq::payload))
        .route("/api/v1/sites/{site}/faq/misses", post(faq::miss))
        .route("/api/v1/sites/{site}/faq/{article}/view", post(faq::view))
        .route("/api/v1/sites/{site}/faq/{article}/vote", post(faq::vote))
        .route("/api/v1/sites/{site}/feedback", get(tickets::config))
        .route(
            "/api/v1/sites/{site}/nps",
            get(surveys::config).post(surveys::nps),
        )
        .route(
            "/api/v1/sites/{site}/tickets",
            get(tickets::list)
                .post(tickets::create)
                .layer(DefaultBodyLimit::max(limits::TICKET_MAX_BODY_BYTES)),
        )
        .route(
            "/api/v1/sites/{site}/tickets/recover",
            post(tickets::recover),
        )
        .route(
            "/api/v1/sites/{site}/tickets/recover/confirm",
            post(tickets::recover_confirm),
        )
        .route(
            "/api/v1/sites/{site}/tickets/{reference}",
            get(tickets::get_one),
        )
        .route(
            "/api/v1/sites/{site}/tickets/{reference}/seen",
            post(tickets::seen),
        )
        .route(
            "/api/v1/sites/{site}/tickets/{reference}/replies",
            post(tickets::reply),
        )
        .route(
            "/api/v1/sites/{site}/tickets/{reference}/rating",
            post(tickets::rate),
        )
        .route(
            "/api/v1/sites/{site}/chat",
            get(chat::state_rest).post(chat::start_rest),
        )
        .route("/api/v1/sites/{site}/chat/messages", post(chat::send_rest))
        .route(
            "/api/v1/sites/{site}/chat/files",
            post(chat_files::visitor_upload).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/api/v1/sites/{site}/chat/read", post(chat::read_rest))
        .route("/api/v1/sites/{site}/chat/typing", post(chat::typing_rest))
        .route("/api/v1/sites/{site}/chat/rating", post(chat::rate_rest))
        .route(
            "/api/v1/sites/{site}/chat/transcript",
            post(chat::transcript_rest),
        )
        .route("/api/v1/sites/{site}/chat/socket", get(chat_socket::socket))
        .route("/api/v1/sites/{site}/terms", get(terms::current))
        .route(
            "/api/v1/sites/{site}/terms/acceptances",
            post(terms::accept),
        )
        .method_not_allowed_fallback(routes::method_not_allowed)
        .layer(from_fn_with_state(state.clone(), cors::per_site));

    // The console's own endpoints: same origin only, state changes need our Origin.
    let console = Router::new()
        .route("/api/v1/auth/login", post(auth::login))
        .route("/api/v1/auth/logout", post(auth::logout))
        .route("/api/v1/auth/me", get(auth::me))
        .route("/api/v1/auth/alerts", get(auth::alerts))
        .route("/api/v1/auth/password", post(auth::change_password))
        .route("/api/v1/auth/two-step", post(two_step::verify))
        .route("/api/v1/auth/two-step/setup", post(two_step::setup))
        .route("/api/v1/auth/two-step/confirm", post(two_step::confirm))
        .route("/api/v1/auth/sessions", get(sessions::list))
        .route(
            "/api/v1/auth/sessions/revoke-others",
            post(sessions::revoke_others),
        )
        .route("/api/v1/auth/sessions/{id}", delete(sessions::revoke))
        .route(
            "/api/v1/console/sites/{site}/settings",
            get(settings::get).put(settings::put),
        )
        .route(
            "/api/v1/console/sites/{site}/settings/preview",
            post(settings::preview),
        )
        .route(
            "/api/v1/console/sites/{site}/faq",
            get(faq::get_all)
                .put(faq::put_all)
                .layer(DefaultBodyLimit::max(limits::FAQ_MAX_BODY_BYTES)),
        )
        .route("/api/v1/console/sites/{site}/faq/report", get(faq::report))
        .route(
            "/api/v1/console/sites/{site}/terms",
            get(terms::history)
                .post(terms::publish)
                .layer(DefaultBodyLimit::max(limits::TERMS_MAX_BODY_BYTES)),
        )
        .route(
            "/api/v1/console/sites/{site}/terms/{version}",
            get(terms::version),
        )
        .route(
            "/api/v1/console/sites/{site}/tickets",
            get(ticket_queue::queue),
        )
        .route(
            "/api/v1/console/sites/{site}/tickets/report",
            get(ticket_queue::report),
        )
        .route(
            "/api/v1/console/sites/{site}/tickets/{reference}",
            get(ticket_queue::get_one).patch(ticket_queue::update),
        )
        .route(
            "/api/v1/console/sites/{site}/tickets/{reference}/replies",
            post(ticket_queue::reply),
        )
        .route(
            "/api/v1/console/sites/{site}/tickets/{reference}/attachment",
            get(ticket_queue::attachment),
        )
        .route("/api/v1/console/me/profile", put(auth::set_profile))
        .route(
            "/api/v1/console/me/avatar",
            put(chat_files::put_avatar)
                .delete(chat_files::delete_avatar)
                .layer(DefaultBodyLimit::max(kefu_api::MAX_AVATAR_BYTES + 1024)),
        )
        .route(
            "/api/v1/console/sites/{site}/agents",
            get(chat_team::agents),
        )
        .route(
            "/api/v1/console/sites/{site}/canned",
            get(chat_team::canned_list).post(chat_team::canned_create),
        )
        .route(
            "/api/v1/console/sites/{site}/canned/{id}",
            put(chat_team::canned_update).delete(chat_team::canned_delete),
        )
        .route(
            "/api/v1/console/sites/{site}/chats/{id}/history",
            get(chat_team::history),
        )
        .route(
            "/api/v1/console/sites/{site}/chats/{id}/files",
            post(chat_files::agent_upload).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route(
            "/api/v1/console/chat/socket",
            get(chat_agent_socket::socket),
        )
        .route("/api/v1/console/sites/{site}/chats", get(chat_agent::inbox))
        .route(
            "/api/v1/console/sites/{site}/chats/report",
            get(chat_agent::report),
        )
        .route(
            "/api/v1/console/sites/{site}/chats/{id}",
            get(chat_agent::get_one).patch(chat_agent::update),
        )
        .route(
            "/api/v1/console/sites/{site}/chats/{id}/messages",
            post(chat_agent::send_rest),
        )
        .route("/api/v1/console/audit", get(settings::audit_log))
        .route(
            "/api/v1/console/sites/{site}/invites",
            post(invites::create),
        )
        .route("/api/v1/auth/invites/accept", post(invites::accept))
        .method_not_allowed_fallback(routes::method_not_allowed)
        .layer(from_fn_with_state(state.clone(), csrf::same_origin));

    let api = Router::new()
        .route("/api/v1/health", get(health::live))
        .route("/api/v1/ready", get(health::ready))
        .route("/api/v1/chat/files/{id}", get(chat_files::get_file))
        .route("/api/v1/avatars/{id}", get(chat_files::get_avatar))
        .merge(sites)
        .merge(console)
        .fallback(routes::api_not_found)
        .method_not_allowed_fallback(routes::method_not_allowed);

    let max_body = state.settings.max_body_bytes;
    Router::new()
        .route("/", get(|| async { Redirect::to("/demo") }))
        .route("/healthz", get(health::live))
        .route("/kefu.js", get(static_files::loader))
        .route("/widget/{file}", get(static_files::widget_file))
        .route("/demo", get(demo::page))
        .route("/w/{site}", get(hosted::page))
        .route("/w/hosted.css", get(hosted::css))
        .route("/w/bridge.js", get(hosted::bridge))
        .route("/w/fallback.js", get(hosted::fallback))
        .route(
            "/console",
            get(|| async { Redirect::permanent("/console/") }),
        )
        .route("/console/", get(console::serve))
        .route("/console/preview", get(console::preview_page))
        .route("/console/preview.js", get(console::preview_script))
        .route("/console/preview.css", get(console::preview_css))
        .route("/console/{*file}", get(console::serve))
        .route("/demo.css", get(demo::css))
        .route("/demo.js", get(demo::script))
        .merge(api)
        .fallback(routes::api_not_found)
        .method_not_allowed_fallback(routes::method_not_allowed)
        .layer(CompressionLayer::new())
        .layer(DefaultBodyLimit::max(max_body))
        .layer(from_fn_with_state(state.clone(), headers::security))
        .layer(from_fn_with_state(state.clone(), limits::guard))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
