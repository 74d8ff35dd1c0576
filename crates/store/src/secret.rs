//! Secrets: random tokens (kept only as SHA-256 hashes) and Argon2id password hashes.

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
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

/// Bytes asked of the allocator for one hash's working memory. Argon2id's default parameters
/// use 19 MiB; asking for more than glibc's largest dynamic mmap threshold (32 MiB) makes every
/// such block a fresh `mmap` that goes back to the OS when the hash is done, instead of a heap
/// block that stays in a thread's arena. The part beyond 19 MiB is never touched, so it never
/// becomes resident.
const HASH_MEMORY_RESERVE: usize = 33 * 1024 * 1024;

/// Runs Argon2 with working memory that is returned to the OS afterwards.
fn argon2_raw(
    argon: &Argon2<'_>,
    params: &Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<()> {
    let blocks = params.block_count();
    let reserve = (HASH_MEMORY_RESERVE / Block::SIZE).max(blocks);
    let mut memory: Vec<Block> = Vec::new();
    memory
        .try_reserve_exact(reserve)
        .map_err(|e| StoreError::Corrupt(format!("no memory for password hashing: {e}")))?;
    memory.resize(blocks, Block::default());
    argon
        .hash_password_into_with_memory(password, salt, out, &mut memory[..])
        .map_err(|e| StoreError::Corrupt(format!("password hashing failed: {e}")))
}

/// Hashes a password with Argon2id (default parameters) into a PHC string.
fn hash_now(password: &[u8]) -> Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt)
        .map_err(|e| StoreError::Corrupt(format!("no randomness from the OS: {e}")))?;
    let params = Params::default();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    argon2_raw(&argon, &params, password, &salt, &mut out)?;
    let bad =
        |e: argon2::password_hash::phc::Error| StoreError::Corrupt(format!("password hash: {e}"));
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        salt: Some(Salt::new(&salt).map_err(bad)?),
        hash: Some(Output::new(&out).map_err(bad)?),
    };
    Ok(phc.to_string())
}

/// Checks a password against a PHC string; false for a hash that does not parse.
fn verify_now(password: &[u8], hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(params), Some(salt), Some(expected)) = (
        Algorithm::try_from(parsed.algorithm.as_str()),
        Params::try_from(&parsed),
        parsed.salt.as_ref(),
        parsed.hash.as_ref(),
    ) else {
        return false;
    };
    let version = parsed
        .version
        .and_then(|v| Version::try_from(v).ok())
        .unwrap_or_default();
    let argon = Argon2::new(algorithm, version, params.clone());
    let mut out = vec![0u8; expected.len()];
    if argon2_raw(&argon, &params, password, salt.as_ref(), &mut out).is_err() {
        return false;
    }
    out.iter()
        .zip(expected.as_bytes())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}

/// Hashes a password with Argon2id (default parameters) on a blocking thread.
pub(crate) async fn hash_password(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || hash_now(password.as_bytes()))
        .await
        .map_err(|e| StoreError::Corrupt(e.to_string()))?
}

/// A real hash, made once per process with the same parameters as every account's, of a random
/// password no one knows: checking an unknown email against it costs what a wrong password
/// costs.
static DECOY_HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();

/// The decoy hash (made on first use).
pub(crate) async fn decoy_hash() -> Result<String> {
    DECOY_HASH
        .get_or_try_init(|| async {
            let password = Secret::generate("decoy")?;
            hash_password(password.expose().to_owned()).await
        })
        .await
        .cloned()
}

/// Checks a password against a stored hash on a blocking thread.
pub(crate) async fn verify_password(password: String, hash: String) -> Result<bool> {
    tokio::task::spawn_blocking(move || verify_now(password.as_bytes(), &hash))
        .await
        .map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// HMAC-SHA-256 of a device nonce, keyed by the user's password hash, in hex.
pub(crate) fn device_mac(key: &str, user: i64, nonce: &str) -> String {
    hex(&hmac_sha256(
        key.as_bytes(),
        format!("soothe-device:{user}:{nonce}").as_bytes(),
    ))
}

/// HMAC-SHA-256 (RFC 2104).
fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    const BLOCK: usize = 64;
    let mut k = [0u8; BLOCK];
    if key.len() > BLOCK {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(k.map(|b| b ^ 0x36));
    inner.update(message);
    let mut outer = Sha256::new();
    outer.update(k.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().to_vec()
}

/// A password hashed with Argon2id (see [`crate::Store::hash_password`]), ready to store.
#[derive(Clone)]
pub struct HashedPassword(pub(crate) String);

impl std::fmt::Debug for HashedPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HashedPassword(…)")
    }
}

impl HashedPassword {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_hash_is_a_standard_argon2id_phc_string_that_the_reference_verifier_accepts() {
        let hash = hash_now(b"correct horse battery").unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        let parsed = PasswordHash::new(&hash).unwrap();
        use argon2::PasswordVerifier;
        assert!(
            Argon2::default()
                .verify_password(b"correct horse battery", &parsed)
                .is_ok()
        );
        assert!(verify_now(b"correct horse battery", &hash));
        assert!(!verify_now(b"correct horse batterz", &hash));
        assert!(!verify_now(b"anything", "not a hash"));
    }

    #[test]
    fn a_hash_made_by_the_reference_hasher_is_verified() {
        use argon2::PasswordHasher;
        let hash = Argon2::default()
            .hash_password(b"ten characters")
            .unwrap()
            .to_string();
        assert!(verify_now(b"ten characters", &hash));
        assert!(!verify_now(b"eleven characters", &hash));
    }

    #[test]
    fn device_proofs_are_hmac_sha256() {
        // RFC 4231, test cases 2 (a short key) and 6 (a key longer than a block).
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hex(&hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
        let a = device_mac("key-one", 7, "n");
        assert_ne!(a, device_mac("key-two", 7, "n"));
        assert_ne!(a, device_mac("key-one", 8, "n"));
        assert_ne!(a, device_mac("key-one", 7, "m"));
    }

    #[tokio::test]
    async fn the_decoy_has_the_same_parameters_as_every_account() {
        let decoy = decoy_hash().await.unwrap();
        let real = hash_password("correct horse battery".into()).await.unwrap();
        let params = |h: &str| {
            let p = PasswordHash::new(h).unwrap();
            (
                p.algorithm.to_string(),
                p.version,
                p.params.to_string(),
                p.salt.unwrap().len(),
                p.hash.unwrap().len(),
            )
        };
        assert_eq!(params(&decoy), params(&real));
        assert!(!verify_password("".into(), decoy).await.unwrap());
    }
}
