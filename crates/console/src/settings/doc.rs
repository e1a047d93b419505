//! The settings document being edited: a `serde_json::Value` (so fields this console does not
//! know survive a save), read and written by JSON pointer, and the one field error the server
//! last reported, matched to the inputs it is about.

use leptos::prelude::*;
use serde_json::{Map, Value};

/// Editing state shared by every input of the settings screen.
#[derive(Clone, Copy)]
pub struct Editor {
    pub doc: RwSignal<Option<Value>>,
    /// `(pointer, message)` of the server's last validation error, e.g. `/channels/1/value`.
    pub error: RwSignal<Option<(String, String)>>,
    pub locale: Signal<String>,
}

/// The message to show for a field error: the server's own (in the browser's language) for a
/// refused setting; for a value of the wrong form (its English parser message), ours.
pub fn field_message(e: &crate::api::ApiError, locale: &str) -> String {
    if e.code == "invalid_body" {
        crate::i18n::t(locale, "settings-format")
    } else {
        e.message.clone()
    }
}

/// The server's field path (`channels[1].label.en`) as a JSON pointer (`/channels/1/label/en`).
pub fn pointer_of(field: &str) -> String {
    let mut out = String::new();
    for part in field.split('.') {
        for (i, piece) in part.split('[').enumerate() {
            let piece = piece.trim_end_matches(']');
            if i == 0 && piece.is_empty() {
                continue;
            }
            out.push('/');
            out.push_str(piece);
        }
    }
    out
}

fn set_in(root: &mut Value, pointer: &str, value: Option<Value>) {
    let parts: Vec<&str> = pointer.split('/').skip(1).collect();
    let Some((last, path)) = parts.split_last() else {
        return;
    };
    let mut v = root;
    for p in path {
        v = match v {
            Value::Array(a) => match p.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
                Some(x) => x,
                None => return,
            },
            other => {
                if !other.is_object() {
                    *other = Value::Object(Map::new());
                }
                match other.as_object_mut() {
                    Some(o) => o
                        .entry((*p).to_owned())
                        .or_insert(Value::Object(Map::new())),
                    None => return,
                }
            }
        };
    }
    match (v, value) {
        (Value::Array(a), Some(x)) => {
            if let Some(slot) = last.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
                *slot = x;
            }
        }
        (Value::Array(a), None) => {
            if let Some(i) = last.parse::<usize>().ok().filter(|i| *i < a.len()) {
                a.remove(i);
            }
        }
        (v, Some(x)) => {
            if !v.is_object() {
                *v = Value::Object(Map::new());
            }
            if let Some(o) = v.as_object_mut() {
                o.insert((*last).to_owned(), x);
            }
        }
        (Value::Object(o), None) => {
            o.remove(*last);
        }
        _ => {}
    }
}

impl Editor {
    /// An editor with nothing loaded yet, its messages in `locale`.
    pub fn new(locale: Signal<String>) -> Editor {
        Editor {
            doc: RwSignal::new(None),
            error: RwSignal::new(None),
            locale,
        }
    }

    /// The value at `pointer` (tracked).
    pub fn get(&self, pointer: &str) -> Value {
        self.doc
            .with(|d| d.as_ref().and_then(|d| d.pointer(pointer).cloned()))
            .unwrap_or(Value::Null)
    }

    pub fn text(&self, pointer: &str) -> String {
        match self.get(pointer) {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            _ => String::new(),
        }
    }

    pub fn set(&self, pointer: &str, value: Value) {
        self.doc.update(|d| {
            if let Some(d) = d {
                set_in(d, pointer, Some(value));
            }
        });
    }

    /// Removes a key (or an array element).
    pub fn remove(&self, pointer: &str) {
        self.doc.update(|d| {
            if let Some(d) = d {
                set_in(d, pointer, None);
            }
        });
    }

    /// Updates the array at `pointer` in place.
    pub fn edit_list(&self, pointer: &str, f: impl FnOnce(&mut Vec<Value>)) {
        self.doc.update(|d| {
            if let Some(Value::Array(a)) = d.as_mut().and_then(|d| d.pointer_mut(pointer)) {
                f(a);
            }
        });
    }

    /// Length of the array at `pointer`, as a memo: lists re-render only when it changes,
    /// so typing in one of their inputs keeps its focus.
    pub fn len_of(&self, pointer: &'static str) -> Memo<usize> {
        let ed = *self;
        Memo::new(move |_| ed.get(pointer).as_array().map_or(0, Vec::len))
    }

    /// The site's content locales, default first.
    pub fn locales(&self) -> Memo<Vec<String>> {
        let ed = *self;
        Memo::new(move |_| {
            ed.doc
                .with(|d| d.as_ref().map(locales_of).unwrap_or_default())
        })
    }

    /// The error message for `pointer` or anything under it.
    pub fn error_at(&self, pointer: &str) -> Option<String> {
        self.error.with(|e| {
            let (at, message) = e.as_ref()?;
            let under = at == pointer
                || at
                    .strip_prefix(pointer)
                    .is_some_and(|rest| rest.starts_with('/'));
            under.then(|| message.clone())
        })
    }
}

/// A site document's content locales (`/locales`), its default (`/default_locale`) first.
pub fn locales_of(site: &Value) -> Vec<String> {
    let default = site["default_locale"].as_str().unwrap_or_default();
    let mut list: Vec<String> = site["locales"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if let Some(i) = list.iter().position(|l| l == default) {
        let d = list.remove(i);
        list.insert(0, d);
    }
    list
}

/// `"09:00-12:00, 13:00-18:00"` → the list the schedule stores; the server checks each one.
pub fn parse_intervals(text: &str) -> Vec<Value> {
    text.split([',', ';', ' ', '，', '、'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| Value::String(s.replace(['–', '—', '~', '～'], "-")))
        .collect()
}

pub fn intervals_text(v: &Value) -> String {
    list_text(v, ", ")
}

/// A list of strings written one per `sep` (origins per line, locales by comma).
pub fn list_text(v: &Value, sep: &str) -> String {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(sep)
        })
        .unwrap_or_default()
}

/// The list typed in a field: split at commas (Latin or CJK), spaces and line ends.
pub fn parse_list(text: &str) -> Value {
    Value::Array(
        text.split([',', '，', ' ', '\n'])
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(|x| Value::String(x.to_owned()))
            .collect(),
    )
}

/// Seconds as (amount, unit seconds) in the largest unit that divides them.
pub fn split_duration(secs: u64) -> (u64, u64) {
    for unit in [86_400, 3_600, 60] {
        if secs >= unit && secs.is_multiple_of(unit) {
            return (secs / unit, unit);
        }
    }
    (secs, 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn server_paths_become_pointers() {
        assert_eq!(pointer_of("channels[1].label.en"), "/channels/1/label/en");
        assert_eq!(pointer_of("time_zone"), "/time_zone");
        assert_eq!(
            pointer_of("schedule.weekly.mon[0]"),
            "/schedule/weekly/mon/0"
        );
        assert_eq!(
            pointer_of("theme.launcher_label.zh-CN"),
            "/theme/launcher_label/zh-CN"
        );
    }

    #[test]
    fn set_and_remove_create_and_drop_what_is_needed() {
        let mut v = json!({ "theme": {}, "channels": [{ "id": "a" }, { "id": "b" }] });
        set_in(&mut v, "/theme/launcher_label/en", Some(json!("Ask")));
        set_in(&mut v, "/channels/1/value", Some(json!("x")));
        set_in(&mut v, "/channels/0", None);
        assert_eq!(
            v,
            json!({ "theme": { "launcher_label": { "en": "Ask" } }, "channels": [{ "id": "b", "value": "x" }] })
        );
    }

    #[test]
    fn hours_text_is_forgiving() {
        assert_eq!(
            parse_intervals("09:00–12:00，13:00-18:00 "),
            vec![json!("09:00-12:00"), json!("13:00-18:00")]
        );
        assert_eq!(split_duration(30), (30, 1));
        assert_eq!(split_duration(5_400), (90, 60));
        assert_eq!(split_duration(86_400), (1, 86_400));
    }
}
