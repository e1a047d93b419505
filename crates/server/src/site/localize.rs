//! Turns a site document into the widget config for a visitor's preferred languages.

use super::file::{ChannelHours, Localized, SiteFile};
use kefu_api::{Channel, Holiday, Hours, SiteSchedule, WidgetConfig, API_PREFIX};
use unic_langid::LanguageIdentifier;

/// Picks the site locale that best serves `preferences` (most preferred first), falling back
/// to the site's default: `zh-HK` finds `zh-TW`, then `zh-CN`, before the default; `en-GB`
/// finds `en`.
pub fn negotiate(site: &SiteFile, preferences: &[LanguageIdentifier]) -> String {
    let available: Vec<LanguageIdentifier> =
        site.locales.iter().filter_map(|l| l.parse().ok()).collect();
    let default: LanguageIdentifier = site
        .default_locale
        .parse()
        .unwrap_or_else(|_| LanguageIdentifier::default());
    let preferences = crate::i18n::with_chinese_chain(preferences, &available);
    let chosen = fluent_langneg::negotiate_languages(
        &preferences,
        &available,
        Some(&default),
        fluent_langneg::NegotiationStrategy::Lookup,
    );
    chosen
        .first()
        .map(|l| l.to_string())
        .unwrap_or_else(|| site.default_locale.clone())
}

fn pick(map: &Localized, locale: &str, default: &str) -> String {
    map.get(locale)
        .or_else(|| map.get(default))
        .cloned()
        .unwrap_or_default()
}

/// Whether `map` has no text in `locale` but has one in `default` (which is then shown).
fn falls_back(map: &Localized, locale: &str, default: &str) -> bool {
    let written = |l: &str| map.get(l).is_some_and(|t| !t.trim().is_empty());
    locale != default && !written(locale) && written(default)
}

/// The config in one locale; text missing in it falls back to the default locale, and is
/// listed in `fallback`.
pub fn widget_config(site: &SiteFile, locale: &str) -> WidgetConfig {
    let d = site.default_locale.as_str();
    let mut fallback: Vec<String> = [
        ("name", &site.name),
        ("greeting", &site.greeting),
        ("launcher_label", &site.theme.launcher_label),
    ]
    .into_iter()
    .filter(|(_, map)| falls_back(map, locale, d))
    .map(|(part, _)| part.to_owned())
    .collect();
    fallback.extend(
        site.channels
            .iter()
            .filter(|ch| falls_back(&ch.label, locale, d))
            .map(|ch| format!("channel:{}", ch.id)),
    );
    let channels = site
        .channels
        .iter()
        .map(|ch| Channel {
            id: ch.id.clone(),
            kind: ch.kind,
            label: pick(&ch.label, locale, d),
            value: ch.value.clone(),
            href: SiteFile::channel_href(ch),
            qr_url: ch
                .qr
                .as_ref()
                .map(|_| format!("{API_PREFIX}/sites/{}/channels/{}/qr.svg", site.id, ch.id)),
            response_secs: ch.response_secs.or_else(|| ch.kind.default_response_secs()),
            hours: match &ch.hours {
                ChannelHours::Site => Hours::Weekly(site.schedule.weekly.clone()),
                ChannelHours::Always => Hours::Always,
                ChannelHours::Weekly(w) => Hours::Weekly(w.clone()),
            },
        })
        .collect();
    WidgetConfig {
        site: site.id.clone(),
        name: pick(&site.name, locale, d),
        locale: locale.to_owned(),
        locales: site.locales.clone(),
        default_locale: site.default_locale.clone(),
        greeting: pick(&site.greeting, locale, d),
        modules: site.modules,
        theme: site.theme.wire(),
        launcher_label: (!site.theme.launcher_label.is_empty())
            .then(|| pick(&site.theme.launcher_label, locale, d))
            .filter(|l| !l.is_empty()),
        on_brand_color: kefu_api::text_color_on(&site.theme.brand_color).to_owned(),
        schedule: SiteSchedule {
            time_zone: site.time_zone.clone(),
            holidays: site
                .schedule
                .holidays
                .iter()
                .map(|h| Holiday {
                    date: h.date,
                    name: pick(&h.name, locale, d),
                })
                .collect(),
        },
        channels,
        fallback,
    }
}

/// Whether the site's chat channel is within its opening hours at `now` (a site without a chat
/// channel in its list keeps no hours for chat: always).
pub fn chat_open_at(site: &SiteFile, now: i64) -> bool {
    let Some(ch) = site
        .channels
        .iter()
        .find(|c| c.kind == kefu_api::ChannelKind::Chat)
    else {
        return true;
    };
    let hours = match &ch.hours {
        ChannelHours::Site => Hours::Weekly(site.schedule.weekly.clone()),
        ChannelHours::Always => return true,
        ChannelHours::Weekly(w) => Hours::Weekly(w.clone()),
    };
    let Ok(tz) = site.time_zone.parse::<chrono_tz::Tz>() else {
        return true;
    };
    let holidays: Vec<_> = site.schedule.holidays.iter().map(|h| h.date).collect();
    kefu_schedule::status(&hours, &holidays, &crate::tickets::due::TzZone(tz), now).is_open()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefs(tags: &[&str]) -> Vec<LanguageIdentifier> {
        tags.iter().map(|t| t.parse().unwrap()).collect()
    }

    #[test]
    fn content_falls_back_from_hong_kong_to_taiwan_then_mainland_then_the_default() {
        let mut site = super::super::demo_site(&[]);
        site.locales = vec!["en".into(), "zh-CN".into(), "zh-TW".into()];
        assert_eq!(negotiate(&site, &prefs(&["zh-HK"])), "zh-TW");
        assert_eq!(negotiate(&site, &prefs(&["zh-Hans-SG"])), "zh-CN");
        site.locales = vec!["en".into(), "zh-CN".into()];
        assert_eq!(negotiate(&site, &prefs(&["zh-HK"])), "zh-CN");
        site.locales = vec!["en".into()];
        assert_eq!(negotiate(&site, &prefs(&["zh-HK"])), "en");
    }

    #[test]
    fn texts_missing_in_the_locale_are_listed_as_fallback() {
        let mut site = super::super::demo_site(&[]);
        site.locales.push("fr".into());
        site.greeting.insert("fr".into(), "Bonjour !".into());
        site.channels[1]
            .label
            .insert("fr".into(), "Téléphone".into());
        let fr = widget_config(&site, "fr");
        assert_eq!(fr.greeting, "Bonjour !");
        assert!(!fr.fallback.contains(&"greeting".to_owned()));
        // The name and every other channel label are still English, and marked so.
        assert!(fr.fallback.contains(&"name".to_owned()));
        assert_eq!(fr.lang_of("name"), "en");
        let phone = format!("channel:{}", site.channels[1].id);
        assert!(!fr.fallback.contains(&phone));
        assert_eq!(fr.lang_of(&phone), "fr");
        let first = format!("channel:{}", site.channels[0].id);
        assert_eq!(fr.lang_of(&first), "en");
        // No launcher text is set, so none is a fallback.
        assert!(!fr.fallback.contains(&"launcher_label".to_owned()));
        // The demo site is written whole in each of its languages; the default never falls back.
        for locale in ["en", "zh-CN", "ja", "ko"] {
            assert_eq!(
                widget_config(&site, locale).fallback,
                Vec::<String>::new(),
                "{locale}"
            );
        }
    }
}
