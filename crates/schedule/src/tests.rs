//! Schedule maths against real time-zone rules (chrono-tz): DST changes, overnight hours,
//! holidays, and sites far from the visitor.

use super::*;
use chrono::{NaiveDate, TimeZone as _, Utc};
use chrono_tz::Tz;

/// A [`Zone`] backed by the IANA database, as the server uses it.
struct Iana(Tz);

impl Zone for Iana {
    fn offset_minutes(&self, utc_ms: i64) -> i32 {
        use chrono::Offset as _;
        let utc = Utc.timestamp_millis_opt(utc_ms).unwrap();
        let off = self.0.offset_from_utc_datetime(&utc.naive_utc());
        off.fix().local_minus_utc() / 60
    }
}

fn zone(name: &str) -> Iana {
    Iana(name.parse().unwrap())
}

/// UTC milliseconds of a wall-clock time in `tz` (unambiguous times only).
fn at(tz: &str, y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
    let tz: Tz = tz.parse().unwrap();
    let naive = NaiveDate::from_ymd_opt(y, mo, d)
        .unwrap()
        .and_hms_opt(h, mi, 0)
        .unwrap();
    tz.from_local_datetime(&naive)
        .single()
        .unwrap()
        .timestamp_millis()
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
    at("UTC", y, mo, d, h, mi)
}

fn week(spec: &str) -> Hours {
    Hours::Weekly(serde_json::from_str(spec).unwrap())
}

fn office() -> Hours {
    week(
        r#"{"mon":["09:00-18:00"],"tue":["09:00-18:00"],"wed":["09:00-18:00"],"thu":["09:00-18:00"],"fri":["09:00-18:00"]}"#,
    )
}

#[test]
fn open_during_office_hours_and_closed_after_with_next_morning() {
    let sh = zone("Asia/Shanghai");
    // Wednesday 2026-11-25 10:00 in Shanghai.
    let now = at("Asia/Shanghai", 2026, 11, 25, 10, 0);
    assert_eq!(
        status(&office(), &[], &sh, now),
        Status::Open {
            until: Some(at("Asia/Shanghai", 2026, 11, 25, 18, 0))
        }
    );
    let evening = at("Asia/Shanghai", 2026, 11, 25, 19, 0);
    assert_eq!(
        status(&office(), &[], &sh, evening),
        Status::Closed {
            opens_at: Some(at("Asia/Shanghai", 2026, 11, 26, 9, 0))
        }
    );
}

#[test]
fn friday_evening_opens_on_monday() {
    let sh = zone("Asia/Shanghai");
    let friday = at("Asia/Shanghai", 2026, 11, 27, 18, 0); // closing time itself is closed
    assert_eq!(
        status(&office(), &[], &sh, friday),
        Status::Closed {
            opens_at: Some(at("Asia/Shanghai", 2026, 11, 30, 9, 0))
        }
    );
}

#[test]
fn next_opening_after_spring_forward_uses_summer_offset() {
    let berlin = zone("Europe/Berlin");
    // Saturday 2026-03-28 12:00 CET (UTC+1); clocks go forward on Sunday 29 March.
    let now = at("Europe/Berlin", 2026, 3, 28, 12, 0);
    // Monday 09:00 CEST is 07:00 UTC, not 08:00.
    assert_eq!(
        status(&office(), &[], &berlin, now),
        Status::Closed {
            opens_at: Some(utc(2026, 3, 30, 7, 0))
        }
    );
}

#[test]
fn overnight_hours_across_spring_forward_are_an_hour_shorter() {
    let berlin = zone("Europe/Berlin");
    let hours = week(r#"{"sat":["22:00-06:00"]}"#);
    let now = at("Europe/Berlin", 2026, 3, 28, 23, 0);
    // Sat 22:00 CET = 21:00 UTC; Sun 06:00 CEST = 04:00 UTC: 7 hours, not 8.
    assert_eq!(
        status(&hours, &[], &berlin, now),
        Status::Open {
            until: Some(utc(2026, 3, 29, 4, 0))
        }
    );
    let ivs = intervals(&hours, &[], &berlin, now, 1);
    assert_eq!(ivs, vec![(utc(2026, 3, 28, 21, 0), utc(2026, 3, 29, 4, 0))]);
}

#[test]
fn a_start_time_skipped_by_dst_opens_at_the_end_of_the_gap() {
    let berlin = zone("Europe/Berlin");
    let hours = week(r#"{"sun":["02:30-05:00"]}"#);
    let now = at("Europe/Berlin", 2026, 3, 28, 12, 0);
    // 02:30 does not exist on 29 March; it opens at 03:30 CEST = 01:30 UTC.
    assert_eq!(
        status(&hours, &[], &berlin, now),
        Status::Closed {
            opens_at: Some(utc(2026, 3, 29, 1, 30))
        }
    );
}

#[test]
fn a_repeated_start_time_after_fall_back_takes_the_first_occurrence() {
    let berlin = zone("Europe/Berlin");
    let hours = week(r#"{"sun":["02:30-04:00"]}"#);
    let now = at("Europe/Berlin", 2026, 10, 24, 12, 0);
    // Sunday 25 October: 02:30 happens twice; the first is 02:30 CEST = 00:30 UTC.
    assert_eq!(
        status(&hours, &[], &berlin, now),
        Status::Closed {
            opens_at: Some(utc(2026, 10, 25, 0, 30))
        }
    );
}

#[test]
fn overnight_hours_are_open_after_midnight_and_closed_after_they_end() {
    let sh = zone("Asia/Shanghai");
    let hours = week(r#"{"fri":["22:00-06:00"]}"#);
    let sat_3am = at("Asia/Shanghai", 2026, 11, 28, 3, 0);
    assert_eq!(
        status(&hours, &[], &sh, sat_3am),
        Status::Open {
            until: Some(at("Asia/Shanghai", 2026, 11, 28, 6, 0))
        }
    );
    let sat_7am = at("Asia/Shanghai", 2026, 11, 28, 7, 0);
    assert_eq!(
        status(&hours, &[], &sh, sat_7am),
        Status::Closed {
            opens_at: Some(at("Asia/Shanghai", 2026, 12, 4, 22, 0))
        }
    );
    let fri_9pm = at("Asia/Shanghai", 2026, 11, 27, 21, 0);
    assert!(!status(&hours, &[], &sh, fri_9pm).is_open());
}

#[test]
fn a_holiday_closes_the_day_and_the_next_working_day_opens() {
    let sh = zone("Asia/Shanghai");
    let holidays = [Date::parse("2026-10-01").unwrap()]; // a Thursday
    let now = at("Asia/Shanghai", 2026, 10, 1, 10, 0);
    assert_eq!(
        status(&office(), &holidays, &sh, now),
        Status::Closed {
            opens_at: Some(at("Asia/Shanghai", 2026, 10, 2, 9, 0))
        }
    );
    // The day before is a normal day.
    let before = at("Asia/Shanghai", 2026, 9, 30, 10, 0);
    assert!(status(&office(), &holidays, &sh, before).is_open());
}

#[test]
fn always_open_channels_ignore_holidays() {
    let sh = zone("Asia/Shanghai");
    let holidays = [Date::parse("2026-10-01").unwrap()];
    let now = at("Asia/Shanghai", 2026, 10, 1, 3, 0);
    assert_eq!(
        status(&Hours::Always, &holidays, &sh, now),
        Status::Open { until: None }
    );
}

#[test]
fn the_sites_zone_decides_not_the_visitors() {
    // 2026-11-29 20:30 in New York is Monday 2026-11-30 10:30 in Tokyo: the Tokyo office is open
    // although it is Sunday evening for a visitor in New York.
    let tokyo = zone("Asia/Tokyo");
    let now = at("America/New_York", 2026, 11, 29, 20, 30);
    assert_eq!(
        status(&office(), &[], &tokyo, now),
        Status::Open {
            until: Some(at("Asia/Tokyo", 2026, 11, 30, 18, 0))
        }
    );
    // And the other way round: Monday 10:00 in New York is Tuesday 00:00 in Tokyo.
    let ny_monday = at("America/New_York", 2026, 11, 30, 10, 0);
    assert_eq!(
        status(&office(), &[], &tokyo, ny_monday),
        Status::Closed {
            opens_at: Some(at("Asia/Tokyo", 2026, 12, 1, 9, 0))
        }
    );
}

#[test]
fn a_channel_closed_all_week_never_opens() {
    let hours = Hours::Weekly(Weekly::default());
    assert_eq!(
        status(&hours, &[], &FixedOffset(0), 0),
        Status::Closed { opens_at: None }
    );
}

#[test]
fn whole_days_merge_into_one_interval() {
    let hours = week(r#"{"mon":["00:00-24:00"],"tue":["00:00-24:00"]}"#);
    // Monday 2026-11-30 12:00 UTC
    let now = utc(2026, 11, 30, 12, 0);
    assert_eq!(
        status(&hours, &[], &FixedOffset(0), now),
        Status::Open {
            until: Some(utc(2026, 12, 2, 0, 0))
        }
    );
}

#[test]
fn bad_intervals_are_refused_with_the_value_named() {
    for bad in [
        "9:00-18:00",
        "09:00-18:60",
        "25:00-26:00",
        "09:00",
        "24:00-01:00",
        "10:00-10:00",
    ] {
        let err = Interval::parse(bad).unwrap_err();
        assert!(err.0.contains(bad), "{err} should name {bad}");
    }
    let overlap: Result<Weekly, _> =
        serde_json::from_str(r#"{"mon":["09:00-12:00","11:00-13:00"]}"#);
    assert!(overlap.unwrap_err().to_string().contains("overlap"));
    let unknown: Result<Weekly, _> = serde_json::from_str(r#"{"monday":["09:00-12:00"]}"#);
    assert!(unknown.unwrap_err().to_string().contains("monday"));
}

#[test]
fn weekly_hours_round_trip_through_json() {
    let w: Weekly =
        serde_json::from_str(r#"{"mon":["13:00-18:00","09:00-12:00"],"fri":["22:00-06:00"]}"#)
            .unwrap();
    assert_eq!(
        serde_json::to_string(&w).unwrap(),
        r#"{"mon":["09:00-12:00","13:00-18:00"],"fri":["22:00-06:00"]}"#
    );
}

#[test]
fn dates_convert_both_ways_and_know_their_weekday() {
    for days in -800_000..800_000i64 {
        if days % 997 == 0 {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
    }
    assert_eq!(Date::parse("2026-11-28").unwrap().weekday(), 5); // Saturday
    assert_eq!(
        Date::parse("2024-02-29").unwrap().add_days(1),
        Date::parse("2024-03-01").unwrap()
    );
    assert!(Date::parse("2026-02-29").is_none());
    assert!(Date::parse("2026-1-01").is_none());
}
