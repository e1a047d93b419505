//! The chat writer's durability, on two threads beside it.
//!
//! - [`Syncer`]: the writer's connection commits without waiting for the disk
//!   (`synchronous = NORMAL`: in WAL mode a commit is a `write` to the WAL file; SQLite keeps the
//!   database consistent whatever is lost, and a power cut can only lose the last commits, in
//!   order). Each committed batch is handed to the syncer, which `fdatasync`s the WAL file once
//!   for everything handed to it meanwhile and only then answers those batches. So a message is
//!   still acknowledged (and published) only once it is on disk, but the writer stores the next
//!   batch while the disk flushes the last one, instead of waiting for it (pipelined group
//!   commit; the "early lock release" of database engines).
//!
//!   A row committed but not yet flushed can be read by other connections for that moment. Only
//!   a power cut or an OS crash in it loses such a row, and its sender, never acknowledged,
//!   sends it again.
//!
//!   If a flush fails, what it covered is failed and the syncer refuses everything after it:
//!   after a failed `fsync` Linux may report later ones as successful although the data is
//!   lost, so nothing more is acknowledged until the server restarts.
//! - [`Checkpointer`]: copies the WAL into the database file every [`CHECKPOINT_EVERY`] while
//!   there are writes (`PASSIVE`: it never waits for the writer or readers), on a connection
//!   with `synchronous = FULL`, which flushes the WAL before copying and the database after, so
//!   the writer's commits stay small and no checkpoint runs on its connection.

use rusqlite::Connection;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Flushes the WAL and then delivers what was committed before the flush, in order.
pub(super) struct Syncer<T: Send + 'static> {
    tx: std::sync::mpsc::Sender<T>,
    broken: Arc<AtomicBool>,
}

impl<T: Send + 'static> Syncer<T> {
    /// `deliver` gets each item, in the order given, with the outcome of the flush that
    /// covered it.
    pub(super) fn start(
        database: &Path,
        deliver: impl Fn(T, Result<(), &std::io::Error>) + Send + 'static,
    ) -> anyhow::Result<Syncer<T>> {
        let (tx, rx) = std::sync::mpsc::channel::<T>();
        let broken = Arc::new(AtomicBool::new(false));
        let mut wal = Wal::new(database);
        let flag = broken.clone();
        std::thread::Builder::new()
            .name("kefu-chat-sync".into())
            .spawn(move || {
                while let Ok(first) = rx.recv() {
                    let mut items = vec![first];
                    items.extend(rx.try_iter());
                    let flushed = if flag.load(Ordering::Acquire) {
                        Err(std::io::Error::other("an earlier flush of the chat's WAL failed"))
                    } else {
                        wal.flush()
                    };
                    if let Err(e) = &flushed {
                        if !flag.swap(true, Ordering::AcqRel) {
                            tracing::error!(error = %e, "flushing the chat's writes to disk failed; \
                                no chat message is acknowledged until the server restarts");
                        }
                    }
                    for item in items {
                        deliver(item, flushed.as_ref().map(|_| ()));
                    }
                }
            })?;
        Ok(Syncer { tx, broken })
    }

    /// Hands `item`, committed already, to the flush; `false` if it will not be flushed (the
    /// syncer has failed or stopped: the caller answers it with an error).
    pub(super) fn committed(&self, item: T) -> Result<(), T> {
        if self.broken() {
            return Err(item);
        }
        self.tx.send(item).map_err(|e| e.0)
    }

    /// Whether a flush has failed (then nothing more should be written).
    pub(super) fn broken(&self) -> bool {
        self.broken.load(Ordering::Acquire)
    }
}

/// The database's WAL file, opened when first flushed (SQLite creates it with the first
/// write) and again if it is not the file at the path any more.
struct Wal {
    path: PathBuf,
    dir: Option<PathBuf>,
    file: Option<(File, u64)>,
}

impl Wal {
    fn new(database: &Path) -> Wal {
        let mut name = database.as_os_str().to_owned();
        name.push("-wal");
        Wal {
            path: PathBuf::from(name),
            dir: database.parent().map(Path::to_owned),
            file: None,
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        use std::os::unix::fs::MetadataExt as _;
        let at_path = std::fs::metadata(&self.path)?.ino();
        if self.file.as_ref().map(|f| f.1) != Some(at_path) {
            let file = File::open(&self.path)?;
            let ino = file.metadata()?.ino();
            // A new file: its directory entry must survive a power cut too.
            if let Some(dir) = &self.dir {
                let dir = if dir.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    dir
                };
                File::open(dir)?.sync_all()?;
            }
            self.file = Some((file, ino));
        }
        match &self.file {
            Some((file, _)) => file.sync_data(),
            None => Ok(()),
        }
    }
}

/// Checkpoints the WAL every [`CHECKPOINT_EVERY`] while the writer writes, and has the writer
/// finish the job; it ends with the writer, after a last checkpoint.
pub(super) struct Checkpointer {
    written: Arc<AtomicBool>,
    catch_up: Arc<AtomicBool>,
    #[cfg_attr(not(test), allow(dead_code))]
    passes: Arc<std::sync::atomic::AtomicU64>,
    _alive: std::sync::mpsc::Sender<()>,
}

const CHECKPOINT_EVERY: Duration = Duration::from_millis(200);
/// WAL frames (4 KiB each) beyond which the writer catches up after the thread's checkpoint.
const CATCH_UP_AT: i64 = 1000;

impl Checkpointer {
    pub(super) fn start(path: &Path) -> anyhow::Result<Checkpointer> {
        Checkpointer::start_with(path, CHECKPOINT_EVERY, CATCH_UP_AT)
    }

    fn start_with(path: &Path, every: Duration, catch_up_at: i64) -> anyhow::Result<Checkpointer> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch("PRAGMA synchronous = FULL;")?;
        let written = Arc::new(AtomicBool::new(false));
        let catch_up = Arc::new(AtomicBool::new(false));
        let passes = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let (alive, ended) = std::sync::mpsc::channel::<()>();
        let (flag, behind, count) = (written.clone(), catch_up.clone(), passes.clone());
        std::thread::Builder::new()
            .name("kefu-chat-checkpoint".into())
            .spawn(move || loop {
                let end = matches!(
                    ended.recv_timeout(every),
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected)
                );
                if flag.swap(false, Ordering::Relaxed) || end {
                    // (busy, frames in the WAL, frames checkpointed)
                    let log = conn
                        .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get::<_, i64>(1));
                    match log {
                        Ok(log) if log >= catch_up_at => behind.store(true, Ordering::Relaxed),
                        Ok(_) => {}
                        Err(e) => {
                            tracing::warn!(error = ?e, "checkpointing the chat's writes failed")
                        }
                    }
                    count.fetch_add(1, Ordering::Relaxed);
                }
                if end {
                    return;
                }
            })?;
        Ok(Checkpointer {
            written,
            catch_up,
            passes,
            _alive: alive,
        })
    }

    /// The writer has committed.
    pub(super) fn wrote(&self) {
        self.written.store(true, Ordering::Relaxed);
    }

    /// On the writer's connection, between two of its transactions: once the WAL has grown,
    /// checkpoints what was written since the thread's last checkpoint (little: the thread
    /// copied the rest). With nothing written meanwhile this checkpoint completes, and the
    /// writer's next transaction starts the WAL over from its beginning. Without it, under a
    /// steady stream of messages, no checkpoint ever catches up and the WAL grows without end
    /// (440 MB in one run of the chat benchmark), each flush growing the file.
    pub(super) fn catch_up(&self, writer: &Connection) {
        if self.catch_up.swap(false, Ordering::Relaxed) {
            if let Err(e) = writer.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                tracing::warn!(error = ?e, "checkpointing the chat's writes failed");
            }
        }
    }

    #[cfg(test)]
    fn passes(&self) -> u64 {
        self.passes.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database in WAL mode, set as the writer's, with a table `t (x)`.
    fn database() -> (tempfile::TempDir, PathBuf, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let conn = Connection::open(&db).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
             PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (x);",
        )
        .unwrap();
        (dir, db, conn)
    }

    #[test]
    fn delivers_in_order_after_a_flush_and_refuses_after_a_failed_one() {
        let (dir, db, conn) = database();
        let (seen_tx, seen) = std::sync::mpsc::channel();
        let syncer = Syncer::start(&db, move |n: u32, flushed| {
            seen_tx.send((n, flushed.is_ok())).unwrap();
        })
        .unwrap();
        for n in 0..50 {
            conn.execute("INSERT INTO t VALUES (?1)", [n]).unwrap();
            syncer.committed(n).unwrap();
        }
        let got: Vec<(u32, bool)> = (0..50).map(|_| seen.recv().unwrap()).collect();
        assert_eq!(got, (0..50).map(|n| (n, true)).collect::<Vec<_>>());

        // The WAL is gone (as if the disk failed it): that flush fails what it covered, and
        // nothing is taken after it.
        drop(conn);
        assert!(!dir.path().join("t.db-wal").exists());
        syncer.committed(50).unwrap();
        assert_eq!(seen.recv().unwrap(), (50, false));
        assert!(syncer.broken());
        assert_eq!(syncer.committed(51), Err(51));
    }

    #[test]
    fn the_wal_starts_over_under_a_steady_stream_of_writes() {
        let (dir, db, conn) = database();
        let checkpoints = Checkpointer::start_with(&db, Duration::from_millis(10), 64).unwrap();
        // One commit after another, as the writer under load, until the thread has
        // checkpointed 20 times. Each commit adds at least one 4 KiB page to the WAL.
        let mut commits: u64 = 0;
        while checkpoints.passes() < 20 {
            conn.execute("INSERT INTO t VALUES (zeroblob(100))", [])
                .unwrap();
            commits += 1;
            checkpoints.wrote();
            checkpoints.catch_up(&conn);
        }
        let at_least_written = commits * 4096;
        let wal = std::fs::metadata(dir.path().join("t.db-wal"))
            .unwrap()
            .len();
        assert!(
            wal < at_least_written / 4,
            "the WAL is {wal} bytes after {commits} commits: it never started over"
        );
    }
}
