//! E-mails about tickets, in the ticket's language (`locales/<lang>/email.ftl`): the receipt
//! with reference and due date, each public reply, the resolution with its outcome, and the
//! alert to the site's address when an urgent ticket arrives (R15, R16). Sent in the
//! background: a mail server that is down never fails or delays the visitor's request.

use crate::site::SiteFile;
use crate::state::AppState;
use crate::store::TicketRow;
use kefu_api::Priority;
use kefu_schedule::Date;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const CJK_WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
const KO_WEEKDAYS: [&str; 7] = ["월", "화", "수", "목", "금", "토", "일"];

/// A date written as people of `locale` write it, with its weekday.
pub fn format_date(locale: &str, d: Date) -> String {
    let wd = d.weekday();
    match locale.split('-').next().unwrap_or("") {
        "zh" => format!(
            "{}年{}月{}日（星期{}）",
            d.year, d.month, d.day, CJK_WEEKDAYS[wd]
        ),
        "ja" => {
            const JA: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
            format!("{}年{}月{}日（{}）", d.year, d.month, d.day, JA[wd])
        }
        "ko" => format!(
            "{}년 {}월 {}일 ({})",
            d.year, d.month, d.day, KO_WEEKDAYS[wd]
        ),
        _ => format!(
            "{}, {} {} {}",
            WEEKDAYS[wd],
            d.day,
            MONTHS[usize::from(d.month.saturating_sub(1)) % 12],
            d.year
        ),
    }
}

pub fn site_name(site: &SiteFile, locale: &str) -> String {
    site.name
        .get(locale)
        .or_else(|| site.name.get(&site.default_locale))
        .cloned()
        .unwrap_or_else(|| site.id.clone())
}

/// A link into the widget on the site: the page `page` when it is on one of the site's origins,
/// else the site's first origin, with `fragment` for the loader (`kefu-ticket=…`,
/// `kefu-recover=…`). The fragment never reaches a server's logs.
pub fn page_link(state: &AppState, site: &SiteFile, page: Option<&str>, fragment: &str) -> String {
    let allowed = |u: &url::Url| {
        site.allowed_origins
            .iter()
            .any(|o| *o == u.origin().ascii_serialization())
    };
    let base = page
        .and_then(|p| url::Url::parse(p).ok())
        .filter(allowed)
        .map(|mut u| {
            u.set_fragment(None);
            u.to_string()
        })
        .or_else(|| site.allowed_origins.first().map(|o| format!("{o}/")))
        .unwrap_or_else(|| format!("{}/demo", state.settings.public_url));
    format!("{base}#{fragment}")
}

/// The link to one request, opened with its own secret (no visitor token needed): the
/// widget shows it with its thread, outcome and rating.
fn ticket_link(state: &AppState, site: &SiteFile, t: &TicketRow) -> String {
    let secret = crate::tickets::secret(&state.ticket_key, &site.id, &t.reference);
    page_link(
        state,
        site,
        t.page.as_deref(),
        &format!("kefu-ticket={}.{secret}", t.reference),
    )
}

fn due_text(locale: &str, t: &TicketRow) -> String {
    Date::parse(&t.due_date)
        .map(|d| format_date(locale, d))
        .unwrap_or_else(|| t.due_date.clone())
}

/// A new ticket: the visitor's receipt, and the alert when it is urgent.
pub fn created(state: &AppState, site: &SiteFile, t: &TicketRow) {
    let Some(mailer) = &state.mailer else { return };
    if let Some(to) = &t.email {
        mailer.send_later(
            to,
            &t.locale,
            ("ticket-receipt-subject", "ticket-receipt-body"),
            &[
                ("site", site_name(site, &t.locale)),
                ("subject", t.subject.clone()),
                ("reference", t.reference.clone()),
                ("due", due_text(&t.locale, t)),
                ("link", ticket_link(state, site, t)),
            ],
        );
    }
    if t.priority == Priority::Urgent {
        if let Some(to) = &site.feedback.alert_email {
            let locale = &site.default_locale;
            mailer.send_later(
                to,
                locale,
                ("ticket-urgent-subject", "ticket-urgent-body"),
                &[
                    ("site", site_name(site, locale)),
                    ("subject", t.subject.clone()),
                    ("reference", t.reference.clone()),
                    ("category", t.category.clone()),
                    ("due", due_text(locale, t)),
                    (
                        "console",
                        format!(
                            "{}/console/#tickets/{}",
                            state.settings.public_url, t.reference
                        ),
                    ),
                ],
            );
        }
    }
}

/// A public reply from the team.
pub fn replied(state: &AppState, site: &SiteFile, t: &TicketRow, message: &str) {
    let (Some(mailer), Some(to)) = (&state.mailer, &t.email) else {
        return;
    };
    mailer.send_later(
        to,
        &t.locale,
        ("ticket-reply-subject", "ticket-reply-body"),
        &[
            ("site", site_name(site, &t.locale)),
            ("subject", t.subject.clone()),
            ("reference", t.reference.clone()),
            ("message", message.to_owned()),
            ("link", ticket_link(state, site, t)),
        ],
    );
}

/// The ticket was resolved with its public outcome.
pub fn resolved(state: &AppState, site: &SiteFile, t: &TicketRow) {
    let (Some(mailer), Some(to)) = (&state.mailer, &t.email) else {
        return;
    };
    mailer.send_later(
        to,
        &t.locale,
        ("ticket-resolved-subject", "ticket-resolved-body"),
        &[
            ("site", site_name(site, &t.locale)),
            ("subject", t.subject.clone()),
            ("reference", t.reference.clone()),
            ("outcome", t.outcome.clone().unwrap_or_default()),
            ("days", site.feedback.reopen_days.to_string()),
            ("link", ticket_link(state, site, t)),
        ],
    );
}

/// The e-mailed link to the visitor's requests on a new device.
pub fn recovery(state: &AppState, site: &SiteFile, to: &str, locale: &str, link: &str) {
    let Some(mailer) = &state.mailer else { return };
    mailer.send_later(
        to,
        locale,
        ("ticket-recover-subject", "ticket-recover-body"),
        &[("site", site_name(site, locale)), ("link", link.to_owned())],
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_each_language_writes_them() {
        let d = Date::parse("2026-12-04").unwrap();
        assert_eq!(format_date("en", d), "Friday, 4 December 2026");
        assert_eq!(format_date("zh-CN", d), "2026年12月4日（星期五）");
        assert_eq!(format_date("ja", d), "2026年12月4日（金）");
        assert_eq!(format_date("ko", d), "2026년 12월 4일 (금)");
    }
}
