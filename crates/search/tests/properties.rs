//! Property tests over generated corpora: every article is found by its own question, by its
//! question with one typo in a long word, and by any two consecutive CJK characters of it.

use kefu_search::{Doc, Index};
use proptest::prelude::*;

fn word() -> impl Strategy<Value = String> {
    "[a-z]{4,11}"
}

/// A Chinese-looking phrase of 2–8 characters from the common Han block.
fn han() -> impl Strategy<Value = String> {
    proptest::collection::vec(0x4E00u32..0x9FA5, 2..8)
        .prop_map(|v| v.into_iter().filter_map(char::from_u32).collect())
}

fn corpus() -> impl Strategy<Value = Vec<Doc>> {
    proptest::collection::vec(
        (
            proptest::collection::vec(word(), 2..7),
            han(),
            proptest::collection::vec(word(), 3..20),
        ),
        2..40,
    )
    .prop_map(|docs| {
        docs.into_iter()
            .map(|(q, h, a)| Doc {
                question: format!("{} {h}", q.join(" ")),
                keywords: String::new(),
                answer: a.join(" "),
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_article_is_found_by_its_own_question(docs in corpus(), pick in any::<prop::sample::Index>()) {
        let i = pick.index(docs.len());
        let index = Index::build(&docs);
        // Another article may share the exact question; then either is right.
        let twin = |j: usize| docs[j].question == docs[i].question;
        let hits = index.search(&docs[i].question, 1);
        prop_assert!(twin(hits[0].doc), "{:?}", docs[i].question);
    }

    #[test]
    fn one_typo_in_a_long_word_still_finds_it(docs in corpus(), pick in any::<prop::sample::Index>(), at in any::<prop::sample::Index>()) {
        let i = pick.index(docs.len());
        let index = Index::build(&docs);
        let words: Vec<&str> = docs[i].question.split(' ').filter(|w| w.is_ascii()).collect();
        let long = words.iter().max_by_key(|w| w.len()).unwrap();
        prop_assume!(long.len() >= 5);
        let k = at.index(long.len());
        let typo: String = long.chars().enumerate().map(|(j, c)| if j == k { if c == 'z' { 'a' } else { 'z' } } else { c }).collect();
        prop_assume!(typo != **long);
        let hits = index.search(&format!("{typo} "), 10);
        prop_assert!(hits.iter().any(|h| h.doc == i), "{typo} for {long}");
    }

    #[test]
    fn any_two_consecutive_cjk_characters_find_it(docs in corpus(), pick in any::<prop::sample::Index>(), at in any::<prop::sample::Index>()) {
        let i = pick.index(docs.len());
        let index = Index::build(&docs);
        let han: Vec<char> = docs[i].question.chars().filter(|c| *c as u32 >= 0x4E00).collect();
        let k = at.index(han.len() - 1);
        let query: String = han[k..k + 2].iter().collect();
        prop_assert!(index.search(&query, 10).iter().any(|h| h.doc == i), "{query}");
    }
}
