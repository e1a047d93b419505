//! Feedback tickets (R13–R16): the rules, apart from HTTP and SQL.
//!
//! - A new ticket is checked against the site (`validate`): category, lengths, e-mail,
//!   an image attachment whose type is read from its bytes. Its priority comes from the
//!   visitor's urgency raised by the site's rules (`priority`).
//! - References (`KF-7Q4M-2J9D`) are 40 random bits in Crockford base32: short, read aloud
//!   without ambiguity, and unguessable enough that a reference alone reveals nothing; reading
//!   a ticket needs the visitor's token or the ticket's own secret.
//! - The secret is an HMAC of the reference under a key kept in the database: 128 bits, never
//!   stored, and recomputed for every e-mail that links to the ticket.
//! - The lifecycle (`transition`): new → triaged → in progress → waiting for visitor →
//!   resolved → closed; resolving needs a public outcome; a visitor's reply reopens a
//!   resolved ticket within the site's window.

pub mod due;
pub mod notify;
pub mod report;

use crate::error::ApiError;
use crate::site::SiteFile;
use argon2::password_hash::rand_core::{OsRng, RngCore as _};
use hmac::{Hmac, Mac as _};
use kefu_api::{
    NewTicket, Priority, TicketStatus, Urgency, MAX_ATTACHMENT_BYTES, MAX_MESSAGE_CHARS,
    MAX_SUBJECT_CHARS,
};
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;

/// Crockford's base32 alphabet: no I, L, O or U.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A fresh reference, `KF-XXXX-XXXX`.
pub fn new_reference() -> String {
    let mut bytes = [0u8; 5];
    OsRng.fill_bytes(&mut bytes);
    let mut n = bytes.iter().fold(0u64, |n, b| (n << 8) | u64::from(*b));
    let mut chars = [0u8; 8];
    for c in chars.iter_mut().rev() {
        *c = CROCKFORD[(n & 31) as usize];
        n >>= 5;
    }
    let s = std::str::from_utf8(&chars).unwrap_or("00000000");
    format!("KF-{}-{}", &s[..4], &s[4..])
}

/// A reference as a person may type it (lower case, O for 0, I or L for 1, without dashes) in
/// its canonical form; `None` when it cannot be one.
pub fn parse_reference(s: &str) -> Option<String> {
    let s = s.trim();
    let body = s
        .strip_prefix("KF")
        .or_else(|| s.strip_prefix("kf"))
        .or_else(|| s.strip_prefix("Kf"))
        .or_else(|| s.strip_prefix("kF"))
        .unwrap_or(s);
    let mut out = String::with_capacity(8);
    for c in body.chars().filter(|c| *c != '-' && *c != ' ') {
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !CROCKFORD.contains(&(c as u8)) || !c.is_ascii() {
            return None;
        }
        out.push(c);
    }
    (out.len() == 8).then(|| format!("KF-{}-{}", &out[..4], &out[4..]))
}

/// The ticket's own secret: HMAC-SHA256 of site and reference under the server's key, 128 bits.
pub fn secret(key: &[u8], site: &str, reference: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(b"kefu-ticket-secret\0");
    mac.update(site.as_bytes());
    mac.update(b"\0");
    mac.update(reference.as_bytes());
    hex(&mac.finalize().into_bytes()[..16])
}

/// Whether `given` is the ticket's secret (compared in constant time).
pub fn secret_matches(key: &[u8], site: &str, reference: &str, given: &str) -> bool {
    let want = secret(key, site, reference);
    want.len() == given.len() && bool::from(want.as_bytes().ct_eq(given.as_bytes()))
}

/// Visitor tokens: 128 random bits as 32 hexadecimal digits, made by the widget.
pub fn valid_visitor_token(v: &str) -> bool {
    v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit())
}

/// What the store keeps instead of the visitor's token (per site).
pub fn visitor_hash(site: &str, token: &str) -> String {
    hex(&Sha256::digest(format!(
        "kefu-visitor\0{site}\0{}",
        token.to_ascii_lowercase()
    ))[..16])
}

/// Idempotency keys: 8 to 100 characters of `A-Z a-z 0-9 - _ . :`.
pub fn valid_idempotency_key(k: &str) -> bool {
    (8..=100).contains(&k.len())
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// A fingerprint of a request, to tell a retry from a different request under the same key.
pub fn request_hash(route: &str, body: &impl serde::Serialize) -> String {
    let json = serde_json::to_vec(body).unwrap_or_default();
    let mut h = Sha256::new();
    h.update(route.as_bytes());
    h.update(b"\0");
    h.update(&json);
    hex(&h.finalize())
}

/// An image attachment, its type read from its first bytes.
#[derive(Clone, Debug)]
pub struct Attachment {
    pub name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// The image type of `bytes` from its signature: PNG, JPEG, GIF or WebP.
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// A new ticket that passed every check.
#[derive(Clone, Debug)]
pub struct Draft {
    pub category: String,
    pub subject: String,
    pub description: String,
    pub email: Option<String>,
    pub urgency: Urgency,
    pub priority: Priority,
    pub locale: String,
    pub page: Option<String>,
    pub attachment: Option<Attachment>,
    pub consent: bool,
}

pub fn field_error(code: &'static str, field: &str, message: impl Into<String>) -> ApiError {
    ApiError::InvalidField {
        code,
        field: field.into(),
        message: message.into(),
    }
}

/// Text as kept: trimmed, line ends as `\n`, no control characters but newlines and tabs.
pub fn clean_text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect::<String>()
        .trim()
        .to_owned()
}

/// The page a visitor wrote from: an http(s) address of at most 2000 characters, or none.
pub fn check_page(page: Option<&str>) -> Result<Option<String>, ApiError> {
    match page {
        None | Some("") => Ok(None),
        Some(p) => {
            let ok = p.len() <= 2000
                && url::Url::parse(p).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
            if !ok {
                return Err(field_error(
                    "invalid_page",
                    "page",
                    "the page must be an http(s) address of at most 2000 characters",
                ));
            }
            Ok(Some(p.to_owned()))
        }
    }
}

/// Checks a message body (description or reply) and returns it cleaned.
pub fn check_message(field: &str, body: &str) -> Result<String, ApiError> {
    let body = clean_text(body);
    let n = body.chars().count();
    if n == 0 {
        return Err(field_error(
            "text_required",
            field,
            "write a few words about your request",
        ));
    }
    if n > MAX_MESSAGE_CHARS {
        return Err(field_error(
            "text_too_long",
            field,
            format!("at most {MAX_MESSAGE_CHARS} characters ({n} given)"),
        ));
    }
    Ok(body)
}

/// Checks a submission against the site.
pub fn validate(site: &SiteFile, t: &NewTicket) -> Result<Draft, ApiError> {
    let categories = site.feedback.category_ids();
    if !categories.contains(&t.category) {
        return Err(field_error(
            "invalid_category",
            "category",
            format!(
                "`{}` is not a category of this site (one of: {})",
                t.category,
                categories.join(", ")
            ),
        ));
    }
    let subject = clean_text(&t.subject).replace(['\n', '\t'], " ");
    let n = subject.chars().count();
    if n == 0 {
        return Err(field_error(
            "text_required",
            "subject",
            "give your request a subject",
        ));
    }
    if n > MAX_SUBJECT_CHARS {
        return Err(field_error(
            "text_too_long",
            "subject",
            format!("at most {MAX_SUBJECT_CHARS} characters ({n} given)"),
        ));
    }
    let description = check_message("description", &t.description)?;
    let email = match t.email.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(e) => Some(
            crate::accounts::Email::parse(e)
                .map_err(|m| field_error("invalid_email", "email", m))?
                .as_str()
                .to_owned(),
        ),
    };
    if !site.locales.contains(&t.locale) {
        return Err(field_error(
            "invalid_locale",
            "locale",
            format!("`{}` is not one of the site's languages", t.locale),
        ));
    }
    let page = check_page(t.page.as_deref())?;
    let attachment = match &t.attachment {
        None => None,
        Some(a) => Some(check_attachment(a)?),
    };
    let priority = priority(site, &t.category, &subject, &description, t.urgency);
    Ok(Draft {
        category: t.category.clone(),
        subject,
        description,
        email,
        urgency: t.urgency,
        priority,
        locale: t.locale.clone(),
        page,
        attachment,
        consent: t.consent,
    })
}

fn check_attachment(a: &kefu_api::NewAttachment) -> Result<Attachment, ApiError> {
    use base64::Engine as _;
    let name: String = clean_text(&a.name)
        .chars()
        .filter(|c| !matches!(c, '/' | '\\'))
        .take(120)
        .collect();
    // Base64 grows data by a third: refuse what cannot fit before decoding it.
    if a.data.len() > MAX_ATTACHMENT_BYTES / 3 * 4 + 8 {
        return Err(field_error(
            "attachment_too_large",
            "attachment.data",
            format!("the image may be at most {} MB", MAX_ATTACHMENT_BYTES >> 20),
        ));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(a.data.as_bytes())
        .map_err(|_| {
            field_error(
                "invalid_attachment",
                "attachment.data",
                "the attachment is not valid base64",
            )
        })?;
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(field_error(
            "attachment_too_large",
            "attachment.data",
            format!("the image may be at most {} MB", MAX_ATTACHMENT_BYTES >> 20),
        ));
    }
    let content_type = sniff_image(&bytes).ok_or_else(|| {
        field_error(
            "unsupported_attachment",
            "attachment.data",
            "only PNG, JPEG, GIF and WebP images can be attached",
        )
    })?;
    Ok(Attachment {
        name: if name.is_empty() {
            "image".into()
        } else {
            name
        },
        content_type,
        bytes,
    })
}

/// The visitor's urgency, raised by the most urgent of the site's rules that match.
pub fn priority(
    site: &SiteFile,
    category: &str,
    subject: &str,
    description: &str,
    urgency: Urgency,
) -> Priority {
    let mut p = match urgency {
        Urgency::Low => Priority::Low,
        Urgency::Normal => Priority::Normal,
        Urgency::High => Priority::High,
    };
    let text = kefu_search::normalize(&format!("{subject}\n{description}"));
    for rule in &site.feedback.rules {
        let category_ok = rule.category.as_deref().is_none_or(|c| c == category);
        let words_ok = rule.keywords.is_empty()
            || rule
                .keywords
                .iter()
                .any(|k| text.contains(&kefu_search::normalize(k.trim())));
        if category_ok && words_ok && rule.priority < p {
            p = rule.priority;
        }
    }
    p
}

/// Who changes a ticket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    Visitor,
    Agent(String),
}

/// Whether the lifecycle allows going from `from` to `to` (agents may also step back, e.g.
/// reopen a resolved ticket; nothing leaves `closed` but a reopen to in progress).
pub fn transition_allowed(from: TicketStatus, to: TicketStatus) -> bool {
    use TicketStatus::*;
    if from == to {
        return true;
    }
    match to {
        New => false,
        Triaged | InProgress | WaitingForVisitor => true,
        Resolved => from != Closed,
        Closed => true,
    }
}

/// Whether a visitor may reply now: not on a closed ticket, and on a resolved one only within
/// the site's reopening window.
pub fn visitor_can_reply(
    status: TicketStatus,
    resolved_at: Option<i64>,
    reopen_days: u32,
    now: i64,
) -> bool {
    match status {
        TicketStatus::Closed => false,
        TicketStatus::Resolved => {
            resolved_at.is_some_and(|r| now - r <= i64::from(reopen_days) * 86_400_000)
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::file::PriorityRule;

    #[test]
    fn references_are_short_unambiguous_and_parse_back() {
        for _ in 0..200 {
            let r = new_reference();
            assert_eq!(r.len(), 12);
            assert!(r.starts_with("KF-"));
            assert!(!r[3..].contains(['I', 'L', 'O', 'U']), "{r}");
            assert_eq!(parse_reference(&r).as_deref(), Some(r.as_str()));
            assert_eq!(
                parse_reference(&r.to_lowercase()).as_deref(),
                Some(r.as_str())
            );
        }
        assert_eq!(
            parse_reference("kf-7q4m-2j9d").as_deref(),
            Some("KF-7Q4M-2J9D")
        );
        assert_eq!(parse_reference("7Q4M2J9D").as_deref(), Some("KF-7Q4M-2J9D"));
        assert_eq!(
            parse_reference("KF-7Q4M-2J9O").as_deref(),
            Some("KF-7Q4M-2J90")
        );
        assert_eq!(
            parse_reference("KF-7Q4M-2JIL").as_deref(),
            Some("KF-7Q4M-2J11")
        );
        assert_eq!(parse_reference("KF-7Q4M-2J9"), None);
        assert_eq!(parse_reference("KF-7Q4M-2J9U"), None);
        assert_eq!(parse_reference("KF-７Q4M-2J9D"), None);
    }

    #[test]
    fn secrets_are_128_bits_per_ticket_and_checked_exactly() {
        let key = [7u8; 32];
        let s = secret(&key, "demo", "KF-7Q4M-2J9D");
        assert_eq!(s.len(), 32);
        assert!(secret_matches(&key, "demo", "KF-7Q4M-2J9D", &s));
        assert!(!secret_matches(&key, "demo", "KF-7Q4M-2J9E", &s));
        assert!(!secret_matches(&key, "other", "KF-7Q4M-2J9D", &s));
        assert!(!secret_matches(&[8u8; 32], "demo", "KF-7Q4M-2J9D", &s));
        assert!(!secret_matches(&key, "demo", "KF-7Q4M-2J9D", &s[..31]));
    }

    #[test]
    fn images_are_recognized_by_content() {
        assert_eq!(sniff_image(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff_image(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff_image(b"GIF89a.."), Some("image/gif"));
        assert_eq!(sniff_image(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff_image(b"<svg onload=alert(1)>"), None);
        assert_eq!(sniff_image(b"MZ\x90\0"), None);
    }

    #[test]
    fn rules_raise_the_priority_and_never_lower_it() {
        let mut site = crate::site::demo_site(&[]);
        site.feedback.rules = vec![
            PriorityRule {
                category: Some("complaint".into()),
                keywords: vec!["fraud".into(), "被盗".into()],
                priority: Priority::Urgent,
            },
            PriorityRule {
                category: Some("bug".into()),
                keywords: vec![],
                priority: Priority::High,
            },
            PriorityRule {
                category: None,
                keywords: vec!["typo".into()],
                priority: Priority::Low,
            },
        ];
        let p = |c, s, d, u| priority(&site, c, s, d, u);
        assert_eq!(
            p("complaint", "Possible FRAUD", "", Urgency::Normal),
            Priority::Urgent
        );
        assert_eq!(
            p("complaint", "账号", "我的账号被盗了", Urgency::Low),
            Priority::Urgent
        );
        assert_eq!(
            p("complaint", "Late parcel", "", Urgency::Normal),
            Priority::Normal
        );
        assert_eq!(
            p("question", "fraud?", "", Urgency::Normal),
            Priority::Normal
        );
        assert_eq!(p("bug", "Crash", "", Urgency::Low), Priority::High);
        // A low rule does not lower what the visitor said was urgent.
        assert_eq!(p("question", "typo", "", Urgency::High), Priority::High);
        assert_eq!(p("question", "typo", "", Urgency::Normal), Priority::Normal);
    }

    #[test]
    fn replies_reopen_within_the_window_only() {
        let day = 86_400_000;
        assert!(visitor_can_reply(
            TicketStatus::WaitingForVisitor,
            None,
            14,
            0
        ));
        assert!(visitor_can_reply(
            TicketStatus::Resolved,
            Some(0),
            14,
            14 * day
        ));
        assert!(!visitor_can_reply(
            TicketStatus::Resolved,
            Some(0),
            14,
            14 * day + 1
        ));
        assert!(!visitor_can_reply(TicketStatus::Closed, Some(0), 14, 0));
        assert!(transition_allowed(
            TicketStatus::Resolved,
            TicketStatus::InProgress
        ));
        assert!(!transition_allowed(
            TicketStatus::Closed,
            TicketStatus::Resolved
        ));
        assert!(!transition_allowed(
            TicketStatus::Triaged,
            TicketStatus::New
        ));
    }

    #[test]
    fn texts_are_cleaned() {
        assert_eq!(clean_text("  a\r\nb\u{0}\u{7}c  "), "a\nbc");
        assert!(check_message("description", " \n ").is_err());
        assert!(check_message("description", &"字".repeat(MAX_MESSAGE_CHARS)).is_ok());
        assert!(check_message("description", &"字".repeat(MAX_MESSAGE_CHARS + 1)).is_err());
    }
}
