//! The loader, the widget's hashed files and the demo page.

mod common;

use common::{Options, TestApp};
use reqwest::header;

/// A fake Trunk output folder with a glue file, its wasm and a brotli copy.
fn fake_dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("kefu-widget-abc123.js"),
        "export default function(){}",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("kefu-widget-abc123_bg.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("kefu-widget-abc123_bg.wasm.br"),
        b"brotli bytes",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("kefu-faq-def456.js"),
        "export function mount() {}",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("kefu-faq-def456_bg.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    std::fs::write(dir.path().join("secret.txt"), "not for the web").unwrap();
    dir
}

#[tokio::test]
async fn the_loader_names_the_hashed_widget_files_and_is_cached_briefly() {
    let dist = fake_dist();
    let app = TestApp::spawn_with(Options {
        assets_dir: Some(dist.path().into()),
        ..Options::default()
    })
    .await;
    let res = app.get("/kefu.js").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    assert_eq!(res.headers()[header::CACHE_CONTROL], "public, max-age=300");
    assert_eq!(res.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    let body = res.text().await.unwrap();
    assert!(body.contains(
        r#"{"js":"/widget/kefu-widget-abc123.js","wasm":"/widget/kefu-widget-abc123_bg.wasm","faq":{"js":"/widget/kefu-faq-def456.js","wasm":"/widget/kefu-faq-def456_bg.wasm"},"locales":{"zh-CN":"/widget/locale-zh-CN-"#
    ));
    assert!(!body.contains("__KEFU_MANIFEST__"));
}

/// The UI locales' texts named in the loader's manifest, as (tag, path).
async fn offered_locales(app: &TestApp) -> Vec<(String, String)> {
    let body = app.get("/kefu.js").await.text().await.unwrap();
    let start = body.find("var manifest = ").unwrap() + "var manifest = ".len();
    let end = start + body[start..].find(";\n").unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&body[start..end]).unwrap();
    manifest["locales"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect()
}

#[tokio::test]
async fn every_ui_locale_but_english_is_offered_as_one_hashed_fluent_file() {
    let dist = fake_dist();
    let app = TestApp::spawn_with(Options {
        assets_dir: Some(dist.path().into()),
        ..Options::default()
    })
    .await;
    let offered = offered_locales(&app).await;
    let tags: Vec<&str> = offered.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(tags, ["ar", "es", "fr", "ja", "ko", "zh-CN", "zh-TW"]);
    for (tag, path) in &offered {
        let res = app.get_with(path, header::ACCEPT_ENCODING, "br").await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(
            res.headers()[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(res.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
        assert_eq!(res.headers()[header::CONTENT_ENCODING], "br", "compressed");
        let text = app.get(path).await.text().await.unwrap();
        // The widget's texts and the help module's, in that language.
        assert!(text.contains("launcher-open = "), "{tag}");
        assert!(text.contains(&format!("help-locale = {tag}\n")), "{tag}");
    }
    let ar = &offered.iter().find(|(t, _)| t == "ar").unwrap().1;
    let text = app.get(ar).await.text().await.unwrap();
    assert!(text.contains("launcher-open = تواصل معنا"));
    // A name that is not the current hash is not served.
    let stale = ar.replace("locale-ar-", "locale-ar-0");
    assert_eq!(app.get(&stale).await.status(), 404);
    assert_eq!(app.get("/widget/locale-en.ftl").await.status(), 404);
}

#[tokio::test]
async fn widget_files_are_wasm_long_cached_precompressed_and_nothing_else_is_served() {
    let dist = fake_dist();
    let app = TestApp::spawn_with(Options {
        assets_dir: Some(dist.path().into()),
        ..Options::default()
    })
    .await;
    let wasm = app
        .get_with(
            "/widget/kefu-widget-abc123_bg.wasm",
            header::ACCEPT_ENCODING,
            "br",
        )
        .await;
    assert_eq!(wasm.status(), 200);
    assert_eq!(wasm.headers()[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(wasm.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(
        wasm.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(wasm.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    // The FAQ module is one of the built files too.
    let faq = app.get("/widget/kefu-faq-def456_bg.wasm").await;
    assert_eq!(faq.status(), 200);
    assert_eq!(faq.headers()[header::CONTENT_TYPE], "application/wasm");
    let js = app.get("/widget/kefu-widget-abc123.js").await;
    assert!(js.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .contains("javascript"));
    for path in [
        "/widget/secret.txt",
        "/widget/..%2Fsecret.txt",
        "/widget/kefu-widget-zzz.js",
    ] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn without_a_build_the_loader_still_answers_and_widget_files_say_why() {
    let app = TestApp::spawn().await;
    let body = app.get("/kefu.js").await.text().await.unwrap();
    assert!(body.contains("var manifest = null;"));
    let res = app.get("/widget/kefu-widget-abc123_bg.wasm").await;
    assert_eq!(res.status(), 503);
    assert_eq!(common::error_code(res).await, "widget_not_built");
}

#[tokio::test]
async fn the_demo_page_embeds_the_snippet_under_a_strict_csp() {
    let app = TestApp::spawn().await;
    let res = app.get("/demo").await;
    assert_eq!(res.status(), 200);
    let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("default-src 'none'"));
    assert!(!csp.contains("unsafe-inline"));
    let html = res.text().await.unwrap();
    let snippet = format!(
        r#"<script src="{}/kefu.js" data-site="demo" async></script>"#,
        app.base
    );
    assert!(html.contains(&snippet), "{html}");
}

#[tokio::test]
async fn the_console_page_allows_its_own_inline_bootstrap_by_hash_and_nothing_else() {
    use base64::Engine as _;
    use sha2::Digest as _;
    let console = tempfile::tempdir().unwrap();
    let bootstrap = "\nimport init from '/console/app.js';\nawait init();\n";
    std::fs::write(
        console.path().join("index.html"),
        format!("<!doctype html><head><script type=\"module\">{bootstrap}</script><script src=\"/console/x.js\"></script></head>"),
    )
    .unwrap();
    let app = TestApp::spawn_with(Options {
        console_dir: Some(console.path().to_path_buf()),
        ..Default::default()
    })
    .await;
    let res = app.get("/console/").await;
    assert_eq!(res.status(), 200);
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(res.headers()["x-frame-options"], "DENY");
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(bootstrap));
    assert!(
        csp.contains(&format!(
            "script-src 'self' 'sha256-{hash}' 'wasm-unsafe-eval'"
        )),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");

    // The settings' preview frame: framed by the console only, with the real loader.
    let res = app.get("/console/preview?site=demo").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["x-frame-options"], "SAMEORIGIN");
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"<script src="/kefu.js" data-site="demo" data-preview async>"#));
    let res = app.get("/console/preview?site=%22%3E%3Cscript%3E").await;
    assert_eq!(
        res.status(),
        404,
        "only a site id can be written into the page"
    );
}
