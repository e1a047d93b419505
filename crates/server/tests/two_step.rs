//! Two-step verification over real HTTPS: enrolment confirmed by a first code, the half-signed-in
//! state accepted nowhere else, codes of the neighbouring steps accepted and older ones refused,
//! no replay, recovery codes good once (R20).

mod common;

use common::{cookie_of, error_code, TestApp, PASSWORD};
use kefu_server::accounts::two_step::{code_at, STEP_SECS};
use reqwest::{header, Method};
use serde_json::{json, Value};
use std::io::Write as _;
use std::process::{Command, Stdio};

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Waits, if needed, until at least 10 s remain in the current 30 s step, so a test's codes
/// cannot straddle a step boundary. This waits for the clock, not for the server.
fn early_in_a_step() -> u64 {
    let into = now_secs() % STEP_SECS;
    if into > STEP_SECS - 10 {
        std::thread::sleep(std::time::Duration::from_secs(STEP_SECS - into));
    }
    now_secs() / STEP_SECS
}

fn create_admin(app: &TestApp, email: &str) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kefu"))
        .arg("--data-dir")
        .arg(app.data_dir.path())
        .args(["admin", "create", "--email", email, "--password-stdin"])
        .env("KEFU_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{PASSWORD}").unwrap();
    assert!(child.wait().unwrap().success());
}

async fn post(app: &TestApp, path: &str, cookie: Option<&str>, body: Value) -> reqwest::Response {
    let mut req = app
        .client
        .post(app.url(path))
        .header(header::ORIGIN, &app.base)
        .json(&body);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    req.send().await.unwrap()
}

async fn password_step(app: &TestApp) -> (String, Value) {
    let res = post(
        app,
        "/api/v1/auth/login",
        None,
        json!({ "email": "a@example.com", "password": PASSWORD }),
    )
    .await;
    assert_eq!(res.status(), 200);
    let cookie = cookie_of(&res);
    (cookie, res.json().await.unwrap())
}

/// Enrols with the code of `step` and returns the secret and the recovery codes.
async fn enrol(app: &TestApp, step: u64) -> (String, Vec<String>) {
    let (cookie, _) = password_step(app).await;
    let setup: Value = app
        .send_as(Method::POST, "/api/v1/auth/two-step/setup", &cookie)
        .await
        .json()
        .await
        .unwrap();
    let secret = setup["secret"].as_str().unwrap().to_owned();
    assert!(setup["otpauth_url"]
        .as_str()
        .unwrap()
        .starts_with("otpauth://totp/Kefu:a%40example.com?"));
    assert!(setup["qr_svg"].as_str().unwrap().contains("<svg"));
    let code = code_at(&secret, step * STEP_SECS).unwrap();
    let res = post(
        app,
        "/api/v1/auth/two-step/confirm",
        Some(&cookie),
        json!({ "code": code }),
    )
    .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    let codes: Vec<String> = body["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    (secret, codes)
}

#[tokio::test]
async fn a_code_is_needed_after_the_password_and_the_half_state_opens_nothing_else() {
    let app = TestApp::spawn().await;
    create_admin(&app, "a@example.com");
    let step = early_in_a_step();
    // The previous step's code is accepted for enrolment (clock skew).
    let (secret, codes) = enrol(&app, step - 1).await;
    assert_eq!(codes.len(), 10);

    let (half, body) = password_step(&app).await;
    assert_eq!(body, json!({ "two_step_required": true }));
    for path in ["/api/v1/auth/me", "/api/v1/auth/sessions"] {
        let res = app.get_with(path, header::COOKIE, &half).await;
        assert_eq!(res.status(), 401, "{path} let a half-signed-in session in");
    }
    let res = app
        .send_as(Method::POST, "/api/v1/auth/two-step/setup", &half)
        .await;
    assert_eq!(res.status(), 401);

    // Two steps back is too old; the current step's code signs in, with a new token.
    let old = code_at(&secret, (step - 2) * STEP_SECS).unwrap();
    let res = post(
        &app,
        "/api/v1/auth/two-step",
        Some(&half),
        json!({ "code": old }),
    )
    .await;
    assert_eq!(res.status(), 400);
    assert_eq!(error_code(res).await, "invalid_code");
    let now_code = code_at(&secret, step * STEP_SECS).unwrap();
    let res = post(
        &app,
        "/api/v1/auth/two-step",
        Some(&half),
        json!({ "code": now_code }),
    )
    .await;
    assert_eq!(res.status(), 200);
    let full = cookie_of(&res);
    assert_ne!(full, half);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["account"]["two_step_enabled"], true);
    assert_eq!(
        app.get_with("/api/v1/auth/me", header::COOKIE, &full)
            .await
            .status(),
        200
    );
    assert_eq!(
        app.get_with("/api/v1/auth/me", header::COOKIE, &half)
            .await
            .status(),
        401,
        "spent"
    );

    // The same code again (a replay) is refused; the next step's code is still good.
    let (half2, _) = password_step(&app).await;
    let res = post(
        &app,
        "/api/v1/auth/two-step",
        Some(&half2),
        json!({ "code": now_code }),
    )
    .await;
    assert_eq!(res.status(), 400);
    let next = code_at(&secret, (step + 1) * STEP_SECS).unwrap();
    let res = post(
        &app,
        "/api/v1/auth/two-step",
        Some(&half2),
        json!({ "code": next }),
    )
    .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn a_recovery_code_works_once() {
    let app = TestApp::spawn().await;
    create_admin(&app, "a@example.com");
    let step = early_in_a_step();
    let (_secret, codes) = enrol(&app, step).await;

    let (half, _) = password_step(&app).await;
    let code = codes[3].to_uppercase(); // case and dashes do not matter
    let res = post(
        &app,
        "/api/v1/auth/two-step",
        Some(&half),
        json!({ "recovery_code": code }),
    )
    .await;
    assert_eq!(res.status(), 200);

    let (half, _) = password_step(&app).await;
    let res = post(
        &app,
        "/api/v1/auth/two-step",
        Some(&half),
        json!({ "recovery_code": codes[3] }),
    )
    .await;
    assert_eq!(res.status(), 400, "a used recovery code is spent");
    let res = post(
        &app,
        "/api/v1/auth/two-step",
        Some(&half),
        json!({ "recovery_code": "aaaaa-aaaaa" }),
    )
    .await;
    assert_eq!(res.status(), 400);
}

#[tokio::test]
async fn enrolment_needs_a_right_first_code_and_bodies_are_strict() {
    let app = TestApp::spawn().await;
    create_admin(&app, "a@example.com");
    let (cookie, _) = password_step(&app).await;
    let res = post(
        &app,
        "/api/v1/auth/two-step/confirm",
        Some(&cookie),
        json!({ "code": "123456" }),
    )
    .await;
    assert_eq!(error_code(res).await, "no_enrolment");
    let res = app
        .send_as(Method::POST, "/api/v1/auth/two-step/setup", &cookie)
        .await;
    assert_eq!(res.status(), 200);
    let res = post(
        &app,
        "/api/v1/auth/two-step/confirm",
        Some(&cookie),
        json!({ "code": "000000" }),
    )
    .await;
    assert_eq!(error_code(res).await, "invalid_code");
    let res = post(
        &app,
        "/api/v1/auth/two-step/confirm",
        Some(&cookie),
        json!({ "code": "1", "enabled": true }),
    )
    .await;
    assert_eq!(error_code(res).await, "invalid_body");
    // Still off: the password alone signs in.
    let (_, body) = password_step(&app).await;
    assert_eq!(body["two_step_required"], false);
}

#[tokio::test]
async fn a_site_that_requires_two_step_verification_admits_no_one_without_it() {
    let app = TestApp::spawn().await;
    create_admin(&app, "a@example.com");
    let (cookie, _) = password_step(&app).await;
    let settings = "/api/v1/console/sites/demo/settings";
    let mut doc: Value = app
        .get_with(settings, header::COOKIE, &cookie)
        .await
        .json()
        .await
        .unwrap();
    doc["require_two_step"] = json!(true);
    let res = app
        .client
        .put(app.url(settings))
        .header(header::ORIGIN, &app.base)
        .header(header::COOKIE, &cookie)
        .json(&doc)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    // From now on the account can only look at itself and enrol.
    let res = app.get_with(settings, header::COOKIE, &cookie).await;
    assert_eq!(res.status(), 403);
    assert_eq!(error_code(res).await, "two_step_setup_required");
    let me: Value = app
        .get_with("/api/v1/auth/me", header::COOKIE, &cookie)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["two_step_setup_required"], true);

    let step = early_in_a_step();
    let setup: Value = app
        .send_as(Method::POST, "/api/v1/auth/two-step/setup", &cookie)
        .await
        .json()
        .await
        .unwrap();
    let code = code_at(setup["secret"].as_str().unwrap(), step * STEP_SECS).unwrap();
    let res = post(
        &app,
        "/api/v1/auth/two-step/confirm",
        Some(&cookie),
        json!({ "code": code }),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        app.get_with(settings, header::COOKIE, &cookie)
            .await
            .status(),
        200
    );
}
