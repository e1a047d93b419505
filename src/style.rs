//! The widget's CSS, adopted into its shadow root as constructable stylesheets: nothing goes
//! into the page's `<head>`, no inline `<style>`, no `style=` attributes, so host pages with a
//! strict Content-Security-Policy keep working.

use kefu_api::{Position, Theme};
use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, ShadowRoot};

const BASE_CSS: &str = include_str!("../style/widget.css");

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
        theme.replace_sync(&theme_css(&Theme::default()))?;
        root.set_adopted_style_sheets(&js_sys::Array::of2(&base, &theme));
        Ok(Sheets { theme })
    }

    pub fn apply(&self, theme: &Theme) {
        let _ = self.theme.replace_sync(&theme_css(theme));
    }
}

/// `#rrggbb` → (r, g, b), or `None`.
fn rgb(hex: &str) -> Option<(f64, f64, f64)> {
    let h = hex.strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let c = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok().map(f64::from);
    Some((c(0)?, c(2)?, c(4)?))
}

/// WCAG relative luminance.
fn luminance((r, g, b): (f64, f64, f64)) -> f64 {
    let ch = |v: f64| {
        let s = v / 255.0;
        if s <= 0.03928 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)
}

/// White or near-black, whichever contrasts more with the brand colour.
pub fn text_on(brand: &str) -> &'static str {
    match rgb(brand) {
        Some(c) => {
            let l = luminance(c);
            let white = 1.05 / (l + 0.05);
            let black = (l + 0.05) / (0.0 + 0.05);
            if white >= black {
                "#ffffff"
            } else {
                "#111111"
            }
        }
        None => "#ffffff",
    }
}

pub fn theme_css(theme: &Theme) -> String {
    // The server checks the colour; re-check here so nothing but #rrggbb reaches the sheet.
    let brand = if rgb(&theme.brand_color).is_some() {
        theme.brand_color.as_str()
    } else {
        "#0b5cad"
    };
    let (side, other) = match theme.position {
        Position::Right => ("right", "left"),
        Position::Left => ("left", "right"),
    };
    format!(
        ":host{{--kefu-brand:{brand};--kefu-on-brand:{on};--kefu-z:{z};\
         --kefu-side-{side}:16px;--kefu-side-{other}:auto;}}",
        on = text_on(brand),
        z = theme.z_index.max(0),
    )
}
