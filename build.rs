//! Minifies `style/widget.css` into `OUT_DIR` (comments and layout whitespace removed), so the
//! CSS compiled into the wasm costs as few bytes as possible.

fn minify(css: &str) -> String {
    let mut no_comments = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        no_comments.push_str(&rest[..start]);
        rest = match rest[start + 2..].find("*/") {
            Some(end) => &rest[start + 2 + end + 2..],
            None => "",
        };
    }
    no_comments.push_str(rest);
    let mut out = String::with_capacity(no_comments.len());
    let mut pending_space = false;
    for c in no_comments.chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space {
            let last = out.chars().last();
            let tight = |ch: char| matches!(ch, '{' | '}' | ':' | ';' | ',' | '>');
            if !out.is_empty() && !tight(c) && !last.is_some_and(tight) {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c);
    }
    out.replace(";}", "}")
}

fn main() {
    println!("cargo::rerun-if-changed=style/widget.css");
    let css = std::fs::read_to_string("style/widget.css").expect("style/widget.css");
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(format!("{out}/widget.min.css"), minify(&css)).expect("write minified CSS");
}
