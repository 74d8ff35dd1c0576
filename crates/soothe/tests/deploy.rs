//! The deployment examples in `deploy/` are real: the systemd unit passes `systemd-analyze
//! verify`, its sandbox is rated OK by `systemd-analyze security`, and `soothe serve`, run as
//! the unit runs it and traced with strace, stays inside that sandbox (its system calls in
//! the filter, its sockets in the address families, no writable-and-executable memory, its
//! files under its data directory). The reverse-proxy examples pass `nginx -t` and `caddy
//! adapt`, and run in front of a real `soothe serve`: over HTTPS its cookies are `Secure`
//! (the proxy's `X-Forwarded-Proto` is believed), a client cannot pick its address with its
//! own `X-Forwarded-For`, and `/metrics` stays private.
//!
//! Each needs its tools (systemd-analyze, strace, setpriv, nginx, caddy, curl, openssl);
//! without one the test is skipped and says so, except under `CI`, where .ci/run installs
//! them.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::skipping::have;
use common::{free_port, temp_dir, wait_until_answers};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn deploy(name: &str) -> String {
    std::fs::read_to_string(repo().join("deploy").join(name)).unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn output(command: &mut Command) -> Output {
    command
        .output()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"))
}

/// The unit as written, with `ExecStart` pointing at this build's binary (verify wants an
/// executable there), saved as `dir/soothe.service`.
fn unit_for_test(dir: &Path) -> PathBuf {
    let unit = deploy("soothe.service").replace(
        "ExecStart=/usr/local/bin/soothe ",
        &format!("ExecStart={} ", env!("CARGO_BIN_EXE_soothe")),
    );
    assert!(unit.contains(env!("CARGO_BIN_EXE_soothe")), "{unit}");
    let path = dir.join("soothe.service");
    std::fs::write(&path, unit).unwrap();
    path
}

/// The `Key=value` lines of the unit's `[Service]` section, every value of a repeated key.
fn service_settings() -> BTreeMap<String, Vec<String>> {
    let mut settings: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut section = String::new();
    for line in deploy("soothe.service").lines().map(str::trim) {
        if line.starts_with('[') {
            section = line.to_owned();
        } else if let Some((key, value)) = line.split_once('=')
            && section == "[Service]"
            && !line.starts_with('#')
        {
            settings
                .entry(key.to_owned())
                .or_default()
                .push(value.to_owned());
        }
    }
    settings
}

/// The `SOOTHE_*` variables the unit sets.
fn unit_environment() -> Vec<(String, String)> {
    service_settings()["Environment"]
        .iter()
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

#[test]
fn the_unit_passes_systemd_analyze_verify() {
    if !have(
        "systemd-analyze",
        "the unit's check",
        "apt-get install -y systemd",
    ) {
        return;
    }
    let dir = temp_dir("soothe-unit");
    let unit = unit_for_test(&dir);
    let out = output(Command::new("systemd-analyze").arg("verify").arg(&unit));
    assert!(
        out.status.success() && out.stderr.is_empty() && out.stdout.is_empty(),
        "systemd-analyze verify deploy/soothe.service: {}{}",
        text(&out.stdout),
        text(&out.stderr)
    );

    // The check can fail here: a misspelt setting is reported.
    let broken = dir.join("broken.service");
    let bad = std::fs::read_to_string(&unit)
        .unwrap()
        .replace("ProtectSystem=strict", "ProtectSystem=strickt");
    std::fs::write(&broken, bad).unwrap();
    let out = output(Command::new("systemd-analyze").arg("verify").arg(&broken));
    assert!(
        text(&out.stderr).contains("strickt"),
        "{}",
        text(&out.stderr)
    );

    // The settings it gives soothe are ones soothe accepts.
    let mut config = Command::new(env!("CARGO_BIN_EXE_soothe"));
    config.arg("config").current_dir(&dir).env_clear();
    for (k, v) in unit_environment() {
        let v = if k == "SOOTHE_DATA_DIR" {
            dir.join("data").display().to_string()
        } else {
            v
        };
        config.env(k, v);
    }
    let out = output(&mut config);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("127.0.0.1:8080"),
        "{}",
        text(&out.stdout)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_unit_runs_soothe_in_a_tight_sandbox() {
    let settings = service_settings();
    for (key, value) in [
        ("DynamicUser", "yes"),
        ("StateDirectory", "soothe"),
        ("ProtectSystem", "strict"),
        ("ProtectHome", "yes"),
        ("PrivateTmp", "yes"),
        ("PrivateDevices", "yes"),
        ("NoNewPrivileges", "yes"),
        ("CapabilityBoundingSet", ""),
        ("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"),
        ("SystemCallFilter", "@system-service"),
        ("MemoryDenyWriteExecute", "yes"),
        ("Environment", "SOOTHE_DATA_DIR=/var/lib/soothe"),
        ("Environment", "SOOTHE_BIND=127.0.0.1:8080"),
    ] {
        assert!(
            settings
                .get(key)
                .is_some_and(|v| v.iter().any(|v| v == value)),
            "deploy/soothe.service must set {key}={value}"
        );
    }
    if !have(
        "systemd-analyze",
        "the unit's security rating",
        "apt-get install -y systemd",
    ) {
        return;
    }
    let dir = temp_dir("soothe-unit-security");
    let unit = unit_for_test(&dir);
    let out = output(
        Command::new("systemd-analyze")
            .args(["security", "--offline=true", "--no-pager"])
            .arg(&unit),
    );
    let report = text(&out.stdout);
    let level: f64 = report
        .lines()
        .find_map(|l| l.split_once("Overall exposure level for soothe.service: "))
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no rating in: {report}{}", text(&out.stderr)));
    // systemd calls 0–2 "OK"; a unit with none of these settings is rated 9.6.
    assert!(level <= 2.0, "exposure {level}:\n{report}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every system call the sandbox allows: `@system-service` without `@privileged` and
/// `@resources`, as this systemd defines them (`systemd-analyze syscall-filter`).
fn allowed_system_calls() -> BTreeSet<String> {
    let out = output(Command::new("systemd-analyze").arg("syscall-filter"));
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current = None;
    for line in text(&out.stdout).lines() {
        if let Some(name) = line.strip_prefix('@') {
            current = Some(format!("@{}", name.trim()));
        } else if line.starts_with("    ") && !line.trim_start().starts_with('#') {
            if let Some(group) = &current {
                groups
                    .entry(group.clone())
                    .or_default()
                    .push(line.trim().to_owned());
            }
        } else if line.trim().is_empty() || line.starts_with('#') {
            current = None;
        }
    }
    fn expand(groups: &BTreeMap<String, Vec<String>>, name: &str, out: &mut BTreeSet<String>) {
        for entry in groups.get(name).map_or(&[][..], Vec::as_slice) {
            if entry.starts_with('@') {
                expand(groups, entry, out);
            } else {
                out.insert(entry.clone());
            }
        }
    }
    let settings = service_settings();
    let filters = &settings["SystemCallFilter"];
    let mut allowed = BTreeSet::new();
    let mut denied = BTreeSet::new();
    for filter in filters {
        let (deny, list) = match filter.strip_prefix('~') {
            Some(rest) => (true, rest),
            None => (false, filter.as_str()),
        };
        for name in list.split_whitespace() {
            let set = if deny { &mut denied } else { &mut allowed };
            if name.starts_with('@') {
                assert!(groups.contains_key(name), "unknown group {name}");
                expand(&groups, name, set);
            } else {
                set.insert(name.to_owned());
            }
        }
    }
    assert!(allowed.len() > 100, "{allowed:?}");
    allowed.difference(&denied).cloned().collect()
}

/// The user id this test runs as.
fn my_uid() -> u32 {
    std::fs::metadata("/proc/self").unwrap().uid()
}

/// `program` run as the unprivileged user `nobody` when this test runs as root (as the unit
/// runs soothe as a user of its own), else as is.
fn unprivileged(program: &str) -> Command {
    if my_uid() == 0 {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", program]);
        c
    } else {
        Command::new(program)
    }
}

/// A `soothe` command with only the unit's environment (its data directory moved to `data`).
fn as_the_unit_runs(mut command: Command, data: &Path) -> Command {
    command.env_clear().current_dir(data);
    command.env("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (k, v) in unit_environment() {
        command.env(&k, v);
    }
    command.env("SOOTHE_DATA_DIR", data);
    command
}

/// One line of strace's output: the process, the call's name and the rest.
fn calls(trace: &str) -> Vec<(&str, &str, &str)> {
    trace
        .lines()
        .filter_map(|line| {
            let (pid, rest) = line.split_once(' ')?;
            let rest = rest.trim_start();
            let (name, args) = rest.split_once('(')?;
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
                .then_some((pid, name, args))
        })
        .collect()
}

/// The first quoted string of a call's arguments (the path of `openat`, `mkdir`, …).
fn quoted(args: &str) -> Option<&str> {
    let start = args.find('"')? + 1;
    let len = args[start..].find('"')?;
    Some(&args[start..start + len])
}

#[tokio::test]
async fn soothe_serve_stays_inside_the_units_sandbox() {
    if !have(
        "systemd-analyze",
        "the sandbox trace",
        "apt-get install -y systemd",
    ) || !have("strace", "the sandbox trace", "apt-get install -y strace")
        || (my_uid() == 0
            && !have(
                "setpriv",
                "the sandbox trace",
                "apt-get install -y util-linux",
            ))
    {
        return;
    }
    let allowed = allowed_system_calls();
    let dir = temp_dir("soothe-sandbox");
    let data = dir.join("data");
    std::fs::create_dir(&data).unwrap();
    if my_uid() == 0 {
        std::os::unix::fs::chown(&dir, Some(65534), Some(65534)).unwrap();
        std::os::unix::fs::chown(&data, Some(65534), Some(65534)).unwrap();
    }
    let soothe = env!("CARGO_BIN_EXE_soothe");

    // The owner, made by the command line as the same user.
    let mut create = as_the_unit_runs(unprivileged(soothe), &data);
    create.args([
        "user",
        "create",
        "--email",
        "sam@example.org",
        "--household",
        "Home",
        "--time-zone",
        "Europe/Paris",
    ]);
    let out = common::run(&mut create, "correct horse battery\n");
    assert!(out.status.success(), "{}", text(&out.stderr));

    // `soothe serve` under strace, with the unit's environment.
    let trace = dir.join("trace.txt");
    let port = free_port();
    let mut serve = as_the_unit_runs(unprivileged("strace"), &data);
    serve
        .args(["-f", "-qq", "-s", "256", "-o"])
        .arg(&trace)
        .args([soothe, "serve"])
        .env("SOOTHE_BIND", format!("127.0.0.1:{port}"))
        .env("SOOTHE_LOG_LEVEL", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut strace = serve.spawn().unwrap();
    let base = format!("http://127.0.0.1:{port}");
    wait_until_answers(&mut strace, &format!("{base}/readyz")).await;

    // A morning's use: a sign-in (password hashing), a baby, a feed, Today, the check, a
    // page, the metrics.
    let client = reqwest::Client::new();
    let res = client
        .post(format!("{base}/api/v1/auth/token"))
        .json(&serde_json::json!({"email": "sam@example.org", "password": "correct horse battery"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let token = res.json::<serde_json::Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = client
        .post(format!("{base}/api/v1/babies"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"name": "Léa", "born": "2026-09-01T08:30:00+02:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let baby = res.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = client
        .post(format!("{base}/api/v1/babies/{baby}/events"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"kind": "feeding", "start": "2026-11-20T06:00:00Z", "end": "2026-11-20T06:20:00Z", "method": "breast_both"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    for path in [
        format!("/api/v1/babies/{baby}/today"),
        format!("/api/v1/babies/{baby}/readiness?state=quiet_alert"),
    ] {
        let res = client
            .get(format!("{base}{path}"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
    }
    for path in ["/signin", "/metrics", "/healthz"] {
        let res = client
            .get(format!("{base}{path}"))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
    }

    // Stopped as systemd stops it (SIGTERM to soothe, not to strace).
    let children =
        std::fs::read_to_string(format!("/proc/{0}/task/{0}/children", strace.id())).unwrap();
    let pid = children.split_whitespace().next().unwrap().to_owned();
    assert!(
        output(Command::new("kill").args(["-TERM", &pid]))
            .status
            .success()
    );
    let started = Instant::now();
    while strace.try_wait().unwrap().is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "soothe did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let trace = std::fs::read_to_string(&trace).unwrap();
    let calls = calls(&trace);
    // What soothe does from its own start (strace's own start-up comes before).
    let from = calls
        .iter()
        .position(|(_, name, args)| *name == "execve" && args.contains(soothe))
        .unwrap_or_else(|| panic!("no execve of soothe in the trace:\n{trace}"));
    let calls = &calls[from + 1..];
    assert!(calls.len() > 1000, "{} calls", calls.len());

    let used: BTreeSet<&str> = calls.iter().map(|(_, name, _)| *name).collect();
    let outside: Vec<&&str> = used.iter().filter(|n| !allowed.contains(**n)).collect();
    assert!(
        outside.is_empty(),
        "soothe makes system calls SystemCallFilter= forbids: {outside:?}"
    );

    let families: BTreeSet<&str> = calls
        .iter()
        .filter(|(_, name, _)| *name == "socket")
        .filter_map(|(_, _, args)| args.split(',').next())
        .collect();
    let permitted = &service_settings()["RestrictAddressFamilies"][0];
    for family in &families {
        assert!(
            permitted.split_whitespace().any(|p| p == *family),
            "soothe opens an {family} socket; RestrictAddressFamilies={permitted}"
        );
    }
    assert!(families.contains("AF_INET"), "{families:?}");

    for (_, name, args) in calls {
        let write_exec = args.contains("PROT_WRITE") && args.contains("PROT_EXEC");
        let made_exec = matches!(*name, "mprotect" | "pkey_mprotect") && args.contains("PROT_EXEC");
        assert!(
            !write_exec && !made_exec,
            "MemoryDenyWriteExecute= forbids {name}({args}"
        );
    }

    // Files: written only in its data directory (ProtectSystem=strict) or /tmp (PrivateTmp);
    // /proc only for processes (ProcSubset=pid); /dev only for the basic devices
    // (PrivateDevices); never a home directory (ProtectHome).
    let data_dir = data.display().to_string();
    for (_, name, args) in calls {
        let Some(path) = quoted(args) else { continue };
        let writes = matches!(
            *name,
            "mkdir" | "mkdirat" | "rename" | "renameat" | "unlink" | "unlinkat"
        ) || (name.starts_with("open")
            && ["O_WRONLY", "O_RDWR", "O_CREAT"]
                .iter()
                .any(|f| args.contains(f)));
        if writes {
            assert!(
                !path.starts_with('/')
                    || path.starts_with(&data_dir)
                    || path.starts_with("/tmp/")
                    || path == "/dev/null",
                "soothe writes {path} ({name}), outside its state directory"
            );
        }
        if let Some(rest) = path.strip_prefix("/proc/") {
            let first = rest.split('/').next().unwrap_or_default();
            assert!(
                matches!(first, "self" | "thread-self")
                    || first.chars().all(|c| c.is_ascii_digit()),
                "soothe reads {path}; ProcSubset=pid hides it"
            );
        }
        if path.starts_with("/dev/") {
            assert!(
                [
                    "/dev/null",
                    "/dev/zero",
                    "/dev/full",
                    "/dev/random",
                    "/dev/urandom"
                ]
                .contains(&path),
                "soothe opens {path}; PrivateDevices= hides it"
            );
        }
        assert!(
            !["/home/", "/root/", "/run/user/"]
                .iter()
                .any(|h| path.starts_with(h))
                || path.starts_with(soothe)
                || path.starts_with(&data_dir),
            "soothe touches {path} ({name}); ProtectHome= hides it"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A wrong API sign-in through the proxy at `base` for a new address each time, claimed in
/// the client's own `X-Forwarded-For` and `Forwarded`: the status.
fn forged_sign_in(base: &str, resolve: &str, n: u32) -> String {
    let out = output(Command::new("curl").args([
        "-sk",
        "--resolve",
        resolve,
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        "-H",
        "content-type: application/json",
        "-H",
        &format!("x-forwarded-for: 198.51.100.{n}"),
        "-H",
        &format!("forwarded: for=198.51.100.{n}"),
        "-d",
        &format!(r#"{{"email": "nobody{n}@example.org", "password": "not this one"}}"#),
        &format!("{base}/api/v1/auth/token"),
    ]));
    text(&out.stdout)
}

/// What a browser sees through a proxy at `https://soothe.example.org:<port>` in front of
/// `soothe`: the proxy forwards what soothe trusts, and keeps the metrics private.
async fn check_through_proxy(port: u16, proxy: &mut std::process::Child) {
    let base = format!("https://soothe.example.org:{port}");
    let resolve = format!("soothe.example.org:{port}:127.0.0.1");
    let started = Instant::now();
    loop {
        let out = output(Command::new("curl").args([
            "-sk",
            "--resolve",
            &resolve,
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            &format!("{base}/healthz"),
        ]));
        if text(&out.stdout) == "200" {
            break;
        }
        if let Ok(Some(status)) = proxy.try_wait() {
            panic!("the proxy exited: {status}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the proxy did not answer"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // X-Forwarded-Proto: https reaches soothe, from a proxy it trusts: cookies are Secure.
    let out = output(Command::new("curl").args([
        "-sk",
        "--resolve",
        &resolve,
        "-o",
        "/dev/null",
        "-D",
        "-",
        &format!("{base}/signin"),
    ]));
    let headers = text(&out.stdout);
    let cookie = headers
        .lines()
        .find(|l| {
            l.to_ascii_lowercase()
                .starts_with("set-cookie: soothe_pre=")
        })
        .unwrap_or_else(|| panic!("{headers}"));
    assert!(cookie.contains("; Secure"), "{cookie}");

    // The metrics are not for the internet.
    let out = output(Command::new("curl").args([
        "-sk",
        "--resolve",
        &resolve,
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        &format!("{base}/metrics"),
    ]));
    assert_eq!(text(&out.stdout), "404");

    // A client's own X-Forwarded-For does not reach soothe: with 2 sign-ins a minute per
    // address, the third from this machine is refused whatever address it claims.
    assert_eq!(forged_sign_in(&base, &resolve, 1), "401");
    assert_eq!(forged_sign_in(&base, &resolve, 2), "401");
    assert_eq!(forged_sign_in(&base, &resolve, 3), "429");
}

/// `soothe serve` on SQLite trusting this machine's proxy, as the examples tell, with its
/// owner (so `/signin` is the sign-in page, not the setup).
async fn soothe_behind_a_proxy(dir: &Path) -> common::Server {
    std::fs::create_dir_all(dir).unwrap();
    let server = common::Server::start(
        dir.to_path_buf(),
        common::Serve {
            settings: &[
                ("SOOTHE_TRUSTED_PROXIES", "127.0.0.1,::1"),
                ("SOOTHE_SIGN_IN_PER_IP_PER_MINUTE", "2"),
                ("SOOTHE_LOG_LEVEL", "warn"),
            ],
            ..common::Serve::default()
        },
    )
    .await;
    common::create_owner(dir, "sam@example.org", "Home", "correct horse battery");
    server
}

/// The examples tell soothe's two settings for a proxy.
fn names_the_settings(example: &str) {
    let text = deploy(example);
    for needed in [
        "SOOTHE_TRUSTED_PROXIES=127.0.0.1,::1",
        "SOOTHE_PUBLIC_URL=https://soothe.example.org",
        "X-Forwarded-For",
        "X-Forwarded-Proto",
    ] {
        assert!(text.contains(needed), "deploy/{example} must show {needed}");
    }
}

/// Stops a proxy started by a test.
struct Stop(std::process::Child);

impl Drop for Stop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_nginx_example_passes_nginx_t_and_forwards_what_soothe_trusts() {
    names_the_settings("nginx.conf");
    let tools = [
        ("nginx", "apt-get install -y nginx-light"),
        ("openssl", "apt-get install -y openssl"),
        ("curl", "apt-get install -y curl"),
    ];
    if !tools
        .iter()
        .all(|(tool, install)| have(tool, "the nginx example's check", install))
    {
        return;
    }
    let dir = temp_dir("soothe-nginx");
    let server = soothe_behind_a_proxy(&dir.join("soothe")).await;
    let upstream = server.base.trim_start_matches("http://").to_owned();
    let out = output(
        Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            ])
            .args(["-subj", "/CN=soothe.example.org", "-keyout"])
            .arg(dir.join("key.pem"))
            .arg("-out")
            .arg(dir.join("cert.pem")),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));

    // The example as written, on free ports and this test's certificate, inside a main
    // configuration that keeps nginx's files in the test's directory.
    let https = free_port();
    let http = free_port();
    let site = deploy("nginx.conf")
        .replace("listen [::]:80;", "")
        .replace("listen [::]:443 ssl;", "")
        .replace("listen 80;", &format!("listen 127.0.0.1:{http};"))
        .replace("listen 443 ssl;", &format!("listen 127.0.0.1:{https} ssl;"))
        .replace(
            "/etc/letsencrypt/live/soothe.example.org/fullchain.pem",
            &dir.join("cert.pem").display().to_string(),
        )
        .replace(
            "/etc/letsencrypt/live/soothe.example.org/privkey.pem",
            &dir.join("key.pem").display().to_string(),
        )
        .replace("127.0.0.1:8080", &upstream);
    assert!(
        site.contains(&format!("proxy_pass http://{upstream};")),
        "{site}"
    );
    std::fs::write(dir.join("site.conf"), site).unwrap();
    let d = dir.display();
    std::fs::write(
        dir.join("nginx.conf"),
        format!(
            "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log stderr;\n\
             events {{}}\nhttp {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  \
             proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n  \
             uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n  include {d}/site.conf;\n}}\n"
        ),
    )
    .unwrap();
    let nginx = |extra: &[&str]| {
        let mut c = Command::new("nginx");
        c.arg("-p").arg(&dir).arg("-c").arg(dir.join("nginx.conf"));
        c.args(extra);
        c
    };
    let out = output(&mut nginx(&["-t"]));
    assert!(out.status.success(), "nginx -t: {}", text(&out.stderr));

    let child = nginx(&[])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut proxy = Stop(child);
    check_through_proxy(https, &mut proxy.0).await;
    drop(proxy);
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_caddy_example_adapts_and_forwards_what_soothe_trusts() {
    names_the_settings("Caddyfile");
    let tools = [
        ("caddy", "apt-get install -y caddy"),
        ("curl", "apt-get install -y curl"),
    ];
    if !tools
        .iter()
        .all(|(tool, install)| have(tool, "the Caddy example's check", install))
    {
        return;
    }
    let dir = temp_dir("soothe-caddy");
    let caddy = |args: &[&str]| {
        let mut c = Command::new("caddy");
        c.args(args)
            .env("HOME", &dir)
            .env("XDG_DATA_HOME", dir.join("data"))
            .env("XDG_CONFIG_HOME", dir.join("config"));
        c
    };

    // As written: it adapts, the metrics answer 404 before the proxy, which goes to soothe.
    let example = repo().join("deploy/Caddyfile");
    let example = example.to_str().unwrap();
    let out = output(&mut caddy(&[
        "adapt",
        "--adapter",
        "caddyfile",
        "--config",
        example,
    ]));
    assert!(out.status.success(), "caddy adapt: {}", text(&out.stderr));
    let json = text(&out.stdout);
    let metrics = json
        .find(r#""path":["/metrics"]"#)
        .unwrap_or_else(|| panic!("{json}"));
    let proxy = json
        .find(r#""dial":"127.0.0.1:8080""#)
        .unwrap_or_else(|| panic!("{json}"));
    assert!(metrics < proxy, "{json}");
    let out = output(&mut caddy(&[
        "validate",
        "--adapter",
        "caddyfile",
        "--config",
        example,
    ]));
    assert!(
        out.status.success(),
        "caddy validate: {}",
        text(&out.stderr)
    );

    // Running in front of soothe, with a certificate of its own local authority, on free ports.
    let server = soothe_behind_a_proxy(&dir.join("soothe")).await;
    let upstream = server.base.trim_start_matches("http://").to_owned();
    let https = free_port();
    let http = free_port();
    let site = deploy("Caddyfile")
        .replace(
            "soothe.example.org {",
            "soothe.example.org {\n\ttls internal",
        )
        .replace("127.0.0.1:8080", &upstream);
    let config = format!(
        "{{\n\tadmin off\n\tskip_install_trust\n\thttp_port {http}\n\thttps_port {https}\n}}\n\n{site}"
    );
    let file = dir.join("Caddyfile");
    std::fs::write(&file, config).unwrap();
    let child = caddy(&[
        "run",
        "--adapter",
        "caddyfile",
        "--config",
        file.to_str().unwrap(),
    ])
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let mut proxy = Stop(child);
    check_through_proxy(https, &mut proxy.0).await;
    drop(proxy);
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
