//! The Net Promoter Score question (R14): "How likely are you to recommend us?" asked of
//! returning visitors at most once per site-configured interval.

use serde::{Deserialize, Serialize};

/// `GET /api/v1/sites/{site}/nps`: whether and how often the site asks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NpsConfig {
    /// Days between two questions to the same returning visitor.
    pub interval_days: u32,
}

/// `POST /api/v1/sites/{site}/nps` (with the visitor's token): one visitor's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NpsAnswer {
    /// 0 (not at all likely) to 10 (extremely likely).
    pub score: u8,
    /// The reason for the score, in the visitor's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The visitor's language.
    pub locale: String,
    /// The page the question was answered on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
}

/// One answer as the console lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NpsComment {
    pub at: i64,
    pub score: u8,
    pub comment: String,
    pub locale: String,
}

/// The answers of a period: NPS = % promoters (9–10) − % detractors (0–6), from −100 to 100.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NpsStats {
    pub responses: u32,
    pub promoters: u32,
    pub passives: u32,
    pub detractors: u32,
    /// `None` when nobody answered.
    pub score: Option<i32>,
    /// The newest answers that carry a comment (at most 20).
    pub comments: Vec<NpsComment>,
}

impl NpsStats {
    /// The figures of these scores (comments are added by the caller).
    pub fn of(scores: &[u8]) -> NpsStats {
        let promoters = scores.iter().filter(|s| **s >= 9).count() as u32;
        let detractors = scores.iter().filter(|s| **s <= 6).count() as u32;
        let responses = scores.len() as u32;
        NpsStats {
            responses,
            promoters,
            passives: responses - promoters - detractors,
            detractors,
            score: (responses > 0).then(|| {
                let diff = i64::from(promoters) - i64::from(detractors);
                (100.0 * diff as f64 / f64::from(responses)).round() as i32
            }),
            comments: vec![],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nps_is_promoters_minus_detractors() {
        // 3 promoters, 2 passives, 5 detractors of 10: 30 % − 50 % = −20.
        let s = NpsStats::of(&[10, 9, 9, 8, 7, 6, 5, 0, 3, 6]);
        assert_eq!((s.promoters, s.passives, s.detractors), (3, 2, 5));
        assert_eq!(s.score, Some(-20));
        assert_eq!(NpsStats::of(&[]).score, None);
        assert_eq!(NpsStats::of(&[10, 10]).score, Some(100));
    }
}
