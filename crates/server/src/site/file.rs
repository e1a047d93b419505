//! The site document: what `kefu site import` reads, `kefu site export` writes, and the store
//! keeps. Parsed into types at the edge (unknown fields refused), then checked as a whole;
//! every error names the field it is about, e.g. `channels[2].href`.

use kefu_api::{ChannelKind, Modules, Position, Priority, Theme, Weekly};
use kefu_schedule::Date;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::fmt;

/// Text per locale tag, e.g. `{ en = "Phone", zh-CN = "电话" }`.
pub type Localized = BTreeMap<String, String>;

const MAX_TEXT: usize = 500;
const MAX_CHANNELS: usize = 30;
const MAX_ORIGINS: usize = 50;
const MAX_HOLIDAYS: usize = 400;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    /// Lower-case letters, digits and `-`; what `data-site` names.
    pub id: String,
    pub name: Localized,
    pub default_locale: String,
    pub locales: Vec<String>,
    /// IANA time zone of the site's schedule.
    pub time_zone: String,
    /// Origins (`scheme://host[:port]`) whose pages may embed the widget.
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    #[serde(default)]
    pub modules: Modules,
    #[serde(default)]
    pub theme: ThemeFile,
    /// Every account working on this site must use two-step verification (R20).
    #[serde(default)]
    pub require_two_step: bool,
    pub greeting: Localized,
    pub schedule: ScheduleFile,
    #[serde(default)]
    pub channels: Vec<ChannelFile>,
    #[serde(default)]
    pub feedback: FeedbackFile,
    #[serde(default)]
    pub surveys: SurveysFile,
    #[serde(default)]
    pub chat: ChatFile,
}

/// Live chat (issue 6), when the `chat` module is on.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatFile {
    /// Ask the visitor's name before the chat starts.
    #[serde(default)]
    pub ask_name: bool,
    /// Ask the visitor's e-mail address before the chat starts.
    #[serde(default)]
    pub ask_email: bool,
    /// Refuse identity claims (`Kefu.identify`) whose signature is not valid (R4). Without
    /// it such claims are ignored: the visitor is treated as anonymous.
    #[serde(default)]
    pub require_identity: bool,
}

/// How the site handles feedback tickets (R13, R15, R16).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackFile {
    /// Working days from a submission to its published outcome (R15: 5).
    #[serde(default = "default_due_working_days")]
    pub due_working_days: u32,
    /// The weekdays the team works (`mon` … `sun`); the site's holidays are skipped too.
    #[serde(default = "default_working_days")]
    pub working_days: Vec<String>,
    /// Dates worked although they are not working weekdays (make-up days such as 调休).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_working_days: Vec<Date>,
    /// A visitor's reply reopens a resolved ticket within this many days.
    #[serde(default = "default_reopen_days")]
    pub reopen_days: u32,
    /// Where an e-mail goes when an urgent ticket arrives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert_email: Option<String>,
    /// No longer used: whether visitors must accept the site's terms is part of each published
    /// terms version (console → Terms). Still read, so older documents load.
    #[serde(default, skip_serializing)]
    pub require_consent: bool,
    /// The categories offered; bug, suggestion, complaint, question and other (in the widget's
    /// own words) when none are given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<CategoryFile>,
    /// Rules that set a new ticket's priority from its category and words (the most urgent
    /// matching rule wins; the visitor's own urgency is the starting point).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<PriorityRule>,
}

/// Surveys (R14), when the `surveys` module is on: the NPS question for returning visitors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveysFile {
    /// Ask a returning visitor "How likely are you to recommend us?" at most once in this many
    /// days.
    #[serde(default = "default_nps_interval_days")]
    pub nps_interval_days: u32,
}

fn default_nps_interval_days() -> u32 {
    90
}

impl Default for SurveysFile {
    fn default() -> Self {
        SurveysFile {
            nps_interval_days: default_nps_interval_days(),
        }
    }
}

fn default_due_working_days() -> u32 {
    5
}

fn default_working_days() -> Vec<String> {
    kefu_schedule::WEEKDAYS[..5]
        .iter()
        .map(|d| d.to_string())
        .collect()
}

fn default_reopen_days() -> u32 {
    14
}

impl Default for FeedbackFile {
    fn default() -> Self {
        FeedbackFile {
            due_working_days: default_due_working_days(),
            working_days: default_working_days(),
            extra_working_days: vec![],
            reopen_days: default_reopen_days(),
            alert_email: None,
            require_consent: false,
            categories: vec![],
            rules: vec![],
        }
    }
}

impl FeedbackFile {
    /// The category ids offered, in order.
    pub fn category_ids(&self) -> Vec<String> {
        if self.categories.is_empty() {
            kefu_api::DEFAULT_TICKET_CATEGORIES
                .iter()
                .map(|c| c.to_string())
                .collect()
        } else {
            self.categories.iter().map(|c| c.id.clone()).collect()
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryFile {
    pub id: String,
    /// The label per locale; may be left out for the default ids (the widget's own words).
    #[serde(default, skip_serializing_if = "Localized::is_empty")]
    pub label: Localized,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorityRule {
    /// Only tickets of this category (any when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Any of these words or phrases in the subject or description (any ticket when empty);
    /// compared after the same normalization as FAQ search (case, width, accents).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    pub priority: Priority,
}

/// The widget's look: the wire [`Theme`] plus the launcher's text per locale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeFile {
    /// `#rrggbb`
    pub brand_color: String,
    #[serde(default)]
    pub position: Position,
    #[serde(default = "default_z_index")]
    pub z_index: i32,
    /// The launcher button's text; the widget's own ("Help", "客服") where not given.
    #[serde(default, skip_serializing_if = "Localized::is_empty")]
    pub launcher_label: Localized,
}

fn default_z_index() -> i32 {
    Theme::default().z_index
}

impl Default for ThemeFile {
    fn default() -> Self {
        let t = Theme::default();
        ThemeFile {
            brand_color: t.brand_color,
            position: t.position,
            z_index: t.z_index,
            launcher_label: Localized::new(),
        }
    }
}

impl ThemeFile {
    /// What the widget gets.
    pub fn wire(&self) -> Theme {
        Theme {
            brand_color: self.brand_color.clone(),
            position: self.position,
            z_index: self.z_index,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleFile {
    /// The site's usual hours; channels follow them unless they set their own.
    #[serde(default)]
    pub weekly: Weekly,
    #[serde(default)]
    pub holidays: Vec<HolidayFile>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayFile {
    pub date: Date,
    #[serde(default)]
    pub name: Localized,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelFile {
    pub id: String,
    pub kind: ChannelKind,
    pub label: Localized,
    /// What the visitor reads (number, address, account). Optional for chat.
    #[serde(default)]
    pub value: String,
    /// Link target; derived from `value` for phone, e-mail, WhatsApp and Telegram when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// Text encoded in the QR code shown for the channel (e.g. a WeChat contact link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr: Option<String>,
    /// Promised response time in seconds; the kind's default when absent (R3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_secs: Option<u32>,
    #[serde(default)]
    pub hours: ChannelHours,
}

/// `hours = "site"` (default), `"always"`, or a weekly table of its own.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum ChannelHours {
    #[default]
    Site,
    Always,
    Weekly(Weekly),
}

impl Serialize for ChannelHours {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ChannelHours::Site => s.serialize_str("site"),
            ChannelHours::Always => s.serialize_str("always"),
            ChannelHours::Weekly(w) => w.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for ChannelHours {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ChannelHours;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("\"site\", \"always\" or a table of weekdays")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ChannelHours, E> {
                match v {
                    "site" => Ok(ChannelHours::Site),
                    "always" => Ok(ChannelHours::Always),
                    other => Err(E::invalid_value(de::Unexpected::Str(other), &self)),
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ChannelHours, A::Error> {
                Weekly::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(ChannelHours::Weekly)
            }
        }
        d.deserialize_any(V)
    }
}

/// A site document that failed to parse or to validate; `field` is a path like `channels[1].href`.
/// `key` and `args` name the problem in `locales/<lang>/server.ftl`, so the console can show it
/// in the admin's language ([`SiteFileError::message_in`]); `message` is the English text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct SiteFileError {
    pub field: String,
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
    pub message: String,
}

/// A problem with one value: its message key and arguments.
pub(crate) type Problem = (&'static str, Vec<(&'static str, String)>);

pub(crate) fn problem(key: &'static str, args: &[(&'static str, &dyn fmt::Display)]) -> Problem {
    (key, args.iter().map(|(k, v)| (*k, v.to_string())).collect())
}

pub(crate) fn err(field: impl Into<String>, (key, args): Problem) -> SiteFileError {
    let message = crate::i18n::render("en", crate::i18n::SERVER, key, &args);
    SiteFileError {
        field: field.into(),
        key,
        args,
        message,
    }
}

impl SiteFileError {
    /// The message in `locale` (English where that locale has no texts).
    pub fn message_in(&self, locale: &str) -> String {
        crate::i18n::render(locale, crate::i18n::SERVER, self.key, &self.args)
    }
}

impl SiteFile {
    /// Parses and validates a TOML site file.
    pub fn from_toml(text: &str) -> Result<SiteFile, SiteFileError> {
        let de = toml::Deserializer::new(text);
        let file: SiteFile = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let message = inner.message().to_owned();
            let field = if path == "." {
                "(file)".to_owned()
            } else {
                path
            };
            let at = inner
                .span()
                .map(|s| format!(" (at byte {})", s.start))
                .unwrap_or_default();
            err(
                field,
                problem("site-syntax", &[("detail", &format!("{message}{at}"))]),
            )
        })?;
        file.validate()?;
        Ok(file)
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_else(|e| format!("# cannot export: {e}\n"))
    }

    /// Checks everything serde cannot: references between fields, formats and limits.
    pub fn validate(&self) -> Result<(), SiteFileError> {
        validate_id("id", &self.id)?;
        let mut seen = HashSet::new();
        if self.locales.is_empty() {
            return Err(err("locales", problem("site-no-locales", &[])));
        }
        for (i, tag) in self.locales.iter().enumerate() {
            let field = format!("locales[{i}]");
            let parsed: unic_langid::LanguageIdentifier = tag
                .parse()
                .map_err(|_| err(&field, problem("site-not-locale", &[("value", tag)])))?;
            if parsed.to_string() != *tag {
                let fix = parsed.to_string();
                return Err(err(
                    &field,
                    problem("site-write-instead", &[("value", tag), ("fix", &fix)]),
                ));
            }
            if !seen.insert(tag.as_str()) {
                return Err(err(&field, problem("site-listed-twice", &[("value", tag)])));
            }
        }
        if !self.locales.contains(&self.default_locale) {
            return Err(err(
                "default_locale",
                problem(
                    "site-default-not-listed",
                    &[("value", &self.default_locale)],
                ),
            ));
        }
        self.check_localized("name", &self.name, true, 100)?;
        self.check_localized("greeting", &self.greeting, true, MAX_TEXT)?;
        if self.time_zone.parse::<chrono_tz::Tz>().is_err() {
            return Err(err(
                "time_zone",
                problem("site-not-time-zone", &[("value", &self.time_zone)]),
            ));
        }
        if self.allowed_origins.len() > MAX_ORIGINS {
            return Err(err(
                "allowed_origins",
                problem("site-too-many", &[("max", &MAX_ORIGINS)]),
            ));
        }
        for (i, origin) in self.allowed_origins.iter().enumerate() {
            let field = format!("allowed_origins[{i}]");
            let normal = normalize_origin(origin)
                .map_err(|_| err(&field, problem("site-not-origin", &[("value", origin)])))?;
            if normal != *origin {
                return Err(err(
                    &field,
                    problem("site-write-instead", &[("value", origin), ("fix", &normal)]),
                ));
            }
        }
        self.validate_theme()?;
        if self.schedule.holidays.len() > MAX_HOLIDAYS {
            return Err(err(
                "schedule.holidays",
                problem("site-too-many", &[("max", &MAX_HOLIDAYS)]),
            ));
        }
        for (i, h) in self.schedule.holidays.iter().enumerate() {
            self.check_localized(&format!("schedule.holidays[{i}].name"), &h.name, false, 100)?;
        }
        self.validate_channels()?;
        if !(1..=365).contains(&self.surveys.nps_interval_days) {
            return Err(err(
                "surveys.nps_interval_days",
                problem("site-range", &[("min", &1), ("max", &365)]),
            ));
        }
        self.validate_feedback()
    }

    fn validate_feedback(&self) -> Result<(), SiteFileError> {
        let f = &self.feedback;
        if !(1..=60).contains(&f.due_working_days) {
            return Err(err(
                "feedback.due_working_days",
                problem("site-range", &[("min", &1), ("max", &60)]),
            ));
        }
        if f.working_days.is_empty() {
            return Err(err(
                "feedback.working_days",
                problem("site-no-working-days", &[]),
            ));
        }
        let mut days = HashSet::new();
        for (i, d) in f.working_days.iter().enumerate() {
            let field = format!("feedback.working_days[{i}]");
            if !kefu_schedule::WEEKDAYS.contains(&d.as_str()) {
                return Err(err(field, problem("site-not-weekday", &[("value", d)])));
            }
            if !days.insert(d.as_str()) {
                return Err(err(field, problem("site-listed-twice", &[("value", d)])));
            }
        }
        if f.extra_working_days.len() > MAX_HOLIDAYS {
            return Err(err(
                "feedback.extra_working_days",
                problem("site-too-many", &[("max", &MAX_HOLIDAYS)]),
            ));
        }
        if f.reopen_days > 365 {
            return Err(err(
                "feedback.reopen_days",
                problem("site-range", &[("min", &0), ("max", &365)]),
            ));
        }
        if let Some(a) = &f.alert_email {
            if crate::accounts::Email::parse(a).is_err() {
                return Err(err(
                    "feedback.alert_email",
                    problem("site-not-alert-email", &[("value", a)]),
                ));
            }
        }
        if f.categories.len() > 20 {
            return Err(err(
                "feedback.categories",
                problem("site-too-many", &[("max", &20)]),
            ));
        }
        let mut ids = HashSet::new();
        for (i, c) in f.categories.iter().enumerate() {
            let at = |x: &str| format!("feedback.categories[{i}].{x}");
            validate_id(&at("id"), &c.id)?;
            if !ids.insert(c.id.as_str()) {
                return Err(err(
                    at("id"),
                    problem("site-category-taken", &[("value", &c.id)]),
                ));
            }
            let builtin = kefu_api::DEFAULT_TICKET_CATEGORIES.contains(&c.id.as_str());
            self.check_localized(&at("label"), &c.label, !builtin, 60)?;
        }
        let offered = f.category_ids();
        if f.rules.len() > 50 {
            return Err(err(
                "feedback.rules",
                problem("site-too-many", &[("max", &50)]),
            ));
        }
        for (i, r) in f.rules.iter().enumerate() {
            if let Some(c) = &r.category {
                if !offered.contains(c) {
                    return Err(err(
                        format!("feedback.rules[{i}].category"),
                        problem("site-unknown-category", &[("value", c)]),
                    ));
                }
            }
            for (k, w) in r.keywords.iter().enumerate() {
                if w.trim().is_empty() || w.chars().count() > 100 {
                    return Err(err(
                        format!("feedback.rules[{i}].keywords[{k}]"),
                        problem("site-length", &[("max", &100)]),
                    ));
                }
            }
        }
        Ok(())
    }

    fn validate_theme(&self) -> Result<(), SiteFileError> {
        let c = &self.theme.brand_color;
        if !(c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit())) {
            return Err(err(
                "theme.brand_color",
                problem("site-not-colour", &[("value", c)]),
            ));
        }
        if !(0..=2_147_483_647).contains(&self.theme.z_index) {
            return Err(err(
                "theme.z_index",
                problem("site-range", &[("min", &0), ("max", &"2147483647")]),
            ));
        }
        self.check_localized(
            "theme.launcher_label",
            &self.theme.launcher_label,
            false,
            24,
        )
    }

    fn validate_channels(&self) -> Result<(), SiteFileError> {
        if self.channels.len() > MAX_CHANNELS {
            return Err(err(
                "channels",
                problem("site-too-many", &[("max", &MAX_CHANNELS)]),
            ));
        }
        let mut ids = HashSet::new();
        for (i, ch) in self.channels.iter().enumerate() {
            let at = |f: &str| format!("channels[{i}].{f}");
            validate_id(&at("id"), &ch.id)?;
            if !ids.insert(ch.id.as_str()) {
                return Err(err(
                    at("id"),
                    problem("site-id-taken", &[("value", &ch.id)]),
                ));
            }
            self.check_localized(&at("label"), &ch.label, true, 100)?;
            if ch.value.chars().count() > 200 {
                return Err(err(at("value"), problem("site-length", &[("max", &200)])));
            }
            if ch.value.trim().is_empty()
                && !matches!(ch.kind, ChannelKind::Chat | ChannelKind::Wechat)
            {
                return Err(err(at("value"), problem("site-value-missing", &[])));
            }
            if let Some(href) = &ch.href {
                check_href(ch.kind, href).map_err(|p| err(at("href"), p))?;
            } else {
                derive_href(ch.kind, &ch.value).map_err(|p| err(at("href"), p))?;
            }
            match &ch.qr {
                Some(q) if q.is_empty() || q.len() > 1000 => {
                    return Err(err(at("qr"), problem("site-length", &[("max", &1000)])));
                }
                None if ch.kind == ChannelKind::Wechat => {
                    return Err(err(at("qr"), problem("site-wechat-qr", &[])));
                }
                _ => {}
            }
            if ch.response_secs.is_some_and(|s| s == 0 || s > 30 * 86_400) {
                return Err(err(
                    at("response_secs"),
                    problem("site-response-range", &[]),
                ));
            }
        }
        Ok(())
    }

    fn check_localized(
        &self,
        field: &str,
        map: &Localized,
        needs_default: bool,
        max: usize,
    ) -> Result<(), SiteFileError> {
        if needs_default && !map.contains_key(&self.default_locale) {
            return Err(err(
                field,
                problem("site-needs-default", &[("locale", &self.default_locale)]),
            ));
        }
        for (tag, text) in map {
            if !self.locales.contains(tag) {
                return Err(err(
                    format!("{field}.{tag}"),
                    problem("site-locale-not-listed", &[("value", tag)]),
                ));
            }
            if text.trim().is_empty() || text.chars().count() > max {
                return Err(err(
                    format!("{field}.{tag}"),
                    problem("site-length", &[("max", &max)]),
                ));
            }
        }
        Ok(())
    }

    /// The link a channel opens, derived from its value when not given.
    pub fn channel_href(ch: &ChannelFile) -> Option<String> {
        match &ch.href {
            Some(h) => Some(h.clone()),
            None => derive_href(ch.kind, &ch.value).ok().flatten(),
        }
    }
}

pub(crate) fn validate_id(field: &str, id: &str) -> Result<(), SiteFileError> {
    if is_valid_id(id) {
        Ok(())
    } else {
        Err(err(field, problem("site-not-id", &[("value", &id)])))
    }
}

/// Site and channel ids: `[a-z0-9][a-z0-9-]{0,62}`.
pub fn is_valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b[0] != b'-'
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

/// `https://Example.com:443/` → `https://example.com`; refuses paths, queries and other schemes.
pub fn normalize_origin(s: &str) -> Result<String, String> {
    let url = url::Url::parse(s)
        .map_err(|_| format!("`{s}` is not an origin like https://example.com"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!("`{s}` must be http(s)://host[:port]"));
    }
    if url.path() != "/"
        || url.query().is_some()
        || url.fragment().is_some()
        || !url.username().is_empty()
    {
        return Err(format!("`{s}` must be an origin only, without a path"));
    }
    Ok(url.origin().ascii_serialization())
}

fn check_href(kind: ChannelKind, href: &str) -> Result<(), Problem> {
    let url = url::Url::parse(href).map_err(|_| problem("site-not-link", &[("value", &href)]))?;
    let ok = match kind {
        ChannelKind::Phone => matches!(url.scheme(), "tel" | "https"),
        ChannelKind::Email => matches!(url.scheme(), "mailto" | "https"),
        _ => url.scheme() == "https",
    };
    if ok && href.len() <= 1000 {
        Ok(())
    } else {
        let schemes = match kind {
            ChannelKind::Phone => "https: / tel:",
            ChannelKind::Email => "https: / mailto:",
            _ => "https:",
        };
        Err(problem(
            "site-link-scheme",
            &[("value", &href), ("schemes", &schemes)],
        ))
    }
}

/// The link a channel gets from its value alone; `Ok(None)` where it has none by design.
fn derive_href(kind: ChannelKind, value: &str) -> Result<Option<String>, Problem> {
    let digits = || -> String {
        value
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect()
    };
    let bad = |key| problem(key, &[("value", &value)]);
    match kind {
        ChannelKind::Phone => {
            let d = digits();
            if d.trim_start_matches('+').len() < 3 {
                return Err(bad("site-not-phone"));
            }
            Ok(Some(format!("tel:{d}")))
        }
        ChannelKind::Email => {
            let v = value.trim();
            let valid = v
                .split_once('@')
                .is_some_and(|(l, d)| !l.is_empty() && d.contains('.'))
                && !v.contains(char::is_whitespace);
            if !valid {
                return Err(bad("site-not-email"));
            }
            Ok(Some(format!("mailto:{v}")))
        }
        ChannelKind::Whatsapp => {
            let d = digits().trim_start_matches('+').to_owned();
            if d.len() < 6 {
                return Err(bad("site-not-whatsapp"));
            }
            Ok(Some(format!("https://wa.me/{d}")))
        }
        ChannelKind::Telegram => {
            let name = value.trim().trim_start_matches('@');
            if name.len() < 4 || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                return Err(bad("site-not-telegram"));
            }
            Ok(Some(format!("https://t.me/{name}")))
        }
        ChannelKind::Chat | ChannelKind::Wechat => Ok(None),
        ChannelKind::Line | ChannelKind::Kakao | ChannelKind::Link => {
            Err(problem("site-needs-link", &[]))
        }
    }
}
