//! Weekly opening hours: up to a few intervals per weekday, written `"09:00-18:00"`.

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Keys of the weekdays, Monday first, as written in site files and on the wire.
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// At most this many intervals per day keeps the config small and the UI readable.
const MAX_PER_DAY: usize = 6;

/// One opening interval in local minutes. `end <= start` means it runs past midnight into the
/// next day; `end == 1440` is written `24:00`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Interval {
    pub start: u16,
    pub end: u16,
}

/// Why an interval or a week could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError(pub String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParseError {}

fn parse_hm(s: &str) -> Option<u16> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    match (h, m) {
        (24, 0) => Some(1440),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

impl Interval {
    /// Parses `HH:MM-HH:MM`.
    pub fn parse(s: &str) -> Result<Interval, ParseError> {
        let bad = || {
            ParseError(format!(
                "`{s}` is not an interval written HH:MM-HH:MM (e.g. 09:00-18:00)"
            ))
        };
        let (a, b) = s.trim().split_once('-').ok_or_else(bad)?;
        let start = parse_hm(a.trim()).ok_or_else(bad)?;
        let end = parse_hm(b.trim()).ok_or_else(bad)?;
        if start == 1440 {
            return Err(bad());
        }
        if start == end {
            return Err(ParseError(format!(
                "`{s}` starts and ends at the same time; write 00:00-24:00 for a whole day"
            )));
        }
        Ok(Interval { start, end })
    }

    pub fn is_overnight(&self) -> bool {
        self.end <= self.start
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        write!(f, "{}-{}", hm(self.start), hm(self.end))
    }
}

/// Opening intervals for each weekday (Monday first). A day without intervals is closed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Weekly {
    days: [Vec<Interval>; 7],
}

impl Weekly {
    /// Builds a week, checking that no two intervals of a day overlap.
    pub fn new(days: [Vec<Interval>; 7]) -> Result<Weekly, ParseError> {
        let mut days = days;
        for (i, day) in days.iter_mut().enumerate() {
            if day.len() > MAX_PER_DAY {
                return Err(ParseError(format!(
                    "{}: at most {MAX_PER_DAY} intervals per day",
                    WEEKDAYS[i]
                )));
            }
            day.sort_unstable();
            let effective_end = |iv: &Interval| if iv.is_overnight() { 1440 } else { iv.end };
            for pair in day.windows(2) {
                if pair[1].start < effective_end(&pair[0]) {
                    return Err(ParseError(format!(
                        "{}: intervals {} and {} overlap",
                        WEEKDAYS[i], pair[0], pair[1]
                    )));
                }
            }
        }
        Ok(Weekly { days })
    }

    /// Intervals starting on weekday `i` (0 = Monday).
    pub fn day(&self, i: usize) -> &[Interval] {
        self.days.get(i).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn is_closed_all_week(&self) -> bool {
        self.days.iter().all(Vec::is_empty)
    }
}

impl Serialize for Weekly {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let open = self.days.iter().filter(|d| !d.is_empty()).count();
        let mut map = s.serialize_map(Some(open))?;
        for (i, day) in self.days.iter().enumerate() {
            if !day.is_empty() {
                let list: Vec<String> = day.iter().map(ToString::to_string).collect();
                map.serialize_entry(WEEKDAYS[i], &list)?;
            }
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Weekly {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Weekly;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table of weekdays (mon … sun) to lists like [\"09:00-18:00\"]")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Weekly, A::Error> {
                let mut days: [Vec<Interval>; 7] = Default::default();
                let mut seen = [false; 7];
                while let Some(key) = map.next_key::<String>()? {
                    let Some(i) = WEEKDAYS.iter().position(|d| *d == key) else {
                        return Err(de::Error::unknown_field(&key, &WEEKDAYS));
                    };
                    if seen[i] {
                        return Err(de::Error::duplicate_field(WEEKDAYS[i]));
                    }
                    seen[i] = true;
                    let list: Vec<String> = map.next_value()?;
                    days[i] = list
                        .iter()
                        .map(|s| Interval::parse(s))
                        .collect::<Result<_, _>>()
                        .map_err(|e| de::Error::custom(format!("{key}: {e}")))?;
                }
                Weekly::new(days).map_err(de::Error::custom)
            }
        }
        d.deserialize_map(V)
    }
}
