//! The widget's CSS, adopted into its shadow root as constructable stylesheets: nothing goes
//! into the page's `<head>`, no inline `<style>`, no `style=` attributes, so host pages with a
//! strict Content-Security-Policy keep working.

use kefu_api::{Position, Theme};
use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, ShadowRoot};

/// `style/widget.css`, minified by `build.rs`.
const BASE_CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.min.css"));

/// The base sheet and a small sheet with the site's theme as `--kefu-*` custom properties.
#[derive(Clone)]
pub struct Sheets {
    theme: CssStyleSheet,
}

impl Sheets {
    pub fn adopt(root: &ShadowRoot) -> Result<Sheets, JsValue> {
        let base = CssStyleSheet::new()?;
        base.replace_sync(BASE_CSS)?;
        let theme = CssStyleSheet::new()?;
        theme.replace_sync(&theme_css(&Theme::default(), "#ffffff"))?;
        root.set_adopted_style_sheets(&js_sys::Array::of2(&base, &theme));
        Ok(Sheets { theme })
    }

    pub fn apply(&self, theme: &Theme, on_brand: &str) {
        let _ = self.theme.replace_sync(&theme_css(theme, on_brand));
    }
}

fn is_hex_colour(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// The theme as custom properties on `:host` (`on_brand`: the server's choice of text colour
/// on the brand colour).
pub fn theme_css(theme: &Theme, on_brand: &str) -> String {
    // The server checks colours; re-check so nothing but #rrggbb ever reaches the sheet.
    let brand = if is_hex_colour(&theme.brand_color) {
        theme.brand_color.as_str()
    } else {
        "#0b5cad"
    };
    let on = if is_hex_colour(on_brand) {
        on_brand
    } else {
        "#ffffff"
    };
    let (side, other) = match theme.position {
        Position::Right => ("right", "left"),
        Position::Left => ("left", "right"),
    };
    format!(
        ":host{{--kefu-brand:{brand};--kefu-on-brand:{on};--kefu-z:{z};\
         --kefu-side-{side}:16px;--kefu-side-{other}:auto;}}",
        z = theme.z_index.max(0),
    )
}
