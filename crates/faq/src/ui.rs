//! The FAQ view inside the widget's panel, drawn with plain DOM calls (no framework: this
//! module is loaded on demand and stays small).
//!
//! One view per page, built once and moved into the panel each time it opens, so the visitor
//! finds their search or article as they left it. The home view is a search box, the popular
//! articles while it is empty, results on every keystroke with the matched words marked, and
//! "Still need help?" leading to the contact channels. Keyboard: ↓/↑ through the results,
//! Enter opens, Esc goes back (article → list → clear the search → the panel's own Esc).

use crate::dom::{self, el};
use crate::net::{self, Payload};
use js_sys::Function;
use kefu_search::Index;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, KeyboardEvent};

const MAX_RESULTS: usize = 8;
/// A search with no result is reported after the visitor stops typing this long.
const MISS_DELAY_MS: i32 = 1500;
/// `faq.css` and `chat/chat.css`, minified by `build.rs`.
const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/help.css"));

pub struct Opts {
    pub api: String,
    pub site: String,
    pub locale: String,
    /// The widget's translator: `t(key)` or `t(key, name, value)` → string.
    pub t: Function,
}

pub(crate) struct Loaded {
    pub payload: Payload,
    pub index: Index,
}

enum Data {
    Loading,
    Ready(Rc<Loaded>),
    Failed,
}

struct Ui {
    opts: Opts,
    doc: Document,
    root: Element,
    home: Element,
    input: HtmlInputElement,
    heading: Element,
    list: Element,
    status: Element,
    more: Element,
    article: Element,
    data: Data,
    /// Article positions listed, in order.
    shown: Vec<usize>,
    /// The article open, if any.
    open: Option<usize>,
    /// Searches already reported as missed (once per page view).
    reported: Vec<String>,
    miss_timer: Option<i32>,
    /// Id for votes when the browser keeps no storage.
    ephemeral_visitor: Option<String>,
}

thread_local! {
    static UI: RefCell<Option<Ui>> = const { RefCell::new(None) };
    /// Loaded FAQs by `site locale`: one download and one index per page and language.
    static CACHE: RefCell<HashMap<String, Rc<Loaded>>> = RefCell::new(HashMap::new());
}

/// `t(key)`, or `t(key, name, value)` when `name` is not empty; the key itself when the
/// translator fails.
pub(crate) fn translate(t: &Function, key: &str, name: &str, value: &JsValue) -> String {
    let name = if name.is_empty() {
        JsValue::UNDEFINED
    } else {
        JsValue::from_str(name)
    };
    t.call3(&JsValue::NULL, &JsValue::from_str(key), &name, value)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| key.to_owned())
}

fn with_ui<R>(f: impl FnOnce(&mut Ui) -> R) -> Option<R> {
    UI.with(|u| u.borrow_mut().as_mut().map(f))
}

impl Ui {
    fn t(&self, key: &str) -> String {
        self.t_with(key, "", &JsValue::UNDEFINED)
    }

    /// A message with one argument `name` = `value`.
    fn t_with(&self, key: &str, name: &str, value: &JsValue) -> String {
        translate(&self.opts.t, key, name, value)
    }

    fn build(opts: Opts) -> Result<Ui, JsValue> {
        let doc = dom::document()?;
        let root = el(&doc, "section", "kefu-faq-view", "")?;
        let home = el(&doc, "div", "kefu-faq-home", "")?;
        let label = el(&doc, "label", "kefu-sr-only", "")?;
        label.set_attribute("for", "kefu-faq-search")?;
        let input: HtmlInputElement = doc.create_element("input")?.dyn_into()?;
        input.set_type("search");
        input.set_id("kefu-faq-search");
        input.set_class_name("kefu-faq-search");
        input.set_attribute("autocomplete", "off")?;
        input.set_attribute("enterkeyhint", "search")?;
        input.set_attribute("aria-controls", "kefu-faq-list")?;
        let heading = el(&doc, "h3", "kefu-faq-heading", "")?;
        heading.set_id("kefu-faq-heading");
        let list = el(&doc, "ul", "kefu-faq-list", "")?;
        list.set_id("kefu-faq-list");
        list.set_attribute("aria-labelledby", "kefu-faq-heading")?;
        let status = el(&doc, "p", "kefu-faq-status", "")?;
        status.set_attribute("role", "status")?;
        let more = el(&doc, "p", "kefu-faq-more", "")?;
        for child in [
            &label,
            input.unchecked_ref::<Element>(),
            &heading,
            &list,
            &status,
            &more,
        ] {
            home.append_child(child)?;
        }
        let article = el(&doc, "div", "kefu-faq-article", "")?;
        article.set_attribute("hidden", "")?;
        // Shown once there are articles: a site without any, or a FAQ that cannot load, leaves
        // the panel to its contact channels.
        root.set_attribute("hidden", "")?;
        root.append_child(&home)?;
        root.append_child(&article)?;

        // Listeners live as long as the page: the view is built once.
        let on_input = Closure::<dyn FnMut()>::new(|| {
            with_ui(|ui| ui.render_home());
        });
        input.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref())?;
        on_input.forget();
        let on_key = Closure::<dyn FnMut(KeyboardEvent)>::new(|ev: KeyboardEvent| {
            with_ui(|ui| ui.on_key(&ev));
        });
        root.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref())?;
        on_key.forget();
        let on_click = Closure::<dyn FnMut(web_sys::Event)>::new(|ev: web_sys::Event| {
            with_ui(|ui| ui.on_click(&ev));
        });
        root.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
        on_click.forget();

        Ok(Ui {
            opts,
            doc,
            root,
            home,
            input,
            heading,
            list,
            status,
            more,
            article,
            data: Data::Loading,
            shown: vec![],
            open: None,
            reported: vec![],
            miss_timer: None,
            ephemeral_visitor: None,
        })
    }

    fn loaded(&self) -> Option<Rc<Loaded>> {
        match &self.data {
            Data::Ready(l) => Some(l.clone()),
            _ => None,
        }
    }

    /// Texts that depend only on the language.
    fn render_labels(&self) -> Result<(), JsValue> {
        let label = self.t("faq-search-label");
        self.input.set_attribute("aria-label", &label)?;
        self.input
            .set_placeholder(&self.t("faq-search-placeholder"));
        self.more.set_text_content(None);
        let ask = dom::msg(&self.doc, "span", "", &self.opts.t, "faq-still-need-help")?;
        self.more.append_child(&ask)?;
        let button = dom::msg(
            &self.doc,
            "button",
            "kefu-link",
            &self.opts.t,
            "faq-contact-us",
        )?;
        button.set_attribute("type", "button")?;
        button.set_attribute("data-kefu-action", "contact")?;
        self.more.append_child(&button)?;
        Ok(())
    }

    fn query(&self) -> String {
        self.input.value()
    }

    /// The home view: popular articles, or the results for the search box.
    fn render_home(&mut self) {
        let _ = self.try_render_home();
    }

    fn try_render_home(&mut self) -> Result<(), JsValue> {
        self.list.set_text_content(None);
        self.shown.clear();
        if let Some(t) = self.miss_timer.take() {
            if let Some(w) = web_sys::window() {
                w.clear_timeout_with_handle(t);
            }
        }
        let loaded = match &self.data {
            Data::Ready(l) if !l.payload.articles.is_empty() => l.clone(),
            _ => {
                self.root.set_attribute("hidden", "")?;
                return Ok(());
            }
        };
        self.root.remove_attribute("hidden")?;
        let query = self.query();
        let hits: Vec<(usize, Vec<(usize, usize)>)> = if query.trim().is_empty() {
            self.heading.set_text_content(Some(&self.t("faq-popular")));
            loaded
                .payload
                .popular
                .iter()
                .map(|&i| (i, vec![]))
                .collect()
        } else {
            self.heading.set_text_content(Some(&self.t("faq-results")));
            loaded
                .index
                .search(&query, MAX_RESULTS)
                .into_iter()
                .map(|h| (h.doc, h.highlights))
                .collect()
        };
        for (i, marks) in &hits {
            let Some(a) = loaded.payload.articles.get(*i) else {
                continue;
            };
            let li = el(&self.doc, "li", "", "")?;
            let button = el(&self.doc, "button", "kefu-faq-result", "")?;
            button.set_attribute("type", "button")?;
            button.set_attribute("data-kefu-article", &i.to_string())?;
            // The article's own language (for screen readers, and Korean line breaking).
            button.set_attribute(
                "lang",
                a.fallback.as_ref().unwrap_or(&loaded.payload.locale),
            )?;
            dom::highlighted(&self.doc, &button, &a.question, marks)?;
            li.append_child(&button)?;
            self.list.append_child(&li)?;
            self.shown.push(*i);
        }
        let status = if query.trim().is_empty() {
            String::new()
        } else if hits.is_empty() {
            self.schedule_miss(query.trim().to_owned());
            self.t_with("faq-no-results", "query", &JsValue::from_str(query.trim()))
        } else {
            self.t_with(
                "faq-result-count",
                "count",
                &JsValue::from_f64(hits.len() as f64),
            )
        };
        self.status.set_text_content(Some(&status));
        Ok(())
    }

    /// Reports a search that found nothing once the visitor has stopped typing.
    fn schedule_miss(&mut self, query: String) {
        if query.chars().count() < 2 || self.reported.contains(&query) {
            return;
        }
        let cb = Closure::once_into_js(move || {
            let Some((api, site, locale)) = with_ui(|ui| {
                ui.miss_timer = None;
                let still = ui.query().trim() == query && ui.shown.is_empty();
                let fresh = !ui.reported.contains(&query);
                (still && fresh).then(|| {
                    ui.reported.push(query.clone());
                    let locale = ui
                        .loaded()
                        .map(|l| l.payload.locale.clone())
                        .unwrap_or_else(|| ui.opts.locale.clone());
                    (ui.opts.api.clone(), ui.opts.site.clone(), locale)
                })
            })
            .flatten() else {
                return;
            };
            let body = net::object(&[
                ("locale", JsValue::from_str(&locale)),
                ("query", JsValue::from_str(&query)),
            ]);
            wasm_bindgen_futures::spawn_local(async move {
                net::post(&api, &site, "misses", &body).await;
            });
        });
        if let Some(w) = web_sys::window() {
            self.miss_timer = w
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    cb.unchecked_ref(),
                    MISS_DELAY_MS,
                )
                .ok();
        }
    }

    fn result_buttons(&self) -> Vec<HtmlElement> {
        let Ok(nodes) = self.list.query_selector_all("button") else {
            return vec![];
        };
        (0..nodes.length())
            .filter_map(|i| nodes.item(i))
            .filter_map(|n| n.dyn_into().ok())
            .collect()
    }

    fn on_key(&mut self, ev: &KeyboardEvent) {
        // Inside a shadow root the document sees only the host; ask the root.
        let active = match self.root.get_root_node().dyn_into::<web_sys::ShadowRoot>() {
            Ok(r) => r.active_element(),
            Err(_) => self.doc.active_element(),
        };
        let buttons = self.result_buttons();
        let at = active.as_ref().and_then(|a| {
            buttons
                .iter()
                .position(|b| b.unchecked_ref::<Element>() == a)
        });
        let on_input = active
            .as_ref()
            .is_some_and(|a| a == self.input.unchecked_ref::<Element>());
        let handled = match ev.key().as_str() {
            "ArrowDown" if self.open.is_none() && (on_input || at.is_some()) => {
                let next = at.map_or(0, |i| (i + 1).min(buttons.len().saturating_sub(1)));
                buttons.get(next).map(|b| b.focus()).is_some()
            }
            "ArrowUp" if self.open.is_none() && at.is_some() => {
                match at {
                    Some(0) => {
                        let _ = self.input.focus();
                    }
                    Some(i) => {
                        let _ = buttons[i - 1].focus();
                    }
                    None => {}
                }
                true
            }
            "Escape" if self.open.is_some() => {
                self.close_article();
                true
            }
            "Escape" if at.is_some() => {
                let _ = self.input.focus();
                true
            }
            "Escape" if on_input && !self.query().is_empty() => {
                self.input.set_value("");
                self.render_home();
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
            // The panel closes on Esc only when nothing here used it.
            ev.stop_propagation();
        }
    }

    fn on_click(&mut self, ev: &web_sys::Event) {
        let Some(target) = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|e| e.closest("button").ok().flatten())
        else {
            return;
        };
        if let Some(i) = target
            .get_attribute("data-kefu-article")
            .and_then(|v| v.parse::<usize>().ok())
        {
            let _ = self.open_article(i);
            return;
        }
        match target.get_attribute("data-kefu-action").as_deref() {
            Some("contact") => self.show_contact(),
            Some("back") => self.close_article(),
            Some("yes") => self.vote(true),
            Some("no") => self.vote(false),
            _ => {}
        }
    }

    fn open_article(&mut self, i: usize) -> Result<(), JsValue> {
        let Some(loaded) = self.loaded() else {
            return Ok(());
        };
        let Some(a) = loaded.payload.articles.get(i) else {
            return Ok(());
        };
        self.open = Some(i);
        let view = &self.article;
        view.set_text_content(None);
        let back = dom::msg(
            &self.doc,
            "button",
            "kefu-link kefu-faq-back",
            &self.opts.t,
            "faq-back",
        )?;
        back.set_attribute("type", "button")?;
        back.set_attribute("data-kefu-action", "back")?;
        view.append_child(&back)?;
        let body = el(&self.doc, "article", "kefu-faq-body", "")?;
        body.set_attribute(
            "lang",
            a.fallback.as_ref().unwrap_or(&loaded.payload.locale),
        )?;
        if a.fallback.is_some() {
            let note = dom::msg(
                &self.doc,
                "p",
                "kefu-faq-note",
                &self.opts.t,
                "faq-fallback",
            )?;
            note.set_attribute("lang", &loaded.payload.locale)?;
            view.append_child(&note)?;
        }
        let title = el(&self.doc, "h3", "kefu-faq-question", &a.question)?;
        title.set_attribute("tabindex", "-1")?;
        body.append_child(&title)?;
        let answer = el(&self.doc, "div", "kefu-faq-answer", "")?;
        dom::answer(&self.doc, &answer, &a.html)?;
        body.append_child(&answer)?;
        view.append_child(&body)?;
        let vote = el(&self.doc, "div", "kefu-faq-vote", "")?;
        view.append_child(&vote)?;
        self.render_vote(&vote, &a.id)?;
        let more = self.more.clone_node_with_deep(true)?;
        view.append_child(&more)?;
        self.home.set_attribute("hidden", "")?;
        view.remove_attribute("hidden")?;
        if let Some(t) = title.dyn_ref::<HtmlElement>() {
            let _ = t.focus();
        }
        let (api, site, id) = (self.opts.api.clone(), self.opts.site.clone(), a.id.clone());
        wasm_bindgen_futures::spawn_local(async move {
            net::post(&api, &site, &format!("{id}/view"), &net::object(&[])).await;
        });
        Ok(())
    }

    fn render_vote(&self, vote: &Element, id: &str) -> Result<(), JsValue> {
        vote.set_text_content(None);
        if net::voted(&self.opts.site, id) {
            let thanks = dom::msg(
                &self.doc,
                "p",
                "kefu-faq-thanks",
                &self.opts.t,
                "faq-helpful-thanks",
            )?;
            thanks.set_attribute("role", "status")?;
            vote.append_child(&thanks)?;
            return Ok(());
        }
        let group = el(&self.doc, "div", "kefu-faq-vote-group", "")?;
        group.set_attribute("role", "group")?;
        let question = dom::msg(&self.doc, "span", "", &self.opts.t, "faq-helpful-question")?;
        question.set_id("kefu-faq-vote-label");
        group.set_attribute("aria-labelledby", "kefu-faq-vote-label")?;
        group.append_child(&question)?;
        for (action, key) in [("yes", "faq-helpful-yes"), ("no", "faq-helpful-no")] {
            let b = dom::msg(
                &self.doc,
                "button",
                "kefu-faq-vote-button",
                &self.opts.t,
                key,
            )?;
            b.set_attribute("type", "button")?;
            b.set_attribute("data-kefu-action", action)?;
            group.append_child(&b)?;
        }
        vote.append_child(&group)?;
        Ok(())
    }

    fn vote(&mut self, helpful: bool) {
        let Some(i) = self.open else { return };
        let Some(loaded) = self.loaded() else { return };
        let Some(a) = loaded.payload.articles.get(i) else {
            return;
        };
        let visitor = net::visitor_id().or_else(|| {
            if self.ephemeral_visitor.is_none() {
                let mut bytes = [0u8; 16];
                let ok = web_sys::window()
                    .and_then(|w| w.crypto().ok())
                    .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
                if ok {
                    self.ephemeral_visitor =
                        Some(bytes.iter().map(|b| format!("{b:02x}")).collect());
                }
            }
            self.ephemeral_visitor.clone()
        });
        let Some(visitor) = visitor else { return };
        // Thank at once; the vote is remembered so the question is not asked again.
        net::remember_vote(&self.opts.site, &a.id);
        if let Ok(Some(vote)) = self.article.query_selector(".kefu-faq-vote") {
            let _ = self.render_vote(&vote, &a.id);
        }
        let body = net::object(&[
            ("visitor", JsValue::from_str(&visitor)),
            ("helpful", JsValue::from_bool(helpful)),
        ]);
        let (api, site, id) = (self.opts.api.clone(), self.opts.site.clone(), a.id.clone());
        wasm_bindgen_futures::spawn_local(async move {
            net::post(&api, &site, &format!("{id}/vote"), &body).await;
        });
    }

    /// Brings the widget's contact channels into view and moves focus to their heading.
    fn show_contact(&self) {
        let heading = self
            .root
            .get_root_node()
            .dyn_into::<web_sys::ShadowRoot>()
            .ok()
            .and_then(|r| r.get_element_by_id("kefu-channels-title"))
            .and_then(|h| h.dyn_into::<HtmlElement>().ok());
        if let Some(h) = heading {
            let _ = h.set_attribute("tabindex", "-1");
            h.scroll_into_view();
            let _ = h.focus();
        }
    }

    fn close_article(&mut self) {
        let Some(i) = self.open.take() else { return };
        let _ = self.article.set_attribute("hidden", "");
        self.article.set_text_content(None);
        let _ = self.home.remove_attribute("hidden");
        let buttons = self.result_buttons();
        match self.shown.iter().position(|&s| s == i) {
            Some(p) if p < buttons.len() => {
                let _ = buttons[p].focus();
            }
            _ => {
                let _ = self.input.focus();
            }
        }
    }
}

/// Adds the FAQ's stylesheet to the shadow root the container is in (once).
pub(crate) fn adopt_css(container: &Element) -> Result<(), JsValue> {
    let Ok(root) = container.get_root_node().dyn_into::<web_sys::ShadowRoot>() else {
        return Ok(());
    };
    let sheets = root.adopted_style_sheets();
    let marker = JsValue::from_str("kefuFaq");
    let already = sheets.iter().any(|s| {
        js_sys::Reflect::get(&s, &marker)
            .map(|v| v.is_truthy())
            .unwrap_or(false)
    });
    if already {
        return Ok(());
    }
    let sheet = web_sys::CssStyleSheet::new()?;
    sheet.replace_sync(CSS)?;
    js_sys::Reflect::set(&sheet, &marker, &JsValue::TRUE)?;
    sheets.push(&sheet);
    root.set_adopted_style_sheets(&sheets);
    Ok(())
}

fn cache_key(site: &str, locale: &str) -> String {
    format!("{site} {locale}")
}

/// Loads the FAQ for the current options (from the page's cache when it was loaded before).
fn load() {
    let Some((api, site, locale)) = with_ui(|ui| {
        (
            ui.opts.api.clone(),
            ui.opts.site.clone(),
            ui.opts.locale.clone(),
        )
    }) else {
        return;
    };
    let key = cache_key(&site, &locale);
    if let Some(l) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        with_ui(|ui| {
            ui.data = Data::Ready(l);
            ui.render_home();
        });
        return;
    }
    with_ui(|ui| {
        ui.data = Data::Loading;
        ui.render_home();
    });
    wasm_bindgen_futures::spawn_local(async move {
        let data = match loaded(&api, &site, &locale).await {
            Ok(loaded) => Data::Ready(loaded),
            Err(_) => Data::Failed,
        };
        with_ui(|ui| {
            // Only if the language did not change meanwhile.
            if ui.opts.locale == locale && ui.opts.site == site {
                ui.data = data;
                ui.render_home();
            }
        });
    });
}

/// A site's FAQ in a language, downloaded and indexed once per page (the FAQ view and every
/// suggestion box share it).
pub(crate) async fn loaded(api: &str, site: &str, locale: &str) -> Result<Rc<Loaded>, JsValue> {
    let key = cache_key(site, locale);
    if let Some(l) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return Ok(l);
    }
    let payload = net::load(api, site, locale).await?;
    let docs = crate::docs(
        payload
            .articles
            .iter()
            .map(|a| (a.question.as_str(), a.keywords.as_slice(), a.html.as_str())),
    );
    let loaded = Rc::new(Loaded {
        index: Index::build(&docs),
        payload,
    });
    CACHE.with(|c| c.borrow_mut().insert(key, loaded.clone()));
    Ok(loaded)
}

pub fn mount(container: HtmlElement, opts: Opts) -> Result<(), JsValue> {
    let exists = UI.with(|u| u.borrow().is_some());
    let reload = if exists {
        with_ui(|ui| {
            let changed = ui.opts.locale != opts.locale || ui.opts.site != opts.site;
            if changed || matches!(ui.data, Data::Failed) {
                ui.open = None;
                let _ = ui.article.set_attribute("hidden", "");
                let _ = ui.home.remove_attribute("hidden");
            }
            let reload = changed || matches!(ui.data, Data::Failed);
            ui.opts = opts;
            reload
        })
        .unwrap_or(true)
    } else {
        let ui = Ui::build(opts)?;
        UI.with(|u| *u.borrow_mut() = Some(ui));
        true
    };
    adopt_css(&container)?;
    with_ui(|ui| -> Result<(), JsValue> {
        container.append_child(&ui.root)?;
        ui.render_labels()?;
        dom::relabel(&ui.root, &ui.opts.t);
        if ui.open.is_none() {
            ui.render_home();
        }
        Ok(())
    })
    .transpose()?;
    if reload {
        load();
    }
    Ok(())
}
