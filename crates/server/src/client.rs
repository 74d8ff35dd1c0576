//! Who is on the other end: the client's address and scheme, read from a reverse proxy's
//! `X-Forwarded-For` / `Forwarded` / `X-Forwarded-Proto` headers only when the connection
//! comes from a proxy the settings trust (`trusted_proxies`).

use std::net::IpAddr;

use axum::http::HeaderMap;

/// A block of addresses, like `10.0.0.0/8` or `fd00::/8` (a bare address is a block of one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// Parses `ADDRESS/PREFIX` or a bare `ADDRESS`, IPv4 or IPv6. The error says what is wrong.
    pub fn parse(text: &str) -> Result<Cidr, String> {
        let text = text.trim();
        let (address, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let network: IpAddr = address
            .parse()
            .map_err(|_| format!("`{text}` is not an address block like 10.0.0.0/8 or fd00::/8"))?;
        let network = network.to_canonical();
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("`{text}`: the part after / must be 0–{max}"))?,
        };
        Ok(Cidr { network, prefix })
    }

    /// Whether the address is inside the block.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl std::fmt::Display for Cidr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

/// The proxies whose forwarding headers are believed. Empty: nobody's are.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Vec<Cidr>);

impl TrustedProxies {
    /// Parses each block; the error names the first bad one.
    pub fn parse<S: AsRef<str>>(blocks: &[S]) -> Result<TrustedProxies, String> {
        blocks
            .iter()
            .map(|b| Cidr::parse(b.as_ref()))
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    /// Whether the address belongs to a trusted proxy.
    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|c| c.contains(ip))
    }

    /// The client's address: the peer's, unless the peer is a trusted proxy; then the
    /// forwarded chain is walked from the right, skipping trusted hops, and the first
    /// untrusted hop is the client. `X-Forwarded-For` is read, or `Forwarded: for=` when there
    /// is no `X-Forwarded-For`. An entry that is not an address (`unknown`, an obfuscated
    /// name, garbage) gives the peer's address.
    pub fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        let hops = forwarded_for(headers);
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Some(ip) = node_ip(hop) else {
                return peer;
            };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        client
    }

    /// Whether the client reached the (trusted) proxy over HTTPS: the last
    /// `X-Forwarded-Proto` value, or the last `Forwarded: proto=`, from a trusted peer only.
    pub fn forwarded_https(&self, peer: IpAddr, headers: &HeaderMap) -> bool {
        if !self.trusts(peer.to_canonical()) {
            return false;
        }
        let proto = last_value(headers, "x-forwarded-proto").or_else(|| {
            forwarded_pairs(headers)
                .into_iter()
                .rev()
                .find_map(|(k, v)| k.eq_ignore_ascii_case("proto").then_some(v))
        });
        proto.is_some_and(|p| p.trim().eq_ignore_ascii_case("https"))
    }
}

/// Every value of a comma-separated header, across its lines, in order.
fn values(headers: &HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .iter()
        .flat_map(|v| {
            String::from_utf8_lossy(v.as_bytes())
                .split(',')
                .map(|s| s.trim().to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn last_value(headers: &HeaderMap, name: &str) -> Option<String> {
    values(headers, name).pop().filter(|v| !v.is_empty())
}

/// The `key=value` pairs of every `Forwarded` element, in order, values unquoted.
fn forwarded_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    values(headers, "forwarded")
        .iter()
        .flat_map(|element| {
            element
                .split(';')
                .filter_map(|pair| {
                    let (k, v) = pair.split_once('=')?;
                    let v = v.trim();
                    let v = v
                        .strip_prefix('"')
                        .and_then(|v| v.strip_suffix('"'))
                        .unwrap_or(v);
                    Some((k.trim().to_owned(), v.to_owned()))
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The forwarded chain, leftmost (furthest) first.
fn forwarded_for(headers: &HeaderMap) -> Vec<String> {
    if headers.contains_key("x-forwarded-for") {
        return values(headers, "x-forwarded-for");
    }
    forwarded_pairs(headers)
        .into_iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("for"))
        .map(|(_, v)| v)
        .collect()
}

/// An address from a forwarded node: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1` or
/// `[2001:db8::1]:4711`.
fn node_ip(node: &str) -> Option<IpAddr> {
    let node = node.trim();
    if let Ok(ip) = node.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    if let Some(rest) = node.strip_prefix('[') {
        let (ip, after) = rest.split_once(']')?;
        if !(after.is_empty() || after.strip_prefix(':').is_some_and(is_port)) {
            return None;
        }
        return ip
            .parse::<std::net::Ipv6Addr>()
            .ok()
            .map(|ip| IpAddr::V6(ip).to_canonical());
    }
    let (ip, port) = node.split_once(':')?;
    if !is_port(port) {
        return None;
    }
    ip.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

fn is_port(p: &str) -> bool {
    p.parse::<u16>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                axum::http::HeaderName::from_bytes(k.as_bytes()).expect("valid"),
                v.parse().expect("valid"),
            );
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("valid")
    }

    fn proxies(blocks: &[&str]) -> TrustedProxies {
        TrustedProxies::parse(blocks).expect("valid")
    }

    #[test]
    fn blocks_parse_for_ipv4_and_ipv6_and_bad_ones_say_why() {
        let c = Cidr::parse("10.1.0.0/16").expect("valid");
        assert!(c.contains(ip("10.1.255.3")));
        assert!(!c.contains(ip("10.2.0.1")));
        assert!(c.contains(ip("::ffff:10.1.2.3")), "IPv4-mapped IPv6");
        let c = Cidr::parse("fd00::/8").expect("valid");
        assert!(c.contains(ip("fd12::1")));
        assert!(!c.contains(ip("fe80::1")));
        assert!(!c.contains(ip("10.1.2.3")));
        assert!(
            Cidr::parse("0.0.0.0/0")
                .expect("valid")
                .contains(ip("203.0.113.9"))
        );
        assert!(!Cidr::parse("0.0.0.0/0").expect("valid").contains(ip("::1")));
        assert!(
            Cidr::parse("::/0")
                .expect("valid")
                .contains(ip("2001:db8::1"))
        );
        let one = Cidr::parse("192.0.2.7").expect("valid");
        assert!(one.contains(ip("192.0.2.7")) && !one.contains(ip("192.0.2.8")));
        assert_eq!(one.to_string(), "192.0.2.7/32");
        let e = Cidr::parse("10.0.0.0/33").expect_err("refused");
        assert!(e.contains("0–32"), "{e}");
        let e = Cidr::parse("fd00::/129").expect_err("refused");
        assert!(e.contains("0–128"), "{e}");
        let e = Cidr::parse("proxy.local").expect_err("refused");
        assert!(e.contains("`proxy.local` is not an address block"), "{e}");
        assert!(Cidr::parse("10.0.0.0/").is_err());
        assert!(Cidr::parse("").is_err());
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let h = headers(&[
            ("x-forwarded-for", "198.51.100.1"),
            ("forwarded", "for=198.51.100.2"),
        ]);
        assert_eq!(
            proxies(&[]).client_ip(ip("203.0.113.5"), &h),
            ip("203.0.113.5")
        );
        assert_eq!(
            proxies(&["10.0.0.0/8"]).client_ip(ip("203.0.113.5"), &h),
            ip("203.0.113.5")
        );
    }

    #[test]
    fn a_trusted_peer_gives_the_rightmost_untrusted_hop() {
        let p = proxies(&["10.0.0.0/8", "fd00::/8"]);
        let h = headers(&[("x-forwarded-for", "198.51.100.1")]);
        assert_eq!(p.client_ip(ip("10.0.0.2"), &h), ip("198.51.100.1"));
        // A client that sends its own X-Forwarded-For cannot choose its address: the proxy
        // appends the real one, and the walk stops there.
        let h = headers(&[(
            "x-forwarded-for",
            "1.2.3.4, 5.6.7.8, 198.51.100.1, 10.0.0.9",
        )]);
        assert_eq!(p.client_ip(ip("10.0.0.2"), &h), ip("198.51.100.1"));
        // Several header lines are one list.
        let h = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-for", "198.51.100.1"),
        ]);
        assert_eq!(p.client_ip(ip("10.0.0.2"), &h), ip("198.51.100.1"));
        // Every hop trusted: the furthest one.
        let h = headers(&[("x-forwarded-for", "10.0.0.7, 10.0.0.8")]);
        assert_eq!(p.client_ip(ip("10.0.0.2"), &h), ip("10.0.0.7"));
        // No header: the proxy itself.
        assert_eq!(
            p.client_ip(ip("10.0.0.2"), &HeaderMap::new()),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn ipv6_clients_and_proxies() {
        let p = proxies(&["fd00::/8"]);
        let h = headers(&[("x-forwarded-for", "2001:db8::7, fd00::3")]);
        assert_eq!(p.client_ip(ip("fd00::1"), &h), ip("2001:db8::7"));
        let h = headers(&[("x-forwarded-for", "[2001:db8::7]:4711")]);
        assert_eq!(p.client_ip(ip("fd00::1"), &h), ip("2001:db8::7"));
        let h = headers(&[("forwarded", "for=\"[2001:db8:cafe::17]:4711\"")]);
        assert_eq!(p.client_ip(ip("fd00::1"), &h), ip("2001:db8:cafe::17"));
        // An IPv4 proxy seen through an IPv6 socket.
        let p = proxies(&["127.0.0.1/32"]);
        let h = headers(&[("x-forwarded-for", "198.51.100.1")]);
        assert_eq!(p.client_ip(ip("::ffff:127.0.0.1"), &h), ip("198.51.100.1"));
    }

    #[test]
    fn forwarded_is_read_when_there_is_no_x_forwarded_for() {
        let p = proxies(&["10.0.0.0/8"]);
        let h = headers(&[(
            "forwarded",
            "for=1.2.3.4;proto=https, For=\"198.51.100.1:5000\";by=10.0.0.2, for=10.0.0.5",
        )]);
        assert_eq!(p.client_ip(ip("10.0.0.2"), &h), ip("198.51.100.1"));
        // With both, X-Forwarded-For wins (it is what common proxies append).
        let h = headers(&[
            ("forwarded", "for=1.2.3.4"),
            ("x-forwarded-for", "198.51.100.9"),
        ]);
        assert_eq!(p.client_ip(ip("10.0.0.2"), &h), ip("198.51.100.9"));
    }

    #[test]
    fn garbage_gives_the_peer_address() {
        let p = proxies(&["10.0.0.0/8"]);
        for bad in [
            "not-an-ip",
            "198.51.100.1, nonsense",
            "999.1.1.1",
            "198.51.100.1:http",
            "[2001:db8::1",
            "",
        ] {
            let h = headers(&[("x-forwarded-for", bad)]);
            assert_eq!(p.client_ip(ip("10.0.0.2"), &h), ip("10.0.0.2"), "{bad}");
        }
        for bad in ["for=unknown", "for=_hidden", "for=\"\""] {
            let h = headers(&[("forwarded", bad)]);
            assert_eq!(p.client_ip(ip("10.0.0.2"), &h), ip("10.0.0.2"), "{bad}");
        }
        // Garbage left of the first untrusted hop is never read.
        let h = headers(&[("x-forwarded-for", "garbage, 198.51.100.1")]);
        assert_eq!(p.client_ip(ip("10.0.0.2"), &h), ip("198.51.100.1"));
    }

    #[test]
    fn https_is_believed_from_trusted_proxies_only() {
        let p = proxies(&["10.0.0.0/8"]);
        let h = headers(&[("x-forwarded-proto", "https")]);
        assert!(p.forwarded_https(ip("10.0.0.2"), &h));
        assert!(!p.forwarded_https(ip("203.0.113.5"), &h));
        assert!(!proxies(&[]).forwarded_https(ip("127.0.0.1"), &h));
        let h = headers(&[("x-forwarded-proto", "https, http")]);
        assert!(!p.forwarded_https(ip("10.0.0.2"), &h));
        let h = headers(&[("forwarded", "for=198.51.100.1;proto=HTTPS")]);
        assert!(p.forwarded_https(ip("10.0.0.2"), &h));
        assert!(!p.forwarded_https(ip("10.0.0.2"), &HeaderMap::new()));
    }
}
