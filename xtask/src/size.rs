//! `cargo xtask size`: what a host page pays for Kefu. Before the visitor shows interest only
//! the loader loads; the widget (wasm + glue, CSS inside the wasm) loads at idle time; the
//! help module (search engine, FAQ view, feedback form and its outbox, live chat, their CSS)
//! only when the panel opens on a site with a FAQ, feedback or chat.

use crate::dist::{brotli_bytes, find, gzip_bytes};
use crate::root;
use anyhow::bail;

/// Budgets in brotli bytes (decimal kilobytes, the stricter reading of "3 KB" and "150 KB").
pub const LOADER_BUDGET: usize = 3_000;
pub const WIDGET_BUDGET: usize = 150_000;
/// The help module carries the FAQ engine's Unicode tables, the feedback form and the chat
/// (about 27 KB of it, with images and avatars); it loads only when the panel opens. Next step
/// when it grows again: the chat as a module of its own.
pub const FAQ_BUDGET: usize = 170_000;

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
    let faq = crate::dist::find_module("kefu-faq")?;
    let faq_glue = std::fs::read(&faq.glue)?;
    let faq_wasm = std::fs::read(&faq.wasm)?;
    let rows = [
        measure("loader kefu.js", &loader),
        measure("widget glue (js)", &glue),
        measure("widget wasm (+css)", &wasm),
        measure("faq glue (js)", &faq_glue),
        measure("faq wasm (+css)", &faq_wasm),
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
    let faq_br = rows[3].brotli + rows[4].brotli;
    println!("loader: {loader_br} B brotli (budget {LOADER_BUDGET})");
    println!("widget: {widget_br} B brotli (budget {WIDGET_BUDGET})");
    println!("help module (FAQ, feedback, chat): {faq_br} B brotli (budget {FAQ_BUDGET}), loaded when the panel opens");
    let mut over = vec![];
    if loader_br > LOADER_BUDGET {
        over.push(format!("loader {loader_br} > {LOADER_BUDGET}"));
    }
    if widget_br > WIDGET_BUDGET {
        over.push(format!("widget {widget_br} > {WIDGET_BUDGET}"));
    }
    if faq_br > FAQ_BUDGET {
        over.push(format!("faq module {faq_br} > {FAQ_BUDGET}"));
    }
    if !over.is_empty() {
        bail!("over budget: {}", over.join(", "));
    }
    Ok(())
}
