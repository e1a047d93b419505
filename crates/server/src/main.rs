//! `kefu`: parses the command line and runs the chosen command.

use anyhow::Context as _;
use clap::Parser as _;
use kefu_server::cli::{AdminCommand, Cli, Command, FaqCommand, LogFormat, ServeArgs, SiteCommand};
use kefu_server::serve::{self, ServeOptions};
use kefu_server::site::SiteFile;
use kefu_server::store::{SqliteStore, Store as _};
use std::io::IsTerminal as _;
use std::process::ExitCode;

fn init_logs(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("KEFU_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logs(cli.log_format);
    let result = match cli.command {
        Command::Serve(args) => run_serve(&cli.data_dir, args).await,
        Command::Site(cmd) => run_site(&cli.data_dir, cmd).await,
        Command::Admin(cmd) => run_admin(&cli.data_dir, cmd).await,
        Command::Faq(cmd) => run_faq(&cli.data_dir, cmd).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run_serve(data_dir: &std::path::Path, args: ServeArgs) -> anyhow::Result<()> {
    serve::install_crypto();
    let smtp = args.smtp();
    let tls = if args.insecure_http {
        None
    } else {
        Some(kefu_server::tls::load_or_generate(
            args.tls_cert.as_deref(),
            args.tls_key.as_deref(),
            data_dir,
        )?)
    };
    let listener = std::net::TcpListener::bind(args.addr)
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let port = listener.local_addr()?.port();
    let scheme = if tls.is_some() { "https" } else { "http" };
    let public_url = args
        .public_url
        .unwrap_or_else(|| format!("{scheme}://localhost:{port}"));
    let opts = ServeOptions {
        data_dir: data_dir.to_path_buf(),
        assets_dir: args.assets_dir,
        console_dir: args.console_dir,
        tls,
        public_url: public_url.clone(),
        seed_demo: !args.no_seed,
        rate_limit_per_minute: args.rate_limit_per_minute,
        max_body_bytes: args.max_body_bytes,
        trust_forwarded_for: args.trust_forwarded_for,
        session_idle_minutes: args.session_idle_minutes,
        session_max_hours: args.session_max_hours,
        smtp,
        tickets_per_hour: args.tickets_per_hour,
        chat_messages_per_minute: args.chat_messages_per_minute,
        chat_starts_per_hour: args.chat_starts_per_hour,
    };
    let state = serve::build_state(&opts).await?;
    let running = serve::spawn(state, listener, opts.tls.as_ref()).await?;
    let shutdown = serve::shutdown_signal();
    tracing::info!(addr = %running.addr, %public_url, "kefu is listening");
    // One plain line on stdout for scripts and the test harness to wait on.
    println!("listening on {public_url} (port {port})");
    let mut task = running.task;
    tokio::select! {
        _ = shutdown => {
            tracing::info!("shutting down");
            running.handle.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
            let _ = (&mut task).await;
        }
        res = &mut task => { res??; }
    }
    Ok(())
}

async fn run_site(data_dir: &std::path::Path, cmd: SiteCommand) -> anyhow::Result<()> {
    let store = SqliteStore::open(data_dir).await?;
    match cmd {
        SiteCommand::Import { file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let site = SiteFile::from_toml(&text)
                .map_err(|e| anyhow::anyhow!("{}: invalid site file: {e}", file.display()))?;
            let created = store.put_site(&site).await?;
            println!(
                "{} site `{}`",
                if created { "created" } else { "updated" },
                site.id
            );
        }
        SiteCommand::Export { site } => {
            let stored = store
                .site(&site)
                .await?
                .with_context(|| format!("no site is called `{site}`"))?;
            print!("{}", stored.site.to_toml());
        }
        SiteCommand::List => {
            for id in store.site_ids().await? {
                println!("{id}");
            }
        }
        SiteCommand::Secret { site, rotate } => {
            use kefu_server::store::ChatStore as _;
            store
                .site(&site)
                .await?
                .with_context(|| format!("no site is called `{site}`"))?;
            let name = kefu_server::chat::identity::secret_name(&site);
            let fresh = kefu_server::chat::fresh_secret();
            let secret = if rotate {
                store.replace_server_key(&name, fresh.as_bytes()).await?;
                fresh.into_bytes()
            } else {
                store.server_key(&name, fresh.as_bytes()).await?
            };
            println!("{}", String::from_utf8_lossy(&secret));
        }
    }
    Ok(())
}

async fn run_faq(data_dir: &std::path::Path, cmd: FaqCommand) -> anyhow::Result<()> {
    let store = SqliteStore::open(data_dir).await?;
    match cmd {
        FaqCommand::Import { site, dir } => {
            let n = kefu_server::faq::import(&store, &site, &dir).await?;
            println!("imported {n} articles into `{site}`");
        }
        FaqCommand::Export { site, dir } => {
            let dir = dir.unwrap_or_else(|| format!("faq-{site}").into());
            let n = kefu_server::faq::export(&store, &site, &dir).await?;
            println!("exported {n} articles to {}", dir.display());
        }
        FaqCommand::Search {
            site,
            locale,
            query,
            json,
            limit,
        } => {
            let found =
                kefu_server::faq::search_site(&store, &site, &locale, &query, limit).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&found)?);
            } else if found.is_empty() {
                println!("no article matches");
            } else {
                for f in &found {
                    let mark = f
                        .fallback
                        .as_ref()
                        .map(|l| format!(" [{l}]"))
                        .unwrap_or_default();
                    println!("{:>7.2}  {}  {}{mark}", f.score, f.id, f.question);
                }
            }
        }
    }
    Ok(())
}

async fn run_admin(data_dir: &std::path::Path, cmd: AdminCommand) -> anyhow::Result<()> {
    use kefu_server::accounts::{Email, Hasher, Password, Role};
    use kefu_server::store::AccountRow;
    let store = SqliteStore::open(data_dir).await?;
    match cmd {
        AdminCommand::Create {
            email,
            sites,
            role,
            password_stdin,
        } => {
            let role = Role::parse(&role).unwrap_or(Role::Admin);
            let email = Email::parse(&email).map_err(|e| anyhow::anyhow!("--email: {e}"))?;
            let sites = if sites.is_empty() {
                store.site_ids().await?
            } else {
                sites
            };
            let known = store.site_ids().await?;
            if let Some(s) = sites.iter().find(|s| !known.contains(s)) {
                anyhow::bail!("--site: no site is called `{s}`");
            }
            let (password, generated) = if password_stdin {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line)?;
                let pw = Password::parse(line.trim_end_matches(['\r', '\n']))
                    .map_err(|e| anyhow::anyhow!("password: {e}"))?;
                (pw, false)
            } else if std::io::stdin().is_terminal() {
                match prompt_password()? {
                    Some(pw) => (pw, false),
                    None => (Password::generate(), true),
                }
            } else {
                (Password::generate(), true)
            };
            let hash = Hasher::new(1).hash(&password).await?;
            let account = AccountRow {
                id: kefu_server::accounts::new_token()[..20].to_owned(),
                email: email.as_str().to_owned(),
                password_hash: hash,
                must_change_password: generated,
                created_at: kefu_server::store::now_ms(),
                totp_secret: None,
                totp_pending_secret: None,
                totp_last_step: 0,
            };
            let roles: Vec<(String, Role)> = sites.iter().map(|s| (s.clone(), role)).collect();
            if !store.create_account(&account, &roles).await? {
                anyhow::bail!(
                    "an account with the e-mail address {} exists already",
                    email.as_str()
                );
            }
            println!(
                "created {} {} for sites: {}",
                role.as_str(),
                email.as_str(),
                sites.join(", ")
            );
            if generated {
                println!(
                    "one-time password (shown once; change it at first login): {}",
                    password.expose()
                );
            }
        }
    }
    Ok(())
}

/// Asks the terminal for a new password, twice, without echo; `None` for an empty answer (a
/// one-time password is generated instead).
fn prompt_password() -> anyhow::Result<Option<kefu_server::accounts::Password>> {
    loop {
        let first = rpassword::prompt_password("Password (empty for a one-time password): ")?;
        if first.is_empty() {
            return Ok(None);
        }
        let pw = match kefu_server::accounts::Password::parse(&first) {
            Ok(pw) => pw,
            Err(e) => {
                eprintln!("{e}; try another");
                continue;
            }
        };
        if rpassword::prompt_password("Again: ")? == first {
            return Ok(Some(pw));
        }
        eprintln!("the two entries differ; try again");
    }
}
