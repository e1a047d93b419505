//! The widget's files: the loader (`kefu.js`, compiled into the server) and the content-hashed
//! wasm and glue that Trunk writes to the assets directory.
//!
//! The loader learns the hashed names from a manifest the server writes into it at start-up,
//! so a new widget build is picked up by a restart and old builds never mix with new ones.

use sha2::{Digest as _, Sha256};
use std::path::{Path, PathBuf};

macro_rules! ui_locale {
    ($tag:literal) => {
        (
            $tag,
            include_str!(concat!("../../../locales/", $tag, "/widget.ftl")),
            include_str!(concat!("../../../locales/", $tag, "/help.ftl")),
        )
    };
}

/// The widget's and the help module's texts in every UI locale but English (which both
/// modules carry): `(tag, widget.ftl, help.ftl)`. The widget fetches the one it needs.
pub const UI_LOCALES: &[(&str, &str, &str)] = &[
    ui_locale!("zh-CN"),
    ui_locale!("zh-TW"),
    ui_locale!("ja"),
    ui_locale!("ko"),
    ui_locale!("es"),
    ui_locale!("fr"),
    ui_locale!("ar"),
];

/// A UI locale's texts as the widget fetches them: one Fluent file, named by its content hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocaleFile {
    pub tag: &'static str,
    /// `locale-<tag>-<hash>.ftl`, under `/widget/`.
    pub name: String,
    pub body: String,
}

impl LocaleFile {
    fn all() -> Vec<LocaleFile> {
        UI_LOCALES
            .iter()
            .map(|(tag, widget, help)| {
                let body = format!("{widget}\n{help}");
                let hash: String = Sha256::digest(body.as_bytes())[..6]
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                LocaleFile {
                    tag,
                    name: format!("locale-{tag}-{hash}.ftl"),
                    body,
                }
            })
            .collect()
    }
}

/// The hand-written loader; `__KEFU_MANIFEST__` is replaced by the manifest JSON.
const LOADER_SOURCE: &str = include_str!("../../../public/kefu.js");
const MANIFEST_PLACEHOLDER: &str = "__KEFU_MANIFEST__";

/// Files of the built widget, by their hashed names (relative to `/widget/`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    pub js: String,
    pub wasm: String,
    /// The FAQ module (`kefu-faq-*`), loaded by the widget when its panel opens.
    pub faq: Option<(String, String)>,
}

impl Manifest {
    /// Whether `name` is one of the built files this server may serve.
    pub fn has(&self, name: &str) -> bool {
        self.js == name
            || self.wasm == name
            || self
                .faq
                .as_ref()
                .is_some_and(|(js, wasm)| js == name || wasm == name)
    }
}

pub struct Assets {
    /// Trunk's output directory; `None` when the widget has not been built.
    pub dir: Option<PathBuf>,
    pub manifest: Option<Manifest>,
    /// The loader with the manifest filled in (or `null` when the widget is not built).
    pub loader: String,
    /// The UI locales' texts, served from memory.
    pub locales: Vec<LocaleFile>,
}

impl Assets {
    /// Reads `dir` for the newest `kefu-widget-*.js` / `kefu-widget-*_bg.wasm` pair.
    pub fn load(dir: &Path) -> Assets {
        let manifest = find_manifest(dir);
        let locales = LocaleFile::all();
        if manifest.is_none() {
            tracing::warn!(dir = %dir.display(), "no built widget found; run `cargo xtask run`");
        }
        let json = match &manifest {
            Some(m) => {
                let faq = match &m.faq {
                    Some((js, wasm)) => {
                        format!("{{\"js\":\"/widget/{js}\",\"wasm\":\"/widget/{wasm}\"}}")
                    }
                    None => "null".to_owned(),
                };
                let tags: Vec<String> = locales
                    .iter()
                    .map(|l| format!("\"{}\":\"/widget/{}\"", l.tag, l.name))
                    .collect();
                format!(
                    "{{\"js\":\"/widget/{}\",\"wasm\":\"/widget/{}\",\"faq\":{faq},\"locales\":{{{}}}}}",
                    m.js,
                    m.wasm,
                    tags.join(",")
                )
            }
            None => "null".to_owned(),
        };
        Assets {
            dir: manifest.as_ref().map(|_| dir.to_path_buf()),
            loader: LOADER_SOURCE.replace(MANIFEST_PLACEHOLDER, &json),
            manifest,
            locales,
        }
    }
}

/// The newest `PREFIX-*_bg.wasm` in `dir` that has its `.js` beside it: (js, wasm).
fn newest_pair(dir: &Path, prefix: &str) -> Option<(String, String)> {
    let mut newest: Option<(std::time::SystemTime, String)> = None;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(prefix) && name.ends_with("_bg.wasm") {
            let modified = entry.metadata().and_then(|m| m.modified()).ok()?;
            if newest.as_ref().is_none_or(|(t, _)| modified > *t) {
                newest = Some((modified, name));
            }
        }
    }
    let wasm = newest?.1;
    let js = format!("{}.js", wasm.strip_suffix("_bg.wasm")?);
    dir.join(&js).is_file().then_some((js, wasm))
}

fn find_manifest(dir: &Path) -> Option<Manifest> {
    let (js, wasm) = newest_pair(dir, "kefu-widget-")?;
    Some(Manifest {
        js,
        wasm,
        faq: newest_pair(dir, "kefu-faq-"),
    })
}
