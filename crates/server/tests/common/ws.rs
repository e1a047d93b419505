//! Chat sockets for the tests: a WebSocket over TLS trusting the test server's certificate,
//! frames in and out, and the visitor's and the agent's first steps.

use super::{signed_in_on, TestApp};
use futures_util::{SinkExt, StreamExt};
use reqwest::header;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, ServerName};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::tungstenite::Message;

pub type Ws =
    tokio_tungstenite::WebSocketStream<tokio_rustls::client::TlsStream<tokio::net::TcpStream>>;

/// The demo site's allowed website (examples/demo-site.toml).
pub const SITE_ORIGIN: &str = "https://localhost:8443";

/// The demo site with chat switched on (the widget's chat is not built yet, so the shipped
/// demo keeps it off).
pub async fn spawn() -> TestApp {
    let app = TestApp::spawn().await;
    chat_on(&app).await;
    app
}

pub async fn chat_on(app: &TestApp) {
    let mut site = app.state.store.site("demo").await.unwrap().unwrap().site;
    site.modules.chat = true;
    app.state.store.put_site(&site).await.unwrap();
}

/// A WebSocket to `path` on the test server over TLS, sending `Origin` and a cookie.
pub async fn connect(
    app: &TestApp,
    path: &str,
    origin: &str,
    cookie: Option<&str>,
) -> Result<Ws, String> {
    let pem = std::fs::read(app.data_dir.path().join(kefu_server::tls::GENERATED_CERT)).unwrap();
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(&pem) {
        roots.add(cert.unwrap()).unwrap();
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let port = app.base.rsplit(':').next().unwrap().trim_end_matches('/');
    let tcp = tokio::net::TcpStream::connect(format!("127.0.0.1:{port}"))
        .await
        .unwrap();
    let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
        .unwrap();
    let url = format!("wss://localhost:{port}{path}");
    let mut req = url.into_client_request().unwrap();
    req.headers_mut().insert("origin", origin.parse().unwrap());
    if let Some(c) = cookie {
        req.headers_mut().insert("cookie", c.parse().unwrap());
    }
    tokio_tungstenite::client_async(req, tls)
        .await
        .map(|(ws, _)| ws)
        .map_err(|e| e.to_string())
}

pub async fn send(ws: &mut Ws, frame: Value) {
    ws.send(Message::Text(frame.to_string().into()))
        .await
        .unwrap();
}

/// The next JSON frame (pings skipped), within 10 s.
pub async fn next(ws: &mut Ws) -> Value {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("a frame within 10 s")
            .expect("the socket is open")
            .expect("a frame");
        match msg {
            Message::Text(t) => return serde_json::from_str(t.as_str()).unwrap(),
            Message::Close(c) => panic!("closed: {c:?}"),
            _ => continue,
        }
    }
}

/// The next frame of type `kind`, skipping others.
pub async fn next_of(ws: &mut Ws, kind: &str) -> Value {
    loop {
        let f = next(ws).await;
        if f["type"] == kind {
            return f;
        }
    }
}

/// How the server closes the socket (code), within 10 s.
pub async fn closed(ws: &mut Ws) -> Option<u16> {
    loop {
        match tokio::time::timeout(Duration::from_secs(10), ws.next()).await {
            Ok(Some(Ok(Message::Close(c)))) => return c.map(|c| u16::from(c.code)),
            Ok(Some(Ok(_))) => continue,
            Ok(Some(Err(_))) | Ok(None) => return None,
            Err(_) => panic!("the socket did not close"),
        }
    }
}

/// A visitor's socket on the demo site after `hello`; returns it with the `welcome`.
pub async fn visitor(
    app: &TestApp,
    token: &str,
    conversation: Option<&str>,
    after: u64,
) -> (Ws, Value) {
    let mut ws = connect(app, "/api/v1/sites/demo/chat/socket", SITE_ORIGIN, None)
        .await
        .unwrap();
    let mut hello = json!({"type": "hello", "v": 1, "token": token, "after": after});
    if let Some(c) = conversation {
        hello["conversation"] = json!(c);
    }
    send(&mut ws, hello).await;
    let welcome = next(&mut ws).await;
    assert_eq!(welcome["type"], "welcome", "{welcome}");
    (ws, welcome)
}

/// The console's socket for a signed-in agent, after `hello`.
pub async fn agent_socket(app: &TestApp, cookie: &str) -> Ws {
    let mut ws = connect(app, "/api/v1/console/chat/socket", &app.base, Some(cookie))
        .await
        .unwrap();
    send(&mut ws, json!({"type": "hello", "v": 1})).await;
    assert_eq!(next(&mut ws).await["type"], "welcome");
    ws
}

pub async fn agent(app: &TestApp, email: &str) -> (Ws, String) {
    let cookie = signed_in_on(app, email, "agent", "demo").await;
    (agent_socket(app, &cookie).await, cookie)
}

/// `GET …/chat?after=0` as `token`, with an identity claim when given.
pub async fn rest_state(app: &TestApp, token: &str, identity: Option<&Value>) -> reqwest::Response {
    use base64::Engine as _;
    let mut req = app
        .client
        .get(app.url("/api/v1/sites/demo/chat?after=0"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    if let Some(i) = identity {
        let value = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(i.to_string());
        req = req.header("kefu-identity", value);
    }
    req.send().await.unwrap()
}

/// Starts the visitor's conversation over WebSocket; returns its id.
pub async fn start(ws: &mut Ws) -> String {
    send(ws, json!({"type": "start", "locale": "en", "name": "Ada"})).await;
    let c = next_of(ws, "conversation").await;
    assert_eq!(c["status"], "open");
    c["id"].as_str().unwrap().to_owned()
}

/// A visitor's REST call: `POST /api/v1/sites/demo/{path}` with their token.
pub async fn visitor_post(
    app: &TestApp,
    token: &str,
    path: &str,
    body: Value,
) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/sites/demo/{path}")))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// `GET /api/v1/sites/demo/chat?after=N` as `token`: the conversation and its messages.
pub async fn chat_state(app: &TestApp, token: &str, after: u64) -> Value {
    app.client
        .get(app.url(&format!("/api/v1/sites/demo/chat?after={after}")))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}
