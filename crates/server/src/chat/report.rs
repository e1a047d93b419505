//! The chat report (R3, R14): for the conversations started in a period, how soon the team
//! first answered (median and 90th percentile), how many within the chat's promise, per agent
//! and per hour of the day in the site's time zone, and the visitors' ratings.
//!
//! The first response is counted from the visitor's first message to the team's first
//! reply; a conversation nobody answered counts as not answered within the promise.

use kefu_api::{ChatGroupStats, ChatReport};
use kefu_schedule::{local_at, Zone};

/// One conversation of the period, as the store reads it.
#[derive(Clone, Debug)]
pub struct ReportRow {
    pub created_at: i64,
    /// The visitor's first message (none: they never wrote).
    pub asked_at: Option<i64>,
    pub first_reply_at: Option<i64>,
    /// The agent who took it (display name, else e-mail address).
    pub agent: Option<String>,
    pub rating: Option<u8>,
}

/// The value below which `p` (0–1) of `sorted` lie (nearest rank).
fn percentile(sorted: &[i64], p: f64) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

fn response_ms(r: &ReportRow) -> Option<i64> {
    let asked = r.asked_at?;
    Some((r.first_reply_at? - asked).max(0))
}

fn group(label: String, rows: &[&ReportRow], promise_ms: i64) -> ChatGroupStats {
    let mut times: Vec<i64> = rows.iter().filter_map(|r| response_ms(r)).collect();
    times.sort_unstable();
    ChatGroupStats {
        label,
        conversations: rows.len() as u64,
        answered: times.len() as u64,
        within_promise: times.iter().filter(|t| **t <= promise_ms).count() as u64,
        first_response_p50_ms: percentile(&times, 0.5),
        first_response_p90_ms: percentile(&times, 0.9),
    }
}

/// The report of `rows` (conversations the visitor wrote in count; the others are only
/// counted as started).
pub fn build(rows: &[ReportRow], days: u32, promise_secs: u32, zone: &dyn Zone) -> ChatReport {
    let promise_ms = i64::from(promise_secs) * 1000;
    let asked: Vec<&ReportRow> = rows.iter().filter(|r| r.asked_at.is_some()).collect();
    let total = group(String::new(), &asked, promise_ms);

    let mut agents: Vec<String> = asked.iter().filter_map(|r| r.agent.clone()).collect();
    agents.sort();
    agents.dedup();
    let by_agent = agents
        .into_iter()
        .map(|a| {
            let mine: Vec<&ReportRow> = asked
                .iter()
                .copied()
                .filter(|r| r.agent.as_deref() == Some(a.as_str()))
                .collect();
            group(a, &mine, promise_ms)
        })
        .collect();

    let by_hour = (0..24u16)
        .filter_map(|h| {
            let in_hour: Vec<&ReportRow> = asked
                .iter()
                .copied()
                .filter(|r| local_at(zone, r.asked_at.unwrap_or(r.created_at)).minute / 60 == h)
                .collect();
            (!in_hour.is_empty()).then(|| group(format!("{h:02}:00"), &in_hour, promise_ms))
        })
        .collect();

    let mut csat_counts = [0u64; 5];
    for r in rows {
        if let Some(s @ 1..=5) = r.rating {
            csat_counts[usize::from(s) - 1] += 1;
        }
    }
    let ratings: u64 = csat_counts.iter().sum();
    let csat_average = (ratings > 0).then(|| {
        let sum: u64 = csat_counts
            .iter()
            .enumerate()
            .map(|(i, n)| (i as u64 + 1) * n)
            .sum();
        (sum as f64 / ratings as f64 * 100.0).round() / 100.0
    });
    ChatReport {
        days,
        promise_secs,
        started: rows.len() as u64,
        total,
        by_agent,
        by_hour,
        ratings,
        csat_average,
        csat_counts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kefu_schedule::FixedOffset;

    fn row(asked: i64, reply: Option<i64>, agent: Option<&str>, rating: Option<u8>) -> ReportRow {
        ReportRow {
            created_at: asked,
            asked_at: Some(asked),
            first_reply_at: reply,
            agent: agent.map(str::to_owned),
            rating,
        }
    }

    #[test]
    fn percentiles_promise_agents_hours_and_ratings() {
        const H: i64 = 3_600_000;
        // Ten conversations at 01:00 UTC (09:00 in UTC+8), answered after 1…10 s by two agents.
        let mut rows: Vec<ReportRow> = (1..=10)
            .map(|s| {
                let agent = if s % 2 == 0 { "Li" } else { "Ada" };
                row(H, Some(H + s * 1000), Some(agent), None)
            })
            .collect();
        // One nobody answered, at 02:30 UTC; one where the visitor never wrote.
        rows.push(row(2 * H + H / 2, None, None, Some(2)));
        rows.push(ReportRow {
            created_at: H,
            asked_at: None,
            first_reply_at: None,
            agent: None,
            rating: None,
        });
        rows[0].rating = Some(5);
        rows[1].rating = Some(4);
        let r = build(&rows, 30, 5, &FixedOffset(8 * 60));
        assert_eq!(r.started, 12);
        assert_eq!(r.total.conversations, 11);
        assert_eq!(r.total.answered, 10);
        assert_eq!(
            r.total.within_promise, 5,
            "1 … 5 s are within a 5 s promise"
        );
        assert_eq!(r.total.first_response_p50_ms, Some(5000));
        assert_eq!(r.total.first_response_p90_ms, Some(9000));
        let labels: Vec<&str> = r.by_agent.iter().map(|g| g.label.as_str()).collect();
        assert_eq!(labels, ["Ada", "Li"]);
        assert_eq!(r.by_agent[0].first_response_p50_ms, Some(5000)); // 1 3 5 7 9
        assert_eq!(r.by_agent[1].first_response_p50_ms, Some(6000)); // 2 4 6 8 10
        let hours: Vec<(&str, u64)> = r
            .by_hour
            .iter()
            .map(|g| (g.label.as_str(), g.conversations))
            .collect();
        assert_eq!(hours, [("09:00", 10), ("10:00", 1)]);
        assert_eq!(r.ratings, 3);
        assert_eq!(r.csat_counts, [0, 1, 0, 1, 1]);
        assert_eq!(r.csat_average, Some(3.67));
        // An empty period.
        let empty = build(&[], 7, 30, &FixedOffset(0));
        assert_eq!(empty.total.first_response_p50_ms, None);
        assert_eq!(empty.csat_average, None);
    }
}
