//! The store layer: every SQL statement lives under this module.
//!
//! One writer connection (SQLite allows one writer at a time) and a few readers, all in
//! WAL mode. Reads run on the blocking pool so async workers never wait on disk; the
//! session behind a request, a few lookups in small tables every request reads, is read
//! in place when a reader is free ([`Db::read_small`]).
//! Writes go to one writer thread that runs them in `BEGIN IMMEDIATE` transactions (the
//! write lock is taken up front instead of failing with SQLITE_BUSY halfway through a
//! read-then-write), with group commit: the writes that queued up while the previous
//! commit was syncing share the next transaction, each inside its own savepoint, so one
//! fsync covers them all. A write's caller hears back only after its commit is durable;
//! a write that fails is rolled back to its savepoint and leaves nothing behind.
//!
//! Copying committed pages from the WAL back into the database file (a checkpoint, two
//! fsyncs) is the checkpointer thread's job, on its own connection, a moment after
//! commits: done by the writer after a commit, as SQLite does by default, it held up every
//! write queued behind it. The writer still checkpoints when the WAL grows large, so the
//! WAL stays bounded even when the checkpointer never catches up with it.
//!
//! When the storage refuses (disk full, file read-only, I/O error) the writes of that
//! commit are all answered "storage unavailable" (a 503), none is kept, and the writer
//! simply starts the next transaction: it recovers by itself once space returns.

pub mod accounts;
pub mod alarms;
pub mod audit;
pub mod bank;
pub mod cards;
pub mod exports;
pub mod help;
pub mod joins;
pub mod ledger;
pub mod notifications;
pub mod orders;
pub mod org;
pub mod projects;
pub mod ratings;
pub mod reservations;
pub mod sessions;
pub mod shop;
pub mod stats;
pub mod trainings;
pub mod tree;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use linli_app::api::Reason;

/// The writer's figures live with the other metrics; storage failures are a kind of error.
pub use crate::error::is_storage_failure;
use crate::error::{AppError, AppResult};
pub use crate::metrics::WriterStats;

const READERS: usize = 4;
/// Most writes sharing one transaction (bounds how long a commit keeps callers waiting).
const MAX_BATCH: usize = 64;
/// WAL pages after which the writer checkpoints itself (SQLite's default is 1000); until
/// then the checkpointer does it.
const WRITER_CHECKPOINT_PAGES: i64 = 8000;
/// How long the checkpointer lets commits gather before copying them back: one
/// checkpoint covers them all.
const CHECKPOINT_PAUSE: Duration = Duration::from_millis(100);

/// Ordered migrations; `PRAGMA user_version` records how many have run.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_foundation.sql"),
    include_str!("migrations/0002_ledger.sql"),
    include_str!("migrations/0003_cards_bank.sql"),
    include_str!("migrations/0004_shop.sql"),
    include_str!("migrations/0005_projects.sql"),
    include_str!("migrations/0006_reservations.sql"),
    include_str!("migrations/0007_ledger_undos.sql"),
    include_str!("migrations/0008_orders.sql"),
    include_str!("migrations/0009_orders_more.sql"),
    include_str!("migrations/0010_alarms.sql"),
    concat!(
        include_str!("migrations/0011_stats.sql"),
        include_str!("stats_rebuild.sql")
    ),
    include_str!("migrations/0012_certificates_rates.sql"),
    include_str!("migrations/0013_trainings.sql"),
    include_str!("migrations/0014_patrol.sql"),
    include_str!("migrations/0015_password_resets.sql"),
    include_str!("migrations/0016_help_more.sql"),
    include_str!("migrations/0017_audit_filters.sql"),
    include_str!("migrations/0018_join_requests.sql"),
    concat!(
        include_str!("migrations/0019_ledger_holdings.sql"),
        include_str!("holdings_rebuild.sql")
    ),
    include_str!("migrations/0020_transfer_notes.sql"),
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
    /// Ends when the writer does (it holds the checkpointer's only sender).
    checkpointer: Option<JoinHandle<()>>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
    stats: Arc<WriterStats>,
}

impl Inner {
    /// The next reader in turn.
    fn next(&self) -> usize {
        self.next_reader.fetch_add(1, Ordering::Relaxed)
    }

    /// A free reader, looked for from the next in turn: taking turns alone can queue a
    /// read behind a slow one while another reader idles.
    fn free_reader(&self) -> Option<std::sync::MutexGuard<'_, Connection>> {
        let n = self.readers.len();
        let start = self.next();
        (0..n).find_map(|k| self.readers[(start + k) % n].try_lock().ok())
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.jobs.take();
        if let Some(w) = self.writer.take() {
            let _ = w.join();
        }
        if let Some(c) = self.checkpointer.take() {
            let _ = c.join();
        }
    }
}

/// One write, type-erased for the writer thread: it runs inside a savepoint (or alone in
/// its transaction) and says whether it succeeded, and how to answer its caller once the
/// batch's commit is known. Given no transaction (the batch broke before its turn) it does
/// not run, and its answer is the batch's error.
type Job = Box<dyn FnOnce(Option<&Transaction>) -> Outcome + Send>;

struct Outcome {
    ok: bool,
    answer: Answer,
}

/// Tells a write's caller how it ended, given the result of its batch.
type Answer = Box<dyn FnOnce(AppResult<()>) + Send>;

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
         PRAGMA busy_timeout = 5000;",
    )?;
    // Savepoints (each write in a shared commit, each ledger posting) keep their undo
    // pages in a sub-journal, in memory up to 256 KiB: see `.cargo/config.toml`.
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
        writer.pragma_update(None, "wal_autocheckpoint", WRITER_CHECKPOINT_PAGES)?;
        let readers = (0..READERS)
            .map(|_| open_conn(path).map(Mutex::new))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let (kick, kicks) = mpsc::sync_channel(1);
        let checkpointer = open_conn(path)?;
        let checkpointer = thread("linli-db-checkpoint", move || {
            checkpoint_loop(checkpointer, kicks)
        })?;
        let (jobs, queue) = mpsc::channel();
        let stats = Arc::new(WriterStats::default());
        let writer_stats = stats.clone();
        let writer = thread("linli-db-writer", move || {
            write_loop(writer, queue, &writer_stats, kick)
        })?;
        Ok(Db {
            inner: Arc::new(Inner {
                jobs: Some(jobs),
                writer: Some(writer),
                checkpointer: Some(checkpointer),
                readers,
                next_reader: AtomicUsize::new(0),
                stats,
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
            let conn = match inner.free_reader() {
                Some(conn) => conn,
                None => inner.readers[inner.next() % inner.readers.len()]
                    .lock()
                    .map_err(|_| poisoned())?,
            };
            f(&conn)
        })
        .await
    }

    /// Runs a small read of hot rows on the calling thread when a reader is free, else as
    /// [`Db::read`] does. For the session behind a request only: its three indexed
    /// lookups in small tables read every request take microseconds, while the trip to
    /// the blocking pool and back took a tenth of a millisecond, a sixth of a kiosk
    /// checkout.
    pub async fn read_small<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> AppResult<T> + Send + 'static,
    {
        match self.read_here(f) {
            Ok(out) => out,
            Err(f) => self.read(f).await,
        }
    }

    /// `f` run on a free reader, or `f` back when none is free.
    fn read_here<T, F: FnOnce(&Connection) -> AppResult<T>>(
        &self,
        f: F,
    ) -> Result<AppResult<T>, F> {
        match self.inner.free_reader() {
            Some(conn) => Ok(f(&conn)),
            None => Err(f),
        }
    }

    /// Runs `f` in a `BEGIN IMMEDIATE` transaction, all or nothing: if `f` returns Ok its
    /// writes are committed (durably) before this returns; otherwise none remain.
    pub async fn write<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> AppResult<T> + Send + 'static,
    {
        let (job, answer) = job(f);
        let jobs = self.inner.jobs.as_ref().ok_or_else(writer_gone)?;
        self.inner.stats.queued.fetch_add(1, Ordering::Relaxed);
        if jobs.send(job).is_err() {
            self.inner.stats.queued.fetch_sub(1, Ordering::Relaxed);
            return Err(writer_gone());
        }
        answer.await.map_err(|_| writer_gone())?
    }

    /// The writer's queue depth, commit times and group sizes.
    pub fn writer_stats(&self) -> &WriterStats {
        &self.inner.stats
    }
}

/// Wraps a write for the writer thread; its caller's answer arrives on the receiver.
fn job<T, F>(f: F) -> (Job, tokio::sync::oneshot::Receiver<AppResult<T>>)
where
    T: Send + 'static,
    F: FnOnce(&Transaction) -> AppResult<T> + Send + 'static,
{
    let (reply, answer) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move |tx| {
        let out = tx.map(f);
        Outcome {
            ok: matches!(out, Some(Ok(_))),
            answer: Box::new(move |batch: AppResult<()>| {
                let _ = reply.send(batch.and_then(|()| out.unwrap_or_else(|| Err(writer_gone()))));
            }),
        }
    });
    (job, answer)
}

fn writer_gone() -> AppError {
    AppError::Internal("the database write did not complete".into())
}

/// Starts one of the store's named threads (the name shows in profiles and panics).
fn thread(name: &str, f: impl FnOnce() + Send + 'static) -> rusqlite::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name(name.into())
        .spawn(f)
        .map_err(|e| rusqlite::Error::InvalidPath(format!("{name} thread: {e}").into()))
}

/// The writer thread: takes the first waiting write and every write queued behind it
/// (up to [`MAX_BATCH`]) into one transaction, until every `Db` handle is gone. After
/// each commit it tells the checkpointer (without waiting: one pending word is enough).
fn write_loop(
    mut conn: Connection,
    queue: mpsc::Receiver<Job>,
    stats: &WriterStats,
    kick: mpsc::SyncSender<()>,
) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        stats
            .queued
            .fetch_sub(batch.len() as i64, Ordering::Relaxed);
        stats.group_size.observe(batch.len() as f64);
        run_batch(&mut conn, batch, stats);
        let _ = kick.try_send(());
    }
}

/// The checkpointer thread: after commits, waits [`CHECKPOINT_PAUSE`] for more, then
/// copies what the WAL holds into the database file without blocking the writer
/// (PASSIVE). Ends, after a last checkpoint, when the writer does.
fn checkpoint_loop(conn: Connection, kicks: mpsc::Receiver<()>) {
    while kicks.recv().is_ok() {
        let gathering = Instant::now();
        let mut writer_gone = false;
        while let Some(left) = CHECKPOINT_PAUSE.checked_sub(gathering.elapsed()) {
            match kicks.recv_timeout(left) {
                Ok(()) => {}
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    writer_gone = true;
                    break;
                }
            }
        }
        // Busy (another checkpoint running) is an answer, not an error; a failure is
        // retried after the next commits, and the writer's own checkpoint is the backstop.
        if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
            tracing::warn!(error = %e, "checkpoint failed");
        }
        if writer_gone {
            return;
        }
    }
}

/// Runs each write in its own savepoint inside one transaction, commits once, then
/// answers every caller with the commit's result (so nobody hears "done" before the
/// fsync). A write that panics is rolled back like a failed one; its caller's answer
/// channel is dropped, which it reports as an internal error. When the batch breaks
/// (the storage refuses a savepoint, a write or the commit), every caller gets that error
/// and the transaction is rolled back, leaving the connection ready for the next batch.
fn run_batch(conn: &mut Connection, batch: Vec<Job>, stats: &WriterStats) {
    let (answers, result) = match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
        Ok(tx) => run_in(tx, batch, stats),
        Err(e) => (skip(batch), Err(AppError::from(e))),
    };
    if let Err(e) = &result {
        tracing::error!(error = ?e, "a write batch failed; nothing of it was kept");
        if matches!(e, AppError::Refused(Reason::StorageUnavailable)) {
            stats.storage_failures.fetch_add(1, Ordering::Relaxed);
        }
    }
    // Dropping a failed transaction rolls it back; should that rollback itself have
    // failed, try once more so the next batch can begin.
    if !conn.is_autocommit() {
        if let Err(e) = conn.execute_batch("ROLLBACK") {
            tracing::error!(error = %e, "could not roll back a failed write batch");
        }
    }
    for answer in answers {
        answer(result.clone());
    }
}

/// The body of [`run_batch`]: the callers' answers and the batch's result.
fn run_in(
    tx: Transaction,
    mut batch: Vec<Job>,
    stats: &WriterStats,
) -> (Vec<Answer>, AppResult<()>) {
    if batch.len() == 1 {
        let job = batch.pop().expect("one write");
        return run_alone(tx, job, stats);
    }
    let mut answers = Vec::with_capacity(batch.len());
    let mut jobs = batch.into_iter();
    let mut broken: Option<AppError> = None;
    for job in jobs.by_ref() {
        // Prepared once: every write pays for its savepoint.
        if let Err(e) = tx
            .prepare_cached("SAVEPOINT job")
            .and_then(|mut s| s.execute([]))
        {
            answers.push(job(None).answer);
            broken = Some(e.into());
            break;
        }
        let ok = match catch_unwind(AssertUnwindSafe(|| job(Some(&tx)))) {
            Ok(outcome) => {
                answers.push(outcome.answer);
                outcome.ok
            }
            Err(_) => {
                tracing::error!("a database write panicked; rolled back");
                false
            }
        };
        // SQLite may roll back the whole transaction when the disk is full or an I/O
        // error strikes mid-statement: then the writes before this one are gone too.
        if tx.is_autocommit() {
            broken = Some(AppError::STORAGE_UNAVAILABLE);
            break;
        }
        let end = if ok {
            tx.prepare_cached("RELEASE job")
                .and_then(|mut s| s.execute([]).map(|_| ()))
        } else {
            tx.execute_batch("ROLLBACK TO job; RELEASE job")
        };
        if let Err(e) = end {
            broken = Some(e.into());
            break;
        }
    }
    answers.extend(skip(jobs));
    let result = match broken {
        Some(e) => Err(e), // the transaction is rolled back when `tx` drops
        None => commit(tx, stats),
    };
    (answers, result)
}

/// A write alone in its transaction (every write when they come one at a time) needs no
/// savepoint: if it fails, the whole transaction is rolled back. A savepoint is not
/// free: it copies every page the write touches into its undo journal.
fn run_alone(tx: Transaction, job: Job, stats: &WriterStats) -> (Vec<Answer>, AppResult<()>) {
    let Ok(outcome) = catch_unwind(AssertUnwindSafe(|| job(Some(&tx)))) else {
        tracing::error!("a database write panicked; rolled back");
        return (Vec::new(), Ok(()));
    };
    let result = if tx.is_autocommit() {
        Err(AppError::STORAGE_UNAVAILABLE)
    } else if outcome.ok {
        commit(tx, stats)
    } else {
        Ok(()) // its own error answers it; `tx` rolls back as it drops
    };
    (vec![outcome.answer], result)
}

fn commit(tx: Transaction, stats: &WriterStats) -> AppResult<()> {
    let started = Instant::now();
    let done = tx.commit().map_err(AppError::from);
    stats
        .commit_seconds
        .observe(started.elapsed().as_secs_f64());
    done
}

/// The answers of writes that never ran because their batch broke first.
fn skip(jobs: impl IntoIterator<Item = Job>) -> Vec<Answer> {
    jobs.into_iter().map(|job| job(None).answer).collect()
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

    /// The numbers kept in `t`, in order.
    async fn kept(db: &Db) -> Vec<i64> {
        db.read(|c| {
            let mut s = c.prepare("SELECT n FROM t ORDER BY n")?;
            let rows = s.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
        .unwrap()
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
        let kept = kept(&db).await;
        let expected: Vec<i64> = (0..200).filter(|n| n % 3 != 0).collect();
        assert_eq!(kept, expected);
    }

    /// A group whose COMMIT fails (here a deferred foreign key, checked only then; a full
    /// disk fails the same way) answers every one of its writes with that error, keeps
    /// none of them, and leaves the writer connection ready for the next group.
    #[tokio::test]
    async fn a_failed_commit_answers_every_write_of_its_group_and_the_writer_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = open_conn(&dir.path().join("t.db")).unwrap();
        conn.execute_batch(
            "CREATE TABLE t (n INTEGER);
             CREATE TABLE p (id INTEGER PRIMARY KEY);
             CREATE TABLE c (p INTEGER REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED);",
        )
        .unwrap();
        let stats = WriterStats::default();
        let insert = |sql: &'static str| job(move |tx| Ok(tx.execute(sql, [])?));
        let (a, ra) = insert("INSERT INTO t VALUES (1)");
        let (b, rb) = insert("INSERT INTO c VALUES (99)");
        let (c, rc) = insert("INSERT INTO t VALUES (2)");
        run_batch(&mut conn, vec![a, b, c], &stats);
        for answer in [ra, rb, rc] {
            assert!(answer.await.unwrap().is_err());
        }
        let kept: i64 = conn
            .query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, 0);
        assert!(conn.is_autocommit());

        let (d, rd) = insert("INSERT INTO t VALUES (3)");
        run_batch(&mut conn, vec![d], &stats);
        assert_eq!(rd.await.unwrap().unwrap(), 1);
    }

    /// A write alone in its transaction (no savepoint) that fails after writing, with an
    /// error or a panic, is rolled back and reported as an error; the writer goes on.
    #[tokio::test]
    async fn a_failed_or_panicking_write_leaves_nothing_and_the_writer_goes_on() {
        for panics in [false, true] {
            let (_dir, db) = scratch().await;
            let out: AppResult<()> = db
                .write(move |tx| {
                    tx.execute("INSERT INTO t (n) VALUES (1)", [])?;
                    if panics {
                        panic!("a bug in a write");
                    }
                    Err(AppError::Internal("refused after writing".into()))
                })
                .await;
            assert!(out.is_err());
            db.write(|tx| Ok(tx.execute("INSERT INTO t (n) VALUES (2)", [])?))
                .await
                .unwrap();
            assert_eq!(kept(&db).await, vec![2], "panics: {panics}");
        }
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
