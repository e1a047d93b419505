//! The ticket report (R14, R15, R16, R18): per category and per priority, how many requests
//! came and were resolved, the share resolved by their due time, the median time to the first
//! reply and to resolution, how many open ones are overdue now, and satisfaction (average
//! rating and CSAT: the share of 4 and 5).

use crate::store::ReportRow;
use kefu_api::{Priority, TicketReport, TicketStats};
use std::collections::BTreeMap;

fn median(mut v: Vec<i64>) -> Option<i64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2
    })
}

fn pct(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| (1000.0 * part as f64 / whole as f64).round() / 10.0)
}

/// The figures of a group of tickets at `now`.
pub fn stats(key: &str, rows: &[&ReportRow], now: i64) -> TicketStats {
    let resolved: Vec<&&ReportRow> = rows.iter().filter(|r| r.resolved_at.is_some()).collect();
    let on_time = resolved
        .iter()
        .filter(|r| r.resolved_at.is_some_and(|at| at <= r.due_at))
        .count();
    let ratings: Vec<u8> = rows.iter().filter_map(|r| r.rating).collect();
    let satisfied = ratings.iter().filter(|s| **s >= 4).count();
    TicketStats {
        key: key.to_owned(),
        received: rows.len() as u32,
        resolved: resolved.len() as u32,
        on_time_pct: pct(on_time, resolved.len()),
        median_first_reply_ms: median(
            rows.iter()
                .filter_map(|r| r.first_reply_at.map(|f| f - r.created_at))
                .collect(),
        ),
        median_resolution_ms: median(
            resolved
                .iter()
                .filter_map(|r| r.resolved_at.map(|f| f - r.created_at))
                .collect(),
        ),
        overdue_open: rows
            .iter()
            .filter(|r| !r.status.is_done() && r.due_at <= now)
            .count() as u32,
        ratings: ratings.len() as u32,
        average_rating: (!ratings.is_empty()).then(|| {
            let sum: u32 = ratings.iter().map(|s| u32::from(*s)).sum();
            (100.0 * f64::from(sum) / ratings.len() as f64).round() / 100.0
        }),
        csat_pct: pct(satisfied, ratings.len()),
    }
}

pub fn report(rows: &[ReportRow], days: u32, now: i64) -> TicketReport {
    let all: Vec<&ReportRow> = rows.iter().collect();
    let mut by_category: BTreeMap<&str, Vec<&ReportRow>> = BTreeMap::new();
    for r in rows {
        by_category.entry(r.category.as_str()).or_default().push(r);
    }
    let by_priority = Priority::ALL
        .iter()
        .map(|p| {
            let group: Vec<&ReportRow> = rows.iter().filter(|r| r.priority == *p).collect();
            stats(p.as_str(), &group, now)
        })
        .filter(|s| s.received > 0)
        .collect();
    TicketReport {
        days,
        total: stats("", &all, now),
        by_category: by_category
            .into_iter()
            .map(|(k, group)| stats(k, &group, now))
            .collect(),
        by_priority,
        nps: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kefu_api::TicketStatus;

    const H: i64 = 3_600_000;

    fn row(
        category: &str,
        p: Priority,
        first: Option<i64>,
        resolved: Option<i64>,
        rating: Option<u8>,
    ) -> ReportRow {
        ReportRow {
            category: category.into(),
            priority: p,
            status: if resolved.is_some() {
                TicketStatus::Resolved
            } else {
                TicketStatus::InProgress
            },
            created_at: 0,
            due_at: 100 * H,
            first_reply_at: first,
            resolved_at: resolved,
            rating,
        }
    }

    #[test]
    fn figures_per_group_with_medians_on_time_share_and_csat() {
        let rows = vec![
            row("bug", Priority::Urgent, Some(H), Some(10 * H), Some(5)),
            row("bug", Priority::Normal, Some(3 * H), Some(200 * H), Some(2)),
            row(
                "question",
                Priority::Normal,
                Some(2 * H),
                Some(20 * H),
                Some(4),
            ),
            row("question", Priority::Low, None, None, None),
        ];
        let r = report(&rows, 90, 150 * H);
        assert_eq!(r.total.received, 4);
        assert_eq!(r.total.resolved, 3);
        // 10 h and 20 h were on time, 200 h was not.
        assert_eq!(r.total.on_time_pct, Some(66.7));
        assert_eq!(r.total.median_first_reply_ms, Some(2 * H));
        assert_eq!(r.total.median_resolution_ms, Some(20 * H));
        assert_eq!(r.total.overdue_open, 1);
        assert_eq!(r.total.ratings, 3);
        assert_eq!(r.total.average_rating, Some(3.67));
        assert_eq!(r.total.csat_pct, Some(66.7));
        let keys: Vec<&str> = r.by_category.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["bug", "question"]);
        assert_eq!(r.by_category[0].median_first_reply_ms, Some(2 * H));
        let keys: Vec<&str> = r.by_priority.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["urgent", "normal", "low"]);
        assert_eq!(r.by_priority[2].on_time_pct, None);
    }
}
