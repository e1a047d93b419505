//! Starting the server on a bound listener (HTTPS or, when asked, plain HTTP) with graceful
//! shutdown. Tests bind port 0 first and then call [`spawn`], so they never wait for a port.

use crate::assets::Assets;
use crate::state::{App, AppState, Settings};
use crate::store::{SqliteStore, Store};
use crate::tls::CertPair;
use crate::web::limits::{IpLimiter, Limiter};
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Everything `kefu serve` needs, already parsed.
pub struct ServeOptions {
    pub data_dir: PathBuf,
    pub assets_dir: PathBuf,
    /// The built console (Trunk output of crates/console), served under /console/.
    pub console_dir: PathBuf,
    /// `None`: plain HTTP (only behind a TLS-terminating proxy).
    pub tls: Option<CertPair>,
    pub public_url: String,
    pub seed_demo: bool,
    pub rate_limit_per_minute: u32,
    pub max_body_bytes: usize,
    pub trust_forwarded_for: bool,
    /// Session idle and absolute timeouts.
    pub session_idle_minutes: u32,
    pub session_max_hours: u32,
    /// Where alert e-mails go out; `None`: no e-mail.
    pub smtp: Option<crate::mail::SmtpSettings>,
    /// New tickets per client IP and hour (a third of it at once).
    pub tickets_per_hour: u32,
    /// Chat messages per visitor and minute (five times as many per client IP).
    pub chat_messages_per_minute: u32,
    /// New chat conversations per client IP and hour (a quarter of it at once).
    pub chat_starts_per_hour: u32,
}

impl ServeOptions {
    /// `kefu serve`'s defaults for a data directory and public origin (plain HTTP until `tls`
    /// is set); tests and benchmarks change what they need.
    pub fn new(data_dir: PathBuf, public_url: String) -> ServeOptions {
        ServeOptions {
            data_dir,
            assets_dir: PathBuf::from("dist"),
            console_dir: PathBuf::from("dist-console"),
            tls: None,
            public_url,
            seed_demo: true,
            rate_limit_per_minute: 600,
            max_body_bytes: 64 * 1024,
            trust_forwarded_for: false,
            session_idle_minutes: 30,
            session_max_hours: 12,
            smtp: None,
            tickets_per_hour: 30,
            chat_messages_per_minute: 60,
            chat_starts_per_hour: 120,
        }
    }
}

/// A server for tests and benchmarks: HTTPS on 127.0.0.1 at a free port, with a certificate
/// for localhost generated into `data_dir`; `edit` adjusts the options first. Returns the
/// state (for direct store access), the running server and its base URL.
pub async fn start_local(
    data_dir: &std::path::Path,
    edit: impl FnOnce(&mut ServeOptions),
) -> anyhow::Result<(AppState, Running, String)> {
    install_crypto();
    let tls = crate::tls::load_or_generate(None, None, data_dir)?;
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let base = format!("https://localhost:{}", listener.local_addr()?.port());
    let mut opts = ServeOptions::new(data_dir.to_path_buf(), base.clone());
    opts.tls = Some(tls);
    opts.assets_dir = data_dir.join("no-dist");
    opts.console_dir = data_dir.join("no-console");
    edit(&mut opts);
    let state = build_state(&opts).await?;
    let running = spawn(state.clone(), listener, opts.tls.as_ref()).await?;
    Ok((state, running, base))
}

/// A running server: its address, and a handle to stop it.
pub struct Running {
    pub addr: SocketAddr,
    pub handle: axum_server::Handle,
    pub task: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// Installs the ring crypto provider for rustls once per process.
pub fn install_crypto() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Opens the store, seeds the demo site when asked, and builds the state.
pub async fn build_state(opts: &ServeOptions) -> anyhow::Result<AppState> {
    let store = SqliteStore::open(&opts.data_dir).await?;
    if opts.seed_demo && store.site("demo").await?.is_none() {
        let own = crate::site::file::normalize_origin(&opts.public_url).ok();
        let site = crate::site::demo_site(&own.into_iter().collect::<Vec<_>>());
        store.put_site(&site).await?;
        store
            .replace_faq(&site.id, &crate::site::demo_faq(&site))
            .await?;
        tracing::info!("seeded the demo site `demo` and its FAQ");
    }
    let limiter = IpLimiter::new(opts.rate_limit_per_minute);
    let idle = limiter.clone();
    let faq_writes = IpLimiter::new(opts.rate_limit_per_minute.min(60));
    let idle_writes = faq_writes.clone();
    let ticket_ips = IpLimiter::per_hour(opts.tickets_per_hour, (opts.tickets_per_hour / 3).max(5));
    // One visitor: a few at once, at most 20 an hour.
    let ticket_visitors = Limiter::per_hour(opts.tickets_per_hour.min(20), 5);
    let (idle_ips, idle_visitors) = (ticket_ips.clone(), ticket_visitors.clone());
    let chat_messages = Limiter::new(opts.chat_messages_per_minute);
    let chat_ip_messages = IpLimiter::new(opts.chat_messages_per_minute.saturating_mul(5));
    // New conversations: a visitor a few an hour, an address (an office behind NAT) more.
    let chat_starts = Limiter::per_hour(10, 3);
    let chat_ip_starts = IpLimiter::per_hour(
        opts.chat_starts_per_hour,
        (opts.chat_starts_per_hour / 4).max(5),
    );
    let idle_chat = (
        chat_messages.clone(),
        chat_ip_messages.clone(),
        chat_starts.clone(),
        chat_ip_starts.clone(),
    );
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            idle.forget_idle();
            idle_writes.forget_idle();
            idle_ips.forget_idle();
            idle_visitors.forget_idle();
            idle_chat.0.forget_idle();
            idle_chat.1.forget_idle();
            idle_chat.2.forget_idle();
            idle_chat.3.forget_idle();
        }
    });
    let ticket_key = {
        use argon2::password_hash::rand_core::{OsRng, RngCore as _};
        let mut fresh = [0u8; 32];
        OsRng.fill_bytes(&mut fresh);
        store.server_key("ticket-secret", &fresh).await?
    };
    let store: Arc<dyn crate::store::Store> = Arc::new(store);
    let hub = crate::chat::hub::Hub::default();
    let chat = crate::state::ChatState {
        writer: crate::chat::writer::Writer::new(store.clone(), hub.clone()),
        hub,
        messages: chat_messages,
        ip_messages: chat_ip_messages,
        starts: chat_starts,
        ip_starts: chat_ip_starts,
        start_locks: (0..64).map(|_| tokio::sync::Mutex::new(())).collect(),
        files: Limiter::per_hour(30, 5),
    };
    Ok(AppState(Arc::new(App {
        store,
        chat,
        assets: Assets::load(&opts.assets_dir),
        settings: Settings {
            public_url: opts.public_url.clone(),
            tls: opts.tls.is_some(),
            trust_forwarded_for: opts.trust_forwarded_for,
            max_body_bytes: opts.max_body_bytes,
            console_dir: opts.console_dir.clone(),
            session_idle_ms: i64::from(opts.session_idle_minutes.max(1)) * 60_000,
            session_max_ms: i64::from(opts.session_max_hours.max(1)) * 3_600_000,
        },
        limiter,
        faq_writes,
        faq_cache: Default::default(),
        ticket_ips,
        ticket_visitors,
        in_flight: Default::default(),
        ticket_key,
        hasher: crate::accounts::Hasher::new(2),
        mailer: opts
            .smtp
            .as_ref()
            .map(crate::mail::Mailer::new)
            .transpose()?,
    })))
}

/// Serves `state` on `listener` in a background task.
pub async fn spawn(
    state: AppState,
    listener: TcpListener,
    tls: Option<&CertPair>,
) -> anyhow::Result<Running> {
    use axum_server::accept::NoDelayAcceptor;
    install_crypto();
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let handle = axum_server::Handle::new();
    let make = crate::app(state).into_make_service_with_connect_info::<SocketAddr>();
    let task = match tls {
        Some(pair) => {
            let config = axum_server::tls_rustls::RustlsConfig::from_pem(
                pair.cert_pem.clone(),
                pair.key_pem.clone(),
            )
            .await?;
            // Frames (a chat message, an ack) leave at once: no Nagle delay behind an
            // unacknowledged segment (TCP_NODELAY), as browsers do on their side.
            let tls =
                axum_server::tls_rustls::RustlsAcceptor::new(config).acceptor(NoDelayAcceptor);
            let server = axum_server::from_tcp(listener)
                .acceptor(tls)
                .handle(handle.clone());
            tokio::spawn(async move { server.serve(make).await })
        }
        None => {
            let server = axum_server::from_tcp(listener)
                .acceptor(NoDelayAcceptor)
                .handle(handle.clone());
            tokio::spawn(async move { server.serve(make).await })
        }
    };
    Ok(Running { addr, handle, task })
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM. The handlers are registered when this is called,
/// not when it is first polled, so a signal that arrives right after start-up is not lost.
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let term = signal(SignalKind::terminate()).ok();
        let int = signal(SignalKind::interrupt()).ok();
        async move {
            let wait = |s: Option<tokio::signal::unix::Signal>| async move {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! { _ = wait(term) => {}, _ = wait(int) => {} }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
