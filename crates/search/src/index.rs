//! The index and the query: BM25 over three weighted fields (question > keywords > answer),
//! exact words first, then the last word as a prefix (search as you type), then words within
//! one edit (from 4 letters) or two (from 8); Han, Kana and Hangul by bigrams, a single
//! character by the bigrams that hold it. Results carry the byte ranges of the question that
//! matched, for highlighting.

use crate::tokenize::{script_of as script_of_char, tokenize, Script, Token};
use std::collections::HashMap;

/// Which part of an article a term was found in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Question = 0,
    Keywords = 1,
    Answer = 2,
}

const FIELD_WEIGHT: [f32; 3] = [3.0, 2.0, 1.0];
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// How far a term may be from the query: exact, a prefix of the last word, or a typo.
const EXACT: f32 = 1.0;
const PREFIX: f32 = 0.8;
const FUZZY: f32 = 0.5;

/// One article as the index sees it: its text in one locale.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Doc {
    pub question: String,
    /// Keywords and synonyms, space separated.
    pub keywords: String,
    /// The answer as plain text (the Markdown without its markup).
    pub answer: String,
}

#[derive(Clone, Copy, Debug)]
struct Posting {
    doc: u32,
    field: u8,
    tf: u16,
}

/// An index over a list of [`Doc`]s; documents are named by their position.
#[derive(Debug, Default)]
pub struct Index {
    /// Terms in sorted order (prefix ranges by binary search) and their postings.
    terms: Vec<String>,
    postings: Vec<Vec<Posting>>,
    /// Tokens per document and field (BM25 length normalization).
    lengths: Vec<[u16; 3]>,
    average: [f32; 3],
    questions: Vec<String>,
    /// Each question normalized, for the exact-phrase bonus.
    normalized: Vec<String>,
    /// Per term: how many documents hold it, its length in characters, and whether it is a
    /// word (typo matching applies to words only).
    df: Vec<u32>,
    chars: Vec<u16>,
    word: Vec<bool>,
}

/// One hit: the document, its score, and the matched byte ranges of its question.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub doc: usize,
    pub score: f32,
    pub highlights: Vec<(usize, usize)>,
}

fn fields(doc: &Doc) -> [&str; 3] {
    [&doc.question, &doc.keywords, &doc.answer]
}

impl Index {
    pub fn build(docs: &[Doc]) -> Index {
        // Terms get ids in order of appearance; sorted once at the end.
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut lists: Vec<Vec<Posting>> = vec![];
        let mut lengths = Vec::with_capacity(docs.len());
        let mut totals = [0f64; 3];
        let mut field_terms: Vec<u32> = vec![];
        for (d, doc) in docs.iter().enumerate() {
            let mut len = [0u16; 3];
            for (f, text) in fields(doc).iter().enumerate() {
                let tokens = tokenize(text);
                len[f] = tokens.len().min(u16::MAX as usize) as u16;
                totals[f] += f64::from(len[f]);
                field_terms.clear();
                for t in tokens {
                    let next = ids.len() as u32;
                    let id = *ids.entry(t.text).or_insert_with(|| {
                        lists.push(vec![]);
                        next
                    });
                    field_terms.push(id);
                }
                field_terms.sort_unstable();
                for group in field_terms.chunk_by(|a, b| a == b) {
                    lists[group[0] as usize].push(Posting {
                        doc: d as u32,
                        field: f as u8,
                        tf: group.len().min(u16::MAX as usize) as u16,
                    });
                }
            }
            lengths.push(len);
        }
        let mut sorted: Vec<(String, u32)> = ids.into_iter().collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut postings = Vec::with_capacity(sorted.len());
        let mut terms = Vec::with_capacity(sorted.len());
        for (term, id) in sorted {
            terms.push(term);
            postings.push(std::mem::take(&mut lists[id as usize]));
        }
        let n = docs.len().max(1) as f64;
        let average = totals.map(|t| ((t / n) as f32).max(1.0));
        let df = postings
            .iter()
            .map(|list| {
                let mut docs: Vec<u32> = list.iter().map(|p| p.doc).collect();
                docs.dedup();
                docs.len() as u32
            })
            .collect();
        let chars = terms
            .iter()
            .map(|t| t.chars().count().min(u16::MAX as usize) as u16)
            .collect();
        let word = terms
            .iter()
            .map(|t| {
                t.chars()
                    .next()
                    .is_some_and(|c| script_of_char(c) == Some(Script::Word))
            })
            .collect();
        Index {
            normalized: docs.iter().map(|d| crate::normalize(&d.question)).collect(),
            questions: docs.iter().map(|d| d.question.clone()).collect(),
            terms,
            postings,
            lengths,
            average,
            df,
            chars,
            word,
        }
    }

    pub fn len(&self) -> usize {
        self.lengths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lengths.is_empty()
    }

    fn find(&self, term: &str) -> Option<usize> {
        self.terms.binary_search_by(|t| t.as_str().cmp(term)).ok()
    }

    /// Terms starting with `prefix` (the term itself excluded), at most `limit`.
    fn with_prefix(&self, prefix: &str, limit: usize) -> Vec<usize> {
        let start = self.terms.partition_point(|t| t.as_str() < prefix);
        (start..self.terms.len())
            .take_while(|&i| self.terms[i].starts_with(prefix))
            .filter(|&i| self.terms[i] != prefix)
            .take(limit)
            .collect()
    }

    /// Word terms within `max` edits of `word` (not `word` itself); with `prefix`, also terms
    /// that start with something within `max` edits of it (`refnd` finds `refunds`).
    fn near(&self, word: &str, max: usize, prefix: bool) -> Vec<usize> {
        let w: Vec<char> = word.chars().collect();
        let mut scratch = Scratch::default();
        (0..self.terms.len())
            .filter(|&i| {
                let n = usize::from(self.chars[i]);
                self.word[i]
                    && n + max >= w.len()
                    && (prefix || n <= w.len() + max)
                    && self.terms[i] != word
                    && within_with(&mut scratch, &w, &self.terms[i], max, prefix)
            })
            .collect()
    }

    /// The query's candidate terms, each with how much a match counts and which query part
    /// it answers (for the "all parts matched" bonus).
    fn expand(&self, query: &str) -> (Vec<(usize, f32, usize)>, usize) {
        let tokens = tokenize(query);
        let typing_last = !query.ends_with(|c: char| c.is_whitespace());
        let mut out = vec![];
        for (q, t) in tokens.iter().enumerate() {
            let last = q + 1 == tokens.len() && typing_last;
            if let Some(i) = self.find(&t.text) {
                out.push((i, EXACT, q));
            }
            match t.script {
                Script::Word => {
                    let len = t.text.chars().count();
                    if last {
                        for i in self.with_prefix(&t.text, 50) {
                            out.push((i, PREFIX, q));
                        }
                    }
                    let max = match len {
                        0..=3 => 0,
                        4..=7 => 1,
                        _ => 2,
                    };
                    if max > 0 {
                        for i in self.near(&t.text, max, last) {
                            out.push((i, FUZZY, q));
                        }
                    }
                }
                Script::Cjk | Script::Hangul if t.text.chars().count() == 1 => {
                    // One character: the bigrams that hold it.
                    for (i, term) in self.terms.iter().enumerate() {
                        if term.chars().count() == 2 && term.contains(t.text.as_str()) {
                            out.push((i, PREFIX, q));
                        }
                    }
                }
                Script::Cjk | Script::Hangul => {}
            }
        }
        (out, tokens.len())
    }

    /// The best `limit` documents for `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let (candidates, parts) = self.expand(query);
        if candidates.is_empty() {
            return vec![];
        }
        let n = self.len() as f32;
        // doc → (score, matched parts, matched terms)
        let mut scores: HashMap<u32, (f32, Vec<bool>, Vec<usize>)> = HashMap::new();
        for (term, weight, part) in candidates {
            let list = &self.postings[term];
            let df = self.df[term] as f32;
            let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
            for p in list {
                let f = p.field as usize;
                let len = f32::from(self.lengths[p.doc as usize][f]);
                let tf = f32::from(p.tf);
                let bm25 =
                    idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / self.average[f]));
                let e = scores
                    .entry(p.doc)
                    .or_insert_with(|| (0.0, vec![false; parts], vec![]));
                e.0 += bm25 * FIELD_WEIGHT[f] * weight;
                e.1[part] = true;
                if p.field == Field::Question as u8 {
                    e.2.push(term);
                }
            }
        }
        let normalized_query = crate::normalize(query.trim());
        let mut ranked: Vec<(u32, f32, Vec<usize>)> = scores
            .into_iter()
            .map(|(doc, (score, matched, terms))| {
                let coverage = matched.iter().filter(|m| **m).count() as f32 / parts.max(1) as f32;
                // Every part of the query matched counts most; the exact phrase even more.
                let mut s = score * (0.25 + coverage * coverage);
                if !normalized_query.is_empty()
                    && self.normalized[doc as usize].contains(&normalized_query)
                {
                    s *= 2.0;
                }
                (doc, s, terms)
            })
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(limit);
        // Highlights only for what is shown.
        ranked
            .into_iter()
            .map(|(doc, score, terms)| Hit {
                doc: doc as usize,
                score,
                highlights: highlights(&self.questions[doc as usize], &terms, &self.terms),
            })
            .collect()
    }
}

/// Byte ranges of `question` whose tokens are among the matched `terms`, merged.
fn highlights(question: &str, terms: &[usize], all: &[String]) -> Vec<(usize, usize)> {
    let wanted: std::collections::HashSet<&str> = terms.iter().map(|&i| all[i].as_str()).collect();
    let mut ranges: Vec<(usize, usize)> = tokenize(question)
        .into_iter()
        .filter(|t: &Token| wanted.contains(t.text.as_str()))
        .map(|t| (t.start, t.end))
        .collect();
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = vec![];
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// Buffers reused across the edit-distance checks of one query.
#[derive(Default)]
struct Scratch {
    b: Vec<char>,
    before: Vec<usize>,
    prev: Vec<usize>,
    cur: Vec<usize>,
}

/// Whether `b` (with `prefix`: some start of `b`) is within `max` edits of `a`, counting a
/// swap of two neighbouring letters as one edit (optimal string alignment), with an early exit.
#[cfg(test)]
fn within(a: &[char], b: &str, max: usize, prefix: bool) -> bool {
    within_with(&mut Scratch::default(), a, b, max, prefix)
}

fn within_with(s: &mut Scratch, a: &[char], b: &str, max: usize, prefix: bool) -> bool {
    s.b.clear();
    s.b.extend(b.chars());
    let n = s.b.len();
    s.before.clear();
    s.before.resize(n + 1, usize::MAX / 2);
    s.prev.clear();
    s.prev.extend(0..=n);
    s.cur.clear();
    s.cur.resize(n + 1, 0);
    let mut last_best = 0;
    for (i, ca) in a.iter().enumerate() {
        s.cur[0] = i + 1;
        let mut best = s.cur[0];
        for j in 0..n {
            let cost = usize::from(*ca != s.b[j]);
            let mut v = (s.prev[j] + cost).min(s.prev[j + 1] + 1).min(s.cur[j] + 1);
            if i > 0 && j > 0 && *ca == s.b[j - 1] && a[i - 1] == s.b[j] {
                v = v.min(s.before[j - 1] + 1);
            }
            s.cur[j + 1] = v;
            best = best.min(v);
        }
        // A swap reaches back two rows, so both must be out of reach to stop.
        if best > max && last_best > max {
            return false;
        }
        last_best = best;
        std::mem::swap(&mut s.before, &mut s.prev);
        std::mem::swap(&mut s.prev, &mut s.cur);
    }
    if prefix {
        s.prev.iter().any(|&d| d <= max)
    } else {
        s.prev[n] <= max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(q: &str, k: &str, a: &str) -> Doc {
        Doc {
            question: q.into(),
            keywords: k.into(),
            answer: a.into(),
        }
    }

    fn corpus() -> Vec<Doc> {
        vec![
            doc(
                "How do I reset my password?",
                "login sign in forgot",
                "Open the sign-in page and choose Forgot password.",
            ),
            doc(
                "How do I get a refund?",
                "money back return",
                "Refunds are paid to the card you used within 5 working days.",
            ),
            doc(
                "Where is my parcel?",
                "shipping delivery tracking",
                "Track your parcel with the link in the shipping e-mail.",
            ),
            doc(
                "如何申请退款？",
                "退钱 退货",
                "在订单页面点击申请退款，5 个工作日内原路退回。",
            ),
            doc(
                "忘记密码怎么办？",
                "登录",
                "在登录页点击忘记密码，按提示重设。",
            ),
            doc(
                "パスワードを忘れた場合は？",
                "ログイン",
                "ログイン画面の「パスワードをお忘れの方」から再設定できます。",
            ),
            doc(
                "비밀번호를 잊어버렸어요",
                "로그인",
                "로그인 화면에서 비밀번호 재설정을 누르세요.",
            ),
            doc(
                "返金はできますか？",
                "払い戻し",
                "ご購入から30日以内であれば返金いたします。",
            ),
        ]
    }

    fn first(index: &Index, q: &str) -> Option<usize> {
        index.search(q, 10).first().map(|h| h.doc)
    }

    #[test]
    fn each_language_finds_its_article_first() {
        let index = Index::build(&corpus());
        assert_eq!(first(&index, "退款"), Some(3));
        assert_eq!(first(&index, "パスワード"), Some(5));
        assert_eq!(first(&index, "비밀번호"), Some(6));
        assert_eq!(first(&index, "返金"), Some(7));
        assert_eq!(first(&index, "refund"), Some(1));
    }

    #[test]
    fn typos_and_unfinished_words_still_find_it() {
        let index = Index::build(&corpus());
        assert_eq!(first(&index, "pasword"), Some(0));
        assert_eq!(first(&index, "refnd"), Some(1));
        assert_eq!(
            first(&index, "how do I res"),
            Some(0),
            "the last word is a prefix"
        );
        assert_eq!(first(&index, "parcl trackng"), Some(2));
        assert!(index.search("xqzvw", 10).is_empty());
    }

    #[test]
    fn a_cjk_word_from_the_middle_of_a_sentence_and_a_single_character_match() {
        let index = Index::build(&corpus());
        assert_eq!(first(&index, "申请"), Some(3));
        assert_eq!(first(&index, "密码"), Some(4));
        assert!(index.search("款", 10).iter().any(|h| h.doc == 3));
    }

    #[test]
    fn the_matched_parts_of_the_question_are_given_for_highlighting() {
        let index = Index::build(&corpus());
        let hit = &index.search("reset password", 1)[0];
        let q = &corpus()[hit.doc].question;
        let parts: Vec<&str> = hit.highlights.iter().map(|(s, e)| &q[*s..*e]).collect();
        assert_eq!(parts, ["reset", "password"]);
        let hit = &index.search("退款", 1)[0];
        let q = &corpus()[hit.doc].question;
        assert_eq!(&q[hit.highlights[0].0..hit.highlights[0].1], "退款");
    }

    #[test]
    fn edit_distance_is_bounded() {
        let a: Vec<char> = "password".chars().collect();
        assert!(within(&a, "pasword", 1, false));
        assert!(within(&a, "passwrod", 2, false));
        assert!(!within(&a, "passport", 1, false));
        // A swap of neighbours is one typo.
        assert!(within(&a, "pasworsd", 2, false));
        assert!(within(&a, "psasword", 1, false));
        assert!(!within(&a, "psaswodr", 1, false));
        let a: Vec<char> = "refnd".chars().collect();
        assert!(!within(&a, "refunds", 1, false));
        assert!(within(&a, "refunds", 1, true));
        assert!(!within(&a, "reference", 1, true));
    }
}
