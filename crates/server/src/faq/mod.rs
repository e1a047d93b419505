//! The FAQ (issue 4, in progress): articles' Markdown answers rendered to safe HTML once, on
//! save (`markdown`). Storage, the published payload and the console editor follow.

pub mod markdown;
