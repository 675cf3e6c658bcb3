//! Backups taken while the server runs, their checked restore, and the daily backup.
//!
//! A backup is written under a `.partial` name, synced, then renamed: a file with the
//! final name is always complete (a crash mid-backup leaves only a `.partial`).

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rusqlite::{Connection, OpenFlags};

use crate::ledger::{self, calendar};

pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The daily backups are named `linli-YYYYMMDD-HHMMSS.db` (Beijing time), so sorting the
/// names sorts them by age.
const PREFIX: &str = "linli-";
const SUFFIX: &str = ".db";
const DAY: Duration = Duration::from_secs(24 * 3600);
/// After a failed daily backup (disk full, directory gone), try again this much later.
const RETRY: Duration = Duration::from_secs(3600);

/// Copies the database at `db` to `dest`: one consistent snapshot, taken while the
/// server keeps writing.
pub fn backup(db: &Path, dest: &Path) -> Result<()> {
    let conn = open_existing(db)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    let partial = partial_name(dest);
    remove_if_present(&partial)?;
    // VACUUM INTO rather than the online backup API: it copies inside one read
    // transaction, so in WAL mode it sees one snapshot while the writer goes on and never
    // blocks it. The backup API copies in steps and starts over whenever another
    // connection (the server's writer) commits in between, so under steady writes it
    // may never finish; copying in one step would hold the same read transaction anyway.
    conn.execute("VACUUM INTO ?1", [text(&partial)?])?;
    drop(conn);
    publish(&partial, dest)
}

/// Replaces the database at `db` with the backup `from`, once the backup passes SQLite's
/// integrity check and every ledger invariant. Refused while a server has `db` open.
pub fn restore(from: &Path, db: &Path) -> Result<()> {
    check(from)?;
    // Held until the new file is in place, so a server starting meanwhile waits.
    let _stopped = match db.exists() {
        true => Some(lock_unused(db)?),
        false => None,
    };
    let partial = partial_name(db);
    remove_if_present(&partial)?;
    std::fs::copy(from, &partial)?;
    // The old file's write-ahead log belongs to the old file: replayed onto the restored
    // one it would corrupt it.
    for sidecar in ["-wal", "-shm", "-journal"] {
        remove_if_present(&with_suffix(db, sidecar))?;
    }
    publish(&partial, db)
}

/// Refuses a file that is not a sound Linli database: SQLite's integrity check and the
/// ledger's invariants must all pass.
pub fn check(path: &Path) -> Result<()> {
    let conn = open_existing(path)?;
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if integrity != "ok" {
        return Err(format!("{} fails the integrity check: {integrity}", path.display()).into());
    }
    let broken = ledger::broken_invariants(&conn).map_err(|e| format!("{e}"))?;
    if !broken.is_empty() {
        let list = broken.join("; ");
        return Err(format!("{} breaks ledger invariants: {list}", path.display()).into());
    }
    Ok(())
}

/// Takes today's backup into `dir` (stamped with `now`) and keeps the `keep` newest.
pub fn daily(db: &Path, dir: &Path, keep: usize, now: i64) -> Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let dest = dir.join(backup_name(now));
    backup(db, &dest)?;
    prune(dir, keep)?;
    Ok(dest)
}

/// Deletes all but the `keep` newest backups in `dir`; other files are left alone.
/// Returns what was deleted.
pub fn prune(dir: &Path, keep: usize) -> Result<Vec<PathBuf>> {
    let mut backups = backups_in(dir)?;
    backups.sort();
    let old = backups.len().saturating_sub(keep);
    let removed: Vec<PathBuf> = backups.drain(..old).collect();
    for path in &removed {
        std::fs::remove_file(path)?;
    }
    Ok(removed)
}

/// Runs [`daily`] once a day: the first time when the newest backup in `dir` is a day
/// old (at once when there is none), so restarts neither skip nor repeat a day.
pub fn spawn(db: PathBuf, dir: PathBuf, keep: usize) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut wait = until_due(&dir);
        loop {
            tokio::time::sleep(wait).await;
            let (db, dir) = (db.clone(), dir.clone());
            let done = tokio::task::spawn_blocking(move || {
                daily(&db, &dir, keep, crate::store::now()).map_err(|e| e.to_string())
            })
            .await;
            wait = match done {
                Ok(Ok(path)) => {
                    tracing::info!(path = %path.display(), "daily backup written");
                    DAY
                }
                Ok(Err(error)) => {
                    tracing::error!(%error, "daily backup failed");
                    RETRY
                }
                Err(error) => {
                    tracing::error!(%error, "daily backup task failed");
                    RETRY
                }
            };
        }
    })
}

/// How long until the next daily backup is due.
fn until_due(dir: &Path) -> Duration {
    let newest = backups_in(dir)
        .unwrap_or_default()
        .iter()
        .filter_map(|p| p.metadata().and_then(|m| m.modified()).ok())
        .max();
    let age = newest
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .unwrap_or(DAY);
    DAY.saturating_sub(age)
}

fn backup_name(now: i64) -> String {
    let (y, m, d) = calendar::local_date(now);
    let (hh, mm, ss) = linli_app::clock::local_clock(now);
    format!("{PREFIX}{y:04}{m:02}{d:02}-{hh:02}{mm:02}{ss:02}{SUFFIX}")
}

/// The finished daily backups in `dir` (not `.partial` ones, not other files).
fn backups_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with(PREFIX) && name.ends_with(SUFFIX) && path.is_file() {
            found.push(path);
        }
    }
    Ok(found)
}

/// Opens a database file that must already exist (never creates an empty one).
fn open_existing(path: &Path) -> Result<Connection> {
    if !path.is_file() {
        return Err(format!("{}: no such database file", path.display()).into());
    }
    Ok(Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?)
}

/// Proves no server has `db` open and keeps it so until dropped. Every connection to a
/// WAL database holds a shared lock on the file while open, and leaving WAL mode needs the
/// file to itself: with a server running, this fails at once instead of waiting.
fn lock_unused(db: &Path) -> Result<Connection> {
    let in_use = || format!("{} is in use: stop the server first", db.display());
    let conn = open_existing(db)?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .map_err(|_| in_use())?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(in_use().into());
    }
    conn.execute_batch("BEGIN EXCLUSIVE")
        .map_err(|_| in_use())?;
    Ok(conn)
}

/// Syncs the finished `partial` file and renames it to `dest`, syncing the directory so
/// the new name survives a power cut.
fn publish(partial: &Path, dest: &Path) -> Result<()> {
    std::fs::File::open(partial)?.sync_all()?;
    std::fs::rename(partial, dest)?;
    #[cfg(unix)]
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

fn partial_name(dest: &Path) -> PathBuf {
    with_suffix(dest, ".partial")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn remove_if_present(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

fn text(path: &Path) -> Result<&str> {
    path.to_str()
        .ok_or_else(|| format!("{}: not a UTF-8 path", path.display()).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_names_sort_by_time() {
        // 2026-12-03 09:30:08 UTC is 17:30:08 in Beijing.
        assert_eq!(backup_name(1_796_290_208), "linli-20261203-173008.db");
        assert!(backup_name(1_796_290_208) < backup_name(1_796_290_208 + 86_400));
    }
}
