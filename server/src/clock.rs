//! The time the alarm ladder runs on. The server uses the system clock; tests hold a
//! manual one and move it, so an escalation is checked "on time" without sleeping.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

/// Seconds since the Unix epoch, from the system or from a test's hand.
#[derive(Clone)]
pub struct Clock {
    /// `None`: the system clock. `Some`: a manual clock; its value is the time.
    manual: Option<Arc<watch::Sender<i64>>>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock { manual: None }
    }

    /// A clock that stands at `at` until [`Clock::advance`] or [`Clock::set`] moves it.
    pub fn manual(at: i64) -> Clock {
        Clock {
            manual: Some(Arc::new(watch::channel(at).0)),
        }
    }

    pub fn now(&self) -> i64 {
        match &self.manual {
            Some(t) => *t.borrow(),
            None => crate::store::now(),
        }
    }

    /// Moves a manual clock forward and wakes whoever waits on it (no-op on the system
    /// clock).
    pub fn advance(&self, secs: i64) {
        if let Some(t) = &self.manual {
            t.send_modify(|now| *now += secs);
        }
    }

    /// Sets a manual clock.
    pub fn set(&self, at: i64) {
        if let Some(t) = &self.manual {
            t.send_replace(at);
        }
    }

    /// Waits `at_most` of real time, returning early when a manual clock moves.
    pub async fn tick(&self, at_most: Duration) {
        match &self.manual {
            Some(t) => {
                let mut rx = t.subscribe();
                let _ = tokio::time::timeout(at_most, rx.changed()).await;
            }
            None => tokio::time::sleep(at_most).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A manual clock stands still until moved, and moving it wakes a waiter at once.
    #[tokio::test]
    async fn a_manual_clock_moves_only_when_told_and_wakes_its_waiters() {
        let clock = Clock::manual(1_000);
        assert_eq!(clock.now(), 1_000);
        let waiter = {
            let clock = clock.clone();
            tokio::spawn(async move {
                let started = std::time::Instant::now();
                clock.tick(Duration::from_secs(30)).await;
                started.elapsed()
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        clock.advance(120);
        assert_eq!(clock.now(), 1_120);
        assert!(waiter.await.unwrap() < Duration::from_secs(10));
        assert!(Clock::system().now() > 1_700_000_000);
    }
}
