//! The channels against real local receivers this test starts: the webhook's body and
//! signature (checked with hmac + sha2, not the sender's code), ntfy's request, Web Push
//! decrypted by a receiving side written here (ECDH, HKDF, AES-GCM per RFC 8291) with its
//! VAPID token verified, email at a local SMTP receiver; and the outbound rules: refused
//! addresses, timeouts, non-2xx answers, no redirects, bounded answers; and the channel
//! values' refusals.

#![allow(clippy::unwrap_used, missing_docs)]

#[path = "../../../tests/skipping.rs"]
mod skipping;
#[path = "common/smtp.rs"]
mod smtp;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::IntoResponse;
use hmac::{Hmac, KeyInit, Mac};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use ring::agreement::{self, ECDH_P256, EphemeralPrivateKey, UnparsedPublicKey};
use ring::rand::SystemRandom;
use sha2::Sha256;
use smtp::smtp_receiver;
use soothe_app::reminders::{Deliver, Outgoing, OutgoingKind};
use soothe_core::catalog::Catalogs;
use soothe_core::channel::{ChannelSpec, HttpUrl, base64url_decode, base64url_encode};
use soothe_core::ids::RoutineId;
use soothe_core::lang::Lang;
use soothe_server::mail::Mailer;
use soothe_server::notify::{AddressPolicy, Notifier, Outbound, VapidKeys};
use tokio::io::AsyncWriteExt;
use tokio::sync::mpsc;

/// One request as a receiver got it.
#[derive(Debug, Clone)]
struct Got {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
}

impl Got {
    fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    }
}

type Log = Arc<Mutex<Vec<Got>>>;

/// A receiver on 127.0.0.1 that records every request and answers `status`.
async fn receiver(status: StatusCode) -> (SocketAddr, Log) {
    let log: Log = Arc::default();
    let kept = log.clone();
    let app = Router::new().fallback(
        move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
            let kept = kept.clone();
            async move {
                kept.lock().unwrap().push(Got {
                    method,
                    uri,
                    headers,
                    body,
                });
                (status, "ok")
            }
        },
    );
    let (addr, _) = serve(app).await;
    (addr, log)
}

async fn serve(app: Router) -> (SocketAddr, Log) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, Log::default())
}

/// The embedded catalogs, loaded once (validating them takes a while in a debug build).
fn catalogs() -> Catalogs {
    static CATALOGS: std::sync::LazyLock<Catalogs> =
        std::sync::LazyLock::new(|| Catalogs::embedded().unwrap());
    CATALOGS.clone()
}

fn notifier(policy: AddressPolicy) -> Notifier {
    notifier_with(Outbound::new(policy), None)
}

fn notifier_with(outbound: Outbound, mailer: Option<Arc<Mailer>>) -> Notifier {
    Notifier::new(
        outbound,
        mailer,
        Arc::new(VapidKeys::generate().unwrap()),
        "http://soothe.test/",
        catalogs(),
    )
}

/// A massage reminder for `name`, due 19:30 in Paris on 28 November 2026.
fn reminder(name: &str) -> Outgoing {
    Outgoing {
        id: "rem-1".into(),
        kind: OutgoingKind::MassageReminder,
        baby: Some(("b1".into(), name.into())),
        due: "2026-11-28T18:30:00Z".parse().unwrap(),
        time_zone: TimeZone::get("Europe/Paris").unwrap(),
        routine: Some(RoutineId::new("full-body").unwrap()),
        verdict: Some("ready"),
        until: None,
        late: false,
        lang: Lang::En,
        path: "/massage?baby=b1".into(),
    }
}

fn webhook(addr: SocketAddr, path: &str) -> ChannelSpec {
    ChannelSpec::Webhook {
        url: format!("http://{addr}{path}"),
        secret: "a shared secret".into(),
    }
}

fn routine_title(lang: Lang) -> String {
    catalogs()
        .get(lang)
        .routine("full-body")
        .unwrap()
        .title
        .clone()
}

#[tokio::test]
async fn a_webhook_gets_the_payload_signed_with_the_secret() {
    let (addr, log) = receiver(StatusCode::OK).await;
    let n = notifier(AddressPolicy::default());
    let mut m = reminder("Léa");
    m.verdict = Some("wait");
    m.until = Some("2026-11-28T18:40:00Z".parse().unwrap());
    m.late = true;
    n.send(&webhook(addr, "/api/webhook/soothe"), &m)
        .await
        .unwrap();
    let got = log.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    let got = &got[0];
    assert_eq!(got.method, Method::POST);
    assert_eq!(got.uri.path(), "/api/webhook/soothe");
    assert_eq!(got.header("content-type"), "application/json");
    assert_eq!(got.header("x-soothe-event"), "massage_reminder");
    assert_eq!(got.header("x-soothe-id"), "rem-1");
    assert_eq!(got.header("host"), addr.to_string());
    let body: serde_json::Value = serde_json::from_slice(&got.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "type": "massage_reminder",
            "baby": {"id": "b1", "name": "Léa"},
            "due": "2026-11-28T19:30:00+01:00",
            "routine": "full-body",
            "verdict": "wait",
            "until": "2026-11-28T19:40:00+01:00",
            "late": true,
            "id": "rem-1",
            "url": "http://soothe.test/massage?baby=b1",
        })
    );
    // The signature over the exact bytes received, computed here independently.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(b"a shared secret").unwrap();
    mac.update(&got.body);
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        got.header("x-soothe-signature"),
        format!("sha256={expected}")
    );
    // Another secret would not verify.
    let mut other = <Hmac<Sha256> as KeyInit>::new_from_slice(b"another secret").unwrap();
    other.update(&got.body);
    let other: String = other
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_ne!(got.header("x-soothe-signature"), format!("sha256={other}"));
}

#[tokio::test]
async fn a_test_message_has_no_baby_and_says_test() {
    let (addr, log) = receiver(StatusCode::NO_CONTENT).await;
    let n = notifier(AddressPolicy::default());
    let mut m = reminder("Léa");
    m.kind = OutgoingKind::Test;
    m.baby = None;
    m.routine = None;
    m.verdict = None;
    n.send(&webhook(addr, "/"), &m).await.unwrap();
    let got = log.lock().unwrap()[0].clone();
    let body: serde_json::Value = serde_json::from_slice(&got.body).unwrap();
    assert_eq!(body["type"], "test");
    assert_eq!(body["baby"], serde_json::Value::Null);
    assert_eq!(body["routine"], serde_json::Value::Null);
    assert_eq!(body["until"], serde_json::Value::Null);
    assert_eq!(body["late"], false);
}

#[tokio::test]
async fn ntfy_gets_the_text_with_its_title_tags_and_link() {
    let (addr, log) = receiver(StatusCode::OK).await;
    let n = notifier(AddressPolicy::default());
    let channel = ChannelSpec::Ntfy {
        url: format!("http://{addr}/"),
        topic: "soothe_noah-1".into(),
    };
    n.send(&channel, &reminder("Noah")).await.unwrap();
    let got = log.lock().unwrap()[0].clone();
    assert_eq!(got.method, Method::POST);
    assert_eq!(got.uri.path(), "/soothe_noah-1");
    assert_eq!(got.header("title"), "Time for Noah's massage");
    assert_eq!(got.header("tags"), "baby");
    assert_eq!(got.header("click"), "http://soothe.test/massage?baby=b1");
    let text = String::from_utf8(got.body.to_vec()).unwrap();
    assert_eq!(
        text,
        format!(
            "Time for Noah's massage ({}) at 19:30.",
            routine_title(Lang::En)
        )
    );

    // A title outside ASCII goes as an RFC 2047 encoded word (ntfy decodes it); Spanish words.
    let mut m = reminder("Léa");
    m.lang = Lang::Es;
    m.routine = None;
    n.send(&channel, &m).await.unwrap();
    let got = log.lock().unwrap()[1].clone();
    let title = got.header("title");
    let encoded = title
        .strip_prefix("=?UTF-8?B?")
        .and_then(|t| t.strip_suffix("?="))
        .unwrap();
    let decoded = base64url_decode(&encoded.replace('+', "-").replace('/', "_")).unwrap();
    assert_eq!(
        String::from_utf8(decoded).unwrap(),
        "Es la hora del masaje de Léa"
    );
    let text = String::from_utf8(got.body.to_vec()).unwrap();
    assert_eq!(text, "Es la hora del masaje de Léa a las 19:30.");

    // A patch test's check: its own tag, the text in the household's language.
    let mut m = reminder("Noah");
    m.kind = OutgoingKind::PatchTestCheck;
    m.routine = None;
    n.send(&channel, &m).await.unwrap();
    let got = log.lock().unwrap()[2].clone();
    assert_eq!(got.header("title"), "Time to look at the skin");
    assert_eq!(got.header("tags"), "mag");
    let text = String::from_utf8(got.body.to_vec()).unwrap();
    assert!(text.contains("Noah") && text.contains("19:30"), "{text}");
}

#[tokio::test]
async fn the_words_say_when_to_wait_and_when_it_is_late() {
    let n = notifier(AddressPolicy::default());
    let mut m = reminder("Léa");
    m.until = Some("2026-11-28T18:40:00Z".parse().unwrap());
    let c = n.compose(&m);
    assert!(c.body.contains("fits after 19:40"), "{}", c.body);
    assert!(c.body.contains(&routine_title(Lang::En)), "{}", c.body);
    assert!(!c.body.contains("Late"), "{}", c.body);
    m.until = None;
    m.late = true;
    let c = n.compose(&m);
    assert!(
        c.body.ends_with("Late: soothe was not running at 19:30."),
        "{}",
        c.body
    );
    m.lang = Lang::Es;
    let c = n.compose(&m);
    assert!(c.body.contains(&routine_title(Lang::Es)), "{}", c.body);
    assert!(c.body.contains("Con retraso"), "{}", c.body);
    assert_eq!(c.url, "http://soothe.test/massage?baby=b1");
}

/// The receiving side of RFC 8291, written from the RFC: the browser's private key and
/// authentication secret decrypt the body.
fn decrypt(ua_private: EphemeralPrivateKey, ua_public: &[u8], auth: &[u8], body: &[u8]) -> Vec<u8> {
    let salt = &body[..16];
    let rs = u32::from_be_bytes(body[16..20].try_into().unwrap());
    let idlen = body[20] as usize;
    assert_eq!(idlen, 65);
    let as_public = &body[21..21 + idlen];
    let ciphertext = &body[21 + idlen..];
    assert!(ciphertext.len() <= rs as usize, "one record");
    let ecdh = agreement::agree_ephemeral(
        ua_private,
        &UnparsedPublicKey::new(&ECDH_P256, as_public),
        |k| k.to_vec(),
    )
    .unwrap();
    let mut info = b"WebPush: info\0".to_vec();
    info.extend_from_slice(ua_public);
    info.extend_from_slice(as_public);
    let mut ikm = [0u8; 32];
    hkdf::Hkdf::<Sha256>::new(Some(auth), &ecdh)
        .expand(&info, &mut ikm)
        .unwrap();
    let prk = hkdf::Hkdf::<Sha256>::new(Some(salt), &ikm);
    let mut cek = [0u8; 16];
    prk.expand(b"Content-Encoding: aes128gcm\0", &mut cek)
        .unwrap();
    let mut nonce = [0u8; 12];
    prk.expand(b"Content-Encoding: nonce\0", &mut nonce)
        .unwrap();
    let key = ring::aead::LessSafeKey::new(
        ring::aead::UnboundKey::new(&ring::aead::AES_128_GCM, &cek).unwrap(),
    );
    let mut record = ciphertext.to_vec();
    let plain = key
        .open_in_place(
            ring::aead::Nonce::assume_unique_for_key(nonce),
            ring::aead::Aad::empty(),
            &mut record,
        )
        .unwrap();
    // The last record ends with 0x02 and then only zero padding.
    let end = plain.iter().rposition(|b| *b != 0).unwrap();
    assert_eq!(plain[end], 2, "the last record's delimiter");
    plain[..end].to_vec()
}

#[tokio::test]
async fn web_push_is_encrypted_for_the_browser_and_signed_with_vapid() {
    let (addr, log) = receiver(StatusCode::CREATED).await;
    let rng = SystemRandom::new();
    let browser = EphemeralPrivateKey::generate(&ECDH_P256, &rng).unwrap();
    let browser_public = browser.compute_public_key().unwrap().as_ref().to_vec();
    let auth = [7u8; 16];
    let channel = ChannelSpec::WebPush {
        endpoint: format!("http://{addr}/push/abc123?x=1"),
        p256dh: base64url_encode(&browser_public),
        auth: base64url_encode(&auth),
    };
    assert!(channel.check().is_empty());
    let n = notifier(AddressPolicy::default()).with_vapid_contact("mailto:owner@example.org");
    let before = Timestamp::now().as_second();
    n.send(&channel, &reminder("Léa")).await.unwrap();
    let got = log.lock().unwrap()[0].clone();
    assert_eq!(got.uri.path(), "/push/abc123");
    assert_eq!(got.uri.query(), Some("x=1"));
    assert_eq!(got.header("content-encoding"), "aes128gcm");
    let ttl: i64 = got.header("ttl").parse().unwrap();
    assert!((60..=86_400).contains(&ttl), "{ttl}");

    // The payload, decrypted with the browser's keys.
    let plain = decrypt(browser, &browser_public, &auth, &got.body);
    let payload: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(payload["type"], "massage_reminder");
    assert_eq!(payload["id"], "rem-1");
    assert_eq!(payload["title"], "Time for Léa's massage");
    assert_eq!(payload["url"], "http://soothe.test/massage?baby=b1");
    assert!(payload["body"].as_str().unwrap().contains("19:30"));

    // The VAPID token: `vapid t=<jwt>, k=<key>`, signed by the server's key.
    let authorization = got.header("authorization");
    let rest = authorization.strip_prefix("vapid t=").unwrap();
    let (jwt, k) = rest.split_once(", k=").unwrap();
    assert_eq!(k, n.vapid().public_key_base64url());
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3);
    let header: serde_json::Value =
        serde_json::from_slice(&base64url_decode(parts[0]).unwrap()).unwrap();
    assert_eq!(header["alg"], "ES256");
    let claims: serde_json::Value =
        serde_json::from_slice(&base64url_decode(parts[1]).unwrap()).unwrap();
    assert_eq!(claims["aud"], format!("http://{addr}"));
    assert_eq!(claims["sub"], "mailto:owner@example.org");
    let exp = claims["exp"].as_i64().unwrap();
    assert!(exp > before && exp <= before + 24 * 3600 + 5, "{exp}");
    let key = ring::signature::UnparsedPublicKey::new(
        &ring::signature::ECDSA_P256_SHA256_FIXED,
        base64url_decode(k).unwrap(),
    );
    let signed = format!("{}.{}", parts[0], parts[1]);
    let signature = base64url_decode(parts[2]).unwrap();
    key.verify(signed.as_bytes(), &signature).unwrap();
    assert!(key.verify(b"something else", &signature).is_err());

    // Keys stored and read back push the same way.
    let again = VapidKeys::from_bytes(&n.vapid().to_bytes()).unwrap();
    assert_eq!(again.public_key_base64url(), k);
}

#[tokio::test]
async fn a_gone_subscription_is_an_error_with_its_status() {
    let (addr, _log) = receiver(StatusCode::GONE).await;
    let rng = SystemRandom::new();
    let browser = EphemeralPrivateKey::generate(&ECDH_P256, &rng).unwrap();
    let channel = ChannelSpec::WebPush {
        endpoint: format!("http://{addr}/push/gone"),
        p256dh: base64url_encode(browser.compute_public_key().unwrap().as_ref()),
        auth: base64url_encode(&[1u8; 16]),
    };
    let e = notifier(AddressPolicy::default())
        .send(&channel, &reminder("Léa"))
        .await
        .unwrap_err();
    assert_eq!(e.0, "HTTP 410");
}

#[tokio::test]
async fn email_goes_to_the_smtp_server_with_the_words_and_the_link() {
    let (port, mut inbox) = smtp_receiver().await;
    let mailer = Mailer::new(
        &format!("smtp+plaintext://127.0.0.1:{port}"),
        "soothe <soothe@example.org>",
    )
    .unwrap();
    let n = notifier_with(
        Outbound::new(AddressPolicy::default()),
        Some(Arc::new(mailer)),
    );
    let channel = ChannelSpec::Email {
        to: "parent@example.org".into(),
    };
    n.send(&channel, &reminder("Noah")).await.unwrap();
    let mail = tokio::time::timeout(Duration::from_secs(20), inbox.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(mail.to, vec!["parent@example.org".to_owned()]);
    assert!(
        mail.data.contains("Subject: Time for Noah's massage\r\n"),
        "{}",
        mail.data
    );
    assert!(mail.data.contains("19:30"), "{}", mail.data);
    assert!(
        mail.data
            .contains("Open soothe: http://soothe.test/massage?baby=b1"),
        "{}",
        mail.data
    );

    // Without a mail server, an email channel fails and says why.
    let e = notifier(AddressPolicy::default())
        .send(&channel, &reminder("Noah"))
        .await
        .unwrap_err();
    assert_eq!(e.0, "no mail server");
}

#[tokio::test]
async fn link_local_metadata_and_unspecified_addresses_are_refused() {
    let n = notifier(AddressPolicy::default());
    for url in [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]:8123/api/webhook/x",
        "http://0.0.0.0:8123/",
        "http://[fd00:ec2::254]/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://[::ffff:169.254.169.254]/",
    ] {
        let channel = ChannelSpec::Webhook {
            url: url.into(),
            secret: "s".into(),
        };
        let e = n.send(&channel, &reminder("Léa")).await.unwrap_err();
        assert!(e.0.starts_with("refused address"), "{url}: {}", e.0);
        assert!(!e.0.contains("meta-data") && !e.0.contains("api/webhook"));
    }
}

#[tokio::test]
async fn loopback_is_reached_only_when_the_operator_allows_private_addresses() {
    let (addr, log) = receiver(StatusCode::OK).await;
    let closed = notifier(AddressPolicy {
        allow_private: false,
    });
    for host in ["127.0.0.1".to_owned(), "localhost".to_owned()] {
        let channel = ChannelSpec::Webhook {
            url: format!("http://{host}:{}/hook", addr.port()),
            secret: "s".into(),
        };
        let e = closed.send(&channel, &reminder("Léa")).await.unwrap_err();
        assert!(e.0.starts_with("refused address"), "{host}: {}", e.0);
    }
    assert!(
        log.lock().unwrap().is_empty(),
        "nothing reached the receiver"
    );
    let open = notifier(AddressPolicy::default());
    open.send(&webhook(addr, "/hook"), &reminder("Léa"))
        .await
        .unwrap();
    assert_eq!(log.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let held = Arc::new(Mutex::new(Vec::new()));
    let keep = held.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            keep.lock().unwrap().push(socket); // accepted, never answered
        }
    });
    let outbound = Outbound::new(AddressPolicy::default())
        .with_timeouts(Duration::from_millis(500), Duration::from_millis(800));
    let n = notifier_with(outbound, None);
    let start = Instant::now();
    let e = n
        .send(&webhook(addr, "/"), &reminder("Léa"))
        .await
        .unwrap_err();
    assert!(e.0.starts_with("timed out"), "{}", e.0);
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(held.lock().unwrap().len(), 1, "it did connect");
}

#[tokio::test]
async fn a_failing_answer_is_an_error_and_redirects_are_not_followed() {
    let (addr, _log) = receiver(StatusCode::INTERNAL_SERVER_ERROR).await;
    let n = notifier(AddressPolicy::default());
    let e = n
        .send(&webhook(addr, "/"), &reminder("Léa"))
        .await
        .unwrap_err();
    assert_eq!(e.0, "HTTP 500");

    // A GET (imports) goes under the same rules and reads the answer.
    let (addr, log) = receiver(StatusCode::OK).await;
    let url = HttpUrl::parse("url", &format!("http://{addr}/feed.json")).unwrap();
    let answer = Outbound::new(AddressPolicy::default())
        .get(&url, &[])
        .await
        .unwrap();
    assert_eq!((answer.status, answer.body.as_slice()), (200, &b"ok"[..]));
    assert_eq!(log.lock().unwrap()[0].method, Method::GET);
    let closed = Outbound::new(AddressPolicy {
        allow_private: false,
    });
    assert!(matches!(
        closed.get(&url, &[]).await,
        Err(soothe_server::notify::OutboundError::Refused(_))
    ));

    let (target, target_log) = receiver(StatusCode::OK).await;
    let location = format!("http://{target}/elsewhere");
    let app = Router::new().fallback(move || {
        let location = location.clone();
        async move { (StatusCode::TEMPORARY_REDIRECT, [("location", location)]).into_response() }
    });
    let (redirecting, _) = serve(app).await;
    let e = n
        .send(&webhook(redirecting, "/"), &reminder("Léa"))
        .await
        .unwrap_err();
    assert_eq!(e.0, "HTTP 307");
    assert!(target_log.lock().unwrap().is_empty(), "not followed");
}

#[tokio::test]
async fn a_huge_answer_is_read_only_up_to_the_bound() {
    // A server that announces 100 MB and writes until the client hangs up: reading it all
    // would take far past the timeout.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let written = Arc::new(Mutex::new(0usize));
    let count = written.clone();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 4096];
        let _ = tokio::io::AsyncReadExt::read(&mut socket, &mut request).await;
        let head = b"HTTP/1.1 200 OK\r\ncontent-length: 100000000\r\n\r\n";
        if socket.write_all(head).await.is_err() {
            return;
        }
        let chunk = vec![b'x'; 16 * 1024];
        for _ in 0..(100_000_000 / chunk.len()) {
            if socket.write_all(&chunk).await.is_err() {
                return;
            }
            *count.lock().unwrap() += chunk.len();
        }
    });
    let outbound = Outbound::new(AddressPolicy::default())
        .with_timeouts(Duration::from_secs(5), Duration::from_secs(5))
        .with_max_body(64 * 1024);
    let url = HttpUrl::parse("url", &format!("http://{addr}/big")).unwrap();
    let start = Instant::now();
    let answer = outbound.post(&url, &[], b"{}".to_vec()).await.unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body.len(), 64 * 1024);
    assert!(answer.truncated);
    assert!(start.elapsed() < Duration::from_secs(4));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        *written.lock().unwrap() < 50_000_000,
        "the client stopped reading and hung up"
    );
}

/// A TLS receiver on 127.0.0.1 with a certificate for `localhost` and `127.0.0.1` made by
/// `openssl` (its root, DER, is returned): it answers every request 200 and sends what it
/// read to the channel.
async fn tls_receiver() -> Option<(u16, Vec<u8>, mpsc::UnboundedReceiver<String>)> {
    if !skipping::have("openssl", "the HTTPS test", "apt-get install openssl") {
        return None;
    }
    let dir = std::env::temp_dir().join(format!("soothe-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = |args: &[&str]| {
        let ok = std::process::Command::new("openssl")
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stderr)
        );
    };
    // A root, and a server certificate it signs (a self-signed one would be a CA used as
    // an end entity, which the Web PKI's rules refuse).
    std::fs::write(
        dir.join("leaf.cnf"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n\
         extendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    run(&[
        &["req", "-x509"],
        &ec[..],
        &[
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=soothe test root",
        ],
    ]
    .concat());
    run(&[
        &["req"],
        &ec[..],
        &[
            "-keyout",
            "key.pem",
            "-out",
            "leaf.csr",
            "-subj",
            "/CN=localhost",
        ],
    ]
    .concat());
    run(&[
        "x509",
        "-req",
        "-in",
        "leaf.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "leaf.cnf",
        "-out",
        "cert.pem",
    ]);
    run(&["x509", "-in", "ca.pem", "-outform", "DER", "-out", "ca.der"]);
    run(&[
        "x509", "-in", "cert.pem", "-outform", "DER", "-out", "cert.der",
    ]);
    run(&[
        "pkcs8", "-topk8", "-nocrypt", "-in", "key.pem", "-outform", "DER", "-out", "key.der",
    ]);
    let root = std::fs::read(dir.join("ca.der")).unwrap();
    let cert = std::fs::read(dir.join("cert.der")).unwrap();
    let key = std::fs::read(dir.join("key.der")).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![rustls::pki_types::CertificateDer::from(cert.clone())],
            rustls::pki_types::PrivateKeyDer::Pkcs8(key.into()),
        )
        .unwrap();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let (acceptor, tx) = (acceptor.clone(), tx.clone());
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(socket).await else {
                    return;
                };
                let mut read = Vec::new();
                let mut buf = [0u8; 4096];
                // The head, then as many body bytes as it announces.
                loop {
                    let n = tokio::io::AsyncReadExt::read(&mut tls, &mut buf)
                        .await
                        .unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    read.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&read).to_string();
                    if let Some((head, body)) = text.split_once("\r\n\r\n") {
                        let length = head
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().parse::<usize>().unwrap())
                            })
                            .unwrap_or(0);
                        if body.len() >= length {
                            let _ = tx.send(text);
                            break;
                        }
                    }
                }
                let _ = tls
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
                    .await;
                let _ = tls.shutdown().await;
            });
        }
    });
    Some((port, root, rx))
}

#[tokio::test]
async fn https_checks_the_certificate() {
    let Some((port, root, mut got)) = tls_receiver().await else {
        return;
    };
    // Not signed by a root of the Web PKI: refused in the handshake, nothing sent.
    let n = notifier(AddressPolicy::default());
    let channel = ChannelSpec::Webhook {
        url: format!("https://localhost:{port}/api/webhook/x"),
        secret: "s".into(),
    };
    let e = n.send(&channel, &reminder("Léa")).await.unwrap_err();
    assert!(e.0.starts_with("TLS:"), "{}", e.0);
    assert!(got.try_recv().is_err());

    // Trusted: the same request goes through, by name (`localhost`) and by address.
    let trusting = Outbound::new(AddressPolicy::default())
        .with_extra_roots(&[rustls::pki_types::CertificateDer::from(root)]);
    let n = notifier_with(trusting, None);
    n.send(&channel, &reminder("Léa")).await.unwrap();
    let request = tokio::time::timeout(Duration::from_secs(10), got.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(
        request.starts_with("POST /api/webhook/x HTTP/1.1\r\n"),
        "{request}"
    );
    assert!(
        request.contains("\"type\":\"massage_reminder\""),
        "{request}"
    );
    let by_address = ChannelSpec::Webhook {
        url: format!("https://127.0.0.1:{port}/"),
        secret: "s".into(),
    };
    n.send(&by_address, &reminder("Léa")).await.unwrap();
}

#[test]
fn channel_values_are_refused_naming_their_field() {
    let fields = |spec: ChannelSpec| -> Vec<(String, &'static str)> {
        spec.check()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    };
    let hook = |url: &str, secret: &str| ChannelSpec::Webhook {
        url: url.into(),
        secret: secret.into(),
    };
    assert!(fields(hook("https://ha.example.org:8123/api/webhook/x", "s")).is_empty());
    assert!(fields(hook("http://192.168.1.5:8123/api/webhook/x", "s")).is_empty());
    assert!(fields(hook("HTTPS://[::1]/x?y=1#frag", "s")).is_empty());
    for (url, code) in [
        ("ftp://example.org/", "url-scheme"),
        ("example.org/hook", "url-scheme"),
        ("javascript:alert(1)", "url-scheme"),
        ("http://", "url-host"),
        ("https:///path", "url-host"),
        ("http://user:pw@example.org/", "url-invalid"),
        ("http://exa mple.org/", "url-invalid"),
        ("http://example.org:0/", "url-invalid"),
        ("http://example.org:99999/", "url-invalid"),
        ("http://exämple.org/", "url-invalid"),
        ("http://[::1/", "url-invalid"),
        ("", "empty"),
    ] {
        assert_eq!(
            fields(hook(url, "s")),
            vec![("url".to_owned(), code)],
            "{url}"
        );
    }
    let long = format!("https://example.org/{}", "a".repeat(2000));
    assert_eq!(
        fields(hook(&long, "s")),
        vec![("url".to_owned(), "too-long")]
    );
    assert_eq!(
        fields(hook("https://example.org", "")),
        vec![("secret".to_owned(), "empty")]
    );
    assert_eq!(
        fields(hook("https://example.org", &"s".repeat(201))),
        vec![("secret".to_owned(), "too-long")]
    );
    assert!(fields(hook("https://example.org", &"s".repeat(200))).is_empty());
    assert_eq!(
        fields(hook("mailto:x", "a\u{0}b")),
        vec![
            ("url".to_owned(), "url-scheme"),
            ("secret".to_owned(), "control-character")
        ]
    );

    let ntfy = |topic: &str| ChannelSpec::Ntfy {
        url: "https://ntfy.sh".into(),
        topic: topic.into(),
    };
    assert!(fields(ntfy("soothe_lea-2026")).is_empty());
    assert!(fields(ntfy(&"t".repeat(64))).is_empty());
    assert_eq!(fields(ntfy("")), vec![("topic".to_owned(), "empty")]);
    assert_eq!(
        fields(ntfy(&"t".repeat(65))),
        vec![("topic".to_owned(), "too-long")]
    );
    for bad in ["a/b", "a b", "léa", "a?b", "../x"] {
        assert_eq!(
            fields(ntfy(bad)),
            vec![("topic".to_owned(), "topic-invalid")],
            "{bad}"
        );
    }

    let rng = SystemRandom::new();
    let key = EphemeralPrivateKey::generate(&ECDH_P256, &rng)
        .unwrap()
        .compute_public_key()
        .unwrap()
        .as_ref()
        .to_vec();
    let push = |endpoint: &str, p256dh: String, auth: String| ChannelSpec::WebPush {
        endpoint: endpoint.into(),
        p256dh,
        auth,
    };
    let good_key = base64url_encode(&key);
    let good_auth = base64url_encode(&[9u8; 16]);
    assert!(
        fields(push(
            "https://fcm.googleapis.com/fcm/send/abc",
            good_key.clone(),
            good_auth.clone()
        ))
        .is_empty()
    );
    // With padding, as some libraries write it.
    assert!(
        fields(push(
            "https://push.example.org/x",
            format!("{good_key}="),
            format!("{good_auth}==")
        ))
        .is_empty()
    );
    let compressed = base64url_encode(&key[..33]);
    let standard = good_key.replace('-', "+").replace('_', "/");
    for (p256dh, auth, expect) in [
        (compressed, good_auth.clone(), vec!["p256dh"]),
        (
            base64url_encode(&[5u8; 65]),
            good_auth.clone(),
            vec!["p256dh"],
        ),
        (good_key.clone(), base64url_encode(&[9u8; 15]), vec!["auth"]),
        (
            "not base64!".to_owned(),
            "%%".to_owned(),
            vec!["p256dh", "auth"],
        ),
    ] {
        let got: Vec<String> = fields(push("https://push.example.org/x", p256dh, auth))
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(got, expect);
    }
    if standard != good_key {
        assert_eq!(
            fields(push(
                "https://push.example.org/x",
                standard,
                good_auth.clone()
            )),
            vec![("p256dh".to_owned(), "push-key-invalid")]
        );
    }
    assert_eq!(
        fields(push("wss://push.example.org/x", good_key, good_auth)),
        vec![("endpoint".to_owned(), "url-scheme")]
    );

    assert!(
        fields(ChannelSpec::Email {
            to: "parent@example.org".into()
        })
        .is_empty()
    );
    assert_eq!(
        fields(ChannelSpec::Email {
            to: "not an address".into()
        }),
        vec![("to".to_owned(), "email-invalid")]
    );

    // An unknown kind or field does not parse.
    assert!(serde_json::from_str::<ChannelSpec>(r#"{"kind":"sms","to":"1"}"#).is_err());
    assert!(
        serde_json::from_str::<ChannelSpec>(r#"{"kind":"email","to":"a@b.org","x":1}"#).is_err()
    );
}

#[test]
fn a_refused_channel_field_reads_with_its_label_in_both_languages() {
    use soothe_words::{Words, field_refusal_named};
    let spec = ChannelSpec::Ntfy {
        url: "ftp://x".into(),
        topic: "a/b".into(),
    };
    let errors = spec.check();
    let en = Words::for_lang(Lang::En);
    let es = Words::for_lang(Lang::Es);
    assert_eq!(
        field_refusal_named(en, &errors[0]),
        "Address (URL): must start with http:// or https://"
    );
    assert!(field_refusal_named(en, &errors[1]).starts_with("ntfy topic: use only letters"));
    assert!(field_refusal_named(es, &errors[1]).starts_with("Tema de ntfy: usa solo letras"));
}
