//! The widget-config endpoint over real HTTPS: content, locales, ETags, CORS, errors, limits.

mod common;

use common::{error_code, Options, TestApp};
use reqwest::header;
use serde_json::Value;

#[tokio::test]
async fn a_known_site_gets_its_full_config_in_english() {
    let app = TestApp::spawn().await;
    let res = app
        .get("/api/v1/sites/demo/widget-config?locale=en-US")
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()[header::CONTENT_LANGUAGE], "en");
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-cache");
    let cfg: kefu_api::WidgetConfig = res.json().await.unwrap();
    assert_eq!(cfg.site, "demo");
    assert_eq!(cfg.locale, "en");
    assert_eq!(cfg.schedule.time_zone, "Asia/Shanghai");
    assert_eq!(
        cfg.on_brand_color, "#ffffff",
        "white reads best on the demo blue"
    );
    assert!(cfg.modules.contact);
    let kinds: Vec<&str> = cfg.channels.iter().map(|c| c.kind.as_str()).collect();
    for k in [
        "phone", "email", "chat", "wechat", "whatsapp", "telegram", "line", "kakao", "link",
    ] {
        assert!(kinds.contains(&k), "demo lacks a {k} channel");
    }
    let phone = cfg.channels.iter().find(|c| c.id == "phone").unwrap();
    assert_eq!(phone.href.as_deref(), Some("tel:+864008208820"));
    assert_eq!(phone.response_secs, Some(60));
    let chat = cfg.channels.iter().find(|c| c.id == "chat").unwrap();
    assert_eq!(chat.response_secs, Some(30));
    let wechat = cfg.channels.iter().find(|c| c.id == "wechat").unwrap();
    assert_eq!(
        wechat.qr_url.as_deref(),
        Some("/api/v1/sites/demo/channels/wechat/qr.svg")
    );
}

#[tokio::test]
async fn chinese_visitors_get_chinese_content_and_others_the_default() {
    let app = TestApp::spawn().await;
    let zh: Value = app
        .get("/api/v1/sites/demo/widget-config?locale=zh,en")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(zh["locale"], "zh-CN");
    assert_eq!(zh["greeting"], "您好！请问有什么可以帮您？");
    let fr: Value = app
        .get("/api/v1/sites/demo/widget-config?locale=fr-FR")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(fr["locale"], "en");
    assert_eq!(fr["name"], "Kefu Demo Store");
}

#[tokio::test]
async fn an_unknown_site_is_a_404_with_a_stable_code() {
    let app = TestApp::spawn().await;
    for path in [
        "/api/v1/sites/nope/widget-config",
        "/api/v1/sites/NOT..valid/widget-config",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 404, "{path}");
        assert_eq!(error_code(res).await, "site_not_found");
    }
}

#[tokio::test]
async fn an_unchanged_config_is_a_304_and_a_changed_one_is_not() {
    let app = TestApp::spawn().await;
    let first = app.get("/api/v1/sites/demo/widget-config?locale=en").await;
    let etag = first.headers()[header::ETAG].to_str().unwrap().to_owned();
    let again = app
        .get_with(
            "/api/v1/sites/demo/widget-config?locale=en",
            header::IF_NONE_MATCH,
            &etag,
        )
        .await;
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()[header::ETAG].to_str().unwrap(), etag);
    assert!(again.bytes().await.unwrap().is_empty());
    // Another language is another representation.
    let zh = app
        .get_with(
            "/api/v1/sites/demo/widget-config?locale=zh-CN",
            header::IF_NONE_MATCH,
            &etag,
        )
        .await;
    assert_eq!(zh.status(), 200);
}

#[tokio::test]
async fn an_allowed_origin_is_echoed_and_a_foreign_one_gets_no_cors_headers() {
    let app = TestApp::spawn().await;
    let own = app.base.clone();
    let allowed = app
        .get_with("/api/v1/sites/demo/widget-config", header::ORIGIN, &own)
        .await;
    assert_eq!(
        allowed.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        own.as_str()
    );
    assert!(allowed
        .headers()
        .get_all(header::VARY)
        .iter()
        .any(|v| v == "Origin"));
    assert!(allowed
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS)
        .is_none());

    let foreign = app
        .get_with(
            "/api/v1/sites/demo/widget-config",
            header::ORIGIN,
            "https://evil.example",
        )
        .await;
    assert!(foreign
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());
    assert!(foreign
        .headers()
        .get_all(header::VARY)
        .iter()
        .any(|v| v == "Origin"));

    let preflight = app
        .client
        .request(
            reqwest::Method::OPTIONS,
            app.url("/api/v1/sites/demo/widget-config"),
        )
        .header(header::ORIGIN, &own)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 204);
    assert_eq!(
        preflight.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        own.as_str()
    );
    assert!(preflight
        .headers()
        .contains_key(header::ACCESS_CONTROL_ALLOW_METHODS));

    // One site's origin is not another site's.
    let other_site = app
        .get_with("/api/v1/sites/other/widget-config", header::ORIGIN, &own)
        .await;
    assert!(other_site
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());
}

#[tokio::test]
async fn malformed_and_oversized_input_gets_a_clear_4xx() {
    let app = TestApp::spawn().await;
    let cases = [
        (
            "/api/v1/sites/demo/widget-config?locale=%%%",
            400,
            "invalid_locale",
        ),
        (
            "/api/v1/sites/demo/widget-config?locale=en&locale=fr",
            400,
            "invalid_query",
        ),
        (
            "/api/v1/sites/demo/widget-config?locale=en,12345678901",
            400,
            "invalid_locale",
        ),
        (
            "/api/v1/sites/demo/widget-config?colour=red",
            400,
            "invalid_query",
        ),
        ("/api/v1/nothing-here", 404, "not_found"),
    ];
    for (path, status, code) in cases {
        let res = app.get(path).await;
        assert_eq!(res.status(), status, "{path}");
        assert_eq!(error_code(res).await, code, "{path}");
    }
    let long = format!(
        "/api/v1/sites/demo/widget-config?locale={}",
        "a".repeat(5000)
    );
    let res = app.get(&long).await;
    assert_eq!(res.status(), 414);
    assert_eq!(error_code(res).await, "uri_too_long");

    let big = app
        .client
        .post(app.url("/api/v1/sites/demo/widget-config"))
        .body(vec![b'x'; 200 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(big.status(), 413);
    assert_eq!(error_code(big).await, "payload_too_large");

    let wrong_method = app
        .client
        .delete(app.url("/api/v1/sites/demo/widget-config"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_method.status(), 405);
    assert_eq!(error_code(wrong_method).await, "method_not_allowed");
}

#[tokio::test]
async fn a_client_over_its_rate_gets_429_with_retry_after() {
    let app = TestApp::spawn_with(Options {
        rate_limit_per_minute: 10,
        ..Options::default()
    })
    .await;
    let mut statuses = vec![];
    for _ in 0..12 {
        statuses.push(app.get("/api/v1/sites/demo/widget-config").await);
    }
    let limited = statuses
        .iter()
        .position(|r| r.status() == 429)
        .expect("some request is limited");
    assert!(
        limited >= 10,
        "the burst of 10 is allowed, got limited at {limited}"
    );
    let res = statuses.remove(limited);
    let retry: u64 = res.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1);
    assert_eq!(error_code(res).await, "rate_limited");
}

#[tokio::test]
async fn the_wechat_channel_has_a_qr_code_image() {
    let app = TestApp::spawn().await;
    let res = app.get("/api/v1/sites/demo/channels/wechat/qr.svg").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "image/svg+xml");
    assert!(res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .contains("default-src 'none'"));
    assert!(res.text().await.unwrap().starts_with("<?xml"));
    let none = app.get("/api/v1/sites/demo/channels/phone/qr.svg").await;
    assert_eq!(none.status(), 404);
}

#[tokio::test]
async fn a_changed_site_reaches_the_next_page_view_through_a_new_etag() {
    let app = TestApp::spawn().await;
    let first = app.get("/api/v1/sites/demo/widget-config?locale=en").await;
    let etag = first.headers()[header::ETAG].to_str().unwrap().to_owned();

    let file = app.data_dir.path().join("changed.toml");
    let example = include_str!("../../../examples/demo-site.toml");
    std::fs::write(
        &file,
        example.replace("Hi there! How can we help you today?", "Hello again!"),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kefu"))
        .arg("--data-dir")
        .arg(app.data_dir.path())
        .args(["site", "import"])
        .arg(&file)
        .env("KEFU_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let next = app
        .get_with(
            "/api/v1/sites/demo/widget-config?locale=en",
            header::IF_NONE_MATCH,
            &etag,
        )
        .await;
    assert_eq!(next.status(), 200);
    assert_ne!(next.headers()[header::ETAG].to_str().unwrap(), etag);
    let cfg: Value = next.json().await.unwrap();
    assert_eq!(cfg["greeting"], "Hello again!");
}
