//! Storing a batch of chat messages (the writer's group commit) in one transaction, on a
//! connection and a thread of its own: the whole batch runs there, from `BEGIN IMMEDIATE` to
//! the commit's `fdatasync`, with cached statements and no round trip per statement (through
//! sqlx's pool each statement was a round trip to its connection's thread: about 1 ms of a
//! 1.3 ms single-message batch). Other writes keep using the pool; SQLite's write lock and the
//! busy timeout order them.
//!
//! In a batch, a repeated client id gets the message it repeats, a conversation that is not
//! open gets nothing, and the others are numbered in order after the conversation's `last_seq`.
//!
//! A batch is appended to `chat_pending`, whose last pages are all its commit changes however
//! many conversations it spans (with the conversations' `last_seq`). The thread files pending
//! messages into `chat_messages` in bulk: all of them once it has had nothing to do for
//! [`IDLE`], those of the conversations with the most when [`FILE_AT`] are waiting. It is the
//! only writer of both tables, so it knows which client ids are pending without asking the
//! database.
//!
//! Its commits neither wait for the disk nor checkpoint the WAL: two threads beside it do
//! (`wal_sync.rs`). A batch is answered (and its messages published) by the syncer, once a
//! flush of the WAL has covered its commit; meanwhile the writer stores the next batch.

use super::chat::{Appended, Done, NewChatMessage};
use super::wal_sync::{Checkpointer, Syncer};
use kefu_api::{AgentCard, ChatAuthor, ChatMessage};
use rusqlite::{params, Connection, OptionalExtension as _, TransactionBehavior};
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;
use tokio::sync::oneshot;

/// Messages stored in one transaction at most.
const BATCH: usize = 512;
/// Messages waiting for the thread at most; senders wait beyond that (backpressure).
const QUEUE: usize = 4096;
/// Pending messages are filed after the thread has been idle this long…
const IDLE: Duration = Duration::from_millis(5);
/// …or, while busy, some of them once this many are pending…
const FILE_AT: usize = 1024;
/// …the conversations with the most, about this many messages at a time (the writer is held
/// by one filing for about as long as it takes).
const FILE_SOME: usize = 256;

enum Work {
    /// One message, batched with whatever else is waiting.
    One(NewChatMessage, Done),
    /// Messages that go in one transaction together, answered together.
    Many(
        Vec<NewChatMessage>,
        oneshot::Sender<anyhow::Result<Vec<Appended>>>,
    ),
}

impl Work {
    fn len(&self) -> usize {
        match self {
            Work::One(..) => 1,
            Work::Many(v, _) => v.len(),
        }
    }
}

/// The writer thread's door; the thread ends when the last clone is dropped.
#[derive(Clone)]
pub struct BatchWriter {
    tx: flume::Sender<Work>,
}

/// A batch that no flush covered (the syncer failed or stopped): never acknowledged.
fn not_flushed() -> anyhow::Error {
    anyhow::anyhow!("the chat's writes could not be flushed to disk")
}

fn stopped() -> anyhow::Error {
    anyhow::anyhow!("the chat's database thread has stopped")
}

impl BatchWriter {
    /// Opens the database file (migrated already) on a new thread.
    pub fn open(path: &Path) -> anyhow::Result<BatchWriter> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // Per connection: references hold; a commit is written to the WAL but not flushed (the
        // syncer flushes it before anyone hears of it: R8), and does not checkpoint the WAL
        // (the checkpointer does).
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;
             PRAGMA wal_autocheckpoint = 0; PRAGMA temp_store = MEMORY;",
        )?;
        // What a crash left pending is filed first (or known, if that fails).
        let mut conn = conn;
        let mut pending = Pending::default();
        if !file(&mut conn, &mut pending) {
            load_pending(&conn, &mut pending)?;
        }
        let checkpoints = Checkpointer::start(path)?;
        let syncer = Syncer::start(path, |(work, result): Committed, flushed| match flushed {
            Ok(()) => answer(work, result),
            Err(_) => answer(work, Err(not_flushed())),
        })?;
        let (tx, rx) = flume::bounded::<Work>(QUEUE);
        std::thread::Builder::new()
            .name("kefu-chat-writer".into())
            .spawn(move || {
                run(&mut conn, pending, &rx, &syncer, &checkpoints);
                // Closing the last connection checkpoints the WAL and deletes it: flushed.
                let _ = conn.execute_batch("PRAGMA synchronous = FULL;");
            })?;
        Ok(BatchWriter { tx })
    }

    /// Queues one message (waiting while the queue is full); `done` gets its outcome.
    pub async fn queue(&self, message: NewChatMessage, done: Done) -> anyhow::Result<()> {
        self.tx
            .send_async(Work::One(message, done))
            .await
            .map_err(|_| stopped())
    }

    /// Stores `batch` in order, in one transaction.
    pub async fn append(&self, batch: Vec<NewChatMessage>) -> anyhow::Result<Vec<Appended>> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send_async(Work::Many(batch, reply))
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

/// A batch committed, with its outcome, on its way to be answered once flushed.
type Committed = (Vec<Work>, anyhow::Result<Vec<Appended>>);

/// The thread: takes what is waiting (up to [`BATCH`] messages), stores it in one transaction,
/// hands it to the syncer, and files pending messages when idle or when enough wait.
fn run(
    conn: &mut Connection,
    mut pending: Pending,
    rx: &flume::Receiver<Work>,
    syncer: &Syncer<Committed>,
    checkpoints: &Checkpointer,
) {
    // After a failed attempt, the next one waits for the next batch.
    let mut failed = false;
    loop {
        let first = if pending.is_empty() || failed {
            rx.recv().map_err(|_| flume::RecvTimeoutError::Disconnected)
        } else {
            rx.recv_timeout(IDLE)
        };
        let first = match first {
            Ok(w) => w,
            Err(flume::RecvTimeoutError::Timeout) => {
                failed = !file(conn, &mut pending);
                checkpoints.wrote();
                continue;
            }
            Err(flume::RecvTimeoutError::Disconnected) => {
                let _ = file(conn, &mut pending);
                return;
            }
        };
        let mut n = first.len();
        let mut work = vec![first];
        while n < BATCH {
            match rx.try_recv() {
                Ok(w) => {
                    n += w.len();
                    work.push(w);
                }
                Err(_) => break,
            }
        }
        let messages: Vec<&NewChatMessage> = work
            .iter()
            .flat_map(|w| match w {
                Work::One(m, _) => std::slice::from_ref(m).iter(),
                Work::Many(v, _) => v.iter(),
            })
            .collect();
        let result = if syncer.broken() {
            Err(not_flushed())
        } else {
            append(conn, &mut pending, &messages)
        };
        if let Err((work, result)) = syncer.committed((work, result)) {
            answer(work, result.and(Err(not_flushed())));
        }
        checkpoints.wrote();
        checkpoints.catch_up(conn);
        failed = false;
        if pending.len() >= FILE_AT {
            failed = !file_some(conn, &mut pending);
        }
    }
}

/// Hands each sender its outcome, in order.
fn answer(work: Vec<Work>, result: anyhow::Result<Vec<Appended>>) {
    match result {
        Ok(out) => {
            let mut out = out.into_iter();
            for w in work {
                match w {
                    Work::One(_, done) => match out.next() {
                        Some(a) => done(Ok(a)),
                        None => done(Err(anyhow::anyhow!("a chat message got no outcome"))),
                    },
                    Work::Many(v, reply) => {
                        let _ = reply.send(Ok(out.by_ref().take(v.len()).collect()));
                    }
                }
            }
        }
        Err(e) => {
            tracing::error!(error = ?e, messages = work.len(), "storing chat messages failed");
            for w in work {
                let err = anyhow::anyhow!("the message could not be stored");
                match w {
                    Work::One(_, done) => done(Err(err)),
                    Work::Many(_, reply) => {
                        let _ = reply.send(Err(err));
                    }
                }
            }
        }
    }
}

/// Messages in `chat_pending`, by conversation and client id.
type Pending = HashMap<(String, String), ChatMessage>;

/// Moves pending messages into `chat_messages` in one transaction: all of them, or those of
/// the conversations listed (a JSON array). On failure they stay pending (readers see them all
/// the same), the error is logged, and the next attempt comes with the next batch.
fn move_pending(conn: &mut Connection, conversations: Option<&str>, waiting: usize) -> bool {
    let run = |conn: &mut Connection| -> anyhow::Result<()> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let which = match conversations {
            None => "TRUE",
            Some(_) => "conversation_id IN (SELECT value FROM json_each(?1))",
        };
        let ids: Vec<&str> = conversations.into_iter().collect();
        let ids = rusqlite::params_from_iter(ids);
        tx.prepare_cached(&format!(
            "INSERT INTO chat_messages (conversation_id, seq, client_id, author, agent_id,
                 agent_name, agent_avatar, body, file_id, at)
             SELECT conversation_id, seq, client_id, author, agent_id, agent_name, agent_avatar,
                 body, file_id, at
             FROM chat_pending WHERE {which} ORDER BY conversation_id, seq"
        ))?
        .execute(ids.clone())?;
        tx.prepare_cached(&format!("DELETE FROM chat_pending WHERE {which}"))?
            .execute(ids)?;
        tx.commit()?;
        Ok(())
    };
    match run(conn) {
        Ok(()) => true,
        Err(e) => {
            tracing::error!(error = ?e, pending = waiting, "filing chat messages failed");
            false
        }
    }
}

/// Files every pending message.
fn file(conn: &mut Connection, pending: &mut Pending) -> bool {
    let done = move_pending(conn, None, pending.len());
    if done {
        pending.clear();
    }
    done
}

/// Files the pending messages of the conversations with the most of them, about
/// [`FILE_SOME`] messages, in one transaction: each conversation's index pages are rewritten
/// once for all its messages, and the writer is not held for the whole table.
fn file_some(conn: &mut Connection, pending: &mut Pending) -> bool {
    let mut per: HashMap<&str, usize> = HashMap::new();
    for (conversation, _) in pending.keys() {
        *per.entry(conversation.as_str()).or_default() += 1;
    }
    let mut most: Vec<(&str, usize)> = per.into_iter().collect();
    most.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut total = 0;
    let chosen: std::collections::HashSet<String> = most
        .into_iter()
        .take_while(|(_, n)| {
            let more = total < FILE_SOME;
            total += n;
            more
        })
        .map(|(c, _)| c.to_owned())
        .collect();
    let ids = serde_json::to_string(&chosen).unwrap_or_default();
    let done = move_pending(conn, Some(&ids), pending.len());
    if done {
        pending.retain(|(c, _), _| !chosen.contains(c));
    }
    done
}

/// The client ids of what is in `chat_pending`.
fn load_pending(conn: &Connection, pending: &mut Pending) -> anyhow::Result<()> {
    let mut q = conn.prepare("SELECT conversation_id, client_id FROM chat_pending")?;
    let keys = q
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    for (conversation, client_id) in keys {
        if let Some(m) = earlier(conn, "chat_pending", &conversation, &client_id)? {
            pending.insert((conversation, client_id), m);
        }
    }
    Ok(())
}

/// The message as stored with `seq`.
fn stored(m: &NewChatMessage, seq: u64) -> ChatMessage {
    ChatMessage {
        conversation: m.conversation_id.clone(),
        seq,
        id: m.client_id.clone(),
        author: m.author,
        agent: (m.author == ChatAuthor::Agent).then(|| AgentCard {
            name: m.agent_name.clone(),
            avatar: m.agent_avatar.clone(),
        }),
        text: m.body.clone(),
        image: m.file_id.as_deref().map(crate::chat::file_path),
        at: m.at,
    }
}

/// A message stored before in `table` (`chat_messages` or `chat_pending`), by its
/// conversation and client id.
fn earlier(
    conn: &Connection,
    table: &'static str,
    conversation: &str,
    client_id: &str,
) -> anyhow::Result<Option<ChatMessage>> {
    let mut q = conn.prepare_cached(&format!(
        "SELECT seq, author, agent_name, agent_avatar, body, file_id, at FROM {table}
         WHERE conversation_id = ?1 AND client_id = ?2"
    ))?;
    let row = q
        .query_row(params![conversation, client_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, i64>(6)?,
            ))
        })
        .optional()?;
    let Some((seq, author, name, avatar, body, file, at)) = row else {
        return Ok(None);
    };
    let author = ChatAuthor::parse(&author)
        .ok_or_else(|| anyhow::anyhow!("stored chat author is corrupt"))?;
    Ok(Some(ChatMessage {
        conversation: conversation.to_owned(),
        seq: u64::try_from(seq).unwrap_or(0),
        id: client_id.to_owned(),
        author,
        agent: (author == ChatAuthor::Agent).then_some(AgentCard { name, avatar }),
        text: body,
        image: file.as_deref().map(crate::chat::file_path),
        at,
    }))
}

/// What the batch knows of an open conversation it writes to.
struct Open {
    last_seq: u64,
    replied: bool,
    /// Changed by this batch: (updated_at, first_reply_at set now).
    touched: Option<(i64, Option<i64>)>,
}

fn append(
    conn: &mut Connection,
    pending: &mut Pending,
    batch: &[&NewChatMessage],
) -> anyhow::Result<Vec<Appended>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut open: HashMap<String, Option<Open>> = HashMap::new();
    let mut known: HashMap<(String, String), ChatMessage> = HashMap::new();
    let mut out = Vec::with_capacity(batch.len());
    for m in batch {
        let key = (m.conversation_id.clone(), m.client_id.clone());
        let repeated = match known.get(&key).or_else(|| pending.get(&key)) {
            Some(k) => Some(k.clone()),
            None => earlier(&tx, "chat_messages", &m.conversation_id, &m.client_id)?,
        };
        if let Some(e) = repeated {
            out.push(Appended::Duplicate(e));
            continue;
        }
        if !open.contains_key(&m.conversation_id) {
            let mut q = tx.prepare_cached(
                "SELECT last_seq, first_reply_at IS NOT NULL FROM conversations
                 WHERE id = ?1 AND status = 'open'",
            )?;
            let row = q
                .query_row(params![m.conversation_id], |r| {
                    Ok(Open {
                        last_seq: u64::try_from(r.get::<_, i64>(0)?).unwrap_or(0),
                        replied: r.get(1)?,
                        touched: None,
                    })
                })
                .optional()?;
            open.insert(m.conversation_id.clone(), row);
        }
        let Some(Some(c)) = open.get_mut(&m.conversation_id) else {
            out.push(Appended::Closed);
            continue;
        };
        c.last_seq += 1;
        let first_reply = (m.author == ChatAuthor::Agent && !c.replied).then_some(m.at);
        c.replied |= first_reply.is_some();
        let earlier_first = c.touched.and_then(|t| t.1);
        c.touched = Some((m.at, earlier_first.or(first_reply)));
        tx.prepare_cached(
            "INSERT INTO chat_pending (conversation_id, seq, client_id, author, agent_id,
                 agent_name, agent_avatar, body, file_id, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            m.conversation_id,
            i64::try_from(c.last_seq).unwrap_or(i64::MAX),
            m.client_id,
            m.author.as_str(),
            m.agent_id,
            m.agent_name,
            m.agent_avatar,
            m.body,
            m.file_id,
            m.at,
        ])?;
        let s = stored(m, c.last_seq);
        known.insert(key, s.clone());
        out.push(Appended::Stored(s));
    }
    for (id, c) in open.iter().filter_map(|(id, c)| Some((id, c.as_ref()?))) {
        let Some((updated_at, first_reply)) = c.touched else {
            continue;
        };
        tx.prepare_cached(
            "UPDATE conversations SET last_seq = ?2, updated_at = ?3,
                 first_reply_at = COALESCE(first_reply_at, ?4)
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            i64::try_from(c.last_seq).unwrap_or(i64::MAX),
            updated_at,
            first_reply,
        ])?;
    }
    tx.commit()?;
    pending.extend(known);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filing_some_moves_the_conversations_with_the_most_pending_and_forgets_only_those() {
        let mut conn = Connection::open_in_memory().unwrap();
        let columns = "conversation_id TEXT, seq INTEGER, client_id TEXT, author TEXT,
            agent_id TEXT, agent_name TEXT, agent_avatar TEXT, body TEXT, file_id TEXT, at INTEGER";
        conn.execute_batch(&format!(
            "CREATE TABLE chat_messages ({columns});
             CREATE TABLE chat_pending (id INTEGER PRIMARY KEY, {columns});"
        ))
        .unwrap();
        let mut pending = Pending::default();
        for (conversation, n) in [("a", 300), ("b", 200), ("c", 10)] {
            for seq in 1..=n {
                let id = format!("{conversation}{seq}");
                conn.execute(
                    "INSERT INTO chat_pending (conversation_id, seq, client_id, author, body, at)
                     VALUES (?1, ?2, ?3, 'visitor', '', 0)",
                    params![conversation, seq, id],
                )
                .unwrap();
                let m = stored(
                    &crate::store::NewChatMessage {
                        conversation_id: conversation.into(),
                        client_id: id.clone(),
                        author: ChatAuthor::Visitor,
                        agent_id: None,
                        agent_name: None,
                        agent_avatar: None,
                        body: String::new(),
                        file_id: None,
                        at: 0,
                    },
                    seq,
                );
                pending.insert((conversation.to_owned(), id), m);
            }
        }
        assert!(file_some(&mut conn, &mut pending));
        fn count(conn: &Connection, table: &str, c: &str) -> i64 {
            conn.query_row(
                &format!("SELECT COUNT(*) FROM {table} WHERE conversation_id = ?1"),
                [c],
                |r| r.get(0),
            )
            .unwrap()
        }
        // "a" alone reaches FILE_SOME: it is filed; the others wait.
        assert_eq!(
            [
                count(&conn, "chat_messages", "a"),
                count(&conn, "chat_pending", "a")
            ],
            [300, 0]
        );
        assert_eq!(
            [
                count(&conn, "chat_messages", "b"),
                count(&conn, "chat_pending", "b")
            ],
            [0, 200]
        );
        assert_eq!(pending.len(), 210);
        assert!(pending.keys().all(|(c, _)| c != "a"));
        assert!(file(&mut conn, &mut pending));
        assert_eq!(
            [
                count(&conn, "chat_messages", "b"),
                count(&conn, "chat_pending", "c")
            ],
            [200, 0]
        );
        assert!(pending.is_empty());
    }
}
