//! Kefu's FAQ module: the search engine (`kefu-search`) and the FAQ part of the widget's
//! panel, in one wasm file the widget loads when its panel first opens on a site with the FAQ
//! switched on. Keeping it out of the widget proper keeps the engine's Unicode tables and the
//! FAQ view out of what every host page pays for at idle time.
//!
//! - [`faq`]: called by the widget with an element of its panel; draws the search box,
//!   popular articles, results with the matched parts highlighted, the article view with
//!   "Was this helpful?", and "Still need help?" (`ui`). The widget passes its Fluent
//!   translator, so every visible string still comes from `locales/<lang>/widget.ftl`.
//! - [`feedback`]: the feedback form with its outbox (`feedback`, `outbox`), and [`flush`],
//!   which sends what an earlier page saved.
//! - [`nps`]: the NPS question for returning visitors, in a card beside the launcher.
//! - [`Suggest`]: the suggestion component for other forms (feedback, chat): the best
//!   matching articles for the text a visitor types, opened in place (`suggest`).
//! - [`FaqIndex`]: the bare engine for JavaScript, used by the benchmark in Node
//!   (`wasm-bindgen --target nodejs`) beside MiniSearch, FlexSearch and Fuse.js.
//!
//! Answers arrive as HTML the server has sanitized; `dom` still copies only known elements
//! and `href`s out of it (parsed inertly by `DOMParser`), never assigning HTML to the page.

mod chat;
mod dom;
mod feedback;
mod net;
mod nps;
mod outbox;
mod suggest;
mod terms;
mod ui;

pub use suggest::Suggest;

use kefu_search::{text_of_html, Doc, Index};
use wasm_bindgen::prelude::*;

/// The module's own texts in English (`locales/en/help.ftl`), handed to the widget's translator
/// with `t("", "en", ftl)`. Other locales' texts come with the widget's, fetched from the server
/// for the visitor's language.
const HELP_FTL: [(&str, &str); 1] = [("en", include_str!("../../../locales/en/help.ftl"))];

thread_local! {
    static REGISTERED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Gives the widget this module's messages, once.
fn register(t: &js_sys::Function) {
    if REGISTERED.with(|r| r.replace(true)) {
        return;
    }
    for (tag, ftl) in HELP_FTL {
        let _ = t.call3(&JsValue::NULL, &"".into(), &tag.into(), &ftl.into());
    }
}

/// Draws (or moves back) the FAQ into `container`, an element inside the widget's shadow root.
///
/// `api` is the Kefu server's origin, `locale` the content language (the widget config's), and
/// `t(key)` or `t(key, name, value)` returns the widget's Fluent message in the visitor's
/// language (`t("", lang, ftl)` gives the widget this module's messages).
#[wasm_bindgen]
pub fn faq(
    container: web_sys::HtmlElement,
    api: String,
    site: String,
    locale: String,
    t: js_sys::Function,
) -> Result<(), JsValue> {
    register(&t);
    ui::mount(
        container,
        ui::Opts {
            api,
            site,
            locale,
            t,
        },
    )
}

/// Draws (or moves back) the feedback form into `container`; arguments as for [`faq`], plus
/// `emit(name, detail)`, the loader's event function (`Kefu.on('ticket', …)`), and the
/// identity the host page gave with `Kefu.identify({ id, name, email, signature })`, whose
/// e-mail address fills an empty e-mail field.
#[wasm_bindgen]
pub fn feedback(
    container: web_sys::HtmlElement,
    api: String,
    site: String,
    locale: String,
    t: js_sys::Function,
    emit: Option<js_sys::Function>,
    identity: JsValue,
) -> Result<(), JsValue> {
    register(&t);
    let email = net::field(&identity, "email").filter(|e| e.contains('@') && e.len() <= 254);
    feedback::mount(
        container,
        feedback::Opts {
            api,
            site,
            locale,
            t,
            emit,
            email,
        },
    )
}

/// Asks a returning visitor the NPS question in a card drawn into `container` (beside the
/// launcher), if the site asks it; arguments as for [`faq`]. The loader calls this only when
/// the visitor's next question is due.
#[wasm_bindgen]
pub fn nps(
    container: web_sys::HtmlElement,
    api: String,
    site: String,
    locale: String,
    t: js_sys::Function,
) -> Result<(), JsValue> {
    register(&t);
    nps::mount(
        container,
        nps::Opts {
            api,
            site,
            locale,
            t,
        },
    )
}

/// Draws the live chat into `container` (the panel's chat slot); arguments as for [`feedback`].
#[wasm_bindgen]
pub fn chat(
    container: web_sys::HtmlElement,
    api: String,
    site: String,
    locale: String,
    t: js_sys::Function,
    emit: Option<js_sys::Function>,
    identity: JsValue,
) -> Result<(), JsValue> {
    register(&t);
    chat::mount(
        container,
        chat::Opts {
            api,
            site,
            locale,
            t: Some(t),
            emit,
            identity,
        },
    )
}

/// Reconnects this browser's open conversation at start-up without drawing anything (the
/// loader calls it when `kefu:chat:<site>` is set), so new messages are counted and announced
/// to the host page while the panel is closed. `root` is the widget's shadow root.
#[wasm_bindgen(js_name = chatResume)]
pub fn chat_resume(
    root: web_sys::ShadowRoot,
    api: String,
    site: String,
    locale: String,
    emit: Option<js_sys::Function>,
    identity: JsValue,
) {
    chat::resume(
        Some(root),
        chat::Opts {
            api,
            site,
            locale,
            t: None,
            emit,
            identity,
        },
    );
}

/// Opens an e-mailed recovery link's token (`#kefu-recover=…` on the host page): this browser
/// then sees the requests sent with that address. Resolves to whether it worked.
#[wasm_bindgen]
pub async fn recover(api: String, site: String, token: String) -> bool {
    feedback::recover(api, site, token).await
}

/// Opens the e-mailed link to one request (`#kefu-ticket=REF.SECRET` on the host page).
/// Resolves to whether the secret opened it.
#[wasm_bindgen(js_name = openTicket)]
pub async fn open_ticket(api: String, site: String, reference: String, secret: String) -> bool {
    feedback::open_link(api, site, reference, secret).await
}

/// Sends the feedback saved on this device for `site` (called by the loader at start-up when
/// `kefu:outbox:<site>` is not empty), without drawing anything.
#[wasm_bindgen]
pub fn flush(api: String, site: String, emit: Option<js_sys::Function>) {
    outbox::flush(api, site, emit);
}

/// The documents of a FAQ, as the engine indexes them.
pub fn docs<'a>(articles: impl Iterator<Item = (&'a str, &'a [String], &'a str)>) -> Vec<Doc> {
    articles
        .map(|(question, keywords, html)| Doc {
            question: question.to_owned(),
            keywords: keywords.join(" "),
            answer: text_of_html(html),
        })
        .collect()
}

#[wasm_bindgen]
pub struct FaqIndex {
    index: Index,
}

#[wasm_bindgen]
impl FaqIndex {
    /// Builds the index; `keywords[i]` is article i's keywords joined by spaces, `answers[i]`
    /// its sanitized answer HTML (indexed as text).
    #[wasm_bindgen(constructor)]
    pub fn new(questions: Vec<String>, keywords: Vec<String>, answers: Vec<String>) -> FaqIndex {
        let docs: Vec<Doc> = questions
            .into_iter()
            .enumerate()
            .map(|(i, question)| Doc {
                question,
                keywords: keywords.get(i).cloned().unwrap_or_default(),
                answer: answers.get(i).map(|a| text_of_html(a)).unwrap_or_default(),
            })
            .collect();
        FaqIndex {
            index: Index::build(&docs),
        }
    }

    /// The best `limit` articles for `query`, flattened: for each hit its article number, the
    /// number of highlight ranges, then each range's start and end (UTF-8 byte offsets into
    /// the question).
    pub fn search(&self, query: &str, limit: usize) -> Vec<u32> {
        let mut out = vec![];
        for hit in self.index.search(query, limit) {
            out.push(hit.doc as u32);
            out.push(hit.highlights.len() as u32);
            for (s, e) in hit.highlights {
                out.push(s as u32);
                out.push(e as u32);
            }
        }
        out
    }

    /// How many articles the index holds.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
}
