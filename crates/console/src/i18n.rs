//! Console strings from Fluent (`locales/<lang>/console.ftl`), English as the fallback.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

const SOURCES: &[(&str, &str)] = &[
    ("en", include_str!("../../../locales/en/console.ftl")),
    ("zh-CN", include_str!("../../../locales/zh-CN/console.ftl")),
    ("zh-TW", include_str!("../../../locales/zh-TW/console.ftl")),
    ("ja", include_str!("../../../locales/ja/console.ftl")),
    ("ko", include_str!("../../../locales/ko/console.ftl")),
    ("es", include_str!("../../../locales/es/console.ftl")),
    ("fr", include_str!("../../../locales/fr/console.ftl")),
    ("ar", include_str!("../../../locales/ar/console.ftl")),
];

thread_local! {
    static BUNDLES: Vec<(String, FluentBundle<FluentResource>)> = SOURCES
        .iter()
        .filter_map(|(tag, src)| {
            let lang: LanguageIdentifier = tag.parse().ok()?;
            let res = FluentResource::try_new((*src).to_owned()).unwrap_or_else(|(r, _)| r);
            let mut b = FluentBundle::new(vec![lang]);
            b.set_use_isolating(false);
            b.add_resource(res).ok()?;
            Some(((*tag).to_owned(), b))
        })
        .collect();
}

/// `rtl` for a right-to-left language, else `ltr`.
pub fn direction(tag: &str) -> &'static str {
    if ["ar", "fa", "he", "ur"].contains(&tag.split('-').next().unwrap_or_default()) {
        "rtl"
    } else {
        "ltr"
    }
}

/// The browser's best match among the console's locales.
pub fn browser_locale() -> String {
    let prefs: Vec<LanguageIdentifier> = web_sys::window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|v| v.as_string()?.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let available: Vec<LanguageIdentifier> =
        SOURCES.iter().filter_map(|(t, _)| t.parse().ok()).collect();
    let en: LanguageIdentifier = "en".parse().unwrap_or_default();
    fluent_langneg::negotiate_languages(
        &prefs,
        &available,
        Some(&en),
        fluent_langneg::NegotiationStrategy::Lookup,
    )
    .first()
    .map(|l| l.to_string())
    .unwrap_or_else(|| "en".into())
}

pub fn t(locale: &str, key: &str) -> String {
    t_args(locale, key, &[])
}

pub fn t_args(locale: &str, key: &str, args: &[(&str, String)]) -> String {
    let mut fargs = FluentArgs::new();
    for (k, v) in args {
        // Digits are a number to Fluent, so plural rules apply ("One urgent request").
        fargs.set(*k, FluentValue::try_number(v.as_str()));
    }
    BUNDLES.with(|bundles| {
        for tag in [locale, "en"] {
            if let Some((_, b)) = bundles.iter().find(|(t, _)| t == tag) {
                if let Some(p) = b.get_message(key).and_then(|m| m.value()) {
                    let mut errors = vec![];
                    return b.format_pattern(p, Some(&fargs), &mut errors).into_owned();
                }
            }
        }
        key.to_owned()
    })
}
