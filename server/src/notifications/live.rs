//! Wakes the open notification streams of the people whose notices were just committed.
//!
//! A write that stores notices calls [`Live::committed`] after its future resolved (the
//! commit is on disk); one dispatcher task then reads the ids and recipients of the rows
//! newer than the last it saw (one indexed read for everyone) and wakes those recipients'
//! streams, which read their own new rows. The table stays the truth: a stream that
//! misses a wake-up finds the rows on its fallback poll, and the dispatcher also looks
//! every few seconds, so a write path that forgets to signal is only slower.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{watch, Notify};

use crate::store::{notifications as store, Db};

/// How often the dispatcher looks even when nobody signalled.
const CATCH_UP: Duration = Duration::from_secs(5);
/// Most rows one dispatcher read takes (it reads again at once when full).
const BATCH: i64 = 10_000;

/// The handle in `AppState`; clones share one dispatcher.
#[derive(Clone)]
pub struct Live {
    shared: Arc<Shared>,
}

struct Shared {
    /// One channel per person with a stream open; removed with their last stream.
    users: Mutex<HashMap<i64, watch::Sender<()>>>,
    kick: Notify,
}

impl Live {
    /// Starts the dispatcher over `db` (on the current tokio runtime).
    pub fn spawn(db: Db) -> Live {
        let shared = Arc::new(Shared {
            users: Mutex::default(),
            kick: Notify::new(),
        });
        tokio::spawn(dispatch(db, shared.clone()));
        Live { shared }
    }

    /// Notices were committed: call after the write's future resolved, never inside it.
    /// Cheap and coalescing: many calls before the dispatcher runs cost one read.
    pub fn committed(&self) {
        self.shared.kick.notify_one();
    }

    /// Wake-ups for `user_id`'s notices. Subscribe before reading the table, so nothing
    /// committed after that read goes unannounced.
    pub fn listen(&self, user_id: i64) -> Listener {
        let mut users = lock(&self.shared.users);
        let rx = users
            .entry(user_id)
            .or_insert_with(|| watch::channel(()).0)
            .subscribe();
        Listener {
            rx,
            user_id,
            shared: self.shared.clone(),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// One open stream's wake-ups.
pub struct Listener {
    rx: watch::Receiver<()>,
    user_id: i64,
    shared: Arc<Shared>,
}

impl Listener {
    /// Returns when new notices of this person were committed, or after `at_most`.
    pub async fn wait(&mut self, at_most: Duration) {
        if let Ok(Err(_)) = tokio::time::timeout(at_most, self.rx.changed()).await {
            // The sender lives as long as this listener; should it ever go, only poll.
            tokio::time::sleep(at_most).await;
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let mut users = lock(&self.shared.users);
        // This listener's receiver is still alive here, so 1 means it was the last.
        if users
            .get(&self.user_id)
            .is_some_and(|tx| tx.receiver_count() <= 1)
        {
            users.remove(&self.user_id);
        }
    }
}

/// Reads what was committed since the last look and wakes its recipients.
async fn dispatch(db: Db, shared: Arc<Shared>) {
    let mut seen = db.read(store::last_id).await.unwrap_or(0);
    loop {
        tokio::select! {
            _ = shared.kick.notified() => {}
            _ = tokio::time::sleep(CATCH_UP) => {}
        }
        let after = seen;
        let Ok(rows) = db
            .read(move |c| store::recipients_after(c, after, BATCH))
            .await
        else {
            continue;
        };
        if rows.len() as i64 == BATCH {
            shared.kick.notify_one();
        }
        let Some(&(last, _)) = rows.last() else {
            continue;
        };
        seen = last;
        wake(&shared, rows.into_iter().map(|(_, user)| user));
    }
}

/// Wakes every open stream of these people; people without one cost a lookup.
fn wake(shared: &Shared, people: impl IntoIterator<Item = i64>) {
    let users = lock(&shared.users);
    for user in people {
        if let Some(tx) = users.get(&user) {
            tx.send_replace(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn live() -> Live {
        Live {
            shared: Arc::new(Shared {
                users: Mutex::default(),
                kick: Notify::new(),
            }),
        }
    }

    /// A person's phone and desktop both wake, nobody else does; the channel goes with
    /// the person's last stream.
    #[test]
    fn a_wake_reaches_every_stream_of_that_person_only() {
        let live = live();
        let (phone, desk, other) = (live.listen(7), live.listen(7), live.listen(8));
        wake(&live.shared, [7, 9]);
        assert!(phone.rx.has_changed().unwrap());
        assert!(desk.rx.has_changed().unwrap());
        assert!(!other.rx.has_changed().unwrap());
        drop(phone);
        assert!(lock(&live.shared.users).contains_key(&7));
        drop(desk);
        let users = lock(&live.shared.users);
        assert!(!users.contains_key(&7));
        assert!(users.contains_key(&8));
    }

    /// A wake that comes between a stream's read and its wait is not lost.
    #[tokio::test]
    async fn a_wake_before_the_wait_is_kept() {
        let live = live();
        let mut l = live.listen(7);
        wake(&live.shared, [7]);
        let t = std::time::Instant::now();
        l.wait(Duration::from_secs(30)).await;
        assert!(t.elapsed() < Duration::from_secs(10));
    }
}
