//! A visitor whose browser stops reading (issue 6): the server does not wait for it. Its
//! connection is closed (4001) once a frame waits too long, another visitor's chat goes on
//! meanwhile, and on reconnecting the slow one gets everything after the last `seq` it saw, in
//! order and once, over the socket and (beyond the resume window) over REST.

mod common;

use common::ws::*;
use futures_util::StreamExt as _;
use reqwest::header;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;

const SLOW: &str = "0123456789abcdef0123456789abcdef";
const FAST: &str = "fedcba9876543210fedcba9876543210";

/// `GET …/chat?after=N` as `token`: (seqs, more).
async fn page(app: &common::TestApp, token: &str, after: u64) -> (Vec<u64>, bool) {
    let v = chat_state(app, token, after).await;
    let seqs = v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["seq"].as_u64().unwrap())
        .collect();
    (seqs, v["more"].as_bool().unwrap())
}

#[tokio::test]
async fn a_visitor_who_stops_reading_is_dropped_and_resumes_losing_nothing() {
    let app = spawn().await;
    let (mut slow, _) = visitor(&app, SLOW, None, 0).await;
    let conversation = start(&mut slow).await;
    let (mut fast, _) = visitor(&app, FAST, None, 0).await;
    let fast_conversation = start(&mut fast).await;
    let cookie = common::signed_in_on(&app, "li@example.com", "agent", "demo").await;
    let reply = |conversation: String, id: String, text: String| {
        let (app, cookie) = (&app, cookie.clone());
        async move {
            let res = app
                .client
                .post(app.url(&format!(
                    "/api/v1/console/sites/demo/chats/{conversation}/messages"
                )))
                .header(header::COOKIE, cookie)
                .header(header::ORIGIN, app.base.trim_end_matches('/'))
                .json(&json!({"id": id, "text": text}))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 201);
        }
    };
    // The first reply is read; then the slow visitor reads nothing more.
    reply(conversation.clone(), "a-0".into(), "hello".into()).await;
    let first = next_of(&mut slow, "message").await;
    assert_eq!(first["seq"], 1);

    // Large messages until the server gives up on the slow connection (its TCP buffers fill,
    // a frame waits more than 10 s). The other visitor's chat is answered at once meanwhile.
    let key = kefu_server::tickets::visitor_hash("demo", SLOW);
    let big = "字".repeat(kefu_api::MAX_CHAT_CHARS);
    let began = Instant::now();
    let mut sent = 1u64;
    while app.state.chat.hub.visitor_connections("demo", &key) > 0 {
        assert!(
            began.elapsed() < Duration::from_secs(60),
            "the slow connection is still open after {sent} messages"
        );
        let batch =
            (0..20).map(|i| reply(conversation.clone(), format!("a-{}", sent + i), big.clone()));
        futures_util::future::join_all(batch).await;
        sent += 20;
        reply(
            fast_conversation.clone(),
            format!("f-{sent}"),
            "still here".into(),
        )
        .await;
        let m = next_of(&mut fast, "message").await;
        assert_eq!(m["text"], "still here");
        if sent >= 200 {
            // Enough is queued: wait for the server's verdict.
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
    let last = sent;

    // What the slow client still has in its buffers ends with the close (4001) or with the
    // connection cut; either way it reconnects after the last `seq` it saw.
    let mut seen = 1u64;
    let mut code = None;
    while let Ok(Some(msg)) = tokio::time::timeout(Duration::from_secs(10), slow.next()).await {
        match msg {
            Ok(Message::Text(t)) => {
                let f: Value = serde_json::from_str(t.as_str()).unwrap();
                if f["type"] == "message" {
                    let seq = f["seq"].as_u64().unwrap();
                    assert_eq!(seq, seen + 1, "in order, once");
                    seen = seq;
                }
            }
            Ok(Message::Close(c)) => {
                code = c.map(|c| u16::from(c.code));
                break;
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    assert!(matches!(code, None | Some(4001)), "closed with {code:?}");
    assert!(seen < last, "the server stopped before sending everything");

    let (mut again, welcome) = visitor(&app, SLOW, Some(&conversation), seen).await;
    assert_eq!(welcome["conversation"]["last_seq"], last);
    let mut got = vec![];
    if last - seen > kefu_api::CHAT_RESUME_WINDOW {
        assert_eq!(
            next_of(&mut again, "resync").await["conversation"],
            conversation.as_str()
        );
        let mut after = seen;
        loop {
            let (seqs, more) = page(&app, SLOW, after).await;
            after = *seqs.last().unwrap_or(&after);
            got.extend(seqs);
            if !more {
                break;
            }
        }
    } else {
        while got.last().copied().unwrap_or(seen) < last {
            let m = next_of(&mut again, "message").await;
            got.push(m["seq"].as_u64().unwrap());
        }
    }
    assert_eq!(got, ((seen + 1)..=last).collect::<Vec<_>>());
}
