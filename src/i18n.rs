//! Every visible string comes from Fluent (`locales/<lang>/widget.ftl`), compiled into the
//! widget. A key missing in a locale falls back to English; the locale key-parity test keeps
//! that from happening in practice.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// UI locales the widget ships, English first (the fallback).
pub const SOURCES: &[(&str, &str)] = &[
    ("en", include_str!("../locales/en/widget.ftl")),
    ("zh-CN", include_str!("../locales/zh-CN/widget.ftl")),
];

pub struct I18n {
    bundles: Vec<(String, FluentBundle<FluentResource>)>,
}

thread_local! {
    static I18N: std::cell::RefCell<I18n> = std::cell::RefCell::new(I18n::new());
}

/// Adds messages in `tag` (Fluent source) for the locales the widget speaks: the help module's
/// own texts, handed over when it loads so they are not part of the widget's download.
pub fn add(tag: &str, ftl: &str) {
    I18N.with(|i| {
        let mut i = i.borrow_mut();
        if let Some((_, bundle)) = i.bundles.iter_mut().find(|(t, _)| t == tag) {
            let res = FluentResource::try_new(ftl.to_owned()).unwrap_or_else(|(r, _)| r);
            let _ = bundle.add_resource(res);
        }
    });
}

impl I18n {
    fn new() -> I18n {
        let bundles = SOURCES
            .iter()
            .filter_map(|(tag, src)| {
                let lang: LanguageIdentifier = tag.parse().ok()?;
                // A syntax error drops only the broken messages; the parity test catches it.
                let res = FluentResource::try_new((*src).to_owned()).unwrap_or_else(|(r, _)| r);
                let mut bundle = FluentBundle::new(vec![lang]);
                bundle.add_resource(res).ok()?;
                Some(((*tag).to_owned(), bundle))
            })
            .collect();
        I18n { bundles }
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

/// The UI locales available, as tags.
pub fn available() -> Vec<&'static str> {
    SOURCES.iter().map(|(t, _)| *t).collect()
}

/// Best UI locale for `preferences` (most preferred first); `fallback` when nothing matches
/// (the site's default locale if the widget speaks it, else English).
pub fn negotiate(preferences: &[String], fallback: &str) -> String {
    let requested: Vec<LanguageIdentifier> =
        preferences.iter().filter_map(|p| p.parse().ok()).collect();
    let supported: Vec<LanguageIdentifier> =
        available().iter().filter_map(|t| t.parse().ok()).collect();
    let default: LanguageIdentifier = if available().contains(&fallback) {
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
