//! The `kefu` command line: `kefu serve` and the admin sub-commands. Every flag also reads a
//! `KEFU_*` environment variable, shown in `--help`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "kefu",
    version,
    about = "Kefu: the support widget's HTTPS backend"
)]
pub struct Cli {
    /// Directory for the database and the generated TLS certificate.
    #[arg(
        long,
        global = true,
        env = "KEFU_DATA_DIR",
        default_value = "kefu-data"
    )]
    pub data_dir: PathBuf,

    /// Log format on standard error (level: KEFU_LOG, e.g. `info` or `kefu_server=debug`).
    #[arg(long, global = true, env = "KEFU_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the API, the widget and the demo page.
    Serve(ServeArgs),
    /// Import, export and list sites.
    #[command(subcommand)]
    Site(SiteCommand),
    /// Import, export and search a site's FAQ.
    #[command(subcommand)]
    Faq(FaqCommand),
    /// Manage agents' and admins' accounts.
    #[command(subcommand)]
    Admin(AdminCommand),
}

#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// Create an account (an admin unless --role agent). Prints a one-time password (to be
    /// changed at first login) unless --password-stdin reads one.
    Create {
        /// The account's e-mail address (the login name).
        #[arg(long)]
        email: String,
        /// Sites the account works on (repeatable); default: every site.
        #[arg(long = "site")]
        sites: Vec<String>,
        /// `admin` (settings and accounts) or `agent` (conversations and tickets only).
        #[arg(long, default_value = "admin", value_parser = ["admin", "agent"])]
        role: String,
        /// Read the password from standard input. Without it, a terminal is asked for one
        /// (typed twice, not shown; empty for a one-time password), and anything else gets a
        /// generated one-time password, printed once.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "KEFU_ADDR", default_value = "0.0.0.0:8443")]
    pub addr: SocketAddr,

    /// Trunk's output directory with the built widget (`kefu-widget-*.js`, `*_bg.wasm`).
    #[arg(long, env = "KEFU_ASSETS_DIR", default_value = "dist")]
    pub assets_dir: PathBuf,

    /// The built agents' console (Trunk output of crates/console), served under /console/.
    #[arg(long, env = "KEFU_CONSOLE_DIR", default_value = "dist-console")]
    pub console_dir: PathBuf,

    /// PEM certificate chain. Without --tls-cert/--tls-key a self-signed certificate for
    /// localhost is generated in the data directory on first start.
    #[arg(long, env = "KEFU_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// PEM private key for --tls-cert.
    #[arg(long, env = "KEFU_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// Serve plain HTTP. Only behind a proxy that terminates TLS.
    #[arg(long, env = "KEFU_INSECURE_HTTP", conflicts_with_all = ["tls_cert", "tls_key"])]
    pub insecure_http: bool,

    /// The origin browsers reach this server at; default https://localhost:PORT.
    #[arg(long, env = "KEFU_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Do not create the demo site on first start.
    #[arg(long, env = "KEFU_NO_SEED")]
    pub no_seed: bool,

    /// Requests per minute allowed per client IP on every endpoint (bursts of a fifth).
    #[arg(long, env = "KEFU_RATE_LIMIT_PER_MINUTE", default_value_t = 600)]
    pub rate_limit_per_minute: u32,

    /// New feedback tickets per hour allowed per client IP (a third of it at once); one
    /// visitor may send at most 20 an hour, 5 at once.
    #[arg(long, env = "KEFU_TICKETS_PER_HOUR", default_value_t = 30)]
    pub tickets_per_hour: u32,

    /// Chat messages per minute allowed per visitor (five times as many per client IP).
    #[arg(long, env = "KEFU_CHAT_MESSAGES_PER_MINUTE", default_value_t = 60)]
    pub chat_messages_per_minute: u32,

    /// New chat conversations per hour allowed per client IP (a quarter of it at once); one
    /// visitor may start at most 10 an hour, 3 at once.
    #[arg(long, env = "KEFU_CHAT_STARTS_PER_HOUR", default_value_t = 120)]
    pub chat_starts_per_hour: u32,

    /// Largest request body accepted, in bytes.
    #[arg(long, env = "KEFU_MAX_BODY_BYTES", default_value_t = 64 * 1024)]
    pub max_body_bytes: usize,

    /// Take the client IP from the last X-Forwarded-For hop (only behind a trusted proxy).
    #[arg(long, env = "KEFU_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,

    /// Minutes after which an unused agent session ends.
    #[arg(long, env = "KEFU_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: u32,

    /// Hours after which an agent session ends however active it is.
    #[arg(long, env = "KEFU_SESSION_MAX_HOURS", default_value_t = 12)]
    pub session_max_hours: u32,

    /// SMTP server for alert e-mails (new-device sign-ins); without it, alerts are shown in
    /// the console only.
    #[arg(long, env = "KEFU_SMTP_HOST", requires = "smtp_from")]
    pub smtp_host: Option<String>,

    /// SMTP port; default 465 for tls, 587 for starttls, 25 for none.
    #[arg(long, env = "KEFU_SMTP_PORT")]
    pub smtp_port: Option<u16>,

    /// tls (implicit TLS), starttls (required upgrade) or none (only to a relay on localhost).
    #[arg(
        long,
        env = "KEFU_SMTP_SECURITY",
        value_enum,
        default_value = "starttls"
    )]
    pub smtp_security: crate::mail::SmtpSecurity,

    #[arg(long, env = "KEFU_SMTP_USERNAME", requires = "smtp_password")]
    pub smtp_username: Option<String>,

    /// Never printed; prefer the environment variable to the flag.
    #[arg(long, env = "KEFU_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<crate::mail::Secret>,

    /// Sender, e.g. `Kefu <alerts@example.com>`.
    #[arg(long, env = "KEFU_SMTP_FROM")]
    pub smtp_from: Option<String>,
}

impl ServeArgs {
    /// The SMTP settings, when a host is given.
    pub fn smtp(&self) -> Option<crate::mail::SmtpSettings> {
        Some(crate::mail::SmtpSettings {
            host: self.smtp_host.clone()?,
            port: self.smtp_port,
            security: self.smtp_security,
            username: self.smtp_username.clone(),
            password: self.smtp_password.clone(),
            from: self.smtp_from.clone()?,
        })
    }
}

#[derive(Subcommand, Debug)]
pub enum FaqCommand {
    /// Replace a site's FAQ with a folder (format: see crates/server/src/faq/folder.rs and
    /// examples/demo-faq). Answers are rendered and sanitized; an invalid folder changes nothing.
    Import {
        /// The site's id.
        site: String,
        /// The folder: categories.toml and <category>/<article>.<locale>.md files.
        dir: PathBuf,
    },
    /// Write a site's FAQ as a folder in the format `import` reads.
    Export {
        /// The site's id.
        site: String,
        /// Where to write it (default: ./faq-<site>).
        dir: Option<PathBuf>,
    },
    /// Search the published FAQ in one locale with the widget's engine.
    Search {
        site: String,
        locale: String,
        query: String,
        /// Print JSON (id, question, score, highlights) instead of lines.
        #[arg(long)]
        json: bool,
        /// At most this many results.
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
}

#[derive(Subcommand, Debug)]
pub enum SiteCommand {
    /// Create or replace a site from a TOML file (see examples/demo-site.toml). An invalid
    /// file changes nothing and the error names the field.
    Import {
        /// The site file.
        file: PathBuf,
    },
    /// Print a site as TOML, in the format `import` reads.
    Export {
        /// The site's id.
        site: String,
    },
    /// List the sites' ids.
    List,
    /// Print the site's identity secret: the key its backend signs visitor ids with,
    /// hex(HMAC-SHA256(secret, id)), for `Kefu.identify` (made on first use).
    Secret {
        /// The site's id.
        site: String,
        /// Replace it with a new one (signatures made with the old one stop working).
        #[arg(long)]
        rotate: bool,
    },
}
