//! Every visible string comes from Fluent (`locales/<lang>/widget.ftl`). English is compiled
//! into the widget (and is the fallback); every other locale's texts (the widget's and the help
//! module's, one file named by its hash) are fetched from the Kefu server when a visitor needs
//! them, so adding a language costs the widget's download nothing. A key missing in a locale
//! falls back to English; the locale key-parity test keeps that from happening in practice.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;
use wasm_bindgen::JsValue;

/// The English texts, compiled in.
const ENGLISH: &str = include_str!("../locales/en/widget.ftl");

/// Right-to-left languages (their primary subtag).
const RTL: &[&str] = &["ar", "fa", "he", "ur"];

pub struct I18n {
    bundles: Vec<(String, FluentBundle<FluentResource>)>,
    /// Every UI locale the server offers, English first.
    offered: Vec<String>,
}

thread_local! {
    static I18N: std::cell::RefCell<I18n> = std::cell::RefCell::new(I18n::new());
}

/// Adds messages in `tag` (Fluent source): the help module's English texts, handed over when it
/// loads, or a locale's texts fetched from the server.
pub fn add(tag: &str, ftl: &str) {
    let Ok(lang) = tag.parse::<LanguageIdentifier>() else {
        return;
    };
    // A syntax error drops only the broken messages; the parity test catches it.
    let res = FluentResource::try_new(ftl.to_owned()).unwrap_or_else(|(r, _)| r);
    I18N.with(|i| {
        let mut i = i.borrow_mut();
        if let Some((_, bundle)) = i.bundles.iter_mut().find(|(t, _)| t == tag) {
            bundle.add_resource_overriding(res);
        } else {
            let mut bundle = FluentBundle::new(vec![lang]);
            bundle.add_resource_overriding(res);
            i.bundles.push((tag.to_owned(), bundle));
        }
    });
}

/// The UI locales the server offers besides English (the loader's `locales`), whose texts the
/// loader's `texts(tag)` fetches.
pub fn offer(locales: &JsValue) {
    let offered = js_sys::Array::from(locales)
        .iter()
        .filter_map(|t| t.as_string())
        .collect();
    I18N.with(|i| i.borrow_mut().offered = offered);
}

/// Whether the texts of `tag` are here (English always is).
pub fn loaded(tag: &str) -> bool {
    I18N.with(|i| i.borrow().bundles.iter().any(|(t, _)| t == tag))
}

/// `rtl` for a right-to-left language, else `ltr`.
pub fn direction(tag: &str) -> &'static str {
    let primary = tag.get(..2).unwrap_or_default();
    if RTL.contains(&primary) && tag.get(2..3).is_none_or(|s| s == "-") {
        "rtl"
    } else {
        "ltr"
    }
}

impl I18n {
    fn new() -> I18n {
        let mut i = I18n {
            bundles: vec![],
            offered: vec![],
        };
        let res = FluentResource::try_new(ENGLISH.to_owned()).unwrap_or_else(|(r, _)| r);
        let mut bundle = FluentBundle::new(vec!["en".parse().unwrap_or_default()]);
        bundle.add_resource_overriding(res);
        i.bundles.push(("en".to_owned(), bundle));
        i
    }

    fn format(&self, locale: &str, key: &str, args: Option<&FluentArgs>) -> Option<String> {
        let (_, bundle) = self.bundles.iter().find(|(t, _)| t == locale)?;
        let msg = bundle.get_message(key)?;
        let pattern = msg.value()?;
        let mut errors = vec![];
        Some(
            bundle
                .format_pattern(pattern, args, &mut errors)
                .into_owned(),
        )
    }
}

/// The UI locales available, as tags, English first.
pub fn available() -> Vec<String> {
    I18N.with(|i| {
        let mut tags = i.borrow().offered.clone();
        tags.insert(0, "en".to_owned());
        tags
    })
}

/// Chinese by script: Hong Kong, Macau and Traditional read zh-TW; the rest zh-CN.
fn chinese_script(tag: &str) -> Option<&'static str> {
    let lower = tag.to_ascii_lowercase();
    let mut parts = lower.split(['-', '_']);
    if parts.next()? != "zh" {
        return None;
    }
    let traditional = parts.any(|p| matches!(p, "hant" | "tw" | "hk" | "mo"));
    Some(if traditional { "zh-TW" } else { "zh-CN" })
}

/// Best UI locale for `preferences` (most preferred first); `fallback` when nothing matches
/// (the site's default locale if the widget speaks it, else English).
pub fn negotiate(preferences: &[String], fallback: &str) -> String {
    let requested: Vec<LanguageIdentifier> = preferences
        .iter()
        .filter_map(|p| chinese_script(p).unwrap_or(p).parse().ok())
        .collect();
    let available = available();
    let supported: Vec<LanguageIdentifier> =
        available.iter().filter_map(|t| t.parse().ok()).collect();
    let default: LanguageIdentifier = if available.iter().any(|t| t == fallback) {
        fallback.parse().unwrap_or_default()
    } else {
        "en".parse().unwrap_or_default()
    };
    fluent_langneg::negotiate_languages(
        &requested,
        &supported,
        Some(&default),
        fluent_langneg::NegotiationStrategy::Lookup,
    )
    .first()
    .map(|l| l.to_string())
    .unwrap_or_else(|| "en".to_owned())
}

/// The message `key` in `locale`, English if missing there, the key itself if missing everywhere.
pub fn t(locale: &str, key: &str) -> String {
    t_args(locale, key, &[])
}

/// The message with arguments, e.g. `t_args("en", "duration-seconds", &[("n", 30.into())])`.
pub fn t_args(locale: &str, key: &str, args: &[(&str, Arg)]) -> String {
    let mut fargs = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Num(n) => fargs.set(*name, FluentValue::from(*n)),
            Arg::Str(s) => fargs.set(*name, FluentValue::from(s.clone())),
        }
    }
    let fargs = (!args.is_empty()).then_some(&fargs);
    I18N.with(|i| {
        let i = i.borrow();
        i.format(locale, key, fargs)
            .or_else(|| i.format("en", key, fargs))
            .unwrap_or_else(|| key.to_owned())
    })
}

/// A Fluent argument.
#[derive(Clone, Debug)]
pub enum Arg {
    Num(f64),
    Str(String),
}

impl From<u32> for Arg {
    fn from(n: u32) -> Arg {
        Arg::Num(f64::from(n))
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Str(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Str(s.to_owned())
    }
}

/// A reactive message: every call site shares this one closure type, which keeps the number
/// of monomorphised render effects (and so the wasm size) down.
pub fn tr(
    locale: leptos::prelude::Signal<String>,
    key: &'static str,
) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    use leptos::prelude::Get as _;
    move || t(&locale.get(), key)
}
