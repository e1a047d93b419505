//! The text of the sanitized answer HTML the server sends, for indexing: tags dropped (a space
//! where a block or line break was), the entities ammonia writes decoded. Not a general HTML
//! parser; its input is the server's own well-formed output.

/// Plain text of `html`.
pub fn text_of_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            if !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
            rest = &rest[end..];
        } else {
            let end = rest[..rest.len().min(12)].find(';');
            let decoded = end.and_then(|e| entity(&rest[1..e]).map(|c| (c, e + 1)));
            match decoded {
                Some((c, len)) => {
                    out.push(c);
                    rest = &rest[len..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    out.trim().to_owned()
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::text_of_html;

    fn words(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn tags_go_and_entities_are_decoded() {
        let html = "<p>Refunds take <strong>5&nbsp;days</strong>.</p><ul><li>card</li>\
                    <li>A &amp; B &lt;3 &#39;x&#x27;</li></ul>";
        assert_eq!(
            words(&text_of_html(html)),
            "Refunds take 5 days . card A & B <3 'x'"
        );
        assert_eq!(text_of_html("<p>退款&amp;退货</p>"), "退款&退货");
        assert_eq!(text_of_html("AT&T &bogus; &"), "AT&T &bogus; &");
    }
}
