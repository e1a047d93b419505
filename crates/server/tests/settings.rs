//! Site settings from the console's API: admins change them and the widget config follows;
//! agents cannot; a bad document changes nothing and names the field.

mod common;

use common::{error_code, signed_in, TestApp, PASSWORD};
use reqwest::{header, Method};
use serde_json::{json, Value};

const SETTINGS: &str = "/api/v1/console/sites/demo/settings";

/// The site document as the console reads it.
async fn settings_of(app: &TestApp, cookie: &str) -> Value {
    let res = app.get_with(SETTINGS, header::COOKIE, cookie).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn put(app: &TestApp, cookie: &str, doc: &Value) -> reqwest::Response {
    app.client
        .put(app.url(SETTINGS))
        .header(header::ORIGIN, &app.base)
        .header(header::COOKIE, cookie)
        .json(doc)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_admins_saved_settings_reach_the_widget_with_a_new_etag() {
    let app = TestApp::spawn().await;
    let admin = signed_in(&app, "admin@example.com", "admin").await;
    let before = app.get("/api/v1/sites/demo/widget-config?locale=en").await;
    let etag = before.headers()[header::ETAG].to_str().unwrap().to_owned();

    let mut doc: Value = settings_of(&app, &admin).await;
    assert_eq!(doc["id"], "demo");
    doc["greeting"]["en"] = json!("Welcome back!");
    doc["theme"]["brand_color"] = json!("#aa3300");
    doc["schedule"]["weekly"]["sun"] = json!(["10:00-14:00"]);
    let res = put(&app, &admin, &doc).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());

    let after = app
        .get_with(
            "/api/v1/sites/demo/widget-config?locale=en",
            header::IF_NONE_MATCH,
            &etag,
        )
        .await;
    assert_eq!(after.status(), 200);
    let cfg: Value = after.json().await.unwrap();
    assert_eq!(cfg["greeting"], "Welcome back!");
    assert_eq!(cfg["theme"]["brand_color"], "#aa3300");
    let phone = cfg["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "phone")
        .unwrap();
    assert_eq!(phone["hours"]["weekly"]["sun"], json!(["10:00-14:00"]));
}

#[tokio::test]
async fn agents_can_read_settings_but_not_change_them() {
    let app = TestApp::spawn().await;
    let agent = signed_in(&app, "agent@example.com", "agent").await;
    let res = app.get_with(SETTINGS, header::COOKIE, &agent).await;
    assert_eq!(res.status(), 200);
    let mut doc: Value = res.json().await.unwrap();
    doc["greeting"]["en"] = json!("An agent was here");
    let res = put(&app, &agent, &doc).await;
    assert_eq!(res.status(), 403);
    assert_eq!(error_code(res).await, "forbidden_role");
    let cfg: Value = app
        .get("/api/v1/sites/demo/widget-config?locale=en")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cfg["greeting"], "Hi there! How can we help you today?");
    // No session, no settings.
    assert_eq!(app.get(SETTINGS).await.status(), 401);
}

#[tokio::test]
async fn a_bad_document_is_refused_whole_with_the_field_named() {
    let app = TestApp::spawn().await;
    let admin = signed_in(&app, "admin@example.com", "admin").await;
    let good: Value = settings_of(&app, &admin).await;

    let mut bad = good.clone();
    bad["greeting"]["en"] = json!("Changed");
    bad["time_zone"] = json!("Mars/Olympus");
    let res = put(&app, &admin, &bad).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_settings");
    assert_eq!(body["error"]["field"], "time_zone");
    assert_eq!(
        body["error"]["message"],
        "“Mars/Olympus” is not a time zone like Asia/Shanghai."
    );
    // In the console's (the browser's) language.
    let res = app
        .client
        .put(app.url(SETTINGS))
        .header(header::ORIGIN, &app.base)
        .header(header::COOKIE, &admin)
        .header(header::ACCEPT_LANGUAGE, "zh-CN,zh;q=0.9")
        .json(&bad)
        .send()
        .await
        .unwrap();
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body["error"]["message"],
        "“Mars/Olympus”不是时区，应类似 Asia/Shanghai。"
    );

    let mut bad_channel = good.clone();
    bad_channel["channels"][1]["value"] = json!("");
    let res = put(&app, &admin, &bad_channel).await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["field"], "channels[1].value");

    // A value of the wrong form is named too.
    let mut bad_hours = good.clone();
    bad_hours["schedule"]["weekly"]["mon"] = json!(["9-6"]);
    let res = put(&app, &admin, &bad_hours).await;
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_body");
    assert_eq!(body["error"]["field"], "schedule.weekly", "{body}");

    let mut extra = good.clone();
    extra["owner"] = json!("me");
    let res = put(&app, &admin, &extra).await;
    assert_eq!(error_code(res).await, "invalid_body");

    let mut renamed = good.clone();
    renamed["id"] = json!("other");
    assert_eq!(put(&app, &admin, &renamed).await.status(), 422);

    let now: Value = settings_of(&app, &admin).await;
    assert_eq!(now, good, "nothing changed");
    let other = app
        .send_as(
            Method::GET,
            "/api/v1/console/sites/elsewhere/settings",
            &admin,
        )
        .await;
    assert_eq!(
        other.status(),
        404,
        "a site the account is not a member of does not exist for it"
    );
}

#[tokio::test]
async fn admins_read_the_security_events_and_agents_cannot() {
    let app = TestApp::spawn().await;
    let admin = signed_in(&app, "admin@example.com", "admin").await;
    let agent = signed_in(&app, "agent@example.com", "agent").await;
    // A failed login of the agent, and a settings change by the admin.
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header(header::ORIGIN, &app.base)
        .json(&json!({ "email": "agent@example.com", "password": "not the password" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let doc: Value = settings_of(&app, &admin).await;
    assert_eq!(put(&app, &admin, &doc).await.status(), 200);

    let log: Value = app
        .get_with("/api/v1/console/audit", header::COOKIE, &admin)
        .await
        .json()
        .await
        .unwrap();
    let events: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(events[0], "settings_changed", "newest first: {events:?}");
    assert_eq!(
        log[0]["email"], "admin@example.com",
        "who, even when only the id was kept"
    );
    assert!(events.contains(&"login_failed"));
    assert_eq!(
        events.iter().filter(|e| **e == "login_succeeded").count(),
        2
    );
    let failed = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event"] == "login_failed")
        .unwrap();
    assert_eq!(failed["email"], "agent@example.com");
    assert_eq!(failed["ip"], "127.0.0.1");

    let only: Value = app
        .get_with(
            "/api/v1/console/audit?event=login_failed",
            header::COOKIE,
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(only.as_array().unwrap().len(), 1);

    let res = app
        .get_with("/api/v1/console/audit", header::COOKIE, &agent)
        .await;
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn an_invited_agent_sets_a_password_once_and_works_as_an_agent() {
    let app = TestApp::spawn().await;
    let admin = signed_in(&app, "admin@example.com", "admin").await;
    let invite = |cookie: String, body: Value| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/api/v1/console/sites/demo/invites"))
                .header(header::ORIGIN, &app.base)
                .header(header::COOKIE, cookie)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let res = invite(
        admin.clone(),
        json!({ "email": "New.Agent@example.com", "role": "agent" }),
    )
    .await;
    assert_eq!(res.status(), 200);
    let link: Value = res.json().await.unwrap();
    let url = link["invite_url"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{}/console/#invite=", app.base)),
        "{url}"
    );
    let token = url.rsplit('=').next().unwrap().to_owned();

    let accept = |token: String, password: &'static str| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/api/v1/auth/invites/accept"))
                .header(header::ORIGIN, &app.base)
                .json(&json!({ "token": token, "password": password }))
                .send()
                .await
                .unwrap()
        }
    };
    let weak = accept(token.clone(), "short").await;
    assert_eq!(error_code(weak).await, "weak_password");
    let res = accept(token.clone(), PASSWORD).await;
    assert_eq!(res.status(), 200);
    let agent = res.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["account"]["email"], "new.agent@example.com");
    assert_eq!(
        body["account"]["sites"],
        json!([{ "site": "demo", "role": "agent", "chat": false }])
    );

    // The link works once; a made-up one not at all.
    assert_eq!(
        error_code(accept(token, PASSWORD).await).await,
        "invite_used"
    );
    assert_eq!(accept("ab".repeat(32), PASSWORD).await.status(), 404);
    // The new agent cannot invite, and cannot change settings.
    let res = invite(
        agent.clone(),
        json!({ "email": "x@example.com", "role": "admin" }),
    )
    .await;
    assert_eq!(error_code(res).await, "forbidden_role");
    let doc: Value = settings_of(&app, &agent).await;
    assert_eq!(put(&app, &agent, &doc).await.status(), 403);
    // A role that does not exist is refused.
    let res = invite(admin, json!({ "email": "y@example.com", "role": "owner" })).await;
    assert_eq!(error_code(res).await, "invalid_body");
}

#[tokio::test]
async fn a_preview_shows_unsaved_settings_in_a_locale_and_saves_nothing() {
    let app = TestApp::spawn().await;
    let admin = signed_in(&app, "admin@example.com", "admin").await;
    let agent = signed_in(&app, "agent@example.com", "agent").await;
    let mut doc: Value = settings_of(&app, &admin).await;
    doc["greeting"]["zh-CN"] = json!("预览问候");
    doc["theme"]["launcher_label"] = json!({ "en": "Ask us", "zh-CN": "咨询" });
    let preview = |cookie: &str, locale: &str, doc: &Value| {
        app.client
            .post(app.url(&format!("{SETTINGS}/preview?locale={locale}")))
            .header(header::ORIGIN, &app.base)
            .header(header::COOKIE, cookie)
            .json(doc)
            .send()
    };
    let res = preview(&admin, "zh-CN", &doc).await.unwrap();
    assert_eq!(res.status(), 200);
    let cfg: Value = res.json().await.unwrap();
    assert_eq!(cfg["locale"], "zh-CN");
    assert_eq!(cfg["greeting"], "预览问候");
    assert_eq!(cfg["launcher_label"], "咨询");
    // A locale the site does not have gets the default one.
    let cfg: Value = preview(&admin, "fr", &doc)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(cfg["locale"], "en");
    assert_eq!(cfg["launcher_label"], "Ask us");

    let mut bad = doc.clone();
    bad["theme"]["launcher_label"]["en"] = json!("A label far too long for a launcher button");
    let res = preview(&admin, "en", &bad).await.unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["field"], "theme.launcher_label.en");

    let res = preview(&agent, "en", &doc).await.unwrap();
    assert_eq!(res.status(), 403);

    // Nothing was saved: visitors still get the stored settings.
    let cfg: Value = app
        .get("/api/v1/sites/demo/widget-config?locale=zh-CN")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cfg["greeting"], "您好！请问有什么可以帮您？");
    assert!(cfg.get("launcher_label").is_none());
}
