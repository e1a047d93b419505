//! Kefu's FAQ search engine, shared by the widget (compiled to wasm) and the server.
//!
//! Text becomes search terms the same way for articles and for queries:
//! [`normalize`] folds width, case and Latin diacritics; [`tokenize`] splits by script —
//! words for alphabetic scripts, overlapping bigrams for Han and Kana (no dictionary needed,
//! so a Chinese or Japanese word is found in the middle of a sentence), and syllable bigrams
//! for Hangul. Every token keeps the byte range it came from, for highlighting. [`Index`]
//! ranks articles with BM25 over weighted fields, prefix matching of the word being typed and
//! typo tolerance (a swap of neighbouring letters counts as one edit). The index is built from
//! the FAQ payload where it is used (no serialized index is shipped); `cargo xtask bench
//! search` compares it with MiniSearch, FlexSearch and Fuse.js.

mod html;
mod index;
mod normalize;
#[rustfmt::skip]
mod tables;
mod tokenize;

pub use html::text_of_html;
pub use index::{Doc, Field, Hit, Index};
pub use normalize::{normalize, normalize_char};
pub use tokenize::{tokenize, Script, Token};
