//! The NPS question (R14, issue 5) over real HTTPS with a real SQLite database: one answer per
//! visitor per interval, checks with stable codes, and the figures in the console's report.

mod common;

use common::{error_code, signed_in, TestApp};
use reqwest::header;
use serde_json::{json, Value};

async fn answer(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/sites/demo/nps"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .json(body)
        .send()
        .await
        .unwrap()
}

fn visitor(n: u32) -> String {
    format!("{n:032x}")
}

#[tokio::test]
async fn nps_answers_count_once_per_visitor_and_reach_the_report() {
    let app = TestApp::spawn().await;
    // The widget learns the interval from the site.
    let cfg: Value = app
        .get("/api/v1/sites/demo/nps")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cfg["interval_days"], 90);

    let scores = [10, 9, 9, 8, 7, 6, 5, 0, 3, 6];
    for (i, s) in scores.iter().enumerate() {
        let mut body = json!({"score": s, "locale": "en", "page": "https://shop.example/cart"});
        if *s == 0 {
            body["comment"] = json!("  The checkout <b>failed</b> twice.\u{0007}  ");
        }
        if *s == 10 {
            body["comment"] = json!("快又好");
            body["locale"] = json!("zh-CN");
        }
        let res = answer(&app, &visitor(i as u32 + 1), &body).await;
        assert_eq!(res.status(), 201, "{:?}", res.text().await);
    }
    // The same visitor again, within the interval: refused, nothing counted twice.
    let res = answer(&app, &visitor(1), &json!({"score": 0, "locale": "en"})).await;
    assert_eq!(res.status(), 409);
    assert_eq!(error_code(res).await, "nps_answered");

    let cookie = signed_in(&app, "owner@example.com", "admin").await;
    let report: Value = app
        .client
        .get(app.url("/api/v1/console/sites/demo/tickets/report?days=30"))
        .header(header::ORIGIN, &app.base)
        .header(header::COOKIE, &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let nps = &report["nps"];
    assert_eq!(nps["responses"], 10);
    assert_eq!(nps["promoters"], 3);
    assert_eq!(nps["passives"], 2);
    assert_eq!(nps["detractors"], 5);
    assert_eq!(nps["score"], -20);
    let comments = nps["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 2);
    // Newest first; text kept as text, control characters dropped, trimmed.
    assert_eq!(comments[0]["comment"], "The checkout <b>failed</b> twice.");
    assert_eq!(comments[0]["score"], 0);
    assert_eq!(comments[1]["comment"], "快又好");
    assert_eq!(comments[1]["locale"], "zh-CN");
}

#[tokio::test]
async fn bad_nps_answers_get_clear_errors_and_store_nothing() {
    let app = TestApp::spawn().await;
    let v = visitor(7);
    for (body, status, code) in [
        (json!({"score": 11, "locale": "en"}), 422, "invalid_score"),
        (json!({"score": 5, "locale": "xx"}), 422, "invalid_locale"),
        (
            json!({"score": 5, "locale": "en", "comment": "a".repeat(1001)}),
            422,
            "text_too_long",
        ),
        (
            json!({"score": 5, "locale": "en", "page": "javascript:alert(1)"}),
            422,
            "invalid_page",
        ),
        (
            json!({"score": 5, "locale": "en", "extra": 1}),
            400,
            "invalid_body",
        ),
        (json!({"score": -1, "locale": "en"}), 400, "invalid_body"),
    ] {
        let res = answer(&app, &v, &body).await;
        assert_eq!(res.status(), status, "{body}");
        assert_eq!(error_code(res).await, code, "{body}");
    }
    // Without the visitor's token.
    let res = app
        .client
        .post(app.url("/api/v1/sites/demo/nps"))
        .json(&json!({"score": 5, "locale": "en"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(error_code(res).await, "visitor_token_required");
    // None of these used the visitor's one answer.
    let res = answer(&app, &v, &json!({"score": 8, "locale": "en"})).await;
    assert_eq!(res.status(), 201);
}
