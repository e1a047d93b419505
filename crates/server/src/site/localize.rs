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

/// The config in one locale; text missing in it falls back to the default locale.
pub fn widget_config(site: &SiteFile, locale: &str) -> WidgetConfig {
    let d = site.default_locale.as_str();
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
}
