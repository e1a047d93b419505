//! The crash test (issue 5, R8): 200 visitors submit at once with idempotency keys; the real
//! `kefu` process is killed with SIGKILL while the submissions are still arriving and then
//! started again on the same data; every client retries what got no answer. Afterwards every
//! submission that got a 201 is stored exactly once, no submission is stored twice, and
//! SQLite's integrity check is clean.

mod common;

use serde_json::{json, Value};
use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

const SUBMISSIONS: usize = 200;
/// The server is killed once this many submissions were answered.
const KILL_AFTER: usize = 50;

/// Starts `kefu serve` on `data` (port `port`, 0 for any) and waits for its "listening" line.
fn start(data: &Path, port: u16) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kefu"))
        .arg("--data-dir")
        .arg(data)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .args([
            "--tickets-per-hour",
            "100000",
            "--rate-limit-per-minute",
            "100000",
        ])
        .args(["--assets-dir", "no-dist", "--console-dir", "no-console"])
        .env("KEFU_LOG", "error")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let base = loop {
        let line = lines.next().expect("kefu printed its address").unwrap();
        if let Some(rest) = line.strip_prefix("listening on ") {
            break rest.split_whitespace().next().unwrap().to_owned();
        }
    };
    (child, base)
}

fn port_of(base: &str) -> u16 {
    base.rsplit(':').next().unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn killed_mid_way_every_acknowledged_ticket_is_stored_once() {
    let data = tempfile::tempdir().unwrap();
    let (mut child, base) = start(data.path(), 0);
    let client = common::client_trusting(data.path());
    let current = Arc::new(RwLock::new(base.clone()));
    let answered = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(AtomicUsize::new(0));
    // First answers that were replays: stored by the killed server, never answered by it.
    let replayed = Arc::new(AtomicUsize::new(0));

    let mut tasks = vec![];
    for i in 0..SUBMISSIONS {
        let (client, current) = (client.clone(), current.clone());
        let (answered, failures, replayed) = (answered.clone(), failures.clone(), replayed.clone());
        tasks.push(tokio::spawn(async move {
            let token = format!("{:032x}", i + 1);
            let key = format!("crash-test-{i:04}");
            let body = json!({
                "category": "question",
                "subject": format!("Submission {i}"),
                "description": format!("Body of submission {i}."),
                "locale": "en",
            });
            for _ in 0..600 {
                let base = current.read().unwrap().clone();
                let sent = client
                    .post(format!("{base}/api/v1/sites/demo/tickets"))
                    .bearer_auth(&token)
                    .header("idempotency-key", &key)
                    .json(&body)
                    .timeout(Duration::from_secs(10))
                    .send()
                    .await;
                match sent {
                    Ok(res) if res.status() == 201 => {
                        if res.headers().contains_key("idempotent-replayed") {
                            replayed.fetch_add(1, Ordering::SeqCst);
                        }
                        let receipt: Value = res.json().await.unwrap();
                        answered.fetch_add(1, Ordering::SeqCst);
                        let reference = receipt["reference"].as_str().unwrap().to_owned();
                        return (key, token, body, reference);
                    }
                    // Its first attempt is still being handled: try again shortly.
                    Ok(res) if res.status() == 409 => {}
                    Ok(res) => panic!("submission {i}: unexpected {}", res.status()),
                    // No answer (the server is down): retry with the same key.
                    Err(_) => {
                        failures.fetch_add(1, Ordering::SeqCst);
                    }
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            panic!("submission {i} never got an answer");
        }));
    }

    // Kill the server while submissions are still arriving, then start it again.
    while answered.load(Ordering::SeqCst) < KILL_AFTER {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    child.kill().unwrap(); // SIGKILL: no shutdown, no flush
    child.wait().unwrap();
    let at_kill = answered.load(Ordering::SeqCst);
    let (mut child, base) = start(data.path(), port_of(&base));
    *current.write().unwrap() = base.clone();

    let mut acknowledged = vec![];
    for t in tasks {
        acknowledged.push(t.await.unwrap());
    }
    assert!(
        at_kill < SUBMISSIONS,
        "the kill came after every answer ({at_kill})"
    );
    assert!(
        failures.load(Ordering::SeqCst) > 0,
        "some submissions went unanswered by the killed server"
    );

    // A retry of every submission now is answered with the reference it first got.
    for (key, token, body, reference) in &acknowledged {
        let res = client
            .post(format!("{base}/api/v1/sites/demo/tickets"))
            .bearer_auth(token)
            .header("idempotency-key", key)
            .json(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "{key}");
        let receipt: Value = res.json().await.unwrap();
        assert_eq!(receipt["reference"], reference.as_str(), "{key}");
    }

    // Stop it and read the database itself.
    child.kill().unwrap();
    child.wait().unwrap();
    let db = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        data.path().join("kefu.db").display()
    ))
    .await
    .unwrap();
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(check, "ok");
    let tickets: i64 = sqlx::query_scalar("SELECT count(*) FROM tickets")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(
        tickets, SUBMISSIONS as i64,
        "one ticket per submission, no duplicates"
    );
    let subjects: i64 = sqlx::query_scalar("SELECT count(DISTINCT subject) FROM tickets")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(subjects, SUBMISSIONS as i64);
    for (_, _, _, reference) in &acknowledged {
        let (messages,): (i64,) =
            sqlx::query_as("SELECT count(*) FROM ticket_messages WHERE reference = ?1")
                .bind(reference)
                .fetch_one(&db)
                .await
                .unwrap();
        assert_eq!(messages, 1, "{reference} is stored whole");
    }
    eprintln!(
        "crash test: {at_kill} answered before the kill, {} attempts without an answer, \
         {} stored but unanswered before the kill (answered on retry), {} tickets stored",
        failures.load(Ordering::SeqCst),
        replayed.load(Ordering::SeqCst),
        tickets
    );
}
