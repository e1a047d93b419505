//! `cargo xtask`: the project's commands, in Rust instead of shell scripts.
//!
//! - `run`   install what is missing, build the widget, start the server with the demo site
//! - `test`  everything CI runs: format, lints, native tests, browser tests, size budget
//! - `size`  build the widget and print loader/widget sizes; fails over budget
//! - `dist`  build the widget into `dist/` (release, minified, precompressed)
//! - `bench chat` Kefu's chat against a bare WebSocket echo server (throughput, latency,
//!   memory per idle connection), as ratios.
//! - `bench [config|login]` widget-config throughput as ratios to a reference endpoint, or
//!   unknown- vs known-account failed-login timing as a ratio

mod dist;
mod size;
mod test;
mod tidy;
mod tools;

use anyhow::{bail, Context as _};
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test::all(),
        Some("size") => dist::build().and_then(|_| size::check()),
        Some("dist") => dist::build(),
        Some("tools") => tools::ensure_test_tools(),
        Some("bench") if args.get(1).map(String::as_str) == Some("search") => {
            bench_search(&args[2..])
        }
        Some("bench") => {
            let example = match args.get(1).map(String::as_str) {
                None | Some("config") => "bench",
                Some("login") => "bench_login",
                Some("chat") => "bench_chat",
                Some(other) => {
                    eprintln!("unknown benchmark `{other}`: use config, login, chat or search");
                    return std::process::ExitCode::from(2);
                }
            };
            // The chat benchmark runs the `kefu` binary itself, built the same way.
            let built = if example == "bench_chat" {
                sh(Command::new("cargo").args([
                    "build",
                    "--quiet",
                    "--profile",
                    "server",
                    "-p",
                    "kefu-server",
                    "--bin",
                    "kefu",
                ]))
            } else {
                Ok(())
            };
            built.and_then(|_| {
                sh(Command::new("cargo").args([
                    "run",
                    "--quiet",
                    "--profile",
                    "server",
                    "-p",
                    "kefu-server",
                    "--example",
                    example,
                ]))
            })
        }
        _ => {
            eprintln!(
                "usage: cargo xtask <run [--port N] | test | size | dist | tools | bench [config|login|chat|search [SIZES…]]>"
            );
            return std::process::ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The workspace root (the folder above `xtask/`).
/// `cargo xtask bench search [SIZES…]`: the FAQ engine, built for Node exactly as for the
/// widget (wasm-bindgen `--target nodejs`), beside MiniSearch, FlexSearch and Fuse.js in one
/// Node process (`bench/search/bench.mjs`); default sizes 2,000 and 20,000 articles.
fn bench_search(sizes: &[String]) -> anyhow::Result<()> {
    tools::ensure_build_tools()?;
    let module = dist::build_module("kefu-faq", "nodejs", &root().join("target/kefu-faq-node"))?;
    let dir = root().join("bench/search");
    sh(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&dir))?;
    sh(Command::new("node")
        .arg(dir.join("bench.mjs"))
        .arg(&module.glue)
        .args(sizes)
        .current_dir(&dir))
}

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Runs a command in the workspace root with the tools on PATH; fails on a non-zero exit.
pub fn sh(cmd: &mut Command) -> anyhow::Result<()> {
    if cmd.get_current_dir().is_none() {
        cmd.current_dir(root());
    }
    cmd.env("PATH", tools::path_env());
    eprintln!("xtask: $ {}", describe(cmd));
    let status = cmd
        .status()
        .with_context(|| format!("cannot start {}", describe(cmd)))?;
    if !status.success() {
        bail!("`{}` failed ({status})", describe(cmd));
    }
    Ok(())
}

fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

fn run(args: &[String]) -> anyhow::Result<()> {
    let port = match args {
        [flag, p] if flag == "--port" => p.parse::<u16>().context("--port takes a number")?,
        [] => 8443,
        _ => bail!("usage: cargo xtask run [--port N]"),
    };
    dist::build()?;
    sh(Command::new("cargo").args(["build", "-p", "kefu-server"]))?;
    let url = format!("https://localhost:{port}");
    println!("\nKefu is starting on {url}");
    println!("  demo page:  {url}/demo");
    println!("  snippet:    <script src=\"{url}/kefu.js\" data-site=\"demo\" async></script>");
    println!("  (the certificate is self-signed: target/kefu-data/tls/localhost-cert.pem)\n");
    let data = root().join("target/kefu-data");
    sh(Command::new(root().join("target/debug/kefu"))
        .arg("--data-dir")
        .arg(&data)
        .arg("serve")
        .arg("--addr")
        .arg(format!("0.0.0.0:{port}"))
        .arg("--assets-dir")
        .arg(root().join("dist")))
}
