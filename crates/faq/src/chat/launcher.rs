//! What the chat shows beside the launcher while the panel is shut: a live region that reads
//! new messages to screen readers, and the unread badge.

use crate::dom::{document, el};

/// Says `text` to screen readers from a live region beside the launcher, which is heard while
/// the panel (and the chat's own region in it) is shut; `""` only makes sure it exists, so the
/// first message is not missed.
pub fn announce_shut(root: Option<&web_sys::ShadowRoot>, text: &str) {
    let Some(root) = root else { return };
    let Ok(Some(launcher)) = root.query_selector(".kefu-launcher") else {
        return;
    };
    let Some(host) = launcher.parent_element() else {
        return;
    };
    let region = match host
        .query_selector(":scope > .kefu-announce")
        .ok()
        .flatten()
    {
        Some(r) => r,
        None => {
            let Ok(r) = document().and_then(|d| el(&d, "p", "kefu-sr-only kefu-announce", ""))
            else {
                return;
            };
            let _ = r.set_attribute("role", "status");
            let _ = host.append_child(&r);
            r
        }
    };
    region.set_text_content(Some(text));
}

/// The launcher's unread badge, in the widget's shadow root (drawn even before the panel is).
pub fn badge(root: Option<&web_sys::ShadowRoot>, n: u32) {
    let Some(root) = root else { return };
    let Ok(Some(launcher)) = root.query_selector(".kefu-launcher") else {
        return;
    };
    let existing = launcher.query_selector(".kefu-badge").ok().flatten();
    match (n, existing) {
        (0, Some(b)) => b.remove(),
        (0, None) => {}
        (n, Some(b)) => b.set_text_content(Some(&n.to_string())),
        (n, None) => {
            if let Ok(doc) = document() {
                if let Ok(b) = el(&doc, "span", "kefu-badge", &n.to_string()) {
                    let _ = b.set_attribute("aria-hidden", "true");
                    let _ = launcher.append_child(&b);
                }
            }
        }
    }
}
