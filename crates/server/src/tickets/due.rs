//! Working-day due dates (R15): "an outcome within N working days", counted in the site's time
//! zone, over the weekdays its team works, skipping its holidays and counting its make-up
//! working days.
//!
//! The day a request arrives does not count (a report sent at 17:55 on a Friday has had no day
//! of work); the due date is the Nth working day after it, and the ticket is due when that day
//! ends in the site's zone.

use crate::site::SiteFile;
use kefu_schedule::{local_at, to_utc, Date, Zone};
use std::collections::HashSet;

/// A chrono-tz zone for the schedule maths.
pub struct TzZone(pub chrono_tz::Tz);

impl Zone for TzZone {
    fn offset_minutes(&self, utc_ms: i64) -> i32 {
        use chrono::{Offset as _, TimeZone as _};
        let Some(at) = chrono::DateTime::from_timestamp_millis(utc_ms) else {
            return 0;
        };
        self.0
            .offset_from_utc_datetime(&at.naive_utc())
            .fix()
            .local_minus_utc()
            / 60
    }
}

impl TzZone {
    /// The site's zone (validated when the site was saved; UTC if it ever is not).
    pub fn of(site: &SiteFile) -> TzZone {
        TzZone(site.time_zone.parse().unwrap_or(chrono_tz::UTC))
    }
}

/// Which dates are working days.
pub struct Calendar {
    /// Monday first.
    weekdays: [bool; 7],
    holidays: HashSet<Date>,
    extra: HashSet<Date>,
}

/// Never look further than this for working days (a calendar with almost none).
const MAX_DAYS: i64 = 3660;

impl Calendar {
    pub fn of(site: &SiteFile) -> Calendar {
        let mut weekdays = [false; 7];
        for (i, name) in kefu_schedule::WEEKDAYS.iter().enumerate() {
            weekdays[i] = site.feedback.working_days.iter().any(|d| d == name);
        }
        Calendar {
            weekdays,
            holidays: site.schedule.holidays.iter().map(|h| h.date).collect(),
            extra: site.feedback.extra_working_days.iter().copied().collect(),
        }
    }

    pub fn is_working(&self, d: Date) -> bool {
        if self.extra.contains(&d) {
            return true;
        }
        self.weekdays[d.weekday()] && !self.holidays.contains(&d)
    }

    /// The `n`th working day after the local day of `at`, and the instant it ends.
    pub fn due(&self, zone: &dyn Zone, at: i64, n: u32) -> (Date, i64) {
        let start = local_at(zone, at).date;
        let mut day = start;
        let mut left = n.max(1);
        for _ in 0..MAX_DAYS {
            day = day.add_days(1);
            if self.is_working(day) {
                left -= 1;
                if left == 0 {
                    return (day, to_utc(zone, day.add_days(1), 0));
                }
            }
        }
        // No working days at all: calendar days.
        let day = start.add_days(i64::from(n.max(1)));
        (day, to_utc(zone, day.add_days(1), 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::file::HolidayFile;

    fn site(zone: &str) -> SiteFile {
        let mut s = crate::site::demo_site(&[]);
        s.time_zone = zone.into();
        s.schedule.holidays.clear();
        s
    }

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// UTC ms of a local wall-clock time in `zone`.
    fn local(zone: &str, d: &str, minute: u16) -> i64 {
        to_utc(&TzZone(zone.parse().unwrap()), date(d), minute)
    }

    #[test]
    fn five_working_days_skip_the_weekend() {
        let s = site("Asia/Shanghai");
        let cal = Calendar::of(&s);
        let zone = TzZone::of(&s);
        // Monday 2026-11-23 10:00 → Monday 2026-11-30.
        let (d, end) = cal.due(&zone, local("Asia/Shanghai", "2026-11-23", 600), 5);
        assert_eq!(d, date("2026-11-30"));
        assert_eq!(end, local("Asia/Shanghai", "2026-12-01", 0));
        // Friday 23:59 → the Friday after (the arrival day does not count).
        let (d, _) = cal.due(&zone, local("Asia/Shanghai", "2026-11-27", 1439), 5);
        assert_eq!(d, date("2026-12-04"));
        // Saturday and Sunday → the Friday after.
        for sat_or_sun in ["2026-11-28", "2026-11-29"] {
            let (d, _) = cal.due(&zone, local("Asia/Shanghai", sat_or_sun, 720), 5);
            assert_eq!(d, date("2026-12-04"));
        }
    }

    #[test]
    fn holidays_are_skipped_and_make_up_days_count() {
        let mut s = site("Asia/Shanghai");
        // China's National Day week 2026: 1–7 October off; Saturday 10 October worked.
        for day in 1..=7 {
            s.schedule.holidays.push(HolidayFile {
                date: date(&format!("2026-10-0{day}")),
                name: Default::default(),
            });
        }
        s.feedback.extra_working_days = vec![date("2026-10-10")];
        let cal = Calendar::of(&s);
        let zone = TzZone::of(&s);
        // Wednesday 30 September: 1 Oct–7 Oct off (Thu–Wed), Thu 8, Fri 9, Sat 10 (make-up),
        // Mon 12, Tue 13.
        let (d, _) = cal.due(&zone, local("Asia/Shanghai", "2026-09-30", 600), 5);
        assert_eq!(d, date("2026-10-13"));
    }

    #[test]
    fn the_site_zone_decides_the_day() {
        let s = site("America/Los_Angeles");
        let cal = Calendar::of(&s);
        let zone = TzZone::of(&s);
        // 2026-11-28 03:00 UTC is still Friday 27 November in Los Angeles.
        let at = local("UTC", "2026-11-28", 180);
        let (d, end) = cal.due(&zone, at, 1);
        assert_eq!(d, date("2026-11-30"));
        assert_eq!(end, local("America/Los_Angeles", "2026-12-01", 0));
        // Across the end of daylight saving time (1 November 2026): the day ends at local
        // midnight, 08:00 UTC (PST), not 07:00.
        let (d, end) = cal.due(&zone, local("America/Los_Angeles", "2026-10-29", 600), 1);
        assert_eq!(d, date("2026-10-30"));
        assert_eq!(end, local("UTC", "2026-10-31", 420));
        let (d, end) = cal.due(&zone, local("America/Los_Angeles", "2026-11-02", 600), 1);
        assert_eq!(d, date("2026-11-03"));
        assert_eq!(end, local("UTC", "2026-11-04", 480));
    }

    #[test]
    fn a_seven_day_team_works_weekends() {
        let mut s = site("Europe/Berlin");
        s.feedback.working_days = kefu_schedule::WEEKDAYS
            .iter()
            .map(|d| d.to_string())
            .collect();
        let cal = Calendar::of(&s);
        let (d, _) = cal.due(
            &TzZone::of(&s),
            local("Europe/Berlin", "2026-11-27", 600),
            2,
        );
        assert_eq!(d, date("2026-11-29"));
    }
}
