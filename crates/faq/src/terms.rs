//! The site's terms of service and privacy notice in the panel (R1).
//!
//! - [`links`]: "Terms of service · Privacy notice" under the feedback form and the chat's
//!   first message, so they can be read before any use; each opens the text in place.
//! - [`before_submit`]: runs a submission (a ticket, a new chat) once the visitor may send it.
//!   When the site requires acceptance and this browser has accepted no version, a card
//!   shows the texts with "Accept and continue"; when a newer version appeared since the one
//!   accepted, the card says so with its summary of changes, before the submission goes.
//!   Accepting records the version with the server (`POST …/terms/acceptances`, with the
//!   visitor's token), then keeps it in `kefu:terms:<site>` and sends what was waiting.
//!   "Not now" goes back to the form as it was, focus on its button.
//!
//! The texts arrive as HTML the server rendered and sanitized; they are rebuilt element by
//! element (`dom::answer`). Loaded when a form is drawn, and again before each submission.

use crate::dom::{self, el};
use crate::net;
use crate::ui::translate;
use js_sys::{Function, JSON};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};

/// Where a form's terms come from and how to word them.
#[derive(Clone)]
pub struct Ctx {
    pub api: String,
    pub site: String,
    /// The content language.
    pub locale: String,
    pub t: Function,
}

impl Ctx {
    fn t(&self, key: &str) -> String {
        translate(&self.t, key, "", &JsValue::UNDEFINED)
    }

    fn t_with(&self, key: &str, name: &str, value: JsValue) -> String {
        translate(&self.t, key, name, &value)
    }
}

/// The current version for this visitor (`kefu_api::SiteTerms`).
pub struct Terms {
    version: u32,
    published_at: f64,
    require: bool,
    locale: String,
    fallback: bool,
    terms: String,
    privacy: String,
    changes: String,
}

/// What a loaded site said: its terms, or that it has none.
type Loaded = Option<Rc<Terms>>;

thread_local! {
    static CACHE: RefCell<Vec<(String, Loaded)>> = const { RefCell::new(Vec::new()) };
    /// The card on screen, if any, with what closes it.
    static OPEN: RefCell<Option<Open>> = const { RefCell::new(None) };
}

struct Open {
    card: Element,
    anchor: Element,
    back: HtmlElement,
    then: Option<Box<dyn FnOnce()>>,
    ctx: Ctx,
    _on_click: Closure<dyn FnMut(web_sys::Event)>,
}

fn key_of(ctx: &Ctx) -> String {
    format!("{}\n{}", ctx.site, ctx.locale)
}

fn decode(v: &JsValue) -> Option<Terms> {
    Some(Terms {
        version: net::number(v, "version")? as u32,
        published_at: net::number(v, "published_at")?,
        require: net::value(v, "require_acceptance").is_truthy(),
        locale: net::field(v, "locale")?,
        fallback: net::value(v, "fallback").is_truthy(),
        terms: net::field(v, "terms")?,
        privacy: net::field(v, "privacy")?,
        changes: net::field(v, "changes").unwrap_or_default(),
    })
}

/// The site's current terms (`None`: it has none); `Err` when they could not be loaded.
async fn load(ctx: &Ctx) -> Result<Loaded, ()> {
    let key = key_of(ctx);
    if let Some(hit) = CACHE.with(|c| {
        c.borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
    }) {
        return Ok(hit);
    }
    let path = format!("terms?locale={}", js_sys::encode_uri_component(&ctx.locale));
    let token = net::visitor_id().unwrap_or_default();
    let a = net::call(&ctx.api, &ctx.site, "GET", &path, &token, None, None).await;
    let loaded = match a.status {
        204 => None,
        200 => Some(Rc::new(
            JSON::parse(&a.text)
                .ok()
                .as_ref()
                .and_then(decode)
                .ok_or(())?,
        )),
        _ => return Err(()),
    };
    CACHE.with(|c| c.borrow_mut().push((key, loaded.clone())));
    Ok(loaded)
}

fn forget_loaded(ctx: &Ctx) {
    let key = key_of(ctx);
    CACHE.with(|c| c.borrow_mut().retain(|(k, _)| *k != key));
}

fn storage_key(site: &str) -> String {
    format!("kefu:terms:{site}")
}

/// The version this browser accepted.
fn accepted(site: &str) -> Option<u32> {
    net::stored(&storage_key(site)).and_then(|v| v.parse().ok())
}

/// The server refused a submission for want of an acceptance (its records and this browser's
/// disagree, e.g. after the site reset them): ask again next time.
pub fn forget_acceptance(site: &str) {
    net::store(&storage_key(site), None);
}

/// What the visitor must see before `terms` lets a submission go: nothing, the first
/// acceptance, or the notice of a newer version.
fn needed(terms: &Terms, accepted: Option<u32>) -> Option<Mode> {
    match accepted {
        Some(v) if v >= terms.version => None,
        Some(_) => Some(Mode::Update),
        None if terms.require => Some(Mode::Accept),
        None => None,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// First use on a site that requires acceptance.
    Accept,
    /// A newer version than the one accepted.
    Update,
    /// Just reading (from the links), `true` for the privacy notice.
    Read(bool),
}

/// Runs `then` once the visitor may submit: at once when nothing needs accepting (or the
/// terms cannot be loaded: the server then decides), otherwise after "Accept and continue"
/// in a card shown in place of `anchor`. "Not now" drops `then` and focuses `back`.
pub fn before_submit(ctx: &Ctx, anchor: &Element, back: &HtmlElement, then: Box<dyn FnOnce()>) {
    let (ctx, anchor, back) = (ctx.clone(), anchor.clone(), back.clone());
    wasm_bindgen_futures::spawn_local(async move {
        // Asked afresh before each submission (a new version may have come out since the page
        // loaded); what was loaded before serves when the network fails.
        let key = key_of(&ctx);
        let earlier = CACHE.with(|c| {
            let mut c = c.borrow_mut();
            let i = c.iter().position(|(k, _)| *k == key)?;
            Some(c.remove(i).1)
        });
        let loaded = match load(&ctx).await {
            Ok(t) => t,
            Err(()) => {
                if let Some(e) = &earlier {
                    CACHE.with(|c| c.borrow_mut().push((key, e.clone())));
                }
                earlier.flatten()
            }
        };
        let Some(terms) = loaded else {
            return then();
        };
        match needed(&terms, accepted(&ctx.site)) {
            None => then(),
            Some(mode) => {
                let _ = show(&ctx, &terms, mode, &anchor, &back, Some(then));
            }
        }
    });
}

/// "Terms of service · Privacy notice", hidden until the site turns out to have terms; each
/// opens its text in a card in place of `anchor`.
pub fn links(
    ctx: &Ctx,
    anchor: &Element,
    current: fn() -> Option<Ctx>,
) -> Result<Element, JsValue> {
    let doc = dom::document()?;
    let p = el(&doc, "p", "kefu-terms-links", "")?;
    p.set_attribute("hidden", "")?;
    for (key, privacy) in [("terms-link-terms", false), ("terms-link-privacy", true)] {
        let b: HtmlElement = dom::msg(&doc, "button", "kefu-link", &ctx.t, key)?.dyn_into()?;
        b.set_attribute("type", "button")?;
        let (ctx2, anchor2, b2) = (ctx.clone(), anchor.clone(), b.clone());
        let on_click = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            // In the language shown now, which may have changed since the form was drawn.
            let ctx = current().unwrap_or_else(|| ctx2.clone());
            let (anchor, back) = (anchor2.clone(), b2.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(Some(t)) = load(&ctx).await {
                    let _ = show(&ctx, &t, Mode::Read(privacy), &anchor, &back, None);
                }
            });
        });
        b.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
        // Lives as long as the form it belongs to (drawn once per page).
        on_click.forget();
        p.append_child(&b)?;
    }
    let (ctx, p2) = (ctx.clone(), p.clone());
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok(Some(_)) = load(&ctx).await {
            let _ = p2.remove_attribute("hidden");
        }
    });
    Ok(p)
}

fn date(ctx: &Ctx, at: f64) -> String {
    crate::feedback::intl_date(&ctx.t("help-locale"), &[("dateStyle", "long".into())], at)
}

/// Draws the card in place of `anchor` (closing any other first) and moves focus to its title.
fn show(
    ctx: &Ctx,
    terms: &Terms,
    mode: Mode,
    anchor: &Element,
    back: &HtmlElement,
    then: Option<Box<dyn FnOnce()>>,
) -> Result<(), JsValue> {
    close(false);
    let doc = dom::document()?;
    let card = el(&doc, "section", "kefu-terms", "")?;
    card.set_attribute("aria-labelledby", "kefu-terms-title")?;
    let add = |to: &Element, tag: &str, class: &str, text: &str| -> Result<Element, JsValue> {
        let e = el(&doc, tag, class, text)?;
        to.append_child(&e)?;
        Ok(e)
    };
    let title_key = match mode {
        Mode::Accept => "terms-gate-title",
        Mode::Update => "terms-update-title",
        Mode::Read(_) => "terms-read-title",
    };
    let title = add(&card, "h3", "kefu-terms-title", &ctx.t(title_key))?;
    title.set_id("kefu-terms-title");
    title.set_attribute("tabindex", "-1")?;
    let intro = match mode {
        Mode::Accept => ctx.t("terms-gate-text"),
        Mode::Update => ctx.t_with(
            "terms-update-text",
            "date",
            date(ctx, terms.published_at).into(),
        ),
        Mode::Read(_) => String::new(),
    };
    if !intro.is_empty() {
        add(&card, "p", "kefu-terms-text", &intro)?;
    }
    if mode == Mode::Update && !terms.changes.is_empty() {
        let changes = add(&card, "p", "kefu-terms-changes", &terms.changes)?;
        changes.set_attribute("dir", "auto")?;
        changes.set_attribute("lang", &terms.locale)?;
    }
    if terms.fallback {
        add(&card, "p", "kefu-faq-note", &ctx.t("terms-fallback"))?;
    }
    for (key, html, privacy) in [
        ("terms-link-terms", &terms.terms, false),
        ("terms-link-privacy", &terms.privacy, true),
    ] {
        let details = add(&card, "details", "kefu-terms-doc", "")?;
        add(&details, "summary", "", &ctx.t(key))?;
        let body = add(&details, "div", "kefu-faq-answer kefu-terms-body", "")?;
        body.set_attribute("lang", &terms.locale)?;
        body.set_attribute("dir", "auto")?;
        dom::answer(&doc, &body, html)?;
        if mode == Mode::Read(privacy) {
            details.set_attribute("open", "")?;
        }
    }
    let meta = ctx.t_with("terms-version", "version", f64::from(terms.version).into());
    add(
        &card,
        "p",
        "kefu-terms-meta",
        &format!("{meta} · {}", date(ctx, terms.published_at)),
    )?;
    add(&card, "p", "kefu-terms-status", "")?.set_attribute("role", "status")?;
    let actions = add(&card, "div", "kefu-terms-actions", "")?;
    let buttons: &[(&str, &str, &str)] = match mode {
        Mode::Read(_) => &[("kefu-button", "terms-close", "cancel")],
        _ => &[
            ("kefu-button", "terms-accept", "accept"),
            ("kefu-link", "terms-not-now", "cancel"),
        ],
    };
    for (class, key, action) in buttons {
        let b = add(&actions, "button", class, &ctx.t(key))?;
        b.set_attribute("type", "button")?;
        b.set_attribute("data-kefu-terms", action)?;
    }

    let on_click = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let action = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("[data-kefu-terms]").ok().flatten())
            .and_then(|b| b.get_attribute("data-kefu-terms"));
        // After this handler returns: closing drops it.
        wasm_bindgen_futures::spawn_local(async move {
            match action.as_deref() {
                Some("cancel") => drop(close(true)),
                Some("accept") => accept(),
                _ => {}
            }
        });
    });
    card.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
    anchor.after_with_node_1(&card)?;
    anchor.set_attribute("hidden", "")?;
    OPEN.with(|o| {
        *o.borrow_mut() = Some(Open {
            card,
            anchor: anchor.clone(),
            back: back.clone(),
            then,
            ctx: ctx.clone(),
            _on_click: on_click,
        })
    });
    if let Ok(t) = title.dyn_into::<HtmlElement>() {
        let _ = t.focus();
    }
    Ok(())
}

/// Removes the card and shows the form again; `focus_back` returns focus to where the visitor
/// was. What was waiting is dropped (it is the caller's to run on acceptance).
fn close(focus_back: bool) -> Option<Box<dyn FnOnce()>> {
    let open = OPEN.with(|o| o.borrow_mut().take())?;
    open.card.remove();
    let _ = open.anchor.remove_attribute("hidden");
    if focus_back {
        let _ = open.back.focus();
    }
    open.then
}

/// "Accept and continue": records the acceptance, then sends what was waiting. A newer version
/// published meanwhile is shown instead; a failure is said in the card.
fn accept() {
    let Some((ctx, card)) =
        OPEN.with(|o| o.borrow().as_ref().map(|o| (o.ctx.clone(), o.card.clone())))
    else {
        return;
    };
    let status = card.query_selector(".kefu-terms-status").ok().flatten();
    let button = card
        .query_selector("[data-kefu-terms=accept]")
        .ok()
        .flatten();
    if let Some(b) = &button {
        let _ = b.set_attribute("disabled", "");
    }
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(Some(terms)) = load(&ctx).await else {
            return;
        };
        let body = net::object(&[
            ("version", f64::from(terms.version).into()),
            ("locale", terms.locale.clone().into()),
        ]);
        let body: String = JSON::stringify(&body).map(Into::into).unwrap_or_default();
        let token = net::visitor_id().unwrap_or_default();
        let a = net::call(
            &ctx.api,
            &ctx.site,
            "POST",
            "terms/acceptances",
            &token,
            None,
            Some(&body),
        )
        .await;
        if let Some(b) = &button {
            let _ = b.remove_attribute("disabled");
        }
        match a.status {
            200 | 201 => {
                net::store(&storage_key(&ctx.site), Some(&terms.version.to_string()));
                if let Some(then) = close(false) {
                    then();
                }
            }
            409 => {
                // A newer version came out while the visitor read: show that one.
                forget_loaded(&ctx);
                let Some((anchor, back, then)) = OPEN.with(|o| {
                    o.borrow_mut()
                        .as_mut()
                        .map(|o| (o.anchor.clone(), o.back.clone(), o.then.take()))
                }) else {
                    return;
                };
                if let Ok(Some(newer)) = load(&ctx).await {
                    let mode = needed(&newer, accepted(&ctx.site)).unwrap_or(Mode::Accept);
                    let _ = show(&ctx, &newer, mode, &anchor, &back, then);
                }
            }
            _ => {
                if let Some(s) = status {
                    s.set_text_content(Some(&ctx.t("terms-error")));
                }
            }
        }
    });
}
