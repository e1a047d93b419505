//! Login throttling (R23): failures counted per account and per client IP in the database, so
//! restarts and spoofed `X-Forwarded-For` headers do not reset them. From the fourth failure in
//! the window each answer is slowed down (doubling, capped); the eleventh is refused with 429
//! until the oldest failure leaves the 15-minute window.

use crate::error::ApiError;
use crate::store::Store;
use std::time::Duration;

pub const WINDOW_MS: i64 = 15 * 60_000;
/// Failures allowed per key in the window; the next attempt is refused.
pub const MAX_FAILURES: i64 = 10;
/// Failures answered at full speed before the delay starts.
const FREE_FAILURES: i64 = 3;
const MAX_DELAY: Duration = Duration::from_secs(2);

/// The throttle keys of an attempt: the account named (known or not) and the client.
pub fn keys(email: &str, ip: &str) -> Vec<String> {
    vec![
        format!("acct:{}", email.trim().to_lowercase()),
        format!("ip:{ip}"),
    ]
}

/// Refuses the attempt with 429 when a key is over its budget; otherwise waits out the delay
/// the failures so far have earned.
pub async fn before_attempt(store: &dyn Store, keys: &[String], now: i64) -> Result<(), ApiError> {
    let counts = store.login_failures(keys, now - WINDOW_MS).await?;
    let worst = counts.iter().map(|(n, _)| *n).max().unwrap_or(0);
    if worst >= MAX_FAILURES {
        let oldest = counts
            .iter()
            .filter(|(n, _)| *n >= MAX_FAILURES)
            .filter_map(|(_, oldest)| *oldest)
            .min()
            .unwrap_or(now);
        let retry_after_secs = ((oldest + WINDOW_MS - now) / 1000).max(1) as u64;
        return Err(ApiError::RateLimited { retry_after_secs });
    }
    if worst > FREE_FAILURES {
        let doublings = (worst - FREE_FAILURES - 1).min(10) as u32;
        let delay = Duration::from_millis(100 * 2u64.pow(doublings)).min(MAX_DELAY);
        tokio::time::sleep(delay).await;
    }
    Ok(())
}
