//! The FAQ over real HTTPS: the seeded demo FAQ in four languages, ETag/304, fallback to the
//! default locale, votes once per visitor, views, missed searches, the console report, the
//! console's whole-FAQ save (validated, sanitized) and the per-IP budget of the widget's writes.

mod common;

use common::{error_code, signed_in, TestApp};
use reqwest::header::{CONTENT_LANGUAGE, COOKIE, ETAG, IF_NONE_MATCH, ORIGIN, RETRY_AFTER};
use serde_json::{json, Value};

const HOST: &str = "https://localhost:8443";

async fn payload(app: &TestApp, locale: &str) -> Value {
    let res = app
        .get(&format!("/api/v1/sites/demo/faq?locale={locale}"))
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn post(app: &TestApp, path: &str, body: Value) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header(ORIGIN, HOST)
        .json(&body)
        .send()
        .await
        .unwrap()
}

fn visitor(n: u8) -> String {
    format!("{n:02x}").repeat(16)
}

async fn console_put(app: &TestApp, cookie: &str, faq: &Value) -> reqwest::Response {
    app.client
        .put(app.url("/api/v1/console/sites/demo/faq"))
        .header(ORIGIN, &app.base)
        .header(COOKIE, cookie)
        .json(faq)
        .send()
        .await
        .unwrap()
}

async fn console_get(app: &TestApp, cookie: &str, path: &str) -> Value {
    let res = app
        .client
        .get(app.url(path))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

#[tokio::test]
async fn the_demo_faq_is_served_in_each_language_with_an_etag() {
    let app = TestApp::spawn().await;
    for (locale, question) in [
        ("en", "How do I get a refund?"),
        ("zh-CN,zh", "如何申请退款？"),
        ("ja-JP", "返金してもらうにはどうすればよいですか？"),
        ("ko", "환불은 어떻게 받나요?"),
    ] {
        let p = payload(&app, locale).await;
        assert_eq!(p["articles"].as_array().unwrap().len(), 40, "{locale}");
        let refund = p["articles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == "refund-how")
            .unwrap();
        assert_eq!(refund["question"], question);
        assert!(refund.get("fallback").is_none());
        assert!(refund["html"].as_str().unwrap().contains("<li>"));
        assert_eq!(p["categories"].as_array().unwrap().len(), 6);
        assert_eq!(p["popular"].as_array().unwrap().len(), 5);
    }
    let res = app.get("/api/v1/sites/demo/faq?locale=ja").await;
    assert_eq!(res.headers()[CONTENT_LANGUAGE], "ja");
    let etag = res.headers()[ETAG].to_str().unwrap().to_owned();
    let again = app
        .get_with("/api/v1/sites/demo/faq?locale=ja", IF_NONE_MATCH, &etag)
        .await;
    assert_eq!(again.status(), 304);
    // Another language is another payload.
    let ko = app
        .get_with("/api/v1/sites/demo/faq?locale=ko", IF_NONE_MATCH, &etag)
        .await;
    assert_eq!(ko.status(), 200);

    // A page on a foreign origin gets no CORS permission.
    let foreign = app
        .client
        .get(app.url("/api/v1/sites/demo/faq"))
        .header(ORIGIN, "https://evil.example")
        .send()
        .await
        .unwrap();
    assert!(foreign
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    assert_eq!(
        error_code(app.get("/api/v1/sites/nope/faq").await).await,
        "site_not_found"
    );
    assert_eq!(
        error_code(app.get("/api/v1/sites/demo/faq?locale=%3Cx%3E").await).await,
        "invalid_locale"
    );
}

#[tokio::test]
async fn a_saved_faq_is_validated_sanitized_and_falls_back_to_the_default_locale() {
    let app = TestApp::spawn().await;
    let admin = signed_in(&app, "admin@example.com", "admin").await;
    let mut faq = console_get(&app, &admin, "/api/v1/console/sites/demo/faq").await;
    assert_eq!(faq["articles"].as_array().unwrap().len(), 40);
    let before = app.get("/api/v1/sites/demo/faq?locale=ko").await;
    let etag = before.headers()[ETAG].to_str().unwrap().to_owned();

    // Remove the Korean text of one article and put hostile Markdown into another.
    let articles = faq["articles"].as_array_mut().unwrap();
    let i = articles.iter().position(|a| a["id"] == "invoice").unwrap();
    articles[i]["translations"]
        .as_object_mut()
        .unwrap()
        .remove("ko");
    let j = articles.iter().position(|a| a["id"] == "coupon").unwrap();
    articles[j]["translations"]["ko"]["answer"] = json!(
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[click](javascript:alert(3)) <iframe src=https://evil.example></iframe>"
    );
    let res = console_put(&app, &admin, &faq).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());

    // The cached payload is replaced at once: the old ETag no longer matches.
    let res = app
        .get_with("/api/v1/sites/demo/faq?locale=ko", IF_NONE_MATCH, &etag)
        .await;
    assert_eq!(res.status(), 200);
    let p: Value = res.json().await.unwrap();
    let invoice = p["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "invoice")
        .unwrap()
        .clone();
    assert_eq!(invoice["fallback"], "en");
    assert_eq!(invoice["question"], "Where do I find my invoice?");
    let coupon = p["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "coupon")
        .unwrap()
        .clone();
    let html = coupon["html"].as_str().unwrap();
    for bad in ["<script", "<img", "<iframe", "href=\"javascript"] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    // What is left of the attack is text: no tag carries an event handler.
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap();
        assert!(!tag.contains("onerror"), "<{tag}> in {html}");
    }

    // A wrong category is refused with its field, in the console's language, nothing saved.
    let mut bad = faq.clone();
    bad["articles"][3]["category"] = json!("nope");
    let res = app
        .client
        .put(app.url("/api/v1/console/sites/demo/faq"))
        .header(ORIGIN, &app.base)
        .header(COOKIE, &admin)
        .header("accept-language", "zh-CN")
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_faq");
    assert_eq!(body["error"]["field"], "articles[3].category");
    assert!(body["error"]["message"].as_str().unwrap().contains("分类"));
    let now = console_get(&app, &admin, "/api/v1/console/sites/demo/faq").await;
    assert_eq!(
        now["articles"][3]["category"],
        faq["articles"][3]["category"]
    );

    // Agents read but do not change the FAQ.
    let agent = signed_in(&app, "agent@example.com", "agent").await;
    console_get(&app, &agent, "/api/v1/console/sites/demo/faq").await;
    let res = console_put(&app, &agent, &faq).await;
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn votes_count_once_per_visitor_and_the_report_shows_them() {
    let app = TestApp::spawn().await;
    let vote = |n: u8, article: &'static str, helpful: bool| {
        let app = &app;
        async move {
            post(
                app,
                &format!("/api/v1/sites/demo/faq/{article}/vote"),
                json!({ "visitor": visitor(n), "helpful": helpful }),
            )
            .await
            .status()
        }
    };
    assert_eq!(vote(1, "refund-how", true).await, 201);
    // The same visitor again: their vote is replaced, not added.
    assert_eq!(vote(1, "refund-how", true).await, 200);
    assert_eq!(vote(2, "refund-how", true).await, 201);
    assert_eq!(vote(1, "coupon", false).await, 201);
    assert_eq!(vote(2, "coupon", false).await, 201);
    assert_eq!(vote(3, "no-such-article", true).await, 404);
    let res = post(
        &app,
        "/api/v1/sites/demo/faq/coupon/vote",
        json!({ "visitor": "me", "helpful": true }),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert_eq!(error_code(res).await, "invalid_visitor");
    let res = post(
        &app,
        "/api/v1/sites/demo/faq/coupon/vote",
        json!({ "visitor": visitor(4), "helpful": true, "extra": 1 }),
    )
    .await;
    assert_eq!(res.status(), 400);

    for _ in 0..2 {
        let res = post(&app, "/api/v1/sites/demo/faq/track-parcel/view", json!({})).await;
        assert_eq!(res.status(), 204);
    }
    let res = post(
        &app,
        "/api/v1/sites/demo/faq/misses",
        json!({ "locale": "ja", "query": "  ポイント　カード " }),
    )
    .await;
    assert_eq!(res.status(), 204);
    let res = post(
        &app,
        "/api/v1/sites/demo/faq/misses",
        json!({ "locale": "fr", "query": "carte" }),
    )
    .await;
    assert_eq!(error_code(res).await, "invalid_locale");

    let admin = signed_in(&app, "admin@example.com", "admin").await;
    let report = console_get(&app, &admin, "/api/v1/console/sites/demo/faq/report").await;
    let most_helpful = &report["most_helpful"][0];
    assert_eq!(most_helpful["id"], "refund-how");
    assert_eq!(most_helpful["helpful"], 2);
    assert_eq!(most_helpful["unhelpful"], 0);
    let least = &report["least_helpful"][0];
    assert_eq!(least["id"], "coupon");
    assert_eq!(least["unhelpful"], 2);
    assert_eq!(report["most_viewed"][0]["id"], "track-parcel");
    assert_eq!(report["most_viewed"][0]["views"], 2);
    assert_eq!(report["most_viewed"][0]["question"], "Where is my parcel?");
    // Stored normalized: width folded, spaces collapsed.
    assert_eq!(report["top_misses"][0]["query"], "ポイント カード");
    assert_eq!(report["top_misses"][0]["locale"], "ja");
}

#[tokio::test]
async fn the_widgets_faq_writes_have_a_per_ip_budget() {
    let app = TestApp::spawn().await;
    let mut limited = None;
    for _ in 0..40 {
        let res = post(&app, "/api/v1/sites/demo/faq/track-parcel/view", json!({})).await;
        if res.status() == 429 {
            limited = Some(res);
            break;
        }
        assert_eq!(res.status(), 204);
    }
    let res = limited.expect("the write budget ran out");
    assert!(res.headers().contains_key(RETRY_AFTER));
    assert_eq!(error_code(res).await, "rate_limited");
    // Reading the FAQ is not a write: still served.
    assert_eq!(app.get("/api/v1/sites/demo/faq").await.status(), 200);
}

use common::kefu_cli as kefu;

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_cli_imports_exports_and_searches_a_faq_folder() {
    let data = tempfile::tempdir().unwrap();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
    ok(&kefu(
        data.path(),
        &["site", "import", &format!("{root}/demo-site.toml")],
    ));
    let out = ok(&kefu(
        data.path(),
        &["faq", "import", "demo", &format!("{root}/demo-faq")],
    ));
    assert_eq!(out.trim(), "imported 40 articles into `demo`");

    let out = ok(&kefu(
        data.path(),
        &["faq", "search", "demo", "zh-CN", "退款", "--json"],
    ));
    let found: Value = serde_json::from_str(&out).unwrap();
    assert!(
        found[0]["id"].as_str().unwrap().starts_with("refund-"),
        "{out}"
    );
    assert!(!found[0]["highlights"].as_array().unwrap().is_empty());
    // The best match is an article about what was searched for, in the language asked.
    for (locale, query, about) in [
        ("ja", "パスワード", "パスワード"),
        ("ko", "비밀번호", "비밀번호"),
        ("en", "pasword", "password"),
        ("en", "refnd", "refund"),
    ] {
        let out = ok(&kefu(
            data.path(),
            &["faq", "search", "demo", locale, query, "--json"],
        ));
        let found: Value = serde_json::from_str(&out).unwrap();
        assert!(
            found[0]["question"].as_str().unwrap().contains(about),
            "{locale} {query}: {out}"
        );
    }
    let out = ok(&kefu(data.path(), &["faq", "search", "demo", "en", "zzqx"]));
    assert_eq!(out.trim(), "no article matches");

    // Export, then import the export into another site: the same FAQ.
    let dir = data.path().join("out");
    let out = ok(&kefu(
        data.path(),
        &["faq", "export", "demo", dir.to_str().unwrap()],
    ));
    assert!(out.contains("exported 40 articles"));
    assert!(dir.join("billing/refund-how.ko.md").is_file());
    let exported = kefu_server::faq::folder::read(&dir).unwrap();
    let original =
        kefu_server::faq::folder::read(&std::path::Path::new(root).join("demo-faq")).unwrap();
    assert_eq!(exported, original);

    // A broken folder changes nothing and names the file.
    let bad = data.path().join("bad");
    std::fs::create_dir_all(bad.join("billing")).unwrap();
    std::fs::write(
        bad.join("categories.toml"),
        "[[category]]\nid = \"billing\"\nname = { en = \"Billing\" }\n",
    )
    .unwrap();
    std::fs::write(
        bad.join("billing/x.fr.md"),
        "+++\nquestion = \"Q\"\n+++\nA\n",
    )
    .unwrap();
    let out = kefu(
        data.path(),
        &["faq", "import", "demo", bad.to_str().unwrap()],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("articles[0].translations.fr"), "{err}");
    let out = ok(&kefu(
        data.path(),
        &["faq", "search", "demo", "en", "refund"],
    ));
    assert!(out.contains("refund-how"), "{out}");
}
