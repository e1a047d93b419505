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
    form: Form,
    config: Option<Config>,
    suggest: Option<Suggest>,
    view: View,
    /// The key of the submission this form sent and is waiting for.
    sending: Option<String>,
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
        form.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref())?;
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
            other => {
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
        self.set_error(id, None);
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

    /// Shows (or with `None` clears) the error of a field by its control's id.
    fn set_error(&self, id: &str, message: Option<&str>) {
        let Ok(Some(err)) = self.form_view.query_selector(&format!("#{id}-error")) else {
            return;
        };
        err.set_text_content(message);
        let _ = err.toggle_attribute_with_force("hidden", message.is_none());
        if let Ok(Some(control)) = self.form_view.query_selector(&format!("#{id}")) {
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

/// A date in the visitor's language, in the site's time zone, e.g. "Friday, 4 December 2026".
fn format_date(locale: &str, zone: &str, at: f64) -> String {
    let opts = net::object(&[("dateStyle", "full".into()), ("timeZone", zone.into())]);
    let f = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::of1(&locale.into()), &opts.into());
    f.format()
        .call1(&JsValue::NULL, &js_sys::Date::new(&at.into()))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
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
