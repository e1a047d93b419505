//! Time zones and date formatting from the browser's own `Intl` data, so the widget carries no
//! time-zone database: the site's zone answers the schedule maths, the visitor's zone and
//! locale shape what is shown.

use kefu_schedule::{local_at, Date, Hours, Zone};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
    type Dtf;
    #[wasm_bindgen(catch, constructor, js_namespace = Intl, js_class = "DateTimeFormat")]
    fn new(locales: &JsValue, options: &JsValue) -> Result<Dtf, JsValue>;
    #[wasm_bindgen(method, js_name = formatToParts)]
    fn format_to_parts(this: &Dtf, date: f64) -> js_sys::Array;
    #[wasm_bindgen(method)]
    fn format(this: &Dtf, date: f64) -> String;
    #[wasm_bindgen(method, js_name = resolvedOptions)]
    fn resolved_options(this: &Dtf) -> JsValue;
}

fn options(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap_or(JsValue::UNDEFINED)
}

/// Offsets are looked up per quarter hour (every zone changes offset on a quarter hour).
const BUCKET_MS: i64 = 15 * 60_000;

/// A time zone answered by `Intl.DateTimeFormat`; `None` is the visitor's own zone.
pub struct IntlZone {
    dtf: Option<Dtf>,
    /// (bucket, offset) pairs; a few hundred at most, so a list beats a hash map in size.
    cache: RefCell<Vec<(i64, i32)>>,
}

impl IntlZone {
    /// The zone `name` (IANA), or the browser's zone when `None` or unknown to the browser.
    pub fn new(name: Option<&str>) -> IntlZone {
        let opts = options(
            r#"{"hourCycle":"h23","year":"numeric","month":"numeric","day":"numeric","hour":"numeric","minute":"numeric"}"#,
        );
        if let Some(n) = name {
            let _ =
                js_sys::Reflect::set(&opts, &JsValue::from_str("timeZone"), &JsValue::from_str(n));
        }
        let dtf = Dtf::new(&JsValue::from_str("en-US"), &opts).ok();
        IntlZone {
            dtf,
            cache: RefCell::new(Vec::new()),
        }
    }

    fn compute(&self, utc_ms: i64) -> i32 {
        let Some(dtf) = &self.dtf else {
            return -(js_sys::Date::new(&JsValue::from_f64(utc_ms as f64)).get_timezone_offset()
                as i32);
        };
        let (mut y, mut mo, mut d, mut h, mut mi) = (1970i32, 1i32, 1i32, 0i32, 0i32);
        for part in dtf.format_to_parts(utc_ms as f64).iter() {
            let get = |k: &str| {
                js_sys::Reflect::get(&part, &JsValue::from_str(k))
                    .ok()
                    .and_then(|v| v.as_string())
            };
            let (Some(kind), Some(value)) = (get("type"), get("value")) else {
                continue;
            };
            let n: i32 = value.parse().unwrap_or(0);
            match kind.as_str() {
                "year" => y = n,
                "month" => mo = n,
                "day" => d = n,
                "hour" => h = n % 24,
                "minute" => mi = n,
                _ => {}
            }
        }
        let date = Date {
            year: y,
            month: mo as u8,
            day: d as u8,
        };
        let local_min = date.days_since_epoch() * 1440 + i64::from(h * 60 + mi);
        (local_min - utc_ms.div_euclid(60_000)) as i32
    }
}

impl Zone for IntlZone {
    fn offset_minutes(&self, utc_ms: i64) -> i32 {
        let bucket = utc_ms.div_euclid(BUCKET_MS);
        if let Some((_, o)) = self.cache.borrow().iter().find(|(b, _)| *b == bucket) {
            return *o;
        }
        let o = self.compute(bucket * BUCKET_MS);
        self.cache.borrow_mut().push((bucket, o));
        o
    }
}

/// The visitor's IANA zone name as the browser reports it (e.g. `Europe/Berlin`).
pub fn visitor_zone_name() -> String {
    Dtf::new(&JsValue::UNDEFINED, &JsValue::UNDEFINED)
        .ok()
        .and_then(|d| {
            js_sys::Reflect::get(&d.resolved_options(), &JsValue::from_str("timeZone")).ok()
        })
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| "UTC".into())
}

/// Date and time formats in the visitor's locale and zone.
pub struct Formats {
    time: Option<Dtf>,
    weekday_time: Option<Dtf>,
    date_time: Option<Dtf>,
    weekday: Option<Dtf>,
}

impl Formats {
    pub fn new(locale: &str) -> Formats {
        let loc = JsValue::from_str(locale);
        let f = |o: &str| Dtf::new(&loc, &options(o)).ok();
        Formats {
            time: f(r#"{"hour":"numeric","minute":"2-digit"}"#),
            weekday_time: f(r#"{"weekday":"short","hour":"numeric","minute":"2-digit"}"#),
            date_time: f(
                r#"{"month":"short","day":"numeric","hour":"numeric","minute":"2-digit"}"#,
            ),
            weekday: f(r#"{"weekday":"long"}"#),
        }
    }

    fn fmt(d: &Option<Dtf>, ms: i64) -> String {
        d.as_ref().map(|d| d.format(ms as f64)).unwrap_or_default()
    }

    pub fn time(&self, ms: i64) -> String {
        Self::fmt(&self.time, ms)
    }

    pub fn weekday(&self, ms: i64) -> String {
        Self::fmt(&self.weekday, ms)
    }

    /// "09:00" today, "Mon 09:00" within the week, "Dec 2, 09:00" beyond.
    pub fn when(&self, visitor: &dyn Zone, now: i64, at: i64) -> String {
        let today = local_at(visitor, now).date;
        let day = local_at(visitor, at).date;
        let diff = day.days_since_epoch() - today.days_since_epoch();
        if diff == 0 {
            self.time(at)
        } else if (1..7).contains(&diff) {
            Self::fmt(&self.weekday_time, at)
        } else {
            Self::fmt(&self.date_time, at)
        }
    }
}

/// One row of the "Opening hours" list: a visitor-local day and its intervals.
pub struct DayRow {
    pub day: String,
    pub ranges: Vec<(i64, i64)>,
}

/// The next seven visitor-local days with the opening intervals that start on each, so hours
/// are shown in the visitor's own time (DST and holidays included).
pub fn week_rows(
    hours: &Hours,
    holidays: &[Date],
    site: &dyn Zone,
    visitor: &dyn Zone,
    now: i64,
    formats: &Formats,
) -> Vec<DayRow> {
    let local_now = local_at(visitor, now);
    let today = local_now.date;
    let midnight = now - i64::from(local_now.minute) * 60_000 - now.rem_euclid(60_000);
    let ivs = kefu_schedule::intervals(hours, holidays, site, midnight, 8);
    (0..7)
        .map(|i| {
            let date = today.add_days(i);
            let ranges = ivs
                .iter()
                .filter(|(s, _)| {
                    let d = local_at(visitor, *s).date;
                    d == date || (i == 0 && d < date)
                })
                .copied()
                .collect();
            DayRow {
                day: formats.weekday(midnight + i * 86_400_000 + 12 * 3_600_000),
                ranges,
            }
        })
        .collect()
}

/// The holiday the site observes today (site-local), if any.
pub fn holiday_today<'a>(
    holidays: &'a [kefu_api::Holiday],
    site: &dyn Zone,
    now: i64,
) -> Option<&'a kefu_api::Holiday> {
    let today = local_at(site, now).date;
    holidays.iter().find(|h| h.date == today)
}
