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
    // The agents' console, into dist-console/ (served under /console/).
    sh(Command::new("trunk")
        .args(["build", "--release"])
        .current_dir(root().join("crates/console")))?;
    Ok(())
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
