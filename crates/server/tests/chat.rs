//! Live chat over real WebSockets and HTTPS with a real SQLite database (issue 6): the
//! protocol, lossless resume after a cut connection and after a server restart, duplicates,
//! one open conversation per visitor, who may read what, and the limits.

mod common;

use common::ws::*;
use common::{cookie_of, login_with, signed_in_on, TestApp};
use futures_util::{SinkExt, StreamExt};
use reqwest::header;
use serde_json::{json, Value};
use std::time::Duration;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::Message;

const VISITOR: &str = "0123456789abcdef0123456789abcdef";
const OTHER: &str = "fedcba9876543210fedcba9876543210";

#[tokio::test]
async fn visitor_and_agent_chat_and_nothing_is_lost_when_the_visitor_is_cut_off() {
    let app = spawn().await;
    let (mut v, welcome) = visitor(&app, VISITOR, None, 0).await;
    assert_eq!(welcome["promise_secs"], 30);
    assert!(welcome.get("conversation").is_none());
    let (mut a, _) = agent(&app, "li@example.com").await;
    // The visitor hears that an agent came online.
    assert_eq!(next_of(&mut v, "availability").await["agents_online"], 1);

    let id = start(&mut v).await;
    // The team's inbox hears of it.
    let item = next_of(&mut a, "inbox").await;
    assert_eq!(item["id"], id.as_str());
    assert_eq!(item["visitor_name"], "Ada");

    send(
        &mut v,
        json!({"type": "send", "id": "v-1", "text": "<img src=x onerror=alert(1)> 你好"}),
    )
    .await;
    let ack = next_of(&mut v, "ack").await;
    assert_eq!(
        (ack["id"].as_str(), ack["seq"].as_u64()),
        (Some("v-1"), Some(1))
    );
    // The same id again (a retry): stored once, acknowledged with the first seq.
    send(
        &mut v,
        json!({"type": "send", "id": "v-1", "text": "<img src=x onerror=alert(1)> 你好"}),
    )
    .await;
    let again = next_of(&mut v, "ack").await;
    assert_eq!(
        (again["seq"].as_u64(), again["duplicate"].as_bool()),
        (Some(1), Some(true))
    );

    send(
        &mut a,
        json!({"type": "watch", "conversation": id, "after": 0}),
    )
    .await;
    let first = next_of(&mut a, "message").await;
    assert_eq!(first["text"], "<img src=x onerror=alert(1)> 你好");
    assert_eq!(first["author"], "visitor");

    // The visitor's connection is cut; the agent sends 50 messages meanwhile.
    let last_seen = 1;
    drop(v);
    for n in 1..=50 {
        send(&mut a, json!({"type": "send", "conversation": id, "id": format!("a-{n}"), "text": format!("answer {n}")})).await;
    }
    let mut acked = 0;
    while acked < 50 {
        let f = next(&mut a).await;
        if f["type"] == "ack" {
            acked += 1;
        }
    }
    // Back: everything after seq 1 arrives once, in order, then live messages follow.
    let (mut v, welcome) = visitor(&app, VISITOR, Some(&id), last_seen).await;
    assert_eq!(welcome["conversation"]["last_seq"], 51);
    assert!(
        welcome["conversation"]["agent"].is_object(),
        "the first reply took the conversation"
    );
    let mut texts = vec![];
    let mut seqs = vec![];
    while texts.len() < 50 {
        let m = next_of(&mut v, "message").await;
        seqs.push(m["seq"].as_u64().unwrap());
        texts.push(m["text"].as_str().unwrap().to_owned());
    }
    assert_eq!(seqs, (2..=51).collect::<Vec<u64>>());
    assert_eq!(
        texts,
        (1..=50).map(|n| format!("answer {n}")).collect::<Vec<_>>()
    );
    send(
        &mut a,
        json!({"type": "send", "conversation": id, "id": "a-51", "text": "still there?"}),
    )
    .await;
    let live = next_of(&mut v, "message").await;
    assert_eq!(
        (live["seq"].as_u64(), live["text"].as_str()),
        (Some(52), Some("still there?"))
    );

    // Typing and read marks cross over, and are not echoed to their sender.
    send(&mut v, json!({"type": "typing", "on": true})).await;
    let typing = next_of(&mut a, "typing").await;
    assert_eq!(
        (typing["author"].as_str(), typing["on"].as_bool()),
        (Some("visitor"), Some(true))
    );
    send(&mut v, json!({"type": "read", "seq": 52})).await;
    let read = next_of(&mut a, "read").await;
    assert_eq!(read["seq"], 52);
    send(
        &mut a,
        json!({"type": "typing", "conversation": id, "on": true}),
    )
    .await;
    assert_eq!(next_of(&mut v, "typing").await["author"], "agent");

    // The REST view (resynchronisation, fallback) has the same 52 messages.
    let state: Value = rest_state(&app, VISITOR, None).await.json().await.unwrap();
    assert_eq!(state["messages"].as_array().unwrap().len(), 52);
    assert_eq!(state["conversation"]["visitor_read_seq"], 52);
}

#[tokio::test]
async fn a_restart_loses_nothing_and_both_sides_resume() {
    let app = spawn().await;
    let (mut v, _) = visitor(&app, VISITOR, None, 0).await;
    let (mut a, _) = agent(&app, "li@example.com").await;
    let id = start(&mut v).await;
    send(
        &mut v,
        json!({"type": "send", "id": "v-1", "text": "before the restart"}),
    )
    .await;
    assert_eq!(next_of(&mut v, "ack").await["seq"], 1);
    send(
        &mut a,
        json!({"type": "watch", "conversation": id, "after": 0}),
    )
    .await;
    assert_eq!(next_of(&mut a, "message").await["seq"], 1);
    drop((v, a));

    let data = app.stop().await;
    let app = TestApp::spawn_with(common::Options {
        data_dir: Some(data),
        ..Default::default()
    })
    .await;
    chat_on(&app).await;
    let cookie = cookie_of(&login_with(&app, "li@example.com", &[]).await);
    let mut a = agent_socket(&app, &cookie).await;
    // The agent resumes from seq 1, the visitor from 1: nothing missing, nothing twice.
    send(
        &mut a,
        json!({"type": "watch", "conversation": id, "after": 1}),
    )
    .await;
    let (mut v, welcome) = visitor(&app, VISITOR, Some(&id), 1).await;
    assert_eq!(welcome["conversation"]["last_seq"], 1);
    // A message whose ack was lost is simply sent again after the restart: stored once.
    send(
        &mut v,
        json!({"type": "send", "id": "v-1", "text": "before the restart"}),
    )
    .await;
    assert_eq!(next_of(&mut v, "ack").await["duplicate"], true);
    send(
        &mut v,
        json!({"type": "send", "id": "v-2", "text": "after the restart"}),
    )
    .await;
    assert_eq!(next_of(&mut v, "ack").await["seq"], 2);
    let m = next_of(&mut a, "message").await;
    assert_eq!(
        (m["seq"].as_u64(), m["text"].as_str()),
        (Some(2), Some("after the restart"))
    );
}

#[tokio::test]
async fn fifty_concurrent_starts_make_one_open_conversation() {
    let app = spawn().await;
    let mut calls = vec![];
    for _ in 0..50 {
        let client = app.client.clone();
        let url = app.url("/api/v1/sites/demo/chat");
        calls.push(tokio::spawn(async move {
            let res = client
                .post(url)
                .header(header::AUTHORIZATION, format!("Bearer {VISITOR}"))
                .json(&json!({"locale": "en"}))
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            let body: Value = res.json().await.unwrap();
            (status, body["id"].as_str().unwrap_or("").to_owned())
        }));
    }
    let mut ids = std::collections::HashSet::new();
    let mut created = 0;
    for c in calls {
        let (status, id) = c.await.unwrap();
        assert!(status == 200 || status == 201, "{status}");
        created += usize::from(status == 201);
        ids.insert(id);
    }
    assert_eq!(created, 1);
    assert_eq!(ids.len(), 1);
}

#[tokio::test]
async fn nobody_reads_or_writes_another_visitors_conversation() {
    let app = spawn().await;
    let (mut v, _) = visitor(&app, VISITOR, None, 0).await;
    let id = start(&mut v).await;
    send(
        &mut v,
        json!({"type": "send", "id": "v-1", "text": "my address is 1 Main St"}),
    )
    .await;
    next_of(&mut v, "ack").await;

    // Another visitor naming the first one's conversation gets their own (empty) view.
    let (mut o, welcome) = visitor(&app, OTHER, Some(&id), 0).await;
    assert!(welcome.get("conversation").is_none());
    send(
        &mut o,
        json!({"type": "send", "id": "o-1", "text": "hello?"}),
    )
    .await;
    assert_eq!(
        next_of(&mut o, "error").await["code"],
        "no_open_conversation"
    );
    let other: Value = rest_state(&app, OTHER, None).await.json().await.unwrap();
    assert!(other["conversation"].is_null());
    assert!(other["messages"].as_array().unwrap().is_empty());
    // Nothing of it reached the first visitor.
    send(&mut v, json!({"type": "ping"})).await;
    assert_eq!(next(&mut v).await["type"], "pong");

    // An agent of another site sees neither the inbox nor the conversation.
    let mut site = kefu_server::site::demo_site(&[]);
    site.id = "other".into();
    site.modules.chat = true;
    app.state.store.put_site(&site).await.unwrap();
    let cookie = signed_in_on(&app, "stranger@example.com", "admin", "other").await;
    let res = app
        .client
        .get(app.url(&format!("/api/v1/console/sites/demo/chats/{id}")))
        .header(header::COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = app
        .client
        .get(app.url("/api/v1/console/sites/demo/chats"))
        .header(header::COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let mut s = agent_socket(&app, &cookie).await;
    send(
        &mut s,
        json!({"type": "watch", "conversation": id, "after": 0}),
    )
    .await;
    assert_eq!(next_of(&mut s, "error").await["code"], "not_found");
    send(
        &mut s,
        json!({"type": "send", "conversation": id, "id": "x-1", "text": "hi"}),
    )
    .await;
    assert_eq!(next_of(&mut s, "error").await["code"], "not_found");
}

#[tokio::test]
async fn sockets_check_origin_hello_size_and_session() {
    let app = spawn().await;
    // A page not on the site's list cannot open the visitor socket.
    let err = connect(
        &app,
        "/api/v1/sites/demo/chat/socket",
        "https://evil.example",
        None,
    )
    .await
    .unwrap_err();
    assert!(err.contains("403"), "{err}");
    // Nor can any page open the console's socket with an agent's cookie.
    let cookie = signed_in_on(&app, "li@example.com", "agent", "demo").await;
    let err = connect(
        &app,
        "/api/v1/console/chat/socket",
        SITE_ORIGIN,
        Some(&cookie),
    )
    .await
    .unwrap_err();
    assert!(err.contains("403"), "{err}");
    // Without a session: 401.
    let err = connect(&app, "/api/v1/console/chat/socket", &app.base, None)
        .await
        .unwrap_err();
    assert!(err.contains("401"), "{err}");

    // The first frame must be hello with a well-formed token.
    let mut ws = connect(&app, "/api/v1/sites/demo/chat/socket", SITE_ORIGIN, None)
        .await
        .unwrap();
    send(&mut ws, json!({"type": "send", "id": "x", "text": "hi"})).await;
    assert_eq!(closed(&mut ws).await, Some(1008));
    let mut ws = connect(&app, "/api/v1/sites/demo/chat/socket", SITE_ORIGIN, None)
        .await
        .unwrap();
    send(
        &mut ws,
        json!({"type": "hello", "v": 1, "token": "not-a-token"}),
    )
    .await;
    assert_eq!(closed(&mut ws).await, Some(4003));

    // A frame over 64 KB closes the connection with 1009.
    let (mut v, _) = visitor(&app, VISITOR, None, 0).await;
    start(&mut v).await;
    let big = "x".repeat(70 * 1024);
    let _ = v
        .send(Message::Text(
            json!({"type": "send", "id": "big", "text": big})
                .to_string()
                .into(),
        ))
        .await;
    assert_eq!(closed(&mut v).await, Some(u16::from(CloseCode::Size)));

    // Bad frames get an error and the connection stays.
    let (mut v, _) = visitor(&app, VISITOR, None, 0).await;
    send(&mut v, json!({"type": "nonsense"})).await;
    assert_eq!(next_of(&mut v, "error").await["code"], "invalid_frame");
    send(&mut v, json!({"type": "send", "id": "e", "text": "  "})).await;
    let e = next_of(&mut v, "error").await;
    assert_eq!(
        (e["code"].as_str(), e["id"].as_str()),
        (Some("empty_message"), Some("e"))
    );
    send(
        &mut v,
        json!({"type": "send", "id": "long", "text": "字".repeat(4001)}),
    )
    .await;
    assert_eq!(next_of(&mut v, "error").await["code"], "text_too_long");
    send(&mut v, json!({"type": "ping"})).await;
    assert_eq!(next(&mut v).await["type"], "pong");

    // A visitor who floods gets a clear error with the time to wait; nothing is stored.
    let mut limited = None;
    for n in 0..40 {
        send(
            &mut v,
            json!({"type": "send", "id": format!("f-{n}"), "text": "spam"}),
        )
        .await;
        let f = next(&mut v).await;
        if f["type"] == "error" {
            limited = Some(f);
            break;
        }
    }
    let limited = limited.expect("the visitor's budget ran out");
    assert_eq!(limited["code"], "rate_limited");
    assert!(limited["retry_after_secs"].as_u64().unwrap() >= 1);

    // At most five sockets per visitor.
    let mut open = vec![];
    for _ in 0..4 {
        open.push(visitor(&app, OTHER, None, 0).await.0);
    }
    let mut sixth = connect(&app, "/api/v1/sites/demo/chat/socket", SITE_ORIGIN, None)
        .await
        .unwrap();
    let _fifth = visitor(&app, OTHER, None, 0).await.0;
    send(&mut sixth, json!({"type": "hello", "v": 1, "token": OTHER})).await;
    assert_eq!(closed(&mut sixth).await, Some(4003));
}

/// `hello` with an identity claim; the socket, or how it was closed.
async fn identified(
    app: &TestApp,
    token: &str,
    identity: Value,
) -> Result<(Ws, Value), Option<u16>> {
    let mut ws = connect(app, "/api/v1/sites/demo/chat/socket", SITE_ORIGIN, None)
        .await
        .unwrap();
    send(
        &mut ws,
        json!({"type": "hello", "v": 1, "token": token, "identity": identity}),
    )
    .await;
    match tokio::time::timeout(Duration::from_secs(10), ws.next()).await {
        Ok(Some(Ok(Message::Text(t)))) => Ok((ws, serde_json::from_str(t.as_str()).unwrap())),
        Ok(Some(Ok(Message::Close(c)))) => Err(c.map(|c| u16::from(c.code))),
        other => panic!("unexpected: {other:?}"),
    }
}

#[tokio::test]
async fn a_verified_user_finds_their_conversation_on_another_device() {
    let app = spawn().await;
    let secret = kefu_server::chat::site_secret(&app.state, "demo")
        .await
        .unwrap();
    let signature = kefu_server::chat::identity::sign(&secret, "user-42");
    let user = json!({"id": "user-42", "name": "Ada Lovelace", "email": "ada@example.com", "signature": signature});

    // On the laptop: a conversation, with the name and address the site vouches for.
    let (mut laptop, _) = identified(&app, VISITOR, user.clone()).await.unwrap();
    send(&mut laptop, json!({"type": "start", "locale": "en"})).await;
    let c = next_of(&mut laptop, "conversation").await;
    assert_eq!(c["verified"], true);
    send(
        &mut laptop,
        json!({"type": "send", "id": "l-1", "text": "From my laptop"}),
    )
    .await;
    next_of(&mut laptop, "ack").await;
    let (_, cookie) = agent(&app, "li@example.com").await;
    let inbox: Value = app
        .client
        .get(app.url("/api/v1/console/sites/demo/chats?filter=unassigned"))
        .header(header::COOKIE, &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(inbox[0]["user_id"], "user-42");
    assert_eq!(inbox[0]["visitor_name"], "Ada Lovelace");
    assert_eq!(inbox[0]["visitor_email"], "ada@example.com");

    // On the phone (another token): the same conversation and its history.
    let (mut phone, welcome) = identified(&app, OTHER, user.clone()).await.unwrap();
    assert_eq!(welcome["conversation"]["id"], c["id"]);
    assert_eq!(
        next_of(&mut phone, "message").await["text"],
        "From my laptop"
    );
    // Over REST too (the fallback), with the claim in a header.
    let state: Value = rest_state(&app, OTHER, Some(&user))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(state["messages"][0]["text"], "From my laptop");

    // A forged claim is not that user: on this site (not enforcing) the visitor is anonymous.
    let forged = json!({"id": "user-42", "signature": "0".repeat(64)});
    let (_, welcome) = identified(&app, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", forged.clone())
        .await
        .unwrap();
    assert!(welcome.get("conversation").is_none());

    // A site that enforces verification refuses every forged claim, over both paths.
    let mut site = app.state.store.site("demo").await.unwrap().unwrap().site;
    site.chat.require_identity = true;
    app.state.store.put_site(&site).await.unwrap();
    assert_eq!(
        identified(&app, VISITOR, forged.clone()).await.err(),
        Some(Some(4003))
    );
    let res = rest_state(&app, VISITOR, Some(&forged)).await;
    assert_eq!(res.status(), 403);
    assert_eq!(common::error_code(res).await, "identity_not_verified");
    // The genuine one still works.
    assert!(identified(&app, VISITOR, user).await.is_ok());
}

#[tokio::test]
async fn one_batch_numbers_in_order_stores_a_repeated_id_once_and_skips_closed_ones() {
    use kefu_api::ChatAuthor;
    use kefu_server::store::{Appended, NewChatMessage};
    let app = spawn().await;
    let store = &app.state.store;
    let new = common::demo_conversation;
    let (open, _) = store
        .start_conversation(&new(&"a".repeat(32), "v1"))
        .await
        .unwrap();
    let (closed, _) = store
        .start_conversation(&new(&"b".repeat(32), "v2"))
        .await
        .unwrap();
    store.close_conversation(&closed.id, 2).await.unwrap();
    let msg = |conversation: &str, id: &str, author: ChatAuthor, at: i64| NewChatMessage {
        conversation_id: conversation.into(),
        client_id: id.into(),
        author,
        agent_id: None,
        agent_name: (author == ChatAuthor::Agent).then(|| "Li".into()),
        agent_avatar: None,
        body: format!("text of {id}"),
        file_id: None,
        at,
    };
    let out = store
        .append_chat_messages(&[
            msg(&open.id, "m1", ChatAuthor::Visitor, 10),
            msg(&open.id, "m2", ChatAuthor::Visitor, 11),
            msg(&open.id, "m1", ChatAuthor::Visitor, 12),
            msg(&closed.id, "x1", ChatAuthor::Visitor, 13),
            msg(&open.id, "a1", ChatAuthor::Agent, 14),
        ])
        .await
        .unwrap();
    let seq = |a: &Appended| match a {
        Appended::Stored(m) => format!("stored {}", m.seq),
        Appended::Duplicate(m) => format!("duplicate {}", m.seq),
        Appended::Closed => "closed".into(),
    };
    let got: Vec<String> = out.iter().map(seq).collect();
    assert_eq!(
        got,
        ["stored 1", "stored 2", "duplicate 1", "closed", "stored 3"]
    );
    // The next batch goes on from there, and knows the earlier ids.
    let out = store
        .append_chat_messages(&[
            msg(&open.id, "a1", ChatAuthor::Agent, 20),
            msg(&open.id, "a2", ChatAuthor::Agent, 21),
        ])
        .await
        .unwrap();
    assert_eq!(
        out.iter().map(seq).collect::<Vec<_>>(),
        ["duplicate 3", "stored 4"]
    );
    let c = store.conversation(&open.id).await.unwrap().unwrap();
    assert_eq!(
        (c.last_seq, c.first_reply_at, c.updated_at),
        (4, Some(14), 21)
    );
    let all = store.chat_messages_after(&open.id, 0, 10).await.unwrap();
    let texts: Vec<&str> = all.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(
        texts,
        ["text of m1", "text of m2", "text of a1", "text of a2"]
    );
    assert!(store
        .chat_messages_after(&closed.id, 0, 10)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn an_agent_gets_every_message_of_a_burst_once() {
    use kefu_api::ChatAuthor;
    use kefu_server::store::NewChatMessage;
    let app = spawn().await;
    let (mut v, _) = visitor(&app, VISITOR, None, 0).await;
    let id = start(&mut v).await;
    let (mut a, _) = agent(&app, "li@example.com").await;
    next_of(&mut a, "inbox").await;
    let c = app.state.store.conversation(&id).await.unwrap().unwrap();
    // 1,000 messages stored as fast as the writer takes them: the agent's socket sends them
    // in batches and must not drop one at a batch's edge.
    let mut sends = vec![];
    for n in 0..1000 {
        let (state, c) = (app.state.clone(), c.clone());
        sends.push(tokio::spawn(async move {
            state
                .chat
                .writer
                .append(
                    &c.site_id,
                    &c.visitor_hash,
                    NewChatMessage {
                        conversation_id: c.id.clone(),
                        client_id: format!("burst-{n}"),
                        author: ChatAuthor::Visitor,
                        agent_id: None,
                        agent_name: None,
                        agent_avatar: None,
                        body: format!("message {n}"),
                        file_id: None,
                        at: 1,
                    },
                )
                .await
                .unwrap()
        }));
    }
    for s in sends {
        s.await.unwrap();
    }
    let mut seqs = vec![];
    while seqs.len() < 1000 {
        let m = next_of(&mut a, "message").await;
        seqs.push(m["seq"].as_u64().unwrap());
    }
    assert_eq!(seqs, (1..=1000).collect::<Vec<u64>>());
}
