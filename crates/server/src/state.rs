//! The shared application state handed to every handler.

use crate::assets::Assets;
use crate::store::Store;
use crate::web::limits::IpLimiter;
use std::sync::Arc;

/// Cheap to clone: one `Arc` around everything.
#[derive(Clone)]
pub struct AppState(pub Arc<App>);

impl std::ops::Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.0
    }
}

pub struct App {
    /// Where sites (and later tickets, chats, accounts) live.
    pub store: Arc<dyn Store>,
    /// The loader and the built widget files, resolved once at start-up.
    pub assets: Assets,
    pub settings: Settings,
    /// Per-client-IP request budget for every public endpoint (R7, R23).
    pub limiter: IpLimiter,
    /// argon2id hashing on blocking threads, a few at a time.
    pub hasher: crate::accounts::Hasher,
    /// A stricter per-IP budget for the widget's FAQ writes (views, votes, missed searches).
    pub faq_writes: IpLimiter,
    /// Built FAQ payloads by site and locale.
    pub faq_cache: crate::routes::faq::FaqCache,
    /// Per-IP and per-visitor budgets for new tickets.
    pub ticket_ips: IpLimiter,
    pub ticket_visitors: crate::web::limits::Limiter<String>,
    /// Idempotency keys whose first request is being handled.
    pub in_flight: crate::web::idempotency::InFlight,
    /// The key ticket secrets are derived from (made once, kept in the database).
    pub ticket_key: Vec<u8>,
    /// Live chat: the fan-out hub, the group-commit writer and the chat's budgets.
    pub chat: ChatState,
    /// Alert e-mails, when SMTP is configured.
    pub mailer: Option<Arc<crate::mail::Mailer>>,
}

/// Live chat's shared parts (issue 6).
pub struct ChatState {
    pub hub: crate::chat::hub::Hub,
    pub writer: crate::chat::writer::Writer,
    /// Messages per visitor and per client IP.
    pub messages: crate::web::limits::Limiter<String>,
    pub ip_messages: IpLimiter,
    /// New conversations per visitor and per client IP.
    pub starts: crate::web::limits::Limiter<String>,
    pub ip_starts: IpLimiter,
    /// Starting a conversation is one at a time per visitor (striped by visitor), so a burst
    /// of "start chat" calls finds one conversation and counts once against the budgets.
    pub start_locks: Vec<tokio::sync::Mutex<()>>,
    /// Images sent per visitor (each also counts as a message).
    pub files: crate::web::limits::Limiter<String>,
}

impl ChatState {
    pub fn start_lock(&self, visitor: &str) -> &tokio::sync::Mutex<()> {
        let n = visitor.bytes().fold(0usize, |h, b| {
            h.wrapping_mul(31).wrapping_add(usize::from(b))
        });
        &self.start_locks[n % self.start_locks.len()]
    }
}

/// Run-time settings that handlers read; filled from `kefu serve` flags.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Origin visitors' browsers reach this server at, e.g. `https://localhost:8443`; written
    /// into the demo page's snippet.
    pub public_url: String,
    /// Served over TLS by this process (adds HSTS). False only with `--insecure-http`.
    pub tls: bool,
    /// Take the client address from the last `X-Forwarded-For` hop (behind a proxy only).
    pub trust_forwarded_for: bool,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// The built console's folder (`index.html` and hashed files).
    pub console_dir: std::path::PathBuf,
    /// A session unused this long (ms) is over.
    pub session_idle_ms: i64,
    /// A session this old (ms) is over, however active.
    pub session_max_ms: i64,
}
