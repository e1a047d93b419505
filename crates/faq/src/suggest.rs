//! The suggestion component (R17): FAQ articles matching what a visitor is typing somewhere else
//! (the feedback form, the chat composer), found in the browser on every keystroke with the
//! same engine and the same downloaded FAQ as the FAQ view, so no request is made per keystroke.
//!
//! Each suggestion is a disclosure (`<details>`): it opens in place, so the visitor reads the
//! answer without leaving the form or losing what they typed. The answer is drawn the first time
//! it opens (and counted as a view). A polite live region says how many articles may help when
//! that number changes, not on every keystroke.

use crate::dom::{self, el};
use crate::net;
use crate::ui::{self, Loaded};
use js_sys::Function;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement};

/// Suggestions shown at most.
const LIMIT: usize = 3;
/// Only the start of a long text is searched: enough to find the subject, cheap per keystroke.
const MAX_QUERY_CHARS: usize = 300;

thread_local! {
    /// Numbers the ids of each component's heading (several may share a shadow root).
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

struct State {
    api: String,
    site: String,
    t: Function,
    doc: Document,
    root: Element,
    list: Element,
    status: Element,
    data: Option<Rc<Loaded>>,
    /// The text last given (searched once the FAQ has loaded).
    text: String,
    /// Article positions shown, in order.
    shown: Vec<usize>,
    /// Articles whose answer was opened (counted as a view once).
    viewed: Vec<usize>,
}

/// Suggests FAQ articles for the text a visitor types: `new Suggest(container, api, site,
/// locale, t)`, then `update(text)` on every input. `t` is the widget's translator, as for
/// [`crate::mount`].
#[wasm_bindgen]
pub struct Suggest {
    state: Rc<RefCell<State>>,
}

/// Whether `text` says enough to search on: three letters, or two Chinese, Japanese or Korean
/// characters (a whole word there).
fn enough(text: &str) -> bool {
    let mut letters = 0;
    let mut cjk = 0;
    for c in text.chars().filter(|c| c.is_alphanumeric()) {
        letters += 1;
        if c as u32 >= 0x2E80 {
            cjk += 1;
        }
    }
    letters >= 3 || cjk >= 2
}

fn query_of(text: &str) -> &str {
    match text.char_indices().nth(MAX_QUERY_CHARS) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

#[wasm_bindgen]
impl Suggest {
    #[wasm_bindgen(constructor)]
    pub fn new(
        container: HtmlElement,
        api: String,
        site: String,
        locale: String,
        t: Function,
    ) -> Result<Suggest, JsValue> {
        let doc = dom::document()?;
        let n = NEXT_ID.with(|c| {
            let n = c.get();
            c.set(n + 1);
            n
        });
        let heading_id = format!("kefu-faq-suggest-{n}");
        let root = el(&doc, "section", "kefu-faq-suggest", "")?;
        root.set_attribute("aria-labelledby", &heading_id)?;
        root.set_attribute("hidden", "")?;
        let heading = crate::dom::msg(
            &doc,
            "h3",
            "kefu-faq-suggest-heading",
            &t,
            "faq-suggest-heading",
        )?;
        heading.set_id(&heading_id);
        let list = el(&doc, "ul", "kefu-faq-suggest-list", "")?;
        // Outside the hidden section, so its announcement is not lost when the section shows.
        let status = el(&doc, "p", "kefu-faq-suggest-status", "")?;
        status.set_attribute("role", "status")?;
        root.append_child(&heading)?;
        root.append_child(&list)?;
        ui::adopt_css(&container)?;
        container.append_child(&root)?;
        container.append_child(&status)?;

        let state = Rc::new(RefCell::new(State {
            api: api.clone(),
            site: site.clone(),
            t,
            doc,
            root: root.clone(),
            list,
            status,
            data: None,
            text: String::new(),
            shown: vec![],
            viewed: vec![],
        }));

        // `toggle` does not bubble; a capturing listener on the section still hears it.
        let weak = Rc::downgrade(&state);
        let on_toggle = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
            if let Some(state) = weak.upgrade() {
                if let Some(details) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) {
                    let _ = state.borrow_mut().opened(&details);
                }
            }
        });
        root.add_event_listener_with_callback_and_bool(
            "toggle",
            on_toggle.as_ref().unchecked_ref(),
            true,
        )?;
        on_toggle.forget();

        let weak = Rc::downgrade(&state);
        wasm_bindgen_futures::spawn_local(async move {
            // A FAQ that cannot load leaves the form as it is: suggestions are a help, not a step.
            if let Ok(loaded) = ui::loaded(&api, &site, &locale).await {
                if let Some(state) = weak.upgrade() {
                    let mut s = state.borrow_mut();
                    s.data = Some(loaded);
                    let _ = s.render();
                }
            }
        });
        Ok(Suggest { state })
    }

    /// Shows the articles that best match `text` (nothing while it says too little). Cheap
    /// enough for every keystroke; an open suggestion stays open while it still matches.
    pub fn update(&self, text: &str) -> Result<(), JsValue> {
        let mut s = self.state.borrow_mut();
        s.text = text.to_owned();
        s.render()
    }

    /// How many articles are suggested now.
    pub fn count(&self) -> usize {
        self.state.borrow().shown.len()
    }

    /// Says how many articles are suggested in the current language (after a language change).
    pub fn relabel(&self) {
        let s = self.state.borrow();
        if !s.shown.is_empty() {
            s.status
                .set_text_content(Some(&s.t_count("faq-suggest-count", s.shown.len())));
        }
    }

    /// Removes the component from the page.
    pub fn destroy(&self) {
        let s = self.state.borrow();
        s.root.remove();
        s.status.remove();
    }
}

impl State {
    fn t_count(&self, key: &str, count: usize) -> String {
        ui::translate(&self.t, key, "count", &JsValue::from_f64(count as f64))
    }

    fn render(&mut self) -> Result<(), JsValue> {
        let Some(loaded) = self.data.clone() else {
            return Ok(());
        };
        let hits: Vec<(usize, Vec<(usize, usize)>)> = if enough(&self.text) {
            loaded
                .index
                .search(query_of(&self.text), LIMIT)
                .into_iter()
                .map(|h| (h.doc, h.highlights))
                .collect()
        } else {
            vec![]
        };
        let ids: Vec<usize> = hits.iter().map(|h| h.0).collect();
        if ids == self.shown {
            return Ok(());
        }
        let before = self.shown.len();
        self.list.set_text_content(None);
        for (i, marks) in &hits {
            let Some(a) = loaded.payload.articles.get(*i) else {
                continue;
            };
            let li = el(&self.doc, "li", "", "")?;
            let details = el(&self.doc, "details", "kefu-faq-suggestion", "")?;
            details.set_attribute("data-kefu-article", &i.to_string())?;
            details.set_attribute(
                "lang",
                a.fallback.as_ref().unwrap_or(&loaded.payload.locale),
            )?;
            let summary = el(&self.doc, "summary", "", "")?;
            dom::highlighted(&self.doc, &summary, &a.question, marks)?;
            details.append_child(&summary)?;
            li.append_child(&details)?;
            self.list.append_child(&li)?;
        }
        self.shown = ids;
        if self.shown.is_empty() {
            self.root.set_attribute("hidden", "")?;
        } else {
            self.root.remove_attribute("hidden")?;
        }
        if self.shown.len() != before {
            let text = if self.shown.is_empty() {
                String::new()
            } else {
                self.t_count("faq-suggest-count", self.shown.len())
            };
            self.status.set_text_content(Some(&text));
        }
        Ok(())
    }

    /// A suggestion was opened or closed: draw its answer the first time, count the view.
    fn opened(&mut self, details: &Element) -> Result<(), JsValue> {
        if !details.has_attribute("open") || details.query_selector(".kefu-faq-answer")?.is_some() {
            return Ok(());
        }
        let Some(i) = details
            .get_attribute("data-kefu-article")
            .and_then(|v| v.parse::<usize>().ok())
        else {
            return Ok(());
        };
        let Some(loaded) = self.data.clone() else {
            return Ok(());
        };
        let Some(a) = loaded.payload.articles.get(i) else {
            return Ok(());
        };
        let answer = el(&self.doc, "div", "kefu-faq-answer", "")?;
        dom::answer(&self.doc, &answer, &a.html)?;
        details.append_child(&answer)?;
        if !self.viewed.contains(&i) {
            self.viewed.push(i);
            let (api, site, id) = (self.api.clone(), self.site.clone(), a.id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                net::post(&api, &site, &format!("{id}/view"), &net::object(&[])).await;
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enough_text_to_search() {
        assert!(!enough(""));
        assert!(!enough("  a b "));
        assert!(enough("ref"));
        assert!(!enough("退"));
        assert!(enough("退款"));
        assert!(enough("비번"));
        assert!(!enough("?!…"));
    }

    #[test]
    fn long_texts_are_cut_on_a_character_boundary() {
        let text = "密".repeat(400);
        assert_eq!(query_of(&text).chars().count(), MAX_QUERY_CHARS);
        assert_eq!(query_of("short"), "short");
    }
}
