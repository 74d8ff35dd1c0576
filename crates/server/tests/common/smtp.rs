//! A plaintext SMTP receiver on 127.0.0.1 for the tests that send email: a real peer for
//! lettre (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), every accepted message handed to
//! the test through a channel.

#![allow(dead_code, clippy::unwrap_used, missing_docs)]

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// One email as the receiver got it.
#[derive(Debug)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

/// A plaintext SMTP receiver on 127.0.0.1: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.
/// Every message accepted goes to the channel.
pub async fn smtp_receiver() -> (u16, mpsc::UnboundedReceiver<Mail>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let _ = smtp_session(socket, tx).await;
            });
        }
    });
    (port, rx)
}

async fn smtp_session(
    socket: tokio::net::TcpStream,
    tx: mpsc::UnboundedSender<Mail>,
) -> std::io::Result<()> {
    let (r, mut w) = socket.into_split();
    let mut r = BufReader::new(r);
    w.write_all(b"220 receiver.test ESMTP ready\r\n").await?;
    let (mut from, mut to) = (String::new(), Vec::new());
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let line = line.trim_end();
        let upper = line.to_ascii_uppercase();
        let address = |l: &str| {
            l.split_once('<')
                .and_then(|(_, rest)| rest.split_once('>'))
                .map(|(a, _)| a.to_owned())
                .unwrap_or_default()
        };
        if upper.starts_with("EHLO") {
            w.write_all(b"250-receiver.test\r\n250 8BITMIME\r\n")
                .await?;
        } else if upper.starts_with("HELO") || upper == "RSET" || upper == "NOOP" {
            w.write_all(b"250 OK\r\n").await?;
        } else if upper.starts_with("MAIL FROM:") {
            from = address(line);
            to.clear();
            w.write_all(b"250 OK\r\n").await?;
        } else if upper.starts_with("RCPT TO:") {
            to.push(address(line));
            w.write_all(b"250 OK\r\n").await?;
        } else if upper == "DATA" {
            w.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
            let mut data = String::new();
            loop {
                let mut l = String::new();
                if r.read_line(&mut l).await? == 0 {
                    return Ok(());
                }
                if l == ".\r\n" {
                    break;
                }
                data.push_str(l.strip_prefix('.').unwrap_or(&l));
            }
            let _ = tx.send(Mail {
                from: from.clone(),
                to: to.clone(),
                data,
            });
            w.write_all(b"250 OK queued\r\n").await?;
        } else if upper == "QUIT" {
            w.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            w.write_all(b"502 not implemented\r\n").await?;
        }
    }
}
