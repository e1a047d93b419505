//! Login throttling (R23) over real HTTPS: 429 with Retry-After after ten failures, kept across
//! a restart, not reset by a spoofed X-Forwarded-For, same for unknown accounts.

mod common;

use common::{error_code, Options, TestApp};
use reqwest::header;
use serde_json::json;

async fn attempt(app: &TestApp, email: &str, forwarded_for: Option<&str>) -> reqwest::Response {
    let mut req = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header(header::ORIGIN, &app.base)
        .json(&json!({ "email": email, "password": "wrong password" }));
    if let Some(ip) = forwarded_for {
        req = req.header("x-forwarded-for", ip);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn the_eleventh_failure_is_refused_with_retry_after_even_after_a_restart() {
    let app = TestApp::spawn().await;
    for i in 0..10 {
        let res = attempt(&app, "nobody@example.com", None).await;
        assert_eq!(res.status(), 401, "failure {}", i + 1);
    }
    let res = attempt(&app, "nobody@example.com", None).await;
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (800..=900).contains(&retry),
        "about 15 minutes, got {retry} s"
    );
    assert_eq!(error_code(res).await, "rate_limited");

    // A restart on the same database remembers.
    let dir = app.stop().await;
    let again = TestApp::spawn_with(Options {
        data_dir: Some(dir),
        ..Options::default()
    })
    .await;
    assert_eq!(
        attempt(&again, "nobody@example.com", None).await.status(),
        429
    );
    // Another account from the same client is refused too: the client's budget is spent.
    assert_eq!(
        attempt(&again, "someone-else@example.com", None)
            .await
            .status(),
        429
    );
}

#[tokio::test]
async fn a_spoofed_forwarded_for_header_does_not_reset_the_budget() {
    let app = TestApp::spawn().await;
    for i in 0..10 {
        let spoof = format!("203.0.113.{i}");
        assert_eq!(
            attempt(&app, &format!("user{i}@example.com"), Some(&spoof))
                .await
                .status(),
            401
        );
    }
    let res = attempt(&app, "fresh@example.com", Some("198.51.100.7")).await;
    assert_eq!(res.status(), 429, "the socket address is what counts");
}
