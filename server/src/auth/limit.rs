//! Sliding-window attempt limits, kept in memory (a restart forgives everyone, which is
//! acceptable for slowing down guessing).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Keys kept before old ones are swept, so a flood of addresses cannot grow the map
/// without bound.
const SWEEP_AT: usize = 10_000;

pub struct Limiter {
    max: usize,
    window: Duration,
    hits: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Limiter {
    pub fn new(max: usize, window: Duration) -> Limiter {
        Limiter {
            max,
            window,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// Counts an attempt for `key`; when the window is full it is not counted and the
    /// answer is how long until the next attempt would be.
    pub fn try_hit(&self, key: &str) -> Result<(), Duration> {
        self.try_hit_at(key, Instant::now())
    }

    /// How long `key` must wait, if it has used up its window.
    pub fn blocked_for(&self, key: &str) -> Option<Duration> {
        self.blocked_for_at(key, Instant::now())
    }

    /// Counts an event for `key` (e.g. a failed password).
    pub fn hit(&self, key: &str) {
        self.hit_at(key, Instant::now());
    }

    /// Forgets `key` (e.g. after a successful sign-in).
    pub fn clear(&self, key: &str) {
        if let Ok(mut map) = self.hits.lock() {
            map.remove(key);
        }
    }

    fn with_recent<T>(
        &self,
        key: &str,
        now: Instant,
        f: impl FnOnce(&mut VecDeque<Instant>) -> T,
    ) -> T {
        let mut map = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= SWEEP_AT {
            let window = self.window;
            map.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < window));
        }
        let q = map.entry(key.to_string()).or_default();
        while q
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            q.pop_front();
        }
        f(q)
    }

    pub fn try_hit_at(&self, key: &str, now: Instant) -> Result<(), Duration> {
        let (max, window) = (self.max, self.window);
        self.with_recent(key, now, |q| match wait(q, max, window, now) {
            Some(w) => Err(w),
            None => {
                q.push_back(now);
                Ok(())
            }
        })
    }

    pub fn blocked_for_at(&self, key: &str, now: Instant) -> Option<Duration> {
        let (max, window) = (self.max, self.window);
        self.with_recent(key, now, |q| wait(q, max, window, now))
    }

    pub fn hit_at(&self, key: &str, now: Instant) {
        self.with_recent(key, now, |q| q.push_back(now));
    }
}

/// With `recent` holding the hits inside the window: none when another is allowed,
/// otherwise the time until the oldest one leaves the window.
fn wait(
    recent: &VecDeque<Instant>,
    max: usize,
    window: Duration,
    now: Instant,
) -> Option<Duration> {
    if recent.len() < max {
        return None;
    }
    let oldest = recent.front().copied().unwrap_or(now);
    Some(window.saturating_sub(now.duration_since(oldest)))
}

/// The limits on signing in and registering.
pub struct Limits {
    /// Failed sign-ins from one address (default 30 per 5 minutes).
    pub login_ip: Limiter,
    /// Failed passwords for one phone number: 5 per 15 minutes.
    pub login_account: Limiter,
    /// Registrations from one address (default 60 per hour: a community desk may sign
    /// up many people in an afternoon).
    pub register_ip: Limiter,
}

const MINUTE: u64 = 60;

impl Limits {
    pub fn new(login_failures_per_ip: usize, registrations_per_ip: usize) -> Limits {
        Limits {
            login_ip: Limiter::new(login_failures_per_ip, Duration::from_secs(5 * MINUTE)),
            login_account: Limiter::new(5, Duration::from_secs(15 * MINUTE)),
            register_ip: Limiter::new(registrations_per_ip, Duration::from_secs(60 * MINUTE)),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::new(30, 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window admits `max` attempts, refuses the next, and reopens once it slides.
    #[test]
    fn attempts_beyond_the_limit_wait_for_the_window_to_slide() {
        let l = Limiter::new(2, Duration::from_secs(60));
        let t0 = Instant::now();
        let at = |s| t0 + Duration::from_secs(s);
        assert!(l.try_hit_at("ip", t0).is_ok());
        assert!(l.try_hit_at("ip", at(1)).is_ok());
        assert_eq!(l.try_hit_at("ip", at(2)), Err(Duration::from_secs(58)));
        assert!(l.try_hit_at("other", t0).is_ok());
        assert!(l.try_hit_at("ip", at(61)).is_ok());
    }

    /// Failures block a key until cleared.
    #[test]
    fn failures_block_until_cleared() {
        let l = Limiter::new(2, Duration::from_secs(60));
        let t0 = Instant::now();
        l.hit_at("138", t0);
        assert_eq!(l.blocked_for_at("138", t0), None);
        l.hit_at("138", t0);
        assert_eq!(l.blocked_for_at("138", t0), Some(Duration::from_secs(60)));
        l.clear("138");
        assert_eq!(l.blocked_for_at("138", t0), None);
    }
}
