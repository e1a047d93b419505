//! "My requests" (R15): the visitor's requests with status, due date and a mark for news; one
//! request's thread and published outcome, a reply (one idempotency key, reused on retry) and a
//! 1–5 satisfaction rating with a comment (R14); "E-mail me a link" to find them on a new
//! device; and the two e-mailed links the loader hands over at start-up: `#kefu-recover=TOKEN`
//! (this browser joins the requests sent with an address) and `#kefu-ticket=REFERENCE.SECRET`
//! (one request, its secret standing in for the visitor's token, in memory only).

use super::*;

thread_local! {
    /// Set by an opened recovery link: the next time the form is drawn, show "My requests".
    pub(super) static OPEN_REQUESTS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Set by an opened request link: (reference, secret) to show when the form is drawn.
    pub(super) static OPEN_TICKET: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
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
        let back = button(
            doc,
            "kefu-link kefu-fb-back",
            &self.t(back_key),
            back_action,
        )?;
        crate::dom::keyed(&back, back_key)?;
        self.requests.append_child(&back)?;
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
                &self.opts.t,
                "feedback-recover-email",
                &input,
                None,
            )?
            .as_ref(),
        )?;
        status_and_button(doc, &box_, &self.opts.t, "feedback-recover-send", "recover")?;
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
                &self.opts.t,
                "feedback-reply-label",
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
                &self.opts.t,
                "feedback-rate-comment",
                &area,
                None,
            )?
            .as_ref(),
        )?;
        status_and_button(doc, &box_, &self.opts.t, "feedback-rate-send", "rate")?;
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
pub(super) fn load_list() {
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
pub(super) fn load_ticket(reference: String) {
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
pub(super) fn send_reply() {
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
pub(super) fn send_recover() {
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
                503 => fb.t("feedback-recover-unavailable"),
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
pub(super) fn send_rating() {
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
