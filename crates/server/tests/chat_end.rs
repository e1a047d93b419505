//! The end of a chat and what the team learns from it (issue 6, R3, R14), over real HTTPS with
//! a real SQLite database: the visitor rates a chat that has ended (only their own, only once it
//! ended, 1–5), asks for the transcript by e-mail, and the console's chat report counts first
//! responses, the promise, agents, hours and ratings.

mod common;

use common::ws::{chat_state, spawn, visitor_post};

use common::{signed_in_on, TestApp};
use reqwest::header;
use serde_json::{json, Value};

const VISITOR: &str = "0123456789abcdef0123456789abcdef";
const OTHER: &str = "fedcba9876543210fedcba9876543210";

/// Starts `token`'s conversation with one message; returns its id.
async fn chat(app: &TestApp, token: &str, text: &str) -> String {
    let res = visitor_post(app, token, "chat", json!({"locale": "en"})).await;
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = visitor_post(
        app,
        token,
        "chat/messages",
        json!({"id": "m-1", "text": text}),
    )
    .await;
    assert_eq!(res.status(), 201);
    id
}

async fn console(
    app: &TestApp,
    cookie: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut req = app
        .client
        .request(
            method,
            app.url(&format!("/api/v1/console/sites/demo/{path}")),
        )
        .header(header::COOKIE, cookie)
        .header(header::ORIGIN, app.base.trim_end_matches('/'));
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.unwrap()
}

async fn error_code(res: reqwest::Response) -> String {
    let v: Value = res.json().await.unwrap();
    v["error"]["code"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn visitors_rate_ended_chats_and_the_report_counts_responses_and_ratings() {
    let app = spawn().await;
    let cookie = signed_in_on(&app, "li@example.com", "agent", "demo").await;
    let answered = chat(&app, VISITOR, "Where is my parcel?").await;
    let res = console(
        &app,
        &cookie,
        reqwest::Method::POST,
        &format!("chats/{answered}/messages"),
        Some(json!({"id": "a-1", "text": "It left today."})),
    )
    .await;
    assert_eq!(res.status(), 201);
    // Another visitor nobody answers.
    let unanswered = chat(&app, OTHER, "Hello?").await;

    // Not while the chat is open.
    let rate = |token: &'static str, body: Value| {
        let app = &app;
        async move { visitor_post(app, token, "chat/rating", body).await }
    };
    let res = rate(VISITOR, json!({"conversation": answered, "score": 5})).await;
    assert_eq!(res.status(), 409);
    assert_eq!(error_code(res).await, "chat_open");
    let res = console(
        &app,
        &cookie,
        reqwest::Method::PATCH,
        &format!("chats/{answered}"),
        Some(json!({"status": "closed"})),
    )
    .await;
    assert_eq!(res.status(), 200);

    // Only 1 to 5, only one's own chat, and the comment within limits.
    let res = rate(VISITOR, json!({"conversation": answered, "score": 6})).await;
    assert_eq!(res.status(), 422);
    assert_eq!(error_code(res).await, "invalid_rating");
    let res = rate(OTHER, json!({"conversation": answered, "score": 1})).await;
    assert_eq!(res.status(), 404);
    let long = "x".repeat(1001);
    let res = rate(
        VISITOR,
        json!({"conversation": answered, "score": 3, "comment": long}),
    )
    .await;
    assert_eq!(res.status(), 422);
    let res = rate(
        VISITOR,
        json!({"conversation": answered, "score": 5, "comment": "Quick <b>and</b> kind"}),
    )
    .await;
    assert_eq!(res.status(), 201);
    // Rating again replaces the first.
    let res = rate(VISITOR, json!({"conversation": answered, "score": 4})).await;
    assert_eq!(res.status(), 200);
    let res = rate(VISITOR, json!({"conversation": "nope", "score": 4})).await;
    assert_eq!(res.status(), 404);

    let res = console(
        &app,
        &cookie,
        reqwest::Method::GET,
        "chats/report?days=30",
        None,
    )
    .await;
    assert_eq!(res.status(), 200);
    let r: kefu_api::ChatReport = res.json().await.unwrap();
    assert_eq!(r.days, 30);
    assert_eq!(r.promise_secs, 30);
    assert_eq!(r.started, 2);
    assert_eq!(r.total.conversations, 2);
    assert_eq!(r.total.answered, 1);
    assert_eq!(r.total.within_promise, 1);
    let p50 = r.total.first_response_p50_ms.unwrap();
    assert!((0..30_000).contains(&p50), "{p50}");
    assert_eq!(r.by_agent.len(), 1);
    assert_eq!(r.by_agent[0].label, "li@example.com");
    assert_eq!(r.by_agent[0].answered, 1);
    assert_eq!(r.by_hour.iter().map(|h| h.conversations).sum::<u64>(), 2);
    assert_eq!(r.ratings, 1);
    assert_eq!(r.csat_counts, [0, 0, 0, 1, 0]);
    assert_eq!(r.csat_average, Some(4.0));
    let _ = unanswered;

    // A bad period, and an agent of another site.
    let res = console(
        &app,
        &cookie,
        reqwest::Method::GET,
        "chats/report?days=0",
        None,
    )
    .await;
    assert_eq!(res.status(), 422);
    let mut other = kefu_server::site::demo_site(&[]);
    other.id = "other".into();
    other.modules.chat = true;
    app.state.store.put_site(&other).await.unwrap();
    let stranger = signed_in_on(&app, "stranger@example.com", "admin", "other").await;
    let res = console(&app, &stranger, reqwest::Method::GET, "chats/report", None).await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn the_transcript_is_e_mailed_to_the_visitor_who_asks_for_it() {
    let (port, mut inbox) = common::smtp_sink().await;
    let app = TestApp::spawn_with(common::Options {
        smtp: common::smtp_to(port, "Kefu <support@example.com>"),
        ..Default::default()
    })
    .await;
    let mut site = app.state.store.site("demo").await.unwrap().unwrap().site;
    site.modules.chat = true;
    app.state.store.put_site(&site).await.unwrap();
    let cookie = signed_in_on(&app, "li@example.com", "agent", "demo").await;
    let id = chat(&app, VISITOR, "Where is my parcel?\nOrder <42>").await;
    let res = console(
        &app,
        &cookie,
        reqwest::Method::POST,
        &format!("chats/{id}/messages"),
        Some(json!({"id": "a-1", "text": "It left today."})),
    )
    .await;
    assert_eq!(res.status(), 201);

    // A wrong address, or someone else's conversation: nothing is sent.
    let res = visitor_post(
        &app,
        VISITOR,
        "chat/transcript",
        json!({"conversation": id, "email": "nope"}),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert_eq!(error_code(res).await, "invalid_email");
    let res = visitor_post(
        &app,
        OTHER,
        "chat/transcript",
        json!({"conversation": id, "email": "eve@example.com"}),
    )
    .await;
    assert_eq!(res.status(), 404);

    let res = visitor_post(
        &app,
        VISITOR,
        "chat/transcript",
        json!({"conversation": id, "email": "ada@example.com"}),
    )
    .await;
    assert_eq!(res.status(), 202);
    let mail = tokio::time::timeout(std::time::Duration::from_secs(10), inbox.recv())
        .await
        .expect("the transcript within 10 s")
        .unwrap();
    assert!(mail.contains("To: ada@example.com"), "{mail}");
    assert!(
        mail.contains("Subject: Your chat with Kefu Demo Store"),
        "{mail}"
    );
    let text = common::decode_body(&mail);
    assert!(
        text.contains("] You: Where is my parcel?\n    Order <42>"),
        "{text}"
    );
    assert!(text.contains("] Support team: It left today."), "{text}");
    assert!(inbox.try_recv().is_err(), "one e-mail");

    // A server without e-mail says so.
    let plain = spawn().await;
    let id = chat(&plain, VISITOR, "Hi").await;
    let res = visitor_post(
        &plain,
        VISITOR,
        "chat/transcript",
        json!({"conversation": id, "email": "ada@example.com"}),
    )
    .await;
    assert_eq!(res.status(), 503);
    assert_eq!(error_code(res).await, "email_unavailable");
}

#[tokio::test]
async fn an_agent_blocks_a_visitor_who_then_cannot_chat_until_unblocked() {
    let app = spawn().await;
    let cookie = signed_in_on(&app, "li@example.com", "agent", "demo").await;
    let id = chat(&app, VISITOR, "spam spam spam").await;
    let res = console(
        &app,
        &cookie,
        reqwest::Method::PATCH,
        &format!("chats/{id}"),
        Some(json!({"block": true})),
    )
    .await;
    assert_eq!(res.status(), 200);
    let item: Value = res.json().await.unwrap();
    assert_eq!(item["status"], "closed", "blocking ends the conversation");
    assert_eq!(item["blocked"], true);

    // The blocked visitor can start nothing; another visitor can.
    let res = visitor_post(&app, VISITOR, "chat", json!({"locale": "en"})).await;
    assert_eq!(res.status(), 403);
    assert_eq!(error_code(res).await, "visitor_blocked");
    let res = visitor_post(
        &app,
        VISITOR,
        "chat/messages",
        json!({"id": "m-2", "text": "again"}),
    )
    .await;
    assert_eq!(res.status(), 409, "their conversation is closed");
    chat(&app, OTHER, "Hello").await;

    // An agent of another site can neither block nor unblock.
    let mut other = kefu_server::site::demo_site(&[]);
    other.id = "other".into();
    other.modules.chat = true;
    app.state.store.put_site(&other).await.unwrap();
    let stranger = signed_in_on(&app, "stranger@example.com", "admin", "other").await;
    let res = console(
        &app,
        &stranger,
        reqwest::Method::PATCH,
        &format!("chats/{id}"),
        Some(json!({"block": false})),
    )
    .await;
    assert_eq!(res.status(), 404);

    // Unblocked, the visitor may chat again.
    let res = console(
        &app,
        &cookie,
        reqwest::Method::PATCH,
        &format!("chats/{id}"),
        Some(json!({"block": false})),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["blocked"], false);
    let res = visitor_post(&app, VISITOR, "chat", json!({"locale": "en"})).await;
    assert_eq!(res.status(), 201);
}

#[tokio::test]
async fn visitors_see_the_agents_display_name_never_their_address() {
    let app = spawn().await;
    let cookie = signed_in_on(&app, "li@example.com", "agent", "demo").await;
    let profile = |body: Value| {
        let (app, cookie) = (&app, &cookie);
        async move {
            app.client
                .put(app.url("/api/v1/console/me/profile"))
                .header(header::COOKIE, cookie)
                .header(header::ORIGIN, app.base.trim_end_matches('/'))
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let res = profile(json!({"display_name": "L".repeat(61)})).await;
    assert_eq!(res.status(), 422);
    assert_eq!(error_code(res).await, "text_too_long");
    let res = profile(json!({"display_name": "  Li Wei  "})).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["display_name"], "Li Wei");

    let id = chat(&app, VISITOR, "Hello").await;
    let res = console(
        &app,
        &cookie,
        reqwest::Method::POST,
        &format!("chats/{id}/messages"),
        Some(json!({"id": "a-1", "text": "Hi, I am Li."})),
    )
    .await;
    assert_eq!(res.status(), 201);
    let state = chat_state(&app, VISITOR, 0).await;
    assert_eq!(state["conversation"]["agent"]["name"], "Li Wei");
    assert_eq!(state["messages"][1]["agent"]["name"], "Li Wei");
    assert!(!state.to_string().contains("li@example.com"));

    // Cleared: "Support team" again (no name sent).
    let res = profile(json!({"display_name": null})).await;
    assert_eq!(res.status(), 200);
    assert!(res
        .json::<Value>()
        .await
        .unwrap()
        .get("display_name")
        .is_none());
}
