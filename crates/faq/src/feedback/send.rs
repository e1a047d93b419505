//! The form's side of sending: the checks (the same as the server's, so most mistakes are
//! named before anything leaves), the body, the submission through the outbox, what the
//! outbox reports back (sending, saved for later, refused with the server's field errors), and
//! the receipt with the reference and the due date.

use super::*;

impl Fb {
    /// "120 / 5000" under the subject and the description (digits only: nothing to translate).
    pub(super) fn render_counts(&self) {
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
    pub(super) fn set_error(&self, id: &str, message: Option<&str>) {
        self.set_error_in(&self.form_view, id, message);
    }

    pub(super) fn set_error_in(&self, scope: &Element, id: &str, message: Option<&str>) {
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

    pub(super) fn clear_errors(&self) {
        for id in ["category", "subject", "description", "email", "file"] {
            self.set_error(&format!("kefu-fb-{id}"), None);
        }
        self.form.status.set_text_content(None);
    }

    /// Checks the form as the server will; the first problem gets focus.
    pub(super) fn check(&self) -> bool {
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

    pub(super) fn set_busy(&self, busy: bool) {
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
    pub(super) fn body(&self, attachment: Option<(String, String)>) -> String {
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
    pub(super) fn on_outcome(&mut self, key: &str, outcome: &Outcome) {
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

    pub(super) fn show_server_error(&self, code: &str, message: &str) {
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
            "consent_required" => {
                // The server has no acceptance from this browser: ask again on the next try.
                crate::terms::forget_acceptance(&self.opts.site);
                self.t("feedback-error-consent")
            }
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

    pub(super) fn reset(&self) {
        self.form.subject.set_value("");
        self.form.description.set_value("");
        self.form.file.set_value("");
        self.form.status.set_text_content(None);
        self.render_counts();
        if let Some(s) = &self.suggest {
            let _ = s.update("");
        }
    }

    pub(super) fn render_done(&self, receipt: &JsValue) -> Result<(), JsValue> {
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

/// "in 5 days", "tomorrow", in the visitor's language.
fn relative_days(locale: &str, days: f64) -> String {
    let opts = net::object(&[("numeric", "auto".into())]);
    let f =
        js_sys::Intl::RelativeTimeFormat::new(&js_sys::Array::of1(&locale.into()), &opts.into());
    f.format(days, "day").into()
}

/// Checks the form, then (once the site's terms allow: `terms::before_submit`) sends it.
pub(super) fn submit_form() {
    let Some(Some((ctx, anchor, back))) = with_fb(|fb| {
        if fb.sending.is_some() {
            return None;
        }
        fb.clear_errors();
        if !fb.check() {
            return None;
        }
        Some((fb.terms_ctx(), fb.form_view.clone(), fb.form.submit.clone()))
    }) else {
        return;
    };
    crate::terms::before_submit(&ctx, &anchor, &back, Box::new(send_form));
}

/// Reads the chosen image as base64, then saves and sends the submission.
fn send_form() {
    let Some(Some(file)) = with_fb(|fb| {
        if fb.sending.is_some() {
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
