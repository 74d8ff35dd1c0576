//! Sign-in rate limits: per client address and per account, in fixed windows.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many sign-in attempts are allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Attempts per client address per minute.
    pub per_ip_per_minute: u32,
    /// Attempts per account (email) per 15 minutes.
    pub per_account_per_15_minutes: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_ip_per_minute: 10,
            per_account_per_15_minutes: 10,
        }
    }
}

/// Counts attempts in fixed windows.
#[derive(Debug)]
pub struct Limiter {
    limits: Limits,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl Limiter {
    /// A limiter with these limits.
    pub fn new(limits: Limits) -> Limiter {
        Limiter {
            limits,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts an attempt from `ip` for `account`; `Err(seconds)` says how long to wait.
    pub fn attempt(&self, ip: &str, account: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut windows = self.windows.lock().map_err(|_| 60u64)?;
        if windows.len() > 100_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(900));
        }
        let checks = [
            (format!("ip:{ip}"), self.limits.per_ip_per_minute, 60),
            (
                format!("account:{}", account.trim().to_lowercase()),
                self.limits.per_account_per_15_minutes,
                900,
            ),
        ];
        let mut wait = None;
        for (key, limit, seconds) in checks {
            let window = Duration::from_secs(seconds);
            let entry = windows.entry(key).or_insert((now, 0));
            if now.duration_since(entry.0) >= window {
                *entry = (now, 0);
            }
            entry.1 += 1;
            if entry.1 > limit {
                let left = window
                    .saturating_sub(now.duration_since(entry.0))
                    .as_secs()
                    .max(1);
                wait = Some(wait.map_or(left, |w: u64| w.max(left)));
            }
        }
        wait.map_or(Ok(()), Err)
    }
}
