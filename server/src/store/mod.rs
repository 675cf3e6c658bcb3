//! The store layer: every SQL statement lives under this module.
//!
//! One writer connection (SQLite allows one writer at a time) and a few readers, all in
//! WAL mode. Reads run on the blocking pool so async workers never wait on disk.
//! Writes go to one writer thread that runs them in `BEGIN IMMEDIATE` transactions (the
//! write lock is taken up front instead of failing with SQLITE_BUSY halfway through a
//! read-then-write), with group commit: the writes that queued up while the previous
//! commit was syncing share the next transaction, each inside its own savepoint, so one
//! fsync covers them all. A write's caller hears back only after its commit is durable;
//! a write that fails is rolled back to its savepoint and leaves nothing behind.

pub mod accounts;
pub mod audit;
pub mod bank;
pub mod cards;
pub mod ledger;
pub mod notifications;
pub mod orders;
pub mod org;
pub mod projects;
pub mod ratings;
pub mod reservations;
pub mod sessions;
pub mod shop;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{AppError, AppResult};

const READERS: usize = 4;
/// Most writes sharing one transaction (bounds how long a commit keeps callers waiting).
const MAX_BATCH: usize = 64;

/// Ordered migrations; `PRAGMA user_version` records how many have run.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_foundation.sql"),
    include_str!("migrations/0002_ledger.sql"),
    include_str!("migrations/0003_cards_bank.sql"),
    include_str!("migrations/0004_shop.sql"),
    include_str!("migrations/0005_projects.sql"),
    include_str!("migrations/0006_reservations.sql"),
    include_str!("migrations/0008_orders.sql"),
];

#[derive(Clone)]
pub struct Db {
    inner: Arc<Inner>,
}

struct Inner {
    /// Taken on drop to stop the writer thread, which is then joined (the file is closed
    /// when the last handle goes).
    jobs: Option<mpsc::Sender<Job>>,
    writer: Option<JoinHandle<()>>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.jobs.take();
        if let Some(w) = self.writer.take() {
            let _ = w.join();
        }
    }
}

/// One write, type-erased for the writer thread: it runs inside a savepoint and says
/// whether it succeeded, and how to answer its caller once the batch's commit is known.
type Job = Box<dyn FnOnce(&Transaction) -> Outcome + Send>;

struct Outcome {
    ok: bool,
    answer: Box<dyn FnOnce(AppResult<()>) + Send>,
}

fn open_conn(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // FULL: an acknowledged transfer survives power loss, not just a crash.
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA busy_timeout = 5000;
         PRAGMA temp_store = MEMORY;",
    )?;
    // Savepoints (each write in a shared commit, each ledger posting) keep their undo
    // pages in a sub-journal; in memory, instead of a temp file created and deleted on
    // every transaction (which showed in checkout profiles).
    // Statements are prepared once per connection and reused (parsing SQL showed up in
    // checkout profiles); room for every statement the store layer has.
    conn.set_prepared_statement_cache_capacity(256);
    Ok(conn)
}

/// Applies the migrations not yet run, each in its own transaction.
fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let done: usize = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(done) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i + 1)?;
        tx.commit()?;
        tracing::info!(migration = i + 1, "applied migration");
    }
    Ok(())
}

impl Db {
    /// Opens (creating if needed) and migrates the database file.
    pub fn open(path: &Path) -> rusqlite::Result<Db> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                rusqlite::Error::InvalidPath(format!("{}: {e}", dir.display()).into())
            })?;
        }
        let mut writer = open_conn(path)?;
        migrate(&mut writer)?;
        let readers = (0..READERS)
            .map(|_| open_conn(path).map(Mutex::new))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let (jobs, queue) = mpsc::channel();
        let writer = std::thread::Builder::new()
            .name("linli-db-writer".into())
            .spawn(move || write_loop(writer, queue))
            .map_err(|e| rusqlite::Error::InvalidPath(format!("writer thread: {e}").into()))?;
        Ok(Db {
            inner: Arc::new(Inner {
                jobs: Some(jobs),
                writer: Some(writer),
                readers,
                next_reader: AtomicUsize::new(0),
            }),
        })
    }

    /// Runs `f` on a reader connection, off the async workers.
    pub async fn read<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> AppResult<T> + Send + 'static,
    {
        let inner = self.inner.clone();
        blocking(move || {
            let i = inner.next_reader.fetch_add(1, Ordering::Relaxed) % inner.readers.len();
            let conn = inner.readers[i].lock().map_err(|_| poisoned())?;
            f(&conn)
        })
        .await
    }

    /// Runs `f` in a `BEGIN IMMEDIATE` transaction, all or nothing: if `f` returns Ok its
    /// writes are committed (durably) before this returns; otherwise none remain.
    pub async fn write<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> AppResult<T> + Send + 'static,
    {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |tx| {
            let out = f(tx);
            Outcome {
                ok: out.is_ok(),
                answer: Box::new(move |batch: AppResult<()>| {
                    let _ = reply.send(batch.and(out));
                }),
            }
        });
        let jobs = self.inner.jobs.as_ref().ok_or_else(writer_gone)?;
        jobs.send(job).map_err(|_| writer_gone())?;
        answer.await.map_err(|_| writer_gone())?
    }
}

fn writer_gone() -> AppError {
    AppError::Internal("the database write did not complete".into())
}

/// The writer thread: takes the first waiting write and every write queued behind it
/// (up to [`MAX_BATCH`]) into one transaction, until every `Db` handle is gone.
fn write_loop(mut conn: Connection, queue: mpsc::Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        run_batch(&mut conn, batch);
    }
}

/// Runs each write in its own savepoint inside one transaction, commits once, then
/// answers every caller with the commit's result (so nobody hears "done" before the
/// fsync). A write that panics is rolled back like a failed one; its caller's answer
/// channel is dropped, which it reports as an internal error.
fn run_batch(conn: &mut Connection, batch: Vec<Job>) {
    let tx = match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
        Ok(tx) => tx,
        Err(e) => {
            tracing::error!(error = %e, "could not begin a write transaction");
            return; // dropping the jobs answers their callers with an error
        }
    };
    let mut answers = Vec::with_capacity(batch.len());
    let mut broken: Option<AppError> = None;
    for job in batch {
        if broken.is_some() {
            break; // the rest are dropped unanswered: an error for their callers
        }
        if let Err(e) = tx.execute_batch("SAVEPOINT job") {
            broken = Some(e.into());
            break;
        }
        let ok = match catch_unwind(AssertUnwindSafe(|| job(&tx))) {
            Ok(outcome) => {
                let ok = outcome.ok;
                answers.push(outcome.answer);
                ok
            }
            Err(_) => {
                tracing::error!("a database write panicked; rolled back");
                false
            }
        };
        let end = if ok {
            "RELEASE job"
        } else {
            "ROLLBACK TO job; RELEASE job"
        };
        if let Err(e) = tx.execute_batch(end) {
            broken = Some(e.into());
        }
    }
    let result = match broken {
        Some(e) => Err(e), // the transaction is rolled back when `tx` drops
        None => tx.commit().map_err(AppError::from),
    };
    if let Err(e) = &result {
        tracing::error!(error = ?e, "a write batch failed; nothing of it was kept");
    }
    for answer in answers {
        answer(result.clone());
    }
}

fn poisoned() -> AppError {
    AppError::Internal("database connection lock poisoned".into())
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AppError::Internal(format!("blocking task failed: {e}")))?
}

/// Seconds since the Unix epoch: every timestamp in the database.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// True when an error is a UNIQUE (or PRIMARY KEY) constraint violation, so callers can
/// turn it into a 409 instead of a 500.
pub fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn scratch() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.db")).unwrap();
        db.write(|tx| Ok(tx.execute_batch("CREATE TABLE t (n INTEGER PRIMARY KEY)")?))
            .await
            .unwrap();
        (dir, db)
    }

    /// Concurrent writes share commits, but each keeps its own all-or-nothing: a write
    /// that fails after writing leaves nothing, and its neighbours in the batch are kept.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failed_write_in_a_shared_commit_leaves_nothing_and_spoils_nothing() {
        let (_dir, db) = scratch().await;
        let mut set = tokio::task::JoinSet::new();
        for n in 0..200i64 {
            let db = db.clone();
            set.spawn(async move {
                let out = db
                    .write(move |tx| {
                        tx.execute("INSERT INTO t (n) VALUES (?1)", [n])?;
                        if n % 3 == 0 {
                            return Err(AppError::Internal("refused after writing".into()));
                        }
                        Ok(n)
                    })
                    .await;
                (n, out)
            });
        }
        for (n, out) in set.join_all().await {
            assert_eq!(out.is_ok(), n % 3 != 0, "write {n} answered {out:?}");
        }
        let kept: Vec<i64> = db
            .read(|c| {
                let mut s = c.prepare("SELECT n FROM t ORDER BY n")?;
                let rows = s.query_map([], |r| r.get(0))?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            })
            .await
            .unwrap();
        let expected: Vec<i64> = (0..200).filter(|n| n % 3 != 0).collect();
        assert_eq!(kept, expected);
    }

    /// A write that panics is rolled back and reported as an error; the writer goes on.
    #[tokio::test]
    async fn a_panicking_write_is_an_error_and_the_writer_goes_on() {
        let (_dir, db) = scratch().await;
        let out: AppResult<()> = db
            .write(|tx| {
                tx.execute("INSERT INTO t (n) VALUES (1)", [])?;
                panic!("a bug in a write");
            })
            .await;
        assert!(out.is_err());
        db.write(|tx| Ok(tx.execute("INSERT INTO t (n) VALUES (2)", [])?))
            .await
            .unwrap();
        let n: Vec<i64> = db
            .read(|c| {
                let mut s = c.prepare("SELECT n FROM t")?;
                let rows = s.query_map([], |r| r.get(0))?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            })
            .await
            .unwrap();
        assert_eq!(n, vec![2]);
    }

    /// An acknowledged write is on disk: a new connection to the file sees it, and once
    /// the last handle is dropped the writer has let go of the file.
    #[tokio::test]
    async fn an_acknowledged_write_is_seen_by_a_fresh_connection() {
        let (dir, db) = scratch().await;
        db.write(|tx| Ok(tx.execute("INSERT INTO t (n) VALUES (7)", [])?))
            .await
            .unwrap();
        drop(db);
        let conn = Connection::open(dir.path().join("t.db")).unwrap();
        let n: i64 = conn.query_row("SELECT n FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 7);
    }
}
