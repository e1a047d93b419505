//! Unit tests of the FAQ model: validation with field paths, the per-locale payload and its
//! fallback, rendering on save, popular articles, search over a payload, the folder format.

use super::*;
use crate::site::demo_site;

fn site() -> SiteFile {
    let mut s = demo_site(&[]);
    s.locales = vec!["en".into(), "zh-CN".into(), "zh-TW".into(), "ja".into()];
    s
}

fn t(question: &str, answer: &str) -> Translation {
    Translation {
        question: question.into(),
        answer: answer.into(),
        keywords: vec![],
        html: String::new(),
    }
}

fn faq() -> Faq {
    let mut f = Faq {
        categories: vec![Category {
            id: "billing".into(),
            name: [
                ("en".to_owned(), "Billing".to_owned()),
                ("zh-CN".to_owned(), "账单".to_owned()),
            ]
            .into_iter()
            .collect(),
        }],
        articles: vec![
            Article {
                id: "refunds".into(),
                category: "billing".into(),
                status: Status::Published,
                translations: [
                    (
                        "en".to_owned(),
                        t("How do refunds work?", "Within **5 days**."),
                    ),
                    (
                        "zh-CN".to_owned(),
                        t("如何申请退款？", "5 个工作日内退款。"),
                    ),
                ]
                .into_iter()
                .collect(),
            },
            Article {
                id: "invoice".into(),
                category: "billing".into(),
                status: Status::Published,
                translations: [(
                    "en".to_owned(),
                    t("Where is my invoice?", "In your account."),
                )]
                .into_iter()
                .collect(),
            },
            Article {
                id: "hk-stores".into(),
                category: "billing".into(),
                status: Status::Published,
                translations: [(
                    "zh-TW".to_owned(),
                    t("香港門市可以退貨嗎？", "可以，請攜帶收據。"),
                )]
                .into_iter()
                .collect(),
            },
            Article {
                id: "secret".into(),
                category: "billing".into(),
                status: Status::Draft,
                translations: [("en".to_owned(), t("Unreleased", "Not yet."))]
                    .into_iter()
                    .collect(),
            },
        ],
    };
    f.render();
    f
}

#[test]
fn a_valid_faq_passes_and_problems_name_their_field() {
    let s = site();
    assert_eq!(faq().validate(&s), Ok(()));
    let mut f = faq();
    f.articles[1].category = "nope".into();
    let e = f.validate(&s).unwrap_err();
    assert_eq!(e.field, "articles[1].category");
    assert!(e.message.contains("nope"), "{}", e.message);
    let mut f = faq();
    f.articles[0]
        .translations
        .insert("ko".into(), t("환불", "네"));
    assert_eq!(
        f.validate(&s).unwrap_err().field,
        "articles[0].translations.ko"
    );
    let mut f = faq();
    f.articles[2].id = "refunds".into();
    assert_eq!(f.validate(&s).unwrap_err().field, "articles[2].id");
    let mut f = faq();
    f.articles[0].translations.get_mut("en").unwrap().question = "x".repeat(301);
    assert_eq!(
        f.validate(&s).unwrap_err().field,
        "articles[0].translations.en.question"
    );
    let mut f = faq();
    f.articles[0].translations.get_mut("en").unwrap().answer = " ".into();
    assert_eq!(
        f.validate(&s).unwrap_err().field,
        "articles[0].translations.en.answer"
    );
}

#[test]
fn missing_translations_fall_back_to_the_default_locale_and_say_so() {
    let s = site();
    let f = faq();
    let zh = payload(&s, &f, "zh-CN", &[]);
    let ids: Vec<&str> = zh.articles.iter().map(|a| a.id.as_str()).collect();
    // Drafts never; the Traditional-Chinese-only article is not shown in zh-CN (no default).
    assert_eq!(ids, ["refunds", "invoice"]);
    assert_eq!(zh.articles[0].question, "如何申请退款？");
    assert_eq!(zh.articles[0].fallback, None);
    assert_eq!(zh.articles[1].question, "Where is my invoice?");
    assert_eq!(zh.articles[1].fallback.as_deref(), Some("en"));
    assert_eq!(zh.categories[0].name, "账单");
    let tw = payload(&s, &f, "zh-TW", &[]);
    let ids: Vec<&str> = tw.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["refunds", "invoice", "hk-stores"]);
    assert_eq!(tw.articles[2].question, "香港門市可以退貨嗎？");
    assert_eq!(tw.articles[2].fallback, None);
    assert_eq!(tw.articles[0].fallback.as_deref(), Some("en"));
    // The category has no zh-TW name: the default locale's.
    assert_eq!(tw.categories[0].name, "Billing");
    let en = payload(&s, &f, "en", &[]);
    assert!(en.articles.iter().all(|a| a.id != "hk-stores"));
}

#[test]
fn answers_are_rendered_once_and_sanitized() {
    let f = faq();
    assert_eq!(
        f.articles[0].translations["en"].html,
        "<p>Within <strong>5 days</strong>.</p>\n"
    );
    let mut f = faq();
    f.articles[0].translations.get_mut("en").unwrap().answer =
        "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>".into();
    f.render();
    let html = &f.articles[0].translations["en"].html;
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("href=\"javascript"), "{html}");
    assert!(!html.contains("<img"), "{html}");
}

#[test]
fn popular_articles_come_from_views_then_the_list() {
    let s = site();
    let p = payload(
        &s,
        &faq(),
        "en",
        &["invoice".into(), "secret".into(), "gone".into()],
    );
    assert_eq!(p.popular, ["invoice", "refunds"]);
}

#[test]
fn search_finds_by_language_and_marks_fallbacks() {
    let s = site();
    let f = faq();
    let zh = payload(&s, &f, "zh-CN", &[]);
    let found = search(&zh, "退款", 5);
    assert_eq!(found[0].id, "refunds");
    assert!(!found[0].highlights.is_empty());
    let en = payload(&s, &f, "en", &[]);
    assert_eq!(search(&en, "refnd", 5)[0].id, "refunds");
    assert_eq!(search(&en, "invoic", 5)[0].id, "invoice");
    let tw = payload(&s, &f, "zh-TW", &[]);
    let found = search(&tw, "門市", 5);
    assert_eq!(found[0].id, "hk-stores");
    assert_eq!(search(&tw, "invoice", 5)[0].fallback.as_deref(), Some("en"));
}

#[test]
fn the_folder_format_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = faq();
    f.articles[0].translations.get_mut("en").unwrap().keywords =
        vec!["money back".into(), "return".into()];
    folder::write(&f, dir.path()).unwrap();
    assert!(dir.path().join("billing/refunds.zh-CN.md").is_file());
    let mut back = folder::read(dir.path()).unwrap();
    back.render();
    assert_eq!(back, f);
}

#[test]
fn a_folder_that_does_not_fit_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("categories.toml"),
        "[[category]]\nid = \"a\"\nname = { en = \"A\" }\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("a")).unwrap();
    std::fs::write(dir.path().join("a/x.en.md"), "no front matter").unwrap();
    let e = folder::read(dir.path()).unwrap_err();
    assert!(e.path.ends_with("x.en.md"), "{e}");
    std::fs::write(
        dir.path().join("a/x.en.md"),
        "+++\nquestion = \"Q\"\norder = 1\n+++\nA",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a/x.ja.md"),
        "+++\nquestion = \"Q\"\norder = 2\n+++\nA",
    )
    .unwrap();
    let e = folder::read(dir.path()).unwrap_err();
    assert!(e.message.contains("order"), "{e}");
    std::fs::write(
        dir.path().join("a/x.ja.md"),
        "+++\r\nquestion = \"質問\"\r\n+++\r\n答え\r\n",
    )
    .unwrap();
    let f = folder::read(dir.path()).unwrap();
    assert_eq!(f.articles[0].translations["ja"].answer, "答え");
    assert_eq!(f.articles[0].status, Status::Published);
}
