//! Passwords: the NIST/OWASP policy (8+ characters, at least 64 accepted, no composition rules,
//! common passwords refused) and argon2id hashing with the OWASP parameters, run on blocking
//! threads with bounded concurrency so a login burst cannot starve the runtime or the memory.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Shortest and longest password accepted (characters).
pub const MIN_LEN: usize = 8;
pub const MAX_LEN: usize = 256;

/// The most common passwords (and those a site owner is likely to try first), refused outright.
const COMMON: &[&str] = &[
    "password",
    "password1",
    "password123",
    "12345678",
    "123456789",
    "1234567890",
    "qwertyuiop",
    "qwerty123",
    "11111111",
    "00000000",
    "iloveyou",
    "abc12345",
    "abcd1234",
    "passw0rd",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "welcome1",
    "letmein1",
    "admin123",
    "administrator",
    "changeme",
    "trustno1",
    "superman",
    "starwars",
    "1q2w3e4r",
    "q1w2e3r4",
    "zaq12wsx",
    "asdfghjkl",
    "aa123456",
    "88888888",
    "987654321",
    "woaini1314",
    "kefu1234",
    "customer",
    "support1",
];

/// A password that meets the policy. Never printed: `Debug` hides it.
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("use at least {MIN_LEN} characters")]
    TooShort,
    #[error("use at most {MAX_LEN} characters")]
    TooLong,
    #[error("this password is among the most common ones; choose another")]
    Common,
}

impl Password {
    pub fn parse(s: &str) -> Result<Password, PasswordError> {
        let n = s.chars().count();
        if n < MIN_LEN {
            return Err(PasswordError::TooShort);
        }
        if n > MAX_LEN {
            return Err(PasswordError::TooLong);
        }
        if COMMON.contains(&s.to_lowercase().as_str()) {
            return Err(PasswordError::Common);
        }
        Ok(Password(s.to_owned()))
    }

    /// A random one-time password (20 characters from an unambiguous alphabet, ~100 bits).
    pub fn generate() -> Password {
        use argon2::password_hash::rand_core::RngCore as _;
        const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
        let mut bytes = [0u8; 20];
        OsRng.fill_bytes(&mut bytes);
        Password(
            bytes
                .iter()
                .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
                .collect(),
        )
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

fn argon2() -> Argon2<'static> {
    // OWASP: m = 19 MiB, t = 2, p = 1.
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes and verifies on blocking threads, at most `permits` at a time (each takes 19 MiB).
#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    /// Verified against when the account does not exist, so both paths cost the same.
    dummy: Arc<String>,
}

impl Hasher {
    pub fn new(permits: usize) -> Hasher {
        let dummy = hash_blocking("kefu-dummy-password-for-timing").unwrap_or_default();
        Hasher {
            permits: Arc::new(Semaphore::new(permits.max(1))),
            dummy: Arc::new(dummy),
        }
    }

    pub async fn hash(&self, password: &Password) -> anyhow::Result<String> {
        let _permit = self.permits.acquire().await?;
        let pw = password.0.clone();
        tokio::task::spawn_blocking(move || hash_blocking(&pw)).await?
    }

    /// Whether `password` matches `phc`; with `None` (no such account) it verifies against a
    /// dummy hash and answers `false`, taking the same time.
    pub async fn verify(&self, password: &str, phc: Option<&str>) -> anyhow::Result<bool> {
        let _permit = self.permits.acquire().await?;
        let known = phc.is_some();
        let phc = phc
            .map(str::to_owned)
            .unwrap_or_else(|| self.dummy.to_string());
        let pw = password.to_owned();
        let ok = tokio::task::spawn_blocking(move || {
            PasswordHash::new(&phc)
                .is_ok_and(|h| argon2().verify_password(pw.as_bytes(), &h).is_ok())
        })
        .await?;
        Ok(ok && known)
    }
}

pub fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_counts_characters_and_refuses_common_passwords() {
        assert_eq!(
            Password::parse("short").unwrap_err(),
            PasswordError::TooShort
        );
        assert!(
            Password::parse("长城长城长城长城").is_ok(),
            "8 characters, any script"
        );
        assert!(
            Password::parse(&"x".repeat(64)).is_ok(),
            "at least 64 accepted"
        );
        assert_eq!(
            Password::parse(&"x".repeat(257)).unwrap_err(),
            PasswordError::TooLong
        );
        assert_eq!(
            Password::parse("Password123").unwrap_err(),
            PasswordError::Common
        );
        assert!(
            Password::parse("correct horse battery staple").is_ok(),
            "no composition rules"
        );
        assert_eq!(
            format!("{:?}", Password::parse("secret-secret").unwrap()),
            "Password(…)"
        );
    }

    #[test]
    fn hashes_are_argon2id_with_the_owasp_parameters() {
        let phc = hash_blocking("correct horse").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
    }

    #[tokio::test]
    async fn verification_accepts_the_password_only_for_a_known_account() {
        let h = Hasher::new(2);
        let pw = Password::parse("correct horse").unwrap();
        let phc = h.hash(&pw).await.unwrap();
        assert!(h.verify("correct horse", Some(&phc)).await.unwrap());
        assert!(!h.verify("wrong horse", Some(&phc)).await.unwrap());
        assert!(!h
            .verify("kefu-dummy-password-for-timing", None)
            .await
            .unwrap());
        let generated = Password::generate();
        assert_eq!(generated.expose().len(), 20);
        assert!(Password::parse(generated.expose()).is_ok());
    }
}
