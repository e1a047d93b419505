//! Normalization: Unicode NFKC (full-width Latin becomes ASCII, half-width katakana becomes
//! full-width), lower case, `ß` → `ss`, and Latin letters without their diacritics (`é` → `e`).
//! Kana and Hangul keep their marks: `が` is not `か`.

pub(crate) use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization as _;

fn is_latin(c: char) -> bool {
    matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF)
}

/// Joins a combining mark (the half-width dakuten of `ﾊﾟ`, say) with the character before it.
pub(crate) fn push_mark(out: &mut String, mark: char) {
    let composed = out
        .chars()
        .next_back()
        .and_then(|prev| unicode_normalization::char::compose(prev, mark));
    match composed {
        Some(c) => {
            out.pop();
            out.push(c);
        }
        None => out.push(mark),
    }
}

/// The normalized form of one character (empty for a lone combining mark).
pub fn normalize_char(c: char, out: &mut String) {
    for k in std::iter::once(c).nfkc() {
        for l in k.to_lowercase() {
            if l == 'ß' {
                out.push_str("ss");
            } else if is_latin(l) {
                out.extend(std::iter::once(l).nfd().filter(|m| !is_combining_mark(*m)));
            } else if is_combining_mark(l) && (l as u32) < 0x0370 {
                // A Latin combining accent typed on its own.
            } else if is_combining_mark(l) {
                push_mark(out, l);
            } else {
                out.push(l);
            }
        }
    }
}

/// `normalize_char` over a whole text.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        normalize_char(c, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn latin_is_folded_for_width_case_and_accents() {
        assert_eq!(normalize("Ｐａｓｓｗｏｒｄ"), "password");
        assert_eq!(normalize("Remboursé À NOËL"), "rembourse a noel");
        assert_eq!(normalize("Straße"), "strasse");
        assert_eq!(normalize("e\u{301}te\u{301}"), "ete");
        assert_eq!(normalize("Ｅ－ＭＡＩＬ"), "e-mail");
    }

    #[test]
    fn kana_width_is_folded_and_its_marks_kept() {
        assert_eq!(normalize("ﾊﾟｽﾜｰﾄﾞ"), "パスワード");
        assert_eq!(normalize("が"), "が");
        assert_ne!(normalize("が"), normalize("か"));
    }

    #[test]
    fn han_and_hangul_stay_as_they_are() {
        assert_eq!(normalize("退款"), "退款");
        assert_eq!(normalize("비밀번호"), "비밀번호");
        assert_eq!(normalize("１２３"), "123");
    }
}
