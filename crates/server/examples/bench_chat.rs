//! `cargo xtask bench chat`: Kefu's chat path against a bare tokio-tungstenite echo server, in
//! one run, under the same load client, over TLS on loopback (issue 6).
//!
//! - Echo: each message comes straight back.
//! - Kefu: the `kefu` binary (as shipped, `--profile server`); each conversation is a visitor
//!   socket (token in `hello`, then `start`), one agent socket receives every message (the
//!   fan-out), and a message counts when its `ack` arrives, i.e. after it is durably stored
//!   (SQLite WAL, `synchronous=FULL`, group commit).
//!
//! Each conversation sends its messages one after another (closed loop). Printed: messages/s
//! and p50/p99 latency at 64 and 1,000 concurrent conversations, as ratios to echo, and the
//! memory each idle connection costs the server at 5,000 connections (resident set size of the
//! server process before and after). Both servers run as child processes of this one, so
//! their memory is their own. Absolute numbers on a shared 2-core machine mean little.

use futures_util::{SinkExt, StreamExt};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::tungstenite::Message;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_rustls::client::TlsStream<tokio::net::TcpStream>>;

const PASSWORD: &str = "correct horse battery";
const IDLE: usize = 5_000;

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

// ---------------------------------------------------------------------------------------------
// The echo server (this program run as `bench_chat echo CERT KEY`).

async fn echo_server(cert: &Path, key: &Path) -> anyhow::Result<()> {
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_file_iter(cert)?.collect::<Result<_, _>>()?;
    let key = PrivateKeyDer::from_pem_file(key)?;
    let config = rustls::ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(certs, key)?;
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("listening on {}", listener.local_addr()?.port());
    std::io::stdout().flush()?;
    loop {
        let (tcp, _) = listener.accept().await?;
        // As Kefu's server does (and the load client): without it, every TLS handshake waits
        // about 40 ms on Nagle and delayed ACK, and 5,000 idle connections take minutes.
        tcp.set_nodelay(true)?;
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            let Ok(tls) = acceptor.accept(tcp).await else {
                return;
            };
            // tokio-tungstenite's defaults: the "bare" server.
            let Ok(mut ws) = tokio_tungstenite::accept_async(tls).await else {
                return;
            };
            while let Some(Ok(msg)) = ws.next().await {
                if msg.is_text() && ws.send(msg).await.is_err() {
                    return;
                }
            }
        });
    }
}

// ---------------------------------------------------------------------------------------------
// Child processes.

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Resident set size of the server process, in KiB.
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }
}

/// Starts `cmd`, waiting for a stdout line matching `port_of`.
fn spawn(mut cmd: Command, port_of: impl Fn(&str) -> Option<u16>) -> anyhow::Result<Server> {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()?;
    let out = child.stdout.take().expect("piped stdout");
    let mut lines = BufReader::new(out).lines();
    let port = loop {
        let Some(line) = lines.next() else {
            anyhow::bail!("the server exited before listening");
        };
        if let Some(p) = port_of(&line?) {
            break p;
        }
    };
    // Keep draining stdout so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Ok(Server { child, port })
}

fn kefu_binary() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .ok_or_else(|| anyhow::anyhow!("no target directory"))?;
    let kefu = dir.join("kefu");
    anyhow::ensure!(kefu.exists(), "build the server first: {}", kefu.display());
    Ok(kefu)
}

fn kefu_cli(kefu: &Path, data: &Path, args: &[&str], input: Option<&str>) -> anyhow::Result<()> {
    let mut child = Command::new(kefu)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("KEFU_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()?;
    if let Some(i) = input {
        writeln!(child.stdin.take().expect("piped stdin"), "{i}")?;
    }
    anyhow::ensure!(child.wait()?.success(), "kefu {args:?} failed");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The load client.

struct Client {
    tls: tokio_rustls::TlsConnector,
    port: u16,
}

impl Client {
    async fn connect(&self, path: &str, origin: &str, cookie: Option<&str>) -> anyhow::Result<Ws> {
        let tcp = tokio::net::TcpStream::connect(("127.0.0.1", self.port)).await?;
        tcp.set_nodelay(true)?;
        let tls = self
            .tls
            .connect(ServerName::try_from("localhost")?, tcp)
            .await?;
        let mut req = format!("wss://localhost:{}{path}", self.port).into_client_request()?;
        req.headers_mut().insert("origin", origin.parse()?);
        if let Some(c) = cookie {
            req.headers_mut().insert("cookie", c.parse()?);
        }
        Ok(tokio_tungstenite::client_async(req, tls).await?.0)
    }
}

async fn next_json(ws: &mut Ws) -> anyhow::Result<serde_json::Value> {
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(t))) => return Ok(serde_json::from_str(t.as_str())?),
            Some(Ok(Message::Close(c))) => anyhow::bail!("closed: {c:?}"),
            Some(Ok(_)) => continue,
            Some(Err(e)) => return Err(e.into()),
            None => anyhow::bail!("closed"),
        }
    }
}

struct Run {
    per_sec: f64,
    p50: Duration,
    p99: Duration,
}

fn summarize(total: usize, elapsed: Duration, mut lat: Vec<Duration>) -> Run {
    lat.sort_unstable();
    let at = |q: f64| lat[((lat.len() - 1) as f64 * q) as usize];
    Run {
        per_sec: total as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
    }
}

/// `conversations` echo connections, each sending `messages` one after another.
async fn echo_run(
    client: &Arc<Client>,
    conversations: usize,
    messages: usize,
) -> anyhow::Result<Run> {
    let mut sockets = Vec::with_capacity(conversations);
    for _ in 0..conversations {
        sockets.push(client.connect("/", "https://localhost", None).await?);
    }
    let start = Instant::now();
    let mut tasks = vec![];
    for (c, mut ws) in sockets.into_iter().enumerate() {
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(messages);
            for n in 0..messages {
                let text = format!(
                    r#"{{"type":"send","id":"m-{c}-{n}","text":"Hello, is my order on its way? {n}"}}"#
                );
                let t = Instant::now();
                ws.send(Message::Text(text.into())).await?;
                loop {
                    match ws.next().await {
                        Some(Ok(Message::Text(_))) => break,
                        Some(Ok(_)) => continue,
                        _ => anyhow::bail!("echo closed"),
                    }
                }
                lat.push(t.elapsed());
            }
            Ok::<_, anyhow::Error>(lat)
        }));
    }
    let mut all = vec![];
    for t in tasks {
        all.extend(t.await??);
    }
    Ok(summarize(conversations * messages, start.elapsed(), all))
}

/// `conversations` visitors of the demo site each starting a chat and sending `messages`, one
/// agent socket receiving them all.
async fn kefu_run(
    client: &Arc<Client>,
    cookie: &str,
    origin: &str,
    round: usize,
    conversations: usize,
    messages: usize,
) -> anyhow::Result<Run> {
    let mut agent = client
        .connect("/api/v1/console/chat/socket", origin, Some(cookie))
        .await?;
    agent
        .send(Message::Text(r#"{"type":"hello","v":1}"#.into()))
        .await?;
    // The agent reads everything the site's conversations produce.
    let expected = conversations * messages;
    let seen = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = seen.clone();
    let fan_out = tokio::spawn(async move {
        while counter.load(std::sync::atomic::Ordering::Relaxed) < expected {
            match agent.next().await {
                Some(Ok(Message::Text(t))) if t.as_str().starts_with(r#"{"type":"message""#) => {
                    counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                Some(Ok(_)) => {}
                other => return format!("the agent's socket ended: {other:?}"),
            }
        }
        String::new()
    });
    let mut sockets = Vec::with_capacity(conversations);
    for c in 0..conversations {
        let mut ws = client
            .connect(
                "/api/v1/sites/demo/chat/socket",
                "https://localhost:8443",
                None,
            )
            .await?;
        let token = format!("{:016x}{:016x}", round as u64 + 1, c as u64 + 1);
        let hello = format!(r#"{{"type":"hello","v":1,"token":"{token}"}}"#);
        ws.send(Message::Text(hello.into())).await?;
        ws.send(Message::Text(r#"{"type":"start","locale":"en"}"#.into()))
            .await?;
        loop {
            if next_json(&mut ws).await?["type"] == "conversation" {
                break;
            }
        }
        sockets.push(ws);
    }
    let start = Instant::now();
    let mut tasks = vec![];
    for (c, mut ws) in sockets.into_iter().enumerate() {
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(messages);
            for n in 0..messages {
                let text = format!(
                    r#"{{"type":"send","id":"m-{c}-{n}","text":"Hello, is my order on its way? {n}"}}"#
                );
                let t = Instant::now();
                ws.send(Message::Text(text.into())).await?;
                // As little work per frame as the echo client does: no JSON parsing.
                loop {
                    match ws.next().await {
                        Some(Ok(Message::Text(t))) if t.as_str().starts_with(r#"{"type":"ack""#) => break,
                        Some(Ok(Message::Text(t))) if t.as_str().starts_with(r#"{"type":"error""#) => {
                            anyhow::bail!("kefu refused a message: {}", t.as_str())
                        }
                        Some(Ok(_)) => continue,
                        _ => anyhow::bail!("kefu closed the socket"),
                    }
                }
                lat.push(t.elapsed());
            }
            Ok::<_, anyhow::Error>(lat)
        }));
    }
    let mut all = vec![];
    for t in tasks {
        all.extend(t.await??);
    }
    let elapsed = start.elapsed();
    let ended = tokio::time::timeout(Duration::from_secs(30), fan_out).await;
    let delivered = seen.load(std::sync::atomic::Ordering::Relaxed);
    anyhow::ensure!(
        delivered == expected,
        "the agent received {delivered} of {expected} messages ({ended:?})"
    );
    Ok(summarize(expected, elapsed, all))
}

/// The server's memory per idle connection (KiB) at `IDLE` connections opened by `open`.
async fn idle_cost<F, Fut>(server: &Server, open: F) -> anyhow::Result<f64>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<Ws>>,
{
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = server.rss_kib();
    let mut held = Vec::with_capacity(IDLE);
    for i in 0..IDLE {
        held.push(open(i).await?);
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let after = server.rss_kib();
    drop(held);
    Ok((after.saturating_sub(before)) as f64 / IDLE as f64)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("echo") {
        return echo_server(Path::new(&args[2]), Path::new(&args[3])).await;
    }
    let kefu = kefu_binary()?;
    let data = tempfile::tempdir()?;
    // The demo site with chat on, and an agent.
    let site =
        include_str!("../../../examples/demo-site.toml").replace("chat = false", "chat = true");
    let site_file = data.path().join("demo.toml");
    std::fs::write(&site_file, site)?;
    kefu_cli(
        &kefu,
        data.path(),
        &["site", "import", site_file.to_str().unwrap_or("")],
        None,
    )?;
    kefu_cli(
        &kefu,
        data.path(),
        &[
            "admin",
            "create",
            "--email",
            "bench@example.com",
            "--role",
            "agent",
            "--site",
            "demo",
            "--password-stdin",
        ],
        Some(PASSWORD),
    )?;
    let mut cmd = Command::new(&kefu);
    cmd.arg("--data-dir")
        .arg(data.path())
        .args(["serve", "--addr", "127.0.0.1:0", "--no-seed"])
        .args(["--rate-limit-per-minute", "100000000"])
        .args(["--chat-messages-per-minute", "100000000"])
        .args(["--chat-starts-per-hour", "100000000"])
        .env("KEFU_LOG", "warn");
    // "listening on https://localhost:PORT (port PORT)"
    let kefu_server = spawn(cmd, |l| {
        let rest = l.split("https://localhost:").nth(1)?;
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    })?;
    let cert = data.path().join(kefu_server::tls::GENERATED_CERT);
    let key = data.path().join(kefu_server::tls::GENERATED_KEY);
    let mut cmd = Command::new(std::env::current_exe()?);
    cmd.arg("echo").arg(&cert).arg(&key);
    let echo_server = spawn(cmd, |l| {
        l.strip_prefix("listening on ")
            .and_then(|p| p.trim().parse().ok())
    })?;

    let mut roots = rustls::RootCertStore::empty();
    for c in CertificateDer::pem_file_iter(&cert)? {
        roots.add(c?)?;
    }
    let config = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let tls = tokio_rustls::TlsConnector::from(Arc::new(config));
    let echo = Arc::new(Client {
        tls: tls.clone(),
        port: echo_server.port,
    });
    let kefu_client = Arc::new(Client {
        tls,
        port: kefu_server.port,
    });
    let origin = format!("https://localhost:{}", kefu_server.port);
    let http = reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(&std::fs::read(&cert)?)?)
        .resolve("localhost", ([127, 0, 0, 1], kefu_server.port).into())
        .build()?;
    let login = http
        .post(format!("{origin}/api/v1/auth/login"))
        .header("origin", &origin)
        .json(&serde_json::json!({"email": "bench@example.com", "password": PASSWORD}))
        .send()
        .await?;
    anyhow::ensure!(login.status().is_success(), "login: {}", login.status());
    let cookie = login.headers()["set-cookie"]
        .to_str()?
        .split(';')
        .next()
        .unwrap_or("")
        .to_owned();

    println!("Chat: Kefu (auth, durable store with group commit, fan-out to one agent) vs a bare");
    println!("tokio-tungstenite echo server; TLS on loopback, same load client, closed loop.");
    println!(
        "{:<18} {:>10} {:>10} {:>7} {:>16} {:>16} {:>8}",
        "conversations",
        "echo msg/s",
        "kefu msg/s",
        "ratio",
        "echo p50/p99 ms",
        "kefu p50/p99 ms",
        "p99 ×"
    );
    // Warm up both.
    echo_run(&echo, 8, 20).await?;
    kefu_run(&kefu_client, &cookie, &origin, 0, 8, 20).await?;
    for (round, (conversations, messages)) in [(64, 1_000), (1_000, 20)].into_iter().enumerate() {
        let e = echo_run(&echo, conversations, messages).await?;
        let k = kefu_run(
            &kefu_client,
            &cookie,
            &origin,
            round + 1,
            conversations,
            messages,
        )
        .await?;
        println!(
            "{:<18} {:>10.0} {:>10.0} {:>7.2} {:>16} {:>16} {:>8.2}",
            format!("{conversations} × {messages}"),
            e.per_sec,
            k.per_sec,
            k.per_sec / e.per_sec,
            format!("{:.2}/{:.2}", ms(e.p50), ms(e.p99)),
            format!("{:.2}/{:.2}", ms(k.p50), ms(k.p99)),
            ms(k.p99) / ms(e.p99),
        );
    }
    let echo_idle = idle_cost(&echo_server, |_| {
        echo.connect("/", "https://localhost", None)
    })
    .await?;
    let kefu_idle = idle_cost(&kefu_server, |i| {
        let client = kefu_client.clone();
        async move {
            let mut ws = client
                .connect(
                    "/api/v1/sites/demo/chat/socket",
                    "https://localhost:8443",
                    None,
                )
                .await?;
            let hello = format!(
                r#"{{"type":"hello","v":1,"token":"{:032x}"}}"#,
                1_000_000 + i
            );
            ws.send(Message::Text(hello.into())).await?;
            next_json(&mut ws).await?; // welcome
            Ok(ws)
        }
    })
    .await?;
    println!(
        "memory per idle connection at {IDLE}: echo {echo_idle:.1} KiB, kefu {kefu_idle:.1} KiB ({:.2}×)",
        kefu_idle / echo_idle.max(0.1)
    );
    Ok(())
}
