//! Web Push: the server's VAPID keys (RFC 8292) and a message encrypted for one browser
//! (RFC 8291, `aes128gcm` of RFC 8188), all on ring.
//!
//! A push request carries:
//! - `Authorization: vapid t=<JWT>, k=<the server's public key, base64url>`: an ES256 JWT
//!   whose `aud` is the endpoint's origin, `exp` twelve hours ahead, `sub` a contact (the
//!   public address of soothe, or a `mailto:`);
//! - `Content-Encoding: aes128gcm`, `TTL` (seconds the push service may keep it), `Urgency`;
//! - the body: `salt (16) || rs (4, big-endian) || idlen (1) = 65 || the sender's ephemeral
//!   public key (65) || one AES-128-GCM record` of the payload and its `0x02` delimiter.

use ring::aead::{self, AES_128_GCM, LessSafeKey, Nonce, UnboundKey};
use ring::agreement::{self, ECDH_P256, EphemeralPrivateKey, UnparsedPublicKey};
use ring::hkdf::{self, HKDF_SHA256, KeyType, Salt};
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};
use soothe_core::channel::{HttpUrl, base64url_encode};

/// The record size written in the header: one record holds the whole message.
const RECORD_SIZE: u32 = 4096;
/// The longest payload one record holds (the record size less the tag and the delimiter).
pub const MAX_PAYLOAD: usize = RECORD_SIZE as usize - 16 - 1;
/// How long a VAPID token is valid (RFC 8292 allows at most 24 hours).
pub const VAPID_VALIDITY_SECONDS: i64 = 12 * 3600;

/// Why keys could not be made or read, or a message not encrypted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PushError {
    /// The stored keys are not a P-256 key pair (PKCS#8).
    #[error("the VAPID keys are not a P-256 key pair")]
    BadKeys,
    /// The browser's key is not a P-256 point.
    #[error("the subscription's key is not a P-256 point")]
    BadSubscription,
    /// The message is longer than one record holds.
    #[error("the message is too long for Web Push")]
    TooLong,
    /// The system's random source or a primitive failed.
    #[error("cryptography failed")]
    Crypto,
}

/// The server's VAPID key pair (P-256). Made once at first start and kept by the App as an
/// installation secret ([`VapidKeys::to_bytes`] / [`VapidKeys::from_bytes`]); browsers are
/// given [`VapidKeys::public_key_base64url`] as `applicationServerKey`.
pub struct VapidKeys {
    pkcs8: Vec<u8>,
    pair: EcdsaKeyPair,
}

impl std::fmt::Debug for VapidKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VapidKeys")
            .field("public", &self.public_key_base64url())
            .finish_non_exhaustive()
    }
}

impl VapidKeys {
    /// New random keys.
    pub fn generate() -> Result<VapidKeys, PushError> {
        let rng = SystemRandom::new();
        let doc = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng)
            .map_err(|_| PushError::Crypto)?;
        VapidKeys::from_bytes(doc.as_ref())
    }

    /// The keys to store: a PKCS#8 (v1, DER) document. Secret: whoever has it can push as
    /// this server.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.pkcs8.clone()
    }

    /// Keys read back from [`VapidKeys::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<VapidKeys, PushError> {
        let pair = EcdsaKeyPair::from_pkcs8(
            &ECDSA_P256_SHA256_FIXED_SIGNING,
            bytes,
            &SystemRandom::new(),
        )
        .map_err(|_| PushError::BadKeys)?;
        Ok(VapidKeys {
            pkcs8: bytes.to_vec(),
            pair,
        })
    }

    /// The public key: 65 bytes, an uncompressed P-256 point.
    pub fn public_key(&self) -> Vec<u8> {
        self.pair.public_key().as_ref().to_vec()
    }

    /// The public key in base64url without padding (the browser's `applicationServerKey`,
    /// and `k=` in the `Authorization` header).
    pub fn public_key_base64url(&self) -> String {
        base64url_encode(self.pair.public_key().as_ref())
    }

    /// The `Authorization` header's value for a push to `endpoint`, valid from `now` (Unix
    /// seconds) for [`VAPID_VALIDITY_SECONDS`], naming `contact` (`mailto:` or `https:`).
    pub fn authorization(
        &self,
        endpoint: &HttpUrl,
        contact: &str,
        now: i64,
    ) -> Result<String, PushError> {
        let scheme = if endpoint.https { "https" } else { "http" };
        let audience = format!("{scheme}://{}", endpoint.authority());
        let header = base64url_encode(br#"{"typ":"JWT","alg":"ES256"}"#);
        let claims = serde_json::json!({
            "aud": audience,
            "exp": now + VAPID_VALIDITY_SECONDS,
            "sub": contact,
        });
        let claims = base64url_encode(claims.to_string().as_bytes());
        let signing_input = format!("{header}.{claims}");
        let signature = self
            .pair
            .sign(&SystemRandom::new(), signing_input.as_bytes())
            .map_err(|_| PushError::Crypto)?;
        Ok(format!(
            "vapid t={signing_input}.{}, k={}",
            base64url_encode(signature.as_ref()),
            self.public_key_base64url()
        ))
    }
}

struct Len(usize);

impl KeyType for Len {
    fn len(&self) -> usize {
        self.0
    }
}

fn expand(prk: &hkdf::Prk, info: &[&[u8]], out: &mut [u8]) -> Result<(), PushError> {
    prk.expand(info, Len(out.len()))
        .and_then(|okm| okm.fill(out))
        .map_err(|_| PushError::Crypto)
}

/// `payload` encrypted for the browser whose key is `ua_public` (65 bytes) and whose
/// authentication secret is `auth_secret` (16 bytes), per RFC 8291: the whole body of the
/// push request.
pub fn encrypt(ua_public: &[u8], auth_secret: &[u8], payload: &[u8]) -> Result<Vec<u8>, PushError> {
    let rng = SystemRandom::new();
    let mut salt = [0u8; 16];
    rng.fill(&mut salt).map_err(|_| PushError::Crypto)?;
    let private = EphemeralPrivateKey::generate(&ECDH_P256, &rng).map_err(|_| PushError::Crypto)?;
    encrypt_with(private, salt, ua_public, auth_secret, payload)
}

fn encrypt_with(
    private: EphemeralPrivateKey,
    salt: [u8; 16],
    ua_public: &[u8],
    auth_secret: &[u8],
    payload: &[u8],
) -> Result<Vec<u8>, PushError> {
    if payload.len() > MAX_PAYLOAD {
        return Err(PushError::TooLong);
    }
    let as_public = private
        .compute_public_key()
        .map_err(|_| PushError::Crypto)?;
    let as_public = as_public.as_ref().to_vec();
    let peer = UnparsedPublicKey::new(&ECDH_P256, ua_public);
    let ecdh_secret = agreement::agree_ephemeral(private, &peer, |k| k.to_vec())
        .map_err(|_| PushError::BadSubscription)?;
    // RFC 8291 §3.3–3.4: the input keying material from the shared secret and the
    // authentication secret, then the content encryption key and nonce from the salt.
    let prk_key = Salt::new(HKDF_SHA256, auth_secret).extract(&ecdh_secret);
    let mut ikm = [0u8; 32];
    expand(
        &prk_key,
        &[b"WebPush: info\0", ua_public, &as_public],
        &mut ikm,
    )?;
    let prk = Salt::new(HKDF_SHA256, &salt).extract(&ikm);
    let mut cek = [0u8; 16];
    expand(&prk, &[b"Content-Encoding: aes128gcm\0"], &mut cek)?;
    let mut nonce = [0u8; 12];
    expand(&prk, &[b"Content-Encoding: nonce\0"], &mut nonce)?;
    let key = LessSafeKey::new(UnboundKey::new(&AES_128_GCM, &cek).map_err(|_| PushError::Crypto)?);
    // One record, the last: the payload and the delimiter 0x02, no padding.
    let mut record = payload.to_vec();
    record.push(2);
    key.seal_in_place_append_tag(
        Nonce::assume_unique_for_key(nonce),
        aead::Aad::empty(),
        &mut record,
    )
    .map_err(|_| PushError::Crypto)?;
    let mut body = Vec::with_capacity(16 + 4 + 1 + 65 + record.len());
    body.extend_from_slice(&salt);
    body.extend_from_slice(&RECORD_SIZE.to_be_bytes());
    body.push(u8::try_from(as_public.len()).map_err(|_| PushError::Crypto)?);
    body.extend_from_slice(&as_public);
    body.extend_from_slice(&record);
    Ok(body)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn keys_survive_being_stored() {
        let keys = VapidKeys::generate().unwrap();
        let again = VapidKeys::from_bytes(&keys.to_bytes()).unwrap();
        assert_eq!(keys.public_key(), again.public_key());
        assert_eq!(keys.public_key().len(), 65);
        assert_eq!(keys.public_key()[0], 4);
        assert_eq!(keys.public_key_base64url().len(), 87);
        assert_ne!(
            VapidKeys::generate().unwrap().public_key(),
            keys.public_key()
        );
        assert_eq!(
            VapidKeys::from_bytes(b"not a key").unwrap_err(),
            PushError::BadKeys
        );
        assert!(!format!("{keys:?}").contains(&format!("{:?}", keys.to_bytes())));
    }

    #[test]
    fn a_message_too_long_for_one_record_is_refused() {
        let rng = SystemRandom::new();
        let browser = EphemeralPrivateKey::generate(&ECDH_P256, &rng).unwrap();
        let public = browser.compute_public_key().unwrap();
        let long = vec![b'a'; MAX_PAYLOAD + 1];
        assert_eq!(
            encrypt(public.as_ref(), &[0; 16], &long).unwrap_err(),
            PushError::TooLong
        );
        let body = encrypt(public.as_ref(), &[0; 16], &long[..MAX_PAYLOAD]).unwrap();
        assert_eq!(body.len(), 86 + RECORD_SIZE as usize);
        assert_eq!(
            encrypt(&[4; 65], &[0; 16], b"x").unwrap_err(),
            PushError::BadSubscription
        );
    }
}
