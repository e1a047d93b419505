//! HTTPS by default: a generated localhost certificate, kept across restarts, HSTS.

mod common;

use common::TestApp;

#[tokio::test]
async fn the_server_starts_on_https_with_a_generated_certificate_and_hsts() {
    let app = TestApp::spawn().await;
    let cert = app.data_dir.path().join(kefu_server::tls::GENERATED_CERT);
    let key = app.data_dir.path().join(kefu_server::tls::GENERATED_KEY);
    assert!(cert.is_file() && key.is_file());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(
            std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // The client trusts only this certificate and checks the name `localhost`.
    let res = app.get("/api/v1/health").await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["strict-transport-security"],
        "max-age=31536000"
    );
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");

    // A second start reuses the same certificate.
    let before = std::fs::read(&cert).unwrap();
    kefu_server::tls::load_or_generate(None, None, app.data_dir.path()).unwrap();
    assert_eq!(std::fs::read(&cert).unwrap(), before);
}

#[tokio::test]
async fn plain_http_is_refused_on_the_tls_port() {
    let app = TestApp::spawn().await;
    let plain = reqwest::Client::new();
    let url = app.url("/api/v1/health").replace("https://", "http://");
    let res = plain.get(url).send().await;
    assert!(res.is_err() || !res.unwrap().status().is_success());
}
