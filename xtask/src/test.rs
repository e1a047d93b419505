//! `cargo xtask test`: everything CI runs, cheapest first.

use crate::{dist, root, sh, size, tools};
use std::process::Command;

const NATIVE: &[&str] = &[
    "-p",
    "kefu-api",
    "-p",
    "kefu-schedule",
    "-p",
    "kefu-search",
    "-p",
    "kefu-faq",
    "-p",
    "kefu-server",
    "-p",
    "xtask",
];

pub fn all() -> anyhow::Result<()> {
    tools::ensure_test_tools()?;
    sh(Command::new("cargo").args(["fmt", "--all", "--", "--check"]))?;
    sh(Command::new("cargo").arg("clippy").args(NATIVE).args([
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    sh(Command::new("cargo").args([
        "clippy",
        "-p",
        "kefu-widget",
        "-p",
        "kefu-console",
        "-p",
        "kefu-faq",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    sh(Command::new("cargo").arg("test").args(NATIVE))?;
    // The console's pure logic (document paths, hours text) runs natively; a separate run so
    // its dependencies' features do not change the server's build.
    sh(Command::new("cargo").args(["test", "-p", "kefu-console"]))?;
    dist::build()?;
    size::check()?;
    sh(Command::new("cargo")
        .args([
            "test",
            "-p",
            "kefu-widget",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("WASM_BINDGEN_TEST_TIMEOUT", "180"))?;
    sh(Command::new("cargo").args(["build", "-p", "kefu-server"]))?;
    let shots = root().join("target/screenshots");
    std::fs::create_dir_all(&shots)?;
    sh(Command::new("node")
        .args(["--test", "--test-concurrency=1"])
        .arg(root().join("tests/e2e/widget.test.mjs"))
        .arg(root().join("tests/e2e/console.test.mjs"))
        .arg(root().join("tests/e2e/faq.test.mjs"))
        .arg(root().join("tests/e2e/feedback.test.mjs"))
        .arg(root().join("tests/e2e/nps.test.mjs"))
        .arg(root().join("tests/e2e/chat.test.mjs"))
        .arg(root().join("tests/e2e/locales.test.mjs"))
        .arg(root().join("tests/e2e/a11y.test.mjs"))
        .arg(root().join("tests/e2e/strict.test.mjs"))
        .arg(root().join("tests/e2e/terms.test.mjs"))
        .arg(root().join("tests/e2e/pseudo.test.mjs"))
        .env("KEFU_BIN", root().join("target/debug/kefu"))
        .env("KEFU_DIST", root().join("dist"))
        .env("KEFU_CONSOLE_DIST", root().join("dist-console"))
        .env("KEFU_SCREENSHOTS", &shots))?;
    println!(
        "xtask: all checks passed; screenshots in {}",
        shots.display()
    );
    Ok(())
}
