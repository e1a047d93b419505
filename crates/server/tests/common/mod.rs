//! `TestApp`: a real `kefu` server on port 0 over HTTPS with its generated certificate and a
//! fresh SQLite database per test, plus a client that trusts exactly that certificate.
// Each test binary uses a different part of this helper.
#![allow(dead_code)]

use kefu_server::serve::{self, Running, ServeOptions};
use std::path::{Path, PathBuf};

pub struct TestApp {
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
}

impl Default for Options {
    fn default() -> Self {
        Options {
            rate_limit_per_minute: 10_000,
            assets_dir: None,
            data_dir: None,
        }
    }
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(Options::default()).await
    }

    pub async fn spawn_with(opts: Options) -> TestApp {
        serve::install_crypto();
        let data_dir = opts
            .data_dir
            .unwrap_or_else(|| tempfile::tempdir().unwrap());
        let tls = kefu_server::tls::load_or_generate(None, None, data_dir.path()).unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let base = format!("https://localhost:{port}");
        let serve_opts = ServeOptions {
            data_dir: data_dir.path().to_path_buf(),
            assets_dir: opts
                .assets_dir
                .unwrap_or_else(|| data_dir.path().join("no-dist")),
            console_dir: data_dir.path().join("no-console"),
            tls: Some(tls),
            public_url: base.clone(),
            seed_demo: true,
            rate_limit_per_minute: opts.rate_limit_per_minute,
            max_body_bytes: 64 * 1024,
            trust_forwarded_for: false,
            session_idle_minutes: 30,
            session_max_hours: 12,
        };
        let state = serve::build_state(&serve_opts).await.unwrap();
        let running = serve::spawn(state, listener, serve_opts.tls.as_ref())
            .await
            .unwrap();
        let client = client_trusting(data_dir.path());
        TestApp {
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
