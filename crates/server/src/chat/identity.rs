//! Verified visitors (R4). The host page passes `Kefu.identify({ id, name, email, signature })`
//! where `signature` is the hex HMAC-SHA256 of `id` under the site's identity secret, computed
//! by the site's own backend (the secret never reaches a browser). A verified visitor's
//! conversations are keyed by their id, so they find them on any device. An unsigned or wrongly
//! signed claim is never trusted: the visitor stays anonymous, and on a site that enforces
//! verification the claim is refused.

use crate::error::ApiError;
use hmac::{Hmac, Mac as _};
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;

/// What the host page claims about its visitor.
pub type Identity = kefu_api::Identity;

/// The name the site's secret is kept under in the server's key table.
pub fn secret_name(site: &str) -> String {
    format!("identity:{site}")
}

fn mac(secret: &[u8], id: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(id.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// `hex(HMAC-SHA256(secret, id))`, as the site's backend computes it.
pub fn sign(secret: &[u8], id: &str) -> String {
    mac(secret, id).iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `signature` is `id`'s, compared in constant time.
pub fn verify(secret: &[u8], id: &str, signature: &str) -> bool {
    let given: Option<Vec<u8>> = (signature.len() == 64)
        .then(|| {
            (0..64)
                .step_by(2)
                .map(|i| u8::from_str_radix(&signature[i..i + 2], 16).ok())
                .collect()
        })
        .flatten();
    match given {
        Some(g) => bool::from(g.ct_eq(&mac(secret, id))),
        None => false,
    }
}

/// The key a verified user's conversations are kept under (like an anonymous visitor's hash,
/// but from their id, so every device of theirs shares it).
pub fn user_key(site: &str, id: &str) -> String {
    let digest = Sha256::digest(format!("kefu-user\0{site}\0{id}"));
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// Who is talking: the visitor's key and, when verified, what the site says of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Who {
    pub key: String,
    pub verified: Option<Identity>,
    /// This browser's key (the hash of its token), verified or not: what its acceptance of
    /// the site's terms is recorded under.
    pub browser: String,
}

/// Decides who the visitor is from their token and an optional identity claim.
pub fn resolve(
    site: &str,
    secret: &[u8],
    enforce: bool,
    token: &str,
    claim: Option<&Identity>,
) -> Result<Who, ApiError> {
    let browser = crate::tickets::visitor_hash(site, token);
    let anonymous = || Who {
        key: browser.clone(),
        verified: None,
        browser: browser.clone(),
    };
    let Some(claim) = claim.filter(|c| !c.id.is_empty()) else {
        return Ok(anonymous());
    };
    if claim.id.len() <= 200 && verify(secret, &claim.id, &claim.signature) {
        return Ok(Who {
            key: user_key(site, &claim.id),
            verified: Some(claim.clone()),
            browser,
        });
    }
    if enforce {
        return Err(ApiError::Forbidden {
            code: "identity_not_verified",
            message: "the identity's signature is not the HMAC-SHA256 of its id with this \
                      site's secret"
                .into(),
        });
    }
    Ok(anonymous())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";
    const TOKEN: &str = "0123456789abcdef0123456789abcdef";

    fn claim(id: &str, signature: String) -> Identity {
        Identity {
            id: id.into(),
            name: Some("Ada".into()),
            email: None,
            signature,
        }
    }

    #[test]
    fn a_signed_id_is_verified_and_keyed_by_the_id() {
        // The value `echo -n u-42 | openssl dgst -sha256 -hmac secret` gives (README).
        assert_eq!(
            sign(b"secret", "u-42"),
            "d0ecf14751028cbb5ca05963c5b3c085017e613e44a37ec12412a911c35c7901"
        );
        let good = claim("u-42", sign(SECRET, "u-42"));
        let a = resolve("demo", SECRET, true, TOKEN, Some(&good)).unwrap();
        let b = resolve("demo", SECRET, true, &"f".repeat(32), Some(&good)).unwrap();
        assert_eq!(a.key, b.key, "another device of the same user");
        assert_eq!(a.verified.unwrap().name.as_deref(), Some("Ada"));
        assert_ne!(
            a.key,
            resolve("demo", SECRET, true, TOKEN, None).unwrap().key
        );
    }

    #[test]
    fn a_wrong_signature_is_refused_when_enforced_and_ignored_otherwise() {
        let mut sig = sign(SECRET, "u-42");
        sig.replace_range(0..1, if sig.starts_with('0') { "1" } else { "0" });
        for bad in [
            claim("u-42", sig),
            claim("u-42", sign(SECRET, "u-43")),
            claim("u-42", sign(b"another site's secret", "u-42")),
            claim("u-42", String::new()),
            claim("u-42", "zz".repeat(32)),
        ] {
            let e = resolve("demo", SECRET, true, TOKEN, Some(&bad)).unwrap_err();
            assert_eq!(e.code(), "identity_not_verified");
            let anon = resolve("demo", SECRET, false, TOKEN, Some(&bad)).unwrap();
            assert_eq!(anon.verified, None);
            assert_eq!(anon.key, crate::tickets::visitor_hash("demo", TOKEN));
        }
    }
}
