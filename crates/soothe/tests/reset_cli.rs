//! `soothe user reset-password`: the server's owner prints a one-time link that the real
//! `soothe serve` opens.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::{Server, create_owner, http_get, run, soothe, temp_dir};

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The link's path after `base`, checked: `/reset/reset_` and 64 hex digits.
fn path_after(line: &str, base: &str) -> String {
    let path = line
        .strip_prefix(base)
        .unwrap_or_else(|| panic!("{line:?} does not start with {base}"));
    let secret = path.strip_prefix("/reset/reset_").unwrap();
    assert_eq!(secret.len(), 64, "{line}");
    assert!(secret.chars().all(|c| c.is_ascii_hexdigit()), "{line}");
    path.to_owned()
}

#[tokio::test]
async fn the_server_owner_prints_a_link_that_opens_the_reset_page() {
    let dir = temp_dir("soothe-reset-cli");
    create_owner(&dir, "ann@example.org", "Home", "correct horse battery");

    // Without public_url: the listen address, and a note saying so.
    let text = stdout(&run(
        soothe(&dir, None).args(["user", "reset-password", "--email", "Ann@Example.org"]),
        "",
    ));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with("A one-time link for ann@example.org to choose a new password"),
        "{text}"
    );
    assert!(lines[0].ends_with("UTC):"), "{text}");
    let first = path_after(lines[1], "http://127.0.0.1:8080");
    assert!(lines[2].contains("set public_url"), "{text}");

    // With public_url: that address, and no note.
    let text = stdout(&run(
        soothe(&dir, None)
            .env("SOOTHE_PUBLIC_URL", "https://soothe.example.org/")
            .args(["user", "reset-password", "--email", "ann@example.org"]),
        "",
    ));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    let second = path_after(lines[1], "https://soothe.example.org");
    assert_ne!(first, second, "a new link each time");

    // In Spanish.
    let text = stdout(&run(
        soothe(&dir, None).args([
            "--lang",
            "es",
            "user",
            "reset-password",
            "--email",
            "ann@example.org",
        ]),
        "",
    ));
    assert!(
        text.starts_with("Un enlace de un solo uso para que ann@example.org"),
        "{text}"
    );

    // An unknown email: bad input, named.
    let out = run(
        soothe(&dir, None).args(["user", "reset-password", "--email", "nobody@example.org"]),
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nobody@example.org"), "{err}");

    // The real server opens the link for Ann; a made-up one gets the calm page.
    let server = Server::start_quiet(dir.clone(), &[]).await;
    let port = server.base.rsplit(':').next().unwrap().to_owned();
    let page = http_get(&port, &first);
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("ann@example.org"), "{page}");
    let gone = http_get(&port, "/reset/reset_0000");
    assert!(gone.starts_with("HTTP/1.1 404"), "{gone}");
    assert!(gone.contains("This link cannot be used"), "{gone}");
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
