//! A site's terms of service and privacy notice (R1), without HTTP or SQL: a draft is checked
//! against the site (languages, lengths, a summary of changes from the second version on), its
//! Markdown rendered and sanitized once when published (`crate::faq::markdown`), and a
//! published version picked for a visitor's languages along the same chain as the rest of the
//! site's content (zh-HK → zh-TW → zh-CN → the site's default), marked when it is a fallback.

use crate::faq::markdown;
use crate::site::file::{err, problem, SiteFile, SiteFileError};
use crate::store::TermsRow;
use kefu_api::{PublishedTerms, SiteTerms, TermsDraft, TermsText, TermsVersionSummary};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use unic_langid::LanguageIdentifier;

/// Bytes of Markdown in one document (terms or privacy notice) in one language.
pub const MAX_DOCUMENT: usize = 100_000;
/// Characters in a summary of changes.
pub const MAX_CHANGES: usize = 1_000;

/// One language of a published version as stored: the Markdown and its rendered HTML.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Stored {
    terms: String,
    privacy: String,
    changes: String,
    terms_html: String,
    privacy_html: String,
}

/// Checks `draft` against the site; `next_version` is the number it would get (a summary of
/// changes in the default language is required from 2 on). Errors name the field
/// (`texts.fr.privacy`).
pub fn validate(
    draft: &TermsDraft,
    site: &SiteFile,
    next_version: u32,
) -> Result<(), SiteFileError> {
    let default = site.default_locale.as_str();
    if !draft.texts.contains_key(default) {
        return Err(err(
            format!("texts.{default}.terms"),
            problem("site-needs-default", &[("locale", &default)]),
        ));
    }
    for (locale, text) in &draft.texts {
        if !site.locales.contains(locale) {
            return Err(err(
                format!("texts.{locale}"),
                problem("site-locale-not-listed", &[("value", locale)]),
            ));
        }
        for (name, doc) in [("terms", &text.terms), ("privacy", &text.privacy)] {
            if doc.trim().is_empty() {
                return Err(err(
                    format!("texts.{locale}.{name}"),
                    problem("terms-text-missing", &[]),
                ));
            }
            if doc.len() > MAX_DOCUMENT {
                return Err(err(
                    format!("texts.{locale}.{name}"),
                    problem("terms-length", &[("max", &MAX_DOCUMENT)]),
                ));
            }
        }
        if text.changes.chars().count() > MAX_CHANGES {
            return Err(err(
                format!("texts.{locale}.changes"),
                problem("site-length", &[("max", &MAX_CHANGES)]),
            ));
        }
    }
    if next_version > 1 && draft.texts[default].changes.trim().is_empty() {
        return Err(err(
            format!("texts.{default}.changes"),
            problem("terms-changes-missing", &[("version", &(next_version - 1))]),
        ));
    }
    Ok(())
}

/// The draft's texts with their HTML, as the store keeps them (JSON).
pub fn render(draft: &TermsDraft) -> String {
    let texts: BTreeMap<&String, Stored> = draft
        .texts
        .iter()
        .map(|(locale, t)| {
            (
                locale,
                Stored {
                    terms: t.terms.clone(),
                    privacy: t.privacy.clone(),
                    changes: t.changes.trim().to_owned(),
                    terms_html: markdown::render(&t.terms),
                    privacy_html: markdown::render(&t.privacy),
                },
            )
        })
        .collect();
    serde_json::to_string(&texts).unwrap_or_default()
}

fn texts_of(row: &TermsRow) -> anyhow::Result<BTreeMap<String, Stored>> {
    Ok(serde_json::from_str(&row.texts)?)
}

/// A stored version as the console reads it (the Markdown, not the HTML).
pub fn published(row: &TermsRow) -> anyhow::Result<PublishedTerms> {
    Ok(PublishedTerms {
        version: row.version,
        published_at: row.published_at,
        published_by: row.published_by.clone(),
        require_acceptance: row.require_acceptance,
        texts: texts_of(row)?
            .into_iter()
            .map(|(l, s)| {
                (
                    l,
                    TermsText {
                        terms: s.terms,
                        privacy: s.privacy,
                        changes: s.changes,
                    },
                )
            })
            .collect(),
    })
}

/// One line of the history.
pub fn summary(row: &TermsRow, acceptances: u64) -> anyhow::Result<TermsVersionSummary> {
    Ok(TermsVersionSummary {
        version: row.version,
        published_at: row.published_at,
        published_by: row.published_by.clone(),
        require_acceptance: row.require_acceptance,
        locales: texts_of(row)?.into_keys().collect(),
        acceptances,
    })
}

/// The version for a visitor who prefers `preferences` (most preferred first): the site
/// language they would get for the rest of the content if the version is written in it,
/// otherwise the nearest written one along the Chinese chain, then the site's default
/// (`fallback` set).
pub fn for_visitor(
    row: &TermsRow,
    site: &SiteFile,
    preferences: &[LanguageIdentifier],
) -> anyhow::Result<SiteTerms> {
    let mut texts = texts_of(row)?;
    let wanted = crate::site::localize::negotiate(site, preferences);
    let locale = if texts.contains_key(&wanted) {
        wanted.clone()
    } else {
        let available: Vec<LanguageIdentifier> =
            texts.keys().filter_map(|l| l.parse().ok()).collect();
        let chain = crate::i18n::with_chinese_chain(preferences, &available);
        fluent_langneg::negotiate_languages(
            &chain,
            &available,
            None,
            fluent_langneg::NegotiationStrategy::Lookup,
        )
        .first()
        .map(|l| l.to_string())
        .filter(|l| texts.contains_key(l))
        .unwrap_or_else(|| site.default_locale.clone())
    };
    // A translation that leaves out the summary of changes borrows the default language's.
    let default_changes = texts
        .get(&site.default_locale)
        .map(|t| t.changes.clone())
        .unwrap_or_default();
    let mut text = texts
        .remove(&locale)
        .or_else(|| texts.into_values().next())
        .ok_or_else(|| anyhow::anyhow!("terms version {} has no texts", row.version))?;
    if text.changes.is_empty() {
        text.changes = default_changes;
    }
    Ok(SiteTerms {
        version: row.version,
        published_at: row.published_at,
        require_acceptance: row.require_acceptance,
        fallback: locale != wanted,
        locale,
        terms: text.terms_html,
        privacy: text.privacy_html,
        changes: text.changes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> SiteFile {
        let mut s = crate::site::demo_site(&[]);
        s.locales = vec!["en".into(), "zh-CN".into(), "zh-TW".into(), "fr".into()];
        s.default_locale = "en".into();
        s
    }

    fn text(terms: &str) -> TermsText {
        TermsText {
            terms: terms.into(),
            privacy: "We keep your messages for 90 days.".into(),
            changes: String::new(),
        }
    }

    fn draft(locales: &[&str]) -> TermsDraft {
        TermsDraft {
            require_acceptance: true,
            texts: locales
                .iter()
                .map(|l| (l.to_string(), text(&format!("Terms in {l}"))))
                .collect(),
        }
    }

    fn row(d: &TermsDraft) -> TermsRow {
        TermsRow {
            version: 1,
            published_at: 0,
            published_by: "a@example.com".into(),
            require_acceptance: d.require_acceptance,
            texts: render(d),
        }
    }

    #[test]
    fn a_draft_needs_the_default_language_and_known_ones() {
        let e = validate(&draft(&["fr"]), &site(), 1).unwrap_err();
        assert_eq!(e.field, "texts.en.terms");
        let e = validate(&draft(&["en", "de"]), &site(), 1).unwrap_err();
        assert_eq!(e.field, "texts.de");
        let mut d = draft(&["en"]);
        d.texts.get_mut("en").unwrap().privacy = " ".into();
        assert_eq!(
            validate(&d, &site(), 1).unwrap_err().field,
            "texts.en.privacy"
        );
        assert!(validate(&draft(&["en", "fr"]), &site(), 1).is_ok());
    }

    #[test]
    fn a_second_version_says_what_changed() {
        let mut d = draft(&["en"]);
        let e = validate(&d, &site(), 2).unwrap_err();
        assert_eq!(e.field, "texts.en.changes");
        assert!(e.message.contains('1'), "{}", e.message);
        d.texts.get_mut("en").unwrap().changes = "Chats are now kept 90 days.".into();
        assert!(validate(&d, &site(), 2).is_ok());
    }

    #[test]
    fn a_translation_without_a_summary_of_changes_borrows_the_default_one() {
        let mut d = draft(&["en", "zh-CN"]);
        d.texts.get_mut("en").unwrap().changes = "Chats are now kept 90 days.".into();
        let zh = for_visitor(&row(&d), &site(), &["zh-CN".parse().unwrap()]).unwrap();
        assert_eq!(zh.locale, "zh-CN");
        assert_eq!(zh.changes, "Chats are now kept 90 days.");
    }

    #[test]
    fn markdown_is_rendered_and_cleaned() {
        let mut d = draft(&["en"]);
        d.texts.get_mut("en").unwrap().terms =
            "## Fees\n\nNone. <script>alert(1)</script> [x](javascript:alert(1))".into();
        let t = for_visitor(&row(&d), &site(), &["en".parse().unwrap()]).unwrap();
        assert!(t.terms.contains("<h4>Fees</h4>"), "{}", t.terms);
        assert!(!t.terms.contains("<script"), "{}", t.terms);
        assert!(!t.terms.contains("javascript:"), "{}", t.terms);
    }

    #[test]
    fn visitors_get_their_language_or_the_nearest_marked_as_fallback() {
        let r = row(&draft(&["en", "zh-CN", "fr"]));
        let get = |tag: &str| for_visitor(&r, &site(), &[tag.parse().unwrap()]).unwrap();
        let fr = get("fr-CA");
        assert_eq!((fr.locale.as_str(), fr.fallback), ("fr", false));
        assert!(fr.terms.contains("Terms in fr"));
        // The site has zh-TW but the terms do not: zh-HK reads zh-CN, marked.
        let hk = get("zh-HK");
        assert_eq!((hk.locale.as_str(), hk.fallback), ("zh-CN", true));
        let ja = get("ja");
        assert_eq!((ja.locale.as_str(), ja.fallback), ("en", false));
        let r = row(&draft(&["en"]));
        let tw = for_visitor(&r, &site(), &["zh-TW".parse().unwrap()]).unwrap();
        assert_eq!((tw.locale.as_str(), tw.fallback), ("en", true));
    }
}
