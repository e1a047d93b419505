//! Images, avatars, canned responses, assigning and the visitor's history in live chat (issue
//! 6), over real HTTPS with a real SQLite database.

mod common;

use common::ws::{chat_state, spawn, visitor_post};

use common::{error_code, signed_in_on, TestApp};
use reqwest::header;
use reqwest::Method;
use serde_json::{json, Value};

const VISITOR: &str = "0123456789abcdef0123456789abcdef";
const OTHER: &str = "fedcba9876543210fedcba9876543210";

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

async fn visitor_image(app: &TestApp, token: &str, id: &str, bytes: Vec<u8>) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/sites/demo/chat/files?id={id}")))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "image/png")
        .body(bytes)
        .send()
        .await
        .unwrap()
}

async fn start(app: &TestApp, token: &str) -> String {
    let res = visitor_post(app, token, "chat", json!({"locale": "en"})).await;
    assert!(res.status().is_success());
    res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn console(
    app: &TestApp,
    cookie: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut req = app
        .client
        .request(method, app.url(path))
        .header(header::COOKIE, cookie)
        .header(header::ORIGIN, app.base.trim_end_matches('/'));
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.unwrap()
}

async fn messages(app: &TestApp, token: &str) -> Vec<Value> {
    chat_state(app, token, 0).await["messages"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn images_go_both_ways_once_and_are_served_only_as_images() {
    let app = spawn().await;
    let cookie = signed_in_on(&app, "li@example.com", "agent", "demo").await;

    // No conversation yet: nothing to send it in.
    let res = visitor_image(&app, VISITOR, "img-1", PNG.to_vec()).await;
    assert_eq!(res.status(), 409);
    assert_eq!(error_code(res).await, "no_open_conversation");
    let id = start(&app, VISITOR).await;

    // Bad input: not an image, empty, too large, a bad id.
    let res = visitor_image(&app, VISITOR, "img-1", b"<svg onload=alert(1)>".to_vec()).await;
    assert_eq!(res.status(), 422);
    assert_eq!(error_code(res).await, "unsupported_image");
    let res = visitor_image(&app, VISITOR, "img-1", vec![]).await;
    assert_eq!(res.status(), 422);
    assert_eq!(error_code(res).await, "empty_image");
    let mut big = PNG.to_vec();
    big.resize(kefu_api::MAX_CHAT_IMAGE_BYTES + 1, 0);
    let res = visitor_image(&app, VISITOR, "img-1", big).await;
    assert_eq!(res.status(), 413);
    assert_eq!(error_code(res).await, "payload_too_large");
    let res = visitor_image(&app, VISITOR, "bad id", PNG.to_vec()).await;
    assert_eq!(res.status(), 422);
    assert_eq!(error_code(res).await, "invalid_message_id");

    // Stored once: a retry with the same id gets the first answer.
    let res = visitor_image(&app, VISITOR, "img-1", PNG.to_vec()).await;
    assert_eq!(res.status(), 201);
    let ack: Value = res.json().await.unwrap();
    let path = ack["image"].as_str().unwrap().to_owned();
    assert!(path.starts_with("/api/v1/chat/files/"), "{path}");
    let res = visitor_image(&app, VISITOR, "img-1", PNG.to_vec()).await;
    assert_eq!(res.status(), 200);
    let again: Value = res.json().await.unwrap();
    assert_eq!(again["duplicate"], true);
    assert_eq!(again["image"], ack["image"]);
    assert_eq!(again["seq"], ack["seq"]);
    let list = messages(&app, VISITOR).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["image"], path.as_str());
    assert_eq!(list[0]["text"], "");

    // Served as the image it is, never as a page, to an <img> on another origin.
    let res = app.get(&path).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "image/png");
    assert_eq!(res.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .contains("sandbox"));
    assert_eq!(
        res.headers()["cross-origin-resource-policy"],
        "cross-origin"
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);
    // An id nobody was given finds nothing.
    let res = app
        .get("/api/v1/chat/files/0123456789abcdef0123456789abcdef")
        .await;
    assert_eq!(res.status(), 404);
    let res = app.get("/api/v1/chat/files/..%2Fsecret").await;
    assert_eq!(res.status(), 404);

    // The agent sends one back; the visitor's history has it, with the agent's name.
    let res = app
        .client
        .post(app.url(&format!(
            "/api/v1/console/sites/demo/chats/{id}/files?id=agent-img"
        )))
        .header(header::COOKIE, &cookie)
        .header(header::ORIGIN, app.base.trim_end_matches('/'))
        .body(PNG.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let list = messages(&app, VISITOR).await;
    assert_eq!(list.len(), 2);
    assert_eq!(list[1]["author"], "agent");
    assert!(list[1]["image"]
        .as_str()
        .unwrap()
        .starts_with("/api/v1/chat/files/"));
    assert_ne!(list[1]["image"], list[0]["image"]);

    // Another site's agent cannot send into it.
    let mut other = kefu_server::site::demo_site(&[]);
    other.id = "other".into();
    other.modules.chat = true;
    app.state.store.put_site(&other).await.unwrap();
    let stranger = signed_in_on(&app, "stranger@example.com", "admin", "other").await;
    let res = app
        .client
        .post(app.url(&format!("/api/v1/console/sites/demo/chats/{id}/files?id=x")))
        .header(header::COOKIE, &stranger)
        .header(header::ORIGIN, app.base.trim_end_matches('/'))
        .body(PNG.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    // Once the chat ended, nothing more is sent in it.
    let res = console(
        &app,
        &cookie,
        Method::PATCH,
        &format!("/api/v1/console/sites/demo/chats/{id}"),
        Some(json!({"status": "closed"})),
    )
    .await;
    assert_eq!(res.status(), 200);
    let res = visitor_image(&app, VISITOR, "img-2", PNG.to_vec()).await;
    assert_eq!(res.status(), 409);
}

#[tokio::test]
async fn an_agents_picture_reaches_visitors_on_their_messages() {
    let app = spawn().await;
    let cookie = signed_in_on(&app, "li@example.com", "agent", "demo").await;
    let put = |bytes: Vec<u8>| {
        let (app, cookie) = (&app, cookie.clone());
        async move {
            app.client
                .put(app.url("/api/v1/console/me/avatar"))
                .header(header::COOKIE, cookie)
                .header(header::ORIGIN, app.base.trim_end_matches('/'))
                .body(bytes)
                .send()
                .await
                .unwrap()
        }
    };
    let res = put(b"GIF89a-but-too-big".repeat(20_000)).await;
    assert_eq!(res.status(), 413);
    let res = put(b"hello".to_vec()).await;
    assert_eq!(res.status(), 422);
    assert_eq!(error_code(res).await, "unsupported_image");
    let res = put(PNG.to_vec()).await;
    assert_eq!(res.status(), 200);
    let me: Value = res.json().await.unwrap();
    let avatar = me["avatar"].as_str().unwrap().to_owned();
    assert!(avatar.starts_with("/api/v1/avatars/"), "{avatar}");
    let res = app.get(&avatar).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "image/png");
    assert!(res.headers()[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("immutable"));

    let id = start(&app, VISITOR).await;
    let res = console(
        &app,
        &cookie,
        Method::POST,
        &format!("/api/v1/console/sites/demo/chats/{id}/messages"),
        Some(json!({"id": "a-1", "text": "Hello!"})),
    )
    .await;
    assert_eq!(res.status(), 201);
    let list = messages(&app, VISITOR).await;
    assert_eq!(list[0]["agent"]["avatar"], avatar.as_str());
    // The conversation's agent card has it too (the widget's header).
    let res = visitor_post(&app, VISITOR, "chat", json!({"locale": "en"})).await;
    let conv: Value = res.json().await.unwrap();
    assert_eq!(conv["agent"]["avatar"], avatar.as_str());

    // Removed: the next message has none; the one sent keeps its picture.
    let res = console(
        &app,
        &cookie,
        Method::DELETE,
        "/api/v1/console/me/avatar",
        None,
    )
    .await;
    assert_eq!(res.status(), 200);
    assert!(res.json::<Value>().await.unwrap()["avatar"].is_null());
    let res = console(
        &app,
        &cookie,
        Method::POST,
        &format!("/api/v1/console/sites/demo/chats/{id}/messages"),
        Some(json!({"id": "a-2", "text": "Still here."})),
    )
    .await;
    assert_eq!(res.status(), 201);
    let list = messages(&app, VISITOR).await;
    assert_eq!(list[0]["agent"]["avatar"], avatar.as_str());
    assert!(list[1]["agent"]["avatar"].is_null());
}

#[tokio::test]
async fn canned_responses_are_the_sites_and_checked() {
    let app = spawn().await;
    let cookie = signed_in_on(&app, "li@example.com", "agent", "demo").await;
    let path = "/api/v1/console/sites/demo/canned";
    let res = console(
        &app,
        &cookie,
        Method::POST,
        path,
        Some(json!({"shortcut": "/Refund", "body": "Hello {name}, refunds take 5 days."})),
    )
    .await;
    assert_eq!(res.status(), 201);
    let refund: Value = res.json().await.unwrap();
    assert_eq!(refund["shortcut"], "refund");

    for (body, status, code) in [
        (
            json!({"shortcut": "refund", "body": "Again"}),
            409,
            "shortcut_taken",
        ),
        (
            json!({"shortcut": "two words", "body": "x"}),
            422,
            "invalid_shortcut",
        ),
        (
            json!({"shortcut": "", "body": "x"}),
            422,
            "invalid_shortcut",
        ),
        (
            json!({"shortcut": "hi", "body": "  "}),
            422,
            "empty_message",
        ),
        (
            json!({"shortcut": "hi", "body": "x".repeat(4001)}),
            422,
            "text_too_long",
        ),
        (json!({"shortcut": "hi", "body": "x", "extra": 1}), 400, ""),
    ] {
        let res = console(&app, &cookie, Method::POST, path, Some(body.clone())).await;
        assert_eq!(res.status(), status, "{body}");
        if !code.is_empty() {
            assert_eq!(error_code(res).await, code, "{body}");
        }
    }
    let res = console(
        &app,
        &cookie,
        Method::POST,
        path,
        Some(json!({"shortcut": "hi", "body": "你好！有什么可以帮您？"})),
    )
    .await;
    assert_eq!(res.status(), 201);

    let id = refund["id"].as_i64().unwrap();
    let res = console(
        &app,
        &cookie,
        Method::PUT,
        &format!("{path}/{id}"),
        Some(json!({"shortcut": "refund", "body": "Refunds take 3 days."})),
    )
    .await;
    assert_eq!(res.status(), 200);
    let list: Vec<Value> = console(&app, &cookie, Method::GET, path, None)
        .await
        .json()
        .await
        .unwrap();
    let shortcuts: Vec<&str> = list
        .iter()
        .map(|c| c["shortcut"].as_str().unwrap())
        .collect();
    assert_eq!(shortcuts, ["hi", "refund"]);
    assert_eq!(list[1]["body"], "Refunds take 3 days.");

    // Another site's member sees none of them and changes none.
    let mut other = kefu_server::site::demo_site(&[]);
    other.id = "other".into();
    other.modules.chat = true;
    app.state.store.put_site(&other).await.unwrap();
    let stranger = signed_in_on(&app, "stranger@example.com", "admin", "other").await;
    let res = console(&app, &stranger, Method::GET, path, None).await;
    assert_eq!(res.status(), 404);
    let res = console(
        &app,
        &stranger,
        Method::DELETE,
        &format!("/api/v1/console/sites/other/canned/{id}"),
        None,
    )
    .await;
    assert_eq!(res.status(), 404);

    let res = console(&app, &cookie, Method::DELETE, &format!("{path}/{id}"), None).await;
    assert_eq!(res.status(), 204);
    let res = console(&app, &cookie, Method::DELETE, &format!("{path}/{id}"), None).await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn agents_assign_to_a_colleague_and_see_the_visitors_history() {
    let app = spawn().await;
    let li = signed_in_on(&app, "li@example.com", "agent", "demo").await;
    let _wang = signed_in_on(&app, "wang@example.com", "agent", "demo").await;
    let me: Value = console(&app, &li, Method::GET, "/api/v1/auth/me", None)
        .await
        .json()
        .await
        .unwrap();
    let li_id = me["id"].as_str().unwrap().to_owned();

    // The team, to assign to (nobody's console is open: nobody online).
    let agents: Vec<Value> = console(
        &app,
        &li,
        Method::GET,
        "/api/v1/console/sites/demo/agents",
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    let emails: Vec<&str> = agents
        .iter()
        .map(|a| a["email"].as_str().unwrap())
        .collect();
    assert!(emails.contains(&"li@example.com") && emails.contains(&"wang@example.com"));
    assert!(agents.iter().all(|a| a["online"] == false));
    let wang_id = agents
        .iter()
        .find(|a| a["email"] == "wang@example.com")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // An earlier chat (ended) and a feedback request, then today's chat.
    let first = start(&app, VISITOR).await;
    let res = visitor_post(
        &app,
        VISITOR,
        "chat/messages",
        json!({"id": "m1", "text": "Where is my parcel?"}),
    )
    .await;
    assert_eq!(res.status(), 201);
    let res = console(
        &app,
        &li,
        Method::PATCH,
        &format!("/api/v1/console/sites/demo/chats/{first}"),
        Some(json!({"status": "closed"})),
    )
    .await;
    assert_eq!(res.status(), 200);
    let res = app
        .client
        .post(app.url("/api/v1/sites/demo/tickets"))
        .header(header::AUTHORIZATION, format!("Bearer {VISITOR}"))
        .header("idempotency-key", "ticket-key-1")
        .json(&json!({
            "category": "question",
            "subject": "Parcel still missing",
            "description": "It has been a week.",
            "locale": "en",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{:?}", res.text().await);
    let today = start(&app, VISITOR).await;
    assert_ne!(today, first);
    // Another visitor's past is not theirs.
    start(&app, OTHER).await;

    let history: Value = console(
        &app,
        &li,
        Method::GET,
        &format!("/api/v1/console/sites/demo/chats/{today}/history"),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    let chats = history["chats"].as_array().unwrap();
    assert_eq!(chats.len(), 1, "{history}");
    assert_eq!(chats[0]["id"], first.as_str());
    assert_eq!(chats[0]["first"], "Where is my parcel?");
    assert_eq!(chats[0]["status"], "closed");
    let tickets = history["tickets"].as_array().unwrap();
    assert_eq!(tickets.len(), 1);
    assert_eq!(tickets[0]["subject"], "Parcel still missing");

    // Assigned to a colleague; someone of another site cannot be.
    let res = console(
        &app,
        &li,
        Method::PATCH,
        &format!("/api/v1/console/sites/demo/chats/{today}"),
        Some(json!({"assignee": wang_id})),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<Value>().await.unwrap()["assignee"],
        wang_id.as_str()
    );
    let mut other = kefu_server::site::demo_site(&[]);
    other.id = "other".into();
    app.state.store.put_site(&other).await.unwrap();
    let stranger = signed_in_on(&app, "stranger@example.com", "admin", "other").await;
    let stranger_id = console(&app, &stranger, Method::GET, "/api/v1/auth/me", None)
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = console(
        &app,
        &li,
        Method::PATCH,
        &format!("/api/v1/console/sites/demo/chats/{today}"),
        Some(json!({"assignee": stranger_id})),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert_eq!(error_code(res).await, "invalid_assignee");
    // Nor does the stranger read the history.
    let res = console(
        &app,
        &stranger,
        Method::GET,
        &format!("/api/v1/console/sites/demo/chats/{today}/history"),
        None,
    )
    .await;
    assert_eq!(res.status(), 404);
    let _ = li_id;
}
