//! The widget's shell: the launcher, the panel (a modal dialog with a focus trap), loading and
//! error states, locale switching, and the bridge to the loader's `Kefu` API.

use crate::api::{self, FetchError};
use crate::contact::Channels;
use crate::help::help_slot;
use crate::i18n::{self, t, t_args, tr};
use crate::icons::{close_icon, launcher_icon};
use crate::style::Sheets;
use crate::BootOptions;
use kefu_api::WidgetConfig;
use leptos::either::EitherOf3;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, KeyboardEvent, ShadowRoot};

/// The Kefu server's origin, for URLs the config gives as paths (QR images).
#[derive(Clone, Debug)]
pub struct ApiBase(pub String);

/// The config as far as it is known.
#[derive(Clone, Debug, PartialEq)]
pub enum Load {
    Loading,
    Ready(Arc<WidgetConfig>),
    Failed(FetchError),
}

/// Things that are not `Send` (DOM nodes, JS functions) and never change after boot.
struct Env {
    opts: BootOptions,
    root: ShadowRoot,
    sheets: Sheets,
    browser_languages: Vec<String>,
}

/// The widget's state; `Copy`, so every closure can hold it.
#[derive(Clone, Copy)]
pub struct Widget {
    pub open: RwSignal<bool>,
    /// `data-locale` or `Kefu.setLocale`; wins over the browser's languages.
    pub chosen_locale: RwSignal<Option<String>>,
    pub load: RwSignal<Load>,
    /// The UI locale whose texts are here and shown; it changes only once a newly chosen
    /// locale's texts have arrived (with the config in that language), all at once.
    shown: RwSignal<Option<String>>,
    /// The clock the opening hours are computed against, ticking while the page is open.
    pub now: RwSignal<i64>,
    /// Bumped by "Try again" to refetch.
    retry: RwSignal<u32>,
    env: StoredValue<Env, LocalStorage>,
}

thread_local! {
    /// Configs handed to `show_in_locale` so far.
    static SHOWING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

fn browser_languages() -> Vec<String> {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else {
        return vec![];
    };
    let list: Vec<String> = nav
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if list.is_empty() {
        nav.language().into_iter().collect()
    } else {
        list
    }
}

impl Widget {
    pub fn new(opts: BootOptions, root: ShadowRoot, sheets: Sheets) -> Widget {
        // The visitor's own pick in the language menu wins over the page's `data-locale`.
        let chosen = crate::langs::stored().or_else(|| opts.locale.clone());
        Widget {
            open: RwSignal::new(false),
            chosen_locale: RwSignal::new(chosen),
            load: RwSignal::new(Load::Loading),
            shown: RwSignal::new(None),
            now: RwSignal::new(now_ms()),
            retry: RwSignal::new(0),
            env: StoredValue::new_local(Env {
                opts,
                root,
                sheets,
                browser_languages: browser_languages(),
            }),
        }
    }

    /// The visitor's language preferences, most preferred first.
    fn preferences(&self) -> Vec<String> {
        let mut prefs: Vec<String> = self.chosen_locale.get().into_iter().collect();
        self.env
            .with_value(|e| prefs.extend(e.browser_languages.iter().cloned()));
        prefs
    }

    /// The UI locale wanted: the visitor's choice, else the browser's, else the site's default.
    fn wanted_locale(&self, default_locale: &str) -> String {
        i18n::negotiate(&self.preferences_untracked(), default_locale)
    }

    fn preferences_untracked(&self) -> Vec<String> {
        untrack(|| self.preferences())
    }

    /// The UI locale shown (reactive).
    pub fn ui_locale(&self) -> String {
        self.shown.get().unwrap_or_else(|| "en".to_owned())
    }

    /// Shows `cfg` in the UI locale wanted for it, once that locale's texts are here (fetched
    /// from the server the first time; English when they cannot be had).
    async fn show_in_locale(self, cfg: Arc<WidgetConfig>) {
        // Only the newest config is shown, however the fetches of texts interleave.
        let turn = SHOWING.with(|n| {
            n.set(n.get() + 1);
            n.get()
        });
        let tag = self.wanted_locale(&cfg.default_locale);
        // The texts of a locale the server offers (`locales`: tag → path), fetched once.
        let (get, path) = self.env.with_value(|e| {
            let path = js_sys::Reflect::get(&e.opts.locales, &JsValue::from_str(&tag));
            (e.opts.get.clone(), path.ok().and_then(|p| p.as_string()))
        });
        if let (false, Some(path)) = (i18n::loaded(&tag), path) {
            match api::get(get, &path).await {
                Ok((200, ftl)) => i18n::add(&tag, &ftl),
                _ => web_sys::console::warn_2(
                    &JsValue::from_str("kefu: could not load the texts of"),
                    &JsValue::from_str(&tag),
                ),
            }
        }
        if SHOWING.with(std::cell::Cell::get) != turn {
            return;
        }
        let shown = i18n::loaded(&tag).then_some(tag);
        self.env
            .with_value(|e| e.sheets.apply(&cfg.theme, &cfg.on_brand_color));
        self.shown.set(shown);
        self.load.set(Load::Ready(cfg));
        // Once the views are drawn anew.
        let w = self;
        set_timeout(move || w.decorate(), Duration::ZERO);
    }

    /// Marks site texts in another language and puts the language menu in the panel
    /// (`langs`: plain DOM, as more views cost the size budget more).
    fn decorate(&self) {
        if let Load::Ready(cfg) = self.load.get_untracked() {
            let ui = untrack(|| self.ui_locale());
            self.env
                .with_value(|e| crate::langs::decorate(&e.root, &cfg, &ui));
        }
    }

    pub fn is_open(&self) -> bool {
        self.open.get_untracked()
    }

    pub fn set_locale(&self, tag: Option<String>) {
        self.chosen_locale.set(tag.filter(|t| !t.trim().is_empty()));
    }

    fn emit(&self, event: &str) {
        self.env.with_value(|e| {
            if let Some(f) = &e.opts.emit {
                let _ = f.call2(
                    &JsValue::NULL,
                    &JsValue::from_str(event),
                    &JsValue::UNDEFINED,
                );
            }
        });
    }

    /// The loader's `help(part, element, locale, t)`, which imports the help module and
    /// mounts a part of it; none in the console's preview (which fetches nothing).
    pub fn help_loader(&self) -> Option<js_sys::Function> {
        self.env
            .with_value(|e| (!e.opts.preview).then(|| e.opts.help.clone()).flatten())
    }

    fn query(&self, selector: &str) -> Option<HtmlElement> {
        self.env
            .with_value(|e| e.root.query_selector(selector).ok().flatten())
            .and_then(|el| el.dyn_into().ok())
    }

    fn focus_inside(&self) -> bool {
        self.env.with_value(|e| e.root.active_element().is_some())
    }

    /// Opens or closes the panel, moves focus (into the dialog, back to the launcher) and tells
    /// the page.
    pub fn set_open(&self, open: bool) {
        if self.open.get_untracked() == open {
            return;
        }
        let had_focus = self.focus_inside();
        self.open.set(open);
        if open {
            self.now.set(now_ms());
        }
        let w = *self;
        set_timeout(
            move || {
                if open {
                    w.decorate();
                    if let Some(p) = w.query(".kefu-panel") {
                        let _ = p.focus();
                    }
                } else if had_focus || w.focus_inside() {
                    if let Some(l) = w.query(".kefu-launcher") {
                        let _ = l.focus();
                    }
                }
            },
            Duration::ZERO,
        );
        self.emit(if open { "open" } else { "close" });
    }

    /// Shows a config object handed over by the page (the console's preview).
    pub fn show_config(&self, v: &JsValue) {
        if let Some(cfg) = crate::decode::widget_config(v) {
            spawn_local(self.show_in_locale(Arc::new(cfg)));
        }
    }

    /// Fetches the config whenever the language preferences change (or on retry).
    fn start_loading(&self) {
        let w = *self;
        if w.env.with_value(|e| e.opts.preview) {
            return;
        }
        Effect::new(move |_| {
            w.retry.track();
            let prefs = w.preferences();
            let (get, site) = w
                .env
                .with_value(|e| (e.opts.get.clone(), e.opts.site.clone()));
            spawn_local(async move {
                match api::widget_config(get, &site, &prefs).await {
                    Ok(cfg) => spawn_local(w.show_in_locale(Arc::new(cfg))),
                    // A failed refresh keeps the config the visitor already sees.
                    Err(e) if !matches!(w.load.get_untracked(), Load::Ready(_)) => {
                        web_sys::console::warn_2(
                            &JsValue::from_str("kefu: could not load the site config"),
                            &JsValue::from_str(e.code()),
                        );
                        w.load.set(Load::Failed(e));
                    }
                    Err(_) => {}
                }
            });
        });
    }

    /// Keeps Tab and Shift+Tab inside the open dialog.
    fn trap_focus(&self, ev: &KeyboardEvent) {
        let Some(panel) = self.query(".kefu-panel") else {
            return;
        };
        let Ok(list) = panel.query_selector_all(
            "a[href], button:not([disabled]), summary, input, select, textarea, [tabindex]:not([tabindex='-1'])",
        ) else {
            return;
        };
        let items: Vec<HtmlElement> = (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
            .filter(|el| el.get_client_rects().length() > 0)
            .collect();
        let (Some(first), Some(last)) = (items.first(), items.last()) else {
            return;
        };
        let active = self.env.with_value(|e| e.root.active_element());
        let is = |el: &HtmlElement| {
            active
                .as_ref()
                .is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>())
        };
        let on_panel = active
            .as_ref()
            .is_some_and(|a| a == panel.unchecked_ref::<web_sys::Element>());
        if ev.shift_key() && (is(first) || on_panel) {
            ev.prevent_default();
            let _ = last.focus();
        } else if !ev.shift_key() && is(last) {
            ev.prevent_default();
            let _ = first.focus();
        }
    }
}

#[component]
pub fn App(widget: Widget) -> impl IntoView {
    provide_context(ApiBase(widget.env.with_value(|e| e.opts.api.clone())));
    widget.start_loading();
    // The "open now" clock: a tick every 30 s is plenty for minute-precision hours.
    if let Ok(handle) =
        set_interval_with_handle(move || widget.now.set(now_ms()), Duration::from_secs(30))
    {
        on_cleanup(move || handle.clear());
    }
    let locale = Signal::derive(move || widget.ui_locale());
    let open = Signal::derive(move || widget.open.get());
    // The launcher appears once the site's config is here: a button that can only show an
    // error is worse than none (a wrong site id, an origin not allowed — the browser reports
    // that as a network error — or a visitor offline). `Kefu.open()` still opens the panel,
    // which then explains and offers to retry; going back online retries by itself.
    let online = window_event_listener(leptos::ev::online, move |_| {
        if !matches!(widget.load.get_untracked(), Load::Ready(_)) {
            widget.retry.update(|n| *n += 1);
        }
    });
    on_cleanup(move || online.remove());
    let on_keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        "Escape" if widget.open.get_untracked() => {
            ev.prevent_default();
            widget.set_open(false);
        }
        "Tab" if widget.open.get_untracked() => widget.trap_focus(&ev),
        _ => {}
    };
    view! {
        <div
            class="kefu-root"
            lang=move || locale.get()
            dir=move || i18n::direction(&locale.get())
            on:keydown=on_keydown
        >
            {move || match widget.load.get() {
                Load::Ready(c) => Some(view! {
                    <button
                        type="button"
                        class="kefu-launcher"
                        class:kefu-launcher-open=move || open.get()
                        aria-haspopup="dialog"
                        aria-expanded=move || open.get().to_string()
                        aria-controls="kefu-panel"
                        aria-label=move || t(&locale.get(), if open.get() { "launcher-close" } else { "launcher-open" })
                        on:click=move |_| widget.set_open(!widget.open.get_untracked())
                    >
                        {launcher_icon(open)}
                        <span class="kefu-launcher-label">{
                            let label = c.launcher_label.clone();
                            move || label.clone().unwrap_or_else(|| t(&locale.get(), "launcher-label"))
                        }</span>
                    </button>
                    // The NPS question for returning visitors, when due (the loader decides).
                    {c.modules.surveys.then(|| help_slot(widget, "nps", c.locale.clone()))}
                }),
                _ => None,
            }}
            {move || open.get().then(|| view! { <Panel widget=widget locale=locale/> })}
        </div>
    }
}

/// Hidden until `langs::decorate` says otherwise.
const HIDDEN: bool = true;

#[component]
fn Panel(widget: Widget, locale: Signal<String>) -> impl IntoView {
    let config = move || match widget.load.get() {
        Load::Ready(c) => Some(c),
        _ => None,
    };
    let title = move || {
        let name = config().map(|c| c.name.clone()).unwrap_or_default();
        t_args(&locale.get(), "panel-title", &[("site", name.into())])
    };
    let panel: NodeRef<html::Div> = NodeRef::new();
    view! {
        <div
            class="kefu-panel"
            id="kefu-panel"
            role="dialog"
            aria-modal="true"
            aria-labelledby="kefu-title"
            tabindex="-1"
            node_ref=panel
        >
            <header class="kefu-header">
                <div class="kefu-heading">
                    <h2 class="kefu-title" id="kefu-title" dir="auto">{title}</h2>
                    <p class="kefu-greeting" dir="auto">{move || config().map(|c| c.greeting.clone())}</p>
                </div>
                <button
                    type="button"
                    class="kefu-close"
                    aria-label=tr(locale, "panel-close")
                    on:click=move |_| widget.set_open(false)
                >
                    {close_icon()}
                </button>
            </header>
            <div class="kefu-body">
                {move || match widget.load.get() {
                    Load::Loading => EitherOf3::A(view! {
                        <p class="kefu-state" role="status">{tr(locale, "panel-loading")}</p>
                    }),
                    Load::Failed(_) => EitherOf3::B(view! {
                        <div class="kefu-state kefu-error" role="alert">
                            <p>{tr(locale, "panel-error")}</p>
                            <button type="button" class="kefu-button"
                                on:click=move |_| widget.retry.update(|n| *n += 1)>
                                {tr(locale, "panel-retry")}
                            </button>
                        </div>
                    }),
                    Load::Ready(cfg) => {
                        let feedback = cfg
                            .modules
                            .feedback
                            .then(|| help_slot(widget, "feedback", cfg.locale.clone()));
                        // One slot above the channels for the chat's card and the FAQ, in this
                        // order (the loader mounts each part named).
                        let m = cfg.modules;
                        let top = match (m.chat, m.faq) {
                            (true, true) => Some("chat faq"),
                            (true, false) => Some("chat"),
                            (false, true) => Some("faq"),
                            _ => None,
                        };
                        EitherOf3::C(view! {
                            {top.map(|parts| help_slot(widget, parts, cfg.locale.clone()))}
                            <Channels config=cfg locale=locale now=widget.now.into()/>
                            {feedback}
                        })
                    }
                }}
            </div>
            // The fallback note and the language menu are filled in by `langs::decorate`.
            <footer class="kefu-footer" on:change=move |ev| crate::langs::pick(widget, &ev)>
                // `hidden=HIDDEN`, not a literal: see `icons::close_icon`.
                <p class="kefu-fallback" hidden=HIDDEN></p>
                <span>{tr(locale, "panel-powered")}</span>
            </footer>
        </div>
    }
}
