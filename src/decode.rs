//! Reads the widget config from the object `JSON.parse` produced.
//!
//! Why by hand: serde's generic deserializers (serde-wasm-bindgen) cost about 7 KB of
//! brotli'd wasm for this one type, 5 % of the whole widget budget (measured with
//! `cargo xtask size`). This reader follows `kefu_api::WidgetConfig` field by
//! field; `tests/web.rs` decodes a config the server's own serde serialised, so the two cannot
//! drift apart unnoticed. Unknown fields are ignored (newer servers may add some).

use js_sys::{Array, Reflect};
use kefu_api::{
    Channel, ChannelKind, Holiday, Hours, Interval, Modules, Position, SiteSchedule, Theme, Weekly,
    WidgetConfig,
};
use kefu_schedule::{Date, WEEKDAYS};
use wasm_bindgen::JsValue;

fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn string(o: &JsValue, key: &str) -> Option<String> {
    get(o, key).as_string()
}

fn opt_string(o: &JsValue, key: &str) -> Option<Option<String>> {
    let v = get(o, key);
    if v.is_null() || v.is_undefined() {
        Some(None)
    } else {
        v.as_string().map(Some)
    }
}

fn flag(o: &JsValue, key: &str) -> Option<bool> {
    get(o, key).as_bool()
}

fn list(o: &JsValue, key: &str) -> Option<Array> {
    let v = get(o, key);
    Array::is_array(&v).then(|| Array::from(&v))
}

fn strings(o: &JsValue, key: &str) -> Option<Vec<String>> {
    list(o, key)?.iter().map(|v| v.as_string()).collect()
}

fn kind(s: &str) -> Option<ChannelKind> {
    ChannelKind::ALL.into_iter().find(|k| k.as_str() == s)
}

fn hours(v: &JsValue) -> Option<Hours> {
    if v.as_string().as_deref() == Some("always") {
        return Some(Hours::Always);
    }
    let week = get(v, "weekly");
    if !week.is_object() {
        return None;
    }
    let mut days: [Vec<Interval>; 7] = Default::default();
    for (i, day) in WEEKDAYS.iter().enumerate() {
        if let Some(items) = strings(&week, day) {
            days[i] = items
                .iter()
                .map(|s| Interval::parse(s).ok())
                .collect::<Option<_>>()?;
        }
    }
    Weekly::new(days).ok().map(Hours::Weekly)
}

fn channel(v: &JsValue) -> Option<Channel> {
    let response = get(v, "response_secs");
    Some(Channel {
        id: string(v, "id")?,
        kind: kind(&string(v, "kind")?)?,
        label: string(v, "label")?,
        value: string(v, "value")?,
        href: opt_string(v, "href")?,
        qr_url: opt_string(v, "qr_url")?,
        response_secs: response.as_f64().map(|n| n as u32),
        hours: hours(&get(v, "hours"))?,
    })
}

fn holiday(v: &JsValue) -> Option<Holiday> {
    Some(Holiday {
        date: Date::parse(&string(v, "date")?)?,
        name: string(v, "name").unwrap_or_default(),
    })
}

/// The config, or `None` when the object is not one.
pub fn widget_config(v: &JsValue) -> Option<WidgetConfig> {
    let m = get(v, "modules");
    let t = get(v, "theme");
    let s = get(v, "schedule");
    Some(WidgetConfig {
        site: string(v, "site")?,
        name: string(v, "name")?,
        locale: string(v, "locale")?,
        locales: strings(v, "locales")?,
        default_locale: string(v, "default_locale")?,
        greeting: string(v, "greeting")?,
        modules: Modules {
            contact: flag(&m, "contact")?,
            faq: flag(&m, "faq")?,
            feedback: flag(&m, "feedback")?,
            chat: flag(&m, "chat")?,
            surveys: flag(&m, "surveys")?,
        },
        theme: Theme {
            brand_color: string(&t, "brand_color")?,
            position: if string(&t, "position")? == "left" {
                Position::Left
            } else {
                Position::Right
            },
            z_index: get(&t, "z_index").as_f64()? as i32,
        },
        launcher_label: string(v, "launcher_label"),
        on_brand_color: string(v, "on_brand_color")?,
        schedule: SiteSchedule {
            time_zone: string(&s, "time_zone")?,
            holidays: list(&s, "holidays")?
                .iter()
                .map(|h| holiday(&h))
                .collect::<Option<_>>()?,
        },
        channels: list(v, "channels")?
            .iter()
            .map(|c| channel(&c))
            .collect::<Option<_>>()?,
        // Absent when everything is in `locale`.
        fallback: strings(v, "fallback").unwrap_or_default(),
    })
}
