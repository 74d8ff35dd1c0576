//! Secrets: random tokens (kept only as SHA-256 hashes) and Argon2id password hashes.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use sha2::{Digest, Sha256};

use crate::{Result, StoreError};

/// A secret shown once to its owner (an API token, an invitation code, a web session id).
/// The store keeps only its hash.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    /// A new random secret: a prefix naming what it is, then 32 random bytes in hex.
    pub fn generate(prefix: &str) -> Result<Secret> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| StoreError::Corrupt(format!("no randomness from the OS: {e}")))?;
        Ok(Secret(format!("{prefix}_{}", hex(&bytes))))
    }

    /// The secret's text, to show to its owner once.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Wraps a secret someone presented.
    pub fn from_presented(s: &str) -> Secret {
        Secret(s.to_owned())
    }

    /// The stored form: SHA-256 in hex. The secrets are random and long, so a fast hash is
    /// enough; passwords get Argon2id.
    pub(crate) fn hash(&self) -> String {
        hex(&Sha256::digest(self.0.as_bytes()))
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Hashes a password with Argon2id (default parameters) on a blocking thread.
pub(crate) async fn hash_password(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| StoreError::Corrupt(format!("password hashing failed: {e}")))
    })
    .await
    .map_err(|e| StoreError::Corrupt(e.to_string()))?
}

/// A hash of a password no one has, so that unknown emails cost as much as wrong passwords.
pub(crate) const DECOY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29vdGhlZGVjb3lzYWx0$2ZKcF4x7yXgB9m0zvKbXcV2dGqjqvQ6U2uJvK1mYxVw";

/// Checks a password against a stored hash on a blocking thread.
pub(crate) async fn verify_password(password: String, hash: String) -> Result<bool> {
    tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PasswordHash::new(&hash) else {
            return false;
        };
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
    .await
    .map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// The rules a new password must meet.
pub(crate) fn check_password(password: &str) -> Result<()> {
    let n = password.chars().count();
    if n < 10 {
        return Err(StoreError::invalid(
            "password",
            "use at least 10 characters (a few words make a good one)",
        ));
    }
    if n > 200 {
        return Err(StoreError::invalid(
            "password",
            "use at most 200 characters",
        ));
    }
    Ok(())
}
