//! Two-step verification (R20): TOTP per RFC 6238 (SHA-1, 6 digits, 30 s steps, ±1 step of
//! clock skew) with 160-bit secrets, the step of each accepted code remembered so no code works
//! twice, and ten one-time recovery codes stored as hashes.

use argon2::password_hash::rand_core::{OsRng, RngCore as _};
use totp_rs::{Algorithm, Secret, TOTP};

pub const STEP_SECS: u64 = 30;
pub const RECOVERY_CODES: usize = 10;
/// Shown in authenticator apps.
const ISSUER: &str = "Kefu";

/// A fresh secret, base32 as authenticator apps and `otpauth://` URIs write it.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20]; // 160 bits, RFC 4226's recommendation
    OsRng.fill_bytes(&mut bytes);
    match Secret::Raw(bytes.to_vec()).to_encoded() {
        Secret::Encoded(s) => s,
        Secret::Raw(_) => String::new(),
    }
}

fn totp(secret_b32: &str, account: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret_b32.to_owned()).to_bytes().ok()?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        STEP_SECS,
        bytes,
        Some(ISSUER.to_owned()),
        account.to_owned(),
    )
    .ok()
}

/// The `otpauth://totp/…` URI an authenticator app scans.
pub fn otpauth_url(secret_b32: &str, account: &str) -> Option<String> {
    Some(totp(secret_b32, account)?.get_url())
}

/// The time step whose code `code` is, if it is the code of the current step or one step
/// before or after it (clock skew); `None` otherwise.
pub fn matching_step(secret_b32: &str, code: &str, now_secs: u64) -> Option<u64> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = totp(secret_b32, "")?;
    let current = now_secs / STEP_SECS;
    let mut found = None;
    // Check every candidate (no early exit) so the time taken does not depend on which matched.
    for step in [current.saturating_sub(1), current, current + 1] {
        let expected = t.generate(step * STEP_SECS);
        let same = expected
            .bytes()
            .zip(code.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
        if same && found.is_none() {
            found = Some(step);
        }
    }
    found
}

/// The code for a given time (used by tests and the benchmark, never by the server).
pub fn code_at(secret_b32: &str, unix_secs: u64) -> Option<String> {
    Some(totp(secret_b32, "")?.generate(unix_secs))
}

/// Ten codes like `k7m2p-q9xrt`: 10 characters from a 31-letter unambiguous alphabet, ~50 bits.
pub fn new_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; 10];
            OsRng.fill_bytes(&mut bytes);
            let chars: String = bytes
                .iter()
                .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
                .collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

/// What is hashed and compared: lower case, without dashes and spaces.
pub fn normalise_recovery_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_have_160_bits_and_an_otpauth_uri() {
        let s = new_secret();
        assert_eq!(Secret::Encoded(s.clone()).to_bytes().unwrap().len(), 20);
        let url = otpauth_url(&s, "ana@example.com").unwrap();
        assert!(
            url.starts_with("otpauth://totp/Kefu:ana%40example.com?secret="),
            "{url}"
        );
        assert!(url.contains("issuer=Kefu"));
    }

    #[test]
    fn the_current_and_neighbouring_steps_match_and_older_ones_do_not() {
        // RFC 6238 appendix B secret ("12345678901234567890"), T = 59 s → 287082 (6 digits).
        let rfc = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        assert_eq!(code_at(rfc, 59).unwrap(), "287082");
        let now = 1_000_000_000;
        let step = now / STEP_SECS;
        for (offset, ok) in [(-2i64, false), (-1, true), (0, true), (1, true), (2, false)] {
            let t = ((step as i64 + offset) as u64) * STEP_SECS;
            let code = code_at(rfc, t).unwrap();
            assert_eq!(
                matching_step(rfc, &code, now).is_some(),
                ok,
                "offset {offset}"
            );
        }
        assert_eq!(matching_step(rfc, "12345", now), None);
        assert_eq!(matching_step(rfc, "abcdef", now), None);
    }

    #[test]
    fn recovery_codes_are_distinct_and_normalise() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        let mut uniq = codes.clone();
        uniq.sort();
        uniq.dedup();
        assert_eq!(uniq.len(), 10);
        assert_eq!(normalise_recovery_code(" K7M2P-q9xrt "), "k7m2pq9xrt");
    }
}
