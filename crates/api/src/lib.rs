//! Kefu wire types: the JSON the server sends and the widget and console read.
//!
//! Architecture invariant: this crate depends on serde (and the schedule maths whose types are
//! part of the wire format) only, so it builds for wasm32 and native alike and never drags a
//! server or UI framework into a client.

mod chat;
mod config;
mod error;
mod faq;
mod surveys;
mod terms;
mod tickets;

pub use chat::*;
pub use config::*;
pub use error::*;
pub use faq::*;
pub use kefu_schedule::{Date, Hours, Interval, Weekly};
pub use surveys::*;
pub use terms::*;
pub use tickets::*;

/// The path prefix of every JSON endpoint.
pub const API_PREFIX: &str = "/api/v1";
