//! Outbound HTTP for channels: one POST to an address the family gave, and nowhere else.
//!
//! - The name is resolved here, every address it resolves to is checked against the
//!   [`AddressPolicy`], and the connection is made to a checked address itself (no second
//!   lookup that a name could answer differently: no DNS-rebinding gap).
//! - Always refused: link-local (`169.254.0.0/16`, `fe80::/10`, so the cloud metadata service
//!   at `169.254.169.254`), `fd00:ec2::254`, `metadata.google.internal`, unspecified
//!   (`0.0.0.0/8`, `::`), multicast, broadcast and the reserved `240.0.0.0/4`. IPv4 inside
//!   IPv6 (`::ffff:a.b.c.d`, `64:ff9b::/96`) is judged as the IPv4 address.
//! - Loopback and private addresses (`127.0.0.0/8`, `::1`, RFC 1918, `100.64.0.0/10`,
//!   `fc00::/7`) only when the operator allows them ([`AddressPolicy::allow_private`], on
//!   by default: Home Assistant lives on the home network).
//! - No redirects are followed (a 3xx is an answer like any other non-2xx); the connection
//!   and the whole exchange have timeouts; at most [`Outbound::with_max_body`] bytes of an
//!   answer are read.
//! - `https://` is TLS by rustls (on ring) with the Web PKI's roots; names are checked.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use rustls::pki_types::{CertificateDer, ServerName};
use soothe_core::channel::HttpUrl;

/// The operator's rule for where channels may reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressPolicy {
    /// Whether loopback and private addresses (RFC 1918, `fc00::/7`, `100.64.0.0/10`) may be
    /// reached. On by default (a home server next to Home Assistant); a host serving many
    /// households turns it off.
    pub allow_private: bool,
}

impl Default for AddressPolicy {
    fn default() -> AddressPolicy {
        AddressPolicy {
            allow_private: true,
        }
    }
}

/// What an address is, for the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Never reached.
    Forbidden,
    /// Loopback or private: reached when the policy allows.
    Private,
    /// Anything else.
    Public,
}

fn class_v4(ip: Ipv4Addr) -> Class {
    let [a, b, ..] = ip.octets();
    if ip.is_unspecified()
        || a == 0
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || a >= 240
    {
        Class::Forbidden
    } else if ip.is_loopback() || ip.is_private() || (a == 100 && (64..128).contains(&b)) {
        Class::Private
    } else {
        Class::Public
    }
}

fn class_v6(ip: Ipv6Addr) -> Class {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return class_v4(v4);
    }
    let s = ip.segments();
    // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits.
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let [.., hi, lo] = s;
        let [a, b] = hi.to_be_bytes();
        let [c, d] = lo.to_be_bytes();
        return class_v4(Ipv4Addr::new(a, b, c, d));
    }
    let metadata = Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254);
    if ip.is_unspecified() || ip == metadata || (s[0] & 0xffc0) == 0xfe80 || ip.is_multicast() {
        Class::Forbidden
    } else if ip.is_loopback() || (s[0] & 0xfe00) == 0xfc00 || (s[0] & 0xffc0) == 0xfec0 {
        Class::Private
    } else {
        Class::Public
    }
}

impl AddressPolicy {
    /// Whether a connection to `ip` is allowed.
    pub fn allows(&self, ip: IpAddr) -> bool {
        let class = match ip {
            IpAddr::V4(v4) => class_v4(v4),
            IpAddr::V6(v6) => class_v6(v6),
        };
        match class {
            Class::Forbidden => false,
            Class::Private => self.allow_private,
            Class::Public => true,
        }
    }
}

/// Why a request did not get an answer. Its text is short, for a log and a channel's
/// "failing" mark: it never holds a secret (no URL query, no header).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutboundError {
    /// The name or every address it resolved to is one soothe may not reach.
    #[error("refused address {0}")]
    Refused(String),
    /// The name did not resolve.
    #[error("the name {0} does not resolve")]
    Resolve(String),
    /// No connection could be made.
    #[error("cannot connect: {0}")]
    Connect(String),
    /// The TLS handshake failed (an untrusted certificate, a wrong name).
    #[error("TLS: {0}")]
    Tls(String),
    /// No answer within the time allowed.
    #[error("timed out after {0} s")]
    Timeout(u64),
    /// The HTTP exchange failed.
    #[error("HTTP: {0}")]
    Http(String),
}

/// An answer: its status and the start of its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The HTTP status code.
    pub status: u16,
    /// The body, at most the bound's bytes.
    pub body: Vec<u8>,
    /// Whether the body went on past the bound (the rest was not read).
    pub truncated: bool,
}

impl Answer {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// The HTTP client of channels (see the module documentation).
#[derive(Clone)]
pub struct Outbound {
    policy: AddressPolicy,
    tls: Arc<rustls::ClientConfig>,
    connect_timeout: Duration,
    total_timeout: Duration,
    max_body: usize,
}

impl std::fmt::Debug for Outbound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outbound")
            .field("policy", &self.policy)
            .field("connect_timeout", &self.connect_timeout)
            .field("total_timeout", &self.total_timeout)
            .field("max_body", &self.max_body)
            .finish_non_exhaustive()
    }
}

/// The default time to connect.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default time for a whole exchange (resolving, connecting, sending, reading).
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(20);
/// The default bound on an answer's body.
pub const MAX_BODY: usize = 64 * 1024;

fn tls_config(extra_roots: &[CertificateDer<'static>]) -> Arc<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    for cert in extra_roots {
        if let Err(e) = roots.add(cert.clone()) {
            tracing::warn!("an extra root certificate is not usable: {e}");
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = match rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
    {
        Ok(b) => b.with_root_certificates(roots).with_no_client_auth(),
        // ring supports the default versions; this is unreachable in practice.
        Err(e) => {
            tracing::error!("TLS setup: {e}");
            rustls::ClientConfig::builder()
                .with_root_certificates(rustls::RootCertStore::empty())
                .with_no_client_auth()
        }
    };
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Arc::new(config)
}

impl Outbound {
    /// A client under `policy`, with the default timeouts and bound.
    pub fn new(policy: AddressPolicy) -> Outbound {
        Outbound {
            policy,
            tls: tls_config(&[]),
            connect_timeout: CONNECT_TIMEOUT,
            total_timeout: TOTAL_TIMEOUT,
            max_body: MAX_BODY,
        }
    }

    /// With other timeouts (tests use short ones).
    #[must_use]
    pub fn with_timeouts(mut self, connect: Duration, total: Duration) -> Outbound {
        self.connect_timeout = connect;
        self.total_timeout = total;
        self
    }

    /// With another bound on an answer's body.
    #[must_use]
    pub fn with_max_body(mut self, bytes: usize) -> Outbound {
        self.max_body = bytes;
        self
    }

    /// Also trusting these root certificates (DER), besides the Web PKI's: a family's own
    /// certificate authority, or a test's.
    #[must_use]
    pub fn with_extra_roots(mut self, roots: &[CertificateDer<'static>]) -> Outbound {
        self.tls = tls_config(roots);
        self
    }

    /// The policy.
    pub fn policy(&self) -> AddressPolicy {
        self.policy
    }

    /// The addresses `url` may be reached at: resolved, and kept only when the policy allows
    /// them (in the resolver's order).
    pub async fn addresses(&self, url: &HttpUrl) -> Result<Vec<SocketAddr>, OutboundError> {
        let host = url.host.trim_end_matches('.');
        if host.eq_ignore_ascii_case("metadata.google.internal") {
            return Err(OutboundError::Refused(host.to_owned()));
        }
        let resolved: Vec<SocketAddr> = match host.parse::<IpAddr>() {
            Ok(ip) => vec![SocketAddr::new(ip, url.port)],
            Err(_) => tokio::net::lookup_host((host, url.port))
                .await
                .map_err(|_| OutboundError::Resolve(host.to_owned()))?
                .collect(),
        };
        if resolved.is_empty() {
            return Err(OutboundError::Resolve(host.to_owned()));
        }
        let allowed: Vec<SocketAddr> = resolved
            .iter()
            .copied()
            .filter(|a| self.policy.allows(a.ip()))
            .collect();
        if allowed.is_empty() {
            return Err(OutboundError::Refused(
                resolved
                    .first()
                    .map_or_else(|| host.to_owned(), |a| a.ip().to_string()),
            ));
        }
        Ok(allowed)
    }

    /// POSTs `body` to `url` with `headers` (`Host`, `Content-Length` and `User-Agent` are
    /// added), and reads the answer (see the module documentation for the bounds). Any
    /// status is an answer; the caller decides what a non-2xx means.
    pub async fn post(
        &self,
        url: &HttpUrl,
        headers: &[(&str, String)],
        body: Vec<u8>,
    ) -> Result<Answer, OutboundError> {
        let seconds = self.total_timeout.as_secs().max(1);
        tokio::time::timeout(self.total_timeout, self.exchange(url, headers, body))
            .await
            .map_err(|_| OutboundError::Timeout(seconds))?
    }

    async fn connect(&self, url: &HttpUrl) -> Result<tokio::net::TcpStream, OutboundError> {
        let mut last = OutboundError::Connect(url.host.clone());
        for addr in self.addresses(url).await? {
            match tokio::time::timeout(self.connect_timeout, tokio::net::TcpStream::connect(addr))
                .await
            {
                Ok(Ok(stream)) => return Ok(stream),
                Ok(Err(e)) => last = OutboundError::Connect(format!("{addr}: {}", e.kind())),
                Err(_) => last = OutboundError::Timeout(self.connect_timeout.as_secs().max(1)),
            }
        }
        Err(last)
    }

    async fn exchange(
        &self,
        url: &HttpUrl,
        headers: &[(&str, String)],
        body: Vec<u8>,
    ) -> Result<Answer, OutboundError> {
        let stream = self.connect(url).await?;
        let mut request = hyper::Request::post(url.path.as_str())
            .header(hyper::header::HOST, url.authority())
            .header(
                hyper::header::USER_AGENT,
                concat!("soothe/", env!("CARGO_PKG_VERSION")),
            );
        for (name, value) in headers {
            request = request.header(*name, value.as_str());
        }
        let request = request
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| OutboundError::Http(e.to_string()))?;
        if url.https {
            let name = ServerName::try_from(url.host.clone())
                .map_err(|_| OutboundError::Tls(format!("bad name {}", url.host)))?;
            let tls = tokio_rustls::TlsConnector::from(self.tls.clone())
                .connect(name, stream)
                .await
                .map_err(|e| OutboundError::Tls(e.to_string()))?;
            self.send(TokioIo::new(tls), request).await
        } else {
            self.send(TokioIo::new(stream), request).await
        }
    }

    async fn send<T>(
        &self,
        io: T,
        request: hyper::Request<Full<Bytes>>,
    ) -> Result<Answer, OutboundError>
    where
        T: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
    {
        let (mut sender, connection) = hyper::client::conn::http1::handshake(io)
            .await
            .map_err(|e| OutboundError::Http(e.to_string()))?;
        // The connection is driven beside the request and ends with it (dropped when the
        // answer is read or abandoned).
        let driver = tokio::spawn(async move {
            let _ = connection.await;
        });
        let result = async {
            let response = sender
                .send_request(request)
                .await
                .map_err(|e| OutboundError::Http(e.to_string()))?;
            let status = response.status().as_u16();
            let mut body = response.into_body();
            let mut read = Vec::new();
            let mut truncated = false;
            while let Some(frame) = body.frame().await {
                let frame = frame.map_err(|e| OutboundError::Http(e.to_string()))?;
                if let Ok(data) = frame.into_data() {
                    let room = self.max_body - read.len();
                    if data.len() > room {
                        read.extend_from_slice(&data[..room]);
                        truncated = true;
                        break;
                    }
                    read.extend_from_slice(&data);
                }
            }
            Ok(Answer {
                status,
                body: read,
                truncated,
            })
        }
        .await;
        driver.abort();
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }

    #[test]
    fn link_local_metadata_unspecified_multicast_are_always_refused() {
        for policy in [
            AddressPolicy {
                allow_private: true,
            },
            AddressPolicy {
                allow_private: false,
            },
        ] {
            for a in [
                "169.254.169.254",
                "169.254.0.1",
                "0.0.0.0",
                "0.1.2.3",
                "224.0.0.1",
                "255.255.255.255",
                "240.0.0.1",
                "fe80::1",
                "febf::1",
                "fd00:ec2::254",
                "::",
                "ff02::1",
                "::ffff:169.254.169.254",
                "64:ff9b::a9fe:a9fe",
            ] {
                assert!(!policy.allows(ip(a)), "{a} with {policy:?}");
            }
        }
    }

    #[test]
    fn loopback_and_private_follow_the_policy() {
        let open = AddressPolicy::default();
        let closed = AddressPolicy {
            allow_private: false,
        };
        assert!(open.allow_private);
        for a in [
            "127.0.0.1",
            "127.1.2.3",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.10",
            "100.64.0.1",
            "100.127.255.254",
            "::1",
            "fc00::1",
            "fd12:3456::1",
            "::ffff:192.168.1.1",
        ] {
            assert!(open.allows(ip(a)), "{a}");
            assert!(!closed.allows(ip(a)), "{a}");
        }
        for a in [
            "1.1.1.1",
            "172.32.0.1",
            "100.128.0.1",
            "100.63.255.255",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(open.allows(ip(a)), "{a}");
            assert!(closed.allows(ip(a)), "{a}");
        }
    }
}
