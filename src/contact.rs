//! The contact module: each channel with its link, whether it is open now (in the site's time
//! zone, holidays included), its promised response time (R3) and its hours in the visitor's
//! own time.

use crate::hours::{holiday_today, visitor_zone_name, week_rows, Formats, IntlZone};
use crate::i18n::{t, t_args, tr, Arg};
use crate::icons::channel_icon;
use kefu_api::{Channel, ChannelKind, Hours, WidgetConfig};
use kefu_schedule::{status, Date, Status};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use std::sync::Arc;

/// `aria-hidden` of decorations.
const HIDDEN: &str = "true";

/// "30 seconds", "1 minute", "24 hours" … in the locale.
pub fn duration_text(locale: &str, secs: u32) -> String {
    let (key, n) = if secs < 60 {
        ("duration-seconds", secs)
    } else if secs < 3600 {
        ("duration-minutes", secs.div_ceil(60))
    } else if secs < 2 * 86_400 {
        ("duration-hours", secs.div_ceil(3600))
    } else {
        ("duration-days", secs.div_ceil(86_400))
    };
    t_args(locale, key, &[("n", n.into())])
}

/// `parts` with `sep` between them (`[String]::join` costs the widget a KB of wasm).
fn joined(parts: &[String], sep: &str) -> String {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(p);
    }
    out
}

/// Zones that never change after the config arrives; not `Send`, so kept in the arena.
struct Zones {
    site: IntlZone,
    visitor: IntlZone,
}

#[component]
pub fn Channels(
    config: Arc<WidgetConfig>,
    locale: Signal<String>,
    now: Signal<i64>,
) -> impl IntoView {
    let zones = StoredValue::new_local(Zones {
        site: IntlZone::new(Some(&config.schedule.time_zone)),
        visitor: IntlZone::new(None),
    });
    let holidays: Arc<Vec<Date>> =
        Arc::new(config.schedule.holidays.iter().map(|h| h.date).collect());
    let items = config
        .channels
        .iter()
        .map(|ch| {
            view! {
                <ChannelItem
                    channel=ch.clone()
                    config=config.clone()
                    holidays=holidays.clone()
                    zones=zones
                    locale=locale
                    now=now
                />
            }
        })
        .collect_view();
    let heading = tr(locale, "panel-channels");
    view! {
        <section class="kefu-channels" aria-labelledby="kefu-channels-title">
            <h3 class="kefu-section-title" id="kefu-channels-title">{heading}</h3>
            <ul class="kefu-channel-list">{items}</ul>
        </section>
    }
}

#[component]
fn ChannelItem(
    channel: Channel,
    config: Arc<WidgetConfig>,
    holidays: Arc<Vec<Date>>,
    zones: StoredValue<Zones, LocalStorage>,
    locale: Signal<String>,
    now: Signal<i64>,
) -> impl IntoView {
    let kind = channel.kind;
    let hours = StoredValue::new((channel.hours.clone(), holidays.clone()));
    let current = move || {
        let now = now.get();
        hours.with_value(|(h, hol)| zones.with_value(|z| status(h, hol, &z.site, now)))
    };
    let is_open = move || current().is_open();
    let response = channel.response_secs;
    let cfg = config.clone();
    let status_text = move || {
        let loc = locale.get();
        let now = now.get();
        let formats = Formats::new(&loc);
        let mut parts = vec![];
        match current() {
            Status::Open { until: None } => parts.push(t(&loc, "channel-open-always")),
            Status::Open { .. } => parts.push(t(&loc, "channel-open-now")),
            Status::Closed { opens_at } => {
                let holiday = zones.with_value(|z| {
                    holiday_today(&cfg.schedule.holidays, &z.site, now).map(|h| h.name.clone())
                });
                parts.push(match holiday {
                    Some(name) if !name.is_empty() => t_args(
                        &loc,
                        "channel-closed-today-holiday",
                        &[("holiday", name.into())],
                    ),
                    _ => t(&loc, "channel-closed"),
                });
                parts.push(match opens_at {
                    Some(at) => {
                        let when = zones.with_value(|z| formats.when(&z.visitor, now, at));
                        t_args(&loc, "channel-opens-at", &[("when", when.into())])
                    }
                    None => t(&loc, "channel-never-opens"),
                });
            }
        }
        if let (Some(secs), true) = (response, current().is_open()) {
            let d = duration_text(&loc, secs);
            parts.push(t_args(
                &loc,
                "channel-replies-within",
                &[("duration", d.into())],
            ));
        }
        joined(&parts, " · ")
    };
    let chat_enabled = config.modules.chat;
    view! {
        <li class="kefu-channel" data-kind=kind.as_str() data-open=move || is_open().to_string()>
            {channel_action(channel.clone(), locale, chat_enabled)}
            <p class="kefu-status" class:kefu-status-open=is_open>
                // Not wholly literal, so not built from an HTML string (see `icons::close_icon`).
                <span class="kefu-dot" aria-hidden=HIDDEN></span>
                <span class="kefu-status-text">{status_text}</span>
            </p>
            {hours_details(channel.hours.clone(), channel.response_secs, holidays, zones, locale, now)}
            {channel.qr_url.clone().map(|path| qr_details(path, channel.label.clone(), locale))}
        </li>
    }
}

/// The channel's main element: a link, the chat entry, or plain text for QR-only channels.
fn channel_action(channel: Channel, locale: Signal<String>, chat_enabled: bool) -> impl IntoView {
    let kind = channel.kind;
    let action_key = match kind {
        ChannelKind::Phone => "kind-phone",
        ChannelKind::Email => "kind-email",
        ChannelKind::Chat => "kind-chat",
        ChannelKind::Wechat => "kind-wechat",
        ChannelKind::Whatsapp => "kind-whatsapp",
        ChannelKind::Telegram => "kind-telegram",
        ChannelKind::Line => "kind-line",
        ChannelKind::Kakao => "kind-kakao",
        ChannelKind::Link => "kind-link",
    };
    let value = channel.value.clone();
    // A chat entry that cannot be used yet promises nothing.
    let actionable = kind != ChannelKind::Chat || chat_enabled;
    let secondary = move || match (value.is_empty(), actionable) {
        (false, _) => value.clone(),
        (true, true) => t(&locale.get(), action_key),
        (true, false) => String::new(),
    };
    let body = view! {
        {channel_icon(kind)}
        <span class="kefu-channel-text">
            <span class="kefu-channel-label" dir="auto">{channel.label.clone()}</span>
            // A phone number reads left to right in every language ("+86 400…").
            <span class="kefu-channel-value" dir=if kind == ChannelKind::Phone { "ltr" } else { "auto" }>
                {secondary}
            </span>
        </span>
    };
    match (&channel.href, kind) {
        (Some(href), _) => {
            let external = href.starts_with("https:");
            EitherOf3::A(view! {
                <a
                    class="kefu-channel-action"
                    href=href.clone()
                    target=external.then_some("_blank")
                    rel=external.then_some("noopener noreferrer")
                >
                    {body}
                    {external.then(|| view! {
                        <span class="kefu-sr-only">{tr(locale, "opens-new-tab")}</span>
                    })}
                </a>
            })
        }
        (None, ChannelKind::Chat) if chat_enabled => EitherOf3::B(view! {
            <button type="button" class="kefu-channel-action">{body}</button>
        }),
        _ => EitherOf3::C(
            view! { <div class="kefu-channel-action kefu-channel-static">{body}</div> },
        ),
    }
}

fn hours_details(
    hours: Hours,
    response: Option<u32>,
    holidays: Arc<Vec<Date>>,
    zones: StoredValue<Zones, LocalStorage>,
    locale: Signal<String>,
    now: Signal<i64>,
) -> impl IntoView {
    let always = matches!(hours, Hours::Always);
    let rows = move || {
        let loc = locale.get();
        if always {
            return Either::Left(
                view! { <p class="kefu-hours-note">{t(&loc, "hours-always")}</p> },
            );
        }
        let formats = Formats::new(&loc);
        let rows = zones
            .with_value(|z| week_rows(&hours, &holidays, &z.site, &z.visitor, now.get(), &formats));
        let items = rows
            .into_iter()
            .enumerate()
            .map(|(i, row)| {
                let ranges = if row.ranges.is_empty() {
                    t(&loc, "hours-closed-day")
                } else {
                    let ranges = row
                        .ranges
                        .iter()
                        .map(|(s, e)| {
                            let args: [(&str, Arg); 2] = [
                                ("start", formats.time(*s).into()),
                                ("end", formats.time(*e).into()),
                            ];
                            t_args(&loc, "hours-range", &args)
                        })
                        .collect::<Vec<_>>();
                    joined(&ranges, ", ")
                };
                view! {
                    <li class="kefu-hours-row" aria-current=(i == 0).then_some("date")>
                        <span class="kefu-hours-day">{row.day}</span>
                        <span class="kefu-hours-ranges">{ranges}</span>
                    </li>
                }
            })
            .collect_view();
        let zone = visitor_zone_name();
        Either::Right(view! {
            <ul class="kefu-hours-list">{items}</ul>
            <p class="kefu-hours-note">{t_args(&loc, "hours-your-time", &[("zone", zone.into())])}</p>
        })
    };
    view! {
        <details class="kefu-details kefu-hours">
            <summary>{tr(locale, "hours-toggle")}</summary>
            {rows}
            // The promise (R3) stands whether the channel is open right now or not.
            {response.map(|secs| view! {
                <p class="kefu-hours-note kefu-promise">
                    {move || {
                        let loc = locale.get();
                        let d = duration_text(&loc, secs);
                        t_args(&loc, "hours-promise", &[("duration", d.into())])
                    }}
                </p>
            })}
        </details>
    }
}

fn qr_details(api_path: String, label: String, locale: Signal<String>) -> impl IntoView {
    let api = use_context::<crate::app::ApiBase>()
        .map(|a| a.0)
        .unwrap_or_default();
    let src = format!("{api}{api_path}");
    let l1 = label.clone();
    view! {
        <details class="kefu-details kefu-qr">
            <summary>{tr(locale, "qr-show")}</summary>
            <img
                class="kefu-qr-image"
                src=src
                width="160"
                height="160"
                alt=move || t_args(&locale.get(), "qr-alt", &[("channel", l1.clone().into())])
            />
            <p class="kefu-hours-note">
                {move || t_args(&locale.get(), "qr-hint", &[("channel", label.clone().into())])}
            </p>
        </details>
    }
}
