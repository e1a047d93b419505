//! Markdown answers → HTML the widget may show: rendered by pulldown-cmark, then cleaned by
//! ammonia. Raw HTML in the Markdown is not passed through; links are http, https or mailto
//! only and open safely (`rel="noopener noreferrer nofollow"`); no scripts, styles, frames,
//! forms or event handlers can survive.

use ammonia::Builder;
use kefu_api::FAQ_ANSWER_TAGS as TAGS;
use pulldown_cmark::{html, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

/// A heading's level in the widget, where the panel's title and its sections take h2 and h3
/// above the text: `#` becomes h3, `##` h4, and so on down to h6.
fn shifted(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H4,
        HeadingLevel::H3 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Safe HTML for an article answer or a site's terms.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    // Raw HTML in the source is shown as text, not interpreted; headings move below the
    // widget's own.
    let parser = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: shifted(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shifted(level))),
        other => other,
    });
    let mut raw = String::new();
    html::push_html(&mut raw, parser);
    clean(&raw)
}

fn clean(html: &str) -> String {
    let tags: HashSet<&str> = TAGS.into_iter().collect();
    let schemes: HashSet<&str> = ["http", "https", "mailto"].into_iter().collect();
    Builder::default()
        .tags(tags)
        .generic_attributes(HashSet::new())
        .tag_attributes(
            [("a", ["href"].into_iter().collect::<HashSet<_>>())]
                .into_iter()
                .collect(),
        )
        .url_schemes(schemes)
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_relative(ammonia::UrlRelative::Deny)
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn ordinary_markdown_becomes_html() {
        let html = render("**Refunds** take *5 working days*.\n\n- card\n- PayPal\n\n[Policy](https://example.com/refunds)");
        assert!(html.contains("<strong>Refunds</strong>"));
        assert!(html.contains("<li>PayPal</li>"));
        assert!(html.contains(r#"<a href="https://example.com/refunds" rel="noopener noreferrer nofollow">Policy</a>"#), "{html}");
        assert_eq!(
            render("# Refunds\n\n## By card"),
            "<h3>Refunds</h3>\n<h4>By card</h4>\n"
        );
        assert!(render("退款请联系 [客服](mailto:help@example.com)")
            .contains("mailto:help@example.com"));
    }

    #[test]
    fn nothing_live_survives() {
        let attacks = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "[data](data:text/html;base64,PHNjcmlwdD4=)",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<svg onload=alert(1)>",
            "<style>body{display:none}</style>",
            "[rel](/relative/path)",
            "![img](https://example.com/x.png)",
        ];
        for a in attacks {
            let html = render(a);
            // Every element is an allowed one; the rest is escaped text.
            for tag in html.split('<').skip(1) {
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                assert!(super::TAGS.contains(&name.as_str()), "{a} → {html}");
                assert!(
                    !["script", "iframe", "svg", "img", "style", "object", "embed"]
                        .contains(&name.as_str()),
                    "{a} → {html}"
                );
                // The only attribute is an absolute http(s) or mailto link.
                let attrs = tag.split('>').next().unwrap_or("");
                for attr in attrs.split_whitespace().skip(1) {
                    let ok = attr.starts_with("href=\"https://")
                        || attr.starts_with("href=\"http://")
                        || attr.starts_with("href=\"mailto:")
                        || attr.starts_with("rel=")
                        || attr.starts_with("noreferrer")
                        || attr.starts_with("nofollow");
                    assert!(ok, "{a} → {html}");
                }
            }
        }
        // Raw HTML is kept as visible text, not dropped silently.
        assert!(render("<script>alert(1)</script>").contains("&lt;script&gt;"));
    }
}
