//! Component tests in headless Chromium (wasm-bindgen-test): the browser's time zones, the
//! Fluent messages, and the widget mounted in a shadow root, driven by click and keyboard.

use kefu_schedule::Zone as _;
use kefu_widget::hours::IntlZone;
use kefu_widget::i18n::{self, negotiate, t};
use kefu_widget::{contact::duration_text, mount_into, BootOptions, Load};
use leptos::prelude::GetUntracked as _;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

wasm_bindgen_test_configure!(run_in_browser);

/// UTC milliseconds of a UTC wall time.
fn utc(y: i32, m: u8, d: u8, h: i64) -> i64 {
    let date = kefu_schedule::Date::new(y, m, d).unwrap();
    date.days_since_epoch() * 86_400_000 + h * 3_600_000
}

fn strip_isolation(s: &str) -> String {
    s.replace(['\u{2068}', '\u{2069}'], "")
}

#[wasm_bindgen_test]
fn the_browsers_zone_data_gives_real_offsets_including_dst() {
    let shanghai = IntlZone::new(Some("Asia/Shanghai"));
    assert_eq!(shanghai.offset_minutes(utc(2026, 1, 15, 12)), 480);
    let berlin = IntlZone::new(Some("Europe/Berlin"));
    assert_eq!(berlin.offset_minutes(utc(2026, 1, 15, 12)), 60);
    assert_eq!(berlin.offset_minutes(utc(2026, 7, 15, 12)), 120);
    // The spring-forward instant: 01:00 UTC on 29 March 2026.
    assert_eq!(berlin.offset_minutes(utc(2026, 3, 29, 0) + 59 * 60_000), 60);
    assert_eq!(berlin.offset_minutes(utc(2026, 3, 29, 1)), 120);
    let kolkata = IntlZone::new(Some("Asia/Kolkata"));
    assert_eq!(kolkata.offset_minutes(utc(2026, 7, 1, 0)), 330);
}

/// What the loader hands the widget: the locales the server offers (their texts are fetched);
/// here zh-CN's texts are added as if fetched.
fn offer_locales() {
    let offered: js_sys::Array = ["zh-CN", "zh-TW", "ja", "ar"]
        .iter()
        .map(|t| JsValue::from_str(t))
        .collect();
    i18n::offer(&offered);
    i18n::add("zh-CN", include_str!("../locales/zh-CN/widget.ftl"));
}

#[wasm_bindgen_test]
fn ui_locale_follows_the_visitor_then_the_site_default() {
    offer_locales();
    assert_eq!(negotiate(&["zh-CN".into()], "en"), "zh-CN");
    assert_eq!(negotiate(&["zh".into(), "en".into()], "en"), "zh-CN");
    assert_eq!(negotiate(&["en-GB".into()], "zh-CN"), "en");
    assert_eq!(negotiate(&["fr-FR".into()], "zh-CN"), "zh-CN");
    assert_eq!(negotiate(&["fr-FR".into()], "de"), "en");
    // Chinese by script: Hong Kong and Traditional read zh-TW.
    assert_eq!(negotiate(&["zh-HK".into()], "en"), "zh-TW");
    assert_eq!(negotiate(&["zh-Hant-TW".into()], "en"), "zh-TW");
    assert_eq!(negotiate(&["zh-SG".into()], "en"), "zh-CN");
    assert_eq!(negotiate(&["ja-JP".into(), "en".into()], "en"), "ja");
    assert_eq!(i18n::direction("ar"), "rtl");
    assert_eq!(i18n::direction("ja"), "ltr");
    // English is built in; the others are fetched when needed.
    assert!(i18n::loaded("en"));
    assert!(!i18n::loaded("ja"));
    assert_eq!(i18n::available(), ["en", "zh-CN", "zh-TW", "ja", "ar"]);
}

#[wasm_bindgen_test]
fn messages_come_from_fluent_with_plurals() {
    offer_locales();
    assert_eq!(t("zh-CN", "panel-close"), "关闭");
    assert_eq!(t("en", "panel-close"), "Close");
    assert_eq!(strip_isolation(&duration_text("en", 30)), "30 seconds");
    assert_eq!(strip_isolation(&duration_text("en", 60)), "1 minute");
    assert_eq!(strip_isolation(&duration_text("en", 86_400)), "24 hours");
    assert_eq!(strip_isolation(&duration_text("zh-CN", 30)), "30 秒");
}

#[wasm_bindgen_test]
fn the_hand_written_decoder_reads_what_the_servers_serde_writes() {
    use kefu_api::*;
    let weekly: Weekly =
        serde_json::from_str(r#"{"mon":["09:00-12:00","13:00-18:00"],"fri":["22:00-06:00"]}"#)
            .unwrap();
    let channel = |id: &str, kind, hours| Channel {
        id: id.into(),
        kind,
        label: format!("{id} label"),
        value: "v".into(),
        href: Some("https://example.com/".into()),
        qr_url: None,
        response_secs: Some(45),
        hours,
    };
    let mut channels: Vec<Channel> = ChannelKind::ALL
        .iter()
        .map(|k| channel(k.as_str(), *k, Hours::Weekly(weekly.clone())))
        .collect();
    channels.push(Channel {
        qr_url: Some("/api/v1/sites/s/channels/q/qr.svg".into()),
        href: None,
        response_secs: None,
        ..channel("always", ChannelKind::Wechat, Hours::Always)
    });
    let config = WidgetConfig {
        site: "s".into(),
        name: "Name".into(),
        locale: "zh-CN".into(),
        locales: vec!["en".into(), "zh-CN".into()],
        default_locale: "en".into(),
        greeting: "Hi".into(),
        modules: Modules {
            contact: true,
            faq: false,
            feedback: true,
            chat: false,
            surveys: true,
        },
        theme: Theme {
            brand_color: "#123456".into(),
            position: Position::Left,
            z_index: 77,
        },
        launcher_label: Some("Ask us".into()),
        on_brand_color: "#ffffff".into(),
        schedule: SiteSchedule {
            time_zone: "Asia/Tokyo".into(),
            holidays: vec![Holiday {
                date: kefu_schedule::Date::new(2026, 10, 1).unwrap(),
                name: "H".into(),
            }],
        },
        channels,
        fallback: vec!["greeting".into(), "channel:always".into()],
    };
    let json = serde_json::to_string(&config).unwrap();
    let value = js_sys::JSON::parse(&json).unwrap();
    assert_eq!(kefu_widget::decode::widget_config(&value), Some(config));
    // Something that is not a config is refused, not half-read.
    let broken =
        js_sys::JSON::parse(&json.replace("\"kind\":\"phone\"", "\"kind\":\"pager\"")).unwrap();
    assert_eq!(kefu_widget::decode::widget_config(&broken), None);
}

fn host() -> (HtmlElement, ShadowRoot) {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el: HtmlElement = doc
        .create_element("kefu-widget")
        .unwrap()
        .dyn_into()
        .unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    let root = el
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .unwrap();
    (el, root)
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

async fn wait_for(root: &ShadowRoot, selector: &str) -> HtmlElement {
    for _ in 0..200 {
        if let Some(el) = root.query_selector(selector).unwrap() {
            return el.dyn_into().unwrap();
        }
        sleep(25).await;
    }
    panic!("{selector} never appeared");
}

fn key(target: &HtmlElement, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn an_unreachable_server_shows_no_launcher_but_an_opened_panel_explains_and_closes() {
    let (_el, root) = host();
    let events = Rc::new(RefCell::new(Vec::<String>::new()));
    let sink = events.clone();
    let emit = Closure::<dyn Fn(String)>::new(move |ev: String| sink.borrow_mut().push(ev));
    let emit_fn: js_sys::Function = emit.as_ref().unchecked_ref::<js_sys::Function>().clone();
    emit.forget();
    let widget = mount_into(
        &root,
        BootOptions {
            api: "http://127.0.0.1:9".into(),
            site: "demo".into(),
            locale: Some("en".into()),
            emit: Some(emit_fn),
            preview: false,
            help: None,
            // The loader's `get`, on a port where nothing listens: a network failure.
            get: Some(js_sys::Function::new_with_args(
                "path",
                "return fetch('http://127.0.0.1:9' + path).then((r) => r.text().then((t) => [r.status, t]))",
            )),
            locales: JsValue::UNDEFINED,
        },
    )
    .unwrap();

    // Styles are adopted by the shadow root; nothing is added to the page's head.
    assert_eq!(root.adopted_style_sheets().length(), 2);
    let head = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .head()
        .unwrap();
    assert_eq!(head.query_selector_all("style").unwrap().length(), 0);

    // The fetch fails; no launcher is drawn for a widget that cannot work.
    for _ in 0..100 {
        if matches!(widget.load.get_untracked(), Load::Failed(_)) {
            break;
        }
        sleep(20).await;
    }
    assert!(matches!(widget.load.get_untracked(), Load::Failed(_)));
    assert!(root.query_selector(".kefu-launcher").unwrap().is_none());

    // The page's Kefu.open() still opens the dialog, which explains and offers a retry.
    widget.set_open(true);
    let panel = wait_for(&root, ".kefu-panel[role=dialog]").await;
    assert_eq!(panel.get_attribute("aria-modal").as_deref(), Some("true"));
    let alert = wait_for(&root, ".kefu-error[role=alert]").await;
    assert!(alert
        .text_content()
        .unwrap()
        .contains("could not load the contact options"));
    let retry = root.query_selector(".kefu-error button").unwrap().unwrap();
    assert_eq!(retry.text_content().as_deref(), Some("Try again"));
    sleep(50).await;
    assert!(
        root.active_element().is_some(),
        "focus moved into the dialog"
    );

    key(&panel, "Escape");
    sleep(50).await;
    assert!(
        root.query_selector(".kefu-panel").unwrap().is_none(),
        "Escape closes the panel"
    );
    assert!(!widget.is_open());
    assert_eq!(
        *events.borrow(),
        vec!["open".to_owned(), "close".to_owned()]
    );
}

#[wasm_bindgen_test]
async fn a_preview_widget_fetches_nothing_and_shows_the_config_it_is_handed() {
    let (_el, root) = host();
    let widget = mount_into(
        &root,
        BootOptions {
            api: "http://127.0.0.1:9".into(), // would fail, were it asked
            site: "demo".into(),
            locale: Some("en".into()),
            emit: None,
            preview: true,
            help: None,
            get: None,
            locales: JsValue::UNDEFINED,
        },
    )
    .unwrap();
    sleep(200).await;
    assert!(
        matches!(widget.load.get_untracked(), Load::Loading),
        "a preview never fetches its config"
    );
    let config = serde_json::json!({
        "site": "demo", "name": "Preview shop", "locale": "en", "locales": ["en"],
        "default_locale": "en", "greeting": "Unsaved greeting",
        "modules": {"contact": true, "faq": false, "feedback": false, "chat": false, "surveys": false},
        "theme": {"brand_color": "#aa3300", "position": "left", "z_index": 10},
        "launcher_label": "Ask us",
        "on_brand_color": "#ffffff",
        "schedule": {"time_zone": "Asia/Tokyo", "holidays": []},
        "channels": []
    });
    let value = js_sys::JSON::parse(&config.to_string()).unwrap();
    widget.show_config(&value);
    let launcher = wait_for(&root, ".kefu-launcher").await;
    assert_eq!(launcher.text_content().as_deref(), Some("Ask us"));
    widget.set_open(true);
    let greeting = wait_for(&root, ".kefu-greeting").await;
    assert_eq!(greeting.text_content().as_deref(), Some("Unsaved greeting"));
}
