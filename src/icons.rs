//! Small line icons (24×24, `currentColor`), decorative only: every icon sits beside a text
//! label and is hidden from assistive technology.

use kefu_api::ChannelKind;
use leptos::prelude::*;

fn path_for(kind: ChannelKind) -> &'static str {
    match kind {
        ChannelKind::Phone => "M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z",
        ChannelKind::Email => "M3 5h18v14H3zM3 6l9 7 9-7",
        ChannelKind::Chat => "M4 4h16v12H8l-4 4z",
        ChannelKind::Wechat => "M3 3h7v7H3zM14 3h7v7h-7zM3 14h7v7H3zM14 14h3v3h-3zM18 18h3v3h-3zM18 14h3v2M14 19h2v2",
        ChannelKind::Whatsapp => "M12 3a9 9 0 0 0-7.8 13.5L3 21l4.6-1.2A9 9 0 1 0 12 3z",
        ChannelKind::Telegram => "M21 4L3 11l6 2 2 6 3-4 5 4z M9 13l9-7",
        ChannelKind::Line => "M12 3C6.5 3 2 6.6 2 11c0 3.9 3.5 7.2 8.3 7.9L12 22l1.7-3.1C18.5 18.2 22 14.9 22 11c0-4.4-4.5-8-10-8z",
        ChannelKind::Kakao => "M12 4C6.5 4 2 7.4 2 11.6c0 2.7 1.9 5.1 4.7 6.4L6 21l3.6-2.4c.8.1 1.6.2 2.4.2 5.5 0 10-3.4 10-7.6S17.5 4 12 4z",
        ChannelKind::Link => "M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1",
    }
}

pub fn channel_icon(kind: ChannelKind) -> impl IntoView {
    view! {
        <svg class="kefu-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=path_for(kind)/>
        </svg>
    }
}

/// The close mark (×).
const CLOSE: &str = "M6 6l12 12M18 6L6 18";

pub fn launcher_icon(open: Signal<bool>) -> impl IntoView {
    view! {
        <svg class="kefu-icon kefu-launcher-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=move || if open.get() { CLOSE } else { "M4 4h16v12H8l-4 4z" }/>
        </svg>
    }
}

/// `d=CLOSE`, not a literal: Leptos builds a wholly literal element from an HTML string
/// (`innerHTML`), which a host page enforcing Trusted Types refuses.
pub fn close_icon() -> impl IntoView {
    view! {
        <svg class="kefu-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=CLOSE/>
        </svg>
    }
}
