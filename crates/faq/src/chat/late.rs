//! The card shown when no agent answered within the site's promise (R3): FAQ articles that
//! match what the visitor wrote, "Keep waiting" and "Leave a message".

use super::view::{button, View};
use super::Chat;
use crate::dom::{document, el, tagged};
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

impl View {
    pub fn clear_late(&self) {
        let _ = self.late.set_attribute("hidden", "");
        if let Some(s) = self.suggest.borrow_mut().take() {
            s.destroy();
        }
        while let Some(child) = self.late.first_child() {
            let _ = self.late.remove_child(&child);
        }
    }

    /// No answer within the promise: articles that match what the visitor wrote, "Keep waiting"
    /// and "Leave a message".
    pub fn show_late(&self, c: &Chat, asked: &str) {
        self.clear_late();
        let Ok(doc) = document() else { return };
        let build = || -> Result<(), JsValue> {
            let p = tagged(
                el(&doc, "p", "kefu-chat-late-text", &c.t("chat-late"))?,
                "chat-late",
            )?;
            p.set_attribute("role", "status")?;
            self.late.append_child(&p)?;
            let slot: HtmlElement = el(&doc, "div", "kefu-chat-late-articles", "")?.dyn_into()?;
            self.late.append_child(&slot)?;
            if let Some(t) = &c.opts.t {
                let s = crate::Suggest::new(
                    slot,
                    c.opts.api.clone(),
                    c.opts.site.clone(),
                    c.opts.locale.clone(),
                    t.clone(),
                )?;
                s.update(asked)?;
                *self.suggest.borrow_mut() = Some(s);
            }
            let row = el(&doc, "div", "kefu-chat-late-actions", "")?;
            for (class, action, key) in [
                ("kefu-button", "keep", "chat-keep-waiting"),
                ("kefu-link", "leave", "chat-leave"),
            ] {
                let b = tagged(button(&doc, class, action, &c.t(key))?, key)?;
                row.append_child(&b)?;
            }
            self.late.append_child(&row)?;
            self.late.remove_attribute("hidden")
        };
        let _ = build();
    }
}
