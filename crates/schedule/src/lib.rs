//! Opening-hours maths shared by the widget and the server: is a channel open now, when does it
//! open next, and what are its coming opening intervals, in the site's time zone.
//!
//! The crate carries no time-zone database. The caller supplies a [`Zone`] that answers one
//! question, "what is the UTC offset at this instant?": the server answers it with chrono-tz,
//! the widget with the browser's own `Intl` data. That keeps the widget small (a tz database is
//! larger than the whole widget) while both sides compute the same answers.
//!
//! Conventions (documented for site owners in `examples/site.toml`):
//! - An interval belongs to the local day it starts on. `22:00-06:00` on Friday runs from Friday
//!   22:00 to Saturday 06:00. `00:00-24:00` is the whole day.
//! - A holiday closes every interval that *starts* on that local date.
//! - A local time skipped by a daylight-saving change moves forward by the gap (02:30 on a
//!   spring-forward night opens at 03:30); a repeated local time takes its first occurrence.

mod civil;
mod weekly;

pub use civil::{Date, LocalTime};
pub use weekly::{Interval, ParseError, Weekly, WEEKDAYS};

use serde::{Deserialize, Serialize};

const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 86_400_000;

/// How far ahead [`status`] looks for the next opening; a channel closed for longer is shown
/// as closed with no opening time.
pub const LOOKAHEAD_DAYS: i64 = 45;

/// The UTC offset of a time zone at a given instant.
pub trait Zone {
    /// Minutes to add to UTC to get local wall-clock time at `utc_ms` (e.g. +480 for Shanghai).
    fn offset_minutes(&self, utc_ms: i64) -> i32;
}

/// A fixed offset, for tests and for zones the caller could not resolve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedOffset(pub i32);

impl Zone for FixedOffset {
    fn offset_minutes(&self, _utc_ms: i64) -> i32 {
        self.0
    }
}

/// When a channel is staffed. On the wire: `"always"` or `{"weekly": {"mon": […], …}}`
/// (externally tagged, which decodes without buffering: smaller wasm).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hours {
    /// Around the clock, holidays included (e.g. an e-mail inbox or a bot).
    Always,
    /// These weekly hours, closed on the site's holidays.
    Weekly(Weekly),
}

/// Whether a channel is open at an instant, and until / from when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Open; `until` is when it closes (`None`: not within the look-ahead, or never).
    Open { until: Option<i64> },
    /// Closed; `opens_at` is the next opening (`None`: not within the look-ahead).
    Closed { opens_at: Option<i64> },
}

impl Status {
    pub fn is_open(&self) -> bool {
        matches!(self, Status::Open { .. })
    }
}

/// The wall-clock date and minute of day in `zone` at `utc_ms`.
pub fn local_at(zone: &dyn Zone, utc_ms: i64) -> LocalTime {
    let local_ms = utc_ms + i64::from(zone.offset_minutes(utc_ms)) * MINUTE_MS;
    LocalTime::from_local_ms(local_ms)
}

/// The UTC instant of a local wall-clock time (see the module doc for gaps and repeats).
pub fn to_utc(zone: &dyn Zone, date: Date, minute_of_day: u16) -> i64 {
    let local_ms = date.days_since_epoch() * DAY_MS + i64::from(minute_of_day) * MINUTE_MS;
    let before = zone.offset_minutes(local_ms - DAY_MS);
    let after = zone.offset_minutes(local_ms + DAY_MS);
    let here = zone.offset_minutes(local_ms);
    let mut best: Option<i64> = None;
    for offset in [before, here, after] {
        let utc = local_ms - i64::from(offset) * MINUTE_MS;
        if zone.offset_minutes(utc) == offset && best.is_none_or(|b| utc < b) {
            best = Some(utc);
        }
    }
    // No offset maps back: the local time falls in a gap; the pre-transition offset moves it
    // forward by the size of the gap.
    best.unwrap_or(local_ms - i64::from(before) * MINUTE_MS)
}

/// Opening intervals `[start, end)` in UTC milliseconds that end after `from_utc` and start
/// within `days` local days of it, merged where they touch or overlap.
pub fn intervals(
    hours: &Hours,
    holidays: &[Date],
    zone: &dyn Zone,
    from_utc: i64,
    days: i64,
) -> Vec<(i64, i64)> {
    let weekly = match hours {
        Hours::Always => return vec![(i64::MIN, i64::MAX)],
        Hours::Weekly(w) => w,
    };
    let today = local_at(zone, from_utc).date;
    let mut out: Vec<(i64, i64)> = Vec::new();
    // Start one day early: yesterday's overnight interval may still be running.
    for offset in -1..=days {
        let date = today.add_days(offset);
        if holidays.contains(&date) {
            continue;
        }
        for iv in weekly.day(date.weekday()) {
            let start = to_utc(zone, date, iv.start);
            let end = if iv.end > iv.start && iv.end < 1440 {
                to_utc(zone, date, iv.end)
            } else {
                // Ends at or after midnight: on the next local day.
                let end_minute = if iv.end == 1440 { 0 } else { iv.end };
                to_utc(zone, date.add_days(1), end_minute)
            };
            if end > from_utc && end > start {
                out.push((start, end));
            }
        }
    }
    out.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(out.len());
    for (s, e) in out {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// Open or closed at `now`, with the next change.
pub fn status(hours: &Hours, holidays: &[Date], zone: &dyn Zone, now: i64) -> Status {
    if matches!(hours, Hours::Always) {
        return Status::Open { until: None };
    }
    let ivs = intervals(hours, holidays, zone, now, LOOKAHEAD_DAYS);
    match ivs.iter().find(|(_, e)| *e > now) {
        Some(&(s, e)) if s <= now => Status::Open { until: Some(e) },
        Some(&(s, _)) => Status::Closed { opens_at: Some(s) },
        None => Status::Closed { opens_at: None },
    }
}

#[cfg(test)]
mod tests;
