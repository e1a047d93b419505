//! The Kefu widget: a Leptos app mounted inside the open shadow root that the loader
//! (`public/kefu.js`) creates under `<kefu-widget>`.
//!
//! The loader owns the page-facing `window.Kefu` API and its event handlers; it calls [`boot`]
//! once the wasm is instantiated and then drives the returned [`Controller`]. The widget never
//! touches the page outside its shadow root.

mod api;
mod app;
pub mod contact;
pub mod hours;
pub mod i18n;
mod icons;
mod style;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRoot};

pub use app::{App, Widget};

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
}

/// The page-facing handle the loader drives (`Kefu.open()` → `controller.open()`).
#[wasm_bindgen]
pub struct Controller {
    widget: Widget,
}

#[wasm_bindgen]
impl Controller {
    pub fn open(&self) {
        self.widget.set_open(true);
    }
    pub fn close(&self) {
        self.widget.set_open(false);
    }
    pub fn toggle(&self) {
        self.widget.set_open(!self.widget.is_open());
    }
    #[wasm_bindgen(js_name = setLocale)]
    pub fn set_locale(&self, tag: String) {
        self.widget.set_locale(Some(tag));
    }
    #[wasm_bindgen(js_name = isOpen)]
    pub fn is_open(&self) -> bool {
        self.widget.is_open()
    }
}

fn get_str(obj: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(obj, &JsValue::from_str(key))
        .ok()?
        .as_string()
}

/// Mounts the widget into `root` (the shadow root under `<kefu-widget>`).
///
/// `options`: `{ api, site, locale?, emit? }`.
#[wasm_bindgen]
pub fn boot(root: ShadowRoot, options: JsValue) -> Result<Controller, JsValue> {
    let opts = BootOptions {
        api: get_str(&options, "api").ok_or("kefu: options.api is missing")?,
        site: get_str(&options, "site").ok_or("kefu: options.site is missing")?,
        locale: get_str(&options, "locale").filter(|s| !s.is_empty()),
        emit: js_sys::Reflect::get(&options, &JsValue::from_str("emit"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok()),
    };
    Ok(Controller {
        widget: mount_into(&root, opts)?,
    })
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
