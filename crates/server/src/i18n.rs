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
];

pub const SERVER: Sources = &[
    ("en", include_str!("../../../locales/en/server.ftl")),
    ("zh-CN", include_str!("../../../locales/zh-CN/server.ftl")),
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

/// The best of `sources`' languages for an `Accept-Language` header; English by default.
pub fn locale_for(accept_language: &str, sources: Sources) -> &'static str {
    let requested: Vec<LanguageIdentifier> = accept_language
        .split(',')
        .filter_map(|p| p.split(';').next()?.trim().parse().ok())
        .collect();
    let available: Vec<LanguageIdentifier> =
        sources.iter().filter_map(|(t, _)| t.parse().ok()).collect();
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
            "“Mars/Olympus” is not a time zone like Asia/Shanghai."
        );
        assert_eq!(locale_for("zh-CN,zh;q=0.9,en;q=0.8", EMAIL), "zh-CN");
        assert_eq!(locale_for("zh", SERVER), "zh-CN");
        assert_eq!(locale_for("fr-FR,fr;q=0.9", EMAIL), "en");
    }
}
