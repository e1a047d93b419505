//! Normalization: Unicode NFKC (full-width Latin becomes ASCII, half-width katakana becomes
//! full-width), lower case, `ß` → `ss`, and Latin letters without their diacritics (`é` → `e`).
//! Kana and Hangul keep their marks: `が` is not `か`.
//!
//! The widget downloads this engine, so the Unicode data is not the full normalization tables
//! (≈ 70 KB compressed) but the few it needs, generated into `tables.rs`: every character whose
//! result differs from plain lower-casing, the combining marks, and the compositions of a
//! character with a (non-Latin) mark. A test regenerates them from `unicode-normalization` and
//! checks every code point against the full algorithm; `KEFU_BLESS=1 cargo test -p
//! kefu-search tables` rewrites the file after a Unicode update.

use crate::tables::{COMBINING, COMPOSE, MAPPED, MAPPED_ENDS, MAPPED_POOL};

/// Whether `c` is a combining mark (general category M).
pub(crate) fn is_combining_mark(c: char) -> bool {
    let c = c as u32;
    COMBINING
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// The canonical composition of `prev` and a non-Latin `mark`, if there is one.
fn compose(prev: char, mark: char) -> Option<char> {
    let key = (prev as u32, mark as u32);
    COMPOSE
        .binary_search_by(|&(a, m, _)| (a, m).cmp(&key))
        .ok()
        .and_then(|i| char::from_u32(COMPOSE[i].2))
}

/// Joins a combining mark (the half-width dakuten of `ﾊﾟ`, say) with the character before it.
pub(crate) fn push_mark(out: &mut String, mark: char) {
    match out.chars().next_back().and_then(|prev| compose(prev, mark)) {
        Some(c) => {
            out.pop();
            out.push(c);
        }
        None => out.push(mark),
    }
}

/// The table's result for `c`, when it differs from lower-casing.
fn mapped(c: char) -> Option<&'static str> {
    let i = MAPPED.binary_search(&(c as u32)).ok()?;
    let start = if i == 0 {
        0
    } else {
        MAPPED_ENDS[i - 1] as usize
    };
    MAPPED_POOL.get(start..MAPPED_ENDS[i] as usize)
}

fn push_normalized(out: &mut String, n: char) {
    if (n as u32) >= 0x0370 && is_combining_mark(n) {
        push_mark(out, n);
    } else {
        out.push(n);
    }
}

/// The normalized form of one character (empty for a lone Latin combining accent).
pub fn normalize_char(c: char, out: &mut String) {
    match mapped(c) {
        Some(s) => s.chars().for_each(|n| push_normalized(out, n)),
        None => c.to_lowercase().for_each(|n| push_normalized(out, n)),
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
        assert_eq!(normalize("ﬁle Ⅻ ①"), "file xii 1");
    }

    #[test]
    fn kana_width_is_folded_and_its_marks_kept() {
        assert_eq!(normalize("ﾊﾟｽﾜｰﾄﾞ"), "パスワード");
        assert_eq!(normalize("が"), "が");
        assert_eq!(normalize("か\u{3099}"), "が");
        assert_ne!(normalize("が"), normalize("か"));
    }

    #[test]
    fn han_and_hangul_stay_as_they_are() {
        assert_eq!(normalize("退款"), "退款");
        assert_eq!(normalize("비밀번호"), "비밀번호");
        assert_eq!(normalize("１２３"), "123");
        // A CJK compatibility ideograph is its unified twin.
        assert_eq!(normalize("\u{F900}"), "\u{8C48}");
    }
}

/// The tables against the full algorithm (`unicode-normalization`), for every code point.
#[cfg(test)]
mod generated {
    use super::{compose, is_combining_mark, normalize_char};
    use std::fmt::Write as _;
    use unicode_normalization::char as un;
    use unicode_normalization::UnicodeNormalization as _;

    fn is_latin(c: char) -> bool {
        matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF)
    }

    /// The definition: NFKC, lower case, ß → ss, Latin without diacritics, Latin combining
    /// accents dropped, other marks composed with what comes before.
    fn reference(c: char, out: &mut String) {
        for k in std::iter::once(c).nfkc() {
            for l in k.to_lowercase() {
                if l == 'ß' {
                    out.push_str("ss");
                } else if is_latin(l) {
                    out.extend(
                        std::iter::once(l)
                            .nfd()
                            .filter(|m| !un::is_combining_mark(*m)),
                    );
                } else if un::is_combining_mark(l) && (l as u32) < 0x0370 {
                } else if un::is_combining_mark(l) {
                    match out.chars().next_back().and_then(|p| un::compose(p, l)) {
                        Some(x) => {
                            out.pop();
                            out.push(x);
                        }
                        None => out.push(l),
                    }
                } else {
                    out.push(l);
                }
            }
        }
    }

    fn all_chars() -> impl Iterator<Item = char> {
        (0..=0x10FFFFu32).filter_map(char::from_u32)
    }

    fn generate() -> String {
        let mut mapped = vec![];
        for c in all_chars() {
            let mut want = String::new();
            reference(c, &mut want);
            let lower: String = c.to_lowercase().collect();
            if want != lower {
                mapped.push((c as u32, want));
            }
        }
        let mut combining: Vec<(u32, u32)> = vec![];
        for c in all_chars().filter(|c| un::is_combining_mark(*c)) {
            let c = c as u32;
            match combining.last_mut() {
                Some(last) if last.1 + 1 == c => last.1 = c,
                _ => combining.push((c, c)),
            }
        }
        let mut pairs = vec![];
        for d in all_chars() {
            let full: Vec<char> = std::iter::once(d).nfd().collect();
            if full.len() < 2 {
                continue;
            }
            let mark = full[full.len() - 1];
            if (mark as u32) < 0x0370 || !un::is_combining_mark(mark) {
                continue;
            }
            let prefix: String = full[..full.len() - 1].iter().copied().nfc().collect();
            let mut it = prefix.chars();
            if let (Some(prev), None) = (it.next(), it.next()) {
                if un::compose(prev, mark) == Some(d) {
                    pairs.push((prev as u32, mark as u32, d as u32));
                }
            }
        }
        pairs.sort();
        pairs.dedup();
        let mut s = String::new();
        s.push_str("//! Generated by `KEFU_BLESS=1 cargo test -p kefu-search tables` from unicode-normalization\n");
        s.push_str("//! (see normalize.rs); do not edit.\n\n");
        let _ = writeln!(
            s,
            "/// Characters whose normalized form is not their lower case, sorted."
        );
        let _ = write!(s, "pub(crate) static MAPPED: [u32; {}] = [", mapped.len());
        for (i, (c, _)) in mapped.iter().enumerate() {
            if i % 10 == 0 {
                s.push_str("\n   ");
            }
            let _ = write!(s, " 0x{c:X},");
        }
        s.push_str("\n];\n\n");
        let _ = writeln!(
            s,
            "/// End of each `MAPPED` character's result in `MAPPED_POOL`."
        );
        let _ = write!(
            s,
            "pub(crate) static MAPPED_ENDS: [u16; {}] = [",
            mapped.len()
        );
        let mut pool = String::new();
        for (i, (_, out)) in mapped.iter().enumerate() {
            pool.push_str(out);
            if i % 12 == 0 {
                s.push_str("\n   ");
            }
            let _ = write!(s, " {},", pool.len());
        }
        assert!(pool.len() < 65536);
        s.push_str("\n];\n\n");
        let _ = writeln!(s, "/// The results, one after another.");
        s.push_str("pub(crate) static MAPPED_POOL: &str = \"");
        for (i, c) in pool.chars().enumerate() {
            if i % 40 == 0 && i > 0 {
                s.push_str("\\\n");
            }
            if c.is_ascii_graphic() && c != '"' && c != '\\' {
                s.push(c);
            } else {
                let _ = write!(s, "\\u{{{:X}}}", c as u32);
            }
        }
        s.push_str("\";\n\n");
        let _ = writeln!(
            s,
            "/// Combining marks (general category M) as inclusive ranges."
        );
        let _ = write!(
            s,
            "pub(crate) static COMBINING: [(u32, u32); {}] = [",
            combining.len()
        );
        for (i, (lo, hi)) in combining.iter().enumerate() {
            if i % 6 == 0 {
                s.push_str("\n   ");
            }
            let _ = write!(s, " (0x{lo:X}, 0x{hi:X}),");
        }
        s.push_str("\n];\n\n");
        let _ = writeln!(s, "/// (character, non-Latin mark, composed), sorted.");
        let _ = write!(
            s,
            "pub(crate) static COMPOSE: [(u32, u32, u32); {}] = [",
            pairs.len()
        );
        for (i, (a, m, d)) in pairs.iter().enumerate() {
            if i % 4 == 0 {
                s.push_str("\n   ");
            }
            let _ = write!(s, " (0x{a:X}, 0x{m:X}, 0x{d:X}),");
        }
        s.push_str("\n];\n");
        s
    }

    #[test]
    fn tables_are_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/tables.rs");
        let now = generate();
        if std::env::var_os("KEFU_BLESS").is_some() {
            std::fs::write(path, &now).unwrap();
        }
        let saved = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            saved == now,
            "src/tables.rs is out of date: run KEFU_BLESS=1 cargo test -p kefu-search tables"
        );
    }

    #[test]
    fn every_code_point_normalizes_as_the_full_algorithm_does() {
        for c in all_chars() {
            let (mut got, mut want) = (String::new(), String::new());
            normalize_char(c, &mut got);
            reference(c, &mut want);
            assert_eq!(got, want, "U+{:04X}", c as u32);
            assert_eq!(
                is_combining_mark(c),
                un::is_combining_mark(c),
                "U+{:04X}",
                c as u32
            );
        }
        // After a character: marks compose as the full algorithm composes them.
        for prev in ['か', 'ハ', 'ω', 'и', 'क', 'a'] {
            for mark in [
                '\u{3099}', '\u{309A}', '\u{301}', '\u{306}', '\u{93C}', '\u{345}',
            ] {
                let (mut got, mut want) = (prev.to_string(), prev.to_string());
                normalize_char(mark, &mut got);
                reference(mark, &mut want);
                assert_eq!(got, want, "{prev} + U+{:04X}", mark as u32);
            }
        }
        assert_eq!(compose('か', '\u{3099}'), Some('が'));
    }
}
