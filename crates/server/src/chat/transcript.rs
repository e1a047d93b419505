//! The transcript a visitor asks for at the end of a chat (issue 6), e-mailed in the
//! conversation's language: one line per message, `[2026-11-29 14:05] Name: text`, in the
//! site's time zone (a message of several lines keeps them, indented).

use crate::site::SiteFile;
use crate::state::AppState;
use crate::store::ConversationRow;
use kefu_api::{ChatAuthor, ChatMessage};

/// Messages a transcript holds at most (the newest are left out beyond it).
pub const MAX_MESSAGES: usize = 5000;

/// The transcript's text.
pub fn text(site: &SiteFile, locale: &str, messages: &[ChatMessage]) -> String {
    let tz = site
        .time_zone
        .parse::<chrono_tz::Tz>()
        .unwrap_or(chrono_tz::UTC);
    let word = |key| crate::i18n::render(locale, crate::i18n::EMAIL, key, &[]);
    let (you, team) = (word("chat-transcript-you"), word("chat-transcript-team"));
    let image = word("chat-transcript-image");
    let mut out = String::new();
    for m in messages {
        let when = chrono::DateTime::from_timestamp_millis(m.at)
            .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        let who = match m.author {
            ChatAuthor::Visitor => you.clone(),
            _ => m
                .agent
                .as_ref()
                .and_then(|a| a.name.clone())
                .unwrap_or_else(|| team.clone()),
        };
        let mut body = m.text.replace('\n', "\n    ");
        if m.image.is_some() {
            if !body.is_empty() {
                body.push(' ');
            }
            body.push_str(&image);
        }
        out.push_str(&format!("[{when}] {who}: {body}\n"));
    }
    out
}

/// Sends the transcript of `c` to `to` in the background.
pub fn send(
    state: &AppState,
    site: &SiteFile,
    c: &ConversationRow,
    to: &str,
    messages: &[ChatMessage],
) {
    let Some(mailer) = &state.mailer else { return };
    let locale = c.locale.as_str();
    let name = crate::tickets::notify::site_name(site, locale);
    mailer.send_later(
        to,
        locale,
        ("chat-transcript-subject", "chat-transcript-body"),
        &[("site", name), ("transcript", text(site, locale, messages))],
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use kefu_api::AgentCard;

    #[test]
    fn lines_in_the_sites_zone_with_names_and_indented_continuations() {
        let site = crate::site::demo_site(&[]);
        assert_eq!(site.time_zone, "Asia/Shanghai");
        let msg = |seq, author, agent: Option<&str>, text: &str| ChatMessage {
            conversation: "c".into(),
            seq,
            id: format!("m{seq}"),
            author,
            agent: agent.map(|n| AgentCard {
                name: Some(n.into()),
                avatar: None,
            }),
            text: text.into(),
            image: None,
            at: 1_795_960_800_000, // 2026-11-29 14:00 UTC
        };
        let t = text(
            &site,
            "en",
            &[
                msg(1, ChatAuthor::Visitor, None, "Hello\nmy order <42>"),
                msg(2, ChatAuthor::Agent, Some("Li"), "On its way"),
                msg(3, ChatAuthor::Agent, None, "Anything else?"),
            ],
        );
        assert_eq!(
            t,
            "[2026-11-29 22:00] You: Hello\n    my order <42>\n\
             [2026-11-29 22:00] Li: On its way\n\
             [2026-11-29 22:00] Support team: Anything else?\n"
        );
        assert!(
            text(&site, "zh-CN", &[msg(1, ChatAuthor::Visitor, None, "你好")])
                .contains("] 您: 你好")
        );
    }
}
