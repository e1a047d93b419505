//! `kefu serve` as an operator runs it: it prints where it listens, serves, and shuts down
//! cleanly on SIGTERM.

/// Starts `kefu serve` on port 0 with `extra` flags; returns it and its first stdout line.
#[cfg(unix)]
fn serve(data: &std::path::Path, extra: &[&str]) -> (std::process::Child, String) {
    use std::io::{BufRead as _, BufReader};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_kefu"))
        .arg("--data-dir")
        .arg(data)
        .args(["serve", "--addr", "127.0.0.1:0", "--assets-dir"])
        .arg(data.join("no-dist"))
        .args(extra)
        .env("KEFU_LOG", "error")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (child, line)
}

/// SIGTERM; the exit must then be a clean one.
#[cfg(unix)]
fn terminate(mut child: std::process::Child) {
    let pid = child.id().to_string();
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "kefu exited with {exit}");
}

#[cfg(unix)]
#[test]
fn serve_announces_its_address_and_stops_cleanly_on_sigterm() {
    let data = tempfile::tempdir().unwrap();
    let (child, line) = serve(data.path(), &["--no-seed"]);
    assert!(
        line.starts_with("listening on https://localhost:"),
        "{line}"
    );
    assert!(data.path().join(kefu_server::tls::GENERATED_CERT).is_file());
    terminate(child);
}

#[test]
fn serve_help_documents_every_flag_with_its_environment_variable() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kefu"))
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for var in [
        "KEFU_ADDR",
        "KEFU_ASSETS_DIR",
        "KEFU_TLS_CERT",
        "KEFU_TLS_KEY",
        "KEFU_INSECURE_HTTP",
        "KEFU_PUBLIC_URL",
        "KEFU_NO_SEED",
        "KEFU_RATE_LIMIT_PER_MINUTE",
        "KEFU_MAX_BODY_BYTES",
        "KEFU_TRUST_FORWARDED_FOR",
        "KEFU_DATA_DIR",
        "KEFU_LOG_FORMAT",
        "KEFU_SESSION_IDLE_MINUTES",
        "KEFU_SESSION_MAX_HOURS",
        "KEFU_CONSOLE_DIR",
    ] {
        assert!(help.contains(var), "--help lacks {var}");
    }
}

#[cfg(unix)]
#[test]
fn plain_http_needs_the_explicit_flag_and_then_sends_no_hsts() {
    use std::io::{Read as _, Write as _};

    let data = tempfile::tempdir().unwrap();
    let (child, line) = serve(data.path(), &["--insecure-http"]);
    assert!(line.starts_with("listening on http://localhost:"), "{line}");
    assert!(
        !data.path().join(kefu_server::tls::GENERATED_CERT).exists(),
        "no certificate needed"
    );
    let port: u16 = line
        .rsplit("(port ")
        .next()
        .unwrap()
        .trim_end_matches([')', '\n'])
        .parse()
        .unwrap();
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(!response
        .to_ascii_lowercase()
        .contains("strict-transport-security"));
    terminate(child);
}
