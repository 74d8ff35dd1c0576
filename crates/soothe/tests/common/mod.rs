//! The plumbing the integration tests of the `soothe` binary share: temporary directories,
//! the real `soothe serve` on a free port (started, waited for, stopped, measured), the
//! binary's other commands, a plain HTTP/1.1 GET, and PostgreSQL URLs and schemas.
//!
//! Each test file is its own crate and compiles this module with `mod common;`; each uses
//! only part of it, so what one file leaves unused is not dead code.
#![allow(dead_code, clippy::unwrap_used)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use soothe_store::{Options, Store};

/// How long `soothe serve` may take to answer, or to stop when it must refuse to start.
pub const START_WITHIN: Duration = Duration::from_secs(30);

/// `<prefix>_<pid>_<uuid>`: a name no other test run uses.
pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    )
}

/// A new directory of its own under the system's temporary directory.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(unique(name));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A TCP port of 127.0.0.1 that nothing listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[path = "../../../../tests/skipping.rs"]
pub mod skipping;

/// The PostgreSQL to test on: `SOOTHE_TEST_POSTGRES_URL`, and always one under `CI`
/// (default `postgres://postgres@127.0.0.1:5432/test`); `None` after saying the PostgreSQL
/// part is skipped.
pub fn postgres_url() -> Option<String> {
    skipping::postgres_url("the PostgreSQL part")
}

/// The URL whose connections work in `schema` (`options=-c search_path=…`).
pub fn with_search_path(url: &str, schema: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}options=-c%20search_path%3D{schema}")
}

/// A new PostgreSQL schema named after `prefix`, not migrated: a store on it (to prepare it
/// and drop it at the end), its name, and the URL that gives it to the binary.
pub async fn postgres_schema(url: &str, prefix: &str) -> (Store, String, String) {
    let schema = unique(prefix);
    let options = Options {
        schema: Some(schema.clone()),
        max_connections: 1,
        migrate: false,
    };
    let store = Store::open_postgres(url, &options)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at {url} could not be used: {e}"));
    let with_schema = with_search_path(url, &schema);
    (store, schema, with_schema)
}

/// `program` (a `soothe` binary) run in `dir`: on SQLite in `dir/data`, or on the
/// PostgreSQL at `database_url`; no configuration file comes from the environment.
pub fn command_of(program: &Path, dir: &Path, database_url: Option<&str>) -> Command {
    let mut c = Command::new(program);
    c.current_dir(dir)
        .env("SOOTHE_DATA_DIR", dir.join("data"))
        .env_remove("SOOTHE_CONFIG");
    match database_url {
        Some(url) => c.env("SOOTHE_DATABASE_URL", url),
        None => c.env_remove("SOOTHE_DATABASE_URL"),
    };
    c
}

/// This build's `soothe`, as [`command_of`] runs it.
pub fn soothe(dir: &Path, database_url: Option<&str>) -> Command {
    command_of(Path::new(env!("CARGO_BIN_EXE_soothe")), dir, database_url)
}

/// Runs `command` with `stdin` written to it; its exit and what it printed.
pub fn run(command: &mut Command, stdin: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Creates the owner of a household in Europe/Paris with `soothe user create`, on SQLite in
/// `dir/data`.
pub fn create_owner(dir: &Path, email: &str, household: &str, password: &str) {
    let out = run(
        soothe(dir, None).args([
            "user",
            "create",
            "--email",
            email,
            "--household",
            household,
            "--time-zone",
            "Europe/Paris",
        ]),
        &format!("{password}\n"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Waits until `url` answers 200; fails when `child` exits first or after [`START_WITHIN`].
pub async fn wait_until_answers(child: &mut Child, url: &str) {
    let started = Instant::now();
    loop {
        if let Ok(r) = reqwest::get(url).await
            && r.status() == 200
        {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("soothe serve exited at start: {status}");
        }
        assert!(
            started.elapsed() < START_WITHIN,
            "soothe serve did not answer"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Spawns `serve` (a `soothe serve` command) on a free port of 127.0.0.1, its standard output
/// dropped: the process and `http://127.0.0.1:<port>`.
pub fn spawn_on_free_port(serve: &mut Command) -> (Child, String) {
    let port = free_port();
    let child = serve
        .env("SOOTHE_BIND", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    (child, format!("http://127.0.0.1:{port}"))
}

/// Runs `soothe serve` and expects it to refuse to start: its exit and standard error. One
/// that is still running after [`START_WITHIN`] is killed and fails the test.
pub fn serve_refuses(command: &mut Command) -> (bool, String) {
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > START_WITHIN {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "soothe serve started instead of refusing: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A plain HTTP/1.1 GET to 127.0.0.1 on `port`: the whole answer, or empty when nothing
/// answers.
pub fn http_get(port: &str, path: &str) -> String {
    let Ok(mut s) = std::net::TcpStream::connect(format!("127.0.0.1:{port}")) else {
        return String::new();
    };
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    if s.write_all(request.as_bytes()).is_err() {
        return String::new();
    }
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    answer
}

/// How [`Server::start`] runs `soothe serve`.
#[derive(Default)]
pub struct Serve<'a> {
    /// PostgreSQL (its schema in the URL); SQLite in `<dir>/data` when `None`.
    pub database_url: Option<String>,
    /// More environment (`SOOTHE_*` settings), set last.
    pub settings: &'a [(&'a str, &'a str)],
    /// Keeps its standard error for [`Server::stop`]; otherwise it goes nowhere.
    pub log: bool,
    /// Waits for `/readyz` (the database answers too) rather than `/healthz`.
    pub readyz: bool,
}

/// The real `soothe serve`, killed and its directory removed when dropped.
pub struct Server {
    pub child: Child,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// The directory it runs in.
    pub dir: PathBuf,
    pub database_url: Option<String>,
}

impl Server {
    /// Starts `soothe serve` in `dir` on a free port and waits until it answers.
    pub async fn start(dir: PathBuf, serve: Serve<'_>) -> Server {
        let mut command = soothe(&dir, serve.database_url.as_deref());
        command
            .arg("serve")
            .stderr(if serve.log {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .envs(serve.settings.iter().copied());
        let (child, base) = spawn_on_free_port(&mut command);
        let mut server = Server {
            child,
            base,
            dir,
            database_url: serve.database_url,
        };
        let ready = if serve.readyz { "/readyz" } else { "/healthz" };
        let url = format!("{}{ready}", server.base);
        wait_until_answers(&mut server.child, &url).await;
        server
    }

    /// `soothe serve` on SQLite in `dir`, logging warnings only (to nowhere), with `settings`.
    pub async fn start_quiet(dir: PathBuf, settings: &[(&str, &str)]) -> Server {
        let settings: Vec<_> = [("SOOTHE_LOG_LEVEL", "warn")]
            .into_iter()
            .chain(settings.iter().copied())
            .collect();
        let serve = Serve {
            settings: &settings,
            ..Serve::default()
        };
        Server::start(dir, serve).await
    }

    /// A soothe command on the server's directory and database.
    pub fn command(&self) -> Command {
        soothe(&self.dir, self.database_url.as_deref())
    }

    /// Runs a soothe command on the server's database; `stdin` is written to it.
    pub fn soothe(&self, args: &[&str], stdin: &str) -> Output {
        run(self.command().args(args), stdin)
    }

    /// [`Server::soothe`], which must succeed.
    pub fn soothe_ok(&self, args: &[&str], stdin: &str) -> Output {
        let out = self.soothe(args, stdin);
        assert!(
            out.status.success(),
            "soothe {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// The server's resident memory (VmRSS), in KiB.
    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }

    /// Stops the server with SIGTERM: whether it exited 0, and its log (with `log`).
    pub fn stop(mut self) -> (bool, String) {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        let out = std::mem::replace(&mut self.child, Command::new("true").spawn().unwrap())
            .wait_with_output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
