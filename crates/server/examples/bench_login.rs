//! `cargo xtask bench login`: median time of a failed login for an unknown account versus a
//! known account with a wrong password, over real HTTPS, as a ratio. Near 1.0 means the timing
//! does not tell an attacker which addresses have accounts (R23). The throttle's counters are
//! cleared between tries so it measures the login itself.

use kefu_server::accounts::{throttle, Password};
use kefu_server::serve;
use kefu_server::store::{now_ms, AccountRow};
use std::time::{Duration, Instant};

const TRIES: usize = 200;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let data = tempfile::tempdir()?;
    let (state, running, base) = serve::start_local(data.path(), |o| {
        o.rate_limit_per_minute = u32::MAX / 2;
    })
    .await?;
    let store = state.store.clone();
    let hash = state
        .hasher
        .hash(&Password::parse("correct horse battery")?)
        .await?;
    let account = AccountRow {
        id: "bench".into(),
        email: "known@example.com".into(),
        password_hash: hash,
        must_change_password: false,
        created_at: now_ms(),
        totp_secret: None,
        totp_pending_secret: None,
        totp_last_step: 0,
    };
    store
        .create_account(
            &account,
            &[("demo".into(), kefu_server::accounts::Role::Admin)],
        )
        .await?;
    let pem = std::fs::read(data.path().join(kefu_server::tls::GENERATED_CERT))?;
    let client = reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(&pem)?)
        .build()?;

    let mut times = [Vec::new(), Vec::new()];
    for i in 0..TRIES * 2 {
        // Alternate the two cases so drift on a shared machine hits both alike.
        let (slot, email) = if i % 2 == 0 {
            (0, "unknown@example.com")
        } else {
            (1, "known@example.com")
        };
        let body = serde_json::json!({ "email": email, "password": "wrong password" });
        let start = Instant::now();
        let res = client
            .post(format!("{base}/api/v1/auth/login"))
            .header("origin", &base)
            .json(&body)
            .send()
            .await?;
        let _ = res.bytes().await;
        times[slot].push(start.elapsed().as_secs_f64() * 1000.0);
        for key in throttle::keys(email, "127.0.0.1") {
            store.clear_login_failures(&key).await?;
        }
    }
    let [unknown, known] = times;
    let (mu, mk) = (median(unknown), median(known));
    println!("{TRIES} failed logins each, sequential, HTTPS");
    println!("{:<40} {:>10}", "case", "median ms");
    println!("{:<40} {:>10.2}", "known account, wrong password", mk);
    println!("{:<40} {:>10.2}", "unknown account", mu);
    println!(
        "ratio unknown / known: {:.3} (1.0 = indistinguishable)",
        mu / mk
    );
    running
        .handle
        .graceful_shutdown(Some(Duration::from_secs(2)));
    Ok(())
}
