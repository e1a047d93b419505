//! The feedback form's fields, built once per page, and the DOM helpers its views share.

use super::{IMAGE_TYPES, MAX_MESSAGE, MAX_SUBJECT};
use crate::dom::{el, keyed, msg};
use js_sys::Function;
use wasm_bindgen::prelude::*;
use web_sys::{
    Document, Element, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
};

pub(super) struct Form {
    pub form: Element,
    pub category: HtmlSelectElement,
    pub subject: HtmlInputElement,
    pub subject_count: Element,
    pub description: HtmlTextAreaElement,
    pub description_count: Element,
    pub email: HtmlInputElement,
    pub urgency: HtmlSelectElement,
    pub file: HtmlInputElement,
    pub submit: HtmlElement,
    pub status: Element,
}

impl Form {
    /// The `<form>` with its fields, labelled in the visitor's language by `t` (and again by
    /// `dom::relabel` when the language changes).
    pub fn build(doc: &Document, t: &Function) -> Result<Form, JsValue> {
        let form = el(doc, "form", "kefu-fb-form", "")?;
        form.set_attribute("novalidate", "")?;
        form.set_attribute("aria-labelledby", "kefu-fb-form-title")?;

        let category: HtmlSelectElement = doc.create_element("select")?.dyn_into()?;
        form.append_child(
            field_row(
                doc,
                "kefu-fb-category",
                t,
                "feedback-category",
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
            doc,
            "kefu-fb-subject",
            t,
            "feedback-subject",
            &subject,
            None,
        )?;
        let subject_count = el(doc, "p", "kefu-fb-count", "")?;
        row.append_child(&subject_count)?;
        form.append_child(&row)?;

        let description: HtmlTextAreaElement = doc.create_element("textarea")?.dyn_into()?;
        description.set_rows(5);
        description.set_attribute("maxlength", &MAX_MESSAGE.to_string())?;
        let row = field_row(
            doc,
            "kefu-fb-description",
            t,
            "feedback-description",
            &description,
            Some("feedback-description-hint"),
        )?;
        let description_count = el(doc, "p", "kefu-fb-count", "")?;
        row.append_child(&description_count)?;
        form.append_child(&row)?;
        let suggestions = el(doc, "div", "kefu-fb-suggest", "")?;
        form.append_child(&suggestions)?;

        let email: HtmlInputElement = doc.create_element("input")?.dyn_into()?;
        email.set_type("email");
        email.set_attribute("autocomplete", "email")?;
        email.set_attribute("inputmode", "email")?;
        form.append_child(
            field_row(
                doc,
                "kefu-fb-email",
                t,
                "feedback-email",
                &email,
                Some("feedback-email-hint"),
            )?
            .as_ref(),
        )?;

        let urgency: HtmlSelectElement = doc.create_element("select")?.dyn_into()?;
        for (v, k) in [
            ("normal", "feedback-urgency-normal"),
            ("low", "feedback-urgency-low"),
            ("high", "feedback-urgency-high"),
        ] {
            option(
                doc,
                &urgency,
                v,
                &crate::ui::translate(t, k, "", &JsValue::UNDEFINED),
            )?;
            if let Some(o) = urgency.last_element_child() {
                keyed(&o, k)?;
            }
        }
        form.append_child(
            field_row(
                doc,
                "kefu-fb-urgency",
                t,
                "feedback-urgency",
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
                doc,
                "kefu-fb-file",
                t,
                "feedback-attachment",
                &file,
                Some("feedback-attachment-hint"),
            )?
            .as_ref(),
        )?;

        let status = el(doc, "p", "kefu-fb-status", "")?;
        status.set_attribute("role", "status")?;
        form.append_child(&status)?;
        let submit: HtmlElement = msg(
            doc,
            "button",
            "kefu-button kefu-fb-submit",
            t,
            "feedback-submit",
        )?
        .dyn_into()?;
        submit.set_attribute("type", "submit")?;
        form.append_child(&submit)?;
        Ok(Form {
            form,
            category,
            subject,
            subject_count,
            description,
            description_count,
            email,
            urgency,
            file,
            submit,
            status,
        })
    }
}

/// A labelled field: `<div class="kefu-fb-field"><label for=id>…</label>{control}<p hint/>
/// <p error/></div>`, with the label and hint messages `label` and `hint` of `t`; returns the
/// row.
pub(super) fn field_row(
    doc: &Document,
    id: &str,
    t: &Function,
    label: &str,
    control: &Element,
    hint: Option<&str>,
) -> Result<Element, JsValue> {
    let row = el(doc, "div", "kefu-fb-field", "")?;
    let l = msg(doc, "label", "kefu-fb-label", t, label)?;
    l.set_attribute("for", id)?;
    control.set_id(id);
    row.append_child(&l)?;
    row.append_child(control)?;
    let mut described = vec![];
    if let Some(h) = hint {
        let p = msg(doc, "p", "kefu-fb-hint", t, h)?;
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

/// A live status line (for "sent", "failed", "wait") and the button that sends (message `key`
/// of `t`), under a form.
pub(super) fn status_and_button(
    doc: &Document,
    parent: &Element,
    t: &Function,
    key: &str,
    action: &str,
) -> Result<(), JsValue> {
    let status = el(doc, "p", "kefu-fb-status", "")?;
    status.set_attribute("role", "status")?;
    parent.append_child(&status)?;
    let b = msg(doc, "button", "kefu-button", t, key)?;
    b.set_attribute("type", "button")?;
    b.set_attribute("data-kefu-action", action)?;
    parent.append_child(&b)?;
    Ok(())
}

pub(super) fn option(
    doc: &Document,
    select: &Element,
    value: &str,
    text: &str,
) -> Result<(), JsValue> {
    let o = el(doc, "option", "", text)?;
    o.set_attribute("value", value)?;
    select.append_child(&o)?;
    Ok(())
}

pub(super) fn button(
    doc: &Document,
    class: &str,
    text: &str,
    action: &str,
) -> Result<Element, JsValue> {
    let b = el(doc, "button", class, text)?;
    b.set_attribute("type", "button")?;
    b.set_attribute("data-kefu-action", action)?;
    Ok(b)
}
