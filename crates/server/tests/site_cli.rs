//! `kefu site import` / `export`: the documented file round-trips; a bad file is refused with
//! the field named and nothing changed.

mod common;

use common::kefu_cli as kefu;

fn example() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/demo-site.toml"
    ))
    .unwrap()
}

#[test]
fn the_example_file_imports_and_exports_to_an_equivalent_file() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("site.toml");
    std::fs::write(&file, example().replace("id = \"demo\"", "id = \"shop\"")).unwrap();
    let out = kefu(data.path(), &["site", "import", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "created site `shop`"
    );

    let exported = kefu(data.path(), &["site", "export", "shop"]);
    assert!(exported.status.success());
    let text = String::from_utf8(exported.stdout).unwrap();
    let again = kefu_server::site::SiteFile::from_toml(&text).unwrap();
    let original = kefu_server::site::SiteFile::from_toml(&example()).unwrap();
    assert_eq!(again.channels, original.channels);
    assert_eq!(again.schedule, original.schedule);
    assert_eq!(again.id, "shop");

    let list = kefu(data.path(), &["site", "list"]);
    assert_eq!(String::from_utf8_lossy(&list.stdout).trim(), "shop");
}

#[test]
fn a_bad_file_names_the_field_and_changes_nothing() {
    let data = tempfile::tempdir().unwrap();
    let good = data.path().join("good.toml");
    std::fs::write(&good, example()).unwrap();
    assert!(
        kefu(data.path(), &["site", "import", good.to_str().unwrap()])
            .status
            .success()
    );
    let before = kefu(data.path(), &["site", "export", "demo"]).stdout;

    let cases = [
        (
            example().replace(
                "time_zone = \"Asia/Shanghai\"",
                "time_zone = \"Mars/Olympus\"",
            ),
            "time_zone",
        ),
        (
            example().replace("mon = [\"09:00-18:00\"]", "mon = [\"9-6\"]"),
            "schedule.weekly",
        ),
        (
            example().replace("kind = \"kakao\"", "kind = \"pager\""),
            "channels[7].kind",
        ),
        (
            example().replace(
                "href = \"https://line.me/R/ti/p/@kefudemo\"",
                "href = \"javascript:alert(1)\"",
            ),
            "channels[6].href",
        ),
        (
            example().replace("brand_color = \"#0b5cad\"", "brand_color = \"blue\""),
            "theme.brand_color",
        ),
        (
            example().replace(
                "default_locale = \"en\"",
                "default_locale = \"en\"\nsurprise = 1",
            ),
            "surprise",
        ),
        (example().replace("en = \"Kefu Demo Store\"\n", ""), "name"),
    ];
    for (text, field) in cases {
        let bad = data.path().join("bad.toml");
        std::fs::write(&bad, text).unwrap();
        let out = kefu(data.path(), &["site", "import", bad.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{field}: accepted");
        assert!(err.contains(field), "error should name {field}: {err}");
        assert_eq!(
            kefu(data.path(), &["site", "export", "demo"]).stdout,
            before,
            "{field}: site changed"
        );
    }
}

#[test]
fn the_identity_secret_is_made_once_shown_again_and_rotated_on_request() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("site.toml");
    std::fs::write(&file, example()).unwrap();
    assert!(
        kefu(data.path(), &["site", "import", file.to_str().unwrap()])
            .status
            .success()
    );
    let secret = |args: &[&str]| {
        let out = kefu(data.path(), args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
    let first = secret(&["site", "secret", "demo"]);
    assert_eq!(first.len(), 64);
    assert!(first.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(secret(&["site", "secret", "demo"]), first);
    let rotated = secret(&["site", "secret", "demo", "--rotate"]);
    assert_ne!(rotated, first);
    assert_eq!(secret(&["site", "secret", "demo"]), rotated);
    let unknown = kefu(data.path(), &["site", "secret", "nope"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no site is called `nope`"));
}
