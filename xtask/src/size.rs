//! `cargo xtask size`: what a host page pays for Kefu. Before the visitor shows interest only
//! the loader loads; the widget (wasm + glue, CSS inside the wasm) loads at idle time.

use crate::dist::{brotli_bytes, find, gzip_bytes};
use crate::root;
use anyhow::bail;

/// Budgets in brotli bytes (decimal kilobytes, the stricter reading of "3 KB" and "150 KB").
pub const LOADER_BUDGET: usize = 3_000;
pub const WIDGET_BUDGET: usize = 150_000;

struct Row {
    name: String,
    raw: usize,
    gzip: usize,
    brotli: usize,
}

fn measure(name: &str, data: &[u8]) -> Row {
    Row {
        name: name.to_owned(),
        raw: data.len(),
        gzip: gzip_bytes(data).len(),
        brotli: brotli_bytes(data).len(),
    }
}

pub fn check() -> anyhow::Result<()> {
    let loader = std::fs::read(root().join("public/kefu.js"))?;
    let built = find()?;
    let glue = std::fs::read(&built.glue)?;
    let wasm = std::fs::read(&built.wasm)?;
    let rows = [
        measure("loader kefu.js", &loader),
        measure("widget glue (js)", &glue),
        measure("widget wasm (+css)", &wasm),
    ];
    println!(
        "{:<22} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip", "brotli"
    );
    for r in &rows {
        println!(
            "{:<22} {:>10} {:>10} {:>10}",
            r.name, r.raw, r.gzip, r.brotli
        );
    }
    let loader_br = rows[0].brotli;
    let widget_br = rows[1].brotli + rows[2].brotli;
    println!("loader: {loader_br} B brotli (budget {LOADER_BUDGET})");
    println!("widget: {widget_br} B brotli (budget {WIDGET_BUDGET})");
    let mut over = vec![];
    if loader_br > LOADER_BUDGET {
        over.push(format!("loader {loader_br} > {LOADER_BUDGET}"));
    }
    if widget_br > WIDGET_BUDGET {
        over.push(format!("widget {widget_br} > {WIDGET_BUDGET}"));
    }
    if !over.is_empty() {
        bail!("over budget: {}", over.join(", "));
    }
    Ok(())
}
