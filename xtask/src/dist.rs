//! Builds the widget into `dist/` and the console into `dist-console/`. The widget: Trunk (release, wasm-opt -Oz, content-hashed names), the
//! wasm-bindgen glue minified by terser, and `.br` / `.gz` copies the server sends to browsers
//! that accept them.

use crate::{root, sh, tools};
use anyhow::Context as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The built widget's files.
pub struct Built {
    pub glue: PathBuf,
    pub wasm: PathBuf,
}

pub fn build() -> anyhow::Result<()> {
    tools::ensure_build_tools()?;
    // Trunk runs cargo offline: fetch everything first.
    sh(Command::new("cargo").args(["fetch", "--quiet"]))?;
    sh(Command::new("trunk").args(["build", "--release"]))?;
    let built = find()?;
    sh(Command::new("terser")
        .arg(&built.glue)
        .args(["--module", "--compress", "passes=3", "--mangle", "--output"])
        .arg(&built.glue))?;
    for file in [&built.glue, &built.wasm] {
        precompress(file)?;
    }
    // The FAQ module (search engine + FAQ view), loaded when the panel opens.
    let faq = build_module("kefu-faq", "web", &root().join("target/kefu-faq-web"))?;
    install_hashed(&faq, &root().join("dist"))?;
    // The agents' console, into dist-console/ (served under /console/).
    sh(Command::new("trunk")
        .args(["build", "--release"])
        .current_dir(root().join("crates/console")))?;
    Ok(())
}

/// A wasm-bindgen module built outside Trunk: its glue and optimized wasm.
pub struct Module {
    pub name: &'static str,
    pub glue: PathBuf,
    pub wasm: PathBuf,
}

/// Builds crate `name` for wasm32 (profile `faq`: the release profile at opt-level 3), runs wasm-bindgen
/// for `target` (`web` for the widget, `nodejs` for the benchmark) into `out`, then wasm-opt
/// -Oz and, for the web, terser on the glue.
pub fn build_module(name: &'static str, target: &str, out: &Path) -> anyhow::Result<Module> {
    sh(Command::new("cargo").args([
        "build",
        "--quiet",
        "--profile",
        "faq",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        name,
    ]))?;
    let raw = root()
        .join("target/wasm32-unknown-unknown/faq")
        .join(format!("{}.wasm", name.replace('-', "_")));
    std::fs::create_dir_all(out)?;
    sh(Command::new("wasm-bindgen")
        .args(["--target", target, "--out-name", name, "--out-dir"])
        .arg(out)
        .arg(&raw))?;
    let wasm = out.join(format!("{name}_bg.wasm"));
    sh(Command::new("wasm-opt")
        .args([
            "-O3",
            "--converge",
            "--strip-producers",
            "--strip-debug",
            "--strip-target-features",
            "-o",
        ])
        .arg(&wasm)
        .arg(&wasm))?;
    let glue = out.join(format!("{name}.js"));
    if target == "web" {
        sh(Command::new("terser")
            .arg(&glue)
            .args(["--module", "--compress", "passes=3", "--mangle", "--output"])
            .arg(&glue))?;
    }
    Ok(Module { name, glue, wasm })
}

/// FNV-1a, 64 bits: a stable content hash for file names.
fn fnv(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in *part {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Copies a module into `dir` as `NAME-HASH.js` / `NAME-HASH_bg.wasm` (+ .br, .gz), removing
/// older builds of it.
fn install_hashed(m: &Module, dir: &Path) -> anyhow::Result<()> {
    let glue = std::fs::read(&m.glue)?;
    let wasm = std::fs::read(&m.wasm)?;
    let stem = format!("{}-{:016x}", m.name, fnv(&[&glue, &wasm]));
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.starts_with(&format!("{}-", m.name)) && !name.starts_with(&stem) {
            std::fs::remove_file(dir.join(&name))?;
        }
    }
    let js = dir.join(format!("{stem}.js"));
    let bg = dir.join(format!("{stem}_bg.wasm"));
    std::fs::write(&js, &glue)?;
    std::fs::write(&bg, &wasm)?;
    precompress(&js)?;
    precompress(&bg)?;
    Ok(())
}

/// The FAQ module's files in `dist/`.
pub fn find_module(prefix: &str) -> anyhow::Result<Built> {
    let dist = root().join("dist");
    let mut wasm = None;
    for entry in std::fs::read_dir(&dist).context("no dist/ folder: build the widget first")? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.starts_with(&format!("{prefix}-")) && name.ends_with("_bg.wasm") {
            wasm = Some(name);
        }
    }
    let wasm = wasm.with_context(|| format!("no {prefix}-*_bg.wasm in dist/"))?;
    let glue = format!("{}.js", wasm.trim_end_matches("_bg.wasm"));
    Ok(Built {
        glue: dist.join(glue),
        wasm: dist.join(wasm),
    })
}

/// The glue and wasm Trunk wrote to `dist/`.
pub fn find() -> anyhow::Result<Built> {
    let dist = root().join("dist");
    let mut wasm = None;
    for entry in std::fs::read_dir(&dist).context("no dist/ folder: build the widget first")? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.starts_with("kefu-widget-") && name.ends_with("_bg.wasm") {
            wasm = Some(name);
        }
    }
    let wasm = wasm.context("no kefu-widget-*_bg.wasm in dist/")?;
    let glue = format!("{}.js", wasm.trim_end_matches("_bg.wasm"));
    Ok(Built {
        glue: dist.join(glue),
        wasm: dist.join(wasm),
    })
}

pub fn brotli_bytes(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        let _ = w.write_all(data);
    }
    out
}

pub fn gzip_bytes(data: &[u8]) -> Vec<u8> {
    let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = w.write_all(data);
    w.finish().unwrap_or_default()
}

fn precompress(file: &Path) -> anyhow::Result<()> {
    let data = std::fs::read(file)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    std::fs::write(
        file.with_file_name(format!("{name}.br")),
        brotli_bytes(&data),
    )?;
    std::fs::write(file.with_file_name(format!("{name}.gz")), gzip_bytes(&data))?;
    Ok(())
}
