//! A site's terms of service and privacy notice over real HTTPS with a real SQLite database
//! (issue 7, R1): versions published from the console, read by visitors in their language
//! (or the nearest, marked), acceptances recorded with version, time and visitor, and
//! submissions refused until the visitor has accepted when the site requires it.

mod common;

use base64::Engine as _;
use common::{error_code, signed_in, signed_in_on, TestApp};
use reqwest::header::{ACCEPT_LANGUAGE, AUTHORIZATION, COOKIE, ORIGIN};
use serde_json::{json, Value};

const VISITOR: &str = "0123456789abcdef0123456789abcdef";
const OTHER: &str = "fedcba9876543210fedcba9876543210";
const PHONE: &str = "00112233445566778899aabbccddeeff";

fn text(terms: &str, changes: &str) -> Value {
    json!({
        "terms": terms,
        "privacy": "## What we keep\n\nYour messages, for 90 days.",
        "changes": changes,
    })
}

async fn publish(app: &TestApp, cookie: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/console/sites/demo/terms"))
        .header(ORIGIN, &app.base)
        .header(COOKIE, cookie)
        .header(ACCEPT_LANGUAGE, "ja")
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn console_get(app: &TestApp, cookie: &str, path: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap()
}

async fn history(app: &TestApp, cookie: &str) -> Value {
    let res = console_get(app, cookie, "/api/v1/console/sites/demo/terms").await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// Whether the feedback form's config says the terms must be accepted first.
async fn form_requires_consent(app: &TestApp) -> bool {
    let config: Value = app
        .get("/api/v1/sites/demo/feedback?locale=en")
        .await
        .json()
        .await
        .unwrap();
    config["require_consent"].as_bool().unwrap()
}

async fn terms_for(app: &TestApp, locale: &str) -> Value {
    let res = app
        .get(&format!("/api/v1/sites/demo/terms?locale={locale}"))
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// The request with `Kefu-Identity` (base64url JSON) when a claim is given.
fn with_identity(
    req: reqwest::RequestBuilder,
    identity: Option<&Value>,
) -> reqwest::RequestBuilder {
    match identity {
        Some(id) => req.header(
            "kefu-identity",
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(serde_json::to_vec(id).unwrap()),
        ),
        None => req,
    }
}

async fn accept(
    app: &TestApp,
    token: &str,
    version: u32,
    identity: Option<&Value>,
) -> reqwest::Response {
    let req = app
        .client
        .post(app.url("/api/v1/sites/demo/terms/acceptances"))
        .header(AUTHORIZATION, format!("Bearer {token}"))
        .json(&json!({"version": version, "locale": "en"}));
    with_identity(req, identity).send().await.unwrap()
}

async fn submit_ticket(app: &TestApp, token: &str, key: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/sites/demo/tickets"))
        .header(AUTHORIZATION, format!("Bearer {token}"))
        .header("idempotency-key", key)
        .json(&json!({
            "category": "question",
            "subject": "Parcel late",
            "description": "Where is my parcel? I ordered on Monday.",
            "locale": "en",
        }))
        .send()
        .await
        .unwrap()
}

async fn answer_nps(app: &TestApp, token: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/sites/demo/nps"))
        .header(AUTHORIZATION, format!("Bearer {token}"))
        .json(&json!({"score": 9, "locale": "en"}))
        .send()
        .await
        .unwrap()
}

async fn start_chat(app: &TestApp, token: &str, identity: Option<&Value>) -> reqwest::Response {
    let req = app
        .client
        .post(app.url("/api/v1/sites/demo/chat"))
        .header(AUTHORIZATION, format!("Bearer {token}"))
        .json(&json!({"locale": "en"}));
    with_identity(req, identity).send().await.unwrap()
}

#[tokio::test]
async fn admins_publish_versions_that_visitors_read_in_their_language() {
    let app = TestApp::spawn().await;
    // Nothing published: nothing to read, nothing to accept.
    let res = app.get("/api/v1/sites/demo/terms?locale=en").await;
    assert_eq!(res.status(), 204);
    assert!(!form_requires_consent(&app).await);

    let admin = signed_in(&app, "admin@example.com", "admin").await;
    let agent = signed_in(&app, "agent@example.com", "agent").await;
    let v1 = json!({
        "require_acceptance": true,
        "texts": {
            "en": text("## Fees\n\nNone. <script>alert(1)</script> [x](javascript:alert(1))", ""),
            "zh-CN": text("## 费用\n\n免费。", ""),
        },
    });
    // Only admins publish.
    let res = publish(&app, &agent, &v1).await;
    assert_eq!(res.status(), 403);
    assert_eq!(error_code(res).await, "forbidden_role");

    // Refused drafts name the field, in the console's language.
    for (draft, field) in [
        (
            json!({"texts": {"zh-CN": text("条款", "")}}),
            "texts.en.terms",
        ),
        (
            json!({"texts": {"en": text("Terms", ""), "fr": text("Conditions", "")}}),
            "texts.fr",
        ),
        (
            json!({"texts": {"en": {"terms": "Terms", "privacy": "  "}}}),
            "texts.en.privacy",
        ),
        (
            json!({"texts": {"en": text(&"x".repeat(100_001), "")}}),
            "texts.en.terms",
        ),
    ] {
        let res = publish(&app, &admin, &draft).await;
        assert_eq!(res.status(), 422, "{draft}");
        let err: Value = res.json().await.unwrap();
        assert_eq!(err["error"]["code"], "invalid_terms");
        assert_eq!(err["error"]["field"], field);
        let message = err["error"]["message"].as_str().unwrap();
        assert!(!message.is_ascii(), "not in Japanese: {message}");
    }
    assert_eq!(history(&app, &admin).await["versions"], json!([]));

    let res = publish(&app, &admin, &v1).await;
    assert_eq!(res.status(), 201);
    let published: Value = res.json().await.unwrap();
    assert_eq!(published["version"], 1);
    assert_eq!(published["published_by"], "admin@example.com");

    // The visitor reads sanitized HTML in their language, or the nearest, marked.
    let en = terms_for(&app, "en-GB").await;
    assert_eq!(
        (en["version"].as_u64(), en["locale"].as_str()),
        (Some(1), Some("en"))
    );
    assert_eq!(en["fallback"], false);
    assert_eq!(en["require_acceptance"], true);
    let html = en["terms"].as_str().unwrap();
    assert!(html.contains("<h4>Fees</h4>"), "{html}");
    assert!(
        !html.contains("<script") && !html.contains("javascript:"),
        "{html}"
    );
    assert!(en["privacy"]
        .as_str()
        .unwrap()
        .contains("<h4>What we keep</h4>"));
    let zh = terms_for(&app, "zh-HK").await;
    assert_eq!(
        (zh["locale"].as_str(), zh["fallback"].as_bool()),
        (Some("zh-CN"), Some(false))
    );
    assert!(zh["terms"].as_str().unwrap().contains("免费"));
    let ja = terms_for(&app, "ja").await;
    assert_eq!(
        (ja["locale"].as_str(), ja["fallback"].as_bool()),
        (Some("en"), Some(true))
    );
    assert!(form_requires_consent(&app).await);

    // A second version must say what changed.
    let mut v2 = v1.clone();
    v2["texts"]["en"]["terms"] = json!("## Fees\n\nStill none.");
    let res = publish(&app, &admin, &v2).await;
    assert_eq!(res.status(), 422);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"]["field"], "texts.en.changes");
    v2["texts"]["en"]["changes"] = json!("We now keep chats for 90 days.");
    v2["require_acceptance"] = json!(false);
    let res = publish(&app, &admin, &v2).await;
    assert_eq!(res.status(), 201);
    let en = terms_for(&app, "en").await;
    assert_eq!(en["version"], 2);
    assert_eq!(en["changes"], "We now keep chats for 90 days.");
    assert_eq!(en["require_acceptance"], false);

    // The history, newest first; every version stays readable as it was.
    let h = history(&app, &agent).await;
    let versions: Vec<u64> = h["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_u64().unwrap())
        .collect();
    assert_eq!(versions, [2, 1]);
    assert_eq!(h["versions"][1]["locales"], json!(["en", "zh-CN"]));
    assert_eq!(h["current"]["version"], 2);
    let old: Value = console_get(&app, &agent, "/api/v1/console/sites/demo/terms/1")
        .await
        .json()
        .await
        .unwrap();
    assert!(old["texts"]["en"]["terms"]
        .as_str()
        .unwrap()
        .contains("None."));
    let res = console_get(&app, &agent, "/api/v1/console/sites/demo/terms/9").await;
    assert_eq!(res.status(), 404);

    // Another site's admin reads none of it.
    let mut other = kefu_server::site::demo_site(&[]);
    other.id = "other".into();
    app.state.store.put_site(&other).await.unwrap();
    let stranger = signed_in_on(&app, "stranger@example.com", "admin", "other").await;
    let res = console_get(&app, &stranger, "/api/v1/console/sites/demo/terms").await;
    assert_eq!(res.status(), 404);
    let res = publish(&app, &stranger, &v2).await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn submissions_and_answers_wait_for_an_acceptance_recorded_with_version_time_and_visitor() {
    let app = TestApp::spawn().await;
    common::ws::chat_on(&app).await;
    let admin = signed_in(&app, "admin@example.com", "admin").await;
    let v1 = json!({"require_acceptance": true, "texts": {"en": text("Be kind.", "")}});
    assert_eq!(publish(&app, &admin, &v1).await.status(), 201);

    // Neither a ticket nor a chat before the visitor accepts.
    let res = submit_ticket(&app, VISITOR, "terms-key-0001").await;
    assert_eq!(res.status(), 422);
    let err: Value = res.json().await.unwrap();
    assert_eq!(
        (
            err["error"]["code"].as_str(),
            err["error"]["field"].as_str()
        ),
        (Some("consent_required"), Some("consent"))
    );
    let res = start_chat(&app, OTHER, None).await;
    assert_eq!(error_code(res).await, "consent_required");
    // Nor an NPS answer.
    let res = answer_nps(&app, VISITOR).await;
    assert_eq!(error_code(res).await, "consent_required");

    // Only the current version can be accepted.
    let res = accept(&app, VISITOR, 2, None).await;
    assert_eq!(res.status(), 409);
    assert_eq!(error_code(res).await, "terms_changed");
    let res = app
        .client
        .post(app.url("/api/v1/sites/demo/terms/acceptances"))
        .json(&json!({"version": 1, "locale": "en"}))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(res).await, "visitor_token_required");

    let res = accept(&app, VISITOR, 1, None).await;
    assert_eq!(res.status(), 201);
    let first: Value = res.json().await.unwrap();
    assert_eq!(first["version"], 1);
    let at = first["accepted_at"].as_i64().unwrap();
    assert!((at - kefu_server::store::now_ms()).abs() < 60_000);
    // Accepting again keeps the first record.
    let again: Value = accept(&app, VISITOR, 1, None).await.json().await.unwrap();
    assert_eq!(again["accepted_at"], at);
    let res = submit_ticket(&app, VISITOR, "terms-key-0002").await;
    assert_eq!(res.status(), 201, "{:?}", res.text().await);
    assert_eq!(answer_nps(&app, VISITOR).await.status(), 201);

    assert_eq!(accept(&app, OTHER, 1, None).await.status(), 201);
    assert_eq!(start_chat(&app, OTHER, None).await.status(), 201);
    assert_eq!(history(&app, &admin).await["versions"][0]["acceptances"], 2);

    // A user the site vouches for counts as accepted on their other devices too; a claim with
    // a wrong signature is refused.
    let secret = kefu_server::chat::site_secret(&app.state, "demo")
        .await
        .unwrap();
    let user = json!({
        "id": "user-42",
        "signature": kefu_server::chat::identity::sign(&secret, "user-42"),
    });
    let forged = json!({"id": "user-42", "signature": "00".repeat(32)});
    let res = accept(&app, VISITOR, 1, Some(&forged)).await;
    assert_eq!(error_code(res).await, "identity_not_verified");
    let laptop = "0a".repeat(16);
    assert_eq!(accept(&app, &laptop, 1, Some(&user)).await.status(), 201);
    assert_eq!(start_chat(&app, PHONE, Some(&user)).await.status(), 201);
    // And a browser that accepted before its user signed in stays accepted.
    let signed_in_later = json!({
        "id": "user-7",
        "signature": kefu_server::chat::identity::sign(&secret, "user-7"),
    });
    let res = start_chat(&app, VISITOR, Some(&signed_in_later)).await;
    assert_eq!(res.status(), 201);

    // A new version: the old one can no longer be accepted, and its count stays its own.
    let v2 = json!({
        "require_acceptance": true,
        "texts": {"en": text("Be kind, and patient.", "We added patience.")},
    });
    assert_eq!(publish(&app, &admin, &v2).await.status(), 201);
    let res = accept(&app, "0b".repeat(16).as_str(), 1, None).await;
    assert_eq!(error_code(res).await, "terms_changed");
    let h = history(&app, &admin).await;
    assert_eq!(h["versions"][0]["acceptances"], 0);
    assert_eq!(h["versions"][1]["acceptances"], 3);
}
