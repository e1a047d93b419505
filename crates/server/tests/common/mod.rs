//! `TestApp`: a real `kefu` server on port 0 over HTTPS with its generated certificate and a
//! fresh SQLite database per test, plus a client that trusts exactly that certificate.
// Each test binary uses a different part of this helper.
#![allow(dead_code)]

pub mod ws;

use kefu_server::serve::{self, Running};
use std::path::{Path, PathBuf};

pub struct TestApp {
    pub state: kefu_server::AppState,
    pub base: String,
    pub client: reqwest::Client,
    pub data_dir: tempfile::TempDir,
    pub running: Running,
}

pub struct Options {
    pub rate_limit_per_minute: u32,
    pub assets_dir: Option<PathBuf>,
    /// Start on an existing data directory (a "restart"), e.g. from [`TestApp::stop`].
    pub data_dir: Option<tempfile::TempDir>,
    pub smtp: Option<kefu_server::mail::SmtpSettings>,
    /// A built console to serve under /console/.
    pub console_dir: Option<PathBuf>,
    pub tickets_per_hour: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            rate_limit_per_minute: 10_000,
            assets_dir: None,
            data_dir: None,
            smtp: None,
            console_dir: None,
            tickets_per_hour: 10_000,
        }
    }
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(Options::default()).await
    }

    pub async fn spawn_with(opts: Options) -> TestApp {
        let data_dir = opts
            .data_dir
            .unwrap_or_else(|| tempfile::tempdir().unwrap());
        let (state, running, base) = serve::start_local(data_dir.path(), |o| {
            o.rate_limit_per_minute = opts.rate_limit_per_minute;
            o.tickets_per_hour = opts.tickets_per_hour;
            if let Some(dir) = opts.assets_dir {
                o.assets_dir = dir;
            }
            o.smtp = opts.smtp;
            if let Some(dir) = opts.console_dir {
                o.console_dir = dir;
            }
        })
        .await
        .unwrap();
        let client = client_trusting(data_dir.path());
        TestApp {
            state,
            base,
            client,
            data_dir,
            running,
        }
    }

    /// Stops the server gracefully and hands back its data directory.
    pub async fn stop(self) -> tempfile::TempDir {
        self.running
            .handle
            .graceful_shutdown(Some(std::time::Duration::from_secs(5)));
        let _ = self.running.task.await;
        self.data_dir
    }

    /// A state-changing console request from the console's own origin with a session cookie.
    pub async fn send_as(
        &self,
        method: reqwest::Method,
        path: &str,
        cookie: &str,
    ) -> reqwest::Response {
        self.client
            .request(method, self.url(path))
            .header(reqwest::header::ORIGIN, &self.base)
            .header(reqwest::header::COOKIE, cookie)
            .send()
            .await
            .unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// `GET path` with one extra request header.
    pub async fn get_with(
        &self,
        path: &str,
        name: reqwest::header::HeaderName,
        value: &str,
    ) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header(name, value)
            .send()
            .await
            .unwrap()
    }
}

/// A client whose only trusted root is the certificate the server generated.
pub fn client_trusting(data_dir: &Path) -> reqwest::Client {
    let pem = std::fs::read(data_dir.join(kefu_server::tls::GENERATED_CERT)).unwrap();
    reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap())
        .resolve("localhost", "127.0.0.1:0".parse().unwrap())
        .build()
        .unwrap()
}

/// `{"error":{"code":…}}` of a response.
pub async fn error_code(res: reqwest::Response) -> String {
    let body: serde_json::Value = res.json().await.unwrap();
    body["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

pub const PASSWORD: &str = "correct horse battery";

/// `kefu admin create` with [`PASSWORD`]: an account with `role` on the demo site.
pub fn create_account(app: &TestApp, email: &str, role: &str) {
    create_account_on(app, email, role, "demo");
}

/// `kefu admin create` with [`PASSWORD`]: an account with `role` on `site`.
pub fn create_account_on(app: &TestApp, email: &str, role: &str, site: &str) {
    use std::io::Write as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kefu"))
        .arg("--data-dir")
        .arg(app.data_dir.path())
        .args(["admin", "create", "--email", email, "--role", role])
        .args(["--site", site, "--password-stdin"])
        .env("KEFU_LOG", "error")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{PASSWORD}").unwrap();
    assert!(child.wait().unwrap().success());
}

/// The `name=value` of a response's `Set-Cookie`.
pub fn cookie_of(res: &reqwest::Response) -> String {
    res.headers()[reqwest::header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// `POST /api/v1/auth/login` with [`PASSWORD`] from the console's origin, plus `headers`.
pub async fn login_with(
    app: &TestApp,
    email: &str,
    headers: &[(reqwest::header::HeaderName, &str)],
) -> reqwest::Response {
    let mut req = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header(reqwest::header::ORIGIN, &app.base);
    for (name, value) in headers {
        req = req.header(name, *value);
    }
    req.json(&serde_json::json!({ "email": email, "password": PASSWORD }))
        .send()
        .await
        .unwrap()
}

/// Creates an account with `role` on the demo site, signs it in, and returns its cookie.
pub async fn signed_in(app: &TestApp, email: &str, role: &str) -> String {
    signed_in_on(app, email, role, "demo").await
}

/// Creates an account with `role` on `site`, signs it in, and returns its cookie.
pub async fn signed_in_on(app: &TestApp, email: &str, role: &str, site: &str) -> String {
    create_account_on(app, email, role, site);
    let res = login_with(app, email, &[]).await;
    assert_eq!(res.status(), 200);
    cookie_of(&res)
}

/// SMTP settings for a [`smtp_sink`] on `port` (plain, on this machine).
pub fn smtp_to(port: u16, from: &str) -> Option<kefu_server::mail::SmtpSettings> {
    Some(kefu_server::mail::SmtpSettings {
        host: "127.0.0.1".into(),
        port: Some(port),
        security: kefu_server::mail::SmtpSecurity::None,
        username: None,
        password: None,
        from: from.into(),
    })
}

/// A real SMTP listener on 127.0.0.1 that accepts every message and hands each one's DATA
/// over a channel: enough of RFC 5321 for lettre's client.
pub async fn smtp_sink() -> (u16, tokio::sync::mpsc::UnboundedReceiver<String>) {
    use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink ESMTP\r\n").await.ok()?;
                let mut data: Option<String> = None;
                while let Some(line) = lines.next_line().await.ok()? {
                    if let Some(body) = data.as_mut() {
                        if line == "." {
                            tx.send(data.take()?).ok()?;
                            write.write_all(b"250 queued\r\n").await.ok()?;
                        } else {
                            body.push_str(&line);
                            body.push('\n');
                        }
                        continue;
                    }
                    let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" => b"250-sink\r\n250 8BITMIME\r\n",
                        "DATA" => {
                            data = Some(String::new());
                            b"354 go on\r\n"
                        }
                        "QUIT" => {
                            write.write_all(b"221 bye\r\n").await.ok()?;
                            return Some(());
                        }
                        _ => b"250 ok\r\n",
                    };
                    write.write_all(reply).await.ok()?;
                }
                Some(())
            });
        }
    });
    (port, rx)
}

/// Runs the `kefu` binary on a data directory (quiet logs) and returns what it printed.
pub fn kefu_cli(data: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kefu"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("KEFU_LOG", "warn")
        .output()
        .unwrap()
}

/// The text of a single-part message (quoted-printable or base64, as lettre chooses).
pub fn decode_body(mail: &str) -> String {
    let (head, body) = mail.split_once("\n\n").unwrap();
    if head.contains("Content-Transfer-Encoding: base64") {
        use base64::Engine as _;
        let joined: String = body.split_whitespace().collect();
        String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(joined)
                .unwrap(),
        )
        .unwrap()
    } else if head.contains("quoted-printable") {
        let soft = body.replace("=\n", "");
        let mut out = Vec::new();
        let b = soft.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'=' && i + 2 < b.len() {
                out.push(u8::from_str_radix(&soft[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    } else {
        body.to_owned()
    }
}

/// A conversation of the demo site for `visitor` (a visitor hash), as the store starts it.
pub fn demo_conversation(id: &str, visitor: &str) -> kefu_server::store::NewConversation {
    kefu_server::store::NewConversation {
        id: id.into(),
        site_id: "demo".into(),
        visitor_hash: visitor.into(),
        user_id: None,
        visitor_name: None,
        visitor_email: None,
        locale: "en".into(),
        page: None,
        at: 1,
    }
}
