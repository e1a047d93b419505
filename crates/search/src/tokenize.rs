//! Tokenization by script. Alphabetic text (Latin, Cyrillic, Greek, digits, …) gives words;
//! Han and Kana give overlapping bigrams of a run (`退款申请` → `退款`, `款申`, `申请`), or the
//! character itself for a run of one; Hangul gives syllable bigrams within a word. Tokens are
//! normalized ([`crate::normalize`]) and carry the byte range of the original text.

use crate::normalize::{is_combining_mark, normalize_char, push_mark};

/// What kind of run a token came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    /// Words of alphabetic scripts and numbers.
    Word,
    /// Han and Kana (Chinese, Japanese).
    Cjk,
    /// Hangul (Korean).
    Hangul,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Normalized text of the token.
    pub text: String,
    pub script: Script,
    /// Byte range in the original text.
    pub start: usize,
    pub end: usize,
}

fn script_of(c: char) -> Option<Script> {
    match c as u32 {
        0x3040..=0x30FF
        | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3134F => Some(Script::Cjk),
        0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => Some(Script::Hangul),
        _ if c.is_alphanumeric() => Some(Script::Word),
        _ => None,
    }
}

/// One normalized character with its source range.
struct Unit {
    text: String,
    script: Script,
    start: usize,
    end: usize,
}

/// Splits `text` into search tokens, in order.
pub fn tokenize(text: &str) -> Vec<Token> {
    // Normalize character by character so every piece keeps its source range.
    let mut runs: Vec<Vec<Unit>> = vec![];
    let mut run: Vec<Unit> = vec![];
    for (start, c) in text.char_indices() {
        let end = start + c.len_utf8();
        let mut norm = String::new();
        normalize_char(c, &mut norm);
        for n in norm.chars() {
            // A mark left over from a half-width kana (`ﾊﾟ`) joins the character before it.
            if is_combining_mark(n) {
                if let Some(last) = run.last_mut() {
                    push_mark(&mut last.text, n);
                    last.end = end;
                }
                continue;
            }
            let script = script_of(n);
            let same = run.last().map(|u| Some(u.script)) == Some(script);
            if !same && !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
            if let Some(script) = script {
                run.push(Unit {
                    text: n.to_string(),
                    script,
                    start,
                    end,
                });
            }
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    let mut out = vec![];
    for run in runs {
        let script = run[0].script;
        let span = |a: &Unit, b: &Unit, text: String| Token {
            text,
            script,
            start: a.start,
            end: b.end,
        };
        match script {
            Script::Word => {
                let text: String = run.iter().map(|u| u.text.as_str()).collect();
                out.push(span(&run[0], &run[run.len() - 1], text));
            }
            Script::Cjk | Script::Hangul if run.len() == 1 => {
                out.push(span(&run[0], &run[0], run[0].text.clone()));
            }
            Script::Cjk | Script::Hangul => {
                for pair in run.windows(2) {
                    out.push(span(
                        &pair[0],
                        &pair[1],
                        format!("{}{}", pair[0].text, pair[1].text),
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn alphabetic_text_gives_normalized_words() {
        assert_eq!(
            texts("How do I reset my Password?"),
            ["how", "do", "i", "reset", "my", "password"]
        );
        assert_eq!(
            texts("Réinitialiser le mot-de-passe"),
            ["reinitialiser", "le", "mot", "de", "passe"]
        );
        assert_eq!(texts("Сброс пароля"), ["сброс", "пароля"]);
        assert_eq!(texts("order #12345"), ["order", "12345"]);
    }

    #[test]
    fn chinese_and_japanese_give_overlapping_bigrams() {
        assert_eq!(
            texts("如何申请退款？"),
            ["如何", "何申", "申请", "请退", "退款"]
        );
        assert_eq!(
            texts("パスワードを忘れた"),
            ["パス", "スワ", "ワー", "ード", "ドを", "を忘", "忘れ", "れた"]
        );
        assert_eq!(texts("款"), ["款"]);
        // Latin inside CJK text splits the runs.
        assert_eq!(texts("用PayPal退款"), ["用", "paypal", "退款"]);
    }

    #[test]
    fn korean_gives_syllable_bigrams_per_word() {
        assert_eq!(
            texts("비밀번호를 잊었어요"),
            ["비밀", "밀번", "번호", "호를", "잊었", "었어", "어요"]
        );
        assert_eq!(texts("앱"), ["앱"]);
    }

    #[test]
    fn tokens_point_back_at_the_original_text() {
        let text = "Ｒｅｆｕｎｄ 退款";
        let tokens = tokenize(text);
        assert_eq!(tokens[0].text, "refund");
        assert_eq!(&text[tokens[0].start..tokens[0].end], "Ｒｅｆｕｎｄ");
        assert_eq!(&text[tokens[1].start..tokens[1].end], "退款");
        let half = "ﾊﾟｽ";
        let t = tokenize(half);
        assert_eq!(t[0].text, "パス");
        assert_eq!(&half[t[0].start..t[0].end], "ﾊﾟｽ");
    }
}
