//! "Leave a message" from the chat (no agent online, out of hours, or no answer within the
//! promise): the chat steps aside and the feedback form opens with the transcript, so the
//! ticket carries what the visitor wrote.

use super::rows::time_of;
use super::{with_chat, Author};

/// "Leave a message": the feedback form, with what the visitor wrote in the chat.
pub(super) fn leave() {
    let Some((subject, transcript)) = with_chat(|c| {
        let you = c.t("chat-you");
        let team = c.t("chat-team");
        let lines: Vec<String> = c
            .entries
            .iter()
            .map(|e| {
                let who = match e.author {
                    Author::Visitor => you.clone(),
                    _ => e.agent.clone().unwrap_or_else(|| team.clone()),
                };
                format!("[{}] {who}: {}", time_of(e.at, &c.opts.locale), e.text)
            })
            .collect();
        let subject = c
            .entries
            .iter()
            .find(|e| e.author == Author::Visitor)
            .map(|e| e.text.lines().next().unwrap_or("").to_owned())
            .unwrap_or_default();
        (subject, lines.join("\n"))
    }) else {
        return;
    };
    // The chat view steps aside first: the form shows in the panel's body.
    with_chat(|c| c.show(false));
    if !crate::feedback::leave_message(&subject, &transcript) {
        with_chat(|c| {
            let m = c.t("chat-error");
            if let Some(v) = &c.view {
                v.set_error(&m);
            }
        });
    }
}
