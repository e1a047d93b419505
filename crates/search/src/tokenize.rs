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

pub(crate) fn script_of(c: char) -> Option<Script> {
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

/// One normalized character of a run: its bytes in the run's text, and its source range.
struct Unit {
    from: usize,
    to: usize,
    start: usize,
    end: usize,
}

/// The tokens of one run of a script: `text` is the run's normalized text.
fn emit(out: &mut Vec<Token>, script: Script, text: &str, units: &[Unit]) {
    let (Some(first), Some(last)) = (units.first(), units.last()) else {
        return;
    };
    let token = |a: &Unit, b: &Unit| Token {
        text: text[a.from..b.to].to_owned(),
        script,
        start: a.start,
        end: b.end,
    };
    match script {
        Script::Word => out.push(token(first, last)),
        Script::Cjk | Script::Hangul if units.len() == 1 => out.push(token(first, first)),
        Script::Cjk | Script::Hangul => {
            for pair in units.windows(2) {
                out.push(token(&pair[0], &pair[1]));
            }
        }
    }
}

/// Splits `text` into search tokens, in order.
pub fn tokenize(text: &str) -> Vec<Token> {
    // Normalize character by character so every piece keeps its source range; a run's text
    // is built in one buffer (no allocation per character: this runs over every article).
    let mut out = vec![];
    let mut run = String::new();
    let mut units: Vec<Unit> = vec![];
    let mut script: Option<Script> = None;
    let mut norm = String::new();
    for (start, c) in text.char_indices() {
        let end = start + c.len_utf8();
        norm.clear();
        if c.is_ascii() {
            norm.push(c.to_ascii_lowercase());
        } else {
            normalize_char(c, &mut norm);
        }
        for n in norm.chars() {
            // A mark left over from a half-width kana (`ﾊﾟ`) joins the character before it.
            if is_combining_mark(n) {
                if let Some(last) = units.last_mut() {
                    push_mark(&mut run, n);
                    last.to = run.len();
                    last.end = end;
                }
                continue;
            }
            let s = script_of(n);
            if s != script {
                if let Some(done) = script {
                    emit(&mut out, done, &run, &units);
                }
                run.clear();
                units.clear();
                script = s;
            }
            if s.is_some() {
                let from = run.len();
                run.push(n);
                units.push(Unit {
                    from,
                    to: run.len(),
                    start,
                    end,
                });
            }
        }
    }
    if let Some(done) = script {
        emit(&mut out, done, &run, &units);
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
