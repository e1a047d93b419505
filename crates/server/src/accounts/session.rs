//! Session tokens: 256 random bits, given to the browser once in a `__Host-` cookie and stored
//! only as a SHA-256 hash.

use argon2::password_hash::rand_core::{OsRng, RngCore as _};
use sha2::{Digest as _, Sha256};

/// `__Host-`: the browser keeps it only if Secure, Path=/ and without Domain.
pub const SESSION_COOKIE: &str = "__Host-kefu_session";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A fresh token (64 hex characters).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// What the store keeps instead of the token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}
