//! Texts the server itself writes for people — alert e-mails (`email.ftl`) and why settings
//! were refused (`server.ftl`) — from Fluent, compiled in, in the language of the request.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use unic_langid::LanguageIdentifier;

/// One kind of text, in every language that has it; English first (the fallback).
pub type Sources = &'static [(&'static str, &'static str)];

pub const EMAIL: Sources = &[
    ("en", include_str!("../../../locales/en/email.ftl")),
    ("zh-CN", include_str!("../../../locales/zh-CN/email.ftl")),
    ("zh-TW", include_str!("../../../locales/zh-TW/email.ftl")),
    ("ja", include_str!("../../../locales/ja/email.ftl")),
    ("ko", include_str!("../../../locales/ko/email.ftl")),
    ("es", include_str!("../../../locales/es/email.ftl")),
    ("fr", include_str!("../../../locales/fr/email.ftl")),
    ("ar", include_str!("../../../locales/ar/email.ftl")),
];

pub const SERVER: Sources = &[
    ("en", include_str!("../../../locales/en/server.ftl")),
    ("zh-CN", include_str!("../../../locales/zh-CN/server.ftl")),
    ("zh-TW", include_str!("../../../locales/zh-TW/server.ftl")),
    ("ja", include_str!("../../../locales/ja/server.ftl")),
    ("ko", include_str!("../../../locales/ko/server.ftl")),
    ("es", include_str!("../../../locales/es/server.ftl")),
    ("fr", include_str!("../../../locales/fr/server.ftl")),
    ("ar", include_str!("../../../locales/ar/server.ftl")),
];

/// Message `key` of `sources` in `locale` (English when that locale has no texts), without
/// Unicode isolation marks; the key itself if no language has it.
pub fn render(locale: &str, sources: Sources, key: &str, args: &[(&str, String)]) -> String {
    for (tag, text) in [locale, "en"]
        .iter()
        .filter_map(|l| sources.iter().find(|(t, _)| t == l))
    {
        let mut bundle = FluentBundle::new_concurrent(vec![tag.parse().unwrap_or_default()]);
        bundle.set_use_isolating(false);
        let res = FluentResource::try_new((*text).to_owned()).unwrap_or_else(|(r, _)| r);
        let _ = bundle.add_resource(res);
        if let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) {
            let mut fa = FluentArgs::new();
            for (k, v) in args {
                fa.set(*k, v.clone());
            }
            let mut errors = vec![];
            return bundle
                .format_pattern(pattern, Some(&fa), &mut errors)
                .into_owned();
        }
    }
    key.to_owned()
}

/// `preferences` (most preferred first) with Chinese replaced by its fallback chain: a
/// Traditional reader (zh-Hant, zh-TW, zh-HK, zh-MO) by zh-TW then zh-CN, anyone else reading
/// Chinese by zh-CN then zh-TW, so zh-HK finds zh-TW before zh-CN and either before a default.
/// A Chinese tag that `available` has exactly stays first.
pub fn with_chinese_chain(
    preferences: &[LanguageIdentifier],
    available: &[LanguageIdentifier],
) -> Vec<LanguageIdentifier> {
    let mut out: Vec<LanguageIdentifier> = vec![];
    for p in preferences {
        let mut chain = vec![];
        if p.language.as_str() == "zh" {
            if available.contains(p) {
                chain.push(p.clone());
            }
            let tag = p.to_string().to_ascii_lowercase();
            let traditional = ["hant", "tw", "hk", "mo"]
                .iter()
                .any(|s| tag.split('-').any(|part| part == *s));
            let order = if traditional {
                ["zh-TW", "zh-CN"]
            } else {
                ["zh-CN", "zh-TW"]
            };
            chain.extend(order.iter().filter_map(|t| t.parse().ok()));
        } else {
            chain.push(p.clone());
        }
        for l in chain {
            if !out.contains(&l) {
                out.push(l);
            }
        }
    }
    out
}

/// The best of `sources`' languages for an `Accept-Language` header; English by default.
pub fn locale_for(accept_language: &str, sources: Sources) -> &'static str {
    let requested: Vec<LanguageIdentifier> = accept_language
        .split(',')
        .filter_map(|p| p.split(';').next()?.trim().parse().ok())
        .collect();
    let available: Vec<LanguageIdentifier> =
        sources.iter().filter_map(|(t, _)| t.parse().ok()).collect();
    let requested = with_chinese_chain(&requested, &available);
    let en: LanguageIdentifier = "en".parse().unwrap_or_default();
    let chosen = fluent_langneg::negotiate_languages(
        &requested,
        &available,
        Some(&en),
        fluent_langneg::NegotiationStrategy::Lookup,
    );
    let tag = chosen.first().map(|l| l.to_string()).unwrap_or_default();
    sources
        .iter()
        .find(|(t, _)| *t == tag)
        .map_or("en", |(t, _)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_in_the_requested_language_with_arguments() {
        let args = [("value", "Mars/Olympus".to_owned())];
        assert_eq!(
            render("zh-CN", SERVER, "site-not-time-zone", &args),
            "“Mars/Olympus”不是时区，应类似 Asia/Shanghai。"
        );
        assert_eq!(
            render("fr", SERVER, "site-not-time-zone", &args),
            "«\u{a0}Mars/Olympus\u{a0}» n’est pas un fuseau horaire comme Europe/Paris."
        );
        // A language Kefu does not speak gets English.
        assert_eq!(
            render("de", SERVER, "site-not-time-zone", &args),
            "“Mars/Olympus” is not a time zone like Asia/Shanghai."
        );
        assert_eq!(locale_for("zh-CN,zh;q=0.9,en;q=0.8", EMAIL), "zh-CN");
        assert_eq!(locale_for("zh", SERVER), "zh-CN");
        assert_eq!(locale_for("fr-FR,fr;q=0.9", EMAIL), "fr");
        assert_eq!(locale_for("de-DE,de;q=0.9", EMAIL), "en");
        // Hong Kong reads Traditional characters.
        assert_eq!(locale_for("zh-HK,en;q=0.5", EMAIL), "zh-TW");
        assert_eq!(locale_for("ar-SA", SERVER), "ar");
    }

    #[test]
    fn chinese_falls_back_by_script_before_anything_else() {
        let tags = |prefs: &[&str]| -> Vec<String> {
            let p: Vec<LanguageIdentifier> = prefs.iter().map(|t| t.parse().unwrap()).collect();
            let hk: LanguageIdentifier = "zh-HK".parse().unwrap();
            with_chinese_chain(&p, &[hk])
                .iter()
                .map(|l| l.to_string())
                .collect()
        };
        assert_eq!(tags(&["zh-HK", "en"]), ["zh-HK", "zh-TW", "zh-CN", "en"]);
        assert_eq!(tags(&["zh-Hant"]), ["zh-TW", "zh-CN"]);
        assert_eq!(tags(&["zh-SG"]), ["zh-CN", "zh-TW"]);
        assert_eq!(tags(&["ja", "zh-CN"]), ["ja", "zh-CN", "zh-TW"]);
    }
}
