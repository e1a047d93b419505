//! The Kefu server: the JSON API under `/api/v1`, the widget's loader and files, and the demo
//! page, over HTTPS. `main.rs` is only the command line; everything testable lives here.

pub mod accounts;
pub mod app;
pub mod assets;
pub mod chat;
pub mod cli;
pub mod error;
pub mod faq;
pub mod i18n;
pub mod mail;
pub mod routes;
pub mod serve;
pub mod site;
pub mod state;
pub mod store;
pub mod terms;
pub mod tickets;
pub mod tls;
pub mod web;

pub use app::app;
pub use error::ApiError;
pub use state::{App, AppState, Settings};
