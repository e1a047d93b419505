//! TLS by default (R19): the operator's certificate, or a self-signed one for localhost that is
//! generated on first start and kept in the data directory so browsers can be told to trust it.

use anyhow::Context as _;
use std::path::{Path, PathBuf};

/// PEM certificate chain and private key.
pub struct CertPair {
    pub cert_pem: Vec<u8>,
    pub key_pem: Vec<u8>,
    /// Where the certificate came from (logged at start).
    pub source: PathBuf,
}

/// The generated certificate's file names inside the data directory.
pub const GENERATED_CERT: &str = "tls/localhost-cert.pem";
pub const GENERATED_KEY: &str = "tls/localhost-key.pem";

/// Loads `cert`/`key` when both are given, else the generated localhost pair (created if absent).
pub fn load_or_generate(
    cert: Option<&Path>,
    key: Option<&Path>,
    data_dir: &Path,
) -> anyhow::Result<CertPair> {
    match (cert, key) {
        (Some(c), Some(k)) => Ok(CertPair {
            cert_pem: std::fs::read(c).with_context(|| format!("cannot read {}", c.display()))?,
            key_pem: std::fs::read(k).with_context(|| format!("cannot read {}", k.display()))?,
            source: c.to_path_buf(),
        }),
        (None, None) => generated(data_dir),
        _ => anyhow::bail!("give both --tls-cert and --tls-key, or neither"),
    }
}

fn generated(data_dir: &Path) -> anyhow::Result<CertPair> {
    let cert_path = data_dir.join(GENERATED_CERT);
    let key_path = data_dir.join(GENERATED_KEY);
    if cert_path.is_file() && key_path.is_file() {
        return Ok(CertPair {
            cert_pem: std::fs::read(&cert_path)?,
            key_pem: std::fs::read(&key_path)?,
            source: cert_path,
        });
    }
    let names = vec![
        "localhost".to_owned(),
        "127.0.0.1".to_owned(),
        "::1".to_owned(),
    ];
    let generated =
        rcgen::generate_simple_self_signed(names).context("cannot generate a certificate")?;
    let cert_pem = generated.cert.pem().into_bytes();
    let key_pem = generated.key_pair.serialize_pem().into_bytes();
    let dir = cert_path.parent().unwrap_or(data_dir);
    std::fs::create_dir_all(dir)?;
    write_private(&key_path, &key_pem)?;
    std::fs::write(&cert_path, &cert_pem)?;
    tracing::info!(cert = %cert_path.display(), "generated a self-signed certificate for localhost");
    Ok(CertPair {
        cert_pem,
        key_pem,
        source: cert_path,
    })
}

/// Writes a file readable by its owner only.
fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.mode(0o600);
    }
    opts.open(path)?.write_all(bytes)?;
    Ok(())
}
