//! Accounts and sessions over real HTTPS: the first admin from the command line, login with a
//! session cookie, no user enumeration, CSRF by Origin, strict bodies.

mod common;

use common::{cookie_of, error_code, TestApp, PASSWORD};
use reqwest::header;
use serde_json::{json, Value};
use std::io::Write as _;
use std::process::{Command, Stdio};

/// `kefu admin create` against the running server's data directory.
fn create_admin(app: &TestApp, email: &str, password: Option<&str>) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kefu"));
    cmd.arg("--data-dir")
        .arg(app.data_dir.path())
        .args(["admin", "create", "--email", email]);
    if password.is_some() {
        cmd.arg("--password-stdin");
    }
    let mut child = cmd
        .env("KEFU_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(pw) = password {
        writeln!(child.stdin.take().unwrap(), "{pw}").unwrap();
    }
    child.wait_with_output().unwrap()
}

async fn login(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/login"))
        .header(header::ORIGIN, &app.base)
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_first_admin_signs_in_with_a_secure_session_cookie_and_signs_out() {
    let app = TestApp::spawn().await;
    let out = create_admin(&app, "Admin@Example.com", Some(PASSWORD));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let res = login(&app, "admin@example.com", PASSWORD).await;
    assert_eq!(res.status(), 200);
    let set = res.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    for part in [
        "__Host-kefu_session=",
        "Path=/",
        "Secure",
        "HttpOnly",
        "SameSite=Strict",
        "Max-Age=43200",
    ] {
        assert!(set.contains(part), "{set} lacks {part}");
    }
    let cookie = cookie_of(&res);
    assert_eq!(
        cookie.len(),
        "__Host-kefu_session=".len() + 64,
        "a 256-bit token"
    );
    let me: Value = res.json::<Value>().await.unwrap()["account"].clone();
    assert_eq!(me["email"], "admin@example.com");
    assert_eq!(me["must_change_password"], false);
    assert_eq!(me["two_step_enabled"], false);
    assert_eq!(
        me["sites"],
        json!([{ "site": "demo", "role": "admin", "chat": false }])
    );

    let whoami = app
        .get_with("/api/v1/auth/me", header::COOKIE, &cookie)
        .await;
    assert_eq!(whoami.status(), 200);

    let out = app
        .send_as(reqwest::Method::POST, "/api/v1/auth/logout", &cookie)
        .await;
    assert_eq!(out.status(), 204);
    let after = app
        .get_with("/api/v1/auth/me", header::COOKIE, &cookie)
        .await;
    assert_eq!(after.status(), 401);
    assert_eq!(error_code(after).await, "unauthorized");
}

#[tokio::test]
async fn every_login_gets_a_new_token_and_the_database_keeps_only_hashes() {
    let app = TestApp::spawn().await;
    assert!(create_admin(&app, "a@example.com", Some(PASSWORD))
        .status
        .success());
    let first = cookie_of(&login(&app, "a@example.com", PASSWORD).await);
    let second = cookie_of(&login(&app, "a@example.com", PASSWORD).await);
    assert_ne!(first, second);
    let token = first.split('=').nth(1).unwrap();
    let db = std::fs::read(app.data_dir.path().join("kefu.db")).unwrap();
    let wal = std::fs::read(app.data_dir.path().join("kefu.db-wal")).unwrap_or_default();
    for bytes in [db, wal] {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(token),
            "the raw token is stored"
        );
    }
}

#[tokio::test]
async fn unknown_and_known_accounts_get_the_same_answer() {
    let app = TestApp::spawn().await;
    assert!(create_admin(&app, "a@example.com", Some(PASSWORD))
        .status
        .success());
    let wrong = login(&app, "a@example.com", "wrong password").await;
    let unknown = login(&app, "nobody@example.com", "wrong password").await;
    let malformed = login(&app, "not-an-address", "wrong password").await;
    let mut bodies = vec![];
    for res in [wrong, unknown, malformed] {
        assert_eq!(res.status(), 401);
        assert!(res.headers().get(header::SET_COOKIE).is_none());
        bodies.push(res.text().await.unwrap());
    }
    assert_eq!(bodies[0], bodies[1]);
    assert_eq!(bodies[1], bodies[2]);
    assert!(bodies[0].contains("invalid_credentials"));
}

#[tokio::test]
async fn a_foreign_or_missing_origin_cannot_change_state() {
    let app = TestApp::spawn().await;
    assert!(create_admin(&app, "a@example.com", Some(PASSWORD))
        .status
        .success());
    let body = json!({ "email": "a@example.com", "password": PASSWORD });
    let foreign = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header(header::ORIGIN, "https://evil.example")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 403);
    assert_eq!(error_code(foreign).await, "forbidden_origin");
    let missing = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 403);
}

#[tokio::test]
async fn a_login_body_with_extra_fields_is_refused() {
    let app = TestApp::spawn().await;
    assert!(create_admin(&app, "a@example.com", Some(PASSWORD))
        .status
        .success());
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header(header::ORIGIN, &app.base)
        .json(&json!({ "email": "a@example.com", "password": PASSWORD, "role": "admin" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_body");
    assert!(body["error"]["message"].as_str().unwrap().contains("role"));
    let not_json = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header(header::ORIGIN, &app.base)
        .body("email=a")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 400);
}

#[tokio::test]
async fn admin_create_checks_the_password_and_can_print_a_one_time_one() {
    let app = TestApp::spawn().await;
    let weak = create_admin(&app, "a@example.com", Some("password123"));
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("most common"));
    let short = create_admin(&app, "a@example.com", Some("short"));
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 8 characters"));

    let out = create_admin(&app, "b@example.com", None);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let one_time = stdout
        .lines()
        .find_map(|l| l.split("first login): ").nth(1))
        .unwrap()
        .trim()
        .to_owned();
    let res = login(&app, "b@example.com", &one_time).await;
    assert_eq!(res.status(), 200);
    let me: Value = res.json::<Value>().await.unwrap()["account"].clone();
    assert_eq!(me["must_change_password"], true);

    let again = create_admin(&app, "B@example.com", Some(PASSWORD));
    assert!(!again.status.success(), "the address is taken");
}

#[tokio::test]
async fn no_cookie_or_a_made_up_one_is_401() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/api/v1/auth/me").await.status(), 401);
    let fake = format!("__Host-kefu_session={}", "ab".repeat(32));
    assert_eq!(
        app.get_with("/api/v1/auth/me", header::COOKIE, &fake)
            .await
            .status(),
        401
    );
}

#[tokio::test]
async fn an_account_lists_its_sessions_and_ends_one_or_all_the_others() {
    let app = TestApp::spawn().await;
    assert!(create_admin(&app, "a@example.com", Some(PASSWORD))
        .status
        .success());
    let laptop = cookie_of(&login(&app, "a@example.com", PASSWORD).await);
    let phone = cookie_of(&login(&app, "a@example.com", PASSWORD).await);
    let tablet = cookie_of(&login(&app, "a@example.com", PASSWORD).await);

    let list: Value = app
        .get_with("/api/v1/auth/sessions", header::COOKIE, &laptop)
        .await
        .json()
        .await
        .unwrap();
    let list = list.as_array().unwrap().clone();
    assert_eq!(list.len(), 3);
    assert_eq!(list.iter().filter(|s| s["current"] == true).count(), 1);
    assert_eq!(list[0]["ip"], "127.0.0.1");
    let other = list.iter().find(|s| s["current"] == false).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // End one other session by its id: exactly one of phone/tablet is now signed out.
    let res = app
        .send_as(
            reqwest::Method::DELETE,
            &format!("/api/v1/auth/sessions/{other}"),
            &laptop,
        )
        .await;
    assert_eq!(res.status(), 204);
    let mut alive = 0;
    for c in [&phone, &tablet] {
        if app
            .get_with("/api/v1/auth/me", header::COOKIE, c)
            .await
            .status()
            == 200
        {
            alive += 1;
        }
    }
    assert_eq!(alive, 1);

    // End all the others: only the laptop stays signed in.
    let res = app
        .send_as(
            reqwest::Method::POST,
            "/api/v1/auth/sessions/revoke-others",
            &laptop,
        )
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["revoked"], 1);
    for c in [&phone, &tablet] {
        assert_eq!(
            app.get_with("/api/v1/auth/me", header::COOKIE, c)
                .await
                .status(),
            401
        );
    }
    assert_eq!(
        app.get_with("/api/v1/auth/me", header::COOKIE, &laptop)
            .await
            .status(),
        200
    );

    // Another account's session ids mean nothing here; junk ids are a 404.
    for id in ["0000000000000000", "not-an-id", "ABCDEF0123456789"] {
        let res = app
            .send_as(
                reqwest::Method::DELETE,
                &format!("/api/v1/auth/sessions/{id}"),
                &laptop,
            )
            .await;
        assert_eq!(res.status(), 404, "{id}");
    }
}

#[tokio::test]
async fn a_one_time_password_must_be_replaced_and_a_change_can_end_the_other_sessions() {
    let app = TestApp::spawn().await;
    let out = create_admin(&app, "b@example.com", None);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let one_time = stdout
        .lines()
        .find_map(|l| l.split("first login): ").nth(1))
        .unwrap()
        .trim()
        .to_owned();
    let elsewhere = cookie_of(&login(&app, "b@example.com", &one_time).await);
    let here = cookie_of(&login(&app, "b@example.com", &one_time).await);

    let blocked = app
        .get_with("/api/v1/auth/sessions", header::COOKIE, &here)
        .await;
    assert_eq!(blocked.status(), 403);
    assert_eq!(error_code(blocked).await, "password_change_required");
    assert_eq!(
        app.get_with("/api/v1/auth/me", header::COOKIE, &here)
            .await
            .status(),
        200
    );

    let change = |current: &str, new: &str| json!({ "current_password": current, "new_password": new, "end_other_sessions": true });
    let post_change = |body: Value| {
        app.client
            .post(app.url("/api/v1/auth/password"))
            .header(header::ORIGIN, &app.base)
            .header(header::COOKIE, &here)
            .json(&body)
            .send()
    };
    let wrong = post_change(change("not it", PASSWORD)).await.unwrap();
    assert_eq!(wrong.status(), 401);
    let weak = post_change(change(&one_time, "12345678")).await.unwrap();
    assert_eq!(weak.status(), 422);
    assert_eq!(error_code(weak).await, "weak_password");
    let ok = post_change(change(&one_time, PASSWORD)).await.unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.json::<Value>().await.unwrap()["ended_sessions"], 1);

    assert_eq!(
        app.get_with("/api/v1/auth/me", header::COOKIE, &elsewhere)
            .await
            .status(),
        401
    );
    assert_eq!(
        app.get_with("/api/v1/auth/sessions", header::COOKIE, &here)
            .await
            .status(),
        200
    );
    assert_eq!(login(&app, "b@example.com", &one_time).await.status(), 401);
    let me = login(&app, "b@example.com", PASSWORD)
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(me["account"]["must_change_password"], false);
}

#[tokio::test]
async fn a_sign_in_from_a_new_device_raises_an_alert_and_a_known_one_does_not() {
    let app = TestApp::spawn().await;
    assert!(create_admin(&app, "a@example.com", Some(PASSWORD))
        .status
        .success());
    let sign_in = |ua: &'static str| {
        let app = &app;
        async move {
            let res = common::login_with(app, "a@example.com", &[(header::USER_AGENT, ua)]).await;
            assert_eq!(res.status(), 200);
            cookie_of(&res)
        }
    };
    let linux = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
    let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";
    let first = sign_in(linux).await;
    sign_in(linux).await;
    let alerts: Value = app
        .get_with("/api/v1/auth/alerts", header::COOKIE, &first)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        alerts,
        json!([]),
        "the first device and a known one raise nothing"
    );
    sign_in(iphone).await;
    let alerts: Value = app
        .get_with("/api/v1/auth/alerts", header::COOKIE, &first)
        .await
        .json()
        .await
        .unwrap();
    let alerts = alerts.as_array().unwrap();
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0]["event"], "new_device_login");
    assert_eq!(alerts[0]["detail"], "Safari on iOS from 127.0.0.0/24");
}

#[tokio::test]
async fn a_new_device_alert_is_emailed_through_smtp_in_the_browsers_language() {
    let (port, mut inbox) = common::smtp_sink().await;
    let app = TestApp::spawn_with(common::Options {
        smtp: common::smtp_to(port, "Kefu <alerts@example.com>"),
        ..Default::default()
    })
    .await;
    common::create_account(&app, "a@example.com", "admin");
    let sign_in = |ua: &'static str| {
        let app = &app;
        async move {
            let headers = [
                (header::USER_AGENT, ua),
                (header::ACCEPT_LANGUAGE, "zh-CN,zh;q=0.9,en;q=0.5"),
            ];
            let res = common::login_with(app, "a@example.com", &headers).await;
            assert_eq!(res.status(), 200);
        }
    };
    sign_in("Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36").await;
    sign_in("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Version/18.0 Mobile/15E148 Safari/604.1").await;
    let mail = tokio::time::timeout(std::time::Duration::from_secs(20), inbox.recv())
        .await
        .expect("an alert e-mail within 20 s")
        .unwrap();
    assert!(mail.contains("To: a@example.com"), "{mail}");
    assert!(mail.contains("From: Kefu <alerts@example.com>"), "{mail}");
    // The subject is UTF-8, encoded per RFC 2047; the body names the device and network.
    assert!(mail.contains("Subject: =?utf-8?"), "{mail}");
    let body = common::decode_body(&mail);
    assert!(body.contains("Safari on iOS"), "{body}");
    assert!(body.contains("127.0.0.0/24"), "{body}");
    assert!(
        body.contains("退出其他设备"),
        "in the browser's language: {body}"
    );
    assert!(body.contains(&format!("{}/console/", app.base)), "{body}");
    // Only the new device was mailed about.
    assert!(inbox.try_recv().is_err());
}

#[tokio::test]
async fn an_idle_or_too_old_session_gets_401() {
    let app = TestApp::spawn().await;
    let idle = common::signed_in(&app, "idle@example.com", "agent").await;
    let old = common::signed_in(&app, "old@example.com", "agent").await;
    let fresh = common::signed_in(&app, "fresh@example.com", "agent").await;
    for cookie in [&idle, &old, &fresh] {
        let res = app
            .get_with("/api/v1/auth/me", header::COOKIE, cookie)
            .await;
        assert_eq!(res.status(), 200);
    }
    // Move the clock of two sessions back, straight in the database: one unused for 31
    // minutes (idle limit 30), one opened 13 hours ago though used just now (limit 12).
    let db = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        app.data_dir.path().join("kefu.db").display()
    ))
    .await
    .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let account_of = "(SELECT id FROM accounts WHERE email = ?)";
    sqlx::query(&format!(
        "UPDATE sessions SET last_seen_at = ? WHERE account_id = {account_of}"
    ))
    .bind(now - 31 * 60_000)
    .bind("idle@example.com")
    .execute(&db)
    .await
    .unwrap();
    sqlx::query(&format!(
        "UPDATE sessions SET created_at = ? WHERE account_id = {account_of}"
    ))
    .bind(now - 13 * 3_600_000)
    .bind("old@example.com")
    .execute(&db)
    .await
    .unwrap();
    db.close().await;
    for cookie in [&idle, &old] {
        let res = app
            .get_with("/api/v1/auth/me", header::COOKIE, cookie)
            .await;
        assert_eq!(res.status(), 401);
        assert_eq!(error_code(res).await, "unauthorized");
    }
    let res = app
        .get_with("/api/v1/auth/me", header::COOKIE, &fresh)
        .await;
    assert_eq!(res.status(), 200, "a session in use stays open");
}

#[tokio::test]
async fn admin_create_asks_a_terminal_for_the_password_twice() {
    let app = TestApp::spawn().await;
    // `script` gives the command a pseudo-terminal, fed from our standard input.
    let command = format!(
        "{} --data-dir {} admin create --email tty@example.com --site demo",
        env!("CARGO_BIN_EXE_kefu"),
        app.data_dir.path().display()
    );
    let mut child = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("KEFU_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A mismatch is asked again; then the same password twice.
    writeln!(
        child.stdin.as_mut().unwrap(),
        "{PASSWORD}\nsomething else\n{PASSWORD}\n{PASSWORD}"
    )
    .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("the two entries differ"), "{text}");
    assert!(text.contains("created admin tty@example.com"), "{text}");
    assert!(!text.contains("shown once"), "no one-time password: {text}");
    let res = login(&app, "tty@example.com", PASSWORD).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["account"]["must_change_password"], false);
}
