//! `GET /api/v1/sites/{site}/widget-config`: everything the widget needs to draw itself.

use kefu_schedule::{Date, Hours};
use serde::{Deserialize, Serialize};

/// The widget's configuration for one site, with content in one locale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WidgetConfig {
    /// The site's id, as in `data-site`.
    pub site: String,
    /// The site's display name, in `locale`.
    pub name: String,
    /// The content locale served: the best match between the visitor's preferences and
    /// `locales`, else `default_locale`.
    pub locale: String,
    /// Locales the site has content in.
    pub locales: Vec<String>,
    pub default_locale: String,
    /// Greeting at the top of the panel, in `locale` (or the default locale when missing).
    pub greeting: String,
    pub modules: Modules,
    pub theme: Theme,
    /// The launcher's text in `locale`, when the site sets one; else the widget's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launcher_label: Option<String>,
    /// `#ffffff` or `#111111`: whichever contrasts more with `theme.brand_color` (WCAG), for
    /// text and icons drawn on the brand colour. Computed by the server.
    pub on_brand_color: String,
    pub schedule: SiteSchedule,
    /// Contact channels in display order.
    pub channels: Vec<Channel>,
    /// The texts above not written in `locale`, shown in `default_locale` instead: `name`,
    /// `greeting`, `launcher_label`, and `channel:<id>` for a channel's label. The widget marks
    /// them (their `lang`, and a note).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fallback: Vec<String>,
}

impl WidgetConfig {
    /// The language `part` (an entry of `fallback`'s kind) is written in.
    pub fn lang_of(&self, part: &str) -> String {
        if self.fallback.iter().any(|f| f == part) {
            self.default_locale.clone()
        } else {
            self.locale.clone()
        }
    }
}

/// Modules switched on for the site (R10).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Modules {
    pub contact: bool,
    pub faq: bool,
    pub feedback: bool,
    pub chat: bool,
    pub surveys: bool,
}

impl Default for Modules {
    fn default() -> Self {
        Modules {
            contact: true,
            faq: false,
            feedback: false,
            chat: false,
            surveys: false,
        }
    }
}

/// Where the launcher sits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    #[default]
    Right,
    Left,
}

/// The site's look; the widget turns it into `--kefu-*` custom properties.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// `#rrggbb`
    pub brand_color: String,
    pub position: Position,
    pub z_index: i32,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            brand_color: "#0b5cad".into(),
            position: Position::Right,
            z_index: 2_147_483_000,
        }
    }
}

/// `#rrggbb` → WCAG relative luminance, or `None`.
pub fn relative_luminance(hex: &str) -> Option<f64> {
    let h = hex.strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let channel = |i: usize| -> Option<f64> {
        let v = f64::from(u8::from_str_radix(h.get(i..i + 2)?, 16).ok()?) / 255.0;
        Some(if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        })
    };
    Some(0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?)
}

/// WCAG contrast ratio of two `#rrggbb` colours (1 to 21).
pub fn contrast_ratio(a: &str, b: &str) -> Option<f64> {
    let (la, lb) = (relative_luminance(a)?, relative_luminance(b)?);
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    Some((hi + 0.05) / (lo + 0.05))
}

/// White or near-black text, whichever reads better on `brand`.
pub fn text_color_on(brand: &str) -> &'static str {
    let white = contrast_ratio(brand, "#ffffff").unwrap_or(21.0);
    let dark = contrast_ratio(brand, "#111111").unwrap_or(1.0);
    if white >= dark {
        "#ffffff"
    } else {
        "#111111"
    }
}

/// The site's calendar: its time zone and the dates it is closed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteSchedule {
    /// IANA name, e.g. `Asia/Shanghai`.
    pub time_zone: String,
    pub holidays: Vec<Holiday>,
}

/// A local date on which all channels with weekly hours are closed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    pub date: Date,
    /// In the config's locale; may be empty.
    #[serde(default)]
    pub name: String,
}

/// What kind of contact a channel is; decides its icon and link scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    Phone,
    Email,
    Chat,
    Wechat,
    Whatsapp,
    Telegram,
    Line,
    Kakao,
    Link,
}

impl ChannelKind {
    pub const ALL: [ChannelKind; 9] = [
        ChannelKind::Phone,
        ChannelKind::Email,
        ChannelKind::Chat,
        ChannelKind::Wechat,
        ChannelKind::Whatsapp,
        ChannelKind::Telegram,
        ChannelKind::Line,
        ChannelKind::Kakao,
        ChannelKind::Link,
    ];

    /// The promised response time when the site sets none (R3: chat 30 s, phone 1 min).
    pub fn default_response_secs(self) -> Option<u32> {
        match self {
            ChannelKind::Chat => Some(30),
            ChannelKind::Phone => Some(60),
            ChannelKind::Email => Some(24 * 3600),
            ChannelKind::Wechat
            | ChannelKind::Whatsapp
            | ChannelKind::Telegram
            | ChannelKind::Line
            | ChannelKind::Kakao => Some(3600),
            ChannelKind::Link => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Phone => "phone",
            ChannelKind::Email => "email",
            ChannelKind::Chat => "chat",
            ChannelKind::Wechat => "wechat",
            ChannelKind::Whatsapp => "whatsapp",
            ChannelKind::Telegram => "telegram",
            ChannelKind::Line => "line",
            ChannelKind::Kakao => "kakao",
            ChannelKind::Link => "link",
        }
    }
}

/// One way to reach the site.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Channel {
    pub id: String,
    pub kind: ChannelKind,
    /// In the config's locale.
    pub label: String,
    /// What the visitor reads: a phone number, an address, an account name.
    pub value: String,
    /// Where activating the channel goes: `tel:`, `mailto:` or `https:` only (checked by the
    /// server). `None` for chat (opened inside the widget) and QR-only channels.
    pub href: Option<String>,
    /// Absolute URL of a QR code image (WeChat and other apps scanned from a phone).
    pub qr_url: Option<String>,
    /// Promised response time in seconds (R3).
    pub response_secs: Option<u32>,
    /// Staffed hours, already resolved against the site's schedule.
    pub hours: Hours,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_on_the_brand_colour_is_the_more_readable_of_white_and_dark() {
        assert_eq!(text_color_on("#0b5cad"), "#ffffff");
        assert_eq!(text_color_on("#ffd400"), "#111111");
        assert_eq!(text_color_on("#000000"), "#ffffff");
        let r = contrast_ratio("#000000", "#ffffff").unwrap();
        assert!((r - 21.0).abs() < 1e-9);
        assert_eq!(relative_luminance("blue"), None);
    }
}
