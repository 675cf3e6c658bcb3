//! argon2id password hashing (the argon2 crate's defaults are OWASP's m=19456, t=2, p=1).
//!
//! A hash costs tens of milliseconds of CPU, so it runs on the blocking pool, at most
//! two at a time: a burst of sign-ins queues here instead of starving every request.

use std::sync::{Arc, OnceLock};

use argon2::password_hash::{rand_core::OsRng, PasswordHash, SaltString};
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use tokio::sync::Semaphore;

use crate::error::{AppError, AppResult};

const CONCURRENT_HASHES: usize = 2;

#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
}

impl Default for Passwords {
    fn default() -> Self {
        Passwords {
            permits: Arc::new(Semaphore::new(CONCURRENT_HASHES)),
        }
    }
}

impl Passwords {
    /// Hashes a new password.
    pub async fn hash(&self, password: String) -> AppResult<String> {
        self.run(move || hash_now(&password)).await?
    }

    /// Checks a password against the stored hash. With no account (`None`) it checks a
    /// dummy hash and says no, so the answer takes as long either way.
    pub async fn verify(&self, password: String, stored: Option<String>) -> AppResult<bool> {
        self.run(move || match stored {
            Some(h) => verify_now(&password, &h),
            None => {
                verify_now(&password, dummy_hash());
                false
            }
        })
        .await
    }

    async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| AppError::Internal(format!("hash semaphore: {e}")))?;
        tokio::task::spawn_blocking(f)
            .await
            .map_err(|e| AppError::Internal(format!("hash task: {e}")))
    }
}

/// Hashes on the calling thread (seeding, tests).
pub fn hash_now(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("argon2: {e}")))
}

/// False for a wrong password or an unreadable hash.
pub fn verify_now(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_now("linli-dummy-password").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hash verifies its own password only, and is argon2id with OWASP costs.
    #[test]
    fn a_hash_verifies_its_password_and_no_other() {
        let h = hash_now("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_now("correct horse", &h));
        assert!(!verify_now("wrong horse", &h));
        assert!(!verify_now("correct horse", "not a hash"));
    }

    /// Verifying without an account still does the work and answers no.
    #[tokio::test]
    async fn unknown_accounts_are_checked_against_a_dummy() {
        let p = Passwords::default();
        assert!(!p.verify("whatever1".into(), None).await.unwrap());
    }
}
