//! The feedback form (R13, R15), drawn with plain DOM calls below the contact channels.
//!
//! Home: what the site promises ("an outcome within 5 working days"), a "Send feedback" button,
//! and any saved submission still waiting to be sent or refused. The form replaces the panel's
//! body while open (the other parts hide through `data-kefu-view` on `.kefu-body`): topic,
//! subject, description with counters and FAQ suggestions as the visitor types (`Suggest`),
//! optional e-mail, urgency, an optional image, and consent when the site requires it.
//! Checked here first, then by the server, whose field errors land on their fields.
//!
//! Sending goes through the outbox (`outbox.rs`): saved first, then sent, retried, resumed
//! after a reload. The visitor sees "sending", "saved, will be sent when you are back online"
//! (or "in N seconds" after a 429), or the receipt: the reference and the due date in their
//! language and the site's time zone, with how far away it is.
//!
//! Built once per page, so a half-typed form survives closing and reopening the panel.

use crate::dom::{self, el};
use crate::net;
use crate::outbox::{self, Item, Outcome};
use crate::suggest::Suggest;
use crate::ui::translate;
use js_sys::{Function, JSON};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::{
    Document, Element, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
};

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
    require_consent: bool,
    days: u32,
}

struct Form {
    form: Element,
    category: HtmlSelectElement,
    subject: HtmlInputElement,
    subject_count: Element,
    description: HtmlTextAreaElement,
    description_count: Element,
    email: HtmlInputElement,
    urgency: HtmlSelectElement,
    file: HtmlInputElement,
    consent_row: Element,
    consent: HtmlInputElement,
    submit: HtmlElement,
    status: Element,
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

/// A labelled field: `<div class="kefu-fb-field"><label for=id>…</label>{control}<p hint/>
/// <p error/></div>`; returns the row.
fn field_row(
    doc: &Document,
    id: &str,
    label: &str,
    control: &Element,
    hint: Option<&str>,
) -> Result<Element, JsValue> {
    let row = el(doc, "div", "kefu-fb-field", "")?;
    let l = el(doc, "label", "kefu-fb-label", label)?;
    l.set_attribute("for", id)?;
    control.set_id(id);
    row.append_child(&l)?;
    row.append_child(control)?;
    let mut described = vec![];
    if let Some(h) = hint {
        let p = el(doc, "p", "kefu-fb-hint", h)?;
        p.set_id(&format!("{id}-hint"));
        described.push(format!("{id}-hint"));
        row.append_child(&p)?;
    }
    let err = el(doc, "p", "kefu-fb-error", "")?;
    err.set_id(&format!("{id}-error"));
    err.set_attribute("hidden", "")?;
    row.append_child(&err)?;
    described.push(format!("{id}-error"));
    control.set_attribute("aria-describedby", &described.join(" "))?;
    Ok(row)
}

/// A live status line (for "sent", "failed", "wait") and the button that sends, under a form.
fn status_and_button(
    doc: &Document,
    parent: &Element,
    text: &str,
    action: &str,
) -> Result<(), JsValue> {
    let status = el(doc, "p", "kefu-fb-status", "")?;
    status.set_attribute("role", "status")?;
    parent.append_child(&status)?;
    parent.append_child(button(doc, "kefu-button", text, action)?.as_ref())?;
    Ok(())
}

fn option(doc: &Document, select: &Element, value: &str, text: &str) -> Result<(), JsValue> {
    let o = el(doc, "option", "", text)?;
    o.set_attribute("value", value)?;
    select.append_child(&o)?;
    Ok(())
}

fn button(doc: &Document, class: &str, text: &str, action: &str) -> Result<Element, JsValue> {
    let b = el(doc, "button", class, text)?;
    b.set_attribute("type", "button")?;
    b.set_attribute("data-kefu-action", action)?;
    Ok(b)
}

impl Fb {
    fn t(&self, key: &str) -> String {
        translate(&self.opts.t, key, "", &JsValue::UNDEFINED)
    }

    fn t_with(&self, key: &str, name: &str, value: JsValue) -> String {
        translate(&self.opts.t, key, name, &value)
    }

    fn build(opts: Opts) -> Result<Fb, JsValue> {
        let doc = dom::document()?;
        let t = |k: &str| translate(&opts.t, k, "", &JsValue::UNDEFINED);
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
        let back = button(&doc, "kefu-link kefu-fb-back", &t("feedback-back"), "back")?;
        form_view.append_child(&back)?;
        let title = el(&doc, "h3", "kefu-fb-form-title", &t("feedback-form-title"))?;
        title.set_id("kefu-fb-form-title");
        title.set_attribute("tabindex", "-1")?;
        form_view.append_child(&title)?;
        let form = el(&doc, "form", "kefu-fb-form", "")?;
        form.set_attribute("novalidate", "")?;
        form.set_attribute("aria-labelledby", "kefu-fb-form-title")?;

        let category: HtmlSelectElement = doc.create_element("select")?.dyn_into()?;
        form.append_child(
            field_row(
                &doc,
                "kefu-fb-category",
                &t("feedback-category"),
                &category,
                None,
            )?
            .as_ref(),
        )?;

        let subject: HtmlInputElement = doc.create_element("input")?.dyn_into()?;
        subject.set_type("text");
        subject.set_attribute("maxlength", &MAX_SUBJECT.to_string())?;
        subject.set_attribute("autocomplete", "off")?;
        let row = field_row(
            &doc,
            "kefu-fb-subject",
            &t("feedback-subject"),
            &subject,
            None,
        )?;
        let subject_count = el(&doc, "p", "kefu-fb-count", "")?;
        row.append_child(&subject_count)?;
        form.append_child(&row)?;

        let description: HtmlTextAreaElement = doc.create_element("textarea")?.dyn_into()?;
        description.set_rows(5);
        description.set_attribute("maxlength", &MAX_MESSAGE.to_string())?;
        let row = field_row(
            &doc,
            "kefu-fb-description",
            &t("feedback-description"),
            &description,
            Some(&t("feedback-description-hint")),
        )?;
        let description_count = el(&doc, "p", "kefu-fb-count", "")?;
        row.append_child(&description_count)?;
        form.append_child(&row)?;
        let suggestions = el(&doc, "div", "kefu-fb-suggest", "")?;
        form.append_child(&suggestions)?;

        let email: HtmlInputElement = doc.create_element("input")?.dyn_into()?;
        email.set_type("email");
        email.set_attribute("autocomplete", "email")?;
        email.set_attribute("inputmode", "email")?;
        form.append_child(
            field_row(
                &doc,
                "kefu-fb-email",
                &t("feedback-email"),
                &email,
                Some(&t("feedback-email-hint")),
            )?
            .as_ref(),
        )?;

        let urgency: HtmlSelectElement = doc.create_element("select")?.dyn_into()?;
        for (v, k) in [
            ("normal", "feedback-urgency-normal"),
            ("low", "feedback-urgency-low"),
            ("high", "feedback-urgency-high"),
        ] {
            option(&doc, &urgency, v, &t(k))?;
        }
        form.append_child(
            field_row(
                &doc,
                "kefu-fb-urgency",
                &t("feedback-urgency"),
                &urgency,
                None,
            )?
            .as_ref(),
        )?;

        let file: HtmlInputElement = doc.create_element("input")?.dyn_into()?;
        file.set_type("file");
        file.set_accept(&IMAGE_TYPES.join(","));
        form.append_child(
            field_row(
                &doc,
                "kefu-fb-file",
                &t("feedback-attachment"),
                &file,
                Some(&t("feedback-attachment-hint")),
            )?
            .as_ref(),
        )?;

        let consent: HtmlInputElement = doc.create_element("input")?.dyn_into()?;
        consent.set_type("checkbox");
        let consent_row = el(&doc, "div", "kefu-fb-field kefu-fb-consent", "")?;
        let label = el(&doc, "label", "", "")?;
        consent.set_id("kefu-fb-consent");
        label.append_child(&consent)?;
        label.append_child(el(&doc, "span", "", &t("feedback-consent"))?.as_ref())?;
        consent_row.append_child(&label)?;
        let consent_err = el(&doc, "p", "kefu-fb-error", "")?;
        consent_err.set_id("kefu-fb-consent-error");
        consent_err.set_attribute("hidden", "")?;
        consent.set_attribute("aria-describedby", "kefu-fb-consent-error")?;
        consent_row.append_child(&consent_err)?;
        consent_row.set_attribute("hidden", "")?;
        form.append_child(&consent_row)?;

        let status = el(&doc, "p", "kefu-fb-status", "")?;
        status.set_attribute("role", "status")?;
        form.append_child(&status)?;
        let submit: HtmlElement = el(
            &doc,
            "button",
            "kefu-button kefu-fb-submit",
            &t("feedback-submit"),
        )?
        .dyn_into()?;
        submit.set_attribute("type", "submit")?;
        form.append_child(&submit)?;
        form_view.append_child(&form)?;

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
        form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref())?;
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
            form: Form {
                form,
                category,
                subject,
                subject_count,
                description,
                description_count,
                email,
                urgency,
                file,
                consent_row,
                consent,
                submit,
                status,
            },
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
                let label = net::field(&c, "label")
                    .unwrap_or_else(|| self.t(&format!("feedback-category-{id}")));
                option(&doc, select, &id, &label)?;
            }
        }
        if !current.is_empty() {
            select.set_value(&current);
        }
        let config = Config {
            locale: net::field(v, "locale").unwrap_or_else(|| self.opts.locale.clone()),
            require_consent: net::value(v, "require_consent").is_truthy(),
            days: net::number(v, "due_working_days").unwrap_or(5.0) as u32,
        };
        self.form
            .consent_row
            .toggle_attribute_with_force("hidden", !config.require_consent)?;
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

    /// "120 / 5000" under the subject and the description (digits only: nothing to translate).
    fn render_counts(&self) {
        for (count, text, max) in [
            (
                &self.form.subject_count,
                self.form.subject.value(),
                MAX_SUBJECT,
            ),
            (
                &self.form.description_count,
                self.form.description.value(),
                MAX_MESSAGE,
            ),
        ] {
            count.set_text_content(Some(&format!("{} / {max}", text.chars().count())));
        }
    }

    /// Shows (or with `None` clears) the error of a field of the form by its control's id.
    fn set_error(&self, id: &str, message: Option<&str>) {
        self.set_error_in(&self.form_view, id, message);
    }

    fn set_error_in(&self, scope: &Element, id: &str, message: Option<&str>) {
        let Ok(Some(err)) = scope.query_selector(&format!("#{id}-error")) else {
            return;
        };
        err.set_text_content(message);
        let _ = err.toggle_attribute_with_force("hidden", message.is_none());
        if let Ok(Some(control)) = scope.query_selector(&format!("#{id}")) {
            let _ = match message {
                Some(_) => control.set_attribute("aria-invalid", "true"),
                None => control.remove_attribute("aria-invalid"),
            };
        }
    }

    fn clear_errors(&self) {
        for id in [
            "category",
            "subject",
            "description",
            "email",
            "file",
            "consent",
        ] {
            self.set_error(&format!("kefu-fb-{id}"), None);
        }
        self.form.status.set_text_content(None);
    }

    /// Checks the form as the server will; the first problem gets focus.
    fn check(&self) -> bool {
        let mut first: Option<String> = None;
        let mut fail = |fb: &Fb, id: &str, msg: String| {
            fb.set_error(id, Some(&msg));
            first.get_or_insert_with(|| id.to_owned());
        };
        let subject = self.form.subject.value();
        if subject.trim().is_empty() {
            fail(self, "kefu-fb-subject", self.t("feedback-error-required"));
        }
        let description = self.form.description.value();
        if description.trim().is_empty() {
            fail(
                self,
                "kefu-fb-description",
                self.t("feedback-error-required"),
            );
        } else if description.chars().count() as u32 > MAX_MESSAGE {
            fail(
                self,
                "kefu-fb-description",
                self.t_with(
                    "feedback-error-too-long",
                    "max",
                    f64::from(MAX_MESSAGE).into(),
                ),
            );
        }
        let email = self.form.email.value();
        let email = email.trim();
        let email_ok = email.is_empty()
            || (email
                .split_once('@')
                .is_some_and(|(a, d)| !a.is_empty() && d.contains('.') && !d.ends_with('.'))
                && !email.contains(char::is_whitespace));
        if !email_ok {
            fail(self, "kefu-fb-email", self.t("feedback-error-email"));
        }
        if let Some(f) = self.form.file.files().and_then(|l| l.get(0)) {
            if !IMAGE_TYPES.contains(&f.type_().as_str()) {
                fail(self, "kefu-fb-file", self.t("feedback-error-image-type"));
            } else if f.size() > MAX_IMAGE {
                fail(self, "kefu-fb-file", self.t("feedback-error-image-size"));
            }
        }
        let need_consent = self.config.as_ref().is_some_and(|c| c.require_consent);
        if need_consent && !self.form.consent.checked() {
            fail(self, "kefu-fb-consent", self.t("feedback-error-consent"));
        }
        if let Some(id) = first {
            if let Ok(Some(e)) = self.form_view.query_selector(&format!("#{id}")) {
                if let Ok(e) = e.dyn_into::<HtmlElement>() {
                    let _ = e.focus();
                }
            }
            return false;
        }
        true
    }

    fn set_busy(&self, busy: bool) {
        let _ = self
            .form
            .submit
            .toggle_attribute_with_force("disabled", busy);
        self.form.submit.set_text_content(Some(&self.t(if busy {
            "feedback-sending"
        } else {
            "feedback-submit"
        })));
    }

    /// The body the server gets, as JSON text.
    fn body(&self, attachment: Option<(String, String)>) -> String {
        let email = self.form.email.value();
        let locale = self
            .config
            .as_ref()
            .map(|c| c.locale.clone())
            .unwrap_or_else(|| self.opts.locale.clone());
        let mut pairs: Vec<(&str, JsValue)> = vec![
            ("category", self.form.category.value().into()),
            ("subject", self.form.subject.value().trim().into()),
            ("description", self.form.description.value().trim().into()),
            ("urgency", self.form.urgency.value().into()),
            ("locale", locale.into()),
        ];
        if !email.trim().is_empty() {
            pairs.push(("email", email.trim().into()));
        }
        if let Some(href) = web_sys::window().and_then(|w| w.location().href().ok()) {
            if href.starts_with("http") && href.len() <= 2000 {
                pairs.push(("page", href.into()));
            }
        }
        if self.config.as_ref().is_some_and(|c| c.require_consent) {
            pairs.push(("consent", self.form.consent.checked().into()));
        }
        if let Some((name, data)) = attachment {
            pairs.push((
                "attachment",
                net::object(&[("name", name.into()), ("data", data.into())]),
            ));
        }
        JSON::stringify(&net::object(&pairs))
            .map(Into::into)
            .unwrap_or_default()
    }

    /// What the outbox says about the submission this form is waiting for.
    fn on_outcome(&mut self, key: &str, outcome: &Outcome) {
        if self.view == View::Home {
            let _ = self.render_home();
        }
        if self.sending.as_deref() != Some(key) {
            return;
        }
        match outcome {
            Outcome::Sent(receipt) => {
                self.sending = None;
                self.set_busy(false);
                let _ = self.render_done(receipt);
                self.reset();
                self.show(View::Done);
            }
            Outcome::Waiting {
                offline,
                retry_after,
            } => {
                let text = match (offline, retry_after) {
                    (true, _) => self.t("feedback-pending"),
                    (false, Some(s)) if *s > 1 => {
                        self.t_with("feedback-error-rate", "seconds", f64::from(*s).into())
                    }
                    _ => self.t("feedback-retrying"),
                };
                self.form.status.set_text_content(Some(&text));
            }
            Outcome::Failed { code, message } => {
                self.sending = None;
                self.set_busy(false);
                // The visitor corrects it and sends again, with a new key.
                outbox::remove(&self.opts.site, key);
                self.show_server_error(code, message);
            }
        }
    }

    fn show_server_error(&self, code: &str, message: &str) {
        let field = match code {
            "text_required" | "text_too_long" => {
                // Which text: the server names it in the message's field; both are checked
                // here first, so a subject over the limit is the likely one.
                if self.form.subject.value().chars().count() as u32 > MAX_SUBJECT {
                    "kefu-fb-subject"
                } else {
                    "kefu-fb-description"
                }
            }
            "invalid_email" => "kefu-fb-email",
            "consent_required" => "kefu-fb-consent",
            "unsupported_attachment"
            | "invalid_attachment"
            | "attachment_too_large"
            | "payload_too_large" => "kefu-fb-file",
            "invalid_category" => "kefu-fb-category",
            _ => "",
        };
        let text = match code {
            "text_required" => self.t("feedback-error-required"),
            "text_too_long" => self.t_with(
                "feedback-error-too-long",
                "max",
                f64::from(MAX_SUBJECT).into(),
            ),
            "invalid_email" => self.t("feedback-error-email"),
            "consent_required" => self.t("feedback-error-consent"),
            "unsupported_attachment" | "invalid_attachment" => self.t("feedback-error-image-type"),
            "attachment_too_large" | "payload_too_large" => self.t("feedback-error-image-size"),
            _ => self.t_with("feedback-error-failed", "message", message.into()),
        };
        if field.is_empty() {
            self.form.status.set_text_content(Some(&text));
        } else {
            self.set_error(field, Some(&text));
        }
    }

    fn reset(&self) {
        self.form.subject.set_value("");
        self.form.description.set_value("");
        self.form.file.set_value("");
        self.form.consent.set_checked(false);
        self.form.status.set_text_content(None);
        self.render_counts();
        if let Some(s) = &self.suggest {
            let _ = s.update("");
        }
    }

    fn render_done(&self, receipt: &JsValue) -> Result<(), JsValue> {
        let doc = &self.doc;
        self.done.set_text_content(None);
        let h = el(
            doc,
            "h3",
            "kefu-fb-done-title",
            &self.t("feedback-sent-title"),
        )?;
        h.set_attribute("tabindex", "-1")?;
        self.done.append_child(&h)?;
        let reference = net::field(receipt, "reference").unwrap_or_default();
        let p = el(doc, "p", "kefu-fb-reference", "")?;
        p.append_child(el(doc, "span", "", &self.t("feedback-reference"))?.as_ref())?;
        let code = el(doc, "strong", "kefu-fb-ref", &reference)?;
        code.set_attribute("translate", "no")?;
        p.append_child(&code)?;
        self.done.append_child(&p)?;
        let due_at = net::number(receipt, "due_at").unwrap_or(0.0);
        let zone = net::field(receipt, "time_zone").unwrap_or_else(|| "UTC".into());
        let ui = self.t("help-locale");
        let date = format_date(&ui, &zone, due_at - 1.0);
        self.done.append_child(
            el(
                doc,
                "p",
                "kefu-fb-due",
                &self.t_with("feedback-due", "date", date.into()),
            )?
            .as_ref(),
        )?;
        let days = ((due_at - js_sys::Date::now()) / 86_400_000.0)
            .ceil()
            .max(0.0);
        self.done
            .append_child(el(doc, "p", "kefu-fb-countdown", &relative_days(&ui, days))?.as_ref())?;
        self.done
            .append_child(el(doc, "p", "kefu-fb-hint", &self.t("feedback-sent-hint"))?.as_ref())?;
        self.done
            .append_child(button(doc, "kefu-button", &self.t("feedback-done"), "done")?.as_ref())?;
        Ok(())
    }
}

/// `at` formatted by `Intl.DateTimeFormat(locale, options)`.
fn intl_date(locale: &str, options: &[(&str, JsValue)], at: f64) -> String {
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

/// "in 5 days", "tomorrow", in the visitor's language.
fn relative_days(locale: &str, days: f64) -> String {
    let opts = net::object(&[("numeric", "auto".into())]);
    let f =
        js_sys::Intl::RelativeTimeFormat::new(&js_sys::Array::of1(&locale.into()), &opts.into());
    f.format(days, "day").into()
}

/// Reads the chosen image as base64, then saves and sends the submission.
fn submit_form() {
    let Some(Some(file)) = with_fb(|fb| {
        if fb.sending.is_some() {
            return None;
        }
        fb.clear_errors();
        if !fb.check() {
            return None;
        }
        fb.set_busy(true);
        Some(fb.form.file.files().and_then(|l| l.get(0)))
    }) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let attachment = match file {
            Some(f) => {
                let buf = wasm_bindgen_futures::JsFuture::from(f.array_buffer()).await;
                let bytes = buf
                    .map(|b| js_sys::Uint8Array::new(&b).to_vec())
                    .unwrap_or_default();
                let binary: String = bytes.iter().map(|&b| char::from(b)).collect();
                let data = web_sys::window()
                    .and_then(|w| w.btoa(&binary).ok())
                    .unwrap_or_default();
                Some((f.name(), data))
            }
            None => None,
        };
        let Some((api, site, emit)) = with_fb(|fb| {
            let key = outbox::new_key();
            let item = Item {
                key: key.clone(),
                body: fb.body(attachment),
                subject: fb.form.subject.value().trim().to_owned(),
                attempts: 0,
                failed: None,
            };
            outbox::add(&fb.opts.site, item);
            fb.sending = Some(key);
            (
                fb.opts.api.clone(),
                fb.opts.site.clone(),
                fb.opts.emit.clone(),
            )
        }) else {
            return;
        };
        outbox::flush(api, site, emit);
    });
}

/// Runs `f` after the current event handler (which holds the view) has returned.
fn later(f: impl FnOnce() + 'static) {
    wasm_bindgen_futures::spawn_local(async move { f() });
}

thread_local! {
    /// Set by an opened recovery link: the next time the form is drawn, show "My requests".
    static OPEN_REQUESTS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Set by an opened request link: (reference, secret) to show when the form is drawn.
    static OPEN_TICKET: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// Takes the loader's token out of the host page's address bar.
fn clean_hash() {
    if let Some(w) = web_sys::window() {
        let loc = w.location();
        let clean = format!(
            "{}{}",
            loc.pathname().unwrap_or_default(),
            loc.search().unwrap_or_default()
        );
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&clean));
        }
    }
}

/// The visitor opened the link to one request from an e-mail (`#kefu-ticket=REF.SECRET`): if
/// the secret opens it, the panel shows that request (its thread, outcome and rating).
pub async fn open_link(api: String, site: String, reference: String, secret: String) -> bool {
    let path = format!("tickets/{}", js_sys::encode_uri_component(&reference));
    let a = net::call(&api, &site, "GET", &path, &secret, None, None).await;
    clean_hash();
    if a.status != 200 {
        return false;
    }
    OPEN_TICKET.with(|o| *o.borrow_mut() = Some((reference, secret)));
    true
}

/// The bearer for requests about `reference`: its link's secret when it was opened from an
/// e-mail, else the visitor's token.
fn token_for(reference: &str) -> Option<String> {
    let link = with_fb(|fb| fb.link.clone()).flatten();
    match link {
        Some((r, secret)) if r == reference => Some(secret),
        _ => net::visitor_id(),
    }
}

/// The visitor opened an e-mailed link (`#kefu-recover=TOKEN` on the host page): this browser
/// now sees the requests sent with that address. Removes the token from the address bar and
/// says whether it worked (the loader then opens the panel on "My requests").
pub async fn recover(api: String, site: String, token: String) -> bool {
    let Some(visitor) = net::visitor_id() else {
        return false;
    };
    let body: String = JSON::stringify(&net::object(&[("token", token.as_str().into())]))
        .map(Into::into)
        .unwrap_or_default();
    let a = net::call(
        &api,
        &site,
        "POST",
        "tickets/recover/confirm",
        &visitor,
        None,
        Some(&body),
    )
    .await;
    clean_hash();
    if a.status != 200 {
        return false;
    }
    let key = format!("kefu:tickets:{site}");
    if net::stored(&key).is_none() {
        net::store(&key, Some("[{}]"));
    }
    OPEN_REQUESTS.with(|o| o.set(true));
    true
}

/// A short date and time in the visitor's language and zone, e.g. "29 Nov, 14:05".
fn format_time(locale: &str, at: f64) -> String {
    intl_date(
        locale,
        &[
            ("dateStyle", "medium".into()),
            ("timeStyle", "short".into()),
        ],
        at,
    )
}

impl Fb {
    fn requests_header(
        &self,
        back_action: &str,
        back_key: &str,
        title: &str,
    ) -> Result<(), JsValue> {
        let doc = &self.doc;
        self.requests.set_text_content(None);
        self.requests.append_child(
            button(
                doc,
                "kefu-link kefu-fb-back",
                &self.t(back_key),
                back_action,
            )?
            .as_ref(),
        )?;
        let h = el(doc, "h3", "kefu-fb-requests-title", title)?;
        h.set_attribute("tabindex", "-1")?;
        self.requests.append_child(&h)?;
        Ok(())
    }

    fn status_label(&self, status: &str) -> String {
        self.t(&format!("feedback-status-{}", status.replace('_', "-")))
    }

    fn render_list(&self, list: &JsValue) -> Result<(), JsValue> {
        let doc = &self.doc;
        self.requests_header("back", "feedback-back", &self.t("feedback-my-requests"))?;
        let tickets = net::value(list, "tickets")
            .dyn_into::<js_sys::Array>()
            .unwrap_or_default();
        if tickets.length() == 0 {
            self.requests.append_child(
                el(doc, "p", "kefu-fb-hint", &self.t("feedback-list-empty"))?.as_ref(),
            )?;
            return self.render_recover();
        }
        let ui = self.t("help-locale");
        let zone = net::field(list, "time_zone").unwrap_or_else(|| "UTC".into());
        let ul = el(doc, "ul", "kefu-fb-list", "")?;
        for t in tickets.iter() {
            let reference = net::field(&t, "reference").unwrap_or_default();
            let status = net::field(&t, "status").unwrap_or_default();
            let li = el(doc, "li", "", "")?;
            let b = button(doc, "kefu-fb-item", "", &format!("ticket:{reference}"))?;
            let top = el(doc, "span", "kefu-fb-item-top", "")?;
            top.append_child(
                el(
                    doc,
                    "strong",
                    "",
                    &net::field(&t, "subject").unwrap_or_default(),
                )?
                .as_ref(),
            )?;
            if net::value(&t, "unread").is_truthy() {
                top.append_child(
                    el(doc, "span", "kefu-fb-new", &self.t("feedback-unread-badge"))?.as_ref(),
                )?;
            }
            b.append_child(&top)?;
            let due = format_date(&ui, &zone, net::number(&t, "due_at").unwrap_or(0.0) - 1.0);
            let meta = format!(
                "{} · {} · {}",
                reference,
                self.status_label(&status),
                self.t_with("feedback-due-short", "date", due.into())
            );
            b.append_child(el(doc, "span", "kefu-fb-item-meta", &meta)?.as_ref())?;
            li.append_child(&b)?;
            ul.append_child(&li)?;
        }
        self.requests.append_child(&ul)?;
        self.render_recover()
    }

    /// "Sent a request from another device?": a link to them by e-mail.
    fn render_recover(&self) -> Result<(), JsValue> {
        let doc = &self.doc;
        let box_ = el(doc, "div", "kefu-fb-recover", "")?;
        box_.append_child(
            el(doc, "p", "kefu-fb-hint", &self.t("feedback-recover-intro"))?.as_ref(),
        )?;
        let input: HtmlInputElement = doc.create_element("input")?.dyn_into()?;
        input.set_type("email");
        input.set_attribute("autocomplete", "email")?;
        box_.append_child(
            field_row(
                doc,
                "kefu-fb-recover-email",
                &self.t("feedback-recover-email"),
                &input,
                None,
            )?
            .as_ref(),
        )?;
        status_and_button(doc, &box_, &self.t("feedback-recover-send"), "recover")?;
        self.requests.append_child(&box_)?;
        Ok(())
    }

    fn render_ticket(&self, t: &JsValue) -> Result<(), JsValue> {
        let doc = &self.doc;
        let ui = self.t("help-locale");
        let zone = net::field(t, "time_zone").unwrap_or_else(|| "UTC".into());
        self.requests_header(
            "requests",
            "feedback-back-to-list",
            &net::field(t, "subject").unwrap_or_default(),
        )?;
        let status = net::field(t, "status").unwrap_or_default();
        let reference = net::field(t, "reference").unwrap_or_default();
        let meta = el(doc, "p", "kefu-fb-item-meta", "")?;
        let r = el(doc, "span", "kefu-fb-ref-small", &reference)?;
        r.set_attribute("translate", "no")?;
        meta.append_child(&r)?;
        meta.append_child(
            el(
                doc,
                "span",
                "kefu-fb-status-badge",
                &self.status_label(&status),
            )?
            .as_ref(),
        )?;
        self.requests.append_child(&meta)?;
        let done = matches!(status.as_str(), "resolved" | "closed");
        if !done {
            let due = format_date(&ui, &zone, net::number(t, "due_at").unwrap_or(0.0) - 1.0);
            self.requests.append_child(
                el(
                    doc,
                    "p",
                    "kefu-fb-due",
                    &self.t_with("feedback-due", "date", due.into()),
                )?
                .as_ref(),
            )?;
        }
        if let Some(outcome) = net::field(t, "outcome") {
            let box_ = el(doc, "div", "kefu-fb-outcome", "")?;
            box_.append_child(el(doc, "h4", "", &self.t("feedback-outcome"))?.as_ref())?;
            box_.append_child(el(doc, "p", "", &outcome)?.as_ref())?;
            self.requests.append_child(&box_)?;
        }
        let thread = el(doc, "ol", "kefu-fb-thread", "")?;
        thread.set_attribute("aria-label", &self.t("feedback-thread"))?;
        let messages = net::value(t, "messages")
            .dyn_into::<js_sys::Array>()
            .unwrap_or_default();
        for m in messages.iter() {
            let agent = net::field(&m, "author").as_deref() == Some("agent");
            let li = el(
                doc,
                "li",
                if agent {
                    "kefu-fb-msg kefu-fb-msg-agent"
                } else {
                    "kefu-fb-msg"
                },
                "",
            )?;
            let who = self.t(if agent {
                "feedback-author-agent"
            } else {
                "feedback-author-visitor"
            });
            let when = format_time(&ui, net::number(&m, "at").unwrap_or(0.0));
            li.append_child(
                el(doc, "p", "kefu-fb-msg-meta", &format!("{who} · {when}"))?.as_ref(),
            )?;
            // The message as text, line breaks kept by CSS.
            li.append_child(
                el(
                    doc,
                    "p",
                    "kefu-fb-msg-body",
                    &net::field(&m, "body").unwrap_or_default(),
                )?
                .as_ref(),
            )?;
            thread.append_child(&li)?;
        }
        self.requests.append_child(&thread)?;
        if done {
            self.render_rating(t, &reference)?;
        }
        if net::value(t, "can_reply").is_truthy() {
            let form = el(doc, "div", "kefu-fb-reply", "")?;
            let area: HtmlTextAreaElement = doc.create_element("textarea")?.dyn_into()?;
            area.set_rows(3);
            area.set_attribute("maxlength", &MAX_MESSAGE.to_string())?;
            let row = field_row(
                doc,
                "kefu-fb-reply",
                &self.t("feedback-reply-label"),
                &area,
                None,
            )?;
            form.append_child(&row)?;
            let status = el(doc, "p", "kefu-fb-status", "")?;
            status.set_attribute("role", "status")?;
            form.append_child(&status)?;
            form.append_child(
                button(doc, "kefu-button", &self.t("feedback-reply-send"), "reply")?.as_ref(),
            )?;
            form.set_attribute("data-kefu-reference", &reference)?;
            self.requests.append_child(&form)?;
        } else {
            self.requests.append_child(
                el(doc, "p", "kefu-fb-hint", &self.t("feedback-closed-note"))?.as_ref(),
            )?;
        }
        Ok(())
    }

    /// Under a resolved request: the visitor's rating, or five choices and a comment (R14).
    fn render_rating(&self, t: &JsValue, reference: &str) -> Result<(), JsValue> {
        let doc = &self.doc;
        let box_ = el(doc, "div", "kefu-fb-rating", "")?;
        if let Some(n) = net::number(t, "rating") {
            let p = el(
                doc,
                "p",
                "kefu-fb-rated",
                &self.t_with("feedback-rated", "score", n.into()),
            )?;
            p.set_attribute("role", "status")?;
            box_.append_child(&p)?;
            self.requests.append_child(&box_)?;
            return Ok(());
        }
        box_.set_attribute("data-kefu-reference", reference)?;
        let group = el(doc, "div", "kefu-fb-scores", "")?;
        group.set_attribute("role", "group")?;
        let q = el(doc, "p", "kefu-fb-label", &self.t("feedback-rate-question"))?;
        q.set_id("kefu-fb-rate-question");
        group.set_attribute("aria-labelledby", "kefu-fb-rate-question")?;
        box_.append_child(&q)?;
        for n in 1..=5u8 {
            let b = button(doc, "kefu-fb-score", &n.to_string(), &format!("score:{n}"))?;
            b.set_attribute("aria-pressed", "false")?;
            b.set_attribute("aria-label", &self.t(&format!("feedback-score-{n}")))?;
            b.set_attribute("title", &self.t(&format!("feedback-score-{n}")))?;
            group.append_child(&b)?;
        }
        box_.append_child(&group)?;
        let scale = el(doc, "p", "kefu-fb-scale", "")?;
        scale.append_child(el(doc, "span", "", &self.t("feedback-score-1"))?.as_ref())?;
        scale.append_child(el(doc, "span", "", &self.t("feedback-score-5"))?.as_ref())?;
        box_.append_child(&scale)?;
        let area: HtmlTextAreaElement = doc.create_element("textarea")?.dyn_into()?;
        area.set_rows(2);
        area.set_attribute("maxlength", "1000")?;
        box_.append_child(
            field_row(
                doc,
                "kefu-fb-rate-comment",
                &self.t("feedback-rate-comment"),
                &area,
                None,
            )?
            .as_ref(),
        )?;
        status_and_button(doc, &box_, &self.t("feedback-rate-send"), "rate")?;
        self.requests.append_child(&box_)?;
        Ok(())
    }

    fn requests_message(&self, key: &str) {
        if let Ok(Some(h)) = self.requests.query_selector("h3") {
            while let Some(next) = h.next_element_sibling() {
                next.remove();
            }
        }
        if let Ok(p) = el(&self.doc, "p", "kefu-fb-status", &self.t(key)) {
            let _ = p.set_attribute("role", "status");
            let _ = self.requests.append_child(&p);
        }
    }

    fn emit_unread(&self, n: f64) {
        if let Some(e) = &self.opts.emit {
            let _ = e.call2(&JsValue::NULL, &"unread".into(), &n.into());
        }
    }
}

/// GET with the visitor's token; `None` when there is no token or no answer.
async fn visitor_get(api: &str, site: &str, path: &str) -> Option<net::Answer> {
    let token = net::visitor_id()?;
    Some(net::call(api, site, "GET", path, &token, None, None).await)
}

fn ids() -> Option<(String, String)> {
    with_fb(|fb| (fb.opts.api.clone(), fb.opts.site.clone()))
}

/// "My requests": the visitor's tickets from the server.
fn load_list() {
    let Some((api, site)) = ids() else { return };
    with_fb(|fb| {
        let _ = fb.requests_header("back", "feedback-back", &fb.t("feedback-my-requests"));
        fb.requests_message("feedback-loading");
    });
    wasm_bindgen_futures::spawn_local(async move {
        let answer = visitor_get(&api, &site, "tickets").await;
        with_fb(|fb| {
            match answer
                .filter(|a| a.status == 200)
                .and_then(|a| JSON::parse(&a.text).ok())
            {
                Some(list) => {
                    let _ = fb.render_list(&list);
                    fb.emit_unread(net::number(&list, "unread").unwrap_or(0.0));
                    if let Ok(Some(h)) = fb.requests.query_selector("h3") {
                        let _ = h.dyn_into::<HtmlElement>().map(|h| h.focus());
                    }
                }
                None => fb.requests_message("feedback-load-failed"),
            }
        });
    });
}

/// One request with its thread; marks it seen.
fn load_ticket(reference: String) {
    let Some((api, site)) = ids() else { return };
    with_fb(|fb| fb.reply_key = None);
    wasm_bindgen_futures::spawn_local(async move {
        let path = format!("tickets/{}", js_sys::encode_uri_component(&reference));
        let Some(token) = token_for(&reference) else {
            return;
        };
        let answer = Some(net::call(&api, &site, "GET", &path, &token, None, None).await);
        let ticket = answer
            .filter(|a| a.status == 200)
            .and_then(|a| JSON::parse(&a.text).ok());
        with_fb(|fb| match &ticket {
            Some(t) => {
                let _ = fb.render_ticket(t);
                if let Ok(Some(h)) = fb.requests.query_selector("h3") {
                    let _ = h.dyn_into::<HtmlElement>().map(|h| h.focus());
                }
            }
            None => fb.requests_message("feedback-load-failed"),
        });
        if ticket
            .as_ref()
            .is_some_and(|t| net::value(t, "unread").is_truthy())
        {
            let seen = format!("{path}/seen");
            net::call(&api, &site, "POST", &seen, &token, None, Some("{}")).await;
        }
    });
}

/// Sends the reply typed under an open request (the same key on every retry).
fn send_reply() {
    let Some(Some((api, site, reference, key, body))) = with_fb(|fb| {
        let form = fb
            .requests
            .query_selector(".kefu-fb-reply")
            .ok()
            .flatten()?;
        let reference = form.get_attribute("data-kefu-reference")?;
        let area: HtmlTextAreaElement = fb
            .requests
            .query_selector("#kefu-fb-reply")
            .ok()
            .flatten()?
            .dyn_into()
            .ok()?;
        let text = area.value();
        if text.trim().is_empty() {
            fb.set_error_in(
                &fb.requests,
                "kefu-fb-reply",
                Some(&fb.t("feedback-error-required")),
            );
            return None;
        }
        let key = fb.reply_key.get_or_insert_with(outbox::new_key).clone();
        let body: String = JSON::stringify(&net::object(&[("body", text.trim().into())]))
            .map(Into::into)
            .unwrap_or_default();
        Some((
            fb.opts.api.clone(),
            fb.opts.site.clone(),
            reference,
            key,
            body,
        ))
    }) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let Some(token) = token_for(&reference) else {
            return;
        };
        let path = format!(
            "tickets/{}/replies",
            js_sys::encode_uri_component(&reference)
        );
        let a = net::call(&api, &site, "POST", &path, &token, Some(&key), Some(&body)).await;
        if a.status == 201 {
            with_fb(|fb| fb.reply_key = None);
            load_ticket(reference);
            return;
        }
        with_fb(|fb| {
            let text = if a.status == 0
                || a.status >= 500
                || a.status == 409 && a.text.contains("request_in_progress")
            {
                fb.t("feedback-reply-failed")
            } else {
                // Refused for good (closed meanwhile, too long…): a new key for a new attempt.
                fb.reply_key = None;
                let message = JSON::parse(&a.text)
                    .ok()
                    .and_then(|v| net::field(&net::value(&v, "error"), "message"))
                    .unwrap_or_default();
                fb.t_with("feedback-error-failed", "message", message.into())
            };
            if let Ok(Some(status)) = fb.requests.query_selector(".kefu-fb-reply .kefu-fb-status") {
                status.set_text_content(Some(&text));
            }
        });
    });
}

/// Asks for the e-mailed link to this visitor's requests.
fn send_recover() {
    let Some(Some((api, site, body))) = with_fb(|fb| {
        let input: HtmlInputElement = fb
            .requests
            .query_selector("#kefu-fb-recover-email")
            .ok()
            .flatten()?
            .dyn_into()
            .ok()?;
        let email = input.value().trim().to_owned();
        if !email.contains('@') {
            fb.set_error_in(
                &fb.requests,
                "kefu-fb-recover-email",
                Some(&fb.t("feedback-error-email")),
            );
            return None;
        }
        let locale = fb
            .config
            .as_ref()
            .map(|c| c.locale.clone())
            .unwrap_or_else(|| fb.opts.locale.clone());
        let body: String = JSON::stringify(&net::object(&[
            ("email", email.into()),
            ("locale", locale.into()),
        ]))
        .map(Into::into)
        .unwrap_or_default();
        Some((fb.opts.api.clone(), fb.opts.site.clone(), body))
    }) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let Some(token) = net::visitor_id() else {
            return;
        };
        let a = net::call(
            &api,
            &site,
            "POST",
            "tickets/recover",
            &token,
            None,
            Some(&body),
        )
        .await;
        with_fb(|fb| {
            let text = match a.status {
                202 => fb.t("feedback-recover-sent"),
                422 => fb.t("feedback-error-email"),
                429 => fb.t_with(
                    "feedback-recover-wait",
                    "seconds",
                    f64::from(a.retry_after.unwrap_or(60)).into(),
                ),
                _ => fb.t("feedback-reply-failed"),
            };
            if let Ok(Some(status)) = fb
                .requests
                .query_selector(".kefu-fb-recover .kefu-fb-status")
            {
                status.set_text_content(Some(&text));
            }
        });
    });
}

/// Sends the chosen satisfaction score with the comment.
fn send_rating() {
    let Some(Some((api, site, reference, body))) = with_fb(|fb| {
        let box_ = fb
            .requests
            .query_selector(".kefu-fb-rating")
            .ok()
            .flatten()?;
        let reference = box_.get_attribute("data-kefu-reference")?;
        let Some(score) = fb.score else {
            if let Ok(Some(status)) = box_.query_selector(".kefu-fb-status") {
                status.set_text_content(Some(&fb.t("feedback-rate-choose")));
            }
            return None;
        };
        let comment = fb
            .requests
            .query_selector("#kefu-fb-rate-comment")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
            .map(|a| a.value())
            .unwrap_or_default();
        let mut pairs: Vec<(&str, JsValue)> = vec![("score", score.into())];
        if !comment.trim().is_empty() {
            pairs.push(("comment", comment.trim().into()));
        }
        let body: String = JSON::stringify(&net::object(&pairs))
            .map(Into::into)
            .unwrap_or_default();
        Some((fb.opts.api.clone(), fb.opts.site.clone(), reference, body))
    }) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let Some(token) = token_for(&reference) else {
            return;
        };
        let path = format!(
            "tickets/{}/rating",
            js_sys::encode_uri_component(&reference)
        );
        let a = net::call(&api, &site, "POST", &path, &token, None, Some(&body)).await;
        if a.status == 201 || a.status == 200 {
            with_fb(|fb| fb.score = None);
            load_ticket(reference);
            return;
        }
        with_fb(|fb| {
            if let Ok(Some(status)) = fb
                .requests
                .query_selector(".kefu-fb-rating .kefu-fb-status")
            {
                status.set_text_content(Some(&fb.t("feedback-reply-failed")));
            }
        });
    });
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
        fb.render_counts();
        fb.mark_body();
        if fb.view == View::Home {
            fb.render_home()?;
        }
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
