//! The NPS question (R14): "How likely are you to recommend us to a friend or colleague?",
//! 0–10 with an optional reason, in a small card above the launcher.
//!
//! Who is asked: the loader counts visits (`kefu:visits:<site>`, a visit being a page view
//! after 30 minutes away) and calls this only for a returning visitor whose next question is
//! due (`kefu:nps:<site>`, a time in ms). Here the site's interval is read (`GET …/nps`): the
//! card is shown and the next question put `nps_interval_days` ahead, whatever the
//! visitor does with it (answering, "Not now", or leaving the page), so nobody is asked twice in
//! an interval. A site that asks nothing is looked at again a week later.
//!
//! The card never takes focus and never covers the open panel; it goes away after "Not now",
//! the close button, Escape, or a few seconds after the thank-you. An answer is a submission:
//! on a site that requires its terms to be accepted, it waits for them like a request does.

use crate::dom::{self, el};
use crate::net;
use crate::ui::translate;
use js_sys::{Function, JSON};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

const DAY_MS: f64 = 86_400_000.0;
/// A site without the question is looked at again after this many days.
const RECHECK_DAYS: f64 = 7.0;
const MAX_COMMENT: u32 = 1000;

pub struct Opts {
    pub api: String,
    pub site: String,
    pub locale: String,
    pub t: Function,
}

struct Card {
    opts: Opts,
    root: Element,
    scale: Element,
    more: Element,
    comment: HtmlTextAreaElement,
    status: Element,
    score: Option<u8>,
    sending: bool,
    _click: Closure<dyn FnMut(web_sys::Event)>,
    _key: Closure<dyn FnMut(web_sys::KeyboardEvent)>,
}

thread_local! {
    static CARD: RefCell<Option<Card>> = const { RefCell::new(None) };
}

fn with_card<R>(f: impl FnOnce(&mut Card) -> R) -> Option<R> {
    CARD.with(|c| c.borrow_mut().as_mut().map(f))
}

fn next_key(site: &str) -> String {
    format!("kefu:nps:{site}")
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// Asks the question in `container` if the site asks it (see the module's comment).
pub fn mount(container: HtmlElement, opts: Opts) -> Result<(), JsValue> {
    crate::ui::adopt_css(&container)?;
    // The widget drew its slot again (e.g. a new language): the card moves there.
    if let Some(r) = with_card(|c| {
        dom::relabel(&c.root, &c.opts.t);
        container.append_child(&c.root)
    }) {
        return r.map(drop);
    }
    wasm_bindgen_futures::spawn_local(async move {
        let token = net::visitor_id().unwrap_or_else(|| "0".repeat(32));
        let a = net::call(&opts.api, &opts.site, "GET", "nps", &token, None, None).await;
        if a.status != 200 && a.status != 404 {
            return; // asked again on a later page
        }
        // 404: the site asks nothing (its surveys module is off).
        let days = JSON::parse(&a.text)
            .ok()
            .and_then(|v| net::number(&v, "interval_days"))
            .filter(|d| *d > 0.0);
        let next = now() + DAY_MS * days.unwrap_or(RECHECK_DAYS);
        if !net::store(&next_key(&opts.site), Some(&(next as u64).to_string())) || days.is_none() {
            return; // no storage: the visitor could be asked on every page, so not at all
        }
        // Without its card the page simply goes on.
        if let Ok(card) = Card::build(opts) {
            let _ = container.append_child(&card.root);
            CARD.with(|c| *c.borrow_mut() = Some(card));
        }
    });
    Ok(())
}

impl Card {
    fn t(&self, key: &str) -> String {
        translate(&self.opts.t, key, "", &JsValue::UNDEFINED)
    }

    fn build(opts: Opts) -> Result<Card, JsValue> {
        let doc = dom::document()?;
        let t = |k: &str| translate(&opts.t, k, "", &JsValue::UNDEFINED);
        let root = el(&doc, "section", "kefu-nps-card", "")?;
        root.set_attribute("aria-labelledby", "kefu-nps-q")?;
        let close = el(&doc, "button", "kefu-nps-close", "×")?;
        close.set_attribute("type", "button")?;
        close.set_attribute("data-kefu-action", "later")?;
        close.set_attribute("aria-label", &t("nps-close"))?;
        dom::keyed(&close, "aria-label=nps-close")?;
        root.append_child(&close)?;
        let q = dom::msg(&doc, "p", "kefu-nps-q", &opts.t, "nps-question")?;
        q.set_id("kefu-nps-q");
        root.append_child(&q)?;
        let scale = el(&doc, "div", "kefu-nps-scale", "")?;
        scale.set_attribute("role", "group")?;
        scale.set_attribute("aria-labelledby", "kefu-nps-q")?;
        for n in 0..=10u8 {
            let b = el(&doc, "button", "kefu-nps-score", &n.to_string())?;
            b.set_attribute("type", "button")?;
            b.set_attribute("aria-pressed", "false")?;
            b.set_attribute("data-kefu-action", &format!("score:{n}"))?;
            scale.append_child(&b)?;
        }
        root.append_child(&scale)?;
        let ends = el(&doc, "p", "kefu-nps-ends", "")?;
        ends.set_attribute("aria-hidden", "true")?;
        ends.append_child(dom::msg(&doc, "span", "", &opts.t, "nps-low")?.as_ref())?;
        ends.append_child(dom::msg(&doc, "span", "", &opts.t, "nps-high")?.as_ref())?;
        root.append_child(&ends)?;

        let more = el(&doc, "div", "kefu-nps-more", "")?;
        more.set_attribute("hidden", "")?;
        let label = dom::msg(&doc, "label", "kefu-fb-label", &opts.t, "nps-why")?;
        label.set_attribute("for", "kefu-nps-why")?;
        more.append_child(&label)?;
        let comment: HtmlTextAreaElement = doc.create_element("textarea")?.dyn_into()?;
        comment.set_id("kefu-nps-why");
        comment.set_class_name("kefu-fb-input");
        comment.set_rows(2);
        comment.set_attribute("maxlength", &MAX_COMMENT.to_string())?;
        more.append_child(&comment)?;
        let send_button = dom::msg(&doc, "button", "kefu-button", &opts.t, "nps-send")?;
        send_button.set_attribute("type", "button")?;
        send_button.set_attribute("data-kefu-action", "send")?;
        more.append_child(&send_button)?;
        // What the terms' card takes the place of while it is shown (`send`).
        let foot = el(&doc, "div", "kefu-nps-foot", "")?;
        foot.append_child(&more)?;
        root.append_child(&foot)?;

        let status = el(&doc, "p", "kefu-nps-status", "")?;
        status.set_attribute("role", "status")?;
        foot.append_child(&status)?;
        let later = dom::msg(
            &doc,
            "button",
            "kefu-link kefu-nps-later",
            &opts.t,
            "nps-later",
        )?;
        later.set_attribute("type", "button")?;
        later.set_attribute("data-kefu-action", "later")?;
        foot.append_child(&later)?;

        let click = Closure::<dyn FnMut(web_sys::Event)>::new(|ev: web_sys::Event| {
            let action = ev
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|e| e.closest("[data-kefu-action]").ok().flatten())
                .and_then(|e| e.get_attribute("data-kefu-action"));
            match action.as_deref() {
                Some("later") => dismiss(),
                Some("send") => send(),
                Some(a) => {
                    if let Some(n) = a.strip_prefix("score:").and_then(|n| n.parse().ok()) {
                        with_card(|c| c.choose(n));
                    }
                }
                None => {}
            }
        });
        root.add_event_listener_with_callback("click", click.as_ref().unchecked_ref())?;
        let key =
            Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(|ev: web_sys::KeyboardEvent| {
                if ev.key() == "Escape" {
                    ev.stop_propagation();
                    dismiss();
                }
            });
        root.add_event_listener_with_callback("keydown", key.as_ref().unchecked_ref())?;
        Ok(Card {
            opts,
            root,
            scale,
            more,
            comment,
            status,
            score: None,
            sending: false,
            _click: click,
            _key: key,
        })
    }

    fn choose(&mut self, n: u8) {
        self.score = Some(n);
        let buttons = self.scale.child_nodes();
        for i in 0..buttons.length() {
            if let Some(b) = buttons.item(i).and_then(|b| b.dyn_into::<Element>().ok()) {
                let _ = b.set_attribute(
                    "aria-pressed",
                    if i == u32::from(n) { "true" } else { "false" },
                );
            }
        }
        let _ = self.more.remove_attribute("hidden");
        self.status.set_text_content(None);
    }
}

fn dismiss() {
    CARD.with(|c| {
        if let Some(card) = c.borrow_mut().take() {
            card.root.remove();
            // The closures live until the next tick: this one is running.
            wasm_bindgen_futures::spawn_local(async move { drop(card) });
        }
    });
}

/// Sends the answer once the site's terms allow (`terms::before_submit`, its card in place of
/// the reason, the buttons and the status).
fn send() {
    let Some((ctx, foot, back)) = with_card(|c| {
        let back: HtmlElement = c
            .more
            .query_selector(".kefu-button")
            .ok()??
            .dyn_into()
            .ok()?;
        let foot = c.more.parent_element()?;
        let o = &c.opts;
        let ctx = crate::terms::Ctx {
            api: o.api.clone(),
            site: o.site.clone(),
            locale: o.locale.clone(),
            t: o.t.clone(),
        };
        (!c.sending && c.score.is_some()).then_some((ctx, foot, back))
    })
    .flatten() else {
        return;
    };
    crate::terms::before_submit(&ctx, &foot, &back, Box::new(post));
}

/// Sends the chosen score with the reason; thanks the visitor, or says it failed and keeps it.
fn post() {
    let Some(req) = with_card(|c| {
        if c.sending {
            return None;
        }
        let score = c.score?;
        c.sending = true;
        c.status.set_text_content(Some(&c.t("nps-sending")));
        let mut pairs: Vec<(&str, JsValue)> = vec![
            ("score", score.into()),
            ("locale", c.opts.locale.as_str().into()),
        ];
        let comment = c.comment.value();
        if !comment.trim().is_empty() {
            pairs.push(("comment", comment.into()));
        }
        if let Some(href) = web_sys::window().and_then(|w| w.location().href().ok()) {
            if href.starts_with("http") && href.len() <= 2000 {
                pairs.push(("page", href.into()));
            }
        }
        let body = JSON::stringify(&net::object(&pairs)).ok()?.as_string()?;
        Some((c.opts.api.clone(), c.opts.site.clone(), body))
    })
    .flatten() else {
        return;
    };
    let (api, site, body) = req;
    wasm_bindgen_futures::spawn_local(async move {
        let token = net::visitor_id().unwrap_or_else(|| "0".repeat(32));
        let a = net::call(&api, &site, "POST", "nps", &token, None, Some(&body)).await;
        // 409: this visitor's answer is already in (an earlier try got through).
        let done = a.status == 201 || a.status == 409;
        with_card(|c| {
            c.sending = false;
            let key = if done { "nps-thanks" } else { "nps-failed" };
            c.status.set_text_content(Some(&c.t(key)));
            if done {
                let _ = c.scale.set_attribute("hidden", "");
                let _ = c.more.set_attribute("hidden", "");
                let _ = c.root.set_attribute("data-kefu-done", "");
            }
        });
        if done {
            let close = Closure::once_into_js(dismiss);
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                    close.unchecked_ref(),
                    4000,
                );
            }
        }
    });
}
