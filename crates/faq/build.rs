//! Minifies the help module's style sheets (`src/faq.css`, `src/chat/chat.css`) into one, which
//! `ui.rs` embeds: comments and layout whitespace cost bytes in every visitor's download.

use std::path::Path;

/// Drops comments and collapses whitespace (outside strings) and the spaces around `{`, `}`,
/// `;`, `,` and `>`; the sheets are ours and plain, so nothing cleverer is needed.
fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => {
                quote = Some(c);
                out.push(c);
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for d in chars.by_ref() {
                    if last == '*' && d == '/' {
                        break;
                    }
                    last = d;
                }
            }
            c if c.is_whitespace() => {
                while chars.peek().is_some_and(|d| d.is_whitespace()) {
                    chars.next();
                }
                let next = chars.peek().copied().unwrap_or('{');
                let prev = out.chars().last().unwrap_or('{');
                // `a: b` in a declaration (not `a :hover` in a selector, nor a media query's
                // `(x: y)`, where the space is harmless anyway) loses its space too.
                let declaration = prev == ':' && depth_of(&out) > 0 && !in_parens(&out);
                if !declaration && !"{};,>".contains(prev) && !"{};,>".contains(next) && next != '/'
                {
                    out.push(' ');
                }
            }
            ';' if chars.clone().find(|d| !d.is_whitespace()) == Some('}') => {}
            c => out.push(c),
        }
    }
    out
}

/// How many blocks are open at the end of `css` (minified so far, comments gone).
fn depth_of(css: &str) -> i32 {
    css.chars().fold(0, |d, c| match c {
        '{' => d + 1,
        '}' => d - 1,
        _ => d,
    })
}

/// Whether a `(` is open at the end of the current declaration or selector.
fn in_parens(css: &str) -> bool {
    let tail = css.rsplit(['{', ';', '}']).next().unwrap_or("");
    tail.matches('(').count() > tail.matches(')').count()
}

fn main() {
    let mut css = String::new();
    for file in ["src/faq.css", "src/chat/chat.css"] {
        println!("cargo:rerun-if-changed={file}");
        css.push_str(&std::fs::read_to_string(file).expect("the help module's CSS"));
    }
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("help.css");
    std::fs::write(out, minify(&css)).expect("writing the minified CSS");
}
