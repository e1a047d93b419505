//! The Kefu widget: a Leptos app mounted inside the open shadow root that the loader
//! (`public/kefu.js`) creates under `<kefu-widget>`.
//!
//! The loader owns the page-facing `window.Kefu` API and its event handlers; it calls [`boot`]
//! once the wasm is instantiated and then drives it through [`open`], [`close`],
//! [`toggle`], [`set_locale`] and [`preview`]. The widget never
//! touches the page outside its shadow root.

mod api;
mod app;
pub mod contact;
pub mod decode;
mod help;
pub mod hours;
pub mod i18n;
mod icons;
mod langs;
mod style;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRoot};

pub use app::{App, Load, Widget};

/// What the loader passes to [`boot`].
#[derive(Clone)]
pub struct BootOptions {
    /// Origin of the Kefu server (where the loader came from).
    pub api: String,
    /// The site id from `data-site`.
    pub site: String,
    /// `data-locale`, or a locale set by `Kefu.setLocale` before the widget loaded.
    pub locale: Option<String>,
    /// `emit(name, detail)`: tells the loader about `open` / `close` / `chat` events.
    pub emit: Option<js_sys::Function>,
    /// The console's live preview (`data-preview`): the config comes from [`preview`], never
    /// from the server, so unsaved settings show as they would look.
    pub preview: bool,
    /// `get(path)`: a promise of `[status, body]` of a GET on the Kefu server (the loader's
    /// `fetch`): the config, a language's texts.
    pub get: Option<js_sys::Function>,
    /// The UI locales the server offers besides English: `{ tag: path of its texts }`.
    pub locales: JsValue,
    /// `help(part, element, locale, t)`: imports the help module once and mounts its
    /// `part` (`faq`, `feedback`); absent when the module is not built.
    pub help: Option<js_sys::Function>,
}

thread_local! {
    /// The widget booted on this page (one per page).
    static WIDGET: std::cell::Cell<Option<Widget>> = const { std::cell::Cell::new(None) };
}

fn with_widget(f: impl FnOnce(Widget)) {
    if let Some(w) = WIDGET.with(std::cell::Cell::get) {
        f(w);
    }
}

/// `Kefu.open()`; the loader calls these free functions (smaller than an exported class).
#[wasm_bindgen]
pub fn open() {
    with_widget(|w| w.set_open(true));
}

#[wasm_bindgen]
pub fn close() {
    with_widget(|w| w.set_open(false));
}

#[wasm_bindgen]
pub fn toggle() {
    with_widget(|w| w.set_open(!w.is_open()));
}

#[wasm_bindgen(js_name = setLocale)]
pub fn set_locale(tag: String) {
    with_widget(|w| w.set_locale(Some(tag)));
}

/// `Kefu('preview', config)`: shows `config` (a widget-config object) as if the server had
/// sent it; the console's preview of unsaved settings.
#[wasm_bindgen]
pub fn preview(config: JsValue) {
    with_widget(|w| w.show_config(&config));
}

fn get_str(obj: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(obj, &JsValue::from_str(key))
        .ok()?
        .as_string()
}

/// Mounts the widget into `root` (the shadow root under `<kefu-widget>`); once per page.
///
/// `options`: `{ api, site, locale?, emit? }`.
#[wasm_bindgen]
pub fn boot(root: ShadowRoot, options: JsValue) -> Result<(), JsValue> {
    if WIDGET.with(std::cell::Cell::get).is_some() {
        return Err("kefu: already booted".into());
    }
    let opts = BootOptions {
        api: get_str(&options, "api").ok_or("kefu: options.api is missing")?,
        site: get_str(&options, "site").ok_or("kefu: options.site is missing")?,
        locale: get_str(&options, "locale").filter(|s| !s.is_empty()),
        emit: js_sys::Reflect::get(&options, &JsValue::from_str("emit"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok()),
        preview: js_sys::Reflect::get(&options, &JsValue::from_str("preview"))
            .is_ok_and(|v| v.is_truthy()),
        help: js_sys::Reflect::get(&options, &JsValue::from_str("help"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok()),
        get: js_sys::Reflect::get(&options, &JsValue::from_str("get"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok()),
        locales: js_sys::Reflect::get(&options, &JsValue::from_str("locales")).unwrap_or_default(),
    };
    if opts.locales.is_object() {
        i18n::offer(&js_sys::Object::keys(
            opts.locales.unchecked_ref::<js_sys::Object>(),
        ));
    }
    let widget = mount_into(&root, opts)?;
    WIDGET.with(|w| w.set(Some(widget)));
    Ok(())
}

/// Styles the shadow root and mounts the app into a fresh container inside it.
pub fn mount_into(root: &ShadowRoot, opts: BootOptions) -> Result<Widget, JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("kefu: no document")?;
    let sheets = style::Sheets::adopt(root)?;
    let container: HtmlElement = document.create_element("div")?.dyn_into()?;
    container.set_class_name("kefu-mount");
    root.append_child(&container)?;
    let widget = Widget::new(opts, root.clone(), sheets);
    let w = widget;
    let handle = leptos::mount::mount_to(container, move || view! { <App widget=w/> });
    // The widget lives as long as the page.
    handle.forget();
    Ok(widget)
}
