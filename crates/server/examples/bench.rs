//! `cargo xtask bench`: throughput of the widget-config endpoint over real HTTPS, as a ratio to
//! a reference endpoint (`/api/v1/health`, no work) measured in the same run. Absolute numbers
//! on a shared 2-core machine mean little; the ratios show what the config path costs.

use kefu_server::serve;
use std::sync::Arc;
use std::time::{Duration, Instant};

const CONCURRENCY: usize = 16;
const REQUESTS: usize = 4_000;

async fn run(client: &reqwest::Client, url: &str, etag: Option<&str>) -> f64 {
    let url = Arc::new(url.to_owned());
    let etag = etag.map(str::to_owned);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENCY {
        let (client, url, etag) = (client.clone(), url.clone(), etag.clone());
        tasks.push(tokio::spawn(async move {
            for _ in 0..REQUESTS / CONCURRENCY {
                let mut req = client.get(url.as_str());
                if let Some(e) = &etag {
                    req = req.header("if-none-match", e);
                }
                let res = req.send().await.expect("request");
                assert!(
                    res.status().is_success() || res.status() == 304,
                    "{}",
                    res.status()
                );
                let _ = res.bytes().await;
            }
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
    REQUESTS as f64 / start.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let data = tempfile::tempdir()?;
    let (_, running, base) = serve::start_local(data.path(), |o| {
        o.rate_limit_per_minute = u32::MAX / 2;
    })
    .await?;
    let pem = std::fs::read(data.path().join(kefu_server::tls::GENERATED_CERT))?;
    let client = reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(&pem)?)
        .pool_max_idle_per_host(CONCURRENCY)
        .build()?;
    let config = format!("{base}/api/v1/sites/demo/widget-config?locale=zh-CN,en");
    let etag = client.get(&config).send().await?.headers()["etag"]
        .to_str()?
        .to_owned();

    // Warm up connections and caches, then measure each case; the reference runs twice
    // (first and last) so drift during the run shows up.
    run(&client, &format!("{base}/api/v1/health"), None).await;
    let reference = run(&client, &format!("{base}/api/v1/health"), None).await;
    let full = run(&client, &config, None).await;
    let not_modified = run(&client, &config, Some(&etag)).await;
    let reference_again = run(&client, &format!("{base}/api/v1/health"), None).await;
    let r = (reference + reference_again) / 2.0;
    println!("{REQUESTS} requests per case, {CONCURRENCY} concurrent, HTTPS (HTTP/1.1 + rustls)");
    println!("{:<36} {:>10} {:>8}", "case", "req/s", "ratio");
    println!("{:<36} {:>10.0} {:>8.2}", "health (reference)", r, 1.0);
    println!(
        "{:<36} {:>10.0} {:>8.2}",
        "widget-config, 200",
        full,
        full / r
    );
    println!(
        "{:<36} {:>10.0} {:>8.2}",
        "widget-config, 304 (If-None-Match)",
        not_modified,
        not_modified / r
    );
    println!(
        "reference drift: {:.0} → {:.0} req/s",
        reference, reference_again
    );
    running
        .handle
        .graceful_shutdown(Some(Duration::from_secs(2)));
    Ok(())
}
