//! Feedback tickets over real HTTPS with a real SQLite database (issue 5): submission with
//! idempotency keys, due dates in working days, who may read what, the team's queue and the
//! lifecycle with its history, attachments, limits, and e-mails through a real SMTP listener.

mod common;

use common::{error_code, TestApp};
use reqwest::header::{self, HeaderMap};
use reqwest::Method;
use serde_json::{json, Value};

const VISITOR: &str = "0123456789abcdef0123456789abcdef";
const OTHER: &str = "fedcba9876543210fedcba9876543210";

fn ticket(subject: &str) -> Value {
    json!({
        "category": "question",
        "subject": subject,
        "description": "Where is my parcel? I ordered on Monday.",
        "locale": "en",
    })
}

async fn submit(app: &TestApp, token: &str, key: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/sites/demo/tickets"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn created(app: &TestApp, token: &str, key: &str, body: &Value) -> Value {
    let res = submit(app, token, key, body).await;
    assert_eq!(res.status(), 201, "{:?}", res.text().await);
    res.json().await.unwrap()
}

async fn visitor_get(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .send()
        .await
        .unwrap()
}

async fn visitor_post(
    app: &TestApp,
    token: &str,
    key: &str,
    path: &str,
    body: &Value,
) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn mine(app: &TestApp, token: &str) -> Value {
    let res = visitor_get(app, token, "/api/v1/sites/demo/tickets").await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// The next e-mail the SMTP listener received: raw, and its decoded text.
async fn next_mail(inbox: &mut tokio::sync::mpsc::UnboundedReceiver<String>) -> (String, String) {
    let mail = tokio::time::timeout(std::time::Duration::from_secs(20), inbox.recv())
        .await
        .expect("an e-mail within 20 s")
        .unwrap();
    let text = common::decode_body(&mail);
    (mail, text)
}

/// `PATCH` a ticket from the console.
async fn patch(app: &TestApp, path: &str, cookie: &str, body: Value) -> reqwest::Response {
    console(app, Method::PATCH, path, cookie, Some(body)).await
}

/// A console request from the console's origin with a session cookie.
async fn console(
    app: &TestApp,
    method: Method,
    path: &str,
    cookie: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut req = app
        .client
        .request(method, app.url(path))
        .header(header::ORIGIN, &app.base)
        .header(header::COOKIE, cookie);
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn a_submission_gets_a_reference_and_a_due_date_in_working_days() {
    let app = TestApp::spawn().await;
    let receipt = created(&app, VISITOR, "key-0000000001", &ticket("Parcel late")).await;
    let reference = receipt["reference"].as_str().unwrap();
    let re = |s: &str| {
        s.len() == 12
            && s.starts_with("KF-")
            && s.as_bytes()[7] == b'-'
            && s[3..]
                .chars()
                .all(|c| c == '-' || "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c))
    };
    assert!(re(reference), "{reference}");
    let secret = receipt["secret"].as_str().unwrap();
    assert!(secret.len() == 32 && secret.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(receipt["status"], "new");
    assert_eq!(receipt["time_zone"], "Asia/Shanghai");
    // Five working days (Mon–Fri, the demo's holidays and make-up days) in Shanghai.
    let site = kefu_server::site::demo_site(&[]);
    let (due, due_at) = kefu_server::tickets::due::Calendar::of(&site).due(
        &kefu_server::tickets::due::TzZone::of(&site),
        receipt["created_at"].as_i64().unwrap(),
        5,
    );
    assert_eq!(receipt["due_date"], due.to_string());
    assert_eq!(receipt["due_at"], due_at);
    let days = (due_at - receipt["created_at"].as_i64().unwrap()) / 86_400_000;
    assert!((5..=12).contains(&days), "{days} days");

    // The visitor's list and the ticket with its first message.
    let list = mine(&app, VISITOR).await;
    assert_eq!(list["tickets"].as_array().unwrap().len(), 1);
    assert_eq!(list["tickets"][0]["reference"], reference);
    assert_eq!(list["tickets"][0]["unread"], false);
    assert_eq!(list["unread"], 0);
    let path = format!("/api/v1/sites/demo/tickets/{reference}");
    let one: Value = visitor_get(&app, VISITOR, &path)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(one["subject"], "Parcel late");
    assert_eq!(one["messages"][0]["author"], "visitor");
    assert_eq!(
        one["messages"][0]["body"],
        "Where is my parcel? I ordered on Monday."
    );
    assert_eq!(one["can_reply"], true);
    // Typed in lower case without dashes, the reference still finds it.
    let loose = format!(
        "/api/v1/sites/demo/tickets/{}",
        reference.replace('-', "").to_lowercase()
    );
    assert_eq!(visitor_get(&app, VISITOR, &loose).await.status(), 200);
    // The ticket's own secret reads it too (the e-mail link), but nothing else.
    assert_eq!(visitor_get(&app, secret, &path).await.status(), 200);
    assert_eq!(mine(&app, secret).await["tickets"], json!([]));
    // Another visitor, or no token: nothing, and the same answer as for no such ticket.
    let res = visitor_get(&app, OTHER, &path).await;
    assert_eq!(res.status(), 404);
    let missing = visitor_get(&app, OTHER, "/api/v1/sites/demo/tickets/KF-0000-0000").await;
    assert_eq!(missing.status(), 404);
    assert_eq!(res.text().await.unwrap(), missing.text().await.unwrap());
    assert_eq!(mine(&app, OTHER).await["tickets"], json!([]));
    let res = app.get(&path).await;
    assert_eq!(res.status(), 401);
    assert_eq!(error_code(res).await, "visitor_token_required");
    let res = visitor_get(&app, "short", &path).await;
    assert_eq!(error_code(res).await, "invalid_visitor_token");
    // Without SMTP there is no e-mailed link to offer, and the answer says so.
    let res = app
        .client
        .post(app.url("/api/v1/sites/demo/tickets/recover"))
        .header(header::AUTHORIZATION, format!("Bearer {OTHER}"))
        .json(&json!({"email": "a@example.com", "locale": "en"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 503);
    assert_eq!(error_code(res).await, "email_unavailable");
}

#[tokio::test]
async fn a_retry_gets_the_first_answer_and_creates_nothing() {
    let app = TestApp::spawn().await;
    let body = ticket("Parcel late");
    let first = created(&app, VISITOR, "retry-key-1", &body).await;
    let res = submit(&app, VISITOR, "retry-key-1", &body).await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.headers()["idempotent-replayed"], "true");
    assert_eq!(res.json::<Value>().await.unwrap(), first);
    // The same key with another request is refused, not silently answered.
    let res = submit(&app, VISITOR, "retry-key-1", &ticket("Something else")).await;
    assert_eq!(res.status(), 422);
    assert_eq!(error_code(res).await, "idempotency_key_reused");
    assert_eq!(
        mine(&app, VISITOR).await["tickets"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Keys belong to one visitor: another visitor's key of the same text is theirs.
    let other = created(&app, OTHER, "retry-key-1", &body).await;
    assert_ne!(other["reference"], first["reference"]);

    // A key whose first request is still being handled: 409, and the retry after it works.
    let visitor = kefu_server::tickets::visitor_hash("demo", VISITOR);
    let held = app
        .state
        .in_flight
        .hold(format!("demo\n{visitor}\nin-flight-key"))
        .unwrap();
    let res = submit(&app, VISITOR, "in-flight-key", &body).await;
    assert_eq!(res.status(), 409);
    assert_eq!(error_code(res).await, "request_in_progress");
    drop(held);
    created(&app, VISITOR, "in-flight-key", &body).await;

    // Without a key, or with a bad one, nothing is created.
    let res = app
        .client
        .post(app.url("/api/v1/sites/demo/tickets"))
        .header(header::AUTHORIZATION, format!("Bearer {VISITOR}"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(error_code(res).await, "idempotency_key_required");
    let res = submit(&app, VISITOR, "bad key!", &body).await;
    assert_eq!(error_code(res).await, "invalid_idempotency_key");
    assert_eq!(
        mine(&app, VISITOR).await["tickets"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn bad_submissions_name_the_field_and_store_nothing() {
    let app = TestApp::spawn().await;
    let with = |k: &str, v: Value| {
        let mut b = ticket("Parcel late");
        b[k] = v;
        b
    };
    let cases = [
        (with("priority", json!("urgent")), 400, "invalid_body"),
        (with("category", json!("nope")), 422, "invalid_category"),
        (with("subject", json!("   ")), 422, "text_required"),
        (
            with("subject", json!("s".repeat(201))),
            422,
            "text_too_long",
        ),
        (
            with("description", json!("d".repeat(5001))),
            422,
            "text_too_long",
        ),
        (with("email", json!("not-an-address")), 422, "invalid_email"),
        (with("locale", json!("fr")), 422, "invalid_locale"),
        (
            with("page", json!("javascript:alert(1)")),
            422,
            "invalid_page",
        ),
        (
            with(
                "attachment",
                json!({"name": "a.png", "data": "PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"}),
            ),
            422,
            "unsupported_attachment",
        ),
        (
            with(
                "attachment",
                json!({"name": "a.png", "data": "not base64!"}),
            ),
            422,
            "invalid_attachment",
        ),
    ];
    for (i, (body, status, code)) in cases.into_iter().enumerate() {
        let res = submit(&app, VISITOR, &format!("bad-key-{i:04}"), &body).await;
        assert_eq!(res.status(), status, "case {i}");
        let err: Value = res.json().await.unwrap();
        assert_eq!(err["error"]["code"], code, "case {i}: {err}");
        if status == 422 {
            assert!(err["error"]["field"].is_string(), "case {i}: {err}");
            assert!(!err["error"]["message"].as_str().unwrap().is_empty());
        }
    }
    // A body over the size limit is refused before it is read.
    let huge = with(
        "attachment",
        json!({"name": "a.png", "data": "A".repeat(3 * 1024 * 1024)}),
    );
    let res = submit(&app, VISITOR, "huge-key-0001", &huge).await;
    assert_eq!(res.status(), 413);
    assert_eq!(mine(&app, VISITOR).await["tickets"], json!([]));

    // (A site whose terms must be accepted first: tests/terms.rs.)
    let mut site = kefu_server::site::demo_site(&[]);

    // A site without the feedback module takes none.
    site.modules.feedback = false;
    app.state.store.put_site(&site).await.unwrap();
    let res = submit(&app, VISITOR, "off-key-0001", &ticket("Parcel late")).await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn an_image_is_kept_and_given_to_the_team_only_as_an_image() {
    use base64::Engine as _;
    let app = TestApp::spawn().await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
    let mut body = ticket("Screenshot of the error");
    body["attachment"] = json!({
        "name": "../../error<script>.html",
        "data": base64::engine::general_purpose::STANDARD.encode(png),
    });
    let receipt = created(&app, VISITOR, "image-key-01", &body).await;
    let reference = receipt["reference"].as_str().unwrap();
    let cookie = common::signed_in(&app, "agent@example.com", "agent").await;
    let t: Value = console(
        &app,
        Method::GET,
        &format!("/api/v1/console/sites/demo/tickets/{reference}"),
        &cookie,
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(t["attachment"]["content_type"], "image/png");
    assert_eq!(t["attachment"]["size"], png.len());
    let res = console(
        &app,
        Method::GET,
        &format!("/api/v1/console/sites/demo/tickets/{reference}/attachment"),
        &cookie,
        None,
    )
    .await;
    assert_eq!(res.status(), 200);
    let h: HeaderMap = res.headers().clone();
    assert_eq!(h[header::CONTENT_TYPE], "image/png");
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(h[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .contains("sandbox"));
    let disposition = h[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(
        !disposition.contains('/') && !disposition.contains('<'),
        "{disposition}"
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), png);
}

#[tokio::test]
async fn the_queue_puts_urgent_first_and_every_change_is_kept() {
    let app = TestApp::spawn().await;
    let cookie = common::signed_in(&app, "agent@example.com", "agent").await;
    let mut low = ticket("A small idea");
    low["urgency"] = json!("low");
    let mut high = ticket("Cannot log in");
    high["urgency"] = json!("high");
    // The demo's rule: "hacked" makes a request urgent, whatever the visitor chose.
    let mut hacked = ticket("My account was hacked");
    hacked["urgency"] = json!("low");
    let normal = ticket("Parcel late");
    let mut refs = vec![];
    for (i, b) in [&low, &normal, &hacked, &high].into_iter().enumerate() {
        refs.push(
            created(&app, VISITOR, &format!("queue-key-{i}"), b).await["reference"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let queue = |q: &'static str| {
        let (app, cookie) = (&app, &cookie);
        async move {
            let res = console(
                app,
                Method::GET,
                &format!("/api/v1/console/sites/demo/tickets{q}"),
                cookie,
                None,
            )
            .await;
            assert_eq!(res.status(), 200);
            let v: Value = res.json().await.unwrap();
            v["tickets"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| {
                    (
                        t["reference"].as_str().unwrap().to_owned(),
                        t["priority"].as_str().unwrap().to_owned(),
                    )
                })
                .collect::<Vec<_>>()
        }
    };
    let all = queue("").await;
    let priorities: Vec<&str> = all.iter().map(|(_, p)| p.as_str()).collect();
    assert_eq!(priorities, ["urgent", "high", "normal", "low"]);
    assert_eq!(all[0].0, refs[2]);
    assert_eq!(queue("?priority=urgent").await.len(), 1);
    assert_eq!(queue("?assignee=none").await.len(), 4);
    assert_eq!(queue("?overdue=true").await.len(), 0);
    let res = console(
        &app,
        Method::GET,
        "/api/v1/console/sites/demo/tickets?status=lost",
        &cookie,
        None,
    )
    .await;
    assert_eq!(error_code(res).await, "invalid_query");

    let r = &refs[1];
    let path = format!("/api/v1/console/sites/demo/tickets/{r}");
    let visitor_path = format!("/api/v1/sites/demo/tickets/{r}");
    // Assign, then the queue of "mine".
    let res = patch(
        &app,
        &path,
        &cookie,
        json!({"assignee": "agent@example.com"}),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(queue("?assignee=me").await.len(), 1);
    let res = patch(
        &app,
        &path,
        &cookie,
        json!({"assignee": "stranger@example.com"}),
    )
    .await;
    assert_eq!(error_code(res).await, "unknown_assignee");
    // Resolving needs the outcome the visitor will read.
    let res = patch(&app, &path, &cookie, json!({"status": "resolved"})).await;
    assert_eq!(res.status(), 422);
    assert_eq!(error_code(res).await, "outcome_required");
    // A public reply and an internal note.
    let res = console(
        &app,
        Method::POST,
        &format!("{path}/replies"),
        &cookie,
        Some(json!({"body": "It left our warehouse today."})),
    )
    .await;
    assert_eq!(res.status(), 201);
    let t: Value = res.json().await.unwrap();
    assert_eq!(t["status"], "in_progress");
    console(
        &app,
        Method::POST,
        &format!("{path}/replies"),
        &cookie,
        Some(json!({"body": "Courier is slow this week.", "internal": true})),
    )
    .await;
    // The visitor sees the reply, not the note, and has news.
    let seen: Value = visitor_get(&app, VISITOR, &visitor_path)
        .await
        .json()
        .await
        .unwrap();
    let bodies: Vec<&str> = seen["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert_eq!(
        bodies,
        [
            "Where is my parcel? I ordered on Monday.",
            "It left our warehouse today."
        ]
    );
    assert_eq!(seen["messages"][1]["author"], "agent");
    assert!(
        seen["messages"][1].get("name").is_none(),
        "agents' addresses stay inside"
    );
    assert_eq!(mine(&app, VISITOR).await["unread"], 1);
    let res = visitor_post(
        &app,
        VISITOR,
        "unused-key-1",
        &format!("{visitor_path}/seen"),
        &json!({}),
    )
    .await;
    assert_eq!(res.status(), 204);
    assert_eq!(mine(&app, VISITOR).await["unread"], 0);
    // Resolved with an outcome: the visitor reads it and is told.
    let res = patch(&app, &path, &cookie, json!({"status": "resolved", "outcome": "Delivered on Friday; we refunded the shipping fee."})).await;
    assert_eq!(res.status(), 200);
    let seen: Value = visitor_get(&app, VISITOR, &visitor_path)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seen["status"], "resolved");
    assert_eq!(
        seen["outcome"],
        "Delivered on Friday; we refunded the shipping fee."
    );
    assert_eq!(seen["unread"], true);
    // The visitor's reply reopens it; a retry of that reply adds nothing.
    let reply = json!({"body": "It did not arrive."});
    let res = visitor_post(
        &app,
        VISITOR,
        "reply-key-01",
        &format!("{visitor_path}/replies"),
        &reply,
    )
    .await;
    assert_eq!(res.status(), 201);
    let first: Value = res.json().await.unwrap();
    assert_eq!(first["status"], "in_progress");
    let res = visitor_post(
        &app,
        VISITOR,
        "reply-key-01",
        &format!("{visitor_path}/replies"),
        &reply,
    )
    .await;
    assert_eq!(res.json::<Value>().await.unwrap(), first);
    let t: Value = console(&app, Method::GET, &path, &cookie, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(t["messages"].as_array().unwrap().len(), 4);
    assert_eq!(t["messages"][2]["internal"], true);
    let history: Vec<String> = t["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {} {}→{}",
                e["actor"].as_str().unwrap(),
                e["what"].as_str().unwrap(),
                e["from"].as_str().unwrap_or(""),
                e["to"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        history,
        [
            "visitor created →normal",
            "agent@example.com assignee →agent@example.com",
            "agent@example.com reply →",
            "agent@example.com status new→in_progress",
            "agent@example.com note →",
            "agent@example.com outcome →Delivered on Friday; we refunded the shipping fee.",
            "agent@example.com status in_progress→resolved",
            "visitor reply →",
            "visitor status resolved→in_progress",
        ]
    );
    // Closed: the visitor can no longer reply, and it cannot be resolved from there.
    patch(&app, &path, &cookie, json!({"status": "closed"})).await;
    let res = visitor_post(
        &app,
        VISITOR,
        "reply-key-02",
        &format!("{visitor_path}/replies"),
        &reply,
    )
    .await;
    assert_eq!(res.status(), 409);
    assert_eq!(error_code(res).await, "ticket_closed");
    let res = patch(&app, &path, &cookie, json!({"status": "resolved"})).await;
    assert_eq!(error_code(res).await, "invalid_transition");

    // An agent of another site sees none of this.
    let mut other = kefu_server::site::demo_site(&[]);
    other.id = "other".into();
    app.state.store.put_site(&other).await.unwrap();
    let outsider = common::signed_in_on(&app, "outsider@example.com", "agent", "other").await;
    let res = console(&app, Method::GET, &path, &outsider, None).await;
    assert_eq!(res.status(), 404);
    let res = console(
        &app,
        Method::GET,
        "/api/v1/console/sites/demo/tickets",
        &outsider,
        None,
    )
    .await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn a_resolved_ticket_reopens_only_within_the_sites_window() {
    let app = TestApp::spawn().await;
    let mut site = kefu_server::site::demo_site(&[]);
    site.feedback.reopen_days = 0;
    app.state.store.put_site(&site).await.unwrap();
    let cookie = common::signed_in(&app, "agent@example.com", "agent").await;
    let r = created(&app, VISITOR, "window-key-1", &ticket("Parcel late")).await["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = patch(
        &app,
        &format!("/api/v1/console/sites/demo/tickets/{r}"),
        &cookie,
        json!({"status": "resolved", "outcome": "Delivered."}),
    )
    .await;
    assert_eq!(res.status(), 200);
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let path = format!("/api/v1/sites/demo/tickets/{r}");
    let t: Value = visitor_get(&app, VISITOR, &path)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(t["can_reply"], false);
    let res = visitor_post(
        &app,
        VISITOR,
        "window-key-2",
        &format!("{path}/replies"),
        &json!({"body": "Not yet!"}),
    )
    .await;
    assert_eq!(res.status(), 409);
    assert_eq!(error_code(res).await, "reopen_window_passed");
}

#[tokio::test]
async fn new_tickets_are_limited_per_ip_and_per_visitor_with_retry_after() {
    // Per IP: 6 an hour, 5 at once.
    let app = TestApp::spawn_with(common::Options {
        tickets_per_hour: 6,
        ..Default::default()
    })
    .await;
    let token = |i: usize| format!("{i:032x}");
    for i in 0..5 {
        created(
            &app,
            &token(i),
            &format!("ip-key-{i:04}"),
            &ticket("Parcel late"),
        )
        .await;
    }
    let res = submit(&app, &token(9), "ip-key-0009", &ticket("Parcel late")).await;
    assert_eq!(res.status(), 429);
    let wait: u64 = res.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait >= 1);
    assert_eq!(error_code(res).await, "rate_limited");
    // A retry of a stored submission is still answered: it creates nothing.
    let res = submit(&app, &token(0), "ip-key-0000", &ticket("Parcel late")).await;
    assert_eq!(res.status(), 201);

    // Per visitor: 5 at once, whatever the IP allows.
    let app = TestApp::spawn_with(common::Options {
        tickets_per_hour: 1000,
        ..Default::default()
    })
    .await;
    for i in 0..5 {
        created(
            &app,
            VISITOR,
            &format!("v-key-{i:04}"),
            &ticket("Parcel late"),
        )
        .await;
    }
    let res = submit(&app, VISITOR, "v-key-0005", &ticket("Parcel late")).await;
    assert_eq!(res.status(), 429);
    created(&app, OTHER, "v-key-0006", &ticket("Parcel late")).await;
}

#[tokio::test]
async fn emails_tell_the_visitor_in_their_language_and_alert_the_site() {
    let (port, mut inbox) = common::smtp_sink().await;
    let app = TestApp::spawn_with(common::Options {
        smtp: common::smtp_to(port, "Kefu <support@example.com>"),
        ..Default::default()
    })
    .await;
    let body = json!({
        "category": "complaint",
        "subject": "账号被盗",
        "description": "我的账号被盗了，有人用它下了订单。",
        "email": "visitor@example.com",
        "locale": "zh-CN",
    });
    let receipt = created(&app, VISITOR, "mail-key-01", &body).await;
    let reference = receipt["reference"].as_str().unwrap().to_owned();
    let mut mails = [next_mail(&mut inbox).await, next_mail(&mut inbox).await];
    mails.sort_by_key(|(raw, _)| !raw.contains("To: visitor@example.com"));
    let (raw, text) = &mails[0];
    assert!(raw.contains("To: visitor@example.com"), "{raw}");
    assert!(text.contains(&reference), "{text}");
    assert!(
        text.contains("处理结果公布期限"),
        "in the visitor's language: {text}"
    );
    let due = kefu_schedule::Date::parse(receipt["due_date"].as_str().unwrap()).unwrap();
    assert!(
        text.contains(&format!("{}年{}月{}日", due.year, due.month, due.day)),
        "{text}"
    );
    let (raw, text) = &mails[1];
    assert!(raw.contains("To: alerts@example.com"), "{raw}");
    assert!(
        text.contains(&reference) && text.contains("complaint"),
        "{text}"
    );
    assert!(text.contains(&format!("{}/console/", app.base)), "{text}");

    let cookie = common::signed_in(&app, "agent@example.com", "agent").await;
    let path = format!("/api/v1/console/sites/demo/tickets/{reference}");
    console(
        &app,
        Method::POST,
        &format!("{path}/replies"),
        &cookie,
        Some(json!({"body": "我们已冻结该账号并取消了订单。"})),
    )
    .await;
    let (raw, text) = next_mail(&mut inbox).await;
    assert!(raw.contains("To: visitor@example.com"));
    assert!(text.contains("我们已冻结该账号并取消了订单。"), "{text}");
    // An internal note is never mailed.
    console(
        &app,
        Method::POST,
        &format!("{path}/replies"),
        &cookie,
        Some(json!({"body": "internal only", "internal": true})),
    )
    .await;
    patch(
        &app,
        &path,
        &cookie,
        json!({"status": "resolved", "outcome": "账号已找回，订单已退款。"}),
    )
    .await;
    let (_, text) = next_mail(&mut inbox).await;
    assert!(text.contains("账号已找回，订单已退款。"), "{text}");
    // With the link to rate it: the request's own secret, on a page of the site.
    let secret = receipt["secret"].as_str().unwrap();
    assert!(
        text.contains(&format!("#kefu-ticket={reference}.{secret}")),
        "{text}"
    );
    assert!(!text.contains("internal only"));
    assert!(inbox.try_recv().is_err());
}

#[tokio::test]
async fn resolved_requests_are_rated_and_the_report_counts_what_matters() {
    let app = TestApp::spawn().await;
    let cookie = common::signed_in(&app, "agent@example.com", "agent").await;
    let a = created(&app, VISITOR, "report-key-1", &ticket("Parcel late")).await["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut bug = ticket("The app crashes");
    bug["category"] = json!("bug");
    created(&app, VISITOR, "report-key-2", &bug).await;
    let rate = |r: String, body: Value| {
        let app = &app;
        async move {
            app.client
                .post(app.url(&format!("/api/v1/sites/demo/tickets/{r}/rating")))
                .header(header::AUTHORIZATION, format!("Bearer {VISITOR}"))
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    // Not before it is resolved.
    let res = rate(a.clone(), json!({"score": 4})).await;
    assert_eq!(res.status(), 409);
    assert_eq!(error_code(res).await, "not_resolved");
    let path = format!("/api/v1/console/sites/demo/tickets/{a}");
    console(
        &app,
        Method::POST,
        &format!("{path}/replies"),
        &cookie,
        Some(json!({"body": "On its way."})),
    )
    .await;
    patch(
        &app,
        &path,
        &cookie,
        json!({"status": "resolved", "outcome": "Delivered."}),
    )
    .await;
    let res = rate(a.clone(), json!({"score": 6})).await;
    assert_eq!(error_code(res).await, "invalid_rating");
    let res = rate(a.clone(), json!({"score": 4, "comment": "Quick, thanks"})).await;
    assert_eq!(res.status(), 201);
    // Another visitor cannot rate it.
    let res = app
        .client
        .post(app.url(&format!("/api/v1/sites/demo/tickets/{a}/rating")))
        .header(header::AUTHORIZATION, format!("Bearer {OTHER}"))
        .json(&json!({"score": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    // A second rating replaces the first.
    assert_eq!(rate(a.clone(), json!({"score": 5})).await.status(), 200);
    let seen: Value = visitor_get(&app, VISITOR, &format!("/api/v1/sites/demo/tickets/{a}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seen["rating"], 5);
    let t: Value = console(&app, Method::GET, &path, &cookie, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(t["rating"]["score"], 5);

    let report: Value = console(
        &app,
        Method::GET,
        "/api/v1/console/sites/demo/tickets/report?days=30",
        &cookie,
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(report["days"], 30);
    assert_eq!(report["total"]["received"], 2);
    assert_eq!(report["total"]["resolved"], 1);
    assert_eq!(report["total"]["on_time_pct"], 100.0);
    assert!(report["total"]["median_first_reply_ms"].as_i64().unwrap() >= 0);
    assert_eq!(report["total"]["ratings"], 1);
    assert_eq!(report["total"]["average_rating"], 5.0);
    assert_eq!(report["total"]["csat_pct"], 100.0);
    let categories: Vec<&str> = report["by_category"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert_eq!(categories, ["bug", "question"]);
    assert_eq!(report["by_priority"][0]["key"], "normal");
    let res = console(
        &app,
        Method::GET,
        "/api/v1/console/sites/demo/tickets/report?days=0",
        &cookie,
        None,
    )
    .await;
    assert_eq!(error_code(res).await, "invalid_query");
}

#[tokio::test]
async fn an_emailed_link_brings_the_requests_to_a_new_device_once() {
    let (port, mut inbox) = common::smtp_sink().await;
    let app = TestApp::spawn_with(common::Options {
        smtp: common::smtp_to(port, "Kefu <support@example.com>"),
        ..Default::default()
    })
    .await;
    let mut body = ticket("Parcel late");
    body["email"] = json!("visitor@example.com");
    body["page"] = json!(format!("{}/demo?order=1042#top", app.base));
    let r = created(&app, VISITOR, "recover-key-1", &body).await["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    let _receipt = next_mail(&mut inbox).await;
    let recover = |email: &'static str| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/api/v1/sites/demo/tickets/recover"))
                .header(header::AUTHORIZATION, format!("Bearer {OTHER}"))
                .json(&json!({"email": email, "locale": "zh-CN"}))
                .send()
                .await
                .unwrap()
        }
    };
    // An address without requests gets the same answer, and no e-mail.
    assert_eq!(recover("nobody@example.com").await.status(), 202);
    assert_eq!(recover("Visitor@Example.com").await.status(), 202);
    let (raw, text) = next_mail(&mut inbox).await;
    assert!(raw.contains("To: visitor@example.com"), "{raw}");
    assert!(
        text.contains("一小时内有效"),
        "in the asked language: {text}"
    );
    let link = text
        .split_whitespace()
        .find(|w| w.contains("#kefu-recover="))
        .unwrap()
        .to_owned();
    assert!(
        link.starts_with(&format!("{}/demo?order=1042#kefu-recover=", app.base)),
        "{link}"
    );
    let token = link.rsplit('=').next().unwrap().to_owned();
    assert!(inbox.try_recv().is_err(), "one e-mail only");

    // The new device has nothing until it opens the link.
    assert_eq!(mine(&app, OTHER).await["tickets"], json!([]));
    let confirm = |token: String| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/api/v1/sites/demo/tickets/recover/confirm"))
                .header(header::AUTHORIZATION, format!("Bearer {OTHER}"))
                .json(&json!({ "token": token }))
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(confirm("0".repeat(64)).await.status(), 404);
    let res = confirm(token.clone()).await;
    assert_eq!(res.status(), 200);
    let list: Value = res.json().await.unwrap();
    assert_eq!(list["tickets"][0]["reference"], r.as_str());
    let path = format!("/api/v1/sites/demo/tickets/{r}");
    assert_eq!(visitor_get(&app, OTHER, &path).await.status(), 200);
    // The first device keeps its access; the link works once.
    assert_eq!(visitor_get(&app, VISITOR, &path).await.status(), 200);
    assert_eq!(confirm(token).await.status(), 404);
}
