//! Installs the pinned build and test tools when they are missing (idempotent), using only the
//! package registries: cargo for Trunk and wasm-bindgen, npm for wasm-opt (binaryen) and
//! terser, apt for Chromium. Versions must match `Trunk.toml` and `Cargo.toml`.

use crate::sh;
use anyhow::Context as _;
use std::path::PathBuf;
use std::process::Command;

pub const TRUNK: &str = "0.21.14";
/// Must equal the `wasm-bindgen` crate pinned in Cargo.toml.
pub const WASM_BINDGEN: &str = "0.2.130";
/// npm packages in the tools folder: wasm-opt 132 (see Trunk.toml) and the glue minifier.
pub const NPM_TOOLS: &[&str] = &["binaryen@132.0.0", "terser@5.51.4"];

/// Where npm tools live, outside the clone so CI runs reuse them.
pub fn tools_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("KEFU_TOOLS_DIR") {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp"));
    home.join(".cache/kefu-tools")
}

fn cargo_bin() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_default();
    home.join("bin")
}

/// PATH with the npm tools and cargo's bin folder first.
pub fn path_env() -> std::ffi::OsString {
    let mut parts = vec![tools_dir().join("node_modules/.bin"), cargo_bin()];
    if let Some(p) = std::env::var_os("PATH") {
        parts.extend(std::env::split_paths(&p));
    }
    std::env::join_paths(parts).unwrap_or_default()
}

fn version_of(program: &str, arg: &str) -> Option<String> {
    let out = Command::new(program)
        .arg(arg)
        .env("PATH", path_env())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Everything needed to build the widget.
pub fn ensure_build_tools() -> anyhow::Result<()> {
    let targets = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    let has_wasm = targets
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("wasm32-unknown-unknown"))
        .unwrap_or(false);
    if !has_wasm {
        sh(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    if !version_of("trunk", "--version").is_some_and(|v| v.contains(TRUNK)) {
        sh(Command::new("cargo").args(["install", "trunk", "--version", TRUNK, "--locked"]))?;
    }
    if !version_of("wasm-bindgen", "--version").is_some_and(|v| v.contains(WASM_BINDGEN)) {
        let locked = sh(Command::new("cargo").args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            WASM_BINDGEN,
            "--locked",
        ]));
        if locked.is_err() {
            // Its lock file has named a dependency version the registry no longer serves;
            // the same CLI version with freshly resolved dependencies is equivalent.
            eprintln!("xtask: retrying wasm-bindgen-cli without --locked");
            sh(Command::new("cargo").args([
                "install",
                "wasm-bindgen-cli",
                "--version",
                WASM_BINDGEN,
            ]))?;
        }
    }
    let dir = tools_dir();
    let have_npm_tools = NPM_TOOLS.iter().all(|spec| {
        let (name, version) = spec.rsplit_once('@').unwrap_or((spec, ""));
        std::fs::read_to_string(dir.join("node_modules").join(name).join("package.json"))
            .is_ok_and(|pkg| pkg.contains(&format!("\"version\": \"{version}\"")))
    });
    if !have_npm_tools {
        std::fs::create_dir_all(&dir).context("cannot create the tools folder")?;
        sh(Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir)
            .args(NPM_TOOLS))?;
    }
    Ok(())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Chromium, its driver and CJK fonts from the system package manager (Debian, as root), and
/// the e2e test's npm packages.
pub fn ensure_test_tools() -> anyhow::Result<()> {
    ensure_build_tools()?;
    let have_browser = std::path::Path::new("/usr/bin/chromium").exists()
        && std::path::Path::new("/usr/bin/chromedriver").exists()
        && std::path::Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").exists();
    if !have_browser {
        if is_root() && std::path::Path::new("/usr/bin/apt-get").exists() {
            sh(Command::new("apt-get").arg("update"))?;
            sh(Command::new("apt-get")
                .args([
                    "install",
                    "-y",
                    "chromium",
                    "chromium-driver",
                    "fonts-noto-cjk",
                ])
                .env("DEBIAN_FRONTEND", "noninteractive"))?;
        } else {
            anyhow::bail!("install chromium, chromium-driver and fonts-noto-cjk (Debian packages)");
        }
    }
    let e2e = crate::root().join("tests/e2e");
    if !e2e.join("node_modules/playwright-core").exists()
        || !e2e.join("node_modules/axe-core").exists()
    {
        sh(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&e2e))?;
    }
    Ok(())
}
