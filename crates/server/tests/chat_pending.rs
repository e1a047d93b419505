//! Chat messages acknowledged but not yet filed (`chat_pending`, the group commit's small
//! transactions): readers see them, and what a crash leaves there is filed at the next start,
//! still known by its client id.

mod common;

use common::TestApp;
use kefu_api::ChatAuthor;
use kefu_server::store::{Appended, NewChatMessage};
use std::path::Path;

fn message(conversation: &str, id: &str) -> NewChatMessage {
    NewChatMessage {
        conversation_id: conversation.into(),
        client_id: id.into(),
        author: ChatAuthor::Visitor,
        agent_id: None,
        agent_name: None,
        agent_avatar: None,
        body: format!("text of {id}"),
        file_id: None,
        at: 5,
    }
}

fn db(dir: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(dir.join("kefu.db")).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .unwrap();
    conn
}

/// What the writer's commit leaves for a message it acknowledged: the row in `chat_pending`
/// and the conversation's `last_seq`.
fn acknowledged_unfiled(conn: &rusqlite::Connection, conversation: &str, seq: i64, id: &str) {
    conn.execute(
        "INSERT INTO chat_pending (conversation_id, seq, client_id, author, body, at)
         VALUES (?1, ?2, ?3, 'visitor', ?4, 6)",
        rusqlite::params![conversation, seq, id, format!("text of {id}")],
    )
    .unwrap();
    conn.execute(
        "UPDATE conversations SET last_seq = ?2 WHERE id = ?1",
        rusqlite::params![conversation, seq],
    )
    .unwrap();
}

fn count(conn: &rusqlite::Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn texts(messages: &[kefu_api::ChatMessage]) -> Vec<(u64, &str)> {
    messages.iter().map(|m| (m.seq, m.text.as_str())).collect()
}

#[tokio::test]
async fn a_busy_writer_files_some_conversations_and_still_knows_every_message() {
    let app = TestApp::spawn().await;
    let store = &app.state.store;
    // 1,100 messages in one go: more than the writer lets wait, so it files the conversation
    // with the most of them at once and keeps the others pending.
    let sizes = [("a", 600), ("b", 300), ("c", 150), ("d", 50)];
    let mut batch = vec![];
    for (name, n) in sizes {
        let id = name.repeat(32);
        store
            .start_conversation(&common::demo_conversation(&id, name))
            .await
            .unwrap();
        batch.extend((0..n).map(|k| message(&id, &format!("{name}{k}"))));
    }
    let out = store.append_chat_messages(&batch).await.unwrap();
    assert!(out.iter().all(|a| matches!(a, Appended::Stored(_))));
    // Repeats are known wherever their first copy is; new messages go on from there.
    let again = [
        message(&"a".repeat(32), "a599"),
        message(&"b".repeat(32), "b0"),
        message(&"d".repeat(32), "d50"),
    ];
    let out = store.append_chat_messages(&again).await.unwrap();
    let got: Vec<String> = out
        .iter()
        .map(|a| match a {
            Appended::Stored(m) => format!("stored {}", m.seq),
            Appended::Duplicate(m) => format!("duplicate {}", m.seq),
            Appended::Closed => "closed".into(),
        })
        .collect();
    assert_eq!(got, ["duplicate 600", "duplicate 1", "stored 51"]);
    for (name, n) in sizes {
        let all = store
            .chat_messages_after(&name.repeat(32), 0, 1000)
            .await
            .unwrap();
        let expected = n + usize::from(name == "d");
        assert_eq!(all.len(), expected, "{name}");
        assert!(all.iter().enumerate().all(|(i, m)| m.seq == i as u64 + 1));
    }
}

#[tokio::test]
async fn messages_left_pending_by_a_crash_are_read_filed_and_never_stored_twice() {
    let app = TestApp::spawn().await;
    let id = "c".repeat(32);
    app.state
        .store
        .start_conversation(&common::demo_conversation(&id, "v1"))
        .await
        .unwrap();
    let out = app
        .state
        .store
        .append_chat_messages(&[message(&id, "m1")])
        .await
        .unwrap();
    assert!(matches!(&out[0], Appended::Stored(m) if m.seq == 1));

    // The server stops; then a message is found as a crash right after its ack leaves it.
    let data = app.stop().await;
    acknowledged_unfiled(&db(data.path()), &id, 2, "m2");
    let app = TestApp::spawn_with(common::Options {
        data_dir: Some(data),
        ..Default::default()
    })
    .await;
    let conn = db(app.data_dir.path());
    // Filed at the start, before anything else is written.
    assert_eq!(
        (count(&conn, "chat_pending"), count(&conn, "chat_messages")),
        (0, 2)
    );
    let store = &app.state.store;
    let all = store.chat_messages_after(&id, 0, 10).await.unwrap();
    assert_eq!(texts(&all), [(1, "text of m1"), (2, "text of m2")]);
    // Its sender did not hear the ack and sends it again: it is the same message.
    let out = store
        .append_chat_messages(&[message(&id, "m2"), message(&id, "m3")])
        .await
        .unwrap();
    assert_eq!(
        out.iter()
            .map(|a| match a {
                Appended::Stored(m) => format!("stored {}", m.seq),
                Appended::Duplicate(m) => format!("duplicate {}", m.seq),
                Appended::Closed => "closed".into(),
            })
            .collect::<Vec<_>>(),
        ["duplicate 2", "stored 3"]
    );

    // A pending row is read with the filed ones, in order (an idle writer with nothing of its
    // own pending files nothing, so this one stays pending while it is read).
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(
        count(&conn, "chat_pending"),
        0,
        "filed once the writer is idle"
    );
    acknowledged_unfiled(&conn, &id, 4, "m4");
    let all = store.chat_messages_after(&id, 1, 10).await.unwrap();
    assert_eq!(
        texts(&all),
        [(2, "text of m2"), (3, "text of m3"), (4, "text of m4")]
    );
    assert_eq!(count(&conn, "chat_pending"), 1);
    let c = store.conversation(&id).await.unwrap().unwrap();
    assert_eq!(c.last_seq, 4);
    // The table keeps its constraints (migration 0019 rewrote it): no unknown author.
    let robot = conn.execute(
        "INSERT INTO chat_pending (conversation_id, seq, client_id, author, body, at)
         VALUES (?1, 5, 'm5', 'robot', 'beep', 7)",
        [&id],
    );
    assert!(robot.is_err(), "an unknown author was stored");
}
