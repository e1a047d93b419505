//! The feedback form (R13, R15), drawn with plain DOM calls below the contact channels.
//!
//! Home: what the site promises ("an outcome within 5 working days"), a "Send feedback" button,
//! and any saved submission still waiting to be sent or refused. The form replaces the panel's
//! body while open (the other parts hide through `data-kefu-view` on `.kefu-body`): topic,
//! subject, description with counters and FAQ suggestions as the visitor types (`Suggest`),
//! optional e-mail, urgency, an optional image; the site's terms linked under it, and accepted
//! first when the site requires it (`crate::terms`).
//! Checked here first, then by the server, whose field errors land on their fields.
//!
//! Sending goes through the outbox (`outbox.rs`): saved first, then sent, retried, resumed
//! after a reload. The visitor sees "sending", "saved, will be sent when you are back online"
//! (or "in N seconds" after a 429), or the receipt: the reference and the due date in their
//! language and the site's time zone, with how far away it is.
//!
//! Built once per page, so a half-typed form survives closing and reopening the panel.

mod form;
mod requests;
mod send;

use form::{button, field_row, option, status_and_button, Form};
use requests::{
    load_list, load_ticket, send_rating, send_recover, send_reply, OPEN_REQUESTS, OPEN_TICKET,
};
pub use requests::{open_link, recover};
use send::submit_form;

use crate::dom::{self, el, msg};
use crate::net;
use crate::outbox::{self, Item, Outcome};
use crate::suggest::Suggest;
use crate::ui::translate;
use js_sys::{Function, JSON};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

const MAX_SUBJECT: u32 = kefu_api::MAX_SUBJECT_CHARS as u32;
const MAX_MESSAGE: u32 = kefu_api::MAX_MESSAGE_CHARS as u32;
const MAX_IMAGE: f64 = kefu_api::MAX_ATTACHMENT_BYTES as f64;
const IMAGE_TYPES: [&str; 4] = ["image/png", "image/jpeg", "image/gif", "image/webp"];

pub struct Opts {
    pub api: String,
    pub site: String,
    pub locale: String,
    pub t: Function,
    pub emit: Option<Function>,
    /// The e-mail address of the visitor the host page identified (`Kefu.identify`).
    pub email: Option<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum View {
    Home,
    Form,
    Done,
    /// "My requests": the list, or one request with its thread.
    Requests,
}

struct Config {
    locale: String,
    days: u32,
}

struct Fb {
    opts: Opts,
    doc: Document,
    root: Element,
    home: Element,
    form_view: Element,
    done: Element,
    requests: Element,
    form: Form,
    config: Option<Config>,
    suggest: Option<Suggest>,
    view: View,
    /// The key of the submission this form sent and is waiting for.
    sending: Option<String>,
    /// The key of a reply not yet confirmed (the same key on every retry).
    reply_key: Option<String>,
    /// The satisfaction score chosen under a resolved request, before it is sent.
    score: Option<u8>,
    /// A request opened from its e-mailed link: its reference and secret, which stand in for
    /// the visitor's token for that request (kept in memory only).
    link: Option<(String, String)>,
}

thread_local! {
    static FB: RefCell<Option<Fb>> = const { RefCell::new(None) };
}

fn with_fb<R>(f: impl FnOnce(&mut Fb) -> R) -> Option<R> {
    FB.with(|u| u.borrow_mut().as_mut().map(f))
}

impl Fb {
    /// Where the site's terms come from, in the form's current language.
    fn terms_ctx(&self) -> crate::terms::Ctx {
        crate::terms::Ctx {
            api: self.opts.api.clone(),
            site: self.opts.site.clone(),
            locale: self
                .config
                .as_ref()
                .map_or_else(|| self.opts.locale.clone(), |c| c.locale.clone()),
            t: self.opts.t.clone(),
        }
    }

    fn t(&self, key: &str) -> String {
        translate(&self.opts.t, key, "", &JsValue::UNDEFINED)
    }

    fn t_with(&self, key: &str, name: &str, value: JsValue) -> String {
        translate(&self.opts.t, key, name, &value)
    }

    fn build(opts: Opts) -> Result<Fb, JsValue> {
        let doc = dom::document()?;
        let root = el(&doc, "section", "kefu-fb", "")?;
        root.set_attribute("aria-labelledby", "kefu-fb-title")?;
        let home = el(&doc, "div", "kefu-fb-home", "")?;
        let form_view = el(&doc, "div", "kefu-fb-view", "")?;
        form_view.set_attribute("hidden", "")?;
        let done = el(&doc, "div", "kefu-fb-done", "")?;
        done.set_attribute("hidden", "")?;
        let requests = el(&doc, "div", "kefu-fb-requests", "")?;
        requests.set_attribute("hidden", "")?;

        // The form.
        let back = msg(
            &doc,
            "button",
            "kefu-link kefu-fb-back",
            &opts.t,
            "feedback-back",
        )?;
        back.set_attribute("type", "button")?;
        back.set_attribute("data-kefu-action", "back")?;
        form_view.append_child(&back)?;
        let title = msg(
            &doc,
            "h3",
            "kefu-fb-form-title",
            &opts.t,
            "feedback-form-title",
        )?;
        title.set_id("kefu-fb-form-title");
        title.set_attribute("tabindex", "-1")?;
        form_view.append_child(&title)?;
        let form = Form::build(&doc, &opts.t)?;
        form_view.append_child(&form.form)?;
        let ctx = crate::terms::Ctx {
            api: opts.api.clone(),
            site: opts.site.clone(),
            locale: opts.locale.clone(),
            t: opts.t.clone(),
        };
        form_view.append_child(
            crate::terms::links(&ctx, &form_view, || with_fb(|fb| fb.terms_ctx()))?.as_ref(),
        )?;

        root.append_child(&home)?;
        root.append_child(&form_view)?;
        root.append_child(&done)?;
        root.append_child(&requests)?;

        // Listeners live as long as the page: the view is built once.
        let on_click = Closure::<dyn FnMut(web_sys::Event)>::new(|ev: web_sys::Event| {
            let action = ev
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|e| e.closest("[data-kefu-action]").ok().flatten())
                .and_then(|e| e.get_attribute("data-kefu-action"));
            if let Some(a) = action {
                with_fb(|fb| fb.on_action(&a));
            }
        });
        root.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
        on_click.forget();
        let on_input = Closure::<dyn FnMut(web_sys::Event)>::new(|ev: web_sys::Event| {
            let id = ev
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .map(|e| e.id())
                .unwrap_or_default();
            with_fb(|fb| fb.on_input(&id));
        });
        root.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref())?;
        on_input.forget();
        let on_submit = Closure::<dyn FnMut(web_sys::Event)>::new(|ev: web_sys::Event| {
            ev.prevent_default();
            submit_form();
        });
        form.form
            .add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref())?;
        on_submit.forget();
        let on_key =
            Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(|ev: web_sys::KeyboardEvent| {
                if ev.key() == "Escape" && with_fb(|fb| fb.view != View::Home) == Some(true) {
                    ev.prevent_default();
                    ev.stop_propagation();
                    with_fb(|fb| fb.show(View::Home));
                }
            });
        root.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref())?;
        on_key.forget();

        Ok(Fb {
            opts,
            doc,
            root,
            home,
            form_view,
            done,
            requests,
            form,
            config: None,
            suggest: None,
            view: View::Home,
            sending: None,
            reply_key: None,
            score: None,
            link: None,
        })
    }

    /// The panel's body shows only this view while the form or receipt is open.
    fn mark_body(&self) {
        if let Ok(Some(body)) = self.root.closest(".kefu-body") {
            let _ = if self.view == View::Home {
                body.remove_attribute("data-kefu-view")
            } else {
                body.set_attribute("data-kefu-view", "feedback")
            };
        }
    }

    fn show(&mut self, view: View) {
        self.view = view;
        let _ = self
            .home
            .toggle_attribute_with_force("hidden", view != View::Home);
        let _ = self
            .form_view
            .toggle_attribute_with_force("hidden", view != View::Form);
        let _ = self
            .done
            .toggle_attribute_with_force("hidden", view != View::Done);
        let _ = self
            .requests
            .toggle_attribute_with_force("hidden", view != View::Requests);
        self.mark_body();
        let focus = match view {
            View::Home => {
                let _ = self.render_home();
                self.home
                    .query_selector("[data-kefu-action=open]")
                    .ok()
                    .flatten()
            }
            View::Form => self.form_view.query_selector("h3").ok().flatten(),
            View::Done => self.done.query_selector("h3").ok().flatten(),
            View::Requests => self.requests.query_selector("h3").ok().flatten(),
        };
        if let Some(f) = focus.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
            let _ = f.focus();
        }
    }

    fn render_home(&self) -> Result<(), JsValue> {
        let doc = &self.doc;
        self.home.set_text_content(None);
        let title = el(doc, "h3", "kefu-fb-title", &self.t("feedback-title"))?;
        title.set_id("kefu-fb-title");
        self.home.append_child(&title)?;
        let days = self.config.as_ref().map_or(5, |c| c.days);
        self.home.append_child(
            el(
                doc,
                "p",
                "kefu-fb-intro",
                &self.t_with("feedback-intro", "days", f64::from(days).into()),
            )?
            .as_ref(),
        )?;
        self.home
            .append_child(button(doc, "kefu-button", &self.t("feedback-open"), "open")?.as_ref())?;
        // Always offered: a visitor on a new device finds the e-mailed link there.
        let mine = button(
            doc,
            "kefu-link kefu-fb-mine",
            &self.t("feedback-my-requests"),
            "requests",
        )?;
        self.home.append_child(&mine)?;
        // Submissions saved on this device: waiting, or refused with the server's reason.
        let items = outbox::items(&self.opts.site);
        let waiting = items.iter().filter(|i| i.failed.is_none()).count();
        if waiting > 0 {
            let p = el(
                doc,
                "p",
                "kefu-fb-outbox",
                &self.t_with("feedback-outbox", "count", (waiting as f64).into()),
            )?;
            p.set_attribute("role", "status")?;
            self.home.append_child(&p)?;
        }
        for item in items.iter().filter(|i| i.failed.is_some()) {
            let (_, message) = item.failed.clone().unwrap_or_default();
            let p = el(doc, "p", "kefu-fb-failed", "")?;
            p.append_child(el(doc, "strong", "", &item.subject)?.as_ref())?;
            p.append_child(
                el(
                    doc,
                    "span",
                    "",
                    &format!(
                        " {}",
                        self.t_with("feedback-error-failed", "message", message.into())
                    ),
                )?
                .as_ref(),
            )?;
            p.append_child(
                button(
                    doc,
                    "kefu-link",
                    &self.t("feedback-discard"),
                    &format!("discard:{}", item.key),
                )?
                .as_ref(),
            )?;
            self.home.append_child(&p)?;
        }
        Ok(())
    }

    fn apply_config(&mut self, v: &JsValue) -> Result<(), JsValue> {
        let doc = self.doc.clone();
        let select = &self.form.category;
        let current = select.value();
        select.set_text_content(None);
        if let Ok(list) = net::value(v, "categories").dyn_into::<js_sys::Array>() {
            for c in list.iter() {
                let id = net::field(&c, "id").unwrap_or_default();
                let key = format!("feedback-category-{id}");
                let label = net::field(&c, "label");
                option(&doc, select, &id, label.as_deref().unwrap_or(&self.t(&key)))?;
                // The built-in categories are in the widget's words, so follow its language.
                if let (None, Some(o)) = (label, select.last_element_child()) {
                    dom::keyed(&o, &key)?;
                }
            }
        }
        if !current.is_empty() {
            select.set_value(&current);
        }
        let config = Config {
            locale: net::field(v, "locale").unwrap_or_else(|| self.opts.locale.clone()),
            days: net::number(v, "due_working_days").unwrap_or(5.0) as u32,
        };
        self.config = Some(config);
        if self.view == View::Home {
            self.render_home()?;
        }
        Ok(())
    }

    fn on_action(&mut self, action: &str) {
        match action {
            "open" => {
                self.ensure_suggest();
                self.show(View::Form);
            }
            "back" | "done" => self.show(View::Home),
            // These borrow the view again: run them once this handler has returned.
            "requests" => {
                self.show(View::Requests);
                later(load_list);
            }
            "reply" => later(send_reply),
            "rate" => later(send_rating),
            "recover" => later(send_recover),
            other => {
                if let Some(n) = other
                    .strip_prefix("score:")
                    .and_then(|n| n.parse::<u8>().ok())
                {
                    self.score = Some(n);
                    if let Ok(list) = self.requests.query_selector_all(".kefu-fb-score") {
                        for i in 0..list.length() {
                            if let Some(b) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok())
                            {
                                let on =
                                    b.get_attribute("data-kefu-action").as_deref() == Some(other);
                                let _ = b.set_attribute(
                                    "aria-pressed",
                                    if on { "true" } else { "false" },
                                );
                            }
                        }
                    }
                    return;
                }
                if let Some(reference) = other.strip_prefix("ticket:") {
                    let reference = reference.to_owned();
                    later(move || load_ticket(reference));
                    return;
                }
                if let Some(key) = other.strip_prefix("discard:") {
                    outbox::remove(&self.opts.site, key);
                    let _ = self.render_home();
                }
            }
        }
    }

    fn ensure_suggest(&mut self) {
        if self.suggest.is_some() {
            return;
        }
        let Ok(Some(slot)) = self.form.form.query_selector(".kefu-fb-suggest") else {
            return;
        };
        let Ok(slot) = slot.dyn_into::<HtmlElement>() else {
            return;
        };
        self.suggest = Suggest::new(
            slot,
            self.opts.api.clone(),
            self.opts.site.clone(),
            self.opts.locale.clone(),
            self.opts.t.clone(),
        )
        .ok();
    }

    fn on_input(&mut self, id: &str) {
        self.render_counts();
        if id == "kefu-fb-subject" || id == "kefu-fb-description" {
            if let Some(s) = &self.suggest {
                let text = format!(
                    "{} {}",
                    self.form.subject.value(),
                    self.form.description.value()
                );
                let _ = s.update(&text);
            }
        }
        // An error goes once the field is edited.
        self.set_error_in(&self.root, id, None);
    }
}

/// `at` formatted by `Intl.DateTimeFormat(locale, options)`.
pub(crate) fn intl_date(locale: &str, options: &[(&str, JsValue)], at: f64) -> String {
    let opts = net::object(options);
    let f = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::of1(&locale.into()), &opts.into());
    f.format()
        .call1(&JsValue::NULL, &js_sys::Date::new(&at.into()))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// A date in the visitor's language, in the site's time zone, e.g. "Friday, 4 December 2026".
fn format_date(locale: &str, zone: &str, at: f64) -> String {
    intl_date(
        locale,
        &[("dateStyle", "full".into()), ("timeZone", zone.into())],
        at,
    )
}

/// Runs `f` after the current event handler (which holds the view) has returned.
fn later(f: impl FnOnce() + 'static) {
    wasm_bindgen_futures::spawn_local(async move { f() });
}

/// Loads the form's settings (categories in the visitor's language, consent, the promise).
fn load_config() {
    let Some((api, site, locale)) = with_fb(|fb| {
        (
            fb.opts.api.clone(),
            fb.opts.site.clone(),
            fb.opts.locale.clone(),
        )
    }) else {
        return;
    };
    let token = net::visitor_id().unwrap_or_else(|| "0".repeat(32));
    wasm_bindgen_futures::spawn_local(async move {
        let path = format!("feedback?locale={}", js_sys::encode_uri_component(&locale));
        let a = net::call(&api, &site, "GET", &path, &token, None, None).await;
        if a.status == 200 {
            if let Ok(v) = JSON::parse(&a.text) {
                with_fb(|fb| fb.apply_config(&v));
            }
        }
    });
}

pub fn mount(container: HtmlElement, opts: Opts) -> Result<(), JsValue> {
    let exists = FB.with(|u| u.borrow().is_some());
    let reload = if exists {
        with_fb(|fb| {
            let changed = fb.opts.locale != opts.locale || fb.opts.site != opts.site;
            fb.opts = opts;
            changed || fb.config.is_none()
        })
        .unwrap_or(true)
    } else {
        let fb = Fb::build(opts)?;
        FB.with(|u| *u.borrow_mut() = Some(fb));
        outbox::listen(|key, outcome| {
            with_fb(|fb| fb.on_outcome(key, outcome));
        });
        true
    };
    crate::ui::adopt_css(&container)?;
    with_fb(|fb| -> Result<(), JsValue> {
        container.append_child(&fb.root)?;
        // A new language (`Kefu.setLocale`): the views built once follow it, keeping what the
        // visitor typed.
        dom::relabel(&fb.root, &fb.opts.t);
        if let Some(s) = &fb.suggest {
            s.relabel();
        }
        if let Some(e) = &fb.opts.email {
            if fb.form.email.value().is_empty() {
                fb.form.email.set_value(e);
            }
        }
        fb.render_counts();
        fb.mark_body();
        // Drawn even while hidden behind the form, so it is in the current language.
        fb.render_home()?;
        Ok(())
    })
    .transpose()?;
    if reload {
        load_config();
    }
    if OPEN_REQUESTS.with(|o| o.replace(false)) {
        with_fb(|fb| fb.show(View::Requests));
        later(load_list);
    }
    if let Some((reference, secret)) = OPEN_TICKET.with(|o| o.borrow_mut().take()) {
        with_fb(|fb| {
            fb.link = Some((reference.clone(), secret));
            fb.show(View::Requests);
        });
        later(move || load_ticket(reference));
    }
    // Anything saved earlier goes out now.
    if let Some((api, site, emit)) = with_fb(|fb| {
        (
            fb.opts.api.clone(),
            fb.opts.site.clone(),
            fb.opts.emit.clone(),
        )
    }) {
        if !outbox::items(&site).is_empty() {
            outbox::flush(api, site, emit);
        }
    }
    Ok(())
}

/// "Leave a message" from the chat (no agent online, or none answered within the promise): the
/// feedback form opens with the chat's transcript as its description, so the ticket carries
/// it. `false` when the form is not on this panel (the site's feedback module is off).
pub fn leave_message(subject: &str, transcript: &str) -> bool {
    with_fb(|fb| {
        if fb.form.subject.value().is_empty() {
            let s: String = subject.chars().take(MAX_SUBJECT as usize).collect();
            fb.form.subject.set_value(&s);
        }
        if fb.form.description.value().is_empty() {
            let d: String = transcript.chars().take(MAX_MESSAGE as usize).collect();
            fb.form.description.set_value(&d);
        }
        fb.render_counts();
        fb.on_action("open");
    })
    .is_some()
}
