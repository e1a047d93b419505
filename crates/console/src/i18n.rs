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

/// The pseudo-locale (the tag Chromium and Android use for it): English accented and made 40%
/// longer, so a string outside Fluent or a label too narrow for a longer language shows at a
/// glance. Only a browser set to `en-XA` gets it.
const PSEUDO: &str = "en-XA";

const PLAIN: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ACCENTED: &str = "ȧƀƈḓḗƒɠħīĵķŀḿƞǿƥɋřşŧŭṽẇẋẏẑȦƁƇḒḖƑƓĦĪĴĶĿḾȠǾƤɊŘŞŦŬṼẆẊẎẐ";

/// Text outside `{ … }` accented, then `~` for 40% of its letters; placeables kept. The padding
/// goes before a placeable the line leaves open (a selector `{ $n ->` must end its line).
fn pseudo_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let (mut depth, mut letters) = (0usize, 0usize);
    let mut open_at = None;
    for c in text.chars() {
        if c == '{' {
            if depth == 0 {
                open_at = Some(out.len());
            }
            depth += 1;
        }
        match PLAIN.find(c).and_then(|i| ACCENTED.chars().nth(i)) {
            Some(a) if depth == 0 => {
                out.push(a);
                letters += 1;
            }
            _ => out.push(c),
        }
        if c == '}' {
            depth = depth.saturating_sub(1);
        }
    }
    let pad: String = std::iter::repeat_n('~', (letters * 2).div_ceil(5)).collect();
    match open_at {
        Some(at) if depth > 0 => out.insert_str(at, &pad),
        _ => out.push_str(&pad),
    }
    out
}

/// A Fluent file with the text of every message, attribute and variant made pseudo.
fn pseudo(ftl: &str) -> String {
    let mut out = String::with_capacity(ftl.len() * 2);
    for line in ftl.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        // Where the text starts: after `id = `, `.attr = `, `[variant] ` or the indentation.
        let head = if trimmed.is_empty() || trimmed.starts_with('#') {
            line.len()
        } else if indent.is_empty() || trimmed.starts_with('.') {
            line.find('=').map_or(line.len(), |i| i + 1)
        } else if trimmed.starts_with('[') || trimmed.starts_with("*[") {
            line.find(']').map_or(line.len(), |i| i + 1)
        } else {
            indent.len()
        };
        out.push_str(&line[..head]);
        out.push_str(&pseudo_text(&line[head..]));
        out.push('\n');
    }
    out
}

thread_local! {
    static BUNDLES: Vec<(String, FluentBundle<FluentResource>)> = SOURCES
        .iter()
        .map(|(tag, src)| (*tag, (*src).to_owned()))
        .chain([(PSEUDO, pseudo(SOURCES[0].1))])
        .filter_map(|(tag, src)| {
            let lang: LanguageIdentifier = tag.parse().ok()?;
            let res = FluentResource::try_new(src).unwrap_or_else(|(r, _)| r);
            let mut b = FluentBundle::new(vec![lang]);
            b.set_use_isolating(false);
            b.add_resource(res).ok()?;
            Some((tag.to_owned(), b))
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
    let available: Vec<LanguageIdentifier> = SOURCES
        .iter()
        .map(|(t, _)| *t)
        .chain([PSEUDO])
        .filter_map(|t| t.parse().ok())
        .collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudo_accents_text_and_keeps_ids_placeables_and_variants() {
        let ftl = "# A comment\nsign-in = Sign in to { $site }\n    .title = Go\nn = In { $n ->\n    [one] One day\n   *[other] { $n } days\n}\n";
        let p = pseudo(ftl);
        assert_eq!(
            p,
            "# A comment\nsign-in = Şīɠƞ īƞ ŧǿ { $site }~~~~\n    .title = Ɠǿ~\nn = Īƞ ~{ $n ->\n    [one] Ǿƞḗ ḓȧẏ~~~\n   *[other] { $n } ḓȧẏş~~\n}\n"
        );
        // The whole console file still parses, and a message reads accented and longer.
        let res = FluentResource::try_new(pseudo(SOURCES[0].1))
            .map_err(|(_, errors)| errors)
            .expect("pseudo console.ftl parses");
        let mut b = FluentBundle::new(vec![PSEUDO.parse::<LanguageIdentifier>().unwrap()]);
        b.set_use_isolating(false);
        b.add_resource(res).unwrap();
        let en = t("en", "nav-settings");
        let value = b
            .get_message("nav-settings")
            .and_then(|m| m.value())
            .unwrap();
        let x = b.format_pattern(value, None, &mut vec![]).into_owned();
        assert!(
            x.chars().count() > en.chars().count() * 13 / 10,
            "{en} → {x}"
        );
        assert!(!x.chars().any(|c| c.is_ascii_alphabetic()), "{x}");
    }
}
